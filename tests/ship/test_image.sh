#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The container image (Containerfile, make image) under a real podman with the privileges the
# README names, not --privileged: the host's network and PID namespaces, capabilities
# BPF, PERFMON, NET_ADMIN, SYS_ADMIN and SYS_PTRACE (all others dropped), a read-only root,
# podman's API socket mounted. From inside it, one tcplens traces the host end of one
# container's veth (-i) and a second container by name (--container); both match tcpdump's
# lines. Without SYS_PTRACE or SYS_ADMIN the --container part is refused in one line.
# Prints "image: N passed, N failed".
set -u
SHIP_SUITE=image
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=podman_lib.sh
. "$(dirname "$0")/podman_lib.sh"

tl_ns_prefix tli 9
pm_init
command -v tcpdump >/dev/null || tl_skip_all "tcpdump not installed (make deps)"
PORT=8000
TL_IMAGE=localhost/$TL_PFX-tcplens:test
PM_IMAGES+=("$TL_IMAGE")
if IMAGE=$TL_IMAGE "$TL_ROOT/scripts/image.sh" >"$TL_TMP/image.out" 2>&1; then
	tl_pass "make image: $(tail -n 1 "$TL_TMP/image.out")"
else
	tl_fail "make image"
	ship_show "$TL_TMP/image.out"
	tl_done
fi
tl_check "the image runs: --version" grep -q '^tcplens ' \
	<("${PM[@]}" run --rm "${PM_LIMITS[@]}" --network none "$TL_IMAGE" --version)

IMG=$TL_PFX-bb
A=${TL_PFX}a
B=${TL_PFX}b
pm_image "$IMG" || tl_skip_all "podman import failed: podman cannot run here"
pm_network "$TL_PFX-net" || { tl_fail "podman network create in 198.19.0.0/16"; tl_done; }
for c in "$A" "$B"; do
	pm_run "$c" --network "$TL_PFX-net" "localhost/$IMG:test" httpd -f -p "$PORT" -h /www ||
		{ tl_fail "podman run $c"; tl_done; }
done
IP_A=$(pm_ip "$A")
IP_B=$(pm_ip "$B")
pm_wait_http "http://$IP_A:$PORT/" && pm_wait_http "http://$IP_B:$PORT/" ||
	{ tl_fail "busybox httpd answers"; tl_done; }
# The host end of A's veth: the interface here whose index A's eth0 names as its link.
# ("eth0@if12": ip's one-line listing inside A; /sys would show our own namespace's.)
idx=$(nsenter -t "$(pm_pid "$A")" -n ip -o link show eth0 | sed -n 's/^[0-9]*: eth0@if\([0-9]*\):.*/\1/p')
VETH=$(ip -o link show | awk -F': ' -v i="$idx" '$1 == i { sub(/@.*/, "", $2); print $2 }')
# Only ever a veth podman made for A: never the host's own interfaces.
if [ -z "$VETH" ] || ! ip -d link show "$VETH" | grep -q 'veth' || [ "$VETH" = eth0 ]; then
	tl_fail "the host end of $A's veth (index ${idx:-?}: '${VETH}') is not a veth"
	tl_done
fi
tl_pass "the host end of $A's veth: $VETH"

SOCK=$TL_TMP/podman.sock
tl_bg service podman system service --time=0 "unix://$SOCK"
for _ in $(seq 50); do
	[ -S "$SOCK" ] && break
	sleep 0.1
done

# What README.md "Container image" says to run, and nothing more.
CAPS=BPF,PERFMON,NET_ADMIN,SYS_ADMIN,SYS_PTRACE
run_image() {	# NAME CAPS TCPLENS_ARGS...
	local name=$1 caps=$2

	shift 2
	PM_CONTAINERS+=("$name")
	tl_bg "$name" "${PM[@]}" run --rm --name "$name" "${PM_LIMITS[@]}" \
		--network host --pid host --cap-drop ALL --cap-add "$caps" --read-only \
		-v "$SOCK:/run/podman/podman.sock" "$TL_IMAGE" "$@"
}

run_image "${TL_PFX}t" "$CAPS" -n -l -S -i "$VETH" --container "$B"
tl=$TL_LAST_PID
tl_bg td-veth tcpdump -l -nn -S -i "$VETH" tcp
tdv=$TL_LAST_PID
tl_bg td-b nsenter -t "$(pm_pid "$B")" -n tcpdump -l -nn -S -i eth0 tcp
tdb=$TL_LAST_PID
if tl_wait_line "$tl" "$TL_TMP/${TL_PFX}t.err" "listening on" 20; then
	tl_pass "tcplens in the image attached ($(grep -c ': tcx' "$TL_TMP/${TL_PFX}t.err") interfaces)"
	tl_check "not privileged" test "$(podman inspect --format '{{.HostConfig.Privileged}}' \
		"${TL_PFX}t")" = false
	caps=$(podman inspect --format '{{.EffectiveCaps}}' "${TL_PFX}t")
	tl_check "exactly the five capabilities ($caps)" test "$caps" = \
		"[CAP_BPF CAP_NET_ADMIN CAP_PERFMON CAP_SYS_ADMIN CAP_SYS_PTRACE]"
	tl_wait_line 0 "$TL_TMP/td-veth.err" "listening on" 5
	tl_wait_line 0 "$TL_TMP/td-b.err" "listening on" 5
	sleep 0.3
	curl -s -m 5 -o /dev/null "http://$IP_A:$PORT/big.bin" && curl -s -m 5 -o /dev/null \
		"http://$IP_B:$PORT/big.bin" && tl_pass "HTTP GETs to $A and $B" ||
		tl_fail "HTTP GETs to $A and $B"
	sleep 0.5
	tl_stop "$tdv" INT 5
	tl_stop "$tdb" INT 5
	tl_stop "$tl" INT 10
	tl_check "tcplens in the image: exit status 0" test "$TL_RC" = 0
	for pair in "$VETH|veth|$VETH" "eth0@$B|b|eth0"; do
		IFS='|' read -r pfx td _ <<<"$pair"
		grep -E '^[0-9:.]+ IP ' "$TL_TMP/td-$td.out" | cut -d' ' -f2- >"$TL_TMP/want-$td"
		grep " $pfx " "$TL_TMP/${TL_PFX}t.out" | cut -d' ' -f2- |
			sed -E "s/^$pfx (In |Out) //" >"$TL_TMP/got-$td"
		if [ "$(wc -l <"$TL_TMP/want-$td")" -ge 10 ] &&
			tl_same_lines "$TL_TMP/want-$td" "$TL_TMP/got-$td"; then
			tl_pass "$pfx: the lines of tcpdump -i ${pfx%@*} ($(wc -l <"$TL_TMP/want-$td"))"
		else
			tl_fail "$pfx: differs from tcpdump"
			diff "$TL_TMP/want-$td" "$TL_TMP/got-$td" | head -n 8 | sed 's/^/#   /'
		fi
	done
else
	tl_fail "tcplens in the image did not start"
	ship_show "$TL_TMP/${TL_PFX}t.err"
fi

# Each capability of the --container part is needed: without it, one line says so.
for drop in SYS_PTRACE SYS_ADMIN; do
	run_image "${TL_PFX}n" "${CAPS/,$drop/}" --container "$B"
	tl_wait_exit "$TL_LAST_PID" 20
	err=$(grep -v '^time=' "$TL_TMP/${TL_PFX}n.err")
	if [ "$TL_RC" = 1 ] && [ "$(grep -c '' <<<"$err")" = 1 ] && grep -q "CAP_$drop" <<<"$err"
	then
		tl_pass "without $drop: refused, naming CAP_$drop ($err)"
	else
		tl_fail "without $drop: exit $TL_RC"
		ship_show "$TL_TMP/${TL_PFX}n.err"
	fi
done
tl_done
