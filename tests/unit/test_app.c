// SPDX-License-Identifier: GPL-2.0-only
/* --explain's reading of payloads: each protocol's facts, and the capture cutting them anywhere. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_test.h"
#include "out/proto/app.h"

static struct tl_app a;

/* The payload's first cap bytes alone in their own allocation, len the segment's length. */
static int app_cut(const void *p, uint32_t len, uint32_t cap, uint16_t sport, uint16_t dport)
{
	uint8_t *copy = malloc(cap ? cap : 1);
	int kind;

	memcpy(copy, p, cap);
	kind = tl_app_identify(copy, cap, len, sport, dport, &a);
	free(copy);
	return kind;
}

static int app(const char *s, uint16_t sport, uint16_t dport)
{
	return app_cut(s, (uint32_t)strlen(s), (uint32_t)strlen(s), sport, dport);
}

static void test_http(void)
{
	static const char get[] =
		"GET /x?q=1 HTTP/1.1\r\nUser-Agent: t\r\nhOsT:  a.example \r\n\r\n";
	static const char resp[] = "HTTP/1.0 301 Moved Permanently\r\nContent-Length: 0\r\n"
				   "Content-Type: text/plain\r\n\r\n";
	char big[400];
	size_t n;

	TL_CHECK(app(get, 40000, 80) == TL_APP_HTTP_REQUEST, "GET on port 80");
	TL_CHECK_STR(a.u.req.method, "GET", "method");
	TL_CHECK_STR(a.u.req.target, "/x?q=1", "target");
	TL_CHECK_STR(a.u.req.host, "a.example", "Host, any case, blanks trimmed");
	TL_CHECK(app(get, 8080, 40000) == TL_APP_HTTP_REQUEST, "port 8080, either side");
	TL_CHECK(app(get, 40000, 81) == TL_APP_NONE, "no words on a port no decoder reads");
	/* print-tcp.c tests port 22 before port 80: the line is SSH's, and so are the words. */
	TL_CHECK(app(get, 22, 80) == TL_APP_NONE, "port 22 before port 80");
	TL_CHECK(app("get / HTTP/1.0\r\n\r\n", 1, 80) == TL_APP_HTTP_REQUEST, "method in any case");
	TL_CHECK(app("FETCH / HTTP/1.1\r\n\r\n", 1, 80) == TL_APP_NONE, "unknown method");
	TL_CHECK(app("<html>GET</html>", 80, 1) == TL_APP_NONE, "a body");

	/* Cut by the capture: in the method, just after it, in the target, in a field. */
	TL_CHECK(app_cut(get, sizeof(get) - 1, 2, 1, 80) == TL_APP_NONE, "method cut");
	TL_CHECK(app_cut(get, sizeof(get) - 1, 3, 1, 80) == TL_APP_NONE, "no space after it");
	TL_CHECK(app_cut(get, sizeof(get) - 1, 7, 1, 80) == TL_APP_HTTP_REQUEST, "target cut");
	TL_CHECK_STR(a.u.req.target, "/x?...", "a cut target says so");
	TL_CHECK(app_cut(get, sizeof(get) - 1, 48, 1, 80) == TL_APP_HTTP_REQUEST, "Host cut");
	TL_CHECK_STR(a.u.req.host, "", "a cut field is left out");

	TL_CHECK(app(resp, 80, 1) == TL_APP_HTTP_RESPONSE, "status line");
	TL_CHECK(a.u.resp.status == 301, "status %u", a.u.resp.status);
	TL_CHECK_STR(a.u.resp.reason, "Moved Permanently", "reason");
	TL_CHECK_STR(a.u.resp.type, "text/plain", "Content-Type");
	TL_CHECK(a.u.resp.has_length && a.u.resp.length == 0, "Content-Length: 0");
	TL_CHECK(app("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n", 80, 1) ==
				 TL_APP_HTTP_RESPONSE &&
			 !a.u.resp.has_length,
		 "a Content-Length that is not a number");
	TL_CHECK(app("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", 80, 1) ==
				 TL_APP_HTTP_RESPONSE &&
			 a.u.resp.chunked,
		 "chunked");
	TL_CHECK(app("HTTP/1.1 204\r\n\r\n", 80, 1) == TL_APP_HTTP_RESPONSE &&
			 !strcmp(a.u.resp.reason, ""),
		 "no reason phrase");
	TL_CHECK(app_cut(resp, sizeof(resp) - 1, 11, 80, 1) == TL_APP_NONE, "status cut");
	TL_CHECK(app_cut(resp, sizeof(resp) - 1, 20, 80, 1) == TL_APP_HTTP_RESPONSE, "reason cut");
	TL_CHECK_STR(a.u.resp.reason, "Moved P...", "a cut reason says so");
	TL_CHECK(app("HTTP/2 200\r\n\r\n", 80, 1) == TL_APP_NONE, "not HTTP/1.x");

	/* Escaped as tcpdump escapes; longer than the field: cut with "...". */
	TL_CHECK(app("GET /\x1b[1m\xff HTTP/1.1\r\n\r\n", 1, 80) == TL_APP_HTTP_REQUEST, "escapes");
	TL_CHECK_STR(a.u.req.target, "/^[[1mM-^?", "control and high bytes");
	memcpy(big, "GET /", 5);
	memset(big + 5, 'p', sizeof(big) - 5);
	TL_CHECK(app_cut(big, sizeof(big), sizeof(big), 1, 80) == TL_APP_HTTP_REQUEST, "long");
	n = strlen(a.u.req.target);
	TL_CHECK(n > TL_APP_TEXT - 8 && n < TL_APP_TEXT && !strcmp(a.u.req.target + n - 3, "..."),
		 "long target: %s", a.u.req.target);
}

static void test_ssh(void)
{
	char big[300];

	TL_CHECK(app("SSH-2.0-OpenSSH_9.2\r\n", 40000, 22) == TL_APP_SSH_VERSION, "version");
	TL_CHECK_STR(a.u.ssh.version, "SSH-2.0-OpenSSH_9.2", "version text");
	TL_CHECK(app("SSH-2.0-x\n", 22, 40000) == TL_APP_SSH_VERSION, "LF alone, server side");
	TL_CHECK_STR(a.u.ssh.version, "SSH-2.0-x", "LF alone");
	TL_CHECK(app_cut("SSH-2.0-x\r\n", 11, 6, 1, 22) == TL_APP_SSH_VERSION, "cut");
	TL_CHECK_STR(a.u.ssh.version, "SSH-2....", "cut version");
	TL_CHECK(app_cut("SSH-2.0-x\r\n", 11, 3, 1, 22) == TL_APP_NONE, "too short to tell");
	TL_CHECK(app("\0\0\0\x1c\x0a\x14", 1, 22) == TL_APP_NONE, "a binary packet");
	memcpy(big, "SSH-", 4);
	memset(big + 4, '\t', sizeof(big) - 4);
	TL_CHECK(app_cut(big, sizeof(big), sizeof(big), 1, 22) == TL_APP_SSH_VERSION, "long");
	TL_CHECK(strlen(a.u.ssh.version) < TL_APP_TEXT && strstr(a.u.ssh.version, "^I"), "long: %s",
		 a.u.ssh.version);
}

/* A DNS message over TCP: the 2-byte length, then header, question and answers. */
static size_t dns(uint8_t *m, uint16_t flags, uint16_t an, const uint8_t *rest, size_t n)
{
	static const uint8_t q[] = { 7,	  'e', 'x', 'a', 'm', 'p', 'l', 'e', 3,
				     'c', 'o', 'm', 0,	 0,   1,   0,	1 };
	size_t len = 12 + sizeof(q) + n;

	m[0] = (uint8_t)(len >> 8);
	m[1] = (uint8_t)len;
	memset(m + 2, 0, 12);
	m[2] = 0x12;
	m[4] = (uint8_t)(flags >> 8);
	m[5] = (uint8_t)flags;
	m[7] = 1;
	m[9] = (uint8_t)an;
	memcpy(m + 14, q, sizeof(q));
	if (n) /* rest may be NULL with nothing to copy */
		memcpy(m + 14 + sizeof(q), rest, n);
	return 2 + len;
}

static void test_dns(void)
{
	static const uint8_t a_rr[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0, 0, 4, 93, 184, 216, 34 };
	static const uint8_t cname_rr[] = { 0xc0, 12, 0, 5, 0,	 1,   0,   0,	 1,
					    0,	  0,  6, 3, 'w', 'w', 'w', 0xc0, 12 };
	static const uint8_t loop_rr[] = { 0xc0, 31, 0, 5, 0, 1, 0, 0, 1, 0, 0, 2, 0xc0, 31 };
	uint8_t m[128];
	size_t n;

	n = dns(m, 0x0100, 0, NULL, 0);
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 40000, 53) == TL_APP_DNS_QUERY, "query");
	TL_CHECK_STR(a.u.dns.qtype, "A", "qtype");
	TL_CHECK_STR(a.u.dns.qname, "example.com", "qname without the root's dot");
	TL_CHECK(app_cut(m, (uint32_t)n, 20, 40000, 53) == TL_APP_NONE, "question cut");

	n = dns(m, 0x8180, 1, a_rr, sizeof(a_rr));
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 53, 40000) == TL_APP_DNS_RESPONSE, "answer");
	TL_CHECK(a.u.dns.answer && a.u.dns.answers == 1 && !a.u.dns.rcode, "one answer");
	TL_CHECK_STR(a.u.dns.aname, "example.com", "answer name (compressed)");
	TL_CHECK_STR(a.u.dns.atype, "A", "answer type");
	TL_CHECK_STR(a.u.dns.adata, "93.184.216.34", "answer data");
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n - 1, 53, 40000) == TL_APP_DNS_RESPONSE &&
			 !a.u.dns.answer && a.u.dns.answers == 1,
		 "answer cut: counted, not shown");

	n = dns(m, 0x8180, 1, cname_rr, sizeof(cname_rr));
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 53, 40000) == TL_APP_DNS_RESPONSE, "CNAME");
	TL_CHECK_STR(a.u.dns.adata, "www.example.com", "CNAME target");

	n = dns(m, 0x8183, 0, NULL, 0);
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 53, 40000) == TL_APP_DNS_RESPONSE &&
			 a.u.dns.rcode == 3,
		 "NXDOMAIN");
	TL_CHECK_STR(a.u.dns.rname, "NXDomain", "rcode name");

	/* A pointer to itself must end, and say the name is bad. */
	n = dns(m, 0x8180, 1, loop_rr, sizeof(loop_rr));
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 53, 40000) == TL_APP_DNS_RESPONSE,
		 "pointer loop");
	TL_CHECK(strstr(a.u.dns.aname, "BAD PTR") != NULL, "pointer loop: %s", a.u.dns.aname);

	/* Not a message start: opcode, question count, a length below the header. */
	n = dns(m, 0x2800, 0, NULL, 0);
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 1, 53) == TL_APP_NONE, "UPDATE");
	n = dns(m, 0x0100, 0, NULL, 0);
	m[7] = 2;
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 1, 53) == TL_APP_NONE, "two questions");
	m[7] = 1;
	m[0] = 0;
	m[1] = 11;
	TL_CHECK(app_cut(m, (uint32_t)n, (uint32_t)n, 1, 53) == TL_APP_NONE, "length 11");
}

static void test_smtp(void)
{
	TL_CHECK(app("EHLO client.example\r\n", 40000, 25) == TL_APP_SMTP_COMMAND, "EHLO");
	TL_CHECK_STR(a.u.smtp.line, "EHLO client.example", "command line");
	TL_CHECK(app("EHLO client.example\r\n", 25, 40000) == TL_APP_NONE, "only to the server");
	TL_CHECK(app("mail FROM:<a@b>\r\n", 1, 25) == TL_APP_SMTP_COMMAND, "verb in any case");
	TL_CHECK(app("Mail from Bob, again\r\n", 1, 25) == TL_APP_NONE, "a body line");
	TL_CHECK(app("Data: 3 items\r\n", 1, 25) == TL_APP_NONE, "DATA takes nothing");
	TL_CHECK(app("QUIT\r\n", 1, 25) == TL_APP_SMTP_COMMAND, "QUIT");
	TL_CHECK(app_cut("RCPT TO:<x@y>\r\n", 15, 10, 1, 25) == TL_APP_SMTP_COMMAND, "cut");
	TL_CHECK_STR(a.u.smtp.line, "RCPT TO:<x...", "cut command");

	TL_CHECK(app("250-mx.example\r\n250-SIZE 1000\r\n250 8BITMIME\r\n", 25, 40000) ==
			 TL_APP_SMTP_REPLY,
		 "multiline reply");
	TL_CHECK(a.u.smtp.code == 250 && a.u.smtp.lines == 3, "code %u, lines %u", a.u.smtp.code,
		 a.u.smtp.lines);
	TL_CHECK_STR(a.u.smtp.line, "250-mx.example", "first line");
	TL_CHECK(app("220 ready\r\n", 25, 40000) == TL_APP_SMTP_REPLY && a.u.smtp.lines == 1,
		 "one line");
	TL_CHECK(app("220 ready\r\n", 40000, 25) == TL_APP_NONE, "only from the server");
	TL_CHECK(app("600 no\r\n", 25, 1) == TL_APP_NONE, "no such reply code");
	TL_CHECK(app("25\r\n", 25, 1) == TL_APP_NONE, "two digits");
	TL_CHECK(app("EHLO x\r\n", 25, 25) == TL_APP_NONE, "port 25 both sides: no direction");
}

int main(void)
{
	test_http();
	test_ssh();
	test_dns();
	test_smtp();
	TL_CHECK(tl_app_identify(NULL, 0, 10, 1, 80, &a) == TL_APP_NONE, "nothing captured");
	return tl_test_done("app");
}
