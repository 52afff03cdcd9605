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

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::calendar::{BusinessCalendar, Calendar, Interval};
use super::{Kind, Severity, Tz};

/// The default policy: the provider's published table. The binary embeds it
/// so that slaclock works with no configuration at all.
pub const DEFAULT_POLICY: &str = include_str!("../../severity.toml");

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
}

/// One problem in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub line: usize,
    pub column: usize,
    pub message: String,
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

// ---- The file as written -------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    severity_change: Option<Spanned<String>>,
    waiting: Option<RawWaiting>,
    #[serde(default)]
    calendars: BTreeMap<String, Spanned<RawCalendar>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<RawTargets>>,
    provisioning: Option<Spanned<RawTargets>>,
    #[serde(default)]
    escalation: Vec<Spanned<RawLevel>>,
    #[serde(default)]
    referrals: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiting {
    pauses: Option<Vec<Spanned<String>>>,
    remind_after: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    timezone: Spanned<String>,
    mon: Option<Vec<Spanned<String>>>,
    tue: Option<Vec<Spanned<String>>>,
    wed: Option<Vec<Spanned<String>>>,
    thu: Option<Vec<Spanned<String>>>,
    fri: Option<Vec<Spanned<String>>>,
    sat: Option<Vec<Spanned<String>>>,
    sun: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    name: Option<Spanned<String>>,
    response: Option<Spanned<RawTarget>>,
    update: Option<Spanned<RawTarget>>,
    restore: Option<Spanned<RawTarget>>,
    own: Option<Spanned<RawTarget>>,
}

/// `"15m"` or `{ target = "48h", calendar = "business" }`.
enum RawTarget {
    Short(String),
    Full(RawFullTarget),
}

impl<'de> Deserialize<'de> for RawTarget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTarget;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a duration like "15m", or a table like { target = "48h", calendar = "business" }"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTarget, E> {
                Ok(RawTarget::Short(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawTarget, A::Error> {
                RawFullTarget::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawTarget::Full)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFullTarget {
    target: Spanned<String>,
    calendar: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    level: Spanned<i64>,
    contact: String,
    #[serde(default)]
    after: BTreeMap<String, Spanned<String>>,
}

// ---- Parsing and validation ---------------------------------------------

/// Collects problems with their positions while the policy is checked.
struct Checker<'a> {
    text: &'a str,
    errors: Vec<(usize, String)>,
}

impl Checker<'_> {
    fn err(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.errors.push((span.start, message.into()));
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// The start of the line after `offset`'s line (or the end of the text):
    /// where a missing key would be added.
    fn next_line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i + 1)
    }

    fn finish(mut self) -> PolicyErrors {
        self.errors.sort_by_key(|(o, _)| *o);
        PolicyErrors(
            self.errors
                .iter()
                .map(|(offset, message)| {
                    let (line, column) = self.position(*offset);
                    PolicyError {
                        line,
                        column,
                        message: message.clone(),
                    }
                })
                .collect(),
        )
    }
}

/// Parses a duration such as `15m`, `4h`, `1h 30m` or `2days` to whole
/// seconds: at least one second, at most `MAX_TARGET_SECS`.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let d = humantime::parse_duration(text.trim()).map_err(|e| {
        format!("{text:?} is not a duration ({e}); write it like \"15m\", \"4h\" or \"1h 30m\"")
    })?;
    let too_long = || {
        format!(
            "{text:?} is longer than 366 days; a target or threshold must be at most \"366days\""
        )
    };
    let secs = i64::try_from(d.as_secs()).map_err(|_| too_long())?;
    if secs < 1 {
        return Err(format!(
            "{text:?} is zero; a target must be at least one second"
        ));
    }
    if secs > MAX_TARGET_SECS {
        return Err(too_long());
    }
    Ok(secs)
}

/// The text of a policy file's bytes. Bytes that are not UTF-8 are one
/// problem, placed at the first invalid byte like any other.
pub fn policy_text(bytes: &[u8]) -> Result<&str, PolicyErrors> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let mut c = Checker {
            text: before,
            errors: vec![],
        };
        c.err(
            &(valid..valid),
            format!(
                "the file is not UTF-8 text (byte 0x{:02x} here); save it as UTF-8",
                bytes[valid]
            ),
        );
        c.finish()
    })
}

/// Parses `09:00-17:00`; `24:00` is the end of the day.
fn parse_interval(text: &str) -> Result<Interval, String> {
    let hint = "write it as \"HH:MM-HH:MM\", like \"09:00-17:00\"";
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| format!("{text:?} is not an interval; {hint}"))?;
    let clock = |s: &str| -> Result<u32, String> {
        let (h, m) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("{text:?}: {hint}"))?;
        let (h, m): (u32, u32) = match (h.parse(), m.parse()) {
            (Ok(h), Ok(m)) if m < 60 && (h < 24 || (h == 24 && m == 0)) && s.trim().len() == 5 => {
                (h, m)
            }
            _ => {
                return Err(format!(
                    "{text:?} has a time that is not HH:MM between 00:00 and 24:00"
                ));
            }
        };
        Ok(h * 3600 + m * 60)
    };
    let (start, end) = (clock(a)?, clock(b)?);
    if end <= start {
        return Err(format!(
            "{text:?} ends before it starts; write an overnight shift as two intervals, one each side of midnight"
        ));
    }
    Ok(Interval { start, end })
}

impl std::str::FromStr for Policy {
    type Err = PolicyErrors;

    /// A policy file loaded for new tickets: every check, completeness too.
    fn from_str(text: &str) -> Result<Policy, PolicyErrors> {
        parse(text, true)
    }
}

impl Policy {
    /// A policy version read back from the ticket log. It passed the checks
    /// of its day when it was recorded; a version recorded before a policy
    /// had to be complete must still judge the tickets pinned to it, so
    /// completeness is not asked again. Every other check is.
    pub fn from_recorded(text: &str) -> Result<Policy, PolicyErrors> {
        parse(text, false)
    }
}

fn parse(text: &str, complete: bool) -> Result<Policy, PolicyErrors> {
    let raw: RawPolicy = toml::from_str(text).map_err(|e| {
        let mut c = Checker {
            text,
            errors: vec![],
        };
        let message = e
            .message()
            .trim()
            .replace('\n', "; ")
            .replace("expected i64", "expected a whole number")
            .replace("expected u8", "expected a whole number");
        c.err(&e.span().unwrap_or(0..0), message);
        c.finish()
    })?;
    let mut c = Checker {
        text,
        errors: vec![],
    };
    let policy = build(&mut c, &raw);
    if complete {
        check_complete(&mut c, &raw);
    }
    if c.errors.is_empty() {
        Ok(policy)
    } else {
        Err(c.finish())
    }
}

/// Severities 1, 2 and 3 each need response, update and restore targets. A
/// target that is present but wrong has its own error already; only what is
/// absent is reported here, once per severity, where it would be added: after
/// the table's last key, or at the end of the file for a missing table.
fn check_complete(c: &mut Checker, raw: &RawPolicy) {
    fn list(items: &[String], last: &str) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
        }
    }
    for (sev, (response, update, restore)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
        let Some(table) = raw.severity.get(&sev.to_string()) else {
            let end = c.text.len();
            c.err(
                &(end..end),
                format!(
                    "severity {sev} has no targets; add a [severity.{sev}] table with response = \"{response}\", update = \"{update}\" and restore = \"{restore}\""
                ),
            );
            continue;
        };
        let t = table.get_ref();
        let slots = [
            ("response", t.response.as_ref().map(Spanned::span), response),
            ("update", t.update.as_ref().map(Spanned::span), update),
            ("restore", t.restore.as_ref().map(Spanned::span), restore),
        ];
        let missing: Vec<_> = slots.iter().filter(|(_, span, _)| span.is_none()).collect();
        if missing.is_empty() {
            continue;
        }
        let last_key = slots
            .iter()
            .filter_map(|(_, span, _)| span.as_ref().map(|s| s.end))
            .chain(t.name.as_ref().map(|n| n.span().end))
            .chain([table.span().end])
            .max()
            .unwrap_or(0);
        let at = c.next_line(last_key.saturating_sub(1));
        let names: Vec<String> = missing.iter().map(|(n, _, _)| n.to_string()).collect();
        let adds: Vec<String> = missing
            .iter()
            .map(|(n, _, hint)| format!("{n} = \"{hint}\""))
            .collect();
        c.err(
            &(at..at),
            format!(
                "severity {sev} has no {} target; add {}",
                list(&names, "or"),
                list(&adds, "and")
            ),
        );
    }
}

fn build(c: &mut Checker, raw: &RawPolicy) -> Policy {
    let severity_change = match raw
        .severity_change
        .as_ref()
        .map(|s| (s.get_ref().as_str(), s.span()))
    {
        None | Some(("retroactive", _)) => SeverityChange::Retroactive,
        Some(("restart", _)) => SeverityChange::Restart,
        Some((other, span)) => {
            c.err(
                &span,
                format!("severity_change is {other:?}; expected \"retroactive\" or \"restart\""),
            );
            SeverityChange::Retroactive
        }
    };

    let mut pauses = Pauses {
        response: false,
        update: true,
        restore: true,
    };
    let mut remind_after_secs = DEFAULT_REMIND_AFTER_SECS;
    if let Some(r) = raw.waiting.as_ref().and_then(|w| w.remind_after.as_ref()) {
        match parse_duration(r.get_ref()) {
            Ok(secs) => remind_after_secs = secs,
            Err(e) => c.err(&r.span(), format!("waiting.remind_after: {e}")),
        }
    }
    if let Some(listed) = raw.waiting.as_ref().and_then(|w| w.pauses.as_ref()) {
        pauses = Pauses::default();
        for p in listed {
            match p.get_ref().as_str() {
                "response" => pauses.response = true,
                "update" => pauses.update = true,
                "restore" => pauses.restore = true,
                other => c.err(
                    &p.span(),
                    format!("waiting.pauses has {other:?}; expected \"response\", \"update\" or \"restore\""),
                ),
            }
        }
    }

    let mut calendars = vec![Calendar::Always];
    let mut names = vec!["24x7".to_string()];
    for (name, cal) in &raw.calendars {
        if name == "24x7" {
            c.err(
                &cal.span(),
                "calendar \"24x7\" is built in and cannot be redefined; give yours another name",
            );
            continue;
        }
        // A calendar that failed has its own errors; it still counts as
        // defined, so targets that name it are not reported a second time.
        // (The policy is refused, so the placeholder is never used.)
        let built = build_calendar(c, name, cal);
        calendars.push(built.map_or(Calendar::Always, |b| Calendar::Business(Box::new(b))));
        names.push(name.clone());
    }

    let target = |c: &mut Checker, t: &Option<Spanned<RawTarget>>, what: &str| -> Option<Target> {
        let t = t.as_ref()?;
        let (text, span, cal) = match t.get_ref() {
            RawTarget::Short(s) => (s.clone(), t.span(), None),
            RawTarget::Full(f) => (
                f.target.get_ref().clone(),
                f.target.span(),
                f.calendar.as_ref(),
            ),
        };
        let secs = parse_duration(&text)
            .map_err(|e| c.err(&span, format!("{what}: {e}")))
            .ok()?;
        let calendar = match cal {
            None => 0,
            Some(name) => match names.iter().position(|n| n == name.get_ref()) {
                Some(i) => i,
                None => {
                    let known = names.join(", ");
                    c.err(
                        &name.span(),
                        format!(
                            "{what}: no calendar named {:?}; known: {known}",
                            name.get_ref()
                        ),
                    );
                    return None;
                }
            },
        };
        Some(Target { secs, calendar })
    };

    let mut severities = BTreeMap::new();
    for (key, t) in &raw.severity {
        let Some(sev) = Severity::from_key(key) else {
            c.err(
                &t.span(),
                format!("[severity.{key}] is not a severity; expected 1, 2 or 3"),
            );
            continue;
        };
        let raw_t = t.get_ref();
        let what = format!("severity.{key}");
        let targets = Targets {
            name: raw_t
                .name
                .as_ref()
                .map_or_else(|| format!("Severity {key}"), |n| n.get_ref().clone()),
            response: target(c, &raw_t.response, &format!("{what}.response")),
            update: target(c, &raw_t.update, &format!("{what}.update")),
            restore: target(c, &raw_t.restore, &format!("{what}.restore")),
            own: target(c, &raw_t.own, &format!("{what}.own")),
        };
        severities.insert(sev, targets);
    }

    let mut provisioning = Targets {
        name: "Provisioning".into(),
        ..Targets::default()
    };
    if let Some(p) = &raw.provisioning {
        let p = p.get_ref();
        if let Some(name) = &p.name {
            provisioning.name = name.get_ref().clone();
        }
        provisioning.response = target(c, &p.response, "provisioning.response");
        provisioning.update = target(c, &p.update, "provisioning.update");
        provisioning.own = target(c, &p.own, "provisioning.own");
        if let Some(r) = &p.restore {
            c.err(
                &r.span(),
                "provisioning.restore: restore targets apply to incidents only; remove it",
            );
        }
    }

    let mut escalation: Vec<EscalationLevel> = Vec::new();
    for (i, l) in raw.escalation.iter().enumerate() {
        let level = l.get_ref();
        let expected = i as i64 + 1;
        // A level that follows the one written before it is not reported
        // again: levels 2, 3 are one mistake (no level 1), not two.
        let follows = i > 0
            && raw.escalation[i - 1]
                .get_ref()
                .level
                .get_ref()
                .checked_add(1)
                == Some(*level.level.get_ref());
        if *level.level.get_ref() != expected && !follows {
            c.err(
                &level.level.span(),
                format!(
                    "escalation level {} is out of order; levels start at 1 and climb by one, so this one should be {expected}",
                    level.level.get_ref()
                ),
            );
        }
        let mut after = BTreeMap::new();
        for (key, d) in &level.after {
            let Some(sev) = Severity::from_key(key) else {
                c.err(
                    &d.span(),
                    format!("escalation.after has severity {key:?}; expected 1, 2 or 3"),
                );
                continue;
            };
            let Ok(secs) = parse_duration(d.get_ref())
                .map_err(|e| c.err(&d.span(), format!("escalation level {expected}: {e}")))
            else {
                continue;
            };
            // Against every earlier level, not just the one before: a level
            // may leave a severity out.
            let earlier = escalation
                .iter()
                .filter_map(|p| p.after.get(&sev).map(|a| (p.level, *a)))
                .max_by_key(|(_, a)| *a);
            if let Some((level, prev)) = earlier
                && secs <= prev
            {
                c.err(
                        &d.span(),
                        format!(
                            "escalation level {expected} is due after {} for severity {key}, not later than level {level}; thresholds must grow with the level",
                            d.get_ref()
                        ),
                    );
            }
            after.insert(sev, secs);
        }
        escalation.push(EscalationLevel {
            level: expected as u8,
            contact: level.contact.clone(),
            after,
        });
    }
    if escalation.len() > 9 {
        c.err(
            &raw.escalation[9].span(),
            "more than 9 escalation levels; keep the path short enough to climb",
        );
    }

    Policy {
        severity_change,
        pauses,
        remind_after_secs,
        calendars,
        severities,
        provisioning,
        escalation,
        referrals: raw.referrals.clone(),
    }
}

fn build_calendar(
    c: &mut Checker,
    name: &str,
    cal: &Spanned<RawCalendar>,
) -> Option<BusinessCalendar> {
    let raw = cal.get_ref();
    let errors_before = c.errors.len();
    let tz: Option<Tz> = match raw.timezone.get_ref().parse() {
        Ok(tz) => Some(tz),
        Err(_) => {
            c.err(
                &raw.timezone.span(),
                format!(
                    "calendars.{name}.timezone {:?} is not an IANA time zone; write it like \"Australia/Brisbane\" or \"Europe/London\"",
                    raw.timezone.get_ref()
                ),
            );
            None
        }
    };
    let days = [
        &raw.mon, &raw.tue, &raw.wed, &raw.thu, &raw.fri, &raw.sat, &raw.sun,
    ];
    let day_names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut week: [Vec<Interval>; 7] = Default::default();
    for (d, list) in days.iter().enumerate() {
        for item in list.iter().flatten() {
            match parse_interval(item.get_ref()) {
                Ok(iv) => {
                    if let Some(prev) = week[d].last()
                        && iv.start < prev.end
                    {
                        c.err(
                                &item.span(),
                                format!(
                                    "calendars.{name}.{}: {iv} overlaps or comes before {prev}; list a day's intervals in order without overlap",
                                    day_names[d]
                                ),
                            );
                        continue;
                    }
                    week[d].push(iv);
                }
                Err(e) => c.err(
                    &item.span(),
                    format!("calendars.{name}.{}: {e}", day_names[d]),
                ),
            }
        }
    }
    if week.iter().all(|d| d.is_empty()) && c.errors.len() == errors_before {
        c.err(
            &cal.span(),
            format!("calendar {name:?} has no open hour in the week, so no target on it could ever be met; add intervals such as mon = [\"09:00-17:00\"]"),
        );
    }
    let mut holidays = Vec::new();
    for h in &raw.holidays {
        match NaiveDate::parse_from_str(h.get_ref(), "%Y-%m-%d") {
            Ok(d) if h.get_ref().len() == 10 => holidays.push(d),
            _ => c.err(
                &h.span(),
                format!(
                    "calendars.{name}.holidays: {:?} is not a date; write it as \"YYYY-MM-DD\"",
                    h.get_ref()
                ),
            ),
        }
    }
    if c.errors.len() > errors_before {
        return None;
    }
    Some(BusinessCalendar::new(name, tz?, week, &holidays))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<PolicyError> {
        match text.parse::<Policy>() {
            Ok(_) => panic!("policy was accepted:\n{text}"),
            Err(e) => e.0,
        }
    }

    /// `text` with the severity tables it does not have, complete with the
    /// shipped targets: for tests about something other than completeness.
    fn with_targets(text: &str) -> String {
        let mut out = text.to_string();
        for (sev, (r, u, x)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
            if !text.contains(&format!("[severity.{sev}]")) {
                out.push_str(&format!(
                    "\n[severity.{sev}]\nresponse = \"{r}\"\nupdate = \"{u}\"\nrestore = \"{x}\"\n"
                ));
            }
        }
        out
    }

    /// The one error of `text`, as (line, column, message).
    fn error(text: &str) -> (usize, usize, String) {
        let e = errors(text);
        assert_eq!(e.len(), 1, "{e:?}");
        (e[0].line, e[0].column, e[0].message.clone())
    }

    #[test]
    fn embedded_default_is_the_published_table() {
        let p = Policy::default_policy();
        let m = 60;
        let h = 3600;
        // (severity, response, update, restore, restore counted on business hours)
        let table = [
            (1, 15 * m, 30 * m, 6 * h, false),
            (2, 15 * m, 60 * m, 24 * h, false),
            (3, 30 * m, 4 * h, 48 * h, true),
        ];
        assert_eq!(p.severities.len(), 3);
        for (sev, response, update, restore, business) in table {
            let t = &p.severities[&Severity::new(sev).unwrap()];
            assert_eq!(
                t.response,
                Some(Target {
                    secs: response,
                    calendar: 0
                }),
                "severity {sev}"
            );
            assert_eq!(
                t.update,
                Some(Target {
                    secs: update,
                    calendar: 0
                }),
                "severity {sev}"
            );
            let r = t.restore.as_ref().unwrap();
            assert_eq!(r.secs, restore, "severity {sev}");
            assert_eq!(
                p.calendar(r).name() == "business",
                business,
                "severity {sev}"
            );
        }
        let Calendar::Business(b) = p.calendar_named("business").unwrap() else {
            panic!()
        };
        assert_eq!(b.timezone(), Tz::named("Australia/Brisbane").unwrap());
        assert_eq!(b.week_secs(), 5 * 8 * h);
        assert_eq!(p.provisioning.response, None);
        assert_eq!(p.provisioning.update, None);
        assert_eq!(p.severity_change, SeverityChange::Retroactive);
        assert_eq!(
            p.pauses,
            Pauses {
                response: false,
                update: true,
                restore: true
            }
        );
        assert_eq!(p.remind_after_secs, 24 * h);
        type Row<'a> = (u8, Option<&'a i64>, Option<&'a i64>, Option<&'a i64>);
        let path: Vec<Row> = p
            .escalation
            .iter()
            .map(|l| {
                (
                    l.level,
                    l.after.get(&Severity::S1),
                    l.after.get(&Severity::S2),
                    l.after.get(&Severity::S3),
                )
            })
            .collect();
        assert_eq!(
            path,
            vec![
                (1, Some(&(2 * h)), Some(&(12 * h)), None),
                (2, Some(&(6 * h)), Some(&(24 * h)), None),
                (3, Some(&(12 * h)), Some(&(48 * h)), None)
            ]
        );
        assert!(
            p.escalation[0]
                .contact
                .starts_with("Customer Support and Operations Manager")
        );
        assert!(
            p.escalation[1]
                .contact
                .starts_with("Head of Customer and Network Services")
        );
        assert!(
            p.escalation[2]
                .contact
                .starts_with("Chief Operating Officer")
        );
        assert!(
            p.escalation
                .iter()
                .all(|l| l.contact.contains("@example.com"))
        );
        assert!(p.referrals["billing"].contains("Accounts Receivable"));
        assert!(p.referrals["sales"].contains("Sales"));
    }

    #[test]
    fn time_to_own_is_optional_and_checked_like_any_target() {
        let p = Policy::default_policy();
        assert!(
            p.severities.values().all(|t| t.own.is_none()),
            "shipped: none"
        );
        assert_eq!(p.provisioning.own, None);
        let p: Policy = with_targets(
            "[severity.1]\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\nown = \"10m\"\n[provisioning]\nown = { target = \"1h\", calendar = \"24x7\" }\n",
        )
        .parse()
        .unwrap();
        assert_eq!(
            p.severities[&Severity::S1].own,
            Some(Target {
                secs: 600,
                calendar: 0
            })
        );
        assert_eq!(p.severities[&Severity::S2].own, None);
        assert_eq!(p.provisioning.own.as_ref().map(|t| t.secs), Some(3600));
        assert_eq!(
            p.target(Kind::Incident, Some(Severity::S1), ClockKind::Own),
            p.severities[&Severity::S1].own.as_ref()
        );
        // Refused as any target is, with its place and name.
        let own = |value: &str| {
            error(&with_targets(&format!(
                "[severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"1d\"\nown = {value}\n"
            )))
        };
        let (line, col, msg) = own("\"0m\"");
        assert_eq!((line, col), (5, 7));
        assert_eq!(
            msg,
            "severity.2.own: \"0m\" is zero; a target must be at least one second"
        );
        assert!(
            own("\"soon\"")
                .2
                .starts_with("severity.2.own: \"soon\" is not a duration"),
            "{:?}",
            own("\"soon\"")
        );
        assert!(own("\"400days\"").2.contains("longer than 366 days"));
        let (_, _, msg) = own("{ target = \"1h\", calendar = \"office\" }");
        assert_eq!(
            msg,
            "severity.2.own: no calendar named \"office\"; known: 24x7"
        );
        let (line, _, msg) = error(&with_targets(
            "[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = \"2d\"\nowner = \"1h\"\n",
        ));
        assert_eq!(line, 5);
        assert!(msg.contains("owner"), "a typo is not dropped: {msg}");
    }

    #[test]
    fn remind_after_is_read_placed_and_defaults_to_a_day() {
        let parsed = |waiting: &str| -> Policy { with_targets(waiting).parse().unwrap() };
        let p = parsed("[waiting]\nremind_after = \"8h\"\n");
        assert_eq!(p.remind_after_secs, 8 * 3600);
        // Without `pauses`, the table keeps the default pauses.
        assert_eq!(p.pauses, parsed("").pauses);
        assert_eq!(parsed("").remind_after_secs, DEFAULT_REMIND_AFTER_SECS);
        let p = parsed("[waiting]\npauses = [\"restore\"]\n");
        assert_eq!(p.remind_after_secs, DEFAULT_REMIND_AFTER_SECS);
        assert!(!p.pauses.update);
        let e = errors(&with_targets(
            "[waiting]\npauses = [\"update\"]\nremind_after = \"400days\"\n",
        ));
        let shown = PolicyErrors(e).with_file("severity.toml");
        assert!(
            shown.starts_with(
                "severity.toml:3:16: waiting.remind_after: \"400days\" is longer than 366 days"
            ),
            "{shown}"
        );
        let (line, _, msg) = error("[waiting]\nremind_aftr = \"8h\"\n");
        assert_eq!(line, 2);
        assert!(msg.contains("remind_aftr"), "{msg}");
    }

    #[test]
    fn syntax_errors_name_the_line_and_column() {
        let (line, col, msg) = error("[severity.1]\nresponse = \"15m\nupdate = \"30m\"\n");
        assert_eq!((line, col), (2, 16), "{msg}");
    }

    #[test]
    fn unknown_keys_are_errors_not_silently_dropped() {
        let (line, col, msg) = error("[severity.1]\nresponse = \"15m\"\nrestor = \"6h\"\n");
        assert_eq!((line, col), (3, 1));
        assert!(msg.contains("restor"), "{msg}");
        let (line, _, msg) =
            error("[severity.3]\nrestore = { target = \"48h\", calender = \"business\" }\n");
        assert_eq!(line, 2);
        assert!(msg.contains("calender") || msg.contains("unknown"), "{msg}");
    }

    #[test]
    fn wrong_types_are_explained() {
        let (line, _, msg) = error("[[escalation]]\nlevel = \"one\"\ncontact = \"x\"\n");
        assert_eq!(line, 2);
        assert!(msg.contains("expected a whole number"), "{msg}");
    }

    #[test]
    fn impossible_policies_are_refused() {
        let cal =
            |body: &str| format!("[calendars.b]\ntimezone = \"Australia/Brisbane\"\n{body}\n");
        // (case, policy text, line of the error, words the message must hold)
        let cases: Vec<(&str, String, usize, &str)> = vec![
            ("no open hour", cal(""), 1, "no open hour"),
            ("reversed interval", cal("mon = [\"17:00-09:00\"]"), 3, "ends before it starts"),
            ("overlapping intervals", cal("mon = [\"09:00-13:00\", \"12:00-17:00\"]"), 3, "overlaps"),
            ("time past midnight", cal("mon = [\"09:00-24:30\"]"), 3, "HH:MM"),
            ("unknown zone", "[calendars.b]\ntimezone = \"Mars/Olympus\"\nmon = [\"09:00-17:00\"]\n".into(), 2, "IANA"),
            ("bad holiday", cal("mon = [\"09:00-17:00\"]\nholidays = [\"2026-13-01\"]"), 4, "YYYY-MM-DD"),
            ("zero target", "[severity.1]\nresponse = \"0m\"\n".into(), 2, "zero"),
            ("not a duration", "[severity.1]\nresponse = \"soon\"\n".into(), 2, "not a duration"),
            ("negative target", "[severity.1]\nresponse = \"-5m\"\n".into(), 2, "not a duration"),
            ("unknown calendar", "[severity.3]\nrestore = { target = \"48h\", calendar = \"office\" }\n".into(), 2, "no calendar named"),
            ("severity 4", "[severity.4]\nresponse = \"1h\"\n".into(), 1, "not a severity"),
            ("levels not starting at 1", "[[escalation]]\nlevel = 2\ncontact = \"x\"\n".into(), 2, "should be 1"),
            (
                "duplicated level",
                "[[escalation]]\nlevel = 1\ncontact = \"x\"\n[[escalation]]\nlevel = 1\ncontact = \"y\"\n".into(),
                5,
                "should be 2",
            ),
            (
                "thresholds that do not grow",
                "[[escalation]]\nlevel = 1\ncontact = \"x\"\nafter = { 1 = \"2h\" }\n[[escalation]]\nlevel = 2\ncontact = \"y\"\nafter = { 1 = \"2h\" }\n".into(),
                8,
                "must grow",
            ),
            (
                "thresholds that shrink past a level that skips the severity",
                "[[escalation]]\nlevel = 1\ncontact = \"x\"\nafter = { 1 = \"2h\" }\n[[escalation]]\nlevel = 2\ncontact = \"y\"\nafter = { 2 = \"12h\" }\n[[escalation]]\nlevel = 3\ncontact = \"z\"\nafter = { 1 = \"1h\" }\n".into(),
                12,
                "not later than level 1",
            ),
            ("unknown pause", "[waiting]\npauses = [\"restore\", \"respnse\"]\n".into(), 2, "respnse"),
            ("remind_after not a duration", "[waiting]\nremind_after = \"a day\"\n".into(), 2, "waiting.remind_after: \"a day\" is not a duration"),
            ("zero remind_after", "[waiting]\npauses = []\nremind_after = \"0s\"\n".into(), 3, "waiting.remind_after: \"0s\" is zero"),
            ("unknown severity_change", "severity_change = \"sometimes\"\n".into(), 1, "retroactive"),
            ("restore for provisioning", "[provisioning]\nrestore = \"1h\"\n".into(), 2, "incidents only"),
        ];
        for (case, text, line, words) in cases {
            let e = errors(&text);
            assert_eq!(e[0].line, line, "{case}: {e:?}");
            assert!(e[0].message.contains(words), "{case}: {:?}", e[0].message);
        }
    }

    #[test]
    fn every_problem_is_listed_in_file_order() {
        let e = errors(&with_targets(
            "[severity.1]\nresponse = \"0m\"\nupdate = \"soon\"\nrestore = \"6h\"\n[severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"0h\"\n",
        ));
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 8]);
        let shown = PolicyErrors(e).with_file("severity.toml");
        assert!(
            shown.starts_with("severity.toml:2:12: severity.1.response:"),
            "{shown}"
        );
    }

    #[test]
    fn a_24x7_calendar_cannot_be_redefined_but_need_not_be() {
        assert!(
            error(&with_targets(
                "[calendars.24x7]\ntimezone = \"UTC\"\nmon = [\"00:00-24:00\"]\n"
            ))
            .2
            .contains("built in")
        );
        let p: Policy = with_targets(
            "[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = { target = \"1h\", calendar = \"24x7\" }\n",
        )
        .parse()
        .unwrap();
        assert_eq!(
            p.severities[&Severity::S3].restore,
            Some(Target {
                secs: 3600,
                calendar: 0
            })
        );
    }

    #[test]
    fn japanese_text_in_names_and_contacts_is_kept() {
        let p: Policy = with_targets("[severity.1]\nname = \"サービスの損失\"\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\n[[escalation]]\nlevel = 1\ncontact = \"カスタマーサポート <esc@example.com>\"\n")
            .parse()
            .unwrap();
        assert_eq!(p.severities[&Severity::S1].name, "サービスの損失");
        assert_eq!(
            p.escalation[0].contact,
            "カスタマーサポート <esc@example.com>"
        );
        // Columns count characters, not bytes.
        let (line, col, _) = error(&with_targets(
            "[severity.1]\nname = \"損失\"\nresponse = \"0m\"\nupdate = \"30m\"\nrestore = \"6h\"\n",
        ));
        assert_eq!((line, col), (3, 12));
    }

    /// Where the policy's meaning ends in `text`: the end of its last line
    /// that is not blank or a comment, without that line's own comment.
    fn meaning_ends(text: &str) -> usize {
        let mut end = 0;
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let content = line.split('#').next().unwrap_or("").trim_end();
            if !content.trim().is_empty() {
                end = start + content.len();
            }
            start += line.len();
        }
        end
    }

    #[test]
    fn every_truncation_of_the_shipped_file_is_refused_or_whole() {
        let full = Policy::default_policy();
        // The last line of meaning holds no '#' inside a string, so
        // `meaning_ends` reads it right.
        let last = DEFAULT_POLICY[..meaning_ends(DEFAULT_POLICY)]
            .lines()
            .last()
            .unwrap();
        assert!(!last.contains('#'), "{last}");
        // Also with trailing comments, which a cut may drop freely.
        let commented = format!("{DEFAULT_POLICY}\n# A trailing comment.\n# Another one.\n");
        for text in [DEFAULT_POLICY, commented.as_str()] {
            let ends = meaning_ends(text);
            let lines: Vec<usize> = text
                .split_inclusive('\n')
                .scan(0, |at, l| {
                    *at += l.len();
                    Some(*at)
                })
                .collect();
            let cuts = std::iter::once(0)
                .chain(lines)
                .chain((0..text.len()).step_by(64))
                .chain([text.len()]);
            let (mut refused, mut whole) = (0, 0);
            for cut in cuts {
                let part = &text.as_bytes()[..cut];
                match policy_text(part).and_then(str::parse::<Policy>) {
                    Ok(p) => {
                        assert_eq!(p, full, "cut at byte {cut} gave another policy");
                        whole += 1;
                    }
                    Err(e) => {
                        assert!(!e.0.is_empty());
                        refused += 1;
                    }
                }
                // Refused exactly when the cut takes some of the policy's meaning.
                assert_eq!(
                    cut >= ends,
                    policy_text(part).and_then(str::parse::<Policy>).is_ok(),
                    "cut at byte {cut} (meaning ends at {ends}):\n...{}",
                    &text[cut.saturating_sub(80)..cut]
                );
            }
            assert!(
                refused > 100 && whole >= 1,
                "{refused} refused, {whole} whole"
            );
        }
    }

    #[test]
    fn an_incomplete_policy_says_what_is_missing_and_where() {
        // An empty file: every severity, at the end of the file.
        let e = errors("");
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert_eq!(
            e[1].message,
            "severity 2 has no targets; add a [severity.2] table with response = \"15m\", update = \"60m\" and restore = \"24h\""
        );
        // Only [severity.1]: its keys after the header, the others at the end.
        let e = errors("# policy\n[severity.1]\n");
        let shown: Vec<(usize, usize, &str)> = e
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    3,
                    1,
                    "severity 1 has no response, update or restore target; add response = \"15m\", update = \"30m\" and restore = \"6h\""
                ),
                (
                    3,
                    1,
                    "severity 2 has no targets; add a [severity.2] table with response = \"15m\", update = \"60m\" and restore = \"24h\""
                ),
                (
                    3,
                    1,
                    "severity 3 has no targets; add a [severity.3] table with response = \"30m\", update = \"4h\" and restore = \"48h\""
                ),
            ]
        );
        // One target left out of the shipped file: the line it was on.
        let line = DEFAULT_POLICY
            .lines()
            .position(|l| l == "restore = \"24h\"")
            .unwrap()
            + 1;
        let text = DEFAULT_POLICY.replace("restore = \"24h\"\n", "");
        let (l, col, msg) = error(&text);
        assert_eq!((l, col), (line, 1));
        assert_eq!(
            msg,
            "severity 2 has no restore target; add restore = \"24h\""
        );
        // Two left out of an inline table.
        let (line, col, msg) = error(
            "[severity]\n1 = { response = \"15m\" }\n2 = { response = \"15m\", update = \"1h\", restore = \"1d\" }\n3 = { response = \"30m\", update = \"4h\", restore = \"2d\" }\n",
        );
        assert_eq!((line, col), (3, 1));
        assert_eq!(
            msg,
            "severity 1 has no update or restore target; add update = \"30m\" and restore = \"6h\""
        );
        // A target that is there but wrong is reported once, as wrong.
        let e = errors(&DEFAULT_POLICY.replace("update = \"60m\"", "update = \"0m\""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("zero"), "{e:?}");
        // A version already in the ticket log is read back without this check.
        let p = Policy::from_recorded("[severity.1]\nresponse = \"15m\"\n").unwrap();
        assert_eq!(p.severities.len(), 1);
        assert!(Policy::from_recorded("[severity.1]\nresponse = \"0m\"\n").is_err());
    }

    #[test]
    fn the_suggested_targets_are_the_shipped_ones() {
        let p = Policy::default_policy();
        for (sev, (r, u, x)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
            let t = &p.severities[&sev];
            for (target, text) in [(&t.response, r), (&t.update, u), (&t.restore, x)] {
                assert_eq!(
                    target.as_ref().map(|t| t.secs),
                    Some(parse_duration(text).unwrap()),
                    "severity {sev}"
                );
            }
        }
    }

    #[test]
    fn a_broken_calendar_is_reported_once() {
        let text = DEFAULT_POLICY.replace("Australia/Brisbane", "Australia/Brisbain");
        let e = errors(&text);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("IANA"), "{e:?}");
        let text = DEFAULT_POLICY.replace("mon = [\"09:00-17:00\"]", "mon = [\"17:00-09:00\"]");
        assert_eq!(errors(&text).len(), 1);
        // Levels 2 and 3 with no level 1 are one mistake.
        let e = errors(&with_targets(
            "[[escalation]]\nlevel = 2\ncontact = \"x\"\n[[escalation]]\nlevel = 3\ncontact = \"y\"\n",
        ));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("should be 1"), "{e:?}");
    }

    #[test]
    fn a_severity_is_spelled_one_way() {
        for key in ["01", "+1", "1.0", " 1"] {
            let text = with_targets(&format!("[severity.\"{key}\"]\nresponse = \"1h\"\n"));
            let e = errors(&text);
            assert!(
                e.iter().any(|e| e.message.contains("not a severity")),
                "{key}: {e:?}"
            );
        }
    }

    #[test]
    fn durations_are_bounded() {
        assert_eq!(parse_duration("366days"), Ok(MAX_TARGET_SECS));
        for text in ["367days", "9999999999999h", "2years"] {
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains("at most \"366days\""), "{text}: {e}");
        }
        let e = parse_duration("99999999999999999999999h").unwrap_err();
        assert!(e.contains("not a duration"), "{e}");
        // In the file: with its place, for targets and thresholds alike.
        let text = DEFAULT_POLICY.replace("restore = \"6h\"", "restore = \"9999999999999h\"");
        let (line, col, msg) = error(&text);
        let want = DEFAULT_POLICY
            .lines()
            .position(|l| l.starts_with("restore = \"6h\""))
            .unwrap()
            + 1;
        assert_eq!((line, col), (want, 11), "{msg}");
        assert!(msg.starts_with("severity.1.restore: "), "{msg}");
        let text = DEFAULT_POLICY.replace("after = { 1 = \"12h\"", "after = { 1 = \"400days\"");
        assert!(error(&text).2.contains("366"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed() {
        let e = policy_text(b"[severity.1]\nname = \"caf\xe9\"\n").unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!((e.0[0].line, e.0[0].column), (2, 12));
        assert!(e.0[0].message.contains("0xe9"), "{e}");
        let e = policy_text(b"\xff\xfe").unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (1, 1));
        // Columns count characters before the bad byte.
        let mut bytes = "# 損失\n# é".as_bytes().to_vec();
        bytes.push(0xff);
        let e = policy_text(&bytes).unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (2, 4));
        assert_eq!(policy_text(b"ok = 1\n"), Ok("ok = 1\n"));
    }
}
