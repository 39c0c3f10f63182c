# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# The one namespace helper of the tests, the demo, the capture and the bench scripts: per-run
# names, private namespaces joined by veth pairs, waiting for a tool's ready line, and a
# teardown (run by a trap on every exit path) that stops what was started, by PID, and deletes
# what was created, nothing else.
#
# Usage: source it, then tl_ns_prefix STEM LEN; tl_ns_tmp; tl_ns_trap; tl_netns_add NS...;
# tl_veth ...; start processes and tl_track their PIDs. Addresses come only from
# 198.18.0.0/15 (RFC 2544 benchmarking) and fd00:198::/64; tl_veth refuses others, and works
# only inside namespaces this run created, so the host's interfaces (eth0) are never touched.

TL_PFX=""		# per-run prefix of every name: parallel runs and leftovers never collide
TL_TMP=""		# per-run scratch directory, removed at teardown (kept with TL_KEEP=1)
TL_NETNS=()		# namespaces this run created, deleted at teardown
TL_PIDS=()		# processes this run started, stopped at teardown
declare -A TL_PID_SIG=()	# PID -> the signal that ends it cleanly (default KILL)
TL_TEARDOWN_HOOK=""	# a function the teardown runs first, for what only the script knows
TL_NS_NAME=${TL_NS_NAME:-$(basename "$0" .sh)}	# who says "interrupted"

# tl_ns_prefix STEM LEN: TL_PFX is STEM, the PID and a random number, cut to LEN characters
# so that the longest name built on it still fits IFNAMSIZ (15).
tl_ns_prefix() {
	TL_PFX=$(printf '%s%x%x' "$1" $$ "$RANDOM" | cut -c1-"$2")
}

tl_ns_tmp() {
	TL_TMP=$(mktemp -d "/tmp/$TL_PFX.XXXXXX")
}

# tl_ns_trap: the teardown runs at exit, whatever the way out (error, Ctrl-C, kill).
tl_ns_trap() {
	trap tl_teardown EXIT
	trap 'tl_teardown; echo "$TL_NS_NAME: interrupted" >&2; exit 130' INT
	trap 'tl_teardown; exit 129' HUP
	trap 'tl_teardown; exit 143' TERM
}

# tl_ns_probe: whether this process may create a network namespace (CAP_SYS_ADMIN).
tl_ns_probe() {
	ip netns add "${TL_PFX}probe" 2>/dev/null || return 1
	ip netns del "${TL_PFX}probe"
}

# tl_netns_add NS: creates NS, remembers it for the teardown, and brings its lo up.
tl_netns_add() {
	ip netns add "$1" || return 1
	TL_NETNS+=("$1")
	ip -n "$1" link set lo up
}

tl_ns_ours() {
	local ns

	for ns in "${TL_NETNS[@]}"; do
		[ "$ns" = "$1" ] && return 0
	done
	echo "tl_veth: $1 is not a namespace of this run" >&2
	return 1
}

tl_ns_addr_ok() {
	case $1 in
	198.18.* | 198.19.* | fd00:198::*) return 0 ;;
	esac
	echo "tl_veth: $1 is outside 198.18.0.0/15 and fd00:198::/64" >&2
	return 1
}

# tl_veth NSA DEVA NSB DEVB [ADDR_A ADDR_B]...: a veth pair DEVA in NSA <-> DEVB in NSB, both
# namespaces of this run; each pair of ADDR/PREFIXLEN goes to DEVA and DEVB; both ends up.
# IPv6 addresses get nodad: usable at once instead of after duplicate detection (~2 s).
tl_veth() {
	local nsa=$1 deva=$2 nsb=$3 devb=$4 a

	shift 4
	tl_ns_ours "$nsa" && tl_ns_ours "$nsb" || return 1
	for a in "$@"; do
		tl_ns_addr_ok "$a" || return 1
	done
	ip -n "$nsa" link add "$deva" type veth peer name "$devb" netns "$nsb" || return 1
	while [ $# -ge 2 ]; do
		tl_ns_addr "$nsa" "$deva" "$1" && tl_ns_addr "$nsb" "$devb" "$2" || return 1
		shift 2
	done
	ip -n "$nsa" link set "$deva" up && ip -n "$nsb" link set "$devb" up
}

tl_ns_addr() {	# NS DEV ADDR
	case $3 in
	*:*) ip -n "$1" addr add "$3" dev "$2" nodad ;;
	*) ip -n "$1" addr add "$3" dev "$2" ;;
	esac
}

# tl_track PID [SIGNAL]: the teardown ends PID with SIGNAL (default KILL), KILL after 5 s.
tl_track() {
	TL_PIDS+=("$1")
	TL_PID_SIG[$1]=${2:-KILL}
}

tl_forget() {
	local i

	for i in "${!TL_PIDS[@]}"; do
		[ "${TL_PIDS[$i]}" = "$1" ] && unset 'TL_PIDS[i]'
	done
	unset 'TL_PID_SIG[$1]'
}

tl_alive() {
	local state

	[ -r "/proc/$1/stat" ] || return 1
	# A child that exited but was not waited for yet is a zombie: not alive.
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

# tl_wait_line PID FILE REGEX [TIMEOUT_S]: waits until FILE has a line matching REGEX (ERE);
# fails early if PID died first, or after the timeout (default 10 s).
tl_wait_line() {
	local pid=$1 file=$2 re=$3 tenths=$(((${4:-10}) * 10))

	while [ "$tenths" -gt 0 ]; do
		grep -qE -- "$re" "$file" 2>/dev/null && return 0
		tl_alive "$pid" || { grep -qE -- "$re" "$file" 2>/dev/null; return; }
		sleep 0.1
		tenths=$((tenths - 1))
	done
	return 1
}

# tl_teardown: the script's hook, then every tracked process by its signal, then the
# namespaces (which takes their veths with them), then the scratch directory. Idempotent:
# the INT/TERM traps run it and exit, and the EXIT trap runs it again.
tl_teardown() {
	local pid ns tenths

	[ -n "$TL_TEARDOWN_HOOK" ] && "$TL_TEARDOWN_HOOK"
	TL_TEARDOWN_HOOK=""
	for pid in "${TL_PIDS[@]}"; do
		kill -"${TL_PID_SIG[$pid]:-KILL}" "$pid" 2>/dev/null
	done
	{
		for pid in "${TL_PIDS[@]}"; do
			tenths=50
			while tl_alive "$pid" && [ "$tenths" -gt 0 ]; do
				sleep 0.1
				tenths=$((tenths - 1))
			done
			kill -KILL "$pid" 2>/dev/null
			wait "$pid"
		done
	} 2>/dev/null
	TL_PIDS=()
	TL_PID_SIG=()
	for ns in "${TL_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	TL_NETNS=()
	# TL_KEEP=1 keeps the outputs of the tools for a look after a failure.
	if [ -n "$TL_TMP" ] && [ "${TL_KEEP:-0}" = 1 ]; then
		echo "# outputs kept in $TL_TMP"
	elif [ -n "$TL_TMP" ]; then
		rm -rf "$TL_TMP"
	fi
	TL_TMP=""
}
