//! What a request that got no answer in time was doing, and the one line
//! that says so: which log, where its server is, how long was waited, and
//! whether anything may have been recorded.

use std::fmt;
use std::time::Duration;

/// What a request was doing, for the message when it gets no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Connect,
    /// Inside a read: nothing can be lost.
    Read,
    /// Inside a write, before its COMMIT: nothing was recorded.
    Write,
    /// The COMMIT itself: the server may have recorded it.
    Commit,
}

/// A request the server did not answer within its deadline.
#[derive(Debug)]
pub(crate) struct NoAnswer {
    pub(super) shown: String,
    /// Where the server was (`host:port`), unless that cannot be shown.
    pub(super) at: Option<String>,
    pub(super) step: Step,
    pub(super) waited: Duration,
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, waited) = (&self.shown, crate::i18n::duration(self.waited));
        let message = match (self.step, &self.at) {
            (Step::Connect, None) => {
                crate::msg!("pg-no-answer-connect", shown = shown, waited = waited)
            }
            (Step::Connect, Some(at)) => {
                crate::msg!(
                    "pg-no-answer-connect-at",
                    shown = shown,
                    at = at,
                    waited = waited
                )
            }
            (Step::Read, None) => crate::msg!("pg-no-answer-read", shown = shown, waited = waited),
            (Step::Read, Some(at)) => {
                crate::msg!(
                    "pg-no-answer-read-at",
                    shown = shown,
                    at = at,
                    waited = waited
                )
            }
            (Step::Write, None) => {
                crate::msg!("pg-no-answer-write", shown = shown, waited = waited)
            }
            (Step::Write, Some(at)) => {
                crate::msg!(
                    "pg-no-answer-write-at",
                    shown = shown,
                    at = at,
                    waited = waited
                )
            }
            (Step::Commit, None) => {
                crate::msg!("pg-no-answer-commit", shown = shown, waited = waited)
            }
            (Step::Commit, Some(at)) => {
                crate::msg!(
                    "pg-no-answer-commit-at",
                    shown = shown,
                    at = at,
                    waited = waited
                )
            }
        };
        write!(f, "{message}")
    }
}

impl std::error::Error for NoAnswer {}
