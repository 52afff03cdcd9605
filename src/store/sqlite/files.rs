//! The files of an SQLite ticket log, handled before SQLite sees them: what
//! kind of file a path is (a FIFO or a device would hang SQLite), whether it
//! holds a database yet, creating it durably, who may read or write it, and
//! the lock a reader holds so that no writer rewrites the main file or
//! removes the `-wal` and `-shm` files under it. No SQL lives here.

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// SQLite's lock bytes on the main file (os_unix.c): a reader holds a read
/// lock on the `SHARED_SIZE` bytes from `SHARED_FIRST`; a connection needs a
/// write lock on the same range (EXCLUSIVE) to checkpoint on close and then
/// delete the `-wal` and `-shm` files, or to change the journal mode.
const PENDING_BYTE: i64 = 0x4000_0000;
const SHARED_FIRST: i64 = PENDING_BYTE + 2;
const SHARED_SIZE: i64 = 510;

/// `path` with `suffix` appended: the log's `-wal`, `-shm` and `-journal`.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `path` exists, refusing anything that exists but is not a
/// regular file (or a link to one). Looks at metadata only: opening a FIFO
/// blocks until someone writes to it, and reading a device may never end.
/// The refusal's advice is for the command: only one that `creates` a
/// missing log (`open`, `migrate --to`) may say it will.
pub(super) fn regular_file(path: &Path, creates: bool) -> Result<bool> {
    match not_regular(path)? {
        None => Ok(false),
        Some(None) => Ok(true),
        Some(Some(kind)) => {
            let path = path.display().to_string();
            if creates {
                bail!(crate::msg!("sqlite-not-a-file", path = path, kind = kind))
            }
            bail!(crate::msg!(
                "sqlite-not-a-log-file",
                path = path,
                kind = kind
            ))
        }
    }
}

/// Refuses a `-wal`, `-shm` or `-journal` beside the log file `real` (the
/// file itself, not a link to it: SQLite names them after the file) that
/// is there but not a regular file: SQLite would hang on it as on the log.
pub(super) fn siblings_are_files(real: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let file = sibling(real, suffix);
        if let Some(Some(kind)) = not_regular(&file)? {
            bail!(crate::msg!(
                "sqlite-sibling-not-a-file",
                path = file.display().to_string(),
                kind = kind,
                suffix = suffix
            ));
        }
    }
    Ok(())
}

/// None if `path` does not exist; else what it is if not a regular file.
fn not_regular(path: &Path) -> Result<Option<Option<&'static str>>> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| cannot_look(path));
        }
    };
    let kind = meta.file_type();
    Ok(Some(if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("folder")
    } else if kind.is_fifo() {
        Some("fifo")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("device")
    } else if kind.is_socket() {
        Some("socket")
    } else {
        Some("other")
    }))
}

/// What the first bytes of an existing log file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Header {
    /// No bytes at all: a log whose creation never got further.
    Empty,
    /// An SQLite database; `wal` if its header says WAL mode (then a
    /// connection uses, or creates, the `-wal` and `-shm` files).
    Sqlite { wal: bool },
}

/// Reads the header of the open log `file`, refusing a file that is not
/// an SQLite database.
pub(super) fn header(file: &File, path: &Path) -> Result<Header> {
    let mut head = [0u8; 20];
    let mut got = 0;
    while got < head.len() {
        let n = file
            .read_at(&mut head[got..], got as u64)
            .with_context(|| {
                crate::msg!("sqlite-cannot-read", path = path.display().to_string())
            })?;
        if n == 0 {
            break;
        }
        got += n;
    }
    if got == 0 {
        return Ok(Header::Empty);
    }
    if got < SQLITE_MAGIC.len() || &head[..SQLITE_MAGIC.len()] != SQLITE_MAGIC {
        bail!(crate::msg!(
            "store-not-a-log",
            path = path.display().to_string()
        ));
    }
    // Bytes 18 and 19: the file format's write and read versions, 2 in WAL mode.
    Ok(Header::Sqlite {
        wal: got == head.len() && head[18] == 2 && head[19] == 2,
    })
}

/// Opens an existing log file for reading its header and holding locks,
/// without blocking (the caller has checked that it is a regular file, but
/// it may have been swapped since).
pub(super) fn open_existing(path: &Path) -> Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .with_context(|| cannot_read_log(path))?;
    let meta = file.metadata().with_context(|| cannot_read_log(path))?;
    if !meta.is_file() {
        bail!(crate::msg!(
            "sqlite-not-regular",
            path = path.display().to_string()
        ));
    }
    Ok(file)
}

/// Creates the parent folders and an empty file with mode 0600, so SQLite
/// never creates it with looser permissions, and makes the new names
/// durable (fsync of each folder that gained one): SQLite syncs the files it
/// writes, not the folder entries that make a new file findable after a
/// power cut. Another process creating it first is fine: the caller then
/// opens theirs, and SQLite's locks decide who initialises it.
pub(super) fn create(path: &Path) -> Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The folders that do not exist yet, innermost first.
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .collect();
    if !missing.is_empty() {
        // Owner only, as the log itself is, whatever the umask.
        std::os::unix::fs::DirBuilderExt::mode(fs::DirBuilder::new().recursive(true), 0o700)
            .create(folder)
            .with_context(|| {
                crate::msg!(
                    "sqlite-cannot-create-folder",
                    path = folder.display().to_string()
                )
            })?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(file) => {
            file.sync_all().with_context(|| {
                crate::msg!("sqlite-cannot-sync", path = path.display().to_string())
            })?;
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => {
            return Err(e).with_context(|| {
                crate::msg!(
                    "sqlite-cannot-create",
                    path = path.display().to_string(),
                    folder = folder.display().to_string()
                )
            });
        }
    }
    let parent_of = |p: &Path| {
        p.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    for dir in std::iter::once(folder.to_path_buf()).chain(missing.iter().map(|p| parent_of(p))) {
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .with_context(|| {
                crate::msg!(
                    "sqlite-cannot-sync-folder",
                    path = dir.display().to_string()
                )
            })?;
    }
    Ok(())
}

/// Makes the open file `file` at `path`, which holds no ticket log yet,
/// fit to become one, as [`create`] makes a new one: refused if it belongs
/// to another user (it would stay theirs to read and change, whatever its
/// mode), else made readable and writable by its owner only (a `touch`
/// under umask 022 leaves it 0644; the `-wal` and `-shm` files SQLite
/// makes take the same mode).
pub(super) fn adopt(file: &File, path: &Path) -> Result<()> {
    let meta = file.metadata().with_context(|| cannot_look(path))?;
    // SAFETY: geteuid has no preconditions.
    if meta.uid() != unsafe { libc::geteuid() } {
        bail!(crate::msg!(
            "sqlite-blank-not-yours",
            path = path.display().to_string(),
            owner = user_name(meta.uid())
        ));
    }
    if meta.mode() & 0o7777 != 0o600 {
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .with_context(|| {
                crate::msg!(
                    "sqlite-cannot-make-private",
                    path = path.display().to_string()
                )
            })?;
    }
    Ok(())
}

/// The login name of `uid` with the number (`alice (uid 1000)`), or the
/// number alone when the system knows no such user.
fn user_name(uid: u32) -> String {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: an all-zero `passwd` is a valid out-parameter.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and `buf.len()` is the
    // buffer's true size; on success `found` points at `entry`, whose
    // strings live in `buf`.
    let rc = unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc == 0 && !found.is_null() && !entry.pw_name.is_null() {
        // SAFETY: `pw_name` is a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
        return format!("{} (uid {uid})", name.to_string_lossy());
    }
    format!("uid {uid}")
}

/// What may let others read, change or replace an SQLite ticket log (see
/// [`exposures`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposure {
    /// The log file may be read by every account, or written by anyone but
    /// its owner (read by its group is how a team shares one, and is not
    /// an exposure).
    File { mode: u32 },
    /// The folder holding it may be written by every account and has no
    /// sticky bit: anyone can rename the log away and put another in its
    /// place.
    Folder { folder: PathBuf, mode: u32 },
    /// A `-wal` or `-shm` file beside it belongs to someone other than the
    /// log's owner (or root): SQLite reads the log through it, and its
    /// owner can write it whatever its mode.
    Sibling { file: PathBuf, owner: String },
}

/// What may let others read, change or replace the log at `path`: its
/// mode, the folder of the path and of the file it links to, and who owns
/// the `-wal` and `-shm` files beside it. Looks at metadata only; what
/// cannot be looked at is not reported (opening the log says so).
pub fn exposures(path: &Path) -> Vec<Exposure> {
    let mut found = vec![];
    let Ok(meta) = fs::metadata(path) else {
        return found;
    };
    let mode = meta.mode() & 0o777;
    if mode & 0o027 != 0 {
        found.push(Exposure::File { mode });
    }
    let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    // The folder of the name given (a link may stand there) and of the
    // file itself, each named as it really is.
    let given = folder_of(path);
    let mut folders = vec![fs::canonicalize(&given).unwrap_or(given), folder_of(&real)];
    folders.dedup();
    for folder in folders {
        let Ok(dir) = fs::metadata(&folder) else {
            continue;
        };
        let mode = dir.mode() & 0o7777;
        // Others, not the group: a group is how a team shares a folder
        // (as it may read the log, 640), and where each user has a group
        // of their own a umask of 002 makes every new folder 775.
        if mode & 0o002 != 0 && mode & 0o1000 == 0 {
            found.push(Exposure::Folder { folder, mode });
        }
    }
    for suffix in ["-wal", "-shm"] {
        let file = sibling(&real, suffix);
        if let Ok(beside) = fs::symlink_metadata(&file)
            && beside.uid() != meta.uid()
            && beside.uid() != 0
        {
            let owner = user_name(beside.uid());
            found.push(Exposure::Sibling { file, owner });
        }
    }
    found
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn access(path: &Path, mode: libc::c_int) -> bool {
    let Ok(name) = CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::faccessat(libc::AT_FDCWD, name.as_ptr(), mode, libc::AT_EACCESS) == 0 }
}

/// Whether this process may write `path` (its effective user and groups).
pub(super) fn writable(path: &Path) -> bool {
    access(path, libc::W_OK)
}

/// Whether `path` is a regular file this process may read.
pub(super) fn readable_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file()) && access(path, libc::R_OK)
}

/// The size of `path`, 0 if it does not exist.
pub(super) fn len(path: &Path) -> Result<u64> {
    match fs::metadata(path) {
        Ok(meta) => Ok(meta.len()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e).with_context(|| cannot_look(path)),
    }
}

/// What changes when anything writes to a file: to prove that the main
/// file was not rewritten while it was read as an immutable snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileState {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FileState {
    pub(super) fn of(path: &Path) -> Result<FileState> {
        let meta = fs::metadata(path).with_context(|| cannot_look(path))?;
        Ok(FileState {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }
}

/// A read lock on SQLite's SHARED byte range of the main file, the one
/// every SQLite reader holds. While it is held no connection can take the
/// EXCLUSIVE lock it needs to checkpoint on close, delete the `-wal` and
/// `-shm` files, or change the journal mode; writers still write (into the
/// WAL). On Linux it is an open-file-description lock, so SQLite's own
/// POSIX locks on the same file in this process never release it.
#[derive(Debug)]
pub(super) struct SharedLock {
    file: File,
}

impl SharedLock {
    /// Takes the lock on the open log `file`, waiting up to `timeout` while
    /// a connection holds the range exclusively (a writer checkpointing as
    /// it closes, which takes milliseconds).
    pub(super) fn acquire(file: File, path: &Path, timeout: Duration) -> Result<SharedLock> {
        let started = Instant::now();
        loop {
            match read_lock(&file) {
                Ok(()) => return Ok(SharedLock { file }),
                Err(e)
                    if matches!(e.raw_os_error(), Some(libc::EAGAIN | libc::EACCES))
                        && started.elapsed() < timeout =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) if matches!(e.raw_os_error(), Some(libc::EAGAIN | libc::EACCES)) => {
                    bail!(crate::msg!("store-busy", path = path.display().to_string()))
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        crate::msg!("sqlite-cannot-lock", path = path.display().to_string())
                    });
                }
            }
        }
    }

    /// The locked file, to read its header through.
    pub(super) fn file(&self) -> &File {
        &self.file
    }
}

/// What failed when the file's metadata could not be read.
fn cannot_look(path: &Path) -> crate::i18n::Msg {
    crate::msg!("sqlite-cannot-look", path = path.display().to_string())
}

/// What failed when the log could not be opened for reading.
fn cannot_read_log(path: &Path) -> crate::i18n::Msg {
    crate::msg!("sqlite-cannot-read-log", path = path.display().to_string())
}

#[cfg(target_os = "linux")]
const SET_LOCK: libc::c_int = libc::F_OFD_SETLK;
#[cfg(not(target_os = "linux"))]
const SET_LOCK: libc::c_int = libc::F_SETLK;

fn read_lock(file: &File) -> io::Result<()> {
    // SAFETY: an all-zero `flock` is valid (l_pid must be 0 for OFD locks).
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_RDLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = SHARED_FIRST as _;
    lock.l_len = SHARED_SIZE as _;
    // SAFETY: the descriptor is open for the call and `lock` is a valid flock.
    if unsafe { libc::fcntl(file.as_raw_fd(), SET_LOCK, &lock) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_pass() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("log.db");
        assert!(!regular_file(&file, false)?);
        fs::write(&file, "")?;
        assert!(regular_file(&file, false)?);
        let fifo = dir.path().join("fifo");
        let name = CString::new(fifo.as_os_str().as_bytes())?;
        // SAFETY: a valid path string.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        for (path, words) in [
            (
                fifo.as_path(),
                "is a FIFO (named pipe), not a ticket log file",
            ),
            (Path::new("/dev/zero"), "is a device, not a ticket log file"),
            (dir.path(), "is a folder, not a ticket log file"),
        ] {
            let message = regular_file(path, false).expect_err("refused").to_string();
            assert!(message.contains(words), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
            assert!(!message.contains("created"), "{message}");
            let message = regular_file(path, true).expect_err("refused").to_string();
            assert!(message.contains(words), "{message}");
            assert!(message.ends_with("(it is created if missing)"), "{message}");
        }
        // A FIFO where SQLite keeps the WAL would hang it just the same.
        fs::rename(&fifo, dir.path().join("log.db-wal"))?;
        assert!(regular_file(&file, false)?);
        let message = siblings_are_files(&file).expect_err("refused").to_string();
        assert!(
            message.contains(
                "log.db-wal is a FIFO (named pipe), where SQLite keeps the ticket log's -wal file"
            ),
            "{message}"
        );
        Ok(())
    }

    #[test]
    fn header_tells_empty_wal_and_foreign_files_apart() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("log.db");
        let read = |bytes: &[u8]| -> Result<Header> {
            fs::write(&path, bytes)?;
            header(&open_existing(&path)?, &path)
        };
        assert_eq!(read(b"")?, Header::Empty);
        let mut page = SQLITE_MAGIC.to_vec();
        page.extend([0x10, 0x00, 1, 1]);
        assert_eq!(read(&page)?, Header::Sqlite { wal: false });
        page[18] = 2;
        page[19] = 2;
        assert_eq!(read(&page)?, Header::Sqlite { wal: true });
        for bytes in [&b"SQL"[..], b"remember the milk\n"] {
            let message = read(bytes).expect_err("not SQLite").to_string();
            assert!(message.contains("(not an SQLite database)"), "{message}");
        }
        Ok(())
    }

    #[test]
    fn creating_makes_private_file_and_folders_and_tolerates_a_race() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a/b/log.db");
        create(&path)?;
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&path)?.len(), 0);
        fs::write(&path, "theirs")?;
        create(&path)?; // someone else was first: theirs is kept
        assert_eq!(fs::read(&path)?, b"theirs");
        Ok(())
    }

    #[cfg(target_os = "linux")] // elsewhere locks in one process never conflict
    #[test]
    fn the_shared_lock_keeps_out_an_exclusive_one_only() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("log.db");
        fs::write(&path, "")?;
        let first = SharedLock::acquire(open_existing(&path)?, &path, Duration::ZERO)?;
        // A second reader shares it.
        let second = SharedLock::acquire(open_existing(&path)?, &path, Duration::ZERO)?;
        drop(second);
        // A writer's EXCLUSIVE lock (a write lock on the same range) is
        // refused while it is held, and granted once it is gone.
        let writer = OpenOptions::new().read(true).write(true).open(&path)?;
        let exclusive = |file: &File| {
            // SAFETY: as in `read_lock`.
            let mut lock: libc::flock = unsafe { std::mem::zeroed() };
            lock.l_type = libc::F_WRLCK as _;
            lock.l_whence = libc::SEEK_SET as _;
            lock.l_start = SHARED_FIRST as _;
            lock.l_len = SHARED_SIZE as _;
            // SAFETY: as in `read_lock`.
            unsafe { libc::fcntl(file.as_raw_fd(), SET_LOCK, &lock) == 0 }
        };
        assert!(!exclusive(&writer));
        drop(first);
        assert!(exclusive(&writer));
        let message = SharedLock::acquire(open_existing(&path)?, &path, Duration::from_millis(20))
            .expect_err("held exclusively")
            .to_string();
        assert!(message.contains("is busy"), "{message}");
        Ok(())
    }
}
