//! The counted times to restore behind a report's median and p90, kept per
//! incident severity with each ticket's own restore target, for a chart of
//! their spread (`report --chart FILE --restore-times`).
//!
//! Fed one evaluation at a time like `ReportBuilder`, and by the same rule
//! (`report::counted_restore_secs`), so the chart shows exactly the tickets
//! the percentiles were taken over. It must not read the log or draw.

use std::collections::BTreeMap;

use super::report::counted_restore_secs;
use super::{Evaluation, Kind};

/// One resolved incident's counted time to restore and the target it was
/// judged against (in the calendar its target counts in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreTime {
    pub counted_secs: i64,
    pub target_secs: i64,
}

impl RestoreTime {
    /// Whether it took longer than its target (the restore clock breached).
    pub fn over_target(&self) -> bool {
        self.counted_secs > self.target_secs
    }
}

/// The counted restore times of a period, by incident severity.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreTimes {
    by_severity: BTreeMap<u8, Vec<RestoreTime>>,
}

impl Default for RestoreTimes {
    fn default() -> RestoreTimes {
        RestoreTimes::new()
    }
}

impl RestoreTimes {
    /// Every severity (1, 2, 3) is there from the start, so a chart has a
    /// panel for a severity with no resolved incident too.
    pub fn new() -> RestoreTimes {
        RestoreTimes {
            by_severity: (1..=3).map(|s| (s, Vec::new())).collect(),
        }
    }

    /// Adds one ticket, judged at the report's instant: kept if it is a
    /// resolved incident whose restore clock counted time against a target.
    pub fn add(&mut self, kind: Kind, eval: &Evaluation) {
        let (Some(counted_secs), Some(severity), Some(target_secs)) = (
            counted_restore_secs(kind, eval),
            eval.severity,
            eval.clocks.restore.target_secs,
        ) else {
            return;
        };
        self.push(
            severity.get(),
            RestoreTime {
                counted_secs,
                target_secs,
            },
        );
    }

    /// Adds one severity's restore time as it is.
    pub fn push(&mut self, severity: u8, time: RestoreTime) {
        self.by_severity.entry(severity).or_default().push(time);
    }

    /// Each severity and its tickets' restore times, in the order added.
    pub fn severities(&self) -> impl Iterator<Item = (u8, &[RestoreTime])> {
        self.by_severity.iter().map(|(s, t)| (*s, t.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::{at, ev, eval, incident, ticket, update};
    use crate::sla::{EventKind, ReportBuilder};

    #[test]
    fn keeps_what_the_percentiles_count_with_each_target() {
        let resolved = |minutes| ev(minutes, EventKind::Resolved);
        let cases = [
            // Severity 1 resolved after 2 h: counted, against 6 h.
            (incident(1), vec![update(5), resolved(120)]),
            // Severity 2 resolved after 30 h: counted, against 24 h.
            (incident(2), vec![update(5), resolved(30 * 60)]),
            // Still open: no counted time yet.
            (incident(2), vec![update(5)]),
            // An inquiry has no restore clock.
            (
                ticket(Kind::Inquiry, Some(3)),
                vec![update(5), resolved(60)],
            ),
        ];
        let t0 = crate::sla::testutil::t(crate::sla::testutil::T0);
        let mut times = RestoreTimes::new();
        let mut report = ReportBuilder::new(None, at(40 * 60));
        for (tk, events) in &cases {
            let e = eval(tk, events, 40 * 60);
            times.add(tk.kind, &e);
            report.add(tk.kind, None, tk.reported_at, &e);
        }
        let got: Vec<(u8, Vec<(i64, i64)>)> = times
            .severities()
            .map(|(s, t)| {
                let pairs = t.iter().map(|r| (r.counted_secs, r.target_secs));
                (s, pairs.collect())
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, vec![(7200, 6 * 3600)]),
                (2, vec![(30 * 3600, 24 * 3600)]),
                (3, vec![]),
            ]
        );
        // The same tickets as the report's percentiles.
        let report = report.finish(t0, at(40 * 60));
        let resolved_by_severity: Vec<u64> = report
            .rows
            .iter()
            .filter(|r| r.group == "severity")
            .map(|r| r.restores_resolved)
            .collect();
        let over: Vec<bool> = times
            .severities()
            .flat_map(|(_, t)| t.iter().map(RestoreTime::over_target))
            .collect();
        assert_eq!(over, [false, true]);
        let kept: Vec<u64> = times.severities().map(|(_, t)| t.len() as u64).collect();
        assert_eq!(kept, resolved_by_severity);
    }
}
