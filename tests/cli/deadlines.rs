//! Cron must never hang: `check --timeout` bounds the whole run, so a log
//! another process holds still gets an answer (UNKNOWN, exit 3) in time.
//! Each run is bounded by `run_within`, so a regression shows as a failed
//! test naming the command, never as a test run that never ends.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::util::*;

/// Runs `cmd` and returns what it did; panics (after killing it) if it is
/// still running after `limit`. This proves it does not hang; it is not a
/// performance assertion, so the limit is generous.
pub fn run_within(mut cmd: Command, limit: Duration) -> Run {
    let what = format!("{:?}", cmd.get_args().collect::<Vec<_>>());
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run slaclock");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for slaclock") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("slaclock {what} was still running after {limit:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// The desk's command with `args`, for `run_within`.
pub fn command(d: &Desk, args: &[&str]) -> Command {
    let mut cmd = d.std_cmd();
    cmd.args(args);
    cmd
}

/// Asserts `run` is `check`'s UNKNOWN with exactly `reason`, exit 3.
#[track_caller]
fn unknown_with(run: &Run, reason: &str) {
    assert_eq!(
        run.code, 3,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(
        run.stdout,
        format!("UNKNOWN: {reason}\n"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn check_timeout_must_be_a_duration_from_a_second_to_a_day() {
    let d = Desk::new();
    for (value, reason) in [
        ("soon", "not a duration such as 20s, 90s or 2m"),
        ("20", "not a duration such as 20s, 90s or 2m"),
        ("0s", "out of range: give from 1s to 24h, such as 20s or 2m"),
        (
            "25h",
            "out of range: give from 1s to 24h, such as 20s or 2m",
        ),
        (
            "99999999999999h",
            "out of range: give from 1s to 24h, such as 20s or 2m",
        ),
    ] {
        let run = d.run(&["check", "--timeout", value]);
        assert_eq!(run.code, 3, "{value}: {}", run.stdout);
        assert!(
            run.stdout.starts_with(&format!(
                "UNKNOWN: invalid value '{value}' for '--timeout <DURATION>': {reason}"
            )),
            "{value}: {}",
            run.stdout
        );
        assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    }
    // In range, it is simply a check.
    d.run(&["open", "--severity", "3", "Cosmetic"]).ok();
    let run = d.run(&["check", "--timeout", "1m"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// Holds the log with SQLite's exclusive locking mode, so no other process
/// can even read it, until dropped.
fn hold_exclusively(db: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open the log");
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .expect("lock the log");
    conn.query_row("SELECT count(*) FROM tickets", [], |r| r.get::<_, i64>(0))
        .expect("read under the lock");
    conn
}

#[test]
fn check_answers_unknown_in_time_when_an_sqlite_log_is_held() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let before = d.snapshot();
    let lock = hold_exclusively(&d.db());
    let mut cmd = command(&d, &["check", "--timeout", "2s"]);
    // Even with a writer willing to wait a minute, check stops at 2 s.
    cmd.env("SLACLOCK_BUSY_TIMEOUT", "60s");
    let run = run_within(cmd, Duration::from_secs(30));
    unknown_with(
        &run,
        &format!(
            "no verdict within 2s (--timeout): still opening the ticket log {}",
            d.db().display()
        ),
    );
    drop(lock);
    assert_eq!(d.snapshot(), before);
    assert_eq!(d.run(&["check"]).code, 0);
}
