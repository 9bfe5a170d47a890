//! Damaged captures: truncated at every block boundary and at random offsets, with random
//! bytes flipped. Reading never panics, always ends in success or a clear error naming an
//! offset, and every event before the damage is delivered exactly as from the intact file.

mod common;

use std::path::Path;

use falcoc_runtime::scap::BlockReader;
use falcoc_runtime::{CaptureReader, ScapError};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The events of an intact capture with, for each, the offset where its block ends.
fn reference(bytes: &[u8]) -> (Vec<common::EventKey>, Vec<u64>) {
    let mut r = CaptureReader::open(bytes).expect("intact capture opens");
    let mut ends = Vec::new();
    let mut events = Vec::new();
    while let Some(ev) = r.next_event().expect("intact capture reads") {
        events.push(ev.to_owned());
        ends.push(r.offset());
    }
    (common::keys(&events), ends)
}

/// Every block boundary of a plain capture.
fn boundaries(bytes: &[u8]) -> Vec<u64> {
    let mut br = BlockReader::new(bytes);
    let mut out = vec![0];
    while let Ok(Some(_)) = br.next_block() {
        out.push(br.offset());
    }
    out
}

/// Reads `bytes` and checks the outcome against the intact reference: the delivered events
/// are a prefix of it holding at least every event whose block ends before `intact_until`.
fn check(bytes: &[u8], keys: &[common::EventKey], ends: &[u64], intact_until: u64, what: &str) {
    let (events, err) = common::read_all(bytes, false);
    if let Some(e) = &err {
        let msg = e.to_string();
        assert!(
            !msg.is_empty() && msg == msg.to_lowercase() || msg.contains("0x"),
            "{what}: {msg}"
        );
        assert!(
            e.offset().is_some() || matches!(e, ScapError::NoEvents),
            "{what}: no offset in {msg}"
        );
    }
    let got = common::keys(&events);
    let must = ends.iter().take_while(|e| **e <= intact_until).count();
    assert!(
        got.len() >= must,
        "{what}: {} events delivered, {must} expected before the damage ({err:?})",
        got.len()
    );
    assert_eq!(
        got[..must],
        keys[..must],
        "{what}: events before the damage differ"
    );
}

fn plain(name: &str) -> Option<Vec<u8>> {
    let p = common::capture(name)?;
    Path::new(&p).exists().then(|| common::plain_bytes(&p))
}

#[test]
fn truncated_at_every_block_boundary() {
    for name in ["synthetic-tiny.scap", "cat_write.scap", "sample.scap"] {
        let Some(bytes) = plain(name) else { return };
        let (keys, ends) = reference(&bytes);
        for b in boundaries(&bytes) {
            let cut = &bytes[..b as usize];
            let (events, err) = common::read_all(cut, false);
            // A cut between blocks is a clean end: no error once events have started.
            let must = ends.iter().take_while(|e| **e <= b).count();
            if must > 0 {
                assert!(err.is_none(), "{name} cut at {b}: {err:?}");
            }
            assert_eq!(common::keys(&events), keys[..must], "{name} cut at {b}");
        }
    }
}

#[test]
fn truncated_at_random_offsets() {
    let mut rng = Rng(0x5eed_1234);
    for cap in common::captures() {
        let bytes = common::plain_bytes(&cap);
        let (keys, ends) = reference(&bytes);
        let cuts = boundaries(&bytes);
        for _ in 0..100 {
            let c = rng.below(bytes.len());
            let what = format!("{} cut at {c}", cap.display());
            check(&bytes[..c], &keys, &ends, c as u64, &what);
            let (events, err) = common::read_all(&bytes[..c], false);
            let complete = ends.iter().take_while(|e| **e <= c as u64).count();
            assert_eq!(events.len(), complete, "{what}: {err:?}");
            if !cuts.contains(&(c as u64)) {
                assert!(
                    err.is_some(),
                    "{what}: a cut inside a block must be reported"
                );
            }
        }
    }
}

#[test]
fn truncated_gzip_delivers_a_prefix() {
    use std::io::Write;
    let Some(bytes) = plain("sample.scap") else {
        return;
    };
    let (keys, _) = reference(&bytes);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&bytes).expect("gzip");
    let gz = enc.finish().expect("gzip");
    let mut rng = Rng(77);
    for _ in 0..60 {
        let c = rng.below(gz.len());
        let (events, err) = common::read_all(&gz[..c], false);
        let got = common::keys(&events);
        assert_eq!(got[..], keys[..got.len()], "gzip cut at {c}");
        assert!(
            err.is_some() || got.len() == keys.len(),
            "gzip cut at {c}: no error"
        );
    }
}

#[test]
fn random_byte_flips() {
    let mut rng = Rng(0xF11B_5EED);
    for cap in common::captures() {
        let bytes = common::plain_bytes(&cap);
        let (keys, ends) = reference(&bytes);
        for round in 0..100 {
            let mut damaged = bytes.clone();
            let flips = 1 + rng.below(4);
            let mut first = usize::MAX;
            for _ in 0..flips {
                let at = rng.below(damaged.len());
                damaged[at] ^= 1 << rng.below(8);
                first = first.min(at);
            }
            // Events whose block ends before the first damaged byte are unaffected.
            let what = format!("{} round {round} first flip at {first}", cap.display());
            check(&damaged, &keys, &ends, first as u64, &what);
        }
    }
}
