//! Shared helpers of the runtime tests: the reference directory, the captures, sysdig.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use falcoc_runtime::{CaptureReader, OwnedEvent, ScapError};

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout);
/// `None` after applying the oracle policy when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// Every capture of the corpus, sorted by name.
pub fn captures() -> Vec<PathBuf> {
    falcoc_testkit::captures()
}

/// A capture by file name.
pub fn capture(name: &str) -> Option<PathBuf> {
    falcoc_testkit::capture(name)
}

/// Runs `sysdig -r capture -p format filter`; `None` (after applying the oracle policy)
/// when sysdig is not installed.
pub fn sysdig(capture: &Path, format: &str, filter: &str) -> Option<Vec<String>> {
    if !falcoc_testkit::sysdig::available() {
        return None;
    }
    let lines = falcoc_testkit::sysdig::lines(capture, format, filter)
        .unwrap_or_else(|e| panic!("sysdig failed on {}: {e}", capture.display()));
    Some(lines)
}

/// Every delivered event of a byte buffer, and the error that ended the stream, if any.
pub fn read_all(bytes: &[u8], raw: bool) -> (Vec<OwnedEvent>, Option<ScapError>) {
    let mut r = match CaptureReader::open(bytes) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(e)),
    };
    r.set_raw(raw);
    let mut out = Vec::new();
    loop {
        match r.next_event() {
            Ok(Some(ev)) => out.push(ev.to_owned()),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// The decompressed bytes of a capture file.
pub fn plain_bytes(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let raw = std::fs::read(path).expect("capture readable");
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .expect("gzip capture decompresses");
        out
    } else {
        raw
    }
}

pub mod writer;

/// Comparable content of events: (ts, tid, cpu, code, flags, parameters).
pub type EventKey = (u64, i64, u16, u16, u32, Vec<Vec<u8>>);

/// The comparable content of each event.
pub fn keys(events: &[OwnedEvent]) -> Vec<EventKey> {
    events
        .iter()
        .map(|e| {
            let v = e.view();
            let params = (0..v.nparams())
                .map(|i| v.param(i).unwrap_or_default().to_vec())
                .collect();
            (v.ts(), v.tid(), v.cpu(), v.code(), v.dump_flags(), params)
        })
        .collect()
}
