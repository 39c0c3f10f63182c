// SPDX-License-Identifier: GPL-2.0-only
/* Per-connection state: a bounded, orientation-free hash table with LRU eviction. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn/flow.h"
#include "conn/slab.h"

#define TL_NIL UINT32_MAX
/* The extension holds 64-bit times: keep it 8-byte aligned. */
#define TL_FLOW_EXT_OFF ((sizeof(struct tl_flow) + 7) & ~(size_t)7)

struct tl_flows {
	uint8_t *pool; /* preallocated entries of `stride` bytes: nothing is allocated
				 * per segment */
	size_t stride; /* struct tl_flow + the caller's extension, 8-byte aligned */
	tl_flow_evict_fn evict;
	void *evict_ctx;
	uint32_t *bucket;
	uint32_t mask;
	uint32_t cap;
	uint32_t used;
	uint32_t lru_head, lru_tail;
	uint64_t evictions;
	struct tl_slab v6;   /* the addresses of IPv6 entries, 32 bytes each */
	uint32_t v6_evicted; /* those of the last evicted entry, whose copy may still be read */
};

static inline struct tl_flow *at(const struct tl_flows *t, uint32_t idx)
{
	return (struct tl_flow *)(t->pool + (size_t)idx * t->stride);
}

struct tl_flows *tl_flows_new(uint32_t capacity, size_t ext_size)
{
	struct tl_flows *t;
	uint32_t nb = 1;

	if (!capacity)
		capacity = TL_FLOWS_DEFAULT;
	if (capacity > (1u << 30)) {
		errno = EINVAL;
		return NULL;
	}
	while (nb < capacity)
		nb <<= 1;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	tl_slab_init(&t->v6, sizeof(((struct tl_flow_key *)0)->addr));
	t->stride = (TL_FLOW_EXT_OFF + ext_size + 7) & ~(size_t)7;
	t->pool = calloc(capacity, t->stride);
	t->bucket = malloc((size_t)nb * sizeof(*t->bucket));
	if (!t->pool || !t->bucket) {
		tl_flows_free(t);
		errno = ENOMEM;
		return NULL;
	}
	memset(t->bucket, 0xff, (size_t)nb * sizeof(*t->bucket));
	t->mask = nb - 1;
	t->cap = capacity;
	t->lru_head = t->lru_tail = TL_NIL;
	return t;
}

void tl_flows_free(struct tl_flows *t)
{
	if (!t)
		return;
	free(t->pool);
	free(t->bucket);
	tl_slab_destroy(&t->v6);
	free(t);
}

uint32_t tl_flows_count(const struct tl_flows *t)
{
	return t->used;
}

uint32_t tl_flows_index(const struct tl_flows *t, const struct tl_flow *f)
{
	return (uint32_t)(((const uint8_t *)f - t->pool) / t->stride);
}

struct tl_flow *tl_flows_at(const struct tl_flows *t, uint32_t idx)
{
	return at(t, idx);
}

size_t tl_flows_entry_size(const struct tl_flows *t)
{
	return t->stride;
}

uint64_t tl_flows_evictions(const struct tl_flows *t)
{
	return t->evictions;
}

/*
 * Returns the sending side: 1 when the sender is side H (tcpdump's "rev"). Called with a
 * constant alen, so each copy is a single move instead of a variable-length one.
 */
static inline int tl_flow_key_of(uint8_t family, const uint8_t *src, const uint8_t *dst,
				 uint16_t sport, uint16_t dport, struct tl_flow_key *k,
				 unsigned int alen)
{
	int rev = sport > dport || (sport == dport && memcmp(src, dst, alen) > 0);

	memset(k, 0, sizeof(*k));
	memcpy(k->addr[rev], src, alen);
	memcpy(k->addr[!rev], dst, alen);
	k->port[rev] = sport;
	k->port[!rev] = dport;
	k->family = family;
	return rev;
}

static inline int tl_flow_key_n(const struct tl_record *r, struct tl_flow_key *k, unsigned int alen)
{
	const uint8_t *src = tl_rec_saddr(r);

	return tl_flow_key_of(r->family, src, src + alen, r->sport, r->dport, k, alen);
}

static int tl_flow_key(const struct tl_record *r, struct tl_flow_key *k)
{
	return r->family == 6 ? tl_flow_key_n(r, k, 16) : tl_flow_key_n(r, k, 4);
}

static uint32_t tl_flow_hash(const struct tl_flow_key *k)
{
	uint64_t w[5], h = 0x9e3779b97f4a7c15ull;

	_Static_assert(sizeof(*k) == sizeof(w), "key is five words");
	memcpy(w, k, sizeof(w));
	/* Once per segment: unrolled, it is five multiply rounds and nothing else. */
#pragma GCC unroll 5
	for (int i = 0; i < 5; i++) {
		h ^= w[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

static void tl_lru_unlink(struct tl_flows *t, struct tl_flow *f)
{
	if (f->lprev != TL_NIL)
		at(t, f->lprev)->lnext = f->lnext;
	else
		t->lru_head = f->lnext;
	if (f->lnext != TL_NIL)
		at(t, f->lnext)->lprev = f->lprev;
	else
		t->lru_tail = f->lprev;
}

static void tl_lru_push(struct tl_flows *t, struct tl_flow *f, uint32_t idx)
{
	f->lprev = TL_NIL;
	f->lnext = t->lru_head;
	if (t->lru_head != TL_NIL)
		at(t, t->lru_head)->lprev = idx;
	else
		t->lru_tail = idx;
	t->lru_head = idx;
}

void tl_flows_key(const struct tl_flows *t, const struct tl_flow *f, struct tl_flow_key *k)
{
	memset(k, 0, sizeof(*k));
	if (f->family == 6) {
		memcpy(k->addr, tl_slab_at(&t->v6, f->addr.v6), sizeof(k->addr));
	} else {
		memcpy(k->addr[0], f->addr.v4[0], 4);
		memcpy(k->addr[1], f->addr.v4[1], 4);
	}
	k->port[0] = f->port[0];
	k->port[1] = f->port[1];
	k->family = f->family;
}

/* Whether entry f is the connection of key k. */
static inline bool tl_flow_is(const struct tl_flows *t, const struct tl_flow *f,
			      const struct tl_flow_key *k)
{
	if (f->port[0] != k->port[0] || f->port[1] != k->port[1] || f->family != k->family)
		return false;
	if (k->family == 6)
		return !memcmp(tl_slab_at(&t->v6, f->addr.v6), k->addr, sizeof(k->addr));
	return !memcmp(f->addr.v4[0], k->addr[0], 4) && !memcmp(f->addr.v4[1], k->addr[1], 4);
}

/* Store key k in the fresh (zeroed) entry f; v6 is the record for IPv6 addresses. */
static void tl_flow_set_key(struct tl_flows *t, struct tl_flow *f, const struct tl_flow_key *k,
			    uint32_t v6)
{
	if (k->family == 6) {
		f->addr.v6 = v6;
		memcpy(tl_slab_at(&t->v6, v6), k->addr, sizeof(k->addr));
	} else {
		memcpy(f->addr.v4[0], k->addr[0], 4);
		memcpy(f->addr.v4[1], k->addr[1], 4);
	}
	f->port[0] = k->port[0];
	f->port[1] = k->port[1];
	f->family = k->family;
}

static void tl_hash_unlink(struct tl_flows *t, struct tl_flow *f, uint32_t idx)
{
	struct tl_flow_key k;
	uint32_t *pp;

	tl_flows_key(t, f, &k);
	pp = &t->bucket[tl_flow_hash(&k) & t->mask];

	while (*pp != idx)
		pp = &at(t, *pp)->hnext;
	*pp = f->hnext;
}

/*
 * tcpdump never forgets a connection; we must stay bounded, so the least recently used entry
 * goes. A connection whose entry was evicted restarts like a mid-stream capture: its next
 * ACK-bearing segment prints absolute numbers and sets new bases.
 */
struct tl_flow *tl_flow_get(struct tl_flows *t, const struct tl_record *r, bool create, int *side)
{
	struct tl_flow_key k;
	struct tl_flow *f;
	uint32_t h, idx, v6 = 0;

	*side = tl_flow_key(r, &k);
	h = tl_flow_hash(&k);
	for (idx = t->bucket[h & t->mask]; idx != TL_NIL; idx = f->hnext) {
		f = at(t, idx);
		if (tl_flow_is(t, f, &k)) {
			if (t->lru_head != idx) {
				tl_lru_unlink(t, f);
				tl_lru_push(t, f, idx);
			}
			return f;
		}
	}
	if (!create)
		return NULL;
	/* Before anything is evicted: a failure leaves the table as it was. */
	if (k.family == 6) {
		v6 = tl_slab_alloc(&t->v6);
		if (!v6) {
			errno = ENOMEM;
			return NULL;
		}
	}
	if (t->used < t->cap) {
		idx = t->used++;
		f = at(t, idx);
	} else {
		idx = t->lru_tail;
		f = at(t, idx);
		tl_lru_unlink(t, f);
		tl_hash_unlink(t, f, idx);
		t->evictions++;
		if (t->evict)
			t->evict(t->evict_ctx, f);
		/* The callback's copy names these addresses until the next eviction. */
		tl_slab_release(&t->v6, t->v6_evicted);
		t->v6_evicted = f->family == 6 ? f->addr.v6 : 0;
	}
	memset(f, 0, t->stride);
	tl_flow_set_key(t, f, &k, v6);
	f->hnext = t->bucket[h & t->mask];
	t->bucket[h & t->mask] = idx;
	tl_lru_push(t, f, idx);
	return f;
}

struct tl_flow *tl_flow_find(struct tl_flows *t, uint8_t family, const uint8_t *src, uint16_t sport,
			     const uint8_t *dst, uint16_t dport, int *side)
{
	struct tl_flow_key k;
	struct tl_flow *f;
	uint32_t h, idx;

	*side = tl_flow_key_of(family, src, dst, sport, dport, &k, family == 6 ? 16 : 4);
	h = tl_flow_hash(&k);
	for (idx = t->bucket[h & t->mask]; idx != TL_NIL; idx = f->hnext) {
		f = at(t, idx);
		if (tl_flow_is(t, f, &k))
			return f;
	}
	return NULL;
}

bool tl_flow_relseq(struct tl_flow *f, int side, const struct tl_record *r, struct tl_seqview *v)
{
	bool fresh = !f->rel_valid || (r->tcp_flags & 0x02);

	if (fresh) {
		/* The sender's base is its seq; the peer's is ack - 1: its next byte is 1. */
		f->dir[side].rel_base = r->seq;
		f->dir[!side].rel_base = r->ack - 1;
		f->rel_valid = true;
		v->seq = r->seq;
		v->ack = r->ack;
	} else {
		v->seq = r->seq - f->dir[side].rel_base;
		v->ack = r->ack - f->dir[!side].rel_base;
	}
	v->sack_base = f->dir[!side].rel_base;
	return fresh;
}

void *tl_flow_ext(struct tl_flow *f)
{
	return (uint8_t *)f + TL_FLOW_EXT_OFF;
}

void tl_flows_on_evict(struct tl_flows *t, tl_flow_evict_fn fn, void *ctx)
{
	t->evict = fn;
	t->evict_ctx = ctx;
}

void tl_flows_foreach(struct tl_flows *t, tl_flow_evict_fn fn, void *ctx)
{
	/* Oldest first, so connections are reported roughly in the order they started. */
	for (uint32_t idx = t->lru_tail; idx != TL_NIL; idx = at(t, idx)->lprev)
		fn(ctx, at(t, idx));
}

_Static_assert(TL_ADDR_TEXT == INET6_ADDRSTRLEN, "room for any address text");

const char *tl_addr_text(uint8_t family, const uint8_t *addr, char *buf, size_t len)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}
