#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad input on the command line: every option with a wrong value, every kind of bad file.
# Each case wants exit 2 (usage: bad option or value, as tcpdump) or 1 (a resource that
# fails: file, interface, namespace, user), exactly one "tcplens: " line on stderr besides
# tcpdump's "reading from file" banner, no crash, and for live options nothing left attached
# to the interface of a private namespace. Prints "cli: N passed, N failed".
set -u
# shellcheck source=../live/lib.sh
. "$(dirname "$0")/../live/lib.sh"

# lib.sh reports as "live"; this suite has its own name.
tl_done() {
	echo "cli: $TL_PASS passed, $TL_FAIL failed"
	[ "$TL_FAIL" -eq 0 ]
	exit
}

CORPUS=$TL_ROOT/../shared/conformance
[ -d "$CORPUS" ] || CORPUS=/work/shared/conformance
GOOD=$TL_ROOT/tests/captures/http-get.pcap
NS=""	# namespace the live cases run in, once made

# run_case WANT_RC DESC ARGS...: one invocation of tcplens, judged.
run_case() {
	local want=$1 desc=$2 rc errs n first

	shift 2
	if [ -n "$NS" ]; then
		timeout -s KILL 20 ip netns exec "$NS" "$TL_BIN" "$@" </dev/null \
			>"$TL_TMP/out" 2>"$TL_TMP/err"
	else
		timeout -s KILL 20 "$TL_BIN" "$@" </dev/null >"$TL_TMP/out" 2>"$TL_TMP/err"
	fi
	rc=$?
	errs=$(grep -v '^reading from file ' "$TL_TMP/err")
	n=$(printf '%s' "$errs" | grep -c '')
	first=$(printf '%s\n' "$errs" | head -n 1)
	if [ "$rc" -ge 128 ] || [ "$rc" -eq 124 ]; then
		tl_fail "$desc: tcplens $*: killed by signal $((rc - 128)) (crash or hang)"
	elif [ "$rc" -ne "$want" ]; then
		tl_fail "$desc: tcplens $*: exit $rc, want $want"
	elif [ "$n" -ne 1 ]; then
		tl_fail "$desc: tcplens $*: $n lines on stderr, want one"
	elif [[ $first != "tcplens: "* ]]; then
		tl_fail "$desc: tcplens $*: stderr does not start with 'tcplens: '"
	else
		tl_pass "$desc ($first)"
		return 0
	fi
	tl_show "$TL_TMP/err" 6
	return 1
}

# attached_nothing: no XDP, tc, tcx program nor clsact qdisc on the namespace's interface.
attached_nothing() {
	local progs qd

	progs=$(ip netns exec "$NS" bpftool -j net show dev "$TL_VA" 2>/dev/null |
		grep -oE '"(xdp|tc|tcx)":\[[^]]+\]')
	qd=$(ip -n "$NS" -o link show dev "$TL_VA" | grep -oE 'xdp[a-z]*')
	qd="$qd$(tc -n "$NS" qdisc show dev "$TL_VA" | grep -o clsact)"
	[ -z "$progs" ] && [ -z "$qd" ]
}

# live_case WANT_RC DESC ARGS...: run_case in the namespace, then nothing may be attached.
live_case() {
	local want=$1 desc=$2

	shift 2
	run_case "$want" "$desc" "$@"
	if attached_nothing; then
		tl_pass "$desc: nothing attached afterwards"
	else
		tl_fail "$desc: something is still attached to $TL_VA after tcplens $*"
		ip netns exec "$NS" bpftool net show dev "$TL_VA" | sed 's/^/#   /'
		# Leave a clean interface for the next case.
		ip -n "$NS" link set dev "$TL_VA" xdp off 2>/dev/null
		tc -n "$NS" qdisc del dev "$TL_VA" clsact 2>/dev/null
	fi
}

[ -x "$TL_BIN" ] || tl_skip_all "$TL_BIN not built (make)"
tl_ns_tmp
tl_ns_trap

# Files that are not what -r and -F want.
printf 'not a capture\n' >"$TL_TMP/text"
: >"$TL_TMP/empty"
head -c 10 "$GOOD" >"$TL_TMP/short-header.pcap"
head -c 100 "$GOOD" >"$TL_TMP/cut-frame.pcap"
mkdir "$TL_TMP/dir"
cp "$GOOD" "$TL_TMP/locked.pcap"
chmod 000 "$TL_TMP/locked.pcap"
UNSUPPORTED=$CORPUS/tcpdump-tests/pcaps/arcnet-rfc1051-arp-icmp-http.pcap
PCAPNG=$(find "$CORPUS" -name '*.pcapng' | sort | head -n 1)
head -c 60 "$PCAPNG" >"$TL_TMP/cut.pcapng"

# Usage errors: exit 2, before anything is opened.
run_case 2 "unknown option" --bogus
run_case 2 "missing argument" -r
run_case 2 "-c not a number" -r "$GOOD" -c abc
run_case 2 "-c zero" -r "$GOOD" -c 0
run_case 2 "-c negative" -r "$GOOD" -c -5
run_case 2 "-c out of range" -r "$GOOD" -c 99999999999999999999999
run_case 2 "-c not a number after a valid 0" -r "$GOOD" -s 0 -c abc
run_case 2 "-s not a number" -r "$GOOD" -s 12x
run_case 2 "-s out of range" -r "$GOOD" -s 99999999
run_case 2 "--ring-size not a number" -r "$GOOD" --ring-size big
run_case 2 "--ring-size not a power of two" -r "$GOOD" --ring-size 3
run_case 2 "--ring-size out of range" -r "$GOOD" --ring-size 4096
run_case 2 "--rings unknown layout" -r "$GOOD" --rings pernuma
run_case 2 "-T unknown packet type" -r "$GOOD" -T http
run_case 2 "--flows too small" -r "$GOOD" --flows 3
run_case 2 "--flows not a number" -r "$GOOD" --flows many
run_case 2 "--flows not a number after a valid 0" -r "$GOOD" -s 0 --flows many
run_case 2 "--flows out of range" -r "$GOOD" --flows 999999999999
run_case 2 "--name-wait not a number" -r "$GOOD" --name-wait soon
run_case 2 "--name-wait negative" -i lo --name-wait -1
run_case 2 "--name-wait out of range" -i lo --name-wait 60001
run_case 2 "-Q unknown direction" -i lo -Q sideways
run_case 2 "-Q with -r" -r "$GOOD" -Q in
run_case 2 "-Q out with XDP" -i lo --hook xdp -Q out
run_case 2 "-C not a number" -r "$GOOD" -w "$TL_TMP/o.pcap" -C ten
run_case 2 "-C zero" -r "$GOOD" -w "$TL_TMP/o.pcap" -C 0
run_case 2 "-G not a number" -r "$GOOD" -w "$TL_TMP/o.pcap" -G 1h
run_case 2 "-G zero" -r "$GOOD" -w "$TL_TMP/o.pcap" -G 0
run_case 2 "-W not a number" -r "$GOOD" -w "$TL_TMP/o.pcap" -C 1 -W x
run_case 2 "-W zero" -r "$GOOD" -w "$TL_TMP/o.pcap" -C 1 -W 0
run_case 2 "-P unknown precision" -r "$GOOD" -P pico
run_case 2 "--time-stamp-precision unknown" -r "$GOOD" --time-stamp-precision pico
run_case 2 "--lang unknown" -r "$GOOD" --lang xx --explain
run_case 2 "six -t" -r "$GOOD" -tttttt
run_case 2 "--hook unknown" -i lo --hook kprobe
run_case 2 "--hook empty" -i lo --hook ''
run_case 2 "--no-bpf without -r" --no-bpf -i lo
run_case 2 "--no-bpf with a filter" -r "$GOOD" --no-bpf tcp
run_case 2 "-r and -i together" -r "$GOOD" -i lo
run_case 2 "--host-side alone" --host-side -i lo
run_case 2 "no interface, no file" -c 1
run_case 2 "-F and an expression" -r "$GOOD" -F "$TL_TMP/text" tcp
run_case 2 "-D with --netns" -D --netns "${TL_PFX}none"
run_case 1 "-F missing file" -r "$GOOD" -F "$TL_TMP/missing"
run_case 1 "-F a directory" -r "$GOOD" -F "$TL_TMP/dir"

# Bad files: exit 1, said once.
run_case 1 "-r missing file" -r "$TL_TMP/missing.pcap"
run_case 1 "-r a directory" -r "$TL_TMP/dir"
run_case 1 "-r not a capture" -r "$TL_TMP/text"
run_case 1 "-r empty file" -r "$TL_TMP/empty"
run_case 1 "-r header cut short" -r "$TL_TMP/short-header.pcap"
run_case 1 "-r frame cut short" -r "$TL_TMP/cut-frame.pcap"
run_case 1 "-r frame cut short, user-space parser" --no-bpf -r "$TL_TMP/cut-frame.pcap"
run_case 1 "-r pcapng cut short" -r "$TL_TMP/cut.pcapng"
run_case 1 "-r unsupported link type" -r "$UNSUPPORTED"
run_case 1 "-r unsupported link type, user-space parser" --no-bpf -r "$UNSUPPORTED"
run_case 1 "-r /dev/null" -r /dev/null
run_case 1 "-w into a missing directory" -r "$GOOD" -w "$TL_TMP/missing/o.pcap"
run_case 1 "-w onto a directory" -r "$GOOD" -w "$TL_TMP/dir"
run_case 1 "filter syntax error" -r "$GOOD" tcp port
run_case 1 "filter for another protocol family" -r "$GOOD" 'ether proto \ip and'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# Root reads any file; without the override capabilities the mode bits count.
	TL_BIN_SAVE=$TL_BIN
	TL_BIN=$TL_TMP/noread.sh
	printf '#!/bin/sh\nexec setpriv --bounding-set=-dac_override,-dac_read_search %s "$@"\n' \
		"$TL_BIN_SAVE" >"$TL_BIN"
	chmod +x "$TL_BIN"
	run_case 1 "-r unreadable file" -r "$TL_TMP/locked.pcap"
	run_case 1 "-F unreadable file" -r "$GOOD" -F "$TL_TMP/locked.pcap"
	TL_BIN=$TL_BIN_SAVE
fi

# -#: tcpdump's number before each line. LDP's capture has UDP between the TCP segments, so
# numbers skip; with a filter tcpdump counts only the frames it passes, TCP or not.
LDP=$CORPUS/tcpdump-tests/pcaps/ldp-common-session.pcap
# numbered FILE [EXPR]: tcpdump -# -nn -T vat's TCP lines (number and all) equal tcplens -#'s.
numbered() {
	local f=$1

	shift
	TZ=UTC tcpdump -# -nn -T vat -r "$f" "$@" 2>/dev/null |
		grep -E '^ {0,4}[0-9]+  ( ?[0-9:.]+ )?IP6? [^ ]+ > [^ ]+: Flags ' >"$TL_TMP/num-want"
	TZ=UTC "$TL_BIN" -# -n -r "$f" "$@" >"$TL_TMP/num-got" 2>/dev/null
	[ -s "$TL_TMP/num-want" ] && cmp -s "$TL_TMP/num-want" "$TL_TMP/num-got" && return 0
	diff "$TL_TMP/num-want" "$TL_TMP/num-got" | head -n 6 | sed 's/^/#   /'
	return 1
}
tl_check "-# numbers lines as tcpdump -# -nn -T vat does" numbered "$LDP"
tl_check "-# skips the numbers of the UDP frames between" \
	grep -q '^    7  12:24:11.046122 IP 192.168.0.2.58321 > ' "$TL_TMP/num-got"
tl_check "-# with a filter counts the frames it passes, as tcpdump -#" numbered "$LDP" ip
tl_check "-# with a filter: the 7th frame is the 4th that passes" \
	grep -q '^    4  12:24:11.046122 ' "$TL_TMP/num-got"
tl_check "--number with -ttt -S" numbered "$GOOD" -ttt -S
tl_check "-# -t: the number, then the line" numbered "$GOOD" -t

# Live options: inside a private namespace with a veth pair, nothing may stay attached.
if [ "$(id -u)" != 0 ]; then
	tl_skip_all "live option cases need root (netns, BPF)"
fi
for t in ip tc bpftool; do
	command -v "$t" >/dev/null || tl_skip_all "$t not installed (make deps)"
done
tl_ns_probe || tl_skip_all "cannot create a network namespace"
tl_make_pair || { tl_fail "cannot make the veth pair"; tl_done; }
NS=$TL_NS_A
attached_nothing || tl_fail "$TL_VA has something attached before any test"

live_case 1 "-i missing interface" -i "${TL_PFX}zz"
live_case 1 "-i missing interface after a good one" -i "$TL_VA" -i "${TL_PFX}zz"
live_case 2 "--hook unknown on a real interface" -i "$TL_VA" --hook xdp-offload
live_case 2 "--ring-size wrong on a real interface" -i "$TL_VA" --ring-size 5
live_case 2 "--rings wrong on a real interface" -i "$TL_VA" --rings many
live_case 2 "-c wrong on a real interface" -i "$TL_VA" -c none
live_case 2 "-s wrong on a real interface" -i "$TL_VA" -s -1
live_case 1 "filter syntax error on a real interface" -i "$TL_VA" 'tcp and and'
live_case 1 "-w unwritable on a real interface" -i "$TL_VA" -w "$TL_TMP/missing/o.pcap"
live_case 1 "-Z unknown user" -i "$TL_VA" -Z "${TL_PFX}nouser" -c 1
live_case 1 "--netns missing namespace" --netns "${TL_PFX}none" -i "$TL_VA"
live_case 1 "--netns not a namespace file" --netns "$TL_TMP/text"
live_case 2 "--pid not a number" --pid abc
live_case 1 "--pid no such process" --pid 2147483646
live_case 1 "--hook xdp on loopback-less name" -i "${TL_PFX}zz" --hook xdp

# -D: tcpdump -D's list in the same namespace, without the devices tcplens cannot trace
# (netfilter, D-Bus, Bluetooth: no interface of ip link; a netlink monitor: a link type the
# programs do not parse), renumbered. A tun device (raw IP) stays.
ip -n "$NS" tuntap add mode tun name "${TL_PFX}t" 2>/dev/null
if ip -n "$NS" link add "${TL_PFX}m" type nlmon 2>/dev/null; then
	skip=${TL_PFX}m
else
	skip=""
	tl_log "no nlmon device here: -D's refusal of unknown link types is not exercised"
fi
ip netns exec "$NS" tcpdump -D 2>/dev/null | sed -E 's/^[0-9]+\.//' >"$TL_TMP/d-all"
links=$(ip -n "$NS" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')
while read -r line; do
	name=${line%% *}
	[ "$name" = "$skip" ] && continue
	if [ "$name" = any ] || grep -qxF -- "$name" <<<"$links"; then
		echo "$line"
	fi
done <"$TL_TMP/d-all" | awk '{ print NR "." $0 }' >"$TL_TMP/d-want"
ip netns exec "$NS" "$TL_BIN" -D >"$TL_TMP/d-got" 2>"$TL_TMP/d-err"
rc=$?
tl_check "-D exits 0 with nothing on stderr" eval '[ "$rc" = 0 ] && [ ! -s "$TL_TMP/d-err" ]'
if grep -q "^[0-9]*\.${TL_PFX}t " "$TL_TMP/d-want" && cmp -s "$TL_TMP/d-want" "$TL_TMP/d-got"; then
	tl_pass "-D lists what tcpdump -D lists that tcplens can attach to ($(wc -l <"$TL_TMP/d-got") lines)"
else
	tl_fail "-D differs from tcpdump -D's attachable interfaces"
	diff "$TL_TMP/d-want" "$TL_TMP/d-got" | sed 's/^/#   /'
fi
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	--bounding-set=-all "$TL_BIN" -D >"$TL_TMP/d-nobody" 2>&1
rc=$?
tl_check "-D without any privilege: the same list, exit 0" \
	eval '[ "$rc" = 0 ] && cmp -s "$TL_TMP/d-got" "$TL_TMP/d-nobody"'

tl_done
