//! Times typed on the command line: RFC 3339, local wall-clock forms, `now`,
//! `15m ago` and `in 2h`. Parsed once, here, against an explicit `now` and
//! zone, so the rules are testable without a clock.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

const FORMS: &str = "use RFC 3339 (2026-11-24T10:00:00+10:00), \"YYYY-MM-DD HH:MM\" or \"HH:MM\" in local time, \"now\", \"15m ago\" or \"in 2h\"";

/// Parses a time argument, to whole seconds.
pub fn parse_time(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    let bad = || format!("{text:?} is not a time; {FORMS}");
    let duration = |d: &str| {
        humantime::parse_duration(d.trim())
            .ok()
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .ok_or_else(bad)
    };
    let parsed = if t.eq_ignore_ascii_case("now") {
        now
    } else if let Some(d) = t.strip_suffix(" ago") {
        now - duration(d)?
    } else if let Some(d) = t.strip_prefix("in ") {
        now + duration(d)?
    } else if let Ok(x) = DateTime::parse_from_rfc3339(t) {
        x.with_timezone(&Utc)
    } else if let Some(local) = parse_local(t, now, zone) {
        local_to_utc(local, zone).ok_or_else(|| {
            format!(
                "{text:?} does not exist in {} (the clocks skip it for daylight saving); {FORMS}",
                zone.name()
            )
        })?
    } else {
        return Err(bad());
    };
    DateTime::from_timestamp(parsed.timestamp(), 0).ok_or_else(bad)
}

fn parse_local(t: &str, now: DateTime<Utc>, zone: Tz) -> Option<NaiveDateTime> {
    for f in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(x) = NaiveDateTime::parse_from_str(t, f) {
            return Some(x);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d.and_time(NaiveTime::MIN));
    }
    for f in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(t, f) {
            return Some(now.with_timezone(&zone).date_naive().and_time(time));
        }
    }
    None
}

/// A local wall-clock time to UTC; a repeated hour takes the earlier instant.
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(x) => Some(x.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn accepted_forms() {
        let bris = chrono_tz::Australia::Brisbane;
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
        let syd = chrono_tz::Australia::Sydney;
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

    #[test]
    fn refusals_say_what_would_be_right() {
        let err = parse_time("yesterday-ish", now(), chrono_tz::UTC).unwrap_err();
        assert!(err.contains("\"yesterday-ish\" is not a time"), "{err}");
        assert!(err.contains("15m ago"), "{err}");
        assert!(parse_time("soon ago", now(), chrono_tz::UTC).is_err());
    }
}
