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

# shellcheck source=tests/lib/netns.sh
. "$ROOT/tests/lib/netns.sh"
TL_NS_NAME=demo
# A per-run prefix keeps the names apart from anything else on this machine.
tl_ns_prefix tl 10
SRV=${TL_PFX}srv
CLI=${TL_PFX}cli
tl_ns_tmp
# Everything is removed on exit: tcplens gets SIGINT (it prints its summary), the server
# TERM, both by PID; then the namespaces go, and the veth pair with them.
tl_ns_trap

# Wait (up to 10 s) until a file holds a line matching a pattern.
wait_for() {	# pid, file, pattern
	tl_wait_line "$1" "$2" "$3" 10 && return 0
	echo "demo: timed out waiting for '$3' in $2" >&2
	cat "$2" >&2
	return 1
}

echo "== two namespaces, $SRV (198.18.0.1) and $CLI (198.18.0.2), joined by a veth pair"
tl_netns_add "$SRV" && tl_netns_add "$CLI" || exit 1
tl_veth "$SRV" "${TL_PFX}s" "$CLI" "${TL_PFX}c" 198.18.0.1/24 198.18.0.2/24 || exit 1

echo "== a web server in $SRV on port 80"
mkdir "$TL_TMP/www"
echo '<html><body>Hello from tcplens</body></html>' >"$TL_TMP/www/index.html"
# -u: unbuffered output, so we see "Serving HTTP" as soon as it listens.
ip netns exec "$SRV" /usr/bin/python3 -u -m http.server 80 --bind 198.18.0.1 \
	--directory "$TL_TMP/www" >"$TL_TMP/server.log" 2>&1 &
SERVER_PID=$!
tl_track "$SERVER_PID" TERM
wait_for "$SERVER_PID" "$TL_TMP/server.log" "Serving HTTP" || exit 1

echo "== tcplens on the client's side of the veth"
# Lines go to the terminal; messages too, and into a file so we know when it is ready.
ip netns exec "$CLI" "$TCPLENS" -i "${TL_PFX}c" -nn --explain \
	2> >(tee "$TL_TMP/tcplens.err" >&2) &
TCPLENS_PID=$!
tl_track "$TCPLENS_PID" INT
wait_for "$TCPLENS_PID" "$TL_TMP/tcplens.err" "listening on" || exit 1

echo "== curl http://198.18.0.1/ from $CLI"
echo "   expect: handshake (S, S., .), request (P.), response (P.), close (F., F., .)"
ip netns exec "$CLI" curl -sS -o /dev/null http://198.18.0.1/ || exit 1
# Give the last ACK of the close time to arrive before we stop.
sleep 1

echo "== stopping tcplens (SIGINT), which prints its summary"
kill -INT "$TCPLENS_PID"
wait "$TCPLENS_PID"
tl_forget "$TCPLENS_PID"
echo "== done; cleaning up"
