/* Fillers: one per parameter layout of the event table. Each writes every parameter of its
 * exit event (with the enter parameters merged, as modern Falco emits them), in table
 * order; `regs` are the user registers at syscall exit, `ret` the return value. */
#ifndef FALCOC_FILLERS_H
#define FALCOC_FILLERS_H

#define PPME_SOCKADDR_MAX 128

/* PT_SOCKADDR from a user `struct sockaddr` of `len` bytes. */
static __always_inline void rec_sockaddr(struct aux *a, __u64 uaddr, __u64 len)
{
	struct __kernel_sockaddr_storage ss = {};
	if (!uaddr || len < 2) {
		rec_empty(a);
		return;
	}
	if (len > sizeof(ss))
		len = sizeof(ss);
	if (bpf_probe_read_user(&ss, len & 127, (void *)uaddr) != 0) {
		rec_empty(a);
		return;
	}
	__u8 *out = &a->data[a->pos & AUX_MASK];
	__u16 fam = ss.ss_family;
	if (fam == 2) { /* AF_INET */
		struct sockaddr_in *in = (void *)&ss;
		out[0] = 2;
		__builtin_memcpy(&out[1], &in->sin_addr.s_addr, 4);
		__u16 port = bpf_ntohs(in->sin_port);
		__builtin_memcpy(&out[5], &port, 2);
		a->pos += 7;
		rec_len(a, 7);
	} else if (fam == 10) { /* AF_INET6 */
		struct sockaddr_in6 *in6 = (void *)&ss;
		out[0] = 10;
		__builtin_memcpy(&out[1], &in6->sin6_addr, 16);
		__u16 port = bpf_ntohs(in6->sin6_port);
		__builtin_memcpy(&out[17], &port, 2);
		a->pos += 19;
		rec_len(a, 19);
	} else if (fam == 1) { /* AF_UNIX */
		struct sockaddr_un *un = (void *)&ss;
		out[0] = 1;
		long n = bpf_probe_read_kernel_str(&out[1], 108, un->sun_path);
		if (n <= 0) {
			out[1] = 0;
			n = 1;
		}
		a->pos += 1 + n;
		rec_len(a, 1 + n);
	} else {
		out[0] = fam;
		a->pos += 1;
		rec_len(a, 1);
	}
}

/* The file of `fd` in the current task, or NULL. The task is the typed (BTF) pointer, so
 * the walk to its fd table is plain loads; only the slot of the fd array is read with a
 * helper (the verifier allows no variable index into a kernel array). */
static __always_inline struct file *fd_file(__s64 fd)
{
	if (fd < 0)
		return NULL;
	struct task_struct *t = bpf_get_current_task_btf();
	struct files_struct *files = t->files;
	if (!files)
		return NULL;
	struct fdtable *fdt = files->fdt;
	if (!fdt)
		return NULL;
	struct file **fds = fdt->fd;
	__u32 max = fdt->max_fds;
	if (fd >= max || !fds)
		return NULL;
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The socket of `fd` in the current task, or NULL. */
static __always_inline struct socket *fd_socket(__s64 fd)
{
	struct file *f = fd_file(fd);
	return f ? BPF_CORE_READ(f, private_data) : NULL;
}

/* PT_SOCKTUPLE of a connected inet socket: source (local) then destination (peer). */
static __always_inline void rec_socktuple(struct aux *a, __s64 fd, int local_is_dest)
{
	struct socket *s = fd_socket(fd);
	struct sock *sk = s ? BPF_CORE_READ(s, sk) : NULL;
	if (!sk) {
		rec_empty(a);
		return;
	}
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u8 *out = &a->data[a->pos & AUX_MASK];
	if (fam == 2) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		out[0] = 2;
		if (local_is_dest) {
			__builtin_memcpy(&out[1], &raddr, 4);
			__builtin_memcpy(&out[5], &rport, 2);
			__builtin_memcpy(&out[7], &laddr, 4);
			__builtin_memcpy(&out[11], &lport, 2);
		} else {
			__builtin_memcpy(&out[1], &laddr, 4);
			__builtin_memcpy(&out[5], &lport, 2);
			__builtin_memcpy(&out[7], &raddr, 4);
			__builtin_memcpy(&out[11], &rport, 2);
		}
		a->pos += 13;
		rec_len(a, 13);
	} else if (fam == 10) {
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		struct in6_addr l = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr r = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		out[0] = 10;
		if (local_is_dest) {
			__builtin_memcpy(&out[1], &r, 16);
			__builtin_memcpy(&out[17], &rport, 2);
			__builtin_memcpy(&out[19], &l, 16);
			__builtin_memcpy(&out[35], &lport, 2);
		} else {
			__builtin_memcpy(&out[1], &l, 16);
			__builtin_memcpy(&out[17], &lport, 2);
			__builtin_memcpy(&out[19], &r, 16);
			__builtin_memcpy(&out[35], &rport, 2);
		}
		a->pos += 37;
		rec_len(a, 37);
	} else if (fam == 1) {
		__u64 self = (__u64)sk;
		struct unix_sock *us = (void *)sk;
		__u64 peer = (__u64)BPF_CORE_READ(us, peer);
		out[0] = 1;
		__builtin_memcpy(&out[1], &self, 8);
		__builtin_memcpy(&out[9], &peer, 8);
		out[17] = 0;
		a->pos += 18;
		rec_len(a, 18);
	} else {
		out[0] = fam;
		a->pos += 1;
		rec_len(a, 1);
	}
}

/* The first bytes (at most SNAPLEN, at most `ret`) a sendmsg/recvmsg moved: the start of
 * the first iovec of the user `struct user_msghdr` at `umsg`. */
static __always_inline void rec_msg_data(struct aux *a, __u64 umsg, __s64 ret)
{
	struct user_msghdr mh = {};
	struct iovec iov = {};
	if (ret <= 0 || !umsg || bpf_probe_read_user(&mh, sizeof(mh), (void *)umsg) != 0 ||
	    !mh.msg_iov || mh.msg_iovlen == 0 ||
	    bpf_probe_read_user(&iov, sizeof(iov), mh.msg_iov) != 0) {
		rec_empty(a);
		return;
	}
	__u64 len = iov.iov_len < (__u64)ret ? iov.iov_len : (__u64)ret;
	rec_snap(a, (__u64)iov.iov_base, len);
}

/* Slots of a task's embedded fd array (`files_struct.fd_array`, NR_OPEN_DEFAULT). */
#define FD_ARRAY_SLOTS 64

/* Whether `files`' fd table is its embedded array (the table of every process that never
 * had more than 64 fds open): then slot `fd` can be read by a constant offset. */
static __always_inline int fd_table_embedded(struct files_struct *files)
{
	struct fdtable *fdt = files->fdt;
	return fdt && (__u64)fdt->fd == (__u64)&files->fd_array[0];
}

#define FD_SLOT(i) case i: return files->fd_array[i]

/* `files->fd_array[fd]` as a typed pointer (plain loads onward): one constant offset per
 * slot, since the verifier allows no variable offset into a typed kernel pointer. */
static __always_inline struct file *fd_array_slot(struct files_struct *files, __u32 fd)
{
	switch (fd) {
	FD_SLOT(0); FD_SLOT(1); FD_SLOT(2); FD_SLOT(3); FD_SLOT(4); FD_SLOT(5); FD_SLOT(6);
	FD_SLOT(7); FD_SLOT(8); FD_SLOT(9); FD_SLOT(10); FD_SLOT(11); FD_SLOT(12); FD_SLOT(13);
	FD_SLOT(14); FD_SLOT(15); FD_SLOT(16); FD_SLOT(17); FD_SLOT(18); FD_SLOT(19);
	FD_SLOT(20); FD_SLOT(21); FD_SLOT(22); FD_SLOT(23); FD_SLOT(24); FD_SLOT(25);
	FD_SLOT(26); FD_SLOT(27); FD_SLOT(28); FD_SLOT(29); FD_SLOT(30); FD_SLOT(31);
	FD_SLOT(32); FD_SLOT(33); FD_SLOT(34); FD_SLOT(35); FD_SLOT(36); FD_SLOT(37);
	FD_SLOT(38); FD_SLOT(39); FD_SLOT(40); FD_SLOT(41); FD_SLOT(42); FD_SLOT(43);
	FD_SLOT(44); FD_SLOT(45); FD_SLOT(46); FD_SLOT(47); FD_SLOT(48); FD_SLOT(49);
	FD_SLOT(50); FD_SLOT(51); FD_SLOT(52); FD_SLOT(53); FD_SLOT(54); FD_SLOT(55);
	FD_SLOT(56); FD_SLOT(57); FD_SLOT(58); FD_SLOT(59); FD_SLOT(60); FD_SLOT(61);
	FD_SLOT(62); FD_SLOT(63);
	}
	return NULL;
}

/* new_encode_dev of a kernel dev_t (major << 20 | minor). */
static __always_inline __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* dev and ino of the file behind a new fd (open family) of task `t`. A small fd of an
 * embedded table is read with plain loads through typed pointers (no helper call); any
 * other through `fd_file` and per-field reads. */
static __always_inline void rec_dev_ino(struct aux *a, struct task_struct *t, __s64 fd,
				       int skip)
{
	if (skip) {
		rec_u32(a, 0);
		rec_u64(a, 0);
		return;
	}
	struct files_struct *files = t->files;
	if (fd >= 0 && fd < FD_ARRAY_SLOTS && files && fd_table_embedded(files)) {
		struct file *f = fd_array_slot(files, fd);
		struct inode *ino = f ? f->f_inode : NULL;
		struct super_block *sb = ino ? ino->i_sb : NULL;
		rec_u32(a, sb ? encode_dev(sb->s_dev) : 0);
		rec_u64(a, ino ? ino->i_ino : 0);
		return;
	}
	struct file *f = fd >= 0 ? fd_file(fd) : NULL;
	if (!f) {
		rec_u32(a, 0);
		rec_u64(a, 0);
		return;
	}
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	rec_u32(a, encode_dev(BPF_CORE_READ(ino, i_sb, s_dev)));
	rec_u64(a, BPF_CORE_READ(ino, i_ino));
}

static __always_inline void fill_execve(struct aux *a, struct pt_regs *regs, __s64 ret, int with_filename)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	rec_u64(a, ret);
	rec_proc_common(a, t);
	rec_env(a, t);
	rec_u32(a, task_tty(t));
	rec_u64(a, task_vpgid(t));
	rec_u32(a, BPF_CORE_READ(t, loginuid.val));
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	rec_u32(a, ret == 0 ? exe_flags(t, exe) : 0);
	rec_u64(a, BPF_CORE_READ(t, cred, cap_inheritable.val));
	rec_u64(a, BPF_CORE_READ(t, cred, cap_permitted.val));
	rec_u64(a, BPF_CORE_READ(t, cred, cap_effective.val));
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	rec_u64(a, ino ? BPF_CORE_READ(ino, i_ino) : 0);
	__u64 ctime = 0, mtime = 0;
	if (ino && bpf_core_field_exists(ino->i_ctime_sec)) {
		ctime = BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_ctime_nsec);
		mtime = BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ull + BPF_CORE_READ(ino, i_mtime_nsec);
	}
	rec_u64(a, ctime);
	rec_u64(a, mtime);
	rec_u32(a, BPF_CORE_READ(t, cred, euid.val));
	if (exe && ret == 0)
		rec_dentry_path(a, BPF_CORE_READ(exe, f_path.dentry), BPF_CORE_READ(exe, f_path.mnt));
	else
		rec_empty(a);
	rec_u64(a, task_pgid(t));
	rec_u32(a, BPF_CORE_READ(t, cred, egid.val));
	if (with_filename)
		rec_empty(a); /* filename: the old address space is gone after a successful exec */
}

static __always_inline void fill_clone(struct aux *a, struct pt_regs *regs, __s64 ret, __u32 nr)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	__u64 flags = 0;
	if (nr == 56) /* clone */
		flags = sys_arg(regs, 0);
	else if (nr == 435) { /* clone3: struct clone_args.flags */
		__u64 uargs = sys_arg(regs, 0);
		bpf_probe_read_user(&flags, 8, (void *)uargs);
	} else if (nr == 58) /* vfork */
		flags = 0x4000 | 0x100;
	rec_u64(a, ret);
	rec_proc_common(a, t);
	rec_u32(a, clone_flags_to_ppm(flags));
	rec_u32(a, BPF_CORE_READ(t, cred, euid.val));
	rec_u32(a, BPF_CORE_READ(t, cred, egid.val));
	rec_u64(a, task_vtid(t, 0));
	rec_u64(a, task_vtid(t, 1));
	rec_u64(a, 0); /* pidns_init_start_ts */
}

#endif
