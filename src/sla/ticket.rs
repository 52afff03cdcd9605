//! Tickets and their event log, the rules for which events may follow
//! which (`check_event`), and which events may be voided (`check_void`).
//!
//! The store keeps events append-only; everything about a ticket's present
//! (waiting, resolved, its severity, escalation level and owner) is
//! computed from them by `replay`, so there is one place that decides it.
//! A voided event stays in the log, marked (`Event::voided`), and `replay`
//! passes over it.

use chrono::{DateTime, Utc};

use super::replay::{Summary, summarize};
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
    /// A later `void` marks it recorded by mistake: it keeps its place in
    /// the log (and in time: nothing is recorded before it) and moves
    /// nothing.
    pub voided: bool,
}

impl Event {
    /// An event as recorded, not voided.
    pub fn new(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event {
            at,
            kind,
            voided: false,
        }
    }
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
    /// Before the ticket's last recorded event: when it is, and its index
    /// in the events (the newest of those at that time), so the refusal
    /// can name the event in the way.
    BeforeLastEvent { at: DateTime<Utc>, event: usize },
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
    /// An assignment to the person who already owns the ticket.
    AlreadyOwner(String),
    /// An unassignment of a ticket nobody owns.
    NotOwned,
}

/// Why an event cannot be voided. Like `Refusal`, it carries no words.
#[derive(Debug, Clone, PartialEq)]
pub enum VoidRefusal {
    /// The opening event: the ticket itself.
    Opening,
    /// A void: it is itself the correction (record the event again instead).
    Void,
    /// It was voided already.
    AlreadyVoided,
    /// A re-pin to another policy: `policy apply` decides those.
    PolicyApplied,
    /// The event at this index was recorded on the strength of it: without
    /// it, that one would have been refused (for this reason), or it edits
    /// the same detail again.
    DependsOn(usize, Option<Refusal>),
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
    // `max_by_key` keeps the last of equals: the newest recorded at that time.
    if let Some((index, last)) = events.iter().enumerate().max_by_key(|(_, e)| e.at)
        && event.at < last.at
    {
        return Err(Refusal::BeforeLastEvent {
            at: last.at,
            event: index,
        });
    }
    check_state(policy, ticket, &summarize(ticket, events), events, event)
}

/// Whether `event` may follow a ticket whose present is `s` (its events
/// folded), leaving times aside.
fn check_state(
    policy: &Policy,
    ticket: &Ticket,
    s: &Summary,
    events: &[Event],
    event: &Event,
) -> Result<(), Refusal> {
    match (&event.kind, s.state) {
        // Corrections of the record, like notes, may follow a resolve.
        (EventKind::Note | EventKind::Edited { .. } | EventKind::Voided { .. }, _) => Ok(()),
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
        (EventKind::Assigned { to }, _) if s.owner.as_ref() == Some(to) => {
            Err(Refusal::AlreadyOwner(to.clone()))
        }
        (EventKind::Unassigned, _) if s.owner.is_none() => Err(Refusal::NotOwned),
        _ => Ok(()),
    }
}

/// Whether the event at `index` of `events` may be voided: never the
/// opening event, a void, one already voided or a re-pin; and never one a
/// later event stands on. The history without it must be one the rules
/// would have recorded: a later event they accepted with it and refuse
/// without it (a resume whose wait is gone, a reopen whose resolve is
/// gone, a level 2 without its level 1, an unassign without its assign)
/// depends on it, and so does a later edit of the same detail (it took the
/// value this one gave as its "before"). The first such event is named.
pub fn check_void(
    policy: &Policy,
    ticket: &Ticket,
    events: &[Event],
    index: usize,
) -> Result<(), VoidRefusal> {
    let Some(target) = events.get(index) else {
        return Ok(());
    };
    match &target.kind {
        EventKind::Opened => return Err(VoidRefusal::Opening),
        EventKind::Voided { .. } => return Err(VoidRefusal::Void),
        EventKind::PolicyApplied => return Err(VoidRefusal::PolicyApplied),
        _ => {}
    }
    if target.voided {
        return Err(VoidRefusal::AlreadyVoided);
    }
    let mut without: Vec<Event> = events.to_vec();
    without[index].voided = true;
    let (mut with_it, mut without_it) = (Summary::opened(ticket), Summary::opened(ticket));
    for (i, e) in events.iter().enumerate() {
        if i > index && !e.voided {
            if let (EventKind::Edited { field }, EventKind::Edited { field: voided }) =
                (&e.kind, &target.kind)
                && field == voided
            {
                return Err(VoidRefusal::DependsOn(i, None));
            }
            let before = check_state(policy, ticket, &with_it, &events[..i], e);
            let after = check_state(policy, ticket, &without_it, &without[..i], e);
            if let (Ok(()), Err(r)) = (before, after) {
                return Err(VoidRefusal::DependsOn(i, Some(r)));
            }
        }
        with_it.step(ticket.kind, i, e);
        without_it.step(ticket.kind, i, &without[i]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::sla::testutil::*;

    /// `events` with those at the indexes given marked voided.
    fn voiding(mut events: Vec<Event>, voided: &[usize]) -> Vec<Event> {
        for &i in voided {
            events[i].voided = true;
        }
        events
    }

    #[test]
    fn what_may_be_voided() {
        let p = Policy::default_policy();
        let tk = incident(1);
        let void = |events: &[Event], i| check_void(&p, &tk, events, i);
        let assign = |m, to: &str| ev(m, EventKind::Assigned { to: to.into() });
        let edit = |m, field| ev(m, EventKind::Edited { field });
        let log = vec![
            ev(0, EventKind::Opened),
            update(5),
            assign(6, "alice"),
            ev(7, EventKind::Note),
            edit(8, Field::Title),
            edit(9, Field::Customer),
            ev(10, EventKind::PolicyApplied),
            ev(11, EventKind::Voided { event: 99 }),
        ];
        assert_eq!(void(&log, 0), Err(VoidRefusal::Opening));
        assert_eq!(void(&log, 6), Err(VoidRefusal::PolicyApplied));
        assert_eq!(void(&log, 7), Err(VoidRefusal::Void));
        assert_eq!(
            void(&voiding(log.clone(), &[1]), 1),
            Err(VoidRefusal::AlreadyVoided)
        );
        // Nothing stands on an update, an assignment, a note, or an edit
        // of a detail not edited again.
        for i in [1, 2, 3, 4, 5] {
            assert_eq!(void(&log, i), Ok(()), "event {i}");
        }
        // Each later event the rules would refuse without it, named.
        let cases: Vec<(Vec<Event>, usize, usize, Option<Refusal>)> = vec![
            (
                vec![ev(5, EventKind::Waiting), ev(9, EventKind::Resumed)],
                0,
                1,
                Some(Refusal::NotWaiting),
            ),
            (
                vec![ev(5, EventKind::Resolved), ev(9, EventKind::Reopened)],
                0,
                1,
                Some(Refusal::NotResolved),
            ),
            (
                vec![
                    ev(5, EventKind::Escalated { level: 1 }),
                    update(6),
                    ev(7, EventKind::Escalated { level: 2 }),
                ],
                0,
                2,
                Some(Refusal::SkipsLevel { expected: 1 }),
            ),
            (
                vec![assign(5, "alice"), ev(9, EventKind::Unassigned)],
                0,
                1,
                Some(Refusal::NotOwned),
            ),
            (
                vec![assign(5, "alice"), assign(6, "bob"), assign(7, "alice")],
                1,
                2,
                Some(Refusal::AlreadyOwner("alice".into())),
            ),
            (
                vec![
                    ev(5, EventKind::SeverityChanged { to: Severity::S2 }),
                    ev(6, EventKind::SeverityChanged { to: Severity::S1 }),
                ],
                0,
                1,
                Some(Refusal::SameSeverity(Severity::S1)),
            ),
            (
                vec![ev(5, EventKind::Reopened), update(6)],
                0,
                1,
                None, // a reopen of an open ticket: refused itself, nothing stands on it
            ),
            (
                vec![
                    ev(4, EventKind::Resolved),
                    ev(5, EventKind::Reopened),
                    update(6),
                ],
                1,
                2,
                Some(Refusal::Resolved),
            ),
            (
                vec![
                    edit(5, Field::Title),
                    edit(6, Field::Ref),
                    edit(7, Field::Title),
                ],
                0,
                2,
                None,
            ),
        ];
        for (events, target, later, refusal) in cases {
            let got = void(&events, target);
            if refusal.is_none() && !matches!(events[later].kind, EventKind::Edited { .. }) {
                assert_eq!(got, Ok(()), "{events:?}");
            } else {
                assert_eq!(
                    got,
                    Err(VoidRefusal::DependsOn(later, refusal)),
                    "{events:?}"
                );
            }
        }
        // A later event already voided stands on nothing; nor does the
        // wait once its resume is voided.
        let waited = vec![ev(5, EventKind::Waiting), ev(9, EventKind::Resumed)];
        assert_eq!(void(&voiding(waited.clone(), &[1]), 0), Ok(()));
        assert_eq!(void(&waited, 1), Ok(()));
    }

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
            Err(Refusal::BeforeLastEvent {
                at: at(10),
                event: 0
            })
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
        let assign = |m, to: &str| ev(m, EventKind::Assigned { to: to.into() });
        assert_eq!(
            check(&[assign(5, "alice")], assign(6, "alice")),
            Err(Refusal::AlreadyOwner("alice".into()))
        );
        assert_eq!(check(&[assign(5, "alice")], assign(6, "bob")), Ok(()));
        assert_eq!(
            check(&[], ev(6, EventKind::Unassigned)),
            Err(Refusal::NotOwned)
        );
        assert_eq!(
            check(
                &[assign(5, "alice"), ev(6, EventKind::Unassigned)],
                ev(7, EventKind::Unassigned)
            ),
            Err(Refusal::NotOwned)
        );
        // A resolved ticket takes no owner; it takes corrections, as notes.
        let resolved = [ev(5, EventKind::Resolved)];
        assert_eq!(check(&resolved, assign(6, "bob")), Err(Refusal::Resolved));
        for correction in [
            EventKind::Edited {
                field: Field::Title,
            },
            EventKind::Voided { event: 1 },
        ] {
            assert_eq!(check(&resolved, ev(6, correction)), Ok(()));
        }
        // A voided event still counts as recorded: nothing goes before it.
        let mut voided = update(20);
        voided.voided = true;
        assert_eq!(
            check(&[update(5), voided.clone()], update(19)),
            Err(Refusal::BeforeLastEvent {
                at: at(20),
                event: 1
            })
        );
        // Of events at the same time, the one named is the last recorded.
        assert_eq!(
            check(&[update(5), voided, ev(20, EventKind::Note)], update(19)),
            Err(Refusal::BeforeLastEvent {
                at: at(20),
                event: 2
            })
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
