//! Files the PostgreSQL connection reads whole before connecting (the
//! password file, the `sslrootcert` PEM file): only a regular file (links
//! followed) of at most a limit is read, so `/dev/zero`, a FIFO or a huge
//! file named by mistake is refused in one line, never read until memory
//! runs out nor waited on. What a refusal means (an error, or a warning and
//! the file ignored) is the caller's.

use std::path::Path;

pub(super) use crate::small_file::Refused;

/// The largest password file or root certificate file read: either is a
/// few lines or a few certificates (a CA bundle of every public root is
/// about 200 KiB). Messages say "1 MiB".
pub(super) const MAX_BYTES: u64 = 1 << 20;

/// The bytes of the regular file `path` if it is at most [`MAX_BYTES`]
/// long (`crate::small_file::read`).
pub(super) fn read_small(path: &Path) -> Result<Vec<u8>, Refused> {
    crate::small_file::read(path, MAX_BYTES)
}
