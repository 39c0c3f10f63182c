/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The process behind a segment (a record's process section, TL_RF_PROC) as the outputs show
 * it: the --proc suffix of a line, the pcapng packet comments with ptcpdump's keys, and the
 * cgroup path and container id user space reads from the cgroup id the kernel wrote.
 */
#ifndef TL_OUT_PROC_H
#define TL_OUT_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"

/* Longest --proc suffix: ", proc " comm "[" pid "]" " container " 12 hex digits. */
#define TL_PROC_SUFFIX_MAX 64
/* Longest text of the pcapng comments together (tl_proc_comments). */
#define TL_PROC_NOTE_MAX 512
#define TL_PROC_NOTES	 4
/* A container id: 64 hex digits. The line shows its first 12, as docker ps does. */
#define TL_CONTAINER_ID_LEN   64
#define TL_CONTAINER_ID_SHORT 12

/*
 * The container id a cgroup path names, into id (TL_CONTAINER_ID_LEN + 1 bytes): the
 * layouts of docker and podman with the systemd cgroup driver (docker-ID.scope,
 * libpod-ID.scope), of containerd/CRI and CRI-O (cri-containerd-ID.scope, crio-ID.scope),
 * and the cgroupfs driver's plain directories (/docker/ID, /kubepods/.../ID,
 * /machine.slice/libpod-ID...). The component nearest the end wins. 0, or -ENOENT.
 */
int tl_container_id(const char *path, char *id);

/*
 * The cgroup v2 path of cgroup id (its directory's inode), relative to the unified
 * hierarchy's mount, as /proc/PID/cgroup shows it ("/system.slice/foo.service"); NULL when
 * no such cgroup is known (it may have gone). Walks the hierarchy on a miss, at most once a
 * second; the answer stays valid until the next call.
 */
const char *tl_cgroup_path(uint64_t id);

/* The cgroup directory's id (its inode) and its level below the root, for --cgroup PATH
 * (absolute in the filesystem, or as tl_cgroup_path prints it). 0 or a negative errno. */
int tl_cgroup_lookup(const char *path, uint64_t *id, uint32_t *level);

/* Where the cgroup v2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a
 * hybrid system), or NULL. */
const char *tl_cgroup_root(void);

/* The container id of the cgroup (its path's, cached), or NULL. */
const char *tl_cgroup_container(uint64_t id);

/* Appends the --proc suffix of r at c (TL_PROC_SUFFIX_MAX bytes): nothing without one. */
char *tl_proc_put_suffix(char *c, const struct tl_record *r);

/*
 * ptcpdump's packet comments for r: "PID: N\nCmd: COMM", "ThreadId: N\nThreadName: COMM",
 * "UserId: N\nGroupId: N", and "ContainerId: ID" when there is one, each its own comment
 * (a NULL-terminated list of up to TL_PROC_NOTES in buf, TL_PROC_NOTE_MAX bytes). Returns
 * the number of comments, 0 without a process section.
 */
int tl_proc_comments(const struct tl_record *r, char *buf, const char *list[TL_PROC_NOTES + 1]);

#endif
