// SPDX-License-Identifier: GPL-2.0
/* falcoc's system-call probe: one BTF tracepoint (tp_btf) on sys_exit builds each
 * interesting syscall's exit event (enter parameters merged) in the scap event layout; one
 * on sched_process_exit emits procexit. The syscall table map is the in-kernel interest set.
 * tp_btf rather than raw_tp: the tracepoint arguments (the user registers, the exiting task)
 * are typed kernel pointers the program loads from directly, without a helper call per
 * field. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "shared.h"
#include "record.h"
#include "flags.h"
#include "task.h"
#include "fillers.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_TABLE_SIZE);
	__type(key, __u32);
	__type(value, struct syscall_entry);
} syscall_table SEC(".maps");

#define PPME_PROCEXIT_1_E 186

static __always_inline __s64 fd_arg(struct pt_regs *regs, int i)
{
	return (__s64)(__s32)sys_arg(regs, i);
}

static __always_inline __u16 ptrace_req_to_ppm(__u64 r)
{
	switch (r) {
	case 0: return 1;  case 1: return 2;  case 2: return 3;  case 3: return 4;
	case 4: return 5;  case 5: return 6;  case 6: return 7;  case 7: return 8;
	case 8: return 9;  case 9: return 10; case 16: return 11; case 17: return 12;
	case 24: return 13; case 0x4200: return 14; case 0x4201: return 15; case 0x4202: return 16;
	case 0x4203: return 17; case 0x4204: return 18; case 0x4205: return 19; case 0x4206: return 20;
	case 0x4207: return 21; case 0x4208: return 22; case 0x4209: return 23; case 0x420a: return 24;
	case 0x420b: return 25; case 12: return 26; case 13: return 27; case 14: return 28;
	case 15: return 29; case 18: return 30; case 19: return 31; case 21: return 32;
	case 25: return 33; case 26: return 34; case 30: return 35; case 31: return 36;
	case 32: return 37; case 33: return 38;
	}
	return 0;
}

static __always_inline void fill_simple(struct aux *a, __u8 filler, struct task_struct *t,
					struct pt_regs *regs, __s64 ret, __u32 nr, __u16 ppm_sc,
					int skip_dev_ino)
{
	switch (filler) {
	case F_GENERIC:
		rec_u16(a, ppm_sc);
		rec_u16(a, nr);
		break;
	case F_OPEN:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u32(a, open_flags_to_ppm(sys_arg(regs, 1)));
		rec_u32(a, sys_arg(regs, 2));
		rec_dev_ino(a, t, ret, skip_dev_ino);
		break;
	case F_OPENAT:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u32(a, open_flags_to_ppm(sys_arg(regs, 2)));
		rec_u32(a, sys_arg(regs, 3));
		rec_dev_ino(a, t, ret, skip_dev_ino);
		break;
	case F_OPENAT2: {
		__u64 how[3] = {};
		bpf_probe_read_user(how, sizeof(how), (void *)sys_arg(regs, 2));
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u32(a, open_flags_to_ppm(how[0]));
		rec_u32(a, how[1]);
		rec_u32(a, how[2]);
		rec_dev_ino(a, t, ret, skip_dev_ino);
		break;
	}
	case F_CREAT:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		rec_dev_ino(a, t, ret, skip_dev_ino);
		rec_u16(a, 0);
		break;
	case F_CLOSE:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		break;
	case F_SOCKET:
		rec_u64(a, ret);
		rec_u32(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		rec_u32(a, sys_arg(regs, 2));
		rec_u32(a, 0);
		break;
	case F_CONNECT:
		rec_u64(a, ret);
		if (ret == 0 || ret == -115 /* EINPROGRESS */)
			rec_socktuple(a, fd_arg(regs, 0), 0);
		else
			rec_empty(a);
		rec_u64(a, fd_arg(regs, 0));
		rec_sockaddr(a, sys_arg(regs, 1), sys_arg(regs, 2));
		break;
	case F_ACCEPT:
		rec_u64(a, ret);
		if (ret >= 0)
			rec_socktuple(a, ret, 1);
		else
			rec_empty(a);
		rec_u8(a, 0);
		rec_u32(a, 0);
		rec_u32(a, 0);
		if (nr == 288)
			rec_u32(a, sys_arg(regs, 3));
		break;
	case F_BIND:
		rec_u64(a, ret);
		rec_sockaddr(a, sys_arg(regs, 1), sys_arg(regs, 2));
		rec_u64(a, fd_arg(regs, 0));
		break;
	case F_LISTEN:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		break;
	case F_DUP:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		break;
	case F_DUP2:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u64(a, fd_arg(regs, 1));
		break;
	case F_DUP3:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u64(a, fd_arg(regs, 1));
		rec_u32(a, (sys_arg(regs, 2) & 02000000) ? (1 << 12) : 0);
		break;
	case F_CHDIR:
	case F_UNLINK:
	case F_RES_PATH:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		break;
	case F_FCHDIR:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		break;
	case F_SYMLINK:
	case F_RES_PATH2:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		break;
	case F_SYMLINKAT:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u64(a, fd_arg(regs, 1));
		rec_user_str(a, sys_arg(regs, 2));
		break;
	case F_UNLINKAT:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u32(a, sys_arg(regs, 2));
		break;
	case F_PTRACE: {
		__u8 *out;
		rec_u64(a, ret);
		for (int i = 2; i <= 3; i++) {
			out = &a->data[a->pos & AUX_MASK];
			__u64 v = sys_arg(regs, i);
			out[0] = 0;
			__builtin_memcpy(&out[1], &v, 8);
			a->pos += 9;
			rec_len(a, 9);
		}
		rec_u16(a, ptrace_req_to_ppm(sys_arg(regs, 0)));
		rec_u64(a, (__s64)(__s32)sys_arg(regs, 1));
		break;
	}
	case F_MEMFD_CREATE:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		break;
	case F_SETUID:
		rec_u64(a, ret);
		rec_u32(a, sys_arg(regs, 0));
		break;
	case F_RES_AT2:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u64(a, fd_arg(regs, 2));
		rec_user_str(a, sys_arg(regs, 3));
		if (a->nparams > 5)
			rec_u32(a, sys_arg(regs, 4));
		break;
	case F_MKDIR:
	case F_CHMOD:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		break;
	case F_MKDIRAT:
	case F_FCHMODAT:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u32(a, sys_arg(regs, 2));
		break;
	case F_FCHMOD:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		break;
	case F_KILL:
		rec_u64(a, ret);
		rec_u64(a, (__s64)(__s32)sys_arg(regs, 0));
		rec_u8(a, sys_arg(regs, 1));
		break;
	case F_TGKILL:
		rec_u64(a, ret);
		rec_u64(a, (__s64)(__s32)sys_arg(regs, 0));
		rec_u64(a, (__s64)(__s32)sys_arg(regs, 1));
		rec_u8(a, sys_arg(regs, 2));
		break;
	case F_SETRESID:
		rec_u64(a, ret);
		rec_u32(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		rec_u32(a, sys_arg(regs, 2));
		break;
	case F_PIPE: {
		__s32 fds[2] = {-1, -1};
		bpf_probe_read_user(fds, sizeof(fds), (void *)sys_arg(regs, 0));
		rec_u64(a, ret);
		rec_u64(a, fds[0]);
		rec_u64(a, fds[1]);
		rec_u64(a, 0);
		if (nr == 293)
			rec_u32(a, 0);
		break;
	}
	case F_BPF:
		rec_u64(a, ret);
		rec_u64(a, sys_arg(regs, 0));
		break;
	case F_FINIT_MODULE:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_u32(a, sys_arg(regs, 2));
		break;
	case F_INIT_MODULE:
		rec_u64(a, ret);
		rec_empty(a);
		rec_u64(a, sys_arg(regs, 1));
		rec_user_str(a, sys_arg(regs, 2));
		break;
	case F_PRCTL:
		rec_u64(a, ret);
		rec_u32(a, sys_arg(regs, 0));
		if (sys_arg(regs, 0) == 15 /* PR_SET_NAME */) {
			rec_user_str(a, sys_arg(regs, 1));
			rec_u64(a, 0);
		} else {
			rec_empty(a);
			rec_u64(a, sys_arg(regs, 1));
		}
		break;
	case F_MOUNT:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_user_str(a, sys_arg(regs, 1));
		rec_user_str(a, sys_arg(regs, 2));
		rec_u32(a, sys_arg(regs, 3));
		break;
	case F_UMOUNT2:
		rec_u64(a, ret);
		rec_user_str(a, sys_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 1));
		break;
	case F_SENDTO:
		rec_u64(a, ret);
		rec_snap(a, sys_arg(regs, 1), ret > 0 ? ret : sys_arg(regs, 2));
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 2));
		rec_socktuple(a, fd_arg(regs, 0), 0);
		break;
	case F_RECVFROM:
		rec_u64(a, ret);
		rec_snap(a, sys_arg(regs, 1), ret > 0 ? ret : 0);
		rec_socktuple(a, fd_arg(regs, 0), 1);
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, sys_arg(regs, 2));
		break;
	case F_SENDMSG:
		rec_u64(a, ret);
		rec_msg_data(a, sys_arg(regs, 1), ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, ret > 0 ? ret : 0);
		rec_socktuple(a, fd_arg(regs, 0), 0);
		break;
	case F_RECVMSG:
		rec_u64(a, ret);
		rec_u32(a, ret > 0 ? ret : 0);
		rec_msg_data(a, sys_arg(regs, 1), ret);
		rec_socktuple(a, fd_arg(regs, 0), 1);
		rec_empty(a);
		rec_u64(a, fd_arg(regs, 0));
		break;
	case F_SETNS:
		rec_u64(a, ret);
		rec_u64(a, fd_arg(regs, 0));
		rec_u32(a, clone_flags_to_ppm(sys_arg(regs, 1)));
		break;
	case F_UNSHARE:
		rec_u64(a, ret);
		rec_u32(a, clone_flags_to_ppm(sys_arg(regs, 0)));
		break;
	case F_USERFAULTFD:
		rec_u64(a, ret);
		rec_u32(a, open_flags_to_ppm(sys_arg(regs, 0)));
		break;
	}
}

SEC("tp_btf/sys_exit")
int falcoc_sys_exit(__u64 *ctx)
{
	/* The tracepoint's arguments: (struct pt_regs *regs, long ret). */
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	__s64 ret = (__s64)ctx[1];
	__u32 nr = regs->orig_ax;
	if (nr >= SYSCALL_TABLE_SIZE)
		return 0;
	struct syscall_entry *e = bpf_map_lookup_elem(&syscall_table, &nr);
	if (!e || !e->interesting) {
		count(CNT_SKIPPED);
		return 0;
	}
	struct settings *s = settings();
	/* The typed task gives the ids by plain loads, and the fillers its fd table. */
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 tgid = t->tgid;
	if (s && tgid == s->agent_tgid)
		return 0;
	__u64 pid_tgid = ((__u64)tgid << 32) | (__u32)t->pid;
	struct aux *a = aux_get();
	if (!a)
		return 0;
	__u8 filler = e->filler;
	__u16 code = e->code;
	if (filler == F_NONE) {
		filler = F_GENERIC;
		code = 1;
	}
	switch (filler) {
	case F_EXECVE:
		rec_start(a, code, nr == 59 ? 31 : 30);
		fill_execve(a, regs, ret, nr == 59);
		break;
	case F_CLONE:
		rec_start(a, code, 21);
		fill_clone(a, regs, ret, nr);
		break;
	default: {
		__u32 n = 0;
		switch (filler) {
		case F_GENERIC: n = 2; break;
		case F_OPEN: n = 6; break;
		case F_OPENAT: n = 7; break;
		case F_OPENAT2: n = 8; break;
		case F_CREAT: n = 6; break;
		case F_SOCKET: n = 5; break;
		case F_CONNECT: n = 4; break;
		case F_ACCEPT: n = nr == 288 ? 6 : 5; break;
		case F_BIND: case F_LISTEN: case F_DUP2: n = 3; break;
		case F_DUP3: case F_SYMLINKAT: case F_UNLINKAT: case F_MKDIRAT: case F_FCHMODAT: n = 4; break;
		case F_PTRACE: n = 5; break;
		case F_SYMLINK: case F_RES_PATH2: case F_MEMFD_CREATE: case F_MKDIR: case F_CHMOD:
		case F_FCHMOD: case F_KILL: case F_UMOUNT2: n = 3; break;
		case F_INIT_MODULE: case F_PRCTL: n = 4; break;
		case F_MOUNT: case F_SENDTO: case F_RECVFROM: case F_SENDMSG: n = 5; break;
		case F_RECVMSG: n = 6; break;
		case F_SETNS: n = 3; break;
		case F_RES_AT2: n = (nr == 264) ? 5 : 6; break;
		case F_TGKILL: case F_SETRESID: case F_FINIT_MODULE: n = 4; break;
		case F_PIPE: n = nr == 293 ? 5 : 4; break;
		default: n = 2; break;
		}
		rec_start(a, code, n);
		fill_simple(a, filler, t, regs, ret, nr, e->ppm_sc, s && s->skip_dev_ino);
		break;
	}
	}
	rec_send(a, s, pid_tgid);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int falcoc_sched_process_exit(__u64 *ctx)
{
	struct task_struct *t = (struct task_struct *)ctx[0];
	struct settings *s = settings();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if (s && (pid_tgid >> 32) == s->agent_tgid)
		return 0;
	struct aux *a = aux_get();
	if (!a)
		return 0;
	__s64 code = t->exit_code;
	rec_start(a, PPME_PROCEXIT_1_E, 5);
	rec_u64(a, code);
	rec_u64(a, (code >> 8) & 0xff);
	rec_u8(a, code & 0x7f);
	rec_u8(a, (code & 0x80) ? 1 : 0);
	rec_u64(a, 0);
	rec_send(a, s, pid_tgid);
	return 0;
}
