//! `holidays import` output: what an import would change in a calendar,
//! before it is written, and what was written.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::sla::{HolidayEdit, IcsHolidays, SkipWhy};
use crate::tr;

use super::text::{plain, quoted};

/// The most skipped events listed one by one.
const MAX_SKIPPED_SHOWN: usize = 10;

/// An import to show: the files, the calendar, what the iCalendar file
/// holds and what the policy file would become.
pub struct HolidayImport<'a> {
    pub ics: &'a str,
    pub policy: &'a str,
    pub calendar: &'a str,
    pub holidays: &'a IcsHolidays,
    pub edit: &'a HolidayEdit,
    /// The language the lines are in.
    pub lang: Lang,
}

/// `2026-2027`, or `2026`.
pub fn years(h: &IcsHolidays) -> String {
    if h.years.start() == h.years.end() {
        h.years.start().to_string()
    } else {
        format!("{}-{}", h.years.start(), h.years.end())
    }
}

/// `2027-01-01 Fri`, 「2027-01-01 (金)」.
fn day(lang: Lang, d: &NaiveDate) -> String {
    use chrono::Datelike;
    tr!(
        lang,
        "holidays-day",
        date = d.format("%Y-%m-%d").to_string(),
        weekday = tr!(lang, "weekday", day = d.weekday().number_from_monday()),
    )
}

fn dates(lang: Lang, n: usize) -> String {
    tr!(lang, "holidays-dates", n = n)
}

fn why(lang: Lang, why: SkipWhy) -> String {
    match why {
        SkipWhy::Timed => tr!(lang, "holidays-skip-timed"),
        SkipWhy::Cancelled => tr!(lang, "holidays-skip-cancelled"),
    }
}

/// The dates an import adds and removes, then what it skipped and left out.
pub fn holidays_preview(w: &mut impl Write, i: &HolidayImport) -> io::Result<()> {
    let (h, lang) = (i.holidays, i.lang);
    writeln!(
        w,
        "{}",
        tr!(
            lang,
            "holidays-preview",
            ics = plain(i.ics),
            dates = dates(lang, h.dates.len()),
            years = years(h),
            calendar = quoted(i.calendar),
            policy = plain(i.policy),
        )
    )?;
    // A whole work calendar's meetings would bury the dates: ten at most.
    for s in h.skipped.iter().take(MAX_SKIPPED_SHOWN) {
        writeln!(
            w,
            "{}",
            tr!(
                lang,
                "holidays-skipped",
                line = s.line,
                summary = quoted(&s.summary),
                why = why(lang, s.why),
            )
        )?;
    }
    if h.skipped.len() > MAX_SKIPPED_SHOWN {
        writeln!(
            w,
            "{}",
            tr!(
                lang,
                "holidays-skipped-more",
                n = h.skipped.len() - MAX_SKIPPED_SHOWN
            )
        )?;
    }
    if h.left_out > 0 {
        writeln!(
            w,
            "{}",
            tr!(
                lang,
                "holidays-left-out",
                dates = dates(lang, h.left_out),
                years = years(h),
            )
        )?;
    }
    let e = i.edit;
    if !e.changes() {
        return writeln!(w, "{}", tr!(lang, "holidays-unchanged", years = years(h)));
    }
    if !e.added.is_empty() {
        writeln!(
            w,
            "{}",
            tr!(lang, "holidays-adds", dates = dates(lang, e.added.len()))
        )?;
        for (d, name) in &e.added {
            writeln!(w, "  {}  {}", day(lang, d), plain(name))?;
        }
    }
    if !e.removed.is_empty() {
        writeln!(
            w,
            "{}",
            tr!(
                lang,
                "holidays-removes",
                dates = dates(lang, e.removed.len())
            )
        )?;
        for d in &e.removed {
            writeln!(w, "  {}", day(lang, d))?;
        }
    }
    if e.unchanged > 0 {
        writeln!(
            w,
            "{}",
            tr!(lang, "holidays-keeps", dates = dates(lang, e.unchanged))
        )?;
    }
    Ok(())
}

/// What was written.
pub fn holidays_written(w: &mut impl Write, i: &HolidayImport) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        tr!(
            i.lang,
            "holidays-written",
            calendar = quoted(i.calendar),
            years = years(i.holidays),
            policy = plain(i.policy),
            added = i.edit.added.len(),
            removed = i.edit.removed.len(),
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::Skipped;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_preview_lists_each_date_and_at_most_ten_skipped_events() {
        let holidays = IcsHolidays {
            years: 2027..=2027,
            dates: [(d("2027-01-01"), "元日".to_string())].into(),
            skipped: (1..=12)
                .map(|n| Skipped {
                    line: n * 10,
                    summary: format!("Meeting {n}\u{7}"),
                    why: SkipWhy::Timed,
                })
                .collect(),
            left_out: 0,
        };
        let edit = HolidayEdit {
            text: String::new(),
            added: vec![(d("2027-01-01"), "元日".into())],
            removed: vec![d("2027-12-31")],
            unchanged: 1,
        };
        let view = HolidayImport {
            ics: "japan.ics",
            policy: "severity.toml",
            calendar: "tokyo",
            holidays: &holidays,
            edit: &edit,
            lang: Lang::En,
        };
        let mut out = Vec::new();
        holidays_preview(&mut out, &view).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "japan.ics: 1 date off in 2027 for calendar \"tokyo\" of severity.toml"
        );
        assert_eq!(
            lines[1],
            "Skipped line 10: \"Meeting 1\u{fffd}\": it has a time, so it is not an all-day event"
        );
        assert_eq!(
            lines[10..],
            [
                "Skipped line 100: \"Meeting 10\u{fffd}\": it has a time, so it is not an all-day event",
                "Skipped 2 more timed or cancelled events.",
                "Adds 1 date:",
                "  2027-01-01 Fri  元日",
                "Removes 1 date the file does not have:",
                "  2027-12-31 Fri",
                "Keeps 1 date already listed.",
            ]
        );
    }

    #[test]
    fn the_preview_and_summary_in_japanese() {
        let d = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let holidays = IcsHolidays {
            years: 2027..=2027,
            dates: [(d("2027-01-01"), "元日".to_string())].into(),
            skipped: vec![Skipped {
                line: 7,
                summary: "中止".into(),
                why: SkipWhy::Cancelled,
            }],
            left_out: 2,
        };
        let edit = HolidayEdit {
            text: String::new(),
            added: vec![(d("2027-01-01"), "元日".into())],
            removed: vec![],
            unchanged: 0,
        };
        let view = HolidayImport {
            ics: "japan.ics",
            policy: "severity.toml",
            calendar: "tokyo",
            holidays: &holidays,
            edit: &edit,
            lang: Lang::Ja,
        };
        let mut out = Vec::new();
        holidays_preview(&mut out, &view).unwrap();
        holidays_written(&mut out, &view).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "japan.ics: severity.toml のカレンダー \"tokyo\" に2027年の休日1日",
                "7行目を読み飛ばしました: \"中止\": 取り消されています (STATUS:CANCELLED)",
                "対象外: 2027年以外の2日（範囲を広げるには --years N）",
                "追加する1日:",
                "  2027-01-01 (金)  元日",
                "カレンダー \"tokyo\" の2027年の休日を severity.toml に書き込みました（追加1、削除0）。これから受け付けるチケットはこれで判定します。対応中のチケットに適用するには `slaclock policy apply` を実行してください。",
            ]
        );
    }
}
