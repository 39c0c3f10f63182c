// SPDX-License-Identifier: GPL-2.0-only
/* HTTP and RTSP: request or response lines (print-http.c, print-rtsp.c). */
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
