//! `holidays import`: a business calendar's holidays from an iCalendar
//! file, written into the policy file; and the warning that a calendar has
//! run out of holidays, which `status`, `policy show` and `policy check`
//! print (on standard error, so their output stays clean for scripts)
//! where `check` prints a WARNING line.
//!
//! The import reads the .ics (`sla::read_ics`), rewrites the calendar's
//! list in the policy's text (`sla::replace_holidays`), loads the result
//! as any policy is loaded (`Policy::from_str`), shows what changes, asks
//! on a terminal (a script passes `--yes`), and writes the file through
//! the one atomic writer (`files::write_file`). The policy's version
//! changes as with any edit: new tickets are pinned to the new text, open
//! ones keep theirs until `policy apply`.

use crate::tr;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::cli::{HolidaysCommand, HolidaysImportArgs};
use crate::output::{self, HolidayImport};
use crate::sla::{Policy, PolicyErrors, read_ics, replace_holidays, stale_calendars};

use super::context::{Context, Readable, load_policy_file, read_file, read_policy_file};
use super::exit::{Exit, UsageError};
use super::files::{Mode, write_file};
use super::{printed, prompt};

/// `FILE.ics`.
const ICS_FILE: Readable = Readable {
    what: || crate::msg!("read-ics-what"),
    instead: || crate::msg!("read-ics-instead"),
    max_bytes: 16 << 20,
    limit: || crate::msg!("read-ics-limit"),
};

pub fn run(ctx: &Context, cmd: HolidaysCommand) -> Result<Exit> {
    match cmd {
        HolidaysCommand::Import(args) => import(ctx, args),
    }
}

fn import(ctx: &Context, args: HolidaysImportArgs) -> Result<Exit> {
    let Some(path) = ctx.policy_file() else {
        bail!(crate::msg!("holidays-embedded-policy"));
    };
    let loaded = load_policy_file(&path)?;
    let ics = args.file.display().to_string();
    let bytes = read_file(&args.file, &ICS_FILE)?;
    let holidays = read_ics(&bytes, args.years).map_err(|e| {
        anyhow!(crate::msg!(
            "holidays-refused-line",
            ics = ics.as_str(),
            line = e.line.to_string(),
            error = e.message
        ))
    })?;
    let shown = path.display().to_string();
    let edit = replace_holidays(
        &loaded.text,
        &args.calendar,
        &holidays.years,
        &holidays.dates,
    )
    .map_err(|e| {
        anyhow!(crate::msg!(
            "holidays-refused",
            path = shown.as_str(),
            error = e.to_string()
        ))
    })?;
    let policy: Policy = edit.text.parse().map_err(|e: PolicyErrors| {
        anyhow!(crate::msg!(
            "holidays-policy-would-not-load",
            errors = e.with_file(&shown)
        ))
    })?;
    // A policy this user may not write is refused before the preview and
    // the question, not after them.
    if edit.changes() {
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        super::files::check_destination(&real)
            .with_context(|| crate::msg!("holidays-cannot-write", path = shown.as_str()))?;
    }
    let view = HolidayImport {
        ics: &ics,
        policy: &shown,
        calendar: &args.calendar,
        holidays: &holidays,
        edit: &edit,
        lang: ctx.lang,
    };
    printed::read_only(|out| output::holidays_preview(out, &view))?;
    if !edit.changes() {
        return Ok(Exit::Success);
    }
    if !args.yes {
        if !ctx.interactive {
            return Err(UsageError(
                crate::msg!("holidays-need-yes", path = shown.as_str()).to_string(),
            )
            .into());
        }
        if !prompt::confirm(
            ctx.lang,
            &tr!(ctx.lang, "prompt-write-holidays", path = shown.to_string()),
        )? {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                crate::msg!("holidays-not-written", path = shown.as_str())
            );
            return Ok(Exit::Failure);
        }
    }
    write_policy(&path, &loaded.text, &edit.text)
        .with_context(|| crate::msg!("holidays-cannot-write", path = shown.as_str()))?;
    printed::after_change(
        || crate::msg!("not-printed-holidays", path = shown.to_string()).to_string(),
        || crate::msg!("not-printed-holidays-next", path = shown.to_string()).to_string(),
        |out| output::holidays_written(out, &view),
    )?;
    warn_stale_calendars(&policy, ctx.now());
    Ok(Exit::Success)
}

/// Writes the policy file's new text over `was`, through a link to the
/// file it names (a policy kept elsewhere and linked stays where it is),
/// with the file's mode. Refused if the file changed since it was read.
fn write_policy(path: &Path, was: &str, text: &str) -> Result<()> {
    let real = std::fs::canonicalize(path)?;
    if read_policy_file(&real)? != was.as_bytes() {
        bail!(crate::msg!("holidays-changed"));
    }
    let mode = std::fs::metadata(&real)?.permissions().mode() & 0o7777;
    // The umask must not change the mode the file had.
    write_file(&real, Mode::Exactly(mode), |f| {
        f.write_all(text.as_bytes())?;
        Ok(())
    })
}

/// Warns on standard error about each business calendar of `policy` with
/// no holiday later than `sla::HOLIDAYS_AHEAD_DAYS` days from `now`, in
/// the words `check` uses.
pub fn warn_stale_calendars(policy: &Policy, now: DateTime<Utc>) {
    let mut err = std::io::stderr().lock();
    for c in stale_calendars(policy, now) {
        // Not eprintln!: a failing stderr must not panic.
        let lang = crate::i18n::errors();
        let _ = writeln!(
            err,
            "{} {}",
            crate::msg!("warning-prefix"),
            output::stale_calendar_in(lang, &c)
        );
    }
}

/// The same for the policy in force for new tickets, for commands that do
/// not otherwise load it (`status`). One that does not load is warned
/// about: the board does not need it (each ticket is judged by the version
/// it is pinned to), but `open` refuses until it is mended, and the board
/// is where an engineer looks first.
pub fn warn_stale_policy(ctx: &Context, now: DateTime<Utc>) {
    match ctx.policy() {
        Ok(loaded) => warn_stale_calendars(&loaded.policy, now),
        Err(e) => {
            // Not eprintln!: a failing stderr must not panic.
            let _ = writeln!(
                std::io::stderr().lock(),
                "{} {}",
                crate::msg!("warning-prefix"),
                crate::msg!("warn-policy-unusable", reason = crate::i18n::os::chain(&e))
            );
        }
    }
}
