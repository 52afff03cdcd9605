//! Warnings on standard error, through one door for every layer (the
//! store's about PostgreSQL's TLS and the password file, `app`'s about an
//! SQLite log others may read): said at once, held until a verdict is out
//! (`check`, whose first line a monitor may read as its status even with
//! both streams as one), or not said at all (the shell's completion, which
//! must stay silent at every TAB). Never through `eprintln!`, which panics
//! when standard error fails.

use std::io::Write;
use std::sync::{Mutex, MutexGuard, TryLockError};

/// What becomes of a warning this run.
enum Mode {
    Say,
    Hold(Vec<String>),
    Silent,
}

static MODE: Mutex<Mode> = Mutex::new(Mode::Say);

fn mode() -> MutexGuard<'static, Mode> {
    MODE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Says `line` on standard error, or holds it, or drops it, as the run
/// asks. The lock is held only to note the line, never while printing.
pub fn say(line: &str) {
    let now = match &mut *mode() {
        Mode::Say => true,
        Mode::Hold(held) => {
            held.push(line.to_owned());
            false
        }
        Mode::Silent => false,
    };
    if now {
        print(line);
    }
}

/// Holds every warning until [`release`] (`check`, before it judges).
pub fn hold() {
    let mut mode = mode();
    if let Mode::Say = *mode {
        *mode = Mode::Hold(vec![]);
    }
}

/// Prints the warnings held, and every later one at once. Never waits on
/// a `say` under way (another thread, still judging past `check`'s
/// deadline): one that cannot take the lock at once leaves the held lines
/// unsaid.
pub fn release() {
    let mut mode = match MODE.try_lock() {
        Ok(mode) => mode,
        Err(TryLockError::Poisoned(e)) => e.into_inner(),
        Err(TryLockError::WouldBlock) => return,
    };
    let held = match std::mem::replace(&mut *mode, Mode::Say) {
        Mode::Hold(held) => held,
        Mode::Say => vec![],
        Mode::Silent => {
            *mode = Mode::Silent;
            vec![]
        }
    };
    drop(mode);
    for line in held {
        print(&line);
    }
}

/// Drops every warning from now on (the shell's completion).
pub fn silence() {
    *mode() = Mode::Silent;
}

fn print(line: &str) {
    let _ = writeln!(std::io::stderr(), "{}", crate::i18n::shown(line));
}
