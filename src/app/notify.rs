//! `notify`: for cron every minute, sends each attention event that is new
//! since the last run (a clock newly breached or at risk, an escalation
//! newly due, a wait newly too long) to a command or a webhook, once.
//!
//! It reads the open tickets and what was sent before (the `notices` the
//! log keeps), decides with `sla::notice` what to send now, sends, and then
//! records what was delivered in one short write transaction: no lock is
//! held while a command runs or a server answers. A failed send is not
//! recorded, so the next run tries it again; it is reported on standard
//! error and makes `notify` exit 1. An event of a clock counted in business
//! hours waits while its calendar is closed. With `--renotify`, an event
//! still active that long after it was last sent is sent again. A receiver
//! that runs out of `--timeout` is tried no more in that run: the events
//! after it are left, unrecorded, for the next run, so a hung receiver
//! costs a run one timeout, not one per event.
//!
//! One run at a time sends a log's alerts (`Store::claim_notify`): a run
//! that overlaps another says so and sends nothing, so no event goes out
//! twice.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context as _, Result, bail};

use crate::cli::NotifyArgs;
use crate::output::{self, NoticeEvent, TicketDetails};
use crate::sla::{
    Alert, BoardKey, Sending, Severity, TicketState, alerts, board_key, instant, sending,
};
use crate::store::{NewNotice, OpenMode};
use crate::tr;

use super::context::Context;
use super::open_tickets::{each_open_ticket, rules};
use super::printed;
use super::send::Receiver;

/// One event to send this run.
struct Outgoing {
    order: (BoardKey<i64>, usize),
    ticket: TicketDetails,
    severity: Option<Severity>,
    state: TicketState,
    alert: Alert,
    repeat: bool,
}

pub fn notify(ctx: &Context, args: NotifyArgs) -> Result<()> {
    let receiver = match (&args.exec, &args.webhook) {
        (Some(command), None) => Receiver::exec(command)?,
        (None, Some(url)) => Receiver::webhook(url, args.timeout)?,
        // clap requires exactly one.
        _ => bail!(crate::msg!("notify-exec-or-webhook")),
    };
    let now = ctx.now();
    let policy = ctx.policy()?.policy;
    let rules = rules(&policy, args.warn_at, args.max_wait);
    let renotify = args.renotify.map(|d| d.as_secs() as i64);
    let mut store = ctx.store(OpenMode::Write)?;
    // One run at a time sends a log's alerts: another that overlaps this
    // one (a slow receiver, a cron without flock) would send them twice.
    let Some(_claim) = store.claim_notify()? else {
        let _ = writeln!(std::io::stderr(), "{}", crate::msg!("notify-busy"));
        return Ok(());
    };
    let sent: HashMap<(i64, String, String, i64), i64> = store
        .read(|tx| tx.sent_notices())?
        .into_iter()
        .map(|s| {
            (
                (s.ticket.0, s.concern, s.clock, s.occurrence),
                s.last_sent_at,
            )
        })
        .collect();

    let mut outbox: Vec<Outgoing> = vec![];
    let mut held = 0usize;
    each_open_ticket(&mut store, now, false, &|| ctx.now(), |view| {
        let found = alerts(&view.policy, view.ticket.kind, &view.eval, &rules, now);
        let key = board_key(view.ticket.kind, &view.eval, view.ticket.id.0);
        for (i, alert) in found.into_iter().enumerate() {
            let r = &alert.reason;
            let sent_as = |occurrence| {
                let key = (
                    view.ticket.id.0,
                    r.concern.as_str().to_owned(),
                    r.clock.to_owned(),
                    occurrence,
                );
                sent.get(&key).copied()
            };
            let last = std::iter::once(alert.occurrence)
                .chain(alert.named_before)
                .filter_map(sent_as)
                .max()
                .map(instant);
            let repeat = match sending(&alert, last, renotify, now) {
                Sending::New => false,
                Sending::Again => true,
                Sending::Held(_) => {
                    held += 1;
                    continue;
                }
                Sending::Sent => continue,
            };
            outbox.push(Outgoing {
                order: (key, i),
                ticket: view.ticket.clone(),
                severity: view.eval.severity,
                state: view.eval.state,
                alert,
                repeat,
            });
        }
        Ok(())
    })?;
    // The most urgent first, as on the board.
    outbox.sort_by_cached_key(|o| o.order);

    let mut delivered: Vec<NewNotice> = vec![];
    // The summaries sent, as people read them (the events carry English).
    let mut shown: Vec<String> = vec![];
    let mut failed = 0usize;
    // Once the receiver has run out of --timeout it is hung or too slow:
    // it is tried no more this run, and the events after it are left for
    // the next (unrecorded, so it sends them), rather than each costing a
    // timeout of its own.
    let mut left = 0usize;
    for (at, o) in outbox.iter().enumerate() {
        let reasons = std::slice::from_ref(&o.alert.reason);
        let summary = output::summary_line(&o.ticket, o.severity, reasons, now);
        let told = || output::summary_in(ctx.lang, &o.ticket, o.severity, reasons, now);
        let json = output::notice_json(
            &NoticeEvent {
                ticket: &o.ticket,
                severity: o.severity,
                state: o.state,
                reason: &o.alert.reason,
                summary: &summary,
                repeat: o.repeat,
                at: now,
            },
            receiver.is_chat(),
        );
        match receiver.send(&json, &summary, args.timeout) {
            Ok(()) => {
                shown.push(told());
                delivered.push(NewNotice {
                    ticket: o.ticket.id,
                    concern: o.alert.reason.concern.as_str().to_owned(),
                    clock: o.alert.reason.clock.to_owned(),
                    occurrence: o.alert.occurrence,
                    sent_at: now.timestamp(),
                    channel: receiver.channel().to_owned(),
                    summary,
                });
            }
            Err(not) => {
                failed += 1;
                // Not eprintln!: a failing stderr must not panic.
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    crate::msg!("notify-could-not-send", summary = told(), why = not.why)
                );
                if not.timed_out {
                    left = outbox.len() - at - 1;
                    break;
                }
            }
        }
    }
    if left > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            crate::msg!(
                "notify-left",
                left = left,
                timeout = crate::i18n::duration(args.timeout)
            )
        );
    }

    // What was delivered is recorded in one short transaction.
    if !delivered.is_empty() {
        store
            .write(|tx| {
                for n in &delivered {
                    tx.record_notice(n)?;
                }
                Ok(())
            })
            .with_context(|| crate::msg!("notify-not-recorded", n = delivered.len()))?;
    }
    if args.verbose {
        let sent = delivered.len();
        printed::after_change(
            || crate::msg!("not-printed-sent", n = sent).to_string(),
            || crate::msg!("not-printed-sent-next").to_string(),
            |out| {
                for summary in &shown {
                    writeln!(
                        out,
                        "{}",
                        tr!(ctx.lang, "notify-sent", summary = summary.as_str())
                    )?;
                }
                let counts = if left > 0 {
                    tr!(
                        ctx.lang,
                        "notify-counts-left",
                        sent = sent,
                        failed = failed,
                        left = left,
                        held = held
                    )
                } else {
                    tr!(
                        ctx.lang,
                        "notify-counts",
                        sent = sent,
                        failed = failed,
                        held = held
                    )
                };
                writeln!(out, "{counts}")
            },
        )?;
    }
    if left > 0 {
        bail!(crate::msg!(
            "notify-failed-left",
            failed = failed.to_string(),
            left = left.to_string(),
            n = outbox.len().to_string()
        ));
    }
    if failed > 0 {
        bail!(crate::msg!(
            "notify-failed",
            failed = failed.to_string(),
            n = outbox.len().to_string()
        ));
    }
    Ok(())
}
