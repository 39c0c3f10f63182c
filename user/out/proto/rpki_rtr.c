// SPDX-License-Identifier: GPL-2.0-only
/* RPKI-RTR (RFC 6810, port 323), as print-rpki-rtr.c prints it: the name without -v, every
 * PDU with it, an Error Report's encapsulated PDU one level deep. */
#include "out/proto/proto.h"

#define TL_RPKI_HDR 8 /* version, type, session id / error code, length */

enum {
	TL_RPKI_SERIAL_NOTIFY = 0,
	TL_RPKI_SERIAL_QUERY = 1,
	TL_RPKI_RESET_QUERY = 2,
	TL_RPKI_CACHE_RESPONSE = 3,
	TL_RPKI_IPV4_PREFIX = 4,
	TL_RPKI_IPV6_PREFIX = 6,
	TL_RPKI_END_OF_DATA = 7,
	TL_RPKI_CACHE_RESET = 8,
	TL_RPKI_ERROR_REPORT = 10,
};

static const struct tl_tok tl_rpki_pdus[] = {
	{ 0, "Serial Notify" }, { 1, "Serial Query" },
	{ 2, "Reset Query" },	{ 3, "Cache Response" },
	{ 4, "IPV4 Prefix" },	{ 6, "IPV6 Prefix" },
	{ 7, "End of Data" },	{ 8, "Cache Reset" },
	{ 10, "Error Report" }, { 0, NULL },
};

static const struct tl_tok tl_rpki_errors[] = {
	{ 0, "Corrupt Data" },
	{ 1, "Internal Error" },
	{ 2, "No Data Available" },
	{ 3, "Invalid Request" },
	{ 4, "Unsupported Protocol Version" },
	{ 5, "Unsupported PDU Type" },
	{ 6, "Withdrawal of Unknown Record" },
	{ 7, "Duplicate Announcement Received" },
	{ 0, NULL },
};

/* indent_string(): a newline, a tab per 8 and a space per remaining column. */
static void tl_rpki_indent(struct tl_dec *d, uint32_t indent)
{
	tl_dec_ch(d, '\n');
	for (; indent >= 8; indent -= 8)
		tl_dec_ch(d, '\t');
	for (; indent > 0; indent--)
		tl_dec_ch(d, ' ');
}

/* " (invalid)", and what the caller gave must be captured. */
static uint32_t tl_rpki_invalid(struct tl_dec *d, size_t off, uint32_t len)
{
	TL_DEC_PUT(d, " (invalid)");
	tl_dec_need(d, off, len);
	return len;
}

/* A prefix PDU: "IPv4 Prefix a.b.c.d/len-max, origin-as N, flags 0xNN"; alen 4 or 16. */
static void tl_rpki_prefix(struct tl_dec *d, size_t off, uint32_t indent, size_t alen)
{
	uint8_t flags, plen, max, a[16];
	uint32_t as;

	/* One printf: every field is read before any of it is printed. */
	tl_dec_need(d, off + TL_RPKI_HDR + 4, alen);
	memcpy(a, d->p + off + TL_RPKI_HDR + 4, alen);
	plen = tl_dec_u8(d, off + TL_RPKI_HDR + 1);
	max = tl_dec_u8(d, off + TL_RPKI_HDR + 2);
	as = tl_dec_be32(d, off + TL_RPKI_HDR + 4 + alen);
	flags = tl_dec_u8(d, off + TL_RPKI_HDR);
	tl_rpki_indent(d, indent + 2);
	if (alen == 4) {
		TL_DEC_PUT(d, "IPv4 Prefix ");
		tl_dec_ip4(d, a);
	} else {
		TL_DEC_PUT(d, "IPv6 Prefix ");
		tl_dec_ip6(d, a);
	}
	tl_dec_ch(d, '/');
	tl_dec_u32(d, plen);
	tl_dec_ch(d, '-');
	tl_dec_u32(d, max);
	TL_DEC_PUT(d, ", origin-as ");
	tl_dec_u32(d, as);
	TL_DEC_PUT(d, ", flags 0x");
	tl_dec_hex2(d, flags);
}

/* rpki_rtr_pdu_print(): one PDU of len bytes at off; the bytes it took. */
static uint32_t tl_rpki_pdu(struct tl_dec *d, size_t off, uint32_t len, bool recurse,
			    uint32_t indent)
{
	uint32_t type, pdu_len, version;
	bool hexdump = false;

	version = tl_dec_u8(d, off);
	if (version != 0) {
		/* A future version's PDU cannot be skipped reliably: the rest goes with it. */
		tl_rpki_indent(d, 8);
		TL_DEC_PUT(d, "RPKI-RTRv");
		tl_dec_u32(d, version);
		TL_DEC_PUT(d, " (unknown)");
		return len;
	}
	if (len < TL_RPKI_HDR) {
		tl_dec_ch(d, '(');
		tl_dec_u32(d, len);
		TL_DEC_PUT(d, " bytes is too few to decode)");
		return tl_rpki_invalid(d, off, len);
	}
	tl_dec_need(d, off, TL_RPKI_HDR);
	type = d->p[off + 1];
	pdu_len = tl_be32(d->p + off + 4);
	tl_rpki_indent(d, 8);
	TL_DEC_PUT(d, "RPKI-RTRv0, ");
	tl_dec_str(d, tl_tok_or(tl_rpki_pdus, type, "Unknown"));
	TL_DEC_PUT(d, " PDU (");
	tl_dec_u32(d, type);
	TL_DEC_PUT(d, "), length: ");
	tl_dec_u32(d, pdu_len);
	if (pdu_len < TL_RPKI_HDR || pdu_len > len)
		return tl_rpki_invalid(d, off, len);

	switch (type) {
	case TL_RPKI_SERIAL_NOTIFY:
	case TL_RPKI_SERIAL_QUERY:
	case TL_RPKI_END_OF_DATA: {
		uint32_t session, serial;

		if (pdu_len != TL_RPKI_HDR + 4)
			return tl_rpki_invalid(d, off, len);
		session = tl_be16(d->p + off + 2);
		serial = tl_dec_be32(d, off + TL_RPKI_HDR);
		tl_rpki_indent(d, indent + 2);
		TL_DEC_PUT(d, "Session ID: 0x");
		tl_dec_hexw(d, session, 4);
		TL_DEC_PUT(d, ", Serial: ");
		tl_dec_u32(d, serial);
		break;
	}
	case TL_RPKI_RESET_QUERY:
	case TL_RPKI_CACHE_RESET:
		if (pdu_len != TL_RPKI_HDR)
			return tl_rpki_invalid(d, off, len);
		break;
	case TL_RPKI_CACHE_RESPONSE:
		if (pdu_len != TL_RPKI_HDR)
			return tl_rpki_invalid(d, off, len);
		tl_rpki_indent(d, indent + 2);
		TL_DEC_PUT(d, "Session ID: 0x");
		tl_dec_hexw(d, tl_be16(d->p + off + 2), 4);
		break;
	case TL_RPKI_IPV4_PREFIX:
		if (pdu_len != TL_RPKI_HDR + 12)
			return tl_rpki_invalid(d, off, len);
		tl_rpki_prefix(d, off, indent, 4);
		break;
	case TL_RPKI_IPV6_PREFIX:
		if (pdu_len != TL_RPKI_HDR + 24)
			return tl_rpki_invalid(d, off, len);
		tl_rpki_prefix(d, off, indent, 16);
		break;
	case TL_RPKI_ERROR_REPORT: {
		uint32_t tlen = TL_RPKI_HDR, encap, text, code;

		/* RFC 6810 5.10: the erroneous PDU, then the error text, each with a length. */
		if (pdu_len < tlen + 4)
			return tl_rpki_invalid(d, off, len);
		tl_dec_need(d, off, tlen + 4);
		encap = tl_be32(d->p + off + tlen);
		tlen += 4;
		code = tl_be16(d->p + off + 2);
		tl_rpki_indent(d, indent + 2);
		TL_DEC_PUT(d, "Error code: ");
		tl_dec_str(d, tl_tok_or(tl_rpki_errors, code, "Unknown"));
		TL_DEC_PUT(d, " (");
		tl_dec_u32(d, code);
		TL_DEC_PUT(d, "), Encapsulated PDU length: ");
		tl_dec_u32(d, encap);
		/* Unsigned 32-bit sums as in print-rpki-rtr.c: a huge length wraps around. */
		if (encap) {
			if (pdu_len < tlen + encap)
				return tl_rpki_invalid(d, off, len);
			if (!recurse) {
				tl_dec_need(d, off, tlen + encap);
			} else {
				tl_rpki_indent(d, indent + 4);
				TL_DEC_PUT(d, "-----encapsulated PDU-----");
				tl_rpki_pdu(d, off + tlen, encap, false, indent + 2);
			}
			tlen += encap;
		}
		if (pdu_len < tlen + 4)
			return tl_rpki_invalid(d, off, len);
		tl_dec_need(d, off, tlen + 4);
		text = tl_be32(d->p + off + tlen);
		tlen += 4;
		if (text) {
			if (pdu_len < tlen + text)
				return tl_rpki_invalid(d, off, len);
			tl_rpki_indent(d, indent + 2);
			TL_DEC_PUT(d, "Error text: ");
			tl_dec_printn_jmp(d, off + tlen, text);
		}
		break;
	}
	default:
		tl_dec_need(d, off, pdu_len);
		hexdump = true;
		break;
	}
	if (d->vflag > 1 || (d->vflag && hexdump))
		tl_dec_unknown_data(d, off, "\n\t  ", pdu_len);
	return pdu_len;
}

void tl_dec_rpki_rtr(struct tl_dec *d, uint32_t len)
{
	size_t off = 0;

	d->proto = "rpki_rtr";
	if (!d->vflag) {
		TL_DEC_PUT(d, ", RPKI-RTR");
		return;
	}
	while (len) {
		uint32_t n = tl_rpki_pdu(d, off, len, true, 8);

		len -= n;
		off += n;
	}
}
