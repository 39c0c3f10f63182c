/* SPDX-License-Identifier: GPL-2.0-only */
/* The learner's view of TCP: per-connection state and a plain-words annotation of every segment. */
#ifndef TL_EXPLAIN_H
#define TL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/flow.h"
#include "conn/kevent.h"
#include "conn/view.h"
#include "out/i18n.h"
#include "out/story.h"
#include "out/out.h"

/*
 * --explain output: after each tcpdump line, zero or more continuation lines that start with
 * this marker, so `grep -v '^    | '` gives back exactly the tcpdump output.
 */
#define TL_EXPLAIN_MARK "    | "

struct tl_explain_cfg {
	bool explain; /* annotate every segment */
	bool summary; /* one block per connection at exit, on SIGUSR1 and on eviction */
	bool ladder;  /* one sequence diagram per connection, at the same moments */
	bool abs_seq; /* -S: tcpdump prints absolute numbers, the words must too */
	bool kevents; /* --events: the summary adds what the kernel said of each socket */
	/* The reports' endpoints, named as the lines name them; NULL: numbers. */
	struct tl_names *names;
	/* Records tcplens itself lost so far (ring full); NULL when none can be lost. */
	uint64_t (*own_drops)(void *ctx);
	void *drops_ctx;
};

struct tl_explain;

/* Bytes each connection needs: the view's ext_size when any mode is on (all keep the same). */
size_t tl_explain_ext_size(void);

/* view must analyse, with tl_explain_ext_size() bytes per connection; out takes the
 * reports. */
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

/*
 * A kernel event (--events) of a local socket: added to the account of its side of the
 * connection, when the table holds the connection, for the summary.
 */
void tl_explain_kevent(struct tl_explain *e, const struct tl_kevent *ev);

/* v's sender is a local socket whose events came (tl_explain_kevent): what it sent again,
 * the kernel reports. */
bool tl_explain_traced(const struct tl_explain *e, const struct tl_segview *v);

/* The last segment's annotation lines, each starting with TL_EXPLAIN_MARK; len 0 if none. */
const char *tl_explain_note(const struct tl_explain *e, size_t *len);

/* The same as one pcapng packet comment: no markers, no final newline. Returns its length. */
size_t tl_explain_comment(const struct tl_explain *e, char *buf, size_t len);

/*
 * Summary and ladder of every tracked connection, in the order they started, then the flow
 * table's counters. final also releases the ladders (at exit); SIGUSR1 passes false.
 */
int tl_explain_report(struct tl_explain *e, bool final);

#endif
