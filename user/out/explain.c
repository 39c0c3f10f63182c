// SPDX-License-Identifier: GPL-2.0-only
/*
 * The learner's view of TCP: per-connection state, fed one segment at a time, which the
 * plain-words annotation of every segment (explain_tcp.c, explain_app.c), --summary and
 * --ladder read.
 */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/explain_int.h"
#include "out/ladder.h"
#include "out/summary.h"

/* Arrows all connections together may hold for --ladder: 32 MiB. */
#define TL_LADDER_BUDGET (1u << 20)

static const struct tl_conn_rare tl_rare_none;

/* A connection's rare record to read: all zero when it has none. */
const struct tl_conn_rare *tl_rare(const struct tl_explain *e, const struct tl_conn *c)
{
	return c->rare ? tl_slab_at(&e->rare, c->rare) : &tl_rare_none;
}

/* The record of slab s that *h names, made on first use; sink when memory ran out. */
static void *tl_record_w(struct tl_explain *e, struct tl_slab *s, uint32_t *h, void *sink)
{
	if (!*h) {
		*h = tl_slab_alloc(s);
		if (!*h) {
			if (!e->err)
				e->err = -ENOMEM;
			return sink;
		}
	}
	return tl_slab_at(s, *h);
}

/* A connection's rare record to write, made on first use. */
struct tl_conn_rare *tl_rare_w(struct tl_explain *e, struct tl_conn *c)
{
	return tl_record_w(e, &e->rare, &c->rare, &e->rare_sink);
}

static const struct tl_conn_kern tl_kern_none;

/* The kernel's account of a connection's sockets: all zero when none was traced. */
static const struct tl_conn_kern *tl_kern(const struct tl_explain *e, const struct tl_conn *c)
{
	const struct tl_conn_rare *x = tl_rare(e, c);

	return x->kern ? tl_slab_at(&e->kern, x->kern) : &tl_kern_none;
}

/* The same to write, made on the first event of one of its sockets. */
static struct tl_conn_kern *tl_kern_w(struct tl_explain *e, struct tl_conn *c)
{
	struct tl_conn_rare *x = tl_rare_w(e, c);

	if (x == &e->rare_sink)
		return &e->kern_sink;
	return tl_record_w(e, &e->kern, &x->kern, &e->kern_sink);
}

/* A connection is over for us: its ladder and rare records go back. */
static void tl_conn_release(struct tl_explain *e, struct tl_conn *c)
{
	struct tl_conn_rare *x;

	if (!c->rare)
		return;
	x = tl_slab_at(&e->rare, c->rare);
	tl_ladder_free(&x->ladder, &e->ladder_budget);
	tl_slab_release(&e->kern, x->kern);
	tl_slab_release(&e->rare, c->rare);
	c->rare = 0;
}

void tl_say(struct tl_note *nt, const char *fmt, ...)
{
	size_t room;
	va_list ap;
	int w;

	if (!nt)
		return;
	room = sizeof(nt->buf) - nt->n;
	if (room < sizeof(TL_EXPLAIN_MARK) + 2)
		return;
	memcpy(nt->buf + nt->n, TL_EXPLAIN_MARK, sizeof(TL_EXPLAIN_MARK) - 1);
	nt->n += sizeof(TL_EXPLAIN_MARK) - 1;
	room -= sizeof(TL_EXPLAIN_MARK) - 1;
	va_start(ap, fmt);
	/* va_start is the line above; LLVM 14's analyzer loses track of it. */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	w = vsnprintf(nt->buf + nt->n, room - 1, fmt, ap);
	va_end(ap);
	if (w < 0)
		w = 0;
	if ((size_t)w > room - 2)
		w = (int)(room - 2);
	nt->n += (size_t)w;
	nt->buf[nt->n++] = '\n';
}

size_t tl_explain_ext_size(void)
{
	return sizeof(struct tl_conn);
}

static void tl_report_conn(struct tl_explain *e, struct tl_flow *f, bool evicted, bool release)
{
	struct tl_conn *c = tl_flow_ext(f);
	const struct tl_conn_rare *x = tl_rare(e, c);
	struct tl_flow_key k;
	int err = 0;

	if (!c->started)
		return;
	tl_view_key(e->view, f, &k);
	if (e->cfg.summary)
		err = tl_summary_print(e->out, e->cfg.names, &k, c, x, tl_kern(e, c), evicted);
	if (!err && e->cfg.ladder)
		err = tl_ladder_print(e->out, e->cfg.names, &k, c, x->ladder);
	if (release)
		tl_conn_release(e, c);
	if (err && !e->err)
		e->err = err;
}

struct tl_explain *tl_explain_new(const struct tl_explain_cfg *cfg, struct tl_out *out,
				  struct tl_view *view)
{
	struct tl_explain *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->cfg = *cfg;
	e->out = out;
	e->view = view;
	e->ladder_budget = TL_LADDER_BUDGET;
	tl_slab_init(&e->rare, sizeof(struct tl_conn_rare));
	tl_slab_init(&e->kern, sizeof(struct tl_conn_kern));
	return e;
}

void tl_explain_set_own_drops(struct tl_explain *e, uint64_t (*fn)(void *ctx), void *ctx)
{
	e->cfg.own_drops = fn;
	e->cfg.drops_ctx = ctx;
}

static void tl_free_one(void *ctx, struct tl_flow *f)
{
	tl_conn_release(ctx, tl_flow_ext(f));
}

void tl_explain_free(struct tl_explain *e)
{
	if (!e)
		return;
	tl_view_foreach(e->view, tl_free_one, e);
	tl_slab_destroy(&e->rare);
	tl_slab_destroy(&e->kern);
	free(e);
}

/* The receive window a segment advertises in bytes: scaled once both SYNs agreed on it. */
uint32_t tl_scaled_win(const struct tl_conn *c, int side, uint16_t win, bool syn)
{
	/* Signed on purpose: -1 unknown, -2 not used (tcp-analysis.md section 4). */
	int sc = c->ana.dir[side].win_scale; /* NOLINT(bugprone-signed-char-misuse,cert-str34-c) */

	if (syn || sc < 0)
		return win;
	return (uint32_t)win << sc;
}

static void tl_conn_start(struct tl_explain *e, struct tl_conn *c, int64_t t)
{
	/* The analysis state comes first and is the view's; the rest is ours. */
	tl_conn_release(e, c);
	memset(&c->side, 0, sizeof(*c) - offsetof(struct tl_conn, side));
	c->started = 1;
	c->t_first = t;
	/* Until a SYN says otherwise, the side with the higher port (flow side H) is most
	 * likely the client's ephemeral port. */
	c->client = 1;
}

/* Counters for the summary, and the arrow for the ladder. */
static int tl_account(struct tl_explain *e, struct tl_conn *c, int d, const struct tl_seg *s,
		      const struct tl_ana_result *res)
{
	struct tl_side *me = &c->side[d];
	bool syn = s->flags & TL_TH_SYN;
	uint32_t win = tl_scaled_win(c, d, s->win, syn);

	/* the analysis keeps this segment's time as the side's lastack_ts: tl_conn_t_last */
	c->last_side = d & 1;
	me->segs++;
	/* Over 4 GiB a side is rare: the high half waits in the rare record. */
	if (me->bytes_lo + s->seglen < me->bytes_lo)
		tl_rare_w(e, c)->bytes_hi[d]++;
	me->bytes_lo += s->seglen;
	if (tl_ana_is_retrans(res->flags)) {
		struct tl_conn_rare *x = tl_rare_w(e, c);

		x->retrans[d]++;
		x->retrans_bytes[d] += s->seglen;
	}
	if (res->flags & TL_ANA_DUP_ACK)
		tl_rare_w(e, c)->dupacks[d]++;
	if (res->flags & TL_ANA_ZERO_WINDOW)
		tl_rare_w(e, c)->zerowins[d]++;
	if (!(s->flags & TL_TH_RST) && win > me->max_win)
		me->max_win = win;
	/* Past the arrow budget a connection without a diagram gets none: no record for it. */
	if (e->cfg.ladder && (c->rare || e->ladder_budget >= TL_LADDER_FIRST)) {
		struct tl_arrow a = {
			.t_ns = s->ts_ns,
			.seq = s->seq - c->ana.dir[d].base_seq,
			.ack = (s->flags & TL_TH_ACK) ? s->ack - c->ana.dir[!d].base_seq : 0,
			.len = s->seglen,
			.dup_frame = (uint32_t)res->dupack_frame,
			.win = s->win,
			.ana = (uint16_t)res->flags,
			.dup_num = (uint16_t)res->dupack_num,
			.tcp_flags = s->flags,
			.side = (uint8_t)d,
		};

		return tl_ladder_add(&tl_rare_w(e, c)->ladder, &a, &e->ladder_budget);
	}
	return 0;
}

int tl_explain_segment(struct tl_explain *e, const struct tl_segview *v)
{
	const struct tl_seg *s = &v->seg;
	struct tl_ana_result res = v->ana;
	struct tl_note *np;
	struct tl_flow *f = v->flow;
	struct tl_conn *c;
	int d = v->side, err;
	bool first;

	e->nt.n = 0;
	/* A connection the table pushed out for this one is reported after this line. */
	if (v->evicted)
		tl_report_conn(e, v->evicted, true, true);
	/* Segments Wireshark would not analyse (truncated or bogus headers) get no words. */
	if (!v->analysed || e->err)
		return e->err;
	c = tl_flow_ext(f);
	first = !c->started;
	if (first)
		tl_conn_start(e, c, s->ts_ns);
	if (res.new_conv) {
		/* Wireshark starts a new conversation: report the old one, under its number and
		 * with its last times (tl_conn_t_last), which the analysis has just reset. */
		uint32_t stream = c->ana.stream;
		int64_t last[2] = { c->ana.dir[0].lastack_ts, c->ana.dir[1].lastack_ts };

		c->ana.stream = v->prev_stream;
		c->ana.dir[0].lastack_ts = res.prev_lastack_ts[0];
		c->ana.dir[1].lastack_ts = res.prev_lastack_ts[1];
		tl_report_conn(e, f, false, true);
		c->ana.stream = stream;
		c->ana.dir[0].lastack_ts = last[0];
		c->ana.dir[1].lastack_ts = last[1];
		tl_conn_start(e, c, s->ts_ns);
	}
	/* The per-segment counters come first: the words quote the running totals. */
	err = tl_account(e, c, d, s, &res);
	if (err)
		return err;
	/* Without --explain the words are not built, but the state they track is. */
	np = e->cfg.explain ? &e->nt : NULL;
	tl_say_phase(np, e, c, d, v->r, s, first);
	tl_say_flow(np, e, f, c, d, v->r, s, &res, first);
	if (np)
		tl_say_analysis(e, np, f, c, d, s, &res);
	return e->err;
}

void tl_explain_kevent(struct tl_explain *e, const struct tl_kevent *ev)
{
	struct tl_flow *f;
	struct tl_conn *c;
	int side;

	if (!ev->c || !e->cfg.kevents)
		return;
	/* A RST answering a segment no socket took is the kernel's, not a socket's. */
	if (ev->h->kind == TL_EV_RESET && !((const struct tl_ev_reset *)ev->h)->has_sock)
		return;
	f = tl_view_find(e->view, ev->c->family, ev->c->laddr, ev->c->lport, ev->c->raddr,
			 ev->c->rport, &side);
	/* A socket whose segments the hooks did not see (another interface, or its first
	 * state change before its SYN went out) has no connection to add to. */
	if (!f)
		return;
	c = tl_flow_ext(f);
	if (c->started)
		tl_kacct_add(&tl_kern_w(e, c)->side[side], ev);
}

bool tl_explain_traced(const struct tl_explain *e, const struct tl_segview *v)
{
	const struct tl_conn *c;

	if (!v->flow)
		return false;
	c = tl_flow_ext(v->flow);
	return c->started && tl_kern(e, c)->side[v->side].seen;
}

const char *tl_explain_note(const struct tl_explain *e, size_t *len)
{
	*len = e->nt.n;
	return e->nt.buf;
}

size_t tl_explain_comment(const struct tl_explain *e, char *buf, size_t len)
{
	const size_t mark = sizeof(TL_EXPLAIN_MARK) - 1;
	const char *l = e->nt.buf, *end = e->nt.buf + e->nt.n;
	size_t o = 0;

	if (!len)
		return 0;
	while (l < end && o + 1 < len) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));

		nl = nl ? nl + 1 : end;
		if ((size_t)(nl - l) >= mark && !memcmp(l, TL_EXPLAIN_MARK, mark))
			l += mark;
		while (l < nl && o + 1 < len)
			buf[o++] = *l++;
		l = nl;
	}
	while (o && buf[o - 1] == '\n')
		o--;
	buf[o] = '\0';
	return o;
}

/* Table places, not pointers: at the end of a million connections that is 4 MB less. */
struct tl_collect {
	struct tl_view *view;
	uint32_t *v;
	uint32_t n, cap;
};

static void tl_collect_one(void *ctx, struct tl_flow *f)
{
	struct tl_collect *k = ctx;

	if (k->n < k->cap && ((struct tl_conn *)tl_flow_ext(f))->started)
		k->v[k->n++] = tl_view_index(k->view, f);
}

static int tl_by_stream(const void *a, const void *b, void *ctx)
{
	const struct tl_view *vw = ctx;
	const struct tl_conn *x = tl_flow_ext(tl_view_at(vw, *(const uint32_t *)a));
	const struct tl_conn *y = tl_flow_ext(tl_view_at(vw, *(const uint32_t *)b));

	return x->ana.stream < y->ana.stream ? -1 : x->ana.stream > y->ana.stream;
}

int tl_explain_report(struct tl_explain *e, bool final)
{
	struct tl_collect k = { .view = e->view, .cap = tl_view_count(e->view) };
	int err = 0;

	if (!e->cfg.summary && !e->cfg.ladder)
		return 0;
	k.v = calloc(k.cap ? k.cap : 1, sizeof(*k.v));
	if (!k.v)
		return -ENOMEM;
	tl_view_foreach(e->view, tl_collect_one, &k);
	qsort_r(k.v, k.n, sizeof(*k.v), tl_by_stream, e->view);
	for (uint32_t i = 0; i < k.n; i++)
		tl_report_conn(e, tl_view_at(e->view, k.v[i]), false, final);
	free(k.v);
	if (e->cfg.summary)
		err = tl_summary_table(e->out, k.n, tl_view_evictions(e->view));
	return err ? err : e->err;
}
