/* SPDX-License-Identifier: GPL-2.0-only */
/* One connection as --explain, --summary and --ladder tell it: what each side did, who is who. */
#ifndef TL_STORY_H
#define TL_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "conn/analysis.h"
#include "conn/kevent.h"

/* What one endpoint of a connection did, for the annotations and the summary. */
struct tl_side {
	uint64_t bytes;	    /* payload bytes sent, retransmissions included */
	uint64_t new_bytes; /* payload bytes sent for the first time (the running total) */
	uint32_t segs;
	uint32_t isn;	  /* valid with .syn */
	uint32_t ack;	  /* last acknowledgment number sent, valid with .ack_set */
	uint32_t fin_seq; /* sequence number of its FIN, valid with .fin */
	uint32_t max_win; /* largest window advertised, scaled when the scale is known */
	uint32_t retrans; /* retransmissions of any kind (Wireshark's generic column) */
	uint32_t dupacks;
	uint32_t zerowins;
	uint8_t syn : 1, ack_set : 1, fin : 1, fin_acked : 1, rst : 1, data_after_fin : 1;
};

struct tl_ladder_list;

/* One connection: the flow-table extension when --explain, --summary or --ladder is on. */
struct tl_conn {
	struct tl_ana_conn ana;		       /* the view's (tl_view_ana): it must come first */
	struct tl_side side[2];		       /* indexed by flow-table side (0 = L, 1 = H) */
	int64_t t_first, t_last;	       /* capture times of the first and the last segment */
	int64_t t_syn, t_synack;	       /* 0 = not seen */
	struct tl_ladder_list *ladder;	       /* --ladder only */
	struct tl_kacct kern[2];	       /* --events: each side's socket, if traced */
	uint8_t client;			       /* flow-table side of the client */
	uint8_t started : 1, client_known : 1, /* from a SYN; else guessed from the ports */
		midstream : 1,		       /* the first segment seen had no SYN */
		established : 1,	       /* handshake 3/3 seen */
		refused : 1,		       /* RST answered the SYN */
		first_closer : 1, /* side whose FIN came first, valid once a FIN was seen */
		any_fin : 1;
};

_Static_assert(offsetof(struct tl_conn, ana) == 0, "the view keeps the analysis first");

/* "client" or "server", translated: the role of one flow-table side of the connection. */
const char *tl_role(const struct tl_conn *c, int side);

#endif
