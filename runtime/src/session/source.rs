//! [`EventSource`]: where a [`super::Session`] pulls events from.

use std::io::Read;

use crate::event::Event;
use crate::scap::{CaptureReader, CaptureTables, ScapError};

/// A stream of events, each with the tables that must seed state before it when it starts
/// a new section (a capture's first event, and the first of every later section).
pub trait EventSource {
    type Error;

    /// The next event; `Ok(None)` at the end.
    #[allow(clippy::type_complexity)]
    fn next_event(&mut self) -> Result<Option<(Event<'_>, Option<CaptureTables>)>, Self::Error>;
}

impl<R: Read> EventSource for CaptureReader<R> {
    type Error = ScapError;

    fn next_event(&mut self) -> Result<Option<(Event<'_>, Option<CaptureTables>)>, ScapError> {
        self.next_with_tables()
    }
}
