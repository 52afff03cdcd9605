//! What a refused event command says: one line a person can act on for
//! each of the core's refusals (`sla::Refusal`), with the ticket, local
//! times and the people involved, in the language of errors; and the
//! refusal of an escalation another command made at the same instant.

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};

use crate::msg;
use crate::output;
use crate::sla::{Event, EventKind, Policy, Refusal};
use crate::store::{EventRow, TicketId};

use super::context::Context;

/// Refuses an escalation when another command escalated the ticket while
/// this one waited for the write lock (the events after `seen`, the newest
/// the log held before it): both were made from the same level, and the
/// ticket climbs one level for them, not two. Run again, it climbs.
pub(super) fn escalated_meanwhile(ctx: &Context, rows: &[EventRow], seen: i64) -> Result<()> {
    let voided: Vec<i64> = rows
        .iter()
        .filter_map(|r| match r.event.kind {
            EventKind::Voided { event } => Some(event),
            _ => None,
        })
        .collect();
    let other = rows.iter().rev().find_map(|r| match r.event.kind {
        EventKind::Escalated { level } if r.id > seen && !voided.contains(&r.id) => {
            Some((r, level))
        }
        _ => None,
    });
    match other {
        Some((r, level)) => {
            bail!(msg!(
                "refuse-escalated-meanwhile",
                id = r.event.ticket.to_string(),
                level = level,
                by = r.event.by.clone(),
                at = crate::output::local(crate::sla::instant(r.event.recorded_at), ctx.style.zone)
            ))
        }
        None => Ok(()),
    }
}

/// One line a person can act on: the only words for a `Refusal`, with the
/// ticket, local times and the people involved.
pub(super) fn refused(
    ctx: &Context,
    id: TicketId,
    event: &Event,
    typed: bool,
    r: &Refusal,
    rows: &[EventRow],
    policy: &Policy,
) -> crate::i18n::Msg {
    let t = |x: DateTime<Utc>| output::local(x, ctx.style.zone).to_string();
    // Two times an ordering refusal compares: to the second when they
    // would otherwise read the same.
    let pair = |a: DateTime<Utc>, b: DateTime<Utc>| output::local_pair(a, b, ctx.style.zone);
    let ticket = id.to_string();
    match r {
        // To the second when it is this minute: "10:02 is in the future"
        // read at 10:02 would contradict itself.
        Refusal::InFuture => msg!(
            "refuse-in-future",
            id = ticket,
            at = pair(event.at, ctx.now()).0
        ),
        // Recorded now (no --at, as `edit` and `void` always are): this
        // machine's clock is behind the one that recorded the rest.
        Refusal::BeforeReport(r) | Refusal::BeforeLastEvent { at: r, .. } if !typed => {
            let (now, last) = pair(event.at, *r);
            msg!(
                "refuse-clock-behind",
                id = ticket,
                now = now,
                last = last,
                // Minutes alike when the clocks are seconds apart.
                gap = output::span(crate::i18n::errors(), (*r - event.at).num_seconds())
            )
        }
        Refusal::BeforeReport(r) => {
            let (at, reported) = pair(event.at, *r);
            msg!(
                "refuse-before-report",
                id = ticket,
                at = at,
                reported = reported
            )
        }
        Refusal::BeforeLastEvent { at: l, event: i } => {
            let (at, last) = pair(event.at, *l);
            msg!(
                "refuse-before-last",
                id = ticket,
                at = at,
                last = last,
                gap = output::span(crate::i18n::errors(), (*l - event.at).num_seconds()),
                n = (i + 1).to_string(),
                what = event_said(rows, *i)
            )
        }
        // Resolving again: said so, with when, rather than sent to reopen.
        Refusal::Resolved if event.kind == EventKind::Resolved => {
            let voided = |id: i64| {
                rows.iter()
                    .any(|v| v.event.kind == EventKind::Voided { event: id })
            };
            // And by whom: a colleague who got there first is named, as a
            // wait already marked is.
            let standing = rows
                .iter()
                .rev()
                .find(|e| e.event.kind == EventKind::Resolved && !voided(e.id));
            msg!(
                "refuse-already-resolved",
                id = ticket,
                since = standing.map_or_else(String::new, |e| t(crate::sla::instant(e.event.at))),
                who = standing.map_or("someone", |e| e.event.by.as_str())
            )
        }
        Refusal::Resolved => msg!("refuse-resolved", id = ticket, number = id.0.to_string()),
        Refusal::NotResolved => msg!("refuse-not-resolved", id = ticket),
        Refusal::AlreadyWaiting { since, event } => {
            let who = rows.get(*event).map_or("someone", |e| e.event.by.as_str());
            msg!(
                "refuse-already-waiting",
                id = ticket,
                since = t(*since),
                who = who
            )
        }
        Refusal::NotWaiting => not_waiting(ctx, id, rows, false),
        Refusal::TopLevel(l) => msg!(
            "refuse-top-level",
            id = ticket,
            level = *l,
            contact = policy.level(*l).map_or("", |x| x.contact.as_str())
        ),
        Refusal::SkipsLevel { expected } => {
            msg!("refuse-skips-level", id = ticket, next = *expected)
        }
        // Named as a sentence names it: "a provisioning request".
        Refusal::NoSeverity(k) => msg!("refuse-no-severity", id = ticket, kind = k.as_str()),
        Refusal::SameSeverity(s) => msg!(
            "refuse-same-severity",
            id = ticket,
            severity = s.to_string()
        ),
        Refusal::PromiseNotAfter(p) => {
            let (promised, at) = pair(*p, event.at);
            msg!(
                "refuse-promise-not-after",
                id = ticket,
                promised = promised,
                at = at
            )
        }
        Refusal::AlreadyOwner(o) => msg!(
            "refuse-already-owner",
            id = ticket,
            owner = output::plain(o).to_string()
        ),
        Refusal::NotOwned => msg!("refuse-not-owned", id = ticket),
    }
}

/// Resuming a ticket that is not waiting, said with who resumed it last
/// and when, if a resume ended its last wait: a colleague who got there
/// first, or this very command run twice. `update --resume` (`update`) is told whether that resume came
/// with an update (recorded with it, at one instant), since recording the
/// update again would record it twice.
pub(super) fn not_waiting(
    ctx: &Context,
    id: TicketId,
    rows: &[EventRow],
    update: bool,
) -> crate::i18n::Msg {
    let voided = |id: i64| {
        rows.iter()
            .any(|v| v.event.kind == EventKind::Voided { event: id })
    };
    let ticket = id.to_string();
    // The last wait's end, if a resume ended it: a wait ended otherwise
    // (resolved, then reopened) leaves no resume to name.
    let last = rows
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, r)| !voided(r.id))
        .find(|(_, r)| matches!(r.event.kind, EventKind::Resumed | EventKind::Waiting))
        .filter(|(_, r)| r.event.kind == EventKind::Resumed);
    let Some((i, resume)) = last else {
        return match update {
            true => msg!("refuse-resume-not-waiting", id = ticket),
            false => msg!("refuse-not-waiting", id = ticket),
        };
    };
    let at = output::local(crate::sla::instant(resume.event.at), ctx.style.zone).to_string();
    let who = resume.event.by.clone();
    let with_update = i.checked_sub(1).and_then(|j| rows.get(j)).is_some_and(|u| {
        matches!(u.event.kind, EventKind::Updated { .. })
            && !voided(u.id)
            && (u.event.at, u.event.recorded_at) == (resume.event.at, resume.event.recorded_at)
    });
    match (update, with_update) {
        (true, true) => msg!(
            "refuse-resume-again",
            id = ticket,
            who = who,
            at = at,
            number = id.0.to_string()
        ),
        (true, false) => msg!(
            "refuse-resume-not-waiting-since",
            id = ticket,
            who = who,
            at = at
        ),
        (false, _) => msg!("refuse-not-waiting-since", id = ticket, who = who, at = at),
    }
}

/// The event at `index` of the log, as a refusal names it: its name in
/// the timeline ("edited"), or for a void the event it voided ("the void
/// of event 2"), since a void is the usual surprise in the way: it is
/// recorded now, after what it voids.
fn event_said(rows: &[EventRow], index: usize) -> String {
    let lang = crate::i18n::errors();
    let Some(row) = rows.get(index) else {
        return String::new();
    };
    match row.event.kind {
        EventKind::Voided { event } => match rows.iter().position(|r| r.id == event) {
            Some(j) => msg!("refuse-event-void-of", n = (j + 1).to_string()).to_string(),
            None => output::event_name(lang, &row.event.kind),
        },
        ref kind => output::event_name(lang, kind),
    }
}
