/* SPDX-License-Identifier: GPL-2.0-only */
/* Asking a container runtime: running its command-line tool, or a GET on its API socket. */
#ifndef TL_RUNTIME_H
#define TL_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

/* Answers larger than this are refused (-EFBIG): a thousand containers fit. */
#define TL_RT_ANSWER_MAX (8u << 20)

/* Whether tool is an executable file in a directory of $PATH. */
bool tl_rt_have_tool(const char *tool);

/*
 * Runs argv[0] (looked up in $PATH) with argv, no shell, its stderr kept for messages, at
 * most timeout_ms. *out gets its standard output, NUL-terminated and malloc'ed; err (if not
 * NULL) the first line it wrote to stderr. Returns its exit status (0..255), or a negative
 * errno: -ENOENT not found, -ETIMEDOUT (killed), -EFBIG.
 */
int tl_rt_run(char *const argv[], int timeout_ms, char **out, char *err, size_t err_len);

/*
 * GET path over the HTTP API at the unix socket sock (Docker's, or podman's compatible one).
 * *out gets the body, NUL-terminated and malloc'ed. Returns the HTTP status, or a negative
 * errno: -ENOENT no socket, -ECONNREFUSED nobody serves it, -EPROTO not HTTP, -ETIMEDOUT.
 */
int tl_rt_get(const char *sock, const char *path, int timeout_ms, char **out);

#endif
