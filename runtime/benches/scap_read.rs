//! Events per second of pure capture reading: `sample.scap`'s event blocks repeated into one
//! long stream (plain and gzip), read with `CaptureReader::next_event`, touching each
//! event's first parameter; the fastest of several runs is reported.
//!
//!     FALCOC_SHARED=/work/shared cargo bench -p falcoc-runtime --bench scap_read

use std::io::{Read, Write};
use std::time::Instant;

use falcoc_runtime::scap::BlockReader;
use falcoc_runtime::CaptureReader;

/// Copies of the event section in the stream.
const REPEAT: usize = 400;

/// The capture with its event blocks repeated `REPEAT` times.
fn long_stream(sample: &[u8]) -> Vec<u8> {
    let mut br = BlockReader::new(sample);
    let mut first_event = None;
    while let Ok(Some(h)) = br.next_block() {
        if h.kind.is_some_and(|k| k.is_event()) {
            first_event = Some(h.offset as usize);
            break;
        }
    }
    let at = first_event.expect("sample.scap has events");
    let (meta, events) = sample.split_at(at);
    let mut out = meta.to_vec();
    for _ in 0..REPEAT {
        out.extend_from_slice(events);
    }
    out
}

/// Reads the stream `runs` times and reports the fastest run.
fn run(label: &str, bytes: &[u8], runs: usize) {
    let mut best = f64::MAX;
    let (mut n, mut sum) = (0u64, 0u64);
    for _ in 0..runs {
        let start = Instant::now();
        let mut r = CaptureReader::open(bytes).expect("stream opens");
        (n, sum) = (0, 0);
        while let Some(ev) = r.next_event().expect("stream reads") {
            n += 1;
            sum = sum.wrapping_add(ev.ts() ^ ev.as_u64(0).unwrap_or(0));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let secs = best;
    println!(
        "{label}: {n} events in {secs:.3} s = {:.1} M events/s ({:.0} MB/s of capture, checksum {sum:x})",
        n as f64 / secs / 1e6,
        bytes.len() as f64 / secs / 1e6
    );
}

fn main() {
    let Some(dir) = falcoc_testkit::shared() else {
        return;
    };
    let mut sample = Vec::new();
    std::fs::File::open(dir.join("corpus/captures/sample.scap"))
        .and_then(|mut f| f.read_to_end(&mut sample))
        .expect("sample.scap readable");
    let plain = long_stream(&sample);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&plain).expect("gzip");
    let gz = enc.finish().expect("gzip");
    run("plain", &plain, 10);
    run("gzip ", &gz, 5);
}
