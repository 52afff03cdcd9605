//! Between the store's plain rows and the typed values the sla core judges
//! and `output` renders (tickets, events, views, export records), and the
//! policy versions tickets are pinned to.

use std::collections::HashMap;
use std::rc::Rc;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::output::{EventRecord, TicketDetails, TimelineEvent, View, Voiding};
use crate::sla::{
    Event, EventKind, Policy, PolicyHistory, Repin, Severity, Ticket, Trace, evaluate_history,
    explain, instant, owners_before,
};
use crate::store::{ClockEvent, Correction, EventRow, NewEvent, Summary, TicketId, TicketRow, Tx};

pub fn ticket_of(row: &TicketRow) -> Ticket {
    Ticket {
        kind: row.kind,
        severity: row.severity.and_then(Severity::new),
        reported_at: instant(row.reported_at),
    }
}

/// A ticket's events (all of them, in order) as the sla core judges them,
/// each marked `voided` when a void in the list names it. This is where a
/// void is read; `sla`'s replay passes over what it marks, in one place.
pub fn events_of(events: &[ClockEvent]) -> Vec<Event> {
    let voided = voided_ids(events.iter().map(|e| &e.kind));
    events
        .iter()
        .map(|e| Event {
            at: instant(e.at),
            kind: e.kind.clone(),
            voided: voided.contains(&e.id),
        })
        .collect()
}

/// The ids of the events the voids among `kinds` name (few: voids are rare).
fn voided_ids<'a>(kinds: impl Iterator<Item = &'a EventKind>) -> Vec<i64> {
    kinds
        .filter_map(|k| match k {
            EventKind::Voided { event } => Some(*event),
            _ => None,
        })
        .collect()
}

/// Full event rows as the clocks see them.
pub fn clock_events(rows: &[EventRow]) -> Vec<ClockEvent> {
    rows.iter().map(EventRow::clock).collect()
}

/// What is fixed about a ticket, for the renderers: the ticket as its row
/// tells it, under the pin (version and contract) the events judged pinned
/// it to, so a ticket judged as it stood at an earlier instant (`--as-of`)
/// names the version and contract it was judged by then, not today's.
fn details_of(row: TicketRow, pin: Pin) -> TicketDetails {
    TicketDetails {
        kind: row.kind,
        id: row.id,
        title: row.title,
        customer: row.customer,
        service: row.service,
        reference: row.external_ref,
        reported_at: instant(row.reported_at),
        opened_at: instant(row.opened_at),
        policy_version: pin.version,
        contract: pin.contract,
    }
}

/// A ticket's events as its timeline shows them, numbered from 1 (the
/// opening event) in the log's order: `void ID N` names an event by that
/// number. The order is by time, then recording, and nothing may be
/// recorded before a ticket's last event (voids included), so a number
/// never changes once shown. A voided event carries who voided it, when
/// and why; a void, the number of the event it voids; an assignment, the
/// owner it took `ticket` from, as the events standing before it say.
pub fn timeline_of(ticket: &Ticket, rows: &[EventRow]) -> Vec<TimelineEvent> {
    let number_of = |id: i64| rows.iter().position(|r| r.id == id).map(|i| i + 1);
    let owners = owners_before(ticket, &events_of(&clock_events(rows)));
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let (e, data) = (&r.event, r.data());
            let voided = rows
                .iter()
                .enumerate()
                .find_map(|(j, v)| match v.event.kind {
                    EventKind::Voided { event } if event == r.id => Some(Voiding {
                        number: j + 1,
                        at: instant(v.event.at),
                        by: v.event.by.clone(),
                        reason: v.event.reason.clone(),
                    }),
                    _ => None,
                });
            let voids = match e.kind {
                EventKind::Voided { event } => number_of(event),
                _ => None,
            };
            TimelineEvent {
                number: i + 1,
                voids,
                voided,
                old_value: match e.kind {
                    EventKind::Assigned { .. } => owners.get(i).cloned().flatten(),
                    _ => e.old_value.clone(),
                },
                new_value: e.new_value.clone(),
                at: instant(e.at),
                recorded_at: instant(e.recorded_at),
                kind: e.kind.clone(),
                by: e.by.clone(),
                db_user: r.db_user.clone(),
                severity: data.severity,
                level: data.level,
                next_update: data.next_update.map(instant),
                reason: e.reason.clone(),
                text: e.text.clone(),
            }
        })
        .collect()
}

/// One event's row of `export --events`, as the log holds it, with the id
/// of the void that voided it, if one did.
pub fn event_record(row: EventRow, voided_by: Option<i64>) -> EventRecord {
    let data = row.data();
    let e = row.event;
    EventRecord {
        event_id: row.id,
        ticket_id: e.ticket.0,
        at: instant(e.at),
        recorded_at: instant(e.recorded_at),
        by: e.by,
        kind: e.kind.as_str().to_owned(),
        severity: data.severity,
        level: data.level,
        next_update: data.next_update.map(instant),
        reason: e.reason,
        text: e.text,
        owner: data.owner,
        field: data.field,
        old_value: e.old_value,
        new_value: e.new_value,
        voids: data.voids,
        voided_by,
        db_user: row.db_user,
        policy_version: e.policy_version,
        contract: e.contract,
    }
}

/// The store's columns for an sla event.
pub fn new_event(
    ticket: TicketId,
    event: &Event,
    recorded_at: DateTime<Utc>,
    by: &str,
) -> NewEvent {
    NewEvent {
        ticket,
        at: event.at.timestamp(),
        recorded_at: recorded_at.timestamp(),
        by: by.to_string(),
        kind: event.kind.clone(),
        reason: None,
        text: None,
        policy_version: None,
        old_value: None,
        new_value: None,
        contract: None,
    }
}

pub fn summary_of(s: &crate::sla::Summary) -> Summary {
    Summary {
        state: s.state,
        severity: s.severity.map(Severity::get),
        escalation_level: s.escalation_level,
        last_event_at: s.last_event_at.timestamp(),
        resolved_at: s.resolved_at.map(|t| t.timestamp()),
        owner: s.owner.clone(),
    }
}

pub fn policy_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Policy versions parsed once per command, by id. A command that walks
/// the tickets reads every version's text before it starts (`read_all`),
/// so that nothing reaches back into the store mid-walk; a version is
/// parsed when first used, and its effective policy under a contract is
/// merged once, when first asked for (`under`).
#[derive(Default)]
pub struct Policies {
    /// Texts read and not parsed yet.
    texts: HashMap<i64, String>,
    parsed: HashMap<i64, Rc<Policy>>,
    /// Effective policies by version and contract.
    contracts: HashMap<(i64, String), Rc<Policy>>,
}

impl Policies {
    /// Every stored version's text, read now.
    pub fn read_all(tx: &mut dyn Tx) -> Result<Policies> {
        Ok(Policies::unparsed(Policies::texts(tx)?))
    }

    /// Every stored version's id and text: what goes to a thread that
    /// judges apart from the transaction (`parsed`, `unparsed` there).
    pub fn texts(tx: &mut dyn Tx) -> Result<Vec<(i64, String)>> {
        Ok(tx
            .policy_versions()?
            .into_iter()
            .map(|v| (v.id, v.text))
            .collect())
    }

    /// Every version given, each parsed when a ticket first needs it: for
    /// work done apart from the transaction, where only the texts can go.
    pub fn unparsed(versions: impl IntoIterator<Item = (i64, String)>) -> Policies {
        Policies {
            texts: versions.into_iter().collect(),
            ..Policies::default()
        }
    }

    /// Every version given, parsed now: for work done apart from the
    /// transaction (another thread cannot share it).
    pub fn parsed(versions: impl IntoIterator<Item = (i64, String)>) -> Result<Policies> {
        let mut all = Policies::default();
        for (version, text) in versions {
            all.parsed.insert(version, Rc::new(parse(version, &text)?));
        }
        Ok(all)
    }

    /// A version, read from the log first if it was not read yet.
    pub fn get(&mut self, tx: &mut dyn Tx, version: i64) -> Result<Rc<Policy>> {
        if !self.parsed.contains_key(&version) && !self.texts.contains_key(&version) {
            let text = tx.policy_text(version)?;
            self.texts.insert(version, text);
        }
        self.loaded(version)
    }

    /// A version already read (by `read_all`, `parsed` or `get`).
    pub fn loaded(&mut self, version: i64) -> Result<Rc<Policy>> {
        if let Some(p) = self.parsed.get(&version) {
            return Ok(p.clone());
        }
        let text = self.texts.remove(&version).ok_or_else(|| {
            anyhow!(crate::msg!(
                "policy-version-missing",
                version = version.to_string()
            ))
        })?;
        let policy = Rc::new(parse(version, &text)?);
        self.parsed.insert(version, policy.clone());
        Ok(policy)
    }

    /// The effective policy of an already-read version under a contract
    /// (`None`: the version itself), merged once per (version, contract).
    pub fn under(&mut self, version: i64, contract: Option<&str>) -> Result<Rc<Policy>> {
        let base = self.loaded(version)?;
        let Some(name) = contract else {
            return Ok(base);
        };
        let key = (version, name.to_string());
        if let Some(p) = self.contracts.get(&key) {
            return Ok(p.clone());
        }
        let effective = Rc::new(base.effective(Some(name)).map_err(|e| {
            anyhow!(crate::msg!(
                "policy-version-no-contract",
                contract = crate::output::quoted(name),
                version = version.to_string(),
                error = e.to_string()
            ))
        })?);
        self.contracts.insert(key, effective.clone());
        Ok(effective)
    }

    /// `under`, reading the version from the log first if it was not read.
    pub fn get_under(
        &mut self,
        tx: &mut dyn Tx,
        version: i64,
        contract: Option<&str>,
    ) -> Result<Rc<Policy>> {
        self.get(tx, version)?;
        self.under(version, contract)
    }
}

fn parse(version: i64, text: &str) -> Result<Policy> {
    Policy::from_recorded(text).map_err(|e| {
        anyhow!(crate::msg!(
            "policy-version-unparsable",
            version = version.to_string(),
            error = e.to_string()
        ))
    })
}

/// What a ticket is judged under for a while: a policy version, and the
/// contract in it (None: the version's base policy).
#[derive(Debug, Clone, PartialEq)]
struct Pin {
    version: i64,
    contract: Option<String>,
}

/// The pins a ticket was judged under, read from the events given: it
/// opened under one, and each `policy` event (from `policy apply`) that
/// changed the version or the contract ended the one before. Returns the
/// earlier pins as `(re-pin instant, index of its event, pin)`, and the
/// pin in force after the last event given. With only the events recorded
/// by an instant (`--as-of`, a closed report period), that is the pin the
/// ticket had then, not the one it has today: each event carries the
/// contract it pinned (schema 10), so an earlier period keeps its contract
/// whatever `policy apply` chose later. (A re-pin cannot be voided, so
/// every `policy` event here is live.)
fn pins(row: &TicketRow, events: &[ClockEvent]) -> (Vec<(i64, usize, Pin)>, Pin) {
    let mut pin = match events.iter().find(|e| e.kind == EventKind::Opened) {
        Some(e) => Pin {
            version: e.policy_version.unwrap_or(row.policy_version),
            contract: e.contract.clone(),
        },
        None => Pin {
            version: row.policy_version,
            contract: row.contract.clone(),
        },
    };
    let mut earlier = vec![];
    for (i, e) in events.iter().enumerate() {
        if e.kind != EventKind::PolicyApplied {
            continue;
        }
        let next = Pin {
            version: e.policy_version.unwrap_or(pin.version),
            contract: e.contract.clone(),
        };
        if next != pin {
            earlier.push((e.at, i, std::mem::replace(&mut pin, next)));
        }
    }
    (earlier, pin)
}

/// The contract a ticket had after the events given (see `pins`): the one
/// its last pinning event pinned.
pub fn contract_then<'a>(row: &'a TicketRow, events: &'a [ClockEvent]) -> Option<&'a str> {
    match events.iter().rev().find(|e| e.kind.pins_policy()) {
        Some(e) => e.contract.as_deref(),
        None => row.contract.as_deref(),
    }
}

/// A detail's value after the events given (those recorded by an instant,
/// as `contract_then` reads them), as `edit` and `void` set it: the value
/// the ticket was opened with, then, in the order recorded, each of those
/// events that is one of `corrections` (that detail's, of this ticket, in
/// the order recorded) gives the value after it, and each void of one
/// the value before it. `now` is the detail's value now, which is the
/// value at opening where it was never corrected.
pub fn detail_then<'a>(
    now: Option<&'a str>,
    events: &[ClockEvent],
    corrections: &'a [Correction],
) -> Option<&'a str> {
    let Some(first) = corrections.first() else {
        return now;
    };
    let of = |id: i64| corrections.iter().find(|c| c.event == id);
    let mut changes: Vec<(i64, Option<&'a str>)> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Edited { .. } => of(e.id).map(|c| (e.id, c.new_value.as_deref())),
            EventKind::Voided { event } => of(event).map(|c| (e.id, c.old_value.as_deref())),
            _ => None,
        })
        .collect();
    // The events come by `at`; a detail changes in the order recorded.
    changes.sort_by_key(|(id, _)| *id);
    changes
        .last()
        .map_or(first.old_value.as_deref(), |(_, value)| *value)
}

/// Judges a ticket under the pins the events given record (see `pins`);
/// `policy_of` finds a version's effective policy under a contract. With
/// `traces`, also how each deadline was reached. The view names the
/// version and contract it was judged by.
pub fn judge(
    mut policy_of: impl FnMut(i64, Option<&str>) -> Result<Rc<Policy>>,
    row: TicketRow,
    events: &[ClockEvent],
    now: DateTime<Utc>,
    traces: bool,
) -> Result<(View, Vec<Trace>)> {
    let (earlier, pin) = pins(&row, events);
    let current = policy_of(pin.version, pin.contract.as_deref())?;
    // Each re-pin is placed by its event's index: the events are in the
    // order of recording, and `evaluate_history` is given the same list.
    let earlier = earlier
        .into_iter()
        .map(|(at, event, p)| {
            let repin = Repin {
                at: instant(at),
                event,
            };
            Ok((repin, policy_of(p.version, p.contract.as_deref())?))
        })
        .collect::<Result<Vec<_>>>()?;
    let history = PolicyHistory {
        current: &current,
        earlier: earlier
            .iter()
            .map(|(until, p)| (*until, p.as_ref()))
            .collect(),
    };
    let (ticket, events) = (ticket_of(&row), events_of(events));
    let (eval, traces) = if traces {
        explain(&history, &ticket, &events, now)
    } else {
        (evaluate_history(&history, &ticket, &events, now), vec![])
    };
    let view = View {
        ticket: details_of(row, pin),
        eval,
        policy: current,
    };
    Ok((view, traces))
}

/// Evaluates a ticket's row and events at `now` under its pinned policy,
/// with every version it needs already read (see `Policies`).
pub fn view_of(
    policies: &mut Policies,
    row: TicketRow,
    events: &[ClockEvent],
    now: DateTime<Utc>,
) -> Result<View> {
    Ok(judge(|v, c| policies.under(v, c), row, events, now, false)?.0)
}

/// A ticket judged at `now`, and its events in full.
pub fn load_view(
    policies: &mut Policies,
    tx: &mut dyn Tx,
    id: TicketId,
    now: DateTime<Utc>,
) -> Result<(View, Vec<EventRow>)> {
    let (row, events) = find_with_events(tx, id)?;
    let view = judged(policies, tx, row, &events, now)?;
    Ok((view, events))
}

/// A ticket's row and events judged at `now`, reading the policy versions
/// it needs that `policies` does not hold yet.
pub fn judged(
    policies: &mut Policies,
    tx: &mut dyn Tx,
    row: TicketRow,
    events: &[EventRow],
    now: DateTime<Utc>,
) -> Result<View> {
    let clocks = clock_events(events);
    let judged = judge(
        |v, c| policies.get_under(tx, v, c),
        row,
        &clocks,
        now,
        false,
    )?;
    Ok(judged.0)
}

/// The ticket and its events, or an error naming the most recent ids.
pub fn find_with_events(tx: &mut dyn Tx, id: TicketId) -> Result<(TicketRow, Vec<EventRow>)> {
    match tx.ticket_with_events(id)? {
        Some(found) => Ok(found),
        None => Err(missing(tx, id)),
    }
}

/// The ticket, or an error naming the most recent ids.
pub fn find(tx: &mut dyn Tx, id: TicketId) -> Result<TicketRow> {
    if let Some(row) = tx.ticket(id)? {
        return Ok(row);
    }
    Err(missing(tx, id))
}

/// The error for a ticket that is not in the log, naming the most recent.
fn missing(tx: &mut dyn Tx, id: TicketId) -> anyhow::Error {
    let recent = match tx.recent_ids(3) {
        Ok(recent) => recent,
        Err(e) => return e,
    };
    let recent: Vec<String> = recent.iter().map(|i| i.to_string()).collect();
    if recent.is_empty() {
        return anyhow!(crate::msg!("refuse-no-ticket-empty", id = id.to_string()));
    }
    anyhow!(crate::msg!(
        "refuse-no-ticket",
        id = id.to_string(),
        n = recent.len(),
        recent = recent
    ))
}
