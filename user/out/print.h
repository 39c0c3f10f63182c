/* SPDX-License-Identifier: GPL-2.0-only */
/* The tcpdump -nn line (Debian's tcpdump 4.99.3), byte for byte; payload decoders in out/proto/. */
#ifndef TL_PRINT_H
#define TL_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "capture/clock.h"
#include "conn/view.h"
#include "out/out.h"
#include "out/proto/decode.h"

/*
 * Longest line the formatter can produce, newline included (options are at most 40 bytes):
 * 1024 with numbers. Names (TL_NAME_MAX) add at most 2 x 216 for the addresses, 2 x 250 for
 * the ports and 5 x 240 for the MPTCP add-addr addresses 40 option bytes can hold.
 */
#define TL_PRINT_LINE_MAX 4096
/* The same with a payload decoder's text after "length N" (records carrying payload bytes). */
#define TL_PRINT_TEXT_MAX (TL_PRINT_LINE_MAX + TL_DEC_OUT_MAX)

enum tl_tsfmt {
	TL_TS_DEFAULT,	   /* HH:MM:SS.frac, local time */
	TL_TS_NONE,	   /* -t */
	TL_TS_EPOCH,	   /* -tt */
	TL_TS_DELTA,	   /* -ttt: since the previous packet */
	TL_TS_DATE,	   /* -tttt */
	TL_TS_SINCE_FIRST, /* -ttttt */
};

struct tl_names; /* out/names.h */

struct tl_print_cfg {
	enum tl_tsfmt tsfmt;
	bool nano;    /* --nano: 9 fraction digits */
	bool abs_seq; /* -S */
	/*
	 * IP length 0 (TL_RF_LEN0): print "IP bad-len 0" / "IP6 a > b: [|tcp]" like 4.99.3 (for
	 * -r); false prints the TCP line with the wire-derived length like tcpdump >= 4.99.5.
	 */
	bool len0_as_4993;
	bool ifprefix; /* "IFNAME In  " / "IFNAME Out " like tcpdump -i any */
	bool proc;     /* --proc: ", proc COMM[PID]" after the line (out/proc.h) */
	/* Host and port names (no -n); NULL: numbers, as with -nn. */
	struct tl_names *names;
	struct tl_dec_cfg dec; /* payload decoders after "length N" (-T), when bytes are there */
	/*
	 * The forms that print more than the line; each reads the record's frame section
	 * (tl_rec_frame) and prints what tcpdump prints for a frame cut where the section ends.
	 */
	uint8_t verbose; /* -v, -vv: IP header fields, checksums, RST payload */
	uint8_t quiet;	 /* -q: "tcp N" after the ports */
	bool link;	 /* -e: the link-layer header */
	uint8_t hex;	 /* -x: the packet in hex from the IP header; -xx from the link header */
	uint8_t hexasc;	 /* -X, -XX: the same in hex and ASCII */
	uint8_t ascii;	 /* -A, -AA: the same in ASCII */
};

/*
 * Frame bytes the chosen forms read, for the capture side (struct tl_frame_sect): 0 (the
 * record is enough), TL_PRINT_FRAME_HEADERS (up to the end of the TCP header) or
 * TL_FRAME_MAX (whole frames: the dumps). -v needs headers: the kernel sums the TCP checksum
 * and sends the verdict (struct tl_frame_cfg: csum), and the whole frame of a RST with payload
 * (rst).
 */
#define TL_PRINT_FRAME_HEADERS 1
uint32_t tl_print_frame_need(const struct tl_print_cfg *cfg);
/*
 * Whatever the forms, the line itself reads the frame of some records, up to the TCP
 * header: a Linux cooked v2 header gives the interface and direction tcpdump prints before
 * IP, 802.1Q tags in a cooked header their inner types, an IPv6 routing header RT6's
 * contents. Without the frame such a line prints what the record has.
 */

struct tl_printer;

/*
 * Whether tcpdump's TCP layer runs for r with these forms (a tl_view_tcp_probe, ctx the
 * printer): false where the line ends in the IP layer on what only the frame shows
 * (malformed extension-header options, an invalid routing header, an IPv4 option cut short
 * under -v), where tcpdump never reaches its relative-sequence table.
 */
bool tl_print_reaches_tcp(void *ctx, const struct tl_record *r);

/* out may be NULL if only tl_format_record is used. */
struct tl_printer *tl_printer_new(const struct tl_print_cfg *cfg, struct tl_out *out);
void tl_printer_free(struct tl_printer *p);

/*
 * Format one segment as a line into the output: time and interface from its capture, the
 * numbers relative where the view says tcpdump's table made them so (a view decoded with
 * relative set, unless -S). 0, or a negative errno from the output.
 */
int tl_print_record(struct tl_printer *p, const struct tl_segview *v);

/*
 * A frame that printed nothing of ours (a non-TCP frame during replay): tcpdump printed a line
 * for it, so -ttt/-ttttt references advance the same way.
 */
void tl_print_skip(struct tl_printer *p, const struct tl_ts *ts);

/*
 * The time stamp as the line starts with it, its space included (nothing with -t), into buf
 * (at least 64 bytes): lines of other forms begin the same way. Returns its length.
 */
size_t tl_format_time(struct tl_printer *p, char *buf, const struct tl_ts *ts);

/* Same line into buf (NUL-terminated, newline included, cut to cap - 1). Returns its length. */
size_t tl_format_record(struct tl_printer *p, char *buf, size_t cap, const struct tl_segview *v);

#endif
