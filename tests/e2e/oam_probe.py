# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""oam_probe.py - hand-made MPLS echo requests (RFC 8029) for the cases
mplsxctl never sends: a Downstream Detailed Mapping that does not match,
an unknown mandatory TLV, a malformed TLV, a destination outside 127/8,
a router alert label on top.  Sends one request under LABEL with TTL on
IFACE towards DMAC and prints the reply's return code and subcode (or
"timeout"), listening on UDP port 3504 for it.

  oam_probe.py IFACE DMAC SRC FEC_ADDR LABEL TTL CASE
  CASE: ok | ddmap-mismatch | unknown-tlv | malformed | not-127 | ra-label
"""
import socket
import struct
import sys

from scapy.all import Ether, IP, UDP, Raw, sendp, get_if_hwaddr
from scapy.contrib.mpls import MPLS

iface, dmac, src, fec_addr, label, ttl, case = sys.argv[1:8]
label, ttl = int(label), int(ttl)
SPORT = 3504


def tlv(t, v):
    return struct.pack("!HH", t, len(v)) + v


def fec_gen4(addr, plen=32):
    v = socket.inet_aton(addr) + bytes([plen])
    return struct.pack("!HH", 14, len(v)) + v + b"\0" * 3


def ddmap(ds, lbl):
    sub = struct.pack("!HH", 2, 4) + struct.pack("!I", lbl << 12 | 0x100 | 1)
    v = struct.pack("!HBB", 1500, 1, 0) + socket.inet_aton(ds) * 2
    v += struct.pack("!BBH", 0, 0, len(sub)) + sub
    return tlv(20, v)


hdr = struct.pack("!HHBBBBIIIIII", 1, 0, 1, 2, 0, 0, 0x5eed, 1, 0, 0, 0, 0)
body = tlv(1, fec_gen4(fec_addr))
if case == "ddmap-mismatch":
    body += ddmap("10.0.12.2", 16009)  # we push 16003, not 16009
elif case == "unknown-tlv":
    body += tlv(77, b"\1\2\3\4")
elif case == "malformed":
    body += struct.pack("!HH", 20, 200) + b"\0" * 8  # longer than the rest
dst = "10.255.0.3" if case == "not-127" else "127.0.0.1"

rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind((src, SPORT))
rx.settimeout(2)
pkt = Ether(dst=dmac, src=get_if_hwaddr(iface))
if case == "ra-label":
    pkt = pkt / MPLS(label=1, s=0, ttl=255)
pkt = pkt / MPLS(label=label, s=1, ttl=ttl)
pkt = pkt / IP(src=src, dst=dst, ttl=1, options=b"\x94\x04\x00\x00")
pkt = pkt / UDP(sport=SPORT, dport=3503) / Raw(hdr + body)
sendp(pkt, iface=iface, verbose=False)
try:
    data, peer = rx.recvfrom(2048)
except socket.timeout:
    print("timeout")
    sys.exit(0)
print("rc=%d rsc=%d from=%s type=%d" % (data[6], data[7], peer[0], data[4]))
