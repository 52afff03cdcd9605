//! User text inside what slaclock says: made safe for a terminal
//! ([`plain`]) and quoted as typed ([`quoted`]). Here, beside the
//! messages, because every layer (the policy's checks, the stores, the
//! command line's parsers) quotes what it was given in its refusals.

/// Text from users as it may reach a terminal: line breaks and tabs become
/// spaces and other control characters (escape sequences included) become
/// U+FFFD, so a pasted title can neither break a table nor drive the terminal.
/// So do the bidirectional embeddings, overrides and isolates (U+202A to
/// U+202E, U+2066 to U+2069): on a terminal that honours them one would
/// reorder the rest of its line, the columns after a title included. The
/// marks (U+200E, U+200F), which reorder nothing beyond their neighbours,
/// are kept for the right-to-left text that uses them.
pub fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if reorders(c) || c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A message as it reaches the terminal at the end of a run or as a
/// warning: its line breaks kept (a policy's problems are told one a
/// line), a tab or carriage return a space, and every other control
/// character, escape sequences included, U+FFFD. A message quotes what it
/// was given (a `--db` path with an escape sequence in it, a folder's
/// name) without always going through [`plain`]; none of it may drive the
/// terminal.
pub fn shown(message: &str) -> String {
    if !message.chars().any(|c| c.is_control() && c != '\n') {
        return message.to_owned();
    }
    message
        .chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// User text quoted in a message as it was typed: `"パケット "引用""`,
/// made [`plain`] (no line break, escape sequence or bidirectional
/// control reaches the terminal), never escaped the way Rust's `{:?}`
/// would (`"ハ\u{309a}ケット \"引用\""`).
pub fn quoted(text: impl AsRef<str>) -> String {
    format!("\"{}\"", plain(text.as_ref()))
}

/// Whether `c` is a bidirectional embedding, override or isolate (U+202A
/// to U+202E, U+2066 to U+2069), which would reorder the rest of its line
/// on a terminal that honours it: what [`plain`] and `check`'s lines show
/// as U+FFFD.
pub fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_keeps_its_lines_and_drives_no_terminal() {
        assert_eq!(
            shown("a.toml:1:1: x\na.toml:2:1: y"),
            "a.toml:1:1: x\na.toml:2:1: y"
        );
        assert_eq!(
            shown("the folder /tmp/\u{1b}[2Jx\tdoes not exist\r"),
            "the folder /tmp/\u{FFFD}[2Jx does not exist "
        );
        assert_eq!(shown("\u{9b}31m"), "\u{FFFD}31m");
    }

    #[test]
    fn plain_text_cannot_drive_the_terminal_or_reorder_its_line() {
        assert_eq!(plain("VXC\ndown\tnow"), "VXC down now");
        assert_eq!(plain("red \u{1b}[31mALERT"), "red \u{FFFD}[31mALERT");
        // An override that would show the columns after it right to left.
        assert_eq!(plain("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(plain("\u{2066}x\u{2069}"), "\u{FFFD}x\u{FFFD}");
        // Marks stay, and so does Japanese.
        assert_eq!(plain("שלום\u{200F} 東京"), "שלום\u{200F} 東京");
    }

    #[test]
    fn quoted_text_reads_as_typed_and_cannot_drive_the_terminal() {
        assert_eq!(
            quoted("ﾊﾟｹｯﾄ ハ\u{309a}ケット \"引用\" C:\\x"),
            "\"ﾊﾟｹｯﾄ ハ\u{309a}ケット \"引用\" C:\\x\""
        );
        assert_eq!(
            quoted("a\u{1b}[31m\nb\u{202E}c"),
            "\"a\u{FFFD}[31m b\u{FFFD}c\""
        );
        assert_eq!(quoted(""), "\"\"");
    }
}
