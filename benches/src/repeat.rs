//! A capture's bytes repeated as one stream (concatenated sections), so a small capture
//! replays to millions of events.

use std::io::Read;

/// `bytes` repeated `passes` times.
pub struct Repeat<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u64,
}

impl<'a> Repeat<'a> {
    pub fn new(bytes: &'a [u8], passes: u64) -> Self {
        Repeat {
            bytes,
            pos: 0,
            left: passes,
        }
    }
}

impl Read for Repeat<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.bytes.len() {
            if self.left <= 1 {
                return Ok(0);
            }
            self.left -= 1;
            self.pos = 0;
        }
        let n = buf.len().min(self.bytes.len() - self.pos);
        buf[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
