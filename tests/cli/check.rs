//! `check`: the one-line summary and exit code for cron and monitoring
//! (OK, WARNING, CRITICAL, UNKNOWN), its JSON for tools, and how it runs
//! with no environment at all.

use assert_cmd::Command;
use serde_json::Value;

use super::util::*;

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

/// Four open tickets at 02:10 on 2026-11-24 (UTC), one of each concern:
/// #1 sev 1 from 00:00, updated at 00:05 with a promise for 03:05, so only
///    its escalation to level 1 (due at 2h, 02:00) needs attention;
/// #2 sev 2 from 01:40, no response: breached at 01:55;
/// #3 sev 1 from 01:50, no response: breached at 02:05;
/// #4 sev 2 from 01:58, no response: 12 of 15 minutes used (80%), at risk.
pub(super) fn busy_desk() -> Desk {
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

/// An UNKNOWN that an argument or the environment causes is worded as
/// `check`'s own (README "Running from cron"): its `|` shows as `¦`, so no
/// monitor reads the rest as perfdata, and a reason longer than 1,000
/// columns is cut there with `…`, in the JSON's message too.
#[test]
fn an_unknown_from_arguments_or_the_environment_has_no_bar_and_is_cut() {
    let d = Desk::new();
    for (run, quoted) in [
        (d.run(&["check", "--as-of", "x | y"]), "\"x ¦ y\""),
        (d.run_with("TZ", "Bad|Zone", &["check"]), "\"Bad¦Zone\""),
        (d.run_with("SLACLOCK_NOW", "x|y", &["check"]), "\"x¦y\""),
    ] {
        let out = exits(&run, 3);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.starts_with("UNKNOWN: "), "{out}");
        assert!(!out.contains('|') && out.contains(quoted), "{out}");
    }
    // The JSON's summary is the line; its message keeps the `|`.
    let run = d.run_with("SLACLOCK_NOW", "x|y", &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&exits(&run, 3)).expect("JSON");
    assert_eq!(
        v["summary"],
        "UNKNOWN: SLACLOCK_NOW: \"x¦y\" is not an RFC 3339 instant such as 2026-11-24T10:00:00Z"
    );
    assert_eq!(
        v["message"],
        "SLACLOCK_NOW: \"x|y\" is not an RFC 3339 instant such as 2026-11-24T10:00:00Z"
    );

    // A huge value in a reason, from the environment or the command line.
    let columns = |line: &str| line.chars().count();
    // What a failed assertion shows of a line: its start, not 100 KB.
    let head = |line: &str| line.chars().take(200).collect::<String>();
    let huge_zone = "Zone|".repeat(20_000);
    let run = d.run_with("TZ", &huge_zone, &["check"]);
    let out = exits(&run, 3);
    assert_eq!(out.lines().count(), 1);
    let line = out.trim_end();
    assert!(
        line.starts_with("UNKNOWN: TZ=\"Zone¦Zone¦"),
        "{}",
        head(line)
    );
    assert!(!line.contains('|'), "{}", head(line));
    assert!(line.ends_with('…'), "{}", head(line));
    assert_eq!(columns(line), "UNKNOWN: ".len() + 1000);
    let run = d.run_with("TZ", &huge_zone, &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&exits(&run, 3)).expect("JSON");
    let message = v["message"].as_str().expect("a message");
    assert!(message.starts_with("TZ=\"Zone|Zone|"), "{}", head(message));
    assert!(
        message.ends_with('…') && columns(message) == 1000,
        "{}",
        head(message)
    );
    assert!(v["summary"] == line, "{}", head(&v["summary"].to_string()));
    let nines = "9".repeat(130_000);
    let flag = format!("--{}", "a".repeat(5_000));
    for args in [
        &["check", "--timeout", nines.as_str()][..],
        &["check", flag.as_str()][..],
        &["check", "--timeout", nines.as_str(), "--format", "json"][..],
    ] {
        let out = exits(&d.run(args), 3);
        assert!(out.len() < 3_000, "{} bytes: {}", out.len(), head(&out));
    }
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

/// A `|` in a title or a customer would start performance data in the
/// plugin's long output: the listing shows it as `¦`, one `|` in all, the
/// one before the perfdata on the first line. JSON keeps the title as is.
#[test]
fn a_bar_in_a_title_never_reaches_the_monitor_as_perfdata() {
    let mut d = Desk::new();
    d.run(&[
        "open",
        "--severity",
        "1",
        "--customer",
        "A|B Ltd",
        "Port A | B down",
    ])
    .ok();
    d.at("2026-11-24T00:20:00Z");
    let run = d.run(&["check"]);
    let out = exits(&run, 2);
    assert_eq!(out.matches('|').count(), 1, "{out}");
    assert!(
        out.lines().next().unwrap().contains(" | 'breached'=1"),
        "{out}"
    );
    assert!(out.contains("\"Port A ¦ B down\" for A¦B Ltd"), "{out}");
    let json = d.run(&["check", "--format", "json"]);
    assert!(json.stdout.contains("Port A | B down"), "{}", json.stdout);
}

/// A machine whose clock is behind the log's newest record would judge
/// without what was recorded after its "now" (a ticket not yet reported,
/// an update not yet given): `check` answers UNKNOWN saying so, `metrics`
/// says UNKNOWN, `notify` sends nothing, and the board warns. A past
/// instant asked for (`--as-of`) is not a clock behind.
fn a_clock_behind_the_log_is_unknown_never_a_false_verdict(mut d: Desk) {
    d.run(&["open", "--severity", "1", "a"]).ok(); // 10:00
    // Another machine, its clock 10 minutes ahead, answers #1 and opens #2.
    d.at("2026-11-24T00:20:00Z");
    d.run(&["update", "1", "--message", "on it"]).ok();
    d.run(&["open", "--severity", "1", "b"]).ok();
    // This machine reads 10:12: #1's response (due 10:15) was given.
    d.at("2026-11-24T00:12:00Z");
    let said = "the ticket log holds an event recorded at 2026-11-24 00:20:00 UTC, \
                8m later than now by this machine's clock (2026-11-24 00:12:00 UTC)";
    let out = exits(&d.run(&["check"]), 3);
    assert!(out.starts_with(&format!("UNKNOWN: {said}")), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let json: Value =
        serde_json::from_str(&exits(&d.run(&["check", "--format", "json"]), 3)).expect("JSON");
    assert_eq!(json["status"], "UNKNOWN", "{json}");
    // As for any log it cannot judge: the UNKNOWN status written, exit 1.
    let metrics = d.run(&["metrics"]);
    assert_eq!(metrics.code, 1);
    assert!(
        metrics.stdout.contains("slaclock_check_status 3\n"),
        "{}",
        metrics.stdout
    );
    assert!(metrics.stderr.contains(said), "{}", metrics.stderr);
    refused(&d, &["notify", "--exec", "true"], 1, &[said]);
    let board = d.run(&["status"]);
    assert!(board.stderr.contains(said), "{}", board.stderr);
    // So do one ticket's status and the export, each judged now.
    for args in [&["status", "1"][..], &["export"]] {
        let run = d.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
    // As it stood at 10:11, by what had been recorded then: no skew.
    let past = d.run(&["check", "--as-of", "2026-11-24 10:11"]);
    assert_ne!(past.code, 3, "{}", past.stdout);
    // A later --as-of is now, and now is still behind the log.
    let out = exits(&d.run(&["check", "--as-of", "in 1d"]), 3);
    assert!(out.starts_with(&format!("UNKNOWN: {said}")), "{out}");
    let board = d.run(&["status", "--as-of", "in 1d"]);
    assert!(board.stderr.contains(said), "{}", board.stderr);
    // With the clock right again, the true verdict: both tickets open, #1
    // answered in time, #2's response due 10:35.
    d.at("2026-11-24T00:21:00Z");
    let out = exits(&d.run(&["check"]), 0);
    assert!(
        out.starts_with("OK: 0 breached") && out.contains("'open'=2;"),
        "{out}"
    );
    assert!(d.run(&["status"]).stderr.is_empty());
}

#[test]
fn a_clock_behind_the_log_is_unknown_on_sqlite() {
    a_clock_behind_the_log_is_unknown_never_a_false_verdict(Desk::new());
}

#[test]
#[ignore = "needs SLACLOCK_TEST_POSTGRES (a PostgreSQL server); run by .ci/run"]
fn a_clock_behind_the_log_is_unknown_on_postgres() {
    a_clock_behind_the_log_is_unknown_never_a_false_verdict(postgres_desk());
}

/// The row written last need not hold the latest instant: a machine whose
/// clock is behind may write after one whose clock is ahead. The log is
/// judged against the latest instant recorded, whichever row holds it.
fn a_clock_behind_is_found_whichever_machine_wrote_last(mut d: Desk) {
    d.at("2026-11-24T00:20:00Z");
    d.run(&["open", "--severity", "1", "ahead"]).ok();
    d.at("2026-11-24T00:10:00Z");
    d.run(&["open", "--severity", "1", "behind"]).ok();
    d.at("2026-11-24T00:12:00Z");
    let out = exits(&d.run(&["check"]), 3);
    assert!(
        out.starts_with(
            "UNKNOWN: the ticket log holds an event recorded at 2026-11-24 00:20:00 UTC, \
             8m later than now"
        ),
        "{out}"
    );
}

#[test]
fn a_clock_behind_is_found_whichever_machine_wrote_last_on_sqlite() {
    a_clock_behind_is_found_whichever_machine_wrote_last(Desk::new());
}

#[test]
#[ignore = "needs SLACLOCK_TEST_POSTGRES (a PostgreSQL server); run by .ci/run"]
fn a_clock_behind_is_found_whichever_machine_wrote_last_on_postgres() {
    a_clock_behind_is_found_whichever_machine_wrote_last(postgres_desk());
}

/// Bidirectional embeddings, overrides and isolates in a title or a
/// customer (U+202A to U+202E, U+2066 to U+2069) would reorder the rest of
/// check's line in cron's mail or a monitor's console: shown as U+FFFD, as
/// on a terminal, in check's lines and in what notify tells people; so is
/// what a webhook answers, whose other control characters (an escape
/// sequence's ESC) are spaces, as README says. JSON keeps the text.
#[test]
fn bidirectional_controls_never_reach_checks_lines_or_notifys() {
    let mut d = Desk::new();
    let title = "VXC \u{202E}nwod\u{202C} \u{2066}Sydney\u{2069}";
    let customer = "AC\u{202B}ME";
    d.run(&["open", "--severity", "1", "--customer", customer, title])
        .ok();
    d.at("2026-11-24T00:20:00Z");
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let out = exits(&d.run(&["check"]), 2);
    assert!(!out.contains(bidi), "{out:?}");
    assert!(
        out.contains("\"VXC \u{FFFD}nwod\u{FFFD} \u{FFFD}Sydney\u{FFFD}\" for AC\u{FFFD}ME"),
        "{out:?}"
    );
    let ja = ja(&d, &["check"]);
    assert!(!ja.stdout.contains(bidi), "{:?}", ja.stdout);
    let json = d.run(&["check", "--format", "json"]);
    assert!(json.stdout.contains(title), "{}", json.stdout);

    // notify's words for people: what it could not send, and why.
    let run = d.run(&["notify", "--exec", "exit 3"]);
    assert!(!run.stderr.contains(bidi), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("\u{FFFD}nwod\u{FFFD}"),
        "{:?}",
        run.stderr
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().take(5) {
            let Ok(mut stream) = stream else { continue };
            // The whole request is read first: a socket closed on unread
            // bytes is reset, and the answer lost.
            let mut request = vec![];
            let mut chunk = [0; 4096];
            while let Ok(n @ 1..) = stream.read(&mut chunk) {
                request.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                let Some((head, body)) = text.split_once("\r\n\r\n") else {
                    continue;
                };
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            let body = "no \u{1b}[2J\u{202E}way";
            let reply = format!(
                "HTTP/1.1 500 Oops\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    let run = d.run(&["notify", "--webhook", &url]);
    let err = run.fails(1);
    assert!(!err.contains(bidi) && !err.contains('\u{1b}'), "{err:?}");
    // ESC, a control character, is a space, as in check's lines.
    assert!(err.contains("no  [2J\u{FFFD}way"), "{err:?}");
}
