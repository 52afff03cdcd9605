//! `export`: every ticket with its SLA figures as of now, or the raw event
//! log, as CSV or JSON lines, to standard output or atomically to a file.
//!
//! Rows are streamed from the store one ticket at a time, so memory stays
//! flat however long the log is. A file is written beside its destination
//! under a temporary name and renamed into place only once complete: a
//! reader never sees half an export, and a failed export leaves nothing.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::cli::Format;
use crate::output::{EVENT_COLUMNS, Records, TICKET_COLUMNS};
use crate::store::{EventRow, Store, TicketFilter, TicketRow, Tx};

use super::context::{Context, UsageError};
use super::convert::{Policies, view_of};

pub struct ExportArgs {
    pub events: bool,
    pub since: Option<String>,
    pub until: Option<String>,
    pub format: Format,
    pub output: Option<PathBuf>,
}

pub fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    if args.format == Format::Table {
        return Err(UsageError(
            "export writes --format csv or json (one object per line); for a table use `slaclock status --all` or `slaclock report`".into(),
        )
        .into());
    }
    let now = ctx.now();
    let (since, until) = ctx.period_flags(args.since.as_deref(), args.until.as_deref(), now)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            return Err(UsageError(format!(
                "--since ({}) must be before --until ({})",
                s.to_rfc3339(),
                u.to_rfc3339()
            ))
            .into());
        }
    }
    let job = Job {
        events: args.events,
        json: args.format == Format::Json,
        filter: TicketFilter {
            include_resolved: true,
            since: since.map(|t| t.timestamp()),
            until: until.map(|t| t.timestamp()),
            // The ticket rows need only the clocks; the event log needs the text.
            brief: !args.events,
            ..TicketFilter::default()
        },
        now,
    };
    // Open the log first: a missing log must not leave a temporary file.
    let mut store = ctx.store(false)?;
    match &args.output {
        None => {
            let out = BufWriter::with_capacity(1 << 18, std::io::stdout());
            job.run(&mut store, out)?;
        }
        Some(path) => {
            if store.path().is_some_and(|log| same_file(path, log)) {
                bail!(
                    "-o {} is the ticket log itself; choose another file for the export",
                    path.display()
                );
            }
            let (temp, file) = TempFile::beside(path)?;
            let write = || -> Result<()> {
                let w = job.run(&mut store, BufWriter::with_capacity(1 << 18, file))?;
                w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(())
            };
            write().with_context(|| format!("cannot write the export to {}", path.display()))?;
            temp.rename_to(path)?;
        }
    }
    Ok(())
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
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
        let columns: &[&str] = if self.events {
            &EVENT_COLUMNS
        } else {
            &TICKET_COLUMNS
        };
        let mut records = if self.json {
            Records::json_lines(w)
        } else {
            Records::csv(w, columns)?
        };
        let records = store.read(|tx| {
            if self.events {
                tx.for_each_event(&self.filter, &mut |row| Ok(records.event(&row)?))?;
                Ok(records)
            } else {
                self.tickets(tx, records)
            }
        })?;
        let mut w = records.finish()?;
        w.flush()?;
        Ok(w)
    }

    /// Ticket rows on two cores: this thread reads the log while a worker
    /// judges each ticket and writes its row. Batches travel through a
    /// bounded channel, so memory stays flat however large the log.
    fn tickets<W: Write + Send>(&self, tx: &dyn Tx, mut records: Records<W>) -> Result<Records<W>> {
        const BATCH: usize = 512;
        let versions: Vec<(i64, String)> = tx
            .policy_versions()?
            .into_iter()
            .map(|v| (v.id, v.text))
            .collect();
        let now = self.now;
        std::thread::scope(|scope| {
            let (send, receive) = sync_channel::<Vec<(TicketRow, Vec<EventRow>)>>(8);
            let worker = scope.spawn(move || -> Result<Records<W>> {
                let policies = Policies::parsed(versions)?;
                for batch in receive {
                    for (row, events) in batch {
                        records.ticket(&view_of(&policies, row, events, now)?)?;
                    }
                }
                Ok(records)
            });
            let mut batch = Vec::with_capacity(BATCH);
            let read = tx.for_each_ticket(&self.filter, &mut |row, events| {
                batch.push((row, events));
                if batch.len() == BATCH {
                    send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .map_err(|_| anyhow!("the export stopped writing"))?;
                }
                Ok(())
            });
            if read.is_ok() && !batch.is_empty() {
                let _ = send.send(batch);
            }
            drop(send);
            let written = worker
                .join()
                .map_err(|_| anyhow!("the export's writer failed"))?;
            // The writer's own error (a full disk, a closed pipe) explains a stop best.
            let records = written?;
            read?;
            Ok(records)
        })
    }
}

/// A file being written under a temporary name beside its destination. It
/// is removed when dropped, unless `rename_to` moved it into place.
struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl TempFile {
    /// Creates `.NAME.PID.tmp` in `dest`'s folder, so the rename stays on
    /// one file system and is atomic.
    fn beside(dest: &Path) -> Result<(TempFile, File)> {
        let name = dest
            .file_name()
            .ok_or_else(|| anyhow!("-o {}: give a file name to write to", dest.display()))?;
        if dest.is_dir() {
            return Err(anyhow!(
                "-o {}: that is a folder; give a file name to write to",
                dest.display()
            ));
        }
        if let Some(dir) = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
        {
            return Err(anyhow!(
                "-o {}: the folder {} does not exist; create it first or write elsewhere",
                dest.display(),
                dir.display()
            ));
        }
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let path = dest.with_file_name(temp_name);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            // Exports hold customer data: private, like the log itself.
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok((TempFile { path, kept: false }, file))
    }

    fn rename_to(mut self, dest: &Path) -> Result<()> {
        std::fs::rename(&self.path, dest).with_context(|| {
            format!(
                "cannot move {} into place as {}",
                self.path.display(),
                dest.display()
            )
        })?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
