/* SPDX-License-Identifier: GPL-2.0-only */
/* pcap-filter(7) expressions: compiled by libpcap to classic BPF, translated to eBPF, spliced
 * into the placeholder tl_filter() of the loaded BPF programs (capture/filter_splice.h). */
#ifndef TL_FILTER_H
#define TL_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

struct tl_filter;

/*
 * The translated program is the body of a BPF-to-BPF subprogram with the signature of the
 * placeholder in bpf/tcplens.bpf.c:
 *   int tl_filter(void *ctx, const __u8 *buf, __u32 buf_len, __u32 cap_len, __u32 wire_len)
 * buf (buf_len bytes, a map value of at least TL_PARSE_BUF bytes) holds the head of the
 * frame; loads between buf_len and cap_len go through bpf_xdp_load_bytes() or
 * bpf_skb_load_bytes() on ctx; loads past cap_len reject, as in libpcap. wire_len is `len`.
 * It returns 0 to drop the segment, anything else to keep it.
 */
#define TL_FILTER_FUNC "tl_filter"

/* The expression tcpdump would see: argv words joined by spaces. NULL when argc is 0. */
char *tl_filter_join(int argc, char **argv);
/* The expression in a file (-F): '#' comments are not special, as in tcpdump. */
int tl_filter_read_file(const char *path, char **out);

/*
 * Compile expr for link type dlt (DLT_EN10MB, DLT_RAW, ...). Host names resolve here, before
 * anything is loaded. On failure prints one message (libpcap's reason and the expression)
 * and returns a negative errno; constructs the translator cannot express are refused here.
 */
int tl_filter_new(const char *expr, int dlt, struct tl_filter **out);
/* The same for a snap length: the value the program's accepting "ret" returns, which only
 * -d shows (the hooks' snap length is -s's own knob). */
int tl_filter_new_snap(const char *expr, int dlt, unsigned int snaplen, struct tl_filter **out);
/* The same for reading path (-r): compiled on the file, exactly as tcpdump -r does. */
int tl_filter_new_file(const char *expr, const char *path, struct tl_filter **out);
void tl_filter_free(struct tl_filter *f);

/* The classic program, exactly as tcpdump -d (level 1), -dd (2), -ddd (3) print it. */
void tl_filter_dump(const struct tl_filter *f, int level);
/* libpcap's own verdict on one frame (pcap_offline_filter): the reference semantics. */
bool tl_filter_match(const struct tl_filter *f, const uint8_t *pkt, uint32_t cap_len,
		     uint32_t wire_len);

/*
 * Bytes from the start of the frame the filter may read: the largest offset + size of its
 * loads, with indexed loads bounded where libpcap's X is (a header length); UINT64_MAX when
 * X comes from packet data (protochain-like code). Replay passes the kernel only the first
 * TL_REPLAY_DATA_MAX bytes of each frame: a filter reaching further cannot be exact there.
 */
uint64_t tl_filter_reach(const struct tl_filter *f);

/*
 * Translate to eBPF for prog_type (XDP or SCHED_CLS pick the load helper). *out is
 * malloc'ed; returns 0, -E2BIG (too large for the verifier) or -EOPNOTSUPP (with a message).
 */
int tl_filter_translate(const struct tl_filter *f, enum bpf_prog_type prog_type,
			struct bpf_insn **out, size_t *cnt);

#endif
