//! Everything a command needs from the world outside: the clock, the local
//! zone, the user, the terminal, and where the ticket log and the policy are.
//! This is the only place that reads the environment.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::cli::{Cli, ColorChoice};
use crate::output::Style;
use crate::sla::{DEFAULT_POLICY, Policy, PolicyErrors, Tz, policy_text};
use crate::store::{Location, OpenMode, Store};

use super::time::{Look, TimeArg, parse_now};

/// The largest policy file slaclock reads. A policy is a page or two of
/// TOML; the bound keeps a wrong path (a log, a dump) from filling memory.
pub const MAX_POLICY_BYTES: u64 = 1 << 20;

/// The longest `SLACLOCK_BUSY_TIMEOUT`: a write that waits longer than this
/// for another writer is hung, not busy.
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_secs(3600);

pub struct Context {
    pub db: Option<PathBuf>,
    pub policy_path: Option<PathBuf>,
    fixed_now: Option<DateTime<Utc>>,
    busy_timeout: Option<std::time::Duration>,
    pub zone: Tz,
    pub style: Style,
    /// Prompts are allowed only when standard input is a terminal.
    pub interactive: bool,
}

/// The policy in force for new tickets, with where it came from.
pub struct LoadedPolicy {
    pub policy: Policy,
    pub text: String,
    pub source: String,
}

/// `--since` and `--until` as given (either may be absent).
pub type Period = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        let fixed_now = env_text("SLACLOCK_NOW")?
            .map(|v| parse_now(&v).map_err(|e| anyhow!("SLACLOCK_NOW: {e}")))
            .transpose()?;
        let busy_timeout = env_text("SLACLOCK_BUSY_TIMEOUT")?
            .map(|v| parse_busy_timeout(&v))
            .transpose()?;
        let zone = local_zone();
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Ok(Context {
            db: cli.db.clone(),
            policy_path: cli.policy.clone(),
            fixed_now,
            busy_timeout,
            zone,
            style: Style {
                color,
                zone: if cli.utc { Tz::UTC } else { zone },
                warn_at: crate::sla::AT_RISK_PERCENT,
            },
            interactive: std::io::stdin().is_terminal(),
        })
    }

    /// Now, to the second. `SLACLOCK_NOW` fixes it for tests and replays.
    /// Write commands call this only once they hold the log's lock.
    pub fn now(&self) -> DateTime<Utc> {
        crate::sla::instant(self.fixed_now.unwrap_or_else(Utc::now).timestamp())
    }

    pub fn user(&self, by: Option<&str>) -> String {
        by.map(str::to_string)
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "unknown".into())
    }

    /// The instant a time argument names at `now` in the local zone, a
    /// time of day alone being the most recent such time (`--at`,
    /// `--as-of`, `--since`, `--until`); `flag` names it in the error.
    pub fn time(&self, flag: &str, time: &TimeArg, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
        time.resolve(now, self.zone, Look::Back)
            .map_err(|e| anyhow!("{flag}: {e}"))
    }

    /// The same for a promise (`--next-update`), made at `from`: a time of
    /// day alone is the next such time after it.
    pub fn promised_time(
        &self,
        flag: &str,
        time: &TimeArg,
        from: DateTime<Utc>,
    ) -> Result<DateTime<Utc>> {
        time.resolve(from, self.zone, Look::Ahead)
            .map_err(|e| anyhow!("{flag}: {e}"))
    }

    /// `--since` and `--until`, each placed at `now` if given.
    pub fn period_flags(
        &self,
        since: Option<&TimeArg>,
        until: Option<&TimeArg>,
        now: DateTime<Utc>,
    ) -> Result<Period> {
        Ok((
            since.map(|t| self.time("--since", t, now)).transpose()?,
            until.map(|t| self.time("--until", t, now)).transpose()?,
        ))
    }

    /// `--db`, else `SLACLOCK_DB`, else a file in the user's data folder.
    /// A `postgres://` URL selects PostgreSQL.
    pub fn db_location(&self) -> Result<Location> {
        if let Some(p) = &self.db {
            return Ok(Location::parse(p.as_os_str()));
        }
        let dir = dirs::data_dir().ok_or_else(|| {
            anyhow!("no --db given and no data folder to put the ticket log in (is HOME set?); pass --db PATH or set SLACLOCK_DB")
        })?;
        Ok(Location::Sqlite(dir.join("slaclock").join("tickets.db")))
    }

    /// Opens the ticket log for what the command will do with it (`Create`
    /// makes it, and its folder, if missing).
    pub fn store(&self, mode: OpenMode) -> Result<Store> {
        let mut store = Store::open(&self.db_location()?, mode)?;
        if let Some(t) = self.busy_timeout {
            store.set_busy_timeout(t)?;
        }
        Ok(store)
    }

    /// Warns (once, on stderr) if others may read or write a ticket log file.
    pub fn warn_if_exposed(&self, store: &Store) {
        use std::io::Write;
        use std::os::unix::fs::PermissionsExt;
        let Some(path) = store.path() else { return };
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                // Not eprintln!: a failing stderr must not panic.
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: the ticket log {} can be read by others (mode {mode:o}); run: chmod 600 {}",
                    path.display(),
                    path.display()
                );
            }
        }
    }

    /// The policy file for new tickets: `--policy`, `SLACLOCK_POLICY`,
    /// `./severity.toml`, the config folder; `None` for the embedded
    /// default. Whatever stands at `./severity.toml` or in the config folder
    /// is used, so one that cannot be read is an error, never skipped in
    /// silence for another policy.
    pub fn policy_file(&self) -> Option<PathBuf> {
        if let Some(p) = &self.policy_path {
            return Some(p.clone());
        }
        [Some(PathBuf::from("severity.toml")), config_policy_file()]
            .into_iter()
            .flatten()
            .find(|p| std::fs::symlink_metadata(p).is_ok())
    }

    /// Finds and loads the policy for new tickets (see `policy_file`).
    pub fn policy(&self) -> Result<LoadedPolicy> {
        match self.policy_file() {
            Some(path) => load_policy_file(&path),
            None => Ok(LoadedPolicy {
                policy: Policy::default_policy(),
                text: DEFAULT_POLICY.to_string(),
                source: "the embedded default policy".into(),
            }),
        }
    }
}

/// `severity.toml` in the user's config folder for slaclock
/// (`~/.config/slaclock` on Linux): where `init` writes the policy, and
/// where it is looked for. `None` without a config folder (no HOME).
pub fn config_policy_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("slaclock").join("severity.toml"))
}

/// An environment variable's text: `None` if unset or empty, an error if it
/// is not UTF-8 (never ignored: a setting that is ignored is a surprise).
fn env_text(name: &str) -> Result<Option<String>> {
    match std::env::var_os(name) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => v
            .into_string()
            .map(Some)
            .map_err(|v| anyhow!("{name}={v:?} is not valid UTF-8 text")),
    }
}

/// `SLACLOCK_BUSY_TIMEOUT`: a duration from 0 to `MAX_BUSY_TIMEOUT`.
fn parse_busy_timeout(v: &str) -> Result<Duration> {
    let t = humantime::parse_duration(v.trim()).map_err(|_| {
        anyhow!("SLACLOCK_BUSY_TIMEOUT={v:?} is not a duration such as 500ms or 10s")
    })?;
    if t > MAX_BUSY_TIMEOUT {
        bail!(
            "SLACLOCK_BUSY_TIMEOUT={v:?} is longer than 1h; a write waits at most an hour for another writer (default 10s)"
        );
    }
    Ok(t)
}

/// What a kind of file is called in a message.
fn file_kind(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Reads a policy file's bytes. Only a regular file (links followed) of at
/// most `MAX_POLICY_BYTES` is read. The kind is checked before opening, and
/// again on the open file (opened non-blocking, so a FIFO swapped in between
/// cannot make the open wait), and the read stops one byte past the limit:
/// a FIFO, a device or `/dev/zero` is refused, never waited on or read forever.
pub fn read_policy_file(path: &Path) -> Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    let shown = path.display();
    let check = |meta: &std::fs::Metadata| -> Result<()> {
        if !meta.is_file() {
            bail!(
                "the policy file {shown} is {}, not a regular file; give the path of a severity.toml",
                file_kind(meta.file_type())
            );
        }
        if meta.len() > MAX_POLICY_BYTES {
            bail!(
                "the policy file {shown} is {} bytes, over the 1 MiB a policy may be; is it the right file?",
                meta.len()
            );
        }
        Ok(())
    };
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read the policy file {shown}"))?;
    check(&meta)?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .with_context(|| format!("cannot read the policy file {shown}"))?;
    check(
        &file
            .metadata()
            .with_context(|| format!("cannot read the policy file {shown}"))?,
    )?;
    let mut bytes = Vec::new();
    file.take(MAX_POLICY_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the policy file {shown}"))?;
    if bytes.len() as u64 > MAX_POLICY_BYTES {
        bail!("the policy file {shown} grew past the 1 MiB a policy may be while it was read");
    }
    Ok(bytes)
}

/// Reads and parses a policy file: an error if it cannot be read, else the
/// policy or every problem in it (each placed; bytes that are not UTF-8 too).
pub fn parse_policy_file(path: &Path) -> Result<Result<LoadedPolicy, PolicyErrors>> {
    let bytes = read_policy_file(path)?;
    Ok(policy_text(&bytes).and_then(|text| {
        Ok(LoadedPolicy {
            policy: text.parse()?,
            text: text.to_string(),
            source: path.display().to_string(),
        })
    }))
}

pub fn load_policy_file(path: &Path) -> Result<LoadedPolicy> {
    match parse_policy_file(path)? {
        Ok(loaded) => Ok(loaded),
        // One problem is one line; several are listed under a heading.
        Err(e) if e.0.len() == 1 => bail!(
            "{} (the policy was not loaded; nothing was changed)",
            e.with_file(&path.display().to_string())
        ),
        Err(e) => bail!(
            "{} problems in the policy file {}; nothing was changed\n{}",
            e.0.len(),
            path.display(),
            e.with_file(&path.display().to_string())
        ),
    }
}

/// The user's zone: `TZ` if it names an IANA zone, else the system's, else UTC.
fn local_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse().ok())
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|tz| tz.parse().ok())
        })
        .unwrap_or(Tz::UTC)
}
