"""A tiny DNS stub for the private Tor network's exit relay: it answers A queries for the names it
is given (NAME=IP arguments) and refuses every other name (NXDOMAIN), so a name resolved through
Tor is known only here — a local lookup of it cannot succeed.

Usage: tornet-dns.py LOG PORT NAME=IP [NAME=IP ...]
Listens on 127.0.0.1:PORT/udp until SIGINT/TERM and appends each query ("NAME TYPE ANSWER") to LOG,
so a test can see that a name was resolved here, by the exit, and by nothing else.
"""
import signal
import socket
import struct
import sys

log = open(sys.argv[1], "a", buffering=1)
port = int(sys.argv[2])
names = {}
for arg in sys.argv[3:]:
    name, ip = arg.split("=", 1)
    names[name.lower().rstrip(".")] = socket.inet_aton(ip)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def question(packet):
    """The queried name, type and the question section's end (None when malformed)."""
    labels, i = [], 12
    while i < len(packet):
        n = packet[i]
        if n == 0:
            if i + 5 > len(packet):
                return None
            qtype = struct.unpack(">H", packet[i + 1:i + 3])[0]
            return ".".join(labels).lower(), qtype, i + 5
        if n & 0xC0 or i + 1 + n > len(packet):
            return None
        labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    return None


try:
    while True:
        packet, peer = sock.recvfrom(512)
        if len(packet) < 12:
            continue
        q = question(packet)
        if q is None:
            continue
        name, qtype, end = q
        ident = packet[:2]
        header_flags = 0x8180  # a response, recursion desired and available, no error
        address = names.get(name)
        if address is None:
            header_flags = 0x8183  # NXDOMAIN
        answers = b""
        if address is not None and qtype == 1:
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + address
        count = 1 if answers else 0
        log.write(f"{name} {qtype} {socket.inet_ntoa(address) if address else 'NXDOMAIN'}\n")
        reply = ident + struct.pack(">HHHHH", header_flags, 1, count, 0, 0) + packet[12:end] + answers
        sock.sendto(reply, peer)
except KeyboardInterrupt:
    pass
