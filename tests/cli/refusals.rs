//! Every refusal: a clear one-line message, the right exit code, and the
//! ticket log exactly as it was.

use super::util::*;

/// A desk with #1 (severity 1, updated at 00:10) and #2 (an inquiry).
fn desk() -> Desk {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run(&["open", "--kind", "inquiry", "Question"]).ok();
    d.run_at("2026-11-24T00:10:00Z", &["update", "1"]).ok();
    d.at("2026-11-24T01:00:00Z");
    d
}

#[test]
fn state_rules() {
    let mut d = desk();
    d.run(&["wait", "1", "--by", "carol"]).ok();
    refused(
        &d,
        &["wait", "1"],
        1,
        &[
            "ticket #1 has been waiting",
            "since 2026-11-24 11:00 AEST",
            "carol",
            "resume it first",
        ],
    );
    d.run(&["resume", "1"]).ok();
    refused(&d, &["resume", "1"], 1, &["ticket #1 is not waiting"]);
    refused(&d, &["reopen", "1", "--reason", "x"], 1, &["not resolved"]);
    refused(
        &d,
        &["severity", "1", "1", "--reason", "x"],
        1,
        &["already severity 1"],
    );
    refused(
        &d,
        &["severity", "2", "1", "--reason", "x"],
        1,
        &["an inquiry", "only incidents"],
    );
    for _ in 0..3 {
        d.run(&["escalate", "1", "--reason", "slow"]).ok();
    }
    refused(
        &d,
        &["escalate", "1", "--reason", "slow"],
        1,
        &["top escalation level (3", "Chief Operating Officer"],
    );
    d.run(&["resolve", "1"]).ok();
    for args in [
        &["update", "1"][..],
        &["wait", "1"],
        &["escalate", "1", "--reason", "slow"],
        &["severity", "1", "2", "--reason", "x"],
    ] {
        refused(&d, args, 1, &["ticket #1 is resolved; reopen it first"]);
    }
    // Resolving again is no slip to mend by reopening: said so, with when
    // and by whom (a colleague who got there first).
    refused(
        &d,
        &["resolve", "1"],
        1,
        &[
            "ticket #1 is already resolved (since 2026-11-24 11:00",
            "by alice); there is nothing to record",
        ],
    );
    let other = d
        .cmd()
        .env("USER", "bob")
        .args(["resolve", "1"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&other.stderr);
    assert!(said.contains(", by alice)"), "{said}");
    // "Since" is the resolve that stands: a later one voided is not it.
    d.at("2026-11-24T01:30:00Z");
    d.run(&["reopen", "1", "--reason", "back"]).ok();
    d.at("2026-11-24T02:00:00Z");
    d.run(&["resolve", "1"]).ok();
    d.run(&["void", "1", "10", "--reason", "resolved by mistake"])
        .ok();
    d.run(&["void", "1", "9", "--reason", "reopened by mistake"])
        .ok();
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["state"],
        "resolved"
    );
    refused(
        &d,
        &["resolve", "1"],
        1,
        &["ticket #1 is already resolved (since 2026-11-24 11:00"],
    );
}

#[test]
fn times_out_of_order_or_in_the_future() {
    let d = desk();
    refused(&d, &["update", "1", "--at", "in 5m"], 1, &["in the future"]);
    refused(
        &d,
        &["update", "1", "--at", "2026-11-24 09:00"],
        1,
        &["before the customer reported it"],
    );
    refused(
        &d,
        &["update", "1", "--at", "2026-11-24 10:05"],
        1,
        &["before its last recorded event", "10:10"],
    );
    // Not a time at all: a usage error, like any malformed argument.
    refused(
        &d,
        &["update", "1", "--at", "half past ten"],
        2,
        &["--at", "\"half past ten\" is not a time", "15m ago"],
    );
    refused(
        &d,
        &["update", "1", "--next-update", "15m ago"],
        1,
        &["must be after the update itself"],
    );
    refused(
        &d,
        &["open", "--severity", "1", "--at", "in 1h", "later"],
        1,
        &["in the future"],
    );
}

/// A kind named in a sentence is a noun: "a provisioning request", "an
/// inquiry", in the severity refusal and in check's lines, both languages.
#[test]
fn a_kind_named_in_a_sentence_is_a_noun() {
    let mut d = Desk::new();
    d.run(&[
        "open",
        "--kind",
        "provisioning",
        "--customer",
        "Initech",
        "New port",
    ])
    .ok();
    d.run(&["open", "--kind", "inquiry", "Question"]).ok();
    refused(
        &d,
        &["severity", "1", "2", "--reason", "x"],
        1,
        &["ticket #1 is a provisioning request; only incidents have a severity that can change"],
    );
    refused(
        &d,
        &["severity", "2", "2", "--reason", "x"],
        1,
        &["ticket #2 is an inquiry; only incidents"],
    );
    let err = ja(&d, &["severity", "1", "2", "--reason", "x"]).stderr;
    assert!(
        err.contains("チケット#1はプロビジョニングのリクエストです。"),
        "{err}"
    );
    // Waiting a day on the customer puts it in check's lines.
    d.run(&["wait", "1"]).ok();
    d.at("2026-11-25T01:00:00Z");
    let check = d.run(&["check"]).stdout;
    assert!(
        check.contains(
            "\n#1 provisioning request \"New port\" for Initech: waiting on the customer"
        ),
        "{check}"
    );
    let check = ja(&d, &["check"]).stdout;
    assert!(
        check.contains("\n#1 プロビジョニングのリクエスト「New port」（Initech）: お客様待ち"),
        "{check}"
    );
}

/// Two times a refusal compares that fall in the same minute are shown to
/// the second: never "10:02 is before 10:02".
#[test]
fn times_in_the_same_minute_are_shown_to_the_second() {
    let mut d = Desk::new();
    d.run_at("2026-11-24T00:02:30Z", &["open", "--severity", "1", "x"])
        .ok();
    refused(
        &d,
        &["update", "1", "--message", "m", "--at", "10:02"],
        1,
        &[
            "--at 2026-11-24 10:02:00 AEST is before the customer reported it (2026-11-24 10:02:30 AEST)",
        ],
    );
    d.run_at("2026-11-24T00:05:40Z", &["note", "1", "called"])
        .ok();
    refused(
        &d,
        &["update", "1", "--at", "10:05"],
        1,
        &[
            "--at 2026-11-24 10:05:00 AEST is 40s before its last recorded event (2026-11-24 10:05:40 AEST)",
        ],
    );
    refused(
        &d,
        &["update", "1", "--next-update", "2026-11-24 10:05"],
        1,
        &[
            "the promised next update (2026-11-24 10:05:00 AEST) must be after the update itself (2026-11-24 10:05:40 AEST)",
        ],
    );
    refused(
        &d,
        &["update", "1", "--at", "in 10s"],
        1,
        &["--at 2026-11-24 10:05:50 AEST is in the future"],
    );
    refused(
        &d,
        &["open", "--severity", "1", "--at", "in 10s", "y"],
        1,
        &["--at 2026-11-24 10:05:50 AEST is in the future"],
    );
    d.at("2026-11-24T00:05:10Z");
    refused(
        &d,
        &["note", "1", "again"],
        1,
        &[
            "now, 2026-11-24 10:05:10 AEST by this machine's clock, is 30s before the ticket's last recorded time (2026-11-24 10:05:40 AEST)",
        ],
    );
    refused(
        &d,
        &["export", "--since", "10:04:30", "--until", "10:04"],
        2,
        &["--since (2026-11-24 10:04:30 AEST) must be before --until (2026-11-24 10:04:00 AEST)"],
    );
    // In Japanese too.
    let err = ja(&d, &["update", "1", "--at", "2026-11-24 10:05:05"]).stderr;
    assert!(
        err.contains("10:05:05") && err.contains("10:05:40"),
        "{err}"
    );
    // Times minutes apart keep their usual form.
    refused(
        &d,
        &["update", "1", "--at", "10:03"],
        1,
        &[
            "--at 2026-11-24 10:03 AEST is 2m before its last recorded event (2026-11-24 10:05 AEST)",
        ],
    );
}

/// A time before the last recorded event names that event, by its number
/// in the timeline and what it is: an edit or a void is recorded "now",
/// so it is often the one in the way of a back-dated event.
#[test]
fn the_event_in_the_way_is_named() {
    let mut d = desk();
    // #1: opened 10:00, updated 10:10 (event 2).
    d.run_at("2026-11-24T00:30:00Z", &["edit", "1", "--title", "X"])
        .ok();
    refused(
        &d,
        &["update", "1", "--at", "10:20"],
        1,
        &[
            "--at 2026-11-24 10:20 AEST is 10m before its last recorded event \
             (2026-11-24 10:30 AEST), event 3 (edited); events are recorded in order",
        ],
    );
    // A mistyped update voided, then typed again at its right time: the
    // void is in the way, and said to be.
    d.run_at("2026-11-24T00:40:00Z", &["update", "1", "--at", "10:35"])
        .ok();
    d.run_at(
        "2026-11-24T00:56:00Z",
        &["void", "1", "4", "--reason", "typo"],
    )
    .ok();
    refused(
        &d,
        &["update", "1", "--at", "10:32"],
        1,
        &["before its last recorded event (2026-11-24 10:56 AEST), event 5 (the void of event 4);"],
    );
    let err = ja(&d, &["update", "1", "--at", "10:32"]).stderr;
    assert!(
        err.contains("最後に記録したイベント（イベント5「イベント4の取消」、2026年11月24日(火) 10:56 AEST）より24分前です"),
        "{err}"
    );
}

/// A command recorded now whose "now" is before the ticket's last event
/// (this machine's clock behind the one that recorded it) says so, and
/// never names an --at the command was not given or does not take.
#[test]
fn a_clock_behind_the_log_is_named_not_an_at_never_given() {
    let mut d = desk();
    d.at("2026-11-24T00:05:00Z");
    for args in [
        &["edit", "1", "--service", "X"][..],
        &["void", "1", "2", "--reason", "slip"],
        &["note", "1", "called back"],
    ] {
        refused(
            &d,
            args,
            1,
            &[
                "by this machine's clock",
                "10:05",
                "is 5m before",
                "10:10",
                "check the clock",
            ],
        );
        let err = d.run(args).stderr;
        assert!(!err.contains("--at"), "{args:?}: {err}");
    }
    // Clocks a second apart show the same minute: the gap says it.
    d.at("2026-11-24T00:09:59Z");
    refused(&d, &["note", "1", "called back"], 1, &["is 1s before"]);
    // A time typed is still named as typed, even when it is this minute.
    refused(
        &d,
        &["note", "1", "called back", "--at", "10:01"],
        1,
        &["--at", "before its last recorded event"],
    );
    refused(
        &d,
        &["note", "1", "called back", "--at", "10:05"],
        1,
        &["--at 2026-11-24 10:05 AEST is 5m before its last recorded event"],
    );
}

/// Two times less than a minute apart are shown to the second, even when
/// their minutes differ: "10:02 is 20s before 10:03" reads wrong.
#[test]
fn an_at_refused_across_a_minutes_edge_is_shown_to_the_second() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "2", "x"]).ok();
    d.run_at("2026-11-24T00:03:10Z", &["update", "1", "--message", "m"])
        .ok();
    d.at("2026-11-24T00:05:00Z");
    let err = d
        .run(&["note", "1", "y", "--at", "2026-11-24T10:02:50+10:00"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(
            "--at 2026-11-24 10:02:50 AEST is 20s before its last recorded event \
             (2026-11-24 10:03:10 AEST)"
        ),
        "{err}"
    );
    // A minute or more apart: to the minute.
    let err = d
        .run(&["note", "1", "y", "--at", "2026-11-24T10:02:00+10:00"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("--at 2026-11-24 10:02 AEST is 1m before its last recorded event (2026-11-24 10:03 AEST)"),
        "{err}"
    );
}

#[test]
fn unknown_ids_name_the_recent_ones() {
    let d = desk();
    refused(&d, &["update", "99"], 1, &["no ticket #99", "#2, #1"]);
    refused(&d, &["status", "99"], 1, &["no ticket #99"]);
    // One ticket in the log is no "most recent are".
    let one = Desk::new();
    one.run(&["open", "--severity", "2", "x"]).ok();
    let err = one.run(&["status", "99"]).fails(1).to_string();
    assert_eq!(err, "error: no ticket #99; the only ticket is #1\n");
    let err = ja(&one, &["status", "99"]).fails(1).to_string();
    assert_eq!(
        err,
        "エラー: チケット#99はありません。チケットは#1だけです\n"
    );
}

#[test]
fn sales_and_billing_are_referred_not_opened() {
    let d = desk();
    refused(
        &d,
        &["open", "--kind", "billing", "Invoice wrong"],
        1,
        &[
            "billing questions are not support tickets",
            "Accounts Receivable <billing@example.com>",
        ],
    );
    refused(
        &d,
        &["open", "--kind", "sales", "Want a quote"],
        1,
        &["Sales and solution architects"],
    );
}

#[test]
fn missing_arguments_are_usage_errors_in_scripts() {
    let d = desk();
    refused(&d, &["open", "No severity given"], 2, &["--severity"]);
    refused(&d, &["open", "--severity", "1"], 2, &["title is required"]);
    refused(&d, &["escalate", "1"], 2, &["--reason"]);
    refused(&d, &["severity", "1", "2"], 2, &["--reason"]);
    refused(&d, &["severity", "1"], 2, &["new severity"]);
    // A --severity the kind given does not take is a flag that does not
    // apply to the form used: a usage error too.
    refused(
        &d,
        &["open", "--kind", "inquiry", "--severity", "1", "x"],
        2,
        &["always severity 3"],
    );
    refused(
        &d,
        &["open", "--kind", "provisioning", "--severity", "2", "x"],
        2,
        &["no severity"],
    );
    refused(
        &d,
        &["open", "--kind", "provisioning", "--severity", "1", "x"],
        2,
        &["error: provisioning requests have no severity; leave out --severity"],
    );
    // Answers piped in are not read: only a terminal is asked.
    let run = d.run_stdin(&["open", "Piped"], "1\n");
    assert_eq!(run.code, 2, "{}", run.stderr);
    // clap's own usage errors.
    let run = d.run(&["open", "--severity", "4", "x"]);
    assert_eq!(run.code, 2);
    let run = d.run(&["updat", "1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("update"), "{}", run.stderr);
}

#[test]
fn a_broken_policy_names_file_line_and_column() {
    let d = desk();
    std::fs::write(
        d.path("bad.toml"),
        "[severity.1]\nresponse = \"15m\"\nrestor = \"6h\"\n",
    )
    .unwrap();
    let before = d.snapshot();
    let run = d.run(&["--policy", "bad.toml", "open", "--severity", "1", "x"]);
    let err = run.fails(1);
    assert!(
        err.contains("bad.toml:3:1:") && err.contains("restor"),
        "{err}"
    );
    assert_eq!(d.snapshot(), before);
    let run = d.run(&["policy", "check", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.toml:3:1:"), "{}", run.stderr);
}

#[test]
fn status_on_a_missing_log_says_where_it_looked() {
    let d = Desk::new();
    let err = d.run(&["status"]).fails(1).to_string();
    assert!(
        err.contains("no ticket log at") && err.contains("log.db"),
        "{err}"
    );
    assert!(!d.db().exists());
}

#[test]
fn a_refused_open_creates_no_log() {
    let d = Desk::new();
    let db = d.path("new/sub/log.db");
    let out = d
        .cmd()
        .env("SLACLOCK_DB", &db)
        .args(["open", "--severity", "1", "--at", "in 1h", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!db.exists() && !d.path("new").exists());
}
