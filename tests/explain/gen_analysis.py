#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
# Writes analysis.pcap (or many.pcap, see the end): a made-up connection that shows
# Wireshark's analysis flags one by one
# (lost segment, duplicate ACKs, fast retransmission, window update, zero window, keep-alive,
# retransmission, reset) plus a connection whose start was not captured. Standard library only;
# running it again gives the same file.
import struct
import sys

C, S = bytes([198, 18, 0, 2]), bytes([198, 18, 0, 1])
F, SY, R, P, A = 0x01, 0x02, 0x04, 0x08, 0x10


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(src, dst, sport, dport, seq, ack, flags, win, payload=b'', opts=b''):
    doff = (20 + len(opts)) // 4
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff << 4, flags, win, 0, 0) + opts
    pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp) + len(payload))
    c = csum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp) + len(payload), 1, 0x4000, 64, 6,
                     0, src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    eth = b'\x02\0\0\0\0\x01' + b'\x02\0\0\0\0\x02' + b'\x08\x00'
    return eth + ip + tcp + payload


SYNOPT = struct.pack('!BBH', 2, 4, 1460) + b'\x01\x03\x03\x07'	# mss 1460, nop, wscale 7
ci, si = 1000, 5000
pkts = []


def c2s(t, seq, ack, fl, win, data=b'', opts=b'', port=40000):
    pkts.append((t, frame(C, S, port, 8080, seq, ack, fl, win, data, opts)))


def s2c(t, seq, ack, fl, win, data=b'', opts=b'', port=40000):
    pkts.append((t, frame(S, C, 8080, port, seq, ack, fl, win, data, opts)))


d = b'x' * 100
c2s(0.000, ci, 0, SY, 64240, opts=SYNOPT)
s2c(0.010, si, ci + 1, SY | A, 65160, opts=SYNOPT)
c2s(0.020, ci + 1, si + 1, A, 502)
c2s(0.021, ci + 1, si + 1, P | A, 502, d)		# bytes 1-100
c2s(0.022, ci + 201, si + 1, P | A, 502, d)		# 101-200 never captured: a gap
s2c(0.030, si + 1, ci + 101, A, 509)
s2c(0.031, si + 1, ci + 101, A, 509)			# dup ACK 1
s2c(0.032, si + 1, ci + 101, A, 509)			# dup ACK 2
c2s(0.033, ci + 101, si + 1, A, 502, d)			# fast retransmission
s2c(0.040, si + 1, ci + 301, A, 509)
s2c(0.050, si + 1, ci + 301, A, 800)			# window update
s2c(0.060, si + 1, ci + 301, A, 0)			# zero window
c2s(0.560, ci + 300, si + 1, A, 502)			# keep-alive (Linux's zero-window probe)
s2c(0.561, si + 1, ci + 301, A, 0)
s2c(0.700, si + 1, ci + 301, A, 600)			# window opens again
c2s(0.701, ci + 301, si + 1, P | A, 502, d)
c2s(1.001, ci + 301, si + 1, P | A, 502, d)		# retransmission after 300 ms
s2c(1.011, si + 1, ci + 401, A, 600)
s2c(1.012, si + 1, ci + 401, P | A, 600, b'y' * 50)
c2s(1.020, ci + 401, si + 51, R | A, 0)			# the client aborts
# A connection already running when the capture started.
c2s(2.000, 777000, 888000, P | A, 300, b'z' * 20, port=40001)
s2c(2.010, 888000, 777020, A, 250, port=40001)
c2s(2.020, 777020, 888000, F | A, 300, port=40001)

# With a second argument: write many.pcap instead, 20 short connections one after the other
# (more than the smallest flow table, --flows 16, holds).
if len(sys.argv) > 2 and sys.argv[2] == 'many':
    pkts = []
    for i in range(20):
        t, p = 3.0 + i * 0.01, 41000 + i
        c2s(t, 100 * i, 0, SY, 64240, opts=SYNOPT, port=p)
        s2c(t + 0.001, 9000 + i, 100 * i + 1, SY | A, 65160, opts=SYNOPT, port=p)
        c2s(t + 0.002, 100 * i + 1, 9001 + i, A, 502, port=p)
        c2s(t + 0.003, 100 * i + 1, 9001 + i, P | A, 502, b'q' * 10, port=p)
        s2c(t + 0.004, 9001 + i, 100 * i + 11, A, 509, port=p)


# With a second argument 'words': write words.pcap instead, what --explain's words and --summary
# count without keeping it per connection (bench/README.md, "Memory"): a side that sends a RST
# without ACK between two ACKs (the next ACK confirms from the one before the RST). With 'big':
# a client that sends more than 4 GiB (65,600 segments of 65,495 bytes, headers captured),
# one of them twice.
if len(sys.argv) > 2 and sys.argv[2] == 'words':
    pkts = []
    c2s(0.000, ci, 0, SY, 64240, opts=SYNOPT)
    s2c(0.010, si, ci + 1, SY | A, 65160, opts=SYNOPT)
    c2s(0.020, ci + 1, si + 1, A, 502)
    s2c(0.030, si + 1, ci + 1, P | A, 509, d)
    c2s(0.040, ci + 1, si + 101, A, 502)
    c2s(0.050, ci + 1, 0, R, 0)				# RST without ACK
    s2c(0.060, si + 101, ci + 1, P | A, 509, d)
    c2s(0.070, ci + 1, si + 201, A, 502)			# confirms 100 new bytes
    c2s(0.080, ci + 1, si + 201, A, 502)			# nothing new


def big_hdr(seq, n):
    """Ethernet, IPv4 and TCP headers of a segment of n payload bytes (TCP checksum not set)."""
    f = frame(C, S, 40000, 8080, seq % (1 << 32), si, A, 502)
    ip = f[14:16] + struct.pack('!H', 40 + n) + f[18:24] + b'\0\0' + f[26:34]
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return f[:14] + ip + f[34:], 54 + n


if len(sys.argv) > 2 and sys.argv[2] == 'big':
    pkts = []
    n = 65495
    for i in range(65600):
        # segment 10 again, 10 ms after segment 1000: a retransmission (not out of order)
        t = i * 1e-5 + (0.01 if i > 1000 else 0)
        pkts.append((t,) + big_hdr(ci + i * n, n))
        if i == 1000:
            pkts.append((t + 0.005,) + big_hdr(ci + 10 * n, n))

out = open(sys.argv[1] if len(sys.argv) > 1 else 'analysis.pcap', 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
for t, f, *wire in pkts:
    sec = 1700000000 + int(t)
    usec = int(round((t - int(t)) * 1e6))
    out.write(struct.pack('<IIII', sec, usec, len(f), wire[0] if wire else len(f)) + f)
out.close()
