//! Memory and fault counters (`spec/state.md`): the `brk`, `mmap`, `mmap2` and `munmap`
//! exits give the calling thread its process's new `vm_size`, `vm_rss` and `vm_swap`; a
//! scheduler switch gives the outgoing thread its page-fault counts and its main thread the
//! memory sizes, as libsinsp keeps them.

use super::Inspector;
use crate::event::Event;
use falcoc_catalog::events::EventKind as K;

const SCHEDSWITCH_6_E: u16 = 152;

/// Applies a memory or switch event; other events are ignored.
pub fn apply(insp: &mut Inspector, ev: &Event<'_>) {
    match ev.kind() {
        K::Brk | K::Mmap | K::Mmap2 | K::Munmap => memory_exit(insp, ev),
        K::Switch if ev.code() == SCHEDSWITCH_6_E => switch(insp, ev),
        _ => {}
    }
}

/// A `u32` parameter; `None` when absent or empty.
fn u32_at(ev: &Event<'_>, i: usize) -> Option<u32> {
    u32::try_from(ev.as_u64(i)?).ok()
}

fn memory_exit(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(t) = insp.threads.get_mut(ev.tid()) else {
        return;
    };
    if let Some(size) = u32_at(ev, 1) {
        t.vmsize_kb = size;
    }
    // rss and swap come together
    if let (Some(rss), Some(swap)) = (u32_at(ev, 2), u32_at(ev, 3)) {
        t.vmrss_kb = rss;
        t.vmswap_kb = swap;
    }
}

fn switch(insp: &mut Inspector, ev: &Event<'_>) {
    // without vm_swap the older layout has none of the counters
    let Some(swap) = u32_at(ev, 5) else {
        return;
    };
    let tid = ev.tid();
    let Some(t) = insp.threads.get_mut(tid) else {
        return;
    };
    t.pfmajor = ev.as_u64(1).unwrap_or(t.pfmajor);
    t.pfminor = ev.as_u64(2).unwrap_or(t.pfminor);
    let own_main = t.is_main();
    let main = insp.threads.main_tid(tid);
    // a thread whose main thread is unknown updates no process
    if main == tid && !own_main {
        return;
    }
    if let Some(m) = insp.threads.get_mut(main) {
        m.vmsize_kb = u32_at(ev, 3).unwrap_or(m.vmsize_kb);
        m.vmrss_kb = u32_at(ev, 4).unwrap_or(m.vmrss_kb);
        m.vmswap_kb = swap;
    }
}
