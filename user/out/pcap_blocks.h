/* SPDX-License-Identifier: GPL-2.0-only */
/* The bytes of a capture file: pcapng blocks or classic pcap headers, laid out in a buffer. */
#ifndef TL_PCAP_BLOCKS_H
#define TL_PCAP_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "out/pcapng.h"

/*
 * A buffer being filled. Writes past cap are dropped and set overflow, so a caller checks
 * once at the end. pcapng blocks are in host byte order; the SHB's magic tells readers which.
 */
struct tl_blk {
	uint8_t *p;
	size_t n, cap;
	bool overflow;
};

/* What every file starts with: the SHB and one IDB per interface, or pcap's global header. */
void tl_blk_file_header(struct tl_blk *b, const struct tl_pcap_cfg *cfg,
			const struct tl_pcap_if *ifs, int n_ifs);

/* Where a packet's frame starts in its block: build it there, then call tl_blk_packet(). */
static inline size_t tl_blk_frame_off(bool classic)
{
	return classic ? 16 : 28;
}

struct tl_blk_packet {
	uint32_t if_id;	 /* the interface's IDB, in the order of the header */
	int64_t sec;	 /* classic pcap's time stamp: seconds ... */
	uint32_t frac;	 /* ... and the fraction as given */
	int64_t ts;	 /* pcapng's: in if_tsresol units */
	uint32_t caplen; /* the frame already at tl_blk_frame_off() */
	uint32_t wirelen;
	uint32_t dir;	     /* epb_flags direction: 1 inbound, 2 outbound, 0 unknown (none) */
	const char *comment; /* opt_comment, comment_len bytes, or none when 0 */
	size_t comment_len;
};

/* One Enhanced Packet Block, or a classic pcap record header, around the frame. */
void tl_blk_packet(struct tl_blk *b, bool classic, const struct tl_blk_packet *pk);

struct tl_blk_stats {
	int n_ifs;
	const uint64_t *if_written; /* segments written per interface */
	int64_t now;		    /* isb_timestamp, in if_tsresol units like the ones below */
	int64_t first, last;	    /* of the packets written; first 0: none was */
	uint64_t drops;		    /* segments the file writer could not keep up with */
	const struct tl_pcap_stats *kernel; /* may be NULL */
};

/* pcapng's closing Interface Statistics Blocks, one per interface. */
void tl_blk_stats(struct tl_blk *b, const struct tl_blk_stats *st);

#endif
