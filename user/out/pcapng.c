// SPDX-License-Identifier: GPL-2.0-only
/* Capture files built from records (-w): each record's block, the files' order, the counts. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "out/pcap_blocks.h"
#include "out/pcapng.h"
#include "out/rebuild.h"
#include "out/rotate.h"
#include "out/writer.h"

#define TL_HDR_MAX     (64 * 1024) /* SHB + up to 64 IDBs */
#define TL_BLOCK_MAX   (TL_REBUILD_MAX + 1024)
#define TL_COMMENT_MAX 512

_Static_assert(TL_HDR_MAX <= TL_WRITER_CHUNK && TL_BLOCK_MAX + TL_COMMENT_MAX <= TL_WRITER_CHUNK,
	       "a file header and a packet block each fit in one chunk");

struct tl_pcap {
	struct tl_pcap_cfg cfg;
	char *path; /* cfg.path, owned */
	int n_ifs;
	char **if_names;
	uint32_t *if_index;
	uint64_t *if_written;
	uint8_t hdr[TL_HDR_MAX]; /* file header (SHB + IDBs, or the pcap global header) */
	size_t hdr_len;
	struct tl_writer *wr;
	bool started; /* the writer's thread runs */

	/* the ring-buffer reader's thread */
	struct tl_rotate rot;
	bool first_at_record; /* -G: the first file waits for the first record, see open */
	uint32_t last_if;
	uint64_t drops, written;
	int64_t first_ts, last_ts; /* in if_tsresol units */
};

int tl_pcap_open(const struct tl_pcap_cfg *cfg, const struct tl_pcap_if *ifs, int n_ifs,
		 struct tl_pcap **out)
{
	struct tl_pcap *w;
	struct tl_blk b;
	char first[PATH_MAX];
	int fd = -1, err = -ENOMEM;
	bool own_fd = false;

	*out = NULL;
	if (n_ifs < 1 || (!strcmp(cfg->path, "-") && (cfg->rotate_bytes || cfg->rotate_secs))) {
		tl_err("-C and -G need a file name: standard output cannot be rotated");
		return -EINVAL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		goto nomem;
	w->cfg = *cfg;
	w->n_ifs = n_ifs;
	w->path = strdup(cfg->path);
	w->if_names = calloc((size_t)n_ifs, sizeof(*w->if_names));
	w->if_written = calloc((size_t)n_ifs, sizeof(*w->if_written));
	w->if_index = calloc((size_t)n_ifs, sizeof(*w->if_index));
	if (!w->path || !w->if_names || !w->if_written || !w->if_index)
		goto nomem;
	for (int i = 0; i < n_ifs; i++) {
		w->if_names[i] = strdup(ifs[i].name);
		w->if_index[i] = ifs[i].ifindex;
		if (!w->if_names[i])
			goto nomem;
	}
	w->wr = tl_writer_new();
	if (!w->wr)
		goto nomem;
	b = (struct tl_blk){ .p = w->hdr, .cap = sizeof(w->hdr) };
	tl_blk_file_header(&b, cfg, ifs, n_ifs);
	w->hdr_len = b.overflow ? 0 : b.n;
	if (!w->hdr_len) {
		tl_err("too many interfaces or names too long for one pcapng header");
		err = -E2BIG;
		goto fail;
	}
	w->cfg.path = w->path;
	w->rot = (struct tl_rotate){ .path = w->path,
				     .bytes = cfg->rotate_bytes,
				     .secs = cfg->rotate_secs,
				     .max_files = cfg->max_files };
	if (!strcmp(cfg->path, "-")) {
		fd = STDOUT_FILENO;
	} else if (cfg->rotate_secs) {
		/*
		 * -G names every file from the time of its first record and measures its period
		 * from there; the first file must too, or in replay its name is today's date
		 * while the others carry the capture's. So it is named and opened (by the writer
		 * thread, like every later file) when the first record comes.
		 */
		w->first_at_record = true;
	} else {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		tl_rotate_first(&w->rot, (int64_t)now.tv_sec * 1000000000, first, sizeof(first));
		fd = tl_writer_create_file(first);
		if (fd < 0) {
			err = fd;
			tl_err("%s: cannot create: %s", first, strerror(-err));
			goto fail;
		}
		own_fd = true;
	}
	err = tl_writer_start(w->wr, fd, own_fd, w->path, w->hdr, w->hdr_len);
	if (err) {
		tl_err("cannot start the file writer thread: %s", strerror(-err));
		goto fail;
	}
	w->started = true;
	*out = w;
	return 0;
nomem:
	tl_err("out of memory");
fail:
	tl_pcap_close(w, NULL);
	return err;
}

static uint32_t tl_if_id(struct tl_pcap *w, uint32_t ifindex)
{
	if (w->if_index[w->last_if] == ifindex)
		return w->last_if;
	for (int i = 0; i < w->n_ifs; i++) {
		if (w->if_index[i] == ifindex) {
			w->last_if = (uint32_t)i;
			return w->last_if;
		}
	}
	return 0;
}

/* The deferred first -G file: named from ts_ns, opened when its first chunk is written. */
static void tl_first_file(struct tl_pcap *w, int64_t ts_ns)
{
	char path[PATH_MAX];

	w->first_at_record = false;
	tl_rotate_first(&w->rot, ts_ns, path, sizeof(path));
	tl_writer_next_file(w->wr, path);
}

/* -C / -G: decide before each packet whether it opens a new file. Returns 1: stop. */
static int tl_maybe_rotate(struct tl_pcap *w, int64_t ts_ns)
{
	char path[PATH_MAX];

	if (w->first_at_record)
		tl_first_file(w, ts_ns);
	if (tl_writer_file_pending(w->wr))
		return 0;
	switch (tl_rotate_next(&w->rot, ts_ns, tl_writer_file_bytes(w->wr), path, sizeof(path))) {
	case TL_ROTATE_STOP:
		return 1;
	case TL_ROTATE_NEW:
		tl_writer_next_file(w->wr, path);
		return 0;
	default:
		return 0;
	}
}

int tl_pcap_record(struct tl_pcap *w, const struct tl_record *r, int64_t sec, uint32_t frac,
		   const char *comment)
{
	int64_t unit = w->cfg.nano ? 1000000000 : 1000000;
	/* In if_tsresol units; rotation and statistics compare these. A file's time stamps can
	 * be anything: the arithmetic wraps as pcapng's unsigned 64-bit field does. */
	int64_t ts = (int64_t)((uint64_t)sec * (uint64_t)unit + frac);
	int64_t ts_ns = w->cfg.nano ? ts : (int64_t)((uint64_t)ts * 1000);
	uint8_t *p;
	size_t clen = comment && comment[0] ? strnlen(comment, TL_COMMENT_MAX) : 0;
	struct tl_blk_packet pk = { .sec = sec, .frac = frac, .ts = ts };
	int err;

	err = tl_maybe_rotate(w, ts_ns);
	if (err)
		return err;
	err = tl_writer_room(w->wr, TL_BLOCK_MAX + TL_COMMENT_MAX, !w->cfg.live, &p);
	if (err == -EAGAIN) {
		w->drops++;
		return 0;
	}
	if (err) {
		tl_err("%s: %s", tl_writer_err_path(w->wr), strerror(-err));
		return err;
	}
	/* The frame is built in place, after the block fields before it: no copy. */
	if (tl_frame_build(r, w->cfg.live, p + tl_blk_frame_off(w->cfg.classic), &pk.caplen,
			   &pk.wirelen))
		return 0; /* the ring reader validated it; nothing sensible to write */
	struct tl_blk b = { .p = p, .cap = TL_BLOCK_MAX + TL_COMMENT_MAX };

	pk.if_id = tl_if_id(w, r->ifindex);
	/* Replay does not know the direction. */
	if (r->ifindex)
		pk.dir = (r->flags & TL_RF_EGRESS) ? 2 : 1;
	pk.comment = comment;
	pk.comment_len = clen;
	tl_blk_packet(&b, w->cfg.classic, &pk);
	tl_writer_commit(w->wr, b.n);
	w->if_written[pk.if_id]++;
	w->written++;
	if (!w->first_ts)
		w->first_ts = ts;
	w->last_ts = ts;
	return 0;
}

void tl_pcap_flush(struct tl_pcap *w)
{
	if (w)
		tl_writer_submit(w->wr);
}

uint64_t tl_pcap_drops(const struct tl_pcap *w)
{
	return w ? w->drops : 0;
}

uint64_t tl_pcap_written(const struct tl_pcap *w)
{
	return w ? w->written : 0;
}

/* The pcapng statistics blocks, at the end of the last file. */
static void tl_put_stats(struct tl_pcap *w, const struct tl_pcap_stats *st)
{
	size_t cap = 4096 + (size_t)w->n_ifs * 512;
	struct tl_blk_stats bs = { .n_ifs = w->n_ifs,
				   .if_written = w->if_written,
				   .first = w->first_ts,
				   .last = w->last_ts,
				   .drops = w->drops,
				   .kernel = st };
	struct timespec now;
	uint8_t *p;

	if (tl_writer_room(w->wr, cap, true, &p))
		return;
	struct tl_blk b = { .p = p, .cap = cap };

	clock_gettime(CLOCK_REALTIME, &now);
	/* if_tsresol units, like every time stamp of the interface */
	if (w->cfg.live)
		bs.now = w->cfg.nano ? (int64_t)now.tv_sec * 1000000000 + now.tv_nsec
				     : (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	else
		bs.now = w->last_ts;
	tl_blk_stats(&b, &bs);
	if (!b.overflow)
		tl_writer_commit(w->wr, b.n);
}

int tl_pcap_close(struct tl_pcap *w, const struct tl_pcap_stats *st)
{
	int err;

	if (!w)
		return 0;
	if (w->started) {
		/* Closing may wait for the disk: nothing is lost by waiting now. */
		w->cfg.live = false;
		if (w->first_at_record) {
			/* No record came: -w still leaves a (header-only) file, named now. */
			struct timespec now;
			uint8_t *p;

			clock_gettime(CLOCK_REALTIME, &now);
			tl_first_file(w, (int64_t)now.tv_sec * 1000000000);
			/* Taking a chunk starts the file: its header goes in first. */
			tl_writer_room(w->wr, 0, true, &p);
		}
		if (!w->cfg.classic)
			tl_put_stats(w, st);
	}
	err = tl_writer_close(w->wr);
	for (int i = 0; w->if_names && i < w->n_ifs; i++)
		free(w->if_names[i]);
	free(w->if_names);
	free(w->if_index);
	free(w->if_written);
	free(w->path);
	free(w);
	return err;
}
