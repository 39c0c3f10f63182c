// SPDX-License-Identifier: GPL-2.0-only
/* Formatter: hand-built records against real tcpdump 4.99.3 lines (TZ=UTC), plus a timing. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "tl_test.h"
#include "out/print.h"

struct seg {
	uint8_t family;
	const char *src, *dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	uint32_t hlen; /* data offset * 4 */
	uint32_t len;  /* l4_len */
	uint16_t urg;
	uint32_t caplen; /* 0: all of len */
	uint32_t missing;
	uint16_t rflags;
	const char *opts; /* hex of captured option bytes */
	const char *ext;  /* extension header next-header values, as bytes */
	uint8_t ext_n;	  /* their count when one is HBH's 0; else up to the NUL */
	int64_t sec;
	uint32_t frac;
	const char *want;
};

/* The view in front of the printer, as the outputs chain them: abs printers get none. */
static struct tl_view *tview(uint32_t flows)
{
	struct tl_view_cfg c = { .flows = flows, .relative = true };

	return tl_view_new(&c);
}

static void decode(struct tl_view *vw, const struct tl_record *r, const struct tl_ts *ts,
		   const char *ifname, struct tl_segview *v)
{
	struct tl_capture_meta m = { .ts = *ts, .ifname = ifname };

	if (vw)
		tl_view_decode(vw, r, &m, v);
	else
		tl_view_plain(r, &m, v);
}

static size_t fmt(struct tl_printer *p, struct tl_view *vw, char *buf, size_t cap,
		  const struct tl_record *r, const struct tl_ts *ts, const char *ifname)
{
	struct tl_segview v;

	decode(vw, r, ts, ifname, &v);
	return tl_format_record(p, buf, cap, &v);
}

static int prt(struct tl_printer *p, struct tl_view *vw, const struct tl_record *r,
	       const struct tl_ts *ts, const char *ifname)
{
	struct tl_segview v;

	decode(vw, r, ts, ifname, &v);
	return tl_print_record(p, &v);
}

static uint8_t tl_rb[TL_RECORD_MAX];

static struct tl_record *build(const struct seg *s)
{
	struct tl_record *r = (struct tl_record *)tl_rb;
	int af = s->family == 6 ? AF_INET6 : AF_INET;
	unsigned int alen = s->family == 6 ? 16 : 4;
	uint8_t *o;

	memset(tl_rb, 0, sizeof(tl_rb));
	r->version = TL_RECORD_VERSION;
	r->family = s->family == 6 ? 6 : 4;
	r->sport = s->sport;
	r->dport = s->dport;
	r->seq = s->seq;
	r->ack = s->ack;
	r->tcp_flags = s->flags;
	r->window = s->win;
	r->urg_ptr = s->urg;
	r->doff_byte = (uint8_t)((s->hlen / 4) << 4);
	r->l4_len = s->len;
	r->l4_caplen = s->caplen ? s->caplen : s->len;
	r->ip_missing = s->missing;
	r->flags = s->rflags;
	inet_pton(af, s->src, tl_rb + TL_RECORD_HDR);
	inet_pton(af, s->dst, tl_rb + TL_RECORD_HDR + alen);
	o = tl_rb + TL_RECORD_HDR + 2 * alen;
	for (const char *h = s->opts; h && h[0] && h[1]; h += 2) {
		unsigned int b;

		sscanf(h, "%2x", &b);
		o[r->opt_len++] = (uint8_t)b;
	}
	/* The parser keeps only captured option bytes. */
	if (r->l4_caplen < 20u + r->opt_len)
		r->opt_len = (uint8_t)(r->l4_caplen > 20 ? r->l4_caplen - 20 : 0);
	for (size_t i = 0, n = s->ext_n ? s->ext_n : s->ext ? strlen(s->ext) : 0; i < n; i++)
		r->ext[r->ext_cnt++] = (uint8_t)s->ext[i];
	return r;
}

static void check_lines(const char *what, const struct tl_print_cfg *cfg, const struct seg *t,
			size_t n)
{
	struct tl_view *fl = cfg->abs_seq ? NULL : tview(64);
	struct tl_printer *p = tl_printer_new(cfg, NULL);
	char line[TL_PRINT_LINE_MAX], want[TL_PRINT_LINE_MAX];

	for (size_t i = 0; i < n; i++) {
		struct tl_ts ts = { t[i].sec ? t[i].sec : 1, t[i].frac };

		fmt(p, fl, line, sizeof(line), build(&t[i]), &ts, "veth0");
		snprintf(want, sizeof(want), "%s\n", t[i].want);
		if (strcmp(line, want))
			tl_hexdump(tl_rb, TL_RECORD_HDR + 32 + 40);
		TL_CHECK_STR(line, want, what);
	}
	tl_printer_free(p);
	tl_view_free(fl);
}

#define T0    1704164645 /* 2024-01-02 03:04:05 UTC */
#define SSH_C "202.108.87.165"
#define SSH_S "223.132.53.222"

/* ssh.pcap: handshake, relative numbers, SACK relative to the peer's base. */
static const struct seg tl_ssh[] = {
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233688u, 0, 0x02, 65535, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [S], seq 4082233688, win 65535, length 0" },
	{ 4, SSH_S, SSH_C, 22, 62146, 2455219014u, 4082233689u, 0x12, 28960, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [S.], seq 2455219014, ack 4082233689, win 28960, length 0" },
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233689u, 2455219015u, 0x10, 4096, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [.], ack 1, win 4096, length 0" },
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233689u, 2455219015u, 0x18, 4096, 20, 41, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [P.], seq 1:22, ack 1, win 4096, length 21" },
	{ 4, SSH_S, SSH_C, 22, 62146, 2455219015u, 4082238874u, 0x10, 340, 44, 44, .sec = T0,
	  .opts = "0101010101010101010101010101050af35205faf35205fb",
	  .want = "03:04:05.000000 IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [.], ack 5186, win 340, options [nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,sack 1 {5282:5283}], length 0" },
	/* RST without ACK: absolute, table untouched; data without ACK too. */
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233700u, 0, 0x04, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [R], seq 4082233700, win 0, length 0" },
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233700u, 0, 0x08, 0, 20, 30, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [P], seq 4082233700:4082233710, win 0, length 10" },
	/* Ack below the base wraps. */
	{ 4, SSH_C, SSH_S, 62146, 22, 4082233689u, 2455218014u, 0x10, 4096, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [.], ack 4294966296, win 4096, length 0" },
};

/* Mid-stream start (kday4 shape), RST+ACK creating the entry, -S. */
static const struct seg tl_mid[] = {
	{ 4, "204.9.54.80", "204.9.51.132", 22, 50079, 1000, 5000, 0x10, 100, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 204.9.54.80.22 > 204.9.51.132.50079: Flags [.], ack 5000, win 100, length 0" },
	{ 4, "204.9.51.132", "204.9.54.80", 50079, 22, 4999, 1001, 0x10, 4094, 20, 788,
	  .caplen = 20, .missing = 768, .sec = T0,
	  .want = "03:04:05.000000 IP truncated-ip - 768 bytes missing! 204.9.51.132.50079 > 204.9.54.80.22: Flags [.], seq 0:768, ack 1, win 4094, length 768" },
	{ 4, "10.0.0.1", "10.0.0.2", 179, 40000, 0, 4276964400u, 0x14, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.179 > 10.0.0.2.40000: Flags [R.], seq 0, ack 4276964400, win 0, length 0" },
};

static const struct seg tl_abs[] = {
	{ 4, SSH_S, SSH_C, 22, 62146, 2455219015u, 4082238874u, 0x10, 340, 44, 44, .sec = T0,
	  .opts = "0101010101010101010101010101050af35205faf35205fb",
	  .want = "03:04:05.000000 IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [.], ack 4082238874, win 340, options [nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,sack 1 {4082238970:4082238971}], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 4294967201u, 0, 0x08, 1, 20, 220, .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P], seq 4294967201:105, win 1, length 200" },
};

/* Flags, options, truncation, bad header lengths: lines from tcpdump-format.md and the corpus. */
static const struct seg tl_shapes[] = {
	{ 4, "10.0.0.2", "10.128.0.2", 6260, 80, 576462951, 486026015, 0xff, 512, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.2.6260 > 10.128.0.2.80: Flags [FSRP.UEW], seq 576462951, ack 486026015, win 512, urg 0, length 0" },
	{ 4, "31.133.146.248", "66.228.43.12", 16433, 80, 1948076589, 0, 0xc2, 65535, 40, 40,
	  .opts = "020405b4010303060402080a06af3c1500000000", .sec = T0,
	  .want = "03:04:05.000000 IP 31.133.146.248.16433 > 66.228.43.12.80: Flags [SEW], seq 1948076589, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val 112147477 ecr 0], length 0" },
	{ 4, "1.2.3.4", "5.6.7.8", 1, 2, 0, 0, 0x00, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP 1.2.3.4.1 > 5.6.7.8.2: Flags [none], win 0, length 0" },
	{ 4, "192.168.0.100", "3.3.3.3", 13047, 13054, 218476388, 0, 0x02, 1400, 24, 24,
	  .opts = "fe04f989", .sec = T0,
	  .want = "03:04:05.000000 IP 192.168.0.100.13047 > 3.3.3.3.13054: Flags [S], seq 218476388, win 1400, options [exp-tfo cookiereq], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 41013, 4000, 10, 0, 0x02, 502, 24, 24, .opts = "22020101",
	  .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.41013 > 10.0.0.2.4000: Flags [S], seq 10, win 502, options [tfo  cookiereq,nop,nop], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 41003, 4000, 10, 0, 0x02, 502, 28, 28,
	  .opts = "0206021801010101", .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.41003 > 10.0.0.2.4000: Flags [S], seq 10, win 502, options [mss 536[len 6],nop,nop,nop,nop], length 0" },
	{ 4, "182.181.202.230", "83.253.102.83", 52750, 63764, 3757264999u, 0, 0x02, 8192, 32, 32,
	  .opts = "020405ac010303020114030000000000", .sec = T0,
	  .want = "03:04:05.000000 IP 182.181.202.230.52750 > 83.253.102.83.63764: Flags [S], seq 3757264999, win 8192, options [mss 1452,nop,wscale 2,nop,scps[bad opt]]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 24, 24, .opts = "fe03aaaa", .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [exp[bad opt]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 28, 28, .opts = "0d060000000f0101",
	  .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [ 15,nop,nop], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 24, 24, .opts = "a1020000", .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [unknown-161,eol], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 24, 24, .opts = "1c048001", .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [uto 0x8001 983040], length 0" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 24, 24, .opts = "05020000", .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [sack 0 ,eol], length 0" },
	/* MPTCP (mptcp-v1.pcap and the 7.5 examples). */
	{ 4, "10.0.1.1", "10.0.2.1", 33306, 10004, 1, 1, 0x10, 256, 52, 52, .sec = T0,
	  .opts = "0101080a1baf9ea1c337c5931e1401011fdb5df328bc3def29a6c86981ad933c",
	  .want = "03:04:05.000000 IP 10.0.1.1.33306 > 10.0.2.1.10004: Flags [.], ack 1, win 256, options [nop,nop,TS val 464494241 ecr 3275212179,mptcp 20 capable v1 {0x1fdb5df328bc3def,0x29a6c86981ad933c}], length 0" },
	{ 4, "127.0.0.1", "127.0.0.1", 57370, 23, 1736820995, 0, 0x02, 32792, 40, 40, .sec = T0,
	  .opts = "0204400c0402080a23975534000000001e032000",
	  .want = "03:04:05.000000 IP 127.0.0.1.57370 > 127.0.0.1.23: Flags [S], seq 1736820995, win 32792, options [mss 16396,sackOK,TS val 597120308 ecr 0,mptcp 3 dss[bad opt]]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x10, 0, 28, 28, .opts = "1e0820010000007b",
	  .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 0, win 0, options [mptcp 8 dss ack 123], length 0" },
	/* Truncation (section 7.1 and 7.4). */
	{ 4, "48.48.48.48", "48.48.48.48", 12336, 12336, 0, 0, 0, 0, 20, 40, .caplen = 12,
	  .sec = T0, .want = "03:04:05.000000 IP 48.48.48.48.12336 > 48.48.48.48.12336:  [|tcp]" },
	{ 4, "10.2.0.1", "10.2.0.2", 1, 2, 0, 0, 0, 0, 20, 40, .caplen = 2, .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.0.1 > 10.2.0.2: [|tcp]" },
	{ 4, "10.1.0.1", "10.1.0.2", 1111, 2222, 0, 0, 0, 0, 16, 30, .sec = T0,
	  .want = "03:04:05.000000 IP 10.1.0.1.1111 > 10.1.0.2.2222:  tcp 14 [bad hdr length 16 - too short, < 20]" },
	{ 4, "10.1.0.1", "10.1.0.2", 1, 2, 5, 6, 0x12, 0, 60, 20, .caplen = 20, .sec = T0,
	  .want = "03:04:05.000000 IP 10.1.0.1.1 > 10.1.0.2.2: Flags [S.] [bad hdr length 60 - too long, > 20]" },
	{ 4, "10.2.0.1", "10.2.0.2", 40001, 8000, 7, 9, 0x18, 502, 32, 332, .caplen = 26,
	  .opts = "0101080a0000", .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.0.1.40001 > 10.2.0.2.8000: Flags [P.], seq 7:307, ack 9, win 502, options [nop,nop,TS [|tcp]>" },
	{ 4, "10.2.0.1", "10.2.0.2", 3, 4, 7, 9, 0x10, 502, 36, 36, .caplen = 32,
	  .opts = "0101080a0000000700000008", .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.0.1.3 > 10.2.0.2.4: Flags [.], ack 9, win 502, options [nop,nop,TS val 7 ecr 8, [|tcp]" },
	{ 4, "10.2.0.1", "10.2.0.2", 5, 6, 7, 9, 0x10, 502, 24, 24, .caplen = 20, .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.0.1.5 > 10.2.0.2.6: Flags [.], ack 9, win 502, options [ [|tcp]" },
	{ 4, "48.48.48.48", "48.48.48.48", 12336, 12336, 808464432, 808464432, 0x30, 12336, 60,
	  12300, .caplen = 30, .urg = 12336, .opts = "30283030303030303030", .sec = T0,
	  .want = "03:04:05.000000 IP 48.48.48.48.12336 > 48.48.48.48.12336: Flags [.U], seq 808464432:808476672, ack 808464432, win 12336, urg 12336, options [unknown-48 0x3030303030303030 [|tcp]" },
	{ 6, "3030:3030:3030:3030:3030:3030:3030:3030", "3030:3030:3030:3030:3030:3030:3030:3030",
	  10288, 12336, 808464432, 808464432, 0x30, 12336, 28, 12336, .caplen = 24, .urg = 12336,
	  .opts = "00303030", .sec = T0,
	  .want = "03:04:05.000000 IP6 3030:3030:3030:3030:3030:3030:3030:3030.10288 > 3030:3030:3030:3030:3030:3030:3030:3030.12336: Flags [.U], seq 808464432:808476740, ack 808464432, win 12336, urg 12336, options [eol], length 12308 [remaining caplen(24) < header length(28)] [|tcp]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 40, 40,
	  .opts = "1e0c00000102030405060708"
		  "0101080a",
	  .caplen = 34, .sec = T0,
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0, win 0, options [mptcp 12 capable v0 {0x102030405060708},nop,nop, [|mptcp]" },
	/* IP layer: bad-len 0 (4.99.3), IPv6 payload length 0, truncated-ip6, ext headers. */
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x10, 0, 20, 9000, .rflags = TL_RF_LEN0, .sec = T0,
	  .want = "03:04:05.000000 IP bad-len 0" },
	{ 6, "2604:1380:4091:ce00::b", "2604:1380:4091:ce00::d", 1, 2, 0, 0, 0x10, 0, 20, 9000,
	  .rflags = TL_RF_LEN0, .sec = T0,
	  .want = "03:04:05.000000 IP6 2604:1380:4091:ce00::b > 2604:1380:4091:ce00::d: [|tcp]" },
	{ 6, "2001:db8::1", "2001:db8::2", 1111, 2222, 13, 14, 0x18, 502, 20, 80, .caplen = 30,
	  .missing = 50, .sec = T0,
	  .want = "03:04:05.000000 IP6 truncated-ip6 - 50 bytes missing!2001:db8::1.1111 > 2001:db8::2.2222: Flags [P.], seq 13:73, ack 14, win 502, length 60" },
	{ 6, "2001:db8:a::1", "2001:db8:b::2", 33000, 80, 5000, 6000, 0x10, 502, 20, 38,
	  .ext = "\x3c", .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8:a::1 > 2001:db8:b::2: DSTOPT 33000 > 80: Flags [.], seq 5000:5018, ack 6000, win 502, length 18" },
	{ 6, "2001:db8:a::1", "2001:db8:b::2", 33000, 80, 5000, 6000, 0x18, 502, 20, 40,
	  .ext = "\x2c", .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8:a::1 > 2001:db8:b::2: frag (0|40) 33000 > 80: Flags [P.], seq 0:20, ack 1, win 502, length 20" },
	{ 6, "2001:db8:a::1", "2001:db8:b::2", 1, 2, 0, 0, 0, 0, 20, 40, .caplen = 3, .ext = "\x3c",
	  .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8:a::1 > 2001:db8:b::2: DSTOPT 2001:db8:a::1 > 2001:db8:b::2: [|tcp]" },
	/*
	 * An option kind in the header's last byte (tcp-opt-kind-last-byte.pcap): tcpdump
	 * reads the length byte after the header when it was captured and rejects any value;
	 * otherwise the read itself is the truncation.
	 */
	{ 4, "10.2.1.2",
	  "10.1.2.2", 41221, 22, 1863826096, 0, 0x02, 14600, 40, 52, .sec = T0, .opts = "020405b40402080affffa1c00000000103030306", .want = "03:04:05.000000 IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [S], seq 1863826096:1863826108, win 14600, options [mss 1460,sackOK,TS val 4294943168 ecr 1,wscale 3,[bad opt]]" },
	{ 4, "10.2.1.2", "10.1.2.2", 41221, 22, 1863826096, 0, 0x02, 14600, 40, 52, .caplen = 41,
	  .opts = "020405b40402080affffa1c00000000103030306", .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [S], seq 1863826096:1863826108, win 14600, options [mss 1460,sackOK,TS val 4294943168 ecr 1,wscale 3,[bad opt]]" },
	{ 4, "10.2.1.2", "10.1.2.2", 41221, 22, 1863826096, 0, 0x02, 14600, 40, 52, .caplen = 40,
	  .opts = "020405b40402080affffa1c00000000103030306", .sec = T0,
	  .want = "03:04:05.000000 IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [S], seq 1863826096:1863826108, win 14600, options [mss 1460,sackOK,TS val 4294943168 ecr 1,wscale 3, [|tcp]" },
	{ 4, "10.2.1.2", "10.1.2.2", 41221, 22, 1863826096, 0, 0x02, 14600, 40, 40, .sec = T0,
	  .opts = "020405b40402080affffa1c00000000103030306",
	  .want = "03:04:05.000000 IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [S], seq 1863826096, win 14600, options [mss 1460,sackOK,TS val 4294943168 ecr 1,wscale 3, [|tcp]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 40, 44, .sec = T0,
	  .opts = "1e0c0000010203040506070801010101010101"
		  "06",
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0:4, win 0, options [mptcp 12 capable v0 {0x102030405060708},nop,nop,nop,nop,nop,nop,nop,[bad opt]]" },
	{ 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x02, 0, 40, 44, .caplen = 40, .sec = T0,
	  .opts = "1e0c0000010203040506070801010101010101"
		  "06",
	  .want = "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 0:4, win 0, options [mptcp 12 capable v0 {0x102030405060708},nop,nop,nop,nop,nop,nop,nop, [|mptcp]" },
	/*
	 * A jumbo length is known only after the extension headers, so its truncated-ip6
	 * follows them (ipv6-jumbo-truncated.pcap); a plain payload length's comes first.
	 */
	{ 6, "2604:1380:4091:ce00::d", "2604:1380:4091:ce00::b", 41851, 43913, 592820498,
	  2512896041u, 0x18, 2128, 32, 96416, .caplen = 128, .missing = 16384,
	  .rflags = TL_RF_JUMBO, .ext = "\x00", .ext_n = 1, .opts = "0101080a46bdbe60fc8cfa38",
	  .sec = T0,
	  .want = "03:04:05.000000 IP6 2604:1380:4091:ce00::d > 2604:1380:4091:ce00::b: HBH truncated-ip6 - 16384 bytes missing!41851 > 43913: Flags [P.], seq 592820498:592916882, ack 2512896041, win 2128, options [nop,nop,TS val 1186840160 ecr 4237097528], length 96384" },
	{ 6, "2001:db8::1", "2001:db8::2", 3333, 4444, 5, 6, 0x18, 100, 20, 69984, .caplen = 30,
	  .missing = 69954, .rflags = TL_RF_JUMBO, .ext = "\x00\x3c", .ext_n = 2, .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8::1 > 2001:db8::2: HBH DSTOPT truncated-ip6 - 69954 bytes missing!3333 > 4444: Flags [P.], seq 5:69969, ack 6, win 100, length 69964" },
	{ 6, "2001:db8::1", "2001:db8::2", 1111, 2222, 0, 0, 0, 0, 20, 69992, .caplen = 2,
	  .missing = 69990, .rflags = TL_RF_JUMBO, .ext = "\x00", .ext_n = 1, .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8::1 > 2001:db8::2: HBH truncated-ip6 - 69990 bytes missing!2001:db8::1 > 2001:db8::2: [|tcp]" },
	{ 6, "2001:db8::1", "2001:db8::2", 5555, 6666, 5, 6, 0x18, 100, 20, 80, .caplen = 30,
	  .missing = 50, .ext = "\x3c", .sec = T0,
	  .want = "03:04:05.000000 IP6 truncated-ip6 - 50 bytes missing!2001:db8::1 > 2001:db8::2: DSTOPT 5555 > 6666: Flags [P.], seq 5:65, ack 6, win 100, length 60" },
	/* Address forms (section 6). */
	{ 6, "2001:db8:0:0:1:0:0:20", "::ffff:192.0.2.1", 1, 2, 0, 0, 0, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP6 2001:db8::1:0:0:20.1 > ::ffff:192.0.2.1.2: Flags [none], win 0, length 0" },
	{ 6, "::1.2.3.4", "::5", 1, 2, 0, 0, 0, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP6 ::1.2.3.4.1 > ::5.2: Flags [none], win 0, length 0" },
	{ 6, "1::", "::", 1, 2, 0, 0, 0, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP6 1::.1 > ::.2: Flags [none], win 0, length 0" },
	{ 6, "fe80:0:1:0:0:0:0:1", "1:0:2:3:4:5:6:7", 1, 2, 0, 0, 0, 0, 20, 20, .sec = T0,
	  .want = "03:04:05.000000 IP6 fe80:0:1::1.1 > 1:0:2:3:4:5:6:7.2: Flags [none], win 0, length 0" },
};

/* Time stamps on a fixed 2-segment stream; the third is 1 us older (negative delta). */
static void test_ts(void)
{
	static const struct {
		enum tl_tsfmt f;
		bool nano;
		const char *want[4];
	} tt[] = {
		{ TL_TS_DEFAULT,
		  false,
		  { "03:04:05.123456 ", "03:04:06.000100 ", "03:04:06.000099 ",
		    "03:04:05.1000000 " } },
		{ TL_TS_NONE, false, { "", "", "", "" } },
		{ TL_TS_EPOCH,
		  false,
		  { "1704164645.123456 ", "1704164646.000100 ", "1704164646.000099 ",
		    "1704164645.1000000 " } },
		{ TL_TS_DELTA,
		  false,
		  { " 00:00:00.000000 ", " 00:00:00.876644 ", "-00:00:00.000001 ",
		    "-00:00:00.000099 " } },
		{ TL_TS_DATE,
		  false,
		  { "2024-01-02 03:04:05.123456 ", "2024-01-02 03:04:06.000100 ",
		    "2024-01-02 03:04:06.000099 ", "2024-01-02 03:04:05.1000000 " } },
		{ TL_TS_SINCE_FIRST,
		  false,
		  { " 00:00:00.000000 ", " 00:00:00.876644 ", " 00:00:00.876643 ",
		    " 00:00:00.876544 " } },
		{ TL_TS_EPOCH,
		  true,
		  { "1704164645.000123456 ", "1704164646.000000100 ", "1704164646.000000099 ",
		    "1704164645.001000000 " } },
	};
	static const struct tl_ts ts[4] = {
		{ T0, 123456 },
		{ T0 + 1, 100 },
		{ T0 + 1, 99 },
		{ T0, 1000000 },
	};
	static const struct seg s = { 4, "1.2.3.4", "5.6.7.8", 1, 2, 0, 0, 0, 0, 20, 20, .urg = 0 };
	struct tl_view *fl = tview(4);

	for (size_t i = 0; i < sizeof(tt) / sizeof(tt[0]); i++) {
		struct tl_print_cfg cfg = { .tsfmt = tt[i].f, .nano = tt[i].nano };
		struct tl_printer *p = tl_printer_new(&cfg, NULL);
		char line[TL_PRINT_LINE_MAX], want[TL_PRINT_LINE_MAX];

		for (int k = 0; k < 4; k++) {
			fmt(p, fl, line, sizeof(line), build(&s), &ts[k], NULL);
			snprintf(want, sizeof(want),
				 "%sIP 1.2.3.4.1 > 5.6.7.8.2: Flags [none], win 0, length 0\n",
				 tt[i].want[k]);
			TL_CHECK_STR(line, want, "timestamp");
		}
		tl_printer_free(p);
	}

	/* -ttt drops whole days; a skipped non-TCP frame still moves the reference. */
	{
		struct tl_print_cfg cfg = { .tsfmt = TL_TS_DELTA };
		struct tl_printer *p = tl_printer_new(&cfg, NULL);
		struct tl_ts a = { T0, 0 }, b = { T0 + 86400 + 3599, 1 },
			     c = { T0 + 86400 + 3600, 1 };
		char line[TL_PRINT_LINE_MAX];

		fmt(p, fl, line, sizeof(line), build(&s), &a, NULL);
		fmt(p, fl, line, sizeof(line), build(&s), &b, NULL);
		TL_CHECK(!strncmp(line, " 00:59:59.000001 IP", 19), "day drop: %s", line);
		tl_print_skip(p, &c);
		fmt(p, fl, line, sizeof(line), build(&s), &c, NULL);
		TL_CHECK(!strncmp(line, " 00:00:00.000000 IP", 19), "skip moves ref: %s", line);
		tl_printer_free(p);
	}
	/* Bit 31 of the seconds: tcpdump cannot convert it. */
	{
		struct tl_print_cfg cfg = { .tsfmt = TL_TS_EPOCH };
		struct tl_printer *p = tl_printer_new(&cfg, NULL);
		struct tl_ts big = { 0x80000000ll, 5 };
		char line[TL_PRINT_LINE_MAX];

		fmt(p, fl, line, sizeof(line), build(&s), &big, NULL);
		TL_CHECK(!strncmp(line, "[Error converting time] IP", 26), "bit 31: %s", line);
		tl_printer_free(p);
	}
	tl_view_free(fl);
}

/* tcpdump -i any -nn on this machine: "%-5s " name, then "In  " / "Out ". */
static void test_ifprefix(void)
{
	struct tl_print_cfg cfg = { .tsfmt = TL_TS_NONE, .ifprefix = true, .abs_seq = true };
	struct tl_printer *p = tl_printer_new(&cfg, NULL);
	struct seg s = { 4, "198.18.0.2", "198.18.0.1", 54296, 5555, 1,
			 0, 0x02,	  64240,	20,    20,   .urg = 0 };
	struct tl_ts ts = { T0, 0 };
	char line[TL_PRINT_LINE_MAX];

	fmt(p, NULL, line, sizeof(line), build(&s), &ts, "v0");
	TL_CHECK_STR(
		line,
		"v0    In  IP 198.18.0.2.54296 > 198.18.0.1.5555: Flags [S], seq 1, win 64240, length 0\n",
		"ifprefix in");
	build(&s)->flags |= TL_RF_EGRESS;
	fmt(p, NULL, line, sizeof(line), (struct tl_record *)tl_rb, &ts, "th26371lngbb");
	TL_CHECK_STR(
		line,
		"th26371lngbb Out IP 198.18.0.2.54296 > 198.18.0.1.5555: Flags [S], seq 1, win 64240, length 0\n",
		"ifprefix out");
	tl_printer_free(p);
}

/* Live mode (tcpdump >= 4.99.5): length 0 frames print the TCP line. */
static void test_live_len0(void)
{
	struct tl_print_cfg cfg = { .tsfmt = TL_TS_NONE, .abs_seq = true };
	struct tl_printer *p = tl_printer_new(&cfg, NULL);
	struct seg s = { 4,	"198.18.0.1",  "198.18.0.2",	    1, 2, 1, 2, 0x10, 9, 20,
			 65020, .caplen = 100, .rflags = TL_RF_LEN0 };
	struct tl_ts ts = { T0, 0 };
	char line[TL_PRINT_LINE_MAX];

	fmt(p, NULL, line, sizeof(line), build(&s), &ts, NULL);
	TL_CHECK_STR(
		line,
		"IP 198.18.0.1.1 > 198.18.0.2.2: Flags [.], seq 1:65001, ack 2, win 9, length 65000\n",
		"live len0");
	tl_printer_free(p);
}

/* Output path: lines reach the fd, and the cost per typical line is reported. */
static void test_out_and_bench(void)
{
	struct tl_print_cfg cfg = { .tsfmt = TL_TS_DEFAULT };
	struct tl_view *fl = tview(0);
	int fd = open("/dev/null", O_WRONLY);
	struct tl_out *out = tl_out_new(fd, false);
	struct tl_printer *p = tl_printer_new(&cfg, out);
	struct seg s = {
		4,   "192.168.1.11", "209.87.249.18", 33779, 53, 100,
		200, 0x18,	     64240,	      32,    90, .opts = "0101080a0000000100000002"
	};
	struct tl_record *r = build(&s);
	struct timespec t0, t1;
	const int n = 2000000;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) {
		struct tl_ts ts = { T0 + i / 100000, (uint32_t)i % 1000000 };

		r->seq += 58;
		if (prt(p, fl, r, &ts, NULL))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TL_CHECK(tl_out_flush(out) == 0, "flush to /dev/null");
	ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
	printf("print: %.1f ns/line (options + relative seq + output buffer)\n", ns);
	TL_CHECK(ns < 1000, "formatter far too slow: %.1f ns/line", ns);
	tl_printer_free(p);
	tl_out_free(out);
	close(fd);

	/* A closed pipe ends quietly with -EPIPE. */
	{
		int pfd[2];
		struct tl_out *o;

		signal(SIGPIPE, SIG_IGN);
		TL_CHECK(pipe(pfd) == 0, "pipe");
		close(pfd[0]);
		o = tl_out_new(pfd[1], true);
		TL_CHECK(tl_out_write(o, "x\n", 2) == -EPIPE, "EPIPE reported");
		TL_CHECK(tl_out_flush(o) == -EPIPE, "EPIPE sticky");
		tl_out_free(o);
		close(pfd[1]);
	}
	tl_view_free(fl);
}

/*
 * The digit writer splits numbers at 10^4 and 10^8, and the endpoint text is cached in 256
 * slots: numbers on both sides of every split, the longest IPv6 endpoints, and more distinct
 * endpoints than slots, each printed twice and then all again after they were evicted.
 */
static void test_digits_and_endpoints(const struct tl_print_cfg *cfg)
{
	static const uint32_t nums[] = { 0,	   9,	      10,	 99,	     100,
					 9999,	   10000,     99999,	 100000,     9999999,
					 99999999, 100000000, 999999999, 1000000000, 4294967295u };
	struct tl_view *fl = tview(64);
	struct tl_printer *p = tl_printer_new(cfg, NULL);
	char line[TL_PRINT_LINE_MAX], want[TL_PRINT_LINE_MAX];
	struct tl_ts ts = { T0, 0 };
	struct seg sg = { 4, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0x04, 0, 20, 20, .sec = T0 };
	int bad = 0;

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		/* A RST without ACK shows its sequence number as it is. */
		sg.seq = nums[i];
		sg.win = (uint16_t)nums[i];
		fmt(p, fl, line, sizeof(line), build(&sg), &ts, NULL);
		snprintf(want, sizeof(want),
			 "03:04:05.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [R], seq %u, win %u, "
			 "length 0\n",
			 nums[i], (unsigned int)(uint16_t)nums[i]);
		TL_CHECK_STR(line, want, "digits");
	}
	sg = (struct seg){ 6,
			   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
			   "fffe:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
			   65535,
			   65534,
			   1,
			   0,
			   0x04,
			   0,
			   20,
			   20,
			   .sec = T0 };
	fmt(p, fl, line, sizeof(line), build(&sg), &ts, NULL);
	TL_CHECK_STR(line,
		     "03:04:05.000000 IP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff.65535 > "
		     "fffe:ffff:ffff:ffff:ffff:ffff:ffff:fffe.65534: Flags [R], seq 1, win 0, "
		     "length 0\n",
		     "longest IPv6 endpoints");
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 700; i++) {
			char a[32], b[32];

			snprintf(a, sizeof(a), "10.%d.%d.1", i / 200, i % 200);
			snprintf(b, sizeof(b), "192.168.%d.%d", i % 7, i % 250);
			sg = (struct seg){ 4,
					   a,
					   b,
					   (uint16_t)(1000 + i),
					   (uint16_t)(80 + round % 2),
					   7,
					   0,
					   0x04,
					   0,
					   20,
					   20,
					   .sec = T0 };
			fmt(p, fl, line, sizeof(line), build(&sg), &ts, NULL);
			snprintf(want, sizeof(want),
				 "03:04:05.000000 IP %s.%d > %s.%d: Flags [R], seq 7, win 0, "
				 "length 0\n",
				 a, 1000 + i, b, 80 + round % 2);
			if (strcmp(line, want) && bad++ < 3)
				TL_CHECK_STR(line, want, "endpoint cache");
		}
	}
	TL_CHECK(!bad, "endpoint cache: %d of 2100 lines wrong", bad);
	tl_printer_free(p);
	tl_view_free(fl);
}

int main(void)
{
	/* These tables hold tcpdump -T vat's lines: the payload decoders are off. */
	struct tl_print_cfg rel = { .tsfmt = TL_TS_DEFAULT,
				    .len0_as_4993 = true,
				    .dec.mode = TL_DEC_OFF };
	struct tl_print_cfg abs = { .tsfmt = TL_TS_DEFAULT,
				    .abs_seq = true,
				    .len0_as_4993 = true,
				    .dec.mode = TL_DEC_OFF };

	setenv("TZ", "UTC", 1);
	tzset();
	check_lines("ssh relative", &rel, tl_ssh, sizeof(tl_ssh) / sizeof(tl_ssh[0]));
	check_lines("mid-stream", &rel, tl_mid, sizeof(tl_mid) / sizeof(tl_mid[0]));
	check_lines("-S", &abs, tl_abs, sizeof(tl_abs) / sizeof(tl_abs[0]));
	check_lines("shapes", &rel, tl_shapes, sizeof(tl_shapes) / sizeof(tl_shapes[0]));
	test_ts();
	test_ifprefix();
	test_live_len0();
	test_digits_and_endpoints(&rel);
	test_out_and_bench();
	return tl_test_done("print");
}
