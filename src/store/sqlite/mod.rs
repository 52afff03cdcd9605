//! The ticket log in one SQLite file: opening (and refusing) files, the
//! schema, transactions and the queries. WAL mode; every write is one
//! IMMEDIATE transaction, so writers queue and readers never wait. A write
//! is reported done only once it is on disk (`synchronous = FULL`). A read
//! uses a read-only connection and never creates a file beside the log, so
//! a teammate with read access only can read it without locking its owner
//! out.

mod files;
mod queries;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::ffi::ErrorCode;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use queries::SqliteTx;
pub use schema::schema_version;

use super::OpenMode;
use files::{FileState, Header, SharedLock};
use schema::Found;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open SQLite ticket log.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// Set when the main file is read as an immutable snapshot (see
    /// [`open_for_reading`]): its state when opened, checked after each read.
    snapshot: Option<FileState>,
    /// A reader's lock (see [`SharedLock`]); dropped after `conn`.
    _lock: Option<SharedLock>,
}

impl SqliteStore {
    /// Opens the ticket log at `path` for `mode`. `Create` makes it (mode
    /// 0600, and its folders) if it does not exist yet. A file that is not a
    /// regular file, not a slaclock ticket log, or was written by a newer
    /// slaclock is refused before anything is written to it. An empty file
    /// or an SQLite database with no tables is a log not yet created:
    /// `Create` initialises it, the other modes say there is no log yet.
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore> {
        if !files::regular_file(path)? {
            if mode != OpenMode::Create {
                bail!(
                    "no ticket log at {}; open a ticket first, or pass --db",
                    path.display()
                );
            }
            files::create(path)?;
        }
        // SQLite follows a link to the file and names `-wal` and `-shm`
        // after the file itself; so must the checks on them.
        let real = std::fs::canonicalize(path)
            .with_context(|| format!("cannot find the ticket log {}", path.display()))?;
        files::siblings_are_files(&real)?;
        match mode {
            OpenMode::Read => open_for_reading(path, &real, true),
            OpenMode::Write | OpenMode::Create => open_for_writing(path, mode == OpenMode::Create),
        }
    }

    /// How long a write waits for another writer before giving up.
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        self.conn
            .busy_timeout(timeout)
            .with_context(|| format!("cannot set the busy timeout of {}", self.path.display()))
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in an IMMEDIATE transaction: committed if `f` returns Ok,
    /// rolled back if it returns Err.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut SqliteTx) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, true, f)
    }

    /// Runs `f` in a deferred transaction so it sees one consistent
    /// snapshot. Anything `f` writes is rolled back.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut SqliteTx) -> Result<T>) -> Result<T> {
        let value = self.transaction(TransactionBehavior::Deferred, false, f)?;
        if let Some(before) = &self.snapshot {
            if FileState::of(&self.path)? != *before {
                bail!(
                    "the ticket log {} was checkpointed by a writer while it was read, so what was read may be mixed; try again",
                    self.path.display()
                );
            }
        }
        Ok(value)
    }

    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        commit: bool,
        f: impl FnOnce(&mut SqliteTx) -> Result<T>,
    ) -> Result<T> {
        let path = &self.path;
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(|e| explain(path, e.into()))?;
        let value = f(&mut SqliteTx::new(&tx)).map_err(|e| explain(path, e))?;
        if commit {
            tx.commit().map_err(|e| explain(path, e.into()))?;
        }
        Ok(value) // an uncommitted transaction rolls back when dropped
    }

    /// For the shared suite: see `schema::catalog`.
    #[cfg(test)]
    pub(crate) fn catalog(&self) -> Result<crate::store::suite::Catalog> {
        schema::catalog(&self.conn)
    }
}

/// The message for a file that holds no ticket log yet.
fn not_created(path: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "no ticket log at {} yet: the file is empty (a log whose creation was cut short); open a ticket to start it there, or pass --db",
        path.display()
    )
}

/// Refuses what a log must not be opened as: another program's database,
/// one written by a newer slaclock, or (unless `create`) one not created yet.
fn accept(path: &Path, found: Found, create: bool) -> Result<()> {
    let known = schema_version();
    match found {
        Found::Foreign => bail!(
            "{} is an SQLite database but not a slaclock ticket log; left untouched",
            path.display()
        ),
        Found::Blank if !create => Err(not_created(path)),
        Found::Log(version) if usize::try_from(version).is_ok_and(|v| v > known) => bail!(
            "{} was written by a newer slaclock (schema version {version}; this one knows up to {known}); upgrade slaclock",
            path.display()
        ),
        Found::Log(version) if version < 0 => bail!(
            "{} has an invalid schema version {version}, not a slaclock ticket log; left untouched",
            path.display()
        ),
        Found::Blank | Found::Log(_) => Ok(()),
    }
}

/// What the file holds, read in one transaction without writing.
fn identify(conn: &Connection) -> rusqlite::Result<Found> {
    let tx = conn.unchecked_transaction()?;
    schema::identify(&tx) // dropped: a read-only transaction rolls back
}

/// Opens the log read-write: refuses foreign or newer databases before any
/// write, then switches to WAL, makes every commit durable, and initialises
/// or migrates the schema under the write lock.
fn open_for_writing(path: &Path, create: bool) -> Result<SqliteStore> {
    // Checked first: SQLite falls back to reading a file it cannot write,
    // and would then create `-wal` and `-shm` files owned by this user
    // that lock the log's owner out.
    if !files::writable(path) {
        bail!(
            "the ticket log {} cannot be written; check the permissions of the file and its folder",
            path.display()
        );
    }
    files::header(&files::open_existing(path)?, path)?;
    let fail = |e: rusqlite::Error| explain_open(path, e.into());
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    // Durable means on disk: "With synchronous=FULL in WAL mode, an
    // additional sync operation of the WAL file happens after each
    // transaction commit. The extra WAL sync following each transaction
    // helps ensure that transactions are durable across a power loss";
    // with NORMAL "a transaction committed in WAL mode ... might roll back
    // following a power loss or system crash"
    // (https://www.sqlite.org/pragma.html#pragma_synchronous). So a command
    // prints its success only after its commit reached the disk.
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(fail)?;

    // Read-only checks first: a refused file is left byte-for-byte as it was.
    let found = identify(&conn).map_err(fail)?;
    accept(path, found, create)?;
    let mode = wal_mode(&conn).map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!(
            "cannot switch the ticket log {} to WAL mode (SQLite kept {mode:?})",
            path.display()
        );
    }
    if found != Found::Log(i64::try_from(schema_version())?) {
        schema::migrate(&mut conn, &|found| accept(path, found, create))
            .map_err(|e| explain_open(path, e))?;
    }
    Ok(SqliteStore {
        conn,
        path: path.to_path_buf(),
        snapshot: None,
        _lock: None,
    })
}

/// Switches to WAL mode (a no-op once the file is in it) and returns the
/// mode SQLite kept. The switch writes the header under an exclusive lock
/// that SQLite does not wait for when another connection is reading a log
/// created a moment ago (its busy handler would risk a deadlock there), so
/// a busy answer is retried here for as long as a writer would wait.
fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            answer => return answer,
        }
    }
}

/// Opens the log with a read-only connection that creates no file.
///
/// SQLite reads a WAL-mode file through its `-wal` and `-shm` files and,
/// when they are missing, creates them, owned by whoever runs it, even on
/// a read-only connection. Made by a reader who may not write the log, they
/// lock its owner out. "A WAL-mode database that lacks write permission
/// can still be read as long as ... the -shm and -wal files already exist
/// and are readable, ... or the database connection is opened using the
/// immutable query parameter" (https://www.sqlite.org/wal.html#readonly).
/// So, holding SQLite's shared lock on the main file (no writer can then
/// checkpoint into it on close, delete the `-wal` and `-shm` files, or
/// change the journal mode):
/// - if both exist and can be read, or the file is not in WAL mode, a
///   plain read-only connection reads it, as SQLite means it to;
/// - otherwise nobody has the log open, or at least no commit waits in the
///   WAL (it is empty or missing, checked), so the main file holds every
///   commit: it is read with `immutable=1`, which creates nothing. The
///   only way a writer can then change the main file is a checkpoint of a
///   WAL grown past 1000 pages meanwhile; each read compares the file's
///   state with the one at opening and fails rather than return a mix.
///
/// A log from an older slaclock is first upgraded with a write-mode open
/// if this user may write it (`upgrade`).
fn open_for_reading(path: &Path, real: &Path, upgrade: bool) -> Result<SqliteStore> {
    let lock = SharedLock::acquire(files::open_existing(path)?, path, BUSY_TIMEOUT)?;
    let header = files::header(lock.file(), path)?;
    if header == Header::Empty {
        return Err(not_created(path));
    }
    let fail = |e: rusqlite::Error| explain_open(path, e.into());
    let (wal, shm) = (files::sibling(real, "-wal"), files::sibling(real, "-shm"));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let through_wal = header == (Header::Sqlite { wal: false })
        || (files::readable_file(&wal) && files::readable_file(&shm));
    let (conn, snapshot) = if through_wal {
        (
            Connection::open_with_flags(path, flags).map_err(fail)?,
            None,
        )
    } else {
        if files::len(&wal)? > 0 {
            bail!(
                "cannot read the ticket log {}: its latest changes are in {}, which cannot be read without {}, and that {}; any slaclock command that writes to the log (run by someone who may write it) folds them into the log, or its owner can make both files readable like the log",
                path.display(),
                wal.display(),
                shm.display(),
                if shm.exists() {
                    "cannot be read by you"
                } else {
                    "is missing"
                }
            );
        }
        let state = FileState::of(path)?;
        let uri = format!("{}?immutable=1", file_uri(real));
        let conn =
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(fail)?;
        (conn, Some(state))
    };
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    let found = identify(&conn).map_err(fail)?;
    accept(path, found, false)?;
    let known = schema_version();
    if found != Found::Log(i64::try_from(known)?) {
        // Older: its queries may need what later migrations add.
        if !upgrade || !files::writable(path) {
            bail!(
                "the ticket log {} has schema version {}, older than this slaclock's {known}, and cannot be upgraded by you; run any slaclock command as someone who may write it",
                path.display(),
                match found {
                    Found::Log(v) => v,
                    _ => 0,
                }
            );
        }
        drop((conn, lock));
        drop(open_for_writing(path, false)?);
        return open_for_reading(path, real, false);
    }
    Ok(SqliteStore {
        conn,
        path: path.to_path_buf(),
        snapshot,
        _lock: Some(lock),
    })
}

/// `path` as an SQLite URI filename (https://www.sqlite.org/uri.html):
/// absolute, with every byte that could mean something else escaped.
fn file_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &b in absolute.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Like [`explain`], but says which file any other SQLite error is about.
fn explain_open(path: &Path, err: anyhow::Error) -> anyhow::Error {
    match sqlite_message(path, &err) {
        Some(message) => err.context(message),
        None => err.context(format!("cannot open the ticket log {}", path.display())),
    }
}

/// Turns SQLite's busy and permission codes into messages naming the file;
/// other errors pass through unchanged.
fn explain(path: &Path, err: anyhow::Error) -> anyhow::Error {
    match sqlite_message(path, &err) {
        Some(message) => err.context(message),
        None => err,
    }
}

fn sqlite_message(path: &Path, err: &anyhow::Error) -> Option<String> {
    let code = err
        .chain()
        .find_map(|e| e.downcast_ref::<rusqlite::Error>())?
        .sqlite_error_code()?;
    let path = path.display();
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Some(format!(
            "the ticket log {path} is busy (another slaclock is writing); try again"
        )),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => Some(format!(
            "the ticket log {path} cannot be written; check the permissions of the file and its folder"
        )),
        ErrorCode::NotADatabase => Some(format!(
            "{path} is not a slaclock ticket log (not an SQLite database); left untouched"
        )),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::{CopyTx, Tx};
    use std::fs::{self, File};
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use tempfile::TempDir;

    const MODES: [OpenMode; 3] = [OpenMode::Read, OpenMode::Write, OpenMode::Create];

    /// A fresh ticket log in a temporary folder (kept alive by the TempDir).
    pub(crate) fn temp_store() -> Result<(TempDir, SqliteStore)> {
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(&dir.path().join("tickets.db"), OpenMode::Create)?;
        Ok((dir, store))
    }

    fn mode(path: &Path) -> Result<u32> {
        Ok(fs::metadata(path)?.permissions().mode() & 0o777)
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Result<Vec<String>> {
        let mut names = fs::read_dir(dir)?
            .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
            .collect::<Result<Vec<_>>>()?;
        names.sort();
        Ok(names)
    }

    /// Opening `path` fails with a message containing `expected`, and the
    /// file's bytes are unchanged, whatever the mode.
    fn assert_refused(path: &Path, expected: &str) -> Result<()> {
        let before = fs::read(path)?;
        for mode in MODES {
            let err = SqliteStore::open(path, mode).expect_err("open should be refused");
            let message = format!("{err:#}");
            assert!(
                message.contains(expected),
                "{mode:?}: {message:?} lacks {expected:?}"
            );
            assert!(message.contains(&path.display().to_string()), "{message:?}");
            assert_eq!(
                fs::read(path)?,
                before,
                "{mode:?}: refused file was modified"
            );
        }
        Ok(())
    }

    #[test]
    fn open_creates_private_wal_file_and_folders() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a/b/tickets.db");
        let mut store = SqliteStore::open(&path, OpenMode::Create)?;
        assert_eq!(store.path(), path);
        assert_eq!(mode(&path)?, 0o600);
        let journal: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        assert_eq!(journal, "wal");
        let app_id: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        assert_eq!(app_id, schema::APPLICATION_ID);
        // The header reached the main file, so a crash now cannot leave an
        // empty file that the next open would refuse.
        assert!(fs::metadata(&path)?.len() > 0);
        store.write(|tx| tx.policy_version("h", "policy", 1))?;
        let wal = dir.path().join("a/b/tickets.db-wal");
        assert_eq!(mode(&wal)?, 0o600);
        Ok(())
    }

    #[test]
    fn commits_are_synced_to_disk() -> Result<()> {
        // synchronous = FULL (2): in WAL mode the WAL is synced at every
        // commit, so a command's success survives a power cut; NORMAL (1)
        // syncs only at checkpoints.
        let (dir, store) = temp_store()?;
        let level = |store: &SqliteStore| -> Result<i64> {
            Ok(store
                .conn
                .pragma_query_value(None, "synchronous", |r| r.get(0))?)
        };
        assert_eq!(level(&store)?, 2);
        drop(store);
        let path = dir.path().join("tickets.db");
        assert_eq!(level(&SqliteStore::open(&path, OpenMode::Write)?)?, 2);
        Ok(())
    }

    #[test]
    fn reopening_is_idempotent() -> Result<()> {
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        let id = store.write(|tx| tx.policy_version("h", "policy", 1))?;
        drop(store);
        for mode in MODES {
            let mut store = SqliteStore::open(&path, mode)?;
            let version = schema::user_version(&store.conn)?;
            assert_eq!(version, i64::try_from(schema_version())?);
            assert_eq!(store.read(|tx| tx.policy_text(id))?, "policy");
            assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
        }
        Ok(())
    }

    #[test]
    fn missing_file_without_create_is_an_error() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("nope.db");
        for mode in [OpenMode::Read, OpenMode::Write] {
            let err = SqliteStore::open(&path, mode).expect_err("should fail");
            assert_eq!(
                err.to_string(),
                format!(
                    "no ticket log at {}; open a ticket first, or pass --db",
                    path.display()
                )
            );
            assert!(!path.exists());
        }
        Ok(())
    }

    #[test]
    fn an_empty_file_is_a_log_not_created_yet() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("empty.db");
        File::create(&path)?;
        // Reading, or writing to a ticket, finds no log and changes nothing.
        for mode in [OpenMode::Read, OpenMode::Write] {
            let message = SqliteStore::open(&path, mode)
                .expect_err("not created yet")
                .to_string();
            assert!(
                message.contains(&format!("no ticket log at {} yet", path.display())),
                "{message}"
            );
            assert_eq!(fs::metadata(&path)?.len(), 0, "{mode:?}");
            assert_eq!(names(dir.path())?, ["empty.db"], "{mode:?}");
        }
        // Creating adopts it.
        let mut store = SqliteStore::open(&path, OpenMode::Create)?;
        store.write(|tx| tx.policy_version("h", "p", 0))?;
        assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
        Ok(())
    }

    #[test]
    fn refuses_text_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("notes.txt");
        fs::write(&path, "remember the milk\n")?;
        assert_refused(
            &path,
            "is not a slaclock ticket log (not an SQLite database); left untouched",
        )?;
        fs::write(&path, "SQL")?; // shorter than the header
        assert_refused(&path, "(not an SQLite database)")
    }

    #[test]
    fn refuses_what_is_not_a_regular_file_without_opening_it() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let fifo = dir.path().join("fifo.db");
        let name = std::ffi::CString::new(fifo.to_str().context("utf-8")?)?;
        // SAFETY: a valid path string.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        // Opening the FIFO would block this test forever.
        for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            for mode in MODES {
                let message = SqliteStore::open(path, mode)
                    .expect_err("not a file")
                    .to_string();
                assert!(message.contains("not a ticket log file"), "{message}");
            }
        }
        assert_eq!(names(dir.path())?, ["fifo.db"]);
        Ok(())
    }

    #[test]
    fn refuses_foreign_sqlite_database() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("other.db");
        Connection::open(&path)?.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")?;
        assert_refused(
            &path,
            "is an SQLite database but not a slaclock ticket log; left untouched",
        )
    }

    #[test]
    fn adopts_sqlite_database_without_tables() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("blank.db");
        Connection::open(&path)?.execute_batch("PRAGMA user_version = 0; VACUUM;")?;
        let message = SqliteStore::open(&path, OpenMode::Read)
            .expect_err("not created yet")
            .to_string();
        assert!(message.contains("no ticket log at"), "{message}");
        let store = SqliteStore::open(&path, OpenMode::Create)?;
        assert_eq!(
            schema::user_version(&store.conn)?,
            i64::try_from(schema_version())?
        );
        Ok(())
    }

    #[test]
    fn refuses_newer_schema() -> Result<()> {
        let (dir, store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        drop(store);
        Connection::open(&path)?.pragma_update(None, "user_version", 99)?;
        assert_refused(
            &path,
            &format!(
                "was written by a newer slaclock (schema version 99; this one knows up to {}); upgrade slaclock",
                schema_version()
            ),
        )
    }

    #[test]
    fn reading_an_older_log_upgrades_it_first() -> Result<()> {
        // A log as the slaclock before the newest migration wrote it.
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("tickets.db");
        {
            let conn = Connection::open(&path)?;
            conn.execute_batch("PRAGMA journal_mode = WAL")?;
            let older = schema::MIGRATIONS.len() - 1;
            for sql in &schema::MIGRATIONS[..older] {
                conn.execute_batch(sql)?;
            }
            conn.pragma_update(None, "user_version", i64::try_from(older)?)?;
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        }
        let store = SqliteStore::open(&path, OpenMode::Read)?;
        assert_eq!(
            schema::user_version(&store.conn)?,
            i64::try_from(schema_version())?
        );
        Ok(())
    }

    #[test]
    fn creating_one_log_from_many_threads_at_once_initialises_it_once() -> Result<()> {
        // Each thread has its own connection, locked like another process.
        for round in 0..20 {
            let dir = tempfile::tempdir()?;
            let path = dir.path().join("new/tickets.db");
            let barrier = std::sync::Barrier::new(6);
            let ids = std::thread::scope(|s| {
                let handles: Vec<_> = (0..6)
                    .map(|i| {
                        let (path, barrier) = (&path, &barrier);
                        s.spawn(move || -> Result<i64> {
                            barrier.wait();
                            let mut store = SqliteStore::open(path, OpenMode::Create)?;
                            store.write(|tx| tx.policy_version(&format!("h{i}"), "p", 0))
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("thread panicked"))
                    .collect::<Result<Vec<i64>>>()
            })
            .with_context(|| format!("round {round}"))?;
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(sorted, (1..=6).collect::<Vec<i64>>(), "round {round}");
            let mut store = SqliteStore::open(&path, OpenMode::Read)?;
            assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 6);
        }
        Ok(())
    }

    #[test]
    fn failed_write_rolls_back() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let result: Result<()> = store.write(|tx| {
            let policy = tx.policy_version("h", "policy", 1)?;
            tx.insert_ticket(&crate::store::suite::ticket(
                crate::model::Kind::Incident,
                policy,
                100,
            ))?;
            bail!("changed my mind")
        });
        assert_eq!(
            result.expect_err("closure failed").to_string(),
            "changed my mind"
        );
        store.read(|tx| {
            assert_eq!(tx.ticket_count()?, 0);
            assert_eq!(tx.ticket(crate::store::TicketId(1))?, None);
            assert!(tx.policy_versions()?.is_empty());
            Ok(())
        })
    }

    #[test]
    fn busy_database_says_so() -> Result<()> {
        let (dir, mut first) = temp_store()?;
        let mut second = SqliteStore::open(&dir.path().join("tickets.db"), OpenMode::Write)?;
        second.conn.busy_timeout(Duration::from_millis(50))?;
        first.write(|_| {
            let err = second.write(|_| Ok(())).expect_err("should be busy");
            let message = err.to_string();
            assert!(message.contains("is busy (another slaclock is writing); try again"));
            assert!(message.contains("tickets.db"));
            Ok(())
        })
    }

    #[test]
    fn reading_an_idle_log_creates_no_file() -> Result<()> {
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        store.write(|tx| tx.policy_version("h", "p", 0))?;
        drop(store); // the last connection checkpoints and removes -wal and -shm
        assert_eq!(names(dir.path())?, ["tickets.db"]);
        let before = fs::read(&path)?;
        let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 1);
        let err = reader
            .write(|tx| tx.policy_version("h2", "p2", 0))
            .expect_err("read-only");
        assert!(format!("{err:#}").contains("cannot be written"), "{err:#}");
        drop(reader);
        assert_eq!(names(dir.path())?, ["tickets.db"]);
        assert_eq!(fs::read(&path)?, before);
        Ok(())
    }

    #[test]
    fn a_reader_sees_what_an_open_writer_committed() -> Result<()> {
        let (dir, mut writer) = temp_store()?;
        let path = dir.path().join("tickets.db");
        writer.write(|tx| tx.policy_version("h1", "p", 0))?;
        // The writer holds -wal and -shm open: the reader reads through them.
        let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
        assert!(reader.snapshot.is_none());
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 1);
        writer.write(|tx| tx.policy_version("h2", "p", 0))?;
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 2);
        Ok(())
    }

    #[test]
    fn a_reader_never_makes_the_shm_file_a_wal_needs() -> Result<()> {
        let (dir, mut writer) = temp_store()?;
        writer.write(|tx| tx.policy_version("h1", "p", 0))?;
        // What a crash leaves if the -shm file is then removed: a WAL
        // holding a commit the main file lacks, and no -shm.
        for suffix in ["", "-wal"] {
            fs::copy(
                dir.path().join(format!("tickets.db{suffix}")),
                dir.path().join(format!("copy.db{suffix}")),
            )?;
        }
        let copy = dir.path().join("copy.db");
        let message = format!(
            "{:#}",
            SqliteStore::open(&copy, OpenMode::Read).expect_err("-shm missing")
        );
        assert!(
            message.contains("copy.db-wal, which cannot be read without")
                && message.contains("is missing"),
            "{message}"
        );
        assert!(!dir.path().join("copy.db-shm").exists());
        // A writer folds the WAL in; then it reads.
        drop(SqliteStore::open(&copy, OpenMode::Write)?);
        let mut reader = SqliteStore::open(&copy, OpenMode::Read)?;
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 1);
        Ok(())
    }

    #[test]
    fn a_reader_through_a_link_finds_the_wal_beside_the_file() -> Result<()> {
        let (dir, mut writer) = temp_store()?;
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink("tickets.db", &link)?;
        writer.write(|tx| tx.policy_version("h1", "p", 0))?;
        // The commit is in tickets.db-wal, not yet in the main file.
        let mut reader = SqliteStore::open(&link, OpenMode::Read)?;
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 1);
        drop((reader, writer));
        assert_eq!(names(dir.path())?, ["link.db", "tickets.db"]);
        Ok(())
    }

    #[test]
    fn a_snapshot_reader_keeps_writers_from_rewriting_what_it_reads() -> Result<()> {
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        store.write(|tx| tx.policy_version("h1", "p", 0))?;
        drop(store);
        let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
        assert!(
            reader.snapshot.is_some(),
            "an idle log is read as a snapshot"
        );
        // A writer comes and goes while the reader has the log open: its
        // commit stays in the WAL, since the reader's lock keeps it from
        // checkpointing into the main file on close.
        let mut writer = SqliteStore::open(&path, OpenMode::Write)?;
        writer.write(|tx| tx.policy_version("h2", "p", 0))?;
        drop(writer);
        assert!(files::len(&files::sibling(&path, "-wal"))? > 0);
        // The reader still reads the consistent state it opened.
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 1);
        // A checkpoint forced into the main file meanwhile is noticed.
        let forced = Connection::open(&path)?;
        forced.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        let err = reader
            .read(|tx| tx.policy_versions())
            .expect_err("the file changed under the reader");
        assert!(err.to_string().contains("try again"), "{err:#}");
        drop((reader, forced));
        // The next reader sees both.
        let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
        assert_eq!(reader.read(|tx| tx.policy_versions())?.len(), 2);
        Ok(())
    }

    /// Runs the calling test again as uid 65534 when this process is root
    /// (file permissions do not apply to root) and returns false once it
    /// passed there; returns true where the caller should run its body. The
    /// child must report that it ran exactly one test, so a filter that
    /// matches nothing cannot pass for it.
    fn as_another_user(test: &str) -> Result<bool> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(true);
        }
        let exe = std::env::current_exe()?;
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(exe)
            .args([test, "--exact", "--test-threads=1"])
            .env("TMPDIR", "/tmp")
            .output()
            .context("run the test again through setpriv (util-linux)")?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("test result: ok. 1 passed"),
            "as uid 65534: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(false)
    }

    #[test]
    fn read_only_file_or_folder_can_be_read_but_not_written() -> Result<()> {
        if !as_another_user(
            "store::sqlite::tests::read_only_file_or_folder_can_be_read_but_not_written",
        )? {
            return Ok(()); // it ran, and passed, as uid 65534
        }
        // SAFETY: geteuid has no preconditions.
        assert_ne!(
            unsafe { libc::geteuid() },
            0,
            "permissions do not apply to root"
        );
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        store.write(|tx| tx.policy_version("h", "p", 0))?;
        drop(store);
        assert_eq!(fs::metadata(&path)?.uid(), unsafe { libc::geteuid() });
        let set_mode = |p: &Path, m| fs::set_permissions(p, fs::Permissions::from_mode(m));
        let check = || -> Result<()> {
            let mut store = SqliteStore::open(&path, OpenMode::Read)?;
            assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
            drop(store);
            for mode in [OpenMode::Write, OpenMode::Create] {
                let err = SqliteStore::open(&path, mode)
                    .and_then(|mut store| store.write(|tx| tx.policy_version("h2", "p2", 0)))
                    .expect_err("read-only");
                let message = format!("{err:#}");
                assert!(message.contains("cannot be written"), "{message}");
                assert!(message.contains(&path.display().to_string()), "{message}");
            }
            // Nothing was left beside the log to lock its owner out later.
            assert_eq!(names(dir.path())?, ["tickets.db"]);
            Ok(())
        };

        set_mode(&path, 0o400)?;
        let file = check();
        set_mode(&path, 0o600)?;
        set_mode(dir.path(), 0o500)?;
        let folder = check();
        let new_file = SqliteStore::open(&dir.path().join("new.db"), OpenMode::Create).map(drop);
        let new_folder =
            SqliteStore::open(&dir.path().join("sub/new.db"), OpenMode::Create).map(drop);
        set_mode(dir.path(), 0o700)?;
        file.context("read-only file")?;
        folder.context("read-only folder")?;
        let message = format!("{:#}", new_file.expect_err("read-only folder"));
        assert!(
            message.contains("the folder") && message.contains("cannot be written"),
            "{message}"
        );
        let message = format!("{:#}", new_folder.expect_err("read-only folder"));
        assert!(message.contains("cannot create the folder"), "{message}");
        Ok(())
    }
}
