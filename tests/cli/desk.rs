//! At the desk (issue 14): owners (`assign`, `take`, `unassign`, the
//! board's `--mine`, `--owner` and `--unassigned`), the time-to-own clock,
//! corrections with an audit trail (`edit`, `void`), and `update` on a
//! ticket waiting on the customer (the reminder, `--resume`).

use serde_json::Value;

use super::util::*;

/// The ids on the board a command prints as JSON.
fn board_ids(d: &Desk, args: &[&str]) -> Vec<i64> {
    let board = d
        .run(&[&["status", "--format", "json"][..], args].concat())
        .json();
    board
        .as_array()
        .expect("an array")
        .iter()
        .map(|t| t["id"].as_i64().expect("an id"))
        .collect()
}

/// The kinds in a ticket's timeline, and whether each is void, by number.
fn timeline(d: &Desk, id: &str) -> String {
    let out = d.run(&["status", id]).ok().to_string();
    out.split("\ntimeline\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no timeline:\n{out}"))
        .to_string()
}

/// The row of a timeline numbered `n`.
fn row(timeline: &str, n: usize) -> String {
    timeline
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{n} ")))
        .unwrap_or_else(|| panic!("no event {n}:\n{timeline}"))
        .to_string()
}

/// #1 severity 1 for ACME, #2 severity 2 for Beta, #3 an inquiry, opened
/// at 10:00, 10:01 and 10:02 (Brisbane).
fn three_tickets() -> Desk {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    open_sev(&mut d, "2026-11-24T00:01:00Z", "2", "Beta", "Packet loss");
    d.run_at(
        "2026-11-24T00:02:00Z",
        &["open", "--kind", "inquiry", "Usage report?"],
    )
    .ok();
    d.at("2026-11-24T00:05:00Z");
    d
}

#[test]
fn owners_are_assigned_taken_and_shown_everywhere() {
    let mut d = three_tickets();
    let took = d.run(&["take", "#1"]);
    assert!(
        took.ok()
            .starts_with("#1 VXC down (ACME): owned by alice since 10:05"),
        "{}",
        took.stdout
    );
    assert!(
        d.run(&["assign", "2", "bob"])
            .ok()
            .starts_with("#2 Packet loss (Beta): owned by bob since")
    );
    // The board's filters: mine ($USER), by name, and nobody's.
    assert_eq!(board_ids(&d, &["--mine"]), [1]);
    assert_eq!(board_ids(&d, &["--owner", "bob"]), [2]);
    assert_eq!(board_ids(&d, &["--owner", "Bob"]), Vec::<i64>::new());
    assert_eq!(board_ids(&d, &["--unassigned"]), [3]);
    assert_eq!(board_ids(&d, &[]).len(), 3);
    let mine = d
        .cmd()
        .env("USER", "bob")
        .args(["status", "--mine", "--format", "json"])
        .output()
        .expect("run");
    let mine: Value = serde_json::from_slice(&mine.stdout).expect("json");
    assert_eq!(mine[0]["id"], 2, "--mine is $USER's");
    // status, JSON, the board and the export all show the owner.
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["owner"],
        "alice"
    );
    assert_eq!(
        d.run(&["status", "3", "--format", "json"]).json()["owner"],
        Value::Null
    );
    assert!(
        d.run(&["status", "2"])
            .ok()
            .contains("open; owner bob; reported")
    );
    assert!(
        d.run(&["status", "3"])
            .ok()
            .contains("open; no owner; reported")
    );
    let board = d.run(&["status"]).ok().to_string();
    let header = board.lines().next().unwrap_or_default();
    assert!(header.contains(" owner "), "{board}");
    let bob = board
        .lines()
        .find(|l| l.contains("Packet loss"))
        .unwrap_or_default();
    assert!(bob.contains(" bob "), "{board}");
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    let owners: Vec<&str> = rows.iter().map(|r| column(&header, r, "owner")).collect();
    assert_eq!(owners, ["alice", "bob", ""]);
    // Unassigned, then taken by someone recording with --by.
    d.at("2026-11-24T00:06:00Z");
    assert!(
        d.run(&["unassign", "2"])
            .ok()
            .starts_with("#2 Packet loss (Beta): no owner since 10:06")
    );
    assert_eq!(board_ids(&d, &["--unassigned"]), [2, 3]);
    d.run(&["take", "2", "--by", "carol"]).ok();
    assert_eq!(board_ids(&d, &["--owner", "carol"]), [2]);
    let events = timeline(&d, "2");
    assert!(
        row(&events, 2).contains("assigned") && row(&events, 2).contains("to bob"),
        "{events}"
    );
    assert!(row(&events, 3).contains("unassigned"), "{events}");
    assert!(
        row(&events, 4).contains("carol") && row(&events, 4).contains("to carol"),
        "{events}"
    );
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    let assigned: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| column(&header, r, "kind") == "assigned")
        .map(|r| (column(&header, r, "ticket_id"), column(&header, r, "owner")))
        .collect();
    assert_eq!(assigned, [("1", "alice"), ("2", "bob"), ("2", "carol")]);
    // A resolved ticket keeps its owner; --all finds it by owner.
    d.run(&["resolve", "1"]).ok();
    assert_eq!(board_ids(&d, &["--mine"]), Vec::<i64>::new());
    assert_eq!(board_ids(&d, &["--mine", "--all"]), [1]);
    // The board as it was: who owned #2 at 10:05 was bob.
    assert_eq!(board_ids(&d, &["--owner", "bob", "--as-of", "10:05"]), [2]);
    assert_eq!(
        board_ids(&d, &["--owner", "carol", "--as-of", "10:05"]),
        Vec::<i64>::new()
    );
}

#[test]
fn owner_flags_that_cannot_go_together_are_usage_errors() {
    let d = three_tickets();
    for args in [
        &["status", "--mine", "--owner", "bob"][..],
        &["status", "--owner", "bob", "--unassigned"],
        &["status", "1", "--mine"],
        &["show", "1", "--unassigned"],
        &["assign", "1"],
    ] {
        let before = d.snapshot();
        d.run(args).fails(2);
        assert_eq!(d.snapshot(), before);
    }
}

/// An owner's name is taken without the spaces at its ends, as a
/// customer's is: " bob " is bob, for the echo, a second assignment and
/// the filters alike.
#[test]
fn owner_names_are_trimmed() {
    let d = three_tickets();
    let out = d.run(&["assign", "1", " bob "]).ok().to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): owned by bob since 10:05\n"),
        "{out}"
    );
    refused(&d, &["assign", "1", "bob"], 1, &["already owned by bob"]);
    d.run(&["take", "2", "--by", "\u{3000}carol "]).ok();
    d.run(&["assign", "3", "bob\t"]).ok();
    let owned = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["status", "--format", "json"];
        all.extend_from_slice(args);
        d.run(&all)
            .json()
            .as_array()
            .expect("a board")
            .iter()
            .map(|t| t["id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(owned(&["--owner", "bob"]), [1, 3]);
    assert_eq!(owned(&["--owner", " bob "]), [1, 3]);
    assert_eq!(owned(&["--owner", "carol"]), [2]);
    let json = d.run(&["status", "2", "--format", "json"]).json();
    assert_eq!(json["owner"], "carol");
    refused(&d, &["status", "--owner", "  "], 1, &["--owner is empty"]);
    refused(&d, &["assign", "1", "\u{3000}"], 1, &["the owner is empty"]);
    // What shows nothing at a name's ends goes too (a zero-width space, a
    // bidirectional isolate): the name is compared as it shows.
    d.run(&["unassign", "3"]).ok();
    let out = d
        .run(&["assign", "3", "\u{200b}dave\u{2069}"])
        .ok()
        .to_string();
    assert!(out.contains("owned by dave since"), "{out:?}");
    let took = Run::from(
        d.cmd()
            .env("USER", "erin\u{200b}")
            .args(["take", "1"])
            .output()
            .expect("run slaclock"),
    );
    assert!(took.ok().contains("owned by erin since"), "{}", took.stdout);
    assert_eq!(owned(&["--owner", "dave\u{feff}"]), [3]);
    assert_eq!(owned(&["--owner", "erin"]), [1]);
}

/// With no login name and no --by, nobody is made owner "unknown": `take`
/// and `--mine` are refused, saying how to name yourself. Other events
/// are still recorded, by "unknown".
#[test]
fn take_and_mine_without_a_login_name_are_refused() {
    let d = three_tickets();
    let nobody = |args: &[&str]| {
        Run::from(
            d.cmd()
                .env("USER", " ")
                .env_remove("LOGNAME")
                .args(args)
                .output()
                .expect("run slaclock"),
        )
    };
    let before = d.snapshot();
    assert_eq!(
        nobody(&["take", "1"]).fails(2),
        "error: who you are is unknown (USER and LOGNAME are both unset or blank), so take cannot name the owner; pass --by NAME, or set USER\n"
    );
    assert_eq!(d.snapshot(), before);
    assert_eq!(
        nobody(&["status", "--mine"]).fails(2),
        "error: who you are is unknown (USER and LOGNAME are both unset or blank), so --mine cannot tell which tickets are yours; give --owner NAME, or set USER\n"
    );
    let err = Run::from(
        d.cmd()
            .env_remove("USER")
            .env("LANG", "ja_JP.UTF-8")
            .args(["take", "1"])
            .output()
            .expect("run slaclock"),
    );
    assert!(err.fails(2).contains("--by NAME"), "{}", err.stderr);
    assert_eq!(d.snapshot(), before);
    // --by names who takes it; LOGNAME does too.
    nobody(&["take", "1", "--by", "dave"]).ok();
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["owner"],
        "dave"
    );
    let by_logname = d
        .cmd()
        .env_remove("USER")
        .env("LOGNAME", "erin")
        .args(["take", "2"])
        .output()
        .expect("run slaclock");
    Run::from(by_logname).ok();
    assert_eq!(
        d.run(&["status", "2", "--format", "json"]).json()["owner"],
        "erin"
    );
    // An event other than take is recorded, by "unknown", as before.
    nobody(&["note", "3", "called back"]).ok();
    let timeline = d.run(&["status", "3"]).ok().to_string();
    assert!(timeline.contains("unknown"), "{timeline}");
}

#[test]
fn assignments_that_record_nothing_are_refused() {
    let d = three_tickets();
    d.run(&["take", "1"]).ok();
    refused(
        &d,
        &["take", "1"],
        1,
        &["ticket #1 is already owned by alice", "nothing to record"],
    );
    refused(
        &d,
        &["assign", "1", "alice"],
        1,
        &["already owned by alice"],
    );
    refused(
        &d,
        &["unassign", "3"],
        1,
        &["nobody owns ticket #3", "nothing to unassign"],
    );
    refused(&d, &["assign", "2", "  "], 1, &["the owner is empty"]);
    refused(
        &d,
        &["assign", "2", "bob\tsmith"],
        1,
        &["control character"],
    );
    refused(&d, &["assign", "9", "bob"], 1, &["no ticket #9"]);
    d.run(&["resolve", "2"]).ok();
    refused(
        &d,
        &["assign", "2", "bob"],
        1,
        &["ticket #2 is resolved; reopen it first"],
    );
    refused(&d, &["take", "2"], 1, &["ticket #2 is resolved"]);
}

/// The shipped policy with a time-to-own target of 10 minutes for
/// severity 1, in the desk's folder (`./severity.toml`).
fn own_policy(d: &Desk) {
    let shipped = include_str!("../../severity.toml");
    let owning = shipped.replace("restore = \"6h\"", "restore = \"6h\"\nown = \"10m\"");
    assert_ne!(owning, shipped);
    std::fs::write(d.path("severity.toml"), owning).expect("write the policy");
}

#[test]
fn time_to_own_counts_in_status_check_export_metrics_and_report() {
    let mut d = Desk::new();
    own_policy(&d);
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "Beta", "Port 3 dark");
    // Both answered in time; #1 taken at 10:05, #2 by nobody.
    d.run_at("2026-11-24T00:03:00Z", &["update", "1"]).ok();
    d.run(&["update", "2"]).ok();
    d.run_at("2026-11-24T00:05:00Z", &["take", "1"]).ok();
    d.at("2026-11-24T00:12:00Z");
    let one = d.run(&["status", "1", "--format", "json"]).json();
    let own = &one["clocks"]["own"];
    assert_eq!(own["state"], "met");
    assert_eq!(own["target_secs"], 600);
    assert_eq!(own["deadline"], "2026-11-24T00:10:00Z");
    assert_eq!(own["stopped_at"], "2026-11-24T00:05:00Z");
    assert_eq!(own["remaining_secs"], 300);
    let two = d.run(&["status", "2", "--format", "json"]).json();
    assert_eq!(two["clocks"]["own"]["state"], "breached");
    assert_eq!(two["clocks"]["own"]["remaining_secs"], -120);
    // The table shows it, and --explain how its deadline was reached.
    let table = d.run(&["status", "2", "--explain"]).ok().to_string();
    let clock = table
        .lines()
        .find(|l| l.trim_start().starts_with("own "))
        .unwrap_or_default();
    assert!(
        clock.contains("breached") && clock.contains("10m"),
        "{table}"
    );
    assert!(
        table.contains("own: 10m on the 24x7 calendar from 2026-11-24 10:00"),
        "{table}"
    );
    // check pages for it like any running clock past its deadline.
    let check = d.run(&["check"]);
    assert_eq!(check.code, 2, "{}", check.stdout);
    assert!(
        check.stdout.starts_with("CRITICAL: 1 breached, 0 at risk"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("#2 severity 1 incident \"Port 3 dark\" for Beta: time to own 2m overdue"),
        "{}",
        check.stdout
    );
    let json = d.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(json["tickets"][0]["reasons"][0]["clock"], "own", "{json}");
    // export, metrics and report count it too.
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    let states: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                column(&header, r, "own_state"),
                column(&header, r, "own_target_secs"),
                column(&header, r, "own_deadline"),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("met", "600", "2026-11-24T00:10:00Z"),
            ("breached", "600", "2026-11-24T00:10:00Z")
        ]
    );
    assert_eq!(
        column(&header, &rows[0], "own_stopped_at"),
        "2026-11-24T00:05:00Z"
    );
    let metrics = d.run(&["metrics"]).ok().to_string();
    for line in [
        "slaclock_clocks{clock=\"own\",state=\"met\"} 1",
        "slaclock_clocks{clock=\"own\",state=\"breached\"} 1",
        "slaclock_active_breaches 1",
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "{line} not in\n{metrics}"
        );
    }
    let report = d
        .run(&[
            "report",
            "--since",
            "2026-11-24",
            "--until",
            "2026-11-25",
            "--format",
            "json",
        ])
        .json();
    let all = &report["rows"][0];
    assert_eq!(
        (all["owns_judged"].as_u64(), all["owns_met"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(all["owns_met_pct"], 50.0);
    let table = d
        .run(&["report", "--since", "2026-11-24", "--until", "2026-11-25"])
        .ok()
        .to_string();
    assert!(
        table.contains("owned in time") && table.contains("50.0% (1/2)"),
        "{table}"
    );
    // A voided first assignment never stopped it: #1 runs again from the
    // report, and is now past its deadline too.
    d.run(&["void", "1", "3", "--reason", "taken by mistake"])
        .ok();
    let one = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(one["clocks"]["own"]["state"], "breached");
    assert_eq!(one["clocks"]["own"]["stopped_at"], Value::Null);
    assert_eq!(one["owner"], Value::Null);
    assert!(d.run(&["check"]).stdout.starts_with("CRITICAL: 2 breached"));
}

#[test]
fn without_an_own_target_the_clock_is_none_and_not_shown() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T03:00:00Z");
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(json["clocks"]["own"]["state"], "none");
    assert_eq!(json["clocks"]["own"]["deadline"], Value::Null);
    let table = d.run(&["status", "1"]).ok().to_string();
    assert!(
        !table.lines().any(|l| l.trim_start().starts_with("own ")),
        "{table}"
    );
    let board = d.run(&["status"]).ok().to_string();
    assert!(
        !board.lines().next().unwrap_or_default().contains(" own "),
        "{board}"
    );
    // Hours unowned page nobody where the policy sets no such target.
    assert!(d.run(&["check"]).stdout.contains("response"));
    assert!(!d.run(&["check"]).stdout.contains("time to own"));
}

#[test]
fn an_edit_is_recorded_with_the_old_values_and_used_from_then_on() {
    let d = three_tickets();
    let out = d
        .run(&[
            "edit",
            "1",
            "--title",
            "VXC down in Sydney",
            "--customer",
            "ACME Corp",
            "--ref",
            "CASE-7",
        ])
        .ok()
        .to_string();
    assert!(
        out.contains(
            "#1 VXC down in Sydney (ACME Corp): title corrected to \"VXC down in Sydney\" at 10:05"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "#1 VXC down in Sydney (ACME Corp): customer corrected to \"ACME Corp\" at 10:05"
        ),
        "{out}"
    );
    let events = timeline(&d, "1");
    assert!(
        row(&events, 2).contains("edited")
            && row(&events, 2).contains("title \"VXC down\" → \"VXC down in Sydney\""),
        "{events}"
    );
    assert!(
        row(&events, 3).contains("customer \"ACME\" → \"ACME Corp\""),
        "{events}"
    );
    assert!(
        row(&events, 4).contains("ref none → \"CASE-7\""),
        "{events}"
    );
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        (&json["title"], &json["customer"], &json["ref"]),
        (
            &Value::from("VXC down in Sydney"),
            &Value::from("ACME Corp"),
            &Value::from("CASE-7")
        )
    );
    // The board, the export and the report use the values now.
    assert_eq!(board_ids(&d, &["--customer", "corp"]), [1]);
    assert_eq!(board_ids(&d, &["--ref", "CASE-7"]), [1]);
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    assert_eq!(column(&header, &rows[0], "title"), "VXC down in Sydney");
    let report = d
        .run(&[
            "report",
            "--since",
            "2026-11-24",
            "--until",
            "2026-11-25",
            "--by",
            "customer",
            "--format",
            "json",
        ])
        .json();
    let keys: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["group"] == "customer")
        .filter_map(|r| r["key"].as_str())
        .collect();
    assert!(
        keys.contains(&"ACME Corp") && !keys.contains(&"ACME"),
        "{keys:?}"
    );
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    let edits: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| column(&header, r, "kind") == "edited")
        .map(|r| {
            (
                column(&header, r, "field"),
                column(&header, r, "old_value"),
                column(&header, r, "new_value"),
            )
        })
        .collect();
    assert_eq!(
        edits,
        [
            ("title", "VXC down", "VXC down in Sydney"),
            ("customer", "ACME", "ACME Corp"),
            ("ref", "", "CASE-7")
        ]
    );
    // No clock moved: the echo shows none.
    assert!(!out.contains("response"), "{out}");
    // A resolved ticket's details can still be put right.
    d.run(&["resolve", "2"]).ok();
    d.run(&["edit", "2", "--service", "PORT-3"]).ok();
    assert_eq!(
        d.run(&["status", "2", "--format", "json"]).json()["service"],
        "PORT-3"
    );
}

#[test]
fn edits_are_checked_as_open_checks_them() {
    let d = three_tickets();
    d.run(&["edit", "2", "--ref", "CASE-2"]).ok();
    refused(
        &d,
        &["edit", "1", "--title", "VXC down"],
        1,
        &["ticket #1 already has those details", "nothing to correct"],
    );
    refused(
        &d,
        &["edit", "1", "--title", "   "],
        1,
        &["the title is empty"],
    );
    let long = "x".repeat(201);
    refused(
        &d,
        &["edit", "1", "--title", &long],
        1,
        &["the title is 201 characters long; keep it to 200"],
    );
    refused(
        &d,
        &["edit", "1", "--customer", &long],
        1,
        &["the customer is 201 characters long"],
    );
    refused(&d, &["edit", "1", "--ref", " "], 1, &["--ref is empty"]);
    refused(
        &d,
        &["edit", "1", "--ref", "CASE-2"],
        1,
        &["--ref \"CASE-2\" is already ticket #2's"],
    );
    refused(&d, &["edit", "9", "--title", "x"], 1, &["no ticket #9"]);
    let before = d.snapshot();
    d.run(&["edit", "1"]).fails(2);
    assert_eq!(d.snapshot(), before);
}

/// A customer or service given blank is none: `open` records none (not a
/// name of no letters, which JSON would show as ""), `edit` clears it, as
/// an event a void can take back, and clearing what is none is nothing.
#[test]
fn a_blank_customer_or_service_is_none() {
    let d = Desk::new();
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "",
        "--service",
        "  ",
        "x",
    ])
    .ok();
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "ACME",
        "--service",
        "VXC",
        "y",
    ])
    .ok();
    let details = || -> Vec<(serde_json::Value, serde_json::Value)> {
        d.run(&["export", "--format", "json"])
            .ok()
            .lines()
            .map(|l| {
                let row: serde_json::Value = serde_json::from_str(l).expect("json");
                (row["customer"].clone(), row["service"].clone())
            })
            .collect()
    };
    let none = serde_json::Value::Null;
    assert_eq!(details()[0], (none.clone(), none.clone()));
    d.run(&["edit", "2", "--customer", "", "--service", " "])
        .ok();
    assert_eq!(details()[1], (none.clone(), none.clone()));
    let timeline = d.run(&["status", "2"]).ok().to_string();
    assert!(timeline.contains("customer \"ACME\" → none"), "{timeline}");
    refused(
        &d,
        &["edit", "2", "--customer", ""],
        1,
        &["nothing to correct"],
    );
    d.run(&["void", "2", "2", "--reason", "wrong ticket"]).ok();
    assert_eq!(details()[1].0, serde_json::json!("ACME"));
}

/// #1 severity 1 opened at 10:00 and answered at 10:05 (by an update meant
/// for another ticket).
fn answered_by_mistake() -> Desk {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "1", "-m", "Engineer dispatched"],
    )
    .ok();
    d
}

/// The void's echo names the event voided: its number, kind, time and the
/// start of its text on one line, so voiding the wrong one shows at once.
#[test]
fn the_void_echo_names_the_event_voided() {
    let mut d = answered_by_mistake();
    d.run_at(
        "2026-11-24T00:07:00Z",
        &[
            "note",
            "1",
            "Carrier says\nthe cross-connect at the Sydney exchange is loose",
        ],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:08:00Z",
        &["escalate", "1", "--reason", "slow"],
    )
    .ok();
    d.at("2026-11-24T00:10:00Z");
    let out = d
        .run(&["void", "1", "3", "--reason", "wrong ticket"])
        .ok()
        .to_string();
    assert_eq!(
        out.lines().next(),
        Some(
            "#1 VXC down (ACME): void of event 3 (note at 10:07: \"Carrier says the cross-connect…\") recorded at 10:10"
        ),
        "{out}"
    );
    // No text: its kind and time say which; an escalation's reason is not words.
    let out = d
        .run(&["void", "1", "4", "--reason", "too soon"])
        .ok()
        .to_string();
    assert!(
        out.starts_with(
            "#1 VXC down (ACME): void of event 4 (escalated at 10:08) recorded at 10:10;"
        ),
        "{out}"
    );
    let out = ja(&d, &["void", "1", "2", "--reason", "誤り"])
        .ok()
        .to_string();
    assert!(
        out.starts_with(
            "#1 VXC down (ACME): 10:10にイベント2（10:05の更新「Engineer dispatched」）の取消を記録"
        ),
        "{out}"
    );
}

/// The void of a correction says the value its detail is back to, the
/// void of an assignment or an unassignment who owns the ticket now; and
/// only a void of an event that moved a clock says the clocks are judged
/// without it (a correction, a note and an unassignment never moved one).
#[test]
fn the_void_echo_says_what_it_gave_back() {
    let mut d = three_tickets();
    let first = |r: Run| r.ok().lines().next().unwrap_or_default().to_string();
    d.run(&[
        "edit",
        "1",
        "--title",
        "VXC down in Sydney",
        "--service",
        "VXC-9",
    ])
    .ok();
    d.run(&["assign", "1", "bob"]).ok();
    d.run(&["take", "1"]).ok();
    d.run(&["unassign", "1"]).ok();
    d.at("2026-11-24T00:10:00Z");
    // 2 title, 3 service, 4 bob, 5 alice, 6 nobody.
    assert_eq!(
        first(d.run(&["void", "1", "3", "--reason", "wrong service"])),
        "#1 VXC down in Sydney (ACME): void of event 3 (edited at 10:05) recorded at 10:10; \
         service is back to none"
    );
    assert_eq!(
        first(d.run(&["void", "1", "2", "--reason", "wrong title"])),
        "#1 VXC down (ACME): void of event 2 (edited at 10:05) recorded at 10:10; \
         title is back to \"VXC down\""
    );
    assert_eq!(
        first(d.run(&["void", "1", "6", "--reason", "still mine"])),
        "#1 VXC down (ACME): void of event 6 (unassigned at 10:05) recorded at 10:10; \
         owner is back to alice"
    );
    assert_eq!(
        first(d.run(&["void", "1", "5", "--reason", "bob has it"])),
        "#1 VXC down (ACME): void of event 5 (assigned at 10:05) recorded at 10:10; \
         owner is back to bob; the clocks are judged without it"
    );
    assert_eq!(
        first(ja(
            &d,
            &["void", "1", "4", "--reason", "誰も担当していない"]
        )),
        "#1 VXC down (ACME): 10:10にイベント4（10:05の担当割当）の取消を記録、担当なしに戻る、\
         クロックはそのイベントなしで判定"
    );
    d.run(&["edit", "2", "--customer", "Globex"]).ok();
    d.run(&["assign", "2", "carol"]).ok();
    assert_eq!(
        first(ja(&d, &["void", "2", "2", "--reason", "誤り"])),
        "#2 Packet loss (Beta): 10:10にイベント2（10:10の訂正）の取消を記録、お客様は「Beta」に戻る"
    );
    assert_eq!(
        first(d.run(&["void", "2", "3", "--reason", "not carol"])),
        "#2 Packet loss (Beta): void of event 3 (assigned at 10:10) recorded at 10:10; \
         no owner now; the clocks are judged without it"
    );
}

#[test]
fn a_voided_update_no_longer_meets_the_response() {
    let mut d = answered_by_mistake();
    d.at("2026-11-24T00:10:00Z");
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["clocks"]["response"]["state"],
        "met"
    );
    // Voided before the deadline: the response clock runs again.
    let out = d
        .run(&["void", "1", "2", "--reason", "meant for #2"])
        .ok()
        .to_string();
    assert!(
        out.starts_with(
            "#1 VXC down (ACME): void of event 2 (updated at 10:05: \"Engineer dispatched\") recorded at 10:10; the clocks are judged without it"
        ),
        "{out}"
    );
    let json = d.run(&["status", "1", "--format", "json"]).json();
    let response = &json["clocks"]["response"];
    assert_eq!(
        (&response["state"], &response["stopped_at"]),
        (&Value::from("running"), &Value::Null)
    );
    assert_eq!(json["clocks"]["update"]["state"], "pending");
    // Past the deadline, it is breached and check pages for it.
    d.at("2026-11-24T00:20:00Z");
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(json["clocks"]["response"]["state"], "breached");
    assert_eq!(d.run(&["check"]).code, 2);
    // The timeline keeps it, marked void, with who, when and why.
    let events = timeline(&d, "1");
    let voided = row(&events, 2);
    assert!(voided.contains("updated (void)"), "{events}");
    assert!(
        voided.contains("VOIDED by alice at 10:10 (event 3): meant for #2"),
        "{events}"
    );
    assert!(voided.contains("Engineer dispatched"), "{events}");
    assert!(
        row(&events, 3).contains("voids event 2; reason: meant for #2"),
        "{events}"
    );
    // export --events keeps it, naming the void that voided it.
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    let marks: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                column(&header, r, "event_id"),
                column(&header, r, "kind"),
                column(&header, r, "voids"),
                column(&header, r, "voided_by"),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("1", "opened", "", ""),
            ("2", "updated", "", "3"),
            ("3", "void", "2", "")
        ]
    );
    // Answered for real now: met no more (late), but stopped.
    d.run(&["update", "1"]).ok();
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        json["clocks"]["response"]["stopped_at"],
        "2026-11-24T00:20:00Z"
    );
}

#[test]
fn a_void_recomputes_the_ticket_s_state() {
    let mut d = answered_by_mistake();
    d.run_at(
        "2026-11-24T00:06:00Z",
        &["escalate", "1", "--reason", "slow"],
    )
    .ok();
    d.run_at("2026-11-24T00:07:00Z", &["wait", "1"]).ok();
    d.run_at("2026-11-24T00:08:00Z", &["assign", "1", "bob"])
        .ok();
    d.at("2026-11-24T00:09:00Z");
    let state = |d: &Desk| {
        let j = d.run(&["status", "1", "--format", "json"]).json();
        (
            j["state"].clone(),
            j["escalation_level"].clone(),
            j["owner"].clone(),
        )
    };
    assert_eq!(
        state(&d),
        (Value::from("waiting"), Value::from(1), Value::from("bob"))
    );
    d.run(&["void", "1", "4", "--reason", "not yet"]).ok();
    d.run(&["void", "1", "3", "--reason", "wrong ticket"]).ok();
    d.run(&["void", "1", "5", "--reason", "bob is away"]).ok();
    assert_eq!(
        state(&d),
        (Value::from("open"), Value::from(0), Value::Null)
    );
    // The summary row the board selects by follows: nobody owns it now.
    assert_eq!(board_ids(&d, &["--unassigned"]), [1]);
    assert_eq!(board_ids(&d, &["--owner", "bob"]), Vec::<i64>::new());
    // Escalating again climbs to level 1, not 2.
    d.run(&["escalate", "1", "--reason", "slow"]).ok();
    assert_eq!(state(&d).1, Value::from(1));
}

#[test]
fn a_voided_edit_gives_the_detail_back() {
    let d = three_tickets();
    d.run(&["edit", "1", "--ref", "CASE-1"]).ok();
    d.run(&["edit", "1", "--title", "VXC down in Sydney"]).ok();
    d.run(&["void", "1", "3", "--reason", "Sydney was wrong"])
        .ok();
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["title"],
        "VXC down"
    );
    // The ref it gave is freed, and another ticket takes it: giving it
    // back to #1 would make two tickets hold it.
    d.run(&["void", "1", "2", "--reason", "wrong case"]).ok();
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["ref"],
        Value::Null
    );
    d.run(&["edit", "2", "--ref", "CASE-9"]).ok();
    d.run(&["edit", "1", "--ref", "CASE-1"]).ok();
    d.run(&["edit", "1", "--ref", "CASE-2"]).ok();
    d.run(&["edit", "2", "--ref", "CASE-1"]).ok();
    refused(
        &d,
        &["void", "1", "7", "--reason", "x"],
        1,
        &[
            "void #1 7 refused",
            "give back the ref \"CASE-1\", which ticket #2 holds now",
        ],
    );
}

#[test]
fn voids_that_would_leave_an_impossible_history_are_refused() {
    let mut d = answered_by_mistake();
    d.run_at("2026-11-24T00:06:00Z", &["wait", "1"]).ok();
    d.run_at("2026-11-24T00:07:00Z", &["resume", "1"]).ok();
    d.run_at("2026-11-24T00:08:00Z", &["resolve", "1"]).ok();
    d.run_at(
        "2026-11-24T00:09:00Z",
        &["reopen", "1", "--reason", "flapping"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:10:00Z",
        &["edit", "1", "--title", "VXC flapping"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:11:00Z",
        &["edit", "1", "--title", "VXC flapping again"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:12:00Z",
        &["void", "1", "2", "--reason", "meant for #2"],
    )
    .ok();
    d.at("2026-11-24T00:13:00Z");
    // 1 opened, 2 updated (void), 3 waiting, 4 resumed, 5 resolved,
    // 6 reopened, 7 and 8 edited, 9 void.
    refused(
        &d,
        &["void", "1", "3", "--reason", "x"],
        1,
        &["void #1 3 refused: event 4 (resumed) depends on it; void 4 first"],
    );
    refused(
        &d,
        &["void", "#1", "5", "--reason", "x"],
        1,
        &["void #1 5 refused: event 6 (reopened) depends on it; void 6 first"],
    );
    refused(
        &d,
        &["void", "1", "7", "--reason", "x"],
        1,
        &["event 8 (edited) depends on it; void 8 first"],
    );
    refused(
        &d,
        &["void", "1", "1", "--reason", "x"],
        1,
        &["event 1 opened the ticket and cannot be voided"],
    );
    refused(
        &d,
        &["void", "1", "9", "--reason", "x"],
        1,
        // The fix it gives can be carried out: no "record it again" at a
        // time the log's order would refuse.
        &[
            "event 9 is itself a void, and a void stands",
            "at or after the last one",
        ],
    );
    refused(
        &d,
        &["void", "1", "2", "--reason", "x"],
        1,
        &["event 2 (updated) is already void by event 9 (alice)"],
    );
    refused(
        &d,
        &["void", "1", "10", "--reason", "x"],
        1,
        &["ticket #1 has no event 10; its events are numbered 1 to 9"],
    );
    // A number past what a float holds exactly is said as typed, in
    // both languages (Fluent would round a number argument).
    for big in ["9223372036854775807", "18446744073709551615"] {
        refused(
            &d,
            &["void", "1", big, "--reason", "x"],
            1,
            &[&format!("ticket #1 has no event {big}; its events")],
        );
        let run = ja(&d, &["void", "1", big, "--reason", "x"]);
        let said = run.fails(1);
        assert!(
            said.contains(&format!("イベント{big}はありません")),
            "{said}"
        );
    }
    refused(
        &d,
        &["void", "1", "4", "--reason", "  "],
        1,
        &["the reason is empty"],
    );
    for usage in [
        &["void", "1", "4"][..],
        &["void", "1", "0", "--reason", "x"],
        &["void", "1", "four", "--reason", "x"],
        &["void", "1", "4", "--reason", "x", "--at", "5m ago"],
    ] {
        let before = d.snapshot();
        d.run(usage).fails(2);
        assert_eq!(d.snapshot(), before, "{usage:?}");
    }
    // Voided from the latest back, each is allowed in its turn.
    d.run(&["void", "1", "8", "--reason", "x"]).ok();
    d.run(&["void", "1", "7", "--reason", "x"]).ok();
    d.run(&["void", "1", "6", "--reason", "x"]).ok();
    d.run(&["void", "1", "5", "--reason", "x"]).ok();
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["state"],
        "open"
    );
}

/// Every command the reminder quotes, followed as written, records no
/// second update: the one that printed it is already in the log.
#[test]
fn following_the_waiting_reminder_records_no_second_update() {
    let mut d = answered_by_mistake();
    d.run_at("2026-11-24T00:10:00Z", &["wait", "1"]).ok();
    let update = d.run_at(
        "2026-11-24T00:20:00Z",
        &["update", "1", "-m", "Still looking"],
    );
    update.ok();
    let quoted: Vec<&str> = update.stderr.split('"').skip(1).step_by(2).collect();
    assert!(!quoted.is_empty(), "{}", update.stderr);
    d.at("2026-11-24T00:25:00Z");
    for command in &quoted {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        assert_eq!(
            command.split_whitespace().next(),
            Some("slaclock"),
            "{command}"
        );
        d.run(&args).ok();
    }
    let csv = d.run(&["export", "--events"]).ok().to_string();
    let (header, rows) = read_csv(&csv);
    let kinds: Vec<&str> = rows.iter().map(|r| column(&header, r, "kind")).collect();
    assert_eq!(
        kinds,
        ["opened", "updated", "waiting", "updated", "resumed"],
        "{}",
        update.stderr
    );
}

#[test]
fn an_update_on_a_waiting_ticket_reminds_that_the_clocks_stay_paused() {
    let mut d = answered_by_mistake();
    d.run_at("2026-11-24T00:10:00Z", &["wait", "1"]).ok();
    let update = d.run_at(
        "2026-11-24T00:20:00Z",
        &["update", "#1", "-m", "Still looking"],
    );
    assert!(
        update
            .ok()
            .starts_with("#1 VXC down (ACME): update recorded at 10:20"),
        "{}",
        update.stdout
    );
    assert_eq!(
        update.stderr,
        "#1 is waiting on the customer: the update is recorded and the clocks stay paused; to resume them, run \"slaclock resume 1\" (next time, add --resume to the update to record both in one step)\n"
    );
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["state"],
        "waiting"
    );
    // --resume records the update and the resume, at the same instant.
    let both = d.run_at(
        "2026-11-24T00:30:00Z",
        &["update", "1", "--resume", "-m", "Logs received"],
    );
    let out = both.ok().to_string();
    assert!(
        out.starts_with(
            "#1 VXC down (ACME): update recorded at 10:30\n#1 VXC down (ACME): resumed at 10:30\n"
        ),
        "{out}"
    );
    assert_eq!(both.stderr, "", "no reminder once resumed");
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(json["state"], "open");
    assert_eq!(json["waiting_since"], Value::Null);
    let events = timeline(&d, "1");
    assert!(
        row(&events, 5).contains("updated") && row(&events, 5).contains("Logs received"),
        "{events}"
    );
    assert!(
        row(&events, 6).contains("resumed") && row(&events, 6).contains("10:30"),
        "{events}"
    );
    // Not waiting: no reminder, and --resume has nothing to resume.
    let plain = d.run_at("2026-11-24T00:40:00Z", &["update", "1"]);
    plain.ok();
    assert_eq!(plain.stderr, "");
    refused(
        &d,
        &["update", "1", "--resume"],
        1,
        &[
            "ticket #1 is not waiting on the customer",
            "without --resume",
        ],
    );
    // Run twice (a retry after the first landed): which resume stands is
    // said, with whether it came with an update, so the update is not
    // recorded again by following the advice blindly.
    let again = d.run(&["update", "1", "--resume", "-m", "Logs received"]);
    assert_eq!(
        again.fails(1),
        "error: ticket #1 is not waiting on the customer: alice resumed it with an \
         update at 2026-11-24 10:30 AEST; if that was this update, it is recorded (see it with: \
         slaclock status 1); otherwise record the update without --resume\n"
    );
    assert_eq!(
        d.run(&["resume", "1"]).fails(1),
        "error: ticket #1 is not waiting on the customer: alice resumed it at \
         2026-11-24 10:30 AEST; there is nothing to resume\n"
    );
    // A plain resume is named as one, and who made it.
    d.run_at("2026-11-24T00:41:00Z", &["wait", "1"]).ok();
    d.run_with("USER", "bob", &["resume", "1"]).ok();
    assert_eq!(
        d.run(&["update", "1", "--resume"]).fails(1),
        "error: ticket #1 is not waiting on the customer: bob resumed it at \
         2026-11-24 10:41 AEST; record the update without --resume\n"
    );
    // A wait ended by a resolve (then a reopen) names no resume.
    d.run(&["wait", "1"]).ok();
    d.run(&["resolve", "1"]).ok();
    d.run(&["reopen", "1", "--reason", "still down"]).ok();
    assert_eq!(
        d.run(&["resume", "1"]).fails(1),
        "error: ticket #1 is not waiting on the customer; there is nothing to resume\n"
    );
    // One transaction: a resume the rules refuse records no update either.
    d.run(&["wait", "1"]).ok();
    refused(
        &d,
        &["update", "1", "--resume", "--at", "10:35"],
        1,
        &["before its last recorded event"],
    );
}

/// A reopen that a policy apply then re-pinned cannot be voided (the re-pin
/// stands on it, and a re-pin is never voided): the refusal says so and
/// what to do, not "void the re-pin first", which would be refused too.
#[test]
fn a_reopen_a_re_pin_stands_on_is_refused_without_a_dead_end() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    d.run_at("2026-11-24T00:05:00Z", &["update", "1"]).ok();
    d.run_at("2026-11-24T00:10:00Z", &["resolve", "1"]).ok();
    d.run_at("2026-11-24T00:20:00Z", &["reopen", "1", "--reason", "x"])
        .ok();
    let strict = slaclock::sla::DEFAULT_POLICY.replace("update = \"30m\"", "update = \"20m\"");
    std::fs::write(d.path("severity.toml"), strict).unwrap();
    d.run_at("2026-11-24T00:30:00Z", &["policy", "apply"]).ok();
    d.at("2026-11-24T00:40:00Z");
    // 1 opened, 2 updated, 3 resolved, 4 reopened, 5 policy.
    refused(
        &d,
        &["void", "1", "4", "--reason", "reopened by mistake"],
        1,
        &[
            "event 5 (policy) re-pinned the ticket while this event held it open",
            "record what is true now instead",
        ],
    );
    let err = d.run(&["void", "1", "4", "--reason", "x"]).stderr;
    assert!(!err.contains("void 5 first"), "{err}");
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn owners_edits_and_voids_on_postgres() {
    let mut d = postgres_desk();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    open_sev(&mut d, "2026-11-24T00:01:00Z", "2", "Beta", "Packet loss");
    d.run_at("2026-11-24T00:05:00Z", &["update", "1"]).ok();
    d.run(&["take", "1"]).ok();
    d.run(&[
        "edit",
        "1",
        "--title",
        "VXC down in Sydney",
        "--ref",
        "CASE-1",
    ])
    .ok();
    d.run_at(
        "2026-11-24T00:10:00Z",
        &["void", "1", "2", "--reason", "meant for #2"],
    )
    .ok();
    assert_eq!(board_ids(&d, &["--mine"]), [1]);
    assert_eq!(board_ids(&d, &["--unassigned"]), [2]);
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(json["title"], "VXC down in Sydney");
    assert_eq!(json["owner"], "alice");
    assert_eq!(json["clocks"]["response"]["state"], "running");
    // A ref another ticket holds is refused, and the log stays usable.
    d.run(&["edit", "2", "--ref", "CASE-1"]).fails(1);
    d.run(&["void", "1", "1", "--reason", "x"]).fails(1);
    d.run(&["edit", "2", "--ref", "CASE-2"]).ok();
    let events = timeline(&d, "1");
    assert!(row(&events, 2).contains("updated (void)"), "{events}");
}

/// Taking or assigning a ticket someone else owns says whom from, in the
/// echo and in the timeline (`status ID`); from nobody, it says nothing
/// more. A voided assignment gave the ticket to nobody: the next one
/// took it from nobody either.
#[test]
fn taking_a_ticket_someone_owns_says_whom_it_was_taken_from() {
    let mut d = three_tickets();
    let said = |r: &Run| r.ok().lines().next().unwrap_or_default().to_string();
    assert_eq!(
        said(&d.run(&["assign", "1", "bob"])),
        "#1 VXC down (ACME): owned by bob since 10:05"
    );
    d.at("2026-11-24T00:06:00Z");
    assert_eq!(
        said(&d.run(&["take", "1"])),
        "#1 VXC down (ACME): owned by alice since 10:06, taken from bob"
    );
    d.at("2026-11-24T00:07:00Z");
    assert_eq!(
        said(&d.run(&["assign", "1", "carol"])),
        "#1 VXC down (ACME): owned by carol since 10:07, taken from alice"
    );
    let t = timeline(&d, "1");
    assert!(row(&t, 2).ends_with(" to bob"), "{t}");
    assert!(row(&t, 3).ends_with(" to alice (from bob)"), "{t}");
    assert!(row(&t, 4).ends_with(" to carol (from alice)"), "{t}");
    let ja_status = ja(&d, &["status", "1"]).ok().to_string();
    assert!(ja_status.contains("担当 alice（bobから）"), "{ja_status}");
    // In Japanese, the echo too; from nobody, nothing more.
    d.run(&["unassign", "1"]).ok();
    d.at("2026-11-24T00:08:00Z");
    assert_eq!(
        said(&ja(&d, &["assign", "1", "dave"])),
        "#1 VXC down (ACME): 10:08から担当 dave"
    );
    assert_eq!(
        said(&ja(&d, &["take", "1"])),
        "#1 VXC down (ACME): 10:08から担当 alice（daveから引き継ぎ）"
    );
    // Bob's assignment voided, alice took the ticket from nobody.
    d.run(&["void", "1", "2", "--reason", "bob was away"]).ok();
    let t = timeline(&d, "1");
    assert!(row(&t, 3).ends_with(" to alice"), "{t}");
    assert!(row(&t, 4).ends_with(" to carol (from alice)"), "{t}");
}
