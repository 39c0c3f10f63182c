// SPDX-License-Identifier: GPL-2.0-only
/* Fixed-size records named by a 32-bit handle, carved from large blocks. */
#include <stdlib.h>
#include <string.h>

#include "conn/slab.h"

#define TL_SLAB_PER_BLOCK (1u << TL_SLAB_BLOCK_SHIFT)

void tl_slab_init(struct tl_slab *s, uint32_t size)
{
	memset(s, 0, sizeof(*s));
	s->size = (size < 4 ? 4 : size + 3) & ~3u;
}

void tl_slab_destroy(struct tl_slab *s)
{
	for (uint32_t i = 0; i < s->nblocks; i++)
		free(s->block[i]);
	free(s->block);
	tl_slab_init(s, s->size);
}

uint32_t tl_slab_alloc(struct tl_slab *s)
{
	uint32_t h;

	if (s->free_head) {
		h = s->free_head;
		memcpy(&s->free_head, tl_slab_at(s, h), sizeof(s->free_head));
	} else {
		if (s->fresh == (uint32_t)s->nblocks << TL_SLAB_BLOCK_SHIFT) {
			/* Handles stay below 2^32: at most 2^20 - 1 blocks. */
			if (s->nblocks >= (1u << (32 - TL_SLAB_BLOCK_SHIFT)) - 1)
				return 0;
			if (s->nblocks == s->cap_blocks) {
				uint32_t cap = s->cap_blocks ? 2 * s->cap_blocks : 16;
				uint8_t **b = realloc(s->block, cap * sizeof(*b));

				if (!b)
					return 0;
				s->block = b;
				s->cap_blocks = cap;
			}
			/* malloc, not calloc: a record is zeroed when handed out */
			s->block[s->nblocks] = malloc((size_t)TL_SLAB_PER_BLOCK * s->size);
			if (!s->block[s->nblocks])
				return 0;
			s->nblocks++;
		}
		h = ++s->fresh;
	}
	memset(tl_slab_at(s, h), 0, s->size);
	s->live++;
	return h;
}

void tl_slab_release(struct tl_slab *s, uint32_t h)
{
	if (!h)
		return;
	/* the free list runs through the first 4 bytes of the freed records */
	memcpy(tl_slab_at(s, h), &s->free_head, sizeof(s->free_head));
	s->free_head = h;
	s->live--;
}
