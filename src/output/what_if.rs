//! `report --policy FILE`'s output: each figure under the policies the
//! tickets were recorded with and under the proposal, side by side with
//! the difference, as a table for people or CSV with the columns of its
//! JSON rows (`json/report.rs`); for one period, by group, or with
//! `--months`, by month and severity. `sla::what_if` pairs the figures;
//! this module only writes them.

use std::io::{self, Write};

use super::grid::{Column, Grid};
use super::json::{ChangeJson, MonthChangeJson};
use super::report::{csv_of, pct};
use super::{Style, hours, local};
use crate::sla::{Change, Figure, Report, Trend, changes, pairs, trend_pairs};

/// `report --policy --format csv`'s columns. New columns go at the end.
pub const WHAT_IF_COLUMNS: [&str; 10] = [
    "since",
    "until",
    "evaluated_at",
    "proposal",
    "group",
    "key",
    "figure",
    "recorded",
    "proposed",
    "change",
];

/// `report --months --policy --format csv`'s columns. New columns go at the end.
pub const TREND_WHAT_IF_COLUMNS: [&str; 10] = [
    "month",
    "since",
    "until",
    "evaluated_at",
    "proposal",
    "severity",
    "figure",
    "recorded",
    "proposed",
    "change",
];

/// A header row, then one row per group and figure; the period and the
/// proposal on every row.
pub fn what_if_csv(
    w: &mut impl Write,
    recorded: &Report,
    proposed: &Report,
    proposal: &str,
) -> io::Result<()> {
    let shared = serde_json::json!({
        "since": recorded.since,
        "until": recorded.until,
        "evaluated_at": recorded.evaluated_at,
        "proposal": proposal,
    });
    let rows = ChangeJson::all(recorded, proposed)
        .into_iter()
        .map(serde_json::to_value);
    csv_of(w, &WHAT_IF_COLUMNS, &shared, rows)
}

/// A header row, then one row per month, severity and figure; the
/// proposal on every row.
pub fn trend_what_if_csv(
    w: &mut impl Write,
    recorded: &Trend,
    proposed: &Trend,
    proposal: &str,
) -> io::Result<()> {
    let shared = serde_json::json!({ "proposal": proposal });
    let rows = MonthChangeJson::all(recorded, proposed)
        .into_iter()
        .map(serde_json::to_value);
    csv_of(w, &TREND_WHAT_IF_COLUMNS, &shared, rows)
}

/// `98.1%`, or a time such as `4h 30m`.
fn value(figure: Figure, v: Option<f64>) -> String {
    match v {
        Some(secs) if figure.is_duration() => hours(secs.round() as i64),
        v => pct(v),
    }
}

/// `−26.7` or `+3.0` points, `−1h 30m` or `+2h`; `0.0` or `0s` for none;
/// `-` when one side was not judged.
fn difference(figure: Figure, change: Option<f64>) -> String {
    let Some(d) = change else {
        return "-".into();
    };
    let size = if figure.is_duration() {
        hours(d.round() as i64)
    } else {
        format!("{:.1}", d.abs())
    };
    // The minus sign, not a hyphen: it lines up with the plus.
    let sign = if d < 0.0 {
        "\u{2212}"
    } else if d > 0.0 {
        "+"
    } else {
        ""
    };
    format!("{sign}{size}")
}

fn heading(what: &str, proposal: &str) -> String {
    format!("{what}, judged under the policies recorded with them and under {proposal}")
}

fn cells(label: String, c: &Change) -> Vec<String> {
    vec![
        label,
        c.figure.label().to_string(),
        value(c.figure, c.recorded),
        "\u{2192}".to_string(),
        value(c.figure, c.proposed),
        difference(c.figure, c.change),
    ]
}

fn grid(first: Vec<Column>) -> Grid {
    let mut columns = first;
    columns.extend([
        Column::new("figure"),
        Column::new("recorded").right(),
        Column::new(""),
        Column::new("proposed").right(),
        Column::new("change").right(),
    ]);
    Grid::new(columns)
}

/// Both reports as a table: a line per group and figure.
pub fn what_if_table(
    w: &mut impl Write,
    recorded: &Report,
    proposed: &Report,
    proposal: &str,
    style: &Style,
) -> io::Result<()> {
    style.line(
        w,
        &heading(
            &format!(
                "Tickets opened from {} to {}, as of {}",
                local(recorded.since, style.zone),
                local(recorded.until, style.zone),
                local(recorded.evaluated_at, style.zone)
            ),
            proposal,
        ),
    )?;
    let mut t = grid(vec![Column::new("").wrap(8)]);
    for (r, p) in pairs(&recorded.rows, &proposed.rows, |r| {
        (r.group.clone(), r.key.clone())
    }) {
        let label = match r.group.as_str() {
            "all" => "all tickets".to_string(),
            "severity" => format!("severity {}", r.key),
            _ => r.key.clone(),
        };
        for (i, c) in changes(r, p).iter().enumerate() {
            let label = if i == 0 { label.clone() } else { String::new() };
            t.push(cells(label, c).into_iter().map(Into::into));
        }
    }
    t.write(w, style.width, style.color)?;
    style.line(w, FOOTNOTE)
}

/// Both trends as a table: a line per month, severity and figure.
pub fn trend_what_if_table(
    w: &mut impl Write,
    recorded: &Trend,
    proposed: &Trend,
    proposal: &str,
    style: &Style,
) -> io::Result<()> {
    style.line(
        w,
        &heading(
            &format!(
                "Incidents reported from {} to {}, by month and severity, each month as of its end",
                local(recorded.since, style.zone),
                local(recorded.until, style.zone),
            ),
            proposal,
        ),
    )?;
    let mut t = grid(vec![Column::new("month"), Column::new("sev").right()]);
    let mut last_month = "";
    for (r, p) in trend_pairs(recorded, proposed) {
        for (i, c) in changes(&r.figures, &p.figures).iter().enumerate() {
            let month = if r.month != last_month {
                r.month.clone()
            } else {
                String::new()
            };
            last_month = &r.month;
            let sev = if i == 0 {
                r.severity.to_string()
            } else {
                String::new()
            };
            let mut row = vec![month];
            row.extend(cells(sev, c));
            t.push(row.into_iter().map(Into::into));
        }
    }
    t.write(w, style.width, style.color)?;
    style.line(w, FOOTNOTE)
}

const FOOTNOTE: &str = "The change is in percentage points, or in time for the restore median and p90; `-` where one side judged nothing. Nothing is written to the ticket log.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        let met = Figure::RestoreMet;
        assert_eq!(difference(met, Some(-26.7)), "\u{2212}26.7");
        assert_eq!(difference(met, Some(3.0)), "+3.0");
        assert_eq!(difference(met, Some(0.0)), "0.0");
        assert_eq!(difference(met, None), "-");
        let median = Figure::RestoreMedian;
        assert_eq!(difference(median, Some(-5400.0)), "\u{2212}1h 30m");
        assert_eq!(value(median, Some(7200.0)), "2h");
        assert_eq!(value(met, Some(98.1)), "98.1%");
    }
}
