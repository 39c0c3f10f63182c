/* SPDX-License-Identifier: GPL-2.0-only */
/* -v's TCP checksum verdict: whether a segment gets one, the pseudo-header's sum over the
 * parser's copy, and the verdict into the record. Built by both the BPF program and user
 * space, as parse.h is; the BPF program sums the segment itself (tcplens.bpf.c). */
#ifndef TL_BPF_CSUM_H
#define TL_BPF_CSUM_H

#include <linux/types.h>
#include "tcplens.h"
#include "cksum.h"
#include "parse.h"

/*
 * -v's TCP checksum (tl_frame_cfg.csum), as tcpdump 4.99.3 prints it after the flags: only
 * for a segment that is no IP fragment (an IPv6 fragment header of any kind counts), has at
 * least a TCP header's length and lies whole in the captured bytes (and so in the record's
 * l4_caplen, which a header past the parser's window cuts short); in a record at most
 * TL_FRAME_MAX bytes of the frame, the most a frame section ever showed the printer. cap_len
 * as for tl_frame_want.
 */
static __always_inline int tl_csum_due(const struct tl_record *r, __u32 l4_off, __u32 cap_len)
{
	__u64 end = (__u64)l4_off + r->l4_len;
	__u32 i;

	if (r->l4_len < 20 || r->l4_caplen < r->l4_len || end > cap_len || end > TL_FRAME_MAX)
		return 0;
	if (r->family == 4)
		return !(r->flags & TL_RF_FRAG);
	for (i = 0; i < TL_EXT_MAX; i++)
		if (i < r->ext_cnt && r->ext[i] == 44)
			return 0;
	return 1;
}

/*
 * The IPv4 destination the pseudo-header takes (tcpdump's ip_finddst): with a source route
 * option (LSRR 131, SSRR 137) its last address, else the header's. ip at the IP header.
 */
static __always_inline __u32 tl_ip4_final_dst(const struct tl_parse_mem *m, __u32 ip, __u32 buf_len)
{
	__u32 end = ip + (tl_rd8(m, ip) & 15) * 4, cp = ip + 20, len, t, i;

	if (end < cp || end > buf_len)
		return ip + 16;
	/* cp is masked after every step (it stays below end <= TL_PARSE_BUF anyway): both
	 * ways into the next round then leave the same state and the verifier prunes one, as
	 * in tl_find_jumbo. */
	for (i = 0; i < TL_OPT_MAX; i++) {
		if (cp >= end)
			break;
		t = tl_rd8(m, cp);
		if (t == 0)
			break;
		if (t == 1) {
			cp = (cp + 1) & TL_PARSE_MASK;
			continue;
		}
		if (cp + 1 >= buf_len)
			break;
		len = tl_rd8(m, cp + 1);
		if (len < 2 || end - cp < len)
			break;
		if ((t == 131 || t == 137) && len >= 7)
			return cp + len - 4;
		cp = (cp + len) & TL_PARSE_MASK;
	}
	return ip + 16;
}

/*
 * The IPv6 destination the pseudo-header takes (tcpdump's ip6_finddst): the first routing
 * header's final address (types 0 and 2: the last of the list, 4, segment routing: the first
 * of the list), else the header's. Only headers wholly before l4 are read.
 */
static __always_inline __u32 tl_ip6_final_dst(const struct tl_parse_mem *m,
					      const struct tl_record *r, __u32 ip, __u32 l4)
{
	__u32 dst = ip + 24, o = ip + 40, len, t, i;

	for (i = 0; i < TL_EXT_MAX; i++) {
		if (i >= r->ext_cnt || o + 8 > l4)
			break;
		len = tl_rd8(m, o + 1);
		if (o + (len + 1) * 8 > l4)
			break;
		if (r->ext[i] != 43) {
			o = (o + (r->ext[i] == 44 ? 8 : (len + 1) * 8)) & TL_PARSE_MASK;
			continue;
		}
		t = tl_rd8(m, o + 2);
		if ((t == 0 || t == 2) && !(len % 2) && len)
			dst = o + 8 + 16 * (len / 2 - 1);
		else if (t == 4 && !(len % 2))
			dst = o + 8;
		break;
	}
	return dst;
}

/*
 * The pseudo-header's sum (tcpdump's nextproto4_cksum / nextproto6_cksum) for the record m
 * just made, from the IP header in buf: addresses, protocol and TCP length. IPv4 takes the
 * length's low 16 bits only, as 4.99.3 does. Big-endian words, unfolded; -1 without m.
 */
TL_PARSE_FN int tl_csum_pseudo(const struct tl_parse_mem *m, __u32 buf_len)
{
	const struct tl_record *r;
	__u32 ip, dst, acc = 6, i;

	if (!m)
		return -1;
	r = (const struct tl_record *)m->rec;
	ip = m->l3_off;
	if (r->family == 4) {
		dst = tl_ip4_final_dst(m, ip, buf_len);
		acc += tl_rd16(m, ip + 12) + tl_rd16(m, ip + 14);
		acc += tl_rd16(m, dst) + tl_rd16(m, dst + 2);
		return acc + (r->l4_len & 0xffff);
	}
	dst = tl_ip6_final_dst(m, r, ip, m->l4_off);
	for (i = 0; i < 16; i += 2)
		acc += tl_rd16(m, ip + 8 + i) + tl_rd16(m, dst + i);
	return acc + (r->l4_len >> 16) + (r->l4_len & 0xffff);
}

/* The verdict into the record: acc sums pseudo-header and segment, checksum field included. */
static __always_inline void tl_csum_put(struct tl_record *r, __u64 acc)
{
	r->csum = tl_cksum(acc);
	r->flags |= TL_RF_CSUM;
}

#endif /* TL_BPF_CSUM_H */
