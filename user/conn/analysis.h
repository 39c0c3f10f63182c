/* SPDX-License-Identifier: GPL-2.0-only */
/* Wireshark-grade TCP sequence analysis (TShark 4.0.17 tcp.analysis.*), one segment at a time. */
#ifndef TL_ANALYSIS_H
#define TL_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/slab.h"
#include "conn/tcp.h" /* tl_seg.flags holds TL_TH_* bits */

/*
 * Flag bits returned by tl_ana_segment(). The conditions and their order are those of
 * shared/docs/tcp-analysis.md. FAST and SPURIOUS do not set RETRANSMISSION here; Wireshark
 * reports its generic retransmission expert for them too (tl_ana_is_retrans() says so).
 */
#define TL_ANA_RETRANSMISSION	       0x0001
#define TL_ANA_LOST_SEGMENT	       0x0002
#define TL_ANA_ACK_LOST_SEGMENT	       0x0004
#define TL_ANA_KEEP_ALIVE	       0x0008
#define TL_ANA_DUP_ACK		       0x0010
#define TL_ANA_ZERO_WINDOW	       0x0020
#define TL_ANA_ZERO_WINDOW_PROBE       0x0040
#define TL_ANA_ZERO_WINDOW_PROBE_ACK   0x0080
#define TL_ANA_KEEP_ALIVE_ACK	       0x0100
#define TL_ANA_OUT_OF_ORDER	       0x0200
#define TL_ANA_FAST_RETRANSMISSION     0x0400
#define TL_ANA_WINDOW_UPDATE	       0x0800
#define TL_ANA_WINDOW_FULL	       0x1000
#define TL_ANA_REUSED_PORTS	       0x2000
#define TL_ANA_SPURIOUS_RETRANSMISSION 0x4000

/*
 * Unacknowledged segments remembered per direction, for acks_frame, ack_rtt and rto (Wireshark
 * keeps up to 10000). The first TL_ANA_UNACKED_OLD places hold the oldest outstanding segments:
 * a retransmission's rto counts from the oldest. The others slide: once the list is full, a new
 * segment pushes out the oldest of them, so the ACKs of a long burst, which cover recent
 * segments, still find theirs. Measured on the real captures of tests/captures and a second
 * recording made the same way (tshark 4.0.17; the corpus agrees with any of these): 8 entries
 * that kept the first segments disagreed on 90 and 39 acks_frame/ack_rtt/initial_rtt cells and
 * on 1 of 46 rto frames; 7 entries with 4 kept disagree on 6, 6 and none. With 4 to 6 entries
 * every split tried made one of the three worse.
 */
#define TL_ANA_UNACKED	   7
#define TL_ANA_UNACKED_OLD 4
_Static_assert(TL_ANA_UNACKED_OLD < TL_ANA_UNACKED, "the list needs a sliding part");

/*
 * Times of the list are 32-bit nanosecond offsets from a per-list base (no later than any
 * entry; moved up to the oldest one left after each ACK), which keeps them exact while saving 4
 * bytes an entry. A segment sent more than this long after the base (or before it by more than
 * the list can shift, in a capture whose clock goes backwards) is not remembered.
 */
#define TL_ANA_UNACKED_SPAN_NS 0xffffffffu

/*
 * What the analysis needs to know about one segment. Wireshark's MPTCP exception to the
 * duplicate-ACK test (an "MPTCP operations" counter) is not modelled: TShark 4.0.17 flags
 * duplicate ACKs that carry DSS, REMOVE_ADDR and MP_FASTCLOSE options alike (mptcp-v0 and
 * mptcp-fclose in the corpus), so the counter never made a difference in observed traffic.
 */
struct tl_seg {
	uint64_t frame; /* 1-based frame number (in a file: all frames, TCP or not) */
	int64_t ts_ns;	/* capture time */
	uint32_t seq;
	uint32_t ack;
	uint32_t seglen; /* payload length from the IP length (wire, not captured) */
	uint16_t win;	 /* raw, unscaled */
	uint8_t flags;	 /* TCP flags byte */
	int16_t wscale;	 /* window-scale option shift as sent, -1 if absent */
};

struct tl_ana_unacked {
	uint32_t end;	    /* seq + len (+1 SYN/FIN) */
	uint32_t frame_off; /* frame - conn.frame_base */
	uint32_t dt_ns;	    /* capture time - the list's base */
};

/*
 * A direction's list lives outside the connection, in a record of the size it needs (room for
 * 2, 4 or TL_ANA_UNACKED entries), and only while segments are outstanding: most connections
 * at any moment have few or none, and the table holds every connection.
 */
#define TL_ANA_LIST_CLASSES 3
struct tl_ana_list {
	uint32_t base_lo, base_hi; /* capture time the dt_ns count from (two halves: 4-byte
					 * records) */
	struct tl_ana_unacked e[]; /* oldest first */
};

/* Where the lists of every connection live; one per connection table. */
struct tl_ana_lists {
	struct tl_slab cls[TL_ANA_LIST_CLASSES];
};

/* Per-direction state: section 1 of tcp-analysis.md. */
struct tl_ana_dir {
	uint32_t nextseq; /* 0 = unknown, as in Wireshark */
	uint32_t maxseqtobeacked;
	uint32_t lastack;
	uint32_t window; /* 0xffffffff until the first segment */
	uint32_t base_seq;
	uint32_t nextseq_frame; /* offsets from conn.frame_base */
	uint32_t lastnondupack;
	int32_t dupacknum;
	int64_t nextseq_ts;
	int64_t lastack_ts;
	uint32_t list;	    /* handle of the unacknowledged-segment list in its class, 0 = none */
	uint16_t lastflags; /* analysis flags of the last segment in this direction */
	int8_t win_scale;   /* -1 unknown, -2 not used, 0..14 */
	uint8_t base_set : 1, is_first_ack : 1, valid_bif : 1,
		n_unacked : 3, /* entries in the list, up to TL_ANA_UNACKED */
		list_cls : 2;  /* size class of the list */
};
_Static_assert(TL_ANA_UNACKED < 8, "n_unacked is 3 bits");

struct tl_ana_conn {
	struct tl_ana_dir dir[2];
	uint64_t frame_base; /* first frame of the conversation */
	/*
	 * Wireshark's ts_mru_syn (0 = none, its nstime_is_zero) until the initial RTT is known,
	 * then first_rtt: the SYN's time is not read again once the RTT is set.
	 */
	int64_t syn_or_rtt;
	uint32_t stream; /* tcp.stream, assigned by the caller */
	uint8_t started : 1, rtt_known : 1;
};

/* Wireshark's initial RTT of the conversation, 0 = unknown. */
static inline int64_t tl_ana_first_rtt(const struct tl_ana_conn *c)
{
	return c->rtt_known ? c->syn_or_rtt : 0;
}

/* Details of one analysed segment. Frame fields are 0 when absent. */
struct tl_ana_result {
	uint32_t flags;	     /* TL_ANA_* */
	uint32_t stream;     /* tcp.stream after this segment */
	uint32_t dupack_num; /* with TL_ANA_DUP_ACK */
	uint64_t dupack_frame;
	uint64_t acks_frame; /* segment this one acknowledges exactly */
	int64_t ack_rtt_ns;  /* valid with acks_frame */
	uint64_t rto_frame;  /* with TL_ANA_RETRANSMISSION */
	int64_t rto_ns;
	int64_t initial_rtt_ns; /* valid with has_initial_rtt */
	bool has_initial_rtt;	/* Wireshark prints initial_rtt on this frame */
	bool has_record;	/* Wireshark keeps an analysis record for the frame */
	bool new_conv;		/* reused ports: state was reset, caller must set c->stream */
	/* The ACK number of the sender's segment before this one (its lastack until now). */
	uint32_t prev_ack;
	/* With new_conv: the ended conversation's lastack_ts per side, which the reset lost. */
	int64_t prev_lastack_ts[2];
};

/* a - b for capture times: wraps instead of overflowing, since a file's time stamps can be
 * anything. */
static inline int64_t tl_ns_diff(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

void tl_ana_lists_init(struct tl_ana_lists *p);
/* Frees every list at once; the connections that held them must not be analysed again. */
void tl_ana_lists_destroy(struct tl_ana_lists *p);

/* Start a conversation; stream is its tcp.stream number. c holds no list (zeroed or
 * released). */
void tl_ana_init(struct tl_ana_conn *c, uint32_t stream);

/* Give back the lists of a conversation that ends here (evicted or forgotten); p may be NULL
 * (no lists kept). */
void tl_ana_release(struct tl_ana_lists *p, struct tl_ana_conn *c);

/*
 * Fill *s from a record. Returns 0, or a negative errno when Wireshark would not analyse the
 * segment at all (section 0): -EBADMSG data offset below 5, -EAGAIN first IP fragment (analysed
 * only once reassembled), -EMSGSIZE IP length shorter than the TCP header, -ENODATA fewer than
 * 20 TCP bytes captured.
 */
int tl_seg_from_record(const struct tl_record *r, uint64_t frame, struct tl_seg *s);

/*
 * Analyse one segment sent by side d (0 or 1) of the conversation. p NULL keeps no lists of
 * unacknowledged segments: the flags, dupack_*, stream and initial RTT are Wireshark's, but
 * acks_frame, ack_rtt_ns, rto_frame, rto_ns and has_record are not (what --summary needs). d must stay fixed per
 * endpoint; the flow table's side (0 = endpoint L of its orientation-free key) is the rule
 * used by tcplens. The analysis is symmetric, so which side is 0 does not change any result.
 * Returns out->flags.
 */
uint32_t tl_ana_segment(struct tl_ana_lists *p, struct tl_ana_conn *c, int d,
			const struct tl_seg *s, struct tl_ana_result *out);

/* Wireshark's tcp.analysis.retransmission column: also set for fast and spurious ones. */
static inline bool tl_ana_is_retrans(uint32_t flags)
{
	return flags & (TL_ANA_RETRANSMISSION | TL_ANA_FAST_RETRANSMISSION |
			TL_ANA_SPURIOUS_RETRANSMISSION);
}

/*
 * Wireshark's Info-column prefix for the result, e.g. "[TCP Dup ACK 12#3]" or
 * "[TCP ZeroWindowProbeAck] [TCP ZeroWindow]" (no trailing space; "" if no flag). Returns the
 * length it wanted, like snprintf.
 */
int tl_ana_label(const struct tl_ana_result *r, char *buf, size_t len);

/* The TL_ANA_* bits in the order Wireshark adds their experts (section 6 of the spec). */
#define TL_ANA_NFLAGS 15
extern const uint32_t tl_ana_flag_order[TL_ANA_NFLAGS];

/* Name of one TL_ANA_* bit as in Wireshark's field names ("duplicate_ack"), NULL if unknown. */
const char *tl_ana_flag_name(uint32_t bit);

#endif
