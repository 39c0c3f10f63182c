/* SPDX-License-Identifier: GPL-2.0-only */
/* Puts records from several time-ordered streams (CPUs, rings, namespaces) back into one
 * time order before anyone prints them. */
#ifndef TL_MERGE_H
#define TL_MERGE_H

#include <stdint.h>
#include <tcplens.h>

/* A released record and the stream it came from. */
typedef void (*tl_merge_fn)(void *ctx, unsigned int stream, const struct tl_record *r);

struct tl_merge;

int tl_merge_new(unsigned int streams, tl_merge_fn fn, void *ctx, struct tl_merge **out);
/* Queue a copy of r on a stream; records of one stream must come in time order. */
int tl_merge_push(struct tl_merge *m, unsigned int stream, const struct tl_record *r);
/*
 * Make a stream a reader thread's own: an inbox of at least `bytes` that only that thread
 * fills, with tl_merge_feed() and tl_merge_feed_safe(), while the merge's thread releases.
 */
int tl_merge_inbox(struct tl_merge *m, unsigned int stream, size_t bytes);
/* From the stream's reader: queue a copy of r; -ENOSPC while the inbox is full. */
int tl_merge_feed(struct tl_merge *m, unsigned int stream, const struct tl_record *r);
/* From the stream's reader: nothing stamped at or before safe_ns will still be fed. */
void tl_merge_feed_safe(struct tl_merge *m, unsigned int stream, uint64_t safe_ns);
/*
 * Hand on, oldest first, every queued record that no stream can still precede: older than
 * every other stream's next record, and, for a stream with none queued, stamped at or before
 * the time up to which it is complete: safe_ns for the streams this thread pushes, what the
 * reader said for an inbox.
 */
void tl_merge_release(struct tl_merge *m, uint64_t safe_ns);
/* Hand on everything queued, in order (the end: nothing older can still come). */
void tl_merge_flush(struct tl_merge *m);
/* Records handed on before their turn because too much was queued (see merge.c). */
uint64_t tl_merge_forced(const struct tl_merge *m);
void tl_merge_free(struct tl_merge *m);

#endif
