//! Test helpers shared by the integration tests.

use std::path::PathBuf;

/// The shared reference material: `../shared` beside the repository root, or the
/// directory named by `FALCOC_SHARED` (for checkouts in a worktree folder).
pub fn shared() -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if beside.is_dir() {
        return Some(beside);
    }
    std::env::var_os("FALCOC_SHARED")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
}
