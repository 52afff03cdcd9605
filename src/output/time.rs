//! When and how long, in words: dates as near `now` as the reader needs
//! (`10:15`, `Wed 25 Nov 10:15`, 「11月25日(水) 10:15」), spans of wall-clock
//! time (`3h 5m`), amounts of clock time in hours, and how far a deadline
//! is (`in 12m`, 「3時間5分超過」), in either language. The date messages are
//! built from their pieces (`i18n::Site`), their fields written straight
//! in: the board shows one or two per ticket.

use chrono::{DateTime, Utc};

use crate::i18n::{Arg, Lang};
use crate::sla::Tz;
use crate::tr;

/// The fields every date message may use, from a local time, as Fluent
/// arguments: what a date message gets when it is not flat (and what the
/// tests compare the flat path with).
#[cfg(test)]
fn date_args<'a>(lang: Lang, lt: &chrono::DateTime<Tz>) -> Vec<(&'static str, Arg<'a>)> {
    date_args_to(lang, lt, Precision::Minutes)
}

/// How finely a date message writes its time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    /// `10:02`: what people read everywhere.
    Minutes,
    /// `10:02:30`: only where two times side by side would otherwise
    /// read the same (`local_pair`).
    Seconds,
}

fn date_args_to<'a>(
    lang: Lang,
    lt: &chrono::DateTime<Tz>,
    precision: Precision,
) -> Vec<(&'static str, Arg<'a>)> {
    [
        "year",
        "month",
        "mm",
        "day",
        "dd",
        "weekday",
        "monthname",
        "time",
        "zone",
    ]
    .into_iter()
    .map(|name| {
        let mut value = String::new();
        date_field(lang, lt, name, precision, &mut value);
        (name, Arg::from(value))
    })
    .collect()
}

/// Writes one field of a local time, as the date messages name them:
/// `year`, `month`, `mm` (two digits), `day`, `dd`, `weekday` and
/// `monthname` (the `weekday` and `month` messages), `time` (HH:MM, or
/// HH:MM:SS to `Precision::Seconds`) and `zone` (the abbreviation).
/// `false` for any other name.
fn date_field(
    lang: Lang,
    lt: &chrono::DateTime<Tz>,
    name: &str,
    precision: Precision,
    out: &mut String,
) -> bool {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let _ = match name {
        "year" => write!(out, "{}", lt.year()),
        "month" => write!(out, "{}", lt.month()),
        "mm" => write!(out, "{:02}", lt.month()),
        "day" => write!(out, "{}", lt.day()),
        "dd" => write!(out, "{:02}", lt.day()),
        "weekday" => {
            out.push_str(&names(lang).weekdays[lt.weekday().num_days_from_monday() as usize]);
            Ok(())
        }
        "monthname" => {
            out.push_str(&names(lang).months[lt.month0() as usize]);
            Ok(())
        }
        "time" if precision == Precision::Seconds => {
            write!(
                out,
                "{:02}:{:02}:{:02}",
                lt.hour(),
                lt.minute(),
                lt.second()
            )
        }
        "time" => write!(out, "{:02}:{:02}", lt.hour(), lt.minute()),
        "zone" => write!(out, "{}", lt.format("%Z")),
        _ => return false,
    };
    true
}

/// The names of the days and months in a language, asked of Fluent once
/// per run.
struct Names {
    weekdays: [String; 7],
    months: [String; 12],
}

fn names(lang: Lang) -> &'static Names {
    static NAMES: std::sync::OnceLock<[Names; 2]> = std::sync::OnceLock::new();
    &NAMES.get_or_init(|| {
        Lang::ALL.map(|lang| Names {
            weekdays: std::array::from_fn(|d| tr!(lang, "weekday", day = d + 1)),
            months: std::array::from_fn(|m| tr!(lang, "month", month = m + 1)),
        })
    })[lang as usize]
}

/// A date message for a local time: built from its pieces (the board
/// shows one or two per ticket), or by Fluent when it is not flat.
fn date(lang: Lang, site: &crate::i18n::Site, lt: &chrono::DateTime<Tz>) -> String {
    date_to(lang, site, lt, Precision::Minutes)
}

fn date_to(
    lang: Lang,
    site: &crate::i18n::Site,
    lt: &chrono::DateTime<Tz>,
    precision: Precision,
) -> String {
    if let Some(pattern) = site.pattern(lang) {
        let mut out = String::with_capacity(32);
        if pattern.write(&mut out, |name, out| {
            date_field(lang, lt, name, precision, out)
        }) {
            return out;
        }
    }
    lang.msg(site.id(), &date_args_to(lang, lt, precision))
}

static DATE_FULL: crate::i18n::Site = crate::i18n::Site::new("date-full");
static DATE_TIME: crate::i18n::Site = crate::i18n::Site::new("date-time");
static DATE_WEEK: crate::i18n::Site = crate::i18n::Site::new("date-week");
static DATE_DAY: crate::i18n::Site = crate::i18n::Site::new("date-day");
static DATE_MONTH: crate::i18n::Site = crate::i18n::Site::new("date-month");
static DATE_YEAR: crate::i18n::Site = crate::i18n::Site::new("date-year");

/// A period in as few words as are true: `2026-10-01 to 2026-10-31` when it
/// runs from one local midnight to another (the last day included), else
/// both instants in full.
pub fn span_words(since: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    span_words_in(Lang::En, since, until, zone)
}

/// The same in `lang` (a chart's period): 「2026-10-01～2026-10-31」.
pub fn span_words_in(lang: Lang, since: DateTime<Utc>, until: DateTime<Utc>, zone: Tz) -> String {
    let (from, to) = (since.with_timezone(&zone), until.with_timezone(&zone));
    let midnight = |t: &DateTime<Tz>| t.time() == chrono::NaiveTime::MIN;
    let (from, to) = match to.date_naive().pred_opt() {
        Some(last) if midnight(&from) && midnight(&to) && last >= from.date_naive() => {
            (from.date_naive().to_string(), last.to_string())
        }
        _ => (date_full(lang, since, zone), date_full(lang, until, zone)),
    };
    tr!(lang, "chart-span", from = from, to = to)
}

/// An instant in full: `2026-11-24 10:15 AEST`, 「2026年11月24日(火) 10:15 AEST」.
pub fn date_full(lang: Lang, t: DateTime<Utc>, zone: Tz) -> String {
    date(lang, &DATE_FULL, &t.with_timezone(&zone))
}

/// An instant as near `now`: `10:15` on the same local day, `Wed 25 Nov
/// 10:15` (「11月25日(水) 10:15」) within half a year, else with its year.
/// In an hour the clocks repeat, the zone says which pass: `01:40 GMT`.
pub fn date_short(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    let (lt, ln) = (t.with_timezone(&zone), now.with_timezone(&zone));
    let site = if lt.date_naive() == ln.date_naive() {
        &DATE_TIME
    } else if (lt.date_naive() - ln.date_naive()).num_days().abs() < 180 {
        &DATE_DAY
    } else {
        &DATE_YEAR
    };
    let mut out = date(lang, site, &lt);
    if zone.readings(lt.naive_local()).len() > 1 {
        out.push(' ');
        date_field(lang, &lt, "zone", Precision::Minutes, &mut out);
    }
    out
}

/// An instant in as few columns as it can, for the board: `14:30` today,
/// `Wed 14:30` (「(水) 14:30」) within a week, `25 Nov 14:30` within the
/// year, else with its year.
pub fn date_compact(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    use chrono::Datelike;
    let (lt, ln) = (t.with_timezone(&zone), now.with_timezone(&zone));
    let site = match (lt.date_naive() - ln.date_naive()).num_days() {
        0 => &DATE_TIME,
        -6..=6 => &DATE_WEEK,
        _ if lt.year() == ln.year() => &DATE_MONTH,
        _ => &DATE_YEAR,
    };
    date(lang, site, &lt)
}

/// A span of wall-clock time for people: `45s`, `12m`, `3h 5m`, `2d 4h`
/// (「45秒」「12分」「3時間5分」「2日4時間」).
pub fn span(lang: Lang, secs: i64) -> String {
    let s = secs.abs();
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => tr!(lang, "span-s", s = s),
        (0, 0, m) => tr!(lang, "span-m", m = m),
        (0, h, 0) => tr!(lang, "span-h", h = h),
        (0, h, m) => tr!(lang, "span-h-m", h = h, m = m),
        (d, 0, _) => tr!(lang, "span-d", d = d),
        (d, h, _) => tr!(lang, "span-d-h", d = d, h = h),
    }
}

/// An amount of clock time (a target, time counted or left), in hours and
/// never days: `48h` of business hours is six working days, not two, and
/// the policy says `24h`, so `1d` would mislead either way.
pub fn clock_time(lang: Lang, secs: i64) -> String {
    let s = secs.abs();
    let (h, m) = (s / 3600, s % 3600 / 60);
    match (h, m) {
        (0, 0) => tr!(lang, "span-s", s = s),
        (0, m) => tr!(lang, "span-m", m = m),
        (h, 0) => tr!(lang, "span-h", h = h),
        (h, m) => tr!(lang, "span-h-m", h = h, m = m),
    }
}

/// A wall-clock span in as few columns as it can, for the board: `45s`,
/// `12m`, `1h20m`, `2d4h`.
pub fn span_compact(lang: Lang, secs: i64) -> String {
    span(lang, secs).replace(' ', "")
}

/// `in 12m` or `3h 5m overdue` (「あと12分」「3時間5分超過」).
pub fn due(lang: Lang, deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    due_in(lang, (deadline - now).num_seconds())
}

/// [`due`] of a clock `secs` from its deadline (negative once late), as
/// `Clock::seconds_left` counts it: a breach's lateness leaves out the
/// waits since its deadline.
pub fn due_in(lang: Lang, secs: i64) -> String {
    let span = span(lang, secs);
    if secs == 0 {
        tr!(lang, "due-now")
    } else if secs > 0 {
        tr!(lang, "due-in", span = span)
    } else {
        tr!(lang, "due-overdue", span = span)
    }
}

/// `date_full` in the language of errors (`i18n::errors`): the instants
/// an error or a refusal names.
pub fn local(t: DateTime<Utc>, zone: Tz) -> String {
    date_full(crate::i18n::errors(), t, zone)
}

/// Two instants a refusal sets side by side (`--at` and the time the
/// customer reported it, a promise and its update), as `local` writes
/// them, to the second when they are less than a minute apart: a refusal
/// never says 10:02 is before 10:02, nor that 10:02 is 20s before 10:03
/// (10:02:50 and 10:03:10).
pub fn local_pair(a: DateTime<Utc>, b: DateTime<Utc>, zone: Tz) -> (String, String) {
    let (la, lb) = (local(a, zone), local(b, zone));
    if a == b || (a - b).num_seconds().abs() >= 60 {
        return (la, lb);
    }
    let lang = crate::i18n::errors();
    let full = |t: DateTime<Utc>| {
        date_to(
            lang,
            &DATE_FULL,
            &t.with_timezone(&zone),
            Precision::Seconds,
        )
    };
    (full(a), full(b))
}

/// `date_short` in English, for output not yet localised.
pub fn short(t: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    date_short(Lang::En, t, now, zone)
}

/// `clock_time` in English, for output not yet localised.
pub fn hours(secs: i64) -> String {
    clock_time(Lang::En, secs)
}

/// `span_compact` in English, for output not yet localised.
pub fn compact(secs: i64) -> String {
    span_compact(Lang::En, secs)
}

/// `due` in English, for output not yet localised.
pub fn relative(deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    due(Lang::En, deadline, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    use Lang::{En, Ja};

    #[test]
    fn whole_days_are_named_by_date_and_other_spans_in_full() {
        let zone: Tz = "Australia/Brisbane".parse().expect("zone");
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("time")
                .with_timezone(&Utc)
        };
        let october = (
            at("2026-10-01T00:00:00+10:00"),
            at("2026-11-01T00:00:00+10:00"),
        );
        assert_eq!(
            span_words(october.0, october.1, zone),
            "2026-10-01 to 2026-10-31"
        );
        let day = (
            at("2026-10-05T00:00:00+10:00"),
            at("2026-10-06T00:00:00+10:00"),
        );
        assert_eq!(span_words(day.0, day.1, zone), "2026-10-05 to 2026-10-05");
        let part = (
            at("2026-10-05T09:00:00+10:00"),
            at("2026-10-06T00:00:00+10:00"),
        );
        assert_eq!(
            span_words(part.0, part.1, zone),
            "2026-10-05 09:00 AEST to 2026-10-06 00:00 AEST"
        );
    }

    #[test]
    fn a_time_in_a_repeated_hour_says_which_pass() {
        let zone: Tz = "Europe/London".parse().expect("zone");
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("time")
                .with_timezone(&Utc)
        };
        let now = at("2026-10-25T03:00:00Z");
        for (t, en) in [
            ("2026-10-25T00:40:00Z", "01:40 BST"),
            ("2026-10-25T01:40:00Z", "01:40 GMT"),
            ("2026-10-25T02:40:00Z", "02:40"),
            ("2026-10-24T23:40:00Z", "00:40"),
        ] {
            assert_eq!(date_short(En, at(t), now, zone), en, "{t}");
        }
        assert_eq!(
            date_short(Ja, at("2026-10-25T01:40:00Z"), now, zone),
            "01:40 GMT"
        );
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (0, "0s", "0秒"),
            (45, "45s", "45秒"),
            (720, "12m", "12分"),
            (3600, "1h", "1時間"),
            (11_100, "3h 5m", "3時間5分"),
            (-11_100, "3h 5m", "3時間5分"),
            (86_400 * 2 + 4 * 3600 + 60, "2d 4h", "2日4時間"),
            (86_400, "1d", "1日"),
        ];
        for (secs, en, ja) in cases {
            assert_eq!(span(En, secs), en);
            assert_eq!(span(Ja, secs), ja);
        }
    }

    #[test]
    fn clock_time_is_in_hours_never_days() {
        let cases = [
            (0, "0s", "0秒"),
            (45, "45s", "45秒"),
            (720, "12m", "12分"),
            (86_400, "24h", "24時間"),
            (48 * 3600, "48h", "48時間"),
            (-(30 * 3600 + 15 * 60), "30h 15m", "30時間15分"),
        ];
        for (secs, en, ja) in cases {
            assert_eq!(clock_time(En, secs), en);
            assert_eq!(clock_time(Ja, secs), ja);
            assert_eq!(hours(secs), en);
        }
        assert_eq!(compact(4800), "1h20m");
        assert_eq!(span_compact(Ja, 4800), "1時間20分");
        assert_eq!(compact(86_400 * 6 + 9 * 3600), "6d9h");
        assert_eq!(span_compact(Ja, 86_400 * 6 + 9 * 3600), "6日9時間");
    }

    #[test]
    fn relative_times() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let soon = now + chrono::Duration::minutes(12);
        let late = now - chrono::Duration::minutes(185);
        assert_eq!(relative(soon, now), "in 12m");
        assert_eq!(relative(late, now), "3h 5m overdue");
        assert_eq!(due(Ja, soon, now), "あと12分");
        assert_eq!(due(Ja, late, now), "3時間5分超過");
        // At the very instant: neither "in 0s" nor "0s overdue".
        assert_eq!(relative(now, now), "now");
        assert_eq!(due(Ja, now, now), "ちょうど今");
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().into()
    }

    /// The dates built from their pieces read exactly as Fluent writes
    /// the same messages with every field as an argument: every message,
    /// both languages, zones with and without daylight saving and
    /// half-hour offsets, over two years of instants at an uneven step.
    #[test]
    fn dates_from_their_pieces_are_what_fluent_writes() {
        let sites = [
            &DATE_FULL,
            &DATE_TIME,
            &DATE_WEEK,
            &DATE_DAY,
            &DATE_MONTH,
            &DATE_YEAR,
        ];
        let zones: Vec<Tz> = [
            "Australia/Brisbane",
            "Asia/Tokyo",
            "America/New_York",
            "Asia/Kolkata",
            "UTC",
        ]
        .iter()
        .map(|z| z.parse().expect("zone"))
        .collect();
        let start = at("2025-12-30T23:59:00Z");
        let mut compared = 0;
        for step in 0..1_500 {
            let t = start + chrono::Duration::minutes(step * 701);
            for zone in &zones {
                let lt = t.with_timezone(zone);
                for lang in [En, Ja] {
                    for site in sites {
                        assert!(site.pattern(lang).is_some(), "{} is flat", site.id());
                        assert_eq!(
                            date(lang, site, &lt),
                            lang.msg(site.id(), &date_args(lang, &lt)),
                            "{} in {lang:?} at {lt}",
                            site.id()
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert_eq!(compared, 1_500 * 5 * 2 * 6);
    }

    #[test]
    fn a_pair_in_the_same_minute_is_shown_to_the_second() {
        let zone = Tz::named("Australia/Brisbane").unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let (a, b) = (at("2026-11-24T00:02:00Z"), at("2026-11-24T00:02:30Z"));
        assert_eq!(
            local_pair(a, b, zone),
            (
                "2026-11-24 10:02:00 AEST".to_string(),
                "2026-11-24 10:02:30 AEST".to_string()
            )
        );
        // Less than a minute apart across a minute's edge: to the second
        // too (10:02 would read a minute before 10:03, not 40s).
        let c = at("2026-11-24T00:03:10Z");
        assert_eq!(
            local_pair(b, c, zone),
            (
                "2026-11-24 10:02:30 AEST".to_string(),
                "2026-11-24 10:03:10 AEST".to_string()
            )
        );
        // A minute or more apart, or the same instant: to the minute, as
        // everywhere.
        let d = at("2026-11-24T00:03:30Z");
        assert_eq!(local_pair(b, d, zone).0, "2026-11-24 10:02 AEST");
        assert_eq!(local_pair(b, b, zone).1, "2026-11-24 10:02 AEST");
    }

    #[test]
    fn dates_in_both_languages() {
        let brisbane = Tz::named("Australia/Brisbane").unwrap();
        // 2026-11-24 10:15 in Brisbane, a Tuesday.
        let t = at("2026-11-24T00:15:00Z");
        assert_eq!(date_full(En, t, brisbane), "2026-11-24 10:15 AEST");
        assert_eq!(local(t, brisbane), "2026-11-24 10:15 AEST");
        assert_eq!(date_full(Ja, t, brisbane), "2026年11月24日(火) 10:15 AEST");
        let same_day = at("2026-11-24T03:00:00Z");
        assert_eq!(date_short(En, t, same_day, brisbane), "10:15");
        assert_eq!(date_short(Ja, t, same_day, brisbane), "10:15");
        let next_week = at("2026-12-01T03:00:00Z");
        assert_eq!(date_short(En, t, next_week, brisbane), "Tue 24 Nov 10:15");
        assert_eq!(short(t, next_week, brisbane), "Tue 24 Nov 10:15");
        assert_eq!(date_short(Ja, t, next_week, brisbane), "11月24日(火) 10:15");
        let next_year = at("2027-11-24T03:00:00Z");
        assert_eq!(date_short(En, t, next_year, brisbane), "2026-11-24 10:15");
        assert_eq!(
            date_short(Ja, t, next_year, brisbane),
            "2026年11月24日 10:15"
        );
        // The board's: the time today, the weekday within a week, the day
        // within the year.
        let compact = |lang, now| date_compact(lang, t, at(now), brisbane);
        assert_eq!(compact(En, "2026-11-24T05:00:00Z"), "10:15");
        assert_eq!(compact(En, "2026-11-22T05:00:00Z"), "Tue 10:15");
        assert_eq!(compact(Ja, "2026-11-22T05:00:00Z"), "(火) 10:15");
        assert_eq!(compact(En, "2026-01-02T05:00:00Z"), "24 Nov 10:15");
        assert_eq!(compact(Ja, "2026-01-02T05:00:00Z"), "11月24日 10:15");
        assert_eq!(compact(Ja, "2025-01-02T05:00:00Z"), "2026年11月24日 10:15");
        // Every weekday has its name in both.
        let days: Vec<String> = (0..7)
            .map(|d| date_short(Ja, t + chrono::Duration::days(d), next_year, brisbane))
            .collect();
        assert_eq!(
            days.iter()
                .map(|d| d.split(' ').next().unwrap())
                .collect::<Vec<_>>(),
            [
                "2026年11月24日",
                "2026年11月25日",
                "2026年11月26日",
                "2026年11月27日",
                "2026年11月28日",
                "2026年11月29日",
                "2026年11月30日"
            ]
        );
        let weekdays: Vec<String> = (0..7)
            .map(|d| date_compact(Ja, t + chrono::Duration::days(d), t, brisbane))
            .collect();
        assert_eq!(
            weekdays,
            [
                "10:15",
                "(水) 10:15",
                "(木) 10:15",
                "(金) 10:15",
                "(土) 10:15",
                "(日) 10:15",
                "(月) 10:15"
            ]
        );
    }
}
