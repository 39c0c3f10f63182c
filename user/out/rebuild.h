/* SPDX-License-Identifier: GPL-2.0-only */
/* The frame a record describes, rebuilt from its fields for the capture files (-w). */
#ifndef TL_REBUILD_H
#define TL_REBUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"

/*
 * Largest frame tl_frame_build() makes: Ethernet 14, IPv6 40, four 8-byte extension headers,
 * TCP 20 + 40 options, the payload snippet.
 */
#define TL_REBUILD_MAX (14 + 40 + 8 * TL_EXT_MAX + 60 + TL_SNAP_MAX)

/*
 * Rebuild the frame a record describes: Ethernet (zero MACs), IPv4 without options or IPv6
 * with stub extension headers of the recorded types, the TCP header with its options and the
 * payload snippet. The IP lengths are the recorded ones, so *caplen is short of *wirelen where
 * bytes are unknown and readers mark the frame truncated instead of inventing bytes. The
 * IPv4 header checksum is computed; the TCP checksum cannot be (no payload) and is left 0.
 * live: an IP length of 0 (TSO/BIG TCP) is written as the real length when it fits in 16
 * bits, since the live text line showed that length; replay keeps 0 so tcpdump 4.99.3 prints
 * "bad-len 0" as tcplens did. buf needs TL_REBUILD_MAX bytes. Returns 0 or -EINVAL.
 */
int tl_frame_build(const struct tl_record *r, bool live, uint8_t *buf, uint32_t *caplen,
		   uint32_t *wirelen);

#endif
