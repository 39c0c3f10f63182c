// SPDX-License-Identifier: GPL-2.0-only
/* The outputs a run asked for, chosen once at start and given every segment view in order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "out/json.h"
#include "out/outputs.h"

struct tl_outputs {
	struct tl_outputs_cfg cfg;
	struct tl_outputs_stats st;
	struct tl_out *out; /* standard output */
	struct tl_view *view;
	struct tl_names *names;	    /* NULL with -n, or when nothing prints a name */
	struct tl_printer *printer; /* NULL with -w or --json */
	struct tl_explain *explain; /* NULL unless --explain, --summary or --ladder */
	struct tl_pcap *pcap;	    /* -w, once opened */
	struct tl_json *json;
	struct tl_kev_out *kev;	 /* --drops, --events: their lines and objects */
	struct tl_kev_match *km; /* and what ties them to segments */
	uint64_t last_line;	 /* frame whose line was printed last; 0: another line */
	bool failed;		 /* an output failed: nothing more is written */
	bool files_done;	 /* -G with -W wrote its last file */
};

static bool tl_explaining(const struct tl_explain_cfg *e)
{
	return e->explain || e->summary || e->ladder;
}

int tl_outputs_new(const struct tl_outputs_cfg *cfg, struct tl_outputs **out)
{
	bool machine = cfg->write.path || cfg->json;
	struct tl_view_cfg vc = {
		.flows = cfg->flows,
		.abs_seq = cfg->print.abs_seq,
		/* -w alone prints no numbers; JSON and explain quote tcpdump's, and with summary
		 * and ladder the table must hold what it holds for the text line. */
		.relative = !cfg->write.path || cfg->json || tl_explaining(&cfg->explain),
		.analyse = cfg->json || tl_explaining(&cfg->explain),
		.ana_lists = cfg->json || cfg->explain.explain,
		.len0_as_4993 = cfg->print.len0_as_4993,
		.ext_size = tl_explaining(&cfg->explain) ? tl_explain_ext_size() : 0,
	};
	/* The text line and the reports' endpoints print names; JSON and files keep numbers. */
	bool named = !cfg->numeric && (!machine || cfg->explain.summary || cfg->explain.ladder);
	struct tl_print_cfg pc = cfg->print;
	struct tl_explain_cfg ec = cfg->explain;
	struct tl_outputs *o = calloc(1, sizeof(*o));
	int err;

	*out = NULL;
	if (!o)
		goto nomem;
	o->cfg = *cfg;
	if (named) {
		err = tl_names_new(&cfg->names, &o->names);
		if (err == -ENOMEM)
			goto nomem;
		if (err) {
			tl_outputs_free(o);
			return err; /* it said why */
		}
	}
	pc.names = ec.names = o->names;
	ec.kevents = cfg->kevents;
	o->out = tl_out_new(STDOUT_FILENO, cfg->linebuf);
	o->view = tl_view_new(&vc);
	if (!o->out || !o->view)
		goto nomem;
	if (!machine && !(o->printer = tl_printer_new(&pc, o->out)))
		goto nomem;
	if (o->printer)
		tl_view_set_tcp_probe(o->view, tl_print_reaches_tcp, o->printer);
	if (cfg->json && !(o->json = tl_json_new(o->out)))
		goto nomem;
	if (tl_explaining(&cfg->explain) && !(o->explain = tl_explain_new(&ec, o->out, o->view)))
		goto nomem;
	if ((cfg->drops || cfg->kevents) &&
	    (!(o->kev = tl_kev_out_new(o->out, o->printer, o->names, cfg->json, cfg->drops,
				       cfg->explain.explain)) ||
	     !(o->km = tl_kev_match_new())))
		goto nomem;
	*out = o;
	return 0;
nomem:
	tl_err("out of memory");
	tl_outputs_free(o);
	return -ENOMEM;
}

void tl_outputs_set_own_drops(struct tl_outputs *o, uint64_t (*fn)(void *ctx), void *ctx)
{
	if (o->explain)
		tl_explain_set_own_drops(o->explain, fn, ctx);
}

int tl_outputs_open_file(struct tl_outputs *o, const struct tl_pcap_if *ifs, int n_ifs)
{
	return tl_pcap_open(&o->cfg.write, ifs, n_ifs, &o->pcap);
}

/*
 * The capture file's record: with --explain its annotation becomes the packet comment.
 * Returns 0, 1 when -G with -W has no file left for it, or a negative errno.
 */
static int tl_outputs_file(struct tl_outputs *o, const struct tl_segview *v)
{
	/* Not `= ""`: that clears all 4 KiB for every record, most of -w's CPU per segment. */
	char note[4096];
	struct tl_ts t = v->m.ts;

	note[0] = '\0';
	if (o->explain && o->cfg.explain.explain)
		tl_explain_comment(o->explain, note, sizeof(note));
	if (o->cfg.write.live) {
		/* The file holds ns (or us) of the capture, whatever the text would print. */
		t.sec = v->m.ts_ns / 1000000000;
		t.frac = (uint32_t)(v->m.ts_ns % 1000000000);
	}
	return tl_pcap_record(o->pcap, v->r, t.sec, t.frac, note);
}

/*
 * -#: tcpdump's "%5u  " before everything else of the line. Its count is an unsigned int:
 * past 4294967295 it wraps, and so does this.
 */
static int tl_outputs_number(struct tl_outputs *o, uint64_t number)
{
	char buf[16], *c = buf + sizeof(buf) - 2;
	uint32_t v = (uint32_t)number;

	buf[sizeof(buf) - 2] = buf[sizeof(buf) - 1] = ' ';
	do {
		*--c = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (c > buf + sizeof(buf) - 7)
		*--c = ' ';
	return tl_out_prefix(o->out, c, (size_t)(buf + sizeof(buf) - c));
}

/*
 * --explain: the copies Wireshark calls retransmissions that no kernel retransmission event
 * claimed by now_ns (INT64_MAX: all at the end) get their note before the next line.
 */
static int tl_outputs_dup_notes(struct tl_outputs *o, int64_t now_ns)
{
	uint64_t serial;
	int64_t ts_ns;
	uint32_t flags;
	int err = 0;

	while (!err && tl_kev_match_dup_due(o->km, now_ns, &serial, &ts_ns, &flags)) {
		err = tl_kev_out_dup_note(o->kev, serial == o->last_line ? -1 : ts_ns, flags);
		o->last_line = 0;
	}
	return err;
}

bool tl_outputs_record(struct tl_outputs *o, const struct tl_record *r,
		       const struct tl_capture_meta *m)
{
	struct tl_segview v;
	int err = 0;

	if (o->failed || o->files_done ||
	    (o->cfg.count && o->st.printed >= (uint64_t)o->cfg.count)) {
		o->st.not_printed++;
		return true;
	}
	if (o->km && tl_outputs_dup_notes(o, m->ts_ns)) {
		o->failed = true;
		return true;
	}
	tl_view_decode(o->view, r, m, &v);
	if (o->km)
		tl_kev_match_segment(o->km, r, m->frame, m->ts_ns, v.analysed ? v.ana.flags : 0);
	o->last_line = m->frame;
	if (o->names)
		tl_names_line(o->names, v.m.ts_ns);
	/* The fixed order: the line, its annotation, the file, the JSON line. */
	if (o->printer && o->cfg.number)
		err = tl_outputs_number(o, m->number);
	if (!err && o->printer)
		err = tl_print_record(o->printer, &v);
	if (!err && o->explain)
		err = tl_explain_segment(o->explain, &v);
	if (!err && o->explain && o->printer) {
		size_t n;
		const char *note = tl_explain_note(o->explain, &n);

		if (n)
			err = tl_out_write(o->out, note, n);
	}
	if (!err && o->km && o->cfg.kevents) {
		/* Sent from a traced socket: was it the kernel's retransmission? */
		const struct tl_ev_retrans *rt = tl_kev_match_retrans_of(o->km, r);

		if (rt && o->printer && o->cfg.explain.explain)
			err = tl_kev_out_retrans_note(o->kev, rt, v.analysed ? v.ana.flags : 0);
		/* No event yet is no answer: at tc egress the segment comes before it. */
		else if (!rt && o->printer && o->cfg.explain.explain && v.analysed &&
			 tl_ana_is_retrans(v.ana.flags) && tl_explain_traced(o->explain, &v))
			tl_kev_match_dup_wait(o->km);
	}
	if (!err && o->pcap) {
		err = tl_outputs_file(o, &v);
		if (err > 0) {
			/* -G with -W: the last file is written; this record and any still in the
			 * ring count as not written, and --json stops with the files. */
			o->files_done = true;
			o->st.not_printed++;
			return true;
		}
	}
	if (!err && o->json)
		err = tl_json_record(o->json, &v);
	if (err) {
		/* The reader went away (EPIPE) or the disk is full: nothing more can be shown. */
		o->failed = true;
		return true;
	}
	return ++o->st.printed == (uint64_t)o->cfg.count;
}

bool tl_outputs_event(struct tl_outputs *o, const struct tl_event_hdr *h,
		      const struct tl_capture_meta *m)
{
	struct tl_kevent ev;
	int err;

	/* Process attribution's kinds (TL_EV_PROC and up) are another module's to take. */
	if (!o->kev || o->failed || o->files_done || h->kind >= TL_EV_PROC)
		return o->failed || o->files_done;
	if (!tl_kevent_decode(h, m, &ev)) {
		o->st.kev_bad++;
		return false;
	}
	if (ev.drop)
		tl_kev_match_drop(o->km, &ev);
	if (o->explain)
		tl_explain_kevent(o->explain, &ev);
	if (h->kind == TL_EV_RETRANS && !tl_kev_match_retrans_seen(o->km, &ev))
		tl_kev_match_retrans(o->km, (const struct tl_ev_retrans *)h);
	/* After the match above: this event may be the answer a copy waits for. */
	err = tl_outputs_dup_notes(o, m->ts_ns);
	if (!err)
		err = tl_kev_out_event(o->kev, &ev,
				       ev.seen_serial && ev.seen_serial == o->last_line);
	o->last_line = 0;
	if (err) {
		o->failed = true;
		return true;
	}
	return false;
}

void tl_outputs_print_kevents(const struct tl_outputs *o, const uint64_t evc[TL_EVC_MAX])
{
	static const char *const what[] = { [TL_EV_DROP] = "drops",
					    [TL_EV_RETRANS] = "retransmissions",
					    [TL_EV_STATE] = "state changes",
					    [TL_EV_RESET] = "resets sent",
					    [TL_EV_CLOSE] = "closes" };
	uint64_t lost = 0;

	if (!o->kev)
		return;
	fprintf(stderr, "kernel events delivered:");
	for (unsigned int k = TL_EV_DROP; k <= TL_EV_CLOSE; k++) {
		lost += evc[TL_EVC_LOST(k)];
		fprintf(stderr, "%s %llu %s", k == TL_EV_DROP ? "" : ",",
			(unsigned long long)evc[TL_EVC_WRITTEN(k)], what[k]);
	}
	fprintf(stderr, "; %llu lost (ring full), %llu malformed\n", (unsigned long long)lost,
		(unsigned long long)o->st.kev_bad);
	tl_kev_out_report(o->kev);
}

void tl_outputs_skip(struct tl_outputs *o, const struct tl_ts *ts)
{
	if (o->printer)
		tl_print_skip(o->printer, ts);
}

void tl_outputs_idle(struct tl_outputs *o)
{
	if (!o->cfg.linebuf)
		tl_out_flush(o->out);
	tl_pcap_flush(o->pcap);
}

void tl_outputs_report(struct tl_outputs *o)
{
	if (o->explain)
		tl_explain_report(o->explain, false);
}

int tl_outputs_finish(struct tl_outputs *o, const uint64_t cnt[TL_CNT_MAX], uint64_t bad)
{
	struct tl_json_summary js = { .printed = o->st.printed,
				      .not_printed = o->st.not_printed,
				      .user_bad = bad };
	struct tl_pcap_stats st = { .valid = true };
	int err = 0;

	memcpy(st.cnt, cnt, sizeof(st.cnt));
	memcpy(js.cnt, cnt, sizeof(js.cnt));
	if (o->km && !o->failed && tl_outputs_dup_notes(o, INT64_MAX))
		o->failed = true;
	if (o->pcap) {
		o->st.file_drops = js.file_drops = tl_pcap_drops(o->pcap);
		o->st.file_written = js.file_written = tl_pcap_written(o->pcap);
		err = tl_pcap_close(o->pcap, &st);
		o->pcap = NULL;
		if (js.file_drops)
			tl_err("%llu segments not written to %s: the disk was slower than the "
			       "traffic (the file's statistics block counts them as osdrop)",
			       (unsigned long long)js.file_drops, o->cfg.write.path);
	}
	if (o->json && o->kev && o->cfg.drops && !o->failed && tl_kev_out_json_summary(o->kev))
		err = err ? err : -EIO;
	if (o->json && !o->failed && tl_json_summary(o->json, &js))
		err = err ? err : -EIO;
	tl_out_flush(o->out);
	return err;
}

void tl_outputs_print_counters(const struct tl_outputs *o, const uint64_t cnt[TL_CNT_MAX],
			       uint64_t bad)
{
	const struct tl_outputs_stats *s = &o->st;

	if (o->cfg.write.path)
		fprintf(stderr, "%llu segments written to %s\n",
			(unsigned long long)s->file_written,
			strcmp(o->cfg.write.path, "-") ? "files" : "standard output");
	else
		fprintf(stderr, "%llu segments printed\n", (unsigned long long)s->printed);
	fprintf(stderr,
		"%llu packets seen by the hook: %llu TCP segments delivered, %llu dropped "
		"(ring full), %llu filtered, %llu sampled out, %llu not TCP, %llu IP fragments, "
		"%llu malformed\n",
		(unsigned long long)cnt[TL_CNT_SEEN], (unsigned long long)cnt[TL_CNT_EMITTED],
		(unsigned long long)cnt[TL_CNT_RING_FULL], (unsigned long long)cnt[TL_CNT_FILTERED],
		(unsigned long long)cnt[TL_CNT_SAMPLED_OUT],
		(unsigned long long)cnt[TL_CNT_NON_TCP], (unsigned long long)cnt[TL_CNT_IP_FRAG],
		(unsigned long long)cnt[TL_CNT_MALFORMED]);
	fprintf(stderr,
		"%llu delivered: %llu printed, %llu not printed (-c reached or output closed), "
		"%llu dropped in user space (malformed record), %llu truncated segments\n",
		(unsigned long long)cnt[TL_CNT_EMITTED], (unsigned long long)s->printed,
		(unsigned long long)s->not_printed, (unsigned long long)bad,
		(unsigned long long)cnt[TL_CNT_TRUNCATED]);
	if (o->names && o->cfg.names.live && o->printer)
		fprintf(stderr,
			"%llu lines printed an address as a number: its name lookup took longer "
			"than --name-wait (%u ms)\n",
			(unsigned long long)tl_names_late(o->names), o->cfg.names.wait_ms);
}

void tl_outputs_free(struct tl_outputs *o)
{
	if (!o)
		return;
	if (o->explain && !o->failed)
		tl_explain_report(o->explain, true);
	if (o->out)
		tl_out_flush(o->out);
	tl_explain_free(o->explain);
	tl_kev_out_free(o->kev);
	tl_kev_match_free(o->km);
	tl_pcap_close(o->pcap, NULL);
	tl_json_free(o->json);
	tl_printer_free(o->printer);
	tl_names_free(o->names);
	tl_view_free(o->view);
	tl_out_free(o->out);
	free(o);
}
