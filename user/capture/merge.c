// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time-ordered merge of record streams. Each stream (one CPU's batches, one CPU's ring, one
 * namespace's ring) is already in time order; only their interleaving is lost on the way
 * through the rings, so a k-way merge of FIFO queues restores it exactly without sorting.
 *
 * A stream is filled either by the thread that runs the merge (a growable queue) or by one
 * reader thread of its own (a fixed single-producer, single-consumer ring, the inbox): then
 * the reader also says up to when its stream is complete, since the merge cannot see what
 * still waits in the reader's kernel ring.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "capture/merge.h"

/*
 * Bytes queued over all growable streams before the oldest record goes out without waiting
 * for its turn: a reader that cannot keep up must not grow without bound while one stream
 * waits for an idle one. 64 MB is far more than a few milliseconds of records at any rate a
 * reader keeps up with. Inboxes are bounded by their size instead: a full one makes its
 * reader wait, and the kernel ring behind it counts what it then cannot take.
 */
#define TL_MERGE_MAX_BYTES (64u << 20)

/* An inbox record that would cross the end is preceded by this, filling the end up. */
struct tl_pad {
	uint8_t zero; /* where a record has its version, never 0 */
	uint8_t pad[3];
	uint32_t len; /* bytes to skip, up to the end of the inbox */
};

struct tl_inbox {
	_Alignas(64) _Atomic uint64_t wpos; /* bytes ever written: the reader's */
	_Atomic uint64_t safe_ns;	    /* nothing stamped <= this is still to come */
	_Alignas(64) _Atomic uint64_t rpos; /* bytes ever taken: the merge's */
	uint64_t cap;			    /* power of two */
	uint8_t *buf;
};

struct tl_stream {
	uint8_t *buf;
	size_t cap, head, tail; /* queued records are buf[head, tail) */
	struct tl_inbox *in;	/* a reader thread's stream, else NULL */
};

struct tl_merge {
	tl_merge_fn fn;
	void *ctx;
	unsigned int n;
	size_t queued;
	uint64_t forced;
	struct tl_stream *s;
};

int tl_merge_new(unsigned int streams, tl_merge_fn fn, void *ctx, struct tl_merge **out)
{
	struct tl_merge *m;

	if (!streams)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->s = calloc(streams, sizeof(*m->s));
	if (!m->s) {
		free(m);
		return -ENOMEM;
	}
	m->n = streams;
	m->fn = fn;
	m->ctx = ctx;
	*out = m;
	return 0;
}

int tl_merge_inbox(struct tl_merge *m, unsigned int stream, size_t bytes)
{
	struct tl_inbox *in;
	uint64_t cap = 4096;

	if (stream >= m->n || m->s[stream].in || m->s[stream].tail)
		return -EINVAL;
	while (cap < bytes)
		cap *= 2;
	in = aligned_alloc(64, sizeof(*in));
	if (!in)
		return -ENOMEM;
	memset(in, 0, sizeof(*in));
	in->cap = cap;
	in->buf = malloc(cap);
	if (!in->buf) {
		free(in);
		return -ENOMEM;
	}
	m->s[stream].in = in;
	return 0;
}

int tl_merge_feed(struct tl_merge *m, unsigned int stream, const struct tl_record *r)
{
	struct tl_inbox *in = stream < m->n ? m->s[stream].in : NULL;
	uint64_t w, rd, off, pad = 0, size = r->size;

	if (!in || !size || size > in->cap / 4)
		return -EINVAL;
	w = atomic_load_explicit(&in->wpos, memory_order_relaxed);
	rd = atomic_load_explicit(&in->rpos, memory_order_acquire);
	off = w & (in->cap - 1);
	if (off + size > in->cap)
		pad = in->cap - off;
	if (in->cap - (w - rd) < pad + size)
		return -ENOSPC;
	if (pad) {
		struct tl_pad p = { .len = (uint32_t)pad };

		memcpy(in->buf + off, &p, sizeof(p));
		off = 0;
	}
	memcpy(in->buf + off, r, size);
	/* Release: the merge sees the bytes before it sees the position move. */
	atomic_store_explicit(&in->wpos, w + pad + size, memory_order_release);
	return 0;
}

void tl_merge_feed_safe(struct tl_merge *m, unsigned int stream, uint64_t safe_ns)
{
	if (stream < m->n && m->s[stream].in)
		atomic_store_explicit(&m->s[stream].in->safe_ns, safe_ns, memory_order_release);
}

/* The inbox's next record, or NULL when it is empty; skips the filler at the end. */
static const struct tl_record *inbox_head(struct tl_inbox *in)
{
	uint64_t rd = atomic_load_explicit(&in->rpos, memory_order_relaxed);
	uint64_t w = atomic_load_explicit(&in->wpos, memory_order_acquire);
	const uint8_t *p;

	if (rd == w)
		return NULL;
	p = in->buf + (rd & (in->cap - 1));
	if (!p[0]) {
		const struct tl_pad *pad = (const void *)p;

		rd += pad->len;
		atomic_store_explicit(&in->rpos, rd, memory_order_release);
		if (rd == w)
			return NULL;
		p = in->buf;
	}
	return (const struct tl_record *)p;
}

static const struct tl_record *head_of(struct tl_stream *st)
{
	if (st->in)
		return inbox_head(st->in);
	return st->head == st->tail ? NULL : (const struct tl_record *)(st->buf + st->head);
}

/* Hands on stream i's next record r (its head_of()). */
static void emit(struct tl_merge *m, unsigned int i, const struct tl_record *r)
{
	struct tl_stream *st = &m->s[i];
	size_t size = r->size;

	if (st->in) {
		/* The reader may overwrite the record once rpos moves: hand it on first. */
		m->fn(m->ctx, i, r);
		atomic_store_explicit(&st->in->rpos,
				      atomic_load_explicit(&st->in->rpos, memory_order_relaxed) +
					      size,
				      memory_order_release);
		return;
	}
	/* Advance first: fn may look at the merge (it must not push). */
	st->head += size;
	m->queued -= size;
	if (st->head == st->tail)
		st->head = st->tail = 0;
	m->fn(m->ctx, i, r);
}

int tl_merge_push(struct tl_merge *m, unsigned int stream, const struct tl_record *r)
{
	struct tl_stream *st;
	size_t size = r->size;

	if (stream >= m->n || m->s[stream].in)
		return -EINVAL;
	st = &m->s[stream];
	if (st->tail + size > st->cap) {
		if (st->head && st->head >= st->cap / 4) {
			/*
			 * The released part at the front is free again. Only once it is a quarter of
			 * the buffer: each byte then moves a few times in its life, where moving
			 * for every push moved the whole queue (up to TL_MERGE_MAX_BYTES) per record
			 * once the queue was full: 21 us a record with -A at 1400 bytes.
			 */
			memmove(st->buf, st->buf + st->head, st->tail - st->head);
			st->tail -= st->head;
			st->head = 0;
		}
		if (st->tail + size > st->cap) {
			size_t cap = st->cap ? st->cap * 2 : 64 * 1024;
			uint8_t *b;

			while (cap < st->tail + size)
				cap *= 2;
			b = realloc(st->buf, cap);
			if (!b)
				return -ENOMEM;
			st->buf = b;
			st->cap = cap;
		}
	}
	/* Emitting reads head_of() in place: the buffer keeps records 8-byte aligned since
	 * every record's size is a multiple of 8 (checked by the ring reader). */
	memcpy(st->buf + st->tail, r, size);
	st->tail += size;
	m->queued += size;
	while (m->queued > TL_MERGE_MAX_BYTES) {
		/* The oldest queued record of the growable streams goes, in time order. */
		const struct tl_record *best = NULL, *h;
		unsigned int bi = 0;

		for (unsigned int i = 0; i < m->n; i++) {
			if (m->s[i].in || !(h = head_of(&m->s[i])))
				continue;
			if (!best || h->ts_ns < best->ts_ns) {
				best = h;
				bi = i;
			}
		}
		if (!best)
			break; /* cannot happen: the bytes queued are in some growable stream */
		m->forced++;
		emit(m, bi, best);
	}
	return 0;
}

/*
 * Hands on records while the oldest head is no younger than anything still to come: every
 * other stream's head (its later records are younger still) and, for an empty stream, the
 * time up to which it is complete. Records of the oldest stream go in a run as long as they
 * stay within that bound, so the streams are scanned once per run, not once per record.
 */
static void release(struct tl_merge *m, uint64_t safe_ns)
{
	for (;;) {
		const struct tl_record *best = NULL, *h;
		uint64_t bound = UINT64_MAX;
		unsigned int bi = 0;

		for (unsigned int i = 0; i < m->n; i++) {
			struct tl_stream *st = &m->s[i];
			uint64_t complete = safe_ns;

			/* An inbox's safe time before its emptiness: what the time covers is in
			 * the inbox by the time it is published. */
			if (st->in)
				complete = atomic_load_explicit(&st->in->safe_ns,
								memory_order_acquire);
			h = head_of(st);
			if (!h) {
				if (complete < bound)
					bound = complete;
			} else if (!best || h->ts_ns < best->ts_ns) {
				best = h;
				bi = i;
			}
		}
		if (!best)
			return;
		for (unsigned int i = 0; i < m->n; i++) {
			uint64_t lim;

			if (i == bi || !(h = head_of(&m->s[i])))
				continue;
			/* A tie goes to the lower stream. */
			lim = i < bi && h->ts_ns ? h->ts_ns - 1 : h->ts_ns;
			if (lim < bound)
				bound = lim;
		}
		if (best->ts_ns > bound)
			return;
		do {
			emit(m, bi, best);
			best = head_of(&m->s[bi]);
		} while (best && best->ts_ns <= bound);
	}
}

void tl_merge_release(struct tl_merge *m, uint64_t safe_ns)
{
	release(m, safe_ns);
}

void tl_merge_flush(struct tl_merge *m)
{
	/* Everything queued, in order; inboxes count as complete up to now. */
	for (;;) {
		const struct tl_record *best = NULL, *h;
		unsigned int bi = 0;

		for (unsigned int i = 0; i < m->n; i++) {
			h = head_of(&m->s[i]);
			if (h && (!best || h->ts_ns < best->ts_ns)) {
				best = h;
				bi = i;
			}
		}
		if (!best)
			return;
		emit(m, bi, best);
	}
}

uint64_t tl_merge_forced(const struct tl_merge *m)
{
	return m->forced;
}

void tl_merge_free(struct tl_merge *m)
{
	if (!m)
		return;
	for (unsigned int i = 0; i < m->n; i++) {
		free(m->s[i].buf);
		if (m->s[i].in) {
			free(m->s[i].in->buf);
			free(m->s[i].in);
		}
	}
	free(m->s);
	free(m);
}
