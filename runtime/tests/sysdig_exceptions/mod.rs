//! The documented differences between falcoc's extraction (modern Falco semantics) and
//! sysdig 0.29.3 (libsinsp of 2022), used by the `sysdig_fields` differential test. Each
//! entry names the field, the event types and condition it covers, which disagreement it
//! allows, and why.

/// Where and why falcoc (following modern Falco) may differ from sysdig 0.29.3.
pub struct Exception {
    /// Field name, or `*` for every field.
    pub field: &'static str,
    /// Event types the exception covers (empty: all).
    pub types: &'static [&'static str],
    /// Which disagreements are allowed.
    pub kind: Kind,
    /// On which events.
    pub cond: Cond,
    pub reason: &'static str,
}

/// A condition on the event, from falcoc's state.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    Always,
    /// The event's thread is a placeholder (an unknown tid).
    Placeholder,
    /// The event's thread is not its process's main thread.
    NotMain,
    /// The capture was written by libs newer than sysdig's (its process-list tail differs).
    Capture(&'static str),
    /// The fd parameter the value comes from is merged from the enter event (the 2022
    /// exit event lacks it).
    MergedParam,
    /// sysdig printed exactly this.
    Theirs(&'static str),
    /// falcoc extracted exactly this.
    Ours(&'static str),
}

/// What falcoc's state says about one event.
#[derive(Clone, Copy, Default)]
pub struct Facts {
    pub placeholder: bool,
    pub main: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// sysdig has no value, falcoc has one.
    OursOnly,
    /// falcoc has no value, sysdig has one.
    TheirsOnly,
    /// Any disagreement.
    Any,
    /// sysdig's text (trailing blanks removed, `...` truncation removed) is a prefix of ours.
    Prefix,
}

pub const fn ex(
    field: &'static str,
    types: &'static [&'static str],
    kind: Kind,
    cond: Cond,
    reason: &'static str,
) -> Exception {
    Exception {
        field,
        types,
        kind,
        cond,
        reason,
    }
}

/// Event types whose 2022 exit events lacked the fd (it was on the enter event).
pub const MERGED_FD: &[&str] = &[
    "mmap",
    "munmap",
    "ioctl",
    "fcntl",
    "fstat",
    "read",
    "write",
    "sendmsg",
    "sendto",
    "recvfrom",
    "connect",
    "listen",
    "bind",
    "close",
    "poll",
    "lseek",
    "llseek",
    "pread",
    "pwrite",
    "readv",
    "writev",
    "splice",
    "shutdown",
    "getsockopt",
    "setsockopt",
    "getsockname",
    "getpeername",
    "ftruncate",
    "timerfd_settime",
    "epoll_wait",
    "epoll_pwait",
];

pub const EXCEPTIONS: &[Exception] = &[
    ex(
        "*",
        &[],
        Kind::OursOnly,
        Cond::MergedParam,
        "modern libs merge the enter parameters into the exit event (README.md): the exit \
         carries the fd, sizes, modes and flags that 2022 only had on the enter event",
    ),
    ex(
        "fd.*",
        MERGED_FD,
        Kind::OursOnly,
        Cond::Always,
        "as above: fd context on exits whose fd was an enter parameter (README.md)",
    ),
    ex(
        "evt.buflen",
        MERGED_FD,
        Kind::OursOnly,
        Cond::Always,
        "as above",
    ),
    ex(
        "evt.category",
        MERGED_FD,
        Kind::Any,
        Cond::Always,
        "I/O categories depend on the fd, which 2022 did not have on these exits",
    ),
    ex(
        "evt.args",
        &["socket"],
        Kind::Any,
        Cond::Always,
        "as evt.arg.fd on socket",
    ),
    ex(
        "evt.args",
        &["execve"],
        Kind::Any,
        Cond::Always,
        "the 2022 table calls execve's parameter 17 `pgid`, HEAD calls it `vpgid`",
    ),
    ex(
        "evt.info",
        &["execve"],
        Kind::Any,
        Cond::Always,
        "as evt.args on execve",
    ),
    ex(
        "evt.info",
        &["socket"],
        Kind::Any,
        Cond::Always,
        "as evt.arg.fd on socket",
    ),
    ex(
        "evt.args",
        &[],
        Kind::Prefix,
        Cond::Always,
        "merged enter parameters follow the exit's own; sysdig truncates long buffers with `...`",
    ),
    ex("evt.info", &[], Kind::Prefix, Cond::Always, "as evt.args"),
    ex(
        "evt.arg.data",
        &[],
        Kind::Prefix,
        Cond::Always,
        "sysdig truncates buffers at 80 characters",
    ),
    ex(
        "evt.arg[1]",
        &[],
        Kind::Prefix,
        Cond::Always,
        "as evt.arg.data when the parameter is a buffer",
    ),
    ex(
        "evt.category",
        &[],
        Kind::Any,
        Cond::Always,
        "2022 took generic syscalls' categories from its own syscall table (pselect6 `wait`) and \
         computed I/O subcategories only for some events; modern libs use the event table",
    ),
    ex(
        "evt.type",
        &[],
        Kind::Any,
        Cond::Theirs("<unknown>"),
        "a generic exit whose ID is unknown (written by libs that did not know the syscall): \
         modern libsinsp names it by its nativeID when replaying a capture, 2022 `<unknown>`",
    ),
    ex(
        "syscall.type",
        &[],
        Kind::Any,
        Cond::Theirs("<unknown>"),
        "as evt.type of a generic exit named by its nativeID",
    ),
    ex(
        "evt.arg[0]",
        &[],
        Kind::Any,
        Cond::Theirs("<unknown>"),
        "as evt.type of a generic exit named by its nativeID (the ID itself is `unknown`)",
    ),
    ex(
        "evt.arg*",
        &["socket"],
        Kind::Any,
        Cond::Always,
        "modern socket exits carry domain/type/proto, so the fd shows its l4 protocol (`<4t>`)",
    ),
    ex(
        "proc.vpid",
        &[],
        Kind::OursOnly,
        Cond::Always,
        "modern libs fill vpid for threads of old captures (README.md)",
    ),
    ex(
        "thread.vtid",
        &[],
        Kind::OursOnly,
        Cond::Always,
        "as proc.vpid",
    ),
    ex(
        "user.loginuid",
        &[],
        Kind::Any,
        Cond::Capture("sample.scap"),
        "sample.scap was written by newer libs; 2022 misreads the tail of its process list",
    ),
    ex(
        "group.gid",
        &[],
        Kind::Any,
        Cond::Capture("sample.scap"),
        "as user.loginuid",
    ),
    ex(
        "*",
        &[],
        Kind::Any,
        Cond::Placeholder,
        "a thread missing from the process list: modern libs make a placeholder with pid -1 \
         and fdlimit -1; 2022 used pid = tid and printed uid/gid -1 as 64-bit values",
    ),
    ex(
        "proc.p*",
        &[],
        Kind::Any,
        Cond::NotMain,
        "2022 took a thread's parent from the thread's own ptid; modern libs walk from the main \
         thread (state.md §5), so a thread's parent is its process's parent",
    ),
    ex(
        "proc.nchilds",
        &[],
        Kind::Any,
        Cond::Always,
        "2022 counted child processes; modern libs count the process's other live threads",
    ),
    ex(
        "group.gid",
        &[],
        Kind::Any,
        Cond::Theirs("8589934591"),
        "2022 printed an unknown gid (-1) widened to 33 bits",
    ),
    ex(
        "fd.name",
        &["connect", "bind"],
        Kind::Any,
        Cond::Always,
        "modern libs show fd.name \"\" on a connect exit with a negative result (EINPROGRESS \
         included), and a bind to port 0 does not name the socket",
    ),
    ex(
        "fd.containername",
        &[],
        Kind::Any,
        Cond::Always,
        "host processes have container id `host` in modern Falco, empty in 2022",
    ),
    ex(
        "container.*",
        &[],
        Kind::Any,
        Cond::Always,
        "as fd.containername",
    ),
    ex(
        "fd.dev*",
        &["openat"],
        Kind::Any,
        Cond::Ours("0"),
        "an openat exit with dev but without ino (an older driver's): modern libsinsp takes \
         dev only with ino and gives 0, 2022 took dev alone",
    ),
    ex(
        "fd.dev*",
        &[
            "pipe", "socket", "connect", "accept", "sendto", "recvfrom", "close", "ioctl", "write",
            "read", "fcntl",
        ],
        Kind::Any,
        Cond::Always,
        "2022 kept a device number on sockets; modern socket fds have none (0)",
    ),
    ex(
        "fd.cport",
        &[],
        Kind::TheirsOnly,
        Cond::Always,
        "2022 printed port 0 for unix sockets",
    ),
    ex(
        "evt.buflen*",
        &["read", "ioctl"],
        Kind::OursOnly,
        Cond::Always,
        "2022 left reads and ioctls without an I/O subcategory, so without a buffer length",
    ),
    ex(
        "evt.latency",
        &[],
        Kind::Any,
        Cond::Always,
        "latency needs the enter event; modern Falco sees exit events only, so it is 0",
    ),
    ex(
        "evt.deltatime",
        &[],
        Kind::Any,
        Cond::Always,
        "2022 measured from the previous event, enter events included; modern Falco does not \
         see enter events",
    ),
    ex(
        "evt.reltime",
        &[],
        Kind::Any,
        Cond::Always,
        "as evt.deltatime: the first event modern Falco sees is the first exit",
    ),
    ex(
        "evt.num",
        &[],
        Kind::Any,
        Cond::Always,
        "modern libs do not number enter events, so numbering shifts (README.md)",
    ),
    ex(
        "proc.sname",
        &[],
        Kind::Any,
        Cond::Ours(""),
        "no live session leader and no parent in the session: modern libs give \"\", 2022 \
         gave the process itself",
    ),
    ex(
        "proc.pid.ts",
        &[],
        Kind::Any,
        Cond::Always,
        "2022 guessed the start of process-list threads; modern libs need a clone in the stream",
    ),
    ex(
        "fd.typechar",
        &["open"],
        Kind::Any,
        Cond::Ours("o"),
        "an open exit without an fd: modern libsinsp guesses the letter from the event type \
         and its list names openat, openat2 and creat but not open, so `o` (falco-fields \
         oracle); 2022 gave `f`",
    ),
    ex(
        "evt.failed",
        &[],
        Kind::TheirsOnly,
        Cond::Always,
        "an event without a syscall return value (not a syscall exit, or no parameter) has no \
         evt.failed in modern libsinsp (falco-fields oracle); 2022 gave false",
    ),
    ex(
        "evt.count.error",
        &[],
        Kind::OursOnly,
        Cond::Ours("0"),
        "modern libsinsp counts 0 errors on a successful syscall (falco-fields oracle); 2022 \
         gave no value",
    ),
    ex(
        "evt.count.error.file",
        &[],
        Kind::OursOnly,
        Cond::Ours("0"),
        "as evt.count.error",
    ),
    ex(
        "evt.count.error.net",
        &[],
        Kind::OursOnly,
        Cond::Ours("0"),
        "as evt.count.error",
    ),
    ex(
        "evt.count.error.other",
        &[],
        Kind::OursOnly,
        Cond::Ours("0"),
        "as evt.count.error",
    ),
    ex(
        "proc.vmsize",
        &[],
        Kind::Any,
        Cond::Capture("curl_google.scap"),
        "scheduler switches of this capture carry page faults and memory sizes, which modern libsinsp applies to the thread (falco-fields oracle); sysdig 0.29.3 did not",
    ),
    ex(
        "proc.vmrss",
        &[],
        Kind::Any,
        Cond::Capture("curl_google.scap"),
        "as proc.vmsize",
    ),
    ex(
        "thread.vmsize",
        &[],
        Kind::Any,
        Cond::Capture("curl_google.scap"),
        "as proc.vmsize",
    ),
    ex(
        "thread.vmrss",
        &[],
        Kind::Any,
        Cond::Capture("curl_google.scap"),
        "as proc.vmsize",
    ),
    ex(
        "thread.pfminor",
        &[],
        Kind::Any,
        Cond::Capture("curl_google.scap"),
        "as proc.vmsize",
    ),
];
