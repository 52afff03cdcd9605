//! The built binary itself, as a distribution would ship it.

/// A position-independent executable, so the loader randomises where its
/// own image lives (BENCHMARKS.md: "Write commands start as fast as the
/// sqlite3 shell, position-independent"). ELF header: `e_type` at byte 16,
/// 2 for a fixed-address executable, 3 for a position-independent one.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_is_position_independent() {
    let bin = std::fs::read(env!("CARGO_BIN_EXE_slaclock")).expect("read the built binary");
    assert_eq!(&bin[..4], b"\x7fELF", "not an ELF file");
    let e_type = u16::from_le_bytes([bin[16], bin[17]]);
    assert_eq!(
        e_type, 3,
        "ELF type {e_type}: 2 is a fixed-address executable (linked -no-pie), 3 a PIE"
    );
}
