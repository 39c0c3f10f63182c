// SPDX-License-Identifier: GPL-2.0-only
/*
 * Payload decoders: payloads in, tcpdump 4.99.3's text out. Every expected string below is
 * what `tcpdump -nn` (with the -v count given) printed after ", length N" for the same
 * payload on the same ports, captured to caplen bytes. Each payload is placed so that its
 * last captured byte is the last byte before a PROT_NONE page: a read past caplen crashes
 * the test instead of passing unnoticed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tl_test.h"
#include "out/proto/decode.h"

struct dec_case {
	const char *name;
	uint16_t sport, dport;
	uint8_t flags, vflag;
	const char *payload;
	uint32_t len;
	int caplen; /* -1: all of it */
	const char *want;
	bool trunc; /* tcpdump stopped by its longjmp at a byte past the capture */
};

/* Payloads that several cases decode at different -v counts or captures, written once. */
static const char pl_http_request[] = "GET /index.html "
				      "HTTP/1.1\r\nHost: "
				      "example\r\n\r\n";
static const char pl_dns_response[] =
	"\x00\x89\x12"
	"4\x81\x80\x00\x01\x00\x03\x00\x01\x00\x01\x03w"
	"ww\x07"
	"example\x03"
	"com\x00\x00"
	"\x01\x00\x01\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\xc0"
	"\x00\x02\x01\xc0\x0c\x00\x1c\x00\x01\x00\x00\x0e\x10\x00\x10\x00"
	"\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\xc0"
	"\x0c\x00\x05\x00\x01\x00\x00\x0e\x10\x00\x13\x05"
	"alia"
	"s\x07"
	"example\x03net\x00\xc0\x0c"
	"\x00\x02\x00\x01\x00\x00\x0e\x10\x00\x06\x02ns\x01x\x00"
	"\x00\x00)\x10\x00\x00\x00\x80\x00\x00\x00";
static const char pl_pptp_sccrq[] =
	"\x00\x9c\x00\x01\x1a+<M\x00\x01\x00\x00\x01\x00\x00\x00"
	"\x00\x00\x00\x01\x00\x00\x00\x03\x00\x01\x00\x01host"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00vend"
	"or\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
static const char pl_bgp_open[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
				  "\x00v\x01\x04\xfd\xe9\x00Z\xc0\x00\x02\x01Y\x02\x06\x01"
				  "\x04\x00\x01\x00\x01\x02\x02\x02\x00\x02\x02\x80\x00\x02\x06"
				  "A"
				  "\x04\x00\x01\x00\x01\x02\x08@\x06\x80x\x00\x01\x01\x80\x02"
				  "\x06"
				  "E\x04\x00\x01\x01\x03\x02\x06\x08\x04\x00\x01\x04\x02\x02"
				  "\x03"
				  "F\x01\x00\x02\x02"
				  "E\x00\x02\x04"
				  "E\x02\x00\x01\x02\x03"
				  "A\x01\x02\x02\x03\x01\x01\x00\x01\x02xy\x02\x08G\x06"
				  "\x00\x00\x00\x00\x00\x00";
/* An NFSv3 WRITE call (xid 4106, 3 bytes "hi\n", FILE_SYNC) and its reply. */
static const char pl_nfs_write_call[] =
	"\x80\x00\x00\x78\x00\x00\x10\x0a\x00\x00\x00\x00\x00\x00\x00\x02"
	"\x00\x01\x86\xa3\x00\x00\x00\x03\x00\x00\x00\x07\x00\x00\x00\x01"
	"\x00\x00\x00\x14\x00\x00\x00\x01\x68\x6f\x73\x74\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x20\x04\x01\x00\x00\x09\x09\x00\x00\x00\x00\x00\x00"
	"\x10\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03"
	"\x00\x00\x00\x02\x00\x00\x00\x03\x68\x69\x0a\x00";
static const char pl_nfs_write_reply[] =
	"\x80\x00\x00\xa0\x00\x00\x10\x0a\x00\x00\x00\x01\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x5b\x7f\xc7\xde"
	"\x1b\xbc\x13\x48\x5b\x7f\xc7\xde\x1b\xa8\x4c\x06\x00\x00\x00\x01"
	"\x00\x00\x00\x01\x00\x00\x81\xa4\x00\x00\x00\x01\x00\x00\xff\xfe"
	"\x00\x00\xff\xfe\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00"
	"\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x5b\x7a\xaa\x58"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\xab\x14\x5b\x7f\xc7\xde"
	"\x1b\xcd\x10\xc0\x5b\x7f\xc7\xde\x1b\xcd\x10\xc0\x5b\x7f\xc7\xde"
	"\x1b\xcd\x10\xc0\x00\x00\x00\x03\x00\x00\x00\x02\x00\x00\x00\x00"
	"\x00\x08\x51\xb4";
static const char pl_ldp_hello_and_label_mapping[] =
	"\x00\x01\x00"
	"9\n\x00\x00\x01\x00\x00\x01\x00\x00\x14\x00\x00"
	"\x00\x01\x04\x00\x00\x04\x00\x0f\xc0\x00\x04\x01\x00\x04\n\x00"
	"\x00\x01\x04\x00\x00\x17\x00\x00\x00\x01\x01\x00\x00\x07\x02\x00"
	"\x01\x18\xc0\x00\x02\x02\x00\x00\x04\x00\x00\x00\x10";

/* OpenFlow 1.0's SET_CONFIG, then STATS_REQUEST for port LOCAL. */
static const char pl_of10_bodies[] =
	"\x01\x09\x00\x0c\x00\x00\x00\x01\x00\x00\xff\xff\x01\x10\x00\x14"
	"\x00\x00\x00\x02\x00\x04\x00\x00\xff\xfe\x00\x00\x00\x00\x00\x00";

static const struct dec_case
	cases[] = {
		{ "http request", 40000, 80, 0x18, 0, pl_http_request, 43, -1,
		  ": HTTP: GET /index.html HTTP/1.1", false },
		{ "http request -v", 40000, 80, 0x18, 1, pl_http_request, 43, -1,
		  ": HTTP, length: 43\n\tGET /index.html HTTP/1.1\n\tHost: example\n\t", false },
		{ "http response on 8080", 8080, 40000, 0x18, 0,
		  "HTTP/1.1 404 Not Found\r\nServer: x\r\n\r\n", 37, -1,
		  ": HTTP: HTTP/1.1 404 Not Found", false },
		{ "http body only", 80, 40000, 0x18, 0, "<html><body>hi</body></html>\r\n", 30, -1,
		  ": HTTP", false },
		{ "http line without end", 40000, 80, 0x18, 0, "GET /no-line-end", 16, -1,
		  ": HTTP: GET /no-line-end [|http]", false },
		{ "http line cut by the capture", 40000, 80, 0x18, 0, "GET / HTTP/1.1\r\n", 16, 10,
		  ": HTTP [|http]", true },
		{ "http -v body cut by the capture", 40000, 80, 0x18, 1,
		  "GET / HTTP/1.1\r\nHost: a\r\n", 25, 20,
		  ": HTTP, length: 25\n\tGET / HTTP/1.1 [|http]", true },
		{ "http binary after the method", 40000, 80, 0x18, 0,
		  "GET /\x01"
		  "x HTTP/1.1\r\n",
		  18, -1, ": HTTP", false },
		{ "rtsp", 40000, 554, 0x18, 0, "OPTIONS rtsp://h/ RTSP/1.0\r\nCSeq: 1\r\n\r\n", 39,
		  -1, ": RTSP: OPTIONS rtsp://h/ RTSP/1.0", false },
		{ "smtp", 25, 40000, 0x18, 0, "220 mx ESMTP ready\r\n", 20, -1,
		  ": SMTP: 220 mx ESMTP ready", false },
		{ "ftp -v", 40000, 21, 0x18, 1, "USER anonymous\r\nPASS x\r\n", 24, -1,
		  ": FTP, length: 24\n\tUSER anonymous\n\tPASS x", false },
		{ "whois", 40000, 43, 0x18, 0, "example.com\r\n", 13, -1, ": WHOIS: example.com",
		  false },
		{ "ssh banner", 22, 40000, 0x18, 0, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 32, -1,
		  ": SSH: SSH-2.0-OpenSSH_9.2p1 Debian-2", false },
		{ "ssh binary packet", 22, 40000, 0x18, 0,
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x14"
		  "\n\x14"
		  "",
		  6, -1, "", false },
		{ "ssh cut inside SSH-", 22, 40000, 0x18, 0, "SSH-2.0-x\r\n", 11, 2, " [|ssh]",
		  true },
		{ "ssh before http: the first port test wins", 22, 80, 0x18, 0, "SSH-2.0-x\r\n", 11,
		  -1, ": SSH: SSH-2.0-x", false },
		{ "telnet", 23, 40000, 0x18, 0,
		  "\xff"
		  "\xfd"
		  "\x18"
		  "\xff"
		  "\xfb"
		  "\x1f"
		  "\xff"
		  "\xfb"
		  "\x99"
		  "",
		  9, -1, " [telnet DO TERMINAL TYPE, WILL NAWS, WILL 0x99]", false },
		{ "telnet subnegotiation", 40000, 23, 0x18, 0,
		  "\xff"
		  "\xfa"
		  "\x18"
		  "\x00"
		  "xterm\xff"
		  "\xf0"
		  "\xff"
		  "\xfa"
		  "%\x02"
		  "\x05"
		  "\x01"
		  "\xff"
		  "\xf0"
		  "",
		  19, -1,
		  " [telnet SB TERMINAL TYPE IS 0x78 0x74 0x65 0x72 0x6d SE, SB AUTHENTICATION REPLY SRP 0x1 SE]",
		  false },
		{ "telnet cut", 40000, 23, 0x18, 0,
		  "\xff"
		  "\xfa"
		  "\x18"
		  "\x00"
		  "xterm\xff"
		  "\xf0"
		  "",
		  11, 5, " [|telnet]", true },
		{ "resp array", 40000, 6379, 0x18, 0, "*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n", 26,
		  -1, ": RESP \"LLEN\" \"mylist\"", false },
		{ "resp inline and errors", 6379, 40000, 0x18, 0,
		  "-ERR x\r\n:12\r\n$-1\r\n*0\r\nPING\r\n$-7\r\n", 33, -1,
		  ": RESP \"ERR x\" \"12\" null empty \"PING\" length negative and not -1", false },
		{ "resp escapes and truncation", 6379, 40000, 0x18, 0,
		  "+\x01"
		  "\x81"
		  "\x7f"
		  "\r\n$10\r\nabc",
		  14, -1, ": RESP \"^AM-^A^?\" [|resp]", false },
		{ "resp nested arrays", 40000, 6379, 0x18, 0,
		  "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n+deep\r\n",
		  127, -1, ": RESP \"deep\"", false },
		{ "dns query", 40000, 53, 0x18, 0,
		  "\x00"
		  ",\x12"
		  "4\x01"
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x03"
		  "www\x07"
		  "example\x03"
		  "com\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x00"
		  ")\x10"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x80"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  46, -1, " 4660+ [1au] A? www.example.com. (44)", false },
		{ "dns response", 53, 40000, 0x18, 0, pl_dns_response, 139, -1,
		  " 4660 3/1/1 A 192.0.2.1, AAAA 1:203:405:607:809:a0b:c0d:e0f, CNAME alias.example.net. (137)",
		  false },
		{ "dns response -v", 53, 40000, 0x18, 1, pl_dns_response, 139, -1,
		  " 4660 3/1/1 www.example.com. A 192.0.2.1, www.example.com. AAAA 1:203:405:607:809:a0b:c0d:e0f, www.example.com. CNAME alias.example.net. (137)",
		  false },
		{ "dns response -vv", 53, 40000, 0x18, 2, pl_dns_response, 139, -1,
		  " 4660 q: A? www.example.com. 3/1/1 www.example.com. A 192.0.2.1, www.example.com. AAAA 1:203:405:607:809:a0b:c0d:e0f, www.example.com. CNAME alias.example.net. ns: www.example.com. NS ns.x. ar: . OPT UDPsize=4096 DO (137)",
		  false },
		{ "dns response -vvv", 53, 40000, 0x18, 3, pl_dns_response, 139, -1,
		  " 4660 q: A? www.example.com. 3/1/1 www.example.com. [1h] A 192.0.2.1, www.example.com. [1h] AAAA 1:203:405:607:809:a0b:c0d:e0f, www.example.com. [1h] CNAME alias.example.net. ns: www.example.com. [1h] NS ns.x. ar: . OPT UDPsize=4096 DO (137)",
		  false },
		{ "dns response cut", 53, 40000, 0x18, 2, pl_dns_response, 139, 60,
		  " 4660 q: A? www.example.com. 3/1/1 www.example.com. A 192.0.2.1, www.example.com. [|domain]",
		  false },
		{ "dns pointer loop", 53, 40000, 0x18, 2,
		  "\x00"
		  "\x12"
		  "\x00"
		  "\r\x80"
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\xc0"
		  "\x0c"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x01"
		  "",
		  20, -1, " 13- q: A? <BAD PTR> [|domain]", false },
		{ "dns forward pointer", 40000, 53, 0x18, 0,
		  "\x00"
		  "\x14"
		  "\x00"
		  "\x0f"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x01"
		  "a\xc0"
		  " \x00"
		  "\x01"
		  "\x00"
		  "\x01"
		  "",
		  22, -1, " 15 A? a.<BAD PTR> [|domain]", false },
		{ "dns long name", 40000, 53, 0x18, 0,
		  "\x01"
		  "Q\x00"
		  "\x12"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x01"
		  "",
		  339, -1,
		  " 18 A? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.<DOMAIN NAME TOO LONG> (337)",
		  false },
		/* One printf reads both fields first: the cut falls before its leading space. */
		{ "dns URI shorter than its fields", 53, 40000, 0x18, 0,
		  "\x00\x2e\x00\x14\x80\x00\x00\x01\x00\x01\x00\x00\x00\x00\x03www\x07"
		  "example\x03"
		  "com\x00\x00\x01\x00\x01\xc0\x0c\x01\x00\x00\x01\x00\x00\x0e\x10\x00\x01\x00",
		  48, -1, " 20- 1/0/0 URI [|domain]", true },
		{ "dns prefix mismatch", 40000, 53, 0x18, 0,
		  "\x00"
		  "0\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  16, -1, " [prefix length(48) != length(14)] (invalid)", false },
		{ "dns short message", 40000, 53, 0x18, 0,
		  "\x00"
		  "\x05"
		  "abcde",
		  7, -1, " domain [length 5 < 12] (invalid)", false },
		{ "dns one byte", 40000, 53, 0x18, 0,
		  "\x00"
		  "",
		  1, -1, " [DNS over TCP: length 1 < 2] (invalid)", false },
		{ "dns prefix cut", 40000, 53, 0x18, 0,
		  "\x00"
		  "\x05"
		  "abcde",
		  7, 1, " [|domain]", true },
		{ "rst data -v", 40000, 80, 0x14, 1,
		  "connection reset by peer: a long diagnostic text here", 53, -1,
		  " [RST+ connection reset by peer: a lo]", false },
		{ "rst data cut -v", 40000, 80, 0x14, 1,
		  "reset\x01"
		  "",
		  6, 3, " [!RST res]", false },
		{ "rst without -v: decoder", 40000, 80, 0x14, 0, "GET / HTTP/1.1\r\n", 16, -1,
		  ": HTTP: GET / HTTP/1.1", false },
		{ "beep MSG needs a NUL after it", 40000, 10288, 0x18, 0, "MSG 1 2 . 0 10\r\n", 16,
		  -1, " BEEP (payload or undecoded)", false },
		{ "beep RPY", 10288, 40000, 0x18, 0, "RPY 0 0 . 0 5\r\n", 15, -1, " BEEP RPY",
		  false },
		{ "msdp keepalive and SA", 40000, 639, 0x18, 1,
		  "\x04"
		  "\x00"
		  "\x03"
		  "\x01"
		  "\x00"
		  "\x14"
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x18"
		  "\xc0"
		  "\x00"
		  "\x02"
		  "\x00"
		  "\n\x00"
		  "\x00"
		  "\x01"
		  "",
		  23, -1, ": msdp [len 3] Keepalive [len 20] SA 1 entries", false },
		{ "msdp not at a message start", 40000, 639, 0x18, 0,
		  "\x00"
		  "\x00"
		  "\x03"
		  "",
		  3, -1, ": msdp [|msdp]", false },
		{ "pptp SCCRQ", 40000, 1723, 0x18, 0, pl_pptp_sccrq, 156, -1,
		  ": pptp CTRL_MSGTYPE=SCCRQ PROTO_VER(1.0) FRAME_CAP(A) BEARER_CAP(DA) MAX_CHAN(1) FIRM_REV(1) HOSTNAME(host) VENDOR(vendor)",
		  false },
		{ "pptp SCCRQ -v", 40000, 1723, 0x18, 1, pl_pptp_sccrq, 156, -1,
		  ": pptp Length=156 CTRL-MSG Magic-Cookie=1a2b3c4d CTRL_MSGTYPE=SCCRQ PROTO_VER(1.0) FRAME_CAP(A) BEARER_CAP(DA) MAX_CHAN(1) FIRM_REV(1) HOSTNAME(host) VENDOR(vendor)",
		  false },
		{ "pptp bad cookie", 1723, 40000, 0x18, 0,
		  "\x00"
		  "\x10"
		  "\x00"
		  "\x01"
		  "aaaa\x00"
		  "\x05"
		  "\x00"
		  "\x07"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x01"
		  "",
		  16, -1,
		  ": pptp UNEXPECTED Magic-Cookie!!(61616161) Magic-Cookie=61616161 CTRL_MSGTYPE=ECHORQ [ERROR: reserved=7 must be zero] ID(1)",
		  false },
		{ "pptp cut", 1723, 40000, 0x18, 0, pl_pptp_sccrq, 156, 30,
		  ": pptp CTRL_MSGTYPE=SCCRQ PROTO_VER(1.0) FRAME_CAP(A) BEARER_CAP(DA) MAX_CHAN(1) FIRM_REV(1) HOSTNAME(ho [|pptp]",
		  true },
		{ "openflow 1.0 messages", 40000, 6633, 0x18, 0,
		  "\x01"
		  "\x00"
		  "\x00"
		  "\x08"
		  "\x00"
		  "\x00"
		  "\x12"
		  "4\x01"
		  "\x05"
		  "\x00"
		  "\x08"
		  "\x00"
		  "\x00"
		  "\x12"
		  "4\x01"
		  "\x06"
		  "\x00"
		  "\x14"
		  "\x00"
		  "\x00"
		  "\x12"
		  "4\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  36, -1,
		  ": OpenFlow\n\tversion 1.0, type HELLO, length 8, xid 0x00001234\n\tversion 1.0, type FEATURES_REQUEST, length 8, xid 0x00001234\n\tversion 1.0, type FEATURES_REPLY, length 20, xid 0x00001234 (invalid)",
		  false },
		{ "openflow 1.3 and a cut header", 6653, 40000, 0x18, 0,
		  "\x04"
		  "\x0c"
		  "\x00"
		  "P\x00"
		  "\x00"
		  "\x12"
		  "4\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x04"
		  "\x00"
		  "\x00"
		  "",
		  83, -1,
		  ": OpenFlow\n\tversion 1.3, type PORT_STATUS, length 80, xid 0x00001234\n\tversion 1.3, type HELLO (end of TCP payload)",
		  false },
		{ "openflow body not captured", 6653, 40000, 0x18, 0,
		  "\x01"
		  "\x00"
		  "\x00"
		  "(\x00"
		  "\x00"
		  "\x12"
		  "4\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  40, 12,
		  ": OpenFlow\n\tversion 1.0, type HELLO, length 40, xid 0x00001234 [|openflow]",
		  true },
		{ "ldp", 40000, 646, 0x18, 0,
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x1c"
		  "\xc0"
		  "\xa8"
		  "\x00"
		  "\x02"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  30, -1, "LDP, Label-Space-ID: 192.168.0.2:0, pdu-length: 28", false },
		{ "ldp version", 40000, 646, 0x18, 0,
		  "\x00"
		  "\x02"
		  "\x00"
		  "\x1c"
		  "\xc0"
		  "\xa8"
		  "\x00"
		  "\x02"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  30, -1, "LDP version 2 packet not supported", false },
		{ "bgp", 179, 40000, 0x18, 0,
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\x00"
		  "\x13"
		  "\x04"
		  "",
		  19, -1, ": BGP", false },
		{ "rpki-rtr", 40000, 323, 0x18, 0,
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x00"
		  "",
		  8, -1, ", RPKI-RTR", false },
		{ "no SMB printer in Debian's tcpdump: 139 then http", 139, 80, 0x18, 0,
		  "GET / HTTP/1.1\r\n", 16, -1, ": HTTP: GET / HTTP/1.1", false },
		{ "bgp open -v", 179, 40000, 0x18, 1, pl_bgp_open, 118, -1, ": BGP\n\tOpen Message (1), length: 118\n\t  Version 4, my AS 65001, Holdtime 90s, ID 192.0.2.1\n\t  Optional parameters, length: 89\n\t    Option Capabilities Advertisement (2), length: 6\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1)\n\t    Option Capabilities Advertisement (2), length: 2\n\t      Route Refresh (2), length: 0\n\t    Option Capabilities Advertisement (2), length: 2\n\t      Route Refresh (Cisco) (128), length: 0\n\t    Option Capabilities Advertisement (2), length: 6\n\t      32-Bit AS Number (65), length: 4\n\t\t 4 Byte AS 65537\n\t    Option Capabilities Advertisement (2), length: 8\n\t      Graceful Restart (64), length: 6\n\t\tRestart Flags: [R], Restart Time 120s\n\t\t  AFI IPv4 (1), SAFI Unicast (1), Forwarding state preserved: yes\n\t    Option Capabilities Advertisement (2), length: 6\n\t      Multiple Paths (69), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1), Send/Receive: Both\n\t    Option Capabilities Advertisement (2), length: 6\n\t      Multiple Labels (8), length: 4\n\t\tAFI IPv4 (1), SAFI labeled Unicast (4), Count: 2\n\t    Option Capabilities Advertisement (2), length: 3\n\t      Enhanced Route Refresh (70), length: 1\n\t\tno decoder for Capability 70\n\t\t0x0000:  00\n\t    Option Capabilities Advertisement (2), length: 2\n\t      Multiple Paths (69), length: 0 (bogus)\n\t    Option Capabilities Advertisement (2), length: 4\n\t      Multiple Paths (69), length: 2 (invalid)\n\t    Option Capabilities Advertisement (2), length: 3\n\t      32-Bit AS Number (65), length: 1 (too short, < 4)\n\t    Option Capabilities Advertisement (2), length: 3\n\t      Multiprotocol Extensions (1), length: 1 (too short, < 4)\n\t    Option Authentication Information (1), length: 2\n\t      no decoder for option 1\n\t    Option Capabilities Advertisement (2), length: 8\n\t      Long-lived Graceful Restart (71), length: 6",
		  false },
		{ "bgp update with MP_REACH -v", 40000, 179, 0x18, 1,
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\x00"
		  "-\x02"
		  "\x00"
		  "\x00"
		  "\x00"
		  "\x16"
		  "\x80"
		  "\x0e"
		  "\x13"
		  "\x00"
		  "\x01"
		  "\x01"
		  "\x04"
		  "\n\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "\x18"
		  "\xc0"
		  "\x00"
		  "\x02"
		  " \n\x00"
		  "\x00"
		  "\x01"
		  "\x00"
		  "",
		  45, -1,
		  ": BGP\n\tUpdate Message (2), length: 45\n\t  Multi-Protocol Reach NLRI (14), length: 19, Flags [O]: \n\t    AFI: IPv4 (1), SAFI: Unicast (1)\n\t    nexthop: 10.0.0.1, nh-length: 4, no SNPA\n\t      192.0.2.0/24\n\t      10.0.0.1/32\n\t      0.0.0.0/0",
		  false },
		{ "bgp notification -vv", 179, 40000, 0x18, 2,
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\xff"
		  "\x00"
		  "\x1d"
		  "\x03"
		  "\x06"
		  "\x02"
		  "\x05"
		  "hello\xff"
		  "\xfe"
		  "",
		  29, -1,
		  ": BGP\n\tNotification Message (3), length: 29, Cease (6), subcode Administrative Shutdown (2), Shutdown Communication (length: 5): \"hello\", Data: (length: 2)\n\t\t0x0000:  fffe",
		  false },
		{ "bgp -v, the capture cut inside the message", 179, 40000, 0x18, 1, pl_bgp_open,
		  118, 40, ": BGP\n[|BGP Open]", false },
		{ "rpki-rtr error report -v", 323, 40000, 0x18, 1,
		  "\x00"
		  "\n\x00"
		  "\x03"
		  "\x00"
		  "\x00"
		  "\x00"
		  "&\x00"
		  "\x00"
		  "\x00"
		  "\x0c"
		  "\x00"
		  "\x00"
		  "\x12"
		  "4\x00"
		  "\x00"
		  "\x00"
		  "\x0c"
		  "\x00"
		  "\x00"
		  "\x00"
		  "*\x00"
		  "\x00"
		  "\x00"
		  "\nbad serial",
		  38, -1,
		  "\n\tRPKI-RTRv0, Error Report PDU (10), length: 38\n\t  Error code: Invalid Request (3), Encapsulated PDU length: 12\n\t    -----encapsulated PDU-----\n\tRPKI-RTRv0, Serial Notify PDU (0), length: 12\n\t    Session ID: 0x1234, Serial: 42\n\t  Error text: bad serial",
		  false },
		{ "nfs write call", 40000, 2049, 0x18, 0, pl_nfs_write_call, 124, -1,
		  ": NFS request xid 4106 120 write fh 1,4/8208 3 (3) bytes @ 0", false },
		{ "nfs write call -v", 40000, 2049, 0x18, 1, pl_nfs_write_call, 124, -1,
		  ": NFS request xid 4106 120 write fh 1,4/8208 3 (3) bytes @ 0 <filesync>",
		  false },
		/* Cut in the credentials' length: a GET, tcpdump's longjmp. */
		{ "nfs call cut in credentials", 40000, 2049, 0x18, 0, pl_nfs_write_call, 124, 30,
		  ": NFS request xid 4106 120 write [|nfs]", true },
		/* Cut in the file handle: parsefh's own test, no longjmp. */
		{ "nfs call cut in handle", 40000, 2049, 0x18, 0, pl_nfs_write_call, 124, 72,
		  ": NFS request xid 4106 120 write [|nfs]", false },
		/* No addresses, so no call to pair with: what tcpdump prints for a reply to a call
		 * it did not see. */
		{ "nfs reply alone -v", 2049, 40000, 0x18, 1, pl_nfs_write_reply, 164, -1,
		  ": NFS reply xid 4106 reply ok 160", false },
		/* A call from the server's port is not decoded, nor a reply to it. */
		{ "nfs call from 2049", 2049, 40000, 0x18, 0, pl_nfs_write_call, 124, -1, "",
		  false },
		{ "ldp hello and label mapping -v", 40000, 646, 0x18, 1,
		  pl_ldp_hello_and_label_mapping, 61, -1, "\n\tLDP, Label-Space-ID: 10.0.0.1:0, pdu-length: 57\n\t  Hello Message (0x0100), length: 20, Message ID: 0x00000001, Flags: [ignore if unknown]\n\t    Common Hello Parameters TLV (0x0400), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Hold Time: 15s, Flags: [Targeted Hello, Request for targeted Hellos]\n\t    IPv4 Transport Address TLV (0x0401), length: 4, Flags: [ignore and don't forward if unknown]\n\t      IPv4 Transport Address: 10.0.0.1\n\t  Label Mapping Message (0x0400), length: 23, Message ID: 0x00000001, Flags: [ignore if unknown]\n\t    FEC TLV (0x0100), length: 7, Flags: [ignore and don't forward if unknown]\n\t      Prefix FEC (0x02): IPv4 prefix 192.0.2.0/24\n\t    Generic Label TLV (0x0200), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Label: 16",
		  false },
		{ "ldp -vv", 40000, 646, 0x18, 2, pl_ldp_hello_and_label_mapping, 61, -1,
		  "\n\tLDP, Label-Space-ID: 10.0.0.1:0, pdu-length: 57\n\t  Hello Message (0x0100), length: 20, Message ID: 0x00000001, Flags: [ignore if unknown]\n\t    Common Hello Parameters TLV (0x0400), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Hold Time: 15s, Flags: [Targeted Hello, Request for targeted Hellos]\n\t    IPv4 Transport Address TLV (0x0401), length: 4, Flags: [ignore and don't forward if unknown]\n\t      IPv4 Transport Address: 10.0.0.1\n\t  0x0000:  0400 0004 000f c000 0401 0004 0a00 0001\n\t  0x0010:  0400 0017\n\t  Label Mapping Message (0x0400), length: 23, Message ID: 0x00000001, Flags: [ignore if unknown]\n\t    FEC TLV (0x0100), length: 7, Flags: [ignore and don't forward if unknown]\n\t      Prefix FEC (0x02): IPv4 prefix 192.0.2.0/24\n\t    Generic Label TLV (0x0200), length: 4, Flags: [ignore and don't forward if unknown]\n\t      Label: 16\n\t  0x0000:  0100 0007 0200 0118 c000 0202 0000 0400\n\t  0x0010:  0000 10",
		  false },

	};

static uint8_t *guard_page; /* two pages: the second is PROT_NONE */
static long page;

/* The payload's first caplen bytes, ending right before the guard page. */
static const uint8_t *place(const char *payload, uint32_t caplen)
{
	uint8_t *p = guard_page + page - caplen;

	memcpy(p, payload, caplen);
	return p;
}

static char *decode(char *out, size_t cap, const struct dec_case *c, const struct tl_dec_cfg *cfg,
		    int *st)
{
	uint32_t caplen = c->caplen < 0 ? c->len : (uint32_t)c->caplen;
	struct tl_dec_seg s = {
		.p = place(c->payload, caplen),
		.caplen = caplen,
		.len = c->len,
		.sport = c->sport,
		.dport = c->dport,
		.tcp_flags = c->flags,
	};

	return tl_decode_payload(out, out + cap, &s, cfg, st);
}

/* Message bodies printers print at -v only (kept apart: cases[]'s layout is clang-format's). */
static const struct dec_case body_cases[] = {
	{ "openflow 1.0 bodies -v", 6653, 40000, 0x18, 1, pl_of10_bodies, 32, -1,
	  ": OpenFlow\n\tversion 1.0, type SET_CONFIG, length 12, xid 0x00000001"
	  "\n\t flags FRAG_NORMAL, miss_send_len 65535"
	  "\n\tversion 1.0, type STATS_REQUEST, length 20, xid 0x00000002"
	  "\n\t type PORT, flags 0x0000\n\t port_no LOCAL",
	  false },
	{ "openflow -v body cut in a field", 6653, 40000, 0x18, 1, pl_of10_bodies, 32, 25,
	  ": OpenFlow\n\tversion 1.0, type SET_CONFIG, length 12, xid 0x00000001"
	  "\n\t flags FRAG_NORMAL, miss_send_len 65535"
	  "\n\tversion 1.0, type STATS_REQUEST, length 20, xid 0x00000002"
	  "\n\t type PORT, flags 0x0000 [|openflow]",
	  true },
};

static void test_cases(const struct dec_case *cs, size_t n)
{
	static char out[TL_DEC_OUT_MAX];

	for (size_t i = 0; i < n; i++) {
		const struct dec_case *c = &cs[i];
		struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS, .vflag = c->vflag };
		int st = -1;
		char *e = decode(out, sizeof(out), c, &cfg, &st);

		*e = '\0';
		TL_CHECK_STR(out, c->want, c->name);
		TL_CHECK(st == (c->trunc   ? TL_DEC_TRUNC
				: *c->want ? TL_DEC_OK
					   : TL_DEC_NONE),
			 "%s: status %d", c->name, st);
	}
}

/* -T: off prints nothing; resp and domain decode any port. */
static void test_modes(void)
{
	static const struct dec_case http = { "http", 40000, 80, 0x18, 0, "GET / HTTP/1.1\r\n",
					      16,     -1,    "", false };
	static const struct dec_case resp = { "resp",	 40000, 80, 0x18, 0,
					      "+OK\r\n", 5,	-1, "",	  false };
	static const struct dec_case dns = { "dns",
					     1,
					     2,
					     0x18,
					     0,
					     "\x00\x05"
					     "abcde",
					     7,
					     -1,
					     "",
					     false };
	struct tl_dec_cfg cfg = { .mode = TL_DEC_OFF };
	char out[256];
	int st = -1;
	char *e = decode(out, sizeof(out), &http, &cfg, &st);

	TL_CHECK(e == out && st == TL_DEC_NONE, "-T vat: nothing after length N");
	cfg.mode = TL_DEC_FORCE_RESP;
	e = decode(out, sizeof(out), &resp, &cfg, &st);
	*e = '\0';
	TL_CHECK_STR(out, ": RESP \"OK\"", "-T resp on port 80");
	cfg.mode = TL_DEC_FORCE_DOMAIN;
	e = decode(out, sizeof(out), &dns, &cfg, &st);
	*e = '\0';
	TL_CHECK_STR(out, " domain [length 5 < 12] (invalid)", "-T domain on ports 1 and 2");
	cfg.mode = TL_DEC_PORTS;
	e = decode(out, sizeof(out), &dns, &cfg, &st);
	TL_CHECK(e == out && st == TL_DEC_NONE, "no decoder on ports 1 and 2");
}

/* An empty payload prints nothing, whatever the ports. */
static void test_empty(void)
{
	struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS, .vflag = 2 };
	struct tl_dec_seg s = { .p = guard_page + page, .sport = 53, .dport = 80, .tcp_flags = 4 };
	char out[64];
	int st = -1;

	TL_CHECK(tl_decode_payload(out, out + sizeof(out), &s, &cfg, &st) == out &&
			 st == TL_DEC_NONE,
		 "length 0: no text");
}

/*
 * Output room: the text stops before end, never past it, and says it was cut; a marker of
 * truncation still fits because room for it is kept.
 */
static void test_room(void)
{
	static const struct dec_case c = {
		"http -v", 40000, 80,
		0x18,	   1,	  "GET /a HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n",
		46,	   -1,	  "",
		false
	};
	struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS, .vflag = 1 };
	char out[128];
	size_t full;
	int st;

	full = (size_t)(decode(out, sizeof(out) - 1, &c, &cfg, &st) - out);
	TL_CHECK(full == 63 && st == TL_DEC_OK, "the whole text: %zu bytes", full);
	for (size_t room = 0; room <= 100; room++) {
		char *e;

		memset(out, 'Z', sizeof(out));
		st = -1;
		e = decode(out, room, &c, &cfg, &st);
		TL_CHECK(e >= out && e <= out + room, "room %zu: text within the room", room);
		TL_CHECK(out[room] == 'Z', "room %zu: nothing written past the end", room);
		/* A text that would not fit with the marker's room kept is cut, not finished. */
		TL_CHECK(st == ((size_t)(e - out) == full ? TL_DEC_OK : TL_DEC_CUT) &&
				 memcmp(out, ": HTTP, length: 46",
					e - out < 18 ? (size_t)(e - out) : 18) == 0,
			 "room %zu: status %d", room, st);
	}
}

/* NFS replies print as their call's procedure when the call was seen, between the same two
 * addresses, among the last 64 calls: tcpdump 4.99.3's text for each (-vv). */
static void nfs_seg(char *out, size_t cap, const char *payload, uint32_t len, bool to_server,
		    const uint8_t *client, const uint8_t *server, uint8_t vflag)
{
	struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS, .vflag = vflag };
	struct tl_dec_seg s = {
		.p = place(payload, len),
		.caplen = len,
		.len = len,
		.sport = to_server ? 40000 : 2049,
		.dport = to_server ? 2049 : 40000,
		.tcp_flags = 0x18,
		.family = 4,
		.saddr = to_server ? client : server,
		.daddr = to_server ? server : client,
	};
	char *e = tl_decode_payload(out, out + cap - 1, &s, &cfg, NULL);

	*e = '\0';
}

static void test_nfs_pairing(void)
{
	static const uint8_t a[4] = { 198, 18, 0, 1 }, b[4] = { 198, 18, 0, 2 };
	static const char paired[] =
		": NFS reply xid 4106 reply ok 160 write PRE: sz 0 mtime 1535100894.465310536 "
		"ctime 1535100894.464014342 POST: REG 100644 ids 65534/65534 sz 3 nlink 1 rdev 0/0 "
		"fsid 5b7aaa5800000000 fileid 2ab14 a/m/ctime 1535100894.466424000 "
		"1535100894.466424000 1535100894.466424000 3 bytes <filesync> verf 851b4";
	static const char alone[] = ": NFS reply xid 4106 reply ok 160";
	char out[1024], other[sizeof(pl_nfs_write_call)];

	tl_dec_nfs_reset();
	nfs_seg(out, sizeof(out), pl_nfs_write_reply, 164, false, a, b, 2);
	TL_CHECK_STR(out, alone, "nfs reply before its call");
	nfs_seg(out, sizeof(out), pl_nfs_write_call, 124, true, a, b, 2);
	nfs_seg(out, sizeof(out), pl_nfs_write_reply, 164, false, a, b, 2);
	TL_CHECK_STR(out, paired, "nfs reply after its call");
	nfs_seg(out, sizeof(out), pl_nfs_write_reply, 164, false, b, a, 2);
	TL_CHECK_STR(out, alone, "nfs reply between other ends");

	/* 63 calls later the call is still there; 64 later its slot was taken. */
	memcpy(other, pl_nfs_write_call, sizeof(other));
	for (int i = 0; i < 64; i++) {
		other[6] = 0x50;
		other[7] = (char)i;
		nfs_seg(out, sizeof(out), other, 124, true, a, b, 0);
		nfs_seg(out, sizeof(out), pl_nfs_write_reply, 164, false, a, b, 2);
		TL_CHECK(!strcmp(out, i < 63 ? paired : alone),
			 "nfs reply after %d other calls: %s", i + 1, out);
	}

	nfs_seg(out, sizeof(out), pl_nfs_write_call, 124, true, a, b, 0);
	tl_dec_nfs_reset();
	nfs_seg(out, sizeof(out), pl_nfs_write_reply, 164, false, a, b, 2);
	TL_CHECK_STR(out, alone, "nfs reply after a reset");
}

/* Every cut of every case's capture: no read past it (the guard page), text within room. */
static void test_every_caplen(const struct dec_case *cs, size_t n)
{
	static char out[4096];

	for (size_t i = 0; i < n; i++) {
		struct dec_case c = cs[i];

		for (uint32_t cap = 0; cap <= c.len; cap++) {
			for (uint8_t v = 0; v <= 3; v++) {
				struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS, .vflag = v };
				int st = -1;
				char *e;

				c.caplen = (int)cap;
				e = decode(out, sizeof(out), &c, &cfg, &st);
				TL_CHECK(e >= out && e < out + sizeof(out) && st >= TL_DEC_NONE &&
						 st <= TL_DEC_CUT,
					 "%s cut at %u", c.name, cap);
			}
		}
	}
}

int main(void)
{
	page = sysconf(_SC_PAGESIZE);
	guard_page = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard_page == MAP_FAILED || mprotect(guard_page + page, (size_t)page, PROT_NONE)) {
		perror("test_decode: guard page");
		return 1;
	}
	test_cases(cases, sizeof(cases) / sizeof(cases[0]));
	test_cases(body_cases, sizeof(body_cases) / sizeof(body_cases[0]));
	test_modes();
	test_empty();
	test_room();
	test_every_caplen(cases, sizeof(cases) / sizeof(cases[0]));
	test_every_caplen(body_cases, sizeof(body_cases) / sizeof(body_cases[0]));
	test_nfs_pairing();
	return tl_test_done("decode");
}
