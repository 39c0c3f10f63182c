# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/run.sh and bench/soak.sh: the veth pair between two private namespaces the
# generator sends through, and the CPU split between generator and capture tool.

# bench_pair NSA NSB VETH_A VETH_B IPV4_A IPV4_B: namespaces already exist; IPv6 off so the
# only traffic is the generator's; addresses /24 from 198.18.0.0/15.
bench_pair() {
	local ns

	for ns in "$1" "$2"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ip -n "$ns" link set lo up
	done
	ip -n "$1" link add "$3" type veth peer name "$4" netns "$2" || die "cannot create veth"
	ip -n "$1" addr add "$5/24" dev "$3"
	ip -n "$2" addr add "$6/24" dev "$4"
	ip -n "$1" link set "$3" up
	ip -n "$2" link set "$4" up
	# Two CPUs or more: the generator (and the receive softirq it triggers on its CPU) on
	# CPU 0, the capture tool on CPU 1, so the tool competes with nothing but itself.
	if [ "$(nproc)" -ge 2 ]; then
		GEN_CPU=(taskset -c 0) TOOL_CPU=(taskset -c 1)
	else
		GEN_CPU=() TOOL_CPU=()
	fi
}
