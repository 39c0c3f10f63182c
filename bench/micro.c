// SPDX-License-Identifier: GPL-2.0-only
/* Measures what tcplens's BPF programs cost per segment: BPF_PROG_TEST_RUN of tl_xdp and
 * tl_replay against a program that only returns XDP_PASS, same frames, same run. */
#define _GNU_SOURCE /* pthread_setaffinity_np */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "tcplens.h"
#include "frames.h"

#define TL_MICRO_RING	(64u << 20) /* room for a reader that falls behind for a while */
#define TL_MICRO_ROUNDS 5
#define TL_BATCH_BYTES	4096 /* tcplens's live default (user/main.c) */

/* One loaded copy of the programs: batched (the live default) or not (--no-batch). */
struct tl_inst {
	struct bpf_object *obj;
	int xdp_fd, replay_fd, stats_fd;
	struct ring_buffer *rb;
};

struct tl_micro {
	struct tl_inst batch, plain;
	int pass_fd;
	unsigned long long consumed;
	atomic_bool stop;
	int ncpu;
};

static bool tl_verbose;

/*
 * -V: cfg_frame as tcplens -v sets it. TL_V_WHOLE: whole frames in every record, what -v
 * asked for before the kernel summed the TCP checksum (and what -x asks for); TL_V_SUM:
 * headers and the checksum verdict, -v now.
 */
enum tl_vmode { TL_V_OFF, TL_V_WHOLE, TL_V_SUM };
static enum tl_vmode tl_vmode;

/* libbpf's warnings, but a verifier log (thousands of lines) only with -v. */
static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN || (!tl_verbose && strstr(fmt, "BEGIN PROG LOAD LOG")))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct tl_micro *m = ctx;

	(void)data;
	(void)size;
	m->consumed++;
	return 0;
}

static int load_pass(void)
{
	/* r0 = XDP_PASS; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "tl_pass", "GPL", insns, 2, NULL);

	return fd < 0 ? -errno : fd;
}

/* Sets a `const volatile` variable of the object's .rodata before it loads (as a skeleton
 * would); n must be its size. */
static int set_rodata(struct bpf_object *obj, const char *name, const void *val, size_t n)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *v;
	const struct btf_type *t;
	const void *cur;
	char *data;
	size_t size;
	int id, err = -ENOENT;

	id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	cur = map ? bpf_map__initial_value(map, &size) : NULL;
	if (id < 0 || !cur)
		return -ENOENT;
	data = malloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, cur, size);
	t = btf__type_by_id(btf, id);
	v = btf_var_secinfos(t);
	for (int i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = btf__type_by_id(btf, v->type);

		if (strcmp(btf__name_by_offset(btf, vt->name_off), name))
			continue;
		if (v->size != n || v->offset + n > size) {
			err = -EINVAL;
			break;
		}
		memcpy(data + v->offset, val, n);
		err = bpf_map__set_initial_value(map, data, size);
		break;
	}
	free(data);
	return err;
}

static int inst_open(struct tl_micro *m, struct tl_inst *in, const char *path, __u32 batch)
{
	struct bpf_program *p;
	struct bpf_map *events;
	int err;

	in->obj = bpf_object__open_file(path, NULL);
	if (!in->obj) {
		err = -errno;
		fprintf(stderr, "micro: %s: %s (make build/tcplens.bpf.o)\n", path, strerror(-err));
		return err;
	}
	events = bpf_object__find_map_by_name(in->obj, "events");
	if (!events || bpf_map__type(events) != BPF_MAP_TYPE_RINGBUF) {
		fprintf(stderr, "micro: %s has no ring buffer map \"events\"\n", path);
		return -ENOENT;
	}
	err = bpf_map__set_max_entries(events, TL_MICRO_RING);
	if (!err && batch) {
		err = set_rodata(in->obj, "cfg_batch_bytes", &batch, sizeof(batch));
		if (err)
			fprintf(stderr, "micro: %s: no cfg_batch_bytes to set\n", path);
	}
	if (!err && tl_vmode != TL_V_OFF) {
		struct tl_frame_cfg fc = {};

		if (tl_vmode == TL_V_WHOLE) {
			fc.every = TL_FRAME_MAX;
		} else {
			fc.headers = 1;
			fc.csum = 1;
			fc.rst = 1;
		}
		err = set_rodata(in->obj, "cfg_frame", &fc, sizeof(fc));
		if (err)
			fprintf(stderr, "micro: %s: no cfg_frame to set\n", path);
	}
	/* Only the two programs under test: the tc ones need no loading here. */
	bpf_object__for_each_program(p, in->obj) {
		const char *n = bpf_program__name(p);

		bpf_program__set_autoload(p, !strcmp(n, "tl_xdp") || !strcmp(n, "tl_replay"));
	}
	if (!err)
		err = bpf_object__load(in->obj);
	if (err) {
		fprintf(stderr, "micro: loading %s: %s\n", path, strerror(-err));
		return err;
	}
	p = bpf_object__find_program_by_name(in->obj, "tl_xdp");
	in->xdp_fd = p ? bpf_program__fd(p) : -1;
	p = bpf_object__find_program_by_name(in->obj, "tl_replay");
	in->replay_fd = p ? bpf_program__fd(p) : -1;
	in->stats_fd = bpf_object__find_map_fd_by_name(in->obj, "stats");
	if (in->xdp_fd < 0 || in->replay_fd < 0 || in->stats_fd < 0) {
		fprintf(stderr, "micro: %s lacks tl_xdp, tl_replay or the stats map\n", path);
		return -ENOENT;
	}
	in->rb = ring_buffer__new(bpf_map__fd(events), on_record, m, NULL);
	if (!in->rb) {
		err = -errno;
		fprintf(stderr, "micro: opening the ring buffer: %s\n", strerror(-err));
		return err;
	}
	return 0;
}

static int tl_micro_open(struct tl_micro *m, const char *path)
{
	int err;

	m->ncpu = libbpf_num_possible_cpus();
	err = inst_open(m, &m->batch, path, TL_BATCH_BYTES);
	if (!err)
		err = inst_open(m, &m->plain, path, 0);
	if (err)
		return err;
	m->pass_fd = load_pass();
	if (m->pass_fd < 0) {
		fprintf(stderr, "micro: loading the XDP_PASS program: %s\n", strerror(-m->pass_fd));
		return m->pass_fd;
	}
	return 0;
}

static void inst_close(struct tl_inst *in)
{
	ring_buffer__free(in->rb);
	bpf_object__close(in->obj);
}

static void tl_micro_close(struct tl_micro *m)
{
	inst_close(&m->batch);
	inst_close(&m->plain);
	if (m->pass_fd > 0)
		close(m->pass_fd);
}

static int read_counter(struct tl_micro *m, int stats_fd, __u32 idx, unsigned long long *out)
{
	unsigned long long *v = calloc(m->ncpu, sizeof(*v));
	int i, err;

	if (!v)
		return -ENOMEM;
	err = bpf_map_lookup_elem(stats_fd, &idx, v) ? -errno : 0;
	*out = 0;
	for (i = 0; !err && i < m->ncpu; i++)
		*out += v[i];
	free(v);
	return err;
}

/*
 * One BPF_PROG_TEST_RUN call of `repeat` runs; the mean ns per run the kernel measured. A
 * reader thread drains the ring meanwhile, as tcplens's reader does live: a ring left to fill
 * past cfg_wakeup_bytes makes every record force a wakeup (an irq_work, microseconds in a VM),
 * which is not what a drained ring costs. Each XDP test run with repeat > 1 switches the XDP
 * dispatcher twice (two RCU grace periods), hence one long call, not many short ones.
 */
static int test_run(int fd, void *data, __u32 len, void *ctx, __u32 ctx_len, __u32 repeat,
		    double *ns)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data, .data_size_in = len, .ctx_in = ctx,
		    .ctx_size_in = ctx_len, .repeat = repeat);

	if (bpf_prog_test_run_opts(fd, &opts))
		return -errno;
	if (opts.retval != XDP_PASS)
		return -EPROTO;
	*ns = opts.duration;
	return 0;
}

/* Test runs on CPU 0, the reader on CPU 1: left to the scheduler, the two sometimes share a
 * CPU and the figures jump by 2-3 times from one run to the next. */
static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *reader(void *arg)
{
	struct tl_micro *m = arg;

	if (m->ncpu > 1)
		pin_to(1);
	while (!atomic_load(&m->stop)) {
		ring_buffer__consume(m->batch.rb);
		ring_buffer__consume(m->plain.rb);
	}
	ring_buffer__consume(m->batch.rb);
	ring_buffer__consume(m->plain.rb);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct tl_case {
	const char *name;
	int family;
	unsigned payload;
	bool options;
};

static double med(double *v)
{
	qsort(v, TL_MICRO_ROUNDS, sizeof(v[0]), cmp_double);
	return v[TL_MICRO_ROUNDS / 2];
}

static int measure(struct tl_micro *m, const struct tl_case *c, __u32 repeat)
{
	static uint8_t frame[TL_GEN_FRAME_MAX];
	static uint8_t rbuf[sizeof(struct tl_replay_meta) + TL_REPLAY_DATA_MAX];
	double pass[TL_MICRO_ROUNDS], xdp[TL_MICRO_ROUNDS], plain[TL_MICRO_ROUNDS],
		rep[TL_MICRO_ROUNDS], p;
	unsigned long long b0, b1, p0, p1, expect = 0;
	struct tl_replay_meta meta = { .link = TL_LINK_ETH, .magic = TL_REPLAY_MAGIC };
	struct xdp_md ctx = { .data = sizeof(meta) };
	struct tl_gen_cfg cfg;
	struct tl_gen g;
	size_t len, head;
	int i, err;

	tl_gen_defaults(&cfg);
	cfg.family = c->family;
	cfg.payload = c->payload;
	cfg.options = c->options;
	cfg.flows = 1;
	err = tl_gen_init(&g, &cfg);
	if (err)
		return err;
	len = tl_gen_next(&g, frame);
	tl_gen_free(&g);
	head = len < TL_REPLAY_DATA_MAX ? len : TL_REPLAY_DATA_MAX;
	meta.cap_len = meta.wire_len = (__u32)len;
	memcpy(rbuf, &meta, sizeof(meta));
	memcpy(rbuf + sizeof(meta), frame, head);
	ctx.data_end = (__u32)(sizeof(meta) + head);

	err = read_counter(m, m->batch.stats_fd, TL_CNT_EMITTED, &b0);
	if (!err)
		err = read_counter(m, m->plain.stats_fd, TL_CNT_EMITTED, &p0);
	for (i = 0; !err && i < TL_MICRO_ROUNDS; i++) {
		/* Interleaved, so a frequency change or a noisy neighbour hits all alike. */
		err = test_run(m->pass_fd, frame, (__u32)len, NULL, 0, repeat, &pass[i]);
		if (!err)
			err = test_run(m->batch.xdp_fd, frame, (__u32)len, NULL, 0, repeat,
				       &xdp[i]);
		if (!err)
			err = test_run(m->plain.xdp_fd, frame, (__u32)len, NULL, 0, repeat,
				       &plain[i]);
		if (!err)
			err = test_run(m->plain.replay_fd, rbuf, (__u32)(sizeof(meta) + head), &ctx,
				       sizeof(ctx), repeat, &rep[i]);
		expect += repeat;
	}
	/* The last batch goes out on its flush timer (cfg_batch_ns, 5 ms). */
	usleep(50000);
	if (!err)
		err = read_counter(m, m->batch.stats_fd, TL_CNT_EMITTED, &b1);
	if (!err)
		err = read_counter(m, m->plain.stats_fd, TL_CNT_EMITTED, &p1);
	if (err) {
		fprintf(stderr, "micro: %s: BPF_PROG_TEST_RUN: %s\n", c->name, strerror(-err));
		return err;
	}
	p = med(pass);
	/* A figure for a path that wrote no record would flatter the program: say so. */
	printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f | %s |\n", c->name, len, p, med(xdp) - p,
	       med(plain) - p, med(rep) - p,
	       b1 - b0 == expect && p1 - p0 == 2 * expect ? "all" : "NOT ALL");
	if (b1 - b0 != expect || p1 - p0 != 2 * expect)
		fprintf(stderr,
			"micro: %s: %llu of %llu batched and %llu of %llu unbatched runs "
			"wrote a record\n",
			c->name, b1 - b0, expect, p1 - p0, 2 * expect);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		{ "IPv4, no options, no payload", 4, 0, false },
		{ "IPv4, timestamps, 64 B", 4, 64, true },
		{ "IPv6, timestamps, 1400 B", 6, 1400, true },
	};
	const char *path = "build/tcplens.bpf.o";
	struct tl_micro m = { .pass_fd = -1 };
	unsigned long repeat = 1000000;
	pthread_t thr;
	int c, err = 0;
	size_t i;

	while ((c = getopt(argc, argv, "o:n:vV:h")) != -1) {
		switch (c) {
		case 'o':
			path = optarg;
			break;
		case 'n':
			repeat = strtoul(optarg, NULL, 0);
			if (repeat < 2 || repeat > 100000000) {
				fprintf(stderr, "micro: -n: 2..100000000 runs per test run\n");
				return 2;
			}
			break;
		case 'v':
			tl_verbose = true;
			break;
		case 'V':
			if (!strcmp(optarg, "whole")) {
				tl_vmode = TL_V_WHOLE;
			} else if (!strcmp(optarg, "sum")) {
				tl_vmode = TL_V_SUM;
			} else {
				fprintf(stderr, "micro: -V: whole (frames in every record) or sum "
						"(headers and the checksum verdict)\n");
				return 2;
			}
			break;
		case 'h':
			printf("usage: micro [-o BPF_OBJECT] [-n RUNS] [-V whole|sum] [-v]\n"
			       "Runs tl_xdp and tl_replay from BPF_OBJECT (default %s) and an\n"
			       "XDP_PASS-only program with BPF_PROG_TEST_RUN, RUNS times per call\n"
			       "(default 1000000) while a thread drains the ring, %d rounds, and\n"
			       "prints the median ns per run as a markdown table.\n"
			       "-V: cfg_frame as tcplens -v sets it: whole frames in every record\n"
			       "(-v before the kernel summed the checksum, -x) or headers and the\n"
			       "checksum verdict (-v now).\n"
			       "-v: show the verifier's log if loading fails.\n",
			       path, TL_MICRO_ROUNDS);
			return 0;
		default:
			return 2;
		}
	}
	libbpf_set_print(libbpf_quiet);
	if (libbpf_num_possible_cpus() > 1)
		pin_to(0);
	err = tl_micro_open(&m, path);
	if (err)
		goto cleanup;
	err = pthread_create(&thr, NULL, reader, &m);
	if (err) {
		fprintf(stderr, "micro: starting the ring reader: %s\n", strerror(err));
		err = -err;
		goto cleanup;
	}
	printf("Median of %d rounds of one BPF_PROG_TEST_RUN call of %lu runs (test runs on\n"
	       "CPU 0, a thread on CPU 1 drains the rings meanwhile), ns per run as the kernel\n"
	       "measures it, less what the XDP_PASS-only program costs in the same round.\n"
	       "tl_xdp batched is what tcplens runs live by default; --no-batch writes every\n"
	       "record to the ring on its own; tl_replay (single-frame form) has no clock read.\n\n",
	       TL_MICRO_ROUNDS, repeat);
	printf("| frame | bytes | XDP_PASS ns | tl_xdp batched | tl_xdp --no-batch "
	       "| tl_replay | records written |\n");
	printf("|---|---:|---:|---:|---:|---:|---|\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]) && !err; i++)
		err = measure(&m, &cases[i], (__u32)repeat);
	atomic_store(&m.stop, true);
	pthread_join(thr, NULL);
	if (!err)
		printf("\nTarget: <= 40 ns per segment above XDP_PASS.\n");
cleanup:
	tl_micro_close(&m);
	return err ? 1 : 0;
}
