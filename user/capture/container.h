/* SPDX-License-Identifier: GPL-2.0-only */
/* --container and --pod: a container (or a Kubernetes pod) named as its runtime names it,
 * found through podman, docker or containerd, becomes the network namespace of its process. */
#ifndef TL_CONTAINER_H
#define TL_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

enum tl_rt_kind {
	TL_RT_PODMAN,	  /* its command, else its API socket */
	TL_RT_DOCKER,	  /* its API socket (the docker command only talks to that) */
	TL_RT_CONTAINERD, /* crictl (the CRI: containerd, CRI-O), else ctr */
	TL_RT_N,
};

/* One container as a runtime's listing describes it. */
struct tl_ctr {
	enum tl_rt_kind rt;
	char id[72];
	char name[128];
	char state[32];	 /* the runtime's own word: "running", "exited", "CONTAINER_EXITED" */
	char pod_id[72]; /* CRI: its pod sandbox */
	char pod[256];	 /* CRI: "NAMESPACE/NAME" of its pod; else "" */
	long long pid;	 /* its init process as the host sees it; 0: ask the runtime */
	bool running;
	bool is_pod; /* a pod sandbox: named by its pod only */
};

/*
 * spec is --container's [RUNTIME:]NAME|ID (RUNTIME podman, docker or containerd) or, with
 * pod, --pod's NAMESPACE/NAME. Finds it through every runtime installed, opens its init
 * process (*pidfd, readable once it exits) and then its network namespace: the fd returned.
 * label gets its name for lines. A runtime missing, a container not found, not running, or a
 * name that matches two containers: one message, a negative errno.
 */
int tl_container_open(const char *spec, bool pod, char *label, size_t label_len, int *pidfd);

/* The runtime's name, as --container's RUNTIME: prefix takes it. */
const char *tl_rt_name(enum tl_rt_kind kind);

/*
 * The containers of one listing: podman ps --format json (podman), GET /containers/json
 * (docker, and podman's socket), crictl ps -o json (containerd); with pods, crictl pods -o
 * json. Returns how many (at most max), or -EPROTO for an answer that is not such a list.
 */
int tl_ctr_parse_list(enum tl_rt_kind kind, bool via_api, bool pods, const char *json,
		      struct tl_ctr *out, int max);

/*
 * Which of list[0..n) spec names: a name (a pod's NAMESPACE/NAME) or whole ID first, else an
 * ID prefix. The same ID listed by two runtimes (podman's docker-compatible socket) counts
 * once. Returns how many matched; the first TL_CTR_MATCH_MAX of them go to match[] as indexes.
 */
#define TL_CTR_MATCH_MAX 4
int tl_ctr_match(const struct tl_ctr *list, int n, const char *spec, int match[TL_CTR_MATCH_MAX]);

#endif
