// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: --explain's reading of a payload (tl_app_identify) on every port it knows,
 * both ways, with the capture cut anywhere: fields bounded, printable, and the same twice. */
#include "fuzz_common.h"
#include "out/proto/app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t tl_fz_app_ports[] = { 80, 8080, 22, 53, 25 };

/* A text field: NUL-terminated inside its room, printable ASCII before the NUL. */
static void tl_fz_field(const char *f, size_t size)
{
	const char *nul = memchr(f, '\0', size);

	TL_FZ_ASSERT(nul);
	for (const char *c = f; c < nul; c++)
		TL_FZ_ASSERT(*c >= 0x20 && *c <= 0x7e);
}

static void tl_fz_check(const struct tl_app *a)
{
	switch (a->kind) {
	case TL_APP_NONE:
		break;
	case TL_APP_HTTP_REQUEST:
		tl_fz_field(a->u.req.method, sizeof(a->u.req.method));
		tl_fz_field(a->u.req.target, sizeof(a->u.req.target));
		tl_fz_field(a->u.req.host, sizeof(a->u.req.host));
		TL_FZ_ASSERT(a->u.req.method[0]);
		break;
	case TL_APP_HTTP_RESPONSE:
		tl_fz_field(a->u.resp.reason, sizeof(a->u.resp.reason));
		tl_fz_field(a->u.resp.type, sizeof(a->u.resp.type));
		TL_FZ_ASSERT(a->u.resp.status <= 999);
		break;
	case TL_APP_SSH_VERSION:
		tl_fz_field(a->u.ssh.version, sizeof(a->u.ssh.version));
		TL_FZ_ASSERT(!memcmp(a->u.ssh.version, "SSH-", 4));
		break;
	case TL_APP_DNS_QUERY:
	case TL_APP_DNS_RESPONSE:
		tl_fz_field(a->u.dns.rname, sizeof(a->u.dns.rname));
		tl_fz_field(a->u.dns.qtype, sizeof(a->u.dns.qtype));
		tl_fz_field(a->u.dns.qname, sizeof(a->u.dns.qname));
		tl_fz_field(a->u.dns.atype, sizeof(a->u.dns.atype));
		tl_fz_field(a->u.dns.aname, sizeof(a->u.dns.aname));
		tl_fz_field(a->u.dns.adata, sizeof(a->u.dns.adata));
		TL_FZ_ASSERT(a->u.dns.rcode < 16 && a->u.dns.answers <= 0xffff);
		TL_FZ_ASSERT(!a->u.dns.answer || a->u.dns.answers);
		break;
	case TL_APP_SMTP_COMMAND:
	case TL_APP_SMTP_REPLY:
		tl_fz_field(a->u.smtp.line, sizeof(a->u.smtp.line));
		TL_FZ_ASSERT(a->kind == TL_APP_SMTP_COMMAND ||
			     (a->u.smtp.code >= 200 && a->u.smtp.code <= 599));
		break;
	default:
		TL_FZ_ASSERT(!"unknown kind");
	}
}

/* The input layout of the decoder harnesses (fuzz_common.h), so their seeds serve here too:
 * byte 2 cuts the capture, the others are not needed since every port is tried. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tl_app a, again;
	uint32_t len, caplen;
	uint8_t *copy;

	if (size < TL_FZ_DEC_HDR || size - TL_FZ_DEC_HDR > 0xffff)
		return 0;
	len = (uint32_t)(size - TL_FZ_DEC_HDR);
	caplen = data[2] ? (uint32_t)((uint64_t)len * data[2] / 256) : len;
	/* The payload alone in its own allocation: ASan sees any read past caplen. */
	copy = malloc(caplen ? caplen : 1);
	TL_FZ_ASSERT(copy);
	memcpy(copy, data + TL_FZ_DEC_HDR, caplen);
	for (size_t i = 0; i < sizeof(tl_fz_app_ports) / sizeof(tl_fz_app_ports[0]); i++) {
		for (int to = 0; to < 2; to++) {
			uint16_t port = tl_fz_app_ports[i], sp = to ? 40000 : port,
				 dp = to ? port : 40000;
			int kind = tl_app_identify(copy, caplen, len, sp, dp, &a);

			TL_FZ_ASSERT(kind == a.kind);
			tl_fz_check(&a);
			TL_FZ_ASSERT(tl_app_identify(copy, caplen, len, sp, dp, &again) == kind);
			TL_FZ_ASSERT(!memcmp(&a, &again, sizeof(a)));
		}
	}
	free(copy);
	return 0;
}
