//! A writer that keeps nothing: it counts the bytes and lines (alerts) written to it, so a
//! bench's output costs what formatting costs, not a growing buffer.

use std::io::{self, Write};

/// Bytes and newline-ended lines written so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    /// Bytes written.
    pub bytes: usize,
    /// Lines written (one per alert, text or JSON).
    pub lines: usize,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        self.lines += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_and_lines() {
        let mut c = Counted::default();
        c.write_all(b"{\"a\":1}\n{\"b\":2}\n").unwrap();
        c.write_all(b"partial").unwrap();
        assert_eq!(
            c,
            Counted {
                bytes: 23,
                lines: 2
            }
        );
    }
}
