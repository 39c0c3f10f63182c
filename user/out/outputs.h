/* SPDX-License-Identifier: GPL-2.0-only */
/* The outputs a run asked for, chosen once at start and given every segment view in a fixed
 * order: text line, annotation, capture file, JSON. */
#ifndef TL_OUTPUTS_H
#define TL_OUTPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"
#include "conn/view.h"
#include "out/explain.h"
#include "out/names.h"
#include "out/pcapng.h"
#include "out/print.h"

struct tl_outputs_cfg {
	struct tl_print_cfg print;     /* the text line (none with -w or --json) */
	bool numeric;		       /* -n: no names in the line, --summary or --ladder */
	struct tl_names_cfg names;     /* else how names are found */
	struct tl_explain_cfg explain; /* --explain, --summary, --ladder */
	struct tl_pcap_cfg write;      /* -w: write.path set */
	bool json;		       /* --json */
	bool linebuf;		       /* -l */
	bool number;		       /* -#: the packet number before each line */
	long count;		       /* -c: stop after this many segments; 0 = no limit */
	uint32_t flows;		       /* --flows: connections tracked */
};

/* What happened to the segments the outputs were given, for the closing lines. */
struct tl_outputs_stats {
	uint64_t printed;     /* printed, written to the file or as JSON */
	uint64_t not_printed; /* delivered after -c or -W was reached or the output closed */
	uint64_t file_written;
	uint64_t file_drops;
};

struct tl_outputs;

/* Standard output takes the text; says what failed on stderr. 0 or a negative errno. */
int tl_outputs_new(const struct tl_outputs_cfg *cfg, struct tl_outputs **out);

/* Where --explain learns how many records tcplens itself lost so far (ring full). */
void tl_outputs_set_own_drops(struct tl_outputs *o, uint64_t (*fn)(void *ctx), void *ctx);

/* -w: opens the file with its interfaces (one Interface Description Block each). */
int tl_outputs_open_file(struct tl_outputs *o, const struct tl_pcap_if *ifs, int n_ifs);

/*
 * One record, captured as m says: decoded once, then handed to each output. Returns true
 * once nothing more is wanted: -c reached, -G with -W wrote its last file, or the output
 * failed (a reader that went away, a full disk).
 */
bool tl_outputs_record(struct tl_outputs *o, const struct tl_record *r,
		       const struct tl_capture_meta *m);

/* A frame of a file that gave no record: -ttt/-ttttt references move on as in tcpdump. */
void tl_outputs_skip(struct tl_outputs *o, const struct tl_ts *ts);

/* The ring is idle: write what is buffered (unless -l wrote it already). */
void tl_outputs_idle(struct tl_outputs *o);

/* SIGUSR1: --summary and --ladder of the connections open now. */
void tl_outputs_report(struct tl_outputs *o);

/*
 * The end of the run: closes the capture file with its statistics blocks and writes JSON's
 * summary line, given the kernel's counters (enum tl_counter) and the records user space
 * dropped as malformed. 0 or a negative errno.
 */
int tl_outputs_finish(struct tl_outputs *o, const uint64_t cnt[TL_CNT_MAX], uint64_t bad);

/*
 * tcpdump-style closing lines on stderr: every segment the hook saw is in one bucket; live
 * with names, one more line counts those printed with a number because a lookup was late.
 */
void tl_outputs_print_counters(const struct tl_outputs *o, const uint64_t cnt[TL_CNT_MAX],
			       uint64_t bad);

/* Reports the connections still open (--summary, --ladder), writes what is left, frees. */
void tl_outputs_free(struct tl_outputs *o);

#endif
