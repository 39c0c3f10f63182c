// SPDX-License-Identifier: GPL-2.0-only
/* Attaches the tcplens programs to one interface with tcx, tc clsact or XDP, and detaches. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tcplens.h"
#include "capture/attach.h"
#include "log.h"
#include "capture/netns.h"

/* Debian 12's libbpf 1.1.2 headers predate tcx (Linux 6.6): the UAPI attach type numbers. */
#define TL_BPF_TCX_INGRESS 46
#define TL_BPF_TCX_EGRESS  47

/* The kernel answers ENOTSUPP (not in userspace errno.h) for some unsupported modes. */
#define TL_ENOTSUPP 524

/*
 * Our clsact filters use a fixed handle and priority ("tl" in ASCII) so a later run can find
 * the ones a killed run left behind; the program name prefix confirms they are ours.
 */
#define TL_TC_HANDLE	  0x746c
#define TL_TC_PRIO	  0x746c
#define TL_TC_PROG_PREFIX "tl_tc_"

enum tl_dir { TL_DIR_IN, TL_DIR_OUT, TL_DIR_MAX };

static const char *const tl_dir_name[TL_DIR_MAX] = { "ingress", "egress" };

struct tl_attach {
	char ifname[IF_NAMESIZE];
	int ifindex;
	int link_type;		 /* TL_LINK_ETH or TL_LINK_RAW */
	enum tl_hook hook;	 /* what is really attached: TCX, TC, XDP or XDP_GENERIC */
	int link_fd[TL_DIR_MAX]; /* tcx links; XDP uses link_fd[TL_DIR_IN]; -1 if none */
	bool tc_attached[TL_DIR_MAX];
	bool tc_qdisc_created; /* we created clsact, so we may destroy it */
	char desc[64];
	int netns_fd; /* namespace it lives in (ours: -1): detach goes back */
};

int tl_hook_parse(const char *s, enum tl_hook *hook)
{
	static const struct {
		const char *name;
		enum tl_hook hook;
	} names[] = {
		{ "auto", TL_HOOK_AUTO },
		{ "tcx", TL_HOOK_TCX },
		{ "tc", TL_HOOK_TC },
		{ "xdp", TL_HOOK_XDP },
		{ "xdp-generic", TL_HOOK_XDP_GENERIC },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i].name)) {
			*hook = names[i].hook;
			return 0;
		}
	}
	return -EINVAL; /* the caller names the option in its message */
}

const char *tl_attach_desc(const struct tl_attach *a)
{
	return a->desc;
}

int tl_attach_link_type(const struct tl_attach *a)
{
	return a->link_type;
}

int tl_attach_ifindex(const struct tl_attach *a)
{
	return a->ifindex;
}

/* Reads the flags and the ARPHRD_ type of an interface (the kernel reports the type as the
 * family of its hardware address). */
static int tl_iface_info(const char *ifname, short *flags, int *arphrd)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		err = -errno;
		goto cleanup;
	}
	*flags = ifr.ifr_flags;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		err = -errno;
		goto cleanup;
	}
	*arphrd = ifr.ifr_hwaddr.sa_family;
cleanup:
	close(fd);
	return err;
}

/* Which header the hooks see first: Ethernet, or the IP header directly (tun, wireguard,
 * IP tunnels, PPP). Anything else is refused rather than misparsed. */
static int tl_link_from_arphrd(int arphrd)
{
	switch (arphrd) {
	case ARPHRD_ETHER:
	case ARPHRD_LOOPBACK: /* lo carries a zeroed Ethernet header */
		return TL_LINK_ETH;
	case ARPHRD_NONE:
	case ARPHRD_RAWIP:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
	case ARPHRD_IPGRE:
	case ARPHRD_IP6GRE:
	case ARPHRD_PPP:
		return TL_LINK_RAW;
	default:
		return -EOPNOTSUPP;
	}
}

int tl_attach_link_of(const char *ifname)
{
	short flags = 0;
	int arphrd = -1, err;

	if (strlen(ifname) >= IF_NAMESIZE || !if_nametoindex(ifname))
		return -ENODEV;
	err = tl_iface_info(ifname, &flags, &arphrd);
	return err ? err : tl_link_from_arphrd(arphrd);
}

/* Name of a BPF program by id, for messages and for recognising our own stale filters. */
static int tl_prog_name(__u32 id, char *name, size_t len)
{
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info);
	int fd, err;

	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	err = bpf_obj_get_info_by_fd(fd, &info, &info_len);
	if (err)
		err = -errno;
	else
		snprintf(name, len, "%s", info.name);
	close(fd);
	return err;
}

/* One message for attach failures, so a missing privilege always reads the same way. */
static void tl_attach_failed(const char *ifname, const char *what, int err)
{
	if (err == -EPERM || err == -EACCES)
		tl_err("%s: not permitted to attach %s "
		       "(needs CAP_BPF and CAP_NET_ADMIN: run as root)",
		       ifname, what);
	else
		tl_err("%s: cannot attach %s: %s", ifname, what, strerror(-err));
}

static bool tl_no_such_feature(int err)
{
	return err == -EINVAL || err == -EOPNOTSUPP || err == -TL_ENOTSUPP;
}

/*
 * Removes a filter at our handle/priority on one direction if it runs one of our programs
 * (a run killed with SIGKILL cannot clean up netlink filters). A foreign filter at that spot
 * is left alone; when we need the spot (strict) that is an error: -EBUSY.
 */
static int tl_tc_remove_stale(struct tl_attach *a, struct bpf_tc_hook *hook, int d, bool strict)
{
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TL_TC_HANDLE, .priority = TL_TC_PRIO);
	char name[BPF_OBJ_NAME_LEN] = "";
	int err;

	hook->attach_point = d == TL_DIR_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
	if (bpf_tc_query(hook, &opts))
		return 0; /* nothing there (or no clsact at all) */
	err = tl_prog_name(opts.prog_id, name, sizeof(name));
	if (err) {
		if (!strict)
			return 0;
		tl_attach_failed(a->ifname, "tc (cannot inspect the filter in our slot)", err);
		return err;
	}
	if (strncmp(name, TL_TC_PROG_PREFIX, strlen(TL_TC_PROG_PREFIX))) {
		if (!strict)
			return 0;
		tl_err("%s: tc %s filter handle 0x%x prio %u runs program %u (%s), not ours; "
		       "tcplens will not replace it (use --hook tcx, or tc filter del it)",
		       a->ifname, tl_dir_name[d], TL_TC_HANDLE, TL_TC_PRIO, opts.prog_id, name);
		return -EBUSY;
	}
	/* bpf_tc_detach wants only handle and priority set. */
	opts.prog_fd = 0;
	opts.prog_id = 0;
	opts.flags = 0;
	err = bpf_tc_detach(hook, &opts);
	if (err && !strict)
		return 0;
	if (err) {
		tl_attach_failed(a->ifname, "tc (cannot remove a stale filter of an earlier run)",
				 err);
		return err;
	}
	tl_info("%s: removed a stale tc %s filter left by an earlier run (program %s)", a->ifname,
		tl_dir_name[d], name);
	return 0;
}

/* Stale clsact filters of a killed run would keep tracing into a ring nobody reads, next to
 * our tcx programs: remove them too. Anything else found there is none of our business. */
static void tl_tc_sweep_stale(struct tl_attach *a)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = a->ifindex);
	int d;

	for (d = 0; d < TL_DIR_MAX; d++)
		tl_tc_remove_stale(a, &hook, d, false);
}

static int tl_attach_tcx(struct tl_attach *a, struct bpf_program *const prog[TL_DIR_MAX],
			 bool quiet_unsupported)
{
	static const int type[TL_DIR_MAX] = { TL_BPF_TCX_INGRESS, TL_BPF_TCX_EGRESS };
	int d, fd, err;

	/*
	 * Test hook: every kernel tcplens is tested on has tcx, so the fallback could never run
	 * in CI. TL_TEST_NO_TCX=1 answers what a kernel without tcx answers to the unknown
	 * attach type (EINVAL) before asking the kernel; everything after that is the real path.
	 */
	if (getenv("TL_TEST_NO_TCX")) {
		err = -EINVAL;
		goto fail;
	}
	for (d = 0; d < TL_DIR_MAX; d++) {
		if (!prog[d]) /* -Q: that direction is not traced, nothing runs there */
			continue;
		/* The cast: our attach types are not in this libbpf's enum. */
		fd = bpf_link_create(bpf_program__fd(prog[d]), a->ifindex,
				     (enum bpf_attach_type)type[d], NULL);
		if (fd < 0) {
			err = -errno;
			goto fail;
		}
		a->link_fd[d] = fd;
	}
	a->hook = TL_HOOK_TCX;
	tl_tc_sweep_stale(a);
	return 0;
fail:
	for (d = 0; d < TL_DIR_MAX; d++) {
		if (a->link_fd[d] >= 0)
			close(a->link_fd[d]);
		a->link_fd[d] = -1;
	}
	if (!(quiet_unsupported && tl_no_such_feature(err))) {
		if (tl_no_such_feature(err))
			tl_err("%s: this kernel has no tcx (Linux >= 6.6): %s (use --hook tc)",
			       a->ifname, strerror(-err));
		else
			tl_attach_failed(a->ifname, "tcx", err);
	}
	return err;
}

/* Removes our clsact filters, then the qdisc if this run created it. */
static void tl_detach_tc(struct tl_attach *a)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = a->ifindex);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TL_TC_HANDLE, .priority = TL_TC_PRIO);
	int d, err;

	for (d = 0; d < TL_DIR_MAX; d++) {
		if (!a->tc_attached[d])
			continue;
		hook.attach_point = d == TL_DIR_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
		err = bpf_tc_detach(&hook, &opts);
		/* -ENOENT: the interface or the qdisc went away first; nothing left to remove. */
		if (err && err != -ENOENT && err != -ENODEV && err != -EINVAL)
			tl_err("%s: cannot remove tc %s filter: %s (tc filter del dev %s %s "
			       "handle 0x%x prio %u bpf)",
			       a->ifname, tl_dir_name[d], strerror(-err), a->ifname, tl_dir_name[d],
			       TL_TC_HANDLE, TL_TC_PRIO);
		a->tc_attached[d] = false;
	}
	if (a->tc_qdisc_created) {
		/* Both points at once: that is how libbpf deletes the clsact qdisc itself. */
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		err = bpf_tc_hook_destroy(&hook);
		if (err && err != -ENOENT && err != -ENODEV && err != -EINVAL)
			tl_err("%s: cannot remove the clsact qdisc we created: %s "
			       "(tc qdisc del dev %s clsact)",
			       a->ifname, strerror(-err), a->ifname);
		a->tc_qdisc_created = false;
	}
}

static int tl_attach_tc(struct tl_attach *a, struct bpf_program *const prog[TL_DIR_MAX])
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = a->ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	int d, err;

	err = bpf_tc_hook_create(&hook);
	if (!err) {
		a->tc_qdisc_created = true;
	} else if (err != -EEXIST) {
		/* An existing clsact is someone else's (or a killed run's): use, never own it. */
		tl_attach_failed(a->ifname, "tc (cannot create the clsact qdisc)", err);
		return err;
	}
	for (d = 0; d < TL_DIR_MAX; d++) {
		err = tl_tc_remove_stale(a, &hook, d, true);
		if (err)
			goto fail;
	}
	for (d = 0; d < TL_DIR_MAX; d++) {
		LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog[d] ? bpf_program__fd(prog[d]) : -1,
			    .handle = TL_TC_HANDLE, .priority = TL_TC_PRIO);

		if (!prog[d])
			continue;

		hook.attach_point = d == TL_DIR_IN ? BPF_TC_INGRESS : BPF_TC_EGRESS;
		err = bpf_tc_attach(&hook, &opts);
		if (err) {
			tl_attach_failed(a->ifname, d == TL_DIR_IN ? "tc ingress" : "tc egress",
					 err);
			goto fail;
		}
		a->tc_attached[d] = true;
	}
	a->hook = TL_HOOK_TC;
	return 0;
fail:
	tl_detach_tc(a);
	return err;
}

/* Refuses an interface that already runs someone else's XDP program: replacing it would
 * silently change how that interface forwards or drops traffic. */
static int tl_xdp_check_free(struct tl_attach *a)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	char name[BPF_OBJ_NAME_LEN] = "?";
	const char *mode, *off;
	__u32 id;
	int err;

	err = bpf_xdp_query(a->ifindex, 0, &q);
	if (err) {
		tl_attach_failed(a->ifname, "xdp (cannot query the current XDP program)", err);
		return err;
	}
	if (q.drv_prog_id) {
		id = q.drv_prog_id, mode = "native", off = "xdpdrv";
	} else if (q.skb_prog_id) {
		id = q.skb_prog_id, mode = "generic", off = "xdpgeneric";
	} else if (q.hw_prog_id) {
		id = q.hw_prog_id, mode = "offloaded", off = "xdpoffload";
	} else {
		return 0;
	}
	tl_prog_name(id, name, sizeof(name));
	tl_err("%s: %s XDP program %u (%s) is already attached; tcplens will not replace it "
	       "(use --hook tcx, or remove it: ip link set dev %s %s off)",
	       a->ifname, mode, id, name, a->ifname, off);
	return -EBUSY;
}

static int tl_attach_xdp(struct tl_attach *a, struct bpf_program *prog, bool generic)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	int fd, err;

	err = tl_xdp_check_free(a);
	if (err)
		return err;
	if (!generic) {
		opts.flags = XDP_FLAGS_DRV_MODE;
		fd = bpf_link_create(bpf_program__fd(prog), a->ifindex, BPF_XDP, &opts);
		if (fd >= 0) {
			a->link_fd[TL_DIR_IN] = fd;
			a->hook = TL_HOOK_XDP;
			return 0;
		}
		err = -errno;
		if (!tl_no_such_feature(err)) {
			tl_attach_failed(a->ifname, "xdp", err);
			return err;
		}
		tl_info("%s: driver has no native XDP (%s); using generic XDP, which is slower",
			a->ifname, strerror(-err));
	}
	opts.flags = XDP_FLAGS_SKB_MODE;
	fd = bpf_link_create(bpf_program__fd(prog), a->ifindex, BPF_XDP, &opts);
	if (fd < 0) {
		err = -errno;
		tl_attach_failed(a->ifname, "generic xdp", err);
		return err;
	}
	a->link_fd[TL_DIR_IN] = fd;
	a->hook = TL_HOOK_XDP_GENERIC;
	return 0;
}

/* Checks the interface exists, is up and has a link type we can parse. */
static int tl_iface_check(struct tl_attach *a, const char *ifname)
{
	short flags = 0;
	int arphrd = -1, link, err;

	if (strlen(ifname) >= sizeof(a->ifname) || !(a->ifindex = if_nametoindex(ifname))) {
		tl_err("%s: no such interface (see ip link)", ifname);
		return -ENODEV;
	}
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	err = tl_iface_info(ifname, &flags, &arphrd);
	if (err) {
		tl_err("%s: cannot read interface flags: %s", ifname, strerror(-err));
		return err;
	}
	if (!(flags & IFF_UP)) {
		tl_err("%s: interface is down (ip link set %s up)", ifname, ifname);
		return -ENETDOWN;
	}
	link = tl_link_from_arphrd(arphrd);
	if (link < 0) {
		tl_err("%s: link type %d is not supported (Ethernet and raw IP devices are)",
		       ifname, arphrd);
		return link;
	}
	a->link_type = link;
	return 0;
}

int tl_attach_check(const char *ifname, enum tl_hook hook, int *link_type)
{
	struct tl_attach a = {};
	int err = tl_iface_check(&a, ifname);

	if (err)
		return err;
	if ((hook == TL_HOOK_XDP || hook == TL_HOOK_XDP_GENERIC) && a.link_type != TL_LINK_ETH) {
		tl_err("%s: XDP needs a link header and this device has none "
		       "(use --hook tcx or tc)",
		       ifname);
		return -EOPNOTSUPP;
	}
	*link_type = a.link_type;
	return 0;
}

static void tl_set_desc(struct tl_attach *a, const struct tl_progs *p)
{
	const char *raw = a->link_type == TL_LINK_RAW ? " (raw IP)" : "";
	const char *dirs = !p->tc_out ? "ingress" : !p->tc_in ? "egress" : "ingress+egress";

	switch (a->hook) {
	case TL_HOOK_TCX:
		snprintf(a->desc, sizeof(a->desc), "tcx %s%s", dirs, raw);
		break;
	case TL_HOOK_TC:
		snprintf(a->desc, sizeof(a->desc), "tc clsact %s%s", dirs, raw);
		break;
	case TL_HOOK_XDP:
		snprintf(a->desc, sizeof(a->desc), "xdp native ingress");
		break;
	default:
		snprintf(a->desc, sizeof(a->desc), "xdp generic ingress");
		break;
	}
}

int tl_attach_iface(const struct tl_progs *p, const char *ifname, enum tl_hook hook,
		    struct tl_attach **out)
{
	struct bpf_program *tc[TL_DIR_MAX];
	struct tl_attach *a;
	bool xdp = hook == TL_HOOK_XDP || hook == TL_HOOK_XDP_GENERIC;
	int err;

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->link_fd[TL_DIR_IN] = a->link_fd[TL_DIR_OUT] = -1;
	a->netns_fd = -1;

	err = tl_iface_check(a, ifname);
	if (err)
		goto cleanup;

	if (xdp) {
		if (a->link_type != TL_LINK_ETH) {
			tl_err("%s: XDP needs a link header and this device has none "
			       "(use --hook tcx or tc)",
			       ifname);
			err = -EOPNOTSUPP;
			goto cleanup;
		}
		if (!p->xdp) {
			tl_err("%s: the XDP program is missing from the BPF object (rebuild)",
			       ifname);
			err = -ENOENT;
			goto cleanup;
		}
		err = tl_attach_xdp(a, p->xdp, hook == TL_HOOK_XDP_GENERIC);
		goto done;
	}

	tc[TL_DIR_IN] = a->link_type == TL_LINK_RAW ? p->tc_raw_in : p->tc_in;
	tc[TL_DIR_OUT] = a->link_type == TL_LINK_RAW ? p->tc_raw_out : p->tc_out;
	if (!tc[TL_DIR_IN] && !tc[TL_DIR_OUT]) {
		tl_err("%s: the tc programs are missing from the BPF object (rebuild)", ifname);
		err = -ENOENT;
		goto cleanup;
	}

	if (hook == TL_HOOK_AUTO || hook == TL_HOOK_TCX) {
		err = tl_attach_tcx(a, tc, hook == TL_HOOK_AUTO);
		if (!err || hook == TL_HOOK_TCX || !tl_no_such_feature(err))
			goto done;
		tl_info("%s: this kernel has no tcx (%s); falling back to tc clsact", ifname,
			strerror(-err));
	}
	err = tl_attach_tc(a, tc);
done:
	if (err)
		goto cleanup;
	tl_set_desc(a, p);
	tl_debug("%s: ifindex %d, %s", a->ifname, a->ifindex, a->desc);
	*out = a;
	return 0;
cleanup:
	free(a);
	return err;
}

struct tl_attach_job {
	const struct tl_progs *p;
	const char *ifname;
	enum tl_hook hook;
	struct tl_attach **out;
	int *link_type;
	struct tl_attach *a;
};

static int tl_attach_job_run(void *arg)
{
	struct tl_attach_job *j = arg;

	return tl_attach_iface(j->p, j->ifname, j->hook, j->out);
}

static int tl_check_job_run(void *arg)
{
	struct tl_attach_job *j = arg;

	return tl_attach_check(j->ifname, j->hook, j->link_type);
}

static int tl_detach_job_run(void *arg)
{
	tl_detach_tc(((struct tl_attach_job *)arg)->a);
	return 0;
}

int tl_attach_iface_ns(const struct tl_progs *p, int netns_fd, const char *ifname,
		       enum tl_hook hook, struct tl_attach **out)
{
	struct tl_attach_job j = { .p = p, .ifname = ifname, .hook = hook, .out = out };
	int err;

	*out = NULL;
	if (netns_fd < 0)
		return tl_attach_iface(p, ifname, hook, out);
	err = tl_netns_run(netns_fd, tl_attach_job_run, &j);
	if (err)
		return err;
	/* Our own copy: the caller may close its fd before we detach. */
	(*out)->netns_fd = fcntl(netns_fd, F_DUPFD_CLOEXEC, 0);
	if ((*out)->netns_fd < 0) {
		err = -errno;
		tl_err("%s: cannot keep the namespace for detaching: %s", ifname, strerror(-err));
		(*out)->netns_fd = -1;
		/* Still in the namespace's terms: detach there before giving up. */
		j.a = *out;
		tl_netns_run(netns_fd, tl_detach_job_run, &j);
		tl_detach(*out);
		*out = NULL;
	}
	return err;
}

int tl_attach_check_ns(int netns_fd, const char *ifname, enum tl_hook hook, int *link_type)
{
	struct tl_attach_job j = { .ifname = ifname, .hook = hook, .link_type = link_type };

	return tl_netns_run(netns_fd, tl_check_job_run, &j);
}

void tl_detach(struct tl_attach *a)
{
	struct tl_attach_job j = { .a = a };
	int d;

	if (!a)
		return;
	/* Closing the last fd of a link detaches it, from any namespace: nothing of ours stays
	 * on the device. */
	for (d = 0; d < TL_DIR_MAX; d++)
		if (a->link_fd[d] >= 0)
			close(a->link_fd[d]);
	/* Netlink names the device by ifindex, which only means something in its namespace. */
	if (a->hook == TL_HOOK_TC)
		tl_netns_run(a->netns_fd, tl_detach_job_run, &j);
	if (a->netns_fd >= 0)
		close(a->netns_fd);
	free(a);
}
