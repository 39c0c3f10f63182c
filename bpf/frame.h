/* SPDX-License-Identifier: GPL-2.0-only */
/* The frame section of a record (include/tcplens.h, struct tl_frame_sect): which frame bytes
 * a segment's record carries for the chosen outputs, and the section's header. Built by both
 * the BPF program and user space, as parse.h is. */
#ifndef TL_BPF_FRAME_H
#define TL_BPF_FRAME_H

#include <linux/types.h>
#include "tcplens.h"
#include "cksum.h"
#include "parse.h"

/* volatile: the BPF program passes its read-only data, which clang must not fold. */
static __always_inline int tl_port_set(const volatile struct tl_frame_cfg *c, __u32 port)
{
	return (c->ports[(port >> 6) & 1023] >> (port & 63)) & 1;
}

/*
 * Frame bytes the record of the segment just parsed must carry: 0 for none. cap_len is the
 * frame's captured length; l4_off where its TCP header starts (m->l4_off); link its type.
 */
static __always_inline __u32 tl_frame_want(const volatile struct tl_frame_cfg *c,
					   const struct tl_record *r, __u32 l4_off, __u32 cap_len,
					   __u32 link)
{
	__u32 want = c->every, hl = r->l4_caplen, doff = (r->doff_byte >> 4) * 4;

	if (c->headers ||
	    (c->line && (r->ext_cnt || link == TL_LINK_SLL || link == TL_LINK_SLL2))) {
		if (hl >= 20 && doff < hl)
			hl = doff;
		if (l4_off + hl > want)
			want = l4_off + hl;
	}
	if (c->decode && r->l4_caplen > doff && doff >= 20 &&
	    (tl_port_set(c, r->sport) || tl_port_set(c, r->dport)))
		want = TL_FRAME_MAX;
	/* -v prints a RST's payload (print_tcp_rst_data): rare, so the whole frame. */
	if (c->rst && (r->tcp_flags & 0x04) && r->l4_caplen > doff && doff >= 20)
		want = TL_FRAME_MAX;
	if (want > cap_len)
		want = cap_len;
	return want > TL_FRAME_MAX ? TL_FRAME_MAX : want;
}

/*
 * Append the frame section's header for want bytes to the record in m (TL_RF_FRAME, size up
 * to the header's end). The caller appends the bytes and grows size over them.
 */
static __always_inline void tl_frame_sect_put(struct tl_parse_mem *m, const struct tl_frame *f,
					      __u32 want)
{
	struct tl_record *rec = (struct tl_record *)m->rec;
	__u32 off = TL_FRAME_SECT_OFF(rec->family, rec->opt_len, rec->flags) & 255;
	struct tl_frame_sect *fs = (struct tl_frame_sect *)(m->rec + off);

	fs->len = want;
	fs->wire_len = f->wire_len;
	fs->link = f->link;
	/* Offsets past the captured bytes (a TCP header beyond a short frame) say "none here". */
	fs->l3_off = m->l3_off < want ? m->l3_off : want;
	fs->l4_off = m->l4_off < want ? m->l4_off : want;
	fs->pad = 0;
	rec->flags |= TL_RF_FRAME;
	rec->size = off + sizeof(*fs);
}

#endif /* TL_BPF_FRAME_H */
