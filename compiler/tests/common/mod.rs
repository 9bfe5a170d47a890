//! Shared helpers for the compiler's integration tests.

use std::path::PathBuf;

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout);
/// `None` after applying the oracle policy when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// Data rows of a TSV file in the shared spec directory.
#[allow(dead_code)]
pub fn spec_rows(file: &str) -> Option<Vec<Vec<String>>> {
    let path = shared_dir()?.join("spec").join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    Some(rows)
}
