//! Reading a small file whole, safely: only a regular file (links
//! followed) of at most a limit is read, so `/dev/zero`, a FIFO or a huge
//! file named by mistake is refused, never read until memory runs out nor
//! waited on. The policy file, the zone file, PostgreSQL's password file
//! and `sslrootcert` are read through it; what a refusal is called (an
//! error, or a warning and the file ignored) is each caller's.

use std::fs::{File, FileType, Metadata, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// It could not be looked at, opened or read.
    Io(std::io::Error),
    /// It is not a regular file: what it is ([`kind`]).
    NotRegular(&'static str),
    /// It is over the limit: its length, when found before reading; `None`
    /// when it grew past the limit while being read.
    TooBig(Option<u64>),
}

/// What a file that is not a regular one is: `folder`, `fifo`, `device`,
/// `socket` or `other` (the codes the `file-kind-*` messages name).
pub fn kind(t: FileType) -> &'static str {
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else if t.is_socket() {
        "socket"
    } else {
        "other"
    }
}

/// The bytes of the regular file `path` if it is at most `max` bytes long.
/// The kind is checked before opening and again on the open file (opened
/// non-blocking, so a FIFO swapped in between cannot make the open wait),
/// and the read stops one byte past the limit.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let check = |meta: &Metadata| {
        if !meta.is_file() {
            return Err(Refused::NotRegular(kind(meta.file_type())));
        }
        if meta.len() > max {
            return Err(Refused::TooBig(Some(meta.len())));
        }
        Ok(())
    };
    check(&std::fs::metadata(path).map_err(Refused::Io)?)?;
    let file: File = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(Refused::Io)?;
    check(&file.metadata().map_err(Refused::Io)?)?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooBig(None));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 1 << 20;

    #[test]
    fn only_a_small_regular_file_is_read() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let small = dir.path().join("small");
        std::fs::write(&small, b"abc")?;
        assert_eq!(
            read(&small, MAX).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            b"abc"
        );
        assert!(matches!(read(&small, 2), Err(Refused::TooBig(Some(3)))));
        // A sparse file past the limit is refused before a byte is read.
        let big = dir.path().join("big");
        File::create(&big)?.set_len(3 << 30)?;
        assert!(matches!(read(&big, MAX), Err(Refused::TooBig(Some(_)))));
        // Exactly the limit is read.
        File::create(&small)?.set_len(MAX)?;
        assert_eq!(
            read(&small, MAX)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?
                .len() as u64,
            MAX
        );
        assert!(matches!(
            read(Path::new("/dev/zero"), MAX),
            Err(Refused::NotRegular("device"))
        ));
        assert!(matches!(
            read(dir.path(), MAX),
            Err(Refused::NotRegular("folder"))
        ));
        assert!(matches!(
            read(&dir.path().join("missing"), MAX),
            Err(Refused::Io(_))
        ));
        Ok(())
    }
}
