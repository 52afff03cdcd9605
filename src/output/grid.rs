//! A plain aligned-column table for the board, which may hold thousands of
//! rows. It looks exactly like the comfy-table tables elsewhere (headings
//! underlined, no borders) but costs a fraction as much per row: at 10,000
//! open tickets comfy-table alone took a third of `status` (BENCHMARKS.md).

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

/// A colour for a whole cell; written only when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tint {
    Plain,
    Red,
    Yellow,
    Dim,
}

impl Tint {
    fn code(self) -> &'static str {
        match self {
            Tint::Plain => "",
            Tint::Red => "\x1b[31m",
            Tint::Yellow => "\x1b[33m",
            Tint::Dim => "\x1b[2m",
        }
    }
}

pub struct Grid {
    header: Vec<&'static str>,
    rows: Vec<Vec<(String, Tint)>>,
}

impl Grid {
    pub fn new(header: Vec<&'static str>) -> Grid {
        Grid {
            header,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<(String, Tint)>) {
        self.rows.push(row);
    }

    pub fn write(&self, w: &mut impl Write, color: bool) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, (text, _)) in row.iter().enumerate() {
                widths[i] = widths[i].max(text.width());
            }
        }
        let line =
            |w: &mut dyn Write, cells: &mut dyn Iterator<Item = (&str, Tint)>| -> io::Result<()> {
                for (i, (text, tint)) in cells.enumerate() {
                    w.write_all(if i == 0 { b" " } else { b"   " })?;
                    let pad = widths[i] - text.width();
                    if color && tint != Tint::Plain {
                        write!(w, "{}{text}\x1b[0m{:pad$}", tint.code(), "")?;
                    } else {
                        write!(w, "{text}{:pad$}", "")?;
                    }
                }
                w.write_all(b" \n")
            };
        line(w, &mut self.header.iter().map(|h| (*h, Tint::Plain)))?;
        let total = widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1) + 2;
        writeln!(w, "{}", "─".repeat(total))?;
        for row in &self.rows {
            line(w, &mut row.iter().map(|(t, c)| (t.as_str(), *c)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Style;
    use comfy_table::Cell;

    #[test]
    fn looks_exactly_like_the_other_tables() {
        let rows = [["1", "VXC down", "東京"], ["22", "x", "-"]];
        let mut grid = Grid::new(vec!["id", "title", "customer"]);
        let mut table = Style {
            color: false,
            zone: crate::sla::Tz::UTC,
            warn_at: crate::sla::AT_RISK_PERCENT,
        }
        .table();
        table.set_header(["id", "title", "customer"]);
        for r in rows {
            grid.push(r.iter().map(|c| (c.to_string(), Tint::Plain)).collect());
            table.add_row(r.iter().map(Cell::new).collect::<Vec<_>>());
        }
        let mut out = Vec::new();
        grid.write(&mut out, false).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{table}\n"));
    }

    #[test]
    fn colour_does_not_move_the_columns() {
        let mut grid = Grid::new(vec!["a", "b"]);
        grid.push(vec![("late".into(), Tint::Red), ("x".into(), Tint::Plain)]);
        let mut out = Vec::new();
        grid.write(&mut out, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\x1b[31mlate\x1b[0m   x"), "{text:?}");
    }
}
