//! `report`'s output: the compliance figures of a period as a table for
//! people, or CSV (one row per group) with the columns of its JSON rows
//! (`json/report.rs`). The figures are computed by `sla::report`; this
//! module only lays them out.

use std::io::{self, Write};

use super::export::{csv_io, spreadsheet_safe};
use super::grid::{Cell, Column, GAP, Grid};
use super::json::ReportRowJson;
use super::text::{width, wrap};

/// The narrowest the column of group names is made before the table
/// gives way to blocks: a name longer than this wraps within it.
const LABEL_LEAST: usize = 16;
use super::{Style, clock_time, date_full, kind_name};
use crate::i18n::Lang;
use crate::sla::{Kind, Report};
use crate::tr;

/// The CSV columns: the period, then a row's fields in order.
/// New columns go at the end, so a reader by position keeps working.
pub const REPORT_COLUMNS: [&str; 29] = [
    "since",
    "until",
    "group",
    "key",
    "opened",
    "responses_judged",
    "responses_met",
    "responses_met_pct",
    "updates_started",
    "updates_on_time",
    "updates_on_time_pct",
    "updates_missed",
    "restores_judged",
    "restores_met",
    "restores_met_pct",
    "restores_resolved",
    "restore_median_secs",
    "restore_p90_secs",
    "escalated_level_1",
    "escalated_level_2",
    "escalated_level_3",
    "still_open",
    "evaluated_at",
    "owns_judged",
    "owns_met",
    "owns_met_pct",
    "elapsed_secs",
    "waiting_secs",
    "waiting_pct",
];

/// A header row, then one row per group; the period on every row so that
/// monthly files can be concatenated.
pub fn report_csv(w: &mut impl Write, r: &Report) -> io::Result<()> {
    let period = serde_json::json!({
        "since": r.since,
        "until": r.until,
        "evaluated_at": r.evaluated_at,
    });
    let rows = r
        .rows
        .iter()
        .map(|row| serde_json::to_value(ReportRowJson::of(row)));
    csv_of(w, &REPORT_COLUMNS, &period, rows)
}

/// A header row of `columns`, then one row per JSON object, each cell
/// the object's field of that name, else `shared`'s: a number or text as
/// JSON writes it, text made safe for a spreadsheet, empty for null.
pub(super) fn csv_of(
    w: &mut impl Write,
    columns: &[&str],
    shared: &serde_json::Value,
    rows: impl Iterator<Item = serde_json::Result<serde_json::Value>>,
) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(columns).map_err(csv_io)?;
    for fields in rows {
        let fields = fields?;
        let cells = columns.iter().map(|c| {
            let value = fields.get(c).or_else(|| shared.get(c));
            match value {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => spreadsheet_safe(s.clone()),
                Some(v) => v.to_string(),
            }
        });
        out.write_record(cells).map_err(csv_io)?;
    }
    out.flush()
}

/// `98.1%`, or `-` when nothing was judged.
pub(super) fn pct(p: Option<f64>) -> String {
    p.map_or("-".into(), |p| format!("{p:.1}%"))
}

/// The figures as a table, one line per group, and how they were computed.
pub fn report_table(w: &mut impl Write, r: &Report, style: &Style) -> io::Result<()> {
    let (lang, zone) = (style.lang, style.zone);
    style.line(
        w,
        &tr!(
            lang,
            "report-heading",
            since = date_full(lang, r.since, zone),
            until = date_full(lang, r.until, zone),
            at = date_full(lang, r.evaluated_at, zone),
        ),
    )?;
    // Time to own only where some ticket had that target.
    let owns = r.rows.iter().any(|row| row.owns_judged > 0);
    let mut header = vec![
        String::new(),
        tr!(lang, "report-col-opened"),
        tr!(lang, "report-col-response-met"),
        tr!(lang, "report-col-updates-on-time"),
        tr!(lang, "report-col-missed"),
        tr!(lang, "report-col-restore-met"),
        tr!(lang, "report-col-restore-median"),
        tr!(lang, "report-col-restore-p90"),
        tr!(lang, "report-col-esc", level = 1),
        tr!(lang, "report-col-esc", level = 2),
        tr!(lang, "report-col-esc", level = 3),
        tr!(lang, "report-col-still-open"),
    ];
    if owns {
        header.push(tr!(lang, "report-col-owned-in-time"));
    }
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            let label = group_label(lang, &row.group, row.value());
            let secs = |s: Option<i64>| s.map_or("-".into(), |s| clock_time(lang, s));
            let mut cells = vec![
                label,
                row.opened.to_string(),
                ratio(
                    row.responses_met,
                    row.responses_judged,
                    row.responses_met_pct,
                ),
                ratio(
                    row.updates_on_time,
                    row.updates_started,
                    row.updates_on_time_pct,
                ),
                row.updates_missed.to_string(),
                ratio(row.restores_met, row.restores_judged, row.restores_met_pct),
                secs(row.restore_median_secs),
                secs(row.restore_p90_secs),
                row.escalated_level_1.to_string(),
                row.escalated_level_2.to_string(),
                row.escalated_level_3.to_string(),
                row.still_open.to_string(),
            ];
            if owns {
                cells.push(ratio(row.owns_met, row.owns_judged, row.owns_met_pct));
            }
            cells
        })
        .collect();
    // Each column as narrow as it can be without breaking a word: a
    // figure broken across lines reads as two. A group's name (a customer
    // may be one long word, Japanese names have no spaces) may break, past
    // `LABEL_LEAST` columns.
    let least: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cells = rows.iter().map(|cells| cells[i].as_str());
            let widest = std::iter::once(h.as_str())
                .chain(cells)
                .flat_map(|text| text.split(' '))
                .map(width)
                .max()
                .unwrap_or(0);
            if i == 0 {
                widest.min(LABEL_LEAST)
            } else {
                widest
            }
        })
        .collect();
    let narrowest = least.iter().sum::<usize>() + GAP * least.len().saturating_sub(1);
    if let Some(limit) = style.width.filter(|limit| narrowest > *limit) {
        by_group(w, &header, &rows, limit)?;
    } else {
        let columns = header.into_iter().zip(&least).enumerate();
        let mut t = Grid::new(
            columns
                .map(|(i, (h, least))| match i {
                    0 => Column::new(h).wrap(*least),
                    _ => Column::new(h).right().wrap(*least),
                })
                .collect(),
        );
        for cells in rows {
            t.push(cells.into_iter().map(Cell::from));
        }
        t.write(w, style.width, style.color)?;
    }
    let owns = if owns { "yes" } else { "no" };
    style.line(w, &tr!(lang, "report-footnote", owns = owns))
}

/// The figures of each group as a block, one figure a line, for a
/// terminal too narrow for the table:
///
/// ```text
/// severity 1
///   opened          201
///   response met    70.1% (141/201)
/// ```
fn by_group(
    w: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    limit: usize,
) -> io::Result<()> {
    let names = header.get(1..).unwrap_or_default();
    let name_width = names.iter().map(|n| width(n)).max().unwrap_or(0);
    for (n, cells) in rows.iter().enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        for line in wrap(&cells[0], limit) {
            writeln!(w, "{line}")?;
        }
        for (name, value) in names.iter().zip(&cells[1..]) {
            let gap = name_width.saturating_sub(width(name));
            writeln!(w, "  {name}{:gap$}  {value}", "")?;
        }
    }
    Ok(())
}

/// A group's name in the first column: `all tickets`, `severity 2`, or
/// a kind (`incident`), or the key itself (a customer, a contract), and
/// `(no customer)` or `(no contract)` for the tickets without one.
pub(super) fn group_label(lang: Lang, group: &str, key: Option<&str>) -> String {
    let Some(key) = key else {
        // Named for what is missing, so it never reads as a customer or a
        // contract of that name.
        return match group {
            "contract" => tr!(lang, "report-no-contract"),
            _ => tr!(lang, "report-no-customer"),
        };
    };
    match group {
        "all" => tr!(lang, "report-all-tickets"),
        "severity" => tr!(lang, "report-severity", severity = key),
        "kind" => Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == key)
            .map_or_else(|| key.to_string(), |k| kind_name(lang, k)),
        _ => key.to_string(),
    }
}

/// `90.9% (10/11)`, or `-` when nothing was judged.
fn ratio(part: u64, whole: u64, pct: Option<f64>) -> String {
    match pct {
        Some(p) => format!("{p:.1}% ({part}/{whole})"),
        None => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::ReportRow;

    #[test]
    fn csv_columns_cover_every_field() {
        let fields = serde_json::to_value(ReportRowJson::of(&ReportRow::default())).unwrap();
        let mut names: Vec<&str> = fields
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        names.extend(["since", "until", "evaluated_at"]);
        names.sort_unstable();
        let mut columns = REPORT_COLUMNS.to_vec();
        columns.sort_unstable();
        assert_eq!(names, columns);
    }

    #[test]
    fn ratios() {
        assert_eq!(ratio(2, 3, Some(66.7)), "66.7% (2/3)");
        assert_eq!(ratio(0, 0, None), "-");
    }
}
