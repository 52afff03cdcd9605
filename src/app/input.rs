//! What people type, bounded where it is read: lengths of titles, texts,
//! names and external references, and texts that must say something. A
//! refusal names the argument and what would be right.

use anyhow::{Result, bail};

use crate::i18n::Msg;
use crate::msg;

/// Longest title: a line on the board, not a report (details go in notes).
pub const TITLE_MAX: usize = 200;
/// Longest message, note or reason.
pub const TEXT_MAX: usize = 10_000;
/// Longest external reference: a case number or an alert id, not a text.
const REF_MAX: usize = 200;

/// `--ref TEXT`: not blank, at most `REF_MAX` characters, on one line and
/// without control characters (it is shown on the board and matched exactly).
pub fn check_ref(text: &str) -> Result<()> {
    if is_blank(text) {
        bail!(msg!("input-ref-empty"));
    }
    let n = text.chars().count();
    if n > REF_MAX {
        bail!(msg!("input-ref-long", n = n, max = REF_MAX));
    }
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| c.is_control()) {
        bail!(msg!(
            "input-ref-control",
            code = format!("{:04X}", u32::from(c)),
            at = i + 1
        ));
    }
    Ok(())
}

/// Longest name in `--by`: a person or a script, not a paragraph.
const BY_MAX: usize = 200;

/// `--by`, if given: a name that is not blank, at most `BY_MAX` long, on
/// one line (the timeline and the export show it as given).
pub fn check_by(by: Option<&str>) -> Result<()> {
    if let Some(by) = by {
        if is_blank(by) {
            bail!(msg!("input-by-empty"));
        }
        check_length("by-name", by, BY_MAX, None)?;
        if let Some((i, c)) = by.chars().enumerate().find(|(_, c)| c.is_control()) {
            bail!(msg!(
                "input-by-control",
                code = format!("{:04X}", u32::from(c)),
                at = i + 1
            ));
        }
    }
    Ok(())
}

/// The login name in `var` (`$USER` or `$LOGNAME`), recorded as who did a
/// write when `--by` is not given: at most `BY_MAX` long and on one line,
/// as `--by` is (a tab, an escape or a newline would reach the timeline,
/// the terminal and the export as given).
pub fn check_login_name(var: &str, name: &str) -> Result<()> {
    let n = name.chars().count();
    if n > BY_MAX {
        bail!(msg!("input-login-too-long", var = var, n = n, max = BY_MAX));
    }
    if let Some((i, c)) = name.chars().enumerate().find(|(_, c)| c.is_control()) {
        bail!(msg!(
            "input-login-control",
            var = var,
            code = format!("{:04X}", u32::from(c)),
            at = i + 1
        ));
    }
    Ok(())
}

/// An owner's name (`assign NAME`, or whoever `take`s a ticket): not
/// blank, at most `BY_MAX` long, on one line (the board shows it and
/// `--owner` matches it exactly).
pub fn check_owner(name: &str) -> Result<()> {
    if is_blank(name) {
        bail!(msg!("input-owner-empty"));
    }
    check_length("owner-name", name, BY_MAX, None)?;
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        bail!(msg!(
            "input-owner-control",
            code = format!("{:04X}", u32::from(c))
        ));
    }
    Ok(())
}

/// `--owner NAME`, the board's filter: the name as `assign` records it,
/// without the spaces at its ends; blank is refused, as a blank owner is.
pub fn owner_filter(name: Option<&str>) -> Result<Option<String>> {
    match name.map(trim_blank) {
        Some(n) if is_blank(n) => bail!(msg!("input-owner-filter-empty")),
        name => Ok(name.map(str::to_owned)),
    }
}

/// A ticket's title: something said, in at most `TITLE_MAX` characters.
pub fn check_title(title: &str) -> Result<()> {
    check_not_blank("title", title, msg!("input-hint-title"))?;
    check_length(
        "title",
        title,
        TITLE_MAX,
        Some(msg!("input-hint-title-long")),
    )
}

/// Why a severity changes: something said, in at most `TEXT_MAX` characters.
pub fn check_severity_reason(reason: &str) -> Result<()> {
    check_not_blank("reason", reason, msg!("input-hint-severity"))?;
    check_length("reason", reason, TEXT_MAX, None)
}

/// A customer or service given blank (`--customer ''`) is none, as an
/// empty answer to `open`'s question is, never a name of no letters: `open`
/// records none, `edit` clears it. A name is taken without the spaces at
/// its ends (full-width ones too), as the question takes it: "ACME " is
/// the customer `[customers]` lists as "ACME", and reports group it so.
pub fn blank_is_none(name: Option<&str>) -> Option<&str> {
    name.map(trim_blank).filter(|n| !is_blank(n))
}

/// `text` without what shows nothing at its ends: whitespace (full-width
/// spaces too) and the characters `is_blank` counts as drawn as nothing
/// (a zero-width space, a bidirectional isolate, the blank braille
/// pattern), save the directional
/// marks. A name is compared as it shows: "bob" with a zero-width space
/// after it is bob.
pub fn trim_blank(text: &str) -> &str {
    // The directional marks stay: right-to-left text may start with one.
    let mark = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}');
    text.trim_matches(|c: char| {
        c.is_whitespace() || drawn_empty(c) || drawn_as_nothing(c) && !mark(c)
    })
}

/// Whether `text` shows nothing: it holds only whitespace (full-width
/// spaces and line breaks too) and characters drawn as nothing, Unicode's
/// default ignorable code points (zero-width spaces and joiners, the
/// byte order mark, word joiners, variation selectors, Hangul fillers,
/// tags, ...), and the blank braille pattern. The one rule for blank: every text that must say something
/// is refused when blank, and every optional one is none.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || drawn_empty(c) || drawn_as_nothing(c))
}

/// Characters drawn as an empty cell that Unicode counts neither as
/// whitespace nor as ignorable: the blank braille pattern (U+2800), a
/// known way to make a name or title that looks empty.
fn drawn_empty(c: char) -> bool {
    c == '\u{2800}'
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
/// characters a renderer that does not support them shows as nothing.
fn drawn_as_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A customer's or a service's name, as `open` takes it.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    check_length(what, name, TITLE_MAX, None)
}

/// What a text is, in the language of errors: `what` is one of the
/// names the message `input-what` knows (`title`, `reason`, `note`,
/// `message`, `customer`, `service`, `by-name`, `owner-name`).
fn named(what: &str) -> String {
    msg!("input-what", what = what).to_string()
}

/// A text the command cannot do without must say something.
pub fn check_not_blank(what: &str, text: &str, hint: Msg) -> Result<()> {
    if is_blank(text) {
        bail!(msg!(
            "input-empty",
            what = named(what),
            hint = hint.to_string()
        ));
    }
    Ok(())
}

pub fn check_length(what: &str, text: &str, max: usize, hint: Option<Msg>) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        let long = msg!("input-long", what = named(what), n = n, max = max);
        match hint {
            None => bail!(long),
            Some(hint) => bail!(msg!(
                "input-long-hint",
                text = long.to_string(),
                hint = hint.to_string()
            )),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_what_shows_nothing() {
        for blank in [
            "",
            "   ",
            "\t\n",
            "\u{3000}",
            "\u{200B}\u{200B}",
            "\u{200C}\u{200D}\u{200E}\u{200F}",
            " \u{2060} \u{FEFF} ",
            "\u{00AD}\u{034F}\u{180E}\u{3164}\u{FFA0}\u{FE0F}\u{E0041}",
            "\u{2800}",
            " \u{2800}\u{3000}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
            assert_eq!(blank_is_none(Some(blank)), None, "{blank:?}");
            assert!(check_not_blank("title", blank, msg!("input-hint-title")).is_err());
            assert!(check_owner(blank).is_err(), "{blank:?}");
            assert!(check_by(Some(blank)).is_err(), "{blank:?}");
            assert!(check_ref(blank).is_err(), "{blank:?}");
        }
        // Anything drawn is something, joined or marked as it may be; what
        // shows nothing at its ends is trimmed, a directional mark kept.
        for (said, kept) in [
            ("x", "x"),
            ("\u{200B}x", "x"),
            ("\u{2800}x\u{2800}", "x"),
            ("x\u{2069}\u{FEFF}", "x"),
            ("東京", "東京"),
            ("👩\u{200D}💻", "👩\u{200D}💻"),
            ("\u{200F}עברית", "\u{200F}עברית"),
            ("·", "·"),
        ] {
            assert!(!is_blank(said), "{said:?}");
            assert_eq!(blank_is_none(Some(said)), Some(kept), "{said:?}");
        }
    }
}
