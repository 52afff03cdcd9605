//! `report --chart FILE`: the trend drawn as SVG or PNG (a line per
//! severity in each figure's panel), `--restore-times` (the counted restore
//! times per severity against the targets), the report still printed, the
//! file written whole, and what is refused. Where rsvg-convert is installed
//! (CI installs it and sets SLACLOCK_REQUIRE_RSVG) it renders every SVG.

use serde_json::Value;

use super::util::*;

/// Three months of incidents, run on 24 November: August, September and
/// October are the last three months. Each month has every severity, some
/// answered late, all resolved, some past their restore target.
fn three_months() -> Desk {
    let mut d = Desk::new();
    let mut id = 0;
    for (month, late) in [("08", [1]), ("09", [2]), ("10", [3])] {
        for severity in 1..=3u32 {
            id += 1;
            let day = format!("2026-{month}-{:02}", 2 + severity);
            let opened = format!("{day}T00:00:00Z");
            open_sev(&mut d, &opened, &severity.to_string(), "ACME", "Down");
            // The late one answers after 50 minutes, past every target.
            let answer = if late.contains(&severity) { "50" } else { "10" };
            d.run_at(
                &format!("{day}T00:{answer}:00Z"),
                &["update", &id.to_string()],
            )
            .ok();
            // Resolved after 2 + 4·id hours (24x7 for 1 and 2; severity 3
            // counts business hours only).
            let hours = 2 + 4 * id;
            let resolved = format!("{day}T{:02}:00:00Z", hours.min(23));
            d.run_at(&resolved, &["resolve", &id.to_string()]).ok();
        }
    }
    d.at("2026-11-24T00:00:00Z");
    d
}

/// Each severity's look in the chart (see output/chart): its marker's
/// element and the attribute that carries its colour.
const MARKERS: [(&str, &str, &str); 3] = [
    ("circle", "fill", "#1F3A93"),
    ("polygon", "fill", "#D55E00"),
    ("rect", "stroke", "#56B4E9"),
];

fn svg_of(d: &Desk, name: &str) -> String {
    let bytes = std::fs::read(d.path(name)).expect("the chart was written");
    let text = String::from_utf8(bytes).expect("SVG is UTF-8");
    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    text
}

fn markers(svg: &str) -> [usize; 3] {
    let doc = roxmltree::Document::parse(svg).unwrap();
    MARKERS.map(|(tag, attr, color)| {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag) && n.attribute(attr) == Some(color))
            .count()
    })
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_trend_chart_has_a_line_per_severity_and_names_period_and_policy() {
    let d = three_months();
    let plain = d.run(&["report", "--months", "3"]).ok().to_string();
    let charted = d.run(&["report", "--months", "3", "--chart", "trend.svg"]);
    // The report prints as it does without a chart.
    assert_eq!(charted.ok(), plain);
    let svg = svg_of(&d, "trend.svg");
    // A marker for every value the trend has, in all three panels, and
    // one in the legend: one series per severity, each in its own look.
    let trend = d
        .run(&["report", "--months", "3", "--format", "json"])
        .json();
    let mut expected = [1usize; 3];
    for row in trend["rows"].as_array().unwrap() {
        let s = row["severity"].as_u64().unwrap() as usize;
        for figure in [
            "responses_met_pct",
            "updates_on_time_pct",
            "restores_met_pct",
        ] {
            expected[s - 1] += usize::from(!row[figure].is_null());
        }
    }
    assert_eq!(expected, [10, 10, 10], "every month judged every figure");
    assert_eq!(markers(&svg), expected);
    let texts = texts(&svg);
    let title = texts
        .iter()
        .find(|t| t.starts_with("Compliance by month"))
        .expect("a title");
    assert!(title.contains("2026-08 to 2026-10"), "{title}");
    assert!(
        texts.iter().any(|t| t.contains("policy version 1")),
        "{texts:?}"
    );
    for s in 1..=3 {
        assert!(texts.contains(&format!("severity {s}")), "{texts:?}");
    }
    for month in ["2026-08", "2026-09", "2026-10"] {
        assert_eq!(texts.iter().filter(|t| *t == month).count(), 3, "{month}");
    }
}

#[test]
fn chart_alone_draws_twelve_months() {
    let d = three_months();
    d.run(&["report", "--chart", "trend.svg", "--format", "csv"])
        .ok();
    let texts = texts(&svg_of(&d, "trend.svg"));
    assert!(
        texts.iter().any(|t| t.contains("2025-11 to 2026-10")),
        "{texts:?}"
    );
}

#[test]
fn a_png_chart_is_a_png_of_the_expected_size() {
    let d = three_months();
    d.run(&["report", "--months", "3", "--chart", "trend.png"])
        .ok();
    let png = std::fs::read(d.path("trend.png")).unwrap();
    assert_eq!(png_size(&png), (1000, 986));
    d.run(&["report", "--chart", "restore.PNG", "--restore-times"])
        .ok();
    let png = std::fs::read(d.path("restore.PNG")).unwrap();
    assert_eq!(png_size(&png), (1000, 860));
}

#[test]
fn the_restore_times_chart_counts_what_the_report_counts() {
    let d = three_months();
    let period = ["--since", "2026-08-01", "--until", "2026-11-01"];
    let report: Value = d
        .run(&[&["report", "--format", "json"], &period[..]].concat())
        .json();
    let plain = d.run(&[&["report"], &period[..]].concat()).ok().to_string();
    let run = d.run(
        &[
            &["report", "--chart", "restore.svg", "--restore-times"],
            &period[..],
        ]
        .concat(),
    );
    assert_eq!(run.ok(), plain, "the report still prints");
    let texts = texts(&svg_of(&d, "restore.svg"));
    let title = texts
        .iter()
        .find(|t| t.starts_with("Counted time to restore"))
        .expect("a title");
    // The period's whole days, the last one included.
    assert!(
        title.ends_with("opened 2026-08-01 to 2026-10-31"),
        "{title}"
    );
    assert!(
        texts.iter().any(|t| t.contains("policy version 1")),
        "{texts:?}"
    );
    let targets = ["6 h", "24 h", "48 h"];
    for (s, target) in (1..=3).zip(targets) {
        let row = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == "severity" && r["key"].as_str() == Some(&s.to_string()))
            .unwrap();
        let resolved = row["restores_resolved"].as_u64().unwrap();
        assert_eq!(resolved, 3);
        let caption = format!("Severity {s}: {resolved} resolved incidents,");
        let found = texts
            .iter()
            .find(|t| t.starts_with(&caption))
            .unwrap_or_else(|| panic!("{caption:?} in {texts:?}"));
        assert!(found.ends_with(&format!("(target {target})")), "{found}");
    }
}

#[test]
fn the_months_of_the_trend_bound_the_restore_times() {
    let d = three_months();
    d.run(&[
        "report",
        "--months",
        "2",
        "--chart",
        "r.svg",
        "--restore-times",
    ])
    .ok();
    let texts = texts(&svg_of(&d, "r.svg"));
    assert!(
        texts.iter().any(|t| t.contains("2026-09 to 2026-10")),
        "{texts:?}"
    );
    // September and October: two resolved incidents of each severity.
    for s in 1..=3 {
        let caption = format!("Severity {s}: 2 resolved incidents,");
        assert!(texts.iter().any(|t| t.starts_with(&caption)), "{texts:?}");
    }
}

#[test]
fn what_a_chart_cannot_be_is_refused() {
    let d = three_months();
    refused(
        &d,
        &["report", "--chart", "trend.pdf"],
        2,
        &["--chart trend.pdf", ".svg", ".png"],
    );
    refused(
        &d,
        &["report", "--chart", "trend", "--restore-times"],
        2,
        &[".svg", ".png"],
    );
    // An extension alone has no name before it: said so, not "neither".
    for (chart, said) in [
        (
            ".svg",
            "error: --chart .svg has no name before .svg; name the chart FILE.svg or FILE.png\n",
        ),
        (
            "out/.PNG",
            "error: --chart out/.PNG has no name before .png; name the chart FILE.svg or FILE.png\n",
        ),
    ] {
        let err = d.run(&["report", "--chart", chart]).fails(2).to_string();
        assert_eq!(err, said);
    }
    let err = ja(&d, &["report", "--chart", ".svg"]).fails(2).to_string();
    assert!(
        err.contains("--chart .svg には .svg の前に名前がありません。"),
        "{err}"
    );
    refused(
        &d,
        &["report", "--chart", "trend.svg", "--since", "2026-10-01"],
        2,
        &["--months", "--restore-times"],
    );
    // clap's own refusals: a usage line follows the error.
    for args in [
        &["report", "--restore-times"][..],
        &["report", "--chart", "t.svg", "--policy", "severity.toml"][..],
        &[
            "report", "--chart", "t.svg", "--months", "2", "--by", "customer",
        ][..],
    ] {
        let run = d.run(args);
        let err = run.fails(2);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("log.db"))
        .collect();
    assert!(left.is_empty(), "refusals wrote {left:?}");
}

#[test]
fn the_chart_replaces_a_file_whole_and_never_the_log() {
    let d = three_months();
    std::fs::write(d.path("trend.svg"), "old").unwrap();
    d.run(&["report", "--months", "1", "--chart", "trend.svg"])
        .ok();
    svg_of(&d, "trend.svg");
    // No folder: one line, nothing printed, nothing left behind.
    let run = d.run(&["report", "--months", "1", "--chart", "none/trend.svg"]);
    let err = run.fails(1);
    assert!(err.contains("--chart none/trend.svg"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(run.stdout, "", "the report waits for its chart");
    // A log whose name looks like a chart is not replaced by one.
    let mut e = Desk::new();
    let log = e.path("log.svg");
    let log = log.to_str().unwrap();
    e.run_at(
        "2026-10-05T00:00:00Z",
        &["--db", log, "open", "--severity", "1", "Down"],
    )
    .ok();
    e.at("2026-11-24T00:00:00Z");
    let before = snapshot(&e.path("log.svg"));
    let run = e.run(&["--db", log, "report", "--chart", log]);
    let err = run.fails(1);
    assert!(err.contains("is the ticket log itself"), "{err}");
    assert_eq!(snapshot(&e.path("log.svg")), before);
}

/// Renders `svg` with rsvg-convert when it is installed (required where
/// SLACLOCK_REQUIRE_RSVG is set, as in CI) and checks the PNG it makes.
fn rsvg_renders(d: &Desk, svg: &str) {
    let png = d.path(&format!("{svg}.rsvg.png"));
    let run = std::process::Command::new("rsvg-convert")
        .arg("-o")
        .arg(&png)
        .arg(d.path(svg))
        .output();
    let out = match run {
        Ok(out) => out,
        Err(e) if std::env::var_os("SLACLOCK_REQUIRE_RSVG").is_some() => {
            panic!("SLACLOCK_REQUIRE_RSVG is set but rsvg-convert cannot run: {e}")
        }
        Err(_) => {
            eprintln!("rsvg-convert is not installed: rendering {svg} skipped");
            return;
        }
    };
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "rsvg-convert {svg}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h) = png_size(&std::fs::read(&png).unwrap());
    assert_eq!(w, 1000, "{svg}");
    assert!(h > 800, "{svg}: {h}");
}

#[test]
fn rsvg_convert_renders_both_charts() {
    let d = three_months();
    d.run(&["report", "--months", "3", "--chart", "trend.svg"])
        .ok();
    d.run(&[
        "report",
        "--months",
        "3",
        "--chart",
        "restore.svg",
        "--restore-times",
    ])
    .ok();
    rsvg_renders(&d, "trend.svg");
    rsvg_renders(&d, "restore.svg");
}

/// With Japanese chosen, both charts speak Japanese in every text they
/// draw (titles, legends, captions, axes, periods), name the embedded
/// Japanese font, and render as SVG (through rsvg-convert too) and PNG;
/// English leaves the same chart in English.
#[test]
fn charts_in_japanese() {
    let d = three_months();
    let ja = |args: &[&str]| ja(&d, args);
    ja(&["report", "--months", "3", "--chart", "trend.svg"]).ok();
    ja(&["report", "--months", "3", "--chart", "trend.png"]).ok();
    let period = ["--since", "2026-08-01", "--until", "2026-11-01"];
    let restore = ["report", "--chart", "restore.svg", "--restore-times"];
    ja(&[&restore[..], &period[..]].concat()).ok();
    let trend = texts(&svg_of(&d, "trend.svg"));
    for words in [
        "月別の遵守率（2026-08～2026-10）",
        "深刻度別のインシデント。各チケットはポリシー版1で判定。",
        "深刻度1",
        "目標: 100%が期限内",
        "初期応答の達成（判定したチケットに占める割合、%）",
        "期限内の更新（更新が始まったチケットに占める割合、%）",
        "復旧の達成（判定したインシデントに占める割合、%）",
    ] {
        assert!(
            trend.iter().any(|t| t.starts_with(words)),
            "{words}: {trend:?}"
        );
    }
    let restore_texts = texts(&svg_of(&d, "restore.svg"));
    for words in [
        "復旧までの計上時間（2026-08-01～2026-10-31に受付）",
        "深刻度1: 解決したインシデント3件、うち目標超過",
        "（目標 6時間）",
        "復旧の目標に計上した時間（そのカレンダーで、お客様待ちを除く）",
        "インシデント数",
        "6時間",
    ] {
        assert!(
            restore_texts.iter().any(|t| t.contains(words)),
            "{words}: {restore_texts:?}"
        );
    }
    // No English word is left in either (months and numbers aside).
    for t in trend.iter().chain(&restore_texts) {
        let english = t
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 2);
        assert!(!english, "English in {t:?}");
    }
    let svg = svg_of(&d, "trend.svg");
    assert!(svg.contains("font-family=\"Noto Sans CJK JP\""));
    let png = std::fs::read(d.path("trend.png")).unwrap();
    assert_eq!(png_size(&png), (1000, 986));
    rsvg_renders(&d, "trend.svg");
    rsvg_renders(&d, "restore.svg");
    // English, the same chart as ever.
    d.run(&["report", "--months", "3", "--chart", "en.svg"])
        .ok();
    let en = texts(&svg_of(&d, "en.svg"));
    assert!(
        en.iter()
            .any(|t| t == "Compliance by month, 2026-08 to 2026-10")
    );
    assert!(en.contains(&"target: 100% in time".to_string()), "{en:?}");
}
