// SPDX-License-Identifier: GPL-2.0-only
/* LDP (RFC 5036, port 646), as print-ldp.c prints it: the PDU header line without -v; with
 * -v every message and TLV (FEC, addresses, labels, status, session parameters, PW FECs). */
#include "out/proto/proto.h"

#define TL_LDP_VERSION 1
#define TL_LDP_COMMON  10 /* version, PDU length, LSR-ID, label space */
#define TL_LDP_MSG     8  /* message type, length, id */

#define TL_AFNUM_INET  1
#define TL_AFNUM_INET6 2

static const struct tl_tok tl_ldp_msgs[] = {
	{ 0x0001, "Notification" },
	{ 0x0100, "Hello" },
	{ 0x0200, "Initialization" },
	{ 0x0201, "Keepalive" },
	{ 0x0300, "Address" },
	{ 0x0301, "Address Withdraw" },
	{ 0x0400, "Label Mapping" },
	{ 0x0401, "Label Request" },
	{ 0x0402, "Label Withdraw" },
	{ 0x0403, "Label Release" },
	{ 0x0404, "Label Abort Request" },
	{ 0, NULL },
};

enum {
	TL_TLV_FEC = 0x0100,
	TL_TLV_ADDRESS_LIST = 0x0101,
	TL_TLV_GENERIC_LABEL = 0x0200,
	TL_TLV_STATUS = 0x0300,
	TL_TLV_COMMON_HELLO = 0x0400,
	TL_TLV_IPV4_TRANSPORT = 0x0401,
	TL_TLV_CONFIG_SEQ = 0x0402,
	TL_TLV_IPV6_TRANSPORT = 0x0403,
	TL_TLV_COMMON_SESSION = 0x0500,
	TL_TLV_FT_SESSION = 0x0503,
	TL_TLV_MTU = 0x0601,
};

static const struct tl_tok tl_ldp_tlvs[] = {
	{ 0x0100, "FEC" },
	{ 0x0101, "Address List" },
	{ 0x0103, "Hop Count" },
	{ 0x0104, "Path Vector" },
	{ 0x0200, "Generic Label" },
	{ 0x0201, "ATM Label" },
	{ 0x0202, "Frame-Relay Label" },
	{ 0x0300, "Status" },
	{ 0x0301, "Extended Status" },
	{ 0x0302, "Returned PDU" },
	{ 0x0303, "Returned Message" },
	{ 0x0400, "Common Hello Parameters" },
	{ 0x0401, "IPv4 Transport Address" },
	{ 0x0402, "Configuration Sequence Number" },
	{ 0x0403, "IPv6 Transport Address" },
	{ 0x0500, "Common Session Parameters" },
	{ 0x0501, "ATM Session Parameters" },
	{ 0x0502, "Frame-Relay Session Parameters" },
	{ 0x0503, "Fault-Tolerant Session Parameters" },
	{ 0x0600, "Label Request Message ID" },
	{ 0x0601, "MTU" },
	{ 0, NULL },
};

enum { TL_FEC_WILDCARD = 1, TL_FEC_PREFIX = 2, TL_FEC_HOST = 3, TL_FEC_MARTINI_VC = 0x80 };

static const struct tl_tok tl_ldp_fecs[] = {
	{ 1, "Wildcard" },	{ 2, "Prefix" }, { 3, "Host address" },
	{ 0x80, "Martini VC" }, { 0, NULL },
};

static const struct tl_tok tl_ldp_ifparms[] = {
	{ 0x01, "MTU" },
	{ 0x03, "Description" },
	{ 0x0c, "VCCV" },
	{ 0, NULL },
};

static const struct tl_tok tl_ldp_vccv_cc[] = {
	{ 0x01, "PWE3 control word" },
	{ 0x02, "MPLS Router Alert Label" },
	{ 0x04, "MPLS inner label TTL = 1" },
	{ 0, NULL },
};

static const struct tl_tok tl_ldp_vccv_cv[] = {
	{ 0x01, "ICMP Ping" },
	{ 0x02, "LSP Ping" },
	{ 0x04, "BFD" },
	{ 0, NULL },
};

/* l2vpn.c's pseudowire types (RFC 4446). */
static const struct tl_tok tl_pw_types[] = {
	{ 0x0000, "Reserved" },
	{ 0x0001, "Frame Relay DLCI (Martini Mode)" },
	{ 0x0002, "ATM AAL5 SDU VCC transport" },
	{ 0x0003, "ATM transparent cell transport" },
	{ 0x0004, "Ethernet VLAN" },
	{ 0x0005, "Ethernet" },
	{ 0x0006, "Cisco-HDLC" },
	{ 0x0007, "PPP" },
	{ 0x0008, "SONET/SDH Circuit Emulation Service over MPLS" },
	{ 0x0009, "ATM n-to-one VCC cell transport" },
	{ 0x000a, "ATM n-to-one VPC cell transport" },
	{ 0x000b, "IP Layer2 Transport" },
	{ 0x000c, "ATM one-to-one VCC Cell Mode" },
	{ 0x000d, "ATM one-to-one VPC Cell Mode" },
	{ 0x000e, "ATM AAL5 PDU VCC transport" },
	{ 0x000f, "Frame-Relay Port mode" },
	{ 0x0010, "SONET/SDH Circuit Emulation over Packet" },
	{ 0x0011, "Structure-agnostic E1 over Packet" },
	{ 0x0012, "Structure-agnostic T1 (DS1) over Packet" },
	{ 0x0013, "Structure-agnostic E3 over Packet" },
	{ 0x0014, "Structure-agnostic T3 (DS3) over Packet" },
	{ 0x0015, "CESoPSN basic mode" },
	{ 0x0016, "TDMoIP basic mode" },
	{ 0x0017, "CESoPSN TDM with CAS" },
	{ 0x0018, "TDMoIP TDM with CAS" },
	{ 0x0019, "Frame Relay DLCI" },
	{ 0x0040, "IP-interworking" },
	{ 0, NULL },
};

/*
 * decode_prefix4/6() of print-bgp.c, reading half: the address of a length byte and the bytes
 * it needs, the bits past the length cleared. The bytes it took, -1 for a length over the
 * address, -2 when fewer than that remain in the item; nothing is printed, as tcpdump builds
 * the text before printing it.
 */
int tl_dec_prefix_get(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6, uint8_t a[16],
		      uint32_t *plen)
{
	uint32_t bytes, max = v6 ? 128 : 32;

	memset(a, 0, 16);
	if (itemlen < 1)
		return -2;
	*plen = tl_dec_u8(d, off);
	if (*plen > max)
		return -1;
	itemlen--;
	bytes = (*plen + 7) / 8;
	if (itemlen < bytes)
		return -2;
	tl_dec_need(d, off + 1, bytes);
	memcpy(a, d->p + off + 1, bytes);
	if (*plen % 8)
		a[bytes - 1] &= (uint8_t)((0xff00 >> (*plen % 8)) & 0xff);
	return (int)(1 + bytes);
}

/* The text half: "addr/len". */
void tl_dec_prefix_put(struct tl_dec *d, const uint8_t a[16], uint32_t plen, bool v6)
{
	if (v6)
		tl_dec_ip6(d, a);
	else
		tl_dec_ip4(d, a);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, plen);
}

/* TLV_TCHECK: too short a TLV prints so and ends it (false). */
static bool tl_ldp_tlv_min(struct tl_dec *d, uint32_t tlen, uint32_t min)
{
	if (tlen >= min)
		return true;
	TL_DEC_PUT(d, " [tlv length ");
	tl_dec_u32(d, tlen);
	TL_DEC_PUT(d, " < ");
	tl_dec_u32(d, min);
	TL_DEC_PUT(d, "] (invalid)");
	return false;
}

/* ": <PW type>, [no ]control word, group-ID N" of a Martini VC FEC (RFC 4447 5.2). */
static void tl_ldp_pw_head(struct tl_dec *d, uint32_t pw, uint32_t group)
{
	TL_DEC_PUT(d, ": ");
	tl_dec_str(d, tl_tok_or(tl_pw_types, pw & 0x7fff, "Unknown"));
	TL_DEC_PUT(d, ", ");
	if (!(pw & 0x8000))
		TL_DEC_PUT(d, "no ");
	TL_DEC_PUT(d, "control word, group-ID ");
	tl_dec_u32(d, group);
}

/* The FEC elements of a FEC TLV: only the first, as print-ldp.c does. */
static void tl_ldp_fec(struct tl_dec *d, size_t tp, uint16_t tlen, uint32_t tlv_len)
{
	uint32_t fec, af, vc_len, pw;
	int i;

	(void)tlv_len;
	if (!tl_ldp_tlv_min(d, tlen, 1))
		return;
	fec = tl_dec_u8(d, tp);
	TL_DEC_PUT(d, "\n\t      ");
	tl_dec_str(d, tl_tok_or(tl_ldp_fecs, fec, "Unknown"));
	TL_DEC_PUT(d, " FEC (0x");
	tl_dec_hex2(d, (uint8_t)fec);
	tl_dec_ch(d, ')');
	tp++;
	tlen--;
	switch (fec) {
	case TL_FEC_PREFIX:
		if (!tl_ldp_tlv_min(d, tlen, 2))
			return;
		af = tl_dec_be16(d, tp);
		tp += 2;
		tlen -= 2;
		if (af == TL_AFNUM_INET || af == TL_AFNUM_INET6) {
			bool v6 = af == TL_AFNUM_INET6;
			uint8_t a[16];
			uint32_t plen = 0;

			i = tl_dec_prefix_get(d, tp, tlen, v6, a, &plen);
			if (i == -2)
				tl_dec_trunc(d);
			if (i == -1) {
				tl_dec_str(d, v6 ? ": IPv6 prefix (invalid length)"
						 : ": IPv4 prefix (invalid length)");
			} else {
				tl_dec_str(d, v6 ? ": IPv6 prefix " : ": IPv4 prefix ");
				tl_dec_prefix_put(d, a, plen, v6);
			}
		} else {
			TL_DEC_PUT(d, ": Address family ");
			tl_dec_u32(d, af);
			TL_DEC_PUT(d, " prefix");
		}
		break;
	case TL_FEC_MARTINI_VC: {
		uint32_t group, vcid;

		/* RFC 4447 5.2; with a VC info length of 0 there is no VC ID either. */
		if (!tl_ldp_tlv_min(d, tlen, 7))
			return;
		vc_len = tl_dec_u8(d, tp + 2);
		pw = tl_dec_be16(d, tp);
		group = tl_dec_be32(d, tp + 3);
		if (vc_len == 0) {
			tl_ldp_pw_head(d, pw, group);
			TL_DEC_PUT(d, ", VC-info-length: 0");
			break;
		}
		if (!tl_ldp_tlv_min(d, tlen, 11))
			return;
		vcid = tl_dec_be32(d, tp + 7);
		tl_ldp_pw_head(d, pw, group);
		TL_DEC_PUT(d, ", VC-ID ");
		tl_dec_u32(d, vcid);
		TL_DEC_PUT(d, ", VC-info-length: ");
		tl_dec_u32(d, vc_len);
		if (vc_len < 4) {
			TL_DEC_PUT(d, " (invalid, < 4");
			return;
		}
		vc_len -= 4;
		tp += 11;
		tlen -= 11;
		if (!tl_ldp_tlv_min(d, tlen, vc_len))
			return;
		while (vc_len > 2) {
			uint32_t ptype = tl_dec_u8(d, tp), plen = tl_dec_u8(d, tp + 1);

			if (plen < 2 || vc_len < plen)
				break;
			TL_DEC_PUT(d, "\n\t\tInterface Parameter: ");
			tl_dec_str(d, tl_tok_or(tl_ldp_ifparms, ptype, "Unknown"));
			TL_DEC_PUT(d, " (0x");
			tl_dec_hex2(d, (uint8_t)ptype);
			TL_DEC_PUT(d, "), len ");
			tl_dec_u32(d, plen);
			switch (ptype) {
			case 0x01: {
				uint32_t mtu = tl_dec_be16(d, tp + 2);

				TL_DEC_PUT(d, ": ");
				tl_dec_u32(d, mtu);
				break;
			}
			case 0x03:
				TL_DEC_PUT(d, ": ");
				for (uint32_t k = 2; k < plen; k++)
					tl_dec_esc(d, tl_dec_u8(d, tp + k));
				break;
			case 0x0c: {
				uint8_t cc = tl_dec_u8(d, tp + 2), cv;

				TL_DEC_PUT(d, "\n\t\t  Control Channels (0x");
				tl_dec_hex2(d, cc);
				TL_DEC_PUT(d, ") = [");
				tl_dec_bits(d, tl_ldp_vccv_cc, cc);
				tl_dec_ch(d, ']');
				cv = tl_dec_u8(d, tp + 3);
				TL_DEC_PUT(d, "\n\t\t  CV Types (0x");
				tl_dec_hex2(d, cv);
				TL_DEC_PUT(d, ") = [");
				tl_dec_bits(d, tl_ldp_vccv_cv, cv);
				tl_dec_ch(d, ']');
				break;
			}
			default:
				tl_dec_unknown_data(d, tp + 2, "\n\t\t  ", plen - 2);
				break;
			}
			vc_len -= plen;
			tp += plen;
		}
		break;
	}
	default:
		break;
	}
}

/* ldp_tlv_print(): one TLV at tp with msg_tlen bytes left in its message; the bytes it took,
 * 0 when it reaches past the message. */
static uint32_t tl_ldp_tlv(struct tl_dec *d, size_t tp, uint32_t msg_tlen)
{
	uint32_t raw, type, tlv_len, v1, v2, v3;
	uint16_t tlen;

	tl_dec_need(d, tp, 4);
	tlv_len = tl_be16(d->p + tp + 2);
	if (tlv_len + 4 > msg_tlen) {
		TL_DEC_PUT(d, "\n\t\t TLV contents go past end of message");
		return 0;
	}
	tlen = (uint16_t)tlv_len;
	raw = tl_be16(d->p + tp);
	type = raw & 0x3fff;
	TL_DEC_PUT(d, "\n\t    ");
	tl_dec_str(d, tl_tok_or(tl_ldp_tlvs, type, "Unknown"));
	TL_DEC_PUT(d, " TLV (0x");
	tl_dec_hexw(d, type, 4);
	TL_DEC_PUT(d, "), length: ");
	tl_dec_u32(d, tlv_len);
	TL_DEC_PUT(d, ", Flags: [");
	tl_dec_str(d, raw & 0x8000 ? "continue processing" : "ignore");
	TL_DEC_PUT(d, " and ");
	tl_dec_str(d, raw & 0x4000 ? "do" : "don't");
	TL_DEC_PUT(d, " forward if unknown]");
	tp += 4;

	switch (type) {
	case TL_TLV_COMMON_HELLO:
		if (!tl_ldp_tlv_min(d, tlen, 4))
			break;
		v1 = tl_dec_be16(d, tp);
		v2 = tl_dec_be16(d, tp + 2);
		TL_DEC_PUT(d, "\n\t      Hold Time: ");
		tl_dec_u32(d, v1);
		TL_DEC_PUT(d, "s, Flags: [");
		tl_dec_str(d, v2 & 0x8000 ? "Targeted" : "Link");
		TL_DEC_PUT(d, " Hello");
		if (v2 & 0x4000)
			TL_DEC_PUT(d, ", Request for targeted Hellos");
		tl_dec_ch(d, ']');
		break;
	case TL_TLV_IPV4_TRANSPORT:
		if (!tl_ldp_tlv_min(d, tlen, 4))
			break;
		tl_dec_need(d, tp, 4);
		TL_DEC_PUT(d, "\n\t      IPv4 Transport Address: ");
		tl_dec_ip4(d, d->p + tp);
		break;
	case TL_TLV_IPV6_TRANSPORT:
		if (!tl_ldp_tlv_min(d, tlen, 16))
			break;
		tl_dec_need(d, tp, 16);
		TL_DEC_PUT(d, "\n\t      IPv6 Transport Address: ");
		tl_dec_ip6(d, d->p + tp);
		break;
	case TL_TLV_CONFIG_SEQ:
		if (!tl_ldp_tlv_min(d, tlen, 4))
			break;
		v1 = tl_dec_be32(d, tp);
		TL_DEC_PUT(d, "\n\t      Sequence Number: ");
		tl_dec_u32(d, v1);
		break;
	case TL_TLV_ADDRESS_LIST: {
		const char *af_name;

		if (!tl_ldp_tlv_min(d, tlen, 2))
			break;
		v1 = tl_dec_be16(d, tp);
		tp += 2;
		tlen -= 2;
		TL_DEC_PUT(d, "\n\t      Address Family: ");
		af_name = tl_tok(tl_af_values, v1);
		if (af_name) {
			tl_dec_str(d, af_name);
		} else {
			TL_DEC_PUT(d, "Unknown (");
			tl_dec_u32(d, v1);
			tl_dec_ch(d, ')');
		}
		TL_DEC_PUT(d, ", addresses");
		if (v1 == TL_AFNUM_INET) {
			for (; tlen >= 4; tlen -= 4, tp += 4) {
				tl_dec_need(d, tp, 4);
				tl_dec_ch(d, ' ');
				tl_dec_ip4(d, d->p + tp);
			}
		} else if (v1 == TL_AFNUM_INET6) {
			for (; tlen >= 16; tlen -= 16, tp += 16) {
				tl_dec_need(d, tp, 16);
				tl_dec_ch(d, ' ');
				tl_dec_ip6(d, d->p + tp);
			}
		}
		break;
	}
	case TL_TLV_COMMON_SESSION:
		if (!tl_ldp_tlv_min(d, tlen, 8))
			break;
		v1 = tl_dec_be16(d, tp);
		v2 = tl_dec_be16(d, tp + 2);
		v3 = tl_dec_be16(d, tp + 6);
		TL_DEC_PUT(d, "\n\t      Version: ");
		tl_dec_u32(d, v1);
		TL_DEC_PUT(d, ", Keepalive: ");
		tl_dec_u32(d, v2);
		TL_DEC_PUT(d, "s, Flags: [Downstream ");
		tl_dec_str(d, v3 & 0x8000 ? "On Demand" : "Unsolicited");
		TL_DEC_PUT(d, ", Loop Detection ");
		tl_dec_str(d, v3 & 0x4000 ? "Enabled" : "Disabled");
		tl_dec_ch(d, ']');
		break;
	case TL_TLV_FEC:
		tl_ldp_fec(d, tp, tlen, tlv_len);
		break;
	case TL_TLV_GENERIC_LABEL:
		if (!tl_ldp_tlv_min(d, tlen, 4))
			break;
		v1 = tl_dec_be32(d, tp);
		TL_DEC_PUT(d, "\n\t      Label: ");
		tl_dec_u32(d, v1 & 0xfffff);
		break;
	case TL_TLV_STATUS:
		if (!tl_ldp_tlv_min(d, tlen, 8))
			break;
		v1 = tl_dec_be32(d, tp);
		TL_DEC_PUT(d, "\n\t      Status: 0x");
		tl_dec_hexw(d, v1 & 0x3fffffff, 2);
		TL_DEC_PUT(d, ", Flags: [");
		tl_dec_str(d, v1 & 0x80000000 ? "Fatal error" : "Advisory Notification");
		TL_DEC_PUT(d, " and ");
		tl_dec_str(d, v1 & 0x40000000 ? "do" : "don't");
		TL_DEC_PUT(d, " forward]");
		v2 = tl_dec_be32(d, tp + 4);
		if (v2) {
			TL_DEC_PUT(d, ", causing Message ID: 0x");
			tl_dec_hexw(d, v2, 8);
		}
		break;
	case TL_TLV_FT_SESSION:
		if (!tl_ldp_tlv_min(d, tlen, 12))
			break;
		v1 = tl_dec_be16(d, tp);
		TL_DEC_PUT(d, "\n\t      Flags: [");
		tl_dec_str(d, v1 & 0x8000 ? "" : "No ");
		TL_DEC_PUT(d, "Reconnect, ");
		tl_dec_str(d, v1 & 0x8 ? "" : "Don't ");
		TL_DEC_PUT(d, "Save State, ");
		tl_dec_str(d, v1 & 0x4 ? "" : "No ");
		TL_DEC_PUT(d, "All-Label Protection, ");
		tl_dec_str(d, v1 & 0x2 ? "Sequence Numbered Label" : "All Labels");
		TL_DEC_PUT(d, " Checkpoint, ");
		tl_dec_str(d, v1 & 0x1 ? "" : "Don't ");
		TL_DEC_PUT(d, "Re-Learn State]");
		v2 = tl_dec_be32(d, tp + 4);
		if (v2) {
			TL_DEC_PUT(d, ", Reconnect Timeout: ");
			tl_dec_u32(d, v2);
			TL_DEC_PUT(d, "ms");
		}
		v3 = tl_dec_be32(d, tp + 8);
		if (v3) {
			TL_DEC_PUT(d, ", Recovery Time: ");
			tl_dec_u32(d, v3);
			TL_DEC_PUT(d, "ms");
		}
		break;
	case TL_TLV_MTU:
		if (!tl_ldp_tlv_min(d, tlen, 2))
			break;
		v1 = tl_dec_be16(d, tp);
		TL_DEC_PUT(d, "\n\t      MTU: ");
		tl_dec_u32(d, v1);
		break;
	default:
		/* Known TLVs without a decoder and unknown ones alike. */
		if (d->vflag <= 1)
			tl_dec_unknown_data(d, tp, "\n\t      ", tlen);
		break;
	}
	return tlv_len + 4;
}

/* "\n\t  <name> Message (0xNNNN), length: N", how every LDP message starts. */
static void tl_ldp_msg_head(struct tl_dec *d, uint32_t type, uint32_t msg_len)
{
	TL_DEC_PUT(d, "\n\t  ");
	tl_dec_str(d, tl_tok_or(tl_ldp_msgs, type, "Unknown"));
	TL_DEC_PUT(d, " Message (0x");
	tl_dec_hexw(d, type, 4);
	TL_DEC_PUT(d, "), length: ");
	tl_dec_u32(d, msg_len);
}

/* ldp_pdu_print(): one PDU at off; the bytes it took, 0 to stop (always without -v). */
static uint32_t tl_ldp_pdu(struct tl_dec *d, size_t off)
{
	const char *nl = d->vflag ? "\n\t" : "";
	uint32_t version, pdu_len, space;
	uint16_t tlen;
	size_t tp;

	tl_dec_need(d, off, TL_LDP_COMMON);
	version = tl_be16(d->p + off);
	if (version != TL_LDP_VERSION) {
		tl_dec_str(d, nl);
		TL_DEC_PUT(d, "LDP version ");
		tl_dec_u32(d, version);
		TL_DEC_PUT(d, " packet not supported");
		return 0;
	}
	pdu_len = tl_be16(d->p + off + 2);
	if (pdu_len < TL_LDP_COMMON - 4) {
		tl_dec_str(d, nl);
		TL_DEC_PUT(d, "LDP, pdu-length: ");
		tl_dec_u32(d, pdu_len);
		TL_DEC_PUT(d, " (too short, < 6)");
		return 0;
	}
	space = tl_be16(d->p + off + 8);
	tl_dec_str(d, nl);
	TL_DEC_PUT(d, "LDP, Label-Space-ID: ");
	tl_dec_ip4(d, d->p + off + 4);
	tl_dec_ch(d, ':');
	tl_dec_u32(d, space);
	TL_DEC_PUT(d, ", pdu-length: ");
	tl_dec_u32(d, pdu_len);
	if (!d->vflag)
		return 0;

	/* 16-bit arithmetic as in print-ldp.c: a message longer than the PDU wraps it. */
	tp = off + TL_LDP_COMMON;
	tlen = (uint16_t)(pdu_len - (TL_LDP_COMMON - 4));
	while (tlen > 0) {
		uint32_t raw, type, msg_len, msg_tlen, id;
		size_t mp;

		tl_dec_need(d, tp, TL_LDP_MSG);
		msg_len = tl_be16(d->p + tp + 2);
		raw = tl_be16(d->p + tp);
		type = raw & 0x7fff;
		if (msg_len < TL_LDP_MSG - 4) {
			tl_ldp_msg_head(d, type, msg_len);
			TL_DEC_PUT(d, " (too short, < 4)");
			return 0;
		}
		id = tl_be32(d->p + tp + 4);
		tl_ldp_msg_head(d, type, msg_len);
		TL_DEC_PUT(d, ", Message ID: 0x");
		tl_dec_hexw(d, id, 8);
		TL_DEC_PUT(d, ", Flags: [");
		tl_dec_str(d, raw & 0x8000 ? "continue processing" : "ignore");
		TL_DEC_PUT(d, " if unknown]");
		mp = tp + TL_LDP_MSG;
		msg_tlen = msg_len - (TL_LDP_MSG - 4);
		tl_dec_need(d, tp, msg_len);
		switch (type) {
		case 0x0001: /* Notification */
		case 0x0100: /* Hello */
		case 0x0200: /* Initialization */
		case 0x0201: /* Keepalive */
		case 0x0300: /* Address */
		case 0x0400: /* Label Mapping */
		case 0x0301: /* Address Withdraw */
		case 0x0402: /* Label Withdraw */
			while (msg_tlen >= 4) {
				uint32_t n = tl_ldp_tlv(d, mp, msg_tlen);

				if (!n)
					break;
				msg_tlen -= n;
				mp += n;
			}
			break;
		default:
			if (d->vflag <= 1)
				tl_dec_unknown_data(d, mp, "\n\t  ", msg_tlen);
			break;
		}
		if (d->vflag > 1)
			tl_dec_unknown_data(d, tp + TL_LDP_MSG, "\n\t  ", msg_len);
		tp += msg_len + 4;
		tlen = (uint16_t)(tlen - (msg_len + 4));
	}
	return pdu_len + 4;
}

/*
 * ldp_print(): PDUs while more than a PDU and a message header remain. Without -v the first
 * PDU's header line only; no separator before "LDP": tcpdump glues it to "length N".
 */
void tl_dec_ldp(struct tl_dec *d, uint32_t len)
{
	size_t off = 0;

	d->proto = "ldp";
	while (len > TL_LDP_COMMON + TL_LDP_MSG) {
		uint32_t n = tl_ldp_pdu(d, off);

		if (!n)
			return;
		if (len < n) {
			TL_DEC_PUT(d, " [remaining length ");
			tl_dec_u32(d, len);
			TL_DEC_PUT(d, " < ");
			tl_dec_u32(d, n);
			TL_DEC_PUT(d, "] (invalid)");
			break;
		}
		len -= n;
		off += n;
	}
}
