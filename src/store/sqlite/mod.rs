//! The ticket log in one SQLite file: opening (and refusing) files, the
//! schema, transactions and the queries. WAL mode; every write is one
//! IMMEDIATE transaction, so writers queue and readers never wait. A write
//! is reported done only once it is on disk (`synchronous = FULL`). A read
//! uses a read-only connection and never creates a file beside the log, so
//! a teammate with read access only can read it without locking its owner
//! out.

mod damaged;
mod files;
mod queries;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::ffi::ErrorCode;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use files::{Exposure, exposures};
pub use queries::SqliteTx;
pub use schema::schema_version;

use super::OpenMode;
use damaged::damaged;
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
    /// How often `change_mark` opened the log again.
    reopened: u64,
    /// How `conn` was opened, for more readers of the same file
    /// (`read_with_readers`); a store opened for writing has none.
    again: Option<(PathBuf, OpenFlags)>,
    /// Whether this open started the log (its first tables).
    started: bool,
}

/// One more reader of the snapshot a read transaction sees, on its own
/// connection, so it can read on another thread (see
/// [`SqliteStore::read_with_readers`]). Its transaction ends when it is
/// dropped.
#[derive(Debug)]
pub struct Reader {
    conn: Connection,
}

impl Reader {
    /// Runs `f` in the reader's transaction, already begun. Its errors
    /// are explained as they leave the read it joined, once.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut SqliteTx) -> Result<T>) -> Result<T> {
        f(&mut SqliteTx::new(&self.conn))
    }
}

impl SqliteStore {
    /// Opens the ticket log at `path` for `mode`. `Create` makes it (mode
    /// 0600, and its folders) if it does not exist yet. A file that is not a
    /// regular file, not a slaclock ticket log, or was written by a newer
    /// slaclock is refused before anything is written to it. An empty file
    /// or an SQLite database with no tables is a log not yet created:
    /// `Create` initialises it, the other modes say there is no log yet.
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore> {
        if !files::regular_file(path, mode == OpenMode::Create)? {
            if mode != OpenMode::Create {
                return Err(super::NoLog(path.display().to_string()).into());
            }
            files::create(path)?;
        }
        // SQLite follows a link to the file and names `-wal` and `-shm`
        // after the file itself; so must the checks on them.
        let real = std::fs::canonicalize(path).with_context(|| cannot_find(path))?;
        files::siblings_are_files(&real)?;
        match mode {
            OpenMode::Read => open_for_reading(path, &real, true),
            OpenMode::Write | OpenMode::Create => open_for_writing(path, mode == OpenMode::Create),
        }
    }

    /// How long a write waits for another writer before giving up.
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(timeout).with_context(|| {
            crate::msg!(
                "sqlite-cannot-set-busy",
                path = self.path.display().to_string()
            )
        })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether opening it started the log: the file was new or empty (or
    /// an SQLite database with no tables), and this process made it a log.
    pub fn started(&self) -> bool {
        self.started
    }

    /// Runs `f` in an IMMEDIATE transaction: committed if `f` returns Ok,
    /// rolled back if it returns Err.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut SqliteTx) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, true, f)
    }

    /// `write`, noting the newest event id before the write lock was
    /// taken (see `Store::write_seeing`).
    pub fn write_seeing<T>(
        &mut self,
        noted: Option<i64>,
        f: impl FnOnce(&mut SqliteTx) -> Result<T>,
    ) -> Result<T> {
        let path = &self.path;
        let seen = match noted {
            Some(seen) => seen,
            None => self
                .conn
                .query_row(crate::store::sql::LATEST_EVENT, [], |r| r.get(0))
                .map_err(|e| explain(path, e.into()))
                .context(crate::msg!("log-cannot-read-newest"))?,
        };
        self.write(|tx| {
            tx.seen = Some(seen);
            f(tx)
        })
    }

    /// Runs `f` in a deferred transaction so it sees one consistent
    /// snapshot. Anything `f` writes is rolled back.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut SqliteTx) -> Result<T>) -> Result<T> {
        let value = self.transaction(TransactionBehavior::Deferred, false, f)?;
        if let Some(before) = &self.snapshot
            && FileState::of(&self.path)? != *before
        {
            bail!(crate::msg!(
                "sqlite-checkpointed",
                path = self.path.display().to_string()
            ));
        }
        Ok(value)
    }

    /// Runs `f` as `read` does, with up to `extra` more [`Reader`]s that
    /// see exactly the snapshot `f`'s transaction sees. A reader that
    /// cannot be opened is left out, and all are when a commit came
    /// between the readers' start and `f`'s: `f` may get none.
    ///
    /// The check: "The integer values returned by two invocations of
    /// "PRAGMA data_version" from the same connection will be different if
    /// changes were committed to the database by any other connection in
    /// the interim" (https://www.sqlite.org/pragma.html#pragma_data_version).
    /// It is read on this connection before the readers begin and again as
    /// the first read of `f`'s transaction, which takes its snapshot then:
    /// the same value means no commit came between, so every snapshot
    /// taken in that interval is the same one.
    pub fn read_with_readers<T>(
        &mut self,
        extra: usize,
        f: impl FnOnce(&mut SqliteTx, Vec<Reader>) -> Result<T>,
    ) -> Result<T> {
        self.read_with_readers_after(extra, || (), f)
    }

    /// `read_with_readers`, with `between` run after the readers begin and
    /// before `f`'s transaction does (the tests commit there).
    fn read_with_readers_after<T>(
        &mut self,
        extra: usize,
        between: impl FnOnce(),
        f: impl FnOnce(&mut SqliteTx, Vec<Reader>) -> Result<T>,
    ) -> Result<T> {
        let before = data_version(&self.conn).map_err(|e| explain(&self.path, e.into()))?;
        let mut readers: Vec<Reader> = (0..extra).map_while(|_| self.begin_reader()).collect();
        between();
        self.read(|tx| {
            if tx.data_version()? != before {
                readers.clear();
            }
            f(tx, readers)
        })
    }

    /// Another connection opened as this one was, its read transaction
    /// begun and its snapshot taken; `None` if that cannot be done, or if
    /// the log's name now leads to another file than the one this store
    /// holds its lock on (a log replaced by a rename: `data_version` on
    /// this connection would not tell).
    fn begin_reader(&self) -> Option<Reader> {
        use std::os::unix::fs::MetadataExt;
        let (name, flags) = self.again.as_ref()?;
        let held = self._lock.as_ref()?.file().metadata().ok()?;
        let conn = Connection::open_with_flags(name, *flags).ok()?;
        let named = std::fs::metadata(&self.path).ok()?;
        if (named.dev(), named.ino()) != (held.dev(), held.ino()) {
            return None;
        }
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        conn.execute_batch("BEGIN DEFERRED").ok()?;
        data_version(&conn).ok()?;
        Some(Reader { conn })
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

    /// See `Store::change_mark`: how often the log was opened again, and
    /// `PRAGMA data_version`, which "will be different if changes were
    /// committed to the database by any other connection in the interim"
    /// (https://www.sqlite.org/pragma.html#pragma_data_version). An
    /// immutable snapshot (see [`open_for_reading`]) sees no commit, so
    /// once the files show one (the WAL holds frames, or the main file was
    /// written) the log is opened again, the new reader's lock taken before
    /// the old one goes: the WAL it holds then stays, and is read from.
    pub fn change_mark(&mut self) -> Result<(u64, i64)> {
        if let Some(before) = &self.snapshot {
            let real =
                std::fs::canonicalize(&self.path).with_context(|| cannot_find(&self.path))?;
            let written = files::len(&files::sibling(&real, "-wal"))? > 0
                || FileState::of(&self.path)? != *before;
            if written {
                let reopened = self.reopened + 1;
                *self = SqliteStore::open(&self.path, OpenMode::Read)?;
                self.reopened = reopened;
            }
        }
        let version = data_version(&self.conn).map_err(|e| explain(&self.path, e.into()))?;
        Ok((self.reopened, version))
    }

    /// For the shared suite: see `schema::catalog`.
    #[cfg(test)]
    pub(crate) fn catalog(&self) -> Result<crate::store::catalog::Catalog> {
        schema::catalog(&self.conn)
    }
}

/// `PRAGMA data_version` on `conn` (see `SqliteStore::read_with_readers`);
/// in a transaction, its first read takes the transaction's snapshot.
pub(super) fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

/// The message for a file that holds no ticket log yet: an empty one, or
/// an SQLite database with nothing in it (not said to be empty: it is not).
fn not_created(path: &Path) -> anyhow::Error {
    let path_shown = path.display().to_string();
    let empty = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    anyhow::anyhow!(if empty {
        crate::msg!("store-not-created", path = path_shown)
    } else {
        crate::msg!("store-no-tables", path = path_shown)
    })
}

/// What failed when the log's real path could not be found.
fn cannot_find(path: &Path) -> crate::i18n::Msg {
    crate::msg!("sqlite-cannot-find", path = path.display().to_string())
}

/// Refuses what a log must not be opened as: another program's database,
/// one written by a newer slaclock, one whose schema version was reset,
/// or (unless `create`) one not created yet.
fn accept(path: &Path, found: Found, create: bool) -> Result<()> {
    let known = schema_version();
    let shown = path.display().to_string();
    match found {
        Found::Foreign => bail!(crate::msg!("sqlite-foreign", log = shown)),
        Found::Blank if !create => Err(not_created(path)),
        Found::Log(version) if usize::try_from(version).is_ok_and(|v| v > known) => {
            bail!(crate::msg!(
                "store-newer",
                log = shown,
                version = version.to_string(),
                known = known.to_string()
            ))
        }
        // A log is created with its first tables and version 1 in one
        // commit: version 0 beside tables was set by hand or by another
        // tool, and migrating it would collide with the tables it holds.
        Found::Log(0) => bail!(crate::msg!("sqlite-version-zero", log = shown)),
        Found::Log(version) if version < 0 => bail!(crate::msg!(
            "store-invalid-version",
            log = shown,
            version = version.to_string()
        )),
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
        bail!(cannot_write(path));
    }
    let file = files::open_existing(path)?;
    files::header(&file, path)?;
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
    if found == Found::Blank {
        // A log about to start in a file that was there already (an empty
        // one, or an SQLite database with no tables): before the first
        // write, so the `-wal` and `-shm` files take the mode set here.
        files::adopt(&file, path)?;
    }
    drop(file);
    let mode = wal_mode(&conn).map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!(crate::msg!(
            "sqlite-no-wal",
            path = path.display().to_string(),
            mode = format!("{mode:?}")
        ));
    }
    let started = found != Found::Log(i64::try_from(schema_version())?)
        && schema::migrate(&mut conn, &|found| accept(path, found, create))
            .map_err(|e| explain_open(path, e))?;
    Ok(SqliteStore {
        conn,
        path: path.to_path_buf(),
        snapshot: None,
        _lock: None,
        reopened: 0,
        again: None,
        started,
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
    let (conn, snapshot, again) = if through_wal {
        (
            Connection::open_with_flags(path, flags).map_err(fail)?,
            None,
            (path.to_path_buf(), flags),
        )
    } else {
        if files::len(&wal)? > 0 {
            bail!(crate::msg!(
                "sqlite-wal-unreadable",
                path = path.display().to_string(),
                wal = wal.display().to_string(),
                shm = shm.display().to_string(),
                shm_is = if shm.exists() {
                    "unreadable"
                } else {
                    "missing"
                }
            ));
        }
        let state = FileState::of(path)?;
        let uri = PathBuf::from(format!("{}?immutable=1", file_uri(real)));
        let flags = flags | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&uri, flags).map_err(fail)?;
        (conn, Some(state), (uri, flags))
    };
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    let found = identify(&conn).map_err(fail)?;
    accept(path, found, false)?;
    let known = schema_version();
    if found != Found::Log(i64::try_from(known)?) {
        // Older: its queries may need what later migrations add.
        if !upgrade || !files::writable(path) {
            let version = match found {
                Found::Log(v) => v,
                _ => 0,
            };
            bail!(crate::msg!(
                "sqlite-older",
                path = path.display().to_string(),
                version = version.to_string(),
                known = known.to_string()
            ));
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
        reopened: 0,
        again: Some(again),
        started: false,
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
    if let Some(damaged) = damaged(path, &err) {
        return damaged;
    }
    match sqlite_message(path, &err) {
        Some(message) => err.context(message),
        None => err.context(crate::msg!(
            "store-cannot-open",
            path = path.display().to_string()
        )),
    }
}

/// Turns SQLite's busy and permission codes into messages naming the file,
/// and a damaged file into what to do about it; other errors pass through
/// unchanged.
fn explain(path: &Path, err: anyhow::Error) -> anyhow::Error {
    if let Some(damaged) = damaged(path, &err) {
        return damaged;
    }
    match sqlite_message(path, &err) {
        Some(message) => err.context(message),
        None => err,
    }
}

fn sqlite_message(path: &Path, err: &anyhow::Error) -> Option<crate::i18n::Msg> {
    let code = err
        .chain()
        .find_map(|e| e.downcast_ref::<rusqlite::Error>())?
        .sqlite_error_code()?;
    let path = path.display().to_string();
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            Some(crate::msg!("store-busy", path = path))
        }
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            Some(cannot_write(Path::new(&path)))
        }
        ErrorCode::NotADatabase => Some(crate::msg!("store-not-a-log", path = path)),
        ErrorCode::DiskFull => Some(crate::msg!("store-disk-full", path = path)),
        ErrorCode::SystemIoFailure => Some(crate::msg!("store-io-error", path = path)),
        _ => None,
    }
}

/// Why the log at `path` cannot be written: a file system mounted
/// read-only, or else the permissions of the file or its folder.
fn cannot_write(path: &Path) -> crate::i18n::Msg {
    let shown = path.display().to_string();
    if on_read_only_file_system(path) {
        crate::msg!("store-read-only-fs", path = shown)
    } else {
        crate::msg!("store-read-only", path = shown)
    }
}

/// Whether the file system holding `path` (or its folder, for a file not
/// made yet) is mounted read-only: no permission would let it be written.
fn on_read_only_file_system(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let there = if path.exists() {
        path
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    };
    let Ok(c_path) = std::ffi::CString::new(there.as_os_str().as_bytes()) else {
        return false;
    };
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: c_path is a valid C string; statvfs writes `stat` on success.
    let ok = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) } == 0;
    // SAFETY: initialised by the successful call.
    ok && unsafe { stat.assume_init() }.f_flag & libc::ST_RDONLY != 0
}

#[cfg(test)]
pub(crate) mod tests;
