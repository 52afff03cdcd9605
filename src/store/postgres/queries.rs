//! The queries on an open PostgreSQL transaction: policy versions, tickets
//! with their summaries, and the append-only event log, mirroring the SQLite
//! store's queries. Statements are prepared once per connection and every
//! value is a bound parameter. Listings walk the log in keyset pages, so
//! memory stays flat and callbacks may run other queries between pages.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::{Context, Result, anyhow, bail};
use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{Row, Statement};

use super::session::{Session, Step};
use super::{DbFailure, db};
use crate::model::{CodeError, EventData, EventKind, Kind, TicketState};
use crate::store::{
    EventRow, NewEvent, NewTicket, PolicyVersion, RefTaken, Summary, TicketFilter, TicketId,
    TicketRow, Tx,
};

/// How many tickets a listing reads per query.
pub(super) const PAGE: usize = 1000;

// The column lists, as macros so `concat!` can build whole statements from
// them at compile time.
macro_rules! ticket_columns {
    () => {
        "t.id, t.kind, t.severity, t.title, t.customer, t.service, t.reported_at, \
         t.opened_at, t.policy_version, t.state, t.current_severity, t.escalation_level, \
         t.last_event_at, t.resolved_at, t.external_ref"
    };
}

macro_rules! event_columns {
    () => {
        "e.id, e.ticket_id, e.at, e.recorded_at, e.\"by\", e.kind, e.severity, e.level, \
         e.next_update, e.reason, e.text, e.policy_version"
    };
}

/// The same columns with the free text left out (see `TicketFilter::brief`):
/// all of them are in the `events_by_ticket` index, so a brief listing can
/// be answered from the index alone (see `brief_event_from_row`).
macro_rules! brief_event_columns {
    () => {
        "e.id, e.ticket_id, e.at, e.kind, e.severity, e.level, e.next_update, e.policy_version"
    };
}

/// The events of a set of tickets (`$1`, an array of ids), in order.
const EVENTS_OF: &str = concat!(
    "SELECT ",
    event_columns!(),
    " FROM events e WHERE e.ticket_id = ANY($1) ORDER BY e.ticket_id, e.at, e.id"
);

const BRIEF_EVENTS_OF: &str = concat!(
    "SELECT ",
    brief_event_columns!(),
    " FROM events e WHERE e.ticket_id = ANY($1) ORDER BY e.ticket_id, e.at, e.id"
);

/// A transaction on a PostgreSQL ticket log, handed out by `PgStore::read`
/// and `PgStore::write`, which begin and end it. Every query goes through
/// the session, so each has a deadline. `Tx` hands out `&self`, so the
/// cache of prepared statements sits in a `RefCell`, borrowed only to look
/// a statement up or add one, never across a query or a callback.
pub struct PgTx<'a> {
    session: &'a Session,
    statements: RefCell<&'a mut HashMap<String, Statement>>,
    /// Read or Write: what a request that gets no answer means.
    step: Step,
}

impl<'a> PgTx<'a> {
    pub(super) fn new(
        session: &'a Session,
        statements: &'a mut HashMap<String, Statement>,
        step: Step,
    ) -> Self {
        PgTx {
            session,
            statements: RefCell::new(statements),
            step,
        }
    }

    /// `sql` prepared on this connection, once: statements outlive
    /// transactions, so later commands skip the parse and plan round trip.
    fn statement(&self, sql: &str) -> Result<Statement> {
        let cached = self
            .statements
            .try_borrow()
            .map_err(|_| anyhow!("the ticket log's statements are already in use"))?
            .get(sql)
            .cloned();
        if let Some(statement) = cached {
            return Ok(statement);
        }
        let statement = self.session.prepare(self.step, sql)?;
        self.statements
            .try_borrow_mut()
            .map_err(|_| anyhow!("the ticket log's statements are already in use"))?
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Runs `sql`, prepared once per connection, and returns every row.
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        self.session.query(self.step, &statement, params)
    }

    /// The one row `sql` returns, if any.
    fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        let mut rows = self.query(sql, params)?;
        if rows.len() > 1 {
            bail!("expected at most one row, got {}", rows.len());
        }
        Ok(rows.pop())
    }

    /// The count `sql` (a `SELECT count(*)` or similar) returns.
    fn count(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<i64> {
        let row = self
            .query_opt(sql, params)?
            .context("a count returned no row")?;
        get(&row, 0)
    }

    /// Runs `sql` and returns how many rows it changed.
    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let statement = self.statement(sql)?;
        self.session.execute(self.step, &statement, params)
    }

    fn ids(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<TicketId>> {
        self.query(sql, params)?
            .iter()
            .map(|r| get(r, 0).map(TicketId))
            .collect()
    }

    fn exists(&self, table_sql: &str, id: i64) -> Result<bool> {
        Ok(self.query_opt(table_sql, &[&id])?.is_some())
    }

    fn ticket_exists(&self, id: TicketId) -> Result<bool> {
        self.exists("SELECT 1 FROM tickets WHERE id = $1", id.0)
    }

    fn policy_exists(&self, id: i64) -> Result<bool> {
        self.exists("SELECT 1 FROM policy_versions WHERE id = $1", id)
    }

    /// Walks the tickets `f` selects in pages of `PAGE`, by id. Each page is
    /// read whole and the borrow released before `each` sees it.
    fn for_each_page(
        &self,
        f: &TicketFilter,
        columns: &str,
        mut each: impl FnMut(Vec<Row>) -> Result<()>,
    ) -> Result<()> {
        let filter = Filter::new(f);
        let after = filter.params.len() + 1;
        let sql = format!(
            "SELECT {columns} FROM tickets t WHERE {}t.id > ${after} ORDER BY t.id LIMIT {PAGE}",
            filter.and()
        );
        let mut last = i64::MIN;
        loop {
            let mut params = filter.refs();
            params.push(&last);
            let rows = self.query(&sql, &params)?;
            let full = rows.len() == PAGE;
            let Some(end) = rows.last() else {
                return Ok(());
            };
            let end: i64 = get(end, 0)?;
            each(rows)?;
            if !full {
                return Ok(());
            }
            last = end;
        }
    }

    /// The events of these tickets, by ticket, `at`, order of recording.
    fn events_of(&self, ids: &[i64], brief: bool) -> Result<Vec<EventRow>> {
        let rows = self.query(if brief { BRIEF_EVENTS_OF } else { EVENTS_OF }, &[&ids])?;
        let decode = if brief {
            brief_event_from_row
        } else {
            event_from_row
        };
        rows.iter().map(decode).collect()
    }

    /// Writes an event with the data stored beside its code. An unknown
    /// ticket or policy version is an error that leaves the transaction
    /// usable (see `insert_ticket`).
    fn insert_event(&self, e: &NewEvent, data: EventData) -> Result<i64> {
        let severity = data.severity.map(i16::from);
        let level = data.level.map(i16::from);
        let kind = e.kind.as_str();
        let row = self
            .query_opt(
                "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, level, \
                 next_update, reason, text, policy_version) \
                 SELECT $1::BIGINT, $2::BIGINT, $3::BIGINT, $4::TEXT, $5::TEXT, $6::SMALLINT, \
                 $7::SMALLINT, $8::BIGINT, $9::TEXT, $10::TEXT, $11::BIGINT \
                 WHERE EXISTS (SELECT 1 FROM tickets WHERE id = $1::BIGINT) \
                 AND ($11::BIGINT IS NULL \
                      OR EXISTS (SELECT 1 FROM policy_versions WHERE id = $11::BIGINT)) \
                 RETURNING id",
                &[
                    &e.ticket.0,
                    &e.at,
                    &e.recorded_at,
                    &e.by,
                    &kind,
                    &severity,
                    &level,
                    &data.next_update,
                    &e.reason,
                    &e.text,
                    &e.policy_version,
                ],
            )
            .and_then(|row| match row {
                Some(row) => get(&row, 0),
                None if !self.ticket_exists(e.ticket)? => {
                    bail!("ticket {} is not in the ticket log", e.ticket)
                }
                None => bail!(
                    "policy version {} is missing from the ticket log",
                    e.policy_version.unwrap_or_default()
                ),
            })
            .with_context(|| {
                format!(
                    "cannot record the {:?} event of ticket {}",
                    e.kind.as_str(),
                    e.ticket
                )
            })?;
        Ok(row)
    }
}

impl Tx for PgTx<'_> {
    /// The id of the policy version with this hash, stored now if new.
    fn policy_version(&self, hash: &str, text: &str, now: i64) -> Result<i64> {
        let row = self.query_opt(
            "WITH inserted AS (\
               INSERT INTO policy_versions (hash, text, first_seen) VALUES ($1, $2, $3) \
               ON CONFLICT (hash) DO NOTHING RETURNING id) \
             SELECT id FROM inserted \
             UNION ALL SELECT id FROM policy_versions WHERE hash = $1",
            &[&hash, &text, &now],
        )?;
        match row {
            Some(row) => get(&row, 0),
            // Inserted by a transaction that committed after this statement
            // began (only possible for a writer without the lock).
            None => {
                let row = self
                    .query_opt("SELECT id FROM policy_versions WHERE hash = $1", &[&hash])?
                    .context("a policy version vanished while it was stored")?;
                get(&row, 0)
            }
        }
    }

    /// The text of a stored policy version.
    fn policy_text(&self, id: i64) -> Result<String> {
        match self.query_opt("SELECT text FROM policy_versions WHERE id = $1", &[&id])? {
            Some(row) => get(&row, 0),
            None => bail!("policy version {id} is missing from the ticket log"),
        }
    }

    /// Every stored policy version, oldest first.
    fn policy_versions(&self) -> Result<Vec<PolicyVersion>> {
        self.query(
            "SELECT id, hash, text, first_seen FROM policy_versions ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(PolicyVersion {
                id: get(r, 0)?,
                hash: get(r, 1)?,
                text: get(r, 2)?,
                first_seen: get(r, 3)?,
            })
        })
        .collect()
    }

    /// Records a new ticket (state "open", level 0) and its "opened" event.
    /// An unknown policy version is an error that leaves the transaction
    /// usable, as on SQLite: the insert checks for it instead of tripping
    /// the foreign key (which would abort the transaction).
    fn insert_ticket(&self, t: &NewTicket) -> Result<TicketId> {
        let severity = t.severity.map(i16::from);
        let kind = t.kind.as_str();
        let row = self
            .query_opt(
                "INSERT INTO tickets (kind, severity, title, customer, service, reported_at, \
                 opened_at, policy_version, state, current_severity, escalation_level, \
                 last_event_at, resolved_at, external_ref) \
                 SELECT $1::TEXT, $2::SMALLINT, $3::TEXT, $4::TEXT, $5::TEXT, $6::BIGINT, \
                 $7::BIGINT, $8::BIGINT, 'open', $2::SMALLINT, 0, $6::BIGINT, NULL, $9::TEXT \
                 WHERE EXISTS (SELECT 1 FROM policy_versions WHERE id = $8::BIGINT) \
                 RETURNING id",
                &[
                    &kind,
                    &severity,
                    &t.title,
                    &t.customer,
                    &t.service,
                    &t.reported_at,
                    &t.opened_at,
                    &t.policy_version,
                    &t.external_ref,
                ],
            )
            .map_err(|e| match &t.external_ref {
                Some(r) if ref_taken(&e) => RefTaken(r.clone()).into(),
                _ => e,
            })
            .and_then(|row| match row {
                Some(row) => get(&row, 0).map(TicketId),
                None => bail!(
                    "policy version {} is missing from the ticket log",
                    t.policy_version
                ),
            })
            .with_context(|| format!("cannot record the ticket {:?}", t.title))?;
        let opened = NewEvent {
            ticket: row,
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
        Ok(row)
    }

    /// One ticket, if it exists.
    fn ticket(&self, id: TicketId) -> Result<Option<TicketRow>> {
        let sql = concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets t WHERE t.id = $1"
        );
        self.query_opt(sql, &[&id.0])
            .and_then(|row| row.as_ref().map(ticket_from_row).transpose())
            .with_context(|| format!("cannot read ticket {id}"))
    }

    /// The ticket holding this external reference, if any.
    fn ticket_by_ref(&self, reference: &str) -> Result<Option<TicketRow>> {
        let sql = concat!(
            "SELECT ",
            ticket_columns!(),
            " FROM tickets t WHERE t.external_ref = $1"
        );
        self.query_opt(sql, &[&reference])
            .and_then(|row| row.as_ref().map(ticket_from_row).transpose())
            .with_context(|| format!("cannot look up the ticket with ref {reference:?}"))
    }

    /// A ticket's events, in order of `at` then of recording.
    fn events(&self, id: TicketId) -> Result<Vec<EventRow>> {
        let sql = concat!(
            "SELECT ",
            event_columns!(),
            " FROM events e WHERE e.ticket_id = $1 ORDER BY e.at, e.id"
        );
        self.query(sql, &[&id.0])
            .and_then(|rows| rows.iter().map(event_from_row).collect())
            .with_context(|| format!("cannot read the events of ticket {id}"))
    }

    /// Appends an event and returns its id. Events are never changed. An
    /// unknown ticket or policy version is an error that leaves the
    /// transaction usable (see `insert_ticket`).
    fn append_event(&self, e: &NewEvent) -> Result<i64> {
        self.insert_event(e, e.kind.data())
    }

    /// Rewrites a ticket's summary (after the caller derived it from the events).
    fn set_summary(&self, id: TicketId, s: &Summary) -> Result<()> {
        let state = s.state.as_str();
        let changed = self.execute(
            "UPDATE tickets SET state = $2, current_severity = $3, escalation_level = $4, \
             last_event_at = $5, resolved_at = $6 WHERE id = $1",
            &[
                &id.0,
                &state,
                &s.severity.map(i16::from),
                &i16::from(s.escalation_level),
                &s.last_event_at,
                &s.resolved_at,
            ],
        )?;
        ensure_found(changed, id)
    }

    /// Moves a ticket to another policy version.
    fn set_policy_version(&self, id: TicketId, version: i64) -> Result<()> {
        let changed = self.execute(
            "UPDATE tickets SET policy_version = $2 WHERE id = $1 \
             AND EXISTS (SELECT 1 FROM policy_versions WHERE id = $2)",
            &[&id.0, &version],
        )?;
        if changed == 0 && self.ticket_exists(id)? && !self.policy_exists(version)? {
            return Err(anyhow!(
                "policy version {version} is missing from the ticket log"
            ))
            .with_context(|| format!("cannot move ticket {id} to policy version {version}"));
        }
        ensure_found(changed, id)
    }

    /// The tickets `f` selects, by id.
    fn tickets(&self, f: &TicketFilter) -> Result<Vec<TicketRow>> {
        let filter = Filter::new(f);
        let sql = format!(
            "SELECT {} FROM tickets t{} ORDER BY t.id",
            ticket_columns!(),
            filter.where_()
        );
        self.query(&sql, &filter.refs())?
            .iter()
            .map(ticket_from_row)
            .collect()
    }

    /// Calls `each` with every ticket `f` selects, by id, and its events in
    /// order. Reads a page of tickets and then all their events, releases
    /// the transaction, and only then calls `each`, which may therefore run
    /// queries of its own.
    fn for_each_ticket(
        &self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<EventRow>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_page(f, ticket_columns!(), |rows| {
            let tickets = rows
                .iter()
                .map(ticket_from_row)
                .collect::<Result<Vec<_>>>()?;
            drop(rows);
            let ids: Vec<i64> = tickets.iter().map(|t| t.id.0).collect();
            let mut events = self.events_of(&ids, f.brief)?.into_iter().peekable();
            for ticket in tickets {
                let mut own = Vec::new();
                while let Some(event) = events.next_if(|e| e.ticket <= ticket.id) {
                    if event.ticket == ticket.id {
                        own.push(event);
                    }
                }
                each(ticket, own)?;
            }
            Ok(())
        })
    }

    /// Calls `each` with the events of the tickets `f` selects, by ticket,
    /// then `at`, then order of recording, a page of tickets at a time.
    fn for_each_event(
        &self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        self.for_each_page(f, "t.id", |rows| {
            let ids = rows
                .iter()
                .map(|r| get::<i64>(r, 0))
                .collect::<Result<Vec<_>>>()?;
            drop(rows);
            for event in self.events_of(&ids, f.brief)? {
                each(event)?;
            }
            Ok(())
        })
    }

    /// The `n` most recently opened tickets, newest first.
    fn recent_ids(&self, n: usize) -> Result<Vec<TicketId>> {
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        self.ids(
            "SELECT id FROM tickets ORDER BY id DESC LIMIT $1",
            &[&limit],
        )
    }

    /// How many tickets the log holds.
    fn ticket_count(&self) -> Result<i64> {
        self.count("SELECT count(*) FROM tickets", &[])
    }

    fn event_count(&self) -> Result<i64> {
        self.count("SELECT count(*) FROM events", &[])
    }

    /// The tickets not resolved, by id.
    fn open_ids(&self) -> Result<Vec<TicketId>> {
        self.ids(
            "SELECT id FROM tickets WHERE state <> 'resolved' ORDER BY id",
            &[],
        )
    }

    fn copy_policy_version(&self, v: &PolicyVersion) -> Result<()> {
        self.execute(
            "INSERT INTO policy_versions (id, hash, text, first_seen) VALUES ($1, $2, $3, $4)",
            &[&v.id, &v.hash, &v.text, &v.first_seen],
        )
        .with_context(|| format!("cannot copy policy version {}", v.id))?;
        Ok(())
    }

    fn copy_ticket(&self, t: &TicketRow) -> Result<()> {
        let (kind, state) = (t.kind.as_str(), t.summary.state.as_str());
        self.execute(
            "INSERT INTO tickets (id, kind, severity, title, customer, service, reported_at, \
             opened_at, policy_version, state, current_severity, escalation_level, \
             last_event_at, resolved_at, external_ref) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            &[
                &t.id.0,
                &kind,
                &t.severity.map(i16::from),
                &t.title,
                &t.customer,
                &t.service,
                &t.reported_at,
                &t.opened_at,
                &t.policy_version,
                &state,
                &t.summary.severity.map(i16::from),
                &i16::from(t.summary.escalation_level),
                &t.summary.last_event_at,
                &t.summary.resolved_at,
                &t.external_ref,
            ],
        )
        .with_context(|| format!("cannot copy ticket {}", t.id))?;
        Ok(())
    }

    fn copy_event(&self, e: &EventRow) -> Result<()> {
        let (kind, data) = (e.kind.as_str(), e.data());
        self.execute(
            "INSERT INTO events (id, ticket_id, at, recorded_at, \"by\", kind, severity, level, \
             next_update, reason, text, policy_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                &e.id,
                &e.ticket.0,
                &e.at,
                &e.recorded_at,
                &e.by,
                &kind,
                &data.severity.map(i16::from),
                &data.level.map(i16::from),
                &data.next_update,
                &e.reason,
                &e.text,
                &e.policy_version,
            ],
        )
        .with_context(|| format!("cannot copy event {} of ticket {}", e.id, e.ticket))?;
        Ok(())
    }

    /// Rows copied with explicit ids leave the identities behind: move each
    /// past the highest id (never back), so new rows follow the copied ones.
    fn finish_copy(&self) -> Result<()> {
        for table in ["policy_versions", "tickets", "events"] {
            // The table names are fixed here; the values are bound.
            let sql = format!(
                "SELECT setval(s.seq, GREATEST((SELECT max(id) FROM {table}), \
                 pg_sequence_last_value(s.seq))) \
                 FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq) s"
            );
            self.query(&sql, &[&table])
                .with_context(|| format!("cannot move the ids of {table} past the copied rows"))?;
        }
        Ok(())
    }
}

/// The WHERE conditions (on tickets aliased `t`) and their parameters for a
/// filter. Only fixed SQL fragments are assembled; values are always bound.
struct Filter {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Filter {
    fn new(f: &TicketFilter) -> Filter {
        let mut filter = Filter {
            clauses: Vec::new(),
            params: Vec::new(),
        };
        if let Some(as_of) = f.as_of {
            filter.push("t.reported_at <= ", as_of);
        }
        if !f.include_resolved {
            match f.as_of {
                None => filter.clauses.push("t.state <> 'resolved'".to_owned()),
                Some(as_of) => {
                    // May have been unresolved then; the caller re-evaluates.
                    filter.params.push(Box::new(as_of));
                    let n = filter.params.len();
                    filter
                        .clauses
                        .push(format!("(t.state <> 'resolved' OR t.last_event_at > ${n})"));
                }
            }
        }
        if let Some(kind) = &f.kind {
            filter.push("t.kind = ", kind.as_str());
        }
        if let Some(severity) = f.severity {
            filter.push("t.current_severity = ", i16::from(severity));
        }
        if let Some(customer) = &f.customer {
            filter.push("t.customer = ", customer.clone());
        }
        if let Some(since) = f.since {
            filter.push("t.reported_at >= ", since);
        }
        if let Some(until) = f.until {
            filter.push("t.reported_at < ", until);
        }
        if let Some(reference) = &f.external_ref {
            filter.push("t.external_ref = ", reference.clone());
        }
        filter
    }

    /// Adds `condition $n` with `value` bound as the next parameter.
    fn push(&mut self, condition: &str, value: impl ToSql + Sync + 'static) {
        self.params.push(Box::new(value));
        self.clauses
            .push(format!("{condition}${}", self.params.len()));
    }

    /// ` WHERE ...`, or nothing.
    fn where_(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// `... AND `, to go before another condition, or nothing.
    fn and(&self) -> String {
        self.clauses.iter().map(|c| format!("{c} AND ")).collect()
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|p| &**p).collect()
    }
}

/// Whether a statement failed on the unique index of external references.
fn ref_taken(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<DbFailure>())
        .any(|f| {
            f.code.as_ref() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
                && f.message.contains("tickets_by_ref")
        })
}

fn ensure_found(changed: u64, id: TicketId) -> Result<()> {
    if changed == 0 {
        bail!("ticket {id} is not in the ticket log");
    }
    Ok(())
}

/// Column `i` of `r`, as an error (not a panic) if its type does not fit.
fn get<'r, T: FromSql<'r>>(r: &'r Row, i: usize) -> Result<T> {
    r.try_get(i).map_err(db)
}

/// A SMALLINT column holding a severity or level, checked to fit a u8.
fn small(r: &Row, i: usize) -> Result<Option<u8>> {
    let value: Option<i16> = get(r, i)?;
    value
        .map(|v| {
            u8::try_from(v).map_err(|_| {
                let column = r.columns().get(i).map_or("?", |c| c.name());
                anyhow!("{column} {v} in the ticket log is out of range (0 to 255)")
            })
        })
        .transpose()
}

/// A column holding a stored code, decoded by `parse` (see `model`).
fn code<T>(r: &Row, i: usize, parse: impl FnOnce(&str) -> Result<T, CodeError>) -> Result<T> {
    Ok(parse(get(r, i)?)?)
}

/// An event's kind, from its code (column `i`) and the data columns after it.
fn event_kind(r: &Row, i: usize) -> Result<EventKind> {
    let data = EventData {
        severity: small(r, i + 1)?,
        level: small(r, i + 2)?,
        next_update: get(r, i + 3)?,
    };
    code(r, i, |c| EventKind::parse(c, data))
}

fn ticket_from_row(r: &Row) -> Result<TicketRow> {
    let id = TicketId(get(r, 0)?);
    let ticket = || -> Result<TicketRow> {
        Ok(TicketRow {
            id,
            kind: code(r, 1, Kind::parse)?,
            severity: small(r, 2)?,
            title: get(r, 3)?,
            customer: get(r, 4)?,
            service: get(r, 5)?,
            reported_at: get(r, 6)?,
            opened_at: get(r, 7)?,
            policy_version: get(r, 8)?,
            summary: Summary {
                state: code(r, 9, TicketState::parse)?,
                severity: small(r, 10)?,
                escalation_level: small(r, 11)?.unwrap_or_default(),
                last_event_at: get(r, 12)?,
                resolved_at: get(r, 13)?,
            },
            external_ref: get(r, 14)?,
        })
    };
    ticket().with_context(|| format!("cannot read ticket {id}"))
}

fn event_from_row(r: &Row) -> Result<EventRow> {
    let id: i64 = get(r, 0)?;
    let event = || -> Result<EventRow> {
        let kind = event_kind(r, 5)?;
        Ok(EventRow {
            id,
            ticket: TicketId(get(r, 1)?),
            at: get(r, 2)?,
            recorded_at: get(r, 3)?,
            by: get(r, 4)?,
            opened_severity: if kind == EventKind::Opened {
                small(r, 6)?
            } else {
                None
            },
            kind,
            reason: get(r, 9)?,
            text: get(r, 10)?,
            policy_version: get(r, 11)?,
        })
    };
    event().with_context(|| format!("cannot read event {id}"))
}

/// A row of `brief_event_columns!()`: no free text, `recorded_at` read as `at`.
fn brief_event_from_row(r: &Row) -> Result<EventRow> {
    let id: i64 = get(r, 0)?;
    let event = || -> Result<EventRow> {
        let at = get(r, 2)?;
        let kind = event_kind(r, 3)?;
        Ok(EventRow {
            id,
            ticket: TicketId(get(r, 1)?),
            at,
            recorded_at: at,
            by: String::new(),
            opened_severity: if kind == EventKind::Opened {
                small(r, 4)?
            } else {
                None
            },
            kind,
            reason: None,
            text: None,
            policy_version: get(r, 7)?,
        })
    };
    event().with_context(|| format!("cannot read event {id}"))
}
