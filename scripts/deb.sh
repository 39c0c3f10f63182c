#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make deb: builds the Debian package with Debian's own tools (dpkg-buildpackage -b -us -uc)
# from a clean copy of the tree in build/deb/, so the work tree gets no debian/tcplens/ or
# ../*.deb. Ends with build/deb/tcplens_VERSION_ARCH.deb and lintian's report on it; exits
# non-zero on any lintian error. Missing build dependencies are named, not installed.
set -eu
cd "$(dirname "$0")/.."
OUT=build/deb

say() { echo "tcplens: $*" >&2; }

# The tools that read debian/ at all come first: without them nothing can say what else
# is missing.
missing=""
command -v dpkg-buildpackage >/dev/null || missing="$missing dpkg-dev"
command -v dh >/dev/null || missing="$missing debhelper"
command -v lintian >/dev/null || missing="$missing lintian"
if [ -n "$missing" ]; then
	say "missing Debian packages to build the package:$missing (apt-get install$missing)"
	exit 1
fi
# dpkg-checkbuilddeps reads Build-Depends: "Unmet build dependencies: clang llvm ...".
if ! unmet=$(dpkg-checkbuilddeps 2>&1); then
	unmet=$(printf '%s\n' "$unmet" | sed -n 's/.*Unmet build dependencies: //p' |
		sed -E 's/ *\([^)]*\)//g')
	say "missing build dependencies: $unmet (apt-get install $unmet, or make deps)"
	exit 1
fi

version=$(dpkg-parsechangelog -S Version)
src=$OUT/tcplens-$version
rm -rf "$OUT"
mkdir -p "$src"
# What git tracks, or without git everything but the build outputs.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - | tar -xf - -C "$src"
else
	tar --exclude='./build*' -cf - . | tar -xf - -C "$src"
fi
(cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -us -uc) >"$OUT/build.log" 2>&1 || {
	tail -n 30 "$OUT/build.log" >&2
	say "dpkg-buildpackage failed: the whole log is $OUT/build.log"
	exit 1
}
changes=$(ls "$OUT"/tcplens_"$version"_*.changes)
deb=$(ls "$OUT"/tcplens_"$version"_*.deb)
echo "built $deb"
# Lintian's verdict, kept for the test: E: lines are errors.
# (Its stderr only says that root runs it.)
lintian --info "$changes" >"$OUT/lintian.txt" 2>/dev/null || true
cat "$OUT/lintian.txt"
if grep -q '^E: ' "$OUT/lintian.txt"; then
	say "lintian reports errors (above)"
	exit 1
fi
echo "lintian: $(grep -c '^E: ' "$OUT/lintian.txt") errors, $(grep -c '^W: ' "$OUT/lintian.txt") warnings"
