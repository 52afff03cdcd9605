//! Offsets of an IANA time zone as plain integer arithmetic.
//!
//! chrono-tz answers one instant at a time and keeps its transition table
//! private, so this module finds the transitions itself (probing the public
//! API once per ~194-day bucket, then bisecting to the second) and caches
//! them. Everything else in the calendar is then integer arithmetic on Unix
//! seconds. Owns: UTC <-> local wall-clock conversion with the spec's rules
//! for skipped and repeated hours. No I/O, no system clock.

use std::sync::OnceLock;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Buckets are 2^24 seconds (about 194 days) of UTC time.
const BUCKET_SHIFT: u32 = 24;
/// Cached range: 1901 to 2225. Outside it every question goes to chrono-tz.
const FIRST_BUCKET: i64 = -(1 << 31) >> BUCKET_SHIFT;
const BUCKETS: usize = 608;
/// Probe step when looking for transitions. Two transitions closer than this
/// that return to the same offset would be missed; no zone has had one.
const PROBE_STEP: i64 = 6 * 3600;
/// Widest offset any zone has had (+14:00 and -12:00, with margin).
pub const MAX_OFFSET: i64 = 15 * 3600;

/// One change of offset: from `at` (UTC seconds) the offset is `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub at: i64,
    pub before: i32,
    pub after: i32,
}

#[derive(Debug, Default)]
struct Bucket {
    start_offset: i32,
    transitions: Vec<Transition>,
}

/// A time zone with its transitions cached bucket by bucket.
pub struct Zone {
    tz: Tz,
    buckets: Box<[OnceLock<Bucket>]>,
}

impl Clone for Zone {
    fn clone(&self) -> Self {
        Zone::new(self.tz)
    }
}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zone({})", self.tz.name())
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.tz == other.tz
    }
}

impl Zone {
    pub fn new(tz: Tz) -> Zone {
        Zone {
            tz,
            buckets: (0..BUCKETS).map(|_| OnceLock::new()).collect(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The offset chrono-tz gives for one instant (uncached).
    fn probe(&self, utc: i64) -> i32 {
        match DateTime::from_timestamp(utc, 0) {
            Some(t) => self
                .tz
                .offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc(),
            None => 0,
        }
    }

    fn bucket(&self, index: i64) -> Option<&Bucket> {
        let slot = usize::try_from(index - FIRST_BUCKET).ok()?;
        let cell = self.buckets.get(slot)?;
        Some(cell.get_or_init(|| self.scan(index << BUCKET_SHIFT, (index + 1) << BUCKET_SHIFT)))
    }

    /// Finds every transition in `[from, to)` by probing and bisecting.
    fn scan(&self, from: i64, to: i64) -> Bucket {
        let start_offset = self.probe(from);
        let mut transitions = Vec::new();
        let (mut t, mut off) = (from, start_offset);
        while t < to {
            let next = (t + PROBE_STEP).min(to);
            let next_off = self.probe(next);
            if next_off != off {
                // The offset changes somewhere in (t, next]: bisect to the second.
                let (mut lo, mut hi) = (t, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if self.probe(mid) == off {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                if hi < to {
                    transitions.push(Transition {
                        at: hi,
                        before: off,
                        after: next_off,
                    });
                }
            }
            t = next;
            off = next_off;
        }
        Bucket {
            start_offset,
            transitions,
        }
    }

    /// The UTC offset in force at `utc`, in seconds east of Greenwich.
    pub fn offset_at(&self, utc: i64) -> i32 {
        match self.bucket(utc >> BUCKET_SHIFT) {
            Some(b) => {
                let i = b.transitions.partition_point(|tr| tr.at <= utc);
                if i == 0 {
                    b.start_offset
                } else {
                    b.transitions[i - 1].after
                }
            }
            None => self.probe(utc),
        }
    }

    /// Calls `f` with every transition in `[from, to)`, in order. Outside the
    /// cached range nothing is reported (offsets there are still exact, see
    /// `offset_at`, but calendars treat the zone as fixed).
    pub fn transitions_in(&self, from: i64, to: i64, mut f: impl FnMut(Transition)) {
        if to <= from {
            return;
        }
        for index in (from >> BUCKET_SHIFT)..=((to - 1) >> BUCKET_SHIFT) {
            if let Some(b) = self.bucket(index) {
                for tr in &b.transitions {
                    if tr.at >= from && tr.at < to {
                        f(*tr);
                    }
                }
            }
        }
    }

    /// Whether any transition lies in `[from, to)`.
    pub fn has_transition(&self, from: i64, to: i64) -> bool {
        let mut any = false;
        self.transitions_in(from, to, |_| any = true);
        any
    }

    /// Local wall-clock seconds (as if the local time were UTC) to an instant.
    /// A time in a skipped hour moves to the first instant that exists (the
    /// transition); a time in a repeated hour takes the earlier instant.
    pub fn resolve(&self, local: i64) -> i64 {
        let before = self.offset_at(local - MAX_OFFSET * 2) as i64;
        let after = self.offset_at(local + MAX_OFFSET * 2) as i64;
        let mut best: Option<i64> = None;
        for off in [before, after] {
            let utc = local - off;
            if self.offset_at(utc) as i64 == off {
                best = Some(best.map_or(utc, |b: i64| b.min(utc)));
            }
        }
        if let Some(utc) = best {
            return utc;
        }
        // In a gap: the first instant that exists is the transition itself.
        let mut first = None;
        self.transitions_in(local - after, local - before + 1, |tr| {
            first.get_or_insert(tr.at);
        });
        // Nothing found means offsets changed twice within the probe window;
        // fall back to the old offset, which is the closest reading.
        first.unwrap_or(local - before)
    }

    /// The local wall-clock seconds of an instant.
    pub fn local(&self, utc: i64) -> i64 {
        utc + self.offset_at(utc) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{LocalResult, NaiveDate};

    fn utc(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    fn local(s: &str) -> i64 {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn finds_sydney_transitions_to_the_second() {
        let zone = Zone::new(chrono_tz::Australia::Sydney);
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
        let zone = Zone::new(chrono_tz::Australia::Sydney);
        // 02:30 does not exist on 2026-10-04: the first instant that does is 03:00 AEDT.
        assert_eq!(
            zone.resolve(local("2026-10-04 02:30")),
            utc("2026-10-03T16:00:00Z")
        );
        // 02:30 happens twice on 2026-04-05: the earlier is 02:30 AEDT.
        assert_eq!(
            zone.resolve(local("2026-04-05 02:30")),
            utc("2026-04-04T15:30:00Z")
        );
        // Sao Paulo skipped midnight on 2018-11-04.
        let sp = Zone::new(chrono_tz::America::Sao_Paulo);
        assert_eq!(
            sp.resolve(local("2018-11-04 00:00")),
            utc("2018-11-04T03:00:00Z")
        );
        assert_eq!(
            sp.resolve(local("2018-11-04 01:00")),
            utc("2018-11-04T03:00:00Z")
        );
    }

    #[test]
    fn agrees_with_chrono_tz_away_from_gaps() {
        let zone = Zone::new(chrono_tz::America::New_York);
        let tz = chrono_tz::America::New_York;
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
                assert_eq!(zone.resolve(t.and_utc().timestamp()), e, "{t}");
            }
            t += chrono::Duration::minutes(263);
        }
    }
}
