#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --drops, --drops-only and --events on real traffic in private namespaces: an nft rule's
# drops named NETFILTER_DROP on exactly its segments, as often as its counter says; a SYN to a
# closed port with the no-socket drop and the kernel's RST (also for an IPv6 SYN with an
# extension header); one connection's states in order with its totals at close; a lossy
# router's drops lining up with the kernel's retransmissions and the retransmitted segments;
# and no program or link left after kill -9.
# Helpers below are also called through tl_check, which shellcheck cannot follow.
# shellcheck disable=SC2317
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

tl_live_init nft bpftool python3
tl_make_pair || tl_skip_all "cannot create the veth pair"
[ -r /sys/kernel/btf/vmlinux ] || tl_skip_all "this kernel has no BTF (/sys/kernel/btf/vmlinux)"

nsa() { ip netns exec "$TL_NS_A" "$@"; }
nsb() { ip netns exec "$TL_NS_B" "$@"; }

# B drops every segment to port 7777 on input, and counts them.
nsb nft -f - <<NFT || tl_skip_all "nft cannot add a rule in a namespace"
table inet tl {
	chain in {
		type filter hook input priority 0
		tcp dport 7777 counter drop
	}
}
NFT
nft_count() { nsb nft list chain inet tl in | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }

# A server in B on 8080: reads what comes, answers $1 bytes, waits for the client's close,
# then closes (a passive close: CLOSE_WAIT, LAST_ACK).
server() {
	tl_bg srv ip netns exec "$TL_NS_B" python3 -u -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('$TL_IP4_B', 8080)); s.listen(); print('ready', flush=True)
c, _ = s.accept(); c.recv(100); c.sendall(b'x' * $1)
while c.recv(65536): pass
c.close()"
	SRV=$TL_LAST_PID
	tl_wait_line "$SRV" "$TL_TMP/srv.out" ready 10
}

# The client in A: one exchange with the server, then two refused or dropped attempts.
client() {
	nsa python3 - "$TL_IP4_B" <<'PY'
import socket, sys
b = sys.argv[1]
c = socket.create_connection((b, 8080)); c.sendall(b'hello')
got = 0
while got < 3000:
    got += len(c.recv(65536))
c.close()
for port, wait in ((9, 1), (7777, 1.5)):
    try:
        socket.create_connection((b, port), timeout=wait)
    except OSError:
        pass
PY
}

# progs_of PID NAMES: the BPF programs PID holds are exactly NAMES (sorted, comma-separated).
progs_of() {
	local got

	got=$(python3 - "$1" <<'PY'
import json, os, subprocess, sys
pid = sys.argv[1]
ids = set()
for fd in os.listdir(f"/proc/{pid}/fd"):
    try:
        if os.readlink(f"/proc/{pid}/fd/{fd}") != "anon_inode:bpf-prog":
            continue
        for line in open(f"/proc/{pid}/fdinfo/{fd}"):
            if line.startswith("prog_id:"):
                ids.add(int(line.split()[1]))
    except OSError:
        pass
progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True,
                                  text=True).stdout)
print(",".join(sorted(p["name"] for p in progs if p["id"] in ids)))
PY
)
	[ "$got" = "$2" ] || { echo "#   programs of $1: $got, expected $2"; return 1; }
}

# start NAME ARGS...: tcplens in B (inside "${WRAP[@]}" if set); waits for its "listening on"
# line. PID in TLP.
WRAP=()
start() {
	local name=$1

	shift
	tl_bg "$name" "${WRAP[@]}" ip netns exec "$TL_NS_B" "$TL_BIN" "$@"
	TLP=$TL_LAST_PID
	tl_wait_line "$TLP" "$TL_TMP/$name.err" "listening on" 10 || {
		tl_fail "$name: tcplens did not start"
		tl_show "$TL_TMP/$name.err"
		return 1
	}
}

# --- drops and resets, with the hook -------------------------------------------------
before=$(nft_count)
server 3000
if start drops -n -i "$TL_VB" --drops --events; then
	client
	tl_wait_exit "$SRV" 5
	sleep 0.3
	tl_stop "$TLP" INT 10
	out=$TL_TMP/drops.out
	tl_check "drops: tcplens exits 0" [ "$TL_RC" = 0 ] || tl_show "$TL_TMP/drops.err"
	dropped=$(($(nft_count) - before))
	# Every segment to 7777 is followed by its NETFILTER_DROP line, and only those.
	got=$(awk '/^    \| dropped by the kernel: NETFILTER_DROP \(/ { if (prev ~ /\.7777: Flags/) n++; else bad++ }
		{ prev = $0 } END { print n + 0, bad + 0 }' "$out")
	lines=$(grep -c '\.7777: Flags' "$out")
	if [ "$dropped" -ge 1 ] && [ "$got" = "$dropped 0" ] && [ "$lines" = "$dropped" ]; then
		tl_pass "drops: NETFILTER_DROP under each of the $dropped segments the rule counted, none elsewhere"
	else
		tl_fail "drops: nft counted $dropped, NETFILTER_DROP lines (matched, elsewhere): $got, 7777 lines: $lines"
		tl_show "$out" 40
	fi
	tl_check "drops: the function is named (nft_do_chain or nf_hook_slow)" \
		grep -qE 'NETFILTER_DROP \((nft_do_chain|nf_hook_slow)\)' "$out"
	tl_check "drops: one event per segment: the continuation, no second line for it" \
		[ "$(grep -c '\.7777: Flags \[S\]' "$out")" = "$dropped" ]
	tl_check "closed port: the SYN's drop reason is NO_SOCKET" \
		grep -qE '^    \| dropped by the kernel: NO_SOCKET \(tcp_v4_rcv' "$out"
	# shellcheck disable=SC2016 # awk's own $0
	tl_check "closed port: the kernel's RST event, then the RST segment" \
		awk -v b="$TL_IP4_B" '$0 ~ "kernel: reset sent IP " b ".9 > .*: NO_SOCKET" { r = NR }
			r && $0 ~ "IP " b ".9 > .*Flags \\[R\\.\\]" { ok = 1 } END { exit !ok }' "$out"
	tl_check "drops: the closing lines count them per reason" \
		grep -qE "^[0-9]+ segments dropped by the kernel:.* $dropped NETFILTER_DROP" \
		"$TL_TMP/drops.err"
	grep -v '^    | ' "$out" >"$TL_TMP/lines"
	tl_check "drops: the lines are in time order" tl_time_order "$TL_TMP/lines"
fi

# --- IPv6: the same closed-port drop and reset --------------------------------------------
if start v6 -n -i "$TL_VB" --drops --events; then
	nsa python3 -c "
import socket
try:
    socket.create_connection(('$TL_IP6_B', 9), timeout=1)
except OSError:
    pass"
	sleep 0.3
	tl_stop "$TLP" INT 10
	tl_check "IPv6: the SYN's line, then NO_SOCKET from tcp_v6_rcv" \
		awk '/^[0-9:.]+ IP6 .*\.9: Flags \[S\]/ { s = 1 }
			s && /^    \| dropped by the kernel: NO_SOCKET \(tcp_v6_rcv\)/ { ok = 1 }
			END { exit !ok }' "$TL_TMP/v6.out"
	tl_check "IPv6: the kernel's RST event" \
		grep -qE "kernel: reset sent IP6 $TL_IP6_B\.9 > $TL_IP6_A\.[0-9]+: NO_SOCKET" \
		"$TL_TMP/v6.out"
fi

# --- IPv6 with an extension header: the drop's line is the hook's line -------------------
# A SYN carrying a destination-options header to a closed port, sent raw into A's end of the
# veth (no socket API adds one to a SYN). One tcplens captures at B's hook, another sees the
# drops alone: the drop prints its own line, which must be the hook's but for the time. A third
# traces with the hook, --drops and --events: the drop goes under the hook's line, and the
# kernel's RST answering the segment is an event too.
mac_of() { ip -n "$1" -j link show "$2" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["address"])'; }
send_dstopt_syn() {	# dport
	nsa python3 - "$TL_VA" "$(mac_of "$TL_NS_A" "$TL_VA")" "$(mac_of "$TL_NS_B" "$TL_VB")" \
		"$TL_IP6_A" "$TL_IP6_B" "$1" <<'PY'
import socket, struct, sys
dev, smac, dmac, src, dst, dport = sys.argv[1:]
s6, d6 = (socket.inet_pton(socket.AF_INET6, a) for a in (src, dst))
tcp = struct.pack("!HHIIBBHHH", 40000, int(dport), 1000, 0, 5 << 4, 0x02, 64240, 0, 0)
c = sum(struct.unpack("!%dH" % ((40 + len(tcp)) // 2),
                      s6 + d6 + struct.pack("!IxxxB", len(tcp), 6) + tcp))
while c >> 16:
    c = (c & 0xffff) + (c >> 16)
tcp = tcp[:16] + struct.pack("!H", ~c & 0xffff) + tcp[18:]
dstopt = bytes([6, 0, 1, 4, 0, 0, 0, 0])  # next header TCP, 8 bytes, PadN
ip6 = struct.pack("!IHBB", 6 << 28, len(dstopt) + len(tcp), 60, 64) + s6 + d6
eth = bytes.fromhex(dmac.replace(":", "") + smac.replace(":", "")) + b"\x86\xdd"
p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
p.bind((dev, 0))
p.send(eth + ip6 + dstopt + tcp)
PY
}
tl_bg v6xcap ip netns exec "$TL_NS_B" "$TL_BIN" -n -i "$TL_VB"
XCAP=$TL_LAST_PID
tl_bg v6xdrop ip netns exec "$TL_NS_B" "$TL_BIN" -n --drops-only
XDROP=$TL_LAST_PID
tl_bg v6xev ip netns exec "$TL_NS_B" "$TL_BIN" -n -i "$TL_VB" --drops --events
XEV=$TL_LAST_PID
if tl_wait_listening "IPv6 extension header" v6xcap "$XCAP" v6xdrop "$XDROP" v6xev "$XEV"; then
	send_dstopt_syn 9
	tl_check "IPv6 extension header: the raw SYN was sent" [ $? = 0 ]
	sleep 0.3
	tl_stop "$XCAP" INT 10
	tl_stop "$XDROP" INT 10
	tl_stop "$XEV" INT 10
	seg="IP6 $TL_IP6_A > $TL_IP6_B: DSTOPT 40000 > 9: Flags \\[S\\], seq 1000,"
	# The pattern through the environment: awk -v would take its backslashes as escapes.
	# shellcheck disable=SC2016 # awk's own $0
	if SEG=$seg awk '$0 ~ ENVIRON["SEG"] { n++; getline
			if (/^    \| dropped by the kernel: NO_SOCKET \(tcp_v6_rcv\)/) ok++ }
		END { exit !(n == 1 && ok == 1) }' "$TL_TMP/v6xdrop.out"; then
		tl_pass "IPv6 extension header: the SYN's DSTOPT line, then NO_SOCKET from tcp_v6_rcv"
	else
		tl_fail "IPv6 extension header: no DSTOPT SYN line with NO_SOCKET under it"
		tl_show "$TL_TMP/v6xdrop.out"
		tl_show "$TL_TMP/v6xdrop.err"
	fi
	hook=$(grep -E "$seg" "$TL_TMP/v6xcap.out" | cut -d' ' -f2-)
	drop=$(grep -E "$seg" "$TL_TMP/v6xdrop.out" | cut -d' ' -f2-)
	if [ -n "$hook" ] && [ "$hook" = "$drop" ]; then
		tl_pass "IPv6 extension header: the drop's line is the hook's line: $drop"
	else
		tl_fail "IPv6 extension header: the hook printed '$hook', the drop '$drop'"
		tl_show "$TL_TMP/v6xcap.out"
	fi
	# shellcheck disable=SC2016 # awk's own $0
	if SEG=$seg awk '$0 ~ ENVIRON["SEG"] { s = 1 }
			s && /^    \| dropped by the kernel: NO_SOCKET \(tcp_v6_rcv\)/ { ok = 1 }
			END { exit !ok }' "$TL_TMP/v6xev.out"; then
		tl_pass "IPv6 extension header, hook and --drops: NO_SOCKET under the hook's DSTOPT line"
	else
		tl_fail "IPv6 extension header, hook and --drops: no NO_SOCKET under the DSTOPT line"
		tl_show "$TL_TMP/v6xev.out"
	fi
	tl_check "IPv6 extension header: the kernel's RST event" \
		grep -qE "kernel: reset sent IP6 $TL_IP6_B\.9 > $TL_IP6_A\.40000: NO_SOCKET" \
		"$TL_TMP/v6xev.out"
fi

# --- state changes of one connection, and its totals at close ------------------------
# (the same run: the server's socket on 8080)
sv=$(grep -oE "kernel: state IP $TL_IP4_B\.8080 > $TL_IP4_A\.[0-9]+: [A-Z_0-9]+ -> [A-Z_0-9]+" \
	"$TL_TMP/drops.out" | sed 's/.*: //' | paste -sd, -)
want="LISTEN -> SYN_RECV,SYN_RECV -> ESTABLISHED,ESTABLISHED -> CLOSE_WAIT,CLOSE_WAIT -> LAST_ACK,LAST_ACK -> CLOSE"
if [ "$sv" = "$want" ]; then
	tl_pass "events: the connection's states in order: $sv"
else
	tl_fail "events: states '$sv', expected '$want'"
	tl_show "$TL_TMP/drops.out" 40
fi
tl_check "events: the close reports the kernel's RTT, 3001 bytes acked (data and FIN), 6 received" \
	grep -qE "kernel: close IP $TL_IP4_B\.8080 > .*srtt [0-9]+\.[0-9]{3} ms, 0 retransmissions, 3001 bytes sent and acked, 6 bytes received" \
	"$TL_TMP/drops.out"

# --- names: event lines name hosts and ports as the segment lines do; the summary ------
# A mount namespace whose /etc/hosts names the two ends (the namespaces have no route to a
# DNS server); 8080 is http-alt in /etc/services.
printf '127.0.0.1\tlocalhost\n%s\tserver.tl.example\n%s\tclient.tl.example\n' \
	"$TL_IP4_B" "$TL_IP4_A" >"$TL_TMP/hosts"
server 3000
# shellcheck disable=SC2016 # expanded by that sh
WRAP=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$TL_TMP/hosts")
# --name-wait: the lines wait for the answers (one of them, late, would print a number on
# an event line and on a segment line alike).
if start names -i "$TL_VB" --name-wait 3000 --events --summary; then
	WRAP=()
	client
	tl_wait_exit "$SRV" 5
	sleep 0.3
	tl_stop "$TLP" INT 10
	out=$TL_TMP/names.out
	tl_check "names: tcplens exits 0" [ "$TL_RC" = 0 ] || tl_show "$TL_TMP/names.err"
	seg=$(grep -cE "IP server\.tl\.example\.http-alt > client\.tl\.example\.[0-9]+: Flags" "$out")
	ev=$(grep -cE "kernel: state IP server\.tl\.example\.http-alt > client\.tl\.example\.[0-9]+: " "$out")
	if [ "$seg" -ge 1 ] && [ "$ev" = 5 ]; then
		tl_pass "names: the event lines name both ends as the $seg segment lines do ($ev state changes)"
	else
		tl_fail "names: $seg named segment lines, $ev named state lines (expected 5)"
		tl_show "$out" 40
	fi
	tl_check "names: no event line prints an address as a number" \
		bash -c "! grep -E 'kernel: .*(${TL_IP4_A//./\\.}|${TL_IP4_B//./\\.})' '$out'"
	tl_check "names: the summary names the connection as the lines do" \
		grep -qE "^== connection [0-9]+: client\.tl\.example\.[0-9]+ \(client\) > server\.tl\.example\.http-alt \(server\)" "$out"
	# The server's socket is B's, traced; the client's is A's, not: one account, the server's.
	tl_check "summary: the server socket's figures from the kernel's close: srtt, 3001 acked, 6 received" \
		grep -qE "^  kernel, server's socket at its close: srtt [0-9]+\.[0-9]{3} ms, retransmitted segments 0, bytes sent and acked 3001, bytes received 6$" "$out"
	tl_check "summary: no retransmission by the kernel, none by Wireshark's analysis" \
		grep -qx "  kernel, server's retransmissions: 0; Wireshark's analysis: 0" "$out"
	tl_check "summary: no kernel account for the client's socket, which is not traced" \
		bash -c "! grep -q \"^  kernel, client's\" '$out'"
fi
WRAP=()

# --- --drops-only: no hook, drops alone; and JSON ----------------------------------------
before=$(nft_count)
server 3000
if start donly -n --drops-only --json; then
	tl_check "drops-only: no hook program loaded, the drop program is" progs_of "$TLP" tl_drop
	client
	tl_wait_exit "$SRV" 5
	sleep 0.3
	tl_stop "$TLP" INT 10
	dropped=$(($(nft_count) - before))
	n=$(grep -c '"drop":{.*"reason":"NETFILTER_DROP".*"seen_at_hook":false.*"dport":7777' "$TL_TMP/donly.out")
	tl_check "drops-only: $n JSON drop objects for the rule's $dropped drops" \
		[ "$n" = "$dropped" ] && [ "$n" -ge 1 ]
	tl_check "drops-only: nothing but drops" \
		bash -c "! grep -vE '^\\{\"(drop|kernel_drops|summary)\"' '$TL_TMP/donly.out' | grep -q ."
	tl_check "drops-only: the JSON drop summary counts the rule's $dropped NETFILTER_DROP" \
		grep -qE "^\\{\"kernel_drops\":\\{\"total\":[0-9]+,\"by_reason\":\\{.*\"NETFILTER_DROP\":${dropped}[,}]" \
		"$TL_TMP/donly.out"
fi

# --- a kernel without BTF: one line, the rest runs --------------------------------------
server 3000
if TL_TEST_NO_BTF=1 start nobtf -n -i "$TL_VB" --drops --events; then
	client
	tl_wait_exit "$SRV" 5
	sleep 0.3
	tl_stop "$TLP" INT 10
	tl_check "no BTF: one line per option that cannot work" \
		[ "$(grep -c 'cannot work: this kernel has no BTF' "$TL_TMP/nobtf.err")" = 2 ]
	tl_check "no BTF: the segments are traced all the same" \
		grep -q "$TL_IP4_B\.8080: Flags \[S\]" "$TL_TMP/nobtf.out"
fi

# --- retransmissions: loss made by an nft rule in a router between sender and receiver ---
RS=${TL_PFX}S R=${TL_PFX}R RC=${TL_PFX}C
n=$((RANDOM % 200 + 10))
if ! { tl_netns_add "$RS" && tl_netns_add "$R" && tl_netns_add "$RC" &&
	tl_veth "$RS" "${TL_PFX}s" "$R" "${TL_PFX}r1" "198.18.$n.1/24" "198.18.$n.254/24" &&
	tl_veth "$R" "${TL_PFX}r2" "$RC" "${TL_PFX}c" "198.19.$n.254/24" "198.19.$n.2/24"; }; then
	tl_skip_all "cannot build the routed topology"
fi
ip -n "$RS" route add default via "198.18.$n.254"
ip -n "$RC" route add default via "198.19.$n.254"
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
# One in 20 large data segments of the sender is lost on the way.
ip netns exec "$R" nft -f - <<NFT
table ip tl {
	chain forward {
		type filter hook forward priority 0
		tcp sport 8080 meta length > 1000 numgen inc mod 20 == 0 counter drop
	}
}
NFT
tl_bg rsrv ip netns exec "$RS" python3 -u -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('198.18.$n.1', 8080)); s.listen(); print('ready', flush=True)
c, _ = s.accept(); c.sendall(b'x' * 2000000); c.shutdown(socket.SHUT_WR)
while c.recv(65536): pass
c.close()"
RSRV=$TL_LAST_PID
tl_wait_line "$RSRV" "$TL_TMP/rsrv.out" ready 10 || tl_skip_all "the sender did not start"
tl_bg rt ip netns exec "$RS" "$TL_BIN" -n -S -i "${TL_PFX}s" --events --explain --summary
RTP=$TL_LAST_PID
if tl_wait_line "$RTP" "$TL_TMP/rt.err" "listening on" 10; then
	ip netns exec "$RC" python3 -c "
import socket
c = socket.create_connection(('198.18.$n.1', 8080)); n = 0
while True:
    d = c.recv(65536)
    if not d: break
    n += len(d)
c.close(); assert n == 2000000, n"
	tl_check "retransmissions: the transfer completed through the lossy router" [ $? = 0 ]
	tl_wait_exit "$RSRV" 5
	sleep 0.3
	tl_stop "$RTP" INT 10
	lost=$(ip netns exec "$R" nft list chain ip tl forward |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
	# Each kernel retransmission of seq S:E comes after the sender's segment starting at S
	# (tc egress runs inside the transmit, before the tracepoint) and, with --explain, says
	# so beside Wireshark's label for that segment.
	res=$(awk -v s="198.18.$n.1.8080 >" '
		index($0, "IP " s) && / seq [0-9]+:/ {
			split($0, a, " seq "); split(a[2], b, ":"); sent[b[1]]++
		}
		/ kernel: retransmit IP / {
			split($0, a, "seq "); split(a[2], b, ":"); ev++
			if (sent[b[1]] >= 2) seen++
			getline
			if (/^    \| the kernel retransmitted the segment seen at .* above/) matched++
			if (/ agrees$/) agree++
		}
		END { print ev + 0, matched + 0, agree + 0, ev - seen }' "$TL_TMP/rt.out")
	read -r ev matched agree left <<<"$res"
	if [ "$lost" -ge 1 ] && [ "$ev" -ge 1 ] && [ "$left" = 0 ]; then
		tl_pass "retransmissions: the router dropped $lost, the kernel retransmitted $ev times, each after its original and its retransmitted segment, with the note ($matched notes; Wireshark agreed on $agree)"
	else
		tl_fail "retransmissions: router dropped $lost; kernel events $ev, notes $matched, agreed $agree, events without their segment $left"
		tl_show "$TL_TMP/rt.err"
		grep -E 'kernel: retransmit|retransmitted this' "$TL_TMP/rt.out" | head -20 | sed 's/^/#   /'
	fi
	tl_check "retransmissions: each note quotes Wireshark's own label of that segment" \
		python3 - "$TL_TMP/rt.out" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
labels = {}  # time stamp of a segment line -> Wireshark's labels under it
for i, l in enumerate(lines):
    if not l.startswith("    | ") and " IP " in l and "kernel:" not in l:
        j, lab = i + 1, []
        while j < len(lines) and lines[j].startswith("    | "):
            lab += re.findall(r"\| (\[TCP [^]]*\])", lines[j])
            j += 1
        labels[l.split()[0]] = lab
bad = 0
for l in lines:
    m = re.match(r"    \| the kernel retransmitted the segment seen at (\S+) above \([^)]*\): (.*)", l)
    if not m:
        continue
    lab = labels.get(m.group(1))
    said = re.findall(r"\[TCP [^]]*\]", m.group(2))
    # The same labels: the note lists them in the analysis' order, the lines one each.
    if lab is None or sorted(said) != sorted(lab):
        print("#   note:", l, "\n#   segment's labels:", lab)
        bad += 1
sys.exit(bad != 0)
PY
	tl_check "retransmissions: the close counts them" \
		grep -qE "kernel: close IP 198.18.$n.1.8080 > .* [1-9][0-9]* retransmissions?, 2000001 bytes sent and acked" "$TL_TMP/rt.out"
	# shellcheck disable=SC2016 # awk's own fields
	tl_check "explain: each note says why the kernel retransmitted, for the reason it names" \
		awk '/^    \| the kernel retransmitted / { n++; w = $0; sub(/.*above \(/, "", w); sub(/\).*/, "", w)
				getline; if ($0 !~ /^    \| why: /) bad++
				else if (w == "fast retransmit" && !/duplicate ACKs or SACK/) bad++
				else if (w == "timer (RTO)" && !/retransmission timer expired/) bad++
				else if (w == "loss probe" && !/tail loss probe/) bad++ }
			END { exit !(n >= 1 && !bad) }' "$TL_TMP/rt.out"
	# The summary's kernel account of the sender's socket, beside Wireshark's.
	sent=$(grep -E " kernel: retransmit IP 198\.18\.$n\.1\.8080 > " "$TL_TMP/rt.out" | grep -vc 'not sent')
	close=$(sed -nE "s/^  kernel, server's socket at its close: srtt ([0-9]+\.[0-9]{3}) ms, retransmitted segments ([0-9]+), bytes sent and acked 2000001, bytes received [0-9]+$/\1 \2/p" "$TL_TMP/rt.out")
	acct=$(sed -nE "s/^  kernel, server's retransmissions: ([0-9]+)( \(.*\), [0-9]+ bytes)?; Wireshark's analysis: ([0-9]+)$/\1 \3/p" "$TL_TMP/rt.out")
	read -r srtt total <<<"$close"
	read -r traced wsa <<<"$acct"
	ws=$(sed -nE 's/^  retransmissions [0-9]+, .*\(client\/server: [0-9]+\/([0-9]+), .*/\1/p' "$TL_TMP/rt.out")
	if [ -n "$close" ] && [ -n "$acct" ] && awk -v s="$srtt" 'BEGIN { exit !(s > 0) }' &&
		[ "$traced" -ge 1 ] && [ "$traced" = "$sent" ] && [ "$total" -ge "$traced" ] &&
		[ "$wsa" = "$ws" ]; then
		tl_pass "summary: the kernel's srtt $srtt ms, $traced retransmissions as the $sent event lines ($total segments at the close), beside Wireshark's $wsa"
	else
		tl_fail "summary: close '$close', account '$acct', $sent retransmission lines, Wireshark's '$ws'"
		grep -E '^(==|  )' "$TL_TMP/rt.out" | sed 's/^/#   /'
	fi
	tl_check "summary: the retransmissions by reason add up to the total" \
		python3 - "$TL_TMP/rt.out" <<'PY'
import re, sys
for l in open(sys.argv[1]):
    m = re.match(r"  kernel, server's retransmissions: (\d+) \((.*)\), \d+ bytes; Wireshark", l)
    if m:
        parts = [int(p.rsplit(" ", 1)[1]) for p in m.group(2).split(", ")]
        sys.exit(sum(parts) != int(m.group(1)))
sys.exit(1)
PY
fi

# --- kill -9 with each new option: no program, no link left; options off load nothing ---
server 100
for opt in --drops --drops-only --events; do
	name=kill$opt
	if [ "$opt" = --drops-only ]; then
		start "$name" -n "$opt" || continue
	else
		start "$name" -n -i "$TL_VB" "$opt" || continue
	fi
	objs=$(tl_bpf_objs "$TLP")
	case $opt in
	--drops) want=tl_drop,tl_tc_egress,tl_tc_ingress ;;
	--drops-only) want=tl_drop ;;
	--events) want=tl_reset,tl_retrans,tl_state,tl_tc_egress,tl_tc_ingress ;;
	esac
	tl_check "$name: only the option's programs are loaded ($want)" progs_of "$TLP" "$want"
	tl_check "$name: its tracepoints are BPF links ($(grep -c '^link' <<<"$objs") held)" \
		[ "$(grep -c '^link' <<<"$objs")" -ge 1 ]
	tl_stop "$TLP" KILL 5
	tl_check "$name: after kill -9 none of its $(wc -l <<<"$objs") programs and links is left" \
		tl_bpf_gone "$objs"
done
tl_stop "$SRV" KILL 2
if start plain -n -i "$TL_VB"; then
	tl_check "no option: no kernel-event program loaded" progs_of "$TLP" tl_tc_egress,tl_tc_ingress
	tl_stop "$TLP" INT 5
fi

tl_done
