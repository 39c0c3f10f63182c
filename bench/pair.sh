# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/run.sh and bench/soak.sh: the veth pair between two private namespaces the
# generator sends through, and the CPU split between generator and capture tool. Names, the
# namespaces and the teardown come from the tests' helper, tests/lib/netns.sh.

# shellcheck source=tests/lib/netns.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/lib/netns.sh"

# bench_pair NSA NSB VETH_A VETH_B IPV4_A IPV4_B: creates both namespaces (removed by the
# teardown trap of tests/lib/netns.sh); IPv6 off so the only traffic is the generator's;
# addresses /24 from 198.18.0.0/15.
bench_pair() {
	local ns

	for ns in "$1" "$2"; do
		tl_netns_add "$ns" || die "cannot create network namespaces"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	tl_veth "$1" "$3" "$2" "$4" "$5/24" "$6/24" || die "cannot create veth"
	# Two CPUs or more: the generator (and the receive softirq it triggers on its CPU) on
	# CPU 0, the capture tool on CPU 1, so the tool competes with nothing but itself.
	if [ "$(nproc)" -ge 2 ]; then
		GEN_CPU=(taskset -c 0) TOOL_CPU=(taskset -c 1)
	else
		GEN_CPU=() TOOL_CPU=()
	fi
}
