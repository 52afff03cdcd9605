//! The SLA clocks of one ticket, evaluated at an instant.
//!
//! `evaluate` replays a ticket's events up to `now` (one pass, `replay`)
//! and judges each clock in its own file: the initial response
//! (`response`), the update cadence (`update`), the time to restore
//! (`restore`), the time to own (`own`, where the policy sets it) and the
//! escalation schedule (`escalation`), on the counting
//! they share (`span`); `trace` retells how a deadline was reached. Every
//! figure is computed from the events each time: nothing is stored, so the
//! answer as of any past instant is the answer that was true then.
//!
//! A clock judges the spans `replay` made; none of them reads the events
//! again, and none of them knows how its figures are shown (their JSON is
//! `output`'s).

mod change;
mod escalation;
mod own;
mod response;
mod restore;
mod span;
mod trace;
mod update;

#[cfg(test)]
mod edges;

use chrono::{DateTime, Utc};

use super::history::PolicyHistory;
use super::policy::Policy;
use super::replay::{Replay, replay};
use super::ticket::{Event, Ticket};
use super::{Severity, TicketState};

pub use trace::Trace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Not started yet (the update clock before the first update).
    Pending,
    Running,
    /// Stopped while waiting on the customer; the deadline is not known.
    Paused,
    Met,
    Breached,
    /// The clock does not apply to this ticket.
    None,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Pending => "pending",
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
            ClockState::None => "none",
        }
    }
}

/// One clock's figures. Instants are UTC, durations whole seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub state: ClockState,
    pub target_secs: Option<i64>,
    /// When the target began to count (for the update clock, its current
    /// interval): with the target, what names this deadline whatever
    /// pauses move it (`notify` recognises an event by it).
    pub started_at: Option<DateTime<Utc>>,
    /// When the wait that holds it now began, if one does. A clock already
    /// past its deadline stays `breached` while paused, and how late it is
    /// stands still until the wait ends (`late_when_paused`).
    pub paused_since: Option<DateTime<Utc>>,
    pub deadline: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Running: left now. Stopped: left when it stopped. Paused: left when
    /// it paused. Counted on the clock's calendar up to the deadline; past
    /// it, negative: how late, on the wall clock less the waits since the
    /// deadline (`Span::late`), so a business-hours clock breached at
    /// closing time is not 0 late all night.
    pub remaining_secs: Option<i64>,
    /// The business calendar its target counts on, by name: the one the
    /// policy, severity and contract that judge it name, so a target is
    /// labelled by the hours it is really counted in. `None` on 24x7 (and
    /// for a written promise, a wall-clock instant).
    pub calendar: Option<std::sync::Arc<str>>,
    pub figures: Figures,
}

/// The figures that belong to one clock only.
#[derive(Debug, Clone, PartialEq)]
pub enum Figures {
    Update {
        /// Intervals that ended late, or are still open past their deadline.
        missed: u32,
        longest_gap_secs: Option<i64>,
        /// The written promise that sets the current interval's deadline.
        promised_at: Option<DateTime<Utc>>,
    },
    Restore {
        counted_secs: Option<i64>,
        /// Wall-clock time spent waiting on the customer while the clock ran.
        waiting_secs: Option<i64>,
    },
    Response {},
    Own {},
}

impl Clock {
    /// Running toward its deadline, or past it, and not stopped (a wait
    /// may hold it for now: `paused`).
    pub fn live(&self) -> bool {
        matches!(self.state, ClockState::Running | ClockState::Breached)
            && self.stopped_at.is_none()
    }

    /// A breach still live (running or held by a wait): how late it is
    /// now, on the wall clock from its deadline, less the time the ticket
    /// has waited on the customer since (a wait that pauses this clock
    /// does not count, so lateness stands still while one lasts and goes
    /// on from there after it): what `remaining_secs` says past the
    /// deadline, as a positive number.
    pub fn late_secs(&self) -> Option<i64> {
        let live = self.state == ClockState::Breached && self.stopped_at.is_none();
        self.remaining_secs.filter(|_| live).map(|left| -left)
    }

    /// A breach a wait holds: how late it was when the wait began
    /// ([`Clock::late_secs`]), frozen there until the wait ends.
    pub fn late_when_paused(&self) -> Option<i64> {
        self.paused_since.and(self.late_secs())
    }

    /// Seconds from `now` (the instant it was judged at) to its deadline,
    /// negative once past: a live breach is as late as
    /// [`Clock::late_secs`] says, waits since the deadline left out.
    pub fn seconds_left(&self, now: DateTime<Utc>) -> Option<i64> {
        let deadline = self.deadline?;
        Some(
            self.late_secs()
                .map_or((deadline - now).num_seconds(), |late| -late),
        )
    }

    fn none(figures: Figures) -> Clock {
        Clock {
            state: ClockState::None,
            target_secs: None,
            started_at: None,
            paused_since: None,
            deadline: None,
            stopped_at: None,
            remaining_secs: None,
            calendar: None,
            figures,
        }
    }

    /// Whether a running clock has used at least `percent` of its target.
    pub fn at_risk(&self, percent: u8) -> bool {
        match (self.state, self.target_secs, self.remaining_secs) {
            (ClockState::Running, Some(t), Some(r)) if t > 0 => {
                (t - r) * 100 >= t * i64::from(percent)
            }
            _ => false,
        }
    }

    pub fn missed(&self) -> u32 {
        match self.figures {
            Figures::Update { missed, .. } => missed,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clocks {
    pub response: Clock,
    pub update: Clock,
    pub restore: Clock,
    /// Time to own: `none` unless the policy gives the severity a target.
    pub own: Clock,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// The level the ticket would climb to next; none at the top of the path.
    pub next_level: Option<u8>,
    /// When the next level falls due by the policy's thresholds.
    pub due_at: Option<DateTime<Utc>>,
    pub due: bool,
    pub contact: Option<String>,
}

/// Everything slaclock knows about a ticket at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub state: TicketState,
    pub severity: Option<Severity>,
    pub escalation_level: u8,
    pub resolved_at: Option<DateTime<Utc>>,
    pub waiting_since: Option<DateTime<Utc>>,
    /// Who owns the ticket, if anyone.
    pub owner: Option<String>,
    pub clocks: Clocks,
    pub escalation: Escalation,
}

impl Evaluation {
    /// Every clock, by name, in the order they are shown: the three the
    /// customer is promised, then time to own (`none` where the policy
    /// sets no target, which `check`, `report` and `metrics` then ignore).
    pub fn clocks(&self) -> [(&'static str, &Clock); 4] {
        [
            ("response", &self.clocks.response),
            ("update", &self.clocks.update),
            ("restore", &self.clocks.restore),
            ("own", &self.clocks.own),
        ]
    }

    pub fn breached(&self) -> bool {
        self.clocks()
            .iter()
            .any(|(_, c)| c.state == ClockState::Breached)
    }

    /// The earliest deadline of a clock still running: what to work on next.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.most_urgent().and_then(|(_, c)| c.deadline)
    }

    /// The running clock with the earliest deadline, and its name: the one
    /// the board's "next deadline" and the metrics' nearest deadline show.
    pub fn most_urgent(&self) -> Option<(&'static str, &Clock)> {
        self.clocks()
            .into_iter()
            .filter(|(_, c)| c.live() && c.deadline.is_some())
            .min_by_key(|(_, c)| c.deadline)
    }
}

/// Judges a ticket's clocks at `now` from the events recorded up to `now`.
///
/// `events` are in the order they were recorded (by time); events after `now`
/// are ignored, which is how the board "as of" a past instant is drawn.
pub fn evaluate(
    policy: &Policy,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_inner(&PolicyHistory::only(policy), ticket, events, now, None)
}

/// `evaluate` for a ticket re-pinned to newer policies (`policy apply`).
pub fn evaluate_history(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_inner(history, ticket, events, now, None)
}

/// `evaluate`, plus how the response, restore and current update deadlines
/// were reached.
pub fn explain(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> (Evaluation, Vec<Trace>) {
    let mut traces = vec![];
    let e = evaluate_inner(history, ticket, events, now, Some(&mut traces));
    (e, traces)
}

/// What every clock is judged from: the ticket, its log folded once, the
/// policies it has been judged by, and now (Unix seconds).
struct Facts<'a> {
    history: &'a PolicyHistory<'a>,
    ticket: &'a Ticket,
    replay: &'a Replay,
    now: i64,
}

impl Facts<'_> {
    /// Where the ticket stands resolved, if it does: every clock stopped there.
    fn resolved_at(&self) -> Option<i64> {
        self.replay.summary.resolved_at.map(|t| t.timestamp())
    }
}

fn evaluate_inner(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
    mut traces: Option<&mut Vec<Trace>>,
) -> Evaluation {
    // The store keeps events in time order and never before the report; a
    // damaged or hand-made log is put in that shape rather than trusted
    // (each event keeping its place in the order of recording).
    let in_shape = events.first().is_none_or(|e| e.at >= ticket.reported_at)
        && events.windows(2).all(|w| w[0].at <= w[1].at);
    let owned: Vec<Event>;
    let mut places: Vec<usize> = vec![];
    let events = if in_shape {
        &events[..events.partition_point(|e| e.at <= now)]
    } else {
        places = (0..events.len())
            .filter(|i| events[*i].at >= ticket.reported_at && events[*i].at <= now)
            .collect();
        places.sort_by_key(|i| events[*i].at);
        owned = places.iter().map(|i| events[*i].clone()).collect();
        &owned
    };
    let seq = |i: usize| if in_shape { i } else { places[i] };
    let r = replay(history, ticket, events, seq, now.timestamp());
    let f = Facts {
        history,
        ticket,
        replay: &r,
        now: now.timestamp(),
    };
    // Traces in this order: response, update, restore, own.
    let response = response::judge(&f, traces.as_deref_mut());
    let update = update::judge(&f, traces.as_deref_mut());
    let counting = restore::Counting::of(&f);
    let restore = restore::judge(&f, &counting, traces.as_deref_mut());
    let own = own::judge(&f, traces);
    let escalation = escalation::judge(&f, &counting);
    let s = &r.summary;
    Evaluation {
        state: s.state,
        severity: s.severity,
        escalation_level: s.escalation_level,
        resolved_at: s.resolved_at,
        waiting_since: s.waiting_since.map(|i| events[i].at),
        owner: s.owner.clone(),
        clocks: Clocks {
            response,
            update,
            restore,
            own,
        },
        escalation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::*;
    use crate::sla::{DEFAULT_POLICY, EventKind, Kind};

    #[test]
    fn the_seed_table_for_each_kind() {
        // (ticket, response deadline, update due after a first update at +10m, restore deadline)
        let cases = [
            (incident(1), at(15), Some(at(40)), Some(at(6 * 60))),
            (incident(2), at(15), Some(at(70)), Some(at(24 * 60))),
            // 48 business hours from Tuesday 10:00: Wednesday 2 December 10:00 in Brisbane.
            (
                incident(3),
                at(30),
                Some(at(10 + 240)),
                Some(t("2026-12-02T10:00:00+10:00")),
            ),
            (ticket(Kind::Inquiry, Some(3)), at(30), Some(at(250)), None),
        ];
        for (tk, response, update_due, restore) in cases {
            let e = eval(&tk, &[], 5);
            assert_eq!(e.clocks.response.deadline, Some(response), "{tk:?}");
            assert_eq!(e.clocks.response.state, ClockState::Running);
            assert_eq!(e.clocks.update.state, ClockState::Pending);
            assert_eq!(e.clocks.restore.deadline, restore, "{tk:?}");
            let e = eval(&tk, &[update(10)], 11);
            assert_eq!(e.clocks.response.state, ClockState::Met);
            assert_eq!(e.clocks.update.deadline, update_due, "{tk:?}");
        }
        let inquiry = eval(&ticket(Kind::Inquiry, Some(3)), &[], 5);
        assert_eq!(inquiry.clocks.restore.state, ClockState::None);
        let prov = eval(&ticket(Kind::Provisioning, None), &[update(10)], 20);
        for (name, c) in prov.clocks() {
            assert_eq!(c.state, ClockState::None, "{name}");
            assert_eq!(c.deadline, None);
        }
    }

    #[test]
    fn provisioning_targets_come_from_the_policy() {
        let text = DEFAULT_POLICY.replace(
            "name = \"Provisioning\"",
            "name = \"Provisioning\"\nresponse = \"1h\"\nupdate = \"1d\"",
        );
        let p: Policy = text.parse().unwrap();
        let e = evaluate(&p, &ticket(Kind::Provisioning, None), &[], at(5));
        assert_eq!(e.clocks.response.deadline, Some(at(60)));
        assert_eq!(e.clocks.restore.state, ClockState::None);
        assert_eq!(e.escalation.due_at, None);
    }

    #[test]
    fn waiting_on_the_customer_does_not_count() {
        let tk = incident(1);
        let waiting = [update(10), ev(30, EventKind::Waiting)];
        let e = eval(&tk, &waiting, 80);
        assert_eq!(e.state, TicketState::Waiting);
        assert_eq!(e.waiting_since, Some(at(30)));
        let r = &e.clocks.restore;
        assert_eq!(
            (r.state, r.deadline, r.remaining_secs),
            (ClockState::Paused, None, Some(5 * 3600 + 1800))
        );
        let u = &e.clocks.update;
        assert_eq!(
            (u.state, u.deadline, u.remaining_secs),
            (ClockState::Paused, None, Some(600))
        );
        // An hour of waiting moves the restore deadline an hour.
        let resumed = [
            update(10),
            ev(30, EventKind::Waiting),
            ev(90, EventKind::Resumed),
        ];
        let e = eval(&tk, &resumed, 130);
        assert_eq!(e.clocks.restore.deadline, Some(at(7 * 60)));
        let Figures::Restore {
            counted_secs,
            waiting_secs,
        } = e.clocks.restore.figures
        else {
            panic!()
        };
        assert_eq!((counted_secs, waiting_secs), (Some(70 * 60), Some(3600)));
        // The update cadence pauses too: 20 of its 30 minutes were used before the wait.
        assert_eq!(e.clocks.update.deadline, Some(at(100)));
        // A promise is a wall-clock instant: no pause moves it.
        let promised = [
            promise(10, 150),
            ev(30, EventKind::Waiting),
            ev(90, EventKind::Resumed),
        ];
        assert_eq!(
            eval(&tk, &promised, 130).clocks.update.deadline,
            Some(at(150))
        );
        assert_eq!(
            eval(&tk, &promised[..2], 60).clocks.update.state,
            ClockState::Running
        );
    }

    #[test]
    fn which_clocks_waiting_pauses_is_the_policys_choice() {
        // Severity 1, first update at 00:10, waiting from 00:10 to 01:10.
        let events = [
            update(10),
            ev(10, EventKind::Waiting),
            ev(70, EventKind::Resumed),
        ];
        let with = |pauses: &str| -> Policy {
            DEFAULT_POLICY
                .replace(
                    "pauses = [\"update\", \"restore\"]",
                    &format!("pauses = [{pauses}]"),
                )
                .parse()
                .unwrap()
        };
        // (pauses, response deadline, update deadline, restore deadline), in minutes.
        let cases = [
            ("\"update\", \"restore\"", 15, 100, 420),
            ("\"restore\"", 15, 40, 420),
            ("", 15, 40, 360),
            ("\"response\", \"update\", \"restore\"", 15, 100, 420),
        ];
        for (pauses, response, update_due, restore) in cases {
            let e = evaluate(&with(pauses), &incident(1), &events, at(75));
            assert_eq!(
                e.clocks.response.deadline,
                Some(at(response)),
                "pauses [{pauses}]"
            );
            assert_eq!(
                e.clocks.update.deadline,
                Some(at(update_due)),
                "pauses [{pauses}]"
            );
            assert_eq!(
                e.clocks.restore.deadline,
                Some(at(restore)),
                "pauses [{pauses}]"
            );
        }
        // A response still awaited is held by a wait only if the policy says so.
        let early_wait = [ev(5, EventKind::Waiting), ev(65, EventKind::Resumed)];
        let held = evaluate(&with("\"response\""), &incident(1), &early_wait, at(70));
        assert_eq!(held.clocks.response.deadline, Some(at(75)));
        let not_held = evaluate(&with(""), &incident(1), &early_wait, at(70));
        assert_eq!(not_held.clocks.response.deadline, Some(at(15)));
    }

    #[test]
    fn severity_changes_are_retroactive_by_default() {
        // Upgraded 3 -> 1 at 01:00 with no response yet: judged as severity 1 from the report.
        let up = [ev(60, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = eval(&incident(3), &up, 61);
        assert_eq!(e.severity, Some(Severity::S1));
        assert_eq!(e.clocks.response.deadline, Some(at(15)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
        assert_eq!(e.clocks.restore.deadline, Some(at(360)));
        assert_eq!(e.escalation.due_at, Some(at(120)));
        // Downgraded 1 -> 3: 48 business hours from the report.
        let down = [
            update(5),
            ev(60, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = eval(&incident(1), &down, 61);
        assert_eq!(
            e.clocks.restore.deadline,
            Some(t("2026-12-02T10:00:00+10:00"))
        );
        assert_eq!(e.clocks.response.state, ClockState::Met);
        assert_eq!(e.escalation.due_at, None);
    }

    #[test]
    fn restart_mode_counts_again_from_the_change() {
        let p = restart_policy();
        // Raised 3 -> 1 at 00:20, within severity 3's 30 minutes: both
        // clocks count again from the change under severity 1.
        let up = [ev(20, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = evaluate(&p, &incident(3), &up, at(21));
        assert_eq!(e.clocks.response.deadline, Some(at(35)));
        assert_eq!(e.clocks.response.state, ClockState::Running);
        assert_eq!(e.clocks.restore.deadline, Some(at(20 + 360)));
        // Raised at 01:00, after the unanswered response fell due at 00:30:
        // the breach stands (see a_restart_never_erases_a_breach).
        let late = [ev(60, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = evaluate(&p, &incident(3), &late, at(61));
        assert_eq!(e.clocks.response.deadline, Some(at(30)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
        assert_eq!(e.clocks.restore.deadline, Some(at(60 + 360)));
        // A response already given is not re-judged.
        let after_response = [
            update(20),
            ev(60, EventKind::SeverityChanged { to: Severity::S1 }),
        ];
        let e = evaluate(&p, &incident(3), &after_response, at(61));
        assert_eq!(
            (e.clocks.response.state, e.clocks.response.deadline),
            (ClockState::Met, Some(at(30)))
        );
        // Downgrade 1 -> 3 restarts restore on business hours from 01:00 (11:00 Brisbane).
        let down = [
            update(5),
            ev(60, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = evaluate(&p, &incident(1), &down, at(61));
        assert_eq!(
            e.clocks.restore.deadline,
            Some(t("2026-12-02T11:00:00+10:00"))
        );
    }

    #[test]
    fn evaluation_as_of_an_earlier_instant_ignores_later_events() {
        let events = [update(10), ev(30, EventKind::Resolved)];
        let then = eval(&incident(1), &events, 20);
        assert_eq!(then.state, TicketState::Open);
        assert_eq!(then.clocks.update.state, ClockState::Running);
    }

    #[test]
    fn at_risk_uses_the_share_of_the_target() {
        let e = eval(&incident(1), &[], 11).clocks.response; // 11 of 15 minutes used
        assert!(e.at_risk(73));
        assert!(!e.at_risk(74));
        let met = eval(&incident(1), &[update(14)], 14).clocks.response;
        assert!(!met.at_risk(50));
    }
}
