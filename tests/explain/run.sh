#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Golden-file tests of --explain (English, Japanese), --summary and --ladder on small captures.
# Each case runs build/tcplens -r CAPTURE with the user-space parser (--no-bpf) and, as root,
# through the kernel parser too; stdout must equal tests/explain/NAME.out byte for byte.
# UPDATE=1 rewrites the golden files from the current output (review the diff before keeping).
set -u
cd "$(dirname "$0")/../.."
TCPLENS=build/tcplens
MO=build/locale/ja/LC_MESSAGES/tcplens.mo
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if [ ! -x "$TCPLENS" ] || [ ! -f "$MO" ]; then
	echo "explain: $TCPLENS or $MO missing (make; po/po.mk builds the catalog)"
	echo "explain: 0 passed, 1 failed"
	exit 1
fi

# Real captures of the shared conformance corpus (tcpdump's own test files).
CORPUS=../shared/conformance/tcpdump-tests/pcaps
[ -d "$CORPUS" ] || CORPUS=/work/shared/conformance/tcpdump-tests/pcaps

# name | capture | options
CASES=(
	"http-get.en|tests/captures/http-get.pcap|--explain --lang en"
	"http-get.ja|tests/captures/http-get.pcap|--explain --lang ja"
	"http-get.summary|tests/captures/http-get.pcap|--summary --lang en"
	"http-get.ladder|tests/captures/http-get.pcap|--ladder --lang en"
	"refused.en|tests/captures/refused.pcap|--explain --summary --ladder --lang en"
	"analysis.en|tests/explain/analysis.pcap|--explain --summary --ladder --lang en"
	"analysis.ja|tests/explain/analysis.pcap|--explain --summary --ladder --lang ja"
	"many.evict|tests/explain/many.pcap|--summary --ladder --lang en --flows 16"
	"words.en|tests/explain/words.pcap|--explain --summary --lang en"
	"app.en|tests/explain/app.pcap|--explain --lang en"
	"app.ja|tests/explain/app.pcap|--explain --lang ja"
	"dns-tcp.en|$CORPUS/dns_tcp.pcap|--explain --lang en"
	"ssh.ja|$CORPUS/ssh.pcap|--explain --lang ja"
)

modes=("--no-bpf")
if [ "$(id -u)" = 0 ]; then
	modes+=("")
elif [ "${CI:-}" = true ]; then
	bad "not root: the kernel-parser half cannot run (CI=true)"
else
	echo "explain: not root, kernel-parser runs skipped"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for c in "${CASES[@]}"; do
	IFS='|' read -r name pcap opts <<<"$c"
	gold=tests/explain/$name.out
	for m in "${modes[@]}"; do
		# shellcheck disable=SC2086
		env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C TZ=UTC \
			"$TCPLENS" -n -r "$pcap" $m $opts >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ -n "${UPDATE:-}" ] && [ "$m" = --no-bpf ]; then
			cp "$TMP/out" "$gold"
		fi
		if [ $rc -ne 0 ]; then
			bad "$name ${m:-(kernel)}: exit $rc: $(head -c 300 "$TMP/err")"
		elif ! diff -u "$gold" "$TMP/out" >"$TMP/diff"; then
			bad "$name ${m:-(kernel)}: differs from $gold"
			head -n 40 "$TMP/diff"
		else
			ok
		fi
	done
done

# The annotations must never disturb the tcpdump lines: removing them gives the plain output.
for pcap in tests/captures/http-get.pcap tests/explain/analysis.pcap; do
	TZ=UTC "$TCPLENS" -n -r "$pcap" --no-bpf >"$TMP/plain" 2>/dev/null
	TZ=UTC "$TCPLENS" -n -r "$pcap" --no-bpf --explain --lang ja 2>/dev/null |
		grep -v '^    | ' >"$TMP/stripped"
	if cmp -s "$TMP/plain" "$TMP/stripped" && [ -s "$TMP/plain" ]; then
		ok
	else
		bad "$pcap: --explain minus '    | ' lines is not the plain output"
	fi
done

# The application's words need its bytes, also when -T turns the decoders off: the kernel
# must still copy the frames on those ports (frame_cfg), and the words stay the same.
for m in "${modes[@]}"; do
	for t in "" "-T vat"; do
		# shellcheck disable=SC2086
		TZ=UTC "$TCPLENS" -n -r tests/explain/app.pcap $m $t --explain --lang en 2>/dev/null |
			grep '^    | ' >"$TMP/words${t:+-vat}"
	done
	if [ "$(grep -c -E '\| (HTTP|SSH|DNS|SMTP) ' "$TMP/words")" -ge 20 ] &&
	   cmp -s "$TMP/words" "$TMP/words-vat"; then
		ok
	else
		bad "app ${m:-(kernel)}: -T vat changes the application's words"
	fi
done

# A side past 4 GiB: the high half of its count and its retransmitted bytes live in the rare
# record. The capture (65,601 frames, 4.6 MB) is made here rather than kept.
if python3 tests/explain/gen_analysis.py "$TMP/big.pcap" big; then
	for m in "${modes[@]}"; do
		# shellcheck disable=SC2086
		env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C TZ=UTC "$TCPLENS" -n \
			-r "$TMP/big.pcap" $m --explain --summary --lang en 2>/dev/null |
			tail -n 11 >"$TMP/out"
		if cmp -s tests/explain/big.tail.out "$TMP/out"; then
			ok
		else
			bad "big ${m:-(kernel)}: over 4 GiB sent, the counts differ from big.tail.out"
			diff -u tests/explain/big.tail.out "$TMP/out" | head -n 20
		fi
	done
else
	bad "gen_analysis.py big failed"
fi

# Without --lang the environment's language is used, even when its locale is not installed.
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8 TZ=UTC \
	"$TCPLENS" -n -r tests/captures/http-get.pcap --no-bpf --explain >"$TMP/out" 2>/dev/null
if cmp -s tests/explain/http-get.ja.out "$TMP/out"; then
	ok
else
	bad "LANG=ja_JP.UTF-8 without --lang did not give Japanese"
fi

# Ladder lines fit in 100 columns.
TZ=UTC "$TCPLENS" -n -r tests/explain/analysis.pcap --no-bpf --ladder --lang en 2>/dev/null |
	grep '^ *[0-9.]*  |' >"$TMP/ladder"
if [ ! -s "$TMP/ladder" ] || ! awk 'length($0) > 100 { exit 1 }' "$TMP/ladder"; then
	bad "ladder wider than 100 columns"
else
	ok
fi

# 20 connections through a 16-entry table: 4 evicted, yet every one is reported exactly once.
TZ=UTC "$TCPLENS" -n -r tests/explain/many.pcap --no-bpf --summary --lang en --flows 16 \
	>"$TMP/out" 2>/dev/null
if [ "$(grep -c '^== connection' "$TMP/out")" = 20 ] &&
   [ "$(grep -c 'when tcplens had to forget it' "$TMP/out")" = 4 ] &&
   grep -q '16 connections tracked at the end, 4 evicted' "$TMP/out"; then
	ok
else
	bad "eviction: expected 20 reports, 4 of them evicted"
fi

# Without -n the lines and the reports' endpoints carry tcpdump's names: run as the
# conformance names form runs, in a namespace with no network (every DNS lookup fails at once)
# and ../shared/conformance/hosts.names over /etc/hosts.
HOSTS=../shared/conformance/hosts.names
[ -f "$HOSTS" ] || HOSTS=/work/shared/conformance/hosts.names
if [ "$(id -u)" = 0 ] && [ -f "$HOSTS" ]; then
	for m in "${modes[@]}"; do
		# shellcheck disable=SC2086,SC2016 # $m is empty or one word; $1 is sh's
		TZ=UTC unshare -m -n sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh \
			"$HOSTS" "$TCPLENS" -r tests/captures/http-get.pcap $m --summary --ladder \
			--lang en >"$TMP/out" 2>"$TMP/err"
		if [ "${UPDATE:-}" = 1 ]; then
			cp "$TMP/out" tests/explain/http-get.names.out
		fi
		if cmp -s tests/explain/http-get.names.out "$TMP/out" &&
		   grep -q '^== connection 0: 198.18.0.2.36468 (client) > 198.18.0.1.http (server)$' \
			"$TMP/out"; then
			ok
		else
			bad "names: http-get.names ${m:-bpf}"
			diff tests/explain/http-get.names.out "$TMP/out" | head -n 10
		fi
	done
elif [ "${CI:-}" = true ]; then
	bad "not root: the names case cannot make its namespace (CI=true)"
else
	echo "explain: not root, the names case skipped"
fi

echo "explain: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
