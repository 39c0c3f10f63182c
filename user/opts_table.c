// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every option tcplens takes, one row each in --help's order, with the handlers of those that
 * need more than storing their value. Adding an option is adding a row here (and its field in
 * struct tl_opts); opts.c turns the table into getopt_long and --help.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "capture/filter.h"
#include "log.h"
#include "opts.h"
#include "opts_int.h"

/* --netns, --pid, --container and --pod open a scope: the -i after it name its interfaces. */
static int tl_add_scope(struct tl_opts *o, const char *netns, const char *pid)
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

static int tl_opt_iface(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)v;
	if (!strcmp(arg, "any")) {
		o->scopes[o->n_scopes - 1].any = true;
		return 0;
	}
	if (o->n_ifaces == TL_MAX_IFACES) {
		tl_err("too many interfaces (at most %d)", TL_MAX_IFACES);
		return 2;
	}
	o->scopes[o->n_scopes - 1].n_ifaces++;
	o->if_scope[o->n_ifaces] = o->n_scopes - 1;
	o->ifaces[o->n_ifaces++] = arg;
	return 0;
}

static int tl_opt_netns(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)v;
	return tl_add_scope(o, arg, NULL);
}

static int tl_opt_pid(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)v; /* checked as a number, kept as the text /proc wants */
	return tl_add_scope(o, NULL, arg);
}

/* Resolved when the session opens its namespaces (capture/container.c): runtimes answer then. */
static int tl_opt_container(struct tl_opts *o, const char *arg, unsigned long v)
{
	int err;

	if (!*arg || arg[strlen(arg) - 1] == ':') {
		tl_err("--container needs a name or ID (see podman ps, docker ps, crictl ps)");
		return 2;
	}
	err = tl_add_scope(o, NULL, NULL);
	if (!err) {
		o->scopes[o->n_scopes - 1].container = arg;
		o->scopes[o->n_scopes - 1].pod = v == 1;
	}
	return err;
}

static int tl_opt_pod(struct tl_opts *o, const char *arg, unsigned long v)
{
	const char *slash = strchr(arg, '/');

	(void)v;
	if (!slash || slash == arg || !slash[1] || strchr(slash + 1, '/')) {
		tl_err("%s: --pod wants NAMESPACE/NAME (see kubectl get pods -A, crictl pods)",
		       arg);
		return 2;
	}
	return tl_opt_container(o, arg, 1);
}

/* Positional, like -i: it marks the namespace named last. */
static int tl_opt_host_side(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	(void)v;
	if (o->n_scopes == 1) {
		tl_err("--host-side needs --netns, --pid, --container or --pod before it");
		return 2;
	}
	o->scopes[o->n_scopes - 1].host_side = true;
	return 0;
}

static int tl_opt_hook(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)v;
	if (tl_hook_parse(arg, &o->hook)) {
		tl_err("%s: unknown hook (auto, tcx, tc, xdp, xdp-generic)", arg);
		return 2;
	}
	return 0;
}

static int tl_opt_count(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	o->count = (long)v;
	return 0;
}

/* The kernel wants a ring buffer of a power-of-two number of pages. */
static int tl_opt_ring(struct tl_opts *o, const char *arg, unsigned long v)
{
	if (v & (v - 1)) {
		tl_err("%s: ring size must be a power of two in MiB (1 ... 1024)", arg);
		return 2;
	}
	o->ring_mb = (unsigned)v;
	o->ring_set = true;
	return 0;
}

static int tl_opt_rings(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	o->cpu_rings = v == 1;
	return 0;
}

/* micro changes nothing: it must not undo an earlier --nano. */
static int tl_opt_precision(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	if (v == 1)
		o->print.nano = true;
	return 0;
}

static int tl_opt_direction(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	o->direction = (enum tl_direction)v;
	return 0;
}

static int tl_opt_lang(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)v;
	o->lang = arg;
	return 0;
}

static int tl_opt_file_size(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	o->write.rotate_bytes = (uint64_t)v * 1000000; /* tcpdump's MB */
	return 0;
}

static int tl_opt_snap(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)arg;
	/* As tcpdump: 0 is its default, the most a packet can be. */
	o->snaplen = v ? (unsigned)v : TL_SNAPLEN_DEFAULT;
	o->snaplen_set = true;
	return 0;
}

/*
 * tcpdump's -T TYPE. In 4.99.3 any type switches the TCP payload decoders off (the type only
 * changes how UDP is read), except resp and domain, which decode every TCP payload so.
 */
static int tl_opt_type(struct tl_opts *o, const char *arg, unsigned long v)
{
	enum tl_dec_mode mode;

	(void)v;
	if (tl_dec_mode_parse(arg, &mode)) {
		tl_err("-T %s: unknown packet type (aodv, carp, cnfp, domain, lmp, pgm, pgm_zmtp1, "
		       "ptp, radius, resp, rpc, rtcp, rtp, snmp, someip, tftp, vat, vxlan, wb, zmtp1)",
		       arg);
		return 2;
	}
	o->print.dec.mode = (uint8_t)mode;
	return 0;
}

/* tl_verbose is the logger's, not an option field: every module reads it. */
static int tl_opt_debug(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)o;
	(void)arg;
	(void)v;
	tl_verbose++;
	return 0;
}

static int tl_opt_help(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)o;
	(void)arg;
	(void)v;
	tl_opts_usage(stdout);
	return TL_OPTS_EXIT;
}

static int tl_opt_version(struct tl_opts *o, const char *arg, unsigned long v)
{
	(void)o;
	(void)arg;
	(void)v;
	printf("tcplens %s (libbpf %s)\n", TL_VERSION, libbpf_version_string());
	return TL_OPTS_EXIT;
}

static const char *const tl_rings_names[] = { "shared", "percpu", NULL };
static const char *const tl_precision_names[] = { "micro", "nano", NULL };
static const char *const tl_lang_names[] = { "en", "ja", NULL };
/* In enum tl_direction's order. */
static const char *const tl_direction_names[] = { "inout", "in", "out", NULL };

/* In --help's order. */
const struct tl_opt tl_opts_table[] = {
	{ .short_name = 'i',
	  .arg = "IFACE",
	  .help = "interface to trace (repeatable); both directions with tc/tcx",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_iface },
	{ .long_name = "hook",
	  .arg = "HOOK",
	  .help = "auto (tcx, else tc clsact), tcx, tc, xdp, xdp-generic",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_hook },
	{ .short_name = 'i',
	  .label = "-i any",
	  .help = "every interface that is up, and new ones as they appear",
	  .kind = TL_OPT_DOC },
	{ .long_name = "netns",
	  .arg = "NS",
	  .help = "the following -i name interfaces in network namespace NS\n"
		  "(/run/netns/NS, or a path such as /proc/PID/ns/net);\n"
		  "without -i: all of its interfaces",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_netns },
	{ .long_name = "pid",
	  .arg = "PID",
	  .help = "the same for the network namespace of process PID",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = INT_MAX,
	  .what = "process id",
	  .fn = tl_opt_pid },
	{ .long_name = "container",
	  .arg = "NAME|ID",
	  .help = "the same for a container of podman, docker or containerd\n"
		  "(RUNTIME:NAME asks only that one); lines name it",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_container },
	{ .long_name = "pod",
	  .arg = "NS/NAME",
	  .help = "the same for a Kubernetes pod, through the node's crictl",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_pod },
	{ .short_name = 'Q',
	  .long_name = "direction",
	  .arg = "in|out|inout",
	  .help = "only segments arriving (in) or leaving (out);\n"
		  "the other direction's program is not attached",
	  .kind = TL_OPT_ENUM,
	  .names = tl_direction_names,
	  .bad = "%s: unknown direction (in, out or inout)",
	  .fn = tl_opt_direction },
	{ .long_name = "host-side",
	  .help = "with --netns, --pid, --container or --pod: trace the host\n"
		  "ends of its veth pairs, directions shown as seen inside",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_host_side },
	{ .short_name = 'Z',
	  .arg = "USER",
	  .help = "drop privileges to USER once attached",
	  .kind = TL_OPT_STR,
	  TL_AT(drop_user, const char *) },
	{ .short_name = 'r',
	  .arg = "FILE",
	  .help = "read a pcap/pcapng file through the same BPF parser",
	  .kind = TL_OPT_STR,
	  TL_AT(read_file, const char *) },
	{ .short_name = 'c',
	  .arg = "N",
	  .help = "exit after N segments",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = LONG_MAX,
	  .what = "count",
	  .fn = tl_opt_count },
	{ .label = "EXPRESSION",
	  .help = "pcap-filter(7), as for tcpdump; run in the kernel",
	  .kind = TL_OPT_DOC },
	{ .short_name = 'F',
	  .arg = "FILE",
	  .help = "read the filter expression from FILE",
	  .kind = TL_OPT_STR,
	  TL_AT(filter_file, const char *) },
	{ .short_name = 'd',
	  .help = "print the filter as classic BPF, as tcpdump -d does, and exit",
	  .kind = TL_OPT_COUNT,
	  TL_AT(dump, int) },
	{ .short_name = 'D',
	  .long_name = "list-interfaces",
	  .help = "list the interfaces tcplens can attach to, and exit\n"
		  "(as tcpdump -D; this namespace; no privilege needed)",
	  TL_FLAG(list) },
	{ .short_name = 'l', .help = "line-buffered output", TL_FLAG(linebuf) },
	{ .short_name = '#',
	  .long_name = "number",
	  .help = "the packet number before each line, as tcpdump -# prints it\n"
		  "(-r: frames the filter passes; live: segments delivered)",
	  TL_FLAG(number) },
	{ .short_name = 'n',
	  .label = "-n, -nn",
	  .help = "numbers, no names (tcpdump 4.99 treats -nn as -n); without\n"
		  "it, as in tcpdump, hosts print by reverse lookup and TCP\n"
		  "ports by their /etc/services name",
	  .kind = TL_OPT_COUNT,
	  TL_AT(numeric, int) },
	{ .short_name = 'N',
	  .help = "host names without their domain (host, not host.example.com)",
	  TL_FLAG(names.strip_domain) },
	{ .long_name = "name-wait",
	  .arg = "MS",
	  .help = "live: a line waits at most MS ms after its capture for a host\n"
		  "name (default 100), then prints the number; the closing\n"
		  "lines count those. With -r, lines wait as tcpdump's do",
	  .kind = TL_OPT_UINT,
	  .min = 0,
	  .max = 60000,
	  .what = "wait in milliseconds",
	  TL_AT(names.wait_ms, uint32_t) },
	{ .short_name = 'S', .help = "absolute sequence numbers", TL_FLAG(print.abs_seq) },
	{ .short_name = 'T',
	  .arg = "TYPE",
	  .help = "as tcpdump: any type turns the TCP payload decoders off;\n"
		  "resp and domain decode every TCP payload as RESP or DNS",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_type },
	{ .short_name = 't',
	  .label = "-t, -tt, -ttt, -tttt, -ttttt",
	  .help = "time stamp format as in tcpdump",
	  .kind = TL_OPT_COUNT,
	  TL_AT(tstamp, int) },
	{ .long_name = "nano", .help = "nanosecond time stamps", TL_FLAG(print.nano) },
	{ .short_name = 'e',
	  .help = "the link-layer header too (MACs, VLAN tags, cooked header)",
	  TL_FLAG(print.link) },
	{ .short_name = 'v',
	  .label = "-v, -vv",
	  .help = "IP header fields, TCP checksum, RST payload\n"
		  "(-vv: seq on every segment)",
	  .kind = TL_OPT_COUNT,
	  TL_AT(verbose, int) },
	{ .short_name = 'q',
	  .help = "quiet: \"tcp N\" after the ports instead of the TCP fields",
	  .kind = TL_OPT_COUNT,
	  TL_AT(quiet, int) },
	{ .short_name = 'x',
	  .label = "-x, -xx",
	  .help = "each packet in hex from its IP header (-xx: from its\n"
		  "link-layer header), as tcpdump prints it",
	  .kind = TL_OPT_COUNT,
	  TL_AT(hex, int) },
	{ .short_name = 'X',
	  .label = "-X, -XX",
	  .help = "the same in hex and ASCII",
	  .kind = TL_OPT_COUNT,
	  TL_AT(hexasc, int) },
	{ .short_name = 'A',
	  .label = "-A, -AA",
	  .help = "the same in ASCII",
	  .kind = TL_OPT_COUNT,
	  TL_AT(ascii, int) },
	{ .short_name = 'P',
	  .long_name = "time-stamp-precision",
	  .arg = "micro|nano",
	  .help = "nano is --nano (micro: the default)",
	  .kind = TL_OPT_ENUM,
	  .names = tl_precision_names,
	  .bad = "%s: unknown time stamp precision (micro or nano)",
	  .fn = tl_opt_precision },
	{ .long_name = "stats", .help = "print the kernel counters at exit", TL_FLAG(stats) },
	{ .long_name = "ring-size",
	  .arg = "MB",
	  .help = "ring buffer size (default 16, 64 when records carry payload;\n"
		  "with --rings percpu, shared out among the CPUs)",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 1024,
	  .what = "ring size in MiB",
	  .fn = tl_opt_ring },
	{ .long_name = "rings",
	  .arg = "shared|percpu",
	  .help = "one ring for all CPUs (default), or one per CPU:\n"
		  "CPUs never wait for each other at high rates",
	  .kind = TL_OPT_ENUM,
	  .names = tl_rings_names,
	  .bad = "--rings %s: use shared (one ring) or percpu (one per CPU)",
	  .fn = tl_opt_rings },
	{ .long_name = "flows",
	  .arg = "N",
	  .help = "connections tracked for relative numbers (default 65536)",
	  .kind = TL_OPT_UINT,
	  .min = 16,
	  .max = 1u << 24,
	  .what = "flow table size",
	  TL_AT(flows, unsigned int) },
	{ .long_name = "no-bpf",
	  .help = "with -r: parse in user space (same parser, no privilege)",
	  TL_FLAG(no_bpf) },
	{ .long_name = "sample",
	  .arg = "N",
	  .help = "keep 1 in N segments of each connection (SYN, FIN, RST: all),\n"
		  "decided in the kernel; the summary counts the others",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 1000000,
	  .what = "sampling rate",
	  TL_AT(sample, unsigned int) },
	/* No --batch: it is the default, and an option that changes nothing only misleads. */
	{ .long_name = "no-batch",
	  .help = "one ring write per record instead of per-CPU batches (the\n"
		  "default batches: a third cheaper per segment in the kernel;\n"
		  "lines are put back in time order, a few ms later)",
	  .kind = TL_OPT_SET,
	  TL_AT(batch, bool),
	  .set = false },
	{ .long_name = "explain",
	  .help = "after each line, what it means (lines starting '    | ')",
	  TL_FLAG(explain.explain) },
	{ .long_name = "summary",
	  .help = "one block per connection at exit (and on SIGUSR1)",
	  TL_FLAG(explain.summary) },
	{ .long_name = "ladder",
	  .help = "a sequence diagram per connection at exit (and on SIGUSR1)",
	  TL_FLAG(explain.ladder) },
	{ .long_name = "lang",
	  .arg = "en|ja",
	  .help = "language of those texts (default: from the locale)",
	  .kind = TL_OPT_ENUM,
	  .names = tl_lang_names,
	  .bad = "%s: unknown language (en or ja)",
	  .fn = tl_opt_lang },
	{ .short_name = 'w',
	  .arg = "FILE",
	  .help = "write pcapng rebuilt from the records (- for stdout), no text",
	  .kind = TL_OPT_STR,
	  TL_AT(write.path, const char *) },
	{ .long_name = "pcap",
	  .help = "with -w: classic pcap instead of pcapng",
	  TL_FLAG(write.classic) },
	{ .short_name = 'C',
	  .arg = "SIZE",
	  .help = "with -w: a new file once this one exceeds SIZE million bytes",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 1000000,
	  .what = "file size in MB",
	  .fn = tl_opt_file_size },
	{ .short_name = 'G',
	  .arg = "SECONDS",
	  .help = "with -w: a new file every SECONDS (FILE may hold strftime %)",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 1u << 30,
	  .what = "rotation period in seconds",
	  TL_AT(write.rotate_secs, uint32_t) },
	{ .short_name = 'W',
	  .arg = "COUNT",
	  .help = "with -C: COUNT files in a ring; with -G: stop after COUNT",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 1000000,
	  .what = "file count",
	  TL_AT(write.max_files, uint32_t) },
	{ .short_name = 's',
	  .arg = "BYTES",
	  .help = "capture at most BYTES of each frame from its link header, as\n"
		  "tcpdump (0: 262144); -w and --json write the frames up to\n"
		  "it (without -s: headers only; -s 0: whole frames)",
	  .kind = TL_OPT_UINT,
	  .min = 0,
	  .max = 262144,
	  .what = "snapshot length",
	  .fn = tl_opt_snap },
	{ .long_name = "proc",
	  .help = "live: after each line, the process of its local socket:\n"
		  "\", proc COMM[PID]\" and \" container ID\" (12 digits) when its\n"
		  "cgroup names one; --json and -w carry it whenever known",
	  TL_FLAG(print.proc) },
	{ .long_name = "proc-name",
	  .arg = "CMD",
	  .help = "only segments of sockets of processes with this command\n"
		  "(the kernel's comm, at most 15 characters), in the kernel",
	  .kind = TL_OPT_STR,
	  TL_AT(proc_name, const char *) },
	{ .long_name = "proc-pid",
	  .arg = "PID",
	  .help = "only segments of sockets of this process, in the kernel",
	  .kind = TL_OPT_UINT,
	  .min = 1,
	  .max = 4194304,
	  .what = "process id",
	  TL_AT(proc_pid, unsigned int) },
	{ .long_name = "cgroup",
	  .arg = "PATH",
	  .help = "only segments of sockets of processes in this cgroup v2 or\n"
		  "below it: a container's or a systemd unit's, as\n"
		  "/system.slice/x.service or its path under the cgroup2\n"
		  "mount; in the kernel; with a filter, both must match",
	  .kind = TL_OPT_STR,
	  TL_AT(cgroup, const char *) },
	{ .long_name = "json",
	  .help = "JSON Lines: one object per segment, then a summary",
	  TL_FLAG(json) },
	{ .long_name = "drops",
	  .help = "TCP segments the kernel dropped, with its reason and\n"
		  "function, under their line (or a line of their own)",
	  TL_FLAG(drops) },
	{ .long_name = "drops-only",
	  .help = "only the kernel's drops: no hook on any interface; -i and\n"
		  "--netns only choose the namespaces",
	  TL_FLAG(drops_only) },
	{ .long_name = "events",
	  .help = "TCP's own events in time order: retransmissions, state\n"
		  "changes, resets sent, RTT and totals at close",
	  TL_FLAG(kevents) },
	{ .long_name = "debug",
	  .help = "more diagnostics on stderr (twice: libbpf's too)",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_debug },
	{ .short_name = 'h',
	  .long_name = "help",
	  .help = "this help",
	  .kind = TL_OPT_FN,
	  .fn = tl_opt_help },
	{ .long_name = "version", .help = "version", .kind = TL_OPT_FN, .fn = tl_opt_version },
};

const size_t tl_opts_count = sizeof(tl_opts_table) / sizeof(tl_opts_table[0]);
/* opts.c sizes getopt_long's arrays by it. */
_Static_assert(sizeof(tl_opts_table) / sizeof(tl_opts_table[0]) <= TL_OPTS_MAX,
	       "raise TL_OPTS_MAX");
