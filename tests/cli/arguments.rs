//! Arguments are typed by clap as it reads them: a time's form, a ticket
//! id, a severity and a format each either parse or make a usage error
//! (exit 2, one line naming the argument) before anything is opened; and
//! `--help` offers only what a command accepts.

use super::util::*;

/// A desk with #1 (severity 2, opened at 10:00 Brisbane) and an hour gone.
fn desk() -> Desk {
    let mut d = Desk::new();
    d.run(&[
        "open",
        "--severity",
        "2",
        "--customer",
        "ACME",
        "Packet loss",
    ])
    .ok();
    d.at("2026-11-24T01:00:00Z");
    d
}

/// A usage error: exit 2, one line starting `error: <argument>: `, and
/// the log as it was.
#[track_caller]
fn usage_error(d: &Desk, args: &[&str], starts: &str) {
    let before = d.snapshot();
    let run = d.run(args);
    let err = run.fails(2).trim_end().to_string();
    assert!(err.starts_with(starts), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    assert_eq!(d.snapshot(), before, "{args:?} changed the log");
}

#[test]
fn a_malformed_time_is_a_usage_error_on_every_time_flag() {
    let d = desk();
    let cases: [(&[&str], &str); 9] = [
        (&["open", "--severity", "1", "--at", "teatime", "x"], "--at"),
        (&["update", "1", "--at", "teatime"], "--at"),
        (
            &["update", "1", "--next-update", "teatime"],
            "--next-update",
        ),
        (&["wait", "1", "--at", "teatime"], "--at"),
        (&["status", "--as-of", "teatime"], "--as-of"),
        (&["status", "1", "--as-of", "teatime"], "--as-of"),
        (&["export", "--since", "teatime"], "--since"),
        (&["report", "--until", "teatime"], "--until"),
        (
            &["report", "--since", "2026-11-01", "--until", "teatime"],
            "--until",
        ),
    ];
    for (args, flag) in cases {
        // The bounds of a period take a day alone too, and say so.
        let said = match flag {
            "--since" | "--until" => format!(
                "error: {flag}: \"teatime\" is not a day or a time; give a day alone for its \
                 first instant (\"2026-11-01\", \"yesterday\", \"mon\"), or use RFC 3339"
            ),
            _ => format!("error: {flag}: \"teatime\" is not a time; use RFC 3339"),
        };
        usage_error(&d, args, &said);
        if !matches!(flag, "--since" | "--until") {
            assert!(!d.run(args).stderr.contains("day alone"), "{args:?}");
        }
    }
    // In Japanese too.
    let err = ja(&d, &["export", "--since", "teatime"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("は日でも時刻でもありません。日だけ（\"2026-11-01\"、\"yesterday\"、\"mon\"：その日の始まり）"),
        "{err}"
    );
    // A well-formed time that names no instant now is refused by the
    // command, as before: exit 1.
    let run = d.run(&["update", "1", "--at", "in 5m"]);
    assert!(run.fails(1).contains("in the future"), "{}", run.stderr);
}

#[test]
fn a_malformed_time_creates_no_log() {
    let d = Desk::new();
    let run = d.run(&["open", "--severity", "1", "--at", "soonish", "x"]);
    run.fails(2);
    assert!(!d.db().exists());
}

#[test]
fn ticket_ids_and_severities_are_checked_as_they_are_read() {
    let d = desk();
    usage_error(
        &d,
        &["update", "one"],
        "error: ID: \"one\" is not a ticket number",
    );
    usage_error(
        &d,
        &["note", "9223372036854775808", "text"],
        "error: ID: 9223372036854775808 is larger than any ticket number",
    );
    usage_error(
        &d,
        &["severity", "1", "4", "--reason", "x"],
        "error: SEVERITY: \"4\" is not a severity; give 1, 2 or 3",
    );
    usage_error(
        &d,
        &["status", "--severity", "0"],
        "error: --severity: \"0\" is not a severity",
    );
    // The largest id is still an id: there is just no such ticket.
    let run = d.run(&["note", "9223372036854775807", "text"]);
    assert!(run.fails(1).contains("no ticket #9223372036854775807"));
}

#[test]
fn each_command_offers_only_the_formats_it_writes() {
    let d = desk();
    for (command, values) in [
        ("status", "[possible values: table, json]"),
        ("check", "[possible values: text, json]"),
        ("export", "[possible values: csv, json]"),
        ("report", "[possible values: table, json, csv]"),
    ] {
        let help = d.run(&[command, "--help"]).ok().replace('\n', " ");
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains(values), "{command}: {help}");
    }
    for args in [
        &["status", "--format", "csv"][..],
        &["status", "1", "--format", "csv"],
        &["export", "--format", "table"],
        &["report", "--format", "text"],
    ] {
        let run = d.run(args);
        assert!(
            run.fails(2).contains("invalid value"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // `check` answers a bad format as UNKNOWN, like any usage error.
    let run = d.run(&["check", "--format", "csv"]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(run.stdout.starts_with("UNKNOWN: invalid value 'csv'"));
    // `table`, the name check's text had before, still means text.
    let text = d.run(&["check", "--format", "text"]);
    let table = d.run(&["check", "--format", "table"]);
    assert_eq!((table.code, &table.stdout), (text.code, &text.stdout));
    assert_eq!(text.stdout, d.run(&["check"]).stdout);
}

#[test]
fn status_kind_offers_only_kinds_of_ticket() {
    let d = desk();
    let help = d.run(&["status", "--help"]).ok().to_string();
    assert!(!help.contains("billing"), "{help}");
    d.run(&["status", "--kind", "billing"]).fails(2);
    let open_help = d.run(&["open", "--help"]).ok().to_string();
    assert!(open_help.contains("billing"), "{open_help}");
}

#[test]
fn an_escalation_records_the_reason_code() {
    let d = desk();
    for reason in ["impact", "slow", "expectations"] {
        d.run(&["escalate", "1", "--reason", reason]).ok();
    }
    let events = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .to_string();
    let reasons: Vec<String> = events
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
        .filter(|e| e["kind"] == "escalated")
        .map(|e| e["reason"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(reasons, ["impact", "slow", "expectations"]);
}

/// A mistyped command's tip names the closest command first (clap lists
/// them closest last), in both languages (Japanese joins them with 、).
#[test]
fn a_mistyped_command_is_answered_with_the_closest_first() {
    let d = desk();
    for (typed, tip) in [
        ("escalte", "'escalate', 'resolve'"),
        ("resovle", "'resolve', 'reopen', 'resume'"),
        ("wacth", "'watch', 'wait'"),
    ] {
        let err = d.run(&[typed, "1"]).fails(2).to_string();
        assert!(
            err.contains(&format!("tip: some similar subcommands exist: {tip}\n")),
            "{typed}: {err}"
        );
        // Japanese lists the same names, joined with 、.
        let err = ja(&d, &[typed, "1"]).fails(2).to_string();
        let tip = tip.replace("', '", "'、'");
        assert!(err.contains(&format!(": {tip}\n")), "{typed}: {err}");
    }
}

#[test]
fn check_answers_unknown_to_any_command_line_clap_refuses() {
    let d = desk();
    for args in [
        &["check", "--bogus"][..],
        &["--bogus", "check"],
        &["--bogus=1", "--utc", "check", "-q"],
        &["--color", "never", "check", "--as-of", "teatime"],
        &["--db", "x.db", "check", "--warn-at", "0"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.starts_with("UNKNOWN: "),
            "{args:?}: {}",
            run.stdout
        );
        assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    }
    // A near miss keeps clap's tip, on the one line.
    let run = d.run(&["check", "--timout", "3s"]);
    assert_eq!(
        run.stdout,
        "UNKNOWN: unexpected argument '--timout' found (a similar argument exists: '--timeout')\n"
    );
    // A value it does not take keeps the values it does.
    let run = d.run(&["check", "--format", "csv"]);
    assert_eq!(
        run.stdout,
        "UNKNOWN: invalid value 'csv' for '--format <FORMAT>' (possible values: text, json)\n"
    );
    // Asked for JSON, the refusal is the JSON verdict, whatever else is
    // wrong on the line.
    for args in [
        &["check", "--format", "json", "--timeout", "0s"][..],
        &["check", "--format=json", "--as-of", "teatime"],
        &["check", "--bogus", "--format", "json"],
        // A refused value before `--format json`: clap stops reading there.
        &["check", "--as-of", "2026-11-24", "--format", "json"],
        &["check", "--warn-at", "200", "--format=json"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
        assert_eq!(
            (json["status"].as_str(), json["exit_code"].as_i64()),
            (Some("UNKNOWN"), Some(3)),
            "{args:?}"
        );
        assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{json}"
        );
    }
    // Any other command's usage error is 2, whatever it mentions.
    for args in [
        &["--bogus", "status"][..],
        &["status", "--ref"],
        &["note", "check"],
    ] {
        assert_eq!(d.run(args).code, 2, "{args:?}");
    }
}

/// Text with spaces left unquoted after `--message`, `--reason` or
/// `--note` was clap's bare "unexpected argument" (issue 14 asked for
/// unquoted text). The options still take one value (several would
/// swallow the arguments after them), so it stays a usage error (2), with
/// a tip naming the option and showing its words quoted, in either
/// language; nothing is recorded. An option whose value is no text
/// (`escalate --reason slow`) gets no such tip.
#[test]
fn unquoted_text_after_an_option_gets_a_tip_to_quote_it() {
    let d = desk();
    let before = d.snapshot();
    for (args, tip) in [
        (
            &[
                "update",
                "1",
                "--message",
                "Engineer",
                "assigned",
                "checking",
            ][..],
            "--message \"Engineer assigned checking\"",
        ),
        (
            &["update", "1", "-m", "Engineer", "assigned", "--resume"],
            "-m \"Engineer assigned\"",
        ),
        (
            &["wait", "1", "--reason", "need", "the", "LOA"],
            "--reason \"need the LOA\"",
        ),
        (
            &["resolve", "1", "--note", "all", "good", "now"],
            "--note \"all good now\"",
        ),
        (
            &["resolve", "1", "--reason=all", "good", "now"],
            "--reason \"all good now\"",
        ),
        (
            &["reopen", "1", "--reason", "it's", "back"],
            "--reason \"it's back\"",
        ),
        (&["take", "1", "--by", "al", "ice"][..], ""),
    ] {
        let err = d.run(args).fails(2).to_string();
        let expected = format!("\n  tip: quote text with spaces: {tip}\n");
        if tip.is_empty() {
            assert!(!err.contains("quote text"), "{args:?}: {err}");
            continue;
        }
        assert!(
            err.starts_with("error: unexpected argument '") && err.contains(&expected),
            "{args:?}: {err}"
        );
        let ja_err = ja(&d, args).fails(2).to_string();
        assert!(
            ja_err.contains(&format!(
                "\n  ヒント: 空白を含む文字列は引用符で囲んでください: {tip}\n"
            )),
            "{args:?}: {ja_err}"
        );
    }
    let err = d
        .run(&["update", "1", "--message", "say $HOME", "now"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("tip: quote text with spaces: --message 'say $HOME now'\n"),
        "{err}"
    );
    let err = d
        .run(&["escalate", "1", "--reason", "slow", "again"])
        .fails(2)
        .to_string();
    assert!(!err.contains("tip:"), "{err}");
    assert_eq!(d.snapshot(), before);
}

/// A mistyped option beside `--help` or `--version` is still a mistyped
/// `check`: clap refuses the line at the unknown argument, before the
/// help, and a monitor must read UNKNOWN (3), never clap's usage with 2
/// (CRITICAL); asked for JSON, the UNKNOWN is the JSON verdict. Help
/// asked for alone is still help.
#[test]
fn check_answers_unknown_to_a_mistyped_option_beside_help() {
    let d = desk();
    for args in [
        &["check", "--bogus", "--help"][..],
        &["check", "--bogus", "-h"],
        &["--bogus", "check", "--help"],
        &["check", "--bogus", "--version"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stdout, "UNKNOWN: unexpected argument '--bogus' found\n",
            "{args:?}"
        );
    }
    for args in [
        &["check", "--format", "json", "--bogus", "--help"][..],
        &["check", "--bogus", "--format=json", "-h"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}{}", run.stdout, run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
        assert_eq!(
            (json["status"].as_str(), json["message"].as_str()),
            (Some("UNKNOWN"), Some("unexpected argument '--bogus' found")),
            "{args:?}"
        );
    }
    for args in [
        &["check", "--help"][..],
        &["check", "-h"],
        &["help", "check"],
    ] {
        let out = d.run(args).ok().to_string();
        assert!(out.contains("Usage: slaclock check"), "{args:?}: {out}");
    }
    let out = d.run(&["check", "--version"]).ok().to_string();
    assert!(out.starts_with("slaclock "), "{out}");
}

/// A value pasted wrong (130 KB of nines for `--timeout`) was echoed whole
/// by every usage error that quotes it: clap's own, a refusal of a value
/// parser, a tip, in any language. Each echo is cut at 200 columns with
/// `…`; the rest of the message is unchanged.
#[test]
fn a_huge_value_is_echoed_cut_in_usage_errors() {
    let d = desk();
    let before = d.snapshot();
    let nines = "9".repeat(130_000);
    let shown = format!("{}…", "9".repeat(199));
    let since = format!("x{nines}");
    let flag = format!("--{}", "a".repeat(5_000));
    let assignment = format!("--timeout={nines}");
    for (args, said) in [
        (
            vec!["notify", "--exec", "true", "--timeout", &nines],
            format!(
                "error: invalid value '{shown}' for '--timeout <DURATION>': out of range: give \
                 from 1s to 5m, such as 10s"
            ),
        ),
        (
            vec!["notify", "--exec", "true", &assignment],
            format!("error: invalid value '{shown}' for '--timeout <DURATION>'"),
        ),
        (
            vec!["report", "--since", &since],
            format!(
                "error: --since: \"x{}…\" is not a day or a time; give a day alone",
                "9".repeat(198)
            ),
        ),
        (
            vec!["status", &flag],
            format!("error: unexpected argument '--{}…' found", "a".repeat(197)),
        ),
        (
            vec![
                "--lang",
                "ja",
                "notify",
                "--exec",
                "true",
                "--timeout",
                &nines,
            ],
            format!("エラー: '--timeout <DURATION>' に値 '{shown}' は使えません"),
        ),
    ] {
        let run = d.run(&args);
        let err = run.fails(2);
        let head: String = err.chars().take(300).collect();
        assert!(err.len() < 2_000, "{} bytes: {head}", err.len());
        assert!(err.starts_with(&said), "{:?}: {head}", &args[..2]);
    }
    // The tip that repeats an unknown argument is cut too.
    let err = d.run(&["status", &flag]).stderr;
    assert_eq!(err.matches(&"a".repeat(197)).count(), 3, "{err}");
    // check's UNKNOWN quotes it cut as well, well within its 1,000 columns.
    let run = d.run(&["check", "--max-wait", &nines]);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout.starts_with(&format!(
            "UNKNOWN: invalid value '{shown}' for '--max-wait <DURATION>': \"{shown}\" is longer \
             than 366 days"
        )),
        "{}",
        run.stdout.chars().take(300).collect::<String>()
    );
    assert_eq!(d.snapshot(), before);
}
