// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time-ordered merge of record streams. Each stream (one CPU's batches, one CPU's ring, one
 * namespace's ring) is already in time order; only their interleaving is lost on the way
 * through the rings, so a k-way merge of FIFO queues restores it exactly without sorting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

/*
 * Bytes queued over all streams before the oldest record goes out without waiting for its
 * turn: a reader that cannot keep up must not grow without bound while one stream waits for
 * an idle one. 64 MB is far more than a few milliseconds of records at any rate a reader
 * keeps up with.
 */
#define TL_MERGE_MAX_BYTES (64u << 20)

struct tl_stream {
	uint8_t *buf;
	size_t cap, head, tail; /* queued records are buf[head, tail) */
};

struct tl_merge {
	tl_merge_fn fn;
	void *ctx;
	unsigned int n, nonempty;
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

static const struct tl_record *head_of(const struct tl_stream *st)
{
	return (const struct tl_record *)(st->buf + st->head);
}

/* The stream whose next record is oldest (the lowest stream on a tie), or -1 if none. */
static int oldest(const struct tl_merge *m)
{
	uint64_t best_ts = 0;
	int best = -1;

	for (unsigned int i = 0; i < m->n; i++) {
		const struct tl_stream *st = &m->s[i];

		if (st->head == st->tail)
			continue;
		if (best < 0 || head_of(st)->ts_ns < best_ts) {
			best = (int)i;
			best_ts = head_of(st)->ts_ns;
		}
	}
	return best;
}

static void emit(struct tl_merge *m, unsigned int i)
{
	struct tl_stream *st = &m->s[i];
	const struct tl_record *r = head_of(st);
	size_t size = r->size;

	/* Advance first: fn may look at the merge (it must not push). */
	st->head += size;
	m->queued -= size;
	if (st->head == st->tail) {
		st->head = st->tail = 0;
		m->nonempty--;
	}
	m->fn(m->ctx, i, r);
}

int tl_merge_push(struct tl_merge *m, unsigned int stream, const struct tl_record *r)
{
	struct tl_stream *st;
	size_t size = r->size;

	if (stream >= m->n)
		return -EINVAL;
	st = &m->s[stream];
	if (st->tail + size > st->cap) {
		if (st->head) {
			/* The released part at the front is free again. */
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
	if (st->head == st->tail)
		m->nonempty++;
	st->tail += size;
	m->queued += size;
	while (m->queued > TL_MERGE_MAX_BYTES) {
		m->forced++;
		emit(m, (unsigned int)oldest(m));
	}
	return 0;
}

void tl_merge_release(struct tl_merge *m, uint64_t safe_ns)
{
	int i;

	while ((i = oldest(m)) >= 0) {
		/* With every stream holding a record, the oldest head is older than anything
		 * still to come; otherwise only what no late record can precede goes. */
		if (m->nonempty < m->n && head_of(&m->s[i])->ts_ns > safe_ns)
			break;
		emit(m, (unsigned int)i);
	}
}

void tl_merge_flush(struct tl_merge *m)
{
	tl_merge_release(m, UINT64_MAX);
}

uint64_t tl_merge_forced(const struct tl_merge *m)
{
	return m->forced;
}

void tl_merge_free(struct tl_merge *m)
{
	if (!m)
		return;
	for (unsigned int i = 0; i < m->n; i++)
		free(m->s[i].buf);
	free(m->s);
	free(m);
}
