// SPDX-License-Identifier: GPL-2.0-only
/* A tracing session: namespaces, the loaded programs and their rings, the interfaces they are
 * attached to, and the loop that hands every record to the outputs in time order. */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <linux/capability.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tcplens.h" /* before the skeleton: its rodata uses our types */
#include "tcplens.skel.h"
#include "capture/attach.h"
#include "out/proto/app.h"
#include "out/proto/decode.h"
#include "capture/clock.h"
#include "capture/container.h"
#include "capture/counters.h"
#include "capture/filter.h"
#include "capture/filter_splice.h"
#include "capture/merge.h"
#include "capture/netns.h"
#include "capture/privs.h"
#include "capture/proc.h"
#include "capture/replay.h"
#include "capture/ring.h"
#include "log.h"
#include "out/proc.h"
#include "session.h"

#define TL_BATCH_BYTES	   4096 /* per-CPU record batch, bpf/tcplens.bpf.c's maximum */
#define TL_RING_MB_PAYLOAD 64	/* default ring (MiB) when records carry payload, see ring_mb() */

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

static void on_record(void *ctx, const struct tl_record *r)
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

/* A record whose turn has come: its stream says which namespace's ring it came through. */
static void on_merged(void *ctx, unsigned int stream, const struct tl_record *r)
{
	struct tl_session *run = ctx;

	/* Kernel events come through the first namespace's ring, whichever namespace. */
	run->cur_scope = stream >= run->ev_base ? run->first : (int)(stream / run->ncpu);
	on_record(run, r);
}

static void on_skip(void *ctx, const struct tl_ts *ts)
{
	struct tl_session *run = ctx;

	tl_outputs_skip(run->outs, ts);
}

/*
 * The ring's size in MiB: --ring-size, else 16, or 64 when records carry payload (-A, -x,
 * -X, decoder ports, -s with -w): a 1.5 KB record fills the ring 20 times as fast as a
 * 64-byte one, and the reader needs the same time in hand for a stall.
 */
static unsigned int ring_mb(const struct tl_session *run)
{
	if (run->o->ring_set || (!run->fc.every && !run->fc.decode))
		return run->o->ring_mb;
	return TL_RING_MB_PAYLOAD;
}

/*
 * Verify only what will run: the replay program for -r, else the hook's programs, with the
 * raw-IP variants only when a device without a link header is traced.
 */
static int load_bpf(struct tcplens_bpf *skel, const struct tl_session *run, bool any_raw)
{
	const struct tl_opts *o = run->o;
	/* --drops-only: the maps alone (the ring the drop events share). */
	bool hooks = !o->drops_only;
	const struct bpf_program *want[] = {
		o->read_file ? skel->progs.tl_replay : NULL,
		!o->read_file && (o->hook == TL_HOOK_XDP || o->hook == TL_HOOK_XDP_GENERIC)
			? skel->progs.tl_xdp
			: NULL,
		!o->read_file && o->hook != TL_HOOK_XDP && o->hook != TL_HOOK_XDP_GENERIC
			? skel->progs.tl_tc_ingress
			: NULL,
		!o->read_file && o->hook != TL_HOOK_XDP && o->hook != TL_HOOK_XDP_GENERIC
			? skel->progs.tl_tc_egress
			: NULL,
		any_raw ? skel->progs.tl_tc_raw_ingress : NULL,
		any_raw ? skel->progs.tl_tc_raw_egress : NULL,
	};
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program(prog, skel->obj) {
		bool load = false;

		for (size_t i = 0; hooks && i < sizeof(want) / sizeof(want[0]); i++)
			load |= want[i] == prog;
		bpf_program__set_autoload(prog, load);
	}
	/* A capture file is read one frame at a time: a small ring is plenty. So is the shared
	 * ring with one per CPU, written only by a CPU the outer map has no slot for. */
	uint32_t ring = o->read_file ? 1u << 20 : o->cpu_rings ? 1u << 18 : ring_mb(run) << 20;
	uint32_t cpus = o->cpu_rings ? (uint32_t)libbpf_num_possible_cpus() : 1;

	const struct tl_frame_cfg *fc = &skel->rodata->cfg_frame;
	bool frames = !o->read_file && (fc->every || fc->headers || fc->decode || fc->csum);

	err = bpf_map__set_max_entries(skel->maps.events, ring);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.cpu_rings, cpus);
	/* tl_emit_frame() and the checksum index it by CPU; without frame sections or -v it is
	 * never looked at. */
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.frame_buf,
					       frames ? (uint32_t)libbpf_num_possible_cpus() : 1);
	if (!err)
		err = tl_proc_share(run->proc, &run->psel, skel);
	if (!err)
		err = tcplens_bpf__load(skel);
	return err;
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

/*
 * The BPF ring buffer came with Linux 5.8; without it nothing can be traced, so say so
 * before the verifier says something obscure. TL_TEST_NO_RINGBUF=1 is a test hook that
 * answers as such a kernel would (the tests cannot boot one).
 */
static bool ringbuf_supported(void)
{
	int ret = getenv("TL_TEST_NO_RINGBUF")
			  ? 0
			  : libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL);

	if (ret == 0 && !getenv("TL_TEST_NO_RINGBUF")) {
		/* The probe says 0 for any refusal: tell a kernel without it from bpf() denied. */
		int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);

		if (fd >= 0) {
			close(fd);
		} else if (errno == EPERM) {
			tl_err("bpf() is not permitted here: without CAP_BPF, or under a seccomp "
			       "filter that allows it only with CAP_SYS_ADMIN (podman's and older "
			       "docker defaults: run the container with seccomp=unconfined)");
			return false;
		}
	}
	if (ret == 0) {
		tl_err("this kernel has no BPF ring buffer: tcplens needs Linux >= 5.8");
		return false;
	}
	return true; /* supported, or the probe itself was not allowed: loading will say */
}

static const char *load_hint(int err)
{
	if (err == -EPERM || err == -EACCES)
		return "need CAP_BPF and CAP_PERFMON (or root): run as root, e.g. with sudo";
	if (err == -ENOSYS || err == -EINVAL)
		return "this kernel lacks a needed BPF feature (tcplens needs Linux >= 5.8 for the "
		       "BPF ring buffer; 6.6 for tcx)";
	return "run with --debug --debug to see the verifier's log";
}

/*
 * Compile before anything is loaded, so a bad expression or an unknown host stops us early:
 * on the capture itself for -r; for Ethernet, and raw IP for devices without a link header,
 * when live. libbpf then hands each program to filter_splice.c while it loads.
 */
static int setup_filter(const struct tl_opts *o, struct tl_filter **link, struct tl_filter **raw)
{
	if (o->read_file) {
		if (tl_filter_new_file(o->filter, o->read_file, link))
			return -EINVAL;
		/* Past that the kernel has no bytes to test: refuse rather than guess. */
		if (tl_filter_reach(*link) > TL_REPLAY_DATA_MAX) {
			tl_err("this filter reads past byte %d of a frame, which tcplens -r does "
			       "not pass to the kernel: use offsets below %d",
			       TL_REPLAY_DATA_MAX, TL_REPLAY_DATA_MAX);
			return -EOPNOTSUPP;
		}
		return tl_filter_splice_begin(*link, NULL);
	}
	if (tl_filter_new(o->filter, TL_LINK_ETH, link) ||
	    tl_filter_new(o->filter, TL_LINK_RAW, raw))
		return -EINVAL;
	return tl_filter_splice_begin(*link, *raw);
}

/* Opens every namespace named on the command line first: a typo fails before anything loads. */
static int open_scopes(struct tl_session *run)
{
	const struct tl_opts *o = run->o;

	for (int i = 0; i < TL_MAX_SCOPES; i++)
		run->scopes[i].netns_fd = run->scopes[i].pidfd = -1;
	for (int i = 0; i < o->n_scopes; i++) {
		const struct tl_scope_opt *so = &o->scopes[i];
		struct tl_scope *sc = &run->scopes[i];

		sc->used = so->any || so->n_ifaces;
		/* --drops-only attaches nothing: one ring, the first namespace named's, serves. */
		if (o->drops_only)
			sc->used = i == (o->n_scopes > 1);
		if (i) {
			if (so->container)
				sc->netns_fd = tl_container_open(so->container, so->pod, sc->label,
								 sizeof(sc->label), &sc->pidfd);
			else if (so->netns)
				sc->netns_fd =
					tl_netns_open(so->netns, sc->label, sizeof(sc->label));
			else
				sc->netns_fd =
					tl_netns_open_pid(so->pid, sc->label, sizeof(sc->label));
			if (sc->netns_fd < 0)
				return sc->netns_fd;
		}
		tl_netns_name_of(sc->netns_fd, sc->name, sizeof(sc->name));
	}
	return 0;
}

/* Each CPU's share of the ring size with --rings percpu: a power of two, at least 64 KiB. */
static uint32_t cpu_ring_bytes(const struct tl_session *run, unsigned int ncpu)
{
	uint64_t want = ((uint64_t)ring_mb(run) << 20) / ncpu;
	uint32_t b = 1u << 16;

	while ((uint64_t)b * 2 <= want)
		b *= 2;
	return b;
}

static int open_ring(struct tl_session *run, const struct tcplens_bpf *skel, struct tl_ring **out)
{
	int fd = bpf_map__fd(skel->maps.events), err;

	if (!run->o->cpu_rings)
		err = tl_ring_open(fd, on_record, run, out);
	else
		err = tl_ring_open_percpu(fd, bpf_map__fd(skel->maps.cpu_rings), run->ncpu,
					  cpu_ring_bytes(run, run->ncpu), on_record, run, out);
	if (!err)
		tl_ring_set_pending(*out, skel->bss->tl_pending, run->ncpu);
	return err;
}

/* Whether a CPU's batch still waits for its flush timer, in any namespace's programs. */
static bool batches_pending(const struct tl_session *run)
{
	for (int s = 0; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && run->scopes[s].ring &&
		    tl_ring_pending_bound(run->scopes[s].ring, UINT64_MAX) != UINT64_MAX)
			return true;
	return false;
}

/*
 * Records reach user space out of time order when they travel through several rings
 * (namespaces, --rings percpu) or in per-CPU batches: then every ring feeds a merge that
 * hands them on in time order, and one epoll set waits for all rings.
 */
static int setup_merge(struct tl_session *run, int first)
{
	int used = 0, err;

	for (int s = 0; s < run->o->n_scopes; s++)
		used += run->scopes[s].used;
	bool kev = run->o->drops || run->o->kevents;

	if (!run->o->batch && !run->o->cpu_rings && used < 2 && !kev)
		return 0;
	/* Kernel events get streams of their own after the namespaces' (ring.c says why). */
	run->ev_base = (unsigned int)run->o->n_scopes * run->ncpu;
	err = tl_merge_new(run->ev_base + (kev ? run->ncpu : 0), on_merged, run, &run->merge);
	if (!err) {
		run->epfd = epoll_create1(EPOLL_CLOEXEC);
		if (run->epfd < 0)
			err = -errno;
	}
	for (int s = first; !err && s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)s };

		if (!sc->used)
			continue;
		tl_ring_set_merge(sc->ring, run->merge, (unsigned int)s * run->ncpu, run->ncpu);
		if (kev && s == first)
			tl_ring_set_event_streams(sc->ring, run->ev_base);
		if (epoll_ctl(run->epfd, EPOLL_CTL_ADD, tl_ring_epoll_fd(sc->ring), &ev))
			err = -errno;
	}
	if (!err && run->o->cpu_rings) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };

		run->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (run->wake_fd < 0 || epoll_ctl(run->epfd, EPOLL_CTL_ADD, run->wake_fd, &ev))
			err = -errno;
	}
	if (err) {
		tl_err("cannot set up reading several rings: %s", strerror(-err));
		return err;
	}
	/*
	 * A record not in a pending batch (those are known: struct tl_pending) is in its ring
	 * the moment after the hook's clock read; 2 ms covers that moment many times over.
	 */
	run->hold_ns = 2000000;
	return 0;
}

/*
 * --rings percpu: a reader thread per CPU ring, started once privileges are dropped (-Z) so
 * the threads hold no more than the rest of the process.
 */
static int start_readers(struct tl_session *run, int first)
{
	for (int s = first; run->o->cpu_rings && s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		int err;

		if (!sc->used)
			continue;
		err = tl_ring_start_readers(sc->ring, run->hold_ns, run->wake_fd,
					    cpu_ring_bytes(run, run->ncpu));
		if (err) {
			tl_err("cannot start the ring reader threads: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Another instance of the programs and ring for a second namespace, configured as the first. */
static int load_scope(struct tl_session *run, int s, const struct tcplens_bpf *first,
		      const struct tl_filter *flt_link, const struct tl_filter *flt_raw)
{
	struct tl_scope *sc = &run->scopes[s];
	int err;

	if (run->o->filter && tl_filter_splice_begin(flt_link, flt_raw))
		return -EINVAL;
	sc->skel = tcplens_bpf__open();
	if (!sc->skel) {
		err = -errno;
		tl_filter_splice_end();
		tl_err("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	memcpy(sc->skel->rodata, first->rodata, sizeof(*first->rodata));
	err = load_bpf(sc->skel, run, true);
	tl_filter_splice_end();
	if (err) {
		tl_err("cannot load the BPF programs for %s: %s", sc->label, strerror(-err));
		return err;
	}
	err = open_ring(run, sc->skel, &sc->ring);
	if (err)
		tl_err("cannot open the ring buffer: %s", strerror(-err));
	return err;
}

/* One pass over every namespace's ring and interface changes; the first ring waits. */
static int poll_scopes(struct tl_session *run, int first, int timeout_ms)
{
	int total = 0, err;

	for (int s = 0; s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];

		if (!sc->used)
			continue;
		run->cur_scope = s;
		err = tl_ring_poll(sc->ring, s == first ? timeout_ms : 0);
		if (err < 0)
			return err;
		total += err;
		if (sc->watch)
			tl_ifaces_follow(run, s);
	}
	run->cur_scope = first;
	return total;
}

/*
 * One round of reading: wait for any ring, then drain all of them. With a merge, everything
 * stamped before the drain began, less the hold, can no longer be preceded by a late record.
 */
static int read_rings(struct tl_session *run, int first, int timeout_ms)
{
	struct epoll_event ev;
	uint64_t now, safe;
	int err;

	if (!run->merge)
		return poll_scopes(run, first, timeout_ms);
	if (epoll_wait(run->epfd, &ev, 1, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	if (run->wake_fd >= 0) {
		uint64_t n;

		/* Reset it; the inboxes are looked at below either way. */
		if (read(run->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return -errno;
	}
	now = tl_clock_mono_ns();
	safe = now > run->hold_ns ? now - run->hold_ns : 0;
	for (int s = 0; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && run->scopes[s].ring)
			safe = tl_ring_pending_bound(run->scopes[s].ring, safe);
	err = poll_scopes(run, first, 0);
	tl_merge_release(run->merge, safe);
	return err;
}

static void drain_scopes(struct tl_session *run, int first)
{
	for (int s = 0; s < run->o->n_scopes; s++) {
		if (!run->scopes[s].used || s == first)
			continue;
		run->cur_scope = s;
		tl_ring_drain(run->scopes[s].ring);
	}
	run->cur_scope = first;
}

/* Records every namespace's ring reader dropped as malformed (or could not queue). */
static uint64_t rings_bad(const struct tl_session *run, int first)
{
	uint64_t n = 0;

	for (int s = first; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && run->scopes[s].ring)
			n += tl_ring_bad(run->scopes[s].ring);
	return n;
}

/* The counters of the other namespaces' instances, added to the first's. */
static void add_scope_counters(const struct tl_session *run, int first, uint64_t cnt[TL_CNT_MAX])
{
	for (int s = 0; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && s != first && run->scopes[s].skel)
			tl_counters_add(bpf_map__fd(run->scopes[s].skel->maps.stats), cnt);
}

static void close_scopes(struct tl_session *run, const struct tcplens_bpf *first)
{
	for (int s = 0; s < TL_MAX_SCOPES; s++) {
		struct tl_scope *sc = &run->scopes[s];

		tl_netns_watch_close(sc->watch);
		sc->watch = NULL;
		if (sc->skel && sc->skel != first) {
			tl_ring_close(sc->ring);
			tcplens_bpf__destroy(sc->skel);
		}
		sc->skel = NULL;
		sc->ring = NULL;
		if (sc->netns_fd >= 0)
			close(sc->netns_fd);
		sc->netns_fd = -1;
		if (sc->pidfd >= 0)
			close(sc->pidfd);
		sc->pidfd = -1;
	}
}

/*
 * A traced container whose process ended has lost its network: say so once, detach what
 * was there and go on with the rest. Once nothing is left to trace, end as on Ctrl-C.
 */
static void check_stopped(struct tl_session *run)
{
	uint64_t now = tl_clock_mono_ns();

	/* Ten times a second is soon enough, and costs nothing at a wakeup per batch. */
	if (now < run->stop_check_ns)
		return;
	run->stop_check_ns = now + 100000000;
	for (int s = 0; s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		struct pollfd p = { .fd = sc->pidfd, .events = POLLIN };

		if (sc->pidfd < 0 || poll(&p, 1, 0) <= 0)
			continue;
		tl_ifaces_scope_gone(run, s);
		close(sc->pidfd);
		sc->pidfd = -1;
		if (tl_ifaces_traced(run)) {
			tl_info("%s %s: stopped; no longer traced",
				run->o->scopes[s].pod ? "pod" : "container", sc->label);
		} else {
			tl_info("%s %s: stopped; nothing left to trace",
				run->o->scopes[s].pod ? "pod" : "container", sc->label);
			*run->flags->stop = 1;
		}
	}
}

/*
 * Which segments' records carry frame bytes, and how many: what the chosen outputs print
 * beyond the line. -w and --json take the frames only when -s asks for them, as tcpdump
 * users pass -s 0 for whole packets; without it the file's frames are rebuilt from headers.
 */
static void frame_cfg(const struct tl_opts *o, struct tl_frame_cfg *fc)
{
	bool text = !o->write.path && !o->json;
	uint32_t need;
	int dec;

	memset(fc, 0, sizeof(*fc));
	dec = text ? tl_decode_ports((enum tl_dec_mode)o->print.dec.mode, fc->ports) : 0;
	if (o->snaplen_set && (o->write.path || o->json))
		fc->every = TL_FRAME_MAX;
	/* The payload decoders after "length N" read the payload on their ports. */
	if (dec == 2)
		fc->every = TL_FRAME_MAX;
	else if (dec == 1)
		fc->decode = 1;
	if (!text)
		return;
	/*
	 * --explain says what the application sends (out/proto/app.h): it reads payload on a
	 * few of the decoders' ports, also when -T turned the decoders off. Not with -w, where
	 * the frames would go into the file: that is -s's choice.
	 */
	if (o->explain.explain && !fc->every) {
		tl_app_ports(fc->ports);
		fc->decode = 1;
	}
	/* The forms: whole frames for the dumps, headers for -e and -v. -v's TCP checksum is
	 * summed by the kernel; the RST payload it prints needs that frame whole. */
	need = tl_print_frame_need(&o->print);
	if (need == TL_FRAME_MAX)
		fc->every = TL_FRAME_MAX;
	else if (need)
		fc->headers = 1;
	if (o->print.verbose) {
		fc->csum = 1;
		fc->rst = 1;
	}
	/*
	 * A capture file's line reads some frames up to the TCP header (a cooked v2 header's
	 * interface, an IPv6 routing header's contents); replay costs nothing extra for them.
	 */
	if (o->read_file)
		fc->headers = 1;
}

/* The knobs the programs read at load time; every namespace's instance copies them. */
static void configure(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	struct tcplens_bpf *skel = run->skel;

	if (o->snaplen < TL_SNAPLEN_DEFAULT)
		skel->rodata->cfg_snaplen = o->snaplen;
	skel->rodata->cfg_frame = run->fc;
	/*
	 * Records travel in per-CPU batches, one ring write for many, flushed within
	 * cfg_batch_ns: much cheaper per segment in the kernel (bench/README.md). The merge
	 * puts the CPUs' batches back in time order (setup_merge).
	 */
	if (!o->read_file && o->batch) {
		const char *late = getenv("TL_TEST_FLUSH_LATE_MS");

		skel->rodata->cfg_batch_bytes = TL_BATCH_BYTES;
		/* A test hook: flush timers as late as a loaded machine runs them, to check that
		 * the merge waits for them (tests/live/test_merge_stress.sh). */
		if (late)
			skel->rodata->cfg_flush_late_ns = strtoull(late, NULL, 10) * 1000000;
	}
	skel->rodata->cfg_sample = o->sample;
	skel->rodata->cfg_filter = o->filter != NULL; /* setup_filter() spliced it in */
	if (!o->read_file && o->cpu_rings) {
		uint32_t b = cpu_ring_bytes(run, run->ncpu);

		skel->rodata->cfg_cpu_rings = 1;
		/* The reader is woken once a quarter of a CPU's ring fills, at most 64 KiB. */
		if (skel->rodata->cfg_wakeup_bytes > b / 4)
			skel->rodata->cfg_wakeup_bytes = b / 4;
	}
}

/* --proc and the selectors: the process programs, loaded before the segment programs that
 * share their map. */
static int open_proc(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	int err;

	run->psel.pid = o->proc_pid;
	run->psel.name = o->proc_name;
	run->psel.cgroup_root = tl_cgroup_root();
	if (o->cgroup) {
		err = tl_cgroup_lookup(o->cgroup, &run->psel.cgroup_id, &run->psel.cgroup_level);
		if (err) {
			tl_err("--cgroup %s: %s (give a cgroup v2 directory, as /proc/PID/cgroup's "
			       "0:: line shows it, or its path under the cgroup2 mount)",
			       o->cgroup, strerror(-err));
			return err;
		}
	}
	return tl_proc_open(&run->psel, &run->proc);
}

/* Loads the programs, or for -r without them, settles for the user-space parser. */
static int load(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	bool any_raw = false;
	int err;

	for (int i = 0; i < o->n_ifaces; i++) {
		int link, s = o->if_scope[i];

		if (o->scopes[s].host_side || o->scopes[s].any)
			continue; /* checked as they are found */
		err = tl_attach_check_ns(run->scopes[s].netns_fd, o->ifaces[i], o->hook, &link);
		if (err)
			return err; /* it said why */
		any_raw |= link == TL_LINK_RAW;
	}
	for (int s = 0; s < o->n_scopes; s++)
		any_raw |= o->scopes[s].any || o->scopes[s].host_side; /* devices found later */
	if (!o->no_bpf && !o->read_file && !ringbuf_supported())
		return -ENOSYS; /* it said why */
	err = o->no_bpf ? -ENOTSUP : load_bpf(run->skel, run, any_raw);
	tl_filter_splice_end();
	if (err && o->filter) {
		/* The user-space parser cannot filter: falling back would print everything. */
		tl_err("cannot load the BPF programs with the filter: %s (%s; a long filter may "
		       "exceed the verifier's limits)",
		       strerror(-err), load_hint(err));
		return err;
	}
	if (err && o->no_bpf && o->read_file) {
		run->user_parser = true;
	} else if (err) {
		if (!o->read_file) {
			tl_err("cannot load the BPF programs: %s (%s)", strerror(-err),
			       load_hint(err));
			return err;
		}
		/* Same parser, compiled for user space: the output is identical (tested). */
		tl_info("cannot load BPF (%s): parsing in user space with the same parser",
			strerror(-err));
		run->user_parser = true;
	}
	return 0;
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
	frame_cfg(o, &run->fc);
	if (o->read_file) {
		err = tl_replay_open(o->read_file, o->print.nano, &run->fc, &run->replay);
		if (err)
			return err;
	}
	if (o->filter) {
		err = setup_filter(o, &run->flt_link, &run->flt_raw);
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
	configure(run);
	if (!o->read_file && o->proc_on) {
		err = open_proc(run);
		if (err)
			return err; /* it said why */
	}
	if (!o->read_file) {
		err = open_scopes(run);
		if (!err && tl_caps_check(o->n_scopes > 1))
			err = -EPERM;
		if (err)
			return err; /* they said why */
	}
	err = load(run);
	if (err)
		return err;
	if (!run->user_parser && !o->read_file)
		run->stats_fd = bpf_map__fd(run->skel->maps.stats);
	if (!run->user_parser) {
		err = o->read_file ? tl_ring_open(bpf_map__fd(run->skel->maps.events), on_record,
						  run, &run->ring)
				   : open_ring(run, run->skel, &run->ring);
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
			err = load_scope(run, s, run->skel, run->flt_link, run->flt_raw);
			if (err)
				return err;
		}
	}
	return 0;
}

int tl_session_replay(struct tl_session *run)
{
	const struct tl_opts *o = run->o;
	struct tl_replay_sink sink = { .record = on_record, .skip = on_skip, .ctx = run };

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

	err = setup_merge(run, first);
	if (!err)
		err = open_kevents(run);
	if (!err && o->drops_only)
		snprintf(names, sizeof(names), "kernel drops (--drops-only)");
	else if (!err)
		err = tl_ifaces_attach_all(run, names, sizeof(names));
	if (!err && o->drop_user)
		err = tl_ifaces_drop_privileges(run);
	if (!err)
		err = start_readers(run, first);
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
		err = read_rings(run, first, idle_poll_ms(o));
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
		check_stopped(run);
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
	for (int ms = 0; ms < 2000 && batches_pending(run); ms++)
		usleep(1000);
	tl_ring_drain(run->ring);
	drain_scopes(run, first);
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
	add_scope_counters(run, run->first, cnt);
	*bad = rings_bad(run, run->first);
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
	close_scopes(run, run->skel);
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
