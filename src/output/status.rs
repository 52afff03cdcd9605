//! A ticket's status, the board of open tickets, and what write commands
//! print, as tables for people and JSON for scripts.
//!
//! Over 600 lines with its tests: the renderers are under 500; the tests
//! beside them read back what a person sees.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use comfy_table::Cell;

use crate::model::TicketId;
use crate::sla::{ClockState, Event, EventKind, Field, Figures, Kind, TicketState, Trace};

use super::grid::{Grid, Tint};
use super::{Style, TimelineEvent, View, clock_phrase, human, relative, short};

/// Text from users as it may reach a terminal: line breaks and tabs become
/// spaces and other control characters (escape sequences included) become
/// U+FFFD, so a pasted title can neither break a table nor drive the terminal.
pub fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

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
    let mut t = style.table();
    t.set_header(["clock", "state", "target", "deadline"]);
    for (name, c) in v.eval.clocks() {
        if name == "own" && c.state == ClockState::None {
            continue;
        }
        let target = c.target_secs.map_or("-".into(), human);
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
        let risk = style.at_risk(c);
        t.add_row(vec![
            Cell::new(name),
            style.state_cell(c.state.as_str().to_string(), c.state, risk),
            Cell::new(target),
            style.state_cell(clock_phrase(c, now, style.zone), c.state, risk),
        ]);
    }
    writeln!(w, "{t}")
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
        Some(line) => writeln!(w, "{line}"),
        None => Ok(()),
    }
}

fn escalation_line(v: &View, now: DateTime<Utc>, style: &Style) -> Option<String> {
    if v.eval.state == TicketState::Resolved {
        return None;
    }
    let e = &v.eval.escalation;
    let level = v.eval.escalation_level;
    let next = e.next_level?;
    let contact = e.contact.as_deref().unwrap_or_default();
    Some(match (e.due_at, e.due) {
        (Some(d), true) => format!(
            "escalation: level {level}; level {next} ({contact}) is DUE since {} ({})",
            short(d, now, style.zone),
            relative(d, now)
        ),
        (Some(d), false) => format!(
            "escalation: level {level}; level {next} ({contact}) due {} ({})",
            short(d, now, style.zone),
            relative(d, now)
        ),
        (None, _) if v.eval.state == TicketState::Waiting && v.ticket.kind == Kind::Incident => {
            format!(
                "escalation: level {level}; next level {next} ({contact}), clock paused while waiting"
            )
        }
        (None, _) => {
            format!("escalation: level {level}; next level {next} ({contact}) by hand only")
        }
    })
}

pub fn opened(w: &mut impl Write, id: TicketId, v: &View, style: &Style) -> io::Result<()> {
    let now = v.ticket.opened_at;
    writeln!(
        w,
        "Opened {id}: {} ({}){}{}",
        plain(&v.ticket.title),
        kind_label(v),
        who(v),
        ref_note(v)
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
    writeln!(
        w,
        "Already open as {}: {} ({}){}{}; {state}, reported {}; nothing new was recorded",
        v.ticket.id,
        plain(&v.ticket.title),
        kind_label(v),
        who(v),
        ref_note(v),
        super::local(v.ticket.reported_at, style.zone)
    )?;
    clocks_and_escalation(w, v, now, style)?;
    Ok(())
}

pub fn recorded(
    w: &mut impl Write,
    id: TicketId,
    e: &Event,
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    recorded_all(w, id, std::slice::from_ref(e), v, now, style)
}

/// What a write command prints when it recorded several events at once
/// (`update --resume`, an `edit` of several details): a line for each,
/// then the clocks once, as they stand after them all.
pub fn recorded_all(
    w: &mut impl Write,
    id: TicketId,
    events: &[Event],
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    for e in events {
        writeln!(w, "{}", recorded_line(id, e, v, now, style))?;
    }
    // A note or a correction of a detail moves no clock.
    let quiet = |e: &Event| matches!(e.kind, EventKind::Note | EventKind::Edited { .. });
    if !events.iter().all(quiet) {
        clocks_and_escalation(w, v, now, style)?;
    }
    Ok(())
}

/// The line that says what one event recorded.
fn recorded_line(id: TicketId, e: &Event, v: &View, now: DateTime<Utc>, style: &Style) -> String {
    let at = short(e.at, now, style.zone);
    match &e.kind {
        EventKind::Updated {
            next_update: Some(p),
        } => format!(
            "Update recorded on {id} at {at}; next update promised by {}",
            super::local(*p, style.zone)
        ),
        EventKind::Updated { next_update: None } => format!("Update recorded on {id} at {at}"),
        EventKind::Waiting => format!("{id} is waiting on the customer since {at}"),
        EventKind::Resumed => format!("{id} resumed at {at}"),
        EventKind::Escalated { level } => {
            let contact = v.policy.level(*level).map_or("", |l| l.contact.as_str());
            format!("{id} escalated to level {level} at {at}: contact {contact}")
        }
        EventKind::SeverityChanged { to } => format!("{id} is now severity {to} (since {at})"),
        EventKind::Resolved => format!("{id} resolved at {at}"),
        EventKind::Reopened => format!("{id} reopened at {at}"),
        EventKind::Note => format!("Note added to {id}"),
        EventKind::Assigned { to } => format!("{id} is owned by {} (since {at})", plain(to)),
        EventKind::Unassigned => format!("{id} has no owner (since {at})"),
        EventKind::Edited { field } => {
            let t = &v.ticket;
            let now_holds = match field {
                Field::Title => Some(t.title.as_str()),
                Field::Customer => t.customer.as_deref(),
                Field::Service => t.service.as_deref(),
                Field::Ref => t.reference.as_deref(),
            };
            match now_holds {
                Some(value) => format!("{id}: {field} corrected to \"{}\"", plain(value)),
                None => format!("{id}: {field} corrected to none"),
            }
        }
        EventKind::Voided { .. } => {
            format!("Void recorded on {id} at {at}; the clocks are judged without the event")
        }
        EventKind::Opened | EventKind::PolicyApplied => format!("Recorded on {id}"),
    }
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
    writeln!(
        w,
        "{} {} ({}){}",
        v.ticket.id,
        plain(&v.ticket.title),
        kind_label(v),
        who(v)
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
    writeln!(
        w,
        "{state}; {owner}; reported {} ({} ago); policy version {}{}",
        super::local(opened, style.zone),
        human((now - opened).num_seconds()),
        v.ticket.policy_version,
        ref_note(v)
    )?;
    writeln!(w)?;
    clocks_and_escalation(w, v, now, style)?;
    for tr in explain {
        trace(w, tr, now, style)?;
    }
    writeln!(w, "\ntimeline")?;
    let mut t = style.table();
    t.set_header(["#", "when", "event", "by", "details"]);
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
        t.add_row(vec![
            e.number.to_string(),
            super::local(e.at, style.zone),
            kind,
            plain(&e.by),
            details.join("; "),
        ]);
    }
    writeln!(w, "{t}")
}

/// The board: one line per ticket, most urgent first.
pub fn board(
    w: &mut impl Write,
    views: &[View],
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    if views.is_empty() {
        return writeln!(w, "No open tickets.");
    }
    // The ref column only when a ticket shown has one: a board without
    // refs looks as it always did.
    let refs = views.iter().any(|v| v.ticket.reference.is_some());
    // Time to own only where a ticket shown has that target.
    let owns = views
        .iter()
        .any(|v| v.eval.clocks.own.state != ClockState::None);
    let mut header = vec!["id", "sev", "title", "customer", "owner"];
    if refs {
        header.push("ref");
    }
    header.extend(["state", "response", "update", "restore"]);
    if owns {
        header.push("own");
    }
    header.push("escalation");
    let mut grid = Grid::new(header);
    let resolved_dim = |v: &View, t: Tint| {
        if v.eval.state == TicketState::Resolved {
            Tint::Dim
        } else {
            t
        }
    };
    for v in views {
        let sev = match (v.ticket.kind, v.eval.severity) {
            (Kind::Incident, Some(s)) => s.to_string(),
            (Kind::Provisioning, _) => "prov".into(),
            (Kind::Inquiry, _) => "inq".into(),
            _ => "-".into(),
        };
        let mut title = plain(&v.ticket.title);
        if title.chars().count() > 40 {
            title = title.chars().take(39).collect::<String>() + "…";
        }
        let plain_cell = |text: String| (text, resolved_dim(v, Tint::Plain));
        let mut row = vec![
            plain_cell(v.ticket.id.0.to_string()),
            plain_cell(sev),
            plain_cell(title),
            plain_cell(v.ticket.customer.as_deref().map_or("-".into(), plain)),
            plain_cell(v.eval.owner.as_deref().map_or("-".into(), plain)),
        ];
        if refs {
            let mut reference = v.ticket.reference.as_deref().map_or("-".into(), plain);
            if reference.chars().count() > 24 {
                reference = reference.chars().take(23).collect::<String>() + "…";
            }
            row.push(plain_cell(reference));
        }
        row.push(plain_cell(v.eval.state.as_str().to_string()));
        for (name, c) in v.eval.clocks() {
            if name == "own" && !owns {
                continue;
            }
            let tint = match c.state {
                ClockState::Breached => Tint::Red,
                ClockState::Running if style.at_risk(c) => Tint::Yellow,
                _ => Tint::Plain,
            };
            row.push((clock_phrase(c, now, style.zone), resolved_dim(v, tint)));
        }
        let e = &v.eval.escalation;
        let esc = match (e.next_level, e.due_at) {
            _ if v.eval.state == TicketState::Resolved => format!("L{}", v.eval.escalation_level),
            (Some(n), Some(_)) if e.due => format!("L{} -> L{n} DUE", v.eval.escalation_level),
            (Some(n), Some(d)) => {
                format!("L{} -> L{n} {}", v.eval.escalation_level, relative(d, now))
            }
            _ => format!("L{}", v.eval.escalation_level),
        };
        row.push((
            esc,
            resolved_dim(v, if e.due { Tint::Yellow } else { Tint::Plain }),
        ));
        grid.push(row);
    }
    grid.write(w, style.color)
}

/// How one deadline was reached: the business time counted, the pauses and
/// the holidays skipped.
fn trace(w: &mut impl Write, tr: &Trace, now: DateTime<Utc>, style: &Style) -> io::Result<()> {
    let z = style.zone;
    writeln!(
        w,
        "\n{}: {} on the {} calendar from {}",
        tr.clock,
        human(tr.target_secs),
        tr.calendar,
        super::local(tr.start, z)
    )?;
    let mut total = 0;
    for (a, b) in &tr.counted {
        let secs = (*b - *a).num_seconds();
        total += secs;
        writeln!(
            w,
            "  counted  {} - {}  {:>8}  (total {})",
            super::local(*a, z),
            short(*b, *a, z),
            human(secs),
            human(total)
        )?;
    }
    if tr.truncated {
        writeln!(w, "  ...      (more intervals not shown)")?;
    }
    for (a, b) in &tr.pauses {
        match b {
            Some(b) => writeln!(
                w,
                "  paused   {} - {}  {:>8}",
                super::local(*a, z),
                short(*b, *a, z),
                human((*b - *a).num_seconds())
            )?,
            None => writeln!(
                w,
                "  paused   {} - now ({})",
                super::local(*a, z),
                human((now - *a).num_seconds())
            )?,
        }
    }
    for h in &tr.holidays {
        writeln!(w, "  holiday  {h} (not counted)")?;
    }
    match tr.deadline {
        Some(d) => writeln!(w, "  deadline {}", super::local(d, z)),
        None => writeln!(w, "  deadline unknown while paused"),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::output::TicketDetails;
    use crate::sla::{AT_RISK_PERCENT, Policy, Severity, Ticket, Tz, evaluate};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn event(when: &str, kind: EventKind) -> TimelineEvent {
        TimelineEvent {
            number: 1,
            at: at(when),
            kind,
            by: "alice".into(),
            severity: None,
            level: None,
            next_update: None,
            reason: None,
            text: None,
            old_value: None,
            new_value: None,
            voids: None,
            voided: None,
        }
    }

    /// A severity 1 incident reported at 00:00 with nothing since, judged `now`.
    fn severity_1(now: DateTime<Utc>) -> View {
        let reported = at("2026-11-24T00:00:00Z");
        let policy = Policy::default_policy();
        let sla_ticket = Ticket {
            kind: Kind::Incident,
            severity: Some(Severity::S1),
            reported_at: reported,
        };
        View {
            ticket: TicketDetails {
                id: TicketId(7),
                kind: Kind::Incident,
                title: "VXC down".into(),
                customer: Some("ACME".into()),
                service: None,
                reference: None,
                reported_at: reported,
                opened_at: reported,
                policy_version: 1,
            },
            eval: evaluate(&policy, &sla_ticket, &[], now),
            policy: Rc::new(policy),
        }
    }

    #[test]
    fn the_timeline_shows_each_event_with_what_was_recorded_with_it() {
        let now = at("2026-11-24T00:30:00Z");
        let view = severity_1(now);
        let promised = at("2026-11-24T01:00:00Z");
        let timeline = [
            TimelineEvent {
                severity: Some(1),
                text: Some("line\nbreak".into()),
                ..event("2026-11-24T00:00:00Z", EventKind::Opened)
            },
            TimelineEvent {
                next_update: Some(promised),
                ..event(
                    "2026-11-24T00:10:00Z",
                    EventKind::Updated {
                        next_update: Some(promised),
                    },
                )
            },
            TimelineEvent {
                level: Some(1),
                reason: Some("customer".into()),
                ..event("2026-11-24T00:20:00Z", EventKind::Escalated { level: 1 })
            },
        ];
        let style = Style {
            color: false,
            zone: Tz::UTC,
            warn_at: AT_RISK_PERCENT,
        };
        let mut out = vec![];
        ticket(&mut out, &view, &timeline, now, &style, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().skip_while(|l| *l != "timeline").collect();
        let row = |word: &str| {
            lines
                .iter()
                .find(|l| l.contains(word))
                .unwrap_or_else(|| panic!("no {word} row:\n{text}"))
                .to_string()
        };
        let opened = row("opened");
        assert!(opened.contains("2026-11-24 00:00 UTC"), "{opened}");
        assert!(opened.contains("alice"), "{opened}");
        assert!(opened.contains("severity 1; line break"), "{opened}");
        let updated = row("updated");
        assert!(
            updated.contains("next update by 2026-11-24 01:00 UTC"),
            "{updated}"
        );
        assert!(row("escalated").contains("level 1; reason: customer"));
    }

    #[test]
    fn the_timeline_numbers_events_and_shows_corrections_and_owners() {
        let now = at("2026-11-24T00:30:00Z");
        let view = severity_1(now);
        let timeline = [
            event("2026-11-24T00:00:00Z", EventKind::Opened),
            TimelineEvent {
                number: 2,
                voided: Some(crate::output::Voiding {
                    number: 4,
                    at: at("2026-11-24T00:20:00Z"),
                    by: "bob".into(),
                    reason: Some("wrong ticket".into()),
                }),
                ..event(
                    "2026-11-24T00:05:00Z",
                    EventKind::Assigned { to: "carol".into() },
                )
            },
            TimelineEvent {
                number: 3,
                old_value: Some("VXC down".into()),
                new_value: Some("VXC down in Sydney".into()),
                ..event(
                    "2026-11-24T00:10:00Z",
                    EventKind::Edited {
                        field: Field::Title,
                    },
                )
            },
            TimelineEvent {
                number: 4,
                voids: Some(2),
                reason: Some("wrong ticket".into()),
                by: "bob".into(),
                ..event("2026-11-24T00:20:00Z", EventKind::Voided { event: 11 })
            },
        ];
        let style = Style {
            color: false,
            zone: Tz::UTC,
            warn_at: AT_RISK_PERCENT,
        };
        let mut out = vec![];
        ticket(&mut out, &view, &timeline, now, &style, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "timeline")
            .skip(3)
            .map(str::trim)
            .collect();
        assert!(rows[0].starts_with("1 "), "{text}");
        assert!(
            rows[1].starts_with("2 ")
                && rows[1].contains("assigned (void)")
                && rows[1].contains("VOIDED by bob at 00:20 (event 4): wrong ticket; to carol"),
            "{text}"
        );
        assert!(
            rows[2].contains("edited")
                && rows[2].contains("title \"VXC down\" → \"VXC down in Sydney\""),
            "{text}"
        );
        assert!(
            rows[3].starts_with("4 ") && rows[3].contains("voids event 2; reason: wrong ticket"),
            "{text}"
        );
        assert!(text.contains("open; no owner; reported"), "{text}");
    }

    #[test]
    fn a_clock_is_shown_at_risk_from_the_style_s_threshold() {
        // At 00:09 the response clock has used 60% of its 15 minutes.
        let now = at("2026-11-24T00:09:00Z");
        let v = severity_1(now);
        let yellow = |warn_at: u8| {
            let style = Style {
                color: true,
                zone: Tz::UTC,
                warn_at,
            };
            let (mut board_out, mut ticket_out) = (vec![], vec![]);
            board(&mut board_out, std::slice::from_ref(&v), now, &style).unwrap();
            ticket(&mut ticket_out, &v, &[], now, &style, &[]).unwrap();
            let board_text = String::from_utf8(board_out).unwrap();
            let ticket_text = String::from_utf8(ticket_out).unwrap();
            // The grid's yellow, and comfy-table's.
            (
                board_text.contains("\x1b[33m"),
                ticket_text.contains("\x1b[38;5;11m"),
            )
        };
        assert_eq!(yellow(50), (true, true));
        assert_eq!(yellow(60), (true, true));
        assert_eq!(yellow(AT_RISK_PERCENT), (false, false));
    }
}
