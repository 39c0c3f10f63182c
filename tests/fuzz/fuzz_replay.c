// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: arbitrary bytes as a capture file through tcplens -r's path without BPF
 * (libpcap, the user-space parser, the printer), checking that the counters add up. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "conn/flow.h"
#include "log.h"
#include "out/print.h"
#include "capture/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

struct tl_fz_sink {
	struct tl_printer *p;
	struct tl_view *vw;
	struct tl_replay *rp;
	uint64_t records, skips;
};

static void on_record(void *ctx, const struct tl_record *r)
{
	struct tl_fz_sink *s = ctx;

	tl_fz_check_emitted(r, 0);
	s->records++;
	struct tl_segview v;

	tl_fz_decode(s->vw, r, tl_replay_ts(s->rp), NULL, tl_replay_frame_no(s->rp), &v);
	TL_FZ_ASSERT(!tl_print_record(s->p, &v));
}

static void on_skip(void *ctx, const struct tl_ts *ts)
{
	struct tl_fz_sink *s = ctx;

	s->skips++;
	tl_print_skip(s->p, ts);
}

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* libpcap opens by name: a memory file keeps the fuzzer off the disk. */
	memfd = memfd_create("tl-fuzz-replay", MFD_CLOEXEC);
	TL_FZ_ASSERT(memfd >= 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tl_print_cfg pc = { .tsfmt = TL_TS_DELTA, .len0_as_4993 = true };
	struct tl_replay_sink sink = { .record = on_record, .skip = on_skip };
	volatile sig_atomic_t stop = 0;
	struct tl_fz_sink s = {};
	const uint64_t *cnt;
	struct tl_view_cfg vc = { .flows = 4, .relative = true, .len0_as_4993 = true };
	struct tl_replay *rp;
	uint64_t sum = 0;
	int err;

	TL_FZ_ASSERT(!ftruncate(memfd, 0));
	TL_FZ_ASSERT(pwrite(memfd, data, size, 0) == (ssize_t)size);
	/* The last byte picks the time stamp precision asked for (--nano). */
	if (tl_replay_open(path, size && (data[size - 1] & 1), 0, &rp))
		return 0;
	TL_FZ_ASSERT(tl_replay_link_name(rp));
	s.vw = tl_view_new(&vc);
	s.p = tl_printer_new(&pc, tl_fz_out());
	s.rp = rp;
	TL_FZ_ASSERT(s.vw && s.p);
	sink.ctx = &s;
	err = tl_replay_run(rp, -1, NULL, &sink, &stop);
	TL_FZ_ASSERT(!err || err == -EIO);

	/* The accounting of include/tcplens.h: every frame is seen once and has one outcome. */
	cnt = tl_replay_counters(rp);
	for (int i = TL_CNT_EMITTED; i < TL_CNT_MAX; i++)
		if (i != TL_CNT_TRUNCATED) /* a subset of emitted, not an outcome */
			sum += cnt[i];
	TL_FZ_ASSERT(cnt[TL_CNT_SEEN] == sum);
	TL_FZ_ASSERT(cnt[TL_CNT_SEEN] + tl_replay_invalid(rp) == tl_replay_frame_no(rp));
	TL_FZ_ASSERT(cnt[TL_CNT_EMITTED] == s.records);
	TL_FZ_ASSERT(cnt[TL_CNT_SEEN] == s.records + s.skips);
	TL_FZ_ASSERT(cnt[TL_CNT_TRUNCATED] <= cnt[TL_CNT_EMITTED]);
	TL_FZ_ASSERT(!cnt[TL_CNT_RING_FULL] && !cnt[TL_CNT_FILTERED]);

	tl_printer_free(s.p);
	tl_view_free(s.vw);
	tl_replay_close(rp);
	return 0;
}
