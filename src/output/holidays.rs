//! `holidays import` output: what an import would change in a calendar,
//! before it is written, and what was written.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::sla::{HolidayEdit, IcsHolidays};

use super::text::plain;

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
}

/// `2026-2027`, or `2026`.
pub fn years(h: &IcsHolidays) -> String {
    if h.years.start() == h.years.end() {
        h.years.start().to_string()
    } else {
        format!("{}-{}", h.years.start(), h.years.end())
    }
}

fn day(d: &NaiveDate) -> String {
    d.format("%Y-%m-%d %a").to_string()
}

fn dates(n: usize) -> String {
    if n == 1 {
        "1 date".into()
    } else {
        format!("{n} dates")
    }
}

/// The dates an import adds and removes, then what it skipped and left out.
pub fn holidays_preview(w: &mut impl Write, i: &HolidayImport) -> io::Result<()> {
    let h = i.holidays;
    writeln!(
        w,
        "{}: {} off in {} for calendar {:?} of {}",
        plain(i.ics),
        dates(h.dates.len()),
        years(h),
        plain(i.calendar),
        plain(i.policy)
    )?;
    // A whole work calendar's meetings would bury the dates: ten at most.
    for s in h.skipped.iter().take(MAX_SKIPPED_SHOWN) {
        writeln!(
            w,
            "Skipped line {}: {:?}: {}",
            s.line,
            plain(&s.summary),
            s.why
        )?;
    }
    if h.skipped.len() > MAX_SKIPPED_SHOWN {
        writeln!(
            w,
            "Skipped {} more timed or cancelled events.",
            h.skipped.len() - MAX_SKIPPED_SHOWN
        )?;
    }
    if h.left_out > 0 {
        writeln!(
            w,
            "Left out: {} outside {} (give --years N to cover more)",
            dates(h.left_out),
            years(h)
        )?;
    }
    let e = i.edit;
    if !e.changes() {
        return writeln!(
            w,
            "The calendar already lists exactly these dates for {}; nothing to write.",
            years(h)
        );
    }
    if !e.added.is_empty() {
        writeln!(w, "Adds {}:", dates(e.added.len()))?;
        for (d, name) in &e.added {
            writeln!(w, "  {}  {}", day(d), plain(name))?;
        }
    }
    if !e.removed.is_empty() {
        writeln!(
            w,
            "Removes {} the file does not have:",
            dates(e.removed.len())
        )?;
        for d in &e.removed {
            writeln!(w, "  {}", day(d))?;
        }
    }
    if e.unchanged > 0 {
        writeln!(w, "Keeps {} already listed.", dates(e.unchanged))?;
    }
    Ok(())
}

/// What was written.
pub fn holidays_written(w: &mut impl Write, i: &HolidayImport) -> io::Result<()> {
    writeln!(
        w,
        "Wrote calendar {:?}'s holidays for {} to {}: {} added, {} removed. Tickets opened from now on are judged by it; run `slaclock policy apply` to re-pin open tickets.",
        plain(i.calendar),
        years(i.holidays),
        plain(i.policy),
        i.edit.added.len(),
        i.edit.removed.len()
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
                    why: "it has a time, so it is not an all-day event".into(),
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
}
