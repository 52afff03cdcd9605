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

use super::text::one_line;
use super::{TicketDetails, clock_name, due, due_in, kind_name, span};
use crate::i18n::Lang;
use crate::tr;

/// Everything `check` found among the tickets open at its `as_of`.
pub type CheckReport = Findings<Listed>;

/// A ticket `check` lists: its details (what the JSON shows), and its
/// line for people once worded. The judging thread words each line as it
/// lists the ticket, while the log is still being read, so that printing
/// tens of thousands of lines after the verdict is only writing them;
/// [`check_text`] words any line not worded yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub details: TicketDetails,
    pub line: Option<String>,
}

impl Listed {
    pub fn new(details: TicketDetails) -> Listed {
        Listed {
            details,
            line: None,
        }
    }

    /// Words the line of a listed ticket, as of `now`, in `lang`.
    pub fn word(listed: &mut Attention<Listed>, now: DateTime<Utc>, lang: Lang) {
        let line = summary_in(
            lang,
            &listed.ticket.details,
            listed.severity,
            &listed.reasons,
            now,
        );
        listed.ticket.line = Some(line);
    }
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
                let said = calendar_without_holidays(c, Lang::En);
                line.push_str(&format!(", {}", no_bar(&said)));
            }
            format!("{line} | {}", perfdata(f))
        }
        // No `|` of a reason (a path, a value quoted from the policy) may
        // pass for the start of the performance data. A reason quoting a
        // huge value (a 130 KB `--timeout`) is cut: monitors keep the
        // first few KB of a plugin's output, and cron mails the line.
        CheckOutcome::Unknown(reason) => format!("UNKNOWN: {}", no_bar(&unknown_reason(reason))),
    }
}

/// Why `check` could not judge, as it is told: on one line, and cut at
/// [`UNKNOWN_MAX`] columns with `…` (the first line's reason, and the
/// JSON's `message`).
pub(super) fn unknown_reason(reason: &str) -> String {
    super::text::cut(&one_line(reason), UNKNOWN_MAX)
}

/// The longest UNKNOWN reason shown, in columns.
const UNKNOWN_MAX: usize = 1000;

/// The first line, then (unless `quiet`) one line per ticket needing
/// attention, in the board's order, and one per calendar needing holidays.
/// The first line is for the monitor and never changes with `lang`; the
/// lines after it are for people, in `lang`.
pub fn check_text(
    w: &mut impl Write,
    outcome: &CheckOutcome,
    quiet: bool,
    lang: Lang,
) -> io::Result<()> {
    writeln!(w, "{}", check_first_line(outcome))?;
    if let (CheckOutcome::Judged(f), false) = (outcome, quiet) {
        for t in &f.tickets {
            match &t.ticket.line {
                Some(line) => writeln!(w, "{}", no_bar(line))?,
                None => writeln!(
                    w,
                    "{}",
                    no_bar(&summary_in(
                        lang,
                        &t.ticket.details,
                        t.severity,
                        &t.reasons,
                        f.as_of
                    ))
                )?,
            }
        }
        for c in &f.calendars {
            writeln!(w, "{}", no_bar(&stale_calendar_in(lang, c)))?;
        }
    }
    Ok(())
}

/// Text with its `|` as `¦`: a monitor reads what follows a `|` as
/// performance data, so a title "Port A | B down" would cut the listing
/// and garble the figures, and a calendar or path with one in the first
/// line would stand for the figures themselves.
fn no_bar(line: &str) -> std::borrow::Cow<'_, str> {
    if line.contains('|') {
        std::borrow::Cow::Owned(line.replace('|', "¦"))
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// `calendar "business" has no holidays after 2027-12-28`.
fn calendar_without_holidays(c: &StaleCalendar, lang: Lang) -> String {
    let name = super::quoted(&c.name);
    match c.last_holiday {
        Some(d) => tr!(
            lang,
            "check-calendar-after",
            name = name,
            date = d.to_string()
        ),
        None => tr!(lang, "check-calendar-none", name = name),
    }
}

/// `calendar "business" has no holidays after 2027-12-28; import next
/// year's with `slaclock holidays import`` (English: the JSON's message
/// and the warning of `holidays`).
pub fn stale_calendar_line(c: &StaleCalendar) -> String {
    stale_calendar_in(Lang::En, c)
}

/// The same in `lang` (`holidays import`'s warning on standard error).
pub fn stale_calendar_in(lang: Lang, c: &StaleCalendar) -> String {
    tr!(
        lang,
        "check-calendar-import",
        calendar = calendar_without_holidays(c, lang)
    )
}

/// `#3 severity 1 incident "VXC down" for ACME: update 12m overdue; restore due in 20m, 80% used`.
pub fn attention_line(t: &Attention<TicketDetails>, now: DateTime<Utc>) -> String {
    summary_line(&t.ticket, t.severity, &t.reasons, now)
}

/// A ticket and the phrases of its reasons, on one line: what `notify`
/// sends as an event's summary (in English: it goes to programs), and
/// what `check` lists.
pub fn summary_line(
    ticket: &TicketDetails,
    severity: Option<Severity>,
    reasons: &[Reason],
    now: DateTime<Utc>,
) -> String {
    summary_in(Lang::En, ticket, severity, reasons, now)
}

/// The same in `lang`: what `notify --verbose` shows people.
pub fn summary_in(
    lang: Lang,
    ticket: &TicketDetails,
    severity: Option<Severity>,
    reasons: &[Reason],
    now: DateTime<Utc>,
) -> String {
    let what = match (ticket.kind, severity) {
        (Kind::Incident, Some(s)) => tr!(lang, "check-incident", severity = s.to_string()),
        // "provisioning request", as a sentence names it.
        (Kind::Provisioning, _) => tr!(lang, "check-provisioning"),
        (kind, _) => kind_name(lang, kind),
    };
    let customer = ticket
        .customer
        .as_deref()
        .map(|c| tr!(lang, "check-for", customer = one_line(c)))
        .unwrap_or_default();
    let reasons: Vec<String> = reasons
        .iter()
        .map(|r| reason_phrase(r, now, lang))
        .collect();
    tr!(
        lang,
        "check-line",
        id = ticket.id.0.to_string(),
        what = what,
        title = one_line(&ticket.title),
        customer = customer,
        reasons = reasons.join(&tr!(lang, "list-separator"))
    )
}

/// `update 12m overdue`, `restore due in 20m, 80% used`, `escalation to
/// level 1 due since 10m`, `waiting on the customer for 1d 2h`, and for
/// history `history: response breached, 5m late`.
fn reason_phrase(r: &Reason, now: DateTime<Utc>, lang: Lang) -> String {
    let clock = clock_name(lang, r.clock);
    match r.concern {
        Concern::Breached => match r.deadline {
            _ if let Some(late) = r.late_while_paused_secs => tr!(
                lang,
                "check-breached-paused",
                clock = clock,
                late = span(lang, late)
            ),
            Some(d) => tr!(
                lang,
                "check-breached-due",
                clock = clock,
                due = r
                    .late_secs
                    .map_or_else(|| due(lang, d, now), |late| due_in(lang, -late))
            ),
            None => tr!(lang, "check-breached", clock = clock),
        },
        Concern::EscalationDue => {
            let level = r
                .level
                .map(|l| tr!(lang, "check-to-level", level = l))
                .unwrap_or_default();
            match r.deadline.filter(|&d| d < now) {
                Some(d) => tr!(
                    lang,
                    "check-escalation-since",
                    level = level,
                    span = span(lang, (now - d).num_seconds())
                ),
                None => tr!(lang, "check-escalation", level = level),
            }
        }
        Concern::AtRisk => {
            let due = r
                .deadline
                .map(|d| tr!(lang, "check-at-risk-due", due = due(lang, d, now)));
            let used = r
                .used_percent
                .map(|p| tr!(lang, "check-at-risk-used", percent = p));
            tr!(
                lang,
                "check-at-risk",
                clock = clock,
                due = due.unwrap_or_default(),
                used = used.unwrap_or_default()
            )
        }
        Concern::WaitingTooLong => match r.waiting_since {
            Some(since) => tr!(
                lang,
                "check-waiting-for",
                span = span(lang, (now - since).num_seconds())
            ),
            None => tr!(lang, "check-waiting-long"),
        },
        Concern::PastBreach => match (r.missed, r.deadline, r.stopped_at) {
            (Some(n), _, _) => tr!(lang, "check-history-missed", clock = clock, n = n),
            (None, Some(d), Some(stopped)) => tr!(
                lang,
                "check-history-late",
                clock = clock,
                late = span(lang, (stopped - d).num_seconds())
            ),
            _ => tr!(lang, "check-history", clock = clock),
        },
    }
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
        // Only the perfdata's own `|` is one: none from a name or a reason.
        let findings = Findings {
            calendars: vec![StaleCalendar {
                name: "ops | night".into(),
                last_holiday: None,
            }],
            ..Findings::new(RULES, at("2026-11-24T00:00:00Z"))
        };
        let line = check_first_line(&CheckOutcome::Judged(findings));
        assert_eq!(line.matches('|').count(), 1, "{line}");
        assert!(line.contains("\"ops ¦ night\""), "{line}");
        let unknown = CheckOutcome::Unknown("no ticket log at /tmp/a|b.db".into());
        assert_eq!(
            check_first_line(&unknown),
            "UNKNOWN: no ticket log at /tmp/a¦b.db"
        );
    }

    #[test]
    fn an_unknown_reason_quoting_a_huge_value_is_cut() {
        let huge = format!("invalid value '{}' for '--timeout'", "A".repeat(130_000));
        let line = check_first_line(&CheckOutcome::Unknown(huge));
        assert!(line.starts_with("UNKNOWN: invalid value 'AAA"), "{line}");
        assert!(line.ends_with('…'), "{}", &line[line.len() - 20..]);
        assert!(line.chars().count() <= "UNKNOWN: ".len() + UNKNOWN_MAX);
    }

    #[test]
    fn reasons_read_as_phrases() {
        let now = at("2026-11-24T01:00:00Z");
        let overdue = reason(Concern::Breached, "update", "2026-11-24T00:48:00Z");
        assert_eq!(reason_phrase(&overdue, now, Lang::En), "update 12m overdue");
        let late = Reason {
            stopped_at: Some(at("2026-11-24T00:20:00Z")),
            ..reason(Concern::PastBreach, "response", "2026-11-24T00:15:00Z")
        };
        assert_eq!(
            reason_phrase(&late, now, Lang::En),
            "history: response breached, 5m late"
        );
        let missed = Reason {
            missed: Some(2),
            ..Reason::new(Concern::PastBreach, "update")
        };
        assert_eq!(
            reason_phrase(&missed, now, Lang::En),
            "history: update breached, 2 missed"
        );
        let risk = Reason {
            used_percent: Some(80),
            ..reason(Concern::AtRisk, "restore", "2026-11-24T01:20:00Z")
        };
        assert_eq!(
            reason_phrase(&risk, now, Lang::En),
            "restore due in 20m, 80% used"
        );
        let esc = Reason {
            level: Some(1),
            ..reason(Concern::EscalationDue, "escalation", "2026-11-24T00:50:00Z")
        };
        assert_eq!(
            reason_phrase(&esc, now, Lang::En),
            "escalation to level 1 due since 10m"
        );
        // Due this very instant: not "due since 0s".
        let esc_now = Reason {
            deadline: Some(now),
            ..esc.clone()
        };
        assert_eq!(
            reason_phrase(&esc_now, now, Lang::En),
            "escalation to level 1 due"
        );
        let wait = Reason {
            waiting_since: Some(at("2026-11-22T23:00:00Z")),
            ..reason(Concern::WaitingTooLong, "waiting", "2026-11-23T23:00:00Z")
        };
        assert_eq!(
            reason_phrase(&wait, now, Lang::En),
            "waiting on the customer for 1d 2h"
        );
        // The same in Japanese, for the lines after check's first.
        let ja = |r: &Reason| reason_phrase(r, now, Lang::Ja);
        assert_eq!(ja(&overdue), "更新頻度 12分超過");
        assert_eq!(ja(&late), "履歴: 初期応答 違反、5分遅れ");
        assert_eq!(ja(&missed), "履歴: 更新頻度 違反、更新漏れ2回");
        assert_eq!(ja(&risk), "復旧までの時間 期限あと20分、80%経過");
        assert_eq!(ja(&esc), "レベル1へのエスカレーションが10分前から期限到来");
        assert_eq!(ja(&wait), "お客様待ち1日2時間");
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
                contract: None,
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
        let listed = Attention {
            ticket: Listed::new(t.ticket.clone()),
            severity: t.severity,
            state: t.state,
            reasons: t.reasons.clone(),
            order: t.order,
        };
        let text = |listed: Attention<Listed>, lang: Lang| {
            let findings = Findings {
                open: 1,
                breached: 1,
                tickets: vec![listed],
                calendars: vec![StaleCalendar {
                    name: "office".into(),
                    last_holiday: None,
                }],
                ..Findings::new(RULES, now)
            };
            let mut out = vec![];
            check_text(&mut out, &CheckOutcome::Judged(findings), false, lang).unwrap();
            String::from_utf8(out).unwrap()
        };
        let english = text(listed.clone(), Lang::En);
        let lines: Vec<&str> = english.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "#3 severity 1 incident \"VXC down; again\" for ACME: update 12m overdue",
                "calendar \"office\" has no holidays; import next year's with `slaclock holidays import`"
            ]
        );
        // A line worded while judging prints as one worded when printing.
        for lang in Lang::ALL {
            let mut worded = listed.clone();
            Listed::word(&mut worded, now, lang);
            assert!(worded.ticket.line.is_some());
            assert_eq!(text(worded, lang), text(listed.clone(), lang), "{lang:?}");
        }
    }
}
