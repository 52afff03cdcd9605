//! What a write command prints once its change is in the ticket log: the
//! one door every command that changes tickets prints through, so each
//! names the ticket it changed and takes `--format json` and `--quiet`
//! alike (`cli::Echo`). Text is a line naming the ticket (`#12 VXC down
//! in Sydney (ACME): update recorded at 10:09`), then its clocks; JSON is
//! the ticket's status object (SPEC section 7), written by `output::json`
//! exactly as `status ID --format json` writes it; quiet is the id alone.
//!
//! Printing goes through `printed::after_change`: the change is committed
//! before anything is printed, so a failure to print says what is
//! recorded and what to do instead of repeating the command.

use std::io::{self, Write};

use anyhow::Result;

use crate::cli::{Echo, EchoFormat};
use crate::output::{self, View};

use super::printed::{self, Out};

/// Prints what a command did to one ticket, `view` being the ticket as it
/// stands now. `done` says what is recorded ("the update on ticket #1 was
/// recorded in the ticket log (event 5)") and `next` what to do instead of
/// repeating it if printing fails; `text` writes the text form.
pub fn ticket(
    echo: Echo,
    view: &View,
    done: impl FnOnce() -> String,
    next: impl FnOnce() -> String,
    text: impl FnOnce(&mut Out) -> io::Result<()>,
) -> Result<()> {
    let id = view.ticket.id;
    printed::after_change(done, next, |out| match (echo.quiet, echo.format) {
        (true, _) => writeln!(out, "{}", id.0),
        (false, EchoFormat::Json) => output::status_json(out, view),
        (false, EchoFormat::Text) => text(out),
    })
}

/// The same for a command that changed several tickets at once (`policy
/// apply`): JSON is an array of their status objects, as `status --format
/// json` writes the board; quiet is their ids, one a line.
pub fn tickets(
    echo: Echo,
    views: &[View],
    done: impl FnOnce() -> String,
    next: impl FnOnce() -> String,
    text: impl FnOnce(&mut Out) -> io::Result<()>,
) -> Result<()> {
    printed::after_change(done, next, |out| several(out, echo, views, text))
}

/// `tickets` for a command that, after all, recorded nothing (`policy
/// apply` when every open ticket already follows the policy): a failure
/// to print says only that, and that nothing was recorded.
pub fn tickets_unchanged(
    echo: Echo,
    views: &[View],
    text: impl FnOnce(&mut Out) -> io::Result<()>,
) -> Result<()> {
    printed::nothing_recorded(|out| several(out, echo, views, text))
}

fn several(
    out: &mut Out,
    echo: Echo,
    views: &[View],
    text: impl FnOnce(&mut Out) -> io::Result<()>,
) -> io::Result<()> {
    match (echo.quiet, echo.format) {
        (true, _) => views
            .iter()
            .try_for_each(|v| writeln!(out, "{}", v.ticket.id.0)),
        (false, EchoFormat::Json) => output::board_json(out, views),
        (false, EchoFormat::Text) => text(out),
    }
}
