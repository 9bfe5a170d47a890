//! The field catalogue and the event table: the single source of truth for field names,
//! types, argument rules and descriptions, and for event codes, names and parameters.

pub mod events;
