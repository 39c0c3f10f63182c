// SPDX-License-Identifier: GPL-2.0-only
/* ZMTP/1.0 (ZeroMQ's framing), which tcpdump decodes only when told: -T zmtp1. */
#include "out/proto/proto.h"

/* Body bytes (after the flags) dumped at -v; -vv dumps them all (print-zeromq.c's VBYTES). */
#define TL_ZMTP1_VBYTES 128

/* zmtp1_print_frame(): one frame's length, flags and (-v) body; the offset after it. */
static size_t tl_zmtp1_frame(struct tl_dec *d, size_t cp, size_t ep)
{
	uint64_t declared, captured, hdr, printed;
	uint8_t flags;

	TL_DEC_PUT(d, "\n\t");
	if (tl_dec_u8(d, cp) != 0xff) {
		hdr = 1;
		declared = d->p[cp];
		TL_DEC_PUT(d, " frame flags+body  (8-bit) length ");
		tl_dec_u64w(d, declared, 0);
	} else {
		hdr = 9;
		TL_DEC_PUT(d, " frame flags+body (64-bit) length");
		tl_dec_need(d, cp, hdr);
		declared = tl_be64(d->p + cp + 1);
		tl_dec_ch(d, ' ');
		tl_dec_u64w(d, declared, 0);
	}
	if (!declared)
		return cp + hdr;
	tl_dec_need(d, cp, hdr + 1);
	flags = d->p[cp + hdr];
	captured = (uint64_t)ep - cp - hdr;
	if (declared > captured) {
		TL_DEC_PUT(d, " (");
		tl_dec_u64w(d, captured, 0);
		TL_DEC_PUT(d, " captured)");
	}
	TL_DEC_PUT(d, ", flags 0x");
	tl_dec_hex2(d, flags);
	if (d->vflag) {
		printed = captured < declared ? captured : declared;
		TL_DEC_PUT(d, " (");
		for (int bit = 7; bit >= 1; bit--) {
			tl_dec_str(d, flags & (1u << bit) ? "MBZ" : "-");
			tl_dec_ch(d, '|');
		}
		tl_dec_str(d, flags & 1 ? "MORE" : "-");
		tl_dec_ch(d, ')');
		if (d->vflag == 1 && printed > TL_ZMTP1_VBYTES + 1)
			printed = TL_ZMTP1_VBYTES + 1;
		if (printed > 1) {
			TL_DEC_PUT(d, ", first ");
			tl_dec_u64w(d, printed - 1, 0);
			TL_DEC_PUT(d, " byte(s) of body:");
			tl_dec_hexascii(d, "\n\t ", cp + hdr + 1, printed - 1, 0);
		}
	}
	/* Checked before it is added, as tcpdump does: the sum could wrap around. */
	cp += hdr;
	tl_dec_need(d, cp, declared);
	return cp + declared;
}

/* zmtp1_print(): ": ZMTP/1.0" and every frame of the segment. */
void tl_dec_zmtp1(struct tl_dec *d, uint32_t len)
{
	size_t cp = 0, ep = d->cap < len ? d->cap : len;

	d->proto = "zmtp1";
	TL_DEC_PUT(d, ": ZMTP/1.0");
	while (cp < ep)
		cp = tl_zmtp1_frame(d, cp, ep);
}
