#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A first look at tcplens: watch one HTTP request between two private network namespaces.
#
# What it builds (nothing outside these two namespaces is touched):
#
#   namespace SRV                                     namespace CLI
#   python3 http.server :80  198.18.0.1 --veth-- 198.18.0.2  curl
#                                                    ^ tcplens listens here
#
# Everything is removed on exit, also after an error or Ctrl-C.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TCPLENS=${TCPLENS:-$ROOT/build/tcplens}

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (network namespaces and BPF): sudo make demo" >&2
	exit 1
fi
if [ ! -x "$TCPLENS" ]; then
	echo "demo: $TCPLENS is missing (make)" >&2
	exit 1
fi

# A per-run prefix keeps the names apart from anything else on this machine.
PFX=$(printf 'tl%x%x' $$ "$RANDOM" | cut -c1-10)
SRV=${PFX}srv
CLI=${PFX}cli
TMP=$(mktemp -d "/tmp/$PFX.XXXXXX")
SERVER_PID=""
TCPLENS_PID=""

cleanup() {
	# Stop what we started, by PID, then drop the namespaces (which removes the veth pair).
	[ -n "$TCPLENS_PID" ] && kill -INT "$TCPLENS_PID" 2>/dev/null && wait "$TCPLENS_PID"
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID"
	ip netns del "$SRV" 2>/dev/null
	ip netns del "$CLI" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Wait (up to 10 s) until a file holds a line matching a pattern.
wait_for() {
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "demo: timed out waiting for '$2' in $1" >&2
	cat "$1" >&2
	return 1
}

echo "== two namespaces, $SRV (198.18.0.1) and $CLI (198.18.0.2), joined by a veth pair"
ip netns add "$SRV" && ip netns add "$CLI" || exit 1
ip -n "$SRV" link add "${PFX}s" type veth peer name "${PFX}c" netns "$CLI" || exit 1
ip -n "$SRV" addr add 198.18.0.1/24 dev "${PFX}s"
ip -n "$CLI" addr add 198.18.0.2/24 dev "${PFX}c"
ip -n "$SRV" link set "${PFX}s" up
ip -n "$CLI" link set "${PFX}c" up

echo "== a web server in $SRV on port 80"
mkdir "$TMP/www"
echo '<html><body>Hello from tcplens</body></html>' >"$TMP/www/index.html"
# -u: unbuffered output, so we see "Serving HTTP" as soon as it listens.
ip netns exec "$SRV" /usr/bin/python3 -u -m http.server 80 --bind 198.18.0.1 \
	--directory "$TMP/www" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
wait_for "$TMP/server.log" "Serving HTTP" || exit 1

echo "== tcplens on the client's side of the veth"
# Lines go to the terminal; messages too, and into a file so we know when it is ready.
ip netns exec "$CLI" "$TCPLENS" -i "${PFX}c" -nn --explain 2> >(tee "$TMP/tcplens.err" >&2) &
TCPLENS_PID=$!
wait_for "$TMP/tcplens.err" "listening on" || exit 1

echo "== curl http://198.18.0.1/ from $CLI"
echo "   expect: handshake (S, S., .), request (P.), response (P.), close (F., F., .)"
ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1/ || exit 1
# Give the last ACK of the close time to arrive before we stop.
sleep 1

echo "== stopping tcplens (SIGINT), which prints its summary"
kill -INT "$TCPLENS_PID"
wait "$TCPLENS_PID"
TCPLENS_PID=""
echo "== done; cleaning up"
