// SPDX-License-Identifier: GPL-2.0-only
/* Process attribution's kernel side: load, share the map, find the sockets open at start. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tcplens.h" /* before the skeletons: their rodata uses our types */
#include "tcplens.skel.h"
#include "proc.skel.h"
#include "capture/proc.h"
#include "log.h"

struct tl_proc {
	struct proc_bpf *skel;
	struct bpf_link *cg_links[3]; /* sockops, post_bind4, post_bind6 on the cgroup root */
	unsigned int at_start;
};

/* The cgroup programs see every process below the root of the v2 hierarchy: all of them. */
static int tl_proc_attach_cgroup(struct tl_proc *p, const char *root)
{
	struct bpf_program *progs[] = { p->skel->progs.tl_proc_sockops,
					p->skel->progs.tl_proc_bind4,
					p->skel->progs.tl_proc_bind6 };
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]) && !err; i++) {
		p->cg_links[i] = bpf_program__attach_cgroup(progs[i], fd);
		if (!p->cg_links[i])
			err = -errno;
	}
	close(fd);
	return err;
}

/* Run the task_file iterator to its end: it fills the map as it goes, prints nothing. */
static int tl_proc_walk(struct tl_proc *p)
{
	struct bpf_link *link = bpf_program__attach_iter(p->skel->progs.tl_proc_iter, NULL);
	char buf[64];
	int fd, err = 0;
	ssize_t n;

	if (!link)
		return -errno;
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		err = -errno;
		bpf_link__destroy(link);
		return err;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	if (n < 0)
		err = -errno;
	close(fd);
	bpf_link__destroy(link);
	return err;
}

static unsigned int tl_proc_count(int fd)
{
	unsigned char key[64], next[64];
	unsigned int n = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, sizeof(key));
		prev = key;
		n++;
	}
	return n;
}

int tl_proc_open(const struct tl_proc_sel *sel, struct tl_proc **out)
{
	struct tl_proc *p = calloc(1, sizeof(*p));
	int err;

	*out = p;
	if (!p) {
		tl_err("out of memory");
		return -ENOMEM;
	}
	p->skel = proc_bpf__open();
	if (!p->skel) {
		err = -errno;
		tl_err("--proc: cannot open the process programs: %s", strerror(-err));
		return err;
	}
	p->skel->rodata->cfg_cg_select = sel->cgroup_id != 0;
	p->skel->rodata->cfg_cg_level = sel->cgroup_level;
	err = proc_bpf__load(p->skel);
	if (err) {
		tl_err("--proc: cannot load the process programs (%s): they need the kernel's BTF "
		       "(/sys/kernel/btf/vmlinux) and Linux 6.4 or later; run without --proc and "
		       "the process selectors",
		       strerror(-err));
		return err;
	}
	/* The iterator runs once below, on its own link; the cgroup programs need the root. */
	bpf_program__set_autoattach(p->skel->progs.tl_proc_iter, false);
	err = proc_bpf__attach(p->skel);
	if (!err)
		err = sel->cgroup_root ? tl_proc_attach_cgroup(p, sel->cgroup_root) : -ENOENT;
	if (err) {
		tl_err("--proc: cannot attach the process programs (%s): they need the cgroup v2 "
		       "hierarchy mounted and visible (under `ip netns exec` it is not: use --netns "
		       "NAME -i IFACE); else run without --proc and the process selectors",
		       strerror(-err));
		return err;
	}
	/* After attaching: a socket opened during the walk is caught by one or the other. */
	err = tl_proc_walk(p);
	if (err) {
		tl_err("--proc: cannot walk the open sockets (%s): run without --proc and the "
		       "process selectors",
		       strerror(-err));
		return err;
	}
	p->at_start = tl_proc_count(bpf_map__fd(p->skel->maps.proc_socks));
	tl_debug("--proc: %u TCP sockets open at start", p->at_start);
	return 0;
}

int tl_proc_share(const struct tl_proc *p, const struct tl_proc_sel *sel, struct tcplens_bpf *skel)
{
	if (!p)
		return bpf_map__set_max_entries(skel->maps.proc_socks, 1);
	skel->rodata->cfg_proc = 1;
	skel->rodata->cfg_proc_pid = sel->pid;
	skel->rodata->cfg_proc_cgid = sel->cgroup_id;
	if (sel->name)
		strncpy((char *)skel->rodata->cfg_proc_name, sel->name,
			sizeof(skel->rodata->cfg_proc_name) - 1);
	return bpf_map__reuse_fd(skel->maps.proc_socks, bpf_map__fd(p->skel->maps.proc_socks));
}

unsigned int tl_proc_found_at_start(const struct tl_proc *p)
{
	return p ? p->at_start : 0;
}

void tl_proc_close(struct tl_proc *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < sizeof(p->cg_links) / sizeof(p->cg_links[0]); i++)
		bpf_link__destroy(p->cg_links[i]);
	proc_bpf__destroy(p->skel);
	free(p);
}
