//! Holidays read from an iCalendar file (RFC 5545), for `holidays import`:
//! every all-day event is a day off on each of its dates, a yearly
//! recurring event on each of its occurrences.
//!
//! The `icalendar` crate parses the content lines (folding, parameters,
//! escaped text) into components. It keeps no positions, so this module
//! reads the unfolded lines once itself, to check the file's shape (a
//! calendar, lines of `NAME:VALUE`, every BEGIN closed by its END) and to
//! name the line of whatever is wrong: an error always carries the line, in
//! the file as written, folded lines counted.
//!
//! What is read, and what is refused rather than guessed:
//! - all-day events: `DTSTART;VALUE=DATE:20260101` (or a bare 8-digit
//!   date), ending before `DTEND` (exclusive) or after `DURATION` whole
//!   days or weeks, else one day long;
//! - yearly recurrences: `RRULE:FREQ=YEARLY` with `INTERVAL`, `COUNT` or
//!   `UNTIL`, and one `BYMONTH` with one `BYMONTHDAY` or one `BYDAY` such
//!   as `2MO` (the second Monday); `EXDATE` and `RDATE` dates; a moved
//!   occurrence (`RECURRENCE-ID`). Other frequencies and rule parts are
//!   refused with their line;
//! - timed events (a `DTSTART` with a time) are no day off: they are
//!   skipped, each with a note the caller shows; so are cancelled events.
//!
//! The years a file covers run from the year of its first event to the
//! last date of its events that end (single events, recurrences with
//! `COUNT` or `UNTIL`); recurrences without an end are expanded over those
//! years. `years` instead gives that many years from the first; dates
//! outside the years are left out, and counted.
//!
//! Pure: it takes the file's text, never reads it.
//!
//! Lines are unfolded in `ics/fold.rs`; yearly rules are read and
//! expanded in `ics/rule.rs`; the tests are in `ics/tests.rs`.
//!
//! Over 600 lines: the file's shape, its events and their dates are one
//! reading of one format; the yearly rules and the tests are apart.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use icalendar::parser::{Component, Property, read_calendar_simple};

use crate::i18n::Msg;
use crate::msg;
use fold::unfold;

/// The most years one import may cover: a policy lists dates, not centuries.
pub const MAX_IMPORT_YEARS: i32 = 50;

/// The longest all-day event, in days.
const MAX_EVENT_DAYS: u64 = 366;

/// The deepest components may nest, the calendar counted. A real calendar
/// nests three (VCALENDAR > VEVENT > VALARM, VCALENDAR > VTIMEZONE >
/// STANDARD); deeper is a broken or hostile file, and the parser would
/// recurse once per level, so it is refused before it is parsed.
const MAX_NESTING: usize = 8;

/// What an iCalendar file holds as holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsHolidays {
    /// The years the file covers (or that `years` asked for).
    pub years: RangeInclusive<i32>,
    /// Every day off in those years, with the names of its events.
    pub dates: BTreeMap<NaiveDate, String>,
    /// Events that are no day off, with why.
    pub skipped: Vec<Skipped>,
    /// Dates of events outside `years`, not imported.
    pub left_out: usize,
}

/// An event that was skipped, where it is and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub summary: String,
    pub why: SkipWhy,
}

/// Why an event is no day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipWhy {
    /// It has a time: not an all-day event.
    Timed,
    /// `STATUS:CANCELLED`.
    Cancelled,
}

impl std::fmt::Display for SkipWhy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipWhy::Timed => "it has a time, so it is not an all-day event",
            SkipWhy::Cancelled => "it is cancelled (STATUS:CANCELLED)",
        })
    }
}

/// What is wrong with an iCalendar file, and on which line (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsError {
    pub line: usize,
    /// Told in the language of errors when it is shown.
    pub message: Msg,
}

impl fmt::Display for IcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for IcsError {}

fn error<T>(line: usize, message: Msg) -> Result<T, IcsError> {
    Err(IcsError { line, message })
}

/// Reads the holidays of an iCalendar file's bytes. `years` is `--years`.
///
/// The lines are unfolded before the text is decoded (RFC 5545 3.1): a
/// line may be folded in the middle of a UTF-8 character, so only the
/// unfolded bytes need be UTF-8.
pub fn read_ics(bytes: impl AsRef<[u8]>, years: Option<u16>) -> Result<IcsHolidays, IcsError> {
    let bytes = bytes.as_ref();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let (unfolded, folds) = unfold(bytes);
    let unfolded = std::str::from_utf8(&unfolded).map_err(|e| {
        let at = e.valid_up_to();
        // Each fold took one line break out before the bad byte.
        let breaks = unfolded[..at].iter().filter(|b| **b == b'\n').count()
            + folds.iter().filter(|f| **f <= at).count();
        IcsError {
            line: breaks + 1,
            message: msg!("ics-not-utf8", byte = format!("{:02x}", unfolded[at])),
        }
    })?;
    let lines = Lines::new(bytes, unfolded);
    let shape = lines.shape()?;
    let parsed = read_calendar_simple(unfolded).map_err(|e| {
        let at = unfolded.len().saturating_sub(e.input.len());
        IcsError {
            line: lines.physical(unfolded[..at].matches('\n').count()),
            message: msg!("ics-unparsed"),
        }
    })?;
    let root = parsed
        .iter()
        .find(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
        .ok_or_else(|| IcsError {
            line: 1,
            message: msg!("ics-no-vcalendar"),
        })?;
    let events: Vec<&Component> = root
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .collect();
    let mut read = Vec::new();
    let mut skipped = Vec::new();
    for (event, block) in events.into_iter().zip(&shape.events) {
        let at = Place {
            lines: &lines,
            block,
        };
        match read_event(event, &at)? {
            Read::Event(e) => read.push(e),
            Read::Skipped(s) => skipped.push(s),
        }
    }
    let moved: BTreeSet<(String, NaiveDate)> = read
        .iter()
        .filter_map(|e| Some((e.uid.clone()?, e.recurrence_id?)))
        .collect();
    let (years, expand_to) = covered_years(&read, years).map_err(|e| match skipped.len() {
        0 => e,
        n => IcsError {
            message: msg!("ics-with-skipped", problem = e.message, n = n),
            ..e
        },
    })?;
    let mut dates: BTreeMap<NaiveDate, String> = BTreeMap::new();
    let mut left_out = 0;
    for e in &read {
        for start in e.starts(expand_to) {
            if e.recurrence_id.is_none()
                && e.uid
                    .as_ref()
                    .is_some_and(|uid| moved.contains(&(uid.clone(), start)))
            {
                continue;
            }
            for day in start.iter_days().take(e.days as usize) {
                if !years.contains(&day.year()) {
                    left_out += 1;
                    continue;
                }
                let names = dates.entry(day).or_default();
                if names.is_empty() {
                    names.push_str(&e.summary);
                } else if !names.split(" / ").any(|n| n == e.summary) {
                    names.push_str(" / ");
                    names.push_str(&e.summary);
                }
            }
        }
    }
    Ok(IcsHolidays {
        years,
        dates,
        skipped,
        left_out,
    })
}

/// The years imported: from the first event's year to the last year of
/// the events that end, or `years` years from the first; and the last year
/// recurrences are expanded to, so that what the file covers beyond the
/// years asked for is counted as left out.
fn covered_years(
    events: &[Event],
    years: Option<u16>,
) -> Result<(RangeInclusive<i32>, i32), IcsError> {
    let Some(first) = events.iter().map(|e| e.first_day().year()).min() else {
        return error(1, msg!("ics-no-event"));
    };
    let (last, line) = events
        .iter()
        .map(|e| (e.last_day().year(), e.line))
        .max()
        .unwrap_or((first, 1));
    if let Some(n) = years {
        let asked = first + i32::from(n) - 1;
        return Ok((
            first..=asked,
            asked.max(last.min(first + MAX_IMPORT_YEARS - 1)),
        ));
    }
    if last - first + 1 > MAX_IMPORT_YEARS {
        return error(
            line,
            msg!(
                "ics-too-many-years",
                last = last.to_string(),
                years = (last - first + 1).to_string(),
                first = first.to_string(),
                max = MAX_IMPORT_YEARS.to_string()
            ),
        );
    }
    Ok((first..=last, last))
}

// ---- Lines ----------------------------------------------------------------

/// The unfolded lines of a file, each with the line it starts on as written.
struct Lines<'a> {
    logical: Vec<&'a str>,
    /// `starts[i]`: the physical line (from 1) logical line `i` starts on.
    starts: Vec<usize>,
}

/// A VEVENT: the logical lines of its BEGIN and END.
struct Block {
    begin: usize,
    end: usize,
}

struct Shape {
    /// The VEVENTs directly inside the calendar, in file order.
    events: Vec<Block>,
}

impl<'a> Lines<'a> {
    /// `unfolded` is `text` with its folded lines joined, as `unfold` makes it.
    fn new(text: &[u8], unfolded: &'a str) -> Lines<'a> {
        let logical: Vec<&str> = unfolded
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        // A line that starts with a space or a tab continues the one before.
        let starts = text
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(i, l)| *i == 0 || !l.starts_with(b" ") && !l.starts_with(b"\t"))
            .map(|(i, _)| i + 1)
            .collect();
        Lines { logical, starts }
    }

    fn physical(&self, logical: usize) -> usize {
        self.starts
            .get(logical)
            .or(self.starts.last())
            .copied()
            .unwrap_or(1)
    }

    /// Checks that the file is one VCALENDAR of well-formed lines, every
    /// BEGIN closed by its END, and finds its events.
    fn shape(&self) -> Result<Shape, IcsError> {
        let mut lines = self
            .logical
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((first, text)) = lines.next() else {
            return error(1, msg!("ics-empty"));
        };
        if !text.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") {
            return error(
                self.physical(first),
                msg!("ics-not-ics", start = shown(text)),
            );
        }
        let mut open: Vec<(String, usize)> = vec![("VCALENDAR".into(), first)];
        let mut events = Vec::new();
        let mut ended = false;
        for (i, text) in lines {
            let line = self.physical(i);
            if ended {
                return error(line, msg!("ics-after-end", text = shown(text)));
            }
            let name_end = text.find([';', ':']).unwrap_or(text.len());
            let name = &text[..name_end];
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                || !text[name_end..].contains(':')
            {
                return error(line, msg!("ics-not-line", text = shown(text)));
            }
            let value = text[name_end..]
                .split_once(':')
                .map_or("", |(_, v)| v)
                .trim()
                .to_ascii_uppercase();
            if name.eq_ignore_ascii_case("BEGIN") {
                if open.len() >= MAX_NESTING {
                    return error(
                        line,
                        msg!(
                            "ics-too-deep",
                            begun = value,
                            depth = open.len() + 1,
                            max = MAX_NESTING
                        ),
                    );
                }
                open.push((value, i));
            } else if name.eq_ignore_ascii_case("END") {
                // The calendar stays open until its END, after which any
                // line is refused above.
                let (begun, at) = open.pop().unwrap_or_default();
                if begun != value {
                    return error(
                        line,
                        msg!(
                            "ics-end-mismatch",
                            value = value.as_str(),
                            begun = begun.as_str(),
                            line = self.physical(at).to_string()
                        ),
                    );
                }
                if begun == "VEVENT" && open.len() == 1 {
                    events.push(Block { begin: at, end: i });
                }
                ended = open.is_empty();
            }
        }
        if let Some((begun, at)) = open.pop() {
            return error(self.physical(at), msg!("ics-never-closed", begun = begun));
        }
        Ok(Shape { events })
    }
}

/// A line as a message quotes it: at most 40 characters.
fn shown(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 40 {
        format!(
            "{}...",
            crate::i18n::quoted(text.chars().take(40).collect::<String>())
        )
    } else {
        crate::i18n::quoted(text)
    }
}

/// Where an event's properties are.
struct Place<'a> {
    lines: &'a Lines<'a>,
    block: &'a Block,
}

impl Place<'_> {
    fn begin(&self) -> usize {
        self.lines.physical(self.block.begin)
    }

    /// The line of the event's first property `name` (not one of a
    /// component inside it), else the event's BEGIN line.
    fn of(&self, name: &str) -> usize {
        let mut depth = 0;
        for i in self.block.begin + 1..self.block.end {
            let text = self.lines.logical[i];
            let key = text.split([';', ':']).next().unwrap_or("").trim();
            if key.eq_ignore_ascii_case("BEGIN") {
                depth += 1;
            } else if key.eq_ignore_ascii_case("END") {
                depth -= 1;
            } else if depth == 0 && key.eq_ignore_ascii_case(name) {
                return self.lines.physical(i);
            }
        }
        self.begin()
    }
}

// ---- Events ---------------------------------------------------------------

/// An all-day event as read.
#[derive(Debug)]
struct Event {
    line: usize,
    summary: String,
    uid: Option<String>,
    start: NaiveDate,
    days: u64,
    rule: Option<Rule>,
    exdates: BTreeSet<NaiveDate>,
    rdates: BTreeSet<NaiveDate>,
    /// The occurrence of a recurring event (same UID) this one moves.
    recurrence_id: Option<NaiveDate>,
}

enum Read {
    Event(Event),
    Skipped(Skipped),
}

impl Event {
    fn first_day(&self) -> NaiveDate {
        self.rdates
            .first()
            .map_or(self.start, |r| (*r).min(self.start))
    }

    /// The last day of the last occurrence, for the years the file covers:
    /// a recurrence without an end counts its first occurrence only.
    fn last_day(&self) -> NaiveDate {
        let last_start = match &self.rule {
            Some(rule) if rule.ends() => rule.starts(self.start, 9999).last().copied(),
            _ => None,
        };
        let start = [Some(self.start), last_start, self.rdates.last().copied()]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.start);
        start
            .checked_add_days(Days::new(self.days - 1))
            .unwrap_or(start)
    }

    /// The first day of every occurrence that starts no later than `last_year`.
    fn starts(&self, last_year: i32) -> Vec<NaiveDate> {
        let mut starts: BTreeSet<NaiveDate> = match &self.rule {
            Some(rule) => rule.starts(self.start, last_year).into_iter().collect(),
            None => [self.start].into(),
        };
        starts.extend(self.rdates.iter().copied());
        starts
            .into_iter()
            .filter(|d| !self.exdates.contains(d) && d.year() <= last_year)
            .collect()
    }
}

fn prop<'a>(event: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    event
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'a>(event: &'a Component<'a>, name: &'a str) -> impl Iterator<Item = &'a Property<'a>> {
    event
        .properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property<'a>, name: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(name))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str())
}

/// A name fit for one line of a comment: no control characters, spaces
/// collapsed, at most 80 characters.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let line = words.join(" ");
    if line.chars().count() > 80 {
        format!("{}...", line.chars().take(77).collect::<String>())
    } else {
        line
    }
}

/// A date or date-time value's form.
enum When {
    Date(NaiveDate),
    Timed,
}

/// `20260101` as a date.
fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y%m%d").ok()
}

/// A DTSTART, DTEND or RECURRENCE-ID: a date, or a date with a time.
fn when(p: &Property, line: usize) -> Result<When, IcsError> {
    let name = p.name.as_str().to_ascii_uppercase();
    let value = p.val.as_str().trim();
    let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    if let Some(d) = date(value) {
        return Ok(When::Date(d));
    }
    if !is_date
        && value.len() > 8
        && value.as_bytes().get(8) == Some(&b'T')
        && date(&value[..8]).is_some()
    {
        return Ok(When::Timed);
    }
    error(
        line,
        msg!("ics-not-date", name = name, value = shown(value)),
    )
}

/// A list of dates (`EXDATE`, `RDATE`), comma-separated.
fn dates(p: &Property, line: usize) -> Result<Vec<NaiveDate>, IcsError> {
    let name = p.name.as_str().to_ascii_uppercase();
    p.val
        .as_str()
        .split(',')
        .map(|v| {
            date(v).ok_or_else(|| IcsError {
                line,
                message: msg!("ics-list-not-date", name = name.as_str(), value = shown(v)),
            })
        })
        .collect()
}

/// `P1D`, `P2W`: whole days.
fn duration_days(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t).strip_prefix('P')?;
    let (n, unit) = t.split_at(t.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    match unit {
        "D" => Some(n),
        "W" => n.checked_mul(7),
        _ => None,
    }
}

fn read_event(event: &Component, at: &Place) -> Result<Read, IcsError> {
    let summary = prop(event, "SUMMARY")
        .map(|p| one_line(p.val.as_str()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "(no SUMMARY)".into());
    let skip = |line: usize, why: SkipWhy| {
        Ok(Read::Skipped(Skipped {
            line,
            summary: summary.clone(),
            why,
        }))
    };
    let Some(dtstart) = prop(event, "DTSTART") else {
        return error(
            at.begin(),
            msg!("ics-no-dtstart", summary = crate::i18n::quoted(summary)),
        );
    };
    let start_line = at.of("DTSTART");
    let start = match when(dtstart, start_line)? {
        When::Date(d) => d,
        When::Timed => {
            return skip(start_line, SkipWhy::Timed);
        }
    };
    if prop(event, "STATUS")
        .is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case("CANCELLED"))
    {
        return skip(at.of("STATUS"), SkipWhy::Cancelled);
    }
    let days = match (prop(event, "DTEND"), prop(event, "DURATION")) {
        (Some(_), Some(_)) => {
            return error(at.of("DURATION"), msg!("ics-end-and-duration"));
        }
        (Some(end), None) => {
            let line = at.of("DTEND");
            let When::Date(end) = when(end, line)? else {
                return error(line, msg!("ics-timed-end"));
            };
            if end <= start {
                return error(
                    line,
                    msg!(
                        "ics-end-before-start",
                        end = end.format("%Y%m%d").to_string(),
                        start = start.format("%Y%m%d").to_string()
                    ),
                );
            }
            (end - start).num_days() as u64
        }
        (None, Some(d)) => match duration_days(d.val.as_str()) {
            Some(n) if n > 0 => n,
            _ => {
                return error(
                    at.of("DURATION"),
                    msg!("ics-duration", value = shown(d.val.as_str())),
                );
            }
        },
        (None, None) => 1,
    };
    if days > MAX_EVENT_DAYS {
        return error(
            at.begin(),
            msg!(
                "ics-too-long",
                summary = crate::i18n::quoted(summary),
                days = days.to_string(),
                max = MAX_EVENT_DAYS.to_string()
            ),
        );
    }
    let mut rules = props(event, "RRULE");
    let rule = match (rules.next(), rules.next()) {
        (None, _) => None,
        (Some(r), None) => Some(Rule::parse(r.val.as_str(), at.of("RRULE"))?),
        (Some(_), Some(_)) => {
            return error(at.of("RRULE"), msg!("ics-two-rules"));
        }
    };
    let mut exdates = BTreeSet::new();
    for p in props(event, "EXDATE") {
        exdates.extend(dates(p, at.of("EXDATE"))?);
    }
    let mut rdates = BTreeSet::new();
    for p in props(event, "RDATE") {
        rdates.extend(dates(p, at.of("RDATE"))?);
    }
    let recurrence_id = match prop(event, "RECURRENCE-ID") {
        None => None,
        Some(p) => match when(p, at.of("RECURRENCE-ID"))? {
            When::Date(d) => Some(d),
            When::Timed => {
                return error(at.of("RECURRENCE-ID"), msg!("ics-timed-recurrence-id"));
            }
        },
    };
    Ok(Read::Event(Event {
        line: at.begin(),
        summary,
        uid: prop(event, "UID").map(|p| p.val.as_str().trim().to_string()),
        start,
        days,
        rule,
        exdates,
        rdates,
        recurrence_id,
    }))
}

mod fold;
mod rule;

use rule::Rule;

#[cfg(test)]
mod tests;
