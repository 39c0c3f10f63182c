#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Stress of the user-space merge: one tcplens traces both ends of a veth in two namespaces (one
# ring each, or one per CPU with --rings percpu) while both ends send at once, short and bulk
# TCP connections come and go, and busy loops take the CPUs; every line must still come out
# in one time order. Bursts with idle gaps between them, so readers go quiet and wake up again.
# The verdict does not depend on the load: drops under load lose lines, never reorder them.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

GEN=$TL_ROOT/build/bench/gen
ROUNDS=${TL_STRESS_ROUNDS:-4}

tl_live_init python3 taskset
[ -x "$GEN" ] || tl_skip_all "$GEN not built (make build/bench/gen)"
tl_make_pair || tl_skip_all "cannot create the veth pair"

# Short connections: B answers every one; A opens COUNT of them, one after the other.
tl_bg echo ip netns exec "$TL_NS_B" python3 -u -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5001)); s.listen(64); print("ready")
while True:
    c, _ = s.accept(); c.sendall(c.recv(100) * 4); c.close()
' "$TL_IP4_B"
tl_wait_line "$TL_LAST_PID" "$TL_TMP/echo.out" ready 10 || tl_skip_all "echo server did not start"
short() {	# COUNT
	ip netns exec "$TL_NS_A" timeout 20 python3 -c '
import socket, sys
for _ in range(int(sys.argv[2])):
    c = socket.create_connection((sys.argv[1], 5001), timeout=3)
    c.sendall(b"tcplens stress"); c.recv(100); c.close()
' "$TL_IP4_B" "$1"
}
tl_bg bulksrv ip netns exec "$TL_NS_B" "$GEN" --tcp-server 5201 -d 60

# Background load: one busy loop per CPU, bounded in time even if the teardown never came.
for cpu in $(seq 0 $(($(nproc) - 1))); do
	# shellcheck disable=SC2016 # expanded by the inner bash
	tl_bg "load$cpu" taskset -c "$cpu" bash -c \
		'end=$((SECONDS + 60)); while [ $SECONDS -lt $end ]; do :; done'
done

# stress TAG [TCPLENS_OPTION...]
stress() {
	local tag=$1 tl r pids p n na nb

	shift
	tl_bg "tl$tag" "$TL_BIN" -n -l -tt -S "$@" --netns "$TL_NS_A" -i "$TL_VA" \
		--netns "$TL_NS_B" -i "$TL_VB"
	tl=$TL_LAST_PID
	if ! tl_wait_line "$tl" "$TL_TMP/tl$tag.err" "listening on" 15; then
		tl_fail "$tag: tcplens did not start"
		tl_show "$TL_TMP/tl$tag.err"
		return
	fi
	for r in $(seq "$ROUNDS"); do
		pids=()
		# Both ends send at once, each on its own CPU: two producers, two namespaces.
		tl_bg "gena$tag$r" ip netns exec "$TL_NS_A" taskset -c 0 "$GEN" -i "$TL_VA" -r 5000 \
			-d 0.4 -f 8 -s 32 --src4 "$TL_IP4_A" --dst4 "$TL_IP4_B"
		pids+=("$TL_LAST_PID")
		tl_bg "genb$tag$r" ip netns exec "$TL_NS_B" taskset -c 1 "$GEN" -i "$TL_VB" -r 5000 \
			-d 0.4 -f 8 --src4 "$TL_IP4_B" --dst4 "$TL_IP4_A"
		pids+=("$TL_LAST_PID")
		tl_bg "bulk$tag$r" ip netns exec "$TL_NS_A" "$GEN" --tcp-client "$TL_IP4_B" -p 5201 \
			-f 2 -d 0.3
		pids+=("$TL_LAST_PID")
		short 10
		for p in "${pids[@]}"; do
			tl_wait_exit "$p" 10
		done
		# An idle gap, longer in odd rounds: readers go quiet, then the next burst wakes them.
		sleep "0.$((r % 2 * 3 + 1))"
	done
	sleep 0.5
	tl_stop "$tl" INT 10
	tl_check "$tag: exit status 0" test "$TL_RC" = 0
	[ "$TL_RC" = 0 ] || tl_show "$TL_TMP/tl$tag.err"
	n=$(wc -l <"$TL_TMP/tl$tag.out")
	na=$(grep -c " $TL_VA@$TL_NS_A " "$TL_TMP/tl$tag.out")
	nb=$(grep -c " $TL_VB@$TL_NS_B " "$TL_TMP/tl$tag.out")
	tl_check "$tag: both ends traced ($na lines at $TL_VA, $nb at $TL_VB, $n in all)" \
		test "$na" -ge 1000 -a "$nb" -ge 1000
	tl_check "$tag: $n lines of both namespaces in one time order" \
		tl_time_order "$TL_TMP/tl$tag.out"
	tl_log "$tag: $(grep -E 'dropped|delivered' "$TL_TMP/tl$tag.err" | head -n 2 | tr '\n' ' ')"
}

stress batch
stress percpu --rings percpu
# Flush timers 100 ms late, as softirqs run when ksoftirqd waits for a CPU on a loaded machine
# (a fixed hold once let lines of a late batch come out after later ones).
TL_TEST_FLUSH_LATE_MS=100 stress late-batch
TL_TEST_FLUSH_LATE_MS=100 stress late-percpu --rings percpu
tl_done
