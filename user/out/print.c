// SPDX-License-Identifier: GPL-2.0-only
/* The tcpdump -nn line (Debian's tcpdump 4.99.3), byte for byte; payload decoders in out/proto/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <time.h>

#include "conn/tcp.h"
#include "out/names.h"
#include "out/print.h"
#include "out/put.h"
#include "out/proc.h"

/*
 * Slots of the endpoint cache: "SRC.SPORT > DST.DPORT: " of recently printed connection
 * directions. Every segment of a connection repeats that text, and formatting two addresses
 * and two ports was the largest single cost of a line; a hit is a compare and a fixed copy.
 * Direct-mapped: a miss just formats and replaces the slot.
 */
#define TL_ENDS_SLOTS 256
/* Longest text: two 39-character IPv6 addresses, two ".65535", " > " and ": " is 95. */
#define TL_ENDS_TEXT 96
/* Longest IPv4 text (15 + 6 + 3 + 15 + 6 + 2 = 47), so IPv4 hits copy only this much. */
#define TL_ENDS_TEXT4 48

struct tl_ends {
	uint8_t addr[32]; /* the record's source and destination addresses, as stored there */
	uint32_t ports;	  /* sport | dport << 16 */
	uint8_t family;	  /* 0 while the slot is empty */
	uint8_t len;
	char text[TL_ENDS_TEXT];
};

struct tl_printer {
	struct tl_print_cfg cfg;
	struct tl_out *out;
	struct tl_ts ref; /* -ttt/-ttttt reference; unset while zero, as in tcpdump */
	int64_t tm_sec;	  /* second the cached local time belongs to */
	bool tm_ok;
	char tm_str[20]; /* "YYYY-MM-DD HH:MM:SS" for tm_sec */
	char *end;	 /* where a payload decoder's text must stop */
	char scratch[TL_PRINT_TEXT_MAX];
	struct tl_ends ends[TL_ENDS_SLOTS];
};

/* Every octet's text, "0" to "255", and its length in the last byte: filled once. */
static char tl_octets[256][4];

/*
 * The text between "Flags [" and "]" for every flags byte, and its length: one fixed 8-byte
 * copy instead of testing eight bits per line. Filled once.
 */
static char tl_flagtxt[256][8];
static uint8_t tl_flaglen[256];

/* tcpdump's option names of kinds 0 to 34 (tl_tcpopt_name); 254 has its own branch. Filled once. */
static const char *tl_optname[35];

/* The same names padded to 16 bytes, and their lengths: a fixed copy, no strlen per option. */
static char tl_optpad[35][16];
static uint8_t tl_optlen[35];

static void tl_tables_init(void)
{
	for (unsigned int k = 0; k < 35; k++) {
		tl_optname[k] = tl_tcpopt_name(k);
		if (!tl_optname[k])
			continue;
		tl_optlen[k] = (uint8_t)strlen(tl_optname[k]);
		memcpy(tl_optpad[k], tl_optname[k], tl_optlen[k]);
	}
	for (unsigned int v = 0; v < 256; v++) {
		char *e = put_u32(tl_octets[v], v);

		tl_octets[v][3] = (char)(e - tl_octets[v]);
		if (!v) {
			memcpy(tl_flagtxt[v], "none", 4);
			tl_flaglen[v] = 4;
			continue;
		}
		for (int i = 0; i < 8; i++)
			if (v & (1u << i))
				tl_flagtxt[v][tl_flaglen[v]++] = TL_TH_LETTERS[i];
	}
}

/* Dotted quad by table: four fixed-size copies instead of four divisions loops. */
static char *put_ip4(char *c, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		const char *o = tl_octets[a[i]];

		memcpy(c, o, 3);
		c += o[3];
		*c++ = '.';
	}
	return c - 1;
}

/* Without -n: the name tcpdump's ipaddr_string/ip6addr_string gives (out/names.c), else the
 * number. */
static char *put_host(struct tl_names *names, char *c, uint8_t family, const uint8_t *a)
{
	char *e = names ? tl_names_put_host(names, c, family, a) : NULL;

	if (e)
		return e;
	return family == 6 ? put_ip6(c, a) : put_ip4(c, a);
}

/* Without -n: tcpdump's tcpport_string, the services name, else the number. */
static char *put_port(const struct tl_names *names, char *c, uint16_t port)
{
	char *e = names ? tl_names_put_port(names, c, port) : NULL;

	return e ? e : put_u32(c, port);
}

/*
 * The same text as tl_addr_text() (conn/flow.h), which every other output uses, written here
 * without inet_ntop's call, scratch buffer and copy: this is the per-line path, and on an
 * endpoint-cache miss the addresses are the largest part of a line's cost (see TL_ENDS_SLOTS).
 */
static char *put_addr(struct tl_printer *p, char *c, const struct tl_record *r, const uint8_t *a)
{
	return put_host(p->cfg.names, c, r->family == 6 ? 6 : 4, a);
}

/* tcpdump's ts_frac_print: ".%06u" or ".%09u" of an unchecked value. */
static char *put_frac(const struct tl_printer *p, char *c, uint32_t frac)
{
	*c++ = '.';
	/* Fixed widths, zero-padded. Unvalidated, so it may be wider: %u prints it whole. */
	if (!p->cfg.nano && frac < 1000000) {
		uint32_t lo = frac % 10000;

		memcpy(c, tl_digits2 + frac / 10000 * 2, 2);
		memcpy(c + 2, tl_digits2 + lo / 100 * 2, 2);
		memcpy(c + 4, tl_digits2 + lo % 100 * 2, 2);
		return c + 6;
	}
	if (p->cfg.nano && frac < 1000000000) {
		*c++ = (char)('0' + frac / 100000000);
		return put_8digits(c, frac % 100000000);
	}
	return put_u32(c, frac);
}

static char *put_err_time(char *c)
{
	PUT(c, "[Error converting time]");
	return c;
}

static char *put_localtime(struct tl_printer *p, char *c, const struct tl_ts *ts, bool date)
{
	if ((uint32_t)ts->sec & 0x80000000u)
		return put_err_time(c);
	/* localtime_r is costly (and may read TZ state): once per new second only. */
	if (ts->sec != p->tm_sec || !p->tm_str[0]) {
		time_t t = (time_t)ts->sec;
		struct tm tm;

		p->tm_sec = ts->sec;
		p->tm_ok = localtime_r(&t, &tm) &&
			   strftime(p->tm_str, sizeof(p->tm_str), "%Y-%m-%d %H:%M:%S", &tm) == 19;
		if (!p->tm_ok)
			p->tm_str[0] = 'x';
	}
	if (!p->tm_ok)
		return put_err_time(c);
	if (date) {
		memcpy(c, p->tm_str, 19);
		c += 19;
	} else {
		memcpy(c, p->tm_str + 11, 8);
		c += 8;
	}
	return put_frac(p, c, ts->frac);
}

static char *put_hms(char *c, uint64_t sec)
{
	uint32_t day = (uint32_t)(sec % 86400);

	c = put_u64w(c, day / 3600, 2);
	*c++ = ':';
	c = put_u64w(c, day / 60 % 60, 2);
	*c++ = ':';
	return put_u64w(c, day % 60, 2);
}

/*
 * -ttt / -ttttt: absolute difference with a sign character, printed through the UTC clock
 * formatter, so whole days vanish. The reference is "unset" while it is 0.0, as in tcpdump.
 */
static char *put_delta(struct tl_printer *p, char *c, const struct tl_ts *ts)
{
	const struct tl_ts *a = ts, *b = &p->ref;
	int64_t ds, df;
	uint64_t uds;
	bool neg;

	if (!p->ref.sec && !p->ref.frac)
		p->ref = *ts;
	/* libpcap hands the fraction over as a signed 32-bit field: compare and subtract so. */
	neg = ts->sec < p->ref.sec ||
	      (ts->sec == p->ref.sec && (int32_t)ts->frac < (int32_t)p->ref.frac);
	if (neg) {
		a = &p->ref;
		b = ts;
	}
	/* Unsigned, so absurd time stamps wrap instead of overflowing. */
	uds = (uint64_t)a->sec - (uint64_t)b->sec;
	df = (int64_t)(int32_t)a->frac - (int32_t)b->frac;
	if (df < 0) {
		uds--;
		df += p->cfg.nano ? 1000000000 : 1000000;
	}
	ds = (int64_t)uds;
	*c++ = neg ? '-' : ' ';
	if ((uint32_t)ds & 0x80000000u || ds < 0)
		c = put_err_time(c);
	else
		c = put_frac(p, put_hms(c, (uint64_t)ds), (uint32_t)df);
	if (p->cfg.tsfmt == TL_TS_DELTA)
		p->ref = *ts;
	return c;
}

static char *put_ts(struct tl_printer *p, char *c, const struct tl_ts *ts)
{
	switch (p->cfg.tsfmt) {
	case TL_TS_NONE:
		return c;
	case TL_TS_EPOCH:
		if ((uint32_t)ts->sec & 0x80000000u)
			c = put_err_time(c);
		else
			c = put_frac(p, put_u32(c, (uint32_t)ts->sec), ts->frac);
		break;
	case TL_TS_DELTA:
	case TL_TS_SINCE_FIRST:
		c = put_delta(p, c, ts);
		break;
	case TL_TS_DATE:
		c = put_localtime(p, c, ts, true);
		break;
	default:
		c = put_localtime(p, c, ts, false);
		break;
	}
	*c++ = ' ';
	return c;
}

/* tcpdump -i any (LINUX_SLL2): "%-5s " interface name, then "In  " or "Out ". */
static char *put_ifprefix(char *c, const char *ifname, bool egress)
{
	size_t n = ifname && *ifname ? strnlen(ifname, 2 * IF_NAMESIZE) : 0;

	if (!n) {
		*c++ = '?';
		n = 1;
	} else {
		memcpy(c, ifname, n);
		c += n;
	}
	for (; n < 5; n++)
		*c++ = ' ';
	*c++ = ' ';
	if (egress)
		PUT(c, "Out ");
	else
		PUT(c, "In  ");
	return c;
}

struct tl_optctx {
	const uint8_t *cp; /* captured option bytes */
	uint32_t cap;	   /* how many of them */
	/* MPTCP add-addr's address is named as the line's are. */
	struct tl_names *names;
	uint8_t tcp_flags;
	bool mptcp; /* tcpdump's truncation marker becomes [|mptcp] */
};

static char *put_trunc(char *c, const struct tl_optctx *o)
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
			c = put_host(hosts, c, 4, b + 4);
			if (len == 10 || len == 18) {
				*c++ = ':';
				c = put_u32(c, tl_be16(b + 8));
			}
			if (len == 16 || len == 18) {
				PUT(c, " hmac 0x");
				c = put_hexv(c, tl_be64(b + (len == 16 ? 8 : 10)));
			}
		} else {
			c = put_host(hosts, c, 6, b + 4);
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
static char *put_options(char *c, const struct tl_record *r, uint32_t hlen, uint32_t sack_base,
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
	c = put_trunc(c, o);
	if (!first)
		*c++ = '>';
	*ended = true;
	return c;
trunc_get:
	*ended = true;
	return put_trunc(c, o);
}

static char *put_ends(struct tl_printer *p, char *c, const struct tl_record *r, bool ports,
		      bool colon)
{
	c = put_addr(p, c, r, tl_rec_saddr(r));
	if (ports) {
		*c++ = '.';
		c = put_port(p->cfg.names, c, r->sport);
	}
	PUT(c, " > ");
	c = put_addr(p, c, r, tl_rec_daddr(r));
	if (ports) {
		*c++ = '.';
		c = put_port(p->cfg.names, c, r->dport);
	}
	if (colon)
		PUT(c, ": ");
	return c;
}

static inline uint32_t ld32(const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

/*
 * put_ends(p, c, r, true, true) through the endpoint cache. The lines must leave room for
 * TL_ENDS_TEXT bytes here: a hit copies a fixed size, so its tail is written over next.
 */
static char *put_ends_cached(struct tl_printer *p, char *c, const struct tl_record *r)
{
	const uint8_t *a = tl_rec_saddr(r);
	bool v4 = r->family == 4;
	unsigned int alen = v4 ? 8 : 32;
	uint32_t ports = r->sport | (uint32_t)r->dport << 16;
	/* The last four bytes of each address vary the most (host part, interface id). */
	uint32_t h = ld32(a + alen / 2 - 4) ^ (ld32(a + alen - 4) * 0x85ebca6bu) ^ ports;
	struct tl_ends *e = &p->ends[(h * 0x9e3779b1u) >> 24];
	char *end;

	_Static_assert(TL_ENDS_SLOTS == 256, "the slot index is the hash's top 8 bits");
	/* Names are longer than a slot, and a late one must print once it is known. */
	if (p->cfg.names)
		return put_ends(p, c, r, true, true);
	if (e->family == r->family && e->ports == ports &&
	    (v4 ? !memcmp(e->addr, a, 8) : !memcmp(e->addr, a, 32))) {
		if (e->len <= TL_ENDS_TEXT4)
			memcpy(c, e->text, TL_ENDS_TEXT4);
		else
			memcpy(c, e->text, TL_ENDS_TEXT);
		return c + e->len;
	}
	end = put_ends(p, c, r, true, true);
	e->family = r->family;
	e->ports = ports;
	memcpy(e->addr, a, alen);
	e->len = (uint8_t)(end - c);
	memcpy(e->text, c, e->len);
	return end;
}

/* IPv6 extension headers as tcpdump prints them without -v, after "SRC > DST: ". */
static char *put_ext(char *c, const struct tl_record *r)
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
			 * tcpdump prints "srcrt (len=.., type=.., segleft=.., [0]addr...) ": the
			 * record does not carry the routing header, so only its name is shown.
			 */
			PUT(c, "srcrt ");
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

/*
 * The payload bytes a record's frame section carries, from the first byte after the TCP
 * header. False when there are none to decode.
 */
static bool payload_bytes(const struct tl_record *r, uint32_t hlen, struct tl_dec_seg *s)
{
	const struct tl_frame_sect *f = tl_rec_frame(r);
	uint32_t avail;

	/* tl_rec_frame() returns only a section whose bytes lie inside the record. */
	if (f) {
		avail = f->len > f->l4_off ? f->len - f->l4_off : 0;
		if (avail > r->l4_caplen)
			avail = r->l4_caplen;
		if (avail < hlen)
			return false;
		s->p = (const uint8_t *)(f + 1) + f->l4_off + hlen;
		s->caplen = avail - hlen;
		return true;
	}
	/* No frame: the kernel carries one for every segment a decoder reads whose payload
	 * was captured at all (tl_frame_want); none captured, tcpdump decodes 0 bytes too. */
	if (r->l4_caplen > hlen)
		return false;
	s->p = NULL;
	s->caplen = 0;
	return true;
}

/* tcpdump's payload decoders (-T off: none) after "length N", up to p->end. */
static char *put_payload(struct tl_printer *p, char *c, const struct tl_record *r, uint32_t hlen,
			 uint32_t payload)
{
	struct tl_dec_seg s = {
		.len = payload, .sport = r->sport, .dport = r->dport, .tcp_flags = r->tcp_flags
	};

	if (p->cfg.dec.mode == TL_DEC_OFF || !payload_bytes(r, hlen, &s))
		return c;
	return tl_decode_payload(c, p->end, &s, &p->cfg.dec, NULL);
}

static char *tl_format(struct tl_printer *p, char *c, const struct tl_segview *v)
{
	const struct tl_record *r = v->r;
	uint32_t len = r->l4_len, caplen = r->l4_caplen, hlen, payload;
	uint32_t seq = r->seq, ack = r->ack, sack_base = 0;
	uint8_t fl = r->tcp_flags;
	bool ext = false, ended;
	struct tl_optctx o;

	c = put_ts(p, c, &v->m.ts);
	if (p->cfg.ifprefix)
		c = put_ifprefix(c, v->m.ifname, r->flags & TL_RF_EGRESS);

	if (r->family == 6) {
		PUT(c, "IP6 ");
		if ((r->flags & (TL_RF_LEN0 | TL_RF_JUMBO)) == TL_RF_LEN0 && p->cfg.len0_as_4993) {
			/* 4.99.3 cuts the datagram to its 40-byte header: no TCP byte is left. */
			c = put_ends(p, c, r, false, false);
			PUT(c, ": [|tcp]");
			return c;
		}
		/*
		 * No trailing space in 4.99.3: the next text is glued on. A jumbo length is
		 * only known once the extension headers are walked, so that message comes
		 * after them.
		 */
		if (r->ip_missing && !(r->flags & TL_RF_JUMBO))
			c = put_missing6(c, r);
		if (r->ext_cnt) {
			ext = true;
			c = put_ends(p, c, r, false, true);
			c = put_ext(c, r);
		}
		if (r->ip_missing && (r->flags & TL_RF_JUMBO))
			c = put_missing6(c, r);
	} else {
		PUT(c, "IP ");
		if ((r->flags & TL_RF_LEN0) && p->cfg.len0_as_4993) {
			PUT(c, "bad-len 0");
			return c;
		}
		if (r->ip_missing) {
			PUT(c, "truncated-ip - ");
			c = put_u32(c, r->ip_missing);
			PUT(c, " bytes missing! ");
		}
	}

	if (caplen < 4) {
		/* tcpdump's TCP layer prints the addresses again, even after extension headers. */
		c = put_ends(p, c, r, false, false);
		PUT(c, ": [|tcp]");
		return c;
	}
	if (ext) {
		c = put_port(p->cfg.names, c, r->sport);
		PUT(c, " > ");
		c = put_port(p->cfg.names, c, r->dport);
		PUT(c, ": ");
	} else {
		c = put_ends_cached(p, c, r);
	}
	if (caplen < 20) {
		PUT(c, " [|tcp]");
		return c;
	}
	hlen = (uint32_t)(r->doff_byte >> 4) * 4;
	if (hlen < 20) {
		PUT(c, " tcp ");
		c = put_u32(c, len - hlen);
		PUT(c, " [bad hdr length ");
		c = put_u32(c, hlen);
		PUT(c, " - too short, < 20]");
		return c;
	}

	PUT(c, "Flags [");
	memcpy(c, tl_flagtxt[fl], 8);
	c += tl_flaglen[fl];
	*c++ = ']';

	/* The view took tcpdump's table step (it happens here, before the header length is
	 * checked against the IP length). */
	if (v->rel) {
		seq = v->seqv.seq;
		ack = v->seqv.ack;
		sack_base = v->seqv.sack_base;
	}
	if (hlen > len) {
		PUT(c, " [bad hdr length ");
		c = put_u32(c, hlen);
		PUT(c, " - too long, > ");
		c = put_u32(c, len);
		*c++ = ']';
		return c;
	}
	payload = len - hlen;
	if (payload || (fl & (TL_TH_SYN | TL_TH_FIN | TL_TH_RST))) {
		PUT(c, ", seq ");
		c = put_u32(c, seq);
		if (payload) {
			*c++ = ':';
			c = put_u32(c, seq + payload);
		}
	}
	if (fl & TL_TH_ACK) {
		PUT(c, ", ack ");
		c = put_u32(c, ack);
	}
	PUT(c, ", win ");
	c = put_u32(c, r->window);
	if (fl & TL_TH_URG) {
		PUT(c, ", urg ");
		c = put_u32(c, r->urg_ptr);
	}
	o.cp = tl_rec_opts(r);
	o.cap = r->opt_len;
	o.names = p->cfg.names;
	o.tcp_flags = fl;
	o.mptcp = false;
	if (hlen > 20) {
		c = put_options(c, r, hlen, sack_base, &o, &ended);
		if (ended)
			return c;
	}
	PUT(c, ", length ");
	c = put_u32(c, payload);
	if (payload && caplen < hlen) {
		/* Only reachable when an eol stopped the options before the capture ended. */
		PUT(c, " [remaining caplen(");
		c = put_u32(c, caplen);
		PUT(c, ") < header length(");
		c = put_u32(c, hlen);
		PUT(c, ")]");
		c = put_trunc(c, &o);
	} else if (payload) {
		c = put_payload(p, c, r, hlen, payload);
	}
	return c;
}

struct tl_printer *tl_printer_new(const struct tl_print_cfg *cfg, struct tl_out *out)
{
	struct tl_printer *p;

	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	if (!tl_octets[0][3])
		tl_tables_init();
	p->cfg = *cfg;
	p->out = out;
	return p;
}

void tl_printer_free(struct tl_printer *p)
{
	free(p);
}

int tl_print_record(struct tl_printer *p, const struct tl_segview *v)
{
	/* Room for a decoder's text only when the record carries payload bytes to decode. */
	size_t room = TL_PRINT_LINE_MAX + (v->r->flags & TL_RF_FRAME ? TL_DEC_OUT_MAX : 0);
	char *start = tl_out_reserve(p->out, room), *c;

	if (!start)
		return tl_out_error(p->out) ? tl_out_error(p->out) : -ENOSPC;
	p->end = start + room - 1; /* the newline */
	c = tl_format(p, start, v);
	if (p->cfg.proc)
		c = tl_proc_put_suffix(c, v->r);
	*c++ = '\n';
	return tl_out_commit(p->out, (size_t)(c - start));
}

size_t tl_format_time(struct tl_printer *p, char *buf, const struct tl_ts *ts)
{
	return (size_t)(put_ts(p, buf, ts) - buf);
}

void tl_print_skip(struct tl_printer *p, const struct tl_ts *ts)
{
	if (p->cfg.tsfmt != TL_TS_DELTA && p->cfg.tsfmt != TL_TS_SINCE_FIRST)
		return;
	if (!p->ref.sec && !p->ref.frac)
		p->ref = *ts;
	if (p->cfg.tsfmt == TL_TS_DELTA)
		p->ref = *ts;
}

size_t tl_format_record(struct tl_printer *p, char *buf, size_t cap, const struct tl_segview *v)
{
	char *c;
	size_t n;

	p->end = p->scratch + sizeof(p->scratch) - 1;
	c = tl_format(p, p->scratch, v);
	if (p->cfg.proc)
		c = tl_proc_put_suffix(c, v->r);
	*c++ = '\n';
	n = (size_t)(c - p->scratch);
	if (!cap)
		return 0;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(buf, p->scratch, n);
	buf[n] = '\0';
	return n;
}
