/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Process attribution's kernel side (bpf/proc.bpf.c): loaded and attached once per session
 * when --proc or a process selector is on, before the segment programs, which then share
 * its socket map (tl_proc_share). Its programs are BPF links: nothing stays after exit.
 */
#ifndef TL_CAPTURE_PROC_H
#define TL_CAPTURE_PROC_H

#include <stdint.h>

struct tcplens_bpf;
struct tl_proc;

/* What the segment programs select on (cgroup_id 0: no --cgroup). */
struct tl_proc_sel {
	uint32_t pid;
	const char *name;
	uint64_t cgroup_id;
	uint32_t cgroup_level;
	const char *cgroup_root; /* where the cgroup v2 hierarchy is mounted */
};

/*
 * Load and attach the programs, then walk every task's open files once for the TCP sockets
 * opened before now. Says why on failure (one line naming --proc) and returns a negative
 * errno.
 */
int tl_proc_open(const struct tl_proc_sel *sel, struct tl_proc **out);

/*
 * Before a segment object is loaded: give it the socket map and the selectors (p NULL: the
 * map is shrunk to one entry, since the lookup is compiled out). 0 or a negative errno.
 */
int tl_proc_share(const struct tl_proc *p, const struct tl_proc_sel *sel, struct tcplens_bpf *skel);

/* Sockets the walk at start found. */
unsigned int tl_proc_found_at_start(const struct tl_proc *p);

void tl_proc_close(struct tl_proc *p);

#endif
