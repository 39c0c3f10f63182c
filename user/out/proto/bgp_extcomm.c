// SPDX-License-Identifier: GPL-2.0-only
/* BGP extended communities (RFC 4360): each 8-byte community as print-bgp.c names it. */
#include <stdio.h>

#include "out/proto/bgp_int.h"

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

/* The extended communities attribute: its 8-byte communities; false when truncated. */
bool tl_bgp_ext_communities(struct tl_dec *d, size_t tp, uint32_t tlen)
{
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
	return true;
}
