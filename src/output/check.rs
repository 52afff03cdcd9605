//! What `check` prints for cron and monitoring: the plugin-convention first
//! line (status word, counts, perfdata after `|`), then one line per ticket
//! that needs attention in the board's order, then one per calendar that
//! needs holidays (`json/check.rs` writes the JSON object). The verdicts
//! are decided by `sla::attention`; this module only words them, and the
//! one-line summaries `notify` sends are these same lines.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{
    Attention, CheckStatus, Concern, Findings, Kind, Reason, Severity, StaleCalendar,
};

use super::{TicketDetails, human, relative};

/// Everything `check` found among the tickets open at its `as_of`.
pub type CheckReport = Findings<TicketDetails>;

/// `check` either judged the log or could not.
pub enum CheckOutcome {
    Judged(CheckReport),
    /// Why the log could not be evaluated, in a line.
    Unknown(String),
}

impl CheckOutcome {
    pub fn status(&self) -> CheckStatus {
        match self {
            CheckOutcome::Judged(r) => r.status(),
            CheckOutcome::Unknown(_) => CheckStatus::Unknown,
        }
    }
}

/// The performance data after the `|`, per the monitoring-plugins
/// guidelines: `'label'=value;warn;crit;min`, labels quoted, plain
/// integers (nothing depends on a locale). A breach is critical from 1;
/// the others warn from 1.
pub fn perfdata(f: &CheckReport) -> String {
    format!(
        "'breached'={};;1;0 'at_risk'={};1;;0 'escalation_due'={};1;;0 'waiting_too_long'={};1;;0 'open'={};;;0",
        f.breached, f.at_risk, f.escalation_due, f.waiting_too_long, f.open
    )
}

/// `CRITICAL: 2 breached, 1 at risk, 1 escalation due | 'breached'=2;;1;0 ...`;
/// waits gone on too long and calendars that need holidays are named
/// before the `|` when there are any.
pub fn check_first_line(outcome: &CheckOutcome) -> String {
    match outcome {
        CheckOutcome::Judged(f) => {
            let mut line = format!(
                "{}: {} breached, {} at risk, {} escalation due",
                f.status().word(),
                f.breached,
                f.at_risk,
                f.escalation_due,
            );
            if f.waiting_too_long > 0 {
                line.push_str(&format!(", {} waiting too long", f.waiting_too_long));
            }
            for c in &f.calendars {
                line.push_str(&format!(", {}", calendar_without_holidays(c)));
            }
            format!("{line} | {}", perfdata(f))
        }
        CheckOutcome::Unknown(reason) => format!("UNKNOWN: {}", one_line(reason)),
    }
}

/// The first line, then (unless `quiet`) one line per ticket needing
/// attention, in the board's order, and one per calendar needing holidays.
pub fn check_text(w: &mut impl Write, outcome: &CheckOutcome, quiet: bool) -> io::Result<()> {
    writeln!(w, "{}", check_first_line(outcome))?;
    if let (CheckOutcome::Judged(f), false) = (outcome, quiet) {
        for t in &f.tickets {
            writeln!(w, "{}", attention_line(t, f.as_of))?;
        }
        for c in &f.calendars {
            writeln!(w, "{}", stale_calendar_line(c))?;
        }
    }
    Ok(())
}

/// `calendar "business" has no holidays after 2027-12-28`.
fn calendar_without_holidays(c: &StaleCalendar) -> String {
    match c.last_holiday {
        Some(d) => format!("calendar {:?} has no holidays after {d}", c.name),
        None => format!("calendar {:?} has no holidays", c.name),
    }
}

/// `calendar "business" has no holidays after 2027-12-28; import next
/// year's with `slaclock holidays import``.
pub fn stale_calendar_line(c: &StaleCalendar) -> String {
    format!(
        "{}; import next year's with `slaclock holidays import`",
        calendar_without_holidays(c)
    )
}

/// `#3 severity 1 incident "VXC down" for ACME: update 12m overdue; restore due in 20m, 80% used`.
pub fn attention_line(t: &Attention<TicketDetails>, now: DateTime<Utc>) -> String {
    summary_line(&t.ticket, t.severity, &t.reasons, now)
}

/// A ticket and the phrases of its reasons, on one line: what `check`
/// lists and what `notify` sends as an event's summary.
pub fn summary_line(
    ticket: &TicketDetails,
    severity: Option<Severity>,
    reasons: &[Reason],
    now: DateTime<Utc>,
) -> String {
    let what = match (ticket.kind, severity) {
        (Kind::Incident, Some(s)) => format!("severity {s} incident"),
        (kind, _) => kind.to_string(),
    };
    let customer = ticket
        .customer
        .as_deref()
        .map(|c| format!(" for {}", one_line(c)))
        .unwrap_or_default();
    let reasons: Vec<String> = reasons.iter().map(|r| reason_phrase(r, now)).collect();
    format!(
        "#{} {what} \"{}\"{customer}: {}",
        ticket.id.0,
        one_line(&ticket.title),
        reasons.join("; ")
    )
}

/// `update 12m overdue`, `restore due in 20m, 80% used`, `escalation to
/// level 1 due since 10m`, `waiting on the customer for 1d 2h`, and for
/// history `history: response breached, 5m late`.
fn reason_phrase(r: &Reason, now: DateTime<Utc>) -> String {
    let r = &Reason {
        clock: clock_words(r.clock),
        ..r.clone()
    };
    match r.concern {
        Concern::Breached => match r.deadline {
            Some(d) => format!("{} {}", r.clock, relative(d, now)),
            None => format!("{} breached", r.clock),
        },
        Concern::EscalationDue => {
            let level = r
                .level
                .map(|l| format!(" to level {l}"))
                .unwrap_or_default();
            match r.deadline {
                Some(d) => format!(
                    "escalation{level} due since {}",
                    human((now - d).num_seconds())
                ),
                None => format!("escalation{level} due"),
            }
        }
        Concern::AtRisk => {
            let due = r.deadline.map(|d| format!(" due {}", relative(d, now)));
            let used = r.used_percent.map(|p| format!(", {p}% used"));
            format!(
                "{}{}{}",
                r.clock,
                due.unwrap_or_default(),
                used.unwrap_or_default()
            )
        }
        Concern::WaitingTooLong => match r.waiting_since {
            Some(since) => format!(
                "waiting on the customer for {}",
                human((now - since).num_seconds())
            ),
            None => "waiting on the customer too long".into(),
        },
        Concern::PastBreach => match (r.missed, r.deadline, r.stopped_at) {
            (Some(n), _, _) => format!("history: {} breached, {n} missed", r.clock),
            (None, Some(d), Some(stopped)) => format!(
                "history: {} breached, {} late",
                r.clock,
                human((stopped - d).num_seconds())
            ),
            _ => format!("history: {} breached", r.clock),
        },
    }
}

/// A clock as a sentence names it: `own` is the time to own.
fn clock_words(clock: &'static str) -> &'static str {
    match clock {
        "own" => "time to own",
        other => other,
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
    use crate::sla::{BoardKey, Rules, TicketState};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn reason(concern: Concern, clock: &'static str, deadline: &str) -> Reason {
        Reason {
            deadline: Some(at(deadline)),
            ..Reason::new(concern, clock)
        }
    }

    const RULES: Rules = Rules {
        warn_at: 75,
        max_wait_secs: 86_400,
        history: false,
    };

    #[test]
    fn first_line_follows_the_plugin_convention_with_exact_perfdata() {
        let findings = Findings {
            open: 14,
            breached: 2,
            at_risk: 1,
            escalation_due: 1,
            ..Findings::new(RULES, at("2026-11-24T00:00:00Z"))
        };
        assert_eq!(
            check_first_line(&CheckOutcome::Judged(findings)),
            "CRITICAL: 2 breached, 1 at risk, 1 escalation due | 'breached'=2;;1;0 'at_risk'=1;1;;0 'escalation_due'=1;1;;0 'waiting_too_long'=0;1;;0 'open'=14;;;0"
        );
        let findings = Findings {
            open: 3,
            waiting_too_long: 2,
            calendars: vec![StaleCalendar {
                name: "business".into(),
                last_holiday: chrono::NaiveDate::from_ymd_opt(2027, 12, 28),
            }],
            ..Findings::new(RULES, at("2026-11-24T00:00:00Z"))
        };
        assert_eq!(
            check_first_line(&CheckOutcome::Judged(findings)),
            "WARNING: 0 breached, 0 at risk, 0 escalation due, 2 waiting too long, calendar \"business\" has no holidays after 2027-12-28 | 'breached'=0;;1;0 'at_risk'=0;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=2;1;;0 'open'=3;;;0"
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
            ..reason(Concern::PastBreach, "response", "2026-11-24T00:15:00Z")
        };
        assert_eq!(
            reason_phrase(&late, now),
            "history: response breached, 5m late"
        );
        let missed = Reason {
            missed: Some(2),
            ..Reason::new(Concern::PastBreach, "update")
        };
        assert_eq!(
            reason_phrase(&missed, now),
            "history: update breached, 2 missed"
        );
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
        let wait = Reason {
            waiting_since: Some(at("2026-11-22T23:00:00Z")),
            ..reason(Concern::WaitingTooLong, "waiting", "2026-11-23T23:00:00Z")
        };
        assert_eq!(
            reason_phrase(&wait, now),
            "waiting on the customer for 1d 2h"
        );
    }

    #[test]
    fn ticket_lines_stay_on_one_line_and_calendars_follow_them() {
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
            order: BoardKey::of_id(3),
        };
        let now = at("2026-11-24T01:00:00Z");
        assert_eq!(
            attention_line(&t, now),
            "#3 severity 1 incident \"VXC down; again\" for ACME: update 12m overdue"
        );
        let findings = Findings {
            open: 1,
            breached: 1,
            tickets: vec![t],
            calendars: vec![StaleCalendar {
                name: "office".into(),
                last_holiday: None,
            }],
            ..Findings::new(RULES, now)
        };
        let mut out = vec![];
        check_text(&mut out, &CheckOutcome::Judged(findings), false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "#3 severity 1 incident \"VXC down; again\" for ACME: update 12m overdue",
                "calendar \"office\" has no holidays; import next year's with `slaclock holidays import`"
            ]
        );
    }
}
