// SPDX-License-Identifier: GPL-2.0-only
/* The command line: options, their checks and the settings derived from them. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "capture/filter.h"
#include "log.h"
#include "opts.h"

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

int tl_opts_parse(int argc, char **argv, struct tl_opts *o)
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
