// SPDX-License-Identifier: GPL-2.0-only
/* Asking a container runtime: its command-line tool, run without a shell and with a time
 * limit, or a GET on its HTTP API over a unix socket. Each answer is read whole into memory. */
#define _GNU_SOURCE /* pipe2, strcasestr */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture/runtime.h"

extern char **environ;

struct tl_buf {
	char *p;
	size_t len, cap;
};

/* Appends what fd has now; 1 at end of file, 0 for more to come, or a negative errno. */
static int buf_read(struct tl_buf *b, int fd)
{
	ssize_t n;

	if (b->cap - b->len < 4096) {
		size_t cap = b->cap ? b->cap * 2 : 16384;
		char *p;

		if (cap > TL_RT_ANSWER_MAX + 1)
			return -EFBIG;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	n = read(fd, b->p + b->len, b->cap - b->len - 1);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	b->len += (size_t)n;
	b->p[b->len] = '\0';
	return n == 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool tl_rt_have_tool(const char *tool)
{
	const char *path = getenv("PATH");
	char file[4096];

	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (n && n + strlen(tool) + 2 <= sizeof(file)) {
			snprintf(file, sizeof(file), "%.*s/%s", (int)n, path, tool);
			if (!access(file, X_OK))
				return true;
		}
		path += n + (path[n] == ':');
	}
	return false;
}

int tl_rt_run(char *const argv[], int timeout_ms, char **out, char *err, size_t err_len)
{
	struct tl_buf ob = {}, eb = {};
	posix_spawn_file_actions_t fa;
	int o[2] = { -1, -1 }, e[2] = { -1, -1 }, status, ret;
	long long deadline = now_ms() + timeout_ms;
	bool o_open = true, e_open = true;
	pid_t pid;

	*out = NULL;
	if (err && err_len)
		err[0] = '\0';
	if (!tl_rt_have_tool(argv[0]))
		return -ENOENT;
	if (pipe2(o, O_CLOEXEC) || pipe2(e, O_CLOEXEC)) {
		ret = -errno;
		goto close_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	posix_spawn_file_actions_adddup2(&fa, e[1], 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	ret = -posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(o[1]);
	close(e[1]);
	o[1] = e[1] = -1;
	if (ret)
		goto close_pipes;
	while (o_open || e_open) {
		struct pollfd p[2] = { { .fd = o_open ? o[0] : -1, .events = POLLIN },
				       { .fd = e_open ? e[0] : -1, .events = POLLIN } };
		long long left = deadline - now_ms();
		int r;

		if (left <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		if (poll(p, 2, (int)left) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		if (o_open && p[0].revents) {
			r = buf_read(&ob, o[0]);
			o_open = r == 0;
			ret = r < 0 ? r : 0;
		}
		if (!ret && e_open && p[1].revents) {
			r = buf_read(&eb, e[0]);
			e_open = r == 0;
			ret = r < 0 ? r : 0;
		}
		if (ret)
			break;
	}
	if (ret)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!ret)
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (err && err_len && eb.p)
		snprintf(err, err_len, "%.*s", (int)strcspn(eb.p, "\n"), eb.p);
	if (ret >= 0 && !ob.p)
		ob.p = calloc(1, 1);
	if (ret >= 0 && !ob.p)
		ret = -ENOMEM;
	if (ret >= 0) {
		*out = ob.p;
		ob.p = NULL;
	}
close_pipes:
	for (int i = 0; i < 2; i++) {
		if (o[i] >= 0)
			close(o[i]);
		if (e[i] >= 0)
			close(e[i]);
	}
	free(ob.p);
	free(eb.p);
	return ret;
}

/* A chunked body decoded in place (HTTP/1.1 servers may send one even to 1.0 clients). */
static int unchunk(char *body)
{
	char *in = body, *out = body, *end;

	for (;;) {
		unsigned long n = strtoul(in, &end, 16);

		if (end == in || !(in = strstr(end, "\r\n")))
			return -EPROTO;
		in += 2;
		if (!n)
			break;
		if (strlen(in) < n)
			return -EPROTO;
		memmove(out, in, n);
		out += n;
		in += n;
		if (strncmp(in, "\r\n", 2))
			return -EPROTO;
		in += 2;
	}
	*out = '\0';
	return 0;
}

int tl_rt_get(const char *sock, const char *path, int timeout_ms, char **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct tl_buf b = {};
	long long deadline = now_ms() + timeout_ms;
	char req[1024], *body, *hdr_end, *end;
	int fd, ret = 0, status;
	size_t len;

	*out = NULL;
	if (strlen(sock) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	len = (size_t)snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n",
			       path);
	if (len >= sizeof(req))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		ret = -errno;
		goto out;
	}
	while (!ret) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();

		if (left <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		if (p.revents)
			ret = buf_read(&b, fd);
	}
	if (ret < 0)
		goto out;
	/* "HTTP/1.0 200 OK" */
	if (!b.p || strncmp(b.p, "HTTP/1.", 7) || !(hdr_end = strstr(b.p, "\r\n\r\n"))) {
		ret = -EPROTO;
		goto out;
	}
	errno = 0;
	status = (int)strtol(b.p + 8, &end, 10);
	if (errno || end == b.p + 8 || status < 100 || status > 999) {
		ret = -EPROTO;
		goto out;
	}
	body = hdr_end + 4;
	*hdr_end = '\0';
	if (strcasestr(b.p, "\r\nTransfer-Encoding: chunked") && unchunk(body)) {
		ret = -EPROTO;
		goto out;
	}
	memmove(b.p, body, strlen(body) + 1);
	*out = b.p;
	b.p = NULL;
	ret = status;
out:
	close(fd);
	free(b.p);
	return ret;
}
