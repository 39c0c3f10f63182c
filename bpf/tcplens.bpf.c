// SPDX-License-Identifier: GPL-2.0-only
/* BPF entry points: copy each frame head, parse it with parse.h, write one record per TCP
 * segment to the ring buffer and count every packet once; traffic always passes. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "tcplens.h"
#include "parse.h"

char LICENSE[] SEC("license") = "GPL";

/* Payload bytes to append to each record (-s); <= TL_SNAP_MAX. */
const volatile __u32 cfg_snap_len = 0;
/* Wake the reader once this many bytes wait in the ring; it also polls with a timeout. */
const volatile __u32 cfg_wakeup_bytes = 65536;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TL_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tl_parse_mem);	/* the stack (512 bytes) is too small */
} scratch SEC(".maps");

/* Frame bytes copied first: Ethernet + 2 tags + IPv4 with options + TCP with options fit. */
#define TL_HEAD_COPY	160

static __always_inline void tl_count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		*v += 1;
}

/*
 * Copy len (<= TL_PARSE_BUF) bytes from the linear packet data into buf, 8 bytes at a time:
 * bpf_xdp_load_bytes() costs ~28 ns per call here, this ~5 ns for a small frame. Returns -1
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
 * Copy f->buf_len bytes (clamped to TL_PARSE_BUF) and parse them. The linear data is read
 * directly; the helpers walk XDP fragments and non-linear skbs, so the parser only ever sees
 * a flat buffer. Inlined twice (first try and the retry after TL_PARSE_MORE): the parser
 * itself is a global function, so only the copy is duplicated. The rare retry (long headers)
 * goes straight to the helpers (data NULL): a second copy loop would only cost verifier time.
 */
static __always_inline int tl_copy_parse(void *ctx, int xdp, void *data, void *data_end,
					 struct tl_parse_mem *s, struct tl_frame *f, __u32 snap)
{
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
	return tl_parse(s, f, snap);
}

/*
 * avail: bytes the helpers can load (the frame, or its head in replay). live: take the time
 * stamp from the kernel clock, and only for a segment that is written: it costs ~30 ns here,
 * as much as the ring buffer write.
 */
static __always_inline void tl_handle(void *ctx, int xdp, void *data, void *data_end, __u32 avail,
				      struct tl_frame *f, int live, __u64 ts, __u32 ifindex,
				      __u16 rflags)
{
	struct tl_record *rec;
	struct tl_parse_mem *s;
	__u32 zero = 0, len, snap = cfg_snap_len, size;
	__u64 flags, avail_bytes;
	int ret, trunc;

	tl_count(TL_CNT_SEEN);
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s) {
		tl_count(TL_CNT_MALFORMED);	/* cannot happen; keeps the sum right */
		return;
	}
	if (snap > TL_SNAP_MAX)
		snap = TL_SNAP_MAX;
	len = TL_HEAD_COPY + snap;
	if (len > avail)
		len = avail;
	f->buf_len = len;
	ret = tl_copy_parse(ctx, xdp, data, data_end, s, f, snap);
	if (ret == TL_PARSE_MORE) {
		f->buf_len = avail;
		ret = tl_copy_parse(ctx, xdp, NULL, NULL, s, f, snap);
	}
	if (ret != TL_CNT_EMITTED) {
		/* A full head never asks for more; a replay meta that lies about cap_len might. */
		tl_count(ret == TL_PARSE_MORE ? TL_CNT_MALFORMED : ret);
		return;
	}

	rec = (struct tl_record *)s->rec;
	rec->ts_ns = live ? bpf_ktime_get_ns() : ts;
	rec->ifindex = ifindex;
	rec->flags |= rflags;
	size = rec->size;
	if (size > TL_RECORD_MAX || size < TL_RECORD_HDR) {
		tl_count(TL_CNT_MALFORMED);	/* cannot happen; bounds size for the verifier */
		return;
	}
	trunc = rec->l4_caplen < rec->l4_len || rec->ip_missing;
	/*
	 * Wake the reader only when this record crosses the threshold: a reader that is awake
	 * drains everything before it sleeps again (epoll reports a non-empty ring), and a
	 * wakeup per record once the threshold is passed costs microseconds each.
	 */
	avail_bytes = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	flags = BPF_RB_NO_WAKEUP;
	if (avail_bytes < cfg_wakeup_bytes && avail_bytes + size >= cfg_wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	if (bpf_ringbuf_output(&events, rec, size, flags))
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

SEC("xdp.frags")
int tl_xdp(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);
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
 * Capture files: user space runs this with BPF_PROG_TEST_RUN, the frame's pcap header in the
 * XDP metadata area in front of at most TL_REPLAY_DATA_MAX frame bytes.
 */
SEC("xdp")
int tl_replay(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct tl_replay_meta *m = (void *)(long)ctx->data_meta;
	struct tl_frame f;
	__u32 avail;

	avail = (__u32)((long)ctx->data_end - (long)ctx->data);
	/* The test run wants at least ETH_HLEN bytes: shorter frames come zero-padded, and
	 * cap_len says how many are real. A long frame comes as its first TL_REPLAY_DATA_MAX. */
	if ((void *)(m + 1) > data || m->magic != TL_REPLAY_MAGIC ||
	    (m->cap_len > avail && avail < TL_REPLAY_DATA_MAX)) {
		tl_count(TL_CNT_SEEN);
		tl_count(TL_CNT_MALFORMED);
		return XDP_PASS;
	}
	if (avail > m->cap_len)
		avail = m->cap_len;
	f.cap_len = m->cap_len;
	f.wire_len = m->wire_len;
	f.link = m->link;
	f.buf_len = 0;
	tl_handle(ctx, 1, data, (void *)(long)ctx->data_end, avail, &f, 0, m->ts_ns, 0, 0);
	return XDP_PASS;
}
