/* SPDX-License-Identifier: GPL-2.0-only */
/* Hand-written, allocation-free text helpers every printer shares: numbers, hex, addresses. */
#ifndef TL_PUT_H
#define TL_PUT_H

#include <stdint.h>
#include <string.h>

#include "conn/tcp.h"

/*
 * Every writer takes the position in a line buffer the caller sized, writes there and returns
 * the new end: no printf, no strlen, no allocation (the per-line budget is tens of ns).
 */

/* Append a string literal without strlen or a call. */
#define PUT(c, lit) (memcpy((c), (lit), sizeof(lit) - 1), (c) += sizeof(lit) - 1)

extern const char tl_digits2[201]; /* "00" ... "99" */
extern const char tl_hex[17];	   /* "0123456789abcdef" */
/* Every octet's text, "0" to "255", and its length in the last byte: tl_put_init() fills it. */
extern char tl_octets[256][4];

/* Fills the tables above once; safe to call again. */
void tl_put_init(void);

/* Decimal, at least width digits (zero-padded). */
static inline char *put_u64w(char *c, uint64_t v, unsigned int width)
{
	char tmp[24], *t = tmp + sizeof(tmp);
	size_t n;

	while (v >= 100) {
		unsigned int d = (unsigned int)(v % 100) * 2;

		v /= 100;
		*--t = tl_digits2[d + 1];
		*--t = tl_digits2[d];
	}
	if (v >= 10) {
		*--t = tl_digits2[v * 2 + 1];
		*--t = tl_digits2[v * 2];
	} else {
		*--t = (char)('0' + v);
	}
	n = (size_t)(tmp + sizeof(tmp) - t);
	while (n < width) {
		*--t = '0';
		n++;
	}
	memcpy(c, t, n);
	return c + n;
}

/* Decimal. */
static inline char *put_u64(char *c, uint64_t v)
{
	return put_u64w(c, v, 0);
}

/* Exactly four digits of v < 10^4. */
static inline char *put_4digits(char *c, uint32_t v)
{
	memcpy(c, tl_digits2 + v / 100 * 2, 2);
	memcpy(c + 2, tl_digits2 + v % 100 * 2, 2);
	return c + 4;
}

/* Exactly eight digits of v < 10^8. */
static inline char *put_8digits(char *c, uint32_t v)
{
	return put_4digits(put_4digits(c, v / 10000), v % 10000);
}

/* v < 10^4 without leading zeros. */
static inline char *put_upto4(char *c, uint32_t v)
{
	if (v >= 100) {
		uint32_t hi = v / 100;

		if (hi >= 10) {
			memcpy(c, tl_digits2 + hi * 2, 2);
			c += 2;
		} else {
			*c++ = (char)('0' + hi);
		}
		memcpy(c, tl_digits2 + (v - hi * 100) * 2, 2);
		return c + 2;
	}
	if (v >= 10) {
		memcpy(c, tl_digits2 + v * 2, 2);
		return c + 2;
	}
	*c++ = (char)('0' + v);
	return c;
}

/*
 * The common case, written straight into the line: split at 10^8 and 10^4, then fixed-width
 * pairs. No scratch buffer, no variable-length memcpy call, no digit loop; 32-bit divisions
 * by constants only (several times cheaper than 64-bit ones).
 */
static inline char *put_u32(char *c, uint32_t v)
{
	uint32_t hi;

	if (v < 10000)
		return put_upto4(c, v);
	if (v < 100000000) {
		hi = v / 10000;
		return put_4digits(put_upto4(c, hi), v - hi * 10000);
	}
	/* Absolute sequence numbers and TS values: mostly ten digits. */
	hi = v / 100000000;
	return put_8digits(put_upto4(c, hi), v - hi * 100000000);
}

/* A NUL-terminated string of the caller's (names from a table): the only strlen here. */
static inline char *put_str(char *c, const char *s)
{
	size_t n = strlen(s);

	memcpy(c, s, n);
	return c + n;
}

/* printf's %02x. */
static inline char *put_hex8(char *c, uint8_t b)
{
	*c++ = tl_hex[b >> 4];
	*c++ = tl_hex[b & 15];
	return c;
}

/* printf's %04x of a 16-bit value. */
static inline char *put_hex16(char *c, uint16_t v)
{
	return put_hex8(put_hex8(c, (uint8_t)(v >> 8)), (uint8_t)v);
}

/* A MAC address as "aa:bb:cc:dd:ee:ff": tcpdump -e's numeric form, and --json's. */
static inline char *put_mac(char *c, const uint8_t *m)
{
	for (int i = 0; i < 6; i++) {
		if (i)
			*c++ = ':';
		c = put_hex8(c, m[i]);
	}
	return c;
}

/* printf's %x / %llx: no leading zeros. */
static inline char *put_hexv(char *c, uint64_t v)
{
	int shift = 60;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*c++ = tl_hex[(v >> shift) & 15];
	return c;
}

/* Dotted quad by table: four fixed-size copies instead of four divisions loops. */
static inline char *put_ip4(char *c, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		const char *o = tl_octets[a[i]];

		memcpy(c, o, 3);
		c += o[3];
		*c++ = '.';
	}
	return c - 1;
}

/* Dotted quad without the table (tl_put_init() need not have run): the payload decoders. */
static inline char *put_ip4_text(char *c, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*c++ = '.';
		c = put_upto4(c, a[i]);
	}
	return c;
}

/*
 * glibc inet_ntop's text, which is what tcpdump prints: longest run (>= 2) of zero groups
 * becomes "::", first run on a tie; dotted quad for ::a.b.c.d (exactly six leading zero
 * groups) and ::ffff:a.b.c.d.
 */
static inline char *put_ip6(char *c, const uint8_t *a)
{
	uint16_t w[8];
	int best = -1, blen = 0, cur = -1, clen = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = tl_be16(a + 2 * i);
		if (!w[i]) {
			if (cur < 0) {
				cur = i;
				clen = 0;
			}
			if (++clen > blen) {
				best = cur;
				blen = clen;
			}
		} else {
			cur = -1;
		}
	}
	if (blen < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + blen) {
			if (i == best)
				*c++ = ':';
			continue;
		}
		if (i)
			*c++ = ':';
		/* Rare, and the decoders use it without tl_put_init(): no table. */
		if (i == 6 && best == 0 && (blen == 6 || (blen == 5 && w[5] == 0xffff)))
			return put_ip4_text(c, a + 12);
		c = put_hexv(c, w[i]);
	}
	if (best >= 0 && best + blen == 8)
		*c++ = ':';
	return c;
}

#endif
