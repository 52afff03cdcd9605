//! Files the PostgreSQL connection reads whole before connecting (the
//! password file, the `sslrootcert` PEM file): only a regular file (links
//! followed) of at most a limit is read, so `/dev/zero`, a FIFO or a huge
//! file named by mistake is refused in one line, never read until memory
//! runs out nor waited on. What a refusal means (an error, or a warning and
//! the file ignored) is the caller's.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// The largest password file or root certificate file read: either is a
/// few lines or a few certificates (a CA bundle of every public root is
/// about 200 KiB). Messages say "1 MiB".
pub(super) const MAX_BYTES: u64 = 1 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub(super) enum Refused {
    /// It could not be looked at, opened or read.
    Io(std::io::Error),
    /// It is not a regular file: what it is, as `sqlite-file-kind` names it
    /// (`folder`, `fifo`, `device`, `socket`, `other`).
    NotRegular(&'static str),
    /// It is over [`MAX_BYTES`] (found before reading, or while reading).
    TooBig,
}

/// The bytes of the regular file `path` if it is at most [`MAX_BYTES`]
/// long. The kind is checked before opening and again on the open file
/// (opened non-blocking, so a FIFO swapped in between cannot make the open
/// wait), and the read stops one byte past the limit.
pub(super) fn read_small(path: &Path) -> Result<Vec<u8>, Refused> {
    check(&std::fs::metadata(path).map_err(Refused::Io)?)?;
    let file: File = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(Refused::Io)?;
    check(&file.metadata().map_err(Refused::Io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Refused::TooBig);
    }
    Ok(bytes)
}

fn check(meta: &Metadata) -> Result<(), Refused> {
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(Refused::NotRegular(if kind.is_dir() {
            "folder"
        } else if kind.is_fifo() {
            "fifo"
        } else if kind.is_char_device() || kind.is_block_device() {
            "device"
        } else if kind.is_socket() {
            "socket"
        } else {
            "other"
        }));
    }
    if meta.len() > MAX_BYTES {
        return Err(Refused::TooBig);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(read_small(&big), Err(Refused::TooBig)));
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
