// SPDX-License-Identifier: GPL-2.0-only
/* Someone else's programs for the live cleanup test: tcplens must leave them alone. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int other_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int other_tc(struct __sk_buff *skb)
{
	return -1; /* TC_ACT_UNSPEC: carry on with the next filter */
}

char LICENSE[] SEC("license") = "GPL";
