// SPDX-License-Identifier: GPL-2.0-only
/* --container and --pod: asks every runtime installed for its containers, picks the one the
 * user named (a name, a whole ID, or a unique ID prefix, as docker and podman take them),
 * and opens its init process and network namespace, so that it is traced as --pid is. */
#define _GNU_SOURCE /* O_CLOEXEC's friends */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "capture/container.h"
#include "capture/jsonread.h"
#include "capture/runtime.h"

#define TL_RT_TIMEOUT_MS 10000
#define TL_CTR_MAX	 4096 /* containers listed over all runtimes */

static const char *const tl_rt_names[TL_RT_N] = { "podman", "docker", "containerd" };

const char *tl_rt_name(enum tl_rt_kind kind)
{
	return tl_rt_names[kind];
}

/* How one runtime is reached, and what asking it came to. */
struct tl_rt {
	enum tl_rt_kind kind;
	const char *tool; /* its command, when asked through it */
	char sock[108];	  /* its API socket, when asked through that */
	bool present;	  /* installed here: command or socket */
	char why[200];	  /* why it could not be asked */
};

static void cut_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static bool is_socket(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISSOCK(st.st_mode);
}

/*
 * The API socket the runtime's own clients would use: $CONTAINER_HOST (podman) or
 * $DOCKER_HOST (docker) when set, else the system-wide default, if it is there.
 */
static void find_socket(struct tl_rt *rt, const char *env, const char *dflt)
{
	const char *url = getenv(env);

	if (url && *url) {
		if (strncmp(url, "unix://", 7)) {
			snprintf(rt->why, sizeof(rt->why),
				 "%s=%s: tcplens asks only a local unix:// socket", env, url);
			rt->present = true;
			return;
		}
		cut_copy(rt->sock, sizeof(rt->sock), url + 7);
		rt->present = true;
		return;
	}
	if (is_socket(dflt)) {
		cut_copy(rt->sock, sizeof(rt->sock), dflt);
		rt->present = true;
	}
}

/* Where each runtime is, if anywhere. */
static void probe(struct tl_rt *rt, enum tl_rt_kind kind)
{
	memset(rt, 0, sizeof(*rt));
	rt->kind = kind;
	switch (kind) {
	case TL_RT_PODMAN:
		/* Podman needs no daemon: its command sees every container of this user. */
		if (tl_rt_have_tool("podman")) {
			rt->tool = "podman";
			rt->present = true;
		} else {
			find_socket(rt, "CONTAINER_HOST", "/run/podman/podman.sock");
		}
		break;
	case TL_RT_DOCKER:
		find_socket(rt, "DOCKER_HOST", "/var/run/docker.sock");
		if (!rt->present && tl_rt_have_tool("docker")) {
			rt->present = true;
			snprintf(rt->why, sizeof(rt->why),
				 "no daemon: no socket at /var/run/docker.sock (start docker, or "
				 "set DOCKER_HOST)");
		}
		break;
	case TL_RT_CONTAINERD:
		rt->tool = tl_rt_have_tool("crictl") ? "crictl"
			   : tl_rt_have_tool("ctr")  ? "ctr"
						     : NULL;
		rt->present = rt->tool != NULL;
		break;
	case TL_RT_N:
		break;
	}
}

/* The name a runtime lists: docker's API puts a '/' before it. */
static void set_name(struct tl_ctr *c, const char *names)
{
	const char *first = tl_json_first(names);

	if (!first) /* podman and crictl give a string, docker an array of them */
		first = names;
	if (tl_json_str(first, c->name, sizeof(c->name)) && c->name[0] == '/')
		memmove(c->name, c->name + 1, strlen(c->name));
}

static bool running_word(const char *state)
{
	return !strcasecmp(state, "running") || !strcmp(state, "CONTAINER_RUNNING") ||
	       !strcmp(state, "SANDBOX_READY");
}

int tl_ctr_parse_list(enum tl_rt_kind kind, bool via_api, bool pods, const char *json,
		      struct tl_ctr *out, int max)
{
	const char *arr = json, *e;
	int n = 0;

	if (kind == TL_RT_CONTAINERD) {
		arr = tl_json_get(json, pods ? "items" : "containers");
		/* Protobuf's JSON leaves an empty list out: "{}". */
		if (!arr && *(json + strspn(json, " \t\r\n")) == '{' && tl_json_skip(json))
			return 0;
	}
	arr = arr ? arr + strspn(arr, " \t\r\n") : NULL;
	/* None at all: "[]", or null from podman and crictl. */
	if (!arr || !tl_json_skip(arr) || (*arr != '[' && strncmp(arr, "null", 4)))
		return -EPROTO;
	e = tl_json_first(arr);
	for (; e && n < max; e = tl_json_next(e)) {
		struct tl_ctr *c = &out[n];
		long long pid = 0;

		memset(c, 0, sizeof(*c));
		c->rt = kind;
		if (kind == TL_RT_CONTAINERD) {
			const char *md = tl_json_get(e, "metadata");
			char ns[128] = "", name[128] = "";

			tl_json_str(tl_json_get(e, "id"), c->id, sizeof(c->id));
			tl_json_str(tl_json_get(md, "name"), name, sizeof(name));
			tl_json_str(tl_json_get(e, "state"), c->state, sizeof(c->state));
			if (pods) {
				tl_json_str(tl_json_get(md, "namespace"), ns, sizeof(ns));
				snprintf(c->name, sizeof(c->name), "%s", name);
				snprintf(c->pod, sizeof(c->pod), "%s/%s", ns, name);
				cut_copy(c->pod_id, sizeof(c->pod_id), c->id);
				c->is_pod = true;
			} else {
				const char *l = tl_json_get(e, "labels");

				cut_copy(c->name, sizeof(c->name), name);
				tl_json_str(tl_json_get(e, "podSandboxId"), c->pod_id,
					    sizeof(c->pod_id));
				tl_json_str(tl_json_get(l, "io.kubernetes.pod.namespace"), ns,
					    sizeof(ns));
				tl_json_str(tl_json_get(l, "io.kubernetes.pod.name"), name,
					    sizeof(name));
				if (*name)
					snprintf(c->pod, sizeof(c->pod), "%s/%s", ns, name);
			}
		} else {
			tl_json_str(tl_json_get(e, "Id"), c->id, sizeof(c->id));
			set_name(c, tl_json_get(e, "Names"));
			tl_json_str(tl_json_get(e, "State"), c->state, sizeof(c->state));
			/* podman ps says its pid; docker's list does not (asked later). */
			if (!via_api && tl_json_int(tl_json_get(e, "Pid"), &pid))
				c->pid = pid;
		}
		if (!c->id[0])
			return -EPROTO;
		c->running = running_word(c->state);
		n++;
	}
	return n;
}

int tl_ctr_match(const struct tl_ctr *list, int n, const char *spec, int match[TL_CTR_MATCH_MAX])
{
	size_t len = strlen(spec);
	int m = 0;

	/* Docker's order: a whole name or ID wins over an ID it only begins. */
	for (int pass = 0; pass < 2 && !m; pass++) {
		for (int i = 0; i < n; i++) {
			const struct tl_ctr *c = &list[i];
			bool hit = pass == 1   ? len && !strncmp(c->id, spec, len)
				   : c->is_pod ? !strcmp(c->pod, spec) || !strcmp(c->id, spec)
					       : !strcmp(c->name, spec) || !strcmp(c->id, spec);

			/* podman's docker-compatible socket lists podman's containers again. */
			for (int j = 0; hit && j < m && j < TL_CTR_MATCH_MAX; j++)
				hit = strcmp(list[match[j]].id, c->id) != 0;
			if (!hit)
				continue;
			if (m < TL_CTR_MATCH_MAX)
				match[m] = i;
			m++;
		}
	}
	return m;
}

/* Runs one command of the runtime; on failure rt->why says what it answered. */
static int run_tool(struct tl_rt *rt, char *const argv[], char **out)
{
	char err[160];
	int rc = tl_rt_run(argv, TL_RT_TIMEOUT_MS, out, err, sizeof(err));

	if (rc == 0)
		return 0;
	if (rc < 0)
		snprintf(rt->why, sizeof(rt->why), "%s %s: %s", argv[0], argv[1], strerror(-rc));
	else
		snprintf(rt->why, sizeof(rt->why), "%s %s failed: %s", argv[0], argv[1],
			 *err ? err : "(no message)");
	free(*out);
	*out = NULL;
	return -EIO;
}

static int api_get(struct tl_rt *rt, const char *path, char **out)
{
	int st = tl_rt_get(rt->sock, path, TL_RT_TIMEOUT_MS, out);

	if (st == 200)
		return 0;
	if (st < 0)
		snprintf(rt->why, sizeof(rt->why), "cannot reach %s: %s", rt->sock, strerror(-st));
	else
		snprintf(rt->why, sizeof(rt->why), "%s answered HTTP %d to GET %s", rt->sock, st,
			 path);
	free(*out);
	*out = NULL;
	return -EIO;
}

/* ctr task ls: "TASK  PID  STATUS" lines, in one containerd namespace. */
static int parse_ctr_tasks(const char *text, struct tl_ctr *out, int max)
{
	const char *line = strchr(text, '\n');
	int n = 0;

	while (line && *++line && n < max) {
		struct tl_ctr *c = &out[n];
		char buf[160], *save = NULL, *id, *pid, *st, *end;
		long long v;

		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(line, "\n"), line);
		line = strchr(line, '\n');
		id = strtok_r(buf, " \t", &save);
		pid = strtok_r(NULL, " \t", &save);
		st = strtok_r(NULL, " \t", &save);
		if (!st)
			continue;
		errno = 0;
		v = strtoll(pid, &end, 10);
		if (errno || *end || v < 0)
			continue;
		memset(c, 0, sizeof(*c));
		c->rt = TL_RT_CONTAINERD;
		cut_copy(c->id, sizeof(c->id), id);
		cut_copy(c->name, sizeof(c->name), id);
		cut_copy(c->state, sizeof(c->state), st);
		c->running = !strcmp(st, "RUNNING");
		c->pid = c->running ? v : 0;
		n++;
	}
	return n;
}

/* ctr without crictl: the tasks of every containerd namespace (default, k8s.io, moby...). */
static int list_ctr(struct tl_rt *rt, struct tl_ctr *out, int max)
{
	char *argv[] = { "ctr", "namespaces", "list", "-q", NULL }, *nss = NULL, *tasks = NULL;
	char *save = NULL, *ns;
	int n = 0;

	if (run_tool(rt, argv, &nss))
		return -EIO;
	for (ns = strtok_r(nss, "\n", &save); ns && n < max; ns = strtok_r(NULL, "\n", &save)) {
		char *targv[] = { "ctr", "--namespace", ns, "tasks", "list", NULL };

		if (run_tool(rt, targv, &tasks)) {
			free(nss);
			return -EIO;
		}
		n += parse_ctr_tasks(tasks, out + n, max - n);
		free(tasks);
	}
	free(nss);
	return n;
}

/* Appends the runtime's containers (or pods) to out; -EIO when it could not be asked. */
static int list_rt(struct tl_rt *rt, bool pods, struct tl_ctr *out, int max)
{
	char *ans = NULL;
	int n;

	if (rt->why[0])
		return -EIO;
	if (rt->kind == TL_RT_CONTAINERD && !strcmp(rt->tool, "ctr")) {
		if (pods) {
			snprintf(rt->why, sizeof(rt->why), "pods need crictl (the CRI), not ctr");
			return -EIO;
		}
		return list_ctr(rt, out, max);
	}
	if (rt->tool) {
		char *podman[] = { "podman", "ps", "--all", "--format", "json", NULL };
		char *crictl[] = { "crictl", "ps", "--all", "-o", "json", NULL };
		char *crictl_pods[] = { "crictl", "pods", "-o", "json", NULL };

		if (run_tool(rt,
			     rt->kind == TL_RT_PODMAN ? podman
			     : pods		      ? crictl_pods
						      : crictl,
			     &ans))
			return -EIO;
	} else if (api_get(rt, "/containers/json?all=1", &ans)) {
		return -EIO;
	}
	n = tl_ctr_parse_list(rt->kind, !rt->tool, pods, ans, out, max);
	free(ans);
	if (n < 0)
		snprintf(rt->why, sizeof(rt->why),
			 "its list of containers is not what tcplens reads");
	return n < 0 ? -EIO : n;
}

/* The init process of a container whose listing did not say (docker's API, crictl). */
static int ask_pid(struct tl_rt *rt, struct tl_ctr *c)
{
	char path[160], *ans = NULL, id[80];
	const char *v;
	long long pid = 0;
	int err;

	cut_copy(id, sizeof(id), c->id);
	if (rt->kind == TL_RT_CONTAINERD) {
		char *argv[] = { "crictl", "inspect", "-o", "json", id, NULL };

		err = run_tool(rt, argv, &ans);
		v = err ? NULL : tl_json_path(ans, "info.pid");
	} else if (rt->tool) {
		char *argv[] = { "podman", "inspect", "--type", "container", id, NULL };

		err = run_tool(rt, argv, &ans);
		v = err ? NULL : tl_json_path(tl_json_first(ans), "State.Pid");
	} else {
		snprintf(path, sizeof(path), "/containers/%s/json", id);
		err = api_get(rt, path, &ans);
		v = err ? NULL : tl_json_path(ans, "State.Pid");
	}
	if (!err && (!tl_json_int(v, &pid) || pid <= 0))
		snprintf(rt->why, sizeof(rt->why), "no process id in what it said about %s",
			 c->name);
	free(ans);
	c->pid = pid > 0 ? pid : 0;
	return c->pid ? 0 : -EIO;
}

/* A pod's network namespace is every one of its containers': take a running one's. */
static int pod_pid(struct tl_rt *rt, struct tl_ctr *pod, struct tl_ctr *list, int max)
{
	int n = list_rt(rt, false, list, max);

	for (int i = 0; i < n; i++) {
		if (!list[i].running || strcmp(list[i].pod_id, pod->pod_id))
			continue;
		if (ask_pid(rt, &list[i]))
			return -EIO;
		pod->pid = list[i].pid;
		return 0;
	}
	if (n >= 0)
		snprintf(rt->why, sizeof(rt->why), "no container of pod %.160s is running",
			 pod->pod);
	return -EIO;
}

static int pidfd_open(long long pid)
{
	return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
}

/* The namespace of a process whose pidfd we hold: still that process's once it is open. */
static int open_netns(const struct tl_ctr *c, const char *what, int *pidfd)
{
	struct pollfd p = { .events = POLLIN };
	char path[64];
	int fd, err;

	*pidfd = pidfd_open(c->pid);
	if (*pidfd < 0) {
		err = -errno;
		tl_err("%s %s: its process %lld is not here: it stopped just now, or tcplens runs in "
		       "another PID namespace (a container needs the host's: --pid host, hostPID)",
		       what, c->name, c->pid);
		return err;
	}
	snprintf(path, sizeof(path), "/proc/%lld/ns/net", c->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	p.fd = *pidfd;
	if (fd >= 0 && poll(&p, 1, 0) == 0)
		return fd;
	err = fd < 0 ? -errno : -ESRCH;
	if (fd >= 0)
		close(fd);
	close(*pidfd);
	*pidfd = -1;
	if (err == -ENOENT || err == -ESRCH)
		tl_err("%s %s: its process %lld is gone (it stopped just now?)", what, c->name,
		       c->pid);
	else if (err == -EACCES || err == -EPERM)
		tl_err("%s %s: cannot open %s: %s (needs CAP_SYS_PTRACE, and in a container the "
		       "host's PID namespace)",
		       what, c->name, path, strerror(-err));
	else
		tl_err("%s %s: cannot open %s: %s", what, c->name, path, strerror(-err));
	return err;
}

/* "podman: exited; docker: no daemon ..." for the message when nothing was found. */
static void notes(const struct tl_rt rts[], char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < TL_RT_N && used < len; k++) {
		if (!rts[k].present || !rts[k].why[0])
			continue;
		used += (size_t)snprintf(buf + used, len - used, "; %s: %s", tl_rt_names[k],
					 rts[k].why);
	}
}

int tl_container_open(const char *spec, bool pod, char *label, size_t label_len, int *pidfd)
{
	const char *what = pod ? "pod" : "container", *name = spec, *colon = strchr(spec, ':');
	struct tl_rt rts[TL_RT_N];
	struct tl_ctr *list = NULL, *c;
	int n = 0, m, match[TL_CTR_MATCH_MAX], only = -1, err = -ENOENT, any = 0;
	char note[640], asked[64] = "";

	*pidfd = -1;
	for (int k = 0; !pod && colon && k < TL_RT_N; k++)
		if ((size_t)(colon - spec) == strlen(tl_rt_names[k]) &&
		    !strncmp(spec, tl_rt_names[k], (size_t)(colon - spec))) {
			only = k;
			name = colon + 1;
		}
	if (pod)
		only = TL_RT_CONTAINERD;
	for (int k = 0; k < TL_RT_N; k++) {
		probe(&rts[k], (enum tl_rt_kind)k);
		if (only >= 0 && k != only)
			rts[k].present = false;
		any += rts[k].present;
	}
	if (only >= 0 && !rts[only].present) {
		if (pod)
			tl_err("%s: pods are found through the node's CRI: crictl is not installed "
			       "(see crictl pods)",
			       spec);
		else
			tl_err("%s: not installed (no %s command%s%s)", tl_rt_names[only],
			       only == TL_RT_CONTAINERD ? "crictl or ctr" : tl_rt_names[only],
			       only == TL_RT_CONTAINERD ? ""
			       : only == TL_RT_DOCKER	? ", no socket at /var/run/docker.sock"
							: ", no socket at /run/podman/podman.sock",
			       "");
		return -ENOENT;
	}
	if (!any) {
		tl_err("%s: no container runtime installed (tcplens asks podman, docker and "
		       "containerd)",
		       spec);
		return -ENOENT;
	}
	list = calloc(TL_CTR_MAX, sizeof(*list));
	if (!list) {
		tl_err("out of memory");
		return -ENOMEM;
	}
	for (int k = 0; k < TL_RT_N; k++) {
		int got;

		if (!rts[k].present)
			continue;
		got = list_rt(&rts[k], pod, list + n, TL_CTR_MAX / 2 - n);
		if (got >= 0) {
			n += got;
			snprintf(asked + strlen(asked), sizeof(asked) - strlen(asked), "%s%s",
				 *asked ? " and " : "", tl_rt_names[k]);
		}
	}
	notes(rts, note, sizeof(note));
	m = tl_ctr_match(list, n, name, match);
	if (!m) {
		if (!*asked && only >= 0)
			tl_err("%s: %s", tl_rt_names[only], rts[only].why);
		else if (!*asked)
			tl_err("%s: cannot ask any container runtime%s", spec, note);
		else
			tl_err("%s: no such %s in %s%s (see %s)", name, what, asked, note,
			       pod ? "crictl pods" : "podman ps -a, docker ps -a");
		goto out;
	}
	if (m > 1) {
		char ids[200] = "";

		for (int i = 0; i < m && i < TL_CTR_MATCH_MAX; i++)
			snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%s %.12s",
				 i ? ", " : "", tl_rt_names[list[match[i]].rt], list[match[i]].id);
		tl_err("%s: %d %ss have that name or ID (%s%s): name one as RUNTIME:NAME or give "
		       "more of its ID",
		       name, m, what, ids, m > TL_CTR_MATCH_MAX ? ", ..." : "");
		goto out;
	}
	c = &list[match[0]];
	if (!c->running) {
		tl_err("%s %s is not running (%s says %s): start it first", what, c->name,
		       tl_rt_names[c->rt], c->state[0] ? c->state : "not running");
		goto out;
	}
	if (!c->pid &&
	    (pod ? pod_pid(&rts[c->rt], c, list + n, TL_CTR_MAX - n) : ask_pid(&rts[c->rt], c))) {
		tl_err("%s %s: %s did not say its process: %s", what, c->name, tl_rt_names[c->rt],
		       rts[c->rt].why);
		goto out;
	}
	err = open_netns(c, what, pidfd);
	if (err >= 0)
		cut_copy(label, label_len, c->name);
out:
	free(list);
	return err;
}
