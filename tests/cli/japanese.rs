//! slaclock in Japanese (issue 20): the language chosen by `--lang`,
//! `SLACLOCK_LANG` or the locale; what people read in Japanese, what
//! scripts read unchanged.

use super::util::{Desk, OPEN_INCIDENT, Run, ja};

#[test]
fn a_language_slaclock_does_not_speak_is_refused_in_one_line() {
    let d = Desk::new();
    for (run, what) in [
        (d.run(&["--lang", "fr", "status"]), "--lang"),
        (d.run(&["status", "--lang=ja_JP"]), "--lang"),
        (
            d.run_with("SLACLOCK_LANG", "fr", &["status"]),
            "SLACLOCK_LANG",
        ),
    ] {
        let err = run.fails(2);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(what) && err.contains("give en or ja"), "{err}");
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // `check` answers UNKNOWN (3), as for any usage error.
    let run = d.run(&["check", "--lang", "fr"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("UNKNOWN: "), "{}", run.stdout);
    let run = d.run_with("SLACLOCK_LANG", "fr", &["check"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("UNKNOWN: SLACLOCK_LANG"),
        "{}",
        run.stdout
    );
}

/// The seed day's second ticket (the first is `OPEN_INCIDENT`): an inquiry
/// from a Japanese customer, titled in Japanese.
const OPEN_INQUIRY: &[&str] = &[
    "open",
    "--kind",
    "inquiry",
    "--customer",
    "東京商事",
    "請求書の宛名について",
];

/// The seed's day in Japanese: a severity 1 incident at 10:00 Brisbane,
/// an inquiry, and a severity 3 one, driven through the write commands;
/// each confirmation, the board, one ticket, check and the policy are
/// read as an engineer in Japan reads them.
#[test]
fn the_seed_day_in_japanese() {
    let mut d = Desk::new();
    let out = ja(&d, OPEN_INCIDENT).ok().to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): 10:00に受付、インシデント、深刻度1: サービスの損失、サービス VXC-1234\n"),
        "{out}"
    );
    assert!(out.contains("初期応答        進行中  15分"), "{out}");
    assert!(out.contains("10:15 (あと15分)"), "{out}");
    assert!(out.contains("最初の更新で開始"), "{out}");
    ja(&d, OPEN_INQUIRY).ok();
    d.at("2026-11-24T00:10:00Z");
    let out = ja(
        &d,
        &[
            "update",
            "1",
            "--message",
            "エンジニアを手配しました",
            "--next-update",
            "in 20m",
        ],
    )
    .ok()
    .to_string();
    assert!(
        out.starts_with(
            "#1 VXC down (ACME): 10:10に更新を記録、次回更新の約束 2026年11月24日(火) 10:30 AEST\n"
        ),
        "{out}"
    );
    assert!(out.contains("達成、余裕5分"), "{out}");
    d.at("2026-11-24T00:20:00Z");
    let out = ja(&d, &["wait", "1", "--reason", "LOA待ち"])
        .ok()
        .to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): 10:20からお客様待ち\n"),
        "{out}"
    );
    assert!(out.contains("一時停止中、残り5時間40分"), "{out}");
    d.at("2026-11-24T00:50:00Z");
    let out = ja(&d, &["resume", "1"]).ok().to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): 10:50に再開\n"),
        "{out}"
    );
    d.at("2026-11-24T01:00:00Z");
    let out = ja(&d, &["escalate", "1", "--reason", "impact"])
        .ok()
        .to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): 11:00にレベル1へエスカレーション: 連絡先 Customer Support and Operations Manager <escalations@example.com>\n"),
        "{out}"
    );

    // The board at 11:10: the update promised for 10:30 is 40 minutes late.
    d.at("2026-11-24T01:10:00Z");
    let board = ja(&d, &["status"]).ok().to_string();
    let lines: Vec<&str> = board.lines().collect();
    for heading in [
        "#",
        "区分",
        "件名",
        "お客様",
        "次の期限",
        "クロック",
        "エスカレーション",
    ] {
        assert!(lines[0].contains(heading), "{heading}: {board}");
    }
    assert!(
        lines[2].starts_with("1 ") && lines[2].contains("更新 40分遅れ"),
        "{board}"
    );
    assert!(lines[2].contains("L1"), "{board}");
    assert!(
        lines[3].contains("問合") && lines[3].contains("応答 40分遅れ"),
        "{board}"
    );
    assert!(
        !board.contains("overdue") && !board.contains("late"),
        "{board}"
    );

    // One ticket in full.
    let one = ja(&d, &["status", "1"]).ok().to_string();
    assert!(
        one.starts_with("#1 VXC down (インシデント、深刻度1: サービスの損失) お客様: ACME、サービス: VXC-1234\n対応中、担当なし、報告 2026年11月24日(火) 10:00 AEST（1時間10分前）、ポリシー版 1\n"),
        "{one}"
    );
    assert!(one.contains("更新頻度        違反"), "{one}");
    assert!(one.contains("10:30 (40分超過)、更新漏れ1回"), "{one}");
    assert!(one.contains("\n経過\n"), "{one}");
    assert!(
        one.contains("お客様待ち") && one.contains("理由: LOA待ち"),
        "{one}"
    );

    // check: the first line for the monitor, the rest in Japanese.
    let run = ja(&d, &["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let english = d.run(&["check"]);
    let (first, rest) = run.stdout.split_once('\n').unwrap();
    assert_eq!(first, english.stdout.lines().next().unwrap());
    assert!(first.starts_with("CRITICAL: 2 breached"), "{first}");
    assert!(
        rest.starts_with("#1 深刻度1のインシデント「VXC down」（ACME）: 更新頻度 40分超過"),
        "{rest}"
    );
    assert!(
        rest.contains("#2 問い合わせ「請求書の宛名について」（東京商事）: 初期応答 40分超過"),
        "{rest}"
    );

    // Resolve, and the board says so.
    let out = ja(&d, &["resolve", "1"]).ok().to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): 11:10に解決\n"),
        "{out}"
    );
}

#[test]
fn policy_show_names_severities_as_the_published_page_does() {
    let d = Desk::new();
    let out = ja(&d, &["policy", "show"]).ok().to_string();
    assert!(
        out.starts_with("ポリシー: 組み込みの既定ポリシー\n"),
        "{out}"
    );
    for words in [
        "1       サービスの損失",
        "2       サービスが部分的に低下したり、断続的に障害が発生する",
        "3       サービスに影響を与えないインシデント",
        "48時間（businessの営業時間）",
        "エスカレーションパス",
        "土    休業",
    ] {
        assert!(out.contains(words), "{words}: {out}");
    }
    // A name the policy gives is shown as given.
    std::fs::write(
        d.path("severity.toml"),
        super::util::with_targets("").replace("[severity.1]\n", "[severity.1]\nname = \"全断\"\n"),
    )
    .unwrap();
    let out = ja(&d, &["policy", "show"]).ok().to_string();
    assert!(out.contains("1       全断"), "{out}");
    // Those it does not name get the page's words.
    assert!(
        out.contains("3       サービスに影響を与えないインシデント"),
        "{out}"
    );
}

#[test]
fn init_lang_ja_writes_the_policy_in_japanese() {
    let d = Desk::new();
    let path = d.path("severity.toml");
    let out = d
        .run(&["--lang", "ja", "init", path.to_str().unwrap()])
        .ok()
        .to_string();
    assert!(out.starts_with("既定のポリシーを"), "{out}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("name = \"サービスの損失\""), "{text}");
    assert!(text.contains("# 深刻度1: サービスの損失。"), "{text}");
    // It loads, and English output shows the names it gives.
    let show = d.run(&["policy", "show"]).ok().to_string();
    assert!(
        show.contains("サービスに影響を与えないインシデント"),
        "{show}"
    );
    assert!(
        show.contains("15m") && show.contains("48h (business hours)"),
        "{show}"
    );
}

/// What scripts read is the same byte for byte whatever the language:
/// JSON, CSV, OpenMetrics, exit codes, and `check`'s first line.
#[test]
fn what_scripts_read_never_changes_with_the_language() {
    let mut d = Desk::new();
    d.run(OPEN_INCIDENT).ok();
    d.run(OPEN_INQUIRY).ok();
    d.at("2026-11-24T00:10:00Z");
    d.run(&["update", "1", "--message", "on site"]).ok();
    d.at("2026-11-24T01:10:00Z");
    let commands: [&[&str]; 9] = [
        &["status", "--format", "json"],
        &["status", "1", "--format", "json"],
        &["export", "--format", "csv"],
        &["export", "--events", "--format", "csv"],
        &["metrics"],
        &["check", "--format", "json"],
        &["check", "--quiet"],
        &["status", "99"],
        &["policy", "check"],
    ];
    for args in commands {
        let en = d.run(args);
        for (name, value) in [
            ("LANG", "ja_JP.UTF-8"),
            ("LC_ALL", "ja_JP"),
            ("SLACLOCK_LANG", "ja"),
        ] {
            let ja = d.run_with(name, value, args);
            assert_eq!(ja.code, en.code, "{args:?} {name}: the exit code");
            if args != ["status", "99"] && args != ["policy", "check"] {
                assert_eq!(ja.stdout, en.stdout, "{args:?} {name}");
            }
        }
    }
    // check's first line, and the writes' JSON echo.
    let (en, jp) = (d.run(&["check"]), ja(&d, &["check"]));
    assert_eq!(jp.code, en.code);
    assert_eq!(jp.stdout.lines().next(), en.stdout.lines().next());
    assert_ne!(
        jp.stdout, en.stdout,
        "the lines after the first are for people"
    );
    let note = ["note", "1", "--format", "json", "x"];
    let en = d.run(&note).ok().to_string();
    let jp = ja(&d, &note).ok().to_string();
    let (en, jp): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&en).unwrap(),
        serde_json::from_str(&jp).unwrap(),
    );
    assert_eq!(jp, en);
}

/// A ticket's clocks table, as `status ID` and every write's echo show it,
/// fits every width in both languages by display width: 「復旧までの時間」
/// beside 「進行中」 and 「24時間」 left too little for the deadline at 40.
#[test]
fn the_clocks_table_fits_every_width_in_both_languages() {
    use unicode_width::UnicodeWidthStr;
    let d = Desk::new();
    for lang in ["en", "ja"] {
        for width in [40, 44, 50, 60, 80, 100] {
            let mut cmd = d.cmd();
            cmd.env("COLUMNS", width.to_string()).args([
                "--lang",
                lang,
                "open",
                "--severity",
                "2",
                "--customer",
                "大阪",
                "回線断",
            ]);
            let echo = Run::from(cmd.output().unwrap()).ok().to_string();
            let id = d
                .run(&["status", "--format", "json"])
                .json()
                .as_array()
                .unwrap()
                .len();
            let mut cmd = d.cmd();
            cmd.env("COLUMNS", width.to_string())
                .args(["--lang", lang, "status", &id.to_string()]);
            let shown = Run::from(cmd.output().unwrap()).ok().to_string();
            for line in echo.lines().chain(shown.lines()) {
                assert!(
                    line.width() <= width,
                    "{lang} {width}: {line:?} is {}\n{echo}\n{shown}",
                    line.width()
                );
            }
        }
    }
}

/// The board fits every width in both languages, by display width (a
/// Japanese character takes two columns), with its columns aligned: each
/// column's text starts at the same terminal column on every line.
#[test]
fn the_board_is_aligned_by_display_width_in_both_languages() {
    use unicode_width::UnicodeWidthStr;
    let mut d = Desk::new();
    d.run(OPEN_INCIDENT).ok();
    d.run(OPEN_INQUIRY).ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--customer",
        "大阪",
        "東京データセンター冷却装置故障のため全回線停止",
    ])
    .ok();
    d.at("2026-11-24T01:10:00Z");
    for lang in ["en", "ja"] {
        for width in [40, 60, 80, 100, 140, 250] {
            let run = Run::from(
                d.cmd()
                    .env("COLUMNS", width.to_string())
                    .args(["--lang", lang, "status"])
                    .output()
                    .unwrap(),
            );
            let board = run.ok();
            let lines: Vec<&str> = board.lines().collect();
            assert_eq!(lines.len(), 5, "{lang} {width}: {board}");
            for line in &lines {
                assert!(
                    line.width() <= width,
                    "{lang} {width}: {line:?} is {}",
                    line.width()
                );
            }
            // Where each column starts, found by its heading.
            let headings: &[&str] = match lang {
                "en" => &[
                    "id",
                    "sev",
                    "title",
                    "customer",
                    "owner",
                    "service",
                    "state",
                    "next deadline",
                    "clocks",
                    "response",
                    "update",
                    "restore",
                    "escalation",
                ],
                _ => &[
                    "#",
                    "区分",
                    "件名",
                    "お客様",
                    "担当",
                    "サービス",
                    "状態",
                    "次の期限",
                    "クロック",
                    "初期応答",
                    "更新頻度",
                    "復旧",
                    "エスカレーション",
                ],
            };
            let mut starts = vec![];
            let mut from = 0;
            for h in headings {
                let Some(at) = lines[0][from..].find(&format!("{h} ")).or_else(|| {
                    lines[0][from..]
                        .ends_with(h)
                        .then(|| lines[0].len() - from - h.len())
                }) else {
                    continue;
                };
                starts.push(lines[0][..from + at].width());
                from += at + h.len();
            }
            assert!(starts.len() >= 4, "{lang} {width}: {starts:?}\n{board}");
            // On every ticket's line, each column starts after a space and
            // on a character's first column, never inside a wide one.
            for line in &lines[2..] {
                let mut col = 0;
                let mut cells = vec![];
                for c in line.chars() {
                    cells.push((col, c));
                    col += c.to_string().width();
                }
                for &s in &starts[1..] {
                    if s >= col {
                        continue; // the last column, shorter on this line
                    }
                    assert!(
                        cells.iter().any(|&(at, _)| at == s),
                        "{lang} {width}: column {s} inside a character: {line:?}\n{board}"
                    );
                    assert!(
                        cells.iter().any(|&(at, c)| at + 1 == s && c == ' '),
                        "{lang} {width}: no space before column {s}: {line:?}\n{board}"
                    );
                }
            }
        }
    }
}

/// Refusals in Japanese: each is one line starting 「エラー:」, says what
/// was wrong in Japanese, exits with the code it has in English, and
/// leaves the ticket log as it was. `check`'s first line stays English.
#[test]
fn refusals_are_told_in_japanese_with_the_same_exit_codes() {
    let mut d = Desk::new();
    // No log yet: the store's refusal.
    let run = ja(&d, &["status"]);
    let err = run.fails(1);
    assert!(
        err.starts_with("エラー: ") && err.contains("チケットログがありません"),
        "{err}"
    );
    super::util::open_sev(&mut d, "2026-11-24T10:00:00+10:00", "1", "ACME", "VXC down");
    d.run_at("2026-11-24T10:05:00+10:00", &["resolve", "1"])
        .ok();
    d.at("2026-11-24T10:10:00+10:00");
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["update", "1", "--at", "teatime"],
            2,
            "は時刻ではありません",
        ),
        (
            &["update", "1", "--at", "2026-11-24"],
            2,
            "日付だけで時刻がありません",
        ),
        (&["status", "abc"], 2, "はチケット番号ではありません"),
        (
            &["status", "99999999999999999999"],
            2,
            "どのチケット番号よりも大きい",
        ),
        (
            &["void", "1", "x", "--reason", "r"],
            2,
            "はイベント番号ではありません",
        ),
        (
            &["open", "--severity", "7", "t"],
            2,
            "は深刻度ではありません",
        ),
        (&["open", "--severity", "1"], 2, "件名が必要です"),
        (
            &["open", "--kind", "billing", "t"],
            1,
            "請求に関する質問はサポートチケットではありません",
        ),
        (
            &["open", "--kind", "inquiry", "--severity", "1", "t"],
            2,
            "問い合わせは常に深刻度3です",
        ),
        (
            &["open", "--severity", "1", "--ref", " ", "t"],
            1,
            "--ref が空です",
        ),
        (
            &["open", "--severity", "1", "--at", "in 2h", "t"],
            1,
            "は未来の時刻です",
        ),
        (&["status", "--lang", "fr"], 2, "en か ja"),
        (
            &["status", "7"],
            1,
            "チケット#7はありません。チケットは#1だけです",
        ),
        (
            &["update", "1", "--message", "x"],
            1,
            "チケット#1は解決済みです。先に再オープンしてください",
        ),
        (&["reopen", "1", "--reason", " "], 1, "理由が空です"),
        (&["note", "1", "--by", " ", "x"], 1, "--by が空です"),
        (
            &["void", "1", "9", "--reason", "r"],
            1,
            "チケット#1にイベント9はありません",
        ),
        (
            &["void", "1", "1", "--reason", "r"],
            1,
            "受付なので取り消せません",
        ),
        (
            &["edit", "1", "--title", "VXC down"],
            1,
            "訂正するものがありません",
        ),
    ];
    for (args, code, words) in cases {
        let before = d.snapshot();
        let run = ja(&d, args);
        let err = run.fails(*code);
        assert!(err.starts_with("エラー: "), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {words:?} not in {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert_eq!(d.snapshot(), before, "{args:?} changed the log");
        // The same refusal in English: the same exit code, English words.
        let en = d.run(args);
        assert_eq!(en.code, *code, "{args:?}: {}", en.stderr);
        assert!(en.stderr.starts_with("error: "), "{args:?}: {}", en.stderr);
    }
    // `check` answers UNKNOWN in English: its first line is for monitors.
    let run = ja(&d, &["check", "--timeout", "0s"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("UNKNOWN: ") && run.stdout.contains("out of range: give from 1s"),
        "{}",
        run.stdout
    );
    // clap's own usage errors are told in Japanese too.
    let run = ja(&d, &["status", "--bogus"]);
    let err = run.fails(2);
    assert!(
        err.starts_with("エラー: 予期しない引数 '--bogus' があります"),
        "{err}"
    );
}

/// The shipped policy with severity 1's restore target cut from 6h to
/// 1h, as `report --policy` proposes it.
fn stricter_restores(d: &Desk) -> String {
    let text = slaclock::sla::DEFAULT_POLICY.replace("restore = \"6h\"", "restore = \"1h\"");
    assert_ne!(text, slaclock::sla::DEFAULT_POLICY);
    std::fs::write(d.path("strict.toml"), text).unwrap();
    "strict.toml".to_string()
}

/// `report` for scripts (JSON and CSV, of a period, a trend, and a
/// proposal) is the same byte for byte in Japanese.
#[test]
fn the_report_for_scripts_never_changes_with_the_language() {
    let d = super::report::october_desk();
    let strict = stricter_restores(&d);
    let october = ["report", "--since", "2026-10-01", "--until", "2026-11-01"];
    for format in ["json", "csv"] {
        let mut runs: Vec<Vec<&str>> = vec![
            [&october[..], &["--format", format]].concat(),
            [&october[..], &["--by", "customer", "--format", format]].concat(),
            vec!["report", "--months", "3", "--format", format],
            [&october[..], &["--policy", &strict, "--format", format]].concat(),
            vec![
                "report", "--months", "3", "--policy", &strict, "--format", format,
            ],
        ];
        runs.push(vec!["report", "--format", format]);
        for args in runs {
            let en = d.run(&args);
            let en_out = en.ok().to_string();
            assert!(!en_out.is_empty(), "{args:?}");
            for (name, value) in [("LANG", "ja_JP.UTF-8"), ("SLACLOCK_LANG", "ja")] {
                let jp = d.run_with(name, value, &args);
                assert_eq!(jp.code, en.code, "{args:?} {name}");
                assert_eq!(jp.stdout, en_out, "{args:?} {name}");
            }
        }
    }
}

/// Each line of a table from its first line that starts with `start`
/// to the line before the first that starts with `end`.
fn table_lines<'a>(out: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.trim_start().starts_with(start))
        .take_while(|l| !l.starts_with(end))
        .collect()
}

/// The terminal column where `needle` ends on `line`.
fn ends_at(line: &str, needle: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at + needle.len()].width()
}

/// `report`'s tables in Japanese: headings, group and figure names,
/// times and dates in Japanese, fitted to the terminal by display width:
/// at 80 columns, where the twelve columns do not fit, one block per
/// group; at 140 a table, with each right-aligned column ending at the
/// same terminal column on every line.
#[test]
fn the_report_tables_in_japanese() {
    use unicode_width::UnicodeWidthStr;
    let d = super::report::october_desk();
    let strict = stricter_restores(&d);
    let run_at = |columns: &str, args: &[&str]| {
        Run::from(
            d.cmd()
                .env("LANG", "ja_JP.UTF-8")
                .env("COLUMNS", columns)
                .args(args)
                .output()
                .expect("run slaclock"),
        )
        .ok()
        .to_string()
    };
    let run = |args: &[&str]| run_at("80", args);
    let october = ["report", "--since", "2026-10-01", "--until", "2026-11-01"];
    let report = run(&october);
    let prose = report.lines().take(2).collect::<Vec<_>>().join(" ");
    assert!(
        prose.starts_with(
            "2026年10月1日(木) 00:00 AESTから2026年11月1日(日) 00:00 AESTまでに受け付けたチケット"
        ),
        "{report}"
    );
    for word in [
        "受付",
        "中央値",
        "未解決",
        "インシデント",
        "全件",
        "深刻度1",
        "4時間",
        "最近順位法",
    ] {
        assert!(report.contains(word), "{word} in\n{report}");
    }
    assert!(
        !report.contains("opened") && !report.contains("severity"),
        "{report}"
    );
    for line in report.lines() {
        assert!(line.width() <= 80, "wider than 80: {line:?}\n{report}");
    }
    // Each group a block: its name, then a figure a line, each figure
    // after its name, the figures starting in one column.
    let block: Vec<&str> = report
        .lines()
        .skip_while(|l| *l != "深刻度1")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(block.len(), 11, "{report}");
    assert!(block[0].starts_with("  受付 "), "{report}");
    // A name may hold a space; two or more end it.
    let at = |line: &str| line[..line.rfind("  ").unwrap() + 2].width();
    let figures = at(block[0]);
    for line in &block {
        assert_eq!(at(line), figures, "{line:?}\n{report}");
    }

    let wide = run_at("140", &october);
    let head = wide.lines().find(|l| l.contains("受付")).unwrap();
    let (opened, still_open) = (ends_at(head, "受付"), ends_at(head, "未解決"));
    for sev in ["全件", "深刻度1", "深刻度2", "深刻度3"] {
        let row = wide.lines().find(|l| l.starts_with(sev)).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(ends_at(row, cells[1]), opened, "{sev}\n{wide}");
        let last = row.rfind(cells[cells.len() - 1]).unwrap() + cells[cells.len() - 1].len();
        assert_eq!(row[..last].width(), still_open, "{sev}\n{wide}");
    }
    for line in wide.lines() {
        assert!(line.width() <= 140, "wider than 140: {line:?}\n{wide}");
    }

    let what_if = run(&[&october[..], &["--policy", &strict]].concat());
    assert!(what_if.contains("strict.tomlで判定"), "{what_if}");
    for word in [
        "指標",
        "記録時",
        "提案",
        "復旧達成率",
        "復旧p90",
        "深刻度2",
        "インシデント",
        "\u{2212}",
    ] {
        assert!(what_if.contains(word), "{word} in\n{what_if}");
    }
    let rows = table_lines(&what_if, "指標", "差は");
    assert!(rows.len() > 5, "{what_if}");
    // The heading, the rule, then the figures.
    let arrow = ends_at(rows[2], "\u{2192}");
    for line in &rows[2..] {
        assert!(line.width() <= 80, "wider than 80: {line:?}\n{what_if}");
        assert_eq!(ends_at(line, "\u{2192}"), arrow, "{line:?}\n{what_if}");
    }

    let trend = run(&["report", "--months", "3"]);
    assert!(trend.contains("月別・深刻度別"), "{trend}");
    for word in ["深刻", "待ち", "エスカ", "1時間", "2026-10"] {
        assert!(trend.contains(word), "{word} in\n{trend}");
    }
    for line in trend.lines() {
        assert!(line.width() <= 80, "wider than 80: {line:?}\n{trend}");
    }
}

/// `policy check`'s line, the reminder that a ticket still waits on the
/// customer, and the warning about a log others can read, in Japanese;
/// exit codes as in English.
#[test]
fn warnings_and_the_policy_checks_line_in_japanese() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new();
    let check = ja(&d, &["policy", "check"]);
    assert_eq!(check.code, d.run(&["policy", "check"]).code);
    assert!(
        check.stdout.ends_with(": 問題ありません\n"),
        "{}",
        check.stdout
    );

    d.run(&["open", "--severity", "2", "VXC down"]).ok();
    d.run(&["wait", "1"]).ok();
    let update = ja(&d, &["update", "1", "-m", "調査中"]);
    update.ok();
    assert_eq!(
        update.stderr,
        "#1はお客様待ちのままです。更新は記録しましたが、クロックは停止したままです。再開するには \"slaclock resume 1\" を実行してください（次回からは update に --resume を付けると、更新と再開を一度に記録できます）\n"
    );

    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let status = ja(&d, &["status"]);
    status.ok();
    assert_eq!(
        status.stderr.matches("警告: チケットログ").count(),
        1,
        "{}",
        status.stderr
    );
    assert!(
        status
            .stderr
            .contains("は他のユーザーが読めるか書き込めます（モード 644）")
            && status.stderr.contains("chmod 600"),
        "{}",
        status.stderr
    );
}

/// The environment's bad values are refused in Japanese, one line, with
/// the exit code English gives.
#[test]
fn the_environments_refusals_in_japanese() {
    let d = Desk::new();
    for (name, value, words) in [
        ("SLACLOCK_NOW", "tomorrow", "RFC 3339 の時刻ではありません"),
        (
            "TZ",
            "Nowhere/Atlantis",
            "IANA のタイムゾーン名でも POSIX TZ 文字列でもありません",
        ),
        ("TZ", "AEST-10AEDT", "いつ適用するかの規則がありません"),
        (
            "SLACLOCK_BUSY_TIMEOUT",
            "soon",
            "のような時間ではありません",
        ),
        ("SLACLOCK_BUSY_TIMEOUT", "2h", "1時間を超えています"),
    ] {
        let en = d.run_with(name, value, &["status"]);
        let jp = Run::from(
            d.cmd()
                .env(name, value)
                .env("LANG", "ja_JP.UTF-8")
                .arg("status")
                .output()
                .expect("run slaclock"),
        );
        assert_ne!(en.code, 0, "{name}={value}");
        assert_eq!(jp.code, en.code, "{name}={value}");
        assert!(jp.stdout.is_empty(), "{}", jp.stdout);
        assert_eq!(jp.stderr.trim_end().lines().count(), 1, "{}", jp.stderr);
        assert!(
            jp.stderr.contains(words) && jp.stderr.contains(name),
            "{}",
            jp.stderr
        );
    }
}

/// `-o` and `--chart` onto the ticket log, and a chart that is neither
/// SVG nor PNG, are refused in Japanese with English's exit codes, and
/// nothing is written.
#[test]
fn output_files_refused_in_japanese() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let log = d.db().to_str().expect("utf-8").to_string();
    let before = d.snapshot();
    for (args, words) in [
        (
            vec!["export", "-o", &log],
            "はチケットログそのものです。エクスポートには別のファイルを指定してください",
        ),
        (
            vec!["metrics", "-o", &log],
            "はチケットログそのものです。メトリクスには別のファイルを指定してください",
        ),
        (
            vec!["report", "--chart", "trend.txt"],
            "trend.txt は .svg でも .png でもありません",
        ),
    ] {
        let code = d.run(&args).code;
        let jp = ja(&d, &args);
        assert_eq!(jp.code, code, "{args:?}");
        assert_ne!(code, 0, "{args:?}");
        assert!(jp.stderr.contains(words), "{args:?}: {}", jp.stderr);
    }
    assert_eq!(d.snapshot(), before);
    assert!(!d.path("trend.txt").exists());
}

/// What a Japanese input method types for an id, a severity or a time
/// (full-width digits and signs, the ideographic space) reads as the ASCII
/// it stands for.
#[test]
fn full_width_ids_severities_and_times_are_read() {
    let d = Desk::new();
    d.run(OPEN_INCIDENT).ok();
    d.run(&["--lang", "ja", "update", "＃１", "--next-update", "in　2h"])
        .ok();
    // The promise is two hours out, as `in 2h` says.
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        s["clocks"]["update"]["promised_at"], "2026-11-24T02:00:00Z",
        "{s}"
    );
    d.run(&[
        "--lang",
        "ja",
        "severity",
        "１",
        "２",
        "--reason",
        "回避策あり",
    ])
    .ok();
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["severity"], 2, "{s}");
    assert_eq!(s["clocks"]["response"]["state"], "met", "{s}");
}

/// An escalation's reason is stored as its code (`slow`) and read in the
/// language's words wherever a person reads the timeline (`status`,
/// `--explain`); the event export (JSON, CSV) keeps the code, English the
/// code itself, and a wait's reason stays as it was typed.
#[test]
fn an_escalation_reason_reads_in_japanese_and_stays_a_code_for_scripts() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    ja(&d, &["escalate", "1", "--reason", "slow"]).ok();
    ja(
        &d,
        &[
            "escalate",
            "1",
            "--reason",
            "expectations",
            "--note",
            "期待通りでない",
        ],
    )
    .ok();
    d.run(&["wait", "1", "--reason", "slow"]).ok();
    for args in [&["status", "1"][..], &["status", "1", "--explain"]] {
        let one = ja(&d, args).ok().to_string();
        assert!(
            one.contains("レベル1、理由: 問題がすぐに解決されない"),
            "{one}"
        );
        assert!(
            one.contains("レベル2、理由: 期待通りのサポートができていない、期待通りでない"),
            "{one}"
        );
        // A wait's reason is free text, shown as typed.
        assert!(one.contains("理由: slow"), "{one}");
        assert!(!one.contains("expectations"), "{one}");
    }
    let english = d.run(&["status", "1"]).ok().to_string();
    assert!(
        english.contains("level 1; reason: slow")
            && english.contains("level 2; reason: expectations"),
        "{english}"
    );
    let json = ja(&d, &["export", "--events", "--format", "json"])
        .ok()
        .to_string();
    assert!(json.contains("\"reason\":\"slow\""), "{json}");
    assert!(json.contains("\"reason\":\"expectations\""), "{json}");
    let events = ja(&d, &["export", "--events"]).ok().to_string();
    assert!(events.contains(",slow,"), "{events}");
    assert!(events.contains(",expectations,"), "{events}");
}

/// A title cut to the board's width keeps each kana with its voiced mark
/// or leaves both out: ﾊﾟ is never shown as ﾊ (nor パ as ハ), at any width.
#[test]
fn a_cut_title_never_parts_a_kana_from_its_voiced_mark() {
    let d = Desk::new();
    let title = "パピプペポガギグゲゴﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ハ\u{309a}ヒ\u{3099}";
    ja(
        &d,
        &["open", "--severity", "2", "--customer", "ｶﾌﾞｼｷｶﾞｲｼｬ", title],
    )
    .ok();
    let at = |columns: usize| {
        let run = Run::from(
            d.cmd()
                .env("LANG", "ja_JP.UTF-8")
                .env("COLUMNS", columns.to_string())
                .arg("status")
                .output()
                .expect("run slaclock"),
        );
        run.ok().to_string()
    };
    // At 58 columns the title had 22: `…ゲゴﾊ…`.
    let board = at(58);
    assert!(board.contains("パピプペポガギグゲゴ… "), "{board}");
    for columns in 50..=90 {
        let board = at(columns);
        let row = board.lines().nth(2).expect("the ticket's row");
        for mark in ['\u{ff9f}', '\u{309a}', '\u{3099}', '\u{ff9e}'] {
            for (i, _) in title.match_indices(mark) {
                let letter = title[..i].chars().last().expect("a letter");
                // The letter shown only with its mark after it.
                let alone = format!("{letter}…");
                assert!(!row.contains(&alone), "{columns}: {row}");
            }
        }
    }
}

/// Text a user typed is quoted as typed in both languages, never escaped
/// as Rust's `{:?}` would (`"ﾊ\u{ff9f}ｹｯﾄ"`, `\"引用\"`): the timeline's
/// edits, `open --ref`'s refusal of different details, a refused ticket
/// number.
#[test]
fn user_text_is_quoted_as_typed_in_both_languages() {
    let d = Desk::new();
    let open = |customer: &str| {
        let args = [
            "open",
            "--severity",
            "2",
            "--customer",
            customer,
            "--ref",
            "ﾃﾞ\"1\"",
            "ﾊﾟｹｯﾄ",
        ];
        (ja(&d, &args), d.run(&args))
    };
    open("ﾊﾟ").0.ok();
    let retitled = "ハ\u{309a}ケット \"引用\"";
    ja(&d, &["edit", "1", "--title", retitled]).ok();
    let timeline = ja(&d, &["status", "1"]).ok().to_string();
    assert!(
        timeline.contains("件名 \"ﾊﾟｹｯﾄ\" → \"ハ\u{309a}ケット \"引用\"\""),
        "{timeline}"
    );
    let english = d.run(&["status", "1"]).ok().to_string();
    assert!(
        english.contains("title \"ﾊﾟｹｯﾄ\" → \"ハ\u{309a}ケット \"引用\"\""),
        "{english}"
    );
    let (ja_run, en_run) = open("ﾎﾟ");
    let err = ja_run.fails(1).to_string();
    assert!(err.contains("--ref \"ﾃﾞ\"1\"\" はすでにチケット#1"), "{err}");
    assert!(err.contains("お客様は\"ﾊﾟ\"（指定は\"ﾎﾟ\"）"), "{err}");
    let err_en = en_run.fails(1).to_string();
    assert!(err_en.contains("--ref \"ﾃﾞ\"1\"\""), "{err_en}");
    let err_id = ja(&d, &["status", "ﾊﾟ"]).fails(2).to_string();
    assert!(
        err_id.contains("\"ﾊﾟ\" はチケット番号ではありません"),
        "{err_id}"
    );
    for said in [&timeline, &english, &err, &err_en, &err_id] {
        assert!(!said.contains("\\u{") && !said.contains("\\\""), "{said}");
    }
}

/// A wait has one name in Japanese, 「お客様待ち」: in the state column, in
/// the next deadline of a ticket with no other deadline, and in the
/// echoes, as in the watch's keys.
#[test]
fn a_wait_has_one_name_in_japanese() {
    let mut d = Desk::new();
    ja(&d, &["open", "--kind", "inquiry", "q"]).ok();
    ja(&d, &["update", "1", "--message", "x"]).ok();
    let echo = ja(&d, &["wait", "1", "--reason", "y"]).ok().to_string();
    assert!(echo.contains("お客様待ち"), "{echo}");
    d.at("2026-11-24T01:00:00Z");
    let board = ja(&d, &["status"]).ok().to_string();
    let row = board
        .lines()
        .find(|l| l.starts_with("1 "))
        .expect("the inquiry's row");
    assert!(row.contains("お客様待ち  お客様待ち 1時間"), "{board}");
    for text in [&board, &echo] {
        assert!(!text.contains("顧客"), "{text}");
    }
}

/// Lists in Japanese are joined with 「、」 (`list-comma`), in English with
/// `, `: the recent tickets of a refusal, the holidays of `policy show`,
/// the tickets a new policy version moves.
#[test]
fn japanese_lists_are_joined_with_the_japanese_comma() {
    let d = Desk::new();
    for title in ["a", "b", "c"] {
        ja(&d, &["open", "--severity", "2", title]).ok();
    }
    let err = ja(&d, &["status", "99"]).fails(1).to_string();
    assert!(err.contains("最近のチケット: #3、#2、#1"), "{err}");
    let en = d.run(&["status", "99"]).fails(1).to_string();
    assert!(en.contains("#3, #2, #1"), "{en}");
    let policy = ja(&d, &["policy", "show"]).ok().to_string();
    assert!(
        policy.contains("休日: 2026-01-01、2026-01-26、"),
        "{policy}"
    );
    let file = d.path("severity.toml");
    let path = file.to_str().expect("path");
    ja(&d, &["init", path]).ok();
    let text = std::fs::read_to_string(&file).expect("the policy");
    let changed = text.replacen("response = \"15m\"", "response = \"20m\"", 1);
    assert_ne!(text, changed);
    std::fs::write(&file, changed).expect("write the policy");
    let applied = ja(&d, &["--policy", path, "policy", "apply"])
        .ok()
        .to_string();
    assert!(applied.contains(": #1、#2、#3"), "{applied}");
}

/// Japanese refusals name what the published page names: 「サポートチケット」
/// (one word, as `policy show` writes it) and the severities by their
/// published names.
#[test]
fn refusals_use_the_published_words() {
    let d = Desk::new();
    let err = ja(&d, &["open", "--severity", "4", "x"])
        .fails(2)
        .to_string();
    let incident = ja(&d, &["open", "--kind", "incident", "x"])
        .fails(2)
        .to_string();
    for text in [&err, &incident] {
        for name in [
            "1「サービスの損失」",
            "2「サービスが部分的に低下したり、断続的に障害が発生する」",
            "3「サービスに影響を与えないインシデント」",
        ] {
            assert!(text.contains(name), "{text}");
        }
    }
    let referral = ja(&d, &["open", "--kind", "billing", "x"])
        .fails(1)
        .to_string();
    assert!(
        referral.contains("サポートチケットではありません"),
        "{referral}"
    );
}

/// `status ID`'s first line names the customer and the service with a
/// label in Japanese, where English says `for B, on VXC`: a bare name after
/// the kind would read as part of it.
#[test]
fn the_ticket_header_labels_its_customer_and_service() {
    let d = Desk::new();
    ja(&d, &["open", "--severity", "2", "--customer", "B", "二"]).ok();
    ja(&d, &["open", "--severity", "3", "--service", "VXC-9", "三"]).ok();
    let first = |id: &str| {
        ja(&d, &["status", id])
            .ok()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let one = first("1");
    assert!(one.starts_with("#1 二 (インシデント、深刻度2: "), "{one}");
    assert!(one.ends_with(") お客様: B"), "{one}");
    assert!(first("2").ends_with(") サービス: VXC-9"), "{}", first("2"));
    let english = d.run(&["status", "1"]).ok().to_string();
    assert!(
        english
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with(") for B"),
        "{english}"
    );
}

/// What a `policy apply` moved is said in the reader's language in the
/// timeline (「ポリシー版 1 → 2」), while the record, and what exports
/// carry, keep `policy version 1 -> 2`.
#[test]
fn a_policy_apply_in_the_timeline_is_said_in_japanese() {
    let d = Desk::new();
    ja(&d, &["open", "--severity", "2", "a"]).ok();
    let file = d.path("severity.toml");
    let path = file.to_str().expect("path");
    ja(&d, &["init", path]).ok();
    let text = std::fs::read_to_string(&file).expect("the policy");
    std::fs::write(
        &file,
        text.replacen("response = \"15m\"", "response = \"20m\"", 1),
    )
    .expect("write the policy");
    ja(&d, &["--policy", path, "policy", "apply"]).ok();
    let timeline = ja(&d, &["--policy", path, "status", "1"]).ok().to_string();
    let line = timeline
        .lines()
        .find(|l| l.starts_with("2 "))
        .expect("the policy's event");
    assert!(
        line.contains("ポリシー適用") && line.ends_with("ポリシー版 1 → 2"),
        "{timeline}"
    );
    assert!(!timeline.contains("policy version"), "{timeline}");
    let english = d.run(&["--policy", path, "status", "1"]).ok().to_string();
    assert!(english.contains("policy version 1 -> 2"), "{english}");
    let events = ja(&d, &["export", "--events"]).ok().to_string();
    assert!(events.contains("policy version 1 -> 2"), "{events}");
}

/// A ticket reported this very second was reported 「たった今」 (`just
/// now`), not 「0秒前」 (`0s ago`); a minute later, a minute ago.
#[test]
fn a_ticket_reported_this_second_was_reported_just_now() {
    let mut d = Desk::new();
    ja(&d, &["open", "--severity", "2", "a"]).ok();
    let one = ja(&d, &["status", "1"]).ok().to_string();
    assert!(one.contains("AEST（たった今）、"), "{one}");
    let en = d.run(&["status", "1"]).ok().to_string();
    assert!(en.contains("AEST (just now); "), "{en}");
    d.at("2026-11-24T00:01:00Z");
    let one = ja(&d, &["status", "1"]).ok().to_string();
    assert!(one.contains("AEST（1分前）、"), "{one}");
    let en = d.run(&["status", "1"]).ok().to_string();
    assert!(en.contains("AEST (1m ago); "), "{en}");
}

/// Japanese is written in UTF-8: a Japanese locale in another codeset (an
/// EUC-JP or Shift_JIS terminal) gets English, which it shows as written,
/// rather than Japanese it would garble.
#[test]
fn a_japanese_locale_in_another_codeset_gets_english() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    for locale in ["ja_JP.eucJP", "ja_JP.SJIS"] {
        let out = d.run_with("LANG", locale, &["status", "1"]);
        assert!(
            out.ok().contains("incident, severity 1"),
            "{locale}: {}",
            out.stdout
        );
        assert!(
            !out.stdout.contains("インシデント"),
            "{locale}: {}",
            out.stdout
        );
    }
    let utf8 = d.run_with("LANG", "ja_JP.UTF-8", &["status", "1"]);
    assert!(utf8.ok().contains("インシデント"), "{}", utf8.stdout);
}
