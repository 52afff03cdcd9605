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
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, bail};

use crate::cli::{ExportArgs, ExportFormat};
use crate::output::Records;
use crate::sla::EventKind;
use crate::store::{EventRow, Reader, Store, TicketFilter, Tx};

use super::batch::read_and_judge;
use super::context::Context;
use super::convert::{Policies, event_record, view_of};
use super::exit::UsageError;
use super::files::{Mode, check_output, is_same_file, write_file};
use super::parts;

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    let real_now = ctx.now();
    let (since, until) = ctx.period_flags(args.since.as_ref(), args.until.as_ref(), real_now)?;
    // `--as-of`: every row judged at that instant, on the log as it stood
    // then, as `status --as-of` and a closed month's `report` see it.
    let as_of = args
        .as_of
        .as_ref()
        .map(|t| ctx.as_of(t, real_now))
        .transpose()?
        .flatten();
    let now = as_of.unwrap_or(real_now);
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        let (since, until) = crate::output::local_pair(s, u, ctx.style.zone);
        return Err(UsageError(
            crate::msg!("refuse-since-until", since = since, until = until).to_string(),
        )
        .into());
    }
    let mut job = Job {
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
        extra_readers: parts::extra_readers(),
        part: parts::PART,
    };
    // Open the log first: a missing log must not leave a temporary file.
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    // Rows judged now on a machine whose clock is behind the log leave out
    // what was recorded after its "now" (tickets and events): said on
    // stderr, as the board does.
    store.read(|tx| super::open_tickets::narrow_if_behind(tx, ctx.now(), &mut job.filter))?;
    match &args.output {
        None => {
            let failed = Arc::new(AtomicBool::new(false));
            let stdout = Watched {
                out: std::io::stdout(),
                failed: Arc::clone(&failed),
            };
            let out = BufWriter::with_capacity(1 << 18, stdout);
            job.run(&mut store, out).map_err(|e| {
                // Only a write that failed is about standard output: a log
                // that cannot be read (moved away while read) says so.
                if failed.load(Ordering::Relaxed) {
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
            write_file(path, Mode::Exactly(0o600), |file| {
                let w = job.run(&mut store, BufWriter::with_capacity(1 << 18, file))?;
                w.into_inner().map_err(|e| e.into_error())?;
                Ok(())
            })
            .with_context(|| format!("-o {}", path.display()))?;
        }
    }
    Ok(())
}

/// Standard output that remembers whether a write to it failed.
struct Watched {
    out: std::io::Stdout,
    failed: Arc<AtomicBool>,
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out
            .write(buf)
            .inspect_err(|_| self.failed.store(true, Ordering::Relaxed))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out
            .flush()
            .inspect_err(|_| self.failed.store(true, Ordering::Relaxed))
    }
}

/// Refuses `-o` onto the ticket log or the files kept beside it (SQLite's
/// write-ahead log, shared memory and rollback journal, and the lock that
/// lets one `notify` run at a time): replacing any of them would lose or
/// corrupt tickets, or let two runs send the same alerts. Paths are
/// compared once links are resolved, and by inode. `what` names what was to be written there
/// (`the export`), told in the language of errors.
pub(super) fn refuse_log_files(
    dest: &Path,
    log: &Path,
    flag: &str,
    what: crate::i18n::Msg,
) -> Result<()> {
    let canonical = log.canonicalize().ok();
    for base in std::iter::once(log).chain(canonical.as_deref()) {
        for suffix in ["", "-wal", "-shm", "-journal", crate::store::NOTIFY_LOCK] {
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
    /// How many more readers to ask for, for tickets (`parts`).
    extra_readers: usize,
    /// Ids in a part, when there are more readers.
    part: i64,
}

impl Job {
    /// The records to write into `w`, any header written.
    fn records<W: Write>(&self, w: W) -> Result<Records<W>> {
        Ok(if self.json {
            Records::json_lines(w)
        } else if self.events {
            Records::events_csv(w)?
        } else {
            Records::tickets_csv(w)?
        })
    }

    /// Streams the selected rows to `w` in one read transaction and returns
    /// `w` flushed.
    fn run<W: Write + Send>(&self, store: &mut Store, w: W) -> Result<W> {
        let extra = if self.events { 0 } else { self.extra_readers };
        let mut w = store.read_with_readers(extra, |tx, readers| {
            // Read before anything is written: a database that is not a
            // log (an empty PostgreSQL database) is told before a header.
            let versions = Policies::texts(tx)?;
            if !readers.is_empty() {
                return self.tickets_in_parts(tx, readers, versions, w);
            }
            let mut records = self.records(w)?;
            if self.events {
                // A void comes after the event it voids, in the same
                // ticket: each ticket's events are held until the next
                // ticket's begin, so each row can say which void voided it.
                let mut ticket: Vec<EventRow> = vec![];
                tx.for_each_event(&self.filter, &mut |row| {
                    // `--as-of`: the log as it stood then, as the tickets'
                    // rows see it. A ticket recorded later has every event
                    // recorded later, its opening too; a void recorded
                    // later leaves its event unvoided.
                    if self
                        .filter
                        .recorded_by
                        .is_some_and(|then| row.event.recorded_at > then)
                    {
                        return Ok(());
                    }
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
            } else {
                records = self.tickets(tx, versions, records)?;
            }
            Ok(records.finish()?)
        })?;
        w.flush()?;
        Ok(w)
    }

    /// Ticket rows in parts by id (`parts::in_order`): this thread and each
    /// of `readers` on a thread of its own read, judge and write out a part
    /// in turn, and this thread writes them to `w` in order, after the
    /// header.
    fn tickets_in_parts<W: Write>(
        &self,
        tx: &mut dyn Tx,
        readers: Vec<Reader>,
        versions: Vec<(i64, String)>,
        mut w: W,
    ) -> Result<W> {
        self.records(&mut w)?.finish()?;
        let last = tx.recent_ids(1)?.first().map_or(0, |id| id.0);
        parts::in_order(
            &parts::parts(last, self.part),
            tx,
            readers,
            || Policies::parsed(versions.iter().cloned()),
            |policies, tx, ids, out| {
                let mut rows = if self.json {
                    Records::json_lines(out)
                } else {
                    Records::ticket_rows(out)
                };
                let filter = TicketFilter {
                    ids: Some(ids),
                    ..self.filter.clone()
                };
                tx.for_each_ticket_lent(&filter, &mut |row, events| {
                    rows.ticket(&view_of(policies, row, events, self.now)?)?;
                    Ok(())
                })
            },
            |bytes| Ok(w.write_all(bytes)?),
        )?;
        Ok(w)
    }

    /// Ticket rows without parts (`batch::read_and_judge`): this thread
    /// reads the log while a worker judges each ticket and writes its row,
    /// or, given one core, does both in turn.
    fn tickets<W: Write + Send>(
        &self,
        tx: &mut dyn Tx,
        versions: Vec<(i64, String)>,
        mut records: Records<W>,
    ) -> Result<Records<W>> {
        let now = self.now;
        read_and_judge(
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
            contract: None,
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

    /// An export of tickets under `filter` at `now`, on one reader.
    fn job(json: bool, filter: TicketFilter, now: i64) -> Job {
        Job {
            events: false,
            json,
            filter,
            now: crate::sla::instant(now),
            extra_readers: 0,
            part: parts::PART,
        }
    }

    /// `job` in parts of `part` ids, on `extra` more readers of `store`,
    /// which must give that many.
    fn in_parts(store: &mut Store, job: &Job, extra: usize, part: i64) -> Result<Vec<u8>> {
        let job = Job {
            extra_readers: extra,
            part,
            filter: job.filter.clone(),
            ..*job
        };
        store.read_with_readers(extra, |tx, readers| {
            assert_eq!(readers.len(), extra, "the readers asked for");
            let versions = Policies::texts(tx)?;
            job.tickets_in_parts(tx, readers, versions, Vec::new())
        })
    }

    fn every_ticket() -> TicketFilter {
        TicketFilter {
            include_resolved: true,
            ..TicketFilter::default()
        }
    }

    #[test]
    fn batches_of_tickets_export_as_each_ticket_alone() -> Result<()> {
        // Three batches of 512 and part of a fourth.
        let (dir, mut store) = log(1_700)?;
        let mut reading =
            Store::open(&Location::Sqlite(dir.path().join("log.db")), OpenMode::Read)?;
        for json in [false, true] {
            let job = job(json, every_ticket(), 1_796_500_000);
            let batched = job.run(&mut store, Vec::new())?;
            let expected = one_by_one(&mut store, 1_700, job.now, json)?;
            assert_eq!(
                batched.iter().filter(|b| **b == b'\n').count(),
                1_700 + usize::from(!json)
            );
            assert!(batched == expected, "json: {json}");
            // In parts on more readers (parts of one ticket, of a few, of
            // more than there are): the same bytes.
            for (extra, part) in [(1, 1), (1, 7), (3, 100), (2, parts::PART)] {
                let got = in_parts(&mut reading, &job, extra, part)?;
                assert!(
                    got == expected,
                    "json: {json}, {extra} more, parts of {part}"
                );
            }
            // And as `run` does it, when more readers are asked for.
            let more = Job {
                extra_readers: 2,
                part: 64,
                filter: every_ticket(),
                ..job
            };
            assert!(
                more.run(&mut reading, Vec::new())? == expected,
                "json: {json}"
            );
        }
        Ok(())
    }

    /// A part of the log selected by a period, or the log as it stood at
    /// an instant, exports in parts as it does on one reader.
    #[test]
    fn parts_export_what_one_reader_exports_under_every_filter() -> Result<()> {
        let (dir, _store) = log(600)?;
        let mut reading =
            Store::open(&Location::Sqlite(dir.path().join("log.db")), OpenMode::Read)?;
        let start = 1_795_000_000;
        let filters = [
            TicketFilter {
                since: Some(start + 100 * 600),
                until: Some(start + 400 * 600),
                ..every_ticket()
            },
            TicketFilter {
                as_of: Some(start + 300 * 600),
                recorded_by: Some(start + 300 * 600),
                ..every_ticket()
            },
        ];
        for filter in filters {
            for json in [false, true] {
                let job = job(json, filter.clone(), start + 500 * 600);
                let alone = job.run(&mut reading, Vec::new())?;
                let lines = alone.iter().filter(|b| **b == b'\n').count();
                assert!(lines > 200 && lines < 500, "{lines} lines: {filter:?}");
                let got = in_parts(&mut reading, &job, 1, 37)?;
                assert!(got == alone, "json: {json}, {filter:?}");
            }
        }
        Ok(())
    }
}
