// SPDX-License-Identifier: GPL-2.0-only
/* Kernel events for --drops and --events: TCP segments the kernel dropped (with its reason),
 * retransmissions, state changes, resets sent and a socket's totals at close. BTF tracepoints
 * (tp_btf) only, attached as links, written to the segments' ring with a header of their own
 * (struct tl_event_hdr) so user space merges them by time with the segments. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* vmlinux.h has the kernel's types already; <linux/types.h> would define some twice. */
#define _LINUX_TYPES_H
#include "tcplens.h"
#include "events.h"

char LICENSE[] SEC("license") = "GPL";

#define TL_AF_INET     2
#define TL_AF_INET6    10
#define TL_IPPROTO_TCP 6
#define TL_TCP_CLOSE   7

/*
 * The namespaces traced (inode numbers of their network namespaces): events elsewhere, the
 * host's own traffic among them, are not ours to report. 0 ends the list.
 */

const volatile __u32 cfg_netns[TL_EV_NETNS_MAX] = {};

/* The segments' ring (user space hands us its fd: bpf_map__reuse_fd). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TL_EVC_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ev_stats SEC(".maps");

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&ev_stats, &idx);

	if (v)
		*v += 1;
}

static __always_inline bool netns_traced(__u32 inum)
{
	for (int i = 0; i < TL_EV_NETNS_MAX; i++) {
		if (!cfg_netns[i])
			return false;
		if (cfg_netns[i] == inum)
			return true;
	}
	return false;
}

static __always_inline __u32 sk_netns(const struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

/* Reserves a zeroed event of `size` bytes (a constant), or counts it lost. */
static __always_inline void *ev_reserve(__u32 size, __u8 kind)
{
	struct tl_event_hdr *h = bpf_ringbuf_reserve(&events, size, 0);

	if (!h) {
		count(TL_EVC_LOST(kind));
		return NULL;
	}
	__builtin_memset(h, 0, size);
	h->mark = TL_EVENT_MARK;
	h->kind = kind;
	h->size = size;
	h->cpu = bpf_get_smp_processor_id();
	h->ts_ns = bpf_ktime_get_ns();
	return h;
}

/*
 * Wake the reader as the segments' programs do (cfg_wakeup_bytes there): only when this
 * event takes the ring past the threshold. A wakeup per event costs microseconds, which a
 * burst of drops would pay per segment; a quiet ring is read at the reader's poll timeout.
 */
const volatile __u32 cfg_wakeup_bytes = 65536;

static __always_inline void ev_submit(void *ev, __u8 kind)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u32 size = ((struct tl_event_hdr *)ev)->size;

	bpf_ringbuf_submit(ev, avail >= cfg_wakeup_bytes && avail - size < cfg_wakeup_bytes
				       ? BPF_RB_FORCE_WAKEUP
				       : BPF_RB_NO_WAKEUP);
	count(TL_EVC_WRITTEN(kind));
}

/* A socket's endpoints, local first; false when it is not a TCP socket of a traced netns. */
static __always_inline bool sk_conn(const struct sock *sk, struct tl_ev_conn *c)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	if (BPF_CORE_READ(sk, sk_protocol) != TL_IPPROTO_TCP)
		return false;
	c->netns = sk_netns(sk);
	if (!netns_traced(c->netns))
		return false;
	/* inet_sport, not skc_num: a closing socket lets go of its port before its last
	 * state change, and the close is where the totals are reported. */
	c->lport = __builtin_bswap16(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	c->rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == TL_AF_INET) {
		c->family = 4;
		bpf_core_read(c->laddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(c->raddr, 4, &sk->__sk_common.skc_daddr);
		return true;
	}
	if (family == TL_AF_INET6) {
		c->family = 6;
		bpf_core_read(c->laddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(c->raddr, 16, &sk->__sk_common.skc_v6_daddr);
		return true;
	}
	return false;
}

struct tl_ip_tcp {
	__u8 family;
	__u8 ext_cnt;	      /* IPv6 extension headers before TCP */
	__u8 ext[TL_EXT_MAX]; /* their next-header values, as in the record */
	__u16 flags;	      /* TL_RF_FRAG for a first fragment */
	__u16 ihl;	      /* IP header bytes before TCP, extension headers included */
	__u32 l4_len;	      /* TCP header and payload, from the IP length */
	const __u8 *ip;	      /* the IP header in the skb's data */
};

/*
 * The IPv6 extension headers before TCP, taken as tl_parse_ipv6() takes them (the types of
 * tl_is_ip6_ext(), at most TL_EXT_MAX), so that a drop's line is the hook's line for the
 * same segment. A later fragment has no TCP header to report. b: the first 8 bytes.
 */
static __always_inline bool skb_tcp6(struct tl_ip_tcp *t, const __u8 *b)
{
	__u32 plen = (b[4] << 8) | b[5], nh = b[6], cur = 40, hl, i;
	__u8 e[4];

	for (i = 0; i <= TL_EXT_MAX; i++) {
		if (nh == TL_IPPROTO_TCP)
			break;
		if (i == TL_EXT_MAX || !(nh == 0 || nh == 43 || nh == 44 || nh == 60))
			return false;
		if (bpf_probe_read_kernel(e, sizeof(e), t->ip + cur))
			return false;
		if (nh == 44) {
			if (((e[2] << 8) | e[3]) & 0xfff8)
				return false;
			if (e[3] & 1)
				t->flags |= TL_RF_FRAG;
			hl = 8;
		} else {
			hl = (e[1] + 1) * 8;
		}
		/* i < TL_EXT_MAX here; the mask only shows the verifier so. */
		t->ext[i & (TL_EXT_MAX - 1)] = nh;
		t->ext_cnt = i + 1;
		nh = e[0];
		cur += hl;
	}
	/*
	 * A length of 0 is BIG TCP: without extension headers the record says 0 as before; with
	 * them the capture parser wants a hop-by-hop jumbo option, which is not looked for here.
	 */
	if (plen == 0 && t->ext_cnt)
		return false;
	if (cur - 40 > plen)
		return false;
	/* The capture parser prints no TCP part for a first fragment with nothing after it. */
	if (t->ext_cnt && t->ext[(t->ext_cnt - 1) & (TL_EXT_MAX - 1)] == 44 && cur - 40 >= plen)
		return false;
	t->family = 6;
	t->ihl = cur;
	t->l4_len = plen - (cur - 40);
	return true;
}

/* Where the skb's IPv4/IPv6 header and its TCP header are; false if it is not TCP. */
static __always_inline bool skb_tcp(const struct sk_buff *skb, struct tl_ip_tcp *t)
{
	__u16 nh = BPF_CORE_READ(skb, network_header);
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u8 b[8];

	if (nh == (__u16)~0U || !head)
		return false;
	t->ip = head + nh;
	if (bpf_probe_read_kernel(b, sizeof(b), t->ip))
		return false;
	if (b[0] >> 4 == 4) {
		__u8 proto;

		if (bpf_probe_read_kernel(&proto, 1, t->ip + 9) || proto != TL_IPPROTO_TCP)
			return false;
		t->family = 4;
		t->ihl = (b[0] & 15) * 4;
		t->l4_len = (__u32)((b[2] << 8) | b[3]) - t->ihl;
		return t->ihl >= 20 && ((b[2] << 8) | b[3]) > t->ihl;
	}
	if (b[0] >> 4 == 6)
		return skb_tcp6(t, b);
	return false;
}

static __always_inline __u32 skb_netns(const struct sk_buff *skb)
{
	struct net_device *dev = BPF_CORE_READ(skb, dev);
	struct sock *sk = BPF_CORE_READ(skb, sk);

	if (dev)
		return BPF_CORE_READ(dev, nd_net.net, ns.inum);
	return sk ? sk_netns(sk) : 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(tl_drop, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	struct tl_ev_drop *ev;
	struct tl_record *r;
	struct tl_ip_tcp t = {};
	__u8 th[20];
	__u32 olen, alen, netns;

	/* consume_skb() frees what was used, not dropped: it has a tracepoint of its own, but
	 * kfree_skb_reason(skb, SKB_CONSUMED) passes here first on some kernels. */
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED) &&
	    reason == bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED))
		return 0;
	if (!skb_tcp(skb, &t))
		return 0;
	netns = skb_netns(skb);
	if (!netns_traced(netns))
		return 0;
	if (bpf_probe_read_kernel(th, sizeof(th), t.ip + t.ihl))
		return 0;
	ev = ev_reserve(TL_EV_DROP_MAX, TL_EV_DROP);
	if (!ev)
		return 0;
	ev->location = (__u64)location;
	ev->reason = reason;
	ev->netns = netns;
	r = (struct tl_record *)(ev + 1);
	alen = t.family == 6 ? 32 : 8;
	r->version = TL_RECORD_VERSION;
	r->family = t.family;
	r->ts_ns = ev->h.ts_ns;
	r->ifindex = BPF_CORE_READ(skb, dev, ifindex);
	r->sport = (th[0] << 8) | th[1];
	r->dport = (th[2] << 8) | th[3];
	r->seq = (__u32)th[4] << 24 | (__u32)th[5] << 16 | (__u32)th[6] << 8 | th[7];
	r->ack = (__u32)th[8] << 24 | (__u32)th[9] << 16 | (__u32)th[10] << 8 | th[11];
	r->doff_byte = th[12];
	r->tcp_flags = th[13];
	r->window = (th[14] << 8) | th[15];
	r->urg_ptr = (th[18] << 8) | th[19];
	r->l4_len = t.l4_len;
	r->flags = t.flags;
	r->ext_cnt = t.ext_cnt;
	__builtin_memcpy(r->ext, t.ext, sizeof(r->ext));
	/* The headers are read from the skb, the payload is never wanted: the line prints
	 * as for a segment captured whole. */
	r->l4_caplen = t.l4_len;
	if (t.family == 4) {
		bpf_probe_read_kernel((__u8 *)(r + 1), 8, t.ip + 12);
	} else {
		bpf_probe_read_kernel((__u8 *)(r + 1), 32, t.ip + 8);
	}
	olen = (th[12] >> 4) * 4;
	olen = olen > 20 ? olen - 20 : 0;
	if (olen > TL_OPT_MAX)
		olen = TL_OPT_MAX;
	if (olen > t.l4_len - 20)
		olen = 0;
	olen &= 63;
	if (olen <= TL_OPT_MAX &&
	    bpf_probe_read_kernel((__u8 *)(r + 1) + alen, olen, t.ip + t.ihl + 20))
		olen = 0;
	r->opt_len = olen;
	r->size = (TL_RECORD_HDR + alen + olen + 7) & ~7U;
	ev_submit(ev, TL_EV_DROP);
	return 0;
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tl_retrans, const struct sock *sk, const struct sk_buff *skb, int err)
{
	struct tl_ev_conn c = {};
	struct tl_ev_retrans *ev;
	const struct tcp_skb_cb *cb;
	const struct inet_connection_sock *icsk = (const void *)sk;

	if (!sk_conn(sk, &c))
		return 0;
	ev = ev_reserve(sizeof(*ev), TL_EV_RETRANS);
	if (!ev)
		return 0;
	ev->c = c;
	cb = (const struct tcp_skb_cb *)&skb->cb[0];
	ev->seq = BPF_CORE_READ(cb, seq);
	ev->end_seq = BPF_CORE_READ(cb, end_seq);
	ev->tcp_flags = BPF_CORE_READ(cb, tcp_flags);
	ev->ca_state = BPF_CORE_READ_BITFIELD_PROBED(icsk, icsk_ca_state);
	ev->err = err;
	ev_submit(ev, TL_EV_RETRANS);
	return 0;
}

/* A socket's totals: what `ss -ti` would have shown just before it went. */
static __always_inline void close_event(const struct sock *sk, const struct tl_ev_conn *c)
{
	const struct tcp_sock *tp = (const void *)sk;
	struct tl_ev_close *ev = ev_reserve(sizeof(*ev), TL_EV_CLOSE);

	if (!ev)
		return;
	ev->c = *c;
	ev->srtt_us = BPF_CORE_READ(tp, srtt_us) >> 3;
	ev->total_retrans = BPF_CORE_READ(tp, total_retrans);
	ev->bytes_acked = BPF_CORE_READ(tp, bytes_acked);
	ev->bytes_received = BPF_CORE_READ(tp, bytes_received);
	ev_submit(ev, TL_EV_CLOSE);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(tl_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct tl_ev_conn c = {};
	struct tl_ev_state *ev;

	if (!sk_conn(sk, &c))
		return 0;
	ev = ev_reserve(sizeof(*ev), TL_EV_STATE);
	if (!ev)
		return 0;
	ev->c = c;
	ev->oldstate = oldstate;
	ev->newstate = newstate;
	ev_submit(ev, TL_EV_STATE);
	/* A listener's close has nothing to add up; a connection's has. */
	if (newstate == TL_TCP_CLOSE && oldstate != 10 /* TCP_LISTEN */)
		close_event(sk, &c);
	return 0;
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(tl_reset, const struct sock *sk, const struct sk_buff *skb, enum sk_rst_reason reason)
{
	struct tl_ev_conn c = {};
	struct tl_ev_reset *ev;
	struct tl_ip_tcp t = {};
	__u8 ports[4];

	if (sk) {
		if (!sk_conn(sk, &c))
			return 0;
	} else {
		/* No socket: the RST answers skb, so it goes from skb's destination back. */
		if (!skb || !skb_tcp(skb, &t))
			return 0;
		c.netns = skb_netns(skb);
		if (!netns_traced(c.netns))
			return 0;
		if (bpf_probe_read_kernel(ports, sizeof(ports), t.ip + t.ihl))
			return 0;
		c.family = t.family;
		c.lport = (ports[2] << 8) | ports[3];
		c.rport = (ports[0] << 8) | ports[1];
		if (t.family == 4) {
			bpf_probe_read_kernel(c.laddr, 4, t.ip + 16);
			bpf_probe_read_kernel(c.raddr, 4, t.ip + 12);
		} else {
			bpf_probe_read_kernel(c.laddr, 16, t.ip + 24);
			bpf_probe_read_kernel(c.raddr, 16, t.ip + 8);
		}
	}
	ev = ev_reserve(sizeof(*ev), TL_EV_RESET);
	if (!ev)
		return 0;
	ev->c = c;
	ev->reason = reason;
	ev->has_sock = sk != NULL;
	ev_submit(ev, TL_EV_RESET);
	return 0;
}
