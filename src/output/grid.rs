//! Every table slaclock prints, for people: aligned columns, headings
//! underlined, no borders, no trailing spaces, fitted to a width when there
//! is one. It is hand-written rather than comfy-table because the board may
//! hold 10,000 rows: comfy-table's fitting (`ContentArrangement::Dynamic`)
//! took the board from 0.11 to 0.2 s (BENCHMARKS.md, "One table renderer").
//!
//! Fitting a table to a width, in this order: columns that cannot be left
//! out are always shown; the others join in their rank's order (a
//! `Show::Essential` column when the table still fits with every column cut
//! to its least width, a `Show::Extra` one when it fits at their preferred
//! widths), and the first that does not fit ends the list, so a wider
//! terminal always shows the same columns and more. The width left is then
//! shared between the columns that may be cut or wrapped, fairly: a narrow
//! column gets all it needs before a wide one grows.
//!
//! Its tests, one per layout rule, are in `grid/tests.rs`.
//!
//! Over 600 lines: width, wrapping and alignment are one piece of
//! arithmetic best read whole (its tests are in `grid/tests.rs`).

use std::borrow::Cow;
use std::io::{self, Write};

use super::text::{cut, width, wrap};

/// A colour for a cell, or part of one; written only when colour is on.
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

/// One line as `Grid::write` wrote it with colour, read back into parts,
/// each in its tint: for a screen that colours text itself (`watch`).
/// Only the codes `Tint::code` writes and the reset after them are read;
/// nothing else in a line can start with ESC (`plain` replaces it in
/// users' text).
pub fn tinted_parts(line: &str) -> Vec<(String, Tint)> {
    const TINTS: [Tint; 3] = [Tint::Red, Tint::Yellow, Tint::Dim];
    let mut parts = Vec::new();
    let (mut rest, mut tint) = (line, Tint::Plain);
    while !rest.is_empty() {
        let end = rest.find('\x1b').unwrap_or(rest.len());
        if end > 0 {
            parts.push((rest[..end].to_string(), tint));
        }
        rest = &rest[end..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("\x1b[0m") {
            (rest, tint) = (after, Tint::Plain);
        } else if let Some(t) = TINTS.into_iter().find(|t| rest.starts_with(t.code())) {
            (rest, tint) = (&rest[t.code().len()..], t);
        } else {
            // Not a code of ours: shown as text, as the terminal would not.
            parts.push(("\u{FFFD}".to_string(), tint));
            rest = &rest[1..];
        }
    }
    parts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// What a column does when the table is wider than the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Its cells are shown whole.
    Keep,
    /// Its cells are cut with `…`, down to this width.
    Cut { least: usize, preferred: usize },
    /// Its cells are wrapped onto more lines, down to this width.
    Wrap { least: usize },
}

/// Whether a column is shown when the table does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Always,
    /// Shown, by rank (lowest first), while the table fits with every
    /// flexible column at its least width.
    Essential(u8),
    /// Shown, by rank after every essential column, while the table fits
    /// with every flexible column at its preferred width.
    Extra(u8),
}

pub struct Column {
    pub heading: Cow<'static, str>,
    pub align: Align,
    pub fit: Fit,
    pub show: Show,
}

impl Column {
    pub fn new(heading: impl Into<Cow<'static, str>>) -> Column {
        Column {
            heading: heading.into(),
            align: Align::Left,
            fit: Fit::Keep,
            show: Show::Always,
        }
    }

    pub fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }

    pub fn cut(mut self, least: usize, preferred: usize) -> Column {
        self.fit = Fit::Cut { least, preferred };
        self
    }

    pub fn wrap(mut self, least: usize) -> Column {
        self.fit = Fit::Wrap { least };
        self
    }

    pub fn show(mut self, show: Show) -> Column {
        self.show = show;
        self
    }
}

/// One cell: its text, its width (measured once), and its colour, either
/// one tint for the whole or a tint per part.
pub struct Cell {
    text: String,
    width: usize,
    tint: Tint,
    /// `(end, tint)`: the text up to byte `end` (from the previous part's
    /// end) in `tint`. Empty when the whole cell has one tint.
    parts: Vec<(usize, Tint)>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        let mut text = text.into();
        text.truncate(text.trim_end().len());
        Cell {
            width: width(&text),
            text,
            tint: Tint::Plain,
            parts: Vec::new(),
        }
    }

    pub fn tint(mut self, tint: Tint) -> Cell {
        self.tint = tint;
        self
    }

    /// A cell made of parts in different colours, such as `R✓ U! T…`.
    pub fn parts(parts: impl IntoIterator<Item = (String, Tint)>) -> Cell {
        let mut text = String::new();
        let mut ends = Vec::new();
        for (part, tint) in parts {
            text.push_str(&part);
            ends.push((text.len(), tint));
        }
        Cell {
            width: width(&text),
            text,
            tint: Tint::Plain,
            parts: ends,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// Between two columns; one space in a tight table that does not fit whole.
pub(super) const GAP: usize = 2;

/// A table: its columns, and its cells kept compactly, every cell's text
/// in one buffer (the board holds a line per open ticket, and 100,000 of
/// them must fit in well under 1 KB each: BENCHMARKS.md, issue 18).
pub struct Grid {
    columns: Vec<Column>,
    /// Columns left out whatever the width (`hide`).
    hidden: Vec<bool>,
    /// Every cell's text, row after row, cell after cell.
    text: String,
    /// Row after row, `columns.len()` each.
    cells: Vec<Stored>,
    /// The coloured parts of the cells that have them, in cell order.
    parts: Vec<(usize, Tint)>,
    tight: bool,
}

/// A cell as the grid keeps it: its text ends at `end` in `Grid::text`
/// and its parts at `parts_end` in `Grid::parts`; each starts where the
/// cell before it ends.
struct Stored {
    end: usize,
    width: usize,
    parts_end: u32,
    tint: Tint,
}

impl Grid {
    pub fn new(columns: Vec<Column>) -> Grid {
        Grid {
            hidden: vec![false; columns.len()],
            columns,
            text: String::new(),
            cells: Vec::new(),
            parts: Vec::new(),
            tight: false,
        }
    }

    /// Columns one space apart instead of two when the table does not fit
    /// whole: for the board, where each column given up costs a title.
    pub fn tight(mut self) -> Grid {
        self.tight = true;
        self
    }

    /// A grid of plain columns, shown whole.
    pub fn plain<H: Into<Cow<'static, str>>>(headings: impl IntoIterator<Item = H>) -> Grid {
        Grid::new(headings.into_iter().map(Column::new).collect())
    }

    /// Adds a row: one cell per column.
    pub fn push(&mut self, row: impl IntoIterator<Item = Cell>) {
        let before = self.cells.len();
        for cell in row {
            self.text.push_str(&cell.text);
            // The parts' ends, from the start of the cell's text.
            let start = self.text.len() - cell.text.len();
            self.parts
                .extend(cell.parts.iter().map(|(end, tint)| (start + end, *tint)));
            self.cells.push(Stored {
                end: self.text.len(),
                width: cell.width,
                parts_end: u32::try_from(self.parts.len()).unwrap_or(u32::MAX),
                tint: cell.tint,
            });
        }
        debug_assert_eq!(self.cells.len() - before, self.columns.len());
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.cells
            .len()
            .checked_div(self.columns.len())
            .unwrap_or(0)
    }

    /// Leaves column `i` out, whatever the width.
    pub fn hide(&mut self, i: usize) {
        self.hidden[i] = true;
    }

    /// Cell `c` of the whole table (row by row): its text and its parts
    /// (their ends from the start of the text).
    fn cell(&self, c: usize) -> (&str, &[(usize, Tint)], usize) {
        let (start, parts_start) = match c.checked_sub(1) {
            Some(p) => (self.cells[p].end, self.cells[p].parts_end as usize),
            None => (0, 0),
        };
        let stored = &self.cells[c];
        (
            &self.text[start..stored.end],
            &self.parts[parts_start..stored.parts_end as usize],
            start,
        )
    }

    /// Each column's widest cell, headings left out.
    fn widest_cells(&self) -> Vec<usize> {
        let mut widths = vec![0; self.columns.len()];
        for row in self.cells.chunks(self.columns.len().max(1)) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width);
            }
        }
        widths
    }

    /// The columns shown and the width of each (`None` where hidden), and
    /// the space between two columns.
    pub fn layout(&self, limit: Option<usize>) -> (Vec<Option<usize>>, usize) {
        let cells = self.widest_cells();
        // Each column's width with nothing cut.
        let natural: Vec<usize> = self
            .columns
            .iter()
            .zip(&cells)
            .map(|(c, w)| width(&c.heading).max(*w))
            .collect();
        let mut gap = GAP;
        let total = |shown: &[bool], flex: &dyn Fn(usize) -> usize, gap: usize| {
            let mut sum = 0;
            let mut n = 0usize;
            for (i, _) in shown.iter().enumerate().filter(|(_, s)| **s) {
                sum += match self.columns[i].fit {
                    Fit::Keep => natural[i],
                    _ => flex(i),
                };
                n += 1;
            }
            sum + gap * n.saturating_sub(1)
        };
        let all: Vec<bool> = self.hidden.iter().map(|h| !h).collect();
        let limit = match limit {
            Some(l) if total(&all, &|i| natural[i], gap) > l => l,
            _ => {
                let whole = natural.into_iter().zip(&all).map(|(w, s)| s.then_some(w));
                return (whole.collect(), gap);
            }
        };
        if self.tight {
            gap = 1;
        }
        let least = |i: usize| match self.columns[i].fit {
            Fit::Keep => natural[i],
            Fit::Cut { least, .. } | Fit::Wrap { least } => least.min(natural[i]),
        };
        // A wrapped column would rather fit its cells whole and break its
        // heading between words than the other way round.
        let preferred = |i: usize| match self.columns[i].fit {
            Fit::Keep => natural[i],
            Fit::Cut { preferred, .. } => preferred.max(least(i)).min(natural[i]),
            Fit::Wrap { .. } => {
                let word = self.columns[i].heading.split(' ').map(width).max();
                cells[i]
                    .max(word.unwrap_or(0))
                    .max(least(i))
                    .min(natural[i])
            }
        };
        let mut shown: Vec<bool> = self
            .columns
            .iter()
            .zip(&self.hidden)
            .map(|(c, hidden)| c.show == Show::Always && !hidden)
            .collect();
        let mut ranked: Vec<usize> = (0..self.columns.len())
            .filter(|i| !shown[*i] && !self.hidden[*i])
            .collect();
        ranked.sort_by_key(|i| match self.columns[*i].show {
            Show::Always => (0, 0),
            Show::Essential(r) => (1, r),
            Show::Extra(r) => (2, r),
        });
        for i in ranked {
            shown[i] = true;
            let need = match self.columns[i].show {
                Show::Extra(_) => total(&shown, &preferred, gap),
                _ => total(&shown, &least, gap),
            };
            if need > limit {
                shown[i] = false;
                break;
            }
        }
        // Share what is left between the flexible columns shown: first up
        // to their preferred widths, then up to their whole width.
        let mut widths: Vec<Option<usize>> = (0..self.columns.len())
            .map(|i| shown[i].then(|| least(i)))
            .collect();
        let mut spare = limit.saturating_sub(total(&shown, &least, gap));
        let whole = |i: usize| natural[i];
        for goal in [&preferred as &dyn Fn(usize) -> usize, &whole] {
            share(&mut widths, &mut spare, goal);
        }
        (widths, gap)
    }

    /// Writes the table fitted to `limit` columns (none: every column
    /// whole), with colour codes when `color`.
    pub fn write(&self, w: &mut impl Write, limit: Option<usize>, color: bool) -> io::Result<()> {
        self.write_in_order(w, limit, color, 0..self.len())
    }

    /// `write`, the rows in `order` (each row's index, from 0 in the order
    /// pushed).
    pub fn write_in_order(
        &self,
        w: &mut impl Write,
        limit: Option<usize>,
        color: bool,
        order: impl Iterator<Item = usize>,
    ) -> io::Result<()> {
        let (widths, gap) = self.layout(limit);
        let shown: Vec<(usize, usize)> = widths
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.map(|w| (i, w)))
            .collect();
        let mut line = String::new();
        // The headings, wrapped or cut like their cells if they must be.
        let headings: Vec<Vec<String>> = shown
            .iter()
            .map(|(i, w)| {
                let c = &self.columns[*i];
                match c.fit {
                    Fit::Wrap { .. } => wrap(&c.heading, *w),
                    _ => vec![cut(&c.heading, *w)],
                }
            })
            .collect();
        let height = headings.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            for (n, (i, w)) in shown.iter().enumerate() {
                let text = headings[n].get(k).map_or("", String::as_str);
                let piece = Piece {
                    text,
                    width: width(text),
                    tint: Tint::Plain,
                    parts: &[],
                    start: 0,
                };
                piece.write(&mut line, *w, self.columns[*i].align, n == 0, false, gap);
            }
            if k + 1 < height {
                end_line(w, &mut line)?;
            }
        }
        end_line(w, &mut line)?;
        let total =
            shown.iter().map(|(_, w)| w).sum::<usize>() + gap * shown.len().saturating_sub(1);
        writeln!(w, "{}", "─".repeat(total))?;
        let mut wrapped: Vec<Vec<String>> = vec![Vec::new(); shown.len()];
        let per_row = self.columns.len();
        for r in order {
            let row = &self.cells[r * per_row..(r + 1) * per_row];
            let mut height = 1;
            for (n, (i, cw)) in shown.iter().enumerate() {
                wrapped[n].clear();
                if row[*i].width > *cw {
                    let (text, ..) = self.cell(r * per_row + i);
                    match self.columns[*i].fit {
                        Fit::Wrap { .. } => wrapped[n] = wrap(text, *cw),
                        _ => wrapped[n].push(cut(text, *cw)),
                    }
                    height = height.max(wrapped[n].len());
                }
            }
            for k in 0..height {
                for (n, (i, cw)) in shown.iter().enumerate() {
                    let cell = &row[*i];
                    let (text, parts, start) = self.cell(r * per_row + i);
                    let piece = if wrapped[n].is_empty() {
                        match k {
                            0 => Piece {
                                text,
                                width: cell.width,
                                tint: cell.tint,
                                parts,
                                start,
                            },
                            _ => Piece::EMPTY,
                        }
                    } else {
                        match wrapped[n].get(k) {
                            Some(t) => Piece {
                                text: t,
                                width: width(t),
                                tint: cell.tint,
                                parts: &[],
                                start: 0,
                            },
                            None => Piece::EMPTY,
                        }
                    };
                    piece.write(&mut line, *cw, self.columns[*i].align, n == 0, color, gap);
                }
                end_line(w, &mut line)?;
            }
        }
        Ok(())
    }
}

/// Grows the shown columns below `goal` by equal steps until `spare` is
/// used up or each has reached its goal: a narrow column gets all it needs
/// before a wide one grows past it.
fn share(widths: &mut [Option<usize>], spare: &mut usize, goal: &dyn Fn(usize) -> usize) {
    while *spare > 0 {
        let growing: Vec<usize> = (0..widths.len())
            .filter(|i| widths[*i].is_some_and(|w| w < goal(*i)))
            .collect();
        if growing.is_empty() {
            return;
        }
        let step = (*spare / growing.len()).max(1);
        for i in growing {
            let w = widths[i].as_mut().expect("shown");
            let more = step.min(goal(i) - *w).min(*spare);
            *w += more;
            *spare -= more;
            if *spare == 0 {
                return;
            }
        }
    }
}

/// What one cell shows on one line.
struct Piece<'a> {
    text: &'a str,
    width: usize,
    tint: Tint,
    /// `(end, tint)`, each end counted from `start`.
    parts: &'a [(usize, Tint)],
    start: usize,
}

impl Piece<'_> {
    const EMPTY: Piece<'static> = Piece {
        text: "",
        width: 0,
        tint: Tint::Plain,
        parts: &[],
        start: 0,
    };

    fn write(
        &self,
        line: &mut String,
        cw: usize,
        align: Align,
        first: bool,
        color: bool,
        gap: usize,
    ) {
        if !first {
            pad_with(line, gap);
        }
        let pad = cw.saturating_sub(self.width);
        if align == Align::Right {
            pad_with(line, pad);
        }
        if !color {
            line.push_str(self.text);
        } else if self.parts.is_empty() {
            tinted(line, self.text, self.tint);
        } else {
            let mut start = 0;
            for (end, tint) in self.parts {
                let end = end - self.start;
                tinted(line, &self.text[start..end], *tint);
                start = end;
            }
        }
        if align == Align::Left {
            pad_with(line, pad);
        }
    }
}

fn tinted(line: &mut String, text: &str, tint: Tint) {
    if tint == Tint::Plain || text.is_empty() {
        line.push_str(text);
    } else {
        line.push_str(tint.code());
        line.push_str(text);
        line.push_str("\x1b[0m");
    }
}

fn pad_with(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}

/// Writes `line` without its trailing spaces, and empties it.
fn end_line(w: &mut impl Write, line: &mut String) -> io::Result<()> {
    w.write_all(line.trim_end_matches(' ').as_bytes())?;
    w.write_all(b"\n")?;
    line.clear();
    Ok(())
}

#[cfg(test)]
mod tests;
