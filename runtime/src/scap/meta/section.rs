//! The section header block (SHB): byte-order magic, format version, section length.

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

/// Byte-order magic of a little-endian capture.
pub const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;

/// The fields of a section header block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionHeader {
    pub major: u16,
    pub minor: u16,
    /// Length of the section, `u64::MAX` when unknown (what writers store).
    pub section_length: u64,
}

/// Parses an SHB body; pcapng-style options after the 16 fixed bytes are skipped.
pub(crate) fn parse_section(c: &mut Cursor<'_>, at: u64) -> Result<SectionHeader, ScapError> {
    let magic = c.u32("byte-order magic")?;
    if magic != BYTE_ORDER_MAGIC {
        return Err(ScapError::BadMagic { offset: at, magic });
    }
    let major = c.u16("major version")?;
    let minor = c.u16("minor version")?;
    let section_length = c.u64("section length")?;
    if major > 1 {
        return Err(ScapError::Version {
            offset: at,
            major,
            minor,
        });
    }
    Ok(SectionHeader {
        major,
        minor,
        section_length,
    })
}
