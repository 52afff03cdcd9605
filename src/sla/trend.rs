//! A trend: the compliance figures of consecutive months, one row per month
//! and incident severity, as `report --months` prints them and as a chart
//! of the trend would draw them (a line per severity, a point per month).
//!
//! Built from one `Report` per month, each exactly the report of that month
//! alone, so a month's row is that report's severity row. This module must
//! not choose the months, read the log or judge a ticket.

use chrono::{DateTime, Utc};

use super::{Report, ReportRow};

/// Several months' figures, oldest month first.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The first month's first instant...
    pub since: DateTime<Utc>,
    /// ...and the instant after the last month.
    pub until: DateTime<Utc>,
    /// How the restore percentiles are taken.
    pub percentile: &'static str,
    /// By month, then by severity (1, 2, 3): every severity has a row in
    /// every month, with no tickets if none were opened.
    pub rows: Vec<MonthRow>,
}

/// One month's figures for one incident severity.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    /// `2026-10`: the month as it was cut, in the report's zone.
    pub month: String,
    /// The month's tickets were reported from this instant...
    pub since: DateTime<Utc>,
    /// ...to this one...
    pub until: DateTime<Utc>,
    /// ...and judged as of this one.
    pub evaluated_at: DateTime<Utc>,
    pub severity: u8,
    /// The month's report's row for this severity.
    pub figures: ReportRow,
}

impl Trend {
    /// The trend of `months`, each a month's name and its report, oldest
    /// first; `None` without a month.
    pub fn of_months(months: Vec<(String, Report)>) -> Option<Trend> {
        let since = months.first()?.1.since;
        let until = months.last()?.1.until;
        let percentile = months.first()?.1.percentile;
        let rows = months
            .into_iter()
            .flat_map(|(month, report)| {
                let Report {
                    since,
                    until,
                    evaluated_at,
                    rows,
                    ..
                } = report;
                rows.into_iter()
                    .filter(|r| r.group == "severity")
                    .filter_map(move |figures| {
                        Some(MonthRow {
                            month: month.clone(),
                            since,
                            until,
                            evaluated_at,
                            severity: figures.key.parse().ok()?,
                            figures,
                        })
                    })
            })
            .collect();
        Some(Trend {
            since,
            until,
            percentile,
            rows,
        })
    }

    /// The severities the trend has rows for, in order.
    pub fn severities(&self) -> Vec<u8> {
        let mut all: Vec<u8> = self.rows.iter().map(|r| r.severity).collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// One severity's rows, oldest month first: a chart's line.
    pub fn series(&self, severity: u8) -> impl Iterator<Item = &MonthRow> {
        self.rows.iter().filter(move |r| r.severity == severity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::t;

    fn report(since: &str, until: &str, opened: [u64; 3]) -> Report {
        let mut rows = vec![ReportRow {
            group: "all".into(),
            key: "all".into(),
            opened: opened.iter().sum(),
            ..ReportRow::default()
        }];
        rows.extend((1..=3usize).map(|s| ReportRow {
            group: "severity".into(),
            key: s.to_string(),
            opened: opened[s - 1],
            ..ReportRow::default()
        }));
        rows.push(ReportRow {
            group: "kind".into(),
            key: "incident".into(),
            ..ReportRow::default()
        });
        Report {
            since: t(since),
            until: t(until),
            evaluated_at: t(until),
            percentile: "nearest-rank",
            rows,
        }
    }

    #[test]
    fn a_row_per_month_and_severity_from_each_months_report() {
        let trend = Trend::of_months(vec![
            (
                "2026-09".into(),
                report("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", [1, 2, 3]),
            ),
            (
                "2026-10".into(),
                report("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", [4, 0, 6]),
            ),
        ])
        .unwrap();
        assert_eq!(trend.since, t("2026-09-01T00:00:00Z"));
        assert_eq!(trend.until, t("2026-11-01T00:00:00Z"));
        let rows: Vec<(&str, u8, u64)> = trend
            .rows
            .iter()
            .map(|r| (r.month.as_str(), r.severity, r.figures.opened))
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-09", 1, 1),
                ("2026-09", 2, 2),
                ("2026-09", 3, 3),
                ("2026-10", 1, 4),
                ("2026-10", 2, 0),
                ("2026-10", 3, 6),
            ]
        );
        assert_eq!(trend.severities(), [1, 2, 3]);
        let two: Vec<&str> = trend.series(2).map(|r| r.month.as_str()).collect();
        assert_eq!(two, ["2026-09", "2026-10"]);
        assert_eq!(trend.rows[3].evaluated_at, t("2026-11-01T00:00:00Z"));
        assert!(Trend::of_months(vec![]).is_none());
    }
}
