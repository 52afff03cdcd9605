//! The checks a policy must pass and their messages: raw file values become
//! checked targets, calendars and escalation levels here, and every problem
//! is collected with its place in the file, so one run reports them all.
//!
//! Pure: text in, `Policy` or positioned messages out.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::keys::{Meant, one_slip_from};
use super::parse::{RawCalendar, RawPolicy, RawTarget};
use super::{
    DEFAULT_REMIND_AFTER_SECS, EscalationLevel, MAX_TARGET_SECS, Pauses, Policy, PolicyError,
    PolicyErrors, SHIPPED_TARGETS, SeverityChange, Target, Targets,
};
use crate::i18n::Msg;
use crate::msg;
use crate::sla::calendar::{BusinessCalendar, Calendar, Interval};
use crate::sla::{Severity, Tz};

/// Collects problems with their positions while the policy is checked.
pub(super) struct Checker<'a> {
    pub(super) text: &'a str,
    pub(super) reading: Reading,
    pub(super) errors: Vec<(usize, Msg)>,
}

/// Why a policy's text is read, which decides how strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// A file that may judge new tickets: every check there is.
    File,
    /// A version read back from the ticket log. It passed the checks of
    /// its day when it was recorded, and must still judge the tickets
    /// pinned to it as it did then: checks added since to catch a slip in
    /// a file (a policy must be complete, a target may not be written in
    /// months, a customer must have a name) are not asked again. The
    /// checks that keep the arithmetic in range are.
    Recorded,
}

impl Checker<'_> {
    /// A duration as a policy writes it (`parse_duration`). A file is read
    /// as time arguments are: `M` is months to the duration parser and one
    /// key from minutes, and months and years have no fixed length, so
    /// `update = "1M"` must not mean a month's cadence; and a target counts
    /// whole seconds, so `1s 500ms` is not quietly one second.
    fn duration(&self, text: &str) -> Result<i64, Msg> {
        let read = humantime::parse_duration(text.trim());
        let unread = matches!(read, Err(ref e) if *e != humantime::DurationError::NumberOverflow);
        if self.reading == Reading::Recorded || unread {
            return parse_duration(text);
        }
        let quoted = crate::i18n::quoted(text);
        if let Some(unit) = calendar_unit(text) {
            let unit = crate::i18n::quoted(unit);
            return Err(msg!("policy-duration-unit", text = quoted, unit = unit));
        }
        let secs = parse_duration(text)?;
        match read {
            Ok(d) if d.subsec_nanos() != 0 => Err(msg!("policy-part-second", text = quoted)),
            _ => Ok(secs),
        }
    }

    pub(super) fn err(&mut self, span: &Range<usize>, message: Msg) {
        self.errors.push((span.start, message));
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

    pub(super) fn finish(mut self) -> PolicyErrors {
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

/// The longest a target or threshold may take to reach on its calendar:
/// ten years (of 365 days and three leap days), so no deadline of a ticket
/// can be past the year 9999 that RFC 3339 writes, and none is a decade off.
pub(super) const MAX_REACH_YEARS: i64 = 10;
const MAX_REACH_DAYS: i64 = MAX_REACH_YEARS * 365 + 3;

/// Why `secs` (written `text`) cannot be counted on `calendar`, if it may
/// take longer than [`MAX_REACH_YEARS`] from some start.
fn unreachable(calendar: &Calendar, secs: i64, text: &str) -> Option<Msg> {
    let days = calendar.longest_reach_days(secs)?;
    (days > MAX_REACH_DAYS).then(|| {
        msg!(
            "policy-unreachable",
            text = format!("{text:?}"),
            calendar = format!("{:?}", calendar.name()),
            years = MAX_REACH_YEARS
        )
    })
}

/// The first unit of a duration that has no fixed length: `M`, months or
/// years, in every spelling the duration parser reads them.
fn calendar_unit(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .find(|unit| {
            matches!(
                *unit,
                "M" | "month" | "months" | "y" | "yr" | "yrs" | "year" | "years"
            )
        })
}

/// Parses a duration such as `15m`, `4h`, `1h 30m` or `2days` to whole
/// seconds: at least one second, at most `MAX_TARGET_SECS`.
pub fn parse_duration(text: &str) -> Result<i64, Msg> {
    let quoted = crate::i18n::quoted(text);
    let too_long = || msg!("policy-too-long", text = quoted.as_str());
    if text.trim().starts_with(['-', '\u{2212}']) {
        return Err(msg!("policy-negative", text = quoted.as_str()));
    }
    let d = humantime::parse_duration(text.trim()).map_err(|e| match e {
        // A number past what a duration holds is simply too long.
        humantime::DurationError::NumberOverflow => too_long(),
        // The parser's own list names units a policy refuses (months,
        // years, parts of a second): the words here name those it reads.
        humantime::DurationError::UnknownUnit { unit, .. } => msg!(
            "policy-unknown-unit",
            text = quoted.as_str(),
            unit = crate::i18n::quoted(unit)
        ),
        e => msg!(
            "policy-not-duration",
            text = quoted.as_str(),
            error = e.to_string()
        ),
    })?;
    let secs = i64::try_from(d.as_secs()).map_err(|_| too_long())?;
    if secs < 1 {
        return Err(if d.is_zero() {
            msg!("policy-zero", text = quoted.as_str())
        } else {
            msg!("policy-under-a-second", text = quoted.as_str())
        });
    }
    if secs > MAX_TARGET_SECS {
        return Err(too_long());
    }
    Ok(secs)
}

/// Parses `09:00-17:00`; `24:00` is the end of the day.
fn parse_interval(text: &str) -> Result<Interval, Msg> {
    let quoted = crate::i18n::quoted(text);
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| msg!("policy-not-interval", text = quoted.as_str()))?;
    let clock = |s: &str| -> Result<u32, Msg> {
        let (h, m) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| msg!("policy-interval-hint", text = quoted.as_str()))?;
        let (h, m): (u32, u32) = match (h.parse(), m.parse()) {
            (Ok(h), Ok(m)) if m < 60 && (h < 24 || (h == 24 && m == 0)) && s.trim().len() == 5 => {
                (h, m)
            }
            _ => {
                return Err(msg!("policy-interval-time", text = quoted.as_str()));
            }
        };
        Ok(h * 3600 + m * 60)
    };
    let (start, end) = (clock(a)?, clock(b)?);
    if end == start {
        return Err(msg!("policy-interval-empty", text = quoted.as_str()));
    }
    if end < start {
        return Err(msg!("policy-interval-backwards", text = quoted.as_str()));
    }
    Ok(Interval { start, end })
}
/// Severities 1, 2 and 3 each need response, update and restore targets. A
/// target that is present but wrong has its own error already; only what is
/// absent is reported here, once per severity, where it would be added: after
/// the table's last key, or at the end of the file for a missing table.
/// What was already told as a slip is not told again: a target whose key
/// was mistyped (`meant`), or a severity whose table header was
/// (`[severity.2x]`, told as not a severity).
pub(super) fn check_complete(c: &mut Checker, raw: &RawPolicy, meant: &Meant) {
    // At most three items: response, update and restore.
    fn or(items: &[String]) -> Msg {
        match items {
            [a, b] => msg!("policy-or-2", a = a, b = b),
            [a, b, c, ..] => msg!("policy-or-3", a = a, b = b, c = c),
            _ => msg!("policy-one", a = items.first().cloned().unwrap_or_default()),
        }
    }
    fn and(items: &[String]) -> Msg {
        match items {
            [a, b] => msg!("policy-and-2", a = a, b = b),
            [a, b, c, ..] => msg!("policy-and-3", a = a, b = b, c = c),
            _ => msg!("policy-one", a = items.first().cloned().unwrap_or_default()),
        }
    }
    for (sev, (response, update, restore)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
        let Some(table) = raw.severity.get(&sev.to_string()) else {
            let misnamed = raw.severity.keys().any(|key| {
                Severity::from_key(key).is_none() && one_slip_from(key, &sev.to_string())
            });
            if misnamed {
                continue;
            }
            let end = c.text.len();
            c.err(
                &(end..end),
                msg!(
                    "policy-no-targets",
                    sev = sev.to_string(),
                    response = response,
                    update = update,
                    restore = restore
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
        let table_path = format!("severity.{sev}");
        let missing: Vec<_> = slots
            .iter()
            .filter(|(name, span, _)| span.is_none() && !meant.holds(&table_path, name))
            .collect();
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
            msg!(
                "policy-missing-targets",
                sev = sev.to_string(),
                names = or(&names),
                adds = and(&adds)
            ),
        );
    }
}

pub(super) fn build(c: &mut Checker, raw: &RawPolicy) -> Policy {
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
                msg!("policy-severity-change", value = crate::i18n::quoted(other)),
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
        match c.duration(r.get_ref()) {
            Ok(secs) => remind_after_secs = secs,
            Err(e) => c.err(
                &r.span(),
                msg!("policy-at", what = "waiting.remind_after", problem = e),
            ),
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
                    msg!("policy-pauses", value = crate::i18n::quoted(other)),
                ),
            }
        }
    }

    let mut calendars = vec![Calendar::Always];
    let mut names = vec!["24x7".to_string()];
    for (name, cal) in &raw.calendars {
        if name == "24x7" {
            c.err(&cal.span(), msg!("policy-24x7"));
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
        let secs = c
            .duration(&text)
            .map_err(|e| c.err(&span, msg!("policy-at", what = what, problem = e)))
            .ok()?;
        let calendar = match cal {
            None => 0,
            Some(name) => match names.iter().position(|n| n == name.get_ref()) {
                Some(i) => i,
                None => {
                    c.err(
                        &name.span(),
                        msg!(
                            "policy-unknown-calendar",
                            what = what,
                            name = crate::i18n::quoted(name.get_ref()),
                            known = names.clone()
                        ),
                    );
                    return None;
                }
            },
        };
        if let Some(problem) = calendars
            .get(calendar)
            .and_then(|cal| unreachable(cal, secs, &text))
        {
            c.err(&span, msg!("policy-at", what = what, problem = problem));
            return None;
        }
        Some(Target { secs, calendar })
    };

    let mut severities = BTreeMap::new();
    for (key, t) in &raw.severity {
        let Some(sev) = Severity::from_key(key) else {
            c.err(&t.span(), msg!("policy-not-severity-table", key = key));
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
            c.err(&r.span(), msg!("policy-provisioning-restore"));
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
                msg!(
                    "policy-level-order",
                    level = level.level.get_ref().to_string(),
                    expected = expected.to_string()
                ),
            );
        }
        let mut after = BTreeMap::new();
        for (key, d) in &level.after {
            let Some(sev) = Severity::from_key(key) else {
                c.err(
                    &d.span(),
                    msg!("policy-after-severity", key = crate::i18n::quoted(key)),
                );
                continue;
            };
            let Ok(secs) = c.duration(d.get_ref()).map_err(|e| {
                let level = expected.to_string();
                c.err(
                    &d.span(),
                    msg!("policy-level-at", level = level, problem = e),
                );
            }) else {
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
                    msg!(
                        "policy-level-not-later",
                        expected = expected.to_string(),
                        after = d.get_ref(),
                        key = key,
                        level = level.to_string()
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
        c.err(&raw.escalation[9].span(), msg!("policy-too-many-levels"));
    }

    let (contracts, customers) = super::contract::build(c, raw, &target, &severities, &escalation);

    // A threshold counts on the restore clock's time: on the calendar of
    // each restore target of its severity, the base's and the contracts'.
    for (level, raw_level) in escalation.iter().zip(&raw.escalation) {
        for (key, d) in &raw_level.get_ref().after {
            let Some((sev, secs)) =
                Severity::from_key(key).and_then(|sev| Some((sev, *level.after.get(&sev)?)))
            else {
                continue;
            };
            let restores = severities
                .get(&sev)
                .and_then(|t| t.restore.as_ref())
                .into_iter()
                .chain(
                    contracts
                        .values()
                        .filter_map(|k| k.severities.get(&sev)?.restore.as_ref()),
                );
            let problem = restores
                .filter_map(|t| calendars.get(t.calendar))
                .find_map(|cal| unreachable(cal, secs, d.get_ref()));
            if let Some(problem) = problem {
                let level = level.level.to_string();
                c.err(
                    &d.span(),
                    msg!("policy-level-at", level = level, problem = problem),
                );
            }
        }
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
        contracts,
        customers,
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
                msg!(
                    "policy-timezone",
                    name = name,
                    zone = crate::i18n::quoted(raw.timezone.get_ref())
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
                            msg!(
                                "policy-overlap",
                                name = name,
                                day = day_names[d],
                                interval = iv.to_string(),
                                previous = prev.to_string()
                            ),
                        );
                        continue;
                    }
                    week[d].push(iv);
                }
                Err(e) => c.err(
                    &item.span(),
                    msg!(
                        "policy-at",
                        what = format!("calendars.{name}.{}", day_names[d]),
                        problem = e
                    ),
                ),
            }
        }
    }
    if week.iter().all(|d| d.is_empty()) && c.errors.len() == errors_before {
        c.err(
            &cal.span(),
            msg!("policy-no-open-hour", name = crate::i18n::quoted(name)),
        );
    }
    let mut holidays = Vec::new();
    for h in &raw.holidays {
        let day = &h.get_ref().0;
        match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(d) if day.len() == 10 => holidays.push(d),
            _ => c.err(
                &h.span(),
                msg!(
                    "policy-holiday-date",
                    name = name,
                    date = crate::i18n::quoted(day)
                ),
            ),
        }
    }
    if c.errors.len() > errors_before {
        return None;
    }
    Some(BusinessCalendar::new(name, tz?, week, &holidays))
}
