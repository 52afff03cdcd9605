//! The ticket log: support tickets and their append-only event log (and
//! the append-only record of the notices `notify` has sent), kept in one
//! SQLite file or in a PostgreSQL database shared by a team. This module
//! owns every line of SQL in slaclock. Nothing outside it knows which store
//! is in use: the rest of the program sees `Store` and the `Tx` trait, and
//! plain rows typed with `model`'s vocabulary. It knows nothing of SLA
//! rules or printing.
//!
//! One layer, two dialects only where they differ: `rows.rs` holds the rows
//! and their decoders, `sql.rs` the statements both dialects share, the one
//! filter builder and the one `Tx` and `CopyTx`; `sqlite/` and `postgres/`
//! hold opening, schemas, transactions and what each dialect writes its own
//! way; the shared `suite.rs` holds both stores to the same behaviour and
//! `catalog.rs` their schemas to one description.
//!
//! Where a log lives (a path, a connection string, or a slip of one that
//! must not become a file) is `location.rs`.

#[cfg(test)]
mod catalog;
mod location;
mod postgres;
mod rows;
mod sql;
mod sqlite;
#[cfg(test)]
mod suite;

use std::path::Path;

use anyhow::{Context as _, Result};
use std::os::unix::fs::OpenOptionsExt;

pub use location::{Location, OfLog};
pub use sqlite::{Exposure, exposures, schema_version};

pub use crate::model::TicketId;
use crate::model::{Field, Kind};
pub use rows::{
    ClockEvent, Correction, EventRow, NewEvent, NewNotice, NewTicket, NoticeRow, PolicyVersion,
    SentNotice, Summary, TicketRow,
};

/// What a SQLite log's `notify` lock adds to the log's name: the file
/// beside it that one `notify` run at a time holds (`claim_notify`).
pub const NOTIFY_LOCK: &str = ".notify-lock";

/// Everything a command asks of the ticket log inside one transaction.
/// Both stores implement it, once, in `sql.rs`; the shared suite
/// (`suite.rs`) holds them to the same behaviour. Methods take `&mut self`:
/// a command reads what it needs (the policy versions, say) before it walks
/// the tickets, and a walk's callback cannot reach back into the store.
pub trait Tx {
    /// Makes sure the write lock is held: PostgreSQL takes it with a
    /// write's first request (in the same round trip), SQLite with BEGIN
    /// IMMEDIATE. A write reads the clock only once it holds the lock (so
    /// what it records as "now" follows every commit before it): after its
    /// first request, or after this.
    fn lock(&mut self) -> Result<()>;
    /// In a transaction `Store::write_seeing` began, once its first
    /// request is made: the newest event id the log held just before the
    /// write lock was taken. None in any other.
    fn seen_before_lock(&self) -> Option<i64>;
    /// The id of the policy version with `hash`, inserting it if new.
    fn policy_version(&mut self, hash: &str, text: &str, now: i64) -> Result<i64>;
    fn policy_text(&mut self, id: i64) -> Result<String>;
    fn policy_versions(&mut self) -> Result<Vec<PolicyVersion>>;
    /// Inserts the ticket and its `opened` event. A reference another
    /// ticket holds is a [`RefTaken`] error (the unique index's answer: a
    /// caller looks the reference up first, in the same transaction); on
    /// PostgreSQL the transaction can then only be rolled back.
    fn insert_ticket(&mut self, t: &NewTicket) -> Result<TicketId>;
    /// `insert_ticket`, then the ticket and its events read back: the last
    /// thing `open` writes, which a store may send with its COMMIT (see
    /// `finish_change`).
    fn finish_open(&mut self, t: &NewTicket) -> Result<(TicketRow, Vec<EventRow>)>;
    fn ticket(&mut self, id: TicketId) -> Result<Option<TicketRow>>;
    /// The ticket holding this external reference, if any.
    fn ticket_by_ref(&mut self, reference: &str) -> Result<Option<TicketRow>>;
    /// `ticket_by_ref`, and the id of the policy version with `hash` (whose
    /// `text` is given, to be kept for `policy_text`) if it is stored, at once where a store can ask for both in one go
    /// (PostgreSQL: one round trip, so `open --ref` waits on the server
    /// no more than `open` does). Nothing is written.
    fn ticket_by_ref_and_policy(
        &mut self,
        reference: &str,
        hash: &str,
        text: &str,
    ) -> Result<(Option<TicketRow>, Option<i64>)>;
    /// A ticket's events, by `at` then order of recording.
    fn events(&mut self, id: TicketId) -> Result<Vec<EventRow>>;
    /// `ticket` and `events` at once, where a store can ask for both in
    /// one go (PostgreSQL: one round trip, which also brings the texts of
    /// the policy versions they name for `policy_text`).
    fn ticket_with_events(&mut self, id: TicketId) -> Result<Option<(TicketRow, Vec<EventRow>)>>;
    fn append_event(&mut self, e: &NewEvent) -> Result<i64>;
    fn set_summary(&mut self, id: TicketId, s: &Summary) -> Result<()>;
    /// Sets one detail of a ticket to its corrected value (`edit`, or a
    /// void of an edit). A reference another ticket holds is refused by
    /// the unique index: the caller looks it up first, in the same
    /// transaction (on PostgreSQL the refusal leaves it only to roll back).
    fn set_detail(&mut self, id: TicketId, field: Field, value: Option<&str>) -> Result<()>;
    fn set_policy_version(&mut self, id: TicketId, version: i64) -> Result<()>;
    /// Re-pins a ticket's contract (`None`: the base policy).
    fn set_contract(&mut self, id: TicketId, contract: Option<&str>) -> Result<()>;
    /// The end of a change to one ticket: `writes` in order (as
    /// `append_event` and `set_detail`), then its new summary (as
    /// `set_summary`), then the ticket and its events read back as they
    /// now stand. A store may send all of it and its COMMIT at once
    /// (PostgreSQL does, so a change waits on the server once for it): it
    /// is the last thing a write transaction writes, and what follows it
    /// must not fail. `writes` holds at least one event.
    fn finish_change(
        &mut self,
        id: TicketId,
        writes: &[Write],
        summary: &Summary,
    ) -> Result<(TicketRow, Vec<EventRow>)>;
    /// Every selected ticket, by id, with its events in order as the clocks
    /// need them, without holding the whole log in memory.
    fn for_each_ticket(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, Vec<ClockEvent>) -> Result<()>,
    ) -> Result<()>;
    /// `for_each_ticket`, each ticket's events lent for the call only: on
    /// SQLite they come from one buffer the walk clears for each ticket,
    /// so a command that judges and lets go (the board, `check`, `export`,
    /// `report`) allocates nothing per ticket for them.
    fn for_each_ticket_lent(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(TicketRow, &[ClockEvent]) -> Result<()>,
    ) -> Result<()>;
    /// The corrections `edit` made to `field` of the selected tickets, in
    /// the order they were recorded, whenever that was (`recorded_by` is
    /// not applied: a caller finds the value at a past instant from the
    /// `edited` and `void` events recorded by then).
    fn corrections(&mut self, f: &TicketFilter, field: Field) -> Result<Vec<Correction>>;
    /// The events of the selected tickets, by ticket, `at`, order of recording.
    fn for_each_event(
        &mut self,
        f: &TicketFilter,
        each: &mut dyn FnMut(EventRow) -> Result<()>,
    ) -> Result<()>;
    /// The `n` most recently opened tickets, newest first.
    fn recent_ids(&mut self, n: usize) -> Result<Vec<TicketId>>;
    /// The tickets not resolved, by id.
    fn open_ids(&mut self) -> Result<Vec<TicketId>>;
    /// Records one notification `notify` has sent (append-only).
    fn record_notice(&mut self, n: &NewNotice) -> Result<i64>;
    /// What has been sent about the tickets not resolved: per ticket,
    /// concern, clock and occurrence, when last and how often.
    fn sent_notices(&mut self) -> Result<Vec<SentNotice>>;
    /// The id of the newest event (0 if there is none). Every change to a
    /// ticket appends an event, so a new id means a change.
    fn latest_event_id(&mut self) -> Result<i64>;
    /// The latest instant anything was recorded in the log, by the clock
    /// of the machine that recorded it (whichever row came last); none in
    /// a log without tickets.
    fn latest_recorded_at(&mut self) -> Result<Option<i64>>;
}

/// One of the writes of `Tx::finish_change`.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// An event appended (`Tx::append_event`).
    Event(NewEvent),
    /// A detail of the ticket set to its corrected value (`Tx::set_detail`).
    Detail(Field, Option<String>),
}

/// What only `migrate` asks of a ticket log, on top of `Tx`: rows read
/// and written as they are stored, ids included, and the counts the copy
/// is checked against. Handed out by `Store::migration_read` and
/// `Store::migration_write`.
pub trait CopyTx: Tx {
    /// Every ticket, by id, with its events as stored.
    fn for_each_stored_ticket(
        &mut self,
        each: &mut dyn FnMut(TicketRow, Vec<EventRow>) -> Result<()>,
    ) -> Result<()>;
    fn ticket_count(&mut self) -> Result<i64>;
    fn event_count(&mut self) -> Result<i64>;
    fn notice_count(&mut self) -> Result<i64>;
    /// Every notification `notify` has sent, by id.
    fn notices(&mut self) -> Result<Vec<NoticeRow>>;
    /// Copies a row as it is, keeping its id.
    fn copy_policy_version(&mut self, v: &PolicyVersion) -> Result<()>;
    fn copy_ticket(&mut self, t: &TicketRow) -> Result<()>;
    fn copy_event(&mut self, e: &EventRow) -> Result<()>;
    fn copy_notice(&mut self, n: &NoticeRow) -> Result<()>;
    /// After copying with explicit ids, new rows continue after the
    /// highest one.
    fn finish_copy(&mut self) -> Result<()>;
}

/// Another reader of the snapshot a read transaction sees (see
/// `Store::read_with_readers`); it can be sent to another thread.
#[derive(Debug)]
pub struct Reader(sqlite::Reader);

impl Reader {
    /// Runs `f` in the reader's transaction.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        self.0.read(|tx| f(tx))
    }
}

/// What a command will do with the ticket log, which decides how it is
/// opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Only read it (`status`, `check`, `export`, `report`, the source of
    /// `migrate`): a read-only connection that changes nothing and, for a
    /// file, creates no file beside it, so a reader without write access
    /// can read it and never locks its owner out.
    Read,
    /// Read and write a log that exists (`update`, `note`, `policy apply`).
    Write,
    /// Write, creating the log first if there is none yet (`open`, the
    /// target of `migrate`): a file and its folder, or the schema in an
    /// empty PostgreSQL database.
    Create,
}

/// An open ticket log.
pub enum Store {
    Sqlite(Box<sqlite::SqliteStore>),
    Postgres(Box<postgres::PgStore>),
}

impl Store {
    /// Opens the log for `mode`. A file or database that is not a slaclock
    /// log, or was written by a newer slaclock, is refused before anything
    /// is written to it. (PostgreSQL reads in READ ONLY transactions
    /// whatever the mode; only `Create` creates its schema.)
    pub fn open(location: &Location, mode: OpenMode) -> Result<Store> {
        Ok(match location {
            Location::Sqlite(path) => {
                Store::Sqlite(Box::new(sqlite::SqliteStore::open(path, mode)?))
            }
            Location::Postgres(url) => Store::Postgres(Box::new(postgres::PgStore::connect(
                url,
                mode == OpenMode::Create,
            )?)),
        })
    }

    /// `open` for `migrate`'s target, to be written by one copy
    /// (`migration_write`): a new SQLite file is made at once (`migrate`
    /// removes it if the copy fails); an empty PostgreSQL database gets its
    /// schema inside the copy's own transaction, so a copy that fails
    /// leaves it empty. Until then a read of that database finds no log
    /// there (`NoLog`).
    pub fn open_copy_target(location: &Location) -> Result<Store> {
        match location {
            Location::Postgres(url) => Ok(Store::Postgres(Box::new(
                postgres::PgStore::connect_copy_target(url)?,
            ))),
            Location::Sqlite(_) => Store::open(location, OpenMode::Create),
        }
    }

    /// `open`, giving up connecting to a PostgreSQL server after `limit`
    /// whatever its connection string allows (the shell's completion,
    /// which a frozen server must not hold for the usual 10 s).
    pub fn open_within(
        location: &Location,
        mode: OpenMode,
        limit: std::time::Duration,
    ) -> Result<Store> {
        match location {
            Location::Postgres(url) => Ok(Store::Postgres(Box::new(
                postgres::PgStore::connect_within(url, mode == OpenMode::Create, limit)?,
            ))),
            Location::Sqlite(_) => Store::open(location, mode),
        }
    }

    /// How long a write waits for another writer before giving up.
    pub fn set_busy_timeout(&mut self, timeout: std::time::Duration) -> Result<()> {
        match self {
            Store::Sqlite(s) => s.set_busy_timeout(timeout),
            Store::Postgres(s) => s.set_busy_timeout(timeout),
        }
    }

    /// Where a PostgreSQL log at `location` is looked for (`host:port`,
    /// or a socket's path), whatever set it: for a message about a server
    /// that has not answered yet. None for a file, or where it cannot be
    /// said.
    pub fn server_of(location: &Location) -> Option<String> {
        match location {
            Location::Postgres(url) => postgres::PgStore::places(url),
            Location::Sqlite(_) => None,
        }
    }

    /// The server this PostgreSQL log is read from, as `server_of` names
    /// it; None for a file.
    pub fn server(&self) -> Option<&str> {
        match self {
            Store::Sqlite(_) => None,
            Store::Postgres(s) => s.place(),
        }
    }

    /// The file, if the log is one (for permission checks).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Store::Sqlite(s) => Some(s.path()),
            Store::Postgres(_) => None,
        }
    }

    /// Whether opening it started a new SQLite log (a new file, or one
    /// that held no log yet). A PostgreSQL database given its schema by
    /// `open` is not counted: its name was typed against a server that
    /// knows it, where a mistyped file path starts a log nobody watches.
    pub fn started_file(&self) -> bool {
        match self {
            Store::Sqlite(s) => s.started(),
            Store::Postgres(_) => false,
        }
    }

    /// Claims the right to send this log's alerts (`notify`) until the
    /// claim is dropped or the process ends, without blocking any other
    /// command: `None` when another `notify` holds it. On SQLite, an
    /// advisory lock on a file beside the log (`LOG.notify-lock`); on
    /// PostgreSQL, a session advisory lock, released with the connection.
    pub fn claim_notify(&mut self) -> Result<Option<NotifyClaim>> {
        match self {
            Store::Sqlite(s) => {
                use std::os::fd::AsRawFd;
                let mut path = s.path().as_os_str().to_owned();
                path.push(NOTIFY_LOCK);
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .mode(0o600)
                    .open(&path)
                    .with_context(|| {
                        crate::msg!(
                            "notify-cannot-claim",
                            path = std::path::Path::new(&path).display().to_string()
                        )
                    })?;
                // SAFETY: flock on a descriptor this function owns.
                let taken = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
                Ok((taken == 0).then_some(NotifyClaim(Some(file))))
            }
            Store::Postgres(s) => Ok(s.claim_notify()?.then_some(NotifyClaim(None))),
        }
    }

    /// One transaction that holds the log's write lock from its first
    /// statement: committed if `f` returns Ok, rolled back otherwise. Two
    /// writers never interleave, so a check made inside holds until commit.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.write(|tx| f(tx)),
            Store::Postgres(s) => s.write(|tx| f(tx)),
        }
    }

    /// `write`, with `Tx::seen_before_lock` answering the newest event id
    /// the log held before this command could change it: `noted`, read
    /// earlier by the caller, else read just before the write lock is
    /// taken (on PostgreSQL in the same round trip). An event after it was
    /// recorded by another command that held the lock first, one that
    /// started at the same instant as this one.
    pub fn write_seeing<T>(
        &mut self,
        noted: Option<i64>,
        f: impl FnOnce(&mut dyn Tx) -> Result<T>,
    ) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.write_seeing(noted, |tx| f(tx)),
            Store::Postgres(s) => s.write_seeing(noted, |tx| f(tx)),
        }
    }

    /// One transaction over a consistent snapshot; nothing it writes is kept.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.read(|tx| f(tx)),
            Store::Postgres(s) => s.read(|tx| f(tx)),
        }
    }

    /// `read`, with up to `extra` more [`Reader`]s that see exactly the
    /// snapshot `f`'s transaction sees, each on a connection of its own, to
    /// read on other threads. Only an SQLite log opened for reading gives
    /// them, and only when no commit comes while they begin; `f` may get
    /// fewer than asked, or none.
    pub fn read_with_readers<T>(
        &mut self,
        extra: usize,
        f: impl FnOnce(&mut dyn Tx, Vec<Reader>) -> Result<T>,
    ) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.read_with_readers(extra, |tx, readers| {
                f(tx, readers.into_iter().map(Reader).collect())
            }),
            Store::Postgres(s) => s.read(|tx| f(tx, Vec::new())),
        }
    }

    /// A mark of the log's state, for `watch` to poll once a second without
    /// reading the log again: on SQLite `PRAGMA data_version`, which
    /// changes when another connection commits (a store reading an
    /// immutable snapshot is first opened again if the files show a
    /// commit); on PostgreSQL the newest event's id, in a read-only
    /// transaction that ends before this returns. Neither holds a lock
    /// past the call.
    pub fn change_mark(&mut self) -> Result<ChangeMark> {
        match self {
            Store::Sqlite(s) => {
                let (opened, version) = s.change_mark()?;
                Ok(ChangeMark { opened, version })
            }
            Store::Postgres(s) => Ok(ChangeMark {
                opened: 0,
                version: s.read(|tx| tx.latest_event_id())?,
            }),
        }
    }

    /// `write`, with the methods only `migrate` uses.
    pub fn migration_write<T>(
        &mut self,
        f: impl FnOnce(&mut dyn CopyTx) -> Result<T>,
    ) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.write(|tx| f(tx)),
            Store::Postgres(s) => s.copy_write(|tx| f(tx)),
        }
    }

    /// `read`, with the methods only `migrate` uses.
    pub fn migration_read<T>(&mut self, f: impl FnOnce(&mut dyn CopyTx) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(s) => s.read(|tx| f(tx)),
            Store::Postgres(s) => s.read(|tx| f(tx)),
        }
    }
}

/// For the test suites (the library's own and `tests/cli`): their
/// throwaway PostgreSQL databases, `slaclock_test_...` and
/// `slaclock_cli_...`, each named with the second it was made, and which
/// of them a later run drops. One rule for both suites.
#[doc(hidden)]
pub mod test_databases {
    /// Lists the suites' databases by name.
    pub const LIST: &str = "SELECT datname::text FROM pg_database \
         WHERE datname LIKE 'slaclock\\_test\\_%' OR datname LIKE 'slaclock\\_cli\\_%'";

    /// Seconds since the epoch: the end of a database's name.
    pub fn now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    /// Whether `name` (from `LIST`) was made over an hour before `now`, or
    /// carries no second (an older suite's): the statement dropping it,
    /// never one with anything but letters, digits and `_` in the name.
    /// Without FORCE: a database still in use is left.
    pub fn drop_if_stale(name: &str, now: u64) -> Option<String> {
        const HOUR: u64 = 3600;
        let made = name.rsplit('_').next().and_then(|s| s.parse::<u64>().ok());
        let safe = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        (safe && made.is_none_or(|made| now.saturating_sub(made) > HOUR))
            .then(|| format!("DROP DATABASE IF EXISTS {name}"))
    }

    #[cfg(test)]
    mod tests {
        use super::drop_if_stale;

        #[test]
        fn only_databases_made_over_an_hour_ago_are_dropped() {
            let now = 1_800_000_000;
            let made = |ago: u64| format!("slaclock_cli_42_3_{}", now - ago);
            assert_eq!(drop_if_stale(&made(59 * 60), now), None);
            assert_eq!(
                drop_if_stale(&made(3601), now).as_deref(),
                Some(format!("DROP DATABASE IF EXISTS {}", made(3601)).as_str())
            );
            // An older suite's name, with no second: dropped.
            assert!(drop_if_stale("slaclock_cli_42_3", now).is_some());
            // Never a name that is not a plain identifier.
            assert_eq!(drop_if_stale("slaclock_test_1; DROP TABLE x_1", now), None);
        }
    }
}

/// The right to send a log's alerts, held until dropped (see
/// [`Store::claim_notify`]): the locked file on SQLite; on PostgreSQL the
/// lock belongs to the store's connection.
pub struct NotifyClaim(#[allow(dead_code)] Option<std::fs::File>);

/// Where the log stood when `Store::change_mark` looked: two marks of the
/// same store differ once another connection has committed a change in
/// between. Only marks of one open store compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMark {
    /// SQLite: how often the store was opened again to see new commits.
    opened: u64,
    /// SQLite's `PRAGMA data_version`; PostgreSQL's newest event id.
    version: i64,
}

/// There is no ticket log where one was to be read: no file, or a
/// PostgreSQL database without slaclock's tables. Its message points to
/// `--db`; `migrate` names its own flag instead.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::msg!("store-no-log", path = self.0.as_str()))]
pub struct NoLog(pub String);

/// `insert_ticket` met another ticket holding the same external reference.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::msg!("log-ref-taken", reference = crate::i18n::quoted(&self.0)))]
pub struct RefTaken(pub String);

/// Which tickets a listing selects. The default selects unresolved tickets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TicketFilter {
    pub include_resolved: bool,
    /// Only the tickets whose ids are in this range: a part of a listing
    /// read apart (`export` on several cores).
    pub ids: Option<std::ops::RangeInclusive<i64>>,
    /// Look back: only tickets reported by then and, unless
    /// `include_resolved`, that may still have been unresolved then.
    pub as_of: Option<i64>,
    pub kind: Option<Kind>,
    /// Tickets whose customer contains this text, in any case (`acme`
    /// finds "ACME Corp").
    pub customer: Option<String>,
    /// Tickets whose title, customer, service or external reference
    /// contains this text, in any case.
    pub search: Option<String>,
    /// `reported_at >= since`.
    pub since: Option<i64>,
    /// `reported_at < until`.
    pub until: Option<i64>,
    /// The ticket holding this external reference.
    pub external_ref: Option<String>,
    /// The log as it stood at this instant: tickets and events recorded
    /// after it are left out of `for_each_ticket`. Judging a past instant
    /// needs this; it reads each event's row, not only the index.
    pub recorded_by: Option<i64>,
    /// Tickets this person owns (the name exactly as assigned). Applied
    /// to the owner now: with `as_of`, the caller re-evaluates who owned
    /// each ticket then, and this selects nothing out.
    pub owner: Option<String>,
    /// Tickets nobody owns (now; with `as_of`, as `owner`).
    pub unassigned: bool,
}
