// SPDX-License-Identifier: GPL-2.0-only
/* The line printer of tcpdump's text protocols (util-print.c's txtproto_print), and the ones
 * that are nothing more: SMTP, FTP, WHOIS. */
#include "out/proto/proto.h"

/* fetch_token()'s buffer: 128 characters and the NUL. */
#define TL_TOKEN_MAX 129

static bool tl_is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * fetch_token(): the printable ASCII token at idx, then the spaces after it (a tab, oddly,
 * stops that skip: it is not printable). The index after them, or 0 when there is no token,
 * it does not fit, or a byte is not printable ASCII. Never reads past the capture.
 */
static uint32_t tl_fetch_token(struct tl_dec *d, uint32_t idx, uint32_t len, char *tok)
{
	size_t n = 0;
	uint8_t c;

	for (; idx < len; idx++) {
		if (!tl_dec_has(d, idx, 1))
			return 0;
		c = d->p[idx];
		if (c & 0x80)
			return 0;
		if (tl_is_space(c))
			break;
		if (!tl_isprint(c))
			return 0;
		if (n + 2 > TL_TOKEN_MAX)
			return 0;
		tok[n++] = (char)c;
	}
	if (!n)
		return 0;
	tok[n] = '\0';
	for (; idx < len; idx++) {
		if (!tl_dec_has(d, idx, 1))
			break;
		c = d->p[idx];
		if (c == '\r' || c == '\n' || !tl_isprint(c) || !tl_is_space(c))
			break;
	}
	return idx;
}

/*
 * print_txt_line(): the line at idx, prefixed, if it is printable ASCII (tabs allowed) ended
 * by LF or CR LF; returns the index after the line end. 0 for binary data or a CR not
 * followed by LF (nothing printed), and for text that reaches len without a line end (printed,
 * with " [|proto]"). A line running past the capture ends the decoding.
 */
static uint32_t tl_txt_line(struct tl_dec *d, const char *prefix, uint32_t idx, uint32_t len)
{
	uint32_t start = idx, linelen;
	uint8_t c;

	while (idx < len) {
		c = tl_dec_u8(d, idx);
		if (c == '\n') {
			linelen = idx - start;
			idx++;
			goto print;
		}
		if (c == '\r') {
			if (idx + 1 >= len)
				return 0;
			if (tl_dec_u8(d, idx + 1) != '\n')
				return 0;
			linelen = idx - start;
			idx += 2;
			goto print;
		}
		if (!tl_isprint(c) && c != '\t')
			return 0;
		idx++;
	}
	tl_dec_str(d, prefix);
	tl_dec_mem(d, d->p + start, idx - start);
	tl_dec_trunc_mark(d);
	return 0;
print:
	tl_dec_str(d, prefix);
	tl_dec_mem(d, d->p + start, linelen);
	return idx;
}

/*
 * txtproto_print(). With cmds, only a request (first token one of cmds) or a response (a
 * three-digit code as the first or, with code_second, the second token) is printed, so that
 * continuations of bodies are not; without, the payload is always taken for text.
 */
void tl_dec_txtproto(struct tl_dec *d, uint32_t len, const char *const *cmds, bool code_second)
{
	char tok[TL_TOKEN_MAX];
	bool print_this = false;
	uint32_t idx, eol;

	if (cmds) {
		idx = tl_fetch_token(d, 0, len, tok);
		if (idx) {
			for (; *cmds; cmds++) {
				if (tl_ascii_caseeq(tok, *cmds)) {
					print_this = true;
					break;
				}
			}
			if (code_second)
				idx = tl_fetch_token(d, idx, len, tok);
			if (idx && tl_isdigit((uint8_t)tok[0]) && tl_isdigit((uint8_t)tok[1]) &&
			    tl_isdigit((uint8_t)tok[2]) && !tok[3])
				print_this = true;
		}
	} else {
		print_this = true;
	}

	tl_dec_proto_caps(d);
	if (!print_this)
		return;
	if (d->vflag) {
		/* Every text line of the request or response, the length once. */
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, len);
		for (idx = 0; idx < len && (eol = tl_txt_line(d, "\n\t", idx, len)) != 0; idx = eol)
			;
	} else {
		tl_txt_line(d, ": ", 0, len);
	}
}

void tl_dec_smtp(struct tl_dec *d, uint32_t len)
{
	d->proto = "smtp";
	tl_dec_txtproto(d, len, NULL, false);
}

void tl_dec_ftp(struct tl_dec *d, uint32_t len)
{
	d->proto = "ftp";
	tl_dec_txtproto(d, len, NULL, false);
}

void tl_dec_whois(struct tl_dec *d, uint32_t len)
{
	d->proto = "whois";
	tl_dec_txtproto(d, len, NULL, false);
}
