#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --sample N: the kernel keeps 1 in N segments of each connection and every SYN, FIN and
# RST; the summary accounts for the rest. Pinned to one CPU, since the counts are per CPU.
cd "$(dirname "$0")/../.." || exit 1
TL_BIN=${TL_BIN:-build/tcplens}
CORPUS=${CORPUS:-../shared/conformance}
PASS=0 FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }

if [ "$(id -u)" != 0 ]; then
	if [ "${CI:-}" = true ]; then bad "needs root (BPF_PROG_TEST_RUN)"; else echo "SKIP: needs root"; fi
	echo "sample: $PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
	exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ssh.pcap holds one connection: exactly ceil(n / N) of its n other segments stay.
cap=$CORPUS/tcpdump-tests/pcaps/ssh.pcap
for n in 2 3 7; do
	TZ=UTC taskset -c 0 "$TL_BIN" -n -r "$cap" -S >"$tmp/all" 2>/dev/null
	TZ=UTC taskset -c 0 "$TL_BIN" -n -r "$cap" -S --sample "$n" --stats >"$tmp/some" 2>"$tmp/err"
	ctl_all=$(grep -cE 'Flags \[[^]]*[FSR][^]]*\]' "$tmp/all")
	ctl_some=$(grep -cE 'Flags \[[^]]*[FSR][^]]*\]' "$tmp/some")
	other=$(( $(wc -l <"$tmp/all") - ctl_all ))
	kept=$(( $(wc -l <"$tmp/some") - ctl_some ))
	[ "$ctl_some" = "$ctl_all" ] && ok || bad "--sample $n: SYN/FIN/RST kept $ctl_some of $ctl_all"
	[ "$kept" = $(( (other + n - 1) / n )) ] && ok ||
		bad "--sample $n: kept $kept of $other other segments, want $(( (other + n - 1) / n ))"
	# What is printed is what would have been printed, in order (a subsequence, with -S).
	if python3 - "$tmp/all" "$tmp/some" <<'PY'; then ok; else bad "--sample $n: not a subsequence"; fi
import sys
a = open(sys.argv[1]).read().splitlines()
it = iter(a)
sys.exit(0 if all(l in it for l in open(sys.argv[2]).read().splitlines()) else 1)
PY
	seen=$(sed -nE 's/^([0-9]+) packets seen.*/\1/p' "$tmp/err")
	sum=$(sed -nE 's/.*: ([0-9]+) TCP segments delivered, ([0-9]+) dropped \(ring full\), ([0-9]+) filtered, ([0-9]+) sampled out, ([0-9]+) not TCP, ([0-9]+) IP fragments, ([0-9]+) malformed/\1+\2+\3+\4+\5+\6+\7/p' "$tmp/err")
	[ -n "$seen" ] && [ -n "$sum" ] && [ "$seen" = $((sum)) ] && ok ||
		bad "--sample $n: counters do not add up: seen $seen, outcomes $sum"
	grep -qE " $((other - kept)) sampled out" "$tmp/err" && ok ||
		bad "--sample $n: sampled-out count is not $((other - kept))"
done
"$TL_BIN" -r "$cap" --sample 0 >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--sample 0 accepted"
"$TL_BIN" -r "$cap" --sample 3 --no-bpf >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--sample with --no-bpf accepted"
echo "sample: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
