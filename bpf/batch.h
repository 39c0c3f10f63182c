/* SPDX-License-Identifier: GPL-2.0-only */
/* Record output: the ring buffers (one shared, or one per CPU), the per-CPU batch that gathers
 * records into one ring sample, its flush timer, and records that carry frame bytes. */
#ifndef TL_BPF_BATCH_H
#define TL_BPF_BATCH_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "tcplens.h"
#include "parse.h"
#include "stats.h"

/* Wake the reader once this many bytes wait in the ring; it also polls with a timeout. */
const volatile __u32 cfg_wakeup_bytes = 65536;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

/*
 * --rings percpu: each CPU writes to a ring of its own, so CPUs never wait for one another
 * on a ring's lock and each ring has a single writer. User space sets max_entries to the
 * number of possible CPUs and puts one ring per CPU in before attaching; a CPU without one
 * writes to events.
 */
struct tl_cpu_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct tl_cpu_ring);
} cpu_rings SEC(".maps");

const volatile __u32 cfg_cpu_rings = 0;

/*
 * Live hooks can gather records per CPU and write them as one ring sample
 * (user/capture/ring.c walks back-to-back records): one ring reservation per batch instead of
 * one per record. 0 writes each record on its own. A batch goes out when the next record
 * would overflow cfg_batch_bytes, when a record finds the batch's first one cfg_batch_ns old,
 * or from a timer cfg_batch_ns after its first record, so a quiet link still delivers.
 */
const volatile __u32 cfg_batch_bytes = 0;
const volatile __u64 cfg_batch_ns = 5000000;
/* Tests only: the flush timer this much later, as softirqs run on a loaded machine. */
const volatile __u64 cfg_flush_late_ns = 0;

#define TL_BATCH_MAX	4096 /* power of two: offsets into the batch are masked with it */
#define TL_CPU_MAX	TL_PENDING_CPUS /* CPUs with a flush timer; others' records go out alone */
#define TL_SAMPLE_BITS	10
#define TL_SAMPLE_SLOTS (1u << TL_SAMPLE_BITS)
#ifndef BPF_F_TIMER_CPU_PIN
#define BPF_F_TIMER_CPU_PIN (1ULL << 1) /* Linux 6.7; the UAPI headers may be older */
#endif

/*
 * Everything a hook needs per CPU. The stack (512 bytes) is too small for the parser. The
 * batch is touched only on its own CPU, by the hooks (softirq or bottom halves off) and by
 * its timer, pinned to the CPU, in softirq: they cannot interleave. busy covers the one
 * case where they could, a BPF_PROG_TEST_RUN in process context interrupted by the timer.
 */
struct tl_cpu {
	struct tl_parse_mem mem;
	struct tl_frame frame; /* a live hook's frame, see tl_handle */
	__u64 first_ns;	       /* time of the batch's first record */
	__u32 len;	       /* batch bytes */
	__u32 cnt;	       /* records in the batch */
	__u32 busy;
	__u32 timer_on; /* a flush is scheduled */
	__u32 timer_init;
	__u32 pad;
	__u8 batch[TL_BATCH_MAX + 8];
	/* --sample: segments seen per connection slot (a hash of both endpoints), per CPU */
	__u32 sample[TL_SAMPLE_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tl_cpu);
} scratch SEC(".maps");

/*
 * A record with frame bytes is built here, one buffer per CPU (user space sets max_entries to
 * the number of possible CPUs): too big for the batch or a per-CPU map value. Room for a
 * batch header, the record up to its frame section, TL_FRAME_MAX bytes and the padding
 * store after them, with every offset masked.
 */
#define TL_FRAME_BUF (256 + TL_FRAME_MAX + 8)
struct tl_frame_buf {
	__u8 b[TL_FRAME_BUF];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tl_frame_buf);
} frame_buf SEC(".maps");

struct tl_flush_timer {
	struct bpf_timer t;
};

/* Timers cannot live in per-CPU maps: one element per CPU, indexed by CPU number. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TL_CPU_MAX);
	__type(key, __u32);
	__type(value, struct tl_flush_timer);
} flush_timer SEC(".maps");

/*
 * Write size bytes at p to the ring. Wake the reader only when they cross the threshold: a
 * reader that is awake drains everything before it sleeps again (epoll reports a non-empty
 * ring), and a wakeup per record once the threshold is passed costs microseconds each.
 */
static __always_inline long tl_ring_write(void *ring, void *p, __u32 size)
{
	__u64 avail = bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA);
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (avail < cfg_wakeup_bytes && avail + size >= cfg_wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	return bpf_ringbuf_output(ring, p, size, flags);
}

static __always_inline long tl_ring_out(void *p, __u32 size)
{
	if (cfg_cpu_rings) {
		__u32 cpu = bpf_get_smp_processor_id();
		void *ring = bpf_map_lookup_elem(&cpu_rings, &cpu);

		if (ring)
			return tl_ring_write(ring, p, size);
	}
	return tl_ring_write(&events, p, size);
}

/* Read by user space (struct tl_pending says why); written only on its own CPU. */
struct tl_pending tl_pending[TL_CPU_MAX];

/* Say when this CPU's batch began (0: it has none). After a flush's ring write: the reader
 * that sees 0 finds the batch in the ring. */
static __always_inline void tl_pending_set(__u64 first_ns)
{
	__u32 cpu = bpf_get_smp_processor_id();

	if (cpu < TL_CPU_MAX)
		tl_pending[cpu].first_ns = first_ns;
}

/* The batch goes out as one sample; its records count as emitted or lost together. */
static __always_inline void tl_batch_flush(struct tl_cpu *c)
{
	__u32 len = c->len, cnt = c->cnt;

	c->len = 0;
	c->cnt = 0;
	if (!cnt)
		return;
	if (len <= TL_BATCH_MAX) { /* always; a bound for the verifier */
		if (tl_ring_out(c->batch, len))
			tl_count_n(TL_CNT_RING_FULL, cnt);
		else
			tl_count_n(TL_CNT_EMITTED, cnt);
	}
	tl_pending_set(0);
}

static int tl_flush_cb(void *map, __u32 *key, struct tl_flush_timer *t)
{
	__u32 zero = 0;
	struct tl_cpu *c = bpf_map_lookup_elem(&scratch, &zero);

	if (!c)
		return 0;
	if (c->busy) {
		/* A test run on this CPU is adding a record: look again shortly. */
		bpf_timer_start(&t->t, 100000, BPF_F_TIMER_CPU_PIN);
		return 0;
	}
	c->timer_on = 0;
	tl_batch_flush(c);
	return 0;
}

/* Schedule the flush of a batch that just got its first record; 0 when it is scheduled. */
static __always_inline int tl_batch_arm(struct tl_cpu *c)
{
	struct tl_flush_timer *t;
	__u32 cpu;

	/* Most records find the flush already scheduled: no lookup for them. */
	if (c->timer_on)
		return 0;
	cpu = bpf_get_smp_processor_id();
	t = bpf_map_lookup_elem(&flush_timer, &cpu);
	if (!t)
		return -1;
	if (!c->timer_init) {
		/* -EBUSY: another program of ours initialised it; the callback is the same. */
		bpf_timer_init(&t->t, &flush_timer, 1 /* CLOCK_MONOTONIC */);
		if (bpf_timer_set_callback(&t->t, tl_flush_cb))
			return -1;
		c->timer_init = 1;
	}
	if (bpf_timer_start(&t->t, cfg_batch_ns + cfg_flush_late_ns, BPF_F_TIMER_CPU_PIN))
		return -1;
	c->timer_on = 1;
	return 0;
}

/* Append the record (size bytes, a multiple of 8, <= TL_RECORD_MAX) to this CPU's batch. */
static __always_inline void tl_batch_add(struct tl_cpu *c, __u32 size, __u64 now, int trunc)
{
	__u32 max = cfg_batch_bytes, i, off;

	if (max > TL_BATCH_MAX)
		max = TL_BATCH_MAX;
	c->busy = 1;
	asm volatile("" ::: "memory");
	if (c->len + size > max)
		tl_batch_flush(c);
	if (!c->cnt) {
		/* User space needs the CPU to put this batch back in time order with others. */
		struct tl_batch_hdr *h = (struct tl_batch_hdr *)c->batch;

		h->mark = TL_BATCH_MARK;
		h->pad = 0;
		h->size = sizeof(*h);
		h->cpu = bpf_get_smp_processor_id();
		c->len = sizeof(*h);
	}
	off = c->len;
	for (i = 0; i < TL_RECORD_MAX; i += 8) {
		if (i >= size)
			break;
		*(__u64 *)(c->batch + ((off + i) & (TL_BATCH_MAX - 1))) =
			*(__u64 *)(c->mem.rec + i);
	}
	if (!c->cnt) {
		c->first_ns = now;
		tl_pending_set(now);
	}
	c->len = off + size;
	c->cnt++;
	if (trunc)
		tl_count(TL_CNT_TRUNCATED);
	if (c->len >= max || now - c->first_ns >= cfg_batch_ns || tl_batch_arm(c))
		tl_batch_flush(c);
	asm volatile("" ::: "memory");
	c->busy = 0;
}

/*
 * A record with want (1..TL_FRAME_MAX) frame bytes: too big for the batch, so it goes out
 * alone, after the batch so far (the CPU's records stay in order), built in frame_buf from
 * the record up to its section header (set by tl_frame_sect_put) and the frame from its link
 * header, read by the load helpers, which walk fragments.
 */
static __always_inline void tl_emit_frame(void *ctx, int xdp, struct tl_cpu *c, __u32 want)
{
	struct tl_record *rec = (struct tl_record *)c->mem.rec;
	__u32 cpu = bpf_get_smp_processor_id(), hdr = 0, size = rec->size, off, i, end;
	struct tl_frame_buf *fb = bpf_map_lookup_elem(&frame_buf, &cpu);
	int trunc = rec->l4_caplen < rec->l4_len || rec->ip_missing;
	long err;

	if (!fb || size > TL_RECORD_MAX || !want || want > TL_FRAME_MAX) {
		tl_count(TL_CNT_MALFORMED); /* cannot happen; bounds for the verifier */
		return;
	}
	if (cfg_batch_bytes) {
		struct tl_batch_hdr *h = (struct tl_batch_hdr *)fb->b;

		c->busy = 1;
		asm volatile("" ::: "memory");
		tl_batch_flush(c);
		asm volatile("" ::: "memory");
		c->busy = 0;
		h->mark = TL_BATCH_MARK;
		h->pad = 0;
		h->size = sizeof(*h);
		h->cpu = cpu;
		hdr = sizeof(*h);
	}
	for (i = 0; i < TL_RECORD_MAX; i += 8) {
		if (i >= size)
			break;
		*(__u64 *)(fb->b + ((hdr + i) & 255)) = *(__u64 *)(c->mem.rec + i);
	}
	off = (hdr + size) & 255;
	if (xdp)
		err = bpf_xdp_load_bytes(ctx, 0, fb->b + off, want);
	else
		err = bpf_skb_load_bytes(ctx, 0, fb->b + off, want);
	if (err) {
		tl_count(TL_CNT_MALFORMED);
		return;
	}
	end = off + want;
	*(__u64 *)(fb->b + (end & 0xffff)) = 0; /* padding */
	end = (end + 7) & ~7U;
	((struct tl_record *)(fb->b + (hdr & 255)))->size = end - hdr;
	if (tl_ring_out(fb->b, end))
		tl_count(TL_CNT_RING_FULL);
	else
		tl_count(TL_CNT_EMITTED);
	if (trunc)
		tl_count(TL_CNT_TRUNCATED);
}

#endif /* TL_BPF_BATCH_H */
