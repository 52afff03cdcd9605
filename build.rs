//! Links the slaclock binary as a position-dependent executable on Linux.
//!
//! A position-independent binary has the dynamic loader apply ~35,000
//! relocations at every start (most from chrono-tz's zone tables), which
//! was a quarter of a 4.5 ms `slaclock update`. Linked non-PIE, the linker
//! resolves them once and a command starts as fast as the sqlite3 shell
//! (BENCHMARKS.md). Only the binaries are affected, not proc-macros.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
