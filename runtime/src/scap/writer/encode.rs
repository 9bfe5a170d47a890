//! Little-endian byte building and block framing: `round_up_4(8 + body + 4)` bytes with the
//! total length before and after the body.

use super::error::WriteError;

/// A growing block body.
#[derive(Default)]
pub(crate) struct Buf {
    pub(crate) b: Vec<u8>,
}

impl Buf {
    pub(crate) fn u8(&mut self, v: u8) {
        self.b.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn bytes(&mut self, v: &[u8]) {
        self.b.extend_from_slice(v);
    }

    /// A u16 length then the bytes, no NUL (strings of the metadata blocks).
    pub(crate) fn str16(
        &mut self,
        what: &'static str,
        s: &str,
        max: usize,
    ) -> Result<(), WriteError> {
        let len = check_len(what, s.len(), max)?;
        self.u16(len);
        self.bytes(s.as_bytes());
        Ok(())
    }

    /// A u16 length then each item NUL-terminated (args, env, cgroups).
    pub(crate) fn strlist16(
        &mut self,
        what: &'static str,
        items: &[String],
        max: usize,
    ) -> Result<(), WriteError> {
        let total: usize = items.iter().map(|s| s.len() + 1).sum();
        let len = check_len(what, total, max)?;
        self.u16(len);
        for s in items {
            self.bytes(s.as_bytes());
            self.u8(0);
        }
        Ok(())
    }

    /// Overwrites the u32 at `at` (an entry length known only at the end).
    pub(crate) fn patch_u32(&mut self, at: usize, v: u32) {
        if let Some(slot) = self.b.get_mut(at..at + 4) {
            slot.copy_from_slice(&v.to_le_bytes());
        }
    }
}

/// `len` as a u16 length field, if it is at most `max`.
fn check_len(what: &'static str, len: usize, max: usize) -> Result<u16, WriteError> {
    match u16::try_from(len) {
        Ok(v) if len <= max => Ok(v),
        _ => Err(WriteError::TooLong { what, len, max }),
    }
}

/// A whole block: header, body, zero padding to 4 bytes, trailer.
pub(crate) fn frame(id: u32, body: &[u8]) -> Result<Vec<u8>, WriteError> {
    let padded = body.len().div_ceil(4) * 4;
    let total = padded + 12;
    let total32 = u32::try_from(total).map_err(|_| WriteError::TooLong {
        what: "block",
        len: total,
        max: u32::MAX as usize,
    })?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&total32.to_le_bytes());
    out.extend_from_slice(body);
    out.resize(8 + padded, 0);
    out.extend_from_slice(&total32.to_le_bytes());
    Ok(out)
}
