// SPDX-License-Identifier: GPL-2.0-only
/* tcplens command line: open -> configure -> load -> attach -> poll -> detach, one exit path. */
#define _GNU_SOURCE	/* memfd_create */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tcplens.skel.h"
#include "attach.h"
#include "clock.h"
#include "explain.h"
#include "filter.h"
#include "flow.h"
#include "json.h"
#include "log.h"
#include "out.h"
#include "pcapng.h"
#include "print.h"
#include "replay.h"
#include "ring.h"

#define TL_MAX_IFACES	64
#define TL_VERSION	"0.1"

struct tl_opts {
	const char *ifaces[TL_MAX_IFACES];
	int n_ifaces;
	const char *read_file;
	enum tl_hook hook;
	long count;		/* -c: stop after this many printed segments; 0 = no limit */
	bool linebuf;		/* -l */
	bool stats;		/* --stats: print the counters even when quiet */
	bool no_bpf;		/* --no-bpf: parse -r files with the user-space build */
	unsigned ring_mb;
	unsigned flows;
	struct tl_print_cfg print;
	struct tl_explain_cfg explain;	/* --explain, --summary, --ladder */
	const char *lang;		/* --lang; NULL: from the environment */
	char *filter;			/* pcap-filter(7) expression: trailing words or -F FILE */
	const char *filter_file;	/* -F */
	int dump;			/* -d, -dd, -ddd: print the compiled filter, exit */
	struct tl_pcap_cfg write;	/* -w FILE (write.path), --pcap, -C, -G, -W */
	bool json;			/* --json */
	unsigned snap_len;		/* -s: payload bytes per record */
};

struct tl_iface {
	char name[IF_NAMESIZE];
	int ifindex;
	struct tl_attach *att;
};

struct tl_run {
	struct tl_opts *o;
	struct tl_printer *printer;
	struct tl_out *out;
	struct tl_clock clock;
	struct tl_replay *replay;
	struct tl_iface ifs[TL_MAX_IFACES];
	int n_ifs;
	uint64_t printed;
	uint64_t not_printed;	/* delivered after -c was reached or stdout closed */
	bool out_failed;
	struct tl_explain *explain;	/* NULL unless --explain, --summary or --ladder */
	uint64_t records;	/* live frame numbers for Wireshark's labels */
	int stats_fd;		/* counters map, live only, else -1 */
	struct tl_pcap *pcap;		/* -w */
	struct tl_json *json;		/* --json */
	struct tl_out *note_out;	/* -w --explain: annotations go here, then into comments */
	int note_fd;
};

static volatile sig_atomic_t stop;
static volatile sig_atomic_t report_now;	/* SIGUSR1: --summary/--ladder of open connections */

static void on_usr1(int sig)
{
	(void)sig;
	report_now = 1;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tcplens [-i IFACE]... [--hook auto|tcx|tc|xdp|xdp-generic] [options] [EXPRESSION]\n"
		"       tcplens -r FILE [options] [EXPRESSION]\n"
		"Trace TCP segments in the kernel and print them exactly as tcpdump -nn does.\n"
		"\n"
		"  -i IFACE         interface to trace (repeatable); both directions with tc/tcx\n"
		"  --hook HOOK      auto (tcx, else tc clsact), tcx, tc, xdp, xdp-generic\n"
		"  -r FILE          read a pcap/pcapng file through the same BPF parser\n"
		"  -c N             exit after N segments\n"
		"  EXPRESSION       pcap-filter(7), as for tcpdump; run in the kernel\n"
		"  -F FILE          read the filter expression from FILE\n"
		"  -d               print the filter as classic BPF, as tcpdump -d does, and exit\n"
		"  -l               line-buffered output\n"
		"  -n, -nn          accepted for tcpdump compatibility (tcplens never resolves names)\n"
		"  -S               absolute sequence numbers\n"
		"  -t, -tt, -ttt, -tttt, -ttttt   time stamp format as in tcpdump\n"
		"  --nano           nanosecond time stamps\n"
		"  --stats          print the kernel counters at exit\n"
		"  --ring-size MB   ring buffer size (default 16)\n"
		"  --flows N        connections tracked for relative numbers (default 65536)\n"
		"  --no-bpf         with -r: parse in user space (same parser, no privilege)\n"
		"  --explain        after each line, what it means (lines starting '    | ')\n"
		"  --summary        one block per connection at exit (and on SIGUSR1)\n"
		"  --ladder         a sequence diagram per connection at exit (and on SIGUSR1)\n"
		"  --lang en|ja     language of those texts (default: from the locale)\n"
		"  -w FILE          write pcapng rebuilt from the records (- for stdout), no text\n"
		"  --pcap           with -w: classic pcap instead of pcapng\n"
		"  -C SIZE          with -w: start a new file once this one exceeds SIZE million bytes\n"
		"  -G SECONDS       with -w: start a new file every SECONDS (FILE may hold strftime %%)\n"
		"  -W COUNT         with -C: keep COUNT files in a ring; with -G: stop after COUNT\n"
		"  -s BYTES         payload bytes kept per segment (0..256; 0: none, the default)\n"
		"  --json           JSON Lines instead of text: one object per segment, then a summary\n"
		"  --debug          more diagnostics on stderr (twice: libbpf's too)\n"
		"  -h, --help       this help\n"
		"  --version        version\n");
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max || *s == '-') {
		tl_err("%s: invalid %s (a whole number up to %lu)", s, what, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

enum { OPT_HOOK = 256, OPT_NANO, OPT_STATS, OPT_RING, OPT_FLOWS, OPT_DEBUG, OPT_VERSION, OPT_NO_BPF };
enum { OPT_EXPLAIN = 512, OPT_SUMMARY, OPT_LADDER, OPT_LANG };
enum { OPT_JSON = 768, OPT_PCAP };

static int parse_args(int argc, char **argv, struct tl_opts *o)
{
	static const struct option lopts[] = {
		{ "hook", required_argument, NULL, OPT_HOOK },
		{ "nano", no_argument, NULL, OPT_NANO },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "ring-size", required_argument, NULL, OPT_RING },
		{ "flows", required_argument, NULL, OPT_FLOWS },
		{ "debug", no_argument, NULL, OPT_DEBUG },
		{ "no-bpf", no_argument, NULL, OPT_NO_BPF },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "ladder", no_argument, NULL, OPT_LADDER },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "pcap", no_argument, NULL, OPT_PCAP },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "time-stamp-precision", required_argument, NULL, 'P' },
		{},
	};
	int t = 0, c;
	unsigned long v;

	o->ring_mb = 16;
	o->flows = 65536;
	while ((c = getopt_long(argc, argv, "i:r:c:lnSthP:w:C:G:W:s:dF:", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (o->n_ifaces == TL_MAX_IFACES) {
				tl_err("too many interfaces (at most %d)", TL_MAX_IFACES);
				return 2;
			}
			o->ifaces[o->n_ifaces++] = optarg;
			break;
		case 'r':
			o->read_file = optarg;
			break;
		case 'c':
			if (parse_uint(optarg, LONG_MAX, &v, "count") || v == 0) {
				if (v == 0)
					tl_err("%s: invalid count (at least 1)", optarg);
				return 2;
			}
			o->count = (long)v;
			break;
		case 'l':
			o->linebuf = true;
			break;
		case 'n':
			break;
		case 'S':
			o->print.abs_seq = true;
			break;
		case 't':
			t++;
			break;
		case 'P':
			if (!strcmp(optarg, "nano")) {
				o->print.nano = true;
			} else if (strcmp(optarg, "micro")) {
				tl_err("%s: unknown time stamp precision (micro or nano)", optarg);
				return 2;
			}
			break;
		case OPT_HOOK:
			if (tl_hook_parse(optarg, &o->hook)) {
				tl_err("%s: unknown hook (auto, tcx, tc, xdp, xdp-generic)", optarg);
				return 2;
			}
			break;
		case OPT_NANO:
			o->print.nano = true;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_RING:
			if (parse_uint(optarg, 1024, &v, "ring size in MiB"))
				return 2;
			if (v == 0 || (v & (v - 1))) {
				tl_err("%s: ring size must be a power of two in MiB (1, 2, 4 ... 1024)",
				       optarg);
				return 2;
			}
			o->ring_mb = (unsigned)v;
			break;
		case OPT_FLOWS:
			if (parse_uint(optarg, 1u << 24, &v, "flow table size") || v < 16) {
				if (v < 16)
					tl_err("%s: flow table size must be at least 16", optarg);
				return 2;
			}
			o->flows = (unsigned)v;
			break;
		case OPT_DEBUG:
			tl_verbose++;
			break;
		case OPT_NO_BPF:
			o->no_bpf = true;
			break;
		case OPT_EXPLAIN:
			o->explain.explain = true;
			break;
		case OPT_SUMMARY:
			o->explain.summary = true;
			break;
		case OPT_LADDER:
			o->explain.ladder = true;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "en") && strcmp(optarg, "ja")) {
				tl_err("%s: unknown language (en or ja)", optarg);
				return 2;
			}
			o->lang = optarg;
			break;
		case 'w':
			o->write.path = optarg;
			break;
		case 'C':
			if (parse_uint(optarg, 1000000, &v, "file size in MB") || v == 0) {
				if (v == 0)
					tl_err("%s: invalid file size (at least 1 MB)", optarg);
				return 2;
			}
			o->write.rotate_bytes = (uint64_t)v * 1000000;	/* tcpdump's MB */
			break;
		case 'G':
			if (parse_uint(optarg, 1u << 30, &v, "rotation period in seconds") || v == 0) {
				if (v == 0)
					tl_err("%s: invalid rotation period (at least 1 s)", optarg);
				return 2;
			}
			o->write.rotate_secs = (uint32_t)v;
			break;
		case 'W':
			if (parse_uint(optarg, 1000000, &v, "file count") || v == 0) {
				if (v == 0)
					tl_err("%s: invalid file count (at least 1)", optarg);
				return 2;
			}
			o->write.max_files = (uint32_t)v;
			break;
		case 's':
			if (parse_uint(optarg, 262144, &v, "snapshot length"))
				return 2;
			if (v > TL_SNAP_MAX) {
				/* tcpdump habits (-s 0, -s 65535) mean "as much as possible". */
				tl_info("-s %lu: records carry at most %d payload bytes", v,
					TL_SNAP_MAX);
				v = TL_SNAP_MAX;
			}
			o->snap_len = (unsigned)v;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_PCAP:
			o->write.classic = true;
			break;
		case 'd':
			o->dump++;
			break;
		case 'F':
			o->filter_file = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("tcplens %s (libbpf %s)\n", TL_VERSION, libbpf_version_string());
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc && o->filter_file) {
		tl_err("-F %s and an expression on the command line exclude each other",
		       o->filter_file);
		return 2;
	}
	if (o->filter_file && tl_filter_read_file(o->filter_file, &o->filter))
		return 2;
	if (optind < argc && !(o->filter = tl_filter_join(argc - optind, argv + optind))) {
		tl_err("out of memory");
		return 2;
	}
	if (o->filter && o->no_bpf && !o->dump) {
		tl_err("--no-bpf cannot apply a filter expression: the filter runs in the kernel");
		return 2;
	}
	if (t > 5) {
		tl_err("only -t, -tt, -ttt, -tttt and -ttttt are supported");
		return 2;
	}
	static const enum tl_tsfmt tsfmt[] = { TL_TS_DEFAULT, TL_TS_NONE, TL_TS_EPOCH,
					       TL_TS_DELTA, TL_TS_DATE, TL_TS_SINCE_FIRST };
	o->print.tsfmt = tsfmt[t];
	if (o->no_bpf && !o->read_file) {
		tl_err("--no-bpf needs -r FILE: live tracing runs in the kernel");
		return 2;
	}
	if (o->read_file && o->n_ifaces) {
		tl_err("-r and -i exclude each other: read a file or trace interfaces");
		return 2;
	}
	if (!o->read_file && !o->n_ifaces && !o->dump) {
		tl_err("no interface given: use -i IFACE (see ip link), or -r FILE");
		return 2;
	}
	if (!o->write.path && (o->write.classic || o->write.rotate_bytes || o->write.rotate_secs ||
				 o->write.max_files)) {
		tl_err("--pcap, -C, -G and -W need -w FILE");
		return 2;
	}
	if (o->write.max_files && !o->write.rotate_bytes && !o->write.rotate_secs) {
		tl_err("-W needs -C or -G");
		return 2;
	}
	if (o->write.path && !strcmp(o->write.path, "-") &&
	    (o->json || o->explain.summary || o->explain.ladder)) {
		tl_err("-w - writes the capture to standard output: --json, --summary and --ladder "
		       "would mix text into it");
		return 2;
	}
	if (o->json && (o->explain.summary || o->explain.ladder || o->explain.explain)) {
		tl_err("--json already carries the analysis of every segment: --explain, --summary "
		       "and --ladder would break its lines");
		return 2;
	}
	o->write.live = !o->read_file;
	o->write.nano = !o->read_file || o->print.nano;
	o->print.ifprefix = o->n_ifaces > 1;
	/* Capture files are compared with tcpdump 4.99.3 -r; live TSO/BIG TCP frames get
	 * the TCP line newer tcpdump prints (see README). */
	o->print.len0_as_4993 = o->read_file != NULL;
	o->explain.abs_seq = o->print.abs_seq;
	return 0;
}

/* Records tcplens itself lost so far, for --explain's "previous segment not captured". */
static uint64_t own_drops(void *ctx)
{
	const struct tl_run *run = ctx;
	int ncpu = libbpf_num_possible_cpus();
	uint32_t k = TL_CNT_RING_FULL;
	uint64_t vals[512], sum = 0;

	if (run->stats_fd < 0 || ncpu <= 0 || ncpu > 512 ||
	    bpf_map_lookup_elem(run->stats_fd, &k, vals))
		return 0;
	for (int c = 0; c < ncpu; c++)
		sum += vals[c];
	return sum;
}

static bool explaining(const struct tl_opts *o)
{
	return o->explain.explain || o->explain.summary || o->explain.ladder;
}

static const char *ifname_of(const struct tl_run *run, uint32_t ifindex)
{
	for (int i = 0; i < run->n_ifs; i++)
		if ((uint32_t)run->ifs[i].ifindex == ifindex)
			return run->ifs[i].name;
	return "?";
}

/* The annotation lines explain wrote for one record, as one packet comment without markers. */
static void take_note(struct tl_run *run, char *buf, size_t len)
{
	const size_t mark = sizeof(TL_EXPLAIN_MARK) - 1;
	char raw[4096];
	ssize_t n;
	size_t o = 0;

	buf[0] = '\0';
	n = pread(run->note_fd, raw, sizeof(raw) - 1, 0);
	if (ftruncate(run->note_fd, 0) || lseek(run->note_fd, 0, SEEK_SET) || n <= 0)
		return;
	raw[n] = '\0';
	for (char *l = raw, *nl; *l && o + 1 < len; l = nl) {
		nl = strchr(l, '\n');
		nl = nl ? nl + 1 : l + strlen(l);
		if (!strncmp(l, TL_EXPLAIN_MARK, mark))
			l += mark;
		while (l < nl && o + 1 < len)
			buf[o++] = *l++;
	}
	while (o && buf[o - 1] == '\n')
		o--;
	buf[o] = '\0';
}

/* -w and --json: the record goes to the file and/or a JSON line instead of a text line. */
static int machine_record(struct tl_run *run, const struct tl_record *r)
{
	uint64_t frame = run->replay ? tl_replay_frame_no(run->replay) : ++run->records;
	int64_t ns = run->replay ? (int64_t)r->ts_ns : tl_clock_real_ns(&run->clock, r->ts_ns);
	const char *ifname = run->replay ? NULL : ifname_of(run, r->ifindex);
	char note[4096] = "", line[TL_PRINT_LINE_MAX];
	struct tl_ts ts = { 0 };
	int err = 0;

	if (run->explain) {
		/* explain reads the relative-number state the printer keeps: run it unseen. */
		tl_format_record(run->printer, line, sizeof(line), r, &ts, ifname);
		err = tl_explain_record(run->explain, r, frame);
		if (!err && run->note_out)
			take_note(run, note, sizeof(note));
	}
	if (!err && run->pcap) {
		struct tl_ts t = { .sec = ns / 1000000000, .frac = (uint32_t)(ns % 1000000000) };

		if (run->replay)
			t = *tl_replay_ts(run->replay);	/* exactly as the file holds it */
		err = tl_pcap_record(run->pcap, r, t.sec, t.frac, note);
		if (err > 0) {
			stop = 1;	/* -G with -W: the last file is written */
			err = 0;
		}
	}
	if (!err && run->json)
		err = tl_json_record(run->json, r, ns, frame, ifname);
	return err;
}

static void on_record(void *ctx, const struct tl_record *r)
{
	struct tl_run *run = ctx;
	struct tl_ts ts;

	if (run->out_failed || (run->o->count && run->printed >= (uint64_t)run->o->count)) {
		run->not_printed++;
		return;
	}
	if (run->pcap || run->json) {
		if (machine_record(run, r)) {
			run->out_failed = true;
			stop = 1;
			return;
		}
		if (++run->printed == (uint64_t)run->o->count)
			stop = 1;
		return;
	}
	if (run->replay) {
		ts = *tl_replay_ts(run->replay);
	} else {
		int64_t ns = tl_clock_real_ns(&run->clock, r->ts_ns);

		ts.sec = ns / 1000000000;
		ts.frac = (uint32_t)(ns % 1000000000);
		if (!run->o->print.nano)
			ts.frac /= 1000;
	}
	if (tl_print_record(run->printer, r, &ts, ifname_of(run, r->ifindex)) ||
	    (run->explain &&
	     tl_explain_record(run->explain, r,
			       run->replay ? tl_replay_frame_no(run->replay) : ++run->records))) {
		/* The reader went away (EPIPE) or the disk is full: nothing more can be shown. */
		run->out_failed = true;
		stop = 1;
		return;
	}
	if (report_now && run->explain) {
		report_now = 0;
		tl_explain_report(run->explain, false);
	}
	if (++run->printed == (uint64_t)run->o->count)
		stop = 1;
}

static void on_skip(void *ctx, const struct tl_ts *ts)
{
	struct tl_run *run = ctx;

	tl_print_skip(run->printer, ts);
}

static void read_counters(const struct tcplens_bpf *skel, const struct tl_run *run,
			  bool user_parser, uint64_t cnt[TL_CNT_MAX])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *vals;

	memset(cnt, 0, sizeof(uint64_t) * TL_CNT_MAX);
	if (user_parser) {
		memcpy(cnt, tl_replay_counters(run->replay), sizeof(uint64_t) * TL_CNT_MAX);
		return;
	}
	if (ncpu <= 0)
		return;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return;
	for (uint32_t k = 0; k < TL_CNT_MAX; k++) {
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &k, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			cnt[k] += vals[c];
	}
	free(vals);
}

/* tcpdump-style closing lines on stderr; every segment the hook saw is in exactly one bucket. */
static void print_summary(const uint64_t cnt[TL_CNT_MAX], const struct tl_run *run,
			  uint64_t bad)
{
	fprintf(stderr, "%llu segments printed\n", (unsigned long long)run->printed);
	fprintf(stderr,
		"%llu packets seen by the hook: %llu TCP segments delivered, %llu dropped "
		"(ring full), %llu filtered, %llu not TCP, %llu IP fragments, %llu malformed\n",
		(unsigned long long)cnt[TL_CNT_SEEN], (unsigned long long)cnt[TL_CNT_EMITTED],
		(unsigned long long)cnt[TL_CNT_RING_FULL],
		(unsigned long long)cnt[TL_CNT_FILTERED],
		(unsigned long long)cnt[TL_CNT_NON_TCP], (unsigned long long)cnt[TL_CNT_IP_FRAG],
		(unsigned long long)cnt[TL_CNT_MALFORMED]);
	fprintf(stderr,
		"%llu delivered: %llu printed, %llu not printed (-c reached or output closed), %llu dropped in "
		"user space (malformed record), %llu truncated segments\n",
		(unsigned long long)cnt[TL_CNT_EMITTED], (unsigned long long)run->printed,
		(unsigned long long)run->not_printed, (unsigned long long)bad,
		(unsigned long long)cnt[TL_CNT_TRUNCATED]);
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * Verify only what will run: the replay program for -r, else the hook's programs, with the
 * raw-IP variants only when a device without a link header is traced.
 */
static int load_bpf(struct tcplens_bpf *skel, const struct tl_opts *o, bool any_raw)
{
	const struct bpf_program *want[] = {
		o->read_file ? skel->progs.tl_replay : NULL,
		!o->read_file && (o->hook == TL_HOOK_XDP || o->hook == TL_HOOK_XDP_GENERIC) ?
			skel->progs.tl_xdp : NULL,
		!o->read_file && o->hook != TL_HOOK_XDP && o->hook != TL_HOOK_XDP_GENERIC ?
			skel->progs.tl_tc_ingress : NULL,
		!o->read_file && o->hook != TL_HOOK_XDP && o->hook != TL_HOOK_XDP_GENERIC ?
			skel->progs.tl_tc_egress : NULL,
		any_raw ? skel->progs.tl_tc_raw_ingress : NULL,
		any_raw ? skel->progs.tl_tc_raw_egress : NULL,
	};
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program(prog, skel->obj) {
		bool load = false;

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			load |= want[i] == prog;
		bpf_program__set_autoload(prog, load);
	}
	/* A capture file is read one frame at a time: a small ring is plenty. */
	err = bpf_map__set_max_entries(skel->maps.events,
				       o->read_file ? 1u << 20 : o->ring_mb << 20);
	if (!err)
		err = tcplens_bpf__load(skel);
	return err;
}

/* -w: the file's interfaces; in replay one, named for the capture it came from. */
static int open_writer(struct tl_run *run)
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
	return tl_pcap_open(&run->o->write, ifs, n, &run->pcap);
}

/* The closing blocks of -w and the summary line of --json. */
static int finish_machine(struct tl_run *run, const uint64_t cnt[TL_CNT_MAX], uint64_t bad)
{
	struct tl_json_summary js = { .printed = run->printed, .not_printed = run->not_printed,
				      .user_bad = bad };
	struct tl_pcap_stats st = { .valid = true };
	int err = 0;

	memcpy(st.cnt, cnt, sizeof(st.cnt));
	memcpy(js.cnt, cnt, sizeof(js.cnt));
	if (run->pcap) {
		js.file_drops = tl_pcap_drops(run->pcap);
		js.file_written = tl_pcap_written(run->pcap);
		err = tl_pcap_close(run->pcap, &st);
		run->pcap = NULL;
		if (js.file_drops)
			tl_err("%llu segments not written to %s: the disk was slower than the "
			       "traffic (the file's statistics block counts them as osdrop)",
			       (unsigned long long)js.file_drops, run->o->write.path);
	}
	if (run->json && !run->out_failed && tl_json_summary(run->json, &js))
		err = err ? err : -EIO;
	return err;
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

/* -d: libpcap's program for the link type the filter would run on, as tcpdump -d prints it. */
static int dump_filter(const struct tl_opts *o)
{
	const char *expr = o->filter ? o->filter : "";
	struct tl_filter *f;

	if (o->read_file ? tl_filter_new_file(expr, o->read_file, &f)
			 : tl_filter_new(expr, TL_LINK_ETH, &f))
		return 1;
	tl_filter_dump(f, o->dump);
	tl_filter_free(f);
	return 0;
}

/*
 * Compile before anything is loaded, so a bad expression or an unknown host stops us early:
 * on the capture itself for -r; for Ethernet, and raw IP for devices without a link header,
 * when live. libbpf then hands each program to filter.c while it loads.
 */
static int setup_filter(const struct tl_opts *o, struct tl_filter **link, struct tl_filter **raw)
{
	if (o->read_file)
		return tl_filter_new_file(o->filter, o->read_file, link) ?:
		       tl_filter_splice_begin(*link, NULL);
	if (tl_filter_new(o->filter, TL_LINK_ETH, link) ||
	    tl_filter_new(o->filter, TL_LINK_RAW, raw))
		return -EINVAL;
	return tl_filter_splice_begin(*link, *raw);
}

int main(int argc, char **argv)
{
	struct tl_opts o = {};
	struct tl_run run = { .o = &o, .stats_fd = -1, .note_fd = -1 };
	struct tcplens_bpf *skel = NULL;
	struct tl_ring *ring = NULL;
	struct tl_flows *flows = NULL;
	uint64_t cnt[TL_CNT_MAX];
	bool user_parser = false, any_raw = false;
	struct tl_filter *flt_link = NULL, *flt_raw = NULL;
	int err, ret = 1;

	err = parse_args(argc, argv, &o);
	if (err)
		return err;
	tl_log_setup_libbpf();
	install_signals();
	if (tl_explain_lang(o.lang))
		tl_debug("no catalog for the environment's language: annotations in English");
	if (o.dump)
		return dump_filter(&o);

	if (o.read_file) {
		err = tl_replay_open(o.read_file, o.print.nano, o.snap_len, &run.replay);
		if (err)
			return 1;
	}

	run.out = tl_out_new(STDOUT_FILENO, o.linebuf);
	flows = tl_flows_new(o.flows, explaining(&o) ? tl_explain_ext_size() : 0);
	if (!run.out || !flows) {
		tl_err("out of memory");
		goto cleanup;
	}
	run.printer = tl_printer_new(&o.print, run.out, flows);
	if (o.write.path && o.explain.explain) {
		/* The annotations become packet comments: explain writes them to a memory file. */
		run.note_fd = memfd_create("tcplens-notes", MFD_CLOEXEC);
		run.note_out = run.note_fd >= 0 ? tl_out_new(run.note_fd, true) : NULL;
		if (!run.note_out) {
			tl_err("cannot keep the annotations for -w: %s", strerror(errno));
			goto cleanup;
		}
	}
	if (o.json)
		run.json = tl_json_new(run.out, o.flows, o.print.abs_seq);
	if (o.json && !run.json) {
		tl_err("out of memory");
		goto cleanup;
	}
	if (explaining(&o)) {
		o.explain.own_drops = own_drops;
		o.explain.drops_ctx = &run;
		run.explain = tl_explain_new(&o.explain, run.note_out ? run.note_out : run.out, flows);
	}
	if (!run.printer || (explaining(&o) && !run.explain)) {
		tl_err("out of memory");
		goto cleanup;
	}

	if (o.filter && setup_filter(&o, &flt_link, &flt_raw))
		goto cleanup;
	skel = tcplens_bpf__open();
	if (!skel) {
		tl_err("cannot open the BPF object: %s", strerror(errno));
		goto cleanup;
	}
	skel->rodata->cfg_snap_len = o.snap_len;
	for (int i = 0; i < o.n_ifaces; i++) {
		int link;

		if (tl_attach_check(o.ifaces[i], o.hook, &link))
			goto cleanup;	/* it said why */
		any_raw |= link == TL_LINK_RAW;
	}
	err = o.no_bpf ? -ENOTSUP : load_bpf(skel, &o, any_raw);
	tl_filter_splice_end();
	if (err && o.filter) {
		/* The user-space parser cannot filter: falling back would print everything. */
		tl_err("cannot load the BPF programs with the filter '%s': %s (%s; a long filter may "
		       "exceed the verifier's limits)", o.filter, strerror(-err), load_hint(err));
		goto cleanup;
	}
	if (err && o.no_bpf && o.read_file) {
		user_parser = true;
	} else if (err) {
		if (!o.read_file) {
			tl_err("cannot load the BPF programs: %s (%s)", strerror(-err),
			       load_hint(err));
			goto cleanup;
		}
		/* Same parser, compiled for user space: the output is identical (tested). */
		tl_info("cannot load BPF (%s): parsing in user space with the same parser",
			strerror(-err));
		user_parser = true;
	}
	if (!user_parser && !o.read_file)
		run.stats_fd = bpf_map__fd(skel->maps.stats);
	if (!user_parser) {
		err = tl_ring_open(bpf_map__fd(skel->maps.events), on_record, &run, &ring);
		if (err) {
			tl_err("cannot open the ring buffer: %s", strerror(-err));
			goto cleanup;
		}
	}

	if (o.read_file) {
		struct tl_replay_sink sink = { .record = on_record, .skip = on_skip, .ctx = &run };

		fprintf(stderr, "reading from file %s, link-type %s, snapshot length %d\n",
			o.read_file, tl_replay_link_name(run.replay),
			tl_replay_snaplen(run.replay));
		if (o.write.path && open_writer(&run))
			goto cleanup;
		err = tl_replay_run(run.replay, user_parser ? -1 : bpf_program__fd(skel->progs.tl_replay),
				    ring, &sink, &stop);
		ret = err ? 1 : 0;
		if (o.stats || run.pcap || run.json)
			read_counters(skel, &run, user_parser, cnt);
		if ((run.pcap || run.json) && finish_machine(&run, cnt, ring ? tl_ring_bad(ring) : 0))
			ret = 1;
		if (o.stats)
			print_summary(cnt, &run, ring ? tl_ring_bad(ring) : 0);
		goto cleanup;
	}

	struct tl_progs progs = {
		.xdp = skel->progs.tl_xdp,
		.tc_in = skel->progs.tl_tc_ingress,
		.tc_out = skel->progs.tl_tc_egress,
		.tc_raw_in = skel->progs.tl_tc_raw_ingress,
		.tc_raw_out = skel->progs.tl_tc_raw_egress,
	};
	char names[TL_MAX_IFACES * (IF_NAMESIZE + 2)] = "";

	for (int i = 0; i < o.n_ifaces && !stop; i++) {
		struct tl_iface *ifc = &run.ifs[run.n_ifs];

		err = tl_attach_iface(&progs, o.ifaces[i], o.hook, &ifc->att);
		if (err)
			goto cleanup;	/* tl_attach_iface said why */
		snprintf(ifc->name, sizeof(ifc->name), "%s", o.ifaces[i]);
		ifc->ifindex = (int)if_nametoindex(o.ifaces[i]);
		run.n_ifs++;
		tl_info("%s: %s", ifc->name, tl_attach_desc(ifc->att));
		if (i)
			strcat(names, ", ");
		strcat(names, ifc->name);
	}
	if (o.write.path && !stop && open_writer(&run))
		goto cleanup;
	tl_clock_sync(&run.clock);
	/* Scripts wait for this line: everything is attached once it is printed. */
	/* The link type a tcpdump user would see: several interfaces print like -i any. */
	fprintf(stderr, "tcplens: listening on %s, link-type %s, snapshot length 262144 bytes\n",
		names, run.n_ifs > 1 ? "LINUX_SLL2 (Linux cooked v2)" :
		tl_attach_link_type(run.ifs[0].att) == TL_LINK_RAW ? "RAW (Raw IP)" :
		"EN10MB (Ethernet)");

	while (!stop) {
		err = tl_ring_poll(ring, 100);
		if (err < 0) {
			tl_err("reading the ring buffer: %s", strerror(-err));
			goto cleanup;
		}
		if (report_now && run.explain) {
			report_now = 0;
			tl_explain_report(run.explain, false);
		}
		if (!o.linebuf && err == 0)
			tl_out_flush(run.out);
		if (err == 0)
			tl_pcap_flush(run.pcap);
		tl_clock_maybe_sync(&run.clock);
	}
	tl_ring_drain(ring);
	ret = 0;
	read_counters(skel, &run, false, cnt);
	if ((run.pcap || run.json) && finish_machine(&run, cnt, tl_ring_bad(ring)))
		ret = 1;
	tl_out_flush(run.out);
	print_summary(cnt, &run, tl_ring_bad(ring));

cleanup:
	for (int i = 0; i < run.n_ifs; i++)
		tl_detach(run.ifs[i].att);
	if (run.explain && !run.out_failed)
		tl_explain_report(run.explain, true);
	if (run.note_out) {
		char rest[4096];
		ssize_t n;

		/* --summary and --ladder with -w FILE: their text was kept with the notes. */
		tl_out_flush(run.note_out);
		while ((n = pread(run.note_fd, rest, sizeof(rest), 0)) > 0 && run.out &&
		       !tl_out_write(run.out, rest, (size_t)n) && !ftruncate(run.note_fd, 0))
			lseek(run.note_fd, 0, SEEK_SET);
	}
	if (run.out)
		tl_out_flush(run.out);
	tl_ring_close(ring);
	tcplens_bpf__destroy(skel);
	tl_printer_free(run.printer);
	tl_explain_free(run.explain);
	tl_flows_free(flows);
	tl_pcap_close(run.pcap, NULL);
	tl_json_free(run.json);
	tl_out_free(run.note_out);
	if (run.note_fd >= 0)
		close(run.note_fd);
	tl_out_free(run.out);
	tl_replay_close(run.replay);
	tl_filter_splice_end();
	tl_filter_free(flt_link);
	tl_filter_free(flt_raw);
	free(o.filter);
	return ret;
}
