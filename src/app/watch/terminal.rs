//! The terminal while `watch` has it: raw mode, the alternate screen, a
//! hidden cursor and bracketed paste (so a pasted line break is text, not
//! Enter, and the rest of a paste never reads as the board's keys), and
//! the way back on every exit. Dropping `Screen`
//! restores it (a normal quit, an error, a panic unwinding); the panic
//! hook restores it first, so the panic's one line is printed on the
//! normal screen rather than lost with the alternate one; SIGTERM, SIGINT,
//! SIGHUP and SIGQUIT set a flag the loop reads, so it leaves and restores
//! instead of dying with the terminal raw.

use std::io::{self, Stdout};
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result};
use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::SIGQUIT;

/// Whether the terminal is set up for the watch and not yet given back.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// The terminal, set up for drawing; given back when dropped.
pub struct Screen {
    /// Never dropped: ratatui's `Terminal` shows the cursor as it is
    /// dropped and, if that fails (a terminal that hung up), prints so with
    /// `eprintln!`, which panics when standard error is that terminal.
    /// `give_back` shows the cursor instead, and ignores a failure.
    pub terminal: ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
}

impl Screen {
    pub fn take() -> Result<Screen> {
        restore_on_panic();
        TAKEN.store(true, Ordering::SeqCst);
        let set_up = enable_raw_mode()
            .and_then(|()| {
                execute!(
                    io::stdout(),
                    EnterAlternateScreen,
                    EnableBracketedPaste,
                    Hide
                )
            })
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match set_up {
            Ok(terminal) => Ok(Screen {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(e) => {
                give_back();
                Err(e).context(crate::msg!("watch-cannot-set-up"))
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        give_back();
    }
}

/// Leaves the alternate screen, ends bracketed paste, shows the cursor and
/// ends raw mode, once, if the watch had set them up. Failures are ignored: a terminal that is
/// gone (SIGHUP) cannot be restored, and nothing is left to tell.
pub fn give_back() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(
            io::stdout(),
            DisableBracketedPaste,
            LeaveAlternateScreen,
            Show
        );
        let _ = disable_raw_mode();
    }
}

/// Puts the terminal back before the panic hook in force prints its line.
fn restore_on_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            give_back();
            report(info);
        }));
    });
}

/// The signals that end the watch, caught into a flag: the stop signals
/// every command heeds, and SIGQUIT, whose default (a core dump) would
/// leave the terminal raw on the alternate screen; here it quits like the
/// others. In raw mode `Ctrl-\` sends no SIGQUIT: it comes from `kill -QUIT`.
#[derive(Clone)]
pub struct Signals(Arc<AtomicBool>);

impl Signals {
    pub fn catch() -> Result<Signals> {
        use super::super::signals::{heeded, ignored};
        let caught = Arc::new(AtomicBool::new(false));
        let quit = [SIGQUIT].into_iter().filter(|&s| !ignored(s));
        for signal in heeded().chain(quit) {
            signal_hook::flag::register(signal, Arc::clone(&caught)).with_context(|| {
                crate::msg!("watch-cannot-catch-signal", signal = signal.to_string())
            })?;
        }
        Ok(Signals(caught))
    }

    pub fn caught(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
