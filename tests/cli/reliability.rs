//! Concurrent use and crashes: several engineers and cron on one log at
//! once, and processes killed mid-command. Nothing may be lost or half-written.

use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::util::*;

/// The binary on the real clock: concurrent commands take "now" inside the lock.
fn live(d: &Desk, args: &[&str]) -> Run {
    let out = d
        .cmd()
        .env_remove("SLACLOCK_NOW")
        .args(args)
        .output()
        .expect("run slaclock");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn eight_writers_beside_readers_lose_nothing() {
    eight_writers(Arc::new(Desk::new()));
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn eight_writers_on_postgres_lose_nothing() {
    eight_writers(Arc::new(postgres_desk()));
}

/// Two numbers from a query on the desk's log, whichever store it is in.
fn count(d: &Desk, sql: &str, param: Option<&str>) -> (i64, i64) {
    match &d.url {
        None => {
            let conn = rusqlite::Connection::open(d.db()).unwrap();
            let read =
                |r: &rusqlite::Row| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0)));
            match param {
                Some(p) => conn.query_row(sql, [p], read).unwrap(),
                None => conn.query_row(sql, [], read).unwrap(),
            }
        }
        Some(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let sql = sql.replace("?1", "$1");
            let row = match param {
                Some(p) => c.query_one(sql.as_str(), &[&p]).unwrap(),
                None => c.query_one(sql.as_str(), &[]).unwrap(),
            };
            (
                row.get::<_, i64>(0),
                row.get::<_, Option<i64>>(1).unwrap_or(0),
            )
        }
    }
}

fn eight_writers(d: Arc<Desk>) {
    for sev in ["1", "2", "3"] {
        live(
            &d,
            &[
                "open",
                "--severity",
                sev,
                &format!("ticket of severity {sev}"),
            ],
        )
        .ok();
    }
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (d, failures, done) = (d.clone(), failures.clone(), done.clone());
        thread::spawn(move || {
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) || reads < 2 {
                let s = live(&d, &["status", "--format", "json"]);
                if s.code != 0 || serde_json::from_str::<serde_json::Value>(&s.stdout).is_err() {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("status: {} {}", s.code, s.stderr));
                }
                let c = live(&d, &["check"]);
                if !(0..=2).contains(&c.code) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("check: {} {}{}", c.code, c.stdout, c.stderr));
                }
                reads += 1;
            }
        })
    };
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (d, failures) = (d.clone(), failures.clone());
            thread::spawn(move || {
                for i in 0..50 {
                    let ticket = ((w + i) % 3 + 1).to_string();
                    let text = format!("writer {w} step {i}");
                    let r = if i % 2 == 0 {
                        live(&d, &["update", &ticket, "--message", &text])
                    } else {
                        live(&d, &["note", &ticket, &text])
                    };
                    if r.code != 0 {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{text}: {}", r.stderr));
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );

    // Every event landed exactly once, in time order, on the right ticket.
    for w in 0..8 {
        for i in 0..50 {
            let text = format!("writer {w} step {i}");
            let (n, ticket) = count(
                &d,
                "SELECT count(*), max(ticket_id) FROM events WHERE text = ?1",
                Some(&text),
            );
            assert_eq!((n, ticket), (1, ((w + i) % 3 + 1) as i64), "{text}");
        }
    }
    let (out_of_order, _) = count(
        &d,
        "SELECT count(*), CAST(0 AS BIGINT) FROM events a JOIN events b ON a.ticket_id = b.ticket_id AND a.id < b.id AND a.at > b.at",
        None,
    );
    assert_eq!(out_of_order, 0);
    // The final state is what a serial run gives: 200 updates, 200 notes, all open.
    let (total, _) = count(
        &d,
        "SELECT count(*), CAST(0 AS BIGINT) FROM events WHERE kind IN ('updated', 'note')",
        None,
    );
    assert_eq!(total, 400);
    for s in live(&d, &["status", "--format", "json"])
        .json()
        .as_array()
        .unwrap()
    {
        assert_eq!(s["state"], "open");
        assert_eq!(s["clocks"]["response"]["state"], "met");
    }
}

#[test]
fn two_escalations_at_once_climb_once() {
    escalation_race(Arc::new(Desk::new()));
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn two_escalations_on_postgres_climb_once() {
    escalation_race(Arc::new(postgres_desk()));
}

/// Runs both commands on `d` at once, each on a thread of its own, does
/// `meanwhile` on this one, and returns both runs.
fn at_once(d: &Arc<Desk>, commands: [&[&str]; 2], meanwhile: impl FnOnce()) -> Vec<Run> {
    let racers: Vec<_> = commands
        .into_iter()
        .map(|args| {
            let (d, args) = (
                d.clone(),
                args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            );
            thread::spawn(move || live(&d, &args.iter().map(String::as_str).collect::<Vec<_>>()))
        })
        .collect();
    meanwhile();
    racers.into_iter().map(|t| t.join().unwrap()).collect()
}

/// What holds a log's write lock for a test: dropped, it lets go.
enum WriteLock {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl WriteLock {
    /// Takes the write lock every slaclock writer takes first.
    fn take(d: &Desk) -> WriteLock {
        match &d.url {
            None => {
                let conn = rusqlite::Connection::open(d.db()).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                WriteLock::Sqlite(conn)
            }
            Some(url) => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                // "SLAC": the advisory lock of the log's writers.
                c.batch_execute("BEGIN; SELECT pg_advisory_xact_lock(1397506371)")
                    .unwrap();
                WriteLock::Postgres(c)
            }
        }
    }

    fn release(self) {
        match self {
            WriteLock::Sqlite(conn) => conn.execute_batch("ROLLBACK").unwrap(),
            WriteLock::Postgres(mut c) => c.batch_execute("ROLLBACK").unwrap(),
        }
    }
}

/// Two engineers escalate the same ticket at the same instant, from the
/// first level: both commands started before either could write (here
/// the write lock is held until both wait on it), so it climbs once, and
/// the other is told who escalated it and that nothing was recorded.
fn escalation_race_from_below(d: Arc<Desk>) {
    live(&d, &["open", "--severity", "1", "x"]).ok();
    let held = WriteLock::take(&d);
    let escalate = |by| ["escalate", "1", "--reason", "impact", "--by", by];
    let runs = at_once(&d, [&escalate("alice")[..], &escalate("bob")], || {
        // Both have started and wait on the lock.
        thread::sleep(Duration::from_millis(1500));
        held.release();
    });
    let won: Vec<&Run> = runs.iter().filter(|r| r.code == 0).collect();
    assert_eq!(won.len(), 1, "{runs:?}");
    let lost = runs.iter().find(|r| r.code != 0).unwrap();
    assert_eq!(lost.code, 1, "{lost:?}");
    assert!(
        lost.stderr
            .contains("ticket #1 was escalated to level 1 by ")
            && lost.stderr.contains("nothing recorded"),
        "{}",
        lost.stderr
    );
    let json = live(&d, &["status", "1", "--format", "json"]).json();
    assert_eq!(json["escalation_level"], 1);
    // Run again, it climbs: the race is over.
    live(&d, &["escalate", "1", "--reason", "slow"]).ok();
    let json = live(&d, &["status", "1", "--format", "json"]).json();
    assert_eq!(json["escalation_level"], 2);
    // Started together with nothing held: the first holds the lock a
    // moment before it records, so the second notes the log before it.
    live(&d, &["open", "--severity", "1", "y"]).ok();
    let escalate = ["escalate", "2", "--reason", "impact"];
    let runs = at_once(&d, [&escalate[..], &escalate], || ());
    assert_eq!(runs.iter().filter(|r| r.code == 0).count(), 1, "{runs:?}");
    let json = live(&d, &["status", "2", "--format", "json"]).json();
    assert_eq!(json["escalation_level"], 1);
}

#[test]
fn two_escalations_from_below_at_once_climb_once() {
    escalation_race_from_below(Arc::new(Desk::new()));
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn two_escalations_from_below_on_postgres_climb_once() {
    escalation_race_from_below(Arc::new(postgres_desk()));
}

fn escalation_race(d: Arc<Desk>) {
    live(&d, &["open", "--severity", "1", "x"]).ok();
    live(&d, &["escalate", "1", "--reason", "slow"]).ok();
    live(&d, &["escalate", "1", "--reason", "slow"]).ok();
    // Both race for the last level: exactly one may have it.
    let escalate = ["escalate", "1", "--reason", "impact"];
    let runs = at_once(&d, [&escalate[..], &escalate], || ());
    let won = runs.iter().filter(|r| r.code == 0).count();
    assert_eq!(
        won,
        1,
        "{:?}",
        runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
    );
    let lost = runs.iter().find(|r| r.code != 0).unwrap();
    assert_eq!(lost.code, 1);
    assert!(
        lost.stderr
            .contains("already at the top escalation level (3"),
        "{}",
        lost.stderr
    );
    assert_eq!(
        live(&d, &["status", "1", "--format", "json"]).json()["escalation_level"],
        3
    );
}

#[test]
fn killed_commands_leave_a_whole_log() {
    let d = Desk::new();
    live(&d, &["open", "--severity", "2", "first"]).ok();
    let mut printed = vec![];
    let mut seed: u64 = 0x5eed;
    for i in 0..60 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % 25_000);
        let title = format!("crash test {i}");
        let args: Vec<&str> = if i % 3 == 2 {
            vec!["update", "1", "--message", &title]
        } else {
            vec!["open", "--severity", "2", &title]
        };
        let mut child = d
            .std_cmd()
            .env_remove("SLACLOCK_NOW")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // An open that printed names its new ticket: "#N title: opened ...".
        let opened = stdout.strip_prefix('#').filter(|_| args[0] == "open");
        if let Some(rest) = opened {
            let id: i64 = rest.split(' ').next().unwrap().parse().unwrap();
            printed.push((id, title));
        }
    }
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Every id that was printed exists, with its title and opening event.
    for (id, title) in &printed {
        let t: String = conn
            .query_row("SELECT title FROM tickets WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(&t, title);
    }
    // Nothing half-written: every ticket has exactly one opening event, first.
    let broken: i64 = conn
        .query_row(
            "SELECT count(*) FROM tickets t WHERE (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'opened') != 1
               OR (SELECT kind FROM events e WHERE e.ticket_id = t.id ORDER BY at, id LIMIT 1) != 'opened'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0);
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE ticket_id NOT IN (SELECT id FROM tickets)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    // And the log still works.
    live(&d, &["open", "--severity", "3", "after the crashes"]).ok();
    live(&d, &["status"]).ok();
}
