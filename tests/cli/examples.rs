//! The scripts and second policy in `examples/`, run as a user would run
//! them: the cron check, the monthly report, and the London policy.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::check::busy_desk;
use super::export::{EVENT_COLUMNS, TICKET_COLUMNS, leftovers};
use super::report::october_desk;
use super::util::*;

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

/// Runs the monthly script for October 2026 into `reports/` and gives
/// a reader of the files it wrote.
fn october_files(d: &Desk) -> impl Fn(&str) -> String {
    let out = d.path("reports");
    let o = script(d, "monthly-report.sh")
        .arg(&out)
        .env("MONTH", "2026-10")
        .output()
        .expect("run the script");
    assert!(o.status.success(), "{o:?}");
    move |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
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
    let read = october_files(&d);
    let (header, rows) = read_csv(&read("tickets-2026-10.csv"));
    assert_eq!(header, TICKET_COLUMNS);
    let ids: Vec<&str> = rows.iter().map(|r| column(&header, r, "id")).collect();
    assert_eq!(ids, ["2", "3", "4", "5", "6", "7", "8"]);
    let (header, _) = read_csv(&read("events-2026-10.csv"));
    assert_eq!(header, EVENT_COLUMNS);
    let (header, rows) = read_csv(&read("report-2026-10.csv"));
    assert_eq!(column(&header, &rows[0], "opened"), "7");
    assert!(read("report-2026-10.txt").contains("50.0% (3/6)"));
    assert_eq!(leftovers(&d.path("reports")), Vec::<String>::new());
}

#[test]
fn the_monthly_export_agrees_with_the_monthly_report() {
    // Run on 24 November: tickets 4 and 8 were resolved in November, after
    // October ended. Judged now they would be resolved, with ticket 8's
    // restore met; the report judges October as of its end.
    let d = october_desk();
    let read = october_files(&d);
    let (header, tickets) = read_csv(&read("tickets-2026-10.csv"));
    let (rheader, report) = read_csv(&read("report-2026-10.csv"));
    let all = report
        .iter()
        .find(|r| column(&rheader, r, "group") == "all")
        .expect("the all row");
    let count =
        |f: &dyn Fn(&Vec<String>) -> bool| tickets.iter().filter(|r| f(r)).count().to_string();
    let state = |clock: &str, want: &'static str| {
        let name = format!("{clock}_state");
        let header = &header;
        move |r: &Vec<String>| column(header, r, &name) == want
    };
    let judged = |clock: &str| {
        let name = format!("{clock}_state");
        let header = &header;
        move |r: &Vec<String>| matches!(column(header, r, &name), "met" | "breached")
    };
    let figures = [
        ("opened", count(&|_| true)),
        (
            "still_open",
            count(&|r| column(&header, r, "state") != "resolved"),
        ),
        ("responses_judged", count(&judged("response"))),
        ("responses_met", count(&state("response", "met"))),
        ("restores_judged", count(&judged("restore"))),
        ("restores_met", count(&state("restore", "met"))),
        (
            "updates_missed",
            tickets
                .iter()
                .map(|r| {
                    column(&header, r, "update_missed")
                        .parse::<u64>()
                        .unwrap_or(0)
                })
                .sum::<u64>()
                .to_string(),
        ),
    ];
    for (name, from_export) in figures {
        assert_eq!(column(&rheader, all, name), from_export, "{name}");
    }
    assert_eq!(column(&rheader, all, "still_open"), "2");
}

/// The month's event file holds the events its ticket file was judged on:
/// those recorded by the month's end, of the same tickets. A void recorded
/// in November, of an update in October, is in neither: in both, ticket
/// 5's update stands, unvoided.
#[test]
fn the_monthly_events_are_those_the_tickets_were_judged_on() {
    let d = october_desk();
    // Ticket 5's update (its event 2), voided on 24 November.
    d.run(&["void", "5", "2", "--reason", "Sent on the wrong ticket"])
        .ok();
    let read = october_files(&d);
    let (header, events) = read_csv(&read("events-2026-10.csv"));
    assert!(!events.is_empty());
    for e in &events {
        // Recorded by 1 November 00:00 in Brisbane.
        assert!(
            column(&header, e, "recorded_at") <= "2026-10-31T14:00:00Z",
            "{e:?}"
        );
        assert_ne!(column(&header, e, "kind"), "void", "{e:?}");
        assert_eq!(column(&header, e, "voided_by"), "", "{e:?}");
    }
    let five: Vec<&str> = events
        .iter()
        .filter(|e| column(&header, e, "ticket_id") == "5")
        .map(|e| column(&header, e, "kind"))
        .collect();
    assert_eq!(five, ["opened", "updated", "resolved"]);
    // The tickets file judged ticket 5 with that update: none missed.
    let (theader, tickets) = read_csv(&read("tickets-2026-10.csv"));
    let t5 = tickets
        .iter()
        .find(|t| column(&theader, t, "id") == "5")
        .expect("ticket 5");
    assert_eq!(column(&theader, t5, "update_state"), "met");
    let mut ids: Vec<&str> = tickets.iter().map(|t| column(&theader, t, "id")).collect();
    let mut with_events: Vec<&str> = events
        .iter()
        .map(|e| column(&header, e, "ticket_id"))
        .collect();
    with_events.dedup();
    ids.sort_unstable();
    with_events.sort_unstable();
    assert_eq!(ids, with_events);
}

/// A MONTH that is not YYYY-MM is the script's own refusal, before
/// slaclock runs: "10" would otherwise be year 10, month 10, and slaclock's
/// own "out of range" would not say what MONTH should be.
#[test]
fn monthly_report_refuses_a_month_not_written_yyyy_mm() {
    let d = october_desk();
    let out = d.path("reports");
    for month in [
        "10",
        "2026-1",
        "2026-13",
        "2026-00",
        "26-10",
        "2026-10-01",
        "0010-10",
        "2026/10",
        "ab-cd",
    ] {
        let o = script(&d, "monthly-report.sh")
            .arg(&out)
            .env("MONTH", month)
            .output()
            .expect("run the script");
        assert_eq!(o.status.code(), Some(2), "{month}: {o:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            "monthly-report: MONTH must look like 2026-10\n",
            "{month}"
        );
        assert!(!out.exists(), "{month}: wrote {out:?}");
    }
}
