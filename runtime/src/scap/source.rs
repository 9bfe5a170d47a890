//! The byte source of a capture: plain or one gzip stream (detected by its `1f 8b` magic),
//! buffered either way.

use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::MultiGzDecoder;

/// Buffer size for reading captures. Event blocks are read into their own buffer (one
/// larger than this bypasses it), so a bigger one only saves read calls: 256 KiB held
/// 8% of replay's heap for no CPU time `replay_bench` could measure.
const BUF: usize = 64 * 1024;

/// A capture's decompressed bytes.
pub(crate) enum Source<R: Read> {
    Plain(BufReader<R>),
    Gzip(Box<BufReader<MultiGzDecoder<BufReader<R>>>>),
}

impl<R: Read> Source<R> {
    /// Wraps `inner`, decompressing it when it starts with the gzip magic.
    pub(crate) fn new(inner: R) -> io::Result<Source<R>> {
        let mut buf = BufReader::with_capacity(BUF, inner);
        let head = loop {
            match buf.fill_buf() {
                Ok(h) => break h,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if head.starts_with(&[0x1f, 0x8b]) {
            let dec = MultiGzDecoder::new(buf);
            Ok(Source::Gzip(Box::new(BufReader::with_capacity(BUF, dec))))
        } else {
            Ok(Source::Plain(buf))
        }
    }

    /// Whether the capture is gzip-compressed.
    pub(crate) fn is_gzip(&self) -> bool {
        matches!(self, Source::Gzip(_))
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(out),
            Source::Gzip(r) => r.read(out),
        }
    }
}
