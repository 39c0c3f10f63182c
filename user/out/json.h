/* SPDX-License-Identifier: GPL-2.0-only */
/* --json: one JSON object per segment (JSON Lines), and the per-segment facts it shares with -w. */
#ifndef TL_JSON_H
#define TL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/analysis.h"
#include "conn/view.h"
#include "out/out.h"

struct tl_json;

/* Writes to out. NULL on allocation failure. */
struct tl_json *tl_json_new(struct tl_out *out);
void tl_json_free(struct tl_json *j);

/*
 * One line for one segment: a view decoded with relative numbers and analysis. Interface,
 * namespace (the interface's, m.netns) and direction are null in replay (no ifname). 0 or a
 * negative errno from the output.
 */
int tl_json_record(struct tl_json *j, const struct tl_segview *v);

/* The counters behind the closing {"summary": ...} line. */
struct tl_json_summary {
	uint64_t cnt[TL_CNT_MAX]; /* enum tl_counter, kernel or user-space parser */
	uint64_t printed;	  /* JSON lines written */
	uint64_t not_printed;	  /* delivered after -c was reached or output closed */
	uint64_t user_bad;	  /* malformed records dropped in user space */
	uint64_t file_drops;	  /* -w: records the file writer could not keep up with */
	uint64_t file_written;	  /* -w: records written to the file(s) */
};

int tl_json_summary(struct tl_json *j, const struct tl_json_summary *s);

#endif
