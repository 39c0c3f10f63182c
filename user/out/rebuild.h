/* SPDX-License-Identifier: GPL-2.0-only */
/* The frame a record describes, rebuilt from its fields for the capture files (-w). */
#ifndef TL_REBUILD_H
#define TL_REBUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"

/*
 * Largest frame tl_frame_build() makes: a record's frame section behind a made-up Ethernet
 * header (frames are longer than the headers it rebuilds otherwise).
 */
#define TL_REBUILD_MAX (14 + TL_FRAME_MAX)

/*
 * The frame of a record with a frame section: its own bytes, as captured. Files are
 * Ethernet, so a frame of another link type gets a made-up Ethernet header (zero MACs) in
 * place of its own. Otherwise rebuild the frame a record describes: Ethernet (zero MACs),
 * IPv4 without options or IPv6 with stub extension headers of the recorded types, the TCP
 * header with its options. The IP lengths are the recorded ones, so *caplen is short of *wirelen where
 * bytes are unknown and readers mark the frame truncated instead of inventing bytes. The
 * IPv4 header checksum is computed; the TCP checksum cannot be (no payload) and is left 0.
 * live: an IP length of 0 (TSO/BIG TCP) is written as the real length when it fits in 16
 * bits, since the live text line showed that length; replay keeps 0 so tcpdump 4.99.3 prints
 * "bad-len 0" as tcplens did. buf needs TL_REBUILD_MAX bytes. Returns 0 or -EINVAL.
 */
int tl_frame_build(const struct tl_record *r, bool live, uint8_t *buf, uint32_t *caplen,
		   uint32_t *wirelen);

#endif
