//! The ticket log's words in Japanese (issue 20): every refusal and error
//! of the store (the SQLite file, PostgreSQL, TLS, the password file), and
//! the operating system's words quoted in them ("Permission denied (os
//! error 13)"), told in Japanese with the exit code they have in English;
//! in English, the same runs say exactly what they said before.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use super::deadlines::{Cluster, command, desk_at, run_within, silent_server};
use super::util::*;

const NOBODY: u32 = 65534;

/// Runs `args` with `--lang ja`.
fn ja(d: &Desk, args: &[&str]) -> Run {
    let mut all = vec!["--lang", "ja"];
    all.extend_from_slice(args);
    d.run(&all)
}

/// Asserts `run` failed with `code` and one line starting 「エラー: 」
/// that holds every one of `words`, and none of the English ones left.
#[track_caller]
fn says_in_japanese(run: &Run, code: i32, words: &[&str]) {
    let err = run.fails(code);
    assert!(err.starts_with("エラー: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
    for english in [
        "cannot ",
        "No such file",
        "Permission denied",
        "Not a directory",
    ] {
        assert!(!err.contains(english), "{english:?} left in {err}");
    }
}

/// Lets another user into the desk's folder (a temporary folder is
/// private to root).
fn open_folder(d: &Desk) {
    std::fs::set_permissions(d.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_log_that_cannot_be_reached_is_told_in_japanese_with_the_os_words() {
    let d = Desk::new();
    std::fs::write(d.path("file.txt"), "").unwrap();
    // A folder that is a file: the OS says "Not a directory".
    let args = ["--db", "file.txt/log.db", "status"];
    let run = ja(&d, &args);
    says_in_japanese(
        &run,
        1,
        &[
            "file.txt/log.db を調べられません: ",
            "ディレクトリではありません (os error 20)",
        ],
    );
    assert_eq!(
        d.run(&args).fails(1),
        "error: cannot look at file.txt/log.db: Not a directory (os error 20)\n"
    );
    // No log at all: the store's own refusal.
    let run = ja(&d, &["status"]);
    says_in_japanese(&run, 1, &["チケットログがありません"]);
}

#[test]
fn a_log_another_user_cannot_read_or_create_is_told_in_japanese() {
    if !is_root() {
        eprintln!("SKIPPED: needs root to run as another user");
        return;
    }
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T10:00:00+10:00", "1", "ACME", "VXC down");
    open_folder(&d);
    std::fs::set_permissions(d.db(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let before = d.snapshot();
    // The log is root's and private: its reader is told why, in Japanese.
    let run = d.run_as(NOBODY, &["--lang", "ja", "status"]);
    let log = d.db().display().to_string();
    says_in_japanese(
        &run,
        1,
        &[
            &format!("チケットログ {log} を読めません: "),
            "アクセスが拒否されました (os error 13)",
        ],
    );
    let run = d.run_as(NOBODY, &["status"]);
    assert_eq!(
        run.fails(1),
        format!("error: cannot read the ticket log {log}: Permission denied (os error 13)\n")
    );
    // A folder nobody may write: the log cannot be created there.
    let private = d.path("private");
    std::fs::create_dir(&private).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
    let there = private.join("log.db").display().to_string();
    let open = ["--db", there.as_str(), "open", "--severity", "1", "t"];
    let mut args = vec!["--lang", "ja"];
    args.extend_from_slice(&open);
    let run = d.run_as(NOBODY, &args);
    says_in_japanese(
        &run,
        1,
        &[
            &format!("{there} を作成できません。フォルダー "),
            "に書き込めません: アクセスが拒否されました (os error 13)",
        ],
    );
    let run = d.run_as(NOBODY, &open);
    assert_eq!(
        run.fails(1),
        format!(
            "error: cannot create {there}: the folder {} cannot be written: Permission denied (os error 13)\n",
            private.display()
        )
    );
    assert!(!private.join("log.db").exists());
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_log_from_a_newer_slaclock_is_refused_in_japanese_and_left_as_it_was() {
    let mut d = Desk::new();
    open_sev(&mut d, "2026-11-24T10:00:00+10:00", "1", "ACME", "VXC down");
    rusqlite::Connection::open(d.db())
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let bytes = std::fs::read(d.db()).unwrap();
    let log = d.db().display().to_string();
    for args in [&["status"][..], &["note", "1", "x"]] {
        let run = ja(&d, args);
        says_in_japanese(
            &run,
            1,
            &[&format!(
                "{log} は新しい slaclock が書いたものです（スキーマバージョン 99。この slaclock は "
            )],
        );
        assert!(
            run.stderr.contains("slaclock を更新してください"),
            "{}",
            run.stderr
        );
        let en = d.run(args);
        let err = en.fails(1);
        assert!(
            err.starts_with(&format!(
                "error: {log} was written by a newer slaclock (schema version 99; this one knows up to "
            )) && err.ends_with("); upgrade slaclock\n"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(d.db()).unwrap(), bytes);
}

#[test]
fn an_unreachable_postgresql_is_told_in_japanese() {
    // A port nothing listens on: the OS refuses the connection.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://alice@127.0.0.1:{port}/tickets");
    let d = desk_at(&url);
    let run = ja(&d, &["status"]);
    says_in_japanese(
        &run,
        1,
        &[
            &format!("チケットログ {url} に 127.0.0.1:{port} で接続できません: "),
            "接続を拒否されました (os error 111)",
            "PostgreSQL がそこで動いているか",
        ],
    );
    assert_eq!(
        d.run(&["status"]).fails(1),
        format!(
            "error: cannot connect to the ticket log {url} at 127.0.0.1:{port}: error connecting to server: Connection refused (os error 111); is PostgreSQL running there, and is that the right host and port?\n"
        )
    );
    // A server that accepts and never answers: the deadline, in Japanese.
    let port = silent_server(false);
    let url = format!("postgres://alice@127.0.0.1:{port}/tickets?connect_timeout=1");
    let d = desk_at(&url);
    let run = run_within(
        command(&d, &["--lang", "ja", "note", "1", "x"]),
        Duration::from_secs(30),
    );
    says_in_japanese(
        &run,
        1,
        &[&format!(
            "チケットログ {url} に 127.0.0.1:{port} で接続できません: サーバーが1秒以内に応答しませんでした（connect_timeout）"
        )],
    );
    // `check` keeps its first line English, for monitors.
    let run = run_within(
        command(&d, &["--lang", "ja", "check"]),
        Duration::from_secs(30),
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "UNKNOWN: cannot connect to the ticket log {url} at 127.0.0.1:{port}: the server did not answer within 1s (connect_timeout)\n"
        )
    );
}

#[test]
fn tls_settings_refused_before_connecting_are_told_in_japanese() {
    let base = "postgres://alice@127.0.0.1:1/tickets";
    let d = desk_at(&format!("{base}?sslmode=verify_full"));
    says_in_japanese(
        &ja(&d, &["status"]),
        1,
        &[
            "に接続できません: sslmode は \"verify_full\" で、disable、prefer、require、verify-ca、verify-full のどれでもありません",
        ],
    );
    let d = desk_at(&format!(
        "{base}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"
    ));
    says_in_japanese(
        &ja(&d, &["status"]),
        1,
        &[
            "sslrootcert /nonexistent/ca.pem: ",
            "ファイルまたはディレクトリがありません (os error 2)",
        ],
    );
    assert!(
        d.run(&["status"])
            .fails(1)
            .ends_with(": No such file or directory (os error 2)\n")
    );
    // The same mode from the environment names PGSSLMODE.
    let d = desk_at(base);
    let mut cmd = d.std_cmd();
    cmd.args(["--lang", "ja", "status"]).env("PGSSLMODE", "on");
    let run = Run::from(cmd.output().expect("run"));
    says_in_japanese(&run, 1, &["PGSSLMODE は \"on\" で、"]);
}

/// Runs `args` on `d` with the password file `file`, as `uid` if given
/// (through `setpriv`, as `Desk::run_as`).
fn with_password_file(d: &Desk, file: &std::path::Path, uid: Option<u32>, args: &[&str]) -> Run {
    let mut cmd = d.std_cmd();
    cmd.args(args).env("PGPASSFILE", file);
    match uid {
        None => Run::from(cmd.output().expect("run")),
        Some(uid) => {
            let mut c = std::process::Command::new("setpriv");
            c.arg(format!("--reuid={uid}"))
                .arg(format!("--regid={uid}"))
                .args(["--clear-groups", "--"])
                .arg(cmd.get_program())
                .args(cmd.get_args())
                .env_clear()
                .current_dir(d.dir.path());
            for (k, v) in cmd.get_envs() {
                if let Some(v) = v {
                    c.env(k, v);
                }
            }
            Run::from(c.output().expect("run setpriv"))
        }
    }
}

#[test]
fn the_password_file_warnings_are_told_in_japanese() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = desk_at(&format!("postgres://alice@127.0.0.1:{port}/tickets"));
    let file = d.path("pgpass");
    std::fs::write(&file, "*:*:*:alice:secret\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let shown = format!("{:?}", file.display().to_string());
    // Readable by others: ignored, with a warning, then the connection
    // is refused as before (exit 1).
    let run = with_password_file(&d, &file, None, &["--lang", "ja", "status"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "警告: パスワードファイル {shown} はグループまたは他のユーザーがアクセスできます。権限は u=rw (0600) 以下にしてください。無視します"
        )
    );
    assert!(
        run.stderr
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("エラー: ")),
        "{}",
        run.stderr
    );
    let run = with_password_file(&d, &file, None, &["status"]);
    assert_eq!(
        run.stderr.lines().next().unwrap_or_default(),
        format!(
            "warning: password file {shown} has group or world access; permissions should be u=rw (0600) or less; ignored"
        )
    );
    // A folder, not a file.
    let folder = d.path("passdir");
    std::fs::create_dir(&folder).unwrap();
    let run = with_password_file(&d, &folder, None, &["--lang", "ja", "status"]);
    assert!(
        run.stderr.starts_with(&format!(
            "警告: パスワードファイル {:?} は通常のファイルではありません。無視します\n",
            folder.display().to_string()
        )),
        "{}",
        run.stderr
    );
    // Private to root: another user cannot read it, and is told why.
    if is_root() {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        open_folder(&d);
        let run = with_password_file(&d, &file, Some(NOBODY), &["--lang", "ja", "status"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(
            run.stderr.lines().next().unwrap_or_default(),
            format!(
                "警告: パスワードファイル {shown} を読めません: アクセスが拒否されました (os error 13)。無視します"
            )
        );
        let run = with_password_file(&d, &file, Some(NOBODY), &["status"]);
        assert_eq!(
            run.stderr.lines().next().unwrap_or_default(),
            format!(
                "warning: cannot read password file {shown}: Permission denied (os error 13); ignored"
            )
        );
    }
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn postgresql_refusals_are_told_in_japanese() {
    // An empty database: no log yet.
    let d = postgres_desk();
    let url = d.url.clone().unwrap();
    says_in_japanese(
        &ja(&d, &["status"]),
        1,
        &[&format!("{url} にチケットログがありません")],
    );
    // Another program's database: refused, untouched.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute("CREATE TABLE invoices (id int)")
        .unwrap();
    says_in_japanese(
        &ja(&d, &["open", "--severity", "1", "t"]),
        1,
        &[&format!(
            "{url} は PostgreSQL データベースですが、slaclock のチケットログではありません。手を付けていません"
        )],
    );
    assert!(
        d.run(&["status"])
            .fails(1)
            .contains("is a PostgreSQL database but not a slaclock ticket log; left untouched")
    );
    // A role without privileges on a log: access refused.
    let d = postgres_desk();
    let url = d.url.clone().unwrap();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    let database = url.rsplit('/').next().unwrap().to_owned();
    let role = format!("nobody_{database}");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("CREATE ROLE {role} LOGIN"))
        .unwrap();
    let base = url.rsplit_once('@').unwrap().1;
    let other = desk_at(&format!("postgres://{role}@{base}"));
    let run = ja(&other, &["status"]);
    let _ = client.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"));
    says_in_japanese(
        &run,
        1,
        &["がアクセスを拒否しました。データベースのロールの権限を確認してください"],
    );
}

#[test]
#[ignore = "starts a private PostgreSQL cluster without TLS (needs its binaries)"]
fn a_server_without_tls_is_refused_or_warned_about_in_japanese() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!("postgres://slaclock@127.0.0.1:{}/postgres", cluster.port);
    let d = desk_at(&format!("{url}?sslmode=require"));
    says_in_japanese(
        &ja(&d, &["status"]),
        1,
        &[&format!(
            "チケットログ {url}?sslmode=require に接続できません: "
        )],
    );
    let d = desk_at(&format!("{url}?sslmode=prefer"));
    let run = ja(&d, &["open", "--severity", "2", "in plain text"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "警告: チケットログ {url}?sslmode=prefer は TLS に対応していません。暗号化なしで接続しました（sslmode=prefer。verify-full なら拒否します）\n"
        )
    );
}
