// SPDX-License-Identifier: GPL-2.0-only
/* The learner's view of TCP: per-connection state and a plain-words annotation of every segment. */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/explain.h"
#include "out/i18n.h"
#include "conn/tcp.h"
#include "conn/tcpopt.h"
#include "out/ladder.h"
#include "out/proto/app.h"
#include "out/story.h"
#include "out/summary.h"

/* Arrows all connections together may hold for --ladder: 32 MiB. */
#define TL_LADDER_BUDGET (1u << 20)

/* The annotation lines of one segment, written in one go after the tcpdump line. A NULL note
 * (no --explain) is accepted everywhere and says nothing. */
struct tl_note {
	char buf[4096];
	size_t n;
};

struct tl_explain {
	struct tl_explain_cfg cfg;
	struct tl_out *out; /* reports: --summary and --ladder */
	struct tl_view *view;
	uint64_t ladder_budget;
	int err;		       /* first output error seen while reporting */
	struct tl_slab rare;	       /* the connections' struct tl_conn_rare records */
	struct tl_conn_rare rare_sink; /* written instead when memory ran out (err is set) */
	struct tl_conn_words scratch;  /* written instead without --explain: nobody reads it */
	struct tl_note nt;	       /* the last segment's annotation */
};

static const struct tl_conn_rare tl_rare_none;

/* A connection's rare record to read: all zero when it has none. */
static const struct tl_conn_rare *tl_rare(const struct tl_explain *e, const struct tl_conn *c)
{
	return c->rare ? tl_slab_at(&e->rare, c->rare) : &tl_rare_none;
}

/* A connection's rare record to write, made on first use. */
static struct tl_conn_rare *tl_rare_w(struct tl_explain *e, struct tl_conn *c)
{
	if (!c->rare) {
		c->rare = tl_slab_alloc(&e->rare);
		if (!c->rare) {
			if (!e->err)
				e->err = -ENOMEM;
			return &e->rare_sink;
		}
	}
	return tl_slab_at(&e->rare, c->rare);
}

static struct tl_conn_words *tl_words(struct tl_explain *e, struct tl_conn *c)
{
	return e->cfg.explain ? (struct tl_conn_words *)(c + 1) : &e->scratch;
}

/* A connection is over for us: its ladder and rare record go back. */
static void tl_conn_release(struct tl_explain *e, struct tl_conn *c)
{
	if (!c->rare)
		return;
	tl_ladder_free(&((struct tl_conn_rare *)tl_slab_at(&e->rare, c->rare))->ladder,
		       &e->ladder_budget);
	tl_slab_release(&e->rare, c->rare);
	c->rare = 0;
}

static void tl_say(struct tl_note *nt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tl_say(struct tl_note *nt, const char *fmt, ...)
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

size_t tl_explain_ext_size(const struct tl_explain_cfg *cfg)
{
	_Static_assert(sizeof(struct tl_conn) % 8 == 0, "the words follow, 8-byte aligned");
	return sizeof(struct tl_conn) + (cfg->explain ? sizeof(struct tl_conn_words) : 0);
}

static const char *tl_ordinal_role(const struct tl_conn *c, int side)
{
	return side == c->client ? _("the client") : _("the server");
}

/* Numbers as tcpdump printed them: relative to the bases of its table when it keeps one. */
static uint32_t tl_rel(const struct tl_flow *f, const struct tl_conn *c, int side, uint32_t v)
{
	return v - (f->rel_valid ? f->dir[side].rel_base : c->ana.dir[side].base_seq);
}

static double tl_ms(int64_t ns)
{
	return (double)ns / 1e6;
}

static void tl_report_conn(struct tl_explain *e, struct tl_flow *f, bool evicted, bool release)
{
	struct tl_conn *c = tl_flow_ext(f);
	const struct tl_conn_rare *x = tl_rare(e, c);
	int err = 0;

	if (!c->started)
		return;
	if (e->cfg.summary)
		err = tl_summary_print(e->out, e->cfg.names, f, c, x, evicted);
	if (!err && e->cfg.ladder)
		err = tl_ladder_print(e->out, e->cfg.names, f, c, x->ladder);
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
	free(e);
}

/* What the SYN's options offer, in plain words. */
static void tl_say_syn_options(struct tl_note *nt, const struct tl_record *r)
{
	struct tl_opt_iter it;
	struct tl_opt opt;
	char words[512];
	size_t n = 0;

	if (!nt)
		return;
	words[0] = '\0';
	tl_opt_begin(&it, r);
	while (n < sizeof(words) - 128 && tl_opt_next(&it, &opt)) {
		const uint8_t kind = opt.kind, olen = opt.len, *b = opt.body;
		/* TRANSLATORS: separates the options of a SYN in one sentence. */
		const char *sep = n ? _("; ") : "";
		int w = 0;

		if (kind == 2 && olen == 4) {
			w = snprintf(words + n, sizeof(words) - n,
				     _("%sMSS %u (the largest segment payload it will accept)"),
				     sep, (unsigned)tl_be16(b));
		} else if (kind == 3 && olen == 3) {
			unsigned int sh = b[0] > 14 ? 14 : b[0];

			w = snprintf(words + n, sizeof(words) - n,
				     _("%swindow scale %u (its later windows count in units of %u "
				       "bytes, if both sides offer scaling)"),
				     sep, b[0], 1u << sh);
		} else if (kind == 4 && olen == 2) {
			w = snprintf(
				words + n, sizeof(words) - n,
				_("%sSACK permitted (it can report blocks received after a gap)"),
				sep);
		} else if (kind == 8 && olen == 10) {
			w = snprintf(words + n, sizeof(words) - n,
				     _("%stimestamps (for RTT measurement and protection against "
				       "wrapped sequence numbers)"),
				     sep);
		}
		if (w > 0)
			n += (size_t)w < sizeof(words) - n ? (size_t)w : sizeof(words) - n - 1;
	}
	if (n)
		tl_say(nt, _("options: %s"), words);
	tl_say(nt, _("window %u: the window of a SYN is never scaled"), r->window);
}

/* The receive window a segment advertises in bytes: scaled once both SYNs agreed on it. */
static uint32_t tl_scaled_win(const struct tl_conn *c, int side, uint16_t win, bool syn)
{
	/* Signed on purpose: -1 unknown, -2 not used (tcp-analysis.md section 4). */
	int sc = c->ana.dir[side].win_scale; /* NOLINT(bugprone-signed-char-misuse,cert-str34-c) */

	if (syn || sc < 0)
		return win;
	return (uint32_t)win << sc;
}

static void tl_say_window(struct tl_note *nt, const struct tl_conn *c, int side,
			  const struct tl_record *r)
{
	int sc = c->ana.dir[side].win_scale; /* NOLINT(bugprone-signed-char-misuse,cert-str34-c) */

	if (!nt)
		return;
	if (sc >= 0)
		tl_say(nt,
		       _("window %u x %u (window scale %d) = %u bytes the %s can still receive"),
		       r->window, 1u << sc, sc, (uint32_t)r->window << sc, tl_role(c, side));
	else if (sc == -2)
		tl_say(nt,
		       _("window %u bytes the %s can still receive (no window scaling: not "
			 "offered by both sides)"),
		       r->window, tl_role(c, side));
}

/* Wireshark's analysis flags of the segment: its label, then what it means. */
static void tl_say_analysis(struct tl_explain *e, struct tl_note *nt, const struct tl_flow *f,
			    const struct tl_conn *c, int d, const struct tl_seg *s,
			    const struct tl_ana_result *res)
{
	const char *me = tl_ordinal_role(c, d), *peer = tl_ordinal_role(c, !d);

	for (size_t i = 0; i < TL_ANA_NFLAGS; i++) {
		struct tl_ana_result one = *res;
		char label[64];

		if (!(res->flags & tl_ana_flag_order[i]))
			continue;
		one.flags = tl_ana_flag_order[i];
		tl_ana_label(&one, label, sizeof(label));
		switch (tl_ana_flag_order[i]) {
		case TL_ANA_REUSED_PORTS:
			tl_say(nt,
			       _("%s a new connection with the same addresses and ports as an "
				 "earlier one in this trace (another ISN): counting starts "
				 "again"),
			       label);
			break;
		case TL_ANA_RETRANSMISSION:
			if (res->rto_frame)
				tl_say(nt,
				       _("%s %s sends again bytes it had already sent (frame "
					 "%llu, %.3f ms earlier): lost, or not acknowledged in "
					 "time"),
				       label, me, (unsigned long long)res->rto_frame,
				       tl_ms(res->rto_ns));
			else
				tl_say(nt,
				       _("%s %s sends again bytes it had already sent: lost, or "
					 "not acknowledged in time"),
				       label, me);
			break;
		case TL_ANA_FAST_RETRANSMISSION:
			tl_say(nt,
			       _("%s %s resends the segment %s keeps asking for with duplicate "
				 "ACKs, without waiting for its retransmission timer"),
			       label, me, peer);
			break;
		case TL_ANA_SPURIOUS_RETRANSMISSION:
			tl_say(nt,
			       _("%s %s resends bytes %s had already acknowledged: this "
				 "retransmission was not needed"),
			       label, me, peer);
			break;
		case TL_ANA_OUT_OF_ORDER:
			tl_say(nt,
			       _("%s this segment comes after segments with higher sequence "
				 "numbers, within one round trip: reordered on the way"),
			       label);
			break;
		case TL_ANA_LOST_SEGMENT:
			tl_say(nt,
			       _("%s a gap before this segment: %s sent bytes this capture did "
				 "not see (lost before the capture point, or not captured)"),
			       label, me);
			if (e->cfg.own_drops) {
				uint64_t lost = e->cfg.own_drops(e->cfg.drops_ctx);

				if (lost)
					tl_say(nt,
					       _("tcplens itself has lost %llu records so far "
						 "(ring buffer full): this gap may be our own "
						 "loss, not the network's"),
					       (unsigned long long)lost);
			}
			break;
		case TL_ANA_ACK_LOST_SEGMENT:
			tl_say(nt,
			       _("%s %s acknowledges bytes this capture never saw: they went "
				 "by without being captured"),
			       label, me);
			break;
		case TL_ANA_WINDOW_UPDATE:
			tl_say(nt,
			       _("%s only the window changed (no data, same ack): %s now has "
				 "room for %u bytes"),
			       label, me, tl_scaled_win(c, d, s->win, false));
			break;
		case TL_ANA_WINDOW_FULL:
			tl_say(nt,
			       _("%s this segment fills the window %s advertised: %s must wait "
				 "for an ACK before sending more"),
			       label, peer, me);
			break;
		case TL_ANA_KEEP_ALIVE:
			tl_say(nt,
			       _("%s a keep-alive: seq one below the next new byte, to check "
				 "that %s is still there"),
			       label, peer);
			/* tcp-analysis.md section 2: Linux probes a zero window this way. */
			if (!c->ana.dir[!d].window)
				tl_say(nt,
				       _("the window of %s is 0: this is how Linux probes a "
					 "closed window (Wireshark still calls it a keep-alive)"),
				       peer);
			break;
		case TL_ANA_KEEP_ALIVE_ACK:
			tl_say(nt, _("%s the answer to a keep-alive: %s is still there"), label,
			       me);
			break;
		case TL_ANA_DUP_ACK:
			tl_say(nt,
			       _("%s %s repeats the ACK of frame %llu (duplicate #%u): it still "
				 "waits for byte %u, usually because a later segment arrived "
				 "first"),
			       label, me, (unsigned long long)res->dupack_frame, res->dupack_num,
			       tl_rel(f, c, !d, s->ack));
			break;
		case TL_ANA_ZERO_WINDOW_PROBE:
			tl_say(nt,
			       _("%s one byte sent into a zero window, to ask whether %s has "
				 "room again"),
			       label, peer);
			break;
		case TL_ANA_ZERO_WINDOW:
			tl_say(nt,
			       _("%s the receive buffer of %s is full (window 0): %s must stop "
				 "sending until the window opens"),
			       label, me, peer);
			break;
		case TL_ANA_ZERO_WINDOW_PROBE_ACK:
			tl_say(nt, _("%s the answer to a zero-window probe: the window is still 0"),
			       label);
			break;
		}
	}
}

static void tl_conn_start(struct tl_explain *e, struct tl_conn *c, int64_t t)
{
	/* The analysis state comes first and is the view's; the rest is ours. */
	tl_conn_release(e, c);
	memset(&c->side, 0, sizeof(*c) - offsetof(struct tl_conn, side));
	memset(tl_words(e, c), 0, sizeof(struct tl_conn_words));
	c->started = 1;
	c->t_first = t;
	/* Until a SYN says otherwise, the side with the higher port (flow side H) is most
	 * likely the client's ephemeral port. */
	c->client = 1;
}

/* Handshake, reset and mid-stream words: what this segment does to the connection. */
static void tl_say_phase(struct tl_note *nt, struct tl_explain *e, struct tl_conn *c, int d,
			 const struct tl_record *r, const struct tl_seg *s, bool first)
{
	struct tl_side_bits *me = &c->sb[d], *peer = &c->sb[!d];
	struct tl_conn_rare *x;
	bool syn = s->flags & TL_TH_SYN, ackf = s->flags & TL_TH_ACK;

	if (first && !syn) {
		c->midstream = 1;
		tl_say(nt, _("mid-stream: the start of this connection was not captured (or "
			     "tcplens had to forget it, see --flows), so its ISNs are unknown; the "
			     "client is taken to be the side with the higher port"));
		if (ackf && !e->cfg.abs_seq)
			tl_say(nt,
			       _("tcpdump prints this first segment's numbers absolute and "
				 "counts later ones from here: seq %u becomes 0, and the %s's "
				 "byte %u becomes 1"),
			       s->seq, tl_role(c, !d), s->ack);
	}
	if (syn && !ackf) {
		if (!c->client_known) {
			c->client = (uint8_t)d;
			c->client_known = 1;
		}
		me->syn = 1;
		x = tl_rare_w(e, c);
		x->isn[d] = s->seq;
		x->t_syn = s->ts_ns;
		tl_say(nt,
		       _("handshake 1/3 (SYN): the %s asks to open a connection to port %u; its "
			 "initial sequence number (ISN) is %u"),
		       tl_role(c, d), r->dport, s->seq);
		tl_say_syn_options(nt, r);
	} else if (syn) {
		if (!c->client_known) {
			c->client = (uint8_t)!d;
			c->client_known = 1;
		}
		me->syn = 1;
		x = tl_rare_w(e, c);
		x->isn[d] = s->seq;
		x->t_synack = s->ts_ns;
		tl_say(nt,
		       _("handshake 2/3 (SYN-ACK): the %s accepts; its own ISN is %u, and ack "
			 "%u (the %s's ISN + 1) confirms the SYN"),
		       tl_role(c, d), s->seq, s->ack, tl_role(c, !d));
		if (peer->syn && s->ack != x->isn[!d] + 1)
			tl_say(nt,
			       _("but the SYN seen had ISN %u: this SYN-ACK answers another "
				 "one"),
			       x->isn[!d]);
		if (x->t_syn)
			tl_say(nt,
			       _("%.3f ms from SYN to SYN-ACK: one round trip between the "
				 "capture point and the %s"),
			       tl_ms(tl_ns_diff(s->ts_ns, x->t_syn)), tl_role(c, d));
		tl_say_syn_options(nt, r);
	} else if (s->flags & TL_TH_RST) {
		me->rst = 1;
		if (peer->syn && !me->syn && !c->established) {
			c->refused = 1;
			tl_say(nt,
			       _("RST answering the SYN: connection refused, nothing accepts "
				 "connections on port %u of the %s"),
			       r->sport, tl_role(c, d));
		} else {
			tl_say(nt,
			       _("RST: the %s aborts the connection: no more segments follow, "
				 "and data not yet delivered is thrown away"),
			       tl_role(c, d));
		}
	} else if (ackf && !c->established && me->syn && peer->syn &&
		   s->ack == tl_rare(e, c)->isn[!d] + 1 && d == c->client) {
		c->established = 1;
		tl_say(nt, _("handshake 3/3 (ACK): the client confirms the server's SYN (ack = "
			     "the server's ISN + 1); the connection is open"));
		if (!e->cfg.abs_seq)
			tl_say(nt,
			       _("from here tcpdump prints relative numbers: ack 1 is the first "
				 "byte after the server's ISN, seq 1 the client's first byte"));
		if (tl_rare(e, c)->t_syn)
			tl_say(nt,
			       _("the handshake took %.3f ms from SYN to this ACK (Wireshark's "
				 "initial RTT)"),
			       tl_ms(tl_ns_diff(s->ts_ns, tl_rare(e, c)->t_syn)));
		tl_say_window(nt, c, d, r);
	}
}

static void tl_cat(char *buf, size_t size, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends to a sentence built in parts; a part that does not fit is cut. */
static void tl_cat(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 1 >= size)
		return;
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	w = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n += (size_t)w < size - *n ? (size_t)w : size - *n - 1;
}

/*
 * The payload the record carries: from its frame section, after the TCP header, no further
 * than the segment's captured bytes. NULL when the record has none (no frame section: the
 * kernel copies frames only on the ports some output reads, see frame_cfg in session.c).
 */
static const uint8_t *tl_payload(const struct tl_record *r, uint32_t *caplen)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4, avail;

	*caplen = 0;
	if (!fs || hlen < 20 || r->l4_caplen < hlen || fs->l4_off > fs->len)
		return NULL;
	avail = fs->len - fs->l4_off;
	if (avail > r->l4_caplen)
		avail = r->l4_caplen;
	if (avail <= hlen)
		return NULL;
	*caplen = avail - hlen;
	return (const uint8_t *)(fs + 1) + fs->l4_off + hlen;
}

static void tl_say_dns(struct tl_note *nt, const struct tl_app *a)
{
	char line[512];
	size_t n = 0;

	if (a->kind == TL_APP_DNS_QUERY) {
		tl_say(nt, _("DNS question: %s %s"), a->u.dns.qtype, a->u.dns.qname);
		return;
	}
	if (a->u.dns.rcode == 3) {
		tl_say(nt, _("DNS answer: %s does not exist (NXDomain)"), a->u.dns.qname);
		return;
	}
	if (a->u.dns.rcode) {
		tl_say(nt, _("DNS answer: error %s for %s %s"), a->u.dns.rname, a->u.dns.qtype,
		       a->u.dns.qname);
		return;
	}
	if (!a->u.dns.answers) {
		tl_say(nt, _("DNS answer: no %s record for %s"), a->u.dns.qtype, a->u.dns.qname);
		return;
	}
	if (!a->u.dns.answer) {
		tl_say(nt, _("DNS answer: %u records for %s %s"), a->u.dns.answers, a->u.dns.qtype,
		       a->u.dns.qname);
		return;
	}
	if (a->u.dns.adata[0])
		tl_cat(line, sizeof(line), &n, _("DNS answer: %s %s %s"), a->u.dns.aname,
		       a->u.dns.atype, a->u.dns.adata);
	else
		tl_cat(line, sizeof(line), &n, _("DNS answer: %s %s"), a->u.dns.aname,
		       a->u.dns.atype);
	if (a->u.dns.answers > 1)
		tl_cat(line, sizeof(line), &n, _(" (%u answers in all)"), a->u.dns.answers);
	tl_say(nt, "%s", line);
}

/* What the application says in this segment, when it starts a message explain knows. */
static void tl_say_app(struct tl_note *nt, const struct tl_record *r, const struct tl_seg *s)
{
	const uint8_t *p;
	struct tl_app a;
	char line[512];
	uint32_t cap;
	size_t n = 0;

	if (!nt || !(p = tl_payload(r, &cap)))
		return;
	switch (tl_app_identify(p, cap, s->seglen, r->sport, r->dport, &a)) {
	case TL_APP_HTTP_REQUEST:
		if (a.u.req.host[0])
			tl_say(nt, _("HTTP request: %s %s (Host: %s)"), a.u.req.method,
			       a.u.req.target, a.u.req.host);
		else
			tl_say(nt, _("HTTP request: %s %s"), a.u.req.method, a.u.req.target);
		break;
	case TL_APP_HTTP_RESPONSE:
		tl_cat(line, sizeof(line), &n, _("HTTP response: %u %s"), a.u.resp.status,
		       a.u.resp.reason);
		if (a.u.resp.type[0])
			tl_cat(line, sizeof(line), &n,
			       /* TRANSLATORS: the next part of "HTTP response: 200 OK, text/html". */
			       _(", %s"), a.u.resp.type);
		if (a.u.resp.has_length)
			tl_cat(line, sizeof(line), &n, _(", %llu bytes of body"),
			       (unsigned long long)a.u.resp.length);
		else if (a.u.resp.chunked)
			tl_cat(line, sizeof(line), &n,
			       _(", body in chunks (its length is not said in advance)"));
		tl_say(nt, "%s", line);
		break;
	case TL_APP_SSH_VERSION:
		tl_say(nt,
		       _("SSH version: %s (each side sends its own first; after the key exchange "
			 "that follows, everything is encrypted)"),
		       a.u.ssh.version);
		break;
	case TL_APP_DNS_QUERY:
	case TL_APP_DNS_RESPONSE:
		tl_say_dns(nt, &a);
		break;
	case TL_APP_SMTP_COMMAND:
		tl_say(nt, _("SMTP command: %s"), a.u.smtp.line);
		break;
	case TL_APP_SMTP_REPLY:
		if (a.u.smtp.lines > 1)
			tl_say(nt, _("SMTP reply: %s (and %u more lines)"), a.u.smtp.line,
			       a.u.smtp.lines - 1);
		else
			tl_say(nt, _("SMTP reply: %s"), a.u.smtp.line);
		break;
	default:
		return;
	}
	if (cap < s->seglen)
		tl_say(nt,
		       _("only the first %u of these %u bytes were captured: the words above "
			 "stop there"),
		       cap, s->seglen);
}

/* Payload, acknowledgment and close words. */
static void tl_say_flow(struct tl_note *nt, struct tl_explain *e, const struct tl_flow *f,
			struct tl_conn *c, int d, const struct tl_record *r, const struct tl_seg *s,
			const struct tl_ana_result *res, bool first)
{
	struct tl_side_bits *me = &c->sb[d], *peer = &c->sb[!d];
	struct tl_conn_words *w = tl_words(e, c);
	bool syn = s->flags & TL_TH_SYN, ackf = s->flags & TL_TH_ACK;
	bool fin = s->flags & TL_TH_FIN, rst = s->flags & TL_TH_RST;
	bool pure = !s->seglen && !syn && !fin && !rst;
	/* read before this segment's own FIN is recorded */
	uint32_t peer_fin_seq = tl_rare(e, c)->fin_seq[!d];
	bool acks_fin = ackf && peer->fin && !peer->fin_acked && s->ack == peer_fin_seq + 1;
	uint32_t len = s->seglen;

	if (len) {
		/* A fresh tcpdump entry printed this segment's numbers absolute. */
		uint32_t rs = first ? s->seq : tl_rel(f, c, d, s->seq);

		if (tl_ana_is_retrans(res->flags))
			tl_say(nt,
			       _("data: %u bytes from the %s to the %s, bytes %u to %u sent "
				 "again"),
			       len, tl_role(c, d), tl_role(c, !d), rs, rs + len - 1);
		else
			tl_say(nt,
			       _("data: %u bytes from the %s to the %s; seq %u:%u means bytes "
				 "%u to %u of its stream; %llu bytes sent so far"),
			       len, tl_role(c, d), tl_role(c, !d), rs, rs + len, rs, rs + len - 1,
			       (unsigned long long)w->new_bytes[d]);
		/* A retransmission carries what its first copy did, already told. */
		if (!tl_ana_is_retrans(res->flags))
			tl_say_app(nt, r, s);
		if (s->flags & TL_TH_PSH)
			tl_say(nt,
			       _("PSH: the %s asks the receiver to pass the data to the "
				 "application now rather than wait for more: usually the end "
				 "of one write"),
			       tl_role(c, d));
		if (peer->fin && !me->fin && !me->data_after_fin) {
			me->data_after_fin = 1;
			tl_say(nt,
			       _("half-close: the %s still sends after the %s closed its "
				 "direction with FIN"),
			       tl_role(c, d), tl_role(c, !d));
		}
	}
	if (ackf && !syn && me->ack_set && tl_seq_gt(s->ack, w->ack[d])) {
		uint32_t n = s->ack - w->ack[d] - (acks_fin ? 1 : 0);
		uint32_t ra = first ? s->ack : tl_rel(f, c, !d, s->ack);

		if (n && pure)
			tl_say(nt,
			       _("ACK: the %s confirms %u new bytes from the %s: it has "
				 "received everything before byte %u"),
			       tl_role(c, d), n, tl_role(c, !d), ra);
		else if (n)
			tl_say(nt,
			       _("it also confirms %u new bytes from the %s (everything before "
				 "byte %u)"),
			       n, tl_role(c, !d), ra);
	} else if (pure && ackf && !me->ack_set && !first && c->midstream) {
		tl_say(nt,
		       _("ACK: the first one seen from the %s: it has received everything "
			 "before byte %u from the %s"),
		       tl_role(c, d), tl_rel(f, c, !d, s->ack), tl_role(c, !d));
	} else if (pure && ackf && !res->flags && me->ack_set && s->ack == w->ack[d] &&
		   c->established) {
		tl_say(nt, _("ACK: nothing new to confirm (same ack as before)"));
	}
	if (fin) {
		if (!c->any_fin) {
			c->any_fin = 1;
			c->first_closer = (uint8_t)(d & 1);
		}
		if (!peer->fin)
			tl_say(nt,
			       _("close: the %s has no more data to send and closes its "
				 "direction first (FIN); it can still receive until the %s "
				 "closes too"),
			       tl_role(c, d), tl_role(c, !d));
		else if (acks_fin)
			tl_say(nt,
			       _("close: the %s closes its direction too; this FIN also "
				 "confirms the %s's FIN (FIN and ACK in one segment: a "
				 "three-segment close)"),
			       tl_role(c, d), tl_role(c, !d));
		else if (peer->fin_acked)
			tl_say(nt,
			       _("close: the %s closes its direction too (FIN), after "
				 "confirming the %s's FIN in an earlier segment (a four-segment "
				 "close)"),
			       tl_role(c, d), tl_role(c, !d));
		else
			tl_say(nt,
			       _("close: the %s sends its FIN before confirming the %s's: both "
				 "close at the same time (simultaneous close)"),
			       tl_role(c, d), tl_role(c, !d));
		if (!me->fin) {
			me->fin = 1;
			tl_rare_w(e, c)->fin_seq[d] = s->seq + len;
		}
	}
	if (acks_fin) {
		peer->fin_acked = 1;
		tl_say(nt,
		       _("it confirms the %s's FIN (a FIN counts as one byte: ack = the FIN's "
			 "seq + 1)"),
		       tl_role(c, !d));
		if (me->fin && me->fin_acked)
			tl_say(nt, _("both directions are closed: the connection is over"));
		else if (!me->fin)
			tl_say(nt,
			       _("half-close: the %s's direction is closed; the %s can still "
				 "send"),
			       tl_role(c, !d), tl_role(c, d));
		else
			tl_say(nt, _("the %s's own FIN still waits for its ACK"), tl_role(c, d));
	} else if (ackf && me->fin && me->fin_acked && peer->fin && peer->fin_acked && pure &&
		   !res->flags && s->ack == peer_fin_seq + 1 && !first) {
		tl_say(nt, _("the connection is already over: this ACK repeats the last one"));
	}
	if (ackf) {
		w->ack[d] = s->ack;
		me->ack_set = 1;
	}
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
	me->bytes += s->seglen;
	if (tl_ana_is_retrans(res->flags))
		tl_rare_w(e, c)->retrans[d]++;
	else
		tl_words(e, c)->new_bytes[d] += s->seglen;
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
		tl_kacct_add(&tl_rare_w(e, c)->kern[side], ev);
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
