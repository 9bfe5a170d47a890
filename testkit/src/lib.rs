//! Test support shared by every falcoc crate's tests and benches (a dev-dependency only).
//!
//! One way to find the reference directory ([`shared`]), to run the libsinsp oracle
//! ([`sysdig`]) and glibc's glob matcher ([`fnmatch`]), to list the shared captures and rules files, and one policy for a missing
//! oracle ([`policy`]): under `FALCOC_REQUIRE_ORACLE=1` (set by `.ci/run`) a missing
//! `../shared` or `sysdig` fails the test with a clear message; otherwise the test prints
//! `skipped: …` and returns.

pub mod fnmatch;
pub mod policy;
pub mod shared;
pub mod sysdig;

use std::path::PathBuf;

pub use fnmatch::libc_fnmatch;
pub use policy::{oracle_required, skip};
pub use shared::{capture, captures, rules_file, shared, upstream_rules, UPSTREAM_RULES};

/// The reference directory when both it and sysdig are available; otherwise applies the
/// policy ([`skip`]) and returns `None`.
#[track_caller]
pub fn oracle() -> Option<PathBuf> {
    let dir = shared()?;
    sysdig::available().then_some(dir)
}
