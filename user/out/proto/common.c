// SPDX-License-Identifier: GPL-2.0-only
/* What several payload printers print the same way: escaped bytes, names, durations, hex. */
#include "out/proto/proto.h"

_Noreturn void tl_dec_trunc(struct tl_dec *d)
{
	siglongjmp(d->jb, TL_DEC_JMP_TRUNC);
}

_Noreturn void tl_dec_full(struct tl_dec *d)
{
	siglongjmp(d->jb, TL_DEC_JMP_FULL);
}

void tl_dec_esc(struct tl_dec *d, uint8_t c)
{
	tl_dec_room(d, 4);
	if (c & 0x80) {
		c &= 0x7f;
		*d->c++ = 'M';
		*d->c++ = '-';
	}
	if (!tl_isprint(c)) {
		c ^= 0x40;
		*d->c++ = '^';
	}
	*d->c++ = (char)c;
}

bool tl_dec_printn(struct tl_dec *d, size_t off, size_t n)
{
	while (n > 0 && off < d->cap) {
		n--;
		tl_dec_esc(d, d->p[off++]);
	}
	return n != 0;
}

void tl_dec_printn_jmp(struct tl_dec *d, size_t off, size_t n)
{
	while (n-- > 0)
		tl_dec_esc(d, tl_dec_u8(d, off++));
}

void tl_dec_unknown_data(struct tl_dec *d, size_t off, const char *ident, uint32_t len)
{
	if (off > d->cap) {
		tl_dec_str(d, ident);
		TL_DEC_PUT(d, "Dissector error: print_unknown_data called with pointer past end of "
			      "packet");
		return;
	}
	if (d->cap - off < len)
		len = (uint32_t)(d->cap - off);
	tl_dec_hexdump(d, ident, off, len, 0);
}

void tl_dec_printjnp(struct tl_dec *d, size_t off, size_t n)
{
	while (n > 0) {
		uint8_t c = tl_dec_u8(d, off);

		if (!c)
			break;
		tl_dec_esc(d, c);
		n--;
		off++;
	}
}

void tl_dec_trunc_mark(struct tl_dec *d)
{
	TL_DEC_PUT(d, " [|");
	tl_dec_str(d, d->proto);
	tl_dec_ch(d, ']');
}

void tl_dec_proto_caps(struct tl_dec *d)
{
	for (const char *s = d->proto; *s; s++)
		tl_dec_ch(d, *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s);
}

void tl_dec_relts(struct tl_dec *d, uint32_t secs)
{
	static const char units[] = "ywdhms";
	static const uint32_t seconds[] = { 31536000, 604800, 86400, 3600, 60, 1 };

	if (!secs) {
		TL_DEC_PUT(d, "0s");
		return;
	}
	for (int i = 0; secs > 0; i++) {
		if (secs >= seconds[i]) {
			tl_dec_u32(d, secs / seconds[i]);
			tl_dec_ch(d, units[i]);
			secs %= seconds[i];
		}
	}
}

void tl_dec_hexdump(struct tl_dec *d, const char *ident, size_t off, uint32_t len, uint32_t oset)
{
	size_t cap = off < d->cap ? d->cap - off : 0;
	bool truncated = false;
	uint32_t i = 0;

	if (len > cap) {
		len = (uint32_t)cap;
		truncated = true;
	}
	for (uint32_t n = len / 2; n; n--, off += 2) {
		if (i++ % 8 == 0) {
			tl_dec_str(d, ident);
			TL_DEC_PUT(d, "0x");
			tl_dec_hexw(d, oset, 4);
			TL_DEC_PUT(d, ": ");
			oset += 16;
		}
		tl_dec_ch(d, ' ');
		tl_dec_hex2(d, d->p[off]);
		tl_dec_hex2(d, d->p[off + 1]);
	}
	if (len & 1) {
		if (i % 8 == 0) {
			tl_dec_str(d, ident);
			TL_DEC_PUT(d, "0x");
			tl_dec_hexw(d, oset, 4);
			TL_DEC_PUT(d, ": ");
		}
		tl_dec_ch(d, ' ');
		tl_dec_hex2(d, d->p[off]);
	}
	if (truncated)
		tl_dec_trunc(d);
}

/* One hex_and_ascii_print line: "ident0xOFFS: " the hex padded to 40 columns, two spaces, the
 * bytes as text. */
static void tl_dec_hexascii_line(struct tl_dec *d, const char *ident, uint32_t oset, size_t off,
				 uint32_t n)
{
	uint32_t col = 0;

	tl_dec_str(d, ident);
	TL_DEC_PUT(d, "0x");
	tl_dec_hexw(d, oset, 4);
	TL_DEC_PUT(d, ": ");
	for (uint32_t i = 0; i < n; i++) {
		if (!(i & 1)) {
			tl_dec_ch(d, ' ');
			col++;
		}
		tl_dec_hex2(d, d->p[off + i]);
		col += 2;
	}
	for (; col < 40; col++)
		tl_dec_ch(d, ' ');
	TL_DEC_PUT(d, "  ");
	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = d->p[off + i];

		tl_dec_ch(d, c > 0x20 && c < 0x7f ? (char)c : '.');
	}
}

void tl_dec_hexascii(struct tl_dec *d, const char *ident, size_t off, uint64_t len, uint32_t oset)
{
	size_t cap = off < d->cap ? d->cap - off : 0;
	bool truncated = false;

	if (len > cap) {
		len = cap;
		truncated = true;
	}
	while (len > 0) {
		uint32_t n = len > 16 ? 16 : (uint32_t)len;

		tl_dec_hexascii_line(d, ident, oset, off, n);
		off += n;
		len -= n;
		oset += 16;
	}
	if (truncated)
		tl_dec_trunc(d);
}

const struct tl_tok tl_af_values[] = {
	{ 0, "Reserved" },
	{ 1, "IPv4" },
	{ 2, "IPv6" },
	{ 3, "NSAP" },
	{ 4, "HDLC" },
	{ 5, "BBN 1822" },
	{ 6, "802" },
	{ 7, "E.163" },
	{ 8, "E.164" },
	{ 9, "F.69" },
	{ 10, "X.121" },
	{ 11, "Novell IPX" },
	{ 12, "Appletalk" },
	{ 13, "Decnet IV" },
	{ 14, "Banyan Vines" },
	{ 15, "E.164 with NSAP subaddress" },
	{ 196, "Layer-2 VPN" },
	{ 25, "VPLS" },
	{ 0, NULL },
};

const char *tl_tok(const struct tl_tok *t, uint32_t v)
{
	for (; t->s; t++)
		if (t->v == v)
			return t->s;
	return NULL;
}

const char *tl_tok_or(const struct tl_tok *t, uint32_t v, const char *unknown)
{
	const char *s = tl_tok(t, v);

	return s ? s : unknown;
}

void tl_dec_bits(struct tl_dec *d, const struct tl_tok *t, uint32_t v)
{
	bool any = false;

	for (; t->s; t++) {
		if (t->v && (v & t->v) == t->v) {
			if (any)
				TL_DEC_PUT(d, ", ");
			tl_dec_str(d, t->s);
			any = true;
		}
	}
	if (!any)
		TL_DEC_PUT(d, "none");
}

void tl_dec_tok(struct tl_dec *d, const struct tl_tok *t, uint32_t v, const char *prefix)
{
	const char *s = tl_tok(t, v);

	if (s) {
		tl_dec_str(d, s);
		return;
	}
	tl_dec_str(d, prefix);
	tl_dec_u32(d, v);
}
