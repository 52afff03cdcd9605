//! One connection to the PostgreSQL server, where every wait has a deadline,
//! so no command ever hangs on a server that stopped answering (frozen,
//! SIGSTOPped, half-dead network, or something that accepts connections and
//! says nothing).
//!
//! The design: the `tokio-postgres` driver runs on a private single-thread
//! runtime owned by the session, and each round trip is
//! `runtime.block_on(timeout(limit, request))` on the calling thread. (A
//! listing takes its rows in steps, [`Session::block_on`] and
//! [`Within::rows`], with the next page's requests sent ahead, [`Ahead`];
//! the caller's code runs between the steps, never inside one.) A
//! request that gets no answer in time is dropped, the session is marked
//! abandoned (its protocol state is unknown, so it is never used again), and
//! the caller gets a [`NoAnswer`] error: one line naming the server, saying
//! whether anything may have been recorded. No watchdog thread, no signal,
//! no `exit` from inside the store: the error travels up like any other.
//! (The blocking `postgres` crate cannot do this: its waits have no
//! timeout, and its `connect_timeout` covers only the TCP connect, not the
//! startup and authentication that follow.)
//!
//! Near 700 lines: every wait's deadline stays in this one file, so what a
//! timeout leaves recorded is decided in one place (values in `limits.rs`).
//!
//! The limits, from shortest to longest:
//! - connecting, startup and authentication included, within the URL's
//!   `connect_timeout` (default [`CONNECT_TIMEOUT`]; `0` does not mean
//!   "forever" here), per host tried;
//! - TCP keepalives (unless the URL sets them), so a vanished peer is
//!   noticed by the kernel even between requests;
//! - on the server, in every transaction: `lock_timeout` (the busy timeout,
//!   `SLACLOCK_BUSY_TIMEOUT`, default 10 s) and `statement_timeout` (the
//!   busy timeout plus [`STATEMENT_WORK`]), so a healthy server ends a
//!   statement stuck behind another session's lock by itself, with an error
//!   (a read's first listing turns `statement_timeout` off for the rest of
//!   it: its statement stays open while the caller takes rows in slowly,
//!   and `lock_timeout` still holds);
//! - on the client, for every request: `statement_timeout` plus the connect
//!   timeout. A server that has not answered by then cannot enforce its own
//!   timeouts, so the request is given up. If that request was the COMMIT,
//!   the change may or may not have been recorded, and the message says so;
//! - a write's idle limit ([`WRITE_IDLE`]) and a schema upgrade's longer
//!   allowance ([`UPGRADE_WORK`]).
//!
//! The values are in `limits.rs`. Over 600 lines: every wait on the server
//! is here, so that no path to the server is left without its deadline;
//! split, a request could be sent without its limit.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use futures_util::TryStreamExt;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Config, Row, RowStream, Statement};

use super::{db, describe, hosts, lock_sql, tls};

use super::limits::{CLOSE_WAIT, DRIVER_KEEPALIVE_IDLE};
pub(super) use super::limits::{
    CONNECT_TIMEOUT, KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_RETRIES, STATEMENT_WORK,
    UPGRADE_WORK, WRITE_IDLE,
};

pub(super) use super::no_answer::{NoAnswer, Step};

/// The limit of every wait in a conversation with the server: a request
/// that gets no answer in time gives the session up, as in
/// [`Session::wait`].
pub(super) struct Within<'s> {
    session: &'s Session,
    step: Step,
    limit: Duration,
}

impl<'s> Within<'s> {
    /// Waits for `request` at most the answer limit. An answer already
    /// here (the next row of a listing, mostly) is taken without setting
    /// a timer.
    pub(super) async fn answer<T>(
        &self,
        request: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T> {
        let mut request = std::pin::pin!(request);
        if let Poll::Ready(answer) = poll_once(request.as_mut()).await {
            return answer.map_err(db);
        }
        match tokio::time::timeout(self.limit, request).await {
            Ok(answer) => answer.map_err(db),
            Err(_) => {
                self.session.abandoned.set(true);
                Err(self.no_answer().into())
            }
        }
    }

    /// The rows of `stream` already here, into `rows` (cleared first), at
    /// most `most`: waits, within the limit, only for the first. False when
    /// the stream has ended (then `rows` holds its last ones, if any).
    pub(super) async fn rows(
        &self,
        mut stream: Pin<&mut RowStream>,
        rows: &mut Vec<Row>,
        most: usize,
    ) -> Result<bool> {
        rows.clear();
        match self.answer(stream.as_mut().try_next()).await? {
            Some(row) => rows.push(row),
            None => return Ok(false),
        }
        while rows.len() < most {
            let mut next = stream.as_mut();
            let next = std::pin::pin!(next.try_next());
            match poll_once(next).await {
                Poll::Ready(Ok(Some(row))) => rows.push(row),
                Poll::Ready(Ok(None)) => return Ok(false),
                Poll::Ready(Err(e)) => return Err(db(e)),
                Poll::Pending => break,
            }
        }
        Ok(true)
    }

    pub(super) fn session(&self) -> &'s Session {
        self.session
    }

    fn no_answer(&self) -> NoAnswer {
        NoAnswer {
            shown: self.session.shown.clone(),
            at: self.session.at.clone(),
            step: self.step,
            waited: self.limit,
        }
    }
}

/// A request sent ahead of reading the answers before it: the driver
/// queues a request when it is first polled, so [`Ahead::send`] polls it
/// once, and its answer is awaited later, in its turn.
pub(super) enum Ahead<F: Future> {
    Sent(Pin<Box<F>>),
    Answered(F::Output),
}

impl<F: Future> Ahead<F> {
    pub(super) async fn send(request: F) -> Ahead<F> {
        let mut request = Box::pin(request);
        match poll_once(request.as_mut()).await {
            Poll::Ready(answer) => Ahead::Answered(answer),
            Poll::Pending => Ahead::Sent(request),
        }
    }

    pub(super) async fn answer(self) -> F::Output {
        match self {
            Ahead::Sent(request) => request.await,
            Ahead::Answered(answer) => answer,
        }
    }
}

/// Polls `request` once, in the task that awaits this.
async fn poll_once<F: Future>(mut request: Pin<&mut F>) -> Poll<F::Output> {
    std::future::poll_fn(|cx| Poll::Ready(request.as_mut().poll(cx))).await
}

/// One request of a [`Session::pipeline`].
pub(super) enum Request<'a> {
    /// Statements without parameters, by the simple protocol.
    Simple(&'a str),
    /// A statement and its values with their types, unprepared (parsed,
    /// bound and run in one go): its rows.
    Query(&'a str, Vec<(&'a (dyn ToSql + Sync), Type)>),
    /// The same, for how many rows it changed.
    Execute(&'a str, Vec<(&'a (dyn ToSql + Sync), Type)>),
}

/// The answer to one [`Request`].
#[derive(Debug)]
pub(super) enum Answer {
    Done,
    Rows(Vec<Row>),
    Changed(u64),
}

/// How a transaction begins: a read sees one snapshot and cannot write; a
/// write first takes the log's advisory lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Read,
    Write,
}

/// An open connection and the runtime that drives it.
pub(super) struct Session {
    runtime: Runtime,
    /// None only while the session is being dropped.
    client: Option<Client>,
    /// The task that reads and writes the socket.
    connection: Option<JoinHandle<()>>,
    /// The URL without its password, for messages.
    pub(super) shown: String,
    /// The server's `host:port` (or socket), for messages, unless naming
    /// it could show a secret.
    pub(super) at: Option<String>,
    connect_timeout: Duration,
    /// `lock_timeout`: how long a statement waits for another's lock.
    busy: Duration,
    /// What a statement may take beyond waiting for locks.
    work: Duration,
    /// A request went unanswered: the connection is in an unknown state.
    abandoned: Cell<bool>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Connects with the settings of `url` (a URL or a keyword/value
    /// string), over TLS as its `sslmode` says (see [`super::tls`]). Under
    /// `prefer`, a server without TLS is used in plain text and a warning
    /// says so. Any failure is one line naming `shown`. `limit`, if any,
    /// bounds the connect timeout whatever the string and environment say.
    pub(super) fn connect(
        url: &str,
        shown: &str,
        busy: Duration,
        limit: Option<Duration>,
    ) -> Result<Session> {
        let because = |error: String| hosts::cannot_connect(shown, error);
        let fail = |e: tokio_postgres::Error| because(describe(&e));
        let env = |name: &str| std::env::var(name).ok();
        let resolved = hosts::resolve(url, shown, &env)?;
        let (tls_settings, sockets_only) = (resolved.tls, resolved.sockets_only);
        let url_names_host = resolved.url_names_host;
        let (connector, tls_used) =
            tls::connector(&tls_settings).map_err(|e| because(crate::i18n::os::chain(&e)))?;
        for warning in resolved.warnings {
            let line = crate::msg!("pg-warning", warning = warning).to_string();
            crate::warning::say(&crate::i18n::os::line(&line));
        }
        let mut config = with_defaults(resolved.config);
        if let Some(limit) = limit.filter(|l| config.get_connect_timeout() > Some(l)) {
            config.connect_timeout(limit);
        }
        let connect_timeout = config
            .get_connect_timeout()
            .copied()
            .unwrap_or(CONNECT_TIMEOUT);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .with_context(|| crate::msg!("pg-cannot-connect", shown = shown))?;
        // The driver tries each host in turn, each within the timeout.
        let hosts = hosts::count(&config);
        let bound = connect_timeout.saturating_mul(u32::try_from(hosts).unwrap_or(u32::MAX));
        let connected = hosts::connect(&runtime, &config, &connector, bound);
        let (client, connection, reached) = match connected {
            Ok(connected) => connected,
            // Refused, unreachable, not PostgreSQL there, or cut off before
            // it answered: where it tried (the URL may have left that to
            // the environment, PGHOST and PGPORT, or the socket) and what
            // to check.
            Err(hosts::Failed::Error(e)) => {
                if let Some(said) = super::reached::said(&e, &config, shown, url_names_host) {
                    return Err(anyhow!(said));
                }
                // The server answered, and refused: said too, if in plain.
                if e.as_db_error().is_some() {
                    tls::say_if_plain(&tls_settings, sockets_only, &tls_used, shown, true);
                }
                return Err(fail(e));
            }
            Err(hosts::Failed::NoAnswer) => {
                return Err(NoAnswer {
                    shown: shown.to_owned(),
                    at: hosts::named(&config, shown, url_names_host),
                    step: Step::Connect,
                    waited: bound,
                }
                .into());
            }
        };
        tls::say_if_plain(&tls_settings, sockets_only, &tls_used, shown, false);
        // Errors of the connection itself surface in the next request.
        let connection = runtime.spawn(async move {
            let _ = connection.await;
        });
        Ok(Session {
            runtime,
            client: Some(client),
            connection: Some(connection),
            shown: shown.to_owned(),
            at: hosts::named(&reached, shown, url_names_host),
            connect_timeout,
            busy,
            work: STATEMENT_WORK,
            abandoned: Cell::new(false),
        })
    }

    pub(super) fn set_busy_timeout(&mut self, busy: Duration) {
        self.busy = busy;
    }

    pub(super) fn busy_timeout(&self) -> Duration {
        self.busy
    }

    /// For tests: a shorter allowance for a statement's work than
    /// [`STATEMENT_WORK`], so giving up can be tested in a second.
    #[cfg(test)]
    pub(super) fn set_statement_work(&mut self, work: Duration) {
        self.work = work;
    }

    /// The server's `statement_timeout` in every transaction.
    fn statement_timeout(&self) -> Duration {
        self.busy.saturating_add(self.work)
    }

    /// How long a request may go unanswered: what the server itself allows
    /// a statement, plus a connect timeout's worth for the answer to arrive.
    pub(super) fn answer_limit(&self) -> Duration {
        self.statement_timeout()
            .saturating_add(self.connect_timeout)
    }

    /// Waits for `request` at most the answer limit.
    fn wait<T>(
        &self,
        step: Step,
        request: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T> {
        let within = self.within(step)?;
        self.runtime.block_on(within.answer(request))
    }

    /// The limit of each wait of a `step`, unless the session was given up.
    pub(super) fn within(&self, step: Step) -> Result<Within<'_>> {
        let within = Within {
            session: self,
            step,
            limit: self.answer_limit(),
        };
        if self.abandoned.get() {
            return Err(within.no_answer().into());
        }
        Ok(within)
    }

    /// Drives `request` to its end on this thread: one step of a
    /// conversation of several requests (a listing that sends its next
    /// query before it has read this one's rows), each of its waits limited
    /// by [`Within::answer`]. No caller's code runs inside: a sink that
    /// writes to another session (`migrate`) would start a runtime within
    /// this one.
    pub(super) fn block_on<F: Future>(&self, request: F) -> F::Output {
        self.runtime.block_on(request)
    }

    pub(super) fn client(&self) -> Result<&Client> {
        self.client
            .as_ref()
            .ok_or_else(|| anyhow!(crate::msg!("pg-closed", shown = &self.shown)))
    }

    /// Runs one request that `request` makes of the client (a COPY, say,
    /// that sends many messages), all of it within one answer limit: a
    /// request that stalls partway is given up like any other.
    pub(super) fn run<'c, T, F>(
        &'c self,
        step: Step,
        request: impl FnOnce(&'c Client) -> F,
    ) -> Result<T>
    where
        F: Future<Output = Result<T, tokio_postgres::Error>>,
    {
        let client = self.client()?;
        self.wait(step, request(client))
    }

    /// Sends every request at once and then waits, within one answer
    /// limit, for all their answers: one round trip instead of one each
    /// (the driver writes requests polled together in one go). Each answer
    /// is its own: after a failed request the server aborts the
    /// transaction, so the requests after it fail too (and a COMMIT among
    /// them rolls back instead).
    pub(super) fn pipeline(
        &self,
        step: Step,
        requests: &[&Request<'_>],
    ) -> Result<Vec<Result<Answer>>> {
        let client = self.client()?;
        let answers = requests.iter().map(|request| async move {
            match request {
                Request::Simple(sql) => client.batch_execute(sql).await.map(|()| Answer::Done),
                Request::Query(sql, params) => {
                    client.query_typed(sql, params).await.map(Answer::Rows)
                }
                Request::Execute(sql, params) => {
                    client.execute_typed(sql, params).await.map(Answer::Changed)
                }
            }
        });
        let all = self.wait(step, async {
            Ok(futures_util::future::join_all(answers).await)
        })?;
        Ok(all.into_iter().map(|a| a.map_err(db)).collect())
    }

    /// Runs `sql`, one or more statements with no parameters.
    pub(super) fn batch(&self, step: Step, sql: &str) -> Result<()> {
        let client = self.client()?;
        self.wait(step, client.batch_execute(sql))
    }

    /// Runs one schema upgrade's statements, in the caller's transaction:
    /// as `batch`, with `UPGRADE_WORK` for the server's statement timeout
    /// and for the wait.
    pub(super) fn upgrade_batch(&self, sql: &str) -> Result<()> {
        let client = self.client()?;
        let sql = format!(
            "SET LOCAL statement_timeout = '{}'; {sql}",
            millis(UPGRADE_WORK)
        );
        let mut within = self.within(Step::Write)?;
        within.limit = UPGRADE_WORK.saturating_add(self.connect_timeout);
        self.runtime
            .block_on(within.answer(client.batch_execute(&sql)))
    }

    pub(super) fn prepare(&self, step: Step, sql: &str) -> Result<Statement> {
        let client = self.client()?;
        self.wait(step, client.prepare(sql))
    }

    /// Runs `first` (statements without parameters, if any) and prepares
    /// every statement of `sqls`, all in one round trip.
    pub(super) fn prepare_all(
        &self,
        step: Step,
        first: Option<&str>,
        sqls: &[&str],
    ) -> Result<Vec<Statement>> {
        let client = self.client()?;
        let first = async {
            match first {
                Some(sql) => client.batch_execute(sql).await,
                None => Ok(()),
            }
        };
        let all = futures_util::future::try_join_all(sqls.iter().map(|sql| client.prepare(sql)));
        let (_, prepared) = self.wait(step, futures_util::future::try_join(first, all))?;
        Ok(prepared)
    }

    pub(super) fn query(
        &self,
        step: Step,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        let client = self.client()?;
        self.wait(step, client.query(statement, params))
    }

    /// Runs `sql` once, unprepared, and returns every row.
    pub(super) fn query_sql(
        &self,
        step: Step,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        let client = self.client()?;
        self.wait(step, client.query(sql, params))
    }

    /// The statements that begin a transaction: BEGIN, with its
    /// `lock_timeout` and `statement_timeout` set (and a write's
    /// `idle_in_transaction_session_timeout`, `WRITE_IDLE`).
    pub(super) fn begin_sql(&self, mode: Mode) -> String {
        let limits = self.limits_sql();
        match mode {
            Mode::Read => {
                format!("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; {limits}")
            }
            // READ COMMITTED, so every statement after the lock sees what
            // the previous writer committed (a REPEATABLE READ snapshot
            // would be taken by the lock statement itself, before the wait).
            Mode::Write => format!(
                "BEGIN; {limits}; SET LOCAL idle_in_transaction_session_timeout = '{}'",
                millis(WRITE_IDLE)
            ),
        }
    }

    /// A transaction's `lock_timeout` and `statement_timeout`.
    pub(super) fn limits_sql(&self) -> String {
        format!(
            "SET LOCAL lock_timeout = '{}'; SET LOCAL statement_timeout = '{}'",
            millis(self.busy),
            millis(self.statement_timeout())
        )
    }

    /// Begins a transaction in one round trip, with its `lock_timeout` and
    /// `statement_timeout` set, and for a write the log's advisory lock
    /// taken (waiting at most the busy timeout for the writer holding it).
    pub(super) fn begin(&self, mode: Mode) -> Result<()> {
        let sql = match mode {
            Mode::Read => self.begin_sql(mode),
            Mode::Write => format!("{}; {}", self.begin_sql(mode), lock_sql()),
        };
        let step = match mode {
            Mode::Read => Step::Read,
            Mode::Write => Step::Write,
        };
        self.batch(step, &sql)
    }

    pub(super) fn commit(&self) -> Result<()> {
        self.batch(Step::Commit, "COMMIT")
    }

    /// Ends a transaction without keeping anything: after a read, or after
    /// a failed write. Not attempted on a connection that is gone or was
    /// given up; the server rolls back when the connection closes.
    pub(super) fn rollback(&self) -> Result<()> {
        if self.abandoned.get() || self.client()?.is_closed() {
            return Ok(());
        }
        self.batch(Step::Read, "ROLLBACK")
    }
}

impl Drop for Session {
    /// Says goodbye to the server (so it does not log an unexpected end of
    /// the connection), waiting at most `CLOSE_WAIT`; a session that was
    /// given up is simply dropped.
    fn drop(&mut self) {
        drop(self.client.take());
        if let Some(connection) = self.connection.take()
            && !self.abandoned.get()
        {
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(CLOSE_WAIT, connection).await });
        }
    }
}

/// The driver's settings for `url`, with slaclock's defaults where the URL
/// says nothing: the connect timeout (`connect_timeout=0` means "wait
/// forever" to libpq; never here), the application name, and keepalives.
#[cfg(test)]
pub(super) fn configure(url: &str) -> Result<Config, tokio_postgres::Error> {
    Ok(with_defaults(url.parse()?))
}

/// `configure` for a parsed connection string (and libpq's environment).
fn with_defaults(mut config: Config) -> Config {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("slaclock");
    }
    if config.get_keepalives() {
        if config.get_keepalives_idle() == DRIVER_KEEPALIVE_IDLE {
            config.keepalives_idle(KEEPALIVE_IDLE);
        }
        if config.get_keepalives_interval().is_none() {
            config.keepalives_interval(KEEPALIVE_INTERVAL);
        }
        if config.get_keepalives_retries().is_none() {
            config.keepalives_retries(KEEPALIVE_RETRIES);
        }
    }
    config
}

/// A duration as PostgreSQL's milliseconds: at least 1 (0 would mean "no
/// limit"), at most what it accepts.
pub(super) fn millis(timeout: Duration) -> String {
    let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
    format!("{millis}ms")
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::task::Poll;

    use super::Ahead;

    /// A request sent ahead is polled once at once (which is when the
    /// driver queues it), not again until its answer is awaited; one that
    /// is answered at once keeps its answer.
    #[test]
    fn a_request_sent_ahead_is_polled_once_now_and_answered_later() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let polls = Cell::new(0);
            let request = std::future::poll_fn(|cx| {
                polls.set(polls.get() + 1);
                if polls.get() < 3 {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Poll::Ready(7)
            });
            let ahead = Ahead::send(request).await;
            assert_eq!(polls.get(), 1);
            assert!(matches!(ahead, Ahead::Sent(_)));
            assert_eq!(ahead.answer().await, 7);
            assert_eq!(polls.get(), 3);
            let ready = Ahead::send(std::future::ready(8)).await;
            assert!(matches!(ready, Ahead::Answered(8)));
            assert_eq!(ready.answer().await, 8);
        });
    }
}
