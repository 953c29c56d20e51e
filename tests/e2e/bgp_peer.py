#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""A scripted BGP peer for end-to-end tests of mplsxd's speaker.

  bgp_peer.py SRC DST PORT ASN ROUTER_ID [ACTION...]

Connects from SRC to DST:PORT, sends an OPEN (AS ASN, hold time 90,
ROUTER_ID, capabilities: VPNv4, route refresh, 4-octet AS) and a
KEEPALIVE, and prints one line per event, flushed, until the connection
ends or 20 s pass:

  established              mplsxd's OPEN and KEEPALIVE arrived
  update N                 an UPDATE of N bytes (End-of-RIB included)
  notification CODE/SUB    a NOTIFICATION
  eof | timeout

ACTIONs: 'refresh' sends a ROUTE-REFRESH for VPNv4 after the first
UPDATE (mplsxd's End-of-RIB), once.
"""
import socket
import struct
import sys
import time


def msg(mtype, body=b""):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), mtype) + body


def cap(code, value):
    return struct.pack("!BB", code, len(value)) + value


def main():
    src, dst, port, asn, rid = sys.argv[1:6]
    actions = sys.argv[6:]
    asn = int(asn)
    caps = (cap(1, struct.pack("!HBB", 1, 0, 128)) + cap(2, b"") +
            cap(65, struct.pack("!I", asn)))
    opt = struct.pack("!BB", 2, len(caps)) + caps
    s = socket.socket()
    s.settimeout(20)
    s.bind((src, 0))
    s.connect((dst, int(port)))
    s.sendall(msg(1, struct.pack("!BHH4sB", 4, asn if asn < 65536 else 23456,
                                 90, socket.inet_aton(rid), len(opt)) + opt))
    s.sendall(msg(4))
    buf, got_open, up = b"", False, False
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        if not data:
            print("eof", flush=True)
            return
        buf += data
        while len(buf) >= 19:
            length, mtype = struct.unpack("!HB", buf[16:19])
            if len(buf) < length:
                break
            body, buf = buf[19:length], buf[length:]
            if mtype == 1:
                got_open = True
            elif mtype == 4 and got_open and not up:
                up = True
                print("established", flush=True)
            elif mtype == 2:
                print("update %d" % length, flush=True)
                if "refresh" in actions:
                    actions.remove("refresh")
                    s.sendall(msg(5, struct.pack("!HBB", 1, 0, 128)))
                    print("refresh sent", flush=True)
            elif mtype == 3:
                print("notification %d/%d" % (body[0], body[1]), flush=True)
    print("timeout", flush=True)


if __name__ == "__main__":
    main()
