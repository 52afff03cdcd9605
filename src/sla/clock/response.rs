//! The initial response clock: from the report to the first update (or
//! the resolve, if that comes first), under the policy in force when it
//! stopped. Waiting pauses it only where the policy says so. It judges
//! the spans `replay` made and must not read the events itself.

use super::super::history::now_key;
use super::super::policy::ClockKind;
use super::super::replay::OPEN;
use super::span::{Span, baseline, clip, hold};
use super::{Clock, Facts, Figures, Trace};

pub(super) fn judge(f: &Facts, traces: Option<&mut Vec<Trace>>) -> Clock {
    let r = f.replay;
    let stop_key = r.first_stop;
    let stop = stop_key.map(|k| k.0);
    let policy = f.history.at(stop_key.unwrap_or(now_key(f.now)));
    let pauses_from = |start: i64| {
        if policy.pauses.response {
            clip(&r.waits, start, stop.unwrap_or(OPEN))
        } else {
            vec![]
        }
    };
    // A restart counts only the changes made before the response.
    let before_stop = r
        .severity_changes
        .iter()
        .filter(|(k, _)| stop_key.is_none_or(|s| *k < s));
    let (start, severity) = baseline(f, policy, ClockKind::Response, before_stop, pauses_from);
    let Some(t) = policy.target(f.ticket.kind, severity, ClockKind::Response) else {
        return Clock::none(Figures::Response {});
    };
    let held = r.first_stop_held.filter(|_| policy.pauses.response);
    let pauses = hold(pauses_from(start), held, start);
    let span = Span {
        calendar: policy.calendar(t),
        start,
        target: t.secs,
        pauses: &pauses,
    };
    span.clock("response", stop, f.now, traces, Figures::Response {})
}

#[cfg(test)]
mod tests {
    use crate::sla::EventKind;
    use crate::sla::clock::ClockState;
    use crate::sla::testutil::*;

    #[test]
    fn response_met_late_and_still_open() {
        let tk = incident(1);
        let met = eval(&tk, &[update(10)], 60).clocks.response;
        assert_eq!(
            (met.state, met.stopped_at, met.remaining_secs),
            (ClockState::Met, Some(at(10)), Some(300))
        );
        let late = eval(&tk, &[update(20)], 60).clocks.response;
        assert_eq!(
            (late.state, late.remaining_secs),
            (ClockState::Breached, Some(-300))
        );
        let exactly = eval(&tk, &[update(15)], 60).clocks.response;
        assert_eq!(exactly.state, ClockState::Met);
        let running = eval(&tk, &[], 15).clocks.response;
        assert_eq!(
            (running.state, running.remaining_secs),
            (ClockState::Running, Some(0))
        );
        let overdue = eval(&tk, &[], 16).clocks.response;
        assert_eq!(
            (overdue.state, overdue.remaining_secs),
            (ClockState::Breached, Some(-60))
        );
    }

    #[test]
    fn response_is_not_paused_by_waiting() {
        let e = eval(&incident(1), &[ev(5, EventKind::Waiting)], 30);
        assert_eq!(e.clocks.response.deadline, Some(at(15)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
    }
}
