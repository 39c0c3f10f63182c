#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --json's "namespace" is the namespace of the line's own interface: one tcplens in our
# namespace traces the two ends of a veth in namespaces A and B (--netns, then --pid), and
# every line must name A or B as its interface does, never the namespace tcplens runs in.
# shellcheck disable=SC2317
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

tl_live_init python3
tl_make_pair || tl_skip_all "cannot create the veth pair"
OWN=$(readlink /proc/self/ns/net)

# A connection attempt to a closed port: SYN out of A, RST back from B.
poke() {
	ip netns exec "$TL_NS_A" bash -c "echo >/dev/tcp/$TL_IP4_B/9" 2>/dev/null
	return 0
}

# check NAME WANT_A WANT_B: every JSON line of $TL_TMP/NAME.out names, for an interface of
# A, namespace WANT_A and for one of B, WANT_B; lines of both are there.
check() {
	/usr/bin/python3 - "$TL_TMP/$1.out" "$2" "$3" "$OWN" <<'PY'
import json, sys

path, want_a, want_b, own = sys.argv[1:]
seen = {}
for line in open(path):
    o = json.loads(line)
    if "summary" in o:
        continue
    ifname, ns = o["interface"], o["namespace"]
    side = "a" if ifname.split("@")[0].endswith("a") else "b"
    want = want_a if side == "a" else want_b
    if ns != want or ns == own:
        print("#   %s: namespace %r, want %r (tcplens runs in %r)" % (ifname, ns, want, own))
        sys.exit(1)
    seen[side] = seen.get(side, 0) + 1
if set(seen) != {"a", "b"}:
    print("#   lines per side: %r" % seen)
    sys.exit(1)
print("#   %d lines of A, %d of B" % (seen["a"], seen["b"]))
PY
}

# run NAME ARGS...: tcplens --json with ARGS in our namespace while A pokes B.
run() {
	local name=$1 pid

	shift
	tl_bg "$name" "$TL_BIN" -l --json "$@"
	pid=$TL_LAST_PID
	if ! tl_wait_line "$pid" "$TL_TMP/$name.err" 'listening on' 10; then
		tl_fail "$name: tcplens did not start"
		tl_show "$TL_TMP/$name.err"
		return 1
	fi
	poke
	poke
	sleep 0.5
	tl_stop "$pid" INT 5
	tl_check "$name: exit status 0" test "$TL_RC" = 0
}

if run netns --netns "$TL_NS_A" -i "$TL_VA" --netns "$TL_NS_B" -i "$TL_VB"; then
	tl_check "netns: each line names its interface's namespace, $TL_NS_A or $TL_NS_B" \
		check netns "$TL_NS_A" "$TL_NS_B"
fi

# --pid: the line shows "vb@pidN", the namespace keeps the name ip netns gave it.
tl_bg holder ip netns exec "$TL_NS_B" sleep 30
holder=$TL_LAST_PID
for _ in $(seq 50); do
	[ "$(readlink "/proc/$holder/ns/net")" != "$OWN" ] && break
	sleep 0.1
done
if run pid --netns "$TL_NS_A" -i "$TL_VA" --pid "$holder" -i "$TL_VB"; then
	tl_check "pid: lines of B name $TL_NS_B, found from the namespace itself" \
		check pid "$TL_NS_A" "$TL_NS_B"
fi
tl_done
