//! Faults a bad night brings as input: a policy cut short, mis-saved or not
//! a file at all, times and durations past any calendar, settings that are
//! not text, and names and reasons that say nothing. Each ends in a clear
//! message with its place, never a panic or a hang, and leaves the ticket
//! log exactly as it was.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::util::*;

/// The shipped policy, as the binary embeds it.
const SHIPPED: &str = include_str!("../../severity.toml");

/// A desk whose log holds one open severity 2 incident (#1).
fn desk() -> Desk {
    let d = Desk::new();
    d.run(&["open", "--severity", "2", "existing"]).ok();
    d
}

/// Runs `c` to its end, or fails the test if it is still running after
/// `limit`: proof that it does not hang, not a measure of speed.
fn run_within(mut c: Command, limit: Duration) -> Run {
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start slaclock");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for slaclock").is_some() {
            break;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("slaclock {:?} hung for {limit:?}", c.get_args());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("read slaclock's output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Asserts a refusal with this exit code in one line of stderr, and returns it.
#[track_caller]
fn one_line(run: &Run, code: i32) -> String {
    let err = run.fails(code).trim_end().to_string();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

/// `check` says UNKNOWN on its one first line, exit 3.
#[track_caller]
fn unknown(run: &Run) -> String {
    run.fails(3);
    let first = run.stdout.lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with("UNKNOWN: "), "{}", run.stdout);
    first
}

#[test]
fn a_policy_that_lacks_a_target_is_refused_by_every_command_that_loads_it() {
    let d = desk();
    let no_restore = SHIPPED.replace("restore = \"24h\"\n", "");
    let line = SHIPPED
        .lines()
        .position(|l| l == "restore = \"24h\"")
        .unwrap()
        + 1;
    let missing_restore =
        format!("bad.toml:{line}:1: severity 2 has no restore target; add restore = \"24h\"");
    // (case, file, the first line `policy check` must print, its lines)
    let cases = [
        (
            "empty",
            String::new(),
            "bad.toml:1:1: severity 1 has no targets; add a [severity.1] table with response = \"15m\", update = \"30m\" and restore = \"6h\"".to_string(),
            3,
        ),
        (
            "only severity 1",
            "[severity.1]\n".into(),
            "bad.toml:2:1: severity 1 has no response, update or restore target; add response = \"15m\", update = \"30m\" and restore = \"6h\"".into(),
            3,
        ),
        ("one restore left out", no_restore, missing_restore, 1),
    ];
    for (case, text, first, lines) in cases {
        std::fs::write(d.path("bad.toml"), &text).unwrap();
        let check = d.run(&["policy", "check", "bad.toml"]);
        let err = check.fails(1);
        assert_eq!(err.lines().next(), Some(first.as_str()), "{case}: {err}");
        assert_eq!(err.trim_end().lines().count(), lines, "{case}: {err}");
        let before = d.snapshot();
        for args in [
            &["open", "--severity", "2", "x"][..],
            &["policy", "apply"],
            &["policy", "show"],
        ] {
            let mut all = vec!["--policy", "bad.toml"];
            all.extend_from_slice(args);
            let err = d.run(&all).fails(1).to_string();
            assert!(err.contains(&first), "{case} {args:?}: {err}");
        }
        let first_line = unknown(&d.run(&["--policy", "bad.toml", "check"]));
        assert!(first_line.contains("bad.toml"), "{case}: {first_line}");
        // Found in the working folder rather than named, it is refused too.
        std::fs::write(d.path("severity.toml"), &text).unwrap();
        let err = d
            .run(&["open", "--severity", "2", "x"])
            .fails(1)
            .to_string();
        assert!(err.contains("severity.toml:"), "{case}: {err}");
        std::fs::remove_file(d.path("severity.toml")).unwrap();
        assert_eq!(d.snapshot(), before, "{case}");
    }
}

#[test]
fn every_truncation_of_the_shipped_policy_is_refused_or_whole() {
    let d = Desk::new();
    std::fs::write(d.path("full.toml"), SHIPPED).unwrap();
    let show = |file: &str| -> String {
        d.run(&["--policy", file, "policy", "show"])
            .ok()
            .replace(file, "FILE")
    };
    let whole = show("full.toml");
    let mut cuts: Vec<usize> = SHIPPED
        .split_inclusive('\n')
        .scan(0, |at, l| {
            *at += l.len();
            Some(*at)
        })
        .collect();
    cuts.push(0);
    cuts.extend((0..SHIPPED.len()).step_by(64));
    let (mut refused, mut kept) = (0, 0);
    for cut in cuts {
        std::fs::write(d.path("cut.toml"), &SHIPPED.as_bytes()[..cut]).unwrap();
        let check = d.run(&["policy", "check", "cut.toml"]);
        match check.code {
            0 => {
                assert_eq!(show("cut.toml"), whole, "cut at byte {cut}");
                kept += 1;
            }
            _ => {
                let err = check.fails(1);
                assert!(err.starts_with("cut.toml:"), "cut at byte {cut}: {err}");
                refused += 1;
            }
        }
    }
    // Only the whole file (the last line cut) is kept; every shorter cut loses
    // a target the policy needs.
    assert_eq!(kept, 1, "{refused} refused");
    // A cut that drops only trailing comments keeps the whole policy.
    let commented = format!("{SHIPPED}\n# Reviewed by the support lead.\n# Next review: May.\n");
    for cut in SHIPPED.len()..=commented.len() {
        std::fs::write(d.path("cut.toml"), &commented[..cut]).unwrap();
        assert_eq!(show("cut.toml"), whole, "cut at byte {cut}");
    }
}

#[test]
fn each_policy_problem_is_reported_once() {
    let d = Desk::new();
    // A bad zone used to add `no calendar named "business"` for severity 3.
    std::fs::write(
        d.path("bad.toml"),
        SHIPPED.replace("Australia/Brisbane", "Australia/Brisbain"),
    )
    .unwrap();
    let line = SHIPPED
        .lines()
        .position(|l| l.contains("Australia/Brisbane"))
        .unwrap()
        + 1;
    let err = d.run(&["policy", "check", "bad.toml"]).fails(1).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("bad.toml:{line}:12: ")), "{err}");
    assert!(err.contains("not an IANA time zone"), "{err}");
    // A syntax error is one problem: the parser stops there.
    std::fs::write(
        d.path("bad.toml"),
        SHIPPED.replace("[severity.2]", "[severity.2"),
    )
    .unwrap();
    let err = d.run(&["policy", "check", "bad.toml"]).fails(1).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    // Levels 2 and 3 with no level 1 are one mistake.
    std::fs::write(
        d.path("bad.toml"),
        SHIPPED
            .replace("level = 2", "level = 3")
            .replace("level = 1", "level = 2")
            .replacen("level = 3", "level = 4", 2)
            .replacen("level = 4", "level = 3", 1),
    )
    .unwrap();
    let err = d.run(&["policy", "check", "bad.toml"]).fails(1).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("should be 1"), "{err}");
    // A mistyped key is one problem, not also its key missing; a mistyped
    // severity table is one problem, not also its severity missing.
    let line_of = |text: &str| SHIPPED.lines().position(|l| l.starts_with(text)).unwrap() + 1;
    for (from, to, told) in [
        (
            "update = \"30m\"",
            "updates = \"30m\"",
            "unknown key \"updates\" in [severity.1]; did you mean \"update\"?",
        ),
        (
            "timezone =",
            "timezon =",
            "unknown key \"timezon\" in [calendars.business]; did you mean \"timezone\"?",
        ),
        (
            "[severity.2]",
            "[severity.2x]",
            "[severity.2x] is not a severity; expected 1, 2 or 3",
        ),
    ] {
        std::fs::write(d.path("bad.toml"), SHIPPED.replacen(from, to, 1)).unwrap();
        let err = d.run(&["policy", "check", "bad.toml"]).fails(1).to_string();
        assert_eq!(err, format!("bad.toml:{}:1: {told}\n", line_of(from)));
    }
    // What no slip accounts for is still missing.
    let text = SHIPPED
        .replacen("update = \"30m\"", "updates = \"30m\"", 1)
        .replacen("restore = \"6h\"", "", 1);
    std::fs::write(d.path("bad.toml"), text).unwrap();
    let err = d.run(&["policy", "check", "bad.toml"]).fails(1).to_string();
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains(": severity 1 has no restore target; add restore = \"6h\""),
        "{err}"
    );
}

#[test]
fn a_policy_that_is_not_utf8_is_placed() {
    let d = desk();
    let mut bytes = SHIPPED.as_bytes().to_vec();
    // "name = \"Service loss\"" becomes "name = \"Service lo\xe9s\"".
    let at = SHIPPED.find("Service loss").unwrap() + "Service lo".len();
    bytes[at] = 0xe9;
    std::fs::write(d.path("latin1.toml"), &bytes).unwrap();
    let line = SHIPPED[..at].matches('\n').count() + 1;
    let column = at - SHIPPED[..at].rfind('\n').unwrap();
    let place = format!("latin1.toml:{line}:{column}: ");
    let err = d
        .run(&["policy", "check", "latin1.toml"])
        .fails(1)
        .to_string();
    assert!(
        err.starts_with(&place) && err.contains("not UTF-8"),
        "{err}"
    );
    let before = d.snapshot();
    let err = one_line(
        &d.run(&["--policy", "latin1.toml", "open", "--severity", "1", "x"]),
        1,
    );
    assert!(err.contains(&place), "{err}");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_policy_that_is_not_a_regular_file_is_refused_without_waiting() {
    let d = desk();
    let status = Command::new("mkfifo")
        .arg(d.path("fifo.toml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    std::fs::create_dir(d.path("folder.toml")).unwrap();
    // A file just over the limit: a valid policy padded with comments.
    let pad = |len: usize| {
        let mut text = SHIPPED.to_string();
        while text.len() < len {
            text.push_str(&"#".repeat((len - text.len()).min(79)));
            text.push('\n');
        }
        text.truncate(len);
        text
    };
    std::fs::write(d.path("big.toml"), pad((1 << 20) + 1)).unwrap();
    // (path, words)
    let cases = [
        ("fifo.toml", "is a FIFO (named pipe), not a regular file"),
        ("/dev/zero", "is a device, not a regular file"),
        ("folder.toml", "is a folder, not a regular file"),
        (
            "big.toml",
            "is 1048577 bytes, over the 1 MiB a policy may be",
        ),
    ];
    let limit = Duration::from_secs(30);
    let before = d.snapshot();
    for (path, words) in cases {
        let mut c = d.std_cmd();
        c.args(["--policy", path, "check"]);
        let first = unknown(&run_within(c, limit));
        assert!(first.contains(path) && first.contains(words), "{first}");
        let mut c = d.std_cmd();
        c.args(["policy", "check", path]);
        let err = one_line(&run_within(c, limit), 1);
        assert!(err.contains(words), "{err}");
        let mut c = d.std_cmd();
        c.args(["--policy", path, "open", "--severity", "1", "x"]);
        let err = one_line(&run_within(c, limit), 1);
        assert!(err.contains(words), "{err}");
    }
    // Where it is looked for rather than named, it is refused just the same,
    // never skipped for another policy.
    std::fs::rename(d.path("fifo.toml"), d.path("severity.toml")).unwrap();
    let mut c = d.std_cmd();
    c.args(["open", "--severity", "1", "x"]);
    let err = one_line(&run_within(c, limit), 1);
    assert!(err.contains("severity.toml is a FIFO"), "{err}");
    assert_eq!(d.snapshot(), before);
    std::fs::remove_file(d.path("severity.toml")).unwrap();
    // Exactly 1 MiB is still a policy.
    std::fs::write(d.path("big.toml"), pad(1 << 20)).unwrap();
    assert!(
        d.run(&["policy", "check", "big.toml"])
            .ok()
            .contains("big.toml: ok")
    );
}

#[test]
fn durations_in_the_policy_are_bounded_with_their_place() {
    let d = desk();
    let line = SHIPPED
        .lines()
        .position(|l| l.starts_with("restore = \"6h\""))
        .unwrap()
        + 1;
    for (value, words) in [
        ("9999999999999h", "is longer than 366 days"),
        ("367days", "is longer than 366 days"),
        ("99999999999999999999999h", "is longer than 366 days"),
        (
            "0s",
            "is zero; a target, threshold or repeat interval must be at least one second",
        ),
        ("1 month soon", "is not a duration"),
    ] {
        std::fs::write(
            d.path("long.toml"),
            SHIPPED.replace("restore = \"6h\"", &format!("restore = \"{value}\"")),
        )
        .unwrap();
        let err = d
            .run(&["policy", "check", "long.toml"])
            .fails(1)
            .to_string();
        assert!(
            err.starts_with(&format!("long.toml:{line}:11: severity.1.restore: ")),
            "{err}"
        );
        assert!(err.contains(words), "{value}: {err}");
        let before = d.snapshot();
        let err = one_line(
            &d.run(&["--policy", "long.toml", "open", "--severity", "1", "x"]),
            1,
        );
        assert!(err.contains(words), "{value}: {err}");
        assert_eq!(d.snapshot(), before);
    }
    // The longest allowed works from end to end.
    std::fs::write(
        d.path("long.toml"),
        SHIPPED.replace("restore = \"6h\"", "restore = \"366days\""),
    )
    .unwrap();
    d.run(&["--policy", "long.toml", "open", "--severity", "1", "y"])
        .ok();
    d.run(&["status", "2"]).ok();
}

#[test]
fn times_past_any_calendar_are_refused_not_panicked_on() {
    let mut d = desk();
    let range = "times must lie between 1970-01-01 and 9999-12-31 (UTC)";
    let before = d.snapshot();
    let cases: [&[&str]; 9] = [
        &[
            "open",
            "--severity",
            "1",
            "--at",
            "100000000 weeks ago",
            "x",
        ],
        &["update", "1", "--at", "3000 weeks ago"],
        &["status", "--as-of", "9999999999h ago"],
        &["status", "1", "--as-of", "in 99999999999999999999999h"],
        &["update", "1", "--next-update", "in 9999999999h"],
        &["export", "--since", "in 9999999999h"],
        &["export", "--until", "9999-12-31T23:59:59-01:00"],
        &["report", "--since", "9999999999h ago"],
        &["report", "--until", "1969-12-31T23:59:59Z"],
    ];
    for args in cases {
        let err = one_line(&d.run(args), 1);
        assert!(err.contains(range), "{args:?}: {err}");
    }
    let first = unknown(&d.run(&["check", "--as-of", "in 9999999999h"]));
    assert!(first.contains(range), "{first}");
    assert_eq!(d.snapshot(), before);
    // At the very edges the commands still work.
    d.run_at("9999-12-31T23:59:59Z", &["open", "--severity", "3", "last"])
        .ok();
    d.run(&["status", "--format", "json"]).ok();
    d.run(&["check"]);
    d.run(&["export"]).ok();
    d.run(&["report", "--since", "1970-01-01T00:00:00Z"]).ok();
    let err = one_line(&d.run(&["update", "2", "--next-update", "in 1s"]), 1);
    assert!(err.contains(range), "{err}");
}

#[test]
fn settings_that_are_not_right_are_errors_not_ignored() {
    let d = desk();
    let before = d.snapshot();
    let not_utf8 = OsStr::from_bytes(b"2026-11-24T00:00:00Z\xff");
    // (variable, value, words)
    let cases: [(&str, &OsStr, &str); 7] = [
        (
            "SLACLOCK_NOW",
            not_utf8,
            "SLACLOCK_NOW=\"2026-11-24T00:00:00Z\\xFF\" is not valid UTF-8",
        ),
        (
            "SLACLOCK_NOW",
            OsStr::new("tomorrow"),
            "is not an RFC 3339 instant",
        ),
        (
            "SLACLOCK_NOW",
            OsStr::new("10000-01-01T00:00:00Z"),
            "is not an RFC 3339 instant",
        ),
        (
            "SLACLOCK_NOW",
            OsStr::new("1969-12-31T23:59:59Z"),
            "1970-01-01 and 9999-12-31",
        ),
        (
            "SLACLOCK_BUSY_TIMEOUT",
            OsStr::new("25d"),
            "is longer than 1h",
        ),
        (
            "SLACLOCK_BUSY_TIMEOUT",
            OsStr::new("99999999999999999999999h"),
            "is longer than 1h",
        ),
        (
            "SLACLOCK_BUSY_TIMEOUT",
            OsStr::new("forever"),
            "is not a duration",
        ),
    ];
    for (var, value, words) in cases {
        for args in [&["status"][..], &["update", "1"]] {
            let mut c = d.cmd();
            c.env(var, value).args(args);
            let out = c.output().expect("run slaclock");
            let run = Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
            let err = one_line(&run, 1);
            assert!(
                err.contains(var) && err.contains(words),
                "{var} {args:?}: {err}"
            );
        }
        let mut c = d.cmd();
        let out = c.env(var, value).arg("check").output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{var}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("UNKNOWN: "));
    }
    assert_eq!(d.snapshot(), before);
    // The longest busy timeout is accepted.
    let out = d
        .cmd()
        .env("SLACLOCK_BUSY_TIMEOUT", "1h")
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn names_and_reasons_must_say_something() {
    let d = desk();
    d.run(&["resolve", "1"]).ok();
    d.run(&["open", "--severity", "2", "second"]).ok();
    let before = d.snapshot();
    let long = "n".repeat(201);
    // (args, words)
    let cases: [(&[&str], &str); 9] = [
        (
            &["open", "--severity", "1", "--by", "", "x"],
            "--by is empty",
        ),
        (
            &["note", "2", "--by", "evil\u{1b}]0;x\u{7}", "x"],
            "--by holds a control character (U+001B, character 5)",
        ),
        (
            &["update", "2", "--by", "two\nlines"],
            "--by holds a control character (U+000A, character 4)",
        ),
        (&["update", "2", "--by", "  \t"], "--by is empty"),
        (
            &["note", "2", "--by", &long, "x"],
            "the --by name is 201 characters long; keep it to 200",
        ),
        (
            &["open", "--severity", "1", "--by", &long, "x"],
            "keep it to 200",
        ),
        (&["note", "2", "   "], "the note is empty"),
        (&["reopen", "1", "--reason", ""], "the reason is empty"),
        (
            &["severity", "2", "1", "--reason", " \n "],
            "the reason is empty",
        ),
    ];
    for (args, words) in cases {
        let err = one_line(&d.run(args), 1);
        assert!(err.contains(words), "{args:?}: {err}");
    }
    assert_eq!(d.snapshot(), before);
    // 200 characters is a name.
    let name = "n".repeat(200);
    d.run(&["note", "2", "--by", &name, "fine"]).ok();
}

/// Text that shows nothing is blank, whatever it is made of: zero-width
/// spaces and joiners (U+200B to U+200F), word joiners (U+2060), byte order
/// marks (U+FEFF) and the like, alone or between spaces. Where a text must
/// say something it is refused; where it may be left out it is none; a
/// login name so made is passed over. The log is unchanged by each refusal.
#[test]
fn invisible_text_is_blank() {
    let d = desk();
    let before = d.snapshot();
    let zw = "\u{200B}\u{200B}";
    let mixed = " \u{2060}\u{FEFF}\u{200D} ";
    for blank in [zw, mixed] {
        let cases: [(&[&str], &str); 6] = [
            (&["open", "--severity", "1", blank], "the title is empty"),
            (&["note", "1", blank], "the note is empty"),
            (&["update", "1", "--by", blank], "--by is empty"),
            (&["assign", "1", blank], "the owner is empty"),
            (&["reopen", "1", "--reason", blank], "the reason is empty"),
            (
                &["open", "--severity", "1", "--ref", blank, "x"],
                "--ref is empty",
            ),
        ];
        for (args, words) in cases {
            let err = one_line(&d.run(args), 1);
            assert!(err.contains(words), "{args:?}: {err}");
        }
    }
    assert_eq!(d.snapshot(), before);
    // An optional text or name that shows nothing is none.
    let json = d
        .run(&[
            "open",
            "--severity",
            "2",
            "--customer",
            zw,
            "--service",
            mixed,
            "x",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(
        (&json["customer"], &json["service"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
    d.run(&["update", "1", "--message", zw]).ok();
    // A login name that shows nothing is no name: $LOGNAME is.
    let out = d
        .cmd()
        .env("USER", zw)
        .env("LOGNAME", "bob")
        .args(["note", "1", "by bob"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let events: Vec<serde_json::Value> = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let of = |kind: &str| {
        events
            .iter()
            .find(|e| e["ticket_id"] == 1 && e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} on #1: {events:?}"))
    };
    assert_eq!(of("updated")["text"], serde_json::Value::Null);
    assert_eq!(of("note")["by"], "bob");
}

/// The login name a write records when `--by` is left out is held to
/// `--by`'s rules: too long is refused naming the variable, a blank
/// `$USER` is passed over for `$LOGNAME`.
#[test]
fn the_login_name_is_checked_as_by_is() {
    let d = desk();
    let before = d.snapshot();
    let long = "u".repeat(300);
    for (var, args) in [
        ("USER", &["note", "1", "x"][..]),
        ("USER", &["open", "--severity", "1", "x"][..]),
        ("LOGNAME", &["update", "1"][..]),
    ] {
        let mut cmd = d.cmd();
        if var == "LOGNAME" {
            cmd.env_remove("USER");
        }
        let out = cmd.env(var, &long).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "${var} is 300 characters long, too long to record as who did this (at most 200)"
            )),
            "{args:?}: {err}"
        );
    }
    assert_eq!(d.snapshot(), before);
    // --by given: the login name is not consulted.
    let out = d
        .cmd()
        .env("USER", &long)
        .args(["note", "1", "--by", "carol", "by carol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // A blank $USER is no name: $LOGNAME is.
    let out = d
        .cmd()
        .env("USER", "   ")
        .env("LOGNAME", "bob")
        .args(["note", "1", "by bob"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let events = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .to_string();
    let by: Vec<String> = events
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["by"].to_string())
        .collect();
    assert!(
        by.ends_with(&[r#""carol""#.into(), r#""bob""#.into()]),
        "{by:?}"
    );
}

/// A login name holding a control character is refused as `--by` with one
/// is, naming the variable and the character: a tab, or an escape sequence
/// and a newline that would redraw a terminal and split an exported CSV
/// row, never reach the log. `take` (which would also make it the owner)
/// says the same.
#[test]
fn a_login_name_with_a_control_character_is_refused() {
    let d = desk();
    let before = d.snapshot();
    let cases: [(&str, &str, &[&str], &str); 5] = [
        (
            "USER",
            "eve\tx",
            &["note", "1", "n7"],
            "U+0009, character 4",
        ),
        (
            "USER",
            "mallory\u{1b}[2K\rX\nfake line",
            &["note", "1", "n8"],
            "U+001B, character 8",
        ),
        (
            "USER",
            "bob\r",
            &["open", "--severity", "1", "x"],
            "U+000D, character 4",
        ),
        ("LOGNAME", "a\nb", &["update", "1"], "U+000A, character 2"),
        ("USER", "eve\tx", &["take", "1"], "U+0009, character 4"),
    ];
    for (var, name, args, at) in cases {
        let mut cmd = d.cmd();
        if var == "LOGNAME" {
            cmd.env_remove("USER");
        }
        let out = cmd.env(var, name).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(&format!("${var} holds a control character ({at})"))
                && err.contains("pass --by NAME"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(d.snapshot(), before);
    // --by given: the login name is not consulted.
    let out = d
        .cmd()
        .env("USER", "eve\tx")
        .args(["note", "1", "--by", "eve", "by eve"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_log_recorded_under_an_incomplete_policy_still_reads() {
    // An older slaclock accepted policies that lacked targets. The versions
    // it recorded still judge their tickets: only a file loaded for new
    // tickets must be complete.
    let d = desk();
    {
        let c = rusqlite::Connection::open(d.db()).unwrap();
        c.execute(
            "UPDATE policy_versions SET text = ?1",
            ["[severity.2]\nname = \"Partial\"\nresponse = \"15m\"\n"],
        )
        .unwrap();
    }
    let status = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(status["clocks"]["response"]["target_secs"], 900);
    assert_eq!(status["clocks"]["restore"]["state"], "none");
    d.run(&["status"]).ok();
    d.run(&["export"]).ok();
    d.run(&["report", "--since", "2026-11-01"]).ok();
    d.run(&["update", "1"]).ok();
    assert_eq!(d.run(&["check"]).code, 0);
}

/// A unit the duration parser does not know is told with the units a
/// policy reads, never the parser's own list (which names months, years
/// and parts of a second, each refused here); and a year written `yr` is
/// refused as `y` and `years` are.
#[test]
fn a_policy_duration_in_an_unknown_unit_names_the_units_a_policy_reads() {
    let d = desk();
    let line = SHIPPED
        .lines()
        .position(|l| l.starts_with("response = \"15m\""))
        .unwrap()
        + 1;
    std::fs::write(
        d.path("x.toml"),
        SHIPPED.replacen("response = \"15m\"", "response = \"15x\"", 1),
    )
    .unwrap();
    let err = d.run(&["policy", "check", "x.toml"]).fails(1).to_string();
    assert_eq!(
        err.lines().next().unwrap_or_default(),
        format!(
            "x.toml:{line}:12: severity.1.response: \"15x\" is not a duration: \"x\" is not a unit \
             a policy reads; use s, m, h, d or w, or the words second, minute, hour, day and week \
             (plural too, or sec, min, hr and wk for short), like \"15m\", \"4h\" or \"1h 30m\""
        ),
        "{err}"
    );
    assert!(!err.contains("months"), "{err}");
    let err = d
        .run(&["--lang", "ja", "policy", "check", "x.toml"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("\"15x\" は期間ではありません。単位 \"x\" はポリシーでは使えません。"),
        "{err}"
    );
    for year in ["1yr", "1 yrs"] {
        std::fs::write(
            d.path("y.toml"),
            SHIPPED.replacen("response = \"15m\"", &format!("response = \"{year}\""), 1),
        )
        .unwrap();
        let err = d.run(&["policy", "check", "y.toml"]).fails(1).to_string();
        assert!(
            err.contains("which a policy does not read: a month or a year has no fixed length"),
            "{year}: {err}"
        );
    }
}

#[test]
fn a_month_written_in_a_policy_file_is_refused_and_a_recorded_one_still_reads() {
    // An older slaclock read `update = "1M"` as a month, as the duration
    // parser does. A file may no longer say it; a version recorded then
    // judges its tickets as it did.
    let d = desk();
    let monthly = SHIPPED.replace("update = \"60m\"", "update = \"1M\"");
    assert_ne!(monthly, SHIPPED);
    {
        let c = rusqlite::Connection::open(d.db()).unwrap();
        c.execute("UPDATE policy_versions SET text = ?1", [&monthly])
            .unwrap();
    }
    d.run(&["update", "1"]).ok();
    let status = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(status["clocks"]["update"]["target_secs"], 2_630_016);
    d.run(&["status"]).ok();

    std::fs::write(d.path("monthly.toml"), &monthly).unwrap();
    let line = SHIPPED
        .lines()
        .position(|l| l.starts_with("update = \"60m\""))
        .unwrap()
        + 1;
    let err = d
        .run(&["policy", "check", "monthly.toml"])
        .fails(1)
        .to_string();
    assert_eq!(
        err.lines().next().unwrap_or_default(),
        format!(
            "monthly.toml:{line}:10: severity.2.update: \"1M\" is written in \"M\", which a policy does not read: a month or a year has no fixed length, and \"M\" is one key from minutes (\"m\"); use s, m, h, d or w, like \"15m\", \"4h\" or \"30d\""
        ),
        "{err}"
    );
    let before = d.snapshot();
    for args in [&["open", "--severity", "2", "x"][..], &["policy", "apply"]] {
        let mut all = vec!["--policy", "monthly.toml"];
        all.extend_from_slice(args);
        let err = d.run(&all).fails(1).to_string();
        assert!(err.contains("written in \"M\""), "{args:?}: {err}");
    }
    assert_eq!(d.snapshot(), before);
}
