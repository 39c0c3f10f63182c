/* SPDX-License-Identifier: GPL-2.0-only */
/* What session.c and ifaces.c share: a session's namespaces, instances and interfaces. */
#ifndef TL_SESSION_INT_H
#define TL_SESSION_INT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h" /* before the skeleton: its rodata uses our types */
#include "tcplens.skel.h"
#include "capture/attach.h"
#include "capture/clock.h"
#include "capture/filter.h"
#include "capture/merge.h"
#include "capture/netns.h"
#include "capture/replay.h"
#include "capture/ring.h"
#include "session.h"

struct tl_iface {
	char name[IF_NAMESIZE * 2]; /* as lines show it: "eth0", or "eth0@web" */
	int ifindex;
	int scope;
	struct tl_attach *att;
};

/*
 * One namespace traced through its own instance of the programs and ring: ifindexes repeat
 * across namespaces and the record carries nothing else, so the ring says where it came from.
 */
struct tl_scope {
	int netns_fd; /* -1: ours */
	char label[IF_NAMESIZE + 1];
	char name[128]; /* tl_netns_name_of(netns_fd): what --json says its lines came from */
	struct tcplens_bpf *skel; /* the first used scope shares the session's */
	struct tl_ring *ring;
	struct tl_netns_watch *watch; /* -i any */
	bool used;
};

struct tl_session {
	const struct tl_opts *o;
	struct tl_outputs *outs;
	const struct tl_session_flags *flags;
	struct tcplens_bpf *skel; /* the first scope's, or replay's */
	struct tl_ring *ring;
	bool user_parser;	/* -r without BPF: the parser compiled for user space */
	struct tl_frame_cfg fc; /* which records carry frame bytes (frame_cfg) */
	struct tl_filter *flt_link, *flt_raw;
	struct tl_clock clock;
	struct tl_replay *replay;
	struct tl_iface ifs[TL_MAX_IFACES];
	int n_ifs;
	int n_ifs_detached; /* ifs[0..n) already detached at a normal end */
	uint64_t records;   /* live frame numbers for Wireshark's labels */
	int stats_fd;	    /* counters map, live only, else -1 */
	struct tl_scope scopes[TL_MAX_SCOPES];
	int first;     /* the first namespace traced: it uses skel and ring */
	int cur_scope; /* whose ring is being read */
	/* Several rings or per-CPU batches: records wait here to be put back in time order. */
	struct tl_merge *merge;
	unsigned int ncpu;
	uint64_t hold_ns; /* how late a record can reach its ring after its time stamp */
	int epfd;	  /* every namespace's ring, when there is a merge */
	int wake_fd;	  /* --rings percpu: the reader threads' eventfd, in epfd */
};

/* Every interface the options name, in every namespace; names gets "eth0, any@web". */
int tl_ifaces_attach_all(struct tl_session *run, char *names, size_t len);

/* -i any: attach what came up in scope s since the last call, forget what went away. */
void tl_ifaces_follow(struct tl_session *run, int s);

/* -Z: only what cleanup and following new interfaces still need stays. */
int tl_ifaces_drop_privileges(const struct tl_session *run);

#endif
