// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow 1.0's messages at -v and -vv, as print-openflow-1.0.c prints them ([OF10] 5.1-5.5;
 * the flow fields its messages share are in openflow10_flow.c). */
#include "out/proto/openflow.h"
#include "out/proto/openflow10.h"

/* Lengths of the structures bodies are made of ([OF10] 5.2). */
#define TL_OF10_PHY_PORT   48
#define TL_OF10_QUEUE_PROP 8
#define TL_OF10_MIN_RATE   16
#define TL_OF10_QUEUE	   8
#define TL_OF10_PORT_NAME  16

static const struct tl_tok tl_of10_ppc[] = {
	{ 1u << 0, "PORT_DOWN" },    { 1u << 1, "NO_STP" },
	{ 1u << 2, "NO_RECV" },	     { 1u << 3, "NO_RECV_STP" },
	{ 1u << 4, "NO_FLOOD" },     { 1u << 5, "NO_FWD" },
	{ 1u << 6, "NO_PACKET_IN" }, { 0, NULL },
};
#define TL_OF10_PPC_U (~0x7fu)

/* The port state's STP code point (bits 8-9) and its one flag, LINK_DOWN. */
static const struct tl_tok tl_of10_pps_stp[] = {
	{ 0u << 8, "STP_LISTEN" },
	{ 1u << 8, "STP_LEARN" },
	{ 2u << 8, "STP_FORWARD" },
	{ 3u << 8, "STP_BLOCK" },
	{ 0, NULL },
};
#define TL_OF10_PPS_U (~(1u | 3u << 8))

static const struct tl_tok tl_of10_ppf[] = {
	{ 1u << 0, "10MB_HD" },
	{ 1u << 1, "10MB_FD" },
	{ 1u << 2, "100MB_HD" },
	{ 1u << 3, "100MB_FD" },
	{ 1u << 4, "1GB_HD" },
	{ 1u << 5, "1GB_FD" },
	{ 1u << 6, "10GB_FD" },
	{ 1u << 7, "COPPER" },
	{ 1u << 8, "FIBER" },
	{ 1u << 9, "AUTONEG" },
	{ 1u << 10, "PAUSE" },
	{ 1u << 11, "PAUSE_ASYM" },
	{ 0, NULL },
};
#define TL_OF10_PPF_U (~0xfffu)

static const struct tl_tok tl_of10_pqt[] = { { 0, "NONE" }, { 1, "MIN_RATE" }, { 0, NULL } };

/* The capability bit 4 is reserved: named, but counted as unassigned. */
static const struct tl_tok tl_of10_capabilities[] = {
	{ 1u << 0, "FLOW_STATS" },  { 1u << 1, "TABLE_STATS" },	 { 1u << 2, "PORT_STATS" },
	{ 1u << 3, "STP" },	    { 1u << 4, "RESERVED" },	 { 1u << 5, "IP_REASM" },
	{ 1u << 6, "QUEUE_STATS" }, { 1u << 7, "ARP_MATCH_IP" }, { 0, NULL },
};
#define TL_OF10_CAP_U (~0xefu)

static const struct tl_tok tl_of10_config[] = {
	{ 0, "FRAG_NORMAL" },
	{ 1, "FRAG_DROP" },
	{ 2, "FRAG_REASM" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_pfc[] = {
	{ 0, "ADD" },	 { 1, "MODIFY" },	 { 2, "MODIFY_STRICT" },
	{ 3, "DELETE" }, { 4, "DELETE_STRICT" }, { 0, NULL },
};

static const struct tl_tok tl_of10_pff[] = {
	{ 1u << 0, "SEND_FLOW_REM" },
	{ 1u << 1, "CHECK_OVERLAP" },
	{ 1u << 2, "EMERG" },
	{ 0, NULL },
};
#define TL_OF10_PFF_U (~7u)

static const struct tl_tok tl_of10_pr[] = { { 0, "NO_MATCH" }, { 1, "ACTION" }, { 0, NULL } };

static const struct tl_tok tl_of10_prr[] = {
	{ 0, "IDLE_TIMEOUT" },
	{ 1, "HARD_TIMEOUT" },
	{ 2, "DELETE" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_ppr[] = {
	{ 0, "ADD" },
	{ 1, "DELETE" },
	{ 2, "MODIFY" },
	{ 0, NULL },
};

static const struct tl_tok tl_of10_pet[] = {
	{ 0, "HELLO_FAILED" },
	{ 1, "BAD_REQUEST" },
	{ 2, "BAD_ACTION" },
	{ 3, "FLOW_MOD_FAILED" },
	{ 4, "PORT_MOD_FAILED" },
	{ 5, "QUEUE_OP_FAILED" },
	{ 0, NULL },
};

/* Each error type's codes, in type order. */
static const struct tl_tok tl_of10_hfc[] = { { 0, "INCOMPATIBLE" }, { 1, "EPERM" }, { 0, NULL } };
static const struct tl_tok tl_of10_brc[] = {
	{ 0, "BAD_VERSION" },	 { 1, "BAD_TYPE" }, { 2, "BAD_STAT" }, { 3, "BAD_VENDOR" },
	{ 4, "BAD_SUBTYPE" },	 { 5, "EPERM" },    { 6, "BAD_LEN" },  { 7, "BUFFER_EMPTY" },
	{ 8, "BUFFER_UNKNOWN" }, { 0, NULL },
};
static const struct tl_tok tl_of10_bac[] = {
	{ 0, "BAD_TYPE" },     { 1, "BAD_LEN" },      { 2, "BAD_VENDOR" }, { 3, "BAD_VENDOR_TYPE" },
	{ 4, "BAD_OUT_PORT" }, { 5, "BAD_ARGUMENT" }, { 6, "EPERM" },	   { 7, "TOO_MANY" },
	{ 8, "BAD_QUEUE" },    { 0, NULL },
};
static const struct tl_tok tl_of10_fmfc[] = {
	{ 0, "ALL_TABLES_FULL" }, { 1, "OVERLAP" },	{ 2, "EPERM" }, { 3, "BAD_EMERG_TIMEOUT" },
	{ 4, "BAD_COMMAND" },	  { 5, "UNSUPPORTED" }, { 0, NULL },
};
static const struct tl_tok tl_of10_pmfc[] = { { 0, "BAD_PORT" },
					      { 1, "BAD_HW_ADDR" },
					      { 0, NULL } };
static const struct tl_tok tl_of10_qofc[] = {
	{ 0, "BAD_PORT" },
	{ 1, "BAD_QUEUE" },
	{ 2, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok *const tl_of10_codes[] = {
	tl_of10_hfc, tl_of10_brc, tl_of10_bac, tl_of10_fmfc, tl_of10_pmfc, tl_of10_qofc,
};

/* [OF10] 5.2.1 ofp_phy_port: its name at -v, its state and features at -vv. */
static void tl_of10_phy_port(struct tl_dec *d, size_t cp)
{
	uint32_t state;

	tl_of10_port(d, "\n\t  port_no ", cp);
	cp += 2;
	tl_dec_need(d, cp, 6);
	TL_DEC_PUT(d, ", hw_addr ");
	tl_of_mac(d, cp);
	cp += 6;
	tl_of_str(d, ", name ", cp, TL_OF10_PORT_NAME);
	cp += TL_OF10_PORT_NAME;
	if (d->vflag < 2) {
		tl_dec_need(d, cp, 24);
		return;
	}
	tl_of_bits32(d, "\n\t   config ", cp, tl_of10_ppc, TL_OF10_PPC_U);
	cp += 4;
	state = tl_dec_be32(d, cp);
	TL_DEC_PUT(d, "\n\t   state ");
	tl_of_hex32(d, state);
	TL_DEC_PUT(d, " (");
	tl_dec_str(d, tl_tok_or(tl_of10_pps_stp, state & 3u << 8, ""));
	if (state & 1)
		TL_DEC_PUT(d, ", LINK_DOWN");
	tl_dec_ch(d, ')');
	if (state & TL_OF10_PPS_U)
		TL_DEC_PUT(d, " (bogus)");
	cp += 4;
	tl_of_bits32(d, "\n\t   curr ", cp, tl_of10_ppf, TL_OF10_PPF_U);
	tl_of_bits32(d, "\n\t   advertised ", cp + 4, tl_of10_ppf, TL_OF10_PPF_U);
	tl_of_bits32(d, "\n\t   supported ", cp + 8, tl_of10_ppf, TL_OF10_PPF_U);
	tl_of_bits32(d, "\n\t   peer ", cp + 12, tl_of10_ppf, TL_OF10_PPF_U);
}

/* [OF10] 5.2.2 a queue's properties, at -vv. */
static void tl_of10_queue_props(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		uint16_t property, plen, rate;
		bool bogus;

		if (len < TL_OF10_QUEUE_PROP)
			goto invalid;
		property = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, "\n\t   property ");
		tl_of_tok_hex(d, tl_of10_pqt, property, "invalid (", 4);
		plen = tl_dec_be16(d, cp + 2);
		TL_DEC_PUT(d, ", len ");
		tl_dec_u32(d, plen);
		cp += 4;
		len -= 4;
		if (plen < TL_OF10_QUEUE_PROP || plen > len + 4)
			goto invalid;
		tl_dec_need(d, cp, 4);
		cp += 4;
		len -= 4;
		/* NONE is the bare header; MIN_RATE adds its rate; others are skipped unprinted. */
		bogus = (property == 0 && plen != TL_OF10_QUEUE_PROP) ||
			(property == 1 && plen != TL_OF10_MIN_RATE);
		if (bogus)
			TL_DEC_PUT(d, " (bogus)");
		if (bogus || property > 1) {
			tl_dec_need(d, cp, plen - TL_OF10_QUEUE_PROP);
			cp += plen - TL_OF10_QUEUE_PROP;
			len -= plen - TL_OF10_QUEUE_PROP;
			continue;
		}
		if (property == 1) {
			/* Tenths of a percent; past 100% the rate is off. */
			rate = tl_dec_be16(d, cp);
			if (rate > 1000) {
				TL_DEC_PUT(d, ", rate disabled");
			} else {
				TL_DEC_PUT(d, ", rate ");
				tl_dec_u32(d, rate / 10);
				tl_dec_ch(d, '.');
				tl_dec_u32(d, rate % 10);
				tl_dec_ch(d, '%');
			}
			tl_dec_need(d, cp + 2, 6);
			cp += 8;
			len -= 8;
		}
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* [OF10] 5.2.2 ofp_packet_queue list. */
static void tl_of10_queues(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		uint32_t id;
		uint16_t desclen;

		if (len < TL_OF10_QUEUE)
			goto invalid;
		id = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, "\n\t  queue_id ");
		tl_dec_u32(d, id);
		desclen = tl_dec_be16(d, cp + 4);
		TL_DEC_PUT(d, ", len ");
		tl_dec_u32(d, desclen);
		cp += 6;
		len -= 6;
		if (desclen < TL_OF10_QUEUE || desclen > len + 6)
			goto invalid;
		tl_dec_need(d, cp, 2);
		cp += 2;
		len -= 2;
		if (d->vflag >= 2)
			tl_of10_queue_props(d, cp, desclen - TL_OF10_QUEUE);
		else
			tl_dec_need(d, cp, desclen - TL_OF10_QUEUE);
		cp += desclen - TL_OF10_QUEUE;
		len -= desclen - TL_OF10_QUEUE;
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* [OF10] 5.3.1 */
static void tl_of10_features_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint64_t dpid = tl_dec_be64(d, cp);
	uint32_t n;

	TL_DEC_PUT(d, "\n\t dpid ");
	tl_of_hex64(d, dpid);
	n = tl_dec_be32(d, cp + 8);
	TL_DEC_PUT(d, ", n_buffers ");
	tl_dec_u32(d, n);
	n = tl_dec_u8(d, cp + 12);
	TL_DEC_PUT(d, ", n_tables ");
	tl_dec_u32(d, n);
	tl_of_bits32(d, "\n\t capabilities ", cp + 16, tl_of10_capabilities, TL_OF10_CAP_U);
	tl_of_bits32(d, "\n\t actions ", cp + 20, tl_of10_action_bits, TL_OF10_PAT_U);
	cp += 24;
	len -= 24;
	while (len) {
		if (len < TL_OF10_PHY_PORT) {
			tl_of_invalid(d, cp, len);
			return;
		}
		tl_of10_phy_port(d, cp);
		cp += TL_OF10_PHY_PORT;
		len -= TL_OF10_PHY_PORT;
	}
}

/* [OF10] 5.3.2 GET_CONFIG_REPLY and SET_CONFIG. */
static void tl_of10_switch_config(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint16_t v = tl_dec_be16(d, cp);

	(void)len;
	TL_DEC_PUT(d, "\n\t flags ");
	tl_of_tok_hex(d, tl_of10_config, v, "invalid (", 4);
	v = tl_dec_be16(d, cp + 2);
	TL_DEC_PUT(d, ", miss_send_len ");
	tl_dec_u32(d, v);
}

/* [OF10] 5.3.3 */
static void tl_of10_flow_mod(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint64_t cookie;
	uint16_t command, v;
	uint32_t buffer_id;

	tl_of10_match(d, "\n\t ", cp);
	cp += TL_OF10_MATCH;
	len -= TL_OF10_MATCH;
	cookie = tl_dec_be64(d, cp);
	TL_DEC_PUT(d, "\n\t cookie ");
	tl_of_hex64(d, cookie);
	command = tl_dec_be16(d, cp + 8);
	TL_DEC_PUT(d, ", command ");
	tl_of_tok_hex(d, tl_of10_pfc, command, "invalid (", 4);
	if ((v = tl_dec_be16(d, cp + 10))) {
		TL_DEC_PUT(d, ", idle_timeout ");
		tl_dec_u32(d, v);
	}
	if ((v = tl_dec_be16(d, cp + 12))) {
		TL_DEC_PUT(d, ", hard_timeout ");
		tl_dec_u32(d, v);
	}
	if ((v = tl_dec_be16(d, cp + 14))) {
		TL_DEC_PUT(d, ", priority ");
		tl_dec_u32(d, v);
	}
	/* ADD and MODIFY apply to a buffered packet, DELETE only to flows out of a port. */
	if (command <= 2) {
		buffer_id = tl_dec_be32(d, cp + 16);
		TL_DEC_PUT(d, ", buffer_id ");
		if (buffer_id == 0xffffffff)
			TL_DEC_PUT(d, "NONE");
		else
			tl_of_hex32(d, buffer_id);
	}
	if (command == 3 || command == 4)
		tl_of10_port(d, ", out_port ", cp + 20);
	v = tl_dec_be16(d, cp + 22);
	TL_DEC_PUT(d, ", flags 0x");
	tl_dec_hexw(d, v, 4);
	tl_of_bitmap(d, tl_of10_pff, v, TL_OF10_PFF_U);
	cp += 24;
	len -= 24;
	tl_of10_actions(d, "\n\t ", cp, len);
}

/* [OF10] 5.3.3 */
static void tl_of10_port_mod(struct tl_dec *d, size_t cp, uint32_t len)
{
	(void)len;
	tl_of10_port(d, "\n\t port_no ", cp);
	tl_dec_need(d, cp + 2, 6);
	TL_DEC_PUT(d, ", hw_addr ");
	tl_of_mac(d, cp + 2);
	tl_of_bits32(d, "\n\t config ", cp + 8, tl_of10_ppc, TL_OF10_PPC_U);
	tl_of_bits32(d, "\n\t mask ", cp + 12, tl_of10_ppc, TL_OF10_PPC_U);
	tl_of_bits32(d, "\n\t advertise ", cp + 16, tl_of10_ppf, TL_OF10_PPF_U);
	tl_dec_need(d, cp + 20, 4);
}

/* [OF10] 5.3.4 */
static void tl_of10_queue_get_config_request(struct tl_dec *d, size_t cp, uint32_t len)
{
	(void)len;
	tl_of10_port(d, "\n\t port ", cp);
	tl_dec_need(d, cp + 2, 2);
}

static void tl_of10_queue_get_config_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	tl_of10_port(d, "\n\t port ", cp);
	tl_dec_need(d, cp + 2, 6);
	tl_of10_queues(d, cp + 8, len - 8);
}

/* The frame PACKET_IN and PACKET_OUT carry: tcpdump decodes it at -vvv only. */
static void tl_of10_packet_data(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len == 0)
		return;
	TL_DEC_PUT(d, "\n\t data (");
	tl_dec_u32(d, len);
	TL_DEC_PUT(d, " octets)");
	tl_dec_need(d, cp, len);
}

/* [OF10] 5.3.6 */
static void tl_of10_packet_out(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t buffer_id = tl_dec_be32(d, cp);
	uint16_t actions_len;

	TL_DEC_PUT(d, "\n\t buffer_id ");
	tl_of_hex32(d, buffer_id);
	tl_of10_port(d, ", in_port ", cp + 4);
	actions_len = tl_dec_be16(d, cp + 6);
	cp += 8;
	len -= 8;
	if (actions_len > len) {
		tl_of_invalid(d, cp, len);
		return;
	}
	tl_of10_actions(d, "\n\t ", cp, actions_len);
	tl_of10_packet_data(d, cp + actions_len, len - actions_len);
}

/* [OF10] 5.4.1: the body's minimum counts 2 padding bytes a real message may lack. */
static void tl_of10_packet_in(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t buffer_id = tl_dec_be32(d, cp);
	uint8_t reason;

	TL_DEC_PUT(d, "\n\t buffer_id ");
	if (buffer_id == 0xffffffff)
		TL_DEC_PUT(d, "NONE");
	else
		tl_of_hex32(d, buffer_id);
	tl_of_u16(d, ", total_len ", cp + 4);
	tl_of10_port(d, ", in_port ", cp + 6);
	reason = tl_dec_u8(d, cp + 8);
	TL_DEC_PUT(d, ", reason ");
	tl_of_tok_hex(d, tl_of10_pr, reason, "invalid (", 2);
	tl_dec_need(d, cp + 9, 1);
	tl_of10_packet_data(d, cp + 10, len - 10);
}

/* [OF10] 5.4.2 */
static void tl_of10_flow_removed(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint64_t cookie;
	uint16_t v;
	uint8_t reason;

	(void)len;
	tl_of10_match(d, "\n\t ", cp);
	cp += TL_OF10_MATCH;
	cookie = tl_dec_be64(d, cp);
	TL_DEC_PUT(d, "\n\t cookie ");
	tl_of_hex64(d, cookie);
	if ((v = tl_dec_be16(d, cp + 8))) {
		TL_DEC_PUT(d, ", priority ");
		tl_dec_u32(d, v);
	}
	reason = tl_dec_u8(d, cp + 10);
	TL_DEC_PUT(d, ", reason ");
	tl_of_tok_hex(d, tl_of10_prr, reason, "unknown (", 2);
	tl_of_u32(d, ", duration_sec ", cp + 12);
	tl_of_u32(d, ", duration_nsec ", cp + 16);
	if ((v = tl_dec_be16(d, cp + 20))) {
		TL_DEC_PUT(d, ", idle_timeout ");
		tl_dec_u32(d, v);
	}
	tl_of_u64(d, ", packet_count ", cp + 24);
	tl_of_u64(d, ", byte_count ", cp + 32);
}

/* [OF10] 5.4.3 */
static void tl_of10_port_status(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint8_t reason = tl_dec_u8(d, cp);

	(void)len;
	TL_DEC_PUT(d, "\n\t reason ");
	tl_of_tok_hex(d, tl_of10_ppr, reason, "invalid (", 2);
	tl_of10_phy_port(d, cp + 8);
}

/* [OF10] 5.4.4 */
static void tl_of10_error(struct tl_dec *d, size_t cp, uint32_t len)
{
	tl_of_error(d, cp, len, tl_of10_pet, tl_of10_codes,
		    sizeof(tl_of10_codes) / sizeof(tl_of10_codes[0]));
}

/* [OF10] 5.1-5.5, in type order: PACKET_IN's minimum leaves out its 2 padding bytes. */
static const struct tl_of_type tl_of10_types[] = {
	{ "HELLO", tl_of_data, TL_OF_MIN, 0 },
	{ "ERROR", tl_of10_error, TL_OF_MIN, 4 },
	{ "ECHO_REQUEST", tl_of_data, TL_OF_MIN, 0 },
	{ "ECHO_REPLY", tl_of_data, TL_OF_MIN, 0 },
	{ "VENDOR", tl_of10_vendor_message, TL_OF_MIN, 4 },
	{ "FEATURES_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "FEATURES_REPLY", tl_of10_features_reply, TL_OF_MIN, 24 },
	{ "GET_CONFIG_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "GET_CONFIG_REPLY", tl_of10_switch_config, TL_OF_FIX, 4 },
	{ "SET_CONFIG", tl_of10_switch_config, TL_OF_FIX, 4 },
	{ "PACKET_IN", tl_of10_packet_in, TL_OF_MIN, 10 },
	{ "FLOW_REMOVED", tl_of10_flow_removed, TL_OF_FIX, 80 },
	{ "PORT_STATUS", tl_of10_port_status, TL_OF_FIX, 56 },
	{ "PACKET_OUT", tl_of10_packet_out, TL_OF_MIN, 8 },
	{ "FLOW_MOD", tl_of10_flow_mod, TL_OF_MIN, 64 },
	{ "PORT_MOD", tl_of10_port_mod, TL_OF_FIX, 24 },
	{ "STATS_REQUEST", tl_of10_stats_request, TL_OF_MIN, 4 },
	{ "STATS_REPLY", tl_of10_stats_reply, TL_OF_MIN, 4 },
	{ "BARRIER_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "BARRIER_REPLY", NULL, TL_OF_FIX, 0 },
	{ "QUEUE_GET_CONFIG_REQUEST", tl_of10_queue_get_config_request, TL_OF_FIX, 4 },
	{ "QUEUE_GET_CONFIG_REPLY", tl_of10_queue_get_config_reply, TL_OF_MIN, 8 },
};

const struct tl_of_type *tl_of10_type(uint8_t type)
{
	return type < sizeof(tl_of10_types) / sizeof(tl_of10_types[0]) ? &tl_of10_types[type]
								       : NULL;
}
