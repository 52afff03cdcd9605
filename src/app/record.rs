//! The commands that write: open, and every event on an existing ticket.
//! Each is one IMMEDIATE transaction; "now" is read and every check made
//! inside it, so a refused command changes nothing and two engineers
//! writing at once cannot both pass a check only one should.

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use dialoguer::{Input, Select};

use crate::cli::{KindArg, ReasonArg, Stamp};
use crate::output;
use crate::sla::{Event, EventKind, Kind, Policy, Refusal, Severity, check_event, summarize};
use crate::store::{NewTicket, TicketId, Tx};

use super::context::{Context, UsageError};
use super::printed;
use crate::output::View;

use super::convert::{
    Policies, events_of, find, judge, load_view, new_event, policy_hash, summary_of, ticket_of,
};

pub struct OpenArgs {
    pub kind: Option<KindArg>,
    pub severity: Option<u8>,
    pub customer: Option<String>,
    pub service: Option<String>,
    pub stamp: Stamp,
    pub title: Option<String>,
}

/// Longest title: a line on the board, not a report (details go in notes).
const TITLE_MAX: usize = 200;
/// Longest message, note or reason.
const TEXT_MAX: usize = 10_000;

fn check_length(what: &str, text: &str, max: usize, hint: &str) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        bail!("the {what} is {n} characters long; keep it to {max}{hint}");
    }
    Ok(())
}

fn check_text(change: &Change) -> Result<()> {
    let texts: Vec<(&str, &Option<String>)> = match change {
        Change::Update { message, .. } => vec![("message", message)],
        Change::Wait { reason } => vec![("reason", reason)],
        Change::Resume { note } | Change::Escalate { note, .. } | Change::Resolve { note } => {
            vec![("note", note)]
        }
        Change::Severity { reason, .. } => vec![("reason", reason)],
        Change::Reopen { .. } | Change::Note { .. } => vec![],
    };
    for (what, t) in texts {
        if let Some(t) = t {
            check_length(what, t, TEXT_MAX, "")?;
        }
    }
    match change {
        Change::Reopen { reason } => check_length("reason", reason, TEXT_MAX, ""),
        Change::Note { text } => check_length("note", text, TEXT_MAX, ""),
        _ => Ok(()),
    }
}

fn prompt_err(e: dialoguer::Error) -> anyhow::Error {
    anyhow!("could not read your answer: {e}")
}

fn ask_severity(ctx: &Context, policy: &Policy, missing: &str) -> Result<u8> {
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
    let i = Select::new()
        .with_prompt("Severity")
        .items(&items)
        .default(0)
        .interact()
        .map_err(prompt_err)?;
    Ok(i as u8 + 1)
}

pub fn open(ctx: &Context, args: OpenArgs) -> Result<()> {
    let loaded = ctx.policy()?;
    let policy = &loaded.policy;
    let kind_arg = match args.kind {
        Some(k) => k,
        None if args.severity.is_none() && ctx.interactive => {
            let items = ["incident", "provisioning", "inquiry"];
            let i = Select::new()
                .with_prompt("Kind")
                .items(items)
                .default(0)
                .interact()
                .map_err(prompt_err)?;
            [KindArg::Incident, KindArg::Provisioning, KindArg::Inquiry][i]
        }
        None => KindArg::Incident,
    };
    let kind = match kind_arg {
        KindArg::Incident => Kind::Incident,
        KindArg::Provisioning => Kind::Provisioning,
        KindArg::Inquiry => Kind::Inquiry,
        KindArg::Billing | KindArg::Sales => {
            let what = if kind_arg == KindArg::Billing {
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
    };
    let severity = match (kind, args.severity) {
        (Kind::Incident, Some(s)) => Some(s),
        (Kind::Incident, None) => Some(ask_severity(
            ctx,
            policy,
            "an incident needs --severity 1, 2 or 3 (1 service loss, 2 partial degradation, 3 no service impact)",
        )?),
        (Kind::Inquiry, None | Some(3)) => Some(3),
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
    let by = ctx.user(args.stamp.by.as_deref());
    // Check --at before the log is made, so a refusal creates nothing; it is
    // checked again under the lock.
    if let Some(at) = &args.stamp.at {
        let now = ctx.now();
        let reported = ctx.time("--at", at, now)?;
        if reported > now {
            bail!(
                "--at {} is in the future; a ticket is opened for a problem already reported",
                output::local(reported, ctx.style.zone)
            );
        }
    }
    let mut store = ctx.store(true)?;
    let (id, view) = store.write(|tx| {
        let now = ctx.now();
        let reported = match &args.stamp.at {
            Some(at) => ctx.time("--at", at, now)?,
            None => now,
        };
        if reported > now {
            bail!(
                "--at {} is in the future; a ticket is opened for a problem already reported",
                output::local(reported, ctx.style.zone)
            );
        }
        let version =
            tx.policy_version(&policy_hash(&loaded.text), &loaded.text, now.timestamp())?;
        let id = tx.insert_ticket(&NewTicket {
            kind: kind.as_str().to_string(),
            severity,
            title: title.clone(),
            customer: args.customer.clone(),
            service: args.service.clone(),
            reported_at: reported.timestamp(),
            opened_at: now.timestamp(),
            policy_version: version,
            by: by.clone(),
            text: None,
        })?;
        let view = load_view(&mut Policies::default(), tx, id, now)?;
        Ok((id, view))
    })?;
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

/// What an event command adds, once the ticket is known.
pub enum Change {
    Update {
        message: Option<String>,
        next_update: Option<String>,
    },
    Wait {
        reason: Option<String>,
    },
    Resume {
        note: Option<String>,
    },
    Escalate {
        reason: Option<ReasonArg>,
        note: Option<String>,
    },
    Severity {
        to: Option<u8>,
        reason: Option<String>,
    },
    Resolve {
        note: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Note {
        text: String,
    },
}

fn reason_name(r: ReasonArg) -> &'static str {
    match r {
        ReasonArg::Impact => "impact: the impact on the customer's business has grown",
        ReasonArg::Slow => "slow: the problem is not being resolved quickly enough",
        ReasonArg::Expectations => "expectations: the support effort is not meeting expectations",
    }
}

pub fn record(ctx: &Context, id: u64, stamp: Stamp, change: Change) -> Result<()> {
    let id = TicketId(i64::try_from(id).map_err(|_| anyhow!("no ticket #{id}"))?);
    // Prompts happen before the lock is taken: nobody waits on a person typing.
    let change = complete(ctx, change)?;
    check_text(&change)?;
    let by = ctx.user(stamp.by.as_deref());
    let mut store = ctx.store(false)?;
    let (event, event_id, view, now) = store.write(|tx| {
        let now = ctx.now();
        let at = match &stamp.at {
            Some(text) => ctx.time("--at", text, now)?,
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
fn complete(ctx: &Context, change: Change) -> Result<Change> {
    Ok(match change {
        Change::Escalate { reason: None, note } => {
            if !ctx.interactive {
                return Err(UsageError(
                    "escalate needs --reason impact, slow or expectations".into(),
                )
                .into());
            }
            let all = [ReasonArg::Impact, ReasonArg::Slow, ReasonArg::Expectations];
            let items: Vec<&str> = all.iter().map(|r| reason_name(*r)).collect();
            let i = Select::new()
                .with_prompt("Why escalate")
                .items(&items)
                .default(0)
                .interact()
                .map_err(prompt_err)?;
            Change::Escalate {
                reason: Some(all[i]),
                note,
            }
        }
        Change::Severity { to, reason } if to.is_none() || reason.is_none() => {
            if !ctx.interactive {
                let missing = if to.is_none() {
                    "severity needs the new severity (1, 2 or 3)"
                } else {
                    "severity needs --reason TEXT"
                };
                return Err(UsageError(missing.into()).into());
            }
            let to = match to {
                Some(t) => t,
                None => ask_severity(ctx, &Policy::default_policy(), "")?,
            };
            let reason = match reason {
                Some(r) => r,
                None => Input::<String>::new()
                    .with_prompt("Reason")
                    .interact_text()
                    .map_err(prompt_err)?,
            };
            Change::Severity {
                to: Some(to),
                reason: Some(reason),
            }
        }
        other => other,
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
        Change::Update {
            message,
            next_update,
        } => {
            let next_update = next_update
                .as_deref()
                .map(|t| ctx.time("--next-update", t, at))
                .transpose()?;
            (EventKind::Updated { next_update }, None, message.clone())
        }
        Change::Wait { reason } => (EventKind::Waiting, reason.clone(), None),
        Change::Resume { note } => (EventKind::Resumed, None, note.clone()),
        Change::Escalate { reason, note } => (
            EventKind::Escalated {
                level: summary.escalation_level + 1,
            },
            reason.map(|r| {
                reason_name(r)
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            }),
            note.clone(),
        ),
        Change::Severity { to, reason } => {
            let to = to
                .and_then(Severity::new)
                .ok_or_else(|| anyhow!("severity must be 1, 2 or 3"))?;
            (EventKind::SeverityChanged { to }, reason.clone(), None)
        }
        Change::Resolve { note } => (EventKind::Resolved, None, note.clone()),
        Change::Reopen { reason } => (EventKind::Reopened, Some(reason.clone()), None),
        Change::Note { text } => (EventKind::Note, None, Some(text.clone())),
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

/// One line a person can act on.
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
    let mut store = ctx.store(false)?;
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
