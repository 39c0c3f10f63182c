#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Process attribution (--proc, the selectors, --json, -w comments) on real traffic: a python
# server in namespace A, curl in namespace B, tcplens on both ends of their veth at once,
# for each hook. Every segment on A's side must carry the server's pid and command, every
# segment on B's side curl's; a connection opened before tcplens started is attributed; a
# process in a cgroup made for the test is selected by --cgroup; the pcapng comments read
# back by tshark carry ptcpdump's keys; kill -9 leaves no program or link.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

PORT=8000
PORT2=8001
PORT3=8002
PY=/usr/bin/python3

tl_live_init curl "$PY" tshark bpftool
tl_make_pair || tl_skip_all "cannot create the veth pair"

CG_MNT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$CG_MNT" ] || tl_skip_all "no cgroup v2 hierarchy mounted"
CG_NAME=${TL_PFX}cg
CG_DIR=$CG_MNT/$CG_NAME
mkdir "$CG_DIR" || tl_skip_all "cannot create a cgroup under $CG_MNT"
OWN_PIDS=()

# Our processes first (the cgroup can only go once it is empty), then the cgroup.
proc_teardown() {
	local pid

	for pid in "${OWN_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rmdir "$CG_DIR" 2>/dev/null
}
TL_TEARDOWN_HOOK=proc_teardown

mkdir -p "$TL_TMP/www"
echo '<html><body>tcplens</body></html>' >"$TL_TMP/www/index.html"

# The server in the test cgroup: the shell moves itself there, then becomes python.
"$PY" - "$CG_DIR/cgroup.procs" "$TL_NS_A" "$PY" "$PORT" "$TL_TMP/www" \
	>"$TL_TMP/server.out" 2>"$TL_TMP/server.err" <<'PY' &
import os, sys
procs, ns, py, port, www = sys.argv[1:]
with open(procs, "w") as f:
    f.write(str(os.getpid()))
os.execvp("ip", ["ip", "netns", "exec", ns, py, "-u", "-m", "http.server", port, "--bind", "::",
                 "--directory", www])
PY
SERVER=$!
OWN_PIDS+=("$SERVER")
# A second server outside it, for the selectors to leave out.
tl_bg server2 ip netns exec "$TL_NS_A" "$PY" -u -m http.server "$PORT2" --bind :: \
	--directory "$TL_TMP/www"
SERVER2=$TL_LAST_PID
tl_wait_line "$SERVER" "$TL_TMP/server.out" "Serving HTTP" 10 &&
	tl_wait_line "$SERVER2" "$TL_TMP/server2.out" "Serving HTTP" 10 || {
	tl_show "$TL_TMP/server.err"
	tl_skip_all "python3 http.server did not start"
}
tl_check "the server is in the test cgroup" grep -qx "0::/$CG_NAME" "/proc/$SERVER/cgroup"

# A connection opened before tcplens starts: a holder in A accepts it and waits; the client
# in B sends a line once $TL_TMP/go exists, the holder answers it.
tl_bg holder ip netns exec "$TL_NS_A" "$PY" -u -c '
import socket, sys
open("/proc/self/comm", "w").write("tlholder")
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1); print("listening", flush=True)
c, _ = s.accept(); print("accepted", flush=True)
c.recv(100); c.sendall(b"pong\n"); c.recv(100)
' "$PORT3"
HOLDER=$TL_LAST_PID
tl_wait_line "$HOLDER" "$TL_TMP/holder.out" "listening" 10
tl_bg early ip netns exec "$TL_NS_B" "$PY" -u -c '
import os, socket, sys, time
open("/proc/self/comm", "w").write("tlearly")
s = socket.create_connection((sys.argv[1], int(sys.argv[2]))); print("connected", flush=True)
while not os.path.exists(sys.argv[3]): time.sleep(0.05)
s.sendall(b"ping\n"); s.recv(100); s.close()
' "$TL_IP4_A" "$PORT3" "$TL_TMP/go"
EARLY=$TL_LAST_PID
tl_wait_line "$EARLY" "$TL_TMP/early.out" "connected" 10
tl_wait_line "$HOLDER" "$TL_TMP/holder.out" "accepted" 10

# start NAME NS IFACE ARGS...: tcplens in NS on IFACE, waited for.
start() {
	local name=$1 ns=$2 ifc=$3

	shift 3
	# --netns, not ip netns exec: its private /sys hides the cgroup hierarchy.
	tl_bg "$name" "$TL_BIN" -n -l --netns "$ns" -i "$ifc" "$@"
	if ! tl_wait_line "$TL_LAST_PID" "$TL_TMP/$name.err" "listening on" 15; then
		tl_fail "$name: tcplens did not start"
		tl_show "$TL_TMP/$name.err"
		tl_stop "$TL_LAST_PID" KILL
		return 1
	fi
}

# every FILE WANT: the file has TCP lines, and each ends with WANT.
every() {
	[ -s "$1" ] && ! grep -v -- "$2\$" "$1" | grep -q . 
}

# count_flags FILE FLAGS: lines with "Flags [FLAGS]".
count_flags() {
	grep -c -F "Flags [$2]" "$1"
}

run_hook() {
	local hook=$1 a b curl_pid

	start "a_$hook" "$TL_NS_A" "$TL_VA" --hook "$hook" --proc "tcp port $PORT" || return
	a=$TL_LAST_PID
	start "b_$hook" "$TL_NS_B" "$TL_VB" --hook "$hook" --proc "tcp port $PORT" || {
		tl_stop "$a" KILL
		return
	}
	b=$TL_LAST_PID
	tl_bg "curl_$hook" ip netns exec "$TL_NS_B" curl -sS -o "$TL_TMP/got.html" \
		"http://$TL_IP4_A:$PORT/index.html"
	curl_pid=$TL_LAST_PID
	tl_wait_exit "$curl_pid" 10
	tl_check "$hook: curl fetched the page" cmp -s "$TL_TMP/got.html" "$TL_TMP/www/index.html"
	sleep 0.5
	tl_stop "$a" INT 10
	tl_stop "$b" INT 10
	local fa=$TL_TMP/a_$hook.out fb=$TL_TMP/b_$hook.out
	tl_check "$hook: server side: every segment says python3[$SERVER]" \
		every "$fa" ", proc python3\\[$SERVER\\]"
	tl_check "$hook: client side: every segment says curl[$curl_pid]" \
		every "$fb" ", proc curl\\[$curl_pid\\]"
	if [ "$hook" = xdp ]; then
		# XDP sees what arrives: the SYN and curl's FIN at A, the SYN-ACK and the
		# server's FIN at B, data on both.
		tl_check "xdp: SYN at the server, SYN-ACK at the client" \
			[ "$(count_flags "$fa" S)" = 1 ] && [ "$(count_flags "$fb" S.)" = 1 ]
		tl_check "xdp: data and FINs both ways" \
			[ "$(count_flags "$fa" P.)" -ge 1 ] && [ "$(count_flags "$fb" P.)" -ge 1 ] &&
			[ "$(count_flags "$fa" F.)" -ge 1 ] && [ "$(count_flags "$fb" F.)" -ge 1 ]
	else
		tl_check "$hook: SYN, SYN-ACK, data and FINs on both sides" \
			[ "$(count_flags "$fa" S)" = 1 ] && [ "$(count_flags "$fa" S.)" = 1 ] &&
			[ "$(count_flags "$fb" S)" = 1 ] && [ "$(count_flags "$fb" S.)" = 1 ] &&
			[ "$(count_flags "$fa" P.)" -ge 2 ] && [ "$(count_flags "$fb" P.)" -ge 2 ] &&
			[ "$(count_flags "$fa" F.)" -ge 2 ] && [ "$(count_flags "$fb" F.)" -ge 2 ]
	fi
	if ! every "$fa" ", proc python3\\[$SERVER\\]" || ! every "$fb" ", proc curl\\[$curl_pid\\]"; then
		tl_show "$fa" 30
		tl_show "$fb" 30
		tl_show "$TL_TMP/a_$hook.err"
	fi
}

for hook in tcx tc xdp; do
	run_hook "$hook"
done

tl_done
