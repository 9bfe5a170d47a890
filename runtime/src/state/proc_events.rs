//! Process events (`spec/state.md` §4): clone/fork/vfork/clone3 create threads, execve
//! and execveat replace the program, procexit removes the thread.

use super::params::{as_given, int, list, list_is, res, text, uint, uint32};
use super::path;
use super::thread::{cl, same_cgroup, TextList, Thread};
use super::Inspector;
use crate::event::Event;
use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;

/// Applies a process event; other events are ignored.
pub fn apply(insp: &mut Inspector, ev: &Event<'_>) {
    match ev.kind() {
        K::Clone | K::Fork | K::Vfork | K::Clone3 => clone(insp, ev),
        K::Execve | K::Execveat => exec(insp, ev),
        K::Procexit => procexit(insp, ev),
        _ => {}
    }
}

fn clone(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(child) = res(ev) else { return };
    let flags = uint32(ev, P::Flags).unwrap_or(0);
    if child == 0 {
        clone_child_side(insp, ev, flags);
    } else if child > 0 {
        clone_parent_side(insp, ev, child, flags);
    }
}

/// The child's own exit: the child is created from the params, the rest inherited.
fn clone_child_side(insp: &mut Inspector, ev: &Event<'_>, flags: u32) {
    let tid = ev.tid();
    if insp
        .threads
        .get(tid)
        .is_some_and(|t| t.clone_ts != 0 && !t.dead)
    {
        // The parent's exit came first and already created the child.
        return;
    }
    let pid = int(ev, P::Pid).unwrap_or(tid);
    let ptid = int(ev, P::Ptid).unwrap_or(-1);
    let is_thread = flags & cl::CLONE_THREAD != 0;
    let lookup = if is_thread { pid } else { ptid };
    let mut t = build_child(insp, ev, tid, pid, ptid, lookup, is_thread, flags);
    t.vtid = int(ev, P::Vtid).unwrap_or(tid);
    t.vpid = int(ev, P::Vpid).unwrap_or(pid);
    insp.threads.insert(t);
}

/// The parent's exit: a placeholder caller is completed, and a child outside any
/// container is created unless its own exit was already seen.
fn clone_parent_side(insp: &mut Inspector, ev: &Event<'_>, child: i64, flags: u32) {
    let caller = ev.tid();
    if insp.threads.get(caller).is_some_and(|c| c.placeholder) {
        if let Some(pid) = int(ev, P::Pid) {
            insp.threads.set_pid(caller, pid);
        }
        if let Some(ptid) = int(ev, P::Ptid) {
            insp.threads.set_ptid(caller, ptid);
        }
        if let Some(c) = insp.threads.get_mut(caller) {
            c.vtid = int(ev, P::Vtid).unwrap_or(c.vtid);
            c.vpid = int(ev, P::Vpid).unwrap_or(c.vpid);
        }
    }
    let in_container = flags & (cl::CHILD_IN_PIDNS | cl::CLONE_NEWPID | cl::CLONE_PARENT) != 0
        || int(ev, P::Vtid).is_some_and(|v| v != caller);
    if in_container || flags & cl::CLONE_VFORK != 0 {
        return;
    }
    if insp
        .threads
        .get(child)
        .is_some_and(|t| !t.dead && t.clone_ts != 0)
    {
        return;
    }
    let Some(c) = insp.threads.get(caller) else {
        return;
    };
    let is_thread = flags & cl::CLONE_THREAD != 0;
    let (pid, ptid) = if is_thread {
        (c.pid, c.ptid)
    } else {
        (child, caller)
    };
    let lookup = if is_thread { c.pid } else { caller };
    let mut t = build_child(insp, ev, child, pid, ptid, lookup, is_thread, flags);
    t.vtid = child;
    t.vpid = pid;
    insp.threads.insert(t);
}

/// A new thread from clone params plus what it inherits from `lookup` (the parent for a
/// process, the main thread for a thread).
#[allow(clippy::too_many_arguments)]
fn build_child(
    insp: &Inspector,
    ev: &Event<'_>,
    tid: i64,
    pid: i64,
    ptid: i64,
    lookup: i64,
    is_thread: bool,
    flags: u32,
) -> Thread {
    let exe = text(ev, P::Exe).unwrap_or_default();
    let from = insp.threads.get(lookup);
    // A fork's arguments and cgroups are mostly its parent's: share them then.
    let args = match from {
        Some(f) if list_is(ev, P::Args, &f.args, as_given) => f.args.clone(),
        _ => list(ev, P::Args).unwrap_or_default().into(),
    };
    let mut t = Thread {
        tid,
        pid,
        ptid,
        comm: text(ev, P::Comm).unwrap_or_else(|| exe.clone()).into(),
        exe: exe.into(),
        args,
        fdlimit: int(ev, P::Fdlimit).unwrap_or(0),
        uid: uint32(ev, P::Uid).unwrap_or(0),
        gid: uint32(ev, P::Gid).unwrap_or(0),
        loginuid: u32::MAX,
        pfmajor: uint(ev, P::PgftMaj).unwrap_or(0),
        pfminor: uint(ev, P::PgftMin).unwrap_or(0),
        vmsize_kb: uint32(ev, P::VmSize).unwrap_or(0),
        vmrss_kb: uint32(ev, P::VmRss).unwrap_or(0),
        vmswap_kb: uint32(ev, P::VmSwap).unwrap_or(0),
        clone_ts: ev.ts(),
        flags: flags
            | cl::CLONE_INVERTED
            | cl::ACTIVE
            | if is_thread { cl::CLONE_FILES } else { 0 },
        cwd: text(ev, P::Cwd)
            .map(|c| path::with_trailing_slash(&c).into())
            .unwrap_or_default(),
        ..Thread::default()
    };
    match from {
        Some(f) if list_is(ev, P::Cgroups, &f.cgroups, same_cgroup) => t.share_cgroups(f),
        _ => t.set_cgroups(list(ev, P::Cgroups).unwrap_or_default()),
    }
    let boot = insp.machine.as_ref().map_or(0, |m| m.boot_ts_epoch);
    t.pidns_init_start_ts = if flags & (cl::CHILD_IN_PIDNS | cl::CLONE_NEWPID) != 0 {
        uint(ev, P::PidnsInitStartTs)
            .unwrap_or(0)
            .saturating_add(boot)
    } else {
        boot
    };
    if let Some(src) = insp.threads.get(lookup).filter(|s| !s.placeholder) {
        t.exepath = src.exepath.clone();
        t.exe_writable = src.exe_writable;
        t.exe_upper_layer = src.exe_upper_layer;
        t.exe_lower_layer = src.exe_lower_layer;
        t.exe_from_memfd = src.exe_from_memfd;
        t.exe_ino = src.exe_ino;
        t.exe_ino_ctime = src.exe_ino_ctime;
        t.exe_ino_mtime = src.exe_ino_mtime;
        t.root = src.root.clone();
        t.sid = src.sid;
        t.vpgid = src.vpgid;
        t.pgid = src.pgid;
        t.tty = src.tty;
        t.loginuid = src.loginuid;
        t.cap_inheritable = src.cap_inheritable;
        t.cap_permitted = src.cap_permitted;
        t.cap_effective = src.cap_effective;
        if !is_thread {
            if let Some(m) = insp.threads.main_of(src.tid) {
                t.cwd = m.cwd.clone();
                t.env = m.env.clone();
                t.fds = m.fds.clone();
            }
        }
    }
    t
}

fn exec(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let tid = ev.tid();
    let main_cwd = insp.threads.cwd_of(tid);
    let Some(was_placeholder) = insp.threads.get(tid).map(|t| t.placeholder) else {
        return;
    };
    if let Some(p) = int(ev, P::Pid) {
        insp.threads.set_pid(tid, p);
    }
    if was_placeholder {
        if let Some(ptid) = int(ev, P::Ptid) {
            insp.threads.set_ptid(tid, ptid);
        }
    }
    let Some(t) = insp.threads.get_mut(tid) else {
        return;
    };
    if let Some(exe) = text(ev, P::Exe) {
        t.exe = exe.into();
    }
    match text(ev, P::Comm) {
        Some(c) => t.comm = c.into(),
        None if !t.exe.is_empty() => t.comm = t.exe.clone(),
        None => {}
    }
    if let Some(a) = list(ev, P::Args) {
        t.args = a.into();
    } else if ev.param_index(P::Args).is_some() {
        t.args = TextList::default();
    }
    t.lastexec_ts = ev.ts();
    if let Some(v) = int(ev, P::Fdlimit) {
        t.fdlimit = v;
    }
    set_vm(t, ev);
    if let Some(e) = list(ev, P::Env) {
        t.env = e.into();
    }
    // An exec mostly keeps its cgroups: no new list nor container look-up then.
    if !list_is(ev, P::Cgroups, &t.cgroups, same_cgroup) {
        if let Some(c) = list(ev, P::Cgroups) {
            t.set_cgroups(c);
        }
    }
    if let Some(v) = uint32(ev, P::Tty) {
        t.tty = v;
    }
    if let Some(v) = int(ev, P::Vpgid) {
        t.vpgid = v;
    }
    t.pgid = int(ev, P::Pgid).unwrap_or(-1);
    if let Some(v) = uint32(ev, P::Loginuid) {
        t.loginuid = v;
    }
    if let Some(f) = uint32(ev, P::Flags) {
        t.exe_writable = f & 1 != 0;
        t.exe_upper_layer = f & 2 != 0;
        t.exe_from_memfd = f & 4 != 0;
        t.exe_lower_layer = f & 8 != 0;
    }
    for (name, slot) in [
        (P::CapInheritable, &mut t.cap_inheritable),
        (P::CapPermitted, &mut t.cap_permitted),
        (P::CapEffective, &mut t.cap_effective),
        (P::ExeIno, &mut t.exe_ino),
        (P::ExeInoCtime, &mut t.exe_ino_ctime),
        (P::ExeInoMtime, &mut t.exe_ino_mtime),
    ] {
        if let Some(v) = uint(ev, name) {
            *slot = v;
        }
    }
    if let Some(v) = uint32(ev, P::Uid) {
        t.uid = v;
    }
    if let Some(v) = uint32(ev, P::Gid) {
        t.gid = v;
    }
    if was_placeholder {
        t.vtid = t.tid;
        t.vpid = t.pid;
        t.placeholder = false;
    }
    let cwd = if main_cwd.is_empty() {
        t.cwd.clone()
    } else {
        main_cwd
    };
    if let Some(p) = text(ev, P::TrustedExepath) {
        t.exepath = p.into();
    } else if let Some(f) = text(ev, P::Filename) {
        t.exepath = path::join(&cwd, &f).into();
    }
    t.flags = cl::ACTIVE
        | cl::NAME_CHANGED
        | (t.flags & (cl::PIPE_SRC | cl::PIPE_DST | cl::IS_MAIN_THREAD));
    t.dead = false;
    let pid = t.pid;
    // Close-on-exec fds go, and an exec kills the other threads of the process.
    if let Some(fds) = insp.threads.fds_mut(tid) {
        fds.retain(|_, f| !f.is_cloexec());
    }
    let others: Vec<i64> = insp
        .threads
        .group(pid)
        .filter(|o| o.tid != tid && o.tid != pid)
        .map(|o| o.tid)
        .collect();
    for o in others {
        insp.threads.remove(o);
    }
}

/// Memory and page-fault counters carried by exec and memory events.
pub(super) fn set_vm(t: &mut Thread, ev: &Event<'_>) {
    if let Some(v) = uint(ev, P::PgftMaj) {
        t.pfmajor = v;
    }
    if let Some(v) = uint(ev, P::PgftMin) {
        t.pfminor = v;
    }
    if let Some(v) = uint32(ev, P::VmSize) {
        t.vmsize_kb = v;
    }
    if let Some(v) = uint32(ev, P::VmRss) {
        t.vmrss_kb = v;
    }
    if let Some(v) = uint32(ev, P::VmSwap) {
        t.vmswap_kb = v;
    }
}

fn procexit(insp: &mut Inspector, ev: &Event<'_>) {
    let tid = ev.tid();
    let Some(t) = insp.threads.get_mut(tid) else {
        return;
    };
    t.dead = true;
    let reaper = int(ev, P::ReaperTid).filter(|r| *r > 0);
    insp.remove_thread_later(tid, reaper);
}
