//! The ticket log's schema: the append-only list of migrations and the code
//! that applies them. The schema version lives in `PRAGMA user_version`; each
//! migration runs in its own IMMEDIATE transaction that also bumps it.

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, TransactionBehavior};

/// Every migration ever shipped, in order. Append only: never edit or remove
/// an entry, a released file may already have run it.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: policies, tickets with their derived summary, the event log.
    r#"
CREATE TABLE policy_versions (
    id         INTEGER PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    first_seen INTEGER NOT NULL
);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    severity         INTEGER,              -- at opening
    title            TEXT NOT NULL,
    customer         TEXT,
    service          TEXT,
    reported_at      INTEGER NOT NULL,
    opened_at        INTEGER NOT NULL,     -- when it was recorded
    policy_version   INTEGER NOT NULL REFERENCES policy_versions(id),
    -- summary derived from the events by the caller, rewritten in the same
    -- transaction as each event:
    state            TEXT NOT NULL,
    current_severity INTEGER,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    last_event_at    INTEGER NOT NULL,
    resolved_at      INTEGER
);

CREATE INDEX tickets_unresolved ON tickets(id) WHERE state != 'resolved';
CREATE INDEX tickets_by_reported_at ON tickets(reported_at);
CREATE INDEX tickets_by_customer ON tickets(customer);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    at             INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    "by"           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    severity       INTEGER,
    level          INTEGER,
    next_update    INTEGER,
    reason         TEXT,
    text           TEXT,
    policy_version INTEGER REFERENCES policy_versions(id)
);

CREATE INDEX events_by_ticket ON events(ticket_id, at, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
"#,
    // 2: the board "as of" a past instant selects tickets resolved since
    // then by their last event; index it so that costs what it selects.
    r#"
CREATE INDEX tickets_by_last_event ON tickets(last_event_at);
"#,
    // 3: a ticket's events, with everything the clocks need, side by side in
    // one index: judging a board or exporting every ticket reads it in
    // order instead of seeking each event's row across the table.
    r#"
DROP INDEX events_by_ticket;
CREATE INDEX events_by_ticket ON events(ticket_id, at, id, kind, severity, level, next_update, policy_version);
"#,
    // 4: `open --ref`: an external reference (a customer's case number, an
    // alert id), unique in the log, so a retried open finds its ticket.
    // Tickets opened before have none (NULL, which the index allows many of).
    r#"
ALTER TABLE tickets ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX tickets_by_ref ON tickets(external_ref);
"#,
    // 5: `notify`: what it has sent, so each attention event is sent once
    // (and again only after `--renotify`). Append-only, like the events.
    r#"
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    concern     TEXT NOT NULL,
    clock       TEXT NOT NULL,
    occurrence  INTEGER NOT NULL,
    sent_at     INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    summary     TEXT NOT NULL
);

CREATE INDEX notices_by_event ON notices(ticket_id, concern, clock, occurrence, sent_at);

CREATE TRIGGER notices_no_update BEFORE UPDATE ON notices
BEGIN
    SELECT RAISE(ABORT, 'notices are append-only');
END;

CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
BEGIN
    SELECT RAISE(ABORT, 'notices are append-only');
END;
"#,
    // 6: owners and corrections (issue 14). A ticket's owner now, in its
    // summary, so the board selects by owner without reading events; what
    // `assign`, `edit` and `void` record beside an event's code: the new
    // owner, the field corrected with its values before and after, and the
    // event voided. The clocks need the owner and the void from every
    // event, so both join the events index (with the field, which an
    // event's kind cannot be read without). Old events have none (NULL).
    r#"
ALTER TABLE tickets ADD COLUMN owner TEXT;
CREATE INDEX tickets_by_owner ON tickets(owner);

ALTER TABLE events ADD COLUMN owner TEXT;
ALTER TABLE events ADD COLUMN field TEXT;
ALTER TABLE events ADD COLUMN voids INTEGER REFERENCES events(id);
ALTER TABLE events ADD COLUMN old_value TEXT;
ALTER TABLE events ADD COLUMN new_value TEXT;

DROP INDEX events_by_ticket;
CREATE INDEX events_by_ticket ON events(ticket_id, at, id, kind, severity, level, next_update, policy_version, owner, field, voids);
"#,
    // 7: contracts (issue 16). The contract a ticket is judged under, pinned
    // at opening beside its policy version and moved only by `policy
    // apply`; NULL is the base policy, as for every ticket opened before.
    r#"
ALTER TABLE tickets ADD COLUMN contract TEXT;
"#,
    // 8: who did it (issue 17). The database role that wrote an event, as
    // the server authenticated it; SQLite has no roles, so it stays NULL
    // here (an event copied from PostgreSQL by `migrate` keeps its role).
    r#"
ALTER TABLE events ADD COLUMN db_user TEXT;
"#,
    // 9: on PostgreSQL, `db_user` defaults to the role the server
    // authenticated. SQLite has no roles: nothing changes but the version,
    // kept step for step with PostgreSQL's.
    r#"
-- nothing to change
"#,
    // 10: the contract each pinning event pinned (an opening, a re-pin by
    // `policy apply`), beside its policy version in the events index, so
    // an earlier period is judged under the contract it had then (SPEC 6:
    // last month's figures never change), not the one pinned today. Old
    // events are filled in from what `policy apply` recorded: a re-pin
    // that changed the contract kept it before and after in `old_value`
    // and `new_value`; the ticket's row holds the contract after the last.
    // The append-only trigger is lifted for that one UPDATE only.
    r#"
ALTER TABLE events ADD COLUMN contract TEXT;

DROP TRIGGER events_no_update;
UPDATE events SET contract = CASE
    WHEN kind = 'policy' AND old_value IS NOT new_value THEN new_value
    WHEN EXISTS (SELECT 1 FROM events p WHERE p.ticket_id = events.ticket_id
                 AND p.kind = 'policy' AND p.old_value IS NOT p.new_value AND p.id < events.id)
        THEN (SELECT p.new_value FROM events p WHERE p.ticket_id = events.ticket_id
              AND p.kind = 'policy' AND p.old_value IS NOT p.new_value AND p.id < events.id
              ORDER BY p.id DESC LIMIT 1)
    WHEN EXISTS (SELECT 1 FROM events p WHERE p.ticket_id = events.ticket_id
                 AND p.kind = 'policy' AND p.old_value IS NOT p.new_value AND p.id > events.id)
        THEN (SELECT p.old_value FROM events p WHERE p.ticket_id = events.ticket_id
              AND p.kind = 'policy' AND p.old_value IS NOT p.new_value AND p.id > events.id
              ORDER BY p.id LIMIT 1)
    ELSE (SELECT t.contract FROM tickets t WHERE t.id = events.ticket_id)
END
WHERE kind IN ('opened', 'policy');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

DROP INDEX events_by_ticket;
CREATE INDEX events_by_ticket ON events(ticket_id, at, id, kind, severity, level, next_update, policy_version, owner, field, voids, contract);
"#,
    // 11: `last_event_at` is the last instant anything about a ticket
    // happened or was recorded, not only the latest event's own time: a
    // resolve back-dated with `--at` and recorded after an instant must
    // bring the ticket back onto the board "as of" that instant (2 selects
    // by it). Tickets written before are filled in from their events.
    r#"
UPDATE tickets SET last_event_at = MAX(last_event_at, opened_at,
    COALESCE((SELECT MAX(recorded_at) FROM events WHERE ticket_id = tickets.id), 0));
"#,
];

/// The schema version this build writes: the number of migrations.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// `PRAGMA application_id` of a slaclock ticket log: "SLAC".
pub const APPLICATION_ID: i32 = 0x534C_4143;

/// What a database holds, as far as slaclock is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing yet: no tables, no slaclock schema (an empty file, or a
    /// log whose creation was cut short). It is a log not yet created.
    Blank,
    /// A slaclock log at this schema version (`user_version`).
    Log(i64),
    /// Another program's database.
    Foreign,
}

/// Reads `PRAGMA user_version`.
pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Looks at what `conn` holds without writing. Run it inside a transaction
/// so its three reads see one state.
pub(crate) fn identify(conn: &Connection) -> rusqlite::Result<Found> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    Ok(if app_id == APPLICATION_ID {
        match user_version(conn)? {
            0 if objects == 0 => Found::Blank,
            version => Found::Log(version),
        }
    } else if objects == 0 {
        Found::Blank
    } else {
        Found::Foreign
    })
}

/// Initialises a blank database and applies every migration it has not
/// seen yet, each in its own IMMEDIATE transaction: the write lock is taken
/// first and what the file holds is read again under it, so of several
/// processes creating one log at once the first initialises it and the
/// others wait and find it done. `accept` sees each state found under the
/// lock and may refuse it (a foreign or newer database). An up-to-date
/// log is only read, never locked for writing. True when this call
/// initialised the database (a new log), false when it found one there.
pub(crate) fn migrate(conn: &mut Connection, accept: &dyn Fn(Found) -> Result<()>) -> Result<bool> {
    let mut started = false;
    loop {
        let found = {
            let tx = conn.unchecked_transaction()?;
            identify(&tx)?
        };
        accept(found)?;
        if found == Found::Log(i64::try_from(MIGRATIONS.len())?) {
            return Ok(started);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = identify(&tx)?;
        accept(found)?;
        let current = match found {
            Found::Blank => {
                // The mark and the first tables land in one commit.
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                started = true;
                0
            }
            Found::Log(version) => usize::try_from(version).with_context(|| {
                crate::msg!("sqlite-invalid-version", version = version.to_string())
            })?,
            Found::Foreign => bail!(crate::msg!("sqlite-not-ours")),
        };
        if let Some(sql) = MIGRATIONS.get(current) {
            let next = current + 1;
            tx.execute_batch(sql)
                .with_context(|| crate::msg!("store-cannot-migrate", step = next.to_string()))?;
            tx.pragma_update(None, "user_version", i64::try_from(next)?)?;
        }
        tx.commit()?;
    }
}

/// For the shared suite: the columns and indexes this log has, as SQLite
/// describes them (indexes made by CREATE INDEX only).
#[cfg(test)]
pub(crate) fn catalog(conn: &Connection) -> Result<crate::store::catalog::Catalog> {
    let mut catalog = crate::store::catalog::Catalog::default();
    for table in crate::store::catalog::TABLES {
        let mut columns = conn.prepare(
            "SELECT name, lower(type), \"notnull\" OR pk FROM pragma_table_info($1) ORDER BY cid",
        )?;
        for column in columns.query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (name, declared, not_null) = column?;
            catalog
                .columns
                .push((table.to_string(), name, declared, not_null));
        }
        let mut indexes = conn.prepare(
            "SELECT name, \"unique\", partial FROM pragma_index_list($1) \
             WHERE origin = 'c' ORDER BY name",
        )?;
        let found = indexes
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<(String, bool, bool)>>>()?;
        for (name, unique, partial) in found {
            let mut keys = conn.prepare("SELECT name FROM pragma_index_info($1) ORDER BY seqno")?;
            let keys = keys
                .query_map([&name], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            catalog
                .indexes
                .push((name, table.to_string(), keys, unique, partial));
        }
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_migrations_apply_in_memory() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        assert_eq!(identify(&conn)?, Found::Blank);
        assert!(
            migrate(&mut conn, &|_| Ok(()))?,
            "a blank database is started"
        );
        assert_eq!(user_version(&conn)?, i64::try_from(MIGRATIONS.len())?);
        assert_eq!(
            identify(&conn)?,
            Found::Log(i64::try_from(MIGRATIONS.len())?)
        );
        // Running again is a no-op, and starts nothing.
        assert!(!migrate(&mut conn, &|_| Ok(()))?);
        assert_eq!(user_version(&conn)?, i64::try_from(MIGRATIONS.len())?);
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(tables, 4);
        Ok(())
    }

    /// A log at schema `version` (its first migrations only) at `path`,
    /// with the rows `rows` inserts: a log an older slaclock wrote, for the
    /// next open to upgrade.
    fn log_at_schema(path: &std::path::Path, version: usize, rows: &str) -> Result<()> {
        let conn = Connection::open(path)?;
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql)?;
        }
        conn.pragma_update(None, "user_version", i64::try_from(version)?)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.execute_batch(rows)?;
        Ok(())
    }

    /// A log written before `open --ref` existed (schema 3) is upgraded in
    /// place: its tickets are kept, with no ref, and refs work from then on.
    #[test]
    fn a_schema_3_log_gains_refs_and_keeps_its_tickets() -> Result<()> {
        use crate::store::{Location, Store, suite::ticket};
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("old.db");
        log_at_schema(
            &path,
            3,
            "INSERT INTO policy_versions VALUES (1, 'h', 'p', 0);
             INSERT INTO tickets (kind, title, reported_at, opened_at, policy_version, state, last_event_at)
             VALUES ('incident', 'old', 10, 10, 1, 'open', 10), ('inquiry', 'older', 5, 5, 1, 'open', 5);",
        )?;
        let mut store = Store::open(
            &Location::Sqlite(path.clone()),
            crate::store::OpenMode::Write,
        )?;
        let id = store.write(|tx| {
            let old = crate::store::suite::tickets(tx, &crate::store::TicketFilter::default())?;
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
        drop(store);
        assert_eq!(
            user_version(&Connection::open(&path)?)?,
            i64::try_from(MIGRATIONS.len())?
        );
        Ok(())
    }

    /// A log written before owners and corrections (schema 5) is upgraded
    /// in place by migration 6: its tickets and events are kept, owned by
    /// nobody, and owners, edits and voids work from then on.
    #[test]
    fn a_schema_5_log_gains_owners_and_keeps_its_events() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("old.db");
        log_at_schema(
            &path,
            5,
            "INSERT INTO policy_versions VALUES (1, 'h', 'p', 0);
             INSERT INTO tickets (kind, severity, title, reported_at, opened_at, policy_version, state, current_severity, last_event_at, external_ref)
             VALUES ('incident', 1, 'old', 10, 10, 1, 'open', 1, 20, 'CASE-5');
             INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, policy_version)
             VALUES (1, 10, 10, 'alice', 'opened', 1, 1);
             INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, text)
             VALUES (1, 20, 20, 'alice', 'updated', 'on it');",
        )?;
        let mut store = crate::store::Store::open(
            &crate::store::Location::Sqlite(path.clone()),
            crate::store::OpenMode::Write,
        )?;
        crate::store::suite::a_schema_5_log_upgraded_keeps_its_events(&mut store)?;
        drop(store);
        assert_eq!(
            user_version(&Connection::open(&path)?)?,
            i64::try_from(MIGRATIONS.len())?
        );
        Ok(())
    }

    /// A log written before each pinning event kept its contract (schema
    /// 9) is upgraded in place by migration 10 (see the shared check it
    /// runs), and the append-only trigger it lifted is back.
    #[test]
    fn a_schema_9_log_learns_the_contract_of_each_pin() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("old.db");
        log_at_schema(&path, 9, crate::store::suite::SCHEMA_9_CONTRACTS)?;
        let mut store = crate::store::Store::open(
            &crate::store::Location::Sqlite(path.clone()),
            crate::store::OpenMode::Write,
        )?;
        crate::store::suite::a_schema_9_log_upgraded_knows_each_pins_contract(&mut store)?;
        drop(store);
        let conn = Connection::open(&path)?;
        let err = conn
            .execute("UPDATE events SET contract = 'forged'", [])
            .unwrap_err();
        assert!(err.to_string().contains("events are append-only"), "{err}");
        Ok(())
    }

    /// A log whose tickets were resolved by back-dated events (schema 10)
    /// is upgraded in place by migration 11: see the shared check it runs.
    #[test]
    fn a_schema_10_log_learns_when_each_ticket_was_last_recorded() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("old.db");
        log_at_schema(&path, 10, crate::store::suite::SCHEMA_10_BACKDATED)?;
        let mut store = crate::store::Store::open(
            &crate::store::Location::Sqlite(path.clone()),
            crate::store::OpenMode::Write,
        )?;
        crate::store::suite::a_schema_10_log_upgraded_knows_when_each_ticket_was_recorded(
            &mut store,
        )
    }
}
