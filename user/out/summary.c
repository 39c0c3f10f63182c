// SPDX-License-Identifier: GPL-2.0-only
/* --summary: one block per connection (endpoints, duration, bytes, RTT, problems, how it ended). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "out/i18n.h"
#include "out/kevents.h"
#include "out/summary.h"

static int tl_line(struct tl_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int tl_line(struct tl_out *o, const char *fmt, ...)
{
	char buf[512 + 2 * TL_NAMES_ENDPOINT_TEXT]; /* the first line holds two endpoints */
	va_list ap;
	int w;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is the line above */
	w = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (w < 0)
		return -EINVAL;
	if ((size_t)w > sizeof(buf) - 2)
		w = (int)sizeof(buf) - 2;
	buf[w++] = '\n';
	return tl_out_write(o, buf, (size_t)w);
}

static int tl_side_line(struct tl_out *o, const struct tl_conn *c, const struct tl_conn_rare *x,
			int side)
{
	const struct tl_side *s = &c->side[side];
	bool scaled = c->ana.dir[side].win_scale != -1;

	return tl_line(o,
		       scaled ? _("  %s > %s: segments %u, payload bytes %llu, max window %u "
				  "bytes")
			      : _("  %s > %s: segments %u, payload bytes %llu, max window %u "
				  "(window scale unknown: raw value)"),
		       tl_role(c, side), tl_role(c, !side), s->segs,
		       (unsigned long long)tl_side_bytes(c, x, side), s->max_win);
}

static int tl_end_line(struct tl_out *o, const struct tl_conn *c, bool evicted)
{
	const struct tl_side_bits *a = &c->sb[0], *b = &c->sb[1];

	if (c->refused)
		return tl_line(o, _("  end: refused (the %s answered the SYN with RST)"),
			       tl_role(c, !c->client));
	if (a->rst || b->rst)
		return tl_line(o, _("  end: reset (RST) by the %s"),
			       a->rst && b->rst ? _("both sides") : tl_role(c, a->rst ? 0 : 1));
	if (a->fin && b->fin)
		return tl_line(
			o,
			a->fin_acked && b->fin_acked
				? _("  end: closed with FIN by both sides, the %s first")
				: _("  end: FIN from both sides, the %s first (not every FIN was "
				    "seen acknowledged)"),
			tl_role(c, c->first_closer));
	if (a->fin || b->fin)
		return tl_line(o,
			       evicted ? _("  end: half-closed (FIN from the %s only) when "
					   "tcplens had to forget it")
				       : _("  end: half-closed (FIN from the %s only), still "
					   "open"),
			       tl_role(c, a->fin ? 0 : 1));
	return tl_line(o, evicted ? _("  end: still open when tcplens had to forget it "
				      "(flow table full, least recently used)")
				  : _("  end: still open"));
}

/*
 * --events: what the kernel said of one side's socket, beside the wire's account above:
 * its own RTT and totals from the close, and the retransmissions it made by reason beside
 * the ones Wireshark's analysis inferred from the segments.
 */
static int tl_kern_lines(struct tl_out *o, const struct tl_conn *c, const struct tl_conn_rare *x,
			 const struct tl_conn_kern *kern, int side)
{
	const struct tl_kacct *a = &kern->side[side];
	char by[256];
	size_t n = 0;
	int err;

	if (!a->seen)
		return 0;
	if (a->closed)
		err = tl_line(
			o,
			_("  kernel, %s's socket at its close: srtt %u.%03u ms, retransmitted "
			  "segments %u, bytes sent and acked %llu, bytes received %llu"),
			tl_role(c, side), a->srtt_us / 1000, a->srtt_us % 1000, a->total_retrans,
			(unsigned long long)a->bytes_acked, (unsigned long long)a->bytes_received);
	else
		err = tl_line(o,
			      _("  kernel, %s's socket: not closed while traced (the kernel "
				"reports its RTT and totals at the close)"),
			      tl_role(c, side));
	by[0] = '\0';
	for (int i = 0; i < TL_KEV_WHY_MAX; i++) {
		int w;

		if (!a->retrans[i])
			continue;
		/* TRANSLATORS: one reason and its count in the list of the kernel's
		 * retransmissions, e.g. "fast retransmit 5"; the first %s separates it from the
		 * one before. */
		w = snprintf(by + n, sizeof(by) - n, _("%s%s %u"), n ? _(", ") : "",
			     tl_kev_why_words((enum tl_kev_why)i), a->retrans[i]);
		if (w > 0)
			n += (size_t)w < sizeof(by) - n ? (size_t)w : sizeof(by) - n - 1;
	}
	if (err)
		return err;
	if (n)
		err = tl_line(o,
			      _("  kernel, %s's retransmissions: %u (%s), %llu bytes; Wireshark's "
				"analysis: %u"),
			      tl_role(c, side), tl_kacct_retrans(a), by,
			      (unsigned long long)a->retrans_bytes, x->retrans[side]);
	else
		err = tl_line(o, _("  kernel, %s's retransmissions: 0; Wireshark's analysis: %u"),
			      tl_role(c, side), x->retrans[side]);
	if (!err && a->not_sent)
		err = tl_line(o, _("  kernel, %s's retransmissions tried but not sent: %u"),
			      tl_role(c, side), a->not_sent);
	return err;
}

int tl_summary_print(struct tl_out *o, struct tl_names *names, const struct tl_flow_key *k,
		     const struct tl_conn *c, const struct tl_conn_rare *x,
		     const struct tl_conn_kern *kern, bool evicted)
{
	const struct tl_side *cl = &c->side[c->client], *sv = &c->side[!c->client];
	int ci = c->client, si = !c->client;
	char ep[2][TL_NAMES_ENDPOINT_TEXT];
	int err;

	for (int i = 0; i < 2; i++) {
		int side = i ? !c->client : c->client;

		tl_names_endpoint(names, k->family, k->addr[side], k->port[side], ep[i],
				  sizeof(ep[i]));
	}
	err = tl_line(o, _("== connection %u: %s (client) > %s (server)%s"), c->ana.stream, ep[0],
		      ep[1], c->client_known ? "" : _(" [roles guessed from the ports]"));
	if (!err)
		err = tl_line(o, _("  duration %.6f s, segments %u%s"),
			      /* wraps, not overflows, on a file's nonsense time stamps */
			      (double)tl_ns_diff(tl_conn_t_last(c), c->t_first) / 1e9,
			      cl->segs + sv->segs, c->midstream ? _(", start not captured") : "");
	if (!err)
		err = tl_side_line(o, c, x, c->client);
	if (!err)
		err = tl_side_line(o, c, x, !c->client);
	if (!err && x->t_syn && x->t_synack && tl_ana_first_rtt(&c->ana) > 0)
		err = tl_line(o,
			      _("  handshake RTT %.3f ms (SYN to SYN-ACK), %.3f ms (SYN to "
				"ACK, Wireshark's initial RTT)"),
			      (double)tl_ns_diff(x->t_synack, x->t_syn) / 1e6,
			      (double)tl_ana_first_rtt(&c->ana) / 1e6);
	else if (!err && x->t_syn && x->t_synack)
		err = tl_line(o, _("  handshake RTT %.3f ms (SYN to SYN-ACK)"),
			      (double)tl_ns_diff(x->t_synack, x->t_syn) / 1e6);
	else if (!err)
		err = tl_line(o, _("  handshake RTT unknown (SYN and SYN-ACK not both seen)"));
	if (!err)
		err = tl_line(o,
			      _("  retransmissions %u, duplicate ACKs %u, zero windows %u "
				"(client/server: %u/%u, %u/%u, %u/%u)"),
			      x->retrans[ci] + x->retrans[si], x->dupacks[ci] + x->dupacks[si],
			      x->zerowins[ci] + x->zerowins[si], x->retrans[ci], x->retrans[si],
			      x->dupacks[ci], x->dupacks[si], x->zerowins[ci], x->zerowins[si]);
	if (!err)
		err = tl_kern_lines(o, c, x, kern, c->client);
	if (!err)
		err = tl_kern_lines(o, c, x, kern, !c->client);
	if (!err)
		err = tl_end_line(o, c, evicted);
	return err;
}

int tl_summary_table(struct tl_out *o, uint32_t tracked, uint64_t evictions)
{
	return tl_line(o,
		       _("== flow table: %u connections tracked at the end, %llu evicted "
			 "(least recently used, when more than --flows were open)"),
		       tracked, (unsigned long long)evictions);
}
