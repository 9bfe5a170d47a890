//! [`RecordMerge`]: the records of several ring buffers put back in timestamp order for
//! the live agent's partitioned run. Each buffer holds one set of thread groups in order;
//! across buffers, the order of a drain is by buffer, not by time. The merge keeps the
//! drained records and hands out, sorted by timestamp, those stamped before a cut a little
//! behind the present: a record stamped earlier may still be on its way into another
//! buffer, so what is newer than the cut waits for the next drain (see
//! `docs/ARCHITECTURE.md`, "Live workers").

/// The first 8 bytes of a record: its timestamp (epoch ns); a shorter record sorts first
/// (it is counted as unreadable by the decoder).
fn stamp(rec: &[u8]) -> u64 {
    rec.get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// Where one record is in the arena.
#[derive(Clone, Copy, Debug)]
struct Slot {
    ts: u64,
    at: usize,
    len: usize,
}

/// Records drained and not yet handed out.
#[derive(Debug, Default)]
pub struct RecordMerge {
    data: Vec<u8>,
    slots: Vec<Slot>,
    /// The arena the held records move to (kept for its capacity).
    spare: Vec<u8>,
}

impl RecordMerge {
    /// Keeps a copy of `rec`.
    pub fn push(&mut self, rec: &[u8]) {
        self.slots.push(Slot {
            ts: stamp(rec),
            at: self.data.len(),
            len: rec.len(),
        });
        self.data.extend_from_slice(rec);
    }

    /// Records held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether nothing is held.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Gives `f` every held record stamped before `cut`, oldest first (records of equal
    /// stamps in the order they were pushed); keeps the others. Returns how many it gave.
    pub fn take_before(&mut self, cut: u64, mut f: impl FnMut(&[u8])) -> usize {
        // A stable sort: each buffer's records are already a sorted run, or nearly.
        self.slots.sort_by_key(|s| s.ts);
        let given = self.slots.partition_point(|s| s.ts < cut);
        for s in &self.slots[..given] {
            f(&self.data[s.at..s.at + s.len]);
        }
        self.spare.clear();
        for s in &mut self.slots[given..] {
            let at = self.spare.len();
            self.spare.extend_from_slice(&self.data[s.at..s.at + s.len]);
            s.at = at;
        }
        self.slots.drain(..given);
        std::mem::swap(&mut self.data, &mut self.spare);
        given
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(ts: u64, tag: u8) -> Vec<u8> {
        let mut r = ts.to_le_bytes().to_vec();
        r.push(tag);
        r
    }

    fn taken(m: &mut RecordMerge, cut: u64) -> Vec<(u64, u8)> {
        let mut out = Vec::new();
        m.take_before(cut, |r| out.push((stamp(r), r[8])));
        out
    }

    #[test]
    fn two_buffers_come_out_by_time_and_newer_ones_wait() {
        let mut m = RecordMerge::default();
        // Buffer 0's drain, then buffer 1's.
        for (ts, tag) in [(10, b'a'), (30, b'b'), (50, b'c')] {
            m.push(&rec(ts, tag));
        }
        for (ts, tag) in [(20, b'x'), (30, b'y'), (60, b'z')] {
            m.push(&rec(ts, tag));
        }
        assert_eq!(
            taken(&mut m, 45),
            vec![(10, b'a'), (20, b'x'), (30, b'b'), (30, b'y')]
        );
        assert_eq!(m.len(), 2);
        // The next drain brings an older record of buffer 1 than what waits.
        m.push(&rec(55, b'w'));
        assert_eq!(
            taken(&mut m, u64::MAX),
            vec![(50, b'c'), (55, b'w'), (60, b'z')]
        );
        assert!(m.is_empty());
    }

    #[test]
    fn a_short_record_is_handed_out_not_lost() {
        let mut m = RecordMerge::default();
        m.push(&[1, 2, 3]);
        m.push(&rec(5, b'a'));
        let mut lens = Vec::new();
        m.take_before(u64::MAX, |r| lens.push(r.len()));
        assert_eq!(lens, vec![3, 9]);
    }
}
