#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The analysis flags tcplens prints (--json "analysis") against TShark 4.0's tcp.analysis.*.

Own captures (tests/captures/*.pcap, real Linux traffic made by make-analysis-captures.sh and
make-captures.sh) are run through tshark here; corpus captures are compared with their stored
expected/NAME.tshark.tsv. Per flag it prints how many frames agree (both set, both clear) and
disagree (ours only, tshark only); any disagreement not in TL_EXCEPTIONS fails its capture.
Without tshark the own captures are skipped with a reason, except under CI=true. An "info" line
then counts the engine's value columns (acks_frame, ack_rtt, ...) that differ from tshark on
the own captures, as measured by build/tests/analysis_corpus.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order",
         "lost_segment", "ack_lost_segment", "duplicate_ack", "zero_window",
         "zero_window_probe", "zero_window_probe_ack", "keep_alive", "keep_alive_ack",
         "window_update", "window_full", "reused_ports"]

# Known disagreements: (capture, frame, flag or None for every flag) -> reason. Each is a limit
# of what tcplens's parser sees, not of the analysis rules (the same cases as
# tests/analysis/corpus.c, which tests the engine directly).
TL_EXCEPTIONS = {
    # tshark analyses the IP-reassembled segment in the frame completing it; tcplens sees TCP
    # only in first fragments and skips those.
    ("synth-frag", 4, None): "reassembled in this frame by tshark",
    ("synth-v6-exthdr", 4, None): "reassembled in this frame by tshark",
    # Wireshark rejects the 4-byte Quick-Start IP option and never reaches TCP.
    ("synth-ipopts", 5, None): "malformed IP option stops tshark before TCP",
    # Wireshark keys by the loose source route's final hop; tcplens by the IP destination.
    ("synth-ipopts", 7, None): "tshark uses the LSRR final destination",
    # tshark stops printing in options cut by the snaplen (its state is still updated).
    ("synth-snaplen", 5, None): "tshark aborts printing in truncated options",
    ("synth-snaplen", 6, None): "tshark aborts printing in truncated options",
    # tshark's state after segments with a data offset below 5 / shorter than 20 bytes is not
    # the one section 0 of tcp-analysis.md describes; frame 10 has IPv4 total length 0, which
    # gives no record ("bad-len 0" in tcpdump).
    ("synth-hdrlen", 5, None): "state from bogus-header segments",
    ("synth-hdrlen", 6, None): "state from bogus-header segments",
    ("synth-hdrlen", 10, None): "IPv4 total length 0: no record",
    ("synth-hdrlen", 11, None): "state from bogus-header segments",
}

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def first_cell(v):
    # several TCP layers in one frame (tunnels): compare the outer one, as corpus.c does
    return v.split(",")[0].strip()


def read_tsv(lines):
    """{frame: set of flags} from tshark -T fields output with a header line."""
    rows = {}
    header = None
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        if header is None:
            header = cells
            continue
        try:
            frame = int(cells[0])
        except ValueError:
            continue
        flags = set()
        for i, name in enumerate(header):
            if i < len(cells) and name.startswith("tcp.analysis.") and \
                    name[13:] in FLAGS and first_cell(cells[i]):
                flags.add(name[13:])
        rows[frame] = flags
    return rows


def run_tshark(pcap):
    cmd = ["tshark", "-n", "-r", pcap, "-T", "fields", "-E", "header=y", "-E", "separator=/t",
           "-e", "frame.number"]
    for f in FLAGS:
        cmd += ["-e", "tcp.analysis." + f]
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("tshark failed: " + p.stderr.strip()[:300])
    return read_tsv(p.stdout.splitlines())


# The columns tests/analysis/corpus.c compares, in the order of the corpus's TSVs.
ENGINE_FIELDS = ["frame.number", "tcp.stream", "tcp.analysis.flags", "_ws.expert.message"] + \
    ["tcp.analysis." + f for f in FLAGS[:7]] + \
    ["tcp.analysis.duplicate_ack_num", "tcp.analysis.duplicate_ack_frame"] + \
    ["tcp.analysis." + f for f in FLAGS[7:]] + \
    ["tcp.analysis.initial_rtt", "tcp.analysis.ack_rtt", "tcp.analysis.acks_frame"]


def engine_values(corpus_bin, pcaps, tmp):
    """Runs the engine test (build/tests/analysis_corpus) on the own captures with TSVs tshark
    writes now, and prints how many cells of each value column differ. Information only: the
    bounded unacknowledged lists (TL_ANA_UNACKED) cannot always match tshark's acks_frame,
    ack_rtt and initial_rtt in long bursts; the flags are what this test judges."""
    sub = os.path.join(tmp, "synthetic")
    os.makedirs(os.path.join(sub, "expected"))
    os.makedirs(os.path.join(tmp, "tcpdump-tests"))
    with open(os.path.join(tmp, "tcpdump-tests", "tests.tsv"), "w") as f:
        f.write("name\tpcap\tnotes\n")
    with open(os.path.join(sub, "tests.tsv"), "w") as f:
        f.write("name\tpcap\tnotes\n")
        for name, pcap in pcaps:
            cmd = ["tshark", "-n", "-r", pcap, "-T", "fields", "-E", "header=y",
                   "-E", "separator=/t"]
            for e in ENGINE_FIELDS:
                cmd += ["-e", e]
            with open(os.path.join(sub, "expected", name + ".tshark.tsv"), "w") as out:
                subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, timeout=120,
                               env=dict(os.environ, LC_ALL="C"), check=True)
            # corpus.c reads DIR/PCAP: give it a relative path
            os.symlink(os.path.abspath(pcap), os.path.join(sub, name + ".pcap"))
            f.write("%s\t%s.pcap\town\n" % (name, name))
    p = subprocess.run([corpus_bin, tmp], capture_output=True, text=True, timeout=300)
    cols = {}
    for line in p.stdout.splitlines():
        w = line.split()
        if len(w) > 4 and w[0] == "DIFF" and w[2] == "frame":
            cols[w[4].rstrip(":")] = cols.get(w[4].rstrip(":"), 0) + 1
        elif w and w[0] in ("FAIL", "skip") and "frames)" not in line:
            print("info: engine run: " + line)	# could not read a capture
    print("info: engine values on own captures (build/tests/analysis_corpus), cells differing "
          "from tshark: " + (", ".join("%s %d" % kv for kv in sorted(cols.items())) or "none"))


def run_tcplens(tcplens, pcap, extra):
    """{frame: set of flags}, or a string saying why the capture cannot be read."""
    p = subprocess.run([tcplens, "-r", pcap, "--json"] + extra, capture_output=True, text=True,
                       timeout=300)
    if p.returncode != 0:
        return p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "exit %d" % p.returncode
    rows = {}
    for line in p.stdout.splitlines():
        obj = json.loads(line)
        if "frame" not in obj:
            continue	# the closing summary object
        # a frame holds one TCP segment for tcplens; keep the first if a tunnel repeats it
        rows.setdefault(obj["frame"], set(obj.get("analysis") or []))
    return rows


class Stats:
    def __init__(self):
        self.c = {f: [0, 0, 0, 0] for f in FLAGS}	# both set, both clear, ours, tshark

    def print(self, title):
        print("%s:" % title)
        print("  %-24s %9s %10s %9s %12s" % ("flag", "both set", "both clear", "ours only",
                                            "tshark only"))
        for f in FLAGS:
            print("  %-24s %9d %10d %9d %12d" % tuple([f] + self.c[f]))


def compare(name, ours, theirs, stats, verbose):
    bad = 0
    for frame in sorted(set(ours) | set(theirs)):
        o, t = ours.get(frame, set()), theirs.get(frame, set())
        for f in FLAGS:
            os_, ts = f in o, f in t
            stats.c[f][0 if os_ and ts else 1 if not os_ and not ts else 2 if os_ else 3] += 1
            if os_ == ts:
                continue
            why = TL_EXCEPTIONS.get((name, frame, f)) or TL_EXCEPTIONS.get((name, frame, None))
            what = "%s frame %d %s: %s" % (name, frame, f, "ours only" if os_ else "tshark only")
            if why:
                if verbose:
                    print("  known " + what + " (" + why + ")")
                continue
            print("  DIFF " + what)
            bad += 1
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tcplens", default=os.path.join(ROOT, "build", "tcplens"))
    ap.add_argument("--corpus", default="/work/shared/conformance")
    ap.add_argument("--captures", default=os.path.join(ROOT, "tests", "captures"))
    ap.add_argument("--no-bpf", action="store_true",
                    help="parse in user space (default: the kernel parser when root)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show excepted differences")
    args = ap.parse_args()

    passed = failed = 0
    extra = ["--no-bpf"] if args.no_bpf or os.geteuid() != 0 else []
    if not os.access(args.tcplens, os.X_OK):
        print("analysis-tshark: %s missing (make)" % args.tcplens)
        print("analysis-tshark: 0 passed, 1 failed")
        return 1

    jobs = []	# (name, pcap, tsv path or None: run tshark)
    for sub in ("tcpdump-tests", "synthetic"):
        d = os.path.join(args.corpus, sub)
        with open(os.path.join(d, "tests.tsv")) as f:
            for line in f:
                cells = line.rstrip("\n").split("\t")
                if len(cells) < 2 or cells[0] == "name":
                    continue
                jobs.append((cells[0], os.path.join(d, cells[1]),
                             os.path.join(d, "expected", cells[0] + ".tshark.tsv")))
    own = sorted(x for x in os.listdir(args.captures) if x.endswith(".pcap"))
    have_tshark = shutil.which("tshark") is not None
    if have_tshark:
        jobs += [(x[:-5], os.path.join(args.captures, x), None) for x in own]
    elif os.environ.get("CI") == "true":
        print("FAIL: tshark not installed (CI=true): %d own captures not checked" % len(own))
        failed += 1
    else:
        print("skip: tshark not installed: %d own captures not checked "
              "(scripts/deps.sh test installs it)" % len(own))

    corpus_stats, own_stats = Stats(), Stats()
    for name, pcap, tsv in jobs:
        ours = run_tcplens(args.tcplens, pcap, extra)
        if isinstance(ours, str):
            print("skip %s: %s" % (name, ours))
            continue
        try:
            if tsv:
                with open(tsv) as f:
                    theirs = read_tsv(f)
            else:
                theirs = run_tshark(pcap)
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        bad = compare(name, ours, theirs, corpus_stats if tsv else own_stats, args.verbose)
        print("%s %s (%d frames%s)" % ("FAIL" if bad else "ok  ", name, len(theirs),
                                       "" if tsv else ", tshark run now"))
        if bad:
            failed += 1
        else:
            passed += 1
    corpus_stats.print("corpus (stored tshark output), frames per flag")
    if have_tshark:
        own_stats.print("own captures (tshark run by this test), frames per flag")
        corpus_bin = os.path.join(os.path.dirname(args.tcplens), "tests", "analysis_corpus")
        if os.access(corpus_bin, os.X_OK):
            with tempfile.TemporaryDirectory() as tmp:
                engine_values(corpus_bin, [(x[:-5], os.path.join(args.captures, x))
                                           for x in own], tmp)
    print("analysis-tshark: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
