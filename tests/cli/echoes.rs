//! What write commands say once their change is recorded: a line naming
//! the ticket and what changed, the ticket's status object with `--format
//! json` (the object `status ID --format json` prints), or its id alone
//! with `--quiet`; and, when standard output fails after the commit, what
//! was recorded, with exit 0.

use super::util::*;
use super::writes::run_full;

/// Every write command on ticket #1 of a desk where it may run, in an
/// order that makes each allowed, with the time it runs at (UTC) and the
/// line it prints first, as the desk's clock reads it (Brisbane, UTC+10).
const SESSION: [(&str, &[&str], &str); 9] = [
    (
        "2026-11-24T00:02:00Z",
        &[
            "open",
            "--severity",
            "2",
            "--customer",
            "ACME",
            "--at",
            "2m ago",
            "VXC down in Sydney",
        ],
        "#1 VXC down in Sydney (ACME): opened at 10:02 (reported 10:00); incident, severity 2: Partial degradation",
    ),
    (
        "2026-11-24T00:09:00Z",
        &["update", "1", "--message", "Engineer on it"],
        "#1 VXC down in Sydney (ACME): update recorded at 10:09",
    ),
    (
        "2026-11-24T00:10:00Z",
        &["note", "#1", "carrier", "called", "back"],
        "#1 VXC down in Sydney (ACME): note added at 10:10",
    ),
    (
        "2026-11-24T00:20:00Z",
        // Back-dated: the event's own time is named, not now.
        &["wait", "1", "--reason", "Need the LOA", "--at", "5m ago"],
        "#1 VXC down in Sydney (ACME): waiting on the customer since 10:15",
    ),
    (
        "2026-11-24T00:30:00Z",
        &["resume", "1"],
        "#1 VXC down in Sydney (ACME): resumed at 10:30",
    ),
    (
        "2026-11-24T00:31:00Z",
        &["severity", "1", "1", "--reason", "Second site down"],
        "#1 VXC down in Sydney (ACME): now severity 1: Service loss, since 10:31",
    ),
    (
        "2026-11-24T00:32:00Z",
        &["escalate", "1", "--reason", "slow"],
        "#1 VXC down in Sydney (ACME): escalated to level 1 at 10:32: contact Customer Support and Operations Manager <escalations@example.com>",
    ),
    (
        "2026-11-24T00:40:00Z",
        &["resolve", "1", "--note", "Optic replaced"],
        "#1 VXC down in Sydney (ACME): resolved at 10:40",
    ),
    (
        "2026-11-25T00:45:00Z",
        &["reopen", "1", "--reason", "Flapping again"],
        "#1 VXC down in Sydney (ACME): reopened at 10:45",
    ),
];

#[test]
fn every_write_command_names_the_ticket_it_changed() {
    let mut d = Desk::new();
    for (now, args, first) in SESSION {
        let out = d.run_at(now, args).ok().to_string();
        assert_eq!(out.lines().next(), Some(first), "{args:?}:\n{out}");
        // The clocks follow, except after a note, which moves none.
        assert_eq!(
            out.contains("\nclock "),
            args[0] != "note",
            "{args:?}:\n{out}"
        );
    }
}

#[test]
fn the_name_keeps_a_long_title_whole_and_a_customer_only_when_there_is_one() {
    let d = Desk::new();
    let title = "Packet loss on every port of the Sydney exchange since the carrier's maintenance window last night";
    let out = d.run(&["open", "--severity", "2", title]).ok().to_string();
    assert!(
        out.starts_with(&format!("#1 {title}: opened at 10:00; incident")),
        "{out}"
    );
    let out = d.run(&["note", "1", "looking"]).ok().to_string();
    assert_eq!(out, format!("#1 {title}: note added at 10:00\n"));
    // The service and the ref are details of the opening, not the name.
    let out = d
        .run(&[
            "open",
            "--kind",
            "inquiry",
            "--service",
            "VXC-9",
            "--ref",
            "CASE-3",
            "How are restore targets counted?",
        ])
        .ok()
        .to_string();
    assert!(
        out.starts_with("#2 How are restore targets counted?: opened at 10:00; inquiry, severity 3; service VXC-9; ref CASE-3\n"),
        "{out}"
    );
    // A title cannot make the line lie or drive the terminal.
    let out = d
        .run(&["open", "--severity", "3", "two\nlines \u{1b}[2J"])
        .ok()
        .to_string();
    assert!(out.starts_with("#3 two lines \u{FFFD}[2J: opened"), "{out}");
}

#[test]
fn every_write_command_prints_the_status_object_with_format_json() {
    let mut d = Desk::new();
    for (now, args, _) in SESSION {
        let run = d.run_at(now, &[args, &["--format", "json"]].concat());
        let printed = run.ok().to_string();
        // The very object `status ID --format json` prints, at the same instant.
        let status = d.run(&["status", "1", "--format", "json"]).ok().to_string();
        assert_eq!(printed, status, "{args:?}");
        assert_eq!(run.json()["id"], 1, "{args:?}");
    }
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["state"], "open");
    assert_eq!(s["escalation_level"], 1);
    // A script gets the new id from `open`.
    let opened = d
        .run(&["open", "--severity", "3", "--format", "json", "Portal slow"])
        .json();
    assert_eq!(opened["id"], 2);
    assert_eq!(opened["title"], "Portal slow");
    assert_eq!(opened["clocks"]["response"]["state"], "running");
}

#[test]
fn quiet_prints_only_the_id() {
    let mut d = Desk::new();
    for (now, args, _) in SESSION {
        let args = [args, &["--quiet"]].concat();
        assert_eq!(d.run_at(now, &args).ok(), "1\n", "{args:?}");
    }
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["severity"],
        1
    );
    assert_eq!(d.run(&["open", "-q", "--severity", "1", "x"]).ok(), "2\n");
    // --quiet says one thing; --format another: a usage error, nothing recorded.
    let before = d.snapshot();
    let err = d
        .run(&["note", "2", "x", "--quiet", "--format", "json"])
        .fails(2)
        .to_string();
    assert!(
        err.contains("'--quiet' cannot be used with '--format"),
        "{err}"
    );
    assert_eq!(d.snapshot(), before);
}
#[test]
fn a_retried_open_prints_the_existing_ticket_in_the_form_asked_for() {
    let d = Desk::new();
    let open = [
        "open",
        "--severity",
        "1",
        "--customer",
        "ACME",
        "--ref",
        "ALERT-8812",
        "VXC down",
    ];
    d.run(&open).ok();
    d.run(&["open", "--severity", "3", "another"]).ok();
    let before = d.snapshot();
    assert_eq!(d.run(&[&open[..], &["--quiet"]].concat()).ok(), "1\n");
    let json = d
        .run(&[&open[..], &["--format", "json"]].concat())
        .ok()
        .to_string();
    assert_eq!(
        json,
        d.run(&["status", "1", "--format", "json"]).ok().to_string()
    );
    let text = d.run(&open).ok().to_string();
    assert!(
        text.starts_with("#1 VXC down (ACME): already opened; incident, severity 1: Service loss; ref ALERT-8812; open, reported 2026-11-24 10:00 AEST; nothing new was recorded\n"),
        "{text}"
    );
    assert_eq!(d.snapshot(), before, "the retries recorded nothing");
}

#[test]
fn policy_apply_names_the_tickets_it_moved_in_each_form() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run(&["open", "--severity", "2", "Packet loss"]).ok();
    d.run(&["resolve", "2"]).ok();
    d.run(&["open", "--severity", "3", "Portal slow"]).ok();
    let tighter = |response: &str| {
        std::fs::write(
            d.path("severity.toml"),
            slaclock::sla::DEFAULT_POLICY.replace("response = \"15m\"", response),
        )
        .unwrap();
    };
    tighter("response = \"10m\"");
    let out = d.run(&["policy", "apply"]).ok().to_string();
    assert!(
        out.ends_with(
            ": #1, #3\n#1 VXC down (ACME): now follows policy version 2\n#3 Portal slow: now follows policy version 2\n"
        ),
        "{out}"
    );
    tighter("response = \"5m\"");
    assert_eq!(d.run(&["policy", "apply", "--quiet"]).ok(), "1\n3\n");
    tighter("response = \"12m\"");
    let json = d
        .run(&["policy", "apply", "--format", "json"])
        .ok()
        .to_string();
    let board = d.run(&["status", "--format", "json"]).json();
    let applied: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids = |v: &serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&applied), [1, 3]);
    assert_eq!(applied[0]["policy_version"], 4);
    assert_eq!(applied[0]["clocks"]["response"]["target_secs"], 720);
    // The same objects the board prints, one for each ticket moved.
    for t in applied.as_array().unwrap() {
        let on_board = board
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == t["id"])
            .unwrap();
        assert_eq!(t, on_board);
    }
    assert_eq!(
        d.run(&["policy", "apply", "--format", "json"]).ok(),
        "[]\n",
        "nothing left to move"
    );
}

#[test]
fn a_json_or_quiet_echo_that_cannot_be_printed_says_what_was_recorded() {
    let d = Desk::new();
    for (args, says) in [
        (
            &["open", "--severity", "1", "--format", "json", "VXC down"][..],
            "ticket #1 was opened and recorded in the ticket log (event 1), but printing the result failed: No space left on device",
        ),
        (
            &["update", "1", "--quiet"],
            "the update on ticket #1 was recorded in the ticket log (event 2), but printing the result failed",
        ),
        (
            &["note", "1", "x", "--format", "json"],
            "the note on ticket #1 was recorded in the ticket log (event 3)",
        ),
    ] {
        let run = run_full(&d, args, &[]);
        let err = run.fails(0);
        let err = match args[0] {
            "open" => past_new_log_note(err),
            _ => err,
        };
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with(&format!("slaclock: {says}")), "{err}");
        assert!(err.contains("see it with: slaclock status 1"), "{err}");
    }
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["clocks"]["response"]["state"], "met");
}
