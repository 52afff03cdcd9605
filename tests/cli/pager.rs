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
            "A ticket waiting on the customer longer than 24h is reported by `check` (remind_after)."
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

/// The case: a severity 2 ticket reported at 10:00, answered 5
/// minutes late at 10:20 and updated on time ever since.
fn late_once_desk() -> Desk {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "2", "ACME", "Packet loss");
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
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "Globex", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "1", "--next-update", "in 8h"],
    )
    .ok();
    d.run_at("2026-11-24T06:05:00Z", &["wait", "1"]).ok();
    d.at("2026-11-24T06:30:00Z");
    let out = exits(&d.run(&["check", "-q"]), 2);
    assert!(out.starts_with("CRITICAL: 1 breached"), "{out}");
    // How late it is stands still while it waits: 5 minutes when the wait
    // began, at 06:30 as at 09:00, on every surface that says so.
    for now in ["2026-11-24T06:30:00Z", "2026-11-24T09:00:00Z"] {
        d.at(now);
        let out = exits(&d.run(&["check"]), 2);
        assert!(
            out.contains("restore breached, paused 5m late"),
            "{now}: {out}"
        );
        let shown = d.run(&["status", "1"]).ok().to_string();
        assert!(shown.contains("breached, paused 5m late"), "{now}: {shown}");
        let board = d.run(&["status"]).ok().to_string();
        assert!(board.contains("restore 5m late"), "{now}: {board}");
        let json = d.run(&["status", "1", "--format", "json"]).json();
        assert_eq!(json["clocks"]["restore"]["remaining_secs"], -300, "{now}");
    }
}

/// A business-hours restore past its deadline (Monday 17:00) when the
/// ticket went to waiting at 17:30 was half an hour late then, on the
/// wall clock as a running breach is told, though no business time had
/// run: not "0s late".
#[test]
fn a_paused_breach_is_as_late_as_when_its_wait_began_on_the_wall_clock() {
    let mut d = Desk::new();
    open_sev(
        &mut d,
        "2026-11-09T09:00:00+10:00",
        "3",
        "Hooli",
        "Portal typo",
    );
    d.run_at("2026-11-09T09:10:00+10:00", &["update", "1"]).ok();
    d.run_at("2026-11-16T17:30:00+10:00", &["wait", "1"]).ok();
    d.at("2026-11-17T12:00:00+10:00");
    let out = exits(&d.run(&["check"]), 2);
    assert!(out.contains("restore breached, paused 30m late"), "{out}");
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        json["clocks"]["restore"]["deadline"],
        "2026-11-16T07:00:00Z"
    );
}

/// A breach the ticket then waited in goes on from where the wait held
/// it, the wait left out (issue 13): `check`, `notify`'s words, the board,
/// `status ID`, the metric and the JSON all say one lateness, before the
/// wait, during it and after it. The update clock, 24x7: due 00:35 (10:35
/// here), waited 10:50-11:55, judged at 11:56: 16 minutes late, not 81.
#[test]
fn a_breach_goes_on_after_a_wait_from_where_the_wait_held_it() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T10:00:00+10:00", "1", "ACME", "VXC down");
    d.run_at("2026-11-24T10:05:00+10:00", &["update", "1"]).ok();
    d.run_at("2026-11-24T10:50:00+10:00", &["wait", "1"]).ok();
    d.run_at("2026-11-24T11:55:00+10:00", &["resume", "1"]).ok();
    // Judged as of each instant, from 11:56 (the log is not ahead of it).
    d.at("2026-11-24T11:56:00+10:00");
    for (as_of, late, words) in [
        ("2026-11-24T10:45:00+10:00", 10, "update 10m overdue"),
        (
            "2026-11-24T11:30:00+10:00",
            15,
            "update breached, paused 15m late",
        ),
        ("2026-11-24T11:56:00+10:00", 16, "update 16m overdue"),
    ] {
        let out = exits(&d.run(&["check", "--as-of", as_of]), 2);
        assert!(
            out.lines().nth(1).is_some_and(|l| l.ends_with(words)),
            "{as_of}: {out}"
        );
        let json = d
            .run(&["status", "1", "--format", "json", "--as-of", as_of])
            .json();
        assert_eq!(
            json["clocks"]["update"]["remaining_secs"],
            -60 * late,
            "{as_of}"
        );
        if !words.contains("paused") {
            let board = d.run(&["status", "--as-of", as_of]).ok().to_string();
            assert!(
                board.contains(&format!("update {late}m late")),
                "{as_of}: {board}"
            );
            let one = d.run(&["status", "1", "--as-of", as_of]).ok().to_string();
            assert!(
                one.contains(&format!("10:35 ({late}m overdue)")),
                "{as_of}: {one}"
            );
        }
    }
    let metrics = d.run(&["metrics"]).ok().to_string();
    assert_eq!(sample(&metrics, "slaclock_next_deadline_seconds"), -16 * 60);
    // notify says it in the same words.
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    let (_, summaries) = received(&d);
    assert!(
        summaries.iter().any(|s| s.ends_with("update 16m overdue")),
        "{summaries:?}"
    );
}

#[test]
fn a_long_wait_is_a_warning_after_remind_after_or_max_wait() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "3", "Hooli", "Portal typo");
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
    // So is one in months (`M`, one key from `m`) or years.
    for (value, unit) in [("1M", "M"), ("1y", "y"), ("2 months", "months")] {
        let out = exits(&d.run(&["check", "--max-wait", value]), 3);
        assert!(
            out.starts_with(&format!(
                "UNKNOWN: invalid value '{value}' for '--max-wait <DURATION>': \"{unit}\" is \
                 not a unit slaclock reads; use s, m, h, d or w"
            )),
            "{out}"
        );
    }
}

#[test]
fn a_calendar_without_next_years_holidays_is_a_warning_from_sixty_days() {
    // The shipped calendar's last holiday is 2027-12-28.
    let mut d = Desk::new();
    open_sev(&mut d, "2027-10-27T00:00:00Z", "2", "ACME", "Old news");
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
    open_sev(&mut d, "2026-11-24T00:00:00Z", "3", "A", "Sev 3 unanswered");
    open_sev(
        &mut d,
        "2026-11-24T00:02:00Z",
        "1",
        "B",
        "Sev 1 answered late",
    );
    d.run_at("2026-11-24T00:20:00Z", &["update", "2"]).ok();
    open_sev(&mut d, "2026-11-24T00:21:00Z", "2", "C", "Sev 2 fresh");
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
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["update", "2", "--next-update", "in 3h"],
    )
    .ok();
    open_sev(&mut d, "2026-11-24T01:40:00Z", "2", "Beta", "Packet loss");
    open_sev(&mut d, "2026-11-24T01:58:00Z", "2", "Delta", "Jitter");
    d.run_at(
        "2026-11-24T02:00:00Z",
        &["open", "--kind", "provisioning", "New port"],
    )
    .ok();
    open_sev(&mut d, "2026-11-24T02:01:00Z", "3", "Gamma", "Typo");
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
    assert_eq!(clocks, 5 * 4, "four clocks of each open ticket");
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
    // Under cron's `umask 077` too.
    {
        use std::os::unix::process::CommandExt;
        let mut cmd = d.std_cmd();
        cmd.args(["metrics", "-o", prom.to_str().expect("utf-8")]);
        // SAFETY: umask is async-signal-safe and touches only this child.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0o077);
                Ok(())
            });
        }
        assert!(cmd.status().expect("run slaclock").success());
        let mode = std::fs::metadata(&prom).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "whatever the umask");
    }
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
    // Nor an environment it cannot read (a TZ that names no zone): the
    // healthy figures written before do not stand.
    let prom = d.path("textfile").join("slaclock.prom");
    let mut cmd = d.cmd();
    cmd.env("TZ", "Foo/Bar")
        .args(["metrics", "-o", prom.to_str().expect("utf-8")]);
    let run = Run::from(cmd.output().expect("run"));
    let err = run.fails(1).to_string();
    assert!(err.contains("TZ"), "{err}");
    let text = std::fs::read_to_string(&prom).expect("the file");
    assert!(text.ends_with("slaclock_check_status 3\n# EOF\n"), "{text}");
    assert!(!text.contains("slaclock_open_tickets"), "{text}");
    assert_eq!(d.snapshot(), before);
}

// ---- notify ----------------------------------------------------------------

/// The notices the log records, as (ticket, concern, clock, channel).
fn notices(d: &Desk) -> Vec<(i64, String, String, String)> {
    let conn = rusqlite::Connection::open(d.db()).expect("open log");
    let mut stmt = conn
        .prepare("SELECT ticket_id, concern, clock, channel FROM notices ORDER BY id")
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

/// A command that appends each event's JSON and summary to `got` in the desk.
fn appender(d: &Desk) -> String {
    format!(
        "cat >> '{0}' && printf 'summary: %s\\n' \"$SLACLOCK_SUMMARY\" >> '{0}'",
        d.path("got").display()
    )
}

/// What the appender received: (JSON events, summaries).
fn received(d: &Desk) -> (Vec<serde_json::Value>, Vec<String>) {
    let text = std::fs::read_to_string(d.path("got")).unwrap_or_default();
    let mut events = vec![];
    let mut summaries = vec![];
    for line in text.lines() {
        match line.strip_prefix("summary: ") {
            Some(s) => summaries.push(s.to_string()),
            None => events.push(serde_json::from_str(line).expect("one JSON object a line")),
        }
    }
    (events, summaries)
}

#[test]
fn notify_sends_each_new_event_once_and_records_it() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    // Nothing to say yet.
    d.at("2026-11-24T00:05:00Z");
    assert_eq!(d.run(&["notify", "--exec", &appender(&d)]).ok(), "");
    assert!(received(&d).0.is_empty());
    // 00:12: the response is at risk (80%).
    d.at("2026-11-24T00:12:00Z");
    assert_eq!(
        d.run(&["notify", "--exec", &appender(&d)]).ok(),
        "",
        "quiet for cron"
    );
    let (events, summaries) = received(&d);
    assert_eq!(events.len(), 1);
    assert_eq!(
        summaries,
        ["#1 severity 1 incident \"VXC down\" for ACME: response due in 3m, 80% used"]
    );
    let e = &events[0];
    assert_eq!(
        (e["event"].as_str(), e["clock"].as_str()),
        (Some("at_risk"), Some("response"))
    );
    assert_eq!(e["text"], summaries[0].as_str());
    assert_eq!(
        (e["used_percent"].as_i64(), e["repeat"].as_bool()),
        (Some(80), Some(false))
    );
    assert_eq!(e["deadline"], "2026-11-24T00:15:00Z");
    assert_eq!(e["at"], "2026-11-24T00:12:00Z");
    assert_eq!(e["ticket"]["id"], 1);
    assert_eq!(e["ticket"]["state"], "open");
    // Every minute after: nothing new, nothing sent.
    d.at("2026-11-24T00:13:00Z");
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    assert_eq!(received(&d).0.len(), 1);
    // 00:16: newly breached, a new event; a second ticket newly at risk.
    open_sev(&mut d, "2026-11-24T00:04:00Z", "2", "Beta", "Loss");
    d.at("2026-11-24T00:16:00Z");
    let out = d
        .run(&["notify", "-v", "--exec", &appender(&d)])
        .ok()
        .to_string();
    assert_eq!(
        out,
        "sent: #1 severity 1 incident \"VXC down\" for ACME: response 1m overdue\n\
         sent: #2 severity 2 incident \"Loss\" for Beta: response due in 3m, 80% used\n\
         2 sent, 0 failed, 0 held until their business hours\n"
    );
    let (events, _) = received(&d);
    assert_eq!(events.len(), 3);
    assert_eq!(events[1]["event"], "breached");
    // The log records each, by channel (never the command itself).
    assert_eq!(
        notices(&d),
        [
            (1, "at_risk".into(), "response".into(), "exec".into()),
            (1, "breached".into(), "response".into(), "exec".into()),
            (2, "at_risk".into(), "response".into(), "exec".into()),
        ]
    );
    d.at("2026-11-24T00:30:00Z");
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    assert_eq!(received(&d).0.len(), 4, "#2's breach at 00:19");
    // An escalation newly due and a wait newly too long are events too.
    d.run_at(
        "2026-11-24T00:31:00Z",
        &["update", "1", "--next-update", "in 3h"],
    )
    .ok();
    d.run_at("2026-11-24T00:32:00Z", &["update", "2"]).ok();
    d.run_at("2026-11-24T00:33:00Z", &["wait", "2"]).ok();
    d.at("2026-11-24T02:01:00Z");
    d.run(&["notify", "--exec", &appender(&d), "--max-wait", "1h"])
        .ok();
    let (events, _) = received(&d);
    let newest: Vec<(&str, &str)> = events[4..]
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap_or(""),
                e["clock"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        newest,
        [
            ("escalation_due", "escalation"),
            ("waiting_too_long", "waiting")
        ]
    );
    assert_eq!(events[4]["level"], 1);
    assert_eq!(events[5]["waiting_since"], "2026-11-24T00:33:00Z");
}

#[test]
fn renotify_sends_a_still_active_event_again_after_that_long() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let cmd = appender(&d);
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    d.at("2026-11-24T01:19:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    assert_eq!(received(&d).0.len(), 1, "not yet an hour");
    d.at("2026-11-24T01:20:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    let (events, summaries) = received(&d);
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["repeat"], true);
    assert_eq!(
        summaries[1],
        "#1 severity 1 incident \"VXC down\" for ACME: response 1h 5m overdue"
    );
    // Without --renotify, never again; once answered, the event is over.
    d.at("2026-11-24T03:00:00Z");
    d.run(&["notify", "--exec", &cmd]).ok();
    d.run(&["update", "1"]).ok();
    d.at("2026-11-24T05:00:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    let (events, _) = received(&d);
    let breaches = events
        .iter()
        .filter(|e| e["event"] == "breached" && e["clock"] == "response")
        .count();
    assert_eq!(breaches, 2);
    assert_eq!(notices(&d).len(), events.len());
}

/// A wait moves the deadline of a clock at risk, but a wait and resume is
/// not a new risk: nobody is paged again for the interval they were paged
/// about. The next interval is a new event.
#[test]
fn a_wait_and_resume_does_not_send_the_same_risk_again() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at("2026-11-24T00:05:00Z", &["update", "1"]).ok();
    let cmd = appender(&d);
    // 00:28: the update due at 00:35 is at risk.
    d.run_at("2026-11-24T00:28:00Z", &["notify", "--exec", &cmd])
        .ok();
    d.run_at("2026-11-24T00:29:00Z", &["wait", "1"]).ok();
    d.run_at("2026-11-24T00:45:00Z", &["resume", "1"]).ok();
    // 00:50: still at risk, now due at 00:51: the same interval.
    let status = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        status["clocks"]["update"]["deadline"],
        "2026-11-24T00:51:00Z"
    );
    d.run_at("2026-11-24T00:50:00Z", &["notify", "--exec", &cmd])
        .ok();
    let (events, summaries) = received(&d);
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    assert_eq!(events[0]["event"], "at_risk");
    assert_eq!(events[0]["deadline"], "2026-11-24T00:35:00Z");
    // The update sent at 00:50 opens the next interval: at risk at 01:14.
    d.run(&["update", "1"]).ok();
    d.run_at("2026-11-24T01:14:00Z", &["notify", "--exec", &cmd])
        .ok();
    let (events, _) = received(&d);
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["deadline"], "2026-11-24T01:20:00Z");
}

/// Earlier builds named a clock's event by its deadline as it stood. A
/// log they sent from is read the same way after an upgrade: an event
/// they recorded is not sent again.
#[test]
fn an_event_recorded_by_an_earlier_build_is_not_sent_again() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.run_at("2026-11-24T00:05:00Z", &["update", "1"]).ok();
    d.run_at("2026-11-24T00:29:00Z", &["wait", "1"]).ok();
    d.run_at("2026-11-24T00:45:00Z", &["resume", "1"]).ok();
    d.at("2026-11-24T00:50:00Z");
    // As an earlier build recorded it at 00:46: the deadline then, 00:51.
    let conn = rusqlite::Connection::open(d.db()).expect("open log");
    conn.execute(
        "INSERT INTO notices (ticket_id, concern, clock, occurrence, sent_at, channel, summary) \
         VALUES (1, 'at_risk', 'update', strftime('%s', '2026-11-24T00:51:00Z'), \
         strftime('%s', '2026-11-24T00:46:00Z'), 'exec', 'sent before')",
        [],
    )
    .expect("record a notice");
    drop(conn);
    let cmd = appender(&d);
    d.run(&["notify", "--exec", &cmd]).ok();
    assert!(received(&d).0.is_empty(), "sent again after an upgrade");
    // It is still that event to --renotify: due again four minutes on.
    d.run(&["notify", "--exec", &cmd, "--renotify", "5m"]).ok();
    assert!(received(&d).0.is_empty(), "sent four minutes ago");
    d.run(&["notify", "--exec", &cmd, "--renotify", "4m"]).ok();
    let (events, _) = received(&d);
    assert_eq!(
        (events.len(), &events[0]["repeat"]),
        (1, &serde_json::json!(true))
    );
}

#[test]
fn a_business_hours_clock_is_not_notified_while_its_calendar_is_closed() {
    let mut d = Desk::new();
    // Severity 3, Tuesday 24 November 10:00 in Brisbane; answered with a
    // promise a month out, so only the restore clock (48 business hours)
    // moves. It is at risk (75%) from Monday 30 November 14:00.
    open_sev(&mut d, "2026-11-24T00:00:00Z", "3", "Hooli", "Portal typo");
    d.run_at(
        "2026-11-24T00:10:00Z",
        &["update", "1", "--next-update", "in 30d"],
    )
    .ok();
    let cmd = appender(&d);
    // Tuesday 1 December 03:00 in Brisbane: closed. Nothing is sent.
    d.at("2026-11-30T17:00:00Z");
    assert_eq!(
        d.run(&["notify", "-v", "--exec", &cmd]).ok(),
        "0 sent, 0 failed, 1 held until their business hours\n"
    );
    assert!(received(&d).0.is_empty());
    assert!(notices(&d).is_empty());
    // 08:59: still closed.
    d.at("2026-11-30T22:59:00Z");
    d.run(&["notify", "--exec", &cmd]).ok();
    assert!(received(&d).0.is_empty());
    // 09:00: open; the event is sent.
    d.at("2026-11-30T23:00:00Z");
    d.run(&["notify", "--exec", &cmd]).ok();
    let (events, _) = received(&d);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0]["event"].as_str(), events[0]["clock"].as_str()),
        (Some("at_risk"), Some("restore"))
    );
    // A 24x7 clock is notified at any hour: severity 1 at 03:00.
    open_sev(&mut d, "2026-11-30T16:40:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-30T17:00:00Z");
    d.run(&["notify", "--exec", &cmd]).ok();
    assert_eq!(received(&d).0.len(), 2);
}

#[test]
fn a_failing_receiver_is_reported_retried_and_makes_notify_fail() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let before = d.snapshot();
    let run = d.run(&["notify", "--exec", "cat > /dev/null; exit 3"]);
    let err = run.fails(1).to_string();
    assert_eq!(
        err,
        "slaclock: could not send [#1 severity 1 incident \"VXC down\" for ACME: response 5m overdue]: the command exited with 3; the next run tries again\n\
         error: 1 of 1 events could not be sent; they are tried again on the next run\n"
    );
    assert_eq!(d.snapshot(), before, "nothing recorded");
    // The next run, with the receiver back, sends it.
    d.at("2026-11-24T00:21:00Z");
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    assert_eq!(received(&d).0.len(), 1);
    assert_eq!(notices(&d).len(), 1);
    // A command that hangs is stopped at --timeout, and notify ends.
    open_sev(&mut d, "2026-11-24T00:10:00Z", "1", "Beta", "Port dark");
    d.at("2026-11-24T00:30:00Z");
    let started = std::time::Instant::now();
    let run = d.run(&["notify", "--exec", "sleep 600", "--timeout", "1s"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "never hangs"
    );
    let err = run.fails(1).to_string();
    assert!(
        err.contains("the command did not finish within 1s (--timeout) and was stopped"),
        "{err}"
    );
    assert_eq!(notices(&d).len(), 1);
}

/// notify stopped by a signal while its command runs (cron's `timeout`,
/// Ctrl-C) takes the command's whole process group with it, as --timeout
/// would, and ends as the signal ends a program; nothing is recorded.
#[test]
fn a_signal_to_notify_stops_the_command_and_all_it_started() {
    use std::time::{Duration, Instant};
    for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let mut d = Desk::new();
        open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
        d.at("2026-11-24T00:20:00Z");
        let before = d.snapshot();
        // The shell writes its process group, then waits on a grandchild.
        let mut notify = d
            .std_cmd()
            .args(["notify", "--timeout", "5m", "--exec"])
            .arg("echo $$ > group; sleep 600 & wait")
            .spawn()
            .expect("start notify");
        let started = Instant::now();
        let group = loop {
            if let Some(g) = std::fs::read_to_string(d.path("group"))
                .ok()
                .and_then(|t| t.trim().parse::<libc::pid_t>().ok())
            {
                break g;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the command never ran"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        // SAFETY: kill has no memory preconditions; the pid is notify's.
        assert_eq!(unsafe { libc::kill(notify.id() as libc::pid_t, signal) }, 0);
        let status = notify.wait().expect("notify ends");
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(signal), "{signal}: {status:?}");
        // The group (the shell and its sleep) is gone too.
        let gone = loop {
            // SAFETY: signal 0 only asks whether the group exists.
            if unsafe { libc::kill(-group, 0) } != 0 {
                break true;
            }
            if started.elapsed() > Duration::from_secs(30) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(gone, "{signal}: the command's group outlived notify");
        assert_eq!(d.snapshot(), before, "nothing recorded");
    }
}

#[test]
fn notify_holds_no_lock_while_it_sends() {
    // The command itself records a note on the ticket: were notify holding
    // the log's write lock while it ran, this would wait and fail.
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let cmd = format!(
        "cat > /dev/null && SLACLOCK_BUSY_TIMEOUT=1s '{}' note 1 \"paged: $SLACLOCK_SUMMARY\"",
        env!("CARGO_BIN_EXE_slaclock")
    );
    d.run(&["notify", "--exec", &cmd]).ok();
    let status = d.run(&["status", "1"]).ok().to_string();
    assert!(status.contains("paged: #1 severity 1 incident"), "{status}");
    assert_eq!(notices(&d).len(), 1);
}

/// A one-request-at-a-time HTTP server on 127.0.0.1: answers each request
/// with `status` and hands the request's body to the test.
fn webhook_server(status: &'static str) -> (String, std::sync::mpsc::Receiver<(String, String)>) {
    webhook_server_saying(status, "ok".into())
}

/// The same, answering with `answer` as the body.
fn webhook_server_saying(
    status: &'static str,
    answer: String,
) -> (String, std::sync::mpsc::Receiver<(String, String)>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://{}/hooks/T000/SECRET",
        listener.local_addr().expect("addr")
    );
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(10) {
            let Ok(stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = send.send((head, String::from_utf8_lossy(&body).into_owned()));
            let reply = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = (&stream).write_all(reply.as_bytes());
        }
    });
    (url, receive)
}

#[test]
fn a_webhook_on_127_0_0_1_receives_the_json() {
    let mut d = Desk::new();
    d.run_at(
        "2026-11-24T00:00:00Z",
        &[
            "open",
            "--severity",
            "1",
            "--customer",
            "ACME",
            "--ref",
            "ALERT-7",
            "VXC <down> & out",
        ],
    )
    .ok();
    d.at("2026-11-24T00:20:00Z");
    let (url, requests) = webhook_server("200 OK");
    d.run(&["notify", "--webhook", &url]).ok();
    let (head, body) = requests
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("a request");
    assert!(
        head.starts_with("POST /hooks/T000/SECRET HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // Slack, Teams and Mattermost read `text`; Slack's < > & are escaped there.
    assert_eq!(
        v["text"],
        "#1 severity 1 incident \"VXC &lt;down&gt; &amp; out\" for ACME: response 5m overdue"
    );
    assert_eq!(
        (v["event"].as_str(), v["clock"].as_str()),
        (Some("breached"), Some("response"))
    );
    assert_eq!(v["ticket"]["title"], "VXC <down> & out");
    assert_eq!(v["ticket"]["ref"], "ALERT-7");
    assert_eq!(
        notices(&d),
        [(1, "breached".into(), "response".into(), "webhook".into())]
    );
    // Sent once.
    d.at("2026-11-24T00:21:00Z");
    d.run(&["notify", "--webhook", &url]).ok();
    assert!(
        requests
            .recv_timeout(std::time::Duration::from_millis(500))
            .is_err()
    );

    // A server that answers 500 is a failure, retried next run; its path
    // (the webhook's secret) is never shown.
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let (url, requests) = webhook_server("500 Internal Server Error");
    let err = d.run(&["notify", "--webhook", &url]).fails(1).to_string();
    assert!(
        requests
            .recv_timeout(std::time::Duration::from_secs(30))
            .is_ok()
    );
    let host = url.trim_end_matches("/hooks/T000/SECRET");
    assert!(
        err.contains(&format!(
            "{host} answered 500 Internal Server Error: ok; the next run tries again"
        )),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert!(notices(&d).is_empty());
}

/// A refusing webhook's long answer (a page of HTML, a stack trace) was
/// dropped whole past 512 bytes; its start is shown now, cut with `…`,
/// its line breaks as `; ` and an ESC as a space, as README says.
#[test]
fn a_webhooks_long_answer_is_cut_not_dropped() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let answer = format!(
        "<html>\r\n<title>Bad \u{1b}[31mgateway</title>\r\n{}",
        "x".repeat(5_000)
    );
    let (url, requests) = webhook_server_saying("502 Bad Gateway", answer);
    let err = d.run(&["notify", "--webhook", &url]).fails(1).to_string();
    assert!(
        requests
            .recv_timeout(std::time::Duration::from_secs(30))
            .is_ok()
    );
    let host = url.trim_end_matches("/hooks/T000/SECRET");
    let start = "<html>; <title>Bad  [31mgateway</title>; ";
    let shown = format!("{start}{}…", "x".repeat(300 - start.len() - 1));
    assert!(
        err.contains(&format!(
            "{host} answered 502 Bad Gateway: {shown}; the next run tries again"
        )),
        "{err}"
    );
    assert!(notices(&d).is_empty());
}

#[test]
fn a_webhook_that_never_answers_is_given_up_on_at_the_timeout() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    // Accepts the connection, reads, and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let held = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        std::thread::sleep(std::time::Duration::from_secs(8));
        drop(stream);
    });
    let started = std::time::Instant::now();
    let run = d.run(&["notify", "--webhook", &url, "--timeout", "2s"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "never hangs"
    );
    let err = run.fails(1).to_string();
    // Said as the command's timeout is, naming the limit set.
    assert!(err.contains("http://127.0.0.1:"), "{err}");
    assert!(
        err.contains("did not answer within 2s (--timeout)"),
        "{err}"
    );
    assert!(notices(&d).is_empty());
    held.join().expect("server thread");
}

/// A receiver that runs out of --timeout is hung or too slow: the run
/// tries it no more, so a hung receiver costs one timeout a run, not one
/// per event (7 events at 2s each took 14s). The events left are not
/// recorded and the next run sends them, each once; the run says how many
/// were left and why, and exits 1 as for a failed send.
#[test]
fn a_receiver_that_times_out_is_tried_no_more_that_run() {
    let mut d = Desk::new();
    for (i, customer) in ["A", "B", "C", "D", "E"].into_iter().enumerate() {
        let at = format!("2026-11-24T00:0{i}:00Z");
        open_sev(&mut d, &at, "1", customer, "VXC down");
    }
    d.at("2026-11-24T00:30:00Z");
    let started = d.path("started").display().to_string();
    let hung = format!("echo x >> '{started}'; sleep 600");
    let run = d.run(&["notify", "--exec", &hung, "--timeout", "1s"]);
    let err = run.fails(1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains("the command did not finish within 1s (--timeout) and was stopped"),
        "{err}"
    );
    assert_eq!(
        lines[1],
        "slaclock: 4 more events were not sent: the receiver took longer than 1s (--timeout), \
         so this run tried it no more; the next run sends them"
    );
    assert_eq!(
        lines[2],
        "error: 1 of 5 events could not be sent and 4 were left unsent after the receiver \
         timed out; they are tried again on the next run"
    );
    assert_eq!(
        std::fs::read_to_string(&started)
            .unwrap_or_default()
            .lines()
            .count(),
        1,
        "the hung receiver was started once"
    );
    assert!(notices(&d).is_empty());
    // The same for a webhook that accepts and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let (count, counted) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = vec![];
        for stream in listener.incoming() {
            let _ = count.send(());
            held.push(stream);
        }
    });
    let run = d.run(&["notify", "--webhook", &url, "--timeout", "1s", "-v"]);
    run.fails(1);
    assert!(
        run.stdout.ends_with(
            "0 sent, 1 failed, 4 left unsent after a timeout, 0 held until their business hours\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(counted.try_iter().count(), 1, "one request: {}", run.stderr);
    assert!(notices(&d).is_empty());
    // The next run, with the receiver back, sends all five, once.
    d.at("2026-11-24T00:31:00Z");
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    assert_eq!(received(&d).0.len(), 5);
    assert_eq!(notices(&d).len(), 5);
    d.run(&["notify", "--exec", &appender(&d)]).ok();
    assert_eq!(received(&d).0.len(), 5, "each sent once");
}

#[test]
fn notify_refuses_bad_receivers_as_usage_errors() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    let before = d.snapshot();
    for (args, words) in [
        (&["notify"][..], "--exec <CMD>|--webhook <URL>"),
        (
            &[
                "notify",
                "--exec",
                "true",
                "--webhook",
                "http://127.0.0.1:1/",
            ],
            "cannot be used with",
        ),
        (
            &["notify", "--webhook", "hooks.example.com/x"],
            "--webhook needs an http:// or https:// URL",
        ),
        (&["notify", "--exec", " "], "--exec needs a shell command"),
        (
            &["notify", "--exec", "true", "--timeout", "10m"],
            "out of range: give from 1s to 5m",
        ),
        (
            &["notify", "--exec", "true", "--renotify", "soon"],
            "is not a duration",
        ),
        (
            &["notify", "--exec", "true", "--renotify", "0s"],
            "is zero; a target, threshold or repeat interval must be at least one second",
        ),
        // `M` is months to the duration parser, one key from `m`: a month
        // between repeats, or a wait of a month before anyone hears.
        (
            &["notify", "--exec", "true", "--renotify", "1M"],
            "invalid value '1M' for '--renotify <DURATION>': \"M\" is not a unit slaclock \
             reads; use s, m, h, d or w (minutes are m: \"15m\", \"2h\"; a month or a year \
             has no fixed length)",
        ),
        (
            &["notify", "--exec", "true", "--max-wait", "1M"],
            "for '--max-wait <DURATION>': \"M\" is not a unit slaclock reads",
        ),
        (
            &["notify", "--exec", "true", "--renotify", "1month"],
            "for '--renotify <DURATION>': \"month\" is not a unit slaclock reads",
        ),
        (
            &["notify", "--exec", "true", "--renotify", "1y"],
            "for '--renotify <DURATION>': \"y\" is not a unit slaclock reads",
        ),
        (
            &["notify", "--exec", "true", "--timeout", "1M"],
            "for '--timeout <DURATION>': \"M\" is not a unit slaclock reads",
        ),
        (
            &[
                "notify",
                "--exec",
                "true",
                "--timeout",
                "99999999999999999h",
            ],
            "out of range: give from 1s to 5m",
        ),
    ] {
        let err = d.run(args).fails(2).to_string();
        assert!(err.contains(words), "{args:?}: {err}");
    }
    assert_eq!(d.snapshot(), before);
}

/// A port that is not one (`:99999`, `:abc`) was read as no port, so the
/// alerts, secret path and all, went to port 80. It is a usage error that
/// names the port typed and never the path, and nothing is sent.
#[test]
fn a_webhook_url_with_a_bad_port_is_refused_not_sent_to_port_80() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let before = d.snapshot();
    for port in ["99999", "65536", "abc", "18765x", "0"] {
        let url = format!("http://127.0.0.1:{port}/SECRETPATH");
        let err = d.run(&["notify", "--webhook", &url]).fails(2).to_string();
        assert_eq!(
            err.trim_end(),
            format!(
                "error: --webhook URL has \"{port}\" as its port; a port is a number from 1 to \
                 65535 (http://127.0.0.1:8080/hook), or none for the scheme's own (80 for \
                 http, 443 for https)"
            ),
            "{url}"
        );
        assert!(!err.contains("SECRETPATH"), "{err}");
    }
    assert_eq!(d.snapshot(), before);
    assert!(notices(&d).is_empty());
}

#[test]
fn a_migrated_log_keeps_what_notify_sent() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    d.at("2026-11-24T00:20:00Z");
    let cmd = appender(&d);
    d.run(&["notify", "--exec", &cmd]).ok();
    let out = d
        .run(&["migrate", "--from", "log.db", "--to", "copy.db"])
        .ok()
        .to_string();
    assert_eq!(
        out,
        "Copied 1 ticket, 1 event and 1 policy version from log.db to copy.db; the counts match.\n"
    );
    d.at("2026-11-24T00:21:00Z");
    d.run(&["--db", "copy.db", "notify", "--exec", &cmd]).ok();
    assert_eq!(received(&d).0.len(), 1, "the copy knows it was sent");
}

/// The notices on a PostgreSQL log, as (ticket, concern, channel).
fn pg_notices(url: &str) -> Vec<(i64, String, String)> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    client
        .query(
            "SELECT ticket_id, concern, channel FROM notices ORDER BY id",
            &[],
        )
        .expect("query")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn notify_sends_once_and_again_on_postgresql() {
    let mut d = postgres_desk();
    let url = d.url.clone().expect("a PostgreSQL desk");
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    let cmd = appender(&d);
    d.at("2026-11-24T00:12:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    d.at("2026-11-24T00:20:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    d.at("2026-11-24T00:21:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    assert_eq!(received(&d).0.len(), 2, "at risk, then breached, each once");
    d.at("2026-11-24T01:20:00Z");
    d.run(&["notify", "--exec", &cmd, "--renotify", "1h"]).ok();
    let (events, _) = received(&d);
    assert_eq!(events.len(), 3);
    assert_eq!(
        (events[2]["event"].as_str(), events[2]["repeat"].as_bool()),
        (Some("breached"), Some(true))
    );
    assert_eq!(
        pg_notices(&url),
        [
            (1, "at_risk".into(), "exec".into()),
            (1, "breached".into(), "exec".into()),
            (1, "breached".into(), "exec".into()),
        ]
    );
    // A failed send records nothing there either.
    open_sev(&mut d, "2026-11-24T01:00:00Z", "1", "Beta", "Port dark");
    d.at("2026-11-24T01:20:00Z");
    d.run(&["notify", "--exec", "exit 1"]).fails(1);
    assert_eq!(pg_notices(&url).len(), 3);
    // check and metrics read it without writing.
    d.run(&["metrics"]).ok();
    assert_eq!(d.run(&["check"]).code, 2);
    assert_eq!(pg_notices(&url).len(), 3);
    // A copy to SQLite keeps what was sent.
    let copy = d.path("copy.db");
    d.run(&[
        "migrate",
        "--from",
        &url,
        "--to",
        copy.to_str().expect("utf-8"),
    ])
    .ok();
    d.url = None;
    let conn = rusqlite::Connection::open(&copy).expect("open copy");
    let copied: i64 = conn
        .query_row("SELECT count(*) FROM notices", [], |r| r.get(0))
        .expect("count");
    assert_eq!(copied, 3);
}

#[test]
fn the_new_commands_have_examples_in_their_help() {
    let d = Desk::new();
    for cmd in ["metrics", "notify"] {
        let out = d.run(&[cmd, "--help"]).ok().to_string();
        assert!(
            out.contains("Example"),
            "{cmd} --help has no example:\n{out}"
        );
    }
    let out = d.run(&["check", "--help"]).ok().to_string();
    for flag in ["--history", "--max-wait"] {
        assert!(out.contains(flag), "{flag}:\n{out}");
    }
}

/// Runs that overlap (cron without `flock`, a slow receiver) never send an
/// alert twice: one run at a time holds the log's alerts, and another says
/// it sent nothing and leaves them to the next run. Six at once send each
/// alert once; a run while another holds the claim sends nothing.
fn overlapping_runs_send_each_alert_once(
    mut d: Desk,
    hold: impl FnOnce(&Desk) -> Box<dyn std::any::Any>,
) {
    open_sev(&mut d, "2026-11-24T00:00:00Z", "1", "ACME", "VXC down");
    open_sev(&mut d, "2026-11-24T00:01:00Z", "2", "Beta", "Port dark");
    let cmd = appender(&d);
    d.at("2026-11-24T00:20:00Z");
    let held = hold(&d);
    let run = d.run(&["notify", "--exec", &cmd]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another notify is sending this log's alerts; this run sent nothing"),
        "{}",
        run.stderr
    );
    assert_eq!(received(&d).0.len(), 0);
    drop(held);
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..6)
            .map(|_| scope.spawn(|| d.run(&["notify", "--exec", &cmd])))
            .collect();
        for run in runs {
            assert_eq!(run.join().expect("a run").code, 0);
        }
    });
    let (events, _) = received(&d);
    let mut keys: Vec<String> = events
        .iter()
        .map(|e| format!("{} {} {}", e["ticket"]["id"], e["clock"], e["event"]))
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "an alert sent twice: {events:?}");
    assert_eq!(all, 2, "both breaches, each once: {events:?}");
}

#[test]
fn overlapping_notify_runs_send_each_alert_once() {
    overlapping_runs_send_each_alert_once(Desk::new(), |d| {
        use std::os::fd::AsRawFd;
        let mut path = d.db().into_os_string();
        path.push(".notify-lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .expect("the lock file");
        // SAFETY: flock on a descriptor the test owns.
        assert_eq!(unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) }, 0);
        Box::new(file)
    });
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn overlapping_notify_runs_send_each_alert_once_on_postgresql() {
    overlapping_runs_send_each_alert_once(postgres_desk(), |d| {
        let url = d.url.clone().expect("a PostgreSQL desk");
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        client
            .batch_execute("SELECT pg_advisory_lock(x'534C414E'::bigint)")
            .expect("hold notify's lock");
        Box::new(client)
    });
}
