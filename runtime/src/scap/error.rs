//! Errors of the capture reader: every one names the byte offset (in the decompressed
//! stream) and the block it was found in.

use std::fmt;

/// The kind of block an error was found in, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockName(pub u32);

impl fmt::Display for BlockName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match super::block::BlockType::from_id(self.0) {
            Some(t) => write!(f, "{}", t.name()),
            None => write!(f, "block 0x{:x}", self.0),
        }
    }
}

/// A failure while reading a `.scap` capture.
#[derive(Debug, thiserror::Error)]
pub enum ScapError {
    /// The underlying reader failed (not a plain end of file).
    #[error("i/o error at byte {offset}: {source}")]
    Io {
        offset: u64,
        #[source]
        source: std::io::Error,
    },
    /// The file does not start with a section header block.
    #[error("not a scap capture: expected a section header block at byte 0, found 0x{found:08x}")]
    NotScap { found: u32 },
    /// The section header has a byte-order magic this reader does not support.
    #[error("invalid magic number 0x{magic:08x} in section header at byte {offset}")]
    BadMagic { offset: u64, magic: u32 },
    /// The section header announces a major version above 1.
    #[error("unsupported scap version {major}.{minor} at byte {offset}")]
    Version { offset: u64, major: u16, minor: u16 },
    /// The file ended in the middle of a block.
    #[error(
        "truncated capture: {block} at byte {offset} needs {needed} bytes, only {available} left"
    )]
    Truncated {
        offset: u64,
        block: BlockName,
        needed: u64,
        available: u64,
    },
    /// A block's content contradicts the format.
    #[error("corrupt {block} at byte {offset}: {reason}")]
    Corrupt {
        offset: u64,
        block: BlockName,
        reason: String,
    },
    /// The capture holds no event block.
    #[error("no events in file")]
    NoEvents,
}

impl ScapError {
    /// The byte offset (in the decompressed stream) the error refers to, if any.
    pub fn offset(&self) -> Option<u64> {
        match self {
            ScapError::Io { offset, .. }
            | ScapError::BadMagic { offset, .. }
            | ScapError::Version { offset, .. }
            | ScapError::Truncated { offset, .. }
            | ScapError::Corrupt { offset, .. } => Some(*offset),
            ScapError::NotScap { .. } => Some(0),
            ScapError::NoEvents => None,
        }
    }

    /// A corruption error at `offset` in block `block`.
    pub(crate) fn corrupt(offset: u64, block: u32, reason: impl Into<String>) -> ScapError {
        ScapError::Corrupt {
            offset,
            block: BlockName(block),
            reason: reason.into(),
        }
    }
}
