// SPDX-License-Identifier: GPL-2.0-only
/* LDP (RFC 5036, port 646): the PDU header line print-ldp.c prints without -v. */
#include "out/proto/proto.h"

#define TL_LDP_VERSION 1
#define TL_LDP_COMMON  10 /* version, PDU length, LSR-ID, label space */
#define TL_LDP_MSG     8  /* message type, length, id */

/* The messages and TLVs printed at -v are not written here: with -v nothing is printed. */
bool tl_dec_ldp_done(const struct tl_dec *d)
{
	return !d->vflag;
}

/*
 * ldp_print() without -v: one PDU header, then print-ldp.c stops (its PDU printer returns 0
 * when not verbose). No separator before "LDP": tcpdump glues it to "length N".
 */
void tl_dec_ldp(struct tl_dec *d, uint32_t len)
{
	uint32_t version, pdu_len, space;

	d->proto = "ldp";
	if (len <= TL_LDP_COMMON + TL_LDP_MSG)
		return;
	tl_dec_need(d, 0, TL_LDP_COMMON);
	version = tl_be16(d->p);
	if (version != TL_LDP_VERSION) {
		TL_DEC_PUT(d, "LDP version ");
		tl_dec_u32(d, version);
		TL_DEC_PUT(d, " packet not supported");
		return;
	}
	pdu_len = tl_be16(d->p + 2);
	if (pdu_len < TL_LDP_COMMON - 4) {
		TL_DEC_PUT(d, "LDP, pdu-length: ");
		tl_dec_u32(d, pdu_len);
		TL_DEC_PUT(d, " (too short, < 6)");
		return;
	}
	space = tl_be16(d->p + 8);
	TL_DEC_PUT(d, "LDP, Label-Space-ID: ");
	tl_dec_ip4(d, d->p + 4);
	tl_dec_ch(d, ':');
	tl_dec_u32(d, space);
	TL_DEC_PUT(d, ", pdu-length: ");
	tl_dec_u32(d, pdu_len);
}
