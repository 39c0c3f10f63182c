// SPDX-License-Identifier: GPL-2.0-only
/* Writes the harnesses' seed corpora: frames and records from capture files, and a few
 * scripted TCP conversations in fuzz_analysis.c's segment encoding. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>

#include "fuzz_common.h"
#include "capture/parse.h" /* the user-space build of bpf/parse.h */

/* Records per print seed: enough for relative sequence numbers to kick in. */
#define TL_SEED_RECS 12

static unsigned int n_written;

static int write_seed(const char *dir, const char *tag, unsigned int n, const void *a, size_t alen,
		      const void *b, size_t blen)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%04u", dir, tag, n);
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "seedgen: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	fwrite(a, 1, alen, f);
	if (blen)
		fwrite(b, 1, blen, f);
	if (fclose(f)) {
		fprintf(stderr, "seedgen: %s: %s\n", path, strerror(errno));
		return -EIO;
	}
	n_written++;
	return 0;
}

static int link_index(int dlt)
{
	uint32_t link;

	switch (dlt) {
	case DLT_EN10MB:
		link = TL_LINK_ETH;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		link = TL_LINK_NULL;
		break;
	case DLT_RAW:
	case 14:
	case 101:
		link = TL_LINK_RAW;
		break;
	case DLT_LINUX_SLL:
		link = TL_LINK_SLL;
		break;
	case DLT_LINUX_SLL2:
		link = TL_LINK_SLL2;
		break;
	case 228:
		link = TL_LINK_IPV4;
		break;
	case 229:
		link = TL_LINK_IPV6;
		break;
	default:
		return -1;
	}
	for (unsigned int i = 0; i < TL_FZ_NLINKS; i++)
		if (tl_fz_links[i] == link)
			return (int)i;
	return -1;
}

/* fuzz_dec*.c's port lists, in the same order: a seed names its port by index. */
static const uint16_t tl_seed_text_ports[] = { 80, 8080, 554, 8554, 25, 21, 43, 22, 23, 6379 };
static const uint16_t tl_seed_bin_ports[] = { 179, 1723, 10288, 6633, 6653, 639,
					      323, 646,	 139,	445,  2049 };

/* The index of the first of ports on either side of r, or -1. */
static int seed_port(const struct tl_record *r, const uint16_t *ports, size_t n, uint8_t *side)
{
	for (size_t i = 0; i < n; i++) {
		if (r->sport == ports[i] || r->dport == ports[i]) {
			*side = r->sport == ports[i] ? 0x40 : 0;
			return (int)i;
		}
	}
	return -1;
}

/* The payload snippet of a record on a decoder port into that harness's seeds. */
static int dec_seed(const char *dec_dir, const struct tl_record *r, const uint8_t *frame,
		    uint32_t caplen, unsigned int *n_dec)
{
	/* The section's header only: its bytes are the frame's, here at hand. */
	const struct tl_frame_sect *fs =
		(const void *)((const uint8_t *)r +
			       TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags));
	uint32_t start = (uint32_t)(r->doff_byte >> 4) * 4;
	char dir[4096];
	uint8_t hdr[TL_FZ_DEC_HDR] = { 0 }, side = 0;
	const char *h = NULL;
	int i = -1;

	if (!(r->flags & TL_RF_FRAME) || r->l4_caplen < 20)
		return 0;
	start += fs->l4_off;
	if (start >= caplen || start >= fs->len)
		return 0;
	if (r->sport == 53 || r->dport == 53) {
		h = "decdns";
	} else if ((i = seed_port(r, tl_seed_text_ports,
				  sizeof(tl_seed_text_ports) / sizeof(tl_seed_text_ports[0]),
				  &side)) >= 0) {
		h = "dectext";
	} else if ((i = seed_port(r, tl_seed_bin_ports,
				  sizeof(tl_seed_bin_ports) / sizeof(tl_seed_bin_ports[0]),
				  &side)) >= 0) {
		h = "decbin";
	}
	hdr[0] = side;
	hdr[1] = i > 0 ? (uint8_t)i : 0;
	if (!h)
		return 0;
	hdr[0] |= (uint8_t)(*n_dec % 3); /* -v, -vv too */
	snprintf(dir, sizeof(dir), "%s/%s", dec_dir, h);
	return write_seed(dir, "cap", (*n_dec)++, hdr, sizeof(hdr), frame + start,
			  (fs->len < 2048 ? fs->len : 2048) - start);
}

/* Frames per capture whose record also becomes a print seed with its frame section. */
#define TL_SEED_FRAMES 6
/* Frame bytes such a seed keeps (the harness's sample has room for one or two). */
#define TL_SEED_FRAME_MAX 2048

/*
 * A print seed of one record with its frame section (include/tcplens.h), as the capture side
 * hands it to the output forms: the first bytes of the frame, where IP and TCP start.
 */
static int frame_seed(const char *dir, unsigned int n, const struct tl_record *r,
		      const uint8_t *data, const struct tl_frame *f, uint8_t sel)
{
	static uint8_t seed[1 + TL_RECORD_MAX + 16 + TL_SEED_FRAME_MAX + 8];
	static _Alignas(8) uint8_t rec[TL_RECORD_MAX + 16 + TL_SEED_FRAME_MAX + 8];
	static struct tl_parse_mem m;
	uint32_t len = f->cap_len < TL_SEED_FRAME_MAX ? f->cap_len : TL_SEED_FRAME_MAX;
	uint32_t used = TL_RECORD_HDR + TL_ADDR_LEN(r->family) + r->opt_len;
	uint32_t off = TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags), end;
	struct tl_record *o = (struct tl_record *)rec;
	struct tl_frame_sect fs = { .len = len,
				    .wire_len = f->wire_len,
				    .link = (uint16_t)f->link };
	struct tl_l3 l3 = {};

	memset(&m, 0, sizeof(m));
	memcpy(m.buf, data, f->buf_len);
	if (tl_parse_link(&m, f, &l3) ||
	    (l3.proto == 0x0800 ? tl_parse_ipv4(&m, f, &l3) : tl_parse_ipv6(&m, f, &l3)))
		return 0;
	fs.l3_off = (uint16_t)l3.l2;
	fs.l4_off = (uint16_t)l3.tcp_off;
	memset(rec, 0, sizeof(rec));
	seed[0] = sel;
	memcpy(o, r, used);
	end = off + (uint32_t)sizeof(fs) + len;
	memcpy((uint8_t *)o + off, &fs, sizeof(fs));
	memcpy((uint8_t *)o + off + sizeof(fs), data, len);
	o->flags |= TL_RF_FRAME;
	o->size = (uint16_t)((end + 7) & ~7U);
	memcpy(seed + 1, o, o->size);
	return write_seed(dir, "frm", n, seed, 1 + o->size, NULL, 0);
}

/*
 * Frames of one capture into parse seeds, their records into print seeds (every other one
 * with a payload snippet, which the printer decodes), payloads on decoder ports into the
 * decoder harnesses' seeds.
 */
static int from_capture(const char *file, const char *parse_dir, const char *print_dir,
			const char *dec_dir, unsigned int *n_parse, unsigned int *n_print,
			unsigned int *n_dec)
{
	static _Alignas(8) uint8_t sample[1 + TL_SEED_RECS * TL_RECORD_MAX];
	static struct tl_frame_cfg whole = { .every = TL_FRAME_MAX };
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t slen = 0;
	unsigned int nrec = 0, frame = 0;
	int li, err = 0;
	pcap_t *p;

	p = pcap_open_offline(file, errbuf);
	if (!p)
		return 0; /* not a capture libpcap reads: nothing to seed from */
	li = link_index(pcap_datalink(p));
	if (li < 0)
		goto out;
	sample[0] = (uint8_t)frame;
	while (!err && pcap_next_ex(p, &h, &data) == 1) {
		uint32_t extra = h->len > h->caplen ? h->len - h->caplen : 0;
		uint8_t hdr[TL_FZ_PARSE_HDR] = {
			(uint8_t)li,
			(uint8_t)(frame % 5), /* every tl_fz_frame_cfg choice */
			(uint8_t)((extra > 0xffff ? 0xffff : extra) >> 8),
			(uint8_t)extra,
		};
		_Alignas(8) uint8_t rec[TL_RECORD_MAX];
		struct tl_frame f = {
			.cap_len = h->caplen,
			.wire_len = h->len,
			.link = tl_fz_links[li],
		};

		frame++;
		f.buf_len = f.cap_len < TL_PARSE_BUF ? f.cap_len : TL_PARSE_BUF;
		/* Frames past the parser's window add nothing: keep the seeds small. */
		err = write_seed(parse_dir, "cap", (*n_parse)++, hdr, sizeof(hdr), data,
				 h->caplen < 2048 ? h->caplen : 2048);
		if (!err &&
		    tl_parse_frame(data, &f, (struct tl_record *)rec, &whole) == TL_CNT_EMITTED)
			err = dec_seed(dec_dir, (const struct tl_record *)rec, data, h->caplen,
				       n_dec);
		if (err ||
		    tl_parse_frame(data, &f, (struct tl_record *)rec, NULL) != TL_CNT_EMITTED)
			continue;
		if (frame <= TL_SEED_FRAMES)
			err = frame_seed(print_dir, (*n_print)++, (struct tl_record *)rec, data, &f,
					 (uint8_t)(frame * 37));
		if (err)
			continue;
		memcpy(sample + 1 + slen, rec, ((struct tl_record *)rec)->size);
		slen += ((struct tl_record *)rec)->size;
		if (++nrec == TL_SEED_RECS) {
			err = write_seed(print_dir, "cap", (*n_print)++, sample, 1 + slen, NULL, 0);
			sample[0] = (uint8_t)(sample[0] * 31 + 7); /* another printer setting */
			slen = 0;
			nrec = 0;
		}
	}
	if (!err && nrec)
		err = write_seed(print_dir, "cap", (*n_print)++, sample, 1 + slen, NULL, 0);
out:
	pcap_close(p);
	return err;
}

/* Scripted conversations in fuzz_analysis.c's 12-byte steps. */
struct tl_step {
	uint8_t b0, flags;
	int16_t ds, da;
	uint16_t win, len;
	uint8_t scale, ms;
};

#define S_SYN 0x02
#define S_ACK 0x10
#define S_PA  0x18
#define S_FA  0x11
#define S_RST 0x04
#define S_WS  0x20
#define D1    0x08 /* from the server side */

static const struct tl_step conv_basic[] = {
	{ S_WS, S_SYN, 0, 0, 64240, 0, 7, 1 }, { S_WS | D1, S_SYN | S_ACK, 0, 0, 65160, 0, 7, 1 },
	{ 0, S_ACK, 0, 0, 502, 0, 0, 1 },      { 0, S_PA, 0, 0, 502, 100, 0, 1 },
	{ D1, S_ACK, 0, 0, 509, 0, 0, 1 },     { D1, S_PA, 0, 0, 509, 1448, 0, 1 },
	{ D1, S_PA, 0, 0, 509, 1448, 0, 1 },   { 0, S_ACK, 0, 0, 502, 0, 0, 1 },
	{ D1, S_FA, 0, 0, 509, 0, 0, 1 },      { 0, S_FA, 0, 0, 502, 0, 0, 1 },
	{ D1, S_ACK, 0, 0, 509, 0, 0, 1 },
};

static const struct tl_step conv_loss[] = {
	{ 1 | S_WS, S_SYN, 0, 0, 64240, 0, 7, 1 },
	{ 1 | S_WS | D1, S_SYN | S_ACK, 0, 0, 65160, 0, 7, 1 },
	{ 1, S_ACK, 0, 0, 502, 0, 0, 1 },
	{ 1 | D1, S_PA, 1448, 0, 509, 1448, 0, 1 }, /* a segment went missing */
	{ 1, S_ACK, 0, -2896, 502, 0, 0, 1 },
	{ 1, S_ACK, 0, -2896, 502, 0, 0, 1 },
	{ 1, S_ACK, 0, -2896, 502, 0, 0, 1 },
	{ 1 | D1, S_PA, -4344, 0, 509, 1448, 0, 1 },   /* fast retransmission */
	{ 1 | D1, S_PA, -1448, 0, 509, 1448, 0, 250 }, /* retransmission */
	{ 1, S_ACK, 0, 0, 0, 0, 0, 1 },		       /* zero window */
	{ 1 | D1, S_ACK, -1, 0, 509, 1, 0, 200 },      /* zero window probe */
	{ 1, S_ACK, 0, -1, 0, 0, 0, 1 },
	{ 1, S_ACK, 0, 0, 502, 0, 0, 1 },	  /* window update */
	{ 1 | D1, S_ACK, -1, 0, 509, 0, 0, 250 }, /* keep-alive */
	{ 1, S_ACK, 0, 0, 502, 0, 0, 1 },
	{ 1 | D1, S_RST, 0, 0, 0, 0, 0, 1 },
	{ 1 | S_WS, S_SYN, 0, 0, 64240, 0, 14, 1 },	    /* port reuse */
	{ 1 | 0x10, S_SYN, 0, 0, 64240, 0, 0, 1 },	    /* IPv6 */
	{ 2 | 0x40, S_ACK, 0x1234, 0x5678, 100, 10, 0, 0 }, /* mid-stream */
};

static int write_conv(const char *dir, unsigned int n, const struct tl_step *st, size_t cnt)
{
	uint8_t buf[64 * 12];
	size_t len = 0;

	for (size_t i = 0; i < cnt && len + 12 <= sizeof(buf); i++, len += 12) {
		uint8_t *b = buf + len;

		b[0] = st[i].b0;
		b[1] = st[i].flags;
		b[2] = (uint8_t)((uint16_t)st[i].ds >> 8);
		b[3] = (uint8_t)st[i].ds;
		b[4] = (uint8_t)((uint16_t)st[i].da >> 8);
		b[5] = (uint8_t)st[i].da;
		b[6] = (uint8_t)(st[i].win >> 8);
		b[7] = (uint8_t)st[i].win;
		b[8] = (uint8_t)(st[i].len >> 8);
		b[9] = (uint8_t)st[i].len;
		b[10] = st[i].scale;
		b[11] = st[i].ms;
	}
	return write_seed(dir, "conv", n, buf, len, NULL, 0);
}

int main(int argc, char **argv)
{
	unsigned int n_parse = 0, n_print = 0, n_dec = 0;
	int err;

	if (argc < 5) {
		fprintf(stderr, "usage: seedgen PARSE_DIR PRINT_DIR ANALYSIS_DIR DEC_ROOT "
				"[CAPTURE...]\n(DEC_ROOT holds dectext/, decdns/, decbin/)\n");
		return 2;
	}
	for (int i = 5; i < argc; i++) {
		err = from_capture(argv[i], argv[1], argv[2], argv[4], &n_parse, &n_print, &n_dec);
		if (err)
			return 1;
	}
	if (write_conv(argv[3], 0, conv_basic, sizeof(conv_basic) / sizeof(conv_basic[0])) ||
	    write_conv(argv[3], 1, conv_loss, sizeof(conv_loss) / sizeof(conv_loss[0])))
		return 1;
	printf("seedgen: %u seeds (%u frames, %u record samples, 2 conversations, %u payloads)\n",
	       n_written, n_parse, n_print, n_dec);
	return 0;
}
