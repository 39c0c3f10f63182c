#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make deb: the package builds with dpkg-buildpackage, lintian reports no error, it holds the
# binary, man page, catalog, completion, README and copyright; unpacked with dpkg -x into a
# private root, its binary runs from there: --version, -r on a corpus capture (the same lines
# as build/tcplens), --lang ja --explain with the catalog where the package put it (and
# English once that catalog is gone). A build without a build dependency names it.
# Prints "deb: N passed, N failed".
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
ship_need dpkg-buildpackage dh lintian dpkg-checkbuilddeps man groff
tl_ns_prefix tldeb 12
tl_ns_tmp
tl_ns_trap
cd "$TL_ROOT" || exit 1
CAP=tests/captures/http-get.pcap

start=$SECONDS
if make -s --no-print-directory deb >"$TL_TMP/deb.out" 2>&1; then
	tl_pass "make deb ($((SECONDS - start)) s)"
else
	tl_fail "make deb"
	ship_show "$TL_TMP/deb.out" 30
	tl_done
fi
version=$(dpkg-parsechangelog -S Version)
deb=$(ls build/deb/tcplens_"$version"_*.deb 2>/dev/null)
tl_check "build/deb/tcplens_${version}_ARCH.deb exists" test -f "$deb"
tl_check "debian/changelog's version is tcplens --version's ($version)" \
	grep -q "^tcplens $version " <("$TL_BIN" --version)
errors=$(grep -c '^E: ' build/deb/lintian.txt)
tl_check "lintian: no error ($errors; $(grep -c '^W: ' build/deb/lintian.txt) warnings)" \
	test "$errors" = 0
sed 's/^/# lintian: /' build/deb/lintian.txt

dpkg -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$TL_TMP/contents"
for f in /usr/sbin/tcplens /usr/share/man/man8/tcplens.8.gz \
	/usr/share/locale/ja/LC_MESSAGES/tcplens.mo /usr/share/bash-completion/completions/tcplens \
	/usr/share/doc/tcplens/README.md.gz /usr/share/doc/tcplens/copyright; do
	tl_check "the package holds $f" grep -qx "$f" "$TL_TMP/contents"
done
tl_check "nothing under /usr/local" test "$(grep -c '^/usr/local' "$TL_TMP/contents")" = 0
tl_check "Depends names libbpf and libpcap" \
	grep -Eq '^ Depends:.*libbpf.*libpcap' <(dpkg -I "$deb")

# The unpacked package, run from where it was unpacked.
ROOT=$TL_TMP/root
dpkg -x "$deb" "$ROOT"
BIN=$ROOT/usr/sbin/tcplens
tl_check "unpacked: --version" grep -q "^tcplens $version " <("$BIN" --version)
"$TL_BIN" -r "$CAP" -S >"$TL_TMP/want.r" 2>/dev/null
"$BIN" -r "$CAP" -S >"$TL_TMP/got.r" 2>"$TL_TMP/got.r.err"
if [ -s "$TL_TMP/want.r" ] && cmp -s "$TL_TMP/want.r" "$TL_TMP/got.r"; then
	tl_pass "unpacked: -r $CAP prints what build/tcplens prints ($(wc -l <"$TL_TMP/got.r") lines)"
else
	tl_fail "unpacked: -r $CAP differs from build/tcplens"
	diff "$TL_TMP/want.r" "$TL_TMP/got.r" | head | sed 's/^/#   /'
	ship_show "$TL_TMP/got.r.err"
fi
# The golden Japanese text of tests/explain: only the package's catalog can give it here.
env -u TCPLENS_LOCALEDIR TZ=UTC "$BIN" -r "$CAP" -n --no-bpf --explain --lang ja \
	>"$TL_TMP/ja.out" 2>/dev/null
if cmp -s tests/explain/http-get.ja.out "$TL_TMP/ja.out"; then
	tl_pass "unpacked: --lang ja --explain finds the catalog in usr/share/locale"
else
	tl_fail "unpacked: --lang ja --explain is not tests/explain/http-get.ja.out"
	diff tests/explain/http-get.ja.out "$TL_TMP/ja.out" | head -n 6 | sed 's/^/#   /'
fi
mv "$ROOT/usr/share/locale" "$ROOT/usr/share/locale.away"
env -u TCPLENS_LOCALEDIR TZ=UTC "$BIN" -r "$CAP" -n --no-bpf --explain --lang ja \
	>"$TL_TMP/ja-none.out" 2>/dev/null
tl_check "without the package's catalog the explanations are English" \
	grep -q '| handshake 1/3' "$TL_TMP/ja-none.out"
mv "$ROOT/usr/share/locale.away" "$ROOT/usr/share/locale"
zcat "$ROOT/usr/share/man/man8/tcplens.8.gz" >"$TL_TMP/tcplens.8"
tl_check "the package's man page lists exactly --help's options" /usr/bin/python3 -c '
import subprocess, sys
sys.path.insert(0, sys.argv[3] + "/tests/ship"); sys.path.insert(0, sys.argv[3] + "/scripts")
import man
h = subprocess.run([sys.argv[1], "--help"], capture_output=True, text=True).stdout
missing, extra = man.compare(h, open(sys.argv[2]).read())
sys.exit(1 if missing or extra or not man.man_options(open(sys.argv[2]).read()) else 0)
' "$BIN" "$TL_TMP/tcplens.8" "$TL_ROOT"
tl_check "man renders the package's page" grep -q -- '--container' \
	<(MANWIDTH=80 man -l "$ROOT/usr/share/man/man8/tcplens.8.gz" 2>/dev/null)
tl_check "the package's completion completes options" bash -c '
. "$1"; COMP_WORDS=("$2" --con); COMP_CWORD=1; _tcplens; [ "${COMPREPLY[*]}" = --container ]
' _ "$ROOT/usr/share/bash-completion/completions/tcplens" "$BIN"

# Without a build dependency the build names it: a Build-Depends no machine has.
mkdir -p "$TL_TMP/nodeps/scripts"
cp -r debian "$TL_TMP/nodeps/"
cp scripts/deb.sh "$TL_TMP/nodeps/scripts/"
sed -i "s/^Build-Depends: /Build-Depends: ${TL_PFX}-missing-dev, /" "$TL_TMP/nodeps/debian/control"
(cd "$TL_TMP/nodeps" && GIT_DIR=/nonexistent scripts/deb.sh) >"$TL_TMP/nodeps.out" 2>&1
rc=$?
tl_check "a missing build dependency: exit 1, one line naming it" test "$rc" = 1 -a \
	"$(grep -c "missing build dependencies: ${TL_PFX}-missing-dev " "$TL_TMP/nodeps.out")" = 1 \
	-a "$(wc -l <"$TL_TMP/nodeps.out")" = 1
ship_show "$TL_TMP/nodeps.out" 3
tl_done
