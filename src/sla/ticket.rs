//! Tickets and their event log, the rules for which events may follow which,
//! and the ticket's state derived from its events.
//!
//! The store keeps events append-only; everything about a ticket's present
//! (waiting, resolved, its severity and escalation level) is computed here
//! from them, so there is one place that decides it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Kind, Policy, Severity};

/// What is fixed when a ticket is opened.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub kind: Kind,
    /// The severity at opening: set for incidents, 3 for inquiries, none for provisioning.
    pub severity: Option<Severity>,
    /// When the customer reported the problem: every clock's origin.
    pub reported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Opened,
    /// An update sent to the customer; the first is the initial response.
    Updated {
        next_update: Option<DateTime<Utc>>,
    },
    Waiting,
    Resumed,
    Escalated {
        level: u8,
    },
    SeverityChanged {
        to: Severity,
    },
    Resolved,
    Reopened,
    /// An internal note: no clock moves.
    Note,
    /// The ticket was re-pinned to another policy version.
    PolicyApplied,
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Updated { .. } => "updated",
            EventKind::Waiting => "waiting",
            EventKind::Resumed => "resumed",
            EventKind::Escalated { .. } => "escalated",
            EventKind::SeverityChanged { .. } => "severity",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Note => "note",
            EventKind::PolicyApplied => "policy",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketState {
    Open,
    Waiting,
    Resolved,
}

impl TicketState {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Waiting => "waiting",
            TicketState::Resolved => "resolved",
        }
    }
}

/// A ticket's present, derived from its events.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub state: TicketState,
    pub severity: Option<Severity>,
    pub escalation_level: u8,
    /// Index of the event that started the current wait, if waiting.
    pub waiting_since: Option<usize>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub last_event_at: DateTime<Utc>,
}

/// Folds the events in order. Events that the rules would have refused are
/// skipped, so a damaged log still gives an answer.
pub fn summarize(ticket: &Ticket, events: &[Event]) -> Summary {
    let mut s = Summary {
        state: TicketState::Open,
        severity: ticket.severity,
        escalation_level: 0,
        waiting_since: None,
        resolved_at: None,
        last_event_at: ticket.reported_at,
    };
    for (i, e) in events.iter().enumerate() {
        s.last_event_at = s.last_event_at.max(e.at);
        match (&e.kind, s.state) {
            (EventKind::Reopened, TicketState::Resolved) => {
                s.state = TicketState::Open;
                s.resolved_at = None;
            }
            (_, TicketState::Resolved) => {}
            (EventKind::Waiting, TicketState::Open) => {
                s.state = TicketState::Waiting;
                s.waiting_since = Some(i);
            }
            (EventKind::Resumed, TicketState::Waiting) => {
                s.state = TicketState::Open;
                s.waiting_since = None;
            }
            (EventKind::Resolved, _) => {
                s.state = TicketState::Resolved;
                s.waiting_since = None;
                s.resolved_at = Some(e.at);
            }
            (EventKind::Escalated { level }, _) if *level == s.escalation_level + 1 => {
                s.escalation_level = *level;
            }
            (EventKind::SeverityChanged { to }, _) if ticket.kind == Kind::Incident => {
                s.severity = Some(*to);
            }
            _ => {}
        }
    }
    s
}

/// Why an event cannot be recorded. The app turns these into messages with
/// the ticket's id and the people involved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("that time is in the future")]
    InFuture,
    #[error("that time is before the ticket was reported ({0})")]
    BeforeReport(DateTime<Utc>),
    #[error("that time is before the ticket's last recorded event ({0})")]
    BeforeLastEvent(DateTime<Utc>),
    #[error("the ticket is resolved; reopen it first")]
    Resolved,
    #[error("the ticket is not resolved, so it cannot be reopened")]
    NotResolved,
    #[error("the ticket is already waiting on the customer")]
    AlreadyWaiting { since: DateTime<Utc>, event: usize },
    #[error("the ticket is not waiting on the customer")]
    NotWaiting,
    #[error("the ticket is already at the top escalation level ({0})")]
    TopLevel(u8),
    #[error("escalation climbs one level at a time: the next level is {expected}")]
    SkipsLevel { expected: u8 },
    #[error("only incidents have a severity that can change (this is a {0})")]
    NoSeverity(Kind),
    #[error("the ticket is already severity {0}")]
    SameSeverity(Severity),
    #[error("the promised next update ({0}) is not after the update itself")]
    PromiseNotAfter(DateTime<Utc>),
}

/// Whether `event` may be appended to `events` at `now` under `policy`.
pub fn check_event(
    policy: &Policy,
    ticket: &Ticket,
    events: &[Event],
    event: &Event,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if event.at > now {
        return Err(Refusal::InFuture);
    }
    if event.at < ticket.reported_at {
        return Err(Refusal::BeforeReport(ticket.reported_at));
    }
    if let Some(last) = events.iter().map(|e| e.at).max() {
        if event.at < last {
            return Err(Refusal::BeforeLastEvent(last));
        }
    }
    let s = summarize(ticket, events);
    match (&event.kind, s.state) {
        (EventKind::Note, _) => Ok(()),
        (EventKind::Reopened, TicketState::Resolved) => Ok(()),
        (EventKind::Reopened, _) => Err(Refusal::NotResolved),
        (_, TicketState::Resolved) => Err(Refusal::Resolved),
        (EventKind::Waiting, TicketState::Waiting) => Err(Refusal::AlreadyWaiting {
            since: events[s.waiting_since.unwrap_or(0)].at,
            event: s.waiting_since.unwrap_or(0),
        }),
        (EventKind::Resumed, TicketState::Open) => Err(Refusal::NotWaiting),
        (EventKind::Escalated { level }, _) => {
            if s.escalation_level >= policy.top_level() {
                Err(Refusal::TopLevel(s.escalation_level))
            } else if *level != s.escalation_level + 1 {
                Err(Refusal::SkipsLevel {
                    expected: s.escalation_level + 1,
                })
            } else {
                Ok(())
            }
        }
        (EventKind::SeverityChanged { to }, _) => {
            if ticket.kind != Kind::Incident {
                Err(Refusal::NoSeverity(ticket.kind))
            } else if s.severity == Some(*to) {
                Err(Refusal::SameSeverity(*to))
            } else {
                Ok(())
            }
        }
        (
            EventKind::Updated {
                next_update: Some(p),
            },
            _,
        ) if *p <= event.at => Err(Refusal::PromiseNotAfter(*p)),
        _ => Ok(()),
    }
}
