//! Warnings, on standard error, that others may read, change or replace an
//! SQLite ticket log (`store::exposures`): its mode, its folder, a `-wal`
//! or `-shm` file of someone else's beside it. Every command that opens a
//! log says so, once per log a run however often it opens it (`watch`
//! reopens it every second; `migrate` opens two). `check` holds them until
//! its verdict is out, so that they never come before its first line even
//! where a monitor reads both streams as one.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::i18n::Lang;
use crate::store::{Exposure, exposures};

/// The logs already looked at this run, and the warnings held (`Some`)
/// while `check` works.
struct Said {
    logs: BTreeSet<PathBuf>,
    held: Option<Vec<String>>,
}

static SAID: Mutex<Said> = Mutex::new(Said {
    logs: BTreeSet::new(),
    held: None,
});

fn said() -> std::sync::MutexGuard<'static, Said> {
    SAID.lock().unwrap_or_else(|e| e.into_inner())
}

/// Warns about the log at `path`, unless it was looked at already. The
/// lock is never held while the file system or the user database (NSS,
/// which may be LDAP) is asked: `check`'s verdict, given at its deadline
/// by another thread, must never wait on it.
pub fn warn(lang: Lang, path: &Path) {
    if !said().logs.insert(path.to_path_buf()) {
        return;
    }
    let shown = path.display().to_string();
    let mut lines = vec![];
    for exposure in exposures(path) {
        let line = match exposure {
            Exposure::File { mode } => crate::tr!(
                lang,
                "warn-log-exposed",
                path = shown.as_str(),
                mode = format!("{mode:o}"),
            ),
            Exposure::Folder { folder, mode } => crate::tr!(
                lang,
                "warn-log-folder-open",
                path = shown.as_str(),
                folder = folder.display().to_string(),
                mode = format!("{mode:o}"),
            ),
            Exposure::Sibling { file, owner } => crate::tr!(
                lang,
                "warn-log-sibling-foreign",
                path = shown.as_str(),
                file = file.display().to_string(),
                owner = owner,
            ),
        };
        lines.push(line);
    }
    let mut said = said();
    for line in lines {
        match &mut said.held {
            Some(held) => held.push(line),
            None => print(&line),
        }
    }
}

/// Holds every warning until [`release`] (`check`, before it judges).
pub fn hold() {
    said().held.get_or_insert_with(Vec::new);
}

/// Prints the warnings held, and every later one at once. Never waits on
/// a `warn` under way (it holds the lock only to note a line): one that
/// cannot take the lock at once leaves the held lines unsaid.
pub fn release() {
    let held = match SAID.try_lock() {
        Ok(mut said) => said.held.take().unwrap_or_default(),
        Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().held.take().unwrap_or_default(),
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    for line in held {
        print(&line);
    }
}

fn print(line: &str) {
    // Not eprintln!: a failing stderr must not panic.
    let _ = writeln!(std::io::stderr(), "{line}");
}
