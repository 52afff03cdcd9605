//! Tests of what only the PostgreSQL store has: refusing databases that are
//! not ours, the advisory write lock and its busy message, triggers, paging
//! and lost connections. The deadlines on connecting and on every request,
//! against fake servers in this process, are in `tests/deadlines.rs`; the
//! shared behaviour is tested in `store/suite.rs`. Tests that need a server
//! are ignored unless run with `--include-ignored` and
//! `SLACLOCK_TEST_POSTGRES` set, so without one they count as skipped.
//! Over 600 lines: the store's own cases, sharing one server's set-up.

mod deadlines;
mod listings;

use std::sync::{Arc, Barrier};
use std::thread;

use anyhow::{Context, Result, bail};

use super::*;
use crate::model::{EventKind, Kind, TicketState};
use crate::store::suite::{one_incident, ticket};
use crate::store::{CopyTx, EventRow, NewEvent, TicketFilter, TicketId, Tx};

/// A fresh, empty database on the test server.
fn fresh() -> Result<String> {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").context(
        "SLACLOCK_TEST_POSTGRES is not set: run these tests through .ci/run, or point it at a PostgreSQL server",
    )?;
    fresh_database(&server)
}

/// A fresh ticket log and its URL.
pub(super) fn fresh_store() -> Result<(String, PgStore)> {
    let url = fresh()?;
    let store = PgStore::open(&url, true)?;
    Ok((url, store))
}

/// The tables of the database's public schema, sorted.
fn tables(url: &str) -> Result<Vec<String>> {
    let session = connect(url, &redact(url))?;
    let rows = session.query_sql(
        Step::Read,
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        &[],
    )?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Opening `url` fails with a message containing `expected`, whether or not
/// `create` is set, and the tables are unchanged.
fn assert_refused(url: &str, expected: &str) -> Result<()> {
    let before = tables(url)?;
    for create in [false, true] {
        let err = PgStore::open(url, create).expect_err("open should be refused");
        let message = format!("{err:#}");
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert!(message.contains(&redact(url)), "{message:?}");
        assert_eq!(tables(url)?, before, "refused database was modified");
    }
    Ok(())
}

pub(super) fn note(ticket: TicketId, at: i64) -> NewEvent {
    NewEvent {
        ticket,
        at,
        recorded_at: at,
        by: "carol".to_owned(),
        kind: EventKind::Note,
        reason: None,
        text: Some(format!("note at {at}")),
        policy_version: None,
        old_value: None,
        new_value: None,
        contract: None,
    }
}

#[test]
fn with_database_replaces_only_the_path() -> Result<()> {
    assert_eq!(
        with_database("postgres://u:p@127.0.0.1:55432/postgres", "x")?,
        "postgres://u:p@127.0.0.1:55432/x"
    );
    assert_eq!(
        with_database("postgres://u:p/q@h?sslmode=disable", "x")?,
        "postgres://u:p/q@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgresql://h/", "x")?, "postgresql://h/x");
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn every_transaction_has_lock_and_statement_timeouts() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    store.set_busy_timeout(Duration::from_millis(1500))?;
    let setting = |session: &Session, name: &str| -> Result<String> {
        let rows = session.query_sql(Step::Read, &format!("SHOW {name}"), &[])?;
        Ok(rows[0].get(0))
    };
    for (mode, idle) in [(session::Mode::Read, "0"), (session::Mode::Write, "5s")] {
        store.session.begin(mode)?;
        assert_eq!(setting(&store.session, "lock_timeout")?, "1500ms");
        assert_eq!(setting(&store.session, "statement_timeout")?, "21500ms");
        // Only a write: a read may sit idle while its reader takes rows
        // in slowly (a paused pager).
        assert_eq!(
            setting(&store.session, "idle_in_transaction_session_timeout")?,
            idle
        );
        store.session.rollback()?;
    }
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn creates_schema_and_reopens_idempotently() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let known = i64::try_from(crate::store::schema_version())?;
    assert_eq!(schema::version(&store.session)?, known);
    let id = store.write(|tx| tx.policy_version("h", "policy", 1))?;
    drop(store);
    for create in [false, true] {
        let mut store = PgStore::open(&url, create)?;
        assert_eq!(schema::version(&store.session)?, known);
        assert_eq!(store.read(|tx| tx.policy_text(id))?, "policy");
        assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
    }
    assert_eq!(
        tables(&url)?,
        [
            "events",
            "notices",
            "policy_versions",
            "slaclock_schema",
            "tickets"
        ]
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn missing_log_without_create_is_an_error_and_creates_nothing() -> Result<()> {
    let url = fresh()?;
    let err = PgStore::open(&url, false).expect_err("empty database");
    assert_eq!(
        err.to_string(),
        format!(
            "no ticket log at {}; open a ticket first, or pass --db",
            redact(&url)
        )
    );
    assert!(tables(&url)?.is_empty());
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn refuses_a_foreign_database() -> Result<()> {
    let url = fresh()?;
    let client = connect(&url, &redact(&url))?;
    client.batch(
        Step::Write,
        "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);",
    )?;
    assert_refused(
        &url,
        "is a PostgreSQL database but not a slaclock ticket log; left untouched",
    )?;
    // A table of ours that some other program made does not count either.
    let url = fresh()?;
    let client = connect(&url, &redact(&url))?;
    client.batch(
        Step::Write,
        "CREATE TABLE slaclock_schema (application TEXT, version INTEGER); \
         INSERT INTO slaclock_schema VALUES ('other', 1);",
    )?;
    assert_refused(&url, "but not a slaclock ticket log")
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn the_first_requests_check_passes_only_a_current_log() -> Result<()> {
    let (url, _store) = fresh_store()?;
    let session = connect(&url, &redact(&url))?;
    let check = schema::check_sql();
    session.batch(Step::Read, &check)?;
    for (change, why) in [
        (
            "UPDATE slaclock_schema SET version = version + 1",
            "a newer version",
        ),
        (
            "UPDATE slaclock_schema SET application = 'other'",
            "another application's",
        ),
        ("DELETE FROM slaclock_schema", "no row"),
        ("DROP TABLE slaclock_schema", "no table"),
    ] {
        session.batch(Step::Write, &format!("BEGIN; {change}"))?;
        let failed = session.batch(Step::Read, &check);
        session.batch(Step::Write, "ROLLBACK")?;
        assert!(failed.is_err(), "the check passed {why}");
    }
    session.batch(Step::Read, &check)?;
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn refuses_a_newer_schema() -> Result<()> {
    let (url, store) = fresh_store()?;
    store
        .session
        .batch(Step::Write, "UPDATE slaclock_schema SET version = 99")?;
    drop(store);
    assert_refused(
        &url,
        &format!(
            "was written by a newer slaclock (schema version 99; this one knows up to {}); upgrade slaclock",
            crate::store::schema_version()
        ),
    )
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn opening_a_fresh_database_at_once_migrates_it_once() -> Result<()> {
    let url = fresh()?;
    let start = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (url, start) = (url.clone(), Arc::clone(&start));
            thread::spawn(move || -> Result<()> {
                start.wait();
                PgStore::open(&url, true).map(drop)
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("no panic")?;
    }
    let store = PgStore::open(&url, false)?;
    assert_eq!(
        schema::version(&store.session)?,
        i64::try_from(crate::store::schema_version())?
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn events_are_append_only() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let id = store.write(|tx| one_incident(tx))?;
    for sql in [
        "UPDATE events SET text = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let err = store.session.batch(Step::Write, sql).expect_err(sql);
        assert!(
            format!("{err:#}").contains("events are append-only"),
            "{sql}: {err:?}"
        );
    }
    assert_eq!(store.read(|tx| tx.events(id))?.len(), 1);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn notices_are_append_only() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let id = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        tx.record_notice(&crate::store::suite::notice(id, "breached", 900, 20))
    })?;
    for sql in [
        "UPDATE notices SET summary = 'x'",
        "DELETE FROM notices",
        "TRUNCATE notices",
    ] {
        let err = store.session.batch(Step::Write, sql).expect_err(sql);
        assert!(
            format!("{err:#}").contains("notices are append-only"),
            "{sql}: {err:?}"
        );
    }
    assert_eq!(store.read(|tx| tx.notice_count())?, 1);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn out_of_range_values_are_errors() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let id = store.write(|tx| one_incident(tx))?;
    store.session.query_sql(
        Step::Write,
        "UPDATE tickets SET current_severity = 300 WHERE id = $1",
        &[&id.0],
    )?;
    let err = store.read(|tx| tx.ticket(id)).expect_err("out of range");
    assert!(
        format!("{err:#}").contains("current_severity 300 in the ticket log is out of range"),
        "{err:#}"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn failed_write_rolls_back_and_reads_cannot_write() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let result: Result<()> = store.write(|tx| {
        let policy = tx.policy_version("h", "policy", 1)?;
        tx.insert_ticket(&ticket(Kind::Incident, policy, 100))?;
        bail!("changed my mind")
    });
    assert_eq!(result.expect_err("failed").to_string(), "changed my mind");
    store.read(|tx| {
        assert_eq!(tx.ticket_count()?, 0);
        assert!(tx.policy_versions()?.is_empty());
        assert!(tx.policy_version("h", "p", 1).is_err(), "read only");
        Ok(())
    })
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_writer_holding_the_lock_past_the_busy_timeout_makes_others_busy() -> Result<()> {
    let (url, mut first) = fresh_store()?;
    let mut second = PgStore::open(&url, false)?;
    second.set_busy_timeout(Duration::from_millis(100))?;
    first.write(|tx| {
        // The lock goes with a write's first request (issue 18).
        tx.lock()?;
        let err = second.write(|_| Ok(())).expect_err("should be busy");
        assert_eq!(
            err.to_string(),
            format!(
                "the ticket log {} is busy (another slaclock, or another program, is writing to it); try again",
                redact(&url)
            )
        );
        // Readers never wait for writers.
        assert_eq!(second.read(|tx| tx.ticket_count())?, 0);
        Ok(())
    })?;
    // Once the first is done, the second gets through.
    second.write(|tx| tx.policy_version("h", "p", 0))?;
    Ok(())
}

/// A writer whose client freezes with the lock held (a laptop's lid
/// closed mid-command, a stopped process) holds the others off only
/// `WRITE_IDLE`: the server ends its idle transaction, a writer waiting
/// within its busy timeout gets the lock, and the frozen one's change is
/// not recorded.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_frozen_writer_holds_the_others_off_only_briefly() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let id = store.write(|tx| one_incident(tx))?;
    let locked = Arc::new(Barrier::new(2));
    let frozen = {
        let (url, locked) = (url.clone(), Arc::clone(&locked));
        thread::spawn(move || -> Result<()> {
            let mut store = PgStore::open(&url, false)?;
            store.write(|tx| {
                tx.lock()?;
                tx.ticket(id)?;
                tx.append_event(&note(id, 20))?;
                locked.wait();
                thread::sleep(session::WRITE_IDLE + std::time::Duration::from_secs(2));
                Ok(())
            })
        })
    };
    locked.wait();
    let started = std::time::Instant::now();
    store.write(|tx| {
        tx.lock()?;
        tx.append_event(&note(id, 30)).map(|_| ())
    })?;
    let waited = started.elapsed();
    assert!(
        waited >= session::WRITE_IDLE / 2 && waited < session::WRITE_IDLE * 2,
        "waited {waited:?}"
    );
    assert!(frozen.join().expect("no panic").is_err());
    let ats = store.read(|tx| {
        Ok(tx
            .events(id)?
            .iter()
            .map(|e| e.event.at)
            .collect::<Vec<_>>())
    })?;
    assert_eq!(ats, [10, 30]);
    Ok(())
}

/// `migrate`'s copy has no idle limit: it may read a batch of a slow
/// source between its requests for longer than a write may pause.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_copy_may_pause_longer_than_a_write() -> Result<()> {
    let (_, mut store) = fresh_store()?;
    store.copy_write(|tx| {
        tx.ticket_count()?;
        thread::sleep(session::WRITE_IDLE + Duration::from_secs(1));
        tx.policy_version("h", "p", 0).map(|_| ())
    })?;
    assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
    Ok(())
}

/// A schema upgrade is not held to an ordinary statement's allowance: one
/// that rewrites a large log's events takes longer, and an upgrade cut off
/// at the statement timeout would be tried, and cut off, on every command.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_schema_upgrade_may_outlast_an_ordinary_statement() -> Result<()> {
    let (_, mut store) = fresh_store()?;
    store.set_busy_timeout(Duration::from_millis(100))?;
    store.session.set_statement_work(Duration::from_millis(400));
    store.session.begin(session::Mode::Write)?;
    assert!(
        store
            .session
            .batch(Step::Write, "SELECT pg_sleep(1)")
            .is_err()
    );
    store.session.rollback()?;
    store.session.begin(session::Mode::Write)?;
    store.session.upgrade_batch("SELECT pg_sleep(1)")?;
    store.session.rollback()?;
    Ok(())
}

/// `notify`'s claim lasts as long as its session: the server is asked to
/// probe the connection as the client does, so a run whose client
/// vanished frees the claim in about a minute, not two hours.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn the_notify_claim_asks_the_server_to_probe_the_connection() -> Result<()> {
    let (_, mut store) = fresh_store()?;
    assert!(store.claim_notify()?);
    let shown = |name: &str| -> Result<String> {
        let rows = store
            .session
            .query_sql(Step::Read, &format!("SHOW {name}"), &[])?;
        Ok(rows[0].get(0))
    };
    assert_eq!(shown("tcp_keepalives_idle")?, "15");
    assert_eq!(shown("tcp_keepalives_interval")?, "5");
    assert_eq!(shown("tcp_keepalives_count")?, "3");
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn writers_serialize_so_no_update_is_lost() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let id = store.write(|tx| one_incident(tx))?;
    // Each writer moves the summary's last instant on by a second.
    let first = store.read(|tx| Ok(tx.ticket(id)?.context("exists")?.summary.last_event_at))?;
    const WRITERS: usize = 8;
    const ROUNDS: usize = 10;
    let start = Arc::new(Barrier::new(WRITERS));
    let handles: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (url, start) = (url.clone(), Arc::clone(&start));
            thread::spawn(move || -> Result<()> {
                let mut store = PgStore::open(&url, false)?;
                start.wait();
                for _ in 0..ROUNDS {
                    // Read, decide, write: only safe if writers serialize.
                    store.write(|tx| {
                        let mut summary = tx.ticket(id)?.context("exists")?.summary;
                        thread::yield_now();
                        summary.escalation_level += 1;
                        summary.last_event_at += 1;
                        tx.append_event(&note(id, summary.last_event_at))?;
                        tx.set_summary(id, &summary)
                    })?;
                }
                Ok(())
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("no panic")?;
    }
    store.read(|tx| {
        let row = tx.ticket(id)?.context("exists")?;
        assert_eq!(usize::from(row.summary.escalation_level), WRITERS * ROUNDS);
        let events = tx.events(id)?;
        assert_eq!(events.len(), 1 + WRITERS * ROUNDS);
        let ats: Vec<i64> = events.iter().map(|e| e.event.at).collect();
        let expected: Vec<i64> = std::iter::once(10)
            .chain((1..=WRITERS * ROUNDS).map(|i| first + i64::try_from(i).unwrap_or(0)))
            .collect();
        assert_eq!(ats, expected);
        Ok(())
    })
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn listings_page_through_many_tickets() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let count = queries::PAGE * 2 + 17;
    let (policy, open) = store.write(|tx| {
        let policy = tx.policy_version("h", "the policy", 0)?;
        let mut open = vec![];
        for i in 0..count {
            let at = i64::try_from(i)? * 10;
            let id = tx.insert_ticket(&ticket(Kind::Incident, policy, at))?;
            // Recorded out of order: listing goes by `at`, then recording.
            tx.append_event(&note(id, at + 3))?;
            tx.append_event(&note(id, at + 1))?;
            if i % 3 == 0 {
                let mut summary = tx.ticket(id)?.context("exists")?.summary;
                summary.state = TicketState::Resolved;
                summary.resolved_at = Some(at + 3);
                summary.last_event_at = at + 3;
                tx.set_summary(id, &summary)?;
            } else {
                open.push(id);
            }
        }
        Ok((policy, open))
    })?;
    store.read(|tx| {
        for filter in [
            TicketFilter {
                include_resolved: true,
                ..Default::default()
            },
            TicketFilter::default(),
            // The log as it stood at an instant is read from the events'
            // rows, not the index alone.
            TicketFilter {
                recorded_by: Some(i64::MAX),
                ..Default::default()
            },
        ] {
            let expected: Vec<TicketId> = if filter.include_resolved {
                (1..=i64::try_from(count)?).map(TicketId).collect()
            } else {
                open.clone()
            };
            let mut seen = Vec::new();
            tx.for_each_ticket(&filter, &mut |ticket, events| {
                seen.push((ticket, events));
                Ok(())
            })?;
            let ids: Vec<TicketId> = seen.iter().map(|(t, _)| t.id).collect();
            assert_eq!(ids, expected);
            for (ticket, events) in seen {
                assert_eq!(tx.policy_text(ticket.policy_version)?, "the policy");
                assert_eq!(tx.ticket(ticket.id)?.as_ref(), Some(&ticket));
                let ats: Vec<i64> = events.iter().map(|e| e.at).collect();
                let at = ticket.reported_at;
                assert_eq!(ats, [at, at + 1, at + 3]);
                let stored = tx.events(ticket.id)?;
                assert_eq!(
                    events,
                    stored.iter().map(EventRow::clock).collect::<Vec<_>>()
                );
            }

            let mut streamed = Vec::new();
            tx.for_each_event(&filter, &mut |e| {
                streamed.push((e.event.ticket, e.event.at, e.id));
                Ok(())
            })?;
            assert_eq!(tx.policy_text(policy)?, "the policy");
            assert_eq!(streamed.len(), expected.len() * 3);
            assert!(streamed.windows(2).all(|w| w[0].0 <= w[1].0));
        }
        assert_eq!(tx.ticket_count()?, i64::try_from(count)?);
        assert_eq!(tx.event_count()?, i64::try_from(count * 3)?);
        Ok(())
    })
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn errors_leave_the_write_transaction_usable() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let id = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        let err = tx
            .append_event(&note(TicketId(99), 11))
            .expect_err("no such ticket");
        assert_eq!(
            format!("{err:#}"),
            "cannot record the \"note\" event of ticket #99: ticket #99 is not in the ticket log"
        );
        let mut bad = note(id, 12);
        bad.policy_version = Some(42);
        let err = tx.append_event(&bad).expect_err("no such policy");
        assert!(
            format!("{err:#}").ends_with("policy version 42 is missing from the ticket log"),
            "{err:#}"
        );
        let err = tx.set_policy_version(id, 42).expect_err("no such policy");
        assert_eq!(
            format!("{err:#}"),
            "cannot move ticket #1 to policy version 42: policy version 42 is missing from the ticket log"
        );
        assert_eq!(
            tx.set_policy_version(TicketId(99), policy)
                .expect_err("no such ticket")
                .to_string(),
            "ticket #99 is not in the ticket log"
        );
        // Still usable: these would fail if the transaction had aborted.
        tx.append_event(&note(id, 13))?;
        assert_eq!(tx.events(id)?.len(), 2);
        Ok(())
    })
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_lost_connection_names_the_log() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let pid: i32 = store
        .session
        .query_sql(Step::Read, "SELECT pg_backend_pid()", &[])?[0]
        .get(0);
    let other = connect(&url, &redact(&url))?;
    other.query_sql(Step::Write, "SELECT pg_terminate_backend($1)", &[&pid])?;
    let err = store
        .write(|tx| tx.policy_version("h", "p", 0))
        .expect_err("the server closed the connection");
    assert_eq!(
        err.to_string(),
        format!("lost the connection to the ticket log {}", redact(&url))
    );
    Ok(())
}
