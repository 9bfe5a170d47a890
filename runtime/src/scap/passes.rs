//! [`Passes`]: a capture read several times over as one stream
//! ([`super::CaptureReader::open_repeated`], `falcoc replay --loop N`).
//!
//! The capture's bytes are in memory (decompressed once). Each pass after the first is a
//! new section of the stream, as a fresh open of the capture would deliver it: offsets from
//! the same bytes, the conversion state reset, the section's tables with its first event.
//! Its metadata prefix is not read again: those bytes are the first pass's, so (the
//! invariant of [`super::section_memo`]: a section's tables depend only on its metadata
//! blocks) its tables are the first pass's tables, shared (the same `Arc`, which spares the
//! state's reseed its work too), and reading resumes at the first event block. Event blocks
//! are read and converted again in every pass.

use std::sync::Arc;

use super::tables::CaptureTables;

/// The passes still to read, and where each starts.
#[derive(Debug, Default)]
pub(crate) struct Passes {
    left: u64,
    /// The offset of the capture's first event block and the tables of the section it
    /// opens (known once the first pass's metadata prefix is read).
    start: Option<(u64, Arc<CaptureTables>)>,
}

impl Passes {
    /// `passes` passes in all, the first one being read (at least one).
    pub fn new(passes: u64) -> Passes {
        Passes {
            left: passes.saturating_sub(1),
            start: None,
        }
    }

    /// The first pass's first event block starts at `offset`, after a metadata prefix
    /// that gave `tables`.
    pub fn first_events(&mut self, offset: u64, tables: &Arc<CaptureTables>) {
        self.start = Some((offset, Arc::clone(tables)));
    }

    /// One more pass, if any is left: where its first event block starts and the tables
    /// its section opens with.
    pub fn next(&mut self) -> Option<(u64, Arc<CaptureTables>)> {
        let start = self.start.as_ref().filter(|_| self.left > 0)?;
        self.left -= 1;
        Some((start.0, Arc::clone(&start.1)))
    }
}
