//! The JSON that scripts read (SPEC section 7), field by field.

use serde_json::Value;

use super::util::*;

fn is_instant(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

#[test]
fn one_ticket_has_every_named_field() {
    let mut d = Desk::new();
    d.run(OPEN_INCIDENT).ok();
    d.run_at("2026-11-24T00:10:00Z", &["update", "1"]).ok();
    d.run_at("2026-11-24T00:20:00Z", &["wait", "1"]).ok();
    d.at("2026-11-24T01:20:00Z");
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["id"], 1);
    assert_eq!(s["kind"], "incident");
    assert_eq!(s["severity"], 1);
    assert_eq!(s["title"], "VXC down");
    assert_eq!(s["customer"], "ACME");
    assert_eq!(s["service"], "VXC-1234");
    assert_eq!(s["state"], "waiting");
    assert_eq!(s["opened_at"], "2026-11-24T00:00:00Z");
    assert_eq!(s["resolved_at"], Value::Null);
    assert_eq!(s["escalation_level"], 0);
    let r = &s["clocks"]["response"];
    assert_eq!(r["state"], "met");
    assert_eq!(r["target_secs"], 900);
    assert_eq!(r["deadline"], "2026-11-24T00:15:00Z");
    assert_eq!(r["stopped_at"], "2026-11-24T00:10:00Z");
    assert_eq!(r["remaining_secs"], 300);
    let u = &s["clocks"]["update"];
    assert_eq!(u["state"], "paused");
    assert_eq!(u["deadline"], Value::Null);
    assert_eq!(u["remaining_secs"], 1200);
    assert_eq!(u["missed"], 0);
    let t = &s["clocks"]["restore"];
    assert_eq!(t["state"], "paused");
    assert_eq!(t["target_secs"], 21600);
    assert_eq!(t["counted_secs"], 1200);
    assert_eq!(t["deadline"], Value::Null);
    assert_eq!(t["remaining_secs"], 21600 - 1200);
    let e = &s["escalation"];
    assert_eq!(e["next_level"], 1);
    assert_eq!(e["due_at"], Value::Null);
    assert_eq!(e["due"], false);
}

#[test]
fn clocks_that_do_not_apply_are_none_with_null_times() {
    let d = Desk::new();
    d.run(&["open", "--kind", "provisioning", "New port in Sydney"])
        .ok();
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["severity"], Value::Null);
    for clock in ["response", "update", "restore"] {
        let c = &s["clocks"][clock];
        assert_eq!(c["state"], "none", "{clock}");
        assert_eq!(c["deadline"], Value::Null, "{clock}");
        assert_eq!(c["stopped_at"], Value::Null, "{clock}");
        assert_eq!(c["remaining_secs"], Value::Null, "{clock}");
    }
}

#[test]
fn the_board_is_an_array_of_the_same_objects_with_rfc3339_utc_and_whole_seconds() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "2", "Packet loss"]).ok();
    d.run(&["open", "--kind", "inquiry", "A question"]).ok();
    d.at("2026-11-24T00:07:30Z");
    let list = d.run(&["status", "--format", "json"]).json();
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 2);
    for s in list {
        for key in [
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
            "clocks",
            "escalation",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
        assert!(is_instant(&s["opened_at"]));
        let r = &s["clocks"]["response"];
        assert!(is_instant(&r["deadline"]));
        assert!(r["remaining_secs"].is_i64(), "{r}");
    }
    assert_eq!(list[0]["clocks"]["response"]["remaining_secs"], 450);
    // An empty board is an empty array, not nothing.
    let d = Desk::new();
    d.run(&["open", "--severity", "3", "x"]).ok();
    d.run(&["resolve", "1"]).ok();
    assert_eq!(
        d.run(&["status", "--format", "json"]).json(),
        serde_json::json!([])
    );
}
