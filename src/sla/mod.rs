//! The pure core of slaclock: the policy, business calendars and SLA clocks.
//!
//! Nothing here reads a file, the database, the environment or the system
//! clock: "now" is always a parameter, so every answer can be replayed and
//! tested. The binary's `app` layer feeds it tickets and events from the
//! store and hands its answers to `output`.

mod calendar;
mod clock;
mod policy;
mod ticket;
mod zone;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod testutil;

pub use calendar::{BusinessCalendar, Calendar, Explanation, Interval};
pub use clock::{
    Clock, ClockState, Clocks, Escalation, Evaluation, Figures, PolicyHistory, Repin, Trace,
    evaluate, evaluate_history, explain,
};
pub use policy::{
    ClockKind, DEFAULT_POLICY, EscalationLevel, MAX_TARGET_SECS, Pauses, Policy, PolicyError,
    PolicyErrors, SeverityChange, Target, Targets, parse_duration, policy_text,
};
pub use ticket::{Event, EventKind, Refusal, Summary, Ticket, TicketState, check_event, summarize};
pub use zone::{Tz, UnknownZone};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Unix seconds as an instant (clamped to chrono's range): the one
/// conversion from the seconds the store keeps, for `sla` and its callers.
pub fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(if secs < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// An incident's severity: 1 (service loss) to 3 (no service impact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Severity(u8);

impl Severity {
    pub const S1: Severity = Severity(1);
    pub const S2: Severity = Severity(2);
    pub const S3: Severity = Severity(3);
    pub const ALL: [Severity; 3] = [Severity::S1, Severity::S2, Severity::S3];

    pub fn new(n: u8) -> Option<Severity> {
        (1..=3).contains(&n).then_some(Severity(n))
    }

    /// A severity as a policy key: exactly `1`, `2` or `3`. Spellings such
    /// as `01` or `+1` are refused, so two tables can never name one severity.
    pub fn from_key(key: &str) -> Option<Severity> {
        match key {
            "1" => Some(Severity::S1),
            "2" => Some(Severity::S2),
            "3" => Some(Severity::S3),
            _ => None,
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a request is about. Sales and billing questions are not tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Incident,
    Provisioning,
    Inquiry,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Incident, Kind::Provisioning, Kind::Inquiry];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Provisioning => "provisioning",
            Kind::Inquiry => "inquiry",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
