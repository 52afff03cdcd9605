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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    #[test]
    fn only_a_small_regular_file_is_read() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let small = dir.path().join("small");
        std::fs::write(&small, b"abc")?;
        assert_eq!(
            read_small(&small).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            b"abc"
        );
        // A sparse file past the limit is refused before a byte is read.
        let big = dir.path().join("big");
        File::create(&big)?.set_len(3 << 30)?;
        assert!(matches!(read_small(&big), Err(Refused::TooBig(_))));
        // Exactly the limit is read.
        File::create(&small)?.set_len(MAX_BYTES)?;
        assert_eq!(
            read_small(&small)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?
                .len() as u64,
            MAX_BYTES
        );
        assert!(matches!(
            read_small(Path::new("/dev/zero")),
            Err(Refused::NotRegular("device"))
        ));
        assert!(matches!(
            read_small(dir.path()),
            Err(Refused::NotRegular("folder"))
        ));
        assert!(matches!(
            read_small(&dir.path().join("missing")),
            Err(Refused::Io(_))
        ));
        Ok(())
    }
}
