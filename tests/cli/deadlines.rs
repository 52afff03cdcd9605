//! Cron must never hang: every command against a server that stopped
//! answering, a table another session locked, or a log another process
//! holds, ends in bounded time with one line (or `check`'s UNKNOWN, exit 3).
//! Each run is bounded by `run_within`, so a regression shows as a failed
//! test naming the command, never as a test run that never ends. The fake
//! servers run in the test process on 127.0.0.1; the tests that need a real
//! PostgreSQL (`SLACLOCK_TEST_POSTGRES`, or a private cluster of their own)
//! are ignored unless run with `--ignored`.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

/// A desk whose log is `url`.
pub fn desk_at(url: &str) -> Desk {
    let mut d = Desk::new();
    d.url = Some(url.to_owned());
    d
}

/// Asserts `run` ended with exit 1 and exactly `line` on stderr, nothing on
/// stdout.
#[track_caller]
fn fails_with_line(run: &Run, line: &str) {
    let stderr = run.fails(1);
    assert_eq!(stderr, format!("error: {line}\n"), "stdout: {}", run.stdout);
    assert_eq!(run.stdout, "");
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

/// A server on 127.0.0.1 that accepts connections and then never says a
/// word (as a frozen server's kernel does: the TCP handshake completes, the
/// process never answers). With `handshake`, it first lets the client in
/// (authentication ok, ready for queries) and then falls silent, like a
/// server frozen in the middle of a session. Connections stay open until
/// the test process ends.
pub fn silent_server(handshake: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("port").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // A server without TLS: "N" to an SSLRequest (sent first under
            // the default sslmode=prefer), then the startup packet.
            if handshake {
                loop {
                    let mut len = [0u8; 4];
                    if stream.read_exact(&mut len).is_err() {
                        break;
                    }
                    let mut packet =
                        vec![0u8; (i32::from_be_bytes(len) as usize).saturating_sub(4)];
                    if stream.read_exact(&mut packet).is_err() {
                        break;
                    }
                    if packet == 80_877_103_i32.to_be_bytes() {
                        let _ = stream.write_all(b"N");
                        continue;
                    }
                    // AuthenticationOk, then ReadyForQuery (idle).
                    let _ = stream.write_all(b"R\0\0\0\x08\0\0\0\0Z\0\0\0\x05I");
                    break;
                }
            }
            held.push(stream);
        }
    });
    port
}

#[test]
fn every_command_gives_up_on_a_server_that_never_answers() {
    let port = silent_server(false);
    let url = format!("postgres://alice:Hunter2?x@127.0.0.1:{port}/tickets?connect_timeout=2");
    let shown = format!("postgres://alice:***@127.0.0.1:{port}/tickets?connect_timeout=2");
    let line = format!(
        "cannot connect to the ticket log {shown} at 127.0.0.1:{port}: the server did not answer within 2s (connect_timeout)"
    );
    let d = desk_at(&url);
    let migrate = ["migrate", "--from", url.as_str(), "--to", "copy.db"];
    let runs: Vec<_> = [
        &["status"][..],
        &["status", "1"],
        &["open", "--severity", "1", "VXC down"],
        &["note", "1", "still looking"],
        &["resolve", "1"],
        &["export"],
        &["policy", "apply"],
        &["check"],
        &migrate,
    ]
    .into_iter()
    .map(|args| {
        let cmd = command(&d, args);
        (
            args,
            thread::spawn(move || run_within(cmd, Duration::from_secs(30))),
        )
    })
    .collect();
    for (args, run) in runs {
        let run = run.join().expect("no panic");
        if args == ["check"] {
            unknown_with(&run, &line);
        } else {
            fails_with_line(&run, &line);
        }
        assert!(!run.stderr.contains("Hunter2") && !run.stdout.contains("Hunter2"));
    }
    assert!(
        !d.path("copy.db").exists(),
        "migrate made its target anyway"
    );
}

#[test]
fn the_connect_timeout_is_ten_seconds_unless_the_url_says() {
    let port = silent_server(false);
    let url = format!("postgres://alice@127.0.0.1:{port}/tickets");
    let d = desk_at(&url);
    let run = run_within(command(&d, &["status"]), Duration::from_secs(60));
    fails_with_line(
        &run,
        &format!(
            "cannot connect to the ticket log {url} at 127.0.0.1:{port}: the server did not answer within 10s (connect_timeout)"
        ),
    );
    // `connect_timeout=0` is libpq's "forever": never here.
    let url = format!("{url}?connect_timeout=0");
    let d = desk_at(&url);
    let run = run_within(command(&d, &["status"]), Duration::from_secs(60));
    assert!(
        run.fails(1).contains("did not answer within 10s"),
        "{}",
        run.stderr
    );
}

/// `cmd` with libpq's variables naming the server at 127.0.0.1:`port`, as
/// the README's `SLACLOCK_DB=postgres://` set-up leaves it to them.
fn with_pg_env(mut cmd: Command, port: u16, connect_timeout: &str) -> Command {
    cmd.env("PGHOST", "127.0.0.1")
        .env("PGPORT", port.to_string())
        .env("PGDATABASE", "tickets")
        .env("PGUSER", "alice")
        .env("PGSSLMODE", "disable")
        .env("PGCONNECT_TIMEOUT", connect_timeout);
    cmd
}

/// A server that PGHOST and PGPORT name is named where it did not
/// answer, as where it refused (issue 11), and by `check` while it waits.
#[test]
fn a_server_the_environment_names_is_named_when_it_does_not_answer() {
    let silent = silent_server(false);
    let d = desk_at("postgres://");
    let note = with_pg_env(command(&d, &["note", "1", "x"]), silent, "1");
    fails_with_line(
        &run_within(note, Duration::from_secs(30)),
        &format!(
            "cannot connect to the ticket log postgres:// at 127.0.0.1:{silent}: \
             the server did not answer within 1s (connect_timeout)"
        ),
    );
    let check = with_pg_env(command(&d, &["check", "--timeout", "1s"]), silent, "10");
    unknown_with(
        &run_within(check, Duration::from_secs(30)),
        &format!(
            "no verdict within 1s (--timeout): still opening the ticket log postgres:// at 127.0.0.1:{silent}"
        ),
    );
    let frozen = silent_server(true);
    let check = with_pg_env(command(&d, &["check", "--timeout", "2s"]), frozen, "1");
    unknown_with(
        &run_within(check, Duration::from_secs(30)),
        &format!(
            "no verdict within 2s (--timeout): still reading the ticket log postgres:// at 127.0.0.1:{frozen}"
        ),
    );
}

#[test]
fn a_server_that_falls_silent_after_connecting_is_given_up() {
    let port = silent_server(true);
    // Plain text asked for, so no warning that the server offers no TLS.
    let url = format!(
        "postgres://alice:Hunter2@127.0.0.1:{port}/tickets?connect_timeout=1&sslmode=disable"
    );
    let shown =
        format!("postgres://alice:***@127.0.0.1:{port}/tickets?connect_timeout=1&sslmode=disable");
    let d = desk_at(&url);
    let status = thread::spawn({
        let cmd = command(&d, &["status"]);
        move || run_within(cmd, Duration::from_secs(90))
    });
    // The default --timeout is 20 s, shorter than the store's own limit.
    let check = thread::spawn({
        let cmd = command(&d, &["check"]);
        move || run_within(cmd, Duration::from_secs(90))
    });
    let quick = run_within(
        command(&d, &["check", "--timeout", "2s", "--format", "json"]),
        Duration::from_secs(30),
    );
    assert_eq!(quick.code, 3, "{}", quick.stdout);
    let json: serde_json::Value = serde_json::from_str(&quick.stdout).expect("JSON");
    assert_eq!(json["status"], "UNKNOWN");
    assert_eq!(
        json["message"],
        // The check of the log goes with the first read (issue 18).
        format!(
            "no verdict within 2s (--timeout): still reading the ticket log {shown} at 127.0.0.1:{port}"
        ),
        "{json}"
    );
    unknown_with(
        &check.join().expect("no panic"),
        &format!(
            "no verdict within 20s (--timeout): still reading the ticket log {shown} at 127.0.0.1:{port}"
        ),
    );
    // The server may run a statement for the busy timeout (10 s) plus
    // 20 s; its answer may take the connect timeout more.
    fails_with_line(
        &status.join().expect("no panic"),
        &format!(
            "the ticket log {shown} at 127.0.0.1:{port} did not answer within 31s; is the server stopped or overloaded?"
        ),
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

/// A monitoring agent's own timeout (SIGTERM), Ctrl-C (SIGINT) or a hang-up
/// while check waits still gets an UNKNOWN, exit 3, never a death by signal.
#[test]
fn a_signal_while_check_waits_is_an_unknown() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let lock = hold_exclusively(&d.db());
    for (signal, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGHUP, "SIGHUP"),
    ] {
        let child = command(&d, &["check", "--timeout", "1m"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run check");
        thread::sleep(Duration::from_millis(500));
        // SAFETY: kill has no memory preconditions; the pid is check's.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let out = child.wait_with_output().expect("check ends");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(3), "{name}: {stdout}");
        assert!(
            stdout.starts_with(&format!(
                "UNKNOWN: stopped by {name} before a verdict: still opening the ticket log"
            )),
            "{stdout}"
        );
    }
    // Under nohup (SIGHUP ignored, as its parent set it), a hang-up stays
    // ignored: check waits on, and SIGTERM still stops it.
    let mut cmd = command(&d, &["check", "--timeout", "1m"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run check");
    thread::sleep(Duration::from_millis(500));
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill has no memory preconditions; the pid is check's.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().expect("poll").is_none(),
        "a hang-up under nohup stopped check"
    );
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let out = child.wait_with_output().expect("check ends");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("UNKNOWN: stopped by SIGTERM"));
    drop(lock);
}

/// The test server's URL for database `name`, at `host:port` instead of
/// the server's own address if given.
fn url_of(d: &Desk, host_port: Option<&str>, query: &str) -> String {
    let url = d.url.clone().expect("a PostgreSQL desk");
    let url = match host_port {
        Some(hp) => {
            let (scheme_user, rest) = url.split_once('@').expect("user@host");
            let (_, path) = rest.split_once('/').expect("host/db");
            format!("{scheme_user}@{hp}/{path}")
        }
        None => url,
    };
    format!("{url}{query}")
}

/// The number of events in the log, read past any lock.
fn events(d: &Desk) -> usize {
    d.run(&["export", "--events"]).ok().lines().count() - 1
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_table_locked_by_another_session_gives_up_in_time() {
    let mut d = postgres_desk();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let before = events(&d);
    let shown = d.url.clone().expect("url");
    d.url = Some(url_of(&d, None, "?connect_timeout=2"));
    let shown_q = format!("{shown}?connect_timeout=2");
    let mut other = postgres::Client::connect(&shown, postgres::NoTls).expect("connect");
    let mut lock = other.transaction().expect("begin");
    lock.batch_execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")
        .expect("lock");
    let busy = |args: &[&str]| {
        let mut cmd = command(&d, args);
        cmd.env("SLACLOCK_BUSY_TIMEOUT", "2s");
        let d_cmd = cmd;
        thread::spawn(move || run_within(d_cmd, Duration::from_secs(60)))
    };
    let locked = format!(
        "the ticket log {shown_q} is locked by another session; gave up after 2s (SLACLOCK_BUSY_TIMEOUT); try again"
    );
    let status = busy(&["status"]);
    let note = busy(&["note", "1", "behind the lock"]);
    let check = busy(&["check"]);
    let quick = run_within(
        command(&d, &["check", "--timeout", "3s"]),
        Duration::from_secs(30),
    );
    unknown_with(
        &quick,
        &format!(
            "no verdict within 3s (--timeout): still reading the ticket log {shown_q} at {}",
            server_address()
        ),
    );
    let status = status.join().expect("no panic");
    assert!(
        status.fails(1).starts_with(&format!("error: {locked}")),
        "{}",
        status.stderr
    );
    assert_eq!(status.stderr.lines().count(), 1, "{}", status.stderr);
    let note = note.join().expect("no panic");
    assert!(
        note.fails(1).starts_with(&format!("error: {locked}")),
        "{}",
        note.stderr
    );
    assert_eq!(note.stderr.lines().count(), 1, "{}", note.stderr);
    let check = check.join().expect("no panic");
    assert_eq!(check.code, 3, "{}", check.stdout);
    assert!(
        check.stdout.starts_with(&format!("UNKNOWN: {locked}")),
        "{}",
        check.stdout
    );
    lock.rollback().expect("unlock");
    assert_eq!(events(&d), before, "a refused note was recorded");
}

/// `migrate` waits for another session's lock as long as
/// `SLACLOCK_BUSY_TIMEOUT` says, as every other command does: it opened
/// its logs without it, waited 10 s and then blamed the variable ("gave up
/// after 10s (SLACLOCK_BUSY_TIMEOUT)").
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn migrate_waits_for_a_lock_as_long_as_the_busy_timeout() {
    let d = postgres_desk();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let url = d.url.clone().expect("url");
    let mut other = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let mut lock = other.transaction().expect("begin");
    lock.batch_execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")
        .expect("lock");
    let copy = d.path("copy.db");
    let mut cmd = command(
        &d,
        &[
            "migrate",
            "--from",
            &url,
            "--to",
            copy.to_str().expect("UTF-8"),
        ],
    );
    cmd.env("SLACLOCK_BUSY_TIMEOUT", "2s");
    let started = Instant::now();
    let run = run_within(cmd, Duration::from_secs(60));
    let waited = started.elapsed();
    lock.rollback().expect("unlock");
    fails_with_line(
        &run,
        &format!(
            "reading {url} (--from): the ticket log {url} is locked by another session; \
             gave up after 2s (SLACLOCK_BUSY_TIMEOUT); try again: canceling statement due \
             to lock timeout"
        ),
    );
    assert!(waited < Duration::from_secs(8), "waited {waited:?}");
    assert!(!copy.exists(), "a copy was left behind");
    // The target too: another writer holds the log's write lock there.
    let target = postgres_desk();
    let target_url = target.url.clone().expect("url");
    let mut writer = postgres::Client::connect(&target_url, postgres::NoTls).expect("connect");
    writer
        .batch_execute("SELECT pg_advisory_lock(1397506371)")
        .expect("take the write lock");
    let file = Desk::new();
    file.run(&["open", "--severity", "1", "VXC down"]).ok();
    let from = file.db().display().to_string();
    let mut cmd = command(&file, &["migrate", "--from", &from, "--to", &target_url]);
    cmd.env("SLACLOCK_BUSY_TIMEOUT", "2s");
    let started = Instant::now();
    let run = run_within(cmd, Duration::from_secs(60));
    let waited = started.elapsed();
    drop(writer);
    let busy = format!("the ticket log {target_url} is busy");
    assert!(run.fails(1).contains(&busy), "{}", run.stderr);
    assert!(waited < Duration::from_secs(8), "waited {waited:?}");
}

/// Where to send what a proxy reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Freeze {
    /// Forward the message holding the marker, then never answer again.
    After,
    /// Never forward the message holding the marker, nor answer again.
    Before,
}

/// A TCP proxy to `upstream` that forwards both ways until the client sends
/// `marker`; from then on it answers nothing, like a server that froze at
/// that moment. When the client goes away, the proxy closes its side.
fn freezing_proxy(upstream: String, marker: &'static [u8], freeze: Freeze) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("port").port();
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(&upstream) else {
                continue;
            };
            let frozen = Arc::new(AtomicBool::new(false));
            let (mut c_in, mut s_out) = (
                client.try_clone().expect("clone"),
                server.try_clone().expect("clone"),
            );
            let seen = Arc::new(Mutex::new(Vec::new()));
            let frozen_up = Arc::clone(&frozen);
            thread::spawn(move || {
                let mut buf = [0u8; 65536];
                loop {
                    let n = match c_in.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if frozen_up.load(Ordering::SeqCst) {
                        continue;
                    }
                    let mut all = seen.lock().expect("seen");
                    all.extend_from_slice(&buf[..n]);
                    let hit = all.windows(marker.len()).any(|w| w == marker);
                    drop(all);
                    if hit {
                        frozen_up.store(true, Ordering::SeqCst);
                        if freeze == Freeze::Before {
                            continue;
                        }
                    }
                    if s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                // The client is gone: so is its session on the server.
                let _ = s_out.shutdown(Shutdown::Both);
            });
            let (mut s_in, mut c_out) = (server, client);
            thread::spawn(move || {
                let mut buf = [0u8; 65536];
                loop {
                    let n = match s_in.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if frozen.load(Ordering::SeqCst) {
                        continue;
                    }
                    if c_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    port
}

/// The test server's host:port.
fn server_address() -> String {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").expect("SLACLOCK_TEST_POSTGRES");
    let after_at = server.rsplit_once('@').map_or(server.as_str(), |(_, h)| h);
    after_at
        .split(['/', '?'])
        .next()
        .expect("host:port")
        .to_owned()
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_write_whose_commit_gets_no_answer_says_it_may_have_been_recorded() {
    let cases = [
        (
            Freeze::After,
            &b"COMMIT"[..],
            "did not confirm the commit within 22s: the change may or may not have been recorded; look at the log before trying again",
            // The server did commit it: "may" was honest.
            1,
        ),
        // The event travels with the COMMIT (issue 18: one round trip
        // for what a write writes), so a silence from there on may hide
        // a commit; before it, while the ticket is read, nothing was.
        (
            Freeze::Before,
            &b"INSERT INTO events"[..],
            "did not confirm the commit within 22s: the change may or may not have been recorded; look at the log before trying again",
            0,
        ),
        (
            Freeze::Before,
            &b"pg_advisory_xact_lock"[..],
            "did not answer within 22s; nothing was recorded",
            0,
        ),
    ];
    let runs: Vec<_> = cases
        .into_iter()
        .map(|(freeze, marker, said, recorded)| {
            let d = postgres_desk();
            d.run(&["open", "--severity", "1", "VXC down"]).ok();
            let port = freezing_proxy(server_address(), marker, freeze);
            // In plain text, so that the proxy can read what is sent (and
            // named, so that .ci/run's count of TLS connections skips it).
            let url = url_of(
                &d,
                Some(&format!("127.0.0.1:{port}")),
                "?connect_timeout=1&sslmode=disable&application_name=plain-proxy-test",
            );
            let through = desk_at(&url);
            let mut cmd = command(&through, &["note", "1", "through a frozen server"]);
            // The write's limit: 1 s of lock wait + 20 s + 1 s for the answer.
            cmd.env("SLACLOCK_BUSY_TIMEOUT", "1s");
            let run = thread::spawn(move || {
                let run = run_within(cmd, Duration::from_secs(90));
                drop(through);
                run
            });
            (d, url, port, said, recorded, run)
        })
        .collect();
    for (d, url, port, said, recorded, run) in runs {
        let run = run.join().expect("no panic");
        // One line, naming the server and saying what became of the note
        // (after what was being done: `cannot record the "note" event ...`).
        let stderr = run.fails(1);
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(
            stderr.ends_with(&format!(
                "the ticket log {url} at 127.0.0.1:{port} {said}\n"
            )),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(events(&d), 1 + recorded, "{said}");
    }
}

/// A server that stops answering while a new log's schema is made (the
/// first `open`, or `migrate` into an empty database) is given up on as in
/// any write, within seconds: the half hour an upgrade of a large log may
/// take is for rewriting rows, and a new log has none.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_server_frozen_while_a_new_log_is_made_is_given_up_in_time() {
    let source = Desk::new();
    source.run(&["open", "--severity", "1", "VXC down"]).ok();
    let runs: Vec<_> = [
        &["open", "--severity", "1", "VXC down"][..],
        &["migrate", "--to"],
    ]
    .into_iter()
    .map(|args| {
        let d = postgres_desk();
        let port = freezing_proxy(server_address(), b"CREATE TABLE tickets", Freeze::Before);
        let url = url_of(
            &d,
            Some(&format!("127.0.0.1:{port}")),
            "?connect_timeout=1&sslmode=disable&application_name=plain-proxy-test",
        );
        let through = desk_at(&url);
        let mut cmd = if args[0] == "migrate" {
            let from = source.db().display().to_string();
            command(&source, &["migrate", "--from", &from, "--to", &url])
        } else {
            command(&through, args)
        };
        cmd.env("SLACLOCK_BUSY_TIMEOUT", "1s");
        let started = std::time::Instant::now();
        let run = thread::spawn(move || {
            let run = run_within(cmd, Duration::from_secs(120));
            drop(through);
            run
        });
        (d, args, started, run)
    })
    .collect();
    for (d, args, started, run) in runs {
        let run = run.join().expect("no panic");
        let took = started.elapsed();
        let stderr = run.fails(1);
        assert!(
            stderr.contains("did not answer within"),
            "{args:?}: {stderr}"
        );
        assert!(took < Duration::from_secs(60), "{args:?}: took {took:?}");
        // Nothing was made: the next command through the server itself
        // finds an empty database and makes the log.
        d.run(&["open", "--severity", "2", "after"]).ok();
    }
}

/// A private PostgreSQL cluster in a temporary folder, stopped (and its
/// processes continued first, should the test have stopped them) when
/// dropped. None when the server binaries are not installed.
pub(super) struct Cluster {
    bin: std::path::PathBuf,
    data: tempfile::TempDir,
    pub(super) port: u16,
    as_postgres: bool,
}

impl Cluster {
    pub(super) fn start() -> Option<Cluster> {
        Cluster::start_with(|_| {}, "")
    }

    /// Starts a cluster after `prepare` ran on its data folder (as root,
    /// before the folder is given to the server's user), with `extra`
    /// server options.
    pub(super) fn start_with(prepare: impl FnOnce(&str), extra: &str) -> Option<Cluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
            .max()?;
        let data = tempfile::tempdir().expect("temp dir");
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if as_postgres {
            let ok = Command::new("chown")
                .args(["postgres"])
                .arg(data.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "cannot give the cluster's folder to the postgres user");
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let cluster = Cluster {
            bin,
            data,
            port,
            as_postgres,
        };
        let pgdata = cluster.pgdata();
        cluster.run("initdb", &["-D", &pgdata, "-A", "trust", "-U", "slaclock"]);
        prepare(&pgdata);
        if cluster.as_postgres {
            let _ = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(&pgdata)
                .status();
        }
        let options =
            format!("-p {port} -k {pgdata} -c listen_addresses=127.0.0.1 -c fsync=off {extra}");
        let log = format!("{pgdata}/server.log");
        cluster.run(
            "pg_ctl",
            &["-D", &pgdata, "-l", &log, "-w", "-o", &options, "start"],
        );
        Some(cluster)
    }

    pub(super) fn pgdata(&self) -> String {
        self.data.path().join("data").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let tool = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&tool);
            c
        } else {
            Command::new(&tool)
        };
        let out = cmd
            .args(args)
            .current_dir("/")
            .output()
            .expect("run a PostgreSQL tool");
        assert!(
            out.status.success(),
            "{} {args:?}: {}",
            tool.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The postmaster's process id, from its pid file.
    fn postmaster(&self) -> String {
        std::fs::read_to_string(self.data.path().join("data/postmaster.pid"))
            .expect("postmaster.pid")
            .lines()
            .next()
            .expect("a pid")
            .to_owned()
    }

    fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .args([signal, &self.postmaster()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill {signal}");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-CONT", &self.postmaster()])
            .status();
        let pgdata = self.pgdata();
        let tool = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&tool);
            c
        } else {
            Command::new(&tool)
        };
        let _ = cmd
            .args(["-D", &pgdata, "-m", "immediate", "stop"])
            .current_dir("/")
            .output();
    }
}

#[test]
#[ignore = "starts a private PostgreSQL cluster (needs its binaries in /usr/lib/postgresql)"]
fn a_stopped_postmaster_ends_every_command_in_time() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!(
        "postgres://slaclock:Hunter2@127.0.0.1:{}/postgres?connect_timeout=2",
        cluster.port
    );
    let shown = format!(
        "postgres://slaclock:***@127.0.0.1:{}/postgres?connect_timeout=2",
        cluster.port
    );
    let d = desk_at(&url);
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    cluster.signal("-STOP");
    let line = format!(
        "cannot connect to the ticket log {shown} at 127.0.0.1:{}: the server did not answer within 2s (connect_timeout)",
        cluster.port
    );
    for args in [
        &["status"][..],
        &["note", "1", "while stopped"],
        &["open", "--severity", "2", "another"],
    ] {
        fails_with_line(
            &run_within(command(&d, args), Duration::from_secs(30)),
            &line,
        );
    }
    unknown_with(
        &run_within(command(&d, &["check"]), Duration::from_secs(30)),
        &line,
    );
    cluster.signal("-CONT");
    // Once it runs again, so does slaclock, and nothing was recorded.
    assert_eq!(events(&d), 1);
}
