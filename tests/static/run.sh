#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Static checks of the user-space code: cppcheck and clang-tidy (Debian's) at the checks below
# with zero findings, and clang-format --dry-run over the tree against the root .clang-format.
# Prints "static: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."

JOBS=${STATIC_JOBS:-2}
# The Makefile owns the list of user sources and the include path.
mk() { make -s --no-print-directory "print-$1"; }
read -r -a SRCS <<<"$(mk USER_SRCS)"
INC=$(mk INC_FLAGS)
STD=$(mk STD_FLAGS)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# clang-tidy: the analyzer, bugprone and CERT families, minus checks that flag this tree's
# deliberate idioms rather than defects:
#   bugprone-easily-swappable-parameters   style opinion about every (a, b) of one type
#   bugprone-reserved-identifier, cert-dcl37-c, cert-dcl51-cpp
#                                          __v in parse.h's statement-expression macros
#   bugprone-implicit-widening-of-multiplication-result
#                                          u32 products used as offsets into fixed buffers
#                                          bounded far below 4 GiB (TL_RECORD_MAX, 1 MiB out)
#   bugprone-narrowing-conversions         gcc and clang define the modulo conversion; the
#                                          tree's -Wall -Wextra build is the judge of those
#   bugprone-suspicious-string-compare     if (!strcmp(a, b)): kernel style
#   bugprone-not-null-terminated-result    memcpy into output lines, which are byte counts,
#                                          not C strings
#   cert-err33-c                           unchecked fputs/fprintf to stderr: nothing to do
#                                          if the message cannot be written; stdout output
#                                          goes through tl_out, which checks every write
#   clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
#                                          wants C11 Annex K (memcpy_s), which glibc lacks
CHECKS='-*,clang-analyzer-*,bugprone-*,cert-*'
CHECKS+=',-bugprone-easily-swappable-parameters'
CHECKS+=',-bugprone-reserved-identifier,-cert-dcl37-c,-cert-dcl51-cpp'
CHECKS+=',-bugprone-implicit-widening-of-multiplication-result'
CHECKS+=',-bugprone-narrowing-conversions'
CHECKS+=',-bugprone-suspicious-string-compare'
CHECKS+=',-bugprone-not-null-terminated-result'
CHECKS+=',-cert-err33-c'
CHECKS+=',-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'

# cppcheck: warnings, portability and performance (style is left to review and clang-format).
# LIBBPF_OPTS is a macro from <bpf/libbpf_common.h> that cppcheck cannot see through.
CPPCHECK_DEFS=('-DLIBBPF_OPTS(TYPE,NAME,...)=struct TYPE NAME = {__VA_ARGS__}')

if [ ${#SRCS[@]} -eq 0 ]; then
	bad "no user sources from make print-USER_SRCS"
	echo "static: $pass passed, $fail failed"
	exit 1
fi

# main.c and capture/kevents.c include the generated skeletons.
make --no-print-directory build/tcplens.skel.h build/events.skel.h >/dev/null 2>&1

if ! command -v cppcheck >/dev/null; then
	bad "cppcheck not installed (make deps)"
else
	out=$(cppcheck -q --std=c11 --enable=warning,portability,performance \
		--suppress=missingIncludeSystem $INC "${CPPCHECK_DEFS[@]}" -D__x86_64__ \
		-j "$JOBS" --template='{file}:{line}: {severity}: {message} [{id}]' "${SRCS[@]}" 2>&1)
	if [ -z "$out" ]; then
		ok "cppcheck over user/*.c: no finding"
	else
		bad "cppcheck over user/*.c: $(printf '%s\n' "$out" | grep -c ': ') findings"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
fi

if ! command -v clang-tidy >/dev/null; then
	bad "clang-tidy not installed (make deps)"
else
	# Findings only in the project's own files: the generated skeleton is not reviewed here.
	# shellcheck disable=SC2016
	out=$(printf '%s\n' "${SRCS[@]}" | CHECKS=$CHECKS FLAGS="$STD $INC" xargs -P "$JOBS" -n 4 sh -c \
		'clang-tidy --quiet -checks="$CHECKS" "$@" -- $FLAGS 2>/dev/null' _ |
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sed "s|^$PWD/||" |
		grep -E '^(user|bpf|include)/' | sort -u)
	if [ -z "$out" ]; then
		ok "clang-tidy over user/*.c: no finding"
	else
		bad "clang-tidy over user/*.c: $(printf '%s\n' "$out" | grep -c '') findings"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
fi

if ! command -v clang-format >/dev/null; then
	bad "clang-format not installed (make deps)"
else
	unformatted=()
	while read -r f; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
	done < <(git ls-files -co --exclude-standard -- '*.c' '*.h' | grep -v '^vmlinux/' | sort)
	if [ ${#unformatted[@]} -eq 0 ]; then
		ok "clang-format: the tree matches .clang-format"
	else
		bad "clang-format: ${#unformatted[@]} files differ from .clang-format" \
		    "(clang-format -i FILE; see the diff with clang-format FILE | diff FILE -)"
		printf '    %s\n' "${unformatted[@]}"
	fi
fi

echo "static: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
