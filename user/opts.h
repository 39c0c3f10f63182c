/* SPDX-License-Identifier: GPL-2.0-only */
/* The command line: one option table gives the parser and --help; then checks, then settings. */
#ifndef TL_OPTS_H
#define TL_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "capture/attach.h"
#include "out/explain.h"
#include "out/names.h"
#include "out/pcapng.h"
#include "out/print.h"

#define TL_MAX_IFACES	   64
#define TL_MAX_SCOPES	   16 /* namespaces traced at once, ours included */
#define TL_VERSION	   "0.1"
#define TL_SNAPLEN_DEFAULT 262144 /* tcpdump's MAXIMUM_SNAPLEN, its default */

/* Where -i names interfaces: our namespace (scope 0), or one --netns, --pid, --container or
 * --pod gave. */
struct tl_scope_opt {
	const char *netns;     /* --netns NAME|PATH */
	const char *pid;       /* --pid PID */
	const char *container; /* --container [RUNTIME:]NAME|ID, or --pod NAMESPACE/NAME */
	bool pod;	       /* it was --pod */
	bool host_side;	       /* --host-side: the host ends of its veths, directions swapped */
	bool any;	       /* -i any, or no -i after --netns/--pid: every interface, followed */
	int n_ifaces;
};

/* -Q: which direction's program is attached (as the interface, or the container, sees it). */
enum tl_direction {
	TL_DIRECTION_INOUT,
	TL_DIRECTION_IN,
	TL_DIRECTION_OUT,
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
	enum tl_direction direction; /* -Q */
	long count;		     /* -c: stop after this many printed segments; 0 = no limit */
	bool linebuf;		     /* -l */
	bool number;		     /* -#: tcpdump's packet number before each line */
	bool list;		     /* -D: list the interfaces tcplens can attach to, exit */
	bool stats;		     /* --stats: print the counters even when quiet */
	bool no_bpf;		     /* --no-bpf: parse -r files with the user-space build */
	bool batch;		     /* per-CPU record batches in the kernel (--no-batch: off) */
	bool cpu_rings;		     /* --rings percpu: one ring buffer per CPU */
	unsigned sample;	     /* --sample N: 1 in N segments per connection, in the kernel */
	unsigned ring_mb;	     /* --ring-size, or the default 16 */
	bool ring_set;		     /* --ring-size given: no default for payload records */
	unsigned flows;
	int tstamp; /* how many -t: print.tsfmt is derived from it */
	/* How many -v, -q, -x, -X, -A: the print.* forms are derived from them. */
	int verbose, quiet, hex, hexasc, ascii;
	struct tl_print_cfg print;
	int numeric;		       /* -n, -nn: no names (4.99 treats both alike) */
	struct tl_names_cfg names;     /* -N, --name-wait */
	struct tl_explain_cfg explain; /* --explain, --summary, --ladder */
	const char *lang;	       /* --lang; NULL: from the environment */
	char *filter;		       /* pcap-filter(7) expression: trailing words or -F FILE */
	const char *filter_file;       /* -F */
	int dump;		       /* -d, -dd, -ddd: print the compiled filter, exit */
	struct tl_pcap_cfg write;      /* -w FILE (write.path), --pcap, -C, -G, -W */
	bool json;		       /* --json */
	unsigned snaplen;	       /* -s: frame bytes captured at most (tcpdump's) */
	bool snaplen_set;	       /* -s was given: -w and --json carry the frames */
	bool drops;		       /* --drops (set by --drops-only too) */
	bool drops_only;	       /* --drops-only: no hook programs, drops alone */
	bool kevents;		       /* --events */
	/* Process attribution: --proc shows it; the selectors keep only its segments. */
	const char *proc_name; /* --proc-name */
	unsigned proc_pid;     /* --proc-pid */
	const char *cgroup;    /* --cgroup */
	bool proc_on;	       /* any of them, or --proc (print.proc): the kernel looks it up */
};

/* tl_opts_parse() printed --help or --version: nothing more to do, exit 0. */
#define TL_OPTS_EXIT (-1)

/*
 * Fill o from argv (o is overwritten: tl_opts_free() a used one first). Prints one message
 * and returns the exit code on error: 2 for a usage error, 1 when the -F file cannot be read
 * or memory runs out. Otherwise 0, or TL_OPTS_EXIT after -h or --version. Strings in o point
 * into argv. Can be called again in the same process (getopt is reset).
 */
int tl_opts_parse(int argc, char **argv, struct tl_opts *o);
void tl_opts_usage(FILE *f);
void tl_opts_free(struct tl_opts *o);

/* The i-th option of the table ('\0' or NULL where it has no such name); false past the end. */
bool tl_opts_name(unsigned int i, char *short_name, const char **long_name);

#endif
