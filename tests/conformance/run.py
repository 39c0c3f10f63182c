#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Conformance: `tcplens -r` against tcpdump 4.99.3's own output for every capture.

For every capture of ../shared/conformance with a link type tcplens reads, and for each
option set (none, -S, -t, -tt, -ttt, -tttt, -ttttt), the TCP lines of the oracle
`expected/NAME.nodecode[-X].out` (tcpdump -nn -T vat: no payload decoders) must equal what
tcplens -T vat prints, line for line and in order; and those of NAME.nn[S|tt].out (decoders
on) what tcplens prints by default (the decoders' continuation lines: tests/decode). Each case runs twice: through the BPF program
with BPF_PROG_TEST_RUN and through the user-space build of the same parser (--no-bpf).

The names form: `expected/NAME.names.out` is tcpdump without -n (port names from
/etc/services, host names by reverse lookup), made in a network namespace with no network
(every DNS lookup fails at once) and ../shared/conformance/hosts.names bind-mounted over
/etc/hosts (see regen.sh). tcplens runs the same way, without -n, and each TCP line of the
oracle must come out, through both parsers. A frame's line is a TCP line when its line in
NAME.nodecode.out is: decoded payloads can carry TCP in UDP (Geneve), which is not ours.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys

# tcpdump -nn -T vat (every TCP payload decoder off) with each time stamp option, and
# tcpdump -nn with its decoders, as tcplens runs by default.
VARIANTS = [("nodecode", ["-T", "vat"]), ("nodecode-S", ["-T", "vat", "-S"]),
            ("nodecode-t", ["-T", "vat", "-t"]), ("nodecode-tt", ["-T", "vat", "-tt"]),
            ("nodecode-ttt", ["-T", "vat", "-ttt"]), ("nodecode-tttt", ["-T", "vat", "-tttt"]),
            ("nodecode-ttttt", ["-T", "vat", "-ttttt"]),
            ("nn", []), ("nnS", ["-S"]), ("nntt", ["-tt"])]

SUPPORTED = {"EN10MB", "LINUX_SLL", "LINUX_SLL2", "RAW", "IPV4", "IPV6", "NULL", "LOOP"}

# Lines tcpdump prints for a TCP segment, once the time stamp is taken off. Everything else
# (ARP, UDP, ICMP, non-first fragments "ip-proto-6" / "frag (40|44)", IP-level errors) is
# not a TCP line: tcplens counts those packets and prints nothing for them.
TS = re.compile(r"^([ -]?\[Error converting time\] |-?\d\d:\d\d:\d\d\.\d+ | \d\d:\d\d:\d\d\.\d+ |"
                r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ |\d+\.\d+ )")
TCP = re.compile(r"^IP6? .*(: Flags \[|\[\|tcp\]|:  tcp \d+ \[bad hdr length )|^IP bad-len 0$")

# Deliberate differences: (capture, reason); an entry here must also be in the README's list
# of differences from tcpdump. Only the decoded forms can differ here.
DELIBERATE = {"telnet-iac-check-oobr": "its 65,535-byte frame is cut at 65,280 bytes, the most "
                                       "a record carries: the telnet decoder stops earlier"}

# Decoders not written yet (README): tcplens must print the -T vat line for these captures.
NOT_DONE = {"hoobr_nfs_printfh": "NFS", "nfs-write-verf-cookie": "NFS",
            "unaligned-nfs-1": "NFS"}
VAT_OF = {"nn": "nodecode", "nnS": "nodecode-S", "nntt": "nodecode-tt"}


# Frames are told apart by the time stamp that starts their first line.
FRAME = re.compile(r"^-?\d\d:\d\d:\d\d\.\d+ |^\[Error converting time\] ")


def frame_lines(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [l.rstrip("\n") for l in f if FRAME.match(l)]


def frame_blocks(path):
    """Each frame's lines: its first line and the decoders' continuation lines (a tab)."""
    blocks = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for l in f:
            l = l.rstrip("\n")
            if l.startswith("\t") and blocks:
                blocks[-1].append(l)
            elif l:
                blocks.append([l])
    return blocks


def decoded_lines(base, name, form):
    """The TCP blocks of a decoded oracle (names, nn, nnS, nntt), or None when its frames do
    not pair with nodecode's. A frame is TCP when its -T vat line is: decoders can print TCP
    inside UDP (Geneve), which is not ours."""
    blocks = frame_blocks(os.path.join(base, "expected", f"{name}.{form}.out"))
    plain = frame_blocks(os.path.join(base, "expected", f"{name}.nodecode.out"))
    if len(blocks) != len(plain):
        return None
    return [l for b, p in zip(blocks, plain) if TCP.search(strip_ts(p[0], "nodecode"))
            for l in b]


def names_prefix(hosts):
    """The command prefix that gives tcplens the oracle's resolver: no network, hosts.names.

    Root gets a mount and a network namespace, as regen.sh did; anyone else a user namespace
    as well, where the kernel allows one. None when neither works."""
    script = 'mount --bind "$1" /etc/hosts && shift && exec "$@"'
    for pre in (["unshare", "-m", "-n"], ["unshare", "-r", "-m", "-n"]):
        if pre == ["unshare", "-m", "-n"] and os.geteuid() != 0:
            continue
        p = subprocess.run(pre + ["sh", "-c", script, "sh", hosts, "true"],
                           capture_output=True)
        if p.returncode == 0:
            return pre + ["sh", "-c", script, "sh", hosts]
    return None


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
    ap.add_argument("--forms", default="numbers,names",
                    help="numbers: the -T vat option sets (with -n); names: NAME.names.out")
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

    forms = args.forms.split(",")
    prefix = None
    if "names" in forms:
        prefix = names_prefix(os.path.join(corpus, "hosts.names"))
        if prefix is None:
            if os.environ.get("CI") == "true":
                print("conformance: cannot make a mount and network namespace for the names "
                      "form (a failure under CI)")
                print("conformance: 0 passed, 1 failed")
                return 1
            print("conformance: SKIP names form: no mount/network namespace (needs root or "
                  "user namespaces)")
            forms = [f for f in forms if f != "names"]

    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    passed = failed = skipped = 0
    total_same = total_lines = 0
    names_same = names_total = 0
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
                for variant, opts in (VARIANTS if "numbers" in forms else []):
                    if variant.startswith("nodecode"):
                        want = tcp_lines(os.path.join(base, "expected",
                                                      f"{name}.{variant}.out"), variant)
                    elif name in NOT_DONE:
                        want = tcp_lines(os.path.join(base, "expected",
                                                      f"{name}.{VAT_OF[variant]}.out"),
                                         VAT_OF[variant])
                    else:
                        want = decoded_lines(base, name, variant) or []
                    cmd = [args.tcplens, "-n", "-r", os.path.join(base, pcap)] + opts
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
            if "numbers" in forms:
                print(f"  {sub}/{name}: {same}/{lines} TCP lines identical "
                      f"({len(VARIANTS)} option sets x {len(modes)} parsers)")
            if "names" not in forms:
                continue
            want = decoded_lines(base, name, "names")
            if want is not None and name in NOT_DONE:
                want = [re.sub(r"(, length \d+).*", r"\1", l) for l in want]
            if want is None:
                failed += 1
                print(f"FAIL {sub}/{name} names: its frames in names.out and nodecode.out "
                      "do not pair")
                continue
            same = 0
            for mode in modes:
                cmd = prefix + [os.path.abspath(args.tcplens), "-r", os.path.join(base, pcap)]
                if mode == "user":
                    cmd.append("--no-bpf")
                p = subprocess.run(cmd, env=env, capture_output=True)
                got = p.stdout.decode("utf-8", "surrogateescape").splitlines()
                sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
                n_same = sum(b.size for b in sm.get_matching_blocks())
                same += n_same
                names_same += n_same
                names_total += len(want)
                if p.returncode == 0 and got == want:
                    passed += 1
                    continue
                if name in DELIBERATE:
                    print(f"  {sub}/{name} names [{mode}]: deliberate difference: "
                          f"{DELIBERATE[name]}")
                    passed += 1
                    continue
                failed += 1
                print(f"FAIL {sub}/{name} names [{mode}]: exit {p.returncode}, "
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
            print(f"  {sub}/{name}: {same}/{len(want) * len(modes)} TCP lines identical "
                  f"(names, {len(modes)} parsers)")
    if "numbers" in forms:
        print(f"conformance: numbers: {total_same}/{total_lines} TCP lines identical "
              f"({len(VARIANTS)} option sets x {len(modes)} parsers)")
    if "names" in forms:
        print(f"conformance: names: {names_same}/{names_total} TCP lines identical "
              f"({len(modes)} parsers)")
    print(f"conformance: {total_same + names_same}/{total_lines + names_total} TCP lines "
          f"identical in total, {skipped} captures skipped (unsupported link type)")
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
