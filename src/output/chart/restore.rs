//! The restore-times chart: for each incident severity a histogram of the
//! counted times to restore of the resolved incidents, in bins of a tenth
//! of the severity's most common target so that it falls on a bin's edge.
//! Each incident is judged by its own target (a contract may set another):
//! a bar is light for those within theirs and dark, stacked on top, for
//! those over, and every target is a vertical line.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    ChartFormat, ChartTitle, Draw, GRID, INK, MARGIN, drawing, family, fit, heading, hours_label,
    look, render,
};
use crate::i18n::Lang;
use crate::sla::{RestoreTime, RestoreTimes};
use crate::tr;

/// What the restore-times chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreChart<'a> {
    pub title: ChartTitle,
    pub times: &'a RestoreTimes,
}

const WIDTH: u32 = 1000;
const HEAD: u32 = 80;
const PANEL: u32 = 260;
/// The axis reaches at most this many targets; longer restores are
/// counted in the last bar.
const MAX_TARGETS: i64 = 5;

impl RestoreChart<'_> {
    /// The chart as the bytes of `format`.
    pub fn render(&self, format: ChartFormat) -> Result<Vec<u8>> {
        render(self, format)
    }
}

impl Draw for RestoreChart<'_> {
    fn size(&self) -> (u32, u32) {
        let panels = self.times.severities().count().max(1) as u32;
        (WIDTH, HEAD + PANEL * panels)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(drawing)?;
        let (head, body) = root.split_vertically(HEAD);
        let lang = self.title.lang;
        heading(
            &head,
            &tr!(
                lang,
                "chart-restore-title",
                period = self.title.period.as_str()
            ),
            &tr!(
                lang,
                "chart-restore-subtitle",
                policy = self.title.policy.as_str()
            ),
            lang,
        )?;
        let severities: Vec<(u8, &[RestoreTime])> = self.times.severities().collect();
        let areas = body.split_evenly((severities.len().max(1), 1));
        for (area, (severity, times)) in areas.iter().zip(severities) {
            panel(area, severity, times, lang)?;
        }
        Ok(())
    }
}

/// The histogram of one severity's bars, in hours.
#[derive(Debug, PartialEq)]
struct Bins {
    /// The target the bins are cut by (the most common one), in seconds.
    target_secs: i64,
    /// Each bar's width in hours (a tenth of the target).
    width_h: f64,
    /// Restores in each bar within their own target, and over it: bar `i`
    /// holds times over `i` widths and up to `i + 1` (the first holds zero
    /// too); the last also holds every longer time.
    within: Vec<u64>,
    over: Vec<u64>,
    /// How many of those were longer than the axis reaches.
    beyond: u64,
}

impl Bins {
    fn of(times: &[RestoreTime]) -> Option<Bins> {
        let target_secs = most_common_target(times)?;
        let width_secs = target_secs as f64 / 10.0;
        let longest = times.iter().map(|t| t.counted_secs).max()?;
        // Far enough for every target's line, and at most five of the
        // common target unless a longer target needs more.
        let last_target = times.iter().map(|t| t.target_secs).max()?;
        let least = last_target + target_secs / 10;
        let reach = longest.clamp(least, (MAX_TARGETS * target_secs).max(least));
        let n = (reach as f64 / width_secs).ceil().max(1.0) as usize;
        let (mut within, mut over) = (vec![0u64; n], vec![0u64; n]);
        let mut beyond = 0;
        for t in times {
            let i = ((t.counted_secs as f64 / width_secs).ceil() as usize).saturating_sub(1);
            if i >= n {
                beyond += 1;
            }
            let bars = if t.over_target() {
                &mut over
            } else {
                &mut within
            };
            bars[i.min(n - 1)] += 1;
        }
        Some(Bins {
            target_secs,
            width_h: width_secs / 3600.0,
            within,
            over,
            beyond,
        })
    }

    fn count(&self, i: usize) -> u64 {
        self.within[i] + self.over[i]
    }
}

/// The target most of the times were judged against (the shortest of
/// equally common ones): a contract may set another.
fn most_common_target(times: &[RestoreTime]) -> Option<i64> {
    let mut targets: Vec<i64> = times.iter().map(|t| t.target_secs).collect();
    targets.sort_unstable();
    let mut best: Option<(usize, i64)> = None;
    for group in targets.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(n, _)| group.len() > n) {
            best = Some((group.len(), group[0]));
        }
    }
    best.map(|(_, t)| t)
}

/// The distinct targets of `times`, shortest first.
fn targets(times: &[RestoreTime]) -> Vec<i64> {
    let mut all: Vec<i64> = times.iter().map(|t| t.target_secs).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// One severity's panel: its caption, then the bars and the target lines,
/// or a line saying there was nothing to draw.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    severity: u8,
    times: &[RestoreTime],
    lang: Lang,
) -> Result<()> {
    let font = family(lang);
    let look = look(severity);
    let over = times.iter().filter(|t| t.over_target()).count();
    let targets = targets(times);
    let target_text = targets
        .iter()
        .map(|t| hours_label(lang, *t as f64 / 3600.0))
        .collect::<Vec<_>>()
        .join(&tr!(lang, "chart-list-separator"));
    let caption = match times.len() {
        0 => tr!(lang, "chart-restore-none", severity = severity),
        n => tr!(
            lang,
            "chart-restore-caption",
            severity = severity,
            n = n,
            over = over,
            targets = target_text
        ),
    };
    let caption_style = TextStyle::from((font, 17).into_font()).color(&INK);
    let (w, _) = area.dim_in_pixel();
    let caption = fit(area, &caption, &caption_style, w - 2 * MARGIN as u32)?;
    let Some(bins) = Bins::of(times) else {
        // Nothing resolved: the caption alone, over an empty frame.
        ChartBuilder::on(area)
            .caption(caption, caption_style)
            .margin_left(MARGIN as u32 - 10)
            .margin_right(MARGIN as u32 + 10)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)
            .map_err(drawing)?;
        return Ok(());
    };
    let reach_h = bins.width_h * bins.within.len() as f64;
    let highest = (0..bins.within.len())
        .map(|i| bins.count(i))
        .max()
        .unwrap_or(0)
        .max(1);
    let top = (highest as f64 * 1.15).ceil().max(2.0);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, caption_style)
        .margin_left(MARGIN as u32 - 10)
        .margin_right(MARGIN as u32 + 10)
        .margin_top(4)
        .margin_bottom(6)
        .x_label_area_size(46)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..reach_h, 0.0..top)
        .map_err(drawing)?;
    let hours = |h: &f64| hours_label(lang, *h);
    let count = |c: &f64| {
        if c.fract().abs() < 1e-9 {
            format!("{c:.0}")
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_labels(11)
        .x_label_formatter(&hours)
        .y_labels(5)
        .y_label_formatter(&count)
        .x_desc(tr!(lang, "chart-restore-x"))
        .y_desc(tr!(lang, "chart-restore-y"))
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(WHITE)
        .axis_style(INK)
        .label_style((font, 14).into_font().color(&INK))
        .axis_desc_style((font, 14).into_font().color(&INK))
        .draw()
        .map_err(drawing)?;
    let light = look.color.mix(0.35).filled();
    let dark = look.color.filled();
    // Within their targets below, over them stacked on top.
    let bars = (0..bins.within.len()).flat_map(|i| {
        let x0 = i as f64 * bins.width_h;
        let x1 = x0 + bins.width_h;
        let (within, over) = (bins.within[i] as f64, bins.over[i] as f64);
        [
            (bins.within[i] > 0).then(|| Rectangle::new([(x0, 0.0), (x1, within)], light)),
            (bins.over[i] > 0).then(|| Rectangle::new([(x0, within), (x1, within + over)], dark)),
        ]
        .into_iter()
        .flatten()
    });
    chart.draw_series(bars).map_err(drawing)?;
    for target in targets {
        let x = target as f64 / 3600.0;
        if x <= reach_h {
            chart
                .draw_series(LineSeries::new([(x, 0.0), (x, top)], BLACK.stroke_width(2)))
                .map_err(drawing)?;
        }
    }
    if bins.beyond > 0 {
        let note = tr!(
            lang,
            "chart-restore-beyond",
            n = bins.beyond,
            reach = hours_label(lang, reach_h)
        );
        let style = TextStyle::from((font, 13).into_font()).color(&INK).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Top,
            ),
        );
        let (w, _) = area.dim_in_pixel();
        area.draw_text(&note, &style, (w as i32 - MARGIN - 12, 30))
            .map_err(drawing)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(counted_h: f64, target_h: i64) -> RestoreTime {
        RestoreTime {
            counted_secs: (counted_h * 3600.0) as i64,
            target_secs: target_h * 3600,
        }
    }

    #[test]
    fn bins_are_tenths_of_the_target_with_the_target_on_an_edge() {
        // 6 h target: bins of 36 min. 0 and 36 min fall in the first bar,
        // 6 h exactly in the tenth (within target), 6 h 1 s in the eleventh.
        let times = [
            rt(0.0, 6),
            rt(0.6, 6),
            rt(6.0, 6),
            RestoreTime {
                counted_secs: 6 * 3600 + 1,
                target_secs: 6 * 3600,
            },
        ];
        let bins = Bins::of(&times).unwrap();
        assert_eq!(bins.target_secs, 6 * 3600);
        assert!((bins.width_h - 0.6).abs() < 1e-9);
        assert_eq!(bins.within.len(), 11);
        assert_eq!(bins.within[0], 2);
        assert_eq!(bins.within[9], 1);
        assert_eq!((bins.within[10], bins.over[10]), (0, 1));
        assert_eq!(bins.beyond, 0);
    }

    /// Each incident is within or over its own target, whatever bar it
    /// falls in (issue 19: contracts set other targets), and the axis
    /// reaches the longest target so its line is drawn.
    #[test]
    fn each_incident_is_judged_by_its_own_target() {
        // Severity 2 under premium (8 h), gold (12 h) and the base (24 h):
        // 7 h, 11 h and 20 h are all within; 9 h under premium is over.
        let times = [
            rt(7.0, 8),
            rt(11.0, 12),
            rt(20.0, 24),
            rt(9.0, 8),
            rt(2.0, 8),
        ];
        let bins = Bins::of(&times).unwrap();
        assert_eq!(bins.target_secs, 8 * 3600);
        assert_eq!(bins.within.iter().sum::<u64>(), 4);
        assert_eq!(bins.over.iter().sum::<u64>(), 1);
        // Bars of 48 minutes: 11 h is in bar 13, 20 h in bar 24, both light.
        assert_eq!((bins.within[13], bins.over[13]), (1, 0));
        assert_eq!((bins.within[24], bins.over[24]), (1, 0));
        assert_eq!((bins.within[11], bins.over[11]), (0, 1));
        let reach_h = bins.width_h * bins.within.len() as f64;
        assert!(reach_h >= 24.0, "{reach_h}");
    }

    #[test]
    fn the_axis_stops_at_five_targets() {
        let times = [rt(1.0, 6), rt(100.0, 6)];
        let bins = Bins::of(&times).unwrap();
        assert_eq!(bins.within.len(), 50);
        assert_eq!(bins.over[49], 1);
        assert_eq!(bins.beyond, 1);
        assert!(Bins::of(&[]).is_none());
    }

    #[test]
    fn the_most_common_target_cuts_the_bins() {
        let times = [rt(1.0, 4), rt(1.0, 24), rt(2.0, 24), rt(3.0, 4)];
        // Equally common: the shorter.
        assert_eq!(most_common_target(&times), Some(4 * 3600));
        assert_eq!(most_common_target(&times[1..]), Some(24 * 3600));
        assert_eq!(targets(&times), [4 * 3600, 24 * 3600]);
    }

    #[test]
    fn renders_both_formats() -> Result<()> {
        let mut times = RestoreTimes::new();
        for (i, h) in [0.5, 1.0, 2.5, 3.0, 4.0, 5.5, 7.0, 12.0, 40.0]
            .iter()
            .enumerate()
        {
            times.push(1, rt(*h, 6));
            times.push(2, rt(h * 4.0, if i % 3 == 0 { 4 } else { 24 }));
        }
        let chart = RestoreChart {
            title: ChartTitle {
                period: "2026-10".into(),
                policy: "policy version 2".into(),
                lang: Lang::En,
            },
            times: &times,
        };
        let svg = String::from_utf8(chart.render(ChartFormat::Svg)?)?;
        roxmltree::Document::parse(&svg)?;
        let png = chart.render(ChartFormat::Png)?;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        Ok(())
    }
}
