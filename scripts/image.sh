#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make image: the tcplens container image from this tree, no registry. build/image/rootfs gets
# /usr/sbin/tcplens, every shared library it links (as ldd resolves them, the dynamic loader
# included), its message catalogs, and an /etc/passwd for -Z nobody; then podman builds the
# Containerfile FROM scratch there. IMAGE names the result (default localhost/tcplens:VERSION).
set -eu
cd "$(dirname "$0")/.."
command -v podman >/dev/null ||
	{ echo "tcplens: podman is not installed (apt-get install podman, or scripts/deps.sh ship)" >&2; exit 1; }
make -s --no-print-directory build/tcplens
version=$(build/tcplens --version | awk '{ print $2 }')
IMAGE=${IMAGE:-localhost/tcplens:$version}
R=build/image/rootfs
rm -rf build/image
mkdir -p "$R/usr/sbin" "$R/etc" "$R/tmp"
chmod 1777 "$R/tmp"
install -m 0755 build/tcplens "$R/usr/sbin/tcplens"
for lib in $(ldd build/tcplens | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
	mkdir -p "$R$(dirname "$lib")"
	cp -L "$lib" "$R$lib"
done
make -s --no-print-directory install-po DESTDIR="$PWD/$R" PREFIX=/usr >/dev/null
printf 'root:x:0:0:root:/:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n' >"$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
cp Containerfile build/image/
podman build --quiet -t "$IMAGE" -f build/image/Containerfile build/image >/dev/null
echo "built $IMAGE ($(du -sh "$R" | cut -f1) root file system)"
