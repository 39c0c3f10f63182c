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
 * Hand on, oldest first, every queued record that no stream can still precede: those up to
 * safe_ns (no record older than that can still arrive), and any that is older than every
 * stream's next one while all streams have one.
 */
void tl_merge_release(struct tl_merge *m, uint64_t safe_ns);
/* Hand on everything queued, in order. */
void tl_merge_flush(struct tl_merge *m);
/* Records handed on before their turn because too much was queued (see merge.c). */
uint64_t tl_merge_forced(const struct tl_merge *m);
void tl_merge_free(struct tl_merge *m);

#endif
