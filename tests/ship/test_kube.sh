#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# deploy/kubernetes without a cluster (none runs here): kube.py checks the manifests against
# the Kubernetes API's models; then the DaemonSet's container, exactly as the manifest says
# (command, arguments, capabilities, security settings, memory limit, hostPath mounts; made
# into a podman command line by kube.py), runs the image under podman. The node is a private
# network namespace of this run with a "pod" behind a veth (the host's own interfaces are
# never traced); HTTP to the pod must come out as JSON Lines on standard output, and with the
# pcapng overlay also as a pcapng file on the hostPath that reads back to the same segments.
# Prints "kube: N passed, N failed".
set -u
SHIP_SUITE=kube
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=podman_lib.sh
. "$(dirname "$0")/podman_lib.sh"

PY=/usr/bin/python3
tl_ns_prefix tlk 9
pm_init
ship_need "$PY" busybox
"$PY" -c 'import yaml, kubernetes' 2>/dev/null || {
	"$TL_ROOT/scripts/deps.sh" ship >/dev/null 2>&1
	"$PY" -c 'import yaml, kubernetes' 2>/dev/null ||
		tl_skip_all "python3-yaml and python3-kubernetes are not installed (scripts/deps.sh ship)"
}

# The manifests, offline.
if "$PY" "$TL_ROOT/tests/ship/kube.py" >"$TL_TMP/kube.out" 2>&1; then
	tl_pass "kube.py: $(tail -n 1 "$TL_TMP/kube.out")"
else
	tl_fail "kube.py: $(tail -n 1 "$TL_TMP/kube.out")"
	grep -v '^PASS' "$TL_TMP/kube.out" | sed 's/^/#   /'
fi

TL_IMAGE=localhost/$TL_PFX-tcplens:test
PM_IMAGES+=("$TL_IMAGE")
IMAGE=$TL_IMAGE "$TL_ROOT/scripts/image.sh" >"$TL_TMP/image.out" 2>&1 ||
	{ tl_fail "make image"; ship_show "$TL_TMP/image.out"; tl_done; }

# The node and one pod on it.
NODE=${TL_PFX}N
POD=${TL_PFX}P
N=$((RANDOM % 250 + 1))
tl_netns_add "$NODE" && tl_netns_add "$POD" || tl_skip_all "cannot create namespaces"
tl_veth "$NODE" "${TL_PFX}v" "$POD" eth0 "198.18.$N.1/24" "198.18.$N.2/24" ||
	tl_skip_all "cannot create the pod's veth"
mkdir -p "$TL_TMP/www"
head -c 100000 /dev/urandom >"$TL_TMP/www/big.bin"
tl_bg httpd ip netns exec "$POD" busybox httpd -f -p 8000 -h "$TL_TMP/www"
URL=http://198.18.$N.2:8000/big.bin
for _ in $(seq 50); do
	ip netns exec "$NODE" curl -s -m 1 -o /dev/null "$URL" && break
	sleep 0.1
done

# daemonset TAG OVERLAY: runs the overlay's DaemonSet container, one HTTP GET, stops it.
daemonset() {
	local tag=$1 overlay=$2 args pid

	mapfile -t args < <("$PY" "$TL_ROOT/tests/ship/kube.py" --podman-args "$overlay" \
		"$TL_IMAGE" "/run/netns/$NODE" "$TL_TMP/host-$tag" | "$PY" -c '
import json, sys
print("\n".join(json.load(sys.stdin)))')
	echo "# podman run ${args[*]}"
	PM_CONTAINERS+=("${TL_PFX}$tag")
	tl_bg "$tag" "${PM[@]}" run --rm --name "${TL_PFX}$tag" "${PM_LIMITS[@]}" "${args[@]}"
	pid=$TL_LAST_PID
	if ! tl_wait_line "$pid" "$TL_TMP/$tag.err" "listening on" 20; then
		tl_fail "$tag: the DaemonSet's container did not start"
		ship_show "$TL_TMP/$tag.err"
		return 1
	fi
	tl_pass "$tag: started ($(grep -c ': tcx' "$TL_TMP/$tag.err") interfaces of the node)"
	ip netns exec "$NODE" curl -s -m 5 -o "$TL_TMP/got.bin" "$URL"
	tl_check "$tag: HTTP GET to the pod" cmp -s "$TL_TMP/got.bin" "$TL_TMP/www/big.bin"
	sleep 0.5
	tl_stop "$pid" TERM 10
	tl_check "$tag: ended on SIGTERM (what the kubelet sends), exit 0" test "$TL_RC" = 0
	"$PY" - "$TL_TMP/$tag.out" "198.18.$N.2" "${TL_PFX}v" >"$TL_TMP/$tag.check" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
segs = [o for o in objs if "summary" not in o]
syn = [o for o in segs if o["dst"] == sys.argv[2] and o["dport"] == 8000 and o["flags"] == "S"]
ok = (objs and "summary" in objs[-1] and syn and syn[0]["interface"] == sys.argv[3]
      and syn[0]["direction"] == "out")
print(len(segs), "segments;", "SYN on", syn[0]["interface"] if syn else None)
sys.exit(0 if ok else 1)
PY
	tl_check "$tag: JSON Lines on stdout, the SYN to the pod on the node's veth, a summary" \
		test $? = 0
	sed 's/^/#   /' "$TL_TMP/$tag.check"
}

daemonset base base
# Why the manifest turns the seccomp filter off: podman's default profile here allows bpf()
# only with CAP_SYS_ADMIN, and tcplens says so in one line.
mapfile -t args < <("$PY" "$TL_ROOT/tests/ship/kube.py" --podman-args base "$TL_IMAGE" \
	"/run/netns/$NODE" "$TL_TMP/host-x" | "$PY" -c '
import json, sys
a = json.load(sys.stdin)
i = a.index("seccomp=unconfined")
print("\n".join(a[:i - 1] + a[i + 1:]))')
PM_CONTAINERS+=("${TL_PFX}sec")
"${PM[@]}" run --rm --name "${TL_PFX}sec" "${PM_LIMITS[@]}" "${args[@]}" >/dev/null \
	2>"$TL_TMP/sec.err"
rc=$?
tl_check "under the runtime's default seccomp profile: exit 1, one line naming it ($(cat "$TL_TMP/sec.err"))" \
	test "$rc" = 1 -a "$(grep -c '' "$TL_TMP/sec.err")" = 1 -a "$(grep -c seccomp "$TL_TMP/sec.err")" = 1
daemonset pcapng pcapng
f=$TL_TMP/host-pcapng/var/log/tcplens/trace.pcapng0
tl_check "pcapng: the hostPath holds trace.pcapng0" test -s "$f"
json=$(grep -vc '"summary"' "$TL_TMP/pcapng.out")
read_back=$("$TL_BIN" -r "$f" --no-bpf 2>/dev/null | grep -c ' IP ')
tl_check "pcapng: the file reads back to as many segments as the JSON lines ($json, $read_back)" \
	test "$json" -gt 0 -a "$json" = "$read_back"
tl_done
