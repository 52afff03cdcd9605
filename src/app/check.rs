//! `check`: judges every open ticket for cron and monitoring, and exits with
//! the monitoring-plugin code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//!
//! Anything that stops the log from being evaluated (no log, not a slaclock
//! log, a pinned policy that no longer parses, a bad `--as-of`) is reported
//! as `UNKNOWN: <reason>` with exit 3, never as an error with exit 1: a
//! monitor must be able to tell "could not look" from "looked and it is bad".
//!
//! `check` never hangs: the judging runs on a thread of its own, and the
//! main thread waits for its verdict at most `--timeout` (default 20 s), the
//! whole run from loading the policy to the last ticket. Past it, `check`
//! answers UNKNOWN naming what it was still waiting for (the policy, or the
//! ticket log it was opening or reading), and exits; the stuck thread dies
//! with the process. Nothing is written, so nothing can be left half done.
//! This bounds a frozen PostgreSQL server, a table locked by another
//! session and an SQLite log held by another process alike, whatever the
//! store's own deadlines. SIGTERM, SIGINT and SIGHUP (a monitoring agent's
//! own timeout, Ctrl-C) end the wait the same way: UNKNOWN naming the
//! signal, exit 3, so `check` stays within its four codes whatever happens.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::{CheckArgs, CheckFormat};
use crate::output::{self, CheckOutcome, CheckReport, Listed};
use crate::sla::{Findings, Rules};

use super::context::Context;
use super::exit::Exit;
use super::open_tickets::{each_open_ticket, rules};

/// Runs the check and prints its verdict. Only a failure to write standard
/// output escapes as an error; a closed pipe keeps the verdict's code.
pub fn check(ctx: Context, args: CheckArgs) -> Result<Exit> {
    let (format, quiet, lang) = (args.format, args.quiet, ctx.lang);
    // Warnings (a loose SQLite log, a PostgreSQL server without TLS, a
    // password file others may read) are said on stderr after the
    // verdict, never before its first line (a monitor may read both
    // streams as one).
    crate::warning::hold();
    let outcome = judge_within(ctx, args);
    let code = Exit::Check(outcome.status());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        CheckFormat::Json => output::check_json(&mut out, &outcome, code.code()),
        CheckFormat::Text => output::check_text(&mut out, &outcome, quiet, lang),
    }
    .and_then(|()| std::io::Write::flush(&mut out));
    drop(out);
    crate::warning::release();
    // The run ends here: tens of thousands of listed tickets, each with
    // its strings, are left to the process's exit rather than freed one
    // by one after the verdict is out.
    std::mem::forget(outcome);
    match written {
        Ok(()) => Ok(code),
        // `slaclock check | head -1`: the verdict stands.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write the check's result")),
    }
}

/// What the judging thread is doing, for the message if it takes too long.
#[derive(Clone, Default)]
struct Progress(Arc<Mutex<String>>);

impl Progress {
    fn set(&self, doing: String) {
        if let Ok(mut now) = self.0.lock() {
            *now = doing;
        }
    }

    fn get(&self) -> String {
        self.0
            .lock()
            .map(|now| now.clone())
            .unwrap_or_else(|_| "judging the tickets".into())
    }
}

/// Judges the log on a thread of its own and waits at most `args.timeout`
/// for the verdict; past it, the answer is UNKNOWN, naming what the thread
/// was waiting for.
fn judge_within(ctx: Context, args: CheckArgs) -> CheckOutcome {
    // Caught before the judging starts; once the verdict is in, a signal
    // (while it is printed to a reader that has stalled) ends check as it
    // always did.
    let stopped = Arc::new(AtomicUsize::new(0));
    let verdict_in = Arc::new(AtomicBool::new(false));
    for signal in super::signals::heeded() {
        // Either failing, a signal ends check as it always did.
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&stopped), signal as usize);
        let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(&verdict_in));
    }
    let outcome = wait_for_verdict(ctx, args, &stopped);
    verdict_in.store(true, Ordering::SeqCst);
    outcome
}

/// `judge_within`'s wait: for the judging thread's verdict, at most
/// `args.timeout`, and no longer than a stop signal noted in `stopped`.
fn wait_for_verdict(ctx: Context, args: CheckArgs, stopped: &AtomicUsize) -> CheckOutcome {
    let timeout = args.timeout;
    let progress = Progress::default();
    let (send, receive) = mpsc::channel();
    let worker = {
        let progress = progress.clone();
        std::thread::Builder::new()
            .name("check".into())
            .spawn(move || {
                let verdict = judge_log(&ctx, &args, &progress);
                // The receiver is gone only if the main thread gave up.
                let _ = send.send(verdict);
            })
    };
    if let Err(e) = worker {
        return CheckOutcome::Unknown(format!("cannot start judging the log: {e}"));
    }
    let deadline = Instant::now() + timeout;
    loop {
        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(SIGNAL_LATENCY);
        match receive.recv_timeout(wait) {
            Ok(Ok(report)) => return CheckOutcome::Judged(report),
            Ok(Err(e)) => return CheckOutcome::Unknown(crate::i18n::os::english(&e)),
            Err(RecvTimeoutError::Timeout) if Instant::now() >= deadline => {
                return CheckOutcome::Unknown(format!(
                    "no verdict within {} (--timeout): still {}",
                    humantime::format_duration(timeout),
                    progress.get()
                ));
            }
            Err(RecvTimeoutError::Timeout) => {
                let signal = stopped.load(Ordering::SeqCst);
                if signal != 0 {
                    let name = i32::try_from(signal)
                        .ok()
                        .and_then(signal_hook::low_level::signal_name)
                        .unwrap_or("a signal");
                    return CheckOutcome::Unknown(format!(
                        "stopped by {name} before a verdict: still {}",
                        progress.get()
                    ));
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return CheckOutcome::Unknown(
                    "judging the log failed with an internal error".into(),
                );
            }
        }
    }
}

/// How soon a signal ends the wait for a verdict.
const SIGNAL_LATENCY: Duration = Duration::from_millis(50);

/// Evaluates every ticket open at `--as-of` (default now) under its pinned
/// policy and hands each evaluation to `sla::attention`, which keeps those
/// that need attention, in the board's order; the calendars of the policy
/// in force are checked for next year's holidays. Says what it is doing in
/// `progress` before each step that may wait.
fn judge_log(ctx: &Context, args: &CheckArgs, progress: &Progress) -> Result<CheckReport> {
    let real_now = ctx.now();
    // A past instant asked for, else now (a later one is now).
    let as_of = match &args.as_of {
        Some(t) => ctx.as_of(t, real_now)?,
        None => None,
    };
    let now = as_of.unwrap_or(real_now);
    // The policy new tickets get must load too: a broken one is UNKNOWN here
    // rather than found by the next engineer who opens a ticket. Its
    // `remind_after` and calendars are what the whole board is held to.
    progress.set("loading the policy".into());
    let policy = ctx.policy()?.policy;
    let rules = Rules {
        history: args.history,
        ..rules(&policy, args.warn_at, args.max_wait)
    };
    let location = ctx.db_location()?;
    // A server is named where it is, whatever set it (PGHOST, PGPORT).
    let at = |server: Option<&str>| server.map(|s| format!(" at {s}")).unwrap_or_default();
    let server = crate::store::Store::server_of(&location);
    progress.set(format!(
        "opening the ticket log {location}{}",
        at(server.as_deref())
    ));
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    progress.set(format!(
        "reading the ticket log {location}{}",
        at(store.server())
    ));
    let mut findings = Findings::new(rules, now);
    // The lines people read are worded here, beside the reading.
    let lines = (args.format == CheckFormat::Text && !args.quiet).then_some(ctx.lang);
    each_open_ticket(&mut store, now, as_of.is_some(), &|| ctx.now(), |view| {
        let (kind, id) = (view.ticket.kind, view.ticket.id.0);
        let listed = findings.add(kind, id, &view.eval, || Listed::new(view.ticket));
        if let (Some(listed), Some(lang)) = (listed, lines) {
            Listed::word(listed, now, lang);
        }
        Ok(())
    })?;
    findings.check_calendars(&policy);
    findings.sort();
    Ok(findings)
}
