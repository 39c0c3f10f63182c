/* SPDX-License-Identifier: GPL-2.0-only */
/* Fixed-size records named by a 32-bit handle: per-connection state that only some connections
 * need, without a malloc header each or a pointer in every connection. */
#ifndef TL_SLAB_H
#define TL_SLAB_H

#include <stddef.h>
#include <stdint.h>

#define TL_SLAB_BLOCK_SHIFT 12 /* records per block: 4096 */

struct tl_slab {
	uint8_t **block; /* blocks of 1 << TL_SLAB_BLOCK_SHIFT records, allocated as needed */
	uint32_t nblocks, cap_blocks;
	uint32_t size;	    /* bytes a record, a multiple of 4 */
	uint32_t fresh;	    /* records handed out at least once */
	uint32_t free_head; /* handle of the first freed record, 0 = none */
	uint32_t live;
};

/* size: bytes of one record (at least 4; records are 4-byte aligned). */
void tl_slab_init(struct tl_slab *s, uint32_t size);
void tl_slab_destroy(struct tl_slab *s);

/* A zeroed record's handle, or 0 when memory ran out. */
uint32_t tl_slab_alloc(struct tl_slab *s);
/* h may be 0 (nothing to release). */
void tl_slab_release(struct tl_slab *s, uint32_t h);

static inline void *tl_slab_at(const struct tl_slab *s, uint32_t h)
{
	h--;
	return s->block[h >> TL_SLAB_BLOCK_SHIFT] +
	       (size_t)(h & ((1u << TL_SLAB_BLOCK_SHIFT) - 1)) * s->size;
}

#endif
