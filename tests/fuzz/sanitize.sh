#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The suites that need no attach, once more under AddressSanitizer + UBSan (a separate build in
# build-san/), and tcplens -r on every corpus capture under valgrind memcheck. Any sanitizer or
# valgrind report fails the suite. Prints "sanitize: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."

CC=${CC:-gcc}
JOBS=${SAN_JOBS:-2}
# The Makefile owns the sources, the flags and the variant directories (make san, make tsan).
OUT=$(make -s --no-print-directory VARIANT=san print-BUILD)
TSAN_OUT=$(make -s --no-print-directory VARIANT=tsan print-BUILD)
CORPUS=/work/shared/conformance
[ -d "$CORPUS" ] || CORPUS=../shared/conformance
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
SAN=$(make -s --no-print-directory print-SAN_FLAGS)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
# A report anywhere in a suite's output fails it, even if the suite's own checks passed.
REPORT='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer'

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() { echo "sanitize: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

build() {
	mkdir -p "$OUT"
	make --no-print-directory -j"$JOBS" CC="$CC" san >"$OUT/build.log" 2>&1 && return
	tail -n 20 "$OUT/build.log" | sed 's/^/    /'
	return 1
}

# suite NAME CMD...: the command must succeed and print no sanitizer report.
suite() {
	local name=$1 log="$OUT/${1//\//_}.log" rc

	shift
	"$@" >"$log" 2>&1
	rc=$?
	if grep -qE "$REPORT" "$log"; then
		bad "$name under ASan+UBSan: sanitizer report (log $log)"
		grep -E -A12 "$REPORT" "$log" | head -n 30 | sed 's/^/    /'
	elif [ "$rc" -ne 0 ]; then
		bad "$name under ASan+UBSan: exit $rc (log $log)"
		tail -n 5 "$log" | sed 's/^/    /'
	else
		ok "$name under ASan+UBSan: $(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
	fi
}

# One capture under memcheck: plain text with the user-space parser, and with the kernel
# parser the explain, summary, ladder and JSON paths as well.
memcheck_one() {
	local f=$1 log tag

	tag=$(echo "$f" | tr / _)
	log="$OUT/valgrind/$tag.log"
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --suppressions=tests/fuzz/valgrind.supp \
		build/tcplens -n --no-bpf -r "$f" >/dev/null 2>"$log"
	[ $? -eq 99 ] && { echo "FAIL $f (--no-bpf), see $log"; return; }
	if [ "$(id -u)" = 0 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect \
			--suppressions=tests/fuzz/valgrind.supp \
			build/tcplens -n -r "$f" --summary --explain --ladder >/dev/null 2>>"$log"
		[ $? -eq 99 ] && { echo "FAIL $f (BPF, --explain --summary --ladder), see $log"; return; }
	fi
	echo "ok $f"
}
export -f memcheck_one
export OUT

if ! build; then
	bad "build with $CC $SAN into $OUT/"
	finish
fi
ok "build with $CC $SAN into $OUT/"

for t in $(make -s --no-print-directory VARIANT=san print-UNIT_BINS); do
	suite "unit/$(basename "$t")" "$t"
done
[ -x "$OUT/tests/analysis_corpus" ] && suite analysis "$OUT/tests/analysis_corpus"
# BPF_PROG_TEST_RUN attaches nothing; without root these suites skip on their own.
[ -x "$OUT/tests/prog_test" ] && suite prog "$OUT/tests/prog_test"
suite conformance "$PY" tests/conformance/run.py --tcplens "$OUT/tcplens"
[ -f tests/outputs/run.py ] && suite outputs "$PY" tests/outputs/run.py --tcplens "$OUT/tcplens"

# Threads share memory in two places: the merge (reader threads feed it, the main thread
# releases) and the name resolver (its threads answer, the printer applies): their unit tests
# once more under ThreadSanitizer.
if make --no-print-directory -j"$JOBS" CC="$CC" tsan >"$OUT/tsan.log" 2>&1; then
	for t in test_merge test_names; do
		log="$OUT/tsan-$t.log"
		if TSAN_OPTIONS=halt_on_error=1:exitcode=86 "$TSAN_OUT/tests/$t" >"$log" 2>&1 &&
			! grep -q 'WARNING: ThreadSanitizer' "$log"; then
			ok "unit/$t under ThreadSanitizer: $(tail -n 1 "$log")"
		else
			bad "unit/$t under ThreadSanitizer (log $log)"
			grep -A12 'WARNING: ThreadSanitizer' "$log" | head -n 30 | sed 's/^/    /'
		fi
	done
else
	bad "building test_merge and test_names with -fsanitize=thread (log $OUT/tsan.log)"
fi

if ! command -v valgrind >/dev/null; then
	bad "valgrind not installed (make deps)"
	finish
fi
if [ ! -x build/tcplens ]; then
	bad "build/tcplens not built (make)"
	finish
fi
mkdir -p "$OUT/valgrind"
res=$(find "$CORPUS" tests -name '*.pcap' -o -name '*.pcapng' | sort |
	xargs -P "$JOBS" -I{} bash -c 'memcheck_one "$1"' _ {})
n=$(printf '%s\n' "$res" | grep -c '^ok ')
if printf '%s\n' "$res" | grep -q '^FAIL'; then
	bad "valgrind memcheck over tcplens -r: $(printf '%s\n' "$res" | grep -c '^FAIL') captures" \
	    "with reports"
	printf '%s\n' "$res" | grep '^FAIL' | sed 's/^/    /'
else
	ok "valgrind memcheck over tcplens -r: $n captures, no report"
fi
finish
