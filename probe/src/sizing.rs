//! How much ring buffer the agent asks the kernel for. Falco's
//! `engine.modern_ebpf.buf_size_preset` is the size of EACH of its buffers, and Falco has
//! one buffer per `cpus_for_each_buffer` online cpus (default 2; 0: one buffer for all).
//! falcoc's buffers are not per cpu but per partition (one per worker, events split by
//! thread group), so the preset here sizes the TOTAL: the agent asks for the ring-buffer
//! memory Falco would ask for with the same options on the same machine, split evenly over
//! its partition buffers (each a power of two, so possibly less in all). On 2 cores with
//! the defaults that is Falco's one 8 MiB buffer, and two workers get 4 MiB each.
//!
//! The trade-off: a buffer holds only its partition's share, so a burst from the thread
//! groups of one partition (one hot process) drops once it has filled that share, while
//! the other buffers may still have room. Asking for Falco's per-buffer size in each
//! partition buffer is `cpus_for_each_buffer=1` on a machine with as many cores as workers.

/// Falco's default `cpus_for_each_buffer`.
pub const DEFAULT_CPUS_FOR_EACH_BUFFER: u32 = 2;

/// The smallest partition buffer: room for several of the largest events (64 KiB).
pub const MIN_BUFFER_BYTES: u32 = 512 * 1024;

/// The most a cpu sends before it wakes the reader.
const MAX_WAKEUP_BYTES: u32 = 256 * 1024;

/// Falco's `engine.modern_ebpf.buf_size_preset` (1..=10; 4 is the default, 8 MiB): the
/// bytes of one Falco buffer.
pub fn buffer_bytes_for_preset(preset: u32) -> u32 {
    let p = preset.clamp(1, 10);
    1u32 << (19 + p)
}

/// How many buffers Falco allocates on `online_cpus` cpus with `cpus_for_each_buffer`
/// (0: one for all; a partial group of cpus gets its own buffer).
pub fn falco_buffers(online_cpus: u32, cpus_for_each_buffer: u32) -> u32 {
    let cpus = online_cpus.max(1);
    if cpus_for_each_buffer == 0 {
        return 1;
    }
    cpus.div_ceil(cpus_for_each_buffer.min(cpus))
}

/// The bytes of each of `n` partition buffers sharing `total`: the largest power of two
/// not above `total / n`, at least [`MIN_BUFFER_BYTES`].
pub fn partition_buffer_bytes(total: u64, n: u32) -> u32 {
    let share = (total / u64::from(n.max(1))).clamp(
        u64::from(MIN_BUFFER_BYTES),
        u64::from(buffer_bytes_for_preset(10)),
    );
    1u32 << (63 - share.leading_zeros())
}

/// Bytes a cpu sends between two reader wake-ups for buffers of `buffer_bytes`: at most
/// an eighth of a buffer, so that several cpus writing into one buffer wake its reader
/// well before it is full.
pub fn wakeup_bytes_for(buffer_bytes: u32) -> u32 {
    (buffer_bytes / 8).min(MAX_WAKEUP_BYTES)
}

/// The cpus online now.
pub fn online_cpus() -> u32 {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    u32::try_from(n).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn presets_are_falcos_sizes() {
        assert_eq!(buffer_bytes_for_preset(1), 1 << 20);
        assert_eq!(buffer_bytes_for_preset(4), 8 << 20);
        assert_eq!(buffer_bytes_for_preset(10), 512 << 20);
    }

    #[test]
    fn falco_has_one_buffer_per_group_of_cpus() {
        assert_eq!(falco_buffers(2, 2), 1);
        assert_eq!(falco_buffers(16, 2), 8);
        assert_eq!(falco_buffers(3, 2), 2);
        assert_eq!(falco_buffers(2, 1), 2);
        assert_eq!(falco_buffers(16, 0), 1);
        assert_eq!(falco_buffers(2, 64), 1);
    }

    #[test]
    fn partitions_share_the_total() {
        // Two cores, the defaults: Falco's one 8 MiB buffer, as two of 4 MiB or one of 8.
        let total = 8 * MIB;
        assert_eq!(u64::from(partition_buffer_bytes(total, 2)), 4 * MIB);
        assert_eq!(u64::from(partition_buffer_bytes(total, 1)), 8 * MIB);
        // Three workers: a power of two each, not above the share.
        assert_eq!(u64::from(partition_buffer_bytes(total, 3)), 2 * MIB);
        // Never below the floor, whatever the split.
        assert_eq!(partition_buffer_bytes(MIB, 16), MIN_BUFFER_BYTES);
    }

    #[test]
    fn wakeups_come_well_before_a_buffer_is_full() {
        assert_eq!(wakeup_bytes_for(8 << 20), 256 * 1024);
        assert_eq!(wakeup_bytes_for(MIN_BUFFER_BYTES), 64 * 1024);
    }
}
