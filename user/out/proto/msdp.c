// SPDX-License-Identifier: GPL-2.0-only
/* MSDP (RFC 3618, port 639): the TLVs of a segment, as print-msdp.c prints them. */
#include "out/proto/proto.h"

#define TL_MSDP_TYPE_MAX 7

/*
 * At -vv print-msdp.c prints the IP packet a Source-Active message carries with a whole IP
 * printer, which is not written here: such a segment prints nothing (the -T vat line).
 */
static bool tl_msdp_has_data(struct tl_dec *d, uint32_t length)
{
	uint32_t type, len;
	size_t sp = 0;

	/* The walk tl_dec_msdp() takes, stopping where it would stop. */
	if (!tl_dec_has(d, 0, 3))
		return false;
	len = tl_be16(d->p + 1);
	if (len > 1500 || len < 3 || d->p[0] == 0 || d->p[0] > TL_MSDP_TYPE_MAX)
		return false;
	while (length != 0) {
		if (!tl_dec_has(d, sp, 3))
			return false;
		type = d->p[sp];
		len = tl_be16(d->p + sp + 1);
		if (len < 3 || length < len)
			return false;
		if (type == 1 || type == 3) {
			if (!tl_dec_has(d, sp + 3, 1))
				return false;
			if ((uint32_t)d->p[sp + 3] * 12 + 8 < len)
				return true;
		} else if (type == 2 && !tl_dec_has(d, sp + 4, 4)) {
			return false;
		}
		sp += len;
		length -= len;
	}
	return false;
}

void tl_dec_msdp(struct tl_dec *d, uint32_t length)
{
	uint32_t type, len, n;
	size_t sp = 0;

	d->proto = "msdp";
	if (d->vflag > 1 && tl_msdp_has_data(d, length))
		return;
	TL_DEC_PUT(d, ": msdp");
	/* Not at the start of a compound packet: not decodable. */
	type = tl_dec_u8(d, sp);
	len = tl_dec_be16(d, sp + 1);
	if (len > 1500 || len < 3 || type == 0 || type > TL_MSDP_TYPE_MAX) {
		tl_dec_trunc_mark(d);
		return;
	}
	while (length != 0) {
		type = tl_dec_u8(d, sp);
		len = tl_dec_be16(d, sp + 1);
		if (len > 1400 || d->vflag) {
			TL_DEC_PUT(d, " [len ");
			tl_dec_u32(d, len);
			tl_dec_ch(d, ']');
		}
		if (len < 3 || length < len) {
			tl_dec_trunc_mark(d);
			return;
		}
		sp += 3;
		length -= 3;
		switch (type) {
		case 1: /* IPv4 Source-Active */
		case 3: /* IPv4 Source-Active Response */
			tl_dec_str(d, type == 1 ? " SA" : " SA-Response");
			n = tl_dec_u8(d, sp); /* read before its printf prints anything */
			tl_dec_ch(d, ' ');
			tl_dec_u32(d, n);
			TL_DEC_PUT(d, " entries");
			if ((uint32_t)d->p[sp] * 12 + 8 < len)
				TL_DEC_PUT(d, " [w/data]");
			break;
		case 2: {
			uint8_t a[4];

			TL_DEC_PUT(d, " SA-Request");
			tl_dec_need(d, sp + 1, 4);
			memcpy(a, d->p + sp + 1, 4);
			TL_DEC_PUT(d, " for ");
			tl_dec_ip4(d, a);
			break;
		}
		case 4:
			TL_DEC_PUT(d, " Keepalive");
			if (len != 3) {
				TL_DEC_PUT(d, "[len=");
				tl_dec_u32(d, len);
				TL_DEC_PUT(d, "] ");
			}
			break;
		case 5:
			TL_DEC_PUT(d, " Notification");
			break;
		default:
			TL_DEC_PUT(d, " [type=");
			tl_dec_u32(d, type);
			TL_DEC_PUT(d, " len=");
			tl_dec_u32(d, len);
			tl_dec_ch(d, ']');
			break;
		}
		sp += len - 3;
		length -= len - 3;
	}
}
