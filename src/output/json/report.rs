//! `report --format json`: the period, then one object per group; the
//! CSV report's columns are a row's fields.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sla::{Report, ReportRow};

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
    key: &'a str,
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
}

impl<'a> ReportRowJson<'a> {
    pub(in crate::output) fn of(r: &'a ReportRow) -> Self {
        ReportRowJson {
            group: &r.group,
            key: &r.key,
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
        }
    }
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
    use serde_json::Value;

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
