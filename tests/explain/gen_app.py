#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# Writes app.pcap: made-up conversations whose payloads --explain puts in words: HTTP on
# ports 80 and 8080 (request and Host, status, type and length, chunked, bytes to escape, a
# long target, a response the snap length cut), SSH's version exchange, DNS over TCP (an
# answer, a CNAME chain, NXDOMAIN, no record) and SMTP (commands, multiline replies, a message
# body that must not read as commands). Standard library only; running it again gives the
# same file.
import struct
import sys

C, S = bytes([198, 18, 0, 2]), bytes([198, 18, 0, 1])
F, SY, P, A = 0x01, 0x02, 0x08, 0x10
SYNOPT = struct.pack('!BBH', 2, 4, 1460)
pkts = []


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(src, dst, sport, dport, seq, ack, flags, payload=b'', opts=b''):
    doff = (20 + len(opts)) // 4
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff << 4, flags, 502, 0, 0) + opts
    pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp) + len(payload))
    c = csum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp) + len(payload), 1, 0x4000, 64, 6,
                     0, src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    eth = b'\x02\0\0\0\0\x01' + b'\x02\0\0\0\0\x02' + b'\x08\x00'
    return eth + ip + tcp + payload


class Conn:
    """One connection from C:cport to S:sport, its handshake written at once."""

    def __init__(self, t, cport, sport):
        self.t, self.cport, self.sport = t, cport, sport
        self.cseq, self.sseq = 1000 * cport, 7000 * sport
        self.add(C, SY, opts=SYNOPT)
        self.add(S, SY | A, opts=SYNOPT)
        self.add(C, A)

    def add(self, who, flags, data=b'', opts=b'', snap=None):
        c2s = who == C
        seq, ack = (self.cseq, self.sseq) if c2s else (self.sseq, self.cseq)
        f = frame(who, S if c2s else C, self.cport if c2s else self.sport,
                  self.sport if c2s else self.cport, seq, ack if flags & A else 0, flags,
                  data, opts)
        pkts.append((self.t, f, snap))
        self.t += 0.001
        step = len(data) + (1 if flags & (SY | F) else 0)
        if c2s:
            self.cseq += step
        else:
            self.sseq += step

    def c(self, data, snap=None):
        self.add(C, P | A, data, snap=snap)

    def s(self, data, snap=None):
        self.add(S, P | A, data, snap=snap)


def dns_name(n):
    return b''.join(bytes([len(x)]) + x.encode() for x in n.split('.')) + b'\0'


def dns(ident, flags, qname, qtype, answers=()):
    m = struct.pack('!HHHHHH', ident, flags, 1, len(answers), 0, 0)
    m += dns_name(qname) + struct.pack('!HH', qtype, 1)
    for rtype, rdata, name in answers:
        # 0xc00c: the question's name, by compression pointer.
        m += (b'\xc0\x0c' if name is None else dns_name(name))
        m += struct.pack('!HHIH', rtype, 1, 300, len(rdata)) + rdata
    return struct.pack('!H', len(m)) + m


# HTTP on port 80: a request and its response, body following.
h = Conn(0.0, 40100, 80)
h.c(b'GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/7.88.1\r\n'
    b'Accept: */*\r\n\r\n')
h.s(b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1256\r\n\r\n' +
    b'<html>' + b'x' * 200)
h.s(b'y' * 300)

# HTTP on 8080: bytes to escape, chunked, a target longer than a field, a cut response.
h = Conn(1.0, 40101, 8080)
h.c(b'GET /a\x1b[31mb HTTP/1.1\r\nhost: ex\xc3\xa9.test\r\n\r\n')
h.s(b'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\ncontent-type: text/plain\r\n\r\n')
h.c(b'POST /' + b'p' * 300 + b' HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2\r\n\r\nhi')
cut = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{}'
h.s(cut, snap=14 + 20 + 20 + cut.index(b'Content-Length') + 10)

# SSH: both versions, then the binary packets that follow them.
h = Conn(2.0, 40102, 22)
h.c(b'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')
h.s(b'SSH-2.0-OpenSSH_9.6\r\n')
h.c(struct.pack('!IBB', 28, 4, 20) + bytes(range(26)))

# DNS over TCP: four questions on one connection.
h = Conn(3.0, 40103, 53)
h.c(dns(0x1234, 0x0100, 'example.com', 1))
h.s(dns(0x1234, 0x8180, 'example.com', 1, [(1, bytes([93, 184, 216, 34]), None)]))
h.c(dns(0x1235, 0x0100, 'example.org', 28))
h.s(dns(0x1235, 0x8180, 'example.org', 28,
        [(5, dns_name('www.example.org'), None),
         (28, bytes.fromhex('20010db8000000000000000000000001'), 'www.example.org')]))
h.c(dns(0x1236, 0x0100, 'nosuch.example', 1))
h.s(dns(0x1236, 0x8183, 'nosuch.example', 1))
h.c(dns(0x1237, 0x0100, 'example.net', 15))
h.s(dns(0x1237, 0x8180, 'example.net', 15))

# SMTP: greeting, EHLO and its multiline reply, one message, QUIT.
h = Conn(4.0, 40104, 25)
h.s(b'220 mail.example.org ESMTP Postfix\r\n')
h.c(b'EHLO client.example.org\r\n')
h.s(b'250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n')
h.c(b'MAIL FROM:<alice@example.org>\r\n')
h.s(b'250 2.1.0 Ok\r\n')
h.c(b'RCPT TO:<bob@example.org>\r\n')
h.s(b'250 2.1.5 Ok\r\n')
h.c(b'DATA\r\n')
h.s(b'354 End data with <CR><LF>.<CR><LF>\r\n')
h.c(b'Subject: lunch\r\n\r\nData first, then mail from Bob.\r\n.\r\n')
h.s(b'250 2.0.0 Ok: queued as 4F2A1\r\n')
h.c(b'QUIT\r\n')
h.s(b'221 2.0.0 Bye\r\n')

out = open(sys.argv[1] if len(sys.argv) > 1 else 'app.pcap', 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
for t, f, snap in pkts:
    sec = 1700000000 + int(t)
    usec = int(round((t - int(t)) * 1e6))
    cap = f[:snap] if snap else f
    out.write(struct.pack('<IIII', sec, usec, len(cap), len(f)) + cap)
out.close()
