#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live namespaces: one tcplens in our namespace traces interfaces of others (--netns, --pid),
# the host ends of a container's veths (--host-side), follows -i any, and drops privileges (-Z).
# shellcheck disable=SC2317
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

tl_live_init tcpdump tc
A=${TL_PFX}A
B=${TL_PFX}B
C=${TL_PFX}C
N=$((RANDOM % 250 + 1))
for ns in "$A" "$B" "$C"; do
	tl_netns_add "$ns" || tl_skip_all "cannot create namespace $ns"
done
# A.e0 <-> B.e0 and A.e1 <-> C.e1; names inside private namespaces cannot clash.
if ! tl_veth "$A" e0 "$B" e0 "198.18.$N.1/30" "198.18.$N.2/30" fd00:198::1/64 fd00:198::2/64 ||
	! tl_veth "$A" e1 "$C" e1 "198.18.$N.5/30" "198.18.$N.6/30"; then
	tl_skip_all "cannot create veths"
fi

# Connection attempts to closed ports: SYN out, RST back.
poke() {	# NS ADDR
	ip netns exec "$1" bash -c "echo >/dev/tcp/$2/9" 2>/dev/null
	return 0
}
# A listener that answers, so data segments flow too. Returns once it listens: on a loaded
# machine python can take longer to start than any fixed sleep, and the talk then misses it.
serve() {	# NS ADDR PORT
	tl_bg "srv-$1-$3" ip netns exec "$1" timeout 20 python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(8); print("ready")
while True:
    c, _ = s.accept(); c.sendall(c.recv(100) * 3); c.close()
' "$2" "$3"
	tl_wait_line "$TL_LAST_PID" "$TL_TMP/srv-$1-$3.out" ready 10 || true
}
talk() {	# NS ADDR PORT
	ip netns exec "$1" timeout 5 python3 -c '
import socket, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
c.sendall(b"hello tcplens"); c.recv(100); c.close()
' "$2" "$3" 2>/dev/null
}

started() {	# NAME PID FILE
	tl_wait_line "$2" "$3" "${4:-listening on}" 10 && return 0
	tl_fail "$1: did not start"
	tl_show "$3"
	return 1
}

# --- two namespaces, three interfaces at once, against tcpdump inside each -----------------
# three TAG PORT [TCPLENS_OPTION...]: one tcplens for all three, a tcpdump inside each.
three() {
	local tag=$1 port=$2 tlpid l ns dev want got p

	shift 2
	tl_bg "tl$tag" "$TL_BIN" -n -l -S "$@" --netns "$A" -i e0 -i e1 --netns "$B" -i e0
	tlpid=$TL_LAST_PID
	for l in "$A e0" "$A e1" "$B e0"; do
		read -r ns dev <<<"$l"
		tl_bg "td$tag-$ns-$dev" ip netns exec "$ns" tcpdump -l -nn -S -i "$dev" tcp
	done
	sleep 1
	started "three$tag" "$tlpid" "$TL_TMP/tl$tag.err" || return
	for f in "$TL_TMP"/td"$tag"-*.err; do
		tl_wait_line 0 "$f" "listening on" 5 || true
	done
	serve "$A" "198.18.$N.1" "$port"
	serve "$A" fd00:198::1 $((port + 1))
	serve "$A" "198.18.$N.5" $((port + 2))
	sleep 0.5
	talk "$B" "198.18.$N.1" "$port"
	talk "$B" fd00:198::1 $((port + 1))
	talk "$C" "198.18.$N.5" $((port + 2))
	poke "$C" "198.18.$N.5"
	sleep 1
	for p in "${TL_PIDS[@]}"; do
		[ "$p" = "$tlpid" ] || kill -INT "$p" 2>/dev/null
	done
	sleep 0.5
	tl_stop "$tlpid" INT 5
	tl_check "three$tag: exit status 0" test "$TL_RC" = 0
	for l in "$A e0" "$A e1" "$B e0"; do
		read -r ns dev <<<"$l"
		want=$TL_TMP/want$tag-$ns-$dev got=$TL_TMP/got$tag-$ns-$dev
		grep -E '^[0-9:.]+ IP6? ' "$TL_TMP/td$tag-$ns-$dev.out" | cut -d' ' -f2- >"$want"
		# "e0@NS In  IP ..." -> "IP ...": tcpdump on one interface prints no prefix.
		grep " $dev@$ns " "$TL_TMP/tl$tag.out" | cut -d' ' -f2- |
			sed -E "s/^$dev@$ns (In |Out) //" >"$got"
		if [ -s "$want" ] && tl_same_lines "$want" "$got"; then
			tl_pass "three$tag: $dev@$ns matches tcpdump in $ns ($(wc -l <"$want") lines)"
		else
			tl_fail "three$tag: $dev@$ns differs from tcpdump in $ns"
			diff "$want" "$got" | head -n 10 | sed 's/^/#   /'
		fi
	done
	tl_check "three$tag: B's e0 and A's e0 share an ifindex-free name each" \
		grep -q "e0@$B Out IP 198.18.$N.2" "$TL_TMP/tl$tag.out"
	# One time order across both namespaces' rings; equal stamps are in order whatever the
	# interface names (sort -c without -s broke such ties on the whole line, see issue #12).
	tl_check "three$tag: lines of both namespaces in one time order" \
		tl_time_order "$TL_TMP/tl$tag.out"
}
three "" 40001
three -percpu 40011 --rings percpu

# --- --pid: the namespace of a process, all its interfaces ----------------------------------
tl_bg holder ip netns exec "$B" sleep 60
holder=$TL_LAST_PID
in_ns() {	# PID: has it entered its namespace yet (ip netns exec switches after fork)?
	for _ in $(seq 50); do
		[ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/self/ns/net)" ] && return 0
		sleep 0.1
	done
	return 1
}
in_ns "$holder"
tl_bg pid "$TL_BIN" -n -l -S --pid "$holder"
if started pid "$TL_LAST_PID" "$TL_TMP/pid.err"; then
	pid=$TL_LAST_PID
	poke "$B" "198.18.$N.1"
	sleep 0.5
	tl_stop "$pid" INT 5
	tl_check "pid: exit status 0" test "$TL_RC" = 0
	tl_check "pid: lines name e0@pid$holder" \
		grep -q "e0@pid$holder Out IP 198.18.$N.2.[0-9]* > 198.18.$N.1.9: Flags \[S\]" \
		"$TL_TMP/pid.out"
	tl_check "pid: lo of that namespace traced too" grep -q "lo@pid$holder: tcx" \
		"$TL_TMP/pid.err"
fi

# --- --host-side: C is the container, A the host; run tcplens inside A -----------------------
tl_bg holderc ip netns exec "$C" sleep 60
holderc=$TL_LAST_PID
in_ns "$holderc"
tl_bg host ip netns exec "$A" "$TL_BIN" -n -l -S --pid "$holderc" --host-side
tl_bg td-inside ip netns exec "$C" tcpdump -l -nn -S -i any tcp
if started host "$TL_LAST_PID" "$TL_TMP/td-inside.err" "listening on" &&
	started host "${TL_PIDS[-2]}" "$TL_TMP/host.err"; then
	pid=${TL_PIDS[-2]}
	tl_check "host-side: attached to the host end e1 in $A" \
		grep -q "e1@pid$holderc: tcx ingress+egress on its host end e1" "$TL_TMP/host.err"
	poke "$C" "198.18.$N.5"
	sleep 1
	kill -INT "${TL_PIDS[-1]}"
	tl_stop "$pid" INT 5
	tl_check "host-side: exit status 0" test "$TL_RC" = 0
	# Directions as tcpdump -i any sees them inside the container.
	grep -o ' e1 .*' "$TL_TMP/td-inside.out" | sed 's/^ e1  *//' >"$TL_TMP/want-host"
	grep -o " e1@pid$holderc .*" "$TL_TMP/host.out" | sed "s/^ e1@pid$holderc //" \
		>"$TL_TMP/got-host"
	if [ -s "$TL_TMP/want-host" ] && tl_same_lines "$TL_TMP/want-host" "$TL_TMP/got-host"; then
		tl_pass "host-side: directions as tcpdump -i any inside the container"
	else
		tl_fail "host-side: differs from tcpdump -i any inside the container"
		diff "$TL_TMP/want-host" "$TL_TMP/got-host" | head | sed 's/^/#   /'
	fi
fi
tl_bg nohost "$TL_BIN" -n --netns "$B" --host-side
tl_wait_exit "$TL_LAST_PID" 10
tl_check "host-side without a peer here: refused with one line" \
	test "$TL_RC" != 0 -a "$(grep -c 'no veth interface with its peer' "$TL_TMP/nohost.err")" = 1

# --- -i any follows new and deleted interfaces -----------------------------------------------
tl_bg any "$TL_BIN" -n -l -S --netns "$A" -i any
if started any "$TL_LAST_PID" "$TL_TMP/any.err"; then
	pid=$TL_LAST_PID
	tl_veth "$A" e2 "$C" e2 "198.18.$N.9/30" "198.18.$N.10/30"
	sleep 1	# the issue's promise: traced within a second
	poke "$C" "198.18.$N.9"
	sleep 0.3
	tl_check "any: new veth e2 traced" grep -q "e2@$A In  IP 198.18.$N.10" "$TL_TMP/any.out"
	ip -n "$A" link del e2
	sleep 0.5
	tl_check "any: still running after e2 was deleted" tl_alive "$pid"
	tl_check "any: said e2 is no longer traced" grep -q "e2@$A: interface removed" \
		"$TL_TMP/any.err"
	poke "$B" "198.18.$N.1"
	sleep 0.3
	tl_stop "$pid" INT 5
	tl_check "any: exit status 0" test "$TL_RC" = 0
	tl_check "any: no error printed" test "$(grep -ci 'cannot\|error' "$TL_TMP/any.err")" = 0
	tl_check "any: e0 still traced after that" grep -q "e0@$A In  IP 198.18.$N.2" \
		"$TL_TMP/any.out"
fi

# --- kill -9 with -i any and with --host-side: every program and link goes with the process ---
tl_bg holderk ip netns exec "$C" sleep 60
holderk=$TL_LAST_PID
in_ns "$holderk"
for how in any host-side; do
	name=kill-$how
	if [ "$how" = any ]; then
		tl_bg "$name" "$TL_BIN" -n --netns "$A" -i any
	else
		tl_bg "$name" ip netns exec "$A" "$TL_BIN" -n --pid "$holderk" --host-side
	fi
	pid=$TL_LAST_PID
	started "$name" "$pid" "$TL_TMP/$name.err" || continue
	objs=$(tl_bpf_objs "$pid")
	tl_check "$name: its hooks are BPF links ($(grep -c '^link' <<<"$objs") held)" \
		[ "$(grep -c '^link' <<<"$objs")" -ge 2 ]
	tl_stop "$pid" KILL 5
	tl_check "$name: after kill -9 none of its $(wc -l <<<"$objs") programs and links is left" \
		tl_bpf_gone "$objs"
done
tl_stop "$holderk" KILL 2

# --- -Z: drop to nobody after attaching, in another namespace, both hooks --------------------
ourz() {
	ip netns exec "$B" tc filter show dev e0 ingress | grep -c tl_tc_
}
for hook in tcx tc; do
	name=Z-$hook
	tl_bg "$name" "$TL_BIN" -n -l -S --hook "$hook" -Z nobody --netns "$B" -i e0
	started "$name" "$TL_LAST_PID" "$TL_TMP/$name.err" || continue
	pid=$TL_LAST_PID
	uid=$(awk '/^Uid:/ { print $3 }' "/proc/$pid/status")
	tl_check "$name: runs as nobody (euid $uid)" test "$uid" = "$(id -u nobody)"
	poke "$B" "198.18.$N.1"
	sleep 0.5
	tl_stop "$pid" INT 5
	tl_check "$name: exit status 0" test "$TL_RC" = 0
	tl_check "$name: traced after dropping privileges" grep -q "Flags \[S\]" \
		"$TL_TMP/$name.out"
	tl_check "$name: nothing of ours left in $B" test "$(ourz)" = 0
	tl_check "$name: no clsact left" \
		test "$(ip netns exec "$B" tc qdisc show dev e0 | grep -c clsact)" = 0
done

# --- cleanup across namespaces after each way of ending, tc fallback -------------------------
for end in INT TERM HUP KILL; do
	name=ns-tc-$end
	tl_bg "$name" "$TL_BIN" -n --hook tc --netns "$B" -i e0
	started "$name" "$TL_LAST_PID" "$TL_TMP/$name.err" || continue
	tl_stop "$TL_LAST_PID" "$end" 5
	if [ "$end" = KILL ]; then
		tl_bg "$name-next" "$TL_BIN" -n --hook tc --netns "$B" -i e0
		started "$name-next" "$TL_LAST_PID" "$TL_TMP/$name-next.err" || continue
		tl_stop "$TL_LAST_PID" INT 5
		tl_check "$name: next start removed the stale filters in $B" \
			grep -q "removed a stale tc" "$TL_TMP/$name-next.err"
		ip netns exec "$B" tc qdisc del dev e0 clsact 2>/dev/null
	fi
	tl_check "$name: no filter of ours left in $B" test "$(ourz)" = 0
	tl_check "$name: no clsact left in $B" \
		test "$(ip netns exec "$B" tc qdisc show dev e0 | grep -c clsact)" = 0
done

tl_done
