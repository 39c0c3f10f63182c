# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# Sourced by bench/run.sh, bench/tcp.sh and bench/soak.sh: the veth pair between two private
# namespaces the generator sends through, the CPU split between generator and capture tool,
# and starting and stopping the tool. Names, the namespaces and the teardown come from the
# tests' helper, tests/lib/netns.sh.

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

# bench_wait_gone PID TENTHS: whether PID ended within TENTHS tenths of a second.
bench_wait_gone() {
	local n=$2

	while tl_alive "$1" && [ "$n" -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	! tl_alive "$1"
}

# bench_tool_start VARIANT ERRFILE CMD [PREFIX...]: runs PREFIX... CMD (CMD split into words)
# in $NSB, stderr to ERRFILE, TOOL_PID its PID, and waits for the tool's "listening on" line
# (30 s at most: BPF verification alone can take seconds). A tool that does not start is
# stopped, said in a note and skipped from then on (the script's note and SKIP): false.
bench_tool_start() {
	local var=$1 err=$2 cmd=$3

	shift 3
	# A command that names the namespace itself (--netns: --proc needs the host's cgroup
	# hierarchy, which `ip netns exec` hides) runs from here.
	# shellcheck disable=SC2086 # the command is a word list on purpose
	if [[ " $cmd " == *" --netns "* ]]; then
		"$@" $cmd >/dev/null 2>"$err" &
	else
		ip netns exec "$NSB" "$@" $cmd >/dev/null 2>"$err" &
	fi
	TOOL_PID=$!
	tl_wait_line "$TOOL_PID" "$err" 'listening on' 30 && return 0
	note "$var skipped: it did not start ($cmd: $(grep -v '^$' "$err" | head -n 1))"
	# shellcheck disable=SC2034 # SKIP is the sourcing script's
	SKIP["$var"]=1
	# INT first: a wrapper such as rusage passes it on, where a KILL would orphan the tool.
	kill -INT "$TOOL_PID" 2>/dev/null
	bench_wait_gone "$TOOL_PID" 50 || kill -KILL "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=""
	return 1
}

# bench_tool_stop VARIANT: SIGINT to the tool, so it prints its exit summary; killed (and said
# so) if it has not ended 10 s later.
bench_tool_stop() {
	kill -INT "$TOOL_PID" 2>/dev/null
	if ! bench_wait_gone "$TOOL_PID" 100; then
		note "$1 did not stop within 10 s of SIGINT: killed"
		kill -KILL "$TOOL_PID" 2>/dev/null
	fi
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=""
}
