//! Shared helpers of the runtime tests: the reference directory, the captures, sysdig.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use falcoc_runtime::{CaptureReader, OwnedEvent, ScapError};

/// The reference directory: `$FALCOC_SHARED` if set, else `../shared` beside the checkout.
/// `None` (after printing why) when it is absent.
pub fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("FALCOC_SHARED").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")),
    ];
    for c in candidates.into_iter().flatten() {
        if c.join("corpus/captures").is_dir() {
            return Some(c);
        }
    }
    println!("skipped: ../shared not found");
    None
}

/// Every capture of the corpus, sorted by name.
pub fn captures() -> Vec<PathBuf> {
    let Some(dir) = shared_dir() else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir.join("corpus/captures"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "scap"));
    out.sort();
    out
}

/// A capture by file name.
pub fn capture(name: &str) -> Option<PathBuf> {
    Some(shared_dir()?.join("corpus/captures").join(name))
}

/// Runs `sysdig -r capture -p format filter`; `None` (with a printed reason) when sysdig
/// is not installed.
pub fn sysdig(capture: &Path, format: &str, filter: &str) -> Option<Vec<String>> {
    let out = match Command::new("sysdig")
        .arg("-r")
        .arg(capture)
        .arg("-p")
        .arg(format)
        .arg(filter)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            println!("skipped: sysdig not available ({e})");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "sysdig failed on {}: {}",
        capture.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
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
