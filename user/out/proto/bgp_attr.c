// SPDX-License-Identifier: GPL-2.0-only
/*
 * BGP path attributes (RFC 4271 4.3): origin, AS paths, next hop, communities, PMSI tunnels,
 * AIGP and attribute sets, each as bgp_attr_print() prints it; MP_REACH/MP_UNREACH are in
 * bgp_mp.c, extended communities in bgp_extcomm.c.
 */
#include "out/proto/bgp_int.h"

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

const struct tl_tok tl_bgp_attrs[] = {
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

/* ", Flags [OTPE+x]" of an attribute's flags byte, as both attribute printers write it. */
void tl_bgp_attr_flags(struct tl_dec *d, uint32_t f)
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
bool tl_bgp_attr(struct tl_dec *d, uint32_t atype, size_t pptr, uint32_t len, uint32_t level)
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
		if (!tl_bgp_ext_communities(d, tp, tlen))
			return false;
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
