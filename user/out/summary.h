/* SPDX-License-Identifier: GPL-2.0-only */
/* --summary: one block per connection (endpoints, duration, bytes, RTT, problems, how it ended). */
#ifndef TL_SUMMARY_H
#define TL_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "conn/flow.h"
#include "out/names.h"
#include "out/out.h"
#include "out/story.h"

/*
 * The block of one connection, its endpoints named as the lines name them (names NULL:
 * numbers); evicted says the flow table had to drop it (LRU).
 */
int tl_summary_print(struct tl_out *o, struct tl_names *names, const struct tl_flow_key *k,
		     const struct tl_conn *c, const struct tl_conn_rare *x,
		     const struct tl_conn_kern *kern, bool evicted);

/* Closing line: connections still tracked, table capacity, and the LRU evictions so far. */
int tl_summary_table(struct tl_out *o, uint32_t tracked, uint64_t evictions);

#endif
