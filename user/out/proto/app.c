// SPDX-License-Identifier: GPL-2.0-only
/* What the application says at the start of a payload: the protocol by port, and the bounded
 * text fields every protocol's recogniser fills. */
#include "out/proto/app.h"
#include "out/proto/proto.h"

/*
 * The jump target of d's readers and writer while fn writes one field. A field is cut, not
 * dropped: what was written before the jump stays, with "..." to say that more followed.
 */
void tl_app_text(struct tl_dec *d, char *field, size_t size, tl_app_text_fn fn, const void *arg)
{
	d->c = field;
	/* Room kept for "..." and the NUL whatever fn does. */
	d->end = field + size - 4;
	if (sigsetjmp(d->jb, 0) == 0) {
		fn(d, arg);
	} else {
		memcpy(d->c, "...", 3);
		d->c += 3;
	}
	*d->c = '\0';
}

struct tl_app_span {
	size_t off, n;
};

static void tl_app_span_text(struct tl_dec *d, const void *arg)
{
	const struct tl_app_span *s = arg;

	/* tcpdump's nd_printn: escaped bytes up to the capture's end; past it, the cut mark. */
	if (tl_dec_printn(d, s->off, s->n))
		tl_dec_trunc(d);
}

void tl_app_bytes(struct tl_dec *d, char *field, size_t size, size_t off, size_t n)
{
	const struct tl_app_span s = { off, n };

	tl_app_text(d, field, size, tl_app_span_text, &s);
}

size_t tl_app_eol(const struct tl_dec *d, size_t off)
{
	const uint8_t *lf;

	if (off >= d->cap)
		return d->cap;
	lf = memchr(d->p + off, '\n', d->cap - off);
	return lf ? (size_t)(lf - d->p) : d->cap;
}

size_t tl_app_trim(const struct tl_dec *d, size_t off, size_t eol)
{
	while (eol > off &&
	       (d->p[eol - 1] == '\r' || d->p[eol - 1] == ' ' || d->p[eol - 1] == '\t'))
		eol--;
	return eol;
}

int tl_app_identify(const uint8_t *p, uint32_t caplen, uint32_t len, uint16_t sport, uint16_t dport,
		    struct tl_app *a)
{
	/* No output of its own: every field sets c and end before writing (tl_app_text). */
	struct tl_dec d = {
		.p = p,
		.cap = caplen < len ? caplen : len,
		.proto = "app",
	};

	memset(a, 0, sizeof(*a));
	if (!d.cap || !p)
		return TL_APP_NONE;
	/* The decoders' choice, so the words never name another protocol than the line. */
	switch (tl_dec_port_proto(sport, dport)) {
	case TL_DP_HTTP:
		return tl_app_http(&d, a);
	case TL_DP_SSH:
		return tl_app_ssh(&d, a);
	case TL_DP_DOMAIN:
		return tl_app_dns(&d, a);
	case TL_DP_SMTP:
		if (sport == dport)
			return TL_APP_NONE;
		return tl_app_smtp(&d, dport == TL_PORT_SMTP, a);
	default:
		return TL_APP_NONE;
	}
}

void tl_app_ports(unsigned long long bits[65536 / 64])
{
	static const uint16_t ports[] = { TL_PORT_SSH, TL_PORT_SMTP, TL_PORT_DOMAIN, TL_PORT_HTTP,
					  TL_PORT_HTTP_ALT };

	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		bits[ports[i] / 64] |= 1ull << (ports[i] % 64);
}
