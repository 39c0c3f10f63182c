#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages tcplens needs, when missing: "scripts/deps.sh" for building
# and the demo, "scripts/deps.sh test" for the test suite too (oracles, fuzzer runtime,
# static checkers, and what "ship" needs), "scripts/deps.sh ship" for the tests of the
# package, the man page, the container image and the Kubernetes manifest (tests/ship/),
# "scripts/deps.sh bench" for the benchmark's real-TCP points (iperf3, ethtool for the
# offload setups).
set -e
PKGS="make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev libpcap-dev bpftool
      tcpdump iproute2 curl python3 gettext"
# Debian's packaging tools, podman with runc (crun refuses this VM's cgroup layout) and the
# iptables netavark needs, busybox-static for a test image made without a registry, and the
# Kubernetes API models the manifest is checked against.
SHIP="dpkg-dev debhelper lintian groff-base man-db podman runc iptables busybox-static
      python3-yaml python3-kubernetes"
if [ "${1:-}" = test ]; then
	PKGS="$PKGS tshark jq libclang-rt-14-dev clang-tidy clang-format cppcheck valgrind
	      util-linux procps nftables $SHIP"
elif [ "${1:-}" = ship ]; then
	PKGS="$PKGS $SHIP"
fi
if [ "${1:-}" = bench ]; then
	PKGS="$PKGS iperf3 ethtool util-linux"
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
