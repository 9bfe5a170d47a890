//! The field catalogue and the event table: the single source of truth for field names,
//! types, argument rules and descriptions, and for event codes, names and parameters.
//!
//! - [`events`]: the libs event table, ppm_sc syscall names, event-code sets.
//! - [`fields`]: every field with its [`fields::FieldId`], and name resolution.
//! - [`types`]: field types and their families.
//! - [`ops`]: which operators a field type accepts.
//! - [`value`]: converting condition literals to typed values.

pub mod events;
pub mod fields;
pub mod ops;
pub mod types;
pub mod value;
