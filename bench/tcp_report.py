#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Markdown tables of bench/tcp.sh's raw runs, one per setup (columns: bench/README.md).

Input: TSV lines "setup variant rep bits_per_second retransmits if_packets seen lost".
"% of untraced" pairs each run with the untraced run of the same repeat (the runs of one
repeat are back to back), then takes the median and range of those ratios; the overhead
multiple compares medians: (untraced - tracer) / (untraced - empty tcx hook).
"""
import statistics
import sys

SETUPS = {
    "mss1448": "offloads off (TSO, GSO, GRO), MSS 1448",
    "mss88": "offloads off (TSO, GSO, GRO), MSS 88 (iperf3 -M 88)",
    "offload": "offloads on (TSO, GSO, GRO)",
}
LABELS = {
    "none": "untraced",
    "empty-tcx": "empty hook, tcx (both ways)",
    "empty-xdp": "empty hook, XDP",
    "tcplens-text": "tcplens tcx, text (-n)",
    "tcplens-w": "tcplens -w /dev/null",
    "tcplens-explain": "tcplens --explain",
    "tcplens-dronly": "tcplens --drops-only (no hook)",
    "tcpdump-w": "tcpdump -w /dev/null",
    "tcpdump-nn": "tcpdump -nn",
}
TRACERS = ("tcplens-text", "tcplens-w", "tcplens-explain", "tcplens-dronly", "tcpdump-w",
           "tcpdump-nn")


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def spread(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "n/a"
    med = fmt(statistics.median(vals))
    if len(vals) == 1:
        return med
    return f"{med} ({fmt(min(vals))}–{fmt(max(vals))})"


def gbit(v):
    return f"{v / 1e9:.2f}"


def pct(v):
    return f"{v:.0f}%"


def main():
    runs = {}  # setup -> variant -> rep -> row
    order = []
    with open(sys.argv[1]) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) != 8:
                continue
            setup, var, rep = c[0], c[1], c[2]
            if setup not in runs:
                runs[setup] = {}
                order.append(setup)
            runs[setup].setdefault(var, {})[rep] = {
                "bps": num(c[3]),
                "retr": num(c[4]),
                "ifp": num(c[5]),
                "seen": num(c[6]),
                "lost": num(c[7]),
            }
    if not order:
        print("No run completed: see the notes.")
        return
    for setup in order:
        vs = runs[setup]
        base = vs.get("none", {})
        med = {
            v: statistics.median([r["bps"] for r in reps.values() if r["bps"] is not None])
            for v, reps in vs.items()
            if any(r["bps"] is not None for r in reps.values())
        }
        print(f"## {SETUPS.get(setup, setup)}")
        print()
        print("| variant | Gbit/s | % of untraced | overhead ÷ empty tcx "
              "| segments lost | retransmits |")
        print("|---|---|---|---|---|---|")
        floor = None
        # Half the range of the untraced runs: a floor smaller than that is noise, and so is
        # any multiple of it.
        ub = [r["bps"] for r in base.values() if r["bps"] is not None]
        noise = (max(ub) - min(ub)) / 2 if ub else 0
        if "none" in med and "empty-tcx" in med:
            floor = med["none"] - med["empty-tcx"]
        for var in LABELS:
            if var not in vs:
                continue
            reps = vs[var]
            bps = [r["bps"] for r in reps.values()]
            ratios = [
                100 * r["bps"] / base[k]["bps"]
                for k, r in reps.items()
                if r["bps"] is not None and k in base and base[k]["bps"]
            ]
            over = ""
            if var in TRACERS and var in med and "none" in med:
                if floor is None:
                    over = "n/a"
                elif floor <= 0:
                    over = "n/a (empty hook not slower)"
                elif med[var] > med["none"]:
                    over = "n/a (faster than untraced)"
                else:
                    over = f"{(med['none'] - med[var]) / floor:.1f}×"
                    if floor <= noise:
                        over += " (floor within the untraced spread)"
            lost = ""
            if var.startswith(("tcplens", "tcpdump")):
                parts = []
                for r in reps.values():
                    if r["lost"] is None:
                        parts.append("?")
                    elif r["seen"]:
                        parts.append(f"{r['lost']:.0f} ({100 * r['lost'] / r['seen']:.1f}%)")
                    else:
                        parts.append(f"{r['lost']:.0f}")
                lost = ", ".join(parts)
            retr = spread([r["retr"] for r in reps.values()], lambda v: f"{v:.0f}")
            print(f"| {LABELS[var]} | {spread(bps, gbit)} | "
                  f"{spread(ratios, pct) if var != 'none' else '100%'} | {over} | {lost} "
                  f"| {retr} |")
        print()


if __name__ == "__main__":
    main()
