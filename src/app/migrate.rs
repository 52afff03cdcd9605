//! `migrate`: copies a whole ticket log between stores (SQLite file or
//! PostgreSQL URL, either way): policy versions, tickets and events, ids
//! kept. The copy is one transaction on the target, checked by counting at
//! the end, so a failed or refused migration leaves the target empty.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::store::{Location, Store, TicketFilter};

use super::printed;

pub fn migrate(from: &OsStr, to: &OsStr) -> Result<()> {
    let (from, to) = (Location::parse(from), Location::parse(to));
    if from == to {
        bail!("--from and --to are the same log ({from}); nothing to copy");
    }
    let mut source = Store::open(&from, false)?;
    let (tickets, events, versions) = source.read(|tx| {
        Ok((
            tx.ticket_count()?,
            tx.event_count()?,
            tx.policy_versions()?.len(),
        ))
    })?;
    let mut target = Store::open(&to, true)?;
    let held = target.read(|tx| Ok(tx.ticket_count()? + tx.policy_versions()?.len() as i64))?;
    if held > 0 {
        bail!(
            "{to} is not empty; migrate copies into an empty log only, so nothing is ever overwritten"
        );
    }
    let bar = ProgressBar::with_draw_target(
        Some(tickets.max(0) as u64),
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
    let all = TicketFilter {
        include_resolved: true,
        ..TicketFilter::default()
    };
    source.read(|src| {
        target.write(|dst| {
            for v in src.policy_versions()? {
                dst.copy_policy_version(&v)?;
            }
            src.for_each_ticket(&all, &mut |row, rows| {
                dst.copy_ticket(&row)?;
                for e in &rows {
                    dst.copy_event(e)?;
                }
                bar.inc(1);
                Ok(())
            })?;
            dst.finish_copy()?;
            let copied = (dst.ticket_count()?, dst.event_count()?, dst.policy_versions()?.len());
            if copied != (tickets, events, versions) {
                bail!(
                    "the copy holds {} tickets, {} events and {} policy versions but {from} holds {tickets}, {events} and {versions}; nothing was kept",
                    copied.0,
                    copied.1,
                    copied.2
                );
            }
            Ok(())
        })
    })?;
    bar.finish_and_clear();
    printed::after_change(
        || {
            format!(
                "the copy from {from} to {to} is complete ({tickets} tickets, {events} events and {versions} policy versions; the counts match)"
            )
        },
        || format!("do not copy again; read the copy with: slaclock --db {to} status --all"),
        |out| {
            writeln!(
                out,
                "Copied {tickets} tickets, {events} events and {versions} policy versions from {from} to {to}; the counts match."
            )
        },
    )
}
