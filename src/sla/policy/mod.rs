//! The service-level policy: the schema of `severity.toml`, its parsing and
//! its validation.
//!
//! `Policy::from_str` is pure: it takes the file's text and returns either a
//! checked policy or every problem found, each with its line and column. The
//! caller adds the file name. A policy that could never be met is refused
//! here, so the clocks never have to cope with one; so is a policy that is
//! incomplete (severities 1, 2 and 3 each need response, update and restore
//! targets), because a target left out silently means tickets with no clock.
//! Every duration is bounded (`MAX_TARGET_SECS`), so no deadline computed
//! from one can overflow.
//!
//! This module owns the checked types and the questions the clocks ask of
//! them; `parse` owns the file's shape as serde reads it and the way from
//! TOML text to a `Policy`; `validate` owns every check and its message.

mod contract;
mod keys;
mod parse;
#[cfg(test)]
mod readings;
#[cfg(test)]
mod shapes;
#[cfg(test)]
mod tests;
mod validate;

use std::collections::BTreeMap;
use std::fmt;

use super::calendar::Calendar;
use super::{Kind, Severity};

pub use contract::Contract;
pub use parse::policy_text;
pub use validate::parse_duration;

/// The default policy: the provider's published table. The binary embeds it
/// so that slaclock works with no configuration at all.
pub const DEFAULT_POLICY: &str = include_str!("../../../severity.toml");

/// The same policy with Japanese comments and names (`init --lang ja`):
/// the same figures, as a test checks.
pub const DEFAULT_POLICY_JA: &str = include_str!("../../../severity.ja.toml");

/// The longest target or escalation threshold: 366 days. A promise measured
/// in years is not a service level anyone watches, and the bound keeps every
/// deadline (a time no later than the year 9999 plus a target, even on a
/// calendar open one minute a week) far inside the range of the arithmetic.
pub const MAX_TARGET_SECS: i64 = 366 * 86_400;

/// What the message for a missing target suggests, by severity: the shipped
/// policy's own response, update and restore targets (tested against it).
const SHIPPED_TARGETS: [(&str, &str, &str); 3] = [
    ("15m", "30m", "6h"),
    ("15m", "60m", "24h"),
    ("30m", "4h", "48h"),
];

/// How a change of severity affects the response and restore clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityChange {
    /// Judge the ticket as if it had always had the new severity.
    Retroactive,
    /// Start the response (if still open) and restore clocks again at the change.
    Restart,
}

/// One target: a duration counted on a calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub secs: i64,
    /// Index into `Policy::calendars`; 0 is always `24x7`.
    pub calendar: usize,
}

/// The targets of one severity, or of provisioning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    pub name: String,
    pub response: Option<Target>,
    pub update: Option<Target>,
    pub restore: Option<Target>,
    /// Time to own: an internal target (an OLA) from the report to the
    /// first assignment. Optional; the shipped policy sets none.
    pub own: Option<Target>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EscalationLevel {
    pub level: u8,
    pub contact: String,
    /// Counted restore time after which this level is due, by severity.
    pub after: BTreeMap<Severity, i64>,
}

/// How long a ticket may wait on the customer before `check` warns that
/// someone may have forgotten to `resume` it, where the policy does not say
/// (`[waiting] remind_after`): a day, as the shipped file says.
pub const DEFAULT_REMIND_AFTER_SECS: i64 = 24 * 3600;

/// Which clocks stop while waiting on the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pauses {
    pub response: bool,
    pub update: bool,
    pub restore: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub severity_change: SeverityChange,
    pub pauses: Pauses,
    /// `[waiting] remind_after`: how long a ticket may wait on the customer
    /// before `check` warns (a forgotten `resume` stops every clock).
    pub remind_after_secs: i64,
    /// `calendars[0]` is `24x7`; the others are named business calendars.
    pub calendars: Vec<Calendar>,
    pub severities: BTreeMap<Severity, Targets>,
    pub provisioning: Targets,
    pub escalation: Vec<EscalationLevel>,
    /// Where requests that are not support tickets go, by kind (`billing`, `sales`).
    pub referrals: BTreeMap<String, String>,
    /// Named contracts, each a partial override of this policy (see
    /// `Policy::effective`).
    pub contracts: BTreeMap<String, Contract>,
    /// `[customers]`, keyed by the customer's name in lower case (names
    /// match case-insensitively, `Policy::contract_for`, in one lookup
    /// however long the list): the name as written, and its contract.
    pub customers: BTreeMap<String, (String, String)>,
}

/// One problem in a policy file: where, and what as a message told in the
/// language of errors when it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub line: usize,
    pub column: usize,
    pub message: crate::i18n::Msg,
}

/// Every problem found in a policy file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyErrors(pub Vec<PolicyError>);

impl PolicyErrors {
    /// One line per problem, `FILE:LINE:COLUMN: message`, as compilers print.
    pub fn with_file(&self, file: &str) -> String {
        self.0
            .iter()
            .map(|e| format!("{file}:{}:{}: {}", e.line, e.column, e.message))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "line {}, column {}: {}", e.line, e.column, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyErrors {}

impl std::str::FromStr for Policy {
    type Err = PolicyErrors;

    /// A policy file loaded for new tickets: every check, completeness too.
    fn from_str(text: &str) -> Result<Policy, PolicyErrors> {
        parse::parse(text, validate::Reading::File)
    }
}

impl Policy {
    /// A policy version read back from the ticket log. It passed the checks
    /// of its day when it was recorded and must still judge the tickets
    /// pinned to it: the checks added since to catch a slip in a file are
    /// not asked again (`validate::Reading::Recorded` lists them). Every
    /// other check is.
    pub fn from_recorded(text: &str) -> Result<Policy, PolicyErrors> {
        parse::parse(text, validate::Reading::Recorded)
    }
}
// ---- Questions the clocks ask -------------------------------------------

/// Which clock a target is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    Response,
    Update,
    Restore,
    Own,
}

impl Policy {
    /// The embedded default policy.
    pub fn default_policy() -> Policy {
        DEFAULT_POLICY
            .parse()
            .expect("the embedded severity.toml is valid (tested)")
    }

    pub fn calendar(&self, t: &Target) -> &Calendar {
        &self.calendars[t.calendar]
    }

    /// The target for one clock of a ticket of this kind and severity.
    /// Inquiries use severity 3's response and update; restore targets apply
    /// to incidents only.
    pub fn target(
        &self,
        kind: Kind,
        severity: Option<Severity>,
        clock: ClockKind,
    ) -> Option<&Target> {
        let targets = match kind {
            Kind::Incident => self.severities.get(&severity?)?,
            Kind::Inquiry => self.severities.get(&Severity::S3)?,
            Kind::Provisioning => &self.provisioning,
        };
        match clock {
            ClockKind::Response => targets.response.as_ref(),
            ClockKind::Update => targets.update.as_ref(),
            ClockKind::Restore if kind == Kind::Incident => targets.restore.as_ref(),
            ClockKind::Restore => None,
            ClockKind::Own => targets.own.as_ref(),
        }
    }

    /// The escalation level `level` (1-based), if the path has one.
    pub fn level(&self, level: u8) -> Option<&EscalationLevel> {
        self.escalation.get(usize::from(level).checked_sub(1)?)
    }

    pub fn top_level(&self) -> u8 {
        self.escalation.len() as u8
    }

    pub fn calendar_named(&self, name: &str) -> Option<&Calendar> {
        self.calendars.iter().find(|c| c.name() == name)
    }
}
