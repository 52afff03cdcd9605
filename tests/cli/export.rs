//! `export`: every ticket as CSV or JSON lines for spreadsheets and
//! scripts, the raw event log, selection by open time, and files written
//! whole or not at all.

use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use serde_json::Value;

use super::util::*;

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

pub(super) const TICKET_COLUMNS: [&str; 32] = [
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
    "owner",
    "own_state",
    "own_target_secs",
    "own_deadline",
    "own_stopped_at",
    "contract",
];

pub(super) const EVENT_COLUMNS: [&str; 20] = [
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
    "owner",
    "field",
    "old_value",
    "new_value",
    "voids",
    "voided_by",
    "db_user",
    "policy_version",
    "contract",
];

/// Tickets in several states, as of 2026-11-24T03:00Z.
fn varied_desk() -> Desk {
    let mut d = Desk::new();
    d.run_at("2026-11-24T00:00:00Z", OPEN_INCIDENT).ok();
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

    // As README says: a text already starting with `'` is written as it
    // is, so `'=x` reads as `=x` does; `'` before anything else is plain.
    let e = Desk::new();
    for title in ["=x", "'=x", "'quoted'"] {
        e.run(&["open", "--severity", "3", "--", title]).ok();
    }
    let (header, rows) = read_csv(e.run(&["export"]).ok());
    let titles: Vec<&str> = rows.iter().map(|r| column(&header, r, "title")).collect();
    assert_eq!(titles, ["'=x", "'=x", "'quoted'"]);
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

/// `-o` onto a FIFO, or a link to a device, is refused before anything is
/// written, and what was there stays (renamed over, a device would become
/// a regular file: as root, `-o /dev/null` replaced the system's).
#[test]
fn export_and_metrics_refuse_to_replace_what_is_not_a_regular_file() {
    let d = varied_desk();
    let fifo = d.path("pipe");
    let name = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("no NUL");
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let null = d.path("null");
    std::os::unix::fs::symlink("/dev/null", &null).expect("link");
    let before = d.snapshot();
    for (dest, kind) in [(&fifo, "a FIFO (named pipe)"), (&null, "a device")] {
        for command in ["export", "metrics"] {
            let err = d
                .run(&[command, "-o", dest.to_str().expect("utf-8")])
                .fails(1)
                .to_string();
            assert!(
                err.contains(&format!("that is {kind}, not a regular file")),
                "{command}: {err}"
            );
            assert!(
                err.contains("or leave out -o to write to standard output"),
                "{err}"
            );
        }
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::symlink_metadata(&null)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(leftovers(d.dir.path()), Vec::<String>::new());
    assert_eq!(d.snapshot(), before);
}

/// Hidden or temporary files left in a folder.
pub(super) fn leftovers(dir: &Path) -> Vec<String> {
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
    // Refused in the zone the days were typed in, as `report` says it.
    let err = d
        .run(&["export", "--since", "2026-11-25", "--until", "2026-11-24"])
        .fails(2)
        .to_string();
    assert!(
        err.contains(
            "--since (2026-11-25 00:00 AEST) must be before --until (2026-11-24 00:00 AEST)"
        ),
        "{err}"
    );
    d.run(&["export", "--format", "table"]).fails(2);
}

#[test]
fn export_as_of_judges_each_row_on_the_log_as_it_stood_then() {
    let d = super::report::october_desk();
    let rows = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["export", "--format", "json"];
        all.extend(args);
        json_lines(d.run(&all).ok())
    };
    let by_id = |rows: &[Value], id: i64| -> Value {
        rows.iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // Now: ticket 8 was answered and resolved on 2 November.
    let now = rows(&[]);
    assert_eq!(by_id(&now, 8)["state"], "resolved");
    // As of the end of October (local midnight), as the report judges it:
    // unanswered, its response breached; each row as `status --as-of`
    // shows it. Ticket 9, reported at that very instant, has just opened.
    let then = rows(&["--as-of", "2026-11-01 00:00"]);
    let eight = by_id(&then, 8);
    assert_eq!(eight["state"], "open");
    assert_eq!(eight["response_state"], "breached");
    assert_eq!(eight["resolved_at"], Value::Null);
    assert_eq!(by_id(&then, 9)["response_state"], "running");
    assert_eq!(then.len(), 9);
    // Before ticket 9 was reported, it is not in the log.
    assert_eq!(rows(&["--as-of", "2026-10-31 23:59"]).len(), 8);
    let status = d
        .run(&[
            "status",
            "8",
            "--as-of",
            "2026-11-01 00:00",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(
        eight["restore_deadline"],
        status["clocks"]["restore"]["deadline"]
    );
    assert_eq!(
        eight["restore_counted_secs"],
        status["clocks"]["restore"]["counted_secs"]
    );
    // An event back-dated into October but recorded later is not seen then.
    d.run(&["note", "4", "late note", "--at", "2026-10-20T00:00:00Z"]);
    assert_eq!(rows(&["--as-of", "2026-11-01 00:00"]), then);
}

#[test]
fn export_as_of_takes_the_as_of_forms() {
    let d = super::report::october_desk();
    let run = |args: &[&str]| {
        Run::from(
            d.cmd()
                .env_remove("RUST_BACKTRACE")
                .args(args)
                .output()
                .unwrap(),
        )
    };
    // With --events: the events recorded by then (see
    // export_events_as_of_are_those_recorded_by_then).
    run(&["export", "--events", "--as-of", "2026-11-01 00:00"]).ok();
    let date = run(&["export", "--as-of", "2026-11-01"]);
    assert!(date.fails(2).contains("--as-of"), "{}", date.stderr);
    // The relative forms too: a week ago is 17 November, after October.
    assert!(
        d.run(&["export", "--as-of", "7d ago"])
            .ok()
            .contains("Seven")
    );
}

/// An export standard output cannot take says so, exit 1; one whose log
/// is the trouble never blames standard output.
#[test]
fn an_export_that_cannot_be_written_blames_standard_output_only_then() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let full = super::writes::run_full(&d, &["export"], &[]);
    assert_eq!(full.code, 1, "{}", full.stderr);
    assert!(
        full.stderr.starts_with(
            "error: cannot write the export to standard output: No space left on device"
        ),
        "{}",
        full.stderr
    );
    // A log that is not one: the log is named, not standard output.
    std::fs::write(
        d.path("not-a-log.db"),
        "not a database at all, just text ".repeat(200),
    )
    .unwrap();
    let run = d
        .cmd()
        .args(["--db", "not-a-log.db", "export"])
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(!err.contains("standard output"), "{err}");
}

/// Given one core, slaclock reads and judges on one thread (and exports
/// without parts); every command that judges the whole log says the
/// same as on every core.
#[test]
fn one_core_says_what_every_core_says() {
    let d = varied_desk();
    let commands: [&[&str]; 8] = [
        &["export"],
        &["export", "--format", "json"],
        &["export", "--as-of", "2026-11-24T01:15:00Z"],
        &["status", "--all", "--format", "json"],
        &["status", "--all"],
        &["check", "--format", "json"],
        &["report", "--since", "2026-11-01", "--until", "2026-12-01"],
        &["metrics"],
    ];
    for args in commands {
        let every = d.run(args);
        let one = d.run_on_one_core(args);
        assert_eq!(one.code, every.code, "{args:?}: {}", one.stderr);
        assert!(!every.stdout.is_empty(), "{args:?} said nothing");
        assert_eq!(one.stdout, every.stdout, "{args:?}");
        assert_eq!(one.stderr, every.stderr, "{args:?}");
    }
}

/// `export --events --as-of TIME` writes the events the log held at that
/// instant, of the tickets reported and recorded by it: the events the
/// rows of `export --as-of TIME` (and a closed month's report) were
/// judged on. An event recorded later is left out, a void among them,
/// whose event then has no `voided_by`; so is a ticket opened later with
/// `--at` before TIME, opening and all.
#[test]
fn export_events_as_of_are_those_recorded_by_then() {
    let d = super::report::october_desk();
    // On 24 November: ticket 5's update (its event 2) voided, and a
    // ticket opened back-dated into October.
    d.run(&["void", "5", "2", "--reason", "Sent on the wrong ticket"])
        .ok();
    d.run(&[
        "open",
        "-q",
        "--severity",
        "3",
        "--at",
        "2026-10-15 10:00",
        "Logged late",
    ])
    .ok();
    let as_of = ["--as-of", "2026-11-01 00:00"];
    let events = |extra: &[&str]| {
        let out = d
            .run(&[&["export", "--events"][..], extra].concat())
            .ok()
            .to_string();
        let (header, rows) = read_csv(&out);
        let rows: Vec<(String, String, String, String)> = rows
            .iter()
            .map(|r| {
                let c = |name| column(&header, r, name).to_string();
                (c("ticket_id"), c("kind"), c("recorded_at"), c("voided_by"))
            })
            .collect();
        rows
    };
    let now = events(&[]);
    let then = events(&as_of);
    // Everything recorded by the end of October, nothing after.
    let wanted: Vec<_> = now
        .iter()
        .filter(|(.., recorded_at, _)| recorded_at.as_str() < "2026-10-31T14:00:01Z")
        .map(|(t, k, r, _)| (t.clone(), k.clone(), r.clone()))
        .collect();
    let got: Vec<_> = then
        .iter()
        .map(|(t, k, r, _)| (t.clone(), k.clone(), r.clone()))
        .collect();
    assert_eq!(got, wanted);
    assert!(now.len() > then.len() + 5, "{now:?}");
    assert!(!then.iter().any(|(_, kind, ..)| kind == "void"), "{then:?}");
    assert!(
        then.iter().all(|(.., voided_by)| voided_by.is_empty()),
        "{then:?}"
    );
    assert!(
        now.iter()
            .any(|(t, k, _, v)| t == "5" && k == "updated" && !v.is_empty())
    );
    // The late ticket (10) is not there, though reported in October.
    assert!(!then.iter().any(|(t, ..)| t == "10"), "{then:?}");
    assert!(now.iter().any(|(t, ..)| t == "10"), "{now:?}");
    // The same tickets as the rows judged then.
    let (header, rows) = read_csv(d.run(&[&["export"][..], &as_of].concat()).ok());
    let mut ids: Vec<&str> = rows.iter().map(|r| column(&header, r, "id")).collect();
    let mut with_events: Vec<&str> = then.iter().map(|(t, ..)| t.as_str()).collect();
    with_events.dedup();
    ids.sort_unstable();
    with_events.sort_unstable();
    assert_eq!(ids, with_events);
}

/// A log of `n` tickets, each a copy of one opened with an update: made in
/// SQL, as opening thousands one by one would take minutes.
fn many_tickets(n: usize) -> Desk {
    let d = Desk::new();
    d.run(&["open", "--severity", "2", "--customer", "ACME", "VXC down"])
        .ok();
    d.run(&["update", "1", "-m", "looking at it"]).ok();
    let c = rusqlite::Connection::open(d.db()).expect("the log");
    // Every column but the ids, quoted, each with `prefix`.
    let columns = |table: &str, prefix: &str| -> String {
        let mut s = c
            .prepare("SELECT name FROM pragma_table_info(?1) WHERE name NOT IN ('id', 'ticket_id')")
            .expect("columns");
        let names: Vec<String> = s
            .query_map([table], |r| r.get::<_, String>(0))
            .expect("columns")
            .map(|n| format!("{prefix}\"{}\"", n.expect("name")))
            .collect();
        names.join(", ")
    };
    let tickets = columns("tickets", "");
    let (events, from_e) = (columns("events", ""), columns("events", "e."));
    c.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
         INSERT INTO tickets (id, {tickets}) SELECT k.i, {tickets} FROM tickets, k WHERE id = 1;
         INSERT INTO events (ticket_id, {events})
           SELECT t.id, {from_e} FROM events e, tickets t WHERE e.ticket_id = 1 AND t.id > 1
           ORDER BY t.id, e.id;
         COMMIT;"
    ))
    .expect("copies");
    d
}

/// Ctrl-C or SIGTERM while `export -o` writes ended it by the signal's
/// default action, which runs no clean-up: its hidden temporary file
/// (`.x.csv.XXXXXX.tmp`) was left beside the target. It is removed now,
/// and the target is the previous export, whole, or absent.
#[test]
fn a_stopped_export_leaves_no_temporary_file() {
    let d = many_tickets(20_000);
    let previous = "the previous export\n";
    for signal in [libc::SIGINT, libc::SIGTERM] {
        for (name, extra) in [
            ("x.csv", &[][..]),
            ("e.csv", &["--events"][..]),
            ("x.json", &["--format", "json"][..]),
        ] {
            let dest = d.path(name);
            let keep = signal == libc::SIGTERM;
            if keep {
                std::fs::write(&dest, previous).expect("previous");
            } else {
                let _ = std::fs::remove_file(&dest);
            }
            let mut child = d
                .std_cmd()
                .args(["export", "-o", name])
                .args(extra)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start export");
            // Signalled once its temporary file is there: looked for
            // with the export stopped (SIGSTOP), so it cannot finish
            // between the look and the signal.
            let pid = child.id() as i32;
            let started = std::time::Instant::now();
            loop {
                assert!(
                    child.try_wait().expect("wait").is_none(),
                    "{name}: the export ended before it could be stopped"
                );
                assert!(started.elapsed().as_secs() < 30, "no temporary file");
                // SAFETY: kill has no preconditions; the pid is the child's.
                assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
                // Stopped, or ended (then the next look says so).
                while !matches!(state(pid), 'T' | 'Z' | '?') {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                let writing = !leftovers(d.dir.path()).is_empty();
                if writing {
                    // SAFETY: as above.
                    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
                }
                // SAFETY: as above.
                assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
                if writing {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let status = child.wait().expect("wait");
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(signal), "{name}: {status:?}");
            assert_eq!(leftovers(d.dir.path()), Vec::<String>::new(), "{name}");
            if keep {
                assert_eq!(std::fs::read_to_string(&dest).expect("kept"), previous);
            } else {
                assert!(!dest.exists(), "{name}");
            }
        }
    }
}

/// The state of process `pid` as /proc/PID/stat has it (T stopped, Z
/// ended), `?` if it cannot be read.
fn state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command's name, which is in parentheses.
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next())
        .unwrap_or('?')
}
