// SPDX-License-Identifier: GPL-2.0-only
/* Command line: every option into its field, every refused value and combination, --help. */
#define _GNU_SOURCE /* open_memstream */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tl_test.h"
#include "log.h"
#include "opts.h"

#define CAP "tests/captures/http-get.pcap" /* only a name here: nothing is opened */

static struct tl_opts o;
static int quiet_fd = -1, saved_out = -1, saved_err = -1;
static char filter_path[] = "/tmp/tl_test_opts_XXXXXX";
static char empty_path[] = "/tmp/tl_test_opts_XXXXXX";

/*
 * tl_opts_parse() on "tcplens" and the words up to NULL, into o (freed first). Its messages,
 * --help and --version go to /dev/null: only the exit codes are checked here.
 */
static int parse(const char *w, ...)
{
	char *argv[128] = { (char *)"tcplens" };
	int argc = 1, err;
	va_list ap;

	va_start(ap, w);
	for (; w && argc < 127; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;
	tl_opts_free(&o);
	fflush(stdout);
	fflush(stderr);
	dup2(quiet_fd, STDOUT_FILENO);
	dup2(quiet_fd, STDERR_FILENO);
	err = tl_opts_parse(argc, argv, &o);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	return err;
}

#define OK(...)	       TL_CHECK(parse(__VA_ARGS__, NULL) == 0, "parses: %s", #__VA_ARGS__)
#define FAILS(rc, ...) TL_CHECK(parse(__VA_ARGS__, NULL) == (rc), "exit %d: %s", rc, #__VA_ARGS__)
#define USAGE_ERR(...) FAILS(2, __VA_ARGS__)

static void test_defaults(void)
{
	OK("-r", CAP);
	TL_CHECK(!strcmp(o.read_file, CAP), "-r lands in read_file");
	TL_CHECK(o.ring_mb == 16 && o.flows == 65536 && o.batch && !o.cpu_rings, "defaults");
	TL_CHECK(o.n_scopes == 1 && !o.n_ifaces && !o.count && !o.sample && !o.snaplen_set,
		 "nothing else set");
	TL_CHECK(o.hook == TL_HOOK_AUTO && !o.filter && !o.lang && !o.dump, "no hook, filter");
	TL_CHECK(o.print.tsfmt == TL_TS_DEFAULT, "default time stamps");
	TL_CHECK(!o.numeric && !o.names.strip_domain && o.names.wait_ms == 100 && !o.names.live,
		 "names, as tcpdump without -n; -r waits for every lookup");
	TL_CHECK(!o.write.live && !o.write.nano && o.print.len0_as_4993 && !o.print.ifprefix,
		 "derived for a file");

	/* A second parse in the same process starts from nothing. */
	OK("-r", CAP, "-c", "5", "-S");
	OK("-r", CAP);
	TL_CHECK(!o.count && !o.print.abs_seq, "a later parse forgets the earlier one");
}

static void test_every_option(void)
{
	static const struct {
		const char *arg;
		enum tl_hook hook;
	} hooks[] = { { "auto", TL_HOOK_AUTO },
		      { "tcx", TL_HOOK_TCX },
		      { "tc", TL_HOOK_TC },
		      { "xdp", TL_HOOK_XDP },
		      { "xdp-generic", TL_HOOK_XDP_GENERIC } };
	static const enum tl_tsfmt ts[] = { TL_TS_DEFAULT, TL_TS_NONE, TL_TS_EPOCH,
					    TL_TS_DELTA,   TL_TS_DATE, TL_TS_SINCE_FIRST };
	static const char *const tflags[] = { "-S", "-t", "-tt", "-ttt", "-tttt", "-ttttt" };
	int v0;

	OK("-i", "eth0", "-i", "eth1");
	TL_CHECK(o.n_ifaces == 2 && !strcmp(o.ifaces[0], "eth0") && !strcmp(o.ifaces[1], "eth1"),
		 "-i twice");
	TL_CHECK(o.if_scope[0] == 0 && o.if_scope[1] == 0 && o.scopes[0].n_ifaces == 2,
		 "-i in our namespace");
	TL_CHECK(o.print.ifprefix && o.write.live && o.write.nano && !o.print.len0_as_4993,
		 "derived for live, two interfaces");
	OK("-i", "eth0");
	TL_CHECK(!o.print.ifprefix, "one interface: no prefix");
	OK("-i", "any");
	TL_CHECK(o.scopes[0].any && !o.n_ifaces && o.print.ifprefix, "-i any");
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		OK("-i", "lo", "--hook", hooks[i].arg);
		TL_CHECK(o.hook == hooks[i].hook, "--hook %s", hooks[i].arg);
	}
	OK("-i", "lo", "-Z", "nobody");
	TL_CHECK(o.drop_user && !strcmp(o.drop_user, "nobody"), "-Z");
	OK("-r", CAP, "-c", "7");
	TL_CHECK(o.count == 7, "-c");
	OK("-r", CAP, "-c", "9223372036854775807");
	TL_CHECK(o.count == LONG_MAX, "-c at its maximum");
	OK("-r", CAP, "-#");
	TL_CHECK(o.number, "-#");
	OK("-r", CAP, "--number");
	TL_CHECK(o.number, "--number");
	OK("-D");
	TL_CHECK(o.list, "-D, which needs no interface");
	OK("--list-interfaces", "-i", "lo");
	TL_CHECK(o.list, "--list-interfaces");
	OK("-i", "lo", "-l", "-n", "-nn", "-S");
	TL_CHECK(o.linebuf && o.print.abs_seq && o.explain.abs_seq && o.numeric == 3,
		 "-l -n -nn -S");
	TL_CHECK(o.names.live, "live lookups on the resolver threads");
	OK("-r", CAP, "-nn");
	TL_CHECK(o.numeric == 2, "-nn is -n twice, as in tcpdump");
	OK("-r", CAP, "-N", "--name-wait", "250");
	TL_CHECK(!o.numeric && o.names.strip_domain && o.names.wait_ms == 250, "-N --name-wait");
	OK("-i", "lo", "--name-wait", "0");
	TL_CHECK(o.names.wait_ms == 0, "--name-wait 0: a late name never holds a line");
	OK("-i", "lo", "--name-wait", "60000");
	TL_CHECK(o.names.wait_ms == 60000, "--name-wait at its maximum");
	OK("-r", CAP, "-e", "-vv", "-q", "-xx", "-X", "-AA");
	TL_CHECK(o.print.link && o.print.verbose == 2 && o.print.quiet == 1 && o.print.hex == 2 &&
			 o.print.hexasc == 1 && o.print.ascii == 2,
		 "the output forms: -e -vv -q -xx -X -AA");
	TL_CHECK(tl_print_frame_need(&o.print) == TL_FRAME_MAX, "the dumps read whole frames");
	OK("-r", CAP, "-vvvvv");
	TL_CHECK(o.print.verbose == 3, "more -v than tcpdump tells apart");
	OK("-r", CAP, "-e");
	TL_CHECK(tl_print_frame_need(&o.print) == TL_PRINT_FRAME_HEADERS, "-e reads the headers");
	OK("-r", CAP, "-q", "-S");
	TL_CHECK(!tl_print_frame_need(&o.print), "-q needs no frame");
	OK("-r", CAP);
	TL_CHECK(!o.explain.abs_seq, "no -S: relative in --explain too");
	TL_CHECK(o.print.dec.mode == TL_DEC_PORTS, "no -s, no -T: decoders by port, as tcpdump");
	OK("-r", CAP, "-s", "64");
	TL_CHECK(o.print.dec.mode == TL_DEC_PORTS, "-s without -T: decoders by port");
	/* tcpdump's -T: any type but resp, domain and zmtp1 turns TCP decoding off. */
	OK("-r", CAP, "-T", "vat");
	TL_CHECK(o.print.dec.mode == TL_DEC_OFF, "-T vat");
	OK("-r", CAP, "-T", "SNMP");
	TL_CHECK(o.print.dec.mode == TL_DEC_OFF, "-T SNMP: any case, as tcpdump");
	OK("-r", CAP, "-T", "resp");
	TL_CHECK(o.print.dec.mode == TL_DEC_FORCE_RESP, "-T resp");
	OK("-r", CAP, "-T", "Domain");
	TL_CHECK(o.print.dec.mode == TL_DEC_FORCE_DOMAIN, "-T Domain");
	OK("-r", CAP, "-T", "zmtp1");
	TL_CHECK(o.print.dec.mode == TL_DEC_FORCE_ZMTP1, "-T zmtp1");
	OK("-r", CAP, "-T", "pgm_zmtp1");
	TL_CHECK(o.print.dec.mode == TL_DEC_OFF, "-T pgm_zmtp1 is another type");
	/* tflags[0] is a no-op stand-in for "no -t". */
	for (int t = 0; t <= 5; t++) {
		OK("-r", CAP, tflags[t]);
		TL_CHECK(o.print.tsfmt == ts[t], "%s", tflags[t]);
	}
	OK("-r", CAP, "-t", "-t", "-t");
	TL_CHECK(o.print.tsfmt == TL_TS_DELTA, "-t -t -t counts as -ttt");
	OK("-r", CAP, "--nano");
	TL_CHECK(o.print.nano && o.write.nano, "--nano");
	OK("-r", CAP, "-P", "nano");
	TL_CHECK(o.print.nano, "-P nano");
	OK("-r", CAP, "--time-stamp-precision=nano");
	TL_CHECK(o.print.nano, "--time-stamp-precision=nano");
	OK("-r", CAP, "-P", "micro");
	TL_CHECK(!o.print.nano && !o.write.nano, "-P micro");
	OK("-r", CAP, "--nano", "--time-stamp-precision", "micro");
	TL_CHECK(o.print.nano, "micro after --nano keeps nano");
	OK("-i", "lo", "--stats", "--ring-size", "64", "--flows", "1024", "--sample", "10");
	TL_CHECK(o.stats && o.ring_mb == 64 && o.flows == 1024 && o.sample == 10,
		 "--stats --ring-size --flows --sample");
	OK("-i", "lo", "--ring-size", "1", "--flows", "16");
	TL_CHECK(o.ring_mb == 1 && o.flows == 16, "lower bounds");
	OK("-i", "lo", "--ring-size", "1024", "--flows", "16777216", "--sample", "1000000");
	TL_CHECK(o.ring_mb == 1024 && o.flows == 1u << 24 && o.sample == 1000000, "upper bounds");
	OK("-i", "lo", "--rings", "percpu");
	TL_CHECK(o.cpu_rings, "--rings percpu");
	OK("-i", "lo");
	TL_CHECK(!o.proc_on && !o.print.proc, "no process attribution by default");
	OK("-i", "lo", "--proc");
	TL_CHECK(o.proc_on && o.print.proc, "--proc");
	OK("-i", "lo", "--proc-name", "curl", "--proc-pid", "42", "--cgroup", "/a/b", "tcp");
	TL_CHECK(o.proc_on && !o.print.proc && !strcmp(o.proc_name, "curl") && o.proc_pid == 42 &&
			 !strcmp(o.cgroup, "/a/b") && o.filter && !strcmp(o.filter, "tcp"),
		 "selectors without --proc, with a filter");
	OK("-i", "lo", "--proc-name", "123456789012345");
	TL_CHECK(o.proc_on, "a 15-character command");
	OK("-i", "lo", "--rings", "percpu", "--rings", "shared");
	TL_CHECK(!o.cpu_rings, "--rings shared");
	OK("-r", CAP, "--no-bpf");
	TL_CHECK(o.no_bpf, "--no-bpf");
	OK("-i", "lo", "--no-batch");
	TL_CHECK(!o.batch, "--no-batch");
	OK("-r", CAP, "--explain", "--summary", "--ladder", "--lang", "ja");
	TL_CHECK(o.explain.explain && o.explain.summary && o.explain.ladder, "analysis outputs");
	TL_CHECK(o.lang && !strcmp(o.lang, "ja"), "--lang ja");
	OK("-r", CAP, "--lang", "en");
	TL_CHECK(o.lang && !strcmp(o.lang, "en"), "--lang en");
	OK("-r", CAP, "-w", "out.pcap", "--pcap", "-C", "2", "-G", "60", "-W", "3");
	TL_CHECK(o.write.path && !strcmp(o.write.path, "out.pcap") && o.write.classic, "-w --pcap");
	TL_CHECK(o.write.rotate_bytes == 2000000 && o.write.rotate_secs == 60 &&
			 o.write.max_files == 3,
		 "-C in tcpdump's MB, -G, -W");
	OK("-r", CAP, "-w", "-");
	TL_CHECK(!strcmp(o.write.path, "-"), "-w -");
	OK("-r", CAP, "-s", "64");
	TL_CHECK(o.snaplen == 64 && o.snaplen_set, "-s 64");
	OK("-r", CAP, "-s", "0");
	TL_CHECK(o.snaplen == TL_SNAPLEN_DEFAULT && o.snaplen_set, "-s 0 is tcpdump's default");
	OK("-r", CAP);
	TL_CHECK(o.snaplen == TL_SNAPLEN_DEFAULT && !o.snaplen_set, "no -s: the default, unset");
	USAGE_ERR("-r", CAP, "-s", "262145");
	OK("-r", CAP, "--json");
	TL_CHECK(o.json, "--json");
	v0 = tl_verbose;
	OK("-r", CAP, "--debug", "--debug");
	TL_CHECK(tl_verbose == v0 + 2, "--debug counts");
	tl_verbose = v0;
	OK("-d", "tcp");
	TL_CHECK(o.dump == 1 && o.filter && !strcmp(o.filter, "tcp"), "-d, no interface needed");
	OK("-ddd", "tcp", "port", "80");
	TL_CHECK(o.dump == 3 && !strcmp(o.filter, "tcp port 80"), "-ddd, the words joined");
	OK("-r", CAP, "tcp", "and", "port", "80");
	TL_CHECK(o.filter && !strcmp(o.filter, "tcp and port 80"), "expression after options");
	OK("tcp", "-r", CAP, "port", "80");
	TL_CHECK(o.filter && !strcmp(o.filter, "tcp port 80"), "options among the words");
	TL_CHECK(parse("-h", NULL) == TL_OPTS_EXIT, "-h: exit 0 without running");
	TL_CHECK(parse("--help", NULL) == TL_OPTS_EXIT, "--help");
	TL_CHECK(parse("--version", NULL) == TL_OPTS_EXIT, "--version");
	TL_CHECK(parse("-r", CAP, "--help", "--bogus", NULL) == TL_OPTS_EXIT,
		 "help wins over what follows it");
}

static void test_scopes(void)
{
	OK("--netns", "web", "-i", "eth0", "--pid", "42", "--host-side", "-i", "lo");
	TL_CHECK(o.n_scopes == 3, "two namespaces besides ours");
	TL_CHECK(!strcmp(o.scopes[1].netns, "web") && !o.scopes[1].pid && !o.scopes[1].any,
		 "--netns web with one -i");
	TL_CHECK(o.n_ifaces == 2 && o.if_scope[0] == 1 && o.if_scope[1] == 2, "-i follow scopes");
	TL_CHECK(o.scopes[2].pid && !strcmp(o.scopes[2].pid, "42") && o.scopes[2].host_side,
		 "--pid 42 --host-side");
	TL_CHECK(!o.scopes[0].n_ifaces && !o.scopes[0].any, "ours untouched");
	OK("--pid", "42");
	TL_CHECK(o.n_scopes == 2 && o.scopes[1].any && o.print.ifprefix,
		 "a namespace alone: all of it");
	OK("-i", "lo", "--netns", "/proc/1/ns/net", "--host-side", "-i", "any");
	TL_CHECK(o.scopes[0].n_ifaces == 1 && o.scopes[1].any && o.scopes[1].host_side,
		 "--host-side -i any");
	OK("--container", "web", "--pod", "kube-system/coredns-1", "--host-side");
	TL_CHECK(o.n_scopes == 3 && !strcmp(o.scopes[1].container, "web") && !o.scopes[1].pod &&
			 o.scopes[1].any && !o.scopes[1].netns && !o.scopes[1].pid,
		 "--container web: a scope of its own, all of it");
	TL_CHECK(!strcmp(o.scopes[2].container, "kube-system/coredns-1") && o.scopes[2].pod &&
			 o.scopes[2].host_side,
		 "--pod NS/NAME --host-side");
	OK("--container", "podman:3f2a", "-i", "eth0");
	TL_CHECK(o.scopes[1].n_ifaces == 1 && o.if_scope[0] == 1, "-i after --container");
	USAGE_ERR("--container", "");
	USAGE_ERR("--container", "docker:");
	USAGE_ERR("--pod", "coredns");
	USAGE_ERR("--pod", "/coredns");
	USAGE_ERR("--pod", "kube-system/");
	USAGE_ERR("--pod", "a/b/c");
	USAGE_ERR("-r", CAP, "--container", "web");
	USAGE_ERR("--host-side", "-i", "lo");
	USAGE_ERR("-i", "lo", "--host-side", "--netns", "web");
	USAGE_ERR("--pid", "0");
	USAGE_ERR("--pid", "2147483648");
	USAGE_ERR("--pid", "self");
	{
		char *many[2 * TL_MAX_SCOPES];

		for (int i = 0; i < TL_MAX_SCOPES; i++) {
			many[2 * i] = (char *)"--netns";
			many[2 * i + 1] = (char *)"web";
		}
		/* Fifteen namespaces and ours fit; sixteen do not. */
		TL_CHECK(parse(many[0], many[1], many[2], many[3], many[4], many[5], many[6],
			       many[7], many[8], many[9], many[10], many[11], many[12], many[13],
			       many[14], many[15], many[16], many[17], many[18], many[19], many[20],
			       many[21], many[22], many[23], many[24], many[25], many[26], many[27],
			       many[28], many[29], NULL) == 0,
			 "%d namespaces", TL_MAX_SCOPES - 1);
		TL_CHECK(parse(many[0], many[1], many[2], many[3], many[4], many[5], many[6],
			       many[7], many[8], many[9], many[10], many[11], many[12], many[13],
			       many[14], many[15], many[16], many[17], many[18], many[19], many[20],
			       many[21], many[22], many[23], many[24], many[25], many[26], many[27],
			       many[28], many[29], many[30], many[31], NULL) == 2,
			 "%d namespaces: too many", TL_MAX_SCOPES);
	}
}

static void test_too_many_ifaces(void)
{
	char *argv[2 * TL_MAX_IFACES + 4] = { (char *)"tcplens" };
	int argc = 1, err;

	for (int i = 0; i <= TL_MAX_IFACES; i++) {
		argv[argc++] = (char *)"-i";
		argv[argc++] = (char *)"lo";
	}
	tl_opts_free(&o);
	fflush(stderr);
	dup2(quiet_fd, STDERR_FILENO);
	err = tl_opts_parse(argc - 2, argv, &o);
	TL_CHECK(err == 0 && o.n_ifaces == TL_MAX_IFACES, "%d interfaces", TL_MAX_IFACES);
	tl_opts_free(&o);
	err = tl_opts_parse(argc, argv, &o);
	fflush(stderr);
	dup2(saved_err, STDERR_FILENO);
	TL_CHECK(err == 2, "%d interfaces: too many", TL_MAX_IFACES + 1);
}

static void test_range_errors(void)
{
	USAGE_ERR("-r", CAP, "-c", "0");
	USAGE_ERR("-r", CAP, "-c", "-5");
	USAGE_ERR("-r", CAP, "-c", "+5");
	USAGE_ERR("-r", CAP, "-c", "abc");
	USAGE_ERR("-r", CAP, "-c", "");
	USAGE_ERR("-r", CAP, "-c", "9223372036854775808");
	USAGE_ERR("-r", CAP, "-c", "99999999999999999999999");
	USAGE_ERR("-r", CAP, "-s", "12x");
	USAGE_ERR("-r", CAP, "-s", "-1");
	USAGE_ERR("-r", CAP, "-s", "262145");
	USAGE_ERR("-r", CAP, "--ring-size", "0");
	USAGE_ERR("-r", CAP, "--ring-size", "3");
	USAGE_ERR("-r", CAP, "--ring-size", "2048");
	USAGE_ERR("-r", CAP, "--ring-size", "big");
	USAGE_ERR("-r", CAP, "--flows", "15");
	USAGE_ERR("-r", CAP, "--flows", "16777217");
	USAGE_ERR("-r", CAP, "--flows", "many");
	USAGE_ERR("-r", CAP, "--name-wait", "soon");
	USAGE_ERR("-r", CAP, "--name-wait", "-1");
	USAGE_ERR("-i", "lo", "--name-wait", "60001");
	USAGE_ERR("-i", "lo", "--name-wait");
	USAGE_ERR("-r", CAP, "--sample", "0");
	USAGE_ERR("-r", CAP, "--sample", "1000001");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "0");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "1000001");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "ten");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-G", "0");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-G", "1073741825");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-G", "1h");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "1", "-W", "0");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "1", "-W", "1000001");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-C", "1", "-W", "x");
	OK("-r", CAP, "-w", "o.pcap", "-C", "1000000", "-G", "1073741824", "-W", "1000000");
	OK("-r", CAP, "-s", "262144");
	/* Values that are names. */
	USAGE_ERR("-i", "lo", "--hook", "kprobe");
	USAGE_ERR("-i", "lo", "--hook", "");
	USAGE_ERR("-r", CAP, "--rings", "pernuma");
	USAGE_ERR("-r", CAP, "--lang", "xx", "--explain");
	USAGE_ERR("-r", CAP, "-P", "pico");
	USAGE_ERR("-r", CAP, "--time-stamp-precision", "pico");
	USAGE_ERR("-r", CAP, "-T", "http");
	USAGE_ERR("-r", CAP, "-T", "");
	USAGE_ERR("-r", CAP, "-T", "vat2");
	/* Not options at all, or without their value. */
	USAGE_ERR("--bogus");
	USAGE_ERR("-x");
	USAGE_ERR("-r", CAP, "--batch"); /* removed: it only repeated the default */
	USAGE_ERR("-r", CAP, "--nano=1");
	USAGE_ERR("-r");
	USAGE_ERR("-i", "lo", "--hook");
	USAGE_ERR("-r", CAP, "-tttttt");
}

static void test_check_errors(void)
{
	USAGE_ERR("-r", CAP, "--no-bpf", "--sample", "3");
	OK("-r", CAP, "--no-bpf", "--sample", "1");
	USAGE_ERR("-r", CAP, "--proc");
	USAGE_ERR("-r", CAP, "--proc-name", "curl");
	USAGE_ERR("-r", CAP, "--proc-pid", "1");
	USAGE_ERR("-r", CAP, "--cgroup", "/");
	USAGE_ERR("-i", "lo", "--proc-name", "1234567890123456");
	USAGE_ERR("-i", "lo", "--proc-name", "");
	USAGE_ERR("-i", "lo", "--proc-pid", "0");
	USAGE_ERR("-i", "lo", "--proc-pid", "4194305");
	USAGE_ERR("-r", CAP, "--no-bpf", "tcp");
	OK("-r", CAP, "--no-bpf", "-d", "tcp");
	USAGE_ERR("--no-bpf", "-i", "lo");
	USAGE_ERR("--netns", "web", "--host-side", "-i", "any", "-i", "eth0");
	USAGE_ERR("-r", CAP, "-i", "lo");
	USAGE_ERR("-r", CAP, "-i", "any");
	USAGE_ERR("-r", CAP, "--netns", "web");
	USAGE_ERR("-r", CAP, "--pid", "1");
	USAGE_ERR("-c", "1");
	USAGE_ERR("tcp");
	USAGE_ERR("-D", "--netns", "web");
	USAGE_ERR("--pid", "1", "-D");
	USAGE_ERR("-r", CAP, "--pcap");
	USAGE_ERR("-r", CAP, "-C", "1");
	USAGE_ERR("-r", CAP, "-G", "1");
	USAGE_ERR("-r", CAP, "-W", "1");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-W", "2");
	USAGE_ERR("-r", CAP, "-w", "-", "--json");
	USAGE_ERR("-r", CAP, "-w", "-", "--summary");
	USAGE_ERR("-r", CAP, "-w", "-", "--ladder");
	OK("-r", CAP, "-w", "-", "--explain");
	USAGE_ERR("-r", CAP, "--json", "--explain");
	USAGE_ERR("-r", CAP, "--json", "--summary");
	USAGE_ERR("-r", CAP, "--json", "--ladder");
	OK("-r", CAP, "-w", "o.pcap", "--json");
	USAGE_ERR("-r", CAP, "--drops");
	USAGE_ERR("-r", CAP, "--drops-only");
	USAGE_ERR("-r", CAP, "--events");
	USAGE_ERR("--drops-only", "-w", "o.pcap");
	USAGE_ERR("--drops-only", "--events");
	USAGE_ERR("--drops");
	USAGE_ERR("--events");
	OK("--drops-only");
	TL_CHECK(o.drops && o.drops_only && !o.kevents, "--drops-only implies --drops");
	OK("-i", "lo", "--drops", "--events");
	TL_CHECK(o.drops && !o.drops_only && o.kevents, "--drops --events");
	USAGE_ERR("-r", CAP, "-w", "o.pcap", "-v");
	USAGE_ERR("-r", CAP, "--json", "-e");
	USAGE_ERR("-r", CAP, "--json", "-X");
	USAGE_ERR("-r", CAP, "-w", "-", "-A");
	OK("-r", CAP, "--explain", "-v", "-x");
}

static void test_filter_file(void)
{
	OK("-r", CAP, "-F", filter_path);
	TL_CHECK(o.filter && !strcmp(o.filter, "tcp port 80\n"), "-F reads the file");
	TL_CHECK(!strcmp(o.filter_file, filter_path), "-F lands in filter_file");
	OK("-r", CAP, "-F", empty_path);
	TL_CHECK(o.filter && !*o.filter, "an empty -F file: an empty expression");
	USAGE_ERR("-r", CAP, "-F", filter_path, "tcp");
	FAILS(1, "-r", CAP, "-F", "/nonexistent/tl_test_opts");
	FAILS(1, "-r", CAP, "-F", "/tmp");
	/* An -F file is an expression like any other for --no-bpf. */
	USAGE_ERR("-r", CAP, "--no-bpf", "-F", empty_path);
}

/* name occurs in text as a word of its own: not followed by more of a name. */
static bool has_word(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)); p++) {
		char after = p[n];

		if (p > text && p[-1] != ' ')
			continue;
		if (after == ' ' || after == ',' || after == '\n')
			return true;
	}
	return false;
}

static void test_usage(void)
{
	char *text = NULL, name[64], s;
	size_t len = 0;
	const char *l;
	FILE *f = open_memstream(&text, &len);
	int longs = 0;

	TL_CHECK(f != NULL, "open_memstream");
	if (!f)
		return;
	tl_opts_usage(f);
	fclose(f);
	for (unsigned int i = 0; tl_opts_name(i, &s, &l); i++) {
		if (l) {
			snprintf(name, sizeof(name), "--%s", l);
			TL_CHECK(has_word(text, name), "%s in --help", name);
			longs++;
		}
		if (s) {
			snprintf(name, sizeof(name), "-%c", s);
			TL_CHECK(has_word(text, name), "%s in --help", name);
		}
	}
	TL_CHECK(longs >= 22, "the table has its long options (%d)", longs);
	TL_CHECK(has_word(text, "--time-stamp-precision"), "-P's long name, once missing");
	TL_CHECK(!strstr(text, "--batch"), "--batch is gone from --help");
	TL_CHECK(!strncmp(text, "Usage: tcplens ", 15), "starts with the usage line");
	/* No line wider than a terminal. */
	for (const char *p = text, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		TL_CHECK(nl - p <= 80, "help line within 80 columns: %.*s", (int)(nl - p), p);
	free(text);
}

static int make_file(char *path, const char *content)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	if (write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

int main(void)
{
	quiet_fd = open("/dev/null", O_WRONLY);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	if (quiet_fd < 0 || saved_out < 0 || saved_err < 0 ||
	    make_file(filter_path, "tcp port 80\n") || make_file(empty_path, "")) {
		perror("test_opts setup");
		return 1;
	}
	test_defaults();
	test_every_option();
	test_scopes();
	test_too_many_ifaces();
	test_range_errors();
	test_check_errors();
	test_filter_file();
	test_usage();
	tl_opts_free(&o);
	unlink(filter_path);
	unlink(empty_path);
	return tl_test_done("opts");
}
