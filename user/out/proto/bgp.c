// SPDX-License-Identifier: GPL-2.0-only
/*
 * BGP (RFC 4271, port 179), as print-bgp.c prints it: the name without -v; with -v every
 * message: OPEN and its capabilities, UPDATE with withdrawn routes, path attributes (AS paths,
 * communities, MP_REACH/MP_UNREACH NLRI of the address families tcpdump decodes, PMSI
 * tunnels, AIGP, attribute sets) and NLRI, NOTIFICATION, ROUTE-REFRESH; -vv adds hex dumps.
 */
#include <stdio.h>

#include "out/proto/proto.h"

#define TL_BGP_SIZE	       19 /* marker, length, type */
#define TL_BGP_OPEN_SIZE       29
#define TL_BGP_NOTIFY_SIZE     21
#define TL_BGP_REFRESH_SIZE    23
#define TL_BGP_RD_LEN	       8
#define TL_BGP_MP_NLRI_MINSIZE 3

/*
 * tcpdump formats NLRI into a char buf[MAXHOSTNAMELEN + 100] (164 on Linux) before printing
 * it, so longer text is cut there: struct tl_sb keeps that cap.
 */
#define TL_BGP_BUF 164

enum { TL_AF_INET = 1, TL_AF_INET6 = 2, TL_AF_NSAP = 3, TL_AF_VPLS = 25, TL_AF_L2VPN = 196 };

enum {
	TL_SAFI_UNICAST = 1,
	TL_SAFI_MULTICAST = 2,
	TL_SAFI_UNIMULTICAST = 3,
	TL_SAFI_LABUNICAST = 4,
	TL_SAFI_MULTICAST_VPN = 5,
	TL_SAFI_VPLS = 65,
	TL_SAFI_MDT = 66,
	TL_SAFI_VPNUNICAST = 128,
	TL_SAFI_VPNMULTICAST = 129,
	TL_SAFI_VPNUNIMULTICAST = 130,
	TL_SAFI_RT_ROUTING_INFO = 132,
};

#define TL_AFSAFI(af, safi) ((uint32_t)(af) << 8 | (safi))

static const struct tl_tok tl_bgp_msgs[] = {
	{ 1, "Open" },	    { 2, "Update" },	    { 3, "Notification" },
	{ 4, "Keepalive" }, { 5, "Route Refresh" }, { 0, NULL },
};

enum {
	TL_ATTR_ORIGIN = 1,
	TL_ATTR_AS_PATH = 2,
	TL_ATTR_NEXT_HOP = 3,
	TL_ATTR_MED = 4,
	TL_ATTR_LOCAL_PREF = 5,
	TL_ATTR_ATOMIC_AGGREGATE = 6,
	TL_ATTR_AGGREGATOR = 7,
	TL_ATTR_COMMUNITIES = 8,
	TL_ATTR_ORIGINATOR_ID = 9,
	TL_ATTR_CLUSTER_LIST = 10,
	TL_ATTR_MP_REACH = 14,
	TL_ATTR_MP_UNREACH = 15,
	TL_ATTR_EXTD_COMMUNITIES = 16,
	TL_ATTR_AS4_PATH = 17,
	TL_ATTR_AGGREGATOR4 = 18,
	TL_ATTR_PMSI_TUNNEL = 22,
	TL_ATTR_AIGP = 26,
	TL_ATTR_LARGE_COMMUNITY = 32,
	TL_ATTR_SET = 128,
};

static const struct tl_tok tl_bgp_attrs[] = {
	{ 1, "Origin" },
	{ 2, "AS Path" },
	{ 17, "AS4 Path" },
	{ 3, "Next Hop" },
	{ 4, "Multi Exit Discriminator" },
	{ 5, "Local Preference" },
	{ 6, "Atomic Aggregate" },
	{ 7, "Aggregator" },
	{ 18, "Aggregator4" },
	{ 8, "Community" },
	{ 9, "Originator ID" },
	{ 10, "Cluster List" },
	{ 11, "DPA" },
	{ 12, "Advertisers" },
	{ 13, "RCID Path / Cluster ID" },
	{ 14, "Multi-Protocol Reach NLRI" },
	{ 15, "Multi-Protocol Unreach NLRI" },
	{ 16, "Extended Community" },
	{ 22, "PMSI Tunnel" },
	{ 23, "Tunnel Encapsulation" },
	{ 24, "Traffic Engineering" },
	{ 25, "IPv6 Extended Community" },
	{ 26, "Accumulated IGP Metric" },
	{ 27, "PE Distinguisher Label" },
	{ 28, "Entropy Label" },
	{ 32, "Large Community" },
	{ 128, "Attribute Set" },
	{ 255, "Reserved for development" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_seg_open[] = {
	{ 2, "" }, { 1, "{ " }, { 3, "( " }, { 4, "({ " }, { 0, NULL },
};

static const struct tl_tok tl_bgp_seg_close[] = {
	{ 2, "" }, { 1, "}" }, { 3, ")" }, { 4, "})" }, { 0, NULL },
};

static const struct tl_tok tl_bgp_opts[] = {
	{ 1, "Authentication Information" },
	{ 2, "Capabilities Advertisement" },
	{ 0, NULL },
};

enum {
	TL_CAP_MP = 1,
	TL_CAP_RR = 2,
	TL_CAP_ML = 8,
	TL_CAP_RESTART = 64,
	TL_CAP_AS_NEW = 65,
	TL_CAP_ADD_PATH = 69,
	TL_CAP_LLGR = 71,
	TL_CAP_RR_CISCO = 128,
};

static const struct tl_tok tl_bgp_caps[] = {
	{ 1, "Multiprotocol Extensions" },
	{ 2, "Route Refresh" },
	{ 3, "Cooperative Route Filtering" },
	{ 4, "Multiple Routes to a Destination" },
	{ 5, "Extended Next Hop Encoding" },
	{ 8, "Multiple Labels" },
	{ 64, "Graceful Restart" },
	{ 65, "32-Bit AS Number" },
	{ 67, "Dynamic Capability" },
	{ 68, "Multisession BGP" },
	{ 69, "Multiple Paths" },
	{ 70, "Enhanced Route Refresh" },
	{ 71, "Long-lived Graceful Restart" },
	{ 128, "Route Refresh (Cisco)" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_notify_major[] = {
	{ 1, "Message Header Error" },	     { 2, "OPEN Message Error" },
	{ 3, "UPDATE Message Error" },	     { 4, "Hold Timer Expired" },
	{ 5, "Finite State Machine Error" }, { 6, "Cease" },
	{ 7, "Capability Message Error" },   { 0, NULL },
};

static const struct tl_tok tl_bgp_minor_cease[] = {
	{ 1, "Maximum Number of Prefixes Reached" },
	{ 2, "Administrative Shutdown" },
	{ 3, "Peer Unconfigured" },
	{ 4, "Administrative Reset" },
	{ 5, "Connection Rejected" },
	{ 6, "Other Configuration Change" },
	{ 7, "Connection Collision Resolution" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_msg[] = {
	{ 1, "Connection Not Synchronized" },
	{ 2, "Bad Message Length" },
	{ 3, "Bad Message Type" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_open[] = {
	{ 1, "Unsupported Version Number" }, { 2, "Bad Peer AS" },
	{ 3, "Bad BGP Identifier" },	     { 4, "Unsupported Optional Parameter" },
	{ 5, "Authentication Failure" },     { 6, "Unacceptable Hold Time" },
	{ 7, "Capability Message Error" },   { 0, NULL },
};

static const struct tl_tok tl_bgp_minor_update[] = {
	{ 1, "Malformed Attribute List" },
	{ 2, "Unrecognized Well-known Attribute" },
	{ 3, "Missing Well-known Attribute" },
	{ 4, "Attribute Flags Error" },
	{ 5, "Attribute Length Error" },
	{ 6, "Invalid ORIGIN Attribute" },
	{ 7, "AS Routing Loop" },
	{ 8, "Invalid NEXT_HOP Attribute" },
	{ 9, "Optional Attribute Error" },
	{ 10, "Invalid Network Field" },
	{ 11, "Malformed AS_PATH" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_fsm[] = {
	{ 0, "Unspecified Error" },
	{ 1, "In OpenSent State" },
	{ 2, "In OpenConfirm State" },
	{ 3, "In Established State" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_cap[] = {
	{ 1, "Invalid Action Value" },
	{ 2, "Invalid Capability Length" },
	{ 3, "Malformed Capability Value" },
	{ 4, "Unsupported Capability Code" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_origins[] = {
	{ 0, "IGP" },
	{ 1, "EGP" },
	{ 2, "Incomplete" },
	{ 0, NULL },
};

enum {
	TL_PMSI_RSVP_P2MP = 1,
	TL_PMSI_LDP_P2MP = 2,
	TL_PMSI_PIM_SSM = 3,
	TL_PMSI_PIM_SM = 4,
	TL_PMSI_PIM_BIDIR = 5,
	TL_PMSI_INGRESS = 6,
	TL_PMSI_LDP_MP2MP = 7,
};

static const struct tl_tok tl_bgp_pmsi_types[] = {
	{ 1, "RSVP-TE P2MP LSP" }, { 2, "LDP P2MP LSP" },
	{ 3, "PIM-SSM Tree" },	   { 4, "PIM-SM Tree" },
	{ 5, "PIM-Bidir Tree" },   { 6, "Ingress Replication" },
	{ 7, "LDP MP2MP LSP" },	   { 0, NULL },
};

static const struct tl_tok tl_bgp_pmsi_flags[] = { { 0x01, "Leaf Information required" },
						   { 0, NULL } };

static const struct tl_tok tl_bgp_aigp[] = { { 1, "AIGP" }, { 0, NULL } };

static const struct tl_tok tl_bgp_safis[] = {
	{ 0, "Reserved" },
	{ 1, "Unicast" },
	{ 2, "Multicast" },
	{ 3, "Unicast+Multicast" },
	{ 4, "labeled Unicast" },
	{ 64, "Tunnel" },
	{ 65, "VPLS" },
	{ 66, "MDT" },
	{ 70, "EVPN" },
	{ 128, "labeled VPN Unicast" },
	{ 129, "labeled VPN Multicast" },
	{ 130, "labeled VPN Unicast+Multicast" },
	{ 132, "Route Target Routing Information" },
	{ 5, "Multicast VPN" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_extd_flags[] = {
	{ 0x8000, "vendor-specific" },
	{ 0x4000, "non-transitive" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_extd_types[] = {
	{ 0x0002, "target" },
	{ 0x0102, "target" },
	{ 0x0202, "target" },
	{ 0x0003, "origin" },
	{ 0x0103, "origin" },
	{ 0x0203, "origin" },
	{ 0x4004, "link-BW" },
	{ 0x0005, "ospf-domain" },
	{ 0x0105, "ospf-domain" },
	{ 0x0205, "ospf-domain" },
	{ 0x8005, "ospf-domain" },
	{ 0x0306, "ospf-route-type" },
	{ 0x8000, "ospf-route-type" },
	{ 0x030c, "encapsulation" },
	{ 0x0107, "ospf-router-id" },
	{ 0x8001, "ospf-router-id" },
	{ 0x800a, "layer2-info" },
	{ 0x8800, "eigrp-general-route (flag, tag)" },
	{ 0x8801, "eigrp-route-metric (AS, delay)" },
	{ 0x8802, "eigrp-route-metric (reliability, nexthop, bandwidth)" },
	{ 0x8803, "eigrp-route-metric (load, MTU)" },
	{ 0x8804, "eigrp-external-route (remote-AS, remote-ID)" },
	{ 0x8805, "eigrp-external-route (remote-proto, remote-metric)" },
	{ 0x0009, "source-AS" },
	{ 0x010b, "vrf-route-import" },
	{ 0x000a, "l2vpn-id" },
	{ 0xf10a, "l2vpn-id" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_encap_tunnels[] = {
	{ 1, "L2TPv3 over IP" },
	{ 2, "GRE" },
	{ 3, "Transmit Tunnel" },
	{ 4, "IPsec" },
	{ 5, "IP in IP with IPsec" },
	{ 6, "MPLS in IP with IPsec" },
	{ 7, "IP in IP" },
	{ 8, "VXLAN" },
	{ 9, "NVGRE" },
	{ 10, "MPLS" },
	{ 11, "MPLS in GRE" },
	{ 12, "VXLAN GPE" },
	{ 13, "MPLS in UDP" },
	{ 14, "IPv6" },
	{ 15, "SR TE" },
	{ 16, "Bare" },
	{ 17, "SR" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_ospf_rtypes[] = {
	{ 1, "Router" },	{ 2, "Network" },	  { 3, "Summary" }, { 5, "External" },
	{ 7, "NSSA External" }, { 129, "MPLS-VPN Sham" }, { 0, NULL },
};

static const struct tl_tok tl_bgp_add_path_modes[] = {
	{ 1, "Receive" },
	{ 2, "Send" },
	{ 3, "Both" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_mvpn_types[] = {
	{ 1, "Intra-AS I-PMSI" },  { 2, "Inter-AS I-PMSI" },
	{ 3, "S-PMSI" },	   { 4, "Intra-AS Segment-Leaf" },
	{ 5, "Source-Active" },	   { 6, "Shared Tree Join" },
	{ 7, "Source Tree Join" }, { 0, NULL },
};

/* l2vpn.c's encapsulation types (draft-kompella-ppvpn-l2vpn). */
static const struct tl_tok tl_l2vpn_encaps[] = {
	{ 0, "Reserved" },
	{ 1, "Frame Relay" },
	{ 2, "ATM AAL5 SDU VCC transport" },
	{ 3, "ATM transparent cell transport" },
	{ 4, "Ethernet (VLAN) Tagged Mode" },
	{ 5, "Ethernet Raw Mode" },
	{ 6, "Cisco HDLC" },
	{ 7, "PPP" },
	{ 8, "SONET/SDH Circuit Emulation Service over MPLS" },
	{ 9, "ATM n-to-one VCC cell transport" },
	{ 10, "ATM n-to-one VPC cell transport" },
	{ 11, "IP layer 2 transport" },
	{ 15, "Frame Relay Port mode" },
	{ 17, "Structure-agnostic E1 over packet" },
	{ 18, "Structure-agnostic T1 (DS1) over packet" },
	{ 19, "VPLS" },
	{ 20, "Structure-agnostic T3 (DS3) over packet" },
	{ 21, "Nx64kbit/s Basic Service using Structure-aware" },
	{ 25, "Frame Relay DLCI" },
	{ 40, "Structure-agnostic E3 over packet" },
	{ 41, "Octet-aligned playload for Structure-agnostic DS1 circuits" },
	{ 42, "E1 Nx64kbit/s with CAS using Structure-aware" },
	{ 43, "DS1 (ESF) Nx64kbit/s with CAS using Structure-aware" },
	{ 44, "DS1 (SF) Nx64kbit/s with CAS using Structure-aware" },
	{ 0, NULL },
};

static inline uint32_t tl_be24(const uint8_t *b)
{
	return (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
}

/*
 * A char buffer tcpdump snprintf()s into and prints afterwards: text past cap - 1 is lost,
 * and `full` says what UPDATE_BUF_BUFLEN's buflen == 0 says (the text asked for reached cap).
 */
struct tl_sb {
	char b[TL_BGP_BUF];
	size_t cap, len, want;
};

static void tl_sb_init(struct tl_sb *sb, size_t cap)
{
	sb->cap = cap;
	sb->len = 0;
	sb->want = 0;
}

static bool tl_sb_full(const struct tl_sb *sb)
{
	return sb->want >= sb->cap;
}

static void tl_sb_mem(struct tl_sb *sb, const char *s, size_t n)
{
	size_t room = sb->cap - 1 - sb->len;

	sb->want += n;
	if (n > room)
		n = room;
	memcpy(sb->b + sb->len, s, n);
	sb->len += n;
}

static void tl_sb_str(struct tl_sb *sb, const char *s)
{
	tl_sb_mem(sb, s, strlen(s));
}

static void tl_sb_u32(struct tl_sb *sb, uint32_t v)
{
	char t[12] = { 0 };

	tl_sb_mem(sb, t, (size_t)(put_u32(t, v) - t));
}

static void tl_sb_hex2(struct tl_sb *sb, uint8_t v)
{
	char t[2] = { 0 };

	put_hex8(t, v);
	tl_sb_mem(sb, t, 2);
}

static void tl_sb_ip4(struct tl_sb *sb, const uint8_t *a)
{
	char t[16] = { 0 };

	tl_sb_mem(sb, t, (size_t)(put_ip4_text(t, a) - t));
}

static void tl_sb_ip6(struct tl_sb *sb, const uint8_t *a)
{
	char t[46] = { 0 };

	tl_sb_mem(sb, t, (size_t)(put_ip6(t, a) - t));
}

/* isonsap_string(): hex octets, a dot after the first and after every second one after. */
static void tl_sb_nsap(struct tl_sb *sb, const uint8_t *a, uint32_t n)
{
	if (n < 1 || n > 20) {
		tl_sb_str(sb, "isonsap_string: illegal length");
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		tl_sb_hex2(sb, a[i]);
		if (!(i & 1) && i + 1 < n)
			tl_sb_mem(sb, ".", 1);
	}
}

static void tl_dec_sb(struct tl_dec *d, const struct tl_sb *sb)
{
	tl_dec_mem(d, sb->b, sb->len);
}

/* A route distinguisher (RFC 4364 4.2), read whole before anything prints it. */
struct tl_bgp_rd {
	uint8_t b[8];
	uint16_t type;
};

static void tl_bgp_rd_get(struct tl_dec *d, size_t off, struct tl_bgp_rd *rd)
{
	rd->type = tl_dec_be16(d, off);
	if (rd->type <= 2) {
		tl_dec_need(d, off, 8);
		memcpy(rd->b, d->p + off, 8);
	}
}

/* bgp_vpn_rd_print(). */
static void tl_sb_rd(struct tl_sb *sb, const struct tl_bgp_rd *rd)
{
	const uint8_t *b = rd->b;

	switch (rd->type) {
	case 0: /* 2-byte AS:number */
		tl_sb_u32(sb, tl_be16(b + 2));
		tl_sb_str(sb, ":");
		tl_sb_u32(sb, tl_be32(b + 4));
		tl_sb_str(sb, " (= ");
		tl_sb_ip4(sb, b + 4);
		tl_sb_str(sb, ")");
		break;
	case 1: /* IP address:number */
		tl_sb_ip4(sb, b + 2);
		tl_sb_str(sb, ":");
		tl_sb_u32(sb, tl_be16(b + 6));
		break;
	case 2: /* 4-byte AS:number */
		tl_sb_u32(sb, tl_be32(b + 2));
		tl_sb_str(sb, ":");
		tl_sb_u32(sb, tl_be16(b + 6));
		tl_sb_str(sb, " (");
		tl_sb_ip4(sb, b + 2);
		tl_sb_str(sb, ":");
		tl_sb_u32(sb, tl_be16(b + 6));
		tl_sb_str(sb, ")");
		break;
	default:
		tl_sb_str(sb, "unknown RD format");
		break;
	}
}

/* bgp_vpn_ip_print(): an address of `bits` bits, read when called. */
struct tl_bgp_ip {
	uint8_t a[16];
	uint32_t bits;
};

static void tl_bgp_ip_get(struct tl_dec *d, size_t off, uint32_t bits, struct tl_bgp_ip *ip)
{
	ip->bits = bits;
	if (bits == 32 || bits == 128) {
		tl_dec_need(d, off, bits / 8);
		memcpy(ip->a, d->p + off, bits / 8);
	}
}

static void tl_sb_vpn_ip(struct tl_sb *sb, const struct tl_bgp_ip *ip)
{
	if (ip->bits == 32) {
		tl_sb_ip4(sb, ip->a);
	} else if (ip->bits == 128) {
		tl_sb_ip6(sb, ip->a);
	} else {
		tl_sb_str(sb, "bogus address length ");
		tl_sb_u32(sb, ip->bits);
	}
}

/* An IPv4 address read from the payload (GET_IPADDR_STRING). */
static void tl_bgp_ip4_get(struct tl_dec *d, size_t off, uint8_t a[4])
{
	tl_dec_need(d, off, 4);
	memcpy(a, d->p + off, 4);
}

static void tl_bgp_ip6_get(struct tl_dec *d, size_t off, uint8_t a[16])
{
	tl_dec_need(d, off, 16);
	memcpy(a, d->p + off, 16);
}

/* "addr/len" of a prefix. */
static void tl_sb_prefix(struct tl_sb *sb, const uint8_t *a, uint32_t plen, bool v6)
{
	if (v6)
		tl_sb_ip6(sb, a);
	else
		tl_sb_ip4(sb, a);
	tl_sb_str(sb, "/");
	tl_sb_u32(sb, plen);
}

/* "nsap/len" of a CLNP prefix of plen bits. */
static void tl_sb_nsap_prefix(struct tl_sb *sb, const uint8_t *a, uint32_t plen)
{
	tl_sb_nsap(sb, a, (plen + 7) / 8);
	tl_sb_str(sb, "/");
	tl_sb_u32(sb, plen);
}

/* " label:N (bottom)" of an RFC 3107 label in the three bytes at off. */
static void tl_sb_label(struct tl_sb *sb, uint32_t label3, uint8_t last)
{
	tl_sb_str(sb, ", label:");
	tl_sb_u32(sb, label3 >> 4);
	tl_sb_str(sb, (last & 1) ? " (bottom)" : " (BOGUS: Bottom of Stack NOT set!)");
}

/* Prefix bytes at off (plen bits) into a zeroed address, the bits past plen cleared. */
static void tl_bgp_prefix_bytes(struct tl_dec *d, size_t off, uint32_t plen, uint8_t *a,
				size_t alen)
{
	uint32_t bytes = (plen + 7) / 8;

	memset(a, 0, alen);
	tl_dec_need(d, off, bytes);
	memcpy(a, d->p + off, bytes);
	if (plen % 8)
		a[bytes - 1] &= (uint8_t)((0xff00 >> (plen % 8)) & 0xff);
}

/* decode_prefix4/6(): "addr/len"; bytes taken, -1 bad length, -2 fewer bytes than needed. */
static int tl_bgp_prefix(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6, struct tl_sb *sb)
{
	uint8_t a[16];
	uint32_t plen = 0;
	int n = tl_dec_prefix_get(d, off, itemlen, v6, a, &plen);

	if (n < 0)
		return n;
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_prefix(sb, a, plen, v6);
	return n;
}

/* decode_labeled_prefix4/6() (RFC 3107): the label's 24 bits count in the prefix length. */
static int tl_bgp_labeled_prefix(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6,
				 struct tl_sb *sb)
{
	uint32_t plen, bytes, max = v6 ? 128 : 32, label;
	uint8_t a[16], last;

	if (!tl_dec_has(d, off, 4))
		return -2;
	if (itemlen < 4)
		return -3;
	plen = d->p[off];
	if (plen < 24)
		return -1;
	plen -= 24;
	if (plen > max)
		return -1;
	itemlen -= 4;
	bytes = (plen + 7) / 8;
	/* 4.99.3 checks the item length for IPv4 only. */
	if (!v6 && itemlen < bytes)
		return -3;
	tl_bgp_prefix_bytes(d, off + 4, plen, a, sizeof(a));
	label = tl_be24(d->p + off + 1);
	last = d->p[off + 3];
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_prefix(sb, a, plen, v6);
	tl_sb_label(sb, label, last);
	return (int)(4 + bytes);
}

/*
 * decode_labeled_vpn_prefix4/6() (RFC 4364, RFC 4659) and decode_labeled_vpn_clnp_prefix():
 * label, RD, prefix; max is the address's bits, TL_BGP_NSAP_BITS for an NSAP.
 */
#define TL_BGP_NSAP_BITS 152
static int tl_bgp_vpn_prefix_any(struct tl_dec *d, size_t off, uint32_t max, bool v6,
				 struct tl_sb *sb)
{
	uint32_t plen, label;
	struct tl_bgp_rd rd;
	uint8_t a[19], last;

	plen = tl_dec_u8(d, off);
	if (plen < 24 + 64)
		return -1;
	plen -= 24 + 64;
	if (plen > max)
		return -1;
	tl_bgp_prefix_bytes(d, off + 12, plen, a, sizeof(a));
	tl_bgp_rd_get(d, off + 4, &rd);
	label = tl_dec_be24(d, off + 1);
	last = tl_dec_u8(d, off + 3);
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_str(sb, "RD: ");
	tl_sb_rd(sb, &rd);
	tl_sb_str(sb, ", ");
	if (max == TL_BGP_NSAP_BITS)
		tl_sb_nsap_prefix(sb, a, plen);
	else
		tl_sb_prefix(sb, a, plen, v6);
	tl_sb_label(sb, label, last);
	return (int)(12 + (plen + 7) / 8);
}

static int tl_bgp_vpn_prefix(struct tl_dec *d, size_t off, bool v6, struct tl_sb *sb)
{
	return tl_bgp_vpn_prefix_any(d, off, v6 ? 128 : 32, v6, sb);
}

static int tl_bgp_vpn_clnp_prefix(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	return tl_bgp_vpn_prefix_any(d, off, TL_BGP_NSAP_BITS, false, sb);
}

/* decode_clnp_prefix(): tcpdump reads the NSAP from off + 4, not off + 1; so do we. */
static int tl_bgp_clnp_prefix(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	uint8_t a[19];
	uint32_t plen = tl_dec_u8(d, off);

	if (plen > TL_BGP_NSAP_BITS)
		return -1;
	tl_bgp_prefix_bytes(d, off + 4, plen, a, sizeof(a));
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_nsap_prefix(sb, a, plen);
	return (int)(1 + (plen + 7) / 8);
}

/* bgp_rt_prefix_print() (RFC 4684 4): the route target of plen bits, cut at 60 characters. */
static void tl_sb_rt_prefix(struct tl_sb *out, const uint8_t rt[8], uint32_t plen)
{
	struct tl_sb hex;
	uint32_t octets, type;

	tl_sb_init(out, 61);
	if (plen == 0) {
		tl_sb_str(out, "route-target: 0:0/0");
		return;
	}
	octets = (plen + 7) / 8;
	tl_sb_init(&hex, 20);
	for (uint32_t i = 0; i < octets; i++) {
		tl_sb_hex2(&hex, rt[i]);
		if (i % 2 == 1 && i < octets - 1)
			tl_sb_str(&hex, " ");
	}
	hex.b[hex.len] = '\0';
	if (plen < 16) {
		tl_sb_str(out, "route-target: partial-type: (");
		tl_sb_str(out, hex.b);
		tl_sb_str(out, "/");
		tl_sb_u32(out, plen);
		tl_sb_str(out, ")");
		return;
	}
	type = tl_be16(rt);
	switch (type) {
	case 0x0002:
		tl_sb_str(out, "route-target: ");
		tl_sb_u32(out, tl_be16(rt + 2));
		tl_sb_str(out, ":");
		tl_sb_u32(out, tl_be32(rt + 4));
		break;
	case 0x0102:
		tl_sb_str(out, "route-target: ");
		tl_sb_ip4(out, rt + 2);
		tl_sb_str(out, ":");
		tl_sb_u32(out, tl_be16(rt + 6));
		break;
	case 0x0202:
		tl_sb_str(out, "route-target: ");
		tl_sb_u32(out, tl_be32(rt + 2));
		tl_sb_str(out, ":");
		tl_sb_u32(out, tl_be16(rt + 6));
		break;
	default:
		tl_sb_str(out, "route target: unknown-type(");
		tl_sb_hex2(out, (uint8_t)(type >> 8));
		tl_sb_hex2(out, (uint8_t)type);
		tl_sb_str(out, ") (");
		tl_sb_str(out, hex.b);
		tl_sb_str(out, "/");
		tl_sb_u32(out, plen);
		tl_sb_str(out, ")");
		return;
	}
	tl_sb_str(out, "/");
	tl_sb_u32(out, plen);
	tl_sb_str(out, " (");
	tl_sb_str(out, hex.b);
	tl_sb_str(out, ")");
}

/* decode_rt_routing_info() (RFC 4684): printed here, not into the caller's buffer. */
static int tl_bgp_rt_routing_info(struct tl_dec *d, size_t off)
{
	uint8_t rt[8] = { 0 };
	uint32_t plen, as, octets;
	struct tl_sb out;

	plen = tl_dec_u8(d, off);
	if (plen == 0) {
		TL_DEC_PUT(d, "\n\t      default route target");
		return 1;
	}
	if (plen < 32) {
		TL_DEC_PUT(d, "\n\t      (illegal prefix length)");
		return -1;
	}
	as = tl_dec_be32(d, off + 1);
	plen -= 32;
	if (plen > 64) {
		TL_DEC_PUT(d, "\n\t      (illegal prefix length)");
		return -1;
	}
	octets = (plen + 7) / 8;
	tl_bgp_prefix_bytes(d, off + 5, plen, rt, sizeof(rt));
	tl_sb_rt_prefix(&out, rt, plen);
	TL_DEC_PUT(d, "\n\t      origin AS: ");
	tl_dec_u32(d, as);
	TL_DEC_PUT(d, ", ");
	tl_dec_sb(d, &out);
	return (int)(5 + octets);
}

/* decode_mdt_vpn_nlri() (RFC 6037): RD, VPN address, group address. */
static int tl_bgp_mdt(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	struct tl_bgp_rd rd;
	uint8_t ip[4], group[4];

	if (tl_dec_u8(d, off) != 16 * 8)
		return -1;
	off++;
	if (!tl_dec_has(d, off, 8))
		return -2;
	tl_bgp_rd_get(d, off, &rd);
	tl_bgp_ip4_get(d, off + 8, ip);
	tl_bgp_ip4_get(d, off + 12, group);
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_str(sb, "RD: ");
	tl_sb_rd(sb, &rd);
	tl_sb_str(sb, ", VPN IP Address: ");
	tl_sb_ip4(sb, ip);
	tl_sb_str(sb, ", MC Group Address: ");
	tl_sb_ip4(sb, group);
	return 16 + 1;
}

/* bgp_vpn_sg_print(): ", Source S" and ", Group G" of a (S,G); the bytes it took. */
static uint32_t tl_bgp_sg(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	static const char *const what[] = { ", Source ", ", Group " };
	struct tl_bgp_ip ip;
	uint32_t total = 0, bits;

	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		bits = tl_dec_u8(d, off);
		off++;
		if (!tl_dec_has(d, off, bits >> 3))
			return total;
		total += (bits >> 3) + 1;
		if (bits) {
			tl_bgp_ip_get(d, off, bits, &ip);
			tl_sb_str(sb, what[i]);
			tl_sb_vpn_ip(sb, &ip);
			off += bits >> 3;
		}
	}
	return total;
}

/* decode_multicast_vpn() (RFC 6514 4): the route type and what 4.99.3 decodes of it. */
static int tl_bgp_mvpn(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	uint32_t type, rlen, sg, alen;
	struct tl_bgp_rd rd;
	struct tl_bgp_ip ip;

	type = tl_dec_u8(d, off);
	rlen = tl_dec_u8(d, off + 1);
	off += 2;
	tl_sb_init(sb, TL_BGP_BUF);
	tl_sb_str(sb, "Route-Type: ");
	tl_sb_str(sb, tl_tok_or(tl_bgp_mvpn_types, type, "Unknown"));
	tl_sb_str(sb, " (");
	tl_sb_u32(sb, type);
	tl_sb_str(sb, "), length: ");
	tl_sb_u32(sb, rlen);
	switch (type) {
	case 1: /* Intra-AS I-PMSI */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		/* 4.99.3 shifts a negative length too: unsigned here, as it prints. */
		tl_bgp_ip_get(d, off + TL_BGP_RD_LEN, (uint32_t)(rlen - TL_BGP_RD_LEN) << 3, &ip);
		tl_sb_str(sb, ", RD: ");
		tl_sb_rd(sb, &rd);
		tl_sb_str(sb, ", Originator ");
		tl_sb_vpn_ip(sb, &ip);
		break;
	case 2: /* Inter-AS I-PMSI */
	case 6: /* Shared Tree Join */
	case 7: /* Source Tree Join */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN + 4))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_sb_str(sb, ", RD: ");
		tl_sb_rd(sb, &rd);
		tl_sb_str(sb, ", Source-AS ");
		tl_sb_u32(sb, tl_be32(d->p + off + TL_BGP_RD_LEN));
		if (type != 2)
			tl_bgp_sg(d, off + TL_BGP_RD_LEN + 4, sb);
		break;
	case 3: /* S-PMSI */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_sb_str(sb, ", RD: ");
		tl_sb_rd(sb, &rd);
		off += TL_BGP_RD_LEN;
		sg = tl_bgp_sg(d, off, sb);
		alen = rlen - sg;
		/* The originator is read where the (S,G) starts, as 4.99.3 does. */
		if (!tl_dec_has(d, off, alen))
			return -2;
		tl_bgp_ip_get(d, off, alen << 3, &ip);
		tl_sb_str(sb, ", Originator ");
		tl_sb_vpn_ip(sb, &ip);
		break;
	case 5: /* Source-Active */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_sb_str(sb, ", RD: ");
		tl_sb_rd(sb, &rd);
		tl_bgp_sg(d, off + TL_BGP_RD_LEN, sb);
		break;
	default:
		break;
	}
	return (int)(rlen + 2);
}

/*
 * decode_labeled_vpn_l2() (RFC 4761, draft-kompella): auto-discovery or the old layout with
 * TLVs. The circuit status vector's bytes are only stepped over while the buffer has room, as
 * in 4.99.3.
 */
static int tl_bgp_l2vpn(struct tl_dec *d, size_t off, struct tl_sb *sb)
{
	uint32_t plen, tlen, type, tlv_len, ttlv;
	struct tl_bgp_rd rd;
	uint8_t ip[4];

	plen = tl_dec_be16(d, off);
	tlen = plen;
	off += 2;
	tl_sb_init(sb, TL_BGP_BUF);
	if (plen == 12) {
		if (!tl_dec_has(d, off, 12))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_bgp_ip4_get(d, off + 8, ip);
		tl_sb_str(sb, "RD: ");
		tl_sb_rd(sb, &rd);
		tl_sb_str(sb, ", BGPNH: ");
		tl_sb_ip4(sb, ip);
		return (int)(plen + 2);
	}
	if (plen <= 17)
		return -2;
	if (!tl_dec_has(d, off, 15))
		return -2;
	tl_bgp_rd_get(d, off, &rd);
	tl_sb_str(sb, "RD: ");
	tl_sb_rd(sb, &rd);
	tl_sb_str(sb, ", CE-ID: ");
	tl_sb_u32(sb, tl_be16(d->p + off + 8));
	tl_sb_str(sb, ", Label-Block Offset: ");
	tl_sb_u32(sb, tl_be16(d->p + off + 10));
	tl_sb_str(sb, ", Label Base ");
	tl_sb_u32(sb, tl_be24(d->p + off + 12) >> 4);
	off += 15;
	tlen -= 15;
	while (tlen != 0) {
		if (tlen < 3) {
			if (!tl_sb_full(sb))
				tl_sb_str(sb, "\n\t\tran past the end");
			return (int)(plen + 2);
		}
		type = tl_dec_u8(d, off);
		tlv_len = tl_dec_be16(d, off + 1);
		ttlv = (tlv_len + 7) / 8;
		off += 3;
		if (type == 1) {
			if (!tl_sb_full(sb)) {
				tl_sb_str(sb, "\n\t\tcircuit status vector (1) length: ");
				tl_sb_u32(sb, tlv_len);
				tl_sb_str(sb, ": 0x");
			}
			while (ttlv != 0) {
				if (tlen < 1) {
					if (!tl_sb_full(sb))
						tl_sb_str(sb, " (ran past the end)");
					return (int)(plen + 2);
				}
				if (!tl_dec_has(d, off, 1))
					return -2;
				if (!tl_sb_full(sb)) {
					tl_sb_hex2(sb, d->p[off]);
					off++;
				}
				ttlv--;
				tlen--;
			}
		} else {
			if (!tl_sb_full(sb)) {
				tl_sb_str(sb, "\n\t\tunknown TLV #");
				tl_sb_u32(sb, type);
				tl_sb_str(sb, ", length: ");
				tl_sb_u32(sb, tlv_len);
			}
			if (tlen < ttlv) {
				if (!tl_sb_full(sb))
					tl_sb_str(sb, " (ran past the end)");
				return (int)(plen + 2);
			}
			tlen -= ttlv;
		}
	}
	return (int)(plen + 2);
}

/* bgp_attr_get_as_size(): 2-byte ASes if the path parses as such to its end, else 4. */
static uint32_t tl_bgp_as_size(struct tl_dec *d, uint32_t atype, size_t off, uint32_t len)
{
	size_t t = off;

	if (atype == TL_ATTR_AS4_PATH)
		return 4;
	while (t < off + len) {
		uint8_t seg = tl_dec_u8(d, t);

		if (seg < 1 || seg > 4)
			return 4;
		t += 2 + (size_t)tl_dec_u8(d, t + 1) * 2;
	}
	return t == off + len ? 2 : 4;
}

/*
 * check_add_path() (RFC 7911): whether NLRI of length bytes read better with a path ID
 * before each prefix; only the bytes captured are looked at.
 */
static bool tl_bgp_add_path(struct tl_dec *d, size_t off, uint32_t length, uint32_t max_plen)
{
	uint64_t o;
	uint32_t pl;

	if (length < 5)
		return false;
	for (o = 0; o < length;) {
		o += 4;
		if (!tl_dec_has(d, off + o, 1))
			break;
		pl = d->p[off + o];
		if (pl > max_plen)
			return false;
		o += 1 + (pl + 7) / 8;
	}
	if (o > length)
		return false;
	for (o = 0; o < length;) {
		if (!tl_dec_has(d, off + o, 1))
			break;
		pl = d->p[off + o];
		if (pl < 1 || pl > max_plen)
			return true;
		o += 1 + (pl + 7) / 8;
	}
	return o > length;
}

/* The AFI/SAFI pairs 4.99.3 has NLRI decoders for. */
static bool tl_bgp_afsafi_known(uint32_t af, uint32_t safi)
{
	switch (TL_AFSAFI(af, safi)) {
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNIMULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_LABUNICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_RT_ROUTING_INFO):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNIMULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST_VPN):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MDT):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNIMULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_LABUNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNIMULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNIMULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNIMULTICAST):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNIMULTICAST):
	case TL_AFSAFI(TL_AF_VPLS, TL_SAFI_VPLS):
		return true;
	default:
		return false;
	}
}

/* " (N)" of a name and its number. */
static void tl_bgp_named(struct tl_dec *d, const char *name, uint32_t v)
{
	tl_dec_str(d, name);
	TL_DEC_PUT(d, " (");
	tl_dec_u32(d, v);
	tl_dec_ch(d, ')');
}

/* bgp_mp_af_print(): 0, -1 for an AFI/SAFI without decoder (said so), -2 truncated. */
static int tl_bgp_mp_af(struct tl_dec *d, size_t off, uint32_t tlen, uint32_t *afp, uint32_t *safip)
{
	uint32_t af = tl_dec_be16(d, off), safi = tl_dec_u8(d, off + 2);

	*afp = af;
	*safip = safi;
	TL_DEC_PUT(d, "\n\t    AFI: ");
	tl_bgp_named(d, tl_tok_or(tl_af_values, af, "Unknown AFI"), af);
	TL_DEC_PUT(d, ", ");
	if (safi > 128)
		TL_DEC_PUT(d, "vendor specific ");
	TL_DEC_PUT(d, "SAFI: ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_safis, safi, "Unknown SAFI"), safi);
	if (tl_bgp_afsafi_known(af, safi))
		return 0;
	if (!tl_dec_has(d, off, tlen))
		return -2;
	TL_DEC_PUT(d, "\n\t    no AFI ");
	tl_dec_u32(d, af);
	TL_DEC_PUT(d, " / SAFI ");
	tl_dec_u32(d, safi);
	TL_DEC_PUT(d, " decoder");
	if (d->vflag <= 1)
		tl_dec_unknown_data(d, off, "\n\t    ", tlen);
	return -1;
}

/* "\n\t      " and the buffer, as every NLRI line is printed. */
static void tl_bgp_nlri_line(struct tl_dec *d, const struct tl_sb *sb)
{
	TL_DEC_PUT(d, "\n\t      ");
	tl_dec_sb(d, sb);
}

/*
 * bgp_nlri_print(): one NLRI item; the bytes it took, -2 truncated, other negatives stop.
 * len is the whole attribute's length, as 4.99.3 passes it, not what is left of it.
 */
static int tl_bgp_nlri(struct tl_dec *d, uint32_t af, uint32_t safi, size_t off, uint32_t len,
		       bool ap4, bool ap6)
{
	struct tl_sb sb;
	uint32_t path_id = 0;
	int adv;

	tl_sb_init(&sb, TL_BGP_BUF);
	switch (TL_AFSAFI(af, safi)) {
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNIMULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNIMULTICAST): {
		bool v6 = af == TL_AF_INET6, ap = v6 ? ap6 : ap4;

		if (ap) {
			path_id = tl_dec_be32(d, off);
			off += 4;
		}
		adv = tl_bgp_prefix(d, off, len, v6, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else if (adv == -2)
			return adv;
		else
			tl_bgp_nlri_line(d, &sb);
		if (ap) {
			TL_DEC_PUT(d, "   Path Id: ");
			tl_dec_u32(d, path_id);
			adv += 4;
		}
		return adv;
	}
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_LABUNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_LABUNICAST):
		adv = tl_bgp_labeled_prefix(d, off, len, af == TL_AF_INET6, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else if (adv == -2)
			return -2;
		else if (adv != -3)
			tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNIMULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNIMULTICAST):
		adv = tl_bgp_vpn_prefix(d, off, af == TL_AF_INET6, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else
			tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_RT_ROUTING_INFO):
		return tl_bgp_rt_routing_info(d, off);
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST_VPN):
	case TL_AFSAFI(TL_AF_INET6, TL_SAFI_MULTICAST_VPN):
		adv = tl_bgp_mvpn(d, off, &sb);
		if (adv == -2)
			return -2;
		tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_INET, TL_SAFI_MDT):
		adv = tl_bgp_mdt(d, off, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else if (adv == -2)
			return -2;
		else
			tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_VPLS, TL_SAFI_VPLS):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNIMULTICAST):
		adv = tl_bgp_l2vpn(d, off, &sb);
		if (adv == -2)
			return -2;
		tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_MULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNIMULTICAST):
		adv = tl_bgp_clnp_prefix(d, off, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else
			tl_bgp_nlri_line(d, &sb);
		return adv;
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNMULTICAST):
	case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNIMULTICAST):
		adv = tl_bgp_vpn_clnp_prefix(d, off, &sb);
		if (adv == -1)
			TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		else
			tl_bgp_nlri_line(d, &sb);
		return adv;
	default:
		/* bgp_mp_af_print() let no other pair through. */
		TL_DEC_PUT(d, "\n\t    ERROR: no AFI ");
		tl_dec_u32(d, af);
		TL_DEC_PUT(d, " / SAFI ");
		tl_dec_u32(d, safi);
		TL_DEC_PUT(d, " decoder");
		return -4;
	}
}

/* bgp_extended_community_print() (RFC 4360): the 8 bytes at off, all captured. */
static void tl_bgp_ext_community(struct tl_dec *d, size_t off)
{
	const uint8_t *p = d->p + off;
	uint32_t type = tl_be16(p);

	switch (type) {
	case 0x0002:
	case 0x0003:
	case 0x000a:
		tl_dec_u32(d, tl_be16(p + 2));
		tl_dec_ch(d, ':');
		tl_dec_u32(d, tl_be32(p + 4));
		TL_DEC_PUT(d, " (= ");
		tl_dec_ip4(d, p + 4);
		tl_dec_ch(d, ')');
		break;
	case 0x0102:
	case 0x0103:
	case 0xf10a:
	case 0x010b:
		tl_dec_ip4(d, p + 2);
		tl_dec_ch(d, ':');
		tl_dec_u32(d, tl_be16(p + 6));
		break;
	case 0x0202:
	case 0x0203:
		tl_dec_u32(d, tl_be32(p + 2));
		tl_dec_ch(d, ':');
		tl_dec_u32(d, tl_be16(p + 6));
		break;
	case 0x4004: {
		/* An IEEE float of bytes per second, printed in Mbps with float arithmetic. */
		uint32_t raw = tl_be32(p + 4);
		float f;
		char t[64];
		int n;

		memcpy(&f, &raw, sizeof(f));
		n = snprintf(t, sizeof(t), "%.3f", (double)(f * 8 / 1000000));
		TL_DEC_PUT(d, "bandwidth: ");
		if (n > 0)
			tl_dec_mem(d, t, (size_t)n < sizeof(t) ? (size_t)n : sizeof(t) - 1);
		TL_DEC_PUT(d, " Mbps");
		break;
	}
	case 0x0005:
	case 0x0105:
	case 0x0205:
	case 0x8005:
	case 0x0107:
	case 0x8001:
		tl_dec_ip4(d, p + 2);
		break;
	case 0x0306:
	case 0x8000: {
		const char *name = tl_tok(tl_bgp_ospf_rtypes, p[6]);

		TL_DEC_PUT(d, "area:");
		tl_dec_ip4(d, p + 2);
		TL_DEC_PUT(d, ", router-type:");
		if (name) {
			tl_dec_str(d, name);
		} else {
			TL_DEC_PUT(d, "unknown (0x");
			tl_dec_hex2(d, p[6]);
			tl_dec_ch(d, ')');
		}
		TL_DEC_PUT(d, ", metric-type:");
		if (p[7] & 1)
			TL_DEC_PUT(d, "E2");
		if (p[6] == 5 || p[6] == 7)
			TL_DEC_PUT(d, "E1");
		break;
	}
	case 0x800a:
		tl_dec_str(d, tl_tok_or(tl_l2vpn_encaps, p[2], "unknown encaps"));
		TL_DEC_PUT(d, " Control Flags [0x");
		tl_dec_hex2(d, p[3]);
		TL_DEC_PUT(d, "]:MTU ");
		tl_dec_u32(d, tl_be16(p + 4));
		break;
	case 0x0009:
		TL_DEC_PUT(d, "AS ");
		tl_dec_u32(d, tl_be16(p + 2));
		break;
	case 0x030c:
		TL_DEC_PUT(d, "Tunnel type: ");
		tl_dec_str(d, tl_tok_or(tl_bgp_encap_tunnels, tl_be16(p + 6), "unknown encaps"));
		break;
	default:
		for (int i = 2; i < 8; i++)
			tl_dec_hex2(d, p[i]);
		break;
	}
}

/* ", Flags [OTPE+x]" of an attribute's flags byte, as both attribute printers write it. */
static void tl_bgp_attr_flags(struct tl_dec *d, uint32_t f)
{
	TL_DEC_PUT(d, ", Flags [");
	if (f & 0x80)
		tl_dec_ch(d, 'O');
	if (f & 0x40)
		tl_dec_ch(d, 'T');
	if (f & 0x20)
		tl_dec_ch(d, 'P');
	if (f & 0x10)
		tl_dec_ch(d, 'E');
	if (f & 0xf) {
		tl_dec_ch(d, '+');
		tl_dec_hex(d, f & 0xf);
	}
	tl_dec_ch(d, ']');
}

static bool tl_bgp_attr(struct tl_dec *d, uint32_t atype, size_t pptr, uint32_t len,
			uint32_t level);

/* The next hops of MP_REACH_NLRI for af/safi: false when truncated. */
static bool tl_bgp_next_hops(struct tl_dec *d, uint32_t af, uint32_t safi, size_t *tp,
			     uint32_t *tlen, uint32_t nhlen, bool *done)
{
	uint32_t tnh = nhlen, nnh = 0;
	struct tl_bgp_rd rd;
	struct tl_sb sb;
	uint8_t a[16];

	tl_sb_init(&sb, TL_BGP_BUF);
	if (*tlen < tnh)
		return false;
	TL_DEC_PUT(d, "\n\t    nexthop: ");
	while (tnh != 0) {
		uint32_t need;
		bool v6 = false, with_rd = false;

		if (nnh++ > 0)
			TL_DEC_PUT(d, ", ");
		switch (TL_AFSAFI(af, safi)) {
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_UNIMULTICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_LABUNICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_RT_ROUTING_INFO):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_MULTICAST_VPN):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_MDT):
		case TL_AFSAFI(TL_AF_VPLS, TL_SAFI_VPLS):
		case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNICAST):
		case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNMULTICAST):
		case TL_AFSAFI(TL_AF_L2VPN, TL_SAFI_VPNUNIMULTICAST):
			need = 4;
			break;
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNMULTICAST):
		case TL_AFSAFI(TL_AF_INET, TL_SAFI_VPNUNIMULTICAST):
			need = 4 + TL_BGP_RD_LEN;
			with_rd = true;
			break;
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNICAST):
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_MULTICAST):
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_UNIMULTICAST):
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_LABUNICAST):
			need = 16;
			v6 = true;
			break;
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNICAST):
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNMULTICAST):
		case TL_AFSAFI(TL_AF_INET6, TL_SAFI_VPNUNIMULTICAST):
			need = 16 + TL_BGP_RD_LEN;
			v6 = true;
			with_rd = true;
			break;
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNICAST):
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_MULTICAST):
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_UNIMULTICAST):
			/* The whole next hop is one NSAP. */
			tl_dec_need(d, *tp, tnh);
			tl_sb_init(&sb, TL_BGP_BUF);
			tl_sb_nsap(&sb, d->p + *tp, tnh);
			tl_dec_sb(d, &sb);
			*tp += tnh;
			*tlen -= tnh;
			tnh = 0;
			continue;
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNICAST):
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNMULTICAST):
		case TL_AFSAFI(TL_AF_NSAP, TL_SAFI_VPNUNIMULTICAST): {
			size_t n = *tp + TL_BGP_RD_LEN;

			if (tnh < TL_BGP_RD_LEN + 1) {
				TL_DEC_PUT(d, "invalid len");
				*tp += tnh;
				*tlen -= tnh;
				tnh = 0;
				continue;
			}
			if (!tl_dec_has(d, *tp, tnh))
				return false;
			tl_bgp_rd_get(d, *tp, &rd);
			tl_sb_init(&sb, TL_BGP_BUF);
			tl_sb_str(&sb, "RD: ");
			tl_sb_rd(&sb, &rd);
			tl_sb_str(&sb, ", ");
			tl_sb_nsap(&sb, d->p + n, tnh - TL_BGP_RD_LEN);
			tl_dec_sb(d, &sb);
			/* RFC 986 mapped IPv4, RFC 1888 mapped IPv6 */
			if (tl_dec_be32(d, n) == 0x47000601) {
				tl_bgp_ip4_get(d, n + 4, a);
				TL_DEC_PUT(d, " = ");
				tl_dec_ip4(d, a);
			} else if (tl_dec_be24(d, n) == 0x350000) {
				tl_bgp_ip6_get(d, n + 3, a);
				TL_DEC_PUT(d, " = ");
				tl_dec_ip6(d, a);
			}
			*tp += tnh;
			*tlen -= tnh;
			tnh = 0;
			continue;
		}
		default:
			TL_DEC_PUT(d, "ERROR: no AFI ");
			tl_dec_u32(d, af);
			TL_DEC_PUT(d, "/SAFI ");
			tl_dec_u32(d, safi);
			TL_DEC_PUT(d, " nexthop decoder");
			*tp += tnh;
			*tlen -= tnh;
			*done = true;
			return true;
		}
		if (tnh < need) {
			TL_DEC_PUT(d, "invalid len");
			*tp += tnh;
			*tlen -= tnh;
			tnh = 0;
			continue;
		}
		if (with_rd) {
			tl_bgp_rd_get(d, *tp, &rd);
			if (v6)
				tl_bgp_ip6_get(d, *tp + TL_BGP_RD_LEN, a);
			else
				tl_bgp_ip4_get(d, *tp + TL_BGP_RD_LEN, a);
			tl_sb_init(&sb, TL_BGP_BUF);
			tl_sb_str(&sb, "RD: ");
			tl_sb_rd(&sb, &rd);
			tl_dec_sb(d, &sb);
			TL_DEC_PUT(d, ", ");
		} else if (v6) {
			tl_bgp_ip6_get(d, *tp, a);
		} else {
			tl_bgp_ip4_get(d, *tp, a);
		}
		if (v6)
			tl_dec_ip6(d, a);
		else
			tl_dec_ip4(d, a);
		*tp += need;
		*tlen -= need;
		tnh -= need;
	}
	return true;
}

/* The NLRI from tp to end, one tl_bgp_nlri() each; false where one ran past the capture. */
static bool tl_bgp_nlri_all(struct tl_dec *d, uint32_t af, uint32_t safi, size_t tp, size_t end,
			    uint32_t len, bool ap4, bool ap6)
{
	while (tp < end) {
		int adv = tl_bgp_nlri(d, af, safi, tp, len, ap4, ap6);

		if (adv == -2)
			return false;
		if (adv < 0)
			break;
		tp += (size_t)adv;
	}
	return true;
}

/* MP_REACH_NLRI (RFC 4760 3): AFI/SAFI, next hops, SNPAs, NLRI. False when truncated. */
static bool tl_bgp_mp_reach(struct tl_dec *d, size_t pptr, uint32_t len, bool *done)
{
	size_t tp = pptr;
	uint32_t tlen = len, af, safi, nhlen, snpa;
	bool ap4, ap6;
	int ret;

	if (!tl_dec_has(d, tp, 3) || tlen < 3)
		return false;
	ret = tl_bgp_mp_af(d, tp, tlen, &af, &safi);
	if (ret == -2)
		return false;
	if (ret < 0)
		return true;
	tp += 3;
	tlen -= 3;
	if (!tl_dec_has(d, tp, 1) || tlen < 1)
		return false;
	nhlen = d->p[tp];
	tp++;
	tlen--;
	if (nhlen) {
		if (!tl_bgp_next_hops(d, af, safi, &tp, &tlen, nhlen, done))
			return false;
		if (*done)
			return true;
	}
	TL_DEC_PUT(d, ", nh-length: ");
	tl_dec_u32(d, nhlen);
	/* Reserved in RFC 4760, SNPAs in RFC 2858. */
	if (tlen < 1)
		return false;
	snpa = tl_dec_u8(d, tp);
	tp++;
	tlen--;
	if (snpa) {
		TL_DEC_PUT(d, "\n\t    ");
		tl_dec_u32(d, snpa);
		TL_DEC_PUT(d, " SNPA");
		for (; snpa != 0; snpa--) {
			uint32_t l;

			if (tlen < 1)
				return false;
			l = tl_dec_u8(d, tp);
			TL_DEC_PUT(d, "\n\t      ");
			tl_dec_u32(d, l);
			TL_DEC_PUT(d, " bytes");
			tp++;
			tlen--;
			if (tlen < l || !tl_dec_has(d, tp, l))
				return false;
			tp += l;
			tlen -= l;
		}
	} else {
		TL_DEC_PUT(d, ", no SNPA");
	}
	ap4 = tl_bgp_add_path(d, tp, len - (uint32_t)(tp - pptr), 32);
	ap6 = tl_bgp_add_path(d, tp, len - (uint32_t)(tp - pptr), 128);
	return tl_bgp_nlri_all(d, af, safi, tp, pptr + len, len, ap4, ap6);
}

/* MP_UNREACH_NLRI (RFC 4760 4). */
static bool tl_bgp_mp_unreach(struct tl_dec *d, size_t pptr, uint32_t len)
{
	size_t tp = pptr;
	uint32_t af, safi;
	bool ap4, ap6;
	int ret;

	if (!tl_dec_has(d, tp, TL_BGP_MP_NLRI_MINSIZE))
		return false;
	ret = tl_bgp_mp_af(d, tp, len, &af, &safi);
	if (ret == -2)
		return false;
	if (ret < 0)
		return true;
	if (len == TL_BGP_MP_NLRI_MINSIZE)
		TL_DEC_PUT(d, "\n\t      End-of-Rib Marker (empty NLRI)");
	tp += 3;
	ap4 = tl_bgp_add_path(d, tp, len - 3, 32);
	ap6 = tl_bgp_add_path(d, tp, len - 3, 128);
	return tl_bgp_nlri_all(d, af, safi, tp, pptr + len, len, ap4, ap6);
}

/* The AS path attribute (AS_PATH or AS4_PATH): segments with their brackets. */
static bool tl_bgp_as_path(struct tl_dec *d, uint32_t atype, size_t pptr, uint32_t len)
{
	uint32_t as_size;
	size_t tp = pptr;

	if (len % 2) {
		TL_DEC_PUT(d, "invalid len");
		return true;
	}
	if (!len) {
		TL_DEC_PUT(d, "empty");
		return true;
	}
	/* 2-byte or 4-byte ASes: the message does not say (RFC 6793 4.2.3). */
	as_size = tl_bgp_as_size(d, atype, pptr, len);
	while (tp < pptr + len) {
		uint32_t seg = tl_dec_u8(d, tp);

		tl_dec_str(d, tl_tok_or(tl_bgp_seg_open, seg, "?"));
		for (uint32_t i = 0; i < tl_dec_u8(d, tp + 1) * as_size; i += as_size) {
			if (!tl_dec_has(d, tp + 2 + i, as_size))
				return false;
			tl_dec_u32(d, as_size == 2 ? tl_be16(d->p + tp + 2 + i)
						   : tl_be32(d->p + tp + 2 + i));
			tl_dec_ch(d, ' ');
		}
		tl_dec_str(d, tl_tok_or(tl_bgp_seg_close, seg, "?"));
		tp += 2 + (size_t)tl_dec_u8(d, tp + 1) * as_size;
	}
	return true;
}

/* PMSI_TUNNEL (RFC 6514 5). */
static bool tl_bgp_pmsi(struct tl_dec *d, size_t tp, uint32_t tlen)
{
	uint32_t flags, type, label, id;
	uint8_t a[4], b[4];

	if (!tl_dec_has(d, tp, 5) || tlen < 5)
		return false;
	flags = d->p[tp];
	type = d->p[tp + 1];
	label = tl_be24(d->p + tp + 2) >> 4;
	TL_DEC_PUT(d, "\n\t    Tunnel-type ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_pmsi_types, type, "Unknown"), type);
	TL_DEC_PUT(d, ", Flags [");
	tl_dec_bits(d, tl_bgp_pmsi_flags, flags);
	TL_DEC_PUT(d, "], MPLS Label ");
	tl_dec_u32(d, label);
	tp += 5;
	tlen -= 5;
	switch (type) {
	case TL_PMSI_PIM_SM:
	case TL_PMSI_PIM_BIDIR:
	case TL_PMSI_PIM_SSM:
		tl_bgp_ip4_get(d, tp, a);
		tl_bgp_ip4_get(d, tp + 4, b);
		tl_dec_str(d,
			   type == TL_PMSI_PIM_SSM ? "\n\t      Root-Node " : "\n\t      Sender ");
		tl_dec_ip4(d, a);
		TL_DEC_PUT(d, ", P-Group ");
		tl_dec_ip4(d, b);
		break;
	case TL_PMSI_INGRESS:
		tl_bgp_ip4_get(d, tp, a);
		TL_DEC_PUT(d, "\n\t      Tunnel-Endpoint ");
		tl_dec_ip4(d, a);
		break;
	case TL_PMSI_LDP_P2MP:
	case TL_PMSI_LDP_MP2MP:
	case TL_PMSI_RSVP_P2MP:
		tl_bgp_ip4_get(d, tp, a);
		id = tl_dec_be32(d, tp + 4);
		tl_dec_str(d, type == TL_PMSI_RSVP_P2MP ? "\n\t      Extended-Tunnel-ID "
							: "\n\t      Root-Node ");
		tl_dec_ip4(d, a);
		tl_dec_str(d, type == TL_PMSI_RSVP_P2MP ? ", P2MP-ID 0x" : ", LSP-ID 0x");
		tl_dec_hexw(d, id, 8);
		break;
	default:
		if (d->vflag <= 1)
			tl_dec_unknown_data(d, tp, "\n\t      ", tlen);
		break;
	}
	return true;
}

/* AIGP (RFC 7311): its TLVs. */
static bool tl_bgp_aigp_tlvs(struct tl_dec *d, size_t tp, uint32_t tlen)
{
	while (tlen >= 3) {
		uint32_t type = tl_dec_u8(d, tp), length = tl_dec_be16(d, tp + 1);

		tp += 3;
		tlen -= 3;
		TL_DEC_PUT(d, "\n\t    ");
		tl_dec_str(d, tl_tok_or(tl_bgp_aigp, type, "Unknown"));
		TL_DEC_PUT(d, " TLV (");
		tl_dec_u32(d, type);
		TL_DEC_PUT(d, "), length ");
		tl_dec_u32(d, length);
		if (length < 3)
			return false;
		length -= 3;
		if (tlen < length)
			return false;
		if (type == 1) {
			uint64_t metric;

			if (length < 8)
				return false;
			metric = tl_dec_be64(d, tp);
			TL_DEC_PUT(d, ", metric ");
			tl_dec_u64w(d, metric, 0);
		} else if (d->vflag <= 1) {
			tl_dec_unknown_data(d, tp, "\n\t      ", length);
		}
		tp += length;
		tlen -= length;
	}
	return true;
}

/* ATTR_SET (RFC 6368): an origin AS and nested attributes, ten levels at most. */
static bool tl_bgp_attr_set(struct tl_dec *d, size_t tp, uint32_t *lenp, uint32_t level)
{
	uint32_t len = *lenp, as;
	bool ok = true;

	if (!tl_dec_has(d, tp, 4) || len < 4)
		return false;
	as = tl_be32(d->p + tp);
	TL_DEC_PUT(d, "\n\t    Origin AS: ");
	tl_dec_u32(d, as);
	tp += 4;
	len -= 4;
	while (len) {
		uint32_t aflags, atype, alenlen, alen;

		if (!tl_dec_has(d, tp, 2)) {
			ok = false;
			break;
		}
		if (len < 2) {
			TL_DEC_PUT(d, " [path attr too short]");
			break;
		}
		aflags = d->p[tp];
		atype = d->p[tp + 1];
		tp += 2;
		len -= 2;
		alenlen = aflags & 0x10 ? 2 : 1;
		if (!tl_dec_has(d, tp, alenlen)) {
			ok = false;
			break;
		}
		if (len < alenlen) {
			TL_DEC_PUT(d, " [path attr too short]");
			break;
		}
		alen = alenlen == 2 ? tl_be16(d->p + tp) : d->p[tp];
		tp += alenlen;
		len -= alenlen;
		TL_DEC_PUT(d, "\n\t      ");
		tl_bgp_named(d, tl_tok_or(tl_bgp_attrs, atype, "Unknown Attribute"), atype);
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, alen);
		if (aflags)
			tl_bgp_attr_flags(d, aflags);
		TL_DEC_PUT(d, ": ");
		if (len < alen) {
			TL_DEC_PUT(d, " [path attr too short]");
			break;
		}
		if (level == 10) {
			TL_DEC_PUT(d, "(too many nested levels, not recursing)");
		} else if (!tl_bgp_attr(d, atype, tp, alen, level + 1)) {
			ok = false;
			break;
		}
		tp += alen;
		len -= alen;
	}
	*lenp = len;
	return ok;
}

/*
 * bgp_attr_print(): one path attribute's value; false when truncated. len may change on the
 * way (attribute sets, large communities), and what is left of it is hex dumped at -vv, as in
 * 4.99.3.
 */
static bool tl_bgp_attr(struct tl_dec *d, uint32_t atype, size_t pptr, uint32_t len, uint32_t level)
{
	size_t tp = pptr;
	uint32_t tlen = len;
	bool done = false;
	uint8_t a[4];

	switch (atype) {
	case TL_ATTR_ORIGIN:
		if (len != 1)
			TL_DEC_PUT(d, "invalid len");
		else
			tl_dec_str(d, tl_tok_or(tl_bgp_origins, tl_dec_u8(d, tp),
						"Unknown Origin Typecode"));
		break;
	case TL_ATTR_AS4_PATH:
	case TL_ATTR_AS_PATH:
		if (!tl_bgp_as_path(d, atype, pptr, len))
			return false;
		break;
	case TL_ATTR_NEXT_HOP:
	case TL_ATTR_ORIGINATOR_ID:
		if (len != 4) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		tl_bgp_ip4_get(d, tp, a);
		tl_dec_ip4(d, a);
		break;
	case TL_ATTR_MED:
	case TL_ATTR_LOCAL_PREF:
		if (len != 4)
			TL_DEC_PUT(d, "invalid len");
		else
			tl_dec_u32(d, tl_dec_be32(d, tp));
		break;
	case TL_ATTR_ATOMIC_AGGREGATE:
		if (len != 0)
			TL_DEC_PUT(d, "invalid len");
		break;
	case TL_ATTR_AGGREGATOR:
	case TL_ATTR_AGGREGATOR4: {
		uint32_t as;

		if ((atype == TL_ATTR_AGGREGATOR && len != 6 && len != 8) ||
		    (atype == TL_ATTR_AGGREGATOR4 && len != 8)) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		if (atype == TL_ATTR_AGGREGATOR && !tl_dec_has(d, tp, len))
			return false;
		as = len == 6 ? tl_dec_be16(d, tp) : tl_dec_be32(d, tp);
		tl_bgp_ip4_get(d, tp + len - 4, a);
		TL_DEC_PUT(d, " AS #");
		tl_dec_u32(d, as);
		TL_DEC_PUT(d, ", origin ");
		tl_dec_ip4(d, a);
		break;
	}
	case TL_ATTR_COMMUNITIES:
		if (len % 4) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		while (tlen != 0) {
			uint32_t comm;

			if (!tl_dec_has(d, tp, 4) || tlen < 4)
				return false;
			comm = tl_be32(d->p + tp);
			if (comm == 0xffffff01) {
				TL_DEC_PUT(d, " NO_EXPORT");
			} else if (comm == 0xffffff02) {
				TL_DEC_PUT(d, " NO_ADVERTISE");
			} else if (comm == 0xffffff03) {
				TL_DEC_PUT(d, " NO_EXPORT_SUBCONFED");
			} else {
				tl_dec_u32(d, comm >> 16);
				tl_dec_ch(d, ':');
				tl_dec_u32(d, comm & 0xffff);
				if (tlen > 4)
					TL_DEC_PUT(d, ", ");
			}
			tlen -= 4;
			tp += 4;
		}
		break;
	case TL_ATTR_CLUSTER_LIST:
		if (len % 4) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		while (tlen != 0) {
			if (tlen < 4)
				return false;
			tl_bgp_ip4_get(d, tp, a);
			tl_dec_ip4(d, a);
			if (tlen > 4)
				TL_DEC_PUT(d, ", ");
			tlen -= 4;
			tp += 4;
		}
		break;
	case TL_ATTR_MP_REACH:
		if (!tl_bgp_mp_reach(d, pptr, len, &done))
			return false;
		break;
	case TL_ATTR_MP_UNREACH:
		if (!tl_bgp_mp_unreach(d, pptr, len))
			return false;
		break;
	case TL_ATTR_EXTD_COMMUNITIES:
		if (len % 8) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		while (tlen != 0) {
			uint32_t ec;
			const char *name;

			if (!tl_dec_has(d, tp, 2) || tlen < 2)
				return false;
			ec = tl_be16(d->p + tp);
			name = tl_tok(tl_bgp_extd_types, ec);
			TL_DEC_PUT(d, "\n\t    ");
			tl_dec_str(d, name ? name : "unknown extd community typecode");
			TL_DEC_PUT(d, " (0x");
			tl_dec_hexw(d, ec, 4);
			TL_DEC_PUT(d, "), Flags [");
			tl_dec_bits(d, tl_bgp_extd_flags, ec);
			tl_dec_ch(d, ']');
			if (!tl_dec_has(d, tp, 8) || tlen < 8)
				return false;
			TL_DEC_PUT(d, ": ");
			tl_bgp_ext_community(d, tp);
			tlen -= 8;
			tp += 8;
		}
		break;
	case TL_ATTR_PMSI_TUNNEL:
		if (!tl_bgp_pmsi(d, tp, tlen))
			return false;
		break;
	case TL_ATTR_AIGP:
		if (!tl_bgp_aigp_tlvs(d, tp, tlen))
			return false;
		break;
	case TL_ATTR_SET:
		if (!tl_bgp_attr_set(d, tp, &len, level))
			return false;
		break;
	case TL_ATTR_LARGE_COMMUNITY:
		if (len == 0 || len % 12) {
			TL_DEC_PUT(d, "invalid len");
			break;
		}
		TL_DEC_PUT(d, "\n\t    ");
		while (len != 0) {
			uint32_t g = tl_dec_be32(d, tp), l1 = tl_dec_be32(d, tp + 4),
				 l2 = tl_dec_be32(d, tp + 8);

			tl_dec_u32(d, g);
			tl_dec_ch(d, ':');
			tl_dec_u32(d, l1);
			tl_dec_ch(d, ':');
			tl_dec_u32(d, l2);
			if (len > 12)
				TL_DEC_PUT(d, ", ");
			tp += 12;
			len -= 12;
		}
		break;
	default:
		if (!tl_dec_has(d, pptr, len))
			return false;
		TL_DEC_PUT(d, "\n\t    no Attribute ");
		tl_dec_u32(d, atype);
		TL_DEC_PUT(d, " decoder");
		if (d->vflag <= 1)
			tl_dec_unknown_data(d, pptr, "\n\t    ", len);
		break;
	}
	(void)done;
	if (d->vflag > 1 && len) {
		if (!tl_dec_has(d, pptr, len))
			return false;
		tl_dec_unknown_data(d, pptr, "\n\t    ", len);
	}
	return true;
}

/* "AFI name (n), SAFI name (n)" of the AFI at off and the SAFI at off + safi_at. */
static void tl_bgp_afi_safi(struct tl_dec *d, uint32_t af, uint32_t safi)
{
	TL_DEC_PUT(d, "AFI ");
	tl_bgp_named(d, tl_tok_or(tl_af_values, af, "Unknown"), af);
	TL_DEC_PUT(d, ", SAFI ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_safis, safi, "Unknown"), safi);
}

/* bgp_capabilities_print() (RFC 5492): false after " [|bgp]" for a capability cut short. */
static void tl_bgp_capabilities(struct tl_dec *d, size_t opt, uint32_t caps_len)
{
	uint32_t i = 0;

	while (i < caps_len) {
		uint32_t type, clen, t, o;

		if (!tl_dec_has(d, opt + i, 2)) {
			tl_dec_trunc_mark(d);
			return;
		}
		type = d->p[opt + i];
		clen = d->p[opt + i + 1];
		TL_DEC_PUT(d, "\n\t      ");
		tl_bgp_named(d, tl_tok_or(tl_bgp_caps, type, "Unknown"), type);
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, clen);
		if (!tl_dec_has(d, opt + 2 + i, clen)) {
			tl_dec_trunc_mark(d);
			return;
		}
		switch (type) {
		case TL_CAP_MP:
			if (clen < 4) {
				TL_DEC_PUT(d, " (too short, < 4)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\t");
			tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + 2), d->p[opt + i + 5]);
			break;
		case TL_CAP_ML:
			for (o = 2, t = clen; t >= 4; t -= 4, o += 4) {
				TL_DEC_PUT(d, "\n\t\t");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Count: ");
				tl_dec_u32(d, d->p[opt + i + o + 3]);
			}
			break;
		case TL_CAP_RESTART:
			if (clen < 2) {
				TL_DEC_PUT(d, " (too short, < 2)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\tRestart Flags: [");
			tl_dec_str(d, d->p[opt + i + 2] & 0x80 ? "R" : "none");
			TL_DEC_PUT(d, "], Restart Time ");
			tl_dec_u32(d, tl_be16(d->p + opt + i + 2) & 0xfff);
			tl_dec_ch(d, 's');
			for (o = 4, t = clen - 2; t >= 4; t -= 4, o += 4) {
				TL_DEC_PUT(d, "\n\t\t  ");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Forwarding state preserved: ");
				tl_dec_str(d, d->p[opt + i + o + 3] & 0x80 ? "yes" : "no");
			}
			break;
		case TL_CAP_RR:
		case TL_CAP_LLGR:
		case TL_CAP_RR_CISCO:
			break;
		case TL_CAP_AS_NEW:
			if (clen < 4) {
				TL_DEC_PUT(d, " (too short, < 4)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\t 4 Byte AS ");
			tl_dec_u32(d, tl_be32(d->p + opt + i + 2));
			break;
		case TL_CAP_ADD_PATH:
			if (clen == 0) {
				TL_DEC_PUT(d, " (bogus)");
				break;
			}
			for (o = 2, t = clen; t != 0; t -= 4, o += 4) {
				const char *rs;
				uint8_t v;

				if (t < 4) {
					TL_DEC_PUT(d, " (invalid)");
					break;
				}
				TL_DEC_PUT(d, "\n\t\t");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Send/Receive: ");
				v = d->p[opt + i + o + 3];
				rs = tl_tok(tl_bgp_add_path_modes, v);
				if (rs) {
					tl_dec_str(d, rs);
				} else {
					TL_DEC_PUT(d, "Bogus (0x");
					tl_dec_hex2(d, v);
					tl_dec_ch(d, ')');
				}
			}
			break;
		default:
			TL_DEC_PUT(d, "\n\t\tno decoder for Capability ");
			tl_dec_u32(d, type);
			if (d->vflag <= 1)
				tl_dec_unknown_data(d, opt + i + 2, "\n\t\t", clen);
			break;
		}
		if (d->vflag > 1 && clen != 0)
			tl_dec_unknown_data(d, opt + i + 2, "\n\t\t", clen);
		i += 2 + clen;
	}
}

/* bgp_open_print() (RFC 4271 4.2). */
static void tl_bgp_open(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t optslen, i = 0;
	size_t opt;

	if (!tl_dec_has(d, dat, TL_BGP_OPEN_SIZE) || length < TL_BGP_OPEN_SIZE) {
		tl_dec_trunc_mark(d);
		return;
	}
	TL_DEC_PUT(d, "\n\t  Version ");
	tl_dec_u32(d, d->p[dat + 19]);
	TL_DEC_PUT(d, ", my AS ");
	tl_dec_u32(d, tl_be16(d->p + dat + 20));
	TL_DEC_PUT(d, ", Holdtime ");
	tl_dec_u32(d, tl_be16(d->p + dat + 22));
	TL_DEC_PUT(d, "s, ID ");
	tl_dec_ip4(d, d->p + dat + 24);
	optslen = d->p[dat + 28];
	TL_DEC_PUT(d, "\n\t  Optional parameters, length: ");
	tl_dec_u32(d, optslen);
	opt = dat + TL_BGP_OPEN_SIZE;
	length -= TL_BGP_OPEN_SIZE;
	while (i < optslen) {
		uint32_t type, olen;

		if (!tl_dec_has(d, opt + i, 2) || length < 2 + i) {
			tl_dec_trunc_mark(d);
			return;
		}
		type = d->p[opt + i];
		olen = d->p[opt + i + 1];
		if (2 + i + olen > optslen) {
			TL_DEC_PUT(d, "\n\t     Option ");
			tl_dec_u32(d, type);
			TL_DEC_PUT(d, ", length: ");
			tl_dec_u32(d, olen);
			TL_DEC_PUT(d, ", goes past the end of the options");
			break;
		}
		TL_DEC_PUT(d, "\n\t    Option ");
		tl_bgp_named(d, tl_tok_or(tl_bgp_opts, type, "Unknown"), type);
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, olen);
		if (type == 2) {
			tl_bgp_capabilities(d, opt + 2 + i, olen);
		} else {
			TL_DEC_PUT(d, "\n\t      no decoder for option ");
			tl_dec_u32(d, type);
		}
		i += 2 + olen;
	}
}

/*
 * One IPv4 route of wlen bytes at off as a "\n\t    prefix" line, its path ID after it with
 * ADD-PATH: the bytes it took, -1 after saying the length is illegal, -2 when truncated.
 */
static int tl_bgp_route(struct tl_dec *d, size_t off, uint32_t wlen, bool ap, uint32_t id,
			struct tl_sb *sb)
{
	int n = tl_bgp_prefix(d, off, wlen, false, sb);

	if (n == -1) {
		TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		return -1;
	}
	if (n < 0)
		return n;
	TL_DEC_PUT(d, "\n\t    ");
	tl_dec_sb(d, sb);
	if (ap) {
		TL_DEC_PUT(d, "   Path Id: ");
		tl_dec_u32(d, id);
	}
	return n;
}

/* The withdrawn routes (wlen bytes at *p); false when truncated. */
static bool tl_bgp_withdrawn(struct tl_dec *d, size_t *p, uint32_t *length, uint32_t *wlen)
{
	bool ap = tl_bgp_add_path(d, *p, *wlen, 32);
	uint32_t id = 0;
	struct tl_sb sb;

	tl_sb_init(&sb, TL_BGP_BUF);
	while (*wlen != 0) {
		int n;

		if (ap) {
			if (*wlen < 4) {
				*p += *wlen;
				*length -= *wlen;
				break;
			}
			id = tl_dec_be32(d, *p);
			*p += 4;
			*length -= 4;
			*wlen -= 4;
		}
		n = tl_bgp_route(d, *p, *wlen, ap, id, &sb);
		if (n == -1)
			break;
		if (n == -2)
			return false;
		*p += (size_t)n;
		*length -= (uint32_t)n;
		*wlen -= (uint32_t)n;
	}
	return true;
}

/* The NLRI after the path attributes: the rest of the message. */
static bool tl_bgp_updated(struct tl_dec *d, size_t p, uint32_t length)
{
	bool ap = tl_bgp_add_path(d, p, length, 32);
	uint32_t id = 0;
	struct tl_sb sb;

	tl_sb_init(&sb, TL_BGP_BUF);
	TL_DEC_PUT(d, "\n\t  Updated routes:");
	while (length != 0) {
		int n;

		if (ap) {
			if (!tl_dec_has(d, p, 4) || length < 4)
				return false;
			id = tl_be32(d->p + p);
			p += 4;
			length -= 4;
		}
		n = tl_bgp_route(d, p, length, ap, id, &sb);
		if (n == -1)
			break;
		if (n == -2)
			return false;
		p += (size_t)n;
		length -= (uint32_t)n;
	}
	return true;
}

/* bgp_update_print() (RFC 4271 4.3): withdrawn routes, path attributes, NLRI. */
static void tl_bgp_update(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t wlen, len;
	size_t p;

	if (!tl_dec_has(d, dat, TL_BGP_SIZE) || length < TL_BGP_SIZE)
		goto trunc;
	p = dat + TL_BGP_SIZE;
	length -= TL_BGP_SIZE;
	if (!tl_dec_has(d, p, 2) || length < 2)
		goto trunc;
	wlen = tl_be16(d->p + p);
	p += 2;
	length -= 2;
	if (!tl_dec_has(d, p, wlen) || length < wlen)
		goto trunc;
	if (wlen > 1) {
		/* IPv4 only: an IPv6 withdrawal would be in MP_UNREACH_NLRI. */
		TL_DEC_PUT(d, "\n\t  Withdrawn routes:");
		if (!tl_bgp_withdrawn(d, &p, &length, &wlen))
			goto trunc;
	} else {
		p += wlen;
		length -= wlen;
	}
	if (!tl_dec_has(d, p, 2) || length < 2)
		goto trunc;
	len = tl_be16(d->p + p);
	p += 2;
	length -= 2;
	if (wlen == 0 && len == 0 && length == 0) {
		TL_DEC_PUT(d, "\n\t  End-of-Rib Marker (empty NLRI)");
		return;
	}
	if (len) {
		if (length < len)
			goto trunc;
		while (len) {
			uint32_t aflags, atype, alenlen, alen;

			if (!tl_dec_has(d, p, 2) || length < 2)
				goto trunc;
			if (len < 2) {
				TL_DEC_PUT(d, "\n\t  [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			aflags = d->p[p];
			atype = d->p[p + 1];
			p += 2;
			len -= 2;
			length -= 2;
			alenlen = aflags & 0x10 ? 2 : 1;
			if (!tl_dec_has(d, p, alenlen) || length < alenlen)
				goto trunc;
			if (len < alenlen) {
				TL_DEC_PUT(d, "\n\t  [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			alen = alenlen == 2 ? tl_be16(d->p + p) : d->p[p];
			p += alenlen;
			len -= alenlen;
			length -= alenlen;
			TL_DEC_PUT(d, "\n\t  ");
			tl_bgp_named(d, tl_tok_or(tl_bgp_attrs, atype, "Unknown Attribute"), atype);
			TL_DEC_PUT(d, ", length: ");
			tl_dec_u32(d, alen);
			if (aflags) {
				tl_bgp_attr_flags(d, aflags);
				TL_DEC_PUT(d, ": ");
			}
			if (len < alen) {
				TL_DEC_PUT(d, " [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			if (length < alen)
				goto trunc;
			if (!tl_bgp_attr(d, atype, p, alen, 0))
				goto trunc;
			p += alen;
			len -= alen;
			length -= alen;
		}
	}
	if (length && !tl_bgp_updated(d, p, length))
		goto trunc;
	return;
trunc:
	tl_dec_trunc_mark(d);
}

/* ", subcode name (n)" with the separator 4.99.3 uses for that error code. */
static void tl_bgp_subcode(struct tl_dec *d, const char *sep, const struct tl_tok *t, uint32_t v)
{
	tl_dec_str(d, sep);
	TL_DEC_PUT(d, "subcode ");
	tl_bgp_named(d, tl_tok_or(t, v, "Unknown"), v);
}

/* bgp_notification_print() (RFC 4271 4.5; RFC 4486, RFC 9003 for Cease). */
static void tl_bgp_notification(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t major, minor;
	size_t tp = dat + TL_BGP_NOTIFY_SIZE;

	if (!tl_dec_has(d, dat, TL_BGP_NOTIFY_SIZE)) {
		tl_dec_trunc_mark(d);
		return;
	}
	if (length < TL_BGP_NOTIFY_SIZE)
		return;
	major = d->p[dat + 19];
	minor = d->p[dat + 20];
	TL_DEC_PUT(d, ", ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_notify_major, major, "Unknown Error"), major);
	switch (major) {
	case 1:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_msg, minor);
		break;
	case 2:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_open, minor);
		break;
	case 3:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_update, minor);
		break;
	case 5:
		tl_bgp_subcode(d, " ", tl_bgp_minor_fsm, minor);
		break;
	case 7:
		tl_bgp_subcode(d, " ", tl_bgp_minor_cap, minor);
		break;
	case 6: {
		uint8_t comm_len, rest = 0;

		tl_bgp_subcode(d, ", ", tl_bgp_minor_cease, minor);
		if (minor == 1 && length >= TL_BGP_NOTIFY_SIZE + 7) {
			uint32_t af = tl_dec_be16(d, tp), safi = tl_dec_u8(d, tp + 2),
				 max = tl_dec_be32(d, tp + 3);

			TL_DEC_PUT(d, ", ");
			tl_bgp_afi_safi(d, af, safi);
			TL_DEC_PUT(d, ", Max Prefixes: ");
			tl_dec_u32(d, max);
		}
		if ((minor == 2 || minor == 4) && length >= TL_BGP_NOTIFY_SIZE + 1) {
			comm_len = tl_dec_u8(d, tp);
			if (comm_len > length - (TL_BGP_NOTIFY_SIZE + 1)) {
				TL_DEC_PUT(d, ", invalid Shutdown Communication length");
			} else if (comm_len == 0) {
				TL_DEC_PUT(d, ", empty Shutdown Communication");
				rest = 1;
			} else {
				TL_DEC_PUT(d, ", Shutdown Communication (length: ");
				tl_dec_u32(d, comm_len);
				TL_DEC_PUT(d, "): \"");
				tl_dec_printn_jmp(d, tp + 1, comm_len);
				tl_dec_ch(d, '"');
				/* An 8-bit sum in 4.99.3: 255 + 1 is 0. */
				rest = (uint8_t)(rest + comm_len + 1);
			}
			if (length - (rest + TL_BGP_NOTIFY_SIZE) > 0) {
				uint32_t n = length - (rest + TL_BGP_NOTIFY_SIZE);

				TL_DEC_PUT(d, ", Data: (length: ");
				tl_dec_u32(d, n);
				tl_dec_ch(d, ')');
				tl_dec_hexdump(d, "\n\t\t", tp + rest, n, 0);
			}
		}
		break;
	}
	default:
		break;
	}
}

/* bgp_route_refresh_print() (RFC 2918). */
static void tl_bgp_refresh(struct tl_dec *d, size_t p, uint32_t len)
{
	if (!tl_dec_has(d, p, TL_BGP_REFRESH_SIZE)) {
		tl_dec_trunc_mark(d);
		return;
	}
	if (len < TL_BGP_REFRESH_SIZE)
		return;
	TL_DEC_PUT(d, "\n\t  ");
	tl_bgp_afi_safi(d, tl_be16(d->p + p + 19), d->p[p + 22]);
	if (d->vflag > 1) {
		if (!tl_dec_has(d, p, len)) {
			tl_dec_trunc_mark(d);
			return;
		}
		tl_dec_unknown_data(d, p, "\n\t  ", len);
	}
}

/* bgp_pdu_print(): one message of length bytes at dat; false after " [|bgp]". */
static bool tl_bgp_pdu(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t type;

	if (!tl_dec_has(d, dat, TL_BGP_SIZE)) {
		tl_dec_trunc_mark(d);
		return false;
	}
	type = d->p[dat + 18];
	TL_DEC_PUT(d, "\n\t");
	tl_dec_str(d, tl_tok_or(tl_bgp_msgs, type, "Unknown"));
	TL_DEC_PUT(d, " Message (");
	tl_dec_u32(d, type);
	TL_DEC_PUT(d, "), length: ");
	tl_dec_u32(d, length);
	switch (type) {
	case 1:
		tl_bgp_open(d, dat, length);
		break;
	case 2:
		tl_bgp_update(d, dat, length);
		break;
	case 3:
		tl_bgp_notification(d, dat, length);
		break;
	case 4:
		break;
	case 5:
		tl_bgp_refresh(d, dat, length);
		break;
	default:
		if (!tl_dec_has(d, dat, length)) {
			tl_dec_trunc_mark(d);
			return false;
		}
		TL_DEC_PUT(d, "\n\t  no Message ");
		tl_dec_u32(d, type);
		TL_DEC_PUT(d, " decoder");
		tl_dec_unknown_data(d, dat, "\n\t  ", length);
		break;
	}
	return true;
}

/*
 * bgp_print(): ": BGP", and with -v every message whose 16-byte marker is found in what was
 * captured (a segment may start inside a message: " [|bgp]" marks the skipped bytes).
 */
void tl_dec_bgp(struct tl_dec *d, uint32_t len)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t p = 0, start = 0;

	(void)len;
	d->proto = "bgp";
	TL_DEC_PUT(d, ": BGP");
	if (d->vflag < 1)
		return;
	while (p < d->cap) {
		uint32_t hlen;

		if (d->p[p] != 0xff) {
			p++;
			continue;
		}
		if (!tl_dec_has(d, p, sizeof(marker)))
			break;
		if (memcmp(d->p + p, marker, sizeof(marker))) {
			p++;
			continue;
		}
		if (!tl_dec_has(d, p, TL_BGP_SIZE)) {
			tl_dec_trunc_mark(d);
			return;
		}
		if (start != p)
			tl_dec_trunc_mark(d);
		hlen = tl_be16(d->p + p + 16);
		if (hlen < TL_BGP_SIZE) {
			TL_DEC_PUT(d, "\nmessage length ");
			tl_dec_u32(d, hlen);
			TL_DEC_PUT(d, " < 19 (invalid)");
			break;
		}
		if (tl_dec_has(d, p, hlen)) {
			if (!tl_bgp_pdu(d, p, hlen))
				return;
			p += hlen;
			start = p;
		} else {
			TL_DEC_PUT(d, "\n[|BGP ");
			tl_dec_str(d, tl_tok_or(tl_bgp_msgs, d->p[p + 18], "Unknown Message Type"));
			tl_dec_ch(d, ']');
			break;
		}
	}
}
