//! The SQL both dialects share, and the one `Tx` written over it. SQLite
//! accepts PostgreSQL's `$1` placeholders (numbering them in the order they
//! first appear, so each statement names `$1`, `$2`, ... first in order),
//! so a statement that means the same on both is written once here,
//! as plain SQL: the planner work recorded in BENCHMARKS.md depends on each
//! statement's text and the indexes it uses. The bound values (`Param`)
//! and the parameter lists of the inserts live here too. A driver supplies only what truly differs
//! (`Dialect`): how a statement runs, the inserts PostgreSQL guards so an
//! error leaves its transaction usable, and how a listing walks the log.
//!
//! Over 600 lines: the statements and the one `Tx` over them read best
//! side by side, each method beside the SQL it runs.
//!
//! The filter builder is in `sql/filter.rs`, what `migrate` copies and
//! counts (and `CopyTx`) in `sql/copy.rs`, and what a driver supplies
//! (`Dialect`, with its defaults) in `sql/dialect.rs`. The rest stays together:
//! every statement both stores run sits beside the one `Tx` or `CopyTx`
//! method that runs it; split apart, a statement would be read away from
//! the values bound to it.

use anyhow::{Context, Result, bail};

use std::iter::Peekable;

use super::rows::{
    Columns, Listed, RecordedClockEvent, correction_row, event_row, policy_version_row,
    sent_notice_row, ticket_row,
};
use super::{
    ClockEvent, Correction, EventRow, NewEvent, NewNotice, NewTicket, NoticeRow, PolicyVersion,
    SentNotice, Summary, TicketFilter, TicketId, TicketRow, Tx, Write,
};
use crate::model::{EventData, EventKind, Field};

mod copy;
mod dialect;
mod filter;

pub(super) use copy::{
    COPIED_EVENT_COLUMNS, COPIED_NOTICE_COLUMNS, COPIED_POLICY_COLUMNS, COPIED_TICKET_COLUMNS,
    copied_event_values, copied_notice_values, copied_policy_values, copied_ticket_values,
};
use copy::{COPY_EVENT, COPY_NOTICE, COPY_POLICY_VERSION, COPY_TICKET};
pub(super) use dialect::Dialect;
pub(super) use filter::Filter;

// The column lists, as macros so `concat!` builds whole statements from
// them at compile time. The decoders in `rows.rs` read them by position.
macro_rules! ticket_columns {
    () => {
        "t.id, t.kind, t.severity, t.title, t.customer, t.service, t.reported_at, \
         t.opened_at, t.policy_version, t.state, t.current_severity, t.escalation_level, \
         t.last_event_at, t.resolved_at, t.external_ref, t.owner, t.contract"
    };
}

macro_rules! event_columns {
    () => {
        "e.id, e.ticket_id, e.at, e.recorded_at, e.\"by\", e.kind, e.severity, e.level, \
         e.next_update, e.reason, e.text, e.policy_version, e.owner, e.field, e.voids, \
         e.old_value, e.new_value, e.db_user, e.contract"
    };
}

/// The columns an inserted ticket sets, in the order of `ticket_values`.
macro_rules! insert_ticket {
    () => {
        "INSERT INTO tickets (kind, severity, title, customer, service, reported_at, \
         opened_at, policy_version, state, current_severity, escalation_level, \
         last_event_at, resolved_at, external_ref, contract) "
    };
}

/// The columns an appended event sets, in the order of `event_values`.
/// Never `db_user`: on PostgreSQL its default is `session_user`, the role
/// the server authenticated, which a writer may not name (schema 9); on
/// SQLite, which has no roles, it stays NULL.
macro_rules! insert_event {
    () => {
        "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, level, \
         next_update, reason, text, policy_version, owner, field, voids, old_value, \
         new_value, contract) "
    };
}

/// The columns a recorded notice sets, in the order of `notice_values`.
macro_rules! insert_notice {
    () => {
        "INSERT INTO notices (ticket_id, concern, clock, occurrence, sent_at, channel, \
         summary) "
    };
}

pub(super) use {event_columns, insert_event, insert_notice, insert_ticket, ticket_columns};

pub(super) const TICKET_COLUMNS: &str = ticket_columns!();
pub(super) const EVENT_COLUMNS: &str = event_columns!();
/// What the clocks need of an event (see `ClockEvent`): every column here
/// is in the `events_by_ticket` index, so these are read from it alone.
/// An event carries at most one text datum, by its kind (an assignment's
/// owner, an edit's field, a pin's contract), so the three are read as one
/// column: every column costs each of the millions of events a long walk
/// reads (a fourth text column cost pinned `export` 4.7 %, issue 18).
pub(super) const CLOCK_EVENT_COLUMNS: &str = "e.id, e.ticket_id, e.at, e.kind, e.severity, \
     e.level, e.next_update, e.policy_version, coalesce(e.owner, e.field, e.contract), e.voids";

/// The same and when each was recorded, which the index does not hold.
pub(super) const RECORDED_CLOCK_EVENT_COLUMNS: &str = "e.id, e.ticket_id, e.at, e.kind, \
     e.severity, e.level, e.next_update, e.policy_version, \
     coalesce(e.owner, e.field, e.contract), e.voids, e.recorded_at";

pub(super) const POLICY_TEXT: &str = "SELECT text FROM policy_versions WHERE id = $1";
const POLICY_VERSIONS: &str = "SELECT id, hash, text, first_seen FROM policy_versions ORDER BY id";
pub(super) const POLICY_ID: &str = "SELECT id FROM policy_versions WHERE hash = $1";
pub(super) const TICKET: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets t WHERE t.id = $1"
);
pub(super) const TICKET_BY_REF: &str = concat!(
    "SELECT ",
    ticket_columns!(),
    " FROM tickets t WHERE t.external_ref = $1"
);
pub(super) const EVENTS: &str = concat!(
    "SELECT ",
    event_columns!(),
    " FROM events e WHERE e.ticket_id = $1 ORDER BY e.at, e.id"
);
/// The columns of `tickets` the statements below and `MOVE_TO_POLICY`
/// rewrite are the only ones the README's writer role may UPDATE (a
/// column-level grant): one added here needs a grant too, made to every
/// role granted the others by the migration that adds it (as migration 10
/// grants the events' `contract`), and in the README's SQL.
pub(super) const SET_SUMMARY: &str = "UPDATE tickets SET state = $1, current_severity = $2, \
     escalation_level = $3, last_event_at = $4, resolved_at = $5, owner = $6 WHERE id = $7";
/// `edit`'s corrections, one statement per field (the column names are
/// fixed here; the values are bound): see `set_detail_sql`.
const SET_TITLE: &str = "UPDATE tickets SET title = $1 WHERE id = $2";
const SET_CUSTOMER: &str = "UPDATE tickets SET customer = $1 WHERE id = $2";
const SET_SERVICE: &str = "UPDATE tickets SET service = $1 WHERE id = $2";
const SET_REF: &str = "UPDATE tickets SET external_ref = $1 WHERE id = $2";
/// `policy apply`'s re-pin of a ticket's contract (NULL: the base policy).
const SET_CONTRACT: &str = "UPDATE tickets SET contract = $1 WHERE id = $2";
const RECENT_IDS: &str = "SELECT id FROM tickets ORDER BY id DESC LIMIT $1";
/// The partial index `tickets_unresolved` serves this (SQLite reads `<>`
/// and `!=` as one operator, so its index on `state != 'resolved'` applies).
const OPEN_IDS: &str = "SELECT id FROM tickets WHERE state <> 'resolved' ORDER BY id";
/// The newest event's id (0 in a log without events): the primary key's
/// index answers it without reading the table.
pub(super) const LATEST_EVENT: &str = "SELECT coalesce(max(id), 0) FROM events";
/// When the newest event was recorded (by the recording machine's clock):
/// the primary key's index finds it, one row read.
/// The latest instant anything was recorded in the log: every write sets
/// its ticket's `last_event_at` to at least the instant it records, and
/// the index on it answers at once. Not the newest row's `recorded_at`: a
/// row written last by a machine whose clock is behind would hide a
/// later instant recorded before it by another.
const LATEST_RECORDED: &str = "SELECT max(last_event_at) FROM tickets";
/// What `notify` has sent about the unresolved tickets, per event.
const SENT_NOTICES: &str = "SELECT n.ticket_id, n.concern, n.clock, n.occurrence, \
     max(n.sent_at), count(*) \
     FROM tickets t JOIN notices n ON n.ticket_id = t.id WHERE t.state <> 'resolved' \
     GROUP BY n.ticket_id, n.concern, n.clock, n.occurrence \
     ORDER BY n.ticket_id, n.concern, n.clock, n.occurrence";
/// A value bound to a statement, typed as its column: ids and instants are
/// BIGINT on PostgreSQL, severities and levels SMALLINT (both INTEGER on
/// SQLite). Values are always bound, never written into the SQL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Param<'a> {
    Big(Option<i64>),
    Small(Option<i16>),
    Text(Option<&'a str>),
}

impl<'a> Param<'a> {
    pub(super) fn big(v: i64) -> Param<'a> {
        Param::Big(Some(v))
    }

    pub(super) fn small(v: Option<u8>) -> Param<'a> {
        Param::Small(v.map(i16::from))
    }

    pub(super) fn text(v: &'a str) -> Param<'a> {
        Param::Text(Some(v))
    }
}

/// The values of `insert_ticket!()`, as `$1` to `$10`: a new ticket is
/// open, at level 0, with its severity at opening as its current one and
/// the instant it was recorded as its last (`$2` and `$7` are used twice).
/// The statement that corrects `field`.
pub(super) fn set_detail_sql(field: Field) -> &'static str {
    match field {
        Field::Title => SET_TITLE,
        Field::Customer => SET_CUSTOMER,
        Field::Service => SET_SERVICE,
        Field::Ref => SET_REF,
    }
}

/// The values of `SET_SUMMARY`.
pub(super) fn summary_values(id: TicketId, s: &Summary) -> [Param<'_>; 7] {
    [
        Param::text(s.state.as_str()),
        Param::small(s.severity),
        Param::small(Some(s.escalation_level)),
        Param::big(s.last_event_at),
        Param::Big(s.resolved_at),
        Param::Text(s.owner.as_deref()),
        Param::big(id.0),
    ]
}

pub(super) fn ticket_values(t: &NewTicket) -> [Param<'_>; 10] {
    [
        Param::text(t.kind.as_str()),
        Param::small(t.severity),
        Param::text(&t.title),
        Param::Text(t.customer.as_deref()),
        Param::Text(t.service.as_deref()),
        Param::big(t.reported_at),
        Param::big(t.opened_at),
        Param::big(t.policy_version),
        Param::Text(t.external_ref.as_deref()),
        Param::Text(t.contract.as_deref()),
    ]
}

/// The values of `insert_event!()`, as `$1` to `$17` (and, after an id, of
/// `COPY_EVENT`).
pub(super) fn event_values<'a>(e: &'a NewEvent, data: &'a EventData) -> [Param<'a>; 17] {
    [
        Param::big(e.ticket.0),
        Param::big(e.at),
        Param::big(e.recorded_at),
        Param::text(&e.by),
        Param::text(e.kind.as_str()),
        Param::small(data.severity),
        Param::small(data.level),
        Param::Big(data.next_update),
        Param::Text(e.reason.as_deref()),
        Param::Text(e.text.as_deref()),
        Param::Big(e.policy_version),
        Param::Text(data.owner.as_deref()),
        Param::Text(data.field.as_deref()),
        Param::Big(data.voids),
        Param::Text(e.old_value.as_deref()),
        Param::Text(e.new_value.as_deref()),
        Param::Text(e.contract.as_deref()),
    ]
}

/// The values of `insert_notice!()`, as `$1` to `$7` (and, after an id,
/// of `COPY_NOTICE`).
pub(super) fn notice_values(n: &NewNotice) -> [Param<'_>; 7] {
    [
        Param::big(n.ticket.0),
        Param::text(&n.concern),
        Param::text(&n.clock),
        Param::big(n.occurrence),
        Param::big(n.sent_at),
        Param::text(&n.channel),
        Param::text(&n.summary),
    ]
}

/// Every row `sql` returns, decoded.
fn all<D: Dialect, T>(
    d: &mut D,
    sql: &str,
    params: &[Param],
    decode: impl Fn(&dyn Columns) -> Result<T>,
) -> Result<Vec<T>> {
    let mut found = Vec::new();
    d.query(sql, params, &mut |r| {
        found.push(decode(r)?);
        Ok(())
    })?;
    Ok(found)
}

/// The one row `sql` returns, if any, decoded.
fn one<D: Dialect, T>(
    d: &mut D,
    sql: &str,
    params: &[Param],
    decode: impl Fn(&dyn Columns) -> Result<T>,
) -> Result<Option<T>> {
    let mut rows = all(d, sql, params, decode)?;
    if rows.len() > 1 {
        bail!(crate::msg!("log-rows-for-one", n = rows.len().to_string()));
    }
    Ok(rows.pop())
}

fn id_at_0(r: &dyn Columns) -> Result<TicketId> {
    r.big(0)?
        .map(TicketId)
        .context(crate::msg!("log-empty-ticket-id"))
}

fn count<D: Dialect>(d: &mut D, sql: &str) -> Result<i64> {
    one(d, sql, &[], |r| r.big(0))?
        .flatten()
        .context(crate::msg!("log-count-no-row"))
}

/// Takes the events of `ticket` from the front of `events`, which holds
/// the events of the listed tickets, in ticket order, each with its ticket,
/// into `own` (cleared first), so one buffer serves a whole listing.
/// Events of a ticket before it (one not listed) are passed over.
pub(super) fn own_events_into<E>(
    events: &mut Peekable<impl Iterator<Item = Result<(TicketId, E)>>>,
    ticket: TicketId,
    own: &mut Vec<E>,
) -> Result<()> {
    own.clear();
    while let Some(next) = events.next_if(|e| !matches!(e, Ok((t, _)) if *t > ticket)) {
        let (t, event) = next?;
        if t == ticket {
            own.push(event);
        }
    }
    Ok(())
}

/// `Tx::finish_change` one statement at a time: each write in turn, the
/// summary, and the ticket and its events read back.
pub(super) fn write_change_each<D: Dialect>(
    d: &mut D,
    id: TicketId,
    writes: &[Write],
    summary: &Summary,
) -> Result<(TicketRow, Vec<EventRow>)> {
    for write in writes {
        match write {
            Write::Event(e) => {
                d.append_event(e)?;
            }
            Write::Detail(field, value) => d.set_detail(id, *field, value.as_deref())?,
        }
    }
    d.set_summary(id, summary)?;
    d.read_ticket_with_events(id)?
        .with_context(|| crate::msg!("log-vanished-changed", id = id.to_string()))
}

/// The "opened" event of ticket `id`, opened as `t`, which carries the
/// severity it was opened with.
pub(super) fn opened_event(id: TicketId, t: &NewTicket) -> (NewEvent, EventData) {
    let opened = NewEvent {
        ticket: id,
        at: t.reported_at,
        recorded_at: t.opened_at,
        by: t.by.clone(),
        kind: EventKind::Opened,
        reason: None,
        text: t.text.clone(),
        policy_version: Some(t.policy_version),
        old_value: None,
        new_value: None,
        contract: t.contract.clone(),
    };
    let data = EventData {
        severity: t.severity,
        ..EventData::default()
    };
    (opened, data)
}

/// `Tx::finish_open` one statement at a time.
pub(super) fn write_open_each<D: Dialect>(
    d: &mut D,
    t: &NewTicket,
) -> Result<(TicketRow, Vec<EventRow>)> {
    let id = d.insert_ticket(t)?;
    d.read_ticket_with_events(id)?
        .with_context(|| crate::msg!("log-vanished-opened", id = id.to_string()))
}

/// What failed when `field` of ticket `id` could not be corrected.
pub(super) fn cannot_correct(field: Field, id: TicketId) -> crate::i18n::Msg {
    crate::msg!(
        "log-cannot-correct",
        field = field.as_str(),
        id = id.to_string()
    )
}

/// An update changed no row: the ticket is not there.
pub(super) fn ensure_found(changed: u64, id: TicketId) -> Result<()> {
    if changed == 0 {
        bail!(crate::msg!("log-no-ticket", id = id.to_string()));
    }
    Ok(())
}

impl<D: Dialect> Tx for D {
    fn lock(&mut self) -> Result<()> {
        self.take_lock()
    }

    fn seen_before_lock(&self) -> Option<i64> {
        self.newest_before_lock()
    }

    fn policy_version(&mut self, hash: &str, text: &str, now: i64) -> Result<i64> {
        self.store_policy(hash, text, now)
    }

    fn policy_text(&mut self, id: i64) -> Result<String> {
        match self.read_policy_text(id)? {
            Some(text) => Ok(text),
            None => bail!(crate::msg!("log-no-policy", version = id.to_string())),
        }
    }

    fn policy_versions(&mut self) -> Result<Vec<PolicyVersion>> {
        all(self, POLICY_VERSIONS, &[], |r| policy_version_row(r))
    }

    /// Records a new ticket (state "open", level 0) and its "opened" event,
    /// which carries the severity it was opened with.
    fn insert_ticket(&mut self, t: &NewTicket) -> Result<TicketId> {
        let id = self.insert_ticket_row(t)?;
        let (opened, data) = opened_event(id, t);
        self.insert_event_row(&opened, &data)?;
        Ok(id)
    }

    fn finish_open(&mut self, t: &NewTicket) -> Result<(TicketRow, Vec<EventRow>)> {
        self.write_open(t)
    }

    fn ticket(&mut self, id: TicketId) -> Result<Option<TicketRow>> {
        one(self, TICKET, &[Param::big(id.0)], |r| ticket_row(r))
    }

    fn ticket_by_ref(&mut self, reference: &str) -> Result<Option<TicketRow>> {
        one(self, TICKET_BY_REF, &[Param::text(reference)], |r| {
            ticket_row(r)
        })
        .with_context(|| {
            crate::msg!(
                "log-cannot-look-up-ref",
                reference = crate::i18n::quoted(reference)
            )
        })
    }

    fn ticket_by_ref_and_policy(
        &mut self,
        reference: &str,
        hash: &str,
        text: &str,
    ) -> Result<(Option<TicketRow>, Option<i64>)> {
        self.read_ref_and_policy(reference, hash, text)
            .with_context(|| {
                crate::msg!(
                    "log-cannot-look-up-ref",
                    reference = crate::i18n::quoted(reference)
                )
            })
    }

    fn events(&mut self, id: TicketId) -> Result<Vec<EventRow>> {
        all(self, EVENTS, &[Param::big(id.0)], |r| event_row(r))
            .with_context(|| crate::msg!("log-cannot-read-events", id = id.to_string()))
    }

    fn ticket_with_events(&mut self, id: TicketId) -> Result<Option<(TicketRow, Vec<EventRow>)>> {
        self.read_ticket_with_events(id)
            .with_context(|| crate::msg!("log-cannot-read-ticket-events", id = id.to_string()))
    }

    fn finish_change(
        &mut self,
        id: TicketId,
        writes: &[Write],
        summary: &Summary,
    ) -> Result<(TicketRow, Vec<EventRow>)> {
        self.write_change(id, writes, summary)
    }

    /// Appends an event and returns its id. Events are never changed.
    fn append_event(&mut self, e: &NewEvent) -> Result<i64> {
        self.insert_event_row(e, &e.kind.data())
    }

    /// Rewrites a ticket's summary (after the caller derived it from the events).
    fn set_summary(&mut self, id: TicketId, s: &Summary) -> Result<()> {
        let changed = self.execute(SET_SUMMARY, &summary_values(id, s))?;
        ensure_found(changed, id)
    }

    fn set_detail(&mut self, id: TicketId, field: Field, value: Option<&str>) -> Result<()> {
        let changed = self
            .execute(
                set_detail_sql(field),
                &[Param::Text(value), Param::big(id.0)],
            )
            .with_context(|| cannot_correct(field, id))?;
        ensure_found(changed, id)
    }

    fn set_policy_version(&mut self, id: TicketId, version: i64) -> Result<()> {
        self.move_to_policy(id, version)
    }

    fn set_contract(&mut self, id: TicketId, contract: Option<&str>) -> Result<()> {
        let changed = self
            .execute(SET_CONTRACT, &[Param::Text(contract), Param::big(id.0)])
            .with_context(|| crate::msg!("log-cannot-repin", id = id.to_string()))?;
        ensure_found(changed, id)
    }

    fn for_each_ticket(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<ClockEvent>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_ticket_lent(f, &mut |ticket, events| each(ticket, events.to_vec()))
    }

    /// The fast form reads the events index alone; the log as it stood at
    /// an instant needs each event's recording time, from its row, and
    /// hands on those recorded by then from a second reused buffer.
    fn for_each_ticket_lent(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &[ClockEvent]) -> Result<()>,
    ) -> Result<()> {
        let Some(then) = f.recorded_by else {
            return self.walk_tickets_lent(f, each);
        };
        let mut known = Vec::new();
        self.walk_tickets_lent(f, &mut |ticket, events: &[RecordedClockEvent]| {
            if ticket.opened_at > then {
                return Ok(());
            }
            known.clear();
            known.extend(
                events
                    .iter()
                    .filter(|e| e.recorded_at <= then)
                    .map(|e| e.event.clone()),
            );
            each(ticket, &known)
        })
    }

    fn for_each_event(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        self.walk_events(f, each)
    }

    /// Edits are few: the tickets selected are walked by the filter's
    /// index, their events by `events_by_ticket`, which holds each event's
    /// kind and field, so only the edits' rows are read for their values.
    /// They are sorted here: an `ORDER BY e.id` would have SQLite walk
    /// every event in id order instead (0.7 s on a million tickets' log,
    /// against 0.03 s for a month's).
    fn corrections(&mut self, f: &TicketFilter, field: Field) -> Result<Vec<Correction>> {
        let mut filter = Filter::new::<Self>(f);
        let conditions = filter.and();
        let field_at = filter.bind(Param::text(field.as_str()));
        let sql = format!(
            "SELECT e.ticket_id, e.id, e.old_value, e.new_value \
             FROM tickets t JOIN events e ON e.ticket_id = t.id \
             WHERE {conditions}e.kind = 'edited' AND e.field = {field_at}"
        );
        let mut found = all(self, &sql, &filter.params, |r| correction_row(r)).context(
            crate::msg!("log-cannot-read-corrections", field = field.as_str()),
        )?;
        found.sort_unstable_by_key(|c| c.event);
        Ok(found)
    }

    fn recent_ids(&mut self, n: usize) -> Result<Vec<TicketId>> {
        let limit = i64::try_from(n).unwrap_or(i64::MAX);
        all(self, RECENT_IDS, &[Param::big(limit)], id_at_0)
    }

    fn open_ids(&mut self) -> Result<Vec<TicketId>> {
        all(self, OPEN_IDS, &[], id_at_0)
    }

    fn record_notice(&mut self, n: &NewNotice) -> Result<i64> {
        self.insert_notice_row(n)
            .with_context(|| crate::msg!("log-cannot-record-notice", id = n.ticket.to_string()))
    }

    fn sent_notices(&mut self) -> Result<Vec<SentNotice>> {
        all(self, SENT_NOTICES, &[], |r| sent_notice_row(r))
            .context(crate::msg!("log-cannot-read-notices"))
    }

    fn latest_event_id(&mut self) -> Result<i64> {
        count(self, LATEST_EVENT).context(crate::msg!("log-cannot-read-newest"))
    }

    fn latest_recorded_at(&mut self) -> Result<Option<i64>> {
        Ok(one(self, LATEST_RECORDED, &[], |r| r.big(0))?.flatten())
    }
}
