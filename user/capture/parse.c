// SPDX-License-Identifier: GPL-2.0-only
/* User-space entry to bpf/parse.h, the same code the BPF programs run. */
#include <errno.h>
#include <string.h>

#include "capture/parse.h"

int tl_parse_frame(const uint8_t *frame, const struct tl_frame *f, struct tl_record *rec,
		   const struct tl_frame_cfg *fc)
{
	/* Zeroed so that bytes past buf_len read as in the kernel's scratch: never used. */
	struct tl_parse_mem m = {};
	uint32_t want;
	int ret;

	if (!f || !rec || (!frame && f->buf_len))
		return -EINVAL;
	want = f->cap_len < TL_PARSE_BUF ? f->cap_len : TL_PARSE_BUF;
	if (f->buf_len != want)
		return -EINVAL;
	if (f->buf_len) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(m.buf, frame, f->buf_len);
	ret = tl_parse(&m, f);
	if (ret == TL_PARSE_MORE) /* cannot happen with the whole head */
		return -EINVAL;
	if (ret == TL_CNT_EMITTED && fc) {
		struct tl_record *r = (struct tl_record *)m.rec;
		uint32_t want = tl_frame_want(fc, r, m.l4_off, f->cap_len, f->link);

		/* As the kernel sums the segment, over the caller's cap_len bytes. */
		if (fc->csum && tl_csum_due(r, m.l4_off, f->cap_len))
			tl_csum_put(r, tl_cksum_add((uint32_t)tl_csum_pseudo(&m, f->buf_len),
						    frame + m.l4_off, r->l4_len));
		if (want)
			tl_frame_sect_put(&m, f, want);
	}
	if (ret == TL_CNT_EMITTED)
		memcpy(rec, m.rec, ((struct tl_record *)m.rec)->size);
	return ret;
}
