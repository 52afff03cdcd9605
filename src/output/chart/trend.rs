//! The trend chart: one panel per figure (initial response met, updates on
//! time, restore met), a line per incident severity across the months,
//! and the target: the policy promises every ticket in time, so the line
//! every figure is held to is 100%.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    ChartFormat, ChartTitle, Draw, GRID, INK, MARGIN, drawing, family, fit, heading, look, marker,
    render, stroke,
};
use crate::i18n::Lang;
use crate::tr;

/// What the trend chart draws: the months, oldest first, and each
/// severity's figures in those months.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    pub title: ChartTitle,
    /// `2026-10`...: the x axis.
    pub months: Vec<String>,
    pub lines: Vec<SeverityTrend>,
}

/// One severity's percentages, a value per month (as `TrendChart::months`),
/// `None` where nothing could be judged that month.
#[derive(Debug, Clone, PartialEq)]
pub struct SeverityTrend {
    pub severity: u8,
    pub response_met: Vec<Option<f64>>,
    pub updates_on_time: Vec<Option<f64>>,
    pub restore_met: Vec<Option<f64>>,
}

/// A figure's values in one severity's line.
type Values = fn(&SeverityTrend) -> &[Option<f64>];

/// A figure's title in a language.
type Title = fn(Lang) -> String;

/// The panels, top to bottom: a figure's title and its values in a line.
const PANELS: [(Title, Values); 3] = [
    (
        |lang| tr!(lang, "chart-panel-response"),
        |l| &l.response_met,
    ),
    (
        |lang| tr!(lang, "chart-panel-updates"),
        |l| &l.updates_on_time,
    ),
    (|lang| tr!(lang, "chart-panel-restore"), |l| &l.restore_met),
];

/// The target every figure is held to: every ticket in time.
const TARGET_PCT: f64 = 100.0;

const WIDTH: u32 = 1000;
/// The title, the line under it and the legend.
const HEAD: u32 = 116;
const PANEL: u32 = 290;

impl TrendChart {
    /// The chart as the bytes of `format`.
    pub fn render(&self, format: ChartFormat) -> Result<Vec<u8>> {
        render(self, format)
    }
}

impl Draw for TrendChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEAD + PANEL * PANELS.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(drawing)?;
        let (head, body) = root.split_vertically(HEAD);
        let lang = self.title.lang;
        heading(
            &head,
            &tr!(
                lang,
                "chart-trend-title",
                period = self.title.period.as_str()
            ),
            &tr!(
                lang,
                "chart-trend-subtitle",
                policy = self.title.policy.as_str()
            ),
            lang,
        )?;
        self.legend(&head)?;
        for (area, (title, values)) in body.split_evenly((PANELS.len(), 1)).iter().zip(PANELS) {
            self.panel(area, &title(lang), values)?;
        }
        Ok(())
    }
}

impl TrendChart {
    /// One sample of each line, and of the target, in a row under the title.
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let lang = self.title.lang;
        let style = TextStyle::from((family(lang), 15).into_font()).color(&INK);
        let y = 92;
        let mut x = MARGIN;
        let mut items: Vec<(String, Option<u8>)> = self
            .lines
            .iter()
            .map(|l| {
                let label = tr!(lang, "chart-legend-severity", severity = l.severity);
                (label, Some(l.severity))
            })
            .collect();
        items.push((tr!(lang, "chart-legend-target"), None));
        for (label, severity) in items {
            let sample = [(x, y), (x + 44, y)];
            match severity {
                Some(s) => {
                    let look = look(s);
                    match look.dash {
                        Some((dash, gap)) => area.draw(&plotters::element::DashedPathElement::new(
                            sample,
                            dash,
                            gap,
                            stroke(look),
                        )),
                        None => area.draw(&PathElement::new(sample, stroke(look))),
                    }
                    .map_err(drawing)?;
                    area.draw(&marker((x + 22, y), look)).map_err(drawing)?;
                }
                None => area
                    .draw(&PathElement::new(sample, BLACK.stroke_width(1)))
                    .map_err(drawing)?,
            }
            let (w, _) = area.estimate_text_size(&label, &style).map_err(drawing)?;
            area.draw_text(&label, &style.pos(text_left_middle()), (x + 52, y))
                .map_err(drawing)?;
            x += 52 + w as i32 + 28;
        }
        Ok(())
    }

    /// One figure: the target, then a line per severity, broken where a
    /// month has no value.
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        values: Values,
    ) -> Result<()> {
        let n = self.months.len().max(1);
        let font = family(self.title.lang);
        let caption = TextStyle::from((font, 17).into_font()).color(&INK);
        let (w, _) = area.dim_in_pixel();
        let caption_text = fit(area, title, &caption, w - 2 * MARGIN as u32)?;
        let mut chart = ChartBuilder::on(area)
            .caption(caption_text, caption)
            .margin_left(MARGIN as u32 - 10)
            .margin_right(MARGIN as u32 + 10)
            .margin_top(4)
            .margin_bottom(6)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..105.0)
            .map_err(drawing)?;
        let months = &self.months;
        let month_label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            months.get(i as usize).cloned().unwrap_or_default()
        };
        let percent = |y: &f64| format!("{y:.0}%");
        chart
            .configure_mesh()
            // At most 12 month names, so they never run into each other.
            .x_labels(n.min(12))
            .x_label_formatter(&month_label)
            .y_labels(6)
            .y_label_formatter(&percent)
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(INK)
            .label_style((font, 14).into_font().color(&INK))
            .draw()
            .map_err(drawing)?;
        chart
            .draw_series(LineSeries::new(
                [(-0.5, TARGET_PCT), (n as f64 - 0.5, TARGET_PCT)],
                BLACK.stroke_width(1),
            ))
            .map_err(drawing)?;
        // Lines with equal values would hide each other: each severity is
        // set a little apart from its month, in the legend's order.
        let dodge = |k: usize| (k as f64 - (self.lines.len() as f64 - 1.0) / 2.0) * 0.06;
        for (k, line) in self.lines.iter().enumerate() {
            let look = look(line.severity);
            let points: Vec<Option<(f64, f64)>> = values(line)
                .iter()
                .enumerate()
                .map(|(i, v)| v.map(|v| (i as f64 + dodge(k), v)))
                .collect();
            for run in points.split(Option::is_none) {
                let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
                match look.dash {
                    Some((dash, gap)) => chart
                        .draw_series(DashedLineSeries::new(run, dash, gap, stroke(look)))
                        .map(|_| ()),
                    None => chart
                        .draw_series(LineSeries::new(run, stroke(look)))
                        .map(|_| ()),
                }
                .map_err(drawing)?;
            }
            chart
                .draw_series(points.iter().flatten().map(|p| marker(*p, look)))
                .map_err(drawing)?;
        }
        Ok(())
    }
}

fn text_left_middle() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Left, VPos::Center)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Three months, severity 2 with nothing judged in the middle one.
    pub fn sample() -> TrendChart {
        TrendChart {
            title: ChartTitle {
                period: "2026-08 to 2026-10".into(),
                policy: "policy version 2".into(),
                lang: Lang::En,
            },
            months: vec!["2026-08".into(), "2026-09".into(), "2026-10".into()],
            lines: (1..=3)
                .map(|s| {
                    let f = f64::from(s);
                    SeverityTrend {
                        severity: s,
                        response_met: vec![Some(100.0), Some(90.0 - f), Some(95.5)],
                        updates_on_time: vec![
                            Some(80.0 - 5.0 * f),
                            (s != 2).then_some(70.0),
                            Some(75.0),
                        ],
                        restore_met: vec![Some(50.0 + 10.0 * f), Some(60.0), Some(100.0)],
                    }
                })
                .collect(),
        }
    }

    /// How many markers of each severity's look an SVG holds.
    pub fn markers(svg: &str) -> Result<[usize; 3]> {
        let doc = roxmltree::Document::parse(svg)?;
        let mut counts = [0; 3];
        for n in doc.descendants() {
            let is = |tag: &str, key: &str, color: RGBColor| {
                let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
                n.tag_name().name() == tag && n.attribute(key) == Some(hex.as_str())
            };
            counts[0] += usize::from(is("circle", "fill", look(1).color));
            counts[1] += usize::from(is("polygon", "fill", look(2).color));
            counts[2] += usize::from(is("rect", "stroke", look(3).color));
        }
        Ok(counts)
    }

    /// The text of every `<text>` element of an SVG.
    pub fn texts(svg: &str) -> Result<Vec<String>> {
        let doc = roxmltree::Document::parse(svg)?;
        Ok(doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect())
    }

    #[test]
    fn a_marker_per_value_and_one_in_the_legend() -> Result<()> {
        let chart = sample();
        let svg = String::from_utf8(chart.render(ChartFormat::Svg)?)?;
        // Three panels of three months; severity 2 has no value in one.
        assert_eq!(markers(&svg)?, [10, 9, 10]);
        let texts = texts(&svg)?;
        assert!(
            texts.iter().any(|t| t.contains("2026-08 to 2026-10")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("policy version 2")),
            "{texts:?}"
        );
        for s in 1..=3 {
            assert!(texts.contains(&format!("severity {s}")), "{texts:?}");
        }
        Ok(())
    }

    #[test]
    fn a_long_title_is_shortened_to_fit() -> Result<()> {
        let mut chart = sample();
        chart.title.policy = "a/very/long/path/".repeat(20) + "proposed.toml";
        let svg = String::from_utf8(chart.render(ChartFormat::Svg)?)?;
        let subtitle = texts(&svg)?
            .into_iter()
            .find(|t| t.contains("a/very/long"))
            .unwrap();
        assert!(subtitle.ends_with('…'), "{subtitle}");
        assert!(subtitle.chars().count() < 160, "{subtitle}");
        Ok(())
    }

    #[test]
    fn renders_both_formats() -> Result<()> {
        let chart = sample();
        let svg = String::from_utf8(chart.render(ChartFormat::Svg)?)?;
        let doc = roxmltree::Document::parse(&svg)?;
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let png = chart.render(ChartFormat::Png)?;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        Ok(())
    }
}
