//! The ticket log in one SQLite file: opening (and refusing) files, the
//! schema, transactions and the queries. WAL mode; every write is one
//! IMMEDIATE transaction, so writers queue and readers never wait.

mod queries;
mod schema;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::ffi::ErrorCode;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use queries::SqliteTx;
pub use schema::schema_version;

use super::Tx;

/// `PRAGMA application_id` of a slaclock ticket log: "SLAC".
pub const APPLICATION_ID: i32 = 0x534C_4143;

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open SQLite ticket log.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens the ticket log at `path`, creating it (mode 0600) if `create`.
    /// A file that is not a slaclock ticket log, or was written by a newer
    /// slaclock, is refused before anything is written to it.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore> {
        let exists = path
            .try_exists()
            .with_context(|| format!("cannot look for the ticket log {}", path.display()))?;
        let created = if exists {
            check_header(path)?;
            false
        } else if create {
            create_file(path)?
        } else {
            bail!(
                "no ticket log at {}; open a ticket first, or pass --db",
                path.display()
            );
        };
        let opened = open_sqlite(path);
        if opened.is_err() && created {
            // Do not leave a half-made file that the next run would refuse.
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.as_os_str().to_owned();
                file.push(suffix);
                let _ = fs::remove_file(file);
            }
        }
        opened
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
    pub fn write<T>(&mut self, f: impl FnOnce(&dyn Tx) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, true, f)
    }

    /// Runs `f` in a deferred transaction so it sees one consistent
    /// snapshot. Anything `f` writes is rolled back.
    pub fn read<T>(&mut self, f: impl FnOnce(&dyn Tx) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, false, f)
    }

    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        commit: bool,
        f: impl FnOnce(&dyn Tx) -> Result<T>,
    ) -> Result<T> {
        let path = &self.path;
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(|e| explain(path, e.into()))?;
        let value = f(&SqliteTx::new(&tx)).map_err(|e| explain(path, e))?;
        if commit {
            tx.commit().map_err(|e| explain(path, e.into()))?;
        }
        Ok(value) // an uncommitted transaction rolls back when dropped
    }
}

/// Refuses an existing file that is empty or not an SQLite database,
/// reading only its first 16 bytes.
fn check_header(path: &Path) -> Result<()> {
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    File::open(path)
        .and_then(|file| file.take(SQLITE_MAGIC.len() as u64).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    if head.is_empty() {
        bail!(
            "{} is empty, not a slaclock ticket log; remove it or pass --db another file",
            path.display()
        );
    }
    if head != SQLITE_MAGIC {
        bail!(
            "{} is not a slaclock ticket log (not an SQLite database); left untouched",
            path.display()
        );
    }
    Ok(())
}

/// Creates the parent folders and an empty file with mode 0600, so SQLite
/// never creates it with looser permissions. Returns false if another
/// process created it first (its header is then checked instead).
fn create_file(path: &Path) -> Result<bool> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder {
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            check_header(path)?;
            Ok(false)
        }
        Err(e) => {
            let folder = folder.unwrap_or(Path::new("."));
            Err(e).with_context(|| {
                format!(
                    "cannot create {}: the folder {} cannot be written",
                    path.display(),
                    folder.display()
                )
            })
        }
    }
}

/// Opens the SQLite file, refuses foreign or newer databases before any
/// write, then configures the connection and runs pending migrations.
fn open_sqlite(path: &Path) -> Result<SqliteStore> {
    let fail = |e: rusqlite::Error| explain_open(path, e.into());
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;

    // Read-only checks first: a refused file is left byte-for-byte as it was.
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(fail)?;
    if app_id != APPLICATION_ID {
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(fail)?;
        if objects > 0 {
            bail!(
                "{} is an SQLite database but not a slaclock ticket log; left untouched",
                path.display()
            );
        }
    }
    let version = schema::user_version(&conn).map_err(fail)?;
    let known = schema_version();
    if usize::try_from(version).is_ok_and(|v| v > known) {
        bail!(
            "{} was written by a newer slaclock (schema version {version}; this one knows up to {known}); upgrade slaclock",
            path.display()
        );
    }
    if version < 0 {
        bail!(
            "{} has an invalid schema version {version}, not a slaclock ticket log; left untouched",
            path.display()
        );
    }
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!(
            "cannot switch the ticket log {} to WAL mode (SQLite kept {mode:?})",
            path.display()
        );
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        .map_err(fail)?;
    if app_id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(fail)?;
    }
    schema::migrate(&mut conn).map_err(|e| explain_open(path, e))?;
    Ok(SqliteStore {
        conn,
        path: path.to_path_buf(),
    })
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
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use tempfile::TempDir;

    /// A fresh ticket log in a temporary folder (kept alive by the TempDir).
    pub(crate) fn temp_store() -> Result<(TempDir, SqliteStore)> {
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(&dir.path().join("tickets.db"), true)?;
        Ok((dir, store))
    }

    fn mode(path: &Path) -> Result<u32> {
        Ok(fs::metadata(path)?.permissions().mode() & 0o777)
    }

    /// Opening `path` fails with a message containing `expected`, and the
    /// file's bytes are unchanged, whether or not `create` is set.
    fn assert_refused(path: &Path, expected: &str) -> Result<()> {
        let before = fs::read(path)?;
        for create in [false, true] {
            let err = SqliteStore::open(path, create).expect_err("open should be refused");
            let message = format!("{err:#}");
            assert!(message.contains(expected), "{message:?} lacks {expected:?}");
            assert!(message.contains(&path.display().to_string()), "{message:?}");
            assert_eq!(fs::read(path)?, before, "refused file was modified");
        }
        Ok(())
    }

    #[test]
    fn open_creates_private_wal_file_and_folders() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a/b/tickets.db");
        let mut store = SqliteStore::open(&path, true)?;
        assert_eq!(store.path(), path);
        assert_eq!(mode(&path)?, 0o600);
        let journal: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        assert_eq!(journal, "wal");
        let app_id: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        assert_eq!(app_id, APPLICATION_ID);
        // The header reached the main file, so a crash now cannot leave an
        // empty file that the next open would refuse.
        assert!(fs::metadata(&path)?.len() > 0);
        store.write(|tx| tx.policy_version("h", "policy", 1))?;
        let wal = dir.path().join("a/b/tickets.db-wal");
        assert_eq!(mode(&wal)?, 0o600);
        Ok(())
    }

    #[test]
    fn reopening_is_idempotent() -> Result<()> {
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        let id = store.write(|tx| tx.policy_version("h", "policy", 1))?;
        drop(store);
        for _ in 0..2 {
            let mut store = SqliteStore::open(&path, false)?;
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
        let err = SqliteStore::open(&path, false).expect_err("should fail");
        assert_eq!(
            err.to_string(),
            format!(
                "no ticket log at {}; open a ticket first, or pass --db",
                path.display()
            )
        );
        assert!(!path.exists());
        Ok(())
    }

    #[test]
    fn refuses_empty_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("empty.db");
        File::create(&path)?;
        assert_refused(
            &path,
            "is empty, not a slaclock ticket log; remove it or pass --db another file",
        )
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
        let store = SqliteStore::open(&path, false)?;
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
    fn failed_write_rolls_back() -> Result<()> {
        let (_dir, mut store) = temp_store()?;
        let result: Result<()> = store.write(|tx| {
            let policy = tx.policy_version("h", "policy", 1)?;
            tx.insert_ticket(&crate::store::suite::ticket("incident", policy, 100))?;
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
        let mut second = SqliteStore::open(&dir.path().join("tickets.db"), false)?;
        second.conn.busy_timeout(Duration::from_millis(50))?;
        first.write(|_| {
            let err = second.write(|_| Ok(())).expect_err("should be busy");
            let message = err.to_string();
            assert!(message.contains("is busy (another slaclock is writing); try again"));
            assert!(message.contains("tickets.db"));
            Ok(())
        })
    }

    /// Whether file permissions apply to us (they do not to root).
    fn permissions_apply() -> Result<bool> {
        let dir = tempfile::tempdir()?;
        let probe = dir.path().join("probe");
        fs::write(&probe, "")?;
        fs::set_permissions(&probe, fs::Permissions::from_mode(0o400))?;
        Ok(OpenOptions::new().write(true).open(&probe).is_err())
    }

    #[test]
    fn read_only_file_or_folder_can_be_read_but_not_written() -> Result<()> {
        if !permissions_apply()? {
            return Ok(()); // running as root: nothing is read-only
        }
        let (dir, mut store) = temp_store()?;
        let path = dir.path().join("tickets.db");
        store.write(|tx| tx.policy_version("h", "p", 0))?;
        drop(store);
        let set_mode = |p: &Path, m| fs::set_permissions(p, fs::Permissions::from_mode(m));
        let check = || -> Result<()> {
            let mut store = SqliteStore::open(&path, false)?;
            assert_eq!(store.read(|tx| tx.policy_versions())?.len(), 1);
            let err = store
                .write(|tx| tx.policy_version("h2", "p2", 0))
                .expect_err("read-only");
            let message = err.to_string();
            assert!(message.contains("cannot be written"), "{err:#}");
            assert!(message.contains(&path.display().to_string()), "{err:#}");
            Ok(())
        };

        set_mode(&path, 0o400)?;
        let file = check();
        set_mode(&path, 0o600)?;
        set_mode(dir.path(), 0o500)?;
        let folder = check();
        let new_file = SqliteStore::open(&dir.path().join("new.db"), true).map(drop);
        let new_folder = SqliteStore::open(&dir.path().join("sub/new.db"), true).map(drop);
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
