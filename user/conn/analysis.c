// SPDX-License-Identifier: GPL-2.0-only
/* TCP sequence analysis reproducing TShark 4.0.17's tcp.analysis.* flags (tcp-analysis.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conn/analysis.h"
#include "conn/tcp.h"
#include "conn/tcpopt.h"

/*
 * Wireshark measures these intervals in a guint64, so a time stamp that goes backwards gives a
 * huge interval and the "within N ns" tests fail; the unsigned cast keeps that behaviour.
 */
static inline bool tl_within(int64_t now, int64_t then, uint64_t limit)
{
	return (uint64_t)now - (uint64_t)then < limit;
}

#define TL_FASTRT_NS 20000000ull /* fast retransmission: within 20 ms of the peer's ACK */
#define TL_OOO_NS    3000000ull	 /* out-of-order threshold without an initial RTT */
#define TL_WS_MAX    14		 /* RFC 7323 2.3: larger shifts are treated as 14 */

static void tl_dir_init(struct tl_ana_dir *d)
{
	memset(d, 0, sizeof(*d));
	d->window = 0xffffffffu;
	d->win_scale = -1;
	d->valid_bif = 1;
}

void tl_ana_init(struct tl_ana_conn *c, uint32_t stream)
{
	memset(c, 0, sizeof(*c));
	tl_dir_init(&c->dir[0]);
	tl_dir_init(&c->dir[1]);
	c->stream = stream;
}

int tl_seg_from_record(const struct tl_record *r, uint64_t frame, struct tl_seg *s)
{
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4;
	struct tl_opt_iter it;
	struct tl_opt opt;
	uint32_t l4_len;

	if (r->flags & TL_RF_FRAG)
		return -EAGAIN;
	if (r->l4_caplen < 20)
		return -ENODATA;
	if (hlen < 20)
		return -EBADMSG;
	/*
	 * Wireshark shortens a packet whose IP length runs past the frame to what the frame
	 * holds ("IPv4 total length exceeds packet length"), so the segment length comes from the
	 * bytes on the wire, not from the IP header as tcpdump's does.
	 */
	l4_len = r->l4_len - (r->ip_missing < r->l4_len ? r->ip_missing : r->l4_len);
	if (l4_len < hlen)
		return -EMSGSIZE;

	memset(s, 0, sizeof(*s));
	s->frame = frame;
	s->ts_ns = (int64_t)r->ts_ns;
	s->seq = r->seq;
	s->ack = r->ack;
	s->seglen = l4_len - hlen;
	s->win = r->window;
	s->flags = r->tcp_flags;
	s->wscale = -1;

	tl_opt_begin(&it, r);
	while (tl_opt_next(&it, &opt))
		if (opt.kind == 3 && opt.len == 3)
			s->wscale = opt.body[0];
	return 0;
}

/* Section 4: called for every SYN, after its own window-scale option was stored. */
static void tl_verify_wscale(struct tl_ana_dir *fwd, struct tl_ana_dir *rev, bool synack)
{
	if (fwd->win_scale == -1) {
		fwd->win_scale = -2;
		rev->win_scale = -2;
	} else if (synack && rev->win_scale == -2) {
		fwd->win_scale = -2;
	}
}

/* Entries each size class has room for: a list grows 2 -> 4 -> TL_ANA_UNACKED. */
static const uint8_t tl_list_cap[TL_ANA_LIST_CLASSES] = { 2, 4, TL_ANA_UNACKED };

void tl_ana_lists_init(struct tl_ana_lists *p)
{
	for (int i = 0; i < TL_ANA_LIST_CLASSES; i++)
		tl_slab_init(&p->cls[i],
			     (uint32_t)(sizeof(struct tl_ana_list) +
					tl_list_cap[i] * sizeof(struct tl_ana_unacked)));
}

void tl_ana_lists_destroy(struct tl_ana_lists *p)
{
	for (int i = 0; i < TL_ANA_LIST_CLASSES; i++)
		tl_slab_destroy(&p->cls[i]);
}

static inline struct tl_ana_list *tl_list(struct tl_ana_lists *p, const struct tl_ana_dir *d)
{
	return tl_slab_at(&p->cls[d->list_cls], d->list);
}

static void tl_list_drop(struct tl_ana_lists *p, struct tl_ana_dir *d)
{
	tl_slab_release(&p->cls[d->list_cls], d->list);
	d->list = 0;
	d->list_cls = 0;
	d->n_unacked = 0;
}

void tl_ana_release(struct tl_ana_lists *p, struct tl_ana_conn *c)
{
	if (!p)
		return;
	tl_list_drop(p, &c->dir[0]);
	tl_list_drop(p, &c->dir[1]);
}

static inline int64_t tl_list_base(const struct tl_ana_list *l)
{
	return (int64_t)((uint64_t)l->base_hi << 32 | l->base_lo);
}

static inline void tl_list_set_base(struct tl_ana_list *l, int64_t t)
{
	l->base_lo = (uint32_t)(uint64_t)t;
	l->base_hi = (uint32_t)((uint64_t)t >> 32);
}

static inline int64_t tl_unacked_ts(const struct tl_ana_list *l, const struct tl_ana_unacked *u)
{
	return (int64_t)((uint64_t)tl_list_base(l) + u->dt_ns);
}

/*
 * Room for one more entry in d's list: a first list, or the next size class with the entries
 * copied over. NULL when memory ran out; the segment is then not remembered, as one beyond
 * the span is not.
 */
static struct tl_ana_list *tl_list_room(struct tl_ana_lists *p, struct tl_ana_dir *d)
{
	struct tl_ana_list *l, *old;
	unsigned int cls = d->list_cls;
	uint32_t h;

	if (d->list && (d->n_unacked < tl_list_cap[cls] || cls == TL_ANA_LIST_CLASSES - 1))
		return tl_list(p, d);
	if (d->list)
		cls++;
	h = tl_slab_alloc(&p->cls[cls]);
	if (!h)
		return NULL;
	l = tl_slab_at(&p->cls[cls], h);
	if (d->list) {
		old = tl_list(p, d);
		memcpy(l, old, sizeof(*l) + d->n_unacked * sizeof(l->e[0]));
		tl_slab_release(&p->cls[d->list_cls], d->list);
	}
	d->list = h;
	d->list_cls = cls & 3;
	return l;
}

static void tl_unacked_add(struct tl_ana_lists *p, struct tl_ana_conn *c, struct tl_ana_dir *fwd,
			   const struct tl_seg *s, uint32_t end)
{
	struct tl_ana_list *l = fwd->list ? tl_list(p, fwd) : NULL;
	int64_t d = l ? tl_ns_diff(s->ts_ns, tl_list_base(l)) : 0;
	struct tl_ana_unacked *u;
	unsigned int i, n = fwd->n_unacked;
	uint64_t shift;

	if (n && d < 0) {
		/* earlier than the base: move the base back if the list still fits the span */
		shift = (uint64_t)0 - (uint64_t)d;
		for (i = 0; i < n; i++)
			if (shift > TL_ANA_UNACKED_SPAN_NS - l->e[i].dt_ns)
				return;
		for (i = 0; i < n; i++)
			l->e[i].dt_ns += (uint32_t)shift;
		tl_list_set_base(l, s->ts_ns);
		d = 0;
	} else if (n && (uint64_t)d > TL_ANA_UNACKED_SPAN_NS) {
		return;
	}
	l = tl_list_room(p, fwd);
	if (!l)
		return;
	if (!n) {
		tl_list_set_base(l, s->ts_ns);
		d = 0;
	}
	/* full: the oldest of the sliding part makes room (see TL_ANA_UNACKED_OLD) */
	if (n == TL_ANA_UNACKED) {
		memmove(&l->e[TL_ANA_UNACKED_OLD], &l->e[TL_ANA_UNACKED_OLD + 1],
			(TL_ANA_UNACKED - TL_ANA_UNACKED_OLD - 1) * sizeof(l->e[0]));
		n--;
	}
	u = &l->e[n++];
	u->end = end;
	u->frame_off = (uint32_t)(s->frame - c->frame_base);
	u->dt_ns = (uint32_t)d;
	fwd->n_unacked = n & 7;
}

/*
 * Step 14: drop every segment of rev's list the ACK covers. Wireshark walks its list newest
 * first and lets later exact matches overwrite earlier ones, so the oldest exact match wins;
 * walking oldest first, the first exact match is that one.
 */
static void tl_ack_match(struct tl_ana_lists *p, struct tl_ana_conn *c, struct tl_ana_dir *rev,
			 const struct tl_seg *s, struct tl_ana_result *out)
{
	uint32_t min_dt = TL_ANA_UNACKED_SPAN_NS;
	struct tl_ana_list *l;
	unsigned int i, k = 0;

	if (!rev->n_unacked)
		return;
	l = tl_list(p, rev);
	for (i = 0; i < rev->n_unacked; i++) {
		struct tl_ana_unacked *u = &l->e[i];

		if (s->ack == u->end) {
			if (!out->acks_frame) {
				out->acks_frame = c->frame_base + u->frame_off;
				out->ack_rtt_ns = tl_ns_diff(s->ts_ns, tl_unacked_ts(l, u));
			}
			continue;
		}
		if (tl_seq_gt(u->end, s->ack)) {
			if (u->dt_ns < min_dt)
				min_dt = u->dt_ns;
			l->e[k++] = *u;
			continue;
		}
		/* older than the ACK: dropped without an RTT */
	}
	if (!k) {
		/* nothing outstanding: the list goes back to the pool */
		tl_list_drop(p, rev);
		return;
	}
	rev->n_unacked = k & 7;
	/* the base follows the oldest entry left, so the span counts from it */
	if (min_dt) {
		tl_list_set_base(l, (int64_t)((uint64_t)tl_list_base(l) + min_dt));
		for (i = 0; i < k; i++)
			l->e[i].dt_ns -= min_dt;
	}
}

uint32_t tl_ana_segment(struct tl_ana_lists *p, struct tl_ana_conn *c, int d,
			const struct tl_seg *s, struct tl_ana_result *out)
{
	struct tl_ana_dir *fwd = &c->dir[d & 1], *rev = &c->dir[!(d & 1)];
	bool syn = s->flags & TL_TH_SYN, fin = s->flags & TL_TH_FIN;
	bool rst = s->flags & TL_TH_RST, ackf = s->flags & TL_TH_ACK;
	bool sfr = syn || fin || rst;
	uint32_t seq = s->seq, ack = s->ack, seglen = s->seglen, win = s->win;
	uint32_t fl = 0, nextseq;

	memset(out, 0, sizeof(*out));
	out->prev_ack = fwd->lastack;
	if (!c->started) {
		c->started = 1;
		c->frame_base = s->frame;
	}

	/* Section 3: reused ports and SYN retransmission, before the sequence analysis. */
	if (syn && !ackf && fwd->base_set) {
		if (seq != fwd->base_seq) {
			out->prev_lastack_ts[0] = c->dir[0].lastack_ts;
			out->prev_lastack_ts[1] = c->dir[1].lastack_ts;
			tl_ana_release(p, c);
			tl_ana_init(c, c->stream);
			c->started = 1;
			c->frame_base = s->frame;
			out->new_conv = true;
			fl |= TL_ANA_REUSED_PORTS;
		} else {
			fwd->nextseq = fwd->maxseqtobeacked;
		}
	} else if (syn && ackf && fwd->base_set && seq != fwd->base_seq) {
		fwd->base_seq = seq;
		fl |= TL_ANA_REUSED_PORTS;
	}

	/* Section 4: window scaling is learnt from SYNs only. */
	if (syn) {
		if (s->wscale >= 0)
			fwd->win_scale = s->wscale > TL_WS_MAX ? TL_WS_MAX : (int8_t)s->wscale;
		tl_verify_wscale(fwd, rev, ackf);
	}

	/* Relative-number bases; the reused-ports test above depends on them. */
	if (!fwd->base_set) {
		fwd->base_seq = syn ? seq : seq - 1;
		fwd->base_set = 1;
	}
	if (!rev->base_set && ackf) {
		rev->base_seq = ack - 1;
		rev->base_set = 1;
	}
	if (ackf)
		rev->valid_bif = 1;

	/* 1. zero-window probe */
	if (seglen == 1 && seq == fwd->nextseq && rev->window == 0) {
		fl |= TL_ANA_ZERO_WINDOW_PROBE;
		goto finished_fwd;
	}
	/* 2. zero window */
	if (win == 0 && !sfr)
		fl |= TL_ANA_ZERO_WINDOW;
	/* 3. previous segment not captured */
	if (fwd->nextseq && tl_seq_gt(seq, fwd->nextseq) && !rst) {
		fl |= TL_ANA_LOST_SEGMENT;
		fwd->valid_bif = 0;
	}
	/* 4. keep-alive; nextseq 0 (unknown) makes nextseq - 1 = 0xffffffff, as in Wireshark */
	if (seglen <= 1 && seq == fwd->nextseq - 1 && !sfr)
		fl |= TL_ANA_KEEP_ALIVE;
	/* 5. window update */
	if (seglen == 0 && win && win != fwd->window && seq == fwd->nextseq &&
	    ack == fwd->lastack && !sfr)
		fl |= TL_ANA_WINDOW_UPDATE;
	/* 6. window full: the segment ends exactly at the peer's right window edge */
	if (seglen > 0 && rev->win_scale != -1 && !sfr) {
		int sh = (rev->is_first_ack || rev->win_scale == -2) ? 0 : rev->win_scale;

		if (seq + seglen == rev->lastack + (rev->window << sh))
			fl |= TL_ANA_WINDOW_FULL;
	}
	/* 7. keep-alive ACK */
	if (seglen == 0 && win && win == fwd->window && seq == fwd->nextseq &&
	    ack == fwd->lastack && (rev->lastflags & TL_ANA_KEEP_ALIVE) && !sfr) {
		fl |= TL_ANA_KEEP_ALIVE_ACK;
		goto finished_fwd;
	}
	/* 8. zero-window-probe ACK */
	if (seglen == 0 && win == 0 && fwd->window == 0 && seq == fwd->nextseq &&
	    ack == fwd->lastack && (rev->lastflags & TL_ANA_ZERO_WINDOW_PROBE) && !sfr) {
		fl |= TL_ANA_ZERO_WINDOW_PROBE_ACK;
		goto finished_fwd;
	}
	/* 9. duplicate ACK */
	if (seglen == 0 && win && win == fwd->window && seq == fwd->nextseq &&
	    ack == fwd->lastack && !sfr) {
		fwd->dupacknum = fwd->dupacknum == -1 ? 1 : fwd->dupacknum + 1;
		fl |= TL_ANA_DUP_ACK;
		out->dupack_num = (uint32_t)fwd->dupacknum;
		out->dupack_frame = c->frame_base + fwd->lastnondupack;
	}

finished_fwd:
	/* 10. */
	if (ack != fwd->lastack) {
		fwd->lastnondupack = (uint32_t)(s->frame - c->frame_base);
		fwd->dupacknum = 0;
	}

	/* 11. ACKed unseen segment */
	if (rev->maxseqtobeacked && tl_seq_gt(ack, rev->maxseqtobeacked) && ackf) {
		if (tl_seq_lt(rev->maxseqtobeacked, rev->nextseq)) {
			rev->maxseqtobeacked = rev->nextseq;
			fl |= TL_ANA_ACK_LOST_SEGMENT;
		} else {
			/* The peer's counter: one flag per hole; its next dup ACK counts from 1. */
			if (rev->dupacknum == 0)
				fl |= TL_ANA_ACK_LOST_SEGMENT;
			rev->dupacknum = -1;
		}
	}

	/* 12. retransmission family */
	if ((seglen > 0 || syn || fin) && !(fl & TL_ANA_KEEP_ALIVE)) {
		bool not_adv = fwd->nextseq && tl_seq_lt(seq, fwd->nextseq);
		uint32_t end = seq + seglen + ((syn || fin) ? 1 : 0);
		int64_t rtt = tl_ana_first_rtt(c);
		uint64_t ooo = rtt ? (uint64_t)rtt : TL_OOO_NS;

		/* the data that follows a 1-byte probe sent at nextseq - 1 is new data */
		if (seglen > 1 && fwd->nextseq - 1 == seq)
			not_adv = false;

		if (seglen > 0 && rev->lastack && tl_seq_le(seq + seglen, rev->lastack)) {
			fl |= TL_ANA_SPURIOUS_RETRANSMISSION;
		} else if (not_adv && rev->dupacknum >= 2 && rev->lastack == seq &&
			   tl_within(s->ts_ns, rev->lastack_ts, TL_FASTRT_NS)) {
			fl |= TL_ANA_FAST_RETRANSMISSION;
		} else if (not_adv && tl_within(s->ts_ns, fwd->nextseq_ts, ooo) &&
			   fwd->nextseq != end) {
			fl |= TL_ANA_OUT_OF_ORDER;
		} else if (not_adv) {
			fl |= TL_ANA_RETRANSMISSION;
			out->rto_ns = tl_ns_diff(s->ts_ns, fwd->nextseq_ts);
			out->rto_frame = c->frame_base + fwd->nextseq_frame;
			if (p && fwd->n_unacked) {
				const struct tl_ana_list *l = tl_list(p, fwd);

				out->rto_ns = tl_ns_diff(s->ts_ns, tl_unacked_ts(l, &l->e[0]));
				out->rto_frame = c->frame_base + l->e[0].frame_off;
			}
		}
	}

	/* 13. bookkeeping */
	nextseq = seq + seglen;
	if (seglen || syn || fin) {
		if (syn || fin)
			nextseq++;
		if (p)
			tl_unacked_add(p, c, fwd, s, nextseq);
	}
	if (!(fl & TL_ANA_ZERO_WINDOW_PROBE)) {
		if (tl_seq_gt(nextseq, fwd->nextseq) || !fwd->nextseq) {
			fwd->nextseq = nextseq;
			fwd->nextseq_frame = (uint32_t)(s->frame - c->frame_base);
			fwd->nextseq_ts = s->ts_ns;
		}
		if (seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked)
			fwd->maxseqtobeacked = fwd->nextseq;
	}
	fwd->window = win;
	fwd->lastack = ack;
	fwd->lastack_ts = s->ts_ns;
	fwd->lastflags = (uint16_t)fl;

	/* 14. */
	if (p)
		tl_ack_match(p, c, rev, s, out);

	/* Section 4: the first window after the handshake is taken unscaled (issue 14690). */
	if (syn)
		fwd->is_first_ack = 1;
	else if (ackf)
		fwd->is_first_ack = 0;

	/* Section 5: initial RTT, measured after this frame's own analysis. */
	if (syn && !ackf && !c->rtt_known)
		c->syn_or_rtt = s->ts_ns;
	if (ackf && !syn && !c->rtt_known && c->syn_or_rtt) {
		int64_t rtt = tl_ns_diff(s->ts_ns, c->syn_or_rtt);

		/* an RTT of 0 is Wireshark's "unknown": the SYN time stays for the next ACK */
		if (rtt) {
			c->syn_or_rtt = rtt;
			c->rtt_known = 1;
		}
	}

	out->flags = fl;
	out->stream = c->stream;
	/* Wireshark's per-frame record also exists for every data segment while bytes in flight
	 * are tracked; initial_rtt is printed only in frames that have one. */
	out->has_record = fl || out->acks_frame || (seglen && fwd->valid_bif);
	if (out->has_record && c->rtt_known) {
		out->has_initial_rtt = true;
		out->initial_rtt_ns = c->syn_or_rtt;
	}
	return fl;
}

static const struct {
	uint32_t bit;
	const char *name;
	const char *label;
} tl_ana_names[] = {
	{ TL_ANA_RETRANSMISSION, "retransmission", "[TCP Retransmission]" },
	{ TL_ANA_FAST_RETRANSMISSION, "fast_retransmission", "[TCP Fast Retransmission]" },
	{ TL_ANA_SPURIOUS_RETRANSMISSION, "spurious_retransmission",
	  "[TCP Spurious Retransmission]" },
	{ TL_ANA_OUT_OF_ORDER, "out_of_order", "[TCP Out-Of-Order]" },
	{ TL_ANA_LOST_SEGMENT, "lost_segment", "[TCP Previous segment not captured]" },
	{ TL_ANA_ACK_LOST_SEGMENT, "ack_lost_segment", "[TCP ACKed unseen segment]" },
	{ TL_ANA_DUP_ACK, "duplicate_ack", NULL },
	{ TL_ANA_ZERO_WINDOW, "zero_window", "[TCP ZeroWindow]" },
	{ TL_ANA_ZERO_WINDOW_PROBE, "zero_window_probe", "[TCP ZeroWindowProbe]" },
	{ TL_ANA_ZERO_WINDOW_PROBE_ACK, "zero_window_probe_ack", "[TCP ZeroWindowProbeAck]" },
	{ TL_ANA_KEEP_ALIVE, "keep_alive", "[TCP Keep-Alive]" },
	{ TL_ANA_KEEP_ALIVE_ACK, "keep_alive_ack", "[TCP Keep-Alive ACK]" },
	{ TL_ANA_WINDOW_UPDATE, "window_update", "[TCP Window Update]" },
	{ TL_ANA_WINDOW_FULL, "window_full", "[TCP Window Full]" },
	{ TL_ANA_REUSED_PORTS, "reused_ports", "[TCP Port numbers reused]" },
};

const char *tl_ana_flag_name(uint32_t bit)
{
	for (size_t i = 0; i < sizeof(tl_ana_names) / sizeof(tl_ana_names[0]); i++)
		if (tl_ana_names[i].bit == bit)
			return tl_ana_names[i].name;
	return NULL;
}

/*
 * Wireshark adds the prefixes in this order, each one in front of the previous ones, so the
 * column shows them in reverse: a zero-window probe ACK reads
 * "[TCP ZeroWindowProbeAck] [TCP ZeroWindow]".
 */
const uint32_t tl_ana_flag_order[TL_ANA_NFLAGS] = {
	TL_ANA_REUSED_PORTS,	      TL_ANA_RETRANSMISSION,
	TL_ANA_FAST_RETRANSMISSION,   TL_ANA_SPURIOUS_RETRANSMISSION,
	TL_ANA_OUT_OF_ORDER,	      TL_ANA_LOST_SEGMENT,
	TL_ANA_ACK_LOST_SEGMENT,      TL_ANA_WINDOW_UPDATE,
	TL_ANA_WINDOW_FULL,	      TL_ANA_KEEP_ALIVE,
	TL_ANA_KEEP_ALIVE_ACK,	      TL_ANA_DUP_ACK,
	TL_ANA_ZERO_WINDOW_PROBE,     TL_ANA_ZERO_WINDOW,
	TL_ANA_ZERO_WINDOW_PROBE_ACK,
};

static const char *tl_label_of(uint32_t bit)
{
	for (size_t i = 0; i < sizeof(tl_ana_names) / sizeof(tl_ana_names[0]); i++)
		if (tl_ana_names[i].bit == bit)
			return tl_ana_names[i].label;
	return "";
}

int tl_ana_label(const struct tl_ana_result *r, char *buf, size_t len)
{
	size_t n = TL_ANA_NFLAGS;
	int total = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = n; i-- > 0;) {
		uint32_t bit = tl_ana_flag_order[i];
		size_t used = (size_t)total < len ? (size_t)total : len;
		char dup[48];
		const char *text;
		int w;

		if (!(r->flags & bit))
			continue;
		text = tl_label_of(bit);
		if (bit == TL_ANA_DUP_ACK) {
			snprintf(dup, sizeof(dup), "[TCP Dup ACK %llu#%u]",
				 (unsigned long long)r->dupack_frame, r->dupack_num);
			text = dup;
		}
		w = snprintf(buf + used, len - used, "%s%s", total ? " " : "", text);
		if (w < 0)
			return -EINVAL;
		total += w;
	}
	return total;
}
