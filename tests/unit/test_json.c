// SPDX-License-Identifier: GPL-2.0-only
/* --json lines: hand-built records decoded through a view, each field read back from the fd. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tl_test.h"
#include "conn/view.h"
#include "out/json.h"
#include "out/out.h"

#define A TL_TH_ACK
#define S TL_TH_SYN
#define P 0x08

/* mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7: a Linux SYN's 20 option bytes. */
#define SYN_OPTS "020405b40402080a000000010000000001030307"

static _Alignas(8) uint8_t tl_rb[TL_RECORD_MAX + 256];
static struct tl_view *vw;
static struct tl_json *js;
static struct tl_out *out;
static int fd;
static off_t rd_off;
static uint64_t frame;
static char line[16384];

struct seg {
	int family;
	const char *src, *dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t len;	  /* payload bytes on the wire */
	const char *opts; /* hex option bytes, all captured */
	const char *snap; /* payload bytes in the record's frame section */
	uint32_t caplen;  /* 0: the whole segment */
	uint16_t rflags;
	const char *ifname;
	const char *netns; /* the interface's namespace */
	int64_t ts_ns;
};

static size_t unhex(uint8_t *dst, const char *hex)
{
	size_t n = 0;

	for (; hex && hex[0] && hex[1]; hex += 2) {
		unsigned int b;

		if (sscanf(hex, "%2x", &b) != 1)
			break;
		dst[n++] = (uint8_t)b;
	}
	return n;
}

static const struct tl_record *build(const struct seg *s)
{
	struct tl_record *r = (struct tl_record *)tl_rb;
	int af = s->family == 6 ? AF_INET6 : AF_INET;
	size_t alen = s->family == 6 ? 16 : 4, olen, slen;
	uint8_t *o;

	memset(tl_rb, 0, sizeof(tl_rb));
	r->version = TL_RECORD_VERSION;
	r->family = (uint8_t)s->family;
	inet_pton(af, s->src, tl_rb + TL_RECORD_HDR);
	inet_pton(af, s->dst, tl_rb + TL_RECORD_HDR + alen);
	o = (uint8_t *)tl_rec_opts(r);
	olen = unhex(o, s->opts);
	slen = s->snap ? strlen(s->snap) : 0;
	r->opt_len = (uint8_t)olen;
	r->size = (uint16_t)((TL_RECORD_HDR + 2 * alen + olen + 7) & ~7u);
	if (slen) {
		/* The frame section -s gives: here only a TCP header (its bytes do not matter)
		 * and the payload, as from a raw-IP link without the IP header. */
		struct tl_frame_sect *fs = (struct tl_frame_sect *)(tl_rb + r->size);

		fs->len = (uint32_t)(20 + olen + slen);
		fs->wire_len = fs->len;
		fs->link = TL_LINK_RAW;
		memcpy((uint8_t *)(fs + 1) + 20 + olen, s->snap, slen);
		r->flags |= TL_RF_FRAME;
		r->size = (uint16_t)((r->size + sizeof(*fs) + fs->len + 7) & ~7u);
	}
	r->ts_ns = (uint64_t)s->ts_ns;
	r->sport = s->sport;
	r->dport = s->dport;
	r->seq = s->seq;
	r->ack = s->ack;
	r->doff_byte = (uint8_t)((20 + olen) / 4 << 4);
	r->tcp_flags = s->flags;
	r->window = 502;
	r->flags |= s->rflags;
	r->l4_len = (uint32_t)(20 + olen + s->len);
	r->l4_caplen = s->caplen ? s->caplen : r->l4_len;
	return r;
}

/* Decode as the outputs do, write one JSON line and read it back into line[]. */
static const char *emit(const struct seg *s)
{
	const struct tl_record *r = build(s);
	struct tl_capture_meta m = {
		.ts_ns = s->ts_ns, .frame = ++frame, .ifname = s->ifname, .netns = s->netns
	};
	struct tl_segview v;
	ssize_t n;
	int err;

	tl_view_decode(vw, r, &m, &v);
	err = tl_json_record(js, &v);
	TL_CHECK(err == 0, "tl_json_record: %d", err);
	err = tl_out_flush(out);
	TL_CHECK(err == 0, "tl_out_flush: %d", err);
	n = pread(fd, line, sizeof(line) - 1, rd_off);
	line[n > 0 ? n : 0] = '\0';
	rd_off += n > 0 ? n : 0;
	TL_CHECK(n > 0 && line[n - 1] == '\n' && !memchr(line, '\n', (size_t)n - 1),
		 "one whole line written (%zd bytes)", n);
	return line;
}

/* Brackets and braces balance outside strings, and the object closes at the end. */
static bool balanced(const char *l)
{
	int depth = 0;
	bool str = false;

	for (const char *c = l; *c && *c != '\n'; c++) {
		if (str) {
			if (*c == '\\' && c[1])
				c++;
			else if (*c == '"')
				str = false;
		} else if (*c == '"') {
			str = true;
		} else if (*c == '{' || *c == '[') {
			depth++;
		} else if ((*c == '}' || *c == ']') && --depth == 0 && c[1] != '\n') {
			return false;
		}
	}
	return depth == 0 && !str && l[0] == '{';
}

/* `"key":value` (value as written, followed by , or }) appears in the line. */
static void has(const char *l, const char *key, const char *value, int lineno)
{
	char want[1024];
	const char *p;
	size_t n;

	n = (size_t)snprintf(want, sizeof(want), "\"%s\":%s", key, value);
	for (p = strstr(l, want); p; p = strstr(p + 1, want))
		if ((p[n] == ',' || p[n] == '}') && (p == l || p[-1] == ',' || p[-1] == '{'))
			break;
	TL_CHECK(p != NULL, "line %d: want %s in\n  %s", lineno, want, l);
}

#define HAS(key, value) has(line, key, value, __LINE__)

static void test_handshake(void)
{
	const char *cli = "192.0.2.1", *srv = "198.51.100.7";
	struct seg s = { .family = 4,
			 .src = cli,
			 .dst = srv,
			 .sport = 40000,
			 .dport = 80,
			 .seq = 1000,
			 .flags = S,
			 .opts = SYN_OPTS,
			 .ts_ns = 1700000000123456789LL };

	emit(&s);
	TL_CHECK(balanced(line), "SYN line is one JSON object:\n  %s", line);
	TL_CHECK(!strncmp(line, "{\"time\":\"2023-11-14T22:13:20.123456789Z\",", 41),
		 "time first, RFC 3339 UTC with 9 digits:\n  %s", line);
	HAS("time_ns", "1700000000123456789");
	HAS("frame", "1");
	HAS("interface", "null");
	HAS("namespace", "null");
	HAS("direction", "null");
	HAS("family", "4");
	HAS("src", "\"192.0.2.1\"");
	HAS("dst", "\"198.51.100.7\"");
	HAS("sport", "40000");
	HAS("dport", "80");
	HAS("flags", "\"S\"");
	HAS("flag_list", "[\"SYN\"]");
	HAS("seq", "1000");
	HAS("ack", "0");
	HAS("seq_rel", "1000");
	HAS("ack_rel", "null");
	HAS("hdr_len", "40");
	HAS("win", "502");
	HAS("win_scaled", "502");
	HAS("options", "[{\"kind\":2,\"name\":\"mss\",\"value\":1460},{\"kind\":4,\"name\":"
		       "\"sackOK\"},{\"kind\":8,\"name\":\"TS\",\"val\":1,\"ecr\":0},{\"kind\":1,"
		       "\"name\":\"nop\"},{\"kind\":3,\"name\":\"wscale\",\"value\":7}]");
	HAS("options_hex", "\"" SYN_OPTS "\"");
	HAS("payload_len", "0");
	HAS("truncated", "false");
	HAS("payload_hex", "null");
	HAS("analysis", "[]");
	HAS("label", "\"\"");
	HAS("conn", "0");

	/* SYN-ACK from the server, with an interface: live metadata appears. */
	s = (struct seg){ .family = 4,
			  .src = srv,
			  .dst = cli,
			  .sport = 80,
			  .dport = 40000,
			  .seq = 5000,
			  .ack = 1001,
			  .flags = S | A,
			  .opts = SYN_OPTS,
			  .ifname = "eth0@web",
			  .netns = "web",
			  .ts_ns = 1700000000200000000LL };
	emit(&s);
	HAS("time", "\"2023-11-14T22:13:20.200000000Z\"");
	HAS("interface", "\"eth0@web\"");
	/* The namespace of the record's own interface, not the one tcplens runs in. */
	HAS("namespace", "\"web\"");
	HAS("direction", "\"in\"");
	HAS("flags", "\"S.\"");
	HAS("flag_list", "[\"SYN\",\"ACK\"]");
	HAS("seq_rel", "5000");
	HAS("ack_rel", "1001");

	/* Handshake ACK leaving the host: relative numbers, scaled window. */
	s = (struct seg){ .family = 4,
			  .src = cli,
			  .dst = srv,
			  .sport = 40000,
			  .dport = 80,
			  .seq = 1001,
			  .ack = 5001,
			  .flags = A,
			  .rflags = TL_RF_EGRESS,
			  .ifname = "eth0",
			  .netns = "net:[4026531840]",
			  .ts_ns = 1700000000300000000LL };
	emit(&s);
	HAS("namespace", "\"net:[4026531840]\"");
	HAS("direction", "\"out\"");
	HAS("seq", "1001");
	HAS("ack", "5001");
	HAS("seq_rel", "1");
	HAS("ack_rel", "1");
	HAS("hdr_len", "20");
	HAS("win", "502");
	HAS("win_scaled", "64256");
	HAS("win_scale", "7");
	HAS("options", "[]");
	HAS("options_hex", "\"\"");

	/* Data with a payload snippet, then the same data again: a retransmission. */
	s = (struct seg){ .family = 4,
			  .src = cli,
			  .dst = srv,
			  .sport = 40000,
			  .dport = 80,
			  .seq = 1001,
			  .ack = 5001,
			  .flags = P | A,
			  .len = 100,
			  .snap = "hello",
			  .ts_ns = 1700000000400000000LL };
	emit(&s);
	HAS("flags", "\"P.\"");
	HAS("seq_rel", "1");
	HAS("payload_len", "100");
	HAS("l4_len", "120");
	HAS("payload_hex", "\"68656c6c6f\"");
	HAS("analysis", "[]");
	s.ts_ns = 1700000000900000000LL;
	emit(&s);
	TL_CHECK(balanced(line), "retransmission line is one JSON object:\n  %s", line);
	HAS("analysis", "[\"retransmission\"]");
	HAS("label", "\"[TCP Retransmission]\"");
	HAS("conn", "0");
	HAS("frame", "5");

	/* Server data: the peer's numbers relative from 1, seq_rel and ack_rel both set. */
	s = (struct seg){ .family = 4,
			  .src = srv,
			  .dst = cli,
			  .sport = 80,
			  .dport = 40000,
			  .seq = 5001,
			  .ack = 1101,
			  .flags = P | A,
			  .len = 10,
			  .ts_ns = 1700000001000000000LL };
	emit(&s);
	HAS("seq_rel", "1");
	HAS("ack_rel", "101");
	HAS("win_scaled", "64256");
	HAS("conn", "0");
}

static void test_v6_and_short(void)
{
	struct seg s = { .family = 6,
			 .src = "2001:db8::1",
			 .dst = "fe80::a00:27ff:fe5e:d19e",
			 .sport = 34394,
			 .dport = 179,
			 .seq = 7,
			 .ack = 9,
			 .flags = A,
			 .len = 300,
			 .caplen = 60,
			 .ts_ns = 1700000002000000000LL };

	/* A new connection: stream 1, first ACK-bearing segment absolute, cut short. */
	emit(&s);
	HAS("family", "6");
	HAS("src", "\"2001:db8::1\"");
	HAS("dst", "\"fe80::a00:27ff:fe5e:d19e\"");
	HAS("seq_rel", "7");
	HAS("ack_rel", "9");
	HAS("win_scaled", "502");
	HAS("payload_len", "300");
	HAS("l4_caplen", "60");
	HAS("truncated", "true");
	HAS("conn", "1");

	/* 8 TCP bytes captured: ports known, the rest of the header null, not analysed. */
	s = (struct seg){ .family = 4,
			  .src = "10.0.0.1",
			  .dst = "10.0.0.2",
			  .sport = 5555,
			  .dport = 80,
			  .flags = A,
			  .len = 100,
			  .caplen = 8,
			  .ts_ns = 1700000003000000000LL };
	emit(&s);
	TL_CHECK(balanced(line), "short line is one JSON object:\n  %s", line);
	HAS("sport", "5555");
	HAS("dport", "80");
	HAS("flags", "null");
	HAS("flag_list", "null");
	HAS("seq", "null");
	HAS("ack", "null");
	HAS("seq_rel", "null");
	HAS("ack_rel", "null");
	HAS("hdr_len", "null");
	HAS("win", "null");
	HAS("win_scaled", "null");
	HAS("win_scale", "null");
	HAS("options", "null");
	HAS("options_hex", "null");
	HAS("payload_len", "null");
	HAS("truncated", "true");
	HAS("analysis", "[]");
	HAS("conn", "null");

	/* 2 bytes: not even the ports. */
	s.caplen = 2;
	emit(&s);
	HAS("sport", "null");
	HAS("dport", "null");
}

static void test_summary(void)
{
	struct tl_json_summary su = {
		.printed = 5, .not_printed = 1, .user_bad = 2, .file_written = 3, .file_drops = 4
	};
	ssize_t n;

	for (int i = 0; i < TL_CNT_MAX; i++)
		su.cnt[i] = (uint64_t)(10 + i);
	TL_CHECK(tl_json_summary(js, &su) == 0, "tl_json_summary");
	TL_CHECK(tl_out_flush(out) == 0, "flush after summary");
	n = pread(fd, line, sizeof(line) - 1, rd_off);
	line[n > 0 ? n : 0] = '\0';
	rd_off += n > 0 ? n : 0;
	TL_CHECK_STR(line,
		     "{\"summary\":{\"printed\":5,\"not_printed\":1,\"user_dropped\":2,"
		     "\"file_written\":3,\"file_dropped\":4,\"seen\":10,\"delivered\":11,"
		     "\"ring_full\":12,\"filtered\":13,\"non_tcp\":14,\"ip_frag\":15,"
		     "\"malformed\":16,\"truncated\":17,\"sampled_out\":18}}\n",
		     "summary line");
}

int main(void)
{
	struct tl_view_cfg vc = {
		.flows = 64, .relative = true, .analyse = true, .ana_lists = true
	};
	FILE *f = tmpfile();

	if (!f) {
		perror("tmpfile");
		return 1;
	}
	fd = fileno(f);
	vw = tl_view_new(&vc);
	out = tl_out_new(fd, false);
	js = out ? tl_json_new(out) : NULL;
	if (!vw || !js) {
		fprintf(stderr, "test_json: out of memory\n");
		return 1;
	}
	test_handshake();
	test_v6_and_short();
	test_summary();
	tl_json_free(js);
	tl_out_free(out);
	tl_view_free(vw);
	fclose(f);
	return tl_test_done("json");
}
