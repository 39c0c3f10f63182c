#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Soak: tcplens -nn tracing a steady synthetic stream for a long time (10 minutes at 300k pps
# by default) must keep a flat RSS, lose nothing, and end with counters equal to the
# interface's. Not part of make test. See bench/README.md ("Soak").
#
# Usage: bench/soak.sh [--duration S] [--rate PPS] [--payload BYTES] [--flows N]
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${TL_BIN:-$ROOT/build/tcplens}
GEN=$ROOT/build/bench/gen
DUR=600 RATE=300000 PAYLOAD=64 FLOWS=16
# RSS may grow by this much (kB) from the first sample after start-up to any later one.
RSS_SLACK_KB=${RSS_SLACK_KB:-2048}

while [ $# -gt 0 ]; do
	case $1 in
	--duration) DUR=$2; shift ;;
	--rate) RATE=$2; shift ;;
	--payload) PAYLOAD=$2; shift ;;
	--flows) FLOWS=$2; shift ;;
	-h|--help) sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "soak.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

die() { echo "soak.sh: $*" >&2; exit 1; }
# shellcheck source=bench/pair.sh
. "$ROOT/bench/pair.sh"
[ "$(id -u)" = 0 ] || die "needs root (network namespaces, BPF, packet sockets)"
[ -x "$BIN" ] || die "$BIN not built (make)"
[ -x "$GEN" ] || die "$GEN not built (make build/bench/gen)"

TL_NS_NAME=soak.sh
tl_ns_prefix ts 11
PFX=$TL_PFX
NSA=${PFX}A NSB=${PFX}B VA=${PFX}a VB=${PFX}b
TOOL_PID="" GEN_PID=""

# Before tests/lib/netns.sh's teardown removes the namespaces and the scratch directory.
stop_all() {
	local p

	for p in $GEN_PID $TOOL_PID; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	GEN_PID="" TOOL_PID=""
}
TL_TEARDOWN_HOOK=stop_all
tl_ns_trap

tl_ns_tmp
TMP=$TL_TMP
NET=$((RANDOM % 250 + 1))
# No IPv6: router solicitations and MLD reports would be frames the generator did not send.
bench_pair "$NSA" "$NSB" "$VA" "$VB" "198.18.$NET.1" "198.18.$NET.2"

if_packets() {
	ip netns exec "$NSB" cat "/sys/class/net/$VB/statistics/rx_packets" \
		"/sys/class/net/$VB/statistics/tx_packets" | awk '{ n += $1 } END { print n }'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

"${TOOL_CPU[@]}" ip netns exec "$NSB" "$BIN" -i "$VB" -nn --stats >/dev/null 2>"$TMP/tool.err" &
TOOL_PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$TMP/tool.err" && break
	sleep 0.1
done
grep -q 'listening on' "$TMP/tool.err" || { cat "$TMP/tool.err" >&2; die "tcplens did not start"; }
# ip netns exec execs tcplens in place, so TOOL_PID is tcplens itself.
if0=$(if_packets)
"${GEN_CPU[@]}" ip netns exec "$NSA" "$GEN" -i "$VA" -r "$RATE" -d "$DUR" -s "$PAYLOAD" \
	-f "$FLOWS" -o >"$TMP/gen.out" 2>"$TMP/gen.err" &
GEN_PID=$!

echo "soak: $DUR s at $RATE pps, payload $PAYLOAD, $FLOWS flows; tcplens pid $TOOL_PID"
RSS=()
t=0
while kill -0 "$GEN_PID" 2>/dev/null; do
	sleep 1
	t=$((t + 1))
	if [ $((t % 10)) -eq 0 ]; then
		r=$(rss_kb "$TOOL_PID")
		[ -n "$r" ] || { cat "$TMP/tool.err" >&2; die "tcplens died after $t s"; }
		RSS+=("$r")
		echo "  t=${t}s rss=${r} kB interface=$(($(if_packets) - if0))"
	fi
done
wait "$GEN_PID"
GEN_PID=""
sleep 1
if1=$(if_packets)
kill -INT "$TOOL_PID"
wait "$TOOL_PID"
rc=$?
TOOL_PID=""

g=$(cat "$TMP/gen.out")
sent=$(sed -nE 's/.*sent=([0-9]+).*/\1/p' <<<"$g")
gdrop=$(sed -nE 's/.*dropped=([0-9]+).*/\1/p' <<<"$g")
err=$(cat "$TMP/tool.err")
printed=$(sed -nE 's/^([0-9]+) segments printed.*/\1/p' <<<"$err" | head -n 1)
seen=$(sed -nE 's/^([0-9]+) packets seen by the hook: .*/\1/p' <<<"$err" | head -n 1)
deliv=$(sed -nE 's/.*: ([0-9]+) TCP segments delivered.*/\1/p' <<<"$err" | head -n 1)
ringfull=$(sed -nE 's/.* ([0-9]+) dropped \(ring full\).*/\1/p' <<<"$err" | head -n 1)
udrop=$(sed -nE 's/.* ([0-9]+) dropped in user space.*/\1/p' <<<"$err" | head -n 1)
iface=$((if1 - if0))

echo "generator: $g"
echo "tcplens (exit $rc):"
grep -v 'listening on' <<<"$err" | sed 's/^/  /'
min=${RSS[0]:-0} max=${RSS[0]:-0}
for r in "${RSS[@]}"; do
	[ "$r" -lt "$min" ] && min=$r
	[ "$r" -gt "$max" ] && max=$r
done
echo "rss samples (kB, every 10 s): ${RSS[*]}"
echo "rss: first ${RSS[0]:-?} min $min max $max last ${RSS[-1]:-?}"

pass=0 fail=0
# check DESC EXPR: EXPR is evaluated here, hence the single quotes below.
# shellcheck disable=SC2016
check() {
	if eval "$2"; then
		pass=$((pass + 1)); echo "PASS: $1"
	else
		fail=$((fail + 1)); echo "FAIL: $1"
	fi
}
check "tcplens exits 0 on SIGINT" '[ "$rc" -eq 0 ]'
check "the generator's interface took every frame (sent $sent, refused ${gdrop:-?})" \
	'[ -n "$sent" ] && [ "${gdrop:-1}" -eq 0 ]'
check "hook saw what the interface counted ($seen = $iface)" '[ "${seen:-x}" = "$iface" ]'
check "hook saw what the generator sent ($seen = $sent)" '[ "${seen:-x}" = "${sent:-y}" ]'
check "every segment delivered and printed ($deliv delivered, $printed printed)" \
	'[ "${deliv:-x}" = "${seen:-y}" ] && [ "${printed:-x}" = "${deliv:-y}" ]'
check "zero loss (ring full ${ringfull:-?}, user space ${udrop:-?})" \
	'[ "${ringfull:-1}" -eq 0 ] && [ "${udrop:-1}" -eq 0 ]'
check "flat RSS: max $max kB <= first ${RSS[0]:-0} kB + $RSS_SLACK_KB kB" \
	'[ "${#RSS[@]}" -gt 0 ] && [ "$max" -le $((RSS[0] + RSS_SLACK_KB)) ]'
echo "soak: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
