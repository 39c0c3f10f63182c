#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peak RSS of `tcplens -r` against the number of live connections (issue 3 / issue 5 point 8).
#
# For each N (default 10k, 100k, 1M) build/bench/gen writes a capture with N flows taking turns,
# SEGS segments each (so every connection is live until the end, the worst case for the flow
# table), and tcplens reads it with --flows N: plain text, --summary (per-connection analysis
# state) and --json (its own analysis state). The largest capture is then read again with the
# default --flows (65536): the LRU table evicts, so memory must stay flat however many
# connections the trace has. build/bench/rusage records the peak RSS. Prints a markdown table.
# Usage: bench/rss.sh [--no-bpf] [--segs S] [N...]; TCPLENS=path picks the binary.
set -u
cd "$(dirname "$0")/.." || exit 1
TCPLENS=${TCPLENS:-build/tcplens} GEN=build/bench/gen RUSAGE=build/bench/rusage
SEGS=2 MODE_ARGS=()

while [ $# -gt 0 ]; do
	case $1 in
	--no-bpf) MODE_ARGS=(--no-bpf); shift ;;
	--segs) SEGS=$2; shift 2 ;;
	-h|--help) sed -n '3,11p' "$0" | cut -c3-; exit 0 ;;
	*) break ;;
	esac
done
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(10000 100000 1000000)

for b in "$TCPLENS" "$GEN" "$RUSAGE"; do
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

# peak RSS in MB of one run, or "failed (exit N)"
measure() {	# capture, flows, extra options...
	local pcap=$1 flows=$2 rc kb
	shift 2
	"$RUSAGE" "$TMP/ru" "$TCPLENS" -n -r "$pcap" "${MODE_ARGS[@]}" --flows "$flows" "$@" \
		>/dev/null 2>"$TMP/err"
	rc=$(sed -n 's/.*exit=\([0-9-]*\).*/\1/p' "$TMP/ru")
	kb=$(sed -n 's/.*maxrss_kb=\([0-9]*\).*/\1/p' "$TMP/ru")
	if [ "${rc:-1}" != 0 ]; then
		echo "failed (exit ${rc:-?}: $(tail -n 1 "$TMP/err"))"
		return
	fi
	awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }'
}

echo "| connections | segments | capture MB | plain MB | --summary MB | --json MB |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
	pcap=$TMP/flows-$n.pcap
	if ! "$GEN" -w "$pcap" -f "$n" -n $((n * SEGS)) -s 8 >/dev/null; then
		echo "rss: gen failed" >&2
		exit 1
	fi
	size=$(awk -v b="$(stat -c %s "$pcap")" 'BEGIN { printf "%.0f", b / 1e6 }')
	plain=$(measure "$pcap" "$n")
	summary=$(measure "$pcap" "$n" --summary)
	json=$(measure "$pcap" "$n" --json)
	echo "| $n | $((n * SEGS)) | $size | $plain | $summary | $json |"
	last=$n
	[ "$n" = "${COUNTS[-1]}" ] || rm -f "$pcap"
done
pcap=$TMP/flows-$last.pcap
echo "| $last, --flows 65536 (LRU evicts) | $((last * SEGS)) | - | $(measure "$pcap" 65536) |" \
	"$(measure "$pcap" 65536 --summary) | $(measure "$pcap" 65536 --json) |"
