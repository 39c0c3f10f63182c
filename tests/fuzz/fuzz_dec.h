/* SPDX-License-Identifier: GPL-2.0-only */
/* The body of the payload-decoder harnesses: one input (fuzz_common.h's layout) through
 * tl_decode_payload() on one of the harness's ports, with the promises checked. */
#ifndef TL_FUZZ_DEC_H
#define TL_FUZZ_DEC_H

#include "fuzz_common.h"
#include "out/proto/decode.h"

/* Canary bytes after the room given: nothing may be written there. */
#define TL_FZ_CANARY 16

/* The two ends of every harness segment; NFS pairs a reply with its call by these. */
static const uint8_t tl_fz_client[4] = { 198, 18, 0, 1 }, tl_fz_server[4] = { 198, 18, 0, 2 };

/*
 * Each input stands alone: the NFS calls of earlier inputs are forgotten. An input from port
 * 2049 is an NFS reply, whose results print only after its call: a call with its XID goes
 * first, its version and procedure taken from header bits the reply's decoding shares.
 */
static inline void tl_fz_nfs_call(const uint8_t *data, const struct tl_dec_seg *reply)
{
	/* The NFS program (100003), RPC version 2, empty credentials and verifier. */
	uint8_t call[44] = { 0x80, 0, 0, 40 };
	struct tl_dec_seg s = { .p = call,
				.caplen = sizeof(call),
				.len = sizeof(call),
				.sport = 40000,
				.dport = 2049,
				.tcp_flags = 0x18,
				.family = 4,
				.saddr = tl_fz_client,
				.daddr = tl_fz_server };
	struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS };
	static char out[1024];

	tl_dec_nfs_reset();
	if (reply->sport != 2049 || reply->caplen < 8)
		return;
	memcpy(call + 4, reply->p + 4, 4);
	call[15] = 2;
	call[17] = 0x01;
	call[18] = 0x86;
	call[19] = 0xa3;
	call[23] = (uint8_t)(2 + (data[2] & 1));
	call[27] = (uint8_t)(data[3] % 27);
	tl_decode_payload(out, out + sizeof(out), &s, &cfg, NULL);
}

static inline void tl_fz_payload(const uint8_t *data, size_t size, const uint16_t *ports,
				 size_t nports)
{
	static const uint8_t modes[] = { TL_DEC_PORTS, TL_DEC_FORCE_RESP, TL_DEC_FORCE_DOMAIN,
					 TL_DEC_FORCE_ZMTP1 };
	static char out[TL_DEC_OUT_MAX + TL_FZ_CANARY], again[TL_DEC_OUT_MAX];
	struct tl_dec_cfg cfg;
	struct tl_dec_seg s;
	uint16_t port, other;
	uint32_t len, caplen;
	size_t room;
	uint8_t *copy;
	char *e, *e2;
	int st, st2;

	if (size < TL_FZ_DEC_HDR || size - TL_FZ_DEC_HDR > 0xffff)
		return;
	len = (uint32_t)(size - TL_FZ_DEC_HDR);
	caplen = data[2] ? (uint32_t)((uint64_t)len * data[2] / 256) : len;
	room = data[3] ? (size_t)data[3] * 8 : TL_DEC_OUT_MAX;
	cfg = (struct tl_dec_cfg){ .mode = modes[(data[0] >> 3) & 3],
				   .vflag = data[0] & 3,
				   .xflag = data[0] & 4 };
	port = ports[data[1] % nports];
	other = data[0] & 0x80 ? ports[(data[1] / nports + 1) % nports] : 40000;
	/* The payload alone in its own allocation: ASan sees any read past caplen. */
	copy = malloc(caplen ? caplen : 1);
	TL_FZ_ASSERT(copy);
	memcpy(copy, data + TL_FZ_DEC_HDR, caplen);
	s = (struct tl_dec_seg){
		.p = copy,
		.caplen = caplen,
		.len = len,
		.sport = data[0] & 0x40 ? port : other,
		.dport = data[0] & 0x40 ? other : port,
		.tcp_flags = data[0] & 0x20 ? 0x14 : 0x18,
		.family = 4,
	};
	s.saddr = s.sport == port ? tl_fz_server : tl_fz_client;
	s.daddr = s.sport == port ? tl_fz_client : tl_fz_server;
	tl_fz_nfs_call(data, &s);
	memset(out + room, 0xa5, TL_FZ_CANARY);
	e = tl_decode_payload(out, out + room, &s, &cfg, &st);
	TL_FZ_ASSERT(e >= out && e <= out + room);
	for (int i = 0; i < TL_FZ_CANARY; i++)
		TL_FZ_ASSERT((uint8_t)out[room + i] == 0xa5);
	TL_FZ_ASSERT(st >= TL_DEC_NONE && st <= TL_DEC_CUT);
	TL_FZ_ASSERT(st != TL_DEC_NONE || e == out);
	TL_FZ_ASSERT(!len || st != TL_DEC_NONE || cfg.mode == TL_DEC_PORTS);
	/* tcpdump's text is ASCII: printers escape every byte they do not print as itself. */
	for (const char *c = out; c < e; c++)
		TL_FZ_ASSERT(*c && !(*c & 0x80));
	/* Pure: the same input gives the same text. */
	e2 = tl_decode_payload(again, again + room, &s, &cfg, &st2);
	TL_FZ_ASSERT(st2 == st && e2 - again == e - out && !memcmp(again, out, (size_t)(e - out)));
	free(copy);
}

#endif
