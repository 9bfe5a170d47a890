//! A bounds-checked little-endian reader over one block body: every read either succeeds or
//! reports the absolute byte offset where the body ran out.

use super::error::ScapError;

/// Reads fields from a block body. `base` is the absolute offset of `buf[0]`.
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    base: u64,
    block: u32,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(buf: &'a [u8], base: u64, block: u32) -> Cursor<'a> {
        Cursor {
            buf,
            pos: 0,
            base,
            block,
        }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Bytes read so far.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The absolute offset of the next byte.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// A corruption error at the current position.
    pub(crate) fn error(&self, reason: impl Into<String>) -> ScapError {
        ScapError::corrupt(self.offset(), self.block, reason)
    }

    /// The next `n` bytes.
    pub(crate) fn bytes(&mut self, n: usize, what: &str) -> Result<&'a [u8], ScapError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        match end.and_then(|e| self.buf.get(self.pos..e)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.error(format!(
                "{what} needs {n} bytes, only {} left in the block",
                self.remaining()
            ))),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], ScapError> {
        let b = self.bytes(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(b);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, what: &str) -> Result<u8, ScapError> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u16(&mut self, what: &str) -> Result<u16, ScapError> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u32(&mut self, what: &str) -> Result<u32, ScapError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u64(&mut self, what: &str) -> Result<u64, ScapError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn i64(&mut self, what: &str) -> Result<i64, ScapError> {
        Ok(i64::from_le_bytes(self.array(what)?))
    }

    /// 16 raw bytes (an IPv6 address).
    pub(crate) fn addr16(&mut self, what: &str) -> Result<[u8; 16], ScapError> {
        self.array(what)
    }

    /// A string stored as a u16 length and that many bytes (no NUL), at most `max` long.
    pub(crate) fn str16(&mut self, what: &str, max: usize) -> Result<String, ScapError> {
        let len = usize::from(self.u16(what)?);
        if len > max {
            return Err(self.error(format!("{what} length {len} exceeds {max}")));
        }
        let b = self.bytes(len, what)?;
        Ok(text(b))
    }

    /// A list of NUL-terminated strings stored as a u16 total length and the bytes.
    pub(crate) fn strlist16(&mut self, what: &str, max: usize) -> Result<Vec<String>, ScapError> {
        let len = usize::from(self.u16(what)?);
        if len > max {
            return Err(self.error(format!("{what} length {len} exceeds {max}")));
        }
        let b = self.bytes(len, what)?;
        Ok(split_nul_list(b))
    }
}

/// Splits concatenated NUL-terminated strings; a last item without its NUL is kept.
pub(crate) fn split_nul_list(b: &[u8]) -> Vec<String> {
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    if b.is_empty() {
        return Vec::new();
    }
    b.split(|c| *c == 0).map(text).collect()
}

/// `b` as text: copied as is when it is UTF-8 (the common case, validated quickly), else
/// converted lossily.
fn text(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}
