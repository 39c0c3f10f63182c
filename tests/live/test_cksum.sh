#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live -v checksums: the kernel sums each segment's bytes where the hook sees them and sends
# only the verdict, so -v records stay header-sized. tcpdump -v and tcplens -v watch the same
# veth during HTTP transfers (IPv4 and IPv6) and must print the same lines, verdicts included:
# veth offloads the checksum, so segments still CHECKSUM_PARTIAL read "incorrect" in both.
# A second tcplens with -x (whole frames) on the same traffic shows what -v no longer copies.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

PORT=8000
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tl_live_init tcpdump curl /usr/bin/python3
tl_make_pair || tl_skip_all "cannot create the veth pair"
# Small enough that no GSO super-packet exceeds what a record can carry (TL_FRAME_MAX).
tl_http_server "$PORT" 30000

# One line per packet: tcpdump -v continues a packet on lines that start with 4 spaces.
joined() {
	awk '/^    / { line = line " " substr($0, 5); next }
		{ if (line != "") print line; line = $0 }
		END { if (line != "") print line }' "$1"
}

# whole FILE...: each is the server's file.
# shellcheck disable=SC2317 # called through tl_check
whole() {
	local f

	for f; do
		cmp -s "$f" "$TL_TMP/www/big.bin" || return 1
	done
}

# ring_bytes ERRFILE: "RECORDS BYTES" from --debug's last word on the ring.
ring_bytes() {
	sed -n 's/^tcplens: ring: \([0-9]*\) records, \([0-9]*\) bytes$/\1 \2/p' "$1" | tail -n 1
}

# run HOOK: the captures on B's end of the pair, tcpdump only in the direction the hook sees;
# the -x instance only at tcx (a device has one native XDP program).
run() {
	local hook=$1 td_opts="" pid_td pid_v pid_x="" n_td n_tl rv rx rv_n rx_n

	[ "$hook" = xdp ] && td_opts="-Q in"
	# shellcheck disable=SC2086
	tl_bg td ip netns exec "$TL_NS_B" tcpdump -l -v -nn -t --immediate-mode -B 65536 -i "$TL_VB" \
		$td_opts tcp
	pid_td=$TL_LAST_PID
	tl_bg tlv ip netns exec "$TL_NS_B" "$TL_BIN" --debug -v -nn -t -i "$TL_VB" --hook "$hook"
	pid_v=$TL_LAST_PID
	if [ "$hook" = tcx ]; then
		tl_bg tlx ip netns exec "$TL_NS_B" "$TL_BIN" --debug -v -x -nn -t -i "$TL_VB" \
			--hook "$hook"
		pid_x=$TL_LAST_PID
	fi
	tl_wait_listening "$hook" td "$pid_td" tlv "$pid_v" ${pid_x:+tlx "$pid_x"} || return
	ip netns exec "$TL_NS_B" curl -sS -o "$TL_TMP/got4.bin" "http://$TL_IP4_A:$PORT/big.bin"
	ip netns exec "$TL_NS_B" curl -sS -o "$TL_TMP/got6.bin" "http://[$TL_IP6_A]:$PORT/big.bin"
	tl_check "$hook: HTTP transfers completed" whole "$TL_TMP/got4.bin" "$TL_TMP/got6.bin"
	sleep 0.5
	tl_stop "$pid_v" INT 10
	tl_check "$hook: tcplens -v exits 0" [ "$TL_RC" = 0 ]
	if [ -n "$pid_x" ]; then
		tl_stop "$pid_x" INT 10
		tl_check "$hook: tcplens -v -x exits 0" [ "$TL_RC" = 0 ]
	fi
	tl_stop "$pid_td" INT 10
	if grep -qE '^[1-9][0-9]* packets dropped by kernel' "$TL_TMP/td.err"; then
		tl_fail "$hook: tcpdump dropped packets, comparison void"
		return
	fi
	joined "$TL_TMP/td.out" >"$TL_TMP/td.lines"
	joined "$TL_TMP/tlv.out" >"$TL_TMP/tlv.lines"
	n_td=$(grep -c ', cksum 0x' "$TL_TMP/td.lines")
	n_tl=$(grep -c ', cksum 0x' "$TL_TMP/tlv.lines")
	tl_check "$hook: tcpdump printed verdicts ($n_td), tcplens as many ($n_tl)" \
		test "$n_td" -gt 0 -a "$n_td" = "$n_tl"
	tl_check "$hook: offloaded segments read incorrect in both" \
		grep -q '(incorrect -> 0x' "$TL_TMP/tlv.lines"
	if tl_same_lines "$TL_TMP/td.lines" "$TL_TMP/tlv.lines"; then
		tl_pass "$hook: the same -v lines as tcpdump, checksums included"
	else
		tl_fail "$hook: -v lines differ from tcpdump's"
		diff "$TL_TMP/td.lines" "$TL_TMP/tlv.lines" | head -n 8 | sed 's/^/#   /'
	fi
	# -v's records carry headers only; -x's the whole frames of the same segments.
	read -r rv_n rv <<<"$(ring_bytes "$TL_TMP/tlv.err")"
	if [ -z "$pid_x" ]; then
		tl_check "$hook: -v records header-sized ($((${rv:-0} / ${rv_n:-1})) bytes on average)" \
			test -n "$rv" -a "${rv_n:-0}" -gt 0 -a $((${rv:-0} / ${rv_n:-1})) -le 256
		rm -f "$TL_TMP"/td.* "$TL_TMP"/tlv.* "$TL_TMP"/got?.bin
		return
	fi
	read -r rx_n rx <<<"$(ring_bytes "$TL_TMP/tlx.err")"
	if [ -n "$rv" ] && [ -n "$rx" ] && [ "$rv_n" = "$rx_n" ] && [ "$rv_n" -gt 0 ] &&
		[ $((rv * 4)) -lt "$rx" ] && [ $((rv / rv_n)) -le 256 ]; then
		tl_pass "$hook: -v records $((rv / rv_n)) bytes on average, -x $((rx / rx_n)) ($rv_n records)"
	else
		tl_fail "$hook: -v ring bytes ${rv:-?} in ${rv_n:-?} records, -x ${rx:-?} in ${rx_n:-?}"
		tl_show "$TL_TMP/tlv.err"
	fi
	rm -f "$TL_TMP"/td.* "$TL_TMP"/tlv.* "$TL_TMP"/tlx.* "$TL_TMP"/got?.bin
}

run tcx
run xdp

tl_stop "$SERVER" TERM 5
tl_done
