// SPDX-License-Identifier: GPL-2.0-only
/* tcplens: options -> checks -> outputs -> session (live or -r) -> closing lines. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/devices.h"
#include "capture/filter.h"
#include "log.h"
#include "opts.h"
#include "out/i18n.h"
#include "out/outputs.h"
#include "session.h"

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

/*
 * -d: libpcap's program for the link type the filter would run on, as tcpdump -d prints it:
 * its "ret" returns -s's snap length, or with -r the file's.
 */
static int dump_filter(const struct tl_opts *o)
{
	const char *expr = o->filter ? o->filter : "";
	struct tl_filter *f;

	if (o->read_file ? tl_filter_new_file(expr, o->read_file, &f)
			 : tl_filter_new_snap(expr, TL_LINK_ETH, o->snaplen, &f))
		return 1;
	tl_filter_dump(f, o->dump);
	tl_filter_free(f);
	return 0;
}

/* The outputs the options chose, in the order they are given each segment. */
static void outputs_cfg(const struct tl_opts *o, struct tl_outputs_cfg *c)
{
	*c = (struct tl_outputs_cfg){
		.print = o->print,
		.numeric = o->numeric > 0,
		.names = o->names,
		.explain = o->explain,
		.write = o->write,
		.json = o->json,
		.linebuf = o->linebuf,
		.number = o->number,
		.count = o->count,
		.flows = o->flows,
		.drops = o->drops,
		.kevents = o->kevents,
	};
}

int main(int argc, char **argv)
{
	struct tl_opts o = {};
	struct tl_session_flags flags = { .stop = &stop, .report_now = &report_now };
	struct tl_outputs_cfg oc;
	struct tl_outputs *outs = NULL;
	struct tl_session *run = NULL;
	uint64_t cnt[TL_CNT_MAX], bad;
	int err, ret = 1;

	err = tl_opts_parse(argc, argv, &o);
	if (err == TL_OPTS_EXIT) {
		ret = 0; /* -h or --version said what was asked */
		goto cleanup;
	}
	if (err || precheck(&o)) {
		ret = err ?: 1;
		goto cleanup;
	}
	tl_log_setup_libbpf();
	install_signals();
	if (tl_i18n_lang(o.lang))
		tl_debug("no catalog for the environment's language: annotations in English");
	if (o.list) {
		/* Like tcpdump -D: nothing else of the command line matters. */
		ret = tl_devices_list(stdout) ? 2 : 0;
		goto cleanup;
	}
	if (o.dump) {
		ret = dump_filter(&o);
		goto cleanup;
	}

	outputs_cfg(&o, &oc);
	if (tl_outputs_new(&oc, &outs) || tl_session_open(&o, outs, &flags, &run))
		goto cleanup; /* they said why */
	err = o.read_file ? tl_session_replay(run) : tl_session_live(run);
	if (err > 0 || (err && !o.read_file))
		goto cleanup; /* it said why */
	ret = err ? 1 : 0;

	/* The closing lines: a live run always says what became of every segment. */
	tl_session_counters(run, cnt, &bad);
	if (tl_outputs_finish(outs, cnt, bad))
		ret = 1;
	/* --drops-only has no hook: its counters would all be 0. */
	if ((!o.read_file && !o.drops_only) || o.stats)
		tl_outputs_print_counters(outs, cnt, bad);
	if (!o.read_file)
		tl_session_report(run);

cleanup:
	tl_session_close(run);
	tl_outputs_free(outs);
	tl_opts_free(&o);
	return ret;
}
