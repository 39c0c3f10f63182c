#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Differential: the payload decoders against tcpdump 4.99.3 on mutated payloads.

Seed payloads (hand-made ones for every decoder written, and the TCP payloads of the
corpus captures on decoder ports) and DEC_MUTATIONS seeded mutations of each (bit flips,
bytes set to the values parsers branch on, cut or lengthened payloads, captures cut short
of the payload, inserted and repeated bytes, line ends taken away or doubled, DNS length
prefixes fixed up after the damage so the message itself is reached, compression pointers
aimed anywhere) go into one Ethernet/IPv4 pcap, on the decoder's port (either side, or
beside another decoder's port to test the order), some as resets. tcpdump -nn -r with
-v counts 0 to 3 and -T domain / -T resp must print, from ", length N" to the end of each
frame's block, exactly what decode_pcap prints. DEC_SEED (default 1) and DEC_MUTATIONS
(default 40) are the knobs; --keep DIR keeps the pcap. Prints "decode-diff: N passed,
N failed".
"""
import argparse
import collections
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TS = re.compile(r"^\d\d:\d\d:\d\d\.\d{6} ")

FORMS = [("nn", [], ["-v", "0"]), ("nnv", ["-v"], ["-v", "1"]),
         ("nnvv", ["-vv"], ["-v", "2"]), ("nnvvv", ["-vvv"], ["-v", "3"]),
         ("Tdomain-vv", ["-vv", "-T", "domain"], ["-v", "2", "-T", "domain"]),
         ("Tresp", ["-T", "resp"], ["-v", "0", "-T", "resp"]),
         ("Tzmtp1", ["-T", "zmtp1"], ["-v", "0", "-T", "zmtp1"]),
         ("Tzmtp1-v", ["-v", "-T", "zmtp1"], ["-v", "1", "-T", "zmtp1"]),
         ("Tzmtp1-vv", ["-vv", "-T", "zmtp1"], ["-v", "2", "-T", "zmtp1"]),
         ("Tvat-v", ["-v", "-T", "vat"], ["-v", "1", "-T", "vat"])]

# Every port print-tcp.c runs a decoder on: random ports must avoid them.
DECODER_PORTS = {21, 22, 23, 25, 43, 53, 80, 139, 179, 323, 445, 554, 639, 646, 1723, 2049, 6379,
                 6633, 6653, 8080, 8554, 10288}

PORTS = {"http": 80, "http-alt": 8080, "rtsp": 554, "rtsp-alt": 8554, "smtp": 25, "ftp": 21,
         "whois": 43, "ssh": 22, "telnet": 23, "resp": 6379, "domain": 53, "beep": 10288,
         "msdp": 639, "pptp": 1723, "bgp": 179, "openflow": 6653, "openflow-old": 6633,
         "rpki-rtr": 323, "ldp": 646, "nfs": 2049, "netbios": 139, "smb": 445,
         # not a decoder port: -T zmtp1 decodes every payload so (the corpus uses 33000)
         "zmtp1": 33000}


# print-tcp.c's order of port tests (Debian's tcpdump has no SMB printer: 139 and 445 are not
# tested) and the decoders not written for a -v count, as tests/decode/run.py has them.
ORDER = [("telnet", (23,)), ("smtp", (25,)), ("whois", (43,)), ("bgp", (179,)),
         ("pptp", (1723,)), ("resp", (6379,)), ("ssh", (22,)), ("beep", (10288,)),
         ("openflow", (6633, 6653)), ("ftp", (21,)), ("http", (80, 8080)),
         ("rtsp", (554, 8554)), ("domain", (53,)), ("msdp", (639,)), ("rpki-rtr", (323,)),
         ("ldp", (646,)), ("nfs", (2049,))]
NOT_DONE = {"openflow": 3}


def decoder_of(sport, dport, flags, vflag, forced):
    if flags & 0x04 and vflag:
        return "rst"
    if forced:
        return forced
    for name, ports in ORDER:
        if sport in ports or dport in ports:
            return name
    return "none"


def dns_name(name):
    out = b""
    for part in name.split("."):
        if part:
            out += bytes([len(part)]) + part.encode()
    return out + b"\0"


def dns_msg(ident, flags, qd=(), an=(), ns=(), ar=(), counts=None):
    body = b""
    for q in qd:
        body += q
    for sec in (an, ns, ar):
        for rr in sec:
            body += rr
    c = counts or (len(qd), len(an), len(ns), len(ar))
    return struct.pack(">HHHHHH", ident, flags, *c) + body


def rr(name, typ, data, cls=1, ttl=3600):
    return name + struct.pack(">HHIH", typ, cls, ttl, len(data)) + data


def tcp_dns(msg):
    return struct.pack(">H", len(msg)) + msg


def seeds_handmade():
    """(proto, payload) pairs covering each decoder's branches."""
    s = []
    http = [b"GET / HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello",
            b"HTTP/1.0 404 Not Found\nServer: x\n\n",
            b"post /lower HTTP/1.1\r\n\r\n", b"PROPFIND /dav HTTP/1.1\r\nDepth: 1\r\n\r\n",
            b"GET /no-crlf HTTP/1.1", b"GET\r\n", b"GET /a\rHTTP/1.1\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"garbage 200\r\n",
            b"RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n", b"HTTP/1.1 2000 Too long\r\n",
            b"GET " + b"a" * 140 + b" HTTP/1.1\r\n", b"GET /tab\tx HTTP/1.1\r\nX: \t y\r\n\r\n",
            b"HTTP/1.1  200 OK\r\n", b"GET /x HTTP/1.1\r\n\r\n\x00\x01binary\r\n"]
    s += [("http", p) for p in http] + [("http-alt", http[0]), ("rtsp", http[10])]
    s += [("rtsp", b"DESCRIBE rtsp://h/x RTSP/1.0\r\nCSeq: 2\r\n\r\n"),
          ("rtsp-alt", b"SETUP rtsp://h/x RTSP/1.0\r\nCSeq: 3\r\n\r\n")]
    s += [("smtp", b"220 mail.example ESMTP\r\n"), ("smtp", b"EHLO x\r\nMAIL FROM:<a@b>\r\n"),
          ("smtp", b"\x00\x01\x02"), ("ftp", b"USER anonymous\r\n"),
          ("ftp", b"227 Entering Passive Mode (1,2,3,4,5,6)\r\n"),
          ("whois", b"example.com\r\n"), ("whois", b"% comment\n%\ndomain: x\n")]
    s += [("ssh", b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), ("ssh", b"SSH-1.99-x\n"),
          ("ssh", b"SSH-2.0-a\rb\r\n"), ("ssh", b"SSH-2.0-no-end"),
          ("ssh", b"\x00\x00\x01\x14\x0a\x14binary"), ("ssh", b"SSH-2.0-\x01bin\r\n"),
          ("ssh", b"SSH")]
    s += [("telnet", b"\xff\xfd\x18\xff\xfb\x1f"), ("telnet", b"\xff\xff\xff\xfb\x01"),
          ("telnet", b"\xff\xfa\x18\x00xterm\xff\xf0"), ("telnet", b"\xff\xfa\x25\x02\x05\x01\x02\xff\xf0"),
          ("telnet", b"\xff\xfa\x26\x01\x01\x03\xff\xf0"), ("telnet", b"\xff\xfa\x1f\x00\x50\x00\x18\xff\xf0"),
          ("telnet", b"\xff\xf1\xff\xf4login: "), ("telnet", b"\xff\xfa\x18\x01\xff"),
          ("telnet", b"\xff\xfa\x18"), ("telnet", b"\xff\xfb\x99\xff\xec"), ("telnet", b"hello")]
    s += [("resp", b"*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n"), ("resp", b"+OK\r\n"),
          ("resp", b"-ERR unknown\r\n"), ("resp", b":1000\r\n"), ("resp", b"$-1\r\n"),
          ("resp", b"*-1\r\n"), ("resp", b"*0\r\n"), ("resp", b"$0\r\n\r\n"),
          ("resp", b"PING\r\nPING\nPING\r\r\n"), ("resp", b"$99999999999\r\n"),
          ("resp", b"$-5\r\n"), ("resp", b"$x\r\n"), ("resp", b"*2\r\n$3\r\nGET\r\n"),
          ("resp", b"*1\r\n" * 40 + b"+x\r\n"), ("resp", b"$3\r\nab\xffc\r\n"),
          ("resp", b"\r\n\r\nINFO\r\n"), ("resp", b"*3\r\n:1\r\n:2\r\n"),
          ("resp", b"$2147483647\r\n"), ("resp", b"$2147483648\r\n"), ("resp", b"$1\r\nab\r\n")]

    q = dns_name("www.example.com") + struct.pack(">HH", 1, 1)
    ptr = b"\xc0\x0c"
    opt = b"\0" + struct.pack(">HHIH", 41, 4096, 0x8000, 0)
    edns = (struct.pack(">HH", 10, 8) + b"\x01" * 8 + struct.pack(">HH", 8, 7) +
            b"\x00\x01\x18\x00\x0a\x00\x01" + struct.pack(">HH", 11, 2) + b"\x00\x64" +
            struct.pack(">HH", 12, 3) + b"\0\0\0" + struct.pack(">HH", 14, 4) + b"\x00\x01\x00\x02" +
            struct.pack(">HH", 5, 3) + b"\x08\x0d\x63" + struct.pack(">HH", 3, 2) + b"ab" +
            struct.pack(">HH", 9, 4) + b"\0\0\0\x10" + struct.pack(">HH", 8, 8) +
            b"\x00\x02\x30\x00\x20\x01\x0d\xb8" + struct.pack(">HH", 13, 5) + b"\x03com\x00" +
            struct.pack(">HH", 99, 1) + b"z")
    opt_full = b"\0" + struct.pack(">HHIH", 41, 1232, 0x00008000, len(edns)) + edns
    soa = dns_name("ns1.example.com") + dns_name("admin.example.com") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
    answers = [rr(ptr, 1, b"\xc0\x00\x02\x01"), rr(ptr, 28, bytes(range(16))),
               rr(ptr, 5, dns_name("alias.example.net")), rr(ptr, 15, b"\x00\x0a" + ptr),
               rr(ptr, 16, b"\x05hello\x00\x03a\"b"), rr(ptr, 33, b"\x00\x01\x00\x02\x01\xbb" + ptr),
               rr(ptr, 6, soa), rr(ptr, 38, b"\x40" + bytes(8) + ptr),
               rr(ptr, 38, b"\x00" + bytes(16)), rr(ptr, 38, b"\x81"),
               rr(ptr, 256, b"\x00\x01\x00\x02http://x/"), rr(ptr, 104, b"ascii text"),
               rr(ptr, 250, dns_name("hmac-md5.sig-alg.reg.int") + bytes(6) +
                  b"\x01\x2c\x00\x02ab\x12\x34\x00\x00\x00\x00"),
               rr(ptr, 99, b"\x01\x02"), rr(ptr, 1, b"\x01\x02\x03\x04", cls=3),
               rr(ptr, 12, ptr, cls=0x1234), rr(b"\x41\x08\xab", 1, b"\x01\x02\x03\x04"),
               rr(ptr, 256, b"\x00")]
    s += [("domain", tcp_dns(dns_msg(0x1234, 0x0100, [q]))),
          ("domain", tcp_dns(dns_msg(0x1234, 0x8180, [q], answers[:6]))),
          ("domain", tcp_dns(dns_msg(7, 0x8580, [q], answers[6:12], [rr(ptr, 2, dns_name("ns.x"))],
                                     [opt]))),
          ("domain", tcp_dns(dns_msg(8, 0x8183, [q], answers[12:], [], [opt_full]))),
          ("domain", tcp_dns(dns_msg(9, 0x0110, [q, q], [answers[0]], [], [opt_full]))),
          ("domain", tcp_dns(dns_msg(10, 0x0800, [q], [answers[0]]))),
          ("domain", tcp_dns(dns_msg(11, 0x2cff, [q], [], [], [], counts=(1, 0, 3, 2)))),
          ("domain", tcp_dns(dns_msg(12, 0x8000, [], [], [], [], counts=(5, 1, 1, 1)))),
          ("domain", tcp_dns(dns_msg(13, 0x8000, [b"\xc0\x0c\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(14, 0x8000, [b"\xc0\x10\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(15, 0x0000, [b"\x01a\xc0\x0c\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(16, 0x0000, [b"\x80abc\x00\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(17, 0x0000, [b"\x42\x00\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(18, 0x0000, [(b"\x3f" + b"x" * 63) * 5 + b"\x00\x00\x01\x00\x01"]))),
          ("domain", tcp_dns(dns_msg(19, 0x8000, [q], [rr(ptr, 41, b"")]))),
          ("domain", b"\x00\x05abcde"), ("domain", b"\x00\x01"), ("domain", b"\x00"),
          ("domain", b"\x00\x10" + bytes(16))]
    s += [("beep", b"MSG\x00x"), ("beep", b"MSG 1 2 . 0 10\r\n"), ("beep", b"RPY 0 0"),
          ("beep", b"ERR "), ("beep", b"ANS x"), ("beep", b"NUL "), ("beep", b"SEQ 1 2"),
          ("beep", b"END\x00"), ("beep", b"END\r\n"), ("beep", b"MS")]
    sa = b"\x01\x00\x14\x01" + bytes(4) + b"\x00\x00\x00\x18\xc0\x00\x02\x00\x0a\x00\x00\x01"
    s += [("msdp", b"\x04\x00\x03"), ("msdp", b"\x04\x00\x05ab"), ("msdp", sa),
          ("msdp", b"\x02\x00\x08\x18\xc0\x00\x02\x00"), ("msdp", b"\x05\x00\x04x"),
          ("msdp", b"\x07\x00\x04x\x04\x00\x03"), ("msdp", b"\x08\x00\x03"),
          ("msdp", b"\x03\x00\x30\x01" + bytes(44)), ("msdp", b"\x04\x06\x00" + bytes(1533))]
    hdr = lambda n, t, rsv=0, mc=0x1a2b3c4d: struct.pack(">HHIHH", n, 1, mc, t, rsv)
    host = b"host\x00".ljust(64, b"\x00")
    pp = [(1, struct.pack(">HHIIHH", 0x100, 0, 1, 3, 1, 1) + host + b"vendor\x01".ljust(64, b"\x00")),
          (2, struct.pack(">HBBIIHH", 0x100, 1, 0, 3, 2, 5, 6) + host + host),
          (3, b"\x02\x00\x00\x00"), (3, b"\x07\x01\x00\x02"), (4, b"\x01\x00\x00\x00"),
          (5, b"\x00\x00\x00\x2a"), (6, b"\x00\x00\x00\x2a\x02\x03\x00\x00"),
          (7, struct.pack(">HHIIIIHHHH", 1, 2, 300, 9600, 1, 2, 64, 0, 5, 0) + b"12345".ljust(64, b"\x00") + bytes(64)),
          (8, struct.pack(">HHBBHIHHI", 1, 2, 7, 9, 3, 64000, 16, 0, 9)),
          (9, struct.pack(">HHIIHH", 1, 2, 3, 4, 3, 99) + b"123".ljust(64, b"\x00") + b"x" * 64 + bytes(64)),
          (10, struct.pack(">HHBBHHH", 1, 2, 3, 0, 4, 5, 6)), (11, struct.pack(">HHIHHI", 1, 0, 2, 3, 4, 9)),
          (12, b"\x00\x01\x00\x00"), (13, struct.pack(">HBBHH", 1, 4, 6, 7, 0) + b"stats".ljust(128, b"\x00")),
          (14, struct.pack(">HHIIIIII", 1, 0, 1, 2, 3, 4, 5, 6)), (15, struct.pack(">HHII", 1, 0, 0xffffffff, 0)),
          (0, b""), (16, b"xx"), (99, b"")]
    s += [("pptp", hdr(12 + len(b), t) + b) for t, b in pp]
    s += [("pptp", hdr(16, 5, rsv=7, mc=0x61616161) + b"\x00\x00\x00\x01"), ("pptp", b"\x00\x9c\x00\x01")]
    of = lambda v, t, n, body=b"": struct.pack(">BBHI", v, t, n, 0x1234) + body
    s += [("openflow", of(1, 0, 8) + of(1, 5, 8) + of(1, 18, 8) + of(1, 19, 8)),
          ("openflow", of(1, 6, 32, bytes(24)) + of(1, 10, 18, bytes(10)) + of(1, 11, 40, bytes(32))),
          ("openflow", of(4, 0, 8) + of(4, 12, 80, bytes(72)) + of(4, 29, 20, bytes(12))),
          ("openflow", of(4, 30, 8) + of(2, 0, 8) + of(9, 1, 8)), ("openflow", of(1, 0, 4)),
          ("openflow", of(1, 0, 100)), ("openflow-old", of(1, 2, 8)), ("openflow", b"\x01\x00\x00"),
          ("openflow", b"\x01"), ("openflow", of(1, 1, 10, b"ab")), ("openflow", of(4, 6, 33, bytes(25)))]
    # -v bodies: 1.0's match (every field in, ICMP and ARP names), actions of every type and a
    # bad length, statistics of every type, BSN's vendor messages and actions, queues.
    match = struct.pack(">IH6s6sHBBHBBHIIHH", 8 << 8, 3,
                        b"\x00\x01\x02\x03\x04\x05", b"\xaa\xbb\xcc\xdd\xee\xff", 10, 3, 0,
                        0x0800, 0x10, 1, 0, 0x0a000001, 0xc0a80000, 8, 0)
    match_arp = struct.pack(">IH6s6sHBBHBBHIIHH", 0x3fffef & ~0x30, 1, bytes(6), bytes(6), 0xffff,
                            9, 0, 0x0806, 0, 2, 0, 0, 0, 80, 443)
    act = lambda t, body: struct.pack(">HH", t, 4 + len(body)) + body
    acts = (act(0, struct.pack(">HH", 0xfffd, 128)) + act(0, struct.pack(">HH", 2, 0)) +
            act(1, struct.pack(">HH", 5000, 0)) + act(2, b"\x09\x00\x00\x00") + act(3, bytes(4)) +
            act(4, bytes(6) + bytes(6)) + act(5, b"\x01" * 6 + bytes(6)) + act(6, b"\x0a\x00\x00\x02") +
            act(8, b"\xb8\x00\x00\x00") + act(9, struct.pack(">HH", 80, 0)) +
            act(11, struct.pack(">H6sI", 3, bytes(6), 0xffffffff)) +
            act(0xffff, struct.pack(">IIIIBBBB", 0x5c16c7, 1, 7, 0x81002005, 1, 0, 0, 0)) +
            act(0xffff, struct.pack(">II", 0x002320, 9)) + act(1, bytes(8)) + act(77, bytes(4)))
    fm = lambda cmd: match + struct.pack(">QHHHHIHH", 0x1122, cmd, 5, 6, 7, 0x99, 3, 9) + acts
    s += [("openflow", of(1, 14, 8 + len(fm(0)), fm(0)) + of(1, 14, 8 + len(fm(3)), fm(3))),
          ("openflow", of(1, 14, 72, match_arp + struct.pack(">QHHHHIHH", 0, 4, 0, 0, 0, 0, 0xfff8, 1))),
          ("openflow", of(1, 14, 80, fm(2)[:64] + act(0, bytes(3)) + b"x")),
          ("openflow", of(1, 11, 88, match + struct.pack(">QHBBIIHHQQ", 7, 100, 1, 0, 5, 6, 30, 0, 8, 9))),
          ("openflow", of(1, 13, 16 + len(acts) + 4, struct.pack(">IHH", 0x10, 1, len(acts)) + acts + b"data")),
          ("openflow", of(1, 10, 24, struct.pack(">IHHBB", 0xffffffff, 64, 0xfffe, 1, 0) + b"ab" + b"cd")),
          ("openflow", of(1, 12, 64, b"\x02" + bytes(7) + struct.pack(">H6s16sIIIIII", 7, b"\x02" * 6,
                                                                         b"eth7\x00", 0x41, 0x201, 0x2a0,
                                                                         0xffff, 0x1000, 0))),
          ("openflow", of(1, 15, 32, struct.pack(">H6sIII4s", 0xfffe, bytes(6), 1, 0x81, 0x100000, bytes(4)))),
          ("openflow", of(1, 1, 20, struct.pack(">HH", 3, 5) + b"datadata") + of(1, 1, 12, struct.pack(">HH", 9, 1))),
          ("openflow", of(1, 9, 12, struct.pack(">HH", 7, 128)) + of(1, 20, 12, struct.pack(">HH", 1, 0)))]
    st = lambda t, body, flags=0: struct.pack(">HH", t, flags) + body
    desc = b"".join(x.ljust(n, b"\x00") for x, n in ((b"mfr", 256), (b"hw\x01", 256), (b"sw", 256),
                                                      (b"123", 32), (b"dp", 256)))
    fstat = struct.pack(">HBB", 88 + 8, 0xfe, 0) + match + struct.pack(">IIHHH6sQQQ", 1, 2, 3, 4, 5,
                                                                      bytes(6), 6, 7, 8) + act(0, bytes(4))
    tstat = struct.pack(">B3s32sIIIQQ", 0, bytes(3), b"main", 0x3fffff, 100, 5, 9, 8)
    pstat = struct.pack(">H6s12Q", 1, bytes(6), *range(12))
    qstat = struct.pack(">HHIQQQ", 1, 0, 2, 3, 4, 5)
    s += [("openflow", of(1, 17, 12 + len(b), st(t, b, fl)))
          for t, b, fl in ((0, desc, 0), (0, desc[:100], 0), (1, fstat + fstat, 1),
                           (2, struct.pack(">QQI4s", 1, 2, 3, bytes(4)), 0), (3, tstat + tstat[:10], 0),
                           (4, pstat, 0), (5, qstat * 2, 2), (0xffff, struct.pack(">I", 0x5c16c7) + b"zz", 0),
                           (9, b"abcd", 0))]
    s += [("openflow", of(1, 16, 12 + len(b), st(t, b, fl)))
          for t, b, fl in ((0, b"", 0), (3, b"", 1), (1, match + struct.pack(">BBH", 0xff, 0, 0xffff), 0),
                           (2, match + struct.pack(">BBH", 1, 0, 2), 0), (4, struct.pack(">H6s", 7, bytes(6)), 0),
                           (5, struct.pack(">HHI", 0xfffc, 0, 0xffffffff), 0), (0xffff, b"\x00\x23\x20", 0),
                           (0, b"x", 0))]
    bsn = lambda sub, body: of(1, 4, 16 + len(body), struct.pack(">II", 0x5c16c7, sub) + body)
    s += [("openflow", bsn(1, b"\x03" + bytes(7)) + bsn(0, b"\x02" + bytes(3) + b"\xff\xff\xff\x00") +
           bsn(3, b"\x01" + bytes(3)) + bsn(4, b"\x05" + bytes(3)) + bsn(9, b"") + bsn(17, b"\x00\x00\x00\x07")),
          ("openflow", bsn(6, b"\x00\x00\x00\x01ls -l\x01") + bsn(7, b"out\n") + bsn(8, b"\x00\x00\x00\x02") +
           bsn(99, b"q") + bsn(1, b"\x01") + of(1, 4, 12, b"\x00\x00\x0c\x00") + of(1, 4, 14, b"\xff\x00\x00\x02ab"))]
    prop = lambda t, n, body=b"": struct.pack(">HH4s", t, n, bytes(4)) + body
    props = prop(1, 16, struct.pack(">H6s", 500, bytes(6))) + prop(1, 16, struct.pack(">H6s", 1001, bytes(6))) + \
        prop(0, 8) + prop(0, 16, bytes(8)) + prop(5, 8)
    queue = struct.pack(">IHH", 1, 8 + len(props), 0) + props
    s += [("openflow", of(1, 21, 16 + len(queue) + 8, struct.pack(">H6s", 2, bytes(6)) + queue +
                          struct.pack(">IHH", 2, 4, 0))),
          ("openflow", of(1, 20, 12, struct.pack(">HH", 0xfff8, 0)) + of(1, 6, 32 + 48 + 3,
                           struct.pack(">QIB3sII", 0xabc, 256, 2, bytes(3), 0xff, 0xfffff) +
                           struct.pack(">H6s16s", 1, bytes(6), b"p1") + bytes(24) + b"abc"))]
    # 1.3: HELLO's elements, the fixed bodies, errors and experimenters.
    s += [("openflow", of(4, 0, 16, struct.pack(">HHI", 1, 8, 0x12)) + of(4, 0, 20, struct.pack(">HHIHH", 1, 8, 0x80000001, 2, 4)) +
           of(4, 0, 14, struct.pack(">HH", 1, 6) + b"ab") + of(4, 0, 10, b"\x00\x01")),
          ("openflow", of(4, 6, 32, struct.pack(">QIBB2sII", 0xdead, 7, 254, 1, bytes(2), 0x1ff, 0)) +
           of(4, 8, 12, struct.pack(">HH", 3, 0xffe5)) + of(4, 9, 12, struct.pack(">HH", 1, 0xffff)) +
           of(4, 17, 16, struct.pack(">B3sI", 0xfe, bytes(3), 3))),
          ("openflow", of(4, 24, 24, struct.pack(">I4sQ", 2, bytes(4), 99)) + of(4, 25, 24, struct.pack(">I4sQ", 9, bytes(4), 1)) +
           of(4, 27, 32, struct.pack(">6I", 7, 8, 1, 0x10, 2, 4)) + of(4, 28, 32, bytes(24))),
          ("openflow", of(4, 12, 80, b"\x05" + bytes(7) + struct.pack(">I4s6s2s16s8I", 0xfffffffd, bytes(4), b"\x01" * 6, bytes(2),
                                                                       b"port-1", 0x65, 7, 0x2841, 0xffff, 0, 0x10000, 1000000, 10000000))),
          ("openflow", of(4, 16, 40, struct.pack(">I4s6s2sIII4s", 5, bytes(4), bytes(6), bytes(2), 1, 0x80, 0x12345, bytes(4))) +
           of(4, 22, 16, struct.pack(">I4s", 0xffffffff, bytes(4)))),
          ("openflow", of(4, 1, 16, struct.pack(">HH", 5, 6) + b"abcd") + of(4, 1, 12, struct.pack(">HH", 0xffff, 1)) +
           of(4, 1, 12, struct.pack(">HH", 20, 1)) + of(4, 4, 20, struct.pack(">II", 0x4f4e4600, 3) + b"abcd") +
           of(4, 4, 16, struct.pack(">II", 0xd0f0db, 0)) + of(4, 4, 16, struct.pack(">II", 0xff00000b, 1)))]
    s += [("ldp", struct.pack(">HHIH", 1, 28, 0xc0a80002, 0) + bytes(20)),
          ("ldp", struct.pack(">HHIH", 2, 28, 0xc0a80002, 0) + bytes(20)),
          ("ldp", struct.pack(">HHIH", 1, 3, 0xc0a80002, 7) + bytes(20)), ("ldp", bytes(18)),
          ("ldp", struct.pack(">HHIH", 1, 28, 1, 1))]
    tlv = lambda t, v, u=0: struct.pack(">HH", t | u, len(v)) + v
    msg = lambda t, body, mid=1: struct.pack(">HHI", t, len(body) + 4, mid) + body
    pdu = lambda *msgs: (lambda b: struct.pack(">HHIH", 1, len(b) + 6, 0x0a000001, 0) + b)(b"".join(msgs))
    martini = (b"\x80" + struct.pack(">HBI", 0x8005, 16, 7) + struct.pack(">I", 100) +
               b"\x01\x04\x05\xdc" + b"\x03\x06abcd" + b"\x0c\x04\x03\x02" + b"\x09\x03z")
    s += [("ldp", pdu(msg(0x0100, tlv(0x0400, b"\x00\x0f\xc0\x00") + tlv(0x0401, b"\x0a\x00\x00\x01") +
                          tlv(0x0402, b"\x00\x00\x00\x07") + tlv(0x0403, bytes(range(16)))))),
          ("ldp", pdu(msg(0x0200, tlv(0x0500, b"\x00\x01\x00\x0f\x00\x00\xc0\x00" + bytes(6)) +
                          tlv(0x0503, b"\x80\x0f\x00\x00\x00\x00\x00\x10\x00\x00\x00\x20"),
                          2), msg(0x0201, b"", 3))),
          ("ldp", pdu(msg(0x0300, tlv(0x0101, b"\x00\x01\x0a\x00\x00\x01\xc0\xa8\x00\x01")),
                      msg(0x0301, tlv(0x0101, b"\x00\x02" + bytes(16))), msg(0x0300, tlv(0x0101, b"\x00\x09ab")),
                      msg(0x0300, tlv(0x0101, b"\x00\x19ab")), msg(0x0300, tlv(0x0101, b"\x00\xc4ab")),
                      msg(0x0300, tlv(0x0101, b"\x00\x03ab")), msg(0x0300, tlv(0x0101, b"\x00\x41ab")))),
          ("ldp", pdu(msg(0x0400, tlv(0x0100, b"\x02\x00\x01\x18\xc0\x00\x02") + tlv(0x0200, b"\x00\x00\x00\x10") +
                          tlv(0x0103, b"\x01") + tlv(0x0104, b"\xc0\xa8\x00\x02")),
                      msg(0x0400, tlv(0x0100, b"\x02\x00\x02\x40" + bytes(8)) + tlv(0x0100, b"\x02\x00\x01\x21") +
                          tlv(0x0100, b"\x02\x00\x05\x00") + tlv(0x0100, b"\x01") + tlv(0x0100, b"\x03\x00") +
                          tlv(0x0100, b"\x02\x00\x01\x18\xc0")))),
          ("ldp", pdu(msg(0x0402, tlv(0x0100, martini) + tlv(0x0100, b"\x80\x00\x05\x00\x00\x00\x00\x01") +
                          tlv(0x0100, b"\x80\x00\x05\x02" + bytes(7)) + tlv(0x0100, b"\x80")))),
          ("ldp", pdu(msg(0x0001, tlv(0x0300, b"\xc0\x00\x00\x05\x00\x00\x00\x09", 0x8000) +
                          tlv(0x0601, b"\x05\xdc", 0x4000) + tlv(0x0300, b"\x00\x00\x00\x01\x00\x00\x00\x00")),
                      msg(0x0401, b"\x01\x02"), msg(0x3e00, b"xy"), msg(0x0400, tlv(0x0200, b"\x00", 0) + tlv(0x0999, b"abc")))),
          ("ldp", pdu(msg(0x0400, tlv(0x0200, bytes(40))))), ("ldp", pdu(msg(0x0100, b"", 1)) + pdu(msg(0x0201, b""))),
          ("ldp", struct.pack(">HHIH", 1, 400, 1, 0) + msg(0x0100, b"")),
          ("ldp", struct.pack(">HHIH", 1, 14, 1, 0) + struct.pack(">HHI", 0x0100, 2, 1) + bytes(8)),
          ("bgp", b"\xff" * 16 + b"\x00\x13\x04"),
          ("bgp", b"x"), ("rpki-rtr", bytes(8))]
    rh = lambda t, sess, n: struct.pack(">BBHI", 0, t, sess, n)
    notify = rh(0, 0x1234, 12) + b"\x00\x00\x00\x2a"
    v4 = rh(4, 0, 20) + b"\x01\x18\x20\x00\xc0\x00\x02\x00\x00\x00\xfd\xe8"
    v6 = rh(6, 0, 32) + b"\x00\x30\x40\x00" + bytes(range(16)) + b"\x00\x01\x00\x00"
    err = lambda code, enc, text: (rh(10, code, 16 + len(enc) + len(text)) +
                                   struct.pack(">I", len(enc)) + enc + struct.pack(">I", len(text)) + text)
    s += [("rpki-rtr", notify + rh(1, 1, 12) + b"\x00\x00\x00\x01" + rh(7, 2, 12) + b"\x00\x00\x00\x02"),
          ("rpki-rtr", rh(2, 0, 8) + rh(8, 0, 8) + rh(3, 0x55, 8)), ("rpki-rtr", v4 + v6),
          ("rpki-rtr", err(3, notify, b"bad serial")), ("rpki-rtr", err(99, err(1, v4, b"x"), b"")),
          ("rpki-rtr", rh(9, 0, 12) + b"abcd"), ("rpki-rtr", b"\x01\x00\x00\x00"),
          ("rpki-rtr", rh(10, 2, 255) + b"\xff\xff\xff\xff\x07\x00" + bytes(60)),
          ("rpki-rtr", rh(0, 0, 13) + bytes(5)), ("rpki-rtr", rh(4, 0, 8)), ("rpki-rtr", b"\x00\x00\x00"),
          ("netbios", b"\x85\x00\x00\x00"),
          ("smb", b"\x00\x00\x00\x08\xffSMBabcd")]
    s += bgp_seeds()
    s += nfs_seeds()
    s += [("zmtp1", b"\x01\x00"), ("zmtp1", b"\x06\x01hello\x01\x00"),
          ("zmtp1", b"\xff" + struct.pack(">Q", 300) + b"\x80" + bytes(range(256)) * 2),
          ("zmtp1", b"\x00\x05\x00abcd"), ("zmtp1", b"\xff" + struct.pack(">Q", 2**64 - 5) + b"\x00"),
          ("zmtp1", b"\x90\xfe" + b"z" * 200)]
    return s


def bgp_seeds():
    """BGP messages for each branch of print-bgp.c: OPEN capabilities, every attribute it
    decodes, MP_REACH/UNREACH for each AFI/SAFI pair, NOTIFICATION, ROUTE-REFRESH."""
    def msg(t, body):
        return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), t) + body

    def attr(t, v, flags=0x40):
        if flags & 0x10:
            return struct.pack(">BBH", flags, t, len(v)) + v
        return struct.pack(">BBB", flags, t, len(v)) + v

    def update(attrs, nlri=b"", withdrawn=b""):
        a = b"".join(attrs)
        return msg(2, struct.pack(">H", len(withdrawn)) + withdrawn + struct.pack(">H", len(a)) + a + nlri)

    def mp_reach(afi, safi, nh, nlri, snpa=b"\x00"):
        return attr(14, struct.pack(">HBB", afi, safi, len(nh)) + nh + snpa + nlri, 0x80)

    def mp_unreach(afi, safi, nlri):
        return attr(15, struct.pack(">HB", afi, safi) + nlri, 0x90)

    rd0 = struct.pack(">HHI", 0, 65000, 7)
    rd1 = struct.pack(">H4sH", 1, bytes([10, 0, 0, 1]), 9)
    rd2 = struct.pack(">HIH", 2, 4200000000, 3)
    label = b"\x00\x01\x01"
    caps = (b"\x02\x06\x01\x04\x00\x01\x00\x01" + b"\x02\x02\x02\x00" + b"\x02\x02\x80\x00" +
            b"\x02\x06\x41\x04\x00\x01\x00\x01" + b"\x02\x08\x40\x06\x80\x78\x00\x01\x01\x80" +
            b"\x02\x06\x45\x04\x00\x01\x01\x03" + b"\x02\x06\x08\x04\x00\x01\x04\x02" +
            b"\x02\x03\x46\x01\x00" + b"\x02\x02\x45\x00" + b"\x02\x04\x45\x02\x00\x01" +
            b"\x02\x03\x41\x01\x02" + b"\x02\x03\x01\x01\x00" + b"\x01\x02xy" + b"\x02\x08\x47\x06" + bytes(6))
    opn = msg(1, struct.pack(">BHH4sB", 4, 65001, 90, bytes([192, 0, 2, 1]), len(caps)) + caps)
    ext = b"".join(struct.pack(">H", t) + v for t, v in [
        (0x0002, struct.pack(">HI", 65000, 100)), (0x0102, bytes([10, 1, 2, 3]) + b"\x00\x07"),
        (0x0202, struct.pack(">IH", 70000, 5)), (0x4004, struct.pack(">Hf", 1, 1250000.0)),
        (0x0005, bytes([1, 2, 3, 4, 0, 0])), (0x0306, bytes([0, 0, 0, 1, 5, 1])),
        (0x8000, bytes([0, 0, 0, 1, 9, 0])), (0x800a, b"\x05\x03\x05\xdc\x00\x00"),
        (0x0009, b"\xfd\xe8\x00\x00\x00\x00"), (0x030c, b"\x00\x00\x00\x00\x00\x08"),
        (0x4242, b"abcdef"), (0xf10a, bytes([10, 0, 0, 2, 0, 1]))])
    attrs = [attr(1, b"\x00"), attr(1, b"\x05"), attr(1, b""),
             attr(2, b"\x02\x02\xfd\xe8\xfd\xe9\x01\x01\x00\x01"),
             attr(2, b"\x02\x01\x00\x01\x00\x02\x03\x01\x00\x00\x00\x05\x04\x01\x00\x00\x00\x06"),
             attr(2, b""), attr(2, b"\x02"), attr(17, b"\x02\x01\x00\x01\x11\x70", 0xc0),
             attr(3, bytes([10, 0, 0, 1])), attr(3, b"ab"), attr(4, b"\x00\x00\x00\x64", 0x80),
             attr(5, b"\x00\x00\x00\x64"), attr(6, b""), attr(6, b"x"),
             attr(7, b"\xfd\xe8" + bytes([10, 0, 0, 1]), 0xc0), attr(7, b"\x00\x01\x00\x00" + bytes(4), 0xc0),
             attr(18, b"\x00\x01\x00\x00\x01\x02\x03\x04", 0xc0), attr(18, b"x"),
             attr(8, b"\xff\xff\xff\x01\xff\xff\xff\x02\xff\xff\xff\x03\xfd\xe8\x00\x01\xfd\xe8\x00\x02", 0xc0),
             attr(8, b"abc"), attr(9, bytes([1, 1, 1, 1]), 0x80), attr(10, bytes(8) + b"\x01\x02\x03\x04", 0x80),
             attr(10, b"abcde"), attr(16, ext, 0xc0), attr(16, b"abc"),
             attr(22, b"\x01\x06\x00\x01\x01\x0a\x00\x00\x01", 0xc0),
             attr(22, b"\x00\x04\x00\x00\x00" + bytes(8), 0xc0), attr(22, b"\x00\x03\x00\x00\x00" + bytes(8), 0xc0),
             attr(22, b"\x00\x02\x00\x00\x00" + bytes(8), 0xc0), attr(22, b"\x00\x01\x00\x00\x00" + bytes(8), 0xc0),
             attr(22, b"\x00\x09\x00\x00\x00ab", 0xc0),
             attr(26, b"\x01\x00\x0b" + struct.pack(">Q", 12345) + b"\x02\x00\x05ab", 0x80),
             attr(26, b"\x01\x00\x02", 0x80), attr(26, b"\x01\x00\x05ab", 0x80),
             attr(32, struct.pack(">III", 65000, 1, 2) * 2, 0xc0), attr(32, b"x" * 5, 0xc0),
             attr(128, struct.pack(">I", 65000) + attr(1, b"\x00") + attr(8, b"\x00\x01\x00\x02") +
                  attr(128, struct.pack(">I", 1) + attr(5, b"\x00\x00\x00\x01")), 0xc0),
             attr(128, struct.pack(">I", 1) + b"\x40", 0xc0), attr(128, struct.pack(">I", 1) + b"\x50\x01\x00", 0xc0),
             attr(128, b"ab", 0xc0), attr(99, b"unknown", 0xc0), attr(255, b"", 0x0f)]
    nlri4 = b"\x18\xc0\x00\x02\x20\x0a\x00\x00\x01\x00"
    nh4, nh6 = bytes([10, 0, 0, 1]), bytes(range(16))
    mps = [mp_reach(1, 1, nh4, nlri4), mp_reach(1, 2, nh4 + nh4, nlri4, b"\x02\x02ab\x00"),
           mp_reach(1, 4, nh4, b"\x38" + label + b"\xc0\x00\x02" + b"\x30\x00\x01\x00\x0a\x00"),
           mp_reach(1, 128, rd0 + nh4, b"\x70" + label + rd0 + b"\xc0\x00\x02" + b"\x70" + label + rd1 + b"\x0a\x00\x00"),
           mp_reach(1, 129, rd2 + nh4, b"\x58" + label + rd2), mp_reach(1, 128, b"xy", b""),
           mp_reach(2, 1, nh6 + nh6, b"\x40" + bytes(8) + b"\x80" + bytes(16) + b"\x81"),
           mp_reach(2, 4, nh6, b"\x58" + label + bytes(8)), mp_reach(2, 128, rd1 + nh6, b"\x98" + label + rd1 + bytes(8)),
           mp_reach(1, 132, nh4, b"\x00" + b"\x60" + struct.pack(">I", 65000) + b"\x00\x02\xfd\xe8\x00\x00\x00\x01" +
                    b"\x28" + struct.pack(">I", 1) + b"\x01" + b"\x10" + b"\x78" + struct.pack(">I", 1) + b"\x01\x02\x0a\x00\x00\x01\x00\x05" +
                    b"\x70" + struct.pack(">I", 1) + b"\x02\x02\x00\x00\x00\x01\x00\x05" + b"\x60" + struct.pack(">I", 1) + b"\x77\x77" + bytes(6)),
           mp_reach(1, 66, nh4, b"\x80" + rd0 + bytes([10, 0, 0, 1]) + bytes([239, 1, 1, 1]) + b"\x20"),
           mp_reach(1, 5, nh4, b"\x01\x0c" + rd0 + nh4 + b"\x02\x0c" + rd1 + b"\x00\x00\xfd\xe8" +
                    b"\x03\x16" + rd2 + b"\x20\x0a\x00\x00\x01\x20\xef\x01\x01\x01" + nh4 +
                    b"\x05\x14" + rd0 + b"\x20\x0a\x00\x00\x01\x20\xef\x01\x01\x01" +
                    b"\x06\x16" + rd0 + b"\x00\x00\x00\x01\x20\x0a\x00\x00\x01\x20\xef\x01\x01\x01" +
                    b"\x07\x0c" + rd0 + b"\x00\x00\x00\x01" + b"\x04\x02ab" + b"\x01\x04" + rd0[:4] + b"\x09\x00"),
           mp_reach(2, 5, nh6, b"\x01\x18" + rd0 + nh6),
           mp_reach(196, 128, nh4, b"\x00\x0c" + rd0 + nh4 + b"\x00\x1f" + rd1 + b"\x00\x01\x00\x02\x01\x00\x10" +
                    b"\x01\x00\x40" + b"\xab" * 8 + b"\x09\x00\x08q" + b"\x00\x14" + rd0 + bytes(12)),
           mp_reach(25, 65, nh4, b"\x00\x20" + rd0 + bytes(7) + b"\x01\x02\x00" + b"\xcd" * 64 + b"\x00\x05abcde"),
           mp_reach(196, 128, nh4, b"\x00\x60" + rd0 + bytes(7) + b"\x01\x02\x80" + b"\xee" * 80),
           mp_reach(3, 1, b"\x47\x00\x06\x01" + bytes(16), b"\x38" + bytes(3) + b"\x49\x00\x01\x02\x03\x04\x05" + b"\x00"),
           mp_reach(3, 128, rd0 + b"\x47\x00\x06\x01\x0a\x00\x00\x01" + bytes(12), b"\x70" + label + rd0 + b"\x49\x00\x01"),
           mp_reach(3, 128, rd0 + b"\x35\x00\x00" + bytes(17), b""), mp_reach(3, 129, rd0, b""),
           mp_reach(1, 70, nh4, b"abc"), mp_reach(99, 1, nh4, b"abc"), mp_reach(1, 200, nh4, b""),
           mp_unreach(1, 1, nlri4), mp_unreach(2, 1, b""), mp_unreach(1, 1, b"\x00\x00\x00\x01\x18\xc0\x00\x02"),
           mp_unreach(1, 1, b"\x00\x00\x00\x01\x18\xc0\x00\x02\x00\x00\x00\x02\x00"), mp_unreach(7, 7, b"xyz")]
    out = [opn, msg(1, b"\x04" + bytes(9)), msg(1, struct.pack(">BHH4sB", 4, 1, 3, bytes(4), 4) + b"\x02\x09\x01\x01"),
           update(attrs[:14], nlri4, b"\x18\x0a\x00\x00"), update(attrs[14:28]), update(attrs[28:]),
           update([], b"\x00\x00\x00\x01\x18\xc0\x00\x02\x00\x00\x00\x02\x00"),
           update([], b"", b"\x00\x00\x00\x01\x18\xc0\x00\x02\x00\x00\x00\x02\x00"),
           update([], b"\x21\x01"), update([], b"", b"\x21"), msg(2, b"\x00\x00\x00\x00"), msg(2, b"\x00\x00\x00\x05\x40\x01"),
           msg(3, b"\x06\x02\x05hello\xff\xfe"), msg(3, b"\x06\x04\x00"), msg(3, b"\x06\x02\x40x"),
           msg(3, b"\x06\x01\x00\x01\x01\x00\x00\x03\xe8"), msg(3, b"\x01\x02"), msg(3, b"\x02\x07"),
           msg(3, b"\x03\x0b"), msg(3, b"\x04\x00"), msg(3, b"\x05\x03"), msg(3, b"\x07\x04"), msg(3, b"\x09\x09"),
           msg(5, b"\x00\x01\x00\x01"), msg(5, b"\x00\x02\x00\x80xyz"), msg(4, b""), msg(9, b"data"),
           b"\xff" * 16 + b"\x00\x05\x04", b"junk" + msg(4, b""), msg(4, b"")[:10]]
    out += [update([m]) for m in mps]
    return [("bgp", m) for m in out] + [("bgp", b"".join(out[:6]))]


def nfs_seeds():
    """ONC RPC calls to port 2049 and their replies (same XID), NFS v2 and v3, every
    procedure; the replies come from the server's address so tcpdump pairs them."""
    u32 = lambda *v: struct.pack(">" + "I" * len(v), *v)
    u64 = lambda v: struct.pack(">Q", v)

    def rec(body, last=True):
        return u32((0x80000000 if last else 0) | len(body)) + body

    def call(xid, vers, proc, args, cred=b"\0\0\0\1host\0\0\0\0\0\0\0\0\0\0\0\0"):
        return ("nfs", rec(u32(xid, 0, 2, 100003, vers, proc, 1, len(cred)) + cred +
                           u32(0, 0) + args))

    def reply(xid, res, astat=0, verf=b""):
        return ("nfs-reply", rec(u32(xid, 1, 0, 0, len(verf)) + verf + u32(astat) + res))

    def fh3(b):
        return u32(len(b)) + b

    fh_unknown = bytes.fromhex("f0c862c6000010000000000014ab0200c6dd760758aa7a5b") + b"\0" * 8
    fh_bsd = bytes([4, 1, 0, 0, 9, 9, 0, 0]) + b"\0" * 4 + b"\x10\x20\0\0" + b"\0" * 16
    fh_sun5 = bytes([0x01, 0x02, 0x03, 0x04, 0, 0, 0, 2, 0, 10]) + b"\x11" * 22
    fh_auspex = b"\0" * 6 + bytes([3, 7]) + b"\0" * 4 + b"\0\0\1\2" + b"\0" * 16
    fh_vms = b"\x01DKA100 x\0\0\0\0\0" + b"\x05" * 18
    fh_hpux = bytes([1, 2, 3, 4, 0, 0, 0, 0, 0, 10]) + b"\x22" * 22
    fhs = [fh_unknown, fh_bsd, fh_sun5, fh_auspex, fh_vms, fh_hpux, fh_unknown[:8]]
    fattr3 = u32(1, 0o100644, 1, 65534, 65534) + u64(3) + u64(4096) + u32(0, 0) + \
        u64(0x5b7aaa5800000000) + u64(0x2ab14) + u32(1535100894, 466424000) * 3
    fattr2 = u32(2, 0o40755, 2, 0xfffffffe, 0, 512, 4096, 0, 8, 0x801, 77) + u32(1, 2) * 3
    post = u32(1) + fattr3
    wcc = u32(1) + u64(0) + u32(1535100894, 465310536, 1535100894, 464014342) + post
    name = lambda n: u32(len(n)) + n + b"\0" * (-len(n) % 4)
    sattr3 = u32(1, 0o755, 1, 1000, 1, 100, 1) + u64(7)[4:] + u32(2, 1, 2, 2, 3, 4)
    out = []
    x = 0x1000
    v3 = [(1, fh3(fhs[0]), u32(0) + fattr3),
          (2, fh3(fhs[1]) + sattr3 + u32(0), u32(0) + wcc),
          (3, fh3(fhs[2]) + name(b"file.txt"), u32(0) + fh3(fhs[3]) + post + post),
          (3, fh3(fhs[2]) + name(b"gone"), u32(2) + post),
          (4, fh3(fhs[4]) + u32(0x1f), u32(0) + post + u32(0x1f)),
          (4, fh3(fhs[4]) + u32(0x3f), u32(13) + u32(0)),
          (4, fh3(fhs[4]) + u32(0x40), u32(0) + u32(0) + u32(0x3)),
          (5, fh3(fhs[5]), u32(0) + post + name(b"/target")),
          (6, fh3(fhs[0]) + u64(8192) + u32(4096), u32(0) + post + u32(4096, 1) + b"data"),
          (7, fh3(fhs[1]) + u64(0) + u32(3, 2, 3) + b"hi\n\0",
           u32(0) + wcc + u32(3, 2) + u64(0x851b4)),
          (7, fh3(fhs[1]) + u64(0) + u32(3, 7, 3) + b"hi\n\0", u32(28) + wcc),
          (8, fh3(fhs[2]) + name(b"new") + u32(0) + sattr3,
           u32(0) + u32(1) + fh3(fhs[1]) + post + wcc),
          (9, fh3(fhs[2]) + name(b"dir") + sattr3, u32(17) + wcc),
          (10, fh3(fhs[2]) + name(b"ln") + sattr3 + name(b"/to"), u32(0) + u32(0) + wcc),
          (11, fh3(fhs[2]) + name(b"dev") + u32(4) + sattr3 + u32(8, 1), u32(0) + u32(0) + wcc),
          (11, fh3(fhs[2]) + name(b"fifo") + u32(7) + sattr3, u32(10004) + wcc),
          (12, fh3(fhs[2]) + name(b"old"), u32(0) + wcc),
          (13, fh3(fhs[2]) + name(b"d"), u32(66) + wcc),
          (14, fh3(fhs[2]) + name(b"a") + fh3(fhs[3]) + name(b"b"), u32(0) + wcc + wcc),
          (15, fh3(fhs[1]) + fh3(fhs[2]) + name(b"hard"), u32(0) + post + wcc),
          (16, fh3(fhs[0]) + u64(0) + u64(0x1122334455667788) + u32(4096),
           u32(0) + post + u64(0x0102030405060708) + b"\0" * 8),
          (16, fh3(fhs[0]) + u64(0xffffffffffffffff) + u64(1) + u32(512), u32(10003) + post),
          (17, fh3(fhs[0]) + u64(5) + u64(2) + u32(512, 8192), u32(0) + post + u64(3)),
          (18, fh3(fhs[0]), u32(0) + post + u64(1 << 40) + u64(1 << 39) + u64(1 << 38) +
           u64(1000) + u64(500) + u64(400) + u32(0)),
          (19, fh3(fhs[0]), u32(0) + post + u32(65536, 65536, 4096, 65536, 65536, 4096, 8192) +
           u64(0x7fffffffffffffff) + u32(0, 1) + u32(0x1b)),
          (20, fh3(fhs[0]), u32(0) + post + u32(32000, 255, 1, 1, 0, 1)),
          (21, fh3(fhs[1]) + u64(0) + u32(0), u32(0) + wcc + u64(0xdeadbeef)),
          (0, b"", b""), (22, fh3(fhs[0]), u32(0)), (99, b"", b"")]
    for proc, args, res in v3:
        x += 1
        out += [call(x, 3, proc, args), reply(x, res)]
    v2fh = fhs[1]
    v2 = [(1, v2fh, u32(0) + fattr2), (2, v2fh + b"\0" * 32, u32(1)),
          (4, v2fh + name(b"etc"), u32(0) + fhs[3] + fattr2), (5, v2fh, u32(0) + name(b"lnk")),
          (6, v2fh + u32(0, 8192, 0), u32(0) + fattr2),
          (8, v2fh + u32(0, 0, 5, 5) + b"hello\0\0\0", u32(0) + fattr2),
          (9, v2fh + name(b"c") + b"\0" * 32, u32(0) + fhs[2] + fattr2),
          (10, v2fh + name(b"r"), u32(2)), (11, v2fh + name(b"a") + v2fh + name(b"b"), u32(0)),
          (12, v2fh + v2fh + name(b"l"), u32(0)), (13, v2fh + name(b"s") + name(b"t"), u32(0)),
          (14, v2fh + name(b"m") + b"\0" * 32, u32(17)), (15, v2fh + name(b"m"), u32(0)),
          (16, v2fh + u32(0, 1024), u32(0) + u32(0x10, 64, 1)),
          (17, v2fh, u32(0) + u32(8192, 4096, 1000, 500, 400)), (3, b"", b""), (20, b"", b"")]
    for proc, args, res in v2:
        x += 1
        out += [call(x, 2, proc, args), reply(x, res)]
    # Replies that are not successes, and calls cut short in their credentials.
    out += [call(0x2001, 3, 1, fh3(fhs[0])), reply(0x2001, b"", astat=1),
            call(0x2002, 3, 1, fh3(fhs[0])), reply(0x2002, fattr3, verf=b"\1\2\3\4"),
            ("nfs-reply", rec(u32(0x2003, 1, 1, 0, 2, 4))),
            ("nfs-reply", rec(u32(0x2004, 1, 1, 1, 5))),
            ("nfs-reply", rec(u32(0x2005, 1, 1, 7))), ("nfs-reply", rec(u32(0x2006, 1, 9))),
            call(0x2007, 3, 1, b"", cred=b"\xff" * 3), call(0x2008, 3, 3, b"\0\0\0\x08" * 3)]
    return out


def corpus_seeds(corpus):
    """TCP payloads on decoder ports of the corpus's Ethernet/IPv4 captures."""
    port_proto = {}
    for name, port in PORTS.items():
        port_proto.setdefault(port, name)
    out = []
    for sub in ("tcpdump-tests", "synthetic"):
        d = os.path.join(corpus, sub, "pcaps")
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".pcap"):
                continue
            with open(os.path.join(d, fn), "rb") as f:
                buf = f.read()
            if len(buf) < 24 or struct.unpack_from("<I", buf)[0] not in (0xa1b2c3d4, 0xa1b23c4d):
                continue
            if struct.unpack_from("<I", buf, 20)[0] != 1:
                continue
            off = 24
            while off + 16 <= len(buf):
                cap = struct.unpack_from("<I", buf, off + 8)[0]
                fr = buf[off + 16:off + 16 + cap]
                off += 16 + cap
                if len(fr) < 54 or fr[12:14] != b"\x08\x00" or fr[23] != 6:
                    continue
                ihl = (fr[14] & 15) * 4
                tot = struct.unpack_from(">H", fr, 16)[0]
                t = 14 + ihl
                if len(fr) < t + 20:
                    continue
                sp, dp = struct.unpack_from(">HH", fr, t)
                hl = (fr[t + 12] >> 4) * 4
                pay = fr[t + hl:14 + tot]
                proto = port_proto.get(sp) or port_proto.get(dp)
                if proto and pay and len(pay) == tot - ihl - hl:
                    out.append((proto, bytes(pay)))
    return out


INTERESTING = [0, 1, 0x0a, 0x0d, 0x20, 0x2a, 0x24, 0x2b, 0x2d, 0x3a, 0x3f, 0x40, 0x41, 0x7f, 0x80,
               0xc0, 0xc1, 0xf0, 0xfa, 0xff, 0x30, 0x39]


def mutate(rng, proto, p):
    p = bytearray(p)
    ops = []
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        if op == 0 and p:
            i = rng.randrange(len(p))
            p[i] ^= 1 << rng.randrange(8)
            ops.append(f"flip@{i}")
        elif op == 1 and p:
            i = rng.randrange(len(p))
            p[i] = rng.choice(INTERESTING)
            ops.append(f"set@{i}")
        elif op == 2 and p:
            n = rng.randrange(len(p) + 1)
            del p[n:]
            ops.append(f"cut{n}")
        elif op == 3:
            i = rng.randrange(len(p) + 1)
            p[i:i] = bytes(rng.choice(INTERESTING) for _ in range(rng.randint(1, 8)))
            ops.append(f"ins@{i}")
        elif op == 4 and p:
            i = rng.randrange(len(p))
            j = min(len(p), i + rng.randint(1, 16))
            p[i:i] = p[i:j] * rng.randint(1, 4)
            ops.append(f"rep@{i}")
        elif op == 5:
            s = bytes(p).replace(b"\r\n", rng.choice([b"\n", b"", b"\r", b"\r\n\r\n"]))
            p = bytearray(s)
            ops.append("eol")
        elif op == 6 and proto == "domain" and len(p) > 14:
            # A compression pointer anywhere in the message.
            i = rng.randrange(14, len(p))
            v = 0xc000 | rng.randrange(0, max(1, len(p)))
            p[i:i + 2] = struct.pack(">H", v)
            ops.append(f"ptr@{i}")
        elif op == 7 and proto == "domain" and len(p) >= 14:
            i = rng.choice([4, 6, 8, 10, 12])
            p[i:i + 2] = struct.pack(">H", rng.choice([0, 1, 2, 3, 0xffff, rng.randrange(65536)]))
            ops.append(f"hdr@{i}")
        elif op == 8 and p:
            i = rng.randrange(len(p))
            p[i] = rng.randrange(256)
            ops.append(f"rnd@{i}")
    del p[8000:]
    if proto == "domain" and len(p) >= 2 and rng.random() < 0.7:
        p[0:2] = struct.pack(">H", (len(p) - 2) & 0xffff)
    return bytes(p), ops


# fuzz_dec*.c's port lists: a decoder fuzz input names its port by index.
FUZZ_PORTS = {"dectext": [80, 8080, 554, 8554, 25, 21, 43, 22, 23, 6379], "decdns": [53],
              "decbin": [179, 1723, 10288, 6633, 6653, 639, 323, 646, 139, 445, 2049]}


def fuzz_inputs(dirs):
    """Frames from decoder fuzz inputs (tests/fuzz/fuzz_common.h's layout): their payload,
    port, side, RST bit and capture cut; the -v count and mode come from the forms here."""
    out = []
    for d in dirs:
        ports = FUZZ_PORTS.get(os.path.basename(os.path.normpath(d)))
        if not ports or not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            with open(os.path.join(d, fn), "rb") as f:
                b = f.read()
            if len(b) < 4 or len(b) - 4 > 8000:
                continue
            pay = b[4:]
            port = ports[b[1] % len(ports)]
            other = ports[(b[1] // len(ports) + 1) % len(ports)] if b[0] & 0x80 else 40000
            sport, dport = (port, other) if b[0] & 0x40 else (other, port)
            flags = 0x14 if b[0] & 0x20 else 0x18
            cap = len(pay) * b[2] // 256 if b[2] else len(pay)
            out.append((sport, dport, flags, pay, cap, f"{os.path.basename(d)}/{fn}"))
    return out


def ip_cksum(h):
    s = sum(struct.unpack(f">{len(h) // 2}H", h))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff


def frame(sport, dport, flags, payload):
    tcp = struct.pack(">HHIIBBHHH", sport, dport, 1000, 2000, 5 << 4, flags, 502, 0, 0)
    tot = 20 + len(tcp) + len(payload)
    # From the NFS port, the server's address: NFS replies pair with calls by address.
    src, dst = bytes([10, 9, 0, 1]), bytes([10, 9, 0, 2])
    if sport == 2049:
        src, dst = dst, src
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, tot, 1, 0, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack(">H", ip_cksum(ip)) + ip[12:]
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip + tcp + payload


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
        for i, (data, cap) in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, cap, len(data)))
            f.write(data[:cap])


def blocks(text):
    out = []
    for line in text.splitlines():
        if TS.match(line) or not out:
            out.append([line])
        else:
            out[-1].append(line)
    return ["\n".join(b) for b in out]


def unescape(s):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default="build/tests/decode_pcap")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "..", "shared",
                                                     "conformance"))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DEC_SEED", "1")))
    ap.add_argument("--mutations", type=int, default=int(os.environ.get("DEC_MUTATIONS", "40")))
    ap.add_argument("--keep", default=None)
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--inputs", nargs="*", default=[],
                    help="decoder fuzz corpus folders (build-fuzz/corpus/dectext ...) to add")
    ap.add_argument("--write-seeds", nargs=2, metavar=("DECODER", "PCAP"),
                    help="only write DECODER's hand-made payloads, unmutated, to PCAP (the "
                         "fuzz seeds tests/fuzz/seeds-*.pcap are made so)")
    args = ap.parse_args()
    if args.write_seeds:
        dec, path = args.write_seeds
        frames = [frame(40000, PORTS[p], 0x18, pl) for p, pl in seeds_handmade() if p == dec]
        write_pcap(path, [(f, len(f)) for f in frames])
        print(f"decode-diff: {len(frames)} {dec} payloads written to {path}")
        return 0 if frames else 1
    if not shutil.which("tcpdump") or not os.access(args.tool, os.X_OK):
        print("decode-diff: tcpdump or the tool is missing (make deps, make tests)")
        print("decode-diff: 0 passed, 1 failed")
        return 1

    rng = random.Random(args.seed)
    seeds = seeds_handmade() + corpus_seeds(args.corpus)
    frames, meta = [], []
    names = list(PORTS)
    for proto, pay in seeds:
        for k in range(args.mutations + 1):
            p, ops = (pay, []) if k == 0 else mutate(rng, proto, pay)
            port = PORTS["nfs" if proto == "nfs-reply" else proto]
            other = rng.randrange(1024, 65536)
            while other in DECODER_PORTS:
                other = rng.randrange(1024, 65536)
            r = rng.random()
            if r < 0.1:
                other = PORTS[rng.choice(names)]
                ops.append(f"beside{other}")
            sport, dport = (other, port) if rng.random() < 0.6 else (port, other)
            if proto in ("nfs", "nfs-reply") and rng.random() < 0.9:
                # mostly the way each goes: calls to the server, replies from it
                sport, dport = (port, other) if proto == "nfs-reply" else (other, port)
            flags = 0x18
            if rng.random() < 0.05:
                flags = 0x14
                ops.append("rst")
            data = frame(sport, dport, flags, p)
            cap = len(data)
            if p and rng.random() < 0.25:
                cap = 54 + rng.randrange(len(p))
                ops.append(f"snap{cap - 54}")
            frames.append((data, cap))
            meta.append((proto, ops))
    for sport, dport, flags, p, cap, origin in fuzz_inputs(args.inputs):
        frames.append((frame(sport, dport, flags, p), 54 + cap))
        meta.append(("fuzz", [origin]))
    tmp = tempfile.mkdtemp(prefix="tcplens-decode.")
    path = os.path.join(tmp, "decode.pcap")
    write_pcap(path, frames)
    env = dict(os.environ, TZ="UTC")
    passed = failed = 0
    per = collections.Counter()
    shown = 0
    try:
        for form, td_args, tool_args in FORMS:
            vflag = int(tool_args[tool_args.index("-v") + 1])
            forced = {"domain": "domain", "resp": "resp", "zmtp1": "zmtp1",
                      "vat": "off"}.get(td_args[-1]) if "-T" in td_args else None
            td = subprocess.run(["tcpdump", "-nn", "-r", path] + td_args, env=env,
                                capture_output=True)
            want = blocks(td.stdout.decode("utf-8", "surrogateescape"))
            got = {}
            tl = subprocess.run([args.tool] + tool_args + [path], capture_output=True)
            for line in tl.stdout.decode("utf-8", "surrogateescape").splitlines():
                f = line.split("\t", 5)
                if len(f) == 6:
                    got[int(f[0])] = unescape(f[5])
            if tl.returncode or len(want) != len(frames):
                failed += 1
                print(f"FAIL {form}: tool exit {tl.returncode}, tcpdump printed {len(want)} "
                      f"blocks for {len(frames)} frames")
                continue
            for n in range(1, len(frames) + 1):
                blk = want[n - 1]
                at = blk.find(" Flags [")
                at = blk.find(", length ", at) if at >= 0 else -1
                if at < 0 or n not in got:
                    per["no TCP line"] += 1
                    continue
                data = frames[n - 1][0]
                sp, dp = struct.unpack_from(">HH", data, 34)
                dec = decoder_of(sp, dp, data[47], vflag, forced)
                if dec in NOT_DONE and vflag >= NOT_DONE[dec]:
                    per[f"not done: {dec} at -v {vflag}"] += 1
                    continue
                if dec == "msdp" and vflag > 1 and "[w/data]" in blk and \
                        re.fullmatch(r", length \d+", got[n]):
                    # the IP packet an SA carries is printed by tcpdump's IP printer at -vv
                    per["not done: msdp data at -vv"] += 1
                    continue
                if blk[at:] == got[n]:
                    passed += 1
                    continue
                failed += 1
                per[f"differ: {meta[n - 1][0]}"] += 1
                if shown < args.show:
                    shown += 1
                    print(f"FAIL {form} frame {n} ({meta[n - 1][0]}: {' '.join(meta[n - 1][1])})")
                    print(f"    payload: {frames[n - 1][0][54:frames[n - 1][1]].hex()}")
                    print(f"    want: {blk[at:]!r}")
                    print(f"    got:  {got[n]!r}")
    finally:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(path, args.keep)
        shutil.rmtree(tmp)
    print(f"decode-diff: {len(frames)} frames x {len(FORMS)} forms, seed {args.seed}; "
          f"not compared or failed: {dict(sorted(per.items())) or 'none'}")
    print(f"decode-diff: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
