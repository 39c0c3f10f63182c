#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark runner: the same generated traffic through a veth pair, once without capture and
# once under each capture tool, repeated and interleaved; writes a markdown report.
#
# Usage: bench/run.sh [--long] [--points "RATE PAYLOAD FLOWS [PRODUCERS],..."] [--reps N] [--duration S]
#                     [--no-micro] [--tcp|--no-tcp] [--kevents] [--forms] [OUT.md]
# --kevents measures tcplens with --proc, --drops, --events and --drops-only (and plain tcx).
# --forms measures the output forms that copy payload (-A, -w -s 0) beside plain -nn and
# -nn -T vat, and tcpdump -nn and -A, on port 80 (the HTTP decoder runs); with
# TL_BIN_BEFORE=OLD_BINARY also that build's -nn and -w, for before/after in one run.
# Default: the short version (< 5 minutes), report in bench/results.md. See bench/README.md.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${TL_BIN:-$ROOT/build/tcplens}
GEN=$ROOT/build/bench/gen
RUS=$ROOT/build/bench/rusage
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

LONG=0 REPS=3 DUR=3 MICRO=1 TCP="" OUT=$ROOT/bench/results.md PTS="" KEV=0 FORMS=0
BEFORE=${TL_BIN_BEFORE:-}
while [ $# -gt 0 ]; do
	case $1 in
	--long) LONG=1 ;;
	--points) PTS=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--duration) DUR=$2; shift ;;
	--no-micro) MICRO=0 ;;
	--no-tcp) TCP=0 ;;
	--tcp) TCP=1 ;;
	--kevents) KEV=1 ;;
	--forms) FORMS=1 ;;
	-h|--help) sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) OUT=$1 ;;
	esac
	shift
done

# Points: "rate payload flows [producers]"; rate 0 is flat out. producers 2: two generators,
# one on each of CPU 0 and 1, half the rate each, so the hooks run on two CPUs at once.
if [ -n "$PTS" ]; then
	IFS=, read -r -a POINTS <<<"$PTS"
elif [ "$LONG" = 1 ]; then
	POINTS=()
	for rate in 100000 300000 1000000 0; do
		for pl in 0 64 1400; do
			for fl in 16 10000; do
				POINTS+=("$rate $pl $fl")
			done
		done
	done
elif [ "$FORMS" = 1 ]; then
	POINTS=("0 64 16" "300000 1400 10000")
else
	POINTS=("1000000 64 16" "300000 1400 10000" "300000 64 16 2")
fi

die() { echo "run.sh: $*" >&2; exit 1; }
# shellcheck source=bench/pair.sh
. "$ROOT/bench/pair.sh"
note() { echo "# $*" >&2; NOTES+=("$*"); }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, BPF, packet sockets)"
for t in ip taskset "$PY"; do
	command -v "$t" >/dev/null || die "$t not installed"
done
[ -x "$GEN" ] && [ -x "$RUS" ] ||
	die "build the tools first: make build/bench/gen build/bench/rusage"

# Per-run names: parallel runs and leftovers of a killed run never collide.
TL_NS_NAME=run.sh
tl_ns_prefix tb 11
PFX=$TL_PFX
NSA=${PFX}A NSB=${PFX}B VA=${PFX}a VB=${PFX}b
TOOL_PID=""
SERVER_PID=""
NOTES=()

# The tool and the server change from run to run: stopped here, before tests/lib/netns.sh's
# teardown removes the namespaces and the scratch directory.
stop_all() {
	local p i

	# TERM first: rusage passes it on to the tool; a KILL would orphan the tool.
	for p in $TOOL_PID $SERVER_PID; do
		kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 20); do
		[ -n "$TOOL_PID" ] && alive "$TOOL_PID" && { sleep 0.1; continue; }
		[ -n "$SERVER_PID" ] && alive "$SERVER_PID" && { sleep 0.1; continue; }
		break
	done
	for p in $TOOL_PID $SERVER_PID; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	TOOL_PID="" SERVER_PID=""
}
TL_TEARDOWN_HOOK=stop_all
tl_ns_trap

tl_ns_tmp
TMP=$TL_TMP
NET=$((RANDOM % 250 + 1))
IP4A=198.18.$NET.1 IP4B=198.18.$NET.2 IP4C=198.18.$NET.3
# No IPv6 on the pair: router solicitations and MLD reports would add stray frames.
bench_pair "$NSA" "$NSB" "$VA" "$VB" "$IP4A" "$IP4B"

# Capture variants; each prints on stdout, which goes to /dev/null.
VARIANTS=(none)
if [ -x "$BIN" ]; then
	VARIANTS+=(tcplens-tcx tcplens-xdp tcplens-w tcplens-nobatch tcplens-percpu)
	[ "$KEV" = 1 ] && VARIANTS=(none tcplens-tcx tcplens-proc tcplens-drops tcplens-events tcplens-dronly)
	if [ "$FORMS" = 1 ]; then
		VARIANTS=(none tcplens-tcx tcplens-vat tcplens-A tcplens-w tcplens-ws)
		[ -x "$BEFORE" ] && VARIANTS+=(before-tcx before-w)
	fi
else
	note "tcplens not measured: $BIN is not built (make build/tcplens)"
fi
if [ "$KEV" = 1 ]; then
	:
elif command -v tcpdump >/dev/null && [ "$FORMS" = 1 ]; then
	VARIANTS+=(tcpdump-nn tcpdump-A)
elif command -v tcpdump >/dev/null; then
	VARIANTS+=(tcpdump-nn tcpdump-w)
else
	note "tcpdump not installed: not measured"
fi
if command -v xdpdump >/dev/null; then
	VARIANTS+=(xdpdump)
else
	note "xdpdump not installed: not measured"
fi
declare -A SKIP=()

variant_cmd() {
	case $1 in
	tcplens-tcx) echo "$BIN -i $VB --hook tcx -nn" ;;
	tcplens-xdp) echo "$BIN -i $VB --hook xdp -nn" ;;
	tcplens-w) echo "$BIN -i $VB -w /dev/null" ;;
	tcplens-nobatch) echo "$BIN -i $VB --hook tcx -nn --no-batch" ;;
	tcplens-percpu) echo "$BIN -i $VB --hook tcx -nn --rings percpu" ;;
	tcplens-proc) echo "$BIN --netns $NSB -i $VB --hook tcx -nn --proc" ;;
	tcplens-drops) echo "$BIN -i $VB --hook tcx -nn --drops" ;;
	tcplens-events) echo "$BIN -i $VB --hook tcx -nn --events" ;;
	tcplens-dronly) echo "$BIN --drops-only -nn" ;;
	tcplens-vat) echo "$BIN -i $VB --hook tcx -nn -T vat" ;;
	tcplens-A) echo "$BIN -i $VB --hook tcx -nn -A" ;;
	tcplens-ws) echo "$BIN -i $VB -w /dev/null -s 0" ;;
	before-tcx) echo "$BEFORE -i $VB --hook tcx -nn" ;;
	before-w) echo "$BEFORE -i $VB -w /dev/null" ;;
	tcpdump-A) echo "tcpdump -i $VB -nn -A" ;;
	tcpdump-nn) echo "tcpdump -i $VB -nn" ;;
	tcpdump-w) echo "tcpdump -i $VB -w /dev/null" ;;
	xdpdump) echo "xdpdump -i $VB -w /dev/null" ;;
	esac
}

# Packets through the capture interface, both ways: with real TCP its ACKs leave through it
# and tcpdump and tc/tcx see those too.
if_packets() {
	ip netns exec "$NSB" cat "/sys/class/net/$VB/statistics/rx_packets" \
		"/sys/class/net/$VB/statistics/tx_packets" | awk '{ n += $1 } END { print n }'
}
softirq_ticks() { awk '/^cpu /{ print $8 }' /proc/stat; }

# tool_ns PID: CPU time in ns of all threads of the tool run by rusage PID, from the
# scheduler's own accounting (schedstat), exact where utime/stime are sampled at each tick:
# a tool that runs in short bursts between ticks can be under- or over-counted by those.
tool_ns() {
	local c

	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	c=${c%% *}
	[ -n "$c" ] && cat /proc/"$c"/task/*/schedstat 2>/dev/null |
		awk '{ n += $1 } END { if (NR) printf "%.0f\n", n; else print "NA" }' || echo NA
}

# tool_cpu PID: "utime stime" in clock ticks of the tool run by rusage PID (its only child);
# the comm field of tcplens and tcpdump has no spaces, so fields 14 and 15 are those.
tool_cpu() {
	local c

	c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	c=${c%% *}
	[ -n "$c" ] && awk '{ print $14, $15 }' "/proc/$c/stat" 2>/dev/null || echo "NA NA"
}

alive() {
	local st

	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ]
}

# tool_counts VARIANT ERRFILE: prints "delivered tooldrops" from the tool's exit summary.
tool_counts() {
	local err=$2 d dr

	case $1 in
	tcplens-* | before-*)
		d=$(sed -nE 's/^([0-9]+) segments (printed|written).*/\1/p' "$err" | head -n 1)
		[ -z "$d" ] && d=$(sed -nE 's/^([0-9]+) delivered:.*/\1/p' "$err" | head -n 1)
		dr=$(sed -nE 's/.* ([0-9]+) dropped \(ring full\).*/\1/p' "$err" | head -n 1)
		;;
	*)
		d=$(sed -nE 's/^([0-9]+) packets? captured.*/\1/p' "$err" | head -n 1)
		dr=$(sed -nE 's/^([0-9]+) packets? dropped by (kernel|perf ring).*/\1/p' "$err" |
			head -n 1)
		;;
	esac
	echo "${d:-NA} ${dr:-NA}"
}

# measure POINT VARIANT REP GENARGS...: one run; appends a line to $TMP/raw.tsv.
measure() {
	local point=$1 var=$2 rep=$3 cmd rx0 rx1 si0 si1 g sent dropped secs bytes counts rus
	local cpu0="NA NA" cpu1="NA NA" ut=NA st=NA ns0=NA ns1=NA cns=NA
	local out=$TMP/gen.out err=$TMP/tool.err

	shift 3
	rm -f "$TMP/rus" "$err"
	if [ "$var" != none ]; then
		cmd=$(variant_cmd "$var")
		bench_tool_start "$var" "$err" "$cmd" "$RUS" "$TMP/rus" "${PIN_TOOL[@]}" || return
	fi
	rx0=$(if_packets)
	si0=$(softirq_ticks)
	[ "$var" != none ] && cpu0=$(tool_cpu "$TOOL_PID") && ns0=$(tool_ns "$TOOL_PID")
	if [ "$PRODUCERS" = 2 ]; then
		# Second generator: its own source address, so its flows are its own.
		ip netns exec "$NSA" taskset -c 1 "$GEN" "$@" --src4 "$IP4C" >"$out.2" \
			2>"$TMP/gen2.err" &
		g=$!
		ip netns exec "$NSA" taskset -c 0 "$GEN" "$@" >"$out" 2>"$TMP/gen.err" ||
			die "generator failed: $(cat "$TMP/gen.err")"
		wait "$g" || die "generator failed: $(cat "$TMP/gen2.err")"
	else
		ip netns exec "$NSA" "${GEN_CPU[@]}" "$GEN" "$@" >"$out" 2>"$TMP/gen.err" ||
			die "generator failed: $(cat "$TMP/gen.err")"
		: >"$out.2"
	fi
	si1=$(softirq_ticks)
	rx1=$(if_packets)
	g=$(cat "$out" "$out.2")
	# Two generators: counts add up, the run lasts as long as the longer one.
	sent=$(sed -nE 's/.*sent=([0-9]+).*/\1/p' <<<"$g" | awk '{ n += $1 } END { print n }')
	dropped=$(sed -nE 's/.*dropped=([0-9]+).*/\1/p' <<<"$g" | awk '{ n += $1 } END { print n }')
	secs=$(sed -nE 's/.*seconds=([0-9.]+).*/\1/p' <<<"$g" | sort -g | tail -n 1)
	bytes=$(sed -nE 's/.*bytes=([0-9]+).*/\1/p' <<<"$g" | awk '{ n += $1 } END { print n }')
	counts="NA NA"
	rus="user_us=NA sys_us=NA maxrss_kb=NA"
	if [ "$var" != none ]; then
		sleep 0.5	# let the tool drain what is still queued for it
		cpu1=$(tool_cpu "$TOOL_PID")
		ns1=$(tool_ns "$TOOL_PID")
		bench_tool_stop "$var"
		counts=$(tool_counts "$var" "$err")
		[ -s "$TMP/rus" ] && rus=$(cat "$TMP/rus")
	fi
	# The tool's CPU from just before the traffic to the end of the drain: its start-up
	# (BPF verification is seconds of system time) and exit are left out.
	if [ "$cpu0" != "NA NA" ] && [ "$cpu1" != "NA NA" ]; then
		ut=$(( (${cpu1% *} - ${cpu0% *}) * 1000000 / CLK_TCK ))
		st=$(( (${cpu1#* } - ${cpu0#* }) * 1000000 / CLK_TCK ))
	fi
	[[ "$ns0$ns1" =~ ^[0-9]+$ ]] && cns=$(( (ns1 - ns0) / 1000 ))
	# point variant rep offered sent ifrx delivered tooldrops user_us sys_us maxrss_kb
	# softirq_ticks seconds bytes cpu_us
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$point" "$var" \
		"$rep" $((sent + dropped)) "$sent" $((rx1 - rx0)) $counts \
		"$ut" "$st" \
		"$(sed -nE 's/.*maxrss_kb=([0-9NA]+).*/\1/p' <<<"$rus")" \
		$((si1 - si0)) "$secs" "$bytes" "$cns" >>"$TMP/raw.tsv"
	echo "# $point $var #$rep: offered $((sent + dropped)), interface $((rx1 - rx0))," \
		"delivered ${counts% *}" >&2
}

# wanted VARIANT: whether this point measures it. The forms that only matter for the
# comparison at one point (--no-batch next to the default, XDP on veth, per-CPU rings with
# one producer) are left out elsewhere to keep the short run short; --long measures all.
wanted() {
	[ "$LONG" = 1 ] && return 0
	case $1 in
	tcplens-nobatch) [ "$POINT_NO" = 1 ] ;;
	tcplens-xdp | tcplens-w) [ "$PRODUCERS" = 1 ] ;;
	tcplens-percpu) [ "$PRODUCERS" = 2 ] ;;
	*) return 0 ;;
	esac
}

run_point() {	# POINT-LABEL GENARGS...
	local label=$1 rep var

	shift
	POINT_NO=$((POINT_NO + 1))
	for rep in $(seq "$REPS"); do
		# Interleaved, so slow drift of the machine hits every variant alike.
		for var in "${VARIANTS[@]}"; do
			[ -n "${SKIP[$var]:-}" ] && continue
			wanted "$var" || continue
			measure "$label" "$var" "$rep" "$@"
		done
	done
}

# --forms: to port 80, where tcplens and tcpdump run their HTTP decoder.
GEN_PORT=()
[ "$FORMS" = 1 ] && GEN_PORT=(-p 80)
CLK_TCK=$(getconf CLK_TCK)
POINT_NO=0
PRODUCERS=1
PIN_TOOL=("${TOOL_CPU[@]}")
START=$(date +%s)
: >"$TMP/raw.tsv"
for p in "${POINTS[@]}"; do
	read -r rate pl fl prod <<<"$p"
	PRODUCERS=${prod:-1}
	PIN_TOOL=("${TOOL_CPU[@]}")
	label="rate=$rate payload=$pl flows=$fl"
	[ "$rate" = 0 ] && label="rate=max payload=$pl flows=$fl"
	if [ "$PRODUCERS" = 2 ]; then
		# Both CPUs produce: the tool runs wherever the scheduler finds room.
		PIN_TOOL=()
		label="$label producers=2 (CPUs 0 and 1, $((rate / 2)) pps each)"
		rate=$((rate / 2))
	fi
	run_point "$label" -i "$VA" -r "$rate" -d "$DUR" -s "$pl" -f "$fl" --dst4 "$IP4B" \
		--src4 "$IP4A" "${GEN_PORT[@]}"
done
PRODUCERS=1
PIN_TOOL=("${TOOL_CPU[@]}")

# Real TCP: one bulk connection; the segments are whatever the stack sends (GSO). Part of
# the long version; the short one has no time for it.
if [ "${TCP:-$LONG}" = 1 ]; then
	ip netns exec "$NSB" "$GEN" --tcp-server 5201 >/dev/null 2>"$TMP/server.err" &
	SERVER_PID=$!
	sleep 0.3
	run_point "real TCP, 1 connection" --tcp-client "$IP4B" -p 5201 -f 1 -d "$DUR"
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=""
fi

{
	echo "# tcplens benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs" \
		"($(sed -nE 's/^model name\s*: //p' /proc/cpuinfo | head -n 1))," \
		"$([ "$LONG" = 1 ] && echo long || echo short) version: $REPS runs of ${DUR} s" \
		"per cell, median. tcplens: $([ -x "$BIN" ] && "$BIN" --version 2>&1 | head -n 1 ||
		echo "not built")."
	echo "tcpdump: $(tcpdump --version 2>&1 | head -n 1). Columns: bench/README.md."
	echo
	"$PY" "$ROOT/bench/report.py" "$TMP/raw.tsv" "$CLK_TCK"
	if [ "${#NOTES[@]}" -gt 0 ]; then
		echo
		echo "Notes:"
		printf -- '- %s\n' "${NOTES[@]}" | sort -u
	fi
	echo
} >"$TMP/report.md" || die "writing the report failed"

if [ "$MICRO" = 1 ]; then
	"$ROOT/bench/micro.sh" >>"$TMP/report.md" || note "bench/micro.sh failed"
fi
cp "$TMP/raw.tsv" "${OUT%.md}.tsv"
cp "$TMP/report.md" "$OUT"
echo "run.sh: wrote $OUT (raw data: ${OUT%.md}.tsv) in $(($(date +%s) - START)) s" >&2
