//! What the renderers are given: a ticket's details, its evaluation and
//! policy (`View`), and its timeline, all typed. `app` builds them from
//! the store's rows; nothing in `output` reads a row of the store.

use std::rc::Rc;

use chrono::{DateTime, Utc};

use crate::model::TicketId;
use crate::sla::{Evaluation, EventKind, Kind, Policy};

/// What is fixed about a ticket from its opening.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketDetails {
    pub id: TicketId,
    pub kind: Kind,
    pub title: String,
    pub customer: Option<String>,
    pub service: Option<String>,
    /// The external reference given at opening, unique in the log.
    pub reference: Option<String>,
    /// When the customer reported it: every clock's origin.
    pub reported_at: DateTime<Utc>,
    /// When it was recorded in the log.
    pub opened_at: DateTime<Utc>,
    /// The policy version it is pinned to.
    pub policy_version: i64,
    /// The contract it is pinned to with that version (`None`: the base).
    pub contract: Option<String>,
}

/// A ticket as the renderers see it: its details, its clocks at one
/// instant, and the policy it is judged by.
#[derive(Debug, Clone)]
pub struct View {
    pub ticket: TicketDetails,
    pub eval: Evaluation,
    pub policy: Rc<Policy>,
}

/// One event of a ticket's timeline, as it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// Its place in the ticket's timeline, from 1 (the opening event):
    /// what `void ID N` names.
    pub number: usize,
    pub at: DateTime<Utc>,
    /// When it was written to the log: later than `at` for an event
    /// back-dated with `--at` (see [`RECORDED_LATE_SECS`]).
    pub recorded_at: DateTime<Utc>,
    pub kind: EventKind,
    pub by: String,
    /// The database role that wrote it (PostgreSQL's `session_user`; None
    /// on SQLite): what the server authenticated, beside what `by` says.
    pub db_user: Option<String>,
    /// The figures recorded with it, as recorded: the severity of an
    /// `opened` or `severity` event, the level of an `escalated` one, the
    /// promise of an `updated` one.
    pub severity: Option<u8>,
    pub level: Option<u8>,
    pub next_update: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub text: Option<String>,
    /// An edit's value before and after (None: there was none); for an
    /// assignment, `old_value` is the owner it took the ticket from (None:
    /// nobody owned it).
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// A void: the number of the event it voids.
    pub voids: Option<usize>,
    /// The void that marks this event recorded by mistake, if any.
    pub voided: Option<Voiding>,
}

/// How much later than its time an event must have been recorded for the
/// timeline to say when (`recorded 2 Nov 10:00`): more than 15 minutes. A
/// back-dated event can change figures already read (a closed month's);
/// an `--at` a few minutes back, as a person types it after a call, is
/// not worth a mark on every row.
pub const RECORDED_LATE_SECS: i64 = 15 * 60;

/// Who voided an event, when and why, and the void's own number.
#[derive(Debug, Clone, PartialEq)]
pub struct Voiding {
    pub number: usize,
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: Option<String>,
}
