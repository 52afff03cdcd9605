//! Tests of `time`: moved beside it so the code reads in one sitting.

use super::*;
use chrono::Timelike;

/// Parsed and resolved at once, as the commands do in two steps.
fn parse_time(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, String> {
    Ok(TimeArg::parse(text)?.resolve(now, zone, Look::Back)?)
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
        ("2026-11-24T10:05", "2026-11-24T00:05:00Z"),
        ("09:15", "2026-11-23T23:15:00Z"),
        ("9:15", "2026-11-23T23:15:00Z"),
        ("13:00", "2026-11-24T03:00:00Z"),
        // 13:00:01 is not yet today: the most recent was yesterday's.
        ("13:00:01", "2026-11-23T03:00:01Z"),
        ("today 9:30", "2026-11-23T23:30:00Z"),
        ("Today 09:30:15", "2026-11-23T23:30:15Z"),
        ("yesterday 17:00", "2026-11-23T07:00:00Z"),
        ("tomorrow 09:00", "2026-11-24T23:00:00Z"),
        ("  tomorrow   09:00 ", "2026-11-24T23:00:00Z"),
        // Now is Tuesday 2026-11-24 13:00 in Brisbane.
        ("mon 09:00", "2026-11-22T23:00:00Z"),
        ("Monday 09:00", "2026-11-22T23:00:00Z"),
        ("tue 13:00", "2026-11-24T03:00:00Z"),
        ("TUE 13:01", "2026-11-17T03:01:00Z"),
        ("wed 08:00", "2026-11-17T22:00:00Z"),
        ("sunday 23:59", "2026-11-22T13:59:00Z"),
    ];
    for (text, want) in cases {
        assert_eq!(
            parse_time(text, now(), bris).unwrap().to_rfc3339(),
            DateTime::parse_from_rfc3339(want).unwrap().to_rfc3339(),
            "{text}"
        );
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn a_time_of_day_looks_back_for_what_happened_and_ahead_for_a_promise() {
    let bris = Tz::named("Australia/Brisbane").unwrap();
    let resolve = |text: &str, now: &str, look| {
        TimeArg::parse(text)
            .unwrap()
            .resolve(at(now), bris, look)
            .unwrap()
    };
    // (typed, now, the most recent, the next)
    let cases = [
        // At 17:10 a promise of 09:00 is tomorrow morning.
        (
            "09:00",
            "2026-11-24T07:10:00Z",
            "2026-11-23T23:00:00Z",
            "2026-11-24T23:00:00Z",
        ),
        // At 08:00, 09:15 last happened yesterday.
        (
            "09:15",
            "2026-11-23T22:00:00Z",
            "2026-11-22T23:15:00Z",
            "2026-11-23T23:15:00Z",
        ),
        // Exactly now: it has happened, and comes next tomorrow.
        (
            "09:00",
            "2026-11-23T23:00:00Z",
            "2026-11-23T23:00:00Z",
            "2026-11-24T23:00:00Z",
        ),
        // Tuesday 13:00: Monday was yesterday, and is next in six days.
        (
            "mon 09:00",
            "2026-11-24T03:00:00Z",
            "2026-11-22T23:00:00Z",
            "2026-11-29T23:00:00Z",
        ),
        // Today's weekday: this week's if on the right side of now.
        (
            "tue 14:00",
            "2026-11-24T03:00:00Z",
            "2026-11-17T04:00:00Z",
            "2026-11-24T04:00:00Z",
        ),
        (
            "tue 12:00",
            "2026-11-24T03:00:00Z",
            "2026-11-24T02:00:00Z",
            "2026-12-01T02:00:00Z",
        ),
        // A day named is that day, whichever way the flag looks.
        (
            "today 09:00",
            "2026-11-24T03:00:00Z",
            "2026-11-23T23:00:00Z",
            "2026-11-23T23:00:00Z",
        ),
        (
            "tomorrow 08:00",
            "2026-11-24T03:00:00Z",
            "2026-11-24T22:00:00Z",
            "2026-11-24T22:00:00Z",
        ),
        (
            "yesterday 17:00",
            "2026-11-24T03:00:00Z",
            "2026-11-23T07:00:00Z",
            "2026-11-23T07:00:00Z",
        ),
    ];
    for (text, now, back, ahead) in cases {
        assert_eq!(resolve(text, now, Look::Back), at(back), "{text} at {now}");
        assert_eq!(
            resolve(text, now, Look::Ahead),
            at(ahead),
            "{text} at {now}"
        );
    }
    // Every other form means the same whichever way the flag looks.
    for text in [
        "now",
        "15m ago",
        "in 2h",
        "2026-11-20 10:00",
        "2026-11-20T10:00:00Z",
    ] {
        let time = TimeArg::parse(text).unwrap();
        assert_eq!(
            time.resolve(now(), bris, Look::Back),
            time.resolve(now(), bris, Look::Ahead),
            "{text}"
        );
    }
}

#[test]
fn a_day_without_a_time_is_refused_except_as_a_bound_of_a_period() {
    let cases = [
        (
            "2026-11-24",
            "\"2026-11-24\" is a date without a time; add one, e.g. \"2026-11-24 09:00\"",
        ),
        (
            "today",
            "\"today\" is a day without a time; add one, e.g. \"today 09:00\"",
        ),
        (
            "Tomorrow",
            "\"Tomorrow\" is a day without a time; add one, e.g. \"tomorrow 09:00\"",
        ),
        (
            "mon",
            "\"mon\" is a day without a time; add one, e.g. \"mon 09:00\"",
        ),
    ];
    for (text, refusal) in cases {
        assert_eq!(TimeArg::parse(text), Err(refusal.to_string()));
    }
    // A bound of a period takes a day as its first instant.
    let bris = Tz::named("Australia/Brisbane").unwrap();
    let bound = |text: &str, zone| {
        TimeArg::parse_bound(text)
            .unwrap()
            .resolve(now(), zone, Look::Back)
            .unwrap()
    };
    assert_eq!(bound("2026-11-24", bris), at("2026-11-23T14:00:00Z"));
    assert_eq!(bound("today", bris), at("2026-11-23T14:00:00Z"));
    assert_eq!(bound("yesterday", bris), at("2026-11-22T14:00:00Z"));
    assert_eq!(bound("tomorrow", bris), at("2026-11-24T14:00:00Z"));
    // Now is a Tuesday: "tue" is today, "mon" yesterday, "wed" last week's.
    assert_eq!(bound("tue", bris), at("2026-11-23T14:00:00Z"));
    assert_eq!(bound("mon", bris), at("2026-11-22T14:00:00Z"));
    assert_eq!(bound("TUES", bris), at("2026-11-23T14:00:00Z"));
    for (short, long) in [
        ("weds", "wednesday"),
        ("thur", "thu"),
        ("thurs", "Thursday"),
    ] {
        assert_eq!(bound(short, bris), bound(long, bris), "{short}");
    }
    assert_eq!(bound("wed", bris), at("2026-11-17T14:00:00Z"));
    // Sao Paulo skipped midnight on 2018-11-04: the day began at 01:00.
    let sp = Tz::named("America/Sao_Paulo").unwrap();
    assert_eq!(bound("2018-11-04", sp), at("2018-11-04T03:00:00Z"));
    assert_eq!(bound("2018-11-05", sp), at("2018-11-05T02:00:00Z"));
    // Everything else the bounds read as every other flag does.
    for text in ["09:00", "mon 09:00", "15m ago", "2026-11-24 10:05"] {
        assert_eq!(TimeArg::parse_bound(text), TimeArg::parse(text), "{text}");
    }
    assert!(TimeArg::parse_bound("teatime").is_err());
}

#[test]
fn a_time_the_clocks_skip_is_refused_on_the_day_it_falls_on() {
    let syd = Tz::named("Australia/Sydney").unwrap();
    let resolve =
        |text: &str, now: &str, look| TimeArg::parse(text).unwrap().resolve(at(now), syd, look);
    // 2026-10-04 02:00-03:00 does not exist in Sydney.
    let after_the_gap = "2026-10-03T20:00:00Z"; // 07:00 AEDT
    let err = resolve("02:30", after_the_gap, Look::Back)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not exist in Australia/Sydney"), "{err}");
    assert_eq!(
        resolve("02:30", after_the_gap, Look::Ahead),
        Ok(at("2026-10-04T15:30:00Z"))
    );
    let before_the_gap = "2026-10-03T14:30:00Z"; // 00:30 AEST
    assert_eq!(
        resolve("02:30", before_the_gap, Look::Back),
        Ok(at("2026-10-02T16:30:00Z"))
    );
    let err = resolve("02:30", before_the_gap, Look::Ahead)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not exist"), "{err}");
    let err = resolve("sun 02:30", after_the_gap, Look::Back)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not exist"), "{err}");
    // Kiritimati skipped the whole of 1994-12-31: a time on that day
    // is refused, not moved to another day.
    let kiri = Tz::named("Pacific/Kiritimati").unwrap();
    for (now, look) in [
        ("1994-12-31T10:30:00Z", Look::Back),
        ("1994-12-31T09:50:00Z", Look::Ahead),
    ] {
        let err = TimeArg::parse("23:00")
            .unwrap()
            .resolve(at(now), kiri, look)
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{now}: {err}");
    }
    // 02:30 happens twice on 2026-04-05. Looking back from 06:00 both
    // have passed: the most recent is the second, 02:30 AEST (this was
    // the earlier instant, 02:30 AEDT, until a repeated hour's readings
    // were both weighed). A day named keeps the earlier instant.
    assert_eq!(
        resolve("02:30", "2026-04-04T20:00:00Z", Look::Back),
        Ok(at("2026-04-04T16:30:00Z"))
    );
    assert_eq!(
        resolve("today 02:30", "2026-04-04T20:00:00Z", Look::Ahead),
        Ok(at("2026-04-04T15:30:00Z"))
    );
}

/// SPEC §7: a bare `HH:MM` is the next such time for a promise and the
/// most recent for `--at`; in a repeated hour that is whichever of its
/// two instants is nearest on that side, not the earlier one always (which
/// put a promise a day, or a weekday's a week, too late).
#[test]
fn a_time_of_day_in_a_repeated_hour_is_the_nearest_that_reads_so() {
    let london = Tz::named("Europe/London").unwrap();
    let syd = Tz::named("Australia/Sydney").unwrap();
    let resolve = |text: &str, now: &str, zone, look| {
        TimeArg::parse(text).unwrap().resolve(at(now), zone, look)
    };
    // London repeats 01:00-02:00 on 2026-10-25: BST (00:xxZ), then GMT.
    let second_pass = "2026-10-25T01:45:00Z"; // 01:45 GMT
    let first_pass = "2026-10-25T00:45:00Z"; // 01:45 BST
    for (text, now, look, want) in [
        ("01:50", second_pass, Look::Ahead, "2026-10-25T01:50:00Z"),
        ("01:40", second_pass, Look::Back, "2026-10-25T01:40:00Z"),
        ("01:50", first_pass, Look::Ahead, "2026-10-25T00:50:00Z"),
        ("01:40", first_pass, Look::Back, "2026-10-25T00:40:00Z"),
        (
            "sun 01:50",
            second_pass,
            Look::Ahead,
            "2026-10-25T01:50:00Z",
        ),
        ("sun 01:40", second_pass, Look::Back, "2026-10-25T01:40:00Z"),
        // Outside the repeated hour nothing moves.
        (
            "01:30",
            "2026-10-25T03:00:00Z",
            Look::Back,
            "2026-10-25T01:30:00Z",
        ),
        (
            "01:30",
            "2026-10-24T12:00:00Z",
            Look::Ahead,
            "2026-10-25T00:30:00Z",
        ),
        ("09:00", second_pass, Look::Ahead, "2026-10-25T09:00:00Z"),
        // A day named keeps the zone's one rule: the earlier instant.
        (
            "today 01:50",
            second_pass,
            Look::Ahead,
            "2026-10-25T00:50:00Z",
        ),
    ] {
        assert_eq!(
            resolve(text, now, london, look),
            Ok(at(want)),
            "{text} at {now}"
        );
    }
    // Sydney repeats 02:00-03:00 on 2026-04-05; at 02:45 AEST (the second
    // pass) the next 02:50 and Sunday 02:55 are minutes away.
    let now = "2026-04-04T16:45:00Z";
    assert_eq!(
        resolve("02:50", now, syd, Look::Ahead),
        Ok(at("2026-04-04T16:50:00Z"))
    );
    assert_eq!(
        resolve("sun 02:55", now, syd, Look::Ahead),
        Ok(at("2026-04-04T16:55:00Z"))
    );
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

/// A skipped time is refused as a slip in the argument (`Skipped`, a
/// usage error), naming the skip and the first instant that exists after
/// it, the one SPEC section 5 moves a calendar's boundary to; a time out
/// of range is the other kind of refusal.
#[test]
fn a_skipped_time_names_the_skip_and_the_first_time_that_exists() {
    let syd = Tz::named("Australia/Sydney").unwrap();
    let time = TimeArg::parse("2026-10-04 02:30").unwrap();
    assert_eq!(
        time.resolve(now(), syd, Look::Back),
        Err(Unplaced::Skipped(
            "\"2026-10-04 02:30\" does not exist in Australia/Sydney (the clocks skip from \
             02:00 to 03:00 for daylight saving); the first time that exists after it is \
             2026-10-04 03:00 AEDT"
                .into()
        ))
    );
    // Kiritimati's skip of a whole day was a change of standard offset.
    let kiri = Tz::named("Pacific/Kiritimati").unwrap();
    let err = TimeArg::parse("23:00")
        .unwrap()
        .resolve(at("1994-12-31T10:30:00Z"), kiri, Look::Back)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"23:00\" does not exist in Pacific/Kiritimati (the clocks skip from 1994-12-31 \
         00:00 to 1995-01-01 00:00); the first time that exists after it is 1995-01-01 00:00 +14"
    );
    assert!(matches!(
        TimeArg::parse("3000 weeks ago")
            .unwrap()
            .resolve(now(), syd, Look::Back),
        Err(Unplaced::OutOfRange(_))
    ));
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

/// Relative times are read in seconds, minutes, hours, days and weeks
/// only: `M` is months to the duration parser, one shift key from
/// minutes, and months and years have no fixed length. Each other unit
/// is refused by name, with the units that are read.
#[test]
fn a_relative_time_is_in_units_of_a_fixed_length() {
    for (text, unit) in [
        ("15M ago", "\"M\""),
        ("3 ms ago", "\"ms\""),
        ("1y ago", "\"y\""),
        ("1month ago", "\"month\""),
        ("in 1M", "\"M\""),
        ("in 2 years", "\"years\""),
        ("1h 5M ago", "\"M\""),
        ("1.5M ago", "\"M\""),
        ("0.5y ago", "\"y\""),
        ("2.5ms ago", "\"ms\""),
        ("3µs ago", "\"µs\""),
        ("1\tmonth ago", "\"month\""),
    ] {
        let err = TimeArg::parse(text).unwrap_err();
        assert!(
            err.contains(&format!("{unit} is not a unit slaclock reads"))
                && err.contains("s, m, h, d or w"),
            "{text}: {err}"
        );
    }
    for (text, at) in [
        ("15 min ago", "2026-11-24T02:45:00Z"),
        ("2 hours ago", "2026-11-24T01:00:00Z"),
        ("1d ago", "2026-11-23T03:00:00Z"),
        ("in 1w", "2026-12-01T03:00:00Z"),
        ("90s ago", "2026-11-24T02:58:30Z"),
        ("1.5h ago", "2026-11-24T01:30:00Z"),
        // Units in any case, save `M` (above).
        ("2H ago", "2026-11-24T01:00:00Z"),
    ] {
        let got = parse_time(text, now(), Tz::UTC).expect(text);
        assert_eq!(
            got.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            at,
            "{text}"
        );
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
        "today 24:00",
        "tomorrow 9",
        "mon 09:00 extra",
        "mon09:00",
        "someday 09:00",
        "09:00 today",
        "2026-11-24 today",
        "yesterday 2026-11-24",
    ] {
        let err = TimeArg::parse(text).unwrap_err();
        assert!(err.contains("is not a time"), "{text}: {err}");
    }
    // Well formed, but only "now" and the zone can say whether it names
    // an instant: accepted by the grammar, refused when resolved.
    let syd = Tz::named("Australia/Sydney").unwrap();
    for text in [
        "3000 weeks ago",
        "in 99999999999999999999h",
        "1969-12-31T23:59:59Z",
        "2026-10-04 02:30",
    ] {
        let time = TimeArg::parse(text).expect(text);
        let err = time
            .resolve(now(), syd, Look::Back)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("out of range") || err.contains("does not exist"),
            "{text}: {err}"
        );
    }
    // A bare time of day takes its date from "now" in the zone and the
    // way it looks: at 03:00, 09:15 was yesterday's and will be today's.
    let time = TimeArg::parse("09:15").unwrap();
    let at = |now: DateTime<Utc>, look| time.resolve(now, Tz::UTC, look).unwrap().to_rfc3339();
    assert_eq!(at(now(), Look::Back), "2026-11-23T09:15:00+00:00");
    assert_eq!(at(now(), Look::Ahead), "2026-11-24T09:15:00+00:00");
    let later = now() + chrono::Duration::days(1);
    assert_eq!(at(later, Look::Back), "2026-11-24T09:15:00+00:00");
    assert_eq!(at(later, Look::Ahead), "2026-11-25T09:15:00+00:00");
}

#[test]
fn times_out_of_range_are_refused_not_panicked_on() {
    let utc = Tz::UTC;
    for text in [
        "100000000 weeks ago",
        "9999999999h ago",
        "in 9999999999h",
        "in 99999999999999999999h",
        "in 420000w",
        "3000w ago",
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

proptest::proptest! {
    /// A time of day said with a day word, a weekday or no day at all
    /// names that wall-clock time on that day, on the side of "now" the
    /// flag looks to and at most a day (a week, for a weekday) away, or
    /// is refused as skipped or out of range; nothing panics.
    #[test]
    fn a_time_of_day_lands_on_its_day_and_its_side_of_now(
        day in 0usize..11,
        hour in 0u32..24,
        minute in 0u32..60,
        now in FIRST_TIME..=LAST_TIME,
        zone in 0usize..4,
        ahead in proptest::bool::ANY,
    ) {
        let days = [
            "", "today ", "yesterday ", "tomorrow ", "mon ", "tue ", "wed ",
            "thursday ", "Fri ", "sat ", "SUN ",
        ];
        let zone = [
            Tz::UTC,
            Tz::named("Pacific/Kiritimati").unwrap(),
            Tz::named("America/New_York").unwrap(),
            Tz::named("Australia/Lord_Howe").unwrap(),
        ][zone];
        let look = if ahead { Look::Ahead } else { Look::Back };
        let text = format!("{}{hour:02}:{minute:02}", days[day]);
        let now = DateTime::from_timestamp(now, 0).unwrap();
        let time = TimeArg::parse(&text).unwrap();
        match time.resolve(now, zone, look) {
            Ok(t) => {
                let local = t.with_timezone(&zone).naive_local();
                proptest::prop_assert_eq!(
                    (local.hour(), local.minute()),
                    (hour, minute),
                    "{} gave {}", text, t
                );
                let today = now.with_timezone(&zone).date_naive();
                let reach = match day {
                    0 => chrono::Duration::hours(26),
                    1..=3 => chrono::Duration::hours(50),
                    _ => chrono::Duration::days(7) + chrono::Duration::hours(2),
                };
                proptest::prop_assert!((t - now).abs() <= reach, "{} gave {}", text, t);
                match day {
                    0 => {}
                    1 => proptest::prop_assert_eq!(local.date(), today),
                    2 => proptest::prop_assert_eq!(local.date().succ_opt(), Some(today)),
                    3 => proptest::prop_assert_eq!(today.succ_opt(), Some(local.date())),
                    _ => proptest::prop_assert_eq!(
                        local.weekday().num_days_from_monday() as usize,
                        day - 4
                    ),
                }
                if day == 0 || day >= 4 {
                    match look {
                        Look::Back => proptest::prop_assert!(t <= now, "{} gave {}", text, t),
                        Look::Ahead => proptest::prop_assert!(t > now, "{} gave {}", text, t),
                    }
                }
            }
            Err(e) => proptest::prop_assert!(
                e.to_string().contains("does not exist") || e.to_string().contains("out of range"),
                "{}: {}", text, e
            ),
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
