// SPDX-License-Identifier: GPL-2.0-only
/* Ring-buffer consumer: validates each sample before anyone looks inside it. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "capture/clock.h"
#include "log.h"
#include "capture/merge.h"
#include "capture/ring.h"

/* One ring the kernel writes: the shared one, or CPU cpu's with --rings percpu. */
struct tl_ring_src {
	struct tl_ring *r;
	unsigned int cpu;
	int fd;			 /* a per-CPU ring we created, else -1 */
	struct ring_buffer *own; /* its reader thread's view of it */
	pthread_t thread;
	bool thread_up;
	bool fed;     /* records went to the inbox since the last wake-up */
	uint64_t bad; /* records dropped here: malformed, or no room to queue them */
	/* Records read and their bytes, for --debug: what the chosen outputs cost the ring. */
	uint64_t records, bytes;
};

struct tl_ring {
	struct ring_buffer *rb;
	tl_record_fn fn;
	void *ctx;
	struct tl_merge *merge;
	unsigned int base; /* the merge stream of CPU 0 */
	/* The merge stream of CPU 0's kernel events: a CPU's events reach the ring at once, its
	 * segments later in batches, so each needs a stream of its own to stay in time order. */
	unsigned int ev_base;
	unsigned int ncpu;
	unsigned int n_src;
	struct tl_ring_src *src;
	const struct tl_pending *pending; /* n_pending CPUs' batches not in the ring yet */
	unsigned int n_pending;
	/* --rings percpu: one reader thread per CPU ring feeds the merge's inbox for it */
	uint64_t hold_ns;
	int wake_fd;
	atomic_bool stop;
};

/* Wakes the merge's thread; a full eventfd counter only means it is awake already. */
static void wake(struct tl_ring *r)
{
	uint64_t one = 1;

	if (r->wake_fd >= 0 && write(r->wake_fd, &one, sizeof(one)) < 0)
		return;
}

/*
 * Hands one valid record on: to fn, to the merge's queue for its CPU, or, read from a
 * per-CPU ring, to that CPU's inbox. A full inbox makes its reader thread wait (the merge's
 * thread is behind); meanwhile the kernel ring fills and counts what it cannot take. When the
 * threads are gone, the final drain runs in the merge's own thread: then a full inbox is
 * emptied on the spot. Returns 0, or -1 when the reader is told to stop.
 */
static int deliver(struct tl_ring_src *src, unsigned int stream, const struct tl_record *rec)
{
	struct tl_ring *r = src->r;
	int err;

	if (!r->merge) {
		r->fn(r->ctx, rec);
		return 0;
	}
	if (!src->own) {
		if (tl_merge_push(r->merge, stream, rec))
			src->bad++; /* out of memory: lost here, and counted */
		return 0;
	}
	while ((err = tl_merge_feed(r->merge, r->base + src->cpu, rec)) == -ENOSPC) {
		if (!src->thread_up) {
			tl_merge_flush(r->merge);
			continue;
		}
		if (atomic_load(&r->stop))
			return -1;
		wake(r);
		usleep(200);
	}
	if (err)
		src->bad++;
	src->fed = true;
	return 0;
}

/* The merge orders events by the same two fields it orders records by. */
_Static_assert(__builtin_offsetof(struct tl_event_hdr, size) ==
			       __builtin_offsetof(struct tl_record, size) &&
		       __builtin_offsetof(struct tl_event_hdr, ts_ns) ==
			       __builtin_offsetof(struct tl_record, ts_ns),
	       "events and records must share size and ts_ns");

/* A kernel event (bpf/events.bpf.c): one per sample, its header naming its CPU. */
static int on_event(struct tl_ring_src *src, const struct tl_event_hdr *h, size_t len)
{
	struct tl_ring *r = src->r;

	if (len < sizeof(*h) || h->size < sizeof(*h) || h->size > len || (h->size & 7) ||
	    (r->merge && h->cpu >= r->ncpu)) {
		src->bad++;
		return 0;
	}
	deliver(src, r->ev_base + h->cpu, (const struct tl_record *)h);
	return 0;
}

/*
 * One ring sample holds one record, a batch (a struct tl_batch_hdr naming the CPU, then
 * records back to back, each record's size saying where the next one starts), or one
 * kernel event.
 */
static int on_sample(void *ctx, void *data, size_t len)
{
	struct tl_ring_src *src = ctx;
	const uint8_t *p = data;
	unsigned int cpu = src->cpu;

	if (len && p[0] == TL_EVENT_MARK)
		return on_event(src, data, len);
	if (len >= sizeof(struct tl_batch_hdr) && p[0] == TL_BATCH_MARK) {
		const struct tl_batch_hdr *h = data;

		if (h->size != sizeof(*h) || h->cpu >= src->r->ncpu) {
			src->bad++;
			return 0;
		}
		cpu = h->cpu;
		p += sizeof(*h);
		len -= sizeof(*h);
	}
	while (len >= TL_RECORD_HDR) {
		const struct tl_record *rec = (const void *)p;

		/* A record from a newer or corrupted producer must not be read past its end. */
		if (rec->version != TL_RECORD_VERSION || rec->size > len || (rec->size & 7) ||
		    (rec->family != 4 && rec->family != 6) || rec->opt_len > TL_OPT_MAX ||
		    rec->size < TL_RECORD_HDR + TL_ADDR_LEN(rec->family) + rec->opt_len) {
			src->bad++;
			return 0;
		}
		src->records++;
		src->bytes += rec->size;
		if (deliver(src, src->r->base + cpu, rec))
			return 0;
		p += rec->size;
		len -= rec->size;
	}
	return 0;
}

/* The time stamp of CPU cpu's batch still waiting for its flush, or 0. */
static uint64_t pending_first(const struct tl_ring *r, unsigned int cpu)
{
	if (cpu >= r->n_pending)
		return 0;
	/* Acquire: a batch the flush took off the list is in the ring for what we read next. */
	return __atomic_load_n(&r->pending[cpu].first_ns, __ATOMIC_ACQUIRE);
}

void tl_ring_set_pending(struct tl_ring *r, const struct tl_pending *p, unsigned int ncpu)
{
	r->pending = p;
	r->n_pending = p ? (ncpu < TL_PENDING_CPUS ? ncpu : TL_PENDING_CPUS) : 0;
}

uint64_t tl_ring_pending_bound(const struct tl_ring *r, uint64_t safe)
{
	for (unsigned int i = 0; i < r->n_pending; i++) {
		uint64_t f = pending_first(r, i);

		if (f && f - 1 < safe)
			safe = f - 1;
	}
	return safe;
}

/*
 * Drains its CPU's ring into the inbox until the ring is empty, then tells the merge that
 * everything stamped before the last (empty) look is in, less the hold (the moment between
 * the hook's clock read and its ring write) and but for a batch still pending.
 */
static void *reader_thread(void *arg)
{
	struct tl_ring_src *src = arg;
	struct tl_ring *r = src->r;

	while (!atomic_load(&r->stop)) {
		uint64_t t, first, safe;
		int n;

		/* An idle CPU's reader still says every 10 ms that its stream is complete:
		 * the other CPUs' records wait for that, in inboxes of ~0.1 s at 1 Mpps. */
		ring_buffer__poll(src->own, 10);
		do {
			t = tl_clock_mono_ns();
			first = pending_first(r, src->cpu);
			n = ring_buffer__consume(src->own);
		} while (n > 0 && !atomic_load(&r->stop));
		safe = t > r->hold_ns ? t - r->hold_ns : 0;
		if (first && first - 1 < safe)
			safe = first - 1;
		if (n == 0)
			tl_merge_feed_safe(r->merge, r->base + src->cpu, safe);
		if (src->fed) {
			src->fed = false;
			wake(r);
		}
	}
	return NULL;
}

static struct tl_ring *ring_new(tl_record_fn fn, void *ctx, unsigned int n_src)
{
	struct tl_ring *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->src = calloc(n_src, sizeof(*r->src));
	if (!r->src) {
		free(r);
		return NULL;
	}
	r->fn = fn;
	r->ctx = ctx;
	r->n_src = n_src;
	r->ncpu = 1;
	r->wake_fd = -1;
	for (unsigned int i = 0; i < n_src; i++)
		r->src[i] = (struct tl_ring_src){ .r = r, .cpu = i, .fd = -1 };
	return r;
}

int tl_ring_open(int map_fd, tl_record_fn fn, void *ctx, struct tl_ring **out)
{
	struct tl_ring *r = ring_new(fn, ctx, 1);
	int err;

	if (!r)
		return -ENOMEM;
	r->rb = ring_buffer__new(map_fd, on_sample, &r->src[0], NULL);
	if (!r->rb) {
		err = -errno;
		tl_ring_close(r);
		return err;
	}
	*out = r;
	return 0;
}

int tl_ring_open_percpu(int shared_fd, int outer_fd, unsigned int ncpu, uint32_t bytes,
			tl_record_fn fn, void *ctx, struct tl_ring **out)
{
	struct tl_ring *r = ring_new(fn, ctx, ncpu + 1);
	int err = 0;

	if (!r)
		return -ENOMEM;
	r->ncpu = ncpu;
	/* The shared ring stays: a CPU beyond the outer map's size writes there. */
	r->src[ncpu].cpu = 0;
	r->rb = ring_buffer__new(shared_fd, on_sample, &r->src[ncpu], NULL);
	if (!r->rb)
		err = -errno;
	for (unsigned int i = 0; !err && i < ncpu; i++) {
		struct tl_ring_src *s = &r->src[i];

		s->fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "tl_cpu_ring", 0, 0, bytes, NULL);
		if (s->fd >= 0 && !bpf_map_update_elem(outer_fd, &i, &s->fd, BPF_ANY))
			s->own = ring_buffer__new(s->fd, on_sample, s, NULL);
		if (!s->own)
			err = -errno;
	}
	if (err) {
		tl_ring_close(r);
		return err;
	}
	*out = r;
	return 0;
}

void tl_ring_set_merge(struct tl_ring *r, struct tl_merge *m, unsigned int base, unsigned int ncpu)
{
	r->merge = m;
	r->base = base;
	r->ev_base = base;
	if (r->n_src == 1)
		r->ncpu = ncpu; /* batch headers name CPUs below it */
}

void tl_ring_set_event_streams(struct tl_ring *r, unsigned int ev_base)
{
	r->ev_base = ev_base;
}

int tl_ring_start_readers(struct tl_ring *r, uint64_t hold_ns, int wake_fd, size_t inbox)
{
	int err = 0;

	r->hold_ns = hold_ns;
	r->wake_fd = wake_fd;
	for (unsigned int i = 0; !err && i < r->n_src; i++)
		if (r->src[i].own)
			err = tl_merge_inbox(r->merge, r->base + r->src[i].cpu, inbox);
	for (unsigned int i = 0; !err && i < r->n_src; i++) {
		struct tl_ring_src *s = &r->src[i];

		if (!s->own)
			continue;
		err = -pthread_create(&s->thread, NULL, reader_thread, s);
		s->thread_up = !err;
	}
	return err;
}

/* The reader threads finish their round and end; their rings are drained by the caller. */
static void stop_readers(struct tl_ring *r)
{
	atomic_store(&r->stop, true);
	for (unsigned int i = 0; i < r->n_src; i++) {
		if (!r->src[i].thread_up)
			continue;
		pthread_join(r->src[i].thread, NULL);
		r->src[i].thread_up = false;
	}
}

int tl_ring_epoll_fd(const struct tl_ring *r)
{
	return ring_buffer__epoll_fd(r->rb);
}

int tl_ring_poll(struct tl_ring *r, int timeout_ms)
{
	int n = ring_buffer__poll(r->rb, timeout_ms);

	if (n < 0 && n != -EINTR)
		return n;
	return ring_buffer__consume(r->rb);
}

void tl_ring_set_fn(struct tl_ring *r, tl_record_fn fn, void *ctx)
{
	r->fn = fn;
	r->ctx = ctx;
}

int tl_ring_drain(struct tl_ring *r)
{
	int n = 0;

	/* Per-CPU rings: the threads stop first, then this thread empties the rings. */
	stop_readers(r);
	for (unsigned int i = 0; i < r->n_src; i++)
		if (r->src[i].own && r->merge)
			n += ring_buffer__consume(r->src[i].own);
	return n + ring_buffer__consume(r->rb);
}

uint64_t tl_ring_bad(const struct tl_ring *r)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < r->n_src; i++)
		n += r->src[i].bad;
	return n;
}

void tl_ring_close(struct tl_ring *r)
{
	uint64_t records = 0, bytes = 0;

	if (!r)
		return;
	stop_readers(r);
	for (unsigned int i = 0; i < r->n_src; i++) {
		records += r->src[i].records;
		bytes += r->src[i].bytes;
	}
	tl_debug("ring: %llu records, %llu bytes", (unsigned long long)records,
		 (unsigned long long)bytes);
	ring_buffer__free(r->rb);
	for (unsigned int i = 0; i < r->n_src; i++) {
		ring_buffer__free(r->src[i].own);
		if (r->src[i].fd >= 0)
			close(r->src[i].fd);
	}
	free(r->src);
	free(r);
}
