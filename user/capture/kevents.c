// SPDX-License-Identifier: GPL-2.0-only
/* Loads the kernel-event programs an option asked for and attaches each as a BPF link, so
 * nothing of them outlives the process, however it ends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "tcplens.h"
#include "events.skel.h"
#include "capture/kevents.h"
#include "log.h"

struct tl_kevents {
	struct events_bpf *skel;
};

/* The tracepoints each option needs: all must be in the kernel's BTF for it to work. */
static const char *const drop_tps[] = { "btf_trace_kfree_skb", NULL };
static const char *const event_tps[] = { "btf_trace_tcp_retransmit_skb",
					 "btf_trace_inet_sock_set_state",
					 "btf_trace_tcp_send_reset", NULL };

/* The first tracepoint of tps the kernel lacks, or NULL when it has them all. */
static const char *missing_tp(const struct btf *vm, const char *const *tps)
{
	for (; *tps; tps++)
		if (btf__find_by_name_kind(vm, *tps, BTF_KIND_TYPEDEF) < 0)
			return *tps + strlen("btf_trace_");
	return NULL;
}

/* One line per option that cannot work; false turns it off. */
static bool usable(const struct btf *vm, const char *opt, const char *const *tps)
{
	const char *miss;

	if (!vm) {
		tl_err("%s cannot work: this kernel has no BTF (/sys/kernel/btf/vmlinux; "
		       "CONFIG_DEBUG_INFO_BTF): tracing without it",
		       opt);
		return false;
	}
	miss = missing_tp(vm, tps);
	if (miss) {
		tl_err("%s cannot work: this kernel has no %s tracepoint: tracing without it", opt,
		       miss);
		return false;
	}
	return true;
}

static int load(struct tl_kevents *k, const struct tl_kevents_cfg *cfg, bool drops, bool events)
{
	struct events_bpf *s = k->skel;
	int err;

	bpf_program__set_autoload(s->progs.tl_drop, drops);
	bpf_program__set_autoload(s->progs.tl_retrans, events);
	bpf_program__set_autoload(s->progs.tl_state, events);
	bpf_program__set_autoload(s->progs.tl_reset, events);
	for (int i = 0; i < TL_EV_NETNS_MAX; i++)
		s->rodata->cfg_netns[i] = cfg->netns[i];
	err = bpf_map__reuse_fd(s->maps.events, cfg->ring_fd);
	if (!err)
		err = events_bpf__load(s);
	if (!err)
		err = events_bpf__attach(s);
	return err;
}

int tl_kevents_open(const struct tl_kevents_cfg *cfg, struct tl_kevents **out)
{
	/* TL_TEST_NO_BTF=1 answers as a kernel without BTF would (the tests cannot boot one). */
	struct btf *vm = getenv("TL_TEST_NO_BTF") ? NULL : btf__load_vmlinux_btf();
	bool drops = cfg->drops && usable(vm, "--drops", drop_tps);
	bool events = cfg->events && usable(vm, "--events", event_tps);
	struct tl_kevents *k;
	int err;

	*out = NULL;
	btf__free(vm);
	if (!drops && !events)
		return 0;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->skel = events_bpf__open();
	err = k->skel ? load(k, cfg, drops, events) : -errno;
	if (err) {
		tl_err("%s cannot work: loading its BPF programs failed: %s (run with --debug "
		       "--debug for the verifier's log): tracing without it",
		       drops && events ? "--drops and --events"
		       : drops	       ? "--drops"
				       : "--events",
		       strerror(-err));
		tl_kevents_close(k);
		return 0;
	}
	*out = k;
	return 0;
}

void tl_kevents_counters(const struct tl_kevents *k, uint64_t cnt[TL_EVC_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *vals;

	if (!k || ncpu <= 0)
		return;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return;
	for (uint32_t i = 0; i < TL_EVC_MAX; i++) {
		if (bpf_map_lookup_elem(bpf_map__fd(k->skel->maps.ev_stats), &i, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			cnt[i] += vals[c];
	}
	free(vals);
}

void tl_kevents_close(struct tl_kevents *k)
{
	if (!k)
		return;
	events_bpf__destroy(k->skel);
	free(k);
}
