//! The byte source of a capture: plain or one gzip stream (detected by its `1f 8b` magic),
//! buffered either way; or the whole capture, decompressed, in memory, which can be read
//! again from any offset (a capture replayed several times over, [`Source::into_memory`]).

use std::io::{self, BufRead, BufReader, Cursor, Read};

use flate2::bufread::MultiGzDecoder;

/// Buffer size for reading captures. Event blocks are read into their own buffer (one
/// larger than this bypasses it), so a bigger one only saves read calls: 256 KiB held
/// 8% of replay's heap for no CPU time `replay_bench` could measure.
const BUF: usize = 64 * 1024;

/// A capture's decompressed bytes.
pub(crate) enum Source<R: Read> {
    Plain(BufReader<R>),
    Gzip(Box<BufReader<MultiGzDecoder<BufReader<R>>>>),
    /// Every byte read up front (and decompressed once); `gzip`: the file was compressed.
    Memory {
        bytes: Cursor<Vec<u8>>,
        gzip: bool,
    },
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

    /// The same source with all its (decompressed) bytes read into memory; on an error, the
    /// offset of the first byte that could not be read.
    pub(crate) fn into_memory(mut self) -> Result<Source<R>, (u64, io::Error)> {
        let gzip = self.is_gzip();
        let mut bytes = Vec::new();
        if let Err(e) = self.read_to_end(&mut bytes) {
            return Err((bytes.len() as u64, e));
        }
        Ok(Source::Memory {
            bytes: Cursor::new(bytes),
            gzip,
        })
    }

    /// Moves to byte `offset`, when the bytes are in memory (`false` otherwise).
    pub(crate) fn seek(&mut self, offset: u64) -> bool {
        match self {
            Source::Memory { bytes, .. } => {
                bytes.set_position(offset);
                true
            }
            Source::Plain(_) | Source::Gzip(_) => false,
        }
    }

    /// Whether the capture is gzip-compressed.
    pub(crate) fn is_gzip(&self) -> bool {
        match self {
            Source::Plain(_) => false,
            Source::Gzip(_) => true,
            Source::Memory { gzip, .. } => *gzip,
        }
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(out),
            Source::Gzip(r) => r.read(out),
            Source::Memory { bytes, .. } => bytes.read(out),
        }
    }
}
