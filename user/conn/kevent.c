// SPDX-License-Identifier: GPL-2.0-only
/* Kernel events decoded and tied to segments: small windows of recent segments and
 * retransmissions, searched newest first, since a drop follows its segment by microseconds
 * and a retransmitted segment follows the kernel's decision as closely. */
#include <stdlib.h>
#include <string.h>

#include "conn/kevent.h"

#define TL_KEV_SEGS    256 /* segments remembered for a drop */
#define TL_KEV_RETRANS 64  /* retransmissions remembered for their segment */
#define TL_KEV_DUPS    16  /* segments waiting to learn whether the kernel sent them again */

struct tl_seg_key {
	uint8_t family, tcp_flags;
	uint16_t sport, dport;
	uint32_t seq, ack, l4_len;
	uint8_t addr[32]; /* source then destination, 4 or 16 bytes each */
};

struct tl_kev_match {
	struct tl_seg_key seg[TL_KEV_SEGS];
	uint64_t serial[TL_KEV_SEGS];
	int64_t ts_ns[TL_KEV_SEGS];
	uint32_t ws_flags[TL_KEV_SEGS];
	bool rt_done[TL_KEV_SEGS]; /* a retransmission event took it already */
	unsigned int n_seg;	   /* ever remembered */
	struct tl_ev_retrans rt[TL_KEV_RETRANS];
	unsigned int n_rt;
	/* tl_kev_match_dup_wait's segments, oldest first: their n_seg count, so a slot reused
	 * since is told apart. */
	unsigned int dup[TL_KEV_DUPS];
	unsigned int dup_head, dup_n;
};

bool tl_kevent_decode(const struct tl_event_hdr *h, const struct tl_capture_meta *m,
		      struct tl_kevent *ev)
{
	size_t need;

	memset(ev, 0, sizeof(*ev));
	ev->h = h;
	ev->m = *m;
	switch (h->kind) {
	case TL_EV_DROP:
		need = sizeof(struct tl_ev_drop) + TL_RECORD_HDR;
		if (h->size < need)
			return false;
		ev->drop = (const struct tl_ev_drop *)h;
		ev->rec = (const struct tl_record *)(ev->drop + 1);
		/* The same checks the ring makes of a record. */
		return ev->rec->version == TL_RECORD_VERSION &&
		       (ev->rec->family == 4 || ev->rec->family == 6) &&
		       ev->rec->opt_len <= TL_OPT_MAX &&
		       ev->rec->size >=
			       TL_RECORD_HDR + TL_ADDR_LEN(ev->rec->family) + ev->rec->opt_len &&
		       sizeof(struct tl_ev_drop) + ev->rec->size <= h->size;
	case TL_EV_RETRANS:
		need = sizeof(struct tl_ev_retrans);
		break;
	case TL_EV_STATE:
		need = sizeof(struct tl_ev_state);
		break;
	case TL_EV_RESET:
		need = sizeof(struct tl_ev_reset);
		break;
	case TL_EV_CLOSE:
		need = sizeof(struct tl_ev_close);
		break;
	default:
		return false; /* another engineer's kind, or a newer one: not ours to show */
	}
	if (h->size < need)
		return false;
	ev->c = (const struct tl_ev_conn *)(h + 1);
	return ev->c->family == 4 || ev->c->family == 6;
}

static bool seg_key_eq(const struct tl_seg_key *a, const struct tl_seg_key *b)
{
	return a->family == b->family && a->tcp_flags == b->tcp_flags && a->sport == b->sport &&
	       a->dport == b->dport && a->seq == b->seq && a->ack == b->ack &&
	       a->l4_len == b->l4_len && !memcmp(a->addr, b->addr, sizeof(a->addr));
}

static void seg_key(const struct tl_record *r, struct tl_seg_key *k)
{
	unsigned int a = r->family == 6 ? 16 : 4;

	memset(k, 0, sizeof(*k));
	k->family = r->family;
	k->tcp_flags = r->tcp_flags;
	k->sport = r->sport;
	k->dport = r->dport;
	k->seq = r->seq;
	k->ack = r->ack;
	k->l4_len = r->l4_len;
	memcpy(k->addr, tl_rec_saddr(r), a);
	memcpy(k->addr + a, tl_rec_daddr(r), a);
}

struct tl_kev_match *tl_kev_match_new(void)
{
	return calloc(1, sizeof(struct tl_kev_match));
}

void tl_kev_match_free(struct tl_kev_match *km)
{
	free(km);
}

void tl_kev_match_segment(struct tl_kev_match *km, const struct tl_record *r, uint64_t serial,
			  int64_t ts_ns, uint32_t ws_flags)
{
	unsigned int i = km->n_seg++ % TL_KEV_SEGS;

	km->ws_flags[i] = ws_flags;
	km->rt_done[i] = false;
	seg_key(r, &km->seg[i]);
	km->serial[i] = serial;
	km->ts_ns[i] = ts_ns;
}

void tl_kev_match_drop(struct tl_kev_match *km, struct tl_kevent *ev)
{
	struct tl_seg_key k;
	unsigned int n = km->n_seg < TL_KEV_SEGS ? km->n_seg : TL_KEV_SEGS;

	seg_key(ev->rec, &k);
	for (unsigned int j = 1; j <= n; j++) {
		unsigned int i = (km->n_seg - j) % TL_KEV_SEGS;

		if (seg_key_eq(&km->seg[i], &k)) {
			ev->seen_serial = km->serial[i];
			ev->seen_ts_ns = km->ts_ns[i];
			/* One drop per segment seen: a second copy of it is a segment of its own. */
			km->seg[i].family = 0;
			return;
		}
	}
}

bool tl_kev_match_retrans_seen(struct tl_kev_match *km, struct tl_kevent *ev)
{
	const struct tl_ev_retrans *e = (const struct tl_ev_retrans *)ev->h;
	unsigned int n = km->n_seg < TL_KEV_SEGS ? km->n_seg : TL_KEV_SEGS;
	unsigned int a = e->c.family == 6 ? 16 : 4;

	for (unsigned int j = 1; j <= n; j++) {
		unsigned int i = (km->n_seg - j) % TL_KEV_SEGS;
		const struct tl_seg_key *k = &km->seg[i];

		/* Older than the wait: an earlier copy of these bytes, whose retransmission a
		 * hook further out has yet to see. */
		if (km->ts_ns[i] < ev->m.ts_ns - TL_KEV_DUP_WAIT_NS)
			break;
		if (km->rt_done[i] || k->family != e->c.family || k->seq != e->seq ||
		    k->sport != e->c.lport || k->dport != e->c.rport ||
		    memcmp(k->addr, e->c.laddr, a) || memcmp(k->addr + a, e->c.raddr, a))
			continue;
		km->rt_done[i] = true; /* and a copy waiting in dup[] is the kernel's after all */
		ev->seen_serial = km->serial[i];
		ev->seen_ts_ns = km->ts_ns[i];
		ev->ws_flags = km->ws_flags[i];
		return true;
	}
	return false;
}

void tl_kev_match_retrans(struct tl_kev_match *km, const struct tl_ev_retrans *ev)
{
	km->rt[km->n_rt++ % TL_KEV_RETRANS] = *ev;
}

const struct tl_ev_retrans *tl_kev_match_retrans_of(struct tl_kev_match *km,
						    const struct tl_record *r)
{
	unsigned int n = km->n_rt < TL_KEV_RETRANS ? km->n_rt : TL_KEV_RETRANS;
	unsigned int a = r->family == 6 ? 16 : 4;

	for (unsigned int j = 1; j <= n; j++) {
		struct tl_ev_retrans *e = &km->rt[(km->n_rt - j) % TL_KEV_RETRANS];

		if (e->c.family == r->family && e->seq == r->seq && e->c.lport == r->sport &&
		    e->c.rport == r->dport && !memcmp(e->c.laddr, tl_rec_saddr(r), a) &&
		    !memcmp(e->c.raddr, tl_rec_daddr(r), a)) {
			e->c.family = 0; /* the next copy of it is another retransmission */
			return e;
		}
	}
	return NULL;
}

void tl_kev_match_dup_wait(struct tl_kev_match *km)
{
	if (km->n_seg && km->dup_n < TL_KEV_DUPS)
		km->dup[(km->dup_head + km->dup_n++) % TL_KEV_DUPS] = km->n_seg - 1;
}

bool tl_kev_match_dup_due(struct tl_kev_match *km, int64_t now_ns, uint64_t *serial, int64_t *ts_ns,
			  uint32_t *ws_flags)
{
	while (km->dup_n) {
		unsigned int n = km->dup[km->dup_head];
		unsigned int i = n % TL_KEV_SEGS;
		/* The next segment remembered takes its slot, or the next copy finds no room:
		 * answer before either. */
		bool last_chance = km->n_seg - n >= TL_KEV_SEGS || km->dup_n == TL_KEV_DUPS;

		if (!last_chance && !km->rt_done[i] && km->ts_ns[i] > now_ns - TL_KEV_DUP_WAIT_NS)
			return false;
		km->dup_head = (km->dup_head + 1) % TL_KEV_DUPS;
		km->dup_n--;
		if (km->rt_done[i] || km->n_seg - n > TL_KEV_SEGS)
			continue; /* the kernel's retransmission came: its note was printed */
		*serial = km->serial[i];
		*ts_ns = km->ts_ns[i];
		*ws_flags = km->ws_flags[i];
		return true;
	}
	return false;
}

const char *tl_kevent_state_name(unsigned int st)
{
	static const char *const names[] = {
		"?",	     "ESTABLISHED", "SYN_SENT",	    "SYN_RECV",	      "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT",   "CLOSE",	    "CLOSE_WAIT",     "LAST_ACK",
		"LISTEN",    "CLOSING",	    "NEW_SYN_RECV", "BOUND_INACTIVE",
	};

	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

enum tl_kev_why tl_kevent_retrans_kind(unsigned int ca_state)
{
	switch (ca_state) {
	case 4: /* TCP_CA_Loss */
		return TL_KEV_WHY_RTO;
	case 3: /* TCP_CA_Recovery */
		return TL_KEV_WHY_FAST;
	case 2: /* TCP_CA_CWR */
		return TL_KEV_WHY_CWR;
	default: /* Open, Disorder */
		return TL_KEV_WHY_PROBE;
	}
}

const char *tl_kevent_why_name(enum tl_kev_why why)
{
	static const char *const names[TL_KEV_WHY_MAX] = {
		[TL_KEV_WHY_RTO] = "timer (RTO)",
		[TL_KEV_WHY_FAST] = "fast retransmit",
		[TL_KEV_WHY_PROBE] = "loss probe",
		[TL_KEV_WHY_CWR] = "in CWR",
	};

	return (unsigned int)why < TL_KEV_WHY_MAX ? names[why] : "?";
}

const char *tl_kevent_retrans_why(unsigned int ca_state)
{
	return tl_kevent_why_name(tl_kevent_retrans_kind(ca_state));
}

void tl_kacct_add(struct tl_kacct *a, const struct tl_kevent *ev)
{
	if (!ev->c)
		return; /* a drop is the segment's, not the socket's */
	a->seen = 1;
	if (ev->h->kind == TL_EV_RETRANS) {
		const struct tl_ev_retrans *e = (const void *)ev->h;

		if (e->err)
			a->not_sent++;
		else {
			a->retrans[tl_kevent_retrans_kind(e->ca_state)]++;
			a->retrans_bytes += (uint32_t)(e->end_seq - e->seq);
		}
	} else if (ev->h->kind == TL_EV_CLOSE) {
		const struct tl_ev_close *e = (const void *)ev->h;

		a->closed = 1;
		a->srtt_us = e->srtt_us;
		a->total_retrans = e->total_retrans;
		a->bytes_acked = e->bytes_acked;
		a->bytes_received = e->bytes_received;
	}
}

uint32_t tl_kacct_retrans(const struct tl_kacct *a)
{
	uint32_t n = 0;

	for (int i = 0; i < TL_KEV_WHY_MAX; i++)
		n += a->retrans[i];
	return n;
}
