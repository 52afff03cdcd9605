//! A small builder for running the binary: a temp folder with its own ticket
//! log and HOME, a fixed clock and zone, and helpers to read what happened.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Desk {
    pub dir: TempDir,
    pub now: String,
    /// A `postgres://` log instead of the desk's own file.
    pub url: Option<String>,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code and one-line error, and returns stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains("stack backtrace"), "{}", self.stderr);
        assert!(
            !self.stderr.contains("Error {"),
            "a Debug dump: {}",
            self.stderr
        );
        &self.stderr
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok())
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl Desk {
    /// A new desk at 2026-11-24 10:00 in Brisbane (00:00 UTC, a Tuesday).
    pub fn new() -> Desk {
        Desk {
            dir: tempfile::tempdir().expect("temp dir"),
            now: "2026-11-24T00:00:00Z".into(),
            url: None,
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("log.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Moves the fixed clock.
    pub fn at(&mut self, now: &str) -> &mut Desk {
        self.now = now.to_string();
        self
    }

    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same command as a plain `std::process::Command`, for spawning.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("slaclock"));
        c.current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env(
                "SLACLOCK_DB",
                self.url
                    .clone()
                    .map_or_else(|| self.db().into_os_string(), Into::into),
            )
            .env("SLACLOCK_NOW", &self.now)
            .env("TZ", "Australia/Brisbane")
            .env("USER", "alice")
            // Set on purpose: errors must still never show a backtrace.
            .env("RUST_BACKTRACE", "1");
        if self.on_test_server() {
            // `.ci/run` reaches its server over TLS (verify-full) this way.
            for name in ["PGSSLMODE", "PGSSLROOTCERT"] {
                if let Some(value) = std::env::var_os(name) {
                    c.env(name, value);
                }
            }
        }
        c
    }

    /// Whether the desk's log is on the server `SLACLOCK_TEST_POSTGRES`
    /// names (its host and port), not a private cluster of a test.
    fn on_test_server(&self) -> bool {
        let address = |url: &str| {
            let after_at = url.rsplit_once('@').map_or(url, |(_, h)| h);
            after_at.split(['/', '?']).next().map(str::to_owned)
        };
        match (&self.url, std::env::var("SLACLOCK_TEST_POSTGRES")) {
            (Some(url), Ok(server)) => address(url) == address(&server),
            _ => false,
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().expect("run slaclock"))
    }

    /// Runs `args` with `name=value` added to the environment.
    pub fn run_with(&self, name: &str, value: &str, args: &[&str]) -> Run {
        Run::from(
            self.cmd()
                .env(name, value)
                .args(args)
                .output()
                .expect("run slaclock"),
        )
    }

    /// Runs as another user (uid = gid = `uid`, no other groups) through
    /// `setpriv`; the caller must be root. The desk's folder must let that
    /// user in.
    pub fn run_as(&self, uid: u32, args: &[&str]) -> Run {
        assert!(is_root(), "run_as needs root");
        let user = [
            format!("--reuid={uid}"),
            format!("--regid={uid}"),
            "--clear-groups".into(),
            "--".into(),
        ];
        self.run_under("setpriv", &user, args)
    }

    /// Runs `args` as the desk would, under `tool` given `before` (a
    /// program that runs another: `setpriv`, `taskset`), with the desk's
    /// environment and folder.
    fn run_under(&self, tool: &str, before: &[String], args: &[&str]) -> Run {
        let template = self.std_cmd();
        let mut c = std::process::Command::new(tool);
        c.args(before)
            .arg(template.get_program())
            .args(args)
            .env_clear()
            .current_dir(self.dir.path());
        for (k, v) in template.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        Run::from(c.output().unwrap_or_else(|e| panic!("run {tool}: {e}")))
    }

    /// Runs with at most `bytes` of address space (`prlimit --as`): a
    /// command that would read something endless fails fast, without
    /// taking the machine's memory from every other test.
    pub fn run_with_memory_limit(&self, bytes: u64, args: &[&str]) -> Run {
        self.run_under("prlimit", &[format!("--as={bytes}"), "--".into()], args)
    }

    /// Runs on one core (`taskset`, on the first core this test may use),
    /// as `taskset -c 0` in a benchmark or a one-CPU container would.
    pub fn run_on_one_core(&self, args: &[&str]) -> Run {
        let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
        let allowed = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .expect("Cpus_allowed_list");
        let first = allowed.trim().split([',', '-']).next().expect("a core");
        self.run_under("taskset", &["-c".into(), first.into()], args)
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Run {
        Run::from(
            self.cmd()
                .args(args)
                .write_stdin(stdin)
                .output()
                .expect("run slaclock"),
        )
    }

    /// Runs at a given instant, then keeps that instant.
    pub fn run_at(&mut self, now: &str, args: &[&str]) -> Run {
        self.at(now);
        self.run(args)
    }

    /// Everything in the ticket log, as text: to prove a refusal changed nothing.
    pub fn snapshot(&self) -> String {
        snapshot(&self.db())
    }
}

/// Opens a ticket of `severity` for `customer` at `at`, which must succeed.
pub fn open_sev(d: &mut Desk, at: &str, severity: &str, customer: &str, title: &str) {
    d.run_at(
        at,
        &[
            "open",
            "--severity",
            severity,
            "--customer",
            customer,
            "--",
            title,
        ],
    )
    .ok();
}

/// A CSV document as its header and rows, read back with the csv crate.
pub fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The cell of `row` under the column called `name`.
pub fn column<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

/// Whether the tests run as root (as in CI), so they can act as other users.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

pub fn snapshot(db: &Path) -> String {
    if !db.exists() {
        return "<no log>".into();
    }
    let mut bytes = std::fs::read(db).expect("read log");
    let wal = db.with_extension("db-wal");
    if let Ok(w) = std::fs::read(&wal) {
        bytes.extend(w);
    }
    let conn = rusqlite::Connection::open(db).expect("open log");
    let mut out = format!("{} bytes\n", bytes.len());
    for table in ["policy_versions", "tickets", "events"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .expect("query");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| {
                        format!(
                            "{:?}",
                            r.get_ref(i).map(|v| format!("{v:?}")).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .expect("rows");
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.expect("row")));
        }
    }
    out
}

/// `text` followed by the severity tables it lacks, with the shipped
/// targets: a policy that is complete, for tests about something else.
pub fn with_targets(text: &str) -> String {
    let shipped = [
        ("15m", "30m", "6h"),
        ("15m", "60m", "24h"),
        ("30m", "4h", "48h"),
    ];
    let mut out = text.to_string();
    for (sev, (response, update, restore)) in (1..=3).zip(shipped) {
        if !text.contains(&format!("[severity.{sev}]")) {
            out.push_str(&format!(
                "\n[severity.{sev}]\nresponse = \"{response}\"\nupdate = \"{update}\"\nrestore = \"{restore}\"\n"
            ));
        }
    }
    out
}

/// A desk whose log is a fresh database on the PostgreSQL server named by
/// `SLACLOCK_TEST_POSTGRES` (`.ci/run` starts one).
pub fn postgres_desk() -> Desk {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES")
        .expect("SLACLOCK_TEST_POSTGRES names a PostgreSQL server (run through .ci/run)");
    let mut client =
        postgres::Client::connect(&server, postgres::NoTls).expect("connect to the test server");
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    static REAPED: std::sync::Once = std::sync::Once::new();
    REAPED.call_once(|| reap_old_test_databases(&mut client));
    // Named with the second it was made, for a later run to reap.
    let name = format!(
        "slaclock_cli_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        slaclock::store::test_databases::now()
    );
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(b, _)| b)
        .to_string();
    let mut d = Desk::new();
    d.url = Some(format!("{base}/{name}"));
    d
}

/// Drops the databases the test suites made over an hour ago, by the
/// library's rule (`slaclock::store::test_databases`): best effort, and
/// never one still in use.
fn reap_old_test_databases(client: &mut postgres::Client) {
    use slaclock::store::test_databases::{LIST, drop_if_stale, now};
    let Ok(rows) = client.query(LIST, &[]) else {
        return;
    };
    let now = now();
    for row in rows {
        if let Some(drop) = drop_if_stale(row.get(0), now) {
            let _ = client.batch_execute(&drop);
        }
    }
}

/// Runs a command that must be refused: its code, one line on stderr
/// holding `words`, and the ticket log exactly as it was.
#[track_caller]
pub fn refused(d: &Desk, args: &[&str], code: i32, words: &[&str]) {
    let before = d.snapshot();
    let run = d.run(args);
    let err = run.fails(code).to_string();
    for w in words {
        assert!(err.contains(w), "{args:?}: {w:?} not in {err:?}");
    }
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{args:?}: not one line: {err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(d.snapshot(), before, "{args:?} changed the log");
}

/// Runs `args` on `d` under a Japanese locale (`LANG=ja_JP.UTF-8`).
pub fn ja(d: &Desk, args: &[&str]) -> Run {
    Run::from(
        d.cmd()
            .env("LANG", "ja_JP.UTF-8")
            .args(args)
            .output()
            .expect("run slaclock"),
    )
}

/// `stderr` less the note of the `open` that started the log (its first
/// line, said once; see faults_sqlite.rs), for tests about what follows it.
#[track_caller]
pub fn past_new_log_note(stderr: &str) -> &str {
    let (note, rest) = stderr.split_once('\n').expect("a note, then more");
    assert!(
        note.starts_with("note: started a new ticket log at "),
        "{stderr}"
    );
    rest
}

/// The seed day's first ticket: a severity 1 incident for ACME on VXC-1234.
pub const OPEN_INCIDENT: &[&str] = &[
    "open",
    "--severity",
    "1",
    "--customer",
    "ACME",
    "--service",
    "VXC-1234",
    "VXC down",
];

/// `script` run by `sh` in a pseudo-terminal, `$0` being slaclock, with the
/// desk's environment and folder: for redirecting one stream of it.
pub fn pty_sh(d: &Desk, script: &str) -> rexpect::session::PtySession {
    let template = d.std_cmd();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(script)
        .arg(template.get_program())
        .current_dir(d.dir.path())
        .env_clear()
        .env("TERM", "xterm");
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    rexpect::session::spawn_command(sh, Some(10_000)).expect("spawn in a pty")
}

/// What `d` prints for `args` with standard error merged into standard
/// output, as a monitor that reads both streams as one sees it.
pub fn merged(d: &Desk, args: &str) -> String {
    let template = d.std_cmd();
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", &format!("exec \"$0\" {args} 2>&1")])
        .arg(template.get_program())
        .current_dir(d.dir.path())
        .env_clear();
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    String::from_utf8_lossy(&sh.output().expect("run sh").stdout).into_owned()
}
