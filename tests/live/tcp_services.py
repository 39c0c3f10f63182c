#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Four short, deterministic TCP exchanges for the live tests, server and client side.

HTTP (80), an SSH banner exchange (22), DNS over TCP (53) and SMTP (25): the protocols
tcpdump decodes on those ports, so both tools print their payload text. Python only, so the
live tests need no further package.

  tcp_services.py serve DIR         listen on [::] (IPv4 too), serve DIR over HTTP; prints
                                    "ready" once every port listens
  tcp_services.py client ADDR[,ADDR...] FILE...
                                    one exchange of each kind with each ADDR in turn, an HTTP
                                    one per FILE; exits 0 only if every answer was right
"""

import http.server
import socket
import socketserver
import struct
import sys
import threading

SSH_SERVER = b"SSH-2.0-tlserver_1.0\r\n"
SSH_CLIENT = b"SSH-2.0-tlclient_1.0\r\n"
# The start of a binary packet: length, padding length, SSH_MSG_KEXINIT, a cookie.
SSH_KEXINIT = struct.pack("!IBB", 28, 10, 20) + bytes(range(0x80, 0x90)) + bytes(10)
DNS_ID = 0x1234
DNS_NAME = "www.tl.example"
DNS_ANSWER = "198.18.0.53"
# (client line, server answer); the server greets first, the client's QUIT ends the session.
SMTP = [
    (None, b"220 mail.tl.example ESMTP tcplens\r\n"),
    (b"EHLO client.tl.example\r\n", b"250-mail.tl.example\r\n250 8BITMIME\r\n"),
    (b"MAIL FROM:<a@tl.example>\r\n", b"250 2.1.0 Ok\r\n"),
    (b"QUIT\r\n", b"221 2.0.0 Bye\r\n"),
]
TIMEOUT = 5


def read_line(f):
    line = f.readline(1024)
    if not line.endswith(b"\n"):
        raise ConnectionError("connection ended mid-line")
    return line


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        if not part:
            raise ConnectionError("connection ended after %d of %d bytes" % (len(buf), n))
        buf += part
    return buf


def dns_question(name):
    out = b""
    for label in name.split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0" + struct.pack("!HH", 1, 1)  # type A, class IN


def dns_query(qid=DNS_ID, name=DNS_NAME):
    # RD set, one question: tcpdump prints it as "4660+ A? www.tl.example. (32)".
    msg = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + dns_question(name)
    return struct.pack("!H", len(msg)) + msg


def dns_reply(query):
    # Authoritative answer to the one question, the name by a pointer to it (offset 12).
    qid, = struct.unpack("!H", query[:2])
    question = query[12:]
    answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 300, 4) + socket.inet_aton(DNS_ANSWER)
    msg = struct.pack("!HHHHHH", qid, 0x8580, 1, 1, 0, 0) + question + answer
    return struct.pack("!H", len(msg)) + msg


class Ssh(socketserver.StreamRequestHandler):
    def handle(self):
        # A real server sends its key exchange right behind the banner, often in one segment.
        self.wfile.write(SSH_SERVER + SSH_KEXINIT)
        try:
            read_line(self.rfile)
        except OSError:
            pass  # the client's reset may come first


class Dns(socketserver.BaseRequestHandler):
    def handle(self):
        # Every message of the connection (RFC 7766 allows several), until the client closes.
        while True:
            head = self.request.recv(2, socket.MSG_WAITALL)
            if len(head) < 2:
                return
            n, = struct.unpack("!H", head)
            self.request.sendall(dns_reply(read_exact(self.request, n)))


class Smtp(socketserver.StreamRequestHandler):
    def handle(self):
        for want, answer in SMTP:
            if want is not None and read_line(self.rfile) != want:
                self.wfile.write(b"500 unexpected\r\n")
                return
            self.wfile.write(answer)


class Http(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6
    allow_reuse_address = True
    daemon_threads = True

    def server_bind(self):
        # One socket for both families, whatever net.ipv6.bindv6only says.
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def serve(directory):
    handlers = {22: Ssh, 25: Smtp, 53: Dns}
    servers = [Server(("::", port), h) for port, h in handlers.items()]
    http_handler = lambda *a, **kw: Http(*a, directory=directory, **kw)  # noqa: E731
    servers.append(Server(("::", 80), http_handler))
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    servers[0].serve_forever()


def connect(addr, port):
    return socket.create_connection((addr, port), timeout=TIMEOUT)


def client_ssh(addr):
    # It ends with a reset (SO_LINGER 0), as an impatient client does: a RST in every form.
    with connect(addr, 22) as s, s.makefile("rb") as f:
        s.sendall(SSH_CLIENT)
        ok = read_line(f) == SSH_SERVER and f.read(len(SSH_KEXINIT)) == SSH_KEXINIT
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return ok


def dns_answered(s, qid):
    n, = struct.unpack("!H", read_exact(s, 2))
    reply = read_exact(s, n)
    return reply[:2] == struct.pack("!H", qid) and reply[-4:] == socket.inet_aton(DNS_ANSWER)


def client_dns(addr):
    # A query whose length prefix travels alone (as some stub resolvers write it), then two
    # queries in one segment.
    with connect(addr, 53) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        q = dns_query()
        s.sendall(q[:2])
        s.sendall(q[2:])
        ok = dns_answered(s, DNS_ID)
        s.sendall(dns_query(DNS_ID + 1, "a." + DNS_NAME) + dns_query(DNS_ID + 2, "b." + DNS_NAME))
        return dns_answered(s, DNS_ID + 1) and dns_answered(s, DNS_ID + 2) and ok


def client_smtp(addr):
    with connect(addr, 25) as s, s.makefile("rb") as f:
        for line, want in SMTP:
            if line is not None:
                s.sendall(line)
            got = b"".join(read_line(f) for _ in range(want.count(b"\n")))
            if got != want:
                return False
        return True


def client_http(addr, path):
    # HTTP/1.0 and no keep-alive: the server closes, as every exchange here ends the same way.
    host = "[%s]" % addr if ":" in addr else addr
    with connect(addr, 80) as s, s.makefile("rb") as f:
        s.sendall(b"GET /%s HTTP/1.0\r\nHost: %s\r\nUser-Agent: tcplens-test\r\n\r\n" %
                  (path.encode(), host.encode()))
        return f.readline().startswith(b"HTTP/1.0 200 ") and len(f.read()) > 0


def client_http_post(addr):
    # A method http.server does not serve: its error page, and a request with a body.
    body = b"q=tcplens&n=1"
    with connect(addr, 80) as s, s.makefile("rb") as f:
        s.sendall(b"POST /form HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        return f.readline().startswith(b"HTTP/1.0 501 ") and len(f.read()) > 0


def client(addr, paths):
    ok = True
    exchanges = [("http", client_http, (addr, p)) for p in paths]
    exchanges += [("http post", client_http_post, (addr,))]
    exchanges += [("ssh", client_ssh, (addr,)), ("dns", client_dns, (addr,)),
                  ("smtp", client_smtp, (addr,))]
    for name, run, args in exchanges:
        try:
            good = run(*args)
        except OSError as e:
            print("%s: %s" % (name, e), file=sys.stderr)
            good = False
        if not good:
            print("%s: wrong answer" % name, file=sys.stderr)
        ok = ok and good
    return ok


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "client":
        ok = [client(addr, sys.argv[3:]) for addr in sys.argv[2].split(",")]
        sys.exit(0 if all(ok) else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
