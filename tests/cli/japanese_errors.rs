//! The last English words on the app side in Japanese (issue 20): clap's
//! usage errors, `report`'s and the charts' words, `watch`'s terminal
//! errors, `holidays`' refusals, the policy file's errors and the
//! remaining refusals, each with the exit code English gives, and the
//! English unchanged.

use clap::Parser;
use slaclock::cli::Cli;

use super::util::{Desk, Run};

/// Runs `args` under a Japanese locale.
fn ja(d: &Desk, args: &[&str]) -> Run {
    Run::from(
        d.cmd()
            .env("LANG", "ja_JP.UTF-8")
            .args(args)
            .output()
            .expect("run slaclock"),
    )
}

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
        err.starts_with("エラー: '--kind <KIND>' に値 'incidnet' は使えません\n  ［使える値: incident, provisioning, inquiry, billing, sales］\n\n  ヒント: 似た値があります: 'incident'\n"),
        "{err}"
    );
    let err = ja(&d, &["metrics", "--warn-at", "0"]).fails(2).to_string();
    assert!(
        err.starts_with("エラー: '--warn-at <WARN_AT>' に値 '0' は使えません: 0 は 1 から 100 までの範囲にありません\n"),
        "{err}"
    );
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
