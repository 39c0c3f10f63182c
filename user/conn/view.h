/* SPDX-License-Identifier: GPL-2.0-only */
/* Each record decoded once into a segment view: its connection and side, tcpdump's relative
 * numbers and Wireshark's analysis, from the one connection table every output shares. */
#ifndef TL_VIEW_H
#define TL_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "capture/clock.h"
#include "conn/analysis.h"
#include "conn/flow.h"

struct tl_view_cfg {
	uint32_t flows; /* connections tracked (LRU beyond); 0: TL_FLOWS_DEFAULT */
	bool abs_seq;	/* -S: no relative numbers, so the table only serves the analysis */
	bool relative;	/* an output prints tcpdump's relative numbers (text, explain, JSON) */
	bool analyse;	/* an output reads Wireshark's analysis (explain, summary, JSON) */
	/*
	 * An output reads what the analysis finds with its lists of unacknowledged segments
	 * (acks_frame, ack_rtt, rto, has_record: JSON, explain's words). Without them the table
	 * holds no lists, most of a connection's analysis state.
	 */
	bool ana_lists;
	/*
	 * 4.99.3 prints "bad-len 0" for an IP length of 0 and stops before its TCP layer, so its
	 * table is not touched: true for -r (see tl_print_cfg.len0_as_4993).
	 */
	bool len0_as_4993;
	/*
	 * Bytes of per-connection state the outputs keep after the analysis (struct tl_ana_conn
	 * comes first in every entry's extension when analyse is set).
	 */
	size_t ext_size;
};

/* Where and when a record was captured: the capture layer's part of the view. */
struct tl_capture_meta {
	struct tl_ts ts;    /* as printed: the file's own fraction in replay, else us or ns */
	int64_t ts_ns;	    /* capture time, ns since the epoch */
	uint64_t frame;	    /* 1-based: every frame of a file, or every record when live */
	uint64_t number;    /* -#: tcpdump's count, frames the filter passes (live: = frame) */
	const char *ifname; /* "eth0", "eth0@ns"; NULL in replay */
	const char *netns;  /* the namespace of the interface's scope (tl_netns_name_of); NULL
			     * in replay */
};

/* What the outputs know about one segment, all of it decoded here and nowhere else. */
struct tl_segview {
	const struct tl_record *r;
	struct tl_capture_meta m;
	struct tl_flow *flow; /* NULL when no output needs the connection */
	int side;	      /* the sender: 0 = side L of the flow key, 1 = side H */
	bool rel;	      /* tcpdump's relative-sequence step ran: seqv holds what it prints */
	struct tl_seqview seqv;
	bool analysed; /* Wireshark analyses the segment: seg and ana are valid */
	struct tl_seg seg;
	struct tl_ana_result ana;
	uint32_t prev_stream; /* with ana.new_conv: tcp.stream of the conversation that ended */
	/*
	 * A connection pushed out of the full table to make room for this one: a copy of its
	 * entry (tl_flow_ext works on it), valid until the next record; NULL if none.
	 */
	struct tl_flow *evicted;
};

struct tl_view;

/* NULL on allocation failure (errno set). */
struct tl_view *tl_view_new(const struct tl_view_cfg *cfg);
void tl_view_free(struct tl_view *vw);

/*
 * Decode r into *v: one table lookup at most, no allocation. The table is touched in
 * tcpdump's order (a segment with ACK and a whole TCP header, section 8.2 of
 * tcpdump-format.md) and, with analyse, for every segment Wireshark analyses.
 */
void tl_view_decode(struct tl_view *vw, const struct tl_record *r, const struct tl_capture_meta *m,
		    struct tl_segview *v);

/* A view of r alone, with no connection and absolute numbers: what -S prints from. */
void tl_view_plain(const struct tl_record *r, const struct tl_capture_meta *m,
		   struct tl_segview *v);

/* The analysis state of a connection (analyse set), and the outputs' state after it. */
static inline struct tl_ana_conn *tl_view_ana(struct tl_flow *f)
{
	return (struct tl_ana_conn *)tl_flow_ext(f);
}

/*
 * Whether tcpdump's TCP layer runs for a record, as the text line knows it: false where the
 * line ends in the IP layer on what only the record's frame shows (see tl_print_reaches_tcp).
 * tcpdump's relative-sequence table is then not stepped for it. NULL: always.
 */
typedef bool (*tl_view_tcp_probe)(void *ctx, const struct tl_record *r);
void tl_view_set_tcp_probe(struct tl_view *vw, tl_view_tcp_probe fn, void *ctx);

/* A tracked connection by its endpoints (tl_flow_find); *side is src's side. */
struct tl_flow *tl_view_find(struct tl_view *vw, uint8_t family, const uint8_t *src, uint16_t sport,
			     const uint8_t *dst, uint16_t dport, int *side);

/* The endpoints of a tracked connection, or of the copy of the one this record evicted. */
void tl_view_key(const struct tl_view *vw, const struct tl_flow *f, struct tl_flow_key *k);

/* Every tracked connection, least recently used first. */
void tl_view_foreach(struct tl_view *vw, tl_flow_evict_fn fn, void *ctx);
uint32_t tl_view_count(const struct tl_view *vw);
/* A tracked connection's place in the table, and back (see tl_flows_index). */
uint32_t tl_view_index(const struct tl_view *vw, const struct tl_flow *f);
struct tl_flow *tl_view_at(const struct tl_view *vw, uint32_t idx);
uint64_t tl_view_evictions(const struct tl_view *vw);

#endif
