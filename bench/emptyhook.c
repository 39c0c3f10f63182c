// SPDX-License-Identifier: GPL-2.0-only
/*
 * The empty hook: attaches bpf/empty.bpf.c's do-nothing programs to one interface the way
 * tcplens attaches its own (tcx links on ingress and egress, or one XDP link, native first),
 * says "listening on IFACE" and holds them until SIGINT or SIGTERM. The benchmark runs it in
 * place of a tracer: what it costs is what any tracer pays for the hook on this kernel.
 * Only links, nothing pinned: whatever way the process ends, the kernel detaches them.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "empty.skel.h"

/* Debian 12's libbpf 1.1.2 headers predate tcx (Linux 6.6): the UAPI attach type numbers. */
#define EH_BPF_TCX_INGRESS 46
#define EH_BPF_TCX_EGRESS  47

static volatile sig_atomic_t eh_stop;

static void eh_on_signal(int sig)
{
	(void)sig;
	eh_stop = 1;
}

static int eh_libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

/* links[0..1]: tcx ingress and egress. The cast: these attach types are not in this libbpf. */
static int eh_attach_tcx(struct empty_bpf *skel, int ifindex, int links[2])
{
	const struct bpf_program *prog[2] = { skel->progs.empty_tc_in, skel->progs.empty_tc_out };
	static const int type[2] = { EH_BPF_TCX_INGRESS, EH_BPF_TCX_EGRESS };
	int d;

	for (d = 0; d < 2; d++) {
		links[d] = bpf_link_create(bpf_program__fd(prog[d]), ifindex,
					   (enum bpf_attach_type)type[d], NULL);
		if (links[d] < 0)
			return -errno;
	}
	return 0;
}

/* Native XDP where the driver has it, generic otherwise, as tcplens --hook xdp does. */
static int eh_attach_xdp(struct empty_bpf *skel, int ifindex, int links[2], const char **mode)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
	int fd = bpf_program__fd(skel->progs.empty_xdp);

	*mode = "xdp native";
	links[0] = bpf_link_create(fd, ifindex, BPF_XDP, &opts);
	if (links[0] >= 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != 524 /* ENOTSUPP */ && errno != EINVAL)
		return -errno;
	*mode = "xdp generic";
	opts.flags = XDP_FLAGS_SKB_MODE;
	links[0] = bpf_link_create(fd, ifindex, BPF_XDP, &opts);
	return links[0] < 0 ? -errno : 0;
}

static int eh_usage(int rc)
{
	fprintf(rc ? stderr : stdout, "usage: emptyhook -i IFACE [--hook tcx|xdp]\n");
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "hook", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sigaction sa = { .sa_handler = eh_on_signal };
	const char *ifname = NULL, *hook = "tcx", *mode = "tcx ingress+egress";
	int links[2] = { -1, -1 };
	struct empty_bpf *skel;
	int c, d, ifindex, err;

	while ((c = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'H':
			hook = optarg;
			break;
		case 'h':
			return eh_usage(0);
		default:
			return eh_usage(2);
		}
	}
	if (!ifname || optind != argc || (strcmp(hook, "tcx") && strcmp(hook, "xdp")))
		return eh_usage(2);
	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex) {
		fprintf(stderr, "emptyhook: %s: no such interface (name one of `ip link`)\n",
			ifname);
		return 1;
	}
	libbpf_set_print(eh_libbpf_quiet);
	skel = empty_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "emptyhook: loading the empty programs: %s (run as root)\n",
			strerror(errno));
		return 1;
	}
	err = strcmp(hook, "xdp") ? eh_attach_tcx(skel, ifindex, links)
				  : eh_attach_xdp(skel, ifindex, links, &mode);
	if (err) {
		fprintf(stderr, "emptyhook: %s: attaching %s: %s (is another program attached?)\n",
			ifname, hook, strerror(-err));
		goto out;
	}
	/* Handlers before the ready line: a signal right after it must still detach cleanly. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "emptyhook: listening on %s (%s)\n", ifname, mode);
	while (!eh_stop)
		pause();
out:
	for (d = 0; d < 2; d++)
		if (links[d] >= 0)
			close(links[d]);
	empty_bpf__destroy(skel);
	return err ? 1 : 0;
}
