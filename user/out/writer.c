// SPDX-License-Identifier: GPL-2.0-only
/* Files written by a thread of their own, from a bounded queue of 1 MiB chunks. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "out/writer.h"

/*
 * The reader path fills chunks; the writer thread writes them. Bounded memory: when every
 * chunk waits for the disk, live records are dropped and counted instead of stalling the
 * ring-buffer reader (which would make the kernel drop instead, uncounted per file).
 */
#define TL_CHUNKS 16

struct tl_chunk {
	size_t len;
	bool new_file; /* open path before writing data */
	char path[PATH_MAX];
	uint8_t *data;
};

struct tl_writer {
	const char *path; /* the first file, for messages */
	const uint8_t *hdr;
	size_t hdr_len;

	/* producer state (the ring-buffer reader's thread) */
	struct tl_chunk *cur;
	bool pending_file;
	char next_path[PATH_MAX];
	uint64_t file_bytes;

	/* shared, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_free;
	struct tl_chunk chunks[TL_CHUNKS];
	unsigned cons, queued;
	bool done;
	int err;
	char err_path[PATH_MAX];

	/* writer thread */
	pthread_t thread;
	bool thread_up;
	int fd;
	bool own_fd;
};

static int tl_write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int tl_writer_create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	return fd < 0 ? -errno : fd;
}

static void *tl_writer_thread(void *arg)
{
	struct tl_writer *w = arg;

	for (;;) {
		struct tl_chunk *c;
		int err = 0;

		pthread_mutex_lock(&w->mu);
		while (!w->queued && !w->done)
			pthread_cond_wait(&w->cv_work, &w->mu);
		if (!w->queued) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		c = &w->chunks[w->cons];
		err = w->err;
		pthread_mutex_unlock(&w->mu);

		if (!err && c->new_file) {
			int fd = tl_writer_create_file(c->path);

			if (fd < 0) {
				err = fd;
			} else {
				if (w->own_fd)
					close(w->fd);
				w->fd = fd;
				w->own_fd = true;
			}
		}
		if (!err)
			err = tl_write_all(w->fd, c->data, c->len);

		pthread_mutex_lock(&w->mu);
		if (err && !w->err) {
			w->err = err;
			snprintf(w->err_path, sizeof(w->err_path), "%s",
				 c->new_file ? c->path : w->path);
		}
		w->cons = (w->cons + 1) % TL_CHUNKS;
		w->queued--;
		pthread_cond_signal(&w->cv_free);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

static void tl_writer_free(struct tl_writer *w)
{
	pthread_cond_destroy(&w->cv_work);
	pthread_cond_destroy(&w->cv_free);
	pthread_mutex_destroy(&w->mu);
	for (int i = 0; i < TL_CHUNKS; i++)
		free(w->chunks[i].data);
	free(w);
}

struct tl_writer *tl_writer_new(void)
{
	struct tl_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fd = -1;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv_work, NULL);
	pthread_cond_init(&w->cv_free, NULL);
	for (int i = 0; i < TL_CHUNKS; i++) {
		w->chunks[i].data = malloc(TL_WRITER_CHUNK);
		if (!w->chunks[i].data) {
			tl_writer_free(w);
			return NULL;
		}
	}
	return w;
}

/* A chunk to fill; may_wait: block until the writer frees one, else fail when none is free. */
static int tl_take(struct tl_writer *w, bool may_wait)
{
	int err;

	if (w->cur)
		return 0;
	pthread_mutex_lock(&w->mu);
	while (w->queued == TL_CHUNKS && !w->err && may_wait)
		pthread_cond_wait(&w->cv_free, &w->mu);
	err = w->err;
	if (!err && w->queued < TL_CHUNKS) {
		w->cur = &w->chunks[(w->cons + w->queued) % TL_CHUNKS];
		w->cur->len = 0;
		w->cur->new_file = false;
	}
	pthread_mutex_unlock(&w->mu);
	if (err)
		return err;
	if (!w->cur)
		return -EAGAIN;
	if (w->pending_file) {
		/* A new file always starts a chunk, so the writer switches files between chunks. */
		w->cur->new_file = true;
		memcpy(w->cur->path, w->next_path, sizeof(w->cur->path));
		memcpy(w->cur->data, w->hdr, w->hdr_len);
		w->cur->len = w->hdr_len;
		w->file_bytes = w->hdr_len;
		w->pending_file = false;
	}
	return 0;
}

int tl_writer_start(struct tl_writer *w, int fd, bool own_fd, const char *path, const uint8_t *hdr,
		    size_t hdr_len)
{
	int err;

	w->fd = fd;
	w->own_fd = own_fd;
	w->path = path;
	w->hdr = hdr;
	w->hdr_len = hdr_len;
	err = -pthread_create(&w->thread, NULL, tl_writer_thread, w);
	if (err)
		return err;
	w->thread_up = true;
	if (fd >= 0) {
		/* The file is open already: its header starts the first chunk. */
		tl_take(w, true);
		memcpy(w->cur->data, w->hdr, w->hdr_len);
		w->cur->len = w->hdr_len;
		w->file_bytes = w->hdr_len;
	}
	return 0;
}

void tl_writer_submit(struct tl_writer *w)
{
	if (!w->cur || (!w->cur->len && !w->cur->new_file))
		return;
	pthread_mutex_lock(&w->mu);
	w->queued++;
	pthread_cond_signal(&w->cv_work);
	pthread_mutex_unlock(&w->mu);
	w->cur = NULL;
}

int tl_writer_room(struct tl_writer *w, size_t n, bool may_wait, uint8_t **p)
{
	int err = tl_take(w, may_wait);

	if (!err && w->cur->len + n > TL_WRITER_CHUNK) {
		tl_writer_submit(w);
		err = tl_take(w, may_wait);
	}
	if (err)
		return err;
	*p = w->cur->data + w->cur->len;
	return 0;
}

void tl_writer_commit(struct tl_writer *w, size_t n)
{
	w->cur->len += n;
	w->file_bytes += n;
}

void tl_writer_next_file(struct tl_writer *w, const char *path)
{
	tl_writer_submit(w);
	snprintf(w->next_path, sizeof(w->next_path), "%s", path);
	w->pending_file = true;
}

bool tl_writer_file_pending(const struct tl_writer *w)
{
	return w->pending_file;
}

uint64_t tl_writer_file_bytes(const struct tl_writer *w)
{
	return w->file_bytes;
}

const char *tl_writer_err_path(const struct tl_writer *w)
{
	return w->err_path;
}

int tl_writer_close(struct tl_writer *w)
{
	int err = 0;

	if (!w)
		return 0;
	if (w->thread_up) {
		tl_writer_submit(w);
		pthread_mutex_lock(&w->mu);
		w->done = true;
		pthread_cond_signal(&w->cv_work);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
		err = w->err;
		if (err)
			tl_err("%s: %s", w->err_path, strerror(-err));
	}
	if (w->own_fd && close(w->fd) && !err) {
		err = -errno;
		tl_err("%s: %s", w->path, strerror(-err));
	}
	tl_writer_free(w);
	return err;
}
