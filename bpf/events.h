/* SPDX-License-Identifier: GPL-2.0-only */
/* The bodies of the kernel events (struct tl_event_hdr, include/tcplens.h) that
 * bpf/events.bpf.c writes for --drops and --events. Compiles with clang -target bpf (after
 * vmlinux.h) and with gcc (after <linux/types.h>).
 *
 * Byte order as in struct tl_record: integers in host order, addresses in network order.
 * Every byte is written; size in the header counts header and body, a multiple of 8.
 */
#ifndef TL_EVENTS_H
#define TL_EVENTS_H

/*
 * --drops: the kernel freed a TCP segment's skb with a reason (tracepoint skb:kfree_skb). The
 * segment follows as the hook would have recorded it (a struct tl_record with its addresses
 * and options, no frame section), so it prints as a tcpdump line even when no hook saw it.
 */
struct tl_ev_drop {
	struct tl_event_hdr h;
	__u64 location; /* the kernel address that freed it: a function plus an offset */
	__u32 reason;	/* enum skb_drop_reason of the running kernel: named from its BTF */
	__u32 netns;	/* inode number of the network namespace it was dropped in */
			/* then the struct tl_record */
};
#define TL_EV_DROP_MAX (sizeof(struct tl_ev_drop) + TL_RECORD_HDR + 32 + TL_OPT_MAX)

/* Both ends of a socket: local first, as the socket has them. */
struct tl_ev_conn {
	__u8 family; /* 4 or 6 */
	__u8 pad[3];
	__u32 netns;
	__u16 lport;
	__u16 rport;
	__u32 pad2;
	__u8 laddr[16]; /* IPv4: the first 4 bytes, the rest zero */
	__u8 raddr[16];
};

/* TL_EV_RETRANS: TCP retransmitted seq:end_seq (tracepoint tcp:tcp_retransmit_skb). */
struct tl_ev_retrans {
	struct tl_event_hdr h;
	struct tl_ev_conn c;
	__u32 seq;
	__u32 end_seq;
	__u8 ca_state;	/* the congestion state it was sent in: enum tcp_ca_state */
	__u8 tcp_flags; /* of the segment */
	__u16 pad;
	__s32 err; /* 0: it went out; else why not (-errno) */
};

/* TL_EV_STATE: a TCP socket moved from one state to another (sock:inet_sock_set_state). */
struct tl_ev_state {
	struct tl_event_hdr h;
	struct tl_ev_conn c;
	__u8 oldstate; /* TCP_ESTABLISHED = 1 ... TCP_CLOSING = 11, as in the kernel */
	__u8 newstate;
	__u8 pad[6];
};

/* TL_EV_RESET: the kernel sent a RST (tcp:tcp_send_reset), with its enum sk_rst_reason. */
struct tl_ev_reset {
	struct tl_event_hdr h;
	struct tl_ev_conn c; /* the RST's source first; from the segment answered if no socket */
	__u32 reason;
	__u8 has_sock; /* 0: no socket (a segment to a closed port), endpoints from the segment */
	__u8 pad[3];
};

/* TL_EV_CLOSE: a TCP socket reached CLOSE: what the kernel measured over its life. */
struct tl_ev_close {
	struct tl_event_hdr h;
	struct tl_ev_conn c;
	__u32 srtt_us; /* smoothed RTT (tcp_sock.srtt_us / 8), 0 if never measured */
	__u32 total_retrans;
	__u64 bytes_acked;    /* this side's bytes the peer acknowledged (RFC 4898) */
	__u64 bytes_received; /* bytes received in order */
};

/* Network namespaces the events are reported for (cfg_netns in bpf/events.bpf.c). */
#define TL_EV_NETNS_MAX 16

/* Per-CPU counters of bpf/events.bpf.c (map ev_stats): written and lost per kind. */
#define TL_EVC_KINDS	     8
#define TL_EVC_WRITTEN(kind) (kind)
#define TL_EVC_LOST(kind)    (TL_EVC_KINDS + (kind))
#define TL_EVC_MAX	     (2 * TL_EVC_KINDS)

#endif
