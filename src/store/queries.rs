//! The queries on an open transaction: policy versions, tickets with their
//! summaries, and the append-only event log. Statements are cached and every
//! value is a bound parameter.

use anyhow::{Context, Result, bail};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Params, Row, params, params_from_iter};

use super::{
    EventRow, NewEvent, NewTicket, PolicyVersion, Summary, TicketFilter, TicketId, TicketRow,
};

const TICKET_COLUMNS: &str = "t.id, t.kind, t.severity, t.title, t.customer, t.service, \
     t.reported_at, t.opened_at, t.policy_version, t.state, t.current_severity, \
     t.escalation_level, t.last_event_at, t.resolved_at";

const EVENT_COLUMNS: &str = "e.id, e.ticket_id, e.at, e.recorded_at, e.\"by\", e.kind, \
     e.severity, e.level, e.next_update, e.reason, e.text, e.policy_version";

/// The same columns with the free text left out (see `TicketFilter::brief`).
/// Every column here is in the `events_by_ticket` index, so the events are
/// read from the index alone (see `brief_event_from_row`).
const BRIEF_EVENT_COLUMNS: &str =
    "e.id, e.ticket_id, e.at, e.kind, e.severity, e.level, e.next_update";

/// The event kinds slaclock writes; rows borrow these instead of allocating.
const KINDS: [&str; 10] = [
    "opened",
    "updated",
    "waiting",
    "resumed",
    "escalated",
    "severity",
    "resolved",
    "reopened",
    "note",
    "policy",
];

/// Ticket kinds and states, borrowed the same way.
const TICKET_WORDS: [&str; 6] = [
    "incident",
    "provisioning",
    "inquiry",
    "open",
    "waiting",
    "resolved",
];

fn kind_at(r: &Row, i: usize) -> rusqlite::Result<std::borrow::Cow<'static, str>> {
    word_at(r, i, &KINDS)
}

/// A column holding one of a few known words, borrowed when it is one.
fn word_at(
    r: &Row,
    i: usize,
    words: &[&'static str],
) -> rusqlite::Result<std::borrow::Cow<'static, str>> {
    let text = r.get_ref(i)?.as_str()?;
    Ok(match words.iter().find(|k| **k == text) {
        Some(k) => std::borrow::Cow::Borrowed(k),
        None => std::borrow::Cow::Owned(text.to_string()),
    })
}

/// A transaction on the ticket log, handed out by `Store::read` and
/// `Store::write`.
pub struct Tx<'a> {
    conn: &'a Connection,
}

impl<'a> Tx<'a> {
    pub(super) fn new(conn: &'a Connection) -> Self {
        Tx { conn }
    }

    /// The id of the policy version with this hash, stored now if new.
    pub fn policy_version(&self, hash: &str, text: &str, now: i64) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO policy_versions (hash, text, first_seen) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (hash) DO NOTHING",
            )?
            .execute(params![hash, text, now])?;
        let id = self
            .conn
            .prepare_cached("SELECT id FROM policy_versions WHERE hash = ?1")?
            .query_row([hash], |r| r.get(0))?;
        Ok(id)
    }

    /// The text of a stored policy version.
    pub fn policy_text(&self, id: i64) -> Result<String> {
        let text = self
            .conn
            .prepare_cached("SELECT text FROM policy_versions WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match text {
            Some(text) => Ok(text),
            None => bail!("policy version {id} is missing from the ticket log"),
        }
    }

    /// Every stored policy version, oldest first.
    pub fn policy_versions(&self) -> Result<Vec<PolicyVersion>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, hash, text, first_seen FROM policy_versions ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(PolicyVersion {
                id: r.get(0)?,
                hash: r.get(1)?,
                text: r.get(2)?,
                first_seen: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a new ticket (state "open", level 0) and its "opened" event.
    pub fn insert_ticket(&self, t: &NewTicket) -> Result<TicketId> {
        self.conn
            .prepare_cached(
                "INSERT INTO tickets (kind, severity, title, customer, service, reported_at, \
                 opened_at, policy_version, state, current_severity, escalation_level, \
                 last_event_at, resolved_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?2, 0, ?6, NULL)",
            )?
            .execute(params![
                t.kind,
                t.severity,
                t.title,
                t.customer,
                t.service,
                t.reported_at,
                t.opened_at,
                t.policy_version,
            ])
            .with_context(|| format!("cannot record the ticket {:?}", t.title))?;
        let id = TicketId(self.conn.last_insert_rowid());
        self.append_event(&NewEvent {
            ticket: id,
            at: t.reported_at,
            recorded_at: t.opened_at,
            by: t.by.clone(),
            kind: "opened".into(),
            severity: t.severity,
            level: None,
            next_update: None,
            reason: None,
            text: t.text.clone(),
            policy_version: Some(t.policy_version),
        })?;
        Ok(id)
    }

    /// One ticket, if it exists.
    pub fn ticket(&self, id: TicketId) -> Result<Option<TicketRow>> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id.0], ticket_from_row)
            .optional()
            .with_context(|| format!("cannot read ticket {id}"))?;
        Ok(row)
    }

    /// A ticket's events, in order of `at` then of recording.
    pub fn events(&self, id: TicketId) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.ticket_id = ?1 ORDER BY e.at, e.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([id.0], event_from_row)?;
        let events = rows
            .collect::<rusqlite::Result<_>>()
            .with_context(|| format!("cannot read the events of ticket {id}"))?;
        Ok(events)
    }

    /// Appends an event and returns its id. Events are never changed.
    pub fn append_event(&self, e: &NewEvent) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, level, \
                 next_update, reason, text, policy_version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                e.ticket.0,
                e.at,
                e.recorded_at,
                e.by,
                e.kind,
                e.severity,
                e.level,
                e.next_update,
                e.reason,
                e.text,
                e.policy_version,
            ])
            .with_context(|| {
                format!(
                    "cannot record the {:?} event of ticket {}",
                    e.kind, e.ticket
                )
            })?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Rewrites a ticket's summary (after the caller derived it from the events).
    pub fn set_summary(&self, id: TicketId, s: &Summary) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE tickets SET state = ?2, current_severity = ?3, escalation_level = ?4, \
                 last_event_at = ?5, resolved_at = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                s.state,
                s.severity,
                s.escalation_level,
                s.last_event_at,
                s.resolved_at
            ])?;
        ensure_found(changed, id)
    }

    /// Moves a ticket to another policy version.
    pub fn set_policy_version(&self, id: TicketId, version: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE tickets SET policy_version = ?2 WHERE id = ?1")?
            .execute(params![id.0, version])
            .with_context(|| format!("cannot move ticket {id} to policy version {version}"))?;
        ensure_found(changed, id)
    }

    /// The tickets `f` selects, by id.
    pub fn tickets(&self, f: &TicketFilter) -> Result<Vec<TicketRow>> {
        let mut all = Vec::new();
        self.for_each_selected_ticket(f, |t| {
            all.push(t);
            Ok(())
        })?;
        Ok(all)
    }

    /// Calls `each` with every ticket `f` selects, by id, and its events in
    /// order, without holding the whole log in memory. `each` should not
    /// change tickets while the walk is under way: collect, then write.
    pub fn for_each_ticket(
        &self,
        f: &TicketFilter,
        mut each: impl FnMut(TicketRow, Vec<EventRow>) -> Result<()>,
    ) -> Result<()> {
        // Two cursors over the same snapshot, both in ticket order, merged.
        let (sql, params) = selected_events(f);
        let decode = if f.brief {
            brief_event_from_row
        } else {
            event_from_row
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut events = stmt.query(params_from_iter(params.iter()))?;
        let mut pending: Option<EventRow> = None;
        self.for_each_selected_ticket(f, |ticket| {
            let mut own = Vec::with_capacity(16);
            loop {
                let next = match pending.take() {
                    Some(event) => Some(event),
                    None => events.next()?.map(decode).transpose()?,
                };
                match next {
                    Some(event) if event.event.ticket < ticket.id => continue,
                    Some(event) if event.event.ticket == ticket.id => own.push(event),
                    later => {
                        pending = later;
                        break;
                    }
                }
            }
            each(ticket, own)
        })
    }

    /// Calls `each` with the events of the tickets `f` selects, by ticket,
    /// then `at`, then order of recording.
    pub fn for_each_event(
        &self,
        f: &TicketFilter,
        mut each: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        let (sql, params) = selected_events(f);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let decode = if f.brief {
            brief_event_from_row
        } else {
            event_from_row
        };
        while let Some(row) = rows.next()? {
            each(decode(row)?)?;
        }
        Ok(())
    }

    /// The `n` most recently opened tickets, newest first.
    pub fn recent_ids(&self, n: usize) -> Result<Vec<TicketId>> {
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        self.ids("SELECT id FROM tickets ORDER BY id DESC LIMIT ?1", [limit])
    }

    /// How many tickets the log holds.
    pub fn ticket_count(&self) -> Result<i64> {
        let count = self
            .conn
            .prepare_cached("SELECT count(*) FROM tickets")?
            .query_row([], |r| r.get(0))?;
        Ok(count)
    }

    /// The tickets not resolved, by id.
    pub fn open_ids(&self) -> Result<Vec<TicketId>> {
        self.ids(
            "SELECT id FROM tickets WHERE state != 'resolved' ORDER BY id",
            (),
        )
    }

    fn ids(&self, sql: &str, params: impl Params) -> Result<Vec<TicketId>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| r.get(0).map(TicketId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn for_each_selected_ticket(
        &self,
        f: &TicketFilter,
        mut each: impl FnMut(TicketRow) -> Result<()>,
    ) -> Result<()> {
        let (filter, params) = where_clause(f);
        let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t{filter} ORDER BY t.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        while let Some(row) = rows.next()? {
            each(ticket_from_row(row)?)?;
        }
        Ok(())
    }
}

/// The query for the events of the tickets `f` selects, in ticket order.
fn selected_events(f: &TicketFilter) -> (String, Vec<Value>) {
    let (filter, params) = where_clause(f);
    let columns = if f.brief {
        BRIEF_EVENT_COLUMNS
    } else {
        EVENT_COLUMNS
    };
    let sql = if filter.is_empty() {
        // Every ticket: one pass over the events index, no join.
        format!("SELECT {columns} FROM events e ORDER BY e.ticket_id, e.at, e.id")
    } else {
        // CROSS JOIN keeps the selected tickets as the outer loop: the cost
        // then follows the tickets selected (say, the open ones), not the log.
        format!(
            "SELECT {columns} FROM tickets t CROSS JOIN events e ON e.ticket_id = t.id{filter} \
             ORDER BY t.id, e.at, e.id"
        )
    };
    (sql, params)
}

/// The WHERE clause (on tickets aliased `t`) and its parameters for a filter.
/// Only fixed SQL fragments are assembled; values are always bound.
fn where_clause(f: &TicketFilter) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Some(as_of) = f.as_of {
        clauses.push("t.reported_at <= ?");
        params.push(Value::Integer(as_of));
    }
    if !f.include_resolved {
        match f.as_of {
            None => clauses.push("t.state != 'resolved'"),
            Some(as_of) => {
                // May have been unresolved then; the caller re-evaluates.
                // Written as a union so each half uses its index.
                clauses.push(
                    "t.id IN (SELECT id FROM tickets WHERE state != 'resolved' \
                     UNION ALL SELECT id FROM tickets WHERE last_event_at > ?)",
                );
                params.push(Value::Integer(as_of));
            }
        }
    }
    if let Some(kind) = &f.kind {
        clauses.push("t.kind = ?");
        params.push(Value::Text(kind.clone()));
    }
    if let Some(severity) = f.severity {
        clauses.push("t.current_severity = ?");
        params.push(Value::Integer(severity.into()));
    }
    if let Some(customer) = &f.customer {
        clauses.push("t.customer = ?");
        params.push(Value::Text(customer.clone()));
    }
    if let Some(since) = f.since {
        clauses.push("t.reported_at >= ?");
        params.push(Value::Integer(since));
    }
    if let Some(until) = f.until {
        clauses.push("t.reported_at < ?");
        params.push(Value::Integer(until));
    }
    if clauses.is_empty() {
        (String::new(), params)
    } else {
        (format!(" WHERE {}", clauses.join(" AND ")), params)
    }
}

fn ensure_found(changed: usize, id: TicketId) -> Result<()> {
    if changed == 0 {
        bail!("ticket {id} is not in the ticket log");
    }
    Ok(())
}

fn ticket_from_row(r: &Row) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        id: TicketId(r.get(0)?),
        kind: word_at(r, 1, &TICKET_WORDS)?,
        severity: r.get(2)?,
        title: r.get(3)?,
        customer: r.get(4)?,
        service: r.get(5)?,
        reported_at: r.get(6)?,
        opened_at: r.get(7)?,
        policy_version: r.get(8)?,
        summary: Summary {
            state: word_at(r, 9, &TICKET_WORDS)?,
            severity: r.get(10)?,
            escalation_level: r.get(11)?,
            last_event_at: r.get(12)?,
            resolved_at: r.get(13)?,
        },
    })
}

fn event_from_row(r: &Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        event: NewEvent {
            ticket: TicketId(r.get(1)?),
            at: r.get(2)?,
            recorded_at: r.get(3)?,
            by: r.get(4)?,
            kind: kind_at(r, 5)?,
            severity: r.get(6)?,
            level: r.get(7)?,
            next_update: r.get(8)?,
            reason: r.get(9)?,
            text: r.get(10)?,
            policy_version: r.get(11)?,
        },
    })
}

/// A row of `BRIEF_EVENT_COLUMNS`: no free text, `recorded_at` read as `at`.
fn brief_event_from_row(r: &Row) -> rusqlite::Result<EventRow> {
    let at = r.get(2)?;
    Ok(EventRow {
        id: r.get(0)?,
        event: NewEvent {
            ticket: TicketId(r.get(1)?),
            at,
            recorded_at: at,
            by: String::new(),
            kind: kind_at(r, 3)?,
            severity: r.get(4)?,
            level: r.get(5)?,
            next_update: r.get(6)?,
            reason: None,
            text: None,
            policy_version: None,
        },
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::Store;
    use super::super::tests::temp_store;
    use super::*;

    /// A minimal ticket of `kind` reported at `reported_at`.
    pub(crate) fn ticket(kind: &str, policy: i64, reported_at: i64) -> NewTicket {
        NewTicket {
            kind: kind.to_owned(),
            severity: Some(2),
            title: format!("{kind} at {reported_at}"),
            customer: None,
            service: None,
            reported_at,
            opened_at: reported_at + 5,
            policy_version: policy,
            by: "alice".to_owned(),
            text: None,
        }
    }

    fn event(ticket: TicketId, kind: &str, at: i64) -> NewEvent {
        NewEvent {
            ticket,
            at,
            recorded_at: at + 1,
            by: "bob".to_owned(),
            kind: kind.to_owned().into(),
            severity: None,
            level: None,
            next_update: None,
            reason: None,
            text: None,
            policy_version: None,
        }
    }

    fn ids(rows: &[TicketRow]) -> Vec<i64> {
        rows.iter().map(|t| t.id.0).collect()
    }

    fn resolve(tx: &Tx, id: TicketId, at: i64) -> Result<()> {
        tx.append_event(&event(id, "resolved", at))?;
        let mut summary = tx.ticket(id)?.context("ticket exists")?.summary;
        summary.state = "resolved".into();
        summary.last_event_at = at;
        summary.resolved_at = Some(at);
        tx.set_summary(id, &summary)
    }

    #[test]
    fn insert_ticket_records_summary_and_opened_event() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        store.write(|tx| {
            let policy = tx.policy_version("abc", "[incident]\n", 50)?;
            assert_eq!(tx.policy_version("abc", "[incident]\n", 60)?, policy);
            let mut new = ticket("incident", policy, 100);
            new.customer = Some("acme".to_owned());
            new.service = Some("api".to_owned());
            new.text = Some("down".to_owned());
            let id = tx.insert_ticket(&new)?;
            assert_eq!(id.to_string(), "#1");

            let row = tx.ticket(id)?.context("inserted")?;
            assert_eq!(row.kind, "incident");
            assert_eq!(row.severity, Some(2));
            assert_eq!(
                (row.customer.as_deref(), row.service.as_deref()),
                (Some("acme"), Some("api"))
            );
            assert_eq!(
                (row.reported_at, row.opened_at, row.policy_version),
                (100, 105, policy)
            );
            let summary = Summary {
                state: "open".into(),
                severity: Some(2),
                escalation_level: 0,
                last_event_at: 100,
                resolved_at: None,
            };
            assert_eq!(row.summary, summary);

            let events = tx.events(id)?;
            assert_eq!(events.len(), 1);
            let opened = &events[0].event;
            assert_eq!(
                (opened.kind.as_ref(), opened.at, opened.recorded_at),
                ("opened", 100, 105)
            );
            assert_eq!(
                (opened.by.as_str(), opened.text.as_deref()),
                ("alice", Some("down"))
            );
            assert_eq!(
                (opened.severity, opened.policy_version),
                (Some(2), Some(policy))
            );

            let other = tx.policy_version("def", "[incident]\nx\n", 70)?;
            tx.set_policy_version(id, other)?;
            assert_eq!(tx.ticket(id)?.context("exists")?.policy_version, other);
            assert_eq!(tx.policy_text(other)?, "[incident]\nx\n");
            let versions = tx.policy_versions()?;
            assert_eq!(
                versions
                    .iter()
                    .map(|v| (v.id, v.first_seen))
                    .collect::<Vec<_>>(),
                [(policy, 50), (other, 70)]
            );

            let escalated = Summary {
                severity: Some(1),
                escalation_level: 2,
                last_event_at: 130,
                ..summary
            };
            tx.set_summary(id, &escalated)?;
            assert_eq!(tx.ticket(id)?.context("exists")?.summary, escalated);
            Ok(())
        })
    }

    #[test]
    fn missing_things_are_errors_not_panics() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        store.write(|tx| {
            let gone = TicketId(9);
            assert_eq!(tx.ticket(gone)?, None);
            assert!(tx.events(gone)?.is_empty());
            let summary = Summary {
                state: "open".into(),
                severity: None,
                escalation_level: 0,
                last_event_at: 0,
                resolved_at: None,
            };
            assert_eq!(
                tx.set_summary(gone, &summary).unwrap_err().to_string(),
                "ticket #9 is not in the ticket log"
            );
            assert!(tx.append_event(&event(gone, "note", 1)).is_err());
            assert_eq!(
                tx.policy_text(3).unwrap_err().to_string(),
                "policy version 3 is missing from the ticket log"
            );
            assert!(
                tx.insert_ticket(&ticket("incident", 3, 1)).is_err(),
                "unknown policy"
            );
            Ok(())
        })
    }

    #[test]
    fn events_are_append_only() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            tx.insert_ticket(&ticket("incident", policy, 10))
        })?;
        for sql in ["UPDATE events SET text = 'x'", "DELETE FROM events"] {
            let err = store
                .write(|tx| Ok(tx.conn.execute(sql, [])?))
                .expect_err(sql);
            assert!(
                format!("{err:#}").contains("events are append-only"),
                "{err:#}"
            );
        }
        assert_eq!(store.read(|tx| tx.events(id))?.len(), 1);
        Ok(())
    }

    /// Five tickets: 1 incident sev 1 acme @100 resolved @150, 2 incident sev 2
    /// @200, 3 request @300 resolved @400, 4 inquiry beta @400, 5 incident
    /// sev 3 acme @500.
    fn sample(store: &mut Store) -> Result<()> {
        store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            let specs: [(&str, u8, Option<&str>, i64); 5] = [
                ("incident", 1, Some("acme"), 100),
                ("incident", 2, None, 200),
                ("request", 2, None, 300),
                ("inquiry", 2, Some("beta"), 400),
                ("incident", 3, Some("acme"), 500),
            ];
            for (kind, severity, customer, at) in specs {
                let mut new = ticket(kind, policy, at);
                new.severity = Some(severity);
                new.customer = customer.map(str::to_owned);
                tx.insert_ticket(&new)?;
            }
            resolve(tx, TicketId(1), 150)?;
            resolve(tx, TicketId(3), 400)?;
            Ok(())
        })
    }

    #[test]
    fn ticket_filters() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        sample(&mut store)?;
        store.read(|tx| {
            let select = |f: TicketFilter| -> Result<Vec<i64>> { Ok(ids(&tx.tickets(&f)?)) };
            let all = TicketFilter {
                include_resolved: true,
                ..Default::default()
            };
            assert_eq!(select(TicketFilter::default())?, [2, 4, 5]);
            assert_eq!(select(all.clone())?, [1, 2, 3, 4, 5]);
            // At 350, #1 was resolved (150), #3 maybe not (resolved at 400),
            // #4 and #5 not reported yet.
            assert_eq!(
                select(TicketFilter {
                    as_of: Some(350),
                    ..Default::default()
                })?,
                [2, 3]
            );
            assert_eq!(
                select(TicketFilter {
                    as_of: Some(120),
                    ..Default::default()
                })?,
                [1]
            );
            assert_eq!(
                select(TicketFilter {
                    as_of: Some(350),
                    ..all.clone()
                })?,
                [1, 2, 3]
            );
            assert_eq!(
                select(TicketFilter {
                    kind: Some("incident".into()),
                    ..Default::default()
                })?,
                [2, 5]
            );
            assert_eq!(
                select(TicketFilter {
                    kind: Some("incident".into()),
                    ..all.clone()
                })?,
                [1, 2, 5]
            );
            assert_eq!(
                select(TicketFilter {
                    severity: Some(2),
                    ..all.clone()
                })?,
                [2, 3, 4]
            );
            assert_eq!(
                select(TicketFilter {
                    customer: Some("acme".into()),
                    ..all.clone()
                })?,
                [1, 5]
            );
            assert_eq!(
                select(TicketFilter {
                    customer: Some("acm".into()),
                    ..all.clone()
                })?,
                Vec::<i64>::new()
            );
            assert_eq!(
                select(TicketFilter {
                    since: Some(200),
                    until: Some(400),
                    ..all.clone()
                })?,
                [2, 3]
            );
            assert_eq!(
                select(TicketFilter {
                    since: Some(200),
                    until: Some(400),
                    ..Default::default()
                })?,
                [2]
            );

            assert_eq!(tx.open_ids()?, [TicketId(2), TicketId(4), TicketId(5)]);
            assert_eq!(tx.recent_ids(2)?, [TicketId(5), TicketId(4)]);
            assert_eq!(tx.recent_ids(usize::MAX)?.len(), 5);
            assert_eq!(tx.ticket_count()?, 5);
            Ok(())
        })
    }

    #[test]
    fn current_severity_is_what_severity_filters_on() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        sample(&mut store)?;
        store.write(|tx| {
            let mut summary = tx.ticket(TicketId(2))?.context("exists")?.summary;
            summary.severity = Some(1);
            tx.set_summary(TicketId(2), &summary)
        })?;
        let found = store.read(|tx| {
            tx.tickets(&TicketFilter {
                severity: Some(1),
                include_resolved: true,
                ..Default::default()
            })
        })?;
        assert_eq!(ids(&found), [1, 2]);
        assert_eq!(found[1].severity, Some(2), "severity at opening is kept");
        Ok(())
    }

    #[test]
    fn for_each_ticket_yields_each_ticket_with_its_own_events_in_order() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        sample(&mut store)?;
        store.write(|tx| {
            // Recorded out of order: listing goes by `at`, then recording.
            tx.append_event(&event(TicketId(2), "note", 260))?;
            tx.append_event(&event(TicketId(2), "note", 230))?;
            tx.append_event(&event(TicketId(4), "note", 450))?;
            tx.append_event(&event(TicketId(2), "escalated", 230))?;
            Ok(())
        })?;
        let expected = |tx: &Tx, id: i64| -> Result<Vec<(i64, String)>> {
            Ok(tx
                .events(TicketId(id))?
                .into_iter()
                .map(|e| (e.event.at, e.event.kind.into_owned()))
                .collect())
        };
        store.read(|tx| {
            assert_eq!(
                expected(tx, 2)?,
                [
                    (200, "opened".to_owned()),
                    (230, "note".to_owned()),
                    (230, "escalated".to_owned()),
                    (260, "note".to_owned())
                ]
            );
            for filter in [
                TicketFilter {
                    include_resolved: true,
                    ..Default::default()
                },
                TicketFilter::default(),
                TicketFilter {
                    kind: Some("incident".into()),
                    include_resolved: true,
                    ..Default::default()
                },
            ] {
                let mut seen = Vec::new();
                tx.for_each_ticket(&filter, |ticket, events| {
                    assert!(events.iter().all(|e| e.event.ticket == ticket.id));
                    let listed: Vec<_> = events
                        .into_iter()
                        .map(|e| (e.event.at, e.event.kind.into_owned()))
                        .collect();
                    assert_eq!(listed, expected(tx, ticket.id.0)?);
                    seen.push(ticket.id.0);
                    Ok(())
                })?;
                assert_eq!(seen, ids(&tx.tickets(&filter)?));

                let mut streamed = Vec::new();
                tx.for_each_event(&filter, |e| {
                    streamed.push((e.event.ticket.0, e.event.at, e.id));
                    Ok(())
                })?;
                let mut sorted = streamed.clone();
                sorted.sort();
                assert_eq!(streamed, sorted);
                let expected_count: usize = seen
                    .iter()
                    .map(|&id| tx.events(TicketId(id)).map(|e| e.len()))
                    .sum::<Result<_>>()?;
                assert_eq!(streamed.len(), expected_count);
            }
            // An error from the callback stops the walk and comes back.
            let err = tx
                .for_each_ticket(&TicketFilter::default(), |_, _| bail!("stop"))
                .unwrap_err();
            assert_eq!(err.to_string(), "stop");
            Ok(())
        })
    }

    #[test]
    fn text_round_trips() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let odd = "例: 障害が発生しました\nline two with 'single' and \"double\" quotes; DROP TABLE tickets; --\t\\";
        let id = store.write(|tx| {
            let policy = tx.policy_version(odd, odd, 0)?;
            let mut new = ticket("incident", policy, 10);
            new.title = odd.to_owned();
            new.customer = Some(odd.to_owned());
            new.service = Some(odd.to_owned());
            new.text = Some(odd.to_owned());
            new.by = odd.to_owned();
            let id = tx.insert_ticket(&new)?;
            let mut note = event(id, odd, 20);
            note.reason = Some(odd.to_owned());
            note.text = Some(odd.to_owned());
            tx.append_event(&note)?;
            Ok(id)
        })?;
        store.read(|tx| {
            let row = tx.ticket(id)?.context("exists")?;
            assert_eq!(row.title, odd);
            assert_eq!(row.customer.as_deref(), Some(odd));
            assert_eq!(row.service.as_deref(), Some(odd));
            let events = tx.events(id)?;
            assert_eq!(events[0].event.text.as_deref(), Some(odd));
            assert_eq!(events[0].event.by, odd);
            assert_eq!(events[1].event.kind, odd);
            assert_eq!(events[1].event.reason.as_deref(), Some(odd));
            assert_eq!(tx.policy_text(row.policy_version)?, odd);
            let by_customer = TicketFilter {
                customer: Some(odd.to_owned()),
                ..Default::default()
            };
            assert_eq!(ids(&tx.tickets(&by_customer)?), [id.0]);
            Ok(())
        })
    }

    #[test]
    fn out_of_range_values_are_errors() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            let id = tx.insert_ticket(&ticket("incident", policy, 10))?;
            tx.conn.execute(
                "UPDATE tickets SET current_severity = 300 WHERE id = ?1",
                [id.0],
            )?;
            Ok(id)
        })?;
        assert!(store.read(|tx| tx.ticket(id)).is_err());
        Ok(())
    }
}
