#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live output forms: tcplens and tcpdump watch the client's veth at once while it talks HTTP,
# an SSH banner exchange, DNS over TCP and SMTP (tcp_services.py) over IPv4 and IPv6, with
# -v, -vv, -e, -A, -AA, -X, -XX, -x, -xx, -q, snap lengths, and with names (hosts and ethers
# files over /etc in a mount namespace), on tcx, tc and XDP, and must print the same blocks
# (a segment's line and its continuation lines), time stamps aside: the same ones, and in
# tcpdump's order within each direction.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SERVICES=$TL_ROOT/tests/live/tcp_services.py
SAME=$TL_ROOT/tests/live/same_blocks.py

tl_live_init tcpdump unshare mount "$PY"
tl_make_pair || tl_skip_all "cannot create the veth pair"

# A page and 40 KB of every byte value: several full-size segments for the dumps.
mkdir -p "$TL_TMP/www"
echo '<html><body>tcplens</body></html>' >"$TL_TMP/www/index.html"
head -c 40000 /dev/urandom >"$TL_TMP/www/data.bin"
tl_bg server ip netns exec "$TL_NS_A" "$PY" -u "$SERVICES" serve "$TL_TMP/www"
SERVER=$TL_LAST_PID
tl_wait_line "$SERVER" "$TL_TMP/server.out" "^ready" 10 || {
	tl_show "$TL_TMP/server.err"
	tl_skip_all "the test services did not start"
}

# The names runs' /etc: hosts naming the two ends (the namespaces have no route to a DNS
# server: any other address fails at once and prints as a number, in both tools) and ethers
# naming the client's MAC address; the server's gets Cisco's OUI, which -e names. Both files
# lie over /etc in a mount namespace (an overlay: /etc/ethers need not exist here), else
# hosts alone is bind-mounted and ethers goes untested.
ip -n "$TL_NS_A" link set dev "$TL_VA" address 00:00:0c:19:81:01
MAC_B=$(ip -n "$TL_NS_B" -br link show dev "$TL_VB" | awk '{ print $3 }')
mkdir -p "$TL_TMP/etc"
printf '127.0.0.1\tlocalhost\n' >"$TL_TMP/etc/hosts"
printf '%s\tserver.tl.example\n%s\tclient.tl.example\n' "$TL_IP4_A" "$TL_IP4_B" "$TL_IP6_A" \
	"$TL_IP6_B" >>"$TL_TMP/etc/hosts"
printf '%s\tclient-nic.tl.example\n' "$MAC_B" >"$TL_TMP/etc/ethers"
# Read-only (two lower layers, no upper one): tcpdump and tcplens mount it at once.
# shellcheck disable=SC2016 # expanded by that sh
WRAP=(unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=$1:/etc" /etc && shift &&
	exec "$@"' sh "$TL_TMP/etc")
ETHERS=1
if ! "${WRAP[@]}" true 2>/dev/null; then
	tl_log "no overlay file system: /etc/ethers not tested"
	# shellcheck disable=SC2016
	WRAP=(unshare -m sh -c 'mount --bind "$1/hosts" /etc/hosts && shift && exec "$@"' sh
		"$TL_TMP/etc")
	ETHERS=""
fi

# compare NAME CLIENT...: $TL_TMP/td.out against $TL_TMP/tl.out; the order per direction of
# each client address (or name).
compare() {
	local name=$1 line rc failed=""

	# A tcpdump that lost packets is no oracle; say so instead of blaming tcplens.
	if grep -qE '^[1-9][0-9]* packets dropped by kernel' "$TL_TMP/td.err"; then
		tl_fail "$name: tcpdump dropped packets, comparison void"
		return
	fi
	"$PY" "$SAME" check "$TL_TMP/td.out" "$TL_TMP/tl.out" "${@:2}" >"$TL_TMP/diff" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"PASS "*) tl_pass "$name: ${line#PASS }" ;;
		"FAIL "*) tl_fail "$name: ${line#FAIL }" && failed=1 ;;
		*) echo "$line" ;;
		esac
	done <"$TL_TMP/diff"
	# A comparison that broke off (a traceback) printed no verdict for what it skipped.
	[ "$rc" = 0 ] || [ -n "$failed" ] || tl_fail "$name: the comparison did not finish"
}

# run HOOK FORM...: one capture with both tools on the client's veth; a first FORM word
# "names" drops -n and runs both in the mount namespace with the names files.
run() {
	local hook=$1 name="$*" pid_td pid_tl rc_tl wrap=() opts=(-nn) td_opts=() tl_opts=()
	local clients=("$TL_IP4_B" "$TL_IP6_B") f

	shift
	for f in "$@"; do
		[ "$f" = names ] || opts+=("$f")
	done
	# XDP sees arriving frames only: compare with what tcpdump sees arriving.
	[ "$hook" = xdp ] && td_opts=(-Q in)
	# tcplens -s 0: whole frames, as tcpdump's default snap length, for the payload decoders
	# and the dumps; a form's own -s is both tools'.
	[[ " $* " = *" -s "* ]] || tl_opts=(-s 0)
	if [ "$1" = names ]; then
		# ip netns exec makes its mount namespace from this one, /etc included.
		wrap=("${WRAP[@]}")
		opts=("${opts[@]:1}")
		clients=(client.tl.example)
		# A line waits for its host name at most --name-wait after the capture, then prints
		# the number (a documented difference). On a loaded machine a resolver thread's
		# first /etc/hosts lookup (NSS loading its modules) has taken over the default
		# 100 ms: 1 s keeps that bound out of the comparison, and no line may come late.
		tl_opts+=(--name-wait 1000)
	fi
	# --immediate-mode: otherwise packets wait in a TPACKET block for up to a second and
	# tcpdump exits on SIGINT without printing them. -B: with XDP on the veth every frame
	# arrives unmerged, and the dumps make tcpdump slow to drain its default 2 MB buffer.
	tl_bg td "${wrap[@]}" ip netns exec "$TL_NS_B" tcpdump --immediate-mode -B 65536 \
		"${opts[@]}" "${td_opts[@]}" -i "$TL_VB" tcp
	pid_td=$TL_LAST_PID
	tl_bg tl "${wrap[@]}" ip netns exec "$TL_NS_B" "$TL_BIN" --hook "$hook" \
		"${opts[@]}" "${tl_opts[@]}" -i "$TL_VB"
	pid_tl=$TL_LAST_PID
	tl_wait_listening "$name" td "$pid_td" tl "$pid_tl" || return

	ip netns exec "$TL_NS_B" "$PY" "$SERVICES" client "$TL_IP4_A,$TL_IP6_A" index.html data.bin \
		2>"$TL_TMP/client.err"
	tl_check "$name: HTTP, SSH, DNS and SMTP exchanges completed" [ $? -eq 0 ]
	tl_show "$TL_TMP/client.err"
	# Let the last ACKs of the closes reach both tools.
	sleep 0.3

	tl_stop "$pid_tl" INT 10
	rc_tl=$TL_RC
	tl_stop "$pid_td" INT 10
	if [ "$rc_tl" != 0 ]; then
		tl_fail "$name: tcplens exit status $rc_tl on SIGINT"
		tl_show "$TL_TMP/tl.err"
	fi
	compare "$name" "${clients[@]}"
	[ "$1" = names ] && tl_check "$name: no line late for its name" \
		grep -q '^0 lines printed an address as a number' "$TL_TMP/tl.err"
	if [ "$1 $2" = "names -e" ]; then
		# The names must be there, or both tools printing numbers would pass as well.
		tl_check "$name: the server's MAC address with its OUI vendor" \
			grep -q '^[0-9:.]* 00:00:0c:19:81:01 (oui Cisco) > ' "$TL_TMP/tl.out"
		[ -n "$ETHERS" ] && tl_check "$name: the client's MAC address by its ethers name" \
			grep -q '^[0-9:.]* client-nic\.tl\.example > ' "$TL_TMP/tl.out"
	fi
	# Kept apart per run, for TL_KEEP=1.
	f="$TL_TMP/run.${name// /_}"
	mkdir -p "$f"
	mv "$TL_TMP"/td.* "$TL_TMP"/tl.* "$f/"
}

for form in -v -vv -e -A -X -x -XX -q names "names -e" "names -v -X"; do
	# shellcheck disable=SC2086 # "names -e" is two words
	run tcx $form
done
# The other hooks see other points of the stack: tc clsact as tcx; XDP arriving frames
# before the stack has made an skb of them (checksum state, GRO).
run tc -vv -e -xx
run xdp -v -e -XX
# A snap length cuts headers and payloads: "[|tcp]", "[|http]", short dumps. Not 60 or any
# N with N % 16 of 11 or 12: there libpcap's immediate mode (TPACKET_V2) sizes its ring
# frames 2 bytes short of the kernel's offset of an Ethernet frame in them, and tcpdump
# gets N - 2 or N - 1 bytes (without --immediate-mode it gets N, as tcplens does).
run tcx -s 96 -v -X
run tcx -s 200 -AA -e -q

tl_stop "$SERVER" TERM 5
tl_done
