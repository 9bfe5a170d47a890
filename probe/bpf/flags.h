/* Kernel flag values converted to the PPM encodings the event table names
 * (file_flags, clone_flags). */
#ifndef FALCOC_FLAGS_H
#define FALCOC_FLAGS_H

static __always_inline __u32 open_flags_to_ppm(__u32 f)
{
	__u32 r = 0;
	switch (f & 3) {
	case 0: r |= 1 << 0; break;            /* O_RDONLY */
	case 1: r |= 1 << 1; break;            /* O_WRONLY */
	case 2: r |= (1 << 0) | (1 << 1); break; /* O_RDWR */
	}
	if (f & 0100) r |= 1 << 2;             /* O_CREAT */
	if (f & 02000) r |= 1 << 3;            /* O_APPEND */
	if (f & 010000) r |= 1 << 4;           /* O_DSYNC */
	if (f & 0200) r |= 1 << 5;             /* O_EXCL */
	if (f & 04000) r |= 1 << 6;            /* O_NONBLOCK */
	if (f & 04000000) r |= 1 << 7;         /* O_SYNC */
	if (f & 01000) r |= 1 << 8;            /* O_TRUNC */
	if (f & 040000) r |= 1 << 9;           /* O_DIRECT */
	if (f & 0200000) r |= 1 << 10;         /* O_DIRECTORY */
	if (f & 0100000) r |= 1 << 11;         /* O_LARGEFILE */
	if (f & 02000000) r |= 1 << 12;        /* O_CLOEXEC */
	if (f & 020000000) r |= 1 << 13;       /* O_TMPFILE */
	return r;
}

static __always_inline __u32 clone_flags_to_ppm(__u64 f)
{
	__u32 r = 0;
	if (f & 0x400) r |= 1 << 0;            /* CLONE_FILES */
	if (f & 0x200) r |= 1 << 1;            /* CLONE_FS */
	if (f & 0x80000000) r |= 1 << 2;       /* CLONE_IO */
	if (f & 0x8000000) r |= 1 << 3;        /* CLONE_NEWIPC */
	if (f & 0x40000000) r |= 1 << 4;       /* CLONE_NEWNET */
	if (f & 0x20000) r |= 1 << 5;          /* CLONE_NEWNS */
	if (f & 0x20000000) r |= 1 << 6;       /* CLONE_NEWPID */
	if (f & 0x4000000) r |= 1 << 7;        /* CLONE_NEWUTS */
	if (f & 0x8000) r |= 1 << 8;           /* CLONE_PARENT */
	if (f & 0x100000) r |= 1 << 9;         /* CLONE_PARENT_SETTID */
	if (f & 0x2000) r |= 1 << 10;          /* CLONE_PTRACE */
	if (f & 0x800) r |= 1 << 11;           /* CLONE_SIGHAND */
	if (f & 0x40000) r |= 1 << 12;         /* CLONE_SYSVSEM */
	if (f & 0x10000) r |= 1 << 13;         /* CLONE_THREAD */
	if (f & 0x800000) r |= 1 << 14;        /* CLONE_UNTRACED */
	if (f & 0x100) r |= 1 << 15;           /* CLONE_VM */
	if (f & 0x10000000) r |= 1 << 20;      /* CLONE_NEWUSER */
	if (f & 0x200000) r |= 1 << 23;        /* CLONE_CHILD_CLEARTID */
	if (f & 0x1000000) r |= 1 << 24;       /* CLONE_CHILD_SETTID */
	if (f & 0x80000) r |= 1 << 25;         /* CLONE_SETTLS */
	if (f & 0x4000) r |= 1 << 27;          /* CLONE_VFORK */
	if (f & 0x2000000) r |= 1 << 28;       /* CLONE_NEWCGROUP */
	return r;
}

#endif
