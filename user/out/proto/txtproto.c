// SPDX-License-Identifier: GPL-2.0-only
/* The line printer of tcpdump's text protocols (util-print.c's txtproto_print), and the ones
 * that are nothing more: SMTP, FTP, WHOIS. */
#include "out/proto/app.h"
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

/*
 * RFC 5321 4.1's commands as a client sends them, and what must follow each: a message body
 * line ("Data follows", "Mail from Bob") must not read as a command, and the body is not
 * told apart otherwise (that would take the DATA state of the whole conversation).
 */
static const struct {
	const char *verb;
	const char *next; /* what follows the verb: " " an argument, "" nothing, NULL either */
} tl_smtp_cmds[] = {
	{ "EHLO", " " }, { "HELO", " " },    { "MAIL", " FROM:" }, { "RCPT", " TO:" },
	{ "DATA", "" },	 { "BDAT", " " },    { "RSET", "" },	   { "VRFY", " " },
	{ "EXPN", " " }, { "HELP", NULL },   { "NOOP", NULL },	   { "QUIT", "" },
	{ "AUTH", " " }, { "STARTTLS", "" },
};

/* [off, end) starts with s, ASCII case aside. */
static bool tl_smtp_starts(const struct tl_dec *d, size_t off, size_t end, const char *s)
{
	for (; *s; s++, off++) {
		uint8_t c = off < end ? d->p[off] : 0, w = (uint8_t)*s;

		if (c >= 'a' && c <= 'z')
			c = (uint8_t)(c - 'a' + 'A');
		if (w >= 'a' && w <= 'z')
			w = (uint8_t)(w - 'a' + 'A');
		if (c != w)
			return false;
	}
	return true;
}

static bool tl_smtp_command(const struct tl_dec *d, size_t end)
{
	for (size_t i = 0; i < sizeof(tl_smtp_cmds) / sizeof(tl_smtp_cmds[0]); i++) {
		size_t n = strlen(tl_smtp_cmds[i].verb);
		const char *next = tl_smtp_cmds[i].next;

		if (!tl_smtp_starts(d, 0, end, tl_smtp_cmds[i].verb))
			continue;
		if (!next)
			return end == n || d->p[n] == ' ';
		if (!*next)
			return end == n;
		return tl_smtp_starts(d, n, end, next);
	}
	return false;
}

/* A reply line: three digits, the first 2 to 5 (RFC 5321 4.2), then a space, "-" or its end. */
static bool tl_smtp_reply_at(const struct tl_dec *d, size_t off, size_t end)
{
	return end >= off + 3 && d->p[off] >= '2' && d->p[off] <= '5' &&
	       tl_isdigit(d->p[off + 1]) && tl_isdigit(d->p[off + 2]) &&
	       (end == off + 3 || d->p[off + 3] == ' ' || d->p[off + 3] == '-');
}

/*
 * The first line of a command to the server or of a reply from it. A line the capture cut
 * counts once its verb or code is there; the field then shows it cut.
 */
int tl_app_smtp(struct tl_dec *d, bool to_server, struct tl_app *a)
{
	size_t eol = tl_app_eol(d, 0), end = tl_app_trim(d, 0, eol), off;

	if (to_server ? !tl_smtp_command(d, end) : !tl_smtp_reply_at(d, 0, end))
		return TL_APP_NONE;
	tl_app_bytes(d, a->u.smtp.line, sizeof(a->u.smtp.line), 0, eol < d->cap ? end : d->cap + 1);
	if (to_server) {
		a->kind = TL_APP_SMTP_COMMAND;
		return a->kind;
	}
	a->u.smtp.code = (uint32_t)((d->p[0] - '0') * 100 + (d->p[1] - '0') * 10 + (d->p[2] - '0'));
	/* A multiline reply: "250-" lines, then "250 " (RFC 5321 4.2.1). */
	for (off = 0; off < d->cap;) {
		eol = tl_app_eol(d, off);
		if (eol >= d->cap || !tl_smtp_reply_at(d, off, tl_app_trim(d, off, eol)) ||
		    memcmp(d->p + off, d->p, 3))
			break;
		a->u.smtp.lines++;
		off = eol + 1;
	}
	a->kind = TL_APP_SMTP_REPLY;
	return a->kind;
}
