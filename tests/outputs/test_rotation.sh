#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rotation of -w files like tcpdump's: -C names FILE, FILE1, ...; -C -W keeps a ring
# FILE0..FILE(W-1) with padded numbers; -G starts a file per period with strftime names; -G -W
# stops after W files. Every file must read with tcpdump and together hold every segment once.
cd "$(dirname "$0")/../live" || exit 1
# shellcheck source=../live/lib.sh
. ./lib.sh

GEN=$TL_ROOT/build/bench/gen
tl_live_init tcpdump
[ -x "$GEN" ] || tl_skip_all "$GEN not built (make build/bench/gen)"

# lines FILE...: tcpdump's text for the files in this order, absolute numbers, UTC.
lines() {
	local f

	for f in "$@"; do
		TZ=UTC tcpdump -nn -S -r "$f" 2>/dev/null
	done
}

# readable FILE...: tcpdump reads each without complaint.
readable() {
	local f

	for f in "$@"; do
		tcpdump -nn -r "$f" >/dev/null 2>"$TL_TMP/rd.err" || return 1
		grep -qiv '^reading from file' "$TL_TMP/rd.err" && return 1
	done
	return 0
}

# 40,000 segments over 4 flows, IPv4 and IPv6, with the TS option: about 4 MB of pcapng.
BIG=$TL_TMP/big.pcap
"$GEN" -w "$BIG" -n 40000 -f 4 -m -o -s 16 >/dev/null || tl_fail "gen -w failed"
"$TL_BIN" -r "$BIG" -w "$TL_TMP/all.pcapng" 2>/dev/null
lines "$TL_TMP/all.pcapng" >"$TL_TMP/all.txt"
tl_check "plain -w run holds all 40000 segments" [ "$(wc -l <"$TL_TMP/all.txt")" -eq 40000 ]

# c1 DIR [OPTION...]: -C 1 makes FILE, FILE1, FILE2, ... in order, every file but the last
# just over 1,000,000 bytes. Leaves the run's file count in n and the names in files.
c1() {
	local dir=$TL_TMP/$1 what ok f s i

	shift
	what="-C 1${1:+ $*}"
	mkdir "$dir"
	"$TL_BIN" -r "$BIG" -w "$dir/out" "$@" -C 1 2>"$dir.err"
	tl_check "$what exits 0" [ $? -eq 0 ]
	n=$(find "$dir" -type f | wc -l)
	files=("$dir/out")
	for i in $(seq 1 $((n - 1))); do
		files+=("$dir/out$i")
	done
	tl_check "$what makes $n files named out, out1 .. out$((n - 1)) (n >= 3)" \
		eval '[ "$n" -ge 3 ] && ls "${files[@]}" >/dev/null 2>&1'
	ok=1
	for f in "${files[@]:0:n-1}"; do
		s=$(stat -c %s "$f" 2>/dev/null || echo 0)
		# tcpdump's test: a new file once the current one is larger than the limit.
		[ "$s" -gt 1000000 ] && [ "$s" -lt 1001000 ] || { ok=0; tl_log "$f: $s bytes"; }
	done
	tl_check "$what: each full file is just over 1,000,000 bytes" [ "$ok" = 1 ]
	tl_check "$what: every file reads with tcpdump" readable "${files[@]}"
	lines "${files[@]}" >"$dir.txt"
	tl_check "$what: the files hold every segment exactly once, in order" \
		cmp -s "$TL_TMP/all.txt" "$dir.txt"
}

# --pcap: the same rotation in classic pcap; each file starts with its own header.
c1 cp --pcap
ok=1
for f in "${files[@]}"; do
	# Classic pcap's magic (microseconds), little-endian on this machine.
	[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = d4c3b2a1 ] ||
		{ ok=0; tl_log "$f: not a classic pcap file"; }
done
tl_check "-C 1 --pcap: every file is classic pcap" [ "$ok" = 1 ]
# pcapng last: the -W checks below compare with this run's files.
c1 c

# -C 1 -W 2: a ring of out0, out1; each holds the newest file of its slot in the -C run.
mkdir "$TL_TMP/w"
"$TL_BIN" -r "$BIG" -w "$TL_TMP/w/out" -C 1 -W 2 2>/dev/null
tl_check "-C 1 -W 2: exactly out0 and out1" \
	[ "$(cd "$TL_TMP/w" && ls | tr '\n' ' ')" = "out0 out1 " ]
ok=1
for slot in 0 1; do
	k=$(((n - 1) - ((n - 1 - slot) % 2)))
	lines "$TL_TMP/w/out$slot" >"$TL_TMP/w.txt"
	lines "${files[$k]}" >"$TL_TMP/k.txt"
	cmp -s "$TL_TMP/w.txt" "$TL_TMP/k.txt" || { ok=0; tl_log "out$slot is not file $k"; }
done
tl_check "-C 1 -W 2: each ring slot holds the last file written to it" [ "$ok" = 1 ]

# -W 12: two digits, as tcpdump pads to the width of W - 1.
mkdir "$TL_TMP/w12"
"$TL_BIN" -r "$BIG" -w "$TL_TMP/w12/out" -C 1 -W 12 2>/dev/null
want=$(for i in $(seq 0 $((n - 1))); do printf 'out%02d ' "$i"; done)
tl_check "-C 1 -W 12: files out00 .. out0$((n - 1))" \
	[ "$(cd "$TL_TMP/w12" && ls | tr '\n' ' ')" = "$want" ]

# -G on a capture: tcplens rotates on the segments' time stamps (tcpdump on the wall clock,
# which for -r means no rotation at all), so a file of 80 segments 0.1 s apart with -G 2
# must split into periods of 2 s counted from the first segment of each file.
G=$TL_TMP/g.pcap
"$GEN" -w "$G" -n 80 -r 10 -f 2 >/dev/null
mkdir "$TL_TMP/g"
TZ=UTC "$TL_BIN" -r "$G" -w "$TL_TMP/g/g-%Y%m%d-%H%M%S.pcapng" -G 2 2>/dev/null
tl_check "-G 2 exits 0" [ $? -eq 0 ]
# In the order they were written: by the time of their first segment.
mapfile -t gfiles < <(for f in "$TL_TMP/g"/*; do
	echo "$(TZ=UTC tcpdump -nn -tt -r "$f" 2>/dev/null | head -n 1 | cut -d' ' -f1) $f"
done | sort -n | cut -d' ' -f2)
tl_check "-G 2 over 8 s of segments: 4 or 5 files (${#gfiles[@]})" \
	eval '[ "${#gfiles[@]}" -ge 4 ] && [ "${#gfiles[@]}" -le 5 ]'
tl_check "-G: every file reads with tcpdump" readable "${gfiles[@]}"
lines "${gfiles[@]}" >"$TL_TMP/g.txt"
"$TL_BIN" -r "$G" -w "$TL_TMP/g-all.pcapng" 2>/dev/null
tl_check "-G: the files hold the 80 segments once, in order" \
	eval '[ "$(wc -l <"$TL_TMP/g.txt")" -eq 80 ] && lines "$TL_TMP/g-all.pcapng" | cmp -s - "$TL_TMP/g.txt"'
ok=1
for f in "${gfiles[@]}"; do
	# A later file is named after its first segment's time (strftime in local time, UTC here).
	first=$(TZ=UTC tcpdump -nn -tttt -r "$f" 2>/dev/null | head -n 1 | cut -c1-19)
	name=$(date -u -d "$first" +g-%Y%m%d-%H%M%S.pcapng 2>/dev/null)
	[ "$(basename "$f")" = "$name" ] || { ok=0; tl_log "$f: first segment at $first"; }
	span=$(TZ=UTC tcpdump -nn -tt -r "$f" 2>/dev/null | awk 'NR == 1 { a = $1 } { b = $1 }
		END { print (b - a < 2) ? "ok" : "long" }')
	[ "$span" = ok ] || { ok=0; tl_log "$f spans 2 s or more"; }
done
# The first file too: in replay a name from the wall clock would sort apart from the rest.
tl_check "-G: files named by strftime of their first segment, each < 2 s long" \
	[ "$ok" = 1 ]

# -G 1 -W 3 live: tcplens stops by itself after its third file, as tcpdump does.
tl_make_pair || { tl_fail "cannot create the veth pair"; tl_done; }
mkdir "$TL_TMP/live"
tl_bg tracer ip netns exec "$TL_NS_B" "$TL_BIN" -i "$TL_VB" -w "$TL_TMP/live/l-%s" -G 1 -W 3
TRACER=$TL_LAST_PID
if tl_wait_line "$TRACER" "$TL_TMP/tracer.err" 'listening on' 10; then
	ip netns exec "$TL_NS_A" "$GEN" -i "$TL_VA" -r 200 -d 8 -f 2 >/dev/null 2>&1 &
	GENPID=$!
	tl_wait_exit "$TRACER" 8
	tl_check "-G 1 -W 3: tcplens exits by itself with 0 within 8 s" [ "${TL_RC:-1}" -eq 0 ]
	kill "$GENPID" 2>/dev/null
	wait "$GENPID" 2>/dev/null
	mapfile -t lfiles < <(ls "$TL_TMP/live"/l-* 2>/dev/null | sort)
	tl_check "-G 1 -W 3: three files named l-EPOCH (${#lfiles[@]})" \
		eval '[ "${#lfiles[@]}" -eq 3 ] && ! ls "$TL_TMP/live" | grep -qv "^l-[0-9]\{10\}$"'
	tl_check "-G 1 -W 3: every file reads with tcpdump" readable "${lfiles[@]}"
	tot=$(lines "${lfiles[@]}" | wc -l)
	w=$(sed -nE 's/^([0-9]+) segments (written|printed).*/\1/p' "$TL_TMP/tracer.err" | head -n 1)
	tl_check "-G 1 -W 3: the files hold the $w segments the summary counts ($tot)" \
		eval '[ -n "$w" ] && [ "$tot" -eq "$w" ] && [ "$tot" -gt 0 ]'
	[ -n "$w" ] && [ "$tot" -eq "$w" ] || tl_show "$TL_TMP/tracer.err"
else
	tl_fail "tcplens -G did not start"
	tl_show "$TL_TMP/tracer.err"
fi
tl_done
