//! `migrate`: copies a whole ticket log between stores (SQLite file or
//! PostgreSQL URL, either way): policy versions, tickets, events and the
//! notices `notify` has sent, ids kept. The source is read in one
//! transaction, one consistent snapshot, so a log that engineers keep
//! writing to can be backed up: the counts the copy is checked against are
//! read in that same snapshot, never in another transaction that may see
//! more. The copy is one transaction on the
//! target, so a failed or refused migration leaves the target empty.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::store::{Location, OpenMode, Store};

use super::printed;

pub fn migrate(from: &OsStr, to: &OsStr) -> Result<()> {
    let (from, to) = (Location::parse(from), Location::parse(to));
    if from == to {
        bail!("--from and --to are the same log ({from}); nothing to copy");
    }
    let mut source = Store::open(&from, OpenMode::Read)?;
    let mut target = Store::open(&to, OpenMode::Create)?;
    let held =
        target.migration_read(|tx| Ok(tx.ticket_count()? + tx.policy_versions()?.len() as i64))?;
    if held > 0 {
        bail!(
            "{to} is not empty; migrate copies into an empty log only, so nothing is ever overwritten"
        );
    }
    let bar = ProgressBar::with_draw_target(
        None,
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} tickets, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (tickets, events, versions) = source.migration_read(|src| {
        // The snapshot's own counts: everything below reads the same state.
        let snapshot = (src.ticket_count()?, src.event_count()?, src.policy_versions()?);
        // What `notify` has sent, so the copy does not send it again.
        let notices = src.notices()?;
        bar.set_length(snapshot.0.max(0) as u64);
        target.migration_write(|dst| {
            for v in &snapshot.2 {
                dst.copy_policy_version(v)?;
            }
            src.for_each_stored_ticket(&mut |row, rows| {
                dst.copy_ticket(&row)?;
                for e in &rows {
                    dst.copy_event(e)?;
                }
                bar.inc(1);
                Ok(())
            })?;
            for n in &notices {
                dst.copy_notice(n)?;
            }
            dst.finish_copy()?;
            let expected = (snapshot.0, snapshot.1, snapshot.2.len());
            let copied = (dst.ticket_count()?, dst.event_count()?, dst.policy_versions()?.len());
            let sent = dst.notice_count()?;
            if usize::try_from(sent).ok() != Some(notices.len()) {
                bail!(
                    "the copy holds {sent} notices sent by notify but the snapshot of {from} holds {}; nothing was kept",
                    notices.len()
                );
            }
            if copied != expected {
                bail!(
                    "the copy holds {} tickets, {} events and {} policy versions but the snapshot of {from} it was read from holds {}, {} and {}; nothing was kept",
                    copied.0,
                    copied.1,
                    copied.2,
                    expected.0,
                    expected.1,
                    expected.2
                );
            }
            Ok(expected)
        })
    })?;
    bar.finish_and_clear();
    printed::after_change(
        || {
            crate::msg!(
                "not-printed-copied",
                from = from.to_string(),
                to = to.to_string(),
                tickets = tickets,
                events = events,
                versions = versions
            )
            .to_string()
        },
        || crate::msg!("not-printed-copied-next", to = to.to_string()).to_string(),
        |out| {
            writeln!(
                out,
                "Copied {tickets} tickets, {events} events and {versions} policy versions from {from} to {to}; the counts match."
            )
        },
    )
}
