//! The width human output is fitted to: the terminal's, `$COLUMNS`, or no
//! limit. Apart from `context.rs`, which reads the rest of the environment.

use std::io::IsTerminal;

/// The columns human output must fit in: the terminal's width when
/// standard output is a terminal, else `$COLUMNS` when it holds a positive
/// number, else no limit (output piped to a file or a program is not cut).
pub(super) fn output_width() -> Option<usize> {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(terminal_width)
        .flatten();
    terminal.or_else(|| columns_width(std::env::var_os("COLUMNS").as_deref()))
}

/// `$COLUMNS` as a width: a positive whole number, anything else ignored.
fn columns_width(value: Option<&std::ffi::OsStr>) -> Option<usize> {
    value?
        .to_str()?
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|w| *w > 0)
}

/// The width of the terminal on standard output, from the kernel.
fn terminal_width() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which
    // points at a live, writable `winsize`.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_is_a_positive_number_or_ignored() {
        let width = |v: &str| columns_width(Some(std::ffi::OsStr::new(v)));
        assert_eq!(width("80"), Some(80));
        assert_eq!(width(" 120 "), Some(120));
        for ignored in [
            "",
            "0",
            "-5",
            "wide",
            "80x",
            "1e3",
            "99999999999999999999999",
        ] {
            assert_eq!(width(ignored), None, "{ignored:?}");
        }
        assert_eq!(columns_width(None), None);
    }
}
