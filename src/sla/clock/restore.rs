//! The time to restore (incidents only): from the report to the resolve,
//! counting only time inside its calendar and, where the policy says so,
//! outside waits; a reopen continues it. Escalation counts on the same
//! time, so the counting (`Counting`) is made here once for both. It
//! judges the spans `replay` made and must not read the events itself.

use super::super::calendar::Calendar;
use super::super::history::now_key;
use super::super::policy::{ClockKind, Policy, Target};
use super::super::replay::OPEN;
use super::span::{Span, baseline, clip, hold};
use super::{Clock, Facts, Figures, Trace};

/// What the restore clock counts, and escalation with it: under the policy
/// in force when the ticket was resolved (or now), from its baseline, on
/// its calendar, skipping the time the ticket lay resolved and (where the
/// policy says so) waited.
pub(super) struct Counting<'p> {
    pub policy: &'p Policy,
    pub start: i64,
    /// None where no restore target applies (the clock is `none`).
    pub target: Option<&'p Target>,
    pub calendar: &'p Calendar,
    pub pauses: Vec<(i64, i64)>,
}

impl<'p> Counting<'p> {
    pub fn of(f: &Facts<'p>) -> Counting<'p> {
        let r = f.replay;
        let resolved_at = f.resolved_at();
        let policy = f.history.at(r.resolve.unwrap_or(now_key(f.now)));
        let mut base_pauses = r.resolved.clone();
        if resolved_at.is_some() {
            base_pauses.pop(); // the final resolve is the stop, not a pause
        }
        if policy.pauses.restore {
            base_pauses.extend_from_slice(&r.waits);
        }
        let pauses_from = |start: i64| clip(&base_pauses, start, resolved_at.unwrap_or(OPEN));
        let (start, severity) = baseline(
            f,
            policy,
            ClockKind::Restore,
            &r.severity_changes,
            pauses_from,
        );
        let held = r.resolve_held.filter(|_| policy.pauses.restore);
        let target = policy.target(f.ticket.kind, severity, ClockKind::Restore);
        Counting {
            policy,
            start,
            target,
            calendar: target.map_or(&Calendar::Always, |t| policy.calendar(t)),
            pauses: hold(pauses_from(start), held, start),
        }
    }

    /// `target` seconds of this counting.
    pub fn span(&self, target: i64) -> Span<'_> {
        Span {
            calendar: self.calendar,
            start: self.start,
            target,
            pauses: &self.pauses,
        }
    }
}

pub(super) fn judge(f: &Facts, c: &Counting, traces: Option<&mut Vec<Trace>>) -> Clock {
    let Some(t) = c.target else {
        return Clock::none(Figures::Restore {
            counted_secs: None,
            waiting_secs: None,
        });
    };
    let resolved_at = f.resolved_at();
    let span = c.span(t.secs);
    let end = resolved_at.unwrap_or(f.now);
    // Wall-clock time waited while it ran, whether or not it paused.
    let waiting: i64 = clip(&f.replay.waits, c.start, end)
        .iter()
        .map(|(a, b)| b.min(&end) - a)
        .sum();
    let figures = Figures::Restore {
        counted_secs: Some(span.counted(end)),
        waiting_secs: Some(waiting),
    };
    span.clock("restore", resolved_at, f.now, traces, figures)
}

#[cfg(test)]
mod tests {
    use crate::sla::clock::ClockState;
    use crate::sla::testutil::*;
    use crate::sla::{EventKind, TicketState, evaluate};

    #[test]
    fn reopen_continues_restore_and_starts_a_new_update_interval() {
        let events = [
            update(10),
            ev(120, EventKind::Resolved),
            ev(300, EventKind::Reopened),
        ];
        let resolved = eval(&incident(1), &events[..2], 200);
        assert_eq!(resolved.state, TicketState::Resolved);
        assert_eq!(resolved.clocks.restore.state, ClockState::Met);
        assert_eq!(resolved.clocks.restore.remaining_secs, Some(4 * 3600));
        assert!(!resolved.escalation.due);
        let e = eval(&incident(1), &events, 301);
        assert_eq!(e.state, TicketState::Open);
        assert_eq!(e.resolved_at, None);
        // Two hours were counted before the resolve; four remain from 05:00.
        assert_eq!(e.clocks.restore.deadline, Some(at(300 + 240)));
        assert_eq!(e.clocks.restore.state, ClockState::Running);
        assert_eq!(e.clocks.update.deadline, Some(at(330)));
    }

    #[test]
    fn a_business_hours_breach_at_closing_time_is_as_late_as_the_wall_clock_says() {
        // Seven business hours from Tuesday 10:00 in Brisbane: due at
        // 17:00, as the office closes. Past it, what is left is how late the
        // clock is (negative), not the counted time, which stands at the
        // target until the office opens: never "breached, 0s late".
        let policy = edited(&[
            (
                "restore = { target = \"48h\"",
                "restore = { target = \"7h\"",
            ),
            (
                "update = \"4h\"",
                "update = { target = \"7h\", calendar = \"business\" }",
            ),
        ]);
        let events = [update(0)];
        let closing = at(7 * 60);
        for (minutes, late) in [
            (7 * 60, 0),
            (7 * 60 + 1, 60),
            (10 * 60, 3 * 3600),
            (23 * 60, 16 * 3600),
        ] {
            let e = evaluate(&policy, &incident(3), &events, at(minutes));
            for (name, c) in [("restore", &e.clocks.restore), ("update", &e.clocks.update)] {
                assert_eq!(c.deadline, Some(closing), "{name} at {minutes}");
                let state = if late > 0 {
                    ClockState::Breached
                } else {
                    ClockState::Running
                };
                assert_eq!(
                    (c.state, c.remaining_secs),
                    (state, Some(-late)),
                    "{name} at {minutes}"
                );
            }
        }
        // Resolved an hour after closing: breached, an hour late.
        let resolved = [update(0), ev(8 * 60, EventKind::Resolved)];
        let e = evaluate(&policy, &incident(3), &resolved, at(24 * 60));
        for (name, c) in [("restore", &e.clocks.restore), ("update", &e.clocks.update)] {
            assert_eq!(
                (c.state, c.remaining_secs),
                (ClockState::Breached, Some(-3600)),
                "{name}"
            );
        }
    }
}
