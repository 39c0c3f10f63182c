#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Differential: mutated frames through the kernel parser, the user-space parser and tcpdump.

Every frame of the corpus (../shared/conformance, link types tcplens reads) plus
DIFF_MUTATIONS seeded mutations of each (bit flips, truncations, IPv4/IPv6/TCP length and
offset fields, fragment fields, extension headers and their options, rewritten TCP options,
IPv4 options and header fields, RST payloads, another link-layer wrapping: Ethernet with 0-3
VLAN tags or 802.3 LLC/SNAP, SLL and SLL2 with 802.1Q tags and 802.2, raw, NULL, LOOP) go
into one pcap per link
type. For each file and each option set (default, -S, and the output forms -e, -v, -vv,
-q, -x, -xx, -X, -XX, -A in combinations) two checks:
  bpf=user   `tcplens -r F` (BPF_PROG_TEST_RUN) and `tcplens -r F --no-bpf` print the same;
  tcpdump    its output equals the TCP lines of `tcpdump -nn -T vat -r F` (TZ=UTC), picked
             exactly as tests/conformance/run.py picks them; with a form, every line tcpdump
             prints for a frame whose plain line is a TCP line (-v's second line, dumps).
The captures under tests/fuzz/regress/differential/ (inputs that once disagreed) are checked
the same way. A disagreement names the frame: its number in the file and the mutations that
made it; --keep DIR keeps the files. DIFF_SEED (default 1) and DIFF_MUTATIONS (default 20,
about 10,000 frames) are the knobs; `make fuzz` runs more.
"""
import argparse
import concurrent.futures
import difflib
import glob
import importlib.util
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from mutations import LT_ALIAS, LT_EN10MB, LT_NAMES, VLAN_TPIDS, Frame, ip_offset, mutate

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
REGRESS = os.path.join(HERE, "regress", "differential")

# The plain sets first: the forms' sets take which frames are TCP from the default one.
OPTION_SETS = (("default", []), ("-S", ["-S"]), ("-e -v -X", ["-e", "-v", "-X"]),
               ("-vv -S -xx", ["-vv", "-S", "-xx"]), ("-q -e -A", ["-q", "-e", "-A"]),
               ("-x -tttt", ["-x", "-tttt"]), ("-XX -v", ["-XX", "-v"]))


def conformance_module():
    """The corpus runner's notion of a TCP line, so both tests cut lines the same way."""
    spec = importlib.util.spec_from_file_location(
        "tl_conformance", os.path.join(ROOT, "tests", "conformance", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_pcap(path, origin):
    """Frames of a classic pcap (either byte order, us or ns)."""
    with open(path, "rb") as f:
        buf = f.read()
    magic = struct.unpack_from("<I", buf, 0)[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        end = "<"
    else:
        end = ">"
        magic = struct.unpack_from(">I", buf, 0)[0]
    nano = magic == 0xa1b23c4d
    link = struct.unpack_from(end + "I", buf, 20)[0] & 0x0fffffff
    link = LT_ALIAS.get(link, link)
    frames, off, n = [], 24, 0
    while off + 16 <= len(buf):
        sec, frac, cap, wire = struct.unpack_from(end + "IIII", buf, off)
        off += 16
        n += 1
        frames.append(Frame(link, buf[off:off + cap], max(wire, cap), sec,
                            frac // 1000 if nano else frac, f"{origin}#{n}"))
        off += cap
    return frames


def write_pcap(path, link, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, link))
        for fr in frames:
            f.write(struct.pack("<IIII", fr.sec, fr.usec, len(fr.data), fr.wire))
            f.write(fr.data)


def corpus_frames(corpus, supported, tmp):
    """Every frame of every corpus capture tcplens reads, pcapng turned into pcap by tcpdump."""
    frames = []
    for sub in ("tcpdump-tests", "synthetic"):
        base = os.path.join(corpus, sub)
        with open(os.path.join(base, "tests.tsv")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        for name, pcap, link in (r[:3] for r in rows):
            if link not in supported:
                continue
            conv = os.path.join(tmp, f"corpus-{name}.pcap")
            subprocess.run(["tcpdump", "-r", os.path.join(base, pcap), "-w", conv],
                           capture_output=True, check=True)
            frames += [fr for fr in read_pcap(conv, name) if fr.link in LT_NAMES]
    return frames


# ---- Running and comparing -------------------------------------------------------------

# Frame n of a generated file is stamped BASE + n seconds (BASE is midnight UTC), so the
# HH:MM:SS of a line names its frame in every tool's output; the microseconds stay the
# original ones (odd fractions included).
BASE = 1699920000
CHUNK = 80000
STAMP = re.compile(r"^(?:\d{4}-\d\d-\d\d )?(\d\d):(\d\d):(\d\d)\.")


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, env=dict(os.environ, TZ="UTC", LC_ALL="C"))
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape").splitlines(), \
        p.stderr.decode(errors="replace")


def per_frame(lines, n):
    """Lines of one tool's output grouped by frame; continuation lines go with the last."""
    out, cur = [[] for _ in range(n)], None
    for l in lines:
        if l.startswith("[Invalid header"):
            cur = None  # tcpdump's line for a frame it refuses: no time stamp, no frame
            continue
        m = STAMP.match(l)
        if m:
            cur = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
        if cur is not None and cur < n:
            out[cur].append(l)
    return out


def ipv4_no_tcp_header(fr):
    """IPv4 that is not TCP, or a non-first fragment: no TCP header to report."""
    ipo = ip_offset(fr.link, fr.data)
    d = fr.data
    if ipo is None or ipo + 20 > len(d) or d[ipo] >> 4 != 4:
        return False
    return d[ipo + 9] != 6 or struct.unpack_from(">H", d, ipo + 6)[0] & 0x1fff != 0


def expected(conf, fr, lines, variant):
    """The TCP lines tcplens must print for a frame, from tcpdump's lines for it."""
    want = [l for l in lines if conf.TCP.search(conf.strip_ts(l, variant))]
    # tcpdump prints "IP bad-len 0" before it looks at the protocol or the fragment offset,
    # so also for UDP and for non-first fragments, where tcplens deliberately prints nothing.
    if ipv4_no_tcp_header(fr):
        want = [l for l in want if not re.sub("^" + conf.COOKED, "", conf.strip_ts(l, variant))
                .startswith("IP bad-len ")]
    return want


# What the plain line of a record without its frame section cannot show (README): the
# contents of an IPv6 routing header, and hop-by-hop options that end tcpdump's line. The
# forms, which read the frame, print them.
NEEDS_FRAME = ("RT6 (", "[|hbhopt]")
# Frame bytes a record carries at most (TL_FRAME_MAX): a longer frame prints as tcpdump
# prints a frame cut there (README), so its forms are not compared.
FRAME_MAX = 65280


def short_8023(fr):
    """An 802.3 length field shorter than what follows it: tcpdump cuts the frame there, the
    parser does not yet (a known gap, README)."""
    if fr.link != LT_EN10MB:
        return False
    off = 12
    for _ in range(4):
        if off + 2 > len(fr.data):
            return False
        et = struct.unpack_from(">H", fr.data, off)[0]
        if et in VLAN_TPIDS or et in (0x9100, 0x9200):
            off += 4
            continue
        return et <= 1500 and et < fr.wire - off - 2
    return False


def tcp_frames(conf, path, frames):
    """Which frames have a TCP line in tcpdump's plain output: the frames a form's every
    line is compared for."""
    rc, out, _ = run(["tcpdump", "-nn", "-T", "vat", "-r", path])
    fd = per_frame(out, len(frames))
    return [bool(expected(conf, fr, fd[i], "nodecode")) for i, fr in enumerate(frames)]


def check_file(conf, tcplens, path, label, frames, opts):
    """(passed, failures): one verdict per frame; failures are (frame or None, text)."""
    rc_b, out_b, err_b = run([tcplens, "-n", "-T", "vat", "-r", path] + opts)
    rc_u, out_u, err_u = run([tcplens, "-n", "-T", "vat", "-r", path, "--no-bpf"] + opts)
    rc_d, out_d, err_d = run(["tcpdump", "-nn", "-T", "vat", "-r", path] + opts)
    name = f"{label} {' '.join(opts) or 'default'}"
    notes = []
    form = opts not in ([], ["-S"])
    if rc_b or rc_u or rc_d:
        err = (err_b or err_u or err_d).strip().splitlines()[-1:]
        return 0, [(None, f"{name}: exit tcplens {rc_b}, --no-bpf {rc_u}, tcpdump {rc_d}: "
                          f"{err}")]
    variant = "nodecode-S" if opts == ["-S"] else "nodecode"
    n = len(frames)
    fb, fu, fd = per_frame(out_b, n), per_frame(out_u, n), per_frame(out_d, n)
    is_tcp = tcp_frames(conf, path, frames) if form else None
    passed, fails = 0, notes
    for i, fr in enumerate(frames):
        want = (fd[i] if is_tcp[i] else []) if form else expected(conf, fr, fd[i], variant)
        if fb[i] == fu[i] == want:
            passed += 1
            continue
        if form and fb[i] == fu[i] == fd[i]:
            # A record whose frame tcpdump stops in before TCP (an invalid routing header,
            # malformed extension-header options): a form that reads the frame prints the
            # same text.
            passed += 1
            continue
        if fb[i] == fu[i] and (short_8023(fr) or (form and len(fr.data) > FRAME_MAX)):
            passed += 1  # a known gap or a deliberate cut: see short_8023, FRAME_MAX
            continue
        if not form and fb[i] == fu[i] and any(n in l for l in fd[i] for n in NEEDS_FRAME):
            passed += 1
            continue
        what = "bpf != user" if fb[i] != fu[i] else "tcplens != tcpdump"
        txt = [f"{name} frame #{i + 1} ({fr.origin}): {what}"]
        txt += [f"    tcpdump: {l}" for l in fd[i]] or ["    tcpdump: (nothing)"]
        txt += [f"    bpf:     {l}" for l in fb[i]] or ["    bpf:     (nothing)"]
        if fu[i] != fb[i]:
            txt += [f"    user:    {l}" for l in fu[i]] or ["    user:    (nothing)"]
        txt.append(f"    frame ({len(fr.data)}/{fr.wire} bytes): {fr.data[:96].hex()}")
        fails.append((fr, "\n".join(txt)))
    # Every line must belong to a frame, in order: nothing printed twice or out of place.
    if len(out_b) != sum(map(len, fb)) or len(out_u) != sum(map(len, fu)):
        fails.append((None, f"{name}: lines without a frame's time stamp in tcplens output"))
    return passed, fails


def stamp(frames):
    """Copies of the frames stamped BASE + index, in files of at most CHUNK frames."""
    out = []
    for c in range(0, len(frames), CHUNK):
        out.append([Frame(fr.link, fr.data, fr.wire, BASE + i, fr.usec, fr.origin)
                    for i, fr in enumerate(frames[c:c + CHUNK])])
    return out


def save_regress(fr, seed, n):
    os.makedirs(REGRESS, exist_ok=True)
    path = os.path.join(REGRESS, f"{LT_NAMES[fr.link]}-s{seed}-{n}.pcap")
    write_pcap(path, fr.link, [fr])
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default=os.path.join(ROOT, "build", "tcplens"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "conformance"))
    ap.add_argument("--mutations", type=int, default=int(os.environ.get("DIFF_MUTATIONS", 20)),
                    help="mutated copies of each corpus frame (env DIFF_MUTATIONS)")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFF_SEED", 1)))
    ap.add_argument("--keep", metavar="DIR", help="keep the generated captures in DIR")
    ap.add_argument("--save-regress", action="store_true",
                    help="write each disagreeing frame to tests/fuzz/regress/differential/")
    ap.add_argument("--show", type=int, default=20, help="disagreements printed in full")
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
    if not os.path.isdir(args.corpus) or not shutil.which("tcpdump"):
        print(f"differential: needs tcpdump and the corpus at {args.corpus}")
        print("differential: 0 passed, 1 failed")
        return 1
    conf = conformance_module()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="tl-diff-") as tmp:
        frames = corpus_frames(args.corpus, conf.SUPPORTED, tmp)
        by_link = {}
        for fr in frames:
            by_link.setdefault(fr.link, []).append(fr)
            for _ in range(args.mutations):
                m = mutate(rng, fr)
                if m:
                    by_link.setdefault(m.link, []).append(m)
        out = args.keep or tmp
        os.makedirs(out, exist_ok=True)
        groups = [(LT_NAMES[link], frs) for link, frs in sorted(by_link.items())]
        for path in sorted(glob.glob(os.path.join(REGRESS, "*.pcap"))):
            groups.append(("regress/" + os.path.basename(path),
                           read_pcap(path, os.path.basename(path))))
        jobs = []
        for label, frs in groups:
            for c, chunk in enumerate(stamp(frs)):
                path = os.path.join(out, f"diff-{label.replace('/', '-')}-{c}.pcap")
                write_pcap(path, chunk[0].link, chunk)
                for _, opts in OPTION_SETS:
                    jobs.append((path, label, chunk, opts))
        total = sum(len(frs) for _, frs in groups)
        print(f"differential: seed {args.seed}, {len(frames)} corpus frames, "
              f"{args.mutations} mutations each: {total} frames in {len(groups)} groups, "
              f"{len(OPTION_SETS)} option sets")
        passed = failed = 0
        seen = set()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            for (_, label, chunk, opts), (p, fails) in \
                    zip(jobs, ex.map(lambda j: check_file(conf, args.tcplens, *j), jobs)):
                passed += p
                failed += len(fails)
                print(f"  {label} {' '.join(opts) or 'default'}: {p} frames agree, "
                      f"{len(fails)} disagree")
                for fr, txt in fails:
                    if failed - len(fails) + len(seen) < args.show or fr is None:
                        print(f"FAIL {txt}")
                    if fr is not None and args.save_regress and id(fr) not in seen:
                        print(f"    saved as {save_regress(fr, args.seed, len(seen) + 1)}")
                    seen.add(id(fr))
    print(f"differential: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
