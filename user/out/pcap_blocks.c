// SPDX-License-Identifier: GPL-2.0-only
/* The bytes of a capture file: pcapng blocks or classic pcap headers, laid out in a buffer. */
#include <stdio.h>
#include <string.h>

#include "capture/netns.h"
#include "out/pcap_blocks.h"

#define TL_SNAPLEN 262144

#define TL_BT_SHB 0x0A0D0D0Au
#define TL_BT_IDB 1u
#define TL_BT_ISB 5u
#define TL_BT_EPB 6u

static void blk_put(struct tl_blk *b, const void *v, size_t n)
{
	if (b->n + n > b->cap) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->n, v, n);
	b->n += n;
}

static void blk_u16(struct tl_blk *b, uint16_t v)
{
	blk_put(b, &v, 2);
}

static void blk_u32(struct tl_blk *b, uint32_t v)
{
	blk_put(b, &v, 4);
}

static void blk_pad(struct tl_blk *b)
{
	static const uint8_t zero[4];

	blk_put(b, zero, (4 - b->n % 4) % 4);
}

static void blk_opt(struct tl_blk *b, uint16_t code, const void *v, size_t n)
{
	blk_u16(b, code);
	blk_u16(b, (uint16_t)n);
	blk_put(b, v, n);
	blk_pad(b);
}

static void blk_opt_u64(struct tl_blk *b, uint16_t code, uint64_t v)
{
	blk_opt(b, code, &v, 8);
}

/* pcapng time stamps are two 32-bit halves, high first, each in host order. */
static void blk_opt_ts(struct tl_blk *b, uint16_t code, int64_t ns)
{
	uint32_t v[2] = { (uint32_t)((uint64_t)ns >> 32), (uint32_t)ns };

	blk_opt(b, code, v, 8);
}

static size_t blk_begin(struct tl_blk *b, uint32_t type)
{
	size_t start = b->n;

	blk_u32(b, type);
	blk_u32(b, 0); /* length, patched by blk_end */
	return start;
}

static void blk_end(struct tl_blk *b, size_t start, bool opts)
{
	uint32_t len;

	if (opts)
		blk_u32(b, 0); /* opt_endofopt */
	len = (uint32_t)(b->n - start + 4);
	blk_u32(b, len);
	if (!b->overflow)
		memcpy(b->p + start + 4, &len, 4);
}

void tl_blk_file_header(struct tl_blk *b, const struct tl_pcap_cfg *cfg,
			const struct tl_pcap_if *ifs, int n_ifs)
{
	char ns[128], desc[512];
	size_t s;

	if (cfg->classic) {
		blk_u32(b, cfg->nano ? 0xa1b23c4d : 0xa1b2c3d4);
		blk_u16(b, 2);
		blk_u16(b, 4);
		blk_u32(b, 0);
		blk_u32(b, 0);
		blk_u32(b, TL_SNAPLEN);
		blk_u32(b, 1); /* LINKTYPE_ETHERNET */
		return;
	}
	tl_netns_name(ns, sizeof(ns));
	s = blk_begin(b, TL_BT_SHB);
	blk_u32(b, 0x1A2B3C4D);
	blk_u16(b, 1);
	blk_u16(b, 0);
	blk_u32(b, 0xffffffff); /* section length unknown */
	blk_u32(b, 0xffffffff);
	blk_opt(b, 4, "tcplens (frames rebuilt from segment records)", 45);
	blk_end(b, s, true);
	for (int i = 0; i < n_ifs; i++) {
		uint8_t res = cfg->nano ? 9 : 6; /* if_tsresol: 10^-res seconds */
		int n;

		s = blk_begin(b, TL_BT_IDB);
		blk_u16(b, 1); /* LINKTYPE_ETHERNET */
		blk_u16(b, 0);
		blk_u32(b, TL_SNAPLEN);
		blk_opt(b, 2, ifs[i].name, strlen(ifs[i].name));
		n = snprintf(desc, sizeof(desc), "network namespace %s%s%s", ns,
			     ifs[i].desc ? "; " : "", ifs[i].desc ? ifs[i].desc : "");
		blk_opt(b, 3, desc, (size_t)n < sizeof(desc) ? (size_t)n : sizeof(desc) - 1);
		blk_opt(b, 9, &res, 1);
		blk_end(b, s, true);
	}
}

void tl_blk_packet(struct tl_blk *b, bool classic, const struct tl_blk_packet *pk)
{
	size_t s;

	if (classic) {
		blk_u32(b, (uint32_t)pk->sec);
		blk_u32(b, pk->frac);
		blk_u32(b, pk->caplen);
		blk_u32(b, pk->wirelen);
		b->n += pk->caplen;
		return;
	}
	s = blk_begin(b, TL_BT_EPB);
	blk_u32(b, pk->if_id);
	blk_u32(b, (uint32_t)((uint64_t)pk->ts >> 32));
	blk_u32(b, (uint32_t)pk->ts);
	blk_u32(b, pk->caplen);
	blk_u32(b, pk->wirelen);
	b->n += pk->caplen;
	blk_pad(b);
	if (pk->dir)
		blk_opt(b, 2, &pk->dir, 4);
	if (pk->comment_len)
		blk_opt(b, 1, pk->comment, pk->comment_len);
	blk_end(b, s, pk->dir || pk->comment_len);
}

void tl_blk_stats(struct tl_blk *b, const struct tl_blk_stats *st)
{
	const struct tl_pcap_stats *k = st->kernel && st->kernel->valid ? st->kernel : NULL;
	char text[256];
	int n;

	for (int i = 0; i < st->n_ifs; i++) {
		size_t s = blk_begin(b, TL_BT_ISB);

		blk_u32(b, (uint32_t)i);
		blk_u32(b, (uint32_t)((uint64_t)st->now >> 32));
		blk_u32(b, (uint32_t)st->now);
		/* The hook counts all interfaces together: the totals go in the first block. */
		if (i == 0 && k) {
			n = snprintf(
				text, sizeof(text),
				"tcplens: %d interface(s); kernel counters are totals over all of "
				"them; ifdrop = ring buffer full, osdrop = file writer behind "
				"the traffic",
				st->n_ifs);
		} else {
			n = snprintf(text, sizeof(text),
				     "tcplens: usrdeliv = segments written for this interface%s",
				     k ? "; kernel counters are in interface 0's block" : "");
		}
		blk_opt(b, 1, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
		if (st->first) {
			blk_opt_ts(b, 2, st->first);
			blk_opt_ts(b, 3, st->last);
		}
		if (i == 0 && k) {
			blk_opt_u64(b, 4, k->cnt[TL_CNT_SEEN]);
			blk_opt_u64(b, 5, k->cnt[TL_CNT_RING_FULL]);
			blk_opt_u64(b, 6, k->cnt[TL_CNT_EMITTED] + k->cnt[TL_CNT_RING_FULL]);
			blk_opt_u64(b, 7, st->drops);
		}
		blk_opt_u64(b, 8, st->if_written[i]);
		blk_end(b, s, true);
	}
}
