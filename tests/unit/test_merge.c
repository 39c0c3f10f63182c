// SPDX-License-Identifier: GPL-2.0-only
/* The merge of time-ordered streams: exact global order, nothing released early or lost. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/merge.h"
#include "tl_test.h"

#define N_MAX 200000

struct sink {
	uint64_t ts[N_MAX];
	unsigned int stream[N_MAX];
	uint16_t size[N_MAX];
	size_t n;
};

static struct sink got;

static void on_rec(void *ctx, unsigned int stream, const struct tl_record *r)
{
	struct sink *s = ctx;

	if (s->n < N_MAX) {
		s->ts[s->n] = r->ts_ns;
		s->stream[s->n] = stream;
		s->size[s->n] = r->size;
	}
	s->n++;
}

/* A record of size bytes (multiple of 8) stamped ts; its tail bytes carry the stamp too, so a
 * record moved in pieces would show. */
static const struct tl_record *rec(uint64_t ts, uint16_t size)
{
	/* Per thread: the feeder threads of test_threads() build records at the same time. */
	static _Thread_local _Alignas(8) uint8_t b[TL_RECORD_MAX];
	struct tl_record *r = (struct tl_record *)b;

	memset(b, 0, sizeof(b));
	r->version = TL_RECORD_VERSION;
	r->family = 4;
	r->size = size;
	r->ts_ns = ts;
	memcpy(b + size - 8, &ts, 8);
	return r;
}

static void test_basic(void)
{
	struct tl_merge *m;

	TL_CHECK(tl_merge_new(0, on_rec, &got, &m) == -EINVAL, "0 streams refused");
	TL_CHECK(!tl_merge_new(3, on_rec, &got, &m), "merge of 3 streams");
	got.n = 0;
	TL_CHECK(!tl_merge_push(m, 0, rec(10, 64)), "push");
	TL_CHECK(!tl_merge_push(m, 0, rec(30, 72)), "push");
	TL_CHECK(!tl_merge_push(m, 1, rec(20, 64)), "push");
	TL_CHECK(tl_merge_push(m, 3, rec(5, 64)) == -EINVAL, "stream out of range refused");
	/* Stream 2 is empty: only what is safe goes. */
	tl_merge_release(m, 15);
	TL_CHECK(got.n == 1 && got.ts[0] == 10, "release(15) hands on only ts 10 (%zu)", got.n);
	tl_merge_release(m, 19);
	TL_CHECK(got.n == 1, "release(19) hands on nothing more (%zu)", got.n);
	/* Every stream has a record: the oldest may go without a safe time. */
	TL_CHECK(!tl_merge_push(m, 2, rec(25, 64)), "push");
	tl_merge_release(m, 0);
	TL_CHECK(got.n == 2 && got.ts[1] == 20 && got.stream[1] == 1,
		 "with all streams queued, ts 20 of stream 1 goes (%zu)", got.n);
	tl_merge_flush(m);
	TL_CHECK(got.n == 4 && got.ts[2] == 25 && got.ts[3] == 30 && got.size[3] == 72,
		 "flush hands on the rest in order (%zu)", got.n);
	/* A tie goes to the lower stream. */
	got.n = 0;
	tl_merge_push(m, 2, rec(7, 64));
	tl_merge_push(m, 1, rec(7, 64));
	tl_merge_flush(m);
	TL_CHECK(got.n == 2 && got.stream[0] == 1 && got.stream[1] == 2, "tie: lower stream first");
	TL_CHECK(tl_merge_forced(m) == 0, "nothing forced");
	tl_merge_free(m);
}

/* Random interleaving of 4 sorted streams, pushed in random chunk order and released with a
 * moving safe time: the output is the sorted union, and the release never goes past what
 * could still be preceded. */
static void test_random(void)
{
	enum { S = 4, PER = 20000 };
	static uint64_t ts[S][PER];
	size_t next[S] = { 0 }, total = 0;
	uint64_t now = 0, last = 0;
	struct tl_merge *m;
	int bad_order = 0, bad_bytes = 0;

	srand(7);
	for (int s = 0; s < S; s++) {
		uint64_t t = (uint64_t)(rand() % 1000);

		for (int i = 0; i < PER; i++) {
			t += (uint64_t)(rand() % 2000);
			ts[s][i] = t;
		}
	}
	TL_CHECK(!tl_merge_new(S, on_rec, &got, &m), "merge of %d streams", S);
	got.n = 0;
	while (total < (size_t)S * PER) {
		int s = rand() % S;
		size_t chunk = (size_t)(rand() % 64) + 1;

		/* Each stream delivers what it stamped up to now, in chunks; now moves on. */
		now += 500;
		for (size_t k = 0; k < chunk && next[s] < PER && ts[s][next[s]] <= now; k++) {
			uint16_t size = (uint16_t)(64 + 8 * (rand() % 10));

			if (tl_merge_push(m, (unsigned int)s, rec(ts[s][next[s]++], size)))
				bad_bytes++;
			total++;
		}
		/* Safe: older than the least recent thing any stream may still deliver. */
		uint64_t safe = UINT64_MAX;

		for (int j = 0; j < S; j++)
			if (next[j] < PER && ts[j][next[j]] - 1 < safe)
				safe = ts[j][next[j]] - 1;
		if (rand() % 3 == 0)
			tl_merge_release(m, safe == UINT64_MAX ? now : safe);
		if (rand() % 5 == 0)
			now += 100000; /* a pause: everything stamped before now arrives */
		for (int j = 0; j < S; j++)
			while (next[j] < PER && ts[j][next[j]] <= now && rand() % 50) {
				tl_merge_push(m, (unsigned int)j,
					      rec(ts[j][next[j]++], (uint16_t)64));
				total++;
			}
	}
	tl_merge_flush(m);
	for (size_t i = 0; i < got.n && i < N_MAX; i++) {
		if (got.ts[i] < last)
			bad_order++;
		last = got.ts[i];
	}
	TL_CHECK(got.n == (size_t)S * PER, "all %d records handed on (%zu)", S * PER, got.n);
	TL_CHECK(!bad_order, "%d records out of time order", bad_order);
	TL_CHECK(!bad_bytes, "%d pushes failed", bad_bytes);
	tl_merge_free(m);
}

/* A stream that never delivers must not hold the others forever: past the byte limit the
 * oldest go, counted as forced. */
static void test_forced(void)
{
	struct tl_merge *m;
	size_t n = (64u << 20) / 64 + 1000;

	TL_CHECK(!tl_merge_new(2, on_rec, &got, &m), "merge of 2 streams");
	got.n = 0;
	for (size_t i = 0; i < n; i++)
		tl_merge_push(m, 0, rec(i + 1, 64));
	TL_CHECK(got.n == 1000 && tl_merge_forced(m) == 1000,
		 "past 64 MB queued the oldest go (%zu handed on, %llu forced)", got.n,
		 (unsigned long long)tl_merge_forced(m));
	TL_CHECK(got.ts[0] == 1 && got.ts[999] == 1000, "forced ones in order");
	tl_merge_flush(m);
	TL_CHECK(got.n == n, "flush hands on the rest (%zu of %zu)", got.n, n);
	tl_merge_free(m);
}

/* Reader threads feeding inboxes while this thread releases: the global order and the count
 * must come out exact, through wrap-arounds (small inboxes) and full inboxes. */
enum { T_STREAMS = 3, T_PER = 60000 };

struct feeder {
	struct tl_merge *m;
	unsigned int stream;
	atomic_int *done;
	unsigned int seed;
	int fails;
};

static void *feed_thread(void *arg)
{
	struct feeder *f = arg;
	uint64_t t = 1 + f->stream;

	for (int i = 0; i < T_PER; i++) {
		uint16_t size = (uint16_t)(64 + 8 * (rand_r(&f->seed) % 12));
		int err;

		t += 1 + (uint64_t)(rand_r(&f->seed) % 50);
		while ((err = tl_merge_feed(f->m, f->stream, rec(t, size))) == -ENOSPC)
			sched_yield();
		if (err)
			f->fails++;
		/* Stamps only grow: everything up to this one has been fed. */
		if (rand_r(&f->seed) % 8 == 0)
			tl_merge_feed_safe(f->m, f->stream, t);
	}
	tl_merge_feed_safe(f->m, f->stream, UINT64_MAX);
	atomic_fetch_add(f->done, 1);
	return NULL;
}

static void test_threads(void)
{
	struct feeder f[T_STREAMS];
	pthread_t th[T_STREAMS];
	atomic_int done = 0;
	struct tl_merge *m;
	uint64_t last = 0;
	int bad_order = 0, fails = 0;

	TL_CHECK(!tl_merge_new(T_STREAMS + 1, on_rec, &got, &m), "merge for threads");
	for (unsigned int i = 0; i < T_STREAMS; i++)
		TL_CHECK(!tl_merge_inbox(m, i, 8192), "inbox %u", i);
	TL_CHECK(tl_merge_push(m, 0, rec(1, 64)) == -EINVAL, "no push onto an inbox");
	TL_CHECK(tl_merge_feed(m, T_STREAMS, rec(1, 64)) == -EINVAL, "no feed into a queue");
	got.n = 0;
	for (unsigned int i = 0; i < T_STREAMS; i++) {
		f[i] = (struct feeder){ .m = m, .stream = i, .done = &done, .seed = 11 + i };
		pthread_create(&th[i], NULL, feed_thread, &f[i]);
	}
	/* Stream T_STREAMS is this thread's own: empty until the end, then given the youngest
	 * stamp of all, so it never holds the others back (safe_ns UINT64_MAX). */
	while (atomic_load(&done) < T_STREAMS)
		tl_merge_release(m, UINT64_MAX);
	for (unsigned int i = 0; i < T_STREAMS; i++) {
		pthread_join(th[i], NULL);
		fails += f[i].fails;
	}
	tl_merge_push(m, T_STREAMS, rec(UINT64_MAX - 1, 64));
	tl_merge_flush(m);
	for (size_t i = 0; i < got.n && i < N_MAX; i++) {
		if (got.ts[i] < last)
			bad_order++;
		last = got.ts[i];
	}
	TL_CHECK(got.n == (size_t)T_STREAMS * T_PER + 1, "all %d fed records handed on (%zu)",
		 T_STREAMS * T_PER + 1, got.n);
	TL_CHECK(!bad_order, "%d records out of order across threads", bad_order);
	TL_CHECK(!fails, "%d feeds failed", fails);
	tl_merge_free(m);
}

int main(void)
{
	test_basic();
	test_random();
	test_forced();
	test_threads();
	return tl_test_done("merge");
}
