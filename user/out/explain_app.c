// SPDX-License-Identifier: GPL-2.0-only
/*
 * What explain says of the application: the first message of HTTP, SSH, DNS or SMTP a
 * segment starts, read from the payload the record carries.
 */
#include <stdarg.h>
#include <stdio.h>

#include "out/explain_int.h"
#include "out/proto/app.h"

static void tl_cat(char *buf, size_t size, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends to a sentence built in parts; a part that does not fit is cut. */
static void tl_cat(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 1 >= size)
		return;
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	w = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n += (size_t)w < size - *n ? (size_t)w : size - *n - 1;
}

/*
 * The payload the record carries: from its frame section, after the TCP header, no further
 * than the segment's captured bytes. NULL when the record has none (no frame section: the
 * kernel copies frames only on the ports some output reads, see frame_cfg in session.c).
 */
static const uint8_t *tl_payload(const struct tl_record *r, uint32_t *caplen)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4, avail;

	*caplen = 0;
	if (!fs || hlen < 20 || r->l4_caplen < hlen || fs->l4_off > fs->len)
		return NULL;
	avail = fs->len - fs->l4_off;
	if (avail > r->l4_caplen)
		avail = r->l4_caplen;
	if (avail <= hlen)
		return NULL;
	*caplen = avail - hlen;
	return (const uint8_t *)(fs + 1) + fs->l4_off + hlen;
}

static void tl_say_dns(struct tl_note *nt, const struct tl_app *a)
{
	char line[512];
	size_t n = 0;

	if (a->kind == TL_APP_DNS_QUERY) {
		tl_say(nt, _("DNS question: %s %s"), a->u.dns.qtype, a->u.dns.qname);
		return;
	}
	if (a->u.dns.rcode == 3) {
		tl_say(nt, _("DNS answer: %s does not exist (NXDomain)"), a->u.dns.qname);
		return;
	}
	if (a->u.dns.rcode) {
		tl_say(nt, _("DNS answer: error %s for %s %s"), a->u.dns.rname, a->u.dns.qtype,
		       a->u.dns.qname);
		return;
	}
	if (!a->u.dns.answers) {
		tl_say(nt, _("DNS answer: no %s record for %s"), a->u.dns.qtype, a->u.dns.qname);
		return;
	}
	if (!a->u.dns.answer) {
		tl_say(nt, _("DNS answer: %u records for %s %s"), a->u.dns.answers, a->u.dns.qtype,
		       a->u.dns.qname);
		return;
	}
	if (a->u.dns.adata[0])
		tl_cat(line, sizeof(line), &n, _("DNS answer: %s %s %s"), a->u.dns.aname,
		       a->u.dns.atype, a->u.dns.adata);
	else
		tl_cat(line, sizeof(line), &n, _("DNS answer: %s %s"), a->u.dns.aname,
		       a->u.dns.atype);
	if (a->u.dns.answers > 1)
		tl_cat(line, sizeof(line), &n, _(" (%u answers in all)"), a->u.dns.answers);
	tl_say(nt, "%s", line);
}

/* What the application says in this segment, when it starts a message explain knows. */
void tl_say_app(struct tl_note *nt, const struct tl_record *r, const struct tl_seg *s)
{
	const uint8_t *p;
	struct tl_app a;
	char line[512];
	uint32_t cap;
	size_t n = 0;

	if (!nt || !(p = tl_payload(r, &cap)))
		return;
	switch (tl_app_identify(p, cap, s->seglen, r->sport, r->dport, &a)) {
	case TL_APP_HTTP_REQUEST:
		if (a.u.req.host[0])
			tl_say(nt, _("HTTP request: %s %s (Host: %s)"), a.u.req.method,
			       a.u.req.target, a.u.req.host);
		else
			tl_say(nt, _("HTTP request: %s %s"), a.u.req.method, a.u.req.target);
		break;
	case TL_APP_HTTP_RESPONSE:
		tl_cat(line, sizeof(line), &n, _("HTTP response: %u %s"), a.u.resp.status,
		       a.u.resp.reason);
		if (a.u.resp.type[0])
			tl_cat(line, sizeof(line), &n,
			       /* TRANSLATORS: the next part of "HTTP response: 200 OK, text/html". */
			       _(", %s"), a.u.resp.type);
		if (a.u.resp.has_length)
			tl_cat(line, sizeof(line), &n, _(", %llu bytes of body"),
			       (unsigned long long)a.u.resp.length);
		else if (a.u.resp.chunked)
			tl_cat(line, sizeof(line), &n,
			       _(", body in chunks (its length is not said in advance)"));
		tl_say(nt, "%s", line);
		break;
	case TL_APP_SSH_VERSION:
		tl_say(nt,
		       _("SSH version: %s (each side sends its own first; after the key exchange "
			 "that follows, everything is encrypted)"),
		       a.u.ssh.version);
		break;
	case TL_APP_DNS_QUERY:
	case TL_APP_DNS_RESPONSE:
		tl_say_dns(nt, &a);
		break;
	case TL_APP_SMTP_COMMAND:
		tl_say(nt, _("SMTP command: %s"), a.u.smtp.line);
		break;
	case TL_APP_SMTP_REPLY:
		if (a.u.smtp.lines > 1)
			tl_say(nt, _("SMTP reply: %s (and %u more lines)"), a.u.smtp.line,
			       a.u.smtp.lines - 1);
		else
			tl_say(nt, _("SMTP reply: %s"), a.u.smtp.line);
		break;
	default:
		return;
	}
	if (cap < s->seglen)
		tl_say(nt,
		       _("only the first %u of these %u bytes were captured: the words above "
			 "stop there"),
		       cap, s->seglen);
}
