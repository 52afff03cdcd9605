//! `migrate`: copies a whole ticket log between stores (SQLite file or
//! PostgreSQL URL, either way): policy versions, tickets, events and the
//! notices `notify` has sent, ids kept. The source is read in one
//! transaction, one consistent snapshot, so a log that engineers keep
//! writing to can be backed up: the counts the copy is checked against are
//! read in that same snapshot, never in another transaction that may see
//! more. The copy is one transaction on the target, so a failed or
//! refused migration leaves the target empty, and a target file the run
//! made is removed again.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::store::{Location, OfLog, OpenMode, Store};

use super::context::Context;
use super::exit::UsageError;
use super::files::is_same_file;
use super::printed;

/// Copies the log `from` into the empty log `to`; both wait for another
/// session's lock as long as `SLACLOCK_BUSY_TIMEOUT` says (`ctx`).
pub fn migrate(ctx: &Context, from: &OsStr, to: &OsStr) -> Result<()> {
    let lang = ctx.lang;
    for (flag, given) in [("--from", from), ("--to", to)] {
        if given.is_empty() {
            return Err(UsageError(crate::msg!("migrate-empty", flag = flag).to_string()).into());
        }
    }
    let (from, to) = (
        Location::given_as("--from", from)?,
        Location::given_as("--to", to)?,
    );
    // One file however it is named (`log.db`, `./log.db`, a link to it).
    let same = match (&from, &to) {
        (Location::Sqlite(a), Location::Sqlite(b)) => is_same_file(a, b),
        _ => from == to,
    };
    if same {
        bail!(crate::msg!("migrate-same-log", log = from.to_string()));
    }
    // Said with migrate's own flags (the store's words point to --db).
    for (flag, location) in [("--from", &from), ("--to", &to)] {
        if let Location::Sqlite(path) = location {
            let path_shown = path.display().to_string();
            if path.is_dir() {
                bail!(crate::msg!(
                    "migrate-folder",
                    flag = flag,
                    path = path_shown
                ));
            }
            // Only a file that is not there: one that cannot be looked at
            // is said so by the store, which tries to open it.
            if flag == "--from" && matches!(path.try_exists(), Ok(false)) {
                bail!(crate::msg!("migrate-no-log", path = path_shown));
            }
        }
    }
    // The store's "no log here" points to --db; said with --from instead.
    let as_from = |e: anyhow::Error| match e.downcast_ref::<crate::store::NoLog>() {
        Some(_) => anyhow::anyhow!(crate::msg!("migrate-no-log", path = from.to_string())),
        None => e,
    };
    // Opening failures name their log already ("cannot connect to the
    // ticket log …", "cannot create …"); what fails later does not.
    let mut source = Store::open(&from, OpenMode::Read).map_err(as_from)?;
    ctx.limit_waits(&mut source)?;
    // Either log may be one others can read, change or replace.
    let warn = |store: &Store| {
        if let Some(path) = store.path() {
            super::exposed::warn(lang, path);
        }
    };
    warn(&source);
    // Read before the target is made: a source that is no ticket log (an
    // empty or foreign PostgreSQL database is only found out by reading
    // it) is refused with nothing created.
    source
        .migration_read(|src| src.ticket_count())
        .map_err(as_from)
        .map_err(|e| reading(e, &from))?;
    to.refuse_missing_folder("--to")?;
    // A file this run makes is removed again if the copy fails: a retry
    // then starts as this one did, and no empty log is left behind.
    let made = matches!(&to, Location::Sqlite(path) if !path.exists());
    let copied = Store::open_copy_target(&to).and_then(|mut target| {
        ctx.limit_waits(&mut target)?;
        warn(&target);
        copy(&mut source, &mut target, &from, &to)
    });
    let (tickets, events, versions) = match copied {
        Ok(copied) => copied,
        Err(e) => {
            if let (true, Location::Sqlite(path)) = (made, &to) {
                remove_made(path);
            }
            return Err(e);
        }
    };
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
                "{}",
                crate::msg!(
                    "migrate-copied",
                    from = from.to_string(),
                    to = to.to_string(),
                    tickets = tickets,
                    events = events,
                    versions = versions
                )
            )
        },
    )
}

/// A failure of the source log, said as such: a store's own words
/// ("database disk image is malformed") do not say which log they are of.
fn reading(e: anyhow::Error, from: &Location) -> anyhow::Error {
    e.context(OfLog {
        log: from.clone(),
        said: crate::msg!("migrate-reading", log = from.to_string()),
    })
}

/// A failure of the target log, said as such (see [`reading`]).
fn writing(e: anyhow::Error, to: &Location) -> anyhow::Error {
    e.context(OfLog {
        log: to.clone(),
        said: crate::msg!("migrate-writing", log = to.to_string()),
    })
}

/// Copies `source` into the empty `target` in one transaction on each
/// (see the module's header), with a progress bar on a terminal; the
/// counts copied: tickets, events and policy versions. A store's failure
/// is said with the side it came from ([`reading`], [`writing`]); the
/// copy's own refusals name their log already.
fn copy(
    source: &mut Store,
    target: &mut Store,
    from: &Location,
    to: &Location,
) -> Result<(i64, i64, usize)> {
    let held = match target
        .migration_read(|tx| Ok(tx.ticket_count()? + tx.policy_versions()?.len() as i64))
    {
        Ok(held) => held,
        // An empty PostgreSQL database: the copy's own transaction makes
        // its schema (`Store::open_copy_target`).
        Err(e) if e.downcast_ref::<crate::store::NoLog>().is_some() => 0,
        Err(e) => return Err(writing(e, to)),
    };
    if held > 0 {
        bail!(crate::msg!("migrate-not-empty", log = to.to_string()));
    }
    let bar = ProgressBar::with_draw_target(
        None,
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(progress_style(&crate::msg!("migrate-progress").to_string()));
    // Whether the error the copy ends with is already said as its own
    // (a refusal) or with its side.
    let said = std::cell::Cell::new(false);
    let copied = source.migration_read(|src| {
        let read = |e| {
            said.set(true);
            reading(e, from)
        };
        let write = |e| {
            said.set(true);
            writing(e, to)
        };
        // The snapshot's own counts: everything below reads the same state.
        let snapshot = (
            src.ticket_count().map_err(read)?,
            src.event_count().map_err(read)?,
            src.policy_versions().map_err(read)?,
        );
        // What `notify` has sent, so the copy does not send it again.
        let notices = src.notices().map_err(read)?;
        bar.set_length(snapshot.0.max(0) as u64);
        target
            .migration_write(|dst| {
                // Again under the write lock, which the first request takes: a
                // migration or a write that began since the look above must
                // not meet this copy halfway (ids taken, or a log merged).
                if dst.ticket_count().map_err(write)?
                    + dst.policy_versions().map_err(write)?.len() as i64
                    > 0
                {
                    said.set(true);
                    bail!(crate::msg!("migrate-not-empty", log = to.to_string()));
                }
                for v in &snapshot.2 {
                    dst.copy_policy_version(v).map_err(write)?;
                }
                // The rows are read as they are written: an error not said as
                // the target's is the source's.
                src.for_each_stored_ticket(&mut |row, rows| {
                    dst.copy_ticket(&row).map_err(write)?;
                    for e in &rows {
                        dst.copy_event(e).map_err(write)?;
                    }
                    bar.inc(1);
                    Ok(())
                })
                .map_err(|e| if said.get() { e } else { read(e) })?;
                for n in &notices {
                    dst.copy_notice(n).map_err(write)?;
                }
                dst.finish_copy().map_err(write)?;
                let expected = (snapshot.0, snapshot.1, snapshot.2.len());
                let copied = (
                    dst.ticket_count().map_err(write)?,
                    dst.event_count().map_err(write)?,
                    dst.policy_versions().map_err(write)?.len(),
                );
                let sent = dst.notice_count().map_err(write)?;
                said.set(true);
                if usize::try_from(sent).ok() != Some(notices.len()) {
                    bail!(crate::msg!(
                        "migrate-notices-differ",
                        sent = sent.to_string(),
                        from = from.to_string(),
                        held = notices.len().to_string()
                    ));
                }
                if copied != expected {
                    bail!(crate::msg!(
                        "migrate-counts-differ",
                        tickets = copied.0.to_string(),
                        events = copied.1.to_string(),
                        versions = copied.2.to_string(),
                        from = from.to_string(),
                        held_tickets = expected.0.to_string(),
                        held_events = expected.1.to_string(),
                        held_versions = expected.2.to_string()
                    ));
                }
                Ok(expected)
            })
            // Left unsaid: the target's transaction itself (its commit).
            .map_err(|e| if said.get() { e } else { write(e) })
    });
    bar.finish_and_clear();
    // Left unsaid: the source's snapshot itself.
    copied.map_err(|e| if said.get() { e } else { reading(e, from) })
}

/// Removes the log file `path` that a failed copy made, with SQLite's
/// files beside it; what cannot be removed is left (the copy's error is
/// what the user is told).
fn remove_made(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

/// The progress line drawn from `template`, with `{rate}` the tickets
/// copied a second as a person reads it (indicatif's own `{per_sec}`
/// writes four decimals: `69.6832/s`).
fn progress_style(template: &str) -> ProgressStyle {
    match ProgressStyle::with_template(template) {
        Ok(style) => style.with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&per_second(state.per_sec()));
            },
        ),
        Err(_) => ProgressStyle::default_bar(),
    }
}

/// A rate a second: whole from 10 up, else to a tenth (`70/s`, `2.5/s`).
fn per_second(rate: f64) -> String {
    if rate >= 10.0 {
        format!("{rate:.0}/s")
    } else {
        format!("{rate:.1}/s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_rate_is_rounded_as_a_person_reads_it() {
        assert_eq!(per_second(69.6832), "70/s");
        assert_eq!(per_second(1234.5), "1234/s");
        assert_eq!(per_second(2.46), "2.5/s");
        assert_eq!(per_second(0.0), "0.0/s");
        // Every language's line shows that rate, never indicatif's own.
        for lang in [Lang::En, Lang::Ja] {
            let template = lang.msg("migrate-progress", &[]);
            assert!(template.contains("{rate}"), "{lang:?}: {template}");
            assert!(!template.contains("{per_sec}"), "{lang:?}: {template}");
            assert!(
                ProgressStyle::with_template(&template).is_ok(),
                "{template}"
            );
        }
    }

    /// What a terminal is sent, kept.
    #[derive(Debug, Default, Clone)]
    struct Screen(std::sync::Arc<std::sync::Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if let Ok(mut text) = self.0.lock() {
                text.push_str(s);
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_progress_line_shows_the_rounded_rate() {
        let screen = Screen::default();
        let bar = ProgressBar::with_draw_target(
            Some(736),
            ProgressDrawTarget::term_like(Box::new(screen.clone())),
        );
        bar.set_style(progress_style(&Lang::En.msg("migrate-progress", &[])));
        for _ in 0..65 {
            bar.inc(1);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        bar.abandon();
        let text = screen.0.lock().map(|t| t.clone()).unwrap_or_default();
        assert!(text.contains("65/736 tickets, "), "{text:?}");
        // Every line drawn: `N/736 tickets, RATE/s, ETA left`.
        let rates: Vec<&str> = text
            .split("/736 tickets, ")
            .skip(1)
            .filter_map(|rest| rest.split("/s, ").next())
            .collect();
        assert!(!rates.is_empty(), "{text:?}");
        for rate in rates {
            let decimals = rate.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(rate.parse::<f64>().is_ok() && decimals <= 1, "{rate:?}");
        }
    }
}
