#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds build/tests/test_filter from the objects the Makefile makes (until it has a rule).
set -e
cd "$(dirname "$0")/../.."
make --no-print-directory build/user/capture/filter.o build/user/log.o >/dev/null
mkdir -p build/tests
gcc -O2 -g -std=gnu11 -Wall -Wextra -Werror -Iinclude -Ibpf -Iuser -Ibuild -Itests/unit \
	-o build/tests/test_filter tests/filter/test_filter.c build/user/capture/filter.o build/user/log.o \
	-lbpf -lelf -lz -lpcap
