//! The value tables the libs event table names for flag and enum parameters
//! (`file_flags`, `clone_flags`…), in the libs table order that rendering depends on, and
//! the rendering itself: `O_RDONLY|O_CLOEXEC` for flags, the first exact entry for enums.
//! Tables not listed here render as the bare number.

/// (name, value) in libs table order.
type Table = &'static [(&'static str, u32)];

const FILE_FLAGS: Table = &[
    ("O_LARGEFILE", 1 << 11),
    ("O_DIRECTORY", 1 << 10),
    ("O_DIRECT", 1 << 9),
    ("O_TRUNC", 1 << 8),
    ("O_SYNC", 1 << 7),
    ("O_NONBLOCK", 1 << 6),
    ("O_EXCL", 1 << 5),
    ("O_DSYNC", 1 << 4),
    ("O_APPEND", 1 << 3),
    ("O_CREAT", 1 << 2),
    ("O_RDWR", 3),
    ("O_WRONLY", 1 << 1),
    ("O_RDONLY", 1),
    ("O_CLOEXEC", 1 << 12),
    ("O_NONE", 0),
    ("O_TMPFILE", 1 << 13),
    ("O_F_CREATED", 1 << 14),
];

const CLONE_FLAGS: Table = &[
    ("CLONE_FILES", 1 << 0),
    ("CLONE_FS", 1 << 1),
    ("CLONE_IO", 1 << 2),
    ("CLONE_NEWIPC", 1 << 3),
    ("CLONE_NEWNET", 1 << 4),
    ("CLONE_NEWNS", 1 << 5),
    ("CLONE_NEWPID", 1 << 6),
    ("CLONE_NEWUTS", 1 << 7),
    ("CLONE_PARENT", 1 << 8),
    ("CLONE_PARENT_SETTID", 1 << 9),
    ("CLONE_PTRACE", 1 << 10),
    ("CLONE_SIGHAND", 1 << 11),
    ("CLONE_SYSVSEM", 1 << 12),
    ("CLONE_THREAD", 1 << 13),
    ("CLONE_UNTRACED", 1 << 14),
    ("CLONE_VM", 1 << 15),
    ("CLONE_INVERTED", 1 << 16),
    ("NAME_CHANGED", 1 << 17),
    ("CLOSED", 1 << 18),
    ("CLONE_NEWUSER", 1 << 20),
    ("CLONE_CHILD_CLEARTID", 1 << 23),
    ("CLONE_CHILD_SETTID", 1 << 24),
    ("CLONE_SETTLS", 1 << 25),
    ("CLONE_STOPPED", 1 << 26),
    ("CLONE_VFORK", 1 << 27),
    ("CLONE_NEWCGROUP", 1 << 28),
];

const SOCKET_FAMILIES: Table = &[
    ("AF_NFC", 39),
    ("AF_ALG", 38),
    ("AF_CAIF", 37),
    ("AF_IEEE802154", 36),
    ("AF_PHONET", 35),
    ("AF_ISDN", 34),
    ("AF_RXRPC", 33),
    ("AF_IUCV", 32),
    ("AF_BLUETOOTH", 31),
    ("AF_TIPC", 30),
    ("AF_CAN", 29),
    ("AF_LLC", 26),
    ("AF_WANPIPE", 25),
    ("AF_PPPOX", 24),
    ("AF_IRDA", 23),
    ("AF_SNA", 22),
    ("AF_RDS", 21),
    ("AF_ATMSVC", 20),
    ("AF_ECONET", 19),
    ("AF_ASH", 18),
    ("AF_PACKET", 17),
    ("AF_ROUTE", 16),
    ("AF_NETLINK", 16),
    ("AF_KEY", 15),
    ("AF_SECURITY", 14),
    ("AF_NETBEUI", 13),
    ("AF_DECnet", 12),
    ("AF_ROSE", 11),
    ("AF_INET6", 10),
    ("AF_X25", 9),
    ("AF_ATMPVC", 8),
    ("AF_BRIDGE", 7),
    ("AF_NETROM", 6),
    ("AF_APPLETALK", 5),
    ("AF_IPX", 4),
    ("AF_AX25", 3),
    ("AF_INET", 2),
    ("AF_LOCAL", 1),
    ("AF_UNIX", 1),
    ("AF_UNSPEC", 0),
];

const PROT_FLAGS: Table = &[
    ("PROT_READ", 1 << 0),
    ("PROT_WRITE", 1 << 1),
    ("PROT_EXEC", 1 << 2),
    ("PROT_SEM", 1 << 3),
    ("PROT_GROWSDOWN", 1 << 4),
    ("PROT_GROWSUP", 1 << 5),
    ("PROT_SAO", 1 << 6),
    ("PROT_NONE", 0),
];

const MMAP_FLAGS: Table = &[
    ("MAP_SHARED", 1 << 0),
    ("MAP_PRIVATE", 1 << 1),
    ("MAP_FIXED", 1 << 2),
    ("MAP_ANONYMOUS", 1 << 3),
    ("MAP_32BIT", 1 << 4),
    ("MAP_RENAME", 1 << 5),
    ("MAP_NORESERVE", 1 << 6),
    ("MAP_POPULATE", 1 << 7),
    ("MAP_NONBLOCK", 1 << 8),
    ("MAP_GROWSDOWN", 1 << 9),
    ("MAP_DENYWRITE", 1 << 10),
    ("MAP_EXECUTABLE", 1 << 11),
    ("MAP_INHERIT", 1 << 12),
    ("MAP_FILE", 1 << 13),
    ("MAP_LOCKED", 1 << 14),
];

const FCNTL_COMMANDS: Table = &[
    ("F_GETPIPE_SZ", 29),
    ("F_SETPIPE_SZ", 28),
    ("F_NOTIFY", 27),
    ("F_DUPFD_CLOEXEC", 26),
    ("F_CANCELLK", 25),
    ("F_GETLEASE", 24),
    ("F_SETLEASE", 23),
    ("F_GETOWN_EX", 22),
    ("F_SETOWN_EX", 21),
    ("F_GETSIG", 15),
    ("F_SETSIG", 13),
    ("F_GETOWN", 12),
    ("F_SETOWN", 10),
    ("F_SETLKW", 9),
    ("F_SETLK", 8),
    ("F_GETLK", 6),
    ("F_SETFL", 5),
    ("F_GETFL", 4),
    ("F_SETFD", 3),
    ("F_GETFD", 2),
    ("F_DUPFD", 1),
    ("F_OFD_GETLK", 30),
    ("F_OFD_SETLK", 31),
    ("F_OFD_SETLKW", 32),
    ("UNKNOWN", 0),
];

const ACCESS_FLAGS: Table = &[("F_OK", 0), ("R_OK", 4), ("W_OK", 2), ("X_OK", 1)];

const RLIMIT_RESOURCES: Table = &[
    ("RLIMIT_UNKNOWN", 255),
    ("RLIMIT_RTTIME", 15),
    ("RLIMIT_RTPRIO", 14),
    ("RLIMIT_NICE", 13),
    ("RLIMIT_MSGQUEUE", 12),
    ("RLIMIT_SIGPENDING", 11),
    ("RLIMIT_LOCKS", 10),
    ("RLIMIT_AS", 9),
    ("RLIMIT_MEMLOCK", 8),
    ("RLIMIT_NOFILE", 7),
    ("RLIMIT_NPROC", 6),
    ("RLIMIT_RSS", 5),
    ("RLIMIT_CORE", 4),
    ("RLIMIT_STACK", 3),
    ("RLIMIT_DATA", 2),
    ("RLIMIT_FSIZE", 1),
    ("RLIMIT_CPU", 0),
];

const LSEEK_WHENCE: Table = &[("SEEK_END", 2), ("SEEK_CUR", 1), ("SEEK_SET", 0)];

const SHUTDOWN_HOW: Table = &[("SHUT_RDWR", 2), ("SHUT_WR", 1), ("SHUT_RD", 0)];

const FLOCK_FLAGS: Table = &[
    ("LOCK_SH", 1 << 0),
    ("LOCK_EX", 1 << 1),
    ("LOCK_NB", 1 << 2),
    ("LOCK_UN", 1 << 3),
    ("LOCK_NONE", 0),
];

const FUTEX_OPERATIONS: Table = &[
    ("FUTEX_CLOCK_REALTIME", 256),
    ("FUTEX_PRIVATE_FLAG", 128),
    ("FUTEX_CMP_REQUEUE_PI", 12),
    ("FUTEX_WAIT_REQUEUE_PI", 11),
    ("FUTEX_WAKE_BITSET", 10),
    ("FUTEX_WAIT_BITSET", 9),
    ("FUTEX_TRYLOCK_PI", 8),
    ("FUTEX_UNLOCK_PI", 7),
    ("FUTEX_LOCK_PI", 6),
    ("FUTEX_WAKE_OP", 5),
    ("FUTEX_CMP_REQUEUE", 4),
    ("FUTEX_REQUEUE", 3),
    ("FUTEX_FD", 2),
    ("FUTEX_WAKE", 1),
    ("FUTEX_WAIT", 0),
];

const UMOUNT_FLAGS: Table = &[("FORCE", 1), ("DETACH", 2), ("EXPIRE", 4), ("NOFOLLOW", 8)];

const UNLINKAT_FLAGS: Table = &[("AT_REMOVEDIR", 0x200)];

const LINKAT_FLAGS: Table = &[("AT_SYMLINK_FOLLOW", 0x400), ("AT_EMPTY_PATH", 0x1000)];

/// `PPM_EXE_*` flags of execve exits.
const EXECVE_FLAGS: Table = &[
    ("EXE_WRITABLE", 1),
    ("EXE_UPPER_LAYER", 2),
    ("EXE_FROM_MEMFD", 4),
    ("EXE_LOWER_LAYER", 8),
];

/// `PPM_PTRACE_*` requests (enum values, not the kernel's).
const PTRACE_REQUESTS: Table = &[
    ("PTRACE_UNKNOWN", 0),
    ("PTRACE_TRACEME", 1),
    ("PTRACE_PEEKTEXT", 2),
    ("PTRACE_PEEKDATA", 3),
    ("PTRACE_PEEKUSR", 4),
    ("PTRACE_POKETEXT", 5),
    ("PTRACE_POKEDATA", 6),
    ("PTRACE_POKEUSR", 7),
    ("PTRACE_CONT", 8),
    ("PTRACE_KILL", 9),
    ("PTRACE_SINGLESTEP", 10),
    ("PTRACE_ATTACH", 11),
    ("PTRACE_DETACH", 12),
    ("PTRACE_SYSCALL", 13),
    ("PTRACE_SETOPTIONS", 14),
    ("PTRACE_GETEVENTMSG", 15),
    ("PTRACE_GETSIGINFO", 16),
    ("PTRACE_SETSIGINFO", 17),
    ("PTRACE_GETREGSET", 18),
    ("PTRACE_SETREGSET", 19),
    ("PTRACE_SEIZE", 20),
    ("PTRACE_INTERRUPT", 21),
    ("PTRACE_LISTEN", 22),
    ("PTRACE_PEEKSIGINFO", 23),
    ("PTRACE_GETSIGMASK", 24),
    ("PTRACE_SETSIGMASK", 25),
    ("PTRACE_GETREGS", 26),
    ("PTRACE_SETREGS", 27),
    ("PTRACE_GETFPREGS", 28),
    ("PTRACE_SETFPREGS", 29),
    ("PTRACE_GETFPXREGS", 30),
    ("PTRACE_SETFPXREGS", 31),
    ("PTRACE_OLDSETOPTIONS", 32),
    ("PTRACE_GET_THREAD_AREA", 33),
    ("PTRACE_SET_THREAD_AREA", 34),
    ("PTRACE_ARCH_PRCTL", 35),
    ("PTRACE_SYSEMU", 36),
    ("PTRACE_SYSEMU_SINGLESTEP", 37),
    ("PTRACE_SINGLEBLOCK", 38),
];

const SOCKOPT_LEVELS: Table = &[("SOL_SOCKET", 1), ("SOL_TCP", 2), ("UNKNOWN", 0)];

fn table(name: &str) -> Option<Table> {
    Some(match name {
        "file_flags" => FILE_FLAGS,
        "clone_flags" => CLONE_FLAGS,
        "socket_families" => SOCKET_FAMILIES,
        "prot_flags" => PROT_FLAGS,
        "mmap_flags" => MMAP_FLAGS,
        "fcntl_commands" => FCNTL_COMMANDS,
        "access_flags" => ACCESS_FLAGS,
        "rlimit_resources" => RLIMIT_RESOURCES,
        "lseek_whence" => LSEEK_WHENCE,
        "shutdown_how" => SHUTDOWN_HOW,
        "flock_flags" => FLOCK_FLAGS,
        "futex_operations" => FUTEX_OPERATIONS,
        "umount_flags" => UMOUNT_FLAGS,
        "unlinkat_flags" => UNLINKAT_FLAGS,
        "linkat_flags" => LINKAT_FLAGS,
        "sockopt_levels" => SOCKOPT_LEVELS,
        "ptrace_requests" => PTRACE_REQUESTS,
        "execve_flags" => EXECVE_FLAGS,
        _ => return None,
    })
}

/// The symbolic rendering of `val` with value table `name`; empty when the table is
/// unknown or nothing matches. `exact` selects enum rendering (one exact entry).
pub fn render(name: &str, val: u32, exact: bool) -> String {
    let mut out = String::new();
    render_into(name, val, exact, &mut out);
    out
}

/// [`render`] appended to `out` (nothing when the table is unknown or nothing matches).
pub fn render_into(name: &str, val: u32, exact: bool, out: &mut String) {
    let Some(t) = table(name) else {
        return;
    };
    if exact {
        if let Some((n, _)) = t.iter().find(|(_, v)| *v == val) {
            out.push_str(n);
        }
        return;
    }
    let start = out.len();
    let mut rest = val;
    for (n, v) in t {
        if *v == val {
            if out.len() > start {
                out.push('|');
            }
            out.push_str(n);
            return;
        }
        if *v != 0 && rest & v == *v && rest != 0 {
            if out.len() > start {
                out.push('|');
            }
            out.push_str(n);
            rest &= !v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn flags_render_like_libs() {
        assert_eq!(render("file_flags", 4097, false), "O_RDONLY|O_CLOEXEC");
        assert_eq!(render("file_flags", 1, false), "O_RDONLY");
        assert_eq!(render("file_flags", 0, false), "O_NONE");
        assert_eq!(render("mmap_flags", 10, false), "MAP_PRIVATE|MAP_ANONYMOUS");
        assert_eq!(render("prot_flags", 3, false), "PROT_READ|PROT_WRITE");
        assert_eq!(render("socket_families", 2, true), "AF_INET");
        assert_eq!(render("fcntl_commands", 2, true), "F_GETFD");
        assert_eq!(render("no_such_table", 2, true), "");
    }
}
