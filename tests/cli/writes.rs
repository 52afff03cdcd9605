//! Files slaclock writes (`init`, `export -o`) are written safely: never
//! through a link planted at a temporary name or at the destination, never
//! over the ticket log's own files. And a command that changed the log says
//! so even when its output cannot be written.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use super::util::*;

const PRECIOUS: &str = "precious: must never be overwritten\n";

/// Plants a link to `victim` at every name a writer of `dest` might pick
/// for its temporary file, and returns them.
fn plant_links(dest: &Path, victim: &Path) -> Vec<PathBuf> {
    let name = dest.file_name().unwrap().to_str().unwrap();
    let stem = dest.file_stem().unwrap().to_str().unwrap();
    let mut names = vec![
        format!("{name}.tmp"),
        format!(".{name}.tmp"),
        format!("{name}~"),
        format!(".{name}.swp"),
        format!("{name}.new"),
        format!("{name}.part"),
        format!("{stem}.tmp"),
        format!(".{stem}.tmp"),
    ];
    // Names made of a process id (the next few pids are likely).
    let me = std::process::id();
    names.extend((me..me + 200).map(|pid| format!(".{name}.{pid}.tmp")));
    names.extend((me..me + 200).map(|pid| format!("{name}.{pid}.tmp")));
    let folder = dest.parent().unwrap();
    names
        .into_iter()
        .map(|n| {
            let link = folder.join(n);
            symlink(victim, &link).unwrap();
            link
        })
        .collect()
}

/// The victim is as it was, and every planted link still points at it.
#[track_caller]
fn assert_untouched(victim: &Path, links: &[PathBuf]) {
    assert_eq!(std::fs::read_to_string(victim).unwrap(), PRECIOUS);
    for link in links {
        let meta = std::fs::symlink_metadata(link).unwrap();
        assert!(meta.file_type().is_symlink(), "{}", link.display());
        assert_eq!(std::fs::read_link(link).unwrap(), victim);
    }
}

#[track_caller]
fn assert_regular(path: &Path) {
    let meta = std::fs::symlink_metadata(path).unwrap();
    assert!(
        meta.file_type().is_file(),
        "{} is not a file",
        path.display()
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A policy is not secret, but nobody else may change it: `init` writes
/// it as any new file, less the umask, and never world-writable.
#[test]
fn init_writes_the_policy_as_the_umask_says() {
    let d = Desk::new();
    for (umask, expected) in [
        ("077", 0o600),
        ("022", 0o644),
        ("002", 0o664),
        ("000", 0o664),
    ] {
        let name = format!("policy-{umask}.toml");
        let template = d.std_cmd();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" init {name}"))
            .arg(template.get_program())
            .envs(template.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .current_dir(d.path(""))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(mode(&d.path(&name)), expected, "umask {umask}");
    }
}

#[test]
fn init_never_writes_through_a_planted_link() {
    let d = Desk::new();
    let victim = d.path("victim");
    std::fs::write(&victim, PRECIOUS).unwrap();
    let dest = d.path("severity.toml");
    let links = plant_links(&dest, &victim);
    d.run(&["init", "severity.toml"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&dest);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        slaclock::sla::DEFAULT_POLICY
    );
    // A policy is not secret: the mode is what a new file gets (umask 022 here).
    assert_eq!(mode(&dest) & 0o600, 0o600);
    d.run(&["init", "severity.toml", "--force"]).ok();
    assert_untouched(&victim, &links);

    // A link at the destination is a file that exists; with --force it is
    // replaced by the policy, and what it pointed to is left alone.
    let linked = d.path("linked.toml");
    symlink(&victim, &linked).unwrap();
    let err = d.run(&["init", "linked.toml"]).fails(1).to_string();
    assert!(err.contains("already exists; pass --force"), "{err}");
    d.run(&["init", "linked.toml", "--force"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&linked);
    // A dangling link is never followed to create its target.
    let dangling = d.path("dangling.toml");
    symlink(d.path("created-through-link"), &dangling).unwrap();
    let err = d.run(&["init", "dangling.toml"]).fails(1).to_string();
    assert!(err.contains("already exists"), "{err}");
    d.run(&["init", "dangling.toml", "--force"]).ok();
    assert!(!d.path("created-through-link").exists());
    assert_regular(&dangling);
}

#[test]
fn export_never_writes_through_a_planted_link() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    let victim = d.path("victim");
    std::fs::write(&victim, PRECIOUS).unwrap();
    let dest = d.path("out.csv");
    let links = plant_links(&dest, &victim);
    assert_eq!(d.run(&["export", "-o", "out.csv"]).ok(), "");
    assert_untouched(&victim, &links);
    assert_regular(&dest);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        d.run(&["export"]).ok()
    );
    assert_eq!(mode(&dest), 0o600, "exports hold customer data");
    // A link at the destination is replaced, never written through.
    let linked = d.path("linked.csv");
    symlink(&victim, &linked).unwrap();
    d.run(&["export", "-o", "linked.csv"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&linked);
}

#[test]
fn export_onto_the_logs_own_files_is_refused() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "first"]).ok();
    // Held open here, the log keeps its write-ahead log and shared memory
    // while commands commit into them.
    let held = rusqlite::Connection::open(d.db()).unwrap();
    held.query_row("SELECT count(*) FROM tickets", [], |r| r.get::<_, i64>(0))
        .unwrap();
    d.run(&["open", "--severity", "2", "second, in the WAL"])
        .ok();
    let wal = d.path("log.db-wal");
    let shm = d.path("log.db-shm");
    assert!(wal.exists() && shm.exists());
    symlink(d.db(), d.path("log-link.db")).unwrap();
    symlink(&wal, d.path("wal-link")).unwrap();
    std::fs::hard_link(d.db(), d.path("hard-link.db")).unwrap();
    std::fs::create_dir(d.path("sub")).unwrap();
    let before = (d.snapshot(), std::fs::read(&wal).unwrap());
    for (dest, says) in [
        ("log.db", "is the ticket log itself"),
        ("./sub/../log.db", "is the ticket log itself"),
        ("log-link.db", "is the ticket log itself"),
        ("hard-link.db", "is the ticket log itself"),
        ("log.db-wal", "one of the ticket log's own files"),
        ("sub/../log.db-wal", "one of the ticket log's own files"),
        ("wal-link", "one of the ticket log's own files"),
        ("log.db-shm", "one of the ticket log's own files"),
        ("log.db-journal", "one of the ticket log's own files"),
        // What lets one `notify` at a time send alerts, whether or not
        // one has run yet.
        ("log.db.notify-lock", "one of the ticket log's own files"),
    ] {
        let err = d.run(&["export", "-o", dest]).fails(1).to_string();
        assert!(err.contains(says), "{dest}: {err}");
        assert!(err.contains("choose another file"), "{dest}: {err}");
        assert_eq!(
            (d.snapshot(), std::fs::read(&wal).unwrap()),
            before,
            "{dest}"
        );
    }
    assert!(!d.path("log.db-journal").exists());
    assert!(!d.path("log.db.notify-lock").exists());
    d.run(&["notify", "--exec", "cat > /dev/null"]).ok();
    let lock = d.path("log.db.notify-lock");
    assert!(lock.exists(), "notify leaves its lock beside the log");
    let err = d
        .run(&["metrics", "-o", "log.db.notify-lock"])
        .fails(1)
        .to_string();
    assert!(err.contains("one of the ticket log's own files"), "{err}");
    assert_eq!(
        std::fs::read(&lock).unwrap(),
        b"",
        "the lock was left as it was"
    );
    drop(held);
    let status = d.run(&["status", "--format", "json"]).json();
    assert_eq!(status.as_array().map(Vec::len), Some(2));
}

/// Runs with standard output on /dev/full: every write to it fails with
/// "No space left on device", after the command has done its work.
pub fn run_full(d: &Desk, args: &[&str], env: &[(&str, &str)]) -> Run {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = d
        .std_cmd()
        .args(args)
        .envs(env.iter().copied())
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::from(full))
        .output()
        .expect("run slaclock");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn count(db: &Path, what: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {what}"), [], |r| r.get(0))
        .unwrap()
}

/// The exit code and the one line a command that changed the log gives
/// when its result cannot be printed.
#[track_caller]
fn recorded_but_not_printed(run: &Run, says: &[&str]) {
    let err = run.fails(0);
    // The log's first ticket: its note, then the one line.
    let err = if err.starts_with("note:") {
        past_new_log_note(err)
    } else {
        err
    };
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("but printing the result failed: No space left on device"),
        "{err}"
    );
    for s in says {
        assert!(err.contains(s), "{s:?} missing from: {err}");
    }
    assert!(!err.contains("not changed"), "{err}");
}

#[test]
fn a_change_that_cannot_be_printed_says_it_is_recorded() {
    let d = Desk::new();
    let run = run_full(&d, &["open", "--severity", "1", "VXC down"], &[]);
    recorded_but_not_printed(
        &run,
        &[
            "ticket #1 was opened and recorded in the ticket log (event 1)",
            "do not open it again; see it with: slaclock status 1",
        ],
    );
    assert_eq!(count(&d.db(), "tickets"), 1);
    let run = run_full(&d, &["update", "1", "--message", "on it"], &[]);
    recorded_but_not_printed(
        &run,
        &[
            "the update on ticket #1 was recorded in the ticket log (event 2)",
            "do not record it again",
        ],
    );
    let run = run_full(&d, &["escalate", "1", "--reason", "slow"], &[]);
    recorded_but_not_printed(
        &run,
        &["the escalation to level 1 on ticket #1 was recorded"],
    );
    assert_eq!(count(&d.db(), "events"), 3);
    std::fs::write(
        d.path("severity.toml"),
        slaclock::sla::DEFAULT_POLICY.replace("response = \"15m\"", "response = \"10m\""),
    )
    .unwrap();
    let run = run_full(&d, &["policy", "apply"], &[]);
    recorded_but_not_printed(&run, &["policy version 2", "applied to 1 open ticket and"]);
    assert_eq!(count(&d.db(), "events"), 4);

    // migrate copied everything: it must not claim otherwise.
    let run = run_full(&d, &["migrate", "--from", "log.db", "--to", "copy.db"], &[]);
    recorded_but_not_printed(
        &run,
        &[
            "the copy from log.db to copy.db is complete (1 ticket, 4 events and 2 policy \
             versions; the counts match)",
            "do not copy again",
        ],
    );
    assert_eq!(count(&d.path("copy.db"), "events"), 4);

    let run = run_full(&d, &["init", "mine.toml"], &[]);
    recorded_but_not_printed(&run, &["the default policy was written to mine.toml"]);
    assert_eq!(
        std::fs::read_to_string(d.path("mine.toml")).unwrap(),
        slaclock::sla::DEFAULT_POLICY
    );
}

/// `policy apply` when every open ticket already follows the policy
/// records nothing: a failure to print says only that, and that nothing
/// was recorded (exit 1, as for a command that only reads), never that
/// the policy "was applied to 0 open tickets and recorded in the ticket
/// log ...; do not apply it again".
fn an_apply_that_changes_nothing_says_only_that_it_cannot_print(d: &Desk) {
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let out = d.run(&["policy", "apply"]).ok().to_string();
    assert!(
        out.starts_with("Every open ticket already follows policy version 1"),
        "{out}"
    );
    let before = d.run(&["export", "--events"]).ok().to_string();
    for args in [
        &["policy", "apply"][..],
        &["policy", "apply", "--format", "json"],
    ] {
        let run = run_full(d, args, &[]);
        assert_eq!(
            run.fails(1),
            "error: cannot write to standard output (nothing was recorded in the ticket log): \
             No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    let run = run_full(d, &["policy", "apply"], &[("LANG", "ja_JP.UTF-8")]);
    assert!(
        run.fails(1)
            .contains("標準出力に書き込めません（チケットログには何も記録していません）"),
        "{}",
        run.stderr
    );
    assert_eq!(d.run(&["export", "--events"]).ok(), before);
    assert!(
        d.run(&["policy", "apply"])
            .ok()
            .starts_with("Every open ticket already follows policy version 1"),
        "no version was recorded either"
    );
}

#[test]
fn an_apply_that_changes_nothing_says_only_that_it_cannot_print_on_sqlite() {
    an_apply_that_changes_nothing_says_only_that_it_cannot_print(&Desk::new());
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn an_apply_that_changes_nothing_says_only_that_it_cannot_print_on_postgres() {
    an_apply_that_changes_nothing_says_only_that_it_cannot_print(&postgres_desk());
}

/// A write whose reader has closed the pipe before it prints (a script's
/// `| head -0`, a consumer that died): the change is recorded, and
/// standard error says so, as on a full disk; the exit is 0.
#[test]
fn a_change_cut_off_by_a_closed_pipe_is_still_told() {
    let d = Desk::new();
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = d
        .std_cmd()
        .args(["open", "--severity", "1", "VXC down"])
        .env_remove("RUST_BACKTRACE")
        .stdout(writer)
        .output()
        .expect("run slaclock");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let err = past_new_log_note(&err);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains("ticket #1 was opened and recorded in the ticket log (event 1)")
            && err.contains("do not open it again"),
        "{err}"
    );
    assert_eq!(count(&d.db(), "tickets"), 1);
}

#[test]
fn a_command_that_only_reads_says_it_could_not_print() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let before = d.snapshot();
    for args in [
        &["policy", "check"][..],
        &["policy", "show"],
        &["status"],
        &["status", "1"],
        &["status", "--format", "json"],
        &["export"],
        &["completions", "bash"],
        &["man"],
        &["report"],
        &["report", "--format", "csv"],
        &["report", "--months", "2", "--format", "json"],
        &["--help"],
        &["--version"],
        &["status", "--help"],
    ] {
        let run = run_full(&d, args, &[]);
        let err = run.fails(1);
        assert!(
            err.contains("cannot write") && err.contains("standard output"),
            "{args:?}: {err}"
        );
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    assert_eq!(d.snapshot(), before);
}

#[test]
fn check_stays_within_its_codes_when_it_cannot_print() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    for (now, verdict) in [
        ("2026-11-24T00:01:00Z", 0),
        ("2026-11-24T00:14:00Z", 1),
        ("2026-11-24T01:00:00Z", 2),
    ] {
        d.at(now);
        assert_eq!(d.run(&["check"]).code, verdict);
        let run = run_full(&d, &["check"], &[]);
        // The verdict never reached the monitor: it cannot stand.
        let err = run.fails(3);
        assert!(
            err.starts_with("UNKNOWN: cannot write the check's result: No space left on device"),
            "{err}"
        );
    }
    // A usage error and a missing log, too.
    assert_eq!(run_full(&d, &["check", "--warn-at", "0"], &[]).code, 3);
    assert_eq!(run_full(&d, &["--db", "none.db", "check"], &[]).code, 3);
}

#[test]
fn a_panic_says_nothing_false_and_check_stays_unknown() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let panic = [("SLACLOCK_TEST_PANIC", "1")];
    // `check` answers UNKNOWN with its code, on stdout for the monitor.
    let run = run_full(&d, &["check"], &panic);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("UNKNOWN: internal error"),
        "{}",
        run.stderr
    );
    let out = d
        .cmd()
        .args(["check"])
        .env("SLACLOCK_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("UNKNOWN: internal error"), "{stdout}");
    assert!(stdout.contains("please report it"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // A writer's panic never claims the log is unchanged.
    let out = d
        .cmd()
        .args(["update", "1"])
        .env("SLACLOCK_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("slaclock: internal error"), "{stderr}");
    assert!(!stderr.contains("not changed"), "{stderr}");
    assert!(
        stderr.contains("may or may not have been recorded: look with `slaclock status`"),
        "{stderr}"
    );
    // A reader's says nothing about the log.
    let out = d
        .cmd()
        .args(["status"])
        .env("SLACLOCK_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("log"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn a_failing_standard_error_is_no_panic() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    // A loose log makes `status` warn on standard error.
    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let full = || {
        std::process::Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    for (args, code) in [(&["status"][..], 0), (&["update", "9"], 1), (&["check"], 0)] {
        let out = d.std_cmd().args(args).stderr(full()).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}
