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
//! store's own deadlines.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::cli::{CheckArgs, CheckFormat};
use crate::output::{
    self, Attention, CheckOutcome, CheckReport, CheckStatus, Concern, Reason, View,
};
use crate::sla::{ClockState, TicketState};
use crate::store::TicketFilter;

use super::context::Context;
use super::convert::{Policies, view_of};
use super::exit::Exit;

/// Runs the check and prints its verdict. Only a failure to write standard
/// output escapes as an error; a closed pipe keeps the verdict's code.
pub fn check(ctx: Context, args: CheckArgs) -> Result<Exit> {
    let (format, quiet) = (args.format, args.quiet);
    let outcome = judge_within(ctx, args);
    let code = Exit::Check(outcome.status());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        CheckFormat::Json => output::check_json(&mut out, &outcome),
        CheckFormat::Text => output::check_text(&mut out, &outcome, quiet),
    }
    .and_then(|()| std::io::Write::flush(&mut out));
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
    match receive.recv_timeout(timeout) {
        Ok(Ok(report)) => CheckOutcome::Judged(report),
        Ok(Err(e)) => CheckOutcome::Unknown(format!("{e:#}")),
        Err(RecvTimeoutError::Timeout) => CheckOutcome::Unknown(format!(
            "no verdict within {} (--timeout): still {}",
            humantime::format_duration(timeout),
            progress.get()
        )),
        Err(RecvTimeoutError::Disconnected) => {
            CheckOutcome::Unknown("judging the log failed with an internal error".into())
        }
    }
}

/// Evaluates every ticket open at `--as-of` (default now) under its pinned
/// policy, keeping only those that need attention. Says what it is doing in
/// `progress` before each step that may wait.
fn judge_log(ctx: &Context, args: &CheckArgs, progress: &Progress) -> Result<CheckReport> {
    let real_now = ctx.now();
    let now = match &args.as_of {
        Some(t) => ctx.time("--as-of", t, real_now)?,
        None => real_now,
    };
    // The policy new tickets get must load too: a broken one is UNKNOWN here
    // rather than found by the next engineer who opens a ticket.
    progress.set("loading the policy".into());
    ctx.policy()?;
    let location = ctx.db_location()?;
    progress.set(format!("opening the ticket log {location}"));
    let mut store = ctx.store(crate::store::OpenMode::Read)?;
    progress.set(format!("reading the ticket log {location}"));
    let filter = TicketFilter {
        include_resolved: false,
        // Only a past instant needs the wider selection; "now" uses the index of open tickets.
        as_of: args.as_of.as_ref().map(|_| now.timestamp()),
        // A past check sees the log as it stood then.
        recorded_by: args.as_of.as_ref().map(|_| now.timestamp()),
        ..TicketFilter::default()
    };
    let mut report = CheckReport {
        status: CheckStatus::Ok,
        as_of: now,
        warn_at: args.warn_at,
        open: 0,
        breached: 0,
        at_risk: 0,
        escalation_due: 0,
        tickets: vec![],
    };
    store.read(|tx| {
        let mut policies = Policies::read_all(tx)?;
        tx.for_each_ticket(&filter, &mut |row, events| {
            let view = view_of(&mut policies, row, &events, now)?;
            if view.eval.state == TicketState::Resolved || view.ticket.reported_at > now {
                return Ok(());
            }
            report.open += 1;
            if let Some(a) = assess(&view, args.warn_at) {
                tally(&mut report, &a);
                report.tickets.push(a);
            }
            Ok(())
        })
    })?;
    report.tickets.sort_by_key(urgency_key);
    report.status = if report.breached > 0 {
        CheckStatus::Critical
    } else if report.at_risk > 0 || report.escalation_due > 0 {
        CheckStatus::Warning
    } else {
        CheckStatus::Ok
    };
    Ok(report)
}

/// Counts a ticket once per concern; a breached ticket is not also "at risk".
fn tally(report: &mut CheckReport, a: &Attention) {
    let has = |c: Concern| a.reasons.iter().any(|r| r.concern == c);
    if has(Concern::Breached) {
        report.breached += 1;
    } else if has(Concern::AtRisk) {
        report.at_risk += 1;
    }
    if has(Concern::EscalationDue) {
        report.escalation_due += 1;
    }
}

/// Why an open ticket needs attention at the instant it was evaluated, or
/// None. Breached clocks come first, then a due escalation, then clocks that
/// have used at least `warn_at` percent of their target.
fn assess(v: &View, warn_at: u8) -> Option<Attention> {
    let mut reasons = vec![];
    for (name, c) in v.eval.clocks() {
        if c.state == ClockState::Breached {
            reasons.push(Reason {
                concern: Concern::Breached,
                clock: name,
                deadline: c.deadline,
                stopped_at: c.stopped_at,
                used_percent: None,
                level: None,
                contact: None,
            });
        }
    }
    let e = &v.eval.escalation;
    if e.due {
        reasons.push(Reason {
            concern: Concern::EscalationDue,
            clock: "escalation",
            deadline: e.due_at,
            stopped_at: None,
            used_percent: None,
            level: e.next_level,
            contact: e.contact.clone(),
        });
    }
    for (name, c) in v.eval.clocks() {
        if c.at_risk(warn_at) {
            let used = match (c.target_secs, c.remaining_secs) {
                (Some(t), Some(r)) if t > 0 => Some((t - r) * 100 / t),
                _ => None,
            };
            reasons.push(Reason {
                concern: Concern::AtRisk,
                clock: name,
                deadline: c.deadline,
                stopped_at: None,
                used_percent: used,
                level: None,
                contact: None,
            });
        }
    }
    if reasons.is_empty() {
        return None;
    }
    reasons.sort_by_key(|r| (r.concern, r.deadline.is_none(), r.deadline));
    Some(Attention {
        id: v.ticket.id.0,
        kind: v.ticket.kind.as_str().to_string(),
        severity: v.eval.severity.map(|s| s.get()),
        title: v.ticket.title.clone(),
        customer: v.ticket.customer.clone(),
        service: v.ticket.service.clone(),
        state: v.eval.state,
        reasons,
    })
}

/// Most urgent first: by the ticket's gravest concern, then the nearest
/// deadline of that concern, then by id.
fn urgency_key(a: &Attention) -> (Option<Concern>, bool, Option<DateTime<Utc>>, i64) {
    // `assess` sorts reasons, so the first is the gravest and, within it,
    // the nearest deadline.
    let first = a.reasons.first();
    let deadline = first.and_then(|r| r.deadline);
    (first.map(|r| r.concern), deadline.is_none(), deadline, a.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attention(id: i64, reasons: &[(Concern, Option<&str>)]) -> Attention {
        Attention {
            id,
            kind: "incident".into(),
            severity: Some(1),
            title: "t".into(),
            customer: None,
            service: None,
            state: TicketState::Open,
            reasons: reasons
                .iter()
                .map(|(concern, d)| Reason {
                    concern: *concern,
                    clock: "restore",
                    deadline: d
                        .map(|d| DateTime::parse_from_rfc3339(d).unwrap().with_timezone(&Utc)),
                    stopped_at: None,
                    used_percent: None,
                    level: None,
                    contact: None,
                })
                .collect(),
        }
    }

    #[test]
    fn most_urgent_first() {
        let mut list = [
            attention(1, &[(Concern::AtRisk, Some("2026-11-24T01:00:00Z"))]),
            attention(2, &[(Concern::EscalationDue, Some("2026-11-24T05:00:00Z"))]),
            attention(3, &[(Concern::Breached, Some("2026-11-24T03:00:00Z"))]),
            attention(4, &[(Concern::Breached, Some("2026-11-24T02:00:00Z"))]),
            attention(5, &[(Concern::AtRisk, Some("2026-11-24T00:30:00Z"))]),
        ];
        list.sort_by_key(urgency_key);
        let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
        assert_eq!(ids, [4, 3, 2, 5, 1]);
    }

    #[test]
    fn a_breached_ticket_is_not_also_at_risk() {
        let mut report = CheckReport {
            status: CheckStatus::Ok,
            as_of: Utc::now(),
            warn_at: 75,
            open: 1,
            breached: 0,
            at_risk: 0,
            escalation_due: 0,
            tickets: vec![],
        };
        let a = attention(
            1,
            &[
                (Concern::Breached, None),
                (Concern::EscalationDue, None),
                (Concern::AtRisk, None),
            ],
        );
        tally(&mut report, &a);
        assert_eq!(
            (report.breached, report.escalation_due, report.at_risk),
            (1, 1, 0)
        );
    }
}
