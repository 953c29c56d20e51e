#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""frag_vectors.py - the frames of test_frag.c, built by Scapy.

Each case: a CE's IPv4 packet without DF, too big for a 1500-byte core
with its two labels, and the fragments expected on the core, built with
Scapy's own fragment() (RFC 791: offsets in 8-byte units, MF on all but
the last, header checksums) at the 1472 bytes of data that fit, under
the nexthop's Ethernet header and labels.  The script checks that
Scapy's defragment() of them gives the original back.

One case per line, tab-separated: description, input hex, then one hex
per expected fragment.  test_frag.c installs the state described here.
"""
import sys

from scapy.all import Ether, IP, UDP, ICMP, Raw, fragment, defragment
from scapy.contrib.mpls import MPLS

PORT_MAC, CE_MAC = "02:00:00:00:00:01", "02:00:00:00:00:aa"
NH_DMAC, NH_SMAC = "02:00:00:00:00:12", "02:00:00:00:00:02"
TRANSPORT, VPN = 16001, 200  # nexthop 2's push, the route's VPN label
MTU = 1500


def data(n):
    return bytes((i * 7) & 0xFF for i in range(n))


def case(desc, ip):
    inp = Ether(src=CE_MAC, dst=PORT_MAC) / ip
    fwd = IP(bytes(ip))
    fwd.ttl -= 1
    del fwd.chksum
    fwd = IP(bytes(fwd))
    tc = fwd.tos >> 5
    step = (MTU - 2 * 4 - 20) // 8 * 8
    # Scapy's fragment() counts offsets from the datagram's own (a
    # fragment already) and keeps its MF on the last piece.
    frags = fragment(fwd, fragsize=step)
    assert frags[0].frag == ip.frag and bool(frags[-1].flags.MF) == \
        bool(ip.flags.MF), desc
    out = [Ether(src=NH_SMAC, dst=NH_DMAC) /
           MPLS(label=TRANSPORT, cos=tc, s=0, ttl=fwd.ttl) /
           MPLS(label=VPN, cos=tc, s=1, ttl=fwd.ttl) / IP(bytes(f))
           for f in frags]
    if not (ip.frag or ip.flags.MF):
        back = defragment([IP(bytes(o[IP])) for o in out])
        assert len(back) == 1 and bytes(back[0][IP]) == bytes(fwd), desc
    print("\t".join([desc, bytes(inp).hex()] + [bytes(o).hex() for o in out]))


def main():
    case("UDP, 1500 bytes, no DF -> 2 fragments (1472 + 8 bytes of data)",
         IP(src="192.168.1.2", dst="192.168.2.2", id=0x4242, ttl=64) /
         UDP(sport=1234, dport=5000) / Raw(data(1472)))
    case("ICMP echo, 3000 bytes, TOS 0xa0 -> 3 fragments, TC 5",
         IP(src="192.168.1.2", dst="192.168.2.2", id=7, ttl=9, tos=0xA0) /
         ICMP(type=8, id=1, seq=1) / Raw(data(2972)))
    case("UDP, 1493 bytes: one byte of data over -> 2 fragments",
         IP(src="192.168.1.2", dst="192.168.2.2", id=1, ttl=64) /
         UDP(sport=1, dport=2) / Raw(data(1465)))
    case("a first fragment already (MF set), 1500 bytes -> MF on both",
         IP(src="192.168.1.2", dst="192.168.2.2", id=9, ttl=64,
            flags="MF") / Raw(data(1480)))
    case("a middle fragment (offset 185), 1500 bytes -> offsets 185, 369",
         IP(src="192.168.1.2", dst="192.168.2.2", id=9, ttl=64,
            flags="MF", frag=185) / Raw(data(1480)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
