#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Micro-benchmarks, as a markdown section on stdout: the BPF program's cost per segment under
# BPF_PROG_TEST_RUN (build/bench/micro) and offline formatting speed against tcpdump -nn -r.
#
# Usage: bench/micro.sh [SEGMENTS]   (default 1000000 segments in the offline capture)
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${TL_BIN:-$ROOT/build/tcplens}
GEN=$ROOT/build/bench/gen
MICRO=$ROOT/build/bench/micro
RUS=$ROOT/build/bench/rusage
OBJ=${TL_BPF_OBJ:-$ROOT/build/tcplens.bpf.o}
N=${1:-1000000}
TMP=$(mktemp -d /tmp/tlmicro.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT

echo "## BPF program cost (BPF_PROG_TEST_RUN)"
echo
if [ -x "$MICRO" ] && [ -r "$OBJ" ]; then
	"$MICRO" -o "$OBJ" || echo "build/bench/micro failed (exit $?): see its message on stderr"
else
	echo "Not measured: needs $MICRO and $OBJ (make build/bench/micro build/tcplens.bpf.o)."
fi
echo

# secs_of RUSFILE: user+sys seconds of a run.
cpu_of() { sed -nE 's/user_us=([0-9]+) sys_us=([0-9]+).*/\1 \2/p' "$1" |
	awk '{ printf "%.3f", ($1 + $2) / 1e6 }'; }

# run3 NAME CMD...: three runs, median wall and CPU seconds into $TMP/NAME.
run3() {
	local name=$1 i t0 t1

	shift
	for i in 1 2 3; do
		t0=$(date +%s.%N)
		"$RUS" "$TMP/rus" "$@" >/dev/null 2>"$TMP/$name.err" || return 1
		t1=$(date +%s.%N)
		echo "$(printf '%.3f' "$(echo "$t1 - $t0" | bc -l)") $(cpu_of "$TMP/rus")"
	done | sort -n | sed -n 2p >"$TMP/$name"
}

echo "## Offline: $N segments (64-byte payload, 16 flows, IPv4 and IPv6) to /dev/null"
echo
"$GEN" -w "$TMP/cap.pcap" -n "$N" -s 64 -f 16 -m -o >/dev/null || {
	echo "The generator could not write the capture."
	exit 1
}
echo "| command | wall s (median of 3) | CPU s | segments/s |"
echo "|---|---:|---:|---:|"
if run3 tcpdump tcpdump -nn -r "$TMP/cap.pcap"; then
	read -r tw tc <"$TMP/tcpdump"
	echo "| tcpdump -nn -r | $tw | $tc | $(echo "$N / $tw" | bc) |"
else
	echo "| tcpdump -nn -r | failed | | |"
fi
if [ -x "$BIN" ] && run3 tcplens "$BIN" -n -r "$TMP/cap.pcap"; then
	read -r lw lc <"$TMP/tcplens"
	echo "| tcplens -r | $lw | $lc | $(echo "$N / $lw" | bc) |"
	echo
	echo "tcplens -r takes $(printf '%.2f' "$(echo "$lw / $tw" | bc -l)") times the wall time" \
		"of tcpdump -nn -r: $(printf '%.2f' "$(echo "$tw / $lw" | bc -l)")x as fast" \
		"(target >= 5x)."
	# The speed only counts if the text is the same.
	tcpdump -nn -r "$TMP/cap.pcap" 2>/dev/null >"$TMP/a.txt"
	"$BIN" -n -r "$TMP/cap.pcap" 2>/dev/null >"$TMP/b.txt"
	if cmp -s "$TMP/a.txt" "$TMP/b.txt"; then
		echo "Output identical to tcpdump's ($(wc -l <"$TMP/a.txt") lines)."
	else
		echo "Output DIFFERS from tcpdump's: $(cmp "$TMP/a.txt" "$TMP/b.txt" 2>&1 | head -n 1)" \
			"($(wc -l <"$TMP/a.txt") vs $(wc -l <"$TMP/b.txt") lines)."
	fi
else
	echo "| tcplens -r | $([ -x "$BIN" ] && echo "failed: $(head -n 1 "$TMP/tcplens.err")" ||
		echo "not built") | | |"
fi
echo
