//! Printing to standard output without lying about what happened. Standard
//! output can fail (a full disk, a closed terminal); `println!` would then
//! panic, and a plain error would read as "the command failed". A command
//! that only reads says it could not print. A command whose change is
//! already committed says that the change IS in the ticket log and must not
//! be repeated: a script told only "No space left on device" retries, and
//! records the ticket twice. Every command prints through this module.

use std::fmt;
use std::io::{self, BufWriter, StdoutLock, Write};

use anyhow::Result;

/// Standard output, buffered; flushed before a command reports success.
pub type Out = BufWriter<StdoutLock<'static>>;

/// A change that is committed, and the error that stopped its result from
/// being printed.
#[derive(Debug)]
pub struct NotPrinted {
    /// What is done and recorded: "ticket #5 was opened and recorded ...".
    pub done: String,
    /// What to do instead of repeating the command.
    pub next: String,
    pub error: io::Error,
}

impl fmt::Display for NotPrinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = crate::msg!(
            "not-printed",
            done = &self.done,
            error = self.error.to_string(),
            next = &self.next
        );
        write!(f, "{said}")
    }
}

impl std::error::Error for NotPrinted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Writes what `print` writes to standard output and flushes it.
fn to_stdout(print: impl FnOnce(&mut Out) -> io::Result<()>) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    print(&mut out)?;
    out.flush()
}

/// For a command that changed nothing: a failure to print is an error
/// saying so.
pub fn read_only(print: impl FnOnce(&mut Out) -> io::Result<()>) -> Result<()> {
    to_stdout(print).map_err(|e| anyhow::Error::new(e).context(crate::msg!("cannot-write-stdout")))
}

/// For a write command that, after all, changed nothing: a failure to
/// print is an error saying so, and that nothing was recorded (a retry is
/// harmless).
pub fn nothing_recorded(print: impl FnOnce(&mut Out) -> io::Result<()>) -> Result<()> {
    to_stdout(print).map_err(|e| {
        anyhow::Error::new(e).context(crate::msg!("cannot-write-stdout-nothing-recorded"))
    })
}

/// For a command whose change is committed: a failure to print says what
/// was done (`done`) and what to do instead of repeating it (`next`).
pub fn after_change(
    done: impl FnOnce() -> String,
    next: impl FnOnce() -> String,
    print: impl FnOnce(&mut Out) -> io::Result<()>,
) -> Result<()> {
    to_stdout(print).map_err(|error| {
        NotPrinted {
            done: done(),
            next: next(),
            error,
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_says_what_is_recorded_and_not_to_repeat_it() {
        let e = NotPrinted {
            done: "ticket #5 was opened and recorded in the ticket log (event 9)".into(),
            next: "do not open it again; see it with: slaclock status 5".into(),
            error: io::Error::from_raw_os_error(28),
        };
        let text = e.to_string();
        assert!(
            text.starts_with("ticket #5 was opened and recorded in the ticket log (event 9), but printing the result failed: No space left on device"),
            "{text}"
        );
        assert!(
            text.ends_with("; do not open it again; see it with: slaclock status 5"),
            "{text}"
        );
        assert!(!text.contains('\n'));
    }
}
