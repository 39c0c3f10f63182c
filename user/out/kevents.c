// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel events in the outputs. Text: a line of its own that cannot be taken for tcpdump's,
 *   TIME kernel: KIND IP|IP6 LOCAL.PORT > REMOTE.PORT: DETAILS
 * (hosts and ports named as the segment lines name them), and for a drop the continuation line
 *   "    | dropped by the kernel: REASON (FUNCTION)"
 * under its segment's tcpdump line. JSON: {"event": {...}} and {"drop": {...}} objects.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn/analysis.h"
#include "conn/flow.h"
#include "conn/tcp.h"
#include "out/explain.h"
#include "out/i18n.h"
#include "out/kevents.h"
#include "out/put.h"

#define TL_KEV_LINE_MAX 4096 /* a segment line is at most TL_PRINT_LINE_MAX: one of those */
#define TL_KEV_REASONS	1024 /* drop reasons counted by value (6.18 has about 120) */

struct tl_kev_out {
	struct tl_out *out;
	struct tl_printer *printer;
	bool json;
	bool explain; /* --explain: a retransmission says what Wireshark made of its segment */
	struct tl_knames *names;
	struct tl_names *hosts; /* NULL: endpoints as numbers (-n, or a machine output) */
	uint64_t by_reason[TL_KEV_REASONS];
	uint64_t other_reasons; /* values past the table */
	uint64_t drops;
	char line[TL_KEV_LINE_MAX + TL_PRINT_LINE_MAX];
};

struct tl_kev_out *tl_kev_out_new(struct tl_out *out, struct tl_printer *printer,
				  struct tl_names *names, bool json, bool drops, bool explain)
{
	struct tl_kev_out *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->out = out;
	k->printer = printer;
	k->hosts = names;
	k->json = json;
	k->explain = explain;
	k->names = tl_knames_new(drops);
	if (!k->names) {
		free(k);
		return NULL;
	}
	return k;
}

void tl_kev_out_free(struct tl_kev_out *k)
{
	if (!k)
		return;
	tl_knames_free(k->names);
	free(k);
}

static char *put_f(char *c, const char *end, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A formatted (translated) text, cut at end. */
static char *put_f(char *c, const char *end, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is the line above */
	w = vsnprintf(c, (size_t)(end - c), fmt, ap);
	va_end(ap);
	if (w < 0)
		return c;
	return c + ((size_t)w < (size_t)(end - c) ? (size_t)w : (size_t)(end - c) - 1);
}

/* Kernel names are C identifiers; anything else is left out rather than escaped. */
static char *put_js(char *c, const char *s)
{
	*c++ = '"';
	for (; *s; s++)
		if (*s > 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			*c++ = *s;
	*c++ = '"';
	return c;
}

static char *put_addr(char *c, uint8_t family, const uint8_t *a)
{
	char text[TL_ADDR_TEXT];

	return put_str(c, tl_addr_text(family, a, text, sizeof(text)));
}

/* One end as the segment line writes it: its host's and port's names, else numbers. */
static char *put_end(struct tl_names *n, char *c, uint8_t family, const uint8_t *a, uint16_t port)
{
	char *e = n ? tl_names_put_host(n, c, family, a) : NULL;

	c = e ? e : put_addr(c, family, a);
	*c++ = '.';
	e = n ? tl_names_put_port(n, c, port) : NULL;
	return e ? e : put_u64(c, port);
}

/* "IP 198.18.0.1.80 > 198.18.0.2.5000: " as tcpdump -nn writes endpoints; without -n,
 * "IP server.http > client.5000: " as tcpdump does. */
static char *put_ends(struct tl_names *n, char *c, const struct tl_ev_conn *e)
{
	c = put_str(c, e->family == 6 ? "IP6 " : "IP ");
	c = put_end(n, c, e->family, e->laddr, e->lport);
	c = put_str(c, " > ");
	c = put_end(n, c, e->family, e->raddr, e->rport);
	return put_str(c, ": ");
}

static char *put_js_ends(char *c, const struct tl_ev_conn *e)
{
	c = put_str(c, ",\"family\":");
	c = put_u64(c, e->family);
	c = put_str(c, ",\"src\":\"");
	c = put_addr(c, e->family, e->laddr);
	c = put_str(c, "\",\"dst\":\"");
	c = put_addr(c, e->family, e->raddr);
	c = put_str(c, "\",\"sport\":");
	c = put_u64(c, e->lport);
	c = put_str(c, ",\"dport\":");
	c = put_u64(c, e->rport);
	return c;
}

/* "2024-01-02T03:04:05.003000000Z", as the segments' JSON writes its time. */
static char *put_js_time(char *c, int64_t ns)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	char text[32];
	uint64_t frac = (uint64_t)(ns % 1000000000);

	if (ns < 0 || !gmtime_r(&t, &tm) || !strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm))
		return put_str(c, "\"\"");
	*c++ = '"';
	c = put_str(c, text);
	*c++ = '.';
	for (uint64_t d = 100000000; d; d /= 10)
		*c++ = (char)('0' + frac / d % 10);
	return put_str(c, "Z\"");
}

static void count_drop(struct tl_kev_out *k, uint32_t reason)
{
	k->drops++;
	if (reason < TL_KEV_REASONS)
		k->by_reason[reason]++;
	else
		k->other_reasons++;
}

/* The details after the endpoints, text form. */
static char *put_details(struct tl_kev_out *k, char *c, const struct tl_kevent *ev)
{
	char num[24];

	switch (ev->h->kind) {
	case TL_EV_RETRANS: {
		const struct tl_ev_retrans *e = (const void *)ev->h;

		c = put_str(c, "seq ");
		c = put_u64(c, e->seq);
		*c++ = ':';
		c = put_u64(c, e->end_seq);
		c = put_str(c, ", ");
		c = put_str(c, tl_kevent_retrans_why(e->ca_state));
		if (e->err) {
			c = put_str(c, ", not sent (error -");
			c = put_u64(c, (uint64_t) - (int64_t)e->err);
			*c++ = ')';
		}
		return c;
	}
	case TL_EV_STATE: {
		const struct tl_ev_state *e = (const void *)ev->h;

		c = put_str(c, tl_kevent_state_name(e->oldstate));
		c = put_str(c, " -> ");
		return put_str(c, tl_kevent_state_name(e->newstate));
	}
	case TL_EV_RESET: {
		const struct tl_ev_reset *e = (const void *)ev->h;

		c = put_str(c, tl_knames_reset(k->names, e->reason, num, sizeof(num)));
		return e->has_sock ? c : put_str(c, " (no socket)");
	}
	default: {
		const struct tl_ev_close *e = (const void *)ev->h;

		c = put_str(c, "srtt ");
		c = put_u64(c, e->srtt_us / 1000);
		*c++ = '.';
		*c++ = (char)('0' + e->srtt_us / 100 % 10);
		*c++ = (char)('0' + e->srtt_us / 10 % 10);
		*c++ = (char)('0' + e->srtt_us % 10);
		c = put_str(c, " ms, ");
		c = put_u64(c, e->total_retrans);
		c = put_str(c, e->total_retrans == 1 ? " retransmission, " : " retransmissions, ");
		c = put_u64(c, e->bytes_acked);
		c = put_str(c, " bytes sent and acked, ");
		c = put_u64(c, e->bytes_received);
		return put_str(c, " bytes received");
	}
	}
}

static const char *kind_name(unsigned int kind)
{
	switch (kind) {
	case TL_EV_RETRANS:
		return "retransmit";
	case TL_EV_STATE:
		return "state";
	case TL_EV_RESET:
		return "reset sent";
	default:
		return "close";
	}
}

static char *put_js_details(struct tl_kev_out *k, char *c, const struct tl_kevent *ev)
{
	char num[24];

	switch (ev->h->kind) {
	case TL_EV_RETRANS: {
		const struct tl_ev_retrans *e = (const void *)ev->h;

		c = put_str(c, ",\"seq\":");
		c = put_u64(c, e->seq);
		c = put_str(c, ",\"end_seq\":");
		c = put_u64(c, e->end_seq);
		c = put_str(c, ",\"why\":");
		c = put_js(c, tl_kevent_retrans_why(e->ca_state));
		c = put_str(c, ",\"ca_state\":");
		c = put_u64(c, e->ca_state);
		c = put_str(c, ",\"sent\":");
		return put_str(c, e->err ? "false" : "true");
	}
	case TL_EV_STATE: {
		const struct tl_ev_state *e = (const void *)ev->h;

		c = put_str(c, ",\"old\":");
		c = put_js(c, tl_kevent_state_name(e->oldstate));
		c = put_str(c, ",\"new\":");
		return put_js(c, tl_kevent_state_name(e->newstate));
	}
	case TL_EV_RESET: {
		const struct tl_ev_reset *e = (const void *)ev->h;

		c = put_str(c, ",\"reason\":");
		c = put_js(c, tl_knames_reset(k->names, e->reason, num, sizeof(num)));
		c = put_str(c, ",\"socket\":");
		return put_str(c, e->has_sock ? "true" : "false");
	}
	default: {
		const struct tl_ev_close *e = (const void *)ev->h;

		c = put_str(c, ",\"srtt_us\":");
		c = put_u64(c, e->srtt_us);
		c = put_str(c, ",\"retransmissions\":");
		c = put_u64(c, e->total_retrans);
		c = put_str(c, ",\"bytes_acked\":");
		c = put_u64(c, e->bytes_acked);
		c = put_str(c, ",\"bytes_received\":");
		return put_u64(c, e->bytes_received);
	}
	}
}

/* "the segment seen at HH:MM:SS.uuuuuu above": which line, when others came between. */
static char *put_seen_at(char *c, int64_t ts_ns)
{
	time_t t = (time_t)(ts_ns / 1000000000);
	uint64_t us = (uint64_t)(ts_ns % 1000000000) / 1000;
	struct tm tm;
	char hms[16];

	if (!localtime_r(&t, &tm) || !strftime(hms, sizeof(hms), "%H:%M:%S", &tm))
		return put_str(c, "the segment above");
	c = put_str(c, "the segment seen at ");
	c = put_str(c, hms);
	*c++ = '.';
	for (uint64_t d = 100000; d; d /= 10)
		*c++ = (char)('0' + us / d % 10);
	return put_str(c, " above");
}

static char *put_drop_note(char *c, const struct tl_kevent *ev, const char *reason,
			   const char *func)
{
	c = put_str(c, "    | dropped by the kernel: ");
	c = put_str(c, reason);
	c = put_str(c, " (");
	c = put_str(c, func);
	*c++ = ')';
	if (ev->seen_serial && ev->seen_serial != UINT64_MAX) {
		c = put_str(c, ", ");
		c = put_seen_at(c, ev->seen_ts_ns);
	}
	*c++ = '\n';
	return c;
}

const char *tl_kev_why_words(enum tl_kev_why why)
{
	static const char *const words[TL_KEV_WHY_MAX] = {
		[TL_KEV_WHY_RTO] = N_("timer (RTO)"),
		[TL_KEV_WHY_FAST] = N_("fast retransmit"),
		[TL_KEV_WHY_PROBE] = N_("loss probe"),
		[TL_KEV_WHY_CWR] = N_("in CWR"),
	};

	/* Not _(): its msgid varies here, and _() may keep one translation per call site. */
	return (unsigned int)why < TL_KEV_WHY_MAX ? dgettext(TL_TEXTDOMAIN, words[why]) : "?";
}

/* Why the kernel sends a segment again, in a learner's words, for each reason. */
static const char *why_because(enum tl_kev_why why)
{
	switch (why) {
	case TL_KEV_WHY_RTO:
		return _("no acknowledgment came before the retransmission timer expired, so the "
			 "kernel took the segment for lost and sent it again");
	case TL_KEV_WHY_FAST:
		return _("duplicate ACKs or SACK blocks from the peer showed a hole at this "
			 "segment, so the kernel resent it without waiting for the timer");
	case TL_KEV_WHY_CWR:
		return _("the kernel was reducing its sending rate after congestion and resent "
			 "the segment it held for lost");
	default:
		return _("the last data sent went unacknowledged for about two round trips, so "
			 "the kernel probed with it (tail loss probe) to provoke an ACK");
	}
}

/*
 * --explain: the kernel's account of a retransmitted segment beside Wireshark's guess, and
 * why the kernel sent it again. at: "the segment seen at TIME above" or "this segment".
 */
static char *put_agreement(char *c, const char *end, const char *at, const struct tl_ev_retrans *e,
			   uint32_t ws_flags)
{
	enum tl_kev_why why = tl_kevent_retrans_kind(e->ca_state);
	struct tl_ana_result ana = { .flags = ws_flags };
	char label[192];

	end -= 2; /* room for the newlines */
	if (tl_ana_label(&ana, label, sizeof(label)) < 0)
		label[0] = '\0';
	c = put_f(c, end, "%s", TL_EXPLAIN_MARK);
	if (tl_ana_is_retrans(ws_flags))
		c = put_f(c, end, _("the kernel retransmitted %s (%s): Wireshark's %s agrees"), at,
			  tl_kev_why_words(why), label);
	else if (!label[0])
		c = put_f(c, end,
			  _("the kernel retransmitted %s (%s): Wireshark does not call it a "
			    "retransmission, since it saw no earlier copy of these bytes"),
			  at, tl_kev_why_words(why));
	else if (!(ws_flags & TL_ANA_OUT_OF_ORDER))
		/* Keep-alive, window full, previous segment not captured: all at or past the
		 * highest sequence number Wireshark saw. */
		c = put_f(c, end,
			  _("the kernel retransmitted %s (%s): Wireshark calls it %s, not a "
			    "retransmission, since it saw no earlier copy of these bytes"),
			  at, tl_kev_why_words(why), label);
	else
		/* Wireshark's rule: a segment below the highest sent, less than one RTT after
		 * it, is reordering, not loss; on a fast link the kernel's recovery is that
		 * quick. */
		c = put_f(c, end,
			  _("the kernel retransmitted %s (%s): Wireshark calls it %s, not a "
			    "retransmission, since it came less than one round trip after the "
			    "highest segment"),
			  at, tl_kev_why_words(why), label);
	*c++ = '\n';
	c = put_f(c, end + 1, _("%swhy: %s"), TL_EXPLAIN_MARK, why_because(why));
	*c++ = '\n';
	return c;
}

/* "the segment seen at TIME above", for a note that lines came between it and its segment. */
static void put_seen_ts(char *at, size_t n, int64_t ts_ns)
{
	time_t t = (time_t)(ts_ns / 1000000000);
	uint64_t us = (uint64_t)(ts_ns % 1000000000) / 1000;
	struct tm tm;
	char hms[16];

	if (localtime_r(&t, &tm) && strftime(hms, sizeof(hms), "%H:%M:%S", &tm))
		snprintf(at, n, _("the segment seen at %s.%06llu above"), hms,
			 (unsigned long long)us);
	else
		snprintf(at, n, "%s", _("the segment above"));
}

/* --explain under a retransmission the hook saw go out: Wireshark's guess beside it. */
static char *put_retrans_note(char *c, const char *end, const struct tl_kevent *ev)
{
	char at[128];

	put_seen_ts(at, sizeof(at), ev->seen_ts_ns);
	return put_agreement(c, end, at, (const struct tl_ev_retrans *)ev->h, ev->ws_flags);
}

static int drop_event(struct tl_kev_out *k, const struct tl_kevent *ev, bool last_line)
{
	char rbuf[24], fbuf[24];
	const char *reason = tl_knames_drop(k->names, ev->drop->reason, rbuf, sizeof(rbuf));
	const char *func = tl_knames_func(k->names, ev->drop->location, fbuf, sizeof(fbuf));
	const struct tl_record *r = ev->rec;
	char *c = k->line;
	int err = 0;

	count_drop(k, ev->drop->reason);
	if (k->printer) {
		struct tl_kevent e = *ev;

		if (!ev->seen_serial) {
			/* No hook saw it (dropped before it, or --drops-only): its own line,
			 * absolute numbers as with -S, since no connection table was asked. */
			struct tl_segview v;

			tl_view_plain(r, &ev->m, &v);
			err = tl_print_record(k->printer, &v);
		} else if (last_line) {
			e.seen_serial = UINT64_MAX;
		}
		c = put_drop_note(c, &e, reason, func);
		if (!err)
			err = tl_out_write(k->out, k->line, (size_t)(c - k->line));
	}
	if (k->json && !err) {
		unsigned int a = r->family == 6 ? 16 : 4;
		char text[TL_ADDR_TEXT];

		c = k->line;
		c = put_str(c, "{\"drop\":{\"time\":");
		c = put_js_time(c, ev->m.ts_ns);
		c = put_str(c, ",\"time_ns\":");
		c = put_u64(c, (uint64_t)ev->m.ts_ns);
		c = put_str(c, ",\"reason\":");
		c = put_js(c, reason);
		c = put_str(c, ",\"reason_code\":");
		c = put_u64(c, ev->drop->reason);
		c = put_str(c, ",\"function\":");
		c = put_js(c, func);
		c = put_str(c, ",\"seen_at_hook\":");
		c = put_str(c, ev->seen_serial ? "true" : "false");
		c = put_str(c, ",\"frame\":");
		c = ev->seen_serial ? put_u64(c, ev->seen_serial) : put_str(c, "null");
		c = put_str(c, ",\"family\":");
		c = put_u64(c, r->family);
		c = put_str(c, ",\"src\":\"");
		c = put_str(c, tl_addr_text(r->family, tl_rec_saddr(r), text, sizeof(text)));
		c = put_str(c, "\",\"dst\":\"");
		c = put_str(c, tl_addr_text(r->family, tl_rec_saddr(r) + a, text, sizeof(text)));
		c = put_str(c, "\",\"sport\":");
		c = put_u64(c, r->sport);
		c = put_str(c, ",\"dport\":");
		c = put_u64(c, r->dport);
		c = put_str(c, ",\"seq\":");
		c = put_u64(c, r->seq);
		c = put_str(c, ",\"ack\":");
		c = put_u64(c, r->ack);
		c = put_str(c, ",\"flags\":\"");
		for (int i = 0; i < 8; i++)
			if (r->tcp_flags & (1u << i))
				*c++ = TL_TH_LETTERS[i];
		c = put_str(c, "\",\"payload_len\":");
		c = put_u64(c, r->l4_len - (r->doff_byte >> 4) * 4u);
		c = put_str(c, "}}\n");
		err = tl_out_write(k->out, k->line, (size_t)(c - k->line));
	}
	return err;
}

int tl_kev_out_event(struct tl_kev_out *k, const struct tl_kevent *ev, bool last_line)
{
	char *c = k->line;
	int err = 0;

	if (ev->drop)
		return drop_event(k, ev, last_line);
	if (k->printer) {
		c += tl_format_time(k->printer, c, &ev->m.ts);
		c = put_str(c, "kernel: ");
		c = put_str(c, kind_name(ev->h->kind));
		*c++ = ' ';
		if (k->hosts)
			tl_names_line(k->hosts, ev->m.ts_ns);
		c = put_ends(k->hosts, c, ev->c);
		c = put_details(k, c, ev);
		*c++ = '\n';
		if (k->explain && ev->h->kind == TL_EV_RETRANS && ev->seen_serial)
			c = put_retrans_note(c, k->line + sizeof(k->line), ev);
		err = tl_out_write(k->out, k->line, (size_t)(c - k->line));
	}
	if (k->json && !err) {
		c = k->line;
		c = put_str(c, "{\"event\":{\"type\":");
		c = put_js(c, kind_name(ev->h->kind));
		c = put_str(c, ",\"time\":");
		c = put_js_time(c, ev->m.ts_ns);
		c = put_str(c, ",\"time_ns\":");
		c = put_u64(c, (uint64_t)ev->m.ts_ns);
		c = put_js_ends(c, ev->c);
		c = put_js_details(k, c, ev);
		c = put_str(c, "}}\n");
		err = tl_out_write(k->out, k->line, (size_t)(c - k->line));
	}
	return err;
}

int tl_kev_out_retrans_note(struct tl_kev_out *k, const struct tl_ev_retrans *rt, uint32_t ws_flags)
{
	char *c =
		put_agreement(k->line, k->line + sizeof(k->line), _("this segment"), rt, ws_flags);

	return tl_out_write(k->out, k->line, (size_t)(c - k->line));
}

int tl_kev_out_dup_note(struct tl_kev_out *k, int64_t ts_ns, uint32_t ws_flags)
{
	struct tl_ana_result ana = { .flags = ws_flags };
	const char *end = k->line + sizeof(k->line) - 1;
	char label[192], at[128], *c = k->line;

	if (tl_ana_label(&ana, label, sizeof(label)) < 0)
		label[0] = '\0';
	if (ts_ns >= 0)
		put_seen_ts(at, sizeof(at), ts_ns);
	else
		snprintf(at, sizeof(at), "%s", _("this segment"));
	c = put_f(c, end, "%s", TL_EXPLAIN_MARK);
	/* The socket's every retransmission passes the tracepoint, sent or not: without one,
	 * the copy was made further on, by a link or a switch that duplicated it, or by a
	 * capture that saw it on two interfaces. */
	c = put_f(c, end,
		  _("the kernel did not retransmit %s, though Wireshark calls it %s: the socket "
		    "did not send these bytes again, so this copy was made after it sent them (by "
		    "the network, or the capture saw them twice)"),
		  at, label);
	*c++ = '\n';
	return tl_out_write(k->out, k->line, (size_t)(c - k->line));
}

int tl_kev_out_json_summary(struct tl_kev_out *k)
{
	char num[24], *c = k->line;
	char *end = k->line + sizeof(k->line) - 128;
	bool first = true;

	if (!k->json)
		return 0;
	c = put_str(c, "{\"kernel_drops\":{\"total\":");
	c = put_u64(c, k->drops);
	c = put_str(c, ",\"by_reason\":{");
	for (uint32_t i = 0; i < TL_KEV_REASONS && c < end; i++) {
		if (!k->by_reason[i])
			continue;
		if (!first)
			*c++ = ',';
		first = false;
		c = put_js(c, tl_knames_drop(k->names, i, num, sizeof(num)));
		*c++ = ':';
		c = put_u64(c, k->by_reason[i]);
	}
	if (k->other_reasons) {
		c = put_str(c, first ? "\"other\":" : ",\"other\":");
		c = put_u64(c, k->other_reasons);
	}
	c = put_str(c, "}}}\n");
	return tl_out_write(k->out, k->line, (size_t)(c - k->line));
}

void tl_kev_out_report(const struct tl_kev_out *k)
{
	char num[24];

	if (!k->drops)
		return;
	fprintf(stderr, "%llu segments dropped by the kernel:", (unsigned long long)k->drops);
	for (uint32_t i = 0, n = 0; i < TL_KEV_REASONS; i++)
		if (k->by_reason[i])
			fprintf(stderr, "%s %llu %s", n++ ? "," : "",
				(unsigned long long)k->by_reason[i],
				tl_knames_drop(k->names, i, num, sizeof(num)));
	if (k->other_reasons)
		fprintf(stderr, ", %llu other", (unsigned long long)k->other_reasons);
	fputc('\n', stderr);
}

uint64_t tl_kev_out_drops(const struct tl_kev_out *k)
{
	return k->drops;
}
