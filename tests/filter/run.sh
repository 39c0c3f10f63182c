#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# All filter tests: the translator against libpcap on every corpus frame (test_filter), the
# command line (errors, -d, -F), tcplens -r against tcpdump (differential.py) and live
# (live.sh). Prints one closing line "filter: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
TL_BIN=${TL_BIN:-build/tcplens}
CORPUS=${CORPUS:-../shared/conformance}
PASS=0
FAIL=0

# add_counts NAME OUTPUT: adds the "NAME: N passed, N failed" line of OUTPUT to the totals.
add_counts() {
	local line p f

	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" <<<"$2" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL: $1 printed no result line"
		FAIL=$((FAIL + 1))
		return
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
}

check() {
	local desc=$1

	shift
	if "$@"; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: $desc"
	fi
}

# refuses DESC REGEX ARGS...: tcplens exits 1 or 2, with REGEX in its one message.
refuses() {
	local desc=$1 re=$2 err rc

	shift 2
	err=$("$TL_BIN" "$@" 2>&1 >/dev/null)
	rc=$?
	# 1: refused at run time, 2: refused while reading the command line.
	if { [ "$rc" = 1 ] || [ "$rc" = 2 ]; } && grep -qE -- "$re" <<<"$err"; then
		PASS=$((PASS + 1))
	else
		FAIL=$((FAIL + 1))
		echo "FAIL: $desc: exit $rc, stderr: $err"
	fi
}

if ! make --no-print-directory build/tests/test_filter >/dev/null; then
	echo "FAIL: test_filter does not build"
	FAIL=$((FAIL + 1))
else
	out=$(build/tests/test_filter tests/filter/expressions.txt "$CORPUS"/synthetic/pcaps/* \
		"$CORPUS"/tcpdump-tests/pcaps/* 2>&1)
	grep -E '^(FAIL|filter:)' <<<"$out" | grep -v 'passed, ' | head -n 40
	grep -E '^filter: .* passed' <<<"$out" | sed 's/^filter:/test_filter:/'
	add_counts filter "$out"
fi

SSH=$CORPUS/tcpdump-tests/pcaps/ssh.pcap
RAW=$CORPUS/tcpdump-tests/pcaps/mptcp-tcprst.pcap
refuses "syntax error" "cannot compile the filter 'port 80 and': .*syntax error" \
	-r "$SSH" port 80 and
refuses "unknown host" "unknown host 'no-such-host.invalid'" -r "$SSH" host no-such-host.invalid
refuses "matches nothing" "rejects all packets" -r "$SSH" tcp and udp
refuses "protochain loop" "backward jump" -r "$SSH" ip6 protochain 6
refuses "-F and arguments" "exclude each other" -r "$SSH" -F /dev/null port 22
refuses "-F missing file" "cannot read the filter file" -r "$SSH" -F /nonexistent/filter
refuses "ether on raw IP" "ethernet addresses supported only" -r "$RAW" ether host 1:2:3:4:5:6
big=$(python3 -c "print(' or '.join('tcp[%d:4] = %d' % (i % 1400, i) for i in range(3000)))")
refuses "too large" "too large for the BPF verifier" -r "$SSH" "$big"
check "-d prints what tcpdump -d prints (Ethernet)" \
	diff <(tcpdump -d 'tcp port 80 and tcp[tcpflags] & tcp-syn != 0' 2>/dev/null) \
	<("$TL_BIN" -d 'tcp port 80 and tcp[tcpflags] & tcp-syn != 0')
check "-d -s: the snap length in the accepting ret, as tcpdump -d -s" \
	diff <(tcpdump -d -s 60 tcp 2>/dev/null) <("$TL_BIN" -d -s 60 tcp)
check "-d -s 0: the default snap length" \
	diff <(tcpdump -d -s 0 'port 25' 2>/dev/null) <("$TL_BIN" -d -s 0 'port 25')
check "-d -r compiles for the capture's link type" \
	diff <(tcpdump -d -r "$RAW" 'port 80' 2>/dev/null) <("$TL_BIN" -d -r "$RAW" 'port 80')
check "-dd prints what tcpdump -dd prints" \
	diff <(tcpdump -dd 'ip6 and port 22' 2>/dev/null) <("$TL_BIN" -dd 'ip6 and port 22')
tmpf=$(mktemp)
trap 'rm -f "$tmpf"' EXIT
printf 'port 22 and\n tcp[tcpflags] & tcp-push != 0\n' >"$tmpf"
check "-F FILE gives what the same expression on the command line gives" \
	diff <("$TL_BIN" -n -r "$SSH" -F "$tmpf" 2>/dev/null) \
	<("$TL_BIN" -n -r "$SSH" port 22 and 'tcp[tcpflags] & tcp-push != 0' 2>/dev/null)
check "the summary counts the filtered segments" \
	grep -qE '29 filtered' <("$TL_BIN" -n --stats -r "$SSH" \
	'port 22 and tcp[tcpflags] & tcp-push != 0' 2>&1 >/dev/null)

out=$(python3 tests/filter/differential.py --tcplens "$TL_BIN" --corpus "$CORPUS" 2>&1)
grep -E '^(FAIL|    )' <<<"$out" | head -n 60
grep -E '^differential: ' <<<"$out"
add_counts differential "$out"

out=$(TL_BIN=$(realpath "$TL_BIN") tests/filter/live.sh 2>&1)
grep -E '^(FAIL|SKIP)' <<<"$out"
grep -E '^live: ' <<<"$out"
add_counts live "$out"

echo "filter: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
