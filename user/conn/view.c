// SPDX-License-Identifier: GPL-2.0-only
/* Each record decoded once into a segment view, from the one connection table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn/view.h"
#include "log.h"

struct tl_view {
	struct tl_view_cfg cfg;
	struct tl_flows *flows;
	struct tl_ana_lists lists; /* the analysis's unacknowledged-segment lists (analyse) */
	uint32_t next_stream;	   /* Wireshark's tcp.stream: connections in order of first sight */
	bool evicted;		   /* the lookup of this record pushed an entry out */
	bool nomem_said;	   /* an entry could not be made: said once */
	uint8_t *evict_copy;	   /* that entry, preallocated: no allocation per record */
	tl_view_tcp_probe tcp_probe;
	void *tcp_probe_ctx;
};

/* Called from inside the lookup, before the entry is wiped for its new connection. */
static void tl_view_on_evict(void *ctx, struct tl_flow *f)
{
	struct tl_view *vw = ctx;

	/* The copy is for reporting: the lists go back now, while the entry still names them. */
	if (vw->cfg.analyse && vw->cfg.ana_lists)
		tl_ana_release(&vw->lists, tl_view_ana(f));
	memcpy(vw->evict_copy, f, tl_flows_entry_size(vw->flows));
	vw->evicted = true;
}

struct tl_view *tl_view_new(const struct tl_view_cfg *cfg)
{
	struct tl_view *vw = calloc(1, sizeof(*vw));
	size_t ext = cfg->ext_size;

	if (!vw)
		return NULL;
	vw->cfg = *cfg;
	tl_ana_lists_init(&vw->lists);
	if (cfg->analyse && ext < sizeof(struct tl_ana_conn))
		ext = sizeof(struct tl_ana_conn);
	vw->flows = tl_flows_new(cfg->flows, ext);
	if (vw->flows)
		vw->evict_copy = malloc(tl_flows_entry_size(vw->flows));
	if (!vw->flows || !vw->evict_copy) {
		tl_view_free(vw);
		errno = ENOMEM;
		return NULL;
	}
	tl_flows_on_evict(vw->flows, tl_view_on_evict, vw);
	return vw;
}

void tl_view_free(struct tl_view *vw)
{
	if (!vw)
		return;
	tl_flows_free(vw->flows);
	tl_ana_lists_destroy(&vw->lists);
	free(vw->evict_copy);
	free(vw);
}

/*
 * Does tcpdump reach the TCP layer's table step for this record? Not when 4.99.3 stops at an
 * IP length of 0 (a jumbogram's is real), nor when fewer than 20 TCP bytes were captured or
 * the header length is below 20 (tcpdump returns before the step).
 */
static bool tl_tcpdump_steps(const struct tl_record *r, bool len0_as_4993)
{
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4;

	if (len0_as_4993 && (r->flags & TL_RF_LEN0) &&
	    !(r->family == 6 && (r->flags & TL_RF_JUMBO)))
		return false;
	return r->l4_caplen >= 20 && hlen >= 20 && (r->tcp_flags & TL_TH_ACK);
}

void tl_view_set_tcp_probe(struct tl_view *vw, tl_view_tcp_probe fn, void *ctx)
{
	vw->tcp_probe = fn;
	vw->tcp_probe_ctx = ctx;
}

void tl_view_decode(struct tl_view *vw, const struct tl_record *r, const struct tl_capture_meta *m,
		    struct tl_segview *v)
{
	bool step = vw->cfg.relative && !vw->cfg.abs_seq &&
		    tl_tcpdump_steps(r, vw->cfg.len0_as_4993) &&
		    /* Only a frame section can end the line before TCP: no call for the others. */
		    (!(r->flags & TL_RF_FRAME) || !vw->tcp_probe ||
		     vw->tcp_probe(vw->tcp_probe_ctx, r));
	struct tl_ana_conn *ana;

	v->r = r;
	v->m = *m;
	v->flow = NULL;
	v->side = 0;
	v->rel = false;
	v->analysed = vw->cfg.analyse && !tl_seg_from_record(r, m->frame, &v->seg);
	v->evicted = NULL;
	if (!step && !v->analysed)
		return;
	vw->evicted = false;
	v->flow = tl_flow_get(vw->flows, r, true, &v->side);
	if (vw->evicted)
		v->evicted = (struct tl_flow *)vw->evict_copy;
	if (!v->flow) {
		/* Only an IPv6 entry allocates (its addresses): the segment goes untracked. */
		if (!vw->nomem_said)
			tl_err("out of memory for a connection's addresses: its segments print "
			       "absolute numbers and get no analysis (try a smaller --flows)");
		vw->nomem_said = true;
		v->analysed = false;
		return;
	}
	if (step) {
		tl_flow_relseq(v->flow, v->side, r, &v->seqv);
		v->rel = true;
	}
	if (!v->analysed)
		return;
	ana = tl_view_ana(v->flow);
	/* tl_ana_segment marks a conversation started: a zeroed entry is a new one. */
	if (!ana->started)
		tl_ana_init(ana, vw->next_stream++);
	tl_ana_segment(vw->cfg.ana_lists ? &vw->lists : NULL, ana, v->side, &v->seg, &v->ana);
	if (v->ana.new_conv) {
		/* Reused ports: Wireshark starts a new tcp.stream. */
		v->prev_stream = ana->stream;
		ana->stream = vw->next_stream++;
		v->ana.stream = ana->stream;
	}
}

void tl_view_plain(const struct tl_record *r, const struct tl_capture_meta *m, struct tl_segview *v)
{
	memset(v, 0, sizeof(*v));
	v->r = r;
	v->m = *m;
}

struct tl_flow *tl_view_find(struct tl_view *vw, uint8_t family, const uint8_t *src, uint16_t sport,
			     const uint8_t *dst, uint16_t dport, int *side)
{
	return tl_flow_find(vw->flows, family, src, sport, dst, dport, side);
}

void tl_view_key(const struct tl_view *vw, const struct tl_flow *f, struct tl_flow_key *k)
{
	tl_flows_key(vw->flows, f, k);
}

void tl_view_foreach(struct tl_view *vw, tl_flow_evict_fn fn, void *ctx)
{
	tl_flows_foreach(vw->flows, fn, ctx);
}

uint32_t tl_view_count(const struct tl_view *vw)
{
	return tl_flows_count(vw->flows);
}

uint32_t tl_view_index(const struct tl_view *vw, const struct tl_flow *f)
{
	return tl_flows_index(vw->flows, f);
}

struct tl_flow *tl_view_at(const struct tl_view *vw, uint32_t idx)
{
	return tl_flows_at(vw->flows, idx);
}

uint64_t tl_view_evictions(const struct tl_view *vw)
{
	return tl_flows_evictions(vw->flows);
}
