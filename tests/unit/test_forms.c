// SPDX-License-Identifier: GPL-2.0-only
/*
 * The output forms (-e, -v, -vv, -q, -x/-X/-A and their doubles) on hand-built frames, each
 * parsed by the user-space parser, given its frame section and printed, against the lines
 * Debian's tcpdump 4.99.3 prints for the same frame in a pcap (TZ=UTC, -nn -T vat); and
 * tcpdump -i any's cooked header, which a live line makes of an Ethernet frame.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tl_test.h"
#include "capture/parse.h"
#include "out/names.h"
#include "out/print.h"

/* Frames of the cases, as hex. */
/* 802.1Q tag 5 (p 1), 802.3 length, LLC/SNAP, IPv4, "GET /\r\n" to port 80. */
static const char tl_llc[] =
	"020000000002020000000001810020050037aaaa0300000008004500002f0001400040064e8cc0000201"
	"c6336407040100500000000100000002501801f6e8cc0000474554202f0d0a";
/* IPv4 with NOP, LSRR 203.0.113.9: the TCP checksum covers the route's last hop. */
static const char tl_lsrr[] =
	"02000000000202000000000108004700003000014000400607fac0000201c633640701830704cb007109"
	"040115b30000000100000000500201f6962c0000";
/* IPv6 with a type 0 routing header of two addresses. */
static const char tl_rt6[] =
	"02000000000202000000000186dd6000abcd003c2b4020010db8000000000000000000000001"
	"20010db8000000000000000000000002060400010000000020010db800000000000000000000000a"
	"20010db800000000000000000000000b9c4001bb0000000700000009501003e8b2630000";
/* RST with 34 payload bytes: CR, LF, ^A, DEL, 0x80, 0xff. */
static const char tl_rst[] =
	"02000000000202000000000108004500004a0001400040064e71c6336407c0000201005004010000000500"
	"00000650140000c8ef00006279650d0a017f80ff78787878787878787878787878787878787878787878"
	"787878";
/* Payload "a\rb\r\nc\r\r": which CRs ascii_print turns into '.'. */
static const char tl_ascii[] =
	"0200000000020200000000010800450000300001400040064e8bc6336407c0000201005004010000000500"
	"0000065018"
	"0000e4a10000610d620d0a630d0d";
/* TOS 0xb3 (CE), TTL 0, MF and the reserved bit, header checksum 0: wrong. */
static const char tl_bad[] =
	"020000000002020000000001080045b300280001a00000060000c6336407c000020100500401000000050000"
	"00065010000000000000";
/* An outgoing SYN, as tcpdump -i any sees it with ifindex 1 ("lo" on every host). */
static const char tl_any[] =
	"02000000000202000000000108004500002c0001400040064e8fc0000201c6336407bc241f90121e633a0000"
	"00006002faf05fec0000020405b4";

/* tl_ascii between Cisco's 00:00:0c and 00:80:c2, which tcpdump's OUI table holds twice. */
static const char tl_oui[] =
	"0080c200000200000c0000010800450000300001400040064e8bc6336407c0000201005004010000000500"
	"0000065018"
	"0000e4a10000610d620d0a630d0d";
/* tl_ascii from aa:bb:cc:dd:ee:ff, which the test's ethers names, to 00:00:00:00:00:01. */
static const char tl_ethers[] =
	"000000000001aabbccddeeff0800450000300001400040064e8bc6336407c0000201005004010000000500"
	"0000065018"
	"0000e4a10000610d620d0a630d0d";

static uint8_t tl_rec[TL_RECORD_MAX + 16 + 2048];

/* The record of the frame hex with its whole frame section, or NULL. */
static const struct tl_record *record_of(const char *hex, uint32_t ifindex, bool egress)
{
	static const struct tl_frame_cfg csum = { .csum = 1 };
	static struct tl_parse_mem m;
	uint8_t frame[1024];
	struct tl_frame f = { .link = TL_LINK_ETH };
	struct tl_record *r = (struct tl_record *)tl_rec;
	struct tl_frame_sect *fs;
	struct tl_l3 l3 = {};
	uint32_t n = 0, off;

	for (const char *h = hex; h[0] && h[1] && n < sizeof(frame); h++) {
		unsigned int b;

		if (*h == ' ')
			continue;
		if (sscanf(h, "%2x", &b) != 1)
			return NULL;
		frame[n++] = (uint8_t)b;
		h++;
	}
	f.buf_len = f.cap_len = f.wire_len = n;
	/* -v's checksum verdict comes in the record, as the kernel puts it there. */
	if (tl_parse_frame(frame, &f, r, &csum) != TL_CNT_EMITTED)
		return NULL;
	memset(&m, 0, sizeof(m));
	memcpy(m.buf, frame, n);
	if (tl_parse_link(&m, &f, &l3) ||
	    (l3.proto == 0x0800 ? tl_parse_ipv4(&m, &f, &l3) : tl_parse_ipv6(&m, &f, &l3)))
		return NULL;
	off = TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags);
	memset(tl_rec + TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len, 0,
	       off - (TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len));
	fs = (struct tl_frame_sect *)(tl_rec + off);
	*fs = (struct tl_frame_sect){ .len = n,
				      .wire_len = n,
				      .link = TL_LINK_ETH,
				      .l3_off = (uint16_t)l3.l2,
				      .l4_off = (uint16_t)l3.tcp_off };
	memcpy(fs + 1, frame, n);
	r->flags |= TL_RF_FRAME | (egress ? TL_RF_EGRESS : 0);
	r->size = (uint16_t)((off + sizeof(*fs) + n + 7) & ~7U);
	r->ifindex = ifindex;
	return r;
}

/* Print hex's segment with the forms of cfg (absolute numbers, as tcpdump's first lines). */
static void check(const char *what, const char *hex, struct tl_print_cfg cfg, const char *want)
{
	static char got[65536];
	const struct tl_record *r = record_of(hex, 1, cfg.ifprefix);
	struct tl_capture_meta m = { .ts = { 1704164645, 3000 }, .ifname = "lo" };
	struct tl_printer *p;
	struct tl_segview v;

	/* The forms as -T vat prints them: the payload decoders have their own tests
	 * (test_decode.c) and the conformance runs check both together. */
	cfg.dec.mode = TL_DEC_OFF;

	TL_CHECK(r != NULL, "%s: the frame parses into a record", what);
	if (!r)
		return;
	p = tl_printer_new(&cfg, NULL);
	TL_CHECK(p != NULL, "%s: printer", what);
	if (!p)
		return;
	tl_view_plain(r, &m, &v);
	tl_format_record(p, got, sizeof(got), &v);
	TL_CHECK_STR(got, want, what);
	tl_printer_free(p);
}

/* A record whose frame section claims more than the record holds prints without it. */
static void test_hostile(void)
{
	static char got[65536];
	struct tl_print_cfg cfg = { .link = true, .hexasc = 2 };
	struct tl_record *r = (struct tl_record *)record_of(tl_llc, 1, false);
	struct tl_capture_meta m = { .ts = { 1704164645, 3000 } };
	struct tl_frame_sect *fs;
	struct tl_printer *p = tl_printer_new(&cfg, NULL);
	struct tl_segview v;

	TL_CHECK(r && p, "record and printer");
	if (!r || !p)
		return;
	fs = (struct tl_frame_sect *)((uint8_t *)r +
				      TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags));
	fs->len = 60000;
	tl_view_plain(r, &m, &v);
	tl_format_record(p, got, sizeof(got), &v);
	TL_CHECK_STR(got,
		     "03:04:05.003000 IP 192.0.2.1.1025 > 198.51.100.7.80: Flags [P.], seq 1:8, "
		     "ack 2, win 502, length 7\n",
		     "a section longer than its record is not read");
	fs->len = 73;
	fs->l4_off = 600;
	tl_format_record(p, got, sizeof(got), &v);
	TL_CHECK(!strstr(got, "vlan"), "a TCP offset past the parser's window: no frame read");
	tl_printer_free(p);
}

/* The ethers database of the names cases: one address, and how often it was asked. */
static int ether_calls;

static int fake_ether(void *ctx, const uint8_t *mac, char *name, size_t len)
{
	(void)ctx;
	ether_calls++;
	if (memcmp(mac, "\xaa\xbb\xcc\xdd\xee\xff", 6))
		return -1;
	return snprintf(name, len, "mybox.example");
}

static int no_host(void *ctx, uint8_t family, const uint8_t *addr, char *name, size_t len)
{
	(void)ctx, (void)family, (void)addr, (void)name, (void)len;
	return -1;
}

/*
 * -e without -n: each MAC address as the ethers database names it, else with tcpdump's OUI
 * vendor after it. The lines are tcpdump -T vat -e's for the frames in a pcap, run with this
 * ethers file over an overlay of /etc and "http 80/tcp" over /etc/services.
 */
static void test_mac_names(void)
{
	char svc[] = "/tmp/tl_forms_svc.XXXXXX";
	int fd = mkstemp(svc);
	struct tl_names_cfg nc = { .services = svc, .lookup = no_host, .ether = fake_ether };
	struct tl_names *nm = NULL;
	struct tl_print_cfg e = { .link = true }, any_e = { .ifprefix = true, .link = true };

	TL_CHECK(fd >= 0 && write(fd, "http\t80/tcp\n", 12) == 12, "services file written");
	if (fd >= 0)
		close(fd);
	TL_CHECK(tl_names_new(&nc, &nm) == 0, "names");
	unlink(svc);
	if (!nm)
		return;
	e.names = any_e.names = nm;
	check("-e, names: OUI vendors, the first of a prefix listed twice", tl_oui, e,
	      "03:04:05.003000 00:00:0c:00:00:01 (oui Cisco) > 00:80:c2:00:00:02 (oui Ethernet "
	      "bridged), ethertype IPv4 (0x0800), length 62: 198.51.100.7.http > 192.0.2.1.1025: "
	      "Flags [P.], seq 5:13, ack 6, win 0, length 8\n");
	check("-e, names: the ethers name, and 00:00:00 is Ethernet", tl_ethers, e,
	      "03:04:05.003000 mybox.example > 00:00:00:00:00:01 (oui Ethernet), ethertype IPv4 "
	      "(0x0800), length 62: 198.51.100.7.http > 192.0.2.1.1025: Flags [P.], seq 5:13, ack 6, "
	      "win 0, length 8\n");
	ether_calls = 0;
	check("-e, names: again", tl_ethers, e,
	      "03:04:05.003000 mybox.example > 00:00:00:00:00:01 (oui Ethernet), ethertype IPv4 "
	      "(0x0800), length 62: 198.51.100.7.http > 192.0.2.1.1025: Flags [P.], seq 5:13, ack 6, "
	      "win 0, length 8\n");
	TL_CHECK(ether_calls == 0, "each address asked once, not per line (%d calls)", ether_calls);
	/* sll2_print names its one address with the same etheraddr_string. */
	check("-i any -e, names: a locally administered address is Unknown", tl_any, any_e,
	      "03:04:05.003000 lo    Out ifindex 1 02:00:00:00:00:01 (oui Unknown) ethertype IPv4 "
	      "(0x0800), length 64: 192.0.2.1.48164 > 198.51.100.7.8080: Flags [S], seq 303981370, "
	      "win 64240, options [mss 1460], length 0\n");
	tl_names_free(nm);
}

int main(void)
{
	const struct tl_print_cfg e = { .link = true }, v = { .verbose = 1 }, vv = { .verbose = 2 },
				  q = { .quiet = 1 }, a = { .ascii = 1 },
				  any_e = { .ifprefix = true, .link = true },
				  any_xx = { .ifprefix = true, .hex = 2 },
				  any_x = { .ifprefix = true, .hexasc = 1 };

	setenv("TZ", "UTC", 1);
	check("-e: VLAN tag, 802.3 length, LLC/SNAP", tl_llc, e,
	      "03:04:05.003000 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q (0x8100), "
	      "length 73: vlan 5, p 1, 802.3LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) "
	      "Command, ctrl 0x03: oui Ethernet (0x000000), ethertype IPv4 (0x0800), length 47: "
	      "192.0.2.1.1025 > 198.51.100.7.80: Flags [P.], seq 1:8, ack 2, win 502, length 7\n");
	check("-q", tl_llc, q, "03:04:05.003000 IP 192.0.2.1.1025 > 198.51.100.7.80: tcp 7\n");
	check("-A: from the IP header, CR LF at the end", tl_llc, a,
	      "03:04:05.003000 IP 192.0.2.1.1025 > 198.51.100.7.80: Flags [P.], seq 1:8, ack 2, "
	      "win 502, length 7\nE../..@.@.N......3d....P........P.......GET /\n\n");
	check("-v: IPv4 options, checksum to the source route's last hop", tl_lsrr, v,
	      "03:04:05.003000 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), "
	      "length 48, options (NOP,LSRR 203.0.113.9))\n    192.0.2.1.1025 > 198.51.100.7.5555: "
	      "Flags [S], cksum 0x962c (correct), seq 1, win 502, length 0\n");
	check("-v: IPv6 routing header", tl_rt6, v,
	      "03:04:05.003000 IP6 (flowlabel 0x0abcd, hlim 64, next-header Routing (43) payload "
	      "length: 60) 2001:db8::1 > 2001:db8::2: RT6 (len=4, type=0 [Deprecated], segleft=1, "
	      "rsv=0x0, [0]2001:db8::a, [1]2001:db8::b) 40000 > 443: Flags [.], cksum 0xb263 "
	      "(correct), ack 9, win 1000, length 0\n");
	check("-vv: seq on a pure ACK", tl_rt6, vv,
	      "03:04:05.003000 IP6 (flowlabel 0x0abcd, hlim 64, next-header Routing (43) payload "
	      "length: 60) 2001:db8::1 > 2001:db8::2: RT6 (len=4, type=0 [Deprecated], segleft=1, "
	      "rsv=0x0, [0]2001:db8::a, [1]2001:db8::b) 40000 > 443: Flags [.], cksum 0xb263 "
	      "(correct), seq 7, ack 9, win 1000, length 0\n");
	check("-v: RST payload", tl_rst, v,
	      "03:04:05.003000 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), "
	      "length 74)\n    198.51.100.7.80 > 192.0.2.1.1025: Flags [R.], cksum 0xc8ef (correct), "
	      "seq 5:39, ack 6, win 0, length 34 [RST+ bye^M^J^A^?M-^@M-^?xxxxxxxxxxxxxxxxxxxxx]\n");
	check("-A: CRs", tl_ascii, a,
	      "03:04:05.003000 IP 198.51.100.7.80 > 192.0.2.1.1025: Flags [P.], seq 5:13, ack 6, "
	      "win 0, length 8\nE..0..@.@.N..3d......P..........P.......a.b\nc\n");
	check("-v: ECN, TTL 0, flags, bad header checksum, a fragment has no TCP checksum", tl_bad,
	      v,
	      "03:04:05.003000 IP (tos 0xb3,CE, id 1, offset 0, flags [+, rsvd], proto TCP (6), "
	      "length 40, bad cksum 0 (->2de0)!)\n    198.51.100.7.80 > 192.0.2.1.1025: Flags [.], "
	      "ack 6, win 0, length 0\n");
	check("-i any -e: the cooked v2 header", tl_any, any_e,
	      "03:04:05.003000 lo    Out ifindex 1 02:00:00:00:00:01 ethertype IPv4 (0x0800), "
	      "length 64: 192.0.2.1.48164 > 198.51.100.7.8080: Flags [S], seq 303981370, win 64240, "
	      "options [mss 1460], length 0\n");
	check("-i any -xx: dumped behind its cooked header", tl_any, any_xx,
	      "03:04:05.003000 lo    Out IP 192.0.2.1.48164 > 198.51.100.7.8080: Flags [S], seq "
	      "303981370, win 64240, options [mss 1460], length 0\n"
	      "\t0x0000:  0800 0000 0000 0001 0001 0406 0200 0000\n"
	      "\t0x0010:  0001 0000 4500 002c 0001 4000 4006 4e8f\n"
	      "\t0x0020:  c000 0201 c633 6407 bc24 1f90 121e 633a\n"
	      "\t0x0030:  0000 0000 6002 faf0 5fec 0000 0204 05b4\n");
	check("-i any -X: from the IP header", tl_any, any_x,
	      "03:04:05.003000 lo    Out IP 192.0.2.1.48164 > 198.51.100.7.8080: Flags [S], seq "
	      "303981370, win 64240, options [mss 1460], length 0\n"
	      "\t0x0000:  4500 002c 0001 4000 4006 4e8f c000 0201  E..,..@.@.N.....\n"
	      "\t0x0010:  c633 6407 bc24 1f90 121e 633a 0000 0000  .3d..$....c:....\n"
	      "\t0x0020:  6002 faf0 5fec 0000 0204 05b4            `..._.......\n");
	test_hostile();
	test_mac_names();
	return tl_test_done("forms");
}
