//! What needs attention on open tickets, for `check`: the rules that find
//! a breached clock, a due escalation and a clock at risk in an
//! evaluation (`assess`), how tickets are counted (a breached ticket is
//! not also at risk) and ordered (most urgent first), and the
//! monitoring-plugin status of the whole (`Findings`).
//!
//! Pure: it takes evaluations already made, never reads the log or the
//! clock, and knows a ticket only as the caller's `T`; `output` words the
//! results.

use chrono::{DateTime, Utc};

use super::{ClockState, Evaluation, Severity, TicketState};

/// The share of its target (percent) from which a running clock is at
/// risk, wherever it is not given (`check --warn-at` gives it).
pub const AT_RISK_PERCENT: u8 = 75;

/// The monitoring-plugin status, most severe last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CheckStatus {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl CheckStatus {
    pub fn word(self) -> &'static str {
        match self {
            CheckStatus::Ok => "OK",
            CheckStatus::Warning => "WARNING",
            CheckStatus::Critical => "CRITICAL",
            CheckStatus::Unknown => "UNKNOWN",
        }
    }

    /// 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
    pub fn exit_code(self) -> u8 {
        match self {
            CheckStatus::Ok => 0,
            CheckStatus::Warning => 1,
            CheckStatus::Critical => 2,
            CheckStatus::Unknown => 3,
        }
    }
}

/// Why a ticket needs attention, in order of urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    Breached,
    EscalationDue,
    AtRisk,
}

/// One reason a ticket is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub concern: Concern,
    /// `response`, `update`, `restore` or `escalation`.
    pub clock: &'static str,
    /// The clock's deadline, or when the escalation fell due.
    pub deadline: Option<DateTime<Utc>>,
    /// A breached clock that has already stopped (a late initial response).
    pub stopped_at: Option<DateTime<Utc>>,
    /// How much of an at-risk clock's target is used, in whole percent.
    pub used_percent: Option<i64>,
    /// The escalation level that is due.
    pub level: Option<u8>,
    pub contact: Option<String>,
}

/// Why an open ticket needs attention at the instant it was evaluated;
/// empty if it does not. Breached clocks come first, then a due
/// escalation, then clocks that have used at least `warn_at` percent of
/// their target; within each, the nearest deadline first.
pub fn assess(eval: &Evaluation, warn_at: u8) -> Vec<Reason> {
    let mut reasons = vec![];
    for (name, c) in eval.clocks() {
        if c.state == ClockState::Breached {
            reasons.push(Reason {
                concern: Concern::Breached,
                clock: name,
                deadline: c.deadline,
                stopped_at: c.stopped_at,
                used_percent: None,
                level: None,
                contact: None,
            });
        }
    }
    let e = &eval.escalation;
    if e.due {
        reasons.push(Reason {
            concern: Concern::EscalationDue,
            clock: "escalation",
            deadline: e.due_at,
            stopped_at: None,
            used_percent: None,
            level: e.next_level,
            contact: e.contact.clone(),
        });
    }
    for (name, c) in eval.clocks() {
        if c.at_risk(warn_at) {
            let used = match (c.target_secs, c.remaining_secs) {
                (Some(t), Some(r)) if t > 0 => Some((t - r) * 100 / t),
                _ => None,
            };
            reasons.push(Reason {
                concern: Concern::AtRisk,
                clock: name,
                deadline: c.deadline,
                stopped_at: None,
                used_percent: used,
                level: None,
                contact: None,
            });
        }
    }
    reasons.sort_by_key(|r| (r.concern, r.deadline.is_none(), r.deadline));
    reasons
}

/// A ticket that needs attention, and why. `ticket` is whatever the
/// caller shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention<T> {
    pub ticket: T,
    pub severity: Option<Severity>,
    pub state: TicketState,
    /// Most urgent first.
    pub reasons: Vec<Reason>,
}

/// What a check found among the open tickets: the counts are tickets,
/// each counted once per concern (a breached ticket is not also counted
/// as at risk).
#[derive(Debug, Clone, PartialEq)]
pub struct Findings<T> {
    /// Tickets evaluated: every unresolved ticket.
    pub open: u64,
    pub breached: u64,
    pub at_risk: u64,
    pub escalation_due: u64,
    /// Most urgent first, once `sort_by_urgency` has run.
    pub tickets: Vec<Attention<T>>,
}

impl<T> Default for Findings<T> {
    fn default() -> Self {
        Findings {
            open: 0,
            breached: 0,
            at_risk: 0,
            escalation_due: 0,
            tickets: vec![],
        }
    }
}

impl<T> Findings<T> {
    /// Adds one open ticket, evaluated at the check's instant; `ticket` is
    /// asked for only if it needs attention.
    pub fn add(&mut self, eval: &Evaluation, warn_at: u8, ticket: impl FnOnce() -> T) {
        self.open += 1;
        let reasons = assess(eval, warn_at);
        if reasons.is_empty() {
            return;
        }
        self.tally(&reasons);
        self.tickets.push(Attention {
            ticket: ticket(),
            severity: eval.severity,
            state: eval.state,
            reasons,
        });
    }

    /// Counts a ticket once per concern; a breached ticket is not also "at risk".
    fn tally(&mut self, reasons: &[Reason]) {
        let has = |c: Concern| reasons.iter().any(|r| r.concern == c);
        if has(Concern::Breached) {
            self.breached += 1;
        } else if has(Concern::AtRisk) {
            self.at_risk += 1;
        }
        if has(Concern::EscalationDue) {
            self.escalation_due += 1;
        }
    }

    /// CRITICAL if a ticket is breached, else WARNING if one is at risk or
    /// owes an escalation, else OK.
    pub fn status(&self) -> CheckStatus {
        if self.breached > 0 {
            CheckStatus::Critical
        } else if self.at_risk > 0 || self.escalation_due > 0 {
            CheckStatus::Warning
        } else {
            CheckStatus::Ok
        }
    }

    /// Most urgent first: by the ticket's gravest concern, then the nearest
    /// deadline of that concern, then by `id`.
    pub fn sort_by_urgency(&mut self, id: impl Fn(&T) -> i64) {
        // `assess` sorts reasons, so the first is the gravest and, within
        // it, the nearest deadline.
        self.tickets.sort_by_key(|a| {
            let first = a.reasons.first();
            let deadline = first.and_then(|r| r.deadline);
            (
                first.map(|r| r.concern),
                deadline.is_none(),
                deadline,
                id(&a.ticket),
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::*;
    use crate::sla::{EventKind, Kind};

    fn attention(id: i64, reasons: &[(Concern, Option<&str>)]) -> Attention<i64> {
        Attention {
            ticket: id,
            severity: Some(Severity::S1),
            state: TicketState::Open,
            reasons: reasons
                .iter()
                .map(|(concern, d)| Reason {
                    concern: *concern,
                    clock: "restore",
                    deadline: d.map(t),
                    stopped_at: None,
                    used_percent: None,
                    level: None,
                    contact: None,
                })
                .collect(),
        }
    }

    #[test]
    fn most_urgent_first() {
        let mut findings = Findings {
            tickets: vec![
                attention(1, &[(Concern::AtRisk, Some("2026-11-24T01:00:00Z"))]),
                attention(2, &[(Concern::EscalationDue, Some("2026-11-24T05:00:00Z"))]),
                attention(3, &[(Concern::Breached, Some("2026-11-24T03:00:00Z"))]),
                attention(4, &[(Concern::Breached, Some("2026-11-24T02:00:00Z"))]),
                attention(5, &[(Concern::AtRisk, Some("2026-11-24T00:30:00Z"))]),
            ],
            ..Findings::default()
        };
        findings.sort_by_urgency(|id| *id);
        let ids: Vec<i64> = findings.tickets.iter().map(|a| a.ticket).collect();
        assert_eq!(ids, [4, 3, 2, 5, 1]);
    }

    #[test]
    fn a_breached_ticket_is_not_also_at_risk() {
        let mut findings = Findings::<i64>::default();
        let a = attention(
            1,
            &[
                (Concern::Breached, None),
                (Concern::EscalationDue, None),
                (Concern::AtRisk, None),
            ],
        );
        findings.tally(&a.reasons);
        assert_eq!(
            (findings.breached, findings.escalation_due, findings.at_risk),
            (1, 1, 0)
        );
    }

    #[test]
    fn the_reasons_of_an_evaluation_gravest_first() {
        // Severity 1 at 02:05: the response (due 00:15) is overdue, level 1
        // fell due at 02:00, and the restore clock has used 34% of 6 hours.
        let e = eval(&incident(1), &[], 125);
        let reasons = assess(&e, 30);
        let got: Vec<(Concern, &str)> = reasons.iter().map(|r| (r.concern, r.clock)).collect();
        assert_eq!(
            got,
            [
                (Concern::Breached, "response"),
                (Concern::EscalationDue, "escalation"),
                (Concern::AtRisk, "restore"),
            ]
        );
        assert_eq!(reasons[0].deadline, Some(at(15)));
        assert_eq!(reasons[1].level, Some(1));
        assert_eq!(reasons[2].used_percent, Some(34));
        // A response given late is history: breached, with where it stopped.
        let late = assess(&eval(&incident(1), &[update(20)], 21), 75);
        assert_eq!(late[0].stopped_at, Some(at(20)));
        // Nothing to say about a ticket well within its targets.
        assert!(assess(&eval(&incident(2), &[update(5)], 10), 75).is_empty());
    }

    #[test]
    fn the_status_is_the_gravest_concern_of_the_board() {
        let mut findings = Findings::default();
        let calm = eval(&incident(2), &[update(5)], 10);
        findings.add(&calm, 75, || "calm");
        assert_eq!((findings.status(), findings.open), (CheckStatus::Ok, 1));
        assert!(findings.tickets.is_empty(), "asked only when listed");
        let waiting = [update(5), ev(6, EventKind::Waiting)];
        let inquiry = eval(&ticket(Kind::Inquiry, Some(3)), &waiting, 100);
        findings.add(&inquiry, 75, || "paused");
        assert_eq!(findings.status(), CheckStatus::Ok);
        let risky = eval(&incident(1), &[update(5)], 30);
        findings.add(&risky, 75, || "at risk");
        assert_eq!(findings.status(), CheckStatus::Warning);
        let late = eval(&incident(1), &[], 20);
        findings.add(&late, 75, || "late");
        assert_eq!(findings.status(), CheckStatus::Critical);
        assert_eq!(
            (findings.open, findings.breached, findings.at_risk),
            (4, 1, 1)
        );
        assert_eq!(findings.tickets[1].ticket, "late");
        assert_eq!(findings.tickets[1].severity, Some(Severity::S1));
        let codes = [
            CheckStatus::Ok,
            CheckStatus::Warning,
            CheckStatus::Critical,
            CheckStatus::Unknown,
        ]
        .map(|s| (s.word(), s.exit_code()));
        assert_eq!(
            codes,
            [("OK", 0), ("WARNING", 1), ("CRITICAL", 2), ("UNKNOWN", 3)]
        );
    }
}
