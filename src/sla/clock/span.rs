//! A stretch of counting, the arithmetic every clock shares: from a start,
//! a target's worth of seconds on a calendar, skipping pauses; and the
//! rules that place the pauses and the start (a clock held by a wait it
//! stopped in, a restart on a severity change).
//!
//! Nothing here knows which clock it counts for, and nothing here reads
//! the events: `replay` gives the spans, the clocks choose them.

use chrono::{DateTime, Utc};

use super::super::calendar::Calendar;
use super::super::history::Key;
use super::super::policy::{ClockKind, Policy, SeverityChange};
use super::super::replay::OPEN;
use super::super::{Severity, instant};
use super::{Clock, ClockState, Facts, Figures, Trace};

/// From `start`, `target` seconds on `calendar`, skipping `pauses` (sorted,
/// disjoint; an open pause ends at `OPEN`).
pub(super) struct Span<'a> {
    pub calendar: &'a Calendar,
    pub start: i64,
    pub target: i64,
    pub pauses: &'a [(i64, i64)],
}

impl Span<'_> {
    /// Business seconds counted from the start up to `t`.
    pub fn counted(&self, t: i64) -> i64 {
        let mut total = self.calendar.count_secs(self.start, t);
        for &(a, b) in self.pauses {
            total -= self.calendar.count_secs(a.max(self.start), b.min(t));
        }
        total
    }

    /// When the pause that holds the clock at `t` began, if one does.
    pub fn paused_since(&self, t: i64) -> Option<i64> {
        self.pauses
            .iter()
            .find(|&&(a, b)| a <= t && t < b)
            .map(|&(a, _)| a)
    }

    /// How late a clock past its `deadline` is at `t`: the wall-clock time
    /// from the deadline, less the pauses in it (a wait after the deadline
    /// does not count, as none before it did).
    pub fn late(&self, deadline: i64, t: i64) -> i64 {
        let paused: i64 = self
            .pauses
            .iter()
            .map(|&(a, b)| (b.min(t) - a.max(deadline)).max(0))
            .sum();
        (t - deadline - paused).max(0)
    }

    /// What is left of the target at `t`, given its `deadline`: counted on
    /// the calendar up to the deadline, and past it how late (negative,
    /// `late`), so a business-hours clock past its deadline is as late as
    /// every other surface says, not 0 while the office is closed.
    pub fn left(&self, deadline: Option<i64>, t: i64) -> i64 {
        match deadline {
            Some(d) if t > d => -self.late(d, t),
            _ => self.target - self.counted(t),
        }
    }

    /// When the target is reached; `None` while an open pause holds it.
    /// A pause that begins at the very instant the target is reached holds
    /// the clock (with nothing left): the deadline has not yet passed then.
    pub fn deadline(&self) -> Option<i64> {
        self.reaching(false)
    }

    /// When the counted time reaches the target, a pause that begins at
    /// that very instant or not: the moment a threshold is crossed
    /// (escalation falls due then), where [`Span::deadline`] is the moment
    /// a clock is late. `None` while an open pause holds it short of it.
    pub fn reached_at(&self) -> Option<i64> {
        self.reaching(true)
    }

    fn reaching(&self, at_a_pause: bool) -> Option<i64> {
        let (mut cursor, mut left) = (self.start, self.target);
        for &(a, b) in self.pauses {
            if b <= cursor {
                continue;
            }
            let got = self.calendar.count_secs(cursor, a);
            if got >= left {
                let reached = self.calendar.add_secs(cursor, left);
                if reached < a || (at_a_pause && reached == a) {
                    return Some(reached);
                }
            }
            left -= got.min(left);
            if b == OPEN {
                return None;
            }
            cursor = cursor.max(b);
        }
        Some(self.calendar.add_secs(cursor, left))
    }

    /// The clock this span makes, stopped at `stop` (if it has), judged at
    /// `now`, with its own `figures`; its trace, named `name`, is added to
    /// `traces` when they are asked for.
    pub fn clock(
        &self,
        name: &'static str,
        stop: Option<i64>,
        now: i64,
        traces: Option<&mut Vec<Trace>>,
        figures: Figures,
    ) -> Clock {
        let (state, deadline, remaining) = self.judge(stop, now);
        if let Some(tr) = traces {
            tr.push(Trace::of(name, self, stop, now));
        }
        Clock {
            state,
            target_secs: Some(self.target),
            started_at: opt_instant(Some(self.start)),
            paused_since: opt_instant(stop.is_none().then(|| self.paused_since(now)).flatten()),
            deadline: opt_instant(deadline),
            stopped_at: opt_instant(stop),
            remaining_secs: Some(remaining),
            calendar: self.calendar.business_name().cloned(),
            figures,
        }
    }

    /// State, deadline and remaining of a clock stopped at `stop` (if any).
    pub fn judge(&self, stop: Option<i64>, now: i64) -> (ClockState, Option<i64>, i64) {
        let deadline = self.deadline();
        let remaining = self.left(deadline, stop.unwrap_or(now));
        let state = match (stop, deadline) {
            (Some(e), Some(d)) if e > d => ClockState::Breached,
            (Some(_), _) => ClockState::Met,
            (None, Some(d)) if now > d => ClockState::Breached,
            (None, Some(_)) => ClockState::Running,
            (None, None) => ClockState::Paused,
        };
        (state, deadline, remaining)
    }
}

/// An instant of a span, unless it is `OPEN`.
pub(super) fn opt_instant(s: Option<i64>) -> Option<DateTime<Utc>> {
    s.filter(|s| *s != OPEN).map(instant)
}

/// `pauses` of a clock that stopped while paused since `held` (if it did):
/// that pause never ends, so no deadline after it was ever in force, and
/// the figures stay as they stood when it began.
pub(super) fn hold(pauses: Vec<(i64, i64)>, held: Option<i64>, start: i64) -> Vec<(i64, i64)> {
    let Some(h) = held.map(|h| h.max(start)) else {
        return pauses;
    };
    let mut out = pauses;
    out.retain(|(a, _)| *a < h);
    for pause in &mut out {
        pause.1 = pause.1.min(h);
    }
    out.push((h, OPEN));
    out
}

/// Sorts and merges pauses, keeping only what lies in `[from, to)`.
pub(super) fn clip(pauses: &[(i64, i64)], from: i64, to: i64) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = pauses
        .iter()
        .map(|&(a, b)| (a.max(from), if to == OPEN { b } else { b.min(to) }))
        .filter(|(a, b)| b > a)
        .collect();
    out.sort_unstable();
    // Merged in place: every clock clips its pauses at each evaluation,
    // and a second vector was a third of the allocations judging made.
    let mut kept: usize = 0;
    for i in 0..out.len() {
        let (a, b) = out[i];
        match kept.checked_sub(1).map(|k| &mut out[k]) {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => {
                out[kept] = (a, b);
                kept += 1;
            }
        }
    }
    out.truncate(kept);
    out
}

/// Where the `clock` (response or restore) counts from under `policy`,
/// and under which severity, given the severity `changes` that came while
/// it ran and its pauses from a start.
///
/// Retroactive (the default): from the report, as if the ticket had always
/// had today's severity. Restart: each change restarts it from the change,
/// unless it was already past its deadline then. A restart never erases a
/// breach that has happened: a breached clock keeps its start, severity
/// (so target and calendar) and deadline. Whether it was past its deadline
/// is decided under the policy in force at the change: a later `policy
/// apply` judges the clock from the start the change gave it, and does not
/// decide that change again.
pub(super) fn baseline<'c>(
    f: &Facts,
    policy: &Policy,
    clock: ClockKind,
    changes: impl IntoIterator<Item = &'c (Key, Severity)>,
    pauses_from: impl Fn(i64) -> Vec<(i64, i64)>,
) -> (i64, Option<Severity>) {
    let reported = f.ticket.reported_at.timestamp();
    if policy.severity_change != SeverityChange::Restart {
        return (reported, f.replay.summary.severity);
    }
    let deadline = |start: i64, severity: Option<Severity>, then: &Policy| {
        let t = then.target(f.ticket.kind, severity, clock)?;
        let pauses = pauses_from(start);
        Span {
            calendar: then.calendar(t),
            start,
            target: t.secs,
            pauses: &pauses,
        }
        .deadline()
    };
    let (mut start, mut severity) = (reported, f.ticket.severity);
    for &(key @ (at, _), to) in changes {
        if deadline(start, severity, f.history.at(key)).is_some_and(|d| at > d) {
            break;
        }
        start = at;
        severity = Some(to);
    }
    (start, severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn span(pauses: &[(i64, i64)]) -> Span<'_> {
        Span {
            calendar: &Calendar::Always,
            start: 0,
            target: 4 * H,
            pauses,
        }
    }

    #[test]
    fn pauses_move_the_deadline_and_an_open_one_holds_it() {
        assert_eq!(span(&[]).deadline(), Some(4 * H));
        assert_eq!(span(&[(H, 2 * H)]).deadline(), Some(5 * H));
        assert_eq!(span(&[(H, OPEN)]).deadline(), None);
        // A pause from the very instant the target is reached holds it...
        assert_eq!(span(&[(4 * H, OPEN)]).deadline(), None);
        // ...though the target was reached then (a threshold crossed).
        assert_eq!(span(&[(4 * H, OPEN)]).reached_at(), Some(4 * H));
        assert_eq!(span(&[(4 * H, 5 * H)]).reached_at(), Some(4 * H));
        assert_eq!(span(&[(H, 2 * H)]).reached_at(), Some(5 * H));
        assert_eq!(span(&[(H, OPEN)]).reached_at(), None);
        // ...one that begins later comes too late.
        assert_eq!(span(&[(4 * H + 1, OPEN)]).deadline(), Some(4 * H));
        let s = [(H, 2 * H)];
        assert_eq!(span(&s).counted(3 * H), 2 * H);
    }

    #[test]
    fn judged_where_it_stopped_or_now() {
        let s = [(H, 2 * H)];
        let tk = span(&s);
        assert_eq!(
            tk.judge(None, 3 * H),
            (ClockState::Running, Some(5 * H), 2 * H)
        );
        assert_eq!(
            tk.judge(None, 6 * H),
            (ClockState::Breached, Some(5 * H), -H)
        );
        assert_eq!(
            tk.judge(Some(5 * H), 9 * H),
            (ClockState::Met, Some(5 * H), 0)
        );
        assert_eq!(
            tk.judge(Some(6 * H), 9 * H),
            (ClockState::Breached, Some(5 * H), -H)
        );
        let open = [(H, OPEN)];
        assert_eq!(
            span(&open).judge(None, 9 * H),
            (ClockState::Paused, None, 3 * H)
        );
    }

    #[test]
    fn pauses_are_clipped_merged_and_held() {
        let waits = [(50, 70), (10, 20), (15, 30), (90, OPEN)];
        assert_eq!(clip(&waits, 12, 95), [(12, 30), (50, 70), (90, 95)]);
        assert_eq!(clip(&waits, 0, OPEN), [(10, 30), (50, 70), (90, OPEN)]);
        assert_eq!(clip(&waits, 100, OPEN), [(100, OPEN)]);
        // Stopped while waiting since 60: what came later never counted.
        assert_eq!(
            hold(vec![(10, 30), (50, 70)], Some(60), 0),
            [(10, 30), (50, 60), (60, OPEN)]
        );
        assert_eq!(hold(vec![(10, 30)], None, 0), [(10, 30)]);
        assert_eq!(
            hold(vec![], Some(5), 8),
            [(8, OPEN)],
            "not before the start"
        );
        assert_eq!(opt_instant(Some(OPEN)), None);
    }
}
