//! What `check` prints for cron and monitoring: the plugin-convention first
//! line (status word, counts, perfdata after `|`), then one line per ticket
//! that needs attention (`json/check.rs` writes the JSON object). The
//! verdicts are decided by `sla::attention`; this module only words them.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{Attention, CheckStatus, Concern, Findings, Kind, Reason};

use super::{TicketDetails, human, relative};

/// Everything `check` found among the tickets open at `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub as_of: DateTime<Utc>,
    /// The share of a target at which a running clock is at risk.
    pub warn_at: u8,
    pub findings: Findings<TicketDetails>,
}

/// `check` either judged the log or could not.
pub enum CheckOutcome {
    Judged(CheckReport),
    /// Why the log could not be evaluated, in a line.
    Unknown(String),
}

impl CheckOutcome {
    pub fn status(&self) -> CheckStatus {
        match self {
            CheckOutcome::Judged(r) => r.findings.status(),
            CheckOutcome::Unknown(_) => CheckStatus::Unknown,
        }
    }
}

/// `CRITICAL: 2 breached, 1 at risk, 1 escalation due | breached=2 at_risk=1 escalation_due=1`.
pub fn check_first_line(outcome: &CheckOutcome) -> String {
    match outcome {
        CheckOutcome::Judged(r) => {
            let f = &r.findings;
            format!(
                "{}: {} breached, {} at risk, {} escalation due | breached={} at_risk={} escalation_due={}",
                f.status().word(),
                f.breached,
                f.at_risk,
                f.escalation_due,
                f.breached,
                f.at_risk,
                f.escalation_due
            )
        }
        CheckOutcome::Unknown(reason) => format!("UNKNOWN: {}", one_line(reason)),
    }
}

/// The first line, then (unless `quiet`) one line per ticket needing attention.
pub fn check_text(w: &mut impl Write, outcome: &CheckOutcome, quiet: bool) -> io::Result<()> {
    writeln!(w, "{}", check_first_line(outcome))?;
    if let (CheckOutcome::Judged(r), false) = (outcome, quiet) {
        for t in &r.findings.tickets {
            writeln!(w, "{}", attention_line(t, r.as_of))?;
        }
    }
    Ok(())
}

/// `#3 severity 1 incident "VXC down" for ACME: update 12m overdue; restore due in 20m, 80% used`.
fn attention_line(t: &Attention<TicketDetails>, now: DateTime<Utc>) -> String {
    let what = match (t.ticket.kind, t.severity) {
        (Kind::Incident, Some(s)) => format!("severity {s} incident"),
        (kind, _) => kind.to_string(),
    };
    let customer = t
        .ticket
        .customer
        .as_deref()
        .map(|c| format!(" for {}", one_line(c)))
        .unwrap_or_default();
    let reasons: Vec<String> = t.reasons.iter().map(|r| reason_phrase(r, now)).collect();
    format!(
        "#{} {what} \"{}\"{customer}: {}",
        t.ticket.id.0,
        one_line(&t.ticket.title),
        reasons.join("; ")
    )
}

/// `update 12m overdue`, `response breached, 5m late`, `restore due in 20m,
/// 80% used`, `escalation to level 1 due since 10m`.
fn reason_phrase(r: &Reason, now: DateTime<Utc>) -> String {
    match (r.concern, r.deadline, r.stopped_at) {
        (Concern::Breached, Some(d), Some(stopped)) => {
            format!(
                "{} breached, {} late",
                r.clock,
                human((stopped - d).num_seconds())
            )
        }
        (Concern::Breached, Some(d), None) => format!("{} {}", r.clock, relative(d, now)),
        (Concern::Breached, None, _) => format!("{} breached", r.clock),
        (Concern::EscalationDue, due, _) => {
            let level = r
                .level
                .map(|l| format!(" to level {l}"))
                .unwrap_or_default();
            match due {
                Some(d) => format!(
                    "escalation{level} due since {}",
                    human((now - d).num_seconds())
                ),
                None => format!("escalation{level} due"),
            }
        }
        (Concern::AtRisk, d, _) => {
            let due = d.map(|d| format!(" due {}", relative(d, now)));
            let used = r.used_percent.map(|p| format!(", {p}% used"));
            format!(
                "{}{}{}",
                r.clock,
                due.unwrap_or_default(),
                used.unwrap_or_default()
            )
        }
    }
}

/// Text from users or errors, made to fit on one line.
fn one_line(s: &str) -> String {
    let joined: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    joined
        .join("; ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TicketId;
    use crate::sla::{Severity, TicketState};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn reason(concern: Concern, clock: &'static str, deadline: &str) -> Reason {
        Reason {
            concern,
            clock,
            deadline: Some(at(deadline)),
            stopped_at: None,
            used_percent: None,
            level: None,
            contact: None,
        }
    }

    #[test]
    fn first_line_follows_the_plugin_convention() {
        let report = CheckReport {
            as_of: at("2026-11-24T00:00:00Z"),
            warn_at: 75,
            findings: Findings {
                open: 6,
                breached: 2,
                at_risk: 1,
                escalation_due: 1,
                tickets: vec![],
            },
        };
        assert_eq!(
            check_first_line(&CheckOutcome::Judged(report)),
            "CRITICAL: 2 breached, 1 at risk, 1 escalation due | breached=2 at_risk=1 escalation_due=1"
        );
        assert_eq!(
            check_first_line(&CheckOutcome::Unknown("bad\nlog".into())),
            "UNKNOWN: bad; log"
        );
    }

    #[test]
    fn reasons_read_as_phrases() {
        let now = at("2026-11-24T01:00:00Z");
        let overdue = reason(Concern::Breached, "update", "2026-11-24T00:48:00Z");
        assert_eq!(reason_phrase(&overdue, now), "update 12m overdue");
        let late = Reason {
            stopped_at: Some(at("2026-11-24T00:20:00Z")),
            ..reason(Concern::Breached, "response", "2026-11-24T00:15:00Z")
        };
        assert_eq!(reason_phrase(&late, now), "response breached, 5m late");
        let risk = Reason {
            used_percent: Some(80),
            ..reason(Concern::AtRisk, "restore", "2026-11-24T01:20:00Z")
        };
        assert_eq!(reason_phrase(&risk, now), "restore due in 20m, 80% used");
        let esc = Reason {
            level: Some(1),
            ..reason(Concern::EscalationDue, "escalation", "2026-11-24T00:50:00Z")
        };
        assert_eq!(
            reason_phrase(&esc, now),
            "escalation to level 1 due since 10m"
        );
    }

    #[test]
    fn ticket_lines_stay_on_one_line() {
        let t = Attention {
            ticket: TicketDetails {
                id: TicketId(3),
                kind: Kind::Incident,
                title: "VXC down\nagain".into(),
                customer: Some("ACME".into()),
                service: None,
                reference: None,
                reported_at: at("2026-11-24T00:00:00Z"),
                opened_at: at("2026-11-24T00:00:00Z"),
                policy_version: 1,
            },
            severity: Some(Severity::S1),
            state: TicketState::Open,
            reasons: vec![reason(Concern::Breached, "update", "2026-11-24T00:48:00Z")],
        };
        assert_eq!(
            attention_line(&t, at("2026-11-24T01:00:00Z")),
            "#3 severity 1 incident \"VXC down; again\" for ACME: update 12m overdue"
        );
    }
}
