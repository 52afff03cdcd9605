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
//! Over 600 lines with its tests: the layout rules are easiest to check
//! beside the code that applies them.

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
const GAP: usize = 2;

pub struct Grid {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    tight: bool,
}

impl Grid {
    pub fn new(columns: Vec<Column>) -> Grid {
        Grid {
            columns,
            rows: Vec::new(),
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

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Each column's widest cell, headings left out.
    fn widest_cells(&self) -> Vec<usize> {
        let mut widths = vec![0; self.columns.len()];
        for row in &self.rows {
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
        let all = vec![true; self.columns.len()];
        let limit = match limit {
            Some(l) if total(&all, &|i| natural[i], gap) > l => l,
            _ => return (natural.into_iter().map(Some).collect(), gap),
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
            .map(|c| c.show == Show::Always)
            .collect();
        let mut ranked: Vec<usize> = (0..self.columns.len()).filter(|i| !shown[*i]).collect();
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
        for row in &self.rows {
            let mut height = 1;
            for (n, (i, cw)) in shown.iter().enumerate() {
                let cell = &row[*i];
                wrapped[n].clear();
                if cell.width > *cw {
                    match self.columns[*i].fit {
                        Fit::Wrap { .. } => wrapped[n] = wrap(&cell.text, *cw),
                        _ => wrapped[n].push(cut(&cell.text, *cw)),
                    }
                    height = height.max(wrapped[n].len());
                }
            }
            for k in 0..height {
                for (n, (i, cw)) in shown.iter().enumerate() {
                    let cell = &row[*i];
                    let piece = if wrapped[n].is_empty() {
                        match k {
                            0 => Piece {
                                text: &cell.text,
                                width: cell.width,
                                tint: cell.tint,
                                parts: &cell.parts,
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
    parts: &'a [(usize, Tint)],
}

impl Piece<'_> {
    const EMPTY: Piece<'static> = Piece {
        text: "",
        width: 0,
        tint: Tint::Plain,
        parts: &[],
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
                tinted(line, &self.text[start..*end], *tint);
                start = *end;
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
mod tests {
    use super::*;

    fn render(grid: &Grid, limit: Option<usize>, color: bool) -> String {
        let mut out = Vec::new();
        grid.write(&mut out, limit, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn board() -> Grid {
        let mut g = Grid::new(vec![
            Column::new("id"),
            Column::new("title").cut(6, 20).show(Show::Essential(1)),
            Column::new("customer").cut(4, 10).show(Show::Essential(2)),
            Column::new("state").show(Show::Extra(1)),
            Column::new("due"),
        ]);
        for (id, title, customer, state, due) in [
            (
                "1",
                "VXC down in Sydney and Melbourne",
                "ACME",
                "open",
                "in 5m",
            ),
            (
                "22",
                "東京データセンター冷却装置故障",
                "東京商事",
                "waiting",
                "-",
            ),
        ] {
            g.push(vec![
                id.into(),
                title.into(),
                customer.into(),
                state.into(),
                due.into(),
            ]);
        }
        g
    }

    #[test]
    fn coloured_lines_read_back_into_their_tinted_parts() {
        let mut g = Grid::plain(["id", "due"]);
        g.push(vec![
            "1".into(),
            Cell::parts([
                ("R!".to_string(), Tint::Red),
                (" U~".to_string(), Tint::Yellow),
                (" T‖".to_string(), Tint::Dim),
                (" 東京".to_string(), Tint::Plain),
            ]),
        ]);
        let coloured = render(&g, None, true);
        let plain = render(&g, None, false);
        for (c, p) in coloured.lines().zip(plain.lines()) {
            let parts = tinted_parts(c);
            assert_eq!(parts.iter().map(|(t, _)| t.as_str()).collect::<String>(), p);
        }
        let row = tinted_parts(coloured.lines().nth(2).unwrap());
        assert_eq!(
            row,
            [
                ("1   ".to_string(), Tint::Plain),
                ("R!".to_string(), Tint::Red),
                (" U~".to_string(), Tint::Yellow),
                (" T‖".to_string(), Tint::Dim),
                (" 東京".to_string(), Tint::Plain),
            ]
        );
        assert_eq!(
            tinted_parts("a\x1b[7mb"),
            [
                ("a".to_string(), Tint::Plain),
                ("\u{FFFD}".to_string(), Tint::Plain),
                ("[7mb".to_string(), Tint::Plain),
            ]
        );
    }

    #[test]
    fn headings_underlined_and_no_trailing_spaces() {
        let mut g = Grid::plain(["id", "title", "note"]);
        g.push(vec!["1".into(), "VXC down".into(), "".into()]);
        g.push(vec!["22".into(), "x".into(), "東京".into()]);
        assert_eq!(
            render(&g, None, false),
            "id  title     note\n\
             ──────────────────\n\
             1   VXC down\n\
             22  x         東京\n"
        );
    }

    #[test]
    fn without_a_limit_nothing_is_cut_or_left_out() {
        let text = render(&board(), None, false);
        assert!(text.contains("VXC down in Sydney and Melbourne"), "{text}");
        assert!(text.contains("waiting"), "{text}");
    }

    #[test]
    fn a_limit_cuts_flexible_columns_then_leaves_out_columns_by_rank() {
        for limit in 20..80 {
            let text = render(&board(), Some(limit), false);
            for line in text.lines() {
                assert!(width(line) <= limit, "{limit}: {line:?}\n{text}");
                assert_eq!(line.trim_end(), line);
            }
            // The columns that are always shown stay.
            assert!(text.contains("in 5m"), "{limit}\n{text}");
        }
        let narrow = render(&board(), Some(30), false);
        assert!(
            !narrow.contains("customer") && !narrow.contains("waiting"),
            "{narrow}"
        );
        // Essential columns come first; the extra one only once both fit
        // at their preferred widths.
        let medium = render(&board(), Some(40), false);
        assert!(
            medium.contains("custo") && !medium.contains("state"),
            "{medium}"
        );
        let wide = render(&board(), Some(60), false);
        assert!(wide.contains("state"), "{wide}");
    }

    #[test]
    fn the_space_left_is_shared_fairly() {
        // id 2, due 5 and three gaps leave 38 of 49 for the title and the
        // customer; the state column would need the two at their preferred
        // widths (20 and 8) and 9 more: 50.
        let g = board();
        let (widths, _) = g.layout(Some(49));
        assert_eq!(widths[3], None);
        // The customer column needs only 8 and gets it; the title the rest.
        assert_eq!((widths[1], widths[2]), (Some(28), Some(8)));
        assert_eq!(g.layout(Some(50)).0[3], Some(7));
    }

    #[test]
    fn wrapped_cells_take_more_lines_and_keep_every_word() {
        let mut g = Grid::new(vec![Column::new("clock"), Column::new("deadline").wrap(8)]);
        g.push(vec![
            "restore".into(),
            "paused, 30h left while waiting".into(),
        ]);
        let text = render(&g, Some(24), false);
        assert_eq!(
            text,
            format!(
                "clock    deadline\n{}\nrestore  paused, 30h\n         left while\n         waiting\n",
                "─".repeat(24)
            )
        );
    }

    #[test]
    fn colour_does_not_move_the_columns() {
        let mut g = Grid::plain(["a", "b", "c"]);
        g.push(vec![
            Cell::new("late").tint(Tint::Red),
            Cell::parts([
                ("R✓".to_string(), Tint::Plain),
                (" U!".to_string(), Tint::Red),
            ]),
            "x".into(),
        ]);
        let text = render(&g, None, true);
        assert!(
            text.contains("\x1b[31mlate\x1b[0m  R✓\x1b[31m U!\x1b[0m  x"),
            "{text:?}"
        );
        let plain = render(&g, None, false);
        assert!(plain.contains("late  R✓ U!  x"), "{plain:?}");
    }

    #[test]
    fn a_tight_table_closes_up_only_when_it_does_not_fit_whole() {
        let mut g = Grid::new(vec![Column::new("id"), Column::new("title").cut(4, 10)]).tight();
        g.push(vec!["1".into(), "VXC down in Sydney".into()]);
        assert_eq!(
            render(&g, Some(40), false).lines().last(),
            Some("1   VXC down in Sydney")
        );
        assert_eq!(
            render(&g, Some(12), false).lines().last(),
            Some("1  VXC down…")
        );
    }

    #[test]
    fn right_aligned_numbers() {
        let mut g = Grid::new(vec![Column::new("n").right(), Column::new("x")]);
        g.push(vec!["7".into(), "a".into()]);
        g.push(vec!["1200".into(), "b".into()]);
        assert_eq!(
            render(&g, None, false),
            "   n  x\n───────\n   7  a\n1200  b\n"
        );
    }
}
