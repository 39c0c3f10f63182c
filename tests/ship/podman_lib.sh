# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
# A real podman for the tests, with nothing from a registry: a busybox image imported from a
# root file system made of Debian's busybox-static, a network of this run in 198.19.0.0/16
# (inside 198.18.0.0/15), containers named for this run, and a teardown that removes every
# container, network and image this run made (and only those) on every exit path.
#
# Source after lib.sh; call pm_init, then pm_image/pm_network/pm_run; TL_TEARDOWN_HOOK is set.

# Debian's podman 4.3 with crun refuses this VM's hybrid cgroup layout: runc works. The
# default container rlimits exceed the VM's.
PM=(podman --runtime runc)
PM_LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
PM_CONTAINERS=()
PM_NETWORKS=()
PM_IMAGES=()
PM_SERVICE=""	# podman system service PID, if started

pm_teardown() {
	local c

	for c in "${PM_CONTAINERS[@]}"; do
		podman rm -f -t 0 "$c" >/dev/null 2>&1
	done
	for c in "${PM_NETWORKS[@]}"; do
		podman network rm -f "$c" >/dev/null 2>&1
	done
	for c in "${PM_IMAGES[@]}"; do
		podman rmi -f "$c" >/dev/null 2>&1
	done
	PM_CONTAINERS=() PM_NETWORKS=() PM_IMAGES=()
}

# pm_init: root, podman and its helpers installed (else installed now), the teardown armed.
pm_init() {
	[ "$(id -u)" = 0 ] || tl_skip_all "needs root (podman's networks, BPF)"
	ship_need podman runc iptables busybox nsenter ip
	[ -x /bin/busybox ] || tl_skip_all "/bin/busybox missing (busybox-static)"
	tl_ns_tmp
	tl_ns_trap
	TL_TEARDOWN_HOOK=pm_teardown
}

# pm_image NAME [EXTRA_DIR]: imports a busybox root file system (plus EXTRA_DIR's files) as
# localhost/NAME:test.
pm_image() {
	local root=$TL_TMP/rootfs-$1 a

	mkdir -p "$root/bin" "$root/www" "$root/tmp"
	cp /bin/busybox "$root/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
	done
	echo "tcplens in a container" >"$root/www/index.html"
	head -c 200000 /dev/urandom >"$root/www/big.bin"
	[ -n "${2:-}" ] && cp -a "$2/." "$root/"
	tar -C "$root" -cf "$TL_TMP/$1.tar" . || return 1
	PM_IMAGES+=("localhost/$1:test")
	podman import "$TL_TMP/$1.tar" "localhost/$1:test" >/dev/null 2>"$TL_TMP/import.err" ||
		{ tl_show "$TL_TMP/import.err"; return 1; }
}

# pm_network NAME: a bridge network on a free 198.19.N.0/24; PM_SUBNET gets 198.19.N.
pm_network() {
	local n try

	for try in 1 2 3 4 5 6 7 8; do
		n=$((RANDOM % 250 + 2))
		if podman network create --subnet "198.19.$n.0/24" "$1" >/dev/null 2>&1; then
			PM_NETWORKS+=("$1")
			PM_SUBNET=198.19.$n
			return 0
		fi
	done
	return 1
}

# pm_run NAME ARGS...: podman run -d --name NAME with the limits; remembered for teardown.
pm_run() {
	local name=$1

	shift
	PM_CONTAINERS+=("$name")
	"${PM[@]}" run -d --name "$name" "${PM_LIMITS[@]}" "$@" >/dev/null
}

pm_create() {
	local name=$1

	shift
	PM_CONTAINERS+=("$name")
	"${PM[@]}" create --name "$name" "${PM_LIMITS[@]}" "$@" >/dev/null
}

pm_pid() {
	podman inspect --format '{{.State.Pid}}' "$1"
}

pm_ip() {
	podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"
}

# pm_wait_http URL: the server answers (a container's httpd takes a moment).
pm_wait_http() {
	local i

	for i in $(seq 50); do
		curl -s -m 1 -o /dev/null "$1" && return 0
		sleep 0.1
	done
	return 1
}
