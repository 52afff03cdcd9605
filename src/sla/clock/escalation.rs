//! The escalation schedule (incidents only): level L+1 falls due when the
//! restore clock's counted time reaches that level's threshold for the
//! current severity and the ticket is below it. A severity with no
//! thresholds is never due, though staff may escalate it by hand. It
//! counts on the restore clock's `Counting` and must not count on its own.

use super::super::Kind;
use super::restore::Counting;
use super::span::opt_instant;
use super::{Escalation, Facts};

pub(super) fn judge(f: &Facts, c: &Counting) -> Escalation {
    let summary = &f.replay.summary;
    let resolved_at = f.resolved_at();
    let next_level = summary.escalation_level + 1;
    let next = c.policy.level(next_level);
    let threshold = match (f.ticket.kind, summary.severity, next) {
        (Kind::Incident, Some(sev), Some(level)) => level.after.get(&sev).copied(),
        _ => None,
    };
    // Due the moment the counted time reaches the threshold, even if a
    // wait begins at that very instant (unlike a clock's deadline, which
    // such a wait holds: nothing is late yet then, but the threshold has
    // been reached).
    let due_at = threshold.and_then(|secs| c.span(secs).reached_at());
    // A resolved ticket owes no escalation: keep a due time only if it fell
    // while the ticket was still open (a climb that was missed).
    let due_at = due_at.filter(|d| resolved_at.is_none_or(|r| *d <= r));
    Escalation {
        next_level: next.map(|_| next_level),
        due_at: opt_instant(due_at),
        due: resolved_at.is_none() && due_at.is_some_and(|d| d <= f.now),
        contact: next.map(|l| l.contact.clone()),
    }
}

#[cfg(test)]
mod tests {
    use crate::sla::testutil::*;
    use crate::sla::{Event, EventKind};

    #[test]
    fn escalation_thresholds_for_severities_1_and_2() {
        // (severity, level already reached, next level, due after minutes)
        let cases = [
            (1, 0, 1, 120),
            (1, 1, 2, 360),
            (1, 2, 3, 720),
            (2, 0, 1, 720),
            (2, 1, 2, 1440),
            (2, 2, 3, 2880),
        ];
        for (sev, reached, next, due_after) in cases {
            let events: Vec<Event> = (1..=reached)
                .map(|l| ev(1, EventKind::Escalated { level: l }))
                .collect();
            let before = eval(&incident(sev), &events, due_after - 1).escalation;
            assert_eq!(before.next_level, Some(next));
            assert_eq!(
                before.due_at,
                Some(at(due_after)),
                "severity {sev} level {next}"
            );
            assert!(!before.due);
            assert!(eval(&incident(sev), &events, due_after).escalation.due);
        }
        let top: Vec<Event> = (1..=3)
            .map(|l| ev(1, EventKind::Escalated { level: l }))
            .collect();
        let e = eval(&incident(1), &top, 2000).escalation;
        assert_eq!((e.next_level, e.due_at, e.due), (None, None, false));
        let sev3 = eval(&incident(3), &[], 60 * 24 * 30).escalation;
        assert_eq!(
            (sev3.next_level, sev3.due_at, sev3.due),
            (Some(1), None, false)
        );
        // Waiting does not count towards escalation either.
        let waited = eval(
            &incident(1),
            &[ev(60, EventKind::Waiting), ev(90, EventKind::Resumed)],
            100,
        )
        .escalation;
        assert_eq!(waited.due_at, Some(at(150)));
        // A wait recorded at the very instant the threshold is reached:
        // due then, during the wait, and not moved to the resume.
        let at_threshold = [
            ev(5, EventKind::Updated { next_update: None }),
            ev(120, EventKind::Waiting),
        ];
        let e = eval(&incident(1), &at_threshold, 150).escalation;
        assert_eq!((e.due_at, e.due), (Some(at(120)), true));
        let resumed = [at_threshold.to_vec(), vec![ev(180, EventKind::Resumed)]].concat();
        let e = eval(&incident(1), &resumed, 200).escalation;
        assert_eq!((e.due_at, e.due), (Some(at(120)), true));
    }

    #[test]
    fn a_resolved_ticket_owes_no_escalation() {
        // Restored after an hour: level 1 (due at 2h) never fell due.
        let e = eval(&incident(1), &[update(5), ev(60, EventKind::Resolved)], 300).escalation;
        assert_eq!((e.due_at, e.due), (None, false));
        // Restored at 3h: level 1 had fallen due at 2h and stays on the record, not due.
        let e = eval(
            &incident(1),
            &[update(5), ev(180, EventKind::Resolved)],
            300,
        )
        .escalation;
        assert_eq!((e.due_at, e.due), (Some(at(120)), false));
    }
}
