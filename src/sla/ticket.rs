//! Tickets and their event log, and the rules for which events may follow
//! which (`check_event`).
//!
//! The store keeps events append-only; everything about a ticket's present
//! (waiting, resolved, its severity and escalation level) is computed from
//! them by `replay`, so there is one place that decides it.

use chrono::{DateTime, Utc};

use super::replay::summarize;
use super::{EventKind, Kind, Policy, Severity, TicketState};

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
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

/// Why an event cannot be recorded. It carries no words: the message a
/// person reads is written by the app, which knows what sla does not (the
/// ticket's id, the local zone, who marked a wait, the level's contact).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The event's time is after "now".
    InFuture,
    /// Before the ticket was reported (then).
    BeforeReport(DateTime<Utc>),
    /// Before the ticket's last recorded event (then).
    BeforeLastEvent(DateTime<Utc>),
    /// The ticket is resolved; only a note or a reopen may follow.
    Resolved,
    /// A reopen of a ticket that is not resolved.
    NotResolved,
    /// A wait while waiting: since when, and the index of the event that began it.
    AlreadyWaiting { since: DateTime<Utc>, event: usize },
    /// A resume while not waiting.
    NotWaiting,
    /// An escalation past the top level (the level it is at).
    TopLevel(u8),
    /// An escalation that is not to the next level.
    SkipsLevel { expected: u8 },
    /// A severity change on a kind that has none.
    NoSeverity(Kind),
    /// A severity change to the severity it has.
    SameSeverity(Severity),
    /// A promised next update not after the update itself (the promise).
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
    if let Some(last) = events.iter().map(|e| e.at).max()
        && event.at < last
    {
        return Err(Refusal::BeforeLastEvent(last));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::*;

    #[test]
    fn refusals() {
        let p = Policy::default_policy();
        let tk = incident(1);
        let check = |events: &[Event], e: Event| check_event(&p, &tk, events, &e, at(1000));
        assert_eq!(
            check(&[], ev(1001, EventKind::Note)),
            Err(Refusal::InFuture)
        );
        assert_eq!(
            check(&[], ev(-1, EventKind::Note)),
            Err(Refusal::BeforeReport(t(T0)))
        );
        assert_eq!(
            check(&[update(10)], update(9)),
            Err(Refusal::BeforeLastEvent(at(10)))
        );
        assert!(matches!(
            check(&[ev(5, EventKind::Waiting)], ev(6, EventKind::Waiting)),
            Err(Refusal::AlreadyWaiting { .. })
        ));
        assert_eq!(
            check(&[], ev(6, EventKind::Resumed)),
            Err(Refusal::NotWaiting)
        );
        assert_eq!(
            check(&[ev(5, EventKind::Resolved)], update(6)),
            Err(Refusal::Resolved)
        );
        assert_eq!(
            check(&[], ev(6, EventKind::Reopened)),
            Err(Refusal::NotResolved)
        );
        assert_eq!(
            check(&[ev(5, EventKind::Resolved)], ev(6, EventKind::Note)),
            Ok(())
        );
        let top: Vec<Event> = (1..=3)
            .map(|l| ev(1, EventKind::Escalated { level: l }))
            .collect();
        assert_eq!(
            check(&top, ev(2, EventKind::Escalated { level: 4 })),
            Err(Refusal::TopLevel(3))
        );
        assert_eq!(
            check(&[], ev(2, EventKind::Escalated { level: 2 })),
            Err(Refusal::SkipsLevel { expected: 1 })
        );
        assert_eq!(
            check(&[], ev(2, EventKind::SeverityChanged { to: Severity::S1 })),
            Err(Refusal::SameSeverity(Severity::S1))
        );
        assert_eq!(
            check(&[], promise(10, 10)),
            Err(Refusal::PromiseNotAfter(at(10)))
        );
        let inquiry = ticket(Kind::Inquiry, Some(3));
        assert_eq!(
            check_event(
                &p,
                &inquiry,
                &[],
                &ev(2, EventKind::SeverityChanged { to: Severity::S1 }),
                at(10)
            ),
            Err(Refusal::NoSeverity(Kind::Inquiry))
        );
    }
}
