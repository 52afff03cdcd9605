//! The ticket log in a PostgreSQL database shared by a team: connecting (and
//! refusing databases that are not ours), transactions, the write lock and
//! the errors a user sees. Every write is one READ COMMITTED transaction
//! that first takes one advisory lock, so writers queue exactly as on
//! SQLite (BEGIN IMMEDIATE); every read is one REPEATABLE READ snapshot.
//! Connection strings are shown with every password masked (see
//! `conninfo.rs`).

mod conninfo;
mod queries;
mod schema;

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use anyhow::{Result, anyhow};
use postgres::error::SqlState;
use postgres::{Client, IsolationLevel, NoTls, Statement};

pub use conninfo::{is_keyword_value, is_url, redact};
pub use queries::PgTx;

use super::Tx;

/// The advisory lock every writer (and every migration) holds for its whole
/// transaction: "SLAC", the same number as the SQLite store's
/// application id. Advisory locks are per database, so logs on one server do
/// not block each other.
const LOCK_KEY: i64 = 0x534C_4143;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long connecting may take when the URL does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An open PostgreSQL ticket log: one connection, and the statements
/// prepared on it so far (they outlive transactions).
pub struct PgStore {
    client: Client,
    statements: HashMap<String, Statement>,
    /// The URL without its password, for messages.
    shown: String,
    busy: Duration,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` and creates the schema in it if it
    /// is empty and `create` is set. A database holding anything else, or
    /// written by a newer slaclock, is refused before anything is written.
    pub fn open(url: &str, create: bool) -> Result<PgStore> {
        let shown = redact(url);
        let mut client = connect(url, &shown)?;
        schema::prepare(&mut client, &shown, create)?;
        Ok(PgStore {
            client,
            statements: HashMap::new(),
            shown,
            busy: BUSY_TIMEOUT,
        })
    }

    /// How long a write waits for another writer (the advisory lock) before
    /// giving up with a "busy" message: the transaction's `lock_timeout`.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<()> {
        self.busy = timeout;
        Ok(())
    }

    /// Runs `f` in a transaction that first takes the log's write lock:
    /// committed if `f` returns Ok, rolled back if it returns Err. READ
    /// COMMITTED, so every statement after the lock sees what the previous
    /// writer committed (a REPEATABLE READ snapshot would be taken by the
    /// lock statement itself, before the wait).
    pub fn write<T>(&mut self, f: impl FnOnce(&dyn Tx) -> Result<T>) -> Result<T> {
        let PgStore {
            client,
            statements,
            shown,
            busy,
        } = self;
        let shown = shown.as_str();
        let tx = client.transaction().map_err(|e| explain(shown, db(e)))?;
        let tx = PgTx::new(tx, statements);
        tx.lock(&lock_timeout(*busy), LOCK_KEY)
            .map_err(|e| explain(shown, e))?;
        let value = f(&tx).map_err(|e| explain(shown, e))?;
        tx.commit().map_err(|e| explain(shown, e))?;
        Ok(value)
    }

    /// Runs `f` in a REPEATABLE READ, READ ONLY transaction, so it sees one
    /// consistent snapshot; the transaction is always rolled back.
    pub fn read<T>(&mut self, f: impl FnOnce(&dyn Tx) -> Result<T>) -> Result<T> {
        let PgStore {
            client,
            statements,
            shown,
            ..
        } = self;
        let shown = shown.as_str();
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| explain(shown, db(e)))?;
        let tx = PgTx::new(tx, statements);
        let value = f(&tx).map_err(|e| explain(shown, e))?;
        tx.rollback().map_err(|e| explain(shown, e))?;
        Ok(value)
    }
}

/// Connects with the URL's settings, without TLS: the `postgres` crate is
/// built here without a TLS implementation (`NoTls`), so a server that
/// requires TLS refuses the connection and the message says so. Any failure
/// is one line naming the redacted URL.
fn connect(url: &str, shown: &str) -> Result<Client> {
    let fail = |e: postgres::Error| {
        let reason = describe(&e);
        let hint = if reason.contains("TLS") {
            " (slaclock connects without TLS: use sslmode=disable or prefer, or a tunnel)"
        } else {
            ""
        };
        anyhow!("cannot connect to the ticket log {shown}: {reason}{hint}")
    };
    let mut config: postgres::Config = url.parse().map_err(fail)?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("slaclock");
    }
    config.connect(NoTls).map_err(fail)
}

/// For tests: creates a new, empty, uniquely named database on the server
/// at `server_url` and returns the URL of that database.
#[cfg(test)]
pub fn fresh_database(server_url: &str) -> Result<String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "slaclock_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let url = with_database(server_url, &name)?;
    let shown = redact(server_url);
    let mut client = connect(server_url, &shown)?;
    // An identifier cannot be a bound parameter; this one is made above of
    // digits, letters and underscores only. template0 is never connected
    // to, so tests may create databases in parallel.
    client
        .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
        .map_err(|e| {
            anyhow!(
                "cannot create the database {name} on {shown}: {}",
                describe(&e)
            )
        })?;
    Ok(url)
}

/// `url` naming the database `name` instead of its own.
#[cfg(test)]
fn with_database(url: &str, name: &str) -> Result<String> {
    let (main, query) = match url.split_once('?') {
        Some((main, query)) => (main, Some(query)),
        None => (url, None),
    };
    let Some((scheme, rest)) = main.split_once("://") else {
        anyhow::bail!("{} is not a postgres:// URL", redact(url));
    };
    let host_start = rest.rfind('@').map_or(0, |at| at + 1);
    let host_end = rest[host_start..]
        .find('/')
        .map_or(rest.len(), |slash| host_start + slash);
    let mut out = format!("{scheme}://{}/{name}", &rest[..host_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    Ok(out)
}

/// The value for `lock_timeout`: whole milliseconds, at least 1 (0 would
/// mean "wait forever"), at most what PostgreSQL accepts.
fn lock_timeout(timeout: Duration) -> String {
    let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
    format!("{millis}ms")
}

/// A PostgreSQL error as one line, with its SQLSTATE kept so the busy and
/// other cases can be recognised further up.
#[derive(Debug)]
pub(crate) struct DbFailure {
    message: String,
    code: Option<SqlState>,
    /// The connection broke (server gone, network down).
    lost: bool,
}

impl fmt::Display for DbFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbFailure {}

/// Wraps a driver error for `?`: its one-line description and its code.
pub(crate) fn db(e: postgres::Error) -> anyhow::Error {
    let message = describe(&e);
    DbFailure {
        lost: e.is_closed() || message.starts_with("error communicating with the server"),
        code: e.code().cloned(),
        message,
    }
    .into()
}

/// The server's message (with its detail), or the driver's error and its
/// causes, on one line.
fn describe(e: &postgres::Error) -> String {
    let text = match e.as_db_error() {
        Some(err) => match err.detail() {
            Some(detail) => format!("{} ({detail})", err.message()),
            None => err.message().to_owned(),
        },
        None => {
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                text.push_str(": ");
                text.push_str(&c.to_string());
                cause = c.source();
            }
            text
        }
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The message naming the log for errors a user can act on: another writer
/// held the lock too long, the role lacks privileges, the connection broke.
fn user_message(shown: &str, err: &anyhow::Error) -> Option<String> {
    let failure = err.chain().find_map(|e| e.downcast_ref::<DbFailure>())?;
    if failure.lost {
        return Some(format!("lost the connection to the ticket log {shown}"));
    }
    let code = failure.code.as_ref()?;
    if *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
    {
        Some(format!(
            "the ticket log {shown} is busy (another slaclock is writing); try again"
        ))
    } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        Some(format!(
            "the ticket log {shown} refused access; check the privileges of the database role"
        ))
    } else {
        None
    }
}

/// Says when the log was busy, refused access or went away; other errors
/// pass through unchanged.
fn explain(shown: &str, err: anyhow::Error) -> anyhow::Error {
    match user_message(shown, &err) {
        Some(message) => err.context(message),
        None => err,
    }
}

/// Like [`explain`], but says which log any other error is about.
fn explain_open(shown: &str, err: anyhow::Error) -> anyhow::Error {
    match user_message(shown, &err) {
        Some(message) => err.context(message),
        None => err.context(format!("cannot open the ticket log {shown}")),
    }
}

#[cfg(test)]
mod tests;
