//! Times typed on the command line: RFC 3339, local wall-clock forms, `now`,
//! `15m ago` and `in 2h`. The grammar is one function, [`TimeArg::parse`],
//! which clap runs on every time argument: a time in none of these forms is
//! a usage error before anything is opened. What a time means is decided
//! later, by [`TimeArg::resolve`], against an explicit `now` (a write command
//! reads it under the log's lock) and zone, so the rules are testable
//! without a clock. Every resolved time is checked to lie between 1970 and
//! the end of 9999, so no later arithmetic on it (a target added, a month
//! found) can overflow.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::sla::{Placed, Tz, instant};

/// The first instant slaclock accepts: the Unix epoch.
pub const FIRST_TIME: i64 = 0;
/// The last: 9999-12-31T23:59:59Z, the last instant RFC 3339's four-digit
/// years can write.
pub const LAST_TIME: i64 = 253_402_300_799;
/// How the range is described in messages.
pub const TIME_RANGE: &str = "times must lie between 1970-01-01 and 9999-12-31 (UTC)";

/// Checks that an instant lies in the range every command can work with.
pub fn in_range(t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (FIRST_TIME..=LAST_TIME)
        .contains(&t.timestamp())
        .then_some(t)
}

const FORMS: &str = "use RFC 3339 (2026-11-24T10:00:00+10:00), \"YYYY-MM-DD HH:MM\" or \"HH:MM\" in local time, \"now\", \"15m ago\" or \"in 2h\"";

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
    /// `YYYY-MM-DD HH:MM[:SS]` (or a date alone: its midnight) in the local zone.
    Local(NaiveDateTime),
    /// `HH:MM[:SS]` in the local zone, on a day "now" decides.
    WallClock(NaiveTime),
}

impl TimeArg {
    /// The time grammar: which form `text` is in, or why it is in none.
    pub fn parse(text: &str) -> Result<TimeArg, String> {
        let t = text.trim();
        let duration = |d: &str| match humantime::parse_duration(d.trim()) {
            Ok(d) => Ok(d),
            Err(humantime::DurationError::NumberOverflow) => Ok(Duration::MAX),
            Err(_) => Err(()),
        };
        let form = if t.eq_ignore_ascii_case("now") {
            Ok(Form::Now)
        } else if let Some(d) = t.strip_suffix(" ago") {
            duration(d).map(Form::Ago)
        } else if let Some(d) = t.strip_prefix("in ") {
            duration(d).map(Form::In)
        } else if let Ok(x) = DateTime::parse_from_rfc3339(t) {
            Ok(Form::Instant(x))
        } else {
            parse_local(t).ok_or(())
        };
        match form {
            Ok(form) => Ok(TimeArg {
                text: text.to_string(),
                form,
            }),
            Err(()) => Err(format!("{text:?} is not a time; {FORMS}")),
        }
    }

    /// The instant this time names at `now` in `zone`, to whole seconds, or
    /// why it names none (out of range, or a local time the zone skips).
    pub fn resolve(&self, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, String> {
        let out_of_range = || format!("{:?} is out of range; {TIME_RANGE}", self.text);
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
            Form::Local(local) => self.local(local, zone)?,
            // Today's, for every flag. The place where a bare time becomes
            // "the next such time" for a promise and "the most recent" for
            // `--at`: the caller will pass which way to look.
            Form::WallClock(time) => {
                self.local(now.with_timezone(&zone).date_naive().and_time(time), zone)?
            }
        };
        in_range(instant(t.timestamp())).ok_or_else(out_of_range)
    }

    /// A local time by the zone's one rule (`sla::Placed`): a repeated time
    /// is its earlier instant; a skipped one never happened, so it is
    /// refused rather than moved.
    fn local(&self, local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, String> {
        match zone.place(local) {
            Placed::Exists(t) => Ok(instant(t)),
            Placed::Skipped(_) => Err(format!(
                "{:?} does not exist in {} (the clocks skip it for daylight saving); {FORMS}",
                self.text,
                zone.name()
            )),
        }
    }
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
        .map_err(|_| format!("{text:?} is not an RFC 3339 instant such as 2026-11-24T10:00:00Z"))?;
    in_range(instant(t.timestamp()))
        .ok_or_else(|| format!("{text:?} is out of range; {TIME_RANGE}"))
}

fn parse_local(t: &str) -> Option<Form> {
    for f in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(x) = NaiveDateTime::parse_from_str(t, f) {
            return Some(Form::Local(x));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(Form::Local(d.and_time(NaiveTime::MIN)));
    }
    for f in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(t, f) {
            return Some(Form::WallClock(time));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed and resolved at once, as the commands do in two steps.
    fn parse_time(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, String> {
        TimeArg::parse(text)?.resolve(now, zone)
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn accepted_forms() {
        let bris = Tz::named("Australia/Brisbane").unwrap();
        let cases = [
            ("now", "2026-11-24T03:00:00Z"),
            ("15m ago", "2026-11-24T02:45:00Z"),
            ("1h 30m ago", "2026-11-24T01:30:00Z"),
            ("in 2h", "2026-11-24T05:00:00Z"),
            ("2026-11-24T10:05:00+10:00", "2026-11-24T00:05:00Z"),
            ("2026-11-24T00:05:30.900Z", "2026-11-24T00:05:30Z"),
            ("2026-11-24 10:05", "2026-11-24T00:05:00Z"),
            ("2026-11-24", "2026-11-23T14:00:00Z"),
            ("09:15", "2026-11-23T23:15:00Z"),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_time(text, now(), bris).unwrap().to_rfc3339(),
                DateTime::parse_from_rfc3339(want).unwrap().to_rfc3339(),
                "{text}"
            );
        }
    }

    #[test]
    fn local_times_follow_daylight_saving() {
        let syd = Tz::named("Australia/Sydney").unwrap();
        // Repeated hour: the earlier instant.
        assert_eq!(
            parse_time("2026-04-05 02:30", now(), syd)
                .unwrap()
                .to_rfc3339(),
            "2026-04-04T15:30:00+00:00"
        );
        let err = parse_time("2026-10-04 02:30", now(), syd).unwrap_err();
        assert!(err.contains("does not exist in Australia/Sydney"), "{err}");
    }

    /// Local times meet the zone's one rule (`sla::Placed`): a repeated
    /// time is its earlier instant, a skipped one is refused by name.
    #[test]
    fn local_times_in_new_york_across_both_changes() {
        let ny = Tz::named("America/New_York").unwrap();
        let cases = [
            ("2026-03-08 01:59", Ok("2026-03-08T06:59:00+00:00")),
            (
                "2026-03-08 02:00",
                Err("does not exist in America/New_York"),
            ),
            (
                "2026-03-08 02:30",
                Err("does not exist in America/New_York"),
            ),
            ("2026-03-08 03:00", Ok("2026-03-08T07:00:00+00:00")),
            ("2026-11-01 01:30", Ok("2026-11-01T05:30:00+00:00")),
            ("2026-11-01 02:00", Ok("2026-11-01T07:00:00+00:00")),
        ];
        for (text, want) in cases {
            match (parse_time(text, now(), ny), want) {
                (Ok(t), Ok(want)) => assert_eq!(t.to_rfc3339(), want, "{text}"),
                (Err(e), Err(want)) => assert!(e.contains(want), "{text}: {e}"),
                (got, _) => panic!("{text}: {got:?}"),
            }
        }
    }

    #[test]
    fn refusals_say_what_would_be_right() {
        let err = parse_time("yesterday-ish", now(), Tz::UTC).unwrap_err();
        assert!(err.contains("\"yesterday-ish\" is not a time"), "{err}");
        assert!(err.contains("15m ago"), "{err}");
        assert!(parse_time("soon ago", now(), Tz::UTC).is_err());
    }

    #[test]
    fn the_form_is_checked_before_any_clock_is_read() {
        // Not a time in any form: refused by the grammar alone.
        for text in [
            "half past ten",
            "soon ago",
            "in a bit",
            "2026-13-01",
            "",
            "24:00",
        ] {
            let err = TimeArg::parse(text).unwrap_err();
            assert!(err.contains("is not a time"), "{text}: {err}");
        }
        // Well formed, but only "now" and the zone can say whether it names
        // an instant: accepted by the grammar, refused when resolved.
        let syd = Tz::named("Australia/Sydney").unwrap();
        for text in [
            "57 years ago",
            "in 99999999999999999999h",
            "1969-12-31T23:59:59Z",
            "2026-10-04 02:30",
        ] {
            let time = TimeArg::parse(text).expect(text);
            let err = time.resolve(now(), syd).unwrap_err();
            assert!(
                err.contains("out of range") || err.contains("does not exist"),
                "{text}: {err}"
            );
        }
        // A bare time of day takes its date from "now" in the zone.
        let time = TimeArg::parse("09:15").unwrap();
        assert_eq!(
            time.resolve(now(), Tz::UTC).unwrap().to_rfc3339(),
            "2026-11-24T09:15:00+00:00"
        );
        assert_eq!(
            time.resolve(now() + chrono::Duration::days(1), Tz::UTC)
                .unwrap()
                .to_rfc3339(),
            "2026-11-25T09:15:00+00:00"
        );
    }

    #[test]
    fn times_out_of_range_are_refused_not_panicked_on() {
        let utc = Tz::UTC;
        for text in [
            "100000000 weeks ago",
            "9999999999h ago",
            "in 9999999999h",
            "in 99999999999999999999h",
            "in 8000years",
            "57 years ago",
            "1969-12-31T23:59:59Z",
            "10000-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "1969-12-31 23:59",
            "+10000-01-01 00:00",
        ] {
            let err = parse_time(text, now(), utc).unwrap_err();
            assert!(
                err.contains("1970-01-01 and 9999-12-31") || err.contains("is not a time"),
                "{text}: {err}"
            );
        }
        let err = parse_time("in 9999999999h", now(), utc).unwrap_err();
        assert_eq!(
            err,
            "\"in 9999999999h\" is out of range; times must lie between 1970-01-01 and 9999-12-31 (UTC)"
        );
        // The edges themselves are kept.
        let cases = [
            ("1970-01-01T00:00:00Z", FIRST_TIME),
            ("9999-12-31T23:59:59Z", LAST_TIME),
            ("9999-12-31T23:59:59.999Z", LAST_TIME),
        ];
        for (text, secs) in cases {
            assert_eq!(
                parse_time(text, now(), utc).unwrap().timestamp(),
                secs,
                "{text}"
            );
        }
        // Relative to a "now" at the edge.
        let edge = DateTime::from_timestamp(LAST_TIME, 0).unwrap();
        assert!(parse_time("in 1s", edge, utc).is_err());
        assert!(parse_time("in 0s", edge, utc).is_ok());
        // A local time past the end in a zone ahead of UTC.
        assert!(
            parse_time(
                "9999-12-31 23:59",
                edge,
                Tz::named("Pacific/Kiritimati").unwrap()
            )
            .is_ok()
        );
        assert!(
            parse_time(
                "9999-12-31 23:59",
                edge,
                Tz::named("America/New_York").unwrap()
            )
            .is_err()
        );
    }

    proptest::proptest! {
        /// Whatever is typed and whenever "now" is, a time is parsed into
        /// the range or refused; nothing panics.
        #[test]
        fn any_time_text_is_in_range_or_refused(
            text in "(in |)[+-]?[0-9]{1,22}(-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?|(ms|s|m|h|d|w|y|years| ?weeks)( ago)?)",
            now in FIRST_TIME..=LAST_TIME,
            zone in 0usize..4,
        ) {
            let zone = [
                Tz::UTC,
                Tz::named("Pacific/Kiritimati").unwrap(),
                Tz::named("America/New_York").unwrap(),
                Tz::named("Australia/Lord_Howe").unwrap(),
            ][zone];
            let now = DateTime::from_timestamp(now, 0).unwrap();
            if let Ok(t) = parse_time(&text, now, zone) {
                proptest::prop_assert!(in_range(t).is_some(), "{} gave {}", text, t);
            }
        }
    }

    #[test]
    fn the_fixed_now_is_rfc3339_and_in_range() {
        assert_eq!(
            parse_now("2026-11-24T10:00:00.5+10:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-24T00:00:00+00:00"
        );
        for bad in ["tomorrow", "2026-11-24", "", "1969-12-31T23:59:59Z"] {
            assert!(parse_now(bad).is_err(), "{bad}");
        }
        assert!(parse_now("10000-01-01T00:00:00Z").is_err());
    }
}
