//! One whole day of a severity 1 incident, from open to resolve, with a
//! wait, a missed update, a written promise and an escalation, checked
//! against deadlines computed by hand from the seed's table:
//! response 15m, update every 30m, restore 6h, level 1 after 2h, level 2 after 6h.
//! Times are UTC; Brisbane is UTC+10 with no daylight saving.

use super::util::*;

fn clocks(d: &Desk) -> serde_json::Value {
    d.run(&["status", "1", "--format", "json"]).json()
}

#[test]
fn severity_1_from_open_to_resolve() {
    let mut d = Desk::new();
    // Opened at 00:05, reported at 00:00: every clock counts from the report.
    d.run_at(
        "2026-11-24T00:05:00Z",
        &[
            "open",
            "--severity",
            "1",
            "--customer",
            "ACME",
            "--service",
            "VXC-1234",
            "--at",
            "5m ago",
            "VXC down",
        ],
    )
    .ok();
    let s = clocks(&d);
    assert_eq!(s["opened_at"], "2026-11-24T00:00:00Z");
    assert_eq!(s["clocks"]["response"]["deadline"], "2026-11-24T00:15:00Z");
    assert_eq!(s["clocks"]["restore"]["deadline"], "2026-11-24T06:00:00Z");
    assert_eq!(s["clocks"]["update"]["state"], "pending");
    assert_eq!(s["escalation"]["due_at"], "2026-11-24T02:00:00Z");

    // 00:12 first update: the initial response, 3 minutes to spare. Next due 00:42.
    d.run_at(
        "2026-11-24T00:12:00Z",
        &["update", "1", "--message", "Engineer assigned"],
    )
    .ok();
    let s = clocks(&d);
    assert_eq!(s["clocks"]["response"]["state"], "met");
    assert_eq!(s["clocks"]["response"]["remaining_secs"], 180);
    assert_eq!(s["clocks"]["update"]["deadline"], "2026-11-24T00:42:00Z");

    // 00:50: the update is 8 minutes late.
    d.at("2026-11-24T00:50:00Z");
    let s = clocks(&d);
    assert_eq!(s["clocks"]["update"]["state"], "breached");
    assert_eq!(s["clocks"]["update"]["missed"], 1);
    assert_eq!(s["clocks"]["update"]["remaining_secs"], -480);

    // 00:55 a late update with a written promise of the next by 02:55.
    d.run_at(
        "2026-11-24T00:55:00Z",
        &["update", "1", "--next-update", "in 2h"],
    )
    .ok();
    let s = clocks(&d);
    assert_eq!(s["clocks"]["update"]["state"], "running");
    assert_eq!(s["clocks"]["update"]["deadline"], "2026-11-24T02:55:00Z");
    assert_eq!(s["clocks"]["update"]["missed"], 1);

    // 01:00 waiting on the customer: restore pauses with 5h left; the promise does not move.
    d.run_at(
        "2026-11-24T01:00:00Z",
        &["wait", "1", "--reason", "Need the LOA"],
    )
    .ok();
    d.at("2026-11-24T01:30:00Z");
    let s = clocks(&d);
    assert_eq!(s["state"], "waiting");
    assert_eq!(s["clocks"]["restore"]["state"], "paused");
    assert_eq!(s["clocks"]["restore"]["deadline"], serde_json::Value::Null);
    assert_eq!(s["clocks"]["restore"]["remaining_secs"], 5 * 3600);
    assert_eq!(s["clocks"]["update"]["deadline"], "2026-11-24T02:55:00Z");
    assert_eq!(s["escalation"]["due_at"], serde_json::Value::Null);

    // 02:00 resumed after an hour: restore due 07:00, level 1 due 03:00.
    d.run_at("2026-11-24T02:00:00Z", &["resume", "1"]).ok();
    let s = clocks(&d);
    assert_eq!(s["clocks"]["restore"]["deadline"], "2026-11-24T07:00:00Z");
    assert_eq!(s["escalation"]["due_at"], "2026-11-24T03:00:00Z");

    // 02:50 the promise is kept; back on the 30-minute cadence: due 03:20.
    d.run_at(
        "2026-11-24T02:50:00Z",
        &["update", "1", "--message", "Carrier dispatched"],
    )
    .ok();
    assert_eq!(
        clocks(&d)["clocks"]["update"]["deadline"],
        "2026-11-24T03:20:00Z"
    );

    // 03:05 level 1 is due; escalate. Level 2 is due at 6h counted: 07:00.
    d.at("2026-11-24T03:05:00Z");
    assert_eq!(clocks(&d)["escalation"]["due"], true);
    let out = d
        .run(&["escalate", "1", "--reason", "slow"])
        .ok()
        .to_string();
    assert!(
        out.contains("Customer Support and Operations Manager"),
        "{out}"
    );
    let s = clocks(&d);
    assert_eq!(s["escalation_level"], 1);
    assert_eq!(s["escalation"]["next_level"], 2);
    assert_eq!(s["escalation"]["due_at"], "2026-11-24T07:00:00Z");
    assert_eq!(s["escalation"]["due"], false);

    // 03:15 update (due 03:20, next due 03:45); resolved at 03:40 with
    // 2h 40m counted (3h 40m less the hour waiting), 3h 20m to spare.
    d.run_at("2026-11-24T03:15:00Z", &["update", "1"]).ok();
    d.run_at(
        "2026-11-24T03:40:00Z",
        &["resolve", "1", "--note", "Optic replaced"],
    )
    .ok();
    d.at("2026-11-24T09:00:00Z");
    let s = clocks(&d);
    assert_eq!(s["state"], "resolved");
    assert_eq!(s["resolved_at"], "2026-11-24T03:40:00Z");
    let c = &s["clocks"];
    assert_eq!(
        (
            c["response"]["state"].as_str(),
            c["response"]["remaining_secs"].as_i64()
        ),
        (Some("met"), Some(180))
    );
    assert_eq!(
        (
            c["update"]["state"].as_str(),
            c["update"]["missed"].as_i64()
        ),
        (Some("breached"), Some(1))
    );
    assert_eq!(c["update"]["stopped_at"], "2026-11-24T03:40:00Z");
    assert_eq!(c["restore"]["state"], "met");
    assert_eq!(c["restore"]["counted_secs"], 2 * 3600 + 40 * 60);
    assert_eq!(c["restore"]["waiting_secs"], 3600);
    assert_eq!(c["restore"]["remaining_secs"], 3 * 3600 + 20 * 60);
    assert_eq!(c["restore"]["stopped_at"], "2026-11-24T03:40:00Z");
    assert_eq!(s["escalation"]["due"], false);

    // The timeline holds every event, in order, with who recorded it.
    let table = d.run(&["status", "1"]).ok().to_string();
    for word in [
        "opened",
        "updated",
        "waiting",
        "resumed",
        "escalated",
        "resolved",
        "Need the LOA",
        "alice",
    ] {
        assert!(table.contains(word), "{word} missing:\n{table}");
    }
}
