//! The values of every deadline on the PostgreSQL server and on the wait
//! for its answers, in one place; `session.rs` applies them to every
//! request.

use std::time::Duration;

/// How long connecting may take when the URL does not say.
pub(in crate::store::postgres) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one statement may run on the server beyond waiting for locks.
/// No statement of slaclock's comes near this on a healthy server.
pub(in crate::store::postgres) const STATEMENT_WORK: Duration = Duration::from_secs(20);

/// TCP keepalives, unless the URL sets its own: first probe after this
/// much silence, then every `KEEPALIVE_INTERVAL`, `KEEPALIVE_RETRIES` times.
/// The server is asked for the same while `notify` holds its claim.
pub(in crate::store::postgres) const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);
pub(in crate::store::postgres) const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
pub(in crate::store::postgres) const KEEPALIVE_RETRIES: u32 = 3;

/// How long one schema upgrade may take on the server, and the wait for
/// its answer (plus the connect timeout): an upgrade may rewrite every
/// event of a large log in one statement (schema 10 fills in each pin's
/// contract), far past an ordinary statement's allowance. It runs once.
pub(in crate::store::postgres) const UPGRADE_WORK: Duration = Duration::from_secs(30 * 60);

/// How long a write transaction may sit idle, its client saying nothing,
/// before the server ends the session and frees the writers' lock: a
/// client frozen mid-command (a laptop's lid closed, a stopped process, a
/// network that stopped forwarding) otherwise holds every other writer
/// off until TCP notices, hours on a server's defaults. A write's own
/// pauses between requests are milliseconds (an escalation's deliberate
/// hold is 100 ms; `migrate` reads a batch of the source); this is well
/// under the busy timeout, so a writer waiting behind a frozen one gets
/// the lock in time.
pub(in crate::store::postgres) const WRITE_IDLE: Duration = Duration::from_secs(5);

/// The driver's own default keepalive idle time (2 hours): left at that,
/// the URL did not choose one.
pub(in crate::store::postgres) const DRIVER_KEEPALIVE_IDLE: Duration =
    Duration::from_secs(2 * 60 * 60);

/// How long closing the connection politely may take when the session ends.
pub(in crate::store::postgres) const CLOSE_WAIT: Duration = Duration::from_secs(1);
