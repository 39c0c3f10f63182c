// SPDX-License-Identifier: GPL-2.0-only
/*
 * The namespaces a session traces: each one's instance of the programs and its ring, and
 * reading them all as one stream in time order through the merge.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "capture/container.h"
#include "capture/counters.h"
#include "capture/filter_splice.h"
#include "session_int.h"

/* A record whose turn has come: its stream says which namespace's ring it came through. */
static void on_merged(void *ctx, unsigned int stream, const struct tl_record *r)
{
	struct tl_session *run = ctx;

	/* Kernel events come through the first namespace's ring, whichever namespace. */
	run->cur_scope = stream >= run->ev_base ? run->first : (int)(stream / run->ncpu);
	tl_session_on_record(run, r);
}

/* Opens every namespace named on the command line first: a typo fails before anything loads. */
int tl_scopes_open(struct tl_session *run)
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

int tl_scopes_open_ring(struct tl_session *run, const struct tcplens_bpf *skel,
			struct tl_ring **out)
{
	int fd = bpf_map__fd(skel->maps.events), err;

	if (!run->o->cpu_rings)
		err = tl_ring_open(fd, tl_session_on_record, run, out);
	else
		err = tl_ring_open_percpu(fd, bpf_map__fd(skel->maps.cpu_rings), run->ncpu,
					  tl_programs_cpu_ring_bytes(run, run->ncpu),
					  tl_session_on_record, run, out);
	if (!err)
		tl_ring_set_pending(*out, skel->bss->tl_pending, run->ncpu);
	return err;
}

/* Whether a CPU's batch still waits for its flush timer, in any namespace's programs. */
bool tl_scopes_batches_pending(const struct tl_session *run)
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
int tl_scopes_setup_merge(struct tl_session *run, int first)
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
int tl_scopes_start_readers(struct tl_session *run, int first)
{
	for (int s = first; run->o->cpu_rings && s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		int err;

		if (!sc->used)
			continue;
		err = tl_ring_start_readers(sc->ring, run->hold_ns, run->wake_fd,
					    tl_programs_cpu_ring_bytes(run, run->ncpu));
		if (err) {
			tl_err("cannot start the ring reader threads: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Another instance of the programs and ring for a second namespace, configured as the first. */
int tl_scopes_load(struct tl_session *run, int s, const struct tcplens_bpf *first,
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
	err = tl_programs_load_bpf(sc->skel, run, true);
	tl_filter_splice_end();
	if (err) {
		tl_err("cannot load the BPF programs for %s: %s", sc->label, strerror(-err));
		return err;
	}
	err = tl_scopes_open_ring(run, sc->skel, &sc->ring);
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
int tl_scopes_read(struct tl_session *run, int first, int timeout_ms)
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

void tl_scopes_drain(struct tl_session *run, int first)
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
uint64_t tl_scopes_bad(const struct tl_session *run, int first)
{
	uint64_t n = 0;

	for (int s = first; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && run->scopes[s].ring)
			n += tl_ring_bad(run->scopes[s].ring);
	return n;
}

/* The counters of the other namespaces' instances, added to the first's. */
void tl_scopes_add_counters(const struct tl_session *run, int first, uint64_t cnt[TL_CNT_MAX])
{
	for (int s = 0; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && s != first && run->scopes[s].skel)
			tl_counters_add(bpf_map__fd(run->scopes[s].skel->maps.stats), cnt);
}

void tl_scopes_close(struct tl_session *run, const struct tcplens_bpf *first)
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
void tl_scopes_check_stopped(struct tl_session *run)
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
