//! Warnings, on standard error, that others may read, change or replace an
//! SQLite ticket log (`store::exposures`): its mode, its folder, a `-wal`
//! or `-shm` file of someone else's beside it. Every command that opens a
//! log says so, once per log a run however often it opens it (`watch`
//! reopens it every second; `migrate` opens two). They go out through
//! `crate::warning`, so `check` holds them until its verdict is out, and
//! the shell's completion says none.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::i18n::Lang;
use crate::store::{Exposure, exposures};

/// The logs already looked at this run.
static SAID: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Warns about the log at `path`, unless it was looked at already. The
/// lock is never held while the file system or the user database (NSS,
/// which may be LDAP) is asked: `check`'s verdict, given at its deadline
/// by another thread, must never wait on it.
pub fn warn(lang: Lang, path: &Path) {
    let first = SAID
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_path_buf());
    if !first {
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
    for line in lines {
        crate::warning::say(&line);
    }
}
