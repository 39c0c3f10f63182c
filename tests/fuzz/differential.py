#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Differential: mutated frames through the kernel parser, the user-space parser and tcpdump.

Every frame of the corpus (../shared/conformance, link types tcplens reads) plus
DIFF_MUTATIONS seeded mutations of each (bit flips, truncations, IPv4/IPv6/TCP length and
offset fields, fragment fields, extension headers, rewritten TCP options, another link-layer
wrapping: Ethernet with 0-2 VLAN tags, SLL, SLL2, raw, NULL, LOOP) go into one pcap per link
type. For each file and each option set (default, -S) two checks:
  bpf=user   `tcplens -r F` (BPF_PROG_TEST_RUN) and `tcplens -r F --no-bpf` print the same;
  tcpdump    its output equals the TCP lines of `tcpdump -nn -T vat -r F` (TZ=UTC), picked
             exactly as tests/conformance/run.py picks them.
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
REGRESS = os.path.join(HERE, "regress", "differential")

# pcap LINKTYPE_ values of the link types tcplens reads.
LT_NULL, LT_EN10MB, LT_RAW, LT_LOOP, LT_SLL, LT_IPV4, LT_IPV6, LT_SLL2 = \
    0, 1, 101, 108, 113, 228, 229, 276
LT_NAMES = {LT_NULL: "NULL", LT_EN10MB: "EN10MB", LT_RAW: "RAW", LT_LOOP: "LOOP",
            LT_SLL: "LINUX_SLL", LT_IPV4: "IPV4", LT_IPV6: "IPV6", LT_SLL2: "LINUX_SLL2"}
# DLT_RAW is 12 (14 on some BSDs) in files written by old tools; all mean raw IP.
LT_ALIAS = {12: LT_RAW, 14: LT_RAW}
VLAN_TPIDS = (0x8100, 0x88a8)
OPTION_SETS = (("default", []), ("-S", ["-S"]))


def conformance_module():
    """The corpus runner's notion of a TCP line, so both tests cut lines the same way."""
    spec = importlib.util.spec_from_file_location(
        "tl_conformance", os.path.join(ROOT, "tests", "conformance", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Frame:
    __slots__ = ("link", "data", "wire", "sec", "usec", "origin")

    def __init__(self, link, data, wire, sec, usec, origin):
        self.link, self.data, self.wire = link, bytes(data), wire
        self.sec, self.usec, self.origin = sec, usec, origin


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


# ---- Where the headers are -------------------------------------------------------------

def ip_offset(link, d):
    """Offset of the IP header in a frame of this link type, or None."""
    if link == LT_EN10MB:
        off = 12
        for _ in range(3):
            if off + 2 > len(d):
                return None
            et = struct.unpack_from(">H", d, off)[0]
            if et in VLAN_TPIDS or et == 0x9100:
                off += 4
                continue
            return off + 2 if et in (0x0800, 0x86dd) else None
        return None
    if link == LT_SLL:
        return 16
    if link == LT_SLL2:
        return 20
    if link in (LT_NULL, LT_LOOP):
        return 4
    return 0


def ip_layout(d, ipo):
    """(version, offset of the TCP header or None, protocol-field offset) of the IP packet."""
    if ipo is None or ipo >= len(d):
        return None, None, None
    v = d[ipo] >> 4
    if v == 4 and ipo + 20 <= len(d):
        ihl = (d[ipo] & 15) * 4
        return 4, ipo + ihl if d[ipo + 9] == 6 and ihl >= 20 else None, ipo + 9
    if v == 6 and ipo + 40 <= len(d):
        nxt_at, nxt, off = ipo + 6, d[ipo + 6], ipo + 40
        for _ in range(6):
            if nxt == 6:
                return 6, off, nxt_at
            if nxt not in (0, 43, 44, 60) or off + 8 > len(d):
                break
            nxt_at = off
            hl = 8 if nxt == 44 else (d[off + 1] + 1) * 8
            nxt, off = d[off], off + hl
        return 6, None, nxt_at
    return None, None, None


# ---- Mutations -------------------------------------------------------------------------
# Each takes (rng, link, bytearray, wire) and returns (link, bytearray, wire, name) or None
# when it does not apply to the frame.

def m_flip(rng, link, d, wire):
    if not d:
        return None
    span = min(len(d), 120)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(span)
        d[i] ^= 1 << rng.randrange(8)
    return link, d, wire, "flip"


def m_trunc(rng, link, d, wire):
    if not d:
        return None
    return link, d[:rng.randrange(len(d))], wire, "trunc"


def m_wire(rng, link, d, wire):
    return link, d, len(d) + rng.choice((0, 1, 4, 20, rng.randrange(1, 3000))), "wirelen"


def u16_choice(rng, cur, low):
    return rng.choice((0, 1, low - 1, low, cur - 1, cur + 1, cur - rng.randrange(1, 64),
                       cur + rng.randrange(1, 64), 0xffff, rng.randrange(0x10000))) & 0xffff


def m_iplen(rng, link, d, wire):
    ipo = ip_offset(link, d)
    v, tcp, _ = ip_layout(d, ipo)
    if v == 4:
        cur = struct.unpack_from(">H", d, ipo + 2)[0]
        struct.pack_into(">H", d, ipo + 2, u16_choice(rng, cur, 20))
    elif v == 6:
        cur = struct.unpack_from(">H", d, ipo + 4)[0]
        struct.pack_into(">H", d, ipo + 4, u16_choice(rng, cur, (tcp or ipo + 40) - ipo - 40))
    else:
        return None
    return link, d, wire, "iplen"


def m_ihl(rng, link, d, wire):
    ipo = ip_offset(link, d)
    if ip_layout(d, ipo)[0] != 4:
        return None
    d[ipo] = (d[ipo] & 0xf0) | rng.randrange(16)
    return link, d, wire, "ihl"


def m_version(rng, link, d, wire):
    ipo = ip_offset(link, d)
    if ipo is None or ipo >= len(d):
        return None
    d[ipo] = (d[ipo] & 0x0f) | (rng.choice((0, 4, 5, 6, 7, 15)) << 4)
    return link, d, wire, "version"


def m_proto(rng, link, d, wire):
    at = ip_layout(d, ip_offset(link, d))[2]
    if at is None:
        return None
    d[at] = rng.choice((0, 6, 17, 43, 44, 58, 59, 60, rng.randrange(256)))
    return link, d, wire, "proto"


def m_frag(rng, link, d, wire):
    ipo = ip_offset(link, d)
    if ip_layout(d, ipo)[0] != 4:
        return None
    fo = rng.choice((0x2000, 0x2000 | rng.randrange(1, 0x2000), rng.randrange(1, 0x2000),
                     0x4000, 0x8000, rng.randrange(0x10000)))
    struct.pack_into(">H", d, ipo + 6, fo)
    return link, d, wire, "frag"


def m_exthdr(rng, link, d, wire):
    """Insert an IPv6 extension header (HBH, routing, fragment, destination options)."""
    ipo = ip_offset(link, d)
    v, tcp, nxt_at = ip_layout(d, ipo)
    if v != 6:
        return None
    kind = rng.choice((0, 43, 44, 60))
    ins = ipo + 40 if nxt_at == ipo + 6 else None
    if ins is None:
        return None
    if kind == 44:
        off = rng.choice((0, 0, 1, rng.randrange(0x2000)))
        h = bytes((d[nxt_at], 0)) + struct.pack(">HI", (off << 3) | rng.randrange(2),
                                                 rng.randrange(1 << 32))
    else:
        units = rng.choice((0, 0, 1, 2))
        body = bytearray(6 + 8 * units)
        if kind in (0, 60):
            body[0] = 1		# PadN over the rest
            body[1] = len(body) - 2
            if kind == 0 and units and rng.random() < 0.5:
                body[0:6] = bytes((0xc2, 4)) + struct.pack(">I", rng.randrange(1 << 32))
        else:
            body[0] = rng.choice((0, 2, 4))
        h = bytes((d[nxt_at], units)) + bytes(body)
    d[nxt_at] = kind
    d[ins:ins] = h
    plen = struct.unpack_from(">H", d, ipo + 4)[0]
    struct.pack_into(">H", d, ipo + 4, (plen + len(h)) & 0xffff)
    return link, d, wire + len(h), f"exthdr{kind}"


def m_doff(rng, link, d, wire):
    tcp = ip_layout(d, ip_offset(link, d))[1]
    if tcp is None or tcp + 13 > len(d):
        return None
    d[tcp + 12] = (rng.randrange(16) << 4) | (d[tcp + 12] & 15)
    return link, d, wire, "doff"


def m_tcpfields(rng, link, d, wire):
    tcp = ip_layout(d, ip_offset(link, d))[1]
    if tcp is None or tcp + 20 > len(d):
        return None
    what = rng.randrange(4)
    if what == 0:
        d[tcp + 13] = rng.randrange(256)			# flags
    elif what == 1:
        d[tcp + 12] = (d[tcp + 12] & 0xf0) | rng.randrange(16)	# reserved / AE
    elif what == 2:
        struct.pack_into(">I", d, tcp + rng.choice((4, 8)),
                         rng.choice((0, 1, 0xffffffff, rng.randrange(1 << 32))))
    else:
        struct.pack_into(">H", d, tcp + rng.choice((0, 2, 14, 18)),
                         rng.choice((0, 1, 0xffff, rng.randrange(0x10000))))
    return link, d, wire, "tcpfields"


def random_options(rng):
    """An option list as a sender (or a broken one) might write it, up to 40 bytes."""
    out = bytearray()
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice((0, 1, 2, 3, 4, 5, 8, 19, 27, 28, 29, 30, 34, 69, 172, 253, 254,
                           rng.randrange(256)))
        if kind in (0, 1):
            out.append(kind)
            continue
        size = {2: 4, 3: 3, 4: 2, 5: 2 + 8 * rng.randint(1, 4), 8: 10, 19: 18, 27: 8, 28: 4,
                29: 4, 30: 12, 34: rng.choice((2, 6, 10, 18)), 253: 4, 254: 6}.get(kind, 4)
        if rng.random() < 0.3:
            size = rng.randrange(256)
        body = bytes(rng.randrange(256) for _ in range(max(0, min(size, 40) - 2)))
        out += bytes((kind, size)) + body
    if rng.random() < 0.8:
        out += bytes(-len(out) % 4)
    return bytes(out[:40])


def m_options(rng, link, d, wire):
    """Replace the TCP options, keeping the payload; lengths and offset follow."""
    ipo = ip_offset(link, d)
    v, tcp, _ = ip_layout(d, ipo)
    if tcp is None or tcp + 20 > len(d):
        return None
    hlen = (d[tcp + 12] >> 4) * 4
    if hlen < 20 or tcp + hlen > len(d):
        return None
    opts = random_options(rng)
    pad = bytes(-len(opts) % 4)
    new = d[tcp:tcp + 20] + opts + pad
    new[12] = (((20 + len(opts) + len(pad)) // 4) << 4) | (new[12] & 15)
    delta = len(new) - hlen
    d[tcp:tcp + hlen] = new
    at, base = (ipo + 2, 0) if v == 4 else (ipo + 4, 0)
    cur = struct.unpack_from(">H", d, at)[0]
    if cur or base:
        struct.pack_into(">H", d, at, (cur + delta) & 0xffff)
    return link, d, max(wire + delta, len(d)), "options"


def m_optbytes(rng, link, d, wire):
    """Overwrite bytes inside the existing options (kinds and length bytes mostly)."""
    tcp = ip_layout(d, ip_offset(link, d))[1]
    if tcp is None or tcp + 20 > len(d):
        return None
    end = min(tcp + (d[tcp + 12] >> 4) * 4, len(d))
    if end <= tcp + 20:
        return None
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(tcp + 20, end)
        d[i] = rng.choice((0, 1, 2, 3, 4, 5, 8, 0xff, d[i] + 1 & 0xff, d[i] - 1 & 0xff,
                           rng.randrange(256)))
    return link, d, wire, "optbytes"


def wrap(rng, to, ip, v):
    """The IP packet `ip` in a frame of link type `to`, or None when `to` cannot carry it."""
    et = 0x86dd if v == 6 else 0x0800
    if to == LT_EN10MB:
        hdr = bytes(rng.randrange(256) for _ in range(12))
        for _ in range(rng.choice((0, 0, 1, 2))):
            hdr += struct.pack(">HH", rng.choice(VLAN_TPIDS), rng.randrange(0x10000))
        return hdr + struct.pack(">H", et) + ip
    if to == LT_SLL:
        return struct.pack(">HHH8sH", rng.choice((0, 4)), 1, 6, bytes(8), et) + ip
    if to == LT_SLL2:
        return struct.pack(">HHIHBB8s", et, 0, rng.randrange(1, 8), 1, rng.choice((0, 4)), 6,
                           bytes(8)) + ip
    if to == LT_RAW:
        return ip
    if to == LT_IPV4:
        return ip if v == 4 else None
    if to == LT_IPV6:
        return ip if v == 6 else None
    af = 2 if v == 4 else rng.choice((24, 28, 30))
    if to == LT_NULL:
        return struct.pack(rng.choice(("<I", ">I")), af) + ip
    return struct.pack(">I", af) + ip		# LOOP: always network order


def m_relink(rng, link, d, wire):
    ipo = ip_offset(link, d)
    if ipo is None or ipo >= len(d) or d[ipo] >> 4 not in (4, 6):
        return None
    to = rng.choice([t for t in LT_NAMES if t != link])
    new = wrap(rng, to, bytes(d[ipo:]), d[ipo] >> 4)
    if new is None:
        return None
    return to, bytearray(new), wire - ipo + (len(new) - (len(d) - ipo)), \
        f"relink:{LT_NAMES[to]}"


MUTATIONS = (m_flip, m_flip, m_trunc, m_wire, m_iplen, m_iplen, m_ihl, m_version, m_proto,
             m_frag, m_exthdr, m_doff, m_doff, m_tcpfields, m_options, m_options, m_optbytes,
             m_relink, m_relink)


def mutate(rng, fr):
    """One mutated copy of a frame: one to three mutations in a row."""
    link, d, wire, names = fr.link, bytearray(fr.data), fr.wire, []
    for _ in range(rng.choice((1, 1, 2, 3))):
        for _attempt in range(8):
            res = rng.choice(MUTATIONS)(rng, link, bytearray(d), wire)
            if res:
                link, d, wire, name = res
                wire = max(wire, len(d))
                names.append(name)
                break
    if not names:
        return None
    return Frame(link, d, wire, fr.sec, fr.usec, f"{fr.origin} {'+'.join(names)}")


# ---- Running and comparing -------------------------------------------------------------

# Frame n of a generated file is stamped BASE + n seconds (BASE is midnight UTC), so the
# HH:MM:SS of a line names its frame in every tool's output; the microseconds stay the
# original ones (odd fractions included).
BASE = 1699920000
CHUNK = 80000
STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d)\.")


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, env=dict(os.environ, TZ="UTC", LC_ALL="C"))
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape").splitlines(), \
        p.stderr.decode(errors="replace")


def per_frame(lines, n):
    """Lines of one tool's output grouped by frame; continuation lines go with the last."""
    out, cur = [[] for _ in range(n)], None
    for l in lines:
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
        want = [l for l in want if not conf.strip_ts(l, variant).startswith("IP bad-len ")]
    return want


DELIBERATE_RT6 = "RT6 ("


def sll2_strip(lines):
    """tcpdump 4.99 prints SLL2's interface name (looked up on the reading host) and
    direction before IP; the parser comparison goes on without them."""
    return [re.sub(r"^(\S+ )\S+ +(In|Out|B|M|P|\?|\[\S*\]) +", r"\1", l) for l in lines]


def check_file(conf, tcplens, path, label, frames, opts):
    """(passed, failures): one verdict per frame; failures are (frame or None, text)."""
    rc_b, out_b, err_b = run([tcplens, "-n", "-T", "vat", "-r", path] + opts)
    rc_u, out_u, err_u = run([tcplens, "-n", "-T", "vat", "-r", path, "--no-bpf"] + opts)
    rc_d, out_d, err_d = run(["tcpdump", "-nn", "-T", "vat", "-r", path] + opts)
    name = f"{label} {' '.join(opts) or 'default'}"
    notes = []
    if rc_b or rc_u or rc_d:
        err = (err_b or err_u or err_d).strip().splitlines()[-1:]
        return 0, [(None, f"{name}: exit tcplens {rc_b}, --no-bpf {rc_u}, tcpdump {rc_d}: "
                          f"{err}")]
    if frames[0].link == LT_SLL2:
        # Deliberate (README): tcpdump names the SLL2 interface as the *reading* host knows
        # its index; tcplens prints no link-layer text. The parsers are compared without it.
        out_d = sll2_strip(out_d)
    variant = "nodecode-S" if opts else "nodecode"
    n = len(frames)
    fb, fu, fd = per_frame(out_b, n), per_frame(out_u, n), per_frame(out_d, n)
    passed, fails = 0, notes
    for i, fr in enumerate(frames):
        want = expected(conf, fr, fd[i], variant)
        if fb[i] == fu[i] == want:
            passed += 1
            continue
        if fb[i] == fu[i] and any(DELIBERATE_RT6 in l for l in fd[i]):
            # Deliberate (README): the record keeps an IPv6 routing header's type only, so
            # tcplens prints "srcrt " where tcpdump prints "RT6 (len=.., type=.., ...) ".
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
