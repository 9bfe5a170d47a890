//! The falcoc runtime: the event model, `.scap` capture reading, libsinsp-equivalent
//! process and fd state, field extraction, rule evaluation and Falco-format outputs.
//!
//! It never depends on the probe or aya: everything here runs on captures anywhere.

pub mod engine;
pub mod eval;
pub mod event;
pub mod extract;
pub mod field_value;
pub mod fields;
pub mod memory;
pub mod output;
pub mod parallel;
pub mod procfs;
pub mod scap;
pub mod session;
pub mod state;
pub mod time;

pub use event::{Event, OwnedEvent};
pub use extract::Source;
pub use falcoc_predicate as predicate;
pub use scap::{CaptureReader, CaptureTables, ScapError};
pub use session::Session;
pub use state::Inspector;
