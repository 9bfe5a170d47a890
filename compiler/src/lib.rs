//! The falcoc front end: rules YAML loading, list/macro/exception expansion, name
//! resolution and type checking against the field catalogue, the typed IR, and diagnostics.
//!
//! Entry points never return `Err` for bad user input: they return what could be built plus
//! [`diagnostic::Diagnostic`]s, and a compiled program only when there are no errors.

mod collect;
pub mod diagnostic;
mod evttypes;
mod expand;
pub mod filter;
pub mod limits;
pub mod load;
pub mod output_format;
pub mod rules_file;
pub mod source;
pub mod symbols;
mod typecheck;
/// The positioned YAML tree the reader works on; public so the language server takes the
/// cursor's context from the same tree (and its partial form for half-written files).
pub mod yaml;

/// The field catalogue, the typed IR and priorities live in `falcoc-catalog` (so back ends
/// need not link the YAML front end); re-exported here under their historic paths.
pub use falcoc_catalog as catalog;
pub use falcoc_catalog::{ir, priority};

/// The condition grammar this front end parses with (re-exported so edges such as the LSP
/// depend on the compiler only).
pub use falcoc_grammar as grammar;
pub mod schema;
mod suggest;
