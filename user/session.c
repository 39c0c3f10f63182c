// SPDX-License-Identifier: GPL-2.0-only
/*
 * A tracing session: open it (programs.c loads the programs, scopes.c gives each namespace
 * its instance and ring, ifaces.c attaches them), then the loop that hands every record to
 * the outputs in time order, and the counters at the end.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "capture/counters.h"
#include "capture/filter_splice.h"
#include "capture/privs.h"
#include "log.h"
#include "session_int.h"

/* Records tcplens itself lost so far, for --explain's "previous segment not captured". */
static uint64_t own_drops(void *ctx)
{
	const struct tl_session *run = ctx;
	uint64_t cnt[TL_CNT_MAX] = { 0 };

	if (run->stats_fd < 0 || tl_counters_add(run->stats_fd, cnt))
		return 0;
	return cnt[TL_CNT_RING_FULL];
}

static const char *ifname_of(const struct tl_session *run, uint32_t ifindex)
{
	/* ifindexes repeat across namespaces: the ring being read says which one. */
	for (int i = 0; i < run->n_ifs; i++)
		if ((uint32_t)run->ifs[i].ifindex == ifindex && run->ifs[i].scope == run->cur_scope)
			return run->ifs[i].name;
	return "?";
}

/* A kernel event: stamped on the segments' clock, so it takes its place among their lines. */
static void on_event(struct tl_session *run, const struct tl_event_hdr *h)
{
	struct tl_capture_meta m = { .ifname = "?" };

	m.ts_ns = tl_clock_real_ns(&run->clock, h->ts_ns);
	m.ts.sec = m.ts_ns / 1000000000;
	m.ts.frac = (uint32_t)(m.ts_ns % 1000000000);
	if (!run->o->print.nano)
		m.ts.frac /= 1000;
	if (h->kind == TL_EV_DROP && h->size >= sizeof(struct tl_ev_drop) + TL_RECORD_HDR) {
		const struct tl_ev_drop *d = (const struct tl_ev_drop *)h;

		/* Its interface is named in the namespace it was dropped in. */
		for (int s = 0; s < run->o->n_scopes; s++)
			if (run->scopes[s].netns_ino && run->scopes[s].netns_ino == d->netns)
				run->cur_scope = s;
		m.ifname = ifname_of(run, ((const struct tl_record *)(d + 1))->ifindex);
	}
	if (tl_outputs_event(run->outs, h, &m))
		*run->flags->stop = 1;
}

void tl_session_on_record(void *ctx, const struct tl_record *r)
{
	struct tl_session *run = ctx;
	struct tl_capture_meta m;
	union {
		struct tl_record r;
		uint8_t b[TL_RECORD_MAX];
	} flipped;

	if (((const uint8_t *)r)[0] == TL_EVENT_MARK) {
		on_event(run, (const struct tl_event_hdr *)r);
		return;
	}
	if (run->o->scopes[run->cur_scope].host_side && r->size <= sizeof(flipped)) {
		/* --host-side: what leaves the host end enters the container, and back. */
		memcpy(&flipped, r, r->size);
		flipped.r.flags ^= TL_RF_EGRESS;
		r = &flipped.r;
	}
	if (run->replay) {
		m.ts = *tl_replay_ts(run->replay);
		m.ts_ns = (int64_t)r->ts_ns;
		m.frame = tl_replay_frame_no(run->replay);
		m.number = tl_replay_number(run->replay);
		m.ifname = NULL;
		m.netns = NULL;
	} else {
		m.ts_ns = tl_clock_real_ns(&run->clock, r->ts_ns);
		m.ts.sec = m.ts_ns / 1000000000;
		m.ts.frac = (uint32_t)(m.ts_ns % 1000000000);
		if (!run->o->print.nano)
			m.ts.frac /= 1000;
		m.frame = ++run->records;
		m.number = m.frame;
		m.ifname = ifname_of(run, r->ifindex);
		/* --host-side too: the lines name the container's interface and directions. */
		m.netns = run->scopes[run->cur_scope].name;
	}
	if (tl_outputs_record(run->outs, r, &m))
		*run->flags->stop = 1;
	if (*run->flags->report_now) {
		*run->flags->report_now = 0;
		tl_outputs_report(run->outs);
	}
}

static void on_skip(void *ctx, const struct tl_ts *ts)
{
	struct tl_session *run = ctx;

	tl_outputs_skip(run->outs, ts);
}

/* -w: the file's interfaces; in replay one, named for the capture it came from. */
static int open_writer(struct tl_session *run)
{
	struct tl_pcap_if ifs[TL_MAX_IFACES];
	char desc[TL_MAX_IFACES][128];
	int n = 0;

	if (run->replay) {
		snprintf(desc[0], sizeof(desc[0]), "rebuilt by tcplens from %s", run->o->read_file);
		ifs[n++] = (struct tl_pcap_if){ .name = "replay", .desc = desc[0] };
	}
	for (int i = 0; i < run->n_ifs; i++, n++) {
		snprintf(desc[n], sizeof(desc[n]), "traced by tcplens: %s",
			 tl_attach_desc(run->ifs[i].att));
		ifs[n] = (struct tl_pcap_if){ .name = run->ifs[i].name,
					      .ifindex = (uint32_t)run->ifs[i].ifindex,
					      .desc = desc[n] };
	}
	return tl_outputs_open_file(run->outs, ifs, n);
}

int tl_session_open(const struct tl_opts *o, struct tl_outputs *outs,
		    const struct tl_session_flags *flags, struct tl_session **out)
{
	struct tl_session *run = calloc(1, sizeof(*run));
	int err;

	*out = run;
	if (!run) {
		tl_err("out of memory");
		return -ENOMEM;
	}
	run->o = o;
	run->outs = outs;
	run->flags = flags;
	run->stats_fd = run->epfd = run->wake_fd = -1;
	for (int s = 0; s < TL_MAX_SCOPES; s++)
		run->scopes[s].netns_fd = run->scopes[s].pidfd = -1;
	tl_outputs_set_own_drops(outs, own_drops, run);
	tl_programs_frame_cfg(o, &run->fc);
	if (o->read_file) {
		err = tl_replay_open(o->read_file, o->print.nano, &run->fc, &run->replay);
		if (err)
			return err;
	}
	if (o->filter) {
		err = tl_programs_setup_filter(o, &run->flt_link, &run->flt_raw);
		if (err)
			return err;
		if (o->read_file && o->number)
			tl_replay_count(run->replay, run->flt_link);
	}
	run->skel = tcplens_bpf__open();
	if (!run->skel) {
		err = -errno;
		tl_err("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	run->ncpu = (unsigned int)libbpf_num_possible_cpus();
	tl_programs_configure(run);
	if (!o->read_file && o->proc_on) {
		err = tl_programs_open_proc(run);
		if (err)
			return err; /* it said why */
	}
	if (!o->read_file) {
		err = tl_scopes_open(run);
		if (!err && tl_caps_check(o->n_scopes > 1))
			err = -EPERM;
		if (err)
			return err; /* they said why */
	}
	err = tl_programs_load(run);
	if (err)
		return err;
	if (!run->user_parser && !o->read_file)
		run->stats_fd = bpf_map__fd(run->skel->maps.stats);
	if (!run->user_parser) {
		err = o->read_file ? tl_ring_open(bpf_map__fd(run->skel->maps.events),
						  tl_session_on_record, run, &run->ring)
				   : tl_scopes_open_ring(run, run->skel, &run->ring);
		if (err) {
			tl_err("cannot open the ring buffer: %s", strerror(-err));
			return err;
		}
	}
	if (o->read_file)
		return 0;
	/* The first namespace traced uses the instance just loaded; each other one its own. */
	while (run->first < o->n_scopes - 1 && !run->scopes[run->first].used)
		run->first++;
	run->cur_scope = run->first;
	for (int s = run->first; s < o->n_scopes; s++) {
		if (!run->scopes[s].used)
			continue;
		if (s == run->first) {
			run->scopes[s].skel = run->skel;
			run->scopes[s].ring = run->ring;
		} else {
			err = tl_scopes_load(run, s, run->skel, run->flt_link, run->flt_raw);
			if (err)
				return err;
		}
	}
	return 0;
}

int tl_session_replay(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	struct tl_replay_sink sink = { .record = tl_session_on_record,
				       .skip = on_skip,
				       .ctx = run };

	fprintf(stderr, "reading from file %s, link-type %s, snapshot length %d\n", o->read_file,
		tl_replay_link_name(run->replay), tl_replay_snaplen(run->replay));
	if (o->write.path && open_writer(run))
		return 1; /* it said why; nothing was read */
	return tl_replay_run(run->replay,
			     run->user_parser ? -1 : bpf_program__fd(run->skel->progs.tl_replay),
			     run->ring, &sink, run->flags->stop);
}

/* The line scripts wait for: everything is attached once it is printed. */
static void say_listening(const struct tl_session *run, const char *names)
{
	const struct tl_opts *o = run->o;
	bool any = o->print.ifprefix && o->n_ifaces <= 1;

	/* The link type a tcpdump user would see: several interfaces print like -i any. */
	fprintf(stderr, "tcplens: listening on %s, link-type %s, snapshot length 262144 bytes\n",
		names,
		run->n_ifs != 1 || any ? "LINUX_SLL2 (Linux cooked v2)"
		: tl_attach_link_type(run->ifs[0].att) == TL_LINK_RAW ? "RAW (Raw IP)"
								      : "EN10MB (Ethernet)");
}

/* The inode number of a namespace (fd -1: ours), as the kernel's events name it. */
static uint32_t netns_ino(int fd)
{
	struct stat st;

	if (fd < 0 ? stat("/proc/self/ns/net", &st) : fstat(fd, &st))
		return 0;
	return (uint32_t)st.st_ino;
}

/*
 * --drops, --events: their programs, loaded now that the ring they write to exists, and
 * attached before the hooks so the first segments' events are not missed. They report
 * events of the namespaces traced only.
 */
static int open_kevents(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	struct tl_kevents_cfg kc = { .drops = o->drops, .events = o->kevents };
	int n = 0;

	if (!o->drops && !o->kevents)
		return 0;
	kc.ring_fd = bpf_map__fd(run->skel->maps.events);
	for (int s = 0; s < o->n_scopes && n < TL_EV_NETNS_MAX; s++)
		if (o->scopes[s].any || o->scopes[s].n_ifaces ||
		    (o->drops_only && o->n_scopes == 1))
			kc.netns[n++] = run->scopes[s].netns_ino =
				netns_ino(run->scopes[s].netns_fd);
	return tl_kevents_open(&kc, &run->kev);
}

/*
 * How long the reader sleeps when no ring wakes it. The hooks wake it only once a ring holds
 * cfg_wakeup_bytes (tl_ring_write), so at a low rate a record waits out this sleep in its
 * ring. A line waits for a host name only until --name-wait after its capture: a record that
 * spent most of that in the ring printed the number though /etc/hosts answers in
 * microseconds, where tcpdump printed the name. With names, the reader looks ten times per
 * wait instead (a wakeup every 10 ms by default, when idle).
 */
static int idle_poll_ms(const struct tl_opts *o)
{
	if (o->numeric || !o->names.wait_ms || o->names.wait_ms >= 1000)
		return 100;
	return o->names.wait_ms >= 10 ? (int)(o->names.wait_ms / 10) : 1;
}

int tl_session_live(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	char names[TL_MAX_IFACES * (IF_NAMESIZE * 2 + 2)];
	int first = run->first, err;

	err = tl_scopes_setup_merge(run, first);
	if (!err)
		err = open_kevents(run);
	if (!err && o->drops_only)
		snprintf(names, sizeof(names), "kernel drops (--drops-only)");
	else if (!err)
		err = tl_ifaces_attach_all(run, names, sizeof(names));
	if (!err && o->drop_user)
		err = tl_ifaces_drop_privileges(run);
	if (!err)
		err = tl_scopes_start_readers(run, first);
	if (!err && o->write.path && !*run->flags->stop)
		err = open_writer(run);
	if (err)
		return err; /* it said why */
	tl_clock_sync(&run->clock);
	if (o->drops_only)
		fprintf(stderr, "tcplens: listening on %s\n", names);
	else
		say_listening(run, names);

	while (!*run->flags->stop) {
		err = tl_scopes_read(run, first, idle_poll_ms(o));
		if (err < 0) {
			tl_err("reading the ring buffer: %s", strerror(-err));
			return err;
		}
		if (*run->flags->report_now) {
			*run->flags->report_now = 0;
			tl_outputs_report(run->outs);
		}
		if (err == 0)
			tl_outputs_idle(run->outs);
		tl_clock_maybe_sync(&run->clock);
		tl_scopes_check_stopped(run);
	}
	/*
	 * Records may still wait in a per-CPU batch: stop new ones, let the flush timers fire
	 * (late ones too: a loaded machine runs them late), then drain, so everything the hooks
	 * saw is printed or counted. A hook still running as we detach ends within microseconds.
	 */
	for (int i = 0; i < run->n_ifs; i++)
		tl_detach(run->ifs[i].att);
	run->n_ifs_detached = run->n_ifs;
	usleep(2000);
	for (int ms = 0; ms < 2000 && tl_scopes_batches_pending(run); ms++)
		usleep(1000);
	tl_ring_drain(run->ring);
	tl_scopes_drain(run, first);
	if (run->merge)
		tl_merge_flush(run->merge);
	return 0;
}

void tl_session_counters(const struct tl_session *run, uint64_t cnt[TL_CNT_MAX], uint64_t *bad)
{
	memset(cnt, 0, sizeof(uint64_t) * TL_CNT_MAX);
	if (run->user_parser) {
		memcpy(cnt, tl_replay_counters(run->replay), sizeof(uint64_t) * TL_CNT_MAX);
		*bad = 0;
		return;
	}
	tl_counters_add(bpf_map__fd(run->skel->maps.stats), cnt);
	if (run->replay) {
		*bad = tl_ring_bad(run->ring);
		return;
	}
	tl_scopes_add_counters(run, run->first, cnt);
	*bad = tl_scopes_bad(run, run->first);
}

void tl_session_report(const struct tl_session *run)
{
	uint64_t evc[TL_EVC_MAX] = { 0 };

	if (run->kev) {
		tl_kevents_counters(run->kev, evc);
		tl_outputs_print_kevents(run->outs, evc);
	}
	if (run->merge && tl_merge_forced(run->merge))
		tl_info("%llu segments were handed on before their turn because the reader fell "
			"behind: their lines may be out of time order",
			(unsigned long long)tl_merge_forced(run->merge));
}

void tl_session_close(struct tl_session *run)
{
	if (!run)
		return;
	for (int i = run->n_ifs_detached; i < run->n_ifs; i++)
		tl_detach(run->ifs[i].att);
	tl_kevents_close(run->kev);
	tl_scopes_close(run, run->skel);
	tl_ring_close(run->ring);
	tl_merge_free(run->merge);
	if (run->epfd >= 0)
		close(run->epfd);
	if (run->wake_fd >= 0)
		close(run->wake_fd);
	tcplens_bpf__destroy(run->skel);
	tl_proc_close(run->proc);
	tl_replay_close(run->replay);
	tl_filter_splice_end();
	tl_filter_free(run->flt_link);
	tl_filter_free(run->flt_raw);
	free(run);
}
