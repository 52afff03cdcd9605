//! The board: one line per ticket, most urgent first, fitted to the
//! terminal. Its columns are listed once, in `columns`, with the rank that
//! decides which stay on a narrow terminal; the grid does the fitting.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{Clock, ClockState, Kind, TicketState};

use super::grid::{Cell, Column, Grid, Show, Tint};
use super::{Style, View, clock_phrase, date_compact, plain, span_compact, ticket_state};
use crate::tr;

/// What the board's compact columns mean; `status --help` prints it.
pub const BOARD_LEGEND: &str = "\
The board shows one line per ticket, most urgent first, fitted to the
terminal's width (else $COLUMNS, else no limit): the least important
columns are left out first, and --wide shows every column.

  next deadline  the most urgent running clock: `restore 14:30 (in 1h20m)`,
                 or `update 3m late` once it has passed
  owner          who took the ticket on (assign, take), blank if nobody
  clocks         a mark per clock: R initial response, U update frequency,
                 T time to restore, O time to own (where the policy sets it)
                   ✓ met      ! breached   ~ at risk (running)
                   … running  ‖ paused     · not started    - does not apply
  escalation     the level reached, and when the next level is due:
                 `not escalated`, `L1 in 2h` (level 1 due in 2h), `L1 DUE`,
                 `L1; L2 in 4h` (at level 1, level 2 due in 4h)

Colours (on a terminal, never with NO_COLOR): breached red, at risk yellow,
paused dim.";

/// The mark of one clock on the board.
fn mark(c: &Clock, style: &Style) -> char {
    match c.state {
        ClockState::Met => '✓',
        ClockState::Breached => '!',
        ClockState::Running if style.at_risk(c) => '~',
        ClockState::Running => '…',
        ClockState::Paused => '‖',
        ClockState::Pending => '·',
        ClockState::None => '-',
    }
}

/// One ticket's line, as the column functions see it.
struct Line<'a> {
    v: &'a View,
    now: DateTime<Utc>,
    style: &'a Style,
}

impl Line<'_> {
    /// A cell in `tint`, or dim when the ticket is resolved.
    fn cell(&self, text: String, tint: Tint) -> Cell {
        Cell::new(text).tint(if self.v.eval.state == TicketState::Resolved {
            Tint::Dim
        } else {
            tint
        })
    }

    fn text(&self, text: Option<&str>) -> Cell {
        self.cell(text.map_or("-".into(), plain), Tint::Plain)
    }

    fn severity(&self) -> Cell {
        let lang = self.style.lang;
        let text = match (self.v.ticket.kind, self.v.eval.severity) {
            (Kind::Incident, Some(s)) => s.to_string(),
            (Kind::Provisioning, _) => tr!(lang, "board-provisioning"),
            (Kind::Inquiry, _) => tr!(lang, "board-inquiry"),
            _ => "-".into(),
        };
        self.cell(text, Tint::Plain)
    }

    /// The most urgent running clock: which, when, how long.
    fn next_deadline(&self) -> Cell {
        let (v, now, lang) = (self.v, self.now, self.style.lang);
        let urgent = v
            .eval
            .most_urgent()
            .and_then(|(name, c)| c.deadline.map(|d| (d, name, c)));
        match urgent {
            Some((d, name, c)) if d < now => {
                // A wait holds how late it is.
                let late = -c.seconds_left(now).unwrap_or_default();
                self.cell(
                    tr!(
                        lang,
                        "board-late",
                        clock = short_clock(lang, name),
                        late = span_compact(lang, late)
                    ),
                    Tint::Red,
                )
            }
            Some((d, name, c)) if d == now => self.cell(
                tr!(
                    lang,
                    "board-due-now",
                    clock = short_clock(lang, name),
                    when = self.when(d)
                ),
                self.style.tint(c),
            ),
            Some((d, name, c)) => self.cell(
                tr!(
                    lang,
                    "board-due",
                    clock = short_clock(lang, name),
                    when = self.when(d),
                    left = span_compact(lang, (d - now).num_seconds())
                ),
                self.style.tint(c),
            ),
            None => match (v.eval.state, v.eval.waiting_since, v.eval.resolved_at) {
                (TicketState::Resolved, _, Some(r)) => self.cell(
                    tr!(lang, "board-resolved", when = self.when(r)),
                    Tint::Plain,
                ),
                (TicketState::Waiting, Some(s), _) => self.cell(
                    tr!(
                        lang,
                        "board-waiting",
                        span = span_compact(lang, (now - s).num_seconds())
                    ),
                    Tint::Dim,
                ),
                _ => self.cell("-".into(), Tint::Plain),
            },
        }
    }

    /// `14:30` today, `Wed 14:30` within a week, else the date.
    fn when(&self, t: DateTime<Utc>) -> String {
        date_compact(self.style.lang, t, self.now, self.style.zone)
    }

    /// `R✓ U! T…`, each mark in its clock's colour.
    fn marks(&self) -> Cell {
        let resolved = self.v.eval.state == TicketState::Resolved;
        Cell::parts(
            self.v
                .eval
                .clocks()
                .into_iter()
                .zip(["R", "U", "T", "O"])
                // Time to own only where the ticket's policy sets it.
                .filter(|((name, c), _)| *name != "own" || c.state != ClockState::None)
                .enumerate()
                .map(|(i, ((_, c), letter))| {
                    let space = if i == 0 { "" } else { " " };
                    let tint = if resolved {
                        Tint::Dim
                    } else {
                        self.style.tint(c)
                    };
                    (format!("{space}{letter}{}", mark(c, self.style)), tint)
                }),
        )
    }

    fn clock(&self, i: usize) -> Cell {
        let c = self.v.eval.clocks()[i].1;
        self.cell(clock_phrase(c, self.now, self.style), self.style.tint(c))
    }

    /// The level reached, and the next level's due time.
    fn escalation(&self) -> Cell {
        let (v, now, lang) = (self.v, self.now, self.style.lang);
        let e = &v.eval.escalation;
        let next = match (e.next_level, e.due_at) {
            _ if v.eval.state == TicketState::Resolved => None,
            (Some(n), Some(_)) if e.due => Some(tr!(lang, "board-level-due", level = n)),
            (Some(n), Some(d)) => Some(tr!(
                lang,
                "board-level-in",
                level = n,
                left = span_compact(lang, (d - now).num_seconds())
            )),
            _ => None,
        };
        let text = match (v.eval.escalation_level, next) {
            (0, None) => tr!(lang, "board-not-escalated"),
            (0, Some(n)) => n,
            (l, None) => format!("L{l}"),
            (l, Some(n)) => format!("L{l}; {n}"),
        };
        self.cell(text, if e.due { Tint::Yellow } else { Tint::Plain })
    }
}

/// A clock as the board's next-deadline column names it, in few columns.
fn short_clock(lang: crate::i18n::Lang, name: &str) -> String {
    match name {
        "response" => tr!(lang, "board-clock-response"),
        "update" => tr!(lang, "board-clock-update"),
        "restore" => tr!(lang, "board-clock-restore"),
        "own" => tr!(lang, "board-clock-own"),
        other => other.to_string(),
    }
}

/// How each line fills a column.
type CellFn = fn(&Line) -> Cell;

/// A column of the board: what it holds (its English heading, the key
/// the code knows it by), the column as shown, and how each line fills it.
type BoardColumn = (&'static str, Column, CellFn);

/// A column as listed: its key, its heading in the language, how it is
/// shaped (cut, rank), and how each line fills it.
type Heading = (&'static str, String, fn(Column) -> Column, CellFn);

/// The board's columns in the order shown. `Show` ranks them for a narrow
/// terminal: `id` and `next deadline` always stay; the essential ones join
/// by rank while they fit cut to their least width (at 80 columns, all of
/// them); the extra ones while they fit at their preferred width. A new
/// column is one line here, at its place and rank, and its heading in
/// each language's file; one that may be empty on every line is named in
/// `OPTIONAL`.
fn columns(lang: crate::i18n::Lang) -> Vec<BoardColumn> {
    let all: [Heading; 16] = [
        (
            "id",
            tr!(lang, "board-col-id"),
            |c| c,
            |l| l.cell(l.v.ticket.id.0.to_string(), Tint::Plain),
        ),
        (
            "sev",
            tr!(lang, "board-col-sev"),
            |c| c.show(Show::Essential(1)),
            |l| l.severity(),
        ),
        (
            "title",
            tr!(lang, "board-col-title"),
            |c| c.cut(8, 30).show(Show::Essential(3)),
            |l| l.text(Some(&l.v.ticket.title)),
        ),
        (
            "customer",
            tr!(lang, "board-col-customer"),
            |c| c.cut(6, 10).show(Show::Essential(5)),
            |l| l.text(l.v.ticket.customer.as_deref()),
        ),
        (
            "contract",
            tr!(lang, "board-col-contract"),
            |c| c.cut(6, 10).show(Show::Extra(8)),
            |l| l.text(l.v.ticket.contract.as_deref()),
        ),
        (
            "owner",
            tr!(lang, "board-col-owner"),
            |c| c.cut(6, 10).show(Show::Essential(6)),
            |l| l.text(l.v.eval.owner.as_deref()),
        ),
        (
            "ref",
            tr!(lang, "board-col-ref"),
            |c| c.cut(6, 10).show(Show::Extra(2)),
            |l| l.text(l.v.ticket.reference.as_deref()),
        ),
        (
            "service",
            tr!(lang, "board-col-service"),
            |c| c.cut(6, 10).show(Show::Extra(3)),
            |l| l.text(l.v.ticket.service.as_deref()),
        ),
        (
            "state",
            tr!(lang, "board-col-state"),
            |c| c.show(Show::Extra(1)),
            |l| l.cell(ticket_state(l.style.lang, l.v.eval.state), Tint::Plain),
        ),
        (
            "next deadline",
            tr!(lang, "board-col-next"),
            |c| c,
            |l| l.next_deadline(),
        ),
        (
            "clocks",
            tr!(lang, "board-col-clocks"),
            |c| c.show(Show::Essential(2)),
            |l| l.marks(),
        ),
        (
            "response",
            tr!(lang, "board-col-response"),
            |c| c.cut(10, 24).show(Show::Extra(4)),
            |l| l.clock(0),
        ),
        (
            "update",
            tr!(lang, "board-col-update"),
            |c| c.cut(10, 24).show(Show::Extra(5)),
            |l| l.clock(1),
        ),
        (
            "restore",
            tr!(lang, "board-col-restore"),
            |c| c.cut(10, 24).show(Show::Extra(6)),
            |l| l.clock(2),
        ),
        (
            "own",
            tr!(lang, "board-col-own"),
            |c| c.cut(10, 24).show(Show::Extra(7)),
            |l| l.clock(3),
        ),
        (
            "escalation",
            tr!(lang, "board-col-escalation"),
            |c| c.show(Show::Essential(4)),
            |l| l.escalation(),
        ),
    ];
    all.into_iter()
        .map(|(key, heading, shape, cell)| (key, shape(Column::new(heading)), cell))
        .collect()
}

/// Whether a line needs a column.
type Needs = fn(&View) -> bool;

/// The columns a board without refs, services or contracts, or without
/// a time-to-own target, has no column for: each by its key, with what
/// makes a line need it.
const OPTIONAL: [(&str, Needs); 4] = [
    ("ref", |v| v.ticket.reference.is_some()),
    ("contract", |v| v.ticket.contract.is_some()),
    ("service", |v| v.ticket.service.is_some()),
    ("own", |v| v.eval.clocks.own.state != ClockState::None),
];

/// The board, built a line at a time: each ticket's cells are made when it
/// is pushed, so its `View` can go; the lines are then written most urgent
/// first by the key each was pushed with. Memory is the lines' text and
/// little more, whatever the number of tickets.
pub struct Board<'a, K> {
    grid: Grid,
    /// Each column's key (its English heading).
    keys: Vec<&'static str>,
    cells: Vec<CellFn>,
    /// Each line's key and row, in the order pushed.
    order: Vec<(K, usize)>,
    /// Whether some line needs each of `OPTIONAL`'s columns.
    needed: [bool; 4],
    now: DateTime<Utc>,
    style: &'a Style,
}

impl<'a, K: Ord> Board<'a, K> {
    pub fn new(now: DateTime<Utc>, style: &'a Style) -> Board<'a, K> {
        let mut keys = Vec::new();
        let (columns, cells): (Vec<Column>, Vec<CellFn>) = columns(style.lang)
            .into_iter()
            .map(|(key, column, cell)| {
                keys.push(key);
                (column, cell)
            })
            .unzip();
        Board {
            grid: Grid::new(columns).tight(),
            keys,
            cells,
            order: Vec::new(),
            needed: [false; 4],
            now,
            style,
        }
    }

    /// Adds a ticket's line, placed on the board by `key` (lowest first).
    pub fn push(&mut self, key: K, v: &View) {
        for (needed, (_, needs)) in self.needed.iter_mut().zip(OPTIONAL) {
            *needed |= needs(v);
        }
        let line = Line {
            v,
            now: self.now,
            style: self.style,
        };
        self.order.push((key, self.grid.len()));
        self.grid.push(self.cells.iter().map(|cell| cell(&line)));
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Writes the board, its lines in order of their keys.
    pub fn write(mut self, w: &mut impl Write) -> io::Result<()> {
        if self.order.is_empty() {
            return writeln!(w, "{}", tr!(self.style.lang, "board-empty"));
        }
        for ((name, _), needed) in OPTIONAL.iter().zip(self.needed) {
            if !needed && let Some(i) = self.keys.iter().position(|key| key == name) {
                self.grid.hide(i);
            }
        }
        self.order.sort_by(|a, b| a.0.cmp(&b.0));
        let rows = self.order.iter().map(|(_, row)| *row);
        self.grid
            .write_in_order(w, self.style.width, self.style.color, rows)
    }
}

/// The board: one line per ticket, in the order given (most urgent first).
pub fn board(
    w: &mut impl Write,
    views: &[View],
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    let mut board = Board::new(now, style);
    for (i, v) in views.iter().enumerate() {
        board.push(i, v);
    }
    board.write(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_names_every_mark() {
        let states = [
            ClockState::Met,
            ClockState::Breached,
            ClockState::Running,
            ClockState::Paused,
            ClockState::Pending,
            ClockState::None,
        ];
        let mut marks = vec![];
        // Nine tenths of the target used: at risk from 50 %, not at 95 %.
        for (state, warn_at) in states
            .iter()
            .map(|s| (*s, 95))
            .chain([(ClockState::Running, 50)])
        {
            let c = Clock {
                state,
                target_secs: Some(100),
                started_at: None,
                paused_since: None,
                deadline: None,
                stopped_at: None,
                remaining_secs: Some(10),
                calendar: None,
                figures: crate::sla::Figures::Response {},
            };
            let style = Style {
                color: false,
                zone: crate::sla::Tz::UTC,
                warn_at,
                width: None,
                lang: crate::i18n::Lang::En,
            };
            let m = mark(&c, &style);
            assert!(
                BOARD_LEGEND.contains(&format!(" {m} ")),
                "{m} for {state:?}"
            );
            marks.push(m);
        }
        marks.sort_unstable();
        marks.dedup();
        assert_eq!(marks.len(), 7, "one mark per state, and one for at risk");
    }
}
