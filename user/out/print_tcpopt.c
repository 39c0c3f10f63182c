// SPDX-License-Identifier: GPL-2.0-only
/* TCP options as tcpdump 4.99.3 prints them: the options loop, MPTCP and TCP Fast Open. */
#include <string.h>

#include "out/print_int.h"

/* tcpdump's option names of kinds 0 to 34 (tl_tcpopt_name); 254 has its own branch. Filled once. */
static const char *tl_optname[35];

/* The same names padded to 16 bytes, and their lengths: a fixed copy, no strlen per option. */
static char tl_optpad[35][16];
static uint8_t tl_optlen[35];

void tl_print_tcpopt_init(void)
{
	for (unsigned int k = 0; k < 35; k++) {
		tl_optname[k] = tl_tcpopt_name(k);
		if (!tl_optname[k])
			continue;
		tl_optlen[k] = (uint8_t)strlen(tl_optname[k]);
		memcpy(tl_optpad[k], tl_optname[k], tl_optlen[k]);
	}
}

char *tl_put_trunc(char *c, const struct tl_optctx *o)
{
	if (o->mptcp)
		PUT(c, " [|mptcp]");
	else
		PUT(c, " [|tcp]");
	return c;
}

static char *put_tfo(char *c, const uint8_t *b, uint32_t n, bool exp)
{
	if (exp)
		PUT(c, "tfo");
	if (!n) {
		PUT(c, " cookiereq");
	} else if (n % 2 || n < 4 || n > 16) {
		PUT(c, " (invalid)");
	} else {
		PUT(c, " cookie ");
		for (uint32_t i = 0; i < n; i++)
			c = put_hex8(c, b[i]);
	}
	return c;
}

/*
 * MPTCP (kind 30) body; b points at the kind byte, all len bytes captured. Returns false for
 * tcpdump's [bad opt]; *cur keeps what was printed before the shape was rejected.
 */
/* A DSS data ACK or sequence number: 8 bytes when its flag says so, else 4. false when the
 * option is too short for it (the caller prints [bad opt]). */
static bool put_dss_num(char **c, const uint8_t *b, uint32_t *at, uint32_t *left, bool wide)
{
	uint32_t n = wide ? 8 : 4;

	if (*left < n)
		return false;
	*c = wide ? put_u64w(*c, tl_be64(b + *at), 0) : put_u32(*c, tl_be32(b + *at));
	*at += n;
	*left -= n;
	return true;
}

static bool put_mptcp(char **cur, const uint8_t *b, uint32_t len, uint8_t fl,
		      struct tl_names *hosts)
{
	char *c = *cur;
	bool ok = true;
	static const char *const names[] = { "capable",	 "join",       "dss",
					     "add-addr", "rem-addr",   "prio",
					     "fail",	 "fast-close", "unknown" };
	unsigned int sub;

	if (len < 3)
		goto bad;
	sub = b[2] >> 4;
	if (sub > 8)
		sub = 8;
	*c++ = ' ';
	c = put_u32(c, len);
	*c++ = ' ';
	memcpy(c, names[sub], strlen(names[sub]));
	c += strlen(names[sub]);

	switch (sub) {
	case 0: { /* capable */
		unsigned int ver = b[2] & 15;

		if (!((len == 12 || len == 4) && (fl & TL_TH_SYN)) &&
		    !((len == 20 || len == 22) && (fl & (TL_TH_SYN | TL_TH_ACK)) == TL_TH_ACK))
			goto bad;
		if (ver > 1) {
			PUT(c, " Unknown Version (");
			c = put_u32(c, ver);
			*c++ = ')';
			goto done;
		}
		PUT(c, " v");
		*c++ = (char)('0' + ver);
		if (b[3] & 0x80)
			PUT(c, " csum");
		if (len == 12 || len >= 20) {
			PUT(c, " {0x");
			c = put_hexv(c, tl_be64(b + 4));
			if (len >= 20) {
				PUT(c, ",0x");
				c = put_hexv(c, tl_be64(b + 12));
			}
			*c++ = '}';
		}
		goto done;
	}
	case 1: /* join */
		if (!(len == 12 && (fl & TL_TH_SYN)) &&
		    !(len == 16 && (fl & (TL_TH_SYN | TL_TH_ACK)) == (TL_TH_SYN | TL_TH_ACK)) &&
		    !(len == 24 && (fl & TL_TH_ACK)))
			goto bad;
		if (len != 24) {
			if (b[2] & 1)
				PUT(c, " backup");
			PUT(c, " id ");
			c = put_u32(c, b[3]);
		}
		if (len == 12) {
			PUT(c, " token 0x");
			c = put_hexv(c, tl_be32(b + 4));
			PUT(c, " nonce 0x");
			c = put_hexv(c, tl_be32(b + 8));
		} else if (len == 16) {
			PUT(c, " hmac 0x");
			c = put_hexv(c, tl_be64(b + 4));
			PUT(c, " nonce 0x");
			c = put_hexv(c, tl_be32(b + 12));
		} else {
			PUT(c, " hmac 0x");
			for (int i = 0; i < 20; i++)
				c = put_hex8(c, b[4 + i]);
		}
		goto done;
	case 2: { /* dss */
		uint8_t df;
		uint32_t left, at = 4;

		if (len < 4 || (fl & TL_TH_SYN))
			goto bad;
		df = b[3];
		left = len - 4;
		if (df & 0x10)
			PUT(c, " fin");
		if (df & 0x01) {
			PUT(c, " ack ");
			if (!put_dss_num(&c, b, &at, &left, df & 0x02))
				goto bad;
		}
		if (df & 0x04) {
			PUT(c, " seq ");
			if (!put_dss_num(&c, b, &at, &left, df & 0x08))
				goto bad;
			if (left < 4)
				goto bad;
			PUT(c, " subseq ");
			c = put_u32(c, tl_be32(b + at));
			at += 4;
			left -= 4;
			if (left < 2)
				goto bad;
			PUT(c, " len ");
			c = put_u32(c, tl_be16(b + at));
			at += 2;
			left -= 2;
			if (left >= 2) {
				PUT(c, " csum 0x");
				c = put_hexv(c, tl_be16(b + at));
				left -= 2;
			}
		}
		ok = !left;
		goto done;
	}
	case 3: { /* add-addr */
		bool v4 = len == 8 || len == 10 || len == 16 || len == 18;
		bool v6 = len == 20 || len == 22 || len == 28 || len == 30;

		if (!v4 && !v6)
			goto bad;
		switch (b[2] & 15) {
		case 6:
			PUT(c, " v0-ip6");
			break;
		case 4:
			PUT(c, " v0-ip4");
			break;
		case 1:
			PUT(c, " v1-echo");
			break;
		case 0:
			PUT(c, " v1");
			break;
		default:
			PUT(c, " [bad version/echo]");
			break;
		}
		PUT(c, " id ");
		c = put_u32(c, b[3]);
		*c++ = ' ';
		if (v4) {
			c = tl_put_host(hosts, c, 4, b + 4);
			if (len == 10 || len == 18) {
				*c++ = ':';
				c = put_u32(c, tl_be16(b + 8));
			}
			if (len == 16 || len == 18) {
				PUT(c, " hmac 0x");
				c = put_hexv(c, tl_be64(b + (len == 16 ? 8 : 10)));
			}
		} else {
			c = tl_put_host(hosts, c, 6, b + 4);
			if (len == 22 || len == 30) {
				*c++ = ':';
				c = put_u32(c, tl_be16(b + 20));
			}
			if (len == 28 || len == 30) {
				PUT(c, " hmac 0x");
				c = put_hexv(c, tl_be64(b + (len == 28 ? 20 : 22)));
			}
		}
		goto done;
	}
	case 4: /* rem-addr */
		if (len < 4)
			goto bad;
		PUT(c, " id");
		for (uint32_t i = 3; i < len; i++) {
			*c++ = ' ';
			c = put_u32(c, b[i]);
		}
		goto done;
	case 5: /* prio */
		if (len != 3 && len != 4)
			goto bad;
		if (b[2] & 1)
			PUT(c, " backup");
		else
			PUT(c, " non-backup");
		if (len == 4) {
			PUT(c, " id ");
			c = put_u32(c, b[3]);
		}
		goto done;
	case 6: /* fail */
		if (len != 12)
			goto bad;
		PUT(c, " seq ");
		c = put_u64w(c, tl_be64(b + 4), 0);
		goto done;
	case 7: /* fast-close */
		if (len != 12)
			goto bad;
		PUT(c, " key 0x");
		c = put_hexv(c, tl_be64(b + 4));
		goto done;
	default:
		goto done;
	}
bad:
	ok = false;
done:
	*cur = c;
	return ok;
}

/*
 * The options loop of tcpdump's tcp_print (tcpdump-format.md 7.4). Returns NULL in *done
 * terms: *ended is set when the line must stop here (bad opt or truncation).
 */
char *tl_put_tcpopts(char *c, const struct tl_record *r, uint32_t hlen, uint32_t sack_base,
		     struct tl_optctx *o, bool *ended)
{
	uint32_t left = hlen - 20, pos = 0;
	bool first = true;
	const uint8_t *cp = o->cp;

	/*
	 * Linux sends nop,nop,TS on every segment once timestamps are agreed: print those 12
	 * bytes directly, exactly as the loop below would (all captured, nothing left over).
	 */
	if (hlen == 32 && o->cap == 12 && cp[0] == 1 && cp[1] == 1 && cp[2] == 8 && cp[3] == 10) {
		PUT(c, ", options [nop,nop,TS val ");
		c = put_u32(c, tl_be32(cp + 4));
		PUT(c, " ecr ");
		c = put_u32(c, tl_be32(cp + 8));
		*c++ = ']';
		*ended = false;
		return c;
	}
	PUT(c, ", options [");
	while (left > 0) {
		uint32_t kind, olen, dl = 0;

		if (!first)
			*c++ = ',';
		/* Kind and size bytes are read with tcpdump's GET_ macros: no '>' after. */
		if (pos >= o->cap)
			goto trunc_get;
		kind = cp[pos++];
		if (kind <= 1) {
			olen = 1;
		} else {
			/*
			 * A kind in the header's last byte: its length byte lies past the
			 * header, where the record has no bytes. tcpdump reads it if it was
			 * captured, and any value fails the size check against the one byte
			 * left.
			 */
			if (left == 1 && 20 + pos < r->l4_caplen)
				goto bad;
			if (pos >= o->cap)
				goto trunc_get;
			olen = cp[pos++];
			if (olen < 2 || olen > left)
				goto bad;
			left--;
		}
		left--;

		if (kind < 35 && tl_optname[kind]) {
			memcpy(c, tl_optpad[kind], sizeof(tl_optpad[kind]));
			c += tl_optlen[kind];
		} else if (kind == 254) {
			PUT(c, "exp");
		} else {
			PUT(c, "unknown-");
			c = put_u32(c, kind);
		}

/* tcpdump's LENCHECK: beyond the header is a bad option, beyond the capture a truncation. */
#define TL_LENCHECK(l)                  \
	do {                            \
		if ((l) > left)         \
			goto bad;       \
		if (pos + (l) > o->cap) \
			goto trunc;     \
	} while (0)

		switch (kind) {
		case 0:
		case 1:
		case 4:
			break;
		case 2:
			dl = 2;
			TL_LENCHECK(dl);
			*c++ = ' ';
			c = put_u32(c, tl_be16(cp + pos));
			break;
		case 3:
			dl = 1;
			TL_LENCHECK(dl);
			*c++ = ' ';
			c = put_u32(c, cp[pos]);
			break;
		case 5:
			dl = olen - 2;
			if (dl % 8) {
				PUT(c, " invalid sack");
				break;
			}
			*c++ = ' ';
			c = put_u32(c, dl / 8);
			*c++ = ' ';
			for (uint32_t i = 0; i < dl; i += 8) {
				TL_LENCHECK(i + 4);
				TL_LENCHECK(i + 8);
				*c++ = '{';
				c = put_u32(c, tl_be32(cp + pos + i) - sack_base);
				*c++ = ':';
				c = put_u32(c, tl_be32(cp + pos + i + 4) - sack_base);
				*c++ = '}';
			}
			break;
		case 6:
		case 7:
		case 11:
		case 12:
		case 13:
			dl = 4;
			TL_LENCHECK(dl);
			*c++ = ' ';
			c = put_u32(c, tl_be32(cp + pos));
			break;
		case 8:
			dl = 8;
			TL_LENCHECK(dl);
			PUT(c, " val ");
			c = put_u32(c, tl_be32(cp + pos));
			PUT(c, " ecr ");
			c = put_u32(c, tl_be32(cp + pos + 4));
			break;
		case 19:
			dl = 16;
			TL_LENCHECK(dl);
			/* The Debian build has OpenSSL; without -M it can never verify. */
			if (r->l4_caplen < r->l4_len)
				PUT(c, " snaplen too short, can't check - ");
			else
				PUT(c, " shared secret not supplied with -M, can't check - ");
			for (int i = 0; i < 16; i++)
				c = put_hex8(c, cp[pos + i]);
			break;
		case 20:
			dl = 2;
			TL_LENCHECK(dl);
			PUT(c, " cap ");
			c = put_hex8(c, cp[pos]);
			PUT(c, " id ");
			c = put_u32(c, cp[pos + 1]);
			break;
		case 28: {
			uint32_t v;

			dl = 2;
			TL_LENCHECK(dl);
			v = tl_be16(cp + pos);
			PUT(c, " 0x");
			c = put_hexv(c, v);
			*c++ = ' ';
			/* tcpdump's own reading of the granularity bit, not RFC 5482's. */
			c = put_u32(c, v & 1 ? (v >> 1) * 60 : v >> 1);
			break;
		}
		case 29:
			dl = olen - 2;
			if (dl < 2) {
				PUT(c, " (invalid)");
				break;
			}
			TL_LENCHECK(1);
			PUT(c, " keyid ");
			c = put_u32(c, cp[pos]);
			TL_LENCHECK(2);
			PUT(c, " rnextkeyid ");
			c = put_u32(c, cp[pos + 1]);
			if (dl > 2) {
				PUT(c, " mac 0x");
				for (uint32_t i = 2; i < dl; i++) {
					TL_LENCHECK(i + 1);
					c = put_hex8(c, cp[pos + i]);
				}
			}
			break;
		case 30:
			dl = olen - 2;
			TL_LENCHECK(dl);
			o->mptcp = true;
			if (!put_mptcp(&c, cp + pos - 2, olen, o->tcp_flags, o->names))
				goto bad;
			break;
		case 34:
			dl = olen - 2;
			TL_LENCHECK(dl);
			*c++ = ' ';
			c = put_tfo(c, cp + pos, dl, false);
			break;
		case 254: {
			uint32_t magic;

			dl = olen - 2;
			TL_LENCHECK(dl);
			if (dl < 2)
				goto bad;
			magic = tl_be16(cp + pos);
			*c++ = '-';
			if (magic == 0xf989) {
				c = put_tfo(c, cp + pos + 2, dl - 2, true);
			} else {
				for (int s = 12; s >= 0; s -= 4)
					*c++ = tl_hex[(magic >> s) & 15];
			}
			break;
		}
		default:
			dl = olen - 2;
			if (dl)
				PUT(c, " 0x");
			for (uint32_t i = 0; i < dl; i++) {
				TL_LENCHECK(i + 1);
				c = put_hex8(c, cp[pos + i]);
			}
			break;
		}
#undef TL_LENCHECK
		pos += dl;
		left -= dl;
		dl += kind <= 1 ? 1 : 2;
		if (dl != olen) {
			PUT(c, "[len ");
			c = put_u32(c, olen);
			*c++ = ']';
		}
		first = false;
		if (kind == 0)
			break;
	}
	*c++ = ']';
	*ended = false;
	return c;
bad:
	PUT(c, "[bad opt]");
	if (!first)
		*c++ = ']';
	*ended = true;
	return c;
trunc:
	c = tl_put_trunc(c, o);
	if (!first)
		*c++ = '>';
	*ended = true;
	return c;
trunc_get:
	*ended = true;
	o->jumped = true;
	return tl_put_trunc(c, o);
}
