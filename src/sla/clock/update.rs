//! The update clock: each interval between updates is due within the
//! cadence of the severity in force (or by the written promise of the
//! update that opened it), each judged by the policy in force when it
//! closed. An interval that ended late, or is open past its deadline,
//! counts one missed update; the clock stops at the resolve. It judges the
//! intervals `replay` made and must not read the events itself.

use super::super::history::now_key;
use super::super::policy::ClockKind;
use super::super::replay::{OPEN, UpdateInterval};
use super::super::{Kind, Severity};
use super::span::{Span, clip, hold, opt_instant};
use super::{Clock, ClockState, Facts, Figures, Trace};

pub(super) fn judge(f: &Facts, traces: Option<&mut Vec<Trace>>) -> Clock {
    let (r, now) = (f.replay, f.now);
    let resolved_at = f.resolved_at();
    let policy = f.history.at(now_key(now));
    let applies = match f.ticket.kind {
        Kind::Provisioning => policy.provisioning.update.is_some(),
        _ => Severity::ALL.iter().any(|s| {
            policy
                .target(f.ticket.kind, Some(*s), ClockKind::Update)
                .is_some()
        }),
    };
    if !applies {
        return Clock::none(Figures::Update {
            missed: 0,
            longest_gap_secs: None,
            promised_at: None,
        });
    }

    // Judge every interval: (deadline, target, remaining at its end or now).
    let mut missed = 0u32;
    let mut last: Option<Judged> = None;
    let mut paused_since = None;
    let mut last_trace = None;
    for iv in &r.intervals {
        // A promise runs through a wait: only a cadence pauses.
        paused_since = None;
        let end = iv.end.unwrap_or(now);
        let policy = f.history.at(iv.end_key.unwrap_or(now_key(now)));
        let Some(t) = policy.target(f.ticket.kind, iv.severity, ClockKind::Update) else {
            continue;
        };
        let (deadline, target, remaining, calendar) = match iv.promise {
            Some(p) => {
                if traces.is_some() {
                    last_trace = Some(Trace::of_promise(iv.start, p, end));
                }
                (Some(p), p - iv.start, p - end, None)
            }
            None => {
                let (pauses, held) = if policy.pauses.update {
                    (clip(&r.waits, iv.start, iv.end.unwrap_or(OPEN)), iv.held)
                } else {
                    (vec![], None)
                };
                let pauses = hold(pauses, held, iv.start);
                let span = Span {
                    calendar: policy.calendar(t),
                    start: iv.start,
                    target: t.secs,
                    pauses: &pauses,
                };
                if traces.is_some() {
                    last_trace = Some(Trace::of("update", &span, iv.end, now));
                }
                paused_since = iv.end.is_none().then(|| span.paused_since(now)).flatten();
                let deadline = span.deadline();
                let calendar = policy.calendar(t).business_name();
                (deadline, t.secs, span.left(deadline, end), calendar)
            }
        };
        if deadline.is_some_and(|d| end > d) {
            missed += 1;
        }
        last = Some((iv, deadline, target, remaining, calendar));
    }
    if let (Some(tr), Some(last)) = (traces, last_trace) {
        tr.push(last);
    }
    let longest_gap_secs = longest_gap(f);

    let Some((iv, deadline, target, remaining, calendar)) = last else {
        let state = if resolved_at.is_some() {
            ClockState::Met
        } else {
            ClockState::Pending
        };
        return Clock {
            state,
            stopped_at: opt_instant(resolved_at),
            ..Clock::none(Figures::Update {
                missed: 0,
                longest_gap_secs,
                promised_at: None,
            })
        };
    };
    let state = match (iv.end, deadline) {
        (Some(_), _) if missed > 0 => ClockState::Breached,
        (Some(_), _) => ClockState::Met,
        (None, Some(d)) if now > d => ClockState::Breached,
        (None, Some(_)) => ClockState::Running,
        (None, None) => ClockState::Paused,
    };
    Clock {
        state,
        target_secs: Some(target),
        started_at: opt_instant(Some(iv.start)),
        paused_since: opt_instant(paused_since),
        deadline: opt_instant(deadline),
        stopped_at: opt_instant(resolved_at),
        remaining_secs: Some(remaining),
        calendar: calendar.cloned(),
        figures: Figures::Update {
            missed,
            longest_gap_secs,
            promised_at: opt_instant(iv.promise),
        },
    }
}

/// An interval as judged: its deadline, target, what was left at its end
/// (or now), and the business calendar it counted on.
type Judged<'a> = (
    &'a UpdateInterval,
    Option<i64>,
    i64,
    i64,
    Option<&'a std::sync::Arc<str>>,
);

/// The customer's longest wait between updates (or since the last one),
/// leaving out time the ticket lay resolved (the update clock was stopped
/// then).
fn longest_gap(f: &Facts) -> Option<i64> {
    let r = f.replay;
    let open_time = |a: i64, b: i64| {
        let stopped: i64 = r
            .resolved
            .iter()
            .map(|&(x, y)| (y.min(b) - x.max(a)).max(0))
            .sum();
        b - a - stopped
    };
    let mut gaps: Vec<i64> = r
        .updates
        .windows(2)
        .map(|w| open_time(w[0], w[1]))
        .collect();
    if let Some(&u) = r.updates.last() {
        gaps.push(open_time(u, f.resolved_at().unwrap_or(f.now)));
    }
    gaps.into_iter().max()
}

#[cfg(test)]
mod tests {
    use crate::sla::clock::{ClockState, Figures};
    use crate::sla::testutil::*;
    use crate::sla::{Event, EventKind, Policy, Severity, evaluate_history};

    #[test]
    fn missed_updates_are_counted_once_per_interval() {
        let tk = incident(1);
        // Due 00:40; at 00:45 the open interval is past its deadline.
        let open_late = eval(&tk, &[update(10)], 45).clocks.update;
        assert_eq!(
            (open_late.state, open_late.missed()),
            (ClockState::Breached, 1)
        );
        assert_eq!(open_late.remaining_secs, Some(-300));
        // The late update at 00:50 closes it (missed); the next is due 01:20.
        let e = eval(&tk, &[update(10), update(50)], 60).clocks.update;
        assert_eq!(
            (e.state, e.missed(), e.deadline),
            (ClockState::Running, 1, Some(at(80)))
        );
        // Resolved afterwards with nothing else missed: breached, because one was.
        let done = eval(
            &tk,
            &[
                update(10),
                update(50),
                update(75),
                ev(90, EventKind::Resolved),
            ],
            120,
        )
        .clocks
        .update;
        assert_eq!(
            (done.state, done.missed(), done.stopped_at),
            (ClockState::Breached, 1, Some(at(90)))
        );
        let clean = eval(
            &tk,
            &[update(10), update(35), ev(60, EventKind::Resolved)],
            120,
        )
        .clocks
        .update;
        assert_eq!((clean.state, clean.missed()), (ClockState::Met, 0));
        let Figures::Update {
            longest_gap_secs, ..
        } = clean.figures
        else {
            panic!()
        };
        assert_eq!(longest_gap_secs, Some(25 * 60));
    }

    #[test]
    fn a_written_promise_replaces_the_cadence_for_one_interval() {
        let tk = incident(1);
        let e = eval(&tk, &[promise(10, 120)], 100).clocks.update;
        assert_eq!(
            (e.state, e.deadline, e.missed()),
            (ClockState::Running, Some(at(120)), 0)
        );
        let Figures::Update { promised_at, .. } = e.figures else {
            panic!()
        };
        assert_eq!(promised_at, Some(at(120)));
        // The next update without a promise is back on the 30-minute cadence.
        let next = eval(&tk, &[promise(10, 120), update(110)], 115)
            .clocks
            .update;
        assert_eq!(next.deadline, Some(at(140)));
        // A broken promise is a missed update.
        let broken = eval(&tk, &[promise(10, 120)], 121).clocks.update;
        assert_eq!((broken.state, broken.missed()), (ClockState::Breached, 1));
    }

    #[test]
    fn a_severity_change_closes_the_update_interval() {
        // Severity 3: an update at 00:10 is due by 04:10; raised to 1 at 01:00,
        // the next update is due 30 minutes from the change, nothing missed.
        let events = [
            update(10),
            ev(60, EventKind::SeverityChanged { to: Severity::S1 }),
        ];
        let e = eval(&incident(3), &events, 61).clocks.update;
        assert_eq!(
            (e.deadline, e.missed(), e.target_secs),
            (Some(at(90)), 0, Some(1800))
        );
        // Severity 1, already late when lowered: that interval counts as missed.
        let late = [
            update(10),
            ev(50, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = eval(&incident(1), &late, 51).clocks.update;
        assert_eq!((e.deadline, e.missed()), (Some(at(50 + 240)), 1));
        // Before the first update there is no interval to close.
        let early = [ev(5, EventKind::SeverityChanged { to: Severity::S2 })];
        assert_eq!(
            eval(&incident(1), &early, 6).clocks.update.state,
            ClockState::Pending
        );
    }

    #[test]
    fn the_longest_gap_leaves_out_time_resolved() {
        let events = [
            update(5),
            ev(60, EventKind::Resolved),
            ev(180, EventKind::Reopened),
            update(200),
        ];
        let e = eval(&incident(1), &events, 210).clocks.update;
        let Figures::Update {
            longest_gap_secs, ..
        } = e.figures
        else {
            panic!()
        };
        // 00:05 -> 03:20 less the two hours resolved.
        assert_eq!(longest_gap_secs, Some((195 - 120) * 60));
    }

    #[test]
    fn a_policy_apply_closes_the_update_interval_under_the_old_policy() {
        use ClockState::{Breached, Running};
        let old = Policy::default_policy();
        let faster = edited(&[FASTER_UPDATES]);
        let same_cadence = edited(&[FASTER_RESPONSE]);
        let apply = |minutes| ev(minutes, EventKind::PolicyApplied);
        let (wait, resume) = (ev(10, EventKind::Waiting), ev(40, EventKind::Resumed));
        // (what, new policy, events, index of the apply, now, state,
        // deadline, missed), severity 1, updates every 30 minutes before.
        type Case<'a> = (
            &'a str,
            &'a Policy,
            Vec<Event>,
            usize,
            i64,
            ClockState,
            i64,
            u32,
        );
        #[rustfmt::skip]
        let cases: [Case; 6] = [
            // Began 00:05 under 30 minutes; due 20 minutes from the apply at 00:30.
            ("in time at the apply", &faster, vec![update(5), apply(30)], 1, 31, Running, 50, 0),
            ("late under the new cadence", &faster, vec![update(5), apply(30)], 1, 51, Breached, 50, 1),
            // Already late at the apply (due 00:35): missed under the old policy.
            ("late at the apply", &faster, vec![update(5), apply(40)], 1, 41, Running, 60, 1),
            // Closed while paused; the new interval waits until 00:40.
            ("applied while waiting", &faster, vec![update(5), wait.clone(), apply(30), resume.clone()], 2, 41, Running, 60, 0),
            // The update rule is unchanged: the interval runs on.
            ("the same cadence", &same_cadence, vec![update(5), apply(30)], 1, 31, Running, 35, 0),
            ("the same policy", &old, vec![update(5), apply(30)], 1, 36, Breached, 35, 1),
        ];
        for (what, new, events, index, now, state, deadline, missed) in cases {
            let minutes = (events[index].at - at(0)).num_minutes();
            let history = repinned(&old, new, minutes, index);
            let u = evaluate_history(&history, &incident(1), &events, at(now))
                .clocks
                .update;
            assert_eq!(
                (u.state, u.deadline, u.missed()),
                (state, Some(at(deadline)), missed),
                "{what}"
            );
        }
        // As of before the apply, the old policy alone.
        let history = repinned(&old, &faster, 30, 1);
        let events = [update(5), apply(30)];
        let then = evaluate_history(&history, &incident(1), &events, at(29));
        assert_eq!(then.clocks.update.deadline, Some(at(35)));
    }
}
