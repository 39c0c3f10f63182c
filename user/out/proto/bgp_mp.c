// SPDX-License-Identifier: GPL-2.0-only
/*
 * BGP's multiprotocol attributes MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760): the address
 * family, the next hops of each family, SNPAs, then the NLRI (bgp_nlri.c).
 */
#include "out/proto/bgp_int.h"

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

/* The next hops of MP_REACH_NLRI for af/safi: false when truncated. */
static bool tl_bgp_next_hops(struct tl_dec *d, uint32_t af, uint32_t safi, size_t *tp,
			     uint32_t *tlen, uint32_t nhlen, bool *done)
{
	uint32_t tnh = nhlen, nnh = 0;
	struct tl_bgp_rd rd;
	struct tl_bgp_sb sb;
	uint8_t a[16];

	tl_bgp_sb_init(&sb, TL_BGP_BUF);
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
			tl_bgp_sb_init(&sb, TL_BGP_BUF);
			tl_bgp_sb_nsap(&sb, d->p + *tp, tnh);
			tl_bgp_dec_sb(d, &sb);
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
			tl_bgp_sb_init(&sb, TL_BGP_BUF);
			tl_bgp_sb_str(&sb, "RD: ");
			tl_bgp_sb_rd(&sb, &rd);
			tl_bgp_sb_str(&sb, ", ");
			tl_bgp_sb_nsap(&sb, d->p + n, tnh - TL_BGP_RD_LEN);
			tl_bgp_dec_sb(d, &sb);
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
			tl_bgp_sb_init(&sb, TL_BGP_BUF);
			tl_bgp_sb_str(&sb, "RD: ");
			tl_bgp_sb_rd(&sb, &rd);
			tl_bgp_dec_sb(d, &sb);
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

/* MP_REACH_NLRI (RFC 4760 3): AFI/SAFI, next hops, SNPAs, NLRI. False when truncated. */
bool tl_bgp_mp_reach(struct tl_dec *d, size_t pptr, uint32_t len, bool *done)
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
bool tl_bgp_mp_unreach(struct tl_dec *d, size_t pptr, uint32_t len)
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
