// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: arbitrary ring samples (records back to back) through the ring's acceptance
 * test and then every printer: tcpdump lines in each time format, the output forms (-e, -v,
 * -q, the dumps) over whatever frame section a record claims, JSON, explain/summary/ladder. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "out/explain.h"
#include "conn/flow.h"
#include "out/json.h"
#include "out/names.h"
#include "out/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A pure function of the address, so the cache kept across inputs changes no output: no name
 * for an even last byte, else a name as long as that byte says, up to past TL_NAME_MAX. */
static int tl_fz_lookup(void *ctx, uint8_t family, const uint8_t *addr, char *name, size_t len)
{
	size_t n = (size_t)addr[family == 6 ? 15 : 3] * 2;

	(void)ctx;
	if (!(n & 2))
		return -1;
	if (n > len - 1)
		n = len - 1;
	memset(name, 'n', n);
	name[n] = '\0';
	return (int)n;
}

/* Names (no -n) for inputs of odd length: made once, it costs a services file read. */
static struct tl_names *tl_fz_names(void)
{
	static struct tl_names *n;
	struct tl_names_cfg c = { .lookup = tl_fz_lookup };

	if (!n)
		TL_FZ_ASSERT(!tl_names_new(&c, &n));
	return n;
}

/* A ring sample is at most a few records; the printers' worst cases need no more. */
/* A ring sample is at most a few records; the printers' worst cases need no more. Records
 * with a frame section are longer: room for a few of 2 KiB. */
#define TL_FZ_SAMPLE_MAX (16 * TL_RECORD_MAX + 8192)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Ring samples are 8-byte aligned; the fuzzer's buffer is not. */
	static _Alignas(8) uint8_t buf[TL_FZ_SAMPLE_MAX];
	struct tl_explain_cfg ec = { .explain = true, .summary = true, .ladder = true };
	struct tl_print_cfg pc = {}, fc;
	struct tl_view_cfg vc = { .flows = 4,
				  .relative = true,
				  .analyse = true,
				  .ana_lists = true,
				  .ext_size = tl_explain_ext_size() };
	struct tl_view *vw;
	struct tl_printer *p, *pf;
	struct tl_explain *e;
	struct tl_json *json;
	uint64_t frame = 0;
	size_t len, off = 0;
	uint8_t sel;

	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	sel = data[0];
	len = size - 1;
	memcpy(buf, data + 1, len);
	pc.tsfmt = (enum tl_tsfmt)(sel % 6);
	pc.nano = sel & 0x08;
	pc.len0_as_4993 = sel & 0x10;
	pc.ifprefix = sel & 0x20;
	pc.abs_seq = sel & 0x40;
	/* The payload decoders after "length N", on whatever snippet a record carries. */
	pc.dec.mode = TL_DEC_PORTS;
	pc.dec.vflag = sel & 3;
	ec.abs_seq = pc.abs_seq;
	if (size & 1)
		pc.names = ec.names = tl_fz_names();

	vc.abs_seq = pc.abs_seq;
	vc.len0_as_4993 = pc.len0_as_4993;
	vw = tl_view_new(&vc);
	TL_FZ_ASSERT(vw);
	p = tl_printer_new(&pc, tl_fz_out());
	/* The same settings with forms, chosen from the same byte turned around. */
	fc = pc;
	fc.verbose = (uint8_t)((sel >> 1) % 3);
	fc.link = sel & 0x04;
	fc.quiet = (sel >> 7) & (sel >> 2) & 1;
	fc.hex = (uint8_t)((sel >> 3) % 3);
	fc.hexasc = (uint8_t)((sel >> 5) % 3);
	fc.ascii = (uint8_t)(sel % 3);
	pf = tl_printer_new(&fc, tl_fz_out());
	e = tl_explain_new(&ec, tl_fz_out(), vw);
	json = tl_json_new(tl_fz_out());
	TL_FZ_ASSERT(p && pf && e && json);

	while (len - off >= TL_RECORD_HDR) {
		const struct tl_record *r = (const struct tl_record *)(buf + off);
		/* Time stamps as unvalidated as a capture file's: negative, fraction out of range.
		 */
		struct tl_ts ts = { .sec = (int64_t)r->ts_ns, .frac = r->ifindex };
		static char line[TL_PRINT_TEXT_MAX]; /* a decoder's text included */
		struct tl_segview v;
		size_t n;

		if (!tl_fz_ring_accepts(r, len - off))
			break; /* the ring drops the rest of the sample */
		frame++;
		if (r->ack == 0xffffffffu) /* a frame that printed nothing in between */
			tl_print_skip(p, &ts);
		tl_fz_decode(vw, r, &ts, sel & 0x80 ? "veth-fuzz" : NULL, frame, &v);
		if (pc.names)
			tl_names_line(pc.names, v.m.ts_ns);
		n = tl_format_record(p, line, sizeof(line), &v);
		TL_FZ_ASSERT(n > 0 && n < sizeof(line) && line[n - 1] == '\n' && strlen(line) == n);
		TL_FZ_ASSERT(!tl_print_record(p, &v));
		TL_FZ_ASSERT(!tl_print_record(pf, &v));
		TL_FZ_ASSERT(!tl_explain_segment(e, &v));
		TL_FZ_ASSERT(!tl_json_record(json, &v));
		off += r->size;
	}
	TL_FZ_ASSERT(!tl_explain_report(e, true));
	tl_json_free(json);
	tl_explain_free(e);
	tl_printer_free(pf);
	tl_printer_free(p);
	tl_view_free(vw);
	return 0;
}
