/* SPDX-License-Identifier: GPL-2.0-only */
/* Types shared by the BPF programs and user space: the segment record, the counters, the
 * replay metadata. Must compile with clang -target bpf and with gcc. */
#ifndef TCPLENS_H
#define TCPLENS_H

#include <linux/types.h>

/*
 * One record per TCP segment, written by the parser into the ring buffer.
 *
 * Byte order: integers are host order; addresses and option bytes are network order, as on
 * the wire. Every byte is written (padding is zero), so records can be compared with memcmp.
 *
 * Layout of one record in the ring: struct tl_record (56 bytes), then the two addresses
 * (8 bytes for IPv4, 32 for IPv6: source then destination), then opt_len raw TCP option
 * bytes, then zero padding up to a multiple of 8, then (TL_RF_PROC only) the process
 * section, then (TL_RF_FRAME only) the frame section. `size` counts all of it. An IPv4 segment without options is therefore 64 bytes.
 *
 * The record says how much of the segment was really captured (l4_caplen, opt_len), so
 * user space can print tcpdump's truncation markers ([|tcp], options [ [|tcp], ...) exactly.
 * Appending fields is allowed; it bumps TL_RECORD_VERSION.
 */
#define TL_RECORD_VERSION 2

#define TL_OPT_MAX 40 /* TCP options: data offset 15 * 4 - 20 */
#define TL_EXT_MAX 4  /* IPv6 extension headers kept (more: counted as non-TCP) */

/* tl_record.flags */
#define TL_RF_EGRESS 0x0001 /* seen leaving the interface (tc egress); else arriving */
#define TL_RF_FRAG   0x0002 /* first fragment (offset 0, more fragments follow) */
#define TL_RF_LEN0 \
	0x0004		   /* IP length field was 0 (TSO / BIG TCP without jumbo option):
				 * l4_len was derived from the frame length instead */
#define TL_RF_JUMBO 0x0008 /* IPv6 length taken from a hop-by-hop jumbo payload option */
#define TL_RF_FRAME 0x0010 /* a frame section follows the options (struct tl_frame_sect) */
#define TL_RF_PROC  0x0020 /* a process section follows the options (struct tl_proc_sect) */
#define TL_RF_CSUM  0x0040 /* csum holds the TCP checksum verdict (tl_frame_cfg.csum) */

struct tl_record {
	__u8 version;  /* TL_RECORD_VERSION */
	__u8 family;   /* 4 or 6 */
	__u16 size;    /* whole record in bytes, multiple of 8 */
	__u32 ifindex; /* interface the hook ran on; in replay the frame's slot in
				 * its batch (0 for a single frame, see TL_REPLAY_BATCH_MAX) */
	__u64 ts_ns;   /* bpf_ktime_get_ns() live; the frame's capture time in replay */

	/* TCP header, valid as far as l4_caplen says: ports need 4 bytes, the rest 20. */
	__u16 sport;
	__u16 dport;
	__u32 seq;
	__u32 ack;
	__u8 doff_byte; /* byte 12 as on the wire: data offset << 4 | reserved/AE bits */
	__u8 tcp_flags; /* byte 13: CWR ECE URG ACK PSH RST SYN FIN */
	__u16 window;	/* raw, unscaled */
	__u16 urg_ptr;

	__u16 flags;	      /* TL_RF_* */
	__u32 l4_len;	      /* TCP header + payload length according to the IP header(s) */
	__u32 l4_caplen;      /* bytes of the segment captured from its first byte, <= l4_len */
	__u32 ip_missing;     /* IP length minus the bytes present on the wire, when positive:
				 * tcpdump's "truncated-ip - N bytes missing!" */
	__u8 opt_len;	      /* option bytes in the record: min(hlen - 20, captured), <= 40 */
	__u8 ext_cnt;	      /* IPv6 extension headers before TCP, <= TL_EXT_MAX */
	__u16 csum;	      /* TL_RF_CSUM: in_cksum over pseudo-header and segment, 0 when
				 * the checksum is right; else zero */
	__u8 ext[TL_EXT_MAX]; /* their next-header values in order: 0 HBH, 43 routing,
				 * 44 fragment, 60 destination options */
			      /* then: addresses, options, padding, frame section */
};

#define TL_RECORD_HDR 56
_Static_assert(sizeof(struct tl_record) == TL_RECORD_HDR, "tl_record layout drifted");
_Static_assert(__builtin_offsetof(struct tl_record, ts_ns) == 8, "ts_ns offset");
_Static_assert(__builtin_offsetof(struct tl_record, sport) == 16, "sport offset");
_Static_assert(__builtin_offsetof(struct tl_record, flags) == 34, "flags offset");
_Static_assert(__builtin_offsetof(struct tl_record, opt_len) == 48, "opt_len offset");
_Static_assert(__builtin_offsetof(struct tl_record, csum) == 50, "csum offset");
_Static_assert(__builtin_offsetof(struct tl_record, ext) == 52, "ext offset");

/*
 * The process section (--proc and the process selectors only): who owns the local socket of
 * the segment, as bpf/proc.bpf.c saw it when that process last connected, accepted, listened
 * or sent on it (or found it at start). The socket is the sender's at egress, the receiver's
 * at ingress, else whichever end is local. User space turns cgroup_id into the cgroup's path
 * and a container id. It starts right after the options' padding, before any frame section.
 */
struct tl_proc_sect {
	__u32 pid; /* thread group id, as ps shows it */
	__u32 tid;
	__u32 uid; /* real user and group of the task */
	__u32 gid;
	__u64 cgroup_id; /* of the cgroup v2 (unified) hierarchy: its directory's inode */
	char comm[16];	 /* the task's command, NUL-padded */
};
_Static_assert(sizeof(struct tl_proc_sect) == 40, "process section drifted");

/*
 * The frame section: the captured frame itself, from the first byte of its link header, for
 * the outputs that print more than the line (-e, -v, -x/-X/-A, payload decoders, -w with -s,
 * JSON payload). Only records of a segment some chosen output needs it for carry one; the
 * kernel decides per segment (tl_frame_want in bpf/frame.h), so a record without it costs
 * what it did before. It starts at the first multiple of 8 after the options: this header,
 * then len bytes, then zero padding. A record carries the frame or not:
 * nothing of it is kept elsewhere.
 */
struct tl_frame_sect {
	__u32 len;	/* frame bytes that follow, <= TL_FRAME_MAX: tcpdump's caplen */
	__u32 wire_len; /* the frame's length on the wire */
	__u16 link;	/* enum tl_link of the bytes */
	__u16 l3_off;	/* offset of the IP header in the frame */
	__u16 l4_off;	/* offset of the TCP header */
	__u16 pad;
};
_Static_assert(sizeof(struct tl_frame_sect) == 16, "frame section header drifted");

/*
 * Most frame bytes a record carries: the record's size is 16 bits. A longer frame (a GSO or
 * BIG TCP super-packet) is cut here and prints as tcpdump prints a frame cut by its snap
 * length.
 */
#define TL_FRAME_MAX 65280

/*
 * What the chosen outputs need of the frame itself, beyond the record (struct
 * tl_frame_sect): user space fills it from the options, the BPF program reads it from its
 * read-only data, where the verifier sees it as constant and drops what is off.
 */
struct tl_frame_cfg {
	__u32 every;   /* frame bytes for every segment (TL_FRAME_MAX: whole frames), or 0 */
	__u32 headers; /* nonzero: at least up to the end of the TCP header (-e, -v) */
	__u32 decode;  /* nonzero: the whole frame of a segment with payload on a port in ports */
	/*
	 * -v: csum nonzero puts tcpdump's TCP checksum verdict in the record (TL_RF_CSUM),
	 * summed over the real bytes, so the payload need not travel; rst nonzero gives a RST
	 * with payload its whole frame (-v prints that payload).
	 */
	__u16 csum;
	__u16 rst;
	/*
	 * line nonzero: up to the end of the TCP header where the line itself reads the frame:
	 * a cooked header's interface and 802.1Q types, what follows IPv6 extension headers
	 * (an RT6 header's contents, malformed hop-by-hop options). For -r, where it costs
	 * nothing in the kernel but the rest of the records should stay small.
	 */
	__u32 line;
	__u64 ports[65536 / 64]; /* bit p: a payload decoder runs on TCP port p */
};

#define TL_ADDR_LEN(family) ((family) == 6 ? 32 : 8)
/* A record without frame bytes: header, IPv6 addresses, options, padding, process section,
 * frame section header. */
#define TL_RECORD_MAX (TL_RECORD_HDR + 32 + TL_OPT_MAX + 40 + 16)
/* A record with the most frame bytes. */
#define TL_RECORD_FRAME_MAX (TL_RECORD_MAX + TL_FRAME_MAX)

static inline const __u8 *tl_rec_saddr(const struct tl_record *r)
{
	return (const __u8 *)r + TL_RECORD_HDR;
}

static inline const __u8 *tl_rec_daddr(const struct tl_record *r)
{
	return (const __u8 *)r + TL_RECORD_HDR + (r->family == 6 ? 16 : 4);
}

static inline const __u8 *tl_rec_opts(const struct tl_record *r)
{
	return (const __u8 *)r + TL_RECORD_HDR + TL_ADDR_LEN(r->family);
}

/* Offset of the process section in a record with TL_RF_PROC: the options' padded end. */
#define TL_PROC_SECT_OFF(family, opt_len) \
	((TL_RECORD_HDR + TL_ADDR_LEN(family) + (opt_len) + 7) & ~7U)

/* Offset of the frame section in a record with TL_RF_FRAME: after the process section. */
#define TL_FRAME_SECT_OFF(family, opt_len, rflags) \
	(TL_PROC_SECT_OFF(family, opt_len) +       \
	 (((rflags)&TL_RF_PROC) ? sizeof(struct tl_proc_sect) : 0))

/* The process section, or NULL when the record has none (or it is cut short). */
static inline const struct tl_proc_sect *tl_rec_proc(const struct tl_record *r)
{
	__u32 off = TL_PROC_SECT_OFF(r->family, r->opt_len);

	if (!(r->flags & TL_RF_PROC) || r->size < off + sizeof(struct tl_proc_sect))
		return 0;
	return (const struct tl_proc_sect *)((const __u8 *)r + off);
}

/* The frame section's header, or NULL when the record has none; its bytes follow it. The
 * record must be at least TL_RECORD_HDR + its addresses and options long (the ring checks). */
static inline const struct tl_frame_sect *tl_rec_frame(const struct tl_record *r)
{
	__u32 off = TL_FRAME_SECT_OFF(r->family, r->opt_len, r->flags);
	const struct tl_frame_sect *fs = (const struct tl_frame_sect *)((const __u8 *)r + off);

	/* Only a whole section counts: one whose bytes are still to come has none yet. */
	if (!(r->flags & TL_RF_FRAME) || r->size < off + sizeof(*fs) ||
	    r->size < off + sizeof(*fs) + fs->len)
		return 0;
	return fs;
}

/*
 * A live batch (several records in one ring sample, see cfg_batch_bytes in the BPF program)
 * starts with this 8-byte header: which CPU wrote the records that follow. A CPU's records
 * are in time order; user space merges the CPUs' streams back into one time order. Its first
 * byte can never be a record's version, so the two cannot be confused.
 */
struct tl_batch_hdr {
	__u8 mark; /* TL_BATCH_MARK */
	__u8 pad;
	__u16 size; /* sizeof(struct tl_batch_hdr) */
	__u32 cpu;
};
#define TL_BATCH_MARK 0xb7
_Static_assert(sizeof(struct tl_batch_hdr) == 8, "batch header is one 8-byte word");

/*
 * A CPU's batch not yet in the ring: the time stamp of its first record, 0 when the CPU has
 * none. The flush timer can run late by any amount (under load the kernel hands softirqs to
 * ksoftirqd, which waits for its turn like any thread), so user space cannot assume a batch
 * reaches the ring within a fixed time: the merge holds back what is stamped from a pending
 * batch's first record on. In the programs' .bss, one per cache line, indexed by CPU; CPUs
 * from TL_PENDING_CPUS on have no flush timer, so their records go out at once.
 */
struct tl_pending {
	__u64 first_ns;
	__u64 pad[7];
};
#define TL_PENDING_CPUS 1024

/*
 * Kernel events (issue 14: drop reasons, TCP's own events, ...) share the ring(s) and the
 * merge with segment records. Each starts with this header; its first byte can be neither a
 * record's version nor TL_BATCH_MARK. kind says what follows the header (struct tl_ev_*,
 * defined with the programs that write them); size counts header and body, a multiple of 8.
 */
struct tl_event_hdr {
	__u8 mark; /* TL_EVENT_MARK */
	__u8 kind; /* enum tl_event_kind */
	__u16 size;
	__u32 cpu;   /* the CPU that wrote it: the merge orders each CPU's stream */
	__u64 ts_ns; /* bpf_ktime_get_ns(), the segments' clock */
};
#define TL_EVENT_MARK 0xe7
_Static_assert(sizeof(struct tl_event_hdr) == 16, "event header drifted");

enum tl_event_kind {
	TL_EV_DROP = 1,	   /* --drops: the kernel freed an skb with a reason */
	TL_EV_RETRANS = 2, /* --events: TCP retransmitted a segment */
	TL_EV_STATE = 3,   /* --events: a socket changed TCP state */
	TL_EV_RESET = 4,   /* --events: the kernel sent a reset */
	TL_EV_CLOSE = 5,   /* --events: a connection's totals at close */
	TL_EV_PROC = 16,   /* process attribution kinds start here */
};

/*
 * Per-CPU counters, monotonic, indexed by enum tl_counter. Every packet the hook sees is
 * counted once in SEEN and once in exactly one of the outcome counters, so
 *   seen = emitted + ring_full + filtered + sampled_out + non_tcp + ip_frag + malformed.
 * TRUNCATED is not an outcome: it counts emitted or ring_full records whose segment was cut
 * short (l4_caplen < l4_len or ip_missing != 0).
 */
enum tl_counter {
	TL_CNT_SEEN,	    /* packets the hook ran on */
	TL_CNT_EMITTED,	    /* records written to the ring */
	TL_CNT_RING_FULL,   /* TCP segments lost because the ring was full */
	TL_CNT_FILTERED,    /* TCP segments rejected by the filter */
	TL_CNT_NON_TCP,	    /* not IPv4/IPv6, or IP but not TCP */
	TL_CNT_IP_FRAG,	    /* non-first IP fragments: no TCP header to report */
	TL_CNT_MALFORMED,   /* link or IP header cut short or invalid before TCP was found */
	TL_CNT_TRUNCATED,   /* see above */
	TL_CNT_SAMPLED_OUT, /* TCP segments skipped by --sample N */
	TL_CNT_MAX,
};

/* Link-layer types the parser understands (values are DLT_ numbers where one exists). */
enum tl_link {
	TL_LINK_NULL = 0,   /* BSD loopback: 4-byte address family, either byte order */
	TL_LINK_ETH = 1,    /* Ethernet, up to three 802.1Q/802.1ad tags, 802.3 LLC/SNAP */
	TL_LINK_RAW = 12,   /* raw IP, version from the first nibble (also DLT 14 / 101) */
	TL_LINK_SLL = 113,  /* Linux cooked v1, 16-byte header */
	TL_LINK_SLL2 = 276, /* Linux cooked v2, 20-byte header */
	TL_LINK_IPV4 = 228, /* raw IPv4 */
	TL_LINK_IPV6 = 229, /* raw IPv6 */
};

/*
 * Replay: user space feeds each captured frame to the tl_replay XDP program with
 * BPF_PROG_TEST_RUN. The frame is preceded by this metadata (XDP data_meta, <= 32 bytes,
 * multiple of 4). Only the first TL_REPLAY_DATA_MAX bytes of a long frame are passed;
 * cap_len and wire_len are the frame's real captured and original lengths.
 */
struct tl_replay_meta {
	__u64 ts_ns;	/* copied to the record */
	__u32 cap_len;	/* bytes captured (pcap caplen) */
	__u32 wire_len; /* bytes on the wire (pcap len) */
	__u32 link;	/* enum tl_link */
	__u32 magic;	/* TL_REPLAY_MAGIC: guards against a missing metadata area */
};
#define TL_REPLAY_MAGIC	   0x746c6e73 /* "tlns" */
#define TL_PARSE_BUF	   512 /* frame bytes the parser looks at: headers, options, snippet */
#define TL_REPLAY_DATA_MAX TL_PARSE_BUF
_Static_assert(sizeof(struct tl_replay_meta) == 24, "replay meta must be <= 32 bytes");

/*
 * Batched replay: one BPF_PROG_TEST_RUN carries up to TL_REPLAY_BATCH_MAX frames in at most
 * TL_REPLAY_BATCH_BYTES of packet data (the linear part of an XDP test run: a page minus
 * 256 bytes of headroom and struct skb_shared_info, 3520 bytes on x86-64; the kernel puts
 * anything longer into fragments the program does not read), no metadata area. Slot after
 * slot: struct tl_replay_meta, then the frame's first min(cap_len, TL_REPLAY_DATA_MAX)
 * bytes, zero-padded to a multiple of 8. The records come
 * out in slot order with the slot number in ifindex, so user space knows which frame gave
 * which record and which gave none.
 */
#define TL_REPLAY_BATCH_MAX   64
#define TL_REPLAY_BATCH_BYTES 3520
#define TL_REPLAY_SLOT(cap_len)          \
	(sizeof(struct tl_replay_meta) + \
	 ((((cap_len) < TL_REPLAY_DATA_MAX ? (cap_len) : TL_REPLAY_DATA_MAX) + 7) & ~7U))

#endif /* TCPLENS_H */
