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
//! Owns: calendar arithmetic. No I/O, no system clock. Its table-driven
//! cases are in `calendar/tests.rs`.

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
    /// Shared with every clock counted on it (`Clock::calendar`): judging
    /// a ticket copies a pointer, never the text.
    pub name: std::sync::Arc<str>,
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
            name: name.into(),
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

    /// At most how many days counting `secs` of this calendar's time may
    /// take, from any start: `None` when the week has no open hour.
    ///
    /// Any run of n + 1 weeks holds n whole weeks of the template, so
    /// `secs` need at most that many weeks, and as many more as the time
    /// the run may lose: to its holidays, and to the zone's changes (a
    /// skipped hour, or a skipped day, takes at most one day's hours; four
    /// a year are allowed for). The run is lengthened until what the
    /// busiest run of its length loses fits in it.
    pub fn longest_reach_days(&self, secs: i64) -> Option<i64> {
        let week = self.week_secs();
        if week <= 0 {
            return None;
        }
        let longest_day = self.day_secs.iter().copied().max().unwrap_or(0);
        let days_for = |need: i64| ((need.max(0) + week - 1) / week + 1) * 7;
        let mut span = days_for(secs);
        loop {
            let changes = 4 * (span / 365 + 1) * longest_day;
            let longer = days_for(secs + self.most_taken_out(span) + changes);
            if longer <= span {
                return Some(span);
            }
            span = longer;
        }
    }

    /// The most template time the holidays take out of any run of `days`.
    fn most_taken_out(&self, days: i64) -> i64 {
        let (mut most, mut j) = (0, 0);
        for (i, first) in self.holidays.iter().enumerate() {
            while j < self.holidays.len() && self.holidays[j] < first + days {
                j += 1;
            }
            most = most.max(self.holiday_prefix[j] - self.holiday_prefix[i]);
        }
        most
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

    /// At most how many days counting `secs` of this calendar's time may
    /// take from any start (`None`: never, the week has no open hour).
    pub fn longest_reach_days(&self, secs: i64) -> Option<i64> {
        match self {
            Calendar::Always => Some((secs.max(0) + 86_399) / 86_400),
            Calendar::Business(b) => b.longest_reach_days(secs),
        }
    }

    /// The name of a business calendar; `None` for 24x7.
    pub fn business_name(&self) -> Option<&std::sync::Arc<str>> {
        match self {
            Calendar::Always => None,
            Calendar::Business(b) => Some(&b.name),
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
mod tests;
