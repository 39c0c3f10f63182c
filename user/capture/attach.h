/* SPDX-License-Identifier: GPL-2.0-only */
/* Puts the loaded tcplens programs on an interface (tcx, tc clsact or XDP) and takes them off. */
#ifndef TL_ATTACH_H
#define TL_ATTACH_H

struct bpf_program;

enum tl_hook {
	TL_HOOK_AUTO,	     /* tcx if the kernel has it, else tc clsact; both directions */
	TL_HOOK_TCX,	     /* tcx links (Linux >= 6.6), ingress and egress */
	TL_HOOK_TC,	     /* tc clsact filters over netlink, ingress and egress */
	TL_HOOK_XDP,	     /* XDP link, native mode (else generic); ingress */
	TL_HOOK_XDP_GENERIC, /* XDP link forced into generic (skb) mode; ingress */
};

/* The programs of the loaded object; the _raw ones serve devices without a link header. */
struct tl_progs {
	struct bpf_program *xdp, *tc_in, *tc_out, *tc_raw_in, *tc_raw_out;
};

/* Everything attached on one interface. */
struct tl_attach;

/* "auto", "tcx", "tc", "xdp" or "xdp-generic"; -EINVAL (silently) for anything else. */
int tl_hook_parse(const char *s, enum tl_hook *hook);

/*
 * Attaches on ifname (in the caller's network namespace). On failure prints one line saying
 * what to do and returns a negative errno; nothing is left attached. Removes stale tc filters
 * of an earlier, killed run first.
 */
int tl_attach_iface(const struct tl_progs *p, const char *ifname, enum tl_hook hook,
		    struct tl_attach **out);

/*
 * The checks tl_attach_iface starts with (exists, up, a link type we parse, XDP only with a
 * link header), without attaching: run before loading, so a typo fails at once and only the
 * programs the interfaces need are verified. Prints one line on failure.
 */
int tl_attach_check(const char *ifname, enum tl_hook hook, int *link_type);

/*
 * The same in the network namespace netns_fd (tl_netns_open; -1: ours), entered on a helper
 * thread; tl_detach goes back into that namespace for what netlink must remove.
 */
int tl_attach_iface_ns(const struct tl_progs *p, int netns_fd, const char *ifname,
		       enum tl_hook hook, struct tl_attach **out);
int tl_attach_check_ns(int netns_fd, const char *ifname, enum tl_hook hook, int *link_type);

/*
 * The link type the hooks would see on ifname (TL_LINK_ETH or TL_LINK_RAW), whether it is up
 * or not; -ENODEV for no such interface, -EOPNOTSUPP for a link type tcplens does not parse.
 * Quiet, and needs no privilege.
 */
int tl_attach_link_of(const char *ifname);

/* e.g. "tcx ingress+egress", "tc clsact ingress+egress", "xdp native ingress". */
const char *tl_attach_desc(const struct tl_attach *a);

/* TL_LINK_ETH or TL_LINK_RAW (include/tcplens.h): what the hook sees first in a packet. */
int tl_attach_link_type(const struct tl_attach *a);

int tl_attach_ifindex(const struct tl_attach *a);

/*
 * Removes only what tl_attach_iface attached (and the clsact qdisc if it created it), also
 * when the interface is already gone. NULL ok. The environment variable TL_TEST_NO_TCX makes
 * attaching behave as on a kernel without tcx (a test hook for the clsact fallback).
 */
void tl_detach(struct tl_attach *a);

#endif
