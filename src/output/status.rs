//! A ticket's status, and what write commands print, for people: lines
//! and tables fitted to the terminal's width (the board is `board`'s).
//!
//! Its tests, which read back what a person sees, are in `status/tests.rs`.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{ClockState, Event, EventKind, Field, Figures, Kind, TicketState, Trace};

use super::grid::{Cell, Column, Grid, Tint};
use super::{Style, TimelineEvent, View, clock_phrase, hours, human, plain, relative, short};

fn kind_label(v: &View) -> String {
    match (v.ticket.kind, v.eval.severity) {
        (Kind::Incident, Some(s)) => {
            let name = v
                .policy
                .severities
                .get(&s)
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            format!("incident, severity {s}: {name}")
        }
        (Kind::Inquiry, _) => "inquiry, severity 3".into(),
        (k, _) => k.to_string(),
    }
}

fn who(v: &View) -> String {
    let (c, s) = (
        v.ticket.customer.as_deref().map(plain),
        v.ticket.service.as_deref().map(plain),
    );
    match (&c, &s) {
        (Some(c), Some(s)) => format!(" for {c}, {s}"),
        (Some(c), None) => format!(" for {c}"),
        (None, Some(s)) => format!(" on {s}"),
        (None, None) => String::new(),
    }
}

/// `; ref CASE-1`, or nothing.
fn ref_note(v: &View) -> String {
    v.ticket
        .reference
        .as_deref()
        .map_or_else(String::new, |r| format!("; ref {}", plain(r)))
}

/// The clock lines shared by `open`, the write commands and `status`.
/// Time to own is shown only where the policy sets it.
fn clock_rows(w: &mut impl Write, v: &View, now: DateTime<Utc>, style: &Style) -> io::Result<()> {
    let mut t = Grid::new(vec![
        Column::new("clock"),
        Column::new("state"),
        Column::new("target"),
        Column::new("deadline").wrap(12),
    ]);
    for (name, c) in v.eval.clocks() {
        if name == "own" && c.state == ClockState::None {
            continue;
        }
        let target = c.target_secs.map_or("-".into(), hours);
        let target = match (&c.figures, c.state) {
            (
                Figures::Update {
                    promised_at: Some(_),
                    ..
                },
                _,
            ) => "promised".into(),
            (Figures::Restore { .. }, _) if v.policy.severities.values().any(|_| true) => {
                let cal = v
                    .eval
                    .severity
                    .and_then(|s| v.policy.severities.get(&s))
                    .and_then(|t| t.restore.as_ref())
                    .map(|t| v.policy.calendar(t).name())
                    .filter(|n| *n != "24x7");
                match cal {
                    Some(n) if c.state != ClockState::None => format!("{target} ({n} hours)"),
                    _ => target,
                }
            }
            _ => target,
        };
        let tint = match c.state {
            ClockState::Met | ClockState::None => Tint::Dim,
            _ => style.tint(c),
        };
        t.push(vec![
            Cell::new(name),
            Cell::new(c.state.as_str()).tint(tint),
            Cell::new(target),
            Cell::new(clock_phrase(c, now, style)).tint(tint),
        ]);
    }
    t.write(w, style.width, style.color)
}

/// The clock rows, then the escalation line if there is one.
fn clocks_and_escalation(
    w: &mut impl Write,
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    clock_rows(w, v, now, style)?;
    match escalation_line(v, now, style) {
        Some(line) => style.line(w, &line),
        None => Ok(()),
    }
}

fn escalation_line(v: &View, now: DateTime<Utc>, style: &Style) -> Option<String> {
    if v.eval.state == TicketState::Resolved {
        return None;
    }
    let e = &v.eval.escalation;
    let level = match v.eval.escalation_level {
        0 => "not escalated".to_string(),
        l => format!("level {l}"),
    };
    let next = e.next_level?;
    let contact = e.contact.as_deref().unwrap_or_default();
    Some(match (e.due_at, e.due) {
        (Some(d), true) => format!(
            "escalation: {level}; level {next} ({contact}) is DUE since {} ({})",
            short(d, now, style.zone),
            relative(d, now)
        ),
        (Some(d), false) => format!(
            "escalation: {level}; level {next} ({contact}) due {} ({})",
            short(d, now, style.zone),
            relative(d, now)
        ),
        (None, _) if v.eval.state == TicketState::Waiting && v.ticket.kind == Kind::Incident => {
            format!(
                "escalation: {level}; next level {next} ({contact}), clock paused while waiting"
            )
        }
        (None, _) => {
            format!("escalation: {level}; next level {next} ({contact}) by hand only")
        }
    })
}

/// Who a ticket is, as every write command names it: `#12 VXC down in
/// Sydney (ACME)`, the title whole, the customer only when there is one.
pub fn head(v: &View) -> String {
    let mut line = format!("{} {}", v.ticket.id, plain(&v.ticket.title));
    if let Some(customer) = &v.ticket.customer {
        line.push_str(&format!(" ({})", plain(customer)));
    }
    line
}

/// `; service VXC-1234`, or nothing.
fn service_note(v: &View) -> String {
    v.ticket
        .service
        .as_deref()
        .map_or_else(String::new, |s| format!("; service {}", plain(s)))
}

/// `open`: the ticket, what it is, and its first deadlines.
pub fn opened(w: &mut impl Write, v: &View, style: &Style) -> io::Result<()> {
    let now = v.ticket.opened_at;
    let reported = v.ticket.reported_at;
    let mut when = format!("opened at {}", short(now, now, style.zone));
    if reported != now {
        when.push_str(&format!(" (reported {})", short(reported, now, style.zone)));
    }
    style.line(
        w,
        &format!(
            "{}: {when}; {}{}{}",
            head(v),
            kind_label(v),
            service_note(v),
            ref_note(v)
        ),
    )?;
    clocks_and_escalation(w, v, now, style)?;
    Ok(())
}

/// `open --ref` found the ticket already holding that ref, opened with the
/// same details: it is shown as of `now`, and nothing was recorded.
pub fn already_open(
    w: &mut impl Write,
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    let state = match (v.eval.state, v.eval.resolved_at) {
        (TicketState::Resolved, Some(r)) => format!("resolved {}", super::local(r, style.zone)),
        (s, _) => s.as_str().to_string(),
    };
    style.line(
        w,
        &format!(
            "{}: already opened; {}{}{}; {state}, reported {}; nothing new was recorded",
            head(v),
            kind_label(v),
            service_note(v),
            ref_note(v),
            super::local(v.ticket.reported_at, style.zone)
        ),
    )?;
    clocks_and_escalation(w, v, now, style)?;
    Ok(())
}

/// What an event did, after the ticket's name: `update recorded at 10:09`.
/// `at` is the event's local time.
fn event_phrase(e: &Event, v: &View, at: &str, style: &Style) -> String {
    match &e.kind {
        EventKind::Updated {
            next_update: Some(p),
        } => format!(
            "update recorded at {at}; next update promised by {}",
            super::local(*p, style.zone)
        ),
        EventKind::Updated { next_update: None } => format!("update recorded at {at}"),
        EventKind::Waiting => format!("waiting on the customer since {at}"),
        EventKind::Resumed => format!("resumed at {at}"),
        EventKind::Escalated { level } => {
            let contact = v.policy.level(*level).map_or("", |l| l.contact.as_str());
            format!("escalated to level {level} at {at}: contact {contact}")
        }
        EventKind::SeverityChanged { to } => {
            let name = v.policy.severities.get(to).map_or("", |t| t.name.as_str());
            format!("now severity {to}: {name}, since {at}")
        }
        EventKind::Resolved => format!("resolved at {at}"),
        EventKind::Reopened => format!("reopened at {at}"),
        EventKind::Note => format!("note added at {at}"),
        EventKind::Opened => format!("opened at {at}"),
        EventKind::PolicyApplied => format!("policy applied at {at}"),
        EventKind::Assigned { to } => format!("owned by {} since {at}", plain(to)),
        EventKind::Unassigned => format!("no owner since {at}"),
        EventKind::Edited { field } => {
            let t = &v.ticket;
            let now_holds = match field {
                Field::Title => Some(t.title.as_str()),
                Field::Customer => t.customer.as_deref(),
                Field::Service => t.service.as_deref(),
                Field::Ref => t.reference.as_deref(),
            };
            match now_holds {
                Some(value) => format!("{field} corrected to \"{}\" at {at}", plain(value)),
                None => format!("{field} corrected to none at {at}"),
            }
        }
        EventKind::Voided { .. } => {
            format!("void recorded at {at}; the clocks are judged without the event")
        }
    }
}

/// A write command's event: the ticket named, what was recorded and when
/// (local time), then the clocks as they stand now (not after a note,
/// which moves none).
pub fn recorded(
    w: &mut impl Write,
    e: &Event,
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    recorded_all(w, std::slice::from_ref(e), v, now, style)
}

/// What a write command prints when it recorded several events at once
/// (`update --resume`): a line for each, naming the ticket, then the
/// clocks once, as they stand after them all.
pub fn recorded_all(
    w: &mut impl Write,
    events: &[Event],
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    for e in events {
        let at = short(e.at, now, style.zone);
        style.line(
            w,
            &format!("{}: {}", head(v), event_phrase(e, v, &at, style)),
        )?;
    }
    // A note or a correction of a detail moves no clock.
    let quiet = |e: &Event| matches!(e.kind, EventKind::Note | EventKind::Edited { .. });
    if !events.iter().all(quiet) {
        clocks_and_escalation(w, v, now, style)?;
    }
    Ok(())
}

/// One ticket in full: clocks, escalation, and the timeline of `events`.
pub fn ticket(
    w: &mut impl Write,
    v: &View,
    timeline: &[TimelineEvent],
    now: DateTime<Utc>,
    style: &Style,
    explain: &[Trace],
) -> io::Result<()> {
    style.line(
        w,
        &format!(
            "{} {} ({}){}",
            v.ticket.id,
            plain(&v.ticket.title),
            kind_label(v),
            who(v)
        ),
    )?;
    let state = match (v.eval.state, v.eval.waiting_since, v.eval.resolved_at) {
        (TicketState::Waiting, Some(s), _) => format!(
            "waiting on the customer since {} ({})",
            short(s, now, style.zone),
            human((now - s).num_seconds())
        ),
        (TicketState::Resolved, _, Some(r)) => format!("resolved {}", super::local(r, style.zone)),
        (s, _, _) => s.as_str().to_string(),
    };
    let opened = v.ticket.reported_at;
    let owner = match &v.eval.owner {
        Some(o) => format!("owner {}", plain(o)),
        None => "no owner".into(),
    };
    style.line(
        w,
        &format!(
            "{state}; {owner}; reported {} ({} ago); policy version {}{}{}",
            super::local(opened, style.zone),
            human((now - opened).num_seconds()),
            v.ticket.policy_version,
            v.ticket
                .contract
                .as_deref()
                .map_or_else(String::new, |c| format!(", contract {}", plain(c))),
            ref_note(v)
        ),
    )?;
    writeln!(w)?;
    clocks_and_escalation(w, v, now, style)?;
    for tr in explain {
        trace(w, tr, now, style)?;
    }
    writeln!(w, "\ntimeline")?;
    let mut t = Grid::new(vec![
        Column::new("#"),
        Column::new("when"),
        Column::new("event"),
        Column::new("by").wrap(6),
        Column::new("details").wrap(12),
    ]);
    for e in timeline {
        let mut details: Vec<String> = vec![];
        if let Some(v) = &e.voided {
            let why = v
                .reason
                .as_deref()
                .map_or_else(String::new, |r| format!(": {}", plain(r)));
            details.push(format!(
                "VOIDED by {} at {} (event {}){why}",
                plain(&v.by),
                short(v.at, e.at, style.zone),
                v.number
            ));
        }
        match &e.kind {
            EventKind::Assigned { to } => details.push(format!("to {}", plain(to))),
            EventKind::Edited { field } => {
                let value = |x: &Option<String>| {
                    x.as_deref()
                        .map_or_else(|| "none".to_string(), |x| format!("{:?}", plain(x)))
                };
                details.push(format!(
                    "{field} {} → {}",
                    value(&e.old_value),
                    value(&e.new_value)
                ));
            }
            EventKind::Voided { .. } => {
                if let Some(n) = e.voids {
                    details.push(format!("voids event {n}"));
                }
            }
            _ => {}
        }
        if let Some(s) = e.severity {
            details.push(format!("severity {s}"));
        }
        if let Some(l) = e.level {
            details.push(format!("level {l}"));
        }
        if let Some(n) = e.next_update {
            details.push(format!("next update by {}", super::local(n, style.zone)));
        }
        if let Some(x) = &e.reason {
            details.push(format!("reason: {}", plain(x)));
        }
        if let Some(x) = &e.text {
            details.push(plain(x));
        }
        let kind = if e.voided.is_some() {
            format!("{} (void)", e.kind.as_str())
        } else {
            e.kind.as_str().to_string()
        };
        t.push(vec![
            e.number.to_string().into(),
            super::local(e.at, style.zone).into(),
            kind.into(),
            by_and_role(e).into(),
            details.join("; ").into(),
        ]);
    }
    t.write(w, style.width, style.color)
}

/// Who recorded an event: what `--by` said and, on PostgreSQL, the role
/// the server authenticated (`alice (role support_writer)`).
fn by_and_role(e: &TimelineEvent) -> String {
    match &e.db_user {
        Some(role) => format!("{} (role {})", plain(&e.by), plain(role)),
        None => plain(&e.by),
    }
}

/// How one deadline was reached: the business time counted, the pauses and
/// the holidays skipped.
fn trace(w: &mut impl Write, tr: &Trace, now: DateTime<Utc>, style: &Style) -> io::Result<()> {
    let z = style.zone;
    writeln!(w)?;
    style.line(
        w,
        &format!(
            "{}: {} on the {} calendar from {}",
            tr.clock,
            hours(tr.target_secs),
            tr.calendar,
            super::local(tr.start, z)
        ),
    )?;
    let mut total = 0;
    for (a, b) in &tr.counted {
        let secs = (*b - *a).num_seconds();
        total += secs;
        style.line(
            w,
            &format!(
                "  counted  {} - {}  {:>8}  (total {})",
                super::local(*a, z),
                short(*b, *a, z),
                hours(secs),
                hours(total)
            ),
        )?;
    }
    if tr.truncated {
        style.line(w, "  ...      (more intervals not shown)")?;
    }
    for (a, b) in &tr.pauses {
        match b {
            Some(b) => style.line(
                w,
                &format!(
                    "  paused   {} - {}  {:>8}",
                    super::local(*a, z),
                    short(*b, *a, z),
                    human((*b - *a).num_seconds())
                ),
            )?,
            None => style.line(
                w,
                &format!(
                    "  paused   {} - now ({})",
                    super::local(*a, z),
                    human((now - *a).num_seconds())
                ),
            )?,
        }
    }
    for h in &tr.holidays {
        style.line(w, &format!("  holiday  {h} (not counted)"))?;
    }
    match tr.deadline {
        Some(d) => style.line(w, &format!("  deadline {}", super::local(d, z))),
        None => style.line(w, "  deadline unknown while paused"),
    }
}

#[cfg(test)]
mod tests;
