#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages tcplens needs, when missing: "scripts/deps.sh" for building
# and the demo, "scripts/deps.sh test" for the test suite too (oracles, fuzzer runtime,
# static checkers).
set -e
PKGS="make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev libpcap-dev bpftool
      tcpdump iproute2 curl python3 gettext"
if [ "${1:-}" = test ]; then
	PKGS="$PKGS tshark jq libclang-rt-14-dev clang-tidy clang-format cppcheck valgrind
	      util-linux procps nftables"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tcplens: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "tcplens: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
