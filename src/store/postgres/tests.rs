//! Tests of what only the PostgreSQL store has: refusing databases that are
//! not ours, the advisory write lock and its busy message, triggers, paging,
//! URL redaction. The shared behaviour is tested in `store/suite.rs`. Tests
//! that need a server are ignored unless run with `--include-ignored` and
//! `SLACLOCK_TEST_POSTGRES` set, so without one they count as skipped.

use std::sync::{Arc, Barrier};
use std::thread;

use anyhow::{Context, Result, bail};

use super::*;
use crate::store::suite::ticket;
use crate::store::{NewEvent, TicketFilter, TicketId};

/// A fresh, empty database on the test server.
fn fresh() -> Result<String> {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").context(
        "SLACLOCK_TEST_POSTGRES is not set: run these tests through .ci/run, or point it at a PostgreSQL server",
    )?;
    fresh_database(&server)
}

/// A fresh ticket log and its URL.
fn fresh_store() -> Result<(String, PgStore)> {
    let url = fresh()?;
    let store = PgStore::open(&url, true)?;
    Ok((url, store))
}

/// The tables of the database's public schema, sorted.
fn tables(url: &str) -> Result<Vec<String>> {
    let mut client = connect(url, &redact(url))?;
    let rows = client.query(
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

fn note(ticket: TicketId, at: i64) -> NewEvent {
    NewEvent {
        ticket,
        at,
        recorded_at: at,
        by: "carol".to_owned(),
        kind: "note".into(),
        severity: None,
        level: None,
        next_update: None,
        reason: None,
        text: Some(format!("note at {at}")),
        policy_version: None,
    }
}

#[test]
fn redact_hides_passwords() {
    let cases = [
        (
            "postgres://user:secret@host/db",
            "postgres://user:***@host/db",
        ),
        (
            "postgresql://user:s3/cr@t@host:5432/db?sslmode=disable",
            "postgresql://user:***@host:5432/db?sslmode=disable",
        ),
        (
            "postgres://user@host/db?password=secret&application_name=x",
            "postgres://user@host/db?password=***&application_name=x",
        ),
        ("postgres://host/db", "postgres://host/db"),
        ("postgres://user@host/db", "postgres://user@host/db"),
        ("postgres://user:@host/db", "postgres://user:***@host/db"),
    ];
    for (url, shown) in cases {
        assert_eq!(redact(url), shown, "{url}");
        assert!(!redact(url).contains("secret") && !redact(url).contains("s3/cr"));
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
fn lock_timeout_is_never_zero() {
    assert_eq!(lock_timeout(Duration::ZERO), "1ms");
    assert_eq!(lock_timeout(Duration::from_secs(10)), "10000ms");
    assert_eq!(lock_timeout(Duration::MAX), format!("{}ms", i32::MAX));
}

#[test]
fn connection_failure_is_one_line_naming_the_redacted_url() {
    // Port 1 on loopback: nothing listens there.
    let url = "postgres://someone:hunter2@127.0.0.1:1/tickets?connect_timeout=2";
    let err = PgStore::open(url, true).expect_err("nothing listens on port 1");
    let message = format!("{err:#}");
    assert!(
        message.starts_with(
            "cannot connect to the ticket log postgres://someone:***@127.0.0.1:1/tickets?connect_timeout=2: "
        ),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
    assert!(!message.contains('\n'), "{message}");
    let bad =
        PgStore::open("postgres://someone:hunter2@host:notaport/db", true).expect_err("bad port");
    let message = format!("{bad:#}");
    assert!(
        message.starts_with(
            "cannot connect to the ticket log postgres://someone:***@host:notaport/db: "
        ),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn creates_schema_and_reopens_idempotently() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let known = i64::try_from(crate::store::schema_version())?;
    assert_eq!(schema::version(&mut store.client)?, known);
    let id = store.write(|tx| tx.policy_version("h", "policy", 1))?;
    drop(store);
    for create in [false, true] {
        let mut store = PgStore::open(&url, create)?;
        assert_eq!(schema::version(&mut store.client)?, known);
        assert_eq!(store.read(|tx| tx.policy_text(id))?, "policy");
        assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
    }
    assert_eq!(
        tables(&url)?,
        ["events", "policy_versions", "slaclock_schema", "tickets"]
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
    let mut client = connect(&url, &redact(&url))?;
    client.batch_execute("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);")?;
    assert_refused(
        &url,
        "is a PostgreSQL database but not a slaclock ticket log; left untouched",
    )?;
    // A table of ours that some other program made does not count either.
    let url = fresh()?;
    let mut client = connect(&url, &redact(&url))?;
    client.batch_execute(
        "CREATE TABLE slaclock_schema (application TEXT, version INTEGER); \
         INSERT INTO slaclock_schema VALUES ('other', 1);",
    )?;
    assert_refused(&url, "but not a slaclock ticket log")
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn refuses_a_newer_schema() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    store
        .client
        .batch_execute("UPDATE slaclock_schema SET version = 99")?;
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
    let mut store = PgStore::open(&url, false)?;
    assert_eq!(
        schema::version(&mut store.client)?,
        i64::try_from(crate::store::schema_version())?
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn events_are_append_only() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let id = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        tx.insert_ticket(&ticket("incident", policy, 10))
    })?;
    for sql in [
        "UPDATE events SET text = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let err = store.client.batch_execute(sql).expect_err(sql);
        assert!(
            describe(&err).contains("events are append-only"),
            "{sql}: {err:?}"
        );
    }
    assert_eq!(store.read(|tx| tx.events(id))?.len(), 1);
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn out_of_range_values_are_errors() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let id = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        tx.insert_ticket(&ticket("incident", policy, 10))
    })?;
    store.client.execute(
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
        tx.insert_ticket(&ticket("incident", policy, 100))?;
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
    first.write(|_| {
        let err = second.write(|_| Ok(())).expect_err("should be busy");
        assert_eq!(
            err.to_string(),
            format!(
                "the ticket log {} is busy (another slaclock is writing); try again",
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

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn writers_serialize_so_no_update_is_lost() -> Result<()> {
    let (url, mut store) = fresh_store()?;
    let id = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        tx.insert_ticket(&ticket("incident", policy, 10))
    })?;
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
            .chain((1..=WRITERS * ROUNDS).map(|i| 10 + i64::try_from(i).unwrap_or(0)))
            .collect();
        assert_eq!(ats, expected);
        Ok(())
    })
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn listings_page_through_many_tickets_and_callbacks_may_query() -> Result<()> {
    let (_url, mut store) = fresh_store()?;
    let count = queries::PAGE * 2 + 17;
    let policy = store.write(|tx| {
        let policy = tx.policy_version("h", "the policy", 0)?;
        for i in 0..count {
            let at = i64::try_from(i)? * 10;
            let id = tx.insert_ticket(&ticket("incident", policy, at))?;
            // Recorded out of order: listing goes by `at`, then recording.
            tx.append_event(&note(id, at + 3))?;
            tx.append_event(&note(id, at + 1))?;
            if i % 3 == 0 {
                let mut summary = tx.ticket(id)?.context("exists")?.summary;
                summary.state = "resolved".into();
                summary.resolved_at = Some(at + 3);
                summary.last_event_at = at + 3;
                tx.set_summary(id, &summary)?;
            }
        }
        Ok(policy)
    })?;
    store.read(|tx| {
        for filter in [
            TicketFilter {
                include_resolved: true,
                ..Default::default()
            },
            TicketFilter::default(),
            TicketFilter {
                brief: true,
                ..Default::default()
            },
        ] {
            let expected = tx.tickets(&filter)?;
            let mut seen = Vec::new();
            tx.for_each_ticket(&filter, &mut |ticket, events| {
                // The callback may read while the walk is under way.
                assert_eq!(tx.policy_text(ticket.policy_version)?, "the policy");
                assert_eq!(tx.ticket(ticket.id)?.as_ref(), Some(&ticket));
                let ats: Vec<i64> = events.iter().map(|e| e.event.at).collect();
                let at = ticket.reported_at;
                assert_eq!(ats, [at, at + 1, at + 3]);
                if filter.brief {
                    assert!(events.iter().all(|e| e.event.text.is_none()));
                } else {
                    assert_eq!(events, tx.events(ticket.id)?);
                }
                seen.push(ticket);
                Ok(())
            })?;
            assert_eq!(seen, expected);

            let mut streamed = Vec::new();
            tx.for_each_event(&filter, &mut |e| {
                assert_eq!(tx.policy_text(policy)?, "the policy");
                streamed.push((e.event.ticket, e.event.at, e.id));
                Ok(())
            })?;
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
        let id = tx.insert_ticket(&ticket("incident", policy, 10))?;
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
        .client
        .query_one("SELECT pg_backend_pid()", &[])?
        .get(0);
    let mut other = connect(&url, &redact(&url))?;
    other.execute("SELECT pg_terminate_backend($1)", &[&pid])?;
    let err = store
        .write(|tx| tx.policy_version("h", "p", 0))
        .expect_err("the server closed the connection");
    assert_eq!(
        err.to_string(),
        format!("lost the connection to the ticket log {}", redact(&url))
    );
    Ok(())
}
