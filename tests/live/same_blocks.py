#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Whether tcplens printed what tcpdump printed for the same live traffic, time stamps aside.

A block is a segment's line and its continuation lines (-v's second line, decoder text, the
-x/-X/-A dumps): it starts at a time stamp (HH:MM:SS.uuuuuu), and everything up to the next
one belongs to it, empty lines included (-A prints a payload's empty lines).

  same_blocks.py set TCPDUMP_OUT TCPLENS_OUT
      the same blocks, each as often (prints the differing ones, sorted, < tcpdump > tcplens)
  same_blocks.py order TCPDUMP_OUT TCPLENS_OUT CLIENT from|to
      among the blocks of segments from (to) the client, tcpdump's order
  same_blocks.py check TCPDUMP_OUT TCPLENS_OUT CLIENT...
      both, the order for each client and direction: a "PASS text" or "FAIL text" line
      per check, what failed indented under it ("#   "), exit 0 only if all passed
      (one interpreter instead of five: the live tests run it once per capture)

Across directions the two tools may interleave differently: tcpdump's tap and the hook run at
different points of the stack, often on different CPUs. Within one direction, two segments
the sender handed to the stack on two CPUs at once reach the tap and the hook on two CPUs
too, so their order is a race both ways: blocks stamped less than 100 us apart by tcplens may
swap, nothing else.
"""

import contextlib
import difflib
import io
import re
import sys

STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) ")
RACE_S = 100e-6


def blocks(path):
    """[(seconds, text without the time stamp)], in the file's order."""
    out = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    # The file's last newline, and the empty line tcpdump prints when interrupted.
    while lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        m = STAMP.match(line)
        if m:
            h, mi, s = m.groups()
            out.append([(int(h) * 60 + int(mi)) * 60 + float(s), [line[m.end():]]])
        elif out:
            out[-1][1].append(line)
        else:
            raise SystemExit("%s: output does not start with a time stamp: %r" % (path, line))
    return [(ts, "\n".join(text)) for ts, text in out]


def same_set(td, tl):
    a = sorted(t for _, t in blocks(td))
    b = sorted(t for _, t in blocks(tl))
    if not a:
        print("tcpdump printed nothing: no traffic, or no oracle")
        return False
    if a == b:
        print("%d blocks" % len(a))
        return True
    diff = difflib.unified_diff([x + "\n" for x in a], [x + "\n" for x in b], "tcpdump",
                                "tcplens", n=0)
    sys.stdout.writelines(list(diff)[:60])
    return False


def side(text, client):
    """"from" or "to" the client: whichever of its address as source or as destination comes
    first (-e puts the MAC addresses before, -v the IP fields, the dumps come after)."""
    c = re.escape(client)
    src = re.search(r"(^|[\s(])" + c + r"\.[\w-]+ > ", text)
    dst = re.search(r" > " + c + r"\.[\w-]+[:,]", text)
    if src and (not dst or src.start() < dst.start()):
        return "from"
    return "to" if dst else None


def same_order(td, tl, client, d):
    a = [t for _, t in blocks(td) if side(t, client) == d]
    b = [(ts, t) for ts, t in blocks(tl) if side(t, client) == d]
    if sorted(a) != sorted(t for _, t in b):
        print("not the same blocks")
        return False
    # Where each tcplens block stands in tcpdump's order (the n-th copy to the n-th).
    pos, seen = {}, {}
    for i, t in enumerate(a):
        pos.setdefault(t, []).append(i)
    rank = []
    for ts, t in b:
        k = seen.get(t, 0)
        seen[t] = k + 1
        rank.append((pos[t][k], ts, t.split("\n", 1)[0]))
    bad = [(x, y) for i, x in enumerate(rank) for y in rank[i + 1:]
           if y[0] < x[0] and y[1] - x[1] >= RACE_S]
    for x, y in bad[:5]:
        print("tcplens has %r before %r, %.6f s apart" % (x[2], y[2], y[1] - x[1]))
    if not bad:
        print("%d blocks" % len(a))
    return not bad


def check_all(td, tl, clients):
    """Every check of one capture; the per-check output goes under its verdict line."""
    ok = True
    checks = [("the same {} as tcpdump",
               "blocks differ from tcpdump (- tcpdump, + tcplens, sorted)", same_set, (td, tl))]
    checks += [("{} %s %s in tcpdump's order" % (d, c),
                "order of the blocks %s %s differs" % (d, c), same_order, (td, tl, c, d))
               for c in clients for d in ("from", "to")]
    for good, bad, fn, args in checks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            passed = fn(*args)
        text = out.getvalue().rstrip("\n")
        if passed:
            print("PASS " + good.format(text))
        else:
            print("FAIL " + bad)
            for line in text.split("\n")[:60]:
                print("#   " + line)
        ok = ok and passed
    return ok


def main():
    args = sys.argv[1:]
    if len(args) >= 4 and args[0] == "check":
        ok = check_all(args[1], args[2], args[3:])
    elif len(args) == 3 and args[0] == "set":
        ok = same_set(args[1], args[2])
    elif len(args) == 5 and args[0] == "order" and args[4] in ("from", "to"):
        ok = same_order(*args[1:])
    else:
        raise SystemExit(__doc__)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
