// SPDX-License-Identifier: GPL-2.0-only
/* The frame a record describes, rebuilt from its fields for the capture files (-w). */
#include <errno.h>
#include <string.h>

#include "out/rebuild.h"

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, (uint16_t)v);
}

/*
 * The IPv4 header checksum of the 20 bytes at p, in the byte order it is stored in: the
 * one's-complement sum does not care which order the 16-bit words are added in (RFC 1071),
 * so five 32-bit loads replace ten byte-pair steps.
 */
static uint16_t tl_ip_csum20(const uint8_t *p)
{
	uint64_t s = 0;

	for (int i = 0; i < 20; i += 4) {
		uint32_t v;

		memcpy(&v, p + i, 4);
		s += v;
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* tcpdump's MAXIMUM_SNAPLEN: it refuses records whose length on the wire is larger. */
#define TL_PCAP_WIRE_MAX 262144u

/* A record's own frame bytes; another link's header becomes a made-up Ethernet one. */
static int frame_copy(const struct tl_record *r, const struct tl_frame_sect *fs, uint8_t *buf,
		      uint32_t *caplen, uint32_t *wirelen)
{
	const uint8_t *f = (const uint8_t *)(fs + 1);

	if (fs->len > TL_FRAME_MAX || fs->l3_off > fs->len)
		return -EINVAL;
	if (fs->link == TL_LINK_ETH) {
		memcpy(buf, f, fs->len);
		*caplen = fs->len;
		*wirelen = fs->wire_len;
	} else {
		memset(buf, 0, 12);
		put16(buf + 12, r->family == 4 ? 0x0800 : 0x86dd);
		memcpy(buf + 14, f + fs->l3_off, fs->len - fs->l3_off);
		*caplen = 14 + fs->len - fs->l3_off;
		*wirelen = 14 + (fs->wire_len > fs->l3_off ? fs->wire_len - fs->l3_off : 0);
	}
	/* The made-up link header must not push a frame past what readers accept. */
	if (*wirelen > TL_PCAP_WIRE_MAX)
		*wirelen = TL_PCAP_WIRE_MAX;
	if (*wirelen < *caplen)
		*wirelen = *caplen;
	return 0;
}

int tl_frame_build(const struct tl_record *r, bool live, uint8_t *buf, uint32_t *caplen,
		   uint32_t *wirelen)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);
	uint32_t hlen_ip, tcpcap, l3len;
	uint8_t *ip = buf + 14, *tcp;

	if (r->family != 4 && r->family != 6)
		return -EINVAL;
	if (r->opt_len > TL_OPT_MAX || r->ext_cnt > TL_EXT_MAX)
		return -EINVAL;
	if (fs)
		return frame_copy(r, fs, buf, caplen, wirelen);
	/* Zero MACs: the record has none, and a made-up vendor prefix would be a lie. */
	memset(buf, 0, 12);
	put16(buf + 12, r->family == 4 ? 0x0800 : 0x86dd);

	if (r->family == 4) {
		uint32_t tot = 20 + r->l4_len;

		hlen_ip = 20;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		/* 4.99.3 prints "bad-len 0" for length 0: replay reproduces its own line, live
		 * writes the length the live line showed whenever 16 bits can hold it. */
		if ((r->flags & TL_RF_LEN0) && (!live || tot > 0xffff))
			tot = 0;
		put16(ip + 2, (uint16_t)tot);
		put16(ip + 6, (r->flags & TL_RF_FRAG) ? 0x2000 : 0x4000);
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, tl_rec_saddr(r), 8);
		uint16_t sum = tl_ip_csum20(ip);

		memcpy(ip + 10, &sum, 2);
	} else {
		uint32_t ext_len = 8u * r->ext_cnt, plen = ext_len + r->l4_len;
		uint8_t *e = ip + 40;

		hlen_ip = 40 + ext_len;
		memset(ip, 0, hlen_ip);
		ip[0] = 0x60;
		if ((r->flags & TL_RF_JUMBO) ||
		    ((r->flags & TL_RF_LEN0) && (!live || plen > 0xffff)))
			plen = 0;
		put16(ip + 4, (uint16_t)plen);
		ip[6] = r->ext_cnt ? r->ext[0] : 6;
		ip[7] = 64;
		memcpy(ip + 8, tl_rec_saddr(r), 32);
		/* Minimal 8-byte headers of the recorded types: tcpdump names each one. */
		for (unsigned i = 0; i < r->ext_cnt; i++, e += 8) {
			e[0] = i + 1 < r->ext_cnt ? r->ext[i + 1] : 6;
			switch (r->ext[i]) {
			case 0:
				if (i == 0 && (r->flags & TL_RF_JUMBO)) {
					/* RFC 2675: the jumbo length counts everything after the
					 * IPv6 header. */
					e[2] = 0xc2;
					e[3] = 4;
					put32(e + 4, ext_len + r->l4_len);
					break;
				}
				/* PadN, like a destination options header */
				__attribute__((fallthrough));
			case 60:
				e[2] = 1;
				e[3] = 4;
				break;
			case 44:
				/* Only first fragments make records: offset 0, M as recorded. */
				put16(e + 2, (r->flags & TL_RF_FRAG) ? 1 : 0);
				put32(e + 4, 1);
				break;
			default: /* 43: routing type 0, no segments left */
				break;
			}
		}
	}

	tcp = ip + hlen_ip;
	if (r->l4_caplen >= 20)
		tcpcap = 20 + r->opt_len;
	else if (r->l4_caplen >= 4)
		tcpcap = 4; /* only the ports are known */
	else
		tcpcap = 0;
	memset(tcp, 0, 20);
	put16(tcp, r->sport);
	put16(tcp + 2, r->dport);
	if (tcpcap >= 20) {
		put32(tcp + 4, r->seq);
		put32(tcp + 8, r->ack);
		tcp[12] = r->doff_byte;
		tcp[13] = r->tcp_flags;
		put16(tcp + 14, r->window);
		put16(tcp + 18, r->urg_ptr);
		memcpy(tcp + 20, tl_rec_opts(r), r->opt_len);
	}
	l3len = hlen_ip + r->l4_len;
	*caplen = 14 + hlen_ip + tcpcap;
	*wirelen = 14 + (l3len > r->ip_missing ? l3len - r->ip_missing : 0);
	if (*wirelen < *caplen)
		*wirelen = *caplen;
	return 0;
}
