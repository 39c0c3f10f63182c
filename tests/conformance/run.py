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

The output forms (-v, -vv, -e, -q, -A, -x, -X, -XX) are compared block by block: a TCP
block is the line of a TCP segment and its continuation lines (-v's second line, the dumps)
in `expected/NAME.nn{v,vv,e,q,A,x,X,XX}.out`, made with tcpdump's payload decoders on, as
tcplens runs them. Per-form totals come last.
"""
import argparse
import difflib
import os
import re
import struct
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
# What a Linux cooked header puts before IP without -e: SLL2's interface and direction, the
# inner types of 802.1Q tags in SLL and SLL2.
COOKED = r"(?:\S+ +(?:In|Out|B|M|P|\?) +)?(?:ethertype [^,]+, )*"
TCP = re.compile(r"^" + COOKED + r"(?:IP6? .*(: Flags \[|\[\|tcp\]|:  tcp \d+ \[bad hdr length )|"
                 r"IP bad-len 0$)")

# Deliberate differences: (capture, reason); an entry here must also be in the README's list
# of differences from tcpdump. Only the decoded forms can differ here.
DELIBERATE = {"telnet-iac-check-oobr": "its 65,535-byte frame is cut at 65,280 bytes, the most "
                                       "a record carries: the telnet decoder stops earlier"}

# Decoders not written yet (README): tcplens must print the -T vat line for these captures.
NOT_DONE = {}
# Forms whose decoder text is not written for these captures (none today; README lists the
# decoders not written): tcplens prints the -T vat line there, so the decoder text is stripped
# on both sides.
FORM_NOT_DONE = {}
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

# The output forms: expected file suffix and tcplens options.
FORMS = [("nnv", ["-nn", "-v"]), ("nnvv", ["-nn", "-vv"]), ("nne", ["-nn", "-e"]),
         ("nnq", ["-nn", "-q"]),
         ("nnA", ["-nn", "-A"]), ("nnx", ["-nn", "-x"]), ("nnX", ["-nn", "-X"]),
         ("nnXX", ["-nn", "-XX"])]

# A frame's output starts with its time stamp (the forms' files use the default format,
# TZ=UTC), or is tcpdump's "[Invalid header: ...]" line; everything else continues a block.
BLOCK_START = re.compile(r"^(\d\d:\d\d:\d\d\.\d+ |\[Error converting time\] |\[Invalid header)")
HEX_LINE = re.compile(r"^\t0x[0-9a-f]{4,}:  ")
# What tcp_print itself prints after "length N" (not a decoder): the header not captured,
# and -v's RST payload.
TCP_TRAILER = re.compile(r"^( \[remaining caplen\(\d+\) < header length\(\d+\)\] \[\|tcp\]|"
                         r" \[!?RST\+? .*\])$")
TCP_LENGTH = re.compile(r"(Flags \[[^\]]*\].*?, length \d+)(.*)$")
# A decoder's truncation mark alone on a line ("[|BGP Update]").
DECODER_TRUNC_LINE = re.compile(r"^\[\|[^\]]*\]$")
# Frame bytes a record carries at most (TL_FRAME_MAX, include/tcplens.h): a longer frame
# prints as tcpdump prints a frame cut there (README), a deliberate difference.
FRAME_MAX = 65280


def strip_ts(line, variant):
    if variant == "nodecode-t":
        return line
    return TS.sub("", line, count=1)


def tcp_lines(path, variant):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [l.rstrip("\n") for l in f if TCP.search(strip_ts(l.rstrip("\n"), variant))]


def blocks(lines):
    """Lines grouped per frame: a block starts at a time stamp or an [Invalid header] line."""
    out = []
    for l in lines:
        if BLOCK_START.match(l) or not out:
            out.append([l])
        else:
            out[-1].append(l)
    return out


def strip_decoder(block, form):
    """The block without payload-decoder text: (block, whether the decoder was cut short).

    The TCP line (the first, or -v's second) loses what a decoder printed after "length N";
    the decoders' own lines after it go too: all of them with -v, -e, -q, the ones before the dump
    with -x/-X (not hex lines) and -A (tab-indented, or a lone "[|proto]").

    Only for the captures in NOT_DONE, whose decoders tcplens does not have: every other
    block is compared whole, decoder text included.
    """
    out, cut = [], False
    tcp_at = None
    for i, l in enumerate(block):
        if tcp_at is None and i <= 1:
            m = TCP_LENGTH.search(l)
            if m:
                tcp_at = i
                if m.group(2) and not TCP_TRAILER.match(m.group(2)):
                    cut |= "[|" in m.group(2)
                    l = l[:m.end(1)]
            out.append(l)
            continue
        if tcp_at is not None and form in ("nnv", "nnvv", "nne", "nnq"):
            cut |= "[|" in l
            continue
        if tcp_at is not None and form in ("nnx", "nnX", "nnXX") and not HEX_LINE.match(l):
            cut |= "[|" in l
            continue
        if tcp_at is not None and form == "nnA" and len(out) == tcp_at + 1 and (
                l.startswith("\t") or DECODER_TRUNC_LINE.match(l)):
            cut |= "[|" in l
            continue
        out.append(l)
    return "\n".join(out), cut


def dump_from_link(a, b, form):
    """a and b differ only in their hex/ASCII dump (where it starts)."""
    if form not in ("nnA", "nnx", "nnX", "nnXX"):
        return False
    return a.split("\n", 1)[0] == b.split("\n", 1)[0]


def frame_caplens(path):
    """The captured length of every frame of a pcap or pcapng file, in order."""
    with open(path, "rb") as f:
        d = f.read()
    out = []
    if d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        o = 24
        while o + 16 <= len(d):
            cl = struct.unpack(e + "I", d[o + 8:o + 12])[0]
            out.append(cl)
            o += 16 + cl
        return out
    o, e = 0, "<"
    while o + 12 <= len(d):
        btype = struct.unpack(e + "I", d[o:o + 4])[0]
        if btype == 0x0A0D0D0A:
            e = "<" if d[o + 8:o + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        blen = struct.unpack(e + "I", d[o + 4:o + 8])[0]
        if btype in (2, 6):
            out.append(struct.unpack(e + "I", d[o + 20:o + 24])[0])
        elif btype == 3:
            out.append(min(struct.unpack(e + "I", d[o + 8:o + 12])[0], blen - 16))
        if blen < 12:
            break
        o += blen
    return out


def tcp_frames(base, name):
    """Indexes of the frames tcplens prints a line for: TCP lines of the -T vat oracle."""
    lines = tcp_file_lines(os.path.join(base, "expected", f"{name}.nodecode.out"))
    return [i for i, b in enumerate(blocks(lines))
            if TCP.search(strip_ts(b[0], "nodecode"))], len(blocks(lines))


def tcp_file_lines(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [l.rstrip("\n") for l in f]


def run_and_compare(cmd, env, want, name, label):
    """Runs one tcplens command and compares its lines with tcpdump's; on a difference says
    which, with stderr's tail and the diff. Returns (passed, lines identical)."""
    p = subprocess.run(cmd, env=env, capture_output=True)
    got = p.stdout.decode("utf-8", "surrogateescape").splitlines()
    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    n_same = sum(b.size for b in sm.get_matching_blocks())
    if p.returncode == 0 and got == want:
        return True, n_same
    if name in DELIBERATE:
        print(f"  {label}: deliberate difference: {DELIBERATE[name]}")
        return True, n_same
    print(f"FAIL {label}: exit {p.returncode}, {n_same}/{len(want)} lines identical; "
          f"{' '.join(cmd)}")
    err = p.stderr.decode(errors="replace").strip().splitlines()
    for l in err[-3:]:
        print(f"    stderr: {l}")
    diff = list(difflib.unified_diff(want, got, "tcpdump", "tcplens", n=0, lineterm=""))
    for l in diff[:24]:
        print(f"    {l}")
    if len(diff) > 24:
        print(f"    ... {len(diff) - 24} more diff lines")
    return False, n_same


def run_forms(args, corpus, modes, env, totals):
    """Every output form of every capture, block by block. Returns (passed, failed)."""
    passed = failed = 0
    for sub in ("tcpdump-tests", "synthetic"):
        base = os.path.join(corpus, sub)
        with open(os.path.join(base, "tests.tsv")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        for row in rows:
            name, pcap, link = row[0], row[1], row[2]
            if link not in SUPPORTED:
                continue
            frames, n_frames = tcp_frames(base, name)
            caplens = frame_caplens(os.path.join(base, pcap))
            for form, opts in FORMS:
                path = os.path.join(base, "expected", f"{name}.{form}.out")
                exp = blocks(tcp_file_lines(path))
                if len(exp) != n_frames:
                    print(f"FAIL {sub}/{name} {form}: {len(exp)} blocks for {n_frames} frames")
                    failed += 1
                    continue
                strip = name in NOT_DONE or (form, name) in FORM_NOT_DONE

                def whole(b):
                    return strip_decoder(b, form) if strip else ("\n".join(b), False)
                want = [whole(exp[i]) + (caplens[i] if i < len(caplens) else 0,)
                        for i in frames]
                for mode in modes:
                    cmd = [args.tcplens, "-r", os.path.join(base, pcap)] + opts
                    if mode == "user":
                        cmd.append("--no-bpf")
                    p = subprocess.run(cmd, env=env, capture_output=True)
                    got = [whole(b)[0] for b in
                           blocks(p.stdout.decode("utf-8", "surrogateescape").splitlines())]
                    t = totals.setdefault((form, mode), [0, 0, 0, 0])
                    t[1] += len(want)
                    bad = []
                    for k, (w, cut, caplen) in enumerate(want):
                        g = got[k] if k < len(got) else None
                        if g == w:
                            t[0] += 1
                        elif g is not None and cut and dump_from_link(w, g, form):
                            t[2] += 1
                        elif g is not None and caplen > FRAME_MAX:
                            t[3] += 1
                        else:
                            bad.append((k, w, g))
                    if p.returncode == 0 and not bad and len(got) == len(want):
                        passed += 1
                        continue
                    failed += 1
                    print(f"FAIL {sub}/{name} {form} [{mode}]: exit {p.returncode}, "
                          f"{len(want) - len(bad)}/{len(want)} blocks identical, "
                          f"{len(got)} printed; {' '.join(cmd)}")
                    for k, w, g in bad[:2]:
                        print(f"    block {k}, tcpdump:")
                        for l in w.split("\n")[:6]:
                            print(f"      {l}")
                        print("    tcplens:")
                        for l in (g or "(none)").split("\n")[:6]:
                            print(f"      {l}")
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default="build/tcplens")
    ap.add_argument("--corpus", default=None, help="folder holding tcpdump-tests/ and synthetic/")
    ap.add_argument("--modes", default="bpf,user")
    ap.add_argument("--forms", default="numbers,names,forms",
                    help="numbers: the -T vat option sets (with -n); names: NAME.names.out; "
                         "forms: -v, -e, -x, ... (NAME.nn{v,vv,e,q,A,x,X,XX}.out)")
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
                    ok, n_same = run_and_compare(cmd, env, want, name,
                                                 f"{sub}/{name} {variant} [{mode}]")
                    same += n_same
                    lines += len(want)
                    if ok:
                        passed += 1
                    else:
                        failed += 1
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
                ok, n_same = run_and_compare(cmd, env, want, name, f"{sub}/{name} names [{mode}]")
                same += n_same
                names_same += n_same
                names_total += len(want)
                if ok:
                    passed += 1
                else:
                    failed += 1
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
    if "forms" in forms:
        totals = {}
        p, f = run_forms(args, corpus, modes, env, totals)
        passed += p
        failed += f
        for form, _ in FORMS:
            for mode in modes:
                same, n, pend, cut = totals.get((form, mode), [0, 0, 0, 0])
                extra = (f", {pend} waiting for the decoders (dump start, NOT_DONE)"
                         if pend else "")
                if cut:
                    extra += f", {cut} deliberate (frame over {FRAME_MAX} bytes, cut there)"
                print(f"conformance: form {form:5} [{mode:4}]: {same}/{n} TCP blocks "
                      f"identical{extra}")
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
