/* SPDX-License-Identifier: GPL-2.0-only */
/* Where tcplens works: its own and other network namespaces, and their interfaces. */
#ifndef TL_NETNS_H
#define TL_NETNS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

/* One interface as RTM_NEWLINK describes it. */
struct tl_link_info {
	int ifindex;
	char name[IF_NAMESIZE];
	unsigned int flags; /* IFF_* */
	int iflink;	    /* IFLA_LINK: a veth's peer ifindex (in link_nsid's namespace) */
	int link_nsid;	    /* IFLA_LINK_NETNSID; -1 when absent (peer in the same namespace) */
	bool veth;
};

/*
 * A namespace by name (/run/netns/NAME, as ip netns names it) or by path (anything with a '/',
 * e.g. /proc/PID/ns/net). Returns an O_CLOEXEC fd or a negative errno after one message; label
 * gets a short name for lines and messages.
 */
int tl_netns_open(const char *spec, char *label, size_t label_len);
/* The network namespace of process pid (a decimal string, as given on the command line). */
int tl_netns_open_pid(const char *pid, char *label, size_t label_len);

/*
 * Runs fn(arg) on a helper thread that has entered netns_fd, and returns what fn returned:
 * sockets, netlink requests and BPF links made there belong to that namespace while the
 * calling thread stays where it is. netns_fd < 0 runs fn right here.
 */
int tl_netns_run(int netns_fd, int (*fn)(void *arg), void *arg);

/* Every interface of the namespace (RTM_GETLINK dump). *out is malloc'ed. */
int tl_netns_links(int netns_fd, struct tl_link_info **out, int *n);

/*
 * --host-side: the veth interfaces of netns_fd whose peer lives in the caller's namespace.
 * out[i] describes the container side (its name, its ifindex); peer_ifindex[i] is the peer's
 * ifindex here. Both arrays are malloc'ed. No veth with a peer here: -ENOENT after a message.
 */
int tl_netns_host_peers(int netns_fd, const char *label, struct tl_link_info **out,
			int **peer_ifindex, int *n);

/* -i any: RTM_NEWLINK / RTM_DELLINK of one namespace, read without blocking. */
struct tl_netns_watch;

int tl_netns_watch_open(int netns_fd, struct tl_netns_watch **out);
/* Hands each pending change to cb (gone: the interface was deleted); returns 0 or -errno. */
int tl_netns_watch_read(struct tl_netns_watch *w,
			void (*cb)(void *ctx, const struct tl_link_info *l, bool gone), void *ctx);
void tl_netns_watch_close(struct tl_netns_watch *w);

/* Name of the network namespace tcplens runs in ("ns1" from /run/netns, else "net:[INODE]"). */
void tl_netns_name(char *buf, size_t len);
/* The same for the namespace netns_fd (tl_netns_open; -1: ours). */
void tl_netns_name_of(int netns_fd, char *buf, size_t len);

#endif
