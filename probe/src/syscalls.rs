//! The x86_64 syscall table the probe is loaded with: for each native syscall number, the
//! event (its exit code in the libs event table, enter parameters merged) and the filler
//! that builds its parameters. Syscalls not listed here become generic events
//! (`PPME_GENERIC_X`) when `--all-events` captures them.

use crate::maps::Filler;
use crate::syscall_names::x86_64_name;

/// One syscall the probe has a dedicated event for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syscall {
    /// Native (x86_64) syscall number.
    pub nr: u32,
    /// The syscall's name, which is also its event's `evt.type`.
    pub name: &'static str,
    /// The exit event code emitted (`PPME_*_X`).
    pub code: u16,
    pub filler: Filler,
}

const fn sc(nr: u32, name: &'static str, code: u16, filler: Filler) -> Syscall {
    Syscall {
        nr,
        name,
        code,
        filler,
    }
}

use Filler as F;

/// Every syscall with a dedicated event, by native number.
pub const SYSCALLS: &[Syscall] = &[
    sc(2, "open", 3, F::Open),
    sc(3, "close", 5, F::Close),
    sc(22, "pipe", 61, F::Pipe),
    sc(32, "dup", 367, F::Dup),
    sc(33, "dup2", 363, F::Dup2),
    sc(41, "socket", 19, F::Socket),
    sc(42, "connect", 23, F::Connect),
    sc(43, "accept", 247, F::Accept),
    sc(44, "sendto", 31, F::Sendto),
    sc(45, "recvfrom", 35, F::Recvfrom),
    sc(46, "sendmsg", 49, F::Sendmsg),
    sc(47, "recvmsg", 53, F::Recvmsg),
    sc(49, "bind", 21, F::Bind),
    sc(50, "listen", 25, F::Listen),
    sc(56, "clone", 223, F::Clone),
    sc(57, "fork", 225, F::Clone),
    sc(58, "vfork", 227, F::Clone),
    sc(59, "execve", 293, F::Execve),
    sc(62, "kill", 129, F::Kill),
    sc(80, "chdir", 95, F::Chdir),
    sc(81, "fchdir", 97, F::Fchdir),
    sc(82, "rename", 175, F::ResPath2),
    sc(83, "mkdir", 277, F::Mkdir),
    sc(84, "rmdir", 279, F::ResPath),
    sc(85, "creat", 59, F::Creat),
    sc(86, "link", 309, F::ResPath2),
    sc(87, "unlink", 301, F::Unlink),
    sc(88, "symlink", 179, F::Symlink),
    sc(90, "chmod", 315, F::Chmod),
    sc(91, "fchmod", 317, F::Fchmod),
    sc(101, "ptrace", 169, F::Ptrace),
    sc(105, "setuid", 199, F::Setuid),
    sc(106, "setgid", 201, F::Setuid),
    sc(117, "setresuid", 193, F::Setresid),
    sc(119, "setresgid", 195, F::Setresid),
    sc(157, "prctl", 401, F::Prctl),
    sc(165, "mount", 257, F::Mount),
    sc(166, "umount2", 391, F::Umount2),
    sc(175, "init_module", 411, F::InitModule),
    sc(200, "tkill", 131, F::Kill),
    sc(234, "tgkill", 133, F::Tgkill),
    sc(257, "openat", 307, F::Openat),
    sc(258, "mkdirat", 305, F::Mkdirat),
    sc(263, "unlinkat", 303, F::Unlinkat),
    sc(264, "renameat", 177, F::ResAt2),
    sc(265, "linkat", 311, F::ResAt2),
    sc(266, "symlinkat", 181, F::Symlinkat),
    sc(268, "fchmodat", 313, F::Fchmodat),
    sc(272, "unshare", 285, F::Unshare),
    sc(288, "accept4", 389, F::Accept),
    sc(292, "dup3", 365, F::Dup3),
    sc(293, "pipe2", 393, F::Pipe),
    sc(313, "finit_module", 413, F::FinitModule),
    sc(316, "renameat2", 319, F::ResAt2),
    sc(308, "setns", 241, F::Setns),
    sc(319, "memfd_create", 405, F::MemfdCreate),
    sc(321, "bpf", 369, F::Bpf),
    sc(322, "execveat", 331, F::Execve),
    sc(323, "userfaultfd", 321, F::Userfaultfd),
    sc(435, "clone3", 335, F::Clone),
    sc(437, "openat2", 327, F::Openat2),
];

/// Syscalls the state engine needs whatever the rules select: process lifecycle, fd
/// creation and destruction, cwd and credential changes.
pub const STATE_SYSCALLS: &[&str] = &[
    "open",
    "openat",
    "openat2",
    "creat",
    "close",
    "pipe",
    "pipe2",
    "dup",
    "dup2",
    "dup3",
    "socket",
    "connect",
    "accept",
    "accept4",
    "bind",
    "clone",
    "fork",
    "vfork",
    "clone3",
    "execve",
    "execveat",
    "chdir",
    "fchdir",
    "setuid",
    "setgid",
    "setresuid",
    "setresgid",
    "memfd_create",
];

/// The name of x86_64 syscall `nr` (dedicated or not), for generic events of syscalls
/// without a dedicated event: it gives their `PPM_SC` id.
pub fn native_name(nr: u32) -> Option<&'static str> {
    x86_64_name(nr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_inside_the_table() {
        let mut seen = std::collections::HashSet::new();
        for s in SYSCALLS {
            assert!(seen.insert(s.nr), "duplicate {}", s.nr);
            assert!(s.nr < crate::maps::SYSCALL_TABLE_SIZE);
        }
    }

    #[test]
    fn dedicated_syscalls_carry_their_native_names() {
        for s in SYSCALLS {
            assert_eq!(native_name(s.nr), Some(s.name), "{}", s.nr);
        }
    }

    #[test]
    fn state_syscalls_all_have_events() {
        for name in STATE_SYSCALLS {
            assert!(SYSCALLS.iter().any(|s| s.name == *name), "{name}");
        }
    }
}
