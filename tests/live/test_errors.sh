#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every error a user can cause on a live start gets one line saying what to do, a non-zero
# exit, and leaves nothing attached. TL_TEST_NO_TCX=1 is the test hook that makes tcplens treat
# the kernel as one without tcx (see user/attach.h).
# shellcheck disable=SC2317
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

tl_live_init tc setpriv
tl_make_pair || tl_skip_all "cannot create the veth pair"
NS=$TL_NS_B
DEV=$TL_VB

# refused NAME REGEX CMD...: exits non-zero with exactly one line matching REGEX, no
# "listening on", and nothing of ours on DEV afterwards.
refused() {
	local name=$1 re=$2

	shift 2
	tl_bg "$name" "$@"
	tl_wait_exit "$TL_LAST_PID" 10
	if [ "$TL_RC" != 0 ] && [ "$(grep -cE -- "$re" "$TL_TMP/$name.err")" = 1 ] &&
		! grep -q "listening on" "$TL_TMP/$name.err" &&
		[ "$(wc -l <"$TL_TMP/$name.err")" = 1 ]; then
		tl_pass "$name: one line: $(cat "$TL_TMP/$name.err")"
	else
		tl_fail "$name: exit $TL_RC, wanted one line matching '$re'"
		tl_show "$TL_TMP/$name.err"
	fi
	tl_check "$name: nothing of ours on $DEV" \
		test "$(ip netns exec "$NS" tc filter show dev "$DEV" ingress | grep -c tl_tc_)" = 0
}

refused unknown-iface "nosuch0: no such interface \(see ip link\)" \
	ip netns exec "$NS" "$TL_BIN" -i nosuch0
refused unknown-iface-in-ns "nosuch0: no such interface \(see ip link\)" \
	"$TL_BIN" --netns "$NS" -i nosuch0
refused unknown-netns "${TL_PFX}X: no such network namespace \(see ip netns list" \
	"$TL_BIN" --netns "${TL_PFX}X" -i eth0
refused not-a-netns "/etc/hostname: not a network namespace" \
	"$TL_BIN" --netns /etc/hostname
# A PID that cannot exist (beyond pid_max).
refused unknown-pid "^tcplens: 1073741822: no such process \(see ps" \
	"$TL_BIN" --pid 1073741822
refused bad-pid "abc: invalid process id" "$TL_BIN" --pid abc

ip -n "$NS" link set "$DEV" down
refused iface-down "$DEV: interface is down \(ip link set $DEV up\)" \
	"$TL_BIN" --netns "$NS" -i "$DEV"
ip -n "$NS" link set "$DEV" up

# Privileges: each missing capability is named.
refused no-cap-bpf "missing CAP_BPF: run as root" \
	ip netns exec "$NS" setpriv --inh-caps=-all --bounding-set=-bpf,-sys_admin -- \
	"$TL_BIN" -i "$DEV"
refused no-cap-net-admin "missing CAP_NET_ADMIN: run as root" \
	ip netns exec "$NS" setpriv --inh-caps=-all --bounding-set=-net_admin -- "$TL_BIN" -i "$DEV"
refused no-cap-sys-admin-netns "missing CAP_SYS_ADMIN \(to enter other network namespaces\)" \
	setpriv --inh-caps=-all --bounding-set=-sys_admin -- "$TL_BIN" --netns "$NS" -i "$DEV"

# Another XDP program present: refused, named and left in place in test_cleanup.sh.
# Kernel without tcx: auto falls back to tc clsact and says so; --hook tcx says what to use.
name=no-tcx
tl_bg "$name" env TL_TEST_NO_TCX=1 "$TL_BIN" --netns "$NS" -i "$DEV"
if tl_wait_line "$TL_LAST_PID" "$TL_TMP/$name.err" "listening on" 10; then
	pid=$TL_LAST_PID
	tl_check "$name: said it falls back" \
		grep -q "this kernel has no tcx (Invalid argument); falling back to tc clsact" \
		"$TL_TMP/$name.err"
	tl_check "$name: tc clsact filters attached" \
		test "$(ip netns exec "$NS" tc filter show dev "$DEV" ingress | grep -c tl_tc_)" = 1
	ip netns exec "$TL_NS_A" bash -c "echo >/dev/tcp/$TL_IP4_B/9" 2>/dev/null
	sleep 0.3
	tl_stop "$pid" INT 5
	tl_check "$name: traced through the fallback" grep -q "Flags \[S\]" "$TL_TMP/$name.out"
	tl_check "$name: nothing left" \
		test "$(ip netns exec "$NS" tc filter show dev "$DEV" ingress | grep -c tl_tc_)" = 0
else
	tl_fail "$name: did not start"
	tl_show "$TL_TMP/$name.err"
fi
refused no-tcx-forced "no tcx \(Linux >= 6.6\).*\(use --hook tc\)" \
	env TL_TEST_NO_TCX=1 "$TL_BIN" --hook tcx --netns "$NS" -i "$DEV"
refused no-ringbuf "no BPF ring buffer: tcplens needs Linux >= 5.8" \
	env TL_TEST_NO_RINGBUF=1 "$TL_BIN" --netns "$NS" -i "$DEV"

tl_done
