//! Where a connection goes, and going there: the connection string and
//! libpq's environment resolved into the driver's settings ([`resolve`]),
//! and its hosts tried ([`connect`]), so that a failure can name them.

use std::time::Duration;

use anyhow::{Result, anyhow};
use tokio::runtime::Runtime;
use tokio_postgres::config::Host;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{Client, Config, Connection, Socket};

use super::{describe, environment, reached, tls};

/// A connection string as the driver will use it.
pub(super) struct Resolved {
    pub(super) config: Config,
    pub(super) tls: tls::Settings,
    /// The string itself named a host (else the environment or the
    /// socket did): see [`reached::nameable`].
    pub(super) url_names_host: bool,
    /// Every host is a Unix-domain socket, which never carries TLS.
    pub(super) sockets_only: bool,
    /// What the environment's password file was found to be, said once.
    pub(super) warnings: Vec<String>,
}

/// The one line for a connection that could not be made to the log
/// `shown`, with why.
pub(super) fn cannot_connect(shown: &str, error: String) -> anyhow::Error {
    anyhow!(crate::msg!(
        "pg-cannot-connect-because",
        shown = shown,
        error = error
    ))
}

/// `url` (a URL or keyword/value string) with what libpq's environment
/// (`env`) fills in, and its TLS settings; any failure is one line naming
/// `shown`. Nothing is connected to, and no certificate read.
pub(super) fn resolve(
    url: &str,
    shown: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved> {
    let because = |error: String| cannot_connect(shown, error);
    let refuse = |e: anyhow::Error| because(crate::i18n::os::chain(&e));
    let (url, mode, root_cert) = tls::take(url);
    let settings = tls::settings(mode, root_cert, env).map_err(refuse)?;
    let url = environment::url_with_env_port(&url, env).map_err(refuse)?;
    let mut config: Config = url.parse().map_err(|e| because(describe(&e)))?;
    config.ssl_mode(settings.mode.driver());
    let url_names_host = !config.get_hosts().is_empty() || !config.get_hostaddrs().is_empty();
    let warnings = environment::fill(&mut config, env).map_err(refuse)?;
    // As libpq: sslmode is not for Unix-domain sockets, which never
    // carry TLS (the server answers no to every request for it).
    let sockets_only = config.get_hostaddrs().is_empty()
        && !config.get_hosts().is_empty()
        && config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, Host::Unix(_)));
    if sockets_only {
        config.ssl_mode(tls::SslMode::Disable.driver());
    }
    Ok(Resolved {
        config,
        tls: settings,
        url_names_host,
        sockets_only,
        warnings,
    })
}

/// How many hosts `config` tries.
pub(super) fn count(config: &Config) -> usize {
    config
        .get_hosts()
        .len()
        .max(config.get_hostaddrs().len())
        .max(1)
}

/// How a connection to every host failed.
pub(super) enum Failed {
    /// The last host that answered, or could not be reached, said this.
    Error(tokio_postgres::Error),
    /// No host answered within the connect timeout.
    NoAnswer,
}

/// A connection and the task that drives it, with the host it reached.
pub(super) type Connected<T> = (
    Client,
    Connection<Socket, <T as MakeTlsConnect<Socket>>::Stream>,
    Config,
);

/// Connects to a host of `config`, all of them within `timeout` (the
/// driver tries each host in turn, each within the timeout).
pub(super) fn connect<T>(
    runtime: &Runtime,
    config: &Config,
    connector: &T,
    timeout: Duration,
) -> Result<Connected<T>, Failed>
where
    T: MakeTlsConnect<Socket> + Clone,
{
    let tried = runtime
        .block_on(async { tokio::time::timeout(timeout, config.connect(connector.clone())).await });
    match tried {
        Ok(Ok((client, connection))) => Ok((client, connection, config.clone())),
        Ok(Err(e)) => Err(Failed::Error(e)),
        Err(_) => Err(Failed::NoAnswer),
    }
}

/// Where `config` connects, as a failure names it ([`environment::tried`]),
/// unless that could show a secret (see [`reached::nameable`]).
pub(super) fn named(config: &Config, shown: &str, url_names_host: bool) -> Option<String> {
    reached::nameable(config, shown, url_names_host).then(|| environment::tried(config))
}
