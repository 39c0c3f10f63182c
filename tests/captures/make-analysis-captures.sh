#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Records real captures of Linux TCP misbehaving (loss, reordering, zero window, keep-alive, RST,
# port reuse) for the analysis-vs-tshark test.
#
# Three namespaces: client (198.18.1.2) - router (198.18.1.1 / 198.18.2.1) - server (198.18.2.2),
# joined by veth pairs limited to one segment per GSO packet (there is no ethtool here to turn
# TSO off), so every segment is one frame. This kernel has no netem, no gact and no nftables,
# so the misbehaviour is made with what it has:
#  - loss: a tc BPF program (cls_bpf, direct action) on the router's server-facing ingress drops
#    every data segment whose IPv4 ID is 7 modulo 16. Linux numbers the IDs of a connected
#    socket's packets consecutively, so this is "every 16th data segment", a retransmission
#    included when its fresh ID happens to match (which then needs an RTO).
#  - reordering: an HTB on the router's client-facing egress. The default class is slow (8
#    Mbit/s), so a queue builds behind a bulk transfer; segments whose IP ID is 3 modulo 8 are
#    put (u32) into a fast class with priority and overtake the queue.
#  - zero window: a client with a 2 KB receive buffer that reads nothing for 1.5 s.
#  - keep-alive: SO_KEEPALIVE with TCP_KEEPIDLE/TCP_KEEPINTVL of 1 s on an idle connection.
#  - RST: a connection refused, and an abort with SO_LINGER {1, 0} after sending data.
#  - port reuse: the same client port twice; the server closes first, so its TIME_WAIT takes
#    the second SYN.
# tcpdump -s 128 -w records each case in the namespace named in tests/captures/README.md.
# Nothing outside the namespaces is touched; everything is removed on exit, also after errors.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/tests/captures}
PY=/usr/bin/python3

if [ "$(id -u)" != 0 ]; then
	echo "make-analysis-captures: needs root (network namespaces, tc BPF)" >&2
	exit 1
fi
# shellcheck source=tests/lib/netns.sh
. "$ROOT/tests/lib/netns.sh"
TL_NS_NAME=make-analysis-captures
tl_ns_prefix tla 9
CLI=${TL_PFX}c RTR=${TL_PFX}r SRV=${TL_PFX}s
PFX=$TL_PFX
tl_ns_tmp
TMP=$TL_TMP
DUMP_PIDS=""
# tcpdump gets SIGINT (it finishes its file), the server TERM; then the namespaces go.
tl_ns_trap

die() { echo "make-analysis-captures: $*" >&2; exit 1; }

wait_for() {	# pid, file, pattern
	tl_wait_line "$1" "$2" "$3" 10 || die "timed out waiting for '$3' in $2"
}

# --- the dropper -----------------------------------------------------------------------------
cat >"$TMP/drop.bpf.c" <<'EOF'
/* Drops IPv4 TCP segments with payload whose IP ID is 7 modulo 16 (test loss, no netem here). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int tl_drop(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	unsigned int ihl, doff, tot;

	if (data + 14 + 20 + 20 > end || data[12] != 0x08 || data[13] != 0x00)
		return TC_ACT_OK;
	if (data[14 + 9] != 6)
		return TC_ACT_OK;
	ihl = (data[14] & 0xf) * 4;
	if (ihl != 20)
		return TC_ACT_OK;
	tot = data[16] << 8 | data[17];
	doff = (data[14 + 20 + 12] >> 4) * 4;
	if (tot <= ihl + doff)
		return TC_ACT_OK;
	return (data[19] & 0xf) == 7 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
EOF
clang -O2 -g -target bpf -I"/usr/include/$(gcc -dumpmachine)" -c "$TMP/drop.bpf.c" \
	-o "$TMP/drop.bpf.o" || die "cannot build the dropper"

# --- the endpoints ---------------------------------------------------------------------------
cat >"$TMP/ends.py" <<'EOF'
import socket, sys, threading, time

SRV = "198.18.2.2"

def serve(port, handler):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((SRV, port))
    ls.listen(8)
    def loop():
        while True:
            c, _ = ls.accept()
            threading.Thread(target=handler, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()

def bulk(n):
    def h(c):
        c.sendall(b"x" * n)
        c.close()
    return h

def hold(c):
    while c.recv(65536):
        pass
    c.close()

def hello(c):
    c.recv(100)
    c.sendall(b"hello\n")
    c.close()

def drain(s):
    n = 0
    while True:
        b = s.recv(65536)
        if not b:
            return n
        n += len(b)

def client(mode):
    s = socket.socket()
    s.settimeout(15)
    if mode in ("bulk", "small"):
        s.connect((SRV, 5001 if mode == "bulk" else 5005))
        drain(s)
    elif mode == "zerowin":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        s.connect((SRV, 5002))
        time.sleep(1.5)
        drain(s)
    elif mode == "keepalive":
        s.connect((SRV, 5003))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        s.sendall(b"ping\n")
        time.sleep(3.6)
    elif mode == "rst":
        try:
            s.connect((SRV, 5999))
        except ConnectionRefusedError:
            pass
        s.close()
        s = socket.socket()
        s.connect((SRV, 5003))
        s.sendall(b"y" * 1000)
        time.sleep(0.2)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
    elif mode == "reuse":
        for i in range(2):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("198.18.1.2", 40123))
            s.connect((SRV, 5004))
            s.sendall(b"hi\n")
            drain(s)
            s.close()
            time.sleep(0.3)
        return
    s.close()

if sys.argv[1] == "server":
    serve(5001, bulk(400000))
    serve(5002, bulk(120000))
    serve(5003, hold)
    serve(5004, hello)
    serve(5005, bulk(100000))
    print("serving", flush=True)
    time.sleep(3600)
else:
    client(sys.argv[2])
EOF

# --- the network -----------------------------------------------------------------------------
for n in "$CLI" "$RTR" "$SRV"; do
	tl_netns_add "$n" || die "cannot create namespace $n"
done
tl_veth "$CLI" "${PFX}c0" "$RTR" "${PFX}r0" 198.18.1.2/24 198.18.1.1/24 || die "veth"
tl_veth "$SRV" "${PFX}s0" "$RTR" "${PFX}r1" 198.18.2.2/24 198.18.2.1/24 || die "veth"
for d in "$CLI ${PFX}c0" "$RTR ${PFX}r0" "$RTR ${PFX}r1" "$SRV ${PFX}s0"; do
	ns=${d% *} dev=${d#* }
	# no ethtool here: one segment per GSO packet has the same effect as tso/gso off
	ip -n "$ns" link set "$dev" gso_max_segs 1 || die "cannot limit GSO on $dev"
done
ip -n "$CLI" route add default via 198.18.1.1
ip -n "$SRV" route add default via 198.18.2.1
ip netns exec "$RTR" sysctl -qw net.ipv4.ip_forward=1
# Wireshark's analysis does not need SACK off; keep Linux defaults (SACK, timestamps on).

ip netns exec "$SRV" "$PY" -u "$TMP/ends.py" server >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
tl_track "$SERVER_PID" TERM
wait_for "$SERVER_PID" "$TMP/server.log" serving

dump_start() {	# namespace, interface, name
	ip netns exec "$1" tcpdump --immediate-mode -U -n -s 128 -i "$2" -w "$TMP/$3.pcap" tcp \
		2>"$TMP/$3.err" &
	local pid=$!

	DUMP_PIDS="$DUMP_PIDS $pid"
	tl_track "$pid" INT
	wait_for "$pid" "$TMP/$3.err" "listening on"
}

dump_stop() {	# names...
	local p n
	sleep 0.5
	for p in $DUMP_PIDS; do
		kill -INT "$p" && wait "$p"
		tl_forget "$p"
	done
	DUMP_PIDS=""
	for n in "$@"; do
		cp "$TMP/$n.pcap" "$OUT/$n.pcap" || die "cannot write $OUT/$n.pcap"
		echo "make-analysis-captures: $OUT/$n.pcap: $(tail -n 2 "$TMP/$n.err" | head -n 1)"
	done
}

client() { timeout 30 ip netns exec "$CLI" "$PY" "$TMP/ends.py" client "$1"; }

# loss, seen by the sender (server) and by the receiver (client)
ip netns exec "$RTR" tc qdisc add dev "${PFX}r1" clsact || die "clsact"
ip netns exec "$RTR" tc filter add dev "${PFX}r1" ingress bpf da obj "$TMP/drop.bpf.o" sec tc ||
	die "cannot attach the dropper"
dump_start "$SRV" "${PFX}s0" loss-sender
dump_start "$CLI" "${PFX}c0" loss-receiver
client bulk || die "bulk transfer with loss failed"
dump_stop loss-sender loss-receiver
ip netns exec "$RTR" tc qdisc del dev "${PFX}r1" clsact

# reordering, seen by the receiver
ip netns exec "$RTR" tc qdisc add dev "${PFX}r0" root handle 1: htb default 20 || die "htb"
ip netns exec "$RTR" tc class add dev "${PFX}r0" parent 1: classid 1:10 htb rate 1gbit prio 0 \
	quantum 1514
ip netns exec "$RTR" tc class add dev "${PFX}r0" parent 1: classid 1:20 htb rate 8mbit \
	ceil 8mbit prio 1 quantum 1514
ip netns exec "$RTR" tc filter add dev "${PFX}r0" parent 1: protocol ip prio 1 u32 \
	match ip protocol 6 0xff match u16 0x0003 0x0007 at 4 flowid 1:10 || die "u32 filter"
dump_start "$CLI" "${PFX}c0" reorder
client small || die "bulk transfer with reordering failed"
dump_stop reorder
ip netns exec "$RTR" tc qdisc del dev "${PFX}r0" root

for c in zerowin keepalive rst reuse; do
	dump_start "$CLI" "${PFX}c0" "$c"
	client "$c" || die "client $c failed"
	dump_stop "$c"
done
