#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live conformance: tcplens and tcpdump -nn watch the same veth during real HTTP transfers
# (IPv4 and IPv6, hooks tcx, tc and xdp) and must print the same lines, time stamps aside.
# Then both without -n (and with -N), in a mount namespace whose /etc/hosts names the two
# ends: the same host and port names, nothing printed late.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

# Not 80: tcpdump decodes HTTP on port 80 and appends text tcplens does not print. 5432 has
# an /etc/services name (postgresql) and no tcpdump decoder, for the names runs.
PORT=5432
PY=/usr/bin/python3
SAME=$TL_ROOT/tests/live/same_blocks.py

tl_live_init tcpdump curl /usr/bin/python3
tl_make_pair || tl_skip_all "cannot create the veth pair"

# The served files: a small page and a few hundred KB, enough for many full-size segments,
# window updates and delayed ACKs.
tl_http_server "$PORT" 307200

# The names runs' /etc/hosts (the namespaces have no route to a DNS server: any other address
# fails at once and prints as a number, in both tools).
printf '127.0.0.1\tlocalhost\n%s\tserver.tl.example\n%s\tclient.tl.example\n%s\tserver.tl.example\n%s\tclient.tl.example\n' \
	"$TL_IP4_A" "$TL_IP4_B" "$TL_IP6_A" "$TL_IP6_B" >"$TL_TMP/hosts"
# NAMES: empty for numbers (-nn for both); "names" or "-N" for the names runs.
NAMES=""

# compare NAME TCPDUMP_OUT TCPLENS_OUT CLIENT_ADDR
compare() {
	local name=$1 td=$2 tl=$3 client=$4 dir

	# A tcpdump that lost packets is no oracle; say so instead of blaming tcplens.
	if grep -qE '^[1-9][0-9]* packets dropped by kernel' "$TL_TMP/td.err"; then
		tl_fail "$name: tcpdump dropped packets, comparison void ($(grep dropped \
			"$TL_TMP/td.err"))"
		return
	fi
	if [ ! -s "$td" ]; then
		tl_fail "$name: tcpdump saw no TCP traffic (the transfer did not run?)"
		return
	fi
	# Same lines, same number of times each; and in tcpdump's order within each direction
	# (same_blocks.py says which swaps are a race of the tap and the hook, not a bug).
	if "$PY" "$SAME" set "$td" "$tl" >"$TL_TMP/diff" 2>&1; then
		tl_pass "$name: same $(grep -c . "$td") lines as tcpdump"
	else
		tl_fail "$name: lines differ from tcpdump (- tcpdump, + tcplens, sorted)"
		tl_show "$TL_TMP/diff" 30
	fi
	for dir in from to; do
		if "$PY" "$SAME" order "$td" "$tl" "$client" "$dir" >"$TL_TMP/diff" 2>&1; then
			tl_pass "$name: segments $dir the client in tcpdump's order"
		else
			tl_fail "$name: order of segments $dir the client differs"
			tl_show "$TL_TMP/diff" 30
		fi
	done
}

# in_time_order NAME FILE: the time stamps never go back (equal ones are in order).
in_time_order() {
	local bad

	if bad=$(tl_time_order "$2"); then
		tl_pass "$1: lines in time stamp order"
	else
		tl_fail "$1: lines out of time stamp order"
		echo "$bad"
	fi
}

# run HOOK FAMILY [TCPLENS_OPTION...]: one capture with both tools on the client's veth.
run() {
	local hook=$1 fam=$2 name="$1 IPv$2${3:+ ${*:3}}${NAMES:+ $NAMES}" server_url td_opts=""
	local pid_td pid_tl rc_tl wrap=() nopt=(-nn)

	if [ "$fam" = 4 ]; then
		server_url="http://$TL_IP4_A:$PORT"
		client=$TL_IP4_B
	else
		server_url="http://[$TL_IP6_A]:$PORT"
		client=$TL_IP6_B
	fi
	if [ -n "$NAMES" ]; then
		# ip netns exec makes its mount namespace from this one, hosts file included.
		# shellcheck disable=SC2016 # expanded by that sh
		wrap=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh
			"$TL_TMP/hosts")
		nopt=()
		[ "$NAMES" = -N ] && nopt=(-N)
		client=client.tl.example
		[ "$NAMES" = -N ] && client=client
	fi
	# XDP sees arriving frames only: compare with what tcpdump sees arriving.
	[ "${hook#xdp}" != "$hook" ] && td_opts="-Q in"
	# -Q: only one direction's program is attached; tcpdump -Q is the oracle.
	[ "${3:-}" = -Q ] && td_opts="-Q $4"

	# shellcheck disable=SC2086
	# --immediate-mode: otherwise packets wait in a TPACKET block for up to a second and
	# tcpdump exits on SIGINT without printing them. -B: with XDP on the veth every frame
	# arrives unmerged and tcpdump's default 2 MB buffer overflows.
	tl_bg td "${wrap[@]}" ip netns exec "$TL_NS_B" tcpdump --immediate-mode -B 65536 \
		"${nopt[@]}" -i "$TL_VB" $td_opts tcp
	pid_td=$TL_LAST_PID
	tl_bg tl "${wrap[@]}" ip netns exec "$TL_NS_B" "$TL_BIN" -i "$TL_VB" "${nopt[@]}" \
		--hook "$hook" "${@:3}"
	pid_tl=$TL_LAST_PID
	tl_wait_listening "$name" td "$pid_td" tl "$pid_tl" || return

	ip netns exec "$TL_NS_B" curl -sS -o /dev/null "$server_url/index.html" &&
		ip netns exec "$TL_NS_B" curl -sS -o "$TL_TMP/got.bin" "$server_url/big.bin"
	tl_check "$name: HTTP transfer completed" cmp -s "$TL_TMP/got.bin" "$TL_TMP/www/big.bin"
	rm -f "$TL_TMP/got.bin"
	# Let the last ACKs of the close reach both tools.
	sleep 0.5

	tl_stop "$pid_tl" INT 10
	rc_tl=$TL_RC
	tl_stop "$pid_td" INT 10
	if [ "$rc_tl" = 0 ]; then
		tl_pass "$name: tcplens exits 0 on SIGINT"
	else
		tl_fail "$name: tcplens exit status $rc_tl on SIGINT"
		tl_show "$TL_TMP/tl.err"
	fi
	compare "$name" "$TL_TMP/td.out" "$TL_TMP/tl.out" "$client"
	if [ -n "$NAMES" ]; then
		tl_check "$name: the ends named, port $PORT as postgresql" \
			grep -q "^[0-9:.]* IP6\? server\(\.tl\.example\)\?\.postgresql > $client\." \
			"$TL_TMP/tl.out"
		tl_check "$name: no line late for its name" \
			grep -q '^0 lines printed an address as a number' "$TL_TMP/tl.err"
	fi
	# Batches and per-CPU rings reach user space out of order; the merge must undo that.
	[ "${3:-}" != --no-batch ] && in_time_order "$name" "$TL_TMP/tl.out"
	# Kept apart per run, for TL_KEEP=1.
	mkdir -p "$TL_TMP/$hook.$fam$3$NAMES"
	mv "$TL_TMP"/td.* "$TL_TMP"/tl.* "$TL_TMP/$hook.$fam$3$NAMES/"
}

for hook in tcx tc xdp; do
	for fam in 4 6; do
		run "$hook" "$fam"
	done
done
for fam in 4 6; do
	run tcx "$fam" --no-batch
	run tcx "$fam" --rings percpu
	run xdp "$fam" --rings percpu --no-batch
done
run tcx 4 -Q in
run tc 6 -Q out
for NAMES in names -N; do
	for fam in 4 6; do
		run tcx "$fam"
	done
done

tl_stop "$SERVER" TERM 5
tl_done
