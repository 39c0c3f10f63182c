/* SPDX-License-Identifier: GPL-2.0-only */
/* A tracing session: namespaces, programs, rings and interfaces, from load to detach. */
#ifndef TL_SESSION_H
#define TL_SESSION_H

#include <signal.h>
#include <stdint.h>

#include "tcplens.h"
#include "opts.h"
#include "out/outputs.h"

/* Set by the signal handlers: stop the run; report open connections (SIGUSR1). */
struct tl_session_flags {
	volatile sig_atomic_t *stop;
	volatile sig_atomic_t *report_now;
};

struct tl_session;

/*
 * Everything before the first segment: the capture file (-r), the namespaces, the filter,
 * the BPF programs (or, for -r without privilege, the user-space parser) and their rings.
 * Nothing is attached yet. Prints why on failure; returns 0 or a negative errno.
 */
int tl_session_open(const struct tl_opts *o, struct tl_outputs *outs,
		    const struct tl_session_flags *flags, struct tl_session **out);

/*
 * -r: every frame of the file through the program. 0; 1 when the -w file could not be
 * opened (nothing was read: no closing lines); or a negative errno from reading.
 */
int tl_session_replay(struct tl_session *run);

/*
 * Live: attach everywhere, drop privileges (-Z), say "listening on", hand records to the
 * outputs until *flags->stop, then detach and drain what the kernel still holds.
 */
int tl_session_live(struct tl_session *run);

/* The kernel's (or the user-space parser's) counters, and the records user space dropped. */
void tl_session_counters(const struct tl_session *run, uint64_t cnt[TL_CNT_MAX], uint64_t *bad);

/* The end of a live run: records the merge handed on early, if any (one line on stderr). */
void tl_session_report(const struct tl_session *run);

/* Detaches whatever is still attached and frees everything. NULL ok. */
void tl_session_close(struct tl_session *run);

#endif
