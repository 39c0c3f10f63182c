// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow 1.3's messages at -v and -vv, as print-openflow-1.3.c prints them ([OF13] 7.1-7.5):
 * the fixed-size bodies, HELLO's elements, errors and experimenter data. tcpdump 4.99.3 prints
 * nothing of the variable ones (flows, groups, meters, multipart, packets). */
#include "out/proto/openflow.h"

#define TL_OF13_HELLO_ELEM 4
#define TL_OF13_PORT_NAME  16

static const struct tl_tok tl_of13_capabilities[] = {
	{ 1u << 0, "FLOW_STATS" },   { 1u << 1, "TABLE_STATS" },
	{ 1u << 2, "PORT_STATS" },   { 1u << 3, "GROUP_STATS" },
	{ 1u << 5, "IP_REASM" },     { 1u << 6, "QUEUE_STATS" },
	{ 1u << 8, "PORT_BLOCKED" }, { 0, NULL },
};
#define TL_OF13_CAP_U (~0x16fu)

static const struct tl_tok tl_of13_config[] = {
	{ 0, "FRAG_NORMAL" },
	{ 1, "FRAG_DROP" },
	{ 2, "FRAG_REASM" },
	{ 0, NULL },
};

static const struct tl_tok tl_of13_table_id[] = { { 0xfe, "MAX" }, { 0xff, "ALL" }, { 0, NULL } };

static const struct tl_tok tl_of13_max_len[] = {
	{ 0xffe5, "MAX" },
	{ 0xffff, "NO_BUFFER" },
	{ 0, NULL },
};

static const struct tl_tok tl_of13_ppc[] = {
	{ 1u << 0, "PORT_DOWN" },
	{ 1u << 2, "NO_RECV" },
	{ 1u << 5, "NO_FWD" },
	{ 1u << 6, "NO_PACKET_IN" },
	{ 0, NULL },
};
#define TL_OF13_PPC_U (~0x65u)

static const struct tl_tok tl_of13_pps[] = {
	{ 1u << 0, "LINK_DOWN" },
	{ 1u << 1, "BLOCKED" },
	{ 1u << 2, "LIVE" },
	{ 0, NULL },
};
#define TL_OF13_PPS_U (~7u)

static const struct tl_tok tl_of13_ppf[] = {
	{ 1u << 0, "10MB_HD" },
	{ 1u << 1, "10MB_FD" },
	{ 1u << 2, "100MB_HD" },
	{ 1u << 3, "100MB_FD" },
	{ 1u << 4, "1GB_HD" },
	{ 1u << 5, "1GB_FD" },
	{ 1u << 6, "10GB_FD" },
	{ 1u << 7, "40GB_FD" },
	{ 1u << 8, "100GB_FD" },
	{ 1u << 9, "1TB_FD" },
	{ 1u << 10, "OTHER" },
	{ 1u << 11, "COPPER" },
	{ 1u << 12, "FIBER" },
	{ 1u << 13, "AUTONEG" },
	{ 1u << 14, "PAUSE" },
	{ 1u << 15, "PAUSE_ASYM" },
	{ 0, NULL },
};
#define TL_OF13_PPF_U (~0xffffu)

static const struct tl_tok tl_of13_hello_elem[] = { { 1, "VERSIONBITMAP" }, { 0, NULL } };

static const struct tl_tok tl_of13_ports[] = {
	{ 0xffffff00, "MAX" },	      { 0xfffffff8, "IN_PORT" },
	{ 0xfffffff9, "TABLE" },      { 0xfffffffa, "NORMAL" },
	{ 0xfffffffb, "FLOOD" },      { 0xfffffffc, "ALL" },
	{ 0xfffffffd, "CONTROLLER" }, { 0xfffffffe, "LOCAL" },
	{ 0xffffffff, "ANY" },	      { 0, NULL },
};

static const struct tl_tok tl_of13_roles[] = {
	{ 0, "NOCHANGE" }, { 1, "EQUAL" }, { 2, "MASTER" }, { 3, "SLAVE" }, { 0, NULL },
};

/* HELLO's version bitmap: bit N for wire version N + 1. */
static const struct tl_tok tl_of13_versions[] = {
	{ 1u << 0, "1.0" }, { 1u << 1, "1.1" }, { 1u << 2, "1.2" }, { 1u << 3, "1.3" },
	{ 1u << 4, "1.4" }, { 1u << 5, "1.5" }, { 0, NULL },
};
#define TL_OF13_VERSIONS_U (~0x3fu)

/* The asynchronous messages a controller takes, by reason. */
static const struct tl_tok tl_of13_async_pr[] = {
	{ 1u << 0, "NO_MATCH" },
	{ 1u << 1, "ACTION" },
	{ 1u << 2, "INVALID_TTL" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_async_ppr[] = {
	{ 1u << 0, "ADD" },
	{ 1u << 1, "DELETE" },
	{ 1u << 2, "MODIFY" },
	{ 0, NULL },
};
#define TL_OF13_ASYNC_U (~7u)

static const struct tl_tok tl_of13_ppr[] = {
	{ 0, "ADD" },
	{ 1, "DELETE" },
	{ 2, "MODIFY" },
	{ 0, NULL },
};

static const struct tl_tok tl_of13_pet[] = {
	{ 0, "HELLO_FAILED" },
	{ 1, "BAD_REQUEST" },
	{ 2, "BAD_ACTION" },
	{ 3, "BAD_INSTRUCTION" },
	{ 4, "BAD_MATCH" },
	{ 5, "FLOW_MOD_FAILED" },
	{ 6, "GROUP_MOD_FAILED" },
	{ 7, "PORT_MOD_FAILED" },
	{ 8, "TABLE_MOD_FAILED" },
	{ 9, "QUEUE_OP_FAILED" },
	{ 10, "SWITCH_CONFIG_FAILED" },
	{ 11, "ROLE_REQUEST_FAILED" },
	{ 12, "METER_MOD_FAILED" },
	{ 13, "TABLE_FEATURES_FAILED" },
	{ 0xffff, "EXPERIMENTER" },
	{ 0, NULL },
};

/* Each error type's codes, in type order ([OF13] 7.4.4). */
static const struct tl_tok tl_of13_hfc[] = { { 0, "INCOMPATIBLE" }, { 1, "EPERM" }, { 0, NULL } };
static const struct tl_tok tl_of13_brc[] = {
	{ 0, "BAD_VERSION" },
	{ 1, "BAD_TYPE" },
	{ 2, "BAD_MULTIPART" },
	{ 3, "BAD_EXPERIMENTER" },
	{ 4, "BAD_EXP_TYPE" },
	{ 5, "EPERM" },
	{ 6, "BAD_LEN" },
	{ 7, "BUFFER_EMPTY" },
	{ 8, "BUFFER_UNKNOWN" },
	{ 9, "BAD_TABLE_ID" },
	{ 10, "IS_SLAVE" },
	{ 11, "BAD_PORT" },
	{ 12, "BAD_PACKET" },
	{ 13, "MULTIPART_BUFFER_OVERFLOW" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_bac[] = {
	{ 0, "BAD_TYPE" },
	{ 1, "BAD_LEN" },
	{ 2, "BAD_EXPERIMENTER" },
	{ 3, "BAD_EXP_TYPE" },
	{ 4, "BAD_OUT_PORT" },
	{ 5, "BAD_ARGUMENT" },
	{ 6, "EPERM" },
	{ 7, "TOO_MANY" },
	{ 8, "BAD_QUEUE" },
	{ 9, "BAD_OUT_GROUP" },
	{ 10, "MATCH_INCONSISTENT" },
	{ 11, "UNSUPPORTED_ORDER" },
	{ 12, "BAD_TAG" },
	{ 13, "BAD_SET_TYPE" },
	{ 14, "BAD_SET_LEN" },
	{ 15, "BAD_SET_ARGUMENT" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_bic[] = {
	{ 0, "UNKNOWN_INST" },
	{ 1, "UNSUP_INST" },
	{ 2, "BAD_TABLE_ID" },
	{ 3, "UNSUP_METADATA" },
	{ 4, "UNSUP_METADATA_MASK" },
	{ 5, "BAD_EXPERIMENTER" },
	{ 6, "BAD_EXP_TYPE" },
	{ 7, "BAD_LEN" },
	{ 8, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_bmc[] = {
	{ 0, "BAD_TYPE" },
	{ 1, "BAD_LEN" },
	{ 2, "BAD_TAG" },
	{ 3, "BAD_DL_ADDR_MASK" },
	{ 4, "BAD_NW_ADDR_MASK" },
	{ 5, "BAD_WILDCARDS" },
	{ 6, "BAD_FIELD" },
	{ 7, "BAD_VALUE" },
	{ 8, "BAD_MASK" },
	{ 9, "BAD_PREREQ" },
	{ 10, "DUP_FIELD" },
	{ 11, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_fmfc[] = {
	{ 0, "UNKNOWN" },     { 1, "TABLE_FULL" }, { 2, "BAD_TABLE_ID" },
	{ 3, "OVERLAP" },     { 4, "EPERM" },	   { 5, "BAD_TIMEOUT" },
	{ 6, "BAD_COMMAND" }, { 7, "BAD_FLAGS" },  { 0, NULL },
};
static const struct tl_tok tl_of13_gmfc[] = {
	{ 0, "GROUP_EXISTS" },
	{ 1, "INVALID_GROUP" },
	{ 2, "WEIGHT_UNSUPPORTED" },
	{ 3, "OUT_OF_GROUPS" },
	{ 4, "OUT_OF_BUCKETS" },
	{ 5, "CHAINING_UNSUPPORTED" },
	{ 6, "WATCH_UNSUPPORTED" },
	{ 7, "LOOP" },
	{ 8, "UNKNOWN_GROUP" },
	{ 9, "CHAINED_GROUP" },
	{ 10, "BAD_TYPE" },
	{ 11, "BAD_COMMAND" },
	{ 12, "BAD_BUCKET" },
	{ 13, "BAD_MATCH" },
	{ 14, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_pmfc[] = {
	{ 0, "BAD_PORT" },	{ 1, "BAD_HW_ADDR" }, { 2, "BAD_CONFIG" },
	{ 3, "BAD_ADVERTISE" }, { 4, "EPERM" },	      { 0, NULL },
};
static const struct tl_tok tl_of13_tmfc[] = {
	{ 0, "BAD_TABLE" },
	{ 1, "BAD_CONFIG" },
	{ 2, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_qofc[] = {
	{ 0, "BAD_PORT" },
	{ 1, "BAD_QUEUE" },
	{ 2, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_scfc[] = {
	{ 0, "BAD_FLAGS" },
	{ 1, "BAD_LEN" },
	{ 2, "EPERM" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_rrfc[] = {
	{ 0, "STALE" },
	{ 1, "UNSUP" },
	{ 2, "BAD_ROLE" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_mmfc[] = {
	{ 0, "UNKNOWN" },
	{ 1, "METER_EXISTS" },
	{ 2, "INVALID_METER" },
	{ 3, "UNKNOWN_METER" },
	{ 4, "BAD_COMMAND" },
	{ 5, "BAD_FLAGS" },
	{ 6, "BAD_RATE" },
	{ 7, "BAD_BURST" },
	{ 8, "BAD_BAND" },
	{ 9, "BAD_BAND_VALUE" },
	{ 10, "OUT_OF_METERS" },
	{ 11, "OUT_OF_BANDS" },
	{ 0, NULL },
};
static const struct tl_tok tl_of13_tffc[] = {
	{ 0, "BAD_TABLE" },    { 1, "BAD_METADATA" }, { 2, "BAD_TYPE" }, { 3, "BAD_LEN" },
	{ 4, "BAD_ARGUMENT" }, { 5, "EPERM" },	      { 0, NULL },
};
/* EXPERIMENTER (0xffff) defines no codes. */
static const struct tl_tok *const tl_of13_codes[] = {
	tl_of13_hfc,  tl_of13_brc,  tl_of13_bac,  tl_of13_bic,	tl_of13_bmc,
	tl_of13_fmfc, tl_of13_gmfc, tl_of13_pmfc, tl_of13_tmfc, tl_of13_qofc,
	tl_of13_scfc, tl_of13_rrfc, tl_of13_mmfc, tl_of13_tffc,
};

/* "LABEL" and a 4-byte port number or its name. */
static void tl_of13_port_no(struct tl_dec *d, const char *label, size_t cp)
{
	uint32_t port = tl_dec_be32(d, cp);

	tl_dec_str(d, label);
	tl_dec_tok(d, tl_of13_ports, port, "");
}

/* "LABEL%ukbps" */
static void tl_of13_kbps(struct tl_dec *d, const char *label, size_t cp)
{
	tl_of_u32(d, label, cp);
	TL_DEC_PUT(d, "kbps");
}

/* [OF13] 7.2.1 ofp_port: its name at -v, its state and features at -vv. */
static void tl_of13_port(struct tl_dec *d, size_t cp)
{
	tl_of13_port_no(d, "\n\t  port_no ", cp);
	tl_dec_need(d, cp + 8, 6);
	TL_DEC_PUT(d, ", hw_addr ");
	tl_of_mac(d, cp + 8);
	tl_of_str(d, ", name ", cp + 16, TL_OF13_PORT_NAME);
	cp += 16 + TL_OF13_PORT_NAME;
	if (d->vflag < 2) {
		tl_dec_need(d, cp, 32);
		return;
	}
	tl_of_bits32(d, "\n\t   config ", cp, tl_of13_ppc, TL_OF13_PPC_U);
	tl_of_bits32(d, "\n\t   state ", cp + 4, tl_of13_pps, TL_OF13_PPS_U);
	tl_of_bits32(d, "\n\t   curr ", cp + 8, tl_of13_ppf, TL_OF13_PPF_U);
	tl_of_bits32(d, "\n\t   advertised ", cp + 12, tl_of13_ppf, TL_OF13_PPF_U);
	tl_of_bits32(d, "\n\t   supported ", cp + 16, tl_of13_ppf, TL_OF13_PPF_U);
	tl_of_bits32(d, "\n\t   peer ", cp + 20, tl_of13_ppf, TL_OF13_PPF_U);
	tl_of13_kbps(d, "\n\t   curr_speed ", cp + 24);
	tl_of13_kbps(d, "\n\t   max_speed ", cp + 28);
}

/* [OF13] 7.3.1 */
static void tl_of13_features_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint64_t dpid = tl_dec_be64(d, cp);
	uint8_t b;

	(void)len;
	TL_DEC_PUT(d, "\n\t dpid ");
	tl_of_hex64(d, dpid);
	tl_of_u32(d, ", n_buffers ", cp + 8);
	b = tl_dec_u8(d, cp + 12);
	TL_DEC_PUT(d, ", n_tables ");
	tl_dec_u32(d, b);
	b = tl_dec_u8(d, cp + 13);
	TL_DEC_PUT(d, ", auxiliary_id ");
	tl_dec_u32(d, b);
	tl_of_bits32(d, "\n\t capabilities ", cp + 16, tl_of13_capabilities, TL_OF13_CAP_U);
	tl_dec_need(d, cp + 20, 4);
}

/* [OF13] 7.3.2 GET_CONFIG_REPLY and SET_CONFIG. */
static void tl_of13_switch_config(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint16_t v = tl_dec_be16(d, cp);

	(void)len;
	TL_DEC_PUT(d, "\n\t flags ");
	tl_of_tok_hex(d, tl_of13_config, v, "invalid (", 4);
	v = tl_dec_be16(d, cp + 2);
	TL_DEC_PUT(d, ", miss_send_len ");
	tl_dec_tok(d, tl_of13_max_len, v, "");
}

/* [OF13] 7.3.3 */
static void tl_of13_table_mod(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint8_t table_id = tl_dec_u8(d, cp);
	uint32_t config;

	(void)len;
	TL_DEC_PUT(d, "\n\t table_id ");
	tl_dec_tok(d, tl_of13_table_id, table_id, "");
	config = tl_dec_be32(d, cp + 4);
	TL_DEC_PUT(d, ", config ");
	tl_of_hex32(d, config);
}

/* [OF13] 7.3.9 ROLE_REQUEST and ROLE_REPLY. */
static void tl_of13_role(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t role = tl_dec_be32(d, cp);
	uint64_t generation;

	(void)len;
	TL_DEC_PUT(d, "\n\t role ");
	tl_of_tok_hex(d, tl_of13_roles, role, "invalid (", 8);
	generation = tl_dec_be64(d, cp + 8);
	TL_DEC_PUT(d, ", generation_id ");
	tl_of_hex64(d, generation);
}

/* [OF13] 7.3.10 GET_ASYNC_REPLY and SET_ASYNC: each mask for an equal or master controller
 * ([EM]), then for a slave ([S]). */
static void tl_of13_async(struct tl_dec *d, size_t cp, uint32_t len)
{
	(void)len;
	tl_of_bits32(d, "\n\t packet_in_mask[EM] ", cp, tl_of13_async_pr, TL_OF13_ASYNC_U);
	tl_of_bits32(d, "\n\t packet_in_mask[S] ", cp + 4, tl_of13_async_pr, TL_OF13_ASYNC_U);
	tl_of_bits32(d, "\n\t port_status_mask[EM] ", cp + 8, tl_of13_async_ppr, TL_OF13_ASYNC_U);
	tl_of_bits32(d, "\n\t port_status_mask[S] ", cp + 12, tl_of13_async_ppr, TL_OF13_ASYNC_U);
	/* tcpdump names the flow-removed reasons with the port-status ones */
	tl_of_bits32(d, "\n\t flow_removed_mask[EM] ", cp + 16, tl_of13_async_ppr, TL_OF13_ASYNC_U);
	tl_of_bits32(d, "\n\t flow_removed_mask[S] ", cp + 20, tl_of13_async_ppr, TL_OF13_ASYNC_U);
}

/* [OF13] 7.3.4.3 */
static void tl_of13_port_mod(struct tl_dec *d, size_t cp, uint32_t len)
{
	(void)len;
	tl_of13_port_no(d, "\n\t port_no ", cp);
	tl_dec_need(d, cp + 8, 6);
	TL_DEC_PUT(d, ", hw_addr ");
	tl_of_mac(d, cp + 8);
	tl_of_bits32(d, "\n\t  config ", cp + 16, tl_of13_ppc, TL_OF13_PPC_U);
	tl_of_bits32(d, "\n\t  mask ", cp + 20, tl_of13_ppc, TL_OF13_PPC_U);
	tl_of_bits32(d, "\n\t  advertise ", cp + 24, tl_of13_ppf, TL_OF13_PPF_U);
	tl_dec_need(d, cp + 28, 4);
}

/* [OF13] 7.4.3 */
static void tl_of13_port_status(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint8_t reason = tl_dec_u8(d, cp);
	const char *s = tl_tok(tl_of13_ppr, reason);

	(void)len;
	TL_DEC_PUT(d, "\n\t reason ");
	/* print-openflow-1.3.c's format for an unknown reason lacks its '%': printed as is */
	tl_dec_str(d, s ? s : "invalid (0x02x)");
	tl_of13_port(d, cp + 8);
}

/* [OF13] 7.5.1: only a version bitmap of one word is decoded. */
static void tl_of13_hello(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		uint16_t type, bmlen;
		uint32_t bitmap;

		if (len < TL_OF13_HELLO_ELEM)
			goto invalid;
		type = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, "\n\t type ");
		tl_of_tok_hex(d, tl_of13_hello_elem, type, "unknown (", 4);
		bmlen = tl_dec_be16(d, cp + 2);
		TL_DEC_PUT(d, ", length ");
		tl_dec_u32(d, bmlen);
		cp += 4;
		len -= 4;
		if (bmlen < TL_OF13_HELLO_ELEM || bmlen > TL_OF13_HELLO_ELEM + len)
			goto invalid;
		if (type == 1 && bmlen == TL_OF13_HELLO_ELEM + 4) {
			bitmap = tl_dec_be32(d, cp);
			TL_DEC_PUT(d, ", bitmap ");
			tl_of_hex32(d, bitmap);
			tl_of_bitmap(d, tl_of13_versions, bitmap, TL_OF13_VERSIONS_U);
		} else {
			if (type == 1)
				TL_DEC_PUT(d, " (bogus)");
			tl_dec_need(d, cp, bmlen - TL_OF13_HELLO_ELEM);
		}
		cp += bmlen - TL_OF13_HELLO_ELEM;
		len -= bmlen - TL_OF13_HELLO_ELEM;
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

/* [OF13] 7.5.4 */
static void tl_of13_experimenter(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint32_t experimenter = tl_dec_be32(d, cp), exp_type;

	TL_DEC_PUT(d, "\n\t experimenter ");
	tl_of_hex32(d, experimenter);
	TL_DEC_PUT(d, " (");
	tl_dec_str(d, tl_of_vendor_name(experimenter));
	tl_dec_ch(d, ')');
	exp_type = tl_dec_be32(d, cp + 4);
	TL_DEC_PUT(d, ", exp_type ");
	tl_of_hex32(d, exp_type);
	tl_of_data(d, cp + 8, len - 8);
}

/* [OF13] 7.3.6 */
static void tl_of13_queue_get_config_request(struct tl_dec *d, size_t cp, uint32_t len)
{
	(void)len;
	tl_of13_port_no(d, "\n\t port ", cp);
	tl_dec_need(d, cp + 4, 4);
}

/* [OF13] 7.4.4 */
static void tl_of13_error(struct tl_dec *d, size_t cp, uint32_t len)
{
	tl_of_error(d, cp, len, tl_of13_pet, tl_of13_codes,
		    sizeof(tl_of13_codes) / sizeof(tl_of13_codes[0]));
}

/* [OF13] 7.1-7.5, in type order; types whose bodies tcpdump does not decode take any length. */
static const struct tl_of_type tl_of13_types[] = {
	{ "HELLO", tl_of13_hello, TL_OF_MIN, 0 },
	{ "ERROR", tl_of13_error, TL_OF_MIN, 4 },
	{ "ECHO_REQUEST", tl_of_data, TL_OF_MIN, 0 },
	{ "ECHO_REPLY", tl_of_data, TL_OF_MIN, 0 },
	{ "EXPERIMENTER", tl_of13_experimenter, TL_OF_MIN, 8 },
	{ "FEATURES_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "FEATURES_REPLY", tl_of13_features_reply, TL_OF_FIX, 24 },
	{ "GET_CONFIG_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "GET_CONFIG_REPLY", tl_of13_switch_config, TL_OF_FIX, 4 },
	{ "SET_CONFIG", tl_of13_switch_config, TL_OF_FIX, 4 },
	{ "PACKET_IN", NULL, TL_OF_ANY, 0 },
	{ "FLOW_REMOVED", NULL, TL_OF_ANY, 0 },
	{ "PORT_STATUS", tl_of13_port_status, TL_OF_FIX, 72 },
	{ "PACKET_OUT", NULL, TL_OF_ANY, 0 },
	{ "FLOW_MOD", NULL, TL_OF_ANY, 0 },
	{ "GROUP_MOD", NULL, TL_OF_ANY, 0 },
	{ "PORT_MOD", tl_of13_port_mod, TL_OF_FIX, 32 },
	{ "TABLE_MOD", tl_of13_table_mod, TL_OF_FIX, 8 },
	{ "MULTIPART_REQUEST", NULL, TL_OF_ANY, 0 },
	{ "MULTIPART_REPLY", NULL, TL_OF_ANY, 0 },
	{ "BARRIER_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "BARRIER_REPLY", NULL, TL_OF_FIX, 0 },
	{ "QUEUE_GET_CONFIG_REQUEST", tl_of13_queue_get_config_request, TL_OF_FIX, 8 },
	{ "QUEUE_GET_CONFIG_REPLY", NULL, TL_OF_ANY, 0 },
	{ "ROLE_REQUEST", tl_of13_role, TL_OF_FIX, 16 },
	{ "ROLE_REPLY", tl_of13_role, TL_OF_FIX, 16 },
	{ "GET_ASYNC_REQUEST", NULL, TL_OF_FIX, 0 },
	{ "GET_ASYNC_REPLY", tl_of13_async, TL_OF_FIX, 24 },
	{ "SET_ASYNC", tl_of13_async, TL_OF_FIX, 24 },
	{ "METER_MOD", NULL, TL_OF_ANY, 0 },
};

const struct tl_of_type *tl_of13_type(uint8_t type)
{
	return type < sizeof(tl_of13_types) / sizeof(tl_of13_types[0]) ? &tl_of13_types[type]
								       : NULL;
}
