#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Conformance: `tcplens -r` against tcpdump 4.99.3's own output for every capture.

For every capture of ../shared/conformance with a link type tcplens reads, and for each
option set (none, -S, -t, -tt, -ttt, -tttt, -ttttt), the TCP lines of the oracle
`expected/NAME.nodecode[-X].out` (tcpdump -nn -T vat: no payload decoders) must equal what
tcplens prints, line for line and in order. Each case runs twice: through the BPF program
with BPF_PROG_TEST_RUN and through the user-space build of the same parser (--no-bpf).
"""
import argparse
import difflib
import os
import re
import subprocess
import sys

VARIANTS = [("nodecode", []), ("nodecode-S", ["-S"]), ("nodecode-t", ["-t"]),
            ("nodecode-tt", ["-tt"]), ("nodecode-ttt", ["-ttt"]),
            ("nodecode-tttt", ["-tttt"]), ("nodecode-ttttt", ["-ttttt"])]

SUPPORTED = {"EN10MB", "LINUX_SLL", "LINUX_SLL2", "RAW", "IPV4", "IPV6", "NULL", "LOOP"}

# Lines tcpdump prints for a TCP segment, once the time stamp is taken off. Everything else
# (ARP, UDP, ICMP, non-first fragments "ip-proto-6" / "frag (40|44)", IP-level errors) is
# not a TCP line: tcplens counts those packets and prints nothing for them.
TS = re.compile(r"^([ -]?\[Error converting time\] |-?\d\d:\d\d:\d\d\.\d+ | \d\d:\d\d:\d\d\.\d+ |"
                r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ |\d+\.\d+ )")
TCP = re.compile(r"^IP6? .*(: Flags \[|\[\|tcp\]|:  tcp \d+ \[bad hdr length )|^IP bad-len 0$")

# Deliberate differences: (capture, reason). None today; an entry here must also be in the
# README's list of differences from tcpdump.
DELIBERATE = {}


def strip_ts(line, variant):
    if variant == "nodecode-t":
        return line
    return TS.sub("", line, count=1)


def tcp_lines(path, variant):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [l.rstrip("\n") for l in f if TCP.search(strip_ts(l.rstrip("\n"), variant))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default="build/tcplens")
    ap.add_argument("--corpus", default=None, help="folder holding tcpdump-tests/ and synthetic/")
    ap.add_argument("--modes", default="bpf,user")
    args = ap.parse_args()

    corpus = args.corpus or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "..", "..", "..", "shared", "conformance")
    if not os.path.isdir(corpus):
        print(f"conformance: corpus not found at {corpus}", file=sys.stderr)
        print("conformance: 0 passed, 1 failed")
        return 1
    modes = args.modes.split(",")
    if "bpf" in modes and os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            print("conformance: not root: the BPF mode cannot run (a failure under CI)")
            print("conformance: 0 passed, 1 failed")
            return 1
        print("conformance: SKIP bpf mode: needs root (BPF_PROG_TEST_RUN)")
        modes = [m for m in modes if m != "bpf"]

    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    passed = failed = skipped = 0
    total_same = total_lines = 0
    for sub in ("tcpdump-tests", "synthetic"):
        base = os.path.join(corpus, sub)
        with open(os.path.join(base, "tests.tsv")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        for row in rows:
            name, pcap, link = row[0], row[1], row[2]
            if link not in SUPPORTED:
                print(f"  {sub}/{name}: skipped, link type {link} is not one tcplens reads")
                skipped += 1
                continue
            same = lines = 0
            for mode in modes:
                for variant, opts in VARIANTS:
                    want = tcp_lines(os.path.join(base, "expected", f"{name}.{variant}.out"),
                                     variant)
                    cmd = [args.tcplens, "-r", os.path.join(base, pcap)] + opts
                    if mode == "user":
                        cmd.append("--no-bpf")
                    p = subprocess.run(cmd, env=env, capture_output=True)
                    got = p.stdout.decode("utf-8", "surrogateescape").splitlines()
                    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
                    n_same = sum(b.size for b in sm.get_matching_blocks())
                    same += n_same
                    lines += len(want)
                    if p.returncode == 0 and got == want:
                        passed += 1
                        continue
                    if name in DELIBERATE:
                        print(f"  {sub}/{name} {variant} [{mode}]: deliberate difference: "
                              f"{DELIBERATE[name]}")
                        passed += 1
                        continue
                    failed += 1
                    print(f"FAIL {sub}/{name} {variant} [{mode}]: exit {p.returncode}, "
                          f"{n_same}/{len(want)} lines identical; {' '.join(cmd)}")
                    err = p.stderr.decode(errors="replace").strip().splitlines()
                    for l in err[-3:]:
                        print(f"    stderr: {l}")
                    diff = list(difflib.unified_diff(want, got, "tcpdump", "tcplens", n=0,
                                                     lineterm=""))
                    for l in diff[:24]:
                        print(f"    {l}")
                    if len(diff) > 24:
                        print(f"    ... {len(diff) - 24} more diff lines")
            total_same += same
            total_lines += lines
            print(f"  {sub}/{name}: {same}/{lines} TCP lines identical "
                  f"({len(VARIANTS)} option sets x {len(modes)} parsers)")
    print(f"conformance: {total_same}/{total_lines} TCP lines identical in total, "
          f"{skipped} captures skipped (unsupported link type)")
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
