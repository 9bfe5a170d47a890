/* Layouts shared by the BPF programs and the Rust loader (probe/src/maps.rs mirrors them).
 * Change both sides together. */
#ifndef FALCOC_SHARED_H
#define FALCOC_SHARED_H

/* Highest x86_64 syscall number + 1 covered by the syscall table. */
#define SYSCALL_TABLE_SIZE 512

/* Ring buffers the object declares (events_0 .. events_15); `n_buffers` of them are used. */
#define MAX_BUFFERS 16

/* One syscall table entry, indexed by the native syscall number. */
struct syscall_entry {
	__u16 code;        /* exit event code (PPME_*_X) emitted for this syscall */
	__u16 ppm_sc;      /* PPM_SC_* id, the ID parameter of generic events */
	__u8 interesting;  /* 1: capture it (the in-kernel interest set) */
	__u8 filler;       /* which filler builds the parameters (enum filler) */
	__u16 pad;
};

/* Settings written once by the loader before attach. */
struct settings {
	__u64 boot_time_ns;   /* epoch ns at boot: event ts = boot_time_ns + ktime_get_boot_ns */
	__u32 agent_tgid;     /* the agent's own process: its syscalls are not captured */
	__u32 wakeup_bytes;   /* a cpu wakes the reader each time it has sent this much */
	__u32 n_buffers;      /* ring buffers in use (events are split by tgid) */
	__u32 skip_dev_ino;   /* 1: open-family events carry dev 0, ino 0 (no loaded rule reads them) */
};

/* Per-cpu counters (index into the counters array). */
enum counter {
	CNT_EVENTS = 0,       /* events the probe tried to send */
	CNT_DROPS_BUFFER = 1, /* events lost because a ring buffer was full */
	CNT_DROPS_SIZE = 2,   /* events lost because they did not fit the scratch buffer */
	CNT_SKIPPED = 3,      /* syscalls seen but outside the interest set */
	CNT_DROPS_BUFFER_OF = 4, /* MAX_BUFFERS counters: CNT_DROPS_BUFFER by ring buffer */
	CNT_MAX = 4 + MAX_BUFFERS,
};

/* Fillers: one per parameter layout. */
enum filler {
	F_NONE = 0,           /* not supported: generic event when interesting */
	F_GENERIC,            /* PPME_GENERIC_X: ID, nativeID */
	F_OPEN,               /* open: fd, name, flags, mode, dev, ino */
	F_OPENAT,             /* openat: fd, dirfd, name, flags, mode, dev, ino */
	F_OPENAT2,            /* openat2: fd, dirfd, name, flags, mode, resolve, dev, ino */
	F_CREAT,              /* creat: fd, name, mode, dev, ino, creat_flags */
	F_CLOSE,              /* close: res, fd */
	F_EXECVE,             /* execve/execveat: the process metadata */
	F_CLONE,              /* clone/clone3/fork/vfork: the process metadata */
	F_SOCKET,             /* socket: fd, domain, type, proto, flags */
	F_CONNECT,            /* connect: res, tuple, fd, addr */
	F_ACCEPT,             /* accept/accept4: fd, tuple, queuepct, queuelen, queuemax, flags */
	F_BIND,               /* bind: res, addr, fd */
	F_LISTEN,             /* listen: res, fd, backlog */
	F_DUP,                /* dup: res, oldfd */
	F_DUP2,               /* dup2: res, oldfd, newfd */
	F_DUP3,               /* dup3: res, oldfd, newfd, flags */
	F_CHDIR,              /* chdir: res, path */
	F_FCHDIR,             /* fchdir: res, fd */
	F_SYMLINK,            /* symlink: res, target, linkpath */
	F_SYMLINKAT,          /* symlinkat: res, target, linkdirfd, linkpath */
	F_UNLINK,             /* unlink: res, path */
	F_UNLINKAT,           /* unlinkat: res, dirfd, name, flags */
	F_PTRACE,             /* ptrace: res, addr, data, request, pid */
	F_MEMFD_CREATE,       /* memfd_create: fd, name, flags */
	F_SETUID,             /* setuid/setgid: res, id */
	F_RES_PATH2,          /* rename/link-like: res, oldpath, newpath */
	F_RES_AT2,            /* renameat/linkat-like: res, olddirfd, oldpath, newdirfd, newpath, flags */
	F_MKDIR,              /* mkdir: res, path, mode */
	F_MKDIRAT,            /* mkdirat: res, dirfd, path, mode */
	F_RES_PATH,           /* rmdir-like: res, path */
	F_CHMOD,              /* chmod: res, filename, mode */
	F_FCHMODAT,           /* fchmodat: res, dirfd, filename, mode */
	F_FCHMOD,             /* fchmod: res, fd, mode */
	F_KILL,               /* kill/tkill: res, pid, sig */
	F_TGKILL,             /* tgkill: res, pid, tid, sig */
	F_PIPE,               /* pipe/pipe2: res, fd1, fd2, ino (, flags) */
	F_SETRESID,           /* setresuid/setresgid: res, r, e, s */
	F_PRCTL,              /* prctl: res, option, arg2_str, arg2_int */
	F_BPF,                /* bpf: fd, cmd */
	F_FINIT_MODULE,       /* finit_module: res, fd, uargs, flags */
	F_INIT_MODULE,        /* init_module: res, length, uargs */
	F_MOUNT,              /* mount: res, dev, dir, type, flags */
	F_UMOUNT2,            /* umount2: res, name, flags */
	F_SENDTO,             /* sendto: res, data, fd, size, tuple */
	F_RECVFROM,           /* recvfrom: res, data, tuple, fd, size */
	F_SENDMSG,            /* sendmsg: res, data, fd, size, tuple */
	F_RECVMSG,            /* recvmsg: res, size, data, tuple, msgcontrol, fd */
	F_SETNS,              /* setns: res, fd, nstype */
	F_UNSHARE,            /* unshare: res, flags */
	F_USERFAULTFD,        /* userfaultfd: res, flags */
	F_MAX,
};

#endif
