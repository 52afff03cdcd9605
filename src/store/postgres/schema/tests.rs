//! Tests of the PostgreSQL schema: its migrations, and the upgrade of a
//! log an older slaclock wrote.

use super::*;
use anyhow::Context as _;

/// Both stores also end with the same columns and indexes: see the
/// shared suite's `the_schema_is_the_one_both_stores_share`.
#[test]
fn as_many_migrations_as_the_sqlite_store() {
    assert_eq!(MIGRATIONS.len(), crate::store::schema_version());
}

/// A fresh database holding a log at schema `version` (its first
/// migrations only), with the rows `rows` inserts: a log an older
/// slaclock wrote, for the next open to upgrade.
fn log_at_schema(version: usize, rows: &str) -> Result<String> {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES")
        .context("SLACLOCK_TEST_POSTGRES names a PostgreSQL server")?;
    let url = super::super::fresh_database(&server)?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let mut tx = client.transaction()?;
    tx.batch_execute(SCHEMA_TABLE)?;
    for sql in &MIGRATIONS[..version] {
        tx.batch_execute(sql)?;
    }
    tx.execute(
        "INSERT INTO slaclock_schema (application, version) VALUES ($1, $2)",
        &[&APPLICATION, &i32::try_from(version)?],
    )?;
    tx.batch_execute(rows)?;
    tx.commit()?;
    Ok(url)
}

/// A log written before `open --ref` existed (schema 3) is upgraded in
/// place: its tickets are kept, with no ref, and refs work from then on.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_schema_3_log_gains_refs_and_keeps_its_tickets() -> Result<()> {
    use crate::store::suite::ticket;
    use crate::store::{Location, Store, TicketFilter};
    let url = log_at_schema(
        3,
        "INSERT INTO policy_versions (id, hash, text, first_seen) VALUES (1, 'h', 'p', 0);
         INSERT INTO tickets (kind, title, reported_at, opened_at, policy_version, state, last_event_at)
         VALUES ('incident', 'old', 10, 10, 1, 'open', 10), ('inquiry', 'older', 5, 5, 1, 'open', 5);",
    )?;
    let mut store = Store::open(
        &Location::Postgres(url.clone()),
        crate::store::OpenMode::Write,
    )?;
    let id = store.write(|tx| {
        let old = crate::store::suite::tickets(tx, &TicketFilter::default())?;
        assert_eq!(old.len(), 2);
        assert!(old.iter().all(|t| t.external_ref.is_none()));
        let mut new = ticket(crate::model::Kind::Incident, 1, 20);
        new.external_ref = Some("CASE-9".into());
        tx.insert_ticket(&new)
    })?;
    assert_eq!(
        store.read(|tx| tx.ticket_by_ref("CASE-9"))?.map(|t| t.id),
        Some(id)
    );
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let row = client.query_one(
        "SELECT version FROM slaclock_schema WHERE application = $1",
        &[&APPLICATION],
    )?;
    assert_eq!(usize::try_from(row.get::<_, i32>(0))?, MIGRATIONS.len());
    Ok(())
}

/// A log written before owners and corrections (schema 5) is upgraded
/// in place by migration 6: see the shared check it runs.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_schema_5_log_gains_owners_and_keeps_its_events() -> Result<()> {
    use crate::store::{Location, Store};
    let url = log_at_schema(
        5,
        "INSERT INTO policy_versions (id, hash, text, first_seen) VALUES (1, 'h', 'p', 0);
         INSERT INTO tickets (id, kind, severity, title, reported_at, opened_at, policy_version, state, current_severity, last_event_at, external_ref)
         VALUES (1, 'incident', 1, 'old', 10, 10, 1, 'open', 1, 20, 'CASE-5');
         INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, policy_version)
         VALUES (1, 10, 10, 'alice', 'opened', 1, 1);
         INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, text)
         VALUES (1, 20, 20, 'alice', 'updated', 'on it');",
    )?;
    let mut store = Store::open(
        &Location::Postgres(url.clone()),
        crate::store::OpenMode::Write,
    )?;
    crate::store::suite::a_schema_5_log_upgraded_keeps_its_events(&mut store)?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let row = client.query_one("SELECT version FROM slaclock_schema", &[])?;
    assert_eq!(
        usize::try_from(row.get::<_, i32>(0))?,
        crate::store::schema_version()
    );
    Ok(())
}

/// A log written before each pinning event kept its contract (schema
/// 9) is upgraded in place by migration 10 (see the shared check it
/// runs), and the append-only trigger it turned off is on again.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_schema_9_log_learns_the_contract_of_each_pin() -> Result<()> {
    use crate::store::{Location, Store};
    let url = log_at_schema(9, crate::store::suite::SCHEMA_9_CONTRACTS)?;
    let mut store = Store::open(
        &Location::Postgres(url.clone()),
        crate::store::OpenMode::Write,
    )?;
    crate::store::suite::a_schema_9_log_upgraded_knows_each_pins_contract(&mut store)?;
    drop(store);
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let err = client
        .batch_execute("UPDATE events SET contract = 'forged'")
        .unwrap_err();
    let err = err.as_db_error().context("the server refuses")?.message();
    assert_eq!(err, "events are append-only");
    Ok(())
}

/// A log whose tickets were resolved by back-dated events (schema 10) is
/// upgraded in place by migration 11: see the shared check it runs.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_schema_10_log_learns_when_each_ticket_was_last_recorded() -> Result<()> {
    use crate::store::{Location, Store};
    let url = log_at_schema(10, crate::store::suite::SCHEMA_10_BACKDATED)?;
    let mut store = Store::open(&Location::Postgres(url), crate::store::OpenMode::Write)?;
    crate::store::suite::a_schema_10_log_upgraded_knows_when_each_ticket_was_recorded(&mut store)
}
