//! Shared helpers for the falcoc benchmarks.

pub mod counted;
pub mod live_agent;
pub mod probe_cost;
mod repeat;
pub mod syscall_loops;

pub use repeat::Repeat;

use std::path::PathBuf;

/// The upstream rules files, in Falco's load order.
pub const UPSTREAM_FILES: [&str; 3] = falcoc_testkit::UPSTREAM_RULES;

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout);
/// `None` after applying the oracle policy when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// `(file name, text)` of the three upstream rules files, or `None` (after applying the
/// oracle policy) when any is missing.
pub fn upstream_rules() -> Option<Vec<(String, String)>> {
    falcoc_testkit::upstream_rules()
}

/// The evaluation back ends, JIT first, by name.
pub fn backends() -> [&'static dyn falcoc_runtime::predicate::backend::Backend; 2] {
    [
        &falcoc_codegen::Jit,
        &falcoc_runtime::predicate::interp::Interpreter,
    ]
}
