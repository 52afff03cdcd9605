//! Files slaclock writes (`init`, `export -o`) are written safely: never
//! through a link planted at a temporary name or at the destination, never
//! over the ticket log's own files. And a command that changed the log says
//! so even when its output cannot be written.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use super::util::*;

const PRECIOUS: &str = "precious: must never be overwritten\n";

/// Plants a link to `victim` at every name a writer of `dest` might pick
/// for its temporary file, and returns them.
fn plant_links(dest: &Path, victim: &Path) -> Vec<PathBuf> {
    let name = dest.file_name().unwrap().to_str().unwrap();
    let stem = dest.file_stem().unwrap().to_str().unwrap();
    let mut names = vec![
        format!("{name}.tmp"),
        format!(".{name}.tmp"),
        format!("{name}~"),
        format!(".{name}.swp"),
        format!("{name}.new"),
        format!("{name}.part"),
        format!("{stem}.tmp"),
        format!(".{stem}.tmp"),
    ];
    // Names made of a process id (the next few pids are likely).
    let me = std::process::id();
    names.extend((me..me + 200).map(|pid| format!(".{name}.{pid}.tmp")));
    names.extend((me..me + 200).map(|pid| format!("{name}.{pid}.tmp")));
    let folder = dest.parent().unwrap();
    names
        .into_iter()
        .map(|n| {
            let link = folder.join(n);
            symlink(victim, &link).unwrap();
            link
        })
        .collect()
}

/// The victim is as it was, and every planted link still points at it.
#[track_caller]
fn assert_untouched(victim: &Path, links: &[PathBuf]) {
    assert_eq!(std::fs::read_to_string(victim).unwrap(), PRECIOUS);
    for link in links {
        let meta = std::fs::symlink_metadata(link).unwrap();
        assert!(meta.file_type().is_symlink(), "{}", link.display());
        assert_eq!(std::fs::read_link(link).unwrap(), victim);
    }
}

#[track_caller]
fn assert_regular(path: &Path) {
    let meta = std::fs::symlink_metadata(path).unwrap();
    assert!(
        meta.file_type().is_file(),
        "{} is not a file",
        path.display()
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_never_writes_through_a_planted_link() {
    let d = Desk::new();
    let victim = d.path("victim");
    std::fs::write(&victim, PRECIOUS).unwrap();
    let dest = d.path("severity.toml");
    let links = plant_links(&dest, &victim);
    d.run(&["init", "severity.toml"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&dest);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        slaclock::sla::DEFAULT_POLICY
    );
    // A policy is not secret: the mode is what a new file gets (umask 022 here).
    assert_eq!(mode(&dest) & 0o600, 0o600);
    d.run(&["init", "severity.toml", "--force"]).ok();
    assert_untouched(&victim, &links);

    // A link at the destination is a file that exists; with --force it is
    // replaced by the policy, and what it pointed to is left alone.
    let linked = d.path("linked.toml");
    symlink(&victim, &linked).unwrap();
    let err = d.run(&["init", "linked.toml"]).fails(1).to_string();
    assert!(err.contains("already exists; pass --force"), "{err}");
    d.run(&["init", "linked.toml", "--force"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&linked);
    // A dangling link is never followed to create its target.
    let dangling = d.path("dangling.toml");
    symlink(d.path("created-through-link"), &dangling).unwrap();
    let err = d.run(&["init", "dangling.toml"]).fails(1).to_string();
    assert!(err.contains("already exists"), "{err}");
    d.run(&["init", "dangling.toml", "--force"]).ok();
    assert!(!d.path("created-through-link").exists());
    assert_regular(&dangling);
}

#[test]
fn export_never_writes_through_a_planted_link() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    let victim = d.path("victim");
    std::fs::write(&victim, PRECIOUS).unwrap();
    let dest = d.path("out.csv");
    let links = plant_links(&dest, &victim);
    assert_eq!(d.run(&["export", "-o", "out.csv"]).ok(), "");
    assert_untouched(&victim, &links);
    assert_regular(&dest);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        d.run(&["export"]).ok()
    );
    assert_eq!(mode(&dest), 0o600, "exports hold customer data");
    // A link at the destination is replaced, never written through.
    let linked = d.path("linked.csv");
    symlink(&victim, &linked).unwrap();
    d.run(&["export", "-o", "linked.csv"]).ok();
    assert_untouched(&victim, &links);
    assert_regular(&linked);
}

#[test]
fn export_onto_the_logs_own_files_is_refused() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "first"]).ok();
    // Held open here, the log keeps its write-ahead log and shared memory
    // while commands commit into them.
    let held = rusqlite::Connection::open(d.db()).unwrap();
    held.query_row("SELECT count(*) FROM tickets", [], |r| r.get::<_, i64>(0))
        .unwrap();
    d.run(&["open", "--severity", "2", "second, in the WAL"])
        .ok();
    let wal = d.path("log.db-wal");
    let shm = d.path("log.db-shm");
    assert!(wal.exists() && shm.exists());
    symlink(d.db(), d.path("log-link.db")).unwrap();
    symlink(&wal, d.path("wal-link")).unwrap();
    std::fs::hard_link(d.db(), d.path("hard-link.db")).unwrap();
    std::fs::create_dir(d.path("sub")).unwrap();
    let before = (d.snapshot(), std::fs::read(&wal).unwrap());
    for (dest, says) in [
        ("log.db", "is the ticket log itself"),
        ("./sub/../log.db", "is the ticket log itself"),
        ("log-link.db", "is the ticket log itself"),
        ("hard-link.db", "is the ticket log itself"),
        ("log.db-wal", "one of the ticket log's own files"),
        ("sub/../log.db-wal", "one of the ticket log's own files"),
        ("wal-link", "one of the ticket log's own files"),
        ("log.db-shm", "one of the ticket log's own files"),
        ("log.db-journal", "one of the ticket log's own files"),
    ] {
        let err = d.run(&["export", "-o", dest]).fails(1).to_string();
        assert!(err.contains(says), "{dest}: {err}");
        assert!(err.contains("choose another file"), "{dest}: {err}");
        assert_eq!(
            (d.snapshot(), std::fs::read(&wal).unwrap()),
            before,
            "{dest}"
        );
    }
    assert!(!d.path("log.db-journal").exists());
    drop(held);
    let status = d.run(&["status", "--format", "json"]).json();
    assert_eq!(status.as_array().map(Vec::len), Some(2));
}
