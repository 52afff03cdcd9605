//! The calendar's table-driven cases (deadlines added and time counted
//! across holidays, lunch breaks and daylight-saving changes), and checks
//! that the one-step sums over runs of days agree with a day-by-day walk.

use super::super::testutil::{brisbane, calendar, hours, s};
use super::*;
use chrono::DateTime;

const WEEKDAYS_9_TO_5: &str = r#"
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]"#;

fn every_day(zone: &str, interval: &str, extra: &str) -> Calendar {
    let days: String = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| format!("{d} = [\"{interval}\"]\n"))
        .collect();
    calendar(&format!("timezone = \"{zone}\"\n{days}{extra}"))
}

/// (case, calendar, start, business hours, expected deadline)
#[test]
fn adding_business_hours() {
    let bris = brisbane();
    let lunch = calendar(&format!(
        "timezone = \"Australia/Sydney\"\n{}\nholidays = [\"2026-12-25\", \"2026-12-28\"]",
        WEEKDAYS_9_TO_5.replace("\"09:00-17:00\"", "\"09:00-12:00\", \"13:00-17:00\"")
    ));
    let sydney = calendar(&format!(
        "timezone = \"Australia/Sydney\"\n{WEEKDAYS_9_TO_5}"
    ));
    let sao_paulo = calendar(&format!(
        "timezone = \"America/Sao_Paulo\"\n{WEEKDAYS_9_TO_5}"
    ));
    let plain = calendar(&format!(
        "timezone = \"Australia/Brisbane\"\n{WEEKDAYS_9_TO_5}"
    ));
    let cases: &[(&str, &Calendar, &str, i64, &str)] = &[
        (
            "inside one day",
            &bris,
            "2026-11-23T10:00:00+10:00",
            3,
            "2026-11-23T13:00:00+10:00",
        ),
        (
            "lands exactly at closing",
            &bris,
            "2026-11-23T09:00:00+10:00",
            8,
            "2026-11-23T17:00:00+10:00",
        ),
        (
            "before opening starts at opening",
            &bris,
            "2026-11-23T06:00:00+10:00",
            1,
            "2026-11-23T10:00:00+10:00",
        ),
        (
            "after closing starts next morning",
            &bris,
            "2026-11-23T18:00:00+10:00",
            1,
            "2026-11-24T10:00:00+10:00",
        ),
        (
            "severity 3 from Friday 16:30",
            &bris,
            "2026-11-20T16:30:00+10:00",
            48,
            "2026-11-30T16:30:00+10:00",
        ),
        (
            "opened on a Saturday starts Monday",
            &bris,
            "2026-11-21T10:00:00+10:00",
            48,
            "2026-11-30T17:00:00+10:00",
        ),
        (
            "across Christmas and its substitute day",
            &bris,
            "2026-12-24T09:00:00+10:00",
            16,
            "2026-12-29T17:00:00+10:00",
        ),
        (
            "2,000 hours, no holidays",
            &plain,
            "2027-02-01T09:00:00+10:00",
            2000,
            "2028-01-14T17:00:00+10:00",
        ),
        (
            "2,000 hours over six holidays",
            &bris,
            "2027-02-01T09:00:00+10:00",
            2000,
            "2028-01-24T17:00:00+10:00",
        ),
        (
            "lunch break is not counted",
            &lunch,
            "2026-11-23T11:00:00+11:00",
            2,
            "2026-11-23T14:00:00+11:00",
        ),
        (
            "lunch: exactly at the break is that instant",
            &lunch,
            "2026-11-23T11:00:00+11:00",
            1,
            "2026-11-23T12:00:00+11:00",
        ),
        (
            "Sydney October change, lunch",
            &lunch,
            "2026-10-02T16:00:00+10:00",
            3,
            "2026-10-05T11:00:00+11:00",
        ),
        (
            "Sydney April change",
            &sydney,
            "2026-04-03T16:00:00+11:00",
            2,
            "2026-04-06T10:00:00+10:00",
        ),
        (
            "2,000 hours with lunch over both changes",
            &lunch,
            "2026-03-02T09:00:00+11:00",
            2000,
            "2027-04-07T16:00:00+11:00",
        ),
        (
            "Sao Paulo midnight change",
            &sao_paulo,
            "2018-11-02T16:00:00-03:00",
            2,
            "2018-11-05T10:00:00-02:00",
        ),
    ];
    for (case, cal, start, h, want) in cases {
        let got = cal.add_secs(s(start), hours(*h));
        assert_eq!(
            got,
            s(want),
            "{case}: got {}",
            DateTime::from_timestamp(got, 0).unwrap()
        );
        assert_eq!(
            cal.count_secs(s(start), got),
            hours(*h),
            "{case}: counting back"
        );
    }
}

/// (case, calendar, from, to, expected business hours)
#[test]
fn counting_across_daylight_saving() {
    let whole_days = every_day("Australia/Sydney", "00:00-24:00", "");
    let holiday_on_long_day = every_day(
        "Australia/Sydney",
        "00:00-24:00",
        "holidays = [\"2026-04-05\"]",
    );
    let night = calendar("timezone = \"Australia/Sydney\"\nsun = [\"00:00-06:00\"]");
    let in_gap = calendar("timezone = \"Australia/Sydney\"\nsun = [\"02:30-10:00\"]");
    let sp_night = calendar("timezone = \"America/Sao_Paulo\"\nsun = [\"00:00-08:00\"]");
    let sp_days = every_day("America/Sao_Paulo", "00:00-24:00", "");
    let cases: &[(&str, &Calendar, &str, &str, f64)] = &[
        (
            "23-hour Sunday",
            &whole_days,
            "2026-10-03T00:00:00+10:00",
            "2026-10-05T00:00:00+11:00",
            47.0,
        ),
        (
            "25-hour Sunday",
            &whole_days,
            "2026-04-04T00:00:00+11:00",
            "2026-04-06T00:00:00+10:00",
            49.0,
        ),
        (
            "holiday on the 25-hour day removes the whole date",
            &holiday_on_long_day,
            "2026-04-04T00:00:00+11:00",
            "2026-04-06T00:00:00+10:00",
            24.0,
        ),
        (
            "night shift loses the skipped hour",
            &night,
            "2026-10-03T00:00:00+10:00",
            "2026-10-05T00:00:00+11:00",
            5.0,
        ),
        (
            "night shift gains the repeated hour",
            &night,
            "2026-04-04T00:00:00+11:00",
            "2026-04-06T00:00:00+10:00",
            7.0,
        ),
        (
            "boundary in the skipped hour moves to 03:00",
            &in_gap,
            "2026-10-03T00:00:00+10:00",
            "2026-10-05T00:00:00+11:00",
            7.0,
        ),
        (
            "boundary in the repeated hour takes the earlier 02:30",
            &in_gap,
            "2026-04-04T00:00:00+11:00",
            "2026-04-06T00:00:00+10:00",
            8.5,
        ),
        (
            "Sao Paulo day starting at 01:00",
            &sp_night,
            "2018-11-03T00:00:00-03:00",
            "2018-11-05T00:00:00-02:00",
            7.0,
        ),
        (
            "Sao Paulo 23-hour day",
            &sp_days,
            "2018-11-03T00:00:00-03:00",
            "2018-11-05T00:00:00-02:00",
            47.0,
        ),
    ];
    for (case, cal, from, to, want) in cases {
        let got = cal.count_secs(s(from), s(to));
        assert_eq!(got, (want * 3600.0) as i64, "{case}");
    }
}

#[test]
fn whole_day_calendar_equals_24x7_across_transitions() {
    let cal = every_day("Australia/Sydney", "00:00-24:00", "");
    let mut start = s("2026-03-30T05:17:00Z");
    for step in 0..400 {
        let d = 3600 * (step % 97) + 61 * step;
        assert_eq!(cal.add_secs(start, d), start + d, "start {start} + {d}");
        assert_eq!(cal.count_secs(start, start + d), d);
        start += 7919 * 60;
    }
}

#[test]
fn next_open_skips_weekends_and_holidays() {
    let bris = brisbane();
    let cases = [
        ("2026-11-21T10:00:00+10:00", "2026-11-23T09:00:00+10:00"),
        ("2026-11-23T12:00:00+10:00", "2026-11-23T12:00:00+10:00"),
        ("2026-12-24T17:00:00+10:00", "2026-12-29T09:00:00+10:00"),
    ];
    for (from, want) in cases {
        assert_eq!(bris.next_open_secs(s(from)), s(want), "{from}");
    }
}

#[test]
fn whole_week_skip_matches_a_day_by_day_walk() {
    // Compare the arithmetic skip with plain counting, day by day, over a
    // year of Sydney with lunch breaks, holidays and both changes.
    let cal = calendar(&format!(
        "timezone = \"Australia/Sydney\"\n{}\nholidays = [\"2026-04-06\", \"2026-10-05\", \"2026-12-25\"]",
        WEEKDAYS_9_TO_5.replace("\"09:00-17:00\"", "\"08:30-12:00\", \"12:45-17:15\"")
    ));
    let Calendar::Business(b) = &cal else {
        unreachable!()
    };
    let first = b.local_day(s("2026-01-01T00:00:00+11:00"));
    for len in [1, 6, 7, 8, 30, 200, 365] {
        for offset in 0..7 {
            let from = first + offset * 13;
            let walked: i64 = (from..from + len).map(|d| b.day_total(d)).sum();
            assert_eq!(
                b.days_total(from, from + len),
                walked,
                "from day {from}, {len} days"
            );
        }
    }
}

#[test]
fn the_longest_target_on_a_calendar_whose_repeated_hour_is_open() {
    // One minute a week, just before New York's 02:00 changes: in
    // November the repeated hour makes that Sunday's minute an hour and
    // a minute long, so a run of weeks as long as the template says
    // holds more than the target. The deadline is found inside the run
    // rather than by walking day by day, and still counts back to the
    // target exactly.
    let cal = calendar("timezone = \"America/New_York\"\nsun = [\"01:59-02:00\"]");
    let target = 366 * 86_400; // the longest target a policy may set
    for start in [0, s("2026-11-01T05:00:00Z"), 253_402_300_799] {
        let end = cal.add_secs(start, target);
        assert_eq!(cal.count_secs(start, end), target, "from {start}");
        assert_eq!(cal.count_secs(start, end - 1), target - 1, "from {start}");
    }
}

/// The deadline by the plainest reading of a calendar: its days one by
/// one, each resolved on its own.
fn walked(b: &BusinessCalendar, start: i64, secs: i64) -> i64 {
    let (mut day, mut remaining) = (b.local_day(start), secs);
    loop {
        let mut found = None;
        b.day_intervals(day, |x, y| {
            let x = x.max(start);
            if y > x {
                if y - x >= remaining {
                    found = Some(x + remaining);
                    return false;
                }
                remaining -= y - x;
            }
            true
        });
        if let Some(t) = found {
            return t;
        }
        day += 1;
    }
}

#[test]
fn a_deadline_is_where_a_day_by_day_walk_finds_it() {
    // Runs of days skipped in one step, offset changes and holidays met
    // on the way: the deadline is the one a walk over every day finds.
    let sydney = calendar(&format!(
        "timezone = \"Australia/Sydney\"\n{}\nsun = [\"01:30-03:30\"]\nholidays = [\"2026-04-06\", \"2026-10-04\", \"2026-10-05\", \"2026-12-25\", \"2027-04-04\"]",
        WEEKDAYS_9_TO_5.replace("\"09:00-17:00\"", "\"08:30-12:00\", \"12:45-17:15\"")
    ));
    let sparse = calendar("timezone = \"America/New_York\"\nsun = [\"01:59-02:00\"]");
    let london = every_day("Europe/London", "00:30-01:30", "");
    for (cal, targets) in [
        (&sydney, [3600, 48 * 3600, 2000 * 3600, 8000 * 3600]),
        (&london, [60, 3600, 300 * 3600, 2000 * 3600]),
        (&sparse, [60, 3600, 86_400, 30 * 86_400]),
    ] {
        let Calendar::Business(b) = cal else {
            unreachable!()
        };
        for start in [
            s("2026-01-01T00:00:00Z"),
            s("2026-03-28T14:00:00Z"),
            s("2026-04-04T15:45:00Z"),
            s("2026-10-03T16:30:00Z"),
            s("2026-11-01T05:59:30Z"),
            s("2031-02-09T12:00:00Z"),
        ] {
            for target in targets {
                assert_eq!(
                    b.add(start, target),
                    walked(b, start, target),
                    "{} from {start}, {target} s",
                    b.name
                );
            }
        }
    }
}

#[test]
fn no_deadline_is_further_off_than_the_longest_reach() {
    // A month of holidays in a row, a minute a week that New York's
    // spring change skips once a year, and the shipped calendar.
    let march: Vec<String> = (1..=31).map(|d| format!("\"2027-03-{d:02}\"")).collect();
    let closed_march = calendar(&format!(
        "timezone = \"Australia/Sydney\"\n{WEEKDAYS_9_TO_5}\nholidays = [{}]",
        march.join(", ")
    ));
    let skipped = calendar("timezone = \"America/New_York\"\nsun = [\"02:00-02:01\"]");
    let cases = [
        (&closed_march, [3600, 48 * 3600, 2000 * 3600, 366 * 86_400]),
        (&skipped, [60, 3600, 86_400, 30 * 86_400]),
        (&brisbane(), [60, 48 * 3600, 2000 * 3600, 366 * 86_400]),
        (&Calendar::Always, [1, 3600, 86_400, 366 * 86_400]),
    ];
    for (cal, targets) in cases {
        for target in targets {
            let days = cal.longest_reach_days(target).expect("open hours");
            // Every fifth day of three years, and the hours around March.
            let starts = (0..220)
                .map(|i| s("2026-01-01T00:00:00Z") + i * 5 * 86_400)
                .chain((0..48).map(|h| s("2027-02-27T00:00:00Z") + h * 3600));
            for start in starts {
                let took = cal.add_secs(start, target) - start;
                assert!(
                    took <= days * 86_400,
                    "{}: {target} s from {start} took {took} s, more than {days} days",
                    cal.name()
                );
            }
        }
    }
    // Near what it takes, not a wild guess: 48 business hours are six
    // working days, and a bound of seven weeks at most.
    assert!(brisbane().longest_reach_days(48 * 3600).expect("open") <= 49);
    // A minute a week takes over ten years to count 366 days, as
    // 366 days of the shipped calendar take under five.
    let minute = calendar("timezone = \"UTC\"\nsun = [\"00:00-00:01\"]");
    assert!(minute.longest_reach_days(366 * 86_400).expect("open") > 3653);
    assert!(brisbane().longest_reach_days(366 * 86_400).expect("open") < 5 * 365);
    let closed = BusinessCalendar::new("closed", crate::sla::Tz::UTC, Default::default(), &[]);
    assert_eq!(closed.longest_reach_days(60), None);
}
