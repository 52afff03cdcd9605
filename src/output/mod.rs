//! Rendering: tables for people, JSON and CSV for scripts. Renderers take
//! computed values (`View` and the results of `sla`) and write to any
//! `Write`; they decide nothing about tickets or clocks, read no row of the
//! store, and never read the clock themselves (`now` is passed). The JSON
//! shapes scripts rely on are written once, in `json`.

mod check;
mod export;
mod grid;
mod json;
mod metrics;
mod policy;
mod report;
mod status;
mod view;

pub use check::{
    CheckOutcome, CheckReport, attention_line, check_first_line, check_text, perfdata,
    stale_calendar_line, summary_line,
};
pub use export::{EVENT_COLUMNS, EventRecord, Records, TICKET_COLUMNS};
pub use json::{NoticeEvent, board_json, check_json, notice_json, report_json, status_json};
pub use metrics::{metrics_text, metrics_unknown};
pub use policy::{policy_applied, policy_errors, policy_show};
pub use report::{REPORT_COLUMNS, report_csv, report_table};
pub use status::{already_open, board, opened, plain, recorded, recorded_all, ticket};
pub use view::{TicketDetails, TimelineEvent, View, Voiding};

use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, LineStyle, Table, TableStyle};

use crate::sla::{Clock, ClockState, Figures, Tz};

/// How human output looks: colour or not, the zone times are shown in,
/// and when a running clock is shown at risk.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub zone: Tz,
    /// The share of its target (percent) from which a running clock is at
    /// risk; `sla::AT_RISK_PERCENT` unless told otherwise.
    pub warn_at: u8,
}

impl Style {
    /// Whether `c` is shown at risk.
    pub fn at_risk(&self, c: &Clock) -> bool {
        c.at_risk(self.warn_at)
    }

    pub fn table(&self) -> Table {
        let mut t = Table::new();
        // Column headings underlined, nothing else: quiet enough to scan mid-outage.
        t.load_style(TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─')));
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t
    }

    /// A cell coloured by the clock state it describes, when colour is on.
    pub fn state_cell(&self, text: String, state: ClockState, at_risk: bool) -> Cell {
        let cell = Cell::new(text);
        if !self.color {
            return cell;
        }
        match state {
            ClockState::Breached => cell.fg(Color::Red),
            ClockState::Running if at_risk => cell.fg(Color::Yellow),
            ClockState::Met | ClockState::None => cell.fg(Color::DarkGrey),
            _ => cell,
        }
    }
}

/// `2026-11-24 10:15 AEST`.
pub fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
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

/// A duration for people: `45s`, `12m`, `3h 5m`, `2d 4h`.
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
        ClockState::Paused => format!("paused, {} left", human(left)),
        ClockState::Met => match c.figures {
            Figures::Update { .. } => "met, none missed".into(),
            _ => format!("met, {} to spare", human(left)),
        },
        ClockState::Breached if c.stopped_at.is_some() => {
            if c.missed() > 0 {
                format!("breached, {} missed", c.missed())
            } else {
                format!("breached, {} late", human(left))
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
    fn relative_times() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(relative(now + chrono::Duration::minutes(12), now), "in 12m");
        assert_eq!(
            relative(now - chrono::Duration::minutes(185), now),
            "3h 5m overdue"
        );
    }
}
