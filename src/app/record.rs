//! Every event on an existing ticket: update, wait, resume, escalate,
//! severity, resolve, reopen and note; assign, take and unassign; and the
//! corrections, edit and void. Each is one IMMEDIATE transaction; "now" is
//! read and every check made inside it, so a refused command changes
//! nothing and two engineers writing at once cannot both pass a check only
//! one should. A command may record several events (`update --resume`, an
//! `edit` of several details): all in that one transaction, or none.
//!
//! Over 600 lines: every event command's checks, prompts and recording
//! sit together because they share the one transaction; split by command
//! they would each repeat the lock-check-append sequence. What a refusal
//! says is `refusals.rs`; which event a void names, and why it may not be
//! voided, `record/void.rs`.

use crate::{msg, tr};
use std::rc::Rc;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use clap::Args;

use crate::cli::{
    AssignArgs, Echo, EditArgs, EscalateArgs, NoteArgs, On, ReopenArgs, ResolveArgs, ResumeArgs,
    SeverityArgs, Stamp, UpdateArgs, VoidArgs, WaitArgs,
};
use crate::output::{self, TimelineEvent, View};
use crate::sla::{Event, EventKind, Field, Policy, Severity, TicketState, check_event, summarize};
use crate::store::{EventRow, NewEvent, OpenMode, TicketId, TicketRow, Tx, Write};

use super::context::Context;
use super::convert::{
    Policies, clock_events, events_of, find_with_events, judged, new_event, summary_of, ticket_of,
    timeline_of,
};
use super::echo;
use super::exit::UsageError;
use super::input::{
    TEXT_MAX, blank_is_none, check_length, check_name, check_not_blank, check_owner, check_ref,
    check_severity_reason, check_title, is_blank,
};
use super::prompt;
use super::refusals::{escalated_meanwhile, refused};

mod void;
use void::void;

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
    Assign(AssignArgs),
    /// Assign to whoever records it.
    Take,
    Unassign,
    Edit(EditArgs),
    Void(VoidArgs),
}

/// What an edit or a void is recorded by: `--by`, and never a back-dated
/// time (a correction is made now).
pub fn by_only(by: Option<String>) -> Stamp {
    Stamp { at: None, by }
}

/// A command's arguments as clap read them, recorded: `on(ctx, args,
/// Change::Update)`.
pub fn on<T: Args>(ctx: &Context, on: On<T>, change: impl FnOnce(T) -> Change) -> Result<()> {
    record(ctx, on.id, on.stamp, on.echo, change(on.change))
}

/// Records `change` on ticket `id` and says so as `echo` asks.
pub fn record(ctx: &Context, id: TicketId, stamp: Stamp, echo: Echo, change: Change) -> Result<()> {
    let done = record_change(ctx, id, stamp, change)?;
    if done.still_waiting {
        // The update is recorded; the reminder goes to standard error so a
        // script reading the echo is not disturbed (through `warning`:
        // a failing standard error must not panic).
        crate::warning::say(&crate::tr!(
            ctx.lang,
            "warn-still-waiting",
            id = id.to_string(),
            number = id.0.to_string(),
        ));
    }
    let Recorded {
        events,
        event_id,
        view,
        now,
        voided,
        owner_before,
        ..
    } = done;
    let nouns: Vec<String> = events.iter().map(|e| noun(&e.kind)).collect();
    echo::ticket(
        echo,
        &view,
        || {
            // The nouns in the language of errors: English has its own,
            // other languages the timeline's names of the events.
            let nouns = match crate::i18n::errors() {
                crate::i18n::Lang::En => nouns.join(" and "),
                lang => events
                    .iter()
                    .map(|e| output::event_name(lang, &e.kind))
                    .collect::<Vec<_>>()
                    .join("、"),
            };
            msg!(
                "not-printed-recorded",
                what = nouns,
                id = id.to_string(),
                event = event_id.to_string()
            )
            .to_string()
        },
        || msg!("not-printed-record-next", id = id.0.to_string()).to_string(),
        |out| {
            let before = output::Before {
                voided: voided.as_ref(),
                owner: owner_before.as_deref(),
            };
            output::recorded_all(out, &events, before, &view, now, &ctx.style)
        },
    )
}

/// Records a change on a ticket, with every check the command makes, and
/// prints nothing: the event commands print what it returns, and `watch`
/// shows it on its status line. The log is opened for writing for this
/// one transaction.
pub fn record_change(
    ctx: &Context,
    id: TicketId,
    stamp: Stamp,
    change: Change,
) -> Result<Recorded> {
    let by = ctx.author(stamp.by.as_deref())?;
    if matches!(change, Change::Take) && !ctx.knows_user(stamp.by.as_deref()) {
        return Err(UsageError(msg!("refuse-who-unknown-take").to_string()).into());
    }
    // An owner is named without the spaces at its ends, as a customer
    // is: " bob " is bob, whom `--owner bob` finds.
    let change = match change {
        Change::Assign(a) => Change::Assign(AssignArgs {
            name: super::input::trim_blank(&a.name).to_owned(),
        }),
        other => other,
    };
    // What was given is checked before anything is asked; a prompted value
    // is checked by the same rule as it is typed.
    check_text(&change)?;
    // An escalation notes what the log held as early as it can: two made
    // at the same instant (or one while its reason is being chosen) must
    // climb once. On SQLite the read costs nothing; on PostgreSQL it is a
    // round trip, made only before a question (otherwise the newest id is
    // read with the lock, in the write's first request).
    let mut early = None;
    let mut noted = None;
    if let Change::Escalate(a) = &change {
        let mut store = ctx.store(OpenMode::Write)?;
        if store.path().is_some() || (a.reason.is_none() && ctx.interactive) {
            noted = Some(store.read(|tx| tx.latest_event_id())?);
        }
        early = Some(store);
    }
    // Prompts happen before the lock is taken: nobody waits on a person typing.
    let change = complete(ctx, id, change)?;
    if let Change::Take = change {
        check_owner(&by)?;
    }
    let mut store = match early {
        Some(store) => store,
        None => ctx.store(OpenMode::Write)?,
    };
    let write = |tx: &mut dyn Tx| {
        // The first request takes the lock (and reads the ticket in the
        // same round trip); the clock is read once it is held.
        let found = find_with_events(tx, id)?;
        if let Change::Escalate(_) = change {
            // Holding the lock a moment before recording lets an
            // escalation started at the same instant (a teammate's, a
            // second click) note the log before this one lands, so it is
            // told and not stacked a level higher.
            std::thread::sleep(SAME_INSTANT);
        }
        let seen = tx.seen_before_lock();
        let now = ctx.now();
        let at = match &stamp.at {
            Some(at) => Some(ctx.time("--at", at, now)?),
            None => None,
        };
        append(ctx, tx, found, (at, now, seen), &by, &change)
    };
    match change {
        // Two escalations at the same instant climb one level, not two:
        // the second finds the first's recorded after what it noted.
        Change::Escalate(_) => store.write_seeing(noted, write),
        _ => store.write(write),
    }
}

/// How long an escalation holds the write lock before it records: two
/// escalations started within it are taken as made at the same instant.
const SAME_INSTANT: std::time::Duration = std::time::Duration::from_millis(100);

/// What a change recorded: its events, the id of the last, and the ticket
/// judged after them, at `now`.
pub struct Recorded {
    pub events: Vec<Event>,
    pub event_id: i64,
    pub view: View,
    pub now: DateTime<Utc>,
    /// An update was recorded on a ticket that stays waiting on the customer.
    pub still_waiting: bool,
    /// The event a void named, as the ticket's timeline shows it.
    pub voided: Option<TimelineEvent>,
    /// Who owned the ticket before the change: whom an assignment took it
    /// from.
    pub owner_before: Option<String>,
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
        EventKind::Assigned { to } => format!("assignment to {to}"),
        EventKind::Unassigned => "unassignment".into(),
        EventKind::Edited { field } => format!("correction of the {field}"),
        EventKind::Voided { .. } => "void".into(),
        EventKind::Opened | EventKind::PolicyApplied => "event".into(),
    }
}

/// An optional text (a message, a wait's reason, a note) as recorded: a
/// blank one (`input::is_blank`: only spaces, full-width ones too, or
/// characters drawn as nothing) says nothing, and is none, as a blank
/// `--customer` is.
fn said(text: Option<&str>) -> Option<String> {
    text.filter(|t| !is_blank(t)).map(str::to_owned)
}

fn check_text(change: &Change) -> Result<()> {
    let texts: Vec<(&str, &Option<String>)> = match change {
        Change::Update(a) => vec![("message", &a.message)],
        Change::Wait(a) => vec![("reason", &a.reason)],
        Change::Resume(ResumeArgs { note })
        | Change::Escalate(EscalateArgs { note, .. })
        | Change::Resolve(ResolveArgs { note }) => vec![("note", note)],
        Change::Severity(a) => vec![("reason", &a.reason)],
        Change::Reopen(_)
        | Change::Note(_)
        | Change::Assign(_)
        | Change::Take
        | Change::Unassign
        | Change::Edit(_)
        | Change::Void(_) => vec![],
    };
    for (what, t) in texts {
        if let Some(t) = t {
            check_length(what, t, TEXT_MAX, None)?;
        }
    }
    match change {
        Change::Reopen(ReopenArgs { reason }) => {
            check_not_blank("reason", reason, msg!("input-hint-reopen"))?;
            check_length("reason", reason, TEXT_MAX, None)
        }
        Change::Note(note) => {
            let text = &note.text();
            check_not_blank("note", text, msg!("input-hint-note"))?;
            check_length("note", text, TEXT_MAX, None)
        }
        Change::Severity(SeverityArgs {
            reason: Some(reason),
            ..
        }) => check_severity_reason(reason),
        Change::Assign(a) => check_owner(&a.name),
        Change::Edit(a) => check_edit(a),
        Change::Void(a) => {
            check_not_blank("reason", &a.reason, msg!("input-hint-void"))?;
            check_length("reason", &a.reason, TEXT_MAX, None)
        }
        _ => Ok(()),
    }
}

/// Each corrected detail, checked exactly as `open` checks it.
fn check_edit(a: &EditArgs) -> Result<()> {
    // The same rules, and words, as `open`.
    if let Some(title) = &a.title {
        check_title(title)?;
    }
    for (what, v) in [("customer", &a.customer), ("service", &a.service)] {
        if let Some(v) = v {
            check_name(what, v)?;
        }
    }
    if let Some(r) = &a.reference {
        check_ref(r)?;
    }
    Ok(())
}

/// Asks for what is missing, on a terminal; otherwise it is a usage error.
fn complete(ctx: &Context, id: TicketId, change: Change) -> Result<Change> {
    Ok(match change {
        Change::Escalate(EscalateArgs { reason: None, note }) => {
            if !ctx.interactive {
                return Err(UsageError(msg!("refuse-escalate-reason").to_string()).into());
            }
            let mut level = 0;
            let (policy, _) = before_asking(ctx, id, |s| {
                level = s.escalation_level + 1;
                EventKind::Escalated { level }
            })?;
            // The question says where the ticket climbs, as the ticket's
            // policy (its contract's contacts included) has it.
            let contact = policy.level(level).map_or("", |l| l.contact.as_str());
            let question = tr!(
                ctx.lang,
                "prompt-why-escalate",
                id = id.to_string(),
                level = level,
                contact = crate::i18n::plain(contact)
            );
            Change::Escalate(EscalateArgs {
                reason: Some(prompt::escalation_reason(ctx.lang, &question)?),
                note,
            })
        }
        Change::Severity(mut args) if args.severity.is_none() || args.reason.is_none() => {
            if !ctx.interactive {
                let missing = if args.severity.is_none() {
                    msg!("refuse-severity-missing")
                } else {
                    msg!("refuse-severity-reason")
                };
                return Err(UsageError(missing.to_string()).into());
            }
            // Any severity but the one it has: what is refused whatever
            // the answer (a resolved ticket, an inquiry) is said first.
            let (policy, current) = before_asking(ctx, id, |s| EventKind::SeverityChanged {
                to: args
                    .severity
                    .unwrap_or(if s.severity == Some(Severity::S1) {
                        Severity::S2
                    } else {
                        Severity::S1
                    }),
            })?;
            if args.severity.is_none() {
                // Never the one it has: the menu asks again on that.
                args.severity = Some(prompt::severity(ctx.lang, &policy, current)?);
            }
            if args.reason.is_none() {
                args.reason = Some(prompt::line(
                    ctx.lang,
                    &tr!(ctx.lang, "prompt-reason"),
                    check_severity_reason,
                )?);
            }
            Change::Severity(args)
        }
        other => other,
    })
}

/// Before a question is asked: the change `plan` makes of the ticket's
/// present is checked as the write will check it, so nobody answers a
/// question for a change that cannot be recorded whatever the answer (no
/// such ticket, resolved, at the top level, not an incident). Returns the
/// policy the ticket is pinned to and its severity now, for the question.
/// Read apart from the write, which checks the change again under its
/// lock.
fn before_asking(
    ctx: &Context,
    id: TicketId,
    plan: impl FnOnce(&crate::sla::Summary) -> EventKind,
) -> Result<(Rc<Policy>, Option<Severity>)> {
    ctx.store(OpenMode::Read)?.read(|tx| {
        let (row, rows) = find_with_events(tx, id)?;
        let policy =
            Policies::default().get_under(tx, row.policy_version, row.contract.as_deref())?;
        let ticket = ticket_of(&row);
        let events = events_of(&clock_events(&rows));
        let summary = summarize(&ticket, &events);
        let now = ctx.now();
        let event = Event::new(now, plan(&summary));
        if let Err(refusal) = check_event(&policy, &ticket, &events, &event, now) {
            bail!(refused(ctx, id, &event, false, &refusal, &rows, &policy));
        }
        Ok((policy, summary.severity))
    })
}

/// One event to record, as the command planned it.
struct Planned {
    kind: EventKind,
    reason: Option<String>,
    text: Option<String>,
    /// An edit's values before and after.
    old_value: Option<String>,
    new_value: Option<String>,
}

impl Planned {
    fn of(kind: EventKind) -> Planned {
        Planned {
            kind,
            reason: None,
            text: None,
            old_value: None,
            new_value: None,
        }
    }
}

/// Records `change` at `typed` (the `--at` given), else at `now`.
fn append(
    ctx: &Context,
    tx: &mut dyn Tx,
    (row, rows): (TicketRow, Vec<EventRow>),
    (typed, now, seen): (Option<DateTime<Utc>>, DateTime<Utc>, Option<i64>),
    by: &str,
    change: &Change,
) -> Result<Recorded> {
    let at = typed.unwrap_or(now);
    let mut policies = Policies::default();
    let id = row.id;
    let policy = policies.get_under(tx, row.policy_version, row.contract.as_deref())?;
    let ticket = ticket_of(&row);
    let mut events = events_of(&clock_events(&rows));
    let summary = summarize(&ticket, &events);
    let owner_before = summary.owner.clone();
    let mut still_waiting = false;
    let planned = match change {
        Change::Update(a) => {
            // A promise is placed from the update's own time.
            let next_update = a
                .next_update
                .as_ref()
                .map(|t| ctx.promised_time("--next-update", t, at))
                .transpose()?;
            let update = Planned {
                text: said(a.message.as_deref()),
                ..Planned::of(EventKind::Updated { next_update })
            };
            if a.resume {
                if summary.state == TicketState::Open {
                    bail!(super::refusals::not_waiting(ctx, id, &rows, true));
                }
                vec![update, Planned::of(EventKind::Resumed)]
            } else {
                still_waiting = summary.state == TicketState::Waiting;
                vec![update]
            }
        }
        Change::Wait(a) => vec![Planned {
            reason: said(a.reason.as_deref()),
            ..Planned::of(EventKind::Waiting)
        }],
        Change::Resume(a) => vec![Planned {
            text: said(a.note.as_deref()),
            ..Planned::of(EventKind::Resumed)
        }],
        Change::Escalate(a) => vec![Planned {
            reason: a.reason.map(|r| r.as_str().to_string()),
            text: said(a.note.as_deref()),
            ..Planned::of(EventKind::Escalated {
                level: summary.escalation_level + 1,
            })
        }],
        Change::Severity(a) => {
            let to = a
                .severity
                .ok_or_else(|| anyhow!(msg!("refuse-severity-missing")))?;
            vec![Planned {
                reason: a.reason.clone(),
                ..Planned::of(EventKind::SeverityChanged { to })
            }]
        }
        Change::Resolve(a) => vec![Planned {
            text: said(a.note.as_deref()),
            ..Planned::of(EventKind::Resolved)
        }],
        Change::Reopen(a) => vec![Planned {
            reason: Some(a.reason.clone()),
            ..Planned::of(EventKind::Reopened)
        }],
        Change::Note(a) => vec![Planned {
            text: Some(a.text()),
            ..Planned::of(EventKind::Note)
        }],
        Change::Assign(a) => vec![Planned::of(EventKind::Assigned { to: a.name.clone() })],
        Change::Take => vec![Planned::of(EventKind::Assigned { to: by.to_owned() })],
        Change::Unassign => vec![Planned::of(EventKind::Unassigned)],
        Change::Edit(a) => corrections(tx, &row, a)?,
        Change::Void(a) => vec![void(tx, &row, &rows, &events, &policy, a)?],
    };
    let mut recorded = vec![];
    let mut writes = vec![];
    for p in planned {
        let event = Event::new(at, p.kind);
        if let Err(refusal) = check_event(&policy, &ticket, &events, &event, now) {
            bail!(refused(
                ctx,
                id,
                &event,
                typed.is_some(),
                &refusal,
                &rows,
                &policy
            ));
        }
        if let (EventKind::Escalated { .. }, Some(seen)) = (&event.kind, seen) {
            escalated_meanwhile(ctx, &rows, seen)?;
        }
        let stored = NewEvent {
            reason: p.reason,
            text: p.text,
            old_value: p.old_value,
            new_value: p.new_value,
            ..new_event(id, &event, now, by)
        };
        let detail = match &event.kind {
            EventKind::Edited { field } => Some(Write::Detail(*field, stored.new_value.clone())),
            EventKind::Voided { event: voided } => {
                let Some(i) = rows.iter().position(|r| r.id == *voided) else {
                    bail!(msg!(
                        "void-vanished",
                        event = voided.to_string(),
                        id = id.to_string()
                    ));
                };
                events[i].voided = true;
                // A voided correction gives the detail back its value before.
                match rows[i].event.kind {
                    EventKind::Edited { field } => {
                        Some(Write::Detail(field, rows[i].event.old_value.clone()))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        writes.push(Write::Event(stored));
        writes.extend(detail);
        events.push(event.clone());
        recorded.push(event);
    }
    let mut summary = summary_of(&summarize(&ticket, &events));
    // The log's last word on the ticket is now, whatever the events' own
    // times: a resolve back-dated with --at and recorded after an instant
    // must bring the ticket back onto the board as of that instant.
    summary.last_event_at = summary.last_event_at.max(now.timestamp());
    // The last step, which a store may send with its COMMIT: what follows
    // reads nothing new and cannot fail on the log's account.
    let (row, stored) = tx.finish_change(id, &writes, &summary)?;
    // The events just appended hold the highest ids.
    let event_id = stored.iter().map(|e| e.id).max().unwrap_or(0);
    let view = judged(&mut policies, tx, row, &stored, now)?;
    // Numbered as `void ID N` named it.
    let voided = match change {
        Change::Void(a) => a
            .event
            .checked_sub(1)
            .and_then(|i| timeline_of(&ticket, &rows).into_iter().nth(i)),
        _ => None,
    };
    Ok(Recorded {
        events: recorded,
        event_id,
        view,
        now,
        still_waiting,
        voided,
        owner_before,
    })
}

/// The `edited` events for the details `edit` changes: each with its value
/// before and after. A detail given as it already is changes nothing; an
/// edit that changes nothing is refused. A ref another ticket holds is
/// refused, as `open` refuses it.
fn corrections(tx: &mut dyn Tx, row: &TicketRow, a: &EditArgs) -> Result<Vec<Planned>> {
    let id = row.id;
    let given = [
        (Field::Title, a.title.as_deref(), Some(row.title.as_str())),
        (
            Field::Customer,
            a.customer.as_deref(),
            row.customer.as_deref(),
        ),
        (Field::Service, a.service.as_deref(), row.service.as_deref()),
        (
            Field::Ref,
            a.reference.as_deref(),
            row.external_ref.as_deref(),
        ),
    ];
    let mut planned = vec![];
    for (field, new, old) in given {
        let Some(given) = new else { continue };
        let new = match field {
            Field::Customer | Field::Service => blank_is_none(Some(given)),
            Field::Title | Field::Ref => Some(given),
        };
        if new == old {
            continue;
        }
        if field == Field::Ref
            && let Some(holder) = tx.ticket_by_ref(given)?
        {
            bail!(msg!(
                "refuse-edit-ref-taken",
                id = id.to_string(),
                reference = output::quoted(given),
                holder = holder.id.to_string()
            ));
        }
        planned.push(Planned {
            old_value: old.map(str::to_owned),
            new_value: new.map(str::to_owned),
            ..Planned::of(EventKind::Edited { field })
        });
    }
    if planned.is_empty() {
        bail!(msg!("refuse-edit-nothing", id = id.to_string()));
    }
    Ok(planned)
}
