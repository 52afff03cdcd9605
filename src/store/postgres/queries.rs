//! The PostgreSQL dialect of the queries (the shared ones are in
//! `store/sql.rs`): statements prepared once per connection, the inserts
//! that check the rows they refer to first (a failed foreign key would
//! abort the whole transaction; a missing row must instead be an error that
//! leaves it usable, as on SQLite), and listings that walk the log in
//! keyset pages, so memory stays flat. The writes sent with their COMMIT in
//! one round trip are in `queries/one_trip.rs`.
//!
//! Over 600 lines: each statement sits beside the prepared-statement cache
//! and the keyset walk it is sent through; the values it binds are apart,
//! in `queries/values.rs`.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow, bail};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, Statement};

mod one_trip;
mod pages;
mod values;

use pages::{Events, Merge};
use values::{changed_of, rows_of};
pub(super) use values::{typed, values};

use super::copy::Copies;
use super::schema::{self, IfEmpty};
use super::session::{Answer, Request, Session, Step};
use super::{DbFailure, db};
use crate::model::{EventData, TicketId};
use crate::store::rows::event_row;
use crate::store::rows::{Columns, Listed, ticket_row};
use crate::store::sql::{
    Dialect, EVENT_COLUMNS, EVENTS, Filter, POLICY_ID, POLICY_TEXT, Param, SET_SUMMARY, TICKET,
    TICKET_BY_REF, TICKET_COLUMNS, cannot_correct, ensure_found, event_columns, event_values,
    insert_event, insert_notice, insert_ticket, notice_values, opened_event, set_detail_sql,
    summary_values, ticket_columns, ticket_values, write_change_each,
};
use crate::store::{
    EventRow, NewEvent, NewNotice, NewTicket, NoticeRow, PolicyVersion, RefTaken, Summary,
    TicketFilter, TicketRow, Write,
};

/// How many tickets a listing reads per query.
pub(super) const PAGE: usize = 1000;

/// Stores a new policy version and returns its id, or the id of the one
/// already stored with its hash, in one round trip. A version already
/// stored inserts no row, so its id is not drawn from the sequence (`ON
/// CONFLICT` alone draws one each time): versions are numbered 1, 2, 3 as
/// on SQLite. Two writers storing the same new version at once still meet
/// the conflict, and only then is a number skipped.
const STORE_POLICY: &str = "WITH inserted AS (\
       INSERT INTO policy_versions (hash, text, first_seen) \
       SELECT $1::TEXT, $2::TEXT, $3::BIGINT \
       WHERE NOT EXISTS (SELECT 1 FROM policy_versions WHERE hash = $1::TEXT) \
       ON CONFLICT (hash) DO NOTHING RETURNING id) \
     SELECT id FROM inserted \
     UNION ALL SELECT id FROM policy_versions WHERE hash = $1::TEXT";

const INSERT_TICKET: &str = concat!(
    insert_ticket!(),
    "SELECT $1::TEXT, $2::SMALLINT, $3::TEXT, $4::TEXT, $5::TEXT, $6::BIGINT, \
     $7::BIGINT, $8::BIGINT, 'open', $2::SMALLINT, 0, $7::BIGINT, NULL, $9::TEXT, $10::TEXT \
     WHERE EXISTS (SELECT 1 FROM policy_versions WHERE id = $8::BIGINT) \
     RETURNING id"
);

const INSERT_EVENT: &str = concat!(
    insert_event!(),
    "SELECT $1::BIGINT, $2::BIGINT, $3::BIGINT, $4::TEXT, $5::TEXT, $6::SMALLINT, \
     $7::SMALLINT, $8::BIGINT, $9::TEXT, $10::TEXT, $11::BIGINT, $12::TEXT, $13::TEXT, \
     $14::BIGINT, $15::TEXT, $16::TEXT, $17::TEXT \
     WHERE EXISTS (SELECT 1 FROM tickets WHERE id = $1::BIGINT) \
     AND ($11::BIGINT IS NULL \
          OR EXISTS (SELECT 1 FROM policy_versions WHERE id = $11::BIGINT)) \
     AND ($14::BIGINT IS NULL \
          OR EXISTS (SELECT 1 FROM events WHERE id = $14::BIGINT)) \
     RETURNING id"
);

const INSERT_NOTICE: &str = concat!(
    insert_notice!(),
    "SELECT $1::BIGINT, $2::TEXT, $3::TEXT, $4::BIGINT, $5::BIGINT, $6::TEXT, $7::TEXT \
     WHERE EXISTS (SELECT 1 FROM tickets WHERE id = $1::BIGINT) \
     RETURNING id"
);

const MOVE_TO_POLICY: &str = "UPDATE tickets SET policy_version = $2 WHERE id = $1 \
     AND EXISTS (SELECT 1 FROM policy_versions WHERE id = $2)";

/// A transaction on a PostgreSQL ticket log, handed out by `PgStore::read`
/// and `PgStore::write`, which end it. Every query goes through the
/// session, so each has a deadline. The statements that begin the
/// transaction (and, on a connection's first, the check that the database
/// is a current slaclock log) are sent with its first request, in the same
/// round trip.
pub struct PgTx<'a> {
    session: &'a Session,
    /// Prepared statements, kept by the store across transactions.
    statements: &'a mut HashMap<String, Statement>,
    /// The texts of the policy versions read so far (they never change).
    texts: &'a mut HashMap<i64, String>,
    /// Read or Write: what a request that gets no answer means.
    step: Step,
    /// Rows `migrate` copied, not sent yet.
    copies: Copies,
    /// How the transaction begins, until its first request is sent.
    opening: Option<Opening>,
    /// The store's schema check, pending until a first transaction passes
    /// it, with what to do if the database holds no log.
    unchecked: &'a mut Option<IfEmpty>,
    /// A listing turned `statement_timeout` off (see `listing_statements`).
    untimed: bool,
    /// The newest event id just before the lock, once read
    /// (`PgStore::write_seeing`).
    pub(super) seen: Option<i64>,
    /// `finish_change` sent the COMMIT: nothing more may be written.
    pub(super) committed: bool,
    /// The transaction ended on the server (with `finish_change`'s
    /// COMMIT, kept or rolled back): nothing is left to roll back.
    pub(super) ended: bool,
    /// The error the closure returned already says what happened (the
    /// lock, the schema or the commit): not explained again.
    pub(super) said: bool,
}

/// The statements that begin a transaction, sent with its first request.
pub(super) struct Opening {
    /// BEGIN and its limits.
    pub(super) begin: String,
    /// The write lock, for a write.
    pub(super) lock: Option<String>,
    /// Whether to read the newest event id just before the lock.
    pub(super) see: bool,
}

impl<'a> PgTx<'a> {
    pub(super) fn new(store: PgParts<'a>, step: Step, opening: Opening, copy_batch: usize) -> Self {
        PgTx {
            session: store.session,
            statements: store.statements,
            texts: store.texts,
            step,
            copies: Copies::new(copy_batch),
            opening: Some(opening),
            unchecked: store.unchecked,
            untimed: false,
            seen: None,
            committed: false,
            ended: false,
            said: false,
        }
    }

    pub(super) fn session(&self) -> &'a Session {
        self.session
    }

    /// Reads the newest event id just before the lock, with the first
    /// request (`seen`).
    pub(super) fn see_before_lock(&mut self) {
        if let Some(opening) = self.opening.as_mut() {
            opening.see = true;
        }
    }

    /// For `migrate`'s copy: no idle limit (`session::WRITE_IDLE`). It
    /// reads a batch of its source between requests, which on a slow disk
    /// or network may take longer; only the log's owner runs it, rarely.
    pub(super) fn without_idle_limit(&mut self) {
        if let Some(opening) = self.opening.as_mut() {
            opening
                .begin
                .push_str("; SET LOCAL idle_in_transaction_session_timeout = 0");
        }
    }

    /// Whether the transaction has begun on the server.
    pub(super) fn began(&self) -> bool {
        self.opening.is_none()
    }

    /// Begins the transaction on the server now, if no request has yet.
    pub(super) fn begin_now(&mut self) -> Result<()> {
        if self.opening.is_some() {
            self.pipelined(self.step, &[])?;
        }
        Ok(())
    }

    /// Sends the rows `migrate` copied that are still held here: before
    /// any other statement, and before the COMMIT.
    pub(super) fn send_copies(&mut self) -> Result<()> {
        if self.copies.is_empty() {
            return Ok(());
        }
        self.begin_now()?;
        self.copies.send(self.session, self.step)
    }

    /// Sends `requests` in one round trip, after the statements that begin
    /// the transaction if they are still to be sent, and returns their
    /// answers. The check that the database is a current slaclock log goes
    /// first: if it fails, nothing after it ran (the server aborted the
    /// transaction), so the log is inspected the careful way (refused, or
    /// migrated) and the requests sent again.
    fn send(&mut self, requests: &[Request<'_>]) -> Result<Vec<Result<Answer>>> {
        self.send_as(self.step, requests)
    }

    fn send_as(&mut self, step: Step, requests: &[Request<'_>]) -> Result<Vec<Result<Answer>>> {
        self.send_copies()?;
        self.pipelined(step, requests)
    }

    /// `send_as`, rows held for COPY aside.
    fn pipelined(&mut self, step: Step, requests: &[Request<'_>]) -> Result<Vec<Result<Answer>>> {
        let Some(opening) = self.opening.take() else {
            let all: Vec<&Request> = requests.iter().collect();
            return self.session.pipeline(step, &all);
        };
        let check = schema::check_sql();
        let begin = Request::Simple(&opening.begin);
        let checked = Request::Simple(&check);
        let lock = opening.lock.as_deref().map(Request::Simple);
        let see = opening
            .see
            .then(|| Request::Query(crate::store::sql::LATEST_EVENT, vec![]));
        let mut all = vec![&begin];
        if self.unchecked.is_some() {
            all.push(&checked);
        }
        all.extend(see.as_ref());
        all.extend(lock.as_ref());
        let lead = all.len();
        all.extend(requests);
        let mut answers = self.session.pipeline(step, &all)?.into_iter();
        let mut first = |e: anyhow::Error| {
            self.said = true;
            match opening.lock {
                Some(_) => super::explain_lock(self.session, e),
                None => super::explain(self.session, e),
            }
        };
        if let Some(Err(e)) = answers.next() {
            return Err(first(e));
        }
        if let Some(if_empty) = *self.unchecked {
            if let Some(Err(_)) = answers.next() {
                // Not a current slaclock log (or not readable): ask again
                // the careful way, which refuses or migrates it.
                let _ = self.session.rollback();
                self.said = true;
                if if_empty == IfEmpty::CreateInWrite && step == Step::Write && see.is_none() {
                    // Begun again, the schema made inside this very
                    // transaction, then the requests.
                    *self.unchecked = None;
                    let lead: Vec<&Request> = [Some(&begin), lock.as_ref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    for answer in self.session.pipeline(step, &lead)? {
                        answer.map_err(|e| super::explain_lock(self.session, e))?;
                    }
                    schema::adopt_within(self.session)?;
                    self.said = false;
                    let all: Vec<&Request> = requests.iter().collect();
                    return self.session.pipeline(step, &all);
                }
                schema::prepare(self.session, if_empty == IfEmpty::Create)?;
                self.said = false;
                *self.unchecked = None;
                self.opening = Some(opening);
                return self.pipelined(step, requests);
            }
            *self.unchecked = None;
        }
        if see.is_some() {
            let newest = answers.next().context(crate::msg!("pg-gave-no-answer"))?;
            let row = rows_of(newest?)?;
            let newest: i64 = row
                .first()
                .context(crate::msg!("pg-gave-no-answer"))?
                .try_get(0)
                .map_err(db)?;
            self.seen = Some(newest);
        }
        if lock.is_some()
            && let Some(Err(e)) = answers.next()
        {
            return Err(first(e));
        }
        let answers: Vec<_> = answers.collect();
        debug_assert_eq!(answers.len() + lead, all.len());
        Ok(answers)
    }

    /// Runs `sql` unprepared, in one round trip, and returns its rows.
    fn rows(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>> {
        let request = Request::Query(sql, typed(params));
        match self.send(&[request])?.pop() {
            Some(answer) => answer.and_then(rows_of),
            None => bail!(crate::msg!("pg-gave-no-answer")),
        }
    }

    /// `sql` prepared on this connection, once: statements outlive
    /// transactions, so later pages skip the parse and plan. Rows copied
    /// and still held are sent first, so every statement sees them.
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        self.begin_now()?;
        self.send_copies()?;
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.session.prepare(self.step, sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// The three statements of a listing, those not prepared yet prepared
    /// together, in one round trip. In a read, `statement_timeout` is
    /// turned off in the same round trip, for the rest of the transaction:
    /// a listing hands its rows on as they arrive, so a statement stays
    /// open while its reader is slow (a pager left paused), which is no
    /// reason to cancel it. `lock_timeout` still bounds its waits for
    /// locks, and every wait of the client its answer limit.
    fn listing_statements(&mut self, sqls: [&str; 3]) -> Result<[Statement; 3]> {
        self.begin_now()?;
        self.send_copies()?;
        let untimed =
            (self.step == Step::Read && !self.untimed).then_some("SET LOCAL statement_timeout = 0");
        let new: Vec<&str> = sqls
            .iter()
            .copied()
            .filter(|sql| !self.statements.contains_key(*sql))
            .collect();
        if !new.is_empty() || untimed.is_some() {
            let prepared = self.session.prepare_all(self.step, untimed, &new)?;
            self.untimed |= untimed.is_some();
            for (sql, statement) in new.into_iter().zip(prepared) {
                self.statements.insert(sql.to_owned(), statement);
            }
        }
        let [a, b, c] = sqls;
        Ok([self.statement(a)?, self.statement(b)?, self.statement(c)?])
    }

    /// Runs `sql`, prepared once per connection, and returns every row.
    fn prepared_rows(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        self.session.query(self.step, &statement, params)
    }

    /// The first column of the one row `sql` returns, if any.
    fn first(&mut self, sql: &str, params: &[Param]) -> Result<Option<i64>> {
        let rows = self.rows(sql, params)?;
        rows.first().map(|r| r.try_get(0).map_err(db)).transpose()
    }

    fn exists(&mut self, sql: &str, id: i64) -> Result<bool> {
        Ok(!self.rows(sql, &[Param::big(id)])?.is_empty())
    }

    fn ticket_exists(&mut self, id: TicketId) -> Result<bool> {
        self.exists("SELECT 1 FROM tickets WHERE id = $1", id.0)
    }

    fn event_exists(&mut self, id: i64) -> Result<bool> {
        self.exists("SELECT 1 FROM events WHERE id = $1", id)
    }

    fn policy_exists(&mut self, id: i64) -> Result<bool> {
        self.exists("SELECT 1 FROM policy_versions WHERE id = $1", id)
    }

    /// Keeps the texts of policy versions from rows of (id, text).
    fn remember(&mut self, rows: &[Row]) -> Result<()> {
        for row in rows {
            self.texts
                .insert(row.try_get(0).map_err(db)?, row.try_get(1).map_err(db)?);
        }
        Ok(())
    }

    /// Refuses a write once `finish_change` has committed.
    fn writable(&self) -> Result<()> {
        if self.committed {
            bail!(crate::msg!("pg-already-committed"));
        }
        Ok(())
    }
}

/// The parts of a `PgStore` a transaction borrows.
pub(super) struct PgParts<'a> {
    pub(super) session: &'a Session,
    pub(super) statements: &'a mut HashMap<String, Statement>,
    pub(super) texts: &'a mut HashMap<i64, String>,
    pub(super) unchecked: &'a mut Option<IfEmpty>,
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

impl Dialect for PgTx<'_> {
    fn unresolved_then(then: &str) -> String {
        format!("(t.state <> 'resolved' OR t.last_event_at > {then})")
    }

    fn contains(haystack: &str, needle: &str) -> String {
        format!("strpos({haystack}, {needle}) > 0")
    }

    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64> {
        self.writable()?;
        let request = Request::Execute(sql, typed(params));
        match self.send(&[request])?.pop() {
            Some(answer) => answer.and_then(changed_of),
            None => bail!(crate::msg!("pg-gave-no-answer")),
        }
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Param],
        each: &mut dyn FnMut(&dyn Columns) -> Result<()>,
    ) -> Result<()> {
        for row in self.rows(sql, params)? {
            each(&row)?;
        }
        Ok(())
    }

    fn store_policy(&mut self, hash: &str, text: &str, now: i64) -> Result<i64> {
        self.writable()?;
        let values = [Param::text(hash), Param::text(text), Param::big(now)];
        let id = self.first(STORE_POLICY, &values)?;
        if let Some(id) = id {
            self.texts.insert(id, text.to_owned());
        }
        match id {
            Some(id) => Ok(id),
            // Inserted by a transaction that committed after this statement
            // began (only possible for a writer without the lock).
            None => self
                .first(POLICY_ID, &[Param::text(hash)])?
                .context(crate::msg!("log-policy-vanished")),
        }
    }

    /// An unknown policy version is an error that leaves the transaction
    /// usable, as on SQLite: the insert checks for it instead of tripping
    /// the foreign key (which would abort the transaction).
    fn insert_ticket_row(&mut self, t: &NewTicket) -> Result<TicketId> {
        self.writable()?;
        self.first(INSERT_TICKET, &ticket_values(t))
            .map_err(|e| match &t.external_ref {
                Some(r) if ref_taken(&e) => RefTaken(r.clone()).into(),
                _ => e,
            })
            .and_then(|id| match id {
                Some(id) => Ok(TicketId(id)),
                None => bail!(crate::msg!(
                    "log-no-policy",
                    version = t.policy_version.to_string()
                )),
            })
            .with_context(|| {
                crate::msg!(
                    "log-cannot-record-ticket",
                    title = crate::i18n::quoted(&t.title)
                )
            })
    }

    /// An unknown ticket or policy version is an error that leaves the
    /// transaction usable (see `insert_ticket_row`).
    fn insert_event_row(&mut self, e: &NewEvent, data: &EventData) -> Result<i64> {
        self.writable()?;
        self.first(INSERT_EVENT, &event_values(e, data))
            .and_then(|id| {
                if let Some(id) = id {
                    return Ok(id);
                }
                if !self.ticket_exists(e.ticket)? {
                    bail!(crate::msg!("log-no-ticket", id = e.ticket.to_string()))
                }
                if let Some(voids) = data.voids
                    && !self.event_exists(voids)?
                {
                    bail!(crate::msg!("log-no-event", id = voids.to_string()))
                }
                bail!(crate::msg!(
                    "log-no-policy",
                    version = e.policy_version.unwrap_or_default().to_string()
                ))
            })
            .with_context(|| {
                crate::msg!(
                    "log-cannot-record-event",
                    kind = format!("{:?}", e.kind.as_str()),
                    id = e.ticket.to_string()
                )
            })
    }

    /// An unknown ticket is an error that leaves the transaction usable
    /// (see `insert_ticket_row`).
    fn insert_notice_row(&mut self, n: &NewNotice) -> Result<i64> {
        self.writable()?;
        match self.first(INSERT_NOTICE, &notice_values(n))? {
            Some(id) => Ok(id),
            None => bail!(crate::msg!("log-no-ticket", id = n.ticket.to_string())),
        }
    }

    fn move_to_policy(&mut self, id: TicketId, version: i64) -> Result<()> {
        let changed = self.execute(MOVE_TO_POLICY, &[Param::big(id.0), Param::big(version)])?;
        if changed == 0 && self.ticket_exists(id)? && !self.policy_exists(version)? {
            return Err(anyhow!(crate::msg!(
                "log-no-policy",
                version = version.to_string()
            )))
            .with_context(|| {
                crate::msg!(
                    "log-cannot-move",
                    id = id.to_string(),
                    version = version.to_string()
                )
            });
        }
        ensure_found(changed, id)
    }

    fn walk_tickets<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<E>) -> Result<()>,
    ) -> Result<()> {
        let mut taken = |ticket, own: &mut Vec<E>| each(ticket, std::mem::take(own));
        self.walk_pages(f, TICKET_COLUMNS, E::COLUMNS, &mut Merge::new(&mut taken))
    }

    fn walk_tickets_lent<E: Listed>(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &[E]) -> Result<()>,
    ) -> Result<()> {
        let mut lent = |ticket, own: &mut Vec<E>| each(ticket, own);
        self.walk_pages(f, TICKET_COLUMNS, E::COLUMNS, &mut Merge::new(&mut lent))
    }

    fn walk_events(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        self.walk_pages(f, "t.id", EVENT_COLUMNS, &mut Events(each))
    }

    fn copy_policy_row(&mut self, v: &PolicyVersion) -> Result<()> {
        if self.copies.policy(v) {
            self.send_copies()?;
        }
        Ok(())
    }

    fn copy_ticket_row(&mut self, t: &TicketRow) -> Result<()> {
        if self.copies.ticket(t) {
            self.send_copies()?;
        }
        Ok(())
    }

    fn copy_event_row(&mut self, e: &EventRow) -> Result<()> {
        if self.copies.event(e) {
            self.send_copies()?;
        }
        Ok(())
    }

    fn copy_notice_row(&mut self, n: &NoticeRow) -> Result<()> {
        if self.copies.notice(n) {
            self.send_copies()?;
        }
        Ok(())
    }

    fn read_policy_text(&mut self, id: i64) -> Result<Option<String>> {
        if let Some(text) = self.texts.get(&id) {
            return Ok(Some(text.clone()));
        }
        let rows = self.rows(POLICY_TEXT, &[Param::big(id)])?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let text: String = row.try_get(0).map_err(db)?;
        self.texts.insert(id, text.clone());
        Ok(Some(text))
    }

    fn read_ticket_with_events(
        &mut self,
        id: TicketId,
    ) -> Result<Option<(TicketRow, Vec<EventRow>)>> {
        self.ticket_in_one_trip(id)
    }

    fn read_ref_and_policy(
        &mut self,
        reference: &str,
        hash: &str,
        text: &str,
    ) -> Result<(Option<TicketRow>, Option<i64>)> {
        self.ref_and_policy_in_one_trip(reference, hash, text)
    }

    fn write_change(
        &mut self,
        id: TicketId,
        writes: &[Write],
        summary: &Summary,
    ) -> Result<(TicketRow, Vec<EventRow>)> {
        self.change_in_one_trip(id, writes, summary)
    }

    fn write_open(&mut self, t: &NewTicket) -> Result<(TicketRow, Vec<EventRow>)> {
        self.open_in_one_trip(t)
    }

    /// A write's lock goes with its first request: this sends the
    /// statements that begin it now if none has been sent.
    fn take_lock(&mut self) -> Result<()> {
        self.begin_now()
    }

    fn newest_before_lock(&self) -> Option<i64> {
        self.seen
    }

    /// Rows copied with explicit ids leave the identities behind: move each
    /// past the highest id (never back), so new rows follow the copied ones.
    fn continue_ids(&mut self) -> Result<()> {
        self.send_copies()?;
        for table in ["policy_versions", "tickets", "events", "notices"] {
            // The table names are fixed here; the values are bound.
            let sql = format!(
                "SELECT setval(s.seq, GREATEST((SELECT max(id) FROM {table}), \
                 pg_sequence_last_value(s.seq))) \
                 FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq) s"
            );
            self.prepared_rows(&sql, &[&table])
                .with_context(|| crate::msg!("pg-cannot-move-ids", table = table))?;
        }
        Ok(())
    }
}
