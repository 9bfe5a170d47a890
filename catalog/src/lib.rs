//! The field catalogue and the event table: the single source of truth for field names,
//! types, argument rules and descriptions, and for event codes, names and parameters; and
//! the typed IR built over them, the contract between the front end and every back end.
//!
//! This crate links neither the YAML loader nor the diagnostics renderer, so the runtime,
//! the JIT and the probe can depend on it alone.
//!
//! - [`events`]: the libs event table, ppm_sc syscall names, event-code sets.
//! - [`fields`]: every field with its [`fields::FieldId`], and name resolution.
//! - [`types`]: field types and their families.
//! - [`ops`]: which operators a field type accepts.
//! - [`value`]: converting condition literals to typed values.
//! - [`ir`]: the typed IR of compiled rules; [`priority`]: rule priorities.

pub mod events;
pub mod fields;
pub mod ir;
pub mod ops;
pub mod priority;
pub mod types;
pub mod value;
