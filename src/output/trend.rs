//! `report --months`'s output: the trend, one row per month and incident
//! severity, as a table for people (fitted to 80 columns: percentages
//! without their counts, which JSON and CSV carry), or CSV with the
//! columns of its JSON rows (`json/report.rs`). The figures are computed
//! by `sla::report` and laid out by month by `sla::trend`; this module only
//! writes them.

use std::io::{self, Write};

use super::grid::{Column, Grid};
use super::json::MonthRowJson;
use super::report::{csv_of, pct};
use super::{Style, clock_time, date_full};
use crate::sla::Trend;
use crate::tr;

/// The CSV columns: the month and severity, then the figures in the order
/// of `report`'s columns. New columns go at the end.
pub const TREND_COLUMNS: [&str; 29] = [
    "month",
    "since",
    "until",
    "evaluated_at",
    "severity",
    "opened",
    "responses_judged",
    "responses_met",
    "responses_met_pct",
    "updates_started",
    "updates_on_time",
    "updates_on_time_pct",
    "updates_missed",
    "restores_judged",
    "restores_met",
    "restores_met_pct",
    "restores_resolved",
    "restore_median_secs",
    "restore_p90_secs",
    "escalated_level_1",
    "escalated_level_2",
    "escalated_level_3",
    "still_open",
    "owns_judged",
    "owns_met",
    "owns_met_pct",
    "elapsed_secs",
    "waiting_secs",
    "waiting_pct",
];

/// A header row, then one row per month and severity, oldest first.
pub fn trend_csv(w: &mut impl Write, t: &Trend) -> io::Result<()> {
    let rows = t
        .rows
        .iter()
        .map(|r| serde_json::to_value(MonthRowJson::of(r)));
    csv_of(w, &TREND_COLUMNS, &serde_json::Value::Null, rows)
}

/// The trend as a table: a line per month and severity.
pub fn trend_table(w: &mut impl Write, t: &Trend, style: &Style) -> io::Result<()> {
    let (lang, zone) = (style.lang, style.zone);
    style.line(
        w,
        &tr!(
            lang,
            "trend-heading",
            since = date_full(lang, t.since, zone),
            until = date_full(lang, t.until, zone),
        ),
    )?;
    // Each heading wraps between words, never inside one: 80 columns hold
    // the widest figures (`100.0%`, `23h 59m`).
    let mut grid = Grid::new(vec![
        Column::new(tr!(lang, "trend-col-month")),
        Column::new(tr!(lang, "trend-col-sev")).right(),
        Column::new(tr!(lang, "report-col-opened")).right(),
        Column::new(tr!(lang, "report-col-response-met"))
            .right()
            .wrap(8),
        Column::new(tr!(lang, "report-col-updates-on-time"))
            .right()
            .wrap(7),
        Column::new(tr!(lang, "report-col-restore-met"))
            .right()
            .wrap(7),
        Column::new(tr!(lang, "report-col-restore-median"))
            .right()
            .wrap(7),
        Column::new(tr!(lang, "report-col-restore-p90"))
            .right()
            .wrap(7),
        Column::new(tr!(lang, "trend-col-esc")).right(),
        Column::new(tr!(lang, "trend-col-waiting")).right(),
    ]);
    let secs = |s: Option<i64>| s.map_or("-".into(), |s| clock_time(lang, s));
    let mut last_month = "";
    for r in &t.rows {
        let f = &r.figures;
        // The month once, on its first severity.
        let month = if r.month == last_month {
            String::new()
        } else {
            r.month.clone()
        };
        last_month = &r.month;
        grid.push(
            [
                month,
                r.severity.to_string(),
                f.opened.to_string(),
                pct(f.responses_met_pct),
                pct(f.updates_on_time_pct),
                pct(f.restores_met_pct),
                secs(f.restore_median_secs),
                secs(f.restore_p90_secs),
                f.escalated_level_1.to_string(),
                pct(f.waiting_pct),
            ]
            .into_iter()
            .map(Into::into),
        );
    }
    grid.write(w, style.width, style.color)?;
    style.line(w, &tr!(lang, "trend-footnote"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::json::MonthRowJson;
    use crate::sla::{MonthRow, ReportRow};

    #[test]
    fn csv_columns_cover_every_field() {
        let row = MonthRow {
            month: "2026-10".into(),
            since: crate::sla::instant(0),
            until: crate::sla::instant(0),
            evaluated_at: crate::sla::instant(0),
            severity: 1,
            figures: ReportRow::default(),
        };
        let fields = serde_json::to_value(MonthRowJson::of(&row)).unwrap();
        let mut names: Vec<&str> = fields
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        let mut columns = TREND_COLUMNS.to_vec();
        columns.sort_unstable();
        assert_eq!(names, columns);
    }
}
