/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-connection state: a bounded, orientation-free hash table with LRU eviction. */
#ifndef TL_FLOW_H
#define TL_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"

#define TL_FLOWS_DEFAULT 65536

/*
 * Orientation-free key, built exactly like tcpdump's relative-sequence key: side L is the
 * endpoint with the lower port, or with equal ports the lower address bytes (memcmp).
 * IPv4 addresses use the first 4 bytes; family keeps IPv4 and IPv6 apart. This is the key a
 * lookup builds and tl_flows_key() gives back; an entry stores it in less room.
 */
struct tl_flow_key {
	uint8_t addr[2][16]; /* [0] side L, [1] side H */
	uint16_t port[2];
	uint8_t family;
	uint8_t pad[3];
};

/* Per-direction state, indexed by side (0 = L, 1 = H). Analysis modules append fields. */
struct tl_dir {
	uint32_t rel_base; /* tcpdump's base for this side's sequence space */
};

/*
 * No stored hash: the key's first word settles a mismatch as fast, and 8 bytes (with the
 * padding it caused) times a million entries is 8 MB. IPv4 addresses are stored in the entry;
 * IPv6 ones, 32 bytes, in a record of their own (the table's, by handle): 24 bytes less for
 * every IPv4 connection, which is most of them at a million (bench/README.md, "Memory").
 */
struct tl_flow {
	union {
		uint8_t v4[2][4]; /* family 4: side L, side H */
		uint32_t v6;	  /* family 6: handle of both addresses */
	} addr;
	uint16_t port[2];
	uint8_t family;
	bool rel_valid;	       /* tcpdump's table would hold an entry for this connection */
	uint32_t hnext;	       /* hash chain, index into the pool */
	uint32_t lprev, lnext; /* LRU list, most recent first */
	struct tl_dir dir[2];
};

struct tl_flows;

/* Relative view of one segment's numbers as tcpdump prints them. */
struct tl_seqview {
	uint32_t seq;
	uint32_t ack;
	uint32_t sack_base; /* subtract from SACK edges */
};

/*
 * capacity 0 means TL_FLOWS_DEFAULT. Each entry carries ext_size zeroed bytes for the caller
 * (analysis and explain state, only when asked for, so plain printing stays small).
 * Returns NULL on allocation failure (errno set).
 */
struct tl_flows *tl_flows_new(uint32_t capacity, size_t ext_size);
void tl_flows_free(struct tl_flows *t);

/*
 * Find the connection of a record, creating it (evicting the least recently used one when the
 * table is full) if create is set. *side tells which side sent the record (0 = L, 1 = H).
 * Returns NULL if not found and !create, or when an IPv6 connection's addresses found no
 * memory (errno ENOMEM).
 */
struct tl_flow *tl_flow_get(struct tl_flows *t, const struct tl_record *r, bool create, int *side);

/*
 * The connection between src.sport and dst.dport (family's 4 or 16 address bytes), for what
 * is not a segment (a kernel event): never creates one, and leaves the LRU order to the
 * segments. *side is src's side. NULL when the table does not hold it.
 */
struct tl_flow *tl_flow_find(struct tl_flows *t, uint8_t family, const uint8_t *src, uint16_t sport,
			     const uint8_t *dst, uint16_t dport, int *side);

/*
 * tcpdump's relative-sequence step for a segment with the ACK flag (section 8.2 of
 * tcpdump-format.md), on the entry of its connection; side as tl_flow_get() gave it. Returns
 * true if the numbers are to be printed absolute (entry new or SYN+ACK reset); v->seq/ack
 * then hold the raw values. v->sack_base is always valid.
 */
bool tl_flow_relseq(struct tl_flow *f, int side, const struct tl_record *r, struct tl_seqview *v);

/* The caller's extension area of an entry: 8-byte aligned, zero when the entry is new. */
void *tl_flow_ext(struct tl_flow *f);

/*
 * The key of an entry of t, or of a copy the eviction callback made of it: an IPv6 entry's
 * addresses stay readable until the next eviction.
 */
void tl_flows_key(const struct tl_flows *t, const struct tl_flow *f, struct tl_flow_key *k);

typedef void (*tl_flow_evict_fn)(void *ctx, struct tl_flow *f);
/* Called with an entry about to be reused for another connection (to report it first). */
void tl_flows_on_evict(struct tl_flows *t, tl_flow_evict_fn fn, void *ctx);
/* Every live entry, least recently used first. */
void tl_flows_foreach(struct tl_flows *t, tl_flow_evict_fn fn, void *ctx);

/* Longest address text, an IPv6 one (INET6_ADDRSTRLEN). */
#define TL_ADDR_TEXT 46

/*
 * An address as tcpdump -nn writes it (glibc inet_ntop's text): family 6 reads 16 bytes, any
 * other 4. Returns buf. The printer's hot path has its own copy of this (print.c).
 */
const char *tl_addr_text(uint8_t family, const uint8_t *addr, char *buf, size_t len);

uint32_t tl_flows_count(const struct tl_flows *t);
/* An entry's place in the table, and back: 4 bytes where a pointer takes 8. */
uint32_t tl_flows_index(const struct tl_flows *t, const struct tl_flow *f);
struct tl_flow *tl_flows_at(const struct tl_flows *t, uint32_t idx);
/* Bytes of one entry, extension included: what a copy of an entry needs. */
size_t tl_flows_entry_size(const struct tl_flows *t);
uint64_t tl_flows_evictions(const struct tl_flows *t);

#endif
