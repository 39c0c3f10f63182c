/* SPDX-License-Identifier: GPL-2.0-only */
/* Reads segment records from the BPF ring buffer and hands each valid one to a callback. */
#ifndef TL_RING_H
#define TL_RING_H

#include <stdint.h>
#include <tcplens.h>

/* r is a segment record, or a kernel event when its first byte is TL_EVENT_MARK. */
typedef void (*tl_record_fn)(void *ctx, const struct tl_record *r);

struct tl_ring;
struct tl_merge;

int tl_ring_open(int map_fd, tl_record_fn fn, void *ctx, struct tl_ring **out);
/*
 * --rings percpu: creates one ring of `bytes` per CPU, puts them in the BPF program's outer
 * map (outer_fd) and reads them together with the shared ring (shared_fd).
 */
int tl_ring_open_percpu(int shared_fd, int outer_fd, unsigned int ncpu, uint32_t bytes,
			tl_record_fn fn, void *ctx, struct tl_ring **out);
/* Queue records on merge stream base + CPU instead of calling fn: CPUs' batches and rings
 * interleave out of time order. ncpu bounds the CPU numbers batches may name. */
void tl_ring_set_merge(struct tl_ring *r, struct tl_merge *m, unsigned int base, unsigned int ncpu);
/* Kernel events (struct tl_event_hdr) go to merge stream ev_base + their CPU; until this
 * is called, to the records' streams. */
void tl_ring_set_event_streams(struct tl_ring *r, unsigned int ev_base);
/*
 * The programs' pending batches (struct tl_pending, in their .bss), up to ncpu CPUs: the
 * merge may not pass a batch still waiting for its flush, however late its timer runs.
 */
void tl_ring_set_pending(struct tl_ring *r, const struct tl_pending *p, unsigned int ncpu);
/* safe, lowered to just before the oldest batch still pending on any CPU. Read it before
 * draining the ring: a batch that leaves the list is in the ring by then. */
uint64_t tl_ring_pending_bound(const struct tl_ring *r, uint64_t safe);
/*
 * --rings percpu, once the merge is set: one reader thread per CPU ring moves its records into
 * an inbox of `inbox` bytes in the merge and says up to when its stream is complete (the
 * hold: how late a record may reach its ring after its time stamp); it writes to wake_fd
 * (an eventfd) when it fed something. tl_ring_drain() and tl_ring_close() stop them.
 */
int tl_ring_start_readers(struct tl_ring *r, uint64_t hold_ns, int wake_fd, size_t inbox);
/* Readable when the kernel wakes us: to wait for several rings at once. */
int tl_ring_epoll_fd(const struct tl_ring *r);
/* Wait up to timeout_ms for the kernel's wake-up, then drain whatever is there, since the
 * kernel side wakes us only in batches. Returns records handled or a negative errno. */
int tl_ring_poll(struct tl_ring *r, int timeout_ms);
/* Hand the records to fn(ctx) from now on: replay puts itself between ring and printer. */
void tl_ring_set_fn(struct tl_ring *r, tl_record_fn fn, void *ctx);
/* Drain without waiting (per-CPU rings: their reader threads end first). */
int tl_ring_drain(struct tl_ring *r);
/* Records that were malformed (wrong version or size) and dropped in user space. */
uint64_t tl_ring_bad(const struct tl_ring *r);
void tl_ring_close(struct tl_ring *r);

#endif
