//! The reference directory (`../shared`): where it is, its captures and rules files.

use std::path::{Path, PathBuf};

use crate::policy::skip;

/// The upstream rules files, in Falco's load order.
pub const UPSTREAM_RULES: [&str; 3] = [
    "falco_rules.yaml",
    "falco-incubating_rules.yaml",
    "falco-sandbox_rules.yaml",
];

/// Where the reference directory would be: `$FALCOC_SHARED` if set, else `../shared`
/// beside the checkout. `None` when that directory lacks `corpus/` or `spec/`. Silent.
pub fn locate() -> Option<PathBuf> {
    let dir = match std::env::var_os("FALCOC_SHARED") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    (dir.join("corpus").is_dir() && dir.join("spec").is_dir()).then_some(dir)
}

/// The reference directory; `None` after applying the policy when it is absent.
#[track_caller]
pub fn shared() -> Option<PathBuf> {
    let found = locate();
    if found.is_none() {
        skip("../shared not found (set FALCOC_SHARED to the reference directory)");
    }
    found
}

/// Every `.scap` capture of `corpus/captures`, sorted by name; empty after applying the
/// policy when the reference directory is absent.
#[track_caller]
pub fn captures() -> Vec<PathBuf> {
    let Some(dir) = shared() else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir.join("corpus/captures"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "scap"));
    out.sort();
    out
}

/// A shared capture by file name (`sample.scap`); `None` after applying the policy when
/// the reference directory is absent.
#[track_caller]
pub fn capture(name: &str) -> Option<PathBuf> {
    Some(shared()?.join("corpus/captures").join(name))
}

/// A shared rules file by file name (`falco_rules.yaml`); `None` after applying the policy
/// when the reference directory is absent.
#[track_caller]
pub fn rules_file(name: &str) -> Option<PathBuf> {
    Some(shared()?.join("corpus/rules").join(name))
}

/// `(file name, text)` of the three upstream rules files in load order; `None` after
/// applying the policy when the reference directory or any file is missing.
#[track_caller]
pub fn upstream_rules() -> Option<Vec<(String, String)>> {
    let dir = shared()?.join("corpus/rules");
    let mut out = Vec::new();
    for name in UPSTREAM_RULES {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => out.push((name.to_string(), text)),
            Err(e) => {
                skip(&format!("{}: {e}", dir.join(name).display()));
                return None;
            }
        }
    }
    Some(out)
}
