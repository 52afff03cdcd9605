//! `report --chart FILE`: the report drawn as a chart, an SVG document or a
//! PNG image chosen by the file's extension. `trend` draws the compliance
//! figures month by month, `restore` the spread of counted restore times
//! per severity against the targets.
//!
//! Drawn with plotters into memory and returned as bytes: the caller writes
//! them (atomically, through `app::files`). This module lays out what it is
//! given; it computes no figure, judges no ticket and writes no file.
//!
//! Legible in print: every severity has its own dash pattern and marker as
//! well as its colour, and the colours differ in lightness, so the lines
//! stay apart in greyscale. Text is measured with the embedded font before
//! it is placed, and a line too long for the image is shortened with "…".

mod restore;
mod trend;

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters_backend::{BackendCoord, DrawingErrorKind};

use crate::i18n::Lang;
use crate::tr;

pub use restore::RestoreChart;
pub use trend::{SeverityTrend, TrendChart};

/// The file types a chart is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// The format a file name asks for, by its extension (any case). A
    /// name that is the extension alone (`.svg`, `out/.png`) is refused as
    /// having no name before it, not as another type.
    pub fn of_path(path: &Path) -> Result<ChartFormat, String> {
        let shown = path.display().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => {
                // `Path` reads `.svg` as a hidden file of no extension.
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let lower = name.to_ascii_lowercase();
                if lower == ".svg" || lower == ".png" {
                    return Err(
                        crate::msg!("refuse-chart-no-name", path = shown, ext = lower).to_string(),
                    );
                }
                Err(crate::msg!("chart-not-svg-png", path = shown).to_string())
            }
        }
    }
}

/// What a chart's title says: the period and the policy it was judged under.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartTitle {
    /// `2025-12 to 2026-11`, or the report's period as its table shows it.
    pub period: String,
    /// `policy version 2`, `policy versions 1 and 2`...
    pub policy: String,
    /// The language of every word drawn.
    pub lang: Lang,
}

/// A chart that can draw itself on any plotters backend.
trait Draw {
    /// The image's size in pixels.
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// The chart as the bytes of an SVG document or a PNG image.
fn render(chart: &impl Draw, format: ChartFormat) -> Result<Vec<u8>> {
    font()?;
    let (w, h) = chart.size();
    match format {
        ChartFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                chart.draw(&root)?;
                root.present().map_err(drawing)?;
            }
            Ok(svg.into_bytes())
        }
        ChartFormat::Png => {
            let mut rgb = vec![0u8; w as usize * h as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
                chart.draw(&root)?;
                root.present().map_err(drawing)?;
            }
            let mut png = Vec::new();
            let mut encoder = png::Encoder::new(&mut png, w, h);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder
                .write_header()
                .map_err(|e| anyhow!(crate::msg!("chart-cannot-encode", error = e.to_string())))?;
            writer
                .write_image_data(&rgb)
                .map_err(|e| anyhow!(crate::msg!("chart-cannot-encode", error = e.to_string())))?;
            writer
                .finish()
                .map_err(|e| anyhow!(crate::msg!("chart-cannot-encode", error = e.to_string())))?;
            Ok(png)
        }
    }
}

/// The Japanese chart font: a subset of Noto Sans CJK JP holding the
/// glyphs of the Japanese chart messages and ASCII (assets/fonts, made by
/// scripts/chart-font-ja.sh).
const FONT_JA: &[u8] = include_bytes!("../../../assets/fonts/NotoSansJP-subset.otf");

/// The fonts every chart's text is measured and drawn with, embedded in the
/// binary (assets/fonts), so that drawing needs no font installed and no
/// fontconfig: a subset of DejaVu Sans for English, of Noto Sans CJK JP
/// for Japanese (DejaVu has no Japanese glyphs). Registered once.
fn font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = REGISTERED.get_or_init(|| {
        plotters::style::register_font(
            SANS,
            FontStyle::Normal,
            include_bytes!("../../../assets/fonts/DejaVuSans-subset.ttf"),
        )
        .is_ok()
            && plotters::style::register_font(SANS_JA, FontStyle::Normal, FONT_JA).is_ok()
    });
    ok.then_some(())
        .ok_or_else(|| anyhow!(crate::msg!("chart-font-unreadable")))
}

/// A plotters error as ours.
fn drawing<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow!(crate::msg!("chart-cannot-draw", error = e.to_string()))
}

const SANS: &str = "sans-serif";
/// The family the Japanese font is registered as; an SVG names it, and a
/// viewer without it draws the text with a Japanese font of its own.
const SANS_JA: &str = "Noto Sans CJK JP";

/// The font family of the words of `lang`.
fn family(lang: Lang) -> &'static str {
    match lang {
        Lang::En => SANS,
        Lang::Ja => SANS_JA,
    }
}
const INK: RGBColor = RGBColor(0x20, 0x20, 0x20);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// How one severity is drawn, the same in every chart: a colour of its own
/// lightness, a dash pattern and a marker.
#[derive(Debug, Clone, Copy)]
struct Look {
    color: RGBColor,
    /// Dash and gap in pixels; `None` for a solid line.
    dash: Option<(u32, u32)>,
    marker: Marker,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Circle,
    Triangle,
    Square,
}

/// Severity 1 dark blue, solid, dots; 2 vermillion, dashed, triangles; 3
/// sky blue, dotted, hollow squares (Okabe and Ito's palette, whose
/// lightness differs: about 23%, 47% and 62% grey).
const LOOKS: [Look; 3] = [
    Look {
        color: RGBColor(0x1f, 0x3a, 0x93),
        dash: None,
        marker: Marker::Circle,
    },
    Look {
        color: RGBColor(0xd5, 0x5e, 0x00),
        dash: Some((12, 6)),
        marker: Marker::Triangle,
    },
    Look {
        color: RGBColor(0x56, 0xb4, 0xe9),
        dash: Some((3, 4)),
        marker: Marker::Square,
    },
];

/// The look of `severity` (1, 2, 3; another number takes one of those).
fn look(severity: u8) -> Look {
    LOOKS[usize::from(severity.max(1) - 1) % LOOKS.len()]
}

/// A look's marker at one point, whatever the coordinates: a plotters
/// element of our own, because its boxed elements must outlive the backend.
struct Mark<C> {
    at: C,
    look: Look,
}

fn marker<C>(at: C, look: Look) -> Mark<C> {
    Mark { at, look }
}

impl<'a, C> PointCollection<'a, C> for &'a Mark<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for Mark<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let color = self.look.color;
        match self.look.marker {
            Marker::Circle => backend.draw_circle((x, y), 5, &color.filled(), true),
            Marker::Triangle => backend.fill_polygon(
                [(x, y - 7), (x - 7, y + 5), (x + 7, y + 5)],
                &color.filled(),
            ),
            Marker::Square => {
                backend.draw_rect((x - 5, y - 5), (x + 5, y + 5), &WHITE.filled(), true)?;
                backend.draw_rect(
                    (x - 5, y - 5),
                    (x + 5, y + 5),
                    &color.stroke_width(2),
                    false,
                )
            }
        }
    }
}

/// The line style of a look.
fn stroke(look: Look) -> ShapeStyle {
    look.color.stroke_width(2)
}

/// `text` as it fits in `max` pixels in `style`: whole, or cut with "…".
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max: u32,
) -> Result<String> {
    let width =
        |t: &str| -> Result<u32> { Ok(area.estimate_text_size(t, style).map_err(drawing)?.0) };
    if width(text)? <= max {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = chars.len();
    while keep > 0 {
        keep -= 1;
        let cut: String = chars[..keep].iter().collect::<String>() + "…";
        if width(&cut)? <= max {
            return Ok(cut);
        }
    }
    Ok(String::new())
}

/// Draws the title and the line under it, each shortened to fit.
fn heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    lang: Lang,
) -> Result<()> {
    let (w, _) = area.dim_in_pixel();
    let big = TextStyle::from((family(lang), 24).into_font()).color(&INK);
    let small = TextStyle::from((family(lang), 15).into_font()).color(&INK);
    let max = w.saturating_sub(2 * MARGIN as u32);
    area.draw_text(&fit(area, title, &big, max)?, &big, (MARGIN, 14))
        .map_err(drawing)?;
    area.draw_text(&fit(area, subtitle, &small, max)?, &small, (MARGIN, 48))
        .map_err(drawing)?;
    Ok(())
}

/// The space left of and right of everything drawn, in pixels.
const MARGIN: i32 = 20;

/// "6 h", "1.5 h", "0.25 h" (「6時間」): hours as a label.
fn hours_label(lang: Lang, hours: f64) -> String {
    let text = format!("{hours:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    tr!(lang, "chart-hours", hours = text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            ChartFormat::of_path(Path::new("a.svg")),
            Ok(ChartFormat::Svg)
        );
        assert_eq!(
            ChartFormat::of_path(Path::new("dir/A.PNG")),
            Ok(ChartFormat::Png)
        );
        for bad in ["a.pdf", "a", "svg", "a.svg.txt"] {
            let err = ChartFormat::of_path(Path::new(bad)).unwrap_err();
            assert!(err.contains(".svg") && err.contains(".png"), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
        for bare in [".svg", "dir/.PNG"] {
            let err = ChartFormat::of_path(Path::new(bare)).unwrap_err();
            assert!(err.contains("no name before"), "{err}");
        }
    }

    #[test]
    fn hour_labels() {
        assert_eq!(hours_label(Lang::En, 6.0), "6 h");
        assert_eq!(hours_label(Lang::En, 1.5), "1.5 h");
        assert_eq!(hours_label(Lang::En, 0.25), "0.25 h");
        assert_eq!(hours_label(Lang::En, 0.0), "0 h");
        assert_eq!(hours_label(Lang::Ja, 1.5), "1.5時間");
    }

    /// Every character a Japanese chart message can print: the text of
    /// each `chart-` message of the Japanese file (in every variant of its
    /// selectors), ASCII for its arguments (numbers, months, dates, zone
    /// abbreviations, file names), and "…" for a line cut short.
    fn japanese_chart_characters() -> std::collections::BTreeSet<char> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn walk(p: &Pattern<&str>, out: &mut std::collections::BTreeSet<char>) {
            for e in &p.elements {
                match e {
                    PatternElement::TextElement { value } => out.extend(value.chars()),
                    PatternElement::Placeable { expression } => match expression {
                        Expression::Select { variants, .. } => {
                            variants.iter().for_each(|v| walk(&v.value, out));
                        }
                        Expression::Inline(InlineExpression::StringLiteral { value }) => {
                            out.extend(value.chars());
                        }
                        Expression::Inline(_) => {}
                    },
                }
            }
        }
        let ftl = include_str!("../../../locales/ja/slaclock.ftl");
        let resource = fluent_syntax::parser::parse(ftl).expect("the Japanese file parses");
        let mut chars: std::collections::BTreeSet<char> = (' '..='~').chain(['…']).collect();
        let mut messages = 0;
        for entry in &resource.body {
            if let Entry::Message(m) = entry
                && m.id.name.starts_with("chart-")
                && let Some(p) = &m.value
            {
                messages += 1;
                walk(p, &mut chars);
            }
        }
        assert!(
            messages > 20,
            "the scan found the chart messages: {messages}"
        );
        chars.remove(&'\n');
        chars
    }

    /// No tofu: the embedded Japanese font draws every character the
    /// Japanese chart messages and their arguments can hold
    /// (scripts/chart-font-ja.sh regenerates it when this fails).
    #[test]
    fn every_japanese_chart_character_is_in_the_embedded_font() {
        let face = ttf_parser::Face::parse(FONT_JA, 0).expect("the Japanese font parses");
        let missing: String = japanese_chart_characters()
            .into_iter()
            .filter(|c| face.glyph_index(*c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "not in the font: {missing:?}; run scripts/chart-font-ja.sh"
        );
        assert!(face.glyph_index('時').is_some());
        // DejaVu Sans, which draws English, has none of them.
        let latin = ttf_parser::Face::parse(
            include_bytes!("../../../assets/fonts/DejaVuSans-subset.ttf"),
            0,
        )
        .unwrap();
        assert!(latin.glyph_index('時').is_none());
    }

    /// Both charts in Japanese: their text elements hold the Japanese
    /// titles, name the Japanese font, and every character drawn is in it;
    /// the PNG renders.
    #[test]
    fn japanese_charts_are_drawn_in_japanese_with_the_japanese_font() -> Result<()> {
        let face = ttf_parser::Face::parse(FONT_JA, 0).expect("the Japanese font parses");
        let title = ChartTitle {
            period: "2026-08～2026-10".into(),
            policy: "ポリシー版2".into(),
            lang: Lang::Ja,
        };
        let mut trend = trend::tests::sample();
        trend.title = title.clone();
        let mut times = crate::sla::RestoreTimes::new();
        for h in [1.0, 5.0, 7.0, 40.0] {
            times.push(
                1,
                crate::sla::RestoreTime {
                    counted_secs: (h * 3600.0) as i64,
                    target_secs: 6 * 3600,
                },
            );
        }
        let restore = RestoreChart {
            title,
            times: &times,
        };
        let charts = [
            (
                trend.render(ChartFormat::Svg)?,
                trend.render(ChartFormat::Png)?,
                [
                    "月別の遵守率（2026-08～2026-10）",
                    "深刻度2",
                    "初期応答の達成",
                ],
            ),
            (
                restore.render(ChartFormat::Svg)?,
                restore.render(ChartFormat::Png)?,
                [
                    "復旧までの計上時間（2026-08～2026-10）",
                    "深刻度1: 解決したインシデント4件、うち目標超過2件（目標 6時間）",
                    "インシデント数",
                ],
            ),
        ];
        for (svg, png, words) in charts {
            let svg = String::from_utf8(svg)?;
            let texts = trend::tests::texts(&svg)?;
            for w in words {
                assert!(texts.iter().any(|t| t.starts_with(w)), "{w}: {texts:?}");
            }
            let doc = roxmltree::Document::parse(&svg)?;
            for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
                assert_eq!(n.attribute("font-family"), Some(SANS_JA), "{:?}", n.text());
                for c in n.text().unwrap_or("").trim().chars() {
                    assert!(face.glyph_index(c).is_some(), "{c:?} in {:?}", n.text());
                }
            }
            assert!(
                !texts
                    .iter()
                    .any(|t| t.contains("everity") || t.contains("target")),
                "{texts:?}"
            );
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        }
        Ok(())
    }

    #[test]
    fn every_severity_looks_different_in_grey() {
        // Greyscale by luma; dash patterns and markers apart as well.
        let luma = |c: RGBColor| 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
        for (i, a) in LOOKS.iter().enumerate() {
            for b in &LOOKS[i + 1..] {
                assert!((luma(a.color) - luma(b.color)).abs() > 30.0);
                assert_ne!(a.dash, b.dash);
                assert_ne!(a.marker, b.marker);
            }
        }
    }
}
