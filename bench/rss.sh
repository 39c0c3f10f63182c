#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peak RSS of `tcplens -r` against the number of live connections (issue 3, issue 16 item 5).
#
# For each N (default 10k, 100k, 1M) build/bench/gen writes a capture with N flows taking turns,
# SEGS segments each (so every connection is live until the end, the worst case for the flow
# table), and tcplens reads it with --flows N in every mode that keeps per-connection state:
# plain text, --summary, --explain, --ladder and --json. The largest capture is then read again
# with the default --flows (65536): the LRU table evicts, so memory must stay flat however many
# connections the trace has. build/bench/rusage records the peak RSS and the CPU time. Prints a
# markdown table of MB (MiB) per mode, then one of CPU seconds. BEFORE=path runs that binary
# too, right after each run of TCPLENS, and shows its figure as "(was X)": before and after
# from one run, one machine state.
# Usage: bench/rss.sh [--no-bpf] [--segs S] [N...]; TCPLENS=path picks the binary.
set -u
cd "$(dirname "$0")/.." || exit 1
TCPLENS=${TCPLENS:-build/tcplens} BEFORE=${BEFORE:-} GEN=build/bench/gen RUSAGE=build/bench/rusage
SEGS=2 MODE_ARGS=()

while [ $# -gt 0 ]; do
	case $1 in
	--no-bpf) MODE_ARGS=(--no-bpf); shift ;;
	--segs) SEGS=$2; shift 2 ;;
	-h|--help) sed -n '3,14p' "$0" | cut -c3-; exit 0 ;;
	*) break ;;
	esac
done
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(10000 100000 1000000)

for b in "$TCPLENS" "$GEN" "$RUSAGE" ${BEFORE:+"$BEFORE"}; do
	if [ ! -x "$b" ]; then
		echo "rss: $b missing (make; make build/bench/gen build/bench/rusage)" >&2
		exit 1
	fi
done
# the kernel parser needs root; without it fall back to the user-space one, which says so
if [ "$(id -u)" != 0 ] && [ ${#MODE_ARGS[@]} -eq 0 ]; then
	echo "rss: not root, using --no-bpf" >&2
	MODE_ARGS=(--no-bpf)
fi

TMP=$(mktemp -d /tmp/tlrss.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

MODES=("" --summary --explain --ladder --json)
CPU_ROWS=()

# one run: "RSS_MB CPU_S", or "failed (exit N: message)"
run1() {	# binary, capture, flows, extra options...
	local bin=$1 pcap=$2 flows=$3 rc kb us ss
	shift 3
	"$RUSAGE" "$TMP/ru" "$bin" -n -r "$pcap" "${MODE_ARGS[@]}" --flows "$flows" "$@" \
		>/dev/null 2>"$TMP/err"
	rc=$(sed -n 's/.*exit=\([0-9-]*\).*/\1/p' "$TMP/ru")
	kb=$(sed -n 's/.*maxrss_kb=\([0-9]*\).*/\1/p' "$TMP/ru")
	us=$(sed -n 's/.*user_us=\([0-9]*\).*/\1/p' "$TMP/ru")
	ss=$(sed -n 's/.*sys_us=\([0-9]*\).*/\1/p' "$TMP/ru")
	if [ "${rc:-1}" != 0 ]; then
		echo "failed (exit ${rc:-?}: $(tail -n 1 "$TMP/err"))"
		return
	fi
	awk -v kb="$kb" -v us="$us" -v ss="$ss" 'BEGIN { printf "%.1f %.2f", kb / 1024, (us + ss) / 1e6 }'
}

# one table cell per mode, "MB" or "MB (was MB)", into CELL; the CPU seconds go to CPU_ROW
measure() {	# capture, flows, extra options...
	local a b cell cpu
	a=$(run1 "$TCPLENS" "$@")
	case $a in failed*) CELL=$a; CPU_ROW+=" - |"; return ;; esac
	cell=${a% *} cpu=${a#* }
	if [ -n "$BEFORE" ]; then
		b=$(run1 "$BEFORE" "$@")
		case $b in
		failed*) cell+=" (was $b)" ;;
		*) cell+=" (was ${b% *})" cpu+=" (was ${b#* })" ;;
		esac
	fi
	CPU_ROW+=" $cpu |"
	CELL=$cell
}

row() {	# label, capture, flows
	local label=$1 cells="" m
	CPU_ROW="| $label |"
	for m in "${MODES[@]}"; do
		measure "$2" "$3" ${m:+"$m"}
		cells+=" $CELL |"
	done
	echo "| $label |$cells"
	CPU_ROWS+=("$CPU_ROW")
}

HEAD="| connections | plain | --summary | --explain | --ladder | --json |"
SEP="|---:|---:|---:|---:|---:|---:|"
echo "Peak RSS, MB"
echo
echo "$HEAD"
echo "$SEP"
for n in "${COUNTS[@]}"; do
	pcap=$TMP/flows-$n.pcap
	if ! "$GEN" -w "$pcap" -f "$n" -n $((n * SEGS)) -s 8 >/dev/null; then
		echo "rss: gen failed" >&2
		exit 1
	fi
	row "$n" "$pcap" "$n"
	last=$n
	[ "$n" = "${COUNTS[-1]}" ] || rm -f "$pcap"
done
row "$last, --flows 65536" "$TMP/flows-$last.pcap" 65536
echo
echo "CPU seconds (user + system), $SEGS segments a connection"
echo
echo "$HEAD"
echo "$SEP"
printf '%s\n' "${CPU_ROWS[@]}"
