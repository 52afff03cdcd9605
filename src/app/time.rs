//! Times typed on the command line: RFC 3339, local wall-clock forms
//! (`2026-11-24 09:00`, `09:00`, `today 9:30`, `yesterday 17:00`, `tomorrow
//! 09:00`, `mon 09:00`), `now`, `15m ago` and `in 2h`. The grammar is one
//! function, [`TimeArg::parse`], which clap runs on every time argument: a
//! time in none of these forms, or a date without a time, is a usage error
//! before anything is opened. The bounds of a period (`--since`, `--until`)
//! also take a day alone, meaning its first instant
//! ([`TimeArg::parse_bound`], the same grammar). What a time means is
//! decided later, by [`TimeArg::resolve`], against an explicit `now` (a
//! write command reads it under the log's lock), zone and [`Look`] (which
//! way a time of day without a day looks), so the rules are testable
//! without a clock. Every resolved time is checked to lie between 1970 and
//! the end of 9999, so no later arithmetic on it (a target added, a month
//! found) can overflow.
//!
//! Its tests (each form, each direction, each daylight-saving case) are
//! in `time/tests.rs`.

use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use crate::output::quoted;
use crate::sla::{Placed, Tz, instant};

/// The first instant slaclock accepts: the Unix epoch.
pub const FIRST_TIME: i64 = 0;
/// The last: 9999-12-31T23:59:59Z, the last instant RFC 3339's four-digit
/// years can write.
pub const LAST_TIME: i64 = 253_402_300_799;
/// `text` names an instant outside the range, in the language of errors
/// (the message `time-range` describes the range).
fn out_of_range(text: &str) -> Unplaced {
    Unplaced::OutOfRange(crate::msg!("refuse-time-out-of-range", text = quoted(text)).to_string())
}

/// Why a well-formed time names no instant, in the language of errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// A local time the clocks skip: never on any clock, so a slip in the
    /// argument, like a malformed time (a usage error, exit 2). The message
    /// names the first instant that exists after it.
    Skipped(String),
    /// Outside 1970..=9999: refused (exit 1).
    OutOfRange(String),
}

impl std::fmt::Display for Unplaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unplaced::Skipped(m) | Unplaced::OutOfRange(m) => f.write_str(m),
        }
    }
}

impl Unplaced {
    /// The error of the flag that gave the time: a usage error (exit 2)
    /// for a skipped time, a refusal (exit 1) for one out of range.
    pub fn of(self, flag: &str) -> anyhow::Error {
        let said = format!("{flag}: {self}");
        match self {
            Unplaced::Skipped(_) => super::exit::UsageError(said).into(),
            Unplaced::OutOfRange(_) => anyhow::anyhow!(said),
        }
    }
}

impl From<Unplaced> for String {
    fn from(u: Unplaced) -> String {
        u.to_string()
    }
}

/// Checks that an instant lies in the range every command can work with.
pub fn in_range(t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (FIRST_TIME..=LAST_TIME)
        .contains(&t.timestamp())
        .then_some(t)
}

/// Which way a time of day looks when it names no day (`09:00`), or names a
/// weekday (`mon 09:00`): to the most recent such time for what has
/// happened (`--at`, `--as-of`, the bounds of a period), to the next for a
/// promise (`--next-update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The most recent such time, at or before "now".
    Back,
    /// The next such time, after "now".
    Ahead,
}

/// A time as typed, its form checked and not yet placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeArg {
    /// As typed, for messages.
    text: String,
    form: Form,
}

/// The forms a time can take; each is resolved against "now" and the zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Now,
    /// `15m ago`. A duration too long for any calendar is kept as
    /// `Duration::MAX`: well formed, and out of range whatever "now" is.
    Ago(Duration),
    /// `in 2h`, likewise.
    In(Duration),
    /// RFC 3339: one instant whatever the zone.
    Instant(DateTime<FixedOffset>),
    /// A time of day in the local zone: on a day named (`2026-11-24 09:00`,
    /// `today 9:30`, `mon 09:00`), or on the day "now" and the [`Look`]
    /// decide (`09:00`).
    Clock(Option<Day>, NaiveTime),
    /// A day alone (`2026-11-24`, `today`): only the bounds of a period
    /// take one, as its first instant; everywhere else it is refused.
    Day(Day),
}

/// A day as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    Date(NaiveDate),
    Today,
    Yesterday,
    Tomorrow,
    /// The most recent or the next such weekday, as the [`Look`] says.
    Weekday(Weekday),
}

impl TimeArg {
    /// The time grammar: which form `text` is in, or why it is in none. A
    /// day without a time is refused, with the fix (a date alone does not
    /// silently mean its midnight).
    pub fn parse(text: &str) -> Result<TimeArg, String> {
        let time = TimeArg::read(text, false)?;
        if let Form::Day(day) = time.form {
            let example = match day {
                Day::Date(_) => format!("{} 09:00", text.trim()),
                _ => format!("{} 09:00", text.trim().to_lowercase()),
            };
            let what = if matches!(day, Day::Date(_)) {
                "date"
            } else {
                "day"
            };
            return Err(crate::msg!(
                "refuse-time-without-time",
                text = quoted(text),
                what = what,
                example = quoted(&example)
            )
            .to_string());
        }
        Ok(time)
    }

    /// The same grammar for a bound of a period (`--since`, `--until`),
    /// where a day alone also stands for its first instant: a report from
    /// `2026-11-01` to `2026-12-01` is November. Text in no form is told
    /// the forms with the day alone among them.
    pub fn parse_bound(text: &str) -> Result<TimeArg, String> {
        TimeArg::read(text, true)
    }

    /// Which form `text` is in, a day alone included; text in none is
    /// refused with the forms the flag takes (a day alone among them for
    /// a `bound`).
    fn read(text: &str, bound: bool) -> Result<TimeArg, String> {
        let t = text.trim();
        let duration = |d: &str| {
            if let Some(unit) = unread_unit(d) {
                return Err(Some(unit.to_string()));
            }
            // Units in any case (`2H`), as words are; `M`, which could be
            // months, is refused above.
            match humantime::parse_duration(&d.trim().to_ascii_lowercase()) {
                Ok(d) => Ok(d),
                Err(humantime::DurationError::NumberOverflow) => Ok(Duration::MAX),
                Err(_) => Err(None),
            }
        };
        // `ago` and `in` in any case (`2H AGO`, `IN 2H`): ASCII case
        // folding keeps every byte where it was, so `t` is cut where its
        // folded copy matched.
        let folded = t.to_ascii_lowercase();
        let form = if folded == "now" {
            Ok(Form::Now)
        } else if folded.ends_with(" ago") {
            duration(&t[..t.len() - " ago".len()]).map(Form::Ago)
        } else if folded.starts_with("in ") {
            duration(&t["in ".len()..]).map(Form::In)
        } else if let Ok(x) = DateTime::parse_from_rfc3339(t) {
            Ok(Form::Instant(x))
        } else {
            parse_local(t).ok_or(None)
        };
        match form {
            Ok(form) => Ok(TimeArg {
                text: text.to_string(),
                form,
            }),
            Err(Some(unit)) => Err(crate::msg!(
                "refuse-time-unit",
                text = quoted(text),
                unit = quoted(&unit)
            )
            .to_string()),
            Err(None) if bound => {
                Err(crate::msg!("refuse-not-a-bound", text = quoted(text)).to_string())
            }
            Err(None) => Err(crate::msg!("refuse-not-a-time", text = quoted(text)).to_string()),
        }
    }

    /// The instant this time names at `now` in `zone`, to whole seconds, or
    /// why it names none (out of range, or a local time the zone skips).
    /// `look` says which way a time of day without a day of its own looks.
    pub fn resolve(
        &self,
        now: DateTime<Utc>,
        zone: Tz,
        look: Look,
    ) -> Result<DateTime<Utc>, Unplaced> {
        let out_of_range = || out_of_range(&self.text);
        let offset = |d: Duration| chrono::Duration::from_std(d).map_err(|_| out_of_range());
        let t = match self.form {
            Form::Now => now,
            Form::Ago(d) => now
                .checked_sub_signed(offset(d)?)
                .ok_or_else(out_of_range)?,
            Form::In(d) => now
                .checked_add_signed(offset(d)?)
                .ok_or_else(out_of_range)?,
            Form::Instant(t) => t.with_timezone(&Utc),
            Form::Clock(day, time) => self.clock(day, time, now, zone, look)?,
            Form::Day(day) => {
                let today = now.with_timezone(&zone).date_naive();
                let date = day_of(day, today, look).ok_or_else(out_of_range)?;
                day_start(date, zone)
            }
        };
        in_range(instant(t.timestamp())).ok_or_else(out_of_range)
    }

    /// A time of day: on the day named, else the nearest such time in the
    /// direction `look` (today's, or the day before or after; for a weekday,
    /// this week's or the one before or after). A time the zone skips on the
    /// day chosen is refused. In a repeated hour both instants read so, and
    /// the nearest on the side `look` says is taken (at 01:45 on the second
    /// pass, `01:40` looking back is five minutes ago, not 65).
    fn clock(
        &self,
        day: Option<Day>,
        time: NaiveTime,
        now: DateTime<Utc>,
        zone: Tz,
        look: Look,
    ) -> Result<DateTime<Utc>, Unplaced> {
        let out_of_range = || out_of_range(&self.text);
        let now_local = now.with_timezone(&zone).naive_local();
        let today = now_local.date();
        let (first, step) = match day {
            None => (today, 1),
            Some(Day::Weekday(w)) => (
                day_of(Day::Weekday(w), today, look).ok_or_else(out_of_range)?,
                7,
            ),
            Some(day) => {
                let date = day_of(day, today, look).ok_or_else(out_of_range)?;
                return self.local(date.and_time(time), zone);
            }
        };
        let step = match look {
            Look::Back => -step,
            Look::Ahead => step,
        };
        let second = first
            .checked_add_signed(chrono::Duration::days(step))
            .ok_or_else(out_of_range)?;
        // The nearest instant on the wanted side that reads as `local`: in
        // a repeated hour either reading may be it.
        let nearest = |local: NaiveDateTime| {
            let readings = zone.readings(local).into_iter().map(instant);
            match look {
                Look::Back => readings.filter(|&x| x <= now).max(),
                Look::Ahead => readings.filter(|&x| x > now).min(),
            }
        };
        let local = first.and_time(time);
        if let Some(x) = nearest(local) {
            return Ok(x);
        }
        // A skipped time has no instant; its wall-clock reading still says
        // on which side of "now" it falls, and there it is refused.
        let skipped = matches!(zone.place(local), Placed::Skipped(_));
        let wanted = match look {
            Look::Back => local <= now_local,
            Look::Ahead => local > now_local,
        };
        if skipped && wanted {
            return self.local(local, zone);
        }
        // A day (or a week) away is on the right side, offsets apart.
        let local = second.and_time(time);
        match nearest(local) {
            Some(x) => Ok(x),
            None => self.local(local, zone),
        }
    }

    /// A local time by the zone's one rule (`sla::Placed`): a repeated time
    /// is its earlier instant; a skipped one never happened, so it is
    /// refused rather than moved, naming the skip and the instant the rule
    /// would move it to (SPEC section 5: the first that exists after it).
    fn local(&self, local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, Unplaced> {
        match zone.place(local) {
            Placed::Exists(t) => Ok(instant(t)),
            Placed::Skipped(change) => Err(Unplaced::Skipped(skipped(&self.text, zone, change))),
        }
    }
}

/// The refusal of `text`, a local time the clocks of `zone` skip at
/// `change` (the first instant after it): the wall-clock times the clocks
/// skip from and to (with their dates when the skip crosses midnight),
/// "for daylight saving" when the zone's rules say so, and that first
/// instant, as a person could type it instead.
fn skipped(text: &str, zone: Tz, change: i64) -> String {
    let reading = |east: i32| DateTime::from_timestamp(change + i64::from(east), 0);
    let (before, after) = (zone.offset_at(change - 1), zone.offset_at(change));
    let (from, to) = match (reading(before), reading(after)) {
        (Some(a), Some(b)) => (a.naive_utc(), b.naive_utc()),
        _ => return out_of_range(text).to_string(),
    };
    let form = if from.date() == to.date() {
        "%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    crate::msg!(
        "refuse-time-skipped",
        text = quoted(text),
        zone = zone.name(),
        from = from.format(form).to_string(),
        to = to.format(form).to_string(),
        dst = if zone.is_dst(change) { "yes" } else { "no" },
        first = crate::output::local(instant(change), zone)
    )
    .to_string()
}

/// The date a day names, seen from `today`: a weekday is today's date if
/// today is that day, else the most recent (`Back`) or the next (`Ahead`).
fn day_of(day: Day, today: NaiveDate, look: Look) -> Option<NaiveDate> {
    let days = |n: i64| today.checked_add_signed(chrono::Duration::days(n));
    match day {
        Day::Date(d) => Some(d),
        Day::Today => Some(today),
        Day::Yesterday => days(-1),
        Day::Tomorrow => days(1),
        Day::Weekday(w) => {
            let from = i64::from(today.weekday().num_days_from_monday());
            let to = i64::from(w.num_days_from_monday());
            match look {
                Look::Back => days(-(from - to).rem_euclid(7)),
                Look::Ahead => days((to - from).rem_euclid(7)),
            }
        }
    }
}

/// A day's first instant in `zone`: its midnight, or, where the clocks skip
/// midnight, the instant they skip to.
fn day_start(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    instant(zone.place(date.and_time(NaiveTime::MIN)).instant())
}

impl std::str::FromStr for TimeArg {
    type Err = String;

    fn from_str(text: &str) -> Result<TimeArg, String> {
        TimeArg::parse(text)
    }
}

/// `SLACLOCK_NOW`: an RFC 3339 instant in range, to the second.
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    let t = DateTime::parse_from_rfc3339(text.trim())
        .map_err(|_| crate::msg!("now-not-rfc3339", value = quoted(text)).to_string())?;
    in_range(instant(t.timestamp())).ok_or_else(|| out_of_range(text).to_string())
}

/// The first unit of a relative time (`15m`, `1h 30m`) that is not one
/// of seconds, minutes, hours, days or weeks: `M` (months, to the
/// duration parser, one letter from minutes), `ms`, `y`, `month`. Months
/// and years have no fixed length, and a slip of the shift key must not
/// move a time by months; each is refused by name. The units read are
/// read in any case (`2H`, `15MIN`), save `M`. The duration flags
/// (`--timeout`, `--max-wait`, `--renotify`) are read by the same rule.
pub(crate) fn unread_unit(duration: &str) -> Option<&str> {
    const READ: [&str; 24] = [
        "s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h",
        "hr", "hrs", "hour", "hours", "d", "day", "days", "w", "wk", "wks", "week", "weeks", "",
    ];
    let d = duration.trim();
    // A duration starts with its number (`soon`, `a bit` are not one at
    // all); every run of characters between numbers (`1.5`) is a unit.
    if !d.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // In any case, save `M`: months to many tools, and refused as such.
    d.split(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .find(|unit| *unit == "M" || !READ.contains(&unit.to_ascii_lowercase().as_str()))
}

/// The local forms: a date and a time, a day word and a time, a time
/// alone, or a day alone.
fn parse_local(t: &str) -> Option<Form> {
    for f in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(x) = NaiveDateTime::parse_from_str(t, f) {
            return Some(Form::Clock(Some(Day::Date(x.date())), x.time()));
        }
    }
    if let Some(time) = time_of_day(t) {
        return Some(Form::Clock(None, time));
    }
    let mut words = t.split_whitespace();
    let day = day(words.next()?)?;
    match (words.next(), words.next()) {
        (None, _) => Some(Form::Day(day)),
        (Some(time), None) => time_of_day(time).map(|time| Form::Clock(Some(day), time)),
        _ => None,
    }
}

/// `HH:MM` or `HH:MM:SS`, the hour in one digit or two.
fn time_of_day(t: &str) -> Option<NaiveTime> {
    ["%H:%M", "%H:%M:%S"]
        .into_iter()
        .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
}

/// A date (`2026-11-24`), `today`, `yesterday`, `tomorrow` or a weekday
/// (`mon` or `monday`), in any case.
fn day(word: &str) -> Option<Day> {
    if let Ok(d) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Some(Day::Date(d));
    }
    let word = word.to_ascii_lowercase();
    match word.as_str() {
        "today" => Some(Day::Today),
        "yesterday" => Some(Day::Yesterday),
        "tomorrow" => Some(Day::Tomorrow),
        // The longer short forms people write, beside chrono's three
        // letters and full names.
        "tues" => Some(Day::Weekday(Weekday::Tue)),
        "weds" => Some(Day::Weekday(Weekday::Wed)),
        "thur" | "thurs" => Some(Day::Weekday(Weekday::Thu)),
        _ => word.parse::<Weekday>().ok().map(Day::Weekday),
    }
}

#[cfg(test)]
mod tests;
