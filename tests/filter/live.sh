#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live filters: tcplens and tcpdump, given the same pcap-filter(7) expression, watch one veth
# in private namespaces during HTTP transfers (tcx, tc, xdp; IPv4 and IPv6) and must print
# the same lines; the segments the filter dropped must show in tcplens' "filtered" counter.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/../live/lib.sh"

PORT=8000	# not 80: tcpdump would decode HTTP

tl_live_init tcpdump curl /usr/bin/python3
tl_make_pair || tl_skip_all "cannot create the veth pair"

tl_http_server "$PORT" 200000

# run HOOK FAMILY EXPRESSION
run() {
	local hook=$1 fam=$2 expr=$3 name="$1 IPv$2 '$3'" url td_opts="" pid_td pid_tl

	if [ "$fam" = 4 ]; then url="http://$TL_IP4_A:$PORT"; else url="http://[$TL_IP6_A]:$PORT"; fi
	# XDP sees arriving frames only.
	[ "$hook" = xdp ] && td_opts="-Q in"
	# shellcheck disable=SC2086
	tl_bg td ip netns exec "$TL_NS_B" tcpdump --immediate-mode -B 65536 -nn -i "$TL_VB" \
		$td_opts "$expr"
	pid_td=$TL_LAST_PID
	tl_bg tl ip netns exec "$TL_NS_B" "$TL_BIN" -n -i "$TL_VB" --hook "$hook" "$expr"
	pid_tl=$TL_LAST_PID
	tl_wait_listening "$name" td "$pid_td" tl "$pid_tl" || return
	# Attaching XDP to a veth restarts its queues: give the link a moment before traffic.
	sleep 1
	ip netns exec "$TL_NS_B" curl -sS --retry 3 -o /dev/null "$url/index.html"
	ip netns exec "$TL_NS_B" curl -sS --retry 3 -o /dev/null "$url/big.bin"
	sleep 0.5
	tl_stop "$pid_tl" INT 10
	tl_stop "$pid_td" INT 10
	if grep -qE '^[1-9][0-9]* packets dropped by kernel' "$TL_TMP/td.err"; then
		tl_fail "$name: tcpdump dropped packets, comparison void"
		return
	fi
	grep -v '^$' "$TL_TMP/td.out" | cut -d' ' -f2- | sort >"$TL_TMP/td.s"
	grep -v '^$' "$TL_TMP/tl.out" | cut -d' ' -f2- | sort >"$TL_TMP/tl.s"
	if [ ! -s "$TL_TMP/td.s" ]; then
		tl_fail "$name: tcpdump printed nothing: the test matches no traffic"
	elif diff "$TL_TMP/td.s" "$TL_TMP/tl.s" >"$TL_TMP/diff"; then
		tl_pass "$name: same $(wc -l <"$TL_TMP/td.s") lines as tcpdump"
	else
		tl_fail "$name: lines differ (< tcpdump, > tcplens, sorted)"
		tl_show "$TL_TMP/diff" 20
		tl_show "$TL_TMP/tl.err"
	fi
	if grep -qE ', [1-9][0-9]* filtered,' "$TL_TMP/tl.err"; then
		tl_pass "$name: the kernel counted the segments it filtered out"
	else
		tl_fail "$name: no filtered segments in the summary"
		tl_show "$TL_TMP/tl.err"
	fi
}

for hook in tcx tc xdp; do
	run "$hook" 4 "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0 or (src port $PORT and less 200)"
	run "$hook" 6 "ip6 and src host $TL_IP6_A and greater 1000"
done
run tcx 4 "host $TL_IP4_A and tcp[13] & 8 != 0 and not tcp[100:4] = 0"

tl_stop "$SERVER" TERM 5
tl_done
