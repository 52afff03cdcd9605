//! Hostile and broken input: every kind of bad policy, a ticket log that is
//! not one, is busy or cannot be written, and strange text. Each ends in a
//! clear one-line message (or a listing of policy problems) with the log
//! left byte-for-byte as it was.

use super::util::*;

fn bytes(d: &Desk, name: &str) -> Option<Vec<u8>> {
    std::fs::read(d.path(name)).ok()
}

/// A desk whose log holds one ticket.
fn desk() -> Desk {
    let d = Desk::new();
    d.run(&["open", "--severity", "2", "existing"]).ok();
    d
}

#[test]
fn every_kind_of_bad_policy_is_refused_with_its_place() {
    let d = desk();
    let day = "[calendars.b]\ntimezone = \"Australia/Brisbane\"\n";
    // (case, file text, expected "file:line:" and words). Each is complete
    // but for its one mistake (an incomplete policy is refused too).
    let cases = [
        ("syntax error", "[severity.1\nresponse = \"15m\"\n".to_string(), "bad.toml:1:", "expected"),
        (
            "unknown key",
            "[severity.1]\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\nowner = \"1h\"\n".into(),
            "bad.toml:5:1:",
            "unknown key \"owner\" in [severity.1]; did you mean \"own\"?",
        ),
        ("wrong type", "[severity.1]\nresponse = 15\n".into(), "bad.toml:2:", "duration"),
        ("impossible calendar", format!("{day}mon = []\n"), "bad.toml:1:", "no open hour"),
        ("overlapping hours", format!("{day}mon = [\"09:00-12:00\", \"11:00-17:00\"]\n"), "bad.toml:3:", "overlaps"),
        ("unknown zone", "[calendars.b]\ntimezone = \"Atlantis/Capital\"\nmon = [\"09:00-17:00\"]\n".into(), "bad.toml:2:", "IANA"),
        (
            "duplicated level",
            "[[escalation]]\nlevel = 1\ncontact = \"a\"\n[[escalation]]\nlevel = 1\ncontact = \"b\"\n".into(),
            "bad.toml:5:",
            "should be 2",
        ),
        ("missing level", "[[escalation]]\nlevel = 2\ncontact = \"a\"\n".into(), "bad.toml:2:", "should be 1"),
        (
            "zero target",
            "[severity.2]\nupdate = \"0s\"\nresponse = \"15m\"\nrestore = \"24h\"\n".into(),
            "bad.toml:2:",
            "zero",
        ),
    ];
    for (case, text, place, words) in cases {
        let text = with_targets(&text);
        std::fs::write(d.path("bad.toml"), &text).unwrap();
        let before = d.snapshot();
        let run = d.run(&["--policy", "bad.toml", "open", "--severity", "1", "x"]);
        let err = run.fails(1);
        assert!(err.contains(place) && err.contains(words), "{case}: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{case}: one problem, one line: {err}"
        );
        assert_eq!(d.snapshot(), before, "{case}");
        let check = d.run(&["policy", "check", "bad.toml"]);
        assert_eq!(check.code, 1, "{case}");
        assert!(check.stderr.contains(place), "{case}: {}", check.stderr);
    }
    // A policy file that is not UTF-8 (placed like any other problem) or
    // not there.
    std::fs::write(d.path("bad.toml"), [0xff, 0xfe, 0x00]).unwrap();
    let err = d
        .run(&["--policy", "bad.toml", "policy", "show"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("bad.toml:1:1:") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(
        d.run(&["--policy", "nope.toml", "policy", "show"])
            .fails(1)
            .contains("nope.toml")
    );
}

#[test]
fn a_log_that_is_not_one_is_left_untouched() {
    let d = Desk::new();
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "text file",
            b"tickets: none\n",
            "not a slaclock ticket log (not an SQLite database)",
        ),
        (
            "binary noise",
            &[0x53, 0x51, 0x4c, 0x00, 0xff, 0x13, 0x37],
            "not a slaclock ticket log",
        ),
    ];
    for (case, content, words) in cases {
        std::fs::write(d.db(), content).unwrap();
        for args in [
            &["open", "--severity", "1", "x"][..],
            &["status"],
            &["update", "1"],
        ] {
            let err = d.run(args).fails(1).to_string();
            assert!(err.contains(words), "{case} {args:?}: {err}");
        }
        assert_eq!(bytes(&d, "log.db").as_deref(), Some(content), "{case}");
        assert!(!d.path("log.db-wal").exists(), "{case}");
    }
}

/// A log SQLite finds damaged (cut short, as a failing disk or a copy
/// taken mid-write leaves it): every command names it, says SQLite's words
/// once (never again as "Error code 11: ..."), and says what to do, and
/// `check`'s UNKNOWN line is the very line `status` prints. The log is
/// left as it was.
#[test]
fn a_damaged_log_is_named_once_with_what_to_do() {
    let d = desk();
    for _ in 0..12 {
        d.run(&[
            "note",
            "1",
            &"a long note to fill the log's pages ".repeat(200),
        ])
        .ok();
    }
    assert!(!d.path("log.db-wal").exists());
    let whole = bytes(&d, "log.db").unwrap();
    let cut = &whole[..whole.len() / 2];
    std::fs::write(d.db(), cut).unwrap();
    let damaged = format!(
        "the ticket log {} is damaged (database disk image is malformed): move it aside \
         and put your latest backup in its place (README, \"Backups\")",
        d.db().display()
    );
    let check = d.run(&["check"]);
    assert_eq!(check.code, 3, "{check:?}");
    assert_eq!(check.stdout, format!("UNKNOWN: {damaged}\n"));
    for args in [&["status"][..], &["status", "1"], &["note", "1", "x"]] {
        let err = d.run(args).fails(1).to_string();
        assert_eq!(err, format!("error: {damaged}\n"), "{args:?}");
    }
    assert_eq!(bytes(&d, "log.db").as_deref(), Some(cut));

    // Its first bytes gone: not a log, with the same advice in case it was.
    let mut headless = whole.clone();
    headless[..16].copy_from_slice(b"not a database!\0");
    std::fs::write(d.db(), &headless).unwrap();
    let line = format!(
        "{} is not a slaclock ticket log (not an SQLite database); left untouched. If it \
         was your log, it is damaged: move it aside and put your latest backup in its place \
         (README, \"Backups\")",
        d.db().display()
    );
    assert_eq!(d.run(&["check"]).stdout, format!("UNKNOWN: {line}\n"));
    assert_eq!(d.run(&["status"]).fails(1), format!("error: {line}\n"));
    let ja = ja(&d, &["status"]);
    assert!(
        ja.stderr
            .contains("最新のバックアップを元の場所に置いてください"),
        "{}",
        ja.stderr
    );
}

#[test]
fn another_programs_database_and_a_newer_schema_are_refused() {
    let d = Desk::new();
    {
        let c = rusqlite::Connection::open(d.db()).unwrap();
        c.execute_batch(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY); INSERT INTO accounts VALUES (1);",
        )
        .unwrap();
    }
    let before = bytes(&d, "log.db");
    let err = d
        .run(&["open", "--severity", "1", "x"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("an SQLite database but not a slaclock ticket log"),
        "{err}"
    );
    assert_eq!(bytes(&d, "log.db"), before);

    let d = desk();
    {
        let c = rusqlite::Connection::open(d.db()).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let before = d.snapshot();
    let err = d.run(&["status"]).fails(1).to_string();
    assert!(
        err.contains("written by a newer slaclock") && err.contains("upgrade slaclock"),
        "{err}"
    );
    assert_eq!(d.snapshot(), before);
}

/// A log whose schema version was set back to 0 (`PRAGMA user_version=0`)
/// still holds its tables: migrating it again failed on the first table
/// with the whole migration's SQL (58 lines, one 1,000-column line in
/// `check`). It is refused in one line saying what happened and what to
/// do, and left as it was, by a write, a read and `check`.
#[test]
fn a_log_whose_schema_version_was_reset_is_refused_in_one_line() {
    let d = desk();
    {
        let c = rusqlite::Connection::open(d.db()).unwrap();
        c.execute_batch("PRAGMA user_version = 0;").unwrap();
    }
    let before = d.snapshot();
    let said = "is marked as a slaclock ticket log but says schema version 0 while it already holds tables: it was changed by hand or by another tool; left untouched. Put your latest backup in its place (README, \"Backups\")";
    for args in [&["open", "--severity", "1", "x"][..], &["status"][..]] {
        let err = d.run(args).fails(1).to_string();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(said),
            "{args:?}: {err}"
        );
        assert!(!err.contains("CREATE TABLE"), "{err}");
        assert_eq!(d.snapshot(), before, "{args:?}");
    }
    let check = d.run(&["check"]);
    assert_eq!(check.code, 3);
    let first = check.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("UNKNOWN: ") && first.contains(said),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("CREATE TABLE"), "{}", check.stdout);
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_writer_holding_the_log_past_the_timeout_is_reported() {
    let d = desk();
    let before = d.snapshot();
    let holder = rusqlite::Connection::open(d.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let run = d
        .cmd()
        .env("SLACLOCK_BUSY_TIMEOUT", "300ms")
        .args(["update", "1"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("is busy (another slaclock, or another program, is writing to it); try again"),
        "{err}"
    );
    // Readers are never blocked by a writer.
    assert_eq!(
        d.cmd().args(["status"]).output().unwrap().status.code(),
        Some(0)
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_folder_that_cannot_hold_the_log() {
    let d = Desk::new();
    std::fs::write(d.path("not-a-folder"), "x").unwrap();
    let db = d.path("not-a-folder/log.db");
    let run = d
        .cmd()
        .env("SLACLOCK_DB", &db)
        .args(["open", "--severity", "1", "x"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("not-a-folder"), "{err}");
    // A missing folder is refused in one line, and nothing is made (see
    // faults_sqlite.rs: a new log is started only in a folder that exists).
    let db = d.path("new/deeper/log.db");
    let run = d
        .cmd()
        .env("SLACLOCK_DB", &db)
        .env_remove("RUST_BACKTRACE")
        .args(["open", "--severity", "1", "x"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!d.path("new").exists());
}

#[test]
fn a_read_only_log_can_be_read_but_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let d = desk();
    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let root = std::fs::OpenOptions::new().write(true).open(d.db()).is_ok();
    // Root ignores permissions: then run slaclock as `nobody`, who may use
    // the folder (SQLite keeps its shared-memory file there) but not the log.
    let run = |args: &[&str]| -> Run {
        if !root {
            return d.run(args);
        }
        let template = d.std_cmd();
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(template.get_program())
            .args(args)
            .env_clear()
            .current_dir(d.dir.path());
        for (k, v) in template.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        let out = c.output().expect("run setpriv");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    if root {
        std::fs::set_permissions(d.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::chown(d.dir.path(), Some(65534), Some(65534)).unwrap();
    }
    let before = d.snapshot();
    run(&["status"]).ok();
    let err = run(&["update", "1"]).fails(1).to_string();
    assert!(err.contains("cannot be written"), "{err}");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_loose_log_is_warned_about_once() {
    use std::os::unix::fs::PermissionsExt;
    let d = desk();
    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = d.run(&["status"]);
    run.ok();
    assert_eq!(
        run.stderr.matches("warning: the ticket log").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    // Shared with its group, read-only, as README's "Sharing a log" sets
    // it up: no warning. Group write, or others, is warned about.
    for (mode, warned) in [(0o640, false), (0o600, false), (0o660, true), (0o604, true)] {
        std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(mode)).unwrap();
        let run = d.run(&["status"]);
        run.ok();
        assert_eq!(
            run.stderr.contains("warning: the ticket log"),
            warned,
            "{mode:o}: {}",
            run.stderr
        );
    }
}

/// Every command that opens an SQLite log warns about a loose one, once,
/// on standard error: before, only `status` and `watch` did. `check` says
/// it after its verdict, and the machine output on stdout never holds it.
#[test]
fn every_command_that_opens_a_loose_log_warns_once() {
    use std::os::unix::fs::PermissionsExt;
    let d = desk();
    d.run(&["open", "--severity", "1", "second"]).ok();
    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let warning = "warning: the ticket log";
    let commands: [&[&str]; 14] = [
        &["status"],
        &["status", "1", "--format", "json"],
        &["open", "--severity", "3", "third"],
        &["note", "1", "seen"],
        &["update", "1"],
        // escalate opens the log twice: still one warning.
        &["escalate", "2", "--reason", "slow"],
        &["edit", "1", "--title", "renamed"],
        &["check"],
        &["check", "--format", "json"],
        &["metrics"],
        &["export"],
        &["export", "--events", "--format", "json"],
        &["report", "--since", "2026-11-01", "--until", "2026-12-01"],
        &["policy", "apply"],
    ];
    for args in commands {
        let run = d.run(args);
        assert!(
            run.code == 0 || args[0] == "check",
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            run.stderr.matches(warning).count(),
            1,
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stdout.contains(warning), "{args:?}: {}", run.stdout);
    }
    let to = d.path("copy.db");
    let run = d.run(&["migrate", "--from", "log.db", "--to", to.to_str().unwrap()]);
    run.ok();
    assert_eq!(run.stderr.matches(warning).count(), 1, "{}", run.stderr);
    // check's verdict comes first even with both streams as one.
    let merged = merged(&d, "check");
    assert!(merged.starts_with("OK: "), "{merged}");
    assert!(
        merged
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with(warning),
        "{merged}"
    );
}

/// The folders slaclock makes for its log (here the default data folder)
/// are its owner's alone, 700, even under a umask of 002.
#[test]
fn the_data_folder_slaclock_makes_is_its_owners_alone_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new();
    let mut cmd = d.std_cmd();
    cmd.env_remove("SLACLOCK_DB")
        .env("XDG_DATA_HOME", d.path("data"));
    let bin = cmd.get_program().to_owned();
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", "umask 002; exec \"$0\" open --severity 1 'VXC down'"])
        .arg(bin)
        .current_dir(d.dir.path())
        .env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    let run = Run::from(sh.output().expect("run"));
    run.ok();
    // No warning about the folder it made: only the note of a new log.
    assert_eq!(
        run.stderr,
        format!(
            "note: started a new ticket log at {} \
             (an existing log is chosen with --db or SLACLOCK_DB)\n",
            d.path("data/slaclock/tickets.db").display()
        )
    );
    let made = d.path("data").join("slaclock");
    let mode = std::fs::metadata(&made).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{}", made.display());
}

/// A log in a folder others may write is warned about (anyone who can
/// write there can replace the log), unless the folder is sticky; in a
/// sticky one, a `-wal` or `-shm` of another user's beside the log is.
#[test]
fn a_log_in_a_folder_others_may_write_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let d = desk();
    let folder = d.dir.path();
    let set =
        |mode| std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode)).unwrap();
    let warned = |args: &[&str]| {
        let run = d.run(args);
        run.ok();
        run.stderr
    };
    let said = format!(
        "warning: the folder {} holding the ticket log",
        folder.canonicalize().unwrap().display()
    );
    // Written by every account: warned. By the group alone (a team's
    // folder, or a umask of 002 where each user has a group of their
    // own): not, as a log the group may read is not.
    for (mode, warns) in [
        (0o777, true),
        (0o707, true),
        (0o770, false),
        (0o775, false),
        (0o755, false),
        (0o700, false),
        (0o1777, false),
    ] {
        set(mode);
        for args in [&["status"][..], &["note", "1", "seen"]] {
            let err = warned(args);
            assert_eq!(
                err.matches(&said).count(),
                usize::from(warns),
                "{mode:o} {args:?}: {err}"
            );
            if warns {
                assert!(
                    err.contains(&format!("can be written by others (mode {mode:o})")),
                    "{err}"
                );
            }
        }
    }
    if !is_root() {
        eprintln!("skipped: a file of another user's needs root (CI runs the tests as root)");
        return;
    }
    // Sticky, but someone else's -shm stands beside the log.
    let shm = d.path("log.db-shm");
    std::fs::write(&shm, b"").unwrap();
    std::os::unix::fs::chown(&shm, Some(65534), Some(65534)).unwrap();
    let err = warned(&["status"]);
    assert!(
        err.contains(&format!(
            "warning: {} beside the ticket log",
            shm.canonicalize().unwrap().display()
        )) && err.contains("(uid 65534), not to the log's owner"),
        "{err}"
    );
    set(0o700);
}

#[test]
fn strange_text_round_trips_and_never_drives_the_terminal() {
    let d = Desk::new();
    let title = "line one\nline two\twith tab \u{1b}[31mred\u{1b}[0m and \"quotes\", 東京 \
                 \u{202E}desrever\u{2066}";
    d.run(&["open", "--severity", "1", "--customer", "ACME\u{7}", title])
        .ok();
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["title"], title);
    assert!(d.run(&["status", "1"]).ok().contains("東京"));
    assert_eq!(s["customer"], "ACME\u{7}");
    for args in [&["status"][..], &["status", "1"]] {
        let out = d.run(args).ok().to_string();
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?} printed a control character"
        );
        // Nor a bidirectional override or isolate, which would reorder
        // the rest of the line on a terminal that honours them.
        assert!(
            !out.contains('\u{202E}') && !out.contains('\u{2066}'),
            "{args:?} printed a bidirectional control"
        );
        assert!(out.contains("line one line two"), "{out}");
    }
}

#[test]
fn oversized_text_is_refused_with_a_hint() {
    let d = desk();
    let before = d.snapshot();
    let huge = "x".repeat(100 * 1024);
    let err = d
        .run(&["open", "--severity", "1", &huge])
        .fails(1)
        .to_string();
    assert!(
        err.contains("title is 102400 characters long; keep it to 200") && err.contains("note"),
        "{}",
        &err[..err.len().min(300)]
    );
    let err = d.run(&["note", "1", &huge]).fails(1).to_string();
    assert!(
        err.contains("note is 102400 characters long"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert_eq!(d.snapshot(), before);
    // Just under the limit is fine, in any script.
    d.run(&["open", "--severity", "1", &"障".repeat(200)]).ok();
}

/// A `--db` path holding an escape sequence (a folder named so, a paste)
/// reaches the terminal in an error or a warning as U+FFFD, never as a
/// sequence that clears the screen.
#[test]
fn an_escape_sequence_in_a_path_never_reaches_the_terminal() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new();
    let missing = d.path("gone\u{1b}[2J/log.db");
    let run = d.run(&["--db", missing.to_str().unwrap(), "status"]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("gone\u{FFFD}[2J"), "{:?}", run.stderr);
    // A warning too: a log others may write, in a folder so named.
    let folder = d.path("shared\u{1b}[2J");
    std::fs::create_dir(&folder).unwrap();
    let log = folder.join("log.db");
    let db = log.to_str().unwrap();
    d.run(&["--db", db, "open", "--severity", "1", "x"]).ok();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o666)).unwrap();
    let run = d.run(&["--db", db, "status"]);
    assert!(run.stderr.contains("warning: "), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

/// The advice a write gives on standard error after it is recorded (the
/// clocks stay paused; the contract no longer fits the customer) does not
/// panic when standard error cannot be written: the change is recorded
/// and the command succeeds.
#[test]
fn advice_after_a_write_survives_a_full_standard_error() {
    let d = Desk::new();
    std::fs::write(
        d.path("severity.toml"),
        format!(
            "{}\n[contracts.premium]\nseverity.1.update = \"15m\"\n\n[customers]\n\"ACME\" = \"premium\"\n",
            include_str!("../../severity.toml")
        ),
    )
    .unwrap();
    d.run(&["open", "--severity", "1", "--customer", "ACEM", "x"])
        .ok();
    d.run(&["wait", "1"]).ok();
    for args in [&["update", "1"][..], &["edit", "1", "--customer", "ACME"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = d
            .std_cmd()
            .args(args)
            .stderr(std::process::Stdio::from(full))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(json["customer"], "ACME");
}
