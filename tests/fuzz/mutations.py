# SPDX-License-Identifier: GPL-2.0-only
"""The frames and mutations of the differential test (differential.py): where the headers of
a frame are, and the seeded changes made to corpus frames, each returning (link, data,
wire length, name) or None when it does not apply."""
import struct

# pcap LINKTYPE_ values of the link types tcplens reads.
LT_NULL, LT_EN10MB, LT_RAW, LT_LOOP, LT_SLL, LT_IPV4, LT_IPV6, LT_SLL2 = \
    0, 1, 101, 108, 113, 228, 229, 276
LT_NAMES = {LT_NULL: "NULL", LT_EN10MB: "EN10MB", LT_RAW: "RAW", LT_LOOP: "LOOP",
            LT_SLL: "LINUX_SLL", LT_IPV4: "IPV4", LT_IPV6: "IPV6", LT_SLL2: "LINUX_SLL2"}
# DLT_RAW is 12 (14 on some BSDs) in files written by old tools; all mean raw IP.
LT_ALIAS = {12: LT_RAW, 14: LT_RAW}
VLAN_TPIDS = (0x8100, 0x88a8)


class Frame:
    __slots__ = ("link", "data", "wire", "sec", "usec", "origin")

    def __init__(self, link, data, wire, sec, usec, origin):
        self.link, self.data, self.wire = link, bytes(data), wire
        self.sec, self.usec, self.origin = sec, usec, origin


# ---- Where the headers are -------------------------------------------------------------

def llc_len(d, off):
    """Bytes of an 802.2 LLC header at off that carries IP (SNAP or the IP SAP), or None."""
    if off + 3 > len(d) or d[off + 2] != 3 or d[off] & 0xfe != d[off + 1] & 0xfe:
        return None
    if d[off] & 0xfe == 0x06:
        return 3
    if d[off] & 0xfe != 0xaa or off + 8 > len(d) or d[off + 3:off + 6] not in (
            b"\0\0\0", b"\0\0\xf8"):
        return None
    return 8 if struct.unpack_from(">H", d, off + 6)[0] in (0x0800, 0x86dd) else None


def ip_offset(link, d):
    """Offset of the IP header in a frame of this link type, or None."""
    if link == LT_EN10MB:
        off = 12
        for _ in range(4):
            if off + 2 > len(d):
                return None
            et = struct.unpack_from(">H", d, off)[0]
            if et in VLAN_TPIDS or et in (0x9100, 0x9200):
                off += 4
                continue
            if et <= 1500:
                n = llc_len(d, off + 2)
                return None if n is None else off + 2 + n
            return off + 2 if et in (0x0800, 0x86dd) else None
        return None
    if link in (LT_SLL, LT_SLL2):
        off = 14 if link == LT_SLL else 0
        hdr = 16 if link == LT_SLL else 20
        if off + 2 > len(d):
            return None
        et = struct.unpack_from(">H", d, off)[0]
        while et == 0x8100 and hdr + 4 <= len(d):
            et = struct.unpack_from(">H", d, hdr + 2)[0]
            et = 4 if et <= 1500 else et
            hdr += 4
        if et == 4:
            n = llc_len(d, hdr)
            return None if n is None else hdr + n
        return hdr
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


def ip4_option(rng):
    """One IPv4 option, well-formed or not, of the kinds tcpdump's ip_optprint knows."""
    kind = rng.choice((0, 1, 1, 7, 131, 137, 68, 68, 148, 130, 82, rng.randrange(256)))
    if kind in (0, 1):
        return bytes((kind,))
    if kind in (7, 131, 137):
        n = rng.choice((0, 1, 2, 3))
        ln = 3 + 4 * n + rng.choice((0, 0, 0, 1, 2))
        ptr = rng.choice((4, 4 + 4 * n, 8, rng.randrange(256)))
        return bytes((kind, ln, ptr)) + bytes(rng.randrange(256) for _ in range(ln - 3))
    if kind == 68:
        flg = rng.choice((0, 1, 3, 2)) | rng.choice((0, 0, 0x10, 0xf0))
        hop = 4 if flg & 0xf == 0 else 8
        n = rng.choice((0, 1, 2))
        ln = 4 + hop * n + rng.choice((0, 0, 0, 2))
        ptr = rng.choice((5, 5 + hop * n, 5 + hop, rng.randrange(256)))
        return bytes((kind, ln, ptr, flg)) + bytes(rng.randrange(256) for _ in range(ln - 4))
    if kind == 148:
        return bytes((kind, rng.choice((4, 4, 3, 2)))) + rng.choice((b"\0\0", b"\0\7"))
    ln = rng.choice((2, 3, 4, 11, 0, 1))
    return bytes((kind, ln)) + bytes(rng.randrange(256) for _ in range(max(ln - 2, 0)))


def m_ipopts(rng, link, d, wire):
    """Give an IPv4 header options tcpdump's -v prints (RR, LSRR, SSRR, TS, RA, ...)."""
    ipo = ip_offset(link, d)
    if ip_layout(d, ipo)[0] != 4 or ipo + 20 > len(d):
        return None
    old = (d[ipo] & 15) * 4
    opts = b"".join(ip4_option(rng) for _ in range(rng.choice((1, 1, 2, 3))))
    opts = opts[:40]
    opts += bytes((rng.choice((0, 1)),)) * (-len(opts) % 4)
    if ipo + max(old, 20) > len(d):
        return None
    d[ipo + 20:ipo + max(old, 20)] = opts
    d[ipo] = (d[ipo] & 0xf0) | (5 + len(opts) // 4)
    tot = struct.unpack_from(">H", d, ipo + 2)[0]
    struct.pack_into(">H", d, ipo + 2, (tot - max(old, 20) + 20 + len(opts)) & 0xffff)
    return link, d, wire - max(old, 20) + 20 + len(opts), "ipopts"


def m_ipfields(rng, link, d, wire):
    """The header fields -v shows: TOS and ECN, TTL, id, flags; IPv6 class and flow label."""
    ipo = ip_offset(link, d)
    v = ip_layout(d, ipo)[0]
    if v == 4 and ipo + 20 <= len(d):
        d[ipo + 1] = rng.randrange(256)
        d[ipo + 8] = rng.choice((0, 1, 64, 255))
        struct.pack_into(">H", d, ipo + 4, rng.randrange(0x10000))
        d[ipo + 6] = (d[ipo + 6] & 0x1f) | rng.choice((0, 0x20, 0x40, 0x80, 0xe0))
    elif v == 6 and ipo + 40 <= len(d):
        struct.pack_into(">I", d, ipo, 0x60000000 | rng.choice((0, rng.randrange(1 << 28))))
        d[ipo + 7] = rng.choice((0, 1, 64, 255))
    else:
        return None
    return link, d, wire, "ipfields"


def m_rst(rng, link, d, wire):
    """A RST carrying data (printable, control and high bytes), which -v prints."""
    ipo = ip_offset(link, d)
    v, tcp, _ = ip_layout(d, ipo)
    if tcp is None or tcp + 20 > len(d):
        return None
    d[tcp + 13] = rng.choice((0x04, 0x14, 0x1c))
    hl = (d[tcp + 12] >> 4) * 4
    if tcp + hl >= len(d):
        n = rng.choice((1, 5, 30, 31, 60))
        data = bytes(rng.choice((rng.randrange(256), 0x41, 0x0d, 0x0a, 0x7f, 0x80, 0xff))
                     for _ in range(n))
        d[len(d):] = data
        lo = ipo + 2 if v == 4 else ipo + 4
        struct.pack_into(">H", d, lo, (struct.unpack_from(">H", d, lo)[0] + n) & 0xffff)
        wire += n
    return link, d, wire, "rst"


def m_ext6opts(rng, link, d, wire):
    """Random contents for the first IPv6 extension header: HBH/DSTOPT options (pad1, padn,
    router alert, jumbo, home address, unknown, malformed), routing types 0, 2, 3, 4."""
    ipo = ip_offset(link, d)
    if ip_layout(d, ipo)[0] != 6 or ipo + 48 > len(d) or d[ipo + 6] not in (0, 43, 60):
        return None
    h = ipo + 40
    size = (d[h + 1] + 1) * 8
    if h + size > len(d):
        return None
    if d[ipo + 6] == 43:
        d[h + 2] = rng.choice((0, 2, 4, 3))
        d[h + 3] = rng.randrange(4)
        if rng.random() < 0.2:
            d[h + 4:h + 8] = bytes(rng.randrange(256) for _ in range(4))
        if rng.random() < 0.2:
            d[h + 1] = d[h + 1] | 1
        return link, d, wire, "rt6"
    body = bytearray()
    while len(body) < size - 2:
        body += rng.choice((b"\0", b"\1\0", b"\1\2\0\0", b"\5\2\0\1", b"\5\3\0\0\0",
                            b"\xc2\4\0\1\0\0", b"\xc2\5\0\1\0\0\0",
                            b"\xc9\x10" + bytes(16), b"\xc9\x12" + bytes(16) + b"\1\0",
                            b"\x1e\1\7", b"\x99"))
    d[h + 2:h + size] = body[:size - 2]
    return link, d, wire, "ext6opts"


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


def llc(rng, et, v):
    """An 802.2 LLC header for IP: SNAP (OUI 0 or Cisco's), RFC 948's IP SAP, sometimes with
    the group/response bits, rarely one tcpdump does not hand to IP."""
    sap, ctrl = rng.choice(((0xaa, 0xaa), (0xaa, 0xaa), (0xab, 0xab), (0x06, 0x06))), 3
    if v == 6 and sap[0] == 0x06:
        sap = (0xaa, 0xaa)
    if rng.random() < 0.05:
        ctrl = rng.choice((0x13, 0x00))
    if sap[0] == 0x06:
        return bytes((sap[0], sap[1], ctrl))
    return bytes((sap[0], sap[1], ctrl)) + rng.choice((b"\0\0\0", b"\0\0\xf8", b"\0\0\x0c")) + \
        struct.pack(">H", et)


def wrap(rng, to, ip, v):
    """The IP packet `ip` in a frame of link type `to`, or None when `to` cannot carry it."""
    et = 0x86dd if v == 6 else 0x0800
    if to == LT_EN10MB:
        hdr = bytes(rng.randrange(256) for _ in range(12))
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            hdr += struct.pack(">HH", rng.choice(VLAN_TPIDS + (0x9100, 0x9200)),
                               rng.randrange(0x10000))
        if rng.random() < 0.15 and len(ip) + 8 <= 1500:
            body = llc(rng, et, v) + ip
            return hdr + struct.pack(">H", len(body)) + body
        return hdr + struct.pack(">H", et) + ip
    if to in (LT_SLL, LT_SLL2):
        tail = b""
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            tail += struct.pack(">H", rng.randrange(0x10000)) + struct.pack(">H", 0x8100)
        if rng.random() < 0.15:
            inner, body = 4, llc(rng, et, v)
        else:
            inner, body = et, b""
        # The protocol field, then the tags (each one's TCI and the next type), then LLC.
        types = [0x8100] * (len(tail) // 4) + [inner]
        tags = b"".join(tail[i:i + 2] + struct.pack(">H", types[i // 4 + 1])
                        for i in range(0, len(tail), 4))
        if to == LT_SLL:
            hdr = struct.pack(">HHH8sH", rng.choice((0, 1, 2, 3, 4, 4, 0, 7)), 1,
                              rng.choice((6, 6, 6, 0)), bytes(rng.randrange(256) for _ in range(8)),
                              types[0])
        else:
            hdr = struct.pack(">HHIHBB8s", types[0], 0, rng.randrange(1, 8), 1,
                              rng.choice((0, 4, 1, 2, 3)), rng.choice((6, 6, 0)),
                              bytes(rng.randrange(256) for _ in range(8)))
        return hdr + tags + body + ip
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
             m_relink, m_relink, m_ipopts, m_ipfields, m_rst, m_ext6opts, m_ext6opts)


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
