#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""tcplens(8) against --help: the OPTIONS list names exactly the options --help names, every
option the page mentions anywhere exists, the sections the page promises are there, and groff
and man render it without a warning. Prints "man: N passed, N failed".

Usage: man.py [--tcplens build/tcplens]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import manpage  # noqa: E402  the one parser of --help, the generator's own

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS: " + what)
    else:
        failed += 1
        print("FAIL: " + what + (": " + detail if detail else ""))


def help_options(help_text):
    names = set()
    for label, _ in manpage.help_entries(help_text):
        names.update(manpage.option_names(label))
    return names


def unroff(s):
    return s.replace("\\-", "-").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "")


def man_sections(page):
    """{SECTION: [lines]} of a roff man page."""
    secs, cur = {}, None
    for line in page.splitlines():
        if line.startswith(".SH "):
            cur = line[4:].strip().strip('"')
            secs[cur] = []
        elif cur:
            secs[cur].append(line)
    return secs


def man_options(page):
    """The options the OPTIONS section lists: each .TP's tag line."""
    lines = man_sections(page).get("OPTIONS", [])
    names = set()
    for i, line in enumerate(lines[:-1]):
        if line == ".TP":
            names.update(manpage.option_names(unroff(lines[i + 1])))
    return names


def mentioned(page):
    """Every -x and --long-name the page mentions anywhere (tokens after a roff \\- escape)."""
    text = unroff("\n".join(l for l in page.splitlines() if not l.startswith('.\\"')))
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*[a-z]|-[A-Za-z]{1,6})(?![\w-])", text))


def compare(help_text, page):
    """(missing from the page, not in --help): both empty when they agree."""
    h, m = help_options(help_text), man_options(page)
    return sorted(h - m), sorted(m - h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcplens", default=os.path.join(ROOT, "build/tcplens"))
    args = ap.parse_args()
    if not os.access(args.tcplens, os.X_OK):
        check(False, args.tcplens + " is built (make)")
        print("man: %d passed, %d failed" % (passed, failed))
        return 1
    help_text = subprocess.run([args.tcplens, "--help"], capture_output=True, text=True,
                               check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "tcplens.8")
        subprocess.run([os.path.join(ROOT, "scripts/manpage.py"), args.tcplens,
                        os.path.join(ROOT, "doc/tcplens.8.in"), out], check=True)
        page = open(out, encoding="utf-8").read()

        opts = help_options(help_text)
        check(len(opts) >= 40 and {"--container", "--pod", "-i", "-w", "--json"} <= opts,
              "--help names the table's options (%d)" % len(opts))
        missing, extra = compare(help_text, page)
        check(not missing, "every option of --help is in the man page's OPTIONS",
              " ".join(missing))
        check(not extra, "the man page's OPTIONS lists no option --help lacks", " ".join(extra))
        # Examples and prose may not name an option that does not exist (a typo, a removed
        # option). -T, -e, -v are tcpdump's, named as such; -ww is groff's.
        theirs = {"-T", "-e", "-v", "-ww"}
        stray = sorted(mentioned(page) - opts - theirs)
        check(not stray, "every option the page mentions exists", " ".join(stray))

        # The comparison can fail: a --help row the page lacks, and one only the page has.
        fake_help = help_text + "  --frobnicate     not an option\n"
        check(compare(fake_help, page)[0] == ["--frobnicate"],
              "an option only --help has is caught")
        fake_page = page.replace(".SH OPTIONS\n", ".SH OPTIONS\n.TP\n\\fB\\-\\-gone\\fR\nx\n")
        check(compare(help_text, fake_page)[1] == ["--gone"],
              "an option only the page has is caught")
        typo = page.replace("tcplens \\-\\-container web", "tcplens \\-\\-contianer web")
        check(typo != page and "--contianer" in mentioned(typo) - opts,
              "a misspelt option in an example is caught")

        secs = man_sections(page)
        for s in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT", "CONTAINERS",
                  "EXIT STATUS", "ENVIRONMENT", "FILES", "DIFFERENCES FROM TCPDUMP",
                  "EXAMPLES", "SEE ALSO"):
            check(s in secs, "section " + s)
        ex = "\n".join(secs.get("EXAMPLES", []))
        for what, pat in (("a NIC", r"-i eth0"), ("a container", r"--container"),
                          ("a capture file", r"-r trace")):
            check(re.search(pat, unroff(ex)) is not None, "an example for " + what)
        status = "\n".join(secs.get("EXIT STATUS", []))
        check(all(".B %d" % n in status for n in (0, 1, 2)), "exit codes 0, 1 and 2")
        version = help_text and subprocess.run([args.tcplens, "--version"], capture_output=True,
                                               text=True).stdout.split()[1]
        check('"tcplens %s"' % version in page, "the page carries the version " + version)

        r = subprocess.run(["groff", "-ww", "-z", "-man", out], capture_output=True, text=True)
        check(r.returncode == 0 and not r.stderr.strip(), "groff -ww: no warning",
              r.stderr.strip()[:300])
        r = subprocess.run(["man", "--warnings", "-l", out], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
        check(r.returncode == 0 and not r.stderr.strip() and "--container" in r.stdout,
              "man -l renders it without a warning", r.stderr.strip()[:300])
    print("man: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
