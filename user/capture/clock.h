/* SPDX-License-Identifier: GPL-2.0-only */
/* Converts the kernel's monotonic record time stamps to wall-clock time. */
#ifndef TL_CLOCK_H
#define TL_CLOCK_H

#include <stdint.h>

/* A capture time as printed: frac is microseconds, or nanoseconds with --nano; printed
 * unvalidated, like tcpdump, since a file may hold anything. */
struct tl_ts {
	int64_t sec;
	uint32_t frac;
};

struct tl_clock {
	int64_t offset_ns;    /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	int64_t error_ns;     /* half the width of the tightest measuring window */
	int64_t next_sync_ns; /* monotonic time of the next re-measurement */
};

/* Now on CLOCK_MONOTONIC, the clock of bpf_ktime_get_ns() and so of live records. */
uint64_t tl_clock_mono_ns(void);
/* Measure the offset; call again from time to time, since NTP slews CLOCK_REALTIME. */
void tl_clock_sync(struct tl_clock *c);
/* Re-measure when a second has passed since the last measurement. */
void tl_clock_maybe_sync(struct tl_clock *c);

static inline int64_t tl_clock_real_ns(const struct tl_clock *c, uint64_t mono_ns)
{
	return (int64_t)mono_ns + c->offset_ns;
}

#endif
