#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Records the real captures of the explain tests: one HTTP GET, and a connection refused (RST).
#
# Two namespaces joined by a veth, 198.18.0.1 (server, python3 http.server on port 80) and
# 198.18.0.2 (client, curl); tcpdump -w on the client's end. Nothing outside the two
# namespaces is touched and everything is removed on exit, also after an error.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/tests/captures

if [ "$(id -u)" != 0 ]; then
	echo "make-captures: needs root (network namespaces)" >&2
	exit 1
fi
PFX=$(printf 'tle%x%x' $$ "$RANDOM" | cut -c1-10)
SRV=${PFX}s
CLI=${PFX}c
TMP=$(mktemp -d "/tmp/$PFX.XXXXXX")
SERVER_PID="" DUMP_PID=""

cleanup() {
	[ -n "$DUMP_PID" ] && kill -INT "$DUMP_PID" 2>/dev/null && wait "$DUMP_PID"
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID"
	ip netns del "$SRV" 2>/dev/null
	ip netns del "$CLI" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() {	# file, pattern
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "make-captures: timed out waiting for '$2' in $1" >&2
	return 1
}

capture() {	# name, command...
	local name=$1
	shift
	ip netns exec "$CLI" tcpdump --immediate-mode -U -n -i "${PFX}b" -w "$TMP/$name.pcap" tcp \
		2>"$TMP/$name.err" &
	DUMP_PID=$!
	wait_for "$TMP/$name.err" "listening on" || exit 1
	"$@"
	sleep 0.5
	kill -INT "$DUMP_PID" && wait "$DUMP_PID"
	DUMP_PID=""
	cat "$TMP/$name.err" >&2
	cp "$TMP/$name.pcap" "$OUT/$name.pcap"
}

ip netns add "$SRV" && ip netns add "$CLI" || exit 1
ip -n "$SRV" link add "${PFX}a" type veth peer name "${PFX}b" netns "$CLI" || exit 1
ip -n "$SRV" addr add 198.18.0.1/24 dev "${PFX}a"
ip -n "$CLI" addr add 198.18.0.2/24 dev "${PFX}b"
ip -n "$SRV" link set "${PFX}a" up
ip -n "$CLI" link set "${PFX}b" up
# Fixed, small checksum-offload-free frames make the capture reproducible in shape.
ip netns exec "$CLI" ethtool -K "${PFX}b" tso off gso off gro off >/dev/null 2>&1

mkdir "$TMP/www"
echo '<html><body>Hello from tcplens</body></html>' >"$TMP/www/index.html"
ip netns exec "$SRV" /usr/bin/python3 -u -m http.server 80 --bind 198.18.0.1 \
	--directory "$TMP/www" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
wait_for "$TMP/server.log" "Serving HTTP" || exit 1

capture http-get ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1/ || exit 1
# Nothing listens on port 81: the server's kernel answers the SYN with RST+ACK.
capture refused ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1:81/
echo "make-captures: wrote $OUT/http-get.pcap and $OUT/refused.pcap"
