//! A log SQLite found damaged: said in one line naming it, with what was
//! being done, SQLite's words once, and what to do (README, "Backups"),
//! never as another log's damage met within its transaction.

use std::path::Path;

use rusqlite::ffi::ErrorCode;

use crate::store::{Location, OfLog};

/// A log SQLite found damaged ("database disk image is malformed", on
/// opening it or on reading a page deep inside): one line naming the log,
/// with what was being done, SQLite's words once, and what to do, which
/// no retry can mend: put a backup in its place (README, "Backups"). An
/// error already said to be another log's ([`OfLog`]: `migrate` reads its
/// source within the target's transaction) is left to that log.
pub(super) fn damaged(path: &Path, err: &anyhow::Error) -> Option<anyhow::Error> {
    let at = err.chain().position(|e| {
        e.downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            == Some(ErrorCode::DatabaseCorrupt)
    })?;
    if err
        .downcast_ref::<OfLog>()
        .is_some_and(|of| of.log != Location::Sqlite(path.to_path_buf()))
    {
        return None;
    }
    let texts: Vec<String> = err.chain().map(ToString::to_string).collect();
    let said = crate::msg!(
        "store-damaged",
        path = path.display().to_string(),
        error = crate::i18n::os::joined(texts[at..].iter().cloned())
    );
    let doing = texts[..at].iter().cloned();
    Some(anyhow::anyhow!(crate::i18n::os::joined(
        doing.chain([said.to_string()])
    )))
}

#[cfg(test)]
mod tests {
    use anyhow::Result;

    use super::super::{OpenMode, SqliteStore, explain};
    use super::*;

    /// A damaged file is said once, naming the log, with what was being read
    /// and what to do: never SQLite's words twice ("...: Error code 11:
    /// database disk image is malformed").
    #[test]
    fn a_damaged_log_says_what_to_do() {
        let path = Path::new("/var/lib/slaclock/tickets.db");
        let failure = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("database disk image is malformed".into()),
        );
        let read = anyhow::Error::new(failure).context("cannot read ticket #5 and its events");
        assert_eq!(
            format!("{:#}", explain(path, read)),
            "cannot read ticket #5 and its events: the ticket log /var/lib/slaclock/tickets.db \
             is damaged (database disk image is malformed): move it aside and put your latest \
             backup in its place (README, \"Backups\")"
        );
    }

    /// Another log's damage met within this log's transaction (`migrate`
    /// reads its source within the target's) is not said to be this log's,
    /// and the other log's own is.
    #[test]
    fn another_logs_damage_is_not_this_ones() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("target.db");
        let mut store = SqliteStore::open(&path, OpenMode::Create)?;
        let elsewhere = || {
            let failure = rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some("database disk image is malformed".into()),
            );
            anyhow::Error::new(failure).context(OfLog {
                log: Location::Sqlite("source.db".into()),
                said: crate::msg!("migrate-reading", log = "source.db"),
            })
        };
        let err = store.write(|_| Err::<(), _>(elsewhere())).unwrap_err();
        assert_eq!(
            crate::i18n::os::english(&err),
            "reading source.db (--from): database disk image is malformed"
        );
        let own = explain(Path::new("source.db"), elsewhere());
        assert!(
            crate::i18n::os::english(&own).starts_with(
                "reading source.db (--from): the ticket log source.db is damaged (database disk \
                 image is malformed): move it aside"
            ),
            "{own:#}"
        );
        Ok(())
    }
}
