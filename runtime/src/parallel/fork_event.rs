//! What the partitioned runtime reads of a fork's exit events (clone, fork, vfork, clone3):
//! the child it is about, the thread the child is created from, whether the child shares
//! its parent's fd table. One reading for the router and the workers (as `proc_events`
//! reads them).

use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;

use crate::event::Event;
use crate::state::thread::cl;

/// Whether `kind` is one of the fork family.
pub fn is_fork_kind(kind: K) -> bool {
    matches!(kind, K::Clone | K::Fork | K::Vfork | K::Clone3)
}

/// Integer parameter `name` of `ev`.
pub fn int_param(ev: &Event<'_>, name: P) -> Option<i64> {
    ev.param_index(name).and_then(|i| ev.as_i64(i))
}

/// The child a fork exit event is about: the caller on the child's own side (`res` 0),
/// `res` on the parent's; `None` for a failed fork or another event.
pub fn fork_child(ev: &Event<'_>) -> Option<i64> {
    if !is_fork_kind(ev.kind()) {
        return None;
    }
    match int_param(ev, P::Res)? {
        0 => Some(ev.tid()),
        c if c > 0 => Some(c),
        _ => None,
    }
}

/// The thread a fork exit event's child is created from: the caller on the parent's side;
/// on the child's side its parent, or for a new thread the thread group's main thread.
pub fn fork_parent(ev: &Event<'_>) -> Option<i64> {
    if !is_fork_kind(ev.kind()) {
        return None;
    }
    match int_param(ev, P::Res)? {
        0 if is_thread(ev) => int_param(ev, P::Pid),
        0 => int_param(ev, P::Ptid),
        c if c > 0 => Some(ev.tid()),
        _ => None,
    }
}

/// The fork's clone flags.
pub fn flags(ev: &Event<'_>) -> u32 {
    int_param(ev, P::Flags).unwrap_or(0) as u32
}

/// Whether the fork makes a thread of the caller's thread group.
pub fn is_thread(ev: &Event<'_>) -> bool {
    flags(ev) & cl::CLONE_THREAD != 0
}

/// Whether the child shares its parent's fd table (a thread, or `CLONE_FILES`).
pub fn shares_fd_table(ev: &Event<'_>) -> bool {
    flags(ev) & (cl::CLONE_THREAD | cl::CLONE_FILES) != 0
}
