/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared pieces of the libFuzzer harnesses: the record checks, a sink output, input reading. */
#ifndef TL_FUZZ_COMMON_H
#define TL_FUZZ_COMMON_H

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn/view.h"
#include "tcplens.h"
#include "out/out.h"

/* Link types a parse input can select with its first byte (seedgen.c writes the same index). */
static const uint32_t tl_fz_links[] = {
	TL_LINK_ETH,  TL_LINK_NULL, TL_LINK_RAW,  TL_LINK_SLL,
	TL_LINK_SLL2, TL_LINK_IPV4, TL_LINK_IPV6,
};
#define TL_FZ_NLINKS (sizeof(tl_fz_links) / sizeof(tl_fz_links[0]))
/*
 * What of the frame the outputs ask for, selected by the second byte: nothing, headers (-e,
 * -v), whole frames (-x, -w -s 0), a few bytes (-s 60 with -w), decoders on port 80; its top
 * bits add -v's checksum verdict and RST frames.
 */
static inline void tl_fz_frame_cfg(uint8_t sel, struct tl_frame_cfg *fc)
{
	static const uint32_t every[] = { 0, 0, TL_FRAME_MAX, 60, 0 };

	memset(fc, 0, sizeof(*fc));
	fc->csum = sel >> 7;
	fc->rst = (sel >> 6) & 1;
	fc->line = (sel >> 5) & 1;
	sel %= 5;
	fc->every = every[sel];
	fc->headers = sel == 1;
	fc->decode = sel == 4;
	fc->ports[80 / 64] |= 1ull << (80 % 64);
}
/* Bytes before the frame in a parse input: link, frame cfg, two bytes of wire_len - cap_len. */
#define TL_FZ_PARSE_HDR 4

/* A harness assertion: libFuzzer treats the abort as a crash and saves the input. */
#define TL_FZ_ASSERT(cond)                                                               \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                         \
		}                                                                        \
	} while (0)

/*
 * The acceptance test user/ring.c applies to every sample before anything reads a record: the
 * printers only ever see records that pass it, so the harnesses feed them exactly those. Kept
 * in step with ring.c by hand until ring.h exports it.
 */
static inline bool tl_fz_ring_accepts(const struct tl_record *r, size_t len)
{
	return len >= TL_RECORD_HDR && r->version == TL_RECORD_VERSION && r->size <= len &&
	       !(r->size & 7) && (r->family == 4 || r->family == 6) && r->opt_len <= TL_OPT_MAX &&
	       r->size >= TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len;
}

/*
 * What the parser promises about a record it emits (include/tcplens.h): checked on every
 * record the user-space parser produces, so a broken promise is a crash the fuzzer keeps.
 */
static inline void tl_fz_check_emitted(const struct tl_record *r, uint32_t cap_len)
{
	uint32_t end = TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len;

	TL_FZ_ASSERT(tl_fz_ring_accepts(r, TL_RECORD_MAX));
	TL_FZ_ASSERT(r->size <= TL_RECORD_MAX);
	if (r->flags & TL_RF_FRAME) {
		/* The section's header, its bytes still to come (replay appends them). */
		const struct tl_frame_sect *fs =
			(const void *)((const uint8_t *)r +
				       TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags));

		TL_FZ_ASSERT(r->size ==
			     TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags) + sizeof(*fs));
		TL_FZ_ASSERT(fs->len && fs->len <= cap_len && fs->len <= TL_FRAME_MAX);
		TL_FZ_ASSERT(fs->l3_off <= fs->l4_off && fs->l4_off <= cap_len && !fs->pad);
		end = TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags);
	} else {
		TL_FZ_ASSERT(r->size - end < 8);
	}
	TL_FZ_ASSERT(r->opt_len <= TL_OPT_MAX);
	/* A verdict only for a segment captured whole; without one the field stays zero. */
	TL_FZ_ASSERT((r->flags & TL_RF_CSUM) ? r->l4_caplen == r->l4_len && r->l4_len >= 20
					     : !r->csum);
	TL_FZ_ASSERT(r->ext_cnt <= TL_EXT_MAX);
	TL_FZ_ASSERT(r->l4_caplen <= r->l4_len);
	TL_FZ_ASSERT(r->ifindex == 0);
	for (uint32_t i = TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len; i < end; i++)
		TL_FZ_ASSERT(((const uint8_t *)r)[i] == 0);
	for (uint32_t i = r->ext_cnt; i < TL_EXT_MAX; i++)
		TL_FZ_ASSERT(r->ext[i] == 0);
}

/*
 * A decoder input (fuzz_dec*.c; seedgen writes the same layout): TL_FZ_DEC_HDR bytes, then the
 * TCP payload.
 *   [0] bits 0-1 -v count, bit 2 -X, bits 3-4 mode (ports, -T resp, -T domain, -T zmtp1),
 *       bit 5 RST, bit 6 the port on the source side, bit 7 the other port a decoder's too
 *   [1] which of the harness's ports
 *   [2] bytes captured: all for 0, else len * [2] / 256
 *   [3] room for the text: TL_DEC_OUT_MAX for 0, else [3] * 8 bytes
 */
#define TL_FZ_DEC_HDR 4

/* Output that goes nowhere but runs the real buffer code; /dev/null keeps write() honest. */
/* One record through the view, as the outputs get it; vw NULL: a view of nothing but r. */
static inline void tl_fz_decode(struct tl_view *vw, const struct tl_record *r,
				const struct tl_ts *ts, const char *ifname, uint64_t frame,
				struct tl_segview *v)
{
	struct tl_capture_meta m = {
		.ts = *ts, .ts_ns = (int64_t)r->ts_ns, .frame = frame, .ifname = ifname
	};

	if (vw)
		tl_view_decode(vw, r, &m, v);
	else
		tl_view_plain(r, &m, v);
}

static inline struct tl_out *tl_fz_out(void)
{
	static struct tl_out *o;

	if (!o) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

		TL_FZ_ASSERT(fd >= 0);
		o = tl_out_new(fd, false);
		TL_FZ_ASSERT(o);
	}
	return o;
}

/* Sequential reader over the fuzz input: past the end every byte reads as 0. */
struct tl_fz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t tl_fz_u8(struct tl_fz_in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static inline uint16_t tl_fz_u16(struct tl_fz_in *in)
{
	uint16_t hi = tl_fz_u8(in);

	return (uint16_t)(hi << 8 | tl_fz_u8(in));
}

static inline uint32_t tl_fz_u32(struct tl_fz_in *in)
{
	uint32_t hi = tl_fz_u16(in);

	return hi << 16 | tl_fz_u16(in);
}

#endif
