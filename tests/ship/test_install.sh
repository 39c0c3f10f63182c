#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make install DESTDIR=... PREFIX=/usr: the binary, the man page, the catalog and the bash
# completion land where the package puts them, and the installed binary finds its catalog
# relative to itself. Prints "install: N passed, N failed".
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
tl_ns_tmp
tl_ns_trap
cd "$TL_ROOT" || exit 1
D=$TL_TMP/dest
if make -s --no-print-directory install DESTDIR="$D" PREFIX=/usr >"$TL_TMP/out" 2>&1; then
	tl_pass "make install DESTDIR=... PREFIX=/usr"
else
	tl_fail "make install"
	ship_show "$TL_TMP/out"
fi
tl_check "sbin/tcplens, mode 755" test "$(stat -c %a "$D/usr/sbin/tcplens" 2>/dev/null)" = 755
tl_check "share/man/man8/tcplens.8" grep -q '^\.TH TCPLENS 8' "$D/usr/share/man/man8/tcplens.8"
tl_check "share/locale/ja/LC_MESSAGES/tcplens.mo" test -s "$D/usr/share/locale/ja/LC_MESSAGES/tcplens.mo"
tl_check "share/bash-completion/completions/tcplens" \
	cmp -s completion/tcplens.bash "$D/usr/share/bash-completion/completions/tcplens"
env -u TCPLENS_LOCALEDIR TZ=UTC "$D/usr/sbin/tcplens" -r tests/captures/http-get.pcap -n --no-bpf \
	--explain --lang ja >"$TL_TMP/ja" 2>/dev/null
tl_check "the installed binary finds the installed catalog" \
	cmp -s tests/explain/http-get.ja.out "$TL_TMP/ja"
make -s --no-print-directory install DESTDIR="$TL_TMP/local" >/dev/null 2>&1
tl_check "PREFIX defaults to /usr/local" test -x "$TL_TMP/local/usr/local/sbin/tcplens" -a \
	-s "$TL_TMP/local/usr/local/share/man/man8/tcplens.8"
tl_done
