// SPDX-License-Identifier: GPL-2.0-only
/* The command line: the option table (opts_table.c) drives getopt_long and --help, so they
 * cannot drift. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "capture/filter.h"
#include "log.h"
#include "opts.h"
#include "opts_int.h"

#define TL_N_OPTS tl_opts_count
/* getopt_long's value for a row without a short name: past every char. */
#define TL_OPT_LONG_VAL 256

static const char tl_usage_head[] =
	"Usage: tcplens [-i IFACE]... [--hook auto|tcx|tc|xdp|xdp-generic] [options]\n"
	"               [EXPRESSION]\n"
	"       tcplens -r FILE [options] [EXPRESSION]\n"
	"Trace TCP segments in the kernel and print them exactly as tcpdump does.\n"
	"\n";

/* Help lines start at this column; a longer left column gets three spaces, as it always had. */
#define TL_HELP_COL 19

void tl_opts_usage(FILE *f)
{
	fputs(tl_usage_head, f);
	for (size_t i = 0; i < TL_N_OPTS; i++) {
		const struct tl_opt *r = &tl_opts_table[i];
		const char *h = r->help, *nl;
		char label[64];
		int n;

		if (r->label)
			n = snprintf(label, sizeof(label), "%s", r->label);
		else if (r->short_name && r->long_name)
			n = snprintf(label, sizeof(label), "-%c, --%s%s%s", r->short_name,
				     r->long_name, r->arg ? " " : "", r->arg ?: "");
		else if (r->short_name)
			n = snprintf(label, sizeof(label), "-%c%s%s", r->short_name,
				     r->arg ? " " : "", r->arg ?: "");
		else
			n = snprintf(label, sizeof(label), "--%s%s%s", r->long_name,
				     r->arg ? " " : "", r->arg ?: "");
		if (n < TL_HELP_COL - 3)
			fprintf(f, "  %-*s", TL_HELP_COL - 2, label);
		else
			fprintf(f, "  %s   ", label);
		while ((nl = strchr(h, '\n'))) {
			fprintf(f, "%.*s\n%*s", (int)(nl - h), h, TL_HELP_COL, "");
			h = nl + 1;
		}
		fprintf(f, "%s\n", h);
	}
}

bool tl_opts_name(unsigned int i, char *short_name, const char **long_name)
{
	if (i >= TL_N_OPTS)
		return false;
	*short_name = tl_opts_table[i].short_name;
	*long_name = tl_opts_table[i].long_name;
	return true;
}

/* A whole number in [min, max], or one message saying what is allowed. */
static int tl_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
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

/* One option's value into o: 0, an exit code, or TL_OPTS_EXIT. */
static int tl_opt_apply(const struct tl_opt *r, struct tl_opts *o, const char *arg)
{
	char *field = (char *)o + r->off;
	unsigned long v = 0;

	switch (r->kind) {
	case TL_OPT_SET:
		*(bool *)field = r->set;
		return 0;
	case TL_OPT_COUNT:
		(*(int *)field)++;
		return 0;
	case TL_OPT_UINT:
		if (tl_parse_uint(arg, r->min, r->max, &v, r->what))
			return 2;
		if (r->fn)
			return r->fn(o, arg, v);
		*(unsigned int *)field = (unsigned int)v;
		return 0;
	case TL_OPT_ENUM:
		while (r->names[v] && strcmp(r->names[v], arg))
			v++;
		if (!r->names[v]) {
			/* The formats are the table's own, each with one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			tl_err(r->bad, arg);
#pragma GCC diagnostic pop
			return 2;
		}
		return r->fn(o, arg, v);
	case TL_OPT_STR:
		*(const char **)field = arg;
		return 0;
	case TL_OPT_FN:
		return r->fn(o, arg, 0);
	case TL_OPT_IGNORE:
	case TL_OPT_DOC:
		break;
	}
	return 0;
}

/* Step 1: argv into o, option by option; then the expression, from -F or the words left. */
static int tl_opts_read(int argc, char **argv, struct tl_opts *o)
{
	struct option lopts[TL_OPTS_MAX + 1] = {};
	char sopts[2 * TL_OPTS_MAX + 2] = ":"; /* ':' first: a missing value is told apart */
	size_t nl = 0, ns = 1;
	int c, err;

	for (size_t i = 0; i < TL_N_OPTS; i++) {
		const struct tl_opt *r = &tl_opts_table[i];

		if (r->kind == TL_OPT_DOC)
			continue;
		if (r->short_name) {
			sopts[ns++] = r->short_name;
			if (r->arg)
				sopts[ns++] = ':';
		}
		if (r->long_name)
			lopts[nl++] =
				(struct option){ r->long_name,
						 r->arg ? required_argument : no_argument, NULL,
						 r->short_name ?: TL_OPT_LONG_VAL + (int)i };
	}
	sopts[ns] = '\0';

	optind = 0; /* glibc: a full restart, so that tests can parse again */
	opterr = 0; /* one message of our own, saying where help is */
	while ((c = getopt_long(argc, argv, sopts, lopts, NULL)) != -1) {
		const struct tl_opt *r = NULL;

		if (c == ':') {
			tl_err("%s: needs a value (see tcplens --help)", argv[optind - 1]);
			return 2;
		}
		if (c >= TL_OPT_LONG_VAL && c < TL_OPT_LONG_VAL + (int)TL_N_OPTS)
			r = &tl_opts_table[c - TL_OPT_LONG_VAL];
		for (size_t i = 0; !r && c != '?' && i < TL_N_OPTS; i++)
			if (tl_opts_table[i].short_name == c && tl_opts_table[i].kind != TL_OPT_DOC)
				r = &tl_opts_table[i];
		if (!r) {
			/* optopt is a char for an unknown short option, 0 or a row's value else. */
			if (optopt > 0 && optopt < TL_OPT_LONG_VAL)
				tl_err("-%c: unknown option (see tcplens --help)", optopt);
			else
				tl_err("%s: unknown option (see tcplens --help)", argv[optind - 1]);
			return 2;
		}
		err = tl_opt_apply(r, o, optarg);
		if (err)
			return err;
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
	return 0;
}

int tl_opts_parse(int argc, char **argv, struct tl_opts *o)
{
	int err;

	*o = (struct tl_opts){
		.ring_mb = 16, .flows = 65536, .batch = true, .n_scopes = 1, .names.wait_ms = 100
	};
	err = tl_opts_read(argc, argv, o);
	if (!err)
		err = tl_opts_check(o);
	if (!err)
		tl_opts_derive(o);
	return err;
}

void tl_opts_free(struct tl_opts *o)
{
	if (!o)
		return;
	free(o->filter);
	o->filter = NULL;
}
