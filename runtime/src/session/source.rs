//! [`EventSource`]: where a [`super::Session`] pulls events from.

use std::io::Read;

use crate::scap::{CaptureReader, EventWithTables, ScapError};

/// A stream of events, each with the tables that must seed state before it when it starts
/// a new section (a capture's first event, and the first of every later section). Tables
/// are shared: a section that repeats the previous one's may give the same `Arc`, which
/// makes the reseed cheap.
pub trait EventSource {
    type Error;

    /// The next event; `Ok(None)` at the end.
    fn next_event(&mut self) -> Result<Option<EventWithTables<'_>>, Self::Error>;
}

impl<R: Read> EventSource for CaptureReader<R> {
    type Error = ScapError;

    fn next_event(&mut self) -> Result<Option<EventWithTables<'_>>, ScapError> {
        self.next_with_tables()
    }
}
