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
mod view;
mod watch;
mod what_if;

pub use board::{BOARD_LEGEND, board};
pub use chart::{ChartFormat, ChartTitle, RestoreChart, SeverityTrend, TrendChart};
pub use check::{
    CheckOutcome, CheckReport, attention_line, check_first_line, check_text, perfdata,
    stale_calendar_line, summary_line,
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
pub use view::{TicketDetails, TimelineEvent, View, Voiding};
pub use watch::{Bottom, Scroll, WatchScreen, watch_frame};
pub use what_if::{
    TREND_WHAT_IF_COLUMNS, WHAT_IF_COLUMNS, trend_what_if_csv, trend_what_if_table, what_if_csv,
    what_if_table,
};

use chrono::{DateTime, Utc};

use crate::sla::{Clock, ClockState, Figures, Tz};

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

/// `2026-11-24 10:15 AEST`.
pub fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// A period in as few words as are true: `2026-10-01 to 2026-10-31` when it
/// runs from one local midnight to another (the last day included), else
/// both instants in full.
pub fn span_words(since: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    let (from, to) = (since.with_timezone(&zone), until.with_timezone(&zone));
    let midnight = |t: &DateTime<Tz>| t.time() == chrono::NaiveTime::MIN;
    match to.date_naive().pred_opt() {
        Some(last) if midnight(&from) && midnight(&to) && last >= from.date_naive() => {
            format!("{} to {last}", from.date_naive())
        }
        _ => format!("{} to {}", local(since, zone), local(until, zone)),
    }
}

/// `10:15` on the same local day as `now`, else `Wed 25 Nov 10:15`.
pub fn short(t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    let (lt, ln) = (t.with_timezone(&zone), now.with_timezone(&zone));
    if lt.date_naive() == ln.date_naive() {
        lt.format("%H:%M").to_string()
    } else if (lt.date_naive() - ln.date_naive()).num_days().abs() < 180 {
        lt.format("%a %d %b %H:%M").to_string()
    } else {
        lt.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A span of wall-clock time for people: `45s`, `12m`, `3h 5m`, `2d 4h`.
pub fn human(secs: i64) -> String {
    let s = secs.abs();
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// An amount of clock time (a target, time counted or left), in hours and
/// never days: `48h` of business hours is six working days, not two, and
/// the policy says `24h`, so `1d` would mislead either way.
pub fn hours(secs: i64) -> String {
    let s = secs.abs();
    let (h, m) = (s / 3600, s % 3600 / 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// A wall-clock span in as few columns as it can, for the board: `45s`,
/// `12m`, `1h20m`, `2d4h`.
pub fn compact(secs: i64) -> String {
    human(secs).replace(' ', "")
}

/// `in 12m` or `3h 5m overdue`.
pub fn relative(deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (deadline - now).num_seconds();
    if secs >= 0 {
        format!("in {}", human(secs))
    } else {
        format!("{} overdue", human(secs))
    }
}

/// One phrase for where a clock stands: what a person scans the board for.
pub fn clock_phrase(c: &Clock, now: DateTime<Utc>, zone: Tz) -> String {
    let left = c.remaining_secs.unwrap_or(0);
    match c.state {
        ClockState::None => "-".into(),
        ClockState::Pending => "starts at the first update".into(),
        ClockState::Paused => format!("paused, {} left", hours(left)),
        ClockState::Met => match c.figures {
            Figures::Update { .. } => "met, none missed".into(),
            _ => format!("met, {} to spare", hours(left)),
        },
        ClockState::Breached if c.stopped_at.is_some() => {
            if c.missed() > 0 {
                format!("breached, {} missed", c.missed())
            } else {
                format!("breached, {} late", hours(left))
            }
        }
        ClockState::Running | ClockState::Breached => {
            let at = match c.deadline {
                Some(d) => format!("{} ({})", short(d, now, zone), relative(d, now)),
                None => "-".into(),
            };
            match c.missed() {
                0 => at,
                n => format!("{at}; {n} missed"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            (0, "0s"),
            (45, "45s"),
            (720, "12m"),
            (3600, "1h"),
            (11_100, "3h 5m"),
            (-11_100, "3h 5m"),
            (86_400 * 2 + 4 * 3600 + 60, "2d 4h"),
            (86_400, "1d"),
        ];
        for (secs, want) in cases {
            assert_eq!(human(secs), want);
        }
    }

    #[test]
    fn clock_time_is_in_hours_never_days() {
        let cases = [
            (0, "0s"),
            (45, "45s"),
            (720, "12m"),
            (86_400, "24h"),
            (48 * 3600, "48h"),
            (-(30 * 3600 + 15 * 60), "30h 15m"),
        ];
        for (secs, want) in cases {
            assert_eq!(hours(secs), want);
        }
        assert_eq!(compact(4800), "1h20m");
        assert_eq!(compact(86_400 * 6 + 9 * 3600), "6d9h");
    }

    #[test]
    fn relative_times() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(relative(now + chrono::Duration::minutes(12), now), "in 12m");
        assert_eq!(
            relative(now - chrono::Duration::minutes(185), now),
            "3h 5m overdue"
        );
    }
}
