// SPDX-License-Identifier: GPL-2.0-only
/* Kernel events: sizes checked per kind, a drop tied to the segment the hook saw (once), a
 * retransmission tied to its segment before or after it, and the names printed for both. */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "tl_test.h"
#include "conn/kevent.h"

/* A drop event with its segment record: 198.18.0.1:40000 > 198.18.0.2:7777, SYN. */
static union {
	struct tl_ev_drop d;
	uint8_t b[TL_EV_DROP_MAX];
} drop_ev;

static struct tl_record *make_drop(uint32_t seq)
{
	struct tl_record *r = (struct tl_record *)(&drop_ev.d + 1);

	memset(&drop_ev, 0, sizeof(drop_ev));
	drop_ev.d.h = (struct tl_event_hdr){ .mark = TL_EVENT_MARK,
					     .kind = TL_EV_DROP,
					     .size = TL_EV_DROP_MAX };
	drop_ev.d.reason = 12;
	r->version = TL_RECORD_VERSION;
	r->family = 4;
	r->size = TL_RECORD_HDR + 8;
	r->sport = 40000;
	r->dport = 7777;
	r->seq = seq;
	r->doff_byte = 5 << 4;
	r->tcp_flags = 0x02;
	r->l4_len = r->l4_caplen = 20;
	inet_pton(AF_INET, "198.18.0.1", (uint8_t *)r + TL_RECORD_HDR);
	inet_pton(AF_INET, "198.18.0.2", (uint8_t *)r + TL_RECORD_HDR + 4);
	return r;
}

static void test_decode(void)
{
	struct tl_capture_meta m = { .ts_ns = 1 };
	struct tl_ev_state st = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_STATE, .size = sizeof(st) },
		.c = { .family = 4 }
	};
	struct tl_kevent ev;

	make_drop(1);
	TL_CHECK(tl_kevent_decode(&drop_ev.d.h, &m, &ev) && ev.drop && ev.rec, "drop decodes");
	drop_ev.d.h.size = sizeof(struct tl_ev_drop) + TL_RECORD_HDR; /* its record is longer */
	TL_CHECK(!tl_kevent_decode(&drop_ev.d.h, &m, &ev), "drop shorter than its record refused");
	TL_CHECK(tl_kevent_decode(&st.h, &m, &ev) && ev.c && !ev.drop, "state decodes");
	st.h.size = sizeof(st) - 8;
	TL_CHECK(!tl_kevent_decode(&st.h, &m, &ev), "short state refused");
	st.h.size = sizeof(st);
	st.h.kind = TL_EV_PROC;
	TL_CHECK(!tl_kevent_decode(&st.h, &m, &ev), "another engineer's kind is not decoded here");
	st.h.kind = TL_EV_STATE;
	st.c.family = 5;
	TL_CHECK(!tl_kevent_decode(&st.h, &m, &ev), "bad family refused");
}

static void test_drop_match(void)
{
	struct tl_kev_match *km = tl_kev_match_new();
	struct tl_capture_meta m = { .ts_ns = 5 };
	struct tl_kevent ev;
	struct tl_record *r = make_drop(100);
	union {
		struct tl_record r;
		uint8_t b[TL_RECORD_MAX];
	} seen;

	memcpy(&seen, r, r->size);
	tl_kev_match_segment(km, &seen.r, 7, 1234, 0);
	for (uint64_t f = 8; f < 40; f++) { /* other traffic in between */
		seen.r.seq = (uint32_t)f;
		tl_kev_match_segment(km, &seen.r, f, 0, 0);
	}
	tl_kevent_decode(&drop_ev.d.h, &m, &ev);
	tl_kev_match_drop(km, &ev);
	TL_CHECK(ev.seen_serial == 7 && ev.seen_ts_ns == 1234, "drop tied to frame 7 (got %llu)",
		 (unsigned long long)ev.seen_serial);
	tl_kev_match_drop(km, &ev);
	ev.seen_serial = 0;
	tl_kev_match_drop(km, &ev);
	TL_CHECK(ev.seen_serial == 0, "a segment seen once takes one drop only");
	make_drop(99999);
	tl_kevent_decode(&drop_ev.d.h, &m, &ev);
	tl_kev_match_drop(km, &ev);
	TL_CHECK(ev.seen_serial == 0, "a segment no hook saw is tied to nothing");
	tl_kev_match_free(km);
}

static void test_retrans_match(void)
{
	struct tl_kev_match *km = tl_kev_match_new();
	struct tl_capture_meta m = { .ts_ns = 5 };
	struct tl_ev_retrans rt = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_RETRANS, .size = sizeof(rt) },
		.c = { .family = 4, .lport = 40000, .rport = 7777 },
		.seq = 100,
		.end_seq = 120,
		.ca_state = 3
	};
	struct tl_record *r = make_drop(100); /* the same 4-tuple, sent by the local side */
	struct tl_kevent ev;

	inet_pton(AF_INET, "198.18.0.1", rt.c.laddr);
	inet_pton(AF_INET, "198.18.0.2", rt.c.raddr);
	/* The hook saw the segment first (tc egress). */
	tl_kev_match_segment(km, r, 3, 77, 0x0001);
	tl_kevent_decode(&rt.h, &m, &ev);
	TL_CHECK(tl_kev_match_retrans_seen(km, &ev) && ev.seen_serial == 3 && ev.ws_flags == 1,
		 "retransmission tied to the segment seen before it");
	TL_CHECK(!tl_kev_match_retrans_seen(km, &ev), "and only once");
	/* The segment comes after the event. */
	tl_kev_match_retrans(km, &rt);
	TL_CHECK(tl_kev_match_retrans_of(km, r) != NULL, "segment after the event finds it");
	TL_CHECK(tl_kev_match_retrans_of(km, r) == NULL, "and takes it: a later copy does not");
	r->sport = 1;
	tl_kev_match_retrans(km, &rt);
	TL_CHECK(tl_kev_match_retrans_of(km, r) == NULL, "another connection's segment does not");
	tl_kev_match_free(km);
}

static void test_names(void)
{
	TL_CHECK_STR(tl_kevent_state_name(1), "ESTABLISHED", "state 1");
	TL_CHECK_STR(tl_kevent_state_name(9), "LAST_ACK", "state 9");
	TL_CHECK_STR(tl_kevent_state_name(200), "?", "state out of range");
	TL_CHECK_STR(tl_kevent_retrans_why(4), "timer (RTO)", "ca Loss");
	TL_CHECK_STR(tl_kevent_retrans_why(3), "fast retransmit", "ca Recovery");
	TL_CHECK_STR(tl_kevent_retrans_why(0), "loss probe", "ca Open");
}

/* The summary's account of one socket: retransmissions by reason, the close's figures. */
static void test_kacct(void)
{
	struct tl_capture_meta m = { .ts_ns = 5 };
	struct tl_ev_retrans rt = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_RETRANS, .size = sizeof(rt) },
		.c = { .family = 4, .lport = 8080, .rport = 40000 },
	};
	struct tl_ev_close cl = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_CLOSE, .size = sizeof(cl) },
		.c = { .family = 4, .lport = 8080, .rport = 40000 },
		.srtt_us = 1234,
		.total_retrans = 5,
		.bytes_acked = 2000001,
		.bytes_received = 1,
	};
	struct tl_kacct a = { 0 };
	struct tl_kevent ev;
	static const uint8_t ca[] = {
		3, 3, 4, 0, 1, 2
	}; /* Recovery x2, Loss, Open, Disorder, CWR */

	make_drop(1);
	tl_kevent_decode(&drop_ev.d.h, &m, &ev);
	tl_kacct_add(&a, &ev);
	TL_CHECK(!a.seen, "a drop is no socket's event");
	for (unsigned int i = 0; i < sizeof(ca); i++) {
		rt.ca_state = ca[i];
		rt.seq = 4294967000u; /* wraps: 1448 bytes all the same */
		rt.end_seq = rt.seq + 1448;
		tl_kevent_decode(&rt.h, &m, &ev);
		tl_kacct_add(&a, &ev);
	}
	rt.err = -16; /* EBUSY: the earlier copy still in the device's queue */
	tl_kevent_decode(&rt.h, &m, &ev);
	tl_kacct_add(&a, &ev);
	TL_CHECK(a.seen && !a.closed, "retransmissions: seen, not closed");
	TL_CHECK(a.retrans[TL_KEV_WHY_FAST] == 2 && a.retrans[TL_KEV_WHY_RTO] == 1 &&
			 a.retrans[TL_KEV_WHY_PROBE] == 2 && a.retrans[TL_KEV_WHY_CWR] == 1,
		 "by reason: fast %u, rto %u, probe %u, cwr %u", a.retrans[TL_KEV_WHY_FAST],
		 a.retrans[TL_KEV_WHY_RTO], a.retrans[TL_KEV_WHY_PROBE], a.retrans[TL_KEV_WHY_CWR]);
	TL_CHECK(a.retrans_bytes == 6 * 1448, "bytes of the sent ones (got %llu)",
		 (unsigned long long)a.retrans_bytes);
	TL_CHECK(tl_kacct_retrans(&a) == 6 && a.not_sent == 1, "6 sent, 1 not sent (got %u, %u)",
		 tl_kacct_retrans(&a), a.not_sent);
	tl_kevent_decode(&cl.h, &m, &ev);
	tl_kacct_add(&a, &ev);
	TL_CHECK(a.closed && a.srtt_us == 1234 && a.total_retrans == 5 &&
			 a.bytes_acked == 2000001 && a.bytes_received == 1,
		 "the close's figures kept");
	TL_CHECK(tl_kacct_retrans(&a) == 6, "the close adds no retransmission of its own");
	TL_CHECK_STR(tl_kevent_why_name(TL_KEV_WHY_CWR), "in CWR", "why name CWR");
	TL_CHECK_STR(tl_kevent_why_name(TL_KEV_WHY_MAX), "?", "why name out of range");
}

int main(void)
{
	test_kacct();
	test_decode();
	test_drop_match();
	test_retrans_match();
	test_names();
	return tl_test_done("kevent");
}
