/* SPDX-License-Identifier: GPL-2.0-only */
/* What OpenFlow 1.0's files share: its messages (openflow10.c), statistics (openflow10_stats.c)
 * and flow fields (openflow10_flow.c). */
#ifndef TL_OPENFLOW10_H
#define TL_OPENFLOW10_H

#include "out/proto/proto.h"

#define TL_OF10_MATCH 40
/* Bits no name covers: above the last wildcard (FEATURES_REPLY's actions: above ENQUEUE). */
#define TL_OF10_PFW_U (~((1u << 22) - 1))
#define TL_OF10_PAT_U (~0xfffu)

extern const struct tl_tok tl_of10_wildcard_bits[];
extern const struct tl_tok tl_of10_action_bits[];

/* "LABEL" and a 2-byte port number or its name. */
void tl_of10_port(struct tl_dec *d, const char *label, size_t cp);
/* ofp_match's fields, each line starting with pfx. */
void tl_of10_match(struct tl_dec *d, const char *pfx, size_t cp);
/* An action list of len bytes, each action starting with pfx. */
void tl_of10_actions(struct tl_dec *d, const char *pfx, size_t cp, uint32_t len);
/* VENDOR's body. */
void tl_of10_vendor_message(struct tl_dec *d, size_t cp, uint32_t len);
/* A vendor id and its data in a statistics body. */
void tl_of10_vendor_data(struct tl_dec *d, size_t cp, uint32_t len);
/* STATS_REQUEST's and STATS_REPLY's bodies. */
void tl_of10_stats_request(struct tl_dec *d, size_t cp, uint32_t len);
void tl_of10_stats_reply(struct tl_dec *d, size_t cp, uint32_t len);

#endif
