// SPDX-License-Identifier: GPL-2.0-only
/*
 * DNS names (RFC 1035 3.1, 4.1.4): labels, compression pointers and RFC 2673 bit labels, as
 * print-domain.c skips and prints them, loops and over-long names included.
 */
#include "out/proto/dns_int.h"

#define TL_MAXCDNAME 255 /* longest name text before <DOMAIN NAME TOO LONG> */

/* Label types: the two top bits of a length byte (RFC 1035 4.1.4, RFC 6891). */
#define TL_TYPE_MASK	  0xc0
#define TL_TYPE_INDIR	  0xc0
#define TL_TYPE_RESERVED  0x80
#define TL_TYPE_EDNS0	  0x40
#define TL_EDNS0_BITLABEL 0x01

/* ns_nskip(): the offset after the name at cp without printing it, or TL_NIL. */
size_t tl_dns_skip(struct tl_dec *d, size_t cp)
{
	uint32_t i, bitlen;

	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	i = d->p[cp++];
	while (i) {
		switch (i & TL_TYPE_MASK) {
		case TL_TYPE_INDIR:
			return cp + 1;
		case TL_TYPE_EDNS0:
			if ((i & ~TL_TYPE_MASK) != TL_EDNS0_BITLABEL)
				return TL_NIL;
			if (!tl_dec_has(d, cp, 1))
				return TL_NIL;
			bitlen = d->p[cp] ? d->p[cp] : 256;
			cp++;
			cp += (bitlen + 7) / 8;
			break;
		case TL_TYPE_RESERVED:
			return TL_NIL;
		default:
			cp += i;
			break;
		}
		if (!tl_dec_has(d, cp, 1))
			return TL_NIL;
		i = d->p[cp++];
	}
	return cp;
}

/* blabel_print(): an RFC 2673 bit-string label as \[xHEX/BITS]. */
static size_t tl_dns_blabel(struct tl_dec *d, size_t cp)
{
	uint32_t bitlen, slen, b;
	size_t bitp, lim;
	uint8_t tc;

	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	bitlen = d->p[cp] ? d->p[cp] : 256;
	slen = (bitlen + 3) / 4;
	lim = cp + 1 + slen;
	TL_DEC_PUT(d, "\\[x");
	for (bitp = cp + 1, b = bitlen; bitp < lim && b > 7; b -= 8, bitp++)
		tl_dec_hex2(d, tl_dec_u8(d, bitp));
	if (b > 4) {
		tc = tl_dec_u8(d, bitp);
		tl_dec_hex2(d, (uint8_t)(tc & (0xff << (8 - b))));
	} else if (b > 0) {
		tc = tl_dec_u8(d, bitp);
		tl_dec_hex(d, ((tc >> 4) & 0x0f) & (0x0f << (4 - b)));
	}
	tl_dec_ch(d, '/');
	tl_dec_u32(d, bitlen);
	tl_dec_ch(d, ']');
	return lim;
}

/* labellen(): how far the label at cp reaches past its first byte, or -1 (some printed). */
static int64_t tl_dns_labellen(struct tl_dec *d, size_t cp)
{
	uint32_t i, elt;

	if (!tl_dec_has(d, cp, 1))
		return -1;
	i = d->p[cp];
	switch (i & TL_TYPE_MASK) {
	case TL_TYPE_EDNS0:
		elt = i & ~TL_TYPE_MASK;
		if (elt != TL_EDNS0_BITLABEL) {
			TL_DEC_PUT(d, "<ELT ");
			tl_dec_u32(d, elt);
			tl_dec_ch(d, '>');
			return -1;
		}
		if (!tl_dec_has(d, cp + 1, 1))
			return -1;
		return ((d->p[cp + 1] ? d->p[cp + 1] : 256) + 7) / 8 + 1;
	case TL_TYPE_INDIR:
	case 0:
		return i;
	default:
		TL_DEC_PUT(d, "<BAD LABEL TYPE>");
		return -1;
	}
}

/* The label byte at *cp: its type and length in *i and *l, *cp past it; false where it is not
 * captured or its type is bad (said so). */
static bool tl_dns_label_at(struct tl_dec *d, size_t *cp, uint32_t *i, int64_t *l)
{
	if (!tl_dec_has(d, *cp, 1))
		return false;
	*i = d->p[*cp];
	if ((*l = tl_dns_labellen(d, *cp)) < 0)
		return false;
	(*cp)++;
	return true;
}

/*
 * fqdn_print(): the name at cp, compression pointers resolved against the message at bp.
 * Returns the offset after the name where it sits (after the first pointer), or TL_NIL. Each
 * pointer must point before the previous one, as BIND requires: that ends every loop.
 * max_offset is unsigned 32-bit arithmetic as in tcpdump, where EDNS CHAIN hands a bp past cp.
 */
size_t tl_dns_name(struct tl_dec *d, size_t cp, size_t bp)
{
	size_t rp = TL_NIL;
	bool compress = false;
	uint32_t i, offset, max_offset, name_chars = 0;
	int64_t l;

	if ((l = tl_dns_labellen(d, cp)) < 0)
		return TL_NIL;
	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	max_offset = (uint32_t)cp - (uint32_t)bp;
	i = d->p[cp++];
	if ((i & TL_TYPE_MASK) != TL_TYPE_INDIR)
		rp = cp + (size_t)l;
	if (!i) {
		tl_dec_ch(d, '.');
		return rp;
	}
	while (i && cp < d->cap) {
		switch (i & TL_TYPE_MASK) {
		case TL_TYPE_INDIR:
			if (!compress) {
				rp = cp + 1;
				compress = true;
			}
			if (!tl_dec_has(d, cp, 1))
				return TL_NIL;
			offset = ((i << 8) | d->p[cp]) & 0x3fff;
			if (offset >= max_offset) {
				TL_DEC_PUT(d, "<BAD PTR>");
				return TL_NIL;
			}
			max_offset = offset;
			cp = bp + offset;
			if (!tl_dns_label_at(d, &cp, &i, &l))
				return TL_NIL;
			continue;
		case TL_TYPE_EDNS0:
			if ((i & ~TL_TYPE_MASK) != TL_EDNS0_BITLABEL) {
				TL_DEC_PUT(d, "<ELT ");
				tl_dec_u32(d, i & ~TL_TYPE_MASK);
				tl_dec_ch(d, '>');
				return TL_NIL;
			}
			if (tl_dns_blabel(d, cp) == TL_NIL)
				return TL_NIL;
			break;
		case TL_TYPE_RESERVED:
			TL_DEC_PUT(d, "<BAD LABEL TYPE>");
			return TL_NIL;
		default:
			if (name_chars + l <= TL_MAXCDNAME) {
				if (tl_dec_printn(d, cp, (size_t)l))
					return TL_NIL;
			} else if (name_chars < TL_MAXCDNAME) {
				if (tl_dec_printn(d, cp, TL_MAXCDNAME - name_chars))
					return TL_NIL;
			}
			name_chars += (uint32_t)l;
			break;
		}
		cp += (size_t)l;
		if (name_chars <= TL_MAXCDNAME)
			tl_dec_ch(d, '.');
		name_chars++;
		if (!tl_dns_label_at(d, &cp, &i, &l))
			return TL_NIL;
		if (!compress)
			rp += (size_t)l + 1;
	}
	if (name_chars > TL_MAXCDNAME)
		TL_DEC_PUT(d, "<DOMAIN NAME TOO LONG>");
	return rp;
}
