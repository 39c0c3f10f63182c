#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What each tcplens mode costs on real TCP, counted instead of inferred from throughput: the
# kernel's own accounting of the time spent in the tool's BPF programs (kernel.bpf_stats_enabled,
# run_time_ns of every program the process holds) and the tool process's CPU time, over one
# iperf3 connection between two private namespaces (offloads off, MSS 1448).
# Interleaved: each repeat runs every mode once. Prints one markdown table: per mode the median
# (min-max) of the throughput, the BPF time, the tool's CPU, and their sum per GB received, also
# as a share of the first mode's (plain tcplens on tcx): per GB, since the modes move different
# amounts of data in the same time.
#
# Usage: bench/kcost.sh [--reps N] [--duration S] [MODE...]
#   MODE: text (-n on tcx), w (-w /dev/null), drops (-n --drops), events (-n --events),
#         dronly (--drops-only), empty (build/bench/emptyhook on tcx: programs that return at
#         once, the floor); default: text empty w dronly drops events. MODE+OPT+OPT... adds
#         options to a tcplens mode, e.g. text+--ring-size=8.
# Needs root, iperf3 and ethtool (scripts/deps.sh bench). TL_BIN picks the binary.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${TL_BIN:-$ROOT/build/tcplens}
REPS=3 DUR=5
MODES=()
while [ $# -gt 0 ]; do
	case $1 in
	--reps) REPS=$2; shift ;;
	--duration) DUR=$2; shift ;;
	-h | --help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) MODES+=("$1") ;;
	esac
	shift
done
[ ${#MODES[@]} -gt 0 ] || MODES=(text empty w dronly drops events)

die() { echo "kcost.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (a normal user prefixes it with sudo)"
[ -x "$BIN" ] || die "$BIN is not built (make build/tcplens)"
[ -x "$ROOT/build/bench/emptyhook" ] || die "build/bench/emptyhook is not built (make build/bench/emptyhook)"
for t in iperf3 ethtool bpftool; do
	command -v "$t" >/dev/null || die "needs iperf3, ethtool and bpftool: scripts/deps.sh bench"
done

# shellcheck source=tests/lib/netns.sh
. "$ROOT/tests/lib/netns.sh"
TL_NS_NAME=kcost.sh
tl_ns_prefix tlk 9
tl_ns_tmp
STATS0=$(sysctl -n kernel.bpf_stats_enabled)
# The counting costs two clock reads per program run: off again on every way out.
restore_stats() { sysctl -qw kernel.bpf_stats_enabled="$STATS0"; }
TL_TEARDOWN_HOOK=restore_stats
tl_ns_trap
NSA=${TL_PFX}a NSB=${TL_PFX}b VA=${TL_PFX}va VB=${TL_PFX}vb
if ! tl_netns_add "$NSA" || ! tl_netns_add "$NSB"; then
	die "cannot create network namespaces"
fi
tl_veth "$NSA" "$VA" "$NSB" "$VB" 198.18.11.1/24 198.18.11.2/24 || die "cannot create veth"
for side in "$NSA $VA" "$NSB $VB"; do
	# shellcheck disable=SC2086 # namespace and device
	set -- $side
	ip netns exec "$1" ethtool -K "$2" tso off gso off gro off >/dev/null ||
		die "ethtool -K failed on $2"
done
PORT=$((5201 + RANDOM % 1000))
ip netns exec "$NSB" iperf3 -s -B 198.18.11.2 -p "$PORT" >"$TL_TMP/server.out" 2>&1 &
tl_track $! TERM
for _ in $(seq 50); do
	ip netns exec "$NSB" ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q . && break
	sleep 0.1
done

mode_cmd() {
	local base=${1%%+*} extra=""

	[ "$base" = "$1" ] || extra=" ${1#*+}"
	case $base in
	empty | dronly) [ -z "$extra" ] || die "mode $base takes no options" ;;
	esac
	extra=${extra//+/ }
	case $base in
	text) echo "$BIN -i $VB --hook tcx -n$extra" ;;
	w) echo "$BIN -i $VB --hook tcx -w /dev/null$extra" ;;
	drops) echo "$BIN -i $VB --hook tcx -n --drops$extra" ;;
	events) echo "$BIN -i $VB --hook tcx -n --events$extra" ;;
	dronly) echo "$BIN --drops-only -n" ;;
	empty) echo "$ROOT/build/bench/emptyhook -i $VB --hook tcx" ;;
	*) die "unknown mode $1" ;;
	esac
}

# Nanoseconds spent so far in the BPF programs PID holds (by fd: another tcplens running, a
# test run of the same programs, is not counted).
bpf_ns() {
	local f ids=()

	for f in /proc/"$1"/fdinfo/*; do
		[ "$(readlink "/proc/$1/fd/${f##*/}" 2>/dev/null)" = anon_inode:bpf-prog ] || continue
		ids+=("$(sed -n 's/^prog_id:[[:space:]]*//p' "$f")")
	done
	for f in "${ids[@]}"; do
		bpftool prog show id "$f" -j 2>/dev/null
		echo
	done | "${PY:-python3}" -c 'import json, sys
print(sum(json.loads(l).get("run_time_ns", 0) for l in sys.stdin if l.strip()))'
}

# The tool's CPU time in ns, all threads, from the scheduler's own accounting (exact, where
# utime/stime are sampled at each tick).
cpu_ns() { cat "/proc/$1/task/"*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }

: >"$TL_TMP/raw.tsv"
sysctl -qw kernel.bpf_stats_enabled=1
for rep in $(seq "$REPS"); do
	for mode in "${MODES[@]}"; do
		err=$TL_TMP/$mode.err
		# shellcheck disable=SC2046 # the command is a word list on purpose
		ip netns exec "$NSB" $(mode_cmd "$mode") >/dev/null 2>"$err" &
		pid=$!
		tl_track "$pid" INT
		tl_wait_line "$pid" "$err" 'listening on' 30 || die "$mode did not start: $(head -n 2 "$err")"
		b0=$(bpf_ns "$pid") c0=$(cpu_ns "$pid")
		bps=$(ip netns exec "$NSA" iperf3 -c 198.18.11.2 -p "$PORT" -t "$DUR" -J |
			"${PY:-python3}" -c 'import json, sys
print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))')
		sleep 0.5 # what is queued for the reader
		b1=$(bpf_ns "$pid") c1=$(cpu_ns "$pid")
		kill -INT "$pid"
		wait "$pid"
		tl_forget "$pid"
		# A mode that loses records does less work: its cost means nothing then.
		lost=$(sed -nE 's/.* ([0-9]+) dropped \(ring full\).*/\1/p; s/.* ([0-9]+) lost.*/\1/p' \
			"$err" | head -n 1)
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$rep" "${bps:-NA}" $((b1 - b0)) \
			$((c1 - c0)) "${lost:-0}" >>"$TL_TMP/raw.tsv"
		echo "# $mode #$rep: $(awk -v b="${bps:-0}" 'BEGIN { printf "%.2f", b / 1e9 }') Gbit/s," \
			"BPF $(((b1 - b0) / 1000000)) ms, tool $(((c1 - c0) / 1000000)) ms," \
			"lost ${lost:-0}" >&2
	done
done

echo "Real TCP, one iperf3 connection, offloads off, MSS 1448, $REPS x $DUR s per mode," \
	"$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"${PY:-python3}" - "$TL_TMP/raw.tsv" "${MODES[0]}" "$DUR" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m, _, bps, bpf, cpu, lost = line.split()
    rows.setdefault(m, []).append((float(bps), int(bpf) / 1e6, int(cpu) / 1e6, int(lost)))
def spread(v, f):
    return f"{f(statistics.median(v))} ({f(min(v))}-{f(max(v))})"
dur = float(sys.argv[3])
def per_gb(x):  # (BPF + tool) ms per GB received
    bps, bpf, cpu, _ = x
    return (bpf + cpu) / (bps * dur / 8 / 1e9)
ref = rows.get(sys.argv[2])
ref_cost = statistics.median([per_gb(x) for x in ref]) if ref else None
print("| mode | Gbit/s | BPF ms (kernel's count) | tool CPU ms | BPF + tool, ms per GB "
      f"| share of {sys.argv[2]}'s | records lost |")
print("|---|---|---|---|---|---:|---|")
for m, v in rows.items():
    cost = [per_gb(x) for x in v]
    share = f"{100 * statistics.median(cost) / ref_cost:.2f}%" if ref_cost else "n/a"
    print(f"| {m} | {spread([x[0] / 1e9 for x in v], lambda x: f'{x:.2f}')} "
          f"| {spread([x[1] for x in v], lambda x: f'{x:.1f}')} "
          f"| {spread([x[2] for x in v], lambda x: f'{x:.1f}')} "
          f"| {spread(cost, lambda x: f'{x:.2f}')} | {share} "
          f"| {', '.join(str(x[3]) for x in v)} |")
EOF
