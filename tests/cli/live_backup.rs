//! Backups of a live log: `migrate` copies one consistent snapshot of a log
//! that engineers keep writing to, and checks the copy against that same
//! snapshot, on both stores.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use super::util::*;

/// Engineers at work: `writers` threads recording notes and opening
/// tickets on `d`'s log until `stop` is set.
fn keep_writing<'s>(
    scope: &'s thread::Scope<'s, '_>,
    d: &'s Desk,
    writers: usize,
    stop: &'s AtomicBool,
) {
    for w in 0..writers {
        scope.spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let ticket = (n % 3 + 1).to_string();
                if n % 5 == 4 {
                    d.run(&["open", "--severity", "2", &format!("w{w} #{n}")])
                        .ok();
                } else {
                    d.run(&["note", &ticket, &format!("w{w} #{n}")]).ok();
                }
                n += 1;
            }
        });
    }
}

/// Sets the flag when dropped, so the writers stop even if a migration
/// fails its assertion while they run.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The counts `migrate` says it copied: (tickets, events, policy versions).
fn copied(out: &str) -> (usize, usize, usize) {
    let words: Vec<&str> = out.split_whitespace().collect();
    let number = |after: &str| -> usize {
        let at = words
            .iter()
            .position(|w| w.trim_end_matches(',') == after)
            .expect(after);
        words[at - 1].parse().expect("a count")
    };
    assert!(out.contains("the counts match"), "{out}");
    (number("tickets"), number("events"), number("policy"))
}

/// What a log holds, read through slaclock itself: tickets, events, and
/// whether `check` can judge it (0 to 2, not UNKNOWN).
fn holds(d: &Desk) -> (usize, usize) {
    let tickets = d.run(&["status", "--all", "--format", "json"]).json();
    let events = d.run(&["export", "--events"]).ok().lines().count() - 1;
    let check = d.run(&["check"]);
    assert!(
        check.code <= 2,
        "the copy cannot be judged: {}",
        check.stdout
    );
    (tickets.as_array().expect("an array").len(), events)
}

/// A copy made by migrate into a file is a whole slaclock log: SQLite's
/// integrity check passes and its counts are `expected`.
fn assert_file_copy(path: &std::path::Path, expected: (usize, usize, usize)) {
    let conn = rusqlite::Connection::open(path).expect("open the copy");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(ok, "ok");
    let count = |table: &str| -> usize {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("count") as usize
    };
    assert_eq!(
        (count("tickets"), count("events"), count("policy_versions")),
        expected,
        "{}",
        path.display()
    );
}

/// Opens three tickets to write to.
fn three_tickets(d: &Desk) {
    for title in ["VXC down", "Packet loss", "Jitter"] {
        d.run(&["open", "--severity", "1", title]).ok();
    }
}

#[test]
fn migrate_backs_up_a_log_being_written_to() {
    let d = Desk::new();
    three_tickets(&d);
    let stop = AtomicBool::new(false);
    let copies: Vec<_> = thread::scope(|scope| {
        keep_writing(scope, &d, 3, &stop);
        let _stop = StopOnDrop(&stop);
        (0..6)
            .map(|i| {
                let copy = d.path(&format!("copy{i}.db"));
                let out = d
                    .run(&[
                        "migrate",
                        "--from",
                        &d.db().display().to_string(),
                        "--to",
                        &copy.display().to_string(),
                    ])
                    .ok()
                    .to_string();
                (copy, copied(&out))
            })
            .collect()
    });
    let mut last = (0, 0, 0);
    for (path, counts) in copies {
        assert_file_copy(&path, counts);
        let mut c = Desk::new();
        c.now = d.now.clone();
        std::fs::copy(&path, c.db()).expect("copy");
        assert_eq!(holds(&c), (counts.0, counts.1));
        // Each backup was taken later than the one before.
        assert!(counts >= last, "{counts:?} after {last:?}");
        last = counts;
    }
    assert!(last.1 > 3, "the writers wrote nothing while migrate ran");
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn migrate_backs_up_a_postgres_log_being_written_to_and_into_one() {
    // PostgreSQL -> file, while engineers write to PostgreSQL.
    let pg = postgres_desk();
    three_tickets(&pg);
    let url = pg.url.clone().expect("url");
    let stop = AtomicBool::new(false);
    let copies: Vec<_> = thread::scope(|scope| {
        keep_writing(scope, &pg, 3, &stop);
        let _stop = StopOnDrop(&stop);
        (0..4)
            .map(|i| {
                let copy = pg.path(&format!("copy{i}.db"));
                let out = pg
                    .run(&[
                        "migrate",
                        "--from",
                        &url,
                        "--to",
                        &copy.display().to_string(),
                    ])
                    .ok()
                    .to_string();
                (copy, copied(&out))
            })
            .collect()
    });
    for (path, counts) in copies {
        assert_file_copy(&path, counts);
    }
    // File -> PostgreSQL, while engineers write to the file.
    let lite = Desk::new();
    three_tickets(&lite);
    let stop = AtomicBool::new(false);
    let targets: Vec<_> = thread::scope(|scope| {
        keep_writing(scope, &lite, 3, &stop);
        let _stop = StopOnDrop(&stop);
        (0..4)
            .map(|_| {
                let mut target = postgres_desk();
                target.now = lite.now.clone();
                let out = lite
                    .run(&[
                        "migrate",
                        "--from",
                        &lite.db().display().to_string(),
                        "--to",
                        target.url.as_deref().expect("url"),
                    ])
                    .ok()
                    .to_string();
                (target, copied(&out))
            })
            .collect()
    });
    for (target, counts) in targets {
        assert_eq!(holds(&target), (counts.0, counts.1));
    }
}

/// Two migrations into one empty PostgreSQL log at once: one copies, the
/// other is refused as the log not being empty (or, had the first held
/// the lock past the busy timeout, as locked), never with a duplicate key,
/// and the log holds one whole copy.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn two_migrations_into_one_empty_log_copy_once() {
    let lite = Desk::new();
    for i in 0..40 {
        lite.run(&["open", "--severity", "2", &format!("ticket {i}")])
            .ok();
    }
    let from = lite.db().display().to_string();
    for _round in 0..3 {
        let target = postgres_desk();
        let url = target.url.clone().expect("url");
        let runs: Vec<Run> = thread::scope(|scope| {
            let both: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| lite.run(&["migrate", "--from", &from, "--to", &url])))
                .collect();
            both.into_iter().map(|h| h.join().expect("a run")).collect()
        });
        let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
        assert!(codes.contains(&0), "{codes:?}");
        for run in runs.iter().filter(|r| r.code != 0) {
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert!(
                run.stderr.contains("is not empty") || run.stderr.contains("is locked"),
                "{}",
                run.stderr
            );
            assert!(!run.stderr.contains("duplicate key"), "{}", run.stderr);
        }
        assert_eq!(holds(&target).0, 40);
    }
}
