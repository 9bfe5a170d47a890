//! A fast, non-cryptographic hasher for the literal sets of `in`/`intersects`: the keys are
//! the rule writer's own constants, so hash flooding is not a concern, and SipHash would
//! dominate the cost of a membership test on short strings such as event type names.

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Rotate-xor-multiply over 8-byte words.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The build hasher of [`FastHasher`].
pub type FastBuild = BuildHasherDefault<FastHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn distinguishes_lengths_and_bytes() {
        let mut set: HashSet<Vec<u8>, FastBuild> = HashSet::default();
        for w in [
            "",
            "a",
            "a\0",
            "open",
            "openat",
            "openat2",
            "12345678",
            "123456789",
        ] {
            assert!(set.insert(w.as_bytes().to_vec()), "{w}");
        }
        assert!(set.contains(b"openat".as_slice()));
        assert!(!set.contains(b"opena".as_slice()));
        assert!(set.contains(b"a\0".as_slice()));
    }
}
