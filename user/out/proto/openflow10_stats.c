// SPDX-License-Identifier: GPL-2.0-only
/* OpenFlow 1.0's STATS_REQUEST and STATS_REPLY bodies, as print-openflow-1.0.c prints them
 * ([OF10] 5.3.5): a reply's entries at -v, a port's counters at -vv. */
#include "out/proto/openflow.h"
#include "out/proto/openflow10.h"

/* Body and field lengths of [OF10] 5.3.5. */
#define TL_OF10_DESC	    1056
#define TL_OF10_FLOW_REQ    44
#define TL_OF10_FLOW_STATS  88
#define TL_OF10_AGGREGATE   24
#define TL_OF10_TABLE_STATS 64
#define TL_OF10_PORT_REQ    8
#define TL_OF10_PORT_STATS  104
#define TL_OF10_QUEUE_REQ   8
#define TL_OF10_QUEUE_STATS 32
#define TL_OF10_DESC_STR    256
#define TL_OF10_SERIAL_NUM  32
#define TL_OF10_TABLE_NAME  32

#define TL_OFPST_DESC	   0
#define TL_OFPST_FLOW	   1
#define TL_OFPST_AGGREGATE 2
#define TL_OFPST_TABLE	   3
#define TL_OFPST_PORT	   4
#define TL_OFPST_QUEUE	   5
#define TL_OFPST_VENDOR	   0xffff

static const struct tl_tok tl_of10_pst[] = {
	{ TL_OFPST_DESC, "DESC" },	     { TL_OFPST_FLOW, "FLOW" },
	{ TL_OFPST_AGGREGATE, "AGGREGATE" }, { TL_OFPST_TABLE, "TABLE" },
	{ TL_OFPST_PORT, "PORT" },	     { TL_OFPST_QUEUE, "QUEUE" },
	{ TL_OFPST_VENDOR, "VENDOR" },	     { 0, NULL },
};

static const struct tl_tok tl_of10_table_id[] = { { 0xfe, "EMERG" }, { 0xff, "ALL" }, { 0, NULL } };

static const struct tl_tok tl_of10_psf_reply[] = { { 1, "MORE" }, { 0, NULL } };

/* [OF10] 5.3.5 */
void tl_of10_stats_request(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint16_t type = tl_dec_be16(d, cp), flags;
	uint32_t queue_id;
	uint8_t table_id;

	TL_DEC_PUT(d, "\n\t type ");
	tl_of_tok_hex(d, tl_of10_pst, type, "invalid (", 4);
	flags = tl_dec_be16(d, cp + 2);
	TL_DEC_PUT(d, ", flags 0x");
	tl_dec_hexw(d, flags, 4);
	if (flags)
		TL_DEC_PUT(d, " (bogus)");
	cp += 4;
	len -= 4;
	switch (type) {
	case TL_OFPST_DESC:
	case TL_OFPST_TABLE:
		if (len)
			goto invalid;
		return;
	case TL_OFPST_FLOW:
	case TL_OFPST_AGGREGATE:
		if (len != TL_OF10_FLOW_REQ)
			goto invalid;
		tl_of10_match(d, "\n\t ", cp);
		table_id = tl_dec_u8(d, cp + TL_OF10_MATCH);
		TL_DEC_PUT(d, "\n\t table_id ");
		tl_dec_tok(d, tl_of10_table_id, table_id, "");
		tl_of10_port(d, ", out_port ", cp + TL_OF10_MATCH + 2);
		return;
	case TL_OFPST_PORT:
		if (len != TL_OF10_PORT_REQ)
			goto invalid;
		tl_of10_port(d, "\n\t port_no ", cp);
		tl_dec_need(d, cp + 2, 6);
		return;
	case TL_OFPST_QUEUE:
		if (len != TL_OF10_QUEUE_REQ)
			goto invalid;
		tl_of10_port(d, "\n\t port_no ", cp);
		queue_id = tl_dec_be32(d, cp + 4);
		TL_DEC_PUT(d, ", queue_id ");
		if (queue_id == 0xffffffff)
			TL_DEC_PUT(d, "ALL");
		else
			tl_dec_u32(d, queue_id);
		return;
	case TL_OFPST_VENDOR:
		tl_of10_vendor_data(d, cp, len);
		return;
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

static void tl_of10_desc_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len != TL_OF10_DESC) {
		tl_of_invalid(d, cp, len);
		return;
	}
	tl_of_str(d, "\n\t  mfr_desc ", cp, TL_OF10_DESC_STR);
	tl_of_str(d, "\n\t  hw_desc ", cp + 256, TL_OF10_DESC_STR);
	tl_of_str(d, "\n\t  sw_desc ", cp + 512, TL_OF10_DESC_STR);
	tl_of_str(d, "\n\t  serial_num ", cp + 768, TL_OF10_SERIAL_NUM);
	tl_of_str(d, "\n\t  dp_desc ", cp + 800, TL_OF10_DESC_STR);
}

static void tl_of10_flow_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		uint16_t entry_len;
		uint8_t table_id;
		uint64_t cookie;

		if (len < TL_OF10_FLOW_STATS)
			goto invalid;
		entry_len = tl_dec_be16(d, cp);
		TL_DEC_PUT(d, "\n\t length ");
		tl_dec_u32(d, entry_len);
		if (entry_len < TL_OF10_FLOW_STATS || entry_len > len)
			goto invalid;
		table_id = tl_dec_u8(d, cp + 2);
		TL_DEC_PUT(d, ", table_id ");
		tl_dec_tok(d, tl_of10_table_id, table_id, "");
		tl_of10_match(d, "\n\t  ", cp + 4);
		cp += 4 + TL_OF10_MATCH;
		tl_of_u32(d, "\n\t  duration_sec ", cp);
		tl_of_u32(d, ", duration_nsec ", cp + 4);
		tl_of_u16(d, ", priority ", cp + 8);
		tl_of_u16(d, ", idle_timeout ", cp + 10);
		tl_of_u16(d, ", hard_timeout ", cp + 12);
		cookie = tl_dec_be64(d, cp + 20);
		TL_DEC_PUT(d, ", cookie ");
		tl_of_hex64(d, cookie);
		tl_of_u64(d, ", packet_count ", cp + 28);
		tl_of_u64(d, ", byte_count ", cp + 36);
		cp += 44;
		len -= TL_OF10_FLOW_STATS;
		tl_of10_actions(d, "\n\t  ", cp, entry_len - TL_OF10_FLOW_STATS);
		cp += entry_len - TL_OF10_FLOW_STATS;
		len -= entry_len - TL_OF10_FLOW_STATS;
	}
	return;
invalid:
	tl_of_invalid(d, cp, len);
}

static void tl_of10_aggregate_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	if (len != TL_OF10_AGGREGATE) {
		tl_of_invalid(d, cp, len);
		return;
	}
	tl_of_u64(d, "\n\t packet_count ", cp);
	tl_of_u64(d, ", byte_count ", cp + 8);
	tl_of_u32(d, ", flow_count ", cp + 16);
	tl_dec_need(d, cp + 20, 4);
}

static void tl_of10_table_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		uint8_t table_id;

		if (len < TL_OF10_TABLE_STATS) {
			tl_of_invalid(d, cp, len);
			return;
		}
		table_id = tl_dec_u8(d, cp);
		TL_DEC_PUT(d, "\n\t table_id ");
		tl_dec_tok(d, tl_of10_table_id, table_id, "");
		tl_of_str(d, ", name ", cp + 4, TL_OF10_TABLE_NAME);
		cp += 4 + TL_OF10_TABLE_NAME;
		tl_of_bits32(d, "\n\t  wildcards ", cp, tl_of10_wildcard_bits, TL_OF10_PFW_U);
		tl_of_u32(d, "\n\t  max_entries ", cp + 4);
		tl_of_u32(d, ", active_count ", cp + 8);
		tl_of_u64(d, ", lookup_count ", cp + 12);
		tl_of_u64(d, ", matched_count ", cp + 20);
		cp += 28;
		len -= TL_OF10_TABLE_STATS;
	}
}

/* Port counters, in ofp_port_stats order after port_no and its padding: -vv only. */
static const char *const tl_of10_port_counters[] = {
	", rx_packets ",   ", tx_packets ",  ", rx_bytes ",   ", tx_bytes ",
	", rx_dropped ",   ", tx_dropped ",  ", rx_errors ",  ", tx_errors ",
	", rx_frame_err ", ", rx_over_err ", ", rx_crc_err ", ", collisions ",
};

static void tl_of10_port_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		if (len < TL_OF10_PORT_STATS) {
			tl_of_invalid(d, cp, len);
			return;
		}
		tl_of10_port(d, "\n\t  port_no ", cp);
		if (d->vflag < 2) {
			tl_dec_need(d, cp + 2, TL_OF10_PORT_STATS - 2);
		} else {
			for (size_t i = 0; i < 12; i++)
				tl_of_u64(d, tl_of10_port_counters[i], cp + 8 + 8 * i);
		}
		cp += TL_OF10_PORT_STATS;
		len -= TL_OF10_PORT_STATS;
	}
}

static void tl_of10_queue_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	while (len) {
		if (len < TL_OF10_QUEUE_STATS) {
			tl_of_invalid(d, cp, len);
			return;
		}
		tl_of10_port(d, "\n\t  port_no ", cp);
		tl_of_u32(d, ", queue_id ", cp + 4);
		tl_of_u64(d, ", tx_bytes ", cp + 8);
		tl_of_u64(d, ", tx_packets ", cp + 16);
		tl_of_u64(d, ", tx_errors ", cp + 24);
		cp += TL_OF10_QUEUE_STATS;
		len -= TL_OF10_QUEUE_STATS;
	}
}

void tl_of10_stats_reply(struct tl_dec *d, size_t cp, uint32_t len)
{
	uint16_t type = tl_dec_be16(d, cp), flags;

	TL_DEC_PUT(d, "\n\t type ");
	tl_of_tok_hex(d, tl_of10_pst, type, "invalid (", 4);
	flags = tl_dec_be16(d, cp + 2);
	TL_DEC_PUT(d, ", flags 0x");
	tl_dec_hexw(d, flags, 4);
	tl_of_bitmap(d, tl_of10_psf_reply, flags, ~1u);
	cp += 4;
	len -= 4;
	switch (type) {
	case TL_OFPST_DESC:
		tl_of10_desc_stats_reply(d, cp, len);
		return;
	case TL_OFPST_FLOW:
		tl_of10_flow_stats_reply(d, cp, len);
		return;
	case TL_OFPST_AGGREGATE:
		tl_of10_aggregate_stats_reply(d, cp, len);
		return;
	case TL_OFPST_TABLE:
		tl_of10_table_stats_reply(d, cp, len);
		return;
	case TL_OFPST_PORT:
		tl_of10_port_stats_reply(d, cp, len);
		return;
	case TL_OFPST_QUEUE:
		tl_of10_queue_stats_reply(d, cp, len);
		return;
	case TL_OFPST_VENDOR:
		tl_of10_vendor_data(d, cp, len);
		return;
	}
	tl_dec_need(d, cp, len);
}
