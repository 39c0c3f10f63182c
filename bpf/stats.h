/* SPDX-License-Identifier: GPL-2.0-only */
/* The per-CPU packet counters (enum tl_cnt in include/tcplens.h) user space sums for the
 * statistics line: every packet counts once, as emitted, dropped or why not. */
#ifndef TL_BPF_STATS_H
#define TL_BPF_STATS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "tcplens.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TL_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void tl_count_n(__u32 idx, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		*v += n;
}

static __always_inline void tl_count(__u32 idx)
{
	tl_count_n(idx, 1);
}

#endif /* TL_BPF_STATS_H */
