//! The SQLite dialect of the queries (the shared ones are in `store/sql.rs`):
//! statements run from the connection's cache with their `$n` placeholders
//! bound by name, the plain inserts (SQLite refuses an unknown ticket or
//! policy version by its foreign keys and the transaction stays usable),
//! and listings that merge two cursors over one snapshot.

use anyhow::{Context, Result, bail};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, Connection, Row, ToSql};

use crate::model::{EventData, TicketId};
use crate::store::rows::{Columns, Listed, event_row, ticket_row};
use crate::store::sql::{
    Dialect, EVENT_COLUMNS, Filter, POLICY_ID, Param, TICKET_COLUMNS, ensure_found, event_values,
    insert_event, insert_notice, insert_ticket, notice_values, own_events_into, ticket_values,
};
use crate::store::{EventRow, NewEvent, NewNotice, NewTicket, RefTaken, TicketFilter, TicketRow};

const STORE_POLICY: &str = "INSERT INTO policy_versions (hash, text, first_seen) \
     VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING";
const INSERT_TICKET: &str = concat!(
    insert_ticket!(),
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $2, 0, $7, NULL, $9, $10)"
);
const INSERT_EVENT: &str = concat!(
    insert_event!(),
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
     $17)"
);
const INSERT_NOTICE: &str = concat!(insert_notice!(), "VALUES ($1, $2, $3, $4, $5, $6, $7)");
const MOVE_TO_POLICY: &str = "UPDATE tickets SET policy_version = $1 WHERE id = $2";

/// A transaction on an SQLite ticket log, handed out by `SqliteStore::read`
/// and `SqliteStore::write`.
pub struct SqliteTx<'a> {
    conn: &'a Connection,
    /// See `Tx::seen_before_lock`.
    pub(super) seen: Option<i64>,
}

impl<'a> SqliteTx<'a> {
    pub(super) fn new(conn: &'a Connection) -> Self {
        SqliteTx { conn, seen: None }
    }

    /// See `SqliteStore::read_with_readers`.
    pub(super) fn data_version(&self) -> Result<i64> {
        Ok(super::data_version(self.conn)?)
    }

    /// `sql` from the statement cache, with `params` bound.
    fn prepare(&self, sql: &str, params: &[Param]) -> Result<CachedStatement<'a>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        bind(&mut statement, params)?;
        Ok(statement)
    }
}

/// Binds `params[n - 1]` to `$n`. SQLite numbers named parameters in the
/// order they first appear, so every statement run here names `$1`, `$2`,
/// ... first in that order (`$2` may appear again later); debug builds,
/// which the tests run, check it on every statement.
fn bind(statement: &mut rusqlite::Statement, params: &[Param]) -> Result<()> {
    let count = statement.parameter_count();
    if count > params.len() {
        bail!(crate::msg!(
            "store-bind-count",
            count = count.to_string(),
            given = params.len().to_string()
        ));
    }
    for (i, value) in params.iter().enumerate().take(count) {
        debug_assert_eq!(
            statement.parameter_name(i + 1),
            Some(format!("${}", i + 1).as_str()),
            "placeholders must first appear in order"
        );
        statement.raw_bind_parameter(i + 1, value)?;
    }
    Ok(())
}

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Param::Big(v) => v.to_sql(),
            Param::Small(v) => v.to_sql(),
            Param::Text(v) => v.to_sql(),
        }
    }
}

impl Columns for Row<'_> {
    fn big(&self, i: usize) -> Result<Option<i64>> {
        match self.get_ref(i)? {
            ValueRef::Integer(v) => Ok(Some(v)),
            ValueRef::Null => Ok(None),
            other => bail!(crate::msg!(
                "log-not-whole",
                column = self.name(i),
                found = other.data_type().to_string()
            )),
        }
    }

    fn small(&self, i: usize) -> Result<Option<i64>> {
        self.big(i)
    }

    fn text(&self, i: usize) -> Result<Option<&str>> {
        Ok(match self.get_ref(i)? {
            ValueRef::Null => None,
            value => Some(value.as_str()?),
        })
    }

    fn name(&self, i: usize) -> &str {
        self.as_ref().column_name(i).unwrap_or("?")
    }
}

impl SqliteTx<'_> {
    /// Two cursors over the same snapshot, both in ticket order, merged:
    /// the whole log is never held in memory. Each ticket's events are read
    /// into one buffer, cleared for each ticket, which `each` may keep
    /// (taking it) or only read.
    fn merge<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &mut Vec<E>) -> Result<()>,
    ) -> Result<()> {
        let filter = Filter::new::<Self>(f);
        let mut events_statement =
            self.prepare(&selected_events(E::COLUMNS, &filter), &filter.params)?;
        let mut rows = events_statement.raw_query();
        let mut events = std::iter::from_fn(|| {
            let next = rows.next().map_err(anyhow::Error::from);
            next.and_then(|row| row.map(E::decode).transpose())
                .transpose()
        })
        .peekable();
        let mut tickets_statement = self.prepare(&selected_tickets(&filter), &filter.params)?;
        let mut tickets = tickets_statement.raw_query();
        let mut own = Vec::new();
        while let Some(row) = tickets.next()? {
            let ticket = ticket_row(row)?;
            own_events_into(&mut events, ticket.id, &mut own)?;
            each(ticket, &mut own)?;
        }
        Ok(())
    }
}

impl Dialect for SqliteTx<'_> {
    /// Written as a union so each half uses its index.
    fn unresolved_then(then: &str) -> String {
        format!(
            "t.id IN (SELECT id FROM tickets WHERE state != 'resolved' \
             UNION ALL SELECT id FROM tickets WHERE last_event_at > {then})"
        )
    }

    fn contains(haystack: &str, needle: &str) -> String {
        format!("instr({haystack}, {needle}) > 0")
    }

    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64> {
        let changed = self.prepare(sql, params)?.raw_execute()?;
        Ok(u64::try_from(changed)?)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Param],
        each: &mut dyn FnMut(&dyn Columns) -> Result<()>,
    ) -> Result<()> {
        let mut statement = self.prepare(sql, params)?;
        let mut rows = statement.raw_query();
        while let Some(row) = rows.next()? {
            each(row)?;
        }
        Ok(())
    }

    fn store_policy(&mut self, hash: &str, text: &str, now: i64) -> Result<i64> {
        let values = [Param::text(hash), Param::text(text), Param::big(now)];
        self.execute(STORE_POLICY, &values)?;
        let id = self
            .prepare(POLICY_ID, &[Param::text(hash)])?
            .raw_query()
            .next()?
            .context(crate::msg!("log-policy-vanished"))?
            .get(0)?;
        Ok(id)
    }

    fn insert_ticket_row(&mut self, t: &NewTicket) -> Result<TicketId> {
        self.prepare(INSERT_TICKET, &ticket_values(t))?
            .raw_execute()
            .map_err(|e| match (&t.external_ref, ref_taken(&e)) {
                (Some(r), true) => RefTaken(r.clone()).into(),
                _ => anyhow::Error::new(e),
            })
            .with_context(|| {
                crate::msg!(
                    "log-cannot-record-ticket",
                    title = crate::i18n::quoted(&t.title)
                )
            })?;
        Ok(TicketId(self.conn.last_insert_rowid()))
    }

    fn insert_event_row(&mut self, e: &NewEvent, data: &EventData) -> Result<i64> {
        self.execute(INSERT_EVENT, &event_values(e, data))
            .with_context(|| {
                crate::msg!(
                    "log-cannot-record-event",
                    kind = format!("{:?}", e.kind.as_str()),
                    id = e.ticket.to_string()
                )
            })?;
        Ok(self.conn.last_insert_rowid())
    }

    fn insert_notice_row(&mut self, n: &NewNotice) -> Result<i64> {
        self.execute(INSERT_NOTICE, &notice_values(n))?;
        Ok(self.conn.last_insert_rowid())
    }

    fn move_to_policy(&mut self, id: TicketId, version: i64) -> Result<()> {
        let changed = self
            .execute(MOVE_TO_POLICY, &[Param::big(version), Param::big(id.0)])
            .with_context(|| {
                crate::msg!(
                    "log-cannot-move",
                    id = id.to_string(),
                    version = version.to_string()
                )
            })?;
        ensure_found(changed, id)
    }

    fn walk_tickets<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<E>) -> Result<()>,
    ) -> Result<()> {
        self.merge(f, &mut |ticket, own: &mut Vec<E>| {
            each(ticket, std::mem::take(own))
        })
    }

    fn walk_tickets_lent<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &[E]) -> Result<()>,
    ) -> Result<()> {
        self.merge(f, &mut |ticket, own: &mut Vec<E>| each(ticket, own))
    }

    fn walk_events(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        let filter = Filter::new::<Self>(f);
        let sql = selected_events(EVENT_COLUMNS, &filter);
        let mut statement = self.prepare(&sql, &filter.params)?;
        let mut rows = statement.raw_query();
        while let Some(row) = rows.next()? {
            each(event_row(row)?)?;
        }
        Ok(())
    }

    fn newest_before_lock(&self) -> Option<i64> {
        self.seen
    }

    /// SQLite's rowids already continue after the highest one.
    fn continue_ids(&mut self) -> Result<()> {
        Ok(())
    }
}

/// The query for the tickets `filter` selects, by id.
fn selected_tickets(filter: &Filter) -> String {
    format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t{} ORDER BY t.id",
        filter.where_()
    )
}

/// The query for `columns` of the events of the tickets `filter` selects,
/// in ticket order.
fn selected_events(columns: &str, filter: &Filter) -> String {
    if filter.is_empty() {
        // Every ticket: one pass over the events index, no join.
        format!("SELECT {columns} FROM events e ORDER BY e.ticket_id, e.at, e.id")
    } else if filter.is_ids_alone() {
        // A part of every ticket: one range of the same index.
        format!(
            "SELECT {columns} FROM events e WHERE e.ticket_id >= $1 AND e.ticket_id <= $2 \
             ORDER BY e.ticket_id, e.at, e.id"
        )
    } else {
        // CROSS JOIN keeps the selected tickets as the outer loop: the cost
        // then follows the tickets selected (say, the open ones), not the log.
        format!(
            "SELECT {columns} FROM tickets t CROSS JOIN events e ON e.ticket_id = t.id{} \
             ORDER BY t.id, e.at, e.id",
            filter.where_()
        )
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

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use super::*;
    use crate::model::Kind;
    use crate::store::sql::CLOCK_EVENT_COLUMNS;
    use crate::store::suite::{one_incident, ticket};
    use crate::store::{CopyTx, Tx};
    use anyhow::Result;

    #[test]
    fn events_are_append_only() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| one_incident(tx))?;
        for sql in ["UPDATE events SET text = 'x'", "DELETE FROM events"] {
            let err = store.conn.execute(sql, []).expect_err(sql);
            assert!(err.to_string().contains("events are append-only"), "{err}");
        }
        assert_eq!(store.read(|tx| tx.events(id))?.len(), 1);
        Ok(())
    }

    #[test]
    fn notices_are_append_only() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        store.write(|tx| {
            let policy = tx.policy_version("h", "p", 0)?;
            let id = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
            tx.record_notice(&crate::store::suite::notice(id, "breached", 900, 20))
        })?;
        for sql in ["UPDATE notices SET summary = 'x'", "DELETE FROM notices"] {
            let err = store.conn.execute(sql, []).expect_err(sql);
            assert!(err.to_string().contains("notices are append-only"), "{err}");
        }
        assert_eq!(store.read(|tx| tx.notice_count())?, 1);
        Ok(())
    }

    /// What SQLite's planner makes of `sql`: one line per step.
    fn plan(store: &super::super::SqliteStore, sql: &str) -> Result<Vec<String>> {
        let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let mut rows = statement.raw_query();
        let mut steps = Vec::new();
        while let Some(row) = rows.next()? {
            steps.push(row.get(3)?);
        }
        Ok(steps)
    }

    /// The indexes each listing was tuned to use (BENCHMARKS.md), so a
    /// change to a statement's text that loses one fails here first.
    #[test]
    fn listings_use_the_indexes_they_were_tuned_for() -> Result<()> {
        let (_dir, store) = temp_store()?;
        let cases = [
            (
                // The board and check: the open tickets, their events from the index.
                TicketFilter::default(),
                &["SCAN t USING INDEX tickets_unresolved"][..],
                &[
                    "SCAN t USING INDEX tickets_unresolved",
                    "SEARCH e USING COVERING INDEX events_by_ticket (ticket_id=?)",
                ][..],
            ),
            (
                // An export of everything: one pass over the events index.
                TicketFilter {
                    include_resolved: true,
                    ..TicketFilter::default()
                },
                &["SCAN t"][..],
                &["SCAN e USING COVERING INDEX events_by_ticket"][..],
            ),
            (
                // A past board: a union of two indexes.
                TicketFilter {
                    as_of: Some(100),
                    recorded_by: Some(100),
                    ..TicketFilter::default()
                },
                &[
                    "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
                    "LIST SUBQUERY 2",
                    "COMPOUND QUERY",
                    "LEFT-MOST SUBQUERY",
                    "SCAN tickets USING INDEX tickets_unresolved",
                    "UNION ALL",
                    "SEARCH tickets USING COVERING INDEX tickets_by_last_event (last_event_at>?)",
                ][..],
                &[
                    "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
                    "LIST SUBQUERY 2",
                    "COMPOUND QUERY",
                    "LEFT-MOST SUBQUERY",
                    "SCAN tickets USING INDEX tickets_unresolved",
                    "UNION ALL",
                    "SEARCH tickets USING COVERING INDEX tickets_by_last_event (last_event_at>?)",
                    "SEARCH e USING INDEX events_by_ticket (ticket_id=?)",
                ][..],
            ),
            (
                // A report's period.
                TicketFilter {
                    include_resolved: true,
                    since: Some(1),
                    until: Some(2),
                    ..TicketFilter::default()
                },
                &[
                    "SEARCH t USING INDEX tickets_by_reported_at (reported_at>? AND reported_at<?)",
                    "USE TEMP B-TREE FOR ORDER BY",
                ][..],
                &[
                    "SEARCH t USING COVERING INDEX tickets_by_reported_at (reported_at>? AND reported_at<?)",
                    "SEARCH e USING COVERING INDEX events_by_ticket (ticket_id=?)",
                    "USE TEMP B-TREE FOR ORDER BY",
                ][..],
            ),
        ];
        // Every step expected, in order; SQLite may add its own between
        // them (bloom filters, say).
        let follows = |plan: Vec<String>, expected: &[&str]| {
            let mut steps = plan.iter();
            let ok = expected.iter().all(|e| steps.any(|s| s == e));
            assert!(ok, "{expected:#?}\nis not in the plan\n{plan:#?}");
        };
        for (f, tickets, events) in cases {
            let filter = Filter::new::<SqliteTx>(&f);
            let columns = match f.recorded_by {
                None => CLOCK_EVENT_COLUMNS,
                Some(_) => EVENT_COLUMNS,
            };
            follows(plan(&store, &selected_tickets(&filter))?, tickets);
            follows(plan(&store, &selected_events(columns, &filter))?, events);
        }
        let open = "SELECT id FROM tickets WHERE state <> 'resolved' ORDER BY id";
        follows(
            plan(&store, open)?,
            &["SCAN tickets USING INDEX tickets_unresolved"],
        );
        Ok(())
    }

    #[test]
    fn unknown_codes_in_the_log_are_errors_naming_them() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let id = store.write(|tx| one_incident(tx))?;
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
        let id = store.write(|tx| one_incident(tx))?;
        store.conn.execute(
            "UPDATE tickets SET current_severity = 300 WHERE id = ?1",
            [id.0],
        )?;
        assert!(store.read(|tx| tx.ticket(id)).is_err());
        Ok(())
    }
}
