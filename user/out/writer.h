/* SPDX-License-Identifier: GPL-2.0-only */
/* Files written by a thread of their own, from a bounded queue of 1 MiB chunks. */
#ifndef TL_WRITER_H
#define TL_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room one tl_writer_room() call can ask for. */
#define TL_WRITER_CHUNK (1u << 20)

struct tl_writer;

/* Create path for writing (truncated, 0644): an fd, or a negative errno. */
int tl_writer_create_file(const char *path);

/* The queue's memory; NULL when there is not enough. */
struct tl_writer *tl_writer_new(void);

/*
 * Start the thread. It writes to fd (closed at the end, or when a later file opens, if
 * own_fd) and, with fd -1, to nothing until tl_writer_next_file() names the first file. hdr
 * (kept, not copied) is what every file starts with; path names the first file in messages.
 * Returns 0 or a negative errno; tl_writer_close() is needed either way.
 */
int tl_writer_start(struct tl_writer *w, int fd, bool own_fd, const char *path, const uint8_t *hdr,
		    size_t hdr_len);

/*
 * n bytes (at most TL_WRITER_CHUNK) at the end of the chunk being filled, in *p. may_wait:
 * wait for the thread to free a chunk; otherwise -EAGAIN when none is free. A negative errno
 * once writing failed (tl_writer_err_path() says where).
 */
int tl_writer_room(struct tl_writer *w, size_t n, bool may_wait, uint8_t **p);
/* n bytes at the room's start are filled. */
void tl_writer_commit(struct tl_writer *w, size_t n);
/* Hand the chunk being filled to the thread. */
void tl_writer_submit(struct tl_writer *w);

/* What follows goes to a new file, path (copied), which starts with the header. */
void tl_writer_next_file(struct tl_writer *w, const char *path);
/* A new file was asked for and has no chunk yet: it begins at the next tl_writer_room(). */
bool tl_writer_file_pending(const struct tl_writer *w);
/* Bytes of the current file so far, its header included. */
uint64_t tl_writer_file_bytes(const struct tl_writer *w);
/* The file the first write error happened on. */
const char *tl_writer_err_path(const struct tl_writer *w);

/*
 * Write what is queued, stop the thread, close the file. Returns 0 or the first write error
 * (said on stderr) as a negative errno. Accepts NULL.
 */
int tl_writer_close(struct tl_writer *w);

#endif
