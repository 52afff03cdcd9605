//! The last English words on the app side in Japanese (issue 20): clap's
//! usage errors, `report`'s and the charts' words, `watch`'s terminal
//! errors, `holidays`' refusals, the policy file's errors and the
//! remaining refusals, each with the exit code English gives, and the
//! English unchanged.

use clap::Parser;
use slaclock::cli::Cli;

use super::util::{Desk, Run, ja};

/// Asserts that `text` holds no English word of those an error is made of.
#[track_caller]
fn no_english(text: &str, args: &[&str]) {
    for english in [
        "error", "warning", "cannot", "found", "invalid", "required", "tip:", "Usage", "For more",
        " the ", " is ", " not ", "give ", "nothing",
    ] {
        assert!(!text.contains(english), "{args:?}: {english:?} in {text}");
    }
}

/// Command lines clap refuses: a flag it does not know (with and without
/// a similar one), a command it does not know, a value not among the
/// possible ones, a missing value, arguments that cannot go together, a
/// required argument missing, a flag given twice, a number out of range.
const CLAP_REFUSES: &[&[&str]] = &[
    &["status", "--bogus"],
    &["status", "--formt", "json"],
    &["stauts"],
    &["open", "--kind", "incidnet", "t"],
    &["status", "--format"],
    &["report", "--by", "customer", "--months", "3"],
    &["notify"],
    &["update"],
    &["open", "--severity", "1", "--severity", "2", "t"],
    &["metrics", "--warn-at", "0"],
    &["report", "--months", "x"],
    &["status", "1", "2"],
];

/// In English, clap's usage errors are clap's own text, byte for byte.
#[test]
fn claps_errors_in_english_are_claps_own() {
    let d = Desk::new();
    for args in CLAP_REFUSES {
        let run = d.run(args);
        let clap = Cli::try_parse_from(std::iter::once("slaclock").chain(args.iter().copied()))
            .expect_err("clap refuses it");
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr, clap.to_string(), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

/// In Japanese, the same errors are told in Japanese in the same layout,
/// exit 2; `--help` and `--version` still exit 0.
#[test]
fn claps_errors_in_japanese() {
    let d = Desk::new();
    for args in CLAP_REFUSES {
        let run = ja(&d, args);
        let err = run.fails(2);
        assert!(err.starts_with("エラー: "), "{args:?}: {err}");
        no_english(err, args);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    let err = ja(&d, &["status", "--formt", "json"]).fails(2).to_string();
    assert_eq!(
        err,
        "エラー: 予期しない引数 '--formt' があります\n\n  ヒント: 似た引数があります: '--format'\n\n使い方: slaclock status --format <FORMAT> [ID]\n\n詳しくは '--help' を見てください。\n"
    );
    let err = ja(&d, &["open", "--kind", "incidnet", "t"])
        .fails(2)
        .to_string();
    assert!(
        err.starts_with("エラー: '--kind <KIND>' に値 'incidnet' は使えません\n  ［使える値: incident、provisioning、inquiry、billing、sales］\n\n  ヒント: 似た値があります: 'incident'\n"),
        "{err}"
    );
    let err = ja(&d, &["metrics", "--warn-at", "0"]).fails(2).to_string();
    assert!(
        err.starts_with("エラー: '--warn-at <WARN_AT>' に値 '0' は使えません: 0 は 1 から 100 までの範囲にありません\n"),
        "{err}"
    );
    // A flag for the other form of `status`, in Japanese, whole.
    for (args, words) in [
        (
            &["status", "1", "--customer", "x"][..],
            "--customer はボードに出すチケットを選ぶもの",
        ),
        (&["status", "--explain"], "--explain は一件のチケットの期限"),
        (
            &["status", "1", "--explain", "--format", "json"],
            "--explain は文章で示すもの",
        ),
    ] {
        let err = ja(&d, args).fails(2).to_string();
        assert!(err.contains(words), "{args:?}: {err}");
        no_english(&err, args);
    }
    // A value parser's own refusal stays one line, already in Japanese.
    let err = ja(&d, &["status", "abc"]).fails(2).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("はチケット番号ではありません"), "{err}");
    for flag in ["--help", "--version"] {
        let run = ja(&d, &[flag]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        assert!(!run.stdout.is_empty());
    }
    // The help clap shows for a command missing its subcommand stays
    // English help, exit 2.
    let run = ja(&d, &["policy"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Usage: slaclock policy"),
        "{}",
        run.stderr
    );
}

/// Runs `args` in both languages: the same exit code (not 0), Japanese
/// holding `ja_words` and no English words, English holding `en_words`.
#[track_caller]
fn both(d: &Desk, args: &[&str], ja_words: &str, en_words: &str) -> (Run, Run) {
    let before = d.snapshot();
    let (jp, en) = (ja(d, args), d.run(args));
    assert_ne!(en.code, 0, "{args:?}: {}", en.stderr);
    assert_eq!(jp.code, en.code, "{args:?}: {}", jp.stderr);
    assert!(jp.stderr.contains(ja_words), "{args:?}: {}", jp.stderr);
    no_english(&jp.stderr, args);
    assert!(en.stderr.contains(en_words), "{args:?}: {}", en.stderr);
    assert_eq!(d.snapshot(), before, "{args:?} changed the log");
    (jp, en)
}

/// `report`'s refusals, `watch` without a terminal, `init` over a file,
/// `migrate` onto itself, `notify` with an empty command, `escalate`
/// without a reason, `severity` without its level or reason and `status
/// --as-of` before a ticket, in Japanese.
#[test]
fn the_commands_refusals_in_japanese() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "--ref", "CASE-1", "VXC down"])
        .ok();
    d.at("2026-11-24T01:00:00Z");
    both(
        &d,
        &["report", "--since", "2026-11-01", "--until", "2026-10-01"],
        "より前にしてください",
        "must be before --until",
    );
    both(
        &d,
        &["report", "--since", "2027-01-01"],
        "は現在（2026年11月24日(火) 11:00 AEST）より前にしてください",
        "must be before now (2026-11-24 11:00 AEST)",
    );
    both(
        &d,
        &["report", "--chart", "t.svg", "--since", "2026-10-01"],
        "--since、--until、--by は指定できません",
        "--chart draws the trend of the last --months N",
    );
    assert!(!d.path("t.svg").exists());
    both(
        &d,
        &["export", "--since", "2026-11-02", "--until", "2026-11-01"],
        "より前にしてください",
        "must be before --until",
    );
    let (jp, _) = both(
        &d,
        &["watch"],
        "標準出力が端末ではありません",
        "watch draws a live board on a terminal",
    );
    assert_eq!(jp.stderr.lines().count(), 1, "{}", jp.stderr);
    std::fs::write(d.path("severity.toml"), "# mine\n").unwrap();
    both(
        &d,
        &["init", "severity.toml"],
        "はすでにあります。既定のポリシーで上書きするには --force",
        "already exists; pass --force",
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        "# mine\n"
    );
    std::fs::remove_file(d.path("severity.toml")).unwrap();
    let log = d.db().to_str().unwrap().to_string();
    both(
        &d,
        &["migrate", "--from", &log, "--to", &log],
        "が同じログ",
        "are the same log",
    );
    both(
        &d,
        &["notify", "--exec", " "],
        "にはシェルのコマンドが必要です",
        "--exec needs a shell command",
    );
    both(
        &d,
        &["notify", "--webhook", "ftp://x"],
        "には http:// か https:// の URL が必要です",
        "--webhook needs an http:// or https:// URL",
    );
    both(
        &d,
        &["escalate", "1"],
        "には --reason impact、slow、expectations のいずれかが必要です",
        "escalate needs --reason impact, slow or expectations",
    );
    // `severity` without a terminal to ask in: the same two usage errors.
    let (jp, _) = both(
        &d,
        &["severity", "1"],
        "severity には新しい深刻度（1、2、3）が必要です",
        "severity needs the new severity (1, 2 or 3)",
    );
    assert_eq!(jp.code, 2);
    let (jp, _) = both(
        &d,
        &["severity", "3", "1"],
        "severity には --reason（理由）が必要です",
        "severity needs --reason TEXT",
    );
    assert_eq!(jp.code, 2);
    both(
        &d,
        &["status", "1", "--as-of", "2026-11-24 09:00"],
        "の時点ではまだ記録されていません",
        "was not yet recorded at",
    );
    let (jp, _) = both(
        &d,
        &[
            "open",
            "--kind",
            "inquiry",
            "--ref",
            "CASE-1",
            "--customer",
            "ACME",
            "VXC down",
        ],
        "はすでにチケット#1（報告 2026年11月24日(火) 10:00 AEST）で、種別、深刻度、お客様が異なります: 種別はincident（指定はinquiry）、深刻度は1（指定は3）、お客様はなし（指定は\"ACME\"）。何も記録していません",
        "whose kind, severity and customer differ: kind incident (you gave inquiry); severity 1 (you gave 3); customer none (you gave \"ACME\")",
    );
    assert_eq!(jp.stderr.lines().count(), 1, "{}", jp.stderr);
}

/// `holidays import`'s refusals: the embedded policy, a file that is not
/// UTF-8, no terminal and no --yes; and its warning's prefix.
#[test]
fn holidays_refusals_in_japanese() {
    let d = Desk::new();
    std::fs::write(
        d.path("staff.ics"),
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let import = ["holidays", "import", "staff.ics", "--calendar", "business"];
    both(
        &d,
        &import,
        "埋め込みの既定ポリシーを使っていて、これは編集できません",
        "slaclock is using its embedded default policy",
    );
    std::fs::write(d.path("severity.toml"), slaclock::sla::DEFAULT_POLICY).unwrap();
    let (jp, _) = both(
        &d,
        &import,
        "確認する端末がないため、severity.toml にこの休日を書き込むには --yes を指定してください",
        "not written: without a terminal to ask on, pass --yes",
    );
    assert_eq!(jp.code, 2);
    std::fs::write(d.path("bad.ics"), b"BEGIN:VCALENDAR\r\n\xff\r\n").unwrap();
    both(
        &d,
        &["holidays", "import", "bad.ics", "--calendar", "business"],
        "bad.ics:2: ファイルが UTF-8 のテキストではありません（ここにバイト 0xff）",
        "bad.ics:2: the file is not UTF-8 text (byte 0xff here)",
    );
    // The warning about a calendar with no holiday ahead (here in 2030,
    // past every date the shipped policy lists) starts 「警告:」.
    let mut d = d;
    d.at("2030-06-01T00:00:00Z");
    let run = ja(&d, &["policy", "show"]);
    run.ok();
    assert!(run.stderr.starts_with("警告: "), "{}", run.stderr);
    no_english(&run.stderr, &["policy", "show"]);
    let en = d.run(&["policy", "show"]);
    assert!(en.stderr.starts_with("warning: "), "{}", en.stderr);
}

/// `status --explain` in Japanese: the spans line up by display width,
/// whatever the width of each date.
#[test]
fn explain_lines_up_by_display_width_in_japanese() {
    use unicode_width::UnicodeWidthStr;
    let mut d = Desk::new();
    d.run_at(
        "2026-12-24T05:00:00Z",
        &["open", "--severity", "3", "Christmas glitch"],
    )
    .ok();
    d.run_at("2026-12-24T06:00:00Z", &["wait", "1"]).ok();
    d.run_at("2026-12-24T06:30:00Z", &["resume", "1"]).ok();
    d.at("2026-12-30T06:30:00Z");
    let out = ja(&d, &["status", "1", "--explain"]).ok().to_string();
    let restore = out
        .split("復旧までの時間: ")
        .nth(1)
        .expect("restore's trace");
    let ends: Vec<usize> = restore
        .lines()
        .filter(|l| l.starts_with("  計上") || l.starts_with("  停止"))
        .map(|l| {
            let span_end = l.find("  （").unwrap_or(l.len());
            l[..span_end].width()
        })
        .collect();
    assert!(ends.len() >= 9, "{out}");
    // Eight columns of span right-aligned after equally wide dates; one
    // span wider than eight columns (「6時間30分」) sticks out by one.
    let most = ends.iter().filter(|w| **w == ends[0]).count();
    assert!(most >= ends.len() - 1, "{ends:?}\n{out}");
    assert!(
        out.contains("2027年1月4日(月) 09:00 AEST - 17:00       8時間"),
        "{out}"
    );
}

/// The policy file that cannot be read, or that has problems, is refused
/// in Japanese around the problems' own lines (which stay English, with
/// their file, line and column); exit codes as in English.
#[test]
fn the_policy_files_refusals_in_japanese() {
    let d = Desk::new();
    std::fs::create_dir(d.path("folder.toml")).unwrap();
    both(
        &d,
        &["--policy", "folder.toml", "open", "--severity", "1", "t"],
        "ポリシーファイル folder.toml はフォルダーで、通常のファイルではありません。severity.toml のパスを指定してください",
        "the policy file folder.toml is a folder, not a regular file; give the path of a severity.toml",
    );
    let one = slaclock::sla::DEFAULT_POLICY.replace(
        "severity_change = \"retroactive\"",
        "severity_change = \"sometimes\"",
    );
    assert_ne!(one, slaclock::sla::DEFAULT_POLICY);
    std::fs::write(d.path("one.toml"), &one).unwrap();
    let args = ["--policy", "one.toml", "open", "--severity", "1", "t"];
    let (jp, en) = (ja(&d, &args), d.run(&args));
    assert_eq!((jp.code, en.code), (1, 1), "{}{}", jp.stderr, en.stderr);
    assert!(
        jp.stderr.starts_with("エラー: one.toml:")
            && jp
                .stderr
                .trim_end()
                .ends_with("（ポリシーを読み込んでいません。何も変更していません）"),
        "{}",
        jp.stderr
    );
    assert!(
        en.stderr
            .trim_end()
            .ends_with("(the policy was not loaded; nothing was changed)"),
        "{}",
        en.stderr
    );
    let two = one.replace("remind_after = \"24h\"", "remind_after = \"soon\"");
    assert_ne!(two, one);
    std::fs::write(d.path("two.toml"), &two).unwrap();
    let args = ["--policy", "two.toml", "open", "--severity", "1", "t"];
    let (jp, en) = (ja(&d, &args), d.run(&args));
    assert_eq!((jp.code, en.code), (1, 1), "{}{}", jp.stderr, en.stderr);
    assert!(
        jp.stderr.starts_with(
            "エラー: ポリシーファイル two.toml に問題が2件あります。何も変更していません\ntwo.toml:"
        ),
        "{}",
        jp.stderr
    );
    assert!(
        en.stderr.starts_with(
            "error: 2 problems in the policy file two.toml; nothing was changed\ntwo.toml:"
        ),
        "{}",
        en.stderr
    );
}

/// A bug's one line is told in Japanese too, saying as much and as little
/// as in English; `check`'s stays English (it is for monitors). Only a
/// debug build can be made to panic (`SLACLOCK_TEST_PANIC`).
#[test]
fn a_bugs_line_in_japanese() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let run = |args: &[&str]| {
        d.cmd()
            .args(args)
            .env("LANG", "ja_JP.UTF-8")
            .env("SLACLOCK_TEST_PANIC", "1")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap()
    };
    let out = run(&["update", "1"]);
    assert_eq!(out.status.code(), Some(101));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("slaclock: 内部エラー"), "{stderr}");
    assert!(
        stderr.contains("記録されたかどうかはわかりません"),
        "{stderr}"
    );
    let out = run(&["status"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("slaclock: 内部エラー"), "{stderr}");
    assert!(!stderr.contains("記録"), "{stderr}");
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("UNKNOWN: internal error"), "{stdout}");
}

/// Lengths of time inside Japanese messages are Japanese, in the board's
/// units: the clock-behind warning (「1分30秒」, to the second) and
/// notify's `--timeout` (a hanging command stopped, the events left for
/// the next run); English says what it said.
#[test]
fn durations_in_messages_are_in_the_readers_language() {
    let mut d = Desk::new();
    for (customer, at) in [
        ("ACME", "2026-11-24T00:00:00Z"),
        ("Beta", "2026-11-24T00:01:00Z"),
    ] {
        d.at(at);
        d.run(&[
            "open",
            "--severity",
            "1",
            "--customer",
            customer,
            "VXC down",
        ])
        .ok();
    }
    d.at("2026-11-23T23:59:30Z");
    let jp = ja(&d, &["status"]);
    jp.ok();
    assert!(jp.stderr.contains("より1分30秒後です"), "{}", jp.stderr);
    no_english(&jp.stderr, &["status"]);
    let en = d.run(&["status"]);
    assert!(
        en.stderr.contains(", 1m 30s later than now"),
        "{}",
        en.stderr
    );
    // Both tickets due to be told; the command hangs on the first.
    d.at("2026-11-24T00:30:00Z");
    let args = ["notify", "--exec", "sleep 600", "--timeout", "1s"];
    let (jp, en) = both(
        &d,
        &args,
        "コマンドが1秒（--timeout）以内に終わらなかったため止めました",
        "the command did not finish within 1s (--timeout)",
    );
    assert!(
        jp.stderr.contains("受け手が1秒（--timeout）以内に"),
        "{}",
        jp.stderr
    );
    assert!(!jp.stderr.contains("1s"), "{}", jp.stderr);
    assert!(en.stderr.contains("within 1s (--timeout)"), "{}", en.stderr);
}
