//! [`CaptureReader`]: opens a capture (plain or gzip), reads its metadata tables, then
//! streams its events in bounded memory, converted to what modern libs deliver.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use falcoc_catalog::events::{event_info, EventInfo};

use super::block::{BlockHeader, BlockReader, BlockType};
use super::convert::{Converter, Outcome, ParamsView};
use super::cursor::Cursor;
use super::error::ScapError;
use super::event_block::{parse_event, RawHeader};
use super::meta::{fds, interfaces, machine, section, threads, users};
use super::passes::Passes;
use super::section_memo::SectionMemo;
use super::source::Source;
use super::tables::CaptureTables;
use crate::event::Event;

/// An event and, when it is the first of a section, that section's tables.
pub type EventWithTables<'a> = (Event<'a>, Option<Arc<CaptureTables>>);

/// Reads a `.scap` capture: [`CaptureReader::tables`] first, then
/// [`CaptureReader::next_event`] until `Ok(None)`.
pub struct CaptureReader<R: Read> {
    blocks: BlockReader<Source<R>>,
    /// The current section's tables (shared with the previous section's when its metadata
    /// repeats them, [`SectionMemo`]).
    tables: Arc<CaptureTables>,
    memo: SectionMemo,
    pending: Option<BlockHeader>,
    offs: Vec<u32>,
    conv: Converter,
    raw: bool,
    finished: bool,
    gzip: bool,
    /// A section's tables were read and no event of that section was delivered yet.
    fresh_tables: bool,
    /// Passes still to read after this one ([`CaptureReader::open_repeated`]).
    passes: Passes,
}

impl CaptureReader<File> {
    /// Opens the capture at `path`.
    pub fn open_path(path: impl AsRef<Path>) -> Result<CaptureReader<File>, ScapError> {
        let f = File::open(path).map_err(|source| ScapError::Io { offset: 0, source })?;
        CaptureReader::open(f)
    }
}

impl<R: Read> CaptureReader<R> {
    /// Reads the section header and the metadata blocks up to the first event.
    pub fn open(inner: R) -> Result<CaptureReader<R>, ScapError> {
        let source = Source::new(inner).map_err(|source| ScapError::Io { offset: 0, source })?;
        CaptureReader::from_source(source)
    }

    /// The capture `inner` holds, read `passes` times over as one stream (`falcoc replay
    /// --loop N`): its bytes are read (and decompressed) into memory once; each later pass
    /// is a new section delivered as a fresh [`Self::open`] of the capture would deliver
    /// it, with the first pass's tables (shared) and its event blocks read again
    /// ([`Passes`]). An error ends the stream in the pass it occurs in.
    pub fn open_repeated(inner: R, passes: u64) -> Result<CaptureReader<R>, ScapError> {
        let source = Source::new(inner).map_err(|source| ScapError::Io { offset: 0, source })?;
        let memory = source
            .into_memory()
            .map_err(|(offset, source)| ScapError::Io { offset, source })?;
        let mut reader = CaptureReader::from_source(memory)?;
        reader.passes = Passes::new(passes);
        if let Some(h) = &reader.pending {
            reader.passes.first_events(h.offset, &reader.tables);
        }
        Ok(reader)
    }

    /// Reads the section header and the metadata blocks of `source` up to the first event.
    fn from_source(source: Source<R>) -> Result<CaptureReader<R>, ScapError> {
        let gzip = source.is_gzip();
        let mut reader = CaptureReader {
            blocks: BlockReader::new(source),
            tables: Arc::default(),
            memo: SectionMemo::default(),
            pending: None,
            offs: Vec::with_capacity(64),
            conv: Converter::default(),
            raw: false,
            finished: false,
            gzip,
            fresh_tables: false,
            passes: Passes::default(),
        };
        let first = reader.blocks.next_block().map_err(not_scap_at_start)?;
        match first {
            Some(h) if h.kind == Some(BlockType::Section) => reader.metadata(h)?,
            Some(h) => return Err(ScapError::NotScap { found: h.id }),
            None => return Err(ScapError::NotScap { found: 0 }),
        }
        loop {
            match reader.blocks.next_block()? {
                None => return Err(ScapError::NoEvents),
                Some(h) if h.kind.is_some_and(BlockType::is_event) => {
                    reader.finish_prefix()?;
                    reader.pending = Some(h);
                    return Ok(reader);
                }
                Some(h) => reader.metadata(h)?,
            }
        }
    }

    /// The tables read before the first event (updated if a later section adds some).
    pub fn tables(&self) -> &CaptureTables {
        &self.tables
    }

    /// Moves the tables out (for the state layer), leaving empty ones behind; a later
    /// section of a concatenated capture fills them again. ([`Self::next_with_tables`]
    /// still reports the emptied tables with the section's first event.)
    pub fn take_tables(&mut self) -> CaptureTables {
        Arc::unwrap_or_clone(std::mem::take(&mut self.tables))
    }

    /// Whether the capture is gzip-compressed.
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }

    /// The offset (in the decompressed stream) of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.blocks.offset()
    }

    /// Delivers every event as stored, enter events included, without conversion (for
    /// tools and differential tests). Off by default.
    pub fn set_raw(&mut self, raw: bool) {
        self.raw = raw;
    }

    /// The next event; `Ok(None)` at the end. After an error the reader is finished: every
    /// event before the damage has been delivered.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ScapError> {
        Ok(self.next_inner(false)?.map(|(ev, _)| ev))
    }

    /// Like [`Self::next_event`], with the tables of the event's section, moved out of the
    /// reader (as by [`Self::take_tables`]), when the event is the first one delivered
    /// since that section's tables were read (the first event of the capture, and the
    /// first of every later section, whose tables replace the previous ones): state must
    /// then be seeded again from them before the event. A section whose metadata repeats
    /// the previous section's gets the same tables (`Arc::ptr_eq`), so a reseed can tell.
    pub fn next_with_tables(&mut self) -> Result<Option<EventWithTables<'_>>, ScapError> {
        self.next_inner(true)
    }

    /// The next event, and (with `take`) the fresh tables of its section moved out.
    fn next_inner(&mut self, take: bool) -> Result<Option<EventWithTables<'_>>, ScapError> {
        if self.finished {
            return Ok(None);
        }
        match self.advance() {
            Ok(Some((raw, info, converted))) => {
                let tables = (std::mem::take(&mut self.fresh_tables) && take)
                    .then(|| std::mem::take(&mut self.tables));
                let numbered_before = self.conv.take_numbered();
                let (data, offs) = if converted {
                    let v = self.conv.current();
                    (v.data, v.offs)
                } else {
                    let body = self.blocks.body();
                    let data = body.get(raw.data_start..raw.data_end).unwrap_or_default();
                    (data, self.offs.as_slice())
                };
                let ev = Event {
                    ts: raw.ts,
                    tid: raw.tid,
                    cpu: raw.cpu,
                    code: info.code,
                    dump_flags: raw.dump_flags,
                    numbered_before,
                    info,
                    data,
                    offs,
                };
                Ok(Some((ev, tables)))
            }
            Ok(None) => {
                self.finished = true;
                Ok(None)
            }
            Err(e) => {
                self.finished = true;
                Err(e)
            }
        }
    }

    /// Reads blocks until one yields a deliverable event: its header, its table entry after
    /// conversion, and whether the converter holds its parameters.
    fn advance(&mut self) -> Result<Option<(RawHeader, &'static EventInfo, bool)>, ScapError> {
        loop {
            let h = match self.pending.take() {
                Some(h) => h,
                None => match self.blocks.next_block()? {
                    Some(h) => h,
                    None => {
                        self.finish_prefix()?;
                        if self.next_pass() {
                            continue;
                        }
                        return Ok(None);
                    }
                },
            };
            let Some(BlockType::Event { version, flags, .. }) = h.kind else {
                self.metadata(h)?;
                continue;
            };
            self.finish_prefix()?;
            let body = self.blocks.body();
            let parsed = parse_event(body, h.body_offset(), h.id, version, flags, &mut self.offs)?;
            let Some(raw) = parsed else { continue };
            if self.raw {
                match event_info(raw.code) {
                    Some(info) => return Ok(Some((raw, info, false))),
                    None => continue,
                }
            }
            let view = ParamsView {
                data: body.get(raw.data_start..raw.data_end).unwrap_or_default(),
                offs: &self.offs,
            };
            let (code, converted) = match self.conv.process(raw.tid, raw.code, view) {
                Outcome::Drop => continue,
                Outcome::Unchanged => (raw.code, false),
                Outcome::Converted(code) => (code, true),
            };
            if let Some(info) = event_info(code) {
                return Ok(Some((raw, info, converted)));
            }
        }
    }

    /// At the end of a pass, starts the next one if any is left: at its first event block,
    /// its section open with the first pass's tables, as `metadata` and `finish_prefix`
    /// leave it after reading the same prefix again.
    fn next_pass(&mut self) -> bool {
        let Some((offset, tables)) = self.passes.next() else {
            return false;
        };
        if !self.blocks.seek_with(offset, |s| s.seek(offset)) {
            return false;
        }
        self.conv.reset();
        self.tables = tables;
        self.fresh_tables = true;
        true
    }

    /// One metadata block: a section header starts new tables (a new section starts a new
    /// capture: its tables replace the previous ones, so a stream of concatenated sections
    /// replays in bounded memory); blocks of a section's prefix go through the memo.
    fn metadata(&mut self, h: BlockHeader) -> Result<(), ScapError> {
        if h.kind == Some(BlockType::Section) {
            self.finish_prefix()?;
            self.tables = Arc::default();
            self.conv.reset();
            self.fresh_tables = true;
            self.memo.start_section();
        }
        if self.memo.in_prefix() {
            let todo = self.memo.block(h, self.blocks.body());
            let t = Arc::make_mut(&mut self.tables);
            for b in todo {
                apply_block(t, &b.header, &b.body)?;
            }
            return Ok(());
        }
        apply_block(Arc::make_mut(&mut self.tables), &h, self.blocks.body())
    }

    /// Ends a section's metadata prefix (at its first event): its tables are complete.
    fn finish_prefix(&mut self) -> Result<(), ScapError> {
        if !self.memo.in_prefix() {
            return Ok(());
        }
        match self.memo.finish() {
            Ok(shared) => self.tables = shared,
            Err(todo) => {
                let t = Arc::make_mut(&mut self.tables);
                for b in todo {
                    apply_block(t, &b.header, &b.body)?;
                }
                self.memo.remember(&self.tables);
            }
        }
        Ok(())
    }
}

/// Parses one metadata block into `t`; unknown block types are recorded and skipped.
fn apply_block(t: &mut CaptureTables, h: &BlockHeader, body: &[u8]) -> Result<(), ScapError> {
    let mut c = Cursor::new(body, h.body_offset(), h.id);
    match h.kind {
        Some(BlockType::Section) => t.section = Some(section::parse_section(&mut c, h.offset)?),
        Some(BlockType::MachineInfo) => t.machine = Some(machine::parse_machine(&mut c)?),
        Some(BlockType::ProcessList(v)) => {
            let mut list = Vec::new();
            threads::parse_threads(&mut c, v, h.id, &mut list)?;
            t.add_threads(list);
        }
        Some(BlockType::FdList(v)) => t.add_fds(fds::parse_fds(&mut c, v, h.id)?),
        Some(BlockType::InterfaceList(v)) => {
            interfaces::parse_interfaces(&mut c, v, &mut t.interfaces)?
        }
        Some(BlockType::UserList(v)) => users::parse_users(&mut c, v, &mut t.users, &mut t.groups)?,
        Some(BlockType::Event { .. }) => {}
        None => t.skipped_blocks.push((h.offset, h.id)),
    }
    Ok(())
}

/// A file whose very first block is not a section header is not a capture at all: say so,
/// rather than reporting the length of a block that was never a block.
fn not_scap_at_start(e: ScapError) -> ScapError {
    match e {
        ScapError::Truncated {
            offset: 0, block, ..
        }
        | ScapError::Corrupt {
            block,
            offset: 0..=4,
            ..
        } if BlockType::from_id(block.0) != Some(BlockType::Section) => {
            ScapError::NotScap { found: block.0 }
        }
        other => other,
    }
}
