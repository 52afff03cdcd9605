//! Tickets on their way from the thread that reads the log to the worker
//! that judges them (`export`, `report`, and the open tickets of `check`,
//! `metrics` and `notify`): [`read_and_judge`] runs the two sides, and a
//! [`Batch`] carries tickets between them, flat, each ticket's row with the
//! range of one shared event buffer that holds its events, so a batch is
//! filled from the store's lent events without allocating per ticket, and
//! is sent back emptied to be filled again. A process given one core
//! (`taskset`, a cgroup quota) gains nothing from a second thread, only
//! its hand-offs: there each ticket goes straight from the reader to the
//! judge, on this thread.

use std::ops::Range;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use anyhow::{Result, anyhow};

use crate::store::{ClockEvent, TicketRow};

/// Reads while judging: `read` feeds tickets to the [`Feed`] it is given,
/// each under a key (a report's period; `()` where there is one kind of
/// ticket), and `work` takes them from its [`Intake`].
///
/// On more than one core, `work` runs on a second thread. Batches travel
/// through a bounded channel, so memory stays flat however large the log,
/// and come back emptied through another: their buffers are reused, not
/// allocated on one thread and freed on the other. The worker's own error
/// (a full disk, a closed pipe, a policy that does not load) explains a
/// stop best, so it is returned before the reader's. On one core, `read`
/// runs inside `work`'s [`Intake::each`], and each ticket is judged as it
/// is read.
pub(super) fn read_and_judge<K: Send, R: Send>(
    read: impl FnOnce(&mut Feed<'_, K>) -> Result<()>,
    work: impl FnOnce(Intake<'_, K>) -> Result<R> + Send,
) -> Result<R> {
    let one_core = std::thread::available_parallelism().is_ok_and(|n| n.get() == 1);
    read_and_judge_on(!one_core, read, work)
}

/// [`read_and_judge`] on two threads or on this one.
fn read_and_judge_on<K: Send, R: Send>(
    two_threads: bool,
    read: impl FnOnce(&mut Feed<'_, K>) -> Result<()>,
    work: impl FnOnce(Intake<'_, K>) -> Result<R> + Send,
) -> Result<R> {
    if two_threads {
        on_two_threads(read, work)
    } else {
        on_this_thread(read, work)
    }
}

/// [`read_and_judge`] with `read` called from `work`'s intake.
fn on_this_thread<K, R>(
    read: impl FnOnce(&mut Feed<'_, K>) -> Result<()>,
    work: impl FnOnce(Intake<'_, K>) -> Result<R>,
) -> Result<R> {
    work(Intake {
        from: From::Here(Box::new(read)),
    })
}

/// [`read_and_judge`] with `work` on a thread of its own.
fn on_two_threads<K: Send, R: Send>(
    read: impl FnOnce(&mut Feed<'_, K>) -> Result<()>,
    work: impl FnOnce(Intake<'_, K>) -> Result<R> + Send,
) -> Result<R> {
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<(K, Batch)>(8);
        let (give_back, take_back) = channel::<Batch>();
        let worker = scope.spawn(move || {
            work(Intake {
                from: From::Reader { receive, give_back },
            })
        });
        let mut feed = Feed {
            to: To::Worker {
                filling: None,
                send,
                take_back,
            },
        };
        let read = read(&mut feed).and_then(|()| feed.flush());
        drop(feed);
        let worked = worker
            .join()
            .map_err(|_| anyhow!(crate::msg!("judging-failed")))?;
        let worked = worked?;
        read?;
        Ok(worked)
    })
}

/// What one ticket goes to when it is judged where it is read.
type Judge<'a, K> = dyn FnMut(&K, TicketRow, &[ClockEvent]) -> Result<()> + 'a;

/// The reading side of [`read_and_judge`].
pub(super) struct Feed<'a, K> {
    to: To<'a, K>,
}

enum To<'a, K> {
    /// A worker on another thread, in batches.
    Worker {
        filling: Option<(K, Batch)>,
        send: SyncSender<(K, Batch)>,
        take_back: Receiver<Batch>,
    },
    /// The judge, on this thread, a ticket at a time.
    Here(&'a mut Judge<'a, K>),
}

impl<K> Feed<'_, K> {
    /// Hands on a ticket under `key`: a ticket under another key than the
    /// last starts a new batch.
    pub(super) fn push(&mut self, key: K, row: TicketRow, events: &[ClockEvent]) -> Result<()>
    where
        K: PartialEq,
    {
        let (filling, take_back) = match &mut self.to {
            To::Here(judge) => return judge(&key, row, events),
            To::Worker {
                filling, take_back, ..
            } => (filling, take_back),
        };
        if filling.as_ref().is_some_and(|(k, _)| *k != key) {
            self.flush()?;
            return self.push(key, row, events);
        }
        let (_, batch) =
            filling.get_or_insert_with(|| (key, take_back.try_recv().unwrap_or_default()));
        batch.push(row, events);
        if batch.is_full() {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends the batch being filled, if any.
    fn flush(&mut self) -> Result<()> {
        let To::Worker { filling, send, .. } = &mut self.to else {
            return Ok(());
        };
        match filling.take() {
            Some((key, batch)) if !batch.is_empty() => send
                .send((key, batch))
                .map_err(|_| anyhow!(crate::msg!("judging-stopped"))),
            _ => Ok(()),
        }
    }
}

/// The working side of [`read_and_judge`].
pub(super) struct Intake<'a, K> {
    from: From<'a, K>,
}

/// The reader of [`read_and_judge`], run by this thread's intake.
type Read<'a, K> = dyn FnOnce(&mut Feed<'_, K>) -> Result<()> + 'a;

enum From<'a, K> {
    /// A reader on another thread, in batches.
    Reader {
        receive: Receiver<(K, Batch)>,
        give_back: Sender<Batch>,
    },
    /// The reader itself, to run on this thread.
    Here(Box<Read<'a, K>>),
}

impl<K> Intake<'_, K> {
    /// Calls `each` with every ticket fed, its key and its events, in the
    /// order fed; stops at the first error.
    pub(super) fn each(
        self,
        mut each: impl FnMut(&K, TicketRow, &[ClockEvent]) -> Result<()>,
    ) -> Result<()> {
        match self.from {
            From::Here(read) => read(&mut Feed {
                to: To::Here(&mut each),
            }),
            From::Reader { receive, give_back } => {
                for (key, mut batch) in receive {
                    batch.drain(|row, events| each(&key, row, events))?;
                    // The reader is gone only once it has sent its last batch.
                    let _ = give_back.send(batch);
                }
                Ok(())
            }
        }
    }
}

/// Tickets read together, judged together.
#[derive(Default)]
struct Batch {
    tickets: Vec<(TicketRow, Range<usize>)>,
    events: Vec<ClockEvent>,
}

impl Batch {
    /// Most tickets in a batch.
    const SIZE: usize = 512;

    /// Adds a ticket, copying its lent events into the batch's buffer.
    fn push(&mut self, row: TicketRow, events: &[ClockEvent]) {
        let start = self.events.len();
        self.events.extend_from_slice(events);
        self.tickets.push((row, start..self.events.len()));
    }

    fn is_full(&self) -> bool {
        self.tickets.len() >= Self::SIZE
    }

    fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// Hands each ticket to `each` with its events, in the order pushed,
    /// and leaves the batch empty, its buffers kept for the next one.
    fn drain(
        &mut self,
        mut each: impl FnMut(TicketRow, &[ClockEvent]) -> Result<()>,
    ) -> Result<()> {
        for (row, own) in self.tickets.drain(..) {
            each(row, &self.events[own])?;
        }
        self.events.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, TicketId};
    use crate::sla::{EventKind, TicketState};
    use crate::store::Summary;

    fn row(id: i64) -> TicketRow {
        TicketRow {
            id: TicketId(id),
            kind: Kind::Incident,
            severity: Some(2),
            title: format!("ticket {id}"),
            customer: None,
            service: None,
            reported_at: 0,
            opened_at: 0,
            policy_version: 1,
            summary: Summary {
                state: TicketState::Open,
                severity: Some(2),
                escalation_level: 0,
                last_event_at: 0,
                resolved_at: None,
                owner: None,
            },
            external_ref: None,
            contract: None,
        }
    }

    /// Ticket `id`'s events: `id % 4` of them, ids `id * 10 + n`.
    fn events(id: i64) -> Vec<ClockEvent> {
        (0..id % 4)
            .map(|n| ClockEvent {
                id: id * 10 + n,
                at: n,
                kind: EventKind::Note,
                policy_version: None,
                contract: None,
            })
            .collect()
    }

    /// Drains `batch` into (ticket, its events) pairs.
    fn drained(batch: &mut Batch) -> Vec<(i64, Vec<ClockEvent>)> {
        let mut out = vec![];
        batch
            .drain(|row, events| {
                out.push((row.id.0, events.to_vec()));
                Ok(())
            })
            .expect("nothing fails");
        out
    }

    #[test]
    fn each_ticket_comes_out_with_its_own_events_and_the_batch_refills_empty() {
        let mut batch = Batch::default();
        for round in 0..2 {
            let ids: Vec<i64> = (round * 9..round * 9 + 9).collect();
            for &id in &ids {
                batch.push(row(id), &events(id));
            }
            assert!(!batch.is_empty());
            let out = drained(&mut batch);
            let expected: Vec<_> = ids.iter().map(|&id| (id, events(id))).collect();
            assert_eq!(out, expected, "round {round}");
            assert!(batch.is_empty());
            assert!(
                drained(&mut batch).is_empty(),
                "round {round}: drained twice"
            );
        }
    }

    #[test]
    fn a_batch_is_full_at_its_size() {
        let mut batch = Batch::default();
        for id in 0..i64::try_from(Batch::SIZE).expect("small") {
            assert!(!batch.is_full());
            batch.push(row(id), &[]);
        }
        assert!(batch.is_full());
    }

    /// Every ticket fed reaches the worker once, in order, with its key
    /// and its own events, across many batches and changes of key, on two
    /// threads and on one.
    #[test]
    fn the_worker_gets_every_ticket_in_order_with_its_key() {
        let fed: Vec<(usize, i64)> = (0..3000).map(|id| (id as usize / 700, id)).collect();
        for two_threads in [true, false] {
            let got = read_and_judge_on(
                two_threads,
                |feed| {
                    for &(key, id) in &fed {
                        feed.push(key, row(id), &events(id))?;
                    }
                    Ok(())
                },
                |intake| {
                    let mut got = vec![];
                    intake.each(|&key, row, events| {
                        assert_eq!(events, self::events(row.id.0).as_slice());
                        got.push((key, row.id.0));
                        Ok(())
                    })?;
                    Ok(got)
                },
            )
            .expect("nothing fails");
            assert_eq!(got, fed, "two threads: {two_threads}");
        }
    }

    /// A worker that fails stops the reader (which would otherwise wait
    /// on a full channel for ever) and its error is the one told.
    #[test]
    fn a_failing_worker_stops_the_reader_and_is_told() {
        for two_threads in [true, false] {
            let mut fed = 0;
            let err = read_and_judge_on(
                two_threads,
                |feed| {
                    for id in 0..1_000_000 {
                        feed.push((), row(id), &[])?;
                        fed += 1;
                    }
                    Ok(())
                },
                |intake| -> Result<()> {
                    intake.each(|(), row, _| {
                        anyhow::ensure!(row.id.0 < 100, "cannot judge ticket {}", row.id.0);
                        Ok(())
                    })
                },
            )
            .expect_err("the worker fails");
            assert_eq!(err.to_string(), "cannot judge ticket 100");
            assert!(fed < 1_000_000, "the reader stopped early: {fed}");
            if !two_threads {
                assert_eq!(fed, 100, "on one thread the reader stops at once");
            }
        }
    }

    /// A failing reader is told. On two threads what it fed before is not
    /// judged as if the log ended there (its last batch is not sent); on
    /// one, each ticket was judged as it was read, and the error still
    /// ends the work.
    #[test]
    fn a_failing_reader_is_told() {
        for (two_threads, judged_before) in [(true, 0), (false, 10)] {
            let mut judged = 0;
            let err = read_and_judge_on(
                two_threads,
                |feed| {
                    for id in 0..10 {
                        feed.push((), row(id), &[])?;
                    }
                    anyhow::bail!("cannot read ticket 10")
                },
                |intake| {
                    intake.each(|(), _, _| {
                        judged += 1;
                        Ok(())
                    })
                },
            )
            .expect_err("the reader fails");
            assert_eq!(err.to_string(), "cannot read ticket 10");
            assert_eq!(judged, judged_before, "two threads: {two_threads}");
        }
    }

    /// A worker that fails before it takes anything in: on one thread
    /// the log is then not read at all.
    #[test]
    fn a_worker_that_fails_first_is_told() {
        for two_threads in [true, false] {
            let mut read = false;
            let err = read_and_judge_on(
                two_threads,
                |feed| {
                    read = true;
                    feed.push((), row(1), &[])
                },
                |_intake| -> Result<()> { anyhow::bail!("the policy does not load") },
            )
            .expect_err("the worker fails");
            assert_eq!(err.to_string(), "the policy does not load");
            if !two_threads {
                assert!(!read, "nothing is read for a worker that cannot judge");
            }
        }
    }
}
