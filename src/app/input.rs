//! What people type, bounded where it is read: lengths of titles, texts,
//! names and external references, and texts that must say something. A
//! refusal names the argument and what would be right.

use anyhow::{Result, bail};

/// Longest title: a line on the board, not a report (details go in notes).
pub const TITLE_MAX: usize = 200;
/// Longest message, note or reason.
pub const TEXT_MAX: usize = 10_000;
/// Longest external reference: a case number or an alert id, not a text.
const REF_MAX: usize = 200;

/// `--ref TEXT`: not blank, at most `REF_MAX` characters, on one line and
/// without control characters (it is shown on the board and matched exactly).
pub fn check_ref(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!(
            "--ref is empty; give the external reference, such as the customer's case number or the alert id"
        );
    }
    let n = text.chars().count();
    if n > REF_MAX {
        bail!("--ref is {n} characters long; keep it to {REF_MAX} (a case number or an alert id)");
    }
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| c.is_control()) {
        bail!(
            "--ref holds a control character (U+{:04X}, character {}); give it on one line, without tabs or escapes",
            u32::from(c),
            i + 1
        );
    }
    Ok(())
}

/// Longest name in `--by`: a person or a script, not a paragraph.
const BY_MAX: usize = 200;

/// `--by`, if given: a name that is not blank and at most `BY_MAX` long.
pub fn check_by(by: Option<&str>) -> Result<()> {
    if let Some(by) = by {
        if by.trim().is_empty() {
            bail!(
                "--by is empty; give the name of whoever records this (or leave --by out for $USER)"
            );
        }
        check_length("--by name", by, BY_MAX, "")?;
    }
    Ok(())
}

/// An owner's name (`assign NAME`, or whoever `take`s a ticket): not
/// blank, at most `BY_MAX` long, on one line (the board shows it and
/// `--owner` matches it exactly).
pub fn check_owner(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        bail!("the {what} is empty; give the name of whoever takes the ticket on");
    }
    check_length(&format!("{what}'s name"), name, BY_MAX, "")?;
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        bail!(
            "the {what}'s name holds a control character (U+{:04X}); give it on one line",
            u32::from(c)
        );
    }
    Ok(())
}

/// A ticket's title: something said, in at most `TITLE_MAX` characters.
pub fn check_title(title: &str) -> Result<()> {
    check_not_blank("title", title, "say what is wrong in a line")?;
    check_length(
        "title",
        title,
        TITLE_MAX,
        "; put the details in a note (slaclock note ID TEXT)",
    )
}

/// Why a severity changes: something said, in at most `TEXT_MAX` characters.
pub fn check_severity_reason(reason: &str) -> Result<()> {
    check_not_blank("reason", reason, "say why the severity changes")?;
    check_length("reason", reason, TEXT_MAX, "")
}

/// A customer's or a service's name, as `open` takes it.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    check_length(what, name, TITLE_MAX, "")
}

/// A text the command cannot do without must say something.
pub fn check_not_blank(what: &str, text: &str, hint: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!("the {what} is empty; {hint}");
    }
    Ok(())
}

pub fn check_length(what: &str, text: &str, max: usize, hint: &str) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        bail!("the {what} is {n} characters long; keep it to {max}{hint}");
    }
    Ok(())
}
