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
pub use status::{already_open, opened, recorded, recorded_all, ticket};
pub use text::plain;
pub use trend::{TREND_COLUMNS, trend_csv, trend_table};
pub use usage::usage_error;
pub use view::{TicketDetails, TimelineEvent, View, Voiding};
pub use watch::{Bottom, Scroll, WatchScreen, watch_frame};
pub use what_if::{
    TREND_WHAT_IF_COLUMNS, WHAT_IF_COLUMNS, trend_what_if_csv, trend_what_if_table, what_if_csv,
    what_if_table,
};

use chrono::{DateTime, Utc};

use crate::i18n::{Arg, Lang};
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

/// The fields every date message may use, from a local time, as Fluent
/// arguments: what a date message gets when it is not flat (and what the
/// tests compare the flat path with).
fn date_args<'a>(lang: Lang, lt: &chrono::DateTime<Tz>) -> Vec<(&'static str, Arg<'a>)> {
    [
        "year",
        "month",
        "mm",
        "day",
        "dd",
        "weekday",
        "monthname",
        "time",
        "zone",
    ]
    .into_iter()
    .map(|name| {
        let mut value = String::new();
        date_field(lang, lt, name, &mut value);
        (name, Arg::from(value))
    })
    .collect()
}

/// Writes one field of a local time, as the date messages name them:
/// `year`, `month`, `mm` (two digits), `day`, `dd`, `weekday` and
/// `monthname` (the `weekday` and `month` messages), `time` (HH:MM) and
/// `zone` (the abbreviation). `false` for any other name.
fn date_field(lang: Lang, lt: &chrono::DateTime<Tz>, name: &str, out: &mut String) -> bool {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let _ = match name {
        "year" => write!(out, "{}", lt.year()),
        "month" => write!(out, "{}", lt.month()),
        "mm" => write!(out, "{:02}", lt.month()),
        "day" => write!(out, "{}", lt.day()),
        "dd" => write!(out, "{:02}", lt.day()),
        "weekday" => {
            out.push_str(&names(lang).weekdays[lt.weekday().num_days_from_monday() as usize]);
            Ok(())
        }
        "monthname" => {
            out.push_str(&names(lang).months[lt.month0() as usize]);
            Ok(())
        }
        "time" => write!(out, "{:02}:{:02}", lt.hour(), lt.minute()),
        "zone" => write!(out, "{}", lt.format("%Z")),
        _ => return false,
    };
    true
}

/// The names of the days and months in a language, asked of Fluent once
/// per run.
struct Names {
    weekdays: [String; 7],
    months: [String; 12],
}

fn names(lang: Lang) -> &'static Names {
    static NAMES: std::sync::OnceLock<[Names; 2]> = std::sync::OnceLock::new();
    &NAMES.get_or_init(|| {
        Lang::ALL.map(|lang| Names {
            weekdays: std::array::from_fn(|d| tr!(lang, "weekday", day = d + 1)),
            months: std::array::from_fn(|m| tr!(lang, "month", month = m + 1)),
        })
    })[lang as usize]
}

/// A date message for a local time: built from its pieces (the board
/// shows one or two per ticket), or by Fluent when it is not flat.
fn date(lang: Lang, site: &crate::i18n::Site, lt: &chrono::DateTime<Tz>) -> String {
    if let Some(pattern) = site.pattern(lang) {
        let mut out = String::with_capacity(32);
        if pattern.write(&mut out, |name, out| date_field(lang, lt, name, out)) {
            return out;
        }
    }
    lang.msg(site.id(), &date_args(lang, lt))
}

static DATE_FULL: crate::i18n::Site = crate::i18n::Site::new("date-full");
static DATE_TIME: crate::i18n::Site = crate::i18n::Site::new("date-time");
static DATE_WEEK: crate::i18n::Site = crate::i18n::Site::new("date-week");
static DATE_DAY: crate::i18n::Site = crate::i18n::Site::new("date-day");
static DATE_MONTH: crate::i18n::Site = crate::i18n::Site::new("date-month");
static DATE_YEAR: crate::i18n::Site = crate::i18n::Site::new("date-year");

/// A period in as few words as are true: `2026-10-01 to 2026-10-31` when it
/// runs from one local midnight to another (the last day included), else
/// both instants in full.
pub fn span_words(since: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    span_words_in(Lang::En, since, until, zone)
}

/// The same in `lang` (a chart's period): 「2026-10-01～2026-10-31」.
pub fn span_words_in(lang: Lang, since: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    let (from, to) = (since.with_timezone(&zone), until.with_timezone(&zone));
    let midnight = |t: &DateTime<Tz>| t.time() == chrono::NaiveTime::MIN;
    let (from, to) = match to.date_naive().pred_opt() {
        Some(last) if midnight(&from) && midnight(&to) && last >= from.date_naive() => {
            (from.date_naive().to_string(), last.to_string())
        }
        _ => (local(since, zone), local(until, zone)),
    };
    tr!(lang, "chart-span", from = from, to = to)
}

/// An instant in full: `2026-11-24 10:15 AEST`, 「2026年11月24日(火) 10:15 AEST」.
pub fn date_full(lang: Lang, t: DateTime<Utc>, zone: Tz) -> String {
    date(lang, &DATE_FULL, &t.with_timezone(&zone))
}

/// An instant as near `now`: `10:15` on the same local day, `Wed 25 Nov
/// 10:15` (「11月25日(水) 10:15」) within half a year, else with its year.
pub fn date_short(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    let (lt, ln) = (t.with_timezone(&zone), now.with_timezone(&zone));
    let site = if lt.date_naive() == ln.date_naive() {
        &DATE_TIME
    } else if (lt.date_naive() - ln.date_naive()).num_days().abs() < 180 {
        &DATE_DAY
    } else {
        &DATE_YEAR
    };
    date(lang, site, &lt)
}

/// An instant in as few columns as it can, for the board: `14:30` today,
/// `Wed 14:30` (「(水) 14:30」) within a week, `25 Nov 14:30` within the
/// year, else with its year.
pub fn date_compact(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    use chrono::Datelike;
    let (lt, ln) = (t.with_timezone(&zone), now.with_timezone(&zone));
    let site = match (lt.date_naive() - ln.date_naive()).num_days() {
        0 => &DATE_TIME,
        -6..=6 => &DATE_WEEK,
        _ if lt.year() == ln.year() => &DATE_MONTH,
        _ => &DATE_YEAR,
    };
    date(lang, site, &lt)
}

/// A span of wall-clock time for people: `45s`, `12m`, `3h 5m`, `2d 4h`
/// (「45秒」「12分」「3時間5分」「2日4時間」).
pub fn span(lang: Lang, secs: i64) -> String {
    let s = secs.abs();
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => tr!(lang, "span-s", s = s),
        (0, 0, m) => tr!(lang, "span-m", m = m),
        (0, h, 0) => tr!(lang, "span-h", h = h),
        (0, h, m) => tr!(lang, "span-h-m", h = h, m = m),
        (d, 0, _) => tr!(lang, "span-d", d = d),
        (d, h, _) => tr!(lang, "span-d-h", d = d, h = h),
    }
}

/// An amount of clock time (a target, time counted or left), in hours and
/// never days: `48h` of business hours is six working days, not two, and
/// the policy says `24h`, so `1d` would mislead either way.
pub fn clock_time(lang: Lang, secs: i64) -> String {
    let s = secs.abs();
    let (h, m) = (s / 3600, s % 3600 / 60);
    match (h, m) {
        (0, 0) => tr!(lang, "span-s", s = s),
        (0, m) => tr!(lang, "span-m", m = m),
        (h, 0) => tr!(lang, "span-h", h = h),
        (h, m) => tr!(lang, "span-h-m", h = h, m = m),
    }
}

/// A wall-clock span in as few columns as it can, for the board: `45s`,
/// `12m`, `1h20m`, `2d4h`.
pub fn span_compact(lang: Lang, secs: i64) -> String {
    span(lang, secs).replace(' ', "")
}

/// `in 12m` or `3h 5m overdue` (「あと12分」「3時間5分超過」).
pub fn due(lang: Lang, deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (deadline - now).num_seconds();
    let span = span(lang, secs);
    if secs >= 0 {
        tr!(lang, "due-in", span = span)
    } else {
        tr!(lang, "due-overdue", span = span)
    }
}

/// `date_full` in English, for output not yet localised.
pub fn local(t: DateTime<Utc>, zone: Tz) -> String {
    date_full(Lang::En, t, zone)
}

/// `date_short` in English, for output not yet localised.
pub fn short(t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    date_short(Lang::En, t, now, zone)
}

/// `span` in English, for output not yet localised.
pub fn human(secs: i64) -> String {
    span(Lang::En, secs)
}

/// `clock_time` in English, for output not yet localised.
pub fn hours(secs: i64) -> String {
    clock_time(Lang::En, secs)
}

/// `span_compact` in English, for output not yet localised.
pub fn compact(secs: i64) -> String {
    span_compact(Lang::En, secs)
}

/// `due` in English, for output not yet localised.
pub fn relative(deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    due(Lang::En, deadline, now)
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
        ClockState::Running | ClockState::Breached => {
            let at = match c.deadline {
                Some(d) => tr!(
                    lang,
                    "phrase-due",
                    when = date_short(lang, d, now, zone),
                    due = due(lang, d, now)
                ),
                None => "-".into(),
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

    #[test]
    fn whole_days_are_named_by_date_and_other_spans_in_full() {
        let zone: Tz = "Australia/Brisbane".parse().expect("zone");
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("time")
                .with_timezone(&Utc)
        };
        let october = (
            at("2026-10-01T00:00:00+10:00"),
            at("2026-11-01T00:00:00+10:00"),
        );
        assert_eq!(
            span_words(october.0, october.1, zone),
            "2026-10-01 to 2026-10-31"
        );
        let day = (
            at("2026-10-05T00:00:00+10:00"),
            at("2026-10-06T00:00:00+10:00"),
        );
        assert_eq!(span_words(day.0, day.1, zone), "2026-10-05 to 2026-10-05");
        let part = (
            at("2026-10-05T09:00:00+10:00"),
            at("2026-10-06T00:00:00+10:00"),
        );
        assert_eq!(
            span_words(part.0, part.1, zone),
            "2026-10-05 09:00 AEST to 2026-10-06 00:00 AEST"
        );
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (0, "0s", "0秒"),
            (45, "45s", "45秒"),
            (720, "12m", "12分"),
            (3600, "1h", "1時間"),
            (11_100, "3h 5m", "3時間5分"),
            (-11_100, "3h 5m", "3時間5分"),
            (86_400 * 2 + 4 * 3600 + 60, "2d 4h", "2日4時間"),
            (86_400, "1d", "1日"),
        ];
        for (secs, en, ja) in cases {
            assert_eq!(span(En, secs), en);
            assert_eq!(span(Ja, secs), ja);
            assert_eq!(human(secs), en);
        }
    }

    #[test]
    fn clock_time_is_in_hours_never_days() {
        let cases = [
            (0, "0s", "0秒"),
            (45, "45s", "45秒"),
            (720, "12m", "12分"),
            (86_400, "24h", "24時間"),
            (48 * 3600, "48h", "48時間"),
            (-(30 * 3600 + 15 * 60), "30h 15m", "30時間15分"),
        ];
        for (secs, en, ja) in cases {
            assert_eq!(clock_time(En, secs), en);
            assert_eq!(clock_time(Ja, secs), ja);
            assert_eq!(hours(secs), en);
        }
        assert_eq!(compact(4800), "1h20m");
        assert_eq!(span_compact(Ja, 4800), "1時間20分");
        assert_eq!(compact(86_400 * 6 + 9 * 3600), "6d9h");
        assert_eq!(span_compact(Ja, 86_400 * 6 + 9 * 3600), "6日9時間");
    }

    #[test]
    fn relative_times() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let soon = now + chrono::Duration::minutes(12);
        let late = now - chrono::Duration::minutes(185);
        assert_eq!(relative(soon, now), "in 12m");
        assert_eq!(relative(late, now), "3h 5m overdue");
        assert_eq!(due(Ja, soon, now), "あと12分");
        assert_eq!(due(Ja, late, now), "3時間5分超過");
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().into()
    }

    /// The dates built from their pieces read exactly as Fluent writes
    /// the same messages with every field as an argument: every message,
    /// both languages, zones with and without daylight saving and
    /// half-hour offsets, over two years of instants at an uneven step.
    #[test]
    fn dates_from_their_pieces_are_what_fluent_writes() {
        let sites = [
            &DATE_FULL,
            &DATE_TIME,
            &DATE_WEEK,
            &DATE_DAY,
            &DATE_MONTH,
            &DATE_YEAR,
        ];
        let zones: Vec<Tz> = [
            "Australia/Brisbane",
            "Asia/Tokyo",
            "America/New_York",
            "Asia/Kolkata",
            "UTC",
        ]
        .iter()
        .map(|z| z.parse().expect("zone"))
        .collect();
        let start = at("2025-12-30T23:59:00Z");
        let mut compared = 0;
        for step in 0..1_500 {
            let t = start + chrono::Duration::minutes(step * 701);
            for zone in &zones {
                let lt = t.with_timezone(zone);
                for lang in [En, Ja] {
                    for site in sites {
                        assert!(site.pattern(lang).is_some(), "{} is flat", site.id());
                        assert_eq!(
                            date(lang, site, &lt),
                            lang.msg(site.id(), &date_args(lang, &lt)),
                            "{} in {lang:?} at {lt}",
                            site.id()
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert_eq!(compared, 1_500 * 5 * 2 * 6);
    }

    #[test]
    fn dates_in_both_languages() {
        let brisbane = Tz::named("Australia/Brisbane").unwrap();
        // 2026-11-24 10:15 in Brisbane, a Tuesday.
        let t = at("2026-11-24T00:15:00Z");
        assert_eq!(date_full(En, t, brisbane), "2026-11-24 10:15 AEST");
        assert_eq!(local(t, brisbane), "2026-11-24 10:15 AEST");
        assert_eq!(date_full(Ja, t, brisbane), "2026年11月24日(火) 10:15 AEST");
        let same_day = at("2026-11-24T03:00:00Z");
        assert_eq!(date_short(En, t, same_day, brisbane), "10:15");
        assert_eq!(date_short(Ja, t, same_day, brisbane), "10:15");
        let next_week = at("2026-12-01T03:00:00Z");
        assert_eq!(date_short(En, t, next_week, brisbane), "Tue 24 Nov 10:15");
        assert_eq!(short(t, next_week, brisbane), "Tue 24 Nov 10:15");
        assert_eq!(date_short(Ja, t, next_week, brisbane), "11月24日(火) 10:15");
        let next_year = at("2027-11-24T03:00:00Z");
        assert_eq!(date_short(En, t, next_year, brisbane), "2026-11-24 10:15");
        assert_eq!(
            date_short(Ja, t, next_year, brisbane),
            "2026年11月24日 10:15"
        );
        // The board's: the time today, the weekday within a week, the day
        // within the year.
        let compact = |lang, now| date_compact(lang, t, at(now), brisbane);
        assert_eq!(compact(En, "2026-11-24T05:00:00Z"), "10:15");
        assert_eq!(compact(En, "2026-11-22T05:00:00Z"), "Tue 10:15");
        assert_eq!(compact(Ja, "2026-11-22T05:00:00Z"), "(火) 10:15");
        assert_eq!(compact(En, "2026-01-02T05:00:00Z"), "24 Nov 10:15");
        assert_eq!(compact(Ja, "2026-01-02T05:00:00Z"), "11月24日 10:15");
        assert_eq!(compact(Ja, "2025-01-02T05:00:00Z"), "2026年11月24日 10:15");
        // Every weekday has its name in both.
        let days: Vec<String> = (0..7)
            .map(|d| date_short(Ja, t + chrono::Duration::days(d), next_year, brisbane))
            .collect();
        assert_eq!(
            days.iter()
                .map(|d| d.split(' ').next().unwrap())
                .collect::<Vec<_>>(),
            [
                "2026年11月24日",
                "2026年11月25日",
                "2026年11月26日",
                "2026年11月27日",
                "2026年11月28日",
                "2026年11月29日",
                "2026年11月30日"
            ]
        );
        let weekdays: Vec<String> = (0..7)
            .map(|d| date_compact(Ja, t + chrono::Duration::days(d), t, brisbane))
            .collect();
        assert_eq!(
            weekdays,
            [
                "10:15",
                "(水) 10:15",
                "(木) 10:15",
                "(金) 10:15",
                "(土) 10:15",
                "(日) 10:15",
                "(月) 10:15"
            ]
        );
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
            deadline: deadline.map(at),
            stopped_at: stopped.then_some(now),
            remaining_secs: Some(left),
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
}
