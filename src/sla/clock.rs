//! The SLA clocks of one ticket, evaluated at an instant.
//!
//! `evaluate` replays a ticket's events up to `now` and judges the initial
//! response, the update cadence, the time to restore and the escalation
//! schedule against the ticket's policy. Every figure is computed from the
//! events each time: nothing is stored, so the answer as of any past instant
//! is the answer that was true then.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::calendar::Calendar;
use super::history::{Key, PolicyHistory, now_key};
use super::policy::{ClockKind, Policy, SeverityChange};
use super::replay::{OPEN, Replay, replay};
use super::ticket::{Event, Ticket};
use super::{Kind, Severity, TicketState, instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockState {
    /// Not started yet (the update clock before the first update).
    Pending,
    Running,
    /// Stopped while waiting on the customer; the deadline is not known.
    Paused,
    Met,
    Breached,
    /// The clock does not apply to this ticket.
    None,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Pending => "pending",
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
            ClockState::None => "none",
        }
    }
}

/// One clock's figures. Instants are UTC, durations whole seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clock {
    pub state: ClockState,
    pub target_secs: Option<i64>,
    pub deadline: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Running: left now (negative once breached). Stopped: left when it
    /// stopped. Paused: left when it paused. Counted on the clock's calendar.
    pub remaining_secs: Option<i64>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The figures that belong to one clock only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figures {
    Update {
        /// Intervals that ended late, or are still open past their deadline.
        missed: u32,
        longest_gap_secs: Option<i64>,
        /// The written promise that sets the current interval's deadline.
        promised_at: Option<DateTime<Utc>>,
    },
    Restore {
        counted_secs: Option<i64>,
        /// Wall-clock time spent waiting on the customer while the clock ran.
        waiting_secs: Option<i64>,
    },
    Response {},
}

impl Clock {
    fn none(figures: Figures) -> Clock {
        Clock {
            state: ClockState::None,
            target_secs: None,
            deadline: None,
            stopped_at: None,
            remaining_secs: None,
            figures,
        }
    }

    /// Whether a running clock has used at least `percent` of its target.
    pub fn at_risk(&self, percent: u8) -> bool {
        match (self.state, self.target_secs, self.remaining_secs) {
            (ClockState::Running, Some(t), Some(r)) if t > 0 => {
                (t - r) * 100 >= t * i64::from(percent)
            }
            _ => false,
        }
    }

    pub fn missed(&self) -> u32 {
        match self.figures {
            Figures::Update { missed, .. } => missed,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clocks {
    pub response: Clock,
    pub update: Clock,
    pub restore: Clock,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Escalation {
    /// The level the ticket would climb to next; none at the top of the path.
    pub next_level: Option<u8>,
    /// When the next level falls due by the policy's thresholds.
    pub due_at: Option<DateTime<Utc>>,
    pub due: bool,
    pub contact: Option<String>,
}

/// Everything slaclock knows about a ticket at one instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub state: TicketState,
    pub severity: Option<Severity>,
    pub escalation_level: u8,
    pub resolved_at: Option<DateTime<Utc>>,
    pub waiting_since: Option<DateTime<Utc>>,
    pub clocks: Clocks,
    pub escalation: Escalation,
}

impl Evaluation {
    pub fn clocks(&self) -> [(&'static str, &Clock); 3] {
        [
            ("response", &self.clocks.response),
            ("update", &self.clocks.update),
            ("restore", &self.clocks.restore),
        ]
    }

    pub fn breached(&self) -> bool {
        self.clocks()
            .iter()
            .any(|(_, c)| c.state == ClockState::Breached)
    }

    /// The earliest deadline of a clock still running: what to work on next.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.clocks()
            .iter()
            .filter(|(_, c)| matches!(c.state, ClockState::Running | ClockState::Breached))
            .filter(|(_, c)| c.stopped_at.is_none())
            .filter_map(|(_, c)| c.deadline)
            .min()
    }
}

/// How one clock's deadline was reached, for people to check by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub clock: &'static str,
    pub calendar: String,
    pub start: DateTime<Utc>,
    pub target_secs: i64,
    /// Waiting (or resolved) periods not counted; `None` end: still going.
    pub pauses: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// Business time counted, up to the deadline (or the stop, or now).
    pub counted: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub holidays: Vec<chrono::NaiveDate>,
    pub deadline: Option<DateTime<Utc>>,
    /// The list of intervals was cut short.
    pub truncated: bool,
}

const TRACE_LIMIT: usize = 40;

fn trace_of(clock: &'static str, span: &Span, stop: Option<i64>, now: i64) -> Trace {
    let deadline = span.deadline();
    // Up to the deadline, or the stop if it came first, or now while paused.
    let end = match (deadline, stop) {
        (Some(d), Some(s)) => d.min(s),
        (Some(d), None) => d,
        (None, Some(s)) => s,
        (None, None) => now,
    };
    let ex = span.calendar.explain(span.start, end, TRACE_LIMIT);
    let mut counted = vec![];
    for (a, b) in ex.intervals {
        // Split each business interval around the pauses.
        let mut from = a;
        for &(p, q) in &span.pauses {
            if q <= from || p >= b {
                continue;
            }
            if p > from {
                counted.push((instant(from), instant(p)));
            }
            from = from.max(q.min(b));
        }
        if b > from {
            counted.push((instant(from), instant(b)));
        }
    }
    Trace {
        clock,
        calendar: span.calendar.name().to_string(),
        start: instant(span.start),
        target_secs: span.target,
        // A pause held open by a stop (resolved while waiting) ends there.
        pauses: span
            .pauses
            .iter()
            .map(|&(a, b)| {
                (
                    instant(a),
                    opt_instant(if b == OPEN { stop } else { Some(b) }),
                )
            })
            .collect(),
        counted,
        holidays: ex.holidays,
        deadline: opt_instant(deadline),
        truncated: ex.truncated,
    }
}

fn opt_instant(s: Option<i64>) -> Option<DateTime<Utc>> {
    s.filter(|s| *s != OPEN).map(instant)
}

/// A stretch of counting: from `start`, `target` seconds on `calendar`,
/// skipping `pauses` (sorted, disjoint; an open pause ends at `OPEN`).
struct Span<'a> {
    calendar: &'a Calendar,
    start: i64,
    target: i64,
    pauses: Vec<(i64, i64)>,
}

impl Span<'_> {
    /// Business seconds counted from the start up to `t`.
    fn counted(&self, t: i64) -> i64 {
        let mut total = self.calendar.count_secs(self.start, t);
        for &(a, b) in &self.pauses {
            total -= self.calendar.count_secs(a.max(self.start), b.min(t));
        }
        total
    }

    /// When the target is reached; `None` while an open pause holds it.
    /// A pause that begins at the very instant the target is reached holds
    /// the clock (with nothing left): the deadline has not yet passed then.
    fn deadline(&self) -> Option<i64> {
        let (mut cursor, mut left) = (self.start, self.target);
        for &(a, b) in &self.pauses {
            if b <= cursor {
                continue;
            }
            let got = self.calendar.count_secs(cursor, a);
            if got >= left {
                let reached = self.calendar.add_secs(cursor, left);
                if reached < a {
                    return Some(reached);
                }
            }
            left -= got.min(left);
            if b == OPEN {
                return None;
            }
            cursor = cursor.max(b);
        }
        Some(self.calendar.add_secs(cursor, left))
    }

    /// State, deadline and remaining of a clock stopped at `stop` (if any).
    fn judge(&self, stop: Option<i64>, now: i64) -> (ClockState, Option<i64>, i64) {
        let deadline = self.deadline();
        let remaining = self.target - self.counted(stop.unwrap_or(now));
        let state = match (stop, deadline) {
            (Some(e), Some(d)) if e > d => ClockState::Breached,
            (Some(_), _) => ClockState::Met,
            (None, Some(d)) if now > d => ClockState::Breached,
            (None, Some(_)) => ClockState::Running,
            (None, None) => ClockState::Paused,
        };
        (state, deadline, remaining)
    }
}

/// `pauses` of a clock that stopped while paused since `held` (if it did):
/// that pause never ends, so no deadline after it was ever in force, and
/// the figures stay as they stood when it began.
fn hold(pauses: Vec<(i64, i64)>, held: Option<i64>, start: i64) -> Vec<(i64, i64)> {
    let Some(h) = held.map(|h| h.max(start)) else {
        return pauses;
    };
    let mut out: Vec<(i64, i64)> = pauses
        .into_iter()
        .filter(|(a, _)| *a < h)
        .map(|(a, b)| (a, b.min(h)))
        .collect();
    out.push((h, OPEN));
    out
}

/// Sorts and merges pauses, keeping only what lies in `[from, to)`.
fn clip(pauses: &[(i64, i64)], from: i64, to: i64) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = pauses
        .iter()
        .map(|&(a, b)| (a.max(from), if to == OPEN { b } else { b.min(to) }))
        .filter(|(a, b)| b > a)
        .collect();
    out.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(out.len());
    for (a, b) in out {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// In restart mode, where a clock counts from and under which severity:
/// each severity change restarts it from the change, unless it was already
/// past its deadline then. A restart never erases a breach that has
/// happened: a breached clock keeps its start, severity (so target and
/// calendar) and deadline. `deadline` gives the deadline of a baseline.
fn restart_baseline<'c>(
    changes: impl IntoIterator<Item = &'c (Key, Severity)>,
    start: i64,
    severity: Option<Severity>,
    deadline: impl Fn(i64, Option<Severity>) -> Option<i64>,
) -> (i64, Option<Severity>) {
    let (mut start, mut severity) = (start, severity);
    for &((at, _), to) in changes {
        if deadline(start, severity).is_some_and(|d| at > d) {
            break;
        }
        start = at;
        severity = Some(to);
    }
    (start, severity)
}

/// Judges a ticket's clocks at `now` from the events recorded up to `now`.
///
/// `events` are in the order they were recorded (by time); events after `now`
/// are ignored, which is how the board "as of" a past instant is drawn.
pub fn evaluate(
    policy: &Policy,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_inner(&PolicyHistory::only(policy), ticket, events, now, None)
}

/// `evaluate` for a ticket re-pinned to newer policies (`policy apply`).
pub fn evaluate_history(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> Evaluation {
    evaluate_inner(history, ticket, events, now, None)
}

/// `evaluate`, plus how the response, restore and current update deadlines
/// were reached.
pub fn explain(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
) -> (Evaluation, Vec<Trace>) {
    let mut traces = vec![];
    let e = evaluate_inner(history, ticket, events, now, Some(&mut traces));
    (e, traces)
}

fn evaluate_inner(
    history: &PolicyHistory,
    ticket: &Ticket,
    events: &[Event],
    now: DateTime<Utc>,
    mut traces: Option<&mut Vec<Trace>>,
) -> Evaluation {
    // The store keeps events in time order and never before the report; a
    // damaged or hand-made log is put in that shape rather than trusted
    // (each event keeping its place in the order of recording).
    let in_shape = events.first().is_none_or(|e| e.at >= ticket.reported_at)
        && events.windows(2).all(|w| w[0].at <= w[1].at);
    let owned: Vec<Event>;
    let mut places: Vec<usize> = vec![];
    let events = if in_shape {
        &events[..events.partition_point(|e| e.at <= now)]
    } else {
        places = (0..events.len())
            .filter(|i| events[*i].at >= ticket.reported_at && events[*i].at <= now)
            .collect();
        places.sort_by_key(|i| events[*i].at);
        owned = places.iter().map(|i| events[*i].clone()).collect();
        &owned
    };
    let seq = |i: usize| if in_shape { i } else { places[i] };
    let now_s = now.timestamp();
    let now_k = now_key(now_s);
    let r = replay(history, ticket, events, seq, now_s);
    let summary = &r.summary;
    let reported = ticket.reported_at.timestamp();
    let resolved_at = summary.resolved_at.map(|t| t.timestamp());

    // Retroactive: judged as if the ticket had always had today's severity.
    // Restart: counted again from the last change that found the clock
    // within its target.
    let response = {
        let stop_key = r.first_stop;
        let stop = stop_key.map(|k| k.0);
        let policy = history.at(stop_key.unwrap_or(now_k));
        let pauses_from = |start: i64| {
            if policy.pauses.response {
                clip(&r.waits, start, stop.unwrap_or(OPEN))
            } else {
                vec![]
            }
        };
        let (start, sev) = if policy.severity_change == SeverityChange::Restart {
            let before_stop = r
                .severity_changes
                .iter()
                .filter(|(k, _)| stop_key.is_none_or(|s| *k < s));
            restart_baseline(before_stop, reported, ticket.severity, |start, sev| {
                let t = policy.target(ticket.kind, sev, ClockKind::Response)?;
                Span {
                    calendar: policy.calendar(t),
                    start,
                    target: t.secs,
                    pauses: pauses_from(start),
                }
                .deadline()
            })
        } else {
            (reported, summary.severity)
        };
        match policy.target(ticket.kind, sev, ClockKind::Response) {
            None => Clock::none(Figures::Response {}),
            Some(t) => {
                let held = r.first_stop_held.filter(|_| policy.pauses.response);
                let span = Span {
                    calendar: policy.calendar(t),
                    start,
                    target: t.secs,
                    pauses: hold(pauses_from(start), held, start),
                };
                let (state, deadline, remaining) = span.judge(stop, now_s);
                if let Some(tr) = traces.as_deref_mut() {
                    tr.push(trace_of("response", &span, stop, now_s));
                }
                Clock {
                    state,
                    target_secs: Some(t.secs),
                    deadline: opt_instant(deadline),
                    stopped_at: opt_instant(stop),
                    remaining_secs: Some(remaining),
                    figures: Figures::Response {},
                }
            }
        }
    };

    let update = judge_updates(
        history,
        ticket,
        &r,
        resolved_at,
        now_s,
        traces.as_deref_mut(),
    );

    // The restore clock and the escalation schedule count the same time,
    // under the policy in force when the ticket was resolved (or now).
    let policy = history.at(r.resolve.unwrap_or(now_k));
    let mut base_pauses = r.resolved.clone();
    if resolved_at.is_some() {
        base_pauses.pop(); // the final resolve is the stop, not a pause
    }
    if policy.pauses.restore {
        base_pauses.extend_from_slice(&r.waits);
    }
    let pauses_from = |start: i64| clip(&base_pauses, start, resolved_at.unwrap_or(OPEN));
    let (restore_start, restore_severity) = if policy.severity_change == SeverityChange::Restart {
        restart_baseline(
            &r.severity_changes,
            reported,
            ticket.severity,
            |start, sev| {
                let t = policy.target(ticket.kind, sev, ClockKind::Restore)?;
                Span {
                    calendar: policy.calendar(t),
                    start,
                    target: t.secs,
                    pauses: pauses_from(start),
                }
                .deadline()
            },
        )
    } else {
        (reported, summary.severity)
    };
    let held = r.resolve_held.filter(|_| policy.pauses.restore);
    let restore_pauses = hold(pauses_from(restore_start), held, restore_start);
    let restore_target = policy.target(ticket.kind, restore_severity, ClockKind::Restore);
    let restore_calendar = restore_target.map_or(&Calendar::Always, |t| policy.calendar(t));
    let restore = match restore_target {
        None => Clock::none(Figures::Restore {
            counted_secs: None,
            waiting_secs: None,
        }),
        Some(t) => {
            let span = Span {
                calendar: restore_calendar,
                start: restore_start,
                target: t.secs,
                pauses: restore_pauses.clone(),
            };
            let end = resolved_at.unwrap_or(now_s);
            let (state, deadline, remaining) = span.judge(resolved_at, now_s);
            if let Some(tr) = traces {
                tr.push(trace_of("restore", &span, resolved_at, now_s));
            }
            let waiting: i64 = clip(&r.waits, restore_start, end)
                .iter()
                .map(|(a, b)| b.min(&end) - a)
                .sum();
            Clock {
                state,
                target_secs: Some(t.secs),
                deadline: opt_instant(deadline),
                stopped_at: opt_instant(resolved_at),
                remaining_secs: Some(remaining),
                figures: Figures::Restore {
                    counted_secs: Some(span.counted(end)),
                    waiting_secs: Some(waiting),
                },
            }
        }
    };

    let next_level = summary.escalation_level + 1;
    let next = policy.level(next_level);
    let threshold = match (ticket.kind, summary.severity, next) {
        (Kind::Incident, Some(sev), Some(level)) => level.after.get(&sev).copied(),
        _ => None,
    };
    let due_at = threshold.and_then(|secs| {
        Span {
            calendar: restore_calendar,
            start: restore_start,
            target: secs,
            pauses: restore_pauses.clone(),
        }
        .deadline()
    });
    // A resolved ticket owes no escalation: keep a due time only if it fell
    // while the ticket was still open (a climb that was missed).
    let due_at = due_at.filter(|d| resolved_at.is_none_or(|r| *d <= r));
    let escalation = Escalation {
        next_level: next.map(|_| next_level),
        due_at: opt_instant(due_at),
        due: resolved_at.is_none() && due_at.is_some_and(|d| d <= now_s),
        contact: next.map(|l| l.contact.clone()),
    };

    Evaluation {
        state: summary.state,
        severity: summary.severity,
        escalation_level: summary.escalation_level,
        resolved_at: summary.resolved_at,
        waiting_since: summary.waiting_since.map(|i| events[i].at),
        clocks: Clocks {
            response,
            update,
            restore,
        },
        escalation,
    }
}

fn judge_updates(
    history: &PolicyHistory,
    ticket: &Ticket,
    r: &Replay,
    resolved_at: Option<i64>,
    now: i64,
    traces: Option<&mut Vec<Trace>>,
) -> Clock {
    let policy = history.at(now_key(now));
    let applies = match ticket.kind {
        Kind::Provisioning => policy.provisioning.update.is_some(),
        _ => Severity::ALL.iter().any(|s| {
            policy
                .target(ticket.kind, Some(*s), ClockKind::Update)
                .is_some()
        }),
    };
    let empty = Figures::Update {
        missed: 0,
        longest_gap_secs: None,
        promised_at: None,
    };
    if !applies {
        return Clock::none(empty);
    }

    // Judge every interval: (deadline, target, remaining at its end or now).
    let mut missed = 0u32;
    let mut last = None;
    let mut last_trace = None;
    for iv in &r.intervals {
        let end = iv.end.unwrap_or(now);
        let policy = history.at(iv.end_key.unwrap_or(now_key(now)));
        let Some(t) = policy.target(ticket.kind, iv.severity, ClockKind::Update) else {
            continue;
        };
        let (deadline, target, remaining) = match iv.promise {
            Some(p) => {
                if traces.is_some() {
                    last_trace = Some(Trace {
                        clock: "update",
                        calendar: "written promise (no pause moves it) on the 24x7".into(),
                        start: instant(iv.start),
                        target_secs: p - iv.start,
                        pauses: vec![],
                        counted: vec![(instant(iv.start), instant(p.min(end).max(iv.start)))],
                        holidays: vec![],
                        deadline: Some(instant(p)),
                        truncated: false,
                    });
                }
                (Some(p), p - iv.start, p - end)
            }
            None => {
                let (pauses, held) = if policy.pauses.update {
                    (clip(&r.waits, iv.start, iv.end.unwrap_or(OPEN)), iv.held)
                } else {
                    (vec![], None)
                };
                let span = Span {
                    calendar: policy.calendar(t),
                    start: iv.start,
                    target: t.secs,
                    pauses: hold(pauses, held, iv.start),
                };
                if traces.is_some() {
                    last_trace = Some(trace_of("update", &span, iv.end, now));
                }
                (span.deadline(), t.secs, t.secs - span.counted(end))
            }
        };
        if deadline.is_some_and(|d| end > d) {
            missed += 1;
        }
        last = Some((iv, deadline, target, remaining));
    }

    if let (Some(tr), Some(last)) = (traces, last_trace) {
        tr.push(last);
    }
    // The customer's wait between updates, leaving out time the ticket lay
    // resolved (the update clock was stopped then).
    let open_time = |a: i64, b: i64| {
        let stopped: i64 = r
            .resolved
            .iter()
            .map(|&(x, y)| (y.min(b) - x.max(a)).max(0))
            .sum();
        b - a - stopped
    };
    let mut gaps: Vec<i64> = r
        .updates
        .windows(2)
        .map(|w| open_time(w[0], w[1]))
        .collect();
    if let Some(&u) = r.updates.last() {
        gaps.push(open_time(u, resolved_at.unwrap_or(now)));
    }
    let longest_gap_secs = gaps.into_iter().max();

    let Some((iv, deadline, target, remaining)) = last else {
        let state = if resolved_at.is_some() {
            ClockState::Met
        } else {
            ClockState::Pending
        };
        return Clock {
            state,
            stopped_at: opt_instant(resolved_at),
            ..Clock::none(Figures::Update {
                missed: 0,
                longest_gap_secs,
                promised_at: None,
            })
        };
    };
    let state = match (iv.end, deadline) {
        (Some(_), _) if missed > 0 => ClockState::Breached,
        (Some(_), _) => ClockState::Met,
        (None, Some(d)) if now > d => ClockState::Breached,
        (None, Some(_)) => ClockState::Running,
        (None, None) => ClockState::Paused,
    };
    Clock {
        state,
        target_secs: Some(target),
        deadline: opt_instant(deadline),
        stopped_at: opt_instant(resolved_at),
        remaining_secs: Some(remaining),
        figures: Figures::Update {
            missed,
            longest_gap_secs,
            promised_at: opt_instant(iv.promise),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::t;
    use super::super::{EventKind, Refusal, Repin, check_event};
    use super::*;

    const T0: &str = "2026-11-24T00:00:00Z"; // Tuesday 10:00 in Brisbane

    fn at(minutes: i64) -> DateTime<Utc> {
        t(T0) + chrono::Duration::minutes(minutes)
    }

    fn ev(minutes: i64, kind: EventKind) -> Event {
        Event {
            at: at(minutes),
            kind,
        }
    }

    fn update(minutes: i64) -> Event {
        ev(minutes, EventKind::Updated { next_update: None })
    }

    fn promise(minutes: i64, next: i64) -> Event {
        ev(
            minutes,
            EventKind::Updated {
                next_update: Some(at(next)),
            },
        )
    }

    fn ticket(kind: Kind, severity: Option<u8>) -> Ticket {
        Ticket {
            kind,
            severity: severity.and_then(Severity::new),
            reported_at: t(T0),
        }
    }

    fn incident(sev: u8) -> Ticket {
        ticket(Kind::Incident, Some(sev))
    }

    fn eval(tk: &Ticket, events: &[Event], now_minutes: i64) -> Evaluation {
        evaluate(&Policy::default_policy(), tk, events, at(now_minutes))
    }

    fn restart_policy() -> Policy {
        let text = super::super::DEFAULT_POLICY.replace(
            "severity_change = \"retroactive\"",
            "severity_change = \"restart\"",
        );
        text.parse().unwrap()
    }

    #[test]
    fn the_seed_table_for_each_kind() {
        // (ticket, response deadline, update due after a first update at +10m, restore deadline)
        let cases = [
            (incident(1), at(15), Some(at(40)), Some(at(6 * 60))),
            (incident(2), at(15), Some(at(70)), Some(at(24 * 60))),
            // 48 business hours from Tuesday 10:00: Wednesday 2 December 10:00 in Brisbane.
            (
                incident(3),
                at(30),
                Some(at(10 + 240)),
                Some(t("2026-12-02T10:00:00+10:00")),
            ),
            (ticket(Kind::Inquiry, Some(3)), at(30), Some(at(250)), None),
        ];
        for (tk, response, update_due, restore) in cases {
            let e = eval(&tk, &[], 5);
            assert_eq!(e.clocks.response.deadline, Some(response), "{tk:?}");
            assert_eq!(e.clocks.response.state, ClockState::Running);
            assert_eq!(e.clocks.update.state, ClockState::Pending);
            assert_eq!(e.clocks.restore.deadline, restore, "{tk:?}");
            let e = eval(&tk, &[update(10)], 11);
            assert_eq!(e.clocks.response.state, ClockState::Met);
            assert_eq!(e.clocks.update.deadline, update_due, "{tk:?}");
        }
        let inquiry = eval(&ticket(Kind::Inquiry, Some(3)), &[], 5);
        assert_eq!(inquiry.clocks.restore.state, ClockState::None);
        let prov = eval(&ticket(Kind::Provisioning, None), &[update(10)], 20);
        for (name, c) in prov.clocks() {
            assert_eq!(c.state, ClockState::None, "{name}");
            assert_eq!(c.deadline, None);
        }
    }

    #[test]
    fn provisioning_targets_come_from_the_policy() {
        let text = super::super::DEFAULT_POLICY.replace(
            "name = \"Provisioning\"",
            "name = \"Provisioning\"\nresponse = \"1h\"\nupdate = \"1d\"",
        );
        let p: Policy = text.parse().unwrap();
        let e = evaluate(&p, &ticket(Kind::Provisioning, None), &[], at(5));
        assert_eq!(e.clocks.response.deadline, Some(at(60)));
        assert_eq!(e.clocks.restore.state, ClockState::None);
        assert_eq!(e.escalation.due_at, None);
    }

    #[test]
    fn response_met_late_and_still_open() {
        let tk = incident(1);
        let met = eval(&tk, &[update(10)], 60).clocks.response;
        assert_eq!(
            (met.state, met.stopped_at, met.remaining_secs),
            (ClockState::Met, Some(at(10)), Some(300))
        );
        let late = eval(&tk, &[update(20)], 60).clocks.response;
        assert_eq!(
            (late.state, late.remaining_secs),
            (ClockState::Breached, Some(-300))
        );
        let exactly = eval(&tk, &[update(15)], 60).clocks.response;
        assert_eq!(exactly.state, ClockState::Met);
        let running = eval(&tk, &[], 15).clocks.response;
        assert_eq!(
            (running.state, running.remaining_secs),
            (ClockState::Running, Some(0))
        );
        let overdue = eval(&tk, &[], 16).clocks.response;
        assert_eq!(
            (overdue.state, overdue.remaining_secs),
            (ClockState::Breached, Some(-60))
        );
    }

    #[test]
    fn response_is_not_paused_by_waiting() {
        let e = eval(&incident(1), &[ev(5, EventKind::Waiting)], 30);
        assert_eq!(e.clocks.response.deadline, Some(at(15)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
    }

    #[test]
    fn missed_updates_are_counted_once_per_interval() {
        let tk = incident(1);
        // Due 00:40; at 00:45 the open interval is past its deadline.
        let open_late = eval(&tk, &[update(10)], 45).clocks.update;
        assert_eq!(
            (open_late.state, open_late.missed()),
            (ClockState::Breached, 1)
        );
        assert_eq!(open_late.remaining_secs, Some(-300));
        // The late update at 00:50 closes it (missed); the next is due 01:20.
        let e = eval(&tk, &[update(10), update(50)], 60).clocks.update;
        assert_eq!(
            (e.state, e.missed(), e.deadline),
            (ClockState::Running, 1, Some(at(80)))
        );
        // Resolved afterwards with nothing else missed: breached, because one was.
        let done = eval(
            &tk,
            &[
                update(10),
                update(50),
                update(75),
                ev(90, EventKind::Resolved),
            ],
            120,
        )
        .clocks
        .update;
        assert_eq!(
            (done.state, done.missed(), done.stopped_at),
            (ClockState::Breached, 1, Some(at(90)))
        );
        let clean = eval(
            &tk,
            &[update(10), update(35), ev(60, EventKind::Resolved)],
            120,
        )
        .clocks
        .update;
        assert_eq!((clean.state, clean.missed()), (ClockState::Met, 0));
        let Figures::Update {
            longest_gap_secs, ..
        } = clean.figures
        else {
            panic!()
        };
        assert_eq!(longest_gap_secs, Some(25 * 60));
    }

    #[test]
    fn a_written_promise_replaces_the_cadence_for_one_interval() {
        let tk = incident(1);
        let e = eval(&tk, &[promise(10, 120)], 100).clocks.update;
        assert_eq!(
            (e.state, e.deadline, e.missed()),
            (ClockState::Running, Some(at(120)), 0)
        );
        let Figures::Update { promised_at, .. } = e.figures else {
            panic!()
        };
        assert_eq!(promised_at, Some(at(120)));
        // The next update without a promise is back on the 30-minute cadence.
        let next = eval(&tk, &[promise(10, 120), update(110)], 115)
            .clocks
            .update;
        assert_eq!(next.deadline, Some(at(140)));
        // A broken promise is a missed update.
        let broken = eval(&tk, &[promise(10, 120)], 121).clocks.update;
        assert_eq!((broken.state, broken.missed()), (ClockState::Breached, 1));
    }

    #[test]
    fn waiting_on_the_customer_does_not_count() {
        let tk = incident(1);
        let waiting = [update(10), ev(30, EventKind::Waiting)];
        let e = eval(&tk, &waiting, 80);
        assert_eq!(e.state, TicketState::Waiting);
        assert_eq!(e.waiting_since, Some(at(30)));
        let r = &e.clocks.restore;
        assert_eq!(
            (r.state, r.deadline, r.remaining_secs),
            (ClockState::Paused, None, Some(5 * 3600 + 1800))
        );
        let u = &e.clocks.update;
        assert_eq!(
            (u.state, u.deadline, u.remaining_secs),
            (ClockState::Paused, None, Some(600))
        );
        // An hour of waiting moves the restore deadline an hour.
        let resumed = [
            update(10),
            ev(30, EventKind::Waiting),
            ev(90, EventKind::Resumed),
        ];
        let e = eval(&tk, &resumed, 130);
        assert_eq!(e.clocks.restore.deadline, Some(at(7 * 60)));
        let Figures::Restore {
            counted_secs,
            waiting_secs,
        } = e.clocks.restore.figures
        else {
            panic!()
        };
        assert_eq!((counted_secs, waiting_secs), (Some(70 * 60), Some(3600)));
        // The update cadence pauses too: 20 of its 30 minutes were used before the wait.
        assert_eq!(e.clocks.update.deadline, Some(at(100)));
        // A promise is a wall-clock instant: no pause moves it.
        let promised = [
            promise(10, 150),
            ev(30, EventKind::Waiting),
            ev(90, EventKind::Resumed),
        ];
        assert_eq!(
            eval(&tk, &promised, 130).clocks.update.deadline,
            Some(at(150))
        );
        assert_eq!(
            eval(&tk, &promised[..2], 60).clocks.update.state,
            ClockState::Running
        );
    }

    #[test]
    fn which_clocks_waiting_pauses_is_the_policys_choice() {
        // Severity 1, first update at 00:10, waiting from 00:10 to 01:10.
        let events = [
            update(10),
            ev(10, EventKind::Waiting),
            ev(70, EventKind::Resumed),
        ];
        let with = |pauses: &str| -> Policy {
            super::super::DEFAULT_POLICY
                .replace(
                    "pauses = [\"update\", \"restore\"]",
                    &format!("pauses = [{pauses}]"),
                )
                .parse()
                .unwrap()
        };
        // (pauses, response deadline, update deadline, restore deadline), in minutes.
        let cases = [
            ("\"update\", \"restore\"", 15, 100, 420),
            ("\"restore\"", 15, 40, 420),
            ("", 15, 40, 360),
            ("\"response\", \"update\", \"restore\"", 15, 100, 420),
        ];
        for (pauses, response, update_due, restore) in cases {
            let e = evaluate(&with(pauses), &incident(1), &events, at(75));
            assert_eq!(
                e.clocks.response.deadline,
                Some(at(response)),
                "pauses [{pauses}]"
            );
            assert_eq!(
                e.clocks.update.deadline,
                Some(at(update_due)),
                "pauses [{pauses}]"
            );
            assert_eq!(
                e.clocks.restore.deadline,
                Some(at(restore)),
                "pauses [{pauses}]"
            );
        }
        // A response still awaited is held by a wait only if the policy says so.
        let early_wait = [ev(5, EventKind::Waiting), ev(65, EventKind::Resumed)];
        let held = evaluate(&with("\"response\""), &incident(1), &early_wait, at(70));
        assert_eq!(held.clocks.response.deadline, Some(at(75)));
        let not_held = evaluate(&with(""), &incident(1), &early_wait, at(70));
        assert_eq!(not_held.clocks.response.deadline, Some(at(15)));
    }

    #[test]
    fn escalation_thresholds_for_severities_1_and_2() {
        // (severity, level already reached, next level, due after minutes)
        let cases = [
            (1, 0, 1, 120),
            (1, 1, 2, 360),
            (1, 2, 3, 720),
            (2, 0, 1, 720),
            (2, 1, 2, 1440),
            (2, 2, 3, 2880),
        ];
        for (sev, reached, next, due_after) in cases {
            let events: Vec<Event> = (1..=reached)
                .map(|l| ev(1, EventKind::Escalated { level: l }))
                .collect();
            let before = eval(&incident(sev), &events, due_after - 1).escalation;
            assert_eq!(before.next_level, Some(next));
            assert_eq!(
                before.due_at,
                Some(at(due_after)),
                "severity {sev} level {next}"
            );
            assert!(!before.due);
            assert!(eval(&incident(sev), &events, due_after).escalation.due);
        }
        let top: Vec<Event> = (1..=3)
            .map(|l| ev(1, EventKind::Escalated { level: l }))
            .collect();
        let e = eval(&incident(1), &top, 2000).escalation;
        assert_eq!((e.next_level, e.due_at, e.due), (None, None, false));
        let sev3 = eval(&incident(3), &[], 60 * 24 * 30).escalation;
        assert_eq!(
            (sev3.next_level, sev3.due_at, sev3.due),
            (Some(1), None, false)
        );
        // Waiting does not count towards escalation either.
        let waited = eval(
            &incident(1),
            &[ev(60, EventKind::Waiting), ev(90, EventKind::Resumed)],
            100,
        )
        .escalation;
        assert_eq!(waited.due_at, Some(at(150)));
    }

    #[test]
    fn severity_changes_are_retroactive_by_default() {
        // Upgraded 3 -> 1 at 01:00 with no response yet: judged as severity 1 from the report.
        let up = [ev(60, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = eval(&incident(3), &up, 61);
        assert_eq!(e.severity, Some(Severity::S1));
        assert_eq!(e.clocks.response.deadline, Some(at(15)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
        assert_eq!(e.clocks.restore.deadline, Some(at(360)));
        assert_eq!(e.escalation.due_at, Some(at(120)));
        // Downgraded 1 -> 3: 48 business hours from the report.
        let down = [
            update(5),
            ev(60, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = eval(&incident(1), &down, 61);
        assert_eq!(
            e.clocks.restore.deadline,
            Some(t("2026-12-02T10:00:00+10:00"))
        );
        assert_eq!(e.clocks.response.state, ClockState::Met);
        assert_eq!(e.escalation.due_at, None);
    }

    #[test]
    fn restart_mode_counts_again_from_the_change() {
        let p = restart_policy();
        // Raised 3 -> 1 at 00:20, within severity 3's 30 minutes: both
        // clocks count again from the change under severity 1.
        let up = [ev(20, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = evaluate(&p, &incident(3), &up, at(21));
        assert_eq!(e.clocks.response.deadline, Some(at(35)));
        assert_eq!(e.clocks.response.state, ClockState::Running);
        assert_eq!(e.clocks.restore.deadline, Some(at(20 + 360)));
        // Raised at 01:00, after the unanswered response fell due at 00:30:
        // the breach stands (see a_restart_never_erases_a_breach).
        let late = [ev(60, EventKind::SeverityChanged { to: Severity::S1 })];
        let e = evaluate(&p, &incident(3), &late, at(61));
        assert_eq!(e.clocks.response.deadline, Some(at(30)));
        assert_eq!(e.clocks.response.state, ClockState::Breached);
        assert_eq!(e.clocks.restore.deadline, Some(at(60 + 360)));
        // A response already given is not re-judged.
        let after_response = [
            update(20),
            ev(60, EventKind::SeverityChanged { to: Severity::S1 }),
        ];
        let e = evaluate(&p, &incident(3), &after_response, at(61));
        assert_eq!(
            (e.clocks.response.state, e.clocks.response.deadline),
            (ClockState::Met, Some(at(30)))
        );
        // Downgrade 1 -> 3 restarts restore on business hours from 01:00 (11:00 Brisbane).
        let down = [
            update(5),
            ev(60, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = evaluate(&p, &incident(1), &down, at(61));
        assert_eq!(
            e.clocks.restore.deadline,
            Some(t("2026-12-02T11:00:00+10:00"))
        );
    }

    #[test]
    fn a_severity_change_closes_the_update_interval() {
        // Severity 3: an update at 00:10 is due by 04:10; raised to 1 at 01:00,
        // the next update is due 30 minutes from the change, nothing missed.
        let events = [
            update(10),
            ev(60, EventKind::SeverityChanged { to: Severity::S1 }),
        ];
        let e = eval(&incident(3), &events, 61).clocks.update;
        assert_eq!(
            (e.deadline, e.missed(), e.target_secs),
            (Some(at(90)), 0, Some(1800))
        );
        // Severity 1, already late when lowered: that interval counts as missed.
        let late = [
            update(10),
            ev(50, EventKind::SeverityChanged { to: Severity::S3 }),
        ];
        let e = eval(&incident(1), &late, 51).clocks.update;
        assert_eq!((e.deadline, e.missed()), (Some(at(50 + 240)), 1));
        // Before the first update there is no interval to close.
        let early = [ev(5, EventKind::SeverityChanged { to: Severity::S2 })];
        assert_eq!(
            eval(&incident(1), &early, 6).clocks.update.state,
            ClockState::Pending
        );
    }

    #[test]
    fn reopen_continues_restore_and_starts_a_new_update_interval() {
        let events = [
            update(10),
            ev(120, EventKind::Resolved),
            ev(300, EventKind::Reopened),
        ];
        let resolved = eval(&incident(1), &events[..2], 200);
        assert_eq!(resolved.state, TicketState::Resolved);
        assert_eq!(resolved.clocks.restore.state, ClockState::Met);
        assert_eq!(resolved.clocks.restore.remaining_secs, Some(4 * 3600));
        assert!(!resolved.escalation.due);
        let e = eval(&incident(1), &events, 301);
        assert_eq!(e.state, TicketState::Open);
        assert_eq!(e.resolved_at, None);
        // Two hours were counted before the resolve; four remain from 05:00.
        assert_eq!(e.clocks.restore.deadline, Some(at(300 + 240)));
        assert_eq!(e.clocks.restore.state, ClockState::Running);
        assert_eq!(e.clocks.update.deadline, Some(at(330)));
    }

    #[test]
    fn a_resolved_ticket_owes_no_escalation() {
        // Restored after an hour: level 1 (due at 2h) never fell due.
        let e = eval(&incident(1), &[update(5), ev(60, EventKind::Resolved)], 300).escalation;
        assert_eq!((e.due_at, e.due), (None, false));
        // Restored at 3h: level 1 had fallen due at 2h and stays on the record, not due.
        let e = eval(
            &incident(1),
            &[update(5), ev(180, EventKind::Resolved)],
            300,
        )
        .escalation;
        assert_eq!((e.due_at, e.due), (Some(at(120)), false));
    }

    #[test]
    fn the_longest_gap_leaves_out_time_resolved() {
        let events = [
            update(5),
            ev(60, EventKind::Resolved),
            ev(180, EventKind::Reopened),
            update(200),
        ];
        let e = eval(&incident(1), &events, 210).clocks.update;
        let Figures::Update {
            longest_gap_secs, ..
        } = e.figures
        else {
            panic!()
        };
        // 00:05 -> 03:20 less the two hours resolved.
        assert_eq!(longest_gap_secs, Some((195 - 120) * 60));
    }

    #[test]
    fn a_policy_applied_later_never_rejudges_stopped_clocks() {
        let old = Policy::default_policy();
        let strict: Policy = super::super::DEFAULT_POLICY
            .replace("response = \"30m\"", "response = \"10m\"")
            .replace("update = \"4h\"", "update = \"1h\"")
            .parse()
            .unwrap();
        let history = PolicyHistory {
            current: &strict,
            earlier: vec![(
                Repin {
                    at: at(60),
                    event: 1,
                },
                &old,
            )],
        };
        // Severity 3: responded at 00:20 (met under 30m), policy applied at 01:00.
        let events = [update(20), ev(60, EventKind::PolicyApplied)];
        let e = evaluate_history(&history, &incident(3), &events, at(70));
        assert_eq!(e.clocks.response.state, ClockState::Met);
        assert_eq!(e.clocks.response.target_secs, Some(1800));
        // The interval open at the apply closes there, judged under the old
        // 4 hours (met); the next is due within the new hour from the apply.
        assert_eq!(e.clocks.update.deadline, Some(at(120)));
        assert_eq!(e.clocks.update.missed(), 0);
        // Without the history, the new policy would call the response late.
        let rejudged = evaluate(&strict, &incident(3), &events, at(70));
        assert_eq!(rejudged.clocks.response.state, ClockState::Breached);
    }

    /// The default policy with some of its text replaced.
    fn edited(edits: &[(&str, &str)]) -> Policy {
        let mut text = super::super::DEFAULT_POLICY.to_string();
        for (from, to) in edits {
            assert!(text.contains(from), "{from:?} is not in the policy");
            text = text.replace(from, to);
        }
        text.parse().unwrap()
    }

    /// A history re-pinned once, by the event at `event` (recorded at `minutes`).
    fn repinned<'a>(
        old: &'a Policy,
        new: &'a Policy,
        minutes: i64,
        event: usize,
    ) -> PolicyHistory<'a> {
        PolicyHistory {
            current: new,
            earlier: vec![(
                Repin {
                    at: at(minutes),
                    event,
                },
                old,
            )],
        }
    }

    /// Picks one clock out of an evaluation, in the tables below.
    type Pick = fn(&Clocks) -> &Clock;
    const RESPONSE: Pick = |c| &c.response;
    const UPDATE: Pick = |c| &c.update;
    const RESTORE: Pick = |c| &c.restore;
    const FASTER_UPDATES: (&str, &str) = ("update = \"30m\"", "update = \"20m\"");
    const FASTER_RESPONSE: (&str, &str) = (
        "response = \"15m\"        # initial",
        "response = \"10m\"        # initial",
    );

    #[test]
    fn a_wait_recorded_at_a_deadline_pauses_the_clock_there() {
        use ClockState::{Breached, Paused, Running};
        let wait = |minutes| ev(minutes, EventKind::Waiting);
        let resume = |minutes| ev(minutes, EventKind::Resumed);
        let default = Policy::default_policy();
        // Severity 3 restore on 7 business hours: Tuesday 10:00 to 17:00 Brisbane (07:00Z).
        let short = edited(&[(
            "restore = { target = \"48h\", calendar = \"business\" }",
            "restore = { target = \"7h\", calendar = \"business\" }",
        )]);
        // One case a line, as a table: (what, policy, severity, events, now,
        // clock, state, deadline, remaining secs). Times in minutes.
        type Case<'a> = (
            &'a str,
            &'a Policy,
            u8,
            Vec<Event>,
            i64,
            Pick,
            ClockState,
            Option<i64>,
            i64,
        );
        #[rustfmt::skip]
        let cases: [Case; 9] = [
            // Severity 1 updates every 30 minutes: due 00:40.
            ("update waited on at its deadline", &default, 1, vec![update(10), wait(40)], 40, UPDATE, Paused, None, 0),
            ("update still paused later", &default, 1, vec![update(10), wait(40)], 90, UPDATE, Paused, None, 0),
            ("update resumed with nothing left", &default, 1, vec![update(10), wait(40), resume(70)], 70, UPDATE, Running, Some(70), 0),
            ("update overdue once resumed", &default, 1, vec![update(10), wait(40), resume(70)], 71, UPDATE, Breached, Some(70), -60),
            ("a wait after the deadline undoes nothing", &default, 1, vec![update(10), wait(41)], 50, UPDATE, Breached, Some(40), -60),
            ("restore waited on at its deadline", &default, 1, vec![update(5), wait(360)], 400, RESTORE, Paused, None, 0),
            ("business restore waited on at 17:00", &short, 3, vec![update(5), wait(420)], 480, RESTORE, Paused, None, 0),
            ("business restore waited on at 18:00", &short, 3, vec![update(5), wait(480)], 500, RESTORE, Breached, Some(420), 0),
            ("response is not paused by waiting", &default, 1, vec![wait(15)], 15, RESPONSE, Running, Some(15), 0),
        ];
        for (what, policy, sev, events, now, clock, state, deadline, remaining) in cases {
            let e = evaluate(policy, &incident(sev), &events, at(now));
            let c = clock(&e.clocks);
            assert_eq!(
                (c.state, c.deadline, c.remaining_secs),
                (state, deadline.map(at), Some(remaining)),
                "{what}"
            );
        }
        // Paused at its deadline, the update clock is not at risk nor next due.
        let e = eval(&incident(1), &[update(10), wait(40)], 40);
        assert!(!e.clocks.update.at_risk(75));
        assert_eq!(e.next_deadline(), None);
    }

    #[test]
    fn a_clock_stopped_while_paused_has_no_deadline() {
        use ClockState::{Breached, Met};
        let wait = |minutes| ev(minutes, EventKind::Waiting);
        let resolve = |minutes| ev(minutes, EventKind::Resolved);
        let resume = |minutes| ev(minutes, EventKind::Resumed);
        let default = Policy::default_policy();
        let held = edited(&[(
            "pauses = [\"update\", \"restore\"]",
            "pauses = [\"response\", \"update\", \"restore\"]",
        )]);
        // (what, policy, events, clock, state, deadline, remaining secs), severity 1.
        type Case<'a> = (
            &'a str,
            &'a Policy,
            Vec<Event>,
            Pick,
            ClockState,
            Option<i64>,
            i64,
        );
        #[rustfmt::skip]
        let cases: [Case; 8] = [
            // Update due 00:40: 20 minutes were left at the wait, and still are.
            ("update", &default, vec![update(10), wait(20), resolve(30)], UPDATE, Met, None, 1200),
            ("restore", &default, vec![update(10), wait(20), resolve(30)], RESTORE, Met, None, 6 * 3600 - 1200),
            ("waited and resolved in one second", &default, vec![update(10), wait(30), resolve(30)], UPDATE, Met, None, 600),
            // Resumed first: it ran again, so its deadline was in force.
            ("resumed, then resolved", &default, vec![update(10), wait(20), resume(30), resolve(30)], UPDATE, Met, Some(50), 1200),
            // Past due before the wait: that deadline stands.
            ("breached before the wait", &default, vec![update(10), wait(50), resolve(60)], UPDATE, Breached, Some(40), -600),
            ("an update sent while waiting", &default, vec![update(10), wait(20), update(25), resolve(30)], UPDATE, Met, None, 1800),
            ("response held by the policy", &held, vec![wait(5), resolve(10)], RESPONSE, Met, None, 600),
            ("response not held by default", &default, vec![wait(5), resolve(10)], RESPONSE, Met, Some(15), 300),
        ];
        for (what, policy, events, clock, state, deadline, remaining) in cases {
            let e = evaluate(policy, &incident(1), &events, at(90));
            let c = clock(&e.clocks);
            assert_eq!(
                (c.state, c.deadline, c.remaining_secs),
                (state, deadline.map(at), Some(remaining)),
                "{what}"
            );
        }
        let e = eval(&incident(1), &[update(10), wait(20), resolve(30)], 90);
        let Figures::Restore { counted_secs, .. } = e.clocks.restore.figures else {
            panic!()
        };
        assert_eq!(counted_secs, Some(1200));
        assert_eq!(e.clocks.update.stopped_at, Some(at(30)));
        // Reopened, the restore clock runs on from what it had left.
        let reopened = [
            update(10),
            wait(20),
            resolve(30),
            ev(60, EventKind::Reopened),
        ];
        let e = eval(&incident(1), &reopened, 61);
        assert_eq!(e.clocks.restore.deadline, Some(at(60 + 360 - 20)));
    }

    #[test]
    fn a_policy_apply_closes_the_update_interval_under_the_old_policy() {
        use ClockState::{Breached, Running};
        let old = Policy::default_policy();
        let faster = edited(&[FASTER_UPDATES]);
        let same_cadence = edited(&[FASTER_RESPONSE]);
        let apply = |minutes| ev(minutes, EventKind::PolicyApplied);
        let (wait, resume) = (ev(10, EventKind::Waiting), ev(40, EventKind::Resumed));
        // (what, new policy, events, index of the apply, now, state,
        // deadline, missed), severity 1, updates every 30 minutes before.
        type Case<'a> = (
            &'a str,
            &'a Policy,
            Vec<Event>,
            usize,
            i64,
            ClockState,
            i64,
            u32,
        );
        #[rustfmt::skip]
        let cases: [Case; 6] = [
            // Began 00:05 under 30 minutes; due 20 minutes from the apply at 00:30.
            ("in time at the apply", &faster, vec![update(5), apply(30)], 1, 31, Running, 50, 0),
            ("late under the new cadence", &faster, vec![update(5), apply(30)], 1, 51, Breached, 50, 1),
            // Already late at the apply (due 00:35): missed under the old policy.
            ("late at the apply", &faster, vec![update(5), apply(40)], 1, 41, Running, 60, 1),
            // Closed while paused; the new interval waits until 00:40.
            ("applied while waiting", &faster, vec![update(5), wait.clone(), apply(30), resume.clone()], 2, 41, Running, 60, 0),
            // The update rule is unchanged: the interval runs on.
            ("the same cadence", &same_cadence, vec![update(5), apply(30)], 1, 31, Running, 35, 0),
            ("the same policy", &old, vec![update(5), apply(30)], 1, 36, Breached, 35, 1),
        ];
        for (what, new, events, index, now, state, deadline, missed) in cases {
            let minutes = (events[index].at - at(0)).num_minutes();
            let history = repinned(&old, new, minutes, index);
            let u = evaluate_history(&history, &incident(1), &events, at(now))
                .clocks
                .update;
            assert_eq!(
                (u.state, u.deadline, u.missed()),
                (state, Some(at(deadline)), missed),
                "{what}"
            );
        }
        // As of before the apply, the old policy alone.
        let history = repinned(&old, &faster, 30, 1);
        let events = [update(5), apply(30)];
        let then = evaluate_history(&history, &incident(1), &events, at(29));
        assert_eq!(then.clocks.update.deadline, Some(at(35)));
    }

    #[test]
    fn before_an_apply_follows_the_order_of_recording() {
        let old = Policy::default_policy();
        let strict = edited(&[FASTER_RESPONSE]);
        let apply = ev(12, EventKind::PolicyApplied);
        // Responded at 00:12, then applied in the same second: met under 15 minutes.
        let first = [update(12), apply.clone()];
        let history = repinned(&old, &strict, 12, 1);
        let r = evaluate_history(&history, &incident(1), &first, at(20))
            .clocks
            .response;
        assert_eq!((r.state, r.target_secs), (ClockState::Met, Some(900)));
        // Applied first, then the response in the same second: 10 minutes, late.
        let second = [apply, update(12)];
        let history = repinned(&old, &strict, 12, 0);
        let r = evaluate_history(&history, &incident(1), &second, at(20))
            .clocks
            .response;
        assert_eq!((r.state, r.target_secs), (ClockState::Breached, Some(600)));
        // An update interval closed in the apply's second, before it: judged
        // under 30 minutes (00:05 to 00:30, met), the next due 00:50.
        let faster = edited(&[FASTER_UPDATES]);
        let closed = [update(5), update(30), ev(30, EventKind::PolicyApplied)];
        let history = repinned(&old, &faster, 30, 2);
        let u = evaluate_history(&history, &incident(1), &closed, at(31))
            .clocks
            .update;
        assert_eq!((u.missed(), u.deadline), (0, Some(at(50))));
    }

    #[test]
    fn a_restart_never_erases_a_breach() {
        use ClockState::{Breached, Running};
        let p = restart_policy();
        let to = |minutes, sev| {
            ev(
                minutes,
                EventKind::SeverityChanged {
                    to: Severity::new(sev).unwrap(),
                },
            )
        };
        let resolve = ev(450, EventKind::Resolved);
        // (what, severity opened at, events, now, clock, state, deadline,
        // target secs). Response: 15 minutes at 1 and 2, 30 at 3. Restore:
        // 6 hours at 1, 24 at 2.
        type Case = (
            &'static str,
            u8,
            Vec<Event>,
            i64,
            Pick,
            ClockState,
            i64,
            i64,
        );
        #[rustfmt::skip]
        let cases: [Case; 8] = [
            ("response past due, raised", 3, vec![to(60, 1)], 61, RESPONSE, Breached, 30, 1800),
            ("response past due, lowered", 1, vec![to(20, 3)], 21, RESPONSE, Breached, 15, 900),
            ("response answered after the change", 1, vec![to(20, 3), update(25)], 30, RESPONSE, Breached, 15, 900),
            ("response at its deadline restarts", 1, vec![to(15, 2)], 16, RESPONSE, Running, 30, 900),
            ("restore past due, lowered", 1, vec![update(5), to(400, 2)], 401, RESTORE, Breached, 360, 6 * 3600),
            ("restore past due, changed twice", 1, vec![update(5), to(400, 2), to(500, 1)], 501, RESTORE, Breached, 360, 6 * 3600),
            ("restore past due, then resolved", 1, vec![update(5), to(400, 2), resolve], 460, RESTORE, Breached, 360, 6 * 3600),
            ("restore within target restarts", 1, vec![update(5), to(300, 2)], 301, RESTORE, Running, 300 + 24 * 60, 24 * 3600),
        ];
        for (what, sev, events, now, clock, state, deadline, target) in cases {
            let e = evaluate(&p, &incident(sev), &events, at(now));
            let c = clock(&e.clocks);
            assert_eq!(
                (c.state, c.deadline, c.target_secs),
                (state, Some(at(deadline)), Some(target)),
                "{what}"
            );
        }
        // Escalation keeps counting on the breached restore clock: level 1
        // of severity 2 falls due 12 hours from the report, not the change.
        let e = evaluate(&p, &incident(1), &[update(5), to(400, 2)], at(401));
        assert_eq!(e.escalation.due_at, Some(at(720)));
    }

    #[test]
    fn evaluation_as_of_an_earlier_instant_ignores_later_events() {
        let events = [update(10), ev(30, EventKind::Resolved)];
        let then = eval(&incident(1), &events, 20);
        assert_eq!(then.state, TicketState::Open);
        assert_eq!(then.clocks.update.state, ClockState::Running);
    }

    #[test]
    fn refusals() {
        let p = Policy::default_policy();
        let tk = incident(1);
        let check = |events: &[Event], e: Event| check_event(&p, &tk, events, &e, at(1000));
        assert_eq!(
            check(&[], ev(1001, EventKind::Note)),
            Err(Refusal::InFuture)
        );
        assert_eq!(
            check(&[], ev(-1, EventKind::Note)),
            Err(Refusal::BeforeReport(t(T0)))
        );
        assert_eq!(
            check(&[update(10)], update(9)),
            Err(Refusal::BeforeLastEvent(at(10)))
        );
        assert!(matches!(
            check(&[ev(5, EventKind::Waiting)], ev(6, EventKind::Waiting)),
            Err(Refusal::AlreadyWaiting { .. })
        ));
        assert_eq!(
            check(&[], ev(6, EventKind::Resumed)),
            Err(Refusal::NotWaiting)
        );
        assert_eq!(
            check(&[ev(5, EventKind::Resolved)], update(6)),
            Err(Refusal::Resolved)
        );
        assert_eq!(
            check(&[], ev(6, EventKind::Reopened)),
            Err(Refusal::NotResolved)
        );
        assert_eq!(
            check(&[ev(5, EventKind::Resolved)], ev(6, EventKind::Note)),
            Ok(())
        );
        let top: Vec<Event> = (1..=3)
            .map(|l| ev(1, EventKind::Escalated { level: l }))
            .collect();
        assert_eq!(
            check(&top, ev(2, EventKind::Escalated { level: 4 })),
            Err(Refusal::TopLevel(3))
        );
        assert_eq!(
            check(&[], ev(2, EventKind::Escalated { level: 2 })),
            Err(Refusal::SkipsLevel { expected: 1 })
        );
        assert_eq!(
            check(&[], ev(2, EventKind::SeverityChanged { to: Severity::S1 })),
            Err(Refusal::SameSeverity(Severity::S1))
        );
        assert_eq!(
            check(&[], promise(10, 10)),
            Err(Refusal::PromiseNotAfter(at(10)))
        );
        let inquiry = ticket(Kind::Inquiry, Some(3));
        assert_eq!(
            check_event(
                &p,
                &inquiry,
                &[],
                &ev(2, EventKind::SeverityChanged { to: Severity::S1 }),
                at(10)
            ),
            Err(Refusal::NoSeverity(Kind::Inquiry))
        );
    }

    #[test]
    fn serialises_to_the_json_contract() {
        let e = eval(&incident(1), &[update(10), ev(20, EventKind::Waiting)], 80);
        let v = serde_json::to_value(&e).unwrap();
        let c = &v["clocks"];
        assert_eq!(c["response"]["state"], "met");
        assert_eq!(c["response"]["target_secs"], 900);
        assert_eq!(c["response"]["deadline"], "2026-11-24T00:15:00Z");
        assert_eq!(c["response"]["stopped_at"], "2026-11-24T00:10:00Z");
        assert_eq!(c["response"]["remaining_secs"], 300);
        assert_eq!(c["update"]["state"], "paused");
        assert_eq!(c["update"]["missed"], 0);
        assert_eq!(c["update"]["remaining_secs"], 1200);
        assert_eq!(c["restore"]["state"], "paused");
        assert_eq!(c["restore"]["deadline"], serde_json::Value::Null);
        assert_eq!(c["restore"]["counted_secs"], 1200);
        assert_eq!(c["restore"]["remaining_secs"], 21600 - 1200);
        assert_eq!(v["escalation"]["next_level"], 1);
        assert_eq!(v["escalation"]["due"], false);
        let none = serde_json::to_value(eval(&ticket(Kind::Provisioning, None), &[], 1)).unwrap();
        assert_eq!(none["clocks"]["restore"]["state"], "none");
        assert_eq!(
            none["clocks"]["restore"]["deadline"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn at_risk_uses_the_share_of_the_target() {
        let e = eval(&incident(1), &[], 11).clocks.response; // 11 of 15 minutes used
        assert!(e.at_risk(73));
        assert!(!e.at_risk(74));
        let met = eval(&incident(1), &[update(14)], 14).clocks.response;
        assert!(!met.at_risk(50));
    }
}
