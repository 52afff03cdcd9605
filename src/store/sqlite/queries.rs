//! The queries on an open transaction: policy versions, tickets with their
//! summaries, and the append-only event log. Statements are cached and every
//! value is a bound parameter.

use anyhow::{Context, Result, bail};
use rusqlite::types::{Type, Value};
use rusqlite::{Connection, OptionalExtension, Params, Row, params, params_from_iter};

use crate::model::{CodeError, EventData, EventKind, Kind, TicketState};
use crate::store::{
    EventRow, NewEvent, NewTicket, PolicyVersion, RefTaken, Summary, TicketFilter, TicketId,
    TicketRow, Tx,
};

const TICKET_COLUMNS: &str = "t.id, t.kind, t.severity, t.title, t.customer, t.service, \
     t.reported_at, t.opened_at, t.policy_version, t.state, t.current_severity, \
     t.escalation_level, t.last_event_at, t.resolved_at, t.external_ref";

const EVENT_COLUMNS: &str = "e.id, e.ticket_id, e.at, e.recorded_at, e.\"by\", e.kind, \
     e.severity, e.level, e.next_update, e.reason, e.text, e.policy_version";

/// The same columns with the free text left out (see `TicketFilter::brief`).
/// Every column here is in the `events_by_ticket` index, so the events are
/// read from the index alone (see `brief_event_from_row`).
const BRIEF_EVENT_COLUMNS: &str =
    "e.id, e.ticket_id, e.at, e.kind, e.severity, e.level, e.next_update, e.policy_version";

/// A column holding a stored code, decoded by `parse` (see `model`).
fn code_at<T>(
    r: &Row,
    i: usize,
    parse: impl FnOnce(&str) -> Result<T, CodeError>,
) -> rusqlite::Result<T> {
    let text = r.get_ref(i)?.as_str()?;
    parse(text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// An event's kind, from its code (column `i`) and the data columns after it.
fn event_kind_at(r: &Row, i: usize) -> rusqlite::Result<EventKind> {
    let data = EventData {
        severity: r.get(i + 1)?,
        level: r.get(i + 2)?,
        next_update: r.get(i + 3)?,
    };
    code_at(r, i, |code| EventKind::parse(code, data))
}

/// A transaction on an SQLite ticket log, handed out by `SqliteStore::read`
/// and `SqliteStore::write`.
pub struct SqliteTx<'a> {
    conn: &'a Connection,
}

impl<'a> SqliteTx<'a> {
    pub(super) fn new(conn: &'a Connection) -> Self {
        SqliteTx { conn }
    }

    fn ids(&self, sql: &str, params: impl Params) -> Result<Vec<TicketId>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| r.get(0).map(TicketId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes an event with the data stored beside its code.
    fn insert_event(&self, e: &NewEvent, data: EventData) -> Result<i64> {
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
                e.kind.as_str(),
                data.severity,
                data.level,
                data.next_update,
                e.reason,
                e.text,
                e.policy_version,
            ])
            .with_context(|| {
                format!(
                    "cannot record the {:?} event of ticket {}",
                    e.kind.as_str(),
                    e.ticket
                )
            })?;
        Ok(self.conn.last_insert_rowid())
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

impl Tx for SqliteTx<'_> {
    /// The id of the policy version with this hash, stored now if new.
    fn policy_version(&self, hash: &str, text: &str, now: i64) -> Result<i64> {
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
    fn policy_text(&self, id: i64) -> Result<String> {
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
    fn policy_versions(&self) -> Result<Vec<PolicyVersion>> {
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
    fn insert_ticket(&self, t: &NewTicket) -> Result<TicketId> {
        self.conn
            .prepare_cached(
                "INSERT INTO tickets (kind, severity, title, customer, service, reported_at, \
                 opened_at, policy_version, state, current_severity, escalation_level, \
                 last_event_at, resolved_at, external_ref) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?2, 0, ?6, NULL, ?9)",
            )?
            .execute(params![
                t.kind.as_str(),
                t.severity,
                t.title,
                t.customer,
                t.service,
                t.reported_at,
                t.opened_at,
                t.policy_version,
                t.external_ref,
            ])
            .map_err(|e| match (&t.external_ref, ref_taken(&e)) {
                (Some(r), true) => RefTaken(r.clone()).into(),
                _ => anyhow::Error::new(e),
            })
            .with_context(|| format!("cannot record the ticket {:?}", t.title))?;
        let id = TicketId(self.conn.last_insert_rowid());
        let opened = NewEvent {
            ticket: id,
            at: t.reported_at,
            recorded_at: t.opened_at,
            by: t.by.clone(),
            kind: EventKind::Opened,
            reason: None,
            text: t.text.clone(),
            policy_version: Some(t.policy_version),
        };
        let data = EventData {
            severity: t.severity,
            ..EventData::default()
        };
        self.insert_event(&opened, data)?;
        Ok(id)
    }

    /// One ticket, if it exists.
    fn ticket(&self, id: TicketId) -> Result<Option<TicketRow>> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id.0], ticket_from_row)
            .optional()
            .with_context(|| format!("cannot read ticket {id}"))?;
        Ok(row)
    }

    /// The ticket holding this external reference, if any.
    fn ticket_by_ref(&self, reference: &str) -> Result<Option<TicketRow>> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.external_ref = ?1");
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([reference], ticket_from_row)
            .optional()
            .with_context(|| format!("cannot look up the ticket with ref {reference:?}"))?;
        Ok(row)
    }

    /// A ticket's events, in order of `at` then of recording.
    fn events(&self, id: TicketId) -> Result<Vec<EventRow>> {
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
    fn append_event(&self, e: &NewEvent) -> Result<i64> {
        self.insert_event(e, e.kind.data())
    }

    /// Rewrites a ticket's summary (after the caller derived it from the events).
    fn set_summary(&self, id: TicketId, s: &Summary) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE tickets SET state = ?2, current_severity = ?3, escalation_level = ?4, \
                 last_event_at = ?5, resolved_at = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                s.state.as_str(),
                s.severity,
                s.escalation_level,
                s.last_event_at,
                s.resolved_at
            ])?;
        ensure_found(changed, id)
    }
    /// Moves a ticket to another policy version.
    fn set_policy_version(&self, id: TicketId, version: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE tickets SET policy_version = ?2 WHERE id = ?1")?
            .execute(params![id.0, version])
            .with_context(|| format!("cannot move ticket {id} to policy version {version}"))?;
        ensure_found(changed, id)
    }

    /// The tickets `f` selects, by id.
    fn tickets(&self, f: &TicketFilter) -> Result<Vec<TicketRow>> {
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
    fn for_each_ticket(
        &self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<EventRow>) -> Result<()>,
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
                    Some(event) if event.ticket < ticket.id => continue,
                    Some(event) if event.ticket == ticket.id => own.push(event),
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
    fn for_each_event(
        &self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
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
    fn recent_ids(&self, n: usize) -> Result<Vec<TicketId>> {
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        self.ids("SELECT id FROM tickets ORDER BY id DESC LIMIT ?1", [limit])
    }

    /// How many tickets the log holds.
    fn ticket_count(&self) -> Result<i64> {
        let count = self
            .conn
            .prepare_cached("SELECT count(*) FROM tickets")?
            .query_row([], |r| r.get(0))?;
        Ok(count)
    }

    /// The tickets not resolved, by id.
    fn open_ids(&self) -> Result<Vec<TicketId>> {
        self.ids(
            "SELECT id FROM tickets WHERE state != 'resolved' ORDER BY id",
            (),
        )
    }

    fn event_count(&self) -> Result<i64> {
        let count = self
            .conn
            .prepare_cached("SELECT count(*) FROM events")?
            .query_row([], |r| r.get(0))?;
        Ok(count)
    }

    fn copy_policy_version(&self, v: &PolicyVersion) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO policy_versions (id, hash, text, first_seen) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![v.id, v.hash, v.text, v.first_seen])?;
        Ok(())
    }

    fn copy_ticket(&self, t: &TicketRow) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO tickets (id, kind, severity, title, customer, service, reported_at, opened_at, \
                 policy_version, state, current_severity, escalation_level, last_event_at, resolved_at, \
                 external_ref) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                t.id.0,
                t.kind.as_str(),
                t.severity,
                t.title,
                t.customer,
                t.service,
                t.reported_at,
                t.opened_at,
                t.policy_version,
                t.summary.state.as_str(),
                t.summary.severity,
                t.summary.escalation_level,
                t.summary.last_event_at,
                t.summary.resolved_at,
                t.external_ref
            ])?;
        Ok(())
    }

    fn copy_event(&self, e: &EventRow) -> Result<()> {
        let data = e.data();
        self.conn
            .prepare_cached(
                "INSERT INTO events (id, ticket_id, at, recorded_at, \"by\", kind, severity, level, \
                 next_update, reason, text, policy_version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                e.id,
                e.ticket.0,
                e.at,
                e.recorded_at,
                e.by,
                e.kind.as_str(),
                data.severity,
                data.level,
                data.next_update,
                e.reason,
                e.text,
                e.policy_version
            ])?;
        Ok(())
    }

    /// SQLite's rowids already continue after the highest one.
    fn finish_copy(&self) -> Result<()> {
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
        params.push(Value::Text(kind.as_str().to_owned()));
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
    if let Some(reference) = &f.external_ref {
        clauses.push("t.external_ref = ?");
        params.push(Value::Text(reference.clone()));
    }
    if clauses.is_empty() {
        (String::new(), params)
    } else {
        (format!(" WHERE {}", clauses.join(" AND ")), params)
    }
}

/// Whether an insert failed on the unique index of external references.
fn ref_taken(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, Some(message))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && message.contains("tickets.external_ref")
    )
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
        kind: code_at(r, 1, Kind::parse)?,
        severity: r.get(2)?,
        title: r.get(3)?,
        customer: r.get(4)?,
        service: r.get(5)?,
        reported_at: r.get(6)?,
        opened_at: r.get(7)?,
        policy_version: r.get(8)?,
        summary: Summary {
            state: code_at(r, 9, TicketState::parse)?,
            severity: r.get(10)?,
            escalation_level: r.get(11)?,
            last_event_at: r.get(12)?,
            resolved_at: r.get(13)?,
        },
        external_ref: r.get(14)?,
    })
}

fn event_from_row(r: &Row) -> rusqlite::Result<EventRow> {
    let kind = event_kind_at(r, 5)?;
    Ok(EventRow {
        id: r.get(0)?,
        ticket: TicketId(r.get(1)?),
        at: r.get(2)?,
        recorded_at: r.get(3)?,
        by: r.get(4)?,
        opened_severity: if kind == EventKind::Opened {
            r.get(6)?
        } else {
            None
        },
        kind,
        reason: r.get(9)?,
        text: r.get(10)?,
        policy_version: r.get(11)?,
    })
}

/// A row of `BRIEF_EVENT_COLUMNS`: no free text, `recorded_at` read as `at`.
fn brief_event_from_row(r: &Row) -> rusqlite::Result<EventRow> {
    let at = r.get(2)?;
    let kind = event_kind_at(r, 3)?;
    Ok(EventRow {
        id: r.get(0)?,
        ticket: TicketId(r.get(1)?),
        at,
        recorded_at: at,
        by: String::new(),
        opened_severity: if kind == EventKind::Opened {
            r.get(4)?
        } else {
            None
        },
        kind,
        reason: None,
        text: None,
        policy_version: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use crate::model::Kind;
    use crate::store::suite::ticket;
    use anyhow::Result;

    #[test]
    fn events_are_append_only() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            tx.insert_ticket(&ticket(Kind::Incident, policy, 10))
        })?;
        for sql in ["UPDATE events SET text = 'x'", "DELETE FROM events"] {
            let err = store.conn.execute(sql, []).expect_err(sql);
            assert!(err.to_string().contains("events are append-only"), "{err}");
        }
        assert_eq!(store.read(|tx| tx.events(id))?.len(), 1);
        Ok(())
    }

    #[test]
    fn unknown_codes_in_the_log_are_errors_naming_them() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            tx.insert_ticket(&ticket(Kind::Incident, policy, 10))
        })?;
        store.conn.execute(
            "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind) \
             VALUES (?1, 20, 20, 'x', 'merged')",
            [id.0],
        )?;
        let err = store
            .read(|tx| tx.events(id))
            .expect_err("unknown event kind");
        assert!(
            format!("{err:#}").contains(r#"unknown event kind "merged""#),
            "{err:#}"
        );
        store
            .conn
            .execute("UPDATE tickets SET kind = 'billing' WHERE id = ?1", [id.0])?;
        let err = store.read(|tx| tx.ticket(id)).expect_err("unknown kind");
        assert!(
            format!("{err:#}").contains(r#"unknown ticket kind "billing""#),
            "{err:#}"
        );
        store.conn.execute(
            "UPDATE tickets SET kind = 'incident', state = 'closed' WHERE id = ?1",
            [id.0],
        )?;
        let err = store.read(|tx| tx.ticket(id)).expect_err("unknown state");
        assert!(
            format!("{err:#}").contains(r#"unknown ticket state "closed""#),
            "{err:#}"
        );
        Ok(())
    }

    #[test]
    fn out_of_range_values_are_errors() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            tx.insert_ticket(&ticket(Kind::Incident, policy, 10))
        })?;
        store.conn.execute(
            "UPDATE tickets SET current_severity = 300 WHERE id = ?1",
            [id.0],
        )?;
        assert!(store.read(|tx| tx.ticket(id)).is_err());
        Ok(())
    }
}
