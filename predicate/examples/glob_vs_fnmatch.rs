//! Random differential check of `glob_match` against glibc's `fnmatch` (C locale, as a
//! Rust program runs without `setlocale`): patterns and texts strung from the pieces
//! brackets are made of (classes, equivalence classes, collating symbols, ranges, escapes,
//! bytes above 0x7f), both flags. Prints the first mismatches and the count:
//!
//!     cargo run --release -p falcoc-predicate --example glob_vs_fnmatch -- [CASES] [SEED]

use falcoc_predicate::ops::glob::glob_match;
use falcoc_testkit::libc_fnmatch;

const PATTERN_PIECES: &[&[u8]] = &[
    b"a",
    b"A",
    b"z",
    b"Z",
    b"y",
    b"-",
    b"[",
    b"]",
    b"!",
    b"^",
    b"\\",
    b"*",
    b"?",
    b":",
    b"=",
    b".",
    b"[:",
    b":]",
    b"[=",
    b"=]",
    b"[.",
    b".]",
    b"alpha",
    b"[:alpha:]",
    b"[:lower:]",
    b"\xc3",
    b"\xff",
    b"/",
    b"0",
    b"a-z",
    b"[a-",
];

const TEXT_PIECES: &[&[u8]] = &[
    b"a", b"A", b"z", b"-", b"[", b"]", b"\\", b".", b":", b"=", b"\xc3", b"\xff", b"/", b"0", b"!",
];

/// xorshift64: reproducible from the seed, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn string(&mut self, pieces: &[&[u8]], max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len)
            .flat_map(|_| pieces[self.below(pieces.len())].iter().copied())
            .collect()
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let cases: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed.max(1));
    let mut mismatches = 0u64;
    for _ in 0..cases {
        let pattern = rng.string(PATTERN_PIECES, 8);
        let text = rng.string(TEXT_PIECES, 5);
        let fold = rng.below(2) == 0;
        let ours = glob_match(&pattern, &text, fold);
        if ours != libc_fnmatch(&pattern, &text, fold) {
            mismatches += 1;
            if mismatches <= 10 {
                println!(
                    "mismatch: pattern {:?} text {:?} fold {fold}: ours {ours}",
                    String::from_utf8_lossy(&pattern),
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }
    println!("{cases} cases, {mismatches} mismatches");
    if mismatches > 0 {
        std::process::exit(1);
    }
}
