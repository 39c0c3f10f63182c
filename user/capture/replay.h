/* SPDX-License-Identifier: GPL-2.0-only */
/* Capture-file input: every frame goes through the loaded BPF parser with BPF_PROG_TEST_RUN
 * (or, without BPF privilege, through the same parser compiled for user space). */
#ifndef TL_REPLAY_H
#define TL_REPLAY_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <tcplens.h>

#include "capture/clock.h"
#include "capture/filter.h"
#include "capture/ring.h"

struct tl_replay;

/* Open a pcap or pcapng file; nano selects nanosecond fractions (--nano); fc (may be NULL)
 * says which frames' bytes the records carry, as the BPF program's cfg_frame. */
int tl_replay_open(const char *path, bool nano, const struct tl_frame_cfg *fc,
		   struct tl_replay **out);
/* libpcap's link-type name for the "reading from file" line. */
const char *tl_replay_link_name(const struct tl_replay *rp);
int tl_replay_snaplen(const struct tl_replay *rp);

struct tl_replay_sink {
	tl_record_fn record; /* each record, while tl_replay_ts() is its frame's time */
	void (*skip)(void *ctx, const struct tl_ts *ts); /* a frame that gave no record */
	void *ctx;
};

/* Feed every frame. prog_fd < 0 selects the user-space parser; otherwise records come back
 * through ring, whose callback must be sink->record. Stops early when *stop becomes set.
 * Returns 0 or a negative errno. */
int tl_replay_run(struct tl_replay *rp, int prog_fd, struct tl_ring *ring,
		  const struct tl_replay_sink *sink, volatile sig_atomic_t *stop);
/* Time stamp of the frame being processed, exactly as the file holds it. */
const struct tl_ts *tl_replay_ts(const struct tl_replay *rp);
/* Number of the frame being processed, 1-based, counting every frame of the file. */
uint64_t tl_replay_frame_no(const struct tl_replay *rp);
/*
 * tcpdump's number for it (-#): libpcap hands tcpdump only the frames its filter passes, TCP
 * or not, so with tl_replay_count(rp, f) only those count; without, every frame does.
 */
uint64_t tl_replay_number(const struct tl_replay *rp);
void tl_replay_count(struct tl_replay *rp, const struct tl_filter *f);
/* Frames skipped unparsed because tcpdump rejects their record header ([Invalid header]). */
uint64_t tl_replay_invalid(const struct tl_replay *rp);
/* Outcome counters (enum tl_counter) when the user-space parser ran. */
const uint64_t *tl_replay_counters(const struct tl_replay *rp);
void tl_replay_close(struct tl_replay *rp);

#endif
