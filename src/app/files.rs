//! The one way slaclock writes a file (a policy from `init`, an export with
//! `-o`, anything added later): a temporary file created exclusively under a
//! random name beside the destination, filled, flushed to disk, and renamed
//! over the destination. No step follows a symbolic link: a link planted at
//! a temporary name is never opened (the name is random and created with
//! O_EXCL), and a link at the destination is replaced, not written through.
//! A reader never sees half a file, and a failed write leaves nothing.
//!
//! Nothing else in slaclock may call `std::fs::write`, `File::create` or
//! `rename` on a user's path.

use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

/// Writes `dest` atomically with what `fill` writes, the new file created
/// with `mode` (less the umask). Errors say what failed; the caller names
/// the file ("cannot write the export to PATH").
pub fn write_file(
    dest: &Path,
    mode: u32,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    let name = dest
        .file_name()
        .ok_or_else(|| anyhow!(crate::msg!("file-not-a-name")))?;
    if dest.is_dir() {
        bail!(crate::msg!("file-is-a-folder"));
    }
    let dir = folder_of(dest);
    if !dir.is_dir() {
        bail!(crate::msg!(
            "file-no-folder",
            path = dir.display().to_string()
        ));
    }
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .permissions(Permissions::from_mode(mode))
        .tempfile_in(dir)
        .with_context(|| {
            crate::msg!("file-cannot-create-temp", path = dir.display().to_string())
        })?;
    // On an error, dropping `temp` removes the temporary file.
    fill(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .context(crate::msg!("file-cannot-flush"))?;
    temp.persist(dest)
        .map_err(|e| anyhow::Error::new(e.error).context(crate::msg!("file-cannot-move")))?;
    sync_folder(dir)
        .with_context(|| crate::msg!("file-cannot-flush-folder", path = dir.display().to_string()))
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the rename itself durable. File systems that cannot sync a folder
/// say so with EINVAL; there is then nothing more to do.
fn sync_folder(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

/// Whether writing `dest` would write the file `other`: the same path once
/// links and `..` are resolved (for a file not there yet, its folder's), or
/// the same inode (a hard link).
pub fn is_same_file(dest: &Path, other: &Path) -> bool {
    if let (Some(a), Some(b)) = (resolved(dest), resolved(other))
        && a == b
    {
        return true;
    }
    match (std::fs::metadata(dest), std::fs::metadata(other)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// `path` with every link resolved, or, if it does not exist, its folder's
/// resolved path joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    path.canonicalize()
        .ok()
        .or_else(|| Some(folder_of(path).canonicalize().ok()?.join(path.file_name()?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_with_the_mode_and_leaves_no_temporary() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("out.csv");
        write_file(&dest, 0o600, |f| Ok(f.write_all(b"a,b\n")?))?;
        assert_eq!(std::fs::read(&dest)?, b"a,b\n");
        assert_eq!(mode(&dest), 0o600);
        assert_eq!(entries(dir.path()), ["out.csv"]);
        Ok(())
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("out.csv");
        std::fs::write(&dest, "old")?;
        let err = write_file(&dest, 0o600, |f| {
            f.write_all(b"half")?;
            anyhow::bail!("disk full")
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("disk full"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&dest)?, "old");
        assert_eq!(entries(dir.path()), ["out.csv"]);
        Ok(())
    }

    #[test]
    fn a_link_at_the_destination_is_replaced_not_followed() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious")?;
        let dest = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&victim, &dest)?;
        write_file(&dest, 0o600, |f| Ok(f.write_all(b"new")?))?;
        assert_eq!(std::fs::read_to_string(&victim)?, "precious");
        assert!(!std::fs::symlink_metadata(&dest)?.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&dest)?, "new");
        Ok(())
    }

    #[test]
    fn same_file_by_path_link_or_inode() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let log = dir.path().join("log.db");
        std::fs::write(&log, "x")?;
        std::os::unix::fs::symlink(&log, dir.path().join("link"))?;
        std::fs::hard_link(&log, dir.path().join("hard"))?;
        std::fs::create_dir(dir.path().join("sub"))?;
        assert!(is_same_file(&log, &log));
        assert!(is_same_file(&dir.path().join("link"), &log));
        assert!(is_same_file(&dir.path().join("hard"), &log));
        assert!(is_same_file(&dir.path().join("sub/../log.db"), &log));
        // Neither exists yet: compared by folder and name.
        let wal = dir.path().join("log.db-wal");
        assert!(is_same_file(&dir.path().join("sub/../log.db-wal"), &wal));
        assert!(!is_same_file(&dir.path().join("other"), &log));
        assert!(!is_same_file(&dir.path().join("other"), &wal));
        Ok(())
    }
}
