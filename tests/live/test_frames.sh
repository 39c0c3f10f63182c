#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Live frame bytes: with -s, records carry the frame itself, copied in the kernel. tcplens -w
# and tcpdump -w watch the same veth during real HTTP transfers and must write the same
# frames, byte for byte (time stamps aside), whole with -s 0 and cut with -s 100.
# shellcheck source=tests/live/lib.sh
. "$(dirname "$0")/lib.sh"

PORT=8000
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tl_live_init tcpdump curl /usr/bin/python3
tl_make_pair || tl_skip_all "cannot create the veth pair"
tl_http_server "$PORT" 307200

# same_frames TCPDUMP_PCAP TCPLENS_PCAP SNAP: the same frames (bytes, captured and wire
# lengths) the same number of times each; tcpdump's cut to SNAP bytes where tcplens cut.
same_frames() {
	"$PY" - "$@" <<'PY'
import collections, struct, sys

def frames(path, snap):
    out = collections.Counter()
    with open(path, "rb") as f:
        hdr = f.read(24)
        magic = struct.unpack("<I", hdr[:4])[0]
        e = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
        while True:
            h = f.read(16)
            if len(h) < 16:
                break
            _, _, cap, wire = struct.unpack(e + "IIII", h)
            data = f.read(cap)
            out[(data[:snap], min(cap, snap), wire)] += 1
    return out

td, tl, snap = sys.argv[1], sys.argv[2], int(sys.argv[3]) or 262144
a, b = frames(td, snap), frames(tl, snap)
if sum(a.values()) == 0:
    print("tcpdump wrote no frame"); sys.exit(1)
if a != b:
    print("tcpdump %d frames, tcplens %d; %d only in tcpdump's file, %d only in tcplens's"
          % (sum(a.values()), sum(b.values()), sum((a - b).values()), sum((b - a).values())))
    for k in list((a - b))[:3]:
        print("  only tcpdump: %d/%d bytes %s" % (k[1], k[2], k[0][:48].hex()))
    for k in list((b - a))[:3]:
        print("  only tcplens: %d/%d bytes %s" % (k[1], k[2], k[0][:48].hex()))
    sys.exit(1)
print("%d frames" % sum(a.values()))
PY
}

# run HOOK SNAP FAMILY
run() {
	local hook=$1 snap=$2 fam=$3 name="$1 -s $2 IPv$3" url td_opts="" pid_td pid_tl n

	if [ "$fam" = 4 ]; then url="http://$TL_IP4_A:$PORT"; else url="http://[$TL_IP6_A]:$PORT"; fi
	[ "${hook#xdp}" != "$hook" ] && td_opts="-Q in"
	# shellcheck disable=SC2086
	tl_bg td ip netns exec "$TL_NS_B" tcpdump --immediate-mode -B 65536 -s 0 -i "$TL_VB" \
		$td_opts -w "$TL_TMP/td.pcap" tcp
	pid_td=$TL_LAST_PID
	tl_bg tl ip netns exec "$TL_NS_B" "$TL_BIN" -i "$TL_VB" --hook "$hook" -s "$snap" \
		--pcap -w "$TL_TMP/tl.pcap"
	pid_tl=$TL_LAST_PID
	tl_wait_listening "$name" td "$pid_td" tl "$pid_tl" || return
	ip netns exec "$TL_NS_B" curl -sS -o "$TL_TMP/got.bin" "$url/big.bin"
	tl_check "$name: HTTP transfer completed" cmp -s "$TL_TMP/got.bin" "$TL_TMP/www/big.bin"
	sleep 0.5
	tl_stop "$pid_tl" INT 10
	tl_check "$name: tcplens exits 0" [ "$TL_RC" = 0 ]
	tl_stop "$pid_td" INT 10
	if grep -qE '^[1-9][0-9]* packets dropped by kernel' "$TL_TMP/td.err"; then
		tl_fail "$name: tcpdump dropped packets, comparison void"
	elif n=$(same_frames "$TL_TMP/td.pcap" "$TL_TMP/tl.pcap" "$snap"); then
		tl_pass "$name: the same $n as tcpdump -w, byte for byte"
	else
		tl_fail "$name: frames differ from tcpdump -w"
		echo "$n" | sed 's/^/#   /'
		tl_show "$TL_TMP/tl.err"
	fi
	rm -f "$TL_TMP"/td.* "$TL_TMP"/tl.* "$TL_TMP/got.bin"
}

for hook in tcx xdp; do
	for fam in 4 6; do
		run "$hook" 0 "$fam"
	done
done
run tcx 100 4
run tc 100 6

tl_stop "$SERVER" TERM 5
tl_done
