//! `metrics`: the state of the open tickets as Prometheus gauges, in the
//! OpenMetrics text format, on standard output or atomically in a file for
//! node_exporter's textfile collector (`-o`, through `files`, so a scrape
//! never reads half a file). It only reads the log.
//!
//! When the log cannot be judged (no log, a policy that does not load, an
//! environment that cannot be read, such as a `TZ` naming no zone) the
//! file still says so: it holds `slaclock_check_status 3` alone, so an
//! alert fires instead of yesterday's figures standing, and the command
//! exits 1 with the reason on standard error.

use std::io::Write;

use anyhow::{Context as _, Result};

use crate::cli::MetricsArgs;
use crate::output;
use crate::sla::{CheckStatus, Gauges};
use crate::store::{Location, OpenMode};

use super::context::Context;
use super::exit::Exit;
use super::export::refuse_log_files;
use super::files::{Mode, check_output, write_file};
use super::open_tickets::{each_open_ticket, rules};
use super::printed;

pub fn metrics(ctx: &Context, args: &MetricsArgs) -> Result<()> {
    publish(args, &ctx.db_location()?, || gauges(ctx, args))
}

/// `metrics` when its context could not be made (`context`, the reason):
/// the UNKNOWN status alone is written, as for a log that cannot be read.
pub fn unjudged(cli: &crate::cli::Cli, args: &MetricsArgs, context: anyhow::Error) -> Result<()> {
    let log = super::context::log_location(cli)?;
    publish(args, &log, || Err(context))
}

/// Writes what `judge` finds, or the UNKNOWN status alone, to standard
/// output or `-o`, never over the log `log`.
fn publish(
    args: &MetricsArgs,
    log: &Location,
    judge: impl FnOnce() -> Result<Gauges>,
) -> Result<()> {
    if let (Some(dest), Location::Sqlite(log)) = (&args.output, log) {
        refuse_log_files(dest, log, "-o", crate::msg!("out-what-metrics"))?;
    }
    if let Some(dest) = &args.output {
        check_output(dest).with_context(|| format!("-o {}", dest.display()))?;
    }
    let judged = judge();
    match &args.output {
        None => printed::read_only(|out| render(out, &judged))?,
        // Read by node_exporter, which runs as its own user: 0644.
        Some(path) => write_file(path, Mode::Exactly(0o644), |file| {
            Ok(render(file, &judged)?)
        })
        .with_context(|| format!("-o {}", path.display()))?,
    }
    judged.map(|_| ())
}

/// The gauges, or the UNKNOWN status alone.
fn render(w: &mut impl Write, judged: &Result<Gauges>) -> std::io::Result<()> {
    match judged {
        Ok(g) => output::metrics_text(w, g, Exit::Check(g.status()).code()),
        Err(_) => output::metrics_unknown(w, Exit::Check(CheckStatus::Unknown).code()),
    }
}

/// The gauges of every ticket open now.
fn gauges(ctx: &Context, args: &MetricsArgs) -> Result<Gauges> {
    let now = ctx.now();
    let policy = ctx.policy()?.policy;
    let mut store = ctx.store(OpenMode::Read)?;
    let mut gauges = Gauges::new(rules(&policy, args.warn_at, args.max_wait), now);
    each_open_ticket(&mut store, now, false, &|| ctx.now(), |view| {
        gauges.add(view.ticket.kind, view.ticket.id.0, &view.eval);
        Ok(())
    })?;
    gauges.check_calendars(&policy);
    Ok(gauges)
}
