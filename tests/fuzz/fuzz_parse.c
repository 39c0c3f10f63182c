// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: raw frames of every link type through the user-space build of bpf/parse.h,
 * then each record through the tcpdump printer, the JSON writer and the analysis. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "conn/flow.h"
#include "out/json.h"
#include "capture/parse.h" /* the user-space build of bpf/parse.h */
#include "out/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The consumers of one record; fresh per input so that every crash reproduces from its file. */
static void consume(const struct tl_record *r)
{
	struct tl_print_cfg rc = { .tsfmt = TL_TS_EPOCH,
				   .dec = { .mode = TL_DEC_PORTS, .vflag = 2 } };
	struct tl_print_cfg ac = {
		.tsfmt = TL_TS_DATE, .abs_seq = true, .len0_as_4993 = true, .ifprefix = true
	};
	struct tl_ts ts = { .sec = 1700000000, .frac = 123456 };
	struct tl_view_cfg vc = {
		.flows = 4, .relative = true, .analyse = true, .ana_lists = true
	};
	struct tl_view *vw = tl_view_new(&vc);
	struct tl_printer *rel = tl_printer_new(&rc, tl_fz_out());
	struct tl_printer *abs_p = tl_printer_new(&ac, tl_fz_out());
	struct tl_json *json = tl_json_new(tl_fz_out());
	static char line[TL_PRINT_TEXT_MAX]; /* a decoder's text included */
	struct tl_segview v, va;
	size_t n;

	TL_FZ_ASSERT(vw && rel && abs_p && json);
	tl_fz_decode(vw, r, &ts, NULL, 1, &v);
	tl_fz_decode(NULL, r, &ts, "fuzz0", 1, &va);
	n = tl_format_record(rel, line, sizeof(line), &v);
	TL_FZ_ASSERT(n > 0 && n < sizeof(line) && line[n - 1] == '\n' && strlen(line) == n);
	TL_FZ_ASSERT(!tl_print_record(rel, &v));
	TL_FZ_ASSERT(!tl_print_record(abs_p, &va));
	TL_FZ_ASSERT(!tl_json_record(json, &v));
	tl_json_free(json);
	tl_printer_free(abs_p);
	tl_printer_free(rel);
	tl_view_free(vw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(8) uint8_t recbuf[TL_RECORD_FRAME_MAX + 8];
	struct tl_record *r = (struct tl_record *)recbuf;
	struct tl_frame_cfg fc;
	struct tl_frame f;
	int ret;

	if (size < TL_FZ_PARSE_HDR)
		return 0;
	f.link = tl_fz_links[data[0] % TL_FZ_NLINKS];
	tl_fz_frame_cfg(data[1], &fc);
	f.cap_len = (uint32_t)(size - TL_FZ_PARSE_HDR);
	f.wire_len = f.cap_len + (uint32_t)(data[2] << 8 | data[3]);
	f.buf_len = f.cap_len < TL_PARSE_BUF ? f.cap_len : TL_PARSE_BUF;

	/* Poison the record so a field the parser forgot to write shows up as garbage. */
	memset(recbuf, 0xa5, TL_RECORD_MAX);
	ret = tl_parse_frame(data + TL_FZ_PARSE_HDR, &f, r, &fc);
	TL_FZ_ASSERT(ret >= 0 && ret < TL_CNT_MAX);
	TL_FZ_ASSERT(ret != TL_CNT_RING_FULL && ret != TL_CNT_FILTERED && ret != TL_CNT_TRUNCATED);
	if (ret != TL_CNT_EMITTED)
		return 0;
	tl_fz_check_emitted(r, f.cap_len);
	/* Same frame twice: the parser has no hidden state. */
	{
		_Alignas(8) uint8_t again[TL_RECORD_MAX];

		TL_FZ_ASSERT(tl_parse_frame(data + TL_FZ_PARSE_HDR, &f, (struct tl_record *)again,
					    &fc) == TL_CNT_EMITTED);
		TL_FZ_ASSERT(!memcmp(again, recbuf, r->size));
	}
	if (r->flags & TL_RF_FRAME) {
		/* The bytes, as replay appends them from the file. */
		struct tl_frame_sect *fs = (struct tl_frame_sect *)(recbuf + r->size - sizeof(*fs));
		uint32_t end = r->size + fs->len;

		memcpy(recbuf + r->size, data + TL_FZ_PARSE_HDR, fs->len);
		memset(recbuf + end, 0, 8);
		r->size = (uint16_t)((end + 7) & ~7U);
		TL_FZ_ASSERT(tl_rec_frame(r) == fs);
	}

	r->ts_ns = 1700000000123456000ull;
	consume(r);
	return 0;
}
