//! What every PostgreSQL user already has set up, as libpq reads it: the
//! `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD` and
//! `PGCONNECT_TIMEOUT` variables, and the password file (`PGPASSFILE`, else
//! `~/.pgpass`). Each fills in only what the connection string leaves out,
//! so `--db postgres://` alone connects as `psql` would. A password file
//! that its group or others may read is ignored with a warning, as libpq
//! ignores it. With no host anywhere, the server's socket on this machine,
//! as libpq. Reading is separate from the process's environment (`env` is
//! passed in) so the rules are tested without touching it. Also the places
//! a connection is tried at, as a failure to connect names them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use tokio_postgres::Config;
use tokio_postgres::config::Host;

use super::files::{Refused, read_small};

/// libpq's port when none is given.
const DEFAULT_PORT: u16 = 5432;

/// A `postgres://` URL whose hosts name no port, with `PGPORT`'s put in:
/// the driver's URL reading gives such a host 5432 at once, where libpq
/// leaves the port to `PGPORT`. Anything else is returned as it is.
pub(super) fn url_with_env_port<'u>(
    url: &'u str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<std::borrow::Cow<'u, str>> {
    use std::borrow::Cow;
    let Some(rest) = ["postgres://", "postgresql://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
    else {
        return Ok(Cow::Borrowed(url));
    };
    // Read as the driver reads it: the credentials run to the first `@`,
    // wherever it is, and the hosts from there to a `/` or `?`.
    let hosts_start = rest.find('@').map_or(0, |at| at + 1);
    let after = &rest[hosts_start..];
    let hosts = &after[..after.find(['/', '?']).unwrap_or(after.len())];
    let has_port = |host: &str| match host.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => host.contains(':'),
    };
    let Some(ports) = env("PGPORT").filter(|p| !p.is_empty()) else {
        return Ok(Cow::Borrowed(url));
    };
    if hosts.is_empty() || hosts.split(',').any(has_port) {
        return Ok(Cow::Borrowed(url));
    }
    let ports: Vec<&str> = ports.split(',').map(str::trim).collect();
    for port in &ports {
        if !port.parse::<u16>().is_ok_and(|p| p > 0) {
            bail!(crate::msg!(
                "pg-env-port",
                value = crate::i18n::quoted(port)
            ));
        }
    }
    let names: Vec<&str> = hosts.split(',').collect();
    if ports.len() != 1 && ports.len() != names.len() {
        bail!(crate::msg!(
            "pg-env-ports-hosts",
            ports = ports.len(),
            hosts = names.len()
        ));
    }
    let with_ports: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, host)| format!("{host}:{}", ports[if ports.len() == 1 { 0 } else { i }]))
        .collect();
    let start = url.len() - rest.len() + hosts_start;
    Ok(Cow::Owned(format!(
        "{}{}{}",
        &url[..start],
        with_ports.join(","),
        &url[start + hosts.len()..]
    )))
}

/// Fills what `config` leaves out from `env` (a variable's value by name)
/// and the password file, and returns the warnings to show (one line each).
/// A variable slaclock cannot read (`PGPORT=abc`) is an error naming it.
/// Where libpq looks for the server's socket when no host is given: the
/// folder that holds `.s.PGSQL.PORT`, of Debian's and PostgreSQL's own
/// defaults, else the first that exists.
fn default_socket_dir(port: u16) -> &'static str {
    const DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];
    let socket = |d: &str| std::path::Path::new(d).join(format!(".s.PGSQL.{port}"));
    DIRS.into_iter()
        .find(|d| socket(d).exists())
        .or_else(|| DIRS.into_iter().find(|d| std::path::Path::new(d).is_dir()))
        .unwrap_or(DIRS[1])
}

pub(super) fn fill(
    config: &mut Config,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if config.get_hosts().is_empty()
        && config.get_hostaddrs().is_empty()
        && let Some(hosts) = var("PGHOST")
    {
        for host in hosts.split(',') {
            config.host(host);
        }
    }
    if config.get_ports().is_empty()
        && let Some(ports) = var("PGPORT")
    {
        for port in ports.split(',') {
            match port.trim().parse::<u16>() {
                Ok(port) if port > 0 => config.port(port),
                _ => bail!(crate::msg!(
                    "pg-env-port",
                    value = crate::i18n::quoted(port)
                )),
            };
        }
    }
    // No host anywhere: as libpq, the server's socket on this machine.
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        let port = config.get_ports().first().copied().unwrap_or(5432);
        config.host_path(default_socket_dir(port));
    }
    if config.get_user().is_none()
        && let Some(user) = var("PGUSER")
    {
        config.user(user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = var("PGDATABASE")
    {
        config.dbname(db);
    }
    if config.get_connect_timeout().is_none()
        && let Some(secs) = var("PGCONNECT_TIMEOUT")
    {
        match secs.trim().parse::<u64>() {
            // 0 is "forever" to libpq: slaclock keeps its default instead.
            Ok(0) => {}
            Ok(secs) => {
                config.connect_timeout(Duration::from_secs(secs));
            }
            Err(_) => bail!(crate::msg!(
                "pg-env-connect-timeout",
                value = crate::i18n::quoted(secs)
            )),
        }
    }
    let mut warnings = vec![];
    if config.get_password().is_none() {
        if let Some(password) = var("PGPASSWORD") {
            config.password(password);
        } else if let Some(file) = password_file(env) {
            match read_password_file(&file) {
                Ok(Some(text)) => {
                    if let Some(password) = lookup(&text, &Wanted::of(config)) {
                        config.password(password);
                    }
                }
                Ok(None) => {}
                Err(warning) => warnings.push(warning),
            }
        }
    }
    Ok(warnings)
}

/// `PGPASSFILE`, else `~/.pgpass`.
fn password_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match env("PGPASSFILE").filter(|v| !v.is_empty()) {
        Some(file) => Some(PathBuf::from(file)),
        None => env("HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(dirs::home_dir)
            .map(|home| home.join(".pgpass")),
    }
}

/// The file's text; None when there is none; a warning when it is not a
/// plain file or its group or others may read or write it (libpq's rule),
/// or it is over 1 MiB (a password file is a few lines: a huge one, or
/// one that grows, is not read until memory runs out).
fn read_password_file(file: &Path) -> Result<Option<String>, String> {
    let Ok(meta) = std::fs::metadata(file) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Err(crate::msg!(
            "pg-passfile-not-a-file",
            path = crate::i18n::quoted(file.display().to_string())
        )
        .to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(crate::msg!(
                "pg-passfile-open",
                path = crate::i18n::quoted(file.display().to_string())
            )
            .to_string());
        }
    }
    let shown = crate::i18n::quoted(file.display().to_string());
    let unreadable = |error: String| {
        crate::msg!(
            "pg-passfile-unreadable",
            path = shown.as_str(),
            error = error
        )
        .to_string()
    };
    let bytes = read_small(file).map_err(|refused| match refused {
        Refused::Io(e) => unreadable(e.to_string()),
        Refused::NotRegular(_) => {
            crate::msg!("pg-passfile-not-a-file", path = shown.as_str()).to_string()
        }
        Refused::TooBig(_) => crate::msg!("pg-passfile-too-big", path = shown.as_str()).to_string(),
    })?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| unreadable(e.to_string()))
}

/// What a password file line must match: the first host (`localhost` for a
/// Unix socket, as libpq), the first port, the database (the user's name
/// when none is given) and the user.
#[derive(Debug)]
struct Wanted {
    host: String,
    port: String,
    db: String,
    user: String,
}

impl Wanted {
    fn of(config: &Config) -> Wanted {
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(host)) => host.clone(),
            #[cfg(unix)]
            Some(Host::Unix(_)) => "localhost".to_owned(),
            None => match config.get_hostaddrs().first() {
                Some(addr) => addr.to_string(),
                None => "localhost".to_owned(),
            },
        };
        let user = config.get_user().unwrap_or_default().to_owned();
        Wanted {
            host,
            port: config
                .get_ports()
                .first()
                .copied()
                .unwrap_or(DEFAULT_PORT)
                .to_string(),
            db: config
                .get_dbname()
                .map_or_else(|| user.clone(), str::to_owned),
            user,
        }
    }
}

/// The password of the first line of `text` (a password file:
/// `host:port:database:user:password`, `*` matching anything in the first
/// four fields, `\:` and `\\` standing for `:` and `\`, `#` lines comments)
/// that matches `wanted`.
fn lookup(text: &str, wanted: &Wanted) -> Option<String> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(fields)
        .find(|f| {
            let matches = |field: &str, value: &str| field == "*" || field == value;
            matches(&f[0], &wanted.host)
                && matches(&f[1], &wanted.port)
                && matches(&f[2], &wanted.db)
                && matches(&f[3], &wanted.user)
        })
        .map(|mut f| f.swap_remove(4))
}

/// A line's five fields, unescaped; None for a line with fewer. The
/// password is the rest of the line (a `:` in it needs no escape).
fn fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut()?.push(chars.next().unwrap_or('\\')),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    (fields.len() == 5).then_some(fields)
}

/// The hosts, addresses and socket folders a connection is tried at.
pub(super) fn places(config: &tokio_postgres::Config) -> Vec<String> {
    use tokio_postgres::config::Host;
    let hosts = config.get_hosts().iter().map(|h| match h {
        Host::Tcp(name) => name.clone(),
        Host::Unix(dir) => dir.display().to_string(),
    });
    config
        .get_hostaddrs()
        .iter()
        .map(ToString::to_string)
        .chain(hosts)
        .collect()
}

/// The places a connection was tried, as `host:port` or a socket's folder
/// and port: `db.example.internal:5432, 10.0.0.2:6432`.
pub(super) fn tried(config: &tokio_postgres::Config) -> String {
    use tokio_postgres::config::Host;
    let ports = config.get_ports();
    let port = |i: usize| ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    let addrs = config.get_hostaddrs();
    let hosts = config.get_hosts();
    (0..hosts.len().max(addrs.len()))
        .map(|i| {
            let place = match (addrs.get(i), hosts.get(i)) {
                (Some(addr), _) => addr.to_string(),
                (None, Some(Host::Tcp(name))) => name.clone(),
                (None, Some(Host::Unix(dir))) => {
                    return format!("{}/.s.PGSQL.{}", dir.display(), port(i));
                }
                (None, None) => String::new(),
            };
            format!("{place}:{}", port(i))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn wanted(host: &str, port: &str, db: &str, user: &str) -> Wanted {
        Wanted {
            host: host.into(),
            port: port.into(),
            db: db.into(),
            user: user.into(),
        }
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# a comment\n\
                    db.example:5432:support:alice:first\n\
                    *:*:support:alice:second\n\
                    *:*:*:*:anyone\n";
        let at = |host, port, db, user| lookup(text, &wanted(host, port, db, user));
        assert_eq!(
            at("db.example", "5432", "support", "alice").as_deref(),
            Some("first")
        );
        assert_eq!(
            at("other", "6543", "support", "alice").as_deref(),
            Some("second")
        );
        assert_eq!(
            at("db.example", "5432", "support", "bob").as_deref(),
            Some("anyone")
        );
        assert_eq!(
            lookup(
                "db.example:5432:support:alice:x\n",
                &wanted("db.example", "5433", "support", "alice")
            ),
            None
        );
    }

    #[test]
    fn escapes_and_short_lines() {
        // `\:` in a field, a `:` and a `\\` in the password, a short line.
        let text = "h\\:1:5432:d:u:pa:ss\\\\word\nh:5432:d\n";
        assert_eq!(
            lookup(text, &wanted("h:1", "5432", "d", "u")).as_deref(),
            Some("pa:ss\\word")
        );
        assert_eq!(lookup(text, &wanted("h", "5432", "d", "u")), None);
        assert_eq!(lookup("*:*:*:*\n", &wanted("h", "5432", "d", "u")), None);
    }

    fn filled(url: &str, vars: &[(&str, &str)]) -> Result<(Config, Vec<String>)> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut config: Config = url.parse()?;
        let warnings = fill(&mut config, &|name| vars.get(name).cloned())?;
        Ok((config, warnings))
    }

    /// With no host in the URL or PGHOST, as psql: the server's socket on
    /// this machine, for the port given.
    #[test]
    fn no_host_anywhere_is_the_local_socket() -> Result<()> {
        let (c, _) = filled("postgres:///support", &[("PGPORT", "54329")])?;
        let hosts = c.get_hosts();
        assert_eq!(hosts.len(), 1, "{hosts:?}");
        let tokio_postgres::config::Host::Unix(dir) = &hosts[0] else {
            panic!("not a socket: {hosts:?}");
        };
        assert!(
            ["/var/run/postgresql", "/tmp"].contains(&dir.to_str().unwrap()),
            "{dir:?}"
        );
        assert_eq!(c.get_ports(), [54329]);
        Ok(())
    }

    #[test]
    fn the_environment_fills_only_what_the_url_leaves_out() -> Result<()> {
        let vars = [
            ("PGHOST", "db.example,db2.example"),
            ("PGPORT", "6432"),
            ("PGDATABASE", "support"),
            ("PGUSER", "alice"),
            ("PGPASSWORD", "secret"),
            ("PGCONNECT_TIMEOUT", "3"),
            ("HOME", "/nonexistent"),
        ];
        let (c, warnings) = filled("postgres://", &vars)?;
        assert!(warnings.is_empty());
        assert_eq!(
            c.get_hosts(),
            [
                Host::Tcp("db.example".into()),
                Host::Tcp("db2.example".into())
            ]
        );
        assert_eq!(c.get_ports(), [6432]);
        assert_eq!(c.get_dbname(), Some("support"));
        assert_eq!(c.get_user(), Some("alice"));
        assert_eq!(c.get_password(), Some(&b"secret"[..]));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(3)));
        // What the URL says wins.
        let (c, _) = filled("postgres://bob:pw@h:1/db?connect_timeout=9", &vars)?;
        assert_eq!(c.get_hosts(), [Host::Tcp("h".into())]);
        assert_eq!(c.get_ports(), [1]);
        assert_eq!(c.get_dbname(), Some("db"));
        assert_eq!(c.get_user(), Some("bob"));
        assert_eq!(c.get_password(), Some(&b"pw"[..]));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(9)));
        Ok(())
    }

    /// A URL's host without a port takes PGPORT's, as libpq gives it
    /// (the driver alone would give 5432); one with a port keeps it.
    #[test]
    fn pgport_fills_the_port_a_urls_hosts_leave_out() -> Result<()> {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        const VARS: &[(&str, &str)] = &[("PGPORT", "54329")];
        let (c, _) = filled(
            &url_with_env_port("postgres://u@127.0.0.1/db", &env(VARS))?,
            VARS,
        )?;
        assert_eq!(c.get_ports(), [54329]);
        let port = env(&[("PGPORT", "6432")]);
        for (url, want) in [
            ("postgres://u@h/db", "postgres://u@h:6432/db"),
            (
                "postgresql://h1,h2?sslmode=disable",
                "postgresql://h1:6432,h2:6432?sslmode=disable",
            ),
            ("postgres://u:p@[::1]/db", "postgres://u:p@[::1]:6432/db"),
            ("postgres://u@h:5433/db", "postgres://u@h:5433/db"),
            ("postgres://u@[::1]:5433/db", "postgres://u@[::1]:5433/db"),
            ("postgres:///db", "postgres:///db"),
            // An unencoded `/` or `?` in a password, as the driver reads it.
            ("postgres://u:pa/ss@h/db", "postgres://u:pa/ss@h:6432/db"),
            ("postgres://u:p?w@h?x=1", "postgres://u:p?w@h:6432?x=1"),
            ("host=h dbname=db", "host=h dbname=db"),
        ] {
            assert_eq!(url_with_env_port(url, &port)?, want, "{url}");
        }
        let two = env(&[("PGPORT", "1,2")]);
        assert_eq!(
            url_with_env_port("postgres://a,b/db", &two)?,
            "postgres://a:1,b:2/db"
        );
        let err = url_with_env_port("postgres://a/db", &two).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PGPORT gives 2 ports for 1 host; give one port, or one for each host"
        );
        let err = url_with_env_port("postgres://a,b,c/db", &two).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PGPORT gives 2 ports for 3 hosts; give one port, or one for each host"
        );
        let err = url_with_env_port("postgres://h/db", &env(&[("PGPORT", "54x")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PGPORT is \"54x\", not a port number (1 to 65535)"
        );
        assert_eq!(
            url_with_env_port("postgres://h/db", &env(&[]))?,
            "postgres://h/db"
        );
        Ok(())
    }

    #[test]
    fn unreadable_variables_are_errors_naming_them() {
        let err = filled("postgres://", &[("PGPORT", "54x")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PGPORT is \"54x\", not a port number (1 to 65535)"
        );
        let err = filled("postgres://", &[("PGCONNECT_TIMEOUT", "soon")]).unwrap_err();
        assert!(
            err.to_string().starts_with("PGCONNECT_TIMEOUT is \"soon\""),
            "{err}"
        );
    }

    #[test]
    fn the_password_file_is_read_unless_others_may_read_it() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("pass");
        std::fs::write(&file, "h:5432:db:alice:from-file\n")?;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        let path = file.display().to_string();
        let vars = [("PGPASSFILE", path.as_str())];
        let (c, warnings) = filled("postgres://alice@h/db", &vars)?;
        assert!(warnings.is_empty());
        assert_eq!(c.get_password(), Some(&b"from-file"[..]));
        // PGPASSWORD comes first, as in libpq.
        let (c, _) = filled(
            "postgres://alice@h/db",
            &[("PGPASSFILE", path.as_str()), ("PGPASSWORD", "env")],
        )?;
        assert_eq!(c.get_password(), Some(&b"env"[..]));
        // ~/.pgpass when PGPASSFILE is unset.
        std::fs::write(dir.path().join(".pgpass"), "*:*:*:alice:from-home\n")?;
        std::fs::set_permissions(
            dir.path().join(".pgpass"),
            std::fs::Permissions::from_mode(0o600),
        )?;
        let home = dir.path().display().to_string();
        let (c, _) = filled("postgres://alice@h/db", &[("HOME", home.as_str())])?;
        assert_eq!(c.get_password(), Some(&b"from-home"[..]));
        // Group-readable: ignored, with one warning.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640))?;
        let (c, warnings) = filled("postgres://alice@h/db", &vars)?;
        assert_eq!(c.get_password(), None);
        assert_eq!(
            warnings,
            [format!(
                "password file \"{path}\" has group or world access; permissions should be u=rw (0600) or less; ignored"
            )]
        );
        Ok(())
    }

    /// A password file over 1 MiB (here a sparse one whose first line would
    /// match) is ignored with a warning, never read whole: a huge one took
    /// minutes and gigabytes of memory.
    #[test]
    fn a_password_file_over_a_mebibyte_is_ignored() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("pass");
        std::fs::write(&file, "h:5432:db:alice:from-file\n")?;
        std::fs::File::options()
            .write(true)
            .open(&file)?
            .set_len((1 << 20) + 1)?;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        let path = file.display().to_string();
        let (c, warnings) = filled("postgres://alice@h/db", &[("PGPASSFILE", path.as_str())])?;
        assert_eq!(c.get_password(), None);
        assert_eq!(
            warnings,
            [format!(
                "password file \"{path}\" is larger than the 1 MiB a password file may be; ignored"
            )]
        );
        Ok(())
    }
}
