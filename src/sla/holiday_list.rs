//! One business calendar's `holidays` list, rewritten in the text of a
//! policy file for `holidays import`: the dates an import brings for the
//! years it covers replace the calendar's dates in those years; dates in
//! other years stay. Everything else in the file is kept byte for byte:
//! `toml_edit` reads the list and says where it stands in the text, and
//! only those bytes are replaced (in the file's own line endings).
//!
//! The list itself is written one date a line, each with its name as a
//! comment. A date that stays keeps the comment it had (else it gets the
//! name the import gives it), and comment lines above a date move with it
//! (to the next date that stays, if it goes). An inline table's list is
//! written on one line, without comments, as TOML 1.0 wants it.
//!
//! Pure: it takes and returns text. The caller validates the result as a
//! policy before writing it.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, Document, DocumentMut, Item, RawString, Value};

use crate::i18n::Msg;
use crate::msg;

/// What an import changes in a calendar, and the policy text with it done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayEdit {
    /// The whole policy file, the calendar's list replaced.
    pub text: String,
    /// Dates the import adds, with their names.
    pub added: Vec<(NaiveDate, String)>,
    /// Dates in the covered years the import does not have.
    pub removed: Vec<NaiveDate>,
    /// Dates in the covered years already listed.
    pub unchanged: usize,
}

impl HolidayEdit {
    /// Whether the file would change at all (the list's dates).
    pub fn changes(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }
}

/// A date in the list, with the comments that belong to it.
#[derive(Debug, Clone)]
struct Entry {
    date: NaiveDate,
    /// Comment lines above it (each starting with `#`).
    above: Vec<String>,
    /// The comment after it on its line.
    after: Option<String>,
}

/// Replaces the holidays of `calendar` in the years `years` with `dates`
/// (and their names). An error says what is wrong in words; the caller
/// names the file.
pub fn replace_holidays(
    text: &str,
    calendar: &str,
    years: &RangeInclusive<i32>,
    dates: &BTreeMap<NaiveDate, String>,
) -> Result<HolidayEdit, Msg> {
    if calendar == "24x7" {
        return Err(msg!("holidays-list-24x7"));
    }
    // Read twice: once for the list's items with their comments, once for
    // where things stand in the text, which is edited there and only there.
    let doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| msg!("holidays-list-toml", error = e.to_string()))?;
    let placed =
        Document::parse(text).map_err(|e| msg!("holidays-list-toml", error = e.to_string()))?;
    let cal = find_calendar(doc.as_item(), calendar)?;
    let Some(placed_cal) = placed
        .as_item()
        .get("calendars")
        .and_then(|c| c.get(calendar))
    else {
        return Err(msg!(
            "holidays-list-not-found",
            what = format!("calendars.{calendar}")
        ));
    };
    let inline = cal.is_inline_table();
    let (mut entries, old) = match cal.get("holidays") {
        None => (vec![], None),
        Some(item) => {
            let Some(array) = item.as_array() else {
                return Err(msg!("holidays-list-not-list", calendar = calendar));
            };
            (read_entries(array, calendar)?, Some(array))
        }
    };
    // Plan: keep other years, keep or add the import's, drop the rest.
    let mut added = vec![];
    let mut removed = vec![];
    let mut unchanged = 0;
    let mut seen = std::collections::BTreeSet::new();
    entries.retain(|e| seen.insert(e.date));
    let mut kept: Vec<Entry> = vec![];
    let mut orphans: Vec<(NaiveDate, Vec<String>)> = vec![];
    for mut e in entries {
        if !years.contains(&e.date.year()) {
            kept.push(e);
        } else if let Some(name) = dates.get(&e.date) {
            unchanged += 1;
            if e.after.is_none() && !inline {
                e.after = Some(format!("# {name}"));
            }
            kept.push(e);
        } else {
            removed.push(e.date);
            if !e.above.is_empty() {
                orphans.push((e.date, e.above));
            }
        }
    }
    for (date, name) in dates {
        if years.contains(&date.year()) && !seen.contains(date) {
            added.push((*date, name.clone()));
            kept.push(Entry {
                date: *date,
                above: vec![],
                after: (!inline).then(|| format!("# {name}")),
            });
        }
    }
    kept.sort_by_key(|e| e.date);
    removed.sort();
    // Comment lines above a date that goes move to the next that stays.
    let mut footer = vec![];
    for (date, above) in orphans {
        match kept.iter_mut().find(|e| e.date > date) {
            Some(next) => {
                let mut moved = above;
                moved.append(&mut next.above);
                next.above = moved;
            }
            None => footer.extend(above),
        }
    }
    let mut array = if inline {
        one_line(&kept)
    } else {
        lines(&kept, old, footer)
    };
    array.decor_mut().clear();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let list = Value::Array(array).to_string().replace('\n', newline);
    let text = match placed_cal.get("holidays") {
        Some(item) => {
            let Some(at) = item.span() else {
                return Err(msg!(
                    "holidays-list-not-found",
                    what = format!("calendars.{calendar}.holidays")
                ));
            };
            format!("{}{list}{}", &text[..at.start], &text[at.end..])
        }
        None => {
            // A line of its own after the table's last key.
            let last = placed_cal
                .as_table()
                .filter(|t| !t.is_dotted() && !t.is_implicit())
                .and_then(|t| t.iter().filter_map(|(_, v)| v.span()).map(|s| s.end).max());
            let Some(last) = last else {
                return Err(msg!("holidays-list-none", calendar = calendar));
            };
            match text[last..].find('\n') {
                Some(i) => {
                    let at = last + i + 1;
                    format!("{}holidays = {list}{newline}{}", &text[..at], &text[at..])
                }
                None => format!("{text}{newline}holidays = {list}{newline}"),
            }
        }
    };
    Ok(HolidayEdit {
        text,
        added,
        removed,
        unchanged,
    })
}

/// The calendar named `calendar` of a policy document: a table.
fn find_calendar<'a>(doc: &'a Item, calendar: &str) -> Result<&'a Item, Msg> {
    let calendars = doc.get("calendars").and_then(Item::as_table_like);
    let known: Vec<String> = calendars
        .map(|c| c.iter().map(|(k, _)| crate::i18n::quoted(k)).collect())
        .unwrap_or_default();
    match calendars.and_then(|c| c.get(calendar)) {
        Some(cal) if cal.is_table_like() => Ok(cal),
        _ if known.is_empty() => Err(msg!(
            "holidays-list-no-calendars",
            name = crate::i18n::quoted(calendar),
            calendar = calendar
        )),
        _ => Err(msg!(
            "holidays-list-no-calendar",
            name = crate::i18n::quoted(calendar),
            known = known
        )),
    }
}

fn raw(r: Option<&RawString>) -> &str {
    r.and_then(RawString::as_str).unwrap_or("")
}

/// The text between a list's items: the comment on the line of what came
/// before it, and the comment lines after that.
fn split_gap(gap: &str) -> (Option<String>, Vec<String>) {
    let (same, rest) = match gap.split_once('\n') {
        Some((same, rest)) => (same, Some(rest)),
        None => (gap, None),
    };
    let same = same.find('#').map(|i| same[i..].trim_end().to_string());
    let own = rest
        .into_iter()
        .flat_map(|r| r.split('\n'))
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .map(str::to_string)
        .collect();
    (same, own)
}

/// The dates of a list with their comments. The comment after the `[` and
/// the comment lines after the last date are kept by `lines` from the old
/// list itself.
fn read_entries(array: &Array, calendar: &str) -> Result<Vec<Entry>, Msg> {
    let items: Vec<&Value> = array.iter().collect();
    let mut entries: Vec<Entry> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // A date quoted, or unquoted (a TOML local date), as the policy
        // reads it; rewritten quoted.
        let text = match item {
            Value::Datetime(d) => match d.value() {
                toml_edit::Datetime {
                    date: Some(date),
                    time: None,
                    offset: None,
                } => Some(date.to_string()),
                _ => None,
            },
            _ => item.as_str().map(str::to_owned),
        };
        let date = text
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                msg!(
                    "holidays-list-not-date",
                    calendar = calendar,
                    item = item.to_string().trim()
                )
            })?;
        let before = if i == 0 {
            raw(item.decor().prefix()).to_string()
        } else {
            format!(
                "{}{}",
                raw(items[i - 1].decor().suffix()),
                raw(item.decor().prefix())
            )
        };
        let (same, above) = split_gap(&before);
        if i > 0
            && let Some(last) = entries.last_mut()
        {
            last.after = same;
        }
        entries.push(Entry {
            date,
            above,
            after: None,
        });
    }
    if let (Some(last), Some(item)) = (entries.last_mut(), items.last()) {
        let after = format!(
            "{}{}",
            raw(item.decor().suffix()),
            raw(Some(array.trailing()))
        );
        last.after = split_gap(&after).0;
    }
    Ok(entries)
}

/// `["2026-01-01", "2026-01-12"]`.
fn one_line(entries: &[Entry]) -> Array {
    let mut array = Array::new();
    for (i, e) in entries.iter().enumerate() {
        let mut v = Value::from(e.date.to_string());
        v.decor_mut().set_prefix(if i == 0 { "" } else { " " });
        v.decor_mut().set_suffix("");
        array.push_formatted(v);
    }
    array
}

/// One date a line, indented as the old list was (else two spaces), each
/// with its comment; the comment after the old `[` and below its last date
/// kept, and `footer` after them.
fn lines(entries: &[Entry], old: Option<&Array>, mut footer: Vec<String>) -> Array {
    let (header, indent, close) = match old {
        None => (None, "  ".to_string(), String::new()),
        Some(old) => {
            let first = old.iter().next().map_or_else(
                || raw(Some(old.trailing())).to_string(),
                |v| raw(v.decor().prefix()).to_string(),
            );
            let (header, _) = split_gap(&first);
            let indent = old
                .iter()
                .map(|v| raw(v.decor().prefix()))
                .find_map(|p| p.rsplit_once('\n').map(|(_, i)| i.to_string()))
                .filter(|i| !i.is_empty() && i.trim().is_empty())
                .unwrap_or_else(|| "  ".into());
            let last_gap = match old.iter().last() {
                Some(v) => format!("{}{}", raw(v.decor().suffix()), raw(Some(old.trailing()))),
                None => raw(Some(old.trailing())).to_string(),
            };
            let (_, below) = split_gap(&last_gap);
            footer.splice(0..0, below);
            let close = raw(Some(old.trailing()))
                .rsplit_once('\n')
                .map(|(_, c)| c.to_string())
                .filter(|c| c.trim().is_empty())
                .unwrap_or_default();
            (header, indent, close)
        }
    };
    let mut array = Array::new();
    let mut before = header.map(|h| format!(" {h}")).unwrap_or_default();
    for e in entries {
        let mut prefix = std::mem::take(&mut before);
        prefix.push('\n');
        for c in &e.above {
            prefix.push_str(&format!("{indent}{c}\n"));
        }
        prefix.push_str(&indent);
        let mut v = Value::from(e.date.to_string());
        v.decor_mut().set_prefix(prefix);
        v.decor_mut().set_suffix("");
        array.push_formatted(v);
        before = e
            .after
            .as_ref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
    }
    let mut trailing = before;
    trailing.push('\n');
    for c in &footer {
        trailing.push_str(&format!("{indent}{c}\n"));
    }
    trailing.push_str(&close);
    array.set_trailing_comma(!entries.is_empty());
    array.set_trailing(trailing);
    array
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::{DEFAULT_POLICY, Policy};

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn imported(dates: &[(&str, &str)]) -> BTreeMap<NaiveDate, String> {
        dates.iter().map(|(x, n)| (d(x), n.to_string())).collect()
    }

    /// The text before and after the calendar's `holidays = [...]`.
    fn around(text: &str) -> (&str, &str) {
        let start = text.find("holidays = [").expect("a list");
        let end = start + text[start..].find("\n]").expect("its end") + 2;
        (&text[..start], &text[end..])
    }

    fn holidays(text: &str, calendar: &str) -> Vec<String> {
        let p: Policy = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        match p.calendar_named(calendar).expect("calendar") {
            crate::sla::Calendar::Business(b) => b.holidays().map(|d| d.to_string()).collect(),
            crate::sla::Calendar::Always => vec![],
        }
    }

    #[test]
    fn the_years_covered_are_replaced_and_the_rest_of_the_file_kept_byte_for_byte() {
        let dates = imported(&[
            ("2027-01-01", "New Year's Day"),
            ("2027-01-26", "Australia Day"),
            ("2027-06-14", "King's Birthday"),
        ]);
        let e = replace_holidays(DEFAULT_POLICY, "business", &(2027..=2027), &dates).unwrap();
        assert_eq!(around(&e.text), around(DEFAULT_POLICY));
        assert_eq!(e.added, [(d("2027-06-14"), "King's Birthday".to_string())]);
        assert_eq!(
            e.removed,
            [
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-10-04",
                "2027-12-27",
                "2027-12-28"
            ]
            .map(d)
        );
        assert_eq!(e.unchanged, 2);
        assert!(e.changes());
        assert_eq!(
            holidays(&e.text, "business"),
            [
                "2026-01-01",
                "2026-01-26",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-10-05",
                "2026-12-25",
                "2026-12-28",
                "2027-01-01",
                "2027-01-26",
                "2027-06-14"
            ]
        );
        // One date a line, each with a name where it has one.
        assert!(
            e.text
                .contains("holidays = [\n  \"2026-01-01\",\n  \"2026-01-26\",\n"),
            "{}",
            e.text
        );
        assert!(
            e.text.contains(
                "  \"2027-01-01\", # New Year's Day\n  \"2027-01-26\", # Australia Day\n  \"2027-06-14\", # King's Birthday\n]\n"
            ),
            "{}",
            e.text
        );
        // The same import again changes nothing.
        let again = replace_holidays(&e.text, "business", &(2027..=2027), &dates).unwrap();
        assert!(!again.changes());
        assert_eq!(again.text, e.text);
    }

    #[test]
    fn comments_stay_with_their_dates() {
        let text = "[calendars.london]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\nholidays = [ # bank holidays\n    \"2026-01-01\", # New Year's Day\n    # Easter\n    \"2026-04-03\", # Good Friday\n    \"2026-04-06\", # Easter Monday\n    \"2027-01-01\", # New Year's Day\n    # more to come\n] # end of list\nsat = [\"10:00-12:00\"]\n";
        let dates = imported(&[
            ("2026-01-01", "New Year"),
            ("2026-04-06", "Easter Monday"),
            ("2026-12-25", "Christmas Day"),
        ]);
        let e = replace_holidays(text, "london", &(2026..=2026), &dates).unwrap();
        assert_eq!(
            e.text,
            "[calendars.london]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\nholidays = [ # bank holidays\n    \"2026-01-01\", # New Year's Day\n    # Easter\n    \"2026-04-06\", # Easter Monday\n    \"2026-12-25\", # Christmas Day\n    \"2027-01-01\", # New Year's Day\n    # more to come\n] # end of list\nsat = [\"10:00-12:00\"]\n"
        );
        assert_eq!(e.removed, [d("2026-04-03")]);
    }

    #[test]
    fn an_unquoted_date_is_read_as_the_policy_reads_it_and_written_quoted() {
        let text = "[calendars.shop]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\nholidays = [\n  2025-12-25, # Christmas Day\n  \"2026-01-01\",\n]\n";
        let dates = imported(&[("2026-01-01", "New Year's Day")]);
        let e = replace_holidays(text, "shop", &(2026..=2026), &dates).unwrap();
        assert_eq!(
            e.text,
            "[calendars.shop]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\nholidays = [\n  \"2025-12-25\", # Christmas Day\n  \"2026-01-01\", # New Year's Day\n]\n"
        );
        assert_eq!((e.unchanged, e.added.len(), e.removed.len()), (1, 0, 0));
        // A date with a time of day is no holiday.
        let timed = text.replace("2025-12-25,", "2025-12-25T09:00:00,");
        assert!(replace_holidays(&timed, "shop", &(2026..=2026), &dates).is_err());
    }

    #[test]
    fn a_calendar_without_a_list_gets_one_and_an_inline_one_a_line() {
        let text = "[calendars.shop]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\n\n# Next.\n[waiting]\npauses = []\n";
        let dates = imported(&[
            ("2026-12-25", "Christmas Day"),
            ("2026-12-26", "Boxing Day"),
        ]);
        let e = replace_holidays(text, "shop", &(2026..=2026), &dates).unwrap();
        assert_eq!(
            e.text,
            "[calendars.shop]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\nholidays = [\n  \"2026-12-25\", # Christmas Day\n  \"2026-12-26\", # Boxing Day\n]\n\n# Next.\n[waiting]\npauses = []\n"
        );
        let inline = "calendars.shop = { timezone = \"Europe/London\", mon = [\"09:00-17:00\"], holidays = [\"2025-12-25\"] }\n";
        let e = replace_holidays(inline, "shop", &(2026..=2026), &dates).unwrap();
        assert_eq!(
            e.text,
            "calendars.shop = { timezone = \"Europe/London\", mon = [\"09:00-17:00\"], holidays = [\"2025-12-25\", \"2026-12-25\", \"2026-12-26\"] }\n"
        );
    }

    #[test]
    fn crlf_line_endings_and_a_missing_last_newline_are_kept() {
        let dates = imported(&[("2027-06-14", "King's Birthday")]);
        let crlf = DEFAULT_POLICY.replace('\n', "\r\n");
        let e = replace_holidays(&crlf, "business", &(2027..=2027), &dates).unwrap();
        assert_eq!(e.text, e.text.replace("\r\n", "\n").replace('\n', "\r\n"));
        let lf = replace_holidays(DEFAULT_POLICY, "business", &(2027..=2027), &dates).unwrap();
        assert_eq!(e.text, lf.text.replace('\n', "\r\n"));
        let cut = "[calendars.c]\ntimezone = \"UTC\"\nmon = [\"09:00-17:00\"]";
        let e = replace_holidays(cut, "c", &(2027..=2027), &dates).unwrap();
        assert_eq!(
            e.text,
            format!("{cut}\nholidays = [\n  \"2027-06-14\", # King's Birthday\n]\n")
        );
        // A dotted or inline calendar without a list is told to add one.
        let dotted = "[calendars]\nc.timezone = \"UTC\"\nc.mon = [\"09:00-17:00\"]\n";
        let e = replace_holidays(dotted, "c", &(2027..=2027), &dates)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "calendars.c has no holiday list to replace; add holidays = [] to it, then import again"
        );
        let with_list = format!("{dotted}c.holidays = []\n");
        let e = replace_holidays(&with_list, "c", &(2027..=2027), &dates).unwrap();
        assert_eq!(
            e.text,
            format!("{dotted}c.holidays = [\n  \"2027-06-14\", # King's Birthday\n]\n")
        );
    }

    #[test]
    fn removing_every_date_leaves_an_empty_list() {
        let text = "[calendars.c]\ntimezone = \"UTC\"\nmon = [\"09:00-17:00\"]\nholidays = [\n  # none of these\n  \"2026-01-01\",\n]\n";
        let e = replace_holidays(text, "c", &(2026..=2026), &BTreeMap::new()).unwrap();
        assert_eq!(
            e.text,
            "[calendars.c]\ntimezone = \"UTC\"\nmon = [\"09:00-17:00\"]\nholidays = [\n  # none of these\n]\n"
        );
    }

    #[test]
    fn an_unknown_calendar_is_named_with_the_ones_there_are() {
        let none = BTreeMap::new();
        let e = replace_holidays(DEFAULT_POLICY, "office", &(2026..=2026), &none)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "it has no calendar named \"office\"; its business calendars: \"business\""
        );
        let e = replace_holidays(DEFAULT_POLICY, "24x7", &(2026..=2026), &none)
            .unwrap_err()
            .to_string();
        assert!(e.contains("built in"), "{e}");
        let e = replace_holidays("[waiting]\n", "business", &(2026..=2026), &none)
            .unwrap_err()
            .to_string();
        assert!(e.contains("add a [calendars.business] table"), "{e}");
    }
}
