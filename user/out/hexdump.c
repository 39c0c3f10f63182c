// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packet dumps after a line, as tcpdump 4.99.3 prints them (print-ascii.c, called from
 * print.c's pretty_print_packet): -x hex, -X hex and ASCII, -A ASCII; doubled, from the
 * link-layer header, else from where the link printer stopped.
 */
#include "out/print_int.h"

/* ND_ASCII_ISGRAPH. */
static inline bool is_graph(uint8_t b)
{
	return b > 0x20 && b < 0x7f;
}

/* "\n\t0x%04x: ": the offset has at least four digits. */
static char *put_offset(char *c, uint32_t off)
{
	PUT(c, "\n\t0x");
	if (off < 0x10000)
		return put_hex16(c, (uint16_t)off);
	c = put_hexv(c, off);
	return c;
}

/* hex_print: eight " %02x%02x" groups a line, an odd last byte as " %02x". */
static char *put_hex(char *c, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (!(i % 16)) {
			c = put_offset(c, i);
			PUT(c, ": ");
		}
		if (!(i & 1))
			*c++ = ' ';
		c = put_hex8(c, b[i]);
	}
	return c;
}

/*
 * hex_and_ascii_print: the groups padded to 40 columns, two spaces, then each byte as itself
 * when printable and not a space, else '.'.
 */
static char *put_hexasc(char *c, const uint8_t *b, uint32_t n)
{
	for (uint32_t line = 0; line < n; line += 16) {
		uint32_t end = n - line < 16 ? n - line : 16, col = 0;

		c = put_offset(c, line);
		PUT(c, ": ");
		for (uint32_t i = 0; i < end; i++) {
			if (!(i & 1)) {
				*c++ = ' ';
				col++;
			}
			c = put_hex8(c, b[line + i]);
			col += 2;
		}
		for (; col < 40; col++)
			*c++ = ' ';
		PUT(c, "  ");
		for (uint32_t i = 0; i < end; i++)
			*c++ = is_graph(b[line + i]) ? (char)b[line + i] : '.';
	}
	return c;
}

/*
 * ascii_print: a newline, then each byte as itself when printable or a tab, space or
 * newline, else '.'; a CR prints nothing before an LF or within the last two bytes.
 */
static char *put_ascii(char *c, const uint8_t *b, uint32_t n)
{
	*c++ = '\n';
	for (uint32_t i = 0; i < n; i++) {
		uint8_t s = b[i];

		if (s == '\r') {
			/* tcpdump tests the bytes left after this one: more than one. */
			if (n - i - 1 > 1 && b[i + 1] != '\n')
				*c++ = '.';
		} else if (is_graph(s) || s == '\t' || s == ' ' || s == '\n') {
			*c++ = (char)s;
		} else {
			*c++ = '.';
		}
	}
	return c;
}

size_t tl_dump_max(const struct tl_print_cfg *cfg, uint32_t n)
{
	/*
	 * Per 16 bytes: "\n\t0x" + up to 8 offset digits + ": " + 40 + 2 + 16. n may grow by
	 * 6 (-i any's cooked header replaces the Ethernet one).
	 */
	n += 6;
	if (cfg->hexasc)
		return (size_t)(n / 16 + 1) * 72;
	if (cfg->hex)
		return (size_t)(n / 16 + 1) * 56;
	if (cfg->ascii)
		return (size_t)n + 1;
	return 0;
}

char *tl_put_dump(const struct tl_line *l, char *c)
{
	const struct tl_print_cfg *cfg = &l->p->cfg;
	const uint8_t *b;
	uint32_t from, n;
	uint8_t level = cfg->hexasc ? cfg->hexasc : cfg->hex ? cfg->hex : cfg->ascii;

	if (!level || !l->f)
		return c;
	/* Without the link header, and nothing at all when nothing follows it. */
	from = level > 1 || l->jumped ? 0 : l->l3;
	if (l->flen <= from)
		return c;
	n = l->flen - from;
	b = l->f + from;
	if (!from && l->p->cooked && l->link == TL_LINK_ETH && l->flen >= 14) {
		/* -i any: tcpdump's frame is the cooked v2 header, then the packet. */
		tl_cooked_header(l, l->p->cooked);
		memcpy(l->p->cooked + 20, l->f + 14, l->flen - 14);
		b = l->p->cooked;
		n = l->flen - 14 + 20;
	}
	if (cfg->hexasc)
		return put_hexasc(c, b, n);
	if (cfg->hex)
		return put_hex(c, b, n);
	return put_ascii(c, b, n);
}
