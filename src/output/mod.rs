//! Rendering: tables for people, JSON and CSV for scripts. Renderers take
//! computed values (`View` and the results of `sla`) and write to any
//! `Write`; they decide nothing about tickets or clocks, read no row of the
//! store, and never read the clock themselves (`now` is passed). The JSON
//! shapes scripts rely on are written once, in `json`.

mod board;
mod chart;
mod check;
mod export;
mod grid;
mod holidays;
mod json;
mod man;
mod metrics;
mod policy;
mod report;
mod status;
mod text;
mod time;
mod trend;
mod usage;
mod view;
mod watch;
mod what_if;

pub use board::{BOARD_LEGEND, Board, board};
pub use chart::{ChartFormat, ChartTitle, RestoreChart, SeverityTrend, TrendChart};
pub use check::{
    CheckOutcome, CheckReport, Listed, attention_line, check_first_line, check_text, perfdata,
    stale_calendar_in, stale_calendar_line, summary_in, summary_line,
};
pub use export::{EVENT_COLUMNS, EventRecord, Records, TICKET_COLUMNS};
pub use holidays::{HolidayImport, holidays_preview, holidays_written};
pub use json::{
    NoticeEvent, board_json, check_json, notice_json, report_json, status_json, trend_json,
    trend_what_if_json, what_if_json,
};
pub use man::man_page;
pub use metrics::{metrics_text, metrics_unknown};
pub use policy::{policy_applied, policy_errors, policy_show};
pub use report::{REPORT_COLUMNS, report_csv, report_table};
pub use status::{Before, already_open, head, opened, recorded, recorded_all, ticket};
pub use text::{cut, one_line, plain, quoted, width};
pub use time::{
    clock_time, compact, date_compact, date_full, date_short, due, due_in, hours, local,
    local_pair, relative, short, span, span_compact, span_words, span_words_in,
};
pub use trend::{TREND_COLUMNS, trend_csv, trend_table};
pub use usage::usage_error;
pub use view::{TicketDetails, TimelineEvent, View, Voiding};
pub use watch::{Bottom, Choices, KeyHint, Said, Scroll, WatchScreen, watch_frame};
pub use what_if::{
    TREND_WHAT_IF_COLUMNS, WHAT_IF_COLUMNS, trend_what_if_csv, trend_what_if_table, what_if_csv,
    what_if_table,
};

use chrono::{DateTime, Utc};

use crate::i18n::Lang;
use crate::sla::{Clock, ClockState, Figures, Tz};
use crate::tr;

use grid::Tint;

/// How human output looks: colour or not, the zone times are shown in,
/// when a running clock is shown at risk, and the width tables fit.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub zone: Tz,
    /// The share of its target (percent) from which a running clock is at
    /// risk; `sla::AT_RISK_PERCENT` unless told otherwise.
    pub warn_at: u8,
    /// The columns tables and lines must fit in; `None`: no limit.
    pub width: Option<usize>,
    /// The language people read (`--lang`, `SLACLOCK_LANG`, the locale).
    pub lang: Lang,
}

impl Style {
    /// Whether `c` is shown at risk.
    pub fn at_risk(&self, c: &Clock) -> bool {
        c.at_risk(self.warn_at)
    }

    /// The colour of what describes a clock: breached red, at risk yellow,
    /// paused dim.
    fn tint(&self, c: &Clock) -> Tint {
        match c.state {
            ClockState::Breached => Tint::Red,
            ClockState::Running if self.at_risk(c) => Tint::Yellow,
            ClockState::Paused => Tint::Dim,
            _ => Tint::Plain,
        }
    }

    /// Writes a line of prose, wrapped to the width.
    fn line(&self, w: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
        match self.width {
            Some(max) if text::width(text) > max => {
                for part in text::wrap(text, max) {
                    writeln!(w, "{part}")?;
                }
                Ok(())
            }
            _ => writeln!(w, "{}", text.trim_end()),
        }
    }
}

/// A clock's name in a sentence: `response`, `update`, `restore`, `own`
/// (「初期応答」「更新頻度」「復旧までの時間」「担当決定までの時間」).
pub fn clock_name(lang: Lang, name: &str) -> String {
    match name {
        "response" => tr!(lang, "clock-response"),
        "update" => tr!(lang, "clock-update"),
        "restore" => tr!(lang, "clock-restore"),
        "own" => tr!(lang, "clock-own"),
        other => other.to_string(),
    }
}

/// A clock's state as a word: `running`, 「進行中」.
pub fn clock_state(lang: Lang, state: ClockState) -> String {
    match state {
        ClockState::Pending => tr!(lang, "state-pending"),
        ClockState::Running => tr!(lang, "state-running"),
        ClockState::Paused => tr!(lang, "state-paused"),
        ClockState::Met => tr!(lang, "state-met"),
        ClockState::Breached => tr!(lang, "state-breached"),
        ClockState::None => tr!(lang, "state-none"),
    }
}

/// A ticket's state as a word: `open`, `waiting`, `resolved`
/// (「対応中」「お客様待ち」「解決済み」).
pub fn ticket_state(lang: Lang, state: crate::sla::TicketState) -> String {
    use crate::sla::TicketState;
    match state {
        TicketState::Open => tr!(lang, "ticket-open"),
        TicketState::Waiting => tr!(lang, "ticket-waiting"),
        TicketState::Resolved => tr!(lang, "ticket-resolved"),
    }
}

/// A kind of ticket as a word: `incident`, 「インシデント」.
pub fn kind_name(lang: Lang, kind: crate::sla::Kind) -> String {
    use crate::sla::Kind;
    match kind {
        Kind::Incident => tr!(lang, "kind-incident"),
        Kind::Provisioning => tr!(lang, "kind-provisioning"),
        Kind::Inquiry => tr!(lang, "kind-inquiry"),
    }
}

/// The names the shipped policy and an unnamed severity get, which are
/// slaclock's words rather than the policy writer's: in Japanese they are
/// shown as the published page words them.
fn default_name(name: &str, key: &str, shipped: &str) -> bool {
    name == shipped || name == format!("Severity {key}")
}

/// A severity's name as `policy` gives it, except where the policy does
/// not name it (or keeps the shipped English name): then the language's
/// own, which in Japanese is the published page's wording
/// (「サービスの損失」 and so on).
pub fn severity_name(lang: Lang, sev: u8, name: &str) -> String {
    let (shipped, own) = match sev {
        1 => ("Service loss", tr!(lang, "severity-name-1")),
        2 => ("Partial degradation", tr!(lang, "severity-name-2")),
        3 => ("No service impact", tr!(lang, "severity-name-3")),
        _ => return name.to_string(),
    };
    if lang != Lang::En && default_name(name, &sev.to_string(), shipped) {
        own
    } else {
        name.to_string()
    }
}

/// The name of `[provisioning]` in the same way (`Provisioning` is the
/// built-in name).
pub fn provisioning_name(lang: Lang, name: &str) -> String {
    if lang != Lang::En && name == "Provisioning" {
        tr!(lang, "kind-provisioning-name")
    } else {
        name.to_string()
    }
}

/// A ticket's detail as a word (`edit`): `title`, 「件名」.
pub fn field_name(lang: Lang, field: crate::sla::Field) -> String {
    use crate::sla::Field;
    match field {
        Field::Title => tr!(lang, "field-title"),
        Field::Customer => tr!(lang, "field-customer"),
        Field::Service => tr!(lang, "field-service"),
        Field::Ref => tr!(lang, "field-ref"),
    }
}

/// An event's kind as the timeline names it: `updated`, 「更新」.
pub fn event_name(lang: Lang, kind: &crate::sla::EventKind) -> String {
    use crate::sla::EventKind as E;
    match kind {
        E::Opened => tr!(lang, "event-opened"),
        E::Updated { .. } => tr!(lang, "event-updated"),
        E::Waiting => tr!(lang, "event-waiting"),
        E::Resumed => tr!(lang, "event-resumed"),
        E::Escalated { .. } => tr!(lang, "event-escalated"),
        E::SeverityChanged { .. } => tr!(lang, "event-severity"),
        E::Resolved => tr!(lang, "event-resolved"),
        E::Reopened => tr!(lang, "event-reopened"),
        E::Note => tr!(lang, "event-note"),
        E::PolicyApplied => tr!(lang, "event-policy"),
        E::Assigned { .. } => tr!(lang, "event-assigned"),
        E::Unassigned => tr!(lang, "event-unassigned"),
        E::Edited { .. } => tr!(lang, "event-edited"),
        E::Voided { .. } => tr!(lang, "event-void"),
    }
}

/// An event's stored reason as a person reads it: an escalation's code
/// (`escalate --reason slow`) in the language's words (`slow`,
/// 「問題がすぐに解決されない」), any other reason as it was typed.
pub fn reason_said(lang: Lang, kind: &crate::sla::EventKind, reason: &str) -> String {
    use crate::model::EscalationReason as R;
    match (kind, R::parse(reason)) {
        (crate::sla::EventKind::Escalated { .. }, Some(r)) => match r {
            R::Impact => tr!(lang, "timeline-reason-impact"),
            R::Slow => tr!(lang, "timeline-reason-slow"),
            R::Expectations => tr!(lang, "timeline-reason-expectations"),
        },
        _ => text::plain(reason),
    }
}

/// An event's stored text as a person reads it: what a `policy apply`
/// moved (recorded as `policy version 1 -> 2, contract gold -> none`) in
/// the language's words (「ポリシー版 1 → 2、契約 gold → なし」), any other
/// text as it was typed. The record keeps its English, which exports and
/// scripts read; it is reworded only where it reads back exactly as
/// `policy apply` writes it (the contracts from the event's old and new
/// values), else shown as recorded.
pub fn text_said(lang: Lang, e: &TimelineEvent) -> Option<String> {
    let text = e.text.as_deref()?;
    let applied = matches!(e.kind, crate::sla::EventKind::PolicyApplied)
        .then(|| applied_said(text, &e.old_value, &e.new_value))
        .flatten();
    Some(match applied {
        Some(said) => said(lang),
        None => text::plain(text),
    })
}

/// A `policy apply`'s text, `text`, read back: how to say it in a
/// language, if it is what `policy apply` writes.
fn applied_said<'a>(
    text: &str,
    old: &'a Option<String>,
    new: &'a Option<String>,
) -> Option<impl Fn(Lang) -> String + 'a> {
    let mut rest = text;
    let mut version = None;
    if let Some(after) = rest.strip_prefix("policy version ") {
        let (from, after) = after.split_once(" -> ")?;
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let (to, after) = after.split_at(digits);
        version = Some((from.parse::<u32>().ok()?, to.parse::<u32>().ok()?));
        rest = after.strip_prefix(", ").unwrap_or(after);
    }
    let contract = !rest.is_empty();
    let said = move |lang: Lang| {
        let name = |c: &Option<String>| {
            c.as_deref()
                .map_or_else(|| tr!(lang, "contract-none"), text::plain)
        };
        let mut parts = vec![];
        if let Some((from, to)) = version {
            parts.push(tr!(lang, "timeline-applied-version", from = from, to = to));
        }
        if contract {
            parts.push(tr!(
                lang,
                "timeline-applied-contract",
                from = name(old),
                to = name(new)
            ));
        }
        parts.join(&tr!(lang, "list-comma"))
    };
    (said(Lang::En) == text).then_some(said)
}

/// One phrase for where a clock stands: what a person scans the board for.
pub fn clock_phrase(c: &Clock, now: DateTime<Utc>, style: &Style) -> String {
    let (lang, zone) = (style.lang, style.zone);
    let left = c.remaining_secs.unwrap_or(0);
    match c.state {
        ClockState::None => "-".into(),
        ClockState::Pending => tr!(lang, "phrase-pending"),
        ClockState::Paused => tr!(lang, "phrase-paused", left = clock_time(lang, left)),
        ClockState::Met => match c.figures {
            Figures::Update { .. } => tr!(lang, "phrase-met-none-missed"),
            _ => tr!(lang, "phrase-met", spare = clock_time(lang, left)),
        },
        ClockState::Breached if c.stopped_at.is_some() => {
            if c.missed() > 0 {
                tr!(lang, "phrase-breached-missed", n = c.missed())
            } else {
                tr!(lang, "phrase-breached-late", late = clock_time(lang, left))
            }
        }
        ClockState::Breached if let Some(late) = c.late_when_paused() => {
            let at = tr!(
                lang,
                "phrase-breached-paused",
                late = clock_time(lang, late)
            );
            match c.missed() {
                0 => at,
                n => tr!(lang, "phrase-due-missed", at = at, n = n),
            }
        }
        ClockState::Running | ClockState::Breached => {
            let at = match (c.deadline, c.seconds_left(now)) {
                (Some(d), Some(left)) => tr!(
                    lang,
                    "phrase-due",
                    when = date_short(lang, d, now, zone),
                    due = due_in(lang, left)
                ),
                _ => "-".into(),
            };
            match c.missed() {
                0 => at,
                n => tr!(lang, "phrase-due-missed", at = at, n = n),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Lang::{En, Ja};

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().into()
    }

    #[test]
    fn clock_phrases_in_both_languages() {
        use crate::sla::Figures;
        let brisbane = Tz::named("Australia/Brisbane").unwrap();
        let now = at("2026-11-24T00:03:00Z");
        let style = |lang| Style {
            color: false,
            zone: brisbane,
            warn_at: 75,
            width: None,
            lang,
        };
        let clock = |state, deadline: Option<&str>, stopped: bool, left, figures| Clock {
            state,
            target_secs: Some(900),
            started_at: None,
            paused_since: None,
            deadline: deadline.map(at),
            stopped_at: stopped.then_some(now),
            remaining_secs: Some(left),
            calendar: None,
            figures,
        };
        let response = || Figures::Response {};
        let cases = [
            (
                clock(
                    ClockState::Running,
                    Some("2026-11-24T00:15:00Z"),
                    false,
                    720,
                    response(),
                ),
                "10:15 (in 12m)",
                "10:15 (あと12分)",
            ),
            (
                clock(
                    ClockState::Breached,
                    Some("2026-11-23T21:00:00Z"),
                    false,
                    -11_000,
                    response(),
                ),
                "07:00 (3h 3m overdue)",
                "07:00 (3時間3分超過)",
            ),
            (
                clock(ClockState::Met, None, true, 300, response()),
                "met, 5m to spare",
                "達成、余裕5分",
            ),
            (
                clock(ClockState::Breached, None, true, -600, response()),
                "breached, 10m late",
                "違反、10分遅れ",
            ),
            (
                clock(ClockState::Paused, None, false, 18_000, response()),
                "paused, 5h left",
                "一時停止中、残り5時間",
            ),
            (
                clock(ClockState::Pending, None, false, 0, response()),
                "starts at the first update",
                "最初の更新で開始",
            ),
        ];
        for (c, en, ja) in cases {
            assert_eq!(clock_phrase(&c, now, &style(En)), en);
            assert_eq!(clock_phrase(&c, now, &style(Ja)), ja);
        }
        assert_eq!(clock_state(Ja, ClockState::Breached), "違反");
        assert_eq!(clock_name(Ja, "restore"), "復旧までの時間");
        assert_eq!(
            ticket_state(Ja, crate::sla::TicketState::Waiting),
            "お客様待ち"
        );
        assert_eq!(
            ticket_state(En, crate::sla::TicketState::Waiting),
            "waiting"
        );
    }

    #[test]
    fn a_policy_applys_record_is_said_in_the_readers_language() {
        let gold = Some("gold".to_string());
        let said = |text: &str, old: &Option<String>, new: &Option<String>| {
            applied_said(text, old, new).map(|said| (said(En), said(Ja)))
        };
        let text = "policy version 1 -> 2";
        assert_eq!(
            said(text, &None, &None),
            Some((text.into(), "ポリシー版 1 → 2".into()))
        );
        let text = "policy version 1 -> 12, contract gold -> none";
        assert_eq!(
            said(text, &gold, &None),
            Some((text.into(), "ポリシー版 1 → 12、契約 gold → なし".into()))
        );
        let text = "contract none -> gold";
        assert_eq!(
            said(text, &None, &gold),
            Some((text.into(), "契約 なし → gold".into()))
        );
        // What does not read back as recorded is shown as it is.
        for (text, old, new) in [
            ("policy version 1 -> 2, contract gold -> none", &None, &None),
            ("policy version one -> 2", &None, &None),
            ("moved by hand", &None, &None),
            ("policy version 1 -> 2; and more", &None, &None),
        ] {
            assert!(said(text, old, new).is_none(), "{text}");
        }
    }
}
