//! The falcoc front end: rules YAML loading, list/macro/exception expansion, name
//! resolution and type checking against the field catalogue, the typed IR, and diagnostics.
//!
//! Entry points never return `Err` for bad user input: they return what could be built plus
//! [`diagnostic::Diagnostic`]s, and a compiled program only when there are no errors.

pub mod catalog;
pub mod diagnostic;
pub mod source;
pub mod priority;
pub mod rules_file;
pub mod yaml;
pub mod collect;
pub mod expand;
pub mod evttypes;
pub mod load;
pub mod ir;
pub mod output_format;
pub mod symbols;
pub mod typecheck;
