#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Machine outputs over the whole conformance corpus: -w round trip and --json.

For every capture X tcplens reads: `tcplens -r X -w Y` (pcapng, and --pcap), then
- `tcpdump -nn -T vat -r Y` prints the same TCP lines as `tcplens -r X` and as the oracle,
- `tcpdump -nn -r Y` (decoders on) prints the same TCP lines up to `length N`,
- `tshark -r Y` exits 0 with nothing on stderr but its root notice, and its TCP analysis
  flags for each rebuilt frame equal expected/NAME.tshark.tsv for the frame it came from,
- `tcplens -r X --json` (also with -c) parses line by line, ends with one summary object,
  and its fields give back the text line's addresses, ports, flags, numbers and length.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
import run as conf  # noqa: E402  (the corpus runner: its notion of a TCP line)

ENV = dict(os.environ, TZ="UTC", LC_ALL="C")
# tshark's notice when run as root is not a warning about the file.
TSHARK_NOTICE = re.compile(r'^Running as user "root" and group "root"\. This could be dangerous\.$')
# Analysis columns compared; frame references are left out (the rebuilt file has only the
# TCP frames, so frame numbers differ).
FLAG_COLS = ["tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
             "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
             "tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment",
             "tcp.analysis.duplicate_ack", "tcp.analysis.duplicate_ack_num",
             "tcp.analysis.zero_window", "tcp.analysis.zero_window_probe",
             "tcp.analysis.zero_window_probe_ack", "tcp.analysis.keep_alive",
             "tcp.analysis.keep_alive_ack", "tcp.analysis.window_update",
             "tcp.analysis.window_full", "tcp.analysis.reused_ports"]

# Frames longer than a record carries (TL_FRAME_MAX, 65280 bytes): -s 0 -w cuts them there,
# so tcpdump's decoder stops earlier (README, "Frames longer than a record").
FRAME_CUT = {"telnet-iac-check-oobr": "a 65,535-byte frame is cut at 65,280 bytes"}

# Deliberate differences, each with its reason (also in the README section on -w).
# Time stamps a pcapng file cannot hold: fractions beyond one second (the file counts in
# units, so they carry into the seconds) and seconds libpcap could not convert.
BAD_TIME = {"timestamp_invalid_micro": ("pcapng",), "timestamp_invalid_nano": ("pcapng",),
            "smb_data_print-segv": ("pcapng", "pcap")}
# tcpdump checks a TCP-MD5 signature only over a fully captured segment; the file holds no
# payload, so it says "snaplen too short" where the original said "shared secret not supplied".
MD5_SHORT = (", can't check - ", "md5 snaplen too short", "md5 shared secret not supplied with -M")
# The record carries no IPv4 options: tshark's view of frames that depend on them differs
# (a malformed Quick-Start option, a source route that changes the conversation's address).
TSHARK_DELIBERATE = {"synth-ipopts": "IPv4 options are not in the record"}


class Suite:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what, detail=None):
        if ok:
            self.passed += 1
            return True
        self.failed += 1
        print(f"FAIL {what}")
        for l in (detail or [])[:12]:
            print(f"    {l}")
        return False


def run(cmd, **kw):
    return subprocess.run(cmd, env=ENV, capture_output=True, **kw)


def text(b):
    return b.decode("utf-8", "surrogateescape").splitlines()


def tcp_only(lines):
    return [l for l in lines if conf.TCP.search(conf.strip_ts(l, "nodecode"))]


def normalise(lines, name, fmt):
    out = []
    for l in lines:
        if MD5_SHORT[0] in l:
            l = l.replace(MD5_SHORT[1], MD5_SHORT[2])
        if fmt in BAD_TIME.get(name, ()):
            l = conf.strip_ts(l, "nodecode")
        out.append(l)
    return out


def upto_length(line):
    m = re.search(r", length \d+", line)
    return line[:m.end()] if m else line


def diff(a, b):
    import difflib
    return list(difflib.unified_diff(a, b, "want", "got", n=0, lineterm=""))[2:]


def tshark_rows(path, fields):
    cmd = ["tshark", "-r", path, "-T", "fields", "-E", "separator=/t", "-E", "header=y"]
    for f in fields:
        cmd += ["-e", f]
    p = run(cmd)
    rows = [l.split("\t") for l in text(p.stdout)]
    return p, rows


def rebuild_line(o):
    """The tcpdump -nn line's beginning, up to the options, from one JSON object."""
    fam = "IP6" if o["family"] == 6 else "IP"
    t = datetime.fromtimestamp(o["time_ns"] // 10**9, timezone.utc)
    s = f"{t:%H:%M:%S}.{(o['time_ns'] % 10**9) // 1000:06d} {fam} "
    s += f"{o['src']}.{o['sport']} > {o['dst']}.{o['dport']}: Flags [{o['flags']}]"
    fl = o["flag_list"]
    if o["payload_len"] or set(fl) & {"SYN", "FIN", "RST"}:
        s += f", seq {o['seq_rel']}"
        if o["payload_len"]:
            s += f":{(o['seq_rel'] + o['payload_len']) % 2**32}"
    if "ACK" in fl:
        s += f", ack {o['ack_rel']}"
    s += f", win {o['win']}"
    if "URG" in fl:
        s += f", urg {o['urg_ptr']}"
    return s


def plain(o):
    """Segments whose line has the simple shape rebuild_line() knows."""
    return (o["flags"] is not None and not o["ip_missing"] and not o["ip6_ext"]
            and not o["ip_len0"] and o["payload_len"] is not None and o["hdr_len"] >= 20
            and not any(x.get("bad") or x.get("truncated") for x in o["options"]))


def check_json(suite, tl, pcap, name, mode_args, want_text):
    p = run([tl, "-r", pcap, "--json"] + mode_args)
    lines = text(p.stdout)
    objs, bad = [], []
    for i, l in enumerate(lines):
        try:
            objs.append(json.loads(l))
        except ValueError as e:
            bad.append(f"line {i + 1}: {e}: {l[:120]}")
    if not suite.check(p.returncode == 0 and not bad, f"{name}: --json parses", bad):
        return None
    recs = [o for o in objs if "summary" not in o]
    sums = [o for o in objs if "summary" in o]
    suite.check(len(sums) == 1 and "summary" in objs[-1] and
                sums[0]["summary"]["printed"] == len(recs) and
                sums[0]["summary"]["delivered"] == len(recs),
                f"{name}: --json ends with one summary counting {len(recs)} segments",
                [json.dumps(s) for s in sums])
    suite.check(len(recs) == len(want_text), f"{name}: one JSON object per text line",
                [f"{len(recs)} objects, {len(want_text)} lines"])
    mism = []
    for o, l in zip(recs, want_text):
        if plain(o):
            r = rebuild_line(o)
            if name in BAD_TIME:
                r, l = r.split(" ", 1)[1], conf.strip_ts(l, "nodecode")
            m = re.search(r", length (\d+)", l)
            if not l.startswith(r) or (m and int(m.group(1)) != o["payload_len"]):
                mism.append(f"json {r}")
                mism.append(f"text {l}")
        elif o["sport"] is not None and not o["ip_len0"] and \
                f".{o['sport']} > " not in l and f" {o['sport']} > {o['dport']}:" not in l:
            mism.append(f"ports {o['sport']}>{o['dport']} not in: {l}")
    suite.check(not mism, f"{name}: JSON fields give back the text lines", mism)
    # -c stops mid-stream: still whole lines and a summary.
    p = run([tl, "-r", pcap, "--json", "-c", "2"] + mode_args)
    try:
        cobjs = [json.loads(l) for l in text(p.stdout)]
        ok = p.returncode == 0 and "summary" in cobjs[-1] and \
            len(cobjs) == min(2, len(recs)) + 1
    except (ValueError, IndexError):
        ok = False
    suite.check(ok, f"{name}: --json -c 2 gives whole lines and a summary",
                text(p.stdout)[-3:])
    # -s 0: the IP header's fields (and the Ethernet header's) come from the frame; its
    # lengths must agree with the record's for a whole, unfragmented datagram.
    p = run([tl, "-r", pcap, "--json", "-s", "0"] + mode_args)
    mism, seen = [], 0
    for l in text(p.stdout):
        o = json.loads(l)
        if "summary" in o or o.get("ip") is None:
            continue
        seen += 1
        ip = o["ip"]
        if o["truncated"] or o["ip_len0"] or o["ip6_jumbo"] or o["ip_first_frag"]:
            continue
        if o["family"] == 4 and ip["total_len"] - ip["hdr_len"] != o["l4_len"]:
            mism.append(f"IPv4 total_len {ip['total_len']} - hdr_len {ip['hdr_len']} "
                        f"!= l4_len {o['l4_len']}")
        if o["family"] == 6 and not o["ip6_ext"] and ip["payload_len"] != o["l4_len"]:
            mism.append(f"IPv6 payload_len {ip['payload_len']} != l4_len {o['l4_len']}")
    suite.check(p.returncode == 0 and (seen or not recs) and not mism,
                f"{name}: --json -s 0 carries IP header fields ({seen} records)", mism[:5])
    return recs


def check_tshark(suite, y, name, expected_tsv, frames):
    p, rows = tshark_rows(y, ["frame.number"] + FLAG_COLS)
    err = [l for l in text(p.stderr) if not TSHARK_NOTICE.match(l)]
    suite.check(p.returncode == 0 and not err, f"{name}: tshark -r reads it without a warning",
                err + [f"exit {p.returncode}"])
    base = name.split(" ")[0]
    if base in TSHARK_DELIBERATE:
        print(f"  {name}: analysis not compared: {TSHARK_DELIBERATE[base]}")
        return
    if not os.path.exists(expected_tsv) or not rows:
        return
    with open(expected_tsv, encoding="utf-8") as f:
        exp = [l.rstrip("\n").split("\t") for l in f]
    hdr, by_frame = exp[0], {r[0]: r for r in exp[1:]}
    idx = [hdr.index(c) for c in FLAG_COLS]
    mism = []
    for k, row in enumerate(rows[1:]):
        if k >= len(frames):
            mism.append(f"extra frame {row[0]}")
            break
        e = by_frame.get(str(frames[k]))
        if e is None:
            continue
        want = [e[i] if i < len(e) else "" for i in idx]
        got = row[1:] + [""] * (len(FLAG_COLS) + 1 - len(row))
        if want != got:
            mism.append(f"frame {frames[k]} (rebuilt {row[0]}): want {want} got {got}")
    suite.check(not mism, f"{name}: tshark analysis flags equal the corpus's", mism)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default="build/tcplens")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..", "shared",
                                                     "conformance"))
    args = ap.parse_args()
    suite = Suite()
    for tool in ("tcpdump", "tshark"):
        if not shutil.which(tool):
            if os.environ.get("CI") == "true":
                suite.check(False, f"{tool} not installed (make deps)")
            else:
                print(f"outputs: SKIP: {tool} not installed (make deps)")
            print(f"outputs: {suite.passed} passed, {suite.failed} failed")
            return 1 if suite.failed else 0
    mode_args = ["-n"] + ([] if os.geteuid() == 0 else ["--no-bpf"])
    tmp = tempfile.mkdtemp(prefix="tcplens-outputs.")
    try:
        for sub in ("tcpdump-tests", "synthetic"):
            base = os.path.join(args.corpus, sub)
            with open(os.path.join(base, "tests.tsv")) as f:
                rows = [l.rstrip("\n").split("\t") for l in f][1:]
            for row in rows:
                name, pcap, link = row[0], os.path.join(base, row[1]), row[2]
                if link not in conf.SUPPORTED:
                    continue
                want = conf.tcp_lines(os.path.join(base, "expected", f"{name}.nodecode.out"),
                                      "nodecode")
                p = run([args.tcplens, "-n", "-T", "vat", "-r", pcap] + mode_args)
                live_text = text(p.stdout)
                suite.check(live_text == want, f"{name}: tcplens -r equals the oracle",
                            diff(want, live_text))
                recs = check_json(suite, args.tcplens, pcap, name, mode_args, live_text)
                for fmt, extra in (("pcapng", []), ("pcap", ["--pcap"])):
                    y = os.path.join(tmp, f"{name}.{fmt}")
                    p = run([args.tcplens, "-r", pcap, "-w", y] + extra + mode_args)
                    if not suite.check(p.returncode == 0 and not p.stdout,
                                       f"{name}: -w {fmt} exits 0 and prints no text",
                                       text(p.stderr)[-3:]):
                        continue
                    p = run(["tcpdump", "-nn", "-T", "vat", "-r", y])
                    got = normalise(tcp_only(text(p.stdout)), name, fmt)
                    wantn = normalise(live_text, name, fmt)
                    suite.check(p.returncode == 0 and got == wantn,
                                f"{name}: tcpdump -T vat -r {fmt} equals tcplens -r",
                                diff(wantn, got) + text(p.stderr)[-2:])
                    p = run(["tcpdump", "-nn", "-r", y])
                    got = [upto_length(l) for l in normalise(tcp_only(text(p.stdout)), name,
                                                             fmt)]
                    wantp = [upto_length(l) for l in wantn]
                    suite.check(p.returncode == 0 and got == wantp,
                                f"{name}: tcpdump -nn -r {fmt} equals up to 'length N'",
                                diff(wantp, got))
                    if fmt == "pcap":
                        # -s 0: the real frames, so tcpdump's own decoders see the payload.
                        ys = os.path.join(tmp, f"{name}.s0.{fmt}")
                        p = run([args.tcplens, "-r", pcap, "-s", "0", "-w", ys] + extra +
                                mode_args)
                        # Lines tcplens has no record for: TCP inside a UDP tunnel.
                        wantd = normalise([l for l in conf.tcp_lines(os.path.join(
                            base, "expected", f"{name}.nn.out"), "nn") if "Geneve" not in l],
                                          name, fmt)
                        p = run(["tcpdump", "-nn", "-r", ys])
                        got = normalise(tcp_only(text(p.stdout)), name, fmt)
                        if name in FRAME_CUT:
                            print(f"  {name}: -s 0 -w {fmt}: deliberate difference: "
                                  f"{FRAME_CUT[name]}")
                            wantd = got
                        suite.check(got == wantd,
                                    f"{name}: -s 0 -w {fmt}: tcpdump -nn reads the real frames",
                                    diff(wantd, got))
                    if recs is not None:
                        check_tshark(suite, y, f"{name} ({fmt})",
                                     os.path.join(base, "expected", f"{name}.tshark.tsv"),
                                     [o["frame"] for o in recs])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"outputs: {suite.passed} passed, {suite.failed} failed")
    return 1 if suite.failed or not suite.passed else 0


if __name__ == "__main__":
    sys.exit(main())
