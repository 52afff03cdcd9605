//! The unattended jobs: `check` for cron and monitoring, `export` for
//! spreadsheets and scripts, `report` for the monthly review, and the
//! scripts and second policy in `examples/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use super::util::*;

// ---- helpers ---------------------------------------------------------------

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// Runs a command that must print on stdout and exit with `code`.
#[track_caller]
fn exits(run: &Run, code: i32) -> String {
    assert_eq!(
        run.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout.clone()
}

/// A CSV document as its header and rows, read back with the csv crate.
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// What a JSON value looks like in a CSV cell: null is empty.
fn as_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn column<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

const TICKET_COLUMNS: [&str; 26] = [
    "id",
    "kind",
    "severity",
    "title",
    "customer",
    "service",
    "state",
    "opened_at",
    "resolved_at",
    "escalation_level",
    "response_state",
    "response_target_secs",
    "response_deadline",
    "update_state",
    "update_target_secs",
    "update_deadline",
    "restore_state",
    "restore_target_secs",
    "restore_deadline",
    "response_stopped_at",
    "update_missed",
    "update_longest_gap_secs",
    "restore_counted_secs",
    "restore_waiting_secs",
    "policy_version",
    "ref",
];

const EVENT_COLUMNS: [&str; 11] = [
    "event_id",
    "ticket_id",
    "at",
    "recorded_at",
    "by",
    "kind",
    "severity",
    "level",
    "next_update",
    "reason",
    "text",
];

fn open_sev(d: &mut Desk, at: &str, severity: &str, customer: &str, title: &str) {
    d.run_at(
        at,
        &[
            "open",
            "--severity",
            severity,
            "--customer",
            customer,
            "--",
            title,
        ],
    )
    .ok();
}

/// Four open tickets at 02:10 on 2026-11-24 (UTC), one of each concern:
/// #1 sev 1 from 00:00, updated at 00:05 with a promise for 03:05, so only
///    its escalation to level 1 (due at 2h, 02:00) needs attention;
/// #2 sev 2 from 01:40, no response: breached at 01:55;
/// #3 sev 1 from 01:50, no response: breached at 02:05;
/// #4 sev 2 from 01:58, no response: 12 of 15 minutes used (80%), at risk.
fn busy_desk() -> Desk {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "1", "--next-update", "in 3h"],
    )
    .ok();
    open_sev(&mut d, "2026-11-24T01:40:00Z", "2", "Beta", "Packet loss");
    open_sev(&mut d, "2026-11-24T01:50:00Z", "1", "Gamma", "Port 3 dark");
    open_sev(
        &mut d,
        "2026-11-24T01:58:00Z",
        "2",
        "Delta",
        "Jitter on VLAN 12",
    );
    d.at("2026-11-24T02:10:00Z");
    d
}

// ---- check ----------------------------------------------------------------

#[test]
fn check_is_ok_on_an_empty_log() {
    let d = Desk::new();
    slaclock::store::Store::open(
        &slaclock::store::Location::Sqlite(d.db()),
        slaclock::store::OpenMode::Create,
    )
    .expect("create an empty log");
    let out = exits(&d.run(&["check"]), 0);
    assert_eq!(
        out,
        "OK: 0 breached, 0 at risk, 0 escalation due | 'breached'=0;;1;0 'at_risk'=0;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=0;1;;0 'open'=0;;;0\n"
    );
}

#[test]
fn check_is_ok_when_every_ticket_is_resolved_or_in_time() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at("2026-11-24T00:05:00Z", &["resolve", "1"]).ok();
    open_sev(&mut d, "2026-11-24T00:06:00Z", "3", "ACME", "Portal typo");
    // #2: 4 of its 30 response minutes used.
    d.at("2026-11-24T00:10:00Z");
    let out = exits(&d.run(&["check"]), 0);
    assert_eq!(
        first_line(&out),
        "OK: 0 breached, 0 at risk, 0 escalation due | 'breached'=0;;1;0 'at_risk'=0;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=0;1;;0 'open'=1;;;0"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn check_warns_when_a_clock_is_at_risk() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    // 12 of 15 response minutes used: 80%.
    d.at("2026-11-24T00:12:00Z");
    let out = exits(&d.run(&["check"]), 1);
    assert_eq!(
        out,
        "WARNING: 0 breached, 1 at risk, 0 escalation due | 'breached'=0;;1;0 'at_risk'=1;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=0;1;;0 'open'=1;;;0\n\
         #1 severity 1 incident \"VXC down\" for ACME: response due in 3m, 80% used\n"
    );
}

#[test]
fn check_warns_when_an_escalation_is_due() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    // Responded at 00:05 with a written promise of the next update at 03:05.
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "1", "--next-update", "in 3h"],
    )
    .ok();
    // At 02:10: the update interval has used 2h05 of 3h (69%), restore 2h10
    // of 6h (36%), and level 1 fell due at 2h (02:00).
    d.at("2026-11-24T02:10:00Z");
    let out = exits(&d.run(&["check"]), 1);
    assert_eq!(
        out,
        "WARNING: 0 breached, 0 at risk, 1 escalation due | 'breached'=0;;1;0 'at_risk'=0;1;;0 'escalation_due'=1;1;;0 'waiting_too_long'=0;1;;0 'open'=1;;;0\n\
         #1 severity 1 incident \"VXC down\" for ACME: escalation to level 1 due since 10m\n"
    );
    // Escalating by hand clears it.
    d.run(&["escalate", "1", "--reason", "slow"]).ok();
    exits(&d.run(&["check"]), 0);
}

#[test]
fn check_is_critical_when_a_target_is_breached() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let out = exits(&d.run(&["check"]), 2);
    assert_eq!(
        out,
        "CRITICAL: 1 breached, 0 at risk, 0 escalation due | 'breached'=1;;1;0 'at_risk'=0;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=0;1;;0 'open'=1;;;0\n\
         #1 severity 1 incident \"VXC down\" for ACME: response 5m overdue\n"
    );
    // Once the late response is sent the breach is history (issue 13): it
    // stays breached in status, but check no longer pages for it, and
    // lists it only with --history.
    d.run(&["update", "1"]).ok();
    let out = exits(&d.run(&["check"]), 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    let out = exits(&d.run(&["check", "--history"]), 0);
    assert!(
        out.contains(
            "#1 severity 1 incident \"VXC down\" for ACME: history: response breached, 5m late"
        ),
        "{out}"
    );
}

#[test]
fn check_lists_the_most_urgent_first() {
    let d = busy_desk();
    let out = exits(&d.run(&["check"]), 2);
    assert_eq!(
        out,
        "CRITICAL: 2 breached, 1 at risk, 1 escalation due | 'breached'=2;;1;0 'at_risk'=1;1;;0 'escalation_due'=1;1;;0 'waiting_too_long'=0;1;;0 'open'=4;;;0\n\
         #2 severity 2 incident \"Packet loss\" for Beta: response 15m overdue\n\
         #3 severity 1 incident \"Port 3 dark\" for Gamma: response 5m overdue\n\
         #4 severity 2 incident \"Jitter on VLAN 12\" for Delta: response due in 3m, 80% used\n\
         #1 severity 1 incident \"VXC down\" for ACME: escalation to level 1 due since 10m\n"
    );
}

#[test]
fn check_quiet_prints_only_the_first_line() {
    let d = busy_desk();
    for flag in ["--quiet", "-q"] {
        let out = exits(&d.run(&["check", flag]), 2);
        assert_eq!(
            out,
            "CRITICAL: 2 breached, 1 at risk, 1 escalation due | 'breached'=2;;1;0 'at_risk'=1;1;;0 'escalation_due'=1;1;;0 'waiting_too_long'=0;1;;0 'open'=4;;;0\n"
        );
    }
}

#[test]
fn check_json_is_one_object_for_tools() {
    let d = busy_desk();
    let run = d.run(&["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&exits(&run, 2)).expect("one JSON object");
    assert_eq!(v["status"], "CRITICAL");
    assert_eq!(v["exit_code"], 2);
    assert_eq!(v["breached"], 2);
    assert_eq!(v["at_risk"], 1);
    assert_eq!(v["escalation_due"], 1);
    assert_eq!(v["open"], 4);
    assert_eq!(v["as_of"], "2026-11-24T02:10:00Z");
    let ids: Vec<i64> = v["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect();
    // The board's order: breached first, then by the nearest deadline.
    assert_eq!(ids, [2, 3, 4, 1]);
    let first = &v["tickets"][0];
    assert_eq!(first["customer"], "Beta");
    assert_eq!(first["severity"], 2);
    assert_eq!(first["reasons"][0]["concern"], "breached");
    assert_eq!(first["reasons"][0]["clock"], "response");
    assert_eq!(first["reasons"][0]["deadline"], "2026-11-24T01:55:00Z");
    let esc = &v["tickets"][3]["reasons"][0];
    assert_eq!(esc["concern"], "escalation_due");
    assert_eq!(esc["level"], 1);
    assert_eq!(esc["deadline"], "2026-11-24T02:00:00Z");
    let risk = &v["tickets"][2]["reasons"][0];
    assert_eq!(risk["concern"], "at_risk");
    assert_eq!(risk["used_percent"], 80);
}

#[test]
fn check_warn_at_boundary_is_inclusive() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    // 75% of the 900 s response target is 675 s: 00:11:15.
    d.at("2026-11-24T00:11:14Z");
    exits(&d.run(&["check"]), 0);
    d.at("2026-11-24T00:11:15Z");
    let out = exits(&d.run(&["check"]), 1);
    assert!(out.contains("response due in 3m, 75% used"), "{out}");
    // 50% is 450 s: 00:07:30.
    d.at("2026-11-24T00:07:29Z");
    exits(&d.run(&["check", "--warn-at", "50"]), 0);
    d.at("2026-11-24T00:07:30Z");
    let out = exits(&d.run(&["check", "--warn-at", "50"]), 1);
    assert!(out.contains("response due in 7m, 50% used"), "{out}");
}

#[test]
fn check_as_of_looks_back() {
    let mut d = busy_desk();
    d.at("2026-11-24T03:00:00Z");
    // At 01:57Z (11:57 in Brisbane) #4 was not yet reported, #1's level 1
    // was not yet due, #3 had used 7 of its 15 minutes, and only #2 was
    // breached (since 01:55).
    let out = exits(&d.run(&["check", "--as-of", "2026-11-24 11:57"]), 2);
    assert_eq!(
        out,
        "CRITICAL: 1 breached, 0 at risk, 0 escalation due | 'breached'=1;;1;0 'at_risk'=0;1;;0 'escalation_due'=0;1;;0 'waiting_too_long'=0;1;;0 'open'=3;;;0\n\
         #2 severity 2 incident \"Packet loss\" for Beta: response 2m overdue\n"
    );
    let v: Value = serde_json::from_str(&exits(
        &d.run(&["check", "--as-of", "2026-11-24 11:57", "--format", "json"]),
        2,
    ))
    .expect("JSON");
    assert_eq!(v["open"], 3);
    assert_eq!(v["as_of"], "2026-11-24T01:57:00Z");
    // A bad --as-of is UNKNOWN, not an error.
    let out = exits(&d.run(&["check", "--as-of", "yesterday-ish"]), 3);
    assert!(out.starts_with("UNKNOWN: --as-of: "), "{out}");
}

#[test]
fn check_is_unknown_without_a_log() {
    let d = Desk::new();
    let run = d.run(&["check"]);
    let out = exits(&run, 3);
    assert_eq!(
        first_line(&out),
        format!(
            "UNKNOWN: no ticket log at {}; open a ticket first, or pass --db",
            d.db().display()
        )
    );
    assert!(!d.db().exists(), "check must not create the log");
    let v: Value = serde_json::from_str(&exits(&d.run(&["check", "--format", "json"]), 3))
        .expect("one JSON object");
    assert_eq!(v["status"], "UNKNOWN");
    assert_eq!(v["exit_code"], 3);
    assert_eq!(v["breached"], Value::Null);
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("no ticket log at")),
        "{v}"
    );
}

#[test]
fn check_is_unknown_for_a_file_that_is_not_a_ticket_log() {
    let d = Desk::new();
    std::fs::write(d.db(), "name,amount\nACME,12\n").expect("write");
    let out = exits(&d.run(&["check"]), 3);
    assert!(out.starts_with("UNKNOWN: "), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    // Another program's SQLite database.
    let other = d.path("other.db");
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute_batch("CREATE TABLE songs (title TEXT);"))
        .expect("sqlite");
    let out = exits(
        &d.run(&["--db", other.to_str().expect("utf-8"), "check"]),
        3,
    );
    assert!(out.starts_with("UNKNOWN: "), "{out}");
}

#[test]
fn check_runs_like_cron_with_no_environment() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    let bare = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_slaclock"));
        c.current_dir(d.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        c
    };
    // The real clock, so the instant is given with --as-of.
    let o = bare()
        .args(["--db", d.db().to_str().expect("utf-8")])
        .args(["check", "--as-of", "2026-11-24T00:20:00Z"])
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.starts_with("CRITICAL: 1 breached"), "{out}");
    assert!(
        !out.contains('\x1b'),
        "no colour without a terminal: {out:?}"
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Without --db and without HOME there is nothing to check: UNKNOWN, said why.
    let o = bare().arg("check").output().expect("run");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{out}");
    assert!(out.starts_with("UNKNOWN: "), "{out}");
    assert!(out.contains("--db"), "says what to pass: {out}");
}

// ---- export ---------------------------------------------------------------

/// Tickets in several states, as of 2026-11-24T03:00Z.
fn varied_desk() -> Desk {
    let mut d = Desk::new();
    d.run_at(
        "2026-11-24T00:00:00Z",
        &[
            "open",
            "--severity",
            "1",
            "--customer",
            "ACME",
            "--service",
            "VXC-1234",
            "VXC down",
        ],
    )
    .ok();
    d.run_at("2026-11-24T00:10:00Z", &["update", "1", "-m", "On it"])
        .ok();
    d.run_at("2026-11-24T00:50:00Z", &["update", "1"]).ok();
    d.run_at("2026-11-24T01:00:00Z", &["resolve", "1"]).ok();
    open_sev(&mut d, "2026-11-24T01:00:00Z", "2", "Beta", "Packet loss");
    d.run_at("2026-11-24T01:10:00Z", &["update", "2"]).ok();
    d.run_at(
        "2026-11-24T01:20:00Z",
        &["wait", "2", "--reason", "Asked for logs"],
    )
    .ok();
    d.run_at(
        "2026-11-24T01:30:00Z",
        &[
            "open",
            "--kind",
            "provisioning",
            "--customer",
            "ACME",
            "New port",
        ],
    )
    .ok();
    d.run_at(
        "2026-11-24T01:40:00Z",
        &[
            "open",
            "--kind",
            "inquiry",
            "How do I read my usage report?",
        ],
    )
    .ok();
    d.at("2026-11-24T03:00:00Z");
    d
}

#[test]
fn export_csv_and_json_lines_agree_field_by_field() {
    let d = varied_desk();
    let csv_text = d.run(&["export"]).ok().to_string();
    let json_text = d.run(&["export", "--format", "json"]).ok().to_string();
    let (header, rows) = read_csv(&csv_text);
    assert_eq!(header, TICKET_COLUMNS);
    let objects = json_lines(&json_text);
    assert_eq!(rows.len(), 4);
    assert_eq!(objects.len(), rows.len());
    for (row, obj) in rows.iter().zip(&objects) {
        let keys: Vec<&String> = obj.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), header.len(), "{obj}");
        for (name, cell) in header.iter().zip(row) {
            assert_eq!(*cell, as_cell(&obj[name]), "column {name} of {obj}");
        }
    }
    // A few figures checked by hand, for ticket 1: responded after 10m,
    // missed the 00:40 update, resolved after 1h.
    let one = &objects[0];
    assert_eq!(one["state"], "resolved");
    assert_eq!(one["opened_at"], "2026-11-24T00:00:00Z");
    assert_eq!(one["resolved_at"], "2026-11-24T01:00:00Z");
    assert_eq!(one["response_state"], "met");
    assert_eq!(one["response_target_secs"], 900);
    assert_eq!(one["response_deadline"], "2026-11-24T00:15:00Z");
    assert_eq!(one["response_stopped_at"], "2026-11-24T00:10:00Z");
    assert_eq!(one["update_state"], "breached");
    assert_eq!(one["update_missed"], 1);
    assert_eq!(one["update_longest_gap_secs"], 2400);
    assert_eq!(one["restore_state"], "met");
    assert_eq!(one["restore_counted_secs"], 3600);
    assert_eq!(one["restore_waiting_secs"], 0);
    // Ticket 2 has waited on the customer since 01:20.
    let two = &objects[1];
    assert_eq!(two["state"], "waiting");
    assert_eq!(two["restore_state"], "paused");
    assert_eq!(two["restore_deadline"], Value::Null);
    assert_eq!(two["restore_waiting_secs"], 6000);
    // Clocks that do not apply are empty cells.
    let port = &rows[2];
    assert_eq!(column(&header, port, "kind"), "provisioning");
    assert_eq!(column(&header, port, "severity"), "");
    assert_eq!(column(&header, port, "response_state"), "none");
    assert_eq!(column(&header, port, "response_target_secs"), "");
    assert_eq!(column(&header, port, "update_missed"), "");
    assert_eq!(column(&header, port, "restore_counted_secs"), "");
}

#[test]
fn export_neutralises_formulas_in_csv_only() {
    let mut d = Desk::new();
    let titles = [
        "=HYPERLINK(\"http://evil.example/\",\"click\")",
        "+1",
        "-2",
        "@SUM(A1:A2)",
        "\tTabbed",
    ];
    for (i, title) in titles.iter().enumerate() {
        open_sev(
            &mut d,
            &format!("2026-11-24T00:0{i}:00Z"),
            "3",
            "=cmd|' /C calc'!A0",
            title,
        );
    }
    d.run_at("2026-11-24T00:09:00Z", &["note", "1", "=1+1"])
        .ok();
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    let objects = json_lines(d.run(&["export", "--format", "json"]).ok());
    for ((title, row), obj) in titles.iter().zip(&rows).zip(&objects) {
        assert_eq!(column(&header, row, "title"), format!("'{title}"));
        assert_eq!(column(&header, row, "customer"), "'=cmd|' /C calc'!A0");
        assert_eq!(obj["title"], *title, "JSON keeps the raw text");
        assert_eq!(obj["customer"], "=cmd|' /C calc'!A0");
    }
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    let note = rows
        .iter()
        .find(|r| column(&header, r, "kind") == "note")
        .expect("the note");
    assert_eq!(column(&header, note, "text"), "'=1+1");
    let events = json_lines(d.run(&["export", "--events", "--format", "json"]).ok());
    assert!(events.iter().any(|e| e["text"] == "=1+1"));
}

#[test]
fn export_round_trips_any_text() {
    let d = Desk::new();
    let title = "障害: 東京リージョンのVXCが停止\n\"Quoted\", with commas, 'apostrophes'\r\nand a third line ;|\\";
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "株式会社ACME, \"Tokyo\"",
        "--",
        title,
    ])
    .ok();
    d.run(&["note", "1", title]).ok();
    let (header, rows) = read_csv(d.run(&["export"]).ok());
    assert_eq!(column(&header, &rows[0], "title"), title);
    assert_eq!(
        column(&header, &rows[0], "customer"),
        "株式会社ACME, \"Tokyo\""
    );
    let objects = json_lines(d.run(&["export", "--format", "json"]).ok());
    assert_eq!(objects[0]["title"], title);
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    assert_eq!(column(&header, &rows[1], "text"), title);
}

#[test]
fn export_to_a_file_is_atomic() {
    let d = varied_desk();
    let dest = d.path("tickets.csv");
    std::fs::write(&dest, "an older export\n").expect("write");
    let run = d.run(&["export", "-o", dest.to_str().expect("utf-8")]);
    assert_eq!(run.ok(), "", "nothing on stdout");
    let written = std::fs::read_to_string(&dest).expect("read");
    assert_eq!(written, d.run(&["export"]).ok());
    assert_eq!(leftovers(d.dir.path()), Vec::<String>::new());
    // A failed export leaves neither a file nor a temporary file.
    let missing = d.path("nowhere.db");
    let dest = d.path("failed.csv");
    d.run(&[
        "--db",
        missing.to_str().expect("utf-8"),
        "export",
        "-o",
        dest.to_str().expect("utf-8"),
    ])
    .fails(1);
    assert!(!dest.exists());
    assert_eq!(leftovers(d.dir.path()), Vec::<String>::new());
    // Never over the ticket log itself.
    let before = d.snapshot();
    let err = d
        .run(&["export", "-o", d.db().to_str().expect("utf-8")])
        .fails(1)
        .to_string();
    assert!(err.contains("is the ticket log itself"), "{err}");
    assert_eq!(d.snapshot(), before);
    // Into a folder that does not exist: an error naming it.
    let err = d
        .run(&[
            "export",
            "-o",
            d.path("no/such/folder/x.csv").to_str().expect("utf-8"),
        ])
        .fails(1)
        .to_string();
    assert!(err.contains("no/such/folder"), "{err}");
}

/// Hidden or temporary files left in a folder.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn export_events_writes_the_raw_log() {
    let d = varied_desk();
    let (header, rows) = read_csv(d.run(&["export", "--events"]).ok());
    assert_eq!(header, EVENT_COLUMNS);
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (column(&header, r, "ticket_id"), column(&header, r, "kind")))
        .collect();
    assert_eq!(
        kinds,
        [
            ("1", "opened"),
            ("1", "updated"),
            ("1", "updated"),
            ("1", "resolved"),
            ("2", "opened"),
            ("2", "updated"),
            ("2", "waiting"),
            ("3", "opened"),
            ("4", "opened"),
        ]
    );
    let first_update = &rows[1];
    assert_eq!(column(&header, first_update, "at"), "2026-11-24T00:10:00Z");
    assert_eq!(
        column(&header, first_update, "recorded_at"),
        "2026-11-24T00:10:00Z"
    );
    assert_eq!(column(&header, first_update, "by"), "alice");
    assert_eq!(column(&header, first_update, "text"), "On it");
    assert_eq!(column(&header, &rows[0], "severity"), "1");
    assert_eq!(column(&header, &rows[6], "reason"), "Asked for logs");
    let objects = json_lines(d.run(&["export", "--events", "--format", "json"]).ok());
    assert_eq!(objects.len(), rows.len());
    for (row, obj) in rows.iter().zip(&objects) {
        for (name, cell) in header.iter().zip(row) {
            assert_eq!(*cell, as_cell(&obj[name]), "column {name} of {obj}");
        }
    }
}

#[test]
fn export_selects_by_open_time() {
    let mut d = Desk::new();
    // Brisbane local days: #1 on the 23rd, #2 and #3 on the 24th, #4 on the 25th.
    open_sev(&mut d, "2026-11-23T10:00:00Z", "3", "A", "one");
    open_sev(&mut d, "2026-11-23T14:00:00Z", "3", "B", "two");
    open_sev(&mut d, "2026-11-24T13:59:59Z", "3", "C", "three");
    open_sev(&mut d, "2026-11-24T14:00:00Z", "3", "D", "four");
    d.run_at("2026-11-24T15:00:00Z", &["resolve", "2"]).ok();
    let ids = |args: &[&str]| -> Vec<String> {
        let (header, rows) = read_csv(d.run(args).ok());
        rows.iter()
            .map(|r| column(&header, r, "id").to_string())
            .collect()
    };
    let day = ["export", "--since", "2026-11-24", "--until", "2026-11-25"];
    assert_eq!(ids(&day), ["2", "3"]);
    assert_eq!(ids(&["export", "--since", "2026-11-24"]), ["2", "3", "4"]);
    assert_eq!(
        ids(&["export", "--until", "2026-11-24T14:00:00Z"]),
        ["1", "2", "3"]
    );
    assert_eq!(ids(&["export", "--since", "1h ago"]), ["4"]);
    let (header, rows) = read_csv(d.run(&[day.as_slice(), &["--events"]].concat()).ok());
    let tickets: Vec<&str> = rows
        .iter()
        .map(|r| column(&header, r, "ticket_id"))
        .collect();
    assert_eq!(tickets, ["2", "2", "3"]);
    // An empty selection still has its header.
    let out = d
        .run(&["export", "--since", "2027-01-01", "--until", "2027-02-01"])
        .ok()
        .to_string();
    assert_eq!(out, format!("{}\n", TICKET_COLUMNS.join(",")));
    d.run(&["export", "--since", "2026-11-25", "--until", "2026-11-24"])
        .fails(2);
    d.run(&["export", "--format", "table"]).fails(2);
}

// ---- report ---------------------------------------------------------------

/// October 2026 in Brisbane (UTC+10): from 2026-09-30T14:00Z to
/// 2026-10-31T14:00Z. Default policy: severity 1 response 15m, updates 30m,
/// restore 6h, escalation at 2h/6h/12h; severity 2 15m, 60m, 24h; severity 3
/// 30m, 4h, restore 48 business hours (09:00-17:00 Brisbane).
///
/// | id | ticket | opened (UTC) | as of 31 Oct 14:00Z |
/// |----|--------|--------------|---------------------|
/// | 1 | sev 2 | 30 Sep 13:59 | outside: opened 23:59 local on 30 Sep |
/// | 2 | sev 1 ACME | 5 Oct 00:00 | response met (10m); updates 00:35, resolved 01:00: none missed; restore met, 1h |
/// | 3 | sev 1 ACME | 6 Oct 00:00 | response breached (20m); updates 01:00 (missed 00:50), 01:20; escalated to 1 and 2; resolved 07:00 (interval from 01:20 missed): 2 missed; restore breached, 7h |
/// | 4 | sev 2 Beta | 12 Oct 00:00 | response met (10m); waiting since 00:30: update paused, none missed; restore paused; open |
/// | 5 | sev 3 Beta | 20 Oct 00:00 | response breached (40m); resolved 04:00 before the 04:40 update: none missed; restore met, 4 business hours |
/// | 6 | provisioning ACME | 25 Oct 00:00 | no clocks; resolved 26 Oct |
/// | 7 | inquiry Gamma | 28 Oct 00:00 | response met (20m); resolved 01:00: none missed; no restore clock |
/// | 8 | sev 1 Gamma | 31 Oct 10:00 | no response: breached at 10:15; update pending; restore running (4h of 6h); open. Resolved in November, which the report must not see |
/// | 9 | sev 3 | 31 Oct 14:00 | outside: opened 00:00 local on 1 Nov |
///
/// All seven tickets in October (2 to 8):
/// - responses: judged 2 3 4 5 7 8 (6; provisioning has none), met 2 4 7 (3): 50.0%
/// - updates: started 2 3 4 5 7 (5; 8 is pending), on time 2 4 5 7 (4): 80.0%; missed 2 (all on 3)
/// - restores (incidents): judged 2 3 5 (4 paused, 8 running), met 2 5: 66.7%
/// - restore times of resolved incidents: 3600 (2), 14400 (5), 25200 (3);
///   nearest-rank median rank ⌈0.5·3⌉ = 2: 14400; p90 rank ⌈0.9·3⌉ = 3: 25200
/// - escalations: level 1: 1 (3), level 2: 1 (3), level 3: 0
/// - still open: 4 and 8 (2)
fn october_desk() -> Desk {
    let mut d = Desk::new();
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-09-30T13:59:00Z",
            &["open", "--severity", "2", "Late September"],
        ),
        (
            "2026-10-05T00:00:00Z",
            &["open", "--severity", "1", "--customer", "ACME", "One"],
        ),
        ("2026-10-05T00:10:00Z", &["update", "2"]),
        ("2026-10-05T00:35:00Z", &["update", "2"]),
        ("2026-10-05T01:00:00Z", &["resolve", "2"]),
        (
            "2026-10-06T00:00:00Z",
            &["open", "--severity", "1", "--customer", "ACME", "Two"],
        ),
        ("2026-10-06T00:20:00Z", &["update", "3"]),
        ("2026-10-06T01:00:00Z", &["update", "3"]),
        ("2026-10-06T01:20:00Z", &["update", "3"]),
        (
            "2026-10-06T02:10:00Z",
            &["escalate", "3", "--reason", "slow"],
        ),
        (
            "2026-10-06T06:10:00Z",
            &["escalate", "3", "--reason", "slow"],
        ),
        ("2026-10-06T07:00:00Z", &["resolve", "3"]),
        (
            "2026-10-12T00:00:00Z",
            &["open", "--severity", "2", "--customer", "Beta", "Three"],
        ),
        ("2026-10-12T00:10:00Z", &["update", "4"]),
        (
            "2026-10-12T00:30:00Z",
            &["wait", "4", "--reason", "Asked for logs"],
        ),
        (
            "2026-10-20T00:00:00Z",
            &["open", "--severity", "3", "--customer", "Beta", "Four"],
        ),
        ("2026-10-20T00:40:00Z", &["update", "5"]),
        ("2026-10-20T04:00:00Z", &["resolve", "5"]),
        (
            "2026-10-25T00:00:00Z",
            &[
                "open",
                "--kind",
                "provisioning",
                "--customer",
                "ACME",
                "Five",
            ],
        ),
        ("2026-10-26T00:00:00Z", &["resolve", "6"]),
        (
            "2026-10-28T00:00:00Z",
            &["open", "--kind", "inquiry", "--customer", "Gamma", "Six"],
        ),
        ("2026-10-28T00:20:00Z", &["update", "7"]),
        ("2026-10-28T01:00:00Z", &["resolve", "7"]),
        (
            "2026-10-31T10:00:00Z",
            &["open", "--severity", "1", "--customer", "Gamma", "Seven"],
        ),
        (
            "2026-10-31T14:00:00Z",
            &["open", "--severity", "3", "Early November"],
        ),
        // After the period: none of this may change October's figures.
        ("2026-11-02T00:00:00Z", &["update", "8"]),
        ("2026-11-02T00:30:00Z", &["resolve", "8"]),
        ("2026-11-02T01:00:00Z", &["resume", "4"]),
        ("2026-11-02T02:00:00Z", &["resolve", "4"]),
    ];
    for (at, args) in steps {
        d.run_at(at, args).ok();
    }
    d.at("2026-11-24T00:00:00Z");
    d
}

fn row<'a>(report: &'a Value, group: &str, key: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["group"] == group && r["key"] == key)
        .unwrap_or_else(|| panic!("no row {group} {key} in {report}"))
}

#[test]
fn report_matches_figures_computed_by_hand() {
    let d = october_desk();
    let r = d
        .run(&[
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-01",
            "--by",
            "customer",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(r["since"], "2026-09-30T14:00:00Z");
    assert_eq!(r["until"], "2026-10-31T14:00:00Z");
    assert_eq!(r["evaluated_at"], "2026-10-31T14:00:00Z");
    assert_eq!(r["percentile"], "nearest-rank");

    let all = row(&r, "all", "all");
    assert_eq!(all["opened"], 7);
    assert_eq!(all["responses_judged"], 6);
    assert_eq!(all["responses_met"], 3);
    assert_eq!(all["responses_met_pct"], 50.0);
    assert_eq!(all["updates_started"], 5);
    assert_eq!(all["updates_on_time"], 4);
    assert_eq!(all["updates_on_time_pct"], 80.0);
    assert_eq!(all["updates_missed"], 2);
    assert_eq!(all["restores_judged"], 3);
    assert_eq!(all["restores_met"], 2);
    assert_eq!(all["restores_met_pct"], 66.7);
    assert_eq!(all["restores_resolved"], 3);
    assert_eq!(all["restore_median_secs"], 14400);
    assert_eq!(all["restore_p90_secs"], 25200);
    assert_eq!(all["escalated_level_1"], 1);
    assert_eq!(all["escalated_level_2"], 1);
    assert_eq!(all["escalated_level_3"], 0);
    assert_eq!(all["still_open"], 2);

    // Severity 1: tickets 2, 3 and 8. Responses 1 of 3 (33.3%); updates on
    // time 1 of 2 (8 pending); restores met 1 of 2 (8 running); resolved
    // restore times 3600 and 25200: median rank 1, p90 rank 2.
    let s1 = row(&r, "severity", "1");
    assert_eq!(s1["opened"], 3);
    assert_eq!(s1["responses_met_pct"], 33.3);
    assert_eq!(
        (&s1["updates_on_time"], &s1["updates_started"]),
        (&Value::from(1), &Value::from(2))
    );
    assert_eq!(s1["restores_met_pct"], 50.0);
    assert_eq!(s1["restore_median_secs"], 3600);
    assert_eq!(s1["restore_p90_secs"], 25200);
    assert_eq!(s1["still_open"], 1);
    // Severity 2: ticket 4 only, waiting: nothing about its restore is judged.
    let s2 = row(&r, "severity", "2");
    assert_eq!(s2["opened"], 1);
    assert_eq!(s2["responses_met_pct"], 100.0);
    assert_eq!(s2["updates_on_time_pct"], 100.0);
    assert_eq!(s2["restores_judged"], 0);
    assert_eq!(s2["restores_met_pct"], Value::Null);
    assert_eq!(s2["restore_median_secs"], Value::Null);
    // Severity 3: ticket 5 (the inquiry is not an incident).
    let s3 = row(&r, "severity", "3");
    assert_eq!(s3["opened"], 1);
    assert_eq!(s3["responses_met_pct"], 0.0);
    assert_eq!(s3["restores_met_pct"], 100.0);
    assert_eq!(s3["restore_median_secs"], 14400);

    // By kind: incidents 2 3 4 5 8: responses 2 of 5 (40%), updates 3 of 4
    // (75%), restores 2 of 3.
    let inc = row(&r, "kind", "incident");
    assert_eq!(inc["opened"], 5);
    assert_eq!(inc["responses_met_pct"], 40.0);
    assert_eq!(inc["updates_on_time_pct"], 75.0);
    assert_eq!(inc["restores_met_pct"], 66.7);
    let prov = row(&r, "kind", "provisioning");
    assert_eq!(prov["opened"], 1);
    assert_eq!(prov["responses_judged"], 0);
    assert_eq!(prov["responses_met_pct"], Value::Null);
    assert_eq!(prov["still_open"], 0);
    let inq = row(&r, "kind", "inquiry");
    assert_eq!(inq["opened"], 1);
    assert_eq!(inq["responses_met_pct"], 100.0);
    assert_eq!(inq["restores_judged"], 0);

    // By customer: ACME 2 3 6, Beta 4 5, Gamma 7 8.
    let acme = row(&r, "customer", "ACME");
    assert_eq!(acme["opened"], 3);
    assert_eq!(acme["responses_met_pct"], 50.0);
    assert_eq!(acme["updates_missed"], 2);
    assert_eq!(acme["escalated_level_2"], 1);
    assert_eq!(row(&r, "customer", "Beta")["opened"], 2);
    let gamma = row(&r, "customer", "Gamma");
    assert_eq!(gamma["opened"], 2);
    assert_eq!(gamma["still_open"], 1);
}

#[test]
fn report_defaults_to_last_month_and_does_not_change() {
    let mut d = october_desk();
    let explicit = d
        .run(&[
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-01",
            "--format",
            "json",
        ])
        .json();
    // Run on 24 November and again on 3 November: the same figures.
    assert_eq!(d.run(&["report", "--format", "json"]).json(), explicit);
    d.at("2026-11-03T00:00:00Z");
    assert_eq!(d.run(&["report", "--format", "json"]).json(), explicit);
    // Mid-period, tickets are judged as of now.
    d.at("2026-10-06T01:30:00Z");
    let partial = d
        .run(&["report", "--since", "2026-10-01", "--format", "json"])
        .json();
    assert_eq!(partial["evaluated_at"], "2026-10-06T01:30:00Z");
    assert_eq!(row(&partial, "all", "all")["opened"], 2);
    assert_eq!(row(&partial, "all", "all")["still_open"], 1);
}

#[test]
fn a_closed_months_report_ignores_what_was_recorded_after_it() {
    let d = october_desk();
    let october = [
        "report",
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-01",
        "--format",
        "json",
    ];
    let before = d.run(&october).json();
    // On 24 November: ticket 5 (resolved 20 October, restore met) is
    // reopened back-dated to 21 October, a ticket is opened back-dated to
    // 15 October, and a policy with a 1-hour severity 3 restore is applied
    // to both. Had the report counted them, October would have one more
    // ticket opened, two more still open and ticket 5's restore breached.
    d.run(&[
        "reopen",
        "5",
        "--reason",
        "Not fixed after all",
        "--at",
        "2026-10-21T00:00:00Z",
    ])
    .ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--at",
        "2026-10-15T00:00:00Z",
        "Logged late",
    ])
    .ok();
    let strict = slaclock::sla::DEFAULT_POLICY.replace(
        "restore = { target = \"48h\", calendar = \"business\" }",
        "restore = \"1h\"",
    );
    std::fs::write(d.path("severity.toml"), strict).unwrap();
    assert!(d.run(&["policy", "apply"]).ok().contains("#5"));
    assert_eq!(d.run(&october).json(), before);
    assert_eq!(d.run(&["report", "--format", "json"]).json(), before);
    // The same events count from now on: in a period not yet ended (October
    // to date: its 7, ticket 9 of 1 November and the one logged late; of
    // severity 3, tickets 5, 9 and 10 are open) and in status.
    let to_date = d
        .run(&["report", "--since", "2026-10-01", "--format", "json"])
        .json();
    assert_eq!(row(&to_date, "all", "all")["opened"], 9, "{to_date}");
    assert_eq!(row(&to_date, "severity", "3")["still_open"], 3, "{to_date}");
    let five = d.run(&["status", "5", "--format", "json"]).json();
    assert_eq!(five["state"], "open");
    assert_eq!(five["clocks"]["restore"]["target_secs"], 3600);
}

#[test]
fn report_as_a_table_and_as_csv() {
    let d = october_desk();
    let table = d.run(&["report"]).ok().to_string();
    assert!(
        table.starts_with(
            "Tickets opened from 2026-10-01 00:00 AEST to 2026-11-01 00:00 AEST, judged as of 2026-11-01 00:00 AEST"
        ),
        "{table}"
    );
    let all = table
        .lines()
        .find(|l| l.trim_start().starts_with("all tickets"))
        .expect("the all row");
    for figure in ["50.0% (3/6)", "80.0% (4/5)", "66.7% (2/3)", "4h", "7h"] {
        assert!(all.contains(figure), "{figure} in {all}");
    }
    assert!(table.contains("nearest-rank"), "{table}");
    let (header, rows) = read_csv(
        d.run(&["report", "--by", "customer", "--format", "csv"])
            .ok(),
    );
    assert_eq!(&header[..4], ["since", "until", "group", "key"]);
    assert_eq!(
        rows.len(),
        1 + 3 + 3 + 3,
        "all, 3 severities, 3 kinds, 3 customers"
    );
    let all = &rows[0];
    assert_eq!(column(&header, all, "since"), "2026-09-30T14:00:00Z");
    assert_eq!(column(&header, all, "responses_met_pct"), "50.0");
    assert_eq!(column(&header, all, "restores_met_pct"), "66.7");
    assert_eq!(column(&header, all, "restore_p90_secs"), "25200");
    let prov = rows
        .iter()
        .find(|r| column(&header, r, "key") == "provisioning")
        .expect("provisioning row");
    assert_eq!(column(&header, prov, "responses_met_pct"), "");
    d.run(&["report", "--since", "2026-11-01", "--until", "2026-10-01"])
        .fails(2);
}

// ---- examples/ --------------------------------------------------------------

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

#[test]
fn london_policy_counts_london_business_hours() {
    let mut d = Desk::new();
    let policy = example("policy-london.toml");
    let policy = policy.to_str().expect("utf-8");
    let out = d
        .run(&["--policy", policy, "policy", "check"])
        .ok()
        .to_string();
    assert!(out.trim_end().ends_with("policy-london.toml: ok"), "{out}");

    // Thursday 24 December 2026, 16:00 in London (GMT, so 16:00Z). The 15
    // business hours of severity 3 count 09:00-12:30 and 13:30-17:30:
    //   Thu 24 Dec 16:00-17:30            1h30  (1h30)
    //   Fri 25 Dec, Mon 28 Dec: bank holidays; the weekend is closed
    //   Tue 29 Dec 09:00-12:30, 13:30-17:30  7h30  (9h)
    //   Wed 30 Dec 09:00-12:30             3h30  (12h30)
    //   Wed 30 Dec 13:30-16:00             2h30  (15h)
    // so the deadline is Wednesday 30 December 16:00 GMT.
    d.run_at(
        "2026-12-24T16:00:00Z",
        &["--policy", policy, "open", "--severity", "3", "Portal typo"],
    )
    .ok();
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["clocks"]["restore"]["target_secs"], 15 * 3600);
    assert_eq!(s["clocks"]["restore"]["deadline"], "2026-12-30T16:00:00Z");
    // Response: 2 business hours: 1h30 on Thursday, 30m on Tuesday.
    assert_eq!(s["clocks"]["response"]["deadline"], "2026-12-29T09:30:00Z");

    // In summer time: Friday 28 August 2026, 17:00 BST (16:00Z).
    //   Fri 28 Aug 17:00-17:30            0h30  (0h30)
    //   Mon 31 Aug: Summer bank holiday
    //   Tue 1 Sep                         7h30  (8h)
    //   Wed 2 Sep 09:00-12:30             3h30  (11h30)
    //   Wed 2 Sep 13:30-17:00             3h30  (15h)
    // so the deadline is Wednesday 2 September 17:00 BST, 16:00Z.
    d.run_at(
        "2026-08-28T16:00:00Z",
        &["--policy", policy, "open", "--severity", "3", "Summer typo"],
    )
    .ok();
    let s = d.run(&["status", "2", "--format", "json"]).json();
    assert_eq!(s["clocks"]["restore"]["deadline"], "2026-09-02T16:00:00Z");
    // Severity 1 under this policy: 10 minutes to respond, 4h to restore, 24x7.
    d.run_at(
        "2026-08-28T16:00:00Z",
        &["--policy", policy, "open", "--severity", "1", "Link down"],
    )
    .ok();
    let s = d.run(&["status", "3", "--format", "json"]).json();
    assert_eq!(s["clocks"]["response"]["deadline"], "2026-08-28T16:10:00Z");
    assert_eq!(s["clocks"]["restore"]["deadline"], "2026-08-28T20:00:00Z");
}

fn script(d: &Desk, name: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg(example(name))
        .current_dir(d.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TZ", "Australia/Brisbane")
        .env("SLACLOCK", env!("CARGO_BIN_EXE_slaclock"))
        .env("SLACLOCK_DB", d.db())
        .env("SLACLOCK_NOW", &d.now);
    c
}

#[test]
fn cron_check_script_logs_the_first_line_and_keeps_the_code() {
    let d = busy_desk();
    let log = d.path("logs/check.log");
    let o = script(&d, "cron-check.sh")
        .env("SLACLOCK_CHECK_LOG", &log)
        .output()
        .expect("run the script");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let logged = std::fs::read_to_string(&log).expect("the log");
    let (stamp, line) = logged.trim_end().split_once(' ').expect("stamp and line");
    assert!(
        chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
        "timestamp {stamp}"
    );
    assert_eq!(
        line,
        "CRITICAL: 2 breached, 1 at risk, 1 escalation due | 'breached'=2;;1;0 'at_risk'=1;1;;0 'escalation_due'=1;1;;0 'waiting_too_long'=0;1;;0 'open'=4;;;0"
    );
    // No log: UNKNOWN, logged too, exit 3.
    let o = script(&d, "cron-check.sh")
        .env("SLACLOCK_DB", d.path("missing.db"))
        .env("SLACLOCK_CHECK_LOG", &log)
        .output()
        .expect("run the script");
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    let logged = std::fs::read_to_string(&log).expect("the log");
    assert_eq!(logged.lines().count(), 2);
    assert!(
        logged
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains(" UNKNOWN: no ticket log at")),
        "{logged}"
    );
}

#[test]
fn monthly_report_script_writes_last_months_files() {
    let d = october_desk();
    let out = d.path("reports");
    let o = script(&d, "monthly-report.sh")
        .arg(&out)
        .env("MONTH", "2026-10")
        .output()
        .expect("run the script");
    assert!(o.status.success(), "{o:?}");
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let (header, rows) = read_csv(&read("tickets-2026-10.csv"));
    assert_eq!(header, TICKET_COLUMNS);
    let ids: Vec<&str> = rows.iter().map(|r| column(&header, r, "id")).collect();
    assert_eq!(ids, ["2", "3", "4", "5", "6", "7", "8"]);
    let (header, _) = read_csv(&read("events-2026-10.csv"));
    assert_eq!(header, EVENT_COLUMNS);
    let (header, rows) = read_csv(&read("report-2026-10.csv"));
    assert_eq!(column(&header, &rows[0], "opened"), "7");
    assert!(read("report-2026-10.txt").contains("50.0% (3/6)"));
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
