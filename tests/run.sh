#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs every test suite and adds up their closing "N passed, N failed" lines.
# Privileged suites (BPF load, network namespaces) skip without root, except under
# CI=true, where a skip is a failure.
set -u
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

total_pass=0 total_fail=0 broken=""

run_suite() {	# name, command...
	local name=$1 out last p f
	shift
	echo "== $name: $*"
	out=$("$@" 2>&1)
	local rc=$?
	printf '%s\n' "$out"
	last=$(printf '%s\n' "$out" | grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$last" ]; then
		echo "== $name: no result line (exit $rc): counted as one failure"
		total_fail=$((total_fail + 1)); broken="$broken $name"
		return
	fi
	p=$(printf '%s' "$last" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
	f=$(printf '%s' "$last" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# a suite that failed without saying so still failed
	fi
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	[ "$f" -eq 0 ] || broken="$broken $name"
}

for src in tests/unit/test_*.c; do
	t=build/tests/$(basename "$src" .c)
	run_suite "unit/$(basename "$t")" "$t"
done
run_suite prog build/tests/prog_test
run_suite analysis build/tests/analysis_corpus
run_suite analysis-tshark "$PY" tests/analysis/tshark_own.py --tcplens build/tcplens
run_suite conformance "$PY" tests/conformance/run.py --tcplens build/tcplens
run_suite decode "$PY" tests/decode/run.py --tool build/tests/decode_pcap
run_suite decode-diff "$PY" tests/decode/differential.py --tool build/tests/decode_pcap
run_suite outputs "$PY" tests/outputs/run.py --tcplens build/tcplens
for t in tests/outputs/test_*.sh; do
	[ -x "$t" ] && run_suite "outputs/$(basename "$t" .sh)" "$t"
done
run_suite explain tests/explain/run.sh
run_suite filter tests/filter/run.sh
run_suite sample tests/sample/run.sh
run_suite cli tests/cli/run.sh
# Shipping it: man page, completion, make install, the Debian package, --container under a
# real podman, the container image, the Kubernetes manifests.
run_suite man "$PY" tests/ship/man.py --tcplens build/tcplens
for t in tests/ship/test_*.sh; do
	[ -x "$t" ] && run_suite "ship/$(basename "$t" .sh)" "$t"
done
run_suite static tests/static/run.sh
run_suite sanitize tests/fuzz/sanitize.sh
run_suite fuzz env FUZZ_SECONDS=60 tests/fuzz/run.sh
run_suite differential "$PY" tests/fuzz/differential.py --tcplens build/tcplens
for t in tests/live/test_*.sh; do
	[ -x "$t" ] && run_suite "live/$(basename "$t" .sh)" "$t"
done

echo
[ -n "$broken" ] && echo "failing suites:$broken"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
