#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Payload decoders against tcpdump 4.99.3 on the shared corpus, one decoder text per frame.

For every capture of ../shared/conformance with a link type tcplens reads, decode_pcap runs
each TCP segment's captured payload through tl_decode_payload() (no record, no kernel) with
-v counts 0, 1 and 2, and the text from ", length N" to the end of the frame's block in
expected/NAME.nn.out, .nnv.out and .nnvv.out (tcpdump -nn, -nn -v, -nn -vv: decoders on)
must equal ", length N" and the decoder's text. Frames on the ports of decoders not written
yet are counted apart ("not done"), not as failures. Prints per-form totals, then
"decode: N passed, N failed".
"""
import argparse
import collections
import os
import re
import subprocess
import sys

FORMS = [("nn", 0), ("nnv", 1), ("nnvv", 2)]
SUPPORTED = {"EN10MB", "LINUX_SLL", "LINUX_SLL2", "RAW", "IPV4", "IPV6", "NULL", "LOOP"}

# print-tcp.c's order of port tests after "length N": the first that matches wins (Debian's
# tcpdump has no SMB printer: 139 and 445 are not tested).
ORDER = [("telnet", (23,)), ("smtp", (25,)), ("whois", (43,)), ("bgp", (179,)),
         ("pptp", (1723,)), ("resp", (6379,)), ("ssh", (22,)),
         ("beep", (10288,)), ("openflow", (6633, 6653)), ("ftp", (21,)),
         ("http", (80, 8080)), ("rtsp", (554, 8554)), ("domain", (53,)), ("msdp", (639,)),
         ("rpki-rtr", (323,)), ("ldp", (646,)), ("nfs", (2049,))]

# Decoders not written yet, by -v count: tcplens prints tcpdump -T vat's line (README).
NOT_DONE = {0: set(),
            1: set(),
            2: set()}

TS = re.compile(r"^\d\d:\d\d:\d\d\.\d{6} ")
TH_RST = 0x04


def label(sport, dport, flags, vflag):
    if flags & TH_RST and vflag:
        return "rst"
    for name, ports in ORDER:
        if sport in ports or dport in ports:
            return name
    return "other"


def blocks(path):
    """The frames' texts: a block starts at each line with a time stamp."""
    out = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\n")
            if TS.match(line) or not out:
                out.append([line])
            else:
                out[-1].append(line)
    return ["\n".join(b) for b in out]


def unescape(s):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def tool_rows(tool, pcap, vflag):
    p = subprocess.run([tool, "-v", str(vflag), pcap], capture_output=True)
    rows = {}
    for line in p.stdout.decode("utf-8", "surrogateescape").splitlines():
        f = line.split("\t", 5)
        if len(f) == 6:
            rows[int(f[0])] = (f[1], int(f[2]), int(f[3]), int(f[4]), unescape(f[5]))
        elif len(f) >= 2 and f[0].isdigit():
            rows[int(f[0])] = None
    return p.returncode, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default="build/tests/decode_pcap")
    ap.add_argument("--corpus", default=None, help="folder holding tcpdump-tests/ and synthetic/")
    ap.add_argument("--show", type=int, default=10, help="mismatches to print per form")
    args = ap.parse_args()
    corpus = args.corpus or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "..", "..", "..", "shared", "conformance")
    if not os.path.isdir(corpus) or not os.access(args.tool, os.X_OK):
        print(f"decode: corpus {corpus} or tool {args.tool} missing (make tests)")
        print("decode: 0 passed, 1 failed")
        return 1

    passed = failed = 0
    for form, vflag in FORMS:
        t = collections.Counter()
        by = collections.defaultdict(collections.Counter)
        shown = 0
        skipped = []
        for sub in ("tcpdump-tests", "synthetic"):
            base = os.path.join(corpus, sub)
            with open(os.path.join(base, "tests.tsv")) as f:
                rows = [l.rstrip("\n").split("\t") for l in f][1:]
            for row in rows:
                name, pcap, link = row[0], os.path.join(base, row[1]), row[2]
                if link not in SUPPORTED:
                    continue
                want = blocks(os.path.join(base, "expected", f"{name}.{form}.out"))
                rc, got = tool_rows(args.tool, pcap, vflag)
                if rc != 0:
                    t["tool failed"] += 1
                    failed += 1
                    print(f"FAIL {form} {name}: decode_pcap exit {rc}")
                    continue
                if len(got) != len(want):
                    # tcpdump printed a different number of frames (an unreadable record
                    # header): frames cannot be paired.
                    skipped.append(name)
                    continue
                for n in sorted(got):
                    r = got[n]
                    if r is None:
                        continue
                    status, sport, dport, flags, text = r
                    blk = want[n - 1]
                    at = blk.find(" Flags [")
                    at = blk.find(", length ", at) if at >= 0 else -1
                    lab = label(sport, dport, flags, vflag)
                    if at < 0:
                        t["no TCP line in tcpdump's block"] += 1
                        continue
                    exp = blk[at:]
                    empty = text == re.match(r", length \d+", text).group(0) and \
                        text.endswith(" 0")
                    if empty:
                        t["no payload"] += 1
                        if exp == text:
                            passed += 1
                        else:
                            failed += 1
                            t["differ"] += 1
                        continue
                    t["payload"] += 1
                    if exp == text:
                        t["match"] += 1
                        by[lab]["match"] += 1
                        passed += 1
                    elif lab in NOT_DONE[vflag]:
                        t["not done"] += 1
                        by[lab]["not done"] += 1
                    else:
                        t["differ"] += 1
                        by[lab]["differ"] += 1
                        failed += 1
                        if shown < args.show:
                            shown += 1
                            print(f"FAIL {form} {name} frame {n} ({lab}, {status})")
                            print(f"    want: {exp!r}")
                            print(f"    got:  {text!r}")
        print(f"decode {form}: {t['payload']} segments with payload: {t['match']} match, "
              f"{t['differ']} differ, {t['not done']} on decoders not done; "
              f"{t['no payload']} without payload"
              + (f"; captures not paired: {', '.join(skipped)}" if skipped else ""))
        for lab in sorted(by):
            c = by[lab]
            print(f"    {lab}: " + ", ".join(f"{k} {c[k]}" for k in ("match", "differ",
                                                                     "not done") if c[k]))
    print(f"decode: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
