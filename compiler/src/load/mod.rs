//! The front end's entry point: load rules files in order and compile them.
//!
//! [`load`] never fails on bad input: it returns every diagnostic it found and a compiled
//! [`crate::ir::RuleSet`] only when there is no error.

mod condition;
mod macros_phase;
mod versions;

pub use versions::{BUILTIN_PLUGINS, ENGINE_VERSION};
