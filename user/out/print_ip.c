// SPDX-License-Identifier: GPL-2.0-only
/* The IPv4 part of tcpdump 4.99.3's line (print-ip.c's ip_print), before the TCP part: with -v
 * the header's fields, options and checksum, read from the record's frame section. */
#include "out/print_int.h"

/* Bytes [off, off + n) of the datagram are present. */
static inline bool have(const struct tl_line *l, uint32_t off, uint32_t n)
{
	return off <= l->end && n <= l->end - off;
}

/* What stopped ip_optprint: a bounds check (its own mark), or a GET_ past the capture. */
enum tl_optstop {
	TL_OPT_OK,
	TL_OPT_CUT,  /* " [truncated-option]", then no TCP part */
	TL_OPT_JUMP, /* a longjmp: " [|ip]" and the line ends there */
};

static char *put_bad_length(char *c, uint32_t len)
{
	PUT(c, " [bad length ");
	c = put_u32(c, len);
	*c++ = ']';
	return c;
}

/* ip_printroute: RR, LSRR, SSRR. */
static char *put_route(const struct tl_line *l, char *c, uint32_t o, uint32_t length,
		       enum tl_optstop *stop)
{
	const uint8_t *cp = l->f + o;
	uint32_t ptr;

	if (length < 3)
		return put_bad_length(c, length);
	if ((length + 1) & 3)
		c = put_bad_length(c, length);
	ptr = (uint32_t)cp[2] - 1;
	if (ptr < 3 || ((ptr + 1) & 3) || ptr > length + 1) {
		PUT(c, " [bad ptr ");
		c = put_u32(c, cp[2]);
		*c++ = ']';
	}
	for (uint32_t len = 3; len < length; len += 4) {
		if (!have(l, o + len, 4)) {
			*stop = TL_OPT_CUT;
			return c;
		}
		*c++ = ' ';
		c = put_ip4(c, cp + len);
		if (ptr > len)
			*c++ = ',';
	}
	return c;
}

/* ip_printts. */
static char *put_ts_opt(const struct tl_line *l, char *c, uint32_t o, uint32_t length,
			enum tl_optstop *stop)
{
	const uint8_t *cp = l->f + o;
	uint32_t ptr, len = 0, hoplen;
	const char *type;

	if (length < 4) {
		PUT(c, "[bad length ");
		c = put_u32(c, length);
		*c++ = ']';
		return c;
	}
	PUT(c, " TS{");
	hoplen = (cp[3] & 0xf) != 0 ? 8 : 4;
	if ((length - 4) & (hoplen - 1)) {
		PUT(c, "[bad length ");
		c = put_u32(c, length);
		*c++ = ']';
	}
	ptr = (uint32_t)cp[2] - 1;
	if (ptr < 4 || ((ptr - 4) & (hoplen - 1)) || ptr > length + 1) {
		PUT(c, "[bad ptr ");
		c = put_u32(c, cp[2]);
		*c++ = ']';
	}
	switch (cp[3] & 0xf) {
	case 0:
		PUT(c, "TSONLY");
		break;
	case 1:
		PUT(c, "TS+ADDR");
		break;
	case 3:
		PUT(c, "PRESPEC");
		break;
	default:
		PUT(c, "[bad ts type ");
		c = put_u32(c, cp[3] & 0xf);
		*c++ = ']';
		goto done;
	}
	type = " ";
	for (len = 4; len < length; len += hoplen) {
		if (ptr == len)
			type = " ^ ";
		if (!have(l, o + len, hoplen)) {
			*stop = TL_OPT_CUT;
			return c;
		}
		c = put_str(c, type);
		c = put_u32(c, tl_be32(cp + len + hoplen - 4));
		*c++ = '@';
		if (hoplen == 8)
			c = put_ip4(c, cp + len);
		type = " ";
	}
done:
	if (ptr == len)
		PUT(c, " ^ ");
	if (cp[3] >> 4) {
		PUT(c, " [");
		c = put_u32(c, cp[3] >> 4);
		PUT(c, " hops not recorded]} ");
	} else {
		*c++ = '}';
	}
	return c;
}

/* ip_optprint over the header's options at o, length bytes. */
static char *put_ipopts(const struct tl_line *l, char *c, uint32_t o, uint32_t length,
			enum tl_optstop *stop)
{
	uint32_t option_len;
	bool first = true;

	for (; length > 0; o += option_len, length -= option_len) {
		uint8_t code;

		if (!first)
			*c++ = ',';
		first = false;
		if (!have(l, o, 1)) {
			PUT(c, " [|ip]");
			*stop = TL_OPT_JUMP;
			return c;
		}
		code = l->f[o];
		switch (code) {
		case 0:
			PUT(c, "EOL");
			break;
		case 1:
			PUT(c, "NOP");
			break;
		case 7:
			PUT(c, "RR");
			break;
		case 68:
			PUT(c, "timestamp");
			break;
		case 82:
			PUT(c, "traceroute");
			break;
		case 130:
			PUT(c, "security");
			break;
		case 131:
			PUT(c, "LSRR");
			break;
		case 137:
			PUT(c, "SSRR");
			break;
		case 148:
			PUT(c, "RA");
			break;
		default:
			PUT(c, "unknown ");
			c = put_u32(c, code);
			break;
		}
		if (code <= 1) {
			option_len = 1;
		} else {
			/* The length byte may lie past the header: tcpdump reads it anyway. */
			if (!have(l, o + 1, 1)) {
				PUT(c, " [|ip]");
				*stop = TL_OPT_JUMP;
				return c;
			}
			option_len = l->f[o + 1];
			if (option_len < 2)
				return put_bad_length(c, option_len);
		}
		if (option_len > length)
			return put_bad_length(c, option_len);
		if (!have(l, o, option_len)) {
			*stop = TL_OPT_CUT;
			return c;
		}
		switch (code) {
		case 0:
			return c;
		case 68:
			c = put_ts_opt(l, c, o, option_len, stop);
			break;
		case 7:
		case 131:
		case 137:
			c = put_route(l, c, o, option_len, stop);
			break;
		case 148:
			if (option_len < 4) {
				c = put_bad_length(c, option_len);
				break;
			}
			if (tl_be16(l->f + o + 2)) {
				PUT(c, " value ");
				c = put_u32(c, tl_be16(l->f + o + 2));
			}
			break;
		default:
			break;
		}
		if (*stop)
			return c;
	}
	return c;
}

/* -v: "(tos 0x.., ttl .., id .., offset .., flags [..], proto TCP (6), length ..)". */
static char *put_ip4_verbose(struct tl_line *l, char *c, bool *done)
{
	const uint8_t *ip = l->f + l->l3;
	uint32_t hlen = (ip[0] & 15) * 4u, off = tl_be16(ip + 6), sum;
	static const char *const ecn[] = { "", ",ECT(1)", ",ECT(0)", ",CE" };
	enum tl_optstop stop = TL_OPT_OK;
	bool sep = false;

	PUT(c, "(tos 0x");
	c = put_hexv(c, ip[1]);
	c = put_str(c, ecn[ip[1] & 3]);
	if (ip[8]) {
		PUT(c, ", ttl ");
		c = put_u32(c, ip[8]);
	}
	PUT(c, ", id ");
	c = put_u32(c, tl_be16(ip + 4));
	PUT(c, ", offset ");
	c = put_u32(c, (off & 0x1fff) * 8);
	PUT(c, ", flags [");
	/* bittok2str: in the table's order, ", " between. */
	if (off & 0x2000) {
		*c++ = '+';
		sep = true;
	}
	if (off & 0x4000) {
		if (sep)
			PUT(c, ", ");
		PUT(c, "DF");
		sep = true;
	}
	if (off & 0x8000) {
		if (sep)
			PUT(c, ", ");
		PUT(c, "rsvd");
		sep = true;
	}
	if (!sep)
		PUT(c, "none");
	PUT(c, "], proto TCP (6), length ");
	if (l->r->flags & TL_RF_LEN0) {
		/* Live TSO/BIG TCP (the record's length came from the frame): as tcpdump 4.99.5. */
		c = put_u32(c, l->r->l4_len + hlen);
		PUT(c, " [was 0, presumed TSO]");
	} else {
		c = put_u32(c, tl_be16(ip + 2));
	}
	if (hlen > 20) {
		PUT(c, ", options (");
		c = put_ipopts(l, c, l->l3 + 20, hlen - 20, &stop);
		if (stop == TL_OPT_JUMP) {
			l->jumped = true;
			*done = true;
			return c;
		}
		if (stop == TL_OPT_CUT)
			PUT(c, " [truncated-option]");
		*c++ = ')';
	}
	/* The header checksum: only a wrong one is shown. */
	sum = tl_cksum(tl_cksum_add(0, ip, hlen));
	if (sum) {
		PUT(c, ", bad cksum ");
		c = put_hexv(c, tl_be16(ip + 10));
		PUT(c, " (->");
		c = put_hexv(c, tl_cksum_shouldbe(tl_be16(ip + 10), sum));
		PUT(c, ")!");
	}
	PUT(c, ")\n    ");
	if (stop == TL_OPT_CUT) {
		/* No TCP part after a cut option: the addresses and the truncation mark. */
		c = tl_put_ends(l->p, c, l->r, false, true);
		PUT(c, " [|ip]");
		*done = true;
	}
	return c;
}

char *tl_put_ip4(struct tl_line *l, char *c, bool *done)
{
	const struct tl_record *r = l->r;

	*done = false;
	/* -e prints the link header instead; without the frame there is none to print. */
	if (!l->p->cfg.link || !l->f)
		PUT(c, "IP ");
	if ((r->flags & TL_RF_LEN0) && l->p->cfg.len0_as_4993) {
		PUT(c, "bad-len 0");
		*done = true;
		return c;
	}
	if (r->ip_missing) {
		PUT(c, "truncated-ip - ");
		c = put_u32(c, r->ip_missing);
		PUT(c, " bytes missing! ");
	}
	if (!l->f || l->l3 + 20 > l->flen)
		return c;
	/* ip_print cuts the frame to the datagram (nd_push_snaplen); a length of 0 is TSO's. */
	if (tl_be16(l->f + l->l3 + 2) >= 20 && tl_be16(l->f + l->l3 + 2) < l->flen - l->l3)
		l->end = l->l3 + tl_be16(l->f + l->l3 + 2);
	if (l->p->cfg.verbose && have(l, l->l3, (l->f[l->l3] & 15) * 4u))
		c = put_ip4_verbose(l, c, done);
	return c;
}
