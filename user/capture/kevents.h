/* SPDX-License-Identifier: GPL-2.0-only */
/* --drops and --events: the kernel-event programs (bpf/events.bpf.c), loaded only for the
 * options given, attached as BPF links, writing into the segments' ring. */
#ifndef TL_KEVENTS_H
#define TL_KEVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"
#include "events.h"

struct tl_kevents_cfg {
	bool drops;  /* --drops, --drops-only */
	bool events; /* --events */
	int ring_fd; /* the ring the segments go to */
	/* inode numbers of the network namespaces traced; 0 ends the list */
	uint32_t netns[TL_EV_NETNS_MAX];
};

struct tl_kevents;

/*
 * Loads and attaches what cfg asks for. An option the kernel cannot serve (no BTF, no such
 * tracepoint, a refused load) gets one line naming it and is left off; *out is NULL when
 * nothing could be loaded. Returns 0, or a negative errno when memory ran out.
 */
int tl_kevents_open(const struct tl_kevents_cfg *cfg, struct tl_kevents **out);
/* Adds the programs' per-CPU counters (TL_EVC_*) to cnt. */
void tl_kevents_counters(const struct tl_kevents *k, uint64_t cnt[TL_EVC_MAX]);
/* Detaches (the links go) and frees; NULL is fine. */
void tl_kevents_close(struct tl_kevents *k);

#endif
