//! The signals that stop a command early: SIGTERM (cron's `timeout`,
//! systemd, a monitoring agent's own limit), SIGINT (Ctrl-C) and SIGHUP (a
//! terminal closed). A command that acts on them (`check`, `notify`,
//! `watch`) leaves alone any its parent set to be ignored, as programs
//! keep an inherited SIG_IGN: under `nohup` a hang-up stays ignored, and
//! so does Ctrl-C for a job started in the background.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The stop signals this process was not told to ignore.
pub fn heeded() -> impl Iterator<Item = i32> {
    [SIGTERM, SIGINT, SIGHUP]
        .into_iter()
        .filter(|&s| !ignored(s))
}

/// Whether `signal`'s disposition is SIG_IGN.
pub fn ignored(signal: i32) -> bool {
    let mut old = std::mem::MaybeUninit::<libc::sigaction>::uninit();
    // SAFETY: a null new action only reads the current one into `old`.
    let read = unsafe { libc::sigaction(signal, std::ptr::null(), old.as_mut_ptr()) } == 0;
    // SAFETY: initialised by the successful call.
    read && unsafe { old.assume_init() }.sa_sigaction == libc::SIG_IGN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ignored_signal_is_not_heeded() {
        // SAFETY: setting SIGHUP's disposition in this test process only.
        let before = unsafe { libc::signal(SIGHUP, libc::SIG_IGN) };
        let heeded: Vec<i32> = heeded().collect();
        // SAFETY: as above, put back.
        unsafe { libc::signal(SIGHUP, before) };
        assert!(!heeded.contains(&SIGHUP), "{heeded:?}");
        assert!(heeded.contains(&SIGTERM));
    }
}
