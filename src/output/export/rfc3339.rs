//! RFC 3339 UTC instants, written digit by digit: a million-row export
//! writes six per row, and chrono's general formatter was an eighth of the
//! whole export's time (BENCHMARKS.md).

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serializer;

pub fn format<'a>(t: &DateTime<Utc>, buf: &'a mut [u8; 20]) -> Option<&'a str> {
    // Read off the UTC date and time once (each accessor of a
    // `DateTime` would add its zero offset again).
    let n = t.naive_utc();
    let (y, mo, d) = (n.year(), n.month(), n.day());
    let (h, mi, s) = (n.hour(), n.minute(), n.second());
    if !(0..=9999).contains(&y) {
        return None;
    }
    let two = |b: &mut [u8], v: u32| {
        b[0] = b'0' + (v / 10) as u8;
        b[1] = b'0' + (v % 10) as u8;
    };
    let y = y as u32;
    two(&mut buf[0..2], y / 100);
    two(&mut buf[2..4], y % 100);
    buf[4] = b'-';
    two(&mut buf[5..7], mo);
    buf[7] = b'-';
    two(&mut buf[8..10], d);
    buf[10] = b'T';
    two(&mut buf[11..13], h);
    buf[13] = b':';
    two(&mut buf[14..16], mi);
    buf[16] = b':';
    two(&mut buf[17..19], s);
    buf[19] = b'Z';
    std::str::from_utf8(buf).ok()
}

pub fn one<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 20];
    match format(t, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => s.collect_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    }
}

pub fn opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => one(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, SecondsFormat, Utc};
    use proptest::prelude::*;

    /// The first and last second of years 0000 and 9999: the range the
    /// digit-by-digit path writes (chrono writes the rest).
    const YEAR_0: i64 = -62_167_219_200;
    const YEAR_9999_END: i64 = 253_402_300_799;

    #[derive(serde::Serialize)]
    struct One(#[serde(serialize_with = "super::one")] DateTime<Utc>);

    /// Every second slaclock can hold: the store's Unix seconds, clamped
    /// by `sla::instant` to chrono's range (about 262,000 years either
    /// side of 1970), with sub-second parts that must not show.
    fn instants() -> impl Strategy<Value = DateTime<Utc>> {
        let min = DateTime::<Utc>::MIN_UTC.timestamp();
        let max = DateTime::<Utc>::MAX_UTC.timestamp();
        let secs = prop_oneof![
            4 => YEAR_0..=YEAR_9999_END,
            2 => min..=max,
            1 => any::<i64>(),
            1 => prop::sample::select(vec![
                i64::MIN, min, YEAR_0 - 1, YEAR_0, -1, 0, 951_782_400,
                YEAR_9999_END, YEAR_9999_END + 1, max, i64::MAX,
            ]),
        ];
        (secs, prop_oneof![Just(0u32), 0u32..1_000_000_000]).prop_map(|(s, nanos)| {
            let t = crate::sla::instant(s);
            DateTime::from_timestamp(t.timestamp(), nanos).unwrap_or(t)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn writes_what_chrono_writes(t in instants()) {
            let chrono = t.to_rfc3339_opts(SecondsFormat::Secs, true);
            let mut buf = [0u8; 20];
            match super::format(&t, &mut buf) {
                Some(fast) => prop_assert_eq!(fast, chrono.as_str()),
                None => prop_assert!(!(YEAR_0..=YEAR_9999_END).contains(&t.timestamp()), "{}", chrono),
            }
            prop_assert_eq!(serde_json::to_string(&One(t)).unwrap(), format!("\"{chrono}\""));
        }
    }
}
