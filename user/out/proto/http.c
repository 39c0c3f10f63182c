// SPDX-License-Identifier: GPL-2.0-only
/* HTTP and RTSP: request or response lines (print-http.c, print-rtsp.c). */
#include "out/proto/app.h"
#include "out/proto/proto.h"

/* Request methods tcpdump 4.99.3 knows, WebDAV's included. */
static const char *const tl_http_cmds[] = {
	"GET",
	"PUT",
	"COPY",
	"HEAD",
	"LOCK",
	"MOVE",
	"POLL",
	"POST",
	"BCOPY",
	"BMOVE",
	"MKCOL",
	"TRACE",
	"LABEL",
	"MERGE",
	"DELETE",
	"SEARCH",
	"UNLOCK",
	"REPORT",
	"UPDATE",
	"NOTIFY",
	"BDELETE",
	"CONNECT",
	"OPTIONS",
	"CHECKIN",
	"PROPFIND",
	"CHECKOUT",
	"CCM_POST",
	"SUBSCRIBE",
	"PROPPATCH",
	"BPROPFIND",
	"BPROPPATCH",
	"UNCHECKOUT",
	"MKACTIVITY",
	"MKWORKSPACE",
	"UNSUBSCRIBE",
	"RPC_CONNECT",
	"VERSION-CONTROL",
	"BASELINE-CONTROL",
	NULL,
};

static const char *const tl_rtsp_cmds[] = {
	"DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS",	  "PAUSE",    "PLAY",
	"RECORD",   "REDIRECT", "SETUP",	 "SET_PARAMETER", "TEARDOWN", NULL,
};

/* Both put the status code second: "HTTP/1.1 200 OK". */
void tl_dec_http(struct tl_dec *d, uint32_t len)
{
	d->proto = "http";
	tl_dec_txtproto(d, len, tl_http_cmds, true);
}

void tl_dec_rtsp(struct tl_dec *d, uint32_t len)
{
	d->proto = "rtsp";
	tl_dec_txtproto(d, len, tl_rtsp_cmds, true);
}

/* Header field names compared as HTTP compares them (RFC 9110 5.1: case-insensitive). */
static bool tl_http_name_is(const struct tl_dec *d, size_t off, size_t colon, const char *name)
{
	size_t n = strlen(name);

	if (colon - off != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = d->p[off + i];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		if (c != (uint8_t)name[i])
			return false;
	}
	return true;
}

/* Content-Length's digits (RFC 9110 8.6); false for anything else or more than 18 of them. */
static bool tl_http_length(const struct tl_dec *d, size_t off, size_t end, uint64_t *v)
{
	uint64_t n = 0;

	if (off == end || end - off > 18)
		return false;
	for (; off < end; off++) {
		if (!tl_isdigit(d->p[off]))
			return false;
		n = n * 10 + (d->p[off] - '0');
	}
	*v = n;
	return true;
}

/* Does [off, end) hold the token "chunked" (Transfer-Encoding's last coding, RFC 9112 6.1)? */
static bool tl_http_chunked(const struct tl_dec *d, size_t off, size_t end)
{
	static const char tok[] = "chunked";
	const size_t n = sizeof(tok) - 1;

	for (; off + n <= end; off++)
		if (tl_http_name_is(d, off, off + n, tok))
			return true;
	return false;
}

/*
 * The header fields explain quotes, from the lines after the start line that were captured
 * whole: a field cut by the capture's end is left out rather than shown wrong.
 */
static void tl_http_fields(struct tl_dec *d, size_t off, struct tl_app *a, bool request)
{
	while (off < d->cap) {
		size_t eol = tl_app_eol(d, off), end, colon, v;

		if (eol >= d->cap)
			return;
		end = tl_app_trim(d, off, eol);
		if (end == off)
			return; /* the empty line: the body follows */
		colon = off;
		while (colon < end && d->p[colon] != ':')
			colon++;
		v = colon + 1;
		while (v < end && (d->p[v] == ' ' || d->p[v] == '\t'))
			v++;
		if (colon == end) {
			/* Not a field: the start of something else. */
			return;
		} else if (request && tl_http_name_is(d, off, colon, "host")) {
			tl_app_bytes(d, a->u.req.host, sizeof(a->u.req.host), v, end - v);
		} else if (!request && tl_http_name_is(d, off, colon, "content-type")) {
			tl_app_bytes(d, a->u.resp.type, sizeof(a->u.resp.type), v, end - v);
		} else if (!request && tl_http_name_is(d, off, colon, "content-length")) {
			a->u.resp.has_length = tl_http_length(d, v, end, &a->u.resp.length);
		} else if (!request && tl_http_name_is(d, off, colon, "transfer-encoding")) {
			a->u.resp.chunked = tl_http_chunked(d, v, end);
		}
		off = eol + 1;
	}
}

/* The end of the token at off on the line ending at end: the first space or the line's end. */
static size_t tl_http_token(const struct tl_dec *d, size_t off, size_t end)
{
	while (off < end && d->p[off] != ' ')
		off++;
	return off;
}

/*
 * A request line "METHOD target HTTP/x" with one of tcpdump's methods (the same test that
 * makes its printer print the line), or a status line "HTTP/1.x NNN reason". The start line
 * may be cut by the capture: what was captured of it is shown, cut.
 */
int tl_app_http(struct tl_dec *d, struct tl_app *a)
{
	size_t eol = tl_app_eol(d, 0), end = tl_app_trim(d, 0, eol), t1 = tl_http_token(d, 0, end);
	char tok[24];

	/* "HTTP/1.x" ends before end, which is within the capture. */
	if (t1 == 8 && !memcmp(d->p, "HTTP/1.", 7) && end >= t1 + 4 && tl_isdigit(d->p[t1 + 1]) &&
	    tl_isdigit(d->p[t1 + 2]) && tl_isdigit(d->p[t1 + 3]) &&
	    (end == t1 + 4 || d->p[t1 + 4] == ' ')) {
		const uint8_t *c = d->p + t1 + 1;
		size_t r = end > t1 + 5 ? t1 + 5 : end;

		a->u.resp.status =
			(uint32_t)((c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0'));
		tl_app_bytes(d, a->u.resp.reason, sizeof(a->u.resp.reason), r,
			     eol < d->cap ? end - r : d->cap - r + 1);
		tl_http_fields(d, eol + 1, a, false);
		a->kind = TL_APP_HTTP_RESPONSE;
		return a->kind;
	}
	/* The method and the space after it must be captured: "GE" could be anything. */
	if (!t1 || t1 >= sizeof(tok) || t1 >= end)
		return TL_APP_NONE;
	for (size_t i = 0; i < t1; i++) {
		if (!tl_isprint(d->p[i]))
			return TL_APP_NONE;
		tok[i] = (char)d->p[i];
	}
	tok[t1] = '\0';
	for (const char *const *m = tl_http_cmds; *m; m++) {
		if (!tl_ascii_caseeq(tok, *m))
			continue;
		size_t t2 = tl_http_token(d, t1 + 1, end);

		memcpy(a->u.req.method, tok, t1 + 1);
		/* A target the capture cut (no line end, no space after it) shows as cut. */
		tl_app_bytes(d, a->u.req.target, sizeof(a->u.req.target), t1 + 1,
			     t2 < end || eol < d->cap ? t2 - t1 - 1 : d->cap - t1);
		tl_http_fields(d, eol + 1, a, true);
		a->kind = TL_APP_HTTP_REQUEST;
		return a->kind;
	}
	return TL_APP_NONE;
}
