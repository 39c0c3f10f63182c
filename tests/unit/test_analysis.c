// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the TCP analysis engine: hand-built segment sequences, one per rule/edge case. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "conn/analysis.h"
#include "tl_test.h"

#define A  TL_TH_ACK
#define S  TL_TH_SYN
#define F  TL_TH_FIN
#define R  TL_TH_RST
#define MS 1000000LL

static struct tl_ana_lists lists;
static struct tl_ana_conn c;
static struct tl_ana_result res;
static uint64_t frame;

static void start(void)
{
	tl_ana_release(&lists, &c);
	tl_ana_init(&c, 0);
	frame = 0;
}

/*
 * Send one segment from side d at time t_us (microseconds after a base of 1 s: Wireshark treats
 * a SYN time of exactly 0 as "no SYN seen"); returns the flags.
 */
static uint32_t seg(int d, int64_t t_us, uint8_t fl, uint32_t seq, uint32_t ack, uint32_t len,
		    uint16_t win, int ws)
{
	struct tl_seg s = {
		.frame = ++frame,
		.ts_ns = (1000000 + t_us) * 1000,
		.seq = seq,
		.ack = ack,
		.seglen = len,
		.win = win,
		.flags = fl,
		.wscale = (int16_t)ws,
	};

	return tl_ana_segment(&lists, &c, d, &s, &res);
}

/* Client ISN 1000, server ISN 5000, windows 100 (no scaling), at t = 0, 100, 200 us. */
static void handshake(int cws, int sws)
{
	seg(0, 0, S, 1000, 0, 0, 100, cws);
	seg(1, 100, S | A, 5000, 1001, 0, 100, sws);
	seg(0, 200, A, 1001, 5001, 0, 100, -1);
}

static void test_handshake_rtt(void)
{
	start();
	TL_CHECK(seg(0, 0, S, 1000, 0, 0, 100, -1) == 0, "SYN flags %#x", res.flags);
	TL_CHECK(!res.has_initial_rtt, "no initial RTT on the SYN");
	seg(1, 100, S | A, 5000, 1001, 0, 100, -1);
	TL_CHECK(res.acks_frame == 1 && res.ack_rtt_ns == 100000, "SYN-ACK acks 1: %llu %lld",
		 (unsigned long long)res.acks_frame, (long long)res.ack_rtt_ns);
	TL_CHECK(!res.has_initial_rtt, "initial RTT unknown before the third packet");
	seg(0, 250, A, 1001, 5001, 0, 100, -1);
	TL_CHECK(res.acks_frame == 2 && res.has_initial_rtt && res.initial_rtt_ns == 250000,
		 "third packet: acks %llu rtt %lld", (unsigned long long)res.acks_frame,
		 (long long)res.initial_rtt_ns);
	/* a data segment has a record (bytes in flight), so it shows initial_rtt too */
	seg(0, 300, A, 1001, 5001, 10, 100, -1);
	TL_CHECK(res.flags == 0 && res.has_initial_rtt, "data carries initial_rtt");
	/* a FIN acking nothing new has no record */
	seg(1, 400, A, 5001, 1011, 0, 100, -1);
	seg(1, 500, A | F, 5001, 1011, 0, 100, -1);
	TL_CHECK(res.flags == 0 && !res.has_record && !res.has_initial_rtt,
		 "bare FIN: no record (%#x)", res.flags);

	/* SYN retransmission restarts the RTT clock and is a retransmission (section 3) */
	start();
	seg(0, 0, S, 1000, 0, 0, 100, -1);
	TL_CHECK(seg(0, 1000000, S, 1000, 0, 0, 100, -1) == TL_ANA_RETRANSMISSION,
		 "SYN retransmission: %#x", res.flags);
	seg(1, 1000100, S | A, 5000, 1001, 0, 100, -1);
	TL_CHECK(res.acks_frame == 1, "SYN-ACK matches the oldest SYN copy: %llu",
		 (unsigned long long)res.acks_frame);
	seg(0, 1000200, A, 1001, 5001, 0, 100, -1);
	TL_CHECK(res.initial_rtt_ns == 200000, "RTT from the most recent SYN: %lld",
		 (long long)res.initial_rtt_ns);
}

static void test_dup_ack(void)
{
	start();
	handshake(-1, -1);
	seg(1, 300, A, 5001, 1001, 100, 100, -1); /* 4 */
	seg(0, 400, A, 1001, 5101, 0, 100, -1);	  /* 5: new ack */
	TL_CHECK(seg(0, 500, A, 1001, 5101, 0, 100, -1) == TL_ANA_DUP_ACK, "dup 1");
	TL_CHECK(res.dupack_num == 1 && res.dupack_frame == 5, "dup 1 = 5#1: %llu#%u",
		 (unsigned long long)res.dupack_frame, res.dupack_num);
	seg(0, 600, A, 1001, 5101, 0, 100, -1);
	TL_CHECK(res.dupack_num == 2 && res.dupack_frame == 5, "dup 2");

	char buf[80];

	tl_ana_label(&res, buf, sizeof(buf));
	TL_CHECK_STR(buf, "[TCP Dup ACK 5#2]", "dup ack label");

	/* different window: window update, counter not advanced; no ACK flag still counts */
	TL_CHECK(seg(0, 700, A, 1001, 5101, 0, 200, -1) == TL_ANA_WINDOW_UPDATE, "win update");
	TL_CHECK(seg(0, 800, 0, 1001, 5101, 0, 200, -1) == TL_ANA_DUP_ACK && res.dupack_num == 3,
		 "dup without ACK flag: %#x #%u", res.flags, res.dupack_num);
	/* a zero window repeated is never a dup ack */
	TL_CHECK(seg(0, 900, A, 1001, 5101, 0, 0, -1) == TL_ANA_ZERO_WINDOW, "zero window %#x",
		 res.flags);
	TL_CHECK(seg(0, 1000, A, 1001, 5101, 0, 0, -1) == TL_ANA_ZERO_WINDOW, "zero again %#x",
		 res.flags);
	/* FIN/RST are never dup acks */
	seg(0, 1100, A, 1001, 5101, 0, 200, -1);
	TL_CHECK(seg(0, 1200, A | R, 1001, 5101, 0, 200, -1) == 0, "RST %#x", res.flags);
}

static void test_fast_retrans(void)
{
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1); /* 4: 1001-1101 */
	seg(0, 1010, A, 1101, 5001, 100, 100, -1); /* 5: 1101-1201 */
	seg(1, 2000, A, 5001, 1101, 0, 1000, -1);  /* 6: acks 4 */
	seg(1, 2010, A, 5001, 1101, 0, 1000, -1);  /* dup 1 */
	seg(1, 2020, A, 5001, 1101, 0, 1000, -1);  /* dup 2 */
	TL_CHECK(res.dupack_num == 2, "two dup acks");
	TL_CHECK(seg(0, 2030, A, 1101, 5001, 100, 100, -1) == TL_ANA_FAST_RETRANSMISSION,
		 "fast retransmission: %#x", res.flags);
	TL_CHECK(tl_ana_is_retrans(res.flags), "counts as retransmission");

	/* same, but 20 ms after the last dup ACK: a plain retransmission */
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	seg(0, 1010, A, 1101, 5001, 100, 100, -1);
	seg(1, 2000, A, 5001, 1101, 0, 1000, -1);
	seg(1, 2010, A, 5001, 1101, 0, 1000, -1);
	seg(1, 2020, A, 5001, 1101, 0, 1000, -1);
	TL_CHECK(seg(0, 22020, A, 1101, 5001, 100, 100, -1) == TL_ANA_RETRANSMISSION,
		 "after 20 ms: %#x", res.flags);
	TL_CHECK(res.rto_frame == 5, "rto from the oldest unacked segment: %llu",
		 (unsigned long long)res.rto_frame);

	/* only one dup ACK: not fast */
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	seg(0, 1010, A, 1101, 5001, 100, 100, -1);
	seg(1, 2000, A, 5001, 1101, 0, 1000, -1);
	seg(1, 2010, A, 5001, 1101, 0, 1000, -1);
	TL_CHECK(seg(0, 2020, A, 1101, 5001, 100, 100, -1) == TL_ANA_RETRANSMISSION,
		 "one dup ack is not enough: %#x", res.flags);
}

static void test_spurious(void)
{
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	seg(1, 2000, A, 5001, 1101, 0, 100, -1);
	TL_CHECK(seg(0, 3000, A, 1001, 5001, 100, 100, -1) == TL_ANA_SPURIOUS_RETRANSMISSION,
		 "spurious: %#x", res.flags);
	char buf[80];

	tl_ana_label(&res, buf, sizeof(buf));
	TL_CHECK_STR(buf, "[TCP Spurious Retransmission]", "spurious label");
	/* overlapping new data is a plain retransmission */
	TL_CHECK(seg(0, 9000, A, 1051, 5001, 100, 100, -1) == TL_ANA_RETRANSMISSION, "overlap: %#x",
		 res.flags);
}

static void test_ooo(void)
{
	/* no initial RTT (mid-stream): threshold 3 ms */
	start();
	seg(0, 0, A, 1000, 5000, 100, 100, -1); /* nextseq 1100 */
	TL_CHECK(seg(0, 100, A, 1200, 5000, 100, 100, -1) == TL_ANA_LOST_SEGMENT, "lost %#x",
		 res.flags);
	TL_CHECK(seg(0, 2000, A, 1100, 5000, 100, 100, -1) == TL_ANA_OUT_OF_ORDER,
		 "ooo within 3 ms: %#x", res.flags);
	start();
	seg(0, 0, A, 1000, 5000, 100, 100, -1);
	seg(0, 100, A, 1200, 5000, 100, 100, -1);
	TL_CHECK(seg(0, 3100, A, 1100, 5000, 100, 100, -1) == TL_ANA_RETRANSMISSION,
		 "3 ms later: %#x", res.flags);

	/* with an initial RTT of 200 us the threshold is 200 us */
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	seg(0, 1010, A, 1201, 5001, 100, 100, -1);
	TL_CHECK(seg(0, 1150, A, 1101, 5001, 100, 100, -1) == TL_ANA_OUT_OF_ORDER,
		 "ooo within rtt: %#x", res.flags);
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	seg(0, 1010, A, 1201, 5001, 100, 100, -1);
	TL_CHECK(seg(0, 1300, A, 1101, 5001, 100, 100, -1) == TL_ANA_RETRANSMISSION,
		 "beyond rtt: %#x", res.flags);
	/* a copy ending exactly at nextseq is a retransmission even within the threshold */
	start();
	seg(0, 0, A, 1000, 5000, 100, 100, -1);
	TL_CHECK(seg(0, 10, A, 1000, 5000, 100, 100, -1) == TL_ANA_RETRANSMISSION, "same end: %#x",
		 res.flags);
}

static void test_keepalive(void)
{
	char buf[80];

	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 10, 100, -1);
	seg(1, 2000, A, 5001, 1011, 0, 100, -1);
	/* Linux style: seq = snd_una - 1, no data */
	TL_CHECK(seg(0, 3000, A, 1010, 5001, 0, 100, -1) == TL_ANA_KEEP_ALIVE, "ka %#x", res.flags);
	TL_CHECK(seg(1, 3100, A, 5001, 1011, 0, 100, -1) == TL_ANA_KEEP_ALIVE_ACK, "ka ack %#x",
		 res.flags);
	tl_ana_label(&res, buf, sizeof(buf));
	TL_CHECK_STR(buf, "[TCP Keep-Alive ACK]", "keep-alive ack label");
	/* a 1-byte keep-alive (BSD style) is not a retransmission */
	TL_CHECK(seg(0, 4000, A, 1010, 5001, 1, 100, -1) == TL_ANA_KEEP_ALIVE, "ka1 %#x",
		 res.flags);
	/* the next ACK after the KA ACK repeats again: after something else it is a dup ack */
	TL_CHECK(seg(1, 4100, A, 5001, 1011, 0, 100, -1) == TL_ANA_KEEP_ALIVE_ACK, "ka ack 2");
	seg(0, 5000, A, 1011, 5001, 0, 100, -1);
	TL_CHECK(seg(1, 5100, A, 5001, 1011, 0, 100, -1) == TL_ANA_DUP_ACK, "then dup %#x",
		 res.flags);
	/* nextseq unknown: nextseq - 1 = 0xffffffff */
	start();
	TL_CHECK(seg(0, 0, A, 0xffffffffu, 5000, 0, 100, -1) == TL_ANA_KEEP_ALIVE,
		 "0 as unknown keep-alive: %#x", res.flags);
}

static void test_zero_window(void)
{
	char buf[80];

	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	TL_CHECK(seg(1, 2000, A, 5001, 1101, 0, 0, -1) == TL_ANA_ZERO_WINDOW, "zw %#x", res.flags);
	TL_CHECK(seg(0, 3000, A, 1101, 5001, 1, 100, -1) == TL_ANA_ZERO_WINDOW_PROBE, "zwp %#x",
		 res.flags);
	TL_CHECK(seg(1, 3100, A, 5001, 1101, 0, 0, -1) ==
			 (TL_ANA_ZERO_WINDOW | TL_ANA_ZERO_WINDOW_PROBE_ACK),
		 "zwp ack %#x", res.flags);
	tl_ana_label(&res, buf, sizeof(buf));
	TL_CHECK_STR(buf, "[TCP ZeroWindowProbeAck] [TCP ZeroWindow]", "zwp ack label");
	/* the probe did not advance nextseq: the next probe is a probe again */
	TL_CHECK(seg(0, 4000, A, 1101, 5001, 1, 100, -1) == TL_ANA_ZERO_WINDOW_PROBE, "zwp 2");
	/* window opens: window update */
	TL_CHECK(seg(1, 5000, A, 5001, 1101, 0, 100, -1) == TL_ANA_WINDOW_UPDATE, "reopen %#x",
		 res.flags);
	/* data following a 1-byte probe at nextseq - 1 is not a retransmission */
	start();
	seg(0, 0, A, 1000, 5000, 10, 100, -1); /* nextseq 1010 */
	TL_CHECK(seg(0, 10000, A, 1009, 5000, 50, 100, -1) == 0, "seq == nextseq-1, len > 1: %#x",
		 res.flags);
}

static void test_window_full(void)
{
	/* no scaling: right edge = lastack + window */
	start();
	handshake(-1, -1);
	seg(1, 300, A, 5001, 1001, 0, 100, -1);
	TL_CHECK(seg(0, 400, A, 1001, 5001, 100, 100, -1) == TL_ANA_WINDOW_FULL, "full %#x",
		 res.flags);
	/* scaling 2 on both sides: window 100 means 400 after the first ACK */
	start();
	handshake(2, 2);
	seg(1, 300, A, 5001, 1001, 0, 100, -1);
	TL_CHECK(seg(0, 400, A, 1001, 5001, 100, 100, -1) == 0, "scaled, not full: %#x", res.flags);
	TL_CHECK(seg(0, 500, A, 1101, 5001, 300, 100, -1) == TL_ANA_WINDOW_FULL, "full at 400");
	/* the server's SYN-ACK window is taken unscaled until it sends its first ACK */
	start();
	handshake(2, 2);
	TL_CHECK(seg(0, 400, A, 1001, 5001, 100, 100, -1) == TL_ANA_WINDOW_FULL,
		 "server still is_first_ack: %#x", res.flags);
	/* one side without WS: no scaling */
	start();
	handshake(-1, 7);
	seg(1, 300, A, 5001, 1001, 0, 100, -1);
	TL_CHECK(seg(0, 400, A, 1001, 5001, 100, 100, -1) == TL_ANA_WINDOW_FULL, "ws -2");
	/* handshake not seen: never */
	start();
	seg(1, 0, A, 5001, 1001, 0, 100, -1);
	TL_CHECK(seg(0, 100, A, 1001, 5001, 100, 100, -1) == 0, "scale unknown: %#x", res.flags);
}

static void test_acked_unseen(void)
{
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	/* the server acks data the capture never showed (beyond nextseq) */
	TL_CHECK(seg(1, 2000, A, 5001, 1201, 0, 100, -1) == TL_ANA_ACK_LOST_SEGMENT, "unseen %#x",
		 res.flags);
	/* repeated: flagged only while the client's dup-ack counter is 0, then -1 */
	TL_CHECK(seg(1, 2100, A, 5001, 1201, 0, 100, -1) == TL_ANA_DUP_ACK, "second %#x",
		 res.flags);
	/* with a hole: the lost segment is flagged, then the ACK that covers it */
	start();
	handshake(-1, -1);
	seg(0, 1000, A, 1001, 5001, 100, 100, -1);
	TL_CHECK(seg(0, 1100, A, 1201, 5001, 100, 100, -1) == TL_ANA_LOST_SEGMENT, "hole");
	TL_CHECK(seg(1, 2000, A, 5001, 1301, 0, 100, -1) == TL_ANA_ACK_LOST_SEGMENT,
		 "ack over the hole: %#x", res.flags);
	TL_CHECK(res.acks_frame == 5, "acks the segment after the hole: %llu",
		 (unsigned long long)res.acks_frame);
	/* the -1 trick: a client dup ACK after the flag starts again at #1 */
	start();
	handshake(-1, -1);
	seg(1, 300, A, 5001, 1001, 10, 100, -1); /* 4: server data */
	seg(0, 400, A, 1001, 5011, 0, 100, -1);	 /* 5: client acks it */
	seg(0, 500, A, 1001, 5011, 0, 100, -1);	 /* dup #1 */
	TL_CHECK(res.dupack_num == 1, "dup #1");
	seg(1, 600, A, 5011, 1501, 0, 100, -1); /* acks unseen client data */
	TL_CHECK(res.flags == 0, "client dupacknum != 0: not flagged (%#x)", res.flags);
	seg(0, 700, A, 1001, 5011, 0, 100, -1);
	TL_CHECK(res.flags == TL_ANA_DUP_ACK && res.dupack_num == 1, "-1 restarts at 1: #%u",
		 res.dupack_num);
}

static void test_reuse(void)
{
	start();
	handshake(-1, -1);
	seg(0, 1000, A | F, 1001, 5001, 0, 100, -1);
	TL_CHECK(seg(0, 9000000, S, 7000, 0, 0, 100, -1) == TL_ANA_REUSED_PORTS, "reuse %#x",
		 res.flags);
	TL_CHECK(res.new_conv, "new conversation");
	c.stream = 1;
	seg(1, 9000100, S | A, 8000, 7001, 0, 100, -1);
	TL_CHECK(res.flags == 0 && res.acks_frame == 5 && res.stream == 1,
		 "fresh state: %#x acks %llu", res.flags, (unsigned long long)res.acks_frame);
	/* SYN-ACK with a different ISN: base replaced, same conversation */
	TL_CHECK(seg(1, 9000200, S | A, 8100, 7001, 0, 100, -1) ==
			 (TL_ANA_REUSED_PORTS | TL_ANA_LOST_SEGMENT),
		 "synack reuse %#x", res.flags);
	TL_CHECK(!res.new_conv, "same conversation");
}

static void test_zero_wrap(void)
{
	/* server ISN 0xffffffff: the third handshake ACK carries ack 0 = the SYN's ack field */
	start();
	seg(0, 0, S, 1000, 0, 0, 100, -1);
	seg(1, 100, S | A, 0xffffffffu, 1001, 0, 100, -1);
	TL_CHECK(seg(0, 200, A, 1001, 0, 0, 100, -1) == TL_ANA_DUP_ACK && res.dupack_num == 1 &&
			 res.dupack_frame == 1,
		 "ISN 0xffffffff: dup ack %#x", res.flags);
	/* SYN end 0: the next segment from the server is not "lost" (0 = unknown) */
	TL_CHECK(seg(1, 300, A, 0, 1001, 10, 100, -1) == 0, "nextseq 0 unknown: %#x", res.flags);
	/* comparisons wrap modulo 2^32 */
	start();
	seg(0, 0, A, 0xfffffff0u, 5000, 0x20, 100, -1); /* nextseq 0x10 */
	TL_CHECK(seg(0, 10000, A, 0xfffffff0u, 5000, 0x20, 100, -1) == TL_ANA_RETRANSMISSION,
		 "wrapped retransmission: %#x", res.flags);
	TL_CHECK(seg(0, 20000, A, 0x20, 5000, 0x10, 100, -1) == TL_ANA_LOST_SEGMENT,
		 "wrapped lost: %#x", res.flags);
}

static void test_record(void)
{
	union {
		struct tl_record r;
		uint8_t raw[TL_RECORD_MAX];
	} u;
	struct tl_seg s;
	/* MSS 1460, NOP, WS 7 */
	static const uint8_t opts[] = { 2, 4, 5, 180, 1, 3, 3, 7 };

	memset(&u, 0, sizeof(u));
	u.r.family = 4;
	u.r.seq = 10;
	u.r.doff_byte = 7 << 4;
	u.r.tcp_flags = S;
	u.r.l4_len = 28 + 5;
	u.r.l4_caplen = 33;
	u.r.opt_len = sizeof(opts);
	memcpy((uint8_t *)tl_rec_opts(&u.r), opts, sizeof(opts));
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == 0 && s.wscale == 7 && s.seglen == 5 &&
			 s.frame == 3,
		 "record: ws %d len %u", s.wscale, s.seglen);
	u.r.ip_missing = 4;
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == 0 && s.seglen == 1,
		 "seglen from the bytes on the wire: %u", s.seglen);
	u.r.doff_byte = 4 << 4;
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == -EBADMSG, "bogus header length");
	u.r.doff_byte = 10 << 4;
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == -EMSGSIZE, "short segment");
	u.r.doff_byte = 5 << 4;
	u.r.flags = TL_RF_FRAG;
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == -EAGAIN, "first fragment");
	u.r.flags = 0;
	u.r.l4_caplen = 16;
	TL_CHECK(tl_seg_from_record(&u.r, 3, &s) == -ENODATA, "header not captured");
}

static void test_label(void)
{
	struct tl_ana_result r = { .flags = TL_ANA_WINDOW_FULL | TL_ANA_RETRANSMISSION };
	char buf[80], small[8];

	tl_ana_label(&r, buf, sizeof(buf));
	TL_CHECK_STR(buf, "[TCP Window Full] [TCP Retransmission]", "two labels");
	TL_CHECK(tl_ana_label(&r, small, sizeof(small)) == (int)strlen(buf) &&
			 strlen(small) == sizeof(small) - 1,
		 "truncation reports the full length");
	r.flags = 0;
	tl_ana_label(&r, buf, sizeof(buf));
	TL_CHECK_STR(buf, "", "no flag");
	TL_CHECK_STR(tl_ana_flag_name(TL_ANA_ZERO_WINDOW_PROBE_ACK), "zero_window_probe_ack",
		     "flag name");
}

int main(void)
{
	tl_ana_lists_init(&lists);
	test_handshake_rtt();
	test_dup_ack();
	test_fast_retrans();
	test_spurious();
	test_ooo();
	test_keepalive();
	test_zero_window();
	test_window_full();
	test_acked_unseen();
	test_reuse();
	test_zero_wrap();
	test_record();
	test_label();
	printf("sizeof(struct tl_ana_conn) = %zu\n", sizeof(struct tl_ana_conn));
	return tl_test_done("analysis");
}
