// SPDX-License-Identifier: GPL-2.0-only
/* The process behind a segment as the outputs show it (see proc.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "out/proc.h"

/* Cgroups remembered (power of two): id -> path and container id. */
#define TL_CG_SLOTS 1024
#define TL_CG_PATH  256

struct tl_cg_entry {
	uint64_t id;
	char path[TL_CG_PATH];
	char container[TL_CONTAINER_ID_LEN + 1];
};

static struct tl_cg_entry *tl_cg;
static char tl_cg_root[PATH_MAX];
static size_t tl_cg_root_len;
static time_t tl_cg_walked; /* last walk, to walk at most once a second */

static bool tl_hex_id(const char *s, size_t n)
{
	if (n != TL_CONTAINER_ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int tl_container_id(const char *path, char *id)
{
	static const char *const prefixes[] = { "docker-", "libpod-", "cri-containerd-", "crio-",
						"containerd-" };
	const char *end = path + strlen(path);

	while (end > path) {
		const char *start = end;
		size_t n;

		while (start > path && start[-1] != '/')
			start--;
		n = (size_t)(end - start);
		if (n > 6 && !memcmp(end - 6, ".scope", 6))
			n -= 6;
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
			size_t pl = strlen(prefixes[i]);

			if (n > pl && !memcmp(start, prefixes[i], pl) &&
			    tl_hex_id(start + pl, n - pl)) {
				memcpy(id, start + pl, TL_CONTAINER_ID_LEN);
				id[TL_CONTAINER_ID_LEN] = '\0';
				return 0;
			}
		}
		if (tl_hex_id(start, n)) {
			memcpy(id, start, TL_CONTAINER_ID_LEN);
			id[TL_CONTAINER_ID_LEN] = '\0';
			return 0;
		}
		end = start > path ? start - 1 : path;
	}
	return -ENOENT;
}

/* The cgroup2 mount point listed in mountinfo file mi, after prefix, into tl_cg_root. */
static int tl_cg_scan(const char *mi, const char *prefix)
{
	char line[4096];
	FILE *f = fopen(mi, "re");

	if (!f)
		return -errno;
	while (!tl_cg_root_len && fgets(line, sizeof(line), f)) {
		char *p = line;

		if (!strstr(line, " - cgroup2 "))
			continue;
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ...: the fifth field. */
		for (int i = 0; i < 4 && p; i++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (!p)
			continue;
		int n = snprintf(tl_cg_root, sizeof(tl_cg_root), "%s%.*s", prefix,
				 (int)strcspn(p, " "), p);

		if (n > 0 && (size_t)n < sizeof(tl_cg_root))
			tl_cg_root_len = (size_t)n;
	}
	fclose(f);
	return tl_cg_root_len ? 0 : -ENOENT;
}

/*
 * Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a
 * hybrid system. `ip netns exec` mounts a sysfs of its own without the cgroup mounts: then
 * the one init sees, through /proc/1/root.
 */
static int tl_cg_find_root(void)
{
	if (tl_cg_root_len)
		return 0;
	if (!tl_cg_scan("/proc/self/mountinfo", ""))
		return 0;
	return tl_cg_scan("/proc/1/mountinfo", "/proc/1/root");
}

static struct tl_cg_entry *tl_cg_slot(uint64_t id)
{
	return &tl_cg[(id * 0x9e3779b97f4a7c15ULL) >> (64 - 10) & (TL_CG_SLOTS - 1)];
}

static void tl_cg_put(uint64_t id, const char *rel)
{
	struct tl_cg_entry *e = tl_cg_slot(id);

	e->id = id;
	snprintf(e->path, sizeof(e->path), "%s", *rel ? rel : "/");
	if (tl_container_id(e->path, e->container))
		e->container[0] = '\0';
}

static int tl_cg_visit(const char *fpath, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D)
		tl_cg_put((uint64_t)st->st_ino, fpath + tl_cg_root_len);
	return FTW_CONTINUE;
}

const char *tl_cgroup_path(uint64_t id)
{
	struct tl_cg_entry *e;
	time_t now;

	if (!id)
		return NULL;
	if (!tl_cg && !(tl_cg = calloc(TL_CG_SLOTS, sizeof(*tl_cg))))
		return NULL;
	e = tl_cg_slot(id);
	if (e->id == id)
		return e->path;
	now = time(NULL);
	if (now == tl_cg_walked || tl_cg_find_root())
		return NULL;
	tl_cg_walked = now;
	nftw(tl_cg_root, tl_cg_visit, 16, FTW_PHYS | FTW_ACTIONRETVAL);
	return e->id == id ? e->path : NULL;
}

const char *tl_cgroup_root(void)
{
	return tl_cg_find_root() ? NULL : tl_cg_root;
}

const char *tl_cgroup_container(uint64_t id)
{
	const char *path = tl_cgroup_path(id);

	return path && tl_cg_slot(id)->container[0] ? tl_cg_slot(id)->container : NULL;
}

int tl_cgroup_lookup(const char *path, uint64_t *id, uint32_t *level)
{
	char full[PATH_MAX];
	const char *rel;
	struct stat st;
	int err = tl_cg_find_root();

	if (err)
		return err;
	/* Either a path in the filesystem under the mount, or one as /proc/PID/cgroup says. */
	if (!strncmp(path, tl_cg_root, tl_cg_root_len) &&
	    (path[tl_cg_root_len] == '/' || !path[tl_cg_root_len]))
		rel = path + tl_cg_root_len;
	else
		rel = path;
	if (snprintf(full, sizeof(full), "%s/%s", tl_cg_root, rel) >= (int)sizeof(full))
		return -ENAMETOOLONG;
	if (stat(full, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	*id = (uint64_t)st.st_ino;
	*level = 0;
	/* The level is the number of directories below the root: "/a/b" and "a/b/" are 2. */
	for (const char *p = rel; *p; p++)
		if (*p != '/' && (p == rel || p[-1] == '/'))
			(*level)++;
	return 0;
}

/* comm as the kernel keeps it: at most 16 bytes, NUL-padded (NUL-terminated unless full). */
static size_t tl_comm_len(const struct tl_proc_sect *p)
{
	return strnlen(p->comm, sizeof(p->comm));
}

static char *put_u32(char *c, uint32_t v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*c++ = d[--n];
	return c;
}

char *tl_proc_put_suffix(char *c, const struct tl_record *r)
{
	const struct tl_proc_sect *p = tl_rec_proc(r);
	const char *ctr;
	size_t n;

	if (!p)
		return c;
	memcpy(c, ", proc ", 7);
	c += 7;
	n = tl_comm_len(p);
	memcpy(c, p->comm, n);
	c += n;
	*c++ = '[';
	c = put_u32(c, p->pid);
	*c++ = ']';
	ctr = tl_cgroup_container(p->cgroup_id);
	if (ctr) {
		memcpy(c, " container ", 11);
		c += 11;
		memcpy(c, ctr, TL_CONTAINER_ID_SHORT);
		c += TL_CONTAINER_ID_SHORT;
	}
	return c;
}

int tl_proc_comments(const struct tl_record *r, char *buf, const char *list[TL_PROC_NOTES + 1])
{
	const struct tl_proc_sect *p = tl_rec_proc(r);
	const char *ctr;
	int n = 0, len;
	size_t at = 0, cl;

	list[0] = NULL;
	if (!p)
		return 0;
	cl = tl_comm_len(p);
	ctr = tl_cgroup_container(p->cgroup_id);
	/* Each piece is far below its share of TL_PROC_NOTE_MAX: no check can fail. */
	len = snprintf(buf + at, TL_PROC_NOTE_MAX - at, "PID: %u\nCmd: %.*s", p->pid, (int)cl,
		       p->comm);
	list[n++] = buf + at;
	at += (size_t)len + 1;
	len = snprintf(buf + at, TL_PROC_NOTE_MAX - at, "ThreadId: %u\nThreadName: %.*s", p->tid,
		       (int)cl, p->comm);
	list[n++] = buf + at;
	at += (size_t)len + 1;
	len = snprintf(buf + at, TL_PROC_NOTE_MAX - at, "UserId: %u\nGroupId: %u", p->uid, p->gid);
	list[n++] = buf + at;
	at += (size_t)len + 1;
	if (ctr) {
		snprintf(buf + at, TL_PROC_NOTE_MAX - at, "ContainerId: %s", ctr);
		list[n++] = buf + at;
	}
	list[n] = NULL;
	return n;
}
