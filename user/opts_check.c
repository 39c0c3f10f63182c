// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options as a whole, once each has parsed (opts.c): the combinations tcplens refuses,
 * each with one message saying what to do, and the settings that follow from them.
 */
#include <string.h>

#include "log.h"
#include "opts.h"
#include "opts_int.h"

/* Step 2: options that each parse but do not go together. One message, exit code 2. */
int tl_opts_check(const struct tl_opts *o)
{
	if (o->list && o->n_scopes > 1) {
		tl_err("-D lists the interfaces of the namespace tcplens runs in: use ip netns exec "
		       "NS tcplens -D");
		return 2;
	}
	if (o->sample > 1 && o->no_bpf) {
		tl_err("--no-bpf cannot sample: --sample N is decided in the kernel");
		return 2;
	}
	if (o->filter && o->no_bpf && !o->dump) {
		tl_err("--no-bpf cannot apply a filter expression: the filter runs in the kernel");
		return 2;
	}
	if ((o->print.proc || o->proc_name || o->proc_pid || o->cgroup) && o->read_file) {
		tl_err("--proc, --proc-name, --proc-pid and --cgroup need live tracing (-i): a "
		       "capture file has no processes");
		return 2;
	}
	if (o->proc_name && (!o->proc_name[0] || strlen(o->proc_name) > 15)) {
		tl_err("--proc-name %s: give the command as ps -o comm shows it (1 to 15 "
		       "characters)",
		       o->proc_name);
		return 2;
	}
	if (o->tstamp > 5) {
		tl_err("only -t, -tt, -ttt, -tttt and -ttttt are supported");
		return 2;
	}
	if (o->no_bpf && !o->read_file) {
		tl_err("--no-bpf needs -r FILE: live tracing runs in the kernel");
		return 2;
	}
	for (int i = 1; i < o->n_scopes; i++) {
		if (o->scopes[i].host_side && o->scopes[i].any && o->scopes[i].n_ifaces) {
			tl_err("--host-side: use either -i any or -i IFACE for one namespace");
			return 2;
		}
	}
	if (o->direction != TL_DIRECTION_INOUT && o->read_file) {
		tl_err("-Q: a capture file has no direction to choose; use a filter instead");
		return 2;
	}
	if (o->direction == TL_DIRECTION_OUT &&
	    (o->hook == TL_HOOK_XDP || o->hook == TL_HOOK_XDP_GENERIC)) {
		tl_err("-Q out: XDP sees arriving packets only (use --hook tcx or tc)");
		return 2;
	}
	if (o->read_file && (o->n_ifaces || o->n_scopes > 1 || o->scopes[0].any)) {
		tl_err("-r and -i exclude each other: read a file or trace interfaces");
		return 2;
	}
	if (o->read_file && (o->drops || o->drops_only || o->kevents)) {
		tl_err("--drops, --drops-only and --events trace the running kernel: not with -r");
		return 2;
	}
	if (o->drops_only && (o->write.path || o->kevents)) {
		tl_err("--drops-only prints drops and nothing else: use --drops with -w or --events");
		return 2;
	}
	if (!o->read_file && !o->n_ifaces && !o->dump && !o->list && o->n_scopes == 1 &&
	    !o->scopes[0].any && !o->drops_only) {
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
	if ((o->write.path || o->json) &&
	    (o->print.link || o->verbose || o->quiet || o->hex || o->hexasc || o->ascii)) {
		tl_err("-e, -v, -q, -x, -X and -A shape the text lines, which %s does not print",
		       o->json ? "--json" : "-w");
		return 2;
	}
	if (o->json && (o->explain.summary || o->explain.ladder || o->explain.explain)) {
		tl_err("--json already carries the analysis of every segment: --explain, --summary "
		       "and --ladder would break its lines");
		return 2;
	}
	return 0;
}

/* Step 3: settings that follow from the options as a whole. */
void tl_opts_derive(struct tl_opts *o)
{
	if (!o->snaplen)
		o->snaplen = TL_SNAPLEN_DEFAULT;
	static const enum tl_tsfmt tsfmt[] = { TL_TS_DEFAULT, TL_TS_NONE, TL_TS_EPOCH,
					       TL_TS_DELTA,   TL_TS_DATE, TL_TS_SINCE_FIRST };

	o->print.tsfmt = tsfmt[o->tstamp];
	/* tcpdump counts them; beyond what changes the text, more of one changes nothing. */
	o->print.verbose = (uint8_t)(o->verbose > 3 ? 3 : o->verbose);
	o->print.quiet = (uint8_t)(o->quiet > 2 ? 2 : o->quiet);
	o->print.hex = (uint8_t)(o->hex > 2 ? 2 : o->hex);
	o->print.hexasc = (uint8_t)(o->hexasc > 2 ? 2 : o->hexasc);
	o->print.ascii = (uint8_t)(o->ascii > 2 ? 2 : o->ascii);
	/* The payload decoders read tcpdump's vflag and Xflag as the forms do. */
	o->print.dec.vflag = (uint8_t)(o->verbose > 255 ? 255 : o->verbose);
	o->print.dec.xflag = o->hexasc > 0;
	/* A namespace named alone means all of it, as --pid alone does. */
	for (int i = 1; i < o->n_scopes; i++)
		if (!o->scopes[i].n_ifaces)
			o->scopes[i].any = true;
	o->write.live = !o->read_file;
	o->write.nano = !o->read_file || o->print.nano;
	o->print.ifprefix = o->n_ifaces > 1;
	o->drops |= o->drops_only;
	for (int i = 0; i < o->n_scopes; i++)
		o->print.ifprefix |= o->scopes[i].any;
	/* Capture files are compared with tcpdump 4.99.3 -r; live TSO/BIG TCP frames get
	 * the TCP line newer tcpdump prints (see README). */
	o->print.len0_as_4993 = o->read_file != NULL;
	/* Live lines must not hold the capture up; tcpdump -r waits for each lookup. */
	o->names.live = !o->read_file;
	o->explain.abs_seq = o->print.abs_seq;
	o->proc_on = o->print.proc || o->proc_name || o->proc_pid || o->cgroup;
}
