//! Every ticket in parts by id, each part read, judged and written out by
//! one of several workers on cores of their own, and the parts written in
//! id order: `export` on more than one core. One reader cannot keep up
//! there, since SQLite reading what an export needs takes longer on one
//! core than the sqlite3 shell takes to print every ticket; so each worker
//! reads too, on its own connection to one snapshot
//! (`Store::read_with_readers`). This thread is the first worker and the
//! only writer.

use std::num::NonZero;
use std::ops::RangeInclusive;
use std::sync::mpsc::{Receiver, sync_channel};

use anyhow::{Result, anyhow};

use crate::store::{Reader, Tx};

/// Ids in a part: enough tickets that a part's two queries cost little
/// beside it, few enough that parts waiting to be written hold a few MB.
pub(super) const PART: i64 = 4096;

/// Most workers: beyond them the log's connections and the parts waiting
/// grow while one thread still writes everything (measured on two cores
/// only).
const MOST: usize = 8;

/// Parts a helper may have done ahead of the writer.
const AHEAD: usize = 2;

/// How many more readers than this thread's to ask for: one per further
/// core this process may run on (`taskset` and cgroup quotas count).
pub(super) fn extra_readers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(MOST)
        - 1
}

/// Most parts: ids copied from another log can be far apart, and the
/// parts follow the highest id, not the number of tickets.
const MOST_PARTS: i64 = 4096;

/// Splits the ids up to `last` into parts of `size` (larger where that
/// would make more than `MOST_PARTS`): the first begins at the lowest id
/// there can be and the last ends at the highest, so every ticket up to
/// `last` is in exactly one.
pub(super) fn parts(last: i64, size: i64) -> Vec<RangeInclusive<i64>> {
    let size = size.max(last.max(0) / MOST_PARTS + 1);
    let count = last.max(0) / size + 1;
    (0..count)
        .map(|k| {
            let start = if k == 0 { i64::MIN } else { k * size };
            let end = if k == count - 1 {
                i64::MAX
            } else {
                (k + 1) * size - 1
            };
            start..=end
        })
        .collect()
}

/// Does `parts` in order: part `k` by worker `k % n`, where worker 0 is
/// this thread with `tx` and the others are `readers`, each on a thread
/// of its own. A worker begins with `start` (its own parsed policies, say)
/// and does a part with `part`, into a buffer; `write` gets every part's
/// bytes, in the order of `parts`. The first error stops everything and
/// is returned; a helper that cannot send a part because this thread
/// stopped stops too.
pub(super) fn in_order<S>(
    parts: &[RangeInclusive<i64>],
    tx: &mut dyn Tx,
    readers: Vec<Reader>,
    start: impl Fn() -> Result<S> + Sync,
    part: impl Fn(&mut S, &mut dyn Tx, RangeInclusive<i64>, &mut Vec<u8>) -> Result<()> + Sync,
    mut write: impl FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let workers = readers.len() + 1;
    let (start, part) = (&start, &part);
    std::thread::scope(|scope| {
        let mut helpers: Vec<Receiver<Result<Vec<u8>>>> = Vec::new();
        let mut threads = Vec::new();
        for (n, mut reader) in readers.into_iter().enumerate() {
            let (send, receive) = sync_channel(AHEAD);
            let mine = parts.iter().skip(n + 1).step_by(workers).cloned();
            threads.push(scope.spawn(move || {
                let done = reader.read(|tx| {
                    let mut state = start()?;
                    let mut size = 0;
                    for ids in mine {
                        // About as long as the last: not grown by doubling.
                        let mut out = Vec::with_capacity(size + size / 8);
                        part(&mut state, tx, ids, &mut out)?;
                        size = out.len();
                        if send.send(Ok(out)).is_err() {
                            break; // the writer stopped
                        }
                    }
                    Ok(())
                });
                if let Err(e) = done {
                    let _ = send.send(Err(e));
                }
            }));
            helpers.push(receive);
        }
        let written = (|| -> Result<()> {
            let mut state = start()?;
            let mut out = Vec::new();
            for (k, ids) in parts.iter().enumerate() {
                match k % workers {
                    0 => {
                        out.clear();
                        part(&mut state, tx, ids.clone(), &mut out)?;
                        write(&out)?;
                    }
                    n => {
                        let done = helpers[n - 1]
                            .recv()
                            .map_err(|_| anyhow!(crate::msg!("judging-failed")))?;
                        write(&done?)?;
                    }
                }
            }
            Ok(())
        })();
        // Helpers still at work stop at their next part once nobody takes
        // it. Each is joined here, so a helper that panicked is told as an
        // error, not raised again as a panic when the scope ends.
        drop(helpers);
        let joined: Vec<_> = threads.into_iter().map(|t| t.join()).collect();
        let panicked = joined.iter().any(Result::is_err);
        written?;
        anyhow::ensure!(!panicked, crate::msg!("judging-failed"));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Location, OpenMode, Store};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An empty log, opened for reading (which gives more readers).
    fn log() -> Result<(tempfile::TempDir, Store)> {
        let dir = tempfile::tempdir()?;
        let location = Location::Sqlite(dir.path().join("log.db"));
        drop(Store::open(&location, OpenMode::Create)?);
        let store = Store::open(&location, OpenMode::Read)?;
        Ok((dir, store))
    }

    /// Runs `in_order` over `parts` on `extra` more readers, each part
    /// done by `part` (given the part's first id), and returns what was
    /// written, a line a part.
    fn run(
        extra: usize,
        parts: &[RangeInclusive<i64>],
        part: impl Fn(i64) -> Result<()> + Sync,
        write: impl Fn(usize) -> Result<()>,
    ) -> Result<Vec<String>> {
        let (_dir, mut store) = log()?;
        let mut written = Vec::new();
        store.read_with_readers(extra, |tx, readers| {
            assert_eq!(readers.len(), extra);
            in_order(
                parts,
                tx,
                readers,
                || Ok(()),
                |(), _, ids, out| {
                    part(*ids.start())?;
                    out.extend(format!("{ids:?}").bytes());
                    Ok(())
                },
                |bytes| {
                    write(written.len())?;
                    written.push(String::from_utf8(bytes.to_vec())?);
                    Ok(())
                },
            )
        })?;
        Ok(written)
    }

    #[test]
    fn every_part_is_written_once_in_order() -> Result<()> {
        let parts = parts(100, 7);
        let expected: Vec<String> = parts.iter().map(|p| format!("{p:?}")).collect();
        for extra in [0, 1, 3] {
            let written = run(extra, &parts, |_| Ok(()), |_| Ok(()))?;
            assert_eq!(written, expected, "{extra} more readers");
        }
        Ok(())
    }

    /// A part that fails, on this thread or a helper's, stops the work
    /// with its error; the parts before it were written.
    #[test]
    fn a_failing_part_is_told_wherever_it_was_done() -> Result<()> {
        let parts = parts(100, 7);
        // Parts 0 and 3 are this thread's, 1 and 2 its helpers'.
        for k in 0..4 {
            let failing = *parts[k].start();
            let err = run(
                2,
                &parts,
                |first| {
                    anyhow::ensure!(first != failing, "part {first} failed");
                    Ok(())
                },
                |n| {
                    anyhow::ensure!(n < k, "written past the failure");
                    Ok(())
                },
            )
            .expect_err("a part fails");
            assert_eq!(err.to_string(), format!("part {failing} failed"));
        }
        Ok(())
    }

    /// A helper that panics is told as an error, not raised again.
    #[test]
    fn a_helper_that_panics_is_told() -> Result<()> {
        let parts = parts(100, 7);
        let second = *parts[1].start();
        let err = run(
            1,
            &parts,
            |first| {
                assert!(first != second, "a bug in judging part {first}");
                Ok(())
            },
            |_| Ok(()),
        )
        .expect_err("a helper panics");
        assert_eq!(err.to_string(), crate::msg!("judging-failed").to_string());
        Ok(())
    }

    /// A write that fails (a full disk, a closed pipe) is told, and the
    /// helpers stop soon after instead of doing every part.
    #[test]
    fn a_failing_write_stops_the_helpers() -> Result<()> {
        let parts = parts(100_000, 1);
        let done = AtomicUsize::new(0);
        let err = run(
            2,
            &parts,
            |_| {
                done.fetch_add(1, Ordering::Relaxed);
                Ok(())
            },
            |n| {
                anyhow::ensure!(n < 5, "the disk is full");
                Ok(())
            },
        )
        .expect_err("the write fails");
        assert_eq!(err.to_string(), "the disk is full");
        let done = done.into_inner();
        assert!(done < 100, "{done} parts done after the writer stopped");
        Ok(())
    }

    #[test]
    fn parts_cover_every_id_once_in_order() {
        for (last, size) in [
            (0, 4),
            (-5, 4),
            (1, 4),
            (3, 4),
            (4, 4),
            (5, 4),
            (9, 4),
            (100, 7),
            (1_000_000_000_000, 4096),
            (i64::MAX, 1),
        ] {
            let parts = parts(last, size);
            assert!(parts.len() as i64 <= MOST_PARTS, "{last} {size}");
            assert_eq!(*parts[0].start(), i64::MIN, "{last} {size}");
            assert_eq!(*parts[parts.len() - 1].end(), i64::MAX, "{last} {size}");
            for pair in parts.windows(2) {
                assert_eq!(*pair[0].end() + 1, *pair[1].start(), "{last} {size}");
            }
            // No part is empty of possible ids up to `last`, but the last.
            for p in &parts[..parts.len() - 1] {
                assert!(*p.end() < last.max(0), "{p:?} {last} {size}");
            }
            assert!(parts[parts.len() - 1].contains(&last.max(0)));
        }
    }
}
