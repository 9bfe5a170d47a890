//! Block ids and framing: `u32 type, u32 total length, body, padding, u32 total length`.
//! [`BlockReader`] reads one block at a time into a reused buffer, tracking the byte offset.

use std::io::{self, Read};

use super::error::{BlockName, ScapError};

/// Largest block accepted for an event block that is not `_LARGE` (body plus framing).
const MAX_SMALL_EVENT_BLOCK: u64 = 65536 + 8;
/// Largest block of any kind accepted; anything bigger is treated as corruption.
const MAX_BLOCK: u64 = 1 << 30;
/// Bodies up to this size are read in one go; larger ones grow as the data arrives, so a
/// corrupt length never allocates more than the file really holds.
const EAGER_READ: u64 = 1 << 20;

/// The block types of the format, with their version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    /// Section header block.
    Section,
    /// Machine info.
    MachineInfo,
    /// Process list, version 1 to 9.
    ProcessList(u8),
    /// Fd list of one thread, version 1 or 2.
    FdList(u8),
    /// Interface list, version 1 or 2.
    InterfaceList(u8),
    /// User and group list, version 1 or 2.
    UserList(u8),
    /// One event: header version (1 without nparams, 2 with), whether a flags word
    /// follows the cpu id, and whether the block may exceed 64 KiB.
    Event {
        version: u8,
        flags: bool,
        large: bool,
    },
}

impl BlockType {
    /// The block type of id `id`, including the pre-release `*_INT` aliases.
    pub fn from_id(id: u32) -> Option<BlockType> {
        use BlockType::*;
        let ev = |version, flags, large| Event {
            version,
            flags,
            large,
        };
        Some(match id {
            0x0A0D_0D0A => Section,
            0x201 | 0x8002_ABCD => MachineInfo,
            0x202 | 0x8000_ABCD => ProcessList(1),
            0x207 | 0x8013_ABCD => ProcessList(2),
            0x209 | 0x8014_ABCD => ProcessList(3),
            0x210 => ProcessList(4),
            0x211 => ProcessList(5),
            0x212 => ProcessList(6),
            0x213 => ProcessList(7),
            0x214 => ProcessList(8),
            0x215 => ProcessList(9),
            0x203 | 0x8001_ABCD => FdList(1),
            0x218 => FdList(2),
            0x204 | 0x8010_ABCD => ev(1, false, false),
            0x216 => ev(2, false, false),
            0x221 => ev(2, false, true),
            0x208 => ev(1, true, false),
            0x217 => ev(2, true, false),
            0x222 => ev(2, true, true),
            0x205 | 0x8011_ABCD => InterfaceList(1),
            0x219 => InterfaceList(2),
            0x206 | 0x8012_ABCD => UserList(1),
            0x220 => UserList(2),
            _ => return None,
        })
    }

    /// The libscap name of the block type, for messages.
    pub fn name(self) -> &'static str {
        use BlockType::*;
        match self {
            Section => "section header block",
            MachineInfo => "machine info block",
            ProcessList(1) => "process list block (v1)",
            ProcessList(2) => "process list block (v2)",
            ProcessList(3) => "process list block (v3)",
            ProcessList(4) => "process list block (v4)",
            ProcessList(5) => "process list block (v5)",
            ProcessList(6) => "process list block (v6)",
            ProcessList(7) => "process list block (v7)",
            ProcessList(8) => "process list block (v8)",
            ProcessList(_) => "process list block (v9)",
            FdList(1) => "fd list block (v1)",
            FdList(_) => "fd list block (v2)",
            InterfaceList(1) => "interface list block (v1)",
            InterfaceList(_) => "interface list block (v2)",
            UserList(1) => "user list block (v1)",
            UserList(_) => "user list block (v2)",
            Event {
                version: 1,
                flags: false,
                ..
            } => "event block (v1)",
            Event { version: 1, .. } => "flagged event block (v1)",
            Event {
                flags: false,
                large: false,
                ..
            } => "event block (v2)",
            Event { flags: false, .. } => "large event block (v2)",
            Event { large: false, .. } => "flagged event block (v2)",
            Event { .. } => "large flagged event block (v2)",
        }
    }

    /// Whether this is one of the event block types.
    pub fn is_event(self) -> bool {
        matches!(self, BlockType::Event { .. })
    }
}

/// The header of the block just read by [`BlockReader::next_block`].
#[derive(Clone, Copy, Debug)]
pub struct BlockHeader {
    /// The raw block id.
    pub id: u32,
    /// The known type, `None` for ids this reader skips.
    pub kind: Option<BlockType>,
    /// Offset of the block's first byte.
    pub offset: u64,
    /// `block_total_length`.
    pub total_len: u32,
}

impl BlockHeader {
    /// Offset of the first body byte.
    pub fn body_offset(&self) -> u64 {
        self.offset + 8
    }
}

/// Reads blocks from a byte stream, one at a time, into one reused body buffer.
pub struct BlockReader<R> {
    inner: R,
    offset: u64,
    /// The buffer; only its first `len` bytes are the current body. It never shrinks, so
    /// bytes beyond the largest body read so far are zeroed once, not for every block.
    body: Vec<u8>,
    len: usize,
}

impl<R: Read> BlockReader<R> {
    /// A block reader at offset 0 of `inner`.
    pub fn new(inner: R) -> BlockReader<R> {
        BlockReader {
            inner,
            offset: 0,
            body: Vec::new(),
            len: 0,
        }
    }

    /// The offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Goes on reading at `offset` when `seek` could move `inner` there (and says whether
    /// it could).
    pub fn seek_with(&mut self, offset: u64, seek: impl FnOnce(&mut R) -> bool) -> bool {
        let moved = seek(&mut self.inner);
        if moved {
            self.offset = offset;
            self.len = 0;
        }
        moved
    }

    /// The body of the last block read (without padding trailer; padding included).
    pub fn body(&self) -> &[u8] {
        self.body.get(..self.len).unwrap_or_default()
    }

    /// Reads the next block; `Ok(None)` at a clean end of file (between two blocks).
    pub fn next_block(&mut self) -> Result<Option<BlockHeader>, ScapError> {
        let start = self.offset;
        let mut head = [0u8; 8];
        let got = fill(&mut self.inner, &mut self.offset, &mut head)?;
        if got == 0 {
            return Ok(None);
        }
        let id = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        if got < 8 {
            return Err(ScapError::Truncated {
                offset: start,
                block: BlockName(id),
                needed: 8,
                available: got as u64,
            });
        }
        let total_len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let kind = BlockType::from_id(id);
        let total = u64::from(total_len);
        let limit = match kind {
            Some(BlockType::Event { large: false, .. }) => MAX_SMALL_EVENT_BLOCK,
            _ => MAX_BLOCK,
        };
        if !(12..=limit).contains(&total) {
            return Err(ScapError::corrupt(
                start + 4,
                id,
                format!("block length {total} out of range (12 to {limit})"),
            ));
        }
        let rest = total - 8;
        self.read_body(rest, start, id)?;
        let trailer_at = self.len.saturating_sub(4);
        let trailer = self.body().get(trailer_at..).unwrap_or_default();
        let is_event = kind.is_some_and(BlockType::is_event);
        if !is_event && trailer != total_len.to_le_bytes() {
            return Err(ScapError::corrupt(
                start + total - 4,
                id,
                format!("block trailer does not repeat the block length {total}"),
            ));
        }
        self.len = trailer_at;
        Ok(Some(BlockHeader {
            id,
            kind,
            offset: start,
            total_len,
        }))
    }

    fn read_body(&mut self, n: u64, start: u64, id: u32) -> Result<(), ScapError> {
        self.len = 0;
        let got = if n <= EAGER_READ {
            // INVARIANT: n <= EAGER_READ fits in usize.
            let n = n as usize;
            if self.body.len() < n {
                self.body.resize(n, 0);
            }
            let dst = self.body.get_mut(..n).unwrap_or_default();
            let got = fill(&mut self.inner, &mut self.offset, dst)?;
            self.len = got;
            got as u64
        } else {
            self.body.clear();
            let mut take = (&mut self.inner).take(n);
            let got = loop {
                match take.read_to_end(&mut self.body) {
                    Ok(_) => break self.body.len() as u64,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        return Err(ScapError::Io {
                            offset: self.offset + self.body.len() as u64,
                            source: e,
                        })
                    }
                }
            };
            self.offset += got;
            self.len = self.body.len();
            got
        };
        if got < n {
            return Err(ScapError::Truncated {
                offset: start,
                block: BlockName(id),
                needed: n + 8,
                available: got + 8,
            });
        }
        Ok(())
    }
}

/// Fills `buf` from `inner` as far as the stream allows, advancing `offset`; returns how
/// many bytes were read (fewer than `buf.len()` only at the end of the stream).
fn fill<R: Read>(inner: &mut R, offset: &mut u64, buf: &mut [u8]) -> Result<usize, ScapError> {
    let mut filled = 0;
    while let Some(dst) = buf.get_mut(filled..).filter(|d| !d.is_empty()) {
        match inner.read(dst) {
            Ok(0) => break,
            Ok(k) => {
                filled += k;
                *offset += k as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(ScapError::Io {
                    offset: *offset,
                    source: e,
                })
            }
        }
    }
    Ok(filled)
}
