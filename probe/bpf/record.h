/* The event record writer: builds one event in the scap v2 event layout (ts, tid, len,
 * type, nparams, u16 parameter lengths, parameter data) in a per-cpu scratch buffer, then
 * copies it into a ring buffer in one bpf_ringbuf_output. */
#ifndef FALCOC_RECORD_H
#define FALCOC_RECORD_H

#define AUX_SIZE (128 * 1024)
#define AUX_HALF (64 * 1024)
#define AUX_MASK (AUX_HALF - 1)
#define HDR_LEN 26
#define MAX_PARAMS 32
#define MAX_STR 4096
#define MAX_STR_MASK (MAX_STR - 1)
#define MAX_CPUS 256

struct aux {
	__u8 data[AUX_SIZE];
	__u8 tmp[4096 * 2]; /* path assembly */
	__u64 pos;          /* next parameter byte */
	__u32 idx;          /* next parameter index */
	__u32 nparams;
	__u16 code;
	__u64 unwoken;      /* bytes this cpu sent since it last woke a reader */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_CPUS);
	__type(key, __u32);
	__type(value, struct aux);
} aux_maps SEC(".maps");

/* MAX_BUFFERS ring buffers; the loader sizes the first `n_buffers` and shrinks the rest to
 * one page. An event goes to buffer hash(tgid) % n_buffers, so one thread group's events
 * stay in order in one buffer. */
#define RINGBUF(i)                                         \
	struct {                                           \
		__uint(type, BPF_MAP_TYPE_RINGBUF);        \
		__uint(max_entries, 8 * 1024 * 1024);      \
	} events_##i SEC(".maps")
RINGBUF(0);
RINGBUF(1);
RINGBUF(2);
RINGBUF(3);
RINGBUF(4);
RINGBUF(5);
RINGBUF(6);
RINGBUF(7);
RINGBUF(8);
RINGBUF(9);
RINGBUF(10);
RINGBUF(11);
RINGBUF(12);
RINGBUF(13);
RINGBUF(14);
RINGBUF(15);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct settings);
} settings_map SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);
	if (c)
		*c += 1;
}

static __always_inline struct settings *settings(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&settings_map, &zero);
}

static __always_inline struct aux *aux_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&aux_maps, &cpu);
}

/* Starts an event of `code` with `nparams` parameters. */
static __always_inline void rec_start(struct aux *a, __u16 code, __u32 nparams)
{
	a->code = code;
	a->nparams = nparams;
	a->idx = 0;
	a->pos = HDR_LEN + 2 * (nparams & (MAX_PARAMS - 1));
}

static __always_inline void rec_len(struct aux *a, __u16 len)
{
	__u32 off = HDR_LEN + 2 * (a->idx & (MAX_PARAMS - 1));
	*(__u16 *)&a->data[off & AUX_MASK] = len;
	a->idx++;
}

static __always_inline void rec_u64(struct aux *a, __u64 v)
{
	*(__u64 *)&a->data[a->pos & AUX_MASK] = v;
	a->pos += 8;
	rec_len(a, 8);
}

static __always_inline void rec_u32(struct aux *a, __u32 v)
{
	*(__u32 *)&a->data[a->pos & AUX_MASK] = v;
	a->pos += 4;
	rec_len(a, 4);
}

static __always_inline void rec_u16(struct aux *a, __u16 v)
{
	*(__u16 *)&a->data[a->pos & AUX_MASK] = v;
	a->pos += 2;
	rec_len(a, 2);
}

static __always_inline void rec_u8(struct aux *a, __u8 v)
{
	a->data[a->pos & AUX_MASK] = v;
	a->pos += 1;
	rec_len(a, 1);
}

/* An empty parameter ("not available"). */
static __always_inline void rec_empty(struct aux *a)
{
	rec_len(a, 0);
}

/* A NUL-terminated user string (empty parameter when unreadable or NULL). */
static __always_inline void rec_user_str(struct aux *a, __u64 ptr)
{
	long n = 0;
	if (ptr)
		n = bpf_probe_read_user_str(&a->data[a->pos & AUX_MASK], MAX_STR, (void *)ptr);
	if (n <= 0) {
		rec_len(a, 0);
		return;
	}
	a->pos += n;
	rec_len(a, n);
}

/* A NUL-terminated kernel string. */
static __always_inline void rec_kernel_str(struct aux *a, const void *ptr, __u32 max)
{
	long n = bpf_probe_read_kernel_str(&a->data[a->pos & AUX_MASK], max & MAX_STR_MASK, ptr);
	if (n <= 0) {
		rec_len(a, 0);
		return;
	}
	a->pos += n;
	rec_len(a, n);
}

/* `len` bytes of user memory (a NUL-separated list like argv), at most MAX_STR. */
static __always_inline void rec_user_bytes(struct aux *a, __u64 ptr, __u64 len)
{
	if (!ptr || len == 0) {
		rec_len(a, 0);
		return;
	}
	if (len > MAX_STR)
		len = MAX_STR;
	len &= (MAX_STR * 2 - 1);
	if (bpf_probe_read_user(&a->data[a->pos & AUX_MASK], len, (void *)ptr) != 0) {
		rec_len(a, 0);
		return;
	}
	a->pos += len;
	rec_len(a, len);
}

/* Falco's default snaplen: the first bytes of an I/O buffer. */
#define SNAPLEN 80

/* The first min(len, SNAPLEN) bytes of a user buffer. */
static __always_inline void rec_snap(struct aux *a, __u64 ptr, __u64 len)
{
	if (len > SNAPLEN)
		len = SNAPLEN;
	rec_user_bytes(a, ptr, len);
}

/* Writes `len` bytes of `data` into ring buffer `rb` without waking its reader, unless
 * `wake_now`: the reader drains on its own poll timer, and is woken only once this cpu has
 * sent `wakeup_bytes` since its last wake-up (never once per event; no ring query per
 * event either). Returns bpf_ringbuf_output's result. */
static __always_inline long rb_submit(void *rb, void *data, __u64 len, int wake_now)
{
	return bpf_ringbuf_output(rb, data, len, wake_now ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

/* The buffer of thread group `tgid` among `n` (a multiplicative hash, so consecutive pids
 * spread evenly). */
static __always_inline __u32 buffer_of(__u32 tgid, __u32 n)
{
	if (n <= 1)
		return 0;
	return ((tgid * 2654435761u) >> 16) % n;
}

#define RB_CASE(i) \
	case i: return rb_submit(&events_##i, data, len, wake_now)

static __always_inline long rb_output(__u32 idx, void *data, __u64 len, int wake_now)
{
	switch (idx) {
	RB_CASE(0); RB_CASE(1); RB_CASE(2); RB_CASE(3);
	RB_CASE(4); RB_CASE(5); RB_CASE(6); RB_CASE(7);
	RB_CASE(8); RB_CASE(9); RB_CASE(10); RB_CASE(11);
	RB_CASE(12); RB_CASE(13); RB_CASE(14); RB_CASE(15);
	}
	return -1;
}

/* Sends the built event of the current thread (`pid_tgid`) to its thread group's ring
 * buffer, counting drops. */
static __always_inline void rec_send(struct aux *a, struct settings *s, __u64 pid_tgid)
{
	__u64 len = a->pos;
	__u64 boot = s ? s->boot_time_ns : 0;
	*(__u64 *)&a->data[0] = boot + bpf_ktime_get_boot_ns();
	*(__u64 *)&a->data[8] = pid_tgid & 0xffffffff;
	*(__u32 *)&a->data[16] = len;
	*(__u16 *)&a->data[20] = a->code;
	*(__u32 *)&a->data[22] = a->nparams;
	count(CNT_EVENTS);
	if (len > AUX_HALF) {
		count(CNT_DROPS_SIZE);
		return;
	}
	__u64 unwoken = a->unwoken + len;
	int wake_now = unwoken >= (s ? s->wakeup_bytes : 0);
	a->unwoken = wake_now ? 0 : unwoken;
	__u32 idx = buffer_of(pid_tgid >> 32, s ? s->n_buffers : 1);
	if (rb_output(idx, a->data, len, wake_now) != 0) {
		count(CNT_DROPS_BUFFER);
		count(CNT_DROPS_BUFFER_OF + idx);
	}
}

#endif
