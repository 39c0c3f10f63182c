#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live cleanup: whatever way tcplens ends, nothing of it stays on the interface, and what
# others attached before it (XDP program, clsact qdisc, tc filters) is left untouched.
# Helpers below are also called through tl_check, which shellcheck cannot follow.
# shellcheck disable=SC2317
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

tl_live_init tc clang gcc
tl_make_pair || tl_skip_all "cannot create the veth pair"

HERE=$(cd "$(dirname "$0")" && pwd)
TCXQ=$TL_TMP/tcx_query
FOREIGN=$TL_TMP/foreign.bpf.o
gcc -O2 -Wall -o "$TCXQ" "$HERE/tcx_query.c" -lbpf ||
	tl_skip_all "cannot build tests/live/tcx_query.c (libbpf-dev missing?)"
clang -O2 -g -target bpf -I"/usr/include/$(gcc -dumpmachine)" -c "$HERE/foreign.bpf.c" \
	-o "$FOREIGN" || tl_skip_all "cannot build tests/live/foreign.bpf.c with clang"

NS=$TL_NS_B
DEV=$TL_VB
nsx() { ip netns exec "$NS" "$@"; }

# Everything of ours on DEV, one line each; empty when clean. Our programs are all "tl_*".
ours() {
	nsx ip link show dev "$DEV" | grep -o 'prog/xdp id [0-9]* name tl_[a-z_]*'
	nsx tc filter show dev "$DEV" ingress | grep -o 'tl_tc_[a-z_]*:\[[0-9]*\]' |
		sed 's/^/tc ingress /'
	nsx tc filter show dev "$DEV" egress | grep -o 'tl_tc_[a-z_]*:\[[0-9]*\]' |
		sed 's/^/tc egress /'
	nsx "$TCXQ" "$DEV" | grep ' tl_' | sed 's/^/tcx /'
	return 0
}

# has PATTERN: something of ours matching PATTERN is on DEV.
has() {
	ours | grep -q -- "$1"
}

# ns_has CMD... -- PATTERN: the output of CMD (run in NS) matches PATTERN.
ns_has() {
	local pat=${*: -1}

	nsx "${@:1:$#-2}" | grep -q -- "$pat"
}

# Program release after the last reference goes is immediate for links, but allow the
# kernel a moment anyway rather than flake.
clean_soon() {
	for _ in $(seq 20); do
		[ -z "$(ours)" ] && return 0
		sleep 0.1
	done
	return 1
}

# Connection attempts to a closed port: a SYN out and a RST in, so every hook sees TCP.
poke() {
	nsx bash -c "echo >/dev/tcp/$TL_IP4_A/9" 2>/dev/null
}

# What a hook leaves on the device while running, as ours() prints it.
expect_kind() {
	case $1 in
	tcx) echo '^tcx ingress .*tl_tc_ingress' ;;
	tc) echo '^tc ingress tl_tc_ingress' ;;
	*) echo '^prog/xdp id [0-9]* name tl_xdp' ;;
	esac
}

# start NAME ARGS...: starts tcplens on DEV, waits for "listening on"; PID in TL_LAST_PID.
start() {
	local name=$1

	shift
	tl_bg "$name" ip netns exec "$NS" "$TL_BIN" -i "$DEV" -nn "$@"
	tl_wait_line "$TL_LAST_PID" "$TL_TMP/$name.err" "listening on" 10 && return 0
	tl_fail "$name: tcplens did not start"
	tl_show "$TL_TMP/$name.err"
	tl_stop "$TL_LAST_PID" KILL 2
	return 1
}

# one_run HOOK END [TCPLENS_OPTION...]
one_run() {
	local hook=$1 end=$2 name pid want extra=("${@:3}")

	name="$1-$2$(printf -- '-%s' "${@:3}" | tr -s -- '-' | sed 's/^-$//')"

	[ "$end" = count ] && extra+=(-c 1)
	start "$name" --hook "$hook" "${extra[@]}" || return
	pid=$TL_LAST_PID
	tl_check "$name: attached while running" has "$(expect_kind "$hook")"
	case $end in
	count)
		for _ in $(seq 50); do
			tl_alive "$pid" || break
			poke
			sleep 0.1
		done
		tl_wait_exit "$pid" 5
		want=0
		;;
	KILL)
		tl_stop "$pid" KILL 5
		want=137
		;;
	*)
		tl_stop "$pid" "$end" 5
		want=0
		;;
	esac
	if [ "$TL_RC" = "$want" ]; then
		tl_pass "$name: exit status $want"
	else
		tl_fail "$name: exit status $TL_RC, expected $want"
		tl_show "$TL_TMP/$name.err"
	fi

	if [ "$hook" = tc ] && [ "$end" = KILL ]; then
		# Netlink filters outlive the process; the next start must remove them.
		tl_check "$name: stale tc filters left after kill -9 (expected)" \
			has '^tc ingress tl_tc_'
		start "$name-restart" --hook tc || return
		tl_stop "$TL_LAST_PID" INT 5
		tl_check "$name: next start removed the stale filters and said so" \
			grep -q "removed a stale tc" "$TL_TMP/$name-restart.err"
		tl_check "$name: nothing of ours left after the next run" clean_soon
		# The killed run created clsact; no later run can know that, so it stays. Reset.
		nsx tc qdisc del dev "$DEV" clsact 2>/dev/null
	else
		if clean_soon; then
			tl_pass "$name: nothing of ours left on $DEV"
		else
			tl_fail "$name: left behind:"
			ours | sed 's/^/#   /'
		fi
	fi
	if [ "$hook" = tc ]; then
		tl_check "$name: no clsact qdisc left (we created it)" \
			test "$(nsx tc qdisc show dev "$DEV" | grep -c clsact)" = 0
	fi
}

for hook in tcx tc xdp xdp-generic; do
	for end in INT TERM HUP count KILL; do
		one_run "$hook" "$end"
	done
done
# One ring per CPU: more maps, same links; nothing may stay either way.
for hook in tcx xdp; do
	for end in INT count KILL; do
		one_run "$hook" "$end" --rings percpu
	done
done

# A killed clsact run followed by a tcx run: the tcx run sweeps the stale filters too, so
# they do not keep tracing next to it.
if start tc-KILL-tcx --hook tc; then
	tl_stop "$TL_LAST_PID" KILL 5
	if start tc-KILL-tcx-restart --hook tcx; then
		tl_check "tc-KILL-tcx: the tcx run removed the stale filters and said so" \
			grep -q "removed a stale tc" "$TL_TMP/tc-KILL-tcx-restart.err"
		tl_stop "$TL_LAST_PID" INT 5
		tl_check "tc-KILL-tcx: nothing of ours left after the tcx run" clean_soon
	fi
	nsx tc qdisc del dev "$DEV" clsact 2>/dev/null
fi

# Someone else's XDP program: refused with one line naming it, and left in place.
nsx ip link set dev "$DEV" xdpgeneric obj "$FOREIGN" sec xdp ||
	tl_fail "cannot attach the foreign XDP program"
fid=$(nsx ip link show dev "$DEV" | grep -o 'prog/xdp id [0-9]*' | grep -o '[0-9]*$')
for hook in xdp xdp-generic; do
	name="foreign-xdp-$hook"
	tl_bg "$name" ip netns exec "$NS" "$TL_BIN" -i "$DEV" -nn --hook "$hook"
	tl_wait_exit "$TL_LAST_PID" 10
	tl_check "$name: refused (exit status $TL_RC)" test "$TL_RC" -ne 0
	tl_check "$name: one line names program $fid (other_xdp)" \
		test "$(grep -cE "XDP program $fid \(other_xdp\)" "$TL_TMP/$name.err")" = 1
	tl_check "$name: never said listening" \
		test "$(grep -c 'listening on' "$TL_TMP/$name.err")" = 0
	tl_check "$name: foreign XDP program $fid still attached" \
		ns_has ip link show dev "$DEV" -- "prog/xdp id $fid name other_xdp"
	[ "$TL_RC" = 0 ] && tl_show "$TL_TMP/$name.err"
done
# tcx coexists with it.
if start foreign-xdp-tcx --hook tcx; then
	tl_stop "$TL_LAST_PID" INT 5
	tl_check "foreign-xdp-tcx: exits 0" test "$TL_RC" = 0
	tl_check "foreign-xdp-tcx: foreign XDP program still attached" \
		ns_has ip link show dev "$DEV" -- "prog/xdp id $fid name other_xdp"
	tl_check "foreign-xdp-tcx: nothing of ours left" clean_soon
fi
nsx ip link set dev "$DEV" xdpgeneric off

# Someone else's clsact qdisc and filter: used, never removed.
if ! nsx tc qdisc add dev "$DEV" clsact ||
	! nsx tc filter add dev "$DEV" ingress pref 1 handle 1 bpf da obj "$FOREIGN" sec tc; then
	tl_fail "cannot add the foreign clsact qdisc and filter"
fi
if start foreign-tc --hook tc; then
	tl_stop "$TL_LAST_PID" INT 5
	tl_check "foreign-tc: exits 0" test "$TL_RC" = 0
	tl_check "foreign-tc: foreign clsact qdisc still there" \
		ns_has tc qdisc show dev "$DEV" -- clsact
	tl_check "foreign-tc: foreign filter still there" \
		ns_has tc filter show dev "$DEV" ingress -- other_tc
	tl_check "foreign-tc: nothing of ours left" clean_soon
fi

# A foreign filter squatting our handle and priority: refused, left alone, nothing attached.
nsx tc filter add dev "$DEV" egress pref 29804 handle 0x746c bpf da obj "$FOREIGN" sec tc ||
	tl_fail "cannot add the foreign filter at our handle/priority"
name=foreign-tc-slot
tl_bg "$name" ip netns exec "$NS" "$TL_BIN" -i "$DEV" -nn --hook tc
tl_wait_exit "$TL_LAST_PID" 10
tl_check "$name: refused (exit status $TL_RC)" test "$TL_RC" -ne 0
tl_check "$name: one line names the squatting program" \
	test "$(grep -c "other_tc" "$TL_TMP/$name.err")" = 1
tl_check "$name: foreign filter still there" \
	ns_has tc filter show dev "$DEV" egress -- other_tc
tl_check "$name: nothing of ours left" clean_soon
nsx tc qdisc del dev "$DEV" clsact

tl_done
