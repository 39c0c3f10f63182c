// SPDX-License-Identifier: GPL-2.0-only
/* Ring-buffer consumer: validates each sample before anyone looks inside it. */
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "ring.h"

struct tl_ring {
	struct ring_buffer *rb;
	tl_record_fn fn;
	void *ctx;
	uint64_t bad;
};

/*
 * One ring sample holds one record or a batch of records back to back (the kernel may batch
 * to save ring operations); each record's size says where the next one starts.
 */
static int on_sample(void *ctx, void *data, size_t len)
{
	struct tl_ring *r = ctx;
	const uint8_t *p = data;

	while (len >= TL_RECORD_HDR) {
		const struct tl_record *rec = (const void *)p;

		/* A record from a newer or corrupted producer must not be read past its end. */
		if (rec->version != TL_RECORD_VERSION || rec->size > len || (rec->size & 7) ||
		    (rec->family != 4 && rec->family != 6) ||
		    rec->size < TL_RECORD_HDR + TL_ADDR_LEN(rec->family) + rec->opt_len +
					rec->snap_len) {
			r->bad++;
			return 0;
		}
		r->fn(r->ctx, rec);
		p += rec->size;
		len -= rec->size;
	}
	return 0;
}

int tl_ring_open(int map_fd, tl_record_fn fn, void *ctx, struct tl_ring **out)
{
	struct tl_ring *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	r->fn = fn;
	r->ctx = ctx;
	r->rb = ring_buffer__new(map_fd, on_sample, r, NULL);
	if (!r->rb) {
		err = -errno;
		free(r);
		return err;
	}
	*out = r;
	return 0;
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
	return ring_buffer__consume(r->rb);
}

uint64_t tl_ring_bad(const struct tl_ring *r)
{
	return r->bad;
}

void tl_ring_close(struct tl_ring *r)
{
	if (!r)
		return;
	ring_buffer__free(r->rb);
	free(r);
}
