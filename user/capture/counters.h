/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's per-CPU outcome counters (enum tl_counter), added up over the CPUs. */
#ifndef TL_COUNTERS_H
#define TL_COUNTERS_H

#include <stdint.h>

#include "tcplens.h"

/* Adds the counters of the stats map map_fd to cnt. 0 or a negative errno. */
int tl_counters_add(int map_fd, uint64_t cnt[TL_CNT_MAX]);

#endif
