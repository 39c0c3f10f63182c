#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Real-TCP points: iperf3 between the bench namespaces, untraced, under an empty hook (the floor
# any tracer pays on this kernel) and under each tracer, interleaved; writes a markdown report.
#
# Usage: bench/tcp.sh [--duration S] [--reps N] [--setups mss1448,mss88,offload]
#                     [--cpus same|split|free] [--variants V,V...] [OUT.md]
# Default: 5 s runs, 3 repeats, all three setups, report in bench/results-tcp.md (raw data next
# to it as .tsv). Needs root, iperf3 and ethtool (scripts/deps.sh bench). See bench/README.md.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${TL_BIN:-$ROOT/build/tcplens}
EMPTY=$ROOT/build/bench/emptyhook
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

REPS=3 DUR=5 SETUPS=mss1448,mss88,offload CPUS=same OUT=$ROOT/bench/results-tcp.md ONLY=
while [ $# -gt 0 ]; do
	case $1 in
	--duration) DUR=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--setups) SETUPS=$2; shift ;;
	--cpus) CPUS=$2; shift ;;
	--variants) ONLY=$2; shift ;;
	-h|--help) sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "tcp.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) OUT=$1 ;;
	esac
	shift
done
[[ "$DUR" =~ ^[0-9]+$ && "$DUR" -ge 1 ]] || { echo "tcp.sh: --duration takes whole seconds >= 1" >&2; exit 2; }
[[ "$REPS" =~ ^[0-9]+$ && "$REPS" -ge 1 ]] || { echo "tcp.sh: --reps takes a count >= 1" >&2; exit 2; }

die() { echo "tcp.sh: $*" >&2; exit 1; }
# shellcheck source=bench/pair.sh
. "$ROOT/bench/pair.sh"
note() { echo "# $*" >&2; NOTES+=("$*"); }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, BPF, packet sockets)"
for t in ip taskset iperf3 ethtool "$PY"; do
	command -v "$t" >/dev/null || die "$t not installed (scripts/deps.sh bench installs it)"
done
[ -x "$EMPTY" ] || die "build the empty hook first: make build/bench/emptyhook"

IFS=, read -r -a SETUP_LIST <<<"$SETUPS"
for s in "${SETUP_LIST[@]}"; do
	case $s in
	mss1448 | mss88 | offload) ;;
	*) die "unknown setup $s (--setups takes mss1448, mss88, offload)" ;;
	esac
done

# Per-run names: parallel runs and leftovers of a killed run never collide.
TL_NS_NAME=tcp.sh
tl_ns_prefix tt 11
NSA=${TL_PFX}A NSB=${TL_PFX}B VA=${TL_PFX}a VB=${TL_PFX}b
TOOL_PID=""
NOTES=()

# The tool changes from run to run: stopped here, before tests/lib/netns.sh's teardown stops
# the iperf3 server (tracked) and removes the namespaces and the scratch directory.
stop_tool_now() {
	[ -n "$TOOL_PID" ] || return 0
	kill -INT "$TOOL_PID" 2>/dev/null
	bench_wait_gone "$TOOL_PID" 50 || kill -KILL "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=""
}
TL_TEARDOWN_HOOK=stop_tool_now
tl_ns_trap

tl_ns_tmp
TMP=$TL_TMP
NET=$((RANDOM % 250 + 1))
IP4A=198.18.$NET.1 IP4B=198.18.$NET.2
bench_pair "$NSA" "$NSB" "$VA" "$VB" "$IP4A" "$IP4B"
# --cpus same (default): iperf3's client and server (and so the softirq work of both
# directions, which on a veth runs on the sender's CPU, hooks included) on CPU 0, the tracer's
# reader alone on CPU 1. split: client on CPU 0, server on CPU 1, tracer wherever the
# scheduler puts it. free: nothing pinned.
case $CPUS in
same) CLI_CPU=("${GEN_CPU[@]}") SRV_CPU=("${GEN_CPU[@]}") ;;
split)
	CLI_CPU=("${GEN_CPU[@]}") SRV_CPU=("${TOOL_CPU[@]}") TOOL_CPU=()
	[ ${#SRV_CPU[@]} -gt 0 ] && SRV_CPU=(taskset -c 1)
	;;
free) CLI_CPU=() SRV_CPU=() TOOL_CPU=() ;;
*) die "--cpus takes same, split or free" ;;
esac

VARIANTS=(none empty-tcx empty-xdp)
if [ -x "$BIN" ]; then
	VARIANTS+=(tcplens-text tcplens-w tcplens-explain tcplens-dronly)
else
	note "tcplens not measured: $BIN is not built (make build/tcplens)"
fi
if command -v tcpdump >/dev/null; then
	VARIANTS+=(tcpdump-w tcpdump-nn)
else
	note "tcpdump not installed: not measured"
fi
# --variants: a focused run keeps the listed ones (untraced always: every ratio needs it).
if [ -n "$ONLY" ]; then
	KEEP=(none)
	for v in "${VARIANTS[@]}"; do
		[[ ",$ONLY," == *",$v,"* && $v != none ]] && KEEP+=("$v")
	done
	[ ${#KEEP[@]} -gt 1 ] || die "--variants: none of $ONLY is known (${VARIANTS[*]})"
	VARIANTS=("${KEEP[@]}")
fi
declare -A SKIP=()

variant_cmd() {
	case $1 in
	empty-tcx) echo "$EMPTY -i $VB --hook tcx" ;;
	empty-xdp) echo "$EMPTY -i $VB --hook xdp" ;;
	tcplens-text) echo "$BIN -i $VB --hook tcx -n" ;;
	tcplens-w) echo "$BIN -i $VB --hook tcx -w /dev/null" ;;
	tcplens-explain) echo "$BIN -i $VB --hook tcx --explain" ;;
	# No hook on any interface: the drop tracepoint's program on a loaded, healthy path.
	tcplens-dronly) echo "$BIN --drops-only -n" ;;
	tcpdump-w) echo "tcpdump -i $VB -w /dev/null" ;;
	tcpdump-nn) echo "tcpdump -i $VB -nn" ;;
	esac
}

# --explain writes several lines a segment: measured where the issue sets its goal only.
wanted() {
	[ "$1" != tcplens-explain ] || [ "$2" = mss1448 ]
}

# Packets through the traced interface, both ways (tcx sees the ACKs leaving it too).
if_packets() {
	ip netns exec "$NSB" cat "/sys/class/net/$VB/statistics/rx_packets" \
		"/sys/class/net/$VB/statistics/tx_packets" | awk '{ n += $1 } END { print n }'
}

# tool_counts VARIANT ERRFILE: "seen lost" from the tool's exit summary: tcplens's packets seen
# by the hook and dropped (ring full), tcpdump's packets received by filter and dropped by
# kernel. The empty hook loses nothing by construction: "NA 0".
tool_counts() {
	local seen lost

	case $1 in
	empty-*) echo "NA 0"; return ;;
	# Its exit summary counts drops seen, not segments: a loss here is an event lost.
	tcplens-dronly)
		lost=$(sed -nE 's/.* ([0-9]+) lost.*/\1/p' "$2" | head -n 1)
		echo "NA ${lost:-NA}"
		return
		;;
	tcplens-*)
		seen=$(sed -nE 's/^([0-9]+) packets seen by the hook.*/\1/p' "$2" | head -n 1)
		lost=$(sed -nE 's/.* ([0-9]+) dropped \(ring full\).*/\1/p' "$2" | head -n 1)
		;;
	tcpdump-*)
		seen=$(sed -nE 's/^([0-9]+) packets? received by filter.*/\1/p' "$2" | head -n 1)
		lost=$(sed -nE 's/^([0-9]+) packets? dropped by kernel.*/\1/p' "$2" | head -n 1)
		;;
	esac
	echo "${seen:-NA} ${lost:-NA}"
}

# set_offloads on|off: TSO, GSO and GRO on both veths.
set_offloads() {
	if ! ip netns exec "$NSA" ethtool -K "$VA" tso "$1" gso "$1" gro "$1" 2>/dev/null ||
		! ip netns exec "$NSB" ethtool -K "$VB" tso "$1" gso "$1" gro "$1" 2>/dev/null; then
		die "ethtool -K tso/gso/gro $1 failed on the veth pair"
	fi
}

# measure SETUP VARIANT REP IPERF-ARGS...: one run; appends a line to $TMP/raw.tsv.
measure() {
	local setup=$1 var=$2 rep=$3 cmd p0 p1 bps retr seen=NA lost=NA err=$TMP/tool.err

	shift 3
	: >"$err"
	if [ "$var" != none ]; then
		cmd=$(variant_cmd "$var")
		bench_tool_start "$var" "$err" "$cmd" "${TOOL_CPU[@]}" || return
	fi
	p0=$(if_packets)
	if ! ip netns exec "$NSA" "${CLI_CPU[@]}" iperf3 -c "$IP4B" -p "$PORT" -t "$DUR" -J \
		"$@" >"$TMP/iperf.json" 2>"$TMP/iperf.err"; then
		note "$setup $var #$rep: iperf3 failed: $(head -c 200 "$TMP/iperf.err" \
			"$TMP/iperf.json" | tr '\n' ' ')"
		stop_tool_now
		return
	fi
	p1=$(if_packets)
	read -r bps retr < <("$PY" -c 'import json,sys
e = json.load(open(sys.argv[1]))["end"]
print(int(e["sum_received"]["bits_per_second"]), e["sum_sent"].get("retransmits", "NA"))' \
		"$TMP/iperf.json")
	if [ "$var" != none ]; then
		sleep 0.5	# let the tool drain what is still queued for it
		bench_tool_stop "$var"
		read -r seen lost < <(tool_counts "$var" "$err")
	fi
	# setup variant rep bits_per_second retransmits if_packets seen lost
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$setup" "$var" "$rep" "${bps:-NA}" \
		"${retr:-NA}" $((p1 - p0)) "$seen" "$lost" >>"$TMP/raw.tsv"
	echo "# $setup $var #$rep: $(awk -v b="${bps:-0}" 'BEGIN { printf "%.2f", b / 1e9 }')" \
		"Gbit/s, interface $((p1 - p0)) packets, tool seen/lost $seen/$lost" >&2
}

# The server lives for the whole run, on the tracer-free CPU; the teardown stops it.
PORT=$((5201 + RANDOM % 1000))
ip netns exec "$NSB" "${SRV_CPU[@]}" iperf3 -s -B "$IP4B" -p "$PORT" >"$TMP/server.out" \
	2>&1 &
tl_track $! TERM
for _ in $(seq 50); do
	ip netns exec "$NSB" ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q . && break
	sleep 0.1
done
ip netns exec "$NSB" ss -Hltn "sport = :$PORT" | grep -q . ||
	die "iperf3 server did not start: $(head -n 3 "$TMP/server.out")"

START=$(date +%s)
: >"$TMP/raw.tsv"
for setup in "${SETUP_LIST[@]}"; do
	case $setup in
	mss1448) set_offloads off; args=() ;;
	mss88) set_offloads off; args=(-M 88) ;;
	offload) set_offloads on; args=() ;;
	esac
	for rep in $(seq "$REPS"); do
		# Interleaved, so slow drift of the machine hits every variant alike; each repeat
		# starts one variant later, so no variant always runs first or after the same one.
		n=${#VARIANTS[@]} k=$(((rep - 1) % ${#VARIANTS[@]}))
		for var in "${VARIANTS[@]:k:n}" "${VARIANTS[@]:0:k}"; do
			[ -n "${SKIP[$var]:-}" ] && continue
			wanted "$var" "$setup" || continue
			measure "$setup" "$var" "$rep" "${args[@]}"
		done
	done
done

{
	echo "# tcplens benchmark: real TCP"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs" \
		"($(sed -nE 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), load average" \
		"$(cut -d' ' -f1-3 /proc/loadavg) at the end. $REPS interleaved runs of ${DUR} s per" \
		"cell, $(iperf3 --version | head -n 1 | cut -d' ' -f1-2), one connection, --cpus $CPUS." \
		"tcplens: $([ -x "$BIN" ] && "$BIN" --version 2>&1 | head -n 1 || echo "not built")."
	echo "tcpdump: $(tcpdump --version 2>&1 | head -n 1). Columns: bench/README.md" \
		"(\"Real TCP\")."
	echo
	"$PY" "$ROOT/bench/tcp_report.py" "$TMP/raw.tsv" || die "bench/tcp_report.py failed"
	if [ "${#NOTES[@]}" -gt 0 ]; then
		echo
		echo "Notes:"
		printf -- '- %s\n' "${NOTES[@]}" | sort -u
	fi
	echo
} >"$TMP/report.md" || die "writing the report failed"

cp "$TMP/raw.tsv" "${OUT%.md}.tsv"
cp "$TMP/report.md" "$OUT"
echo "tcp.sh: wrote $OUT (raw data: ${OUT%.md}.tsv) in $(($(date +%s) - START)) s" >&2
