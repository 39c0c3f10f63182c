// SPDX-License-Identifier: GPL-2.0-only
/*
 * The payload decoders on a capture file, without the record: each frame through the
 * user-space parser for the TCP header, then its whole captured payload through
 * tl_decode_payload(). One line per frame for tests/decode/run.py to compare with tcpdump:
 *   N<TAB>STATUS<TAB>SPORT<TAB>DPORT<TAB>FLAGS<TAB>", length LEN" and the decoder's text (\n and \\
 *   escaped)
 *   N<TAB>-                 (no TCP line with a payload to decode)
 * STATUS is none, ok, trunc or cut (enum tl_dec_status).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "tcplens.h"
#include "capture/parse.h"
#include "out/proto/decode.h"

/* Large enough for any decoder text of a 64 KiB payload the corpus holds. */
#define OUT_MAX (1 << 20)

static int link_of_dlt(int dlt, uint32_t *link)
{
	switch (dlt) {
	case DLT_EN10MB:
		*link = TL_LINK_ETH;
		return 0;
	case DLT_RAW:
		*link = TL_LINK_RAW;
		return 0;
#ifdef DLT_IPV4
	case DLT_IPV4:
		*link = TL_LINK_IPV4;
		return 0;
	case DLT_IPV6:
		*link = TL_LINK_IPV6;
		return 0;
#endif
	case DLT_LINUX_SLL:
		*link = TL_LINK_SLL;
		return 0;
	case DLT_LINUX_SLL2:
		*link = TL_LINK_SLL2;
		return 0;
	case DLT_NULL:
	case DLT_LOOP:
		*link = TL_LINK_NULL;
		return 0;
	default:
		return -EPROTONOSUPPORT;
	}
}

/*
 * Where the record's TCP header starts in the frame. The record does not say (the frame
 * section the lead is adding will: l4_off); its first 16 bytes, ports to window, identify it.
 */
static long tcp_offset(const uint8_t *fr, uint32_t caplen, const struct tl_record *r)
{
	uint8_t h[16];

	h[0] = (uint8_t)(r->sport >> 8);
	h[1] = (uint8_t)r->sport;
	h[2] = (uint8_t)(r->dport >> 8);
	h[3] = (uint8_t)r->dport;
	for (int i = 0; i < 4; i++) {
		h[4 + i] = (uint8_t)(r->seq >> (24 - 8 * i));
		h[8 + i] = (uint8_t)(r->ack >> (24 - 8 * i));
	}
	h[12] = r->doff_byte;
	h[13] = r->tcp_flags;
	h[14] = (uint8_t)(r->window >> 8);
	h[15] = (uint8_t)r->window;
	for (uint32_t off = 0; off + sizeof(h) <= caplen && off < TL_PARSE_BUF; off++)
		if (!memcmp(fr + off, h, sizeof(h)) && caplen - off >= r->l4_caplen)
			return (long)off;
	return -1;
}

static void put_escaped(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			fputs("\\n", stdout);
		else if (s[i] == '\\')
			fputs("\\\\", stdout);
		else
			putchar(s[i]);
	}
}

int main(int argc, char **argv)
{
	static const char *const st_names[] = { "none", "ok", "trunc", "cut" };
	static _Alignas(8) uint8_t recbuf[TL_RECORD_MAX];
	struct tl_record *r = (struct tl_record *)recbuf;
	struct tl_dec_cfg cfg = { .mode = TL_DEC_PORTS };
	char errbuf[PCAP_ERRBUF_SIZE], *out;
	struct pcap_pkthdr *h;
	const uint8_t *fr;
	uint64_t n = 0;
	uint32_t link;
	pcap_t *pc;
	int opt, rc;

	while ((opt = getopt(argc, argv, "v:XT:")) != -1) {
		switch (opt) {
		case 'v':
			cfg.vflag = (uint8_t)atoi(optarg);
			break;
		case 'X':
			cfg.xflag = true;
			break;
		case 'T': {
			enum tl_dec_mode m;

			if (tl_dec_mode_parse(optarg, &m)) {
				fprintf(stderr, "decode_pcap: -T %s: unknown type\n", optarg);
				return 2;
			}
			cfg.mode = (uint8_t)m;
			break;
		}
		default:
			fprintf(stderr, "usage: decode_pcap [-v N] [-X] [-T TYPE] FILE\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: decode_pcap [-v N] [-X] [-T TYPE] FILE\n");
		return 2;
	}
	pc = pcap_open_offline(argv[optind], errbuf);
	if (!pc) {
		fprintf(stderr, "decode_pcap: %s\n", errbuf);
		return 1;
	}
	if (link_of_dlt(pcap_datalink(pc), &link)) {
		printf("unsupported link type %d\n", pcap_datalink(pc));
		pcap_close(pc);
		return 0;
	}
	out = malloc(OUT_MAX);
	if (!out)
		return 1;
	while ((rc = pcap_next_ex(pc, &h, &fr)) == 1) {
		struct tl_frame f = {
			.buf_len = h->caplen < TL_PARSE_BUF ? h->caplen : TL_PARSE_BUF,
			.cap_len = h->caplen,
			.wire_len = h->len,
			.link = link,
		};
		uint32_t hlen, plen, pcap;
		struct tl_dec_seg s;
		long off;
		char *c;
		int st;

		n++;
		if (tl_parse_frame(fr, &f, r, 0) != TL_CNT_EMITTED || r->l4_caplen < 20 ||
		    (r->flags & TL_RF_LEN0)) {
			printf("%llu\t-\n", (unsigned long long)n);
			continue;
		}
		hlen = (uint32_t)(r->doff_byte >> 4) * 4;
		if (hlen < 20 || hlen > r->l4_len || r->l4_caplen < hlen) {
			printf("%llu\t-\n", (unsigned long long)n);
			continue;
		}
		plen = r->l4_len - hlen;
		pcap = r->l4_caplen - hlen;
		off = tcp_offset(fr, h->caplen, r);
		if (off < 0) {
			printf("%llu\tnotfound\n", (unsigned long long)n);
			continue;
		}
		s = (struct tl_dec_seg){
			.p = fr + off + hlen,
			.caplen = pcap,
			.len = plen,
			.sport = r->sport,
			.dport = r->dport,
			.tcp_flags = r->tcp_flags,
			.family = r->family,
			.saddr = tl_rec_saddr(r),
			.daddr = tl_rec_daddr(r),
		};
		c = out + sprintf(out, ", length %u", plen);
		c = tl_decode_payload(c, out + OUT_MAX, &s, &cfg, &st);
		printf("%llu\t%s\t%u\t%u\t%u\t", (unsigned long long)n, st_names[st], r->sport,
		       r->dport, r->tcp_flags);
		put_escaped(out, (size_t)(c - out));
		putchar('\n');
	}
	free(out);
	pcap_close(pc);
	return 0;
}
