#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""A scripted BGP peer for end-to-end tests of mplsxd's speaker.

  bgp_peer.py SRC DST PORT ASN ROUTER_ID [OPTION...]

Connects from SRC to DST:PORT, sends an OPEN (AS ASN, hold time 90,
ROUTER_ID, capabilities: VPNv4, route refresh, 4-octet AS, and those the
options ask for) and a KEEPALIVE, and prints one line per event, flushed,
until the connection ends or 30 s pass:

  established              mplsxd's OPEN and KEEPALIVE arrived
  update N                 an UPDATE of N bytes (End-of-RIB is 29)
  notification CODE/SUB    a NOTIFICATION
  eof | timeout

OPTIONs:
  refresh                  after mplsxd's first UPDATE, one ROUTE-REFRESH
                           (VPNv4)
  gr=SECONDS               graceful-restart capability, that restart
                           time, forwarding state kept for VPNv4
  vpn=PREFIX/LEN:LABEL:NH  once established, announce this VPNv4 route
                           (RD 65000:1, route target 65000:1)
  lu=PREFIX/LEN:LABEL:NH   offer IPv4 labeled unicast and announce this
  lu-bad                   then the same route without bottom of stack
                           (NLRI that cannot be parsed, RFC 7606 5.3)
  ce                       a PE-CE (VRF) session instead: IPv4 unicast
                           is the family offered (and kept by gr=),
                           End-of-RIB is IPv4 unicast's
  uni=PREFIX/LEN:NH        once established, announce this IPv4 unicast
                           route (with ce)
  eor                      then End-of-RIB (VPNv4) at once
  eor-on=FILE              ... or once FILE exists
"""
import os
import socket
import struct
import sys
import time


def msg(mtype, body=b""):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), mtype) + body


def cap(code, value):
    return struct.pack("!BB", code, len(value)) + value


def attr(flags, code, value):
    if len(value) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(value)) + value
    return struct.pack("!BBB", flags, code, len(value)) + value


def route(spec):
    pfx, label, nh = spec.split(":")
    addr, plen = pfx.split("/")
    plen = int(plen)
    return (socket.inet_aton(addr)[:(plen + 7) // 8], plen, int(label),
            socket.inet_aton(nh))


def update(safi, spec, bos=1):
    """An announcement: VPNv4 (SAFI 128) or labeled unicast (SAFI 4)."""
    pfx, plen, label, nh = route(spec)
    stack = struct.pack("!I", label << 4 | bos)[1:]
    if safi == 128:
        rd = struct.pack("!HHI", 0, 65000, 1)
        nlri = bytes([24 + 64 + plen]) + stack + rd + pfx
        nh = bytes(8) + nh
    else:
        nlri = bytes([24 + plen]) + stack + pfx
    mp = struct.pack("!HBB", 1, safi, len(nh)) + nh + b"\x00" + nlri
    attrs = (attr(0x40, 1, b"\x00") + attr(0x40, 2, b"") +
             attr(0x40, 5, struct.pack("!I", 100)) + attr(0x80, 14, mp))
    if safi == 128:
        attrs += attr(0xC0, 16, struct.pack("!BBHI", 0, 2, 65000, 1))
    return msg(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs)


EOR_VPN4 = msg(2, struct.pack("!HH", 0, 6) + attr(0x80, 15,
                                                    struct.pack("!HB", 1, 128)))
EOR_UNICAST4 = msg(2, struct.pack("!HH", 0, 0))  # RFC 4724 sec. 2


def unicast(spec):
    """An IPv4 unicast announcement (NLRI in the UPDATE itself)."""
    pfx, nh = spec.split(":")
    addr, plen = pfx.split("/")
    plen = int(plen)
    attrs = (attr(0x40, 1, b"\x00") + attr(0x40, 2, b"") +
             attr(0x40, 3, socket.inet_aton(nh)) +
             attr(0x40, 5, struct.pack("!I", 100)))
    nlri = bytes([plen]) + socket.inet_aton(addr)[:(plen + 7) // 8]
    return msg(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri)


def main():
    src, dst, port, asn, rid = sys.argv[1:6]
    opts = dict(o.split("=", 1) if "=" in o else (o, "") for o in sys.argv[6:])
    asn = int(asn)
    safi = 1 if "ce" in opts else 128
    eor = EOR_UNICAST4 if "ce" in opts else EOR_VPN4
    caps = (cap(1, struct.pack("!HBB", 1, 0, safi)) + cap(2, b"") +
            cap(65, struct.pack("!I", asn)))
    if "lu" in opts:
        caps += cap(1, struct.pack("!HBB", 1, 0, 4))
    if "gr" in opts:
        caps += cap(64, struct.pack("!HHBB", int(opts["gr"]) & 0xFFF,
                                    1, safi, 0x80))
    opt = struct.pack("!BB", 2, len(caps)) + caps
    s = socket.socket()
    s.settimeout(0.2)
    s.bind((src, 0))
    s.connect((dst, int(port)))
    s.sendall(msg(1, struct.pack("!BHH4sB", 4, asn if asn < 65536 else 23456,
                                 90, socket.inet_aton(rid), len(opt)) + opt))
    s.sendall(msg(4))
    buf, got_open, up, eor_due = b"", False, False, False
    deadline = time.time() + 30
    while time.time() < deadline:
        if eor_due and os.path.exists(opts["eor-on"]):
            s.sendall(eor)
            print("eor sent", flush=True)
            eor_due = False
        try:
            data = s.recv(65536)
        except socket.timeout:
            continue
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
                if "vpn" in opts:
                    s.sendall(update(128, opts["vpn"]))
                if "lu" in opts:
                    s.sendall(update(4, opts["lu"]))
                if "uni" in opts:
                    s.sendall(unicast(opts["uni"]))
                if "lu-bad" in opts:
                    s.sendall(update(4, opts["lu"], bos=0))
                if "eor" in opts:
                    s.sendall(eor)
                eor_due = "eor-on" in opts
                print("established", flush=True)
            elif mtype == 2:
                print("update %d" % length, flush=True)
                if "refresh" in opts:
                    del opts["refresh"]
                    s.sendall(msg(5, struct.pack("!HBB", 1, 0, 128)))
                    print("refresh sent", flush=True)
            elif mtype == 3:
                print("notification %d/%d" % (body[0], body[1]), flush=True)
    print("timeout", flush=True)


if __name__ == "__main__":
    main()
