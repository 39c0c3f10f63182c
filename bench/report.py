#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turns the runner's raw measurements (one line per run) into the markdown tables of
bench/results.md: medians per tool, softirq cost over the no-capture run, target ratios."""
import sys
from collections import OrderedDict
from statistics import median

FIELDS = ("point", "variant", "rep", "offered", "sent", "ifrx", "delivered", "tooldrops",
          "user_us", "sys_us", "maxrss_kb", "softirq_ticks", "seconds", "bytes", "cpu_us")


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def med(vals):
    vals = [v for v in vals if v is not None]
    return median(vals) if vals else None


def per_run(r, clk):
    """Derived figures of one run; None where the tool did not say."""
    offered = r["offered"] or r["ifrx"]  # real TCP: the interface's is the only count
    d = r["delivered"]
    secs = r["seconds"]
    out = {
        "pps": offered / secs if offered and secs else None,
        "mbps": r["bytes"] * 8 / secs / 1e6 if r["bytes"] is not None and secs else None,
        "offered": offered,
        "ifrx": r["ifrx"],
        "delivered": d,
        "loss": 100.0 * (offered - d) / offered if d is not None and offered else None,
        "tooldrops": r["tooldrops"],
        "user": 1000.0 * r["user_us"] / d if d and r["user_us"] is not None else None,
        "sys": 1000.0 * r["sys_us"] / d if d and r["sys_us"] is not None else None,
        "cpu": 1000.0 * r["cpu_us"] / d if d and r["cpu_us"] is not None else None,
        "softirq": r["softirq_ticks"] * 1e9 / clk / r["ifrx"] if r["ifrx"] else None,
        "rss": r["maxrss_kb"] / 1024.0 if r["maxrss_kb"] is not None else None,
    }
    return out


def fmt(v, digits=0):
    if v is None:
        return "n/a"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def main():
    raw, clk = sys.argv[1], float(sys.argv[2])
    points = OrderedDict()
    with open(raw) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == len(FIELDS) - 1:
                cols.append("NA")  # raw data from before the exact CPU column
            if len(cols) != len(FIELDS):
                continue
            r = dict(zip(FIELDS, cols))
            for k in FIELDS[3:]:
                r[k] = num(r[k])
            points.setdefault(r["point"], OrderedDict()).setdefault(r["variant"], []).append(
                per_run(r, clk))
    if not points:
        print("No measurements (see the notes).")
        return
    targets = []
    for point, variants in points.items():
        m = {v: {k: med([run[k] for run in runs]) for k in runs[0]} for v, runs in
             variants.items()}
        base = m.get("none", {}).get("softirq")
        print(f"## {point}\n")
        print("| tool | offered pps | Mbit/s | offered | interface | delivered | loss % "
              "| tool drops | user ns/seg | sys ns/seg | CPU ns/seg (exact) | softirq ns/seg "
              "| extra softirq ns/seg | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for v, x in m.items():
            extra = x["softirq"] - base if base is not None and x["softirq"] is not None \
                else None
            x["extra"] = extra
            if v == "none":
                extra_s = "(baseline)"
            else:
                extra_s = fmt(extra, 1)
            print(f"| {v} | {fmt(x['pps'])} | {fmt(x['mbps'])} | {fmt(x['offered'])} "
                  f"| {fmt(x['ifrx'])} "
                  f"| {fmt(x['delivered'])} | {fmt(x['loss'], 2)} | {fmt(x['tooldrops'])} "
                  f"| {fmt(x['user'], 1)} | {fmt(x['sys'], 1)} | {fmt(x['cpu'], 1)} "
                  f"| {fmt(x['softirq'], 1)} "
                  f"| {extra_s} | {fmt(x['rss'], 1)} |")
        print()
        for tl in ("tcplens-tcx", "tcplens-xdp", "tcplens-nobatch", "tcplens-percpu"):
            if tl not in m:
                continue
            t = m[tl]
            dump_nn, dump_w = m.get("tcpdump-nn"), m.get("tcpdump-w")
            sirq = ratio(t["extra"], dump_w["extra"]) if dump_w else None
            user = ratio(t["user"], dump_nn["user"]) if dump_nn else None
            cpu = ratio(t["cpu"], dump_nn["cpu"]) if dump_nn else None
            targets.append((point, tl, t["loss"], dump_nn["loss"] if dump_nn else None,
                            sirq, user, cpu))
    if targets:
        print("## Targets (same run)\n")
        print("| point | tcplens | loss % | tcpdump -nn loss % "
              "| extra softirq / tcpdump -w's (target <= 0.33) "
              "| user CPU per seg / tcpdump -nn's (target <= 0.10) "
              "| exact CPU per seg / tcpdump -nn's |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for p, tl, loss, dloss, s, u, c in targets:
            print(f"| {p} | {tl} | {fmt(loss, 2)} | {fmt(dloss, 2)} | {fmt(s, 2)} "
                  f"| {fmt(u, 3)} | {fmt(c, 3)} |")
        print()


if __name__ == "__main__":
    main()
