//! `export`: every ticket with its SLA figures as of now (or as of
//! `--as-of`, on the log as it stood then), or the raw event log, as CSV or
//! JSON lines, to standard output or atomically to a file.
//!
//! Rows are streamed from the store one ticket at a time, so memory stays
//! flat however long the log is. A file is written through `files`: a
//! reader never sees half an export, a failed export leaves nothing, and
//! the ticket log's own files are never a destination.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::cli::{ExportArgs, ExportFormat};
use crate::output::Records;
use crate::sla::EventKind;
use crate::store::{EventRow, Store, TicketFilter, Tx};

use super::batch::on_two_cores;
use super::context::Context;
use super::convert::{Policies, event_record, view_of};
use super::exit::UsageError;
use super::files::{check_output, is_same_file, write_file};

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    let real_now = ctx.now();
    let (since, until) = ctx.period_flags(args.since.as_ref(), args.until.as_ref(), real_now)?;
    // `--as-of`: every row judged at that instant, on the log as it stood
    // then, as `status --as-of` and a closed month's `report` see it.
    let as_of = args
        .as_of
        .as_ref()
        .map(|t| ctx.time("--as-of", t, real_now))
        .transpose()?;
    let now = as_of.unwrap_or(real_now);
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err(UsageError(
            crate::msg!(
                "refuse-since-until",
                since = s.to_rfc3339(),
                until = u.to_rfc3339()
            )
            .to_string(),
        )
        .into());
    }
    let job = Job {
        events: args.events,
        json: args.format == ExportFormat::Json,
        filter: TicketFilter {
            include_resolved: true,
            since: since.map(|t| t.timestamp()),
            until: until.map(|t| t.timestamp()),
            // Tickets reported by then, recorded by then, with the events
            // recorded by then.
            as_of: as_of.map(|t| t.timestamp()),
            recorded_by: as_of.map(|t| t.timestamp()),
            ..TicketFilter::default()
        },
        now,
    };
    // Open the log first: a missing log must not leave a temporary file.
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    match &args.output {
        None => {
            let out = BufWriter::with_capacity(1 << 18, std::io::stdout());
            job.run(&mut store, out).map_err(|e| {
                if e.root_cause().is::<std::io::Error>() {
                    e.context(crate::msg!("export-cannot-write-stdout"))
                } else {
                    e
                }
            })?;
        }
        Some(path) => {
            if let Some(log) = store.path() {
                refuse_log_files(path, log, "-o", crate::msg!("out-what-export"))?;
            }
            check_output(path).with_context(|| format!("-o {}", path.display()))?;
            // Exports hold customer data: private, like the log itself.
            write_file(path, 0o600, |file| {
                let w = job.run(&mut store, BufWriter::with_capacity(1 << 18, file))?;
                w.into_inner().map_err(|e| e.into_error())?;
                Ok(())
            })
            .with_context(|| format!("-o {}", path.display()))?;
        }
    }
    Ok(())
}

/// Refuses `-o` onto the ticket log or the files SQLite keeps beside it
/// (its write-ahead log, shared memory and rollback journal): replacing any
/// of them would lose or corrupt tickets. Paths are compared once links are
/// resolved, and by inode. `what` names what was to be written there
/// (`the export`), told in the language of errors.
pub(super) fn refuse_log_files(
    dest: &Path,
    log: &Path,
    flag: &str,
    what: crate::i18n::Msg,
) -> Result<()> {
    let canonical = log.canonicalize().ok();
    for base in std::iter::once(log).chain(canonical.as_deref()) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut own = base.as_os_str().to_owned();
            own.push(suffix);
            let own = PathBuf::from(own);
            if !is_same_file(dest, &own) {
                continue;
            }
            let what = what.to_string();
            if suffix.is_empty() {
                bail!(crate::msg!(
                    "out-is-the-log",
                    flag = flag,
                    path = dest.display().to_string(),
                    what = what
                ));
            }
            bail!(crate::msg!(
                "out-is-a-log-file",
                flag = flag,
                path = dest.display().to_string(),
                own = own.display().to_string(),
                what = what
            ));
        }
    }
    Ok(())
}

/// One ticket's events, each with the id of the void that voided it.
fn write_ticket_events<W: Write>(records: &mut Records<W>, events: Vec<EventRow>) -> Result<()> {
    let voids: Vec<(i64, i64)> = events
        .iter()
        .filter_map(|e| match e.event.kind {
            EventKind::Voided { event } => Some((event, e.id)),
            _ => None,
        })
        .collect();
    for row in events {
        let voided_by = voids.iter().find(|(v, _)| *v == row.id).map(|(_, by)| *by);
        records.event(event_record(row, voided_by))?;
    }
    Ok(())
}

/// What to export, decided from the arguments.
struct Job {
    events: bool,
    json: bool,
    filter: TicketFilter,
    now: chrono::DateTime<chrono::Utc>,
}

impl Job {
    /// Streams the selected rows to `w` in one read transaction and returns
    /// `w` flushed.
    fn run<W: Write + Send>(&self, store: &mut Store, w: W) -> Result<W> {
        let mut records = if self.json {
            Records::json_lines(w)
        } else if self.events {
            Records::events_csv(w)?
        } else {
            Records::tickets_csv(w)?
        };
        let records = store.read(|tx| {
            if self.events {
                // A void comes after the event it voids, in the same
                // ticket: each ticket's events are held until the next
                // ticket's begin, so each row can say which void voided it.
                let mut ticket: Vec<EventRow> = vec![];
                tx.for_each_event(&self.filter, &mut |row| {
                    if ticket
                        .first()
                        .is_some_and(|t| t.event.ticket != row.event.ticket)
                    {
                        write_ticket_events(&mut records, std::mem::take(&mut ticket))?;
                    }
                    ticket.push(row);
                    Ok(())
                })?;
                write_ticket_events(&mut records, ticket)?;
                Ok(records)
            } else {
                self.tickets(tx, records)
            }
        })?;
        let mut w = records.finish()?;
        w.flush()?;
        Ok(w)
    }

    /// Ticket rows on two cores (`batch::on_two_cores`): this thread
    /// reads the log while a worker judges each ticket and writes its row.
    fn tickets<W: Write + Send>(
        &self,
        tx: &mut dyn Tx,
        mut records: Records<W>,
    ) -> Result<Records<W>> {
        let versions = Policies::texts(tx)?;
        let now = self.now;
        on_two_cores(
            |feed| {
                tx.for_each_ticket_lent(&self.filter, &mut |row, events| feed.push((), row, events))
            },
            move |intake| {
                let mut policies = Policies::parsed(versions)?;
                intake.each(|(), row, events| {
                    records.ticket(&view_of(&mut policies, row, events, now)?)?;
                    Ok(())
                })?;
                Ok(records)
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::convert::clock_events;
    use super::*;
    use crate::model::{Kind, TicketId};
    use crate::sla::DEFAULT_POLICY;
    use crate::store::{Location, NewEvent, NewTicket, OpenMode};
    use chrono::{DateTime, Utc};

    /// The `n`th event of a ticket: every kind that moves a clock or an
    /// owner, in turn.
    fn event(ticket: TicketId, n: usize, at: i64) -> NewEvent {
        let kind = match n % 8 {
            0 => EventKind::Updated { next_update: None },
            1 => EventKind::Note,
            2 => EventKind::Assigned {
                to: format!("owner {}-{n}", ticket.0),
            },
            3 => EventKind::Waiting,
            4 => EventKind::Resumed,
            5 => EventKind::Escalated {
                level: u8::try_from(n % 3 + 1).expect("small"),
            },
            6 => EventKind::Unassigned,
            _ => EventKind::Resolved,
        };
        NewEvent {
            ticket,
            at,
            recorded_at: at,
            by: "bench".into(),
            kind,
            reason: None,
            text: None,
            policy_version: None,
            old_value: None,
            new_value: None,
        }
    }

    /// A log of `tickets` tickets, ticket i with i * 7 % 41 events, so that
    /// a batch's events cross every size and some tickets hold dozens.
    fn log(tickets: usize) -> Result<(tempfile::TempDir, Store)> {
        let dir = tempfile::tempdir()?;
        let location = Location::Sqlite(dir.path().join("log.db"));
        let mut store = Store::open(&location, OpenMode::Create)?;
        store.write(|tx| {
            let version = tx.policy_version(
                &crate::app::convert::policy_hash(DEFAULT_POLICY),
                DEFAULT_POLICY,
                0,
            )?;
            for i in 0..tickets {
                let reported = 1_795_000_000 + i64::try_from(i)? * 600;
                let id = tx.insert_ticket(&NewTicket {
                    kind: [Kind::Incident, Kind::Provisioning, Kind::Inquiry][i % 3],
                    severity: (i % 3 != 1).then_some(u8::try_from(i % 3 + 1)?),
                    title: format!("ticket {i}"),
                    customer: Some(format!("customer {}", i % 5)),
                    service: None,
                    reported_at: reported,
                    opened_at: reported,
                    policy_version: version,
                    by: "bench".into(),
                    text: None,
                    external_ref: None,
                    contract: None,
                })?;
                for n in 0..i * 7 % 41 {
                    tx.append_event(&event(id, n, reported + 60 * i64::try_from(n + 1)?))?;
                }
            }
            Ok(())
        })?;
        Ok((dir, store))
    }

    /// Each ticket read alone (its row, then its events by id) and judged
    /// on one thread, the plainest way: what the batched export, fed by
    /// one walk over the log, must write, byte for byte.
    fn one_by_one(
        store: &mut Store,
        tickets: i64,
        now: DateTime<Utc>,
        json: bool,
    ) -> Result<Vec<u8>> {
        let mut records = if json {
            Records::json_lines(Vec::new())
        } else {
            Records::tickets_csv(Vec::new())?
        };
        store.read(|tx| {
            let mut policies = Policies::read_all(tx)?;
            for id in (1..=tickets).map(TicketId) {
                let row = tx.ticket(id)?.context("a ticket of the log")?;
                let events = clock_events(&tx.events(id)?);
                records.ticket(&view_of(&mut policies, row, &events, now)?)?;
            }
            Ok(())
        })?;
        Ok(records.finish()?)
    }

    #[test]
    fn batches_of_tickets_export_as_each_ticket_alone() -> Result<()> {
        // Three batches of 512 and part of a fourth.
        let (_dir, mut store) = log(1_700)?;
        for json in [false, true] {
            let job = Job {
                events: false,
                json,
                filter: TicketFilter {
                    include_resolved: true,
                    ..TicketFilter::default()
                },
                now: crate::sla::instant(1_796_500_000),
            };
            let batched = job.run(&mut store, Vec::new())?;
            let expected = one_by_one(&mut store, 1_700, job.now, json)?;
            assert_eq!(
                batched.iter().filter(|b| **b == b'\n').count(),
                1_700 + usize::from(!json)
            );
            assert!(batched == expected, "json: {json}");
        }
        Ok(())
    }
}
