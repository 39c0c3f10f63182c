#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Filters, differential: for every expression of expressions.txt, the TCP lines of
`tcplens -S -r CAPTURE EXPR` must equal those of `tcpdump -nn -S -T vat -r CAPTURE EXPR`, and
when tcpdump refuses the expression tcplens must refuse it too.

Loading the BPF object takes about a second, so the captures of ../shared/conformance are
first merged into one file per link type (all of their frames, in order); -S keeps the lines
free of the relative-sequence state that would otherwise join flows of different captures.
"""
import argparse
import concurrent.futures
import importlib.util
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")


def conformance_module():
    """The corpus runner's notion of a TCP line, so both tests cut lines the same way."""
    spec = importlib.util.spec_from_file_location(
        "tl_conformance", os.path.join(ROOT, "tests", "conformance", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def expressions(path):
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def merge(corpus, supported, tmp):
    """One microsecond pcap per link type, made of every capture of that type."""
    groups = {}
    for sub in ("tcpdump-tests", "synthetic"):
        base = os.path.join(corpus, sub)
        with open(os.path.join(base, "tests.tsv")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        for name, pcap, link in (r[:3] for r in rows):
            if link in supported:
                groups.setdefault(link, []).append((name, os.path.join(base, pcap)))
    merged = {}
    for link, caps in sorted(groups.items()):
        out = os.path.join(tmp, f"{link}.pcap")
        header, records = None, []
        for name, path in caps:
            # tcpdump -w turns pcapng and nanosecond files into plain microsecond pcap.
            conv = os.path.join(tmp, f"{name}.pcap")
            subprocess.run(["tcpdump", "-r", path, "-w", conv], capture_output=True,
                           check=True)
            with open(conv, "rb") as f:
                data = f.read()
            if header is None:
                header = bytearray(data[:24])
            snap = struct.unpack_from("<I", data, 16)[0]
            if snap > struct.unpack_from("<I", header, 16)[0]:
                struct.pack_into("<I", header, 16, snap)
            records.append(data[24:])
        with open(out, "wb") as f:
            f.write(bytes(header) + b"".join(records))
        merged[link] = (out, [n for n, _ in caps])
    return merged


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, env=dict(os.environ, TZ="UTC", LC_ALL="C"))
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape").splitlines(), \
        p.stderr.decode(errors="replace")


def compare(conf, tcplens, link, path, expr):
    rc_d, out_d, _ = run(["tcpdump", "-nn", "-S", "-T", "vat", "-r", path, expr])
    rc_l, out_l, err_l = run([tcplens, "-n", "-S", "-T", "vat", "-r", path, expr])
    if rc_d != 0:
        if rc_l != 0:
            return True, f"both refuse '{expr}' on {link}"
        return False, f"tcpdump refuses '{expr}' on {link}, tcplens accepts it"
    if rc_l != 0 and "reads past byte" in err_l:
        # Replay gives the kernel a frame's first 512 bytes: tcplens must say so, not guess.
        return True, f"'{expr}' on {link}: refused, reads past what replay passes"
    want = [l for l in out_d if conf.TCP.search(conf.strip_ts(l, "nodecode-S"))]
    got = [l for l in out_l if conf.TCP.search(conf.strip_ts(l, "nodecode-S"))]
    if rc_l == 0 and want == got:
        return True, f"'{expr}' on {link}: {len(got)} TCP lines"
    msg = [f"'{expr}' on {link}: exit {rc_l}, {len(want)} TCP lines wanted, {len(got)} got"]
    msg += [f"    stderr: {l}" for l in err_l.strip().splitlines()[-3:]]
    wl, gl = set(want), set(got)
    msg += [f"    only tcpdump: {l}" for l in want if l not in gl][:5]
    msg += [f"    only tcplens: {l}" for l in got if l not in wl][:5]
    return False, "\n".join(msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default=os.path.join(ROOT, "build", "tcplens"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "conformance"))
    ap.add_argument("--expressions", default=os.path.join(HERE, "expressions.txt"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            print("differential: not root: BPF cannot load (a failure under CI)")
            print("differential: 0 passed, 1 failed")
            return 1
        print("differential: SKIP: needs root to load the BPF programs")
        print("differential: 0 passed, 0 failed")
        return 0
    conf = conformance_module()
    exprs = expressions(args.expressions)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="tl-filter-") as tmp:
        merged = merge(args.corpus, conf.SUPPORTED, tmp)
        for link, (path, names) in merged.items():
            print(f"  {link}: {len(names)} captures merged")
        jobs = [(link, path, e) for link, (path, _) in merged.items() for e in exprs]
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            for ok, msg in ex.map(lambda j: compare(conf, args.tcplens, *j), jobs):
                if ok and "refused" in msg:
                    print(f"  {msg}")
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {msg}")
    print(f"differential: {len(exprs)} expressions x {len(merged)} link types")
    print(f"differential: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
