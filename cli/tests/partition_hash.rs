//! The runtime partitions thread groups as the probe routes them to ring buffers: for any
//! tgid and count, `partition_of` (the replay dispatcher's and the workers' choice) equals
//! the probe's `buffer_of` (the userspace mirror of the BPF program's choice), so each live
//! buffer can feed the worker that owns its thread groups.

use falcoc_probe::buffer_of;
use falcoc_runtime::parallel::partition_of;

#[test]
fn the_runtime_partitions_thread_groups_as_the_probe_routes_them() {
    let tgids = (0..70_000u32).chain([4_194_303, 4_194_304, u32::MAX / 2, u32::MAX]);
    for tgid in tgids {
        for n in [1u32, 2, 3, 4, 8, 16] {
            assert_eq!(
                partition_of(i64::from(tgid), n as usize),
                buffer_of(tgid, n) as usize,
                "tgid {tgid} among {n}"
            );
        }
    }
}
