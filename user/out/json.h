/* SPDX-License-Identifier: GPL-2.0-only */
/* --json: one JSON object per segment (JSON Lines), and the per-segment facts it shares with -w. */
#ifndef TL_JSON_H
#define TL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/analysis.h"
#include "out/out.h"

/*
 * What tcplens knows about one segment beyond the record: the numbers tcpdump prints
 * (relative unless -S) and Wireshark's analysis. Kept in a flow table of its own, so the
 * machine outputs agree with the text output without sharing its state.
 */
struct tl_track_info {
	bool has_tcp;	    /* 20 TCP header bytes were captured and the header length is valid */
	uint32_t seq_shown; /* what tcpdump -nn prints after "seq" / "ack" */
	uint32_t ack_shown;
	bool analysed; /* Wireshark analyses this segment (see tl_seg_from_record) */
	struct tl_ana_result ana;
	int win_scale; /* shift applied by Wireshark: -1 unknown, -2 not used, else 0..14 */
	uint64_t win_scaled;
	char label[192]; /* Wireshark's Info prefix ("[TCP Dup ACK 3#1]"), "" if none */
};

struct tl_track;

/* capacity: connections tracked (LRU beyond). abs_seq: -S. NULL on allocation failure. */
struct tl_track *tl_track_new(uint32_t capacity, bool abs_seq);
void tl_track_free(struct tl_track *t);
/* frame: 1-based frame number for Wireshark's labels (every frame of a file, else records). */
void tl_track_record(struct tl_track *t, const struct tl_record *r, uint64_t frame,
		     struct tl_track_info *out);

struct tl_json;

/* Writes to out; capacity and abs_seq as for tl_track_new. NULL on allocation failure. */
struct tl_json *tl_json_new(struct tl_out *out, uint32_t capacity, bool abs_seq);
void tl_json_free(struct tl_json *j);

/*
 * One line for one record. ts_ns: capture time, ns since the epoch. ifname: NULL in replay
 * (then interface, namespace and direction are null). frame as for tl_track_record.
 * 0 or a negative errno from the output.
 */
int tl_json_record(struct tl_json *j, const struct tl_record *r, int64_t ts_ns, uint64_t frame,
		   const char *ifname);

/* The counters behind the closing {"summary": ...} line. */
struct tl_json_summary {
	uint64_t cnt[TL_CNT_MAX]; /* enum tl_counter, kernel or user-space parser */
	uint64_t printed;	  /* JSON lines written */
	uint64_t not_printed;	  /* delivered after -c was reached or output closed */
	uint64_t user_bad;	  /* malformed records dropped in user space */
	uint64_t file_drops;	  /* -w: records the file writer could not keep up with */
	uint64_t file_written;	  /* -w: records written to the file(s) */
};

int tl_json_summary(struct tl_json *j, const struct tl_json_summary *s);

#endif
