// SPDX-License-Identifier: GPL-2.0-only
/* Output buffer: lines are appended in place and written to an fd in large blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/out.h"

struct tl_out {
	int fd;
	bool line;
	int err;
	size_t len;
	char buf[TL_OUT_SIZE];
};

struct tl_out *tl_out_new(int fd, bool line_buffered)
{
	struct tl_out *o = malloc(sizeof(*o));

	if (!o)
		return NULL;
	o->fd = fd;
	o->line = line_buffered;
	o->err = 0;
	o->len = 0;
	return o;
}

void tl_out_free(struct tl_out *o)
{
	free(o);
}

int tl_out_error(const struct tl_out *o)
{
	return o->err;
}

int tl_out_flush(struct tl_out *o)
{
	size_t done = 0;

	if (o->err)
		return o->err;
	while (done < o->len) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Keep the error: a later flush must not pretend the output is complete. */
			o->err = -errno;
			o->len = 0;
			return o->err;
		}
		done += (size_t)n;
	}
	o->len = 0;
	return 0;
}

char *tl_out_reserve(struct tl_out *o, size_t n)
{
	if (o->err || n > TL_OUT_SIZE)
		return NULL;
	if (TL_OUT_SIZE - o->len < n && tl_out_flush(o))
		return NULL;
	return o->buf + o->len;
}

int tl_out_commit(struct tl_out *o, size_t n)
{
	o->len += n;
	if (o->line)
		return tl_out_flush(o);
	return 0;
}

int tl_out_prefix(struct tl_out *o, const void *buf, size_t n)
{
	char *p = tl_out_reserve(o, n);

	if (!p)
		return o->err ? o->err : -EINVAL;
	memcpy(p, buf, n);
	o->len += n;
	return 0;
}

int tl_out_write(struct tl_out *o, const void *buf, size_t n)
{
	char *p = tl_out_reserve(o, n);

	if (!p)
		return o->err ? o->err : -EINVAL;
	memcpy(p, buf, n);
	return tl_out_commit(o, n);
}
