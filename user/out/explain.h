/* SPDX-License-Identifier: GPL-2.0-only */
/* The learner's view of TCP: per-connection state and a plain-words annotation of every segment. */
#ifndef TL_EXPLAIN_H
#define TL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/flow.h"
#include "out/i18n.h"
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
	/* Records tcplens itself lost so far (ring full); NULL when none can be lost. */
	uint64_t (*own_drops)(void *ctx);
	void *drops_ctx;
};

struct tl_explain;

/* Bytes each flow-table entry needs: pass it to tl_flows_new() when any mode is on. */
size_t tl_explain_ext_size(void);

/* The language of the annotations: kept under this name for main.c until it calls tl_i18n_lang. */
static inline int tl_explain_lang(const char *lang)
{
	return tl_i18n_lang(lang);
}

/* flows must have been created with tl_explain_ext_size(); the evict hook is taken over. */
struct tl_explain *tl_explain_new(const struct tl_explain_cfg *cfg, struct tl_out *out,
				  struct tl_flows *flows);
/* Reports still-open connections as tl_explain_report(e, true) would not: call that first. */
void tl_explain_free(struct tl_explain *e);

/*
 * One record, after its tcpdump line was printed. frame is the 1-based frame number used in
 * Wireshark's labels (every frame of a file; records in live mode). 0 or a negative errno
 * from the output.
 */
int tl_explain_record(struct tl_explain *e, const struct tl_record *r, uint64_t frame);

/*
 * Summary and ladder of every tracked connection, in the order they started, then the flow
 * table's counters. final also releases the ladders (at exit); SIGUSR1 passes false.
 */
int tl_explain_report(struct tl_explain *e, bool final);

#endif
