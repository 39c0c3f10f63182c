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
# shellcheck source=tests/lib/netns.sh
. "$ROOT/tests/lib/netns.sh"
TL_NS_NAME=make-captures
tl_ns_prefix tle 10
SRV=${TL_PFX}s
CLI=${TL_PFX}c
tl_ns_tmp
# tcpdump gets SIGINT (it finishes its file), the server TERM; then the namespaces go.
tl_ns_trap

wait_for() {	# pid, file, pattern
	tl_wait_line "$1" "$2" "$3" 10 && return 0
	echo "make-captures: timed out waiting for '$3' in $2" >&2
	return 1
}

capture() {	# name, command...
	local name=$1
	shift
	ip netns exec "$CLI" tcpdump --immediate-mode -U -n -i "${TL_PFX}b" \
		-w "$TL_TMP/$name.pcap" tcp 2>"$TL_TMP/$name.err" &
	DUMP_PID=$!
	tl_track "$DUMP_PID" INT
	wait_for "$DUMP_PID" "$TL_TMP/$name.err" "listening on" || exit 1
	"$@"
	sleep 0.5
	kill -INT "$DUMP_PID" && wait "$DUMP_PID"
	tl_forget "$DUMP_PID"
	cat "$TL_TMP/$name.err" >&2
	cp "$TL_TMP/$name.pcap" "$OUT/$name.pcap"
}

tl_netns_add "$SRV" && tl_netns_add "$CLI" || exit 1
tl_veth "$SRV" "${TL_PFX}a" "$CLI" "${TL_PFX}b" 198.18.0.1/24 198.18.0.2/24 || exit 1
# Fixed, small checksum-offload-free frames make the capture reproducible in shape.
ip netns exec "$CLI" ethtool -K "${TL_PFX}b" tso off gso off gro off >/dev/null 2>&1

mkdir "$TL_TMP/www"
echo '<html><body>Hello from tcplens</body></html>' >"$TL_TMP/www/index.html"
ip netns exec "$SRV" /usr/bin/python3 -u -m http.server 80 --bind 198.18.0.1 \
	--directory "$TL_TMP/www" >"$TL_TMP/server.log" 2>&1 &
SERVER_PID=$!
tl_track "$SERVER_PID" TERM
wait_for "$SERVER_PID" "$TL_TMP/server.log" "Serving HTTP" || exit 1

capture http-get ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1/ || exit 1
# Nothing listens on port 81: the server's kernel answers the SYN with RST+ACK.
capture refused ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1:81/
echo "make-captures: wrote $OUT/http-get.pcap and $OUT/refused.pcap"
