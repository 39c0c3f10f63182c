/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capture files built from records (-w): pcapng or classic pcap, rotation, a writer thread.
 * The parts: rebuild.h (the frame), pcap_blocks.h (the bytes), rotate.h (-C/-G/-W), writer.h.
 */
#ifndef TL_PCAPNG_H
#define TL_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcplens.h"

struct tl_pcap_cfg {
	const char *path;      /* "-" writes to stdout */
	bool classic;	       /* --pcap: classic pcap (nanosecond variant), no pcapng blocks */
	bool live;	       /* see tl_frame_build(); also: drop instead of waiting when full */
	bool nano;	       /* time stamp fractions are ns, else us (replay keeps the file's) */
	uint64_t rotate_bytes; /* -C, in bytes (tcpdump's MB are 1,000,000 bytes); 0 = off */
	uint32_t rotate_secs;  /* -G; 0 = off */
	uint32_t max_files;    /* -W; 0 = no limit */
};

/* One Interface Description Block each. */
struct tl_pcap_if {
	const char *name;
	uint32_t ifindex; /* what records carry in ifindex (0 in replay) */
	const char *desc; /* if_description, may be NULL */
};

/* Kernel counters for the closing Interface Statistics Blocks (enum tl_counter). */
struct tl_pcap_stats {
	uint64_t cnt[TL_CNT_MAX];
	bool valid;
};

struct tl_pcap;

/* Opens the first file and starts the writer thread. Says what failed on stderr. */
int tl_pcap_open(const struct tl_pcap_cfg *cfg, const struct tl_pcap_if *ifs, int n_ifs,
		 struct tl_pcap **out);

/*
 * Queue one record, time stamped sec + frac (ns with cfg.nano, else us). The fraction is
 * written unvalidated, as capture files may hold it (classic pcap keeps it exactly; pcapng
 * counts in units, so an out-of-range fraction carries into the seconds). comment (NULL or
 * "") goes into the Enhanced Packet Block's opt_comment. Returns 0; 1 when -G with -W has
 * written its last file (stop capturing, like tcpdump); or a negative errno once writing
 * failed.
 * A full queue in live mode drops the record and counts it (tl_pcap_drops).
 */
int tl_pcap_record(struct tl_pcap *w, const struct tl_record *r, int64_t sec, uint32_t frac,
		   const char *comment);

/* Hand what is buffered to the writer thread (call when the ring is idle). */
void tl_pcap_flush(struct tl_pcap *w);

/* Records the writer could not keep up with. */
uint64_t tl_pcap_drops(const struct tl_pcap *w);
uint64_t tl_pcap_written(const struct tl_pcap *w);

/*
 * Append the statistics blocks (pcapng), write everything, stop the thread, close the file.
 * Returns 0 or the first write error as a negative errno. Accepts NULL.
 */
int tl_pcap_close(struct tl_pcap *w, const struct tl_pcap_stats *st);

#endif
