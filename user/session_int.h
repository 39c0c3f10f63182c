/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of a session share: session.c (the loop and the records), programs.c (the
 * programs it loads), scopes.c (each namespace's instance and ring) and ifaces.c (the
 * interfaces they are attached to).
 */
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
#include "capture/kevents.h"
#include "capture/merge.h"
#include "capture/netns.h"
#include "capture/proc.h"
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
	int pidfd;		      /* --container, --pod: readable once it stops; else -1 */
	uint32_t netns_ino;	      /* its inode number, as kernel events name it (or 0) */
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
	uint64_t hold_ns;	 /* how late a record can reach its ring after its time stamp */
	int epfd;		 /* every namespace's ring, when there is a merge */
	int wake_fd;		 /* --rings percpu: the reader threads' eventfd, in epfd */
	uint64_t stop_check_ns;	 /* when to look again whether a traced container stopped */
	struct tl_kevents *kev;	 /* --drops, --events: their programs, once loaded */
	unsigned int ev_base;	 /* the merge stream of CPU 0's kernel events */
	struct tl_proc *proc;	 /* --proc and the selectors: the map every instance shares */
	struct tl_proc_sel psel; /* what they select */
};

/* Hands a record (or a kernel event) of the namespace being read to the outputs. */
void tl_session_on_record(void *ctx, const struct tl_record *r);

/* Which records carry frame bytes, from the chosen outputs. */
void tl_programs_frame_cfg(const struct tl_opts *o, struct tl_frame_cfg *fc);
/* Compiles the filter expression; libbpf splices it into the programs as they load. */
int tl_programs_setup_filter(const struct tl_opts *o, struct tl_filter **link,
			     struct tl_filter **raw);
/* Sets the knobs the programs read at load time in run->skel. */
void tl_programs_configure(struct tl_session *run);
/* --proc and the selectors: the process programs, before the segment programs. */
int tl_programs_open_proc(struct tl_session *run);
/* Loads run->skel's programs, or for -r without them settles for the user-space parser. */
int tl_programs_load(struct tl_session *run);
/* Loads skel's programs that will run (any_raw: the raw-IP variants too). */
int tl_programs_load_bpf(struct tcplens_bpf *skel, const struct tl_session *run, bool any_raw);
/* Each CPU's ring with --rings percpu, in bytes. */
uint32_t tl_programs_cpu_ring_bytes(const struct tl_session *run, unsigned int ncpu);

/* Opens every namespace the options name, before anything loads. */
int tl_scopes_open(struct tl_session *run);
/* The ring (or per-CPU rings) of skel's programs. */
int tl_scopes_open_ring(struct tl_session *run, const struct tcplens_bpf *skel,
			struct tl_ring **out);
/* Namespace s's own instance of the programs, configured as first, and its ring. */
int tl_scopes_load(struct tl_session *run, int s, const struct tcplens_bpf *first,
		   const struct tl_filter *flt_link, const struct tl_filter *flt_raw);
/* The merge and the epoll set, when records come through several rings or in batches. */
int tl_scopes_setup_merge(struct tl_session *run, int first);
/* --rings percpu: the reader threads. */
int tl_scopes_start_readers(struct tl_session *run, int first);
/* One round of reading every ring; returns records read or a negative errno. */
int tl_scopes_read(struct tl_session *run, int first, int timeout_ms);
/* Whether a CPU's batch still waits for its flush timer. */
bool tl_scopes_batches_pending(const struct tl_session *run);
/* Reads what is left in the other namespaces' rings. */
void tl_scopes_drain(struct tl_session *run, int first);
/* Records the namespaces' ring readers dropped as malformed. */
uint64_t tl_scopes_bad(const struct tl_session *run, int first);
/* Adds the other namespaces' counters to cnt. */
void tl_scopes_add_counters(const struct tl_session *run, int first, uint64_t cnt[TL_CNT_MAX]);
/* A traced container that stopped: say so, detach, stop once nothing is left. */
void tl_scopes_check_stopped(struct tl_session *run);
void tl_scopes_close(struct tl_session *run, const struct tcplens_bpf *first);

/* Every interface the options name, in every namespace; names gets "eth0, any@web". */
int tl_ifaces_attach_all(struct tl_session *run, char *names, size_t len);

/* -i any: attach what came up in scope s since the last call, forget what went away. */
void tl_ifaces_follow(struct tl_session *run, int s);

/* A container of scope s stopped: detach its interfaces, stop following them. */
void tl_ifaces_scope_gone(struct tl_session *run, int s);

/* How many interfaces are attached, and whether any scope still follows new ones. */
int tl_ifaces_traced(const struct tl_session *run);

/* -Z: only what cleanup and following new interfaces still need stays. */
int tl_ifaces_drop_privileges(const struct tl_session *run);

#endif
