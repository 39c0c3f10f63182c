/* SPDX-License-Identifier: GPL-2.0-only */
/* Builds the benchmark's Ethernet frames: TCP/IPv4 and TCP/IPv6 segments of many flows whose
 * sequence and acknowledgement numbers advance as in a real bulk transfer. */
#ifndef TL_BENCH_FRAMES_H
#define TL_BENCH_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define TL_GEN_PAYLOAD_MAX 1400
#define TL_GEN_FRAME_MAX   (14 + 40 + 32 + TL_GEN_PAYLOAD_MAX)
#define TL_GEN_MSS	   1448 /* what a pure ACK acknowledges each time */

struct tl_gen_cfg {
	unsigned flows;	  /* >= 1 */
	unsigned payload; /* TCP payload bytes per segment, <= TL_GEN_PAYLOAD_MAX */
	int family;	  /* 4, 6, or 0: flows alternate between the two */
	bool options;	  /* NOP NOP timestamps on every segment, as Linux sends them */
	uint32_t seed;	  /* initial sequence numbers */
	uint16_t dport;	  /* destination port; 0: 5201 and up, clear of every decoder */
	uint8_t smac[6], dmac[6];
	struct in_addr src4, dst4;
	struct in6_addr src6, dst6;
};

struct tl_gen_flow {
	uint32_t seq, ack, tsval, tsecr;
	uint32_t pseudo; /* partial sum of the pseudo header minus the length */
	uint16_t sport, dport, ipid;
	uint8_t family;
};

struct tl_gen {
	struct tl_gen_cfg cfg;
	struct tl_gen_flow *flow;
	unsigned next;	      /* flow of the next segment: round robin */
	uint32_t payload_sum; /* one's-complement partial sum of the fixed payload */
	uint8_t payload[TL_GEN_PAYLOAD_MAX];
};

/* Fills cfg with the defaults: 16 flows, IPv4, no payload, no options, 198.18.0.1 ->
 * 198.18.0.2 and fd00:198::1 -> fd00:198::2, locally administered MACs. */
void tl_gen_defaults(struct tl_gen_cfg *cfg);
int tl_gen_init(struct tl_gen *g, const struct tl_gen_cfg *cfg);
void tl_gen_free(struct tl_gen *g);
/* Writes the next segment (next flow in turn) into buf (>= TL_GEN_FRAME_MAX bytes) and
 * advances that flow; returns the frame length. */
size_t tl_gen_next(struct tl_gen *g, uint8_t *buf);

#endif
