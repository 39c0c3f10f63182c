#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --drops, --drops-only and --events on real traffic in private namespaces: an nft rule's
# drops named NETFILTER_DROP on exactly its segments, as often as its counter says; a SYN to a
# closed port with the no-socket drop and the kernel's RST; one connection's states in order
# with its totals at close; a lossy router's drops lining up with the kernel's
# retransmissions and the retransmitted segments; and no program or link left after kill -9.
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

# start NAME ARGS...: tcplens in B; waits for its "listening on" line. PID in TLP.
start() {
	local name=$1

	shift
	tl_bg "$name" ip netns exec "$TL_NS_B" "$TL_BIN" "$@"
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
	tl_check "closed port: the kernel's RST event, then the RST segment" \
		awk -v b="$TL_IP4_B" '$0 ~ "kernel: reset sent IP " b ".9 > .*: NO_SOCKET" { r = NR }
			r && $0 ~ "IP " b ".9 > .*Flags \\[R\\.\\]" { ok = 1 } END { exit !ok }' "$out"
	tl_check "drops: the closing lines count them per reason" \
		grep -qE "^[0-9]+ segments dropped by the kernel:.* $dropped NETFILTER_DROP" \
		"$TL_TMP/drops.err"
	grep -v '^    | ' "$out" >"$TL_TMP/lines"
	tl_check "drops: the lines are in time order" tl_time_order "$TL_TMP/lines"
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
		bash -c "! grep -vE '^\\{\"(drop|summary)\"' '$TL_TMP/donly.out' | grep -q ."
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

tl_done
