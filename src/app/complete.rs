//! Ticket ids for the shell's completion (`COMPLETE=bash slaclock`, which
//! `slaclock completions bash` registers): the open tickets, or for
//! `reopen` the recently resolved ones, each with its title as the
//! description zsh and fish show.
//!
//! The log is read as every reader reads it (read-only, creating nothing),
//! at the `--db` on the command line being completed, else `SLACLOCK_DB`,
//! else the default file. Completion never fails loudly: a log that cannot
//! be read, or is not there, completes nothing and says nothing, and no
//! warning is said (the shell would print it at every TAB). A server that
//! does not answer holds the TAB at most [`CONNECT_LIMIT`].

use std::ffi::OsString;
use std::time::Duration;

use anyhow::Result;
use clap_complete::engine::CompletionCandidate;

use crate::model::TicketState;
use crate::store::{Location, OpenMode, Store, TicketRow};

use super::context::env_path;

/// How many recent tickets `reopen` looks through for resolved ones.
const RECENT: usize = 200;

/// How long completion waits to connect to a PostgreSQL log: a person is
/// waiting at the TAB.
const CONNECT_LIMIT: Duration = Duration::from_secs(2);

/// The candidates for a ticket's id on the command line being completed.
pub fn ticket_ids() -> Vec<CompletionCandidate> {
    crate::warning::silence();
    let words = completed_words(std::env::args_os());
    candidates(&words).unwrap_or_default()
}

/// The words of the command line being completed: what follows `--` in
/// the completer's own arguments (`slaclock -- slaclock update 1`).
fn completed_words(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    args.skip_while(|a| a != "--").skip(1).collect()
}

fn candidates(words: &[OsString]) -> Result<Vec<CompletionCandidate>> {
    let location = match db_flag(words).or_else(|| env_path("SLACLOCK_DB")) {
        Some(path) => match Location::parse(path.as_os_str()) {
            Ok(location) => location,
            Err(_) => return Ok(vec![]),
        },
        None => match dirs::data_dir() {
            Some(dir) => Location::Sqlite(dir.join("slaclock").join("tickets.db")),
            None => return Ok(vec![]),
        },
    };
    let reopening = words.iter().any(|w| w == "reopen");
    let rows = Store::open_within(&location, OpenMode::Read, CONNECT_LIMIT)?.read(|tx| {
        let ids = if reopening {
            tx.recent_ids(RECENT)?
        } else {
            tx.open_ids()?
        };
        let mut rows = vec![];
        for id in ids {
            if let Some(row) = tx.ticket(id)? {
                rows.push(row);
            }
        }
        Ok(rows)
    })?;
    let wanted = |row: &TicketRow| (row.summary.state == TicketState::Resolved) == reopening;
    Ok(rows
        .iter()
        .filter(|row| wanted(row))
        .map(candidate)
        .collect())
}

/// `12`, described as `VXC down in Sydney (ACME)`.
fn candidate(row: &TicketRow) -> CompletionCandidate {
    let mut about = crate::output::plain(&row.title);
    if let Some(customer) = &row.customer {
        about.push_str(&format!(" ({})", crate::output::plain(customer)));
    }
    CompletionCandidate::new(row.id.0.to_string()).help(Some(about.into()))
}

/// The value of `--db PATH` or `--db=PATH` among `words`, if given.
fn db_flag(words: &[OsString]) -> Option<std::path::PathBuf> {
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "--db" {
            return words.next().map(Into::into);
        }
        if let Some(value) = word.to_str().and_then(|w| w.strip_prefix("--db=")) {
            return Some(value.into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<OsString> {
        text.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_log_is_the_one_the_command_line_names() {
        let args = words("/bin/slaclock -- slaclock --db a.db update ");
        let completed = completed_words(args.into_iter());
        assert_eq!(completed, words("slaclock --db a.db update "));
        assert_eq!(db_flag(&completed), Some("a.db".into()));
        assert_eq!(
            db_flag(&words("slaclock update --db=b.db 1")),
            Some("b.db".into())
        );
        assert_eq!(db_flag(&words("slaclock update --db")), None);
        assert_eq!(db_flag(&words("slaclock update 1")), None);
    }

    #[test]
    fn a_log_that_is_not_there_completes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.db");
        let words = [
            OsString::from("slaclock"),
            "--db".into(),
            missing.clone().into(),
            "update".into(),
        ];
        assert!(candidates(&words).is_err());
        assert!(!missing.exists(), "completion created a log");
    }
}
