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
//! Over 600 lines with its tests: the code is about 530; the tests of
//! where a log lives (a path, a connection string, or a slip of one that
//! must not become a file) sit beside `Location`, which they pin down.

#[cfg(test)]
mod catalog;
mod postgres;
mod rows;
mod sql;
mod sqlite;
#[cfg(test)]
mod suite;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use std::os::unix::fs::OpenOptionsExt;

pub use sqlite::schema_version;

pub use crate::model::TicketId;
use crate::model::{Field, Kind};
pub use rows::{
    ClockEvent, EventRow, NewEvent, NewNotice, NewTicket, NoticeRow, PolicyVersion, SentNotice,
    Summary, TicketRow,
};

/// What a SQLite log's `notify` lock adds to the log's name: the file
/// beside it that one `notify` run at a time holds (`claim_notify`).
pub const NOTIFY_LOCK: &str = ".notify-lock";

/// Where a ticket log lives: a file, or a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `postgres://...` or `postgresql://...` selects PostgreSQL, and so
    /// does a libpq keyword/value string (`host=db dbname=support ...`,
    /// with at least one keyword the driver knows), either with spaces
    /// around it (a paste). Text surely meant as one that is neither (see
    /// `postgres::almost`) is refused, with why; anything else is a file
    /// path.
    pub fn parse(text: &std::ffi::OsStr) -> Result<Location, crate::i18n::Msg> {
        let Some(given) = text.to_str() else {
            return Ok(Location::Sqlite(PathBuf::from(text)));
        };
        let trimmed = given.trim();
        let path = PathBuf::from(text);
        // A file or folder that is there is what was meant, whatever its
        // name looks like (`backup:/x.db` in a folder named `backup:`).
        let there = path.exists()
            || path
                .parent()
                .is_some_and(|p| !p.as_os_str().is_empty() && p.is_dir());
        if postgres::quoted(trimmed) && !there {
            return Err(crate::msg!("db-quoted"));
        }
        if postgres::is_url(trimmed) || postgres::is_keyword_value(trimmed) {
            return Ok(Location::Postgres(trimmed.to_string()));
        }
        // A file not there yet whose name is blank or begins or ends with
        // a space (a paste) would be a new log nobody meant.
        if trimmed != given && !path.exists() {
            return Err(crate::msg!("db-spaces", path = format!("{given:?}")));
        }
        match postgres::almost(trimmed) {
            Some(why) if !there => Err(why),
            _ => Ok(Location::Sqlite(path)),
        }
    }
}

impl Location {
    /// `parse`, its refusal naming where the text was given (`--db`,
    /// `SLACLOCK_DB`, `--from`, `--to`).
    pub fn given_as(flag: &str, text: &std::ffi::OsStr) -> Result<Location> {
        Location::parse(text)
            .map_err(|why| anyhow::anyhow!(crate::msg!("db-refused", flag = flag, why = why)))
    }

    /// Refuses a file named by `flag` in a folder that does not exist,
    /// before anything is made: a new log is started only in a folder that
    /// is there, so a mistyped path or a share that is not mounted never
    /// gets a log of its own that writes would go to unseen. (Only the
    /// default place, the user's data folder, is made when missing.)
    pub fn refuse_missing_folder(&self, flag: &str) -> Result<()> {
        let Location::Sqlite(path) = self else {
            return Ok(());
        };
        match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(folder) if matches!(folder.try_exists(), Ok(false)) => {
                let shown = folder.display().to_string();
                Err(anyhow::anyhow!(crate::msg!(
                    "db-no-folder",
                    flag = flag,
                    path = path.display().to_string(),
                    mkdir = format!("mkdir -p {}", shell_word(&shown)),
                    folder = shown
                )))
            }
            _ => Ok(()),
        }
    }
}

/// `text` as one word a shell reads back as it is: bare when it can be,
/// else in single quotes (a share's `/mnt/Team Share`).
fn shell_word(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if bare {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

impl fmt::Display for Location {
    /// A file's path, or the URL without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(&postgres::redact(url)),
        }
    }
}

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

    /// How long a write waits for another writer before giving up.
    pub fn set_busy_timeout(&mut self, timeout: std::time::Duration) -> Result<()> {
        match self {
            Store::Sqlite(s) => s.set_busy_timeout(timeout),
            Store::Postgres(s) => s.set_busy_timeout(timeout),
        }
    }

    /// The file, if the log is one (for permission checks).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Store::Sqlite(s) => Some(s.path()),
            Store::Postgres(_) => None,
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
#[error("{}", crate::msg!("log-ref-taken", reference = format!("{:?}", self.0)))]
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

#[cfg(test)]
mod location_tests {
    use super::*;

    #[test]
    fn urls_and_keyword_value_strings_are_postgres_and_the_rest_files() {
        for text in [
            "postgres://u@h/db",
            "postgresql://h",
            "host=db dbname=support",
            "dbname=support user=me password='a b'",
        ] {
            let location = Location::parse(std::ffi::OsStr::new(text));
            assert_eq!(location, Ok(Location::Postgres(text.into())), "{text}");
        }
        // A paste with spaces around it.
        let location = Location::parse(std::ffi::OsStr::new(" postgres://u@h/db\n"));
        assert_eq!(location, Ok(Location::Postgres("postgres://u@h/db".into())));
        for text in [
            "tickets.db",
            "./host=db",
            "notes=old.db",
            "/tmp/a b.db",
            "./a:/b.db",
            "x:/y",
            "postgres.db",
            "postgres-backup.db",
        ] {
            let location = Location::parse(std::ffi::OsStr::new(text));
            assert_eq!(
                location,
                Ok(Location::Sqlite(PathBuf::from(text))),
                "{text}"
            );
        }
        let shown = Location::parse(std::ffi::OsStr::new("host=db password=secret"))
            .unwrap()
            .to_string();
        assert_eq!(shown, "host=db password=***");
    }

    /// A file or folder that is there is a path, whatever its name looks
    /// like.
    #[test]
    fn an_existing_path_is_a_path_however_it_looks() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("backup:");
        std::fs::create_dir(&folder).unwrap();
        let odd = folder.join("x.db");
        let location = Location::parse(odd.as_os_str());
        assert_eq!(location, Ok(Location::Sqlite(odd)));
        let spaced = dir.path().join("old.db ");
        std::fs::write(&spaced, b"").unwrap();
        let location = Location::parse(spaced.as_os_str());
        assert_eq!(location, Ok(Location::Sqlite(spaced)));
    }

    /// The folder to make is said as a command a shell reads back whole.
    #[test]
    fn a_missing_folder_is_said_with_a_command_that_makes_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("Team Share/it's/log.db");
        let refused = Location::Sqlite(log)
            .refuse_missing_folder("--db")
            .unwrap_err();
        let shared = format!("'{}/Team Share/it'\\''s'", dir.path().display());
        assert!(
            refused
                .to_string()
                .contains(&format!("(mkdir -p {shared})")),
            "{refused}"
        );
        assert_eq!(shell_word("/srv/slaclock"), "/srv/slaclock");
        assert_eq!(shell_word("~x"), "'~x'");
    }

    /// A path not there yet that is blank or begins or ends with a space
    /// (a paste) is refused, not made a new log of that name; a
    /// connection string with spaces around it is still one.
    #[test]
    fn a_new_path_with_spaces_at_its_ends_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let trailing = format!("{}/own.db ", dir.path().display());
        for text in [" ", "  ", "\t", trailing.as_str(), " tickets.db"] {
            let refused = Location::parse(std::ffi::OsStr::new(text)).unwrap_err();
            assert!(
                refused.to_string().contains("remove the spaces"),
                "{text:?}: {refused}"
            );
        }
        let keywords = Location::parse(std::ffi::OsStr::new(" host=db dbname=support "));
        assert_eq!(
            keywords,
            Ok(Location::Postgres("host=db dbname=support".into()))
        );
    }

    /// What was surely meant as a connection string is refused, not taken
    /// for a file name, and the refusal never quotes the password.
    #[test]
    fn near_misses_of_a_connection_string_are_refused_without_the_password() {
        for (text, says) in [
            ("Postgres://u:hunter2@h/db", "Postgres"),
            ("postgress://u:hunter2@h/db", "postgress"),
            ("postgres:/u:hunter2@h/db", "postgres:/"),
            ("pg://u:hunter2@h/db", "pg"),
            ("host=db user=u password=correct hunter2", "host="),
            ("dbname=support password='hunter2", "dbname="),
            ("host = db password=hunter2 two", "host="),
            ("postgres//u:hunter2@h/db", "postgres//"),
            ("postgres:://u:hunter2@h/db", "postgres:/"),
            ("postgres:u:hunter2@h/db", "postgres:"),
            ("'postgres://u:hunter2@h/db'", "quotes"),
            ("\"host=db password=hunter2\"", "quotes"),
        ] {
            let refused = Location::parse(std::ffi::OsStr::new(text))
                .expect_err(text)
                .to_string();
            assert!(refused.contains(says), "{text}: {refused}");
            assert!(!refused.contains("hunter2"), "{text}: {refused}");
        }
    }
}
