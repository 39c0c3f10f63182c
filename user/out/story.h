/* SPDX-License-Identifier: GPL-2.0-only */
/* One connection as --explain, --summary and --ladder tell it: what each side did, who is who. */
#ifndef TL_STORY_H
#define TL_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "conn/analysis.h"
#include "conn/kevent.h"

/*
 * What one endpoint of a connection did, for the summary. A million live connections must fit
 * in 256 MB with the table and the analysis, so every connection keeps only what the summary
 * prints, and what few connections have (a handshake, a FIN, problems, a ladder, over 4 GiB
 * sent: struct tl_conn_rare) is a record of its own, made when first needed. --explain's
 * words keep nothing of their own: they read the analysis and these (bench/README.md,
 * "Memory").
 */
struct tl_side {
	uint32_t bytes_lo; /* payload bytes sent, retransmissions included: tl_side_bytes() */
	uint32_t segs;	   /* segments sent */
	uint32_t max_win;  /* largest window advertised, scaled when the scale is known */
};

/* The endpoint's events so far. */
struct tl_side_bits {
	uint8_t syn : 1, ack_set : 1, fin : 1, fin_acked : 1, rst : 1, data_after_fin : 1,
		ack_aside : 1; /* its last segment had no ACK flag: rare.ack_aside holds the
				* ACK number before it */
};

/* One connection: the flow-table extension when --explain, --summary or --ladder is on. */
struct tl_conn {
	struct tl_ana_conn ana; /* the view's (tl_view_ana): it must come first */
	struct tl_side side[2]; /* indexed by flow-table side (0 = L, 1 = H) */
	int64_t t_first;	/* capture time of the first segment */
	uint32_t rare;		/* handle of its struct tl_conn_rare, 0 = none yet */
	struct tl_side_bits sb[2];
	uint8_t client;			       /* flow-table side of the client */
	uint8_t started : 1, client_known : 1, /* from a SYN; else guessed from the ports */
		midstream : 1,		       /* the first segment seen had no SYN */
		established : 1,	       /* handshake 3/3 seen */
		refused : 1,		       /* RST answered the SYN */
		first_closer : 1, /* side whose FIN came first, valid once a FIN was seen */
		any_fin : 1,
		last_side : 1; /* sender of the last segment: its ana.lastack_ts is t_last */
};

_Static_assert(offsetof(struct tl_conn, ana) == 0, "the view keeps the analysis first");

/* Capture time of the connection's last segment (the analysis keeps it per direction). */
static inline int64_t tl_conn_t_last(const struct tl_conn *c)
{
	return c->ana.dir[c->last_side].lastack_ts;
}

struct tl_ladder_list;

/* What only some connections have; all zero until the connection has any of it. */
struct tl_conn_rare {
	int64_t t_syn, t_synack;       /* 0 = not seen */
	struct tl_ladder_list *ladder; /* --ladder only */
	uint32_t isn[2];	       /* valid with sb.syn */
	uint32_t fin_seq[2];	       /* sequence number of the side's FIN, valid with sb.fin */
	uint32_t retrans[2];	       /* retransmissions of any kind (Wireshark's column) */
	uint64_t retrans_bytes[2];     /* their payload bytes */
	uint32_t bytes_hi[2];	       /* high half of the bytes each side sent (struct tl_side) */
	uint32_t ack_aside[2];	       /* valid with sb.ack_aside */
	uint32_t dupacks[2];
	uint32_t zerowins[2];
	uint32_t kern; /* --events: handle of its struct tl_conn_kern, 0 = no socket traced */
};

/* --events: what the kernel said of each side's socket; only for connections it traced. */
struct tl_conn_kern {
	struct tl_kacct side[2];
};

/* Payload bytes side sent, retransmissions included; x is the connection's rare record. */
static inline uint64_t tl_side_bytes(const struct tl_conn *c, const struct tl_conn_rare *x,
				     int side)
{
	return (uint64_t)x->bytes_hi[side] << 32 | c->side[side].bytes_lo;
}

/* "client" or "server", translated: the role of one flow-table side of the connection. */
const char *tl_role(const struct tl_conn *c, int side);

#endif
