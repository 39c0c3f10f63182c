// SPDX-License-Identifier: GPL-2.0-only
/* Frame builder for the benchmark: fixed per-flow templates, per-segment fields and checksums. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "frames.h"

/* One's-complement sum of big-endian 16-bit words; len may be odd (RFC 1071). */
static uint32_t tl_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t tl_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16 & 0xff;
	p[2] = v >> 8 & 0xff;
	p[3] = v & 0xff;
}

/* A fixed mixing function: the same seed gives the same traffic, so runs are comparable. */
static uint32_t tl_mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

void tl_gen_defaults(struct tl_gen_cfg *cfg)
{
	static const uint8_t smac[6] = { 0x02, 0x00, 0xc6, 0x12, 0x00, 0x01 };
	/* Nobody's address: the receiving stack drops the frames right after the capture
	 * hooks, so the benchmark measures capture and not TCP. */
	static const uint8_t dmac[6] = { 0x02, 0x00, 0xc6, 0x12, 0x00, 0x02 };

	memset(cfg, 0, sizeof(*cfg));
	cfg->flows = 16;
	cfg->family = 4;
	cfg->seed = 1;
	memcpy(cfg->smac, smac, 6);
	memcpy(cfg->dmac, dmac, 6);
	inet_pton(AF_INET, "198.18.0.1", &cfg->src4);
	inet_pton(AF_INET, "198.18.0.2", &cfg->dst4);
	inet_pton(AF_INET6, "fd00:198::1", &cfg->src6);
	inet_pton(AF_INET6, "fd00:198::2", &cfg->dst6);
}

int tl_gen_init(struct tl_gen *g, const struct tl_gen_cfg *cfg)
{
	unsigned i;

	if (!cfg->flows || cfg->payload > TL_GEN_PAYLOAD_MAX ||
	    (cfg->family != 0 && cfg->family != 4 && cfg->family != 6))
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	g->cfg = *cfg;
	g->flow = calloc(cfg->flows, sizeof(*g->flow));
	if (!g->flow)
		return -ENOMEM;
	/* Printable bytes: a payload decoder that does look at them sees nothing special. */
	for (i = 0; i < cfg->payload; i++)
		g->payload[i] = 'a' + i % 26;
	g->payload_sum = tl_csum_add(0, g->payload, cfg->payload);
	for (i = 0; i < cfg->flows; i++) {
		struct tl_gen_flow *f = &g->flow[i];
		uint32_t h = tl_mix(cfg->seed * 0x9e3779b9u + i);

		f->family = cfg->family ? cfg->family : (i & 1 ? 6 : 4);
		/* By default ports clear of every payload decoder tcpdump picks by port number;
		 * a chosen one (80) measures the decoders. */
		f->sport = 33000 + i % 30000;
		f->dport = cfg->dport ? cfg->dport : 5201 + i / 30000;
		f->seq = h;
		f->ack = tl_mix(h);
		f->tsval = tl_mix(h + 1);
		f->tsecr = tl_mix(h + 2);
		f->ipid = (uint16_t)tl_mix(h + 3);
		if (f->family == 4)
			f->pseudo = tl_csum_add(tl_csum_add(6, (const uint8_t *)&cfg->src4, 4),
						(const uint8_t *)&cfg->dst4, 4);
		else
			f->pseudo = tl_csum_add(tl_csum_add(6, cfg->src6.s6_addr, 16),
						cfg->dst6.s6_addr, 16);
	}
	return 0;
}

void tl_gen_free(struct tl_gen *g)
{
	free(g->flow);
	g->flow = NULL;
}

size_t tl_gen_next(struct tl_gen *g, uint8_t *buf)
{
	struct tl_gen_flow *f = &g->flow[g->next];
	const struct tl_gen_cfg *c = &g->cfg;
	unsigned thl = c->options ? 32 : 20, l4 = thl + c->payload, ihl;
	uint8_t *ip = buf + 14, *tcp;
	uint32_t sum;

	if (++g->next == c->flows)
		g->next = 0;
	memcpy(buf, c->dmac, 6);
	memcpy(buf + 6, c->smac, 6);
	if (f->family == 4) {
		ihl = 20;
		put16(buf + 12, 0x0800);
		ip[0] = 0x45;
		ip[1] = 0;
		put16(ip + 2, ihl + l4);
		put16(ip + 4, f->ipid++);
		put16(ip + 6, 0x4000); /* DF, as Linux sends TCP */
		ip[8] = 64;
		ip[9] = 6;
		put16(ip + 10, 0);
		memcpy(ip + 12, &c->src4, 4);
		memcpy(ip + 16, &c->dst4, 4);
		put16(ip + 10, tl_csum_fold(tl_csum_add(0, ip, 20)));
	} else {
		ihl = 40;
		put16(buf + 12, 0x86dd);
		/* Linux labels each flow (auto flow labels); keep one label per flow too. */
		put32(ip, 6u << 28 | (tl_mix(f->sport) & 0xfffff));
		put16(ip + 4, l4);
		ip[6] = 6;
		ip[7] = 64;
		memcpy(ip + 8, c->src6.s6_addr, 16);
		memcpy(ip + 24, c->dst6.s6_addr, 16);
	}
	tcp = ip + ihl;
	put16(tcp, f->sport);
	put16(tcp + 2, f->dport);
	put32(tcp + 4, f->seq);
	put32(tcp + 8, f->ack);
	tcp[12] = (thl / 4) << 4;
	tcp[13] = c->payload ? 0x18 : 0x10; /* PSH|ACK with data, a pure ACK without */
	put16(tcp + 14, 502);
	put16(tcp + 16, 0);
	put16(tcp + 18, 0);
	if (c->options) {
		tcp[20] = 1;
		tcp[21] = 1;
		tcp[22] = 8;
		tcp[23] = 10;
		put32(tcp + 24, f->tsval);
		put32(tcp + 28, f->tsecr);
	}
	memcpy(tcp + thl, g->payload, c->payload);
	/* The header length is even, so the payload's words line up with its precomputed sum. */
	sum = f->pseudo + l4 + g->payload_sum;
	put16(tcp + 16, tl_csum_fold(tl_csum_add(sum, tcp, thl)));

	/* A bulk sender's data advances seq; a receiver's pure ACKs advance ack by one MSS. */
	if (c->payload)
		f->seq += c->payload;
	else
		f->ack += TL_GEN_MSS;
	f->tsval++;
	return 14 + ihl + l4;
}
