/* SPDX-License-Identifier: GPL-2.0-only */
/* Classic BPF, as libpcap compiles a filter, translated to the eBPF body of tl_filter(). */
#ifndef TL_CBPF_TO_EBPF_H
#define TL_CBPF_TO_EBPF_H

#include <stddef.h>
#include <stdint.h>
/* libpcap and the kernel UAPI both name their types bpf_insn and bpf_program. */
#define bpf_insn    tl_pcap_insn
#define bpf_program tl_pcap_prog
#include <pcap/pcap.h>
#undef bpf_insn
#undef bpf_program
#include <linux/bpf.h>

/*
 * tl_filter_translate() (capture/filter.h) for libpcap's program p; name is the expression
 * as messages quote it.
 */
int tl_cbpf_translate(const struct tl_pcap_prog *p, const char *name, enum bpf_prog_type prog_type,
		      struct bpf_insn **out, size_t *cnt);

/* tl_filter_reach() for p. */
uint64_t tl_cbpf_reach(const struct tl_pcap_prog *p);

#endif
