//! `EventSet`: a fixed-size bitset over event codes `0..PPM_EVENT_MAX`.

use super::PPM_EVENT_MAX;

const WORDS: usize = 8;
// INVARIANT: every event code fits in the bitset.
const _: () = assert!(PPM_EVENT_MAX as usize <= WORDS * 64);

/// A set of event codes. The complement is taken within `0..PPM_EVENT_MAX`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventSet {
    bits: [u64; WORDS],
}

impl EventSet {
    /// The empty set.
    pub const fn empty() -> EventSet {
        EventSet { bits: [0; WORDS] }
    }

    /// Every code `0..PPM_EVENT_MAX`.
    pub fn all() -> EventSet {
        EventSet::empty().complement()
    }

    /// The set of the given codes (codes out of range are ignored).
    pub fn from_codes(codes: impl IntoIterator<Item = u16>) -> EventSet {
        let mut s = EventSet::empty();
        for c in codes {
            s.insert(c);
        }
        s
    }

    /// Adds `code`; returns false (and does nothing) when it is out of range.
    pub fn insert(&mut self, code: u16) -> bool {
        if code >= PPM_EVENT_MAX {
            return false;
        }
        let i = usize::from(code);
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
        true
    }

    /// Removes `code`.
    pub fn remove(&mut self, code: u16) {
        let i = usize::from(code);
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    pub fn contains(&self, code: u16) -> bool {
        let i = usize::from(code);
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn union(&self, other: &EventSet) -> EventSet {
        let mut bits = self.bits;
        for (a, b) in bits.iter_mut().zip(other.bits) {
            *a |= b;
        }
        EventSet { bits }
    }

    pub fn intersect(&self, other: &EventSet) -> EventSet {
        let mut bits = self.bits;
        for (a, b) in bits.iter_mut().zip(other.bits) {
            *a &= b;
        }
        EventSet { bits }
    }

    /// Every code of `0..PPM_EVENT_MAX` not in the set.
    pub fn complement(&self) -> EventSet {
        let mut bits = self.bits;
        for (i, w) in bits.iter_mut().enumerate() {
            let lo = i * 64;
            let max = usize::from(PPM_EVENT_MAX);
            let valid = if max >= lo + 64 {
                u64::MAX
            } else if max <= lo {
                0
            } else {
                (1u64 << (max - lo)) - 1
            };
            *w = !*w & valid;
        }
        EventSet { bits }
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The codes in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        (0..PPM_EVENT_MAX).filter(move |c| self.contains(*c))
    }
}

impl std::fmt::Debug for EventSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<u16> for EventSet {
    fn from_iter<I: IntoIterator<Item = u16>>(iter: I) -> Self {
        EventSet::from_codes(iter)
    }
}
