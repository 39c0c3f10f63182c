#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live -w: pcapng written from a veth in a private namespace has the interface's name and
# namespace, the direction of every segment, and a closing statistics block that adds up.
cd "$(dirname "$0")/../live" || exit 1
# shellcheck source=../live/lib.sh
. ./lib.sh

tl_live_init python3 tcpdump
tl_make_pair || { tl_fail "cannot create the veth pair"; tl_done; }

OUT=$TL_TMP/live.pcapng
tl_bg tracer ip netns exec "$TL_NS_A" "$TL_BIN" -i "$TL_VA" -w "$OUT"
TRACER=$TL_LAST_PID
if ! tl_wait_line "$TRACER" "$TL_TMP/tracer.err" 'listening on' 10; then
	tl_fail "tcplens did not start"
	tl_show "$TL_TMP/tracer.err"
	tl_done
fi

# One TCP exchange: B listens, A connects, sends, B answers, both close.
tl_bg server ip netns exec "$TL_NS_B" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5001)); s.listen(1); s.settimeout(10)
c, _ = s.accept(); c.recv(100); c.sendall(b"pong" * 10); c.close()' "$TL_IP4_B"
SERVER=$TL_LAST_PID
sleep 0.3
ip netns exec "$TL_NS_A" python3 -c '
import socket, sys
c = socket.create_connection((sys.argv[1], 5001), timeout=5)
c.sendall(b"ping" * 10); c.recv(100); c.close()' "$TL_IP4_B" || tl_fail "client failed"
tl_wait_exit "$SERVER" 10
sleep 0.5
tl_stop "$TRACER" INT 10
tl_check "tcplens exits 0 on SIGINT" [ "$TL_RC" -eq 0 ]
[ "$TL_RC" -eq 0 ] || tl_show "$TL_TMP/tracer.err"

# Reads the blocks with the standard library only and prints one verdict line per check.
python3 - "$OUT" "$TL_VA" "$TL_NS_A" "$TL_IP4_A" "$TL_IP4_B" >"$TL_TMP/checks" 2>&1 <<'PY'
import struct, sys
path, ifname, ns, ip_a, ip_b = sys.argv[1:]
data = open(path, "rb").read()
def opts(b):
    o, i = {}, 0
    while i + 4 <= len(b):
        code, n = struct.unpack_from("<HH", b, i)
        if code == 0:
            break
        o.setdefault(code, []).append(b[i + 4:i + 4 + n])
        i += 4 + (n + 3) // 4 * 4
    return o
blocks, i = [], 0
while i + 12 <= len(data):
    t, n = struct.unpack_from("<II", data, i)
    blocks.append((t, data[i + 8:i + n - 4]))
    i += n
def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
say(i == len(data) and blocks and blocks[0][0] == 0x0A0D0D0A, "the file is a whole pcapng section")
idbs = [opts(b[8:]) for t, b in blocks if t == 1]
say(len(idbs) == 1 and idbs[0].get(2) == [ifname.encode()], "one IDB named " + ifname)
desc = idbs[0].get(3, [b""])[0].decode() if idbs else ""
say(ns in desc, f"IDB description names the namespace ({desc})")
say(idbs and idbs[0].get(9) == [b"\x09"], "IDB time stamp resolution is ns")
dirs = {"in": 0, "out": 0}
bad = 0
epbs = [b for t, b in blocks if t == 6]
for b in epbs:
    cap = struct.unpack_from("<I", b, 12)[0]
    frame = b[20:20 + cap]
    o = opts(b[20 + (cap + 3) // 4 * 4:])
    fl = struct.unpack("<I", o[2][0])[0] & 3 if 2 in o else 0
    src = ".".join(str(x) for x in frame[26:30])
    if fl == 2 and src == ip_a:
        dirs["out"] += 1
    elif fl == 1 and src == ip_b:
        dirs["in"] += 1
    else:
        bad += 1
say(len(epbs) >= 8, f"{len(epbs)} segments written")
say(dirs["in"] > 0 and dirs["out"] > 0 and not bad,
    f"direction flags match the sender ({dirs}, {bad} wrong)")
isbs = [opts(b[12:]) for t, b in blocks if t == 5]
ok = len(isbs) == 1 and isbs[-1] is blocks[-1][1] or (blocks and blocks[-1][0] == 5)
say(ok and len(isbs) == 1, "one Interface Statistics Block at the end")
if isbs:
    u = lambda k: struct.unpack("<Q", isbs[0][k][0])[0] if k in isbs[0] else None
    say(u(8) == len(epbs), f"isb_usrdeliv {u(8)} = segments in the file")
    say(u(4) is not None and u(4) >= len(epbs) and u(5) == 0 and u(7) == 0,
        f"isb_ifrecv {u(4)} >= segments, ifdrop {u(5)} and osdrop {u(7)} are 0")
PY
while read -r verdict what; do
	if [ "$verdict" = PASS ]; then tl_pass "$what"; else tl_fail "$what"; fi
done <"$TL_TMP/checks"
grep -qE '^(PASS|FAIL) ' "$TL_TMP/checks" || { tl_fail "pcapng check crashed"; tl_show "$TL_TMP/checks"; }

n=$(tcpdump -nn -r "$OUT" 2>/dev/null | grep -c "Flags \[")
tl_check "tcpdump -r reads every segment ($n)" [ "$n" -ge 8 ]
if command -v tshark >/dev/null; then
	err=$(tshark -r "$OUT" 2>&1 >/dev/null | grep -v 'Running as user "root"')
	tl_check "tshark -r reads it without a warning" [ -z "$err" ]
fi
tl_done
