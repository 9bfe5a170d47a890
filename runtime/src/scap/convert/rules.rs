//! The conversion rules for old events, keyed by (event, parameter count): which enter
//! events are kept per thread, and how old exit events gain the parameters of their enter
//! event or are upgraded to a newer event version. The facts follow libs'
//! `engine/savefile/converter/table.cpp`; the encoding is ours.

/// Where one parameter of the converted event comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Src {
    /// Parameter `n` of the event being converted.
    Old(u8),
    /// Parameter `n` of the stored enter event of the thread; the type's default value
    /// (zeros, or empty for variable-size types) when there is none.
    Enter(u8),
    /// Like `Enter`, but empty when there is no enter event.
    EnterOrEmpty(u8),
    /// The type's default value.
    Default,
    /// A zero-length parameter ("not available").
    Empty,
    /// The JSON of an old `container` event, built from its id, type, name and image.
    ContainerJson,
}

/// What to do with an event matching a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Keep the (enter) event for its thread; do not pass it on.
    Store,
    /// Pass it on unchanged.
    Pass,
    /// Keep it for its thread and pass it on.
    StoreAndPass,
    /// Append parameters.
    Add(&'static [Src]),
    /// Rebuild as the event named here, with exactly these parameters.
    Change(&'static str, &'static [Src]),
}

use Action::{Add, Change, Pass, Store, StoreAndPass};
use Src::{ContainerJson, Default as D, Empty as Z, Enter as E, EnterOrEmpty as EE, Old as O};

/// (PPME name, parameter count, action).
pub(crate) type Rule = (&'static str, u8, Action);

const fn olds<const N: usize>() -> [Src; N] {
    let mut out = [Z; N];
    let mut i = 0;
    while i < N {
        out[i] = O(i as u8);
        i += 1;
    }
    out
}

const OLD8: [Src; 8] = olds::<8>();
const OLD13: [Src; 13] = olds::<13>();

const EXECVE_8_TO_13: [Src; 13] = [
    OLD8[0], OLD8[1], OLD8[2], OLD8[3], OLD8[4], OLD8[5], OLD8[6], OLD8[7], Z, Z, Z, Z, Z,
];
const EXECVE_13_TO_14: [Src; 14] = {
    let mut a = [Z; 14];
    let mut i = 0;
    while i < 13 {
        a[i] = OLD13[i];
        i += 1;
    }
    a
};
/// 14 → 15: `comm` inserted before `env`.
const EXECVE_14_TO_15: [Src; 15] = {
    let mut a = [Z; 15];
    let mut i = 0;
    while i < 13 {
        a[i] = O(i as u8);
        i += 1;
    }
    a[14] = O(13);
    a
};
/// 15 → 16: `cgroups` inserted before `env`.
const EXECVE_15_TO_16: [Src; 16] = {
    let mut a = [Z; 16];
    let mut i = 0;
    while i < 14 {
        a[i] = O(i as u8);
        i += 1;
    }
    a[15] = O(14);
    a
};
/// 16 → 17: `tty` appended.
const EXECVE_16_TO_17: [Src; 17] = {
    let mut a = olds::<17>();
    a[16] = Z;
    a
};
const EXECVE_17_TO_18: [Src; 17] = olds::<17>();
/// 18 → 19: `vpgid` appended.
const EXECVE_18_TO_19: [Src; 18] = {
    let mut a = olds::<18>();
    a[17] = Z;
    a
};
/// clone/fork/vfork 11 → 16: page-fault and vm counters inserted before `flags`.
const CLONE_11_TO_16: [Src; 16] = [
    O(0),
    O(1),
    O(2),
    O(3),
    O(4),
    O(5),
    O(6),
    O(7),
    Z,
    Z,
    Z,
    Z,
    Z,
    O(8),
    O(9),
    O(10),
];
/// clone/fork/vfork 16 → 17: `comm` inserted before `flags`.
const CLONE_16_TO_17: [Src; 17] = {
    let mut a = [Z; 17];
    let mut i = 0;
    while i < 13 {
        a[i] = O(i as u8);
        i += 1;
    }
    a[14] = O(13);
    a[15] = O(14);
    a[16] = O(15);
    a
};
/// clone/fork/vfork 17 → 20: `cgroups` before `flags`, `vtid` and `vpid` appended.
const CLONE_17_TO_20: [Src; 20] = {
    let mut a = [Z; 20];
    let mut i = 0;
    while i < 14 {
        a[i] = O(i as u8);
        i += 1;
    }
    a[15] = O(14);
    a[16] = O(15);
    a[17] = O(16);
    a
};

/// Every rule.
pub(crate) static RULES: &[Rule] = &[
    ("PPME_GENERIC_E", 2, Store),
    ("PPME_GENERIC_X", 1, Add(&[EE(1)])),
    ("PPME_SYSCALL_OPEN_E", 0, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_OPEN_E", 3, Pass),
    ("PPME_SYSCALL_OPEN_X", 4, Add(&[Z])),
    ("PPME_SYSCALL_OPEN_X", 5, Add(&[Z])),
    ("PPME_SYSCALL_CLOSE_E", 1, Store),
    ("PPME_SYSCALL_CLOSE_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_READ_E", 2, Store),
    ("PPME_SYSCALL_READ_X", 2, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_LINK_E", 2, Store),
    (
        "PPME_SYSCALL_LINK_X",
        1,
        Change("PPME_SYSCALL_LINK_2_X", &[O(0), EE(0), EE(1)]),
    ),
    ("PPME_SYSCALL_LINKAT_E", 4, Store),
    (
        "PPME_SYSCALL_LINKAT_X",
        1,
        Change(
            "PPME_SYSCALL_LINKAT_2_X",
            &[O(0), EE(0), EE(1), EE(2), EE(3), Z],
        ),
    ),
    ("PPME_SYSCALL_UNLINK_E", 1, Store),
    (
        "PPME_SYSCALL_UNLINK_X",
        1,
        Change("PPME_SYSCALL_UNLINK_2_X", &[O(0), EE(0)]),
    ),
    ("PPME_SYSCALL_UNLINKAT_E", 2, Store),
    (
        "PPME_SYSCALL_UNLINKAT_X",
        1,
        Change("PPME_SYSCALL_UNLINKAT_2_X", &[O(0), EE(0), EE(1), Z]),
    ),
    ("PPME_SYSCALL_PREAD_E", 3, Store),
    ("PPME_SYSCALL_PREAD_X", 2, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_DUP_E", 1, Store),
    (
        "PPME_SYSCALL_DUP_X",
        1,
        Change("PPME_SYSCALL_DUP_1_X", &[O(0), EE(0)]),
    ),
    ("PPME_SYSCALL_SIGNALFD_E", 3, Store),
    ("PPME_SYSCALL_SIGNALFD_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_KILL_E", 2, Store),
    ("PPME_SYSCALL_KILL_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_TKILL_E", 2, Store),
    ("PPME_SYSCALL_TKILL_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_TGKILL_E", 3, Store),
    ("PPME_SYSCALL_TGKILL_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_NANOSLEEP_E", 1, Store),
    ("PPME_SYSCALL_NANOSLEEP_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_TIMERFD_CREATE_E", 2, Store),
    ("PPME_SYSCALL_TIMERFD_CREATE_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_INOTIFY_INIT_E", 1, Store),
    ("PPME_SYSCALL_INOTIFY_INIT_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_GETRLIMIT_E", 1, Store),
    ("PPME_SYSCALL_GETRLIMIT_X", 3, Add(&[E(0)])),
    ("PPME_SYSCALL_SETRLIMIT_E", 1, Store),
    ("PPME_SYSCALL_SETRLIMIT_X", 3, Add(&[E(0)])),
    ("PPME_SYSCALL_PRLIMIT_E", 2, Store),
    ("PPME_SYSCALL_PRLIMIT_X", 5, Add(&[EE(0), EE(1)])),
    (
        "PPME_SCHEDSWITCH_1_E",
        1,
        Change("PPME_SCHEDSWITCH_6_E", &[O(0), Z, Z, Z, Z, Z]),
    ),
    ("PPME_SYSCALL_FCNTL_E", 2, Store),
    ("PPME_SYSCALL_FCNTL_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_BRK_1_E", 1, Store),
    (
        "PPME_SYSCALL_BRK_1_X",
        1,
        Change("PPME_SYSCALL_BRK_4_X", &[O(0), EE(0), Z, Z, Z]),
    ),
    ("PPME_SYSCALL_BRK_4_E", 1, Store),
    ("PPME_SYSCALL_BRK_4_X", 4, Add(&[EE(0)])),
    (
        "PPME_SYSCALL_EXECVE_8_E",
        0,
        Change("PPME_SYSCALL_EXECVE_13_E", &[]),
    ),
    (
        "PPME_SYSCALL_EXECVE_8_X",
        8,
        Change("PPME_SYSCALL_EXECVE_13_X", &EXECVE_8_TO_13),
    ),
    (
        "PPME_SYSCALL_EXECVE_13_E",
        0,
        Change("PPME_SYSCALL_EXECVE_14_E", &[]),
    ),
    (
        "PPME_SYSCALL_EXECVE_13_X",
        13,
        Change("PPME_SYSCALL_EXECVE_14_X", &EXECVE_13_TO_14),
    ),
    (
        "PPME_SYSCALL_EXECVE_14_E",
        0,
        Change("PPME_SYSCALL_EXECVE_15_E", &[]),
    ),
    (
        "PPME_SYSCALL_EXECVE_14_X",
        14,
        Change("PPME_SYSCALL_EXECVE_15_X", &EXECVE_14_TO_15),
    ),
    (
        "PPME_SYSCALL_EXECVE_15_E",
        0,
        Change("PPME_SYSCALL_EXECVE_16_E", &[]),
    ),
    (
        "PPME_SYSCALL_EXECVE_15_X",
        15,
        Change("PPME_SYSCALL_EXECVE_16_X", &EXECVE_15_TO_16),
    ),
    (
        "PPME_SYSCALL_EXECVE_16_E",
        0,
        Change("PPME_SYSCALL_EXECVE_17_E", &[]),
    ),
    (
        "PPME_SYSCALL_EXECVE_16_X",
        16,
        Change("PPME_SYSCALL_EXECVE_17_X", &EXECVE_16_TO_17),
    ),
    (
        "PPME_SYSCALL_EXECVE_17_E",
        0,
        Change("PPME_SYSCALL_EXECVE_18_E", &[Z]),
    ),
    (
        "PPME_SYSCALL_EXECVE_17_X",
        17,
        Change("PPME_SYSCALL_EXECVE_18_X", &EXECVE_17_TO_18),
    ),
    (
        "PPME_SYSCALL_EXECVE_18_E",
        1,
        Change("PPME_SYSCALL_EXECVE_19_E", &[O(0)]),
    ),
    (
        "PPME_SYSCALL_EXECVE_18_X",
        17,
        Change("PPME_SYSCALL_EXECVE_19_X", &EXECVE_18_TO_19),
    ),
    ("PPME_SYSCALL_EXECVE_19_E", 1, StoreAndPass),
    ("PPME_SYSCALL_EXECVE_19_X", 18, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 19, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 20, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 23, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 26, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 27, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 28, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 29, Add(&[Z])),
    ("PPME_SYSCALL_EXECVE_19_X", 30, Add(&[EE(0)])),
    (
        "PPME_SYSCALL_CLONE_11_X",
        11,
        Change("PPME_SYSCALL_CLONE_16_X", &CLONE_11_TO_16),
    ),
    (
        "PPME_SYSCALL_CLONE_16_X",
        16,
        Change("PPME_SYSCALL_CLONE_17_X", &CLONE_16_TO_17),
    ),
    (
        "PPME_SYSCALL_CLONE_17_X",
        17,
        Change("PPME_SYSCALL_CLONE_20_X", &CLONE_17_TO_20),
    ),
    ("PPME_SYSCALL_CLONE_20_X", 20, Add(&[Z])),
    ("PPME_SOCKET_BIND_E", 1, Store),
    ("PPME_SOCKET_BIND_X", 2, Add(&[E(0)])),
    ("PPME_SOCKET_CONNECT_E", 1, Add(&[D])),
    ("PPME_SOCKET_CONNECT_E", 2, StoreAndPass),
    ("PPME_SOCKET_CONNECT_X", 2, Add(&[E(0)])),
    ("PPME_SOCKET_CONNECT_X", 3, Add(&[E(1)])),
    (
        "PPME_PROCEXIT_E",
        0,
        Change("PPME_PROCEXIT_1_E", &[Z, Z, Z, Z, Z]),
    ),
    ("PPME_SOCKET_SOCKET_E", 3, Store),
    ("PPME_SOCKET_SOCKET_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SOCKET_LISTEN_E", 2, Store),
    ("PPME_SOCKET_LISTEN_X", 1, Add(&[E(0), E(1)])),
    (
        "PPME_SOCKET_ACCEPT_X",
        3,
        Change("PPME_SOCKET_ACCEPT_5_X", &[O(0), O(1), O(2), D, D]),
    ),
    ("PPME_SYSCALL_WRITE_E", 2, Store),
    ("PPME_SYSCALL_WRITE_X", 2, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_PWRITE_E", 3, Store),
    ("PPME_SYSCALL_PWRITE_X", 2, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_READV_E", 1, Store),
    ("PPME_SYSCALL_READV_X", 3, Add(&[E(0)])),
    ("PPME_SYSCALL_WRITEV_E", 2, Store),
    ("PPME_SYSCALL_WRITEV_X", 2, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_PREADV_E", 2, Store),
    ("PPME_SYSCALL_PREADV_X", 3, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_PWRITEV_E", 3, Store),
    ("PPME_SYSCALL_PWRITEV_X", 2, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_SETRESUID_E", 3, Store),
    ("PPME_SYSCALL_SETRESUID_X", 1, Add(&[EE(0), EE(1), EE(2)])),
    ("PPME_SYSCALL_SETUID_E", 1, Store),
    ("PPME_SYSCALL_SETUID_X", 1, Add(&[EE(0)])),
    ("PPME_SOCKET_RECV_E", 2, Store),
    ("PPME_SOCKET_RECV_X", 2, Add(&[E(0), E(1), D])),
    ("PPME_SOCKET_RECVFROM_E", 2, Store),
    ("PPME_SOCKET_RECVFROM_X", 3, Add(&[E(0), E(1)])),
    ("PPME_SOCKET_SEND_E", 2, Store),
    ("PPME_SOCKET_SEND_X", 2, Add(&[E(0), E(1), D])),
    ("PPME_SOCKET_SENDTO_E", 3, Store),
    ("PPME_SOCKET_SENDTO_X", 2, Add(&[E(0), E(1), E(2)])),
    ("PPME_SOCKET_SHUTDOWN_E", 2, Store),
    ("PPME_SOCKET_SHUTDOWN_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SOCKET_SOCKETPAIR_E", 3, Store),
    ("PPME_SOCKET_SOCKETPAIR_X", 5, Add(&[E(0), E(1), E(2)])),
    ("PPME_SOCKET_SENDMSG_E", 3, Store),
    ("PPME_SOCKET_SENDMSG_X", 2, Add(&[E(0), E(1), E(2)])),
    ("PPME_SOCKET_SENDMMSG_X", 0, Add(&[D, Z, Z, Z, Z])),
    ("PPME_SOCKET_RECVMSG_E", 1, Store),
    ("PPME_SOCKET_RECVMSG_X", 4, Add(&[D])),
    ("PPME_SOCKET_RECVMSG_X", 5, Add(&[E(0)])),
    ("PPME_SOCKET_RECVMMSG_X", 0, Add(&[D, Z, Z, Z, Z, Z])),
    ("PPME_SYSCALL_CREAT_E", 0, Add(&[Z, Z])),
    ("PPME_SYSCALL_CREAT_E", 2, Pass),
    ("PPME_SYSCALL_CREAT_X", 3, Add(&[Z])),
    ("PPME_SYSCALL_CREAT_X", 4, Add(&[Z])),
    ("PPME_SYSCALL_CREAT_X", 5, Add(&[Z])),
    ("PPME_SYSCALL_EVENTFD_E", 2, Store),
    ("PPME_SYSCALL_EVENTFD_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_MKDIR_2_E", 1, Store),
    ("PPME_SYSCALL_MKDIR_2_X", 2, Add(&[EE(0)])),
    ("PPME_SYSCALL_MKDIR_E", 2, Store),
    (
        "PPME_SYSCALL_MKDIR_X",
        1,
        Change("PPME_SYSCALL_MKDIR_2_X", &[O(0), EE(0), EE(1)]),
    ),
    ("PPME_SYSCALL_RMDIR_E", 1, Store),
    (
        "PPME_SYSCALL_RMDIR_X",
        1,
        Change("PPME_SYSCALL_RMDIR_2_X", &[O(0), EE(0)]),
    ),
    ("PPME_SYSCALL_OPENAT_E", 4, Store),
    (
        "PPME_SYSCALL_OPENAT_X",
        1,
        Change(
            "PPME_SYSCALL_OPENAT_2_X",
            &[O(0), EE(0), EE(1), EE(2), EE(3), Z, Z],
        ),
    ),
    ("PPME_SYSCALL_OPENAT_2_E", 0, Add(&[Z, Z, Z, Z])),
    ("PPME_SYSCALL_OPENAT_2_E", 4, Pass),
    ("PPME_SYSCALL_OPENAT_2_X", 5, Add(&[Z])),
    ("PPME_SYSCALL_OPENAT_2_X", 6, Add(&[Z])),
    ("PPME_SYSCALL_OPENAT_2_X", 7, Add(&[Z])),
    ("PPME_SYSCALL_UNSHARE_E", 1, Store),
    ("PPME_SYSCALL_UNSHARE_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_FUTEX_E", 3, Store),
    ("PPME_SYSCALL_FUTEX_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_FSTAT_E", 1, Store),
    ("PPME_SYSCALL_FSTAT_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_EPOLLWAIT_E", 1, Store),
    ("PPME_SYSCALL_EPOLLWAIT_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_POLL_E", 2, Store),
    ("PPME_SYSCALL_POLL_X", 2, Add(&[E(1)])),
    (
        "PPME_SYSCALL_NEWSELECT_X",
        1,
        Change("PPME_SYSCALL_SELECT_X", &[O(0)]),
    ),
    ("PPME_SYSCALL_LSEEK_E", 3, Store),
    ("PPME_SYSCALL_LSEEK_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_LLSEEK_E", 3, Store),
    ("PPME_SYSCALL_LLSEEK_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_IOCTL_2_E", 2, Store),
    (
        "PPME_SYSCALL_IOCTL_2_X",
        1,
        Change("PPME_SYSCALL_IOCTL_3_X", &[O(0), EE(0), EE(1), Z]),
    ),
    ("PPME_SYSCALL_IOCTL_3_E", 3, Store),
    ("PPME_SYSCALL_IOCTL_3_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_MMAP_E", 6, Store),
    (
        "PPME_SYSCALL_MMAP_X",
        4,
        Add(&[E(0), E(1), E(2), E(3), E(4), E(5)]),
    ),
    ("PPME_SYSCALL_MMAP2_E", 6, Store),
    (
        "PPME_SYSCALL_MMAP2_X",
        4,
        Add(&[E(0), E(1), E(2), E(3), E(4), E(5)]),
    ),
    ("PPME_SYSCALL_MUNMAP_E", 2, Store),
    ("PPME_SYSCALL_MUNMAP_X", 4, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_SPLICE_E", 4, Store),
    ("PPME_SYSCALL_SPLICE_X", 1, Add(&[E(0), E(1), E(2), E(3)])),
    ("PPME_SYSCALL_PTRACE_E", 2, Store),
    ("PPME_SYSCALL_PTRACE_X", 0, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_PTRACE_X", 3, Add(&[EE(0), EE(1)])),
    (
        "PPME_SYSCALL_FORK_X",
        16,
        Change("PPME_SYSCALL_FORK_17_X", &CLONE_16_TO_17),
    ),
    (
        "PPME_SYSCALL_FORK_17_X",
        17,
        Change("PPME_SYSCALL_FORK_20_X", &CLONE_17_TO_20),
    ),
    ("PPME_SYSCALL_FORK_20_X", 20, Add(&[Z])),
    (
        "PPME_SYSCALL_VFORK_X",
        16,
        Change("PPME_SYSCALL_VFORK_17_X", &CLONE_16_TO_17),
    ),
    (
        "PPME_SYSCALL_VFORK_17_X",
        17,
        Change("PPME_SYSCALL_VFORK_20_X", &CLONE_17_TO_20),
    ),
    ("PPME_SYSCALL_VFORK_20_X", 20, Add(&[Z])),
    ("PPME_SYSCALL_SENDFILE_E", 4, Store),
    ("PPME_SYSCALL_SENDFILE_X", 2, Add(&[E(0), E(1), E(3)])),
    ("PPME_SYSCALL_QUOTACTL_E", 4, Store),
    (
        "PPME_SYSCALL_QUOTACTL_X",
        14,
        Add(&[E(0), E(1), E(2), E(3)]),
    ),
    ("PPME_SYSCALL_FCHDIR_E", 1, Store),
    ("PPME_SYSCALL_FCHDIR_X", 1, Add(&[EE(0)])),
    ("PPME_SYSCALL_GETDENTS_E", 1, Store),
    ("PPME_SYSCALL_GETDENTS_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_GETDENTS64_E", 1, Store),
    ("PPME_SYSCALL_GETDENTS64_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_SETNS_E", 2, Store),
    ("PPME_SYSCALL_SETNS_X", 1, Add(&[EE(0), EE(1)])),
    ("PPME_SYSCALL_FLOCK_E", 2, Store),
    ("PPME_SYSCALL_FLOCK_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_SEMOP_E", 1, Store),
    ("PPME_SYSCALL_SEMOP_X", 8, Add(&[E(0)])),
    ("PPME_SYSCALL_SEMCTL_E", 4, Store),
    ("PPME_SYSCALL_SEMCTL_X", 1, Add(&[E(0), E(1), E(2), E(3)])),
    ("PPME_SYSCALL_PPOLL_E", 3, Store),
    ("PPME_SYSCALL_PPOLL_X", 2, Add(&[E(1), E(2)])),
    ("PPME_SYSCALL_MOUNT_E", 1, Store),
    ("PPME_SYSCALL_MOUNT_X", 4, Add(&[E(0)])),
    (
        "PPME_SYSCALL_UMOUNT_X",
        2,
        Change("PPME_SYSCALL_UMOUNT_1_X", &[O(0), O(1)]),
    ),
    ("PPME_SYSCALL_SEMGET_E", 3, Store),
    ("PPME_SYSCALL_SEMGET_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_ACCESS_E", 1, Store),
    ("PPME_SYSCALL_ACCESS_X", 2, Add(&[E(0)])),
    (
        "PPME_CONTAINER_E",
        4,
        Change("PPME_CONTAINER_JSON_E", &[ContainerJson]),
    ),
    (
        "PPME_CONTAINER_JSON_E",
        1,
        Change("PPME_CONTAINER_JSON_2_E", &[O(0)]),
    ),
    ("PPME_SYSCALL_SETGID_E", 1, Store),
    ("PPME_SYSCALL_SETGID_X", 1, Add(&[EE(0)])),
    ("PPME_SYSCALL_SETPGID_E", 2, Store),
    ("PPME_SYSCALL_SETPGID_X", 1, Add(&[EE(0), EE(1)])),
    ("PPME_SYSCALL_BPF_E", 1, Store),
    (
        "PPME_SYSCALL_BPF_X",
        1,
        Change("PPME_SYSCALL_BPF_2_X", &[O(0), EE(0)]),
    ),
    ("PPME_SYSCALL_SECCOMP_E", 1, Add(&[D])),
    ("PPME_SYSCALL_SECCOMP_E", 2, Store),
    ("PPME_SYSCALL_SECCOMP_X", 1, Add(&[E(0), E(1)])),
    ("PPME_SYSCALL_OPENAT2_E", 0, Add(&[Z, Z, Z, Z, Z])),
    ("PPME_SYSCALL_OPENAT2_E", 5, Pass),
    ("PPME_SYSCALL_OPENAT2_X", 6, Add(&[Z, Z])),
    ("PPME_SYSCALL_OPENAT2_X", 8, Add(&[Z])),
    ("PPME_SYSCALL_MPROTECT_E", 3, Store),
    ("PPME_SYSCALL_MPROTECT_X", 1, Add(&[E(0), E(1), E(2)])),
    ("PPME_SYSCALL_EXECVEAT_E", 3, Pass),
    ("PPME_SYSCALL_EXECVEAT_X", 19, Add(&[Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 20, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 23, Add(&[Z, Z, Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 26, Add(&[Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 27, Add(&[Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 28, Add(&[Z])),
    ("PPME_SYSCALL_EXECVEAT_X", 29, Add(&[Z])),
    ("PPME_SYSCALL_COPY_FILE_RANGE_E", 3, Store),
    (
        "PPME_SYSCALL_COPY_FILE_RANGE_X",
        3,
        Add(&[E(0), E(1), E(2)]),
    ),
    ("PPME_SYSCALL_CLONE3_X", 20, Add(&[Z])),
    ("PPME_SYSCALL_EPOLL_CREATE_E", 1, Store),
    ("PPME_SYSCALL_EPOLL_CREATE_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_EPOLL_CREATE1_E", 1, Store),
    ("PPME_SYSCALL_EPOLL_CREATE1_X", 1, Add(&[E(0)])),
    ("PPME_SYSCALL_SETRESGID_E", 3, Store),
    ("PPME_SYSCALL_SETRESGID_X", 1, Add(&[EE(0), EE(1), EE(2)])),
    ("PPME_SOCKET_ACCEPT4_E", 1, Store),
    (
        "PPME_SOCKET_ACCEPT4_X",
        3,
        Change("PPME_SOCKET_ACCEPT4_6_X", &[O(0), O(1), O(2), D, D, E(0)]),
    ),
    ("PPME_SOCKET_ACCEPT4_5_E", 1, Store),
    (
        "PPME_SOCKET_ACCEPT4_5_X",
        5,
        Change(
            "PPME_SOCKET_ACCEPT4_6_X",
            &[O(0), O(1), O(2), O(3), O(4), E(0)],
        ),
    ),
    ("PPME_SOCKET_ACCEPT4_6_E", 1, Store),
    ("PPME_SOCKET_ACCEPT4_6_X", 5, Add(&[E(0)])),
    ("PPME_SYSCALL_UMOUNT2_E", 1, Store),
    ("PPME_SYSCALL_UMOUNT2_X", 2, Add(&[E(0)])),
    ("PPME_SYSCALL_EVENTFD2_E", 1, Store),
    ("PPME_SYSCALL_EVENTFD2_X", 2, Add(&[E(0)])),
    ("PPME_SYSCALL_SIGNALFD4_E", 2, Store),
    ("PPME_SYSCALL_SIGNALFD4_X", 2, Add(&[E(0), E(1)])),
];
