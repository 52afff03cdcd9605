//! `report --format json`: the period, then one object per group; the
//! CSV report's columns are a row's fields. The same for the trend
//! (`--months`: one object per month and severity) and for what if
//! (`--policy`: one object per group, or month and severity, and figure).

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::sla::{
    Change, Figure, MonthRow, Report, ReportRow, Trend, changes, pairs, trend_changes,
};

#[derive(Serialize)]
struct ReportJson<'a> {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    evaluated_at: DateTime<Utc>,
    percentile: &'a str,
    rows: Vec<ReportRowJson<'a>>,
}

/// One group's figures; the CSV report's columns are these fields.
#[derive(Serialize)]
pub(in crate::output) struct ReportRowJson<'a> {
    group: &'a str,
    /// Null for the tickets without a customer (or contract).
    key: Option<&'a str>,
    #[serde(flatten)]
    figures: FiguresJson,
}

/// A row's figures, after what the row is about: a group's in `report`,
/// a month's and severity's in `report --months`.
#[derive(Serialize)]
pub(in crate::output) struct FiguresJson {
    opened: u64,
    responses_judged: u64,
    responses_met: u64,
    responses_met_pct: Option<f64>,
    updates_started: u64,
    updates_on_time: u64,
    updates_on_time_pct: Option<f64>,
    updates_missed: u64,
    restores_judged: u64,
    restores_met: u64,
    restores_met_pct: Option<f64>,
    restores_resolved: u64,
    restore_median_secs: Option<i64>,
    restore_p90_secs: Option<i64>,
    escalated_level_1: u64,
    escalated_level_2: u64,
    escalated_level_3: u64,
    still_open: u64,
    owns_judged: u64,
    owns_met: u64,
    owns_met_pct: Option<f64>,
    elapsed_secs: i64,
    waiting_secs: i64,
    waiting_pct: Option<f64>,
}

impl FiguresJson {
    fn of(r: &ReportRow) -> Self {
        FiguresJson {
            opened: r.opened,
            responses_judged: r.responses_judged,
            responses_met: r.responses_met,
            responses_met_pct: r.responses_met_pct,
            updates_started: r.updates_started,
            updates_on_time: r.updates_on_time,
            updates_on_time_pct: r.updates_on_time_pct,
            updates_missed: r.updates_missed,
            restores_judged: r.restores_judged,
            restores_met: r.restores_met,
            restores_met_pct: r.restores_met_pct,
            restores_resolved: r.restores_resolved,
            restore_median_secs: r.restore_median_secs,
            restore_p90_secs: r.restore_p90_secs,
            escalated_level_1: r.escalated_level_1,
            escalated_level_2: r.escalated_level_2,
            escalated_level_3: r.escalated_level_3,
            still_open: r.still_open,
            owns_judged: r.owns_judged,
            owns_met: r.owns_met,
            owns_met_pct: r.owns_met_pct,
            elapsed_secs: r.elapsed_secs,
            waiting_secs: r.waiting_secs,
            waiting_pct: r.waiting_pct,
        }
    }
}

impl<'a> ReportRowJson<'a> {
    pub(in crate::output) fn of(r: &'a ReportRow) -> Self {
        ReportRowJson {
            group: &r.group,
            key: r.value(),
            figures: FiguresJson::of(r),
        }
    }
}

/// `report --months --format json`: the months, then one object per
/// month and severity; the CSV trend's columns are a row's fields.
#[derive(Serialize)]
struct TrendJson<'a> {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    percentile: &'a str,
    rows: Vec<MonthRowJson<'a>>,
}

/// One month's figures for one severity.
#[derive(Serialize)]
pub(in crate::output) struct MonthRowJson<'a> {
    month: &'a str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    evaluated_at: DateTime<Utc>,
    severity: u8,
    #[serde(flatten)]
    figures: FiguresJson,
}

impl<'a> MonthRowJson<'a> {
    pub(in crate::output) fn of(r: &'a MonthRow) -> Self {
        MonthRowJson {
            month: &r.month,
            since: r.since,
            until: r.until,
            evaluated_at: r.evaluated_at,
            severity: r.severity,
            figures: FiguresJson::of(&r.figures),
        }
    }
}

/// `report --months --format json`.
pub fn trend_json(w: &mut impl Write, t: &Trend) -> io::Result<()> {
    let doc = TrendJson {
        since: t.since,
        until: t.until,
        percentile: t.percentile,
        rows: t.rows.iter().map(MonthRowJson::of).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// A figure's value in JSON and CSV: a percentage with one decimal, or
/// whole seconds; null when it could not be judged.
pub(in crate::output) fn figure_value(figure: Figure, v: Option<f64>) -> Value {
    match v {
        None => Value::Null,
        Some(v) if figure.is_duration() => Value::from(v.round() as i64),
        Some(v) => Value::from(v),
    }
}

/// One figure of one group under both policies.
#[derive(Serialize)]
pub(in crate::output) struct ChangeJson<'a> {
    group: &'a str,
    /// Null for the tickets without a customer (or contract).
    key: Option<&'a str>,
    figure: &'a str,
    recorded: Value,
    proposed: Value,
    change: Value,
}

impl<'a> ChangeJson<'a> {
    pub(in crate::output) fn of(row: &'a ReportRow, c: &Change) -> Self {
        ChangeJson {
            group: &row.group,
            key: row.value(),
            figure: c.figure.as_str(),
            recorded: figure_value(c.figure, c.recorded),
            proposed: figure_value(c.figure, c.proposed),
            change: figure_value(c.figure, c.change),
        }
    }

    /// Every change of two reports of the same tickets, row by row.
    pub(in crate::output) fn all(recorded: &'a Report, proposed: &'a Report) -> Vec<Self> {
        pairs(&recorded.rows, &proposed.rows, group_of)
            .into_iter()
            .flat_map(|(r, p)| {
                changes(r, p)
                    .into_iter()
                    .map(move |c| ChangeJson::of(r, &c))
            })
            .collect()
    }
}

/// What pairs a row of one report with the other's: its group and value.
pub(in crate::output) fn group_of(r: &ReportRow) -> (String, Option<String>) {
    (r.group.clone(), r.value().map(str::to_owned))
}

#[derive(Serialize)]
struct WhatIfJson<'a> {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    evaluated_at: DateTime<Utc>,
    percentile: &'a str,
    proposal: &'a str,
    rows: Vec<ChangeJson<'a>>,
}

/// `report --policy FILE --format json`: the period and the proposal, then
/// one object per group and figure.
pub fn what_if_json(
    w: &mut impl Write,
    recorded: &Report,
    proposed: &Report,
    proposal: &str,
) -> io::Result<()> {
    let doc = WhatIfJson {
        since: recorded.since,
        until: recorded.until,
        evaluated_at: recorded.evaluated_at,
        percentile: recorded.percentile,
        proposal,
        rows: ChangeJson::all(recorded, proposed),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// One figure of one month and severity under both policies.
#[derive(Serialize)]
pub(in crate::output) struct MonthChangeJson<'a> {
    month: &'a str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    evaluated_at: DateTime<Utc>,
    severity: u8,
    figure: &'a str,
    recorded: Value,
    proposed: Value,
    change: Value,
}

impl<'a> MonthChangeJson<'a> {
    /// Every change of two trends of the same tickets, month by month.
    pub(in crate::output) fn all(recorded: &'a Trend, proposed: &'a Trend) -> Vec<Self> {
        trend_changes(recorded, proposed)
            .into_iter()
            .flat_map(|(r, changes)| {
                changes.into_iter().map(move |c| MonthChangeJson {
                    month: &r.month,
                    since: r.since,
                    until: r.until,
                    evaluated_at: r.evaluated_at,
                    severity: r.severity,
                    figure: c.figure.as_str(),
                    recorded: figure_value(c.figure, c.recorded),
                    proposed: figure_value(c.figure, c.proposed),
                    change: figure_value(c.figure, c.change),
                })
            })
            .collect()
    }
}

#[derive(Serialize)]
struct TrendWhatIfJson<'a> {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    percentile: &'a str,
    proposal: &'a str,
    rows: Vec<MonthChangeJson<'a>>,
}

/// `report --months --policy FILE --format json`: the months and the
/// proposal, then one object per month, severity and figure.
pub fn trend_what_if_json(
    w: &mut impl Write,
    recorded: &Trend,
    proposed: &Trend,
    proposal: &str,
) -> io::Result<()> {
    let doc = TrendWhatIfJson {
        since: recorded.since,
        until: recorded.until,
        percentile: recorded.percentile,
        proposal,
        rows: MonthChangeJson::all(recorded, proposed),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// `report --format json`: the period, then one object per group.
pub fn report_json(w: &mut impl Write, r: &Report) -> io::Result<()> {
    let doc = ReportJson {
        since: r.since,
        until: r.until,
        evaluated_at: r.evaluated_at,
        percentile: r.percentile,
        rows: r.rows.iter().map(ReportRowJson::of).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::super::{at, keys, written};
    use super::*;

    #[test]
    fn a_report_is_its_period_then_one_object_per_group() {
        let row = ReportRow {
            group: "severity".into(),
            key: "1".into(),
            opened: 3,
            responses_judged: 3,
            responses_met: 2,
            responses_met_pct: Some(66.7),
            updates_on_time_pct: Some(100.0),
            restore_median_secs: Some(600),
            ..ReportRow::default()
        };
        let report = Report {
            since: at(0),
            until: at(60),
            evaluated_at: at(30),
            percentile: "nearest-rank",
            rows: vec![row],
        };
        let text = written(|w| report_json(w, &report));
        assert!(text.ends_with("}\n"));
        assert!(text.contains("\"updates_on_time_pct\": 100.0,"), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&text, &[]),
            ["since", "until", "evaluated_at", "percentile", "rows"]
        );
        assert_eq!(v["evaluated_at"], "2026-11-24T00:30:00Z");
        let r = &v["rows"][0];
        assert_eq!(
            keys(&text, &["rows", "0"]),
            [
                &crate::output::REPORT_COLUMNS[2..22],
                &crate::output::REPORT_COLUMNS[23..]
            ]
            .concat()
        );
        assert_eq!(
            (r["group"].as_str(), r["key"].as_str()),
            (Some("severity"), Some("1"))
        );
        assert_eq!(r["responses_met_pct"], 66.7);
        assert_eq!(r["restores_met_pct"], Value::Null);
        assert_eq!(r["restore_median_secs"], 600);
    }
}
