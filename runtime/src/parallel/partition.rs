//! Which partition (worker) a thread group belongs to, and which thread group a thread
//! belongs to as the process list says.

/// The partition of thread group `tgid` among `n`: Knuth's multiplicative hash of the
/// 32-bit tgid, so neighbouring pids spread over the partitions. It is the probe's
/// in-kernel choice of ring buffer (`buffer_of` in `probe/bpf/record.h`; the CLI's
/// `partition_hash` test holds them equal), so a live buffer can feed its partition's
/// worker.
pub fn partition_of(tgid: i64, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let h = (tgid as u32).wrapping_mul(2_654_435_761) >> 16;
    (h % n as u32) as usize
}

/// The thread group of a thread whose process-list or state entry gives `pid` (the tid
/// itself when the pid is unknown).
pub fn group_of(tid: i64, pid: i64) -> i64 {
    if pid > 0 {
        pid
    } else {
        tid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partition_gets_groups() {
        for n in [2, 3, 8] {
            let mut seen = vec![0u32; n];
            for pid in 1..1000 {
                seen[partition_of(pid, n)] += 1;
            }
            assert!(seen.iter().all(|c| *c > 1000 / (n as u32 * 2)), "{seen:?}");
        }
        assert_eq!(partition_of(1234, 1), 0);
    }
}
