//! [`Jitter`]: random pauses in a worker, for the stress tests that shuffle how the
//! partitions interleave (never on by default).

use std::time::Duration;

/// A small xorshift generator deciding when a worker sleeps and for how long.
#[derive(Clone, Debug)]
pub struct Jitter {
    state: u64,
}

impl Jitter {
    /// Pauses seeded by `seed` (different per worker).
    pub fn new(seed: u64) -> Jitter {
        Jitter {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    /// One item in eight waits up to 200 µs; one in sixty-four just yields.
    pub fn pause(&mut self) {
        let r = self.next();
        match r % 64 {
            0 => std::thread::yield_now(),
            1..=7 => std::thread::sleep(Duration::from_micros((r >> 8) % 200)),
            _ => {}
        }
    }
}
