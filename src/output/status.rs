//! A ticket's status, and what write commands print, for people: lines
//! and tables fitted to the terminal's width (the board is `board`'s).
//!
//! Its tests, which read back what a person sees, are in `status/tests.rs`.
//!
//! Over 600 lines: one ticket's lines, its clock table, its timeline and the
//! write commands' echoes share the same fitting to the width; split, each
//! would carry its own copy of it.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{ClockState, Event, EventKind, Field, Figures, Kind, TicketState, Trace};

use super::grid::{Cell, Column, Grid, Tint};
use super::{
    Style, TimelineEvent, View, clock_name, clock_phrase, clock_state, clock_time, date_full,
    date_short, due, event_name, field_name, kind_name, plain, severity_name, span, ticket_state,
};
use crate::i18n::Lang;
use crate::tr;

fn kind_label(v: &View, lang: Lang) -> String {
    match (v.ticket.kind, v.eval.severity) {
        (Kind::Incident, Some(s)) => {
            let name = v
                .policy
                .severities
                .get(&s)
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            tr!(
                lang,
                "kind-incident-severity",
                severity = s.to_string(),
                name = severity_name(lang, s.get(), name)
            )
        }
        (Kind::Inquiry, _) => tr!(lang, "kind-inquiry-severity"),
        (k, _) => kind_name(lang, k),
    }
}

fn who(v: &View, lang: Lang) -> String {
    let (c, s) = (
        v.ticket.customer.as_deref().map(plain),
        v.ticket.service.as_deref().map(plain),
    );
    match (c, s) {
        (Some(c), Some(s)) => tr!(lang, "who-customer-service", customer = c, service = s),
        (Some(c), None) => tr!(lang, "who-customer", customer = c),
        (None, Some(s)) => tr!(lang, "who-service", service = s),
        (None, None) => String::new(),
    }
}

/// `; ref CASE-1`, or nothing.
fn ref_note(v: &View, lang: Lang) -> String {
    v.ticket
        .reference
        .as_deref()
        .map_or_else(String::new, |r| tr!(lang, "note-ref", reference = plain(r)))
}

/// The clock lines shared by `open`, the write commands and `status`.
/// Time to own is shown only where the policy sets it.
fn clock_rows(w: &mut impl Write, v: &View, now: DateTime<Utc>, style: &Style) -> io::Result<()> {
    let lang = style.lang;
    let headings = [
        tr!(lang, "clocks-col-clock"),
        tr!(lang, "clocks-col-state"),
        tr!(lang, "clocks-col-target"),
    ];
    let mut rows: Vec<[Cell; 4]> = vec![];
    // The widest of each of the first three columns, headings included.
    let mut widest = headings.clone().map(|h| super::text::width(&h));
    for (name, c) in v.eval.clocks() {
        if name == "own" && c.state == ClockState::None {
            continue;
        }
        let target = c.target_secs.map_or("-".into(), |t| clock_time(lang, t));
        let target = match (&c.figures, c.state) {
            (
                Figures::Update {
                    promised_at: Some(_),
                    ..
                },
                _,
            ) => tr!(lang, "clocks-promised"),
            // Labelled by the calendar it is counted on, as `policy show`
            // labels the target in its table.
            (_, state) if state != ClockState::None => match &c.calendar {
                Some(calendar) => tr!(
                    lang,
                    "target-calendar",
                    target = target,
                    calendar = calendar.to_string()
                ),
                None => target,
            },
            _ => target,
        };
        let tint = match c.state {
            ClockState::Met | ClockState::None => Tint::Dim,
            _ => style.tint(c),
        };
        let name = match lang {
            // The clock's code, as `--format json` names it.
            Lang::En => name.to_string(),
            _ => clock_name(lang, name),
        };
        let state = clock_state(lang, c.state);
        for (most, text) in widest.iter_mut().zip([&name, &state, &target]) {
            *most = (*most).max(super::text::width(text));
        }
        rows.push([
            Cell::new(name),
            Cell::new(state).tint(tint),
            Cell::new(target),
            Cell::new(clock_phrase(c, now, style)).tint(tint),
        ]);
    }
    // A target such as `48h (business hours)` is kept on one line while
    // the deadline beside it still has 12 columns; on a narrower terminal
    // it breaks after its figure, as the deadline does between its words.
    let whole = widest.iter().sum::<usize>() + 3 * 2 + 12;
    // The narrowest table with every clock's name whole: the target and the
    // deadline wrapped to 9 columns.
    let names_whole = widest[0] + widest[1] + widest[2].min(9) + 9 + 3 * 2;
    let [clock, state, target] = headings;
    let (clock, target) = (Column::new(clock), Column::new(target));
    // A clock's name wraps only where even that would not fit: 「復旧までの
    // 時間」 is 14 columns of a 40-column terminal.
    let (clock, target) = match style.width {
        Some(width) if width < names_whole => (clock.wrap(8), target.wrap(9)),
        Some(width) if width < whole => (clock, target.wrap(9)),
        _ => (clock, target),
    };
    let mut t = Grid::new(vec![
        clock,
        Column::new(state),
        target,
        Column::new(tr!(lang, "clocks-col-deadline")).wrap(9),
    ]);
    for row in rows {
        t.push(row);
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
    let lang = style.lang;
    let e = &v.eval.escalation;
    let level = match v.eval.escalation_level {
        0 => tr!(lang, "escalation-none"),
        l => tr!(lang, "escalation-level", level = l),
    };
    // How far it climbed is said however the ticket stands; what comes
    // next, only while something can.
    if v.eval.state == TicketState::Resolved {
        return (v.eval.escalation_level > 0)
            .then(|| tr!(lang, "escalation-reached", level = level));
    }
    let Some(next) = e.next_level else {
        return (v.eval.escalation_level > 0).then(|| tr!(lang, "escalation-top", level = level));
    };
    let contact = e.contact.as_deref().unwrap_or_default().to_string();
    Some(match (e.due_at, e.due) {
        (Some(d), true) => tr!(
            lang,
            "escalation-due-since",
            level = level,
            next = next,
            contact = contact,
            when = date_short(lang, d, now, style.zone),
            due = due(lang, d, now)
        ),
        (Some(d), false) => tr!(
            lang,
            "escalation-due",
            level = level,
            next = next,
            contact = contact,
            when = date_short(lang, d, now, style.zone),
            due = due(lang, d, now)
        ),
        (None, _) if v.eval.state == TicketState::Waiting && v.ticket.kind == Kind::Incident => {
            tr!(
                lang,
                "escalation-paused",
                level = level,
                next = next,
                contact = contact
            )
        }
        (None, _) => tr!(
            lang,
            "escalation-by-hand",
            level = level,
            next = next,
            contact = contact
        ),
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
fn service_note(v: &View, lang: Lang) -> String {
    v.ticket.service.as_deref().map_or_else(String::new, |s| {
        tr!(lang, "note-service", service = plain(s))
    })
}

/// `open`: the ticket, what it is, and its first deadlines.
pub fn opened(w: &mut impl Write, v: &View, style: &Style) -> io::Result<()> {
    let lang = style.lang;
    let now = v.ticket.opened_at;
    let reported = v.ticket.reported_at;
    let at = date_short(lang, now, now, style.zone);
    let when = if reported != now {
        tr!(
            lang,
            "opened-reported",
            at = at,
            reported = date_short(lang, reported, now, style.zone)
        )
    } else {
        tr!(lang, "opened-at", at = at)
    };
    style.line(
        w,
        &tr!(
            lang,
            "opened-line",
            head = head(v),
            when = when,
            kind = kind_label(v, lang),
            notes = format!("{}{}", service_note(v, lang), ref_note(v, lang))
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
    let lang = style.lang;
    let state = match (v.eval.state, v.eval.resolved_at) {
        (TicketState::Resolved, Some(r)) => {
            tr!(
                lang,
                "state-resolved-at",
                when = date_full(lang, r, style.zone)
            )
        }
        (s, _) => ticket_state(lang, s),
    };
    style.line(
        w,
        &tr!(
            lang,
            "already-opened",
            head = head(v),
            kind = kind_label(v, lang),
            notes = format!("{}{}", service_note(v, lang), ref_note(v, lang)),
            state = state,
            reported = date_full(lang, v.ticket.reported_at, style.zone)
        ),
    )?;
    clocks_and_escalation(w, v, now, style)?;
    Ok(())
}

/// What an event did, after the ticket's name: `update recorded at 10:09`.
/// `at` is the event's local time.
/// `voided` is the event a void names, as the timeline shows it: the
/// void's line names it (number, kind, time, the start of its text), so a
/// void of the wrong event is seen at once.
fn event_phrase(e: &Event, before: Before, v: &View, now: DateTime<Utc>, style: &Style) -> String {
    let lang = style.lang;
    let at = date_short(lang, e.at, now, style.zone);
    match &e.kind {
        EventKind::Updated {
            next_update: Some(p),
        } => tr!(
            lang,
            "did-update-promise",
            at = at,
            promise = date_full(lang, *p, style.zone)
        ),
        EventKind::Updated { next_update: None } => tr!(lang, "did-update", at = at),
        EventKind::Waiting => tr!(lang, "did-wait", at = at),
        EventKind::Resumed => tr!(lang, "did-resume", at = at),
        EventKind::Escalated { level } => {
            let contact = v.policy.level(*level).map_or("", |l| l.contact.as_str());
            tr!(
                lang,
                "did-escalate",
                level = *level,
                at = at,
                contact = contact.to_string()
            )
        }
        EventKind::SeverityChanged { to } => {
            let name = v.policy.severities.get(to).map_or("", |t| t.name.as_str());
            tr!(
                lang,
                "did-severity",
                severity = to.to_string(),
                name = severity_name(lang, to.get(), name),
                at = at
            )
        }
        EventKind::Resolved => tr!(lang, "did-resolve", at = at),
        EventKind::Reopened => tr!(lang, "did-reopen", at = at),
        EventKind::Note => tr!(lang, "did-note", at = at),
        EventKind::Opened => tr!(lang, "did-open", at = at),
        EventKind::PolicyApplied => tr!(lang, "did-policy", at = at),
        EventKind::Assigned { to } => match before.owner.filter(|o| o != to) {
            Some(from) => tr!(
                lang,
                "did-assign-from",
                owner = plain(to),
                at = at,
                from = plain(from)
            ),
            None => tr!(lang, "did-assign", owner = plain(to), at = at),
        },
        EventKind::Unassigned => tr!(lang, "did-unassign", at = at),
        EventKind::Edited { field } => {
            let now_holds = detail_now(v, *field);
            let field = field_name(lang, *field);
            match now_holds {
                Some(value) => tr!(
                    lang,
                    "did-edit",
                    field = field,
                    value = plain(value),
                    at = at
                ),
                None => tr!(lang, "did-edit-none", field = field, at = at),
            }
        }
        EventKind::Voided { .. } => match before.voided {
            Some(x) => {
                // The start of what it said, on one line: its text, else
                // the reason a person wrote (an escalation's is a choice
                // of three, not words).
                let reason = match x.kind {
                    EventKind::Escalated { .. } => None,
                    _ => x.reason.as_deref(),
                };
                let said = x.text.as_deref().or(reason).map(|t| {
                    let words = plain(t).split_whitespace().collect::<Vec<_>>().join(" ");
                    tr!(
                        lang,
                        "did-void-text",
                        text = super::text::cut(&words, VOID_TEXT)
                    )
                });
                tr!(
                    lang,
                    "did-void",
                    number = x.number.to_string(),
                    event = event_name(lang, &x.kind),
                    when = date_short(lang, x.at, now, style.zone),
                    text = said.unwrap_or_default(),
                    at = at,
                    after = undone(x, v, lang)
                )
            }
            None => tr!(lang, "did-void-unnamed", at = at),
        },
    }
}

/// What a detail of the ticket holds now.
fn detail_now(v: &View, field: Field) -> Option<&str> {
    let t = &v.ticket;
    match field {
        Field::Title => Some(t.title.as_str()),
        Field::Customer => t.customer.as_deref(),
        Field::Service => t.service.as_deref(),
        Field::Ref => t.reference.as_deref(),
    }
}

/// What voiding `x` gave back, said after the void (`; service is back to
/// none`): a correction's detail, an assignment's owner, as the ticket
/// now holds them; then, unless `x` is of a kind that never moved a
/// clock (a note, a correction, an unassignment), that the clocks are
/// judged without it.
fn undone(x: &TimelineEvent, v: &View, lang: Lang) -> String {
    let mut said = match &x.kind {
        EventKind::Edited { field } => {
            let name = field_name(lang, *field);
            match detail_now(v, *field) {
                Some(value) => tr!(lang, "did-void-back", field = name, value = plain(value)),
                None => tr!(lang, "did-void-back-none", field = name),
            }
        }
        EventKind::Assigned { .. } | EventKind::Unassigned => match &v.eval.owner {
            Some(owner) => tr!(lang, "did-void-owner", owner = plain(owner)),
            None => tr!(lang, "did-void-no-owner"),
        },
        _ => String::new(),
    };
    if !crate::sla::moves_no_clock(&x.kind) {
        said.push_str(&tr!(lang, "did-void-clocks"));
    }
    said
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
    recorded_all(w, std::slice::from_ref(e), Before::default(), v, now, style)
}

/// What an echo tells of the ticket as it stood before the events it
/// names: the event a void among them names, as the ticket's timeline
/// shows it, and who owned the ticket (whom an assignment took it from).
#[derive(Debug, Clone, Copy, Default)]
pub struct Before<'a> {
    pub voided: Option<&'a TimelineEvent>,
    pub owner: Option<&'a str>,
}

/// How many columns of a voided event's text the void's line shows.
const VOID_TEXT: usize = 32;

/// What a write command prints when it recorded several events at once
/// (`update --resume`): a line for each, naming the ticket, then the
/// clocks once, as they stand after them all. `before` says what the
/// ticket was before them: the event a void among them names, the owner
/// an assignment took it from.
pub fn recorded_all(
    w: &mut impl Write,
    events: &[Event],
    before: Before,
    v: &View,
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    for e in events {
        style.line(
            w,
            &format!("{}: {}", head(v), event_phrase(e, before, v, now, style)),
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
    let (lang, zone) = (style.lang, style.zone);
    style.line(
        w,
        &format!(
            "{} {} ({}){}{}",
            v.ticket.id,
            plain(&v.ticket.title),
            kind_label(v, lang),
            if v.ticket.customer.is_some() || v.ticket.service.is_some() {
                " "
            } else {
                ""
            },
            who(v, lang)
        ),
    )?;
    let state = match (v.eval.state, v.eval.waiting_since, v.eval.resolved_at) {
        (TicketState::Waiting, Some(s), _) => tr!(
            lang,
            "state-waiting-since",
            when = date_short(lang, s, now, zone),
            span = span(lang, (now - s).num_seconds())
        ),
        (TicketState::Resolved, _, Some(r)) => {
            tr!(lang, "state-resolved-at", when = date_full(lang, r, zone))
        }
        (s, _, _) => ticket_state(lang, s),
    };
    let opened = v.ticket.reported_at;
    let owner = match &v.eval.owner {
        Some(o) => tr!(lang, "owner-is", owner = plain(o)),
        None => tr!(lang, "owner-none"),
    };
    let contract = v.ticket.contract.as_deref().map_or_else(String::new, |c| {
        tr!(lang, "note-contract", contract = plain(c))
    });
    style.line(
        w,
        &tr!(
            lang,
            "ticket-facts",
            state = state,
            owner = owner,
            reported = date_full(lang, opened, zone),
            ago = match (now - opened).num_seconds() {
                ..=0 => tr!(lang, "ago-now"),
                secs => tr!(lang, "ago", span = span(lang, secs)),
            },
            version = v.ticket.policy_version.to_string(),
            notes = format!("{contract}{}", ref_note(v, lang))
        ),
    )?;
    writeln!(w)?;
    clocks_and_escalation(w, v, now, style)?;
    for tr in explain {
        trace(w, tr, now, style)?;
    }
    writeln!(w, "\n{}", tr!(lang, "timeline"))?;
    let mut rows: Vec<[Cell; 5]> = vec![];
    // The widest number, time and event, headings included.
    let (when, event) = (
        tr!(lang, "timeline-col-when"),
        tr!(lang, "timeline-col-event"),
    );
    let mut widest = [1, super::text::width(&when), super::text::width(&event)];
    for e in timeline {
        let mut details: Vec<String> = vec![];
        if let Some(v) = &e.voided {
            let why = v.reason.as_deref().map_or_else(String::new, |r| {
                tr!(lang, "timeline-voided-why", reason = plain(r))
            });
            details.push(tr!(
                lang,
                "timeline-voided",
                by = plain(&v.by),
                when = date_short(lang, v.at, e.at, zone),
                number = v.number.to_string(),
                why = why
            ));
        }
        // Back-dated: when it reached the log, which may be after figures
        // were read from it (a closed month's report).
        if (e.recorded_at - e.at).num_seconds() > super::view::RECORDED_LATE_SECS {
            details.push(tr!(
                lang,
                "timeline-recorded",
                when = date_short(lang, e.recorded_at, e.at, zone)
            ));
        }
        match &e.kind {
            EventKind::Assigned { to } => details.push(match &e.old_value {
                Some(from) if from != to => tr!(
                    lang,
                    "timeline-to-from",
                    owner = plain(to),
                    from = plain(from)
                ),
                _ => tr!(lang, "timeline-to", owner = plain(to)),
            }),
            EventKind::Edited { field } => {
                let value = |x: &Option<String>| {
                    x.as_deref()
                        .map_or_else(|| tr!(lang, "timeline-none"), super::quoted)
                };
                details.push(format!(
                    "{} {} → {}",
                    field_name(lang, *field),
                    value(&e.old_value),
                    value(&e.new_value)
                ));
            }
            EventKind::Voided { .. } => {
                if let Some(n) = e.voids {
                    details.push(tr!(lang, "timeline-voids", number = n.to_string()));
                }
            }
            _ => {}
        }
        if let Some(s) = e.severity {
            details.push(tr!(lang, "timeline-severity", severity = s));
        }
        if let Some(l) = e.level {
            details.push(tr!(lang, "timeline-level", level = l));
        }
        if let Some(n) = e.next_update {
            details.push(tr!(
                lang,
                "timeline-next-update",
                when = date_full(lang, n, zone)
            ));
        }
        if let Some(x) = &e.reason {
            let reason = super::reason_said(lang, &e.kind, x);
            details.push(tr!(lang, "timeline-reason", reason = reason));
        }
        if let Some(text) = super::text_said(lang, e) {
            details.push(text);
        }
        let kind = if e.voided.is_some() {
            tr!(
                lang,
                "timeline-void-event",
                event = event_name(lang, &e.kind)
            )
        } else {
            event_name(lang, &e.kind)
        };
        let (number, at) = (e.number.to_string(), date_full(lang, e.at, zone));
        for (most, text) in widest.iter_mut().zip([&number, &at, &kind]) {
            *most = (*most).max(super::text::width(text));
        }
        rows.push([
            number.into(),
            at.into(),
            kind.into(),
            by_and_role(e, lang).into(),
            details.join(&tr!(lang, "list-separator")).into(),
        ]);
    }
    // The time and the event are kept on one line while `by` and the
    // details beside them still have 6 and 12 columns; on a narrower
    // terminal the date and the time of day take a line each, and an
    // event's name (`escalated (void)`, 「エスカレーション」) wraps.
    let whole = widest.iter().sum::<usize>() + 6 + 12 + 4 * 2;
    let (when, event) = (Column::new(when), Column::new(event));
    let (when, event) = match style.width {
        Some(width) if width < whole => (when.wrap(10), event.wrap(7)),
        _ => (when, event),
    };
    let mut t = Grid::new(vec![
        Column::new("#"),
        when,
        event,
        Column::new(tr!(lang, "timeline-col-by")).wrap(6),
        Column::new(tr!(lang, "timeline-col-details")).wrap(8),
    ]);
    for row in rows {
        t.push(row);
    }
    t.write(w, style.width, style.color)
}

/// Who recorded an event: what `--by` said and, on PostgreSQL, the role
/// the server authenticated (`alice (role support_writer)`).
fn by_and_role(e: &TimelineEvent, lang: Lang) -> String {
    match &e.db_user {
        Some(role) => tr!(lang, "by-role", by = plain(&e.by), role = plain(role)),
        None => plain(&e.by),
    }
}

mod trace;
use trace::trace;

#[cfg(test)]
mod tests;
