//! The pager (issue 13): `check` pages only for what someone can act on,
//! `metrics` speaks Prometheus, `notify` sends each new attention event
//! once; and the policy's `[waiting] remind_after` they all read.

use super::util::*;

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

// ---- the policy's remind_after ---------------------------------------------

#[test]
fn remind_after_is_checked_with_its_place_and_shown() {
    let d = Desk::new();
    let out = d.run(&["policy", "show"]).ok().to_string();
    assert!(
        out.contains(
            "A ticket waiting on the customer longer than 1d is reported by `check` (remind_after)."
        ),
        "{out}"
    );
    let bad =
        slaclock::sla::DEFAULT_POLICY.replace("remind_after = \"24h\"", "remind_after = \"a day\"");
    assert_ne!(
        bad,
        slaclock::sla::DEFAULT_POLICY,
        "the shipped file sets remind_after"
    );
    std::fs::write(d.path("severity.toml"), &bad).expect("write");
    let line = bad
        .lines()
        .position(|l| l.starts_with("remind_after"))
        .expect("the line")
        + 1;
    let err = d.run(&["policy", "check"]).fails(1).to_string();
    assert!(
        err.contains(&format!(
            "severity.toml:{line}:16: waiting.remind_after: \"a day\" is not a duration"
        )),
        "{err}"
    );
    // Every command that loads the policy refuses it, and check says UNKNOWN.
    d.run(&["open", "--severity", "1", "VXC down"]).fails(1);
    assert!(!d.db().exists());
    let out = exits(&d.run(&["check"]), 3);
    assert!(out.starts_with("UNKNOWN: "), "{out}");
}

// ---- check -----------------------------------------------------------------

/// `'breached'=...` perfdata for these counts.
fn perf(breached: u64, at_risk: u64, escalation_due: u64, waiting: u64, open: u64) -> String {
    format!(
        "'breached'={breached};;1;0 'at_risk'={at_risk};1;;0 'escalation_due'={escalation_due};1;;0 'waiting_too_long'={waiting};1;;0 'open'={open};;;0"
    )
}

fn open_ticket(d: &mut Desk, at: &str, severity: &str, customer: &str, title: &str) {
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

/// The case: a severity 2 ticket reported at 10:00, answered 5
/// minutes late at 10:20 and updated on time ever since.
fn late_once_desk() -> Desk {
    let mut d = Desk::new();
    open_ticket(&mut d, "2026-11-24T00:00:00Z", "2", "ACME", "Packet loss");
    for at in ["00:20", "01:15", "02:10"] {
        d.run_at(&format!("2026-11-24T{at}:00Z"), &["update", "1"])
            .ok();
    }
    d.at("2026-11-24T02:30:00Z");
    d
}

#[test]
fn a_late_response_updated_on_time_since_is_ok_and_history() {
    let d = late_once_desk();
    // Still breached where history is kept...
    let status = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(status["clocks"]["response"]["state"], "breached");
    // ...but nothing is running late: check is OK, with the exact perfdata.
    let out = exits(&d.run(&["check"]), 0);
    assert_eq!(
        out,
        format!(
            "OK: 0 breached, 0 at risk, 0 escalation due | {}\n",
            perf(0, 0, 0, 0, 1)
        )
    );
    // --history lists it without changing the status.
    let out = exits(&d.run(&["check", "--history"]), 0);
    assert_eq!(
        out,
        format!(
            "OK: 0 breached, 0 at risk, 0 escalation due | {}\n\
             #1 severity 2 incident \"Packet loss\" for ACME: history: response breached, 5m late\n",
            perf(0, 0, 0, 0, 1)
        )
    );
    let v: serde_json::Value = serde_json::from_str(&exits(
        &d.run(&["check", "--history", "--format", "json"]),
        0,
    ))
    .expect("JSON");
    assert_eq!(
        (v["status"].as_str(), v["breached"].as_u64()),
        (Some("OK"), Some(0))
    );
    assert_eq!(v["history"], true);
    let reason = &v["tickets"][0]["reasons"][0];
    assert_eq!(reason["concern"], "history");
    assert_eq!(reason["stopped_at"], "2026-11-24T00:20:00Z");
}

#[test]
fn an_active_breach_is_critical_and_a_new_one_is_not_hidden() {
    let mut d = late_once_desk();
    // The update due at 03:10 is not sent: at 03:12 it is running late.
    d.at("2026-11-24T03:12:00Z");
    let out = exits(&d.run(&["check"]), 2);
    assert_eq!(
        out,
        format!(
            "CRITICAL: 1 breached, 0 at risk, 0 escalation due | {}\n\
             #1 severity 2 incident \"Packet loss\" for ACME: update 2m overdue\n",
            perf(1, 0, 0, 0, 1)
        )
    );
    // Sent late at 03:15: the interval is closed, history again.
    d.run(&["update", "1"]).ok();
    d.at("2026-11-24T03:20:00Z");
    exits(&d.run(&["check"]), 0);
    let out = exits(&d.run(&["check", "--history"]), 0);
    assert!(
        out.ends_with(
            "#1 severity 2 incident \"Packet loss\" for ACME: history: response breached, 5m late; history: update breached, 1 missed\n"
        ),
        "{out}"
    );
    // A restore clock past its target is an active breach, even while the
    // ticket then waits on the customer (the clock has not stopped).
    let mut d = Desk::new();
    open_ticket(&mut d, "2026-11-24T00:00:00Z", "1", "Globex", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "1", "--next-update", "in 8h"],
    )
    .ok();
    d.run_at("2026-11-24T06:05:00Z", &["wait", "1"]).ok();
    d.at("2026-11-24T06:30:00Z");
    let out = exits(&d.run(&["check", "-q"]), 2);
    assert!(out.starts_with("CRITICAL: 1 breached"), "{out}");
}

#[test]
fn a_long_wait_is_a_warning_after_remind_after_or_max_wait() {
    let mut d = Desk::new();
    open_ticket(&mut d, "2026-11-24T00:00:00Z", "3", "Hooli", "Portal typo");
    d.run_at("2026-11-24T00:10:00Z", &["update", "1"]).ok();
    d.run_at(
        "2026-11-24T00:20:00Z",
        &["wait", "1", "--reason", "Asked for a screenshot"],
    )
    .ok();
    // The shipped remind_after is 24h: exactly 24h is not longer.
    d.at("2026-11-25T00:20:00Z");
    exits(&d.run(&["check"]), 0);
    d.at("2026-11-25T00:21:00Z");
    let out = exits(&d.run(&["check"]), 1);
    assert_eq!(
        out,
        format!(
            "WARNING: 0 breached, 0 at risk, 0 escalation due, 1 waiting too long | {}\n\
             #1 severity 3 incident \"Portal typo\" for Hooli: waiting on the customer for 1d\n",
            perf(0, 0, 0, 1, 1)
        )
    );
    // --max-wait overrides it for one run; the policy's remind_after is the default.
    exits(&d.run(&["check", "--max-wait", "2d"]), 0);
    std::fs::write(
        d.path("severity.toml"),
        slaclock::sla::DEFAULT_POLICY.replace("remind_after = \"24h\"", "remind_after = \"36h\""),
    )
    .expect("write");
    exits(&d.run(&["check"]), 0);
    d.at("2026-11-25T12:21:00Z");
    let v: serde_json::Value =
        serde_json::from_str(&exits(&d.run(&["check", "--format", "json"]), 1)).expect("JSON");
    assert_eq!(
        (v["waiting_too_long"].as_u64(), v["max_wait_secs"].as_u64()),
        (Some(1), Some(36 * 3600))
    );
    let reason = &v["tickets"][0]["reasons"][0];
    assert_eq!(reason["concern"], "waiting_too_long");
    assert_eq!(reason["waiting_since"], "2026-11-24T00:20:00Z");
    // Resumed: nothing to remind.
    d.run(&["resume", "1"]).ok();
    exits(&d.run(&["check"]), 0);
    // A --max-wait that is not a duration is UNKNOWN, said why.
    let out = exits(&d.run(&["check", "--max-wait", "a while"]), 3);
    assert!(
        out.starts_with("UNKNOWN: invalid value 'a while' for '--max-wait <DURATION>'"),
        "{out}"
    );
}

#[test]
fn a_calendar_without_next_years_holidays_is_a_warning_from_sixty_days() {
    // The shipped calendar's last holiday is 2027-12-28.
    let mut d = Desk::new();
    open_ticket(&mut d, "2027-10-27T00:00:00Z", "2", "ACME", "Old news");
    d.run(&["resolve", "1"]).ok();
    // 61 days before it (10:00 on 28 October in Brisbane): fine.
    d.at("2027-10-28T00:00:00Z");
    exits(&d.run(&["check"]), 0);
    // 59 days before it: a warning, with the message the issue gives.
    d.at("2027-10-30T00:00:00Z");
    let out = exits(&d.run(&["check"]), 1);
    assert_eq!(
        out,
        format!(
            "WARNING: 0 breached, 0 at risk, 0 escalation due, calendar \"business\" has no holidays after 2027-12-28 | {}\n\
             calendar \"business\" has no holidays after 2027-12-28; import next year's with `slaclock holidays import`\n",
            perf(0, 0, 0, 0, 0)
        )
    );
    // A later year's holiday in the policy in force clears it.
    std::fs::write(
        d.path("severity.toml"),
        slaclock::sla::DEFAULT_POLICY.replace("\"2027-12-28\",", "\"2027-12-28\", \"2028-01-26\","),
    )
    .expect("write");
    exits(&d.run(&["check"]), 0);
}

#[test]
fn check_lists_tickets_in_the_boards_order() {
    let mut d = Desk::new();
    open_ticket(&mut d, "2026-11-24T00:00:00Z", "3", "A", "Sev 3 unanswered");
    open_ticket(
        &mut d,
        "2026-11-24T00:02:00Z",
        "1",
        "B",
        "Sev 1 answered late",
    );
    d.run_at("2026-11-24T00:20:00Z", &["update", "2"]).ok();
    open_ticket(&mut d, "2026-11-24T00:21:00Z", "2", "C", "Sev 2 fresh");
    d.run_at(
        "2026-11-24T00:22:00Z",
        &["open", "--kind", "inquiry", "Question"],
    )
    .ok();
    d.at("2026-11-24T00:34:00Z");
    let board: Vec<i64> = d
        .run(&["status", "--format", "json"])
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect();
    let out = exits(&d.run(&["check", "--history"]), 2);
    let listed: Vec<i64> = out
        .lines()
        .skip(1)
        .map(|l| {
            l.trim_start_matches('#')
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a ticket line")
        })
        .collect();
    // The inquiry (12 of its 30 minutes used) needs no attention.
    assert_eq!(listed, [2, 1, 3], "{out}");
    let on_board: Vec<i64> = board.into_iter().filter(|id| listed.contains(id)).collect();
    assert_eq!(listed, on_board, "{out}");
}

#[test]
fn check_never_writes() {
    let mut d = late_once_desk();
    d.at("2026-11-25T03:12:00Z");
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(d.dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let (before, names) = (d.snapshot(), files());
    for args in [
        &["check"][..],
        &["check", "--history", "--format", "json"],
        &["check", "--as-of", "2026-11-24 12:00"],
    ] {
        d.run(args);
    }
    assert_eq!(d.snapshot(), before);
    assert_eq!(files(), names);
}

// ---- metrics ---------------------------------------------------------------

/// A board with something of everything, at 2026-11-24T02:10Z:
/// #1 severity 1, level 1 due since 02:00; #2 severity 2 unanswered
/// (breached 01:55); #3 severity 2, 80% of its response used; #4
/// provisioning; #5 an inquiry waiting since the day before; #6 resolved.
fn varied_desk() -> Desk {
    let mut d = Desk::new();
    d.run_at(
        "2026-11-23T00:00:00Z",
        &[
            "open",
            "--kind",
            "inquiry",
            "--customer",
            "Hooli",
            "Usage report?",
        ],
    )
    .ok();
    d.run_at("2026-11-23T00:10:00Z", &["update", "1"]).ok();
    d.run_at("2026-11-23T00:20:00Z", &["wait", "1"]).ok();
    open_ticket(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "2", "--next-update", "in 3h"],
    )
    .ok();
    open_ticket(&mut d, "2026-11-24T01:40:00Z", "2", "Beta", "Packet loss");
    open_ticket(&mut d, "2026-11-24T01:58:00Z", "2", "Delta", "Jitter");
    d.run_at(
        "2026-11-24T02:00:00Z",
        &["open", "--kind", "provisioning", "New port"],
    )
    .ok();
    open_ticket(&mut d, "2026-11-24T02:01:00Z", "3", "Gamma", "Typo");
    d.run_at("2026-11-24T02:02:00Z", &["resolve", "6"]).ok();
    d.at("2026-11-24T02:10:00Z");
    d
}

/// The value of the one sample of `series` (name and labels as printed).
fn sample(text: &str, series: &str) -> i64 {
    let values: Vec<i64> = text
        .lines()
        .filter_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .collect();
    assert_eq!(values.len(), 1, "{series} in:\n{text}");
    values[0]
}

/// Runs `promtool check metrics` on `text` when promtool is installed; CI
/// (.ci/run) installs it and sets SLACLOCK_REQUIRE_PROMTOOL, so there a
/// missing promtool fails instead of skipping.
fn promtool_passes(text: &str) {
    use std::io::Write;
    let spawned = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if std::env::var_os("SLACLOCK_REQUIRE_PROMTOOL").is_some() => {
            panic!("SLACLOCK_REQUIRE_PROMTOOL is set but promtool cannot run: {e}")
        }
        Err(_) => {
            eprintln!("promtool is not installed: `promtool check metrics` skipped");
            return;
        }
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("feed promtool");
    let out = child.wait_with_output().expect("promtool");
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "promtool check metrics: {}\n{}\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn metrics_count_the_board_and_pass_promtool() {
    let d = varied_desk();
    let text = d.run(&["metrics"]).ok().to_string();
    assert!(text.ends_with("\n# EOF\n"), "{text}");
    for (series, want) in [
        ("slaclock_open_tickets{kind=\"incident\",severity=\"1\"}", 1),
        ("slaclock_open_tickets{kind=\"incident\",severity=\"2\"}", 2),
        ("slaclock_open_tickets{kind=\"incident\",severity=\"3\"}", 0),
        (
            "slaclock_open_tickets{kind=\"provisioning\",severity=\"none\"}",
            1,
        ),
        ("slaclock_open_tickets{kind=\"inquiry\",severity=\"3\"}", 1),
        ("slaclock_clocks{clock=\"response\",state=\"breached\"}", 1),
        ("slaclock_clocks{clock=\"response\",state=\"at_risk\"}", 1),
        ("slaclock_clocks{clock=\"response\",state=\"running\"}", 0),
        ("slaclock_clocks{clock=\"response\",state=\"met\"}", 2),
        ("slaclock_clocks{clock=\"update\",state=\"paused\"}", 1),
        ("slaclock_clocks{clock=\"restore\",state=\"running\"}", 3),
        ("slaclock_clocks{clock=\"restore\",state=\"none\"}", 2),
        ("slaclock_active_breaches", 1),
        ("slaclock_escalations_due", 1),
        ("slaclock_waiting_too_long", 1),
        // #2's response fell due at 01:55, 15 minutes ago.
        ("slaclock_next_deadline_seconds", -15 * 60),
        ("slaclock_check_status", 2),
    ] {
        assert_eq!(sample(&text, series), want, "{series}");
    }
    let clocks: i64 = text
        .lines()
        .filter(|l| l.starts_with("slaclock_clocks{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<i64>().ok())
        .sum();
    assert_eq!(clocks, 5 * 3, "three clocks of each open ticket");
    promtool_passes(&text);
    // What check says, metrics says.
    let check = d.run(&["check"]);
    assert_eq!(
        i64::from(check.code),
        sample(&text, "slaclock_check_status")
    );
    // --warn-at and --max-wait as for check.
    let text = d
        .run(&["metrics", "--warn-at", "90", "--max-wait", "2d"])
        .ok()
        .to_string();
    assert_eq!(
        sample(
            &text,
            "slaclock_clocks{clock=\"response\",state=\"at_risk\"}"
        ),
        0
    );
    assert_eq!(sample(&text, "slaclock_waiting_too_long"), 0);
    promtool_passes(&text);
}

#[test]
fn metrics_write_a_file_atomically_and_never_the_log() {
    use std::os::unix::fs::PermissionsExt;
    let d = varied_desk();
    let before = d.snapshot();
    std::fs::create_dir(d.path("textfile")).expect("mkdir");
    let prom = d.path("textfile/slaclock.prom");
    let run = d.run(&["metrics", "-o", prom.to_str().expect("utf-8")]);
    assert_eq!(run.ok(), "", "nothing on standard output");
    let text = std::fs::read_to_string(&prom).expect("the file");
    assert_eq!(text, d.run(&["metrics"]).ok());
    let mode = std::fs::metadata(&prom).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "node_exporter runs as its own user");
    let names: Vec<_> = std::fs::read_dir(d.path("textfile"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["slaclock.prom"], "no temporary left");
    assert_eq!(d.snapshot(), before, "metrics never writes the log");
    // The log itself is never a destination.
    let err = d
        .run(&["metrics", "-o", d.db().to_str().expect("utf-8")])
        .fails(1)
        .to_string();
    assert!(
        err.contains("is the ticket log itself; choose another file for the metrics"),
        "{err}"
    );
    assert_eq!(d.snapshot(), before);
    // A log that cannot be read: the file says UNKNOWN, the command fails.
    let mut gone = Desk::new();
    gone.at("2026-11-24T00:00:00Z");
    let prom = gone.path("slaclock.prom");
    let err = gone
        .run(&["metrics", "-o", prom.to_str().expect("utf-8")])
        .fails(1)
        .to_string();
    assert!(err.starts_with("error: no ticket log at"), "{err}");
    let text = std::fs::read_to_string(&prom).expect("the file");
    assert!(text.ends_with("slaclock_check_status 3\n# EOF\n"), "{text}");
    promtool_passes(&text);
}
