// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow (ports 6633, 6653): each message's header line, as print-openflow.c prints them
 * without -v, with its length checks per message type (OpenFlow 1.0 and 1.3). */
#include "out/proto/proto.h"

#define TL_OF_HEADER  8
#define TL_OF_VER_1_0 0x01
#define TL_OF_VER_1_3 0x04

enum { TL_OF_ANY, TL_OF_FIX, TL_OF_MIN };

/* A message type: its name, the body-length rule and, for -v, whether a decoder exists. */
struct tl_of_type {
	const char *name;
	uint8_t rule;
	uint8_t body; /* body bytes (total minus the 8-byte header) the rule compares with */
	bool decoder;
};

/* [OF10] 5.1-5.5, in type order. */
static const struct tl_of_type tl_of10[] = {
	{ "HELLO", TL_OF_MIN, 0, true },
	{ "ERROR", TL_OF_MIN, 4, true },
	{ "ECHO_REQUEST", TL_OF_MIN, 0, true },
	{ "ECHO_REPLY", TL_OF_MIN, 0, true },
	{ "VENDOR", TL_OF_MIN, 4, true },
	{ "FEATURES_REQUEST", TL_OF_FIX, 0, false },
	{ "FEATURES_REPLY", TL_OF_MIN, 24, true },
	{ "GET_CONFIG_REQUEST", TL_OF_FIX, 0, false },
	{ "GET_CONFIG_REPLY", TL_OF_FIX, 4, true },
	{ "SET_CONFIG", TL_OF_FIX, 4, true },
	/* PACKET_IN's 20 bytes count 2 padding bytes a real message may lack */
	{ "PACKET_IN", TL_OF_MIN, 10, true },
	{ "FLOW_REMOVED", TL_OF_FIX, 80, true },
	{ "PORT_STATUS", TL_OF_FIX, 56, true },
	{ "PACKET_OUT", TL_OF_MIN, 8, true },
	{ "FLOW_MOD", TL_OF_MIN, 64, true },
	{ "PORT_MOD", TL_OF_FIX, 24, true },
	{ "STATS_REQUEST", TL_OF_MIN, 4, true },
	{ "STATS_REPLY", TL_OF_MIN, 4, true },
	{ "BARRIER_REQUEST", TL_OF_FIX, 0, false },
	{ "BARRIER_REPLY", TL_OF_FIX, 0, false },
	{ "QUEUE_GET_CONFIG_REQUEST", TL_OF_FIX, 4, true },
	{ "QUEUE_GET_CONFIG_REPLY", TL_OF_MIN, 8, true },
};

/* [OF13] 7.1-7.5, in type order. */
static const struct tl_of_type tl_of13[] = {
	{ "HELLO", TL_OF_MIN, 0, true },
	{ "ERROR", TL_OF_MIN, 4, true },
	{ "ECHO_REQUEST", TL_OF_MIN, 0, true },
	{ "ECHO_REPLY", TL_OF_MIN, 0, true },
	{ "EXPERIMENTER", TL_OF_MIN, 8, true },
	{ "FEATURES_REQUEST", TL_OF_FIX, 0, false },
	{ "FEATURES_REPLY", TL_OF_FIX, 24, true },
	{ "GET_CONFIG_REQUEST", TL_OF_FIX, 0, false },
	{ "GET_CONFIG_REPLY", TL_OF_FIX, 4, true },
	{ "SET_CONFIG", TL_OF_FIX, 4, true },
	{ "PACKET_IN", TL_OF_ANY, 0, false },
	{ "FLOW_REMOVED", TL_OF_ANY, 0, false },
	{ "PORT_STATUS", TL_OF_FIX, 72, true },
	{ "PACKET_OUT", TL_OF_ANY, 0, false },
	{ "FLOW_MOD", TL_OF_ANY, 0, false },
	{ "GROUP_MOD", TL_OF_ANY, 0, false },
	{ "PORT_MOD", TL_OF_FIX, 32, true },
	{ "TABLE_MOD", TL_OF_FIX, 8, true },
	{ "MULTIPART_REQUEST", TL_OF_ANY, 0, false },
	{ "MULTIPART_REPLY", TL_OF_ANY, 0, false },
	{ "BARRIER_REQUEST", TL_OF_FIX, 0, false },
	{ "BARRIER_REPLY", TL_OF_FIX, 0, false },
	{ "QUEUE_GET_CONFIG_REQUEST", TL_OF_FIX, 8, true },
	{ "QUEUE_GET_CONFIG_REPLY", TL_OF_ANY, 0, false },
	{ "ROLE_REQUEST", TL_OF_FIX, 16, true },
	{ "ROLE_REPLY", TL_OF_FIX, 16, true },
	{ "GET_ASYNC_REQUEST", TL_OF_FIX, 0, false },
	{ "GET_ASYNC_REPLY", TL_OF_FIX, 24, true },
	{ "SET_ASYNC", TL_OF_FIX, 24, true },
	{ "METER_MOD", TL_OF_ANY, 0, false },
};

static const struct tl_tok tl_of_versions[] = {
	{ 1, "1.0" }, { 2, "1.1" }, { 3, "1.2" }, { 4, "1.3" },
	{ 5, "1.4" }, { 6, "1.5" }, { 0, NULL },
};

static const struct tl_of_type *tl_of_type(uint8_t version, uint8_t type)
{
	if (version == TL_OF_VER_1_0 && type < sizeof(tl_of10) / sizeof(tl_of10[0]))
		return &tl_of10[type];
	if (version == TL_OF_VER_1_3 && type < sizeof(tl_of13) / sizeof(tl_of13[0]))
		return &tl_of13[type];
	return NULL;
}

/* The message bodies print-openflow-1.0.c and -1.3.c decode at -v are not written here. */
bool tl_dec_openflow_done(const struct tl_dec *d)
{
	return !d->vflag;
}

/*
 * openflow_print() without -v: per message "\n\tversion V, type T, length L, xid X", a body
 * whose length breaks its type's rule " (invalid)", and the body must be captured. A header
 * cut by the end of the segment says so.
 */
void tl_dec_openflow(struct tl_dec *d, uint32_t len)
{
	const struct tl_of_type *t;
	size_t cp = 0;
	uint8_t version, type;
	uint16_t length, body;
	uint32_t xid;

	d->proto = "openflow";
	TL_DEC_PUT(d, ": OpenFlow");
	while (len) {
		const char *name;

		version = tl_dec_u8(d, cp);
		cp++;
		len--;
		TL_DEC_PUT(d, "\n\tversion ");
		name = tl_tok(tl_of_versions, version);
		if (name) {
			tl_dec_str(d, name);
		} else {
			TL_DEC_PUT(d, "unknown (0x");
			tl_dec_hex2(d, version);
			tl_dec_ch(d, ')');
		}
		if (len < 1)
			goto partial;
		type = tl_dec_u8(d, cp);
		cp++;
		len--;
		t = tl_of_type(version, type);
		if (t) {
			TL_DEC_PUT(d, ", type ");
			tl_dec_str(d, t->name);
		} else {
			TL_DEC_PUT(d, ", type unknown (0x");
			tl_dec_hex2(d, type);
			tl_dec_ch(d, ')');
		}
		if (len < 2)
			goto partial;
		length = tl_dec_be16(d, cp);
		cp += 2;
		len -= 2;
		TL_DEC_PUT(d, ", length ");
		tl_dec_u32(d, length);
		if (length < TL_OF_HEADER)
			TL_DEC_PUT(d, " (too short!)");
		if (len < 4)
			goto partial;
		xid = tl_dec_be32(d, cp);
		TL_DEC_PUT(d, ", xid 0x");
		tl_dec_hexw(d, xid, 8);
		cp += 4;
		len -= 4;
		if (length < TL_OF_HEADER) {
			TL_DEC_PUT(d, " (invalid)");
			tl_dec_need(d, cp, len);
			return;
		}
		body = (uint16_t)(length - TL_OF_HEADER);
		if (t && ((t->rule == TL_OF_FIX && body != t->body) ||
			  (t->rule == TL_OF_MIN && body < t->body)))
			TL_DEC_PUT(d, " (invalid)");
		tl_dec_need(d, cp, body);
		if (body > len)
			break;
		cp += body;
		len -= body;
	}
	return;
partial:
	TL_DEC_PUT(d, " (end of TCP payload)");
	tl_dec_need(d, cp, len);
}
