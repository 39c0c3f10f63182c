// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: arbitrary segment sequences over a few colliding connections through the
 * relative-sequence table, the Wireshark analysis state machine and the explain/summary layer. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "conn/analysis.h"
#include "out/explain.h"
#include "conn/flow.h"
#include "out/json.h"
#include "out/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes of input per segment; see build_record(). */
#define TL_FZ_STEP 12
/* Connections the input picks from, more than the tables hold so eviction happens. */
#define TL_FZ_CONNS 8

/* Our extension of a flow entry: analysis state and whether it was initialised. */
struct tl_fz_conn {
	struct tl_ana_conn ana;
	bool inited;
};

struct tl_fz_state {
	uint32_t next[TL_FZ_CONNS][2]; /* sequence end last sent by each side */
	int64_t ts_ns;
};

/*
 * One segment from TL_FZ_STEP bytes. Sequence and acknowledgment numbers are deltas from what
 * each side last sent, so the fuzzer reaches in-order, retransmitted, lost and duplicate
 * cases quickly; a flag bit makes them absolute to reach the wrap-around and garbage cases.
 *   b0: connection (bits 0-2), direction (3), IPv6 (4), window-scale option (5), absolute
 *       numbers (6), time steps back (7)
 *   b1: TCP flags; b2-3 seq, b4-5 ack; b6-7 window; b8-9 payload length; b10 scale; b11 ms
 */
static void build_record(struct tl_fz_state *st, struct tl_fz_in *in, struct tl_record *r)
{
	uint8_t b0 = tl_fz_u8(in), fl = tl_fz_u8(in);
	uint16_t ds = tl_fz_u16(in), da = tl_fz_u16(in), win = tl_fz_u16(in);
	uint16_t plen = tl_fz_u16(in);
	uint8_t scale = tl_fz_u8(in), ms = tl_fz_u8(in);
	unsigned int c = b0 & 7, d = (b0 >> 3) & 1;
	bool v6 = b0 & 0x10, ws = b0 & 0x20;
	uint8_t *a = (uint8_t *)r + TL_RECORD_HDR, *o;
	uint32_t alen = v6 ? 32 : 8, olen = ws ? 4 : 0;

	memset(r, 0, TL_RECORD_MAX);
	r->version = TL_RECORD_VERSION;
	r->family = v6 ? 6 : 4;
	r->size = (uint16_t)((TL_RECORD_HDR + alen + olen + 7) & ~7u);
	/* Two connections share each address pair: only the ports tell them apart. */
	if (v6) {
		a[0] = 0xfd;
		a[15] = (uint8_t)(1 + d);
		a[16] = 0xfd;
		a[31] = (uint8_t)(2 - d);
	} else {
		a[0] = 198;
		a[1] = 18;
		a[3] = (uint8_t)(1 + d + (c >> 1) * 2);
		a[4] = 198;
		a[5] = 18;
		a[7] = (uint8_t)(2 - d + (c >> 1) * 2);
	}
	r->sport = d ? 80 : (uint16_t)(40000 + c);
	r->dport = d ? (uint16_t)(40000 + c) : 80;
	if (b0 & 0x40) {
		r->seq = (uint32_t)ds << 16 | da;
		r->ack = (uint32_t)da << 16 | ds;
	} else {
		r->seq = st->next[c][d] + (uint32_t)(int32_t)(int16_t)ds;
		r->ack = st->next[c][!d] + (uint32_t)(int32_t)(int16_t)da;
	}
	st->next[c][d] = r->seq + plen + !!(fl & (TL_TH_SYN | TL_TH_FIN));
	r->doff_byte = (uint8_t)((5 + olen / 4) << 4);
	r->tcp_flags = fl;
	r->window = win;
	r->l4_len = 20 + olen + plen;
	r->l4_caplen = 20 + olen;
	r->opt_len = (uint8_t)olen;
	if (ws) {
		o = a + alen;
		o[0] = 1; /* NOP, then window scale */
		o[1] = 3;
		o[2] = 3;
		o[3] = scale;
	}
	st->ts_ns += (b0 & 0x80 ? -1 : 1) * (int64_t)ms * 1000000;
	r->ts_ns = (uint64_t)st->ts_ns;
}

static void check_result(const struct tl_ana_result *res, uint32_t flags, uint64_t frame)
{
	char label[256];
	int n;

	TL_FZ_ASSERT(flags == res->flags);
	TL_FZ_ASSERT(!(flags & ~0x7fffu));
	for (uint32_t bit = 1; bit <= flags; bit <<= 1)
		if (flags & bit)
			TL_FZ_ASSERT(tl_ana_flag_name(bit));
	/* Wireshark's references point back to earlier frames, never to this one or later. */
	TL_FZ_ASSERT(res->acks_frame < frame);
	TL_FZ_ASSERT(res->dupack_frame < frame);
	TL_FZ_ASSERT(res->rto_frame < frame);
	TL_FZ_ASSERT(!(flags & TL_ANA_DUP_ACK) || res->dupack_num > 0);
	n = tl_ana_label(res, label, sizeof(label));
	TL_FZ_ASSERT(n >= 0 && (size_t)n < sizeof(label) && strlen(label) == (size_t)n);
	TL_FZ_ASSERT(tl_ana_label(res, label, 4) == n && strlen(label) < 4);
}

/* An entry the fuzzer's own table reuses gives its analysis lists back first. */
static void tl_fz_evict(void *ctx, struct tl_flow *f)
{
	struct tl_fz_conn *c = tl_flow_ext(f);

	if (c->inited)
		tl_ana_release(ctx, &c->ana);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_Alignas(8) uint8_t recbuf[TL_RECORD_MAX];
	struct tl_record *r = (struct tl_record *)recbuf;
	struct tl_explain_cfg ec = { .explain = true, .summary = true, .ladder = true };
	struct tl_print_cfg pc = { .tsfmt = TL_TS_SINCE_FIRST };
	struct tl_fz_state st = { .ts_ns = 1700000000000000000ll };
	struct tl_fz_in in = { data, size };
	struct tl_view_cfg vc = { .flows = TL_FZ_CONNS / 2,
				  .relative = true,
				  .analyse = true,
				  .ana_lists = true,
				  .ext_size = tl_explain_ext_size() };
	struct tl_ana_lists lists;
	struct tl_flows *flows;
	struct tl_view *vw;
	struct tl_json *json;
	struct tl_printer *p;
	struct tl_explain *e;
	uint32_t streams = 0;
	uint64_t frame = 0;

	/* Own table of analysis state, to drive tl_ana_segment directly as well. */
	flows = tl_flows_new(TL_FZ_CONNS / 2, sizeof(struct tl_fz_conn));
	vw = tl_view_new(&vc);
	TL_FZ_ASSERT(flows && vw);
	tl_ana_lists_init(&lists);
	tl_flows_on_evict(flows, tl_fz_evict, &lists);
	p = tl_printer_new(&pc, tl_fz_out());
	e = tl_explain_new(&ec, tl_fz_out(), vw);
	json = tl_json_new(tl_fz_out());
	TL_FZ_ASSERT(p && e && json);

	while (in.n >= TL_FZ_STEP) {
		struct tl_ts ts;
		struct tl_segview v;
		struct tl_ana_result res;
		struct tl_fz_conn *c;
		struct tl_flow *f;
		struct tl_seg s;
		uint32_t flags;
		int side;

		build_record(&st, &in, r);
		frame++;
		TL_FZ_ASSERT(tl_fz_ring_accepts(r, sizeof(recbuf)));
		ts.sec = st.ts_ns / 1000000000;
		ts.frac = (uint32_t)((st.ts_ns % 1000000000 + 1000000000) % 1000000000 / 1000);

		/* The outputs' view, as in tcplens; the analysis below has a table of its own. */
		tl_fz_decode(vw, r, &ts, NULL, frame, &v);
		TL_FZ_ASSERT(!tl_print_record(p, &v));
		f = tl_flow_get(flows, r, true, &side);
		TL_FZ_ASSERT(f && (side == 0 || side == 1));
		TL_FZ_ASSERT(tl_flow_get(flows, r, false, &side) == f);
		TL_FZ_ASSERT(tl_flows_count(flows) <= TL_FZ_CONNS / 2);
		c = tl_flow_ext(f);
		TL_FZ_ASSERT(!((uintptr_t)c & 7));
		if (!c->inited) {
			tl_ana_init(&c->ana, streams++);
			c->inited = true;
		}
		if (!tl_seg_from_record(r, frame, &s)) {
			flags = tl_ana_segment(&lists, &c->ana, side, &s, &res);
			check_result(&res, flags, frame);
			if (res.new_conv)
				c->ana.stream = streams++;
		}
		TL_FZ_ASSERT(!tl_explain_segment(e, &v));
		TL_FZ_ASSERT(!tl_json_record(json, &v));
		/* The view analyses exactly what Wireshark would (its table evicts on its own). */
		TL_FZ_ASSERT(v.analysed == !tl_seg_from_record(r, frame, &s));
		TL_FZ_ASSERT(!v.analysed || (v.flow && tl_view_ana(v.flow)->started));
	}
	TL_FZ_ASSERT(!tl_explain_report(e, false));
	TL_FZ_ASSERT(!tl_explain_report(e, true));
	tl_json_free(json);
	tl_explain_free(e);
	tl_printer_free(p);
	tl_view_free(vw);
	tl_flows_free(flows);
	tl_ana_lists_destroy(&lists);
	return 0;
}
