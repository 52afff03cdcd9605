//! `report --policy FILE`'s output: each figure under the policies the
//! tickets were recorded with and under the proposal, side by side with
//! the difference, as a table for people or CSV with the columns of its
//! JSON rows (`json/report.rs`); for one period, by group, or with
//! `--months`, by month and severity. `sla::what_if` pairs the figures;
//! this module only writes them.

use std::io::{self, Write};

use super::grid::{Column, Grid};
use super::json::{ChangeJson, MonthChangeJson, group_of};
use super::report::{csv_of, group_label, pct};
use super::{Style, clock_time, date_full};
use crate::i18n::Lang;
use crate::sla::{Change, Figure, Report, Trend, changes, pairs, trend_changes};
use crate::tr;

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
fn value(lang: Lang, figure: Figure, v: Option<f64>) -> String {
    match v {
        Some(secs) if figure.is_duration() => clock_time(lang, secs.round() as i64),
        v => pct(v),
    }
}

/// `−26.7` or `+3.0` points, `−1h 30m` or `+2h`; `0.0` or `0s` for none;
/// `-` when one side was not judged.
fn difference(lang: Lang, figure: Figure, change: Option<f64>) -> String {
    let Some(d) = change else {
        return "-".into();
    };
    let size = if figure.is_duration() {
        clock_time(lang, d.round() as i64)
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

/// A figure's name in the table: `restore met` (「復旧達成率」).
fn figure_name(lang: Lang, figure: Figure) -> String {
    match figure {
        Figure::ResponseMet => tr!(lang, "figure-response-met"),
        Figure::UpdatesOnTime => tr!(lang, "figure-updates-on-time"),
        Figure::RestoreMet => tr!(lang, "figure-restore-met"),
        Figure::RestoreMedian => tr!(lang, "figure-restore-median"),
        Figure::RestoreP90 => tr!(lang, "figure-restore-p90"),
        Figure::OwnedInTime => tr!(lang, "figure-owned-in-time"),
    }
}

fn cells(lang: Lang, label: String, c: &Change) -> Vec<String> {
    vec![
        label,
        figure_name(lang, c.figure),
        value(lang, c.figure, c.recorded),
        "\u{2192}".to_string(),
        value(lang, c.figure, c.proposed),
        difference(lang, c.figure, c.change),
    ]
}

fn grid(lang: Lang, first: Vec<Column>) -> Grid {
    let mut columns = first;
    columns.extend([
        Column::new(tr!(lang, "what-if-col-figure")),
        Column::new(tr!(lang, "what-if-col-recorded")).right(),
        Column::new(""),
        Column::new(tr!(lang, "what-if-col-proposed")).right(),
        Column::new(tr!(lang, "what-if-col-change")).right(),
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
    let (lang, zone) = (style.lang, style.zone);
    style.line(
        w,
        &tr!(
            lang,
            "what-if-heading",
            since = date_full(lang, recorded.since, zone),
            until = date_full(lang, recorded.until, zone),
            at = date_full(lang, recorded.evaluated_at, zone),
            proposal = proposal,
        ),
    )?;
    let mut t = grid(lang, vec![Column::new("").wrap(8)]);
    for (r, p) in pairs(&recorded.rows, &proposed.rows, group_of) {
        let label = group_label(lang, &r.group, r.value());
        for (i, c) in changes(r, p).iter().enumerate() {
            let label = if i == 0 { label.clone() } else { String::new() };
            t.push(cells(lang, label, c).into_iter().map(Into::into));
        }
    }
    t.write(w, style.width, style.color)?;
    style.line(w, &tr!(lang, "what-if-footnote"))
}

/// Both trends as a table: a line per month, severity and figure.
pub fn trend_what_if_table(
    w: &mut impl Write,
    recorded: &Trend,
    proposed: &Trend,
    proposal: &str,
    style: &Style,
) -> io::Result<()> {
    let (lang, zone) = (style.lang, style.zone);
    style.line(
        w,
        &tr!(
            lang,
            "what-if-trend-heading",
            since = date_full(lang, recorded.since, zone),
            until = date_full(lang, recorded.until, zone),
            proposal = proposal,
        ),
    )?;
    let mut t = grid(
        lang,
        vec![
            Column::new(tr!(lang, "trend-col-month")),
            Column::new(tr!(lang, "trend-col-sev")).right(),
        ],
    );
    let mut last_month = "";
    for (r, changes) in trend_changes(recorded, proposed) {
        for (i, c) in changes.iter().enumerate() {
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
            row.extend(cells(lang, sev, c));
            t.push(row.into_iter().map(Into::into));
        }
    }
    t.write(w, style.width, style.color)?;
    style.line(w, &tr!(lang, "what-if-footnote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        let (en, ja) = (Lang::En, Lang::Ja);
        let met = Figure::RestoreMet;
        assert_eq!(difference(en, met, Some(-26.7)), "\u{2212}26.7");
        assert_eq!(difference(en, met, Some(3.0)), "+3.0");
        assert_eq!(difference(en, met, Some(0.0)), "0.0");
        assert_eq!(difference(en, met, None), "-");
        let median = Figure::RestoreMedian;
        assert_eq!(difference(en, median, Some(-5400.0)), "\u{2212}1h 30m");
        assert_eq!(difference(ja, median, Some(-5400.0)), "\u{2212}1時間30分");
        assert_eq!(value(en, median, Some(7200.0)), "2h");
        assert_eq!(value(ja, median, Some(7200.0)), "2時間");
        assert_eq!(value(en, met, Some(98.1)), "98.1%");
    }

    #[test]
    fn figures_are_named_in_both_languages() {
        assert_eq!(figure_name(Lang::En, Figure::RestoreMet), "restore met");
        assert_eq!(figure_name(Lang::Ja, Figure::RestoreMet), "復旧達成率");
        assert_eq!(figure_name(Lang::En, Figure::RestoreP90), "restore p90");
        assert_eq!(figure_name(Lang::Ja, Figure::RestoreP90), "復旧p90");
    }
}
