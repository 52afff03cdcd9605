//! Who did it (issue 17): on PostgreSQL every event records the role the
//! server authenticated (`session_user`) beside what `--by` says, and the
//! timeline, `export --events` and its JSON show both; SQLite has no roles
//! and leaves the role empty.

use serde_json::Value;

use crate::util::{Desk, postgres_desk};

/// Opens a ticket as "carol" and notes it as "dave", then returns the
/// timeline, the events' CSV (header and rows) and their JSON lines.
fn who_did_it(d: &Desk) -> (String, Vec<Vec<String>>, Vec<Value>) {
    d.run(&["open", "--severity", "2", "--by", "carol", "Portal down"])
        .ok();
    d.run(&["note", "1", "--by", "dave", "looking"]).ok();
    let timeline = d.run(&["status", "1", "--wide"]).ok().to_string();
    let csv = d.run(&["export", "--events"]).ok().to_string();
    let rows = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_owned).collect())
        .collect();
    let json = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (timeline, rows, json)
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn postgres_records_the_role_beside_by() {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").expect("SLACLOCK_TEST_POSTGRES");
    let config: postgres::Config = server.parse().expect("a connection URL");
    let role = config.get_user().expect("the test URL names a user");
    let (timeline, rows, json) = who_did_it(&postgres_desk());
    assert!(
        timeline.contains(&format!("carol (role {role})")),
        "{timeline}"
    );
    assert!(
        timeline.contains(&format!("dave (role {role})")),
        "{timeline}"
    );
    assert_eq!(rows.len(), 2);
    for (row, by) in rows.iter().zip(["carol", "dave"]) {
        assert_eq!(row[4], by);
        assert_eq!(row.last().map(String::as_str), Some(role), "{row:?}");
    }
    for (event, by) in json.iter().zip(["carol", "dave"]) {
        assert_eq!(event["by"], by);
        assert_eq!(event["db_user"], role, "{event}");
    }
}

#[test]
fn sqlite_records_no_role() {
    let (timeline, rows, json) = who_did_it(&Desk::new());
    assert!(timeline.contains("carol"), "{timeline}");
    assert!(!timeline.contains("(role"), "{timeline}");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.last().map(String::as_str), Some(""), "{row:?}");
    }
    for event in &json {
        assert_eq!(event["db_user"], Value::Null, "{event}");
    }
}
