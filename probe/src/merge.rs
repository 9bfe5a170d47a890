//! The records of several ring buffers in timestamp order, without copying them: each
//! buffer holds one set of thread groups in order, and the merge repeatedly hands out the
//! oldest of the buffers' first records (each in place, consumed once handed out) as long
//! as it was stamped before a cut a little behind the present. A record stamped earlier
//! may still be on its way into another buffer, so a buffer whose first record is newer
//! than the cut waits, with everything behind it, for the next round (see
//! `docs/ARCHITECTURE.md`, "Live workers").

use aya::maps::{MapData, RingBuf};

/// A record's timestamp: its first 8 bytes (epoch ns; the record format's `ts`). A
/// shorter record sorts first, so it is handed out (and found unreadable) rather than lost.
pub fn stamp(rec: &[u8]) -> u64 {
    rec.get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// A queue of records read in place.
pub trait RecordSource {
    /// The stamp of the first record, which stays first.
    fn peek(&mut self) -> Option<u64>;
    /// Gives the first record to `f`, then consumes it.
    fn take(&mut self, f: &mut dyn FnMut(&[u8]));
}

impl RecordSource for RingBuf<MapData> {
    fn peek(&mut self) -> Option<u64> {
        let item = self.next()?;
        let ts = stamp(&item);
        // An item is consumed when it is dropped: forgotten, it stays the next one (it owns
        // nothing, so nothing leaks).
        std::mem::forget(item);
        Some(ts)
    }

    fn take(&mut self, f: &mut dyn FnMut(&[u8])) {
        if let Some(item) = self.next() {
            f(&item);
        }
    }
}

/// Gives `f`, oldest first, the records of `sources` stamped before `cut`, at most `max`
/// (equal stamps: the earlier source first; each source's own order is kept). Returns how
/// many it gave.
pub fn merge_before<S: RecordSource>(
    sources: &mut [S],
    cut: u64,
    max: usize,
    mut f: impl FnMut(&[u8]),
) -> usize {
    let mut heads: Vec<Option<u64>> = sources.iter_mut().map(RecordSource::peek).collect();
    let mut given = 0;
    while given < max {
        let oldest = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.map(|ts| (ts, i)))
            .min();
        let Some((ts, i)) = oldest else { break };
        if ts >= cut {
            break;
        }
        sources[i].take(&mut f);
        heads[i] = sources[i].peek();
        given += 1;
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    impl RecordSource for VecDeque<Vec<u8>> {
        fn peek(&mut self) -> Option<u64> {
            self.front().map(|r| stamp(r))
        }
        fn take(&mut self, f: &mut dyn FnMut(&[u8])) {
            if let Some(r) = self.pop_front() {
                f(&r);
            }
        }
    }

    fn rec(ts: u64, tag: u8) -> Vec<u8> {
        let mut r = ts.to_le_bytes().to_vec();
        r.push(tag);
        r
    }

    fn source(recs: &[(u64, u8)]) -> VecDeque<Vec<u8>> {
        recs.iter().map(|&(ts, tag)| rec(ts, tag)).collect()
    }

    fn merged(s: &mut [VecDeque<Vec<u8>>], cut: u64, max: usize) -> Vec<(u64, u8)> {
        let mut out = Vec::new();
        merge_before(s, cut, max, |r| out.push((stamp(r), r[8])));
        out
    }

    #[test]
    fn two_buffers_come_out_by_time_and_newer_ones_wait() {
        let mut s = [
            source(&[(10, b'a'), (30, b'b'), (50, b'c')]),
            source(&[(20, b'x'), (30, b'y'), (60, b'z')]),
        ];
        assert_eq!(
            merged(&mut s, 45, usize::MAX),
            vec![(10, b'a'), (20, b'x'), (30, b'b'), (30, b'y')]
        );
        assert_eq!(s[0].len() + s[1].len(), 2);
        // A record arriving later in buffer 1 comes after that buffer's waiting head.
        s[1].push_back(rec(70, b'w'));
        assert_eq!(
            merged(&mut s, u64::MAX, usize::MAX),
            vec![(50, b'c'), (60, b'z'), (70, b'w')]
        );
        assert!(s.iter().all(VecDeque::is_empty));
    }

    #[test]
    fn a_buffer_keeps_its_own_order_even_when_not_sorted() {
        // Two cpus writing one buffer may stamp out of order: the buffer's order stands.
        let mut s = [source(&[(20, b'a'), (15, b'b')]), source(&[(18, b'x')])];
        assert_eq!(
            merged(&mut s, u64::MAX, usize::MAX),
            vec![(18, b'x'), (20, b'a'), (15, b'b')]
        );
    }

    #[test]
    fn at_most_max_records_then_the_rest_next_time() {
        let mut s = [source(&[(1, b'a'), (3, b'b')]), source(&[(2, b'x')])];
        assert_eq!(merged(&mut s, u64::MAX, 2), vec![(1, b'a'), (2, b'x')]);
        assert_eq!(merged(&mut s, u64::MAX, 2), vec![(3, b'b')]);
    }

    #[test]
    fn a_short_record_is_handed_out_not_lost() {
        let mut s = [VecDeque::from([vec![1, 2, 3], rec(5, b'a')])];
        let mut lens = Vec::new();
        merge_before(&mut s, u64::MAX, usize::MAX, |r| lens.push(r.len()));
        assert_eq!(lens, vec![3, 9]);
    }
}
