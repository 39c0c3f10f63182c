#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live names with a DNS server that never answers: a lookup must never hold the capture up.
# tcplens without -n, in a mount namespace whose resolv.conf names a server on the veth's
# subnet that does not exist (each lookup takes its 2 s time-out) and whose /etc/hosts names
# nothing of the test: lines come out with numbers within --name-wait of their capture, the
# closing lines count exactly those, an answer (here: none) is remembered, and SIGINT ends
# tcplens at once even with lookups still stuck in the resolver.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

PORT=5432 # postgresql in /etc/services, no tcpdump decoder
tl_live_init curl /usr/bin/python3 unshare
tl_make_pair || tl_skip_all "cannot create the veth pair"
tl_http_server "$PORT" 1000

printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$TL_TMP/hosts"
printf 'nameserver %s.99\noptions timeout:2 attempts:1\n' "${TL_IP4_A%.*}" >"$TL_TMP/resolv"
# shellcheck disable=SC2016 # expanded by that sh
wrap=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/resolv.conf &&
	shift 2 && exec "$@"' sh "$TL_TMP/hosts" "$TL_TMP/resolv")

lines() { grep -c ' IP' "$TL_TMP/tl.out"; }
ms() { date +%s%3N; }

tl_bg tl "${wrap[@]}" ip netns exec "$TL_NS_B" "$TL_BIN" -l -i "$TL_VB" --name-wait 100
pid=$TL_LAST_PID
if ! tl_wait_line "$pid" "$TL_TMP/tl.err" "listening on" 10; then
	tl_fail "tcplens did not start"
	tl_show "$TL_TMP/tl.err"
	tl_done
fi

# 1: both addresses new, their lookups stuck for 2 s: the lines come out meanwhile, numbered.
ip netns exec "$TL_NS_B" curl -sS -o /dev/null "http://$TL_IP4_A:$PORT/index.html"
sleep 0.5
n1=$(lines)
tl_check "new addresses: $n1 lines out within 0.5 s, before any lookup ended" [ "$n1" -ge 8 ]
tl_check "numbers for the hosts, the name for the port" \
	grep -q "^[0-9:.]* IP $TL_IP4_B\\.[0-9]* > $TL_IP4_A\\.postgresql: Flags \\[S\\]" \
	"$TL_TMP/tl.out"

# 2: the lookups have failed by now; that answer is kept and nothing waits or is late.
sleep 2.5
ip netns exec "$TL_NS_B" curl -sS -o /dev/null "http://$TL_IP4_A:$PORT/index.html"
sleep 0.5
n2=$(lines)
tl_check "known addresses: $((n2 - n1)) more lines" [ "$((n2 - n1))" -ge 8 ]

# 3: new IPv6 addresses, then SIGINT while their lookups are still stuck.
ip netns exec "$TL_NS_B" curl -sS -o /dev/null "http://[$TL_IP6_A]:$PORT/index.html"
sleep 0.5
n3=$(lines)
t0=$(ms)
tl_stop "$pid" INT 10
dt=$(($(ms) - t0))
tl_check "exit 0 on SIGINT" [ "$TL_RC" -eq 0 ]
tl_check "SIGINT ends it in ${dt} ms with lookups stuck (< 1000)" [ "$dt" -lt 1000 ]
tl_check "IPv6 lines numbered" grep -q "^[0-9:.]* IP6 $TL_IP6_B\\.[0-9]* > $TL_IP6_A\\.postgresql" \
	"$TL_TMP/tl.out"
late=$(sed -n 's/^\([0-9]*\) lines printed an address as a number.*/\1/p' "$TL_TMP/tl.err")
want=$((n1 + n3 - n2))
tl_check "the closing lines count the late lines: ${late:-none}, want $want" [ "${late:-x}" = "$want" ]
[ "${late:-x}" = "$want" ] || tl_show "$TL_TMP/tl.err"

tl_stop "$SERVER" TERM 5
tl_done
