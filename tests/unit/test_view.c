// SPDX-License-Identifier: GPL-2.0-only
/* Segment view: relative numbers, sides, analysis and eviction, on hand-built records. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_test.h"
#include "conn/view.h"

#define A TL_TH_ACK
#define S TL_TH_SYN
#define F TL_TH_FIN
#define P 0x08

static uint8_t tl_rb[TL_RECORD_MAX];
static uint64_t frame;

/* A whole segment (20-byte header, len payload bytes on the wire, none in the record). */
static struct tl_record *rec(int family, const char *src, uint16_t sport, const char *dst,
			     uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
			     uint32_t len)
{
	struct tl_record *r = (struct tl_record *)tl_rb;
	int af = family == 6 ? AF_INET6 : AF_INET;
	size_t alen = family == 6 ? 16 : 4;

	memset(tl_rb, 0, sizeof(tl_rb));
	r->version = TL_RECORD_VERSION;
	r->family = (uint8_t)family;
	r->size = (uint16_t)(TL_RECORD_HDR + TL_ADDR_LEN(family));
	r->ts_ns = 1000000000ull + frame * 1000000ull;
	r->sport = sport;
	r->dport = dport;
	r->seq = seq;
	r->ack = ack;
	r->doff_byte = 5 << 4;
	r->tcp_flags = flags;
	r->window = 502;
	r->l4_len = 20 + len;
	r->l4_caplen = 20 + len;
	inet_pton(af, src, tl_rb + TL_RECORD_HDR);
	inet_pton(af, dst, tl_rb + TL_RECORD_HDR + alen);
	return r;
}

static struct tl_record *rec4(const char *src, uint16_t sport, const char *dst, uint16_t dport,
			      uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len)
{
	return rec(4, src, sport, dst, dport, seq, ack, flags, len);
}

static void decode(struct tl_view *vw, const struct tl_record *r, struct tl_segview *v)
{
	struct tl_capture_meta m = { .ts_ns = (int64_t)r->ts_ns, .frame = ++frame };

	memset(v, 0xa5, sizeof(*v)); /* decode must set every field the outputs read */
	tl_view_decode(vw, r, &m, v);
}

static struct tl_view *view(uint32_t flows, bool relative, bool analyse)
{
	struct tl_view_cfg c = {
		.flows = flows, .relative = relative, .analyse = analyse, .ana_lists = analyse
	};

	return tl_view_new(&c);
}

/* The ssh.pcap handshake of tcpdump-format.md section 8.2, then data and a second SYN-ACK. */
static void test_relative(void)
{
	struct tl_view *vw = view(16, true, false);
	const char *cli = "202.108.87.165", *srv = "223.132.53.222";
	struct tl_segview v;

	decode(vw, rec4(cli, 62146, srv, 22, 4082233688u, 0, S, 0), &v);
	TL_CHECK(!v.rel && !v.flow, "SYN without ACK: absolute, no lookup");
	TL_CHECK(tl_view_count(vw) == 0, "SYN makes no entry");

	decode(vw, rec4(srv, 22, cli, 62146, 2455219014u, 4082233689u, S | A, 0), &v);
	TL_CHECK(v.rel && v.flow, "SYN-ACK takes the step");
	TL_CHECK(v.seqv.seq == 2455219014u && v.seqv.ack == 4082233689u,
		 "SYN-ACK prints absolute: seq %u ack %u", v.seqv.seq, v.seqv.ack);

	decode(vw, rec4(cli, 62146, srv, 22, 4082233689u, 2455219015u, A, 0), &v);
	TL_CHECK(v.rel && v.seqv.seq == 1 && v.seqv.ack == 1, "handshake ACK: seq %u ack %u",
		 v.seqv.seq, v.seqv.ack);
	TL_CHECK(v.seqv.sack_base == 2455219014u, "client's SACK base is the server's: %u",
		 v.seqv.sack_base);

	decode(vw, rec4(cli, 62146, srv, 22, 4082233689u, 2455219015u, P | A, 21), &v);
	TL_CHECK(v.rel && v.seqv.seq == 1 && v.seqv.ack == 1, "client data: seq %u", v.seqv.seq);
	decode(vw, rec4(srv, 22, cli, 62146, 2455219015u, 4082233710u, P | A, 40), &v);
	TL_CHECK(v.seqv.seq == 1 && v.seqv.ack == 22, "server data: seq %u ack %u", v.seqv.seq,
		 v.seqv.ack);
	TL_CHECK(v.seqv.sack_base == 4082233688u, "server's SACK base is the client's: %u",
		 v.seqv.sack_base);

	/* Data without ACK in a known connection: absolute, and the bases stay. */
	decode(vw, rec4(cli, 62146, srv, 22, 4082233710u, 0, P, 10), &v);
	TL_CHECK(!v.rel, "data without ACK: no step");
	decode(vw, rec4(cli, 62146, srv, 22, 4082233720u, 2455219055u, A, 0), &v);
	TL_CHECK(v.rel && v.seqv.seq == 32 && v.seqv.ack == 41, "bases kept: seq %u ack %u",
		 v.seqv.seq, v.seqv.ack);

	/* Ack below the base wraps like uint32 arithmetic. */
	decode(vw, rec4(cli, 62146, srv, 22, 4082233720u, 2455218014u, A, 0), &v);
	TL_CHECK(v.seqv.ack == 4294966296u, "ack below base wraps: %u", v.seqv.ack);

	/* Any SYN-ACK resets both bases and prints absolute. */
	decode(vw, rec4(srv, 22, cli, 62146, 100, 201, S | A, 0), &v);
	TL_CHECK(v.rel && v.seqv.seq == 100 && v.seqv.ack == 201, "second SYN-ACK absolute");
	decode(vw, rec4(cli, 62146, srv, 22, 201, 101, A, 0), &v);
	TL_CHECK(v.seqv.seq == 1 && v.seqv.ack == 1, "after reset: seq %u ack %u", v.seqv.seq,
		 v.seqv.ack);
	TL_CHECK(tl_view_count(vw) == 1, "one entry for both directions");

	/* Mid-stream: the sender's base is its own seq, the peer's the ack - 1. */
	decode(vw, rec4("10.1.1.1", 40000, "10.1.1.2", 443, 5000, 9000, A, 0), &v);
	TL_CHECK(v.rel && v.seqv.seq == 5000 && v.seqv.ack == 9000, "mid-stream first absolute");
	decode(vw, rec4("10.1.1.1", 40000, "10.1.1.2", 443, 5000, 9000, P | A, 768), &v);
	TL_CHECK(v.seqv.seq == 0 && v.seqv.ack == 1, "kday4: seq 0:768, ack 1: got %u %u",
		 v.seqv.seq, v.seqv.ack);
	decode(vw, rec4("10.1.1.2", 443, "10.1.1.1", 40000, 9000, 5768, A, 0), &v);
	TL_CHECK(v.seqv.seq == 1 && v.seqv.ack == 768, "peer starts at 1: seq %u ack %u",
		 v.seqv.seq, v.seqv.ack);
	tl_view_free(vw);
}

/* Records tcpdump stops printing before its table step: never relative. */
static void test_no_step(void)
{
	struct tl_view_cfg c = { .flows = 16, .relative = true, .len0_as_4993 = true };
	struct tl_view *vw = tl_view_new(&c);
	struct tl_record *r;
	struct tl_segview v;

	r = rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0);
	r->l4_caplen = 19;
	decode(vw, r, &v);
	TL_CHECK(!v.rel && !v.flow, "l4_caplen 19: no step");

	r = rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0);
	r->doff_byte = 4 << 4;
	decode(vw, r, &v);
	TL_CHECK(!v.rel && !v.flow, "header length 16: no step");

	r = rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0);
	r->flags = TL_RF_LEN0;
	decode(vw, r, &v);
	TL_CHECK(!v.rel && !v.flow, "IPv4 length 0 as 4.99.3: no step");

	r = rec(6, "2001:db8::1", 1000, "2001:db8::2", 80, 10, 20, A, 0);
	r->flags = TL_RF_LEN0;
	decode(vw, r, &v);
	TL_CHECK(!v.rel, "IPv6 length 0 without jumbo option as 4.99.3: no step");

	r = rec(6, "2001:db8::1", 1000, "2001:db8::2", 80, 10, 20, A, 70000);
	r->l4_caplen = 200;
	r->flags = TL_RF_LEN0 | TL_RF_JUMBO;
	decode(vw, r, &v);
	TL_CHECK(v.rel && v.seqv.seq == 10, "IPv6 jumbogram's length is real: step");
	TL_CHECK(tl_view_count(vw) == 1, "only the jumbogram made an entry: %u", tl_view_count(vw));
	tl_view_free(vw);

	/* Without len0_as_4993 (live), an IP length of 0 is stepped like any other. */
	vw = view(16, true, false);
	r = rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0);
	r->flags = TL_RF_LEN0;
	decode(vw, r, &v);
	TL_CHECK(v.rel, "IPv4 length 0 live: step");
	tl_view_free(vw);

	/* -S: no step, and no table either unless the analysis needs it. */
	c = (struct tl_view_cfg){ .flows = 16, .relative = true, .abs_seq = true };
	vw = tl_view_new(&c);
	decode(vw, rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(!v.rel && !v.flow && tl_view_count(vw) == 0, "-S: absolute, no lookup");
	tl_view_free(vw);
	c.analyse = c.ana_lists = true;
	vw = tl_view_new(&c);
	decode(vw, rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(!v.rel && v.flow && v.analysed, "-S with analysis: lookup, still absolute");
	tl_view_free(vw);
}

static void test_side(void)
{
	struct tl_view *vw = view(16, true, false);
	struct tl_flow *f;
	struct tl_segview v;

	decode(vw, rec4("223.132.53.222", 22, "202.108.87.165", 62146, 1, 1, A, 0), &v);
	TL_CHECK(v.side == 0, "lower port sends: side L, got %d", v.side);
	f = v.flow;
	decode(vw, rec4("202.108.87.165", 62146, "223.132.53.222", 22, 1, 1, A, 0), &v);
	TL_CHECK(v.side == 1 && v.flow == f, "reverse: side H of the same flow (%d)", v.side);
	TL_CHECK(f->port[0] == 22 && f->port[1] == 62146, "key ports %u %u", f->port[0],
		 f->port[1]);

	/* Equal ports: the lower address is side L, whichever end is seen first. */
	decode(vw, rec4("10.0.0.9", 179, "10.0.0.1", 179, 1, 1, A, 0), &v);
	TL_CHECK(v.side == 1, "equal ports, higher address sends: side H, got %d", v.side);
	f = v.flow;
	decode(vw, rec4("10.0.0.1", 179, "10.0.0.9", 179, 1, 1, A, 0), &v);
	TL_CHECK(v.side == 0 && v.flow == f, "equal ports, lower address: side L (%d)", v.side);
	TL_CHECK(tl_view_count(vw) == 2, "two connections: %u", tl_view_count(vw));

	/* a00:1:: and 10.0.0.1 have the same key bytes: only the family keeps them apart. */
	decode(vw, rec4("10.0.0.1", 5000, "10.0.0.2", 80, 1, 1, A, 0), &v);
	f = v.flow;
	decode(vw, rec(6, "a00:1::", 5000, "a00:2::", 80, 1, 1, A, 0), &v);
	TL_CHECK(v.flow && v.flow != f, "IPv6 key distinct from IPv4");
	TL_CHECK(tl_view_count(vw) == 4, "IPv4 and IPv6 entries: %u", tl_view_count(vw));
	tl_view_free(vw);
}

static void test_analysis(void)
{
	struct tl_view *vw = view(16, false, true);
	const char *cli = "192.0.2.1", *srv = "192.0.2.2";
	struct tl_record *r;
	struct tl_segview v;
	uint32_t old;

	decode(vw, rec4(cli, 40000, srv, 80, 1000, 0, S, 0), &v);
	TL_CHECK(v.analysed && v.flow && !v.rel, "SYN analysed (no relative numbers asked)");
	TL_CHECK(v.ana.stream == 0, "first connection is stream 0: %u", v.ana.stream);

	r = rec4(cli, 40001, srv, 80, 1000, 0, S, 0);
	r->flags = TL_RF_FRAG;
	decode(vw, r, &v);
	TL_CHECK(!v.analysed && !v.flow, "first IP fragment: not analysed, no lookup");
	r = rec4(cli, 40001, srv, 80, 1000, 0, S, 0);
	r->doff_byte = 4 << 4;
	decode(vw, r, &v);
	TL_CHECK(!v.analysed && !v.flow, "data offset 4: not analysed");
	TL_CHECK(tl_view_count(vw) == 1, "neither made an entry: %u", tl_view_count(vw));

	decode(vw, rec4(cli, 40001, srv, 80, 7000, 0, S, 0), &v);
	TL_CHECK(v.analysed && v.ana.stream == 1, "second connection: stream %u", v.ana.stream);
	decode(vw, rec4(cli, 40002, srv, 80, 8000, 0, S, 0), &v);
	TL_CHECK(v.ana.stream == 2, "third connection: stream %u", v.ana.stream);

	/* Back to the first: handshake, data, the same data again. */
	decode(vw, rec4(srv, 80, cli, 40000, 5000, 1001, S | A, 0), &v);
	TL_CHECK(v.ana.stream == 0 && v.side == 0, "SYN-ACK in stream 0 from side L: %u %d",
		 v.ana.stream, v.side);
	decode(vw, rec4(cli, 40000, srv, 80, 1001, 5001, A, 0), &v);
	decode(vw, rec4(cli, 40000, srv, 80, 1001, 5001, P | A, 100), &v);
	TL_CHECK(v.ana.flags == 0, "first data: no flag (%#x)", v.ana.flags);
	decode(vw, rec4(cli, 40000, srv, 80, 1001, 5001, P | A, 100), &v);
	TL_CHECK(v.ana.flags & TL_ANA_RETRANSMISSION, "same data again: retransmission (%#x)",
		 v.ana.flags);
	TL_CHECK(v.ana.stream == 0, "retransmission in stream 0: %u", v.ana.stream);

	/* Close, then a new SYN with another ISN on the same ports: a new tcp.stream. */
	decode(vw, rec4(srv, 80, cli, 40000, 5001, 1101, A, 0), &v);
	decode(vw, rec4(cli, 40000, srv, 80, 1101, 5001, F | A, 0), &v);
	decode(vw, rec4(srv, 80, cli, 40000, 5001, 1102, F | A, 0), &v);
	decode(vw, rec4(cli, 40000, srv, 80, 1102, 5002, A, 0), &v);
	TL_CHECK(!v.ana.new_conv && v.ana.stream == 0, "still stream 0 after FINs");
	old = v.ana.stream;
	decode(vw, rec4(cli, 40000, srv, 80, 900000, 0, S, 0), &v);
	TL_CHECK(v.ana.new_conv, "reused ports: new conversation (%#x)", v.ana.flags);
	TL_CHECK(v.ana.flags & TL_ANA_REUSED_PORTS, "reused ports flagged (%#x)", v.ana.flags);
	TL_CHECK(v.prev_stream == old, "prev_stream %u, want %u", v.prev_stream, old);
	TL_CHECK(v.ana.stream == 3, "new stream number 3, got %u", v.ana.stream);
	TL_CHECK(tl_view_ana(v.flow)->stream == 3, "connection state holds stream 3");
	decode(vw, rec4(srv, 80, cli, 40000, 300, 900001, S | A, 0), &v);
	TL_CHECK(!v.ana.new_conv && v.ana.stream == 3, "SYN-ACK stays in stream %u", v.ana.stream);
	tl_view_free(vw);
}

static void test_evict(void)
{
	enum { N = 4 };
	struct tl_view *vw = view(N, true, true);
	struct tl_segview v;
	uint32_t stream1 = 0;

	TL_CHECK(vw, "view of %d connections", N);
	if (!vw)
		return;
	for (uint16_t i = 0; i < N; i++) {
		decode(vw, rec4("198.18.0.1", 1000 + i, "198.18.0.2", 80, 10, 20, A, 0), &v);
		TL_CHECK(!v.evicted, "connection %u fits", i);
		if (i == 1)
			stream1 = v.ana.stream;
	}
	/* Touch connection 0 so connection 1 is the least recently used. */
	decode(vw, rec4("198.18.0.2", 80, "198.18.0.1", 1000, 20, 11, A, 0), &v);
	TL_CHECK(!v.evicted, "known connection evicts nothing");
	TL_CHECK(tl_view_count(vw) == N && tl_view_evictions(vw) == 0, "full, no eviction yet");

	decode(vw, rec4("198.18.0.1", 2000, "198.18.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.evicted, "one more connection evicts");
	if (v.evicted) {
		TL_CHECK(v.evicted->port[0] == 80 && v.evicted->port[1] == 1001,
			 "evicted is the LRU connection: ports %u %u", v.evicted->port[0],
			 v.evicted->port[1]);
		TL_CHECK(tl_view_ana(v.evicted)->stream == stream1,
			 "the copy keeps its analysis: stream %u, want %u",
			 tl_view_ana(v.evicted)->stream, stream1);
		TL_CHECK(v.evicted != v.flow, "the copy is not the reused entry");
	}
	TL_CHECK(v.rel && v.seqv.seq == 10, "new connection starts absolute");
	TL_CHECK(v.ana.stream == N, "new connection gets stream %u: %u", N, v.ana.stream);
	TL_CHECK(tl_view_count(vw) == N, "count stays %d: %u", N, tl_view_count(vw));
	TL_CHECK(tl_view_evictions(vw) == 1, "one eviction: %llu",
		 (unsigned long long)tl_view_evictions(vw));

	decode(vw, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 11, 20, A, 0), &v);
	TL_CHECK(!v.evicted, "next record: evicted is NULL again");
	TL_CHECK(v.rel && v.seqv.seq == 1, "recently used connection kept its bases: %u",
		 v.seqv.seq);
	tl_view_free(vw);

	/* The smallest table tl_flows_new accepts: one connection. */
	vw = view(1, true, false);
	TL_CHECK(vw, "view of 1 connection");
	if (!vw)
		return;
	decode(vw, rec4("198.18.0.1", 1000, "198.18.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(!v.evicted, "first fits");
	decode(vw, rec4("198.18.0.1", 1001, "198.18.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.evicted && v.evicted->port[1] == 1000, "second evicts the first");
	TL_CHECK(tl_view_count(vw) == 1 && tl_view_evictions(vw) == 1, "count 1, 1 eviction");
	tl_view_free(vw);
}

/* An entry keeps IPv6 addresses out of line: lookups, keys and the evicted copy still see them. */
static void test_v6(void)
{
	struct tl_view *vw = view(2, true, false);
	struct tl_flow_key k;
	struct tl_segview v;
	char a[2][TL_ADDR_TEXT];
	struct tl_flow *f;

	TL_CHECK(vw, "view of 2 connections");
	if (!vw)
		return;
	decode(vw, rec(6, "fd00:198::1", 1000, "fd00:198::2", 80, 10, 20, A, 0), &v);
	f = v.flow;
	decode(vw, rec(4, "198.18.0.1", 1000, "198.18.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.flow != f, "IPv4 with the same ports is another connection");
	decode(vw, rec(6, "fd00:198::2", 80, "fd00:198::1", 1000, 20, 11, A, 0), &v);
	TL_CHECK(v.flow == f && v.side == 0, "the reply finds the IPv6 entry, side L");
	decode(vw, rec(6, "fd00:198::3", 1000, "fd00:198::2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.flow != f, "another IPv6 address is another connection");
	/* A third connection in a table of two: the IPv4 one (least recently used) goes. */
	TL_CHECK(v.evicted && v.evicted->family == 4, "the IPv4 entry was evicted");
	/* Now the first IPv6 connection is the oldest: evict it with an IPv4 one. */
	decode(vw, rec(4, "198.18.0.9", 1000, "198.18.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.evicted && v.evicted->family == 6, "the IPv6 entry was evicted");
	if (v.evicted) {
		tl_view_key(vw, v.evicted, &k);
		tl_addr_text(6, k.addr[0], a[0], sizeof(a[0]));
		tl_addr_text(6, k.addr[1], a[1], sizeof(a[1]));
		TL_CHECK(!strcmp(a[0], "fd00:198::2") && !strcmp(a[1], "fd00:198::1") &&
				 k.port[0] == 80 && k.port[1] == 1000,
			 "the evicted copy's key: %s.%u %s.%u", a[0], k.port[0], a[1], k.port[1]);
	}
	/* Its record goes back one eviction later; a later IPv6 entry takes it. */
	decode(vw, rec(6, "fd00:198::3", 1000, "fd00:198::2", 80, 11, 20, A, 0), &v);
	TL_CHECK(v.flow && !v.evicted, "the other IPv6 connection is still there");
	decode(vw, rec(6, "fd00:198::5", 1000, "fd00:198::2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.evicted && v.evicted->family == 4, "::5 evicts the IPv4 entry");
	f = v.flow;
	decode(vw, rec(6, "fd00:198::7", 1000, "fd00:198::2", 80, 10, 20, A, 0), &v);
	TL_CHECK(v.evicted && v.evicted->family == 6, "::7 evicts ::3");
	if (v.evicted) {
		tl_view_key(vw, v.evicted, &k);
		tl_addr_text(6, k.addr[1], a[1], sizeof(a[1]));
		TL_CHECK(!strcmp(a[1], "fd00:198::3"), "the copy still reads ::3: %s", a[1]);
	}
	tl_view_key(vw, f, &k);
	tl_addr_text(6, k.addr[1], a[1], sizeof(a[1]));
	TL_CHECK(!strcmp(a[1], "fd00:198::5"), "::5 is intact: %s", a[1]);
	tl_view_key(vw, v.flow, &k);
	tl_addr_text(6, k.addr[1], a[1], sizeof(a[1]));
	TL_CHECK(!strcmp(a[1], "fd00:198::7"), "::7 is intact: %s", a[1]);
	decode(vw, rec(6, "fd00:198::2", 80, "fd00:198::5", 1000, 20, 11, A, 0), &v);
	TL_CHECK(v.flow == f && !v.evicted, "::5 is found again");
	tl_view_free(vw);
}

static void test_no_lookup(void)
{
	struct tl_view *vw = view(16, false, false);
	struct tl_segview v;

	decode(vw, rec4("10.0.0.1", 1000, "10.0.0.2", 80, 10, 20, A, 0), &v);
	TL_CHECK(!v.flow && !v.rel && !v.analysed && !v.evicted, "no output needs the table");
	TL_CHECK(tl_view_count(vw) == 0, "no entry: %u", tl_view_count(vw));
	tl_view_free(vw);
}

int main(void)
{
	test_relative();
	test_no_step();
	test_side();
	test_analysis();
	test_evict();
	test_v6();
	test_no_lookup();
	return tl_test_done("view");
}
