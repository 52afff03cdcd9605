//! Faults of the SQLite ticket log file that a real shift meets: a FIFO or
//! a device given as the log, a teammate with read access only, several
//! terminals opening the first ticket of a new log at once, and a log whose
//! creation was killed halfway.

use std::collections::BTreeSet;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::process::{Child, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::util::*;

/// Waits for `child`, killing it if it runs past `limit`: a hang fails the
/// test instead of stalling the suite.
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    while child.try_wait().expect("poll the child").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {limit:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collect the output")
}

fn mkfifo(path: &std::path::Path) {
    let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid path string.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

#[test]
fn a_fifo_or_a_device_as_the_log_is_refused_at_once() {
    let d = Desk::new();
    mkfifo(&d.path("fifo.db"));
    let fifo = d.path("fifo.db").to_str().unwrap().to_string();
    for (db, words) in [
        (
            fifo.as_str(),
            "is a FIFO (named pipe), not a ticket log file",
        ),
        ("/dev/zero", "/dev/zero is a device, not a ticket log file"),
        ("/dev/null", "/dev/null is a device, not a ticket log file"),
    ] {
        for args in [
            &["check"][..],
            &["status"],
            &["export"],
            &["open", "--severity", "1", "x"],
            &["update", "1"],
        ] {
            let child = d
                .std_cmd()
                .env_remove("RUST_BACKTRACE")
                .arg("--db")
                .arg(db)
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let out = finish_within(child, Duration::from_secs(30), &format!("{db} {args:?}"));
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if args[0] == "check" {
                assert_eq!(out.status.code(), Some(3), "{db}: {stdout}{stderr}");
                assert!(
                    stdout.starts_with("UNKNOWN: ") && stdout.contains(words),
                    "{db}: {stdout}"
                );
            } else {
                assert_eq!(
                    out.status.code(),
                    Some(1),
                    "{db} {args:?}: {stdout}{stderr}"
                );
                assert!(stderr.contains(words), "{db} {args:?}: {stderr}");
                assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
            }
        }
    }
    // The FIFO is still a FIFO, and nothing was made beside it.
    assert!(
        std::fs::metadata(d.path("fifo.db"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(!d.path("fifo.db-wal").exists() && !d.path("fifo.db-shm").exists());
}

/// The owner of the shared log in the two-user tests, and the teammate.
const OWNER: u32 = 4242;
const TEAMMATE: u32 = 65534;

/// The files in the desk's folder owned by `uid`.
fn owned_by(d: &Desk, uid: u32) -> Vec<String> {
    std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.metadata().unwrap().uid() == uid)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn set_mode(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_teammate_reading_a_shared_log_never_locks_its_owner_out() {
    if !is_root() {
        eprintln!("skipped: acting as two users needs root (CI runs the tests as root)");
        return;
    }
    let mut d = Desk::new();
    // A shared folder both may write, and a log its owner made readable.
    set_mode(d.dir.path(), 0o777);
    d.run_as(
        OWNER,
        &["open", "--severity", "2", "--customer", "ACME", "VXC down"],
    )
    .ok();
    set_mode(&d.db(), 0o644);
    assert_eq!(std::fs::metadata(d.db()).unwrap().uid(), OWNER);
    // Nobody has the log open: its owner's last command removed -wal and -shm.
    assert!(!d.path("log.db-wal").exists() && !d.path("log.db-shm").exists());

    d.at("2026-11-24T00:20:00Z");
    for round in 0..2 {
        let status = d.run_as(TEAMMATE, &["status"]);
        assert!(status.ok().contains("VXC down"), "{round}");
        let json = d
            .run_as(TEAMMATE, &["status", "1", "--format", "json"])
            .json();
        assert_eq!(json["customer"], "ACME");
        let check = d.run_as(TEAMMATE, &["check"]);
        assert!(
            check.code != 3 && !check.stdout.contains("UNKNOWN"),
            "{round}: {}{}",
            check.stdout,
            check.stderr
        );
        assert!(d.run_as(TEAMMATE, &["export"]).ok().contains("VXC down"));
        d.run_as(
            TEAMMATE,
            &["report", "--since", "2026-11-01", "--until", "2026-12-01"],
        )
        .ok();
        // A write is refused, and says why.
        let err = d
            .run_as(TEAMMATE, &["note", "1", "seen"])
            .fails(1)
            .to_string();
        assert!(err.contains("cannot be written"), "{err}");
        assert_eq!(owned_by(&d, TEAMMATE), Vec::<String>::new(), "{round}");
        // The owner can still write, and then reads the same log.
        d.run_as(
            OWNER,
            &["update", "1", "--message", &format!("round {round}")],
        )
        .ok();
        assert_eq!(owned_by(&d, TEAMMATE), Vec::<String>::new(), "{round}");
    }
    // Both updates landed: the opening event and two more.
    let log = d.snapshot();
    assert_eq!(
        log.lines().filter(|l| l.starts_with("events: ")).count(),
        3,
        "{log}"
    );

    // A folder the teammate cannot write: reading still works.
    std::os::unix::fs::chown(d.dir.path(), Some(OWNER), Some(OWNER)).unwrap();
    set_mode(d.dir.path(), 0o755);
    assert!(d.run_as(TEAMMATE, &["status"]).ok().contains("VXC down"));
    let check = d.run_as(TEAMMATE, &["check"]);
    assert!(!check.stdout.contains("UNKNOWN"), "{}", check.stdout);
    assert!(d.run_as(TEAMMATE, &["export"]).ok().contains("VXC down"));
    d.run_as(OWNER, &["note", "1", "still mine"]).ok();
}

#[test]
fn a_teammate_reads_while_the_owner_has_the_log_open() {
    if !is_root() {
        eprintln!("skipped: acting as two users needs root (CI runs the tests as root)");
        return;
    }
    let d = Desk::new();
    set_mode(d.dir.path(), 0o777);
    d.run_as(OWNER, &["open", "--severity", "2", "first"]).ok();
    set_mode(&d.db(), 0o644);
    // The owner's process holds the log open (its -wal and -shm exist, made
    // with the log's mode) and has committed a ticket the main file lacks.
    let c = rusqlite::Connection::open(d.db()).unwrap();
    c.query_row("SELECT count(*) FROM tickets", [], |_| Ok(()))
        .unwrap();
    d.run_as(OWNER, &["open", "--severity", "3", "second"]).ok();
    assert!(std::fs::metadata(d.path("log.db-wal")).unwrap().len() > 0);
    let board = d.run_as(TEAMMATE, &["status"]).ok().to_string();
    assert!(
        board.contains("first") && board.contains("second"),
        "{board}"
    );
    drop(c);
    assert_eq!(owned_by(&d, TEAMMATE), Vec::<String>::new());
    d.run_as(OWNER, &["note", "2", "still mine"]).ok();
}

#[test]
fn six_terminals_opening_the_first_ticket_of_a_new_log_all_succeed() {
    let d = Desk::new();
    for round in 0..20 {
        let db = d.path(&format!("round{round}/log.db"));
        std::fs::create_dir(d.path(&format!("round{round}"))).unwrap();
        let children: Vec<Child> = (0..6)
            .map(|i| {
                d.std_cmd()
                    .env("SLACLOCK_DB", &db)
                    .env_remove("RUST_BACKTRACE")
                    .args(["open", "--severity", "2", &format!("terminal {i}")])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut ids = BTreeSet::new();
        for child in children {
            let out = finish_within(child, Duration::from_secs(60), "open");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "round {round}: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let id: u32 = stdout
                .strip_prefix('#')
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("round {round}: {stdout}"));
            ids.insert(id);
        }
        assert_eq!(ids, (1..=6).collect(), "round {round}");
        // Each ticket recorded once.
        let board = d
            .cmd()
            .env("SLACLOCK_DB", &db)
            .args(["status", "--format", "json"])
            .output()
            .unwrap();
        let board: serde_json::Value = serde_json::from_slice(&board.stdout).unwrap();
        let mut titles: Vec<String> = board
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect();
        titles.sort();
        let expected: Vec<String> = (0..6).map(|i| format!("terminal {i}")).collect();
        assert_eq!(titles, expected, "round {round}");
    }
}

#[test]
fn an_empty_log_file_is_a_log_not_created_yet() {
    let mut d = Desk::new();
    std::fs::write(d.db(), b"").unwrap();
    // Reading finds no log yet, and changes nothing.
    let err = d.run(&["status"]).fails(1).to_string();
    assert!(
        err.contains("no ticket log at") && err.contains("yet"),
        "{err}"
    );
    let err = d.run(&["update", "1"]).fails(1).to_string();
    assert!(err.contains("no ticket log at"), "{err}");
    let check = d.run(&["check"]);
    assert_eq!(check.code, 3);
    assert!(
        check.stdout.starts_with("UNKNOWN: no ticket log at"),
        "{}",
        check.stdout
    );
    assert_eq!(std::fs::metadata(d.db()).unwrap().len(), 0);
    assert!(!d.path("log.db-wal").exists());
    // The first ticket adopts it.
    d.run(&["open", "--severity", "1", "first"]).ok();
    d.at("2026-11-24T00:01:00Z");
    assert!(d.run(&["status"]).ok().contains("first"));

    // So does it an SQLite database with no tables (creation cut short
    // after the header was written).
    let d = Desk::new();
    rusqlite::Connection::open(d.db())
        .unwrap()
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA user_version = 0;")
        .unwrap();
    d.run(&["open", "--severity", "1", "first"]).ok();
}

/// An empty file already at the log's path becomes the log only as a new
/// one would be: readable and writable by its owner only. Before, `open`
/// and `migrate --to` took it as it was: one's own `touch`ed under umask
/// 022 stayed 0644.
#[test]
fn ones_own_empty_file_is_made_owner_only_as_it_becomes_the_log() {
    let d = Desk::new();
    for (args, file) in [
        (&["open", "--severity", "1", "first"][..], "log.db"),
        (
            &["migrate", "--from", "log.db", "--to", "copy.db"][..],
            "copy.db",
        ),
    ] {
        if file == "copy.db" {
            std::fs::write(d.path(file), b"").unwrap();
            set_mode(&d.path(file), 0o666);
        } else {
            std::fs::write(d.db(), b"").unwrap();
            set_mode(&d.db(), 0o644);
        }
        d.run(args).ok();
        let mode = std::fs::metadata(d.path(file)).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o600, "{args:?}");
    }
    // An existing log keeps the mode its owner chose (a team shares one
    // with its group).
    set_mode(&d.db(), 0o640);
    d.run(&["note", "1", "seen"]).ok();
    assert_eq!(std::fs::metadata(d.db()).unwrap().mode() & 0o7777, 0o640);
}

/// An empty file (or an SQLite database with no tables) that another user
/// put at the log's path in a shared folder is refused, in one line naming
/// whose it is, and left as it was: made a log, it would stay theirs to
/// read and change (`chmod 666`, or simply their own later).
#[test]
fn another_users_empty_file_does_not_become_the_log() {
    if !is_root() {
        eprintln!("skipped: acting as two users needs root (CI runs the tests as root)");
        return;
    }
    let d = Desk::new();
    set_mode(d.dir.path(), 0o1777);
    d.run_as(OWNER, &["--db", "mine.db", "open", "--severity", "1", "x"])
        .ok();
    let planted = |name: &str, sqlite: bool| {
        let path = d.path(name);
        if sqlite {
            rusqlite::Connection::open(&path)
                .unwrap()
                .execute_batch("PRAGMA user_version = 0; VACUUM;")
                .unwrap();
        } else {
            std::fs::write(&path, b"").unwrap();
        }
        std::os::unix::fs::chown(&path, Some(TEAMMATE), Some(TEAMMATE)).unwrap();
        set_mode(&path, 0o666);
        path
    };
    for (name, sqlite) in [("log.db", false), ("blank.db", true)] {
        let path = planted(name, sqlite);
        let before = std::fs::read(&path).unwrap();
        for args in [
            &["--db", name, "open", "--severity", "1", "secret"][..],
            &["migrate", "--from", "mine.db", "--to", name][..],
        ] {
            let err = d.run_as(OWNER, args).fails(1).to_string();
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(
                err.contains(&format!("{name} holds no ticket log yet and belongs to "))
                    && err.contains(&format!("(uid {TEAMMATE}), not to you"))
                    && err.contains("remove it"),
                "{args:?}: {err}"
            );
            let meta = std::fs::metadata(&path).unwrap();
            assert_eq!(
                (meta.uid(), meta.mode() & 0o7777),
                (TEAMMATE, 0o666),
                "{args:?}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), before, "{args:?}");
            assert!(!d.path(&format!("{name}-wal")).exists(), "{args:?}");
        }
    }
}

#[test]
fn a_log_killed_while_being_created_is_taken_up_by_the_next_command() {
    let d = Desk::new();
    let mut seed: u64 = 0xc0ffee;
    for round in 0..30 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let db = d.path(&format!("r{round}/log.db"));
        std::fs::create_dir(d.path(&format!("r{round}"))).unwrap();
        let mut child = d
            .std_cmd()
            .env("SLACLOCK_DB", &db)
            .args(["open", "--severity", "2", "killed"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_micros((seed >> 33) % 15_000));
        let _ = child.kill(); // SIGKILL
        let out = child.wait_with_output().unwrap();
        let first_printed = String::from_utf8_lossy(&out.stdout).starts_with("#1 killed: opened");
        let next = d
            .cmd()
            .env("SLACLOCK_DB", &db)
            .args(["open", "--severity", "2", "next"])
            .output()
            .unwrap();
        assert!(
            next.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&next.stderr)
        );
        let board = d
            .cmd()
            .env("SLACLOCK_DB", &db)
            .args(["status", "--format", "json"])
            .output()
            .unwrap();
        let board: serde_json::Value = serde_json::from_slice(&board.stdout).unwrap();
        let titles: Vec<&str> = board
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap())
            .collect();
        assert!(titles.contains(&"next"), "round {round}: {titles:?}");
        if first_printed {
            assert!(titles.contains(&"killed"), "round {round}: {titles:?}");
        }
    }
}

/// A log on a file system mounted read-only is said to be so, not sent to
/// the permissions, which no chmod could change.
#[test]
fn a_log_on_a_read_only_mount_says_so() {
    if !is_root() {
        eprintln!("skipped: mounting a file system needs root (CI runs the tests as root)");
        return;
    }
    struct Mounted(std::path::PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let d = Desk::new();
    let folder = d.path("mounted");
    std::fs::create_dir(&folder).unwrap();
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .arg(&folder)
            .status()
            .expect("run mount")
            .success()
    };
    if !mount(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"]) {
        eprintln!("skipped: this machine lets no one mount a file system (a container)");
        return;
    }
    let _mounted = Mounted(folder.clone());
    let log = folder.join("log.db").display().to_string();
    d.run(&["--db", &log, "open", "--severity", "1", "VXC down"])
        .ok();
    assert!(mount(&["-o", "remount,ro"]), "remount it read-only");
    let err = d
        .run(&["--db", &log, "note", "1", "called"])
        .fails(1)
        .to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "the ticket log {log} is on a file system mounted read-only"
        )),
        "{err}"
    );
    // Reading it still works.
    assert!(d.run(&["--db", &log, "status"]).ok().contains("VXC down"));
}

/// A log named in a folder that does not exist (a mistyped path, a share
/// that is not mounted) is refused before anything is made, naming where
/// it was given: `--db`, `SLACLOCK_DB`, `migrate --to`. Only the default
/// place in the data folder is made when missing (see commands.rs).
#[test]
fn a_new_log_is_started_only_in_a_folder_that_exists() {
    let d = Desk::new();
    let log = d.path("not-mounted/support/tickets.db");
    let folder = d.path("not-mounted/support");
    let said = |flag: &str, err: &str| {
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("{flag} names {}", log.display()))
                && err.contains(&format!("the folder {} does not exist", folder.display()))
                && err.contains("mkdir -p"),
            "{err}"
        );
    };
    let open = ["open", "--severity", "1", "VXC down"];
    let flagged = [&["--db", log.to_str().unwrap()][..], &open[..]].concat();
    said("--db", d.run(&flagged).fails(1));
    let out = d
        .cmd()
        .env("SLACLOCK_DB", &log)
        .args(open)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    said("SLACLOCK_DB", &String::from_utf8_lossy(&out.stderr));
    d.run(&open).ok();
    let db = d.db();
    let migrate = [
        "migrate",
        "--from",
        db.to_str().unwrap(),
        "--to",
        log.to_str().unwrap(),
    ];
    said("--to", d.run(&migrate).fails(1));
    assert!(!d.path("not-mounted").exists());
    // A folder that exists takes a new log as before.
    std::fs::create_dir_all(&folder).unwrap();
    d.run(&flagged).ok();
    assert!(log.exists());
}

/// Reading a log named in a folder that does not exist says so, as `open`
/// there would, rather than advising to open a ticket first; the default
/// place, whose folder `open` makes, still advises it.
#[test]
fn no_log_in_a_folder_that_does_not_exist_says_the_folder_is_missing() {
    let d = Desk::new();
    let log = d.path("nope/t.db");
    let said = |flag: &str| {
        format!(
            "no ticket log at {}: the folder {} does not exist; correct {flag} (a mistyped \
             path, or a share that is not mounted?), or create the folder first (mkdir -p {}) \
             and open a ticket there",
            log.display(),
            d.path("nope").display(),
            d.path("nope").display()
        )
    };
    let out = d
        .cmd()
        .env("SLACLOCK_DB", &log)
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error: {}\n", said("SLACLOCK_DB"))
    );
    let log_arg = log.to_str().unwrap();
    assert_eq!(
        d.run(&["--db", log_arg, "export"]).fails(1),
        format!("error: {}\n", said("--db"))
    );
    let check = d.run(&["--db", log_arg, "check"]);
    assert_eq!(check.code, 3);
    assert_eq!(check.stdout, format!("UNKNOWN: {}\n", said("--db")));
    assert!(!d.path("nope").exists());
    // A folder that exists: no log there yet, and open makes one.
    std::fs::create_dir(d.path("nope")).unwrap();
    let err = d.run(&["--db", log_arg, "status"]).fails(1).to_string();
    assert!(
        err.ends_with("; open a ticket first, or pass --db\n"),
        "{err}"
    );
}

/// The `open` that starts a log says where, with the path as given, so a
/// mistyped file name in a folder that exists is seen at once; the next
/// `open` on it, `-q` and the log's other commands say nothing of it.
#[test]
fn the_open_that_starts_a_log_says_where() {
    let d = Desk::new();
    let note = "note: started a new ticket log at tikets.db \
                (an existing log is chosen with --db or SLACLOCK_DB)\n";
    let open = ["--db", "tikets.db", "open", "--severity", "1", "VXC down"];
    let first = d.run(&open);
    assert!(first.ok().starts_with("#1 VXC down"), "{}", first.stdout);
    assert_eq!(first.stderr, note);
    let second = d.run(&open);
    assert!(second.ok().starts_with("#2 VXC down"));
    assert_eq!(second.stderr, "");
    assert_eq!(d.run(&["--db", "tikets.db", "update", "1"]).stderr, "");
    // An empty file (a creation cut short) is started too.
    std::fs::write(d.path("empty.db"), "").unwrap();
    let empty = d.run(&["--db", "empty.db", "open", "--severity", "2", "x"]);
    assert!(
        empty
            .stderr
            .starts_with("note: started a new ticket log at empty.db")
    );
    // The id alone, when asked for it.
    let quiet = d.run(&["--db", "quiet.db", "open", "-q", "--severity", "1", "x"]);
    assert_eq!((quiet.ok(), quiet.stderr.as_str()), ("1\n", ""));
    let ja = Run::from(
        d.cmd()
            .env("LANG", "ja_JP.UTF-8")
            .args(["--db", "日本.db", "open", "--severity", "1", "x"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        ja.stderr,
        "注意: 新しいチケットログを 日本.db に作りました\
         （既存のログは --db か SLACLOCK_DB で指定します）\n"
    );
}

/// A folder as the log: only a command that creates a missing log (`open`)
/// may say it would be created; `check` and the other commands never
/// create one (README), so their advice does not promise it.
#[test]
fn a_folder_as_the_log_is_refused_without_promising_to_create_one() {
    let d = Desk::new();
    let folder = d.path("somefolder");
    std::fs::create_dir(&folder).expect("mkdir");
    let db = folder.to_str().expect("utf-8");
    let said = format!(
        "{db} is a folder, not a ticket log file; pass --db the path of the ticket log file"
    );
    let check = d.run(&["--db", db, "check"]);
    assert_eq!(check.code, 3, "{check:?}");
    assert_eq!(check.stdout, format!("UNKNOWN: {said}\n"));
    for args in [
        &["status"][..],
        &["export"],
        &["report"],
        &["metrics"],
        &["notify", "--exec", "true"],
        &["update", "1"],
        &["note", "1", "x"],
        &["policy", "apply"],
    ] {
        let args: Vec<&str> = ["--db", db]
            .iter()
            .copied()
            .chain(args.iter().copied())
            .collect();
        let err = d.run(&args).fails(1).to_string();
        assert_eq!(err, format!("error: {said}\n"), "{args:?}");
    }
    let err = d
        .run(&["--db", db, "open", "--severity", "1", "x"])
        .fails(1)
        .to_string();
    assert!(err.ends_with("(it is created if missing)\n"), "{err}");
    assert_eq!(std::fs::read_dir(&folder).expect("list").count(), 0);
}
