//! Clock answers at the edges, through the binary: a wait recorded at a
//! deadline, a ticket resolved while waiting, a `policy apply` in the
//! middle of an update interval, and a look back past an apply (issue 11).

use serde_json::Value;

use crate::util::Desk;

/// A severity 1 incident opened at 00:00 (10:00 Brisbane) with its first
/// update at 00:10: the next update is due 00:40.
fn updated_at_ten() -> Desk {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run_at("2026-11-24T00:10:00Z", &["update", "1"]).ok();
    d
}

fn status(d: &Desk) -> Value {
    d.run(&["status", "1", "--format", "json"]).json()
}

#[test]
fn a_wait_recorded_at_the_update_deadline_pauses_it() {
    let mut d = updated_at_ten();
    d.run_at(
        "2026-11-24T00:40:00Z",
        &["wait", "1", "--reason", "Asked for a traceroute"],
    )
    .ok();
    let update = &status(&d)["clocks"]["update"];
    assert_eq!(update["state"], "paused", "{update}");
    assert_eq!(update["deadline"], Value::Null);
    assert_eq!(update["remaining_secs"], 0);
    let board = d.run(&["status"]).ok().to_string();
    assert!(board.contains("waiting"), "{board}");
    // Nothing is due while the customer is waited on: no "due in 0s", and
    // no breach ten minutes later.
    for now in ["2026-11-24T00:40:00Z", "2026-11-24T00:50:00Z"] {
        let check = d.run_at(now, &["check"]);
        assert_eq!(check.code, 0, "at {now}: {}{}", check.stdout, check.stderr);
        assert!(
            check.stdout.starts_with("OK: 0 breached, 0 at risk"),
            "{}",
            check.stdout
        );
        assert!(!check.stdout.contains("due in 0s"), "{}", check.stdout);
    }
    // Resumed at 01:00 with nothing left: due at once, overdue after.
    d.run_at("2026-11-24T01:00:00Z", &["resume", "1"]).ok();
    assert_eq!(
        status(&d)["clocks"]["update"]["deadline"],
        "2026-11-24T01:00:00Z"
    );
    assert_eq!(d.run_at("2026-11-24T01:01:00Z", &["check"]).code, 2);
}

#[test]
fn a_ticket_resolved_while_waiting_shows_no_invented_deadline() {
    let mut d = updated_at_ten();
    d.run_at(
        "2026-11-24T00:20:00Z",
        &["wait", "1", "--reason", "Asked for a traceroute"],
    )
    .ok();
    d.run_at("2026-11-24T00:30:00Z", &["resolve", "1"]).ok();
    d.at("2026-11-24T02:00:00Z");
    // Before the fix: update deadline 00:50 (00:30 + the 20 minutes left).
    let s = status(&d);
    let (update, restore) = (&s["clocks"]["update"], &s["clocks"]["restore"]);
    assert_eq!(update["state"], "met", "{update}");
    assert_eq!(update["deadline"], Value::Null, "{update}");
    assert_eq!(update["remaining_secs"], 20 * 60);
    assert_eq!(update["stopped_at"], "2026-11-24T00:30:00Z");
    assert_eq!(restore["state"], "met", "{restore}");
    assert_eq!(restore["deadline"], Value::Null, "{restore}");
    assert_eq!(restore["remaining_secs"], 6 * 3600 - 20 * 60);
    assert_eq!(restore["counted_secs"], 20 * 60);
    // The response was given in time and keeps its deadline.
    assert_eq!(s["clocks"]["response"]["deadline"], "2026-11-24T00:15:00Z");
    let exported = d.run(&["export", "--format", "json"]).ok().to_string();
    let row: Value = serde_json::from_str(exported.lines().next().expect("a row")).unwrap();
    assert_eq!(row["update_deadline"], Value::Null, "{row}");
    assert_eq!(row["restore_deadline"], Value::Null, "{row}");
    let table = d.run(&["status", "1"]).ok().to_string();
    assert!(!table.contains("10:50"), "{table}");
}

#[test]
fn a_policy_apply_alone_creates_no_missed_update() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    // The update at 00:05 is due 00:35 under the 30 minutes in force then.
    d.run_at("2026-11-24T00:05:00Z", &["update", "1"]).ok();
    let faster = slaclock::sla::DEFAULT_POLICY.replace("update = \"30m\"", "update = \"20m\"");
    assert_ne!(faster, slaclock::sla::DEFAULT_POLICY);
    std::fs::write(d.path("severity.toml"), faster).unwrap();
    d.run_at("2026-11-24T00:30:00Z", &["policy", "apply"]).ok();
    // Before the fix: breached, deadline 00:25, one missed update, CRITICAL.
    let update = &status(&d)["clocks"]["update"];
    assert_eq!(update["state"], "running", "{update}");
    assert_eq!(update["deadline"], "2026-11-24T00:50:00Z");
    assert_eq!(update["missed"], 0);
    let check = d.run(&["check"]);
    assert!(
        check.code < 2 && !check.stdout.contains("CRITICAL"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("0 breached"), "{}", check.stdout);
    // The new cadence is in force from the apply: late after 00:50.
    let late = d.run_at("2026-11-24T00:51:00Z", &["check"]);
    assert_eq!(late.code, 2, "{}", late.stdout);
    assert_eq!(status(&d)["clocks"]["update"]["missed"], 1);
}

#[test]
fn status_as_of_before_an_apply_uses_the_policy_of_then() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "3", "responded in time"])
        .ok();
    d.run_at("2026-11-24T00:20:00Z", &["update", "1"]).ok(); // met: 20m of 30m
    let strict = slaclock::sla::DEFAULT_POLICY.replace("response = \"30m\"", "response = \"10m\"");
    std::fs::write(d.path("severity.toml"), strict).unwrap();
    d.run_at("2026-11-24T01:00:00Z", &["policy", "apply"]).ok();
    // At 00:30 the ticket followed the policy it was opened under.
    let then = d
        .run(&[
            "status",
            "1",
            "--as-of",
            "2026-11-24T00:30:00Z",
            "--format",
            "json",
        ])
        .json();
    let response = &then["clocks"]["response"];
    assert_eq!(response["target_secs"], 1800, "{response}");
    assert_eq!(response["state"], "met");
}
