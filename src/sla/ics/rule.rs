//! Yearly recurrence rules (`RRULE:FREQ=YEARLY;...`) as far as holidays
//! need them: parsed with the refusal that names what is not read, and
//! expanded into the dates of the years wanted.

use super::*;

/// `RRULE:FREQ=YEARLY;...`, as far as holidays need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rule {
    interval: i32,
    count: Option<u32>,
    until: Option<NaiveDate>,
    month: Option<u32>,
    day: RuleDay,
}

/// Which day of the month an occurrence falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleDay {
    /// DTSTART's day (a 29 February only in leap years).
    Same,
    /// `BYMONTHDAY=n`, from the end when negative.
    MonthDay(i32),
    /// `BYDAY=2MO`: the nth such weekday of the month, from the end when negative.
    Nth(i32, Weekday),
}

impl Rule {
    /// Whether the rule ends (`COUNT` or `UNTIL`), so its dates are finite.
    pub(super) fn ends(&self) -> bool {
        self.count.is_some() || self.until.is_some()
    }

    pub(super) fn parse(text: &str, line: usize) -> Result<Rule, IcsError> {
        let mut rule = Rule {
            interval: 1,
            count: None,
            until: None,
            month: None,
            day: RuleDay::Same,
        };
        let mut freq = None;
        let mut by_day = None;
        let mut by_month_day = None;
        let single = |key: &str, value: &str| -> Result<(), IcsError> {
            if value.contains(',') {
                return error(line, msg!("ics-rule-many", key = key, value = value));
            }
            Ok(())
        };
        for part in text.trim().split(';').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim();
            let bad = || {
                error(
                    line,
                    msg!("ics-rule-bad", key = key.as_str(), value = value),
                )
            };
            match key.as_str() {
                "FREQ" => freq = Some(value.to_ascii_uppercase()),
                "INTERVAL" => match value.parse::<i32>() {
                    Ok(n) if n >= 1 => rule.interval = n,
                    _ => return bad(),
                },
                "COUNT" => match value.parse::<u32>() {
                    Ok(n) if n >= 1 => rule.count = Some(n),
                    _ => return bad(),
                },
                "UNTIL" => match value.get(..8).and_then(date) {
                    Some(d) if value.len() == 8 || value.as_bytes()[8] == b'T' => {
                        rule.until = Some(d)
                    }
                    _ => return bad(),
                },
                "BYMONTH" => {
                    single(&key, value)?;
                    match value.parse::<u32>() {
                        Ok(m) if (1..=12).contains(&m) => rule.month = Some(m),
                        _ => return bad(),
                    }
                }
                "BYMONTHDAY" => {
                    single(&key, value)?;
                    match value.parse::<i32>() {
                        Ok(d) if d != 0 && (-31..=31).contains(&d) => by_month_day = Some(d),
                        _ => return bad(),
                    }
                }
                "BYDAY" => {
                    single(&key, value)?;
                    let Some(nth) = nth_weekday(value) else {
                        return error(line, msg!("ics-rule-byday", value = value));
                    };
                    by_day = Some(nth);
                }
                "WKST" => {}
                _ => {
                    return error(line, msg!("ics-rule-unsupported", key = key.as_str()));
                }
            }
        }
        match freq.as_deref() {
            Some("YEARLY") => {}
            None => return error(line, msg!("ics-rule-no-freq")),
            Some(other) => {
                return error(line, msg!("ics-rule-not-yearly", freq = other));
            }
        }
        if rule.count.is_some() && rule.until.is_some() {
            return error(line, msg!("ics-rule-count-until"));
        }
        rule.day = match (by_day, by_month_day) {
            (Some(_), Some(_)) => {
                return error(line, msg!("ics-rule-byday-bymonthday"));
            }
            (Some((n, day)), None) => {
                if rule.month.is_none() {
                    return error(line, msg!("ics-rule-byday-month"));
                }
                RuleDay::Nth(n, day)
            }
            (None, Some(d)) => RuleDay::MonthDay(d),
            (None, None) => RuleDay::Same,
        };
        Ok(rule)
    }

    /// The occurrence in `year`, if the year has one.
    pub(super) fn in_year(&self, year: i32, start: NaiveDate) -> Option<NaiveDate> {
        let month = self.month.unwrap_or(start.month());
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        let length = (next - first).num_days() as i32;
        match self.day {
            RuleDay::Same => NaiveDate::from_ymd_opt(year, month, start.day()),
            RuleDay::MonthDay(d) => {
                let day = if d > 0 { d } else { length + 1 + d };
                (1..=length)
                    .contains(&day)
                    .then(|| NaiveDate::from_ymd_opt(year, month, day as u32))
                    .flatten()
            }
            RuleDay::Nth(n, weekday) => {
                let offset = (7 + weekday.num_days_from_monday() as i32
                    - first.weekday().num_days_from_monday() as i32)
                    % 7;
                let matching: Vec<i32> = (offset + 1..=length).step_by(7).collect();
                let day = if n > 0 {
                    matching.get(n as usize - 1)
                } else {
                    matching
                        .len()
                        .checked_sub(n.unsigned_abs() as usize)
                        .and_then(|i| matching.get(i))
                }?;
                NaiveDate::from_ymd_opt(year, month, *day as u32)
            }
        }
    }

    /// The first days of its occurrences up to `last_year`: DTSTART first
    /// (RFC 5545 counts it), then the rule's, `COUNT` and `UNTIL` honoured.
    pub(super) fn starts(&self, start: NaiveDate, last_year: i32) -> Vec<NaiveDate> {
        let mut out = vec![start];
        let mut year = start.year();
        while year <= last_year {
            if self.count.is_some_and(|c| out.len() >= c as usize) {
                break;
            }
            if let Some(d) = self.in_year(year, start).filter(|d| *d > start) {
                if self.until.is_some_and(|u| d > u) {
                    break;
                }
                out.push(d);
            }
            year = match year.checked_add(self.interval) {
                Some(y) => y,
                None => break,
            };
        }
        out
    }
}

/// `2MO`, `+2MO`, `-1FR`.
fn nth_weekday(text: &str) -> Option<(i32, Weekday)> {
    let text = text.trim().to_ascii_uppercase();
    let (n, day) = text.split_at(text.len().checked_sub(2)?);
    let day = match day {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    let n: i32 = n.strip_prefix('+').unwrap_or(n).parse().ok()?;
    ((1..=5).contains(&n.abs())).then_some((n, day))
}
