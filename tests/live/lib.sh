# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness for the live tests: private namespaces joined by a veth pair, background processes
# waited on by their stderr, PASS/FAIL counting, and a teardown that runs on every exit path.
#
# Source it from a bash test after setting nothing; then call tl_live_init, tl_make_pair,
# the helpers below, and finally tl_done. Addresses come only from 198.18.0.0/15 and
# fd00:198::/64; every name carries a per-run random prefix.

TL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TL_BIN=${TL_BIN:-$TL_ROOT/build/tcplens}
# Namespaces, veths, PIDs, waiting and teardown: the helper all netns scripts share.
# shellcheck source=tests/lib/netns.sh
. "$TL_ROOT/tests/lib/netns.sh"
# Short enough that "${TL_PFX}a" still fits IFNAMSIZ (15 characters).
tl_ns_prefix tl 11
TL_PASS=0
TL_FAIL=0

tl_log() { echo "# $*"; }

tl_pass() {
	TL_PASS=$((TL_PASS + 1))
	echo "PASS: $*"
}

tl_fail() {
	TL_FAIL=$((TL_FAIL + 1))
	echo "FAIL: $*"
}

# tl_check DESC CMD...: PASS when CMD succeeds.
tl_check() {
	local desc=$1

	shift
	if "$@"; then
		tl_pass "$desc"
	else
		tl_fail "$desc"
	fi
}

tl_done() {
	echo "live: $TL_PASS passed, $TL_FAIL failed"
	[ "$TL_FAIL" -eq 0 ]
	exit
}

# A missing privilege or tool: a skip, except under CI=true where it must not go unnoticed.
tl_skip_all() {
	if [ "${CI:-}" = true ]; then
		tl_fail "cannot run: $* (CI=true makes this a failure)"
	else
		echo "SKIP: $*"
	fi
	tl_done
}

# Checks privilege and tools, creates the temp dir and installs the teardown trap.
# Usage: tl_live_init TOOL...
tl_live_init() {
	local t

	[ "$(id -u)" = 0 ] || tl_skip_all "needs root (CAP_NET_ADMIN, CAP_BPF) for netns and BPF"
	for t in ip "$@"; do
		command -v "$t" >/dev/null || tl_skip_all "$t not installed (make deps)"
	done
	[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
	tl_ns_tmp
	tl_ns_trap
	tl_ns_probe || tl_skip_all "cannot create a network namespace (needs CAP_SYS_ADMIN)"
}

# tl_make_pair: namespaces $TL_NS_A (198.18.N.1, fd00:198::1) and $TL_NS_B (198.18.N.2,
# fd00:198::2) joined by $TL_VA <-> $TL_VB. N comes from the prefix so parallel runs differ,
# though the namespaces keep them apart anyway.
tl_make_pair() {
	local n=$((RANDOM % 250 + 1))

	TL_NS_A=${TL_PFX}A
	TL_NS_B=${TL_PFX}B
	TL_VA=${TL_PFX}a
	TL_VB=${TL_PFX}b
	TL_IP4_A=198.18.$n.1
	TL_IP4_B=198.18.$n.2
	TL_IP6_A=fd00:198::1
	TL_IP6_B=fd00:198::2
	tl_netns_add "$TL_NS_A" && tl_netns_add "$TL_NS_B" || return 1
	tl_veth "$TL_NS_A" "$TL_VA" "$TL_NS_B" "$TL_VB" "$TL_IP4_A/24" "$TL_IP4_B/24" \
		"$TL_IP6_A/64" "$TL_IP6_B/64"
}

# tl_bg NAME CMD...: runs CMD in the background, stdout to $TL_TMP/NAME.out and stderr to
# $TL_TMP/NAME.err; its PID is left in TL_LAST_PID. `ip netns exec` execs in place, so that
# PID is the command's own and signals reach it directly.
tl_bg() {
	local name=$1

	shift
	"$@" >"$TL_TMP/$name.out" 2>"$TL_TMP/$name.err" &
	TL_LAST_PID=$!
	tl_track "$TL_LAST_PID"
}

# tl_wait_exit PID [TIMEOUT_S]: waits for PID to end; its exit status ends up in TL_RC
# (-1 when it did not end in time, then it is killed).
tl_wait_exit() {
	local pid=$1 tenths=$(((${2:-10}) * 10))

	# stderr off meanwhile: bash reports a job that died of a signal ("Killed") as it reaps
	# it, which after kill -9 is what we asked for, not news.
	{
		while tl_alive "$pid" && [ "$tenths" -gt 0 ]; do
			sleep 0.1
			tenths=$((tenths - 1))
		done
		if tl_alive "$pid"; then
			kill -KILL "$pid"
			wait "$pid"
			TL_RC=-1
		else
			wait "$pid"
			TL_RC=$?
		fi
	} 2>/dev/null
	tl_forget "$pid"
	[ "$TL_RC" -ne -1 ]
}

# tl_stop PID SIGNAL [TIMEOUT_S]: sends SIGNAL and waits; exit status in TL_RC.
tl_stop() {
	kill -"$2" "$1" 2>/dev/null
	tl_wait_exit "$1" "${3:-10}"
}

# Prints a file indented under a failure, so the log shows what the tool said.
tl_show() {
	[ -s "$1" ] && sed 's/^/#   /' "$1" | head -n "${2:-20}"
	return 0
}

# tl_wait_listening DESC NAME PID [NAME PID]...: waits for each tool started by `tl_bg NAME`
# (tcpdump, tcplens) to print "listening on" on its stderr. A comparison must send no traffic
# before every capture is attached, or one side misses the first segments and the diff blames
# the wrong tool. When one does not start, FAILs, shows every tool's stderr (either may say
# why: a hook taken, a device gone) and kills them all by PID, so that none holds the hook or
# writes into the logs the next run reuses. Returns 1 then.
tl_wait_listening() {
	local desc=$1 args=("${@:2}") i j

	for ((i = 0; i < ${#args[@]}; i += 2)); do
		tl_wait_line "${args[i + 1]}" "$TL_TMP/${args[i]}.err" "listening on" 10 && continue
		tl_fail "$desc: ${args[i]} did not start (no 'listening on')"
		for ((j = 0; j < ${#args[@]}; j += 2)); do
			tl_log "${args[j]}.err:"
			tl_show "$TL_TMP/${args[j]}.err"
			tl_stop "${args[j + 1]}" KILL
		done
		return 1
	done
}

# An HTTP server in namespace A on port $1 serving index.html and $2 random bytes as big.bin
# (python3 http.server; -u so "Serving HTTP" arrives while we wait; --bind :: serves IPv4
# too). Sets SERVER to its PID; skips the suite if it does not start.
tl_http_server() {	# port, big-file bytes
	mkdir -p "$TL_TMP/www"
	echo '<html><body>tcplens</body></html>' >"$TL_TMP/www/index.html"
	head -c "$2" /dev/urandom >"$TL_TMP/www/big.bin"
	tl_bg server ip netns exec "$TL_NS_A" /usr/bin/python3 -u -m http.server "$1" --bind :: \
		--directory "$TL_TMP/www"
	SERVER=$TL_LAST_PID
	tl_wait_line "$SERVER" "$TL_TMP/server.out" "Serving HTTP" 10 || {
		tl_show "$TL_TMP/server.err"
		tl_skip_all "python3 http.server did not start"
	}
}

# tl_bpf_objs PID: "prog ID" and "link ID" of every BPF program and link PID holds, by fd.
tl_bpf_objs() {
	local f

	for f in /proc/"$1"/fdinfo/*; do
		case $(readlink "/proc/$1/fd/${f##*/}" 2>/dev/null) in
		anon_inode:bpf-prog) sed -n 's/^prog_id:[[:space:]]*/prog /p' "$f" ;;
		anon_inode:bpf_link) sed -n 's/^link_id:[[:space:]]*/link /p' "$f" ;;
		esac
	done | sort -u
}

# tl_bpf_gone OBJS: none of the programs and links listed exists any more (allowing the
# kernel a moment to free them after the last reference went).
tl_bpf_gone() {
	local kind id left

	for _ in $(seq 30); do
		left=0
		while read -r kind id; do
			bpftool "$kind" show id "$id" >/dev/null 2>&1 && left=$((left + 1))
		done <<<"$1"
		[ "$left" = 0 ] && return 0
		sleep 0.1
	done
	echo "#   still there: $left of: $(echo "$1" | paste -sd, -)"
	return 1
}

# Same lines as WANT, each as often, and in the same order among the lines of one direction
# (one "SRC > DST" pair), but for two neighbours swapped (see below). Across directions
# tcpdump's tap and the hook may interleave differently: they run at different points of the
# stack, often on different CPUs.
tl_same_lines() {	# want got
	/usr/bin/python3 - "$1" "$2" <<'PY'
import collections, sys

def by_dir(path):
    d = collections.defaultdict(list)
    for line in open(path):
        d[line.split(": ", 1)[0]].append(line)
    return d

# tcpdump's tap runs before tc ingress in the receive path: two segments handled at once on
# two CPUs can reach the two in opposite orders, and each order is right for its hook. Such a
# pair is adjacent in both lists; anything else must be in the same place.
def same(want, got):
    if len(want) != len(got):
        return False
    got = list(got)
    i = 0
    while i < len(want):
        if want[i] != got[i]:
            if i + 1 < len(want) and want[i] == got[i + 1] and want[i + 1] == got[i]:
                got[i], got[i + 1] = got[i + 1], got[i]
            else:
                return False
        i += 1
    return True

w, g = by_dir(sys.argv[1]), by_dir(sys.argv[2])
sys.exit(0 if w.keys() == g.keys() and all(same(w[k], g[k]) for k in w) else 1)
PY
}

# tl_time_order FILE: the time stamps (first field, HH:MM:SS.uuuuuu within one day, or -tt's
# fixed-width seconds) never go back. The key alone is compared: two lines stamped in the same
# microsecond (both ends of one veth often are) are in order whatever follows the stamp,
# which `sort -c` would compare as a tie-break. Prints the first pair out of order.
tl_time_order() {
	awk '/^$/ { next }
		# "" makes both strings: -tt stamps look numeric, and 16 digits exceed a double.
		n++ && ($1 "") < (prev "") {
			printf "#   line %d: %s\n#   after:   %s\n", NR, $0, pline
			bad = 1
			exit
		}
		{ prev = $1; pline = $0 }
		END { exit bad }' "$1"
}
