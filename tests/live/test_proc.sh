#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Process attribution (--proc, the selectors, --json, -w comments) on real traffic: a python
# server in namespace A, curl in namespace B, tcplens on both ends of their veth at once,
# for each hook. Every segment on A's side must carry the server's pid and command, every
# segment on B's side curl's; a connection opened before tcplens started is attributed; a
# process in a cgroup made for the test is selected by --cgroup; the pcapng comments read
# back by tshark carry ptcpdump's keys; kill -9 leaves no program or link.
# shellcheck disable=SC2317 # functions called through variables and tl_check
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
# shellcheck disable=SC2034 # read by tl_teardown (tests/lib/netns.sh)
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
if ! tl_wait_line "$SERVER" "$TL_TMP/server.out" "Serving HTTP" 10 ||
	! tl_wait_line "$SERVER2" "$TL_TMP/server2.out" "Serving HTTP" 10; then
	tl_show "$TL_TMP/server.err"
	tl_skip_all "python3 http.server did not start"
fi
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

# The connection opened before tcplens: the holder's accepted socket is found by the walk at
# start (the ping arrives before the holder sends or receives anything under tcplens), and
# the early client's by its send.
if start early "$TL_NS_A" "$TL_VA" --proc "tcp port $PORT3"; then
	pid_tl=$TL_LAST_PID
	touch "$TL_TMP/go"
	tl_wait_exit "$EARLY" 10
	tl_wait_exit "$HOLDER" 10
	sleep 0.5
	tl_stop "$pid_tl" INT 10
	f=$TL_TMP/early.out
	tl_check "opened before start: the ping arrives for tlholder[$HOLDER]" \
		grep -q "> $TL_IP4_A.$PORT3: Flags \[P.\].*length 5, proc tlholder\[$HOLDER\]\$" "$f"
	tl_check "opened before start: every segment says tlholder[$HOLDER]" \
		every "$f" ", proc tlholder\\[$HOLDER\\]"
	grep -q "length 5, proc tlholder" "$f" || tl_show "$f"
fi

# Selectors, in the kernel: one fetch from each server; only the selected one's segments.
select_run() {	# NAME ARGS...
	local name=$1 pid_tl

	shift
	start "$name" "$TL_NS_A" "$TL_VA" "$@" || return
	pid_tl=$TL_LAST_PID
	ip netns exec "$TL_NS_B" curl -sS -o /dev/null "http://$TL_IP4_A:$PORT/index.html"
	ip netns exec "$TL_NS_B" curl -sS -o /dev/null "http://$TL_IP4_A:$PORT2/index.html"
	sleep 0.5
	tl_stop "$pid_tl" INT 10
}
only_port() {	# FILE PORT: every line is of that port, and there are some
	[ -s "$1" ] && ! grep -v "\.$2[ :]" "$1" | grep -q .
}

select_run cgroup --cgroup "/$CG_NAME"
tl_check "--cgroup /$CG_NAME: only the server in it ($PORT)" only_port "$TL_TMP/cgroup.out" "$PORT"
tl_check "--cgroup: the others count as filtered" \
	grep -Eq "[1-9][0-9]* filtered" "$TL_TMP/cgroup.err"
select_run cgfs --cgroup "$CG_DIR" --proc
tl_check "--cgroup $CG_DIR (the mount's path) with --proc" \
	every "$TL_TMP/cgfs.out" "$PORT.*, proc python3\\[$SERVER\\]"
select_run pid --proc-pid "$SERVER2"
tl_check "--proc-pid $SERVER2: only the second server ($PORT2)" only_port "$TL_TMP/pid.out" "$PORT2"
select_run name --proc-name python3 "tcp port $PORT2"
tl_check "--proc-name python3 with a filter: both must match ($PORT2)" \
	only_port "$TL_TMP/name.out" "$PORT2"
select_run noname --proc-name nosuchcmd
tl_check "--proc-name nosuchcmd: nothing" [ ! -s "$TL_TMP/noname.out" ]

# --json carries the process; -w writes ptcpdump's comments, which tshark reads back.
select_run json --json --proc-pid "$SERVER"
tl_check "--json: a process object with pid, comm and the cgroup" \
	"$PY" -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{\"time\"")]
ok = lines and all(l["process"]["pid"] == int(sys.argv[2]) and l["process"]["comm"] == "python3"
                   and l["process"]["cgroup"] == "/" + sys.argv[3] for l in lines)
sys.exit(0 if ok else 1)' "$TL_TMP/json.out" "$SERVER" "$CG_NAME"
select_run pcap -w "$TL_TMP/proc.pcapng" --proc "tcp port $PORT"
tshark -r "$TL_TMP/proc.pcapng" -T fields -e frame.comment >"$TL_TMP/comments.txt" 2>/dev/null
tl_check "pcapng: tshark reads PID, Cmd, ThreadId, UserId in every frame" "$PY" -c '
import sys
rows = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
want = ["PID: %s\\nCmd: python3" % sys.argv[2], "ThreadId: ", "UserId: 0\\nGroupId: 0"]
sys.exit(0 if rows and all(all(w in r for w in want) for r in rows) else 1)' \
	"$TL_TMP/comments.txt" "$SERVER" || tl_show "$TL_TMP/comments.txt" 5

# Both sections in one record: the frame (-s 0) after the process. tshark must find the
# request in the frame bytes and the comments beside it.
select_run frames -s 0 -w "$TL_TMP/frames.pcapng" --proc "tcp port $PORT"
tl_check "-s 0 with --proc: whole frames and the comments" "$PY" -c '
import subprocess, sys
out = subprocess.run(["tshark", "-r", sys.argv[1], "-Y", "http.request", "-T", "fields",
                      "-e", "http.request.uri", "-e", "frame.comment"],
                     capture_output=True, text=True).stdout.split("\n")
rows = [l for l in out if l.strip()]
sys.exit(0 if len(rows) == 1 and rows[0].startswith("/index.html\t")
         and ("PID: %s" % sys.argv[2]) in rows[0] else 1)' "$TL_TMP/frames.pcapng" "$SERVER"

# kill -9: every program of --proc goes with its links.
progs() { bpftool prog show 2>/dev/null | grep -c "name tl_proc_"; }
before=$(progs)
if start killed "$TL_NS_A" "$TL_VA" --proc; then
	pid_tl=$TL_LAST_PID
	tl_check "while running: the process programs are loaded" [ "$(progs)" -gt "$before" ]
	tl_stop "$pid_tl" KILL 10
	sleep 1
	tl_check "kill -9 leaves no process program" [ "$(progs)" = "$before" ]
	tl_check "kill -9 leaves no cgroup link on the root" \
		bash -c "! bpftool cgroup show '$CG_MNT' 2>/dev/null | grep -q tl_proc_"
fi

tl_done
