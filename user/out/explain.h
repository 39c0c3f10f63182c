/* SPDX-License-Identifier: GPL-2.0-only */
/* The learner's view of TCP: per-connection state and a plain-words annotation of every segment. */
#ifndef TL_EXPLAIN_H
#define TL_EXPLAIN_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/analysis.h"
#include "conn/flow.h"
#include "conn/view.h"
#include "out/out.h"

#define TL_TEXTDOMAIN "tcplens"
/* Every user-visible annotation goes through the tcplens catalog; msgids are English. */
#define _(s)  dgettext(TL_TEXTDOMAIN, s)
#define N_(s) (s)

/*
 * --explain output: after each tcpdump line, zero or more continuation lines that start with
 * this marker, so `grep -v '^    | '` gives back exactly the tcpdump output.
 */
#define TL_EXPLAIN_MARK "    | "

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
	uint8_t client;			       /* flow-table side of the client */
	uint8_t started : 1, client_known : 1, /* from a SYN; else guessed from the ports */
		midstream : 1,		       /* the first segment seen had no SYN */
		established : 1,	       /* handshake 3/3 seen */
		refused : 1,		       /* RST answered the SYN */
		first_closer : 1, /* side whose FIN came first, valid once a FIN was seen */
		any_fin : 1;
};

_Static_assert(offsetof(struct tl_conn, ana) == 0, "the view keeps the analysis first");

struct tl_explain_cfg {
	bool explain; /* annotate every segment */
	bool summary; /* one block per connection at exit, on SIGUSR1 and on eviction */
	bool ladder;  /* one sequence diagram per connection, at the same moments */
	bool abs_seq; /* -S: tcpdump prints absolute numbers, the words must too */
	/* Records tcplens itself lost so far (ring full); NULL when none can be lost. */
	uint64_t (*own_drops)(void *ctx);
	void *drops_ctx;
};

struct tl_explain;

/* Bytes each connection needs: the view's ext_size when any mode is on. */
size_t tl_explain_ext_size(void);

/*
 * Choose the language of the annotations: "en", "ja", or NULL for the one the environment asks
 * for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Works whatever locales the machine has installed.
 * Returns 0, or -EINVAL for a language without a catalog.
 */
int tl_explain_lang(const char *lang);

/* view must analyse, with tl_explain_ext_size() bytes per connection; out takes the reports. */
struct tl_explain *tl_explain_new(const struct tl_explain_cfg *cfg, struct tl_out *out,
				  struct tl_view *view);
/* Records tcplens itself lost so far, once the programs are loaded (see tl_explain_cfg). */
void tl_explain_set_own_drops(struct tl_explain *e, uint64_t (*fn)(void *ctx), void *ctx);

/* Reports still-open connections as tl_explain_report(e, true) would not: call that first. */
void tl_explain_free(struct tl_explain *e);

/*
 * One segment, after its tcpdump line: reports the connection it evicted, then keeps its
 * counters and, with --explain, builds its annotation (tl_explain_note). 0 or a negative
 * errno from the output.
 */
int tl_explain_segment(struct tl_explain *e, const struct tl_segview *v);

/* The last segment's annotation lines, each starting with TL_EXPLAIN_MARK; len 0 if none. */
const char *tl_explain_note(const struct tl_explain *e, size_t *len);

/* The same as one pcapng packet comment: no markers, no final newline. Returns its length. */
size_t tl_explain_comment(const struct tl_explain *e, char *buf, size_t len);

/*
 * Summary and ladder of every tracked connection, in the order they started, then the flow
 * table's counters. final also releases the ladders (at exit); SIGUSR1 passes false.
 */
int tl_explain_report(struct tl_explain *e, bool final);

/* "198.18.0.2.36468" or "fd00:198::1.80" of one side of a flow, as tcpdump -nn writes it. */
void tl_explain_endpoint(const struct tl_flow *f, int side, char *buf, size_t len);

#endif
