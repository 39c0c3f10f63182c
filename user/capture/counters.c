// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's per-CPU outcome counters (enum tl_counter), added up over the CPUs. */
#include <errno.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "capture/counters.h"

int tl_counters_add(int map_fd, uint64_t cnt[TL_CNT_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *vals;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (uint32_t k = 0; k < TL_CNT_MAX; k++) {
		if (bpf_map_lookup_elem(map_fd, &k, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			cnt[k] += vals[c];
	}
	free(vals);
	return 0;
}
