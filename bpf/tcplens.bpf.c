// SPDX-License-Identifier: GPL-2.0-only
/* BPF entry points: copy each frame head, parse it with parse.h, write one record per TCP
 * segment to the ring buffer and count every packet once; traffic always passes. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "tcplens.h"
#include "parse.h"
#include "frame.h"
#include "stats.h"
#include "batch.h"
#include "csum.h"
#include "proc_lookup.h"

char LICENSE[] SEC("license") = "GPL";

/* -s: frame bytes "captured" at most, as tcpdump's snap length; 0 for no limit. */
const volatile __u32 cfg_snaplen = 0;
/* What the chosen outputs need of the frame itself (bpf/frame.h); all zero: nothing. */
const volatile struct tl_frame_cfg cfg_frame = {};
/*
 * --sample N: keep 1 in N data and ACK segments of each connection. SYN, FIN and RST are
 * always kept, so every connection's start and end still show. 0 or 1 keeps all.
 */
const volatile __u32 cfg_sample = 0;
/*
 * A pcap-filter expression was spliced into tl_filter() (user/capture/filter.c): only then is it
 * called. Without one the verifier drops the call as dead code, which saves the call and its
 * return on every segment (their cost: bench/README.md, "Fewer calls").
 */
const volatile __u32 cfg_filter = 0;

/* Frame bytes copied first: Ethernet + 2 tags + IPv4 with options + TCP with options fit. */
#define TL_HEAD_COPY 160

/*
 * --sample: whether to skip this segment. The slot hashes both endpoints symmetrically, so
 * both directions of a connection share a count; connections that collide in a slot share
 * it too (1024 slots), and each CPU counts on its own.
 */
static __always_inline int tl_sampled_out(struct tl_cpu *c, const struct tl_record *r)
{
	const __u32 *a = (const __u32 *)((const __u8 *)r + TL_RECORD_HDR);
	__u32 h = (__u32)r->sport ^ r->dport, n = cfg_sample;

	if (n < 2 || (r->tcp_flags & 0x07)) /* FIN, SYN, RST */
		return 0;
	h ^= a[0] ^ a[1];
	if (r->family == 6)
		h ^= a[2] ^ a[3] ^ a[4] ^ a[5] ^ a[6] ^ a[7];
	h = (h * 0x9e3779b1u) >> (32 - TL_SAMPLE_BITS);
	return c->sample[h & (TL_SAMPLE_SLOTS - 1)]++ % n != 0;
}

/*
 * Copy len (<= TL_PARSE_BUF) bytes from the linear packet data into buf, 8 bytes at a time:
 * a small frame copies faster this way than through a bpf_xdp_load_bytes() call
 * (bench/README.md, "Fewer calls"). Returns -1
 * when the linear part is shorter than len (a non-linear skb or XDP fragments).
 */
static __always_inline int tl_copy_linear(void *data, void *data_end, __u8 *buf, __u32 len)
{
	__u32 i, last;

	if (len < 8 || len > TL_PARSE_BUF || data + len > data_end)
		return -1;
	for (i = 0; i < TL_PARSE_BUF; i += 8) {
		if (i + 8 > len)
			break;
		if (data + i + 8 > data_end)
			return -1;
		*(__u64 *)(buf + i) = *(__u64 *)(data + i);
	}
	/* The last word ends at len: it may overlap the one before, never reads past len. */
	last = (len - 8) & TL_PARSE_MASK;
	if (data + last + 8 > data_end)
		return -1;
	*(__u64 *)(buf + last) = *(__u64 *)(data + last);
	return 0;
}

/*
 * How many of the first len bytes are linear packet data. A segment the local TCP stack
 * built keeps its headers in the linear part and the payload in page fragments: copying only
 * the linear part is enough to parse it, while a helper copy of the whole head walks the
 * fragments (skb_copy_bits): 8% of the sending CPU at 9 Gbit/s with offloads off. The parser
 * asks for more (TL_PARSE_MORE) in the rare frame whose headers run past the linear part.
 * Halving steps keep it branch-only; the result reaches the parser through the map value, so
 * the verifier's paths through here join again before the copy.
 */
static __always_inline __u32 tl_linear_len(void *data, void *data_end, __u32 len)
{
	__u32 n = 0, step;

	if (data + len <= data_end)
		return len;
	for (step = 128; step; step >>= 1)
		if (data + n + step <= data_end)
			n += step;
	/* Under 8 bytes the direct copy cannot run; the helpers copy the whole head then. */
	return n < 8 ? len : n;
}

/*
 * Copy c->frame.buf_len bytes (clamped to TL_PARSE_BUF) and parse them. The linear data is
 * read directly; the helpers walk XDP fragments and non-linear skbs, so the parser only ever
 * sees a flat buffer. The first try (data set) inlines the parser as well, saving a call and
 * its return on every segment (bench/README.md, "Fewer calls"). The rare retries (long
 * headers, XDP fragments; data NULL) go straight to the helpers and call the global tl_parse:
 * a second copy loop or a second inlined parser would only cost verifier time.
 */
static __always_inline int tl_copy_parse(void *ctx, int xdp, void *data, void *data_end,
					 struct tl_cpu *c)
{
	struct tl_parse_mem *s = &c->mem;
	struct tl_frame *f = &c->frame;
	__u32 len = f->buf_len;
	long err = 0;

	/* Keeps clang from folding this bound into the copy's own checks: the helper calls
	 * below need it as it stands. */
	asm volatile("" : "+r"(len));
	if (len > TL_PARSE_BUF)
		len = TL_PARSE_BUF;
	f->buf_len = len;
	if (len && (!data || tl_copy_linear(data, data_end, s->buf, len))) {
		if (xdp)
			err = bpf_xdp_load_bytes(ctx, 0, s->buf, len);
		else
			err = bpf_skb_load_bytes(ctx, 0, s->buf, len);
	}
	if (err)
		return TL_CNT_MALFORMED;
	/* The parser must read the lengths back from the map value (see tl_handle): without the
	 * barrier clang may hand it the registers the copy loop bounded. */
	asm volatile("" ::: "memory");
	if (data)
		return tl_parse_inline(s, f);
	return tl_parse(s, f);
}

/*
 * Replay: the whole head user space passed (avail <= TL_REPLAY_DATA_MAX bytes) is copied at
 * once, so the parser never asks for more. Only the direct copy may be used: in a batch the
 * helpers would read from the start of the batch, not of this frame. A head shorter than
 * 8 bytes is copied as 8: the batch pads every frame to 8, a single frame comes as at least
 * ETH_HLEN bytes; buf_len keeps the parser to the real ones.
 */
static __always_inline int tl_replay_parse(void *data, void *data_end, struct tl_parse_mem *s,
					   struct tl_frame *f, __u32 avail)
{
	__u32 len = avail < 8 ? 8 : avail;

	if (avail > TL_REPLAY_DATA_MAX)
		return TL_CNT_MALFORMED;
	f->buf_len = avail;
	if (avail && tl_copy_linear(data, data_end, s->buf, len))
		return TL_CNT_MALFORMED;
	return tl_parse(s, f);
}

/*
 * The pcap-filter(7) expression: user/capture/filter.c replaces this body at load time (libbpf's
 * prepare-load hook) with the translation of libpcap's classic BPF. buf holds buf_len bytes
 * of the frame; loads between buf_len and cap_len use the load-bytes helper on ctx, loads
 * past cap_len reject (libpcap's rule); wire_len is `len`. Nonzero keeps the segment. The
 * asm hides the constant from clang, which would otherwise fold it into the caller and
 * leave nothing to replace. It is only called when cfg_filter is set; unspliced, the body
 * keeps everything.
 */
static __noinline int tl_filter(void *ctx, const __u8 *buf, __u32 buf_len, __u32 cap_len,
				__u32 wire_len)
{
	int keep = 1;

	asm volatile(""
		     : "+r"(keep)
		     : "r"(ctx), "r"(buf), "r"(buf_len), "r"(cap_len), "r"(wire_len));
	return keep;
}

/*
 * Whether a record parsed with cap_len = wire_len = n is the one a longer frame would give:
 * the IP datagram ended inside the n bytes (none missing, no length taken from the frame,
 * the segment captured whole), so nothing after them was looked at. Other outcomes may
 * depend on the length and do not count.
 */
static __always_inline int tl_rec_inside(int ret, const struct tl_record *rec)
{
	return ret == TL_CNT_EMITTED && rec->l4_caplen == rec->l4_len && !rec->ip_missing &&
	       !(rec->flags & TL_RF_LEN0);
}

/*
 * avail: bytes the helpers can load (the frame, or its head in replay). live: take the time
 * stamp from the kernel clock, and only for a segment that is written: the helper is the
 * largest single cost left per segment (bench/README.md, "What is left").
 */
static __always_inline void tl_handle(void *ctx, int xdp, void *data, void *data_end, __u32 avail,
				      struct tl_frame *f, int live, __u64 ts, __u32 ifindex,
				      __u16 rflags)
{
	struct tl_record *rec;
	struct tl_parse_mem *s;
	struct tl_cpu *c;
	__u32 zero = 0, len, size, want = 0;
	__u64 now = ts;
	int ret, trunc;

	tl_count(TL_CNT_SEEN);
	c = bpf_map_lookup_elem(&scratch, &zero);
	if (!c) {
		tl_count(TL_CNT_MALFORMED); /* cannot happen; keeps the sum right */
		return;
	}
	s = &c->mem;
	if (live) {
		/*
		 * From here on the frame's lengths live in the map value, where the verifier knows
		 * nothing of them, and avail (cap_len in a live hook) is read back from there too.
		 * The copy loop bounds len, and with it every register and stack slot the verifier
		 * knows to hold the same value (in tc avail and f's lengths are all one skb->len
		 * load, equal to len in a frame shorter than the head copy), to a different 8-byte
		 * range for each round the loop may end in. Any of them live across the inlined
		 * parser and the verifier checks the parser once per round: over a million
		 * instructions for tc.
		 */
		c->frame = *f;
		f = &c->frame;
		if (cfg_snaplen && f->cap_len > cfg_snaplen)
			f->cap_len = cfg_snaplen;
		len = TL_HEAD_COPY;
		if (len > f->cap_len)
			len = f->cap_len;
		f->buf_len = tl_linear_len(data, data_end, len);
		ret = tl_copy_parse(ctx, xdp, data, data_end, c);
		if (ret == TL_PARSE_MORE) {
			f->buf_len = f->cap_len;
			ret = tl_copy_parse(ctx, xdp, NULL, NULL, c);
		}
		/* XDP without a filter parsed with the linear length (see tl_xdp): right unless
		 * the record touched the frame's end, where fragments may follow. */
		if (xdp && !cfg_filter && !tl_rec_inside(ret, (struct tl_record *)s->rec)) {
			len = bpf_xdp_get_buff_len(ctx);
			if (len != f->wire_len) {
				f->wire_len = len;
				if (cfg_snaplen && len > cfg_snaplen)
					len = cfg_snaplen;
				f->cap_len = len;
				f->buf_len = len;
				ret = tl_copy_parse(ctx, xdp, NULL, NULL, c);
			}
		}
	} else {
		ret = tl_replay_parse(data, data_end, s, f, avail);
	}
	if (ret != TL_CNT_EMITTED) {
		/* A full head never asks for more; a replay meta that lies about cap_len might. */
		tl_count(ret == TL_PARSE_MORE ? TL_CNT_MALFORMED : ret);
		return;
	}

	/*
	 * In a replay batch the load helpers would read the batch, not this frame: there the
	 * copied head is all the filter may see, and loads past it reject (user/capture/filter.c
	 * refuses -r filters that reach beyond TL_REPLAY_DATA_MAX).
	 */
	if (cfg_filter &&
	    !tl_filter(ctx, s->buf, f->buf_len, live ? f->cap_len : f->buf_len, f->wire_len)) {
		tl_count(TL_CNT_FILTERED);
		return;
	}
	rec = (struct tl_record *)s->rec;
	if (tl_sampled_out(c, rec)) {
		tl_count(TL_CNT_SAMPLED_OUT);
		return;
	}
	/* --proc, --proc-name, --proc-pid, --cgroup (bpf/proc_lookup.h); rejects count as filtered */
	if (cfg_proc && live && tl_proc_put(s->rec, rflags & TL_RF_EGRESS)) {
		tl_count(TL_CNT_FILTERED);
		return;
	}
	if (live)
		now = bpf_ktime_get_ns();
	rec->ts_ns = now;
	rec->ifindex = ifindex;
	rec->flags |= rflags;
	if (cfg_frame.csum)
		tl_csum_record(ctx, xdp, s, f, live);
	if (cfg_frame.every || cfg_frame.headers || cfg_frame.decode || cfg_frame.line) {
		want = tl_frame_want(&cfg_frame, rec, s->l4_off,
				     live ? c->frame.cap_len : f->cap_len,
				     live ? c->frame.link : f->link);
		if (want)
			tl_frame_sect_put(s, live ? &c->frame : f, want);
		/* In replay user space appends the bytes from the file: the test run passes
		 * only the frame's head (TL_REPLAY_DATA_MAX). */
		if (want && live) {
			tl_emit_frame(ctx, xdp, c, want);
			return;
		}
	}
	size = rec->size;
	if (size > TL_RECORD_MAX || size < TL_RECORD_HDR) {
		tl_count(TL_CNT_MALFORMED); /* cannot happen; bounds size for the verifier */
		return;
	}
	trunc = rec->l4_caplen < rec->l4_len || rec->ip_missing;
	if (live && cfg_batch_bytes) {
		tl_batch_add(c, size, now, trunc);
		return;
	}
	if (tl_ring_out(rec, size))
		tl_count(TL_CNT_RING_FULL);
	else
		tl_count(TL_CNT_EMITTED);
	if (trunc)
		tl_count(TL_CNT_TRUNCATED);
}

static __always_inline void tl_tc(struct __sk_buff *skb, __u32 link, __u16 rflags)
{
	struct tl_frame f = {
		.cap_len = skb->len,
		.wire_len = skb->len,
		.link = link,
	};

	tl_handle(skb, 0, (void *)(long)skb->data, (void *)(long)skb->data_end, skb->len, &f, 1, 0,
		  skb->ifindex, rflags);
}

/*
 * The frame's length counts its fragments too, but bpf_xdp_get_buff_len() costs a call: without
 * a filter (which sees the length) the linear length stands in for it, and
 * tl_handle asks the helper only when the record reached the end of the linear part.
 */
SEC("xdp.frags")
int tl_xdp(struct xdp_md *ctx)
{
	__u32 len = cfg_filter ? bpf_xdp_get_buff_len(ctx) : ctx->data_end - ctx->data;
	struct tl_frame f = {
		.cap_len = len,
		.wire_len = len,
		.link = TL_LINK_ETH,
	};

	tl_handle(ctx, 1, (void *)(long)ctx->data, (void *)(long)ctx->data_end, len, &f, 1, 0,
		  ctx->ingress_ifindex, 0);
	return XDP_PASS;
}

SEC("tc")
int tl_tc_ingress(struct __sk_buff *skb)
{
	tl_tc(skb, TL_LINK_ETH, 0);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int tl_tc_egress(struct __sk_buff *skb)
{
	tl_tc(skb, TL_LINK_ETH, TL_RF_EGRESS);
	return TC_ACT_UNSPEC;
}

/* Devices without a link header (tun, wireguard, ipip): the skb starts at the IP header. */
SEC("tc")
int tl_tc_raw_ingress(struct __sk_buff *skb)
{
	tl_tc(skb, TL_LINK_RAW, 0);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int tl_tc_raw_egress(struct __sk_buff *skb)
{
	tl_tc(skb, TL_LINK_RAW, TL_RF_EGRESS);
	return TC_ACT_UNSPEC;
}

/*
 * One frame of a capture file: m is its pcap header, its first min(cap_len,
 * TL_REPLAY_DATA_MAX) bytes start off bytes into the packet data. A global function: the
 * verifier checks the parser once, not once per frame of the batch loop. The record's
 * ifindex carries idx, the frame's place in the batch (see struct tl_record). Returns the
 * frame's bytes in the buffer, or -1 when they are not all there (counted as malformed).
 */
__noinline int tl_replay_frame(struct xdp_md *ctx, const struct tl_replay_meta *m, __u32 off,
			       __u32 idx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct tl_frame f = {};
	__u32 n;

	if (!m)
		return -1;
	n = m->cap_len < TL_REPLAY_DATA_MAX ? m->cap_len : TL_REPLAY_DATA_MAX;
	if (m->magic != TL_REPLAY_MAGIC || off > TL_REPLAY_BATCH_BYTES ||
	    data + off + n > data_end) {
		tl_count(TL_CNT_SEEN);
		tl_count(TL_CNT_MALFORMED);
		return -1;
	}
	f.cap_len = m->cap_len;
	f.wire_len = m->wire_len;
	f.link = m->link;
	tl_handle(ctx, 1, data + off, data_end, n, &f, 0, m->ts_ns, idx, 0);
	return (int)n;
}

/*
 * Capture files, run by user space with BPF_PROG_TEST_RUN in one of two forms:
 * - one frame: its struct tl_replay_meta in the XDP metadata area, its head as the data;
 * - a batch (no metadata area): up to TL_REPLAY_BATCH_MAX slots back to back, each a
 *   struct tl_replay_meta and the frame's head padded to a multiple of 8 (TL_REPLAY_SLOT).
 * Records come out in frame order, each carrying its slot number in ifindex.
 */
SEC("xdp")
int tl_replay(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct tl_replay_meta *mp = (void *)(long)ctx->data_meta;
	struct tl_replay_meta m;
	__u32 off = 0, i;
	int n;

	if (mp < (struct tl_replay_meta *)data) {
		if ((void *)(mp + 1) > data) {
			tl_count(TL_CNT_SEEN);
			tl_count(TL_CNT_MALFORMED);
			return XDP_PASS;
		}
		m = *mp;
		tl_replay_frame(ctx, &m, 0, 0);
		return XDP_PASS;
	}
	for (i = 0; i < TL_REPLAY_BATCH_MAX; i++) {
		/* off stays below the page the test run gives us: the verifier needs the bound
		 * for the packet pointer, the loop's end is the data's end. */
		if (off > TL_REPLAY_BATCH_BYTES)
			break;
		mp = data + off;
		if ((void *)(mp + 1) > data_end)
			break;
		m = *mp;
		n = tl_replay_frame(ctx, &m, off + sizeof(m), i);
		if (n < 0)
			break;
		off += sizeof(m) + (((__u32)n + 7) & ~7U);
	}
	return XDP_PASS;
}
