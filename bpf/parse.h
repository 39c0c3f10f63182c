/* SPDX-License-Identifier: GPL-2.0-only */
/* The one TCP segment parser (link, IPv4/IPv6, TCP headers into a struct tl_record), built by
 * clang -target bpf for the hooks and by gcc for the unprivileged replay fallback. */
#ifndef TL_BPF_PARSE_H
#define TL_BPF_PARSE_H

#include <linux/types.h>
#include "tcplens.h"
#include "cksum.h"

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/*
 * The frame head handed to the parser. buf holds buf_len bytes, all of them captured; the
 * rest of the frame either was not captured (cap_len) or was not copied (live hooks copy
 * only what the headers need, see TL_PARSE_MORE).
 */
struct tl_frame {
	__u32 buf_len;	/* bytes of the frame present in buf, <= TL_PARSE_BUF */
	__u32 cap_len;	/* bytes of the frame captured (>= buf_len; live: packet length) */
	__u32 wire_len; /* bytes on the wire */
	__u32 link;	/* enum tl_link */
};

/*
 * Extra return value of tl_parse(): the parser needs frame bytes after buf_len that were
 * captured but not copied. Only returned when buf_len < min(cap_len, TL_PARSE_BUF); the
 * caller copies min(cap_len, TL_PARSE_BUF) bytes and parses again. A caller that always
 * passes the full head never sees it, which is what keeps kernel and user records identical.
 */
#define TL_PARSE_MORE TL_CNT_MAX

/* Indices are masked so the verifier can bound every access without tracking lengths. */
#define TL_PARSE_MASK (TL_PARSE_BUF - 1)
#define TL_REC_MASK   511
/* 8-byte loads and stores at a masked offset may reach this far past it. */
#define TL_MEM_SLACK 8

/*
 * The parser's memory: the frame head and the record under construction. In BPF it is a
 * per-CPU map value (the stack is 512 bytes); masked indices and the 8-byte accesses at them
 * stay inside.
 */
struct tl_parse_mem {
	__u8 buf[TL_PARSE_BUF];
	__u8 rec[TL_REC_MASK + 1 + TL_MEM_SLACK];
	__u32 l3_off; /* where the parser found the IP header, for a frame section */
	__u32 l4_off; /* and the TCP header */
};

/*
 * In BPF the parser's costly pieces are global functions: the verifier checks each once with
 * unknown arguments instead of once per path through its caller, which would multiply the
 * link types by the IP variants by the copy loops (more than a million instructions). The
 * link and IPv4 steps are inlined into tl_parse(): they are straight-line code, the common
 * case, and a call each would cost every segment its call and return; IPv6 with its
 * extension-header walk stays a function (inlined, it takes the verifier from ~35k to ~300k
 * instructions).
 */
#ifdef __bpf__
#define TL_PARSE_FN __attribute__((noinline))
#else
#define TL_PARSE_FN static inline
#endif

#define TL_ETH_P_IP   0x0800
#define TL_ETH_P_IPV6 0x86dd
#define TL_VLAN_MAX   3

/*
 * Frame reads at masked offsets. 16/32/64-bit reads are single loads: the scratch buffer is a
 * map value, where x86 allows unaligned access, and a read at most 8 bytes past the mask stays
 * inside struct tl_parse_mem (rec follows buf). gcc gets memcpy, which compiles to the same
 * load without the undefined behaviour of an unaligned pointer cast.
 */
#ifdef __bpf__
#define TL_LOAD(m, off, type) (*(const type *)((const __u8 *)(m) + ((off)&TL_PARSE_MASK)))
#define TL_STORE(p, type, v)  (*(type *)(p) = (v))
#else
#define TL_LOAD(m, off, type)                                                                   \
	({                                                                                      \
		type __v;                                                                       \
		__builtin_memcpy(&__v, (const __u8 *)(m) + ((off)&TL_PARSE_MASK), sizeof(__v)); \
		__v;                                                                            \
	})
#define TL_STORE(p, type, v)                              \
	do {                                              \
		type __v = (v);                           \
		__builtin_memcpy((p), &__v, sizeof(__v)); \
	} while (0)
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TL_BE16(v) __builtin_bswap16(v)
#define TL_BE32(v) __builtin_bswap32(v)
#else
#define TL_BE16(v) (v)
#define TL_BE32(v) (v)
#endif

static __always_inline __u32 tl_rd8(const struct tl_parse_mem *m, __u32 off)
{
	return TL_LOAD(m, off, __u8);
}

static __always_inline __u32 tl_rd16(const struct tl_parse_mem *m, __u32 off)
{
	return TL_BE16(TL_LOAD(m, off, __u16));
}

static __always_inline __u32 tl_rd32(const struct tl_parse_mem *m, __u32 off)
{
	return TL_BE32(TL_LOAD(m, off, __u32));
}

static __always_inline int tl_is_vlan_tpid(__u32 type)
{
	return type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200;
}

static __always_inline int tl_is_ip6_ext(__u32 nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 60;
}

/* Bytes in buf the parser may use, and whether buf is all it will ever get (see MORE). */
static __always_inline __u32 tl_buf_len(const struct tl_frame *f, int *full)
{
	__u32 n = f->buf_len < TL_PARSE_BUF ? f->buf_len : TL_PARSE_BUF;

	*full = n >= f->cap_len || n >= TL_PARSE_BUF;
	return n;
}

/*
 * Bytes [0, end) needed: when they were captured but not copied ask for more, else the frame
 * is short and the caller decides what that means (MALFORMED before TCP, truncation inside).
 */
#define TL_NEED(end, short_ret)                       \
	do {                                          \
		if ((end) > buf_len) {                \
			if (!full)                    \
				return TL_PARSE_MORE; \
			return (short_ret);           \
		}                                     \
	} while (0)

/* Parser state handed from layer to layer. */
struct tl_l3 {
	__u32 l2;	/* link header bytes */
	__u32 proto;	/* ethertype */
	__u32 addr_off; /* source address; destination follows */
	__u32 tcp_off;
	__u32 l4_len;
	__u32 ip_missing;
	__u32 jumbo; /* RFC 2675 jumbo payload length, when has_jumbo */
	/* ext[] packed, entry k in bits 8k..8k+7: a variable index into a stack array becomes
	 * pointer arithmetic the verifier rejects. */
	__u32 ext;
	__u16 flags;
	__u8 family;
	__u8 ext_cnt;
	__u8 has_jumbo;
	__u8 pad[3];
};

/*
 * An 802.2 LLC header at off (tcpdump's llc_print, for the frames it hands to IP): SNAP
 * (SAPs 0xaa, UI) with OUI 0 or Cisco's 0x0000f8 and an IP ethertype, or RFC 948's IP SAP 6
 * (IPv4 straight after the 3 bytes). The I/G and C/R bits of the SAPs do not count, the
 * control byte must be exactly UI. Sets *off past it and *type; 0 or an outcome.
 */
static __always_inline int tl_parse_llc(const struct tl_parse_mem *m, __u32 buf_len, int full,
					__u32 *off, __u32 *type)
{
	__u32 o = *off, dsap, ssap;

	TL_NEED(o + 3, TL_CNT_MALFORMED);
	dsap = tl_rd8(m, o) & 0xfe;
	ssap = tl_rd8(m, o + 1) & 0xfe;
	if (tl_rd8(m, o + 2) != 0x03 || dsap != ssap)
		return TL_CNT_NON_TCP;
	if (dsap == 0x06) {
		*off = o + 3;
		*type = TL_ETH_P_IP;
		return 0;
	}
	if (dsap != 0xaa)
		return TL_CNT_NON_TCP;
	TL_NEED(o + 8, TL_CNT_MALFORMED);
	if ((tl_rd32(m, o + 2) & 0xffffff) != 0 && (tl_rd32(m, o + 2) & 0xffffff) != 0xf8)
		return TL_CNT_NON_TCP;
	*off = o + 8;
	*type = tl_rd16(m, o + 6);
	return 0;
}

/*
 * Linux cooked headers (SLL, SLL2): tcpdump follows 802.1Q tags (only 0x8100) and reads a
 * type of 0x0004, or any length below a tag, as 802.2 LLC. Sets *off and *type; 0 or an
 * outcome.
 */
static __always_inline int tl_parse_cooked(const struct tl_parse_mem *m, __u32 buf_len, int full,
					   __u32 *off, __u32 *type)
{
	__u32 i, t = *type, o = *off;

	for (i = 0; i <= TL_VLAN_MAX; i++) {
		if (t != 0x8100)
			break;
		if (i == TL_VLAN_MAX)
			return TL_CNT_NON_TCP;
		TL_NEED(o + 4, TL_CNT_MALFORMED);
		t = tl_rd16(m, o + 2);
		if (t <= 1500)
			t = 0x0004;
		o += 4;
	}
	*off = o;
	*type = t;
	if (t == 0x0004)
		return tl_parse_llc(m, buf_len, full, off, type);
	return 0;
}

/* Link header: sets l3->l2 (header bytes) and l3->proto (ethertype); 0 or an outcome. */
TL_PARSE_FN int tl_parse_link(const struct tl_parse_mem *m, const struct tl_frame *f,
			      struct tl_l3 *l3)
{
	__u32 buf_len, off, type, v, i;
	int full, ret;

	if (!m || !f || !l3)
		return TL_CNT_MALFORMED;
	buf_len = tl_buf_len(f, &full);
	switch (f->link) {
	case TL_LINK_ETH:
		TL_NEED(14, TL_CNT_MALFORMED);
		type = tl_rd16(m, 12);
		off = 14;
		for (i = 0; i <= TL_VLAN_MAX; i++) {
			if (!tl_is_vlan_tpid(type))
				break;
			if (i == TL_VLAN_MAX)
				return TL_CNT_NON_TCP;
			TL_NEED(off + 4, TL_CNT_MALFORMED);
			type = tl_rd16(m, off + 2);
			off += 4;
		}
		/*
		 * Up to 1500 the field is an 802.3 length and an LLC header follows; 0x8870
		 * (jumbo frames) is followed by LLC too. tcpdump cuts the frame at that length,
		 * which on a well-formed frame is where the IP datagram ends anyway.
		 */
		if (type <= 1500 || type == 0x8870) {
			ret = tl_parse_llc(m, buf_len, full, &off, &type);
			if (ret)
				return ret;
		}
		break;
	case TL_LINK_SLL:
		TL_NEED(16, TL_CNT_MALFORMED);
		/* ARPHRD_IEEE80211_RADIOTAP: tcpdump dissects 802.11, not the protocol field. */
		if (tl_rd16(m, 2) == 803)
			return TL_CNT_NON_TCP;
		type = tl_rd16(m, 14);
		off = 16;
		ret = tl_parse_cooked(m, buf_len, full, &off, &type);
		if (ret)
			return ret;
		break;
	case TL_LINK_SLL2:
		TL_NEED(20, TL_CNT_MALFORMED);
		if (tl_rd16(m, 8) == 803)
			return TL_CNT_NON_TCP;
		type = tl_rd16(m, 0);
		off = 20;
		ret = tl_parse_cooked(m, buf_len, full, &off, &type);
		if (ret)
			return ret;
		break;
	case TL_LINK_NULL:
		TL_NEED(4, TL_CNT_MALFORMED);
		/* The family is in the byte order of the host that wrote the capture. */
		v = tl_rd32(m, 0);
		if (v & 0xffff0000)
			v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
		if (v == 2)
			type = TL_ETH_P_IP;
		else if (v == 24 || v == 28 || v == 30) /* AF_INET6: BSD, FreeBSD, Darwin */
			type = TL_ETH_P_IPV6;
		else
			type = 0;
		off = 4;
		break;
	case TL_LINK_RAW:
	case TL_LINK_IPV4:
	case TL_LINK_IPV6:
		/* tcpdump prints all three with raw_if_print: the version nibble decides. */
		TL_NEED(1, TL_CNT_MALFORMED);
		v = tl_rd8(m, 0) >> 4;
		type = v == 4 ? TL_ETH_P_IP : v == 6 ? TL_ETH_P_IPV6 : 0;
		off = 0;
		break;
	default:
		return TL_CNT_MALFORMED;
	}
	l3->l2 = off;
	l3->proto = type;
	return 0;
}

/* "truncated-ip - N bytes missing!" compares against the frame minus its link header. */
static __always_inline __u32 tl_wire_ip(const struct tl_frame *f, const struct tl_l3 *l3)
{
	return f->wire_len > l3->l2 ? f->wire_len - l3->l2 : 0;
}

static __always_inline int tl_parse_ipv4(const struct tl_parse_mem *m, const struct tl_frame *f,
					 struct tl_l3 *l3)
{
	__u32 buf_len, cap_len, ip, wire_ip, b0, ihl, tot, frag;
	int full;

	if (!m || !f || !l3)
		return TL_CNT_MALFORMED;
	buf_len = tl_buf_len(f, &full);
	ip = l3->l2;
	wire_ip = tl_wire_ip(f, l3);
	/* tcpdump: "truncated-ip N" and "[|ip]" print no TCP part. */
	if (wire_ip < 20)
		return TL_CNT_MALFORMED;
	TL_NEED(ip + 20, TL_CNT_MALFORMED);
	b0 = tl_rd8(m, ip);
	if (b0 >> 4 != 4)
		return TL_CNT_MALFORMED;
	ihl = (b0 & 15) * 4;
	if (ihl < 20)
		return TL_CNT_MALFORMED;
	cap_len = f->cap_len > buf_len ? f->cap_len : buf_len;
	tot = tl_rd16(m, ip + 2);
	if (tot > wire_ip)
		l3->ip_missing = tot - wire_ip;
	/* "bad-len N": no TCP part. */
	if (tot < ihl && tot != 0)
		return TL_CNT_MALFORMED;
	if (tl_rd8(m, ip + 9) != 6)
		return TL_CNT_NON_TCP;
	/* Deliberately also with total length 0, where 4.99.3 prints "bad-len 0" first: a
	 * later fragment has no TCP header to report (README). */
	frag = tl_rd16(m, ip + 6);
	if (frag & 0x1fff)
		return TL_CNT_IP_FRAG;
	l3->family = 4;
	l3->addr_off = ip + 12;
	l3->tcp_off = ip + ihl;
	if (tot == 0) {
		/*
		 * TSO and BIG TCP leave the length 0. tcpdump 4.99.3 prints "bad-len 0" before it
		 * checks that the options were captured, so the record is due even then; newer
		 * tcpdump takes the frame length. A datagram shorter than its own header on the
		 * wire gets no TCP bytes.
		 */
		l3->flags |= TL_RF_LEN0;
		if (wire_ip >= ihl)
			l3->l4_len = wire_ip - ihl;
	} else {
		/* "[remaining caplen(C) < header length(H)] [|ip]": the options were not
		 * captured, tcpdump prints no TCP part. */
		if (cap_len < ip + ihl)
			return TL_CNT_MALFORMED;
		l3->l4_len = tot - ihl;
	}
	if (frag & 0x2000)
		l3->flags |= TL_RF_FRAG;
	return 0;
}

/*
 * The jumbo payload option (RFC 2675) in a hop-by-hop header in [p, end), all in buf.
 * p is masked at the top of every round although it is always below end <= TL_PARSE_BUF:
 * without that each path through the option walk leaves p with a different range, the
 * verifier cannot prune, and this loop alone costs millions of instructions to verify.
 */
TL_PARSE_FN int tl_find_jumbo(const struct tl_parse_mem *m, struct tl_l3 *l3, __u32 p, __u32 end)
{
	__u32 i, t, l;

	if (!m || !l3)
		return 0;
	if (end > TL_PARSE_BUF)
		end = TL_PARSE_BUF;
	for (i = 0; i < 32; i++) {
		if (p >= end)
			break;
		p &= TL_PARSE_MASK;
		t = tl_rd8(m, p);
		if (t == 0) { /* Pad1 has no length byte */
			p++;
			continue;
		}
		if (p + 2 > end)
			break;
		l = tl_rd8(m, p + 1);
		if (t == 0xc2) {
			/* tcpdump judges the first jumbo option only: a bad length ends the walk,
			 * a value below 65536 is no jumbo payload. */
			if (l == 4 && p + 6 <= end && tl_rd32(m, p + 2) >= 65536) {
				l3->jumbo = tl_rd32(m, p + 2);
				l3->has_jumbo = 1;
			}
			return 0;
		}
		p += 2 + l;
	}
	return 0;
}

TL_PARSE_FN int tl_parse_ipv6(const struct tl_parse_mem *m, const struct tl_frame *f,
			      struct tl_l3 *l3)
{
	__u32 buf_len, ip, wire_ip, plen, nh, cur, hl, fo, i;
	int full;

	if (!m || !f || !l3)
		return TL_CNT_MALFORMED;
	buf_len = tl_buf_len(f, &full);
	ip = l3->l2;
	wire_ip = tl_wire_ip(f, l3);
	if (wire_ip < 40)
		return TL_CNT_MALFORMED;
	TL_NEED(ip + 40, TL_CNT_MALFORMED);
	if (tl_rd8(m, ip) >> 4 != 6)
		return TL_CNT_MALFORMED;
	plen = tl_rd16(m, ip + 4);
	nh = tl_rd8(m, ip + 6);
	cur = ip + 40;
	for (i = 0; i <= TL_EXT_MAX; i++) {
		if (nh == 6)
			break;
		if (!tl_is_ip6_ext(nh) || i == TL_EXT_MAX)
			return TL_CNT_NON_TCP;
		if (nh == 44) {
			hl = 8;
			TL_NEED(cur + hl, TL_CNT_MALFORMED);
			fo = tl_rd16(m, cur + 2);
			if (fo & 0xfff8) {
				/* Later fragments carry no TCP header; what they carry we only
				 * know when the fragment header names it. */
				fo = tl_rd8(m, cur);
				return fo == 6 || tl_is_ip6_ext(fo) ? TL_CNT_IP_FRAG
								    : TL_CNT_NON_TCP;
			}
			if (fo & 1)
				l3->flags |= TL_RF_FRAG;
		} else {
			TL_NEED(cur + 2, TL_CNT_MALFORMED);
			hl = (tl_rd8(m, cur + 1) + 1) * 8;
			TL_NEED(cur + hl, TL_CNT_MALFORMED);
			if (nh == 0 && i == 0 && plen == 0) {
				tl_find_jumbo(m, l3, cur + 2, cur + hl);
				/* tcpdump: "[No valid Jumbo Payload Hop-by-Hop option found]". */
				if (!l3->has_jumbo)
					return TL_CNT_MALFORMED;
			}
		}
		l3->ext |= nh << (i * 8);
		l3->ext_cnt = i + 1;
		nh = tl_rd8(m, cur);
		cur += hl;
	}
	if (plen == 0) {
		if (l3->has_jumbo) {
			l3->flags |= TL_RF_JUMBO;
			plen = l3->jumbo;
		} else {
			/* An extension header in an empty payload: tcpdump prints "[|ip6]" and no
			 * TCP part. (A hop-by-hop header without jumbo option ended above.) */
			if (l3->ext_cnt)
				return TL_CNT_MALFORMED;
			/* BIG TCP without the jumbo option: the frame says how long it is. */
			l3->flags |= TL_RF_LEN0;
			plen = wire_ip - 40;
		}
	}
	if (cur - ip - 40 > plen)
		return TL_CNT_MALFORMED;
	/* tcpdump stops after a first-fragment header when no captured byte of the datagram
	 * follows it (print-ip6.c: snapend <= cp + advance): no TCP part at all. */
	if (l3->ext_cnt && (l3->ext >> ((l3->ext_cnt - 1) * 8) & 0xff) == 44 &&
	    (cur - ip - 40 >= plen || cur >= f->cap_len))
		return TL_CNT_MALFORMED;
	/* Compare in 64 bits: a jumbo length can be close to 4 GiB. */
	if ((__u64)plen + 40 > wire_ip)
		l3->ip_missing = plen + 40 - wire_ip;
	l3->family = 6;
	l3->addr_off = ip + 8;
	l3->tcp_off = cur;
	l3->l4_len = plen - (cur - ip - 40);
	return 0;
}

/* One 8-byte word of frame bytes from buf[src] to rec[dst]. */
static __always_inline void tl_copy_word(struct tl_parse_mem *m, __u32 dst, __u32 src)
{
	TL_STORE(m->rec + (dst & TL_REC_MASK), __u64, TL_LOAD(m, src, __u64));
}

/*
 * Parse the frame head in m->buf into the record at m->rec. Returns an enum tl_counter
 * outcome: TL_CNT_EMITTED when the record was filled (header, addresses, options, zero
 * padding; size set; m->l3_off and m->l4_off set; ts_ns, ifindex and TL_RF_EGRESS left
 * 0 for the caller), else TL_CNT_NON_TCP, TL_CNT_IP_FRAG or TL_CNT_MALFORMED; or
 * TL_PARSE_MORE (see above). Only bytes below f->buf_len influence the result.
 */
static __always_inline int tl_parse_inline(struct tl_parse_mem *m, const struct tl_frame *f)
{
	__u32 buf_len, cap_len, tcp, l4cap, need, hlen = 0, opt = 0, alen, end, i;
	struct tl_l3 l3 = {};
	struct tl_record *rec;
	int full, ret;

	if (!m || !f)
		return TL_CNT_MALFORMED;
	buf_len = tl_buf_len(f, &full);
	cap_len = f->cap_len > buf_len ? f->cap_len : buf_len;
	ret = tl_parse_link(m, f, &l3);
	if (ret)
		return ret;
	if (l3.proto == TL_ETH_P_IP)
		ret = tl_parse_ipv4(m, f, &l3);
	else if (l3.proto == TL_ETH_P_IPV6)
		ret = tl_parse_ipv6(m, f, &l3);
	else
		ret = TL_CNT_NON_TCP;
	if (ret)
		return ret;

	tcp = l3.tcp_off;
	l4cap = cap_len > tcp ? cap_len - tcp : 0;
	if (l4cap > l3.l4_len)
		l4cap = l3.l4_len;
	/* The fixed header first: a head cut by TL_PARSE_BUF counts as captured short. */
	need = l4cap < 20 ? l4cap : 20;
	if (tcp + need > buf_len) {
		if (!full)
			return TL_PARSE_MORE;
		l4cap = buf_len > tcp ? buf_len - tcp : 0;
	}

	rec = (struct tl_record *)m->rec;
	__builtin_memset(rec, 0, TL_RECORD_HDR);
	if (l4cap >= 4) {
		rec->sport = tl_rd16(m, tcp);
		rec->dport = tl_rd16(m, tcp + 2);
	}
	if (l4cap >= 20) {
		rec->seq = tl_rd32(m, tcp + 4);
		rec->ack = tl_rd32(m, tcp + 8);
		rec->doff_byte = tl_rd8(m, tcp + 12);
		rec->tcp_flags = tl_rd8(m, tcp + 13);
		rec->window = tl_rd16(m, tcp + 14);
		rec->urg_ptr = tl_rd16(m, tcp + 18);
		hlen = (tl_rd8(m, tcp + 12) >> 4) * 4;
		if (hlen > 20) {
			opt = hlen - 20;
			if (opt > l4cap - 20)
				opt = l4cap - 20;
			if (tcp + 20 + opt > buf_len) {
				if (!full)
					return TL_PARSE_MORE;
				l4cap = buf_len - tcp;
				opt = l4cap - 20 < opt ? l4cap - 20 : opt;
			}
		}
	}

	alen = TL_ADDR_LEN(l3.family);
	end = TL_RECORD_HDR + alen + opt;
	rec->version = TL_RECORD_VERSION;
	rec->family = l3.family;
	rec->size = (end + 7) & ~7U;
	rec->flags = l3.flags;
	rec->l4_len = l3.l4_len;
	rec->l4_caplen = l4cap;
	rec->ip_missing = l3.ip_missing;
	rec->opt_len = opt;
	rec->ext_cnt = l3.ext_cnt;
	rec->ext[0] = l3.ext;
	rec->ext[1] = l3.ext >> 8;
	rec->ext[2] = l3.ext >> 16;
	rec->ext[3] = l3.ext >> 24;
	/* Fixed-size copies for addresses and options: no loop, nothing for the verifier to
	 * unroll. The option window is always 40 bytes; opt_len says how many count. */
	for (i = 0; i < 32; i += 8) {
		if (i >= alen)
			break;
		tl_copy_word(m, TL_RECORD_HDR + i, l3.addr_off + i);
	}
	for (i = 0; i < TL_OPT_MAX; i += 8)
		tl_copy_word(m, TL_RECORD_HDR + alen + i, tcp + 20 + i);
	/* Zero padding: the 1-7 bytes from end up to size, in one store. */
	TL_STORE(m->rec + (end & TL_REC_MASK), __u64, 0);
	m->l3_off = l3.l2;
	m->l4_off = tcp;
	return TL_CNT_EMITTED;
}

#undef TL_NEED

/*
 * tl_parse_inline() as a function of its own. The live hooks (XDP and tc) inline the parser
 * for their first try (to save a call and its return per segment); every other
 * caller calls this one, which the verifier checks once.
 */
TL_PARSE_FN int tl_parse(struct tl_parse_mem *m, const struct tl_frame *f)
{
	return tl_parse_inline(m, f);
}

#endif /* TL_BPF_PARSE_H */
