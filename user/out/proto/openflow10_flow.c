// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow 1.0's flow fields, as print-openflow-1.0.c prints them: ports, the match, the action
 * list, and vendor (Big Switch Networks) messages and actions ([OF10] 5.2.3, 5.2.4, 5.5.4). */
#include "out/proto/openflow.h"
#include "out/proto/openflow10.h"

#define TL_OF10_ACTION 8
#define TL_OUI_BSN     0x5c16c7
#define TL_ETH_IP      0x0800
#define TL_ETH_ARP     0x0806
#define TL_ETH_8021Q   0x8100

/* Wildcard bits 8-13 and 14-19 are the widths of the nw_src and nw_dst masks. */
#define TL_OFPFW_IN_PORT     (1u << 0)
#define TL_OFPFW_DL_VLAN     (1u << 1)
#define TL_OFPFW_DL_SRC	     (1u << 2)
#define TL_OFPFW_DL_DST	     (1u << 3)
#define TL_OFPFW_DL_TYPE     (1u << 4)
#define TL_OFPFW_NW_PROTO    (1u << 5)
#define TL_OFPFW_TP_SRC	     (1u << 6)
#define TL_OFPFW_TP_DST	     (1u << 7)
#define TL_OFPFW_DL_VLAN_PCP (1u << 20)
#define TL_OFPFW_NW_TOS	     (1u << 21)

const struct tl_tok tl_of10_wildcard_bits[] = {
	{ TL_OFPFW_IN_PORT, "IN_PORT" },
	{ TL_OFPFW_DL_VLAN, "DL_VLAN" },
	{ TL_OFPFW_DL_SRC, "DL_SRC" },
	{ TL_OFPFW_DL_DST, "DL_DST" },
	{ TL_OFPFW_DL_TYPE, "DL_TYPE" },
	{ TL_OFPFW_NW_PROTO, "NW_PROTO" },
	{ TL_OFPFW_TP_SRC, "TP_SRC" },
	{ TL_OFPFW_TP_DST, "TP_DST" },
	{ TL_OFPFW_DL_VLAN_PCP, "DL_VLAN_PCP" },
	{ TL_OFPFW_NW_TOS, "NW_TOS" },
	{ 0, NULL },
};

enum {
	TL_OFPAT_OUTPUT,
	TL_OFPAT_SET_VLAN_VID,
	TL_OFPAT_SET_VLAN_PCP,
	TL_OFPAT_STRIP_VLAN,
	TL_OFPAT_SET_DL_SRC,
	TL_OFPAT_SET_DL_DST,
	TL_OFPAT_SET_NW_SRC,
	TL_OFPAT_SET_NW_DST,
	TL_OFPAT_SET_NW_TOS,
	TL_OFPAT_SET_TP_SRC,
	TL_OFPAT_SET_TP_DST,
	TL_OFPAT_ENQUEUE,
	TL_OFPAT_VENDOR = 0xffff,
};

static const struct tl_tok tl_of10_action_types[] = {
	{ TL_OFPAT_OUTPUT, "OUTPUT" },
	{ TL_OFPAT_SET_VLAN_VID, "SET_VLAN_VID" },
	{ TL_OFPAT_SET_VLAN_PCP, "SET_VLAN_PCP" },
	{ TL_OFPAT_STRIP_VLAN, "STRIP_VLAN" },
	{ TL_OFPAT_SET_DL_SRC, "SET_DL_SRC" },
	{ TL_OFPAT_SET_DL_DST, "SET_DL_DST" },
	{ TL_OFPAT_SET_NW_SRC, "SET_NW_SRC" },
	{ TL_OFPAT_SET_NW_DST, "SET_NW_DST" },
	{ TL_OFPAT_SET_NW_TOS, "SET_NW_TOS" },
	{ TL_OFPAT_SET_TP_SRC, "SET_TP_SRC" },
	{ TL_OFPAT_SET_TP_DST, "SET_TP_DST" },
	{ TL_OFPAT_ENQUEUE, "ENQUEUE" },
	{ TL_OFPAT_VENDOR, "VENDOR" },
	{ 0, NULL },
};

/* FEATURES_REPLY's supported actions: bit N for action type N. */
const struct tl_tok tl_of10_action_bits[] = {
	{ 1u << 0, "OUTPUT" },
	{ 1u << 1, "SET_VLAN_VID" },
	{ 1u << 2, "SET_VLAN_PCP" },
	{ 1u << 3, "STRIP_VLAN" },
	{ 1u << 4, "SET_DL_SRC" },
	{ 1u << 5, "SET_DL_DST" },
	{ 1u << 6, "SET_NW_SRC" },
	{ 1u << 7, "SET_NW_DST" },
	{ 1u << 8, "SET_NW_TOS" },
	{ 1u << 9, "SET_TP_SRC" },
	{ 1u << 10, "SET_TP_DST" },
	{ 1u << 11, "ENQUEUE" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_ports[] = {
	{ 0xff00, "MAX" },   { 0xfff8, "IN_PORT" }, { 0xfff9, "TABLE" },      { 0xfffa, "NORMAL" },
	{ 0xfffb, "FLOOD" }, { 0xfffc, "ALL" },	    { 0xfffd, "CONTROLLER" }, { 0xfffe, "LOCAL" },
	{ 0xffff, "NONE" },  { 0, NULL },
};

/* Big Switch Networks' vendor messages, by subtype (29 and 30 unassigned). */
static const struct tl_tok tl_of10_bsn_subtypes[] = {
	{ 0, "SET_IP_MASK" },
	{ 1, "GET_IP_MASK_REQUEST" },
	{ 2, "GET_IP_MASK_REPLY" },
	{ 3, "SET_MIRRORING" },
	{ 4, "GET_MIRRORING_REQUEST" },
	{ 5, "GET_MIRRORING_REPLY" },
	{ 6, "SHELL_COMMAND" },
	{ 7, "SHELL_OUTPUT" },
	{ 8, "SHELL_STATUS" },
	{ 9, "GET_INTERFACES_REQUEST" },
	{ 10, "GET_INTERFACES_REPLY" },
	{ 11, "SET_PKTIN_SUPPRESSION_REQUEST" },
	{ 12, "SET_L2_TABLE_REQUEST" },
	{ 13, "GET_L2_TABLE_REQUEST" },
	{ 14, "GET_L2_TABLE_REPLY" },
	{ 15, "VIRTUAL_PORT_CREATE_REQUEST" },
	{ 16, "VIRTUAL_PORT_CREATE_REPLY" },
	{ 17, "VIRTUAL_PORT_REMOVE_REQUEST" },
	{ 18, "BW_ENABLE_SET_REQUEST" },
	{ 19, "BW_ENABLE_GET_REQUEST" },
	{ 20, "BW_ENABLE_GET_REPLY" },
	{ 21, "BW_CLEAR_DATA_REQUEST" },
	{ 22, "BW_CLEAR_DATA_REPLY" },
	{ 23, "BW_ENABLE_SET_REPLY" },
	{ 24, "SET_L2_TABLE_REPLY" },
	{ 25, "SET_PKTIN_SUPPRESSION_REPLY" },
	{ 26, "VIRTUAL_PORT_REMOVE_REPLY" },
	{ 27, "HYBRID_GET_REQUEST" },
	{ 28, "HYBRID_GET_REPLY" },
	{ 31, "PDU_TX_REQUEST" },
	{ 32, "PDU_TX_REPLY" },
	{ 33, "PDU_RX_REQUEST" },
	{ 34, "PDU_RX_REPLY" },
	{ 35, "PDU_RX_TIMEOUT" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_bsn_actions[] = {
	{ 1, "MIRROR" },
	{ 2, "SET_TUNNEL_DST" },
	{ 4, "CHECKSUM" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_bsn_stage[] = { { 0, "INGRESS" }, { 1, "EGRESS" }, { 0, NULL } };
static const struct tl_tok tl_of10_bsn_onoff[] = { { 0, "OFF" }, { 1, "ON" }, { 0, NULL } };

void tl_of10_port(struct tl_dec *d, const char *label, size_t cp)
{
	uint16_t port = tl_dec_be16(d, cp);

	tl_dec_str(d, label);
	tl_dec_tok(d, tl_of10_ports, port, "");
}

/* vlan_str: 0xffff is no VLAN; 0 and 4095 are not VLAN ids. */
static void tl_of10_vlan(struct tl_dec *d, uint16_t vid)
{
	if (vid == 0xffff) {
		TL_DEC_PUT(d, "NONE");
		return;
	}
	tl_dec_u32(d, vid);
	if (vid == 0 || vid >= 0x0fff)
		TL_DEC_PUT(d, " (bogus)");
}

/* pcp_str */
static void tl_of10_pcp(struct tl_dec *d, uint8_t pcp)
{
	tl_dec_u32(d, pcp);
	if (pcp > 7)
		TL_DEC_PUT(d, " (bogus)");
}

/* "PFXmatch NAME" */
static void tl_of10_field(struct tl_dec *d, const char *pfx, const char *name)
{
	tl_dec_str(d, pfx);
	TL_DEC_PUT(d, "match ");
	tl_dec_str(d, name);
	tl_dec_ch(d, ' ');
}

/* An nw_src or nw_dst: the mask width bits say how many low bits are wildcarded. */
static void tl_of10_nw(struct tl_dec *d, const char *pfx, const char *name, size_t cp,
		       uint32_t bits)
{
	if (bits >= 32)
		return;
	tl_dec_need(d, cp, 4);
	tl_of10_field(d, pfx, name);
	tl_dec_ip4(d, d->p + cp);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, 32 - bits);
}

/* [OF10] 5.2.3 ofp_match: the fields its wildcards leave in, and wildcards with bits set past
 * the last. ICMP's type and code live in tp_src and tp_dst, ARP's opcode in nw_proto. */
void tl_of10_match(struct tl_dec *d, const char *pfx, size_t cp)
{
	uint32_t w = tl_dec_be32(d, cp);
	uint16_t dl_type, v;
	uint8_t nw_proto, b;
	bool icmp;

	if (w & TL_OF10_PFW_U) {
		tl_dec_str(d, pfx);
		TL_DEC_PUT(d, "wildcards ");
		tl_of_hex32(d, w);
		TL_DEC_PUT(d, " (bogus)");
	}
	if (!(w & TL_OFPFW_IN_PORT)) {
		v = tl_dec_be16(d, cp + 4);
		tl_of10_field(d, pfx, "in_port");
		tl_dec_tok(d, tl_of10_ports, v, "");
	}
	if (!(w & TL_OFPFW_DL_SRC)) {
		tl_dec_need(d, cp + 6, 6);
		tl_of10_field(d, pfx, "dl_src");
		tl_of_mac(d, cp + 6);
	}
	if (!(w & TL_OFPFW_DL_DST)) {
		tl_dec_need(d, cp + 12, 6);
		tl_of10_field(d, pfx, "dl_dst");
		tl_of_mac(d, cp + 12);
	}
	if (!(w & TL_OFPFW_DL_VLAN)) {
		v = tl_dec_be16(d, cp + 18);
		tl_of10_field(d, pfx, "dl_vlan");
		tl_of10_vlan(d, v);
	}
	if (!(w & TL_OFPFW_DL_VLAN_PCP)) {
		b = tl_dec_u8(d, cp + 20);
		tl_of10_field(d, pfx, "dl_vlan_pcp");
		tl_of10_pcp(d, b);
	}
	dl_type = tl_dec_be16(d, cp + 22);
	if (!(w & TL_OFPFW_DL_TYPE)) {
		tl_of10_field(d, pfx, "dl_type");
		TL_DEC_PUT(d, "0x");
		tl_dec_hexw(d, dl_type, 4);
	}
	if (!(w & TL_OFPFW_NW_TOS)) {
		b = tl_dec_u8(d, cp + 24);
		tl_of10_field(d, pfx, "nw_tos");
		TL_DEC_PUT(d, "0x");
		tl_dec_hex2(d, b);
	}
	nw_proto = tl_dec_u8(d, cp + 25);
	if (!(w & TL_OFPFW_NW_PROTO)) {
		bool arp = !(w & TL_OFPFW_DL_TYPE) && dl_type == TL_ETH_ARP;

		tl_of10_field(d, pfx, arp ? "arp_opcode" : "nw_proto");
		tl_dec_u32(d, nw_proto);
	}
	tl_of10_nw(d, pfx, "nw_src", cp + 28, (w >> 8) & 0x3f);
	tl_of10_nw(d, pfx, "nw_dst", cp + 32, (w >> 14) & 0x3f);
	icmp = !(w & TL_OFPFW_DL_TYPE) && dl_type == TL_ETH_IP && !(w & TL_OFPFW_NW_PROTO) &&
	       nw_proto == 1;
	if (!(w & TL_OFPFW_TP_SRC)) {
		v = tl_dec_be16(d, cp + 36);
		tl_of10_field(d, pfx, icmp ? "icmp_type" : "tp_src");
		tl_dec_u32(d, v);
	}
	v = tl_dec_be16(d, cp + 38);
	if (!(w & TL_OFPFW_TP_DST)) {
		tl_of10_field(d, pfx, icmp ? "icmp_code" : "tp_dst");
		tl_dec_u32(d, v);
	}
}

/* BSN's actions: only MIRROR has fields tcpdump prints. */
static void tl_of10_bsn_action(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t subtype, v, tag;

	if (len < 4)
		goto invalid;
	subtype = tl_dec_be32(d, cp);
	TL_DEC_PUT(d, "\n\t  subtype ");
	tl_of_tok_hex(d, tl_of10_bsn_actions, subtype, "unknown (", 8);
	cp += 4;
	len -= 4;
	if (subtype != 1) {
		tl_dec_need(d, cp, len);
		return;
	}
	if (len != 12)
		goto invalid;
	v = tl_dec_be32(d, cp);
	TL_DEC_PUT(d, ", dest_port ");
	tl_dec_u32(d, v);
	tag = tl_dec_be32(d, cp + 4);
	if (tag >> 16 == 0) {
		TL_DEC_PUT(d, ", vlan_tag none");
	} else if (tag >> 16 == TL_ETH_8021Q) {
		/* ieee8021q_tci_string */
		TL_DEC_PUT(d, ", vlan_tag 802.1Q (vlan ");
		tl_dec_u32(d, tag & 0xfff);
		TL_DEC_PUT(d, ", p ");
		tl_dec_u32(d, (tag & 0xffff) >> 13);
		if (tag & 0x1000)
			TL_DEC_PUT(d, ", DEI");
		tl_dec_ch(d, ')');
	} else {
		TL_DEC_PUT(d, ", vlan_tag unknown (0x");
		tl_dec_hexw(d, tag >> 16, 4);
		tl_dec_ch(d, ')');
	}
	v = tl_dec_u8(d, cp + 8);
	TL_DEC_PUT(d, ", copy_stage ");
	tl_dec_tok(d, tl_of10_bsn_stage, v, "unknown (");
	if (v > 1)
		tl_dec_ch(d, ')');
	tl_dec_need(d, cp + 9, 3);
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* ", vendor 0x%08x (NAME)" of the 4 bytes at cp. */
static uint32_t tl_of10_vendor(struct tl_dec *d, size_t cp)
{
	uint32_t vendor = tl_dec_be32(d, cp);

	TL_DEC_PUT(d, ", vendor ");
	tl_of_hex32(d, vendor);
	TL_DEC_PUT(d, " (");
	tl_dec_str(d, tl_of_vendor_name(vendor));
	tl_dec_ch(d, ')');
	return vendor;
}

static void tl_of10_vendor_action(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len < 4) {
		tl_of_invalid(d, cp, len);
		return;
	}
	if (tl_of10_vendor(d, cp) == TL_OUI_BSN)
		tl_of10_bsn_action(d, cp + 4, len - 4);
	else
		tl_of_data(d, cp + 4, len - 4);
}

/* The length each action type must have; 0: any multiple of 8 (VENDOR), or no such type. */
static uint16_t tl_of10_action_len(uint16_t type)
{
	switch (type) {
	case TL_OFPAT_SET_DL_SRC:
	case TL_OFPAT_SET_DL_DST:
	case TL_OFPAT_ENQUEUE:
		return 16;
	case TL_OFPAT_VENDOR:
		return 0;
	default:
		return type <= TL_OFPAT_ENQUEUE ? 8 : 0;
	}
}

/* One action's fields after its 4-byte header, alen bytes in all (its length is right). */
static void tl_of10_action(struct tl_dec *d, uint16_t type, size_t cp, uint16_t alen)
{
	uint16_t v;
	uint32_t q;

	switch (type) {
	case TL_OFPAT_OUTPUT:
		v = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, ", port ");
		tl_dec_tok(d, tl_of10_ports, v, "");
		/* Only packets to the controller are cut to max_len. */
		if (v == 0xfffd) {
			v = tl_dec_be16(d, cp + 2);
			TL_DEC_PUT(d, ", max_len ");
			tl_dec_u32(d, v);
		} else {
			tl_dec_need(d, cp + 2, 2);
		}
		break;
	case TL_OFPAT_SET_VLAN_VID:
		v = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, ", vlan_vid ");
		tl_of10_vlan(d, v);
		tl_dec_need(d, cp + 2, 2);
		break;
	case TL_OFPAT_SET_VLAN_PCP:
		v = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, ", vlan_pcp ");
		tl_of10_pcp(d, (uint8_t)v);
		tl_dec_need(d, cp + 1, 3);
		break;
	case TL_OFPAT_SET_DL_SRC:
	case TL_OFPAT_SET_DL_DST:
		tl_dec_need(d, cp, 6);
		TL_DEC_PUT(d, ", dl_addr ");
		tl_of_mac(d, cp);
		tl_dec_need(d, cp + 6, 6);
		break;
	case TL_OFPAT_SET_NW_SRC:
	case TL_OFPAT_SET_NW_DST:
		tl_dec_need(d, cp, 4);
		TL_DEC_PUT(d, ", nw_addr ");
		tl_dec_ip4(d, d->p + cp);
		break;
	case TL_OFPAT_SET_NW_TOS:
		v = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, ", nw_tos 0x");
		tl_dec_hex2(d, (uint8_t)v);
		tl_dec_need(d, cp + 1, 3);
		break;
	case TL_OFPAT_SET_TP_SRC:
	case TL_OFPAT_SET_TP_DST:
		v = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, ", tp_port ");
		tl_dec_u32(d, v);
		tl_dec_need(d, cp + 2, 2);
		break;
	case TL_OFPAT_ENQUEUE:
		v = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, ", port ");
		tl_dec_tok(d, tl_of10_ports, v, "");
		q = tl_dec_be32(d, cp + 8);
		TL_DEC_PUT(d, ", queue_id ");
		if (q == 0xffffffff)
			TL_DEC_PUT(d, "ALL");
		else
			tl_dec_u32(d, q);
		break;
	case TL_OFPAT_VENDOR:
		tl_of10_vendor_action(d, cp, alen - 4u);
		break;
	case TL_OFPAT_STRIP_VLAN:
		tl_dec_need(d, cp, 4);
		break;
	}
}

/* [OF10] 5.2.4 an action list: a length out of bounds ends it, a wrong one for its type
 * skips the action. */
void tl_of10_actions(struct tl_dec *d, const char *pfx, size_t cp, uint32_t len)
{
	while (len) {
		uint16_t type, alen, want;

		if (len < TL_OF10_ACTION)
			goto invalid;
		type = tl_dec_be16(d, cp);
		tl_dec_str(d, pfx);
		TL_DEC_PUT(d, "action type ");
		tl_of_tok_hex(d, tl_of10_action_types, type, "invalid (", 4);
		alen = tl_dec_be16(d, cp + 2);
		TL_DEC_PUT(d, ", len ");
		tl_dec_u32(d, alen);
		cp += 4;
		len -= 4;
		if (alen < TL_OF10_ACTION || alen > len + 4)
			goto invalid;
		want = tl_of10_action_len(type);
		if (type == TL_OFPAT_VENDOR ? alen % 8 != 0 : want && alen != want)
			TL_DEC_PUT(d, " (bogus)");
		else if (want || type == TL_OFPAT_VENDOR)
			tl_of10_action(d, type, cp, alen);
		tl_dec_need(d, cp, alen - 4u);
		cp += alen - 4u;
		len -= alen - 4u;
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* BSN's vendor messages ([OF10] 5.5.4 leaves the data to the vendor). */
static void tl_of10_bsn_message(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t subtype, v;

	if (len < 4)
		goto invalid;
	subtype = tl_dec_be32(d, cp);
	TL_DEC_PUT(d, "\n\t subtype ");
	tl_of_tok_hex(d, tl_of10_bsn_subtypes, subtype, "unknown (", 8);
	cp += 4;
	len -= 4;
	switch (subtype) {
	case 1: /* GET_IP_MASK_REQUEST */
		if (len != 8)
			goto invalid;
		v = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, ", index ");
		tl_dec_u32(d, v);
		tl_dec_need(d, cp + 1, 7);
		break;
	case 0: /* SET_IP_MASK */
	case 2: /* GET_IP_MASK_REPLY */
		if (len != 8)
			goto invalid;
		v = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, ", index ");
		tl_dec_u32(d, v);
		tl_dec_need(d, cp + 4, 4);
		TL_DEC_PUT(d, ", mask ");
		tl_dec_ip4(d, d->p + cp + 4);
		break;
	case 3: /* SET_MIRRORING */
	case 4: /* GET_MIRRORING_REQUEST */
	case 5: /* GET_MIRRORING_REPLY */
		if (len != 4)
			goto invalid;
		v = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, ", report_mirror_ports ");
		tl_dec_tok(d, tl_of10_bsn_onoff, v, "bogus (");
		if (v > 1)
			tl_dec_ch(d, ')');
		tl_dec_need(d, cp + 1, 3);
		break;
	case 9:	 /* GET_INTERFACES_REQUEST */
	case 13: /* GET_L2_TABLE_REQUEST */
	case 19: /* BW_ENABLE_GET_REQUEST */
	case 21: /* BW_CLEAR_DATA_REQUEST */
	case 27: /* HYBRID_GET_REQUEST */
		if (len)
			goto invalid;
		break;
	case 17: /* VIRTUAL_PORT_REMOVE_REQUEST */
		if (len != 4)
			goto invalid;
		v = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, ", vport_no ");
		tl_dec_u32(d, v);
		break;
	case 6: /* SHELL_COMMAND */
		if (len < 4)
			goto invalid;
		v = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, ", service ");
		tl_dec_u32(d, v);
		cp += 4;
		len -= 4;
		/* the command's text, as SHELL_OUTPUT's */
		__attribute__((fallthrough));
	case 7: /* SHELL_OUTPUT */
		TL_DEC_PUT(d, ", data '");
		tl_dec_printn_jmp(d, cp, len);
		tl_dec_ch(d, '\'');
		break;
	case 8: /* SHELL_STATUS */
		if (len != 4)
			goto invalid;
		v = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, ", status ");
		tl_of_hex32(d, v);
		break;
	default:
		tl_dec_need(d, cp, len);
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* [OF10] 5.5.4: the body's minimum already holds the vendor id. */
void tl_of10_vendor_message(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (tl_of10_vendor(d, cp) == TL_OUI_BSN)
		tl_of10_bsn_message(d, cp + 4, len - 4);
	else
		tl_of_data(d, cp + 4, len - 4);
}

/* A stats request's or reply's vendor body: the id must be there, the data may not. */
void tl_of10_vendor_data(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len < 4) {
		tl_of_invalid(d, cp, len);
		return;
	}
	tl_of10_vendor(d, cp);
	tl_of_data(d, cp + 4, len - 4);
}
