/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's TCP segment parser (bpf/parse.h) built for user space: replay without BPF. */
#ifndef TL_USER_PARSE_H
#define TL_USER_PARSE_H

#include <stdint.h>

#include "tcplens.h"
/* By relative path: to the files in user/capture/ this header is "parse.h" itself. */
#include "../../bpf/parse.h"
#include "../../bpf/csum.h"
#include "../../bpf/frame.h"

/*
 * Parse one frame exactly as the BPF programs do. frame holds f->buf_len bytes, which must be
 * min(f->cap_len, TL_PARSE_BUF) (the bytes a capture file has for the frame, up to the
 * parser's window). rec must have TL_RECORD_MAX bytes; on TL_CNT_EMITTED it holds rec->size
 * bytes identical to what the kernel writes to the ring, with ts_ns, ifindex 0. With fc, a
 * record that needs frame bytes gets its frame section's header (TL_RF_FRAME) as the BPF
 * replay program writes it: the caller appends the bytes. With fc->csum, frame must hold all
 * f->cap_len bytes: the checksum verdict (TL_RF_CSUM) sums the whole segment.
 * Returns an enum tl_counter outcome (>= 0) or -EINVAL for a bad argument.
 */
int tl_parse_frame(const uint8_t *frame, const struct tl_frame *f, struct tl_record *rec,
		   const struct tl_frame_cfg *fc);

#endif
