//! Shared helpers for the falcoc benchmarks.

use std::path::PathBuf;

/// The upstream rules files, in Falco's load order.
pub const UPSTREAM_FILES: [&str; 3] = [
    "falco_rules.yaml",
    "falco-incubating_rules.yaml",
    "falco-sandbox_rules.yaml",
];

/// The reference directory: `$FALCOC_SHARED` if set, else `../shared` beside the checkout.
pub fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("FALCOC_SHARED").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|c| c.join("corpus").is_dir())
}

/// `(file name, text)` of the three upstream rules files, or `None` when any is missing.
pub fn upstream_rules() -> Option<Vec<(String, String)>> {
    let dir = shared_dir()?.join("corpus/rules");
    UPSTREAM_FILES
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).ok()?;
            Some((name.to_string(), text))
        })
        .collect()
}
