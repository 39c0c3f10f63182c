/* SPDX-License-Identifier: GPL-2.0-only */
/* What the application says at the start of a TCP payload, as facts --explain can put in words. */
#ifndef TL_APP_H
#define TL_APP_H

#include <stdbool.h>
#include <stdint.h>

/* Room of each text field: the bytes as the tcpdump lines escape them, "..." where cut, NUL. */
#define TL_APP_TEXT 100

enum tl_app_kind {
	TL_APP_NONE,
	TL_APP_HTTP_REQUEST,  /* a request line with a method tcpdump's HTTP printer knows */
	TL_APP_HTTP_RESPONSE, /* an HTTP/1.x status line */
	TL_APP_SSH_VERSION,   /* the identification line that opens each direction (RFC 4253 4.2) */
	TL_APP_DNS_QUERY,     /* a DNS message over TCP (RFC 1035 4.2.2) with QR clear */
	TL_APP_DNS_RESPONSE,  /* ... with QR set */
	TL_APP_SMTP_COMMAND,  /* a command line sent to the SMTP port */
	TL_APP_SMTP_REPLY,    /* a reply line sent from it */
};

/*
 * One message start. Text fields are NUL-terminated, printable ASCII only (bytes that are
 * not print as tcpdump's M- and ^ forms), and end in "..." where the bytes ran past the
 * field or past the capture.
 */
struct tl_app {
	uint8_t kind; /* enum tl_app_kind; the union member of that kind is valid */
	union {
		struct {
			char method[24];
			char target[TL_APP_TEXT];
			char host[TL_APP_TEXT]; /* "" when no Host field was captured */
		} req;
		struct {
			uint32_t status;
			bool has_length; /* a Content-Length field was captured */
			bool chunked;	 /* Transfer-Encoding: chunked */
			uint64_t length;
			char reason[TL_APP_TEXT];
			char type[TL_APP_TEXT]; /* Content-Type, "" when none was captured */
		} resp;
		struct {
			char version[TL_APP_TEXT];
		} ssh;
		struct {
			uint32_t rcode;	  /* the header's 4 bits (responses) */
			char rname[16];	  /* its name as tcpdump prints it: "NXDomain", ... */
			uint32_t answers; /* ANCOUNT */
			bool answer; /* the first answer record was captured: aname, atype, adata */
			char qtype[16]; /* "A", "AAAA", ..., "Type65" */
			char qname[TL_APP_TEXT];
			char atype[16];
			char aname[TL_APP_TEXT];
			char adata[TL_APP_TEXT]; /* "" for a type whose data is not shown */
		} dns;
		struct {
			uint32_t code; /* replies: 200 to 599 */
			uint32_t
				lines; /* complete lines of a multiline reply captured, this one too */
			char line[TL_APP_TEXT]; /* the first line, without its line end */
		} smtp;
	} u;
};

/*
 * Recognise the message that starts a segment's payload: p[0 .. caplen) are its captured
 * bytes (only those are read), len the payload length. The protocol follows the ports as
 * tcpdump's decoders choose them (decode.c), limited to HTTP, SSH, DNS and SMTP. Returns
 * a->kind; TL_APP_NONE for anything else, including a payload that continues a message.
 * Allocation-free and reentrant.
 */
int tl_app_identify(const uint8_t *p, uint32_t caplen, uint32_t len, uint16_t sport, uint16_t dport,
		    struct tl_app *a);

/* Set the bit of every port tl_app_identify reads payload on (bits as tl_decode_ports). */
void tl_app_ports(unsigned long long bits[65536 / 64]);

#endif
