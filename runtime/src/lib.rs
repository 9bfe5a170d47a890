//! The falcoc runtime: the event model, `.scap` capture reading, libsinsp-equivalent
//! process and fd state, field extraction, rule evaluation and Falco-format outputs.
//!
//! It never depends on the probe or aya: everything here runs on captures anywhere.

pub mod event;
pub mod scap;

pub use event::{Event, OwnedEvent};
pub use scap::{CaptureReader, CaptureTables, ScapError};
pub mod field_value;
