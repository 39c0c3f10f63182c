# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# What the tests of tests/ship/ share on top of tests/live/lib.sh: their own suite name on the
# closing line, and tools installed when missing (scripts/deps.sh ship), so a missing podman
# or lintian is installed rather than skipped; a skip remains only where installing fails,
# and under CI=true that is a failure.
# shellcheck source=../live/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../live/lib.sh"

SHIP_SUITE=${SHIP_SUITE:-$(basename "$0" .sh | sed "s/^test_//")}

tl_done() {
	echo "$SHIP_SUITE: $TL_PASS passed, $TL_FAIL failed"
	[ "$TL_FAIL" -eq 0 ]
	exit
}

# ship_need CMD...: each command on PATH, installing the ship packages once if one is not.
ship_need() {
	local c missing=""

	for c in "$@"; do
		command -v "$c" >/dev/null || missing="$missing $c"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ]; then
		echo "# installing what provides$missing (scripts/deps.sh ship)"
		"$TL_ROOT/scripts/deps.sh" ship >/dev/null || true
	fi
	for c in "$@"; do
		command -v "$c" >/dev/null || tl_skip_all "$c is not installed (scripts/deps.sh ship)"
	done
}

# ship_show FILE [N]: its last N lines (default 15) under a failure.
ship_show() {
	[ -s "$1" ] && tail -n "${2:-15}" "$1" | sed 's/^/#   /'
	return 0
}
