#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion (completion/tcplens.bash) run as bash runs it: every option of --help,
# the values of --hook, --lang, --rings and -P, files after -r/-w/-F, users after -Z, and the
# interfaces of the namespace named before -i (ours, --netns NAME, --pid PID), checked in a
# private namespace with an interface of its own. Container names after --container are
# checked with a real podman in tests/ship/podman.sh. Prints "completion: N passed, N failed".
set -u
# shellcheck source=../live/lib.sh
. "$(dirname "$0")/../live/lib.sh"

tl_done() {
	echo "completion: $TL_PASS passed, $TL_FAIL failed"
	[ "$TL_FAIL" -eq 0 ]
	exit
}

[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
# shellcheck source=../../completion/tcplens.bash
. "$TL_ROOT/completion/tcplens.bash"

# comp WORD...: what the completion offers for the last word, one per line, sorted.
comp() {
	COMP_WORDS=("$TL_BIN" "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_tcplens
	printf '%s\n' "${COMPREPLY[@]}" | sort -u | sed '/^$/d'
}

# same DESC GOT WANT: the two lists, one word a line, are equal.
same() {
	if [ "$2" = "$3" ]; then
		tl_pass "$1"
	else
		tl_fail "$1"
		diff <(printf '%s\n' "$3") <(printf '%s\n' "$2") | sed 's/^/#   /' | head -n 12
	fi
}

has() {	# DESC LIST WORD...
	local desc=$1 list=$2 w

	shift 2
	for w in "$@"; do
		if ! grep -qx -- "$w" <<<"$list"; then
			tl_fail "$desc: no $w in: $(echo $list)"
			return
		fi
	done
	tl_pass "$desc"
}

complete -p tcplens >/dev/null 2>&1 && tl_pass "complete -F _tcplens tcplens is registered" ||
	tl_fail "no completion registered for tcplens"

# Every option --help names, through the man page generator's own --help parser.
want=$(/usr/bin/python3 -c '
import subprocess, sys
sys.path.insert(0, sys.argv[2])
import manpage
t = subprocess.run([sys.argv[1], "--help"], capture_output=True, text=True).stdout
print("\n".join(sorted({o for l, _ in manpage.help_entries(t) for o in manpage.option_names(l)})))
' "$TL_BIN" "$TL_ROOT/scripts" | sort -u)
same "'-' offers every option of --help ($(wc -l <<<"$want"))" "$(comp -)" "$want"
same "'--' offers every long option" "$(comp --)" "$(grep -- '^--' <<<"$want")"
same "'--co' offers --container" "$(comp --co)" "--container"
same "after -i lo, '--ho' offers --hook and --host-side" "$(comp -i lo --ho)" \
	"$(printf '%s\n' --hook --host-side)"
same "--hook values" "$(comp --hook '')" "$(printf '%s\n' auto tc tcx xdp xdp-generic | sort)"
same "--hook x" "$(comp -i lo --hook x)" "$(printf '%s\n' xdp xdp-generic)"
same "--lang values" "$(comp --lang '')" "$(printf '%s\n' en ja)"
same "--rings values" "$(comp --rings '')" "$(printf '%s\n' percpu shared)"
same "-P values" "$(comp -P '')" "$(printf '%s\n' micro nano)"
same "--time-stamp-precision n" "$(comp --time-stamp-precision n)" "nano"
same "a number after -c: nothing offered" "$(comp -c '')" ""
same "a word that is no option: nothing offered" "$(comp -i lo tc)" ""
cd "$TL_ROOT" || exit 1
same "-r completes files" "$(comp -r tests/captures/http-g)" "tests/captures/http-get.pcap"
same "-F completes files" "$(comp -F doc/tcplens.8)" "doc/tcplens.8.in"
has "-w completes directories" "$(comp -w tests/capt)" tests/captures
has "-Z completes users" "$(comp -Z roo)" root
has "-i completes our interfaces and any" "$(comp -i '')" lo any

# Interfaces of another namespace, by name and by a process inside it.
if [ "$(id -u)" != 0 ] || ! command -v nsenter >/dev/null; then
	tl_skip_all "namespace cases need root and nsenter"
fi
tl_ns_tmp
tl_ns_trap
tl_ns_probe || tl_skip_all "cannot create a network namespace"
NS=${TL_PFX}N
tl_netns_add "$NS" || tl_skip_all "cannot create namespace $NS"
ip -n "$NS" link add "${TL_PFX}x" type veth peer name "${TL_PFX}y" || tl_fail "veth in $NS"
has "--netns lists its namespaces" "$(comp --netns "$TL_PFX")" "$NS"
got=$(comp --netns "$NS" -i '')
same "--netns NS -i: its interfaces, not ours" "$got" "$(printf '%s\n' "${TL_PFX}x" "${TL_PFX}y" any lo | sort)"
got=$(comp -i lo --netns "$NS" -i "${TL_PFX}x")
same "--netns NS -i PREFIX" "$got" "${TL_PFX}x"
tl_bg holder ip netns exec "$NS" sleep 30
for _ in $(seq 50); do
	[ "$(readlink "/proc/$TL_LAST_PID/ns/net")" != "$(readlink /proc/self/ns/net)" ] && break
	sleep 0.1
done
same "--pid PID -i: the interfaces of its namespace" "$(comp --pid "$TL_LAST_PID" -i '')" \
	"$(printf '%s\n' "${TL_PFX}x" "${TL_PFX}y" any lo | sort)"
same "the last scope counts: --pid PID --netns NS" \
	"$(comp --pid 1 -i lo --netns "/run/netns/$NS" -i '')" \
	"$(printf '%s\n' "${TL_PFX}x" "${TL_PFX}y" any lo | sort)"
has "--pid completes process ids" "$(comp --pid "$TL_LAST_PID")" "$TL_LAST_PID"

tl_done
