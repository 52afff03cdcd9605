//! One pass over a ticket's events: the ticket's present (`Summary`: its
//! state, severity, escalation level, owner) and the spans its clocks count
//! (waits, resolved periods, update intervals, where the clocks stopped).
//!
//! A voided event is passed over here, in `Summary::step`, and nowhere
//! else: every fold (the summary, the clocks, the checks of what may be
//! recorded or voided) goes through that step, so each judges the log as
//! if the voided event had never been recorded.
//!
//! There is one state machine for which event moves what (`Summary::step`): the
//! summary that `check_event` and the store's summary columns use and the
//! spans the clocks judge come out of the same fold, so they cannot
//! disagree. This module must not judge a clock or decide a deadline:
//! that is `clock`'s work.

use chrono::{DateTime, Utc};

use super::calendar::Calendar;
use super::history::{Key, PolicyHistory, now_key};
use super::policy::{ClockKind, Policy};
use super::ticket::{Event, Ticket};
use super::{EventKind, Kind, Severity, TicketState};

/// The end of a span that has not ended (a wait still going, a ticket
/// still resolved).
pub(super) const OPEN: i64 = i64::MAX;

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
    /// Who owns the ticket, if anyone.
    pub owner: Option<String>,
}

/// Folds the events in order. Events that the rules would have refused are
/// skipped, so a damaged log still gives an answer.
pub fn summarize(ticket: &Ticket, events: &[Event]) -> Summary {
    let mut s = Summary::opened(ticket);
    for (i, e) in events.iter().enumerate() {
        s.step(ticket.kind, i, e);
    }
    s
}

/// Who owned the ticket just before each of `events`, as the replay judges
/// them (a voided event changes no owner; nor does an assignment the
/// rules ignore): whom an assignment took the ticket from.
pub fn owners_before(ticket: &Ticket, events: &[Event]) -> Vec<Option<String>> {
    let mut s = Summary::opened(ticket);
    events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let before = s.owner.clone();
            s.step(ticket.kind, i, e);
            before
        })
        .collect()
}

/// Whether an event of `kind` never moves a clock, in any state: a note, a
/// correction of a detail, or an unassignment (time to own stops at the
/// first assignment, and taking the owner away does not start it again).
/// `step` makes nothing of them for the spans; voiding one leaves every
/// deadline as it was.
pub fn moves_no_clock(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Note | EventKind::Edited { .. } | EventKind::Unassigned
    )
}

/// What one event did to the ticket, for the spans to follow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Step {
    /// Nothing (a note, a re-pin, a correction, a voided event, or an
    /// event the rules would refuse).
    Nothing,
    /// An update sent to the customer, with the next one promised by then.
    Updated(Option<DateTime<Utc>>),
    Waiting,
    Resumed,
    Resolved,
    Reopened,
    Escalated,
    /// Someone took the ticket on.
    Assigned,
    /// The severity changed to another one. A change to the severity
    /// already in force changes nothing: it neither closes the update
    /// interval nor restarts a clock (`check_event` refuses to record one,
    /// so only a damaged or hand-made log holds it).
    SeverityChanged(Severity),
}

impl Summary {
    /// Before any event: open, at the severity given at opening, owned by
    /// nobody.
    pub(super) fn opened(ticket: &Ticket) -> Summary {
        Summary {
            state: TicketState::Open,
            severity: ticket.severity,
            escalation_level: 0,
            waiting_since: None,
            resolved_at: None,
            last_event_at: ticket.reported_at,
            owner: None,
        }
    }

    /// The ticket's state machine: applies the event at index `i` of a
    /// ticket of `kind`, and says what it did. A voided event does nothing
    /// (it still counts as recorded: nothing may be recorded before it).
    pub(super) fn step(&mut self, kind: Kind, i: usize, e: &Event) -> Step {
        self.last_event_at = self.last_event_at.max(e.at);
        if e.voided {
            return Step::Nothing;
        }
        match (&e.kind, self.state) {
            (EventKind::Reopened, TicketState::Resolved) => {
                self.state = TicketState::Open;
                self.resolved_at = None;
                Step::Reopened
            }
            (_, TicketState::Resolved) => Step::Nothing,
            (EventKind::Updated { next_update }, _) => Step::Updated(*next_update),
            (EventKind::Waiting, TicketState::Open) => {
                self.state = TicketState::Waiting;
                self.waiting_since = Some(i);
                Step::Waiting
            }
            (EventKind::Resumed, TicketState::Waiting) => {
                self.state = TicketState::Open;
                self.waiting_since = None;
                Step::Resumed
            }
            (EventKind::Resolved, _) => {
                self.state = TicketState::Resolved;
                self.waiting_since = None;
                self.resolved_at = Some(e.at);
                Step::Resolved
            }
            (EventKind::Escalated { level }, _) if *level == self.escalation_level + 1 => {
                self.escalation_level = *level;
                Step::Escalated
            }
            (EventKind::SeverityChanged { to }, _)
                if kind == Kind::Incident && self.severity != Some(*to) =>
            {
                self.severity = Some(*to);
                Step::SeverityChanged(*to)
            }
            (EventKind::Assigned { to }, _) => {
                self.owner = Some(to.clone());
                Step::Assigned
            }
            (EventKind::Unassigned, _) => {
                self.owner = None;
                Step::Nothing
            }
            _ => Step::Nothing,
        }
    }
}

/// One update interval: due within the cadence (or by the promise) from its start.
pub(super) struct UpdateInterval {
    pub start: i64,
    pub severity: Option<Severity>,
    pub promise: Option<i64>,
    pub end: Option<i64>,
    /// Where it ended, in the order of recording: the policy in force there
    /// judges it.
    pub end_key: Option<Key>,
    /// It ended while waiting on the customer, who was waited on since then.
    pub held: Option<i64>,
}

impl UpdateInterval {
    fn new(start: i64, severity: Option<Severity>, promise: Option<i64>) -> UpdateInterval {
        UpdateInterval {
            start,
            severity,
            promise,
            end: None,
            end_key: None,
            held: None,
        }
    }
}

/// What the events say, folded once: the summary and the spans.
pub(super) struct Replay {
    pub summary: Summary,
    /// Waiting on the customer, `(from, to)`; `to` is `OPEN` while waiting.
    pub waits: Vec<(i64, i64)>,
    /// Resolved, `(from, to)`; `to` is `OPEN` while resolved.
    pub resolved: Vec<(i64, i64)>,
    pub severity_changes: Vec<(Key, Severity)>,
    pub updates: Vec<i64>,
    pub intervals: Vec<UpdateInterval>,
    /// The first update or resolve: where the response clock stopped.
    pub first_stop: Option<Key>,
    /// The first stop came while waiting on the customer, since then.
    pub first_stop_held: Option<i64>,
    /// The first assignment or resolve: where the time-to-own clock stopped.
    pub first_owned: Option<Key>,
    /// The resolve that stopped the ticket, while it stays resolved.
    pub resolve: Option<Key>,
    /// That resolve came while waiting on the customer, since then.
    pub resolve_held: Option<i64>,
}

impl Replay {
    /// Since when the ticket has been waiting, if it is.
    fn waiting_since(&self) -> Option<i64> {
        (self.summary.state == TicketState::Waiting)
            .then(|| self.waits.last().map(|w| w.0))
            .flatten()
    }

    /// Closes the open update interval, if there is one.
    fn close(&mut self, key: Key, held: Option<i64>) {
        if let Some(last) = self.intervals.last_mut()
            && last.end.is_none()
        {
            last.end = Some(key.0);
            last.end_key = Some(key);
            last.held = held;
        }
    }

    fn interval_open(&self) -> bool {
        self.intervals.last().is_some_and(|i| i.end.is_none())
    }

    /// Closes the interval open at `key` and starts the next one there.
    fn restart_interval(&mut self, key: Key) {
        if self.interval_open() {
            let held = self.waiting_since();
            self.close(key, held);
            let severity = self.summary.severity;
            self.intervals
                .push(UpdateInterval::new(key.0, severity, None));
        }
    }

    /// The spans move as one event said; `held` is since when the ticket
    /// had been waiting just before it.
    fn follow(&mut self, step: Step, key: Key, held: Option<i64>) {
        let at = key.0;
        match step {
            Step::Nothing | Step::Escalated => {}
            Step::Assigned => {
                self.first_owned.get_or_insert(key);
            }
            Step::Reopened => {
                if let Some(p) = self.resolved.last_mut() {
                    p.1 = at;
                }
                self.resolve = None;
                self.resolve_held = None;
                let severity = self.summary.severity;
                self.intervals.push(UpdateInterval::new(at, severity, None));
            }
            Step::Updated(next_update) => {
                self.close(key, held);
                if self.first_stop.is_none() {
                    self.first_stop = Some(key);
                    self.first_stop_held = held;
                }
                self.updates.push(at);
                let promise = next_update.map(|p| p.timestamp()).filter(|p| *p > at);
                let severity = self.summary.severity;
                self.intervals
                    .push(UpdateInterval::new(at, severity, promise));
            }
            Step::Waiting => self.waits.push((at, OPEN)),
            Step::Resumed => {
                if let Some(w) = self.waits.last_mut() {
                    w.1 = at;
                }
            }
            Step::Resolved => {
                if held.is_some()
                    && let Some(w) = self.waits.last_mut()
                {
                    w.1 = at;
                }
                self.close(key, held);
                if self.first_stop.is_none() {
                    self.first_stop = Some(key);
                    self.first_stop_held = held;
                }
                self.first_owned.get_or_insert(key);
                self.resolve = Some(key);
                self.resolve_held = held;
                self.resolved.push((at, OPEN));
            }
            Step::SeverityChanged(to) => {
                self.severity_changes.push((key, to));
                self.restart_interval(key);
            }
        }
    }
}

/// What decides an update interval's deadline under a policy.
fn update_rule(
    policy: &Policy,
    kind: Kind,
    severity: Option<Severity>,
) -> Option<(i64, &Calendar, bool)> {
    policy
        .target(kind, severity, ClockKind::Update)
        .map(|t| (t.secs, policy.calendar(t), policy.pauses.update))
}

/// Folds the events (in order; `seq` gives each one's place in the order of
/// recording) once, into the summary and the spans. A re-pin in `history`
/// that changes the update rule closes the interval open at it, as a
/// severity change does.
pub(super) fn replay(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    seq: impl Fn(usize) -> usize,
    now: i64,
) -> Replay {
    let mut r = Replay {
        summary: Summary::opened(ticket),
        waits: vec![],
        resolved: vec![],
        severity_changes: vec![],
        // Most events of a long log are updates: room for them all at once.
        updates: Vec::with_capacity(events.len()),
        intervals: Vec::with_capacity(events.len() + 1),
        first_stop: None,
        first_stop_held: None,
        first_owned: None,
        resolve: None,
        resolve_held: None,
    };
    let repins = history.repins();
    let mut next_repin = 0;
    let mut repin = |r: &mut Replay, key: Key| {
        while let Some(&(at, old, new)) = repins.get(next_repin).filter(|p| p.0 <= key) {
            next_repin += 1;
            let severity = r.summary.severity;
            if r.summary.state != TicketState::Resolved
                && update_rule(old, ticket.kind, severity)
                    != update_rule(new, ticket.kind, severity)
            {
                r.restart_interval(at);
            }
        }
    };
    for (i, e) in events.iter().enumerate() {
        let key = (e.at.timestamp(), seq(i));
        repin(&mut r, key);
        let held = r.waiting_since();
        let step = r.summary.step(ticket.kind, i, e);
        r.follow(step, key, held);
    }
    // Re-pins after the last event given, up to now.
    repin(&mut r, now_key(now));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::{at, ev, incident};

    fn folded(ticket: &Ticket, events: &[Event]) -> Replay {
        let policy = Policy::default_policy();
        replay(
            &PolicyHistory::only(&policy),
            ticket,
            events,
            |i| i,
            at(1000).timestamp(),
        )
    }

    const UPDATE: EventKind = EventKind::Updated { next_update: None };

    /// Voiding an event of a kind that moves no clock leaves the clocks
    /// and the escalation as they were, wherever it stands in the log;
    /// voiding the first assignment moves the time to own.
    #[test]
    fn the_kinds_that_move_no_clock_move_none_when_voided() {
        let text = crate::sla::DEFAULT_POLICY.replace(
            "restore = \"6h\"          # time to restore service",
            "restore = \"6h\"\nown = \"10m\"",
        );
        let policy: Policy = text.parse().expect("the policy with an own target");
        let tk = incident(1);
        let edit = |m, field| ev(m, EventKind::Edited { field });
        let log = [
            ev(2, EventKind::Note),
            edit(3, crate::sla::Field::Title),
            ev(5, EventKind::Assigned { to: "alice".into() }),
            ev(6, UPDATE),
            ev(7, EventKind::Unassigned),
            ev(8, EventKind::Waiting),
            ev(9, EventKind::Note),
            edit(10, crate::sla::Field::Service),
            ev(11, EventKind::Resumed),
            ev(12, EventKind::Escalated { level: 1 }),
            ev(13, EventKind::Resolved),
            ev(14, EventKind::Note),
        ];
        for now in [4, 30, 300] {
            let judged = |events: &[Event]| {
                let e = crate::sla::evaluate(&policy, &tk, events, at(now));
                (e.clocks, e.escalation)
            };
            for (i, e) in log.iter().enumerate() {
                let mut voided = log.to_vec();
                voided[i].voided = true;
                let same = judged(&voided) == judged(&log);
                if moves_no_clock(&e.kind) {
                    assert!(same, "voiding {:?} moved a clock at {now}", e.kind);
                }
                if matches!(e.kind, EventKind::Assigned { .. }) && now > 5 {
                    assert!(!same, "the first assignment stopped time to own");
                }
            }
        }
    }

    #[test]
    fn the_summary_and_the_spans_come_from_one_fold() {
        let events = [
            ev(10, UPDATE),
            ev(20, EventKind::Waiting),
            ev(30, EventKind::Resumed),
            ev(40, EventKind::Escalated { level: 1 }),
            ev(50, EventKind::Resolved),
            ev(60, EventKind::Reopened),
            ev(70, EventKind::Waiting),
        ];
        let tk = incident(1);
        let r = folded(&tk, &events);
        assert_eq!(r.summary, summarize(&tk, &events));
        assert_eq!(r.summary.state, TicketState::Waiting);
        assert_eq!(r.summary.waiting_since, Some(6));
        assert_eq!(r.summary.escalation_level, 1);
        let s = |m| at(m).timestamp();
        assert_eq!(r.waits, [(s(20), s(30)), (s(70), OPEN)]);
        assert_eq!(r.resolved, [(s(50), s(60))]);
        assert_eq!(r.first_stop, Some((s(10), 0)));
        assert_eq!(r.resolve, None, "reopened since");
        // Updated at 00:10, closed by the resolve; a new interval from the reopen.
        let spans: Vec<(i64, Option<i64>)> = r.intervals.iter().map(|i| (i.start, i.end)).collect();
        assert_eq!(spans, [(s(10), Some(s(50))), (s(60), None)]);
    }

    #[test]
    fn events_the_rules_refuse_move_nothing() {
        let events = [
            ev(5, EventKind::Resumed),
            ev(6, EventKind::Escalated { level: 2 }),
            ev(7, EventKind::Resolved),
            ev(8, UPDATE),
            ev(9, EventKind::Waiting),
        ];
        let tk = incident(2);
        let r = folded(&tk, &events);
        assert_eq!(r.summary.state, TicketState::Resolved);
        assert_eq!(r.summary.escalation_level, 0);
        assert_eq!(r.summary.last_event_at, at(9));
        assert!(r.waits.is_empty() && r.updates.is_empty());
        assert_eq!(r.summary, summarize(&tk, &events));
    }

    #[test]
    fn a_voided_event_is_judged_as_if_never_recorded() {
        let tk = incident(1);
        let assign = |m, to: &str| ev(m, EventKind::Assigned { to: to.into() });
        let log = [
            ev(5, EventKind::Waiting),
            ev(6, UPDATE),
            assign(7, "alice"),
            ev(8, EventKind::Escalated { level: 1 }),
            ev(9, EventKind::Voided { event: 99 }),
        ];
        let mut voided = log.clone();
        for i in [0, 1, 2, 3] {
            voided[i].voided = true;
        }
        let r = folded(&tk, &voided);
        let never = folded(&tk, &log[4..]);
        assert_eq!(r.summary.state, TicketState::Open);
        assert_eq!(r.summary.escalation_level, 0);
        assert_eq!(r.summary.owner, None);
        assert!(r.waits.is_empty() && r.updates.is_empty() && r.intervals.is_empty());
        assert_eq!((r.first_stop, r.first_owned), (None, None));
        assert_eq!(r.summary.waiting_since, never.summary.waiting_since);
        // It still counts as recorded: the log's last event is the last one.
        assert_eq!(r.summary.last_event_at, at(9));
        assert_eq!(r.summary, summarize(&tk, &voided));
        // Unvoided, the same log moves everything.
        let live = folded(&tk, &log);
        assert_eq!(live.summary.state, TicketState::Waiting);
        assert_eq!(live.summary.owner.as_deref(), Some("alice"));
        assert_eq!(live.first_owned, Some((at(7).timestamp(), 2)));
    }

    #[test]
    fn the_owner_is_the_last_assigned_until_unassigned() {
        let tk = incident(2);
        let assign = |m, to: &str| ev(m, EventKind::Assigned { to: to.into() });
        let owner = |events: &[Event]| summarize(&tk, events).owner;
        assert_eq!(owner(&[]), None);
        assert_eq!(
            owner(&[assign(5, "alice"), assign(6, "bob")]).as_deref(),
            Some("bob")
        );
        assert_eq!(
            owner(&[assign(5, "alice"), ev(6, EventKind::Unassigned)]),
            None
        );
        // Resolved and reopened: the owner stays; a resolved ticket takes none.
        let kept = [
            assign(5, "alice"),
            ev(6, EventKind::Resolved),
            assign(7, "bob"),
            ev(8, EventKind::Reopened),
        ];
        assert_eq!(owner(&kept).as_deref(), Some("alice"));
        // Whom each event found owning the ticket; a voided assignment
        // took it from nobody and gave it to nobody.
        let mut log = [
            assign(5, "alice"),
            assign(6, "bob"),
            ev(7, EventKind::Unassigned),
            assign(8, "carol"),
        ];
        let named = |names: [Option<&str>; 4]| names.map(|n| n.map(String::from)).to_vec();
        assert_eq!(
            owners_before(&tk, &log),
            named([None, Some("alice"), Some("bob"), None])
        );
        log[1].voided = true;
        assert_eq!(
            owners_before(&tk, &log),
            named([None, Some("alice"), Some("alice"), None])
        );
        // The first assignment, or a resolve before any, stops time to own.
        let r = folded(
            &tk,
            &[
                ev(4, EventKind::Resolved),
                ev(5, EventKind::Reopened),
                assign(6, "bob"),
            ],
        );
        assert_eq!(r.first_owned, Some((at(4).timestamp(), 0)));
    }

    #[test]
    fn a_change_to_the_severity_in_force_is_no_change() {
        // Severity 1 updated at 00:10; "changed" to 1 at 00:20 and to 2 at 00:30.
        let events = [
            ev(10, UPDATE),
            ev(20, EventKind::SeverityChanged { to: Severity::S1 }),
            ev(30, EventKind::SeverityChanged { to: Severity::S2 }),
        ];
        let tk = incident(1);
        let r = folded(&tk, &events);
        let s = |m| at(m).timestamp();
        assert_eq!(r.severity_changes, [((s(30), 2), Severity::S2)]);
        let starts: Vec<i64> = r.intervals.iter().map(|i| i.start).collect();
        assert_eq!(
            starts,
            [s(10), s(30)],
            "only the real change closes the interval"
        );
        assert_eq!(r.summary.severity, Some(Severity::S2));
        assert_eq!(r.summary, summarize(&tk, &events));
        // Only incidents have a severity that changes.
        let inquiry = Ticket {
            kind: Kind::Inquiry,
            ..incident(3)
        };
        let r = folded(&inquiry, &events);
        assert!(r.severity_changes.is_empty());
        assert_eq!(r.summary.severity, Some(Severity::S3));
    }
}
