// SPDX-License-Identifier: GPL-2.0-only
/* BPF_PROG_TEST_RUN fixtures: hand-built frames through the loaded programs and the user-space
 * parser, checking verdicts, record fields, counters and kernel/user byte identity. */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "tcplens.h"
#include "capture/parse.h" /* bpf/parse.h comes first in the include path */
#include "tcplens.skel.h"
#include "tl_test.h"

#define AUTO	  (-1) /* IP length field: computed from the frame */
#define SNAP	  64   /* cfg_frame.every of the frame skeleton: -s 64 with -w */
#define TC_UNSPEC 0xffffffffu
#define SPORT	  1000
#define DPORT	  2000
#define SEQ	  0x01020304u
#define ACK	  0x0a0b0c0du
#define DOFF_0	  16 /* shifted into the 4-bit field it writes 0 */

struct tl_pkt {
	uint8_t b[1600];
	uint32_t len;
	uint32_t addr_off; /* source address in the frame */
	uint32_t tcp_off;
	uint32_t len_off; /* the 802.3 length field, when the case has one; else 0 */
};

struct tl_want {
	uint16_t flags;
	uint32_t l4_len;
	uint32_t l4_caplen;
	uint32_t ip_missing;
	uint8_t opt_len;
	uint8_t ext_cnt;
	uint32_t frame_len; /* the frame section's bytes (cases with snap) */
	uint16_t csum;	    /* the checksum verdict (cases with sum) */
};

/* One fixture: how to build the frame, how it was captured, what must come out. */
struct tl_case {
	const char *desc;
	uint32_t link;	    /* enum tl_link */
	uint16_t tags[4];   /* VLAN TPIDs before the ethertype, 0-terminated */
	uint8_t llc;	    /* an 802.2 LLC header before IP: enum tl_llc_case */
	uint16_t ethertype; /* Ethernet / SLL protocol; 0: from ip */
	uint8_t ip;	    /* 4 or 6 */
	uint8_t ver;	    /* version nibble written; 0: ip */
	uint8_t ihl;	    /* IPv4 header words; 0: 5 (more are NOP options) */
	int32_t iplen;	    /* IPv4 total / IPv6 payload length field, or AUTO */
	uint16_t frag;	    /* IPv4 flags and fragment offset field */
	uint8_t proto;	    /* IPv4 protocol / IPv6 final next header; 0: TCP */
	uint8_t ext[6];	    /* IPv6 extension headers in order */
	uint8_t n_ext;
	uint8_t ext_words; /* length field of HBH/routing/dstopts headers */
	uint16_t ext_frag; /* IPv6 fragment header offset/M field */
	uint32_t jumbo;	   /* jumbo option in the first HBH header when non-zero */
	uint32_t null_af;  /* BSD NULL family as a host-order number; 0: from ip */
	uint8_t null_swap; /* write it in the other byte order */
	uint8_t doff;	   /* TCP data offset field; 0: 5 + options / 4; DOFF_0: 0 */
	const char *opts;  /* raw TCP option bytes */
	uint8_t opt_n;
	uint16_t payload;
	uint8_t tcp_flags;
	uint32_t cut;	  /* capture only this many bytes */
	int32_t wire_adj; /* wire_len = frame length + wire_adj */
	uint8_t snap;	  /* run with cfg_frame.every = SNAP: records carry frame bytes */
	uint8_t sum;  /* run with cfg_frame.csum, the TCP checksum field set: enum tl_sum_case */
	uint8_t lsrr; /* IPv4 options: a NOP and a loose source route to FINAL4 (ihl 7) */
	uint8_t rt;   /* IPv6 routing headers: type 0, one address, FINAL6 */
	int want;     /* enum tl_counter outcome */
	struct tl_want e; /* record fields when want is TL_CNT_EMITTED */
};

/*
 * LLC headers of the cases: SNAP with OUI 0 (RFC 1042) or Cisco's 0x0000f8, RFC 948's IP SAP,
 * and shapes tcpdump does not hand to IP. On Ethernet the type field becomes the 802.3 length;
 * in a cooked header the protocol becomes 0x0004 (802.2).
 */
enum tl_llc_case {
	LLC_NONE,
	LLC_SNAP,
	LLC_SNAP_CISCO,
	LLC_IP_SAP,
	LLC_SNAP_OTHER_OUI,
	LLC_NOT_UI,
	LLC_SNAP_GROUP_BITS,
};

/* The checksum field of a case with sum: right, or right + 1 (in_cksum then gives 0xfffe). */
enum tl_sum_case {
	SUM_NONE,
	SUM_RIGHT,
	SUM_WRONG,
};

/* The last hop of the source route and the routing header: the pseudo-header's destination. */
#define FINAL4 198, 18, 0, 99
#define FINAL6 0xfd, 0, 1, 0x98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x99

/* mss 1460, wscale 7, sackOK, TS val 7 ecr 0, eol */
#define OPTS_SYN "\x02\x04\x05\xb4\x03\x03\x07\x04\x02\x08\x0a\0\0\0\x07\0\0\0\0\0"

#define F(...)              \
	(uint8_t[])         \
	{                   \
		__VA_ARGS__ \
	}

/* Offsets below: Ethernet 14, IPv4 20, IPv6 40, TCP 20. */
static const struct tl_case cases[] = {
	{ "ipv4 syn mss,wscale,sackOK,TS,eol", TL_LINK_ETH, .ip = 4, .opts = OPTS_SYN, .opt_n = 20,
	  .tcp_flags = 0x02, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 40, .l4_caplen = 40, .opt_len = 20 } },
	{ "ipv4 ack with payload", TL_LINK_ETH, .ip = 4, .payload = 100, .tcp_flags = 0x18,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 120, .l4_caplen = 120 } },
	{ "ipv4 pure ack, no payload", TL_LINK_ETH, .ip = 4, .tcp_flags = 0x10, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "ipv4 fin", TL_LINK_ETH, .ip = 4, .tcp_flags = 0x11, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "ipv4 rst", TL_LINK_ETH, .ip = 4, .tcp_flags = 0x04, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "ipv6 with payload", TL_LINK_ETH, .ip = 6, .payload = 10, .tcp_flags = 0x18,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 30, .l4_caplen = 30 } },
	{ "802.1Q", TL_LINK_ETH, .tags = { 0x8100 }, .ip = 4, .payload = 5, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 25, .l4_caplen = 25 } },
	{ "QinQ 802.1ad + 802.1Q, ipv6", TL_LINK_ETH, .tags = { 0x88a8, 0x8100 }, .ip = 6,
	  .payload = 5, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 25, .l4_caplen = 25 } },
	{ "tags 0x9100 + 0x9200", TL_LINK_ETH, .tags = { 0x9100, 0x9200 }, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "three VLAN tags", TL_LINK_ETH, .tags = { 0x8100, 0x8100, 0x8100 }, .ip = 4,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "four VLAN tags", TL_LINK_ETH, .tags = { 0x8100, 0x8100, 0x8100, 0x8100 }, .ip = 4,
	  .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "802.3 + LLC/SNAP ipv4", TL_LINK_ETH, .llc = LLC_SNAP, .ip = 4, .payload = 7,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 27, .l4_caplen = 27 } },
	{ "802.3 + LLC/SNAP ipv6", TL_LINK_ETH, .llc = LLC_SNAP, .ip = 6, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "vlan + 802.3 + LLC/SNAP", TL_LINK_ETH, .tags = { 0x8100 }, .llc = LLC_SNAP, .ip = 4,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "802.3 + SNAP, Cisco OUI", TL_LINK_ETH, .llc = LLC_SNAP_CISCO, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "802.3 + LLC IP SAP (RFC 948)", TL_LINK_ETH, .llc = LLC_IP_SAP, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "802.3 + SNAP, group and response bits", TL_LINK_ETH, .llc = LLC_SNAP_GROUP_BITS, .ip = 4,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "802.3 + SNAP, other OUI", TL_LINK_ETH, .llc = LLC_SNAP_OTHER_OUI, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "802.3 + LLC not UI", TL_LINK_ETH, .llc = LLC_NOT_UI, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "802.3 + SNAP cut", TL_LINK_ETH, .llc = LLC_SNAP, .ip = 4, .iplen = AUTO, .cut = 20,
	  .want = TL_CNT_MALFORMED },
	{ "sll 802.1Q", TL_LINK_SLL, .tags = { 0x8100 }, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "sll 802.1ad is not followed", TL_LINK_SLL, .tags = { 0x88a8 }, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "sll 802.2 SNAP", TL_LINK_SLL, .llc = LLC_SNAP, .ip = 6, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "sll2 802.1Q + 802.2 SNAP", TL_LINK_SLL2, .tags = { 0x8100 }, .llc = LLC_SNAP, .ip = 4,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "options sack 2 blocks", TL_LINK_ETH, .ip = 4, .tcp_flags = 0x10, .iplen = AUTO,
	  .opts = "\x01\x01\x05\x12"
		  "12345678abcdefgh",
	  .opt_n = 20, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 40, .l4_caplen = 40, .opt_len = 20 } },
	{ "options echo,echoreply,cc,ccnew", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\x06\x06"
		  "abcd"
		  "\x07\x06"
		  "efgh"
		  "\x0b\x06"
		  "ijkl"
		  "\x0c\x06"
		  "mnop",
	  .opt_n = 24, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 44, .l4_caplen = 44, .opt_len = 24 } },
	{ "options 13,scps,uto,tcp-ao", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\x0d\x06"
		  "abcd"
		  "\x14\x04\x01\x02"
		  "\x1c\x04\x81\x02"
		  "\x1d\x04\x01\x02"
		  "\x01\x01",
	  .opt_n = 20, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 40, .l4_caplen = 40, .opt_len = 20 } },
	{ "options md5", TL_LINK_ETH, .ip = 6, .iplen = AUTO,
	  .opts = "\x13\x12"
		  "0123456789abcdef"
		  "\x01\x00",
	  .opt_n = 20, .payload = 3, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 43, .l4_caplen = 43, .opt_len = 20 } },
	{ "options mptcp,tfo,exp", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\x1e\x0c\x00\x81"
		  "abcdefgh"
		  "\x22\x0a"
		  "cookie12"
		  "\xfe\x06\xf9\x89\x01\x02",
	  .opt_n = 28, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 48, .l4_caplen = 48, .opt_len = 28 } },
	{ "options unknown kind, 40 bytes", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\xa1\x04\x30\x30"
		  "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		  "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
		  "\x01\x01\x01\x01\x01\x00",
	  .opt_n = 40, .payload = 7, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 67, .l4_caplen = 67, .opt_len = 40 } },
	{ "option length 0", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .opts = "\x02\x00\x01\x01",
	  .opt_n = 4, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 24, .l4_caplen = 24, .opt_len = 4 } },
	{ "option length 1", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .opts = "\x08\x01\x01\x01",
	  .opt_n = 4, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 24, .l4_caplen = 24, .opt_len = 4 } },
	{ "option length past the header", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\x01\x08\x0a\x00", .opt_n = 4, .payload = 12, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 36, .l4_caplen = 36, .opt_len = 4 } },
	{ "ipv4 first fragment", TL_LINK_ETH, .ip = 4, .frag = 0x2000, .payload = 20, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .flags = TL_RF_FRAG, .l4_len = 40, .l4_caplen = 40 } },
	{ "ipv4 first fragment too short for tcp", TL_LINK_ETH, .ip = 4, .frag = 0x2000,
	  .iplen = 28, .cut = 14 + 28, .wire_adj = -12, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAG, .l4_len = 8, .l4_caplen = 8 } },
	{ "ipv4 later fragment", TL_LINK_ETH, .ip = 4, .frag = 0x0005, .payload = 20, .iplen = AUTO,
	  .want = TL_CNT_IP_FRAG },
	{ "ipv4 later fragment, udp", TL_LINK_ETH, .ip = 4, .frag = 0x0005, .proto = 17,
	  .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "ipv6 first fragment", TL_LINK_ETH, .ip = 6, .ext = { 44 }, .n_ext = 1,
	  .ext_frag = 0x0001, .payload = 10, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAG, .l4_len = 30, .l4_caplen = 30, .ext_cnt = 1 } },
	{ "ipv6 later fragment", TL_LINK_ETH, .ip = 6, .ext = { 44 }, .n_ext = 1,
	  .ext_frag = 5 << 3, .payload = 10, .iplen = AUTO, .want = TL_CNT_IP_FRAG },
	{ "ipv4 udp", TL_LINK_ETH, .ip = 4, .proto = 17, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "ipv6 udp", TL_LINK_ETH, .ip = 6, .proto = 17, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "arp", TL_LINK_ETH, .ethertype = 0x0806, .ip = 4, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "802.3 length field", TL_LINK_ETH, .ethertype = 0x05dc, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "ethernet header cut", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .cut = 10,
	  .want = TL_CNT_MALFORMED },
	{ "vlan tag cut", TL_LINK_ETH, .tags = { 0x8100 }, .ip = 4, .iplen = AUTO, .cut = 16,
	  .want = TL_CNT_MALFORMED },
	{ "ipv4 header cut", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .cut = 14 + 19,
	  .want = TL_CNT_MALFORMED },
	{ "ipv6 header cut", TL_LINK_ETH, .ip = 6, .iplen = AUTO, .cut = 14 + 39,
	  .want = TL_CNT_MALFORMED },
	/* tcpdump: "[remaining caplen(24) < header length(28)] [|ip]", no TCP part. */
	{ "ipv4 options cut", TL_LINK_ETH, .ip = 4, .ihl = 7, .iplen = AUTO, .cut = 14 + 24,
	  .want = TL_CNT_MALFORMED },
	{ "ipv4 options cut, one byte short", TL_LINK_ETH, .ip = 4, .ihl = 15, .iplen = AUTO,
	  .payload = 10, .cut = 14 + 59, .want = TL_CNT_MALFORMED },
	{ "ipv4 options cut, later fragment", TL_LINK_ETH, .ip = 4, .ihl = 7, .iplen = AUTO,
	  .frag = 0x0003, .cut = 14 + 24, .want = TL_CNT_IP_FRAG },
	{ "ipv4 options cut, not tcp", TL_LINK_ETH, .ip = 4, .ihl = 7, .iplen = AUTO, .proto = 17,
	  .cut = 14 + 24, .want = TL_CNT_NON_TCP },
	{ "ipv4 options captured, tcp not", TL_LINK_ETH, .ip = 4, .ihl = 7, .iplen = AUTO,
	  .cut = 14 + 28, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 0 } },
	/* 4.99.3 prints "IP bad-len 0" before it checks that the options were captured. */
	{ "ipv4 total length 0, options cut", TL_LINK_ETH, .ip = 4, .ihl = 7, .iplen = 0,
	  .payload = 10, .cut = 14 + 24, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_LEN0, .l4_len = 30, .l4_caplen = 0 } },
	{ "ipv4 total length 0, shorter than ihl on the wire", TL_LINK_ETH, .ip = 4, .ihl = 13,
	  .iplen = 0, .cut = 14 + 40, .wire_adj = -32, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_LEN0, .l4_len = 0, .l4_caplen = 0 } },
	/* Deliberate (README): 4.99.3 prints "IP bad-len 0" here too. */
	{ "ipv4 total length 0, later fragment", TL_LINK_ETH, .ip = 4, .iplen = 0, .frag = 0x2020,
	  .payload = 10, .want = TL_CNT_IP_FRAG },
	{ "ipv4 total length 0, first fragment", TL_LINK_ETH, .ip = 4, .iplen = 0, .frag = 0x2000,
	  .payload = 10, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_LEN0 | TL_RF_FRAG, .l4_len = 30, .l4_caplen = 30 } },
	{ "ipv4 total length 0, not tcp", TL_LINK_ETH, .ip = 4, .iplen = 0, .proto = 17,
	  .want = TL_CNT_NON_TCP },
	{ "ipv4 total length 0, 19 bytes on the wire", TL_LINK_ETH, .ip = 4, .iplen = 0,
	  .cut = 14 + 20, .wire_adj = -21, .want = TL_CNT_MALFORMED },
	{ "tcp ports cut", TL_LINK_ETH, .ip = 4, .payload = 10, .iplen = AUTO, .cut = 14 + 23,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 30, .l4_caplen = 3 } },
	{ "tcp header cut after ports", TL_LINK_ETH, .ip = 6, .payload = 10, .iplen = AUTO,
	  .cut = 14 + 40 + 10, .want = TL_CNT_EMITTED, .e = { .l4_len = 30, .l4_caplen = 10 } },
	{ "tcp options cut", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .opts = OPTS_SYN, .opt_n = 20,
	  .payload = 50, .cut = 14 + 20 + 26, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 90, .l4_caplen = 26, .opt_len = 6 } },
	{ "capture ends after the fixed tcp header", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .opts = "\x01\x01\x08\x0a\x00\x00\x00\x07\x00\x00\x00\x00", .opt_n = 12,
	  .cut = 14 + 20 + 20, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 32, .l4_caplen = 20, .opt_len = 0 } },
	{ "snaplen cut in payload", TL_LINK_ETH, .ip = 4, .iplen = AUTO, .payload = 100,
	  .cut = 14 + 20 + 24, .want = TL_CNT_EMITTED, .e = { .l4_len = 120, .l4_caplen = 24 } },
	{ "ihl 4", TL_LINK_ETH, .ip = 4, .ihl = 4, .iplen = AUTO, .want = TL_CNT_MALFORMED },
	{ "ipv4 options, ihl 6", TL_LINK_ETH, .ip = 4, .ihl = 6, .payload = 4, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 24, .l4_caplen = 24 } },
	{ "doff 4", TL_LINK_ETH, .ip = 4, .doff = 4, .payload = 10, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 30, .l4_caplen = 30 } },
	{ "doff 0", TL_LINK_ETH, .ip = 6, .doff = DOFF_0, .iplen = AUTO, .tcp_flags = 0x02,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "doff beyond the segment", TL_LINK_ETH, .ip = 4, .doff = 15, .payload = 8, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 28, .l4_caplen = 28, .opt_len = 8 } },
	{ "ipv6 hop-by-hop", TL_LINK_ETH, .ip = 6, .ext = { 0 }, .n_ext = 1, .payload = 10,
	  .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 30, .l4_caplen = 30, .ext_cnt = 1 } },
	{ "ipv6 dstopts", TL_LINK_ETH, .ip = 6, .ext = { 60 }, .n_ext = 1, .ext_words = 1,
	  .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20, .ext_cnt = 1 } },
	{ "ipv6 routing", TL_LINK_ETH, .ip = 6, .ext = { 43 }, .n_ext = 1, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20, .ext_cnt = 1 } },
	{ "ipv6 four extension headers", TL_LINK_ETH, .ip = 6, .ext = { 0, 60, 43, 60 }, .n_ext = 4,
	  .payload = 1, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 21, .l4_caplen = 21, .ext_cnt = 4 } },
	{ "ipv6 five extension headers", TL_LINK_ETH, .ip = 6, .ext = { 0, 60, 43, 44, 60 },
	  .n_ext = 5, .ext_frag = 0, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "ipv6 ah", TL_LINK_ETH, .ip = 6, .proto = 51, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "ipv6 extension header cut", TL_LINK_ETH, .ip = 6, .ext = { 0 }, .n_ext = 1,
	  .iplen = AUTO, .cut = 14 + 40 + 4, .want = TL_CNT_MALFORMED },
	{ "ipv6 extension header longer than the payload", TL_LINK_ETH, .ip = 6, .ext = { 60 },
	  .n_ext = 1, .iplen = 4, .want = TL_CNT_MALFORMED },
	/* tcpdump takes a jumbo length below 65536 for no jumbo option: "[No valid Jumbo
	 * Payload Hop-by-Hop option found] (invalid)". */
	{ "ipv6 jumbo option below 65536", TL_LINK_ETH, .ip = 6, .ext = { 0 }, .n_ext = 1,
	  .iplen = 0, .jumbo = 8 + 20 + 10, .payload = 10, .want = TL_CNT_MALFORMED },
	{ "ipv6 jumbo option 65536", TL_LINK_ETH, .ip = 6, .ext = { 0 }, .n_ext = 1, .iplen = 0,
	  .jumbo = 65536, .payload = 10, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_JUMBO,
		 .l4_len = 65528,
		 .l4_caplen = 30,
		 .ip_missing = 65576 - 78,
		 .ext_cnt = 1 } },
	{ "ipv6 payload length 0, hop-by-hop without jumbo", TL_LINK_ETH, .ip = 6, .ext = { 0 },
	  .n_ext = 1, .iplen = 0, .payload = 10, .want = TL_CNT_MALFORMED },
	/* An extension header in an empty payload: tcpdump prints "[|ip6]". */
	{ "ipv6 payload length 0, destination options", TL_LINK_ETH, .ip = 6, .ext = { 60 },
	  .n_ext = 1, .iplen = 0, .payload = 10, .want = TL_CNT_MALFORMED },
	{ "ipv6 payload length 0, routing", TL_LINK_ETH, .ip = 6, .ext = { 43 }, .n_ext = 1,
	  .iplen = 0, .payload = 10, .want = TL_CNT_MALFORMED },
	{ "ipv6 payload length 0, first fragment", TL_LINK_ETH, .ip = 6, .ext = { 44 }, .n_ext = 1,
	  .ext_frag = 1, .iplen = 0, .payload = 10, .want = TL_CNT_MALFORMED },
	{ "ipv6 payload length 0, later fragment", TL_LINK_ETH, .ip = 6, .ext = { 44 }, .n_ext = 1,
	  .ext_frag = 0x0010, .iplen = 0, .payload = 10, .want = TL_CNT_IP_FRAG },
	{ "ipv6 jumbo, then destination options", TL_LINK_ETH, .ip = 6, .ext = { 0, 60 },
	  .n_ext = 2, .iplen = 0, .jumbo = 70000, .payload = 10, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_JUMBO,
		 .l4_len = 70000 - 16,
		 .l4_caplen = 30,
		 .ip_missing = 70040 - 86,
		 .ext_cnt = 2 } },
	{ "ipv6 jumbo longer than the frame", TL_LINK_ETH, .ip = 6, .ext = { 0 }, .n_ext = 1,
	  .iplen = 0, .jumbo = 70000, .payload = 10, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_JUMBO,
		 .l4_len = 69992,
		 .l4_caplen = 30,
		 .ip_missing = 70040 - 78,
		 .ext_cnt = 1 } },
	{ "ipv6 payload length 0, no jumbo", TL_LINK_ETH, .ip = 6, .iplen = 0, .payload = 10,
	  .want = TL_CNT_EMITTED, .e = { .flags = TL_RF_LEN0, .l4_len = 30, .l4_caplen = 30 } },
	{ "ipv4 total length 0", TL_LINK_ETH, .ip = 4, .iplen = 0, .payload = 1000,
	  .want = TL_CNT_EMITTED, .e = { .flags = TL_RF_LEN0, .l4_len = 1020, .l4_caplen = 1020 } },
	{ "ipv4 total length below ihl", TL_LINK_ETH, .ip = 4, .iplen = 10,
	  .want = TL_CNT_MALFORMED },
	{ "ipv4 fewer than 20 bytes on the wire", TL_LINK_ETH, .ip = 4, .iplen = AUTO,
	  .payload = 10, .wire_adj = -31, .want = TL_CNT_MALFORMED },
	{ "ipv4 bytes missing", TL_LINK_ETH, .ip = 4, .iplen = 20 + 20 + 10 + 100, .payload = 10,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 130, .l4_caplen = 30, .ip_missing = 100 } },
	{ "ipv6 bytes missing", TL_LINK_ETH, .ip = 6, .iplen = 20 + 10 + 50, .payload = 10,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 80, .l4_caplen = 30, .ip_missing = 50 } },
	{ "ethertype ipv6, version 4", TL_LINK_ETH, .ethertype = 0x86dd, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_MALFORMED },
	{ "ethertype ipv4, version 6", TL_LINK_ETH, .ethertype = 0x0800, .ip = 6, .iplen = AUTO,
	  .want = TL_CNT_MALFORMED },
	{ "ipv6 tcp header across the 512-byte window", TL_LINK_ETH, .ip = 6, .ext = { 0, 60 },
	  .n_ext = 2, .ext_words = 27, .payload = 100, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 120, .l4_caplen = 10, .ext_cnt = 2 } },
	{ "ipv6 tcp after 176 extension bytes (second copy)", TL_LINK_ETH, .ip = 6,
	  .ext = { 0, 60 }, .n_ext = 2, .ext_words = 10, .payload = 30, .iplen = AUTO,
	  .opts = "\x01\x01\x08\x0a\x00\x00\x00\x07\x00\x00\x00\x00", .opt_n = 12,
	  .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 62, .l4_caplen = 62, .opt_len = 12, .ext_cnt = 2 } },
	{ "sll ipv4", TL_LINK_SLL, .ip = 4, .payload = 3, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 23, .l4_caplen = 23 } },
	{ "sll ipv6", TL_LINK_SLL, .ip = 6, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "sll arp", TL_LINK_SLL, .ethertype = 0x0806, .ip = 4, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "sll2 ipv4", TL_LINK_SLL2, .ip = 4, .payload = 3, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 23, .l4_caplen = 23 } },
	{ "sll2 header cut", TL_LINK_SLL2, .ip = 4, .iplen = AUTO, .cut = 19,
	  .want = TL_CNT_MALFORMED },
	{ "null ipv4, host order", TL_LINK_NULL, .ip = 4, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "null ipv4, other order", TL_LINK_NULL, .ip = 4, .null_swap = 1, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "null ipv6 24", TL_LINK_NULL, .ip = 6, .null_af = 24, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "null ipv6 28, other order", TL_LINK_NULL, .ip = 6, .null_af = 28, .null_swap = 1,
	  .iplen = AUTO, .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "null ipv6 30", TL_LINK_NULL, .ip = 6, .null_af = 30, .iplen = AUTO,
	  .want = TL_CNT_EMITTED, .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "null family 7", TL_LINK_NULL, .ip = 4, .null_af = 7, .iplen = AUTO,
	  .want = TL_CNT_NON_TCP },
	{ "raw ipv4", TL_LINK_RAW, .ip = 4, .payload = 9, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 29, .l4_caplen = 29 } },
	{ "raw ipv6", TL_LINK_RAW, .ip = 6, .payload = 9, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 29, .l4_caplen = 29 } },
	{ "raw version 5", TL_LINK_RAW, .ip = 4, .ver = 5, .iplen = AUTO, .want = TL_CNT_NON_TCP },
	{ "link ipv4", TL_LINK_IPV4, .ip = 4, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "link ipv6", TL_LINK_IPV6, .ip = 6, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	/* tcpdump prints DLT_IPV4 and DLT_IPV6 as raw IP: the version nibble decides. */
	{ "link ipv6, version 4", TL_LINK_IPV6, .ip = 4, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "link ipv4, version 6", TL_LINK_IPV4, .ip = 6, .iplen = AUTO, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 20, .l4_caplen = 20 } },
	{ "unknown link type", 99, .ip = 4, .iplen = AUTO, .want = TL_CNT_MALFORMED },
	{ "frame section: the first SNAP bytes", TL_LINK_ETH, .ip = 4, .payload = 100,
	  .iplen = AUTO, .snap = 1, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAME, .l4_len = 120, .l4_caplen = 120, .frame_len = SNAP } },
	{ "frame section of a frame shorter than SNAP, with options", TL_LINK_ETH, .ip = 4,
	  .opts = "\x01\x01\x04\x02", .opt_n = 4, .iplen = AUTO, .snap = 1, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAME,
		 .l4_len = 24,
		 .l4_caplen = 24,
		 .opt_len = 4,
		 .frame_len = 58 } },
	{ "frame section of IPv6 on a raw link", TL_LINK_RAW, .ip = 6, .payload = 11, .iplen = AUTO,
	  .snap = 1, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAME, .l4_len = 31, .l4_caplen = 31, .frame_len = SNAP } },
	{ "frame section cut by the capture", TL_LINK_ETH, .ip = 4, .payload = 100, .iplen = AUTO,
	  .snap = 1, .cut = 14 + 20 + 10, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAME, .l4_len = 120, .l4_caplen = 10, .frame_len = 44 } },
	{ "frame section after doff 4", TL_LINK_ETH, .ip = 4, .payload = 100, .doff = 4,
	  .iplen = AUTO, .snap = 1, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAME, .l4_len = 120, .l4_caplen = 120, .frame_len = SNAP } },
	/*
	 * -v's checksum verdict (cfg_frame.csum): in_cksum over pseudo-header and segment, 0 when
	 * right. Segments past the replay head (TL_REPLAY_DATA_MAX) get theirs from user space;
	 * the live hooks sum the ones past their head copy from the frame itself.
	 */
	{ "checksum right, IPv4", TL_LINK_ETH, .ip = 4, .payload = 9, .iplen = AUTO,
	  .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 29, .l4_caplen = 29 } },
	{ "checksum wrong, IPv4", TL_LINK_ETH, .ip = 4, .payload = 10, .iplen = AUTO,
	  .sum = SUM_WRONG, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 30, .l4_caplen = 30, .csum = 0xfffe } },
	{ "checksum right, odd tail of 3 bytes", TL_LINK_ETH, .ip = 4, .payload = 15, .iplen = AUTO,
	  .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 35, .l4_caplen = 35 } },
	{ "checksum wrong, odd tail of 1 byte", TL_LINK_ETH, .ip = 4, .payload = 13, .iplen = AUTO,
	  .sum = SUM_WRONG, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 33, .l4_caplen = 33, .csum = 0xfffe } },
	{ "checksum right, IPv4 source route: its last hop", TL_LINK_ETH, .ip = 4, .ihl = 7,
	  .lsrr = 1, .payload = 5, .iplen = AUTO, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 25, .l4_caplen = 25 } },
	{ "checksum right, IPv6", TL_LINK_ETH, .ip = 6, .payload = 11, .iplen = AUTO,
	  .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 31, .l4_caplen = 31 } },
	{ "checksum wrong, IPv6", TL_LINK_ETH, .ip = 6, .payload = 12, .iplen = AUTO,
	  .sum = SUM_WRONG, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 32, .l4_caplen = 32, .csum = 0xfffe } },
	{ "checksum right, IPv6 routing header: its final address", TL_LINK_ETH, .ip = 6,
	  .ext = { 43 }, .n_ext = 1, .rt = 1, .payload = 7, .iplen = AUTO, .sum = SUM_RIGHT,
	  .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 27, .l4_caplen = 27, .ext_cnt = 1 } },
	{ "checksum right, raw IPv6 with routing header, past the hooks' head copy", TL_LINK_RAW,
	  .ip = 6, .ext = { 43 }, .n_ext = 1, .rt = 1, .payload = 301, .iplen = AUTO,
	  .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 321, .l4_caplen = 321, .ext_cnt = 1 } },
	{ "checksum right, 301 bytes past the hooks' head copy", TL_LINK_ETH, .ip = 4,
	  .payload = 301, .iplen = AUTO, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 321, .l4_caplen = 321 } },
	{ "checksum wrong, 1400 bytes past the replay head", TL_LINK_ETH, .ip = 4, .payload = 1400,
	  .iplen = AUTO, .sum = SUM_WRONG, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 1420, .l4_caplen = 1420, .csum = 0xfffe } },
	{ "checksum right, 1401 bytes of IPv6", TL_LINK_ETH, .ip = 6, .payload = 1401,
	  .iplen = AUTO, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_CSUM, .l4_len = 1421, .l4_caplen = 1421 } },
	{ "no checksum: segment cut by the snap length", TL_LINK_ETH, .ip = 4, .payload = 100,
	  .iplen = AUTO, .cut = 14 + 20 + 30, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 120, .l4_caplen = 30 } },
	{ "no checksum: bytes missing on the wire", TL_LINK_ETH, .ip = 4, .payload = 8,
	  .iplen = 20 + 20 + 9, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 29, .l4_caplen = 28, .ip_missing = 1 } },
	{ "no checksum: IPv4 first fragment", TL_LINK_ETH, .ip = 4, .frag = 0x2000, .payload = 8,
	  .iplen = AUTO, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .flags = TL_RF_FRAG, .l4_len = 28, .l4_caplen = 28 } },
	{ "no checksum: IPv6 fragment header", TL_LINK_ETH, .ip = 6, .ext = { 44 }, .n_ext = 1,
	  .payload = 8, .iplen = AUTO, .sum = SUM_RIGHT, .want = TL_CNT_EMITTED,
	  .e = { .l4_len = 28, .l4_caplen = 28, .ext_cnt = 1 } },
};

static void put(struct tl_pkt *p, const void *d, uint32_t n)
{
	if (n)
		memcpy(p->b + p->len, d, n);
	p->len += n;
}

static void put8(struct tl_pkt *p, uint8_t v)
{
	p->b[p->len++] = v;
}

static void put16(struct tl_pkt *p, uint16_t v)
{
	put8(p, v >> 8);
	put8(p, v & 0xff);
}

static void put32(struct tl_pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

static void set16(struct tl_pkt *p, uint32_t off, uint16_t v)
{
	p->b[off] = v >> 8;
	p->b[off + 1] = v & 0xff;
}

/* VLAN tags, then the type field (an 802.3 length or 0x0004 before an LLC header). */
static void build_tags(const struct tl_case *c, struct tl_pkt *p, uint16_t type)
{
	for (int i = 0; i < 4 && c->tags[i]; i++) {
		put16(p, c->tags[i]);
		put16(p, 100 + i); /* TCI: VLAN id */
	}
	if (c->llc && c->link == TL_LINK_ETH)
		p->len_off = p->len; /* set by fix_lengths() */
	put16(p, c->llc && c->link != TL_LINK_ETH ? 0x0004 : type);
}

static void build_llc(const struct tl_case *c, struct tl_pkt *p, uint16_t type)
{
	static const uint8_t snap_oui[][3] = {
		[LLC_SNAP] = { 0, 0, 0 },
		[LLC_SNAP_CISCO] = { 0, 0, 0xf8 },
		[LLC_SNAP_OTHER_OUI] = { 0, 0, 0x0c },
		[LLC_NOT_UI] = { 0, 0, 0 },
		[LLC_SNAP_GROUP_BITS] = { 0, 0, 0 },
	};

	switch (c->llc) {
	case LLC_NONE:
		return;
	case LLC_IP_SAP:
		put(p, F(0x06, 0x06, 0x03), 3);
		return;
	case LLC_NOT_UI:
		put(p, F(0xaa, 0xaa, 0x13), 3);
		break;
	case LLC_SNAP_GROUP_BITS:
		put(p, F(0xab, 0xab, 0x03), 3);
		break;
	default:
		put(p, F(0xaa, 0xaa, 0x03), 3);
		break;
	}
	put(p, snap_oui[c->llc], 3);
	put16(p, type);
}

static void build_link(const struct tl_case *c, struct tl_pkt *p)
{
	uint16_t type = c->ethertype ? c->ethertype : c->ip == 6 ? 0x86dd : 0x0800;
	uint32_t af = c->null_af ? c->null_af : c->ip == 6 ? 30 : 2;

	switch (c->link) {
	case TL_LINK_ETH:
		put(p, F(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1), 12);
		build_tags(c, p, type);
		break;
	case TL_LINK_SLL:
		put(p, F(0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0), 14);
		build_tags(c, p, type);
		break;
	case TL_LINK_SLL2:
		put16(p, c->tags[0] ? c->tags[0] : c->llc ? 0x0004 : type);
		put(p, F(0, 0, 0, 0, 0, 3, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0), 18);
		if (c->tags[0]) {
			put16(p, 100); /* TCI */
			put16(p, c->llc ? 0x0004 : type);
		}
		break;
	case TL_LINK_NULL:
		if (c->null_swap)
			af = __builtin_bswap32(af);
		put(p, &af, 4);
		break;
	default:
		break;
	}
}

static void build_ipv4(const struct tl_case *c, struct tl_pkt *p)
{
	uint32_t ihl = c->ihl ? c->ihl : 5, i;

	put8(p, (c->ver ? c->ver : 4) << 4 | ihl);
	put8(p, 0);
	put16(p, c->iplen == AUTO ? 0 : c->iplen); /* AUTO: set by fix_lengths() */
	put16(p, 1);
	put16(p, c->frag);
	put8(p, 64);
	put8(p, c->proto ? c->proto : 6);
	put16(p, 0);
	p->addr_off = p->len;
	put(p, F(198, 18, 0, 1, 198, 18, 0, 2), 8);
	i = 5;
	if (c->lsrr) {
		put(p, F(1, 131, 7, 4, FINAL4), 8);
		i = 7;
	}
	for (; i < ihl; i++)
		put32(p, 0x01010101); /* NOP options */
}

static void build_ipv6(const struct tl_case *c, struct tl_pkt *p)
{
	uint8_t last = c->proto ? c->proto : 6;
	uint32_t i, k;

	put32(p, (uint32_t)(c->ver ? c->ver : 6) << 28);
	put16(p, c->iplen == AUTO ? 0 : c->iplen);
	put8(p, c->n_ext ? c->ext[0] : last);
	put8(p, 64);
	p->addr_off = p->len;
	put(p, F(0xfd, 0, 1, 0x98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 16);
	put(p, F(0xfd, 0, 1, 0x98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2), 16);
	for (i = 0; i < c->n_ext; i++) {
		uint8_t nh = i + 1 < c->n_ext ? c->ext[i + 1] : last;

		put8(p, nh);
		if (c->ext[i] == 44) {
			put8(p, 0);
			put16(p, c->ext_frag);
			put32(p, 0x12345678);
			continue;
		}
		if (c->ext[i] == 43 && c->rt) {
			put(p, F(2, 0, 1, 0, 0, 0, 0), 7);
			put(p, F(FINAL6), 16);
			continue;
		}
		put8(p, c->ext_words);
		if (c->ext[i] == 0 && i == 0 && c->jumbo) {
			put16(p, 0xc204);
			put32(p, c->jumbo);
		} else {
			put16(p, 0x0104); /* PadN */
			put32(p, 0);
		}
		for (k = 0; k < c->ext_words; k++)
			put(p, F(1, 6, 0, 0, 0, 0, 0, 0), 8);
	}
}

static void build_tcp(const struct tl_case *c, struct tl_pkt *p)
{
	uint8_t doff = c->doff ? c->doff : 5 + c->opt_n / 4;
	uint32_t i;

	p->tcp_off = p->len;
	put16(p, SPORT);
	put16(p, DPORT);
	put32(p, SEQ);
	put32(p, ACK);
	put8(p, (uint8_t)(doff << 4));
	put8(p, c->tcp_flags);
	put16(p, 502);
	put16(p, 0);
	put16(p, 0);
	put(p, c->opts, c->opt_n);
	for (i = 0; i < c->payload; i++)
		put8(p, 'A' + i % 26);
}

static void fix_lengths(const struct tl_case *c, struct tl_pkt *p, uint32_t ip)
{
	if (p->len_off)
		set16(p, p->len_off, p->len - p->len_off - 2);
	if (c->iplen != AUTO)
		return;
	if (c->ip == 4)
		set16(p, ip + 2, p->len - ip);
	else
		set16(p, ip + 4, p->len - ip - 40);
}

/* RFC 1071 over n bytes, for the test's own checksums. */
static uint32_t sum16(uint32_t acc, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		acc += i % 2 ? b[i] : b[i] << 8;
	return acc;
}

/* The TCP checksum field a sender would write: the segment runs to the frame's end. */
static uint16_t tcp_cksum(const struct tl_case *c, const struct tl_pkt *p)
{
	static const uint8_t final4[] = { FINAL4 }, final6[] = { FINAL6 };
	uint32_t alen = c->ip == 6 ? 16 : 4, len = p->len - p->tcp_off, acc;
	const uint8_t *dst = c->lsrr ? final4 : c->rt ? final6 : p->b + p->addr_off + alen;

	acc = sum16(6 + (len >> 16) + (len & 0xffff), p->b + p->addr_off, alen);
	acc = sum16(acc, dst, alen);
	acc = sum16(acc, p->b + p->tcp_off, 16); /* the field itself counts as 0 */
	acc = sum16(acc, p->b + p->tcp_off + 18, len - 18);
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

static void build(const struct tl_case *c, struct tl_pkt *p)
{
	uint32_t ip;

	memset(p, 0, sizeof(*p));
	build_link(c, p);
	build_llc(c, p, c->ethertype ? c->ethertype : c->ip == 6 ? 0x86dd : 0x0800);
	ip = p->len;
	if (c->ip == 4)
		build_ipv4(c, p);
	else
		build_ipv6(c, p);
	build_tcp(c, p);
	fix_lengths(c, p, ip);
	if (c->sum)
		set16(p, p->tcp_off + 16, tcp_cksum(c, p) + (c->sum == SUM_WRONG));
}

/* What the ring handed over since the last drain. */
struct tl_sink {
	int n;
	uint32_t size;
	_Alignas(8) uint8_t rec[TL_RECORD_FRAME_MAX + 8];
};

static int on_sample(void *ctx, void *data, size_t size)
{
	struct tl_sink *s = ctx;

	s->n++;
	s->size = size;
	memcpy(s->rec, data, size < sizeof(s->rec) ? size : sizeof(s->rec));
	return 0;
}

struct tl_env {
	struct tcplens_bpf *skel;
	struct ring_buffer *rb;
	struct tl_sink sink;
	int ncpu;
};

static int read_stats(struct tl_env *env, uint64_t out[TL_CNT_MAX])
{
	uint64_t vals[env->ncpu];
	uint32_t k;
	int i;

	for (k = 0; k < TL_CNT_MAX; k++) {
		if (bpf_map_lookup_elem(bpf_map__fd(env->skel->maps.stats), &k, vals))
			return -errno;
		out[k] = 0;
		for (i = 0; i < env->ncpu; i++)
			out[k] += vals[i];
	}
	return 0;
}

/* The user-space parser's view of cfg_frame for an environment opened with snap, csum. */
static const struct tl_frame_cfg *fcfg(uint32_t snap, uint16_t csum)
{
	static struct tl_frame_cfg fc;

	fc.every = snap;
	fc.csum = csum;
	return snap || csum ? &fc : NULL;
}

/* batch_bytes, batch_ns: the live hooks' per-CPU batching (cfg_batch_*), 0: off. */
static int env_open_batch(struct tl_env *env, uint32_t snap, uint32_t ring_bytes,
			  uint32_t batch_bytes, uint64_t batch_ns, uint16_t csum)
{
	int err;

	memset(env, 0, sizeof(*env));
	env->ncpu = libbpf_num_possible_cpus();
	env->skel = tcplens_bpf__open();
	if (!env->skel)
		return -errno;
	env->skel->rodata->cfg_frame.every = snap;
	env->skel->rodata->cfg_frame.csum = csum;
	bpf_map__set_max_entries(env->skel->maps.frame_buf, (uint32_t)env->ncpu);
	env->skel->rodata->cfg_batch_bytes = batch_bytes;
	if (batch_ns)
		env->skel->rodata->cfg_batch_ns = batch_ns;
	if (ring_bytes)
		bpf_map__set_max_entries(env->skel->maps.events, ring_bytes);
	err = tcplens_bpf__load(env->skel);
	if (err)
		return err;
	env->rb =
		ring_buffer__new(bpf_map__fd(env->skel->maps.events), on_sample, &env->sink, NULL);
	if (!env->rb)
		return -errno;
	return 0;
}

static int env_open(struct tl_env *env, uint32_t snap, uint32_t ring_bytes)
{
	return env_open_batch(env, snap, ring_bytes, 0, 0, 0);
}

static void env_close(struct tl_env *env)
{
	ring_buffer__free(env->rb);
	tcplens_bpf__destroy(env->skel);
}

static const char *const cnt_names[TL_CNT_MAX] = {
	"seen", "emitted", "ring_full", "filtered", "non_tcp", "ip_frag", "malformed", "truncated",
};

static void show_frame(const struct tl_case *c, const struct tl_pkt *p, uint32_t cap)
{
	fprintf(stderr, "  case \"%s\", frame (%u bytes, %u captured):\n", c->desc, p->len, cap);
	tl_hexdump(p->b, cap);
}

static void show_rec(const char *what, const uint8_t *r, uint32_t n)
{
	fprintf(stderr, "  %s record (%u bytes):\n", what, n);
	tl_hexdump(r, n);
}

/*
 * Run one program over the frame and check verdict, counters and that at most one record
 * came out; returns the number of records (the record is in env->sink).
 */
static int run_prog(struct tl_env *env, const struct tl_case *c, const struct tl_pkt *p,
		    struct bpf_program *prog, const void *data, uint32_t n, const void *ctx,
		    uint32_t ctx_n, uint32_t want_ret, int want_trunc)
{
	uint64_t before[TL_CNT_MAX], after[TL_CNT_MAX];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data, .data_size_in = n, .ctx_in = ctx,
		    .ctx_size_in = ctx_n, .repeat = 1);
	const char *name = bpf_program__name(prog);
	int err, k, ok = 1;

	env->sink.n = 0;
	if (read_stats(env, before))
		return -1;
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	TL_CHECK(!err, "%s: %s: test run failed: %s", c->desc, name, strerror(errno));
	if (err)
		return -1;
	TL_CHECK(opts.retval == want_ret, "%s: %s: verdict %u, want %u", c->desc, name, opts.retval,
		 want_ret);
	ring_buffer__consume(env->rb);
	if (read_stats(env, after))
		return -1;
	for (k = 0; k < TL_CNT_MAX; k++) {
		uint64_t want =
			k == TL_CNT_SEEN || k == c->want || (k == TL_CNT_TRUNCATED && want_trunc);

		if (after[k] - before[k] != want) {
			ok = 0;
			fprintf(stderr, "  %s: counter %s moved by %llu, want %llu\n", name,
				cnt_names[k], (unsigned long long)(after[k] - before[k]),
				(unsigned long long)want);
		}
	}
	TL_CHECK(ok, "%s: %s: counters", c->desc, name);
	TL_CHECK(env->sink.n == (c->want == TL_CNT_EMITTED), "%s: %s: %d records, want %d", c->desc,
		 name, env->sink.n, c->want == TL_CNT_EMITTED);
	if (!ok || env->sink.n != (c->want == TL_CNT_EMITTED))
		show_frame(c, p, n);
	return env->sink.n;
}

/* A checksum case whose segment ends past the head replay passes the kernel. */
static bool past_head(const struct tl_case *c, const struct tl_pkt *p)
{
	return (c->e.flags & TL_RF_CSUM) && p->tcp_off + c->e.l4_len > TL_REPLAY_DATA_MAX;
}

/* The replay record against the case's expectations and the frame's own bytes. */
static void check_record(const struct tl_case *c, const struct tl_pkt *p, const uint8_t *raw,
			 uint32_t sample_size, uint64_t ts)
{
	const struct tl_record *r = (const void *)raw;
	uint32_t alen = c->ip == 6 ? 32 : 8, end, i;
	uint16_t want_flags = c->e.flags, want_csum = c->e.csum;
	int ok = 1;

	/* The replay program has the frame's head only: user space sums longer segments. */
	if (past_head(c, p)) {
		want_flags &= ~TL_RF_CSUM;
		want_csum = 0;
	}

#define EXPECT(cond, ...)                                  \
	do {                                               \
		if (!(cond)) {                             \
			ok = 0;                            \
			fprintf(stderr, "  " __VA_ARGS__); \
			fputc('\n', stderr);               \
		}                                          \
	} while (0)
	EXPECT(r->version == TL_RECORD_VERSION, "version %u", r->version);
	EXPECT(r->family == c->ip, "family %u, want %u", r->family, c->ip);
	EXPECT(r->ts_ns == ts && r->ifindex == 0, "ts_ns %llu ifindex %u",
	       (unsigned long long)r->ts_ns, r->ifindex);
	EXPECT(r->flags == want_flags, "flags %#x, want %#x", r->flags, want_flags);
	EXPECT(r->l4_len == c->e.l4_len, "l4_len %u, want %u", r->l4_len, c->e.l4_len);
	EXPECT(r->l4_caplen == c->e.l4_caplen, "l4_caplen %u, want %u", r->l4_caplen,
	       c->e.l4_caplen);
	EXPECT(r->ip_missing == c->e.ip_missing, "ip_missing %u, want %u", r->ip_missing,
	       c->e.ip_missing);
	EXPECT(r->opt_len == c->e.opt_len, "opt_len %u, want %u", r->opt_len, c->e.opt_len);
	EXPECT(r->ext_cnt == c->e.ext_cnt, "ext_cnt %u, want %u", r->ext_cnt, c->e.ext_cnt);
	EXPECT(r->csum == want_csum, "csum %#x, want %#x", r->csum, want_csum);
	for (i = 0; i < TL_EXT_MAX; i++)
		EXPECT(r->ext[i] == (i < c->e.ext_cnt ? c->ext[i] : 0), "ext[%u] %u", i, r->ext[i]);
	if (c->e.l4_caplen >= 4)
		EXPECT(r->sport == SPORT && r->dport == DPORT, "ports %u > %u", r->sport, r->dport);
	else
		EXPECT(!r->sport && !r->dport, "uncaptured ports %u > %u", r->sport, r->dport);
	if (c->e.l4_caplen >= 20)
		EXPECT(r->seq == SEQ && r->ack == ACK && r->tcp_flags == c->tcp_flags &&
			       r->window == 502 && r->doff_byte == p->b[p->tcp_off + 12],
		       "seq %#x ack %#x flags %#x win %u doff %#x", r->seq, r->ack, r->tcp_flags,
		       r->window, r->doff_byte);
	else
		EXPECT(!r->seq && !r->ack && !r->doff_byte && !r->tcp_flags && !r->window,
		       "uncaptured tcp fields set");
	end = TL_RECORD_HDR + alen + r->opt_len;
	if (r->flags & TL_RF_FRAME) {
		/* Replay: the header only, the bytes come from the file. */
		const struct tl_frame_sect *fs =
			(const void *)(raw + TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags));
		uint32_t l3 = c->link == TL_LINK_ETH ? 14 + 4 * (c->tags[0] != 0) : 0;

		EXPECT(sample_size == TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags) +
					       sizeof(*fs) &&
			       r->size == sample_size,
		       "frame record size %u, sample %u", r->size, sample_size);
		EXPECT(fs->len == c->e.frame_len && fs->link == c->link && fs->l3_off == l3 &&
			       fs->l4_off == p->tcp_off && !fs->pad,
		       "frame section len %u link %u l3 %u l4 %u, want %u %u %u %u", fs->len,
		       fs->link, fs->l3_off, fs->l4_off, c->e.frame_len, c->link, l3, p->tcp_off);
	} else {
		EXPECT(r->size == ((end + 7) & ~7u) && sample_size == r->size,
		       "size %u, sample %u, want %u", r->size, sample_size, (end + 7) & ~7u);
	}
	if (end <= TL_RECORD_MAX && r->size <= TL_RECORD_MAX) {
		EXPECT(!memcmp(tl_rec_saddr(r), p->b + p->addr_off, alen), "addresses differ");
		EXPECT(!memcmp(tl_rec_opts(r), p->b + p->tcp_off + 20, r->opt_len),
		       "option bytes differ");
		for (i = end; i < ((end + 7) & ~7u); i++)
			EXPECT(raw[i] == 0, "padding byte %u is %#x", i, raw[i]);
	}
#undef EXPECT
	TL_CHECK(ok, "%s: record fields", c->desc);
	if (!ok) {
		show_frame(c, p, c->cut && c->cut < p->len ? c->cut : p->len);
		show_rec("replay", raw, sample_size);
	}
}

/* A record from a live hook equals the replay record but for time, interface, direction. */
static void check_same(const struct tl_case *c, const char *name, const uint8_t *want,
		       const uint8_t *got, uint32_t got_size, const uint8_t *frame, uint32_t size,
		       uint16_t rflags, uint32_t ifindex)
{
	uint8_t a[TL_RECORD_MAX], b[TL_RECORD_MAX];
	struct tl_record *ra = (void *)a, *rb = (void *)b;
	int ok;

	memcpy(a, want, size);
	memcpy(b, got, size);
	ok = rb->ifindex == ifindex && (rb->flags & TL_RF_EGRESS) == rflags;
	ra->ts_ns = rb->ts_ns = 0;
	ra->ifindex = rb->ifindex = 0;
	rb->flags &= ~TL_RF_EGRESS;
	if (ra->flags & TL_RF_FRAME) {
		/* A live hook appends the frame's bytes to the header replay gives. */
		const struct tl_frame_sect *fs = (const void *)(got + size - sizeof(*fs));
		uint32_t grown = (size + fs->len + 7) & ~7u;

		ok = ok && rb->size == grown && got_size == grown &&
		     !memcmp(got + size, frame, fs->len);
		for (uint32_t i = size + fs->len; ok && i < grown; i++)
			ok = got[i] == 0;
		rb->size = ra->size;
	}
	ok = ok && ra->size == rb->size && !memcmp(a, b, size);
	TL_CHECK(ok, "%s: %s record differs from the replay record", c->desc, name);
	if (!ok) {
		show_rec("replay", want, size);
		show_rec(name, got, size);
	}
}

static void run_case(struct tl_env *env, const struct tl_case *c, uint32_t snap,
		     uint32_t lo_ifindex)
{
	static uint8_t in[sizeof(struct tl_replay_meta) + TL_REPLAY_DATA_MAX];
	_Alignas(8) uint8_t user[TL_RECORD_MAX], replay[TL_RECORD_MAX];
	struct tcplens_bpf *sk = env->skel;
	struct tl_replay_meta meta;
	struct xdp_md md = {};
	struct tl_frame f;
	struct tl_pkt p;
	uint32_t cap, n, in_n, size = 0;
	int trunc, got, uret;

	build(c, &p);
	cap = c->cut && c->cut < p.len ? c->cut : p.len;
	n = cap < TL_REPLAY_DATA_MAX ? cap : TL_REPLAY_DATA_MAX;
	meta = (struct tl_replay_meta){
		.ts_ns = 1700000000123456789ull,
		.cap_len = cap,
		.wire_len = p.len + c->wire_adj,
		.link = c->link,
		.magic = TL_REPLAY_MAGIC,
	};
	memset(in, 0, sizeof(in));
	memcpy(in, &meta, sizeof(meta));
	memcpy(in + sizeof(meta), p.b, n);
	/* The kernel refuses test runs of fewer than ETH_HLEN bytes: pad, cap_len stays. */
	in_n = n < 14 ? 14 : n;
	md.data = sizeof(meta);
	md.data_end = sizeof(meta) + in_n;
	trunc = c->want == TL_CNT_EMITTED && (c->e.l4_caplen < c->e.l4_len || c->e.ip_missing);

	got = run_prog(env, c, &p, sk->progs.tl_replay, in, sizeof(meta) + in_n, &md, sizeof(md),
		       XDP_PASS, trunc);
	if (got == 1) {
		size = env->sink.size < TL_RECORD_MAX ? env->sink.size : TL_RECORD_MAX;
		memcpy(replay, env->sink.rec, size);
		check_record(c, &p, replay, env->sink.size, meta.ts_ns);
	}

	f = (struct tl_frame){
		.buf_len = n, .cap_len = cap, .wire_len = meta.wire_len, .link = c->link
	};
	memset(user, 0xa5, sizeof(user));
	uret = tl_parse_frame(p.b, &f, (struct tl_record *)user,
			      fcfg(snap, env->skel->rodata->cfg_frame.csum));
	TL_CHECK(uret == c->want, "%s: tl_parse_frame returned %d, want %d", c->desc, uret,
		 c->want);
	if (uret == TL_CNT_EMITTED && got == 1) {
		struct tl_record *u = (struct tl_record *)user, *k = (struct tl_record *)replay;

		u->ts_ns = meta.ts_ns;
		if (past_head(c, &p)) {
			/* What user/capture/replay.c adds; the live hooks must agree with it. */
			TL_CHECK((u->flags & TL_RF_CSUM) && u->csum == c->e.csum,
				 "%s: user-space checksum flags %#x csum %#x, want %#x", c->desc,
				 u->flags, u->csum, c->e.csum);
			k->flags |= TL_RF_CSUM;
			k->csum = u->csum;
		}
		TL_CHECK(((struct tl_record *)user)->size == size && !memcmp(user, replay, size),
			 "%s: user-space record differs from the kernel's", c->desc);
		if (((struct tl_record *)user)->size != size || memcmp(user, replay, size)) {
			show_rec("kernel", replay, size);
			show_rec("user", user, ((struct tl_record *)user)->size);
		}
	}

	/* Live hooks see the frame as it is: only for frames captured whole. */
	if (cap != p.len || c->wire_adj || p.len < 14 || got != (c->want == TL_CNT_EMITTED))
		return;
	if (c->link == TL_LINK_ETH) {
		if (run_prog(env, c, &p, sk->progs.tl_xdp, p.b, p.len, NULL, 0, XDP_PASS, trunc) ==
		    1)
			check_same(c, "tl_xdp", replay, env->sink.rec, env->sink.size, p.b, size, 0,
				   lo_ifindex);
		if (run_prog(env, c, &p, sk->progs.tl_tc_ingress, p.b, p.len, NULL, 0, TC_UNSPEC,
			     trunc) == 1)
			check_same(c, "tl_tc_ingress", replay, env->sink.rec, env->sink.size, p.b,
				   size, 0, lo_ifindex);
		if (run_prog(env, c, &p, sk->progs.tl_tc_egress, p.b, p.len, NULL, 0, TC_UNSPEC,
			     trunc) == 1)
			check_same(c, "tl_tc_egress", replay, env->sink.rec, env->sink.size, p.b,
				   size, TL_RF_EGRESS, lo_ifindex);
	} else if (c->link == TL_LINK_RAW) {
		if (run_prog(env, c, &p, sk->progs.tl_tc_raw_ingress, p.b, p.len, NULL, 0,
			     TC_UNSPEC, trunc) == 1)
			check_same(c, "tl_tc_raw_ingress", replay, env->sink.rec, env->sink.size,
				   p.b, size, 0, lo_ifindex);
		if (run_prog(env, c, &p, sk->progs.tl_tc_raw_egress, p.b, p.len, NULL, 0, TC_UNSPEC,
			     trunc) == 1)
			check_same(c, "tl_tc_raw_egress", replay, env->sink.rec, env->sink.size,
				   p.b, size, TL_RF_EGRESS, lo_ifindex);
	}
}

/* A replay buffer without valid metadata must be counted, not parsed. */
static void run_bad_meta(struct tl_env *env)
{
	static const struct tl_case c = { "replay without magic", .want = TL_CNT_MALFORMED };
	uint8_t in[sizeof(struct tl_replay_meta) + 64] = {};
	struct xdp_md md = { .data = sizeof(struct tl_replay_meta), .data_end = sizeof(in) };
	struct tl_pkt p = { .len = 64 };

	run_prog(env, &c, &p, env->skel->progs.tl_replay, in, sizeof(in), &md, sizeof(md), XDP_PASS,
		 0);
	run_prog(env, &c, &p, env->skel->progs.tl_replay, in + sizeof(struct tl_replay_meta), 64,
		 NULL, 0, XDP_PASS, 0);
}

/*
 * Kernel and user parser must agree on every frame, not only on the table's: mutate the
 * table's frames (seeded, so a failure repeats) and compare outcome and record bytes.
 */
static void run_mutations(struct tl_env *env, uint32_t snap, int rounds)
{
	static uint8_t in[sizeof(struct tl_replay_meta) + TL_REPLAY_DATA_MAX];
	_Alignas(8) uint8_t user[TL_RECORD_MAX];
	const size_t ncases = sizeof(cases) / sizeof(cases[0]);
	struct tl_replay_meta meta;
	uint32_t seed = 12345, bad = 0;
	int r, k;

	for (r = 0; r < rounds; r++) {
		const struct tl_case *c = &cases[r % ncases];
		struct tl_pkt p;
		struct xdp_md md = { .data = sizeof(meta) };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .ctx_in = &md,
			    .ctx_size_in = sizeof(md));
		struct tl_frame f;
		uint32_t cap, n;
		int uret, kret;

		build(c, &p);
		for (k = 0; k < 3; k++) {
			seed = seed * 1103515245 + 12345;
			p.b[(seed >> 8) % p.len] = seed >> 24;
		}
		seed = seed * 1103515245 + 12345;
		cap = (seed >> 4) % 3 ? p.len : (seed >> 8) % (p.len + 1);
		n = cap < TL_REPLAY_DATA_MAX ? cap : TL_REPLAY_DATA_MAX;
		meta = (struct tl_replay_meta){
			.ts_ns = r,
			.cap_len = cap,
			.wire_len = p.len + ((seed >> 20) % 4 ? 0 : (seed >> 24) % 64),
			.link = c->link,
			.magic = TL_REPLAY_MAGIC
		};
		memset(in, 0, sizeof(in));
		memcpy(in, &meta, sizeof(meta));
		memcpy(in + sizeof(meta), p.b, n);
		md.data_end = sizeof(meta) + (n < 14 ? 14 : n);
		opts.data_size_in = md.data_end;
		env->sink.n = 0;
		if (bpf_prog_test_run_opts(bpf_program__fd(env->skel->progs.tl_replay), &opts)) {
			bad++;
			continue;
		}
		ring_buffer__consume(env->rb);
		kret = env->sink.n;
		f = (struct tl_frame){
			.buf_len = n, .cap_len = cap, .wire_len = meta.wire_len, .link = c->link
		};
		uret = tl_parse_frame(p.b, &f, (struct tl_record *)user,
				      fcfg(snap, env->skel->rodata->cfg_frame.csum));
		if (uret == TL_CNT_EMITTED) {
			struct tl_record *u = (struct tl_record *)user;

			u->ts_ns = r;
			/* Past the replay head only user space has the whole segment to sum. */
			if (kret && cap > TL_REPLAY_DATA_MAX && (u->flags & TL_RF_CSUM) &&
			    !(((struct tl_record *)env->sink.rec)->flags & TL_RF_CSUM)) {
				u->flags &= ~TL_RF_CSUM;
				u->csum = 0;
			}
		}
		if ((uret == TL_CNT_EMITTED) != kret ||
		    (kret && (env->sink.size != ((struct tl_record *)user)->size ||
			      memcmp(env->sink.rec, user, env->sink.size)))) {
			if (!bad++) {
				fprintf(stderr,
					"  mutation %d of \"%s\": user %d, kernel %d records\n", r,
					c->desc, uret, kret);
				tl_hexdump(p.b, cap);
				if (kret)
					show_rec("kernel", env->sink.rec, env->sink.size);
				if (uret == TL_CNT_EMITTED)
					show_rec("user", user, ((struct tl_record *)user)->size);
			}
		}
	}
	TL_CHECK(!bad, "mutated frames: %u of %d differ between kernel and user space", bad,
		 rounds);
}

/* Every record of one batched test run, in ring order. */
struct tl_batch_sink {
	uint32_t n;
	uint32_t bytes;
	uint32_t bad_hdr; /* live batches whose struct tl_batch_hdr is missing or wrong */
	_Alignas(8) uint8_t buf[TL_REPLAY_BATCH_MAX * TL_RECORD_MAX];
};

static int on_batch_sample(void *ctx, void *data, size_t size)
{
	struct tl_batch_sink *s = ctx;

	if (s->bytes + size <= sizeof(s->buf)) {
		memcpy(s->buf + s->bytes, data, size);
		s->bytes += size;
	}
	s->n++;
	return 0;
}

/* A live batch: its header must name a CPU of this machine; the records after it are kept. */
static int on_live_batch_sample(void *ctx, void *data, size_t size)
{
	struct tl_batch_sink *s = ctx;
	const struct tl_batch_hdr *h = data;

	if (size < sizeof(*h) || h->mark != TL_BATCH_MARK || h->size != sizeof(*h) ||
	    h->cpu >= (uint32_t)libbpf_num_possible_cpus()) {
		s->bad_hdr++;
		return on_batch_sample(ctx, data, size);
	}
	return on_batch_sample(ctx, (uint8_t *)data + sizeof(*h), size - sizeof(*h));
}

/*
 * Batched replay (what tcplens -r sends): mutated frames packed as user/replay.c packs them.
 * Each record must equal the user-space parser's for its frame, carry the frame's slot in
 * ifindex, come in slot order, and the counters must move by exactly the frames' outcomes.
 * The last batches end in a slot whose frame is cut short: counted malformed, walk stops.
 */
static void run_batches(struct tl_env *env, uint32_t snap, int batches)
{
	static uint8_t in[TL_REPLAY_BATCH_BYTES];
	static _Alignas(8) uint8_t want[TL_REPLAY_BATCH_MAX * TL_RECORD_MAX];
	static struct tl_batch_sink got;
	const size_t ncases = sizeof(cases) / sizeof(cases[0]);
	uint64_t before[TL_CNT_MAX], after[TL_CNT_MAX], outcomes[TL_CNT_MAX];
	uint32_t seed = 777, bad = 0, frames = 0, full = 0, r, k;
	struct ring_buffer *rb;

	rb = ring_buffer__new(bpf_map__fd(env->skel->maps.events), on_batch_sample, &got, NULL);
	TL_CHECK(rb != NULL, "batch: ring buffer: %s", strerror(errno));
	if (!rb)
		return;
	for (r = 0; r < (uint32_t)batches; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in);
		uint32_t bytes = 0, nslot = 0, want_bytes = 0, cut = r % 8 == 7;

		memset(outcomes, 0, sizeof(outcomes));
		memset(in, 0, sizeof(in));
		while (nslot < TL_REPLAY_BATCH_MAX) {
			const struct tl_case *c = &cases[(r * 7 + nslot) % ncases];
			_Alignas(8) uint8_t user[TL_RECORD_MAX];
			struct tl_record *u = (struct tl_record *)user;
			struct tl_replay_meta meta;
			struct tl_frame f;
			struct tl_pkt p;
			uint32_t cap, n;
			int uret;

			build(c, &p);
			seed = seed * 1103515245 + 12345;
			p.b[(seed >> 8) % p.len] ^= (seed >> 4) % 5 ? 0 : seed >> 24;
			seed = seed * 1103515245 + 12345;
			cap = (seed >> 4) % 4 ? p.len : (seed >> 8) % (p.len + 1);
			n = cap < TL_REPLAY_DATA_MAX ? cap : TL_REPLAY_DATA_MAX;
			if (bytes + TL_REPLAY_SLOT(cap) > sizeof(in))
				break;
			meta = (struct tl_replay_meta){ .ts_ns = ((uint64_t)r << 32) | nslot,
							.cap_len = cap,
							.wire_len = p.len,
							.link = c->link,
							.magic = TL_REPLAY_MAGIC };
			memcpy(in + bytes, &meta, sizeof(meta));
			memcpy(in + bytes + sizeof(meta), p.b, n);
			bytes += TL_REPLAY_SLOT(cap);
			f = (struct tl_frame){
				.buf_len = n, .cap_len = cap, .wire_len = p.len, .link = c->link
			};
			uret = tl_parse_frame(p.b, &f, u,
					      fcfg(snap, env->skel->rodata->cfg_frame.csum));
			if (uret < 0 || uret >= TL_CNT_MAX)
				uret = TL_CNT_MALFORMED;
			outcomes[TL_CNT_SEEN]++;
			outcomes[uret]++;
			nslot++;
			if (uret != TL_CNT_EMITTED)
				continue;
			u->ts_ns = meta.ts_ns;
			u->ifindex = nslot - 1;
			if (u->l4_caplen < u->l4_len || u->ip_missing)
				outcomes[TL_CNT_TRUNCATED]++;
			memcpy(want + want_bytes, u, u->size);
			want_bytes += u->size;
		}
		if (cut) {
			/* One more slot whose meta promises more bytes than follow. */
			struct tl_replay_meta meta = { .cap_len = 400,
						       .wire_len = 400,
						       .link = TL_LINK_ETH,
						       .magic = TL_REPLAY_MAGIC };

			if (bytes + sizeof(meta) + 8 <= sizeof(in)) {
				memcpy(in + bytes, &meta, sizeof(meta));
				bytes += sizeof(meta) + 8;
				outcomes[TL_CNT_SEEN]++;
				outcomes[TL_CNT_MALFORMED]++;
			}
		}
		full += bytes > sizeof(in) - 200;
		frames += nslot;
		opts.data_size_in = bytes;
		got.n = got.bytes = 0;
		if (read_stats(env, before) ||
		    bpf_prog_test_run_opts(bpf_program__fd(env->skel->progs.tl_replay), &opts)) {
			if (!bad++)
				fprintf(stderr, "  batch %u (%u bytes): test run failed: %s\n", r,
					bytes, strerror(errno));
			continue;
		}
		ring_buffer__consume(rb);
		if (read_stats(env, after)) {
			bad++;
			continue;
		}
		for (k = 0; k < TL_CNT_MAX; k++) {
			if (after[k] - before[k] == outcomes[k])
				continue;
			if (!bad++)
				fprintf(stderr, "  batch %u: counter %s moved by %llu, want %llu\n",
					r, cnt_names[k], (unsigned long long)(after[k] - before[k]),
					(unsigned long long)outcomes[k]);
		}
		if (got.bytes != want_bytes || memcmp(got.buf, want, want_bytes) ||
		    got.n != outcomes[TL_CNT_EMITTED]) {
			if (!bad++)
				fprintf(stderr,
					"  batch %u: %u records (%u bytes), "
					"want %llu (%u bytes)%s\n",
					r, got.n, got.bytes,
					(unsigned long long)outcomes[TL_CNT_EMITTED], want_bytes,
					got.bytes == want_bytes ? ": bytes differ" : "");
		}
	}
	ring_buffer__free(rb);
	TL_CHECK(!bad, "batched replay: %u problems in %d batches of %u frames", bad, batches,
		 frames);
	TL_CHECK(full > 0, "batched replay: some batches use the whole %d bytes (%u did)",
		 TL_REPLAY_BATCH_BYTES, full);
}

/* One of the table's emitted Ethernet frames, round robin from *k; 0 when there is none. */
static int next_eth_case(size_t *k, struct tl_pkt *p)
{
	const size_t ncases = sizeof(cases) / sizeof(cases[0]);

	for (size_t tries = 0; tries < ncases; tries++) {
		const struct tl_case *c = &cases[(*k)++ % ncases];

		if (c->link == TL_LINK_ETH && c->want == TL_CNT_EMITTED && !c->snap && !c->cut &&
		    !c->wire_adj) {
			build(c, p);
			return 1;
		}
	}
	return 0;
}

/*
 * Per-CPU batching of the live hooks (cfg_batch_bytes): records leave in few samples, each
 * a run of whole records, in the order the frames came, equal to the user-space parser's
 * but for time and interface; nothing leaves before the batch is full or old, a lone record
 * leaves by the timer, and emitted counts a record only once its batch reached the ring.
 */
static void run_live_batch(uint32_t lo_ifindex)
{
	const uint32_t batch = 1024, frames = 40;
	const uint64_t age_ns = 200000000; /* long enough that only fill and timer flush */
	static _Alignas(8) uint8_t want[40 * TL_RECORD_MAX];
	static struct tl_batch_sink got;
	uint64_t before[TL_CNT_MAX], mid[TL_CNT_MAX], after[TL_CNT_MAX];
	uint32_t want_bytes = 0, want_samples = 0, open = 0, open_cnt = 0, i, off;
	struct ring_buffer *rb = NULL;
	struct tl_env env;
	size_t k = 0;
	int err, bad = 0;

	err = env_open_batch(&env, 0, 0, batch, age_ns, 0);
	TL_CHECK(!err, "live batch: loading with cfg_batch_bytes %u: %s", batch, strerror(-err));
	if (!err)
		rb = ring_buffer__new(bpf_map__fd(env.skel->maps.events), on_live_batch_sample,
				      &got, NULL);
	if (err || !rb || read_stats(&env, before)) {
		TL_CHECK(0, "live batch: set-up failed");
		goto out;
	}
	got.n = got.bytes = got.bad_hdr = 0;
	for (i = 0; i < frames; i++) {
		_Alignas(8) uint8_t user[TL_RECORD_MAX];
		struct tl_record *u = (struct tl_record *)user;
		struct tl_pkt p;
		struct tl_frame f;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p.b, .repeat = 1);

		if (!next_eth_case(&k, &p))
			break;
		o.data_size_in = p.len;
		f = (struct tl_frame){ .buf_len = p.len < TL_PARSE_BUF ? p.len : TL_PARSE_BUF,
				       .cap_len = p.len,
				       .wire_len = p.len,
				       .link = TL_LINK_ETH };
		if (tl_parse_frame(p.b, &f, u, 0) != TL_CNT_EMITTED ||
		    bpf_prog_test_run_opts(bpf_program__fd(env.skel->progs.tl_xdp), &o)) {
			bad++;
			continue;
		}
		/* The flush rule: a record that does not fit closes the batch before it. A
		 * batch starts with its CPU's header. */
		if (open + u->size > batch) {
			want_samples++;
			open = 0;
			open_cnt = 0;
		}
		if (!open)
			open = sizeof(struct tl_batch_hdr);
		open += u->size;
		open_cnt++;
		memcpy(want + want_bytes, u, u->size);
		want_bytes += u->size;
	}
	TL_CHECK(!bad && i == frames, "live batch: %u frames run (%d failed)", i, bad);
	ring_buffer__consume(rb);
	TL_CHECK(got.n == want_samples, "live batch: %u full batches out before the timer, want %u",
		 got.n, want_samples);
	read_stats(&env, mid);
	TL_CHECK(mid[TL_CNT_SEEN] - before[TL_CNT_SEEN] == frames &&
			 mid[TL_CNT_EMITTED] - before[TL_CNT_EMITTED] == frames - open_cnt,
		 "live batch: %llu emitted while %u records wait in the batch, want %u",
		 (unsigned long long)(mid[TL_CNT_EMITTED] - before[TL_CNT_EMITTED]), open_cnt,
		 frames - open_cnt);
	usleep(age_ns / 1000 + 100000);
	ring_buffer__consume(rb);
	read_stats(&env, after);
	TL_CHECK(got.n == want_samples + 1,
		 "live batch: the timer sent the last batch (%u samples, want %u)", got.n,
		 want_samples + 1);
	TL_CHECK(after[TL_CNT_EMITTED] - before[TL_CNT_EMITTED] == frames &&
			 after[TL_CNT_SEEN] - before[TL_CNT_SEEN] == frames &&
			 after[TL_CNT_RING_FULL] == before[TL_CNT_RING_FULL],
		 "live batch: %llu emitted, %llu seen, want %u each",
		 (unsigned long long)(after[TL_CNT_EMITTED] - before[TL_CNT_EMITTED]),
		 (unsigned long long)(after[TL_CNT_SEEN] - before[TL_CNT_SEEN]), frames);
	/* Time and interface are the hook's; everything else must be the parser's. */
	for (off = 0; off + TL_RECORD_HDR <= got.bytes && off < want_bytes;) {
		struct tl_record *r = (struct tl_record *)(got.buf + off);

		if (r->ifindex != lo_ifindex || !r->ts_ns)
			bad++;
		r->ifindex = 0;
		r->ts_ns = 0;
		off += r->size ? r->size : got.bytes;
	}
	TL_CHECK(got.bytes == want_bytes && !memcmp(got.buf, want, want_bytes) && !bad,
		 "live batch: %u record bytes in frame order equal the parser's (want %u)",
		 got.bytes, want_bytes);
	TL_CHECK(!got.bad_hdr, "live batch: %u of %u batches lack a valid CPU header", got.bad_hdr,
		 got.n);
out:
	ring_buffer__free(rb);
	env_close(&env);
}

static double tl_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/*
 * Each program must load on its own, as tcplens loads them (live programs or tl_replay).
 * The time and verifier work are printed, not asserted: they depend on the machine.
 */
static void run_load_times(void)
{
	struct bpf_program *prog, *want;
	int i;

	for (i = 0;; i++) {
		struct tcplens_bpf *sk = tcplens_bpf__open();
		struct bpf_prog_info info = {};
		uint32_t info_len = sizeof(info);
		double t0, ms;
		int k = 0, err;

		if (!sk) {
			printf("load: cannot open the BPF object: %s\n", strerror(errno));
			return;
		}
		want = NULL;
		bpf_object__for_each_program(prog, sk->obj) {
			bpf_program__set_autoload(prog, k == i);
			if (k++ == i)
				want = prog;
		}
		if (!want) {
			tcplens_bpf__destroy(sk);
			break;
		}
		t0 = tl_now_ms();
		err = tcplens_bpf__load(sk);
		ms = tl_now_ms() - t0;
		if (!err)
			bpf_obj_get_info_by_fd(bpf_program__fd(want), &info, &info_len);
		TL_CHECK(!err, "%s loads on its own: %s", bpf_program__name(want), strerror(-err));
		if (!err)
			printf("load: %-18s %6.1f ms (object load), %u insns verified, %u xlated\n",
			       bpf_program__name(want), ms, info.verified_insns,
			       info.xlated_prog_len / 8);
		tcplens_bpf__destroy(sk);
	}
}

/* The same frame through tl_xdp with per-CPU batching (4096-byte batches). */
static void run_timing_batch(const struct tl_pkt *p, uint32_t empty_ns)
{
	const uint32_t repeat = 200000, rounds = 5;
	uint64_t before[TL_CNT_MAX], after[TL_CNT_MAX];
	uint32_t ns = UINT32_MAX, r;
	struct tl_env env;

	if (env_open_batch(&env, 0, 512u << 20, 4096, 0, 0) || read_stats(&env, before)) {
		printf("timing: batched tl_xdp skipped: load failed\n");
		env_close(&env);
		return;
	}
	for (r = 0; r < rounds; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->b, .data_size_in = p->len,
			    .repeat = repeat);

		if (!bpf_prog_test_run_opts(bpf_program__fd(env.skel->progs.tl_xdp), &o) &&
		    o.duration < ns)
			ns = o.duration;
	}
	usleep(20000); /* the timer sends the last batch */
	read_stats(&env, after);
	printf("timing: tl_xdp batched %u ns/segment (+%d ns over empty), %llu emitted, "
	       "%llu ring full\n",
	       ns, (int)(ns - empty_ns),
	       (unsigned long long)(after[TL_CNT_EMITTED] - before[TL_CNT_EMITTED]),
	       (unsigned long long)(after[TL_CNT_RING_FULL] - before[TL_CNT_RING_FULL]));
	TL_CHECK(after[TL_CNT_EMITTED] - before[TL_CNT_EMITTED] + after[TL_CNT_RING_FULL] -
				 before[TL_CNT_RING_FULL] ==
			 (uint64_t)rounds * repeat,
		 "batched timing: every segment emitted or counted lost");
	env_close(&env);
}

/*
 * ns per segment for tl_xdp and tl_tc_ingress against an XDP program that only returns
 * XDP_PASS, on the same frame in the same run: the empty program's cost on this machine is
 * the unit (it is 5 ns on bare metal, 25-30 ns in this VM). Best of a few rounds.
 */
static void run_timing(void)
{
	static const struct tl_case c = { "timing",	 TL_LINK_ETH,	.ip = 4,
					  .payload = 10, .iplen = AUTO, .tcp_flags = 0x10 };
	const struct bpf_insn pass[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static const struct tl_case arp = { "arp", TL_LINK_ETH, .ethertype = 0x0806, .ip = 4,
					    .iplen = AUTO };
	const uint32_t repeat = 200000, rounds = 5;
	uint32_t xdp_ns = UINT32_MAX, tc_ns = UINT32_MAX, arp_ns = UINT32_MAX;
	uint32_t empty_ns = UINT32_MAX, r;
	uint64_t st[TL_CNT_MAX];
	struct tl_env env;
	struct tl_pkt p, pa;
	int fd, err;

	build(&c, &p);
	build(&arp, &pa);
	/* 3 * rounds * repeat records of 72 ring bytes must fit to measure the emit path. */
	err = env_open(&env, 0, 512u << 20);
	if (err) {
		env_close(&env);
		err = env_open(&env, 0, 0);
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "tl_empty", "GPL", pass, 2, NULL);
	if (err || fd < 0) {
		printf("timing: skipped, load failed: %s\n", strerror(err ? -err : errno));
		env_close(&env);
		if (fd >= 0)
			close(fd);
		return;
	}
	for (r = 0; r < rounds; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, o1, .data_in = p.b, .data_size_in = p.len,
			    .repeat = repeat);
		LIBBPF_OPTS(bpf_test_run_opts, o2, .data_in = p.b, .data_size_in = p.len,
			    .repeat = repeat);
		LIBBPF_OPTS(bpf_test_run_opts, o3, .data_in = p.b, .data_size_in = p.len,
			    .repeat = repeat);
		LIBBPF_OPTS(bpf_test_run_opts, o4, .data_in = pa.b, .data_size_in = pa.len,
			    .repeat = repeat);

		if (!bpf_prog_test_run_opts(fd, &o1) && o1.duration < empty_ns)
			empty_ns = o1.duration;
		if (!bpf_prog_test_run_opts(bpf_program__fd(env.skel->progs.tl_xdp), &o2) &&
		    o2.duration < xdp_ns)
			xdp_ns = o2.duration;
		if (!bpf_prog_test_run_opts(bpf_program__fd(env.skel->progs.tl_tc_ingress), &o3) &&
		    o3.duration < tc_ns)
			tc_ns = o3.duration;
		if (!bpf_prog_test_run_opts(bpf_program__fd(env.skel->progs.tl_xdp), &o4) &&
		    o4.duration < arp_ns)
			arp_ns = o4.duration;
	}
	close(fd);
	run_timing_batch(&p, empty_ns);
	if (empty_ns == UINT32_MAX || xdp_ns == UINT32_MAX || read_stats(&env, st)) {
		printf("timing: test runs failed\n");
		env_close(&env);
		return;
	}
	if (!empty_ns)
		empty_ns = 1;
	printf("timing: empty XDP program %u ns/run (the unit below)\n", empty_ns);
	printf("timing: tl_xdp %u ns/segment (%.1fx empty, +%d ns) on a %u-byte IPv4 TCP frame\n",
	       xdp_ns, (double)xdp_ns / empty_ns, (int)(xdp_ns - empty_ns), p.len);
	printf("timing: tl_tc_ingress %u ns/segment (%.1fx empty)\n", tc_ns,
	       (double)tc_ns / empty_ns);
	printf("timing: tl_xdp %u ns/frame on ARP (%.1fx empty)\n", arp_ns,
	       (double)arp_ns / empty_ns);
	printf("timing: %llu emitted, %llu ring full\n", (unsigned long long)st[TL_CNT_EMITTED],
	       (unsigned long long)st[TL_CNT_RING_FULL]);
	env_close(&env);
}

int main(void)
{
	const char *ci = getenv("CI");
	struct tl_env env, env_snap, env_csum;
	uint32_t lo = if_nametoindex("lo");
	size_t i;
	int err, err2;

	if (geteuid() != 0) {
		printf("prog: skipped: BPF_PROG_TEST_RUN needs root\n");
		if (ci && !strcmp(ci, "true"))
			TL_CHECK(0, "CI=true: a skip is a failure");
		return tl_test_done("prog");
	}
	err = env_open(&env, 0, 0);
	TL_CHECK(!err, "loading the BPF object: %s", strerror(-err));
	if (err) {
		env_close(&env);
		return tl_test_done("prog");
	}
	err = env_open(&env_snap, SNAP, 0);
	TL_CHECK(!err, "loading the BPF object with cfg_frame.every %d: %s", SNAP, strerror(-err));
	err2 = env_open_batch(&env_csum, 0, 0, 0, 0, 1);
	TL_CHECK(!err2, "loading the BPF object with cfg_frame.csum: %s", strerror(-err2));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].snap && !err)
			run_case(&env_snap, &cases[i], SNAP, lo);
		else if (cases[i].sum && !err2)
			run_case(&env_csum, &cases[i], 0, lo);
		else if (!cases[i].snap && !cases[i].sum)
			run_case(&env, &cases[i], 0, lo);
	}
	run_bad_meta(&env);
	run_mutations(&env, 0, 20000);
	run_batches(&env, 0, 400);
	if (!err) {
		run_mutations(&env_snap, SNAP, 5000);
		run_batches(&env_snap, SNAP, 200);
	}
	if (!err2)
		run_mutations(&env_csum, 0, 20000);
	env_close(&env_csum);
	env_close(&env_snap);
	env_close(&env);
	run_live_batch(lo);
	run_load_times();
	run_timing();
	return tl_test_done("prog");
}
