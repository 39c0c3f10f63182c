/* SPDX-License-Identifier: GPL-2.0-only */
/* Output buffer: lines are appended in place and written to an fd in large blocks. */
#ifndef TL_OUT_H
#define TL_OUT_H

#include <stdbool.h>
#include <stddef.h>

#define TL_OUT_SIZE (1u << 20)

struct tl_out;

/* line_buffered (-l): write after every committed line. NULL on allocation failure. */
struct tl_out *tl_out_new(int fd, bool line_buffered);
/* Frees without flushing: call tl_out_flush first. Accepts NULL. */
void tl_out_free(struct tl_out *o);

/*
 * Room for n (<= TL_OUT_SIZE) bytes at the end of the buffer, flushing first if needed.
 * NULL once a write has failed; tl_out_error then says why.
 */
char *tl_out_reserve(struct tl_out *o, size_t n);
/* Append n bytes written at the reserved pointer (one whole line when line-buffered). */
int tl_out_commit(struct tl_out *o, size_t n);
int tl_out_write(struct tl_out *o, const void *buf, size_t n);
/* The first n bytes of a line: appended, and written with the line's commit (-l: one write). */
int tl_out_prefix(struct tl_out *o, const void *buf, size_t n);

/*
 * Write everything buffered. 0, or the first write error as a negative errno (sticky).
 * -EPIPE means the reader went away: stop quietly. The caller must ignore SIGPIPE.
 */
int tl_out_flush(struct tl_out *o);
int tl_out_error(const struct tl_out *o);

#endif
