#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes tcplens(8): doc/tcplens.8.in with its OPTIONS list made from `tcplens --help`.

--help comes from the one option table in user/opts_table.c, so the man page lists exactly the
options the parser takes. Also the parser of --help that tests/ship/man.py checks with.

Usage: manpage.py TCPLENS TEMPLATE OUT
"""
import datetime
import os
import re
import subprocess
import sys

HELP_COL = 19  # where --help's descriptions start (TL_HELP_COL in user/opts.c)


def help_entries(text):
    """[(label, description)] from --help: "  LABEL  DESC" lines, continued at HELP_COL."""
    entries = []
    for line in text.splitlines():
        if not line.startswith("  "):
            continue
        if line.startswith(" " * HELP_COL) and entries:
            label, desc = entries[-1]
            entries[-1] = (label, desc + " " + line.strip())
            continue
        m = re.match(r"  (\S.*?)(?: {2,}|$)(.*)$", line)
        if m:
            entries.append((m.group(1), m.group(2).strip()))
    return entries


def option_names(label):
    """The options a --help label names: "-t, -tt" gives -t and -tt; "-i any" gives -i."""
    return [w for w in re.split(r"[ ,]+", label) if re.match(r"^--?[A-Za-z#]", w)]


def roff_text(s):
    s = s.replace("\\", "\\e").replace("-", "\\-")
    s = s.replace("'", "\\(aq")
    return "\\&" + s if s[:1] in (".", "'") else s


def roff_label(label):
    out = []
    for part in label.split(", "):
        words = part.split(" ", 1)
        if words[0].startswith("-"):
            item = "\\fB" + roff_text(words[0]) + "\\fR"
            if len(words) > 1:
                arg = words[1]
                # "any" after -i is a word to type, not a placeholder.
                item += " " + ("\\fB%s\\fR" if arg.islower() and "|" not in arg
                               else "\\fI%s\\fR") % roff_text(arg)
        else:
            item = "\\fI" + roff_text(part) + "\\fR"
        out.append(item)
    return ", ".join(out)


def options_roff(entries):
    lines = []
    for label, desc in entries:
        lines += [".TP", roff_label(label), roff_text(desc)]
    return "\n".join(lines)


def main():
    tcplens, template, out = sys.argv[1:4]
    text = subprocess.run([tcplens, "--help"], check=True, capture_output=True,
                          text=True).stdout
    version = subprocess.run([tcplens, "--version"], check=True, capture_output=True,
                             text=True).stdout.split()[1]
    # Reproducible: the package build sets SOURCE_DATE_EPOCH from debian/changelog.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", os.stat(template).st_mtime))
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%d")
    page = open(template, encoding="utf-8").read()
    page = re.sub(r"(?m)^@OPTIONS@$", lambda m: options_roff(help_entries(text)), page)
    page = page.replace("@VERSION@", version).replace("@DATE@", date)
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
