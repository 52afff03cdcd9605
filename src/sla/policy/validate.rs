//! The checks a policy must pass and their messages: raw file values become
//! checked targets, calendars and escalation levels here, and every problem
//! is collected with its place in the file, so one run reports them all.
//!
//! Pure: text in, `Policy` or positioned messages out.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::parse::{RawCalendar, RawPolicy, RawTarget};
use super::{
    DEFAULT_REMIND_AFTER_SECS, EscalationLevel, MAX_TARGET_SECS, Pauses, Policy, PolicyError,
    PolicyErrors, SHIPPED_TARGETS, SeverityChange, Target, Targets,
};
use crate::sla::calendar::{BusinessCalendar, Calendar, Interval};
use crate::sla::{Severity, Tz};

/// Collects problems with their positions while the policy is checked.
pub(super) struct Checker<'a> {
    pub(super) text: &'a str,
    pub(super) errors: Vec<(usize, String)>,
}

impl Checker<'_> {
    pub(super) fn err(&mut self, span: &Range<usize>, message: impl Into<String>) {
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
/// Severities 1, 2 and 3 each need response, update and restore targets. A
/// target that is present but wrong has its own error already; only what is
/// absent is reported here, once per severity, where it would be added: after
/// the table's last key, or at the end of the file for a missing table.
pub(super) fn check_complete(c: &mut Checker, raw: &RawPolicy) {
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

    let (contracts, customers) = super::contract::build(c, raw, &target, &severities, &escalation);

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
