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
use super::policy::{ClockKind, Policy, SeverityChange};
use super::ticket::{Event, EventKind, Ticket, TicketState, summarize};
use super::{Kind, Severity};

const OPEN: i64 = i64::MAX;

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
        self.clocks().iter().any(|(_, c)| c.state == ClockState::Breached)
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

fn instant(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
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
    fn deadline(&self) -> Option<i64> {
        let (mut cursor, mut left) = (self.start, self.target);
        for &(a, b) in &self.pauses {
            if b <= cursor {
                continue;
            }
            let got = self.calendar.count_secs(cursor, a);
            if got >= left {
                return Some(self.calendar.add_secs(cursor, left));
            }
            left -= got;
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

/// One update interval: due within the cadence (or by the promise) from its start.
struct UpdateInterval {
    start: i64,
    severity: Option<Severity>,
    promise: Option<i64>,
    end: Option<i64>,
}

/// What the events say, folded once.
struct Replay {
    waits: Vec<(i64, i64)>,
    resolved: Vec<(i64, i64)>,
    severity_changes: Vec<(i64, Severity)>,
    updates: Vec<i64>,
    intervals: Vec<UpdateInterval>,
    first_stop: Option<i64>,
}

fn replay(ticket: &Ticket, events: &[Event]) -> Replay {
    let mut r = Replay {
        waits: vec![],
        resolved: vec![],
        severity_changes: vec![],
        updates: vec![],
        intervals: vec![],
        first_stop: None,
    };
    let (mut state, mut level, mut severity) = (TicketState::Open, 0u8, ticket.severity);
    let close = |r: &mut Replay, at: i64| {
        if let Some(last) = r.intervals.last_mut() {
            if last.end.is_none() {
                last.end = Some(at);
            }
        }
    };
    for e in events {
        let at = e.at.timestamp();
        match (&e.kind, state) {
            (EventKind::Reopened, TicketState::Resolved) => {
                state = TicketState::Open;
                if let Some(p) = r.resolved.last_mut() {
                    p.1 = at;
                }
                r.intervals.push(UpdateInterval { start: at, severity, promise: None, end: None });
            }
            (_, TicketState::Resolved) => {}
            (EventKind::Updated { next_update }, _) => {
                close(&mut r, at);
                r.first_stop.get_or_insert(at);
                r.updates.push(at);
                let promise = next_update.map(|p| p.timestamp()).filter(|p| *p > at);
                r.intervals.push(UpdateInterval { start: at, severity, promise, end: None });
            }
            (EventKind::Waiting, TicketState::Open) => {
                state = TicketState::Waiting;
                r.waits.push((at, OPEN));
            }
            (EventKind::Resumed, TicketState::Waiting) => {
                state = TicketState::Open;
                if let Some(w) = r.waits.last_mut() {
                    w.1 = at;
                }
            }
            (EventKind::Resolved, _) => {
                if state == TicketState::Waiting {
                    if let Some(w) = r.waits.last_mut() {
                        w.1 = at;
                    }
                }
                state = TicketState::Resolved;
                close(&mut r, at);
                r.first_stop.get_or_insert(at);
                r.resolved.push((at, OPEN));
            }
            (EventKind::Escalated { level: l }, _) if *l == level + 1 => level = *l,
            (EventKind::SeverityChanged { to }, _)
                if ticket.kind == Kind::Incident && severity != Some(*to) =>
            {
                severity = Some(*to);
                r.severity_changes.push((at, *to));
                if r.intervals.last().is_some_and(|i| i.end.is_none()) {
                    close(&mut r, at);
                    r.intervals.push(UpdateInterval { start: at, severity, promise: None, end: None });
                }
            }
            _ => {}
        }
    }
    r
}

/// Judges a ticket's clocks at `now` from the events recorded up to `now`.
///
/// `events` are in the order they were recorded (by time); events after `now`
/// are ignored, which is how the board "as of" a past instant is drawn.
pub fn evaluate(policy: &Policy, ticket: &Ticket, events: &[Event], now: DateTime<Utc>) -> Evaluation {
    let events = &events[..events.partition_point(|e| e.at <= now)];
    let now_s = now.timestamp();
    let summary = summarize(ticket, events);
    let r = replay(ticket, events);
    let reported = ticket.reported_at.timestamp();
    let resolved_at = summary.resolved_at.map(|t| t.timestamp());

    // Retroactive: judged as if the ticket had always had today's severity.
    // Restart: counted again from the last change.
    let restart = policy.severity_change == SeverityChange::Restart;
    let last_change = r.severity_changes.last().map(|c| c.0);

    let response = {
        let mut start = reported;
        if restart {
            if let Some(&(at, _)) = r
                .severity_changes
                .iter()
                .rev()
                .find(|(at, _)| r.first_stop.is_none_or(|s| *at < s))
            {
                start = at;
            }
        }
        let sev = if restart {
            // The severity in force when the response stopped (or now).
            r.severity_changes
                .iter()
                .rev()
                .find(|(at, _)| r.first_stop.is_none_or(|s| *at < s))
                .map(|c| c.1)
                .or(ticket.severity)
        } else {
            summary.severity
        };
        match policy.target(ticket.kind, sev, ClockKind::Response) {
            None => Clock::none(Figures::Response {}),
            Some(t) => {
                let pauses = if policy.pauses.response { r.waits.clone() } else { vec![] };
                let stop = r.first_stop;
                let span = Span {
                    calendar: policy.calendar(t),
                    start,
                    target: t.secs,
                    pauses: clip(&pauses, start, stop.unwrap_or(OPEN)),
                };
                let (state, deadline, remaining) = span.judge(stop, now_s);
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

    let update = judge_updates(policy, ticket, &r, resolved_at, now_s);

    // The restore clock and the escalation schedule count the same time.
    let restore_start = if restart { last_change.unwrap_or(reported) } else { reported };
    let mut restore_pauses = r.resolved.clone();
    if let Some(last) = restore_pauses.last_mut() {
        if resolved_at.is_some() {
            last.1 = OPEN; // the final resolve is the stop, not a pause
        }
    }
    if resolved_at.is_some() {
        restore_pauses.pop();
    }
    if policy.pauses.restore {
        restore_pauses.extend_from_slice(&r.waits);
    }
    let restore_pauses = clip(&restore_pauses, restore_start, resolved_at.unwrap_or(OPEN));
    let restore_target = policy.target(ticket.kind, summary.severity, ClockKind::Restore);
    let restore_calendar = restore_target.map_or(&Calendar::Always, |t| policy.calendar(t));
    let restore = match restore_target {
        None => Clock::none(Figures::Restore { counted_secs: None, waiting_secs: None }),
        Some(t) => {
            let span = Span {
                calendar: restore_calendar,
                start: restore_start,
                target: t.secs,
                pauses: restore_pauses.clone(),
            };
            let end = resolved_at.unwrap_or(now_s);
            let (state, deadline, remaining) = span.judge(resolved_at, now_s);
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
        clocks: Clocks { response, update, restore },
        escalation,
    }
}

fn judge_updates(
    policy: &Policy,
    ticket: &Ticket,
    r: &Replay,
    resolved_at: Option<i64>,
    now: i64,
) -> Clock {
    let applies = match ticket.kind {
        Kind::Provisioning => policy.provisioning.update.is_some(),
        _ => Severity::ALL
            .iter()
            .any(|s| policy.target(ticket.kind, Some(*s), ClockKind::Update).is_some()),
    };
    let empty = Figures::Update { missed: 0, longest_gap_secs: None, promised_at: None };
    if !applies {
        return Clock::none(empty);
    }

    // Judge every interval: (deadline, target, remaining at its end or now).
    let mut missed = 0u32;
    let mut last = None;
    for iv in &r.intervals {
        let Some(t) = policy.target(ticket.kind, iv.severity, ClockKind::Update) else {
            continue;
        };
        let end = iv.end.unwrap_or(now);
        let (deadline, target, remaining) = match iv.promise {
            Some(p) => (Some(p), p - iv.start, p - end),
            None => {
                let pauses = if policy.pauses.update { r.waits.as_slice() } else { &[] };
                let span = Span {
                    calendar: policy.calendar(t),
                    start: iv.start,
                    target: t.secs,
                    pauses: clip(pauses, iv.start, iv.end.unwrap_or(OPEN)),
                };
                (span.deadline(), t.secs, t.secs - span.counted(end))
            }
        };
        if deadline.is_some_and(|d| end > d) {
            missed += 1;
        }
        last = Some((iv, deadline, target, remaining));
    }

    let mut gaps: Vec<i64> = r.updates.windows(2).map(|w| w[1] - w[0]).collect();
    if let Some(&u) = r.updates.last() {
        gaps.push(resolved_at.unwrap_or(now) - u);
    }
    let longest_gap_secs = gaps.into_iter().max();

    let Some((iv, deadline, target, remaining)) = last else {
        let state = if resolved_at.is_some() { ClockState::Met } else { ClockState::Pending };
        return Clock {
            state,
            stopped_at: opt_instant(resolved_at),
            ..Clock::none(Figures::Update { missed: 0, longest_gap_secs, promised_at: None })
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
