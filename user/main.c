// SPDX-License-Identifier: GPL-2.0-only
/* tcplens command line: open -> configure -> load -> attach -> poll -> detach, one exit path. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <libgen.h>
#include <net/if.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <linux/capability.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tcplens.skel.h"
#include "capture/attach.h"
#include "capture/clock.h"
#include "out/explain.h"
#include "capture/filter.h"
#include "conn/flow.h"
#include "out/json.h"
#include "log.h"
#include "capture/merge.h"
#include "capture/netns.h"
#include "capture/privs.h"
#include "out/out.h"
#include "out/pcapng.h"
#include "out/print.h"
#include "capture/replay.h"
#include "capture/ring.h"

#define TL_MAX_IFACES  64
#define TL_BATCH_BYTES 4096 /* per-CPU record batch, bpf/tcplens.bpf.c's maximum */
#define TL_MAX_SCOPES  16   /* namespaces traced at once, ours included */
#define TL_VERSION     "0.1"

/* Where -i names interfaces: our namespace (scope 0), or one --netns / --pid gave. */
struct tl_scope_opt {
	const char *netns; /* --netns NAME|PATH */
	const char *pid;   /* --pid PID */
	bool host_side;	   /* --host-side: the host ends of its veths, directions swapped */
	bool any;	   /* -i any, or no -i after --netns/--pid: every interface, followed */
	int n_ifaces;
};

struct tl_opts {
	const char *ifaces[TL_MAX_IFACES];
	int n_ifaces;
	int if_scope[TL_MAX_IFACES]; /* index into scopes of each -i */
	struct tl_scope_opt scopes[TL_MAX_SCOPES];
	int n_scopes;	       /* scope 0 always exists: our own namespace */
	const char *drop_user; /* -Z */
	const char *read_file;
	enum tl_hook hook;
	long count;	 /* -c: stop after this many printed segments; 0 = no limit */
	bool linebuf;	 /* -l */
	bool stats;	 /* --stats: print the counters even when quiet */
	bool no_bpf;	 /* --no-bpf: parse -r files with the user-space build */
	bool batch;	 /* per-CPU record batches in the kernel (--no-batch: off) */
	bool cpu_rings;	 /* --rings percpu: one ring buffer per CPU */
	unsigned sample; /* --sample N: 1 in N segments per connection, in the kernel */
	unsigned ring_mb;
	unsigned flows;
	struct tl_print_cfg print;
	struct tl_explain_cfg explain; /* --explain, --summary, --ladder */
	const char *lang;	       /* --lang; NULL: from the environment */
	char *filter;		       /* pcap-filter(7) expression: trailing words or -F FILE */
	const char *filter_file;       /* -F */
	int dump;		       /* -d, -dd, -ddd: print the compiled filter, exit */
	struct tl_pcap_cfg write;      /* -w FILE (write.path), --pcap, -C, -G, -W */
	bool json;		       /* --json */
	unsigned snap_len;	       /* -s: payload bytes per record */
};

struct tl_iface {
	char name[IF_NAMESIZE * 2]; /* as lines show it: "eth0", or "eth0@web" */
	int ifindex;
	int scope;
	struct tl_attach *att;
};

/*
 * One namespace traced through its own instance of the programs and ring: ifindexes repeat
 * across namespaces and the record carries nothing else, so the ring says where it came from.
 */
struct tl_scope {
	int netns_fd; /* -1: ours */
	char label[IF_NAMESIZE + 1];
	struct tcplens_bpf *skel; /* the first used scope shares main's */
	struct tl_ring *ring;
	struct tl_netns_watch *watch; /* -i any */
	bool used;
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
	uint64_t not_printed; /* delivered after -c or -W was reached or stdout closed */
	bool out_failed;
	bool files_done;	    /* -G with -W wrote its last file: nothing more is written */
	uint64_t file_written;	    /* -w: segments in the files, taken when they are closed */
	struct tl_explain *explain; /* NULL unless --explain, --summary or --ladder */
	uint64_t records;	    /* live frame numbers for Wireshark's labels */
	int stats_fd;		    /* counters map, live only, else -1 */
	struct tl_pcap *pcap;	    /* -w */
	struct tl_json *json;	    /* --json */
	struct tl_out *note_out;    /* -w --explain: annotations go here, then into comments */
	int note_fd;
	struct tl_scope scopes[TL_MAX_SCOPES];
	int cur_scope;		      /* whose ring is being read */
	int n_ifs_detached;	      /* ifs[0..n) already detached at a normal end */
	const struct tl_progs *progs; /* for interfaces that appear later (-i any) */
	/* Several rings or per-CPU batches: records wait here to be put back in time order. */
	struct tl_merge *merge;
	unsigned int ncpu;
	uint64_t hold_ns; /* how late a record can reach its ring after its time stamp */
	int epfd;	  /* every namespace's ring, when there is a merge */
	int wake_fd;	  /* --rings percpu: the reader threads' eventfd, in epfd */
};

static volatile sig_atomic_t stop;
static volatile sig_atomic_t report_now; /* SIGUSR1: --summary/--ladder of open connections */

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
		"Usage: tcplens [-i IFACE]... [--hook auto|tcx|tc|xdp|xdp-generic] [options]\n"
		"               [EXPRESSION]\n"
		"       tcplens -r FILE [options] [EXPRESSION]\n"
		"Trace TCP segments in the kernel and print them exactly as tcpdump -nn does.\n"
		"\n"
		"  -i IFACE         interface to trace (repeatable); both directions with tc/tcx\n"
		"  --hook HOOK      auto (tcx, else tc clsact), tcx, tc, xdp, xdp-generic\n"
		"  -i any           every interface that is up, and new ones as they appear\n"
		"  --netns NS       the following -i name interfaces in network namespace NS\n"
		"                   (/run/netns/NS, or a path such as /proc/PID/ns/net);\n"
		"                   without -i: all of its interfaces\n"
		"  --pid PID        the same for the network namespace of process PID\n"
		"  --host-side      with --netns/--pid: trace the host ends of its veth pairs,\n"
		"                   directions shown as seen inside\n"
		"  -Z USER          drop privileges to USER once attached\n"
		"  -r FILE          read a pcap/pcapng file through the same BPF parser\n"
		"  -c N             exit after N segments\n"
		"  EXPRESSION       pcap-filter(7), as for tcpdump; run in the kernel\n"
		"  -F FILE          read the filter expression from FILE\n"
		"  -d               print the filter as classic BPF, as tcpdump -d does, and exit\n"
		"  -l               line-buffered output\n"
		"  -n, -nn          accepted for tcpdump's sake (tcplens never resolves names)\n"
		"  -S               absolute sequence numbers\n"
		"  -t, -tt, -ttt, -tttt, -ttttt   time stamp format as in tcpdump\n"
		"  --nano           nanosecond time stamps\n"
		"  --stats          print the kernel counters at exit\n"
		"  --ring-size MB   ring buffer size (default 16; with --rings percpu, shared\n"
		"                   out among the CPUs)\n"
		"  --rings shared|percpu   one ring for all CPUs (default), or one per CPU:\n"
		"                   CPUs never wait for each other at high rates\n"
		"  --flows N        connections tracked for relative numbers (default 65536)\n"
		"  --no-bpf         with -r: parse in user space (same parser, no privilege)\n"
		"  --sample N       keep 1 in N segments of each connection (SYN, FIN, RST: all),\n"
		"                   decided in the kernel; the summary counts the others\n"
		"  --no-batch       one ring write per record instead of per-CPU batches (the\n"
		"                   default batches: a third cheaper per segment in the kernel;\n"
		"                   lines are put back in time order, a few ms later)\n"
		"  --explain        after each line, what it means (lines starting '    | ')\n"
		"  --summary        one block per connection at exit (and on SIGUSR1)\n"
		"  --ladder         a sequence diagram per connection at exit (and on SIGUSR1)\n"
		"  --lang en|ja     language of those texts (default: from the locale)\n"
		"  -w FILE          write pcapng rebuilt from the records (- for stdout), no text\n"
		"  --pcap           with -w: classic pcap instead of pcapng\n"
		"  -C SIZE          with -w: a new file once this one exceeds SIZE million bytes\n"
		"  -G SECONDS       with -w: a new file every SECONDS (FILE may hold strftime %%)\n"
		"  -W COUNT         with -C: COUNT files in a ring; with -G: stop after COUNT\n"
		"  -s BYTES         payload bytes kept per segment (0..256; 0: none, the default)\n"
		"  --json           JSON Lines: one object per segment, then a summary\n"
		"  --debug          more diagnostics on stderr (twice: libbpf's too)\n"
		"  -h, --help       this help\n"
		"  --version        version\n");
}

/* A whole number in [min, max], or one message saying what is allowed. */
static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
		      const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max || *s == '-' || *s == '+') {
		tl_err("%s: invalid %s (a whole number from %lu to %lu)", s, what, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

enum {
	OPT_HOOK = 256,
	OPT_NANO,
	OPT_STATS,
	OPT_RING,
	OPT_FLOWS,
	OPT_DEBUG,
	OPT_VERSION,
	OPT_NO_BPF,
	OPT_BATCH,
	OPT_SAMPLE,
	OPT_RINGS,
	OPT_NO_BATCH
};
enum { OPT_EXPLAIN = 512, OPT_SUMMARY, OPT_LADDER, OPT_LANG };
enum { OPT_JSON = 768, OPT_PCAP };
enum { OPT_NETNS = 1024, OPT_PID, OPT_HOST_SIDE };

/* --netns and --pid open a scope: the -i after it name its interfaces. */
static int add_scope(struct tl_opts *o, const char *netns, const char *pid)
{
	struct tl_scope_opt *sc;

	if (o->n_scopes == TL_MAX_SCOPES) {
		tl_err("too many namespaces (at most %d)", TL_MAX_SCOPES - 1);
		return 2;
	}
	sc = &o->scopes[o->n_scopes++];
	sc->netns = netns;
	sc->pid = pid;
	return 0;
}

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
		{ "batch", no_argument, NULL, OPT_BATCH },
		{ "no-batch", no_argument, NULL, OPT_NO_BATCH },
		{ "rings", required_argument, NULL, OPT_RINGS },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "ladder", no_argument, NULL, OPT_LADDER },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "pcap", no_argument, NULL, OPT_PCAP },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "time-stamp-precision", required_argument, NULL, 'P' },
		{ "netns", required_argument, NULL, OPT_NETNS },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "host-side", no_argument, NULL, OPT_HOST_SIDE },
		{},
	};
	int t = 0, c;
	unsigned long v = 0;

	o->ring_mb = 16;
	o->flows = 65536;
	o->batch = true;
	o->n_scopes = 1;
	opterr = 0; /* one message of our own, saying where help is */
	while ((c = getopt_long(argc, argv, ":i:r:c:lnSthP:w:C:G:W:s:dF:Z:", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!strcmp(optarg, "any")) {
				o->scopes[o->n_scopes - 1].any = true;
				break;
			}
			if (o->n_ifaces == TL_MAX_IFACES) {
				tl_err("too many interfaces (at most %d)", TL_MAX_IFACES);
				return 2;
			}
			o->scopes[o->n_scopes - 1].n_ifaces++;
			o->if_scope[o->n_ifaces] = o->n_scopes - 1;
			o->ifaces[o->n_ifaces++] = optarg;
			break;
		case OPT_NETNS:
			if (add_scope(o, optarg, NULL))
				return 2;
			break;
		case OPT_PID:
			if (parse_uint(optarg, 1, INT_MAX, &v, "process id"))
				return 2;
			if (add_scope(o, NULL, optarg))
				return 2;
			break;
		case OPT_HOST_SIDE:
			if (o->n_scopes == 1) {
				tl_err("--host-side needs --netns or --pid before it");
				return 2;
			}
			o->scopes[o->n_scopes - 1].host_side = true;
			break;
		case 'Z':
			o->drop_user = optarg;
			break;
		case 'r':
			o->read_file = optarg;
			break;
		case 'c':
			if (parse_uint(optarg, 1, LONG_MAX, &v, "count"))
				return 2;
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
				tl_err("%s: unknown hook (auto, tcx, tc, xdp, xdp-generic)",
				       optarg);
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
			if (parse_uint(optarg, 1, 1024, &v, "ring size in MiB"))
				return 2;
			if (v & (v - 1)) {
				tl_err("%s: ring size must be a power of two in MiB (1 ... 1024)",
				       optarg);
				return 2;
			}
			o->ring_mb = (unsigned)v;
			break;
		case OPT_FLOWS:
			if (parse_uint(optarg, 16, 1u << 24, &v, "flow table size"))
				return 2;
			o->flows = (unsigned)v;
			break;
		case OPT_DEBUG:
			tl_verbose++;
			break;
		case OPT_NO_BPF:
			o->no_bpf = true;
			break;
		case OPT_BATCH:
			o->batch = true;
			break;
		case OPT_NO_BATCH:
			o->batch = false;
			break;
		case OPT_RINGS:
			if (strcmp(optarg, "shared") && strcmp(optarg, "percpu")) {
				tl_err("--rings %s: use shared (one ring) or percpu (one per CPU)",
				       optarg);
				return 2;
			}
			o->cpu_rings = !strcmp(optarg, "percpu");
			break;
		case OPT_SAMPLE:
			if (parse_uint(optarg, 1, 1000000, &v, "sampling rate"))
				return 2;
			o->sample = (unsigned)v;
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
			if (parse_uint(optarg, 1, 1000000, &v, "file size in MB"))
				return 2;
			o->write.rotate_bytes = (uint64_t)v * 1000000; /* tcpdump's MB */
			break;
		case 'G':
			if (parse_uint(optarg, 1, 1u << 30, &v, "rotation period in seconds"))
				return 2;
			o->write.rotate_secs = (uint32_t)v;
			break;
		case 'W':
			if (parse_uint(optarg, 1, 1000000, &v, "file count"))
				return 2;
			o->write.max_files = (uint32_t)v;
			break;
		case 's':
			if (parse_uint(optarg, 0, 262144, &v, "snapshot length"))
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
		case ':':
			tl_err("%s: needs a value (see tcplens --help)", argv[optind - 1]);
			return 2;
		default:
			if (optopt)
				tl_err("-%c: unknown option (see tcplens --help)", optopt);
			else
				tl_err("%s: unknown option (see tcplens --help)", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc && o->filter_file) {
		tl_err("-F %s and an expression on the command line exclude each other",
		       o->filter_file);
		return 2;
	}
	if (o->filter_file && tl_filter_read_file(o->filter_file, &o->filter))
		return 1; /* like an unreadable -r file, not a usage error */
	if (optind < argc && !(o->filter = tl_filter_join(argc - optind, argv + optind))) {
		tl_err("out of memory");
		return 1;
	}
	if (o->sample > 1 && o->no_bpf) {
		tl_err("--no-bpf cannot sample: --sample N is decided in the kernel");
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
					       TL_TS_DELTA,   TL_TS_DATE, TL_TS_SINCE_FIRST };
	o->print.tsfmt = tsfmt[t];
	if (o->no_bpf && !o->read_file) {
		tl_err("--no-bpf needs -r FILE: live tracing runs in the kernel");
		return 2;
	}
	for (int i = 1; i < o->n_scopes; i++) {
		/* A namespace named alone means all of it, as --pid alone does. */
		if (!o->scopes[i].n_ifaces)
			o->scopes[i].any = true;
		if (o->scopes[i].host_side && o->scopes[i].any && o->scopes[i].n_ifaces) {
			tl_err("--host-side: use either -i any or -i IFACE for one namespace");
			return 2;
		}
	}
	if (o->read_file && (o->n_ifaces || o->n_scopes > 1 || o->scopes[0].any)) {
		tl_err("-r and -i exclude each other: read a file or trace interfaces");
		return 2;
	}
	if (!o->read_file && !o->n_ifaces && !o->dump && o->n_scopes == 1 && !o->scopes[0].any) {
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
	for (int i = 0; i < o->n_scopes; i++)
		o->print.ifprefix |= o->scopes[i].any;
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

/*
 * What tcpdump checks before it opens a device: a bad -Z user or an unwritable -w file fails
 * here, before anything is attached.
 */
static int precheck(const struct tl_opts *o)
{
	if (o->drop_user && !getpwnam(o->drop_user)) {
		tl_err("-Z %s: no such user (see getent passwd)", o->drop_user);
		return 1;
	}
	if (o->write.path && strcmp(o->write.path, "-")) {
		char dir[PATH_MAX];
		int err;

		snprintf(dir, sizeof(dir), "%s", o->write.path);
		err = access(o->write.path, F_OK) ? access(dirname(dir), W_OK | X_OK)
						  : access(o->write.path, W_OK);
		if (err) {
			tl_err("%s: cannot write there: %s", o->write.path, strerror(errno));
			return 1;
		}
	}
	return 0;
}

static const char *ifname_of(const struct tl_run *run, uint32_t ifindex)
{
	/* ifindexes repeat across namespaces: the ring being read says which one. */
	for (int i = 0; i < run->n_ifs; i++)
		if ((uint32_t)run->ifs[i].ifindex == ifindex && run->ifs[i].scope == run->cur_scope)
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

/*
 * -w and --json: the record goes to the file and/or a JSON line instead of a text line.
 * Returns 0, 1 when -G with -W has no file left for it, or a negative errno.
 */
static int machine_record(struct tl_run *run, const struct tl_record *r)
{
	uint64_t frame = run->replay ? tl_replay_frame_no(run->replay) : ++run->records;
	int64_t ns = run->replay ? (int64_t)r->ts_ns : tl_clock_real_ns(&run->clock, r->ts_ns);
	const char *ifname = run->replay ? NULL : ifname_of(run, r->ifindex);
	/* Not `= ""`: that clears all 4 KiB for every record, most of -w's CPU per segment. */
	char note[4096], line[TL_PRINT_LINE_MAX];
	struct tl_ts ts = { 0 };
	int err = 0;

	note[0] = '\0';
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
			t = *tl_replay_ts(run->replay); /* exactly as the file holds it */
		err = tl_pcap_record(run->pcap, r, t.sec, t.frac, note);
		if (err > 0) {
			/* -G with -W: the last file is written; this record and any still in
			 * the ring count as not written, and --json stops with the files. */
			stop = 1;
			run->files_done = true;
			return 1;
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
	union {
		struct tl_record r;
		uint8_t b[TL_RECORD_MAX];
	} flipped;

	if (run->o->scopes[run->cur_scope].host_side && r->size <= sizeof(flipped)) {
		/* --host-side: what leaves the host end enters the container, and back. */
		memcpy(&flipped, r, r->size);
		flipped.r.flags ^= TL_RF_EGRESS;
		r = &flipped.r;
	}

	if (run->out_failed || run->files_done ||
	    (run->o->count && run->printed >= (uint64_t)run->o->count)) {
		run->not_printed++;
		return;
	}
	if (run->pcap || run->json) {
		int err = machine_record(run, r);

		if (err > 0) {
			run->not_printed++;
			return;
		}
		if (err) {
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

/* A record whose turn has come: its stream says which namespace's ring it came through. */
static void on_merged(void *ctx, unsigned int stream, const struct tl_record *r)
{
	struct tl_run *run = ctx;

	run->cur_scope = (int)(stream / run->ncpu);
	on_record(run, r);
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
static void print_summary(const uint64_t cnt[TL_CNT_MAX], const struct tl_run *run, uint64_t bad)
{
	if (run->o->write.path)
		fprintf(stderr, "%llu segments written to %s\n",
			(unsigned long long)run->file_written,
			strcmp(run->o->write.path, "-") ? "files" : "standard output");
	else
		fprintf(stderr, "%llu segments printed\n", (unsigned long long)run->printed);
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

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			load |= want[i] == prog;
		bpf_program__set_autoload(prog, load);
	}
	/* A capture file is read one frame at a time: a small ring is plenty. So is the shared
	 * ring with one per CPU, written only by a CPU the outer map has no slot for. */
	uint32_t ring = o->read_file ? 1u << 20 : o->cpu_rings ? 1u << 18 : o->ring_mb << 20;
	uint32_t cpus = o->cpu_rings ? (uint32_t)libbpf_num_possible_cpus() : 1;

	err = bpf_map__set_max_entries(skel->maps.events, ring);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.cpu_rings, cpus);
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
	struct tl_json_summary js = { .printed = run->printed,
				      .not_printed = run->not_printed,
				      .user_bad = bad };
	struct tl_pcap_stats st = { .valid = true };
	int err = 0;

	memcpy(st.cnt, cnt, sizeof(st.cnt));
	memcpy(js.cnt, cnt, sizeof(js.cnt));
	if (run->pcap) {
		js.file_drops = tl_pcap_drops(run->pcap);
		js.file_written = tl_pcap_written(run->pcap);
		run->file_written = js.file_written;
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
static int open_scopes(struct tl_run *run)
{
	const struct tl_opts *o = run->o;

	for (int i = 0; i < TL_MAX_SCOPES; i++)
		run->scopes[i].netns_fd = -1;
	for (int i = 0; i < o->n_scopes; i++) {
		const struct tl_scope_opt *so = &o->scopes[i];
		struct tl_scope *sc = &run->scopes[i];

		sc->used = so->any || so->n_ifaces;
		if (!i)
			continue;
		sc->netns_fd = so->netns ? tl_netns_open(so->netns, sc->label, sizeof(sc->label))
					 : tl_netns_open_pid(so->pid, sc->label, sizeof(sc->label));
		if (sc->netns_fd < 0)
			return sc->netns_fd;
	}
	return 0;
}

/* The namespace a scope attaches in: --host-side attaches here, to the host ends. */
static int scope_attach_fd(const struct tl_run *run, int s)
{
	return run->o->scopes[s].host_side ? -1 : run->scopes[s].netns_fd;
}

/* Each CPU's share of --ring-size with --rings percpu: a power of two, at least 64 KiB. */
static uint32_t cpu_ring_bytes(const struct tl_opts *o, unsigned int ncpu)
{
	uint64_t want = ((uint64_t)o->ring_mb << 20) / ncpu;
	uint32_t b = 1u << 16;

	while ((uint64_t)b * 2 <= want)
		b *= 2;
	return b;
}

static int open_ring(struct tl_run *run, const struct tcplens_bpf *skel, struct tl_ring **out)
{
	int fd = bpf_map__fd(skel->maps.events);

	if (!run->o->cpu_rings)
		return tl_ring_open(fd, on_record, run, out);
	return tl_ring_open_percpu(fd, bpf_map__fd(skel->maps.cpu_rings), run->ncpu,
				   cpu_ring_bytes(run->o, run->ncpu), on_record, run, out);
}

/*
 * Records reach user space out of time order when they travel through several rings
 * (namespaces, --rings percpu) or in per-CPU batches: then every ring feeds a merge that
 * hands them on in time order, and one epoll set waits for all rings.
 */
static int setup_merge(struct tl_run *run, int first, uint64_t batch_ns)
{
	int used = 0, err;

	for (int s = 0; s < run->o->n_scopes; s++)
		used += run->scopes[s].used;
	if (!run->o->batch && !run->o->cpu_rings && used < 2)
		return 0;
	err = tl_merge_new((unsigned int)run->o->n_scopes * run->ncpu, on_merged, run, &run->merge);
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
	 * A record is in its ring at most a batch's life after its time stamp (the flush
	 * timer), plus the moment between the hook's clock read and its ring write; 2 ms more
	 * covers a timer that runs late.
	 */
	run->hold_ns = (run->o->batch ? batch_ns : 0) + 2000000;
	return 0;
}

/*
 * --rings percpu: a reader thread per CPU ring, started once privileges are dropped (-Z) so
 * the threads hold no more than the rest of the process.
 */
static int start_readers(struct tl_run *run, int first)
{
	for (int s = first; run->o->cpu_rings && s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		int err;

		if (!sc->used)
			continue;
		err = tl_ring_start_readers(sc->ring, run->hold_ns, run->wake_fd,
					    cpu_ring_bytes(run->o, run->ncpu));
		if (err) {
			tl_err("cannot start the ring reader threads: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Another instance of the programs and ring for a second namespace, configured as the first. */
static int load_scope(struct tl_run *run, int s, const struct tcplens_bpf *first,
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
	err = load_bpf(sc->skel, run->o, true);
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

/* Attaches one interface of scope s; shown is its name as lines show it (for --host-side the
 * container's name, while ifname is the host end). */
static int attach_one(struct tl_run *run, int s, const char *ifname, const char *shown)
{
	const struct tl_scope_opt *so = &run->o->scopes[s];
	struct tl_scope *sc = &run->scopes[s];
	struct tcplens_bpf *skel = sc->skel;
	struct tl_progs progs = {
		.xdp = skel->progs.tl_xdp,
		.tc_in = skel->progs.tl_tc_ingress,
		.tc_out = skel->progs.tl_tc_egress,
		.tc_raw_in = skel->progs.tl_tc_raw_ingress,
		.tc_raw_out = skel->progs.tl_tc_raw_egress,
	};
	struct tl_iface *ifc = NULL;
	int err;

	for (int i = 0; i < run->n_ifs; i++) /* a deleted one's slot keeps its late lines' name */
		if (!run->ifs[i].att && run->ifs[i].scope == s && !strcmp(run->ifs[i].name, shown))
			ifc = &run->ifs[i];
	if (!ifc && run->n_ifs == TL_MAX_IFACES) {
		tl_err("%s: too many interfaces (at most %d)", ifname, TL_MAX_IFACES);
		return -E2BIG;
	}
	if (!ifc)
		ifc = &run->ifs[run->n_ifs];
	err = tl_attach_iface_ns(&progs, scope_attach_fd(run, s), ifname, run->o->hook, &ifc->att);
	if (err)
		return err; /* it said why */
	ifc->ifindex = tl_attach_ifindex(ifc->att);
	ifc->scope = s;
	if (sc->netns_fd < 0)
		snprintf(ifc->name, sizeof(ifc->name), "%s", shown);
	else
		snprintf(ifc->name, sizeof(ifc->name), "%s@%s", shown, sc->label);
	if (ifc == &run->ifs[run->n_ifs])
		run->n_ifs++;
	if (so->host_side)
		tl_info("%s: %s on its host end %s (directions as seen inside)", ifc->name,
			tl_attach_desc(ifc->att), ifname);
	else
		tl_info("%s: %s", ifc->name, tl_attach_desc(ifc->att));
	return 0;
}

static struct tl_iface *find_iface(struct tl_run *run, int s, int ifindex)
{
	for (int i = 0; i < run->n_ifs; i++)
		if (run->ifs[i].att && run->ifs[i].scope == s && run->ifs[i].ifindex == ifindex)
			return &run->ifs[i];
	return NULL;
}

/* -i any: every interface that is up now. Devices we cannot parse are skipped, not fatal. */
static int attach_any(struct tl_run *run, int s, bool later)
{
	struct tl_link_info *l = NULL;
	int n = 0, err;

	err = tl_netns_links(scope_attach_fd(run, s), &l, &n);
	if (err)
		return err;
	for (int i = 0; i < n && !err; i++) {
		if (!(l[i].flags & IFF_UP) || find_iface(run, s, l[i].ifindex))
			continue;
		err = attach_one(run, s, l[i].name, l[i].name);
		if (err == -EOPNOTSUPP || later)
			err = 0;
	}
	free(l);
	return err;
}

/* --host-side: the host end of each (or each named) veth of the container. */
static int attach_host_side(struct tl_run *run, int s)
{
	const struct tl_opts *o = run->o;
	struct tl_scope *sc = &run->scopes[s];
	struct tl_link_info *l = NULL;
	int *peer = NULL, n = 0, err;
	char host[IF_NAMESIZE];

	err = tl_netns_host_peers(sc->netns_fd, sc->label, &l, &peer, &n);
	if (err)
		return err;
	for (int k = 0; k < o->n_ifaces && !err; k++) {
		bool found = false;

		if (o->if_scope[k] != s)
			continue;
		for (int i = 0; i < n; i++)
			found |= !strcmp(l[i].name, o->ifaces[k]);
		if (!found) {
			tl_err("%s@%s: no such veth with its peer in this namespace (see ip -n %s "
			       "link)",
			       o->ifaces[k], sc->label, sc->label);
			err = -ENODEV;
		}
	}
	for (int i = 0; i < n && !err; i++) {
		bool named = o->scopes[s].any;

		for (int k = 0; k < o->n_ifaces; k++)
			named |= o->if_scope[k] == s && !strcmp(l[i].name, o->ifaces[k]);
		if (!named)
			continue;
		if (!if_indextoname((unsigned int)peer[i], host)) {
			tl_err("%s@%s: its peer %d is gone", l[i].name, sc->label, peer[i]);
			err = -ENODEV;
			break;
		}
		err = attach_one(run, s, host, l[i].name);
	}
	free(l);
	free(peer);
	return err;
}

struct tl_follow {
	struct tl_run *run;
	int s;
};

/* RTM_NEWLINK / RTM_DELLINK for -i any: attach what came up, forget what went away. */
static void on_link(void *ctx, const struct tl_link_info *l, bool gone)
{
	struct tl_follow *f = ctx;
	struct tl_iface *ifc = find_iface(f->run, f->s, l->ifindex);

	if (gone && ifc) {
		/* Its links died with it; tc filters went with the device. */
		tl_info("%s: interface removed; no longer traced", ifc->name);
		tl_detach(ifc->att);
		ifc->att = NULL;
	} else if (!gone && !ifc && (l->flags & IFF_UP)) {
		attach_one(f->run, f->s, l->name, l->name);
	}
}

static int attach_all(struct tl_run *run, char *names, size_t len)
{
	const struct tl_opts *o = run->o;
	size_t used = 0;
	int err = 0;

	names[0] = '\0';
	for (int s = 0; s < o->n_scopes && !err; s++) {
		const struct tl_scope_opt *so = &o->scopes[s];
		struct tl_scope *sc = &run->scopes[s];
		int first = run->n_ifs;

		if (!sc->used)
			continue;
		if (so->host_side) {
			err = attach_host_side(run, s);
		} else {
			/* Follow before listing: a device that appears in between is not missed. */
			if (so->any)
				err = tl_netns_watch_open(sc->netns_fd, &sc->watch);
			if (!err && so->any)
				err = attach_any(run, s, false);
			for (int k = 0; k < o->n_ifaces && !err; k++)
				if (o->if_scope[k] == s && !so->any)
					err = attach_one(run, s, o->ifaces[k], o->ifaces[k]);
		}
		if (so->any && !so->host_side)
			used += (size_t)snprintf(names + used, len - used, "%sany%s%s",
						 used ? ", " : "", sc->netns_fd < 0 ? "" : "@",
						 sc->label);
		else
			for (int i = first; i < run->n_ifs && used < len; i++)
				used += (size_t)snprintf(names + used, len - used, "%s%s",
							 used ? ", " : "", run->ifs[i].name);
		if (used >= len)
			used = len - 1;
	}
	return err;
}

/* One pass over every namespace's ring and interface changes; the first ring waits. */
static int poll_scopes(struct tl_run *run, int first, int timeout_ms)
{
	int total = 0, err;

	for (int s = 0; s < run->o->n_scopes; s++) {
		struct tl_scope *sc = &run->scopes[s];
		struct tl_follow f = { .run = run, .s = s };

		if (!sc->used)
			continue;
		run->cur_scope = s;
		err = tl_ring_poll(sc->ring, s == first ? timeout_ms : 0);
		if (err < 0)
			return err;
		total += err;
		if (sc->watch) {
			err = tl_netns_watch_read(sc->watch, on_link, &f);
			if (err == -ENOBUFS)
				err = attach_any(run, s, true); /* events were lost: rescan */
			if (err)
				tl_err("following interfaces: %s", strerror(-err));
		}
	}
	run->cur_scope = first;
	return total;
}

/*
 * One round of reading: wait for any ring, then drain all of them. With a merge, everything
 * stamped before the drain began, less the hold, can no longer be preceded by a late record.
 */
static int read_rings(struct tl_run *run, int first, int timeout_ms)
{
	struct epoll_event ev;
	uint64_t now;
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
	err = poll_scopes(run, first, 0);
	tl_merge_release(run->merge, now > run->hold_ns ? now - run->hold_ns : 0);
	return err;
}

static void drain_scopes(struct tl_run *run, int first)
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
static uint64_t rings_bad(const struct tl_run *run, int first)
{
	uint64_t n = 0;

	for (int s = first; s < run->o->n_scopes; s++)
		if (run->scopes[s].used && run->scopes[s].ring)
			n += tl_ring_bad(run->scopes[s].ring);
	return n;
}

/* The counters of the other namespaces' instances, added to the first's. */
static void add_scope_counters(const struct tl_run *run, int first, uint64_t cnt[TL_CNT_MAX])
{
	for (int s = 0; s < run->o->n_scopes; s++) {
		uint64_t more[TL_CNT_MAX];

		if (!run->scopes[s].used || s == first || !run->scopes[s].skel)
			continue;
		read_counters(run->scopes[s].skel, run, false, more);
		for (int k = 0; k < TL_CNT_MAX; k++)
			cnt[k] += more[k];
	}
}

/* -Z: only what cleanup and following new interfaces still need stays. */
static int drop_privileges(const struct tl_run *run)
{
	uint64_t keep = 0;

	for (int s = 0; s < run->o->n_scopes; s++) {
		if (!run->scopes[s].watch)
			continue;
		keep |= TL_CAP(CAP_BPF) | TL_CAP(CAP_PERFMON) | TL_CAP(CAP_NET_ADMIN);
		if (scope_attach_fd(run, s) >= 0)
			keep |= TL_CAP(CAP_SYS_ADMIN); /* setns, to attach over there */
	}
	for (int i = 0; i < run->n_ifs; i++) {
		if (!run->ifs[i].att || strncmp(tl_attach_desc(run->ifs[i].att), "tc ", 3))
			continue;
		keep |= TL_CAP(CAP_NET_ADMIN); /* netlink filters need it to go */
		if (scope_attach_fd(run, run->ifs[i].scope) >= 0)
			keep |= TL_CAP(CAP_SYS_ADMIN); /* and setns to get there */
	}
	if (tl_drop_privileges(run->o->drop_user, keep))
		return -EPERM;
	tl_info("running as %s%s", run->o->drop_user,
		keep ? ", keeping only the capabilities detaching needs" : "");
	return 0;
}

static void close_scopes(struct tl_run *run, const struct tcplens_bpf *first)
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
	}
}

int main(int argc, char **argv)
{
	struct tl_opts o = {};
	struct tl_run run = {
		.o = &o, .stats_fd = -1, .note_fd = -1, .epfd = -1, .wake_fd = -1, .ncpu = 1
	};
	struct tcplens_bpf *skel = NULL;
	struct tl_ring *ring = NULL;
	struct tl_flows *flows = NULL;
	uint64_t cnt[TL_CNT_MAX];
	bool user_parser = false, any_raw = false;
	struct tl_filter *flt_link = NULL, *flt_raw = NULL;
	int err, ret = 1, first = 0;

	for (int s = 0; s < TL_MAX_SCOPES; s++)
		run.scopes[s].netns_fd = -1;
	err = parse_args(argc, argv, &o);
	if (err || precheck(&o)) {
		ret = err ?: 1;
		goto cleanup;
	}
	tl_log_setup_libbpf();
	install_signals();
	if (tl_explain_lang(o.lang))
		tl_debug("no catalog for the environment's language: annotations in English");
	if (o.dump) {
		ret = dump_filter(&o);
		goto cleanup;
	}

	if (o.read_file) {
		err = tl_replay_open(o.read_file, o.print.nano, o.snap_len, &run.replay);
		if (err)
			goto cleanup;
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
		run.explain =
			tl_explain_new(&o.explain, run.note_out ? run.note_out : run.out, flows);
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
	/*
	 * Records travel in per-CPU batches, one ring write for many, flushed within
	 * cfg_batch_ns: a third of the hook's cost per segment. The merge puts the CPUs' batches
	 * back in time order (setup_merge).
	 */
	if (!o.read_file && o.batch)
		skel->rodata->cfg_batch_bytes = TL_BATCH_BYTES;
	skel->rodata->cfg_sample = o.sample;
	skel->rodata->cfg_filter = o.filter != NULL; /* setup_filter() spliced it in */
	run.ncpu = (unsigned int)libbpf_num_possible_cpus();
	if (!o.read_file && o.cpu_rings) {
		uint32_t b = cpu_ring_bytes(&o, run.ncpu);

		skel->rodata->cfg_cpu_rings = 1;
		/* The reader is woken once a quarter of a CPU's ring fills, at most 64 KiB. */
		if (skel->rodata->cfg_wakeup_bytes > b / 4)
			skel->rodata->cfg_wakeup_bytes = b / 4;
	}
	if (!o.read_file && (open_scopes(&run) || tl_caps_check(o.n_scopes > 1)))
		goto cleanup; /* they said why */
	for (int i = 0; i < o.n_ifaces; i++) {
		int link, s = o.if_scope[i];

		if (o.scopes[s].host_side || o.scopes[s].any)
			continue; /* checked as they are found */
		if (tl_attach_check_ns(run.scopes[s].netns_fd, o.ifaces[i], o.hook, &link))
			goto cleanup; /* it said why */
		any_raw |= link == TL_LINK_RAW;
	}
	for (int s = 0; s < o.n_scopes; s++)
		any_raw |= o.scopes[s].any || o.scopes[s].host_side; /* devices found later */
	if (!o.no_bpf && !o.read_file && !ringbuf_supported())
		goto cleanup; /* it said why */
	err = o.no_bpf ? -ENOTSUP : load_bpf(skel, &o, any_raw);
	tl_filter_splice_end();
	if (err && o.filter) {
		/* The user-space parser cannot filter: falling back would print everything. */
		tl_err("cannot load the BPF programs with the filter: %s (%s; a long filter may "
		       "exceed the verifier's limits)",
		       strerror(-err), load_hint(err));
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
		err = o.read_file
			      ? tl_ring_open(bpf_map__fd(skel->maps.events), on_record, &run, &ring)
			      : open_ring(&run, skel, &ring);
		if (err) {
			tl_err("cannot open the ring buffer: %s", strerror(-err));
			goto cleanup;
		}
	}
	/* The first namespace traced uses the instance just loaded; each other one its own. */
	while (!o.read_file && first < o.n_scopes - 1 && !run.scopes[first].used)
		first++;
	run.cur_scope = first;
	for (int s = first; !o.read_file && s < o.n_scopes; s++) {
		if (!run.scopes[s].used)
			continue;
		if (s == first) {
			run.scopes[s].skel = skel;
			run.scopes[s].ring = ring;
		} else if (load_scope(&run, s, skel, flt_link, flt_raw)) {
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
		err = tl_replay_run(run.replay,
				    user_parser ? -1 : bpf_program__fd(skel->progs.tl_replay), ring,
				    &sink, &stop);
		ret = err ? 1 : 0;
		if (o.stats || run.pcap || run.json)
			read_counters(skel, &run, user_parser, cnt);
		if ((run.pcap || run.json) &&
		    finish_machine(&run, cnt, ring ? tl_ring_bad(ring) : 0))
			ret = 1;
		if (o.stats)
			print_summary(cnt, &run, ring ? tl_ring_bad(ring) : 0);
		goto cleanup;
	}

	char names[TL_MAX_IFACES * (IF_NAMESIZE * 2 + 2)];
	bool any = o.print.ifprefix && o.n_ifaces <= 1;

	if (setup_merge(&run, first, skel->rodata->cfg_batch_ns))
		goto cleanup;

	if (attach_all(&run, names, sizeof(names)))
		goto cleanup; /* it said why */
	if (o.drop_user && drop_privileges(&run))
		goto cleanup;
	if (start_readers(&run, first))
		goto cleanup;
	if (o.write.path && !stop && open_writer(&run))
		goto cleanup;
	tl_clock_sync(&run.clock);
	/* Scripts wait for this line: everything is attached once it is printed. */
	/* The link type a tcpdump user would see: several interfaces print like -i any. */
	fprintf(stderr, "tcplens: listening on %s, link-type %s, snapshot length 262144 bytes\n",
		names,
		run.n_ifs != 1 || any ? "LINUX_SLL2 (Linux cooked v2)"
		: tl_attach_link_type(run.ifs[0].att) == TL_LINK_RAW ? "RAW (Raw IP)"
								     : "EN10MB (Ethernet)");

	while (!stop) {
		err = read_rings(&run, first, 100);
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
	/*
	 * Records may still wait in a per-CPU batch: stop new ones, let the flush timers fire,
	 * then drain, so everything the hooks saw is printed or counted.
	 */
	for (int i = 0; i < run.n_ifs; i++)
		tl_detach(run.ifs[i].att);
	run.n_ifs_detached = run.n_ifs;
	usleep((useconds_t)(2 * skel->rodata->cfg_batch_ns / 1000));
	tl_ring_drain(ring);
	drain_scopes(&run, first);
	if (run.merge)
		tl_merge_flush(run.merge);
	ret = 0;
	read_counters(skel, &run, false, cnt);
	add_scope_counters(&run, first, cnt);
	if ((run.pcap || run.json) && finish_machine(&run, cnt, rings_bad(&run, first)))
		ret = 1;
	tl_out_flush(run.out);
	print_summary(cnt, &run, rings_bad(&run, first));
	if (run.merge && tl_merge_forced(run.merge))
		tl_info("%llu segments were handed on before their turn because the reader fell "
			"behind: their lines may be out of time order",
			(unsigned long long)tl_merge_forced(run.merge));

cleanup:
	for (int i = run.n_ifs_detached; i < run.n_ifs; i++)
		tl_detach(run.ifs[i].att);
	close_scopes(&run, skel);
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
	tl_merge_free(run.merge);
	if (run.epfd >= 0)
		close(run.epfd);
	if (run.wake_fd >= 0)
		close(run.wake_fd);
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
