//! A length of time in a message built before its language is known (a
//! refusal, an error, a warning: [`Msg`]): the board's units (`span-d`,
//! `span-h`, `span-m`, `span-s`, as `output::span` writes `3h 5m`,
//! 「3時間5分」), told in the language of whoever reads it.

use std::time::Duration;

use super::Msg;
use crate::msg;

/// `d` in every unit it has, largest first, down to the millisecond: a
/// timeout someone set (`90s` is `1m 30s`, 「1分30秒」, never rounded to a
/// minute), `1s 200ms`; nothing is `0s`.
pub fn duration(d: Duration) -> Msg {
    let secs = d.as_secs();
    let mut parts = Vec::new();
    let (days, hours) = (secs / 86_400, secs % 86_400 / 3600);
    let (minutes, seconds, millis) = (secs % 3600 / 60, secs % 60, d.subsec_millis());
    if days > 0 {
        parts.push(msg!("span-d", d = days));
    }
    if hours > 0 {
        parts.push(msg!("span-h", h = hours));
    }
    if minutes > 0 {
        parts.push(msg!("span-m", m = minutes));
    }
    if seconds > 0 {
        parts.push(msg!("span-s", s = seconds));
    }
    if millis > 0 {
        parts.push(msg!("span-ms", ms = millis));
    }
    let mut parts = parts.into_iter().rev();
    let last = parts.next().unwrap_or_else(|| msg!("span-s", s = 0));
    parts.fold(last, |rest, first| {
        msg!("span-and", first = first, rest = rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang::{En, Ja};

    #[test]
    fn a_duration_is_told_in_the_readers_language_in_the_boards_units() {
        let told = |ms: u64| {
            let d = duration(Duration::from_millis(ms));
            (d.told_in(En), d.told_in(Ja))
        };
        assert_eq!(told(2_000), ("2s".into(), "2秒".into()));
        assert_eq!(told(90_000), ("1m 30s".into(), "1分30秒".into()));
        assert_eq!(told(1_200), ("1s 200ms".into(), "1秒200ミリ秒".into()));
        assert_eq!(told(3_600_000), ("1h".into(), "1時間".into()));
        assert_eq!(told(3_605_000), ("1h 5s".into(), "1時間5秒".into()));
        assert_eq!(told(0), ("0s".into(), "0秒".into()));
        // What English said before (humantime), for every timeout a test
        // or a person is likely to set.
        for ms in [
            1_000, 1_200, 2_000, 10_000, 31_000, 90_000, 300_000, 3_600_000,
        ] {
            let d = Duration::from_millis(ms);
            assert_eq!(
                duration(d).told_in(En),
                humantime::format_duration(d).to_string()
            );
        }
        // Where the board's span does not round, the same words.
        for secs in [45, 12 * 60, 3 * 3600, 3 * 3600 + 5 * 60, 2 * 86_400] {
            for lang in [En, Ja] {
                let d = duration(Duration::from_secs(secs));
                assert_eq!(
                    d.told_in(lang),
                    crate::output::span(lang, secs as i64),
                    "{secs}"
                );
            }
        }
    }
}
