/* SPDX-License-Identifier: GPL-2.0-only */
/* --ladder: an ASCII sequence diagram per connection, client on the left, server on the right. */
#ifndef TL_LADDER_H
#define TL_LADDER_H

#include <stdint.h>

#include "conn/flow.h"
#include "out/names.h"
#include "out/out.h"
#include "out/story.h"

/* Arrows kept per connection; later segments are only counted (memory stays bounded). */
#define TL_LADDER_ARROWS 512
#define TL_LADDER_FIRST	 16 /* arrows a diagram starts with: it takes them from the budget */

/* One segment of the diagram; numbers are already relative to each side's base. */
struct tl_arrow {
	int64_t t_ns; /* capture time */
	uint32_t seq, ack, len;
	uint32_t dup_frame; /* with TL_ANA_DUP_ACK */
	uint16_t win;	    /* raw */
	uint16_t ana;	    /* TL_ANA_* flags */
	uint16_t dup_num;
	uint8_t tcp_flags;
	uint8_t side; /* flow-table side of the sender */
};

/*
 * Append an arrow to a connection's diagram *lp (NULL: none yet). *budget is the number of arrows all
 * connections may still hold; it limits the memory of a capture with many connections.
 * Returns 0 (also when the arrow was only counted) or -ENOMEM.
 */
int tl_ladder_add(struct tl_ladder_list **lp, const struct tl_arrow *a, uint64_t *budget);

/*
 * Draw the diagram (100 columns at most), its endpoints named as the lines name them (names
 * NULL: numbers); l NULL: no arrows. 0 or a negative errno from the output.
 */
int tl_ladder_print(struct tl_out *o, struct tl_names *names, const struct tl_flow_key *k,
		    const struct tl_conn *c, const struct tl_ladder_list *l);

/* Release the arrows and give them back to *budget. */
void tl_ladder_free(struct tl_ladder_list **lp, uint64_t *budget);

#endif
