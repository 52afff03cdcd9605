//! Everything a command needs from the world outside: the clock, the local
//! zone, the user, the terminal, and where the ticket log and the policy are.
//! This is the only place that reads the environment.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::cli::{Cli, ColorChoice};
use crate::output::Style;
use crate::sla::{DEFAULT_POLICY, Policy};
use crate::store::{Location, Store};

use super::time::parse_time;

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

/// A mistake in how the command was called: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        let fixed_now = match std::env::var("SLACLOCK_NOW") {
            Ok(v) if !v.is_empty() => Some(
                DateTime::parse_from_rfc3339(&v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| anyhow!("SLACLOCK_NOW={v:?} is not an RFC 3339 instant such as 2026-11-24T10:00:00Z"))?,
            ),
            _ => None,
        };
        let busy_timeout = match std::env::var("SLACLOCK_BUSY_TIMEOUT") {
            Ok(v) if !v.is_empty() => Some(humantime::parse_duration(&v).map_err(|_| {
                anyhow!("SLACLOCK_BUSY_TIMEOUT={v:?} is not a duration such as 500ms or 10s")
            })?),
            _ => None,
        };
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
                zone: if cli.utc { chrono_tz::UTC } else { zone },
            },
            interactive: std::io::stdin().is_terminal(),
        })
    }

    /// Now, to the second. `SLACLOCK_NOW` fixes it for tests and replays.
    /// Write commands call this only once they hold the log's lock.
    pub fn now(&self) -> DateTime<Utc> {
        let t = self.fixed_now.unwrap_or_else(Utc::now);
        DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
    }

    pub fn user(&self, by: Option<&str>) -> String {
        by.map(str::to_string)
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "unknown".into())
    }

    /// Parses a time argument; `flag` names it in the error.
    pub fn time(&self, flag: &str, text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
        parse_time(text, now, self.zone).map_err(|e| anyhow!("{flag}: {e}"))
    }

    /// `--db`, else `SLACLOCK_DB`, else a file in the user's data folder.
    /// A `postgres://` URL selects PostgreSQL.
    /// `--since` and `--until`, each parsed if given.
    pub fn period_flags(
        &self,
        since: Option<&str>,
        until: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Period> {
        Ok((
            since.map(|t| self.time("--since", t, now)).transpose()?,
            until.map(|t| self.time("--until", t, now)).transpose()?,
        ))
    }

    pub fn db_location(&self) -> Result<Location> {
        if let Some(p) = &self.db {
            return Ok(Location::parse(p.as_os_str()));
        }
        let dir = dirs::data_dir().ok_or_else(|| {
            anyhow!("no --db given and no data folder to put the ticket log in (is HOME set?); pass --db PATH or set SLACLOCK_DB")
        })?;
        Ok(Location::Sqlite(dir.join("slaclock").join("tickets.db")))
    }

    /// Opens the ticket log; `create` makes it (and its folder) if missing.
    pub fn store(&self, create: bool) -> Result<Store> {
        let mut store = Store::open(&self.db_location()?, create)?;
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

    /// Finds and loads the policy for new tickets: `--policy`,
    /// `SLACLOCK_POLICY`, `./severity.toml`, the config folder, else the
    /// embedded default.
    pub fn policy(&self) -> Result<LoadedPolicy> {
        let candidates = self
            .policy_path
            .clone()
            .map(|p| (p, true))
            .into_iter()
            .chain(
                [
                    Some(PathBuf::from("severity.toml")),
                    dirs::config_dir().map(|d| d.join("slaclock").join("severity.toml")),
                ]
                .into_iter()
                .flatten()
                .map(|p| (p, false)),
            );
        for (path, explicit) in candidates {
            if explicit || path.is_file() {
                return load_policy_file(&path);
            }
        }
        Ok(LoadedPolicy {
            policy: Policy::default_policy(),
            text: DEFAULT_POLICY.to_string(),
            source: "the embedded default policy".into(),
        })
    }
}

pub fn load_policy_file(path: &Path) -> Result<LoadedPolicy> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the policy file {}", path.display()))?;
    match text.parse::<Policy>() {
        Ok(policy) => Ok(LoadedPolicy {
            policy,
            text,
            source: path.display().to_string(),
        }),
        // One problem is one line; several are listed under a heading.
        Err(e) if e.0.len() == 1 => bail!(
            "{} (the policy was not loaded; nothing was changed)",
            e.with_file(&path.display().to_string())
        ),
        Err(e) => bail!(
            "{} problems in the policy file; nothing was changed\n{}",
            e.0.len(),
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
        .unwrap_or(chrono_tz::UTC)
}
