// SPDX-License-Identifier: GPL-2.0-only
/* Which payload printer runs for a TCP segment, in print-tcp.c's order, and -T's choices. */
#include <errno.h>
#include <string.h>

#include "out/proto/decode.h"
#include "out/proto/proto.h"

/* Reset data is printed up to this many bytes (print-tcp.c's MAX_RST_DATA_LEN). */
#define TL_RST_DATA_MAX 30

/* print_tcp_rst_data(): RFC 1122 4.2.2.12 lets a reset carry diagnostic text. */
static void tl_dec_rst_data(struct tl_dec *d, uint32_t len)
{
	size_t off = 0;

	if (tl_dec_has(d, 0, len))
		TL_DEC_PUT(d, " [RST");
	else
		TL_DEC_PUT(d, " [!RST");
	if (len > TL_RST_DATA_MAX) {
		len = TL_RST_DATA_MAX;
		tl_dec_ch(d, '+');
	}
	tl_dec_ch(d, ' ');
	while (len && off < d->cap) {
		tl_dec_esc(d, d->p[off++]);
		len--;
	}
	tl_dec_ch(d, ']');
}

/*
 * print-tcp.c after ", length N": the first port test that matches wins, whichever side the
 * port is on, so a segment from port 22 to port 80 is SSH. Debian builds tcpdump without its
 * SMB printer (configure's default), so NetBIOS (139) and SMB (445) are not tested at all and
 * the tests after them still apply.
 */
static const struct {
	uint16_t port;
	uint8_t proto;
} tl_dec_order[] = {
	{ TL_PORT_TELNET, TL_DP_TELNET },
	{ TL_PORT_SMTP, TL_DP_SMTP },
	{ TL_PORT_WHOIS, TL_DP_WHOIS },
	{ TL_PORT_BGP, TL_DP_BGP },
	{ TL_PORT_PPTP, TL_DP_PPTP },
	{ TL_PORT_REDIS, TL_DP_REDIS },
	{ TL_PORT_SSH, TL_DP_SSH },
	{ TL_PORT_BEEP, TL_DP_BEEP },
	{ TL_PORT_OPENFLOW_OLD, TL_DP_OPENFLOW },
	{ TL_PORT_OPENFLOW_IANA, TL_DP_OPENFLOW },
	{ TL_PORT_FTP, TL_DP_FTP },
	{ TL_PORT_HTTP, TL_DP_HTTP },
	{ TL_PORT_HTTP_ALT, TL_DP_HTTP },
	{ TL_PORT_RTSP, TL_DP_RTSP },
	{ TL_PORT_RTSP_ALT, TL_DP_RTSP },
	{ TL_PORT_DOMAIN, TL_DP_DOMAIN },
	{ TL_PORT_MSDP, TL_DP_MSDP },
	{ TL_PORT_RPKI_RTR, TL_DP_RPKI_RTR },
	{ TL_PORT_LDP, TL_DP_LDP },
	{ TL_PORT_NFS, TL_DP_NFS },
};

int tl_decode_ports(enum tl_dec_mode mode, unsigned long long bits[65536 / 64])
{
	if (mode == TL_DEC_OFF)
		return 0;
	if (mode != TL_DEC_PORTS)
		return 2;
	for (size_t i = 0; i < sizeof(tl_dec_order) / sizeof(tl_dec_order[0]); i++)
		bits[tl_dec_order[i].port / 64] |= 1ull << (tl_dec_order[i].port % 64);
	return 1;
}

static bool tl_port(uint16_t sport, uint16_t dport, uint16_t port)
{
	return sport == port || dport == port;
}

enum tl_dec_proto tl_dec_port_proto(uint16_t sport, uint16_t dport)
{
	for (size_t i = 0; i < sizeof(tl_dec_order) / sizeof(tl_dec_order[0]); i++)
		if (tl_port(sport, dport, tl_dec_order[i].port))
			return (enum tl_dec_proto)tl_dec_order[i].proto;
	return TL_DP_NONE;
}

/* OpenFlow prints only at the -v counts it is written for (tl_dec_openflow_done). */
static void tl_dec_openflow_if_done(struct tl_dec *d, uint32_t len)
{
	if (tl_dec_openflow_done(d))
		tl_dec_openflow(d, len);
}

/* A payload printer; the text ones start with ": " as print-tcp.c prints it before them. */
struct tl_dec_printer {
	void (*print)(struct tl_dec *d, uint32_t len);
	bool colon;
};

/* Each port's printer. */
static const struct tl_dec_printer tl_dec_printers[] = {
	[TL_DP_TELNET] = { tl_dec_telnet, false },
	[TL_DP_SMTP] = { tl_dec_smtp, true },
	[TL_DP_WHOIS] = { tl_dec_whois, true },
	[TL_DP_BGP] = { tl_dec_bgp, false },
	[TL_DP_PPTP] = { tl_dec_pptp, false },
	[TL_DP_REDIS] = { tl_dec_resp, false },
	[TL_DP_SSH] = { tl_dec_ssh, false },
	[TL_DP_BEEP] = { tl_dec_beep, false },
	[TL_DP_OPENFLOW] = { tl_dec_openflow_if_done, false },
	[TL_DP_FTP] = { tl_dec_ftp, true },
	[TL_DP_HTTP] = { tl_dec_http, true },
	[TL_DP_RTSP] = { tl_dec_rtsp, true },
	[TL_DP_DOMAIN] = { tl_dec_domain, false },
	[TL_DP_MSDP] = { tl_dec_msdp, false },
	[TL_DP_RPKI_RTR] = { tl_dec_rpki_rtr, false },
	[TL_DP_LDP] = { tl_dec_ldp, false },
	[TL_DP_NFS] = { tl_dec_nfs, false },
};

/*
 * The one choice of what reads a segment's payload, asked before anything is set up: a RST's
 * data under -v, a -T type's printer, else its port's. NULL: nothing (most segments).
 */
static const struct tl_dec_printer *tl_dec_choose(const struct tl_dec_seg *s,
						  const struct tl_dec_cfg *cfg)
{
	static const struct tl_dec_printer rst = { tl_dec_rst_data, false },
					   resp = { tl_dec_resp, false },
					   domain = { tl_dec_domain, false },
					   zmtp1 = { tl_dec_zmtp1, false };
	enum tl_dec_proto p;

	if ((s->tcp_flags & TL_TH_RST) && cfg->vflag)
		return &rst;
	switch (cfg->mode) {
	case TL_DEC_PORTS:
		break;
	case TL_DEC_FORCE_RESP:
		return &resp;
	case TL_DEC_FORCE_DOMAIN:
		return &domain;
	case TL_DEC_FORCE_ZMTP1:
		return &zmtp1;
	default:
		/* Every other -T type: nothing. */
		return NULL;
	}
	p = tl_dec_port_proto(s->sport, s->dport);
	return p == TL_DP_NONE ? NULL : &tl_dec_printers[p];
}

/*
 * The jump target of the readers and the writer. d lives in the caller's frame, so what the
 * printers wrote through it is still there after a jump (C11 7.13.2.1 only spares objects
 * local to the function that called setjmp).
 */
static int tl_dec_run(struct tl_dec *d, const struct tl_dec_printer *pr, uint32_t len)
{
	switch (sigsetjmp(d->jb, 0)) {
	case 0:
		if (pr->colon)
			TL_DEC_PUT(d, ": ");
		pr->print(d, len);
		return TL_DEC_OK;
	case TL_DEC_JMP_TRUNC:
		return TL_DEC_TRUNC;
	default:
		return TL_DEC_CUT;
	}
}

char *tl_decode_payload(char *out, char *end, const struct tl_dec_seg *s,
			const struct tl_dec_cfg *cfg, int *status)
{
	struct tl_dec d = {
		.p = s->p,
		.cap = s->caplen < s->len ? s->caplen : s->len,
		.seg = s,
		.c = out,
		.proto = "tcp", /* tcp_print's own name until a printer sets its own */
		.vflag = cfg->vflag,
		.xflag = cfg->xflag,
	};
	const struct tl_dec_printer *pr = tl_dec_choose(s, cfg);
	int st = TL_DEC_NONE;

	if (!pr) {
		if (status)
			*status = TL_DEC_NONE;
		return out;
	}
	if (!s->len || end - out < TL_DEC_SLACK) {
		if (status)
			*status = s->len ? TL_DEC_CUT : TL_DEC_NONE;
		return out;
	}
	d.end = end - TL_DEC_SLACK;
	st = tl_dec_run(&d, pr, s->len);
	if (st == TL_DEC_TRUNC) {
		/* The slack is still there for it. */
		d.end = end;
		*d.c++ = ' ';
		*d.c++ = '[';
		*d.c++ = '|';
		for (const char *n = d.proto; *n && d.c < end - 1; n++)
			*d.c++ = *n;
		*d.c++ = ']';
	} else if (st == TL_DEC_OK && d.c == out) {
		st = TL_DEC_NONE;
	}
	if (status)
		*status = st;
	return d.c;
}

/* tcpdump.c's -T names, compared as ascii_strcasecmp does. */
int tl_dec_mode_parse(const char *type, enum tl_dec_mode *mode)
{
	static const char *const names[] = { "vat",    "wb",	"rpc",	 "rtp",	   "rtcp",
					     "snmp",   "cnfp",	"tftp",	 "aodv",   "carp",
					     "radius", "zmtp1", "vxlan", "pgm",	   "pgm_zmtp1",
					     "lmp",    "resp",	"ptp",	 "someip", "domain" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!tl_ascii_caseeq(type, names[i]))
			continue;
		if (!strcmp(names[i], "resp"))
			*mode = TL_DEC_FORCE_RESP;
		else if (!strcmp(names[i], "domain"))
			*mode = TL_DEC_FORCE_DOMAIN;
		else if (!strcmp(names[i], "zmtp1"))
			*mode = TL_DEC_FORCE_ZMTP1;
		else
			*mode = TL_DEC_OFF;
		return 0;
	}
	return -EINVAL;
}
