// SPDX-License-Identifier: GPL-2.0-only
/* Flow table: tcpdump's orientation-free key, relative-sequence bases, LRU eviction. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_test.h"
#include "conn/flow.h"

/* The lookup and the step, as the segment view does them. */
static bool relseq(struct tl_flows *t, const struct tl_record *r, struct tl_seqview *v)
{
	int side;
	struct tl_flow *f = tl_flow_get(t, r, true, &side);

	return tl_flow_relseq(f, side, r, v);
}

static uint8_t tl_rb[TL_RECORD_MAX];

static struct tl_record *rec4(const char *src, uint16_t sport, const char *dst, uint16_t dport,
			      uint32_t seq, uint32_t ack, uint8_t flags)
{
	struct tl_record *r = (struct tl_record *)tl_rb;

	memset(tl_rb, 0, sizeof(tl_rb));
	r->version = TL_RECORD_VERSION;
	r->family = 4;
	r->sport = sport;
	r->dport = dport;
	r->seq = seq;
	r->ack = ack;
	r->tcp_flags = flags;
	inet_pton(AF_INET, src, tl_rb + TL_RECORD_HDR);
	inet_pton(AF_INET, dst, tl_rb + TL_RECORD_HDR + 4);
	return r;
}

static void test_relseq(void)
{
	struct tl_flows *t = tl_flows_new(16, 0);
	struct tl_seqview v;
	bool abs;

	/* SYN-ACK from the server (port 22 is side L) creates the entry and prints absolute. */
	abs = relseq(
		t,
		rec4("223.132.53.222", 22, "202.108.87.165", 62146, 2455219014u, 4082233689u, 0x12),
		&v);
	TL_CHECK(abs && v.seq == 2455219014u && v.ack == 4082233689u, "synack absolute");
	abs = relseq(
		t,
		rec4("202.108.87.165", 62146, "223.132.53.222", 22, 4082233689u, 2455219015u, 0x10),
		&v);
	TL_CHECK(!abs && v.seq == 1 && v.ack == 1, "ack 1: seq %u ack %u", v.seq, v.ack);
	TL_CHECK(v.sack_base == 2455219014u, "sack base is the peer's base");
	TL_CHECK(tl_flows_count(t) == 1, "one entry for both directions");

	/* Ack below the base wraps like uint32 arithmetic. */
	relseq(t,
	       rec4("202.108.87.165", 62146, "223.132.53.222", 22, 4082233689u, 2455218014u, 0x10),
	       &v);
	TL_CHECK(v.ack == 4294966296u, "ack below base wraps: %u", v.ack);

	/* A new SYN-ACK on the same tuple resets both bases. */
	abs = relseq(t, rec4("223.132.53.222", 22, "202.108.87.165", 62146, 100, 201, 0x12), &v);
	TL_CHECK(abs && v.seq == 100, "second synack absolute");
	relseq(t, rec4("202.108.87.165", 62146, "223.132.53.222", 22, 201, 101, 0x10), &v);
	TL_CHECK(v.seq == 1 && v.ack == 1, "after reset: seq %u ack %u", v.seq, v.ack);

	/* Equal ports: the lower address is side L whichever end sends first. */
	abs = relseq(t, rec4("10.0.0.9", 179, "10.0.0.1", 179, 5000, 7001, 0x10), &v);
	TL_CHECK(abs, "equal ports: first ack-bearing segment absolute");
	relseq(t, rec4("10.0.0.1", 179, "10.0.0.9", 179, 7001, 5010, 0x10), &v);
	TL_CHECK(v.seq == 1 && v.ack == 10, "equal ports reverse: seq %u ack %u", v.seq, v.ack);
	TL_CHECK(tl_flows_count(t) == 2, "equal-port flow has one entry");

	/* IPv4 and IPv6 are kept apart even with identical leading bytes. */
	{
		struct tl_record *r = rec4("10.0.0.1", 1, "10.0.0.2", 2, 1, 1, 0x10);
		int side;

		r->family = 6;
		TL_CHECK(!tl_flow_get(t, r, false, &side), "v6 key distinct from v4");
	}
	tl_flows_free(t);
}

static void test_lru(void)
{
	struct tl_flows *t = tl_flows_new(4, 0);
	struct tl_seqview v;
	int side;

	for (uint16_t i = 0; i < 4; i++)
		relseq(t, rec4("198.18.0.1", 1000 + i, "198.18.0.2", 80, 10, 20, 0x10), &v);
	/* Touch flow 0 so flow 1 is now the least recently used. */
	TL_CHECK(tl_flow_get(t, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 0, 0, 0x10), false,
			     &side),
		 "flow 0 present");
	relseq(t, rec4("198.18.0.1", 2000, "198.18.0.2", 80, 10, 20, 0x10), &v);
	TL_CHECK(tl_flows_evictions(t) == 1, "one eviction, got %llu",
		 (unsigned long long)tl_flows_evictions(t));
	TL_CHECK(tl_flows_count(t) == 4, "count stays at capacity");
	TL_CHECK(!tl_flow_get(t, rec4("198.18.0.1", 1001, "198.18.0.2", 80, 0, 0, 0), false, &side),
		 "LRU flow 1 evicted");
	TL_CHECK(tl_flow_get(t, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 0, 0, 0), false, &side),
		 "recently used flow 0 kept");
	/* An evicted connection restarts like a mid-stream one: absolute again. */
	TL_CHECK(relseq(t, rec4("198.18.0.1", 1001, "198.18.0.2", 80, 50, 60, 0x10), &v),
		 "evicted flow prints absolute");
	tl_flows_free(t);
}

/* A kernel event finds its connection from either end, creates none, and leaves the LRU
 * order to the segments. */
static void test_find(void)
{
	struct tl_flows *t = tl_flows_new(2, 0);
	struct tl_seqview v;
	uint8_t a[4], b[4];
	struct tl_flow *f0, *f;
	int side, side_rev;

	inet_pton(AF_INET, "198.18.0.1", a);
	inet_pton(AF_INET, "198.18.0.2", b);
	relseq(t, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 10, 20, 0x10), &v);
	f0 = tl_flow_get(t, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 0, 0, 0x10), false, &side);
	relseq(t, rec4("198.18.0.1", 1001, "198.18.0.2", 80, 10, 20, 0x10), &v);
	f = tl_flow_find(t, 4, a, 1000, b, 80, &side);
	TL_CHECK(f == f0 && side == 1, "found from the client's end, side H (got side %d)", side);
	f = tl_flow_find(t, 4, b, 80, a, 1000, &side_rev);
	TL_CHECK(f == f0 && side_rev == 0, "and from the server's end, side L");
	TL_CHECK(!tl_flow_find(t, 4, a, 1002, b, 80, &side) && tl_flows_count(t) == 2,
		 "an unknown connection is not created");
	/* Flow 1000 is still the least recently used: the next new one evicts it. */
	relseq(t, rec4("198.18.0.1", 1003, "198.18.0.2", 80, 10, 20, 0x10), &v);
	TL_CHECK(!tl_flow_find(t, 4, a, 1000, b, 80, &side), "finding it did not refresh it");
	TL_CHECK(tl_flow_find(t, 4, a, 1001, b, 80, &side), "the other one stays");
	tl_flows_free(t);
}

int main(void)
{
	test_relseq();
	test_lru();
	test_find();
	return tl_test_done("flow");
}
