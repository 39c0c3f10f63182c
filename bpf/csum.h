/* SPDX-License-Identifier: GPL-2.0-only */
/* -v's TCP checksum verdict: whether a segment gets one, the pseudo-header's sum over the
 * parser's copy, and the verdict into the record. Built by both the BPF program and user
 * space, as parse.h is; the BPF program's own sum over the segment (live frames read through
 * batch.h's frame_buf) only under __bpf__. */
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

#ifdef __bpf__
#include <bpf/bpf_helpers.h>
#include "batch.h"

/*
 * -v's TCP checksum. bpf_csum_diff sums whole 32-bit words of readable memory (at most 512
 * bytes a call, chained through its seed) in memory order; folded, that is the big-endian
 * sum byte-swapped on a little-endian CPU (RFC 1071, 2.(B)), which TL_BE16 turns back.
 */
static __always_inline __u32 tl_csum_be(__s64 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return TL_BE16((__u16)s);
}

/* The 0-3 bytes after the last whole word, at an even offset of the segment. */
static __always_inline __u32 tl_csum_tail(const __u8 *p, __u32 n)
{
	__u32 acc = 0, i;

	for (i = 0; i < 3; i++) {
		if (i >= n)
			break;
		acc += (__u32)p[i] << ((i & 1) ? 0 : 8);
	}
	return acc;
}

/*
 * The sum over len (<= TL_FRAME_MAX) bytes of a live frame from off, for a segment that
 * reaches past the parser's copy: one load into this CPU's frame_buf (the helpers walk
 * non-linear skbs and XDP fragments), then 512-byte pieces and the rest. The running sum
 * comes from the helper, unknown to the verifier: the rounds differ only in their count and
 * the loop costs it a few instructions each. Global functions, one per context type: the
 * verifier walks them once, not once per path through tl_handle. Returns the big-endian sum,
 * unfolded, or -1.
 */
static __always_inline __s64 tl_csum_frame(void *ctx, int xdp, __u32 off, __u32 len)
{
	__u32 cpu = bpf_get_smp_processor_id(), full, rest, at, i;
	struct tl_frame_buf *fb = bpf_map_lookup_elem(&frame_buf, &cpu);
	__s64 s = 0;
	long err;

	if (!fb || !len || len > TL_FRAME_MAX)
		return -1;
	if (xdp)
		err = bpf_xdp_load_bytes(ctx, off, fb->b, len);
	else
		err = bpf_skb_load_bytes(ctx, off, fb->b, len);
	if (err)
		return -1;
	full = len / 512;
	for (i = 0; i < TL_FRAME_MAX / 512; i++) {
		if (i >= full)
			break;
		s = bpf_csum_diff(NULL, 0, (__be32 *)(fb->b + i * 512), 512, (__u32)s);
		if (s < 0)
			return -1;
	}
	at = full * 512;
	rest = len % 512;
	if (rest & ~3U) {
		s = bpf_csum_diff(NULL, 0, (__be32 *)(fb->b + at), rest & ~3U, (__u32)s);
		if (s < 0)
			return -1;
	}
	return tl_csum_be(s) + tl_csum_tail(fb->b + at + (rest & ~3U), rest & 3);
}

__noinline __s64 tl_csum_skb(struct __sk_buff *skb, __u32 off, __u32 len)
{
	return tl_csum_frame(skb, 0, off, len);
}

__noinline __s64 tl_csum_xdp(struct xdp_md *ctx, __u32 off, __u32 len)
{
	return tl_csum_frame(ctx, 1, off, len);
}

/*
 * The record's checksum verdict (cfg_frame.csum), over the bytes as they are: a segment
 * the kernel has not checksummed yet (CHECKSUM_PARTIAL on egress) shows "incorrect", as
 * tcpdump shows it for the same bytes. A segment inside the parser's copy is summed there;
 * replay has nothing else (the head of the frame): user space sums the longer ones from
 * the file (user/capture/replay.c).
 */
static __always_inline void tl_csum_record(void *ctx, int xdp, struct tl_parse_mem *s,
					   const struct tl_frame *f, int live)
{
	struct tl_record *rec = (struct tl_record *)s->rec;
	__u32 off = s->l4_off, len = rec->l4_len;
	__s64 sum;
	int ph;

	if (!tl_csum_due(rec, off, f->cap_len))
		return;
	ph = tl_csum_pseudo(s, f->buf_len);
	if (ph < 0)
		return;
	if (off + len <= f->buf_len) {
		const __u8 *p = s->buf + (off & TL_PARSE_MASK);
		__u32 n4 = len & ~3U;

		if (len > TL_PARSE_BUF)
			return;
		sum = n4 ? bpf_csum_diff(NULL, 0, (__be32 *)p, n4, 0) : 0;
		if (sum < 0)
			return;
		sum = tl_csum_be(sum) + tl_csum_tail(p + n4, len & 3);
	} else if (live) {
		sum = xdp ? tl_csum_xdp(ctx, off, len) : tl_csum_skb(ctx, off, len);
	} else {
		return;
	}
	if (sum >= 0)
		tl_csum_put(rec, (__u64)sum + (__u32)ph);
}
#endif /* __bpf__ */

#endif /* TL_BPF_CSUM_H */
