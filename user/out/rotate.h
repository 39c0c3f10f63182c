/* SPDX-License-Identifier: GPL-2.0-only */
/* -C, -G and -W: when a capture file ends, what the next one is called, when to stop. */
#ifndef TL_ROTATE_H
#define TL_ROTATE_H

#include <stddef.h>
#include <stdint.h>

struct tl_rotate {
	const char *path;   /* -w FILE; with -G a strftime(3) pattern */
	uint64_t bytes;	    /* -C, in bytes; 0 = off */
	uint32_t secs;	    /* -G; 0 = off */
	uint32_t max_files; /* -W; 0 = no limit */

	int64_t file_start_ns; /* -G: the current period's start */
	uint32_t file_no;      /* -C number within the current -G period */
	uint32_t files_made;   /* files opened in all */
};

enum tl_rotate_step {
	TL_ROTATE_KEEP, /* the packet goes in the current file */
	TL_ROTATE_NEW,	/* it starts the file tl_rotate_next() named */
	TL_ROTATE_STOP, /* -G with -W has written its last file: stop, as tcpdump does */
};

/* The first file, whose first packet (or the open, without -G) is at ts_ns: its name. */
void tl_rotate_first(struct tl_rotate *rot, int64_t ts_ns, char *path, size_t len);

/*
 * Before each packet, at ts_ns, with the current file file_bytes long: whether it starts a
 * new file, and then that file's name in path.
 */
enum tl_rotate_step tl_rotate_next(struct tl_rotate *rot, int64_t ts_ns, uint64_t file_bytes,
				   char *path, size_t len);

#endif
