//! Every event on an existing ticket: update, wait, resume, escalate,
//! severity, resolve, reopen and note. Each is one IMMEDIATE transaction;
//! "now" is read and every check made inside it, so a refused command
//! changes nothing and two engineers writing at once cannot both pass a
//! check only one should.

use std::rc::Rc;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::cli::{
    EscalateArgs, NoteArgs, ReopenArgs, ResolveArgs, ResumeArgs, SeverityArgs, Stamp, UpdateArgs,
    WaitArgs,
};
use crate::output::{self, View};
use crate::sla::{Event, EventKind, Kind, Policy, Refusal, Severity, check_event, summarize};
use crate::store::{EventRow, OpenMode, TicketId, Tx};

use super::context::Context;
use super::convert::{
    Policies, clock_events, events_of, find, load_view, new_event, summary_of, ticket_of,
};
use super::exit::UsageError;
use super::input::{TEXT_MAX, check_by, check_length, check_not_blank};
use super::printed;
use super::prompt;

/// What an event command adds, once the ticket is known: the command's
/// own arguments, as clap read them.
pub enum Change {
    Update(UpdateArgs),
    Wait(WaitArgs),
    Resume(ResumeArgs),
    Escalate(EscalateArgs),
    Severity(SeverityArgs),
    Resolve(ResolveArgs),
    Reopen(ReopenArgs),
    Note(NoteArgs),
}

/// What recording an event did: the event, its id in the log, and the
/// ticket as it stands after it, at `now`.
pub struct Recorded {
    pub event: Event,
    pub event_id: i64,
    pub view: View,
    pub now: DateTime<Utc>,
}

pub fn record(ctx: &Context, id: TicketId, stamp: Stamp, change: Change) -> Result<()> {
    let Recorded {
        event,
        event_id,
        view,
        now,
    } = record_change(ctx, id, stamp, change)?;
    printed::after_change(
        || {
            format!(
                "the {} on ticket {id} was recorded in the ticket log (event {event_id})",
                noun(&event.kind)
            )
        },
        || {
            format!(
                "do not record it again; see it with: slaclock status {}",
                id.0
            )
        },
        |out| output::recorded(out, id, &event, &view, now, &ctx.style),
    )
}

/// Records an event on a ticket, with every check the command makes, and
/// prints nothing: the event commands print what it returns, and `watch`
/// shows it on its status line. The log is opened for writing for this
/// one transaction.
pub fn record_change(
    ctx: &Context,
    id: TicketId,
    stamp: Stamp,
    change: Change,
) -> Result<Recorded> {
    check_by(stamp.by.as_deref())?;
    // Prompts happen before the lock is taken: nobody waits on a person typing.
    let change = complete(ctx, id, change)?;
    check_text(&change)?;
    let by = ctx.user(stamp.by.as_deref());
    let mut store = ctx.store(OpenMode::Write)?;
    let (event, event_id, view, now) = store.write(|tx| {
        let now = ctx.now();
        let at = match &stamp.at {
            Some(at) => ctx.time("--at", at, now)?,
            None => now,
        };
        append(ctx, tx, id, at, now, &by, &change)
    })?;
    Ok(Recorded {
        event,
        event_id,
        view,
        now,
    })
}

/// What an event is called in a sentence.
fn noun(kind: &EventKind) -> String {
    match kind {
        EventKind::Updated { .. } => "update".into(),
        EventKind::Waiting => "wait on the customer".into(),
        EventKind::Resumed => "resume".into(),
        EventKind::Escalated { level } => format!("escalation to level {level}"),
        EventKind::SeverityChanged { to } => format!("change to severity {to}"),
        EventKind::Resolved => "resolve".into(),
        EventKind::Reopened => "reopen".into(),
        EventKind::Note => "note".into(),
        EventKind::Opened | EventKind::PolicyApplied => "event".into(),
    }
}

fn check_text(change: &Change) -> Result<()> {
    let texts: Vec<(&str, &Option<String>)> = match change {
        Change::Update(a) => vec![("message", &a.message)],
        Change::Wait(a) => vec![("reason", &a.reason)],
        Change::Resume(ResumeArgs { note })
        | Change::Escalate(EscalateArgs { note, .. })
        | Change::Resolve(ResolveArgs { note }) => vec![("note", note)],
        Change::Severity(a) => vec![("reason", &a.reason)],
        Change::Reopen(_) | Change::Note(_) => vec![],
    };
    for (what, t) in texts {
        if let Some(t) = t {
            check_length(what, t, TEXT_MAX, "")?;
        }
    }
    match change {
        Change::Reopen(ReopenArgs { reason }) => {
            check_not_blank("reason", reason, "say why the ticket is reopened")?;
            check_length("reason", reason, TEXT_MAX, "")
        }
        Change::Note(note) => {
            let text = &note.text();
            check_not_blank("note", text, "write what the note should say")?;
            check_length("note", text, TEXT_MAX, "")
        }
        Change::Severity(SeverityArgs {
            reason: Some(reason),
            ..
        }) => check_not_blank("reason", reason, "say why the severity changes"),
        _ => Ok(()),
    }
}

/// Asks for what is missing, on a terminal; otherwise it is a usage error.
fn complete(ctx: &Context, id: TicketId, change: Change) -> Result<Change> {
    Ok(match change {
        Change::Escalate(EscalateArgs { reason: None, note }) => {
            if !ctx.interactive {
                return Err(UsageError(
                    "escalate needs --reason impact, slow or expectations".into(),
                )
                .into());
            }
            Change::Escalate(EscalateArgs {
                reason: Some(prompt::escalation_reason()?),
                note,
            })
        }
        Change::Severity(mut args) if args.severity.is_none() || args.reason.is_none() => {
            if !ctx.interactive {
                let missing = if args.severity.is_none() {
                    "severity needs the new severity (1, 2 or 3)"
                } else {
                    "severity needs --reason TEXT"
                };
                return Err(UsageError(missing.into()).into());
            }
            if args.severity.is_none() {
                let (policy, current) = pinned_severity(ctx, id)?;
                args.severity = Some(prompt::severity(&policy, current)?);
            }
            if args.reason.is_none() {
                args.reason = Some(prompt::line("Reason")?);
            }
            Change::Severity(args)
        }
        other => other,
    })
}

/// The policy a ticket is pinned to and its severity now, for the prompt:
/// read apart from the write, which checks the change again under its lock.
fn pinned_severity(ctx: &Context, id: TicketId) -> Result<(Rc<Policy>, Option<Severity>)> {
    ctx.store(OpenMode::Read)?.read(|tx| {
        let row = find(tx, id)?;
        let events = events_of(&clock_events(&tx.events(id)?));
        let severity = summarize(&ticket_of(&row), &events).severity;
        Ok((Policies::default().get(tx, row.policy_version)?, severity))
    })
}

fn append(
    ctx: &Context,
    tx: &mut dyn Tx,
    id: TicketId,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    by: &str,
    change: &Change,
) -> Result<(Event, i64, View, DateTime<Utc>)> {
    let mut policies = Policies::default();
    let row = find(tx, id)?;
    let rows = tx.events(id)?;
    let policy = policies.get(tx, row.policy_version)?;
    let ticket = ticket_of(&row);
    let mut events = events_of(&clock_events(&rows));
    let summary = summarize(&ticket, &events);
    let (kind, reason, text) = match change {
        Change::Update(a) => {
            // A promise is placed from the update's own time.
            let next_update = a
                .next_update
                .as_ref()
                .map(|t| ctx.promised_time("--next-update", t, at))
                .transpose()?;
            (EventKind::Updated { next_update }, None, a.message.clone())
        }
        Change::Wait(a) => (EventKind::Waiting, a.reason.clone(), None),
        Change::Resume(a) => (EventKind::Resumed, None, a.note.clone()),
        Change::Escalate(a) => (
            EventKind::Escalated {
                level: summary.escalation_level + 1,
            },
            a.reason.map(|r| r.as_str().to_string()),
            a.note.clone(),
        ),
        Change::Severity(a) => {
            let to = a
                .severity
                .ok_or_else(|| anyhow!("severity needs the new severity (1, 2 or 3)"))?;
            (EventKind::SeverityChanged { to }, a.reason.clone(), None)
        }
        Change::Resolve(a) => (EventKind::Resolved, None, a.note.clone()),
        Change::Reopen(a) => (EventKind::Reopened, Some(a.reason.clone()), None),
        Change::Note(a) => (EventKind::Note, None, Some(a.text())),
    };
    let event = Event { at, kind };
    if let Err(refusal) = check_event(&policy, &ticket, &events, &event, now) {
        bail!(refused(ctx, id, &event, &refusal, &rows, &policy));
    }
    let mut stored = new_event(id, &event, now, by);
    stored.reason = reason;
    stored.text = text;
    let event_id = tx.append_event(&stored)?;
    events.push(event.clone());
    tx.set_summary(id, &summary_of(&summarize(&ticket, &events)))?;
    let (view, _) = load_view(&mut policies, tx, id, now)?;
    Ok((event, event_id, view, now))
}

/// One line a person can act on: the only words for a `Refusal`, with the
/// ticket, local times and the people involved.
fn refused(
    ctx: &Context,
    id: TicketId,
    event: &Event,
    r: &Refusal,
    rows: &[EventRow],
    policy: &Policy,
) -> String {
    let t = |x: DateTime<Utc>| output::local(x, ctx.style.zone);
    match r {
        Refusal::InFuture => format!(
            "ticket {id}: --at {} is in the future; leave --at out to record it now",
            t(event.at)
        ),
        Refusal::BeforeReport(r) => format!(
            "ticket {id}: --at {} is before the customer reported it ({})",
            t(event.at),
            t(*r)
        ),
        Refusal::BeforeLastEvent(l) => format!(
            "ticket {id}: --at {} is before its last recorded event ({}); events are recorded in order",
            t(event.at),
            t(*l)
        ),
        Refusal::Resolved => format!(
            "ticket {id} is resolved; reopen it first (slaclock reopen {} --reason TEXT)",
            id.0
        ),
        Refusal::NotResolved => {
            format!("ticket {id} is not resolved, so there is nothing to reopen")
        }
        Refusal::AlreadyWaiting { since, event } => {
            let who = rows.get(*event).map_or("someone", |e| e.event.by.as_str());
            format!(
                "ticket {id} has been waiting on the customer since {} (marked by {who}); resume it first",
                t(*since)
            )
        }
        Refusal::NotWaiting => {
            format!("ticket {id} is not waiting on the customer; there is nothing to resume")
        }
        Refusal::TopLevel(l) => format!(
            "ticket {id} is already at the top escalation level ({l}: {})",
            policy.level(*l).map_or("", |x| x.contact.as_str())
        ),
        Refusal::SkipsLevel { expected } => {
            format!("ticket {id}: escalation climbs one level at a time; the next is {expected}")
        }
        Refusal::NoSeverity(k) => format!(
            "ticket {id} is {} {k}; only incidents have a severity that can change",
            if *k == Kind::Inquiry { "an" } else { "a" }
        ),
        Refusal::SameSeverity(s) => format!("ticket {id} is already severity {s}"),
        Refusal::PromiseNotAfter(p) => format!(
            "ticket {id}: the promised next update ({}) must be after the update itself ({})",
            t(*p),
            t(event.at)
        ),
    }
}
