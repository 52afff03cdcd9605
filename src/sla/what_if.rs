//! What if: the figures of the same tickets, with the same events, judged
//! under the policies they were recorded with and under a proposed policy,
//! side by side with the difference, figure by figure (`report --policy`).
//!
//! Pure: it pairs two reports' rows (or two trends' rows) and subtracts.
//! Judging the tickets twice is the caller's; this module must not read
//! the log or lay anything out.

use super::{ReportRow, Trend};

/// A figure that a policy can change. Counts of tickets opened, escalated
/// or still open, and the time waited, come from the events alone and are
/// the same under any policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    ResponseMet,
    UpdatesOnTime,
    RestoreMet,
    RestoreMedian,
    RestoreP90,
    OwnedInTime,
}

impl Figure {
    pub const ALL: [Figure; 6] = [
        Figure::ResponseMet,
        Figure::UpdatesOnTime,
        Figure::RestoreMet,
        Figure::RestoreMedian,
        Figure::RestoreP90,
        Figure::OwnedInTime,
    ];

    /// Its name in JSON and CSV: the report's column it compares.
    pub fn as_str(self) -> &'static str {
        match self {
            Figure::ResponseMet => "responses_met_pct",
            Figure::UpdatesOnTime => "updates_on_time_pct",
            Figure::RestoreMet => "restores_met_pct",
            Figure::RestoreMedian => "restore_median_secs",
            Figure::RestoreP90 => "restore_p90_secs",
            Figure::OwnedInTime => "owns_met_pct",
        }
    }

    /// A time in seconds, not a percentage.
    pub fn is_duration(self) -> bool {
        matches!(self, Figure::RestoreMedian | Figure::RestoreP90)
    }

    /// A percentage of clocks that met their targets: what shortening
    /// targets can only lower (a target added where there was none may
    /// raise it, with the clocks it brings in).
    pub fn is_compliance(self) -> bool {
        !self.is_duration()
    }

    /// Its value in a row; null when nothing could be judged.
    pub fn of(self, r: &ReportRow) -> Option<f64> {
        let secs = |s: Option<i64>| s.map(|s| s as f64);
        match self {
            Figure::ResponseMet => r.responses_met_pct,
            Figure::UpdatesOnTime => r.updates_on_time_pct,
            Figure::RestoreMet => r.restores_met_pct,
            Figure::RestoreMedian => secs(r.restore_median_secs),
            Figure::RestoreP90 => secs(r.restore_p90_secs),
            Figure::OwnedInTime => r.owns_met_pct,
        }
    }
}

/// One figure of one row under both policies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub figure: Figure,
    pub recorded: Option<f64>,
    pub proposed: Option<f64>,
    /// Proposed less recorded, as printed (percentage points with one
    /// decimal, or seconds); null when either is.
    pub change: Option<f64>,
}

/// Every figure of a row under the recorded policies and the proposal. A
/// figure is left out where neither could judge it, and time to own where
/// neither policy sets that target.
pub fn changes(recorded: &ReportRow, proposed: &ReportRow) -> Vec<Change> {
    let owns = recorded.owns_judged + proposed.owns_judged > 0;
    every_change(recorded, proposed, owns)
        .into_iter()
        .filter(|c| c.recorded.is_some() || c.proposed.is_some())
        .collect()
}

/// Each row of two trends of the same tickets, paired by month and
/// severity, with every figure of it, judged or not (null on both sides
/// where neither could judge it): every month and severity has the same
/// figures, as the plain trend gives each a row, so a month with nothing
/// judged is there, not left out. Time to own only where some row of
/// either trend judged it.
pub fn trend_changes<'a>(
    recorded: &'a Trend,
    proposed: &'a Trend,
) -> Vec<(&'a super::MonthRow, Vec<Change>)> {
    let owns = (recorded.rows.iter())
        .chain(&proposed.rows)
        .any(|r| r.figures.owns_judged > 0);
    trend_pairs(recorded, proposed)
        .into_iter()
        .map(|(r, p)| (r, every_change(&r.figures, &p.figures, owns)))
        .collect()
}

/// Every figure of a row under both, time to own only with `owns`.
fn every_change(recorded: &ReportRow, proposed: &ReportRow, owns: bool) -> Vec<Change> {
    Figure::ALL
        .into_iter()
        .filter(|f| *f != Figure::OwnedInTime || owns)
        .map(|figure| {
            let (r, p) = (figure.of(recorded), figure.of(proposed));
            // The difference of the two figures as printed, so that the
            // three never disagree (2.9% and 2.9% are no change, whatever
            // the counts behind them); the subtraction of two one-decimal
            // figures is rounded back to one decimal.
            let change = match (r, p) {
                (Some(r), Some(p)) if figure.is_duration() => Some(p - r),
                (Some(r), Some(p)) => Some(((p - r) * 10.0).round() / 10.0),
                _ => None,
            }
            // No change is written "0.0", never "-0.0" (a difference that
            // rounds to nothing from below is −0.0, and JSON keeps the sign).
            .map(|d| d + 0.0);
            Change {
                figure,
                recorded: r,
                proposed: p,
                change,
            }
        })
        .collect()
}

/// Rows of two reports (or two trends) of the same tickets, paired: each
/// of `recorded` with the row of `proposed` that has the same `same` key.
/// Both were built from the same tickets, so every row has its pair; one
/// that does not (which would be a bug) is left out rather than compared
/// with the wrong row.
pub fn pairs<'a, T, K: PartialEq>(
    recorded: &'a [T],
    proposed: &'a [T],
    same: impl Fn(&T) -> K,
) -> Vec<(&'a T, &'a T)> {
    recorded
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let key = same(r);
            // The same order in both, in practice: try the same place first.
            match proposed.get(i).filter(|p| same(p) == key) {
                Some(p) => Some((r, p)),
                None => proposed.iter().find(|p| same(p) == key).map(|p| (r, p)),
            }
        })
        .collect()
}

/// The rows of two trends of the same tickets, paired by month and severity.
fn trend_pairs<'a>(
    recorded: &'a Trend,
    proposed: &'a Trend,
) -> Vec<(&'a super::MonthRow, &'a super::MonthRow)> {
    pairs(&recorded.rows, &proposed.rows, |r| {
        (r.month.clone(), r.severity)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row whose responses met `response` percent of 1000 judged.
    fn row(key: &str, response: Option<f64>, median: Option<i64>) -> ReportRow {
        let judged = if response.is_some() { 1000 } else { 0 };
        ReportRow {
            group: "severity".into(),
            key: key.into(),
            responses_judged: judged,
            responses_met: response.map_or(0, |r| (r * 10.0).round() as u64),
            responses_met_pct: response,
            restore_median_secs: median,
            ..ReportRow::default()
        }
    }

    #[test]
    fn a_change_is_the_difference_of_the_figures_as_printed() {
        // 1 of 3 met, then 2 of 3: shown 33.3 and 66.7, a change of 33.4
        // points (33.3 from the counts, which the two figures beside it
        // would contradict).
        let of = |met| ReportRow {
            restores_judged: 3,
            restores_met: met,
            restores_met_pct: Some(if met == 1 { 33.3 } else { 66.7 }),
            ..row("2", None, None)
        };
        let c = changes(&of(1), &of(2));
        assert_eq!(c[0].figure, Figure::RestoreMet);
        assert_eq!(c[0].change, Some(33.4));
        assert_eq!(changes(&of(2), &of(1))[0].change, Some(-33.4));
        // 1 of 34 met, then 1 of 35: 2.9% both, no change (not −0.1).
        let one_of = |judged| ReportRow {
            responses_judged: judged,
            responses_met: 1,
            responses_met_pct: Some(2.9),
            ..row("2", None, None)
        };
        assert_eq!(changes(&one_of(34), &one_of(35))[0].change, Some(0.0));
    }

    #[test]
    fn no_change_is_never_negative_zero() {
        // 2 of 3 met, then 6,666 of 10,000: 0.007 points less, which rounds
        // to no change, from below.
        let of = |met, judged| ReportRow {
            responses_judged: judged,
            responses_met: met,
            responses_met_pct: Some(66.7),
            ..row("2", None, None)
        };
        let c = changes(&of(2, 3), &of(6666, 10000));
        assert_eq!(c[0].change, Some(0.0));
        assert!(c[0].change.is_some_and(f64::is_sign_positive), "{c:?}");
    }

    #[test]
    fn a_change_is_proposed_less_recorded_and_only_where_judged() {
        let c = changes(
            &row("2", Some(98.1), Some(7200)),
            &row("2", Some(71.4), Some(5400)),
        );
        let figures: Vec<&str> = c.iter().map(|c| c.figure.as_str()).collect();
        assert_eq!(figures, ["responses_met_pct", "restore_median_secs"]);
        assert_eq!(c[0].change, Some(-26.7));
        assert_eq!(c[1].change, Some(-1800.0));
        // Judged on one side only: shown, with no difference.
        let c = changes(&row("2", None, None), &row("2", Some(0.0), None));
        assert_eq!((c.len(), c[0].change), (1, None));
        // Time to own only where a policy sets it.
        let mut owned = row("2", None, None);
        owned.owns_judged = 2;
        owned.owns_met_pct = Some(50.0);
        let c = changes(&owned, &row("2", None, None));
        assert_eq!(c[0].figure, Figure::OwnedInTime);
    }

    #[test]
    fn a_trend_keeps_every_figure_of_every_month() {
        use crate::sla::testutil::t;
        let month = |name: &str, response: Option<f64>| {
            let report = crate::sla::Report {
                since: t("2026-10-01T00:00:00Z"),
                until: t("2026-11-01T00:00:00Z"),
                evaluated_at: t("2026-11-01T00:00:00Z"),
                percentile: "nearest-rank",
                rows: vec![row("1", response, None)],
            };
            (name.to_string(), report)
        };
        let trend = |october| {
            Trend::of_months(vec![month("2026-09", None), month("2026-10", october)]).unwrap()
        };
        let (recorded, proposed) = (trend(Some(50.0)), trend(Some(25.0)));
        let rows = trend_changes(&recorded, &proposed);
        let shown: Vec<(&str, usize)> = rows
            .iter()
            .map(|(r, c)| (r.month.as_str(), c.len()))
            .collect();
        // Five figures each (time to own judged nowhere), September's too.
        assert_eq!(shown, [("2026-09", 5), ("2026-10", 5)]);
        assert!(
            rows[0]
                .1
                .iter()
                .all(|c| c.recorded.is_none() && c.change.is_none())
        );
        assert_eq!(rows[1].1[0].change, Some(-25.0));
    }

    #[test]
    fn rows_pair_by_key_whatever_their_order() {
        let a = [row("1", None, None), row("2", None, None)];
        let b = [row("2", Some(1.0), None), row("1", Some(2.0), None)];
        let p = pairs(&a, &b, |r| r.key.clone());
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].1.responses_met_pct, Some(2.0));
        assert_eq!(p[1].1.responses_met_pct, Some(1.0));
        let lonely = [row("3", None, None)];
        assert!(pairs(&lonely, &b, |r| r.key.clone()).is_empty());
    }
}
