//! [`SectionMemo`]: a capture section whose metadata blocks are byte for byte those of
//! the previous section (a capture looped or appended to itself, a recorder that restarts
//! its file with the same process list) gets the previous section's tables, shared, instead
//! of parsing them again.
//!
//! The metadata blocks of a section (its header up to its first event) are copied as they
//! arrive. While they match the previous section's blocks in order, their parsing is
//! deferred; at the first difference the deferred copies are parsed and reading goes on
//! as usual. When the section's first event comes and every block matched, the tables are
//! the previous section's ones ([`std::sync::Arc`] clone), which the state layer recognises
//! by pointer to skip its reseed work as well.
//!
//! INVARIANT: the tables of a section depend only on its metadata blocks (ids and bodies,
//! in order), so equal blocks give equal tables. Blocks of unknown type record their
//! offset, which differs from section to section: a section with one is never shared.

use std::sync::Arc;

use super::block::BlockHeader;
use super::tables::CaptureTables;

/// One metadata block as it was read: its header and a copy of its body.
#[derive(Debug)]
pub(crate) struct RawBlock {
    pub header: BlockHeader,
    pub body: Vec<u8>,
}

impl RawBlock {
    fn same_as(&self, header: &BlockHeader, body: &[u8]) -> bool {
        self.header.id == header.id && self.body == body
    }
}

/// The previous section's blocks and tables, and the current section's blocks so far.
#[derive(Debug, Default)]
pub(crate) struct SectionMemo {
    prev: Vec<RawBlock>,
    prev_tables: Option<Arc<CaptureTables>>,
    /// The current prefix's blocks once it differs from the previous one (while it
    /// matches, its blocks are `prev[..matched]` and nothing is copied).
    cur: Vec<RawBlock>,
    matched: usize,
    /// Blocks of `cur` already parsed into the reader's tables (the rest are deferred).
    parsed: usize,
    /// Reading a section's metadata, before its first event.
    in_prefix: bool,
    /// Every block of the current prefix matched the previous section's so far.
    matching: bool,
}

impl SectionMemo {
    /// A section header is about to be read: its prefix starts.
    pub fn start_section(&mut self) {
        self.cur.clear();
        self.matched = 0;
        self.parsed = 0;
        self.in_prefix = true;
        self.matching = self.prev_tables.is_some();
    }

    /// Whether the blocks being read belong to a section's metadata prefix.
    pub fn in_prefix(&self) -> bool {
        self.in_prefix
    }

    /// A metadata block of the prefix (the section header included): the blocks the reader
    /// must parse now, in order (none while the prefix matches the previous section's).
    pub fn block(&mut self, header: BlockHeader, body: &[u8]) -> &[RawBlock] {
        if self.matching {
            let same = header.kind.is_some()
                && self
                    .prev
                    .get(self.matched)
                    .is_some_and(|p| p.same_as(&header, body));
            if same {
                self.matched += 1;
                return &[];
            }
            self.stop_matching();
        }
        self.cur.push(RawBlock {
            header,
            body: body.to_vec(),
        });
        self.unparsed()
    }

    /// The section's first event came (or the stream ended). With every block matched, and
    /// as many as before, the previous section's tables are shared: `Ok`. Otherwise `Err`
    /// with the blocks still to parse; then [`Self::remember`] the finished tables.
    pub fn finish(&mut self) -> Result<Arc<CaptureTables>, &[RawBlock]> {
        self.in_prefix = false;
        if self.matching && self.matched == self.prev.len() {
            if let Some(t) = &self.prev_tables {
                self.matching = false;
                return Ok(Arc::clone(t));
            }
        }
        if self.matching {
            self.stop_matching();
        }
        Err(self.unparsed())
    }

    /// The tables the finished prefix gave, to share with the next section if it repeats
    /// this one.
    pub fn remember(&mut self, tables: &Arc<CaptureTables>) {
        self.prev = std::mem::take(&mut self.cur);
        let shareable = self.prev.iter().all(|b| b.header.kind.is_some());
        self.prev_tables = shareable.then(|| Arc::clone(tables));
    }

    /// The prefix differs from the previous one: its matched blocks (the previous
    /// section's first ones) become its own, still to parse.
    fn stop_matching(&mut self) {
        self.matching = false;
        self.cur = std::mem::take(&mut self.prev);
        self.cur.truncate(self.matched);
        self.prev_tables = None;
    }

    /// The blocks not parsed yet, now counted as parsed.
    fn unparsed(&mut self) -> &[RawBlock] {
        let from = std::mem::replace(&mut self.parsed, self.cur.len());
        self.cur.get(from..).unwrap_or_default()
    }
}
