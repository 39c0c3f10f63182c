// SPDX-License-Identifier: GPL-2.0-only
/* The empty hook: programs that do nothing, attached where tcplens attaches (bench/emptyhook.c),
 * so the benchmark measures what the hook alone costs on this kernel, the floor of any tracer. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Same section kind as tcplens's tc programs: tcx links take plain SCHED_CLS programs. */
SEC("tc")
int empty_tc_in(struct __sk_buff *skb)
{
	(void)skb;
	return TC_ACT_UNSPEC;
}

SEC("tc")
int empty_tc_out(struct __sk_buff *skb)
{
	(void)skb;
	return TC_ACT_UNSPEC;
}

/* xdp.frags as tcplens's XDP program: the driver sees the same program flags. */
SEC("xdp.frags")
int empty_xdp(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}
