//! Tests of what only the SQLite store has: opening and refusing files,
//! WAL mode and durable commits, readers that create no file beside the
//! log, and permissions (run again as another user when run as root). The
//! shared behaviour is tested in `store/suite.rs`.
//!
//! Over 600 lines: tests only, of one store, each a case of opening,
//! refusing or sharing a file, read best beside each other.

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
    // What a table made and dropped leaves: pages, and nothing in them.
    let dropped = dir.path().join("dropped.db");
    Connection::open(&dropped)?.execute_batch("CREATE TABLE t(a); DROP TABLE t;")?;
    assert!(fs::metadata(&dropped)?.len() > 0);
    for mode in [OpenMode::Read, OpenMode::Write] {
        let message = SqliteStore::open(&dropped, mode)
            .expect_err("not created yet")
            .to_string();
        assert_eq!(
            message,
            format!(
                "no ticket log at {} yet: the file is an SQLite database that holds no tables \
                 (a log whose creation was cut short); open a ticket to start it there, or pass --db",
                dropped.display()
            ),
            "{mode:?}"
        );
    }
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
        assert!(message.contains(
            "is busy (another slaclock, or another program, is writing to it); try again"
        ));
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

/// How many policy versions each of `readers` sees, each read on a
/// thread of its own.
fn seen_by(readers: Vec<Reader>) -> Result<Vec<usize>> {
    std::thread::scope(|s| {
        let seen: Vec<_> = readers
            .into_iter()
            .map(|mut r| s.spawn(move || r.read(|tx| Ok(tx.policy_versions()?.len()))))
            .collect();
        seen.into_iter()
            .map(|h| h.join().expect("a reader's thread"))
            .collect()
    })
}

/// More readers see the snapshot of the read they join, whether the log is
/// read through its WAL (a writer has it open) or as an idle snapshot, and
/// a commit after they begin is seen by none of them.
#[test]
fn more_readers_see_the_snapshot_of_their_read() -> Result<()> {
    let (dir, mut writer) = temp_store()?;
    let path = dir.path().join("tickets.db");
    writer.write(|tx| tx.policy_version("h1", "p", 0))?;
    // Through the WAL: the writer has the log open, and commits while the
    // readers read.
    let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
    assert!(reader.snapshot.is_none());
    let seen = reader.read_with_readers(3, |tx, readers| {
        assert_eq!(readers.len(), 3);
        writer.write(|tx| tx.policy_version("h2", "p", 0))?;
        let mut seen = seen_by(readers)?;
        seen.push(tx.policy_versions()?.len());
        Ok(seen)
    })?;
    assert_eq!(seen, [1; 4]);
    drop((reader, writer));
    // As an idle snapshot.
    let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
    assert!(reader.snapshot.is_some());
    let seen = reader.read_with_readers(3, |tx, readers| {
        assert_eq!(readers.len(), 3);
        let mut seen = seen_by(readers)?;
        seen.push(tx.policy_versions()?.len());
        Ok(seen)
    })?;
    assert_eq!(seen, [2; 4]);
    Ok(())
}

/// A commit that lands while the readers begin would give them another
/// snapshot than the read they join: then there are none.
#[test]
fn a_commit_while_more_readers_begin_leaves_them_out() -> Result<()> {
    let (dir, mut writer) = temp_store()?;
    let path = dir.path().join("tickets.db");
    writer.write(|tx| tx.policy_version("h1", "p", 0))?;
    let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
    let committed = || {
        writer
            .write(|tx| tx.policy_version("h2", "p", 0))
            .expect("the writer commits");
    };
    let (readers, seen) = reader.read_with_readers_after(2, committed, |tx, readers| {
        Ok((readers.len(), tx.policy_versions()?.len()))
    })?;
    assert_eq!((readers, seen), (0, 2));
    // With nothing between, they are there.
    let readers = reader.read_with_readers(2, |_, readers| Ok(readers.len()))?;
    assert_eq!(readers, 2);
    Ok(())
}

/// A log replaced by a rename after it was opened: more readers would
/// read the new file, so there are none (read through the WAL: the file's
/// identity is checked, and here `data_version` moves too, since the new
/// readers share the `-shm` found by name); read as an idle snapshot, the
/// read is refused.
#[test]
fn a_log_replaced_since_it_was_opened_gives_no_more_readers() -> Result<()> {
    let (dir, mut writer) = temp_store()?;
    let path = dir.path().join("tickets.db");
    let other = dir.path().join("other.db");
    writer.write(|tx| tx.policy_version("h1", "p", 0))?;
    let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
    assert!(reader.snapshot.is_none());
    // Another log, idle, its commits in its main file.
    drop(SqliteStore::open(&other, OpenMode::Create)?);
    fs::rename(&other, &path)?;
    let readers = reader.read_with_readers(2, |_, readers| Ok(readers.len()))?;
    assert_eq!(readers, 0);

    let (dir, mut writer) = temp_store()?;
    let path = dir.path().join("tickets.db");
    let other = dir.path().join("other.db");
    writer.write(|tx| tx.policy_version("h1", "p", 0))?;
    drop(writer);
    let mut reader = SqliteStore::open(&path, OpenMode::Read)?;
    assert!(reader.snapshot.is_some());
    fs::copy(&path, &other)?;
    fs::rename(&other, &path)?;
    let err = reader
        .read_with_readers(2, |_, readers| Ok(readers.len()))
        .expect_err("the file changed under the reader");
    assert!(err.to_string().contains("try again"), "{err:#}");
    Ok(())
}

/// A log opened for writing is read on its one connection.
#[test]
fn a_log_opened_for_writing_gives_no_more_readers() -> Result<()> {
    let (_dir, mut store) = temp_store()?;
    let readers = store.read_with_readers(2, |_, readers| Ok(readers.len()))?;
    assert_eq!(readers, 0);
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
    let new_folder = SqliteStore::open(&dir.path().join("sub/new.db"), OpenMode::Create).map(drop);
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

/// A full disk and a failing one are said so, naming the log, not only in
/// SQLite's words ("database or disk is full", "disk I/O error").
#[test]
fn a_full_or_failing_disk_says_so() {
    let path = Path::new("/var/lib/slaclock/tickets.db");
    for (code, words) in [
        (
            rusqlite::ffi::SQLITE_FULL,
            "the disk holding the ticket log /var/lib/slaclock/tickets.db is full; free some space there",
        ),
        (
            rusqlite::ffi::SQLITE_IOERR_SHMSIZE,
            "the ticket log /var/lib/slaclock/tickets.db could not be read or written (a disk I/O error)",
        ),
    ] {
        let failure = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        let said = format!("{:#}", explain(path, anyhow::Error::new(failure)));
        assert!(said.starts_with(words), "{said}");
    }
}
