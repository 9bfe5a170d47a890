//! Credential, directory, limit and memory events (`spec/state.md` §4): chdir, fchdir,
//! getcwd and chroot; the setuid and setgid families, setsid, capset, unshare/setns into a
//! user namespace; RLIMIT_NOFILE limits; memory counters of brk/mmap/munmap; the
//! user and group meta events.

use super::params::{int, res, text, text_bytes, uint, uint32};
use super::path;
use super::proc_events::set_vm;
use super::thread::cl;
use super::users::{UserInfo, UserTable};
use super::Inspector;
use crate::event::Event;
use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;

/// `PPM_RLIMIT_NOFILE`.
const RLIMIT_NOFILE: u64 = 7;

/// Applies one of these events; others are ignored.
pub fn apply(insp: &mut Inspector, ev: &Event<'_>) {
    match ev.kind() {
        K::Chdir => chdir(insp, ev),
        K::Fchdir => fchdir(insp, ev),
        K::Getcwd => getcwd(insp, ev),
        K::Chroot => chroot(insp, ev),
        K::Setuid => set_uid(insp, ev, P::Uid),
        K::Setresuid | K::Setreuid => set_uid(insp, ev, P::Euid),
        K::Setgid => set_gid(insp, ev, P::Gid),
        K::Setresgid | K::Setregid => set_gid(insp, ev, P::Egid),
        K::Setsid => setsid(insp, ev),
        K::Capset => capset(insp, ev),
        K::Brk | K::Mmap | K::Mmap2 | K::Munmap => vm_counters(insp, ev),
        K::Getrlimit | K::Setrlimit | K::Prlimit => rlimit(insp, ev),
        K::Unshare | K::Setns => new_user_ns(insp, ev),
        K::Useradded | K::Userdeleted | K::Groupadded | K::Groupdeleted => user_table(insp, ev),
        _ => {}
    }
}

fn set_cwd(insp: &mut Inspector, tid: i64, cwd: String) {
    let main = insp.threads.main_tid(tid);
    if let Some(m) = insp.threads.get_mut(main) {
        m.cwd = path::with_trailing_slash(&cwd).into();
    }
}

fn chdir(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let Some(p) = text(ev, P::Path) else { return };
    let cur = insp.threads.cwd_of(ev.tid());
    set_cwd(insp, ev.tid(), path::join(&cur, &p));
}

fn fchdir(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let Some(fd) = int(ev, P::Fd) else { return };
    let Some(name) = insp.threads.fd(ev.tid(), fd).map(|f| f.name.clone()) else {
        return;
    };
    set_cwd(insp, ev.tid(), name);
}

fn getcwd(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    if let Some(p) = text(ev, P::Path) {
        set_cwd(insp, ev.tid(), p);
    }
}

fn chroot(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let Some(p) = text(ev, P::Path) else { return };
    let cur = insp.threads.cwd_of(ev.tid());
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.root = path::join(&cur, &p).into();
    }
}

fn set_uid(insp: &mut Inspector, ev: &Event<'_>, name: P) {
    if res(ev) != Some(0) {
        return;
    }
    let Some(uid) = uint32(ev, name).filter(|u| *u != u32::MAX) else {
        return;
    };
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.uid = uid;
    }
}

fn set_gid(insp: &mut Inspector, ev: &Event<'_>, name: P) {
    if res(ev) != Some(0) {
        return;
    }
    let Some(gid) = uint32(ev, name).filter(|g| *g != u32::MAX) else {
        return;
    };
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.gid = gid;
    }
}

fn setsid(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(r) = res(ev).filter(|r| *r >= 0) else {
        return;
    };
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.sid = r;
    }
}

fn capset(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev) != Some(0) {
        return;
    }
    let (i, p, e) = (
        uint(ev, P::CapInheritable),
        uint(ev, P::CapPermitted),
        uint(ev, P::CapEffective),
    );
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.cap_inheritable = i.unwrap_or(t.cap_inheritable);
        t.cap_permitted = p.unwrap_or(t.cap_permitted);
        t.cap_effective = e.unwrap_or(t.cap_effective);
    }
}

fn vm_counters(insp: &mut Inspector, ev: &Event<'_>) {
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        set_vm(t, ev);
    }
}

/// getrlimit/setrlimit/prlimit on RLIMIT_NOFILE: the fd limit of the process.
fn rlimit(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev) != Some(0) || uint(ev, P::Resource) != Some(RLIMIT_NOFILE) {
        return;
    }
    let (limit, pid) = match ev.kind() {
        K::Prlimit => {
            let new = int(ev, P::Newcur).filter(|v| *v >= 0);
            (
                new.or_else(|| int(ev, P::Oldcur)),
                int(ev, P::Pid).filter(|p| *p > 0),
            )
        }
        _ => (int(ev, P::Cur), None),
    };
    let Some(limit) = limit else { return };
    let main = insp.threads.main_tid(pid.unwrap_or(ev.tid()));
    if let Some(m) = insp.threads.get_mut(main) {
        m.fdlimit = limit;
    }
}

/// unshare/setns into a new user namespace: the thread gains every capability there.
fn new_user_ns(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev) != Some(0) {
        return;
    }
    let flags = uint(ev, P::Flags)
        .or_else(|| uint(ev, P::Nstype))
        .unwrap_or(0);
    if flags & u64::from(cl::CLONE_NEWUSER) == 0 {
        return;
    }
    if let Some(t) = insp.threads.get_mut(ev.tid()) {
        t.cap_inheritable = u64::MAX;
        t.cap_permitted = u64::MAX;
        t.cap_effective = u64::MAX;
    }
}

/// The user and group meta events edit the user and group tables (one table: captures
/// do not separate containers' users). One that restates the table (a capture's opening
/// records repeat its user list) leaves the table shared with the seed.
fn user_table(insp: &mut Inspector, ev: &Event<'_>) {
    let uid = uint32(ev, P::Uid);
    let gid = uint32(ev, P::Gid);
    if restates(&insp.users, ev, uid, gid) {
        return;
    }
    let users = std::sync::Arc::make_mut(&mut insp.users);
    match (ev.kind(), uid, gid) {
        (K::Useradded, Some(uid), _) => users.add_user(
            uid,
            UserInfo {
                name: text(ev, P::Name).unwrap_or_default(),
                home: text(ev, P::Home).unwrap_or_default(),
                shell: text(ev, P::Shell).unwrap_or_default(),
            },
        ),
        (K::Userdeleted, Some(uid), _) => users.remove_user(uid),
        (K::Groupadded, _, Some(gid)) => {
            users.add_group(gid, text(ev, P::Name).unwrap_or_default())
        }
        (K::Groupdeleted, _, Some(gid)) => users.remove_group(gid),
        _ => {}
    }
}

/// Whether a user or group event would leave `users` as it is.
fn restates(users: &UserTable, ev: &Event<'_>, uid: Option<u32>, gid: Option<u32>) -> bool {
    let t = |name| text_bytes(ev, name);
    match (ev.kind(), uid, gid) {
        (K::Useradded, Some(uid), _) => users.holds_user(uid, t(P::Name), t(P::Home), t(P::Shell)),
        (K::Userdeleted, Some(uid), _) => !users.has_user(uid),
        (K::Groupadded, _, Some(gid)) => users.holds_group(gid, Some(t(P::Name))),
        (K::Groupdeleted, _, Some(gid)) => users.holds_group(gid, None),
        _ => true,
    }
}
