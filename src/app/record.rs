//! The commands that write: open, and every event on an existing ticket.
//! Each is one IMMEDIATE transaction; "now" is read and every check made
//! inside it, so a refused command changes nothing and two engineers
//! writing at once cannot both pass a check only one should.

use std::rc::Rc;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use clap::ValueEnum;
use dialoguer::{Input, Select};

use crate::app::time::TimeArg;
use crate::cli::{
    EscalateArgs, NoteArgs, OpenArgs, ReasonArg, ReopenArgs, RequestArg, ResolveArgs, ResumeArgs,
    SeverityArgs, Stamp, UpdateArgs, WaitArgs,
};
use crate::output;
use crate::sla::{Event, EventKind, Kind, Policy, Refusal, Severity, check_event, summarize};
use crate::store::{NewTicket, OpenMode, RefTaken, TicketId, TicketRow, Tx};

use super::context::Context;
use super::exit::UsageError;
use super::printed;
use crate::output::View;

use super::convert::{
    Policies, events_of, find, judge, load_view, new_event, policy_hash, summary_of, ticket_of,
};

/// Longest title: a line on the board, not a report (details go in notes).
const TITLE_MAX: usize = 200;
/// Longest message, note or reason.
const TEXT_MAX: usize = 10_000;
/// Longest external reference: a case number or an alert id, not a text.
const REF_MAX: usize = 200;

/// `--ref TEXT`: not blank, at most `REF_MAX` characters, on one line and
/// without control characters (it is shown on the board and matched exactly).
pub(super) fn check_ref(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!(
            "--ref is empty; give the external reference, such as the customer's case number or the alert id"
        );
    }
    let n = text.chars().count();
    if n > REF_MAX {
        bail!("--ref is {n} characters long; keep it to {REF_MAX} (a case number or an alert id)");
    }
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| c.is_control()) {
        bail!(
            "--ref holds a control character (U+{:04X}, character {}); give it on one line, without tabs or escapes",
            u32::from(c),
            i + 1
        );
    }
    Ok(())
}

/// Longest name in `--by`: a person or a script, not a paragraph.
const BY_MAX: usize = 200;

/// `--by`, if given: a name that is not blank and at most `BY_MAX` long.
fn check_by(by: Option<&str>) -> Result<()> {
    if let Some(by) = by {
        if by.trim().is_empty() {
            bail!(
                "--by is empty; give the name of whoever records this (or leave --by out for $USER)"
            );
        }
        check_length("--by name", by, BY_MAX, "")?;
    }
    Ok(())
}

/// A text the command cannot do without must say something.
fn check_not_blank(what: &str, text: &str, hint: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!("the {what} is empty; {hint}");
    }
    Ok(())
}

fn check_length(what: &str, text: &str, max: usize, hint: &str) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        bail!("the {what} is {n} characters long; keep it to {max}{hint}");
    }
    Ok(())
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
        Change::Note(NoteArgs { text }) => {
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

fn prompt_err(e: dialoguer::Error) -> anyhow::Error {
    anyhow!("could not read your answer: {e}")
}

/// Asks for a severity, naming each as `policy` does and starting on
/// `current`; without a terminal, `missing` is the usage error.
fn ask_severity(
    ctx: &Context,
    policy: &Policy,
    current: Option<Severity>,
    missing: &str,
) -> Result<Severity> {
    if !ctx.interactive {
        return Err(UsageError(missing.to_string()).into());
    }
    let items: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            format!(
                "{s}: {}",
                policy.severities.get(s).map_or("", |t| t.name.as_str())
            )
        })
        .collect();
    let start = Severity::ALL
        .iter()
        .position(|s| Some(*s) == current)
        .unwrap_or(0);
    let i = Select::new()
        .with_prompt("Severity")
        .items(&items)
        .default(start)
        .interact()
        .map_err(prompt_err)?;
    Ok(Severity::ALL[i])
}

pub fn open(ctx: &Context, args: OpenArgs) -> Result<()> {
    check_by(args.stamp.by.as_deref())?;
    let loaded = ctx.policy()?;
    let policy = &loaded.policy;
    let kind = match args.kind {
        Some(RequestArg::Incident) => Kind::Incident,
        Some(RequestArg::Provisioning) => Kind::Provisioning,
        Some(RequestArg::Inquiry) => Kind::Inquiry,
        Some(referred @ (RequestArg::Billing | RequestArg::Sales)) => {
            let what = if referred == RequestArg::Billing {
                "billing"
            } else {
                "sales"
            };
            let to = policy
                .referrals
                .get(what)
                .map_or("the team the policy's [referrals] names", String::as_str);
            bail!("{what} questions are not support tickets; refer the customer to {to}");
        }
        None if args.severity.is_none() && ctx.interactive => {
            let i = Select::new()
                .with_prompt("Kind")
                .items(Kind::ALL.map(Kind::as_str))
                .default(0)
                .interact()
                .map_err(prompt_err)?;
            Kind::ALL[i]
        }
        None => Kind::Incident,
    };
    let severity = match (kind, args.severity) {
        (Kind::Incident, Some(s)) => Some(s),
        (Kind::Incident, None) => Some(ask_severity(
            ctx,
            policy,
            None,
            "an incident needs --severity 1, 2 or 3 (1 service loss, 2 partial degradation, 3 no service impact)",
        )?),
        (Kind::Inquiry, None | Some(Severity::S3)) => Some(Severity::S3),
        (Kind::Inquiry, Some(s)) => bail!(
            "inquiries are always severity 3; --severity {s} does not apply (open an incident if a service is affected)"
        ),
        (Kind::Provisioning, None) => None,
        (Kind::Provisioning, Some(_)) => {
            bail!("provisioning requests have no severity; leave out --severity")
        }
    };
    let title = match args.title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => bail!("the title is empty; say what is wrong in a line"),
        None if ctx.interactive => Input::<String>::new()
            .with_prompt("Title")
            .interact_text()
            .map_err(prompt_err)?,
        None => {
            return Err(
                UsageError("a title is required: slaclock open [OPTIONS] TITLE".into()).into(),
            );
        }
    };
    check_length(
        "title",
        &title,
        TITLE_MAX,
        "; put the details in a note (slaclock note ID TEXT)",
    )?;
    for (what, v) in [("customer", &args.customer), ("service", &args.service)] {
        if let Some(v) = v {
            check_length(what, v, TITLE_MAX, "")?;
        }
    }
    if let Some(r) = &args.reference {
        check_ref(r)?;
    }
    let by = ctx.user(args.stamp.by.as_deref());
    // A report time in the future is refused before the log is made, so
    // the refusal creates nothing; the time is placed for the record under
    // the lock, against the "now" read there.
    reported_at(ctx, args.stamp.at.as_ref(), ctx.now())?;
    let mut store = ctx.store(OpenMode::Create)?;
    let details = Details {
        kind: kind.as_str().to_string(),
        severity: severity.map(Severity::get),
        title,
        customer: args.customer,
        service: args.service,
    };
    let written = store.write(|tx| {
        let now = ctx.now();
        let reported = reported_at(ctx, args.stamp.at.as_ref(), now)?;
        // A retry finds its ticket here, under the write lock and before
        // anything is written, so two opens with one ref make one ticket.
        if let Some(reference) = &args.reference {
            if let Some(row) = tx.ticket_by_ref(reference)? {
                let view = same_ticket(ctx, tx, row, &details, now)?;
                return Ok(Opened::Existing(view, now));
            }
        }
        let version =
            tx.policy_version(&policy_hash(&loaded.text), &loaded.text, now.timestamp())?;
        let id = tx.insert_ticket(&NewTicket {
            kind: details.kind.clone(),
            severity: details.severity,
            title: details.title.clone(),
            customer: details.customer.clone(),
            service: details.service.clone(),
            reported_at: reported.timestamp(),
            opened_at: now.timestamp(),
            policy_version: version,
            by: by.clone(),
            text: None,
            external_ref: args.reference.clone(),
        })?;
        let view = load_view(&mut Policies::default(), tx, id, now)?;
        Ok(Opened::New(id, view))
    });
    let opened = match (written, &args.reference) {
        // The unique index refused the insert: the ref was recorded after
        // our look (only a writer not holding the log's lock could do
        // that). Its ticket is the answer, as if we had seen it first.
        (Err(e), Some(reference)) if e.chain().any(|c| c.is::<RefTaken>()) => store.read(|tx| {
            let now = ctx.now();
            let row = tx.ticket_by_ref(reference)?.ok_or(e)?;
            let view = same_ticket(ctx, tx, row, &details, now)?;
            Ok(Opened::Existing(view, now))
        })?,
        (written, _) => written?,
    };
    match opened {
        Opened::New(id, view) => {
            let event = view.events.first().map_or(0, |e| e.id);
            printed::after_change(
                || format!("ticket {id} was opened and recorded in the ticket log (event {event})"),
                || {
                    format!(
                        "do not open it again; see it with: slaclock status {}",
                        id.0
                    )
                },
                |out| output::opened(out, id, &view, &ctx.style),
            )
        }
        Opened::Existing(view, now) => {
            let id = view.row.id;
            printed::after_change(
                || {
                    format!(
                        "ticket {id} holds this --ref in the ticket log (opened before; nothing new was recorded)"
                    )
                },
                || {
                    format!(
                        "do not open it again; see it with: slaclock status {}",
                        id.0
                    )
                },
                |out| output::already_open(out, &view, now, &ctx.style),
            )
        }
    }
}

/// When the customer reported the problem being opened: `--at` placed at
/// `now`, never later than `now`.
fn reported_at(ctx: &Context, at: Option<&TimeArg>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let Some(at) = at else { return Ok(now) };
    let reported = ctx.time("--at", at, now)?;
    if reported > now {
        bail!(
            "--at {} is in the future; a ticket is opened for a problem already reported",
            output::local(reported, ctx.style.zone)
        );
    }
    Ok(reported)
}

/// What `open` found or made.
enum Opened {
    New(TicketId, View),
    /// The ticket already holding the ref, judged now.
    Existing(View, DateTime<Utc>),
}

/// What a retried `open --ref` must repeat to be the same ticket.
struct Details {
    kind: String,
    severity: Option<u8>,
    title: String,
    customer: Option<String>,
    service: Option<String>,
}

/// The ticket `row` holds the ref being opened: if it was opened with the
/// same details it is the answer (a retry), judged at `now`; if not, the
/// open is refused naming it and what differs.
fn same_ticket(
    ctx: &Context,
    tx: &dyn Tx,
    row: TicketRow,
    details: &Details,
    now: DateTime<Utc>,
) -> Result<View> {
    let differ = differences(&row, details);
    if !differ.is_empty() {
        let names: Vec<&str> = differ.iter().map(|(name, _)| *name).collect();
        let held: Vec<&str> = differ.iter().map(|(_, d)| d.as_str()).collect();
        bail!(
            "--ref {:?} is already ticket {} (reported {}), whose {} differ{}: {}; nothing was recorded. Give a new ticket another --ref, or see this one with: slaclock status {}",
            output::plain(row.external_ref.as_deref().unwrap_or_default()),
            row.id,
            output::local(crate::sla::instant(row.reported_at), ctx.style.zone),
            and_list(&names),
            if names.len() == 1 { "s" } else { "" },
            held.join("; "),
            row.id.0
        );
    }
    load_view(&mut Policies::default(), tx, row.id, now)
}

/// The details that differ, by name, with what the ticket holds and what
/// was given.
fn differences(row: &TicketRow, given: &Details) -> Vec<(&'static str, String)> {
    let text =
        |v: Option<&str>| v.map_or("none".to_string(), |v| format!("{:?}", output::plain(v)));
    let severity = |s: Option<u8>| s.map_or("none".to_string(), |s| s.to_string());
    let pairs = [
        ("kind", row.kind.to_string(), given.kind.clone()),
        ("severity", severity(row.severity), severity(given.severity)),
        ("title", text(Some(&row.title)), text(Some(&given.title))),
        (
            "customer",
            text(row.customer.as_deref()),
            text(given.customer.as_deref()),
        ),
        (
            "service",
            text(row.service.as_deref()),
            text(given.service.as_deref()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, held, asked)| held != asked)
        .map(|(name, held, asked)| (name, format!("{name} {held} (you gave {asked})")))
        .collect()
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

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

/// An escalation reason as the prompt offers it: its code, and what it
/// means in the words `--help` uses.
fn reason_choice(r: ReasonArg) -> String {
    let meaning = r
        .to_possible_value()
        .and_then(|v| v.get_help().map(ToString::to_string))
        .unwrap_or_default();
    let mut letters = meaning.chars();
    let meaning = match letters.next() {
        Some(first) => first.to_lowercase().chain(letters).collect(),
        None => meaning,
    };
    format!("{}: {meaning}", r.as_str())
}

pub fn record(ctx: &Context, id: TicketId, stamp: Stamp, change: Change) -> Result<()> {
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
            let items: Vec<String> = ReasonArg::ALL.map(reason_choice).to_vec();
            let i = Select::new()
                .with_prompt("Why escalate")
                .items(&items)
                .default(0)
                .interact()
                .map_err(prompt_err)?;
            Change::Escalate(EscalateArgs {
                reason: Some(ReasonArg::ALL[i]),
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
                args.severity = Some(ask_severity(ctx, &policy, current, "")?);
            }
            if args.reason.is_none() {
                args.reason = Some(
                    Input::<String>::new()
                        .with_prompt("Reason")
                        .interact_text()
                        .map_err(prompt_err)?,
                );
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
        let events = events_of(id, &tx.events(id)?)?;
        let severity = summarize(&ticket_of(&row)?, &events).severity;
        Ok((Policies::default().get(tx, row.policy_version)?, severity))
    })
}

fn append(
    ctx: &Context,
    tx: &dyn Tx,
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
    let ticket = ticket_of(&row)?;
    let mut events = events_of(id, &rows)?;
    let summary = summarize(&ticket, &events);
    let (kind, reason, text) = match change {
        Change::Update(a) => {
            // A promise is placed from the update's own time.
            let next_update = a
                .next_update
                .as_ref()
                .map(|t| ctx.time("--next-update", t, at))
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
        Change::Note(a) => (EventKind::Note, None, Some(a.text.clone())),
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
    let (row, rows) = (find(tx, id)?, tx.events(id)?);
    let (policy, eval, _) = judge(|v| policies.get(tx, v), &row, &rows, now, false)?;
    let view = View {
        row,
        events: rows,
        eval,
        policy,
    };
    Ok((event, event_id, view, now))
}

/// One line a person can act on: the only words for a `Refusal`, with the
/// ticket, local times and the people involved.
fn refused(
    ctx: &Context,
    id: TicketId,
    event: &Event,
    r: &Refusal,
    rows: &[crate::store::EventRow],
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

/// `policy apply`: re-pins every open ticket to the current policy.
pub fn apply_policy(ctx: &Context) -> Result<()> {
    let loaded = ctx.policy()?;
    let by = ctx.user(None);
    let mut store = ctx.store(OpenMode::Write)?;
    let (version, moved) = store.write(|tx| {
        let now = ctx.now();
        let version =
            tx.policy_version(&policy_hash(&loaded.text), &loaded.text, now.timestamp())?;
        let mut moved = vec![];
        for id in tx.open_ids()? {
            let row = find(tx, id)?;
            if row.policy_version == version {
                continue;
            }
            let mut e = new_event(
                id,
                &Event {
                    at: now,
                    kind: EventKind::PolicyApplied,
                },
                now,
                &by,
            );
            e.policy_version = Some(version);
            e.text = Some(format!(
                "policy version {} -> {version}",
                row.policy_version
            ));
            tx.append_event(&e)?;
            tx.set_policy_version(id, version)?;
            moved.push(id);
        }
        Ok((version, moved))
    })?;
    printed::after_change(
        || {
            format!(
                "policy version {version} ({}) was applied to {} open tickets and recorded in the ticket log",
                loaded.source,
                moved.len()
            )
        },
        || "do not apply it again; see the tickets with: slaclock status".into(),
        |out| output::policy_applied(out, version, &loaded.source, &moved),
    )
}
