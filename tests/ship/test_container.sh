#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --container with a real podman (Debian's) and an image made here without a registry:
# HTTP from the host to busybox httpd in a container, traced by name, and tcplens's lines
# the same as tcpdump's inside the container's namespace (inside and --host-side); found
# through podman's command, its API socket, and that socket spoken to as docker's; the
# container stopped while traced (one line, the other container still traced, then the end);
# and refusals with one line, exit 1, nothing attached: unknown name, not running, an ID
# prefix two containers share, runtimes not installed. containerd's ctr and crictl (and so
# --pod) are played by scripts answering in their formats with a real container's process.
# Prints "container: N passed, N failed".
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=podman_lib.sh
. "$(dirname "$0")/podman_lib.sh"

tl_ns_prefix tlc 9
pm_init
[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
command -v tcpdump >/dev/null || tl_skip_all "tcpdump not installed (make deps)"
# Not 80: there tcpdump decodes HTTP and appends text tcplens does not print (see README).
PORT=8000
IMG=$TL_PFX-bb
NET=$TL_PFX-net
A=${TL_PFX}a
B=${TL_PFX}b
pm_image "$IMG" || tl_skip_all "podman import failed: podman cannot run here"
pm_network "$NET" || { tl_fail "podman network create in 198.19.0.0/16"; tl_done; }
for c in "$A" "$B"; do
	if ! pm_run "$c" --network "$NET" "localhost/$IMG:test" httpd -f -p "$PORT" -h /www; then
		tl_fail "podman run $c"
		tl_done
	fi
done
IP_A=$(pm_ip "$A")
IP_B=$(pm_ip "$B")
tl_check "containers on $PM_SUBNET.0/24 ($IP_A, $IP_B)" \
	test "${IP_A%.*}" = "$PM_SUBNET" -a "${IP_B%.*}" = "$PM_SUBNET"
pm_wait_http "http://$IP_A:$PORT/" && pm_wait_http "http://$IP_B:$PORT/" ||
	{ tl_fail "busybox httpd answers"; tl_done; }

refused() {	# DESC PATTERN ARGS...: exit 1 and exactly one line matching PATTERN
	local desc=$1 pat=$2 rc

	shift 2
	timeout -s KILL 30 "$@" >"$TL_TMP/r.out" 2>"$TL_TMP/r.err" </dev/null
	rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l <"$TL_TMP/r.err")" = 1 ] &&
		grep -qE "^tcplens: $pat" "$TL_TMP/r.err"; then
		tl_pass "$desc ($(cat "$TL_TMP/r.err"))"
	else
		tl_fail "$desc: exit $rc, want 1 and one line matching '$pat'"
		tl_show "$TL_TMP/r.err"
	fi
}

started() {	# NAME PID FILE
	tl_wait_line "$2" "$3" "listening on" 10 && return 0
	tl_fail "$1: did not start"
	tl_show "$3"
	return 1
}

get() {	# URL: fetched whole (checked by size)
	curl -s -m 5 -o "$TL_TMP/got.bin" "$1" && test -s "$TL_TMP/got.bin"
}

# compare TAG NAME: tcplens's lines for NAME against tcpdump -i any inside its namespace.
compare() {
	local tag=$1 name=$2 want=$TL_TMP/want-$1 got=$TL_TMP/got-$1

	grep -o ' eth0 .*' "$TL_TMP/td-$tag.out" | sed 's/^ eth0  *//' >"$want"
	grep -o " eth0@$name .*" "$TL_TMP/tl-$tag.out" | sed "s/^ eth0@$name //" >"$got"
	if [ "$(wc -l <"$want")" -ge 10 ] && tl_same_lines "$want" "$got"; then
		tl_pass "$tag: tcplens's lines are tcpdump's inside $name ($(wc -l <"$want") lines)"
	else
		tl_fail "$tag: tcplens's lines differ from tcpdump's inside $name"
		diff "$want" "$got" | head -n 10 | sed 's/^/#   /'
	fi
}

# trace TAG COMMAND...: tcplens (COMMAND) and tcpdump inside A's namespace, three HTTP GETs
# to A; the lines compared.
trace() {
	local tag=$1 tl td

	shift
	tl_bg "tl-$tag" "$@"
	tl=$TL_LAST_PID
	tl_bg "td-$tag" nsenter -t "$(pm_pid "$A")" -n tcpdump -l -nn -S -i any tcp
	td=$TL_LAST_PID
	started "$tag" "$tl" "$TL_TMP/tl-$tag.err" || return 1
	tl_wait_line "$td" "$TL_TMP/td-$tag.err" "listening on" 10 || true
	sleep 0.3
	get "http://$IP_A:$PORT/" && get "http://$IP_A:$PORT/big.bin" && get "http://$IP_A:$PORT/" &&
		tl_pass "$tag: HTTP GETs from the host" || tl_fail "$tag: HTTP GETs from the host"
	sleep 0.5
	tl_stop "$td" INT 5
	tl_stop "$tl" INT 5
	tl_check "$tag: exit status 0" test "$TL_RC" = 0
	compare "$tag" "$A"
}

one() {	# TAG PATH NAME TCPLENS_ARGS...: one segment traced in B under the name NAME
	local tag=$1 path=$2 name=$3 pid

	shift 3
	tl_bg "$tag" env PATH="$path" "$TL_BIN" -n -l -c 1 "$@"
	pid=$TL_LAST_PID
	tl_wait_line "$pid" "$TL_TMP/$tag.err" "listening on" 10 && get "http://$IP_B:$PORT/"
	tl_wait_exit "$pid" 10
	if [ "$TL_RC" = 0 ] && grep -q "eth0@$name In  IP .* > $IP_B.$PORT: Flags \[S\]" \
		"$TL_TMP/$tag.out"; then
		tl_pass "$tag: traced $B as $name"
	else
		tl_fail "$tag: exit $TL_RC"
		tl_show "$TL_TMP/$tag.err"
	fi
}

# --- by name, through podman's command -----------------------------------------------------
TLC=("$TL_BIN" -n -l -S)
trace name "${TLC[@]}" --container "$A"
tl_check "name: attached inside $A, named for it" grep -q "^tcplens: eth0@$A: tcx" \
	"$TL_TMP/tl-name.err"
trace host "${TLC[@]}" --container "podman:$A" --host-side
tl_check "host: attached to the host end of $A's veth" \
	grep -q "^tcplens: eth0@$A: .* on its host end " "$TL_TMP/tl-host.err"
ID_A=$(podman inspect --format '{{.Id}}' "$A")
trace id "${TLC[@]}" --container "${ID_A:0:12}" -i eth0 -i lo

# --- podman's API socket, as podman and as docker -------------------------------------------
SOCK=$TL_TMP/podman.sock
tl_bg service podman system service --time=0 "unix://$SOCK"
for _ in $(seq 50); do
	[ -S "$SOCK" ] && break
	sleep 0.1
done
# PATH without podman: the socket is the only way to podman, as in the tcplens image.
CONTAINER_HOST="unix://$SOCK" one api /nonexistent "$B" --container "$B"
DOCKER_HOST="unix://$SOCK" one docker /nonexistent "$B" --container "docker:$B"
# Both runtimes list the same container: one container, not two.
tl_bg both env DOCKER_HOST="unix://$SOCK" "$TL_BIN" --container "$A" -c 1
both=$TL_LAST_PID
tl_wait_line "$both" "$TL_TMP/both.err" "listening on" 10 && get "http://$IP_A:$PORT/"
tl_wait_exit "$both" 10
tl_check "podman's command and its docker-compatible socket: one container" \
	test "$TL_RC" = 0

# --- containerd's tools, played by scripts that answer in their formats with B's real
# process: the parsing and the path to the namespace, not a real containerd (none here) ---
PID_B=$(pm_pid "$B")
mkdir -p "$TL_TMP/ctr" "$TL_TMP/crictl"
cat >"$TL_TMP/ctr/ctr" <<FAKE
#!/bin/sh
case "\$*" in
"namespaces list -q") printf 'default\nk8s.io\n' ;;
"--namespace default tasks list") printf 'TASK    PID    STATUS\n' ;;
"--namespace k8s.io tasks list") printf 'TASK    PID    STATUS\nold    0    STOPPED\nwebctr    $PID_B    RUNNING\n' ;;
*) echo "ctr: unexpected \$*" >&2; exit 1 ;;
esac
FAKE
cat >"$TL_TMP/crictl/crictl" <<FAKE
#!/bin/sh
case "\$*" in
"ps --all -o json") echo '{"containers": [{"id": "5c1d0e77", "podSandboxId": "aa11", "metadata": {"name": "web"}, "state": "CONTAINER_RUNNING", "labels": {"io.kubernetes.pod.name": "front", "io.kubernetes.pod.namespace": "default"}}]}' ;;
"pods -o json") echo '{"items": [{"id": "aa11", "metadata": {"name": "front", "namespace": "default"}, "state": "SANDBOX_READY"}, {"id": "bb22", "metadata": {"name": "gone", "namespace": "default"}, "state": "SANDBOX_NOTREADY"}]}' ;;
"inspect -o json 5c1d0e77") echo '{"status": {}, "info": {"pid": $PID_B}}' ;;
*) echo "crictl: unexpected \$*" >&2; exit 1 ;;
esac
FAKE
chmod +x "$TL_TMP/ctr/ctr" "$TL_TMP/crictl/crictl"
one ctr "$TL_TMP/ctr" webctr --container containerd:webctr
one crictl "$TL_TMP/crictl" web --container containerd:5c1d
one pod "$TL_TMP/crictl" front --pod default/front
refused "--pod: not ready" "pod gone is not running \(containerd says SANDBOX_NOTREADY\)" \
	env PATH="$TL_TMP/crictl" "$TL_BIN" --pod default/gone
refused "--pod: no such pod" "default/nosuch: no such pod in containerd" \
	env PATH="$TL_TMP/crictl" "$TL_BIN" --pod default/nosuch

# --- completion: names from podman, interfaces inside -----------------------------------------
# shellcheck source=../../completion/tcplens.bash
. "$TL_ROOT/completion/tcplens.bash"
comp() {
	COMP_WORDS=("$TL_BIN" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_tcplens
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
tl_check "completion: --container offers both containers" \
	test "$(comp --container "$TL_PFX" | tr '\n' ' ')" = "$A $B "
tl_check "completion: -i after --container offers its interfaces" \
	test "$(comp --container "$A" -i '' | tr '\n' ' ')" = "any eth0 lo "

# --- a container stopped while traced --------------------------------------------------------
tl_bg stop "$TL_BIN" -n -l --container "$A" --container "$B"
stop=$TL_LAST_PID
if started stop "$stop" "$TL_TMP/stop.err"; then
	get "http://$IP_A:$PORT/"
	podman stop -t 0 "$A" >/dev/null 2>&1
	tl_wait_line "$stop" "$TL_TMP/stop.err" "container $A: stopped" 10
	tl_check "stop: one line says $A stopped" \
		test "$(grep -c "^tcplens: container $A: stopped; no longer traced$" "$TL_TMP/stop.err")" = 1
	tl_check "stop: still running" tl_alive "$stop"
	n=$(grep -c "eth0@$B " "$TL_TMP/stop.out")
	get "http://$IP_B:$PORT/"
	sleep 0.5
	tl_check "stop: $B still traced" test "$(grep -c "eth0@$B " "$TL_TMP/stop.out")" -gt "$n"
	podman stop -t 0 "$B" >/dev/null 2>&1
	tl_wait_exit "$stop" 10
	tl_check "stop: the last one stopped: tcplens ended by itself, exit 0" test "$TL_RC" = 0
	tl_check "stop: ... saying nothing is left" \
		grep -q "^tcplens: container $B: stopped; nothing left to trace$" "$TL_TMP/stop.err"
	tl_check "stop: closing counters" grep -q "segments printed" "$TL_TMP/stop.err"
	tl_check "stop: $A's lines before it stopped" grep -q "eth0@$A " "$TL_TMP/stop.out"
fi
podman start "$B" >/dev/null 2>&1
IP_B=$(pm_ip "$B")

# --- refused with one line, exit 1, nothing attached ------------------------------------------
refused "unknown name" "${TL_PFX}zz: no such container in podman" \
	"$TL_BIN" --container "${TL_PFX}zz"
refused "stopped container" "container $A is not running \(podman says exited\)" \
	"$TL_BIN" --container "$A"
pm_create "${TL_PFX}c" --network "$NET" "localhost/$IMG:test" sleep 60
refused "created, never started" "container ${TL_PFX}c is not running" \
	"$TL_BIN" --container "${TL_PFX}c"
# Two IDs that begin alike: made until two share their first digit (16 values).
declare -A first=()
pfx=""
for i in $(seq 17); do
	pm_create "${TL_PFX}p$i" --network none "localhost/$IMG:test" true || break
	id=$(podman inspect --format '{{.Id}}' "${TL_PFX}p$i")
	if [ -n "${first[${id:0:1}]:-}" ]; then
		pfx=${id:0:1}
		break
	fi
	first[${id:0:1}]=1
done
refused "an ID prefix two containers share" "$pfx: [0-9]+ containers have that name or ID" \
	"$TL_BIN" --container "$pfx"
refused "containerd not installed" "containerd: not installed" \
	env PATH=/nonexistent "$TL_BIN" --container containerd:web
if [ ! -e /var/run/docker.sock ]; then
	refused "docker not installed" "docker: not installed" \
		env -u DOCKER_HOST PATH=/nonexistent "$TL_BIN" --container docker:web
fi
refused "--pod without crictl" "default/web: pods are found through the node's CRI" \
	env PATH=/nonexistent "$TL_BIN" --pod default/web
refused "no runtime at all" "web: no container runtime installed" \
	env -u DOCKER_HOST -u CONTAINER_HOST PATH=/nonexistent "$TL_BIN" --container web
refused "podman's socket gone" "podman: cannot reach $TL_TMP/none.sock" \
	env PATH=/nonexistent CONTAINER_HOST="unix://$TL_TMP/none.sock" "$TL_BIN" \
	--container "podman:$B"
progs=$(nsenter -t "$(pm_pid "$B")" -n bpftool -j net show 2>/dev/null | grep -c tl_)
tl_check "nothing of tcplens attached in $B after all that" test "$progs" = 0

tl_done
