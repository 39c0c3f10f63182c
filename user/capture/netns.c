// SPDX-License-Identifier: GPL-2.0-only
/* Enters other network namespaces on a helper thread, lists and follows their interfaces over
 * rtnetlink, finds host-side veth peers, and drops privileges after attaching. */
#define _GNU_SOURCE /* setns */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/nsfs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "capture/netns.h"

#define TL_NL_BUF 32768

static void tl_label(char *label, size_t len, const char *spec)
{
	const char *base = strrchr(spec, '/');

	if (!label || !len)
		return;
	/* /proc/PID/ns/net says nothing in its basename: keep the whole path then. */
	if (base && base[1] && strcmp(base + 1, "net"))
		spec = base + 1;
	snprintf(label, len, "%s", spec);
}

int tl_netns_open(const char *spec, char *label, size_t label_len)
{
	char path[4096];
	int fd, err;

	if (!*spec || strlen(spec) >= sizeof(path) - 16) {
		tl_err("%s: invalid network namespace name", spec);
		return -EINVAL;
	}
	if (strchr(spec, '/'))
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", spec);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			tl_err("%s: no such network namespace (see ip netns list, or give a path "
			       "such as /proc/PID/ns/net)",
			       spec);
		else
			tl_err("%s: cannot open the network namespace: %s", path, strerror(-err));
		return err;
	}
	/* Any other file (or another kind of namespace) would only fail later, more vaguely. */
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		tl_err("%s: not a network namespace (see ip netns list)", spec);
		close(fd);
		return -EINVAL;
	}
	tl_label(label, label_len, spec);
	return fd;
}

int tl_netns_open_pid(const char *pid, char *label, size_t label_len)
{
	char path[64], *end;
	long v;
	int fd, err;

	errno = 0;
	v = strtol(pid, &end, 10);
	if (errno || end == pid || *end || v <= 0 || v > 0x3fffffff) {
		tl_err("%s: invalid process id (a positive whole number)", pid);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/proc/%ld/ns/net", v);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT || err == -ESRCH)
			tl_err("%ld: no such process (see ps; a container's PID as the host sees "
			       "it, e.g. docker inspect -f '{{.State.Pid}}')",
			       v);
		else
			tl_err("%s: cannot open the network namespace: %s", path, strerror(-err));
		return err;
	}
	if (label && label_len)
		snprintf(label, label_len, "pid%ld", v);
	return fd;
}

struct tl_ns_job {
	int fd;
	int (*fn)(void *arg);
	void *arg;
	int ret;
};

static void *tl_ns_thread(void *p)
{
	struct tl_ns_job *j = p;

	/* Only this thread moves: the ring readers and the rest of the process stay home. */
	if (setns(j->fd, CLONE_NEWNET)) {
		j->ret = -errno;
		if (j->ret == -EINVAL)
			tl_err("not a network namespace (setns: %s)", strerror(EINVAL));
		else if (j->ret == -EPERM)
			tl_err("not permitted to enter the network namespace (needs CAP_SYS_ADMIN: "
			       "run as root)");
		else
			tl_err("cannot enter the network namespace: %s", strerror(-j->ret));
		return NULL;
	}
	j->ret = j->fn(j->arg);
	return NULL;
}

int tl_netns_run(int netns_fd, int (*fn)(void *arg), void *arg)
{
	struct tl_ns_job j = { .fd = netns_fd, .fn = fn, .arg = arg };
	pthread_t t;
	int err;

	if (netns_fd < 0)
		return fn(arg);
	err = pthread_create(&t, NULL, tl_ns_thread, &j);
	if (err) {
		tl_err("cannot start a thread to enter the namespace: %s", strerror(err));
		return -err;
	}
	pthread_join(t, NULL);
	return j.ret;
}

/* Parses one RTM_NEWLINK/RTM_DELLINK message. */
static void tl_parse_link(const struct nlmsghdr *nh, struct tl_link_info *l)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	const struct rtattr *rta = IFLA_RTA(ifi);
	int len = (int)IFLA_PAYLOAD(nh);

	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->link_nsid = -1;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		switch (rta->rta_type) {
		case IFLA_IFNAME:
			snprintf(l->name, sizeof(l->name), "%.*s", (int)RTA_PAYLOAD(rta),
				 (const char *)RTA_DATA(rta));
			break;
		case IFLA_LINK:
			if (RTA_PAYLOAD(rta) >= 4)
				l->iflink = *(const int *)RTA_DATA(rta);
			break;
		case IFLA_LINK_NETNSID:
			if (RTA_PAYLOAD(rta) >= 4)
				l->link_nsid = *(const int *)RTA_DATA(rta);
			break;
		case IFLA_LINKINFO: {
			const struct rtattr *in = RTA_DATA(rta);
			int ilen = (int)RTA_PAYLOAD(rta);

			for (; RTA_OK(in, ilen); in = RTA_NEXT(in, ilen))
				if (in->rta_type == IFLA_INFO_KIND &&
				    !strncmp(RTA_DATA(in), "veth", RTA_PAYLOAD(in)))
					l->veth = true;
			break;
		}
		}
	}
}

static int tl_nl_socket(unsigned int groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Sends one request and collects the answers; cb sees each message of a dump. */
static int tl_nl_talk(int fd, struct nlmsghdr *req, int (*cb)(void *ctx, const struct nlmsghdr *nh),
		      void *ctx)
{
	char *buf;
	int err = 0;
	bool done = false;

	req->nlmsg_seq = 1;
	if (send(fd, req, req->nlmsg_len, 0) < 0)
		return -errno;
	buf = malloc(TL_NL_BUF);
	if (!buf)
		return -ENOMEM;
	while (!done && !err) {
		ssize_t n = recv(fd, buf, TL_NL_BUF, 0);
		struct nlmsghdr *nh;
		int len;

		if (n < 0) {
			err = -errno;
			break;
		}
		len = (int)n;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				err = e->error;
				done = true;
				break;
			}
			err = cb(ctx, nh);
			if (err)
				break;
			if (!(nh->nlmsg_flags & NLM_F_MULTI))
				done = true;
		}
	}
	free(buf);
	return err;
}

struct tl_link_list {
	struct tl_link_info *v;
	int n, cap;
};

static int tl_collect_link(void *ctx, const struct nlmsghdr *nh)
{
	struct tl_link_list *ll = ctx;

	if (nh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (ll->n == ll->cap) {
		int cap = ll->cap ? ll->cap * 2 : 16;
		struct tl_link_info *v = realloc(ll->v, sizeof(*v) * (size_t)cap);

		if (!v)
			return -ENOMEM;
		ll->v = v;
		ll->cap = cap;
	}
	tl_parse_link(nh, &ll->v[ll->n++]);
	return 0;
}

static int tl_links_here(void *arg)
{
	struct tl_link_list *ll = arg;
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh = { .nlmsg_len = sizeof(req),
			.nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	int fd = tl_nl_socket(0), err;

	if (fd < 0)
		return fd;
	err = tl_nl_talk(fd, &req.nh, tl_collect_link, ll);
	close(fd);
	return err;
}

int tl_netns_links(int netns_fd, struct tl_link_info **out, int *n)
{
	struct tl_link_list ll = {};
	int err = tl_netns_run(netns_fd, tl_links_here, &ll);

	if (err) {
		free(ll.v);
		tl_err("cannot list the interfaces: %s", strerror(-err));
		return err;
	}
	*out = ll.v;
	*n = ll.n;
	return 0;
}

struct tl_nsid_req {
	int home_fd; /* our namespace, as an fd the helper thread can name */
	int nsid;    /* its id as the other namespace knows it; -1: none assigned */
};

static int tl_nsid_cb(void *ctx, const struct nlmsghdr *nh)
{
	struct tl_nsid_req *q = ctx;
	const struct rtgenmsg *g = NLMSG_DATA(nh);
	const struct rtattr *rta = (const void *)((const char *)g + NLMSG_ALIGN(sizeof(*g)));
	int len = (int)nh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*g)));

	if (nh->nlmsg_type != RTM_NEWNSID)
		return 0;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == NETNSA_NSID && RTA_PAYLOAD(rta) >= 4)
			q->nsid = *(const int *)RTA_DATA(rta);
	return 0;
}

/* Runs in the other namespace: which nsid does it give to ours? */
static int tl_nsid_here(void *arg)
{
	struct tl_nsid_req *q = arg;
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct rtattr rta;
		int fd;
	} req = {
		.nh = { .nlmsg_len = sizeof(req),
			.nlmsg_type = RTM_GETNSID,
			.nlmsg_flags = NLM_F_REQUEST },
		.g = { .rtgen_family = AF_UNSPEC },
		.rta = { .rta_len = RTA_LENGTH(sizeof(int)), .rta_type = NETNSA_FD },
		.fd = q->home_fd,
	};
	int fd = tl_nl_socket(0), err;

	if (fd < 0)
		return fd;
	q->nsid = -1;
	err = tl_nl_talk(fd, &req.nh, tl_nsid_cb, q);
	close(fd);
	return err;
}

int tl_netns_host_peers(int netns_fd, const char *label, struct tl_link_info **out,
			int **peer_ifindex, int *n)
{
	struct tl_nsid_req q = { .nsid = -1 };
	struct tl_link_info *links = NULL;
	int *peers = NULL, nlinks = 0, k = 0, err;

	/* The helper thread's /proc/self is the whole process: open ours before it moves. */
	q.home_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (q.home_fd < 0) {
		err = -errno;
		tl_err("cannot open our own network namespace: %s", strerror(-err));
		return err;
	}
	err = tl_netns_run(netns_fd, tl_nsid_here, &q);
	close(q.home_fd);
	if (err) {
		tl_err("%s: cannot ask for the id of our namespace: %s", label, strerror(-err));
		return err;
	}
	err = tl_netns_links(netns_fd, &links, &nlinks);
	if (err)
		return err;
	peers = calloc((size_t)nlinks + 1, sizeof(*peers));
	if (!peers) {
		free(links);
		return -ENOMEM;
	}
	for (int i = 0; i < nlinks; i++) {
		/* Peer here: the container names our namespace q.nsid (an unassigned id means
		 * no link points here at all). */
		if (!links[i].veth || links[i].link_nsid < 0 || q.nsid < 0 ||
		    links[i].link_nsid != q.nsid || links[i].iflink <= 0)
			continue;
		peers[k] = links[i].iflink;
		links[k++] = links[i];
	}
	if (!k) {
		tl_err("%s: no veth interface with its peer in this namespace (--host-side "
		       "needs a container connected by a veth pair; trace inside it instead)",
		       label);
		free(links);
		free(peers);
		return -ENOENT;
	}
	*out = links;
	*peer_ifindex = peers;
	*n = k;
	return 0;
}

struct tl_netns_watch {
	int fd;
	char *buf;
};

static int tl_watch_here(void *arg)
{
	int fd = tl_nl_socket(RTMGRP_LINK);

	if (fd < 0)
		return fd;
	*(int *)arg = fd;
	return 0;
}

int tl_netns_watch_open(int netns_fd, struct tl_netns_watch **out)
{
	struct tl_netns_watch *w = calloc(1, sizeof(*w));
	int fd = -1, err;

	if (!w)
		return -ENOMEM;
	w->buf = malloc(TL_NL_BUF);
	/* A netlink socket stays in the namespace it was created in, wherever it is read. */
	err = w->buf ? tl_netns_run(netns_fd, tl_watch_here, &fd) : -ENOMEM;
	if (err) {
		tl_err("cannot follow new interfaces (rtnetlink): %s", strerror(-err));
		free(w->buf);
		free(w);
		return err;
	}
	w->fd = fd;
	*out = w;
	return 0;
}

int tl_netns_watch_read(struct tl_netns_watch *w,
			void (*cb)(void *ctx, const struct tl_link_info *l, bool gone), void *ctx)
{
	for (;;) {
		ssize_t n = recv(w->fd, w->buf, TL_NL_BUF, MSG_DONTWAIT);
		struct nlmsghdr *nh;
		int len;

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			/* ENOBUFS: events were lost; the caller rescans. */
			return -errno;
		}
		len = (int)n;
		for (nh = (struct nlmsghdr *)w->buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			struct tl_link_info l;

			if (nh->nlmsg_type != RTM_NEWLINK && nh->nlmsg_type != RTM_DELLINK)
				continue;
			tl_parse_link(nh, &l);
			cb(ctx, &l, nh->nlmsg_type == RTM_DELLINK);
		}
	}
}

void tl_netns_watch_close(struct tl_netns_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	free(w->buf);
	free(w);
}

void tl_netns_name(char *buf, size_t len)
{
	tl_netns_name_of(-1, buf, len);
}

void tl_netns_name_of(int netns_fd, char *buf, size_t len)
{
	struct stat self, st;
	struct dirent *de;
	char link[64], p[PATH_MAX], ns[64] = "/proc/self/ns/net";
	ssize_t n;
	DIR *d;

	/* An open namespace file reads like the process's own link: "net:[INODE]". */
	if (netns_fd >= 0)
		snprintf(ns, sizeof(ns), "/proc/self/fd/%d", netns_fd);
	n = readlink(ns, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	snprintf(buf, len, "%s", n > 0 ? link : "unknown");
	if (stat(ns, &self))
		return;
	/* `ip netns add` bind-mounts named namespaces here: prefer the name people know. */
	d = opendir("/run/netns");
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/run/netns/%s", de->d_name);
		if (!stat(p, &st) && st.st_ino == self.st_ino && st.st_dev == self.st_dev) {
			snprintf(buf, len, "%s", de->d_name);
			break;
		}
	}
	closedir(d);
}
