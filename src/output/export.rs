//! `export`'s records: one row per ticket with its SLA figures, or one per
//! event, written as CSV (a header row, then rows) or as JSON lines (one
//! object per line). Instants are RFC 3339 UTC, durations whole seconds, and
//! a figure that does not apply is an empty cell (null in JSON).
//!
//! In CSV, text from users that a spreadsheet would run as a formula is
//! prefixed with `'`; JSON keeps the raw text.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sla::{Clock, Figures};

use super::View;

/// The ticket columns, in order (SPEC section 7, "What reports read").
/// New columns go at the end, so a reader by position keeps working.
pub const TICKET_COLUMNS: [&str; 32] = [
    "id",
    "kind",
    "severity",
    "title",
    "customer",
    "service",
    "state",
    "opened_at",
    "resolved_at",
    "escalation_level",
    "response_state",
    "response_target_secs",
    "response_deadline",
    "update_state",
    "update_target_secs",
    "update_deadline",
    "restore_state",
    "restore_target_secs",
    "restore_deadline",
    "response_stopped_at",
    "update_missed",
    "update_longest_gap_secs",
    "restore_counted_secs",
    "restore_waiting_secs",
    "policy_version",
    "ref",
    "owner",
    "own_state",
    "own_target_secs",
    "own_deadline",
    "own_stopped_at",
    "contract",
];

/// The event columns, in order (new ones at the end). An event voided by a
/// later one is kept, with that void's id in `voided_by`; a void names the
/// event it voids in `voids`.
pub const EVENT_COLUMNS: [&str; 20] = [
    "event_id",
    "ticket_id",
    "at",
    "recorded_at",
    "by",
    "kind",
    "severity",
    "level",
    "next_update",
    "reason",
    "text",
    "owner",
    "field",
    "old_value",
    "new_value",
    "voids",
    "voided_by",
    "db_user",
    "policy_version",
    "contract",
];

mod csv_row;
use csv_row::CsvRow;
mod rfc3339;

/// One ticket's export row; field order is the column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketRecord<'a> {
    pub id: i64,
    pub kind: Cow<'a, str>,
    pub severity: Option<u8>,
    pub title: Cow<'a, str>,
    pub customer: Option<Cow<'a, str>>,
    pub service: Option<Cow<'a, str>>,
    pub state: &'static str,
    #[serde(serialize_with = "rfc3339::one")]
    pub opened_at: DateTime<Utc>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub resolved_at: Option<DateTime<Utc>>,
    pub escalation_level: u8,
    pub response_state: &'static str,
    pub response_target_secs: Option<i64>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub response_deadline: Option<DateTime<Utc>>,
    pub update_state: &'static str,
    pub update_target_secs: Option<i64>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub update_deadline: Option<DateTime<Utc>>,
    pub restore_state: &'static str,
    pub restore_target_secs: Option<i64>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub restore_deadline: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub response_stopped_at: Option<DateTime<Utc>>,
    pub update_missed: Option<u32>,
    pub update_longest_gap_secs: Option<i64>,
    pub restore_counted_secs: Option<i64>,
    pub restore_waiting_secs: Option<i64>,
    pub policy_version: i64,
    #[serde(rename = "ref")]
    pub reference: Option<Cow<'a, str>>,
    pub owner: Option<Cow<'a, str>>,
    pub own_state: &'static str,
    pub own_target_secs: Option<i64>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub own_deadline: Option<DateTime<Utc>>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub own_stopped_at: Option<DateTime<Utc>>,
    /// The contract the ticket is judged under (issue 16), or empty.
    pub contract: Option<Cow<'a, str>>,
}

impl<'a> TicketRecord<'a> {
    /// The row for a ticket evaluated at some instant, its texts borrowed.
    pub fn of(v: &'a View) -> TicketRecord<'a> {
        let c = &v.eval.clocks;
        let applies = |clock: &Clock| clock.state != crate::sla::ClockState::None;
        let (missed, longest_gap) = match c.update.figures {
            Figures::Update {
                missed,
                longest_gap_secs,
                ..
            } => (applies(&c.update).then_some(missed), longest_gap_secs),
            _ => (None, None),
        };
        let (counted, waiting) = match c.restore.figures {
            Figures::Restore {
                counted_secs,
                waiting_secs,
            } => (counted_secs, waiting_secs),
            _ => (None, None),
        };
        TicketRecord {
            id: v.ticket.id.0,
            kind: Cow::Borrowed(v.ticket.kind.as_str()),
            severity: v.eval.severity.map(|s| s.get()),
            title: Cow::Borrowed(&v.ticket.title),
            customer: v.ticket.customer.as_deref().map(Cow::Borrowed),
            service: v.ticket.service.as_deref().map(Cow::Borrowed),
            state: v.eval.state.as_str(),
            opened_at: v.ticket.reported_at,
            resolved_at: v.eval.resolved_at,
            escalation_level: v.eval.escalation_level,
            response_state: c.response.state.as_str(),
            response_target_secs: c.response.target_secs,
            response_deadline: c.response.deadline,
            update_state: c.update.state.as_str(),
            update_target_secs: c.update.target_secs,
            update_deadline: c.update.deadline,
            restore_state: c.restore.state.as_str(),
            restore_target_secs: c.restore.target_secs,
            restore_deadline: c.restore.deadline,
            response_stopped_at: c.response.stopped_at,
            update_missed: missed,
            update_longest_gap_secs: longest_gap,
            restore_counted_secs: counted,
            restore_waiting_secs: waiting,
            policy_version: v.ticket.policy_version,
            reference: v.ticket.reference.as_deref().map(Cow::Borrowed),
            owner: v.eval.owner.as_deref().map(Cow::Borrowed),
            own_state: c.own.state.as_str(),
            own_target_secs: c.own.target_secs,
            own_deadline: c.own.deadline,
            own_stopped_at: c.own.stopped_at,
            contract: v.ticket.contract.as_deref().map(Cow::Borrowed),
        }
    }

    fn for_csv(mut self) -> TicketRecord<'a> {
        self.kind = safe(self.kind);
        self.title = safe(self.title);
        self.customer = self.customer.map(safe);
        self.service = self.service.map(safe);
        self.reference = self.reference.map(safe);
        self.owner = self.owner.map(safe);
        self.contract = self.contract.map(safe);
        self
    }
}

/// One event's export row; field order is the column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub event_id: i64,
    pub ticket_id: i64,
    #[serde(serialize_with = "rfc3339::one")]
    pub at: DateTime<Utc>,
    #[serde(serialize_with = "rfc3339::one")]
    pub recorded_at: DateTime<Utc>,
    pub by: String,
    pub kind: String,
    pub severity: Option<u8>,
    pub level: Option<u8>,
    #[serde(serialize_with = "rfc3339::opt")]
    pub next_update: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub text: Option<String>,
    /// An assignment's new owner.
    pub owner: Option<String>,
    /// An edit's field, and its value before and after.
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// A void: the id of the event it voids.
    pub voids: Option<i64>,
    /// A voided event: the id of the void.
    pub voided_by: Option<i64>,
    /// The database role that wrote it (PostgreSQL's `session_user`),
    /// beside what `by` says; empty on SQLite.
    pub db_user: Option<String>,
    /// An opening's or a re-pin's policy version and contract: what the
    /// ticket is judged under from then on.
    pub policy_version: Option<i64>,
    pub contract: Option<String>,
}

impl EventRecord {
    fn for_csv(mut self) -> EventRecord {
        self.by = spreadsheet_safe(self.by);
        self.kind = spreadsheet_safe(self.kind);
        self.reason = self.reason.map(spreadsheet_safe);
        self.text = self.text.map(spreadsheet_safe);
        self.owner = self.owner.map(spreadsheet_safe);
        self.old_value = self.old_value.map(spreadsheet_safe);
        self.new_value = self.new_value.map(spreadsheet_safe);
        self.db_user = self.db_user.map(spreadsheet_safe);
        self.contract = self.contract.map(spreadsheet_safe);
        self
    }
}

/// A stream of export records in one format.
pub enum Records<W: Write> {
    /// Events as CSV, through the csv crate.
    Csv(Box<csv::Writer<W>>),
    /// Tickets as CSV, each row written by [`TicketRecord::write_csv`]
    /// into `row` and then into `out`.
    TicketCsv {
        out: W,
        row: Vec<u8>,
    },
    JsonLines(W),
}

impl<W: Write> Records<W> {
    /// Tickets as CSV; the header row is written at once, so an empty
    /// export still says what its columns are.
    pub fn tickets_csv(mut w: W) -> io::Result<Records<W>> {
        let mut row = Vec::with_capacity(512);
        let mut fields = CsvRow::new(&mut row);
        for column in TICKET_COLUMNS {
            fields.text(column);
        }
        fields.end();
        w.write_all(&row)?;
        Ok(Records::TicketCsv { out: w, row })
    }

    /// Ticket rows as CSV without the header: a part of an export written
    /// apart, to follow a `tickets_csv` header.
    pub fn ticket_rows(w: W) -> Records<W> {
        Records::TicketCsv {
            out: w,
            row: Vec::with_capacity(512),
        }
    }

    /// Events as CSV, the header row written at once.
    pub fn events_csv(w: W) -> io::Result<Records<W>> {
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(w);
        writer.write_record(EVENT_COLUMNS).map_err(csv_io)?;
        Ok(Records::Csv(Box::new(writer)))
    }

    pub fn json_lines(w: W) -> Records<W> {
        Records::JsonLines(w)
    }

    pub fn ticket(&mut self, v: &View) -> io::Result<()> {
        let record = TicketRecord::of(v);
        match self {
            Records::TicketCsv { out, row } => {
                row.clear();
                record.for_csv().write_csv(row);
                out.write_all(row)
            }
            Records::Csv(w) => w.serialize(record.for_csv()).map_err(csv_io),
            Records::JsonLines(w) => json_line(w, &record),
        }
    }

    pub fn event(&mut self, record: EventRecord) -> io::Result<()> {
        match self {
            Records::Csv(w) => w.serialize(record.for_csv()).map_err(csv_io),
            // Rows of another width under the tickets' header, which the
            // csv crate refused too.
            Records::TicketCsv { .. } => Err(io::Error::other(
                "an event row cannot follow the tickets' CSV header",
            )),
            Records::JsonLines(w) => json_line(w, &record),
        }
    }

    /// Flushes and hands back the writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Records::Csv(w) => w.into_inner().map_err(|e| e.into_error()),
            Records::TicketCsv { out: mut w, .. } | Records::JsonLines(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}

fn json_line(w: &mut impl Write, record: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, record)?;
    w.write_all(b"\n")
}

/// Keeps the underlying I/O error (a closed pipe must stay recognisable).
pub(super) fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets
/// show as text and do not display.
pub fn spreadsheet_safe(text: String) -> String {
    safe(Cow::Owned(text)).into_owned()
}

/// `spreadsheet_safe`, copying the text only when it needs the `'`.
fn safe(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::instant;

    #[test]
    fn formulas_are_neutralised() {
        for (text, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("VXC down", "VXC down"),
            ("障害: 東京", "障害: 東京"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(text.into()), want);
        }
    }

    /// The header serde would write from the field names.
    fn header_of(record: impl Serialize) -> String {
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(record).unwrap();
        let bytes = w.into_inner().unwrap();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    }

    #[test]
    fn columns_follow_the_record_fields() {
        let t = instant(0);
        let ticket = TicketRecord {
            id: 1,
            kind: "incident".into(),
            severity: Some(1),
            title: "x".into(),
            customer: None,
            service: None,
            state: "open",
            opened_at: t,
            resolved_at: None,
            escalation_level: 0,
            response_state: "running",
            response_target_secs: Some(900),
            response_deadline: Some(t),
            update_state: "pending",
            update_target_secs: None,
            update_deadline: None,
            restore_state: "running",
            restore_target_secs: Some(1),
            restore_deadline: Some(t),
            response_stopped_at: None,
            update_missed: Some(0),
            update_longest_gap_secs: None,
            restore_counted_secs: Some(0),
            restore_waiting_secs: Some(0),
            policy_version: 1,
            reference: Some("CASE-1".into()),
            owner: Some("alice".into()),
            own_state: "none",
            own_target_secs: None,
            own_deadline: None,
            own_stopped_at: None,
            contract: Some("premium".into()),
        };
        assert_eq!(header_of(ticket), TICKET_COLUMNS.join(","));
        assert_eq!(header_of(a_note()), EVENT_COLUMNS.join(","));
    }

    /// A note's export row, at the epoch.
    pub(super) fn a_note() -> EventRecord {
        let t = instant(0);
        EventRecord {
            event_id: 1,
            ticket_id: 2,
            at: t,
            recorded_at: t,
            by: "alice".into(),
            kind: "note".into(),
            severity: None,
            level: None,
            next_update: None,
            reason: None,
            text: Some("x".into()),
            owner: None,
            field: None,
            old_value: None,
            new_value: None,
            voids: None,
            voided_by: None,
            db_user: Some("support_writer".into()),
            policy_version: None,
            contract: None,
        }
    }
}
