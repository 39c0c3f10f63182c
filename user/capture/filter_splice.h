/* SPDX-License-Identifier: GPL-2.0-only */
/* The translated filter, spliced into the loaded programs in place of tl_filter(). */
#ifndef TL_FILTER_SPLICE_H
#define TL_FILTER_SPLICE_H

#include "capture/filter.h"

/*
 * Call before the BPF object is opened: libbpf then lets us rewrite the "xdp",
 * "xdp.frags" and "tc" programs while they load. Programs whose name contains "_raw_" get
 * raw (compiled for DLT_RAW), every other one gets link. Either may be NULL when no loaded
 * program needs it; a loaded program that needs a missing filter, or that has no
 * placeholder, fails to load. tl_filter_splice_end() after loading (also on failure).
 * The programs only call the filter when their rodata cfg_filter is set: set it too.
 */
int tl_filter_splice_begin(const struct tl_filter *link, const struct tl_filter *raw);
void tl_filter_splice_end(void);

#endif
