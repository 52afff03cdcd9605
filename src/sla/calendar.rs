//! Business calendars: counting and adding business time.
//!
//! A calendar is either `24x7` or a weekly template of wall-clock intervals
//! in an IANA zone, minus whole-date holidays. Time is counted in real
//! seconds between interval boundaries placed in local time by the one
//! rule for skipped and repeated hours (`zone::Placed`). The cost of `add`
//! and `count` grows with the transitions and holidays met, never with the
//! length of the duration: runs of plain days are summed from the weekly
//! template in one step, each offset change in a run is read from the
//! zone's rules once, and `add` finds the deadline's day inside a run
//! instead of summing it again.
//! Owns: calendar arithmetic. No I/O, no system clock.
//!
//! Over 600 lines with its tests: the code is under 500, and the
//! table-driven cases stay beside the arithmetic they check.

use chrono::NaiveDate;

use super::zone::{MAX_OFFSET, Tz, Window, Zone};

pub const DAY: i64 = 86_400;

/// The most weeks `add` sums in one run (about four years).
const MAX_RUN_WEEKS: i64 = 209;

/// One working interval of a day, in seconds after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: u32,
    pub end: u32,
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hm = |s: u32| format!("{:02}:{:02}", s / 3600, s % 3600 / 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

/// Where business time is counted.
#[derive(Debug, Clone, PartialEq)]
pub enum Calendar {
    /// Every second counts.
    Always,
    Business(Box<BusinessCalendar>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub name: String,
    zone: Zone,
    /// Monday first; each day's intervals sorted and disjoint.
    week: [Vec<Interval>; 7],
    day_secs: [i64; 7],
    /// `prefix[i]` = business seconds of weekdays `0..i`.
    prefix: [i64; 8],
    /// Local dates, as days since 1970-01-01, sorted and unique.
    holidays: Vec<i64>,
    /// `holiday_prefix[i]` = template seconds of the holidays `0..i`, so
    /// the holidays in any run of days are subtracted in one step.
    holiday_prefix: Vec<i64>,
}

/// Days since 1970-01-01 of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date"))
        .num_days()
}

fn date_of(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date") + chrono::Duration::days(day)
}

/// Monday = 0. 1970-01-01 was a Thursday.
fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

impl BusinessCalendar {
    /// Builds a calendar. The caller (policy validation) has checked that the
    /// intervals are sorted, disjoint and inside the day, and that some day
    /// has an open hour.
    pub fn new(name: &str, tz: Tz, week: [Vec<Interval>; 7], holidays: &[NaiveDate]) -> Self {
        let mut day_secs = [0i64; 7];
        for (d, ivs) in week.iter().enumerate() {
            day_secs[d] = ivs.iter().map(|i| i64::from(i.end - i.start)).sum();
        }
        let mut prefix = [0i64; 8];
        for d in 0..7 {
            prefix[d + 1] = prefix[d] + day_secs[d];
        }
        let mut holidays: Vec<i64> = holidays.iter().map(|d| day_number(*d)).collect();
        holidays.sort_unstable();
        holidays.dedup();
        let mut holiday_prefix = Vec::with_capacity(holidays.len() + 1);
        holiday_prefix.push(0);
        for h in &holidays {
            holiday_prefix
                .push(holiday_prefix.last().copied().unwrap_or(0) + day_secs[weekday(*h)]);
        }
        BusinessCalendar {
            name: name.to_string(),
            zone: Zone::new(tz),
            week,
            day_secs,
            prefix,
            holidays,
            holiday_prefix,
        }
    }

    pub fn timezone(&self) -> Tz {
        self.zone.tz()
    }

    pub fn week(&self) -> &[Vec<Interval>; 7] {
        &self.week
    }

    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().map(|d| date_of(*d))
    }

    /// Business seconds of a whole week of the template, holidays aside.
    pub fn week_secs(&self) -> i64 {
        self.prefix[7]
    }

    fn is_holiday(&self, day: i64) -> bool {
        self.holidays.binary_search(&day).is_ok()
    }

    fn local_day(&self, utc: i64) -> i64 {
        self.zone.local(utc).div_euclid(DAY)
    }

    /// The day's working intervals as UTC `[start, end)` pairs, in order.
    fn day_intervals(&self, day: i64, f: impl FnMut(i64, i64) -> bool) -> bool {
        if self.is_holiday(day) || self.week[weekday(day)].is_empty() {
            return true;
        }
        let base = day * DAY;
        let zone = self
            .zone
            .window(base - 2 * MAX_OFFSET, base + DAY + 2 * MAX_OFFSET + 1);
        self.intervals_in(&zone, day, f)
    }

    /// `day_intervals` with the zone's offsets already read: `zone` must
    /// reach `2 * MAX_OFFSET` beyond the day on either side, where its local
    /// times resolve.
    fn intervals_in(&self, zone: &Window, day: i64, mut f: impl FnMut(i64, i64) -> bool) -> bool {
        if self.is_holiday(day) {
            return true;
        }
        let ivs = &self.week[weekday(day)];
        let base = day * DAY;
        // Whether the offset may change anywhere near this local day.
        if zone.has_transition(base - MAX_OFFSET, base + DAY + MAX_OFFSET) {
            for iv in ivs {
                let a = zone.resolve(base + i64::from(iv.start));
                let b = zone.resolve(base + i64::from(iv.end));
                if b > a && !f(a, b) {
                    return false;
                }
            }
        } else {
            let off = i64::from(zone.offset_at(base));
            for iv in ivs {
                if !f(
                    base + i64::from(iv.start) - off,
                    base + i64::from(iv.end) - off,
                ) {
                    return false;
                }
            }
        }
        true
    }

    /// Real business seconds of one whole day, walked on its own: what
    /// `days_total` must agree with.
    #[cfg(test)]
    fn day_total(&self, day: i64) -> i64 {
        let mut total = 0;
        self.day_intervals(day, |a, b| {
            total += b - a;
            true
        });
        total
    }

    /// Real business seconds of one whole day, with the zone's offsets
    /// around it already read (see `intervals_in`).
    fn day_total_in(&self, zone: &Window, day: i64) -> i64 {
        let mut total = 0;
        self.intervals_in(zone, day, |a, b| {
            total += b - a;
            true
        });
        total
    }

    /// Nominal business seconds of the days `from..to` from the template alone.
    fn nominal(&self, from: i64, to: i64) -> i64 {
        let days = to - from;
        let weeks = days / 7;
        let mut total = weeks * self.week_secs();
        let rest = days % 7;
        let wd = weekday(from);
        let end = wd + rest as usize;
        if end <= 7 {
            total += self.prefix[end] - self.prefix[wd];
        } else {
            total += self.week_secs() - self.prefix[wd] + self.prefix[end - 7];
        }
        total
    }

    /// Business seconds of the whole local days `from..to` from the template
    /// less the holidays, as if no offset changed.
    fn plain_total(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let lo = self.holidays.partition_point(|h| *h < from);
        let hi = self.holidays.partition_point(|h| *h < to);
        self.nominal(from, to) - (self.holiday_prefix[hi] - self.holiday_prefix[lo])
    }

    /// The most whole days from `day`, at most `limit`, whose plain total
    /// is less than `remaining`, and that total.
    fn plain_days(&self, day: i64, remaining: i64, limit: i64) -> (i64, i64) {
        // plain_total grows with the number of days: the last count of days
        // still under `remaining`, by bisection.
        let (mut lo, mut hi) = (0, limit);
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2;
            if self.plain_total(day, day + mid) < remaining {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        (lo, self.plain_total(day, day + lo))
    }

    /// Calls `f` once with each day of `from..to` that an offset change may
    /// touch, in order, and with its real business seconds (none on a
    /// holiday). Every other day of the run holds its template seconds.
    fn touched_days(&self, from: i64, to: i64, mut f: impl FnMut(i64, i64)) {
        if to <= from {
            return;
        }
        // The zone's offsets over the whole run, read once (each day's local
        // times resolve within `2 * MAX_OFFSET` of it).
        let zone = self
            .zone
            .window(from * DAY - 3 * MAX_OFFSET, to * DAY + 3 * MAX_OFFSET);
        let mut last_done = i64::MIN;
        for tr in zone.transitions(from * DAY - MAX_OFFSET, to * DAY + MAX_OFFSET) {
            let first = (tr.at + i64::from(tr.before.min(tr.after))).div_euclid(DAY) - 1;
            let last = (tr.at + i64::from(tr.before.max(tr.after))).div_euclid(DAY) + 1;
            for day in first.max(from).max(last_done + 1)..=last.min(to - 1) {
                let real = if self.week[weekday(day)].is_empty() {
                    0
                } else {
                    self.day_total_in(&zone, day)
                };
                f(day, real);
                last_done = day;
            }
        }
    }

    /// The template seconds `plain_total` gives one day.
    fn plain_day(&self, day: i64) -> i64 {
        if self.is_holiday(day) {
            0
        } else {
            self.day_secs[weekday(day)]
        }
    }

    /// Real business seconds of the whole local days `from..to`: the plain
    /// total, with each day an offset change touches replaced by its real
    /// length (a day is corrected once even if two changes touch it).
    fn days_total(&self, from: i64, to: i64) -> i64 {
        let mut total = self.plain_total(from, to);
        self.touched_days(from, to, |day, real| total += real - self.plain_day(day));
        total
    }

    /// Skips whole local days from `day` while more than a week's business
    /// time remains, never past the day the deadline falls on: returns the
    /// first day not skipped and what remains. Each offset change and
    /// holiday on the way is met once; runs of plain days cost one step.
    fn skip_days(&self, mut day: i64, mut remaining: i64) -> (i64, i64) {
        let week = self.week_secs();
        while remaining > week {
            // A run as long as the template says the rest needs (it ends
            // past the deadline unless holidays or offset changes shorten
            // it), but at most about four years: where offset changes
            // lengthen the days, the template's estimate can overshoot by
            // thousands of years on a sparse calendar, and every change in
            // the run is read.
            let end = day + 7 * ((remaining - 1) / week).min(MAX_RUN_WEEKS);
            let mut touched = Vec::new();
            self.touched_days(day, end, |d, real| touched.push((d, real)));
            let total = self.plain_total(day, end)
                + touched
                    .iter()
                    .map(|(d, real)| real - self.plain_day(*d))
                    .sum::<i64>();
            if total < remaining {
                remaining -= total;
                day = end;
                continue;
            }
            // The deadline is in this run: walk its plain stretches and the
            // days between them.
            for (d, real) in touched {
                let plain = self.plain_total(day, d);
                if plain >= remaining {
                    break;
                }
                remaining -= plain;
                day = d;
                if real >= remaining {
                    return (day, remaining);
                }
                remaining -= real;
                day = d + 1;
            }
            let (n, plain) = self.plain_days(day, remaining, end - day);
            return (day + n, remaining - plain);
        }
        (day, remaining)
    }

    fn count(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let (d0, d1) = (self.local_day(from), self.local_day(to));
        let mut total = 0;
        let mut clip = |day: i64| {
            self.day_intervals(day, |a, b| {
                total += (b.min(to) - a.max(from)).max(0);
                true
            });
        };
        // Intervals of the neighbouring days may be pulled across midnight by
        // an offset change; clipping makes counting them harmless.
        clip(d0);
        if d1 > d0 {
            clip(d1);
            total + self.days_total(d0 + 1, d1)
        } else {
            total
        }
    }

    fn add(&self, start: i64, secs: i64) -> i64 {
        if secs <= 0 {
            return start;
        }
        let mut remaining = secs;
        let mut day = self.local_day(start);
        let mut from = start;
        let week = self.week_secs();
        // A calendar is validated to have open hours, and holidays are
        // finite, so the walk ends; the bound only guards against a bug.
        for _ in 0..1_000_000 {
            if from == i64::MIN && week > 0 && remaining > week {
                // Whole days in one pass, up to the day the deadline falls on.
                (day, remaining) = self.skip_days(day, remaining);
            }
            let mut found = None;
            self.day_intervals(day, |a, b| {
                let a = a.max(from);
                if b > a {
                    if b - a >= remaining {
                        found = Some(a + remaining);
                        return false;
                    }
                    remaining -= b - a;
                }
                true
            });
            if let Some(t) = found {
                return t;
            }
            day += 1;
            from = i64::MIN;
        }
        unreachable!("a validated calendar always reaches its deadline")
    }

    fn next_open(&self, t: i64) -> i64 {
        let first = self.local_day(t);
        for day in first..first + 1_000_000 {
            let mut found = None;
            self.day_intervals(day, |a, b| {
                if b > t {
                    found = Some(a.max(t));
                    return false;
                }
                true
            });
            if let Some(x) = found {
                return x;
            }
        }
        unreachable!("a validated calendar always opens again")
    }
}

impl Calendar {
    pub fn name(&self) -> &str {
        match self {
            Calendar::Always => "24x7",
            Calendar::Business(b) => &b.name,
        }
    }

    /// Business seconds in `[from, to)`; zero if `to <= from`.
    pub fn count_secs(&self, from: i64, to: i64) -> i64 {
        match self {
            Calendar::Always => (to - from).max(0),
            Calendar::Business(b) => b.count(from, to),
        }
    }

    /// The earliest instant at which `secs` business seconds have passed since `start`.
    pub fn add_secs(&self, start: i64, secs: i64) -> i64 {
        match self {
            Calendar::Always => start + secs.max(0),
            Calendar::Business(b) => b.add(start, secs),
        }
    }

    /// The first instant at or after `t` that lies in business hours.
    pub fn next_open_secs(&self, t: i64) -> i64 {
        match self {
            Calendar::Always => t,
            Calendar::Business(b) => b.next_open(t),
        }
    }

    /// The business intervals met in `[from, to)`, clipped, and the holidays
    /// passed over on the way: what `status --explain` shows.
    pub fn explain(&self, from: i64, to: i64, limit: usize) -> Explanation {
        let mut out = Explanation::default();
        let Calendar::Business(b) = self else {
            out.intervals.push((from, to));
            return out;
        };
        let (mut day, last) = (b.local_day(from), b.local_day(to));
        while day <= last && out.intervals.len() < limit {
            if b.is_holiday(day) {
                out.holidays.push(date_of(day));
            }
            b.day_intervals(day, |x, y| {
                let (x, y) = (x.max(from), y.min(to));
                if y > x {
                    out.intervals.push((x, y));
                }
                true
            });
            day += 1;
        }
        out.truncated = day <= last;
        out
    }
}

/// The pieces of a count, for people to check it by hand.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Explanation {
    pub intervals: Vec<(i64, i64)>,
    pub holidays: Vec<NaiveDate>,
    pub truncated: bool,
}

#[cfg(test)]
mod tests {
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
}
