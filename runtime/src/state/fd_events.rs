//! Fd events (`spec/state.md` §4): the open family, close, dup and fcntl, pipes and
//! socket pairs, and the anonymous-inode fds
//! (eventfd, signalfd, timerfd, inotify, epoll, bpf, userfaultfd, io_uring, memfd, pidfd).

use super::fd::{o, Fd, FdType, SockAddrs};
use super::params::{int, res, text, uint};
use super::path;
use super::thread::cl;
use super::Inspector;
use crate::event::Event;
use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;

/// `AT_FDCWD` as the drivers report it.
const AT_FDCWD: i64 = -100;

/// Applies an fd event; other events are ignored.
pub fn apply(insp: &mut Inspector, ev: &Event<'_>) {
    match ev.kind() {
        K::Open | K::Openat | K::Openat2 | K::Creat | K::OpenByHandleAt => open(insp, ev),
        K::Close => close(insp, ev),
        K::Dup | K::Dup2 | K::Dup3 => dup(insp, ev),
        K::CloseRange => close_range(insp, ev),
        K::PidfdGetfd => pidfd_getfd(insp, ev),
        K::Fcntl => fcntl(insp, ev),
        K::Pipe | K::Pipe2 => pair(insp, ev, FdType::Fifo),
        K::Socketpair => pair(insp, ev, FdType::UnixSock),
        K::Eventfd | K::Eventfd2 => simple(insp, ev, FdType::Event, String::new()),
        K::Signalfd | K::Signalfd4 => simple(insp, ev, FdType::Signalfd, String::new()),
        K::TimerfdCreate => simple(insp, ev, FdType::Timerfd, String::new()),
        K::InotifyInit | K::InotifyInit1 => simple(insp, ev, FdType::Inotify, String::new()),
        K::EpollCreate | K::EpollCreate1 => simple(insp, ev, FdType::Eventpoll, String::new()),
        K::Bpf => simple(insp, ev, FdType::Bpf, String::new()),
        K::Userfaultfd => simple(insp, ev, FdType::Userfaultfd, String::new()),
        K::IoUringSetup => simple(insp, ev, FdType::IoUring, String::new()),
        K::MemfdCreate => simple(
            insp,
            ev,
            FdType::Memfd,
            text(ev, P::Name).unwrap_or_default(),
        ),
        K::PidfdOpen => pidfd(insp, ev),
        _ => {}
    }
}

/// The fd an fd-creating event returned (`fd`, `res` or the `PT_DYN` of old bpf).
pub(super) fn returned_fd(ev: &Event<'_>) -> Option<i64> {
    if let Some(v) = res(ev) {
        return Some(v);
    }
    let (_, b) = ev.as_dyn(ev.param_index(P::ResOrFd)?)?;
    crate::event::value::decode_int(b, true)
}

pub(super) fn insert(insp: &mut Inspector, tid: i64, fd: i64, f: Fd) {
    if let Some(fds) = insp.threads.fds_mut(tid) {
        fds.insert(fd, f);
    }
}

/// The `dev` and `ino` of an opened file, as libsinsp reads them: `openat` and `openat2`
/// exits take both only when `ino` is present (a capture whose openat exit has `dev` but
/// no `ino` gives 0 and 0), the other opens take `dev` when present and `ino` after it.
fn file_identity(ev: &Event<'_>, is_at: bool) -> (u32, u64) {
    let dev = uint(ev, P::Dev).and_then(|v| u32::try_from(v).ok());
    let ino = uint(ev, P::Ino);
    match (is_at, dev, ino) {
        (true, _, None) => (0, 0),
        (true, dev, Some(ino)) => (dev.unwrap_or(0), ino),
        (false, None, _) => (0, 0),
        (false, Some(dev), ino) => (dev, ino.unwrap_or(0)),
    }
}

fn open(insp: &mut Inspector, ev: &Event<'_>) {
    let tid = ev.tid();
    let fd = returned_fd(ev).unwrap_or(-1);
    let is_at = matches!(ev.kind(), K::Openat | K::Openat2);
    let raw = text(ev, P::Name)
        .or_else(|| text(ev, P::Path))
        .unwrap_or_default();
    let mut flags = uint(ev, P::Flags)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    if ev.kind() == K::Creat {
        flags = o::CREAT | o::WRONLY | o::TRUNC;
        let cf = uint(ev, P::CreatFlags).unwrap_or(0);
        if cf & 1 != 0 {
            flags |= o::FD_LOWER_LAYER;
        }
        if cf & 2 != 0 {
            flags |= o::FD_UPPER_LAYER;
        }
    }
    let dir = if raw.starts_with('/') {
        String::new()
    } else if is_at {
        match int(ev, P::Dirfd) {
            Some(AT_FDCWD) | None => insp.threads.cwd_of(tid).to_string(),
            Some(d) => match insp.threads.fd(tid, d) {
                Some(f) => format!("{}/", f.name),
                None => "<UNKNOWN>/".to_string(),
            },
        }
    } else {
        insp.threads.cwd_of(tid).to_string()
    };
    let full = if dir.is_empty() {
        path::normalize(&raw)
    } else {
        path::join(&dir, &raw)
    };
    let kind = if flags & o::DIRECTORY != 0 {
        FdType::Directory
    } else {
        FdType::FileV2
    };
    let mut f = Fd::new(kind, full);
    f.name_raw = raw;
    f.flags = flags;
    (f.dev, f.ino) = file_identity(ev, is_at);
    if fd >= 0 {
        insp.ctx.fd = Some(fd);
        insp.ctx.name_changed = true;
        insert(insp, tid, fd, f);
    } else {
        insp.ctx.fd = Some(-1);
        insp.ctx.fd_tmp = Some(f);
    }
}

fn close(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    if let Some(fd) = insp.ctx.fd {
        insp.remove_fd_later(ev.tid(), fd);
    }
}

fn clone_fd(insp: &mut Inspector, ev: &Event<'_>, src: i64, dst: i64, cloexec: bool) {
    let tid = ev.tid();
    let Some(mut f) = insp.threads.fd(tid, src).cloned() else {
        return;
    };
    f.flags &= !o::CLOEXEC;
    if cloexec {
        f.flags |= o::CLOEXEC;
    }
    insert(insp, tid, dst, f);
    let bit = match dst {
        0 => cl::PIPE_DST,
        1 => cl::PIPE_SRC,
        _ => 0,
    };
    if let Some(t) = insp.threads.get_mut(tid) {
        t.flags |= bit;
    }
}

fn dup(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(r) = res(ev).filter(|r| *r >= 0) else {
        return;
    };
    let Some(src) = int(ev, P::Oldfd) else { return };
    let cloexec =
        ev.kind() == K::Dup3 && uint(ev, P::Flags).is_some_and(|f| f & u64::from(o::CLOEXEC) != 0);
    clone_fd(insp, ev, src, r, cloexec);
}

/// `PPM_FCNTL_F_DUPFD`, `PPM_FCNTL_F_SETFD` and `PPM_FCNTL_F_DUPFD_CLOEXEC`.
const F_DUPFD: u64 = 1;
const F_SETFD: u64 = 3;
const F_DUPFD_CLOEXEC: u64 = 26;
/// `FD_CLOEXEC` in the argument of `F_SETFD`.
const FD_CLOEXEC: u64 = 1;
/// `CLOSE_RANGE_CLOEXEC`.
const CLOSE_RANGE_CLOEXEC: u64 = 1 << 2;

fn fcntl(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(r) = res(ev).filter(|r| *r >= 0) else {
        return;
    };
    let (Some(src), Some(cmd)) = (int(ev, P::Fd), uint(ev, P::Cmd)) else {
        return;
    };
    if cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC {
        clone_fd(insp, ev, src, r, cmd == F_DUPFD_CLOEXEC);
    } else if cmd == F_SETFD {
        let on = uint(ev, P::Arg).is_some_and(|a| a & FD_CLOEXEC != 0);
        if let Some(f) = insp.threads.fds_mut(ev.tid()).and_then(|t| t.get_mut(&src)) {
            if on {
                f.flags |= o::CLOEXEC;
            } else {
                f.flags &= !o::CLOEXEC;
            }
        }
    }
}

/// close_range: the fds in [first, last] go (after this event), or get close-on-exec.
fn close_range(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev) != Some(0) {
        return;
    }
    let (Some(first), Some(last)) = (uint(ev, P::First), uint(ev, P::Last)) else {
        return;
    };
    let cloexec = uint(ev, P::Flags).is_some_and(|f| f & CLOSE_RANGE_CLOEXEC != 0);
    let tid = ev.tid();
    let Some(fds) = insp.threads.fds_mut(tid) else {
        return;
    };
    let hit: Vec<i64> = fds
        .keys()
        .copied()
        .filter(|fd| u64::try_from(*fd).is_ok_and(|f| (first..=last).contains(&f)))
        .collect();
    for fd in hit {
        if cloexec {
            if let Some(f) = fds.get_mut(&fd) {
                f.flags |= o::CLOEXEC;
            }
        } else {
            insp.pending_fds.push((tid, fd));
        }
    }
}

/// pidfd_getfd: a copy of fd `target_fd` of the process the pidfd refers to.
fn pidfd_getfd(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(fd) = returned_fd(ev).filter(|f| *f >= 0) else {
        return;
    };
    let (Some(pidfd), Some(target)) = (int(ev, P::PidFd), int(ev, P::TargetFd)) else {
        return;
    };
    let tid = ev.tid();
    let Some(pid) = insp
        .threads
        .fd(tid, pidfd)
        .filter(|f| f.kind == FdType::Pidfd)
        .map(|f| f.pid)
    else {
        return;
    };
    let Some(mut f) = insp.threads.fd(pid, target).cloned() else {
        return;
    };
    f.flags = (f.flags & !o::CLOEXEC) | o::CLOEXEC;
    insp.ctx.fd = Some(fd);
    insert(insp, tid, fd, f);
}

fn pair(insp: &mut Inspector, ev: &Event<'_>, kind: FdType) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let (Some(a), Some(b)) = (int(ev, P::Fd1), int(ev, P::Fd2)) else {
        return;
    };
    let flags = uint(ev, P::Flags)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    let ino = uint(ev, P::Ino).unwrap_or(0);
    let (src, peer) = (
        uint(ev, P::Source).unwrap_or(0),
        uint(ev, P::Peer).unwrap_or(0),
    );
    insp.ctx.fd = Some(b);
    for (fd, (s, d)) in [(a, (src, peer)), (b, (peer, src))] {
        let mut f = Fd::new(kind, "");
        f.flags = flags;
        f.ino = ino;
        if kind == FdType::UnixSock {
            f.addrs = SockAddrs::Unix { source: s, dest: d };
        }
        insert(insp, ev.tid(), fd, f);
    }
}

fn simple(insp: &mut Inspector, ev: &Event<'_>, kind: FdType, name: String) {
    let Some(fd) = returned_fd(ev).filter(|f| *f >= 0) else {
        return;
    };
    let mut f = Fd::new(kind, name);
    f.flags = uint(ev, P::Flags)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0)
        & o::CLOEXEC;
    insp.ctx.fd = Some(fd);
    insert(insp, ev.tid(), fd, f);
}

fn pidfd(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(fd) = returned_fd(ev).filter(|f| *f >= 0) else {
        return;
    };
    let pid = int(ev, P::Pid).unwrap_or(0);
    let mut f = Fd::new(FdType::Pidfd, format!("/proc/{pid}"));
    f.pid = pid;
    insp.ctx.fd = Some(fd);
    insert(insp, ev.tid(), fd, f);
}
