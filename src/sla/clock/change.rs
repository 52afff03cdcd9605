//! When an evaluation goes stale by time alone: the next instant at which
//! judging the same events again may give another answer. A live board
//! (`watch`) judges each ticket once and then only moves its countdowns,
//! which follow from the deadlines, until that instant comes.

use chrono::{DateTime, Duration, Utc};

use super::{ClockState, Evaluation};

impl Evaluation {
    /// The earliest instant after `at` (the instant this evaluation is of)
    /// at which evaluating the same events again may judge differently: a
    /// running clock turning at risk (from `warn_at` percent of its target)
    /// or breached, or the next escalation level falling due. Until then
    /// only the time left, overdue or waiting moves, and the deadlines give
    /// those. `None`: time alone changes nothing (every clock stopped,
    /// paused or breached, and no escalation to fall due).
    ///
    /// For a clock on business hours the at-risk instant given is the
    /// earliest it can be (its counted time grows by at most a second a
    /// second), so judging again then may find it not yet at risk, and
    /// give a later instant.
    pub fn next_change(&self, at: DateTime<Utc>, warn_at: u8) -> Option<DateTime<Utc>> {
        let mut edges = Vec::with_capacity(7);
        for (_, c) in self.clocks() {
            if c.state != ClockState::Running || c.stopped_at.is_some() {
                continue;
            }
            // Breached once now is past the deadline.
            if let Some(d) = c.deadline {
                edges.push(d + Duration::seconds(1));
            }
            // At risk once at most `100 - warn_at` percent of the target is
            // left: `(t - r) * 100 >= t * warn_at` as `Clock::at_risk` has it.
            if let (Some(t), Some(r)) = (c.target_secs, c.remaining_secs)
                && t > 0
                && !c.at_risk(warn_at)
            {
                let left_at_risk = (t * i64::from(100 - warn_at.min(100))).div_euclid(100);
                edges.push(at + Duration::seconds(r - left_at_risk));
            }
        }
        let e = &self.escalation;
        if let (false, Some(d)) = (e.due, e.due_at) {
            edges.push(d);
        }
        edges.into_iter().filter(|t| *t > at).min()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use crate::sla::testutil::*;
    use crate::sla::{ClockState, Evaluation, Event, EventKind, Kind, Ticket};

    /// What a board shows of a judgement, apart from the countdowns.
    fn judgement(e: &Evaluation, warn_at: u8) -> Vec<(ClockState, bool)> {
        let mut out: Vec<(ClockState, bool)> = e
            .clocks()
            .iter()
            .map(|(_, c)| (c.state, c.at_risk(warn_at)))
            .collect();
        out.push((ClockState::None, e.escalation.due));
        out
    }

    /// Walks `ticket` from `from` (minutes) for `days`, from change to
    /// change: the judgement holds until the instant given, and at a 24x7
    /// instant it has changed. Returns the instants where it changed.
    fn walk(tk: &Ticket, events: &[Event], from: i64, days: i64) -> Vec<DateTime<Utc>> {
        let policy = crate::sla::Policy::default_policy();
        let judge = |t: DateTime<Utc>| crate::sla::evaluate(&policy, tk, events, t);
        let end = at(from) + Duration::days(days);
        let mut now = at(from);
        let mut changes = vec![];
        for _ in 0..10_000 {
            let e = judge(now);
            let Some(next) = e.next_change(now, 75) else {
                // Nothing more changes: a week later, the same judgement.
                assert_eq!(judgement(&judge(end), 75), judgement(&e, 75));
                return changes;
            };
            assert!(next > now, "{next} after {now}");
            if next > end {
                return changes;
            }
            let before = next - Duration::seconds(1);
            let mid = now + (before - now) / 2;
            for t in [mid, before] {
                assert_eq!(
                    judgement(&judge(t), 75),
                    judgement(&e, 75),
                    "the same from {now} until {next}, not at {t}"
                );
            }
            if judgement(&judge(next), 75) != judgement(&e, 75) {
                changes.push(next);
            }
            now = next;
        }
        panic!("no end to the changes from {}", at(from));
    }

    #[test]
    fn a_severity_1_incident_changes_at_each_edge_and_nowhere_else() {
        // Response: 15m target, at risk from 11m15s, breached after 15m;
        // escalation level 1 due at 2h; restore: 6h, at risk from 4h30m.
        let changes = walk(&incident(1), &[], 0, 1);
        let want = [
            at(0) + Duration::seconds(675),
            at(15) + Duration::seconds(1),
            at(120),
            at(270),
            at(360) + Duration::seconds(1),
        ];
        assert_eq!(changes, want);
    }

    #[test]
    fn answered_waiting_and_business_hour_tickets_change_only_where_judged() {
        let cases: [(Ticket, Vec<Event>); 5] = [
            (incident(2), vec![update(5), promise(30, 200)]),
            (incident(1), vec![update(5), ev(20, EventKind::Waiting)]),
            (incident(3), vec![update(10)]),
            (ticket(Kind::Inquiry, Some(3)), vec![]),
            (incident(1), vec![update(5), ev(10, EventKind::Resolved)]),
        ];
        for (tk, events) in cases {
            walk(&tk, &events, 30, 10);
        }
        // Waiting pauses the update and restore clocks: nothing changes
        // until the customer answers.
        let waiting = eval(&incident(1), &[update(5), ev(20, EventKind::Waiting)], 30);
        assert_eq!(waiting.next_change(at(30), 75), None);
    }
}
