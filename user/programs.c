// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BPF programs a session loads: what the options set in them before loading, which of
 * them load, the ring sizes, and what to tell a user when loading fails.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "out/proc.h"
#include "out/proto/app.h"
#include "out/proto/decode.h"
#include "capture/filter_splice.h"
#include "session_int.h"

#define TL_BATCH_BYTES	   4096 /* per-CPU record batch, bpf/batch.h's maximum */
#define TL_RING_MB_PAYLOAD 64	/* default ring (MiB) when records carry payload, see ring_mb() */

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
int tl_programs_load_bpf(struct tcplens_bpf *skel, const struct tl_session *run, bool any_raw)
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
	bool frames =
		!o->read_file && (fc->every || fc->headers || fc->decode || fc->csum || fc->line);

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
int tl_programs_setup_filter(const struct tl_opts *o, struct tl_filter **link,
			     struct tl_filter **raw)
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

/* Each CPU's share of the ring size with --rings percpu: a power of two, at least 64 KiB. */
uint32_t tl_programs_cpu_ring_bytes(const struct tl_session *run, unsigned int ncpu)
{
	uint64_t want = ((uint64_t)ring_mb(run) << 20) / ncpu;
	uint32_t b = 1u << 16;

	while ((uint64_t)b * 2 <= want)
		b *= 2;
	return b;
}

/*
 * Which segments' records carry frame bytes, and how many: what the chosen outputs print
 * beyond the line. -w and --json take the frames only when -s asks for them, as tcpdump
 * users pass -s 0 for whole packets; without it the file's frames are rebuilt from headers.
 */
void tl_programs_frame_cfg(const struct tl_opts *o, struct tl_frame_cfg *fc)
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
	/* A capture file's line reads some frames up to the TCP header (tl_frame_cfg.line). */
	if (o->read_file)
		fc->line = 1;
}

/* The knobs the programs read at load time; every namespace's instance copies them. */
void tl_programs_configure(struct tl_session *run)
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
	skel->rodata->cfg_filter = o->filter != NULL; /* tl_programs_setup_filter() spliced it in */
	if (!o->read_file && o->cpu_rings) {
		uint32_t b = tl_programs_cpu_ring_bytes(run, run->ncpu);

		skel->rodata->cfg_cpu_rings = 1;
		/* The reader is woken once a quarter of a CPU's ring fills, at most 64 KiB. */
		if (skel->rodata->cfg_wakeup_bytes > b / 4)
			skel->rodata->cfg_wakeup_bytes = b / 4;
	}
}

/* --proc and the selectors: the process programs, loaded before the segment programs that
 * share their map. */
int tl_programs_open_proc(struct tl_session *run)
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
int tl_programs_load(struct tl_session *run)
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
	err = o->no_bpf ? -ENOTSUP : tl_programs_load_bpf(run->skel, run, any_raw);
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
