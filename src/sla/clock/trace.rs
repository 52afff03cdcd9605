//! How a clock's deadline was reached, for people to check by hand
//! (`status ID --explain`): the business time counted, the pauses and the
//! holidays skipped.
//!
//! A trace only retells a span the clock has already judged; it must not
//! decide anything the clock does not.

use chrono::{DateTime, Utc};

use super::super::calendar::Calendar;
use super::super::instant;
use super::super::replay::OPEN;
use super::span::{Span, opt_instant};

/// How one clock's deadline was reached, for people to check by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub clock: &'static str,
    pub calendar: String,
    /// Due by a written promise (on the 24x7 calendar, no pause moves
    /// it), not by the policy's target.
    pub promise: bool,
    pub start: DateTime<Utc>,
    pub target_secs: i64,
    /// Waiting (or resolved) periods not counted; `None` end: still going.
    pub pauses: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// Business time counted, up to the deadline (or the stop, or now).
    pub counted: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub holidays: Vec<chrono::NaiveDate>,
    pub deadline: Option<DateTime<Utc>>,
    /// The list of intervals was cut short.
    pub truncated: bool,
}

/// At most this many counted intervals are listed.
const TRACE_LIMIT: usize = 40;

impl Trace {
    /// The trace of `clock`'s `span`, stopped at `stop` if it has stopped.
    pub(super) fn of(clock: &'static str, span: &Span, stop: Option<i64>, now: i64) -> Trace {
        let deadline = span.deadline();
        // Up to the deadline, or the stop if it came first, or now while paused.
        let end = match (deadline, stop) {
            (Some(d), Some(s)) => d.min(s),
            (Some(d), None) => d,
            (None, Some(s)) => s,
            (None, None) => now,
        };
        let ex = span.calendar.explain(span.start, end, TRACE_LIMIT);
        let mut counted = vec![];
        for (a, b) in ex.intervals {
            // Split each business interval around the pauses.
            let mut from = a;
            for &(p, q) in span.pauses {
                if q <= from || p >= b {
                    continue;
                }
                if p > from {
                    counted.push((instant(from), instant(p)));
                }
                from = from.max(q.min(b));
            }
            if b > from {
                counted.push((instant(from), instant(b)));
            }
        }
        Trace {
            clock,
            calendar: span.calendar.name().to_string(),
            promise: false,
            start: instant(span.start),
            target_secs: span.target,
            // A pause held open by a stop (resolved while waiting) ends there.
            pauses: span
                .pauses
                .iter()
                .map(|&(a, b)| {
                    (
                        instant(a),
                        opt_instant(if b == OPEN { stop } else { Some(b) }),
                    )
                })
                .collect(),
            counted,
            holidays: ex.holidays,
            deadline: opt_instant(deadline),
            truncated: ex.truncated,
        }
    }

    /// The trace of an update interval due by a written promise, from
    /// `start` to `end` (its close, or now).
    pub(super) fn of_promise(start: i64, promise: i64, end: i64) -> Trace {
        Trace {
            clock: "update",
            calendar: Calendar::Always.name().to_string(),
            promise: true,
            start: instant(start),
            target_secs: promise - start,
            pauses: vec![],
            counted: vec![(instant(start), instant(promise.min(end).max(start)))],
            holidays: vec![],
            deadline: Some(instant(promise)),
            truncated: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::calendar::Calendar;
    use super::super::super::testutil::{brisbane, s, t};
    use super::*;

    #[test]
    fn counted_time_is_split_around_the_pauses() {
        // Business hours from Tuesday 10:00 Brisbane, waiting 11:00 to 12:00
        // and again from 16:00 when the ticket was resolved at 16:30.
        let cal = brisbane();
        let pauses = [
            (
                s("2026-11-24T11:00:00+10:00"),
                s("2026-11-24T12:00:00+10:00"),
            ),
            (s("2026-11-24T16:00:00+10:00"), OPEN),
        ];
        let span = Span {
            calendar: &cal,
            start: s("2026-11-24T10:00:00+10:00"),
            target: 8 * 3600,
            pauses: &pauses,
        };
        let stop = s("2026-11-24T16:30:00+10:00");
        let tr = Trace::of("restore", &span, Some(stop), stop);
        assert_eq!(
            tr.counted,
            [
                (
                    t("2026-11-24T10:00:00+10:00"),
                    t("2026-11-24T11:00:00+10:00")
                ),
                (
                    t("2026-11-24T12:00:00+10:00"),
                    t("2026-11-24T16:00:00+10:00")
                ),
            ]
        );
        assert_eq!(
            tr.pauses[1],
            (
                t("2026-11-24T16:00:00+10:00"),
                Some(t("2026-11-24T16:30:00+10:00"))
            )
        );
        assert_eq!((tr.deadline, tr.truncated), (None, false));
        assert_eq!(tr.calendar, "business");
    }

    #[test]
    fn a_promise_counts_wall_clock_time_to_it() {
        let (start, promise) = (s("2026-11-24T00:00:00Z"), s("2026-11-24T02:00:00Z"));
        let tr = Trace::of_promise(start, promise, promise + 60);
        assert_eq!(tr.target_secs, 7200);
        assert_eq!(
            tr.counted,
            [(t("2026-11-24T00:00:00Z"), t("2026-11-24T02:00:00Z"))]
        );
        let always = Span {
            calendar: &Calendar::Always,
            start,
            target: 60,
            pauses: &[],
        };
        assert_eq!(
            Trace::of("response", &always, None, start).deadline,
            Some(t("2026-11-24T00:01:00Z"))
        );
    }
}
