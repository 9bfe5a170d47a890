//! Rust mirrors of the layouts in `bpf/shared.h`: the syscall table entry, the settings
//! and the counter indices. Change both sides together.

/// Entries of the syscall table map (native syscall numbers below this).
pub const SYSCALL_TABLE_SIZE: u32 = 512;

/// The filler that builds a syscall's parameters (`enum filler` in `shared.h`).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filler {
    None = 0,
    Generic,
    Open,
    Openat,
    Openat2,
    Creat,
    Close,
    Execve,
    Clone,
    Socket,
    Connect,
    Accept,
    Bind,
    Listen,
    Dup,
    Dup2,
    Dup3,
    Chdir,
    Fchdir,
    Symlink,
    Symlinkat,
    Unlink,
    Unlinkat,
    Ptrace,
    MemfdCreate,
    Setuid,
    ResPath2,
    ResAt2,
    Mkdir,
    Mkdirat,
    ResPath,
    Chmod,
    Fchmodat,
    Fchmod,
    Kill,
    Tgkill,
    Pipe,
    Setresid,
    Prctl,
    Bpf,
    FinitModule,
    InitModule,
    Mount,
    Umount2,
    Sendto,
    Recvfrom,
    Sendmsg,
    Recvmsg,
    Setns,
    Unshare,
    Userfaultfd,
}

/// `struct syscall_entry`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyscallEntry {
    pub code: u16,
    pub ppm_sc: u16,
    pub interesting: u8,
    pub filler: u8,
    pub pad: u16,
}

/// `struct settings`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    pub boot_time_ns: u64,
    pub agent_tgid: u32,
    pub wakeup_bytes: u32,
    pub n_buffers: u32,
    /// 1: open-family events carry dev 0 and ino 0 ([`crate::ProbeConfig::open_dev_ino`]).
    pub skip_dev_ino: u32,
}

// SAFETY: plain-old-data: repr(C), integer fields only, no padding holes with meaning.
unsafe impl aya::Pod for SyscallEntry {}
// SAFETY: as above.
unsafe impl aya::Pod for Settings {}

/// `enum counter` indices.
pub mod counter {
    pub const EVENTS: u32 = 0;
    pub const DROPS_BUFFER: u32 = 1;
    pub const DROPS_SIZE: u32 = 2;
    pub const SKIPPED: u32 = 3;
    /// The first of `MAX_BUFFERS` counters: `DROPS_BUFFER` by ring buffer.
    pub const DROPS_BUFFER_OF: u32 = 4;
}
