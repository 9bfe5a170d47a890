/* Process metadata read from the current task (CO-RE): what execve and clone events carry
 * (exe, args, ids, limits, memory counters, comm, env, tty, credentials, exe file facts). */
#ifndef FALCOC_TASK_H
#define FALCOC_TASK_H

#define RLIMIT_NOFILE_IDX 7
#define PATH_COMPONENTS 24
#define TMP_END 4096
#define TMP_MASK 4095

/* Syscall argument `i` (x86_64 order) from the user registers (the tracepoint's typed
 * pointer: a plain load, no helper call). */
static __always_inline __u64 sys_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	case 5: return regs->r9;
	}
	return 0;
}

/* Writes the absolute path of `dentry` under `vfsmnt`, walking parents and mount points;
 * the bare dentry name when the walk finds no component (see the end). */
static __always_inline void rec_dentry_path(struct aux *a, struct dentry *d, struct vfsmount *vfsmnt)
{
	struct mount *m = container_of(vfsmnt, struct mount, mnt);
	__u32 off = TMP_END;
	a->tmp[TMP_END] = 0;
	for (int i = 0; i < PATH_COMPONENTS; i++) {
		struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		if (d == mnt_root) {
			struct mount *pm = BPF_CORE_READ(m, mnt_parent);
			if (pm == m)
				break;
			d = BPF_CORE_READ(m, mnt_mountpoint);
			m = pm;
			vfsmnt = &pm->mnt;
			continue;
		}
		if (d == parent)
			break;
		__u32 len = BPF_CORE_READ(d, d_name.len);
		const unsigned char *name = BPF_CORE_READ(d, d_name.name);
		len &= 255;
		if (len + 1 > off)
			break;
		off -= len + 1;
		off &= TMP_MASK;
		a->tmp[off] = '/';
		bpf_probe_read_kernel(&a->tmp[(off + 1) & TMP_MASK], len, name);
		d = parent;
	}
	if (off == TMP_END) {
		/* No component: a pseudo file outside every mount tree (a memfd's dentry is its
		 * own parent). Falco's probe then gives the dentry's bare name, `memfd:NAME`. */
		rec_kernel_str(a, BPF_CORE_READ(d, d_name.name), 256);
		return;
	}
	__u32 n = (TMP_END + 1 - off) & (MAX_STR * 2 - 1);
	if (n > MAX_STR)
		n = MAX_STR;
	bpf_probe_read_kernel(&a->data[a->pos & AUX_MASK], n, &a->tmp[off & TMP_MASK]);
	a->pos += n;
	rec_len(a, n);
}

/* Kernels before 6.15 name the kernfs parent `parent`. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	struct kernfs_node___old *old = (void *)kn;
	return BPF_CORE_READ(old, parent);
}

#define CGROUP_DEPTH 10
#define CGROUP_SUBSYS 12

/* Writes `ss=/path/of/kn` and a NUL for one controller. */
static __always_inline void rec_cgroup_item(struct aux *a, const char *ss, struct kernfs_node *kn)
{
	long n = bpf_probe_read_kernel_str(&a->data[a->pos & AUX_MASK], 32, ss);
	if (n <= 1)
		return;
	a->pos += n - 1;
	a->data[a->pos & AUX_MASK] = '=';
	a->pos += 1;
	__u32 off = TMP_END;
	for (int i = 0; i < CGROUP_DEPTH && kn; i++) {
		struct kernfs_node *parent = kn_parent(kn);
		if (!parent)
			break;
		const char *name = BPF_CORE_READ(kn, name);
		char buf[64];
		long m = bpf_probe_read_kernel_str(buf, sizeof(buf), name);
		if (m <= 1)
			break;
		__u32 len = (m - 1) & 63;
		if (len + 1 > off)
			break;
		off -= len + 1;
		off &= TMP_MASK;
		a->tmp[off] = '/';
		bpf_probe_read_kernel(&a->tmp[(off + 1) & TMP_MASK], len, buf);
		kn = parent;
	}
	if (off == TMP_END) {
		off = TMP_END - 1;
		a->tmp[off] = '/';
	}
	__u32 plen = (TMP_END - off) & 1023;
	bpf_probe_read_kernel(&a->data[a->pos & AUX_MASK], plen, &a->tmp[off & TMP_MASK]);
	a->pos += plen;
	a->data[a->pos & AUX_MASK] = 0;
	a->pos += 1;
}

/* `controller=path` items for every cgroup subsystem of the task (v1 hierarchies, or the
 * unified one each v2 controller shows), as /proc/PID/cgroup lists them. */
static __always_inline void rec_cgroups(struct aux *a, struct task_struct *t)
{
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	__u64 start = a->pos;
	for (int i = 0; i < CGROUP_SUBSYS && cs; i++) {
		struct cgroup_subsys_state *css = BPF_CORE_READ(cs, subsys[i]);
		if (!css)
			continue;
		const char *ss = BPF_CORE_READ(css, ss, name);
		struct kernfs_node *kn = BPF_CORE_READ(css, cgroup, kn);
		if (!ss || a->pos - start > 3 * 1024)
			break;
		rec_cgroup_item(a, ss, kn);
	}
	rec_len(a, a->pos - start);
}

/* exe (argv[0]) and args (the rest of argv) from the task's memory. */
static __always_inline void rec_exe_args(struct aux *a, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	__u64 start = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	__u64 end = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	long n = 0;
	if (start && end > start)
		n = bpf_probe_read_user_str(&a->data[a->pos & AUX_MASK], MAX_STR, (void *)start);
	if (n <= 0) {
		rec_empty(a);
		rec_empty(a);
		return;
	}
	a->pos += n;
	rec_len(a, n);
	if (start + n >= end) {
		rec_empty(a);
		return;
	}
	rec_user_bytes(a, start + n, end - (start + n));
}

static __always_inline void rec_env(struct aux *a, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	__u64 start = mm ? BPF_CORE_READ(mm, env_start) : 0;
	__u64 end = mm ? BPF_CORE_READ(mm, env_end) : 0;
	if (!start || end <= start) {
		rec_empty(a);
		return;
	}
	rec_user_bytes(a, start, end - start);
}

/* new_encode_dev(MKDEV(major, minor_start) + index) of the controlling tty, 0 if none. */
static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	__u32 index = BPF_CORE_READ(tty, index);
	__u32 major = BPF_CORE_READ(tty, driver, major);
	__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + index;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* pid->numbers[level].nr; `numbers` is a flexible array, read by offset (aya-obj rejects
 * CO-RE indexes into flexible arrays). */
static __always_inline __u32 pid_nr_at(struct pid *p, __u32 level)
{
	__u32 nr = 0;
	__u64 off = bpf_core_field_offset(struct pid, numbers) + (level & 31) * sizeof(struct upid);
	bpf_probe_read_kernel(&nr, sizeof(nr), (void *)p + off);
	return nr;
}

static __always_inline __u32 task_vpgid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	if (!p)
		return 0;
	return pid_nr_at(p, BPF_CORE_READ(p, level));
}

static __always_inline __u32 task_pgid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	return p ? pid_nr_at(p, 0) : 0;
}

static __always_inline __u32 task_vtid(struct task_struct *t, int type)
{
	struct pid *p = type == 0 ? BPF_CORE_READ(t, thread_pid) : BPF_CORE_READ(t, signal, pids[PIDTYPE_TGID]);
	if (!p)
		return 0;
	return pid_nr_at(p, BPF_CORE_READ(p, level));
}

/* mm->rss_stat[which].count (the percpu counter's global value), 0 when negative. */
static __always_inline __s64 mm_counter(struct mm_struct *mm, __u32 which)
{
	__s64 v = 0;
	__u64 off = bpf_core_field_offset(struct mm_struct, rss_stat) +
		    (which & 3) * bpf_core_type_size(struct percpu_counter) +
		    bpf_core_field_offset(struct percpu_counter, count);
	bpf_probe_read_kernel(&v, sizeof(v), (void *)mm + off);
	return v > 0 ? v : 0;
}

/* Total pages of the address space in KiB, resident and swapped. */
static __always_inline void rec_vm(struct aux *a, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	rec_u64(a, BPF_CORE_READ(t, maj_flt));
	rec_u64(a, BPF_CORE_READ(t, min_flt));
	if (!mm) {
		rec_u32(a, 0);
		rec_u32(a, 0);
		rec_u32(a, 0);
		return;
	}
	__u64 total = BPF_CORE_READ(mm, total_vm);
	/* rss_stat[MM_*] is read by offset: aya-obj cannot relocate array indexes inside the
	 * anonymous struct that holds it. Pages in KiB (4 KiB pages). */
	__s64 file = mm_counter(mm, 0), anon = mm_counter(mm, 1);
	__s64 swap = mm_counter(mm, 2), shmem = mm_counter(mm, 3);
	rec_u32(a, total << 2);
	rec_u32(a, (file + anon + shmem) << 2);
	rec_u32(a, swap << 2);
}

/* The fields execve and clone share: exe, args, tid, pid, ptid, cwd, fdlimit, page faults,
 * memory, comm, cgroups (the first 15 parameters of both). */
static __always_inline void rec_proc_common(struct aux *a, struct task_struct *t)
{
	rec_exe_args(a, t);
	rec_u64(a, BPF_CORE_READ(t, pid));
	rec_u64(a, BPF_CORE_READ(t, tgid));
	rec_u64(a, BPF_CORE_READ(t, real_parent, tgid));
	rec_empty(a); /* cwd: the state engine keeps it (startup scan, chdir) */
	rec_u64(a, BPF_CORE_READ(t, signal, rlim[RLIMIT_NOFILE_IDX].rlim_cur));
	rec_vm(a, t);
	rec_kernel_str(a, &t->comm, 16);
	rec_cgroups(a, t);
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630

/* PPM_EXE_UPPER_LAYER (2) or PPM_EXE_LOWER_LAYER (8) for an inode of an overlay mount, 0
 * otherwise. An overlay inode is the `vfs_inode` of a `struct ovl_inode`, directly followed
 * by its upper dentry: a file with an upper dentry that has an inode lives in the upper
 * (container-written) layer. */
static __always_inline __u32 overlay_layer(struct inode *ino)
{
	if (!ino || BPF_CORE_READ(ino, i_sb, s_magic) != OVERLAYFS_SUPER_MAGIC)
		return 0;
	struct dentry *upper = NULL;
	bpf_probe_read_kernel(&upper, sizeof(upper), (void *)ino + bpf_core_type_size(struct inode));
	if (upper && BPF_CORE_READ(upper, d_inode))
		return 2;
	return 8;
}

/* PPM_EXE_* flags of the executable: writable by the caller, from memfd. */
static __always_inline __u32 exe_flags(struct task_struct *t, struct file *exe)
{
	__u32 f = 0;
	if (!exe)
		return 0;
	struct inode *ino = BPF_CORE_READ(exe, f_inode);
	__u16 mode = BPF_CORE_READ(ino, i_mode);
	__u32 iuid = BPF_CORE_READ(ino, i_uid.val);
	__u32 igid = BPF_CORE_READ(ino, i_gid.val);
	__u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val);
	__u32 fsgid = BPF_CORE_READ(t, cred, fsgid.val);
	if ((iuid == fsuid && (mode & 0200)) || (igid == fsgid && (mode & 020)) || (mode & 02))
		f |= 1; /* PPM_EXE_WRITABLE */
	char name[8] = {};
	const unsigned char *dn = BPF_CORE_READ(exe, f_path.dentry, d_name.name);
	bpf_probe_read_kernel(name, 6, dn);
	if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' &&
	    name[5] == ':')
		f |= 4; /* PPM_EXE_FROM_MEMFD */
	return f | overlay_layer(ino);
}

#endif
