// SPDX-License-Identifier: GPL-2.0-only
/* -C, -G and -W: when a capture file ends, what the next one is called, when to stop. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "out/rotate.h"

static int tl_digits(uint32_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* tcpdump's names: FILE, FILE1, FILE2 ... with -C; FILE0..FILE(W-1), padded, with -C -W. */
static void tl_file_name(const struct tl_rotate *rot, int64_t ts_ns, uint32_t no, char *out,
			 size_t len)
{
	char base[PATH_MAX - 32]; /* room for the file number */

	snprintf(base, sizeof(base), "%s", rot->path);
	if (rot->secs) {
		time_t t = (time_t)(ts_ns / 1000000000);
		struct tm tm;

		if (localtime_r(&t, &tm) && !strftime(base, sizeof(base), rot->path, &tm))
			snprintf(base, sizeof(base), "%s", rot->path);
	}
	if (rot->bytes && rot->max_files)
		snprintf(out, len, "%s%0*u", base, tl_digits(rot->max_files - 1) & 15,
			 no % rot->max_files);
	else if (rot->bytes && no)
		snprintf(out, len, "%s%u", base, no);
	else
		snprintf(out, len, "%s", base);
}

void tl_rotate_first(struct tl_rotate *rot, int64_t ts_ns, char *path, size_t len)
{
	rot->file_start_ns = ts_ns;
	tl_file_name(rot, ts_ns, 0, path, len);
	rot->files_made = 1;
}

/* As tcpdump decides, before each packet. */
enum tl_rotate_step tl_rotate_next(struct tl_rotate *rot, int64_t ts_ns, uint64_t file_bytes,
				   char *path, size_t len)
{
	bool by_time, by_size;

	if (!rot->file_start_ns)
		rot->file_start_ns = ts_ns;
	by_time = rot->secs && (int64_t)((uint64_t)ts_ns - (uint64_t)rot->file_start_ns) >=
				       (int64_t)rot->secs * 1000000000;
	by_size = rot->bytes && file_bytes > rot->bytes;
	if (!by_time && !by_size)
		return TL_ROTATE_KEEP;
	if (by_time) {
		/* -G with -W (and no -C) means: stop after that many files. */
		if (rot->max_files && !rot->bytes && rot->files_made >= rot->max_files)
			return TL_ROTATE_STOP;
		rot->file_start_ns = ts_ns;
		rot->file_no = 0;
	} else {
		rot->file_no++;
	}
	tl_file_name(rot, ts_ns, rot->file_no, path, len);
	rot->files_made++;
	return TL_ROTATE_NEW;
}
