//! `check --format json`: the verdict, the counts, the calendars that need
//! holidays and the tickets that need attention with their reasons; or,
//! when the log could not be evaluated, null counts and a message.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::TicketJson;
use crate::output::check::{stale_calendar_line, unknown_reason};
use crate::output::{CheckOutcome, Listed, check_first_line};
use crate::sla::{Attention, CheckStatus, Reason, StaleCalendar};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting_since: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    missed: Option<u32>,
}

#[derive(Serialize)]
struct AttentionJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    state: &'a str,
    reasons: Vec<ReasonJson<'a>>,
}

#[derive(Serialize)]
struct CalendarJson<'a> {
    name: &'a str,
    last_holiday: Option<NaiveDate>,
    message: String,
}

#[derive(Serialize)]
struct JudgedJson<'a> {
    status: &'static str,
    exit_code: u8,
    summary: String,
    as_of: DateTime<Utc>,
    warn_at: u8,
    max_wait_secs: i64,
    history: bool,
    open: u64,
    breached: u64,
    at_risk: u64,
    escalation_due: u64,
    waiting_too_long: u64,
    calendars: Vec<CalendarJson<'a>>,
    tickets: Vec<AttentionJson<'a>>,
}

#[derive(Serialize)]
/// The same keys as a verdict's, and `message`: what could not be known
/// is null, the lists empty, so a tool reads either with one schema.
struct UnknownJson {
    status: &'static str,
    exit_code: u8,
    summary: String,
    message: String,
    as_of: Option<DateTime<Utc>>,
    warn_at: Option<u8>,
    max_wait_secs: Option<i64>,
    history: Option<bool>,
    open: Option<u64>,
    breached: Option<u64>,
    at_risk: Option<u64>,
    escalation_due: Option<u64>,
    waiting_too_long: Option<u64>,
    calendars: [(); 0],
    tickets: [(); 0],
}

impl<'a> ReasonJson<'a> {
    fn of(r: &'a Reason) -> Self {
        ReasonJson {
            concern: r.concern.as_str(),
            clock: r.clock,
            deadline: r.deadline,
            stopped_at: r.stopped_at,
            used_percent: r.used_percent,
            level: r.level,
            contact: r.contact.as_deref(),
            waiting_since: r.waiting_since,
            missed: r.missed,
        }
    }
}

impl<'a> AttentionJson<'a> {
    fn of(a: &'a Attention<Listed>) -> Self {
        AttentionJson {
            ticket: TicketJson::of(&a.ticket.details, a.severity),
            state: a.state.as_str(),
            reasons: a.reasons.iter().map(ReasonJson::of).collect(),
        }
    }
}

impl<'a> CalendarJson<'a> {
    fn of(c: &'a StaleCalendar) -> Self {
        CalendarJson {
            name: &c.name,
            last_holiday: c.last_holiday,
            message: stale_calendar_line(c),
        }
    }
}

/// `check --format json`: one object, `{status, exit_code, summary, ...,
/// calendars: [...], tickets: [{id, ..., reasons: [...]}]}`; when the log
/// could not be evaluated the counts are null and `message` says why.
/// `exit_code` is the code the process exits with, which `app::exit` decides.
pub fn check_json(w: &mut impl Write, outcome: &CheckOutcome, exit_code: u8) -> io::Result<()> {
    let summary = check_first_line(outcome);
    match outcome {
        CheckOutcome::Judged(f) => {
            let status = outcome.status();
            serde_json::to_writer_pretty(
                &mut *w,
                &JudgedJson {
                    status: status.word(),
                    exit_code,
                    summary,
                    as_of: f.as_of,
                    warn_at: f.rules.warn_at,
                    max_wait_secs: f.rules.max_wait_secs,
                    history: f.rules.history,
                    open: f.open,
                    breached: f.breached,
                    at_risk: f.at_risk,
                    escalation_due: f.escalation_due,
                    waiting_too_long: f.waiting_too_long,
                    calendars: f.calendars.iter().map(CalendarJson::of).collect(),
                    tickets: f.tickets.iter().map(AttentionJson::of).collect(),
                },
            )?
        }
        CheckOutcome::Unknown(message) => serde_json::to_writer_pretty(
            &mut *w,
            &UnknownJson {
                status: CheckStatus::Unknown.word(),
                exit_code,
                summary,
                // The reason as the summary words it, its `|` kept: a
                // tool reads no perfdata here.
                message: unknown_reason(message),
                as_of: None,
                warn_at: None,
                max_wait_secs: None,
                history: None,
                open: None,
                breached: None,
                at_risk: None,
                escalation_due: None,
                waiting_too_long: None,
                calendars: [],
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
    use crate::output::TicketDetails;
    use crate::sla::{BoardKey, Concern, Findings, Kind, Rules, Severity, TicketState};

    fn reason(concern: Concern, clock: &'static str) -> Reason {
        Reason {
            deadline: Some(at(15)),
            ..Reason::new(concern, clock)
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
            contract: None,
        };
        let rules = Rules {
            warn_at: 75,
            max_wait_secs: 3600,
            history: true,
        };
        let findings = Findings {
            open: 3,
            breached: 1,
            at_risk: 1,
            escalation_due: 1,
            waiting_too_long: 1,
            calendars: vec![StaleCalendar {
                name: "business".into(),
                last_holiday: NaiveDate::from_ymd_opt(2027, 12, 28),
            }],
            tickets: vec![Attention {
                ticket: Listed::new(ticket),
                severity: Some(Severity::S1),
                state: TicketState::Waiting,
                reasons: vec![
                    reason(Concern::Breached, "restore"),
                    Reason {
                        level: Some(1),
                        contact: Some("Ops".into()),
                        ..reason(Concern::EscalationDue, "escalation")
                    },
                    Reason {
                        used_percent: Some(80),
                        ..reason(Concern::AtRisk, "update")
                    },
                    Reason {
                        waiting_since: Some(at(-45)),
                        ..reason(Concern::WaitingTooLong, "waiting")
                    },
                    Reason {
                        stopped_at: Some(at(20)),
                        ..reason(Concern::PastBreach, "response")
                    },
                    Reason {
                        missed: Some(2),
                        ..Reason::new(Concern::PastBreach, "update")
                    },
                ],
                order: BoardKey::of_id(7),
            }],
            ..Findings::new(rules, at(60))
        };
        let text = written(|w| check_json(w, &CheckOutcome::Judged(findings), 2));
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
                "max_wait_secs",
                "history",
                "open",
                "breached",
                "at_risk",
                "escalation_due",
                "waiting_too_long",
                "calendars",
                "tickets"
            ]
        );
        assert_eq!(
            (v["status"].as_str(), v["exit_code"].as_u64()),
            (Some("CRITICAL"), Some(2))
        );
        assert_eq!(v["as_of"], "2026-11-24T01:00:00Z");
        assert_eq!(
            (
                v["open"].as_u64(),
                v["warn_at"].as_u64(),
                v["max_wait_secs"].as_u64()
            ),
            (Some(3), Some(75), Some(3600))
        );
        assert_eq!(
            (v["history"].as_bool(), v["waiting_too_long"].as_u64()),
            (Some(true), Some(1))
        );
        assert_eq!(
            keys(&text, &["calendars", "0"]),
            ["name", "last_holiday", "message"]
        );
        assert_eq!(v["calendars"][0]["last_holiday"], "2027-12-28");
        assert_eq!(
            v["calendars"][0]["message"],
            "calendar \"business\" has no holidays after 2027-12-28; import next year's with `slaclock holidays import`"
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
            (Some(7), Some("waiting"))
        );
        let r = &t["reasons"];
        let keys_of = |i: &str| keys(&text, &["tickets", "0", "reasons", i]);
        assert_eq!(keys_of("0"), ["concern", "clock", "deadline"]);
        assert_eq!(r[0]["concern"], "breached");
        assert_eq!(
            keys_of("1"),
            ["concern", "clock", "deadline", "level", "contact"]
        );
        assert_eq!(r[1]["concern"], "escalation_due");
        assert_eq!(r[1]["contact"], "Ops");
        assert_eq!(
            keys_of("2"),
            ["concern", "clock", "deadline", "used_percent"]
        );
        assert_eq!(
            (r[2]["concern"].as_str(), r[2]["used_percent"].as_i64()),
            (Some("at_risk"), Some(80))
        );
        assert_eq!(
            keys_of("3"),
            ["concern", "clock", "deadline", "waiting_since"]
        );
        assert_eq!(
            (r[3]["concern"].as_str(), r[3]["waiting_since"].as_str()),
            (Some("waiting_too_long"), Some("2026-11-23T23:15:00Z"))
        );
        assert_eq!(keys_of("4"), ["concern", "clock", "deadline", "stopped_at"]);
        assert_eq!(
            (r[4]["concern"].as_str(), r[4]["stopped_at"].as_str()),
            (Some("history"), Some("2026-11-24T00:20:00Z"))
        );
        assert_eq!(keys_of("5"), ["concern", "clock", "deadline", "missed"]);
        assert_eq!(
            (r[5]["missed"].as_u64(), &r[5]["deadline"]),
            (Some(2), &Value::Null)
        );

        let text = written(|w| check_json(w, &CheckOutcome::Unknown("no log".into()), 3));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&text, &[]),
            [
                "status",
                "exit_code",
                "summary",
                "message",
                "as_of",
                "warn_at",
                "max_wait_secs",
                "history",
                "open",
                "breached",
                "at_risk",
                "escalation_due",
                "waiting_too_long",
                "calendars",
                "tickets"
            ]
        );
        assert_eq!(v["open"], Value::Null);
        assert_eq!(v["calendars"], serde_json::json!([]));
        assert_eq!(
            (v["status"].as_str(), v["exit_code"].as_u64()),
            (Some("UNKNOWN"), Some(3))
        );
        assert_eq!(v["message"], "no log");
        assert_eq!(v["breached"], Value::Null);
        assert_eq!(v["waiting_too_long"], Value::Null);
        assert_eq!(v["tickets"], serde_json::json!([]));
    }
}
