// SPDX-License-Identifier: GPL-2.0-only
/*
 * What explain says of a segment's TCP: the handshake and its options, data, acknowledgments,
 * resets and the close, and what Wireshark's analysis flags mean.
 */
#include <stdio.h>

#include "out/explain_int.h"
#include "conn/tcpopt.h"

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
void tl_say_analysis(struct tl_explain *e, struct tl_note *nt, const struct tl_flow *f,
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

/* Handshake, reset and mid-stream words: what this segment does to the connection. */
void tl_say_phase(struct tl_note *nt, struct tl_explain *e, struct tl_conn *c, int d,
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

/* Payload, acknowledgment and close words. */
void tl_say_flow(struct tl_note *nt, struct tl_explain *e, const struct tl_flow *f,
		 struct tl_conn *c, int d, const struct tl_record *r, const struct tl_seg *s,
		 const struct tl_ana_result *res, bool first)
{
	struct tl_side_bits *me = &c->sb[d], *peer = &c->sb[!d];
	bool syn = s->flags & TL_TH_SYN, ackf = s->flags & TL_TH_ACK;
	bool fin = s->flags & TL_TH_FIN, rst = s->flags & TL_TH_RST;
	bool pure = !s->seglen && !syn && !fin && !rst;
	/* read before this segment's own FIN is recorded */
	uint32_t peer_fin_seq = tl_rare(e, c)->fin_seq[!d];
	bool acks_fin = ackf && peer->fin && !peer->fin_acked && s->ack == peer_fin_seq + 1;
	uint32_t len = s->seglen;
	/*
	 * The ACK number of this side's last segment with the ACK flag (valid with ack_set): the
	 * analysis keeps the last segment's, flag or not, and one without the flag, rare after
	 * ACKs (a RST), puts the number before it aside in the rare record.
	 */
	uint32_t last_ack = me->ack_aside ? tl_rare(e, c)->ack_aside[d] : res->prev_ack;

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
			       (unsigned long long)(tl_side_bytes(c, tl_rare(e, c), d) -
						    tl_rare(e, c)->retrans_bytes[d]));
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
	if (ackf && !syn && me->ack_set && tl_seq_gt(s->ack, last_ack)) {
		uint32_t n = s->ack - last_ack - (acks_fin ? 1 : 0);
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
	} else if (pure && ackf && !res->flags && me->ack_set && s->ack == last_ack &&
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
		me->ack_set = 1;
		me->ack_aside = 0;
	} else if (me->ack_set && !me->ack_aside) {
		tl_rare_w(e, c)->ack_aside[d] = last_ack;
		me->ack_aside = 1;
	}
}
