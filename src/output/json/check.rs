//! `check --format json`: the verdict, the counts and the tickets that
//! need attention with their reasons; or, when the log could not be
//! evaluated, null counts and a message.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::TicketJson;
use crate::output::{CheckOutcome, TicketDetails, check_first_line};
use crate::sla::{Attention, CheckStatus, Concern, Reason};

#[derive(Serialize)]
struct ReasonJson<'a> {
    concern: &'static str,
    clock: &'a str,
    deadline: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_percent: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
}

#[derive(Serialize)]
struct AttentionJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    state: &'a str,
    reasons: Vec<ReasonJson<'a>>,
}

#[derive(Serialize)]
struct JudgedJson<'a> {
    status: &'static str,
    exit_code: u8,
    summary: String,
    as_of: DateTime<Utc>,
    warn_at: u8,
    open: u64,
    breached: u64,
    at_risk: u64,
    escalation_due: u64,
    tickets: Vec<AttentionJson<'a>>,
}

#[derive(Serialize)]
struct UnknownJson<'a> {
    status: &'static str,
    exit_code: u8,
    summary: String,
    message: &'a str,
    breached: Option<u64>,
    at_risk: Option<u64>,
    escalation_due: Option<u64>,
    tickets: [(); 0],
}

fn concern_word(c: Concern) -> &'static str {
    match c {
        Concern::Breached => "breached",
        Concern::EscalationDue => "escalation_due",
        Concern::AtRisk => "at_risk",
    }
}

impl<'a> ReasonJson<'a> {
    fn of(r: &'a Reason) -> Self {
        ReasonJson {
            concern: concern_word(r.concern),
            clock: r.clock,
            deadline: r.deadline,
            stopped_at: r.stopped_at,
            used_percent: r.used_percent,
            level: r.level,
            contact: r.contact.as_deref(),
        }
    }
}

impl<'a> AttentionJson<'a> {
    fn of(a: &'a Attention<TicketDetails>) -> Self {
        AttentionJson {
            ticket: TicketJson::of(&a.ticket, a.severity),
            state: a.state.as_str(),
            reasons: a.reasons.iter().map(ReasonJson::of).collect(),
        }
    }
}

/// `check --format json`: one object, `{status, exit_code, summary, ...,
/// tickets: [{id, ..., reasons: [...]}]}`; when the log could not be
/// evaluated the counts are null and `message` says why.
pub fn check_json(w: &mut impl Write, outcome: &CheckOutcome) -> io::Result<()> {
    let summary = check_first_line(outcome);
    match outcome {
        CheckOutcome::Judged(report) => {
            let (f, status) = (&report.findings, outcome.status());
            serde_json::to_writer_pretty(
                &mut *w,
                &JudgedJson {
                    status: status.word(),
                    exit_code: status.exit_code(),
                    summary,
                    as_of: report.as_of,
                    warn_at: report.warn_at,
                    open: f.open,
                    breached: f.breached,
                    at_risk: f.at_risk,
                    escalation_due: f.escalation_due,
                    tickets: f.tickets.iter().map(AttentionJson::of).collect(),
                },
            )?
        }
        CheckOutcome::Unknown(message) => serde_json::to_writer_pretty(
            &mut *w,
            &UnknownJson {
                status: CheckStatus::Unknown.word(),
                exit_code: CheckStatus::Unknown.exit_code(),
                summary,
                message,
                breached: None,
                at_risk: None,
                escalation_due: None,
                tickets: [],
            },
        )?,
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::{at, keys, written};
    use super::*;
    use crate::model::TicketId;
    use crate::output::CheckReport;
    use crate::sla::{Findings, Kind, Severity, TicketState};

    fn reason(concern: Concern, clock: &'static str) -> Reason {
        Reason {
            concern,
            clock,
            deadline: Some(at(15)),
            stopped_at: None,
            used_percent: None,
            level: None,
            contact: None,
        }
    }

    #[test]
    fn check_names_every_count_and_only_the_reasons_figures_that_apply() {
        let ticket = TicketDetails {
            id: TicketId(7),
            kind: Kind::Incident,
            title: "VXC down".into(),
            customer: None,
            service: Some("VXC-1".into()),
            reference: None,
            reported_at: at(0),
            opened_at: at(0),
            policy_version: 1,
        };
        let findings = Findings {
            open: 3,
            breached: 1,
            at_risk: 1,
            escalation_due: 1,
            tickets: vec![Attention {
                ticket,
                severity: Some(Severity::S1),
                state: TicketState::Open,
                reasons: vec![
                    Reason {
                        stopped_at: Some(at(20)),
                        ..reason(Concern::Breached, "response")
                    },
                    Reason {
                        level: Some(1),
                        contact: Some("Ops".into()),
                        ..reason(Concern::EscalationDue, "escalation")
                    },
                    Reason {
                        used_percent: Some(80),
                        ..reason(Concern::AtRisk, "restore")
                    },
                ],
            }],
        };
        let report = CheckReport {
            as_of: at(60),
            warn_at: 75,
            findings,
        };
        let text = written(|w| check_json(w, &CheckOutcome::Judged(report)));
        assert!(text.ends_with("}\n"));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&text, &[]),
            [
                "status",
                "exit_code",
                "summary",
                "as_of",
                "warn_at",
                "open",
                "breached",
                "at_risk",
                "escalation_due",
                "tickets"
            ]
        );
        assert_eq!(
            (v["status"].as_str(), v["exit_code"].as_u64()),
            (Some("CRITICAL"), Some(2))
        );
        assert_eq!(v["as_of"], "2026-11-24T01:00:00Z");
        assert_eq!(
            (v["open"].as_u64(), v["warn_at"].as_u64()),
            (Some(3), Some(75))
        );
        let t = &v["tickets"][0];
        assert_eq!(
            keys(&text, &["tickets", "0"]),
            [
                "id", "kind", "severity", "title", "customer", "service", "state", "reasons"
            ]
        );
        assert_eq!(
            (t["id"].as_i64(), t["state"].as_str()),
            (Some(7), Some("open"))
        );
        let r = &t["reasons"];
        assert_eq!(
            keys(&text, &["tickets", "0", "reasons", "0"]),
            ["concern", "clock", "deadline", "stopped_at"]
        );
        assert_eq!(r[0]["concern"], "breached");
        assert_eq!(r[0]["stopped_at"], "2026-11-24T00:20:00Z");
        assert_eq!(
            keys(&text, &["tickets", "0", "reasons", "1"]),
            ["concern", "clock", "deadline", "level", "contact"]
        );
        assert_eq!(r[1]["concern"], "escalation_due");
        assert_eq!(r[1]["contact"], "Ops");
        assert_eq!(
            keys(&text, &["tickets", "0", "reasons", "2"]),
            ["concern", "clock", "deadline", "used_percent"]
        );
        assert_eq!(
            (r[2]["concern"].as_str(), r[2]["used_percent"].as_i64()),
            (Some("at_risk"), Some(80))
        );

        let text = written(|w| check_json(w, &CheckOutcome::Unknown("no log".into())));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&text, &[]),
            [
                "status",
                "exit_code",
                "summary",
                "message",
                "breached",
                "at_risk",
                "escalation_due",
                "tickets"
            ]
        );
        assert_eq!(
            (v["status"].as_str(), v["exit_code"].as_u64()),
            (Some("UNKNOWN"), Some(3))
        );
        assert_eq!(v["message"], "no log");
        assert_eq!(v["breached"], Value::Null);
        assert_eq!(v["tickets"], serde_json::json!([]));
    }
}
