// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPv6 part of tcpdump 4.99.3's line (print-ip6.c's ip6_print and its extension-header
 * printers print-ip6opts.c, print-frag6.c, print-rt6.c), before the TCP part. The headers'
 * contents come from the record's frame section; without one, only their types from the
 * record.
 */
#include "out/print_int.h"

/* IPv6 extension headers from the record alone (no frame section): their types only. */
static char *put_ext_types(char *c, const struct tl_record *r)
{
	for (unsigned int i = 0; i < r->ext_cnt && i < TL_EXT_MAX; i++) {
		switch (r->ext[i]) {
		case 0:
			PUT(c, "HBH ");
			break;
		case 60:
			PUT(c, "DSTOPT ");
			break;
		case 44:
			/*
			 * Only first fragments reach us, so the offset is 0. The length is what
			 * follows the fragment header: exact when TCP follows it directly; the
			 * record does not carry the size of headers between the two.
			 */
			PUT(c, "frag (0|");
			c = put_u32(c, r->l4_len);
			PUT(c, ") ");
			break;
		case 43:
			/*
			 * tcpdump prints "RT6 (len=.., type=.., segleft=.., [0]addr...) ": without
			 * the frame the record has the header's type, not its contents.
			 */
			PUT(c, "RT6 ");
			break;
		default:
			break;
		}
	}
	return c;
}

static char *put_missing6(char *c, const struct tl_record *r)
{
	PUT(c, "truncated-ip6 - ");
	c = put_u32(c, r->ip_missing);
	PUT(c, " bytes missing!");
	return c;
}

/* tok2str(ipproto_values) for the next headers a TCP record can start with. */
static const char *nh_name(uint8_t nh)
{
	switch (nh) {
	case 0:
		return "Options";
	case 6:
		return "TCP";
	case 43:
		return "Routing";
	case 44:
		return "Fragment";
	default:
		return "unknown";
	}
}

/* -v: "(class 0x.., flowlabel 0x....., hlim .., next-header .. (..) payload length: ..) " */
static char *put_ip6_verbose(const struct tl_line *l, char *c)
{
	const uint8_t *ip6 = l->f + l->l3;
	uint32_t flow = tl_be32(ip6);

	*c++ = '(';
	if (flow & 0x0ff00000) {
		PUT(c, "class 0x");
		c = put_hex8(c, (uint8_t)((flow & 0x0ff00000) >> 20));
		PUT(c, ", ");
	}
	if (flow & 0x000fffff) {
		PUT(c, "flowlabel 0x");
		*c++ = tl_hex[(flow >> 16) & 15];
		c = put_hex16(c, (uint16_t)flow);
		PUT(c, ", ");
	}
	PUT(c, "hlim ");
	c = put_u32(c, ip6[7]);
	PUT(c, ", next-header ");
	c = put_str(c, nh_name(ip6[6]));
	PUT(c, " (");
	c = put_u32(c, ip6[6]);
	PUT(c, ") payload length: ");
	c = put_u32(c, tl_be16(ip6 + 4));
	PUT(c, ") ");
	return c;
}

/* ip6_sopt_print: the sub-options of a home address option. false: tcpdump's trunc. */
static bool put_sopts(char **cur, const uint8_t *b, uint32_t len)
{
	char *c = *cur;
	uint32_t optlen;
	bool ok = true;

	for (uint32_t i = 0; i < len; i += optlen) {
		if (b[i] == 0) {
			optlen = 1;
		} else if (i + 1 < len) {
			optlen = b[i + 1] + 2u;
		} else {
			ok = false;
			break;
		}
		if (i + optlen > len) {
			ok = false;
			break;
		}
		if (b[i] == 0) {
			PUT(c, ", pad1");
		} else if (b[i] == 1) {
			PUT(c, ", padn");
		} else {
			PUT(c, ", sopt_type 0x");
			c = put_hex8(c, b[i]);
			PUT(c, ": len=");
			c = put_u32(c, b[i + 1]);
		}
	}
	*cur = c;
	return ok;
}

/*
 * ip6_opt_process: the options of a hop-by-hop (hbh) or destination options header, shown
 * with -v; malformed ones end the walk with a message even without. false: tcpdump's trunc.
 */
static bool put_ip6_opts(const struct tl_line *l, char **cur, const uint8_t *b, uint32_t len,
			 bool hbh)
{
	bool v = l->p->cfg.verbose, found_jumbo = false;
	uint32_t plen = tl_be16(l->f + l->l3 + 4), optlen;
	char *c = *cur;
	bool ok = false;

	if (!len)
		return true;
	for (uint32_t i = 0; i < len; i += optlen) {
		uint32_t jumbo;

		if (b[i] == 0)
			optlen = 1;
		else if (i + 1 < len)
			optlen = b[i + 1] + 2u;
		else
			goto out;
		if (i + optlen > len)
			goto out;
		switch (b[i]) {
		case 0x00:
			if (v)
				PUT(c, "(pad1)");
			break;
		case 0x01:
			if (v)
				PUT(c, "(padn)");
			break;
		case 0x05:
			if (len - i < 4) {
				PUT(c, "(rtalert: trunc)");
				goto out;
			}
			if (b[i + 1] != 2) {
				PUT(c, "(rtalert: invalid len ");
				c = put_u32(c, b[i + 1]);
				*c++ = ')';
				goto out;
			}
			if (v) {
				PUT(c, "(rtalert: 0x");
				c = put_hex16(c, tl_be16(b + i + 2));
				PUT(c, ") ");
			}
			break;
		case 0xc2:
			if (len - i < 6) {
				PUT(c, "(jumbo: trunc)");
				goto out;
			}
			if (b[i + 1] != 4) {
				PUT(c, "(jumbo: invalid len ");
				c = put_u32(c, b[i + 1]);
				*c++ = ')';
				goto out;
			}
			if (!v)
				break;
			jumbo = tl_be32(b + i + 2);
			PUT(c, "(jumbo: ");
			c = put_u32(c, jumbo);
			if (found_jumbo)
				PUT(c, " - already seen");
			else if (!hbh)
				PUT(c, " - not a hop-by-hop option");
			else if (plen)
				PUT(c, " - payload len != 0");
			else if (jumbo < 65536)
				PUT(c, " - < 65536");
			PUT(c, ") ");
			found_jumbo = true;
			break;
		case 0xc9:
			if (len - i < 18) {
				PUT(c, "(homeaddr: trunc)");
				goto out;
			}
			if (b[i + 1] < 16) {
				PUT(c, "(homeaddr: invalid len ");
				c = put_u32(c, b[i + 1]);
				*c++ = ')';
				goto out;
			}
			if (v) {
				PUT(c, "(homeaddr: ");
				c = put_ip6(c, b + i + 2);
				if (b[i + 1] > 16 && !put_sopts(&c, b + i + 18, optlen - 18))
					goto out;
				*c++ = ')';
			}
			break;
		default:
			if (v) {
				PUT(c, "(opt_type 0x");
				c = put_hex8(c, b[i]);
				PUT(c, ": len=");
				c = put_u32(c, b[i + 1]);
				*c++ = ')';
			}
			break;
		}
	}
	if (v)
		*c++ = ' ';
	ok = true;
out:
	*cur = c;
	return ok;
}

/*
 * rt6_print: "RT6 (len=.., type=..[ [Deprecated]], segleft=..[, rsv=..], [0]addr...) ".
 * false when tcpdump stops there: an unknown type or odd length ((invalid)), or an address
 * past the capture ([|rt6], a longjmp).
 */
static bool put_rt6(struct tl_line *l, char **cur, uint32_t o)
{
	const uint8_t *b = l->f + o;
	uint32_t len = b[1], type = b[2], n;
	char *c = *cur;
	bool ok = false;

	PUT(c, "RT6 (len=");
	c = put_u32(c, len);
	PUT(c, ", type=");
	c = put_u32(c, type);
	if (type == 0)
		PUT(c, " [Deprecated]");
	PUT(c, ", segleft=");
	c = put_u32(c, b[3]);
	if (type == 0 || type == 2) {
		if (tl_be32(b + 4) || l->p->cfg.verbose) {
			PUT(c, ", rsv=0x");
			c = put_hexv(c, tl_be32(b + 4));
		}
	} else if (type == 4) {
		PUT(c, ", last-entry=");
		c = put_u32(c, b[4]);
		if (b[5] || l->p->cfg.verbose) {
			PUT(c, ", flags=0x");
			c = put_hexv(c, b[5]);
		}
		PUT(c, ", tag=");
		c = put_hexv(c, tl_be16(b + 6));
	} else {
		PUT(c, " (unknown type) (invalid)");
		goto out;
	}
	if (len % 2) {
		PUT(c, " (invalid length ");
		c = put_u32(c, len);
		PUT(c, ") (invalid)");
		goto out;
	}
	n = len / 2;
	for (uint32_t i = 0; i < n; i++) {
		if (o + 8 + 16 * (i + 1) > l->end) {
			PUT(c, " [|rt6]");
			l->jumped = true;
			goto out;
		}
		PUT(c, ", [");
		c = put_u32(c, i);
		*c++ = ']';
		c = put_ip6(c, b + 8 + 16 * i);
	}
	PUT(c, ") ");
	ok = true;
out:
	*cur = c;
	return ok;
}

/* The extension headers walked in the frame, as ip6_print walks them. false: the line ends. */
static bool put_ext_frame(struct tl_line *l, char **cur)
{
	const struct tl_record *r = l->r;
	uint32_t o = l->l3 + 40, hl, plen = tl_be16(l->f + l->l3 + 4);
	char *c = *cur;
	bool ok = true;

	for (unsigned int i = 0; i < r->ext_cnt && i < TL_EXT_MAX && ok; i++) {
		const uint8_t *b = l->f + o;

		/* The headers lie between the IPv6 header and TCP (checked, for any record). */
		if (o + 8 > l->l4)
			break;
		hl = r->ext[i] == 44 ? 8 : (b[1] + 1u) * 8;
		if (o + hl > l->l4)
			break;
		switch (r->ext[i]) {
		case 0:
			PUT(c, "HBH ");
			if (!put_ip6_opts(l, &c, b + 2, hl - 2, true)) {
				PUT(c, " [|hbhopt]");
				ok = false;
			}
			break;
		case 60:
			PUT(c, "DSTOPT ");
			if (l->p->cfg.verbose && !put_ip6_opts(l, &c, b + 2, hl - 2, false)) {
				PUT(c, " [|dstopt]");
				ok = false;
			}
			break;
		case 44:
			PUT(c, "frag (");
			if (l->p->cfg.verbose) {
				PUT(c, "0x");
				c = put_hex16(put_hex16(c, tl_be16(b + 4)), tl_be16(b + 6));
				*c++ = ':';
			}
			c = put_u32(c, tl_be16(b + 2) & 0xfff8);
			*c++ = '|';
			/* %zu of size_t arithmetic: with a jumbo length of 0 it wraps, as there. */
			c = put_u64w(c, (uint64_t)40 + plen - (o - l->l3) - 8, 0);
			PUT(c, ") ");
			break;
		case 43:
			ok = put_rt6(l, &c, o);
			break;
		default:
			break;
		}
		o += hl;
	}
	*cur = c;
	return ok;
}

/*
 * All extension headers lie inside the frame section, and inside the parser's window as in
 * every record it makes (which bounds their text: TL_PRINT_FORMS_MAX).
 */
static bool ext_in_frame(const struct tl_line *l)
{
	return l->f && l->l4 <= l->flen && l->l3 + 40 <= l->l4 && l->l4 <= TL_PARSE_BUF;
}

char *tl_put_ip6(struct tl_line *l, char *c, bool *ext, bool *done)
{
	const struct tl_record *r = l->r;
	bool frame = ext_in_frame(l);

	*ext = false;
	*done = false;
	/* -e prints the link header instead; without the frame there is none to print. */
	if (!l->p->cfg.link || !l->f)
		PUT(c, "IP6 ");
	/*
	 * No trailing space in 4.99.3: the next text is glued on. A jumbo length is
	 * only known once the extension headers are walked, so that message comes
	 * after them.
	 */
	if (r->ip_missing && !(r->flags & TL_RF_JUMBO))
		c = put_missing6(c, r);
	if (l->f && l->l3 + 40 <= l->flen) {
		uint32_t len = 40 + (r->flags & TL_RF_JUMBO ? r->l4_len + (l->l4 - l->l3 - 40)
							    : tl_be16(l->f + l->l3 + 4));

		/* ip6_print cuts the frame to the datagram (nd_push_snaplen). */
		if (len < l->flen - l->l3)
			l->end = l->l3 + len;
		if (l->p->cfg.verbose)
			c = put_ip6_verbose(l, c);
	}
	if ((r->flags & (TL_RF_LEN0 | TL_RF_JUMBO)) == TL_RF_LEN0 && l->p->cfg.len0_as_4993) {
		/* 4.99.3 cuts the datagram to its 40-byte header: no TCP byte is left. */
		c = tl_put_ends(l->p, c, r, false, false);
		PUT(c, ": [|tcp]");
		*done = true;
		return c;
	}
	if (r->ext_cnt) {
		*ext = true;
		c = tl_put_ends(l->p, c, r, false, true);
		if (!frame) {
			c = put_ext_types(c, r);
		} else if (!put_ext_frame(l, &c)) {
			*done = true;
			return c;
		}
	}
	if (r->ip_missing && (r->flags & TL_RF_JUMBO))
		c = put_missing6(c, r);
	return c;
}
