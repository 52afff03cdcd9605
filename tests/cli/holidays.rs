//! Holidays that stay current: `holidays import` from an iCalendar file
//! into the policy file (what it adds and removes, the file kept byte for
//! byte around the list, `--yes` in a script, the question on a terminal,
//! errors naming the line), the deadlines that then skip the imported
//! days, the Tokyo example, and the warning that a calendar has run out of
//! holidays in `check`, `policy check`, `policy show` and `status`.

use std::path::{Path, PathBuf};

use rexpect::session::{PtySession, spawn_command};
use slaclock::sla::{Calendar, DEFAULT_POLICY, Policy};

use super::util::*;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// The dates of a calendar in a policy file's text.
fn holidays(text: &str, calendar: &str) -> Vec<String> {
    let p: Policy = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    match p.calendar_named(calendar) {
        Some(Calendar::Business(b)) => b.holidays().map(|d| d.to_string()).collect(),
        _ => panic!("no business calendar {calendar}"),
    }
}

/// The text before and after a calendar's `holidays = [ ... ]` (the list
/// ends at the first `]` that starts a line).
fn around_list(text: &str) -> (&str, &str) {
    let start = text.find("\nholidays = [").expect("a holiday list") + 1;
    let end = start + text[start..].find("\n]").expect("the list's end") + 2;
    (&text[..start], &text[end..])
}

/// A staff day on Wednesday and Thursday, Christmas and Boxing Day (moved
/// to Monday), and a timed event that is no day off.
const STAFF_DAYS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:staff@example.com\r
SUMMARY:Staff days\r
DTSTART;VALUE=DATE:20261125\r
DTEND;VALUE=DATE:20261127\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:lunch@example.com\r
SUMMARY:Team lunch\r
DTSTART;TZID=Australia/Brisbane:20261127T120000\r
DTEND;TZID=Australia/Brisbane:20261127T133000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:xmas@example.com\r
SUMMARY:Christmas Day\r
DTSTART;VALUE=DATE:20261225\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:boxing@example.com\r
SUMMARY:Boxing Day (moved)\r
DTSTART;VALUE=DATE:20261228\r
END:VEVENT\r
END:VCALENDAR\r
";

/// A desk with the shipped policy as ./severity.toml and the staff days
/// as ./staff.ics.
fn desk_with_policy() -> Desk {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), DEFAULT_POLICY).unwrap();
    std::fs::write(d.path("staff.ics"), STAFF_DAYS).unwrap();
    d
}

fn restore_deadline(d: &Desk, id: &str) -> String {
    let s = d.run(&["status", id, "--format", "json"]).json();
    s["clocks"]["restore"]["deadline"]
        .as_str()
        .unwrap_or_else(|| panic!("no restore deadline: {s}"))
        .to_string()
}

#[test]
fn importing_adds_exactly_the_files_all_day_dates_and_deadlines_skip_them() {
    let d = desk_with_policy();
    // Tuesday 24 November 2026, 10:00 in Brisbane: 48 business hours of
    // severity 3 end on Wednesday 2 December at 10:00 (eight-hour days).
    d.run(&["open", "--severity", "3", "Before the import"])
        .ok();
    assert_eq!(restore_deadline(&d, "1"), "2026-12-02T00:00:00Z");

    let run = d.run(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "--yes",
    ]);
    let out = run.ok();
    assert_eq!(
        out,
        "staff.ics: 4 dates off in 2026 for calendar \"business\" of severity.toml\n\
         Skipped line 13: \"Team lunch\": it has a time, so it is not an all-day event\n\
         Adds 2 dates:\n\
         \x20 2026-11-25 Wed  Staff days\n\
         \x20 2026-11-26 Thu  Staff days\n\
         Removes 6 dates the file does not have:\n\
         \x20 2026-01-01 Thu\n\
         \x20 2026-01-26 Mon\n\
         \x20 2026-04-03 Fri\n\
         \x20 2026-04-06 Mon\n\
         \x20 2026-05-04 Mon\n\
         \x20 2026-10-05 Mon\n\
         Keeps 2 dates already listed.\n\
         Wrote calendar \"business\"'s holidays for 2026 to severity.toml: 2 added, 6 removed. \
         Tickets opened from now on are judged by it; run `slaclock policy apply` to re-pin open tickets.\n"
    );
    assert_eq!(run.stderr, "");
    // 2026 is exactly the file's all-day dates; 2027 is as it was.
    let text = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    let mut want: Vec<String> = ["2026-11-25", "2026-11-26", "2026-12-25", "2026-12-28"]
        .map(String::from)
        .to_vec();
    want.extend(
        holidays(DEFAULT_POLICY, "business")
            .into_iter()
            .filter(|h| h.starts_with("2027")),
    );
    assert_eq!(holidays(&text, "business"), want);

    // A new ticket gets the new policy version: Wednesday and Thursday are
    // off, so its deadline is Friday 4 December at 10:00. The ticket opened
    // before keeps its own until `policy apply`.
    d.run(&["open", "--severity", "3", "After the import"]).ok();
    assert_eq!(restore_deadline(&d, "2"), "2026-12-04T00:00:00Z");
    assert_eq!(restore_deadline(&d, "1"), "2026-12-02T00:00:00Z");
    let versions = |d: &Desk| -> Vec<i64> {
        d.run(&["status", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["policy_version"].as_i64().unwrap())
            .collect()
    };
    let mut seen = versions(&d);
    seen.sort();
    assert_eq!(seen, [1, 2]);
    d.run(&["policy", "apply"]).ok();
    assert_eq!(restore_deadline(&d, "1"), "2026-12-04T00:00:00Z");
    assert_eq!(versions(&d), [2, 2]);

    // Importing the same file again changes nothing.
    let run = d.run(&["holidays", "import", "staff.ics", "--calendar", "business"]);
    assert!(
        run.ok().ends_with(
            "The calendar already lists exactly these dates for 2026; nothing to write.\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        text
    );
}

#[test]
fn an_import_keeps_the_rest_of_the_policy_file_byte_for_byte() {
    let d = desk_with_policy();
    d.run(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "-y",
    ])
    .ok();
    let after = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    assert_ne!(after, DEFAULT_POLICY);
    // Every comment and blank line of the shipped file, up to the list and
    // after it, is still there, byte for byte.
    assert_eq!(around_list(&after), around_list(DEFAULT_POLICY));
    assert!(after.contains(
        "# Queensland public holidays that fall on a weekday. Check them against the\n\
         # state government's list each year and add the next year's in time.\n\
         holidays = [\n  \"2026-11-25\", # Staff days\n"
    ));
    // A file with comments on its dates (the London example) keeps those
    // of the dates that stay.
    let london = std::fs::read_to_string(example("policy-london.toml")).unwrap();
    std::fs::write(d.path("london.toml"), &london).unwrap();
    d.run(&[
        "--policy",
        "london.toml",
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "london",
        "--yes",
    ])
    .ok();
    let after = std::fs::read_to_string(d.path("london.toml")).unwrap();
    assert_eq!(around_list(&after), around_list(&london));
    let list = &after[around_list(&after).0.len()..after.len() - around_list(&after).1.len()];
    assert_eq!(
        list,
        "holidays = [\n\
         \x20 \"2026-11-25\", # Staff days\n\
         \x20 \"2026-11-26\", # Staff days\n\
         \x20 \"2026-12-25\", # Christmas Day\n\
         \x20 \"2026-12-28\", # Boxing Day (substitute day)\n\
         \x20 \"2027-01-01\", # New Year's Day\n\
         \x20 \"2027-03-26\", # Good Friday\n\
         \x20 \"2027-03-29\", # Easter Monday\n\
         \x20 \"2027-05-03\", # Early May bank holiday\n\
         \x20 \"2027-05-31\", # Spring bank holiday\n\
         \x20 \"2027-08-30\", # Summer bank holiday\n\
         \x20 \"2027-12-27\", # Christmas Day (substitute day)\n\
         \x20 \"2027-12-28\", # Boxing Day (substitute day)\n\
         ]"
    );
}

#[test]
fn a_script_must_pass_yes_and_without_it_nothing_is_written() {
    let d = desk_with_policy();
    let run = d.run(&["holidays", "import", "staff.ics", "--calendar", "business"]);
    assert_eq!(
        run.fails(2),
        "error: not written: without a terminal to ask on, pass --yes to write these holidays to severity.toml\n"
    );
    // What it would do is shown all the same.
    assert!(run.stdout.contains("Adds 2 dates:\n"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        DEFAULT_POLICY
    );
    assert_eq!(d.snapshot(), "<no log>");
}

#[test]
fn the_policy_file_keeps_its_mode_and_a_link_to_it_stays_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let d = desk_with_policy();
    std::fs::create_dir(d.path("dotfiles")).unwrap();
    std::fs::rename(d.path("severity.toml"), d.path("dotfiles/severity.toml")).unwrap();
    std::os::unix::fs::symlink("dotfiles/severity.toml", d.path("severity.toml")).unwrap();
    std::fs::set_permissions(
        d.path("dotfiles/severity.toml"),
        std::fs::Permissions::from_mode(0o664),
    )
    .unwrap();
    d.run(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "--yes",
    ])
    .ok();
    assert!(
        std::fs::symlink_metadata(d.path("severity.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real = d.path("dotfiles/severity.toml");
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("\"2026-11-25\", # Staff days")
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o664);
}

/// A policy made read-only is not replaced by a user who may not write it,
/// though the folder would let the atomic write rename a new file over it
/// (and so take it over); nor is an export's file. Root may, as the system
/// lets it.
#[test]
fn a_file_its_user_may_not_write_is_refused_not_replaced() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !is_root() {
        eprintln!("skipped: acting as another user needs root (CI runs the tests as root)");
        return;
    }
    let mode = |path: &Path, bits: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).unwrap()
    };
    let d = desk_with_policy();
    d.run(&["open", "--severity", "2", "x"]).ok();
    mode(d.dir.path(), 0o777);
    mode(&d.path("staff.ics"), 0o644);
    mode(&d.db(), 0o644);
    mode(&d.path("severity.toml"), 0o444);
    std::fs::write(d.path("old.csv"), "kept\n").unwrap();
    mode(&d.path("old.csv"), 0o444);
    let policy = std::fs::read(d.path("severity.toml")).unwrap();
    let import = [
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "--yes",
    ];
    for args in [&import[..], &["export", "-o", "old.csv"]] {
        let run = d.run_as(65534, args);
        let err = run.fails(1);
        assert!(
            err.contains("is not yours to write (mode 444)"),
            "{args:?}: {err}"
        );
        // Said first: no preview of a change that cannot be written.
        assert_eq!(run.stdout, "", "{args:?}");
    }
    assert_eq!(std::fs::read(d.path("severity.toml")).unwrap(), policy);
    assert_eq!(std::fs::metadata(d.path("severity.toml")).unwrap().uid(), 0);
    assert_eq!(
        std::fs::read_to_string(d.path("old.csv")).unwrap(),
        "kept\n"
    );
    d.run(&import).ok();
}

#[test]
fn bad_files_and_names_are_refused_with_where_and_what_would_be_right() {
    let d = desk_with_policy();
    let refused = |args: &[&str]| -> String {
        let run = d.run(args);
        let err = run.fails(1).to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(
            std::fs::read_to_string(d.path("severity.toml")).unwrap(),
            DEFAULT_POLICY
        );
        err
    };
    let import = |file: &str| -> Vec<String> {
        [
            "holidays",
            "import",
            file,
            "--calendar",
            "business",
            "--yes",
        ]
        .map(String::from)
        .to_vec()
    };

    // Not iCalendar at all: the policy itself.
    let err = refused(&strs(&import("severity.toml")));
    assert_eq!(
        err,
        "error: severity.toml:1: this is not an iCalendar file: it starts with \"# slaclock service-level policy.\", not BEGIN:VCALENDAR; export the holidays as an .ics file; nothing was changed\n"
    );
    // An event with no DTSTART: the line of its BEGIN.
    std::fs::write(
        d.path("lost.ics"),
        STAFF_DAYS.replace("DTSTART;VALUE=DATE:20261225\r\n", ""),
    )
    .unwrap();
    let err = refused(&strs(&import("lost.ics")));
    assert_eq!(
        err,
        "error: lost.ics:16: the event \"Christmas Day\" has no DTSTART; give its first day, like DTSTART;VALUE=DATE:20260101; nothing was changed\n"
    );
    // A date that is not one: its own line.
    std::fs::write(
        d.path("typo.ics"),
        STAFF_DAYS.replace("20261228", "2026-12-28"),
    )
    .unwrap();
    let err = refused(&strs(&import("typo.ics")));
    assert!(
        err.starts_with(
            "error: typo.ics:24: DTSTART \"2026-12-28\" is not a date; write it as YYYYMMDD"
        ),
        "{err}"
    );
    // Not UTF-8.
    std::fs::write(d.path("latin1.ics"), b"BEGIN:VCALENDAR\nSUMMARY:caf\xe9\n").unwrap();
    let err = refused(&strs(&import("latin1.ics")));
    assert_eq!(
        err,
        "error: latin1.ics:2: the file is not UTF-8 text (byte 0xe9 here); save it as UTF-8; nothing was changed\n"
    );
    // Missing, or a folder.
    let err = refused(&strs(&import("nowhere.ics")));
    assert!(
        err.starts_with("error: cannot read the iCalendar file nowhere.ics: "),
        "{err}"
    );
    std::fs::create_dir(d.path("folder.ics")).unwrap();
    let err = refused(&strs(&import("folder.ics")));
    assert!(
        err.contains("is a folder, not a regular file; give the path of an .ics file"),
        "{err}"
    );
    // A calendar the policy does not have.
    let err = refused(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "office",
        "--yes",
    ]);
    assert_eq!(
        err,
        "error: severity.toml: it has no calendar named \"office\"; its business calendars: \"business\"; nothing was changed\n"
    );
    // Nothing to import.
    std::fs::write(
        d.path("timed.ics"),
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Meeting\nDTSTART:20261127T020000Z\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let err = refused(&strs(&import("timed.ics")));
    assert_eq!(
        err,
        "error: timed.ics:1: the file has no all-day event to import (1 timed or cancelled skipped); nothing was changed\n"
    );
}

/// RFC 5545 folds a long line every 75 octets, wherever a character's
/// bytes fall: the lines are joined before the text is decoded.
#[test]
fn a_summary_folded_inside_its_characters_is_imported_whole() {
    let d = desk_with_policy();
    let summary = "SUMMARY:年末年始休業（本社・大阪支社・名古屋支社・福岡営業所）";
    let mut file = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:closure@example.com\r\n".to_vec();
    for (i, chunk) in summary.as_bytes().chunks(40).enumerate() {
        if i > 0 {
            file.extend_from_slice(b"\r\n ");
        }
        file.extend_from_slice(chunk);
    }
    file.extend_from_slice(
        b"\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20261231\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    assert!(
        std::str::from_utf8(&file).is_err(),
        "a fold splits a character"
    );
    std::fs::write(d.path("closure.ics"), &file).unwrap();
    let out = d
        .run(&[
            "holidays",
            "import",
            "closure.ics",
            "--calendar",
            "business",
            "--yes",
        ])
        .ok()
        .to_string();
    let name = &summary["SUMMARY:".len()..];
    assert!(out.contains(&format!("2026-12-29 Tue  {name}")), "{out}");
    let text = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    assert!(
        text.contains(&format!("\"2026-12-30\", # {name}")),
        "{text}"
    );
}

#[test]
fn the_embedded_default_cannot_be_edited_so_init_comes_first() {
    let d = Desk::new();
    std::fs::write(d.path("staff.ics"), STAFF_DAYS).unwrap();
    let run = d.run(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "--yes",
    ]);
    assert_eq!(
        run.fails(1),
        "error: slaclock is using its embedded default policy, which cannot be edited; run `slaclock init` to write a copy to edit (or give --policy PATH), then import again\n"
    );
    d.run(&["init"]).ok();
    d.run(&[
        "holidays",
        "import",
        "staff.ics",
        "--calendar",
        "business",
        "--yes",
    ])
    .ok();
    let written = std::fs::read_to_string(d.path(".config/slaclock/severity.toml")).unwrap();
    assert!(
        written.contains("\"2026-11-25\", # Staff days"),
        "{written}"
    );
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

// ---- On a terminal -----------------------------------------------------

fn pty(d: &Desk, args: &[&str]) -> PtySession {
    let mut cmd = d.std_cmd();
    cmd.args(args).env("TERM", "xterm");
    spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// Waits for the question, answers it once it reads keys, and returns
/// what the command printed and its exit code.
fn answer(d: &Desk, keys: &str) -> (String, i32) {
    let mut p = pty(
        d,
        &["holidays", "import", "staff.ics", "--calendar", "business"],
    );
    let before = p
        .exp_string("Write them to severity.toml?")
        .expect("the question");
    // The question is drawn before the terminal is switched to raw mode.
    std::thread::sleep(std::time::Duration::from_millis(900));
    p.send(keys).expect("send keys");
    p.flush().expect("flush");
    ended(p, before)
}

/// What the command printed after `before`, to its end, and its exit code.
fn ended(mut p: PtySession, before: String) -> (String, i32) {
    let out = before + &p.exp_eof().expect("the command ends");
    // `Exited(Pid(..), CODE)`, as prompts.rs reads it.
    let status = format!("{:?}", p.process().wait().expect("exit status"));
    let code = status
        .strip_prefix("Exited(")
        .and_then(|s| s.strip_suffix(')'))
        .and_then(|s| s.rsplit(", ").next())
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{status}\n{out}"));
    (out, code)
}

/// On a terminal whose standard error is redirected the question would
/// not be seen: it is not asked, and --yes is required as in a script.
#[test]
fn with_standard_error_redirected_it_does_not_ask() {
    let d = desk_with_policy();
    let mut p = pty_sh(
        &d,
        "\"$0\" holidays import staff.ics --calendar business 2>err.txt; echo \"exited $?\"",
    );
    p.exp_string("exited 2").expect("refused, not waiting");
    p.exp_eof().expect("the shell ends");
    assert_eq!(
        std::fs::read_to_string(d.path("err.txt")).unwrap(),
        "error: not written: without a terminal to ask on, pass --yes to write these holidays to severity.toml\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        DEFAULT_POLICY
    );
}

#[test]
fn on_a_terminal_it_asks_before_writing() {
    let d = desk_with_policy();
    // No: nothing written.
    let (out, code) = answer(&d, "n\r");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Adds 2 dates:"), "{out}");
    assert!(
        out.contains("slaclock: not written; severity.toml is as it was"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        DEFAULT_POLICY
    );
    // Esc: cancelled, as every question is.
    let (out, code) = answer(&d, "\u{1b}");
    assert_eq!(code, 130, "{out}");
    assert!(out.contains("slaclock: cancelled"), "{out}");
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        DEFAULT_POLICY
    );
    // Yes: written.
    let (out, code) = answer(&d, "y\r");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Wrote calendar \"business\"'s holidays"),
        "{out}"
    );
    let text = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    assert!(text.contains("\"2026-11-25\", # Staff days"), "{text}");
}

/// An answer the question does not understand is refused in the
/// question's language, never inquire's English, and asked again; in
/// Japanese 「はい」 and 「いいえ」 answer it too.
#[test]
fn an_answer_it_does_not_understand_is_refused_in_the_question_s_language() {
    let d = desk_with_policy();
    let cases = [
        (
            "en",
            "Write them to severity.toml?",
            "x\r",
            "Type y for yes or n for no",
            "n\r",
            1,
        ),
        (
            "ja_JP.UTF-8",
            "severity.toml に書き込みますか？",
            "うん\r",
            "実行するなら y か「はい」、中止するなら n か「いいえ」を入力してください",
            "はい\r",
            0,
        ),
    ];
    // The session reads bytes one to a character: Japanese is looked for
    // as its UTF-8 bytes.
    let bytes = |s: &str| s.bytes().map(char::from).collect::<String>();
    for (lang, question, wrong, refusal, right, code) in cases {
        let mut cmd = d.std_cmd();
        cmd.args(["holidays", "import", "staff.ics", "--calendar", "business"])
            .env("TERM", "xterm")
            .env("LANG", lang);
        let mut p = spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
        let mut out = p.exp_string(&bytes(question)).expect("the question");
        std::thread::sleep(std::time::Duration::from_millis(900));
        p.send(wrong).expect("send keys");
        p.flush().expect("flush");
        out += &p
            .exp_string(&bytes(refusal))
            .expect("the refusal in the question's language");
        // The refused answer stays, to be edited: rubbed out first.
        let rub_out = "\u{7f}".repeat(wrong.trim_end().chars().count());
        p.send(&(rub_out + right)).expect("send keys");
        p.flush().expect("flush");
        let (out, exit) = ended(p, out);
        assert_eq!(exit, code, "{lang}: {out}");
        assert!(!out.contains("Invalid answer"), "{lang}: {out}");
    }
    // はい wrote the holidays.
    let text = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    assert!(text.contains("\"2026-11-25\", # Staff days"), "{text}");
}

// ---- The Tokyo example ---------------------------------------------------

/// The Tokyo policy with an empty holiday list, as before its first import.
fn tokyo_without_holidays() -> (String, String) {
    let shipped = std::fs::read_to_string(example("tokyo/severity.toml")).unwrap();
    let (before, after) = around_list(&shipped);
    let empty = format!("{before}holidays = []{after}");
    (shipped, empty)
}

#[test]
fn the_tokyo_example_is_what_importing_its_ics_writes() {
    let d = Desk::new();
    let (shipped, empty) = tokyo_without_holidays();
    std::fs::write(d.path("severity.toml"), &empty).unwrap();
    std::fs::copy(
        example("tokyo/tokyo-holidays-2026-2027.ics"),
        d.path("japan.ics"),
    )
    .unwrap();
    let out = d
        .run(&[
            "holidays",
            "import",
            "japan.ics",
            "--calendar",
            "tokyo",
            "--yes",
        ])
        .ok()
        .to_string();
    assert!(
        out.starts_with("japan.ics: 45 dates off in 2026-2027 for calendar \"tokyo\" of severity.toml\nAdds 45 dates:\n  2026-01-01 Thu  元日\n"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        shipped
    );
    // And the shipped file needs nothing more.
    let shipped_path = example("tokyo/severity.toml");
    let run = d.run(&[
        "--policy",
        shipped_path.to_str().unwrap(),
        "holidays",
        "import",
        "japan.ics",
        "--calendar",
        "tokyo",
    ]);
    assert!(run.ok().ends_with("nothing to write.\n"), "{}", run.stdout);
}

#[test]
fn tokyo_deadlines_skip_golden_week_and_the_new_year_closure() {
    let mut d = Desk::new();
    let (_, empty) = tokyo_without_holidays();
    std::fs::write(d.path("severity.toml"), &empty).unwrap();
    std::fs::copy(
        example("tokyo/tokyo-holidays-2026-2027.ics"),
        d.path("japan.ics"),
    )
    .unwrap();
    let deadlines = |d: &Desk, id: &str| -> (String, String) {
        let s = d.run(&["status", id, "--format", "json"]).json();
        (
            s["clocks"]["response"]["deadline"]
                .as_str()
                .unwrap()
                .to_string(),
            s["clocks"]["restore"]["deadline"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    };
    let open = |d: &mut Desk, at: &str, title: &str| {
        d.run_at(at, &["open", "--severity", "3", "--at", at, title])
            .ok();
    };
    // Before the import: Golden Week's weekdays count as working days.
    // Thursday 30 April 2026, 10:00 in Tokyo: 24 business hours of 8-hour
    // days (09:00-12:00, 13:00-18:00) end on Tuesday 5 May at 10:00.
    open(&mut d, "2026-04-30T10:00:00+09:00", "No holidays yet");
    assert_eq!(deadlines(&d, "1").1, "2026-05-05T01:00:00Z");
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["severity"], 3);

    d.run(&[
        "holidays",
        "import",
        "japan.ics",
        "--calendar",
        "tokyo",
        "--yes",
    ])
    .ok();
    // Thursday 30 April 2026, 10:00 (after 昭和の日 on the 29th):
    //   30 Apr 10:00-12:00, 13:00-18:00    7h  (7h)
    //    1 May 09:00-12:00, 13:00-18:00    8h  (15h)
    //    2-6 May: weekend, 憲法記念日, みどりの日, こどもの日, 振替休日
    //    7 May                             8h  (23h)
    //    8 May 09:00-10:00                 1h  (24h)
    // Response, 2 business hours: 12:00, the end of the morning.
    open(&mut d, "2026-04-30T10:00:00+09:00", "Portal typo");
    assert_eq!(
        deadlines(&d, "2"),
        (
            "2026-04-30T03:00:00Z".to_string(),
            "2026-05-08T01:00:00Z".to_string()
        )
    );
    // Friday 1 May 2026, 17:30: half an hour, then Golden Week.
    //   response: 17:30-18:00, then 7 May 09:00-10:30
    //   restore:  0h30 + 7 May 8h + 8 May 8h = 16h30; Monday 11 May
    //             09:00-12:00 (19h30), 13:00-17:30 (24h)
    open(&mut d, "2026-05-01T17:30:00+09:00", "Report export slow");
    assert_eq!(
        deadlines(&d, "3"),
        (
            "2026-05-07T01:30:00Z".to_string(),
            "2026-05-11T08:30:00Z".to_string()
        )
    );
    // Monday 28 December 2026, 15:00: the closure runs from the 29th to
    // 3 January (元日 on the 1st), so the office opens again on the 4th.
    //   28 Dec 15:00-18:00 3h; 4 Jan 8h (11h); 5 Jan 8h (19h);
    //   6 Jan 09:00-12:00 (22h), 13:00-15:00 (24h)
    open(&mut d, "2026-12-28T15:00:00+09:00", "Invoice layout");
    assert_eq!(
        deadlines(&d, "4"),
        (
            "2026-12-28T08:00:00Z".to_string(),
            "2027-01-06T06:00:00Z".to_string()
        )
    );
    // 17:00 on the 28th: the response's second hour is on 4 January.
    open(&mut d, "2026-12-28T17:00:00+09:00", "Late question");
    assert_eq!(deadlines(&d, "5").0, "2027-01-04T01:00:00Z");
    // Friday 8 January 2027, 16:00, with 成人の日 on Monday the 11th:
    //   8 Jan 2h; 12 Jan 8h (10h); 13 Jan 8h (18h);
    //   14 Jan 09:00-12:00 (21h), 13:00-16:00 (24h)
    open(&mut d, "2027-01-08T16:00:00+09:00", "Coming of Age Day");
    assert_eq!(deadlines(&d, "6").1, "2027-01-14T07:00:00Z");
    // The ticket opened before the import keeps its policy version.
    assert_eq!(deadlines(&d, "1").1, "2026-05-05T01:00:00Z");
}

// ---- A calendar that runs out of holidays ----------------------------------

#[test]
fn the_stale_calendar_warning_from_sixty_days_in_every_command_that_shows_the_policy() {
    // The shipped calendar's last holiday is 2027-12-28 (Brisbane).
    let warning = "warning: calendar \"business\" has no holidays after 2027-12-28; import next year's with `slaclock holidays import`\n";
    let mut d = Desk::new();
    d.run_at("2027-10-27T00:00:00Z", &["open", "--severity", "2", "x"])
        .ok();
    d.run(&["resolve", "1"]).ok();
    // (command, where the warning goes: stdout for check, else stderr)
    let commands: [&[&str]; 6] = [
        &["policy", "check"],
        &["policy", "show"],
        &["status"],
        &["status", "1"],
        &["status", "--format", "json"],
        &["status", "1", "--format", "json"],
    ];
    // 61 days before it (10:00 on 28 October in Brisbane): no warning.
    d.at("2027-10-28T00:00:00Z");
    for args in commands {
        let run = d.run(args);
        run.ok();
        assert_eq!(run.stderr, "", "{args:?}");
    }
    let check = d.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.starts_with("OK: "), "{}", check.stdout);
    // 59 days before it: each warns, in the same words, on stderr; the
    // JSON on stdout stays JSON.
    d.at("2027-10-30T00:00:00Z");
    for args in commands {
        let run = d.run(args);
        run.ok();
        assert_eq!(run.stderr, warning, "{args:?}");
        assert!(!run.stdout.contains("holidays after"), "{args:?}");
        if args.contains(&"json") {
            run.json();
        }
    }
    // check: a WARNING line, never CRITICAL.
    let check = d.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.starts_with("WARNING: "), "{}", check.stdout);
    assert!(
        check.stdout.ends_with(&warning["warning: ".len()..]),
        "{}",
        check.stdout
    );
    // `policy check` of a named file judges that file: the Tokyo example
    // lists holidays up to 2027-12-31, counted from the date in Tokyo.
    let tokyo = example("tokyo/severity.toml");
    let check_tokyo = |d: &Desk| {
        let run = d.run(&["policy", "check", tokyo.to_str().unwrap()]);
        run.ok();
        run.stderr.clone()
    };
    assert_eq!(check_tokyo(&d), "");
    d.at("2027-10-30T15:00:00Z"); // 61 days before: 31 October in Tokyo
    assert_eq!(check_tokyo(&d), "");
    d.at("2027-11-01T15:00:00Z"); // 59 days before
    assert_eq!(
        check_tokyo(&d),
        "warning: calendar \"tokyo\" has no holidays after 2027-12-31; import next year's with `slaclock holidays import`\n"
    );
    // Next year's imported: no warning.
    std::fs::write(d.path("severity.toml"), DEFAULT_POLICY).unwrap();
    std::fs::write(
        d.path("2028.ics"),
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:New Year's Day\nDTSTART;VALUE=DATE:20280103\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    d.run(&[
        "holidays",
        "import",
        "2028.ics",
        "--calendar",
        "business",
        "--yes",
    ])
    .ok();
    for args in commands {
        assert_eq!(d.run(args).stderr, "", "{args:?}");
    }
    assert_eq!(d.run(&["check"]).code, 0);
}

/// In Japanese the preview and the summary are Japanese, with the same
/// dates and the same file written.
#[test]
fn the_preview_and_summary_in_japanese() {
    let d = desk_with_policy();
    let run = ja(
        &d,
        &[
            "holidays",
            "import",
            "staff.ics",
            "--calendar",
            "business",
            "--yes",
        ],
    );
    let out = run.ok();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "staff.ics: severity.toml のカレンダー \"business\" に2026年の休日4日",
            "13行目を読み飛ばしました: \"Team lunch\": 時刻があり、終日の予定ではありません",
            "追加する2日:",
            "  2026-11-25 (水)  Staff days",
        ]
    );
    assert!(out.contains("ファイルにない6日を削除:"), "{out}");
    assert!(
        lines[lines.len() - 1].starts_with(
            "カレンダー \"business\" の2026年の休日を severity.toml に書き込みました（追加2、削除6）。"
        ),
        "{out}"
    );
    let text = std::fs::read_to_string(d.path("severity.toml")).unwrap();
    assert!(holidays(&text, "business").contains(&"2026-11-25".to_string()));
}

/// A file nested thirty thousand components deep overflowed the parser's
/// stack (exit 134); it is refused with its line and the policy is kept.
#[test]
fn a_file_nested_too_deep_is_refused_and_the_policy_is_kept() {
    let d = desk_with_policy();
    let n = 30_000;
    std::fs::write(
        d.path("n.ics"),
        format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            "BEGIN:VEVENT\r\n".repeat(n),
            "END:VEVENT\r\n".repeat(n)
        ),
    )
    .unwrap();
    let err = d
        .run(&[
            "holidays",
            "import",
            "n.ics",
            "--calendar",
            "business",
            "--yes",
        ])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: n.ics:9: BEGIN:VEVENT opens a component 9 levels deep, and components nest at most 8 (like VCALENDAR > VEVENT > VALARM); close the one before it with its END first; nothing was changed\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.path("severity.toml")).unwrap(),
        DEFAULT_POLICY
    );
}
