//! The one way slaclock writes a file (a policy from `init`, an export with
//! `-o`, anything added later): a temporary file created exclusively under a
//! random name beside the destination, filled, flushed to disk, and renamed
//! over the destination. No step follows a symbolic link: a link planted at
//! a temporary name is never opened (the name is random and created with
//! O_EXCL), and a link at the destination is replaced, not written through.
//! A reader never sees half a file, and a failed write leaves nothing; nor
//! does one stopped by SIGTERM, SIGINT or SIGHUP while it writes.
//! What is not a regular file (a device such as `/dev/null`, a FIFO, a
//! socket, or a link to one, or to a process's open file as `/dev/stdout`
//! is) is refused, not replaced: renaming over it would put a file where
//! the system keeps a device.
//!
//! Nothing else in slaclock may call `std::fs::write`, `File::create` or
//! `rename` on a user's path.

use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

/// The mode a file is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Exactly this, whatever the umask: an export kept private, a metrics
    /// file node_exporter's user must read even under `umask 077`.
    Exactly(u32),
    /// This less the umask, as any new file: a policy, which is not
    /// secret, but which nobody else should be able to change.
    LessUmask(u32),
}

/// Writes `dest` atomically with what `fill` writes, the new file created
/// with `mode`. Errors say what failed; the caller names the file
/// ("cannot write the export to PATH").
pub fn write_file(
    dest: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    let (Mode::Exactly(bits) | Mode::LessUmask(bits)) = mode;
    let name = check_destination(dest)?;
    let dir = folder_of(dest);
    if !dir.is_dir() {
        bail!(crate::msg!(
            "file-no-folder",
            path = dir.display().to_string()
        ));
    }
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    // The temporary file is created and its removal on a stop signal set
    // up with those signals held back, so one that comes in between is
    // taken only once the removal is in place.
    let held = HeldSignals::hold();
    let temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .permissions(Permissions::from_mode(bits))
        .tempfile_in(dir)
        .with_context(|| crate::msg!("file-cannot-create-temp", path = dir.display().to_string()));
    let removal = temp.as_ref().ok().map(|t| RemovedOnSignal::arm(t.path()));
    drop(held);
    let mut temp = temp?;
    // Created with the umask taken off; `Exactly` puts it back.
    if let Mode::Exactly(bits) = mode {
        temp.as_file()
            .set_permissions(Permissions::from_mode(bits))
            .with_context(|| {
                crate::msg!("file-cannot-create-temp", path = dir.display().to_string())
            })?;
    }
    // On an error, dropping `temp` removes the temporary file.
    fill(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .context(crate::msg!("file-cannot-flush"))?;
    temp.persist(dest)
        .map_err(|e| anyhow::Error::new(e.error).context(crate::msg!("file-cannot-move")))?;
    // Renamed: nothing is left to remove (until then, any error dropped
    // the temporary file and then this).
    drop(removal);
    sync_folder(dir)
        .with_context(|| crate::msg!("file-cannot-flush-folder", path = dir.display().to_string()))
}

/// Removes a temporary file if a stop signal (SIGTERM, SIGINT, SIGHUP, as
/// `signals::heeded` has them) ends the process while the file is
/// written: the signal's default action ends the process without running
/// destructors, so `tempfile`'s own removal never runs. The process then
/// ends by the signal as it did before. Dropped, it puts back the actions
/// it replaced.
///
/// Plain sigaction rather than signal-hook: signal-hook cannot take its
/// handler off again, and one left with no action swallows the signal.
/// Only a signal left at its default action is taken over; a command that
/// handles one itself (`check`, `watch`, `notify`) keeps it.
struct RemovedOnSignal(Vec<(i32, libc::sigaction)>);

/// The temporary file to remove, for the handler: a C string never freed
/// (one per file written), so a handler running late never reads freed
/// memory.
static REMOVE: std::sync::atomic::AtomicPtr<libc::c_char> =
    std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

extern "C" fn remove_and_die(signal: libc::c_int) {
    let path = REMOVE.load(std::sync::atomic::Ordering::SeqCst);
    // SAFETY: async-signal-safe calls only: unlink(2) of a NUL-terminated
    // path that is never freed, then the default action put back and the
    // signal raised again; blocked while this runs, it is taken on return
    // and ends the process as it would have.
    unsafe {
        if !path.is_null() {
            libc::unlink(path);
        }
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

impl RemovedOnSignal {
    fn arm(path: &Path) -> RemovedOnSignal {
        use std::os::unix::ffi::OsStrExt;
        let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return RemovedOnSignal(Vec::new());
        };
        REMOVE.store(path.into_raw(), std::sync::atomic::Ordering::SeqCst);
        let mut replaced = Vec::new();
        for signal in super::signals::heeded() {
            let mut old = std::mem::MaybeUninit::<libc::sigaction>::uninit();
            // SAFETY: `action` is zeroed then filled as sigaction(2) asks;
            // `old` is read only when the call succeeded.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = remove_and_die as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                if libc::sigaction(signal, std::ptr::null(), old.as_mut_ptr()) != 0
                    || old.assume_init_ref().sa_sigaction != libc::SIG_DFL
                {
                    continue;
                }
                if libc::sigaction(signal, &action, old.as_mut_ptr()) == 0 {
                    replaced.push((signal, old.assume_init()));
                }
            }
        }
        RemovedOnSignal(replaced)
    }
}

impl Drop for RemovedOnSignal {
    fn drop(&mut self) {
        for (signal, old) in self.0.drain(..) {
            // SAFETY: puts back the action `arm` read.
            unsafe { libc::sigaction(signal, &old, std::ptr::null_mut()) };
        }
        REMOVE.store(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
    }
}

/// The stop signals held back (blocked) on this thread until dropped; a
/// signal that came meanwhile is taken then.
struct HeldSignals(Option<libc::sigset_t>);

impl HeldSignals {
    fn hold() -> HeldSignals {
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        let mut old = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigemptyset initialises `set`; sigaddset and
        // pthread_sigmask only read it, and the latter writes the mask it
        // replaces into `old`, read only when it succeeded.
        unsafe {
            libc::sigemptyset(set.as_mut_ptr());
            for signal in super::signals::heeded() {
                libc::sigaddset(set.as_mut_ptr(), signal);
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, set.as_ptr(), old.as_mut_ptr()) == 0 {
                HeldSignals(Some(old.assume_init()))
            } else {
                HeldSignals(None)
            }
        }
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        if let Some(old) = self.0.take() {
            // SAFETY: puts back the mask read by `hold`.
            unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
        }
    }
}

/// The checks `write_file` makes of `dest` before it writes anything,
/// for a caller that asks other questions first (`init`: does a file
/// exist there?): a file name, not a folder, not a device or the like
/// (`refuse_special`). Returns the file's name.
pub fn check_destination(dest: &Path) -> Result<&std::ffi::OsStr> {
    let name = dest
        .file_name()
        .ok_or_else(|| anyhow!(crate::msg!("file-not-a-name")))?;
    if dest.is_dir() {
        bail!(crate::msg!("file-is-a-folder"));
    }
    refuse_special(dest, false)?;
    refuse_read_only(dest)?;
    Ok(name)
}

/// Refuses to replace a file this process could not write in place (a
/// policy made read-only, `chmod 444`): renaming over it needs only the
/// folder's permission, so the atomic write would otherwise replace it,
/// and take it over, where writing it is not allowed. A missing file is
/// written as usual; so is any file for root, as the system allows.
fn refuse_read_only(dest: &Path) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(meta) = std::fs::metadata(dest) else {
        return Ok(());
    };
    let Ok(path) = std::ffi::CString::new(dest.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: `path` is a NUL-terminated string that outlives the call,
    // which only reads it.
    let allowed =
        unsafe { libc::faccessat(libc::AT_FDCWD, path.as_ptr(), libc::W_OK, libc::AT_EACCESS) }
            == 0;
    if allowed || io::Error::last_os_error().raw_os_error() != Some(libc::EACCES) {
        return Ok(());
    }
    bail!(crate::msg!(
        "file-read-only",
        mode = format!("{:o}", meta.mode() & 0o7777)
    ))
}

/// `check_destination` for `-o` of a command that writes to standard
/// output without it (`export`, `metrics`): a device or the like is
/// refused with that way out.
pub fn check_output(dest: &Path) -> Result<()> {
    refuse_special(dest, true)?;
    check_destination(dest).map(|_| ())
}

/// Refuses a destination that is not a regular file to replace: a device,
/// FIFO or socket, a link to one, or anything in `/proc` or a link into it
/// (where `/dev/stdout` and `/dev/fd/N` lead). A missing destination, a
/// regular file and a link to either are written as usual. With
/// `stdout_instead`, the message says standard output is the way there.
fn refuse_special(dest: &Path, stdout_instead: bool) -> Result<()> {
    let Ok(own) = std::fs::symlink_metadata(dest) else {
        return Ok(());
    };
    let special = |t: std::fs::FileType| !(t.is_file() || t.is_dir() || t.is_symlink());
    // A process's open files: the folder, or where a link leads, in /proc.
    let in_proc = |dir: &Path| dir.canonicalize().is_ok_and(|d| d.starts_with("/proc"));
    let into_proc = in_proc(folder_of(dest))
        || std::fs::read_link(dest).is_ok_and(|to| in_proc(folder_of(&folder_of(dest).join(to))));
    let kind = if into_proc {
        Some(crate::msg!("file-kind-open-file").to_string())
    } else if own.file_type().is_symlink() {
        match std::fs::metadata(dest) {
            Ok(target) if special(target.file_type()) => Some(file_kind(target.file_type())),
            _ => None,
        }
    } else {
        special(own.file_type()).then(|| file_kind(own.file_type()))
    };
    match (kind, stdout_instead) {
        (None, _) => Ok(()),
        (Some(kind), false) => bail!(crate::msg!("file-is-special", kind = kind)),
        (Some(kind), true) => bail!(crate::msg!("file-is-special-output", kind = kind)),
    }
}

/// What a kind of file is called in a message.
pub(super) fn file_kind(t: std::fs::FileType) -> String {
    kind_word(crate::small_file::kind(t))
}

/// A file kind's code (`crate::small_file::kind`) in words.
pub(super) fn kind_word(code: &str) -> String {
    let kind = match code {
        "folder" => crate::msg!("file-kind-folder"),
        "fifo" => crate::msg!("file-kind-fifo"),
        "device" => crate::msg!("file-kind-device"),
        "socket" => crate::msg!("file-kind-socket"),
        _ => crate::msg!("file-kind-other"),
    };
    kind.to_string()
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the rename itself durable. File systems that cannot sync a folder
/// say so with EINVAL; there is then nothing more to do.
fn sync_folder(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

/// Whether writing `dest` would write the file `other`: the same path once
/// links and `..` are resolved (for a file not there yet, its folder's), or
/// the same inode (a hard link).
pub fn is_same_file(dest: &Path, other: &Path) -> bool {
    if let (Some(a), Some(b)) = (resolved(dest), resolved(other))
        && a == b
    {
        return true;
    }
    match (std::fs::metadata(dest), std::fs::metadata(other)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// `path` with every link resolved, or, if it does not exist, its folder's
/// resolved path joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    path.canonicalize()
        .ok()
        .or_else(|| Some(folder_of(path).canonicalize().ok()?.join(path.file_name()?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_with_the_mode_and_leaves_no_temporary() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("out.csv");
        write_file(&dest, Mode::Exactly(0o600), |f| Ok(f.write_all(b"a,b\n")?))?;
        assert_eq!(std::fs::read(&dest)?, b"a,b\n");
        assert_eq!(mode(&dest), 0o600);
        assert_eq!(entries(dir.path()), ["out.csv"]);
        Ok(())
    }

    /// The action of `signal` now.
    fn action(signal: i32) -> libc::sighandler_t {
        let mut old = std::mem::MaybeUninit::<libc::sigaction>::uninit();
        // SAFETY: a null new action only reads the current one.
        assert_eq!(
            unsafe { libc::sigaction(signal, std::ptr::null(), old.as_mut_ptr()) },
            0
        );
        // SAFETY: initialised by the successful call.
        unsafe { old.assume_init() }.sa_sigaction
    }

    /// While the file is written a stop signal removes the temporary file
    /// (tests/cli/export.rs stops an export); after it, and after a write
    /// that failed, the signal's action is what it was: a handler left in
    /// place would swallow the signal.
    #[test]
    fn a_stop_signal_removes_the_temporary_only_while_it_is_written() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("out.csv");
        let before = action(libc::SIGTERM);
        write_file(&dest, Mode::Exactly(0o600), |f| {
            assert_ne!(action(libc::SIGTERM), before);
            Ok(f.write_all(b"a,b\n")?)
        })?;
        assert_eq!(action(libc::SIGTERM), before);
        let _ = write_file(&dest, Mode::Exactly(0o600), |_| anyhow::bail!("disk full"));
        assert_eq!(action(libc::SIGTERM), before);
        Ok(())
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("out.csv");
        std::fs::write(&dest, "old")?;
        let err = write_file(&dest, Mode::Exactly(0o600), |f| {
            f.write_all(b"half")?;
            anyhow::bail!("disk full")
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("disk full"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&dest)?, "old");
        assert_eq!(entries(dir.path()), ["out.csv"]);
        Ok(())
    }

    #[test]
    fn a_link_at_the_destination_is_replaced_not_followed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious")?;
        let dest = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&victim, &dest)?;
        write_file(&dest, Mode::Exactly(0o600), |f| Ok(f.write_all(b"new")?))?;
        assert_eq!(std::fs::read_to_string(&victim)?, "precious");
        assert!(!std::fs::symlink_metadata(&dest)?.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&dest)?, "new");
        Ok(())
    }

    /// Writing `dest` is refused with a message naming what it is, and
    /// leaves it as it was (still not a regular file) with no temporary.
    fn refused(dest: &Path, kind: &str) {
        let was = std::fs::symlink_metadata(dest).unwrap().file_type();
        let err = write_file(dest, Mode::Exactly(0o600), |f| Ok(f.write_all(b"new")?)).unwrap_err();
        let expected = crate::msg!("file-is-special", kind = kind).to_string();
        assert_eq!(err.to_string(), expected, "{}", dest.display());
        assert_eq!(std::fs::symlink_metadata(dest).unwrap().file_type(), was);
        let dir = dest.parent().unwrap();
        assert!(
            entries(dir).iter().all(|n| !n.ends_with(".tmp")),
            "{:?}",
            entries(dir)
        );
    }

    #[test]
    fn devices_fifos_and_links_to_them_are_refused_not_replaced() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes())?;
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let fifo_kind = crate::msg!("file-kind-fifo").to_string();
        refused(&fifo, &fifo_kind);
        let to_fifo = dir.path().join("to-fifo");
        std::os::unix::fs::symlink(&fifo, &to_fifo)?;
        refused(&to_fifo, &fifo_kind);
        // A link to a device: were it followed or replaced wrongly, only
        // the link in the temporary folder would go.
        let to_null = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &to_null)?;
        refused(&to_null, &crate::msg!("file-kind-device").to_string());
        // Where /dev/stdout leads, even when it is a regular file.
        let out = dir.path().join("stdout");
        std::os::unix::fs::symlink("/proc/self/fd/1", &out)?;
        let open_file = crate::msg!("file-kind-open-file").to_string();
        refused(&out, &open_file);
        // The same through a relative link, and /dev/fd/1 itself (whose
        // link text is the open file's own path).
        let up = "../".repeat(dir.path().canonicalize()?.components().count() - 1);
        let relative = dir.path().join("relative");
        std::os::unix::fs::symlink(format!("{up}proc/self/fd/1"), &relative)?;
        refused(&relative, &open_file);
        refused(Path::new("/dev/fd/1"), &open_file);
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket)?;
        refused(&socket, &crate::msg!("file-kind-socket").to_string());
        Ok(())
    }

    #[test]
    fn same_file_by_path_link_or_inode() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let log = dir.path().join("log.db");
        std::fs::write(&log, "x")?;
        std::os::unix::fs::symlink(&log, dir.path().join("link"))?;
        std::fs::hard_link(&log, dir.path().join("hard"))?;
        std::fs::create_dir(dir.path().join("sub"))?;
        assert!(is_same_file(&log, &log));
        assert!(is_same_file(&dir.path().join("link"), &log));
        assert!(is_same_file(&dir.path().join("hard"), &log));
        assert!(is_same_file(&dir.path().join("sub/../log.db"), &log));
        // Neither exists yet: compared by folder and name.
        let wal = dir.path().join("log.db-wal");
        assert!(is_same_file(&dir.path().join("sub/../log.db-wal"), &wal));
        assert!(!is_same_file(&dir.path().join("other"), &log));
        assert!(!is_same_file(&dir.path().join("other"), &wal));
        Ok(())
    }
}
