//! The board: one line per ticket, most urgent first, fitted to the
//! terminal. Its columns are listed once, in `columns`, with the rank that
//! decides which stay on a narrow terminal; the grid does the fitting.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::sla::{Clock, ClockState, Kind, TicketState};

use super::grid::{Cell, Column, Grid, Show, Tint};
use super::{Style, View, clock_phrase, compact, plain};

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
        let text = match (self.v.ticket.kind, self.v.eval.severity) {
            (Kind::Incident, Some(s)) => s.to_string(),
            (Kind::Provisioning, _) => "prov".into(),
            (Kind::Inquiry, _) => "inq".into(),
            _ => "-".into(),
        };
        self.cell(text, Tint::Plain)
    }

    /// The most urgent running clock: which, when, how long.
    fn next_deadline(&self) -> Cell {
        let (v, now) = (self.v, self.now);
        let urgent = v
            .eval
            .clocks()
            .into_iter()
            .filter(|(_, c)| matches!(c.state, ClockState::Running | ClockState::Breached))
            .filter(|(_, c)| c.stopped_at.is_none())
            .filter_map(|(name, c)| c.deadline.map(|d| (d, name, c)))
            .min_by_key(|(d, ..)| *d);
        match urgent {
            Some((d, name, _)) if d < now => self.cell(
                format!("{name} {} late", compact((now - d).num_seconds())),
                Tint::Red,
            ),
            Some((d, name, c)) => self.cell(
                format!(
                    "{name} {} (in {})",
                    self.when(d),
                    compact((d - now).num_seconds())
                ),
                self.style.tint(c),
            ),
            None => match (v.eval.state, v.eval.waiting_since, v.eval.resolved_at) {
                (TicketState::Resolved, _, Some(r)) => {
                    self.cell(format!("resolved {}", self.when(r)), Tint::Plain)
                }
                (TicketState::Waiting, Some(s), _) => self.cell(
                    format!("waiting {}", compact((now - s).num_seconds())),
                    Tint::Dim,
                ),
                _ => self.cell("-".into(), Tint::Plain),
            },
        }
    }

    /// `14:30` today, `Wed 14:30` within a week, else the date.
    fn when(&self, t: DateTime<Utc>) -> String {
        let zone = self.style.zone;
        let (lt, ln) = (t.with_timezone(&zone), self.now.with_timezone(&zone));
        let days = (lt.date_naive() - ln.date_naive()).num_days();
        let format = match days {
            0 => "%H:%M",
            -6..=6 => "%a %H:%M",
            _ if lt.format("%Y").to_string() == ln.format("%Y").to_string() => "%d %b %H:%M",
            _ => "%Y-%m-%d %H:%M",
        };
        lt.format(format).to_string()
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
        let (v, now) = (self.v, self.now);
        let e = &v.eval.escalation;
        let next = match (e.next_level, e.due_at) {
            _ if v.eval.state == TicketState::Resolved => None,
            (Some(n), Some(_)) if e.due => Some(format!("L{n} DUE")),
            (Some(n), Some(d)) => Some(format!("L{n} in {}", compact((d - now).num_seconds()))),
            _ => None,
        };
        let text = match (v.eval.escalation_level, next) {
            (0, None) => "not escalated".to_string(),
            (0, Some(n)) => n,
            (l, None) => format!("L{l}"),
            (l, Some(n)) => format!("L{l}; {n}"),
        };
        self.cell(text, if e.due { Tint::Yellow } else { Tint::Plain })
    }
}

/// How each line fills a column.
type CellFn = fn(&Line) -> Cell;

/// A column of the board and how each line fills it.
type BoardColumn = (Column, CellFn);

/// The board's columns in the order shown. `Show` ranks them for a narrow
/// terminal: `id` and `next deadline` always stay; the essential ones join
/// by rank while they fit cut to their least width (at 80 columns, all of
/// them); the extra ones while they fit at their preferred width. A new
/// column is one line here, at its place and rank.
fn columns(views: &[View]) -> Vec<BoardColumn> {
    let any = |f: fn(&View) -> bool| views.iter().any(f);
    let mut all: Vec<BoardColumn> = vec![
        (Column::new("id"), |l| {
            l.cell(l.v.ticket.id.0.to_string(), Tint::Plain)
        }),
        (Column::new("sev").show(Show::Essential(1)), |l| {
            l.severity()
        }),
        (
            Column::new("title").cut(8, 30).show(Show::Essential(3)),
            |l| l.text(Some(&l.v.ticket.title)),
        ),
        (
            Column::new("customer").cut(6, 10).show(Show::Essential(5)),
            |l| l.text(l.v.ticket.customer.as_deref()),
        ),
        (
            Column::new("contract").cut(6, 10).show(Show::Extra(8)),
            |l| l.text(l.v.ticket.contract.as_deref()),
        ),
        (
            Column::new("owner").cut(6, 10).show(Show::Essential(6)),
            |l| l.text(l.v.eval.owner.as_deref()),
        ),
        (Column::new("ref").cut(6, 10).show(Show::Extra(2)), |l| {
            l.text(l.v.ticket.reference.as_deref())
        }),
        (
            Column::new("service").cut(6, 10).show(Show::Extra(3)),
            |l| l.text(l.v.ticket.service.as_deref()),
        ),
        (Column::new("state").show(Show::Extra(1)), |l| {
            l.cell(l.v.eval.state.as_str().to_string(), Tint::Plain)
        }),
        (Column::new("next deadline"), |l| l.next_deadline()),
        (Column::new("clocks").show(Show::Essential(2)), |l| {
            l.marks()
        }),
        (
            Column::new("response").cut(10, 24).show(Show::Extra(4)),
            |l| l.clock(0),
        ),
        (
            Column::new("update").cut(10, 24).show(Show::Extra(5)),
            |l| l.clock(1),
        ),
        (
            Column::new("restore").cut(10, 24).show(Show::Extra(6)),
            |l| l.clock(2),
        ),
        (Column::new("own").cut(10, 24).show(Show::Extra(7)), |l| {
            l.clock(3)
        }),
        (Column::new("escalation").show(Show::Essential(4)), |l| {
            l.escalation()
        }),
    ];
    // A board without refs, services or contracts has no column for them.
    all.retain(|(c, _)| match c.heading.as_ref() {
        "ref" => any(|v| v.ticket.reference.is_some()),
        "contract" => any(|v| v.ticket.contract.is_some()),
        "service" => any(|v| v.ticket.service.is_some()),
        "own" => any(|v| v.eval.clocks.own.state != ClockState::None),
        _ => true,
    });
    all
}

/// The board: one line per ticket, in the order given (most urgent first).
pub fn board(
    w: &mut impl Write,
    views: &[View],
    now: DateTime<Utc>,
    style: &Style,
) -> io::Result<()> {
    if views.is_empty() {
        return writeln!(w, "No open tickets.");
    }
    let (columns, cells): (Vec<Column>, Vec<CellFn>) = columns(views).into_iter().unzip();
    let mut grid = Grid::new(columns).tight();
    for v in views {
        let line = Line { v, now, style };
        grid.push(cells.iter().map(|cell| cell(&line)).collect());
    }
    grid.write(w, style.width, style.color)
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
                deadline: None,
                stopped_at: None,
                remaining_secs: Some(10),
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
