//! `report --chart FILE`: what `report` hands the chart renderers, and the
//! writing of the file. The chart's format comes from the file's extension,
//! checked before the log is opened; the file is written atomically
//! (`files::write_file`), never onto the ticket log, and before the report
//! itself prints, so a chart that cannot be written leaves stdout empty.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::i18n::Lang;
use crate::output::{ChartFormat, ChartTitle, RestoreChart, SeverityTrend, TrendChart};
use crate::sla::{Evaluation, Kind, RestoreTimes, Trend};
use crate::tr;

use super::exit::UsageError;
use super::export::refuse_log_files;
use super::files::{Mode, write_file};

/// The chart asked for: where, as what, and which one.
pub struct ChartRequest<'a> {
    pub path: &'a Path,
    pub format: ChartFormat,
    /// `--restore-times`: the spread of restore times, not the trend.
    pub restore_times: bool,
    /// The language of the chart's words.
    pub lang: Lang,
}

impl<'a> ChartRequest<'a> {
    /// Checks `--chart FILE`'s extension: `.svg` or `.png` (exit 2 if not).
    pub fn new(path: &'a Path, restore_times: bool, lang: Lang) -> Result<ChartRequest<'a>> {
        let format = ChartFormat::of_path(path).map_err(|e| UsageError(format!("--chart {e}")))?;
        Ok(ChartRequest {
            path,
            format,
            restore_times,
            lang,
        })
    }

    /// Draws the chart and writes it: the trend of `trend` (a months
    /// report), or with `--restore-times` the restore times gathered over
    /// `period` (the months of `trend`, if it is given). `log` is the
    /// ticket log's file, which the chart must not replace.
    pub fn draw(
        &self,
        trend: Option<&Trend>,
        period: Option<String>,
        gathered: &Gathered,
        log: Option<&Path>,
    ) -> Result<()> {
        let lang = self.lang;
        let policy = policy_words(lang, &gathered.versions);
        let trend = trend.map(|t| trend_chart(lang, t, policy.clone()));
        let bytes = match (&trend, self.restore_times) {
            (Some(chart), false) => chart.render(self.format)?,
            _ => {
                let period = trend
                    .as_ref()
                    .map(|t| t.title.period.clone())
                    .or(period)
                    .unwrap_or_default();
                restore_chart(lang, &gathered.restore_times, period, policy).render(self.format)?
            }
        };
        self.write(log, &bytes)
    }

    /// Writes the chart's bytes to the file, replacing it whole.
    fn write(&self, log: Option<&Path>, bytes: &[u8]) -> Result<()> {
        if let Some(log) = log {
            refuse_log_files(self.path, log, "--chart", crate::msg!("out-what-chart"))?;
        }
        // A chart holds figures, not customers' data: readable like any
        // document the user makes (less their umask).
        write_file(self.path, Mode::Exactly(0o644), |file| {
            std::io::Write::write_all(file, bytes)?;
            Ok(())
        })
        .with_context(|| crate::msg!("chart-cannot-write", path = self.path.display().to_string()))
    }
}

/// What a chart needs beyond the report's figures, gathered as the report
/// judges its tickets: the policy versions they were judged under, and
/// their counted restore times.
#[derive(Debug, Default)]
pub struct Gathered {
    versions: BTreeSet<i64>,
    restore_times: RestoreTimes,
}

impl Gathered {
    /// Adds one ticket, pinned to policy `version`, as the report judged it.
    pub fn add(&mut self, version: i64, kind: Kind, eval: &Evaluation) {
        self.versions.insert(version);
        self.restore_times.add(kind, eval);
    }
}

/// The policy versions the charted tickets were judged under, in words:
/// `policy version 2`, `policy versions 1, 2 and 3`.
pub fn policy_words(lang: Lang, versions: &BTreeSet<i64>) -> String {
    let numbers: Vec<String> = versions.iter().map(i64::to_string).collect();
    match numbers.as_slice() {
        [] => tr!(lang, "chart-policy-none"),
        [one] => tr!(lang, "chart-policy-one", version = one.as_str()),
        [rest @ .., last] => tr!(
            lang,
            "chart-policy-many",
            versions = rest.join(&tr!(lang, "chart-list-separator")),
            last = last.as_str()
        ),
    }
}

/// The trend chart of a `report --months` trend.
pub fn trend_chart(lang: Lang, trend: &Trend, policy: String) -> TrendChart {
    let mut months: Vec<String> = Vec::new();
    for row in &trend.rows {
        if months.last() != Some(&row.month) {
            months.push(row.month.clone());
        }
    }
    let lines = trend
        .severities()
        .into_iter()
        .map(|severity| {
            let rows: Vec<_> = trend.series(severity).collect();
            SeverityTrend {
                severity,
                response_met: rows.iter().map(|r| r.figures.responses_met_pct).collect(),
                updates_on_time: rows.iter().map(|r| r.figures.updates_on_time_pct).collect(),
                restore_met: rows.iter().map(|r| r.figures.restores_met_pct).collect(),
            }
        })
        .collect();
    TrendChart {
        title: ChartTitle {
            period: months_words(lang, &months),
            policy,
            lang,
        },
        months,
        lines,
    }
}

/// The restore-times chart of a period.
pub fn restore_chart<'a>(
    lang: Lang,
    times: &'a RestoreTimes,
    period: String,
    policy: String,
) -> RestoreChart<'a> {
    RestoreChart {
        title: ChartTitle {
            period,
            policy,
            lang,
        },
        times,
    }
}

/// `2026-10`, or `2025-12 to 2026-11`.
pub fn months_words(lang: Lang, months: &[String]) -> String {
    match months {
        [] => tr!(lang, "chart-months-none"),
        [one] => one.clone(),
        [first, .., last] => tr!(
            lang,
            "chart-span",
            from = first.as_str(),
            to = last.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_versions_in_words() {
        let set = |v: &[i64]| v.iter().copied().collect::<BTreeSet<i64>>();
        assert_eq!(policy_words(Lang::En, &set(&[2])), "policy version 2");
        assert_eq!(
            policy_words(Lang::En, &set(&[1, 2])),
            "policy versions 1 and 2"
        );
        assert_eq!(
            policy_words(Lang::En, &set(&[3, 1, 2])),
            "policy versions 1, 2 and 3"
        );
        assert!(policy_words(Lang::En, &set(&[])).contains("no ticket"));
    }

    #[test]
    fn months_in_words() {
        let m = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(months_words(Lang::En, &m(&["2026-10"])), "2026-10");
        assert_eq!(
            months_words(Lang::En, &m(&["2026-09", "2026-10", "2026-11"])),
            "2026-09 to 2026-11"
        );
    }

    #[test]
    fn an_unknown_extension_is_a_usage_error() {
        let err = ChartRequest::new(Path::new("trend.pdf"), false, Lang::En)
            .err()
            .unwrap();
        assert!(err.downcast_ref::<UsageError>().is_some());
        let text = err.to_string();
        assert!(text.starts_with("--chart trend.pdf"), "{text}");
        assert!(text.contains(".svg") && text.contains(".png"), "{text}");
    }
}
