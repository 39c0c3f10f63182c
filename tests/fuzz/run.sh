#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the libFuzzer harnesses with AddressSanitizer and UBSan, replays the saved regression
# inputs, then fuzzes each harness for FUZZ_SECONDS (default 60) with FUZZ_JOBS at a time.
# Prints "fuzz: N passed, N failed". Crashes are kept in build-fuzz/artifacts/.
set -u
cd "$(dirname "$0")/../.."

SECS=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}
CLANG=${CLANG:-clang}
# The Makefile owns the harness list, the sources, the flags and the directory (make fuzz-build).
MK=(make -s --no-print-directory CLANG="$CLANG")
[ -n "${FUZZ_OUT:-}" ] && MK+=(BUILD="$FUZZ_OUT")
OUT=$("${MK[@]}" VARIANT=fuzz print-BUILD)
HARNESSES=$("${MK[@]}" print-FUZZ_HARNESSES)
CORPUS=/work/shared/conformance
[ -d "$CORPUS" ] || CORPUS=../shared/conformance

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() { echo "fuzz: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

# Largest input worth trying per harness: a frame past the parser's window, a ring sample,
# 64 segments, a capture file of a few dozen frames; 4096 for a harness not listed here.
declare -A MAXLEN=([parse]=2052 [print]=6145 [analysis]=768 [replay]=65536 [dectext]=4100
	[decdns]=4100 [decbin]=4100 [app]=4100)
# The replay harness feeds garbage files on purpose: their one-line complaints go to /dev/null
# (libFuzzer keeps its own and the sanitizers' reports on a copy of stderr).
declare -A EXTRA=([parse]="" [print]="" [analysis]="" [replay]="-close_fd_mask=2" [dectext]=""
	[decdns]="" [decbin]="" [app]="")

if ! command -v "$CLANG" >/dev/null; then
	bad "clang not found (apt-get install clang)"
	finish
fi

build() {
	mkdir -p "$OUT/artifacts"
	"${MK[@]}" -j"$JOBS" fuzz-build >"$OUT/build.log" 2>&1 && return
	tail -n 20 "$OUT/build.log" | sed 's/^/    /'
	return 1
}

seed() {
	local h d

	for h in $HARNESSES; do
		mkdir -p "$OUT/seeds/$h" "$OUT/corpus/$h"
		rm -f "$OUT/seeds/$h"/*
	done
	# Every capture seeds: the corpus's, and tests/fuzz/seeds-*.pcap, hand-made payloads the
	# corpus lacks (tests/decode/differential.py --write-seeds DECODER FILE writes them).
	# shellcheck disable=SC2046
	"$OUT/seedgen" "$OUT/seeds/parse" "$OUT/seeds/print" "$OUT/seeds/analysis" "$OUT/seeds" \
		$(find "$CORPUS" tests -name '*.pcap' -o -name '*.pcapng' | sort) || return 1
	# --explain's reader takes the decoder harnesses' input layout: their payloads seed it.
	for h in dectext decdns; do
		for f in "$OUT/seeds/$h"/*; do
			cp "$f" "$OUT/seeds/app/$h-${f##*/}" || return 1
		done
	done
	# Whole capture files seed the file reader; the big ones only slow every iteration down.
	find "$CORPUS" tests -name '*.pcap' -o -name '*.pcapng' -size -16k |
		while read -r f; do
			cp "$f" "$OUT/seeds/replay/$(echo "$f" | tr / _)"
		done
}

# One harness: saved regressions once each, then the timed run. Writes a verdict file.
run_one() {
	local h=$1 bin="$OUT/fuzz_$1" log="$OUT/fuzz_$1.log" reg=(tests/fuzz/regress/"$1"/*)

	: >"$log"
	if [ -e "${reg[0]}" ]; then
		if "$bin" ${EXTRA[$h]:-} -runs=1 "${reg[@]}" >>"$log" 2>&1; then
			echo "PASS: $h: ${#reg[@]} regression inputs" >"$OUT/fuzz_$h.verdict"
		else
			echo "FAIL: $h: a regression input fails again (see $log)" >"$OUT/fuzz_$h.verdict"
		fi
	else
		echo "PASS: $h: no regression inputs yet" >"$OUT/fuzz_$h.verdict"
	fi
	if "$bin" ${EXTRA[$h]:-} -max_total_time="$SECS" -max_len="${MAXLEN[$h]:-4096}" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$h-" \
		"$OUT/corpus/$h" "$OUT/seeds/$h" >>"$log" 2>&1; then
		echo "PASS: $h: fuzzed $SECS s, $(grep -o 'stat::number_of_executed_units: [0-9]*' \
			"$log" | tail -n1 | grep -o '[0-9]*$') runs, no finding" >>"$OUT/fuzz_$h.verdict"
	else
		echo "FAIL: $h: finding after fuzzing (log $log; input $(grep -o \
			"$OUT/artifacts/[^ ]*" "$log" | tail -n1); once fixed, add it to" \
			"tests/fuzz/regress/$h/)" >>"$OUT/fuzz_$h.verdict"
	fi
}

if ! build; then
	bad "build of the harnesses with $CLANG -fsanitize=fuzzer,address,undefined"
	finish
fi
ok "build of the harnesses with $CLANG -fsanitize=fuzzer,address,undefined"
if ! seed; then
	bad "seed corpora from $CORPUS and tests/"
	finish
fi
ok "seed corpora: $(find "$OUT/seeds" -type f | wc -l) inputs"

running=0
for h in $HARNESSES; do
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_one "$h" &
	running=$((running + 1))
done
wait
for h in $HARNESSES; do
	while read -r line; do
		case $line in
		PASS:*) ok "${line#PASS: }" ;;
		*) bad "${line#FAIL: }"; tail -n 40 "$OUT/fuzz_$h.log" | sed 's/^/    /' ;;
		esac
	done <"$OUT/fuzz_$h.verdict"
done
finish
