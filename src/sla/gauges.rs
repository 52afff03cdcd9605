//! The figures `metrics` exposes to Prometheus: open tickets by kind and
//! severity, their clocks by state (with `at_risk` apart from `running`),
//! the attention counts and status `check` would give, and the nearest
//! running deadline. Pure: evaluations and `now` in, numbers out; the text
//! format is `output`'s.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::attention::{CheckStatus, Findings, Rules, active_breach};
use super::{Evaluation, Kind, Policy, Severity};

/// The clock states a gauge is labelled with, `at_risk` included: a
/// running clock past the warn threshold counts there and not as `running`.
pub const CLOCK_STATES: [&str; 7] = [
    "pending", "running", "at_risk", "paused", "met", "breached", "none",
];

/// The clocks, as labelled (`own`, time to own, is `none` where the policy
/// sets no such target).
pub const CLOCKS: [&str; 4] = ["response", "update", "restore", "own"];

/// The kinds and severities of open tickets that always have a series
/// (provisioning has no severity; an inquiry is always severity 3).
pub const TICKET_SERIES: [(Kind, Option<Severity>); 5] = [
    (Kind::Incident, Some(Severity::S1)),
    (Kind::Incident, Some(Severity::S2)),
    (Kind::Incident, Some(Severity::S3)),
    (Kind::Provisioning, None),
    (Kind::Inquiry, Some(Severity::S3)),
];

/// The figures of the open tickets at `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauges {
    findings: Findings<()>,
    /// Open tickets by kind and severity in force.
    pub open_tickets: BTreeMap<(Kind, Option<Severity>), u64>,
    /// Open tickets' clocks by (clock, state), every pair present.
    pub clocks: BTreeMap<(&'static str, &'static str), u64>,
    /// Clocks running past their deadline.
    pub active_breaches: u64,
    /// Seconds to the nearest deadline of a running clock (negative, if
    /// breached; a breach a wait holds is as late as when the wait began),
    /// each ticket's clock chosen as the board chooses it.
    next_deadline_secs: Option<i64>,
}

impl Gauges {
    pub fn new(rules: Rules, as_of: DateTime<Utc>) -> Gauges {
        Gauges {
            findings: Findings::new(rules, as_of),
            open_tickets: TICKET_SERIES.iter().map(|k| (*k, 0)).collect(),
            clocks: CLOCKS
                .iter()
                .flat_map(|c| CLOCK_STATES.iter().map(move |s| ((*c, *s), 0)))
                .collect(),
            active_breaches: 0,
            next_deadline_secs: None,
        }
    }

    /// Adds one open ticket, evaluated at `as_of`.
    pub fn add(&mut self, kind: Kind, id: i64, eval: &Evaluation) {
        let _ = self.findings.add(kind, id, eval, || ());
        *self.open_tickets.entry((kind, eval.severity)).or_default() += 1;
        for (name, c) in eval.clocks() {
            let state = if c.at_risk(self.findings.rules.warn_at) {
                "at_risk"
            } else {
                c.state.as_str()
            };
            *self.clocks.entry((name, state)).or_default() += 1;
            if active_breach(c) {
                self.active_breaches += 1;
            }
        }
        let nearest = eval
            .most_urgent()
            .and_then(|(_, c)| c.seconds_left(self.findings.as_of));
        if let Some(secs) = nearest {
            self.next_deadline_secs = Some(self.next_deadline_secs.map_or(secs, |n| n.min(secs)));
        }
    }

    /// Notes the policy's calendars that have run out of holidays (a
    /// WARNING for `check`, so for `status` here too).
    pub fn check_calendars(&mut self, policy: &Policy) {
        self.findings.check_calendars(policy);
    }

    /// What `check` would exit with: 0 OK, 1 WARNING, 2 CRITICAL.
    pub fn status(&self) -> CheckStatus {
        self.findings.status()
    }

    /// Tickets whose next escalation level is due and not taken.
    pub fn escalations_due(&self) -> u64 {
        self.findings.escalation_due
    }

    /// Tickets waiting on the customer longer than the rules allow.
    pub fn waiting_too_long(&self) -> u64 {
        self.findings.waiting_too_long
    }

    /// Seconds from `as_of` to the nearest running deadline; negative when
    /// it has passed.
    pub fn next_deadline_secs(&self) -> Option<i64> {
        self.next_deadline_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::*;
    use crate::sla::{AT_RISK_PERCENT, EventKind};

    #[test]
    fn open_tickets_clocks_and_the_nearest_deadline() {
        let rules = Rules {
            warn_at: AT_RISK_PERCENT,
            max_wait_secs: 3600,
            history: false,
        };
        let mut g = Gauges::new(rules, at(20));
        assert_eq!(g.status(), CheckStatus::Ok);
        assert_eq!(g.next_deadline_secs(), None);
        assert_eq!(g.clocks.len(), 4 * 7);
        // Severity 1 answered at 00:05: update due 00:35, restore 06:00.
        g.add(Kind::Incident, 1, &eval(&incident(1), &[update(5)], 20));
        assert_eq!(g.next_deadline_secs(), Some(15 * 60));
        assert_eq!(g.status(), CheckStatus::Ok);
        // Severity 2 unanswered at 00:12: 80% used, at risk not running.
        g.add(
            Kind::Incident,
            2,
            &eval(&incident(2), &[ev(3, EventKind::Note)], 12),
        );
        assert_eq!(g.clocks[&("response", "at_risk")], 1);
        assert_eq!(g.clocks[&("response", "running")], 0);
        assert_eq!(g.clocks[&("response", "met")], 1);
        // An inquiry answered late: history, breached in its state, but
        // not an active breach and not the nearest deadline's sign.
        g.add(
            Kind::Inquiry,
            3,
            &eval(&ticket(Kind::Inquiry, Some(3)), &[update(40)], 41),
        );
        assert_eq!(g.clocks[&("response", "breached")], 1);
        assert_eq!(g.clocks[&("restore", "none")], 1);
        assert_eq!(g.active_breaches, 0);
        // Severity 1 unanswered at 00:20: breached 5 minutes ago.
        g.add(Kind::Incident, 4, &eval(&incident(1), &[], 20));
        assert_eq!(g.active_breaches, 1);
        assert_eq!(g.next_deadline_secs(), Some(-5 * 60));
        assert_eq!(g.status(), CheckStatus::Critical);
        assert_eq!(g.open_tickets[&(Kind::Incident, Some(Severity::S1))], 2);
        assert_eq!(g.open_tickets[&(Kind::Inquiry, Some(Severity::S3))], 1);
        assert_eq!(g.open_tickets[&(Kind::Provisioning, None)], 0);
        let clocks: u64 = g.clocks.values().sum();
        assert_eq!(clocks, 4 * 4);
        // No time-to-own target in the shipped policy: every one is `none`.
        assert_eq!(g.clocks[&("own", "none")], 4);
        // A wait longer than the rules allow.
        let waiting = [update(5), ev(10, EventKind::Waiting)];
        let mut g = Gauges::new(rules, at(80));
        g.add(Kind::Incident, 5, &eval(&incident(3), &waiting, 80));
        assert_eq!((g.waiting_too_long(), g.escalations_due()), (1, 0));
        assert_eq!(g.status(), CheckStatus::Warning);
        assert_eq!(g.clocks[&("update", "paused")], 1);
    }

    /// A breach a wait holds is as late as when the wait began, however
    /// long the wait: the gauge stands still, as check and the board do.
    #[test]
    fn a_paused_breach_holds_the_nearest_deadline_still() {
        let rules = Rules {
            warn_at: AT_RISK_PERCENT,
            max_wait_secs: 86_400,
            history: false,
        };
        // Severity 1 answered at 00:05: update due 00:35; the wait at 00:42.
        let events = [update(5), ev(42, EventKind::Waiting)];
        for now in [45, 120, 600] {
            let mut g = Gauges::new(rules, at(now));
            g.add(Kind::Incident, 1, &eval(&incident(1), &events, now));
            assert_eq!(g.next_deadline_secs(), Some(-7 * 60), "at {now}");
        }
        // The clock is the board's, the one with the earliest deadline:
        // restore (1h, due 01:00, paused 5m late at 01:05) before response
        // (2h, due 02:00, and 1h late at 03:00, running).
        let p = edited(&[
            (
                "response = \"15m\"        # initial",
                "response = \"2h\"        # initial",
            ),
            (
                "restore = \"6h\"          # time",
                "restore = \"1h\"          # time",
            ),
        ]);
        let events = [ev(65, EventKind::Waiting)];
        let e = crate::sla::evaluate(&p, &incident(1), &events, at(180));
        let mut g = Gauges::new(rules, at(180));
        g.add(Kind::Incident, 1, &e);
        assert_eq!(e.most_urgent().map(|(name, _)| name), Some("restore"));
        assert_eq!(g.next_deadline_secs(), Some(-5 * 60));
    }
}
