// SPDX-License-Identifier: GPL-2.0-only
/*
 * BGP NLRI (RFC 4271, RFC 4760): one route of each address family print-bgp.c decodes, from
 * plain prefixes to labeled, VPN, CLNP, route target, MDT, multicast VPN and L2VPN ones, and
 * the ADD-PATH guess (RFC 7911) that says whether a path ID comes first.
 */
#include "out/proto/bgp_int.h"

static const struct tl_tok tl_bgp_mvpn_types[] = {
	{ 1, "Intra-AS I-PMSI" },  { 2, "Inter-AS I-PMSI" },
	{ 3, "S-PMSI" },	   { 4, "Intra-AS Segment-Leaf" },
	{ 5, "Source-Active" },	   { 6, "Shared Tree Join" },
	{ 7, "Source Tree Join" }, { 0, NULL },
};

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
int tl_bgp_prefix(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6, struct tl_bgp_sb *sb)
{
	uint8_t a[16];
	uint32_t plen = 0;
	int n = tl_dec_prefix_get(d, off, itemlen, v6, a, &plen);

	if (n < 0)
		return n;
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_prefix(sb, a, plen, v6);
	return n;
}

/* decode_labeled_prefix4/6() (RFC 3107): the label's 24 bits count in the prefix length. */
static int tl_bgp_labeled_prefix(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6,
				 struct tl_bgp_sb *sb)
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
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_prefix(sb, a, plen, v6);
	tl_bgp_sb_label(sb, label, last);
	return (int)(4 + bytes);
}

/*
 * decode_labeled_vpn_prefix4/6() (RFC 4364, RFC 4659) and decode_labeled_vpn_clnp_prefix():
 * label, RD, prefix; max is the address's bits, TL_BGP_NSAP_BITS for an NSAP.
 */
#define TL_BGP_NSAP_BITS 152
static int tl_bgp_vpn_prefix_any(struct tl_dec *d, size_t off, uint32_t max, bool v6,
				 struct tl_bgp_sb *sb)
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
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_str(sb, "RD: ");
	tl_bgp_sb_rd(sb, &rd);
	tl_bgp_sb_str(sb, ", ");
	if (max == TL_BGP_NSAP_BITS)
		tl_bgp_sb_nsap_prefix(sb, a, plen);
	else
		tl_bgp_sb_prefix(sb, a, plen, v6);
	tl_bgp_sb_label(sb, label, last);
	return (int)(12 + (plen + 7) / 8);
}

static int tl_bgp_vpn_prefix(struct tl_dec *d, size_t off, bool v6, struct tl_bgp_sb *sb)
{
	return tl_bgp_vpn_prefix_any(d, off, v6 ? 128 : 32, v6, sb);
}

static int tl_bgp_vpn_clnp_prefix(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
{
	return tl_bgp_vpn_prefix_any(d, off, TL_BGP_NSAP_BITS, false, sb);
}

/* decode_clnp_prefix(): tcpdump reads the NSAP from off + 4, not off + 1; so do we. */
static int tl_bgp_clnp_prefix(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
{
	uint8_t a[19];
	uint32_t plen = tl_dec_u8(d, off);

	if (plen > TL_BGP_NSAP_BITS)
		return -1;
	tl_bgp_prefix_bytes(d, off + 4, plen, a, sizeof(a));
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_nsap_prefix(sb, a, plen);
	return (int)(1 + (plen + 7) / 8);
}

/* bgp_rt_prefix_print() (RFC 4684 4): the route target of plen bits, cut at 60 characters. */
static void tl_bgp_sb_rt_prefix(struct tl_bgp_sb *out, const uint8_t rt[8], uint32_t plen)
{
	struct tl_bgp_sb hex;
	uint32_t octets, type;

	tl_bgp_sb_init(out, 61);
	if (plen == 0) {
		tl_bgp_sb_str(out, "route-target: 0:0/0");
		return;
	}
	octets = (plen + 7) / 8;
	tl_bgp_sb_init(&hex, 20);
	for (uint32_t i = 0; i < octets; i++) {
		tl_bgp_sb_hex2(&hex, rt[i]);
		if (i % 2 == 1 && i < octets - 1)
			tl_bgp_sb_str(&hex, " ");
	}
	hex.b[hex.len] = '\0';
	if (plen < 16) {
		tl_bgp_sb_str(out, "route-target: partial-type: (");
		tl_bgp_sb_str(out, hex.b);
		tl_bgp_sb_str(out, "/");
		tl_bgp_sb_u32(out, plen);
		tl_bgp_sb_str(out, ")");
		return;
	}
	type = tl_be16(rt);
	switch (type) {
	case 0x0002:
		tl_bgp_sb_str(out, "route-target: ");
		tl_bgp_sb_u32(out, tl_be16(rt + 2));
		tl_bgp_sb_str(out, ":");
		tl_bgp_sb_u32(out, tl_be32(rt + 4));
		break;
	case 0x0102:
		tl_bgp_sb_str(out, "route-target: ");
		tl_bgp_sb_ip4(out, rt + 2);
		tl_bgp_sb_str(out, ":");
		tl_bgp_sb_u32(out, tl_be16(rt + 6));
		break;
	case 0x0202:
		tl_bgp_sb_str(out, "route-target: ");
		tl_bgp_sb_u32(out, tl_be32(rt + 2));
		tl_bgp_sb_str(out, ":");
		tl_bgp_sb_u32(out, tl_be16(rt + 6));
		break;
	default:
		tl_bgp_sb_str(out, "route target: unknown-type(");
		tl_bgp_sb_hex2(out, (uint8_t)(type >> 8));
		tl_bgp_sb_hex2(out, (uint8_t)type);
		tl_bgp_sb_str(out, ") (");
		tl_bgp_sb_str(out, hex.b);
		tl_bgp_sb_str(out, "/");
		tl_bgp_sb_u32(out, plen);
		tl_bgp_sb_str(out, ")");
		return;
	}
	tl_bgp_sb_str(out, "/");
	tl_bgp_sb_u32(out, plen);
	tl_bgp_sb_str(out, " (");
	tl_bgp_sb_str(out, hex.b);
	tl_bgp_sb_str(out, ")");
}

/* decode_rt_routing_info() (RFC 4684): printed here, not into the caller's buffer. */
static int tl_bgp_rt_routing_info(struct tl_dec *d, size_t off)
{
	uint8_t rt[8] = { 0 };
	uint32_t plen, as, octets;
	struct tl_bgp_sb out;

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
	tl_bgp_sb_rt_prefix(&out, rt, plen);
	TL_DEC_PUT(d, "\n\t      origin AS: ");
	tl_dec_u32(d, as);
	TL_DEC_PUT(d, ", ");
	tl_bgp_dec_sb(d, &out);
	return (int)(5 + octets);
}

/* decode_mdt_vpn_nlri() (RFC 6037): RD, VPN address, group address. */
static int tl_bgp_mdt(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
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
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_str(sb, "RD: ");
	tl_bgp_sb_rd(sb, &rd);
	tl_bgp_sb_str(sb, ", VPN IP Address: ");
	tl_bgp_sb_ip4(sb, ip);
	tl_bgp_sb_str(sb, ", MC Group Address: ");
	tl_bgp_sb_ip4(sb, group);
	return 16 + 1;
}

/* bgp_vpn_sg_print(): ", Source S" and ", Group G" of a (S,G); the bytes it took. */
static uint32_t tl_bgp_sg(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
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
			tl_bgp_sb_str(sb, what[i]);
			tl_bgp_sb_vpn_ip(sb, &ip);
			off += bits >> 3;
		}
	}
	return total;
}

/* decode_multicast_vpn() (RFC 6514 4): the route type and what 4.99.3 decodes of it. */
static int tl_bgp_mvpn(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
{
	uint32_t type, rlen, sg, alen;
	struct tl_bgp_rd rd;
	struct tl_bgp_ip ip;

	type = tl_dec_u8(d, off);
	rlen = tl_dec_u8(d, off + 1);
	off += 2;
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	tl_bgp_sb_str(sb, "Route-Type: ");
	tl_bgp_sb_str(sb, tl_tok_or(tl_bgp_mvpn_types, type, "Unknown"));
	tl_bgp_sb_str(sb, " (");
	tl_bgp_sb_u32(sb, type);
	tl_bgp_sb_str(sb, "), length: ");
	tl_bgp_sb_u32(sb, rlen);
	switch (type) {
	case 1: /* Intra-AS I-PMSI */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		/* 4.99.3 shifts a negative length too: unsigned here, as it prints. */
		tl_bgp_ip_get(d, off + TL_BGP_RD_LEN, (uint32_t)(rlen - TL_BGP_RD_LEN) << 3, &ip);
		tl_bgp_sb_str(sb, ", RD: ");
		tl_bgp_sb_rd(sb, &rd);
		tl_bgp_sb_str(sb, ", Originator ");
		tl_bgp_sb_vpn_ip(sb, &ip);
		break;
	case 2: /* Inter-AS I-PMSI */
	case 6: /* Shared Tree Join */
	case 7: /* Source Tree Join */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN + 4))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_bgp_sb_str(sb, ", RD: ");
		tl_bgp_sb_rd(sb, &rd);
		tl_bgp_sb_str(sb, ", Source-AS ");
		tl_bgp_sb_u32(sb, tl_be32(d->p + off + TL_BGP_RD_LEN));
		if (type != 2)
			tl_bgp_sg(d, off + TL_BGP_RD_LEN + 4, sb);
		break;
	case 3: /* S-PMSI */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_bgp_sb_str(sb, ", RD: ");
		tl_bgp_sb_rd(sb, &rd);
		off += TL_BGP_RD_LEN;
		sg = tl_bgp_sg(d, off, sb);
		alen = rlen - sg;
		/* The originator is read where the (S,G) starts, as 4.99.3 does. */
		if (!tl_dec_has(d, off, alen))
			return -2;
		tl_bgp_ip_get(d, off, alen << 3, &ip);
		tl_bgp_sb_str(sb, ", Originator ");
		tl_bgp_sb_vpn_ip(sb, &ip);
		break;
	case 5: /* Source-Active */
		if (!tl_dec_has(d, off, TL_BGP_RD_LEN))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_bgp_sb_str(sb, ", RD: ");
		tl_bgp_sb_rd(sb, &rd);
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
static int tl_bgp_l2vpn(struct tl_dec *d, size_t off, struct tl_bgp_sb *sb)
{
	uint32_t plen, tlen, type, tlv_len, ttlv;
	struct tl_bgp_rd rd;
	uint8_t ip[4];

	plen = tl_dec_be16(d, off);
	tlen = plen;
	off += 2;
	tl_bgp_sb_init(sb, TL_BGP_BUF);
	if (plen == 12) {
		if (!tl_dec_has(d, off, 12))
			return -2;
		tl_bgp_rd_get(d, off, &rd);
		tl_bgp_ip4_get(d, off + 8, ip);
		tl_bgp_sb_str(sb, "RD: ");
		tl_bgp_sb_rd(sb, &rd);
		tl_bgp_sb_str(sb, ", BGPNH: ");
		tl_bgp_sb_ip4(sb, ip);
		return (int)(plen + 2);
	}
	if (plen <= 17)
		return -2;
	if (!tl_dec_has(d, off, 15))
		return -2;
	tl_bgp_rd_get(d, off, &rd);
	tl_bgp_sb_str(sb, "RD: ");
	tl_bgp_sb_rd(sb, &rd);
	tl_bgp_sb_str(sb, ", CE-ID: ");
	tl_bgp_sb_u32(sb, tl_be16(d->p + off + 8));
	tl_bgp_sb_str(sb, ", Label-Block Offset: ");
	tl_bgp_sb_u32(sb, tl_be16(d->p + off + 10));
	tl_bgp_sb_str(sb, ", Label Base ");
	tl_bgp_sb_u32(sb, tl_be24(d->p + off + 12) >> 4);
	off += 15;
	tlen -= 15;
	while (tlen != 0) {
		if (tlen < 3) {
			if (!tl_bgp_sb_full(sb))
				tl_bgp_sb_str(sb, "\n\t\tran past the end");
			return (int)(plen + 2);
		}
		type = tl_dec_u8(d, off);
		tlv_len = tl_dec_be16(d, off + 1);
		ttlv = (tlv_len + 7) / 8;
		off += 3;
		if (type == 1) {
			if (!tl_bgp_sb_full(sb)) {
				tl_bgp_sb_str(sb, "\n\t\tcircuit status vector (1) length: ");
				tl_bgp_sb_u32(sb, tlv_len);
				tl_bgp_sb_str(sb, ": 0x");
			}
			while (ttlv != 0) {
				if (tlen < 1) {
					if (!tl_bgp_sb_full(sb))
						tl_bgp_sb_str(sb, " (ran past the end)");
					return (int)(plen + 2);
				}
				if (!tl_dec_has(d, off, 1))
					return -2;
				if (!tl_bgp_sb_full(sb)) {
					tl_bgp_sb_hex2(sb, d->p[off]);
					off++;
				}
				ttlv--;
				tlen--;
			}
		} else {
			if (!tl_bgp_sb_full(sb)) {
				tl_bgp_sb_str(sb, "\n\t\tunknown TLV #");
				tl_bgp_sb_u32(sb, type);
				tl_bgp_sb_str(sb, ", length: ");
				tl_bgp_sb_u32(sb, tlv_len);
			}
			if (tlen < ttlv) {
				if (!tl_bgp_sb_full(sb))
					tl_bgp_sb_str(sb, " (ran past the end)");
				return (int)(plen + 2);
			}
			tlen -= ttlv;
		}
	}
	return (int)(plen + 2);
}

/*
 * check_add_path() (RFC 7911): whether NLRI of length bytes read better with a path ID
 * before each prefix; only the bytes captured are looked at.
 */
bool tl_bgp_add_path(struct tl_dec *d, size_t off, uint32_t length, uint32_t max_plen)
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

/* "\n\t      " and the buffer, as every NLRI line is printed. */
static void tl_bgp_nlri_line(struct tl_dec *d, const struct tl_bgp_sb *sb)
{
	TL_DEC_PUT(d, "\n\t      ");
	tl_bgp_dec_sb(d, sb);
}

/*
 * bgp_nlri_print(): one NLRI item; the bytes it took, -2 truncated, other negatives stop.
 * len is the whole attribute's length, as 4.99.3 passes it, not what is left of it.
 */
static int tl_bgp_nlri(struct tl_dec *d, uint32_t af, uint32_t safi, size_t off, uint32_t len,
		       bool ap4, bool ap6)
{
	struct tl_bgp_sb sb;
	uint32_t path_id = 0;
	int adv;

	tl_bgp_sb_init(&sb, TL_BGP_BUF);
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

/* The NLRI from tp to end, one tl_bgp_nlri() each; false where one ran past the capture. */
bool tl_bgp_nlri_all(struct tl_dec *d, uint32_t af, uint32_t safi, size_t tp, size_t end,
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
