// SPDX-License-Identifier: GPL-2.0-only
/* The interfaces a session traces: checked, attached, followed as they come and go (-i any),
 * and what detaching them needs once privileges are dropped (-Z). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>

#include "capture/privs.h"
#include "log.h"
#include "session_int.h"

/* The namespace a scope attaches in: --host-side attaches here, to the host ends. */
static int scope_attach_fd(const struct tl_session *run, int s)
{
	return run->o->scopes[s].host_side ? -1 : run->scopes[s].netns_fd;
}

/* Attaches one interface of scope s; shown is its name as lines show it (for --host-side the
 * container's name, while ifname is the host end). */
static int attach_one(struct tl_session *run, int s, const char *ifname, const char *shown)
{
	const struct tl_scope_opt *so = &run->o->scopes[s];
	struct tl_scope *sc = &run->scopes[s];
	struct tcplens_bpf *skel = sc->skel;
	struct tl_progs progs = {
		.xdp = skel->progs.tl_xdp,
		.tc_in = skel->progs.tl_tc_ingress,
		.tc_out = skel->progs.tl_tc_egress,
		.tc_raw_in = skel->progs.tl_tc_raw_ingress,
		.tc_raw_out = skel->progs.tl_tc_raw_egress,
	};
	/* -Q counts as seen inside: the host end of a veth sees the other way round. */
	enum tl_direction dir = run->o->direction;

	if (so->host_side && dir != TL_DIRECTION_INOUT)
		dir = dir == TL_DIRECTION_IN ? TL_DIRECTION_OUT : TL_DIRECTION_IN;
	if (dir == TL_DIRECTION_IN)
		progs.tc_out = progs.tc_raw_out = NULL;
	else if (dir == TL_DIRECTION_OUT)
		progs.tc_in = progs.tc_raw_in = progs.xdp = NULL;
	struct tl_iface *ifc = NULL;
	int err;

	for (int i = 0; i < run->n_ifs; i++) /* a deleted one's slot keeps its late lines' name */
		if (!run->ifs[i].att && run->ifs[i].scope == s && !strcmp(run->ifs[i].name, shown))
			ifc = &run->ifs[i];
	if (!ifc && run->n_ifs == TL_MAX_IFACES) {
		tl_err("%s: too many interfaces (at most %d)", ifname, TL_MAX_IFACES);
		return -E2BIG;
	}
	if (!ifc)
		ifc = &run->ifs[run->n_ifs];
	err = tl_attach_iface_ns(&progs, scope_attach_fd(run, s), ifname, run->o->hook, &ifc->att);
	if (err)
		return err; /* it said why */
	ifc->ifindex = tl_attach_ifindex(ifc->att);
	ifc->scope = s;
	if (sc->netns_fd < 0)
		snprintf(ifc->name, sizeof(ifc->name), "%s", shown);
	else
		snprintf(ifc->name, sizeof(ifc->name), "%s@%s", shown, sc->label);
	if (ifc == &run->ifs[run->n_ifs])
		run->n_ifs++;
	if (so->host_side)
		tl_info("%s: %s on its host end %s (directions as seen inside)", ifc->name,
			tl_attach_desc(ifc->att), ifname);
	else
		tl_info("%s: %s", ifc->name, tl_attach_desc(ifc->att));
	return 0;
}

static struct tl_iface *find_iface(struct tl_session *run, int s, int ifindex)
{
	for (int i = 0; i < run->n_ifs; i++)
		if (run->ifs[i].att && run->ifs[i].scope == s && run->ifs[i].ifindex == ifindex)
			return &run->ifs[i];
	return NULL;
}

/* -i any: every interface that is up now. Devices we cannot parse are skipped, not fatal. */
static int attach_any(struct tl_session *run, int s, bool later)
{
	struct tl_link_info *l = NULL;
	int n = 0, err;

	err = tl_netns_links(scope_attach_fd(run, s), &l, &n);
	if (err)
		return err;
	for (int i = 0; i < n && !err; i++) {
		if (!(l[i].flags & IFF_UP) || find_iface(run, s, l[i].ifindex))
			continue;
		err = attach_one(run, s, l[i].name, l[i].name);
		if (err == -EOPNOTSUPP || later)
			err = 0;
	}
	free(l);
	return err;
}

/* --host-side: the host end of each (or each named) veth of the container. */
static int attach_host_side(struct tl_session *run, int s)
{
	const struct tl_opts *o = run->o;
	struct tl_scope *sc = &run->scopes[s];
	struct tl_link_info *l = NULL;
	int *peer = NULL, n = 0, err;
	char host[IF_NAMESIZE];

	err = tl_netns_host_peers(sc->netns_fd, sc->label, &l, &peer, &n);
	if (err)
		return err;
	for (int k = 0; k < o->n_ifaces && !err; k++) {
		bool found = false;

		if (o->if_scope[k] != s)
			continue;
		for (int i = 0; i < n; i++)
			found |= !strcmp(l[i].name, o->ifaces[k]);
		if (!found) {
			tl_err("%s@%s: no such veth with its peer in this namespace (see ip -n %s "
			       "link)",
			       o->ifaces[k], sc->label, sc->label);
			err = -ENODEV;
		}
	}
	for (int i = 0; i < n && !err; i++) {
		bool named = o->scopes[s].any;

		for (int k = 0; k < o->n_ifaces; k++)
			named |= o->if_scope[k] == s && !strcmp(l[i].name, o->ifaces[k]);
		if (!named)
			continue;
		if (!if_indextoname((unsigned int)peer[i], host)) {
			tl_err("%s@%s: its peer %d is gone", l[i].name, sc->label, peer[i]);
			err = -ENODEV;
			break;
		}
		err = attach_one(run, s, host, l[i].name);
	}
	free(l);
	free(peer);
	return err;
}

struct tl_follow {
	struct tl_session *run;
	int s;
};

/* RTM_NEWLINK / RTM_DELLINK for -i any: attach what came up, forget what went away. */
static void on_link(void *ctx, const struct tl_link_info *l, bool gone)
{
	struct tl_follow *f = ctx;
	struct tl_iface *ifc = find_iface(f->run, f->s, l->ifindex);

	if (gone && ifc) {
		/* Its links died with it; tc filters went with the device. */
		tl_info("%s: interface removed; no longer traced", ifc->name);
		tl_detach(ifc->att);
		ifc->att = NULL;
	} else if (!gone && !ifc && (l->flags & IFF_UP)) {
		attach_one(f->run, f->s, l->name, l->name);
	}
}

int tl_ifaces_attach_all(struct tl_session *run, char *names, size_t len)
{
	const struct tl_opts *o = run->o;
	size_t used = 0;
	int err = 0;

	names[0] = '\0';
	for (int s = 0; s < o->n_scopes && !err; s++) {
		const struct tl_scope_opt *so = &o->scopes[s];
		struct tl_scope *sc = &run->scopes[s];
		int first = run->n_ifs;

		if (!sc->used)
			continue;
		if (so->host_side) {
			err = attach_host_side(run, s);
		} else {
			/* Follow before listing: a device that appears in between is not missed. */
			if (so->any)
				err = tl_netns_watch_open(sc->netns_fd, &sc->watch);
			if (!err && so->any)
				err = attach_any(run, s, false);
			for (int k = 0; k < o->n_ifaces && !err; k++)
				if (o->if_scope[k] == s && !so->any)
					err = attach_one(run, s, o->ifaces[k], o->ifaces[k]);
		}
		if (so->any && !so->host_side)
			used += (size_t)snprintf(names + used, len - used, "%sany%s%s",
						 used ? ", " : "", sc->netns_fd < 0 ? "" : "@",
						 sc->label);
		else
			for (int i = first; i < run->n_ifs && used < len; i++)
				used += (size_t)snprintf(names + used, len - used, "%s%s",
							 used ? ", " : "", run->ifs[i].name);
		if (used >= len)
			used = len - 1;
	}
	return err;
}

void tl_ifaces_follow(struct tl_session *run, int s)
{
	struct tl_follow f = { .run = run, .s = s };
	int err = tl_netns_watch_read(run->scopes[s].watch, on_link, &f);

	if (err == -ENOBUFS)
		err = attach_any(run, s, true); /* events were lost: rescan */
	if (err)
		tl_err("following interfaces: %s", strerror(-err));
}

/* Capabilities kept: detaching tc filters needs CAP_NET_ADMIN, setns CAP_SYS_ADMIN. */
int tl_ifaces_drop_privileges(const struct tl_session *run)
{
	uint64_t keep = 0;

	for (int s = 0; s < run->o->n_scopes; s++) {
		if (!run->scopes[s].watch)
			continue;
		keep |= TL_CAP(CAP_BPF) | TL_CAP(CAP_PERFMON) | TL_CAP(CAP_NET_ADMIN);
		if (scope_attach_fd(run, s) >= 0)
			keep |= TL_CAP(CAP_SYS_ADMIN); /* setns, to attach over there */
	}
	for (int i = 0; i < run->n_ifs; i++) {
		if (!run->ifs[i].att || strncmp(tl_attach_desc(run->ifs[i].att), "tc ", 3))
			continue;
		keep |= TL_CAP(CAP_NET_ADMIN); /* netlink filters need it to go */
		if (scope_attach_fd(run, run->ifs[i].scope) >= 0)
			keep |= TL_CAP(CAP_SYS_ADMIN); /* and setns to get there */
	}
	if (tl_drop_privileges(run->o->drop_user, keep))
		return -EPERM;
	tl_info("running as %s%s", run->o->drop_user,
		keep ? ", keeping only the capabilities detaching needs" : "");
	return 0;
}
