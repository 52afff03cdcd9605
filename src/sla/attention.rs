//! What needs attention on open tickets, for `check`, `metrics` and
//! `notify`: the rules that find an active breach, a due escalation, a
//! clock at risk and a wait gone on too long in an evaluation (`assess`),
//! the past breaches `check --history` lists (`past_breaches`), business
//! calendars that have run out of holidays (`stale_calendars`), how
//! tickets are counted (a breached ticket is not also at risk) and the
//! monitoring-plugin status of the whole (`Findings`).
//!
//! A breach pages only while someone can still act on it: a clock still
//! running past its deadline. One that has stopped (a late response that
//! was given, a missed update interval that is closed) is history; it stays
//! `breached` in `status`, export and report, but is not counted here.
//!
//! Pure: it takes evaluations already made and `now`, never reads the log
//! or the clock, and knows a ticket only as the caller's `T`; `output`
//! words the results.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::board::{BoardKey, board_key};
use super::{Calendar, Clock, ClockState, Evaluation, Kind, Policy, Severity, TicketState};

/// The share of its target (percent) from which a running clock is at
/// risk, wherever it is not given (`check --warn-at` gives it).
pub const AT_RISK_PERCENT: u8 = 75;

/// A business calendar needs a holiday dated more than this many days
/// ahead; one without is stale (its next year's holidays are missing).
pub const HOLIDAYS_AHEAD_DAYS: u64 = 60;

/// The monitoring-plugin status, most severe last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CheckStatus {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl CheckStatus {
    pub fn word(self) -> &'static str {
        match self {
            CheckStatus::Ok => "OK",
            CheckStatus::Warning => "WARNING",
            CheckStatus::Critical => "CRITICAL",
            CheckStatus::Unknown => "UNKNOWN",
        }
    }
}

/// Why a ticket needs attention, in order of urgency. `PastBreach` is
/// history, listed only on request and never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// A clock still running past its deadline.
    Breached,
    EscalationDue,
    AtRisk,
    /// Waiting on the customer for longer than the rules allow.
    WaitingTooLong,
    /// A clock that breached and has since stopped.
    PastBreach,
}

impl Concern {
    /// The word scripts read (`check --format json`, `notify`).
    pub fn as_str(self) -> &'static str {
        match self {
            Concern::Breached => "breached",
            Concern::EscalationDue => "escalation_due",
            Concern::AtRisk => "at_risk",
            Concern::WaitingTooLong => "waiting_too_long",
            Concern::PastBreach => "history",
        }
    }
}

/// One reason a ticket is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub concern: Concern,
    /// `response`, `update`, `restore`, `escalation` or `waiting`.
    pub clock: &'static str,
    /// The clock's deadline, when the escalation fell due, or when the
    /// wait became too long.
    pub deadline: Option<DateTime<Utc>>,
    /// A past breach: when its clock stopped (a late initial response).
    pub stopped_at: Option<DateTime<Utc>>,
    /// How much of an at-risk clock's target is used, in whole percent.
    pub used_percent: Option<i64>,
    /// The escalation level that is due.
    pub level: Option<u8>,
    pub contact: Option<String>,
    /// A breach a wait holds (`Clock::paused`): how late it was when the
    /// wait began, a figure that stands still until the wait ends.
    pub late_while_paused_secs: Option<i64>,
    /// An active breach: how late it is now (`Clock::late_secs`, waits
    /// since the deadline left out).
    pub late_secs: Option<i64>,
    /// A wait gone on too long: since when.
    pub waiting_since: Option<DateTime<Utc>>,
    /// Past breaches of the update clock: the closed intervals that ended late.
    pub missed: Option<u32>,
}

impl Reason {
    /// A reason with only its concern and clock set.
    pub fn new(concern: Concern, clock: &'static str) -> Reason {
        Reason {
            concern,
            clock,
            deadline: None,
            stopped_at: None,
            used_percent: None,
            level: None,
            contact: None,
            late_while_paused_secs: None,
            late_secs: None,
            waiting_since: None,
            missed: None,
        }
    }
}

/// What counts as needing attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// A running clock at or past this percent of its target is at risk.
    pub warn_at: u8,
    /// A ticket waiting on the customer longer than this is reported.
    pub max_wait_secs: i64,
    /// List past breaches too (`check --history`), without counting them.
    pub history: bool,
}

impl Rules {
    /// The defaults of `check`: at risk from 75%, waits up to the policy's
    /// `remind_after`, no history.
    pub fn of(policy: &Policy) -> Rules {
        Rules {
            warn_at: AT_RISK_PERCENT,
            max_wait_secs: policy.remind_after_secs,
            history: false,
        }
    }
}

/// Whether a clock is breached and has not stopped: someone can still act.
/// A wait does not make it history (the service is still down, the update
/// still owed); it only freezes how late it is (`Clock::paused`).
pub fn active_breach(c: &Clock) -> bool {
    c.state == ClockState::Breached && c.live()
}

/// Why an open ticket needs attention at `now` (the instant it was
/// evaluated); empty if it does not. Active breaches come first, then a due
/// escalation, then clocks that have used at least `warn_at` percent of
/// their target, then a wait gone on too long; within each, the nearest
/// deadline first.
pub fn assess(eval: &Evaluation, rules: &Rules, now: DateTime<Utc>) -> Vec<Reason> {
    let mut reasons = vec![];
    for (name, c) in eval.clocks() {
        if active_breach(c) {
            reasons.push(Reason {
                deadline: c.deadline,
                late_while_paused_secs: c.late_when_paused(),
                late_secs: c.late_secs(),
                ..Reason::new(Concern::Breached, name)
            });
        }
    }
    let e = &eval.escalation;
    if e.due {
        reasons.push(Reason {
            deadline: e.due_at,
            level: e.next_level,
            contact: e.contact.clone(),
            ..Reason::new(Concern::EscalationDue, "escalation")
        });
    }
    for (name, c) in eval.clocks() {
        if c.at_risk(rules.warn_at) {
            let used = match (c.target_secs, c.remaining_secs) {
                (Some(t), Some(r)) if t > 0 => Some((t - r) * 100 / t),
                _ => None,
            };
            reasons.push(Reason {
                deadline: c.deadline,
                used_percent: used,
                ..Reason::new(Concern::AtRisk, name)
            });
        }
    }
    if let (TicketState::Waiting, Some(since)) = (eval.state, eval.waiting_since)
        && (now - since).num_seconds() > rules.max_wait_secs
    {
        reasons.push(Reason {
            deadline: Some(since + chrono::Duration::seconds(rules.max_wait_secs)),
            waiting_since: Some(since),
            ..Reason::new(Concern::WaitingTooLong, "waiting")
        });
    }
    reasons.sort_by_key(|r| (r.concern, r.deadline.is_none(), r.deadline));
    reasons
}

/// The breaches of a ticket that are history: clocks that breached and
/// have stopped (a response given late), and the update intervals that
/// ended late and are closed. In clock order.
pub fn past_breaches(eval: &Evaluation) -> Vec<Reason> {
    let mut reasons = vec![];
    for (name, c) in eval.clocks() {
        let missed = c.missed();
        if missed > 0 {
            // The interval still open past its deadline is the active breach.
            let past = missed - u32::from(active_breach(c));
            if past > 0 {
                reasons.push(Reason {
                    missed: Some(past),
                    ..Reason::new(Concern::PastBreach, name)
                });
            }
        } else if c.state == ClockState::Breached && c.stopped_at.is_some() {
            reasons.push(Reason {
                deadline: c.deadline,
                stopped_at: c.stopped_at,
                ..Reason::new(Concern::PastBreach, name)
            });
        }
    }
    reasons
}

/// A business calendar with no holiday dated more than
/// `HOLIDAYS_AHEAD_DAYS` days ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleCalendar {
    pub name: String,
    /// Its latest holiday, if it lists any.
    pub last_holiday: Option<NaiveDate>,
}

/// The policy's business calendars that have no holiday dated later than
/// `HOLIDAYS_AHEAD_DAYS` days from `now` (counted from today's date in each
/// calendar's own zone), in the policy's order.
pub fn stale_calendars(policy: &Policy, now: DateTime<Utc>) -> Vec<StaleCalendar> {
    policy
        .calendars
        .iter()
        .filter_map(|c| match c {
            Calendar::Business(b) => Some(b),
            Calendar::Always => None,
        })
        .filter_map(|b| {
            let today = now.with_timezone(&b.timezone()).date_naive();
            let horizon = today.checked_add_days(Days::new(HOLIDAYS_AHEAD_DAYS))?;
            let last = b.holidays().last();
            last.is_none_or(|d| d <= horizon).then(|| StaleCalendar {
                name: b.name.to_string(),
                last_holiday: last,
            })
        })
        .collect()
}

/// A ticket that needs attention, and why. `ticket` is whatever the
/// caller shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention<T> {
    pub ticket: T,
    pub severity: Option<Severity>,
    pub state: TicketState,
    /// Active concerns, most urgent first, then (with `Rules::history`)
    /// past breaches.
    pub reasons: Vec<Reason>,
    /// The ticket's place on the board.
    pub order: BoardKey<i64>,
}

/// What a check found among the tickets open at `as_of`: the counts are
/// tickets, each counted once per concern (a breached ticket is not also
/// counted as at risk); past breaches are never counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings<T> {
    pub rules: Rules,
    pub as_of: DateTime<Utc>,
    /// Tickets evaluated: every unresolved ticket.
    pub open: u64,
    pub breached: u64,
    pub at_risk: u64,
    pub escalation_due: u64,
    pub waiting_too_long: u64,
    /// Business calendars of the policy in force that need next year's holidays.
    pub calendars: Vec<StaleCalendar>,
    /// In the board's order, once `sort` has run.
    pub tickets: Vec<Attention<T>>,
}

impl<T> Findings<T> {
    pub fn new(rules: Rules, as_of: DateTime<Utc>) -> Findings<T> {
        Findings {
            rules,
            as_of,
            open: 0,
            breached: 0,
            at_risk: 0,
            escalation_due: 0,
            waiting_too_long: 0,
            calendars: vec![],
            tickets: vec![],
        }
    }

    /// Adds one open ticket, evaluated at `as_of`; `ticket` is asked for
    /// only if it is listed, and the listing is returned.
    pub fn add(
        &mut self,
        kind: Kind,
        id: i64,
        eval: &Evaluation,
        ticket: impl FnOnce() -> T,
    ) -> Option<&mut Attention<T>> {
        self.open += 1;
        let mut reasons = assess(eval, &self.rules, self.as_of);
        self.tally(&reasons);
        if self.rules.history {
            reasons.extend(past_breaches(eval));
        }
        if reasons.is_empty() {
            return None;
        }
        self.tickets.push(Attention {
            ticket: ticket(),
            severity: eval.severity,
            state: eval.state,
            reasons,
            order: board_key(kind, eval, id),
        });
        self.tickets.last_mut()
    }

    /// Notes the policy's calendars that have run out of holidays.
    pub fn check_calendars(&mut self, policy: &Policy) {
        self.calendars = stale_calendars(policy, self.as_of);
    }

    /// Counts a ticket once per concern; a breached ticket is not also "at risk".
    fn tally(&mut self, reasons: &[Reason]) {
        let has = |c: Concern| reasons.iter().any(|r| r.concern == c);
        if has(Concern::Breached) {
            self.breached += 1;
        } else if has(Concern::AtRisk) {
            self.at_risk += 1;
        }
        if has(Concern::EscalationDue) {
            self.escalation_due += 1;
        }
        if has(Concern::WaitingTooLong) {
            self.waiting_too_long += 1;
        }
    }

    /// CRITICAL if a clock is breached and still running, else WARNING if
    /// one is at risk, an escalation is due, a wait has gone on too long or
    /// a calendar needs holidays, else OK.
    pub fn status(&self) -> CheckStatus {
        if self.breached > 0 {
            CheckStatus::Critical
        } else if self.at_risk > 0
            || self.escalation_due > 0
            || self.waiting_too_long > 0
            || !self.calendars.is_empty()
        {
            CheckStatus::Warning
        } else {
            CheckStatus::Ok
        }
    }

    /// Puts the tickets in the board's order (`status` lists them so).
    /// The keys are sorted apart and the listings moved once each: a
    /// listing is large, and a sort in place moves each many times.
    pub fn sort(&mut self) {
        self.tickets.sort_by_cached_key(|a| a.order);
    }
}

#[cfg(test)]
mod tests;
