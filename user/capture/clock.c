// SPDX-License-Identifier: GPL-2.0-only
/* Wall-clock offset for bpf_ktime_get_ns() (CLOCK_MONOTONIC) time stamps. */
#include <time.h>

#include "capture/clock.h"

static int64_t ns_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t tl_clock_mono_ns(void)
{
	return (uint64_t)ns_of(CLOCK_MONOTONIC);
}

void tl_clock_sync(struct tl_clock *c)
{
	int64_t best = INT64_MAX;

	/* Sandwich a monotonic read between two real-time reads and keep the narrowest try:
	 * its midpoint is the offset to within half that try's width. */
	for (int i = 0; i < 8; i++) {
		int64_t r1 = ns_of(CLOCK_REALTIME);
		int64_t m = ns_of(CLOCK_MONOTONIC);
		int64_t r2 = ns_of(CLOCK_REALTIME);

		if (r2 - r1 < best) {
			best = r2 - r1;
			c->offset_ns = r1 + (r2 - r1) / 2 - m;
		}
	}
	c->error_ns = best / 2;
	c->next_sync_ns = ns_of(CLOCK_MONOTONIC) + 1000000000;
}

void tl_clock_maybe_sync(struct tl_clock *c)
{
	if (ns_of(CLOCK_MONOTONIC) >= c->next_sync_ns)
		tl_clock_sync(c);
}
