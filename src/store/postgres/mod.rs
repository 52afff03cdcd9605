//! The ticket log in a PostgreSQL database shared by a team: connecting (and
//! refusing databases that are not ours), transactions, the write lock and
//! the errors a user sees. Every write is one READ COMMITTED transaction
//! that first takes one advisory lock, so writers queue exactly as on
//! SQLite (BEGIN IMMEDIATE); every read is one REPEATABLE READ snapshot.
//! Every wait on the server has a deadline (see `session.rs`), and
//! connection strings are shown with every password masked (see
//! `conninfo.rs`).

mod conninfo;
mod copy;
mod environment;
mod files;
mod hosts;
mod libpq_names;
mod limits;
mod no_answer;
mod queries;
mod reached;
mod schema;
mod session;
mod tls;

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use anyhow::Result;
use tokio_postgres::Statement;
use tokio_postgres::error::SqlState;

pub use conninfo::{almost, is_keyword_value, is_url, quoted, redact};
pub use queries::PgTx;
use schema::IfEmpty;
use session::{Mode, NoAnswer, Session, Step};

/// The advisory lock every writer (and every migration) holds for its whole
/// transaction: "SLAC", the same number as the SQLite store's
/// application id. Advisory locks are per database, so logs on one server do
/// not block each other.
const LOCK_KEY: i64 = 0x534C_4143;

/// The session advisory lock one `notify` holds while it sends: "SLAN".
const NOTIFY_KEY: i64 = 0x534C_414E;

/// The statement that takes the write lock (waiting at most the busy
/// timeout for the writer holding it).
fn lock_sql() -> String {
    format!("SELECT pg_advisory_xact_lock({LOCK_KEY})")
}

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open PostgreSQL ticket log: one connection, and the statements
/// prepared on it so far (they outlive transactions).
pub struct PgStore {
    session: Session,
    statements: HashMap<String, Statement>,
    /// The texts of the policy versions read so far (they never change).
    texts: HashMap<i64, String>,
    /// The check that the database is a current slaclock log, when it is
    /// still to be made (with the first transaction's first request), and
    /// what to do if it holds none.
    unchecked: Option<IfEmpty>,
    /// How many rows `migrate` sends per COPY (see `copy.rs`).
    copy_batch: usize,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.session.shown)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` and creates the schema in it if it
    /// is empty and `create` is set. A database holding anything else, or
    /// written by a newer slaclock, is refused before anything is written.
    pub fn open(url: &str, create: bool) -> Result<PgStore> {
        let session = connect(url, &redact(url))?;
        schema::prepare(&session, create)?;
        Ok(PgStore::with(session, None))
    }

    /// Connects to the database at `url`, like `open`, but leaves the
    /// check of what it holds to the first transaction, which sends it
    /// with its first request (a command then waits on the server once
    /// for both). The check refuses and migrates exactly as `open` does,
    /// before anything else runs.
    pub fn connect(url: &str, create: bool) -> Result<PgStore> {
        let session = connect(url, &redact(url))?;
        Ok(PgStore::with(session, Some(IfEmpty::when(create))))
    }

    /// `connect` for `migrate`'s target: an empty database gets its schema
    /// from the copy's own transaction (`copy_write`), so a copy that
    /// fails leaves nothing of it; until then a read finds no log there.
    pub fn connect_copy_target(url: &str) -> Result<PgStore> {
        let session = connect(url, &redact(url))?;
        Ok(PgStore::with(session, Some(IfEmpty::CreateInWrite)))
    }

    /// `connect`, giving up connecting after `limit` whatever the
    /// connection string and the environment allow.
    pub fn connect_within(url: &str, create: bool, limit: Duration) -> Result<PgStore> {
        let session = Session::connect(url, &redact(url), BUSY_TIMEOUT, Some(limit))?;
        Ok(PgStore::with(session, Some(IfEmpty::when(create))))
    }

    /// Where a connection to `url` is tried (`host:port`, or a socket's
    /// path), as a failure to connect names it: what the string says, else
    /// `PGHOST` and `PGPORT`, else the socket. None where that cannot be
    /// said (a malformed string, or a host that may be part of a password).
    pub fn places(url: &str) -> Option<String> {
        let shown = redact(url);
        let env = |name: &str| std::env::var(name).ok();
        let resolved = hosts::resolve(url, &shown, &env).ok()?;
        hosts::named(&resolved.config, &shown, resolved.url_names_host)
    }

    /// The server this store is connected to, as [`PgStore::places`]
    /// names it.
    pub fn place(&self) -> Option<&str> {
        self.session.at.as_deref()
    }

    fn with(session: Session, unchecked: Option<IfEmpty>) -> PgStore {
        PgStore {
            session,
            statements: HashMap::new(),
            texts: HashMap::new(),
            unchecked,
            copy_batch: copy::BATCH,
        }
    }

    /// A transaction of `mode`, begun with its first request.
    fn tx(&mut self, mode: Mode) -> PgTx<'_> {
        let session = &self.session;
        let opening = queries::Opening {
            begin: session.begin_sql(mode),
            lock: (mode == Mode::Write).then(lock_sql),
            see: false,
        };
        let step = match mode {
            Mode::Read => Step::Read,
            Mode::Write => Step::Write,
        };
        let parts = queries::PgParts {
            session,
            statements: &mut self.statements,
            texts: &mut self.texts,
            unchecked: &mut self.unchecked,
        };
        PgTx::new(parts, step, opening, self.copy_batch)
    }

    /// How long a statement waits for another session's lock (the write
    /// lock, or a table another program locked) before giving up with a
    /// "busy" message: the transaction's `lock_timeout`.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<()> {
        self.session.set_busy_timeout(timeout);
        Ok(())
    }

    /// Runs `f` in a transaction that first takes the log's write lock:
    /// committed if `f` returns Ok (unless `finish_change` already did),
    /// rolled back if it returns Err.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut PgTx) -> Result<T>) -> Result<T> {
        self.write_with(false, f)
    }

    /// `write` for `migrate`'s copy, with no idle limit (see
    /// `PgTx::without_idle_limit`).
    pub fn copy_write<T>(&mut self, f: impl FnOnce(&mut PgTx) -> Result<T>) -> Result<T> {
        self.write_as(false, true, f)
    }

    /// `write`, the newest event id read before the lock when `seeing`.
    fn write_with<T>(&mut self, seeing: bool, f: impl FnOnce(&mut PgTx) -> Result<T>) -> Result<T> {
        self.write_as(seeing, false, f)
    }

    /// `write_with`, without the idle limit when `copying`.
    fn write_as<T>(
        &mut self,
        seeing: bool,
        copying: bool,
        f: impl FnOnce(&mut PgTx) -> Result<T>,
    ) -> Result<T> {
        let mut tx = self.tx(Mode::Write);
        if seeing {
            tx.see_before_lock();
        }
        if copying {
            tx.without_idle_limit();
        }
        let value = f(&mut tx).and_then(|value| {
            tx.send_copies()?;
            // A write that asked nothing still checks the log and takes
            // the lock, as it always has.
            tx.begin_now()?;
            Ok(value)
        });
        let (session, committed, ended, said) = (tx.session(), tx.committed, tx.ended, tx.said);
        let value = match value {
            Ok(value) => value,
            Err(e) if committed => {
                return Err(e.context(crate::msg!("pg-recorded-but", shown = &session.shown)));
            }
            Err(e) => {
                if tx.began() && !ended {
                    let _ = session.rollback();
                }
                return Err(if said { e } else { explain(session, e) });
            }
        };
        if !committed {
            session.commit().map_err(|e| explain_commit(session, e))?;
        }
        Ok(value)
    }

    /// `write`, noting the newest event id before the write lock was taken
    /// (see `Store::write_seeing`): read in the transaction's first
    /// request, just before the lock.
    pub fn write_seeing<T>(
        &mut self,
        noted: Option<i64>,
        f: impl FnOnce(&mut PgTx) -> Result<T>,
    ) -> Result<T> {
        match noted {
            Some(seen) => self.write_with(false, |tx| {
                tx.seen = Some(seen);
                f(tx)
            }),
            None => self.write_with(true, f),
        }
    }

    /// Takes the session advisory lock of this log's `notify` if no other
    /// session holds it (see `Store::claim_notify`).
    pub fn claim_notify(&mut self) -> Result<bool> {
        // The claim lasts as long as the session. A run whose client
        // vanished (a network that stopped forwarding) would hold it until
        // the server's own keepalives notice, two hours on its defaults:
        // this session asks the server to probe as the client does.
        let keepalives = format!(
            "SET tcp_keepalives_idle = {}; SET tcp_keepalives_interval = {}; \
             SET tcp_keepalives_count = {}",
            session::KEEPALIVE_IDLE.as_secs(),
            session::KEEPALIVE_INTERVAL.as_secs(),
            session::KEEPALIVE_RETRIES
        );
        self.session
            .batch(Step::Read, &keepalives)
            .map_err(|e| explain(&self.session, e))?;
        let rows = self
            .session
            .query_sql(
                Step::Read,
                &format!("SELECT pg_try_advisory_lock({NOTIFY_KEY})"),
                &[],
            )
            .map_err(|e| explain(&self.session, e))?;
        Ok(rows.first().and_then(|r| r.try_get::<_, bool>(0).ok()) == Some(true))
    }

    /// Runs `f` in a REPEATABLE READ, READ ONLY transaction, so it sees one
    /// consistent snapshot; the transaction is always rolled back.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut PgTx) -> Result<T>) -> Result<T> {
        let mut tx = self.tx(Mode::Read);
        let value = f(&mut tx).and_then(|value| tx.begin_now().map(|()| value));
        let (session, said) = (tx.session(), tx.said);
        let ended = if tx.began() {
            session.rollback()
        } else {
            Ok(())
        };
        let value = value.map_err(|e| if said { e } else { explain(session, e) })?;
        ended.map_err(|e| explain(session, e))?;
        Ok(value)
    }

    /// For tests: how many rows `migrate` sends per COPY, so a small log
    /// spans several batches.
    #[cfg(test)]
    pub(crate) fn set_copy_batch(&mut self, rows: usize) {
        self.copy_batch = rows;
    }

    /// For the shared suite: see `schema::catalog`.
    #[cfg(test)]
    pub(crate) fn catalog(&mut self) -> Result<crate::store::catalog::Catalog> {
        // A store opened by `connect` checks (and creates) its schema
        // with its first transaction.
        self.read(|_| Ok(()))?;
        schema::catalog(&self.session)
    }
}

/// Connects to `url`, shown as `shown` in messages.
fn connect(url: &str, shown: &str) -> Result<Session> {
    Session::connect(url, shown, BUSY_TIMEOUT, None)
}

/// For tests: creates a new, empty, uniquely named database on the server
/// at `server_url` and returns the URL of that database. The name ends in
/// the second it was made, so the first call of a test run drops the test
/// databases of runs over an hour old (`reap_old_test_databases`): a test
/// server does not fill up with them.
#[cfg(test)]
pub fn fresh_database(server_url: &str) -> Result<String> {
    use anyhow::Context as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static REAPED: std::sync::Once = std::sync::Once::new();
    let name = format!(
        "slaclock_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        crate::store::test_databases::now()
    );
    let url = with_database(server_url, &name)?;
    let shown = redact(server_url);
    let session = connect(server_url, &shown)?;
    REAPED.call_once(|| reap_old_test_databases(&session));
    // An identifier cannot be a bound parameter; this one is made above of
    // digits, letters and underscores only. template0 is never connected
    // to, so tests may create databases in parallel.
    session
        .batch(
            Step::Write,
            &format!("CREATE DATABASE {name} TEMPLATE template0"),
        )
        .with_context(|| format!("cannot create the database {name} on {shown}"))?;
    Ok(url)
}

/// For tests: drops the suites' databases made over an hour ago
/// (`store::test_databases`). Best effort: one another run drops first,
/// or one still in use, is left.
#[cfg(test)]
fn reap_old_test_databases(session: &Session) {
    use crate::store::test_databases::{LIST, drop_if_stale, now};
    let Ok(rows) = session.query_sql(Step::Read, LIST, &[]) else {
        return;
    };
    let now = now();
    for row in rows {
        if let Some(drop) = row
            .try_get::<_, String>(0)
            .ok()
            .and_then(|name| drop_if_stale(&name, now))
        {
            let _ = session.batch(Step::Write, &drop);
        }
    }
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

/// A PostgreSQL error as one line, with its SQLSTATE kept so the busy and
/// other cases can be recognised further up.
#[derive(Debug)]
pub(crate) struct DbFailure {
    message: String,
    code: Option<SqlState>,
    /// The connection broke (server gone, network down).
    lost: bool,
}

impl DbFailure {
    /// The PostgreSQL failure behind `err`, if one is.
    fn of(err: &anyhow::Error) -> Option<&DbFailure> {
        err.chain().find_map(|e| e.downcast_ref::<DbFailure>())
    }
}

impl fmt::Display for DbFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbFailure {}

/// Wraps a driver error for `?`: its one-line description and its code.
pub(crate) fn db(e: tokio_postgres::Error) -> anyhow::Error {
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
fn describe(e: &tokio_postgres::Error) -> String {
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
                match tls::refused_certificate(c) {
                    // Said in words; rustls's own text after them is
                    // its debug form, left out.
                    Some(words) => {
                        text.push_str(&words);
                        break;
                    }
                    None => text.push_str(&c.to_string()),
                }
                cause = c.source();
            }
            text
        }
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The message naming the log for errors a user can act on: a lock held
/// too long by another session, a statement the server cancelled, missing
/// privileges, a broken connection. A request that got no answer already
/// says all of that itself.
fn user_message(session: &Session, err: &anyhow::Error) -> Option<crate::i18n::Msg> {
    let shown = &session.shown;
    let failure = DbFailure::of(err)?;
    if failure.lost {
        return Some(crate::msg!("pg-lost", shown = shown));
    }
    let code = failure.code.as_ref()?;
    if *code == SqlState::T_R_DEADLOCK_DETECTED || *code == SqlState::T_R_SERIALIZATION_FAILURE {
        Some(crate::msg!("store-busy", path = shown))
    } else if *code == SqlState::LOCK_NOT_AVAILABLE {
        Some(crate::msg!(
            "pg-locked",
            shown = shown,
            waited = crate::i18n::duration(session.busy_timeout())
        ))
    } else if *code == SqlState::QUERY_CANCELED {
        Some(crate::msg!("pg-cancelled", shown = shown))
    } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        Some(crate::msg!("pg-refused-access", shown = shown))
    } else if *code == SqlState::DUPLICATE_PSTATEMENT {
        // The server connection already holds another client's statements:
        // a pooler that hands it on after each transaction.
        Some(crate::msg!("pg-transaction-pooling", shown = shown))
    } else {
        None
    }
}

fn is_no_answer(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<NoAnswer>().is_some())
}

/// Says when the log was busy, refused access or went away; other errors
/// pass through unchanged.
fn explain(session: &Session, err: anyhow::Error) -> anyhow::Error {
    match user_message(session, &err) {
        Some(message) if !is_no_answer(&err) => err.context(message),
        _ => err,
    }
}

/// Like [`explain`], for the statement that takes the write lock: waiting
/// too long there means another slaclock is writing.
fn explain_lock(session: &Session, err: anyhow::Error) -> anyhow::Error {
    let busy =
        DbFailure::of(&err).and_then(|f| f.code.as_ref()) == Some(&SqlState::LOCK_NOT_AVAILABLE);
    if busy {
        err.context(crate::msg!("store-busy", path = &session.shown))
    } else {
        explain(session, err)
    }
}

/// Like [`explain`], for the COMMIT: a connection lost while committing
/// leaves the outcome unknown, and the message says so.
fn explain_commit(session: &Session, err: anyhow::Error) -> anyhow::Error {
    let lost = DbFailure::of(&err).is_some_and(|f| f.lost);
    if lost {
        err.context(crate::msg!("pg-lost-committing", shown = &session.shown))
    } else {
        explain(session, err)
    }
}

/// Like [`explain`], but says which log any other error is about.
fn explain_open(session: &Session, err: anyhow::Error) -> anyhow::Error {
    if is_no_answer(&err) {
        return err;
    }
    match user_message(session, &err) {
        Some(message) => err.context(message),
        None => err.context(crate::msg!("store-cannot-open", path = &session.shown)),
    }
}

#[cfg(test)]
mod tests;
