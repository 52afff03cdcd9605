//! The man page, slaclock(1), in roff: one page for the whole tool. The
//! synopsis, the options and each command's arguments come from the clap
//! command itself (their help text is the one `--help` shows); the
//! sections that are not about arguments (TIME FORMATS, ENVIRONMENT,
//! FILES, EXIT STATUS) are written here. It names no other page: there is
//! no slaclock-open(1), so the commands are sections of this one.

use std::io::{self, Write};

use clap::{Arg, ArgAction, Command};
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};

/// Writes the page for `cmd` (the whole command line, unbuilt).
pub fn man_page(w: &mut dyn Write, mut cmd: Command) -> io::Result<()> {
    cmd.build();
    let man = Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    let mut page = Roff::new();
    page.control("SH", ["SYNOPSIS"]).text([
        bold("slaclock"),
        roman(" ["),
        italic("GLOBAL OPTIONS"),
        roman("] "),
        italic("COMMAND"),
        roman(" ["),
        italic("ARGUMENTS"),
        roman("]"),
    ]);
    page.control("SH", ["DESCRIPTION"]);
    page.text([roman(
        "slaclock keeps support promises: it times every ticket against the policy's targets \
         (initial response, update frequency, time to restore) and says when a case is due to \
         climb the escalation path. It works over one ticket log, an SQLite file or a \
         PostgreSQL database, with the policy read from severity.toml. People type the \
         commands that record events; cron runs check, metrics or notify.",
    )]);
    page.control("SH", ["GLOBAL OPTIONS"])
        .text([roman("Every command takes these.")]);
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        option(&mut page, arg);
    }
    page.control("SH", ["COMMANDS"]);
    for sub in visible(&cmd) {
        command(&mut page, sub);
    }
    for (title, paragraphs) in [
        ("TIME FORMATS", TIME_FORMATS),
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", FILES),
        ("EXIT STATUS", EXIT_STATUS),
    ] {
        page.control("SH", [title]);
        entries(&mut page, paragraphs);
    }
    page.to_writer(w)?;
    man.render_version_section(w)
}

/// The subcommands a person can call (not `help`, not hidden ones).
fn visible(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// One command: its usage, what it does, its own arguments, its examples;
/// then its own subcommands (`policy show`, ...).
fn command(page: &mut Roff, cmd: &Command) {
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim().to_string();
    page.control("SS", [usage.as_str()]);
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        page.text([roman(about.to_string())]);
    }
    for alias in cmd.get_visible_aliases() {
        page.text([roman("Also: "), bold(format!("slaclock {alias}"))]);
    }
    let own = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| !matches!(a.get_action(), ArgAction::Help | ArgAction::Version));
    for arg in own {
        option(page, arg);
    }
    if let Some(after) = cmd.get_after_long_help().or(cmd.get_after_help()) {
        page.control("PP", [])
            .control("nf", [])
            .text([roman(after.to_string())])
            .control("fi", []);
    }
    for sub in visible(cmd) {
        command(page, sub);
    }
}

/// An argument as a tagged paragraph: its flags or name, then its help,
/// the values it takes and its default.
fn option(page: &mut Roff, arg: &Arg) {
    page.control("TP", []).text(label(arg));
    let mut text = arg
        .get_long_help()
        .or(arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue) {
        text.push_str(&format!(" [default: {}]", defaults.join(", ")));
    }
    page.text([roman(text)]);
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if values.is_empty() || matches!(arg.get_action(), ArgAction::SetTrue) {
        return;
    }
    if values.iter().all(|v| v.get_help().is_none()) {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        page.text([roman(format!("Values: {}.", names.join(", ")))]);
        return;
    }
    page.control("RS", []);
    for v in values {
        page.control("TP", [])
            .text([bold(v.get_name().to_string())])
            .text([roman(
                v.get_help().map(ToString::to_string).unwrap_or_default(),
            )]);
    }
    page.control("RE", []);
}

/// `-q, --quiet`, `--format <FORMAT>`, `<TITLE>...`.
fn label(arg: &Arg) -> Vec<Inline> {
    let name = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string);
    let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    let value = italic(format!("<{name}>{}", if many { "..." } else { "" }));
    if arg.is_positional() {
        return vec![value];
    }
    let mut out = vec![];
    if let Some(short) = arg.get_short() {
        out.push(bold(format!("-{short}")));
        out.push(roman(", "));
    }
    if let Some(long) = arg.get_long() {
        out.push(bold(format!("--{long}")));
    }
    if arg.get_action().takes_values() {
        out.push(roman(" "));
        out.push(value);
    }
    out
}

/// A section's entries: a tag (bold; none for a plain paragraph) and its text.
fn entries(page: &mut Roff, list: &[(&str, &str)]) {
    for (tag, text) in list {
        if tag.is_empty() {
            page.control("PP", []).text([roman(*text)]);
        } else {
            page.control("TP", [])
                .text([bold(*tag)])
                .text([roman(*text)]);
        }
    }
}

const TIME_FORMATS: &[(&str, &str)] = &[
    (
        "",
        "Every time argument (--at, --next-update, --as-of, --since, --until) reads the same \
         forms, as local times in the zone TZ names:",
    ),
    ("2026-11-24T10:00:00+10:00", "RFC 3339: that instant."),
    (
        "2026-11-24 09:00",
        "A date and a time (or 2026-11-24T09:00, seconds optional): that local time.",
    ),
    (
        "today 9:30, yesterday 17:00, tomorrow 09:00",
        "That time on that day.",
    ),
    (
        "mon 09:00, friday 17:30",
        "The most recent such time (on a Monday at 08:00, last week's); for --next-update, the next.",
    ),
    (
        "09:00",
        "The most recent 09:00 (at 08:00, yesterday's); for --next-update, the next (at 17:10, tomorrow's).",
    ),
    (
        "now, 15m ago, in 2h",
        "Relative to now; for --next-update, to the update's own time (its --at, else now).",
    ),
    (
        "90s, 15m, 1h 30m, 2d, 1w",
        "A duration (--timeout, --max-wait, --renotify), in seconds, minutes, hours, days or \
         weeks, as a relative time is. M, ms, months and years are refused by name, as there: \
         a month has no fixed length, and 15M is one key from 15m.",
    ),
    (
        "",
        "A promise (--next-update) is made at the update, so it counts from the update's own \
         time (its --at, else now), not from when the command is typed: --at 10:10 \
         --next-update \"in 1h\" promises 11:10, and a time of day alone is the next such \
         time after 10:10. Every word \
         and unit is read in any case (NOW, TODAY 9:30, 2H AGO), save M, which is refused (a \
         month to many tools, one key from m). A date or a \
         day alone is refused rather than silently meaning midnight; only --since and --until, \
         the bounds of a period, take a date alone, as its first instant. A local time the \
         clocks skip for daylight saving is a usage error naming the first time that exists \
         after it. In a repeated hour a date and time is its \
         earlier instant, and a time alone (or a weekday and time) the nearest that reads so on \
         its side: at 01:45 GMT after the clocks go back, --at 01:40 is 01:40 GMT; echoes then \
         name the zone. An --at in the future, before the ticket was reported, or before its last \
         recorded event is refused; when the times such a refusal compares fall in the same \
         minute, it shows them to the second.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SLACLOCK_DB",
        "The ticket log (a file, a postgres:// URL or a libpq keyword/value string) when --db is not given.",
    ),
    (
        "SLACLOCK_POLICY",
        "The policy file when --policy is not given.",
    ),
    (
        "SLACLOCK_NOW",
        "An RFC 3339 instant that fixes \"now\" for every command (tests, replays).",
    ),
    (
        "SLACLOCK_BUSY_TIMEOUT",
        "How long a write waits for another writer, such as 500ms (default 10s, at most 1h); on PostgreSQL, each statement's lock_timeout.",
    ),
    (
        "TZ",
        "The zone local times are read and shown in, read as the C library reads it: an IANA \
         name (Australia/Sydney), a POSIX TZ string (AEST-10AEDT,M10.1.0,M4.1.0/3) or the path \
         of a zoneinfo file; empty means UTC; unset, the system's zone. A TZ that is none of \
         these is an error, never a silent UTC.",
    ),
    (
        "SLACLOCK_LANG",
        "The language of what people read, en or ja, when --lang is not given; else the \
         locale's (LC_ALL, then LC_MESSAGES, then LANG: ja_JP.UTF-8 means Japanese), else \
         English. JSON, CSV and exit codes never change with it.",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The locale, read for the language when neither --lang nor SLACLOCK_LANG says.",
    ),
    (
        "NO_COLOR",
        "No colour, even on a terminal (and even with CLICOLOR_FORCE).",
    ),
    ("CLICOLOR", "0: no colour, even on a terminal."),
    (
        "CLICOLOR_FORCE",
        "Anything but 0: colour even when the output is piped (not with NO_COLOR).",
    ),
    ("TERM", "dumb: no colour, as with NO_COLOR."),
    (
        "USER, LOGNAME",
        "Who records an event when --by is not given (USER, else LOGNAME; blank ones are \
         passed over, and with neither it is unknown, while take and --mine, which need to \
         know who you are, are refused), held to the rules of --by.",
    ),
    (
        "HOME, XDG_DATA_HOME, XDG_CONFIG_HOME",
        "Where the default ticket log and the user's policy file are (see FILES).",
    ),
    (
        "COLUMNS",
        "The width tables fit (and --help wraps to) when standard output is not a terminal; on a terminal its own width wins.",
    ),
    (
        "COMPLETE",
        "Set by the completion script of slaclock completions: the shell asking for completions, which slaclock answers and then exits.",
    ),
    (
        "SLACLOCK_SUMMARY",
        "Set by notify --exec for the command it runs: the event's one-line summary.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/slaclock/tickets.db",
        "The ticket log when neither --db nor SLACLOCK_DB names one ($XDG_DATA_HOME/slaclock/tickets.db).",
    ),
    (
        "./severity.toml, ~/.config/slaclock/severity.toml",
        "The policy, looked for in this order after --policy and SLACLOCK_POLICY; without one, \
         the embedded default (the published table). slaclock init writes a commented copy.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success; also a change that was recorded but whose result could not be printed (standard error then says what is recorded).",
    ),
    (
        "1",
        "The request was refused or failed: not found, an invalid transition, bad data. The ticket log is unchanged.",
    ),
    ("2", "A command-line usage error."),
    (
        "130",
        "A question on the terminal was cancelled with Esc or Ctrl-C; nothing was recorded.",
    ),
    (
        "101",
        "An internal error (a bug); the message says whether a change may have been recorded.",
    ),
    (
        "",
        "check follows the monitoring-plugin convention instead: 0 OK, 1 WARNING (a target at \
         risk, an escalation due, a long wait, a calendar without next year's holidays), \
         2 CRITICAL (a clock running past its deadline), 3 UNKNOWN (could not evaluate, \
         whatever the reason). notify exits 0 when every event due was sent and 1 when a send \
         failed.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        use clap::CommandFactory;
        let mut out = vec![];
        man_page(&mut out, crate::cli::Cli::command()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_page_has_the_sections_a_reader_looks_for() {
        let page = page();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH \"GLOBAL OPTIONS\"",
            ".SH COMMANDS",
            ".SH \"TIME FORMATS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH \"EXIT STATUS\"",
        ] {
            assert!(page.contains(section), "no {section}");
        }
        // Each command, its arguments' help, and check's own exit codes.
        assert!(page.contains(".SS \"slaclock reopen [OPTIONS] --reason <TEXT> <ID>\""));
        assert!(page.contains("Why the ticket is reopened"));
        assert!(page.contains(".SS \"slaclock policy apply [OPTIONS]\""));
        assert!(page.contains("3 UNKNOWN"));
        assert!(page.contains("\n\\fB130\\fR\n"));
    }

    #[test]
    fn the_page_names_no_page_that_does_not_exist() {
        let page = page();
        // A reference to another page reads `name(1)`.
        let refs: Vec<&str> = page
            .match_indices('(')
            .filter(|(i, _)| {
                page[i + 1..].starts_with(|c: char| c.is_ascii_digit())
                    && page[i + 2..].starts_with(')')
                    && page[..*i].ends_with(|c: char| c.is_alphanumeric())
            })
            .map(|(i, _)| &page[page[..i].rfind([' ', '\n']).unwrap_or(0)..i + 3])
            .collect();
        assert!(refs.is_empty(), "{refs:?}");
    }
}
