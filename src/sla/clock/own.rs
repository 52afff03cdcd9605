//! The time-to-own clock (an internal target, an OLA): from the report to
//! the first assignment of an owner (or the resolve, if that comes first),
//! under the policy in force when it stopped. It applies only where the
//! policy gives the severity an `own` target; it counts on 24x7 unless the
//! target names a calendar, and waiting on the customer does not pause
//! it: taking a ticket on needs nothing from the customer. A voided first
//! assignment never stopped it (`replay` passes over voided events), so
//! the clock runs again from the report. It judges the spans `replay`
//! made and must not read the events itself.

use super::super::history::now_key;
use super::super::policy::ClockKind;
use super::span::{Span, baseline};
use super::{Clock, Facts, Figures, Trace};

pub(super) fn judge(f: &Facts, traces: Option<&mut Vec<Trace>>) -> Clock {
    let r = f.replay;
    let stop_key = r.first_owned;
    let stop = stop_key.map(|k| k.0);
    let policy = f.history.at(stop_key.unwrap_or(now_key(f.now)));
    // A restart counts only the changes made before it stopped.
    let before_stop = r
        .severity_changes
        .iter()
        .filter(|(k, _)| stop_key.is_none_or(|s| *k < s));
    let (start, severity) = baseline(f, policy, ClockKind::Own, before_stop, |_| vec![]);
    let Some(t) = policy.target(f.ticket.kind, severity, ClockKind::Own) else {
        return Clock::none(Figures::Own {});
    };
    let span = Span {
        calendar: policy.calendar(t),
        start,
        target: t.secs,
        pauses: &[],
    };
    span.clock("own", stop, f.now, traces, Figures::Own {})
}

#[cfg(test)]
mod tests {
    use crate::sla::clock::ClockState;
    use crate::sla::testutil::*;
    use crate::sla::{Event, EventKind, Kind, Policy, evaluate};

    /// The default policy with `own` targets: 10 minutes for severity 1,
    /// 2 business hours for severity 3 (and so for inquiries).
    fn owning() -> Policy {
        edited(&[
            ("restore = \"6h\"", "restore = \"6h\"\nown = \"10m\""),
            (
                "restore = { target = \"48h\", calendar = \"business\" }",
                "restore = { target = \"48h\", calendar = \"business\" }\nown = { target = \"2h\", calendar = \"business\" }",
            ),
        ])
    }

    fn assign(minutes: i64, to: &str) -> Event {
        ev(minutes, EventKind::Assigned { to: to.into() })
    }

    fn own(events: &[Event], now: i64) -> crate::sla::Clock {
        evaluate(&owning(), &incident(1), events, at(now))
            .clocks
            .own
    }

    #[test]
    fn from_the_report_to_the_first_assignment() {
        let running = own(&[], 5);
        assert_eq!(
            (running.state, running.deadline, running.remaining_secs),
            (ClockState::Running, Some(at(10)), Some(300))
        );
        let met = own(&[assign(8, "alice"), assign(20, "bob")], 30);
        assert_eq!(
            (met.state, met.stopped_at, met.remaining_secs),
            (ClockState::Met, Some(at(8)), Some(120))
        );
        let late = own(&[assign(12, "alice")], 30);
        assert_eq!(
            (late.state, late.remaining_secs),
            (ClockState::Breached, Some(-120))
        );
        let overdue = own(&[update(3)], 11);
        assert_eq!(
            (overdue.state, overdue.stopped_at),
            (ClockState::Breached, None),
            "an update is not an owner"
        );
        // A resolve stops it, as it stops every clock.
        let resolved = own(&[ev(6, EventKind::Resolved)], 30);
        assert_eq!(
            (resolved.state, resolved.stopped_at),
            (ClockState::Met, Some(at(6)))
        );
        // Unassigning later does not start it again.
        let kept = own(&[assign(5, "alice"), ev(7, EventKind::Unassigned)], 30);
        assert_eq!(kept.state, ClockState::Met);
    }

    #[test]
    fn waiting_does_not_pause_it_and_a_named_calendar_counts() {
        let waited = own(&[ev(2, EventKind::Waiting)], 11);
        assert_eq!(waited.state, ClockState::Breached);
        // An inquiry takes severity 3's: 2 business hours from Tuesday 10:00.
        let inquiry = evaluate(&owning(), &ticket(Kind::Inquiry, Some(3)), &[], at(5));
        assert_eq!(
            inquiry.clocks.own.deadline,
            Some(t("2026-11-24T12:00:00+10:00"))
        );
    }

    #[test]
    fn without_a_target_it_does_not_apply() {
        let none = eval(&incident(1), &[assign(5, "alice")], 30).clocks.own;
        assert_eq!(
            (none.state, none.target_secs, none.deadline, none.stopped_at),
            (ClockState::None, None, None, None)
        );
        let prov = evaluate(&owning(), &ticket(Kind::Provisioning, None), &[], at(5));
        assert_eq!(prov.clocks.own.state, ClockState::None);
    }

    #[test]
    fn a_voided_first_assignment_never_stopped_it() {
        let mut voided = assign(5, "alice");
        voided.voided = true;
        let c = own(&[voided.clone()], 8);
        assert_eq!((c.state, c.stopped_at), (ClockState::Running, None));
        let c = own(&[voided, assign(12, "bob")], 30);
        assert_eq!(
            (c.state, c.stopped_at),
            (ClockState::Breached, Some(at(12)))
        );
    }
}
