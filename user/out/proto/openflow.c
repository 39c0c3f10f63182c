// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow (ports 6633, 6653): the messages of a segment, as print-openflow.c prints them, and
 * what its 1.0 and 1.3 printers share. */
#include "out/print_int.h"
#include "out/proto/openflow.h"

#define TL_OF_VER_1_0 0x01
#define TL_OF_VER_1_3 0x04

static const struct tl_tok tl_of_versions[] = {
	{ 1, "1.0" }, { 2, "1.1" }, { 3, "1.2" }, { 4, "1.3" },
	{ 5, "1.4" }, { 6, "1.5" }, { 0, NULL },
};

/* ONF's experimenter ids: their high byte is set, which no OUI has. */
static const struct tl_tok tl_of_onf_exp[] = {
	{ 0x4f4e4600, "ONF Extensions" },
	{ 0xff000001, "Budapest University of Technology and Economics" },
	{ 0xff000002, "NoviFlow" },
	{ 0xff000003, "L3+ Extensions, Vendor Neutral" },
	{ 0xff000004, "L4-L7 Extensions" },
	{ 0xff000005, "Wireless and Mobility Extensions" },
	{ 0xff000006, "Forwarding Abstractions Extensions" },
	{ 0xff000007, "Optical Transport Extensions" },
	{ 0xff000008, "Network Benchmarking Lab, NCTU" },
	{ 0xff000009, "Mobile Packet Core Extensions" },
	{ 0xff00000a, "MPLS-TP OpenFlow Extensions for SPTN" },
	{ 0, NULL },
};

const char *tl_of_vendor_name(uint32_t vendor)
{
	const char *s;

	if (vendor & 0xff000000)
		s = tl_tok(tl_of_onf_exp, vendor);
	else
		s = tl_oui_name(vendor);
	return s ? s : "unknown";
}

/*
 * bittok2str(t, "", v) in parentheses: names in table order, and nothing between them when
 * only bits without a name are set (1.0's wildcard widths).
 */
void tl_of_bitmap(struct tl_dec *d, const struct tl_tok *t, uint32_t v, uint32_t u)
{
	if (v & ~u) {
		bool any = false;

		TL_DEC_PUT(d, " (");
		for (; t->s; t++) {
			if (!t->v || (v & t->v) != t->v)
				continue;
			if (any)
				TL_DEC_PUT(d, ", ");
			tl_dec_str(d, t->s);
			any = true;
		}
		tl_dec_ch(d, ')');
	}
	if (v & u)
		TL_DEC_PUT(d, " (bogus)");
}

void tl_of_data(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len == 0)
		return;
	TL_DEC_PUT(d, "\n\t data (");
	tl_dec_u32(d, len);
	TL_DEC_PUT(d, " octets)");
	if (d->vflag >= 2)
		tl_dec_hexascii(d, "\n\t  ", cp, len, 0);
	else
		tl_dec_need(d, cp, len);
}

void tl_of_error(struct tl_dec *d, size_t cp, uint32_t len, const struct tl_tok *types,
		 const struct tl_tok *const *codes, size_t ncodes)
{
	uint16_t type = tl_dec_be16(d, cp), code;

	TL_DEC_PUT(d, "\n\t type ");
	tl_of_tok_hex(d, types, type, "invalid (", 4);
	code = tl_dec_be16(d, cp + 2);
	TL_DEC_PUT(d, ", code ");
	tl_of_tok_hex(d, type < ncodes ? codes[type] : NULL, code, "invalid (", 4);
	tl_of_data(d, cp + 4, len - 4);
}

void tl_of_invalid(struct tl_dec *d, size_t cp, uint32_t len)
{
	TL_DEC_PUT(d, " (invalid)");
	tl_dec_need(d, cp, len);
}

void tl_of_mac(struct tl_dec *d, size_t cp)
{
	tl_dec_need(d, cp, 6);
	for (int i = 0; i < 6; i++) {
		if (i)
			tl_dec_ch(d, ':');
		tl_dec_hex2(d, d->p[cp + i]);
	}
}

void tl_of_tok_hex(struct tl_dec *d, const struct tl_tok *t, uint32_t v, const char *prefix,
		   unsigned int width)
{
	const char *s = t ? tl_tok(t, v) : NULL;

	if (s) {
		tl_dec_str(d, s);
		return;
	}
	tl_dec_str(d, prefix);
	TL_DEC_PUT(d, "0x");
	tl_dec_hexw(d, v, width);
	tl_dec_ch(d, ')');
}

void tl_of_hex32(struct tl_dec *d, uint32_t v)
{
	TL_DEC_PUT(d, "0x");
	tl_dec_hexw(d, v, 8);
}

void tl_of_hex64(struct tl_dec *d, uint64_t v)
{
	TL_DEC_PUT(d, "0x");
	tl_dec_hexw(d, v, 16);
}

void tl_of_str(struct tl_dec *d, const char *label, size_t cp, size_t n)
{
	tl_dec_str(d, label);
	tl_dec_ch(d, '\'');
	tl_dec_printjnp(d, cp, n);
	tl_dec_ch(d, '\'');
}

void tl_of_bits32(struct tl_dec *d, const char *label, size_t cp, const struct tl_tok *t,
		  uint32_t u)
{
	uint32_t v = tl_dec_be32(d, cp);

	tl_dec_str(d, label);
	tl_of_hex32(d, v);
	tl_of_bitmap(d, t, v, u);
}

void tl_of_u64(struct tl_dec *d, const char *label, size_t cp)
{
	uint64_t v = tl_dec_be64(d, cp);

	tl_dec_str(d, label);
	tl_dec_u64w(d, v, 0);
}

void tl_of_u32(struct tl_dec *d, const char *label, size_t cp)
{
	uint32_t v = tl_dec_be32(d, cp);

	tl_dec_str(d, label);
	tl_dec_u32(d, v);
}

void tl_of_u16(struct tl_dec *d, const char *label, size_t cp)
{
	uint16_t v = tl_dec_be16(d, cp);

	tl_dec_str(d, label);
	tl_dec_u32(d, v);
}

/* Printed at every -v count but -vvv, whose PACKET_IN and PACKET_OUT frames tcpdump decodes
 * with its Ethernet printer, which is not written here. */
bool tl_dec_openflow_done(const struct tl_dec *d)
{
	return d->vflag < 3;
}

/*
 * of_message_print: a body whose length breaks its type's rule " (invalid)"; with -v the
 * type's printer, else (or with none) the check that the body is captured.
 */
static void tl_of_message(struct tl_dec *d, size_t cp, uint32_t len, const struct tl_of_type *t)
{
	if (t &&
	    ((t->rule == TL_OF_FIX && len != t->min) || (t->rule == TL_OF_MIN && len < t->min))) {
		tl_of_invalid(d, cp, len);
		return;
	}
	if (t && d->vflag && t->body) {
		t->body(d, cp, len);
		return;
	}
	tl_dec_need(d, cp, len);
}

/*
 * openflow_print(): per message "\n\tversion V, type T, length L, xid X" and its body. A
 * message may run past the segment (the next segment carries the rest): its body is printed
 * as far as it is captured, and the segment ends there. A header cut by the end of the
 * segment says so.
 */
void tl_dec_openflow(struct tl_dec *d, uint32_t len)
{
	const struct tl_of_type *t;
	size_t cp = 0;
	uint8_t version, type;
	uint16_t length, body;
	uint32_t xid;

	d->proto = "openflow";
	TL_DEC_PUT(d, ": OpenFlow");
	while (len) {
		const char *name;

		version = tl_dec_u8(d, cp);
		cp++;
		len--;
		TL_DEC_PUT(d, "\n\tversion ");
		name = tl_tok(tl_of_versions, version);
		if (name) {
			tl_dec_str(d, name);
		} else {
			TL_DEC_PUT(d, "unknown (0x");
			tl_dec_hex2(d, version);
			tl_dec_ch(d, ')');
		}
		if (len < 1)
			goto partial;
		type = tl_dec_u8(d, cp);
		cp++;
		len--;
		t = version == TL_OF_VER_1_0   ? tl_of10_type(type)
		    : version == TL_OF_VER_1_3 ? tl_of13_type(type)
					       : NULL;
		if (t) {
			TL_DEC_PUT(d, ", type ");
			tl_dec_str(d, t->name);
		} else {
			TL_DEC_PUT(d, ", type unknown (0x");
			tl_dec_hex2(d, type);
			tl_dec_ch(d, ')');
		}
		if (len < 2)
			goto partial;
		length = tl_dec_be16(d, cp);
		cp += 2;
		len -= 2;
		TL_DEC_PUT(d, ", length ");
		tl_dec_u32(d, length);
		if (length < TL_OF_HEADER)
			TL_DEC_PUT(d, " (too short!)");
		if (len < 4)
			goto partial;
		xid = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, ", xid ");
		tl_of_hex32(d, xid);
		cp += 4;
		len -= 4;
		if (length < TL_OF_HEADER) {
			tl_of_invalid(d, cp, len);
			return;
		}
		body = (uint16_t)(length - TL_OF_HEADER);
		tl_of_message(d, cp, body, t);
		if (body > len)
			break;
		cp += body;
		len -= body;
	}
	return;
partial:
	TL_DEC_PUT(d, " (end of TCP payload)");
	tl_dec_need(d, cp, len);
}
