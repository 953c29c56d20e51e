#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""icmp_vectors.py - the frames of test_icmp.c, built by Scapy.

Every expected ICMP/ICMPv6 message is built here from its RFC fields
(RFC 792/4443 headers, RFC 4884 lengths, the RFC 4950 label stack object,
checksums computed by Scapy, the ICMPv6 one over the pseudo-header), never
from what the data path wrote.  test_icmp.c installs the map state that
the constants below describe, runs each input frame through the XDP
program and compares the output byte for byte.

One case per line, tab-separated:
    description  port  verdict  drop_reason  icmp_stat  input_hex  output_hex
port: core | vrf | vrf_vlan; verdict: XDP_REDIRECT | XDP_DROP;
icmp_stat: the icmp_stats counter that moves by one ("-": none);
output_hex "-" for a drop.
"""
import sys

from scapy.all import Ether, Dot1Q, IP, IPv6, UDP, ICMP, Raw
from scapy.utils import checksum
from scapy.layers.inet6 import ICMPv6TimeExceeded, ICMPv6PacketTooBig, \
    ICMPv6EchoRequest
from scapy.contrib.mpls import MPLS
from scapy.contrib.icmp_extensions import ICMPExtensionHeader, \
    ICMPExtensionMPLS

# ---- the map state test_icmp.c installs (keep in step) -----------------
IN_MAC = "02:00:00:00:00:aa"  # the sender's MAC (CE or upstream router)
PORT_MAC = "02:00:00:00:00:01"  # our ingress port's MAC
NH_SMAC = "02:00:00:00:00:02"  # every nexthop's source MAC


def nh_mac(i):
    return "02:00:00:00:00:%02x" % (0x10 + i)


CORE_SRC4, CORE_SRC6 = "10.0.12.2", "::ffff:10.0.12.2"  # icmp_src[core]
VRF_PORT_SRC4, VRF_PORT_SRC6 = "192.168.1.1", "2001:db8:1::1"  # icmp_src[vrf]
VRF_SRC4, VRF_SRC6 = "192.168.2.1", "2001:db8:2::1"  # icmp_vrf_src[red]
CE1_4, CE1_6 = "192.168.1.2", "2001:db8:1::2"  # behind the remote PE (300)
CE2_4, CE2_6 = "192.168.2.2", "2001:db8:2::2"  # behind the remote PE (200)
CE7_4, CE7_6 = "192.168.7.9", "2001:db8:7::9"  # a local CE (nexthop 3)
# nexthop 0: no push; 1: push 17000; 2: push 16001 (the remote PE);
# 3: the local CE; 4: no push, MTU 1400.  All others MTU 1500.
# labels: 16003 PHP via 0; 16004 swap to 16005 via 1; 16006 swap to 16007
# via 4; 100 per-VRF label of red.
VRF_VLAN = 10

QUOTE = 128


def pad(b, n):
    return b + bytes(n - len(b)) if len(b) < n else b[:n]


def ext(stack):
    """RFC 4884 extension structure holding one RFC 4950 object.  Scapy
    2.5's ICMPExtensionHeader sums its own 4 bytes only; RFC 4884 section 7
    (and Wireshark) sum the whole structure, so its checksum is set here
    with Scapy's checksum() over header and object."""
    obj = ICMPExtensionMPLS(
        stack=[MPLS(label=l, cos=tc, s=s, ttl=t) for l, tc, s, t in stack])
    body = bytes(ICMPExtensionHeader(chksum=0) / obj)
    return ICMPExtensionHeader(chksum=checksum(body)) / obj


def icmp4(src, dst, orig, type_, code=0, mtu=None, stack=None):
    """ICMP from src to dst about orig (bytes of its IP datagram)."""
    if stack:
        body = Raw(pad(orig, QUOTE)) / ext(stack)
        length = QUOTE // 4
    else:
        body = Raw(orig[:QUOTE])
        length = 0
    if type_ == 3:
        h = ICMP(type=3, code=code, length=length, nexthopmtu=mtu)
    else:
        h = ICMP(type=type_, code=code, length=length)
    return IP(src=src, dst=dst, tos=0xC0, id=0, flags="DF", ttl=64) / h / body


def icmp6(src, dst, orig, too_big=False, mtu=None, stack=None):
    if stack:
        body = Raw(pad(orig, QUOTE)) / ext(stack)
        length = QUOTE // 8
    else:
        body = Raw(orig[:QUOTE])
        length = 0
    h = ICMPv6PacketTooBig(mtu=mtu) if too_big else \
        ICMPv6TimeExceeded(length=length)
    return IPv6(src=src, dst=dst, hlim=64, tc=0, fl=0) / h / body


def probe4(src=CE1_4, dst=CE2_4, ttl=1, size=None, df=False, **kw):
    p = IP(src=src, dst=dst, ttl=ttl, id=0x1234, flags="DF" if df else 0,
           **kw) / UDP(sport=40000, dport=33434)
    if size:
        p = p / Raw(bytes((i & 0xFF for i in range(size - 28))))
    else:
        p = p / Raw(b"traceroute probe, 32 bytes long")
    return p


def probe6(src=CE1_6, dst=CE2_6, hlim=1, size=None):
    p = IPv6(src=src, dst=dst, hlim=hlim) / UDP(sport=40000, dport=33434)
    if size:
        p = p / Raw(bytes((i & 0xFF for i in range(size - 48))))
    else:
        p = p / Raw(b"traceroute probe, 32 bytes long")
    return p


def core_in(stack, payload):
    p = Ether(src=IN_MAC, dst=PORT_MAC, type=0x8847)
    for l, tc, s, t in stack:
        p = p / MPLS(label=l, cos=tc, s=s, ttl=t)
    return p / payload


def nh_out(i, stack, payload):
    if not stack:
        et = 0x0800 if isinstance(payload, IP) else 0x86DD
        return Ether(src=NH_SMAC, dst=nh_mac(i), type=et) / payload
    p = Ether(src=NH_SMAC, dst=nh_mac(i), type=0x8847)
    for l, tc, s, t in stack:
        p = p / MPLS(label=l, cos=tc, s=s, ttl=t)
    return p / payload


def ce_in(payload, vlan=None):
    if vlan:
        return Ether(src=IN_MAC, dst=PORT_MAC) / Dot1Q(vlan=vlan) / payload
    return Ether(src=IN_MAC, dst=PORT_MAC) / payload


def ce_out(payload, vlan=None):
    if vlan:
        return Ether(src=PORT_MAC, dst=IN_MAC) / Dot1Q(vlan=vlan) / payload
    return Ether(src=PORT_MAC, dst=IN_MAC) / payload


CASES = []


def case(desc, port, verdict, reason, stat, inp, out):
    CASES.append((desc, port, verdict, reason, stat, bytes(inp),
                  bytes(out) if out is not None else None))


def build():
    # ---- (1) a label's TTL expires at a P router: tunnelled ------------
    for fam, probe, mk, stat in (
            ("IPv4", probe4(ttl=1), icmp4, "time_exceeded"),
            ("IPv6", probe6(hlim=1), icmp6, "time_exceeded6")):
        o = bytes(probe)
        rx = [(16003, 0, 0, 1), (100, 0, 1, 1)]
        src, dst = (CORE_SRC4, CE1_4) if fam == "IPv4" else \
            (CORE_SRC6, CE1_6)
        msg = mk(src, dst, o, 11, stack=rx) if fam == "IPv4" else \
            mk(src, dst, o, stack=rx)
        case("P, %s: TTL 1 on a PHP label over the VPN label -> time "
             "exceeded tunnelled under the VPN label, TTL 255" % fam,
             "core", "XDP_REDIRECT", "ttl_expired", stat,
             core_in(rx, probe),
             nh_out(0, [(100, 0, 1, 255)], msg))

    o = bytes(probe4(ttl=9))
    rx = [(16004, 5, 1, 1)]
    case("P, IPv4: TTL 1 on a swap+push label at the bottom -> out "
         "labels and transport label, TC kept, TTL 255",
         "core", "XDP_REDIRECT", "ttl_expired", "time_exceeded",
         core_in(rx, probe4(ttl=9)),
         nh_out(1, [(17000, 5, 0, 255), (16005, 5, 1, 255)],
                icmp4(CORE_SRC4, CE1_4, o, 11, stack=rx)))

    o = bytes(probe6(hlim=9))
    rx = [(16003, 0, 1, 1)]
    case("P, IPv6: TTL 1 on a PHP label with nothing below -> plain "
         "ICMPv6 to the nexthop, ::ffff: source",
         "core", "XDP_REDIRECT", "ttl_expired", "time_exceeded6",
         core_in(rx, probe6(hlim=9)),
         nh_out(0, [], icmp6(CORE_SRC6, CE1_6, o, stack=rx)))

    # 92 bytes, sent straight onto the core port (no Ethernet padding).
    p = probe4(ttl=9, size=92, df=True)
    rx = [(16004, 0, 1, 1)]
    case("P, IPv4: TTL 1, a 92-byte datagram padded to 128",
         "core", "XDP_REDIRECT", "ttl_expired", "time_exceeded",
         core_in(rx, p),
         nh_out(1, [(17000, 0, 0, 255), (16005, 0, 1, 255)],
                icmp4(CORE_SRC4, CE1_4, bytes(p), 11, stack=rx)))

    # A long datagram: the quote is its first 128 bytes.
    big = probe4(ttl=30, size=600)
    rx = [(16003, 2, 0, 1), (100, 2, 1, 1)]
    case("P, IPv4: a 600-byte datagram is quoted to 128 bytes",
         "core", "XDP_REDIRECT", "ttl_expired", "time_exceeded",
         core_in(rx, big),
         nh_out(0, [(100, 2, 1, 255)],
                icmp4(CORE_SRC4, CE1_4, bytes(big), 11, stack=rx)))

    # ---- (3) too big on a P router: tunnelled, MTU less the labels -----
    p = probe4(ttl=64, size=1400, df=True)
    rx = [(16006, 0, 0, 64), (100, 0, 1, 64)]
    case("P, IPv4 DF: 1400 bytes + 2 labels over a 1400 MTU -> frag "
         "needed, MTU 1392, tunnelled",
         "core", "XDP_REDIRECT", "mtu_exceeded", "frag_needed",
         core_in(rx, p),
         nh_out(4, [(16007, 0, 0, 255), (100, 0, 1, 255)],
                icmp4(CORE_SRC4, CE1_4, bytes(p), 3, 4, mtu=1392,
                      stack=rx)))
    p = probe6(hlim=64, size=1400)
    case("P, IPv6: 1400 bytes + 2 labels over a 1400 MTU -> packet too "
         "big, MTU 1392, tunnelled",
         "core", "XDP_REDIRECT", "mtu_exceeded", "packet_too_big",
         core_in(rx, p),
         nh_out(4, [(16007, 0, 0, 255), (100, 0, 1, 255)],
                icmp6(CORE_SRC6, CE1_6, bytes(p), too_big=True, mtu=1392,
                      stack=rx)))
    p = probe4(ttl=64, size=1400, df=False)
    case("P, IPv4 without DF, too big -> mtu_exceeded, no message",
         "core", "XDP_DROP", "mtu_exceeded", "-", core_in(rx, p), None)

    # ---- (1) at the egress PE: the VPN label's TTL expires -------------
    for fam in ("IPv4", "IPv6"):
        rx = [(100, 0, 1, 1)]
        if fam == "IPv4":
            p = probe4(dst=CE7_4, ttl=5)
            msg = icmp4(VRF_SRC4, CE1_4, bytes(p), 11, stack=rx)
            stat = "time_exceeded"
        else:
            p = probe6(dst=CE7_6, hlim=5)
            msg = icmp6(VRF_SRC6, CE1_6, bytes(p), stack=rx)
            stat = "time_exceeded6"
        case("PE, %s: VPN label TTL 1 -> time exceeded from the VRF's "
             "address, routed in the VRF to the sender's PE" % fam,
             "core", "XDP_REDIRECT", "ttl_expired", stat, core_in(rx, p),
             nh_out(2, [(16001, 6, 0, 64), (300, 6, 1, 64)], msg))
    p = probe4(src=CE7_4, dst="192.168.7.10", ttl=5)
    rx = [(100, 0, 1, 1)]
    case("PE, IPv4: VPN label TTL 1, sender is a local CE -> straight "
         "to it", "core", "XDP_REDIRECT", "ttl_expired", "time_exceeded",
         core_in(rx, p),
         nh_out(3, [], icmp4(VRF_SRC4, CE7_4, bytes(p), 11, stack=rx)))

    # A tunnelled error arriving under the VPN label goes back into the
    # core (only ICMP errors do), TTL - 1 like any routed packet.
    err = IP(bytes(icmp4(CORE_SRC4, CE1_4, bytes(probe4()), 11,
                         stack=[(16003, 0, 0, 1), (100, 0, 1, 1)])))
    fwd = err.copy()
    fwd.ttl = 63
    del fwd.chksum
    case("PE: a tunnelled time exceeded under the VPN label -> back to "
         "the sender's PE", "core", "XDP_REDIRECT", "-", "-",
         core_in([(100, 6, 1, 255)], err),
         nh_out(2, [(16001, 6, 0, 63), (300, 6, 1, 63)], IP(bytes(fwd))))
    case("PE: a UDP packet under the VPN label to a remote route -> "
         "no_route (never back into the core)", "core", "XDP_DROP",
         "no_route", "-", core_in([(100, 0, 1, 64)], probe4(dst=CE1_4)),
         None)

    # ---- (2) a CE's packet expires entering the VRF ---------------------
    p = probe4(ttl=1)
    case("VRF port, IPv4 TTL 1 -> time exceeded from the port's address, "
         "back out of the port", "vrf", "XDP_REDIRECT", "ttl_expired",
         "time_exceeded", ce_in(p),
         ce_out(icmp4(VRF_PORT_SRC4, CE1_4, bytes(p), 11)))
    p = probe6(hlim=1)
    case("VRF port, IPv6 hop limit 1 -> time exceeded", "vrf", "XDP_REDIRECT",
         "ttl_expired", "time_exceeded6", ce_in(p),
         ce_out(icmp6(VRF_PORT_SRC6, CE1_6, bytes(p))))
    p = probe4(ttl=0)
    case("VRF port, IPv4 TTL 0 -> time exceeded", "vrf", "XDP_REDIRECT",
         "ttl_expired", "time_exceeded", ce_in(p),
         ce_out(icmp4(VRF_PORT_SRC4, CE1_4, bytes(p), 11)))
    p = probe4(ttl=1, size=300)
    case("VRF VLAN port, IPv4 TTL 1, 300 bytes -> quoted to 128, tag "
         "kept", "vrf_vlan", "XDP_REDIRECT", "ttl_expired", "time_exceeded",
         ce_in(p, VRF_VLAN),
         ce_out(icmp4(VRF_PORT_SRC4, CE1_4, bytes(p), 11), VRF_VLAN))
    p = probe6(hlim=1)
    case("VRF VLAN port, IPv6 hop limit 1 -> tag kept", "vrf_vlan",
         "XDP_REDIRECT", "ttl_expired", "time_exceeded6", ce_in(p, VRF_VLAN),
         ce_out(icmp6(VRF_PORT_SRC6, CE1_6, bytes(p)), VRF_VLAN))
    # A short ICMP echo: Ethernet padding is not quoted.
    p = IP(src=CE1_4, dst=CE2_4, ttl=1) / ICMP(type=8, id=1, seq=1)
    case("VRF port, a padded 28-byte echo request, TTL 1 -> the padding "
         "is no part of the quote", "vrf", "XDP_REDIRECT", "ttl_expired",
         "time_exceeded", bytes(ce_in(p)) + bytes(18),
         ce_out(icmp4(VRF_PORT_SRC4, CE1_4, bytes(p), 11)))

    # ---- (3) too big for the core ---------------------------------------
    p = probe4(ttl=64, size=1500, df=True)
    case("VRF port, IPv4 DF 1500 bytes, 2 labels over a 1500 core -> "
         "frag needed, MTU 1492", "vrf", "XDP_REDIRECT", "mtu_exceeded",
         "frag_needed", ce_in(p),
         ce_out(icmp4(VRF_PORT_SRC4, CE1_4, bytes(p), 3, 4, mtu=1492)))
    p = probe6(hlim=64, size=1500)
    case("VRF port, IPv6 1500 bytes, 2 labels over a 1500 core -> packet "
         "too big, MTU 1492", "vrf", "XDP_REDIRECT", "mtu_exceeded",
         "packet_too_big", ce_in(p),
         ce_out(icmp6(VRF_PORT_SRC6, CE1_6, bytes(p), too_big=True,
                      mtu=1492)))
    p = probe4(ttl=64, size=1492, df=True)
    fwd = IP(bytes(p))
    fwd.ttl = 63
    del fwd.chksum
    case("VRF port, IPv4 DF 1492 bytes fits with its 2 labels", "vrf",
         "XDP_REDIRECT", "-", "-", ce_in(p),
         nh_out(2, [(16001, 0, 0, 63), (200, 0, 1, 63)], IP(bytes(fwd))))

    # ---- no message -----------------------------------------------------
    e = IP(src=CE1_4, dst=CE2_4, ttl=1) / ICMP(type=3, code=3) / \
        bytes(probe4())[:28]
    case("VRF port, an ICMP error with TTL 1 -> no error about an error",
         "vrf", "XDP_DROP", "ttl_expired", "not_allowed", ce_in(e), None)
    e = IPv6(src=CE1_6, dst=CE2_6, hlim=1) / ICMPv6PacketTooBig(mtu=1280)
    case("VRF port, an ICMPv6 error with hop limit 1 -> none", "vrf",
         "XDP_DROP", "ttl_expired", "not_allowed", ce_in(e), None)
    e = IPv6(src=CE1_6, dst=CE2_6, hlim=1) / ICMPv6EchoRequest()
    case("VRF port, an ICMPv6 echo request with hop limit 1 -> time "
         "exceeded", "vrf", "XDP_REDIRECT", "ttl_expired", "time_exceeded6",
         ce_in(e), ce_out(icmp6(VRF_PORT_SRC6, CE1_6, bytes(e))))
    f = probe4(ttl=1)
    f.frag = 100
    case("VRF port, a non-first fragment with TTL 1 -> none", "vrf",
         "XDP_DROP", "ttl_expired", "not_allowed", ce_in(f), None)
    case("P: TTL 1 over a pseudowire frame (control word) -> none", "core",
         "XDP_DROP", "ttl_expired", "not_allowed",
         core_in([(16003, 0, 0, 1), (5001, 0, 1, 1)], Raw(bytes(4)) /
                 Ether(src=IN_MAC, dst=PORT_MAC) / probe4()), None)
    bad = bytearray(bytes(probe4(ttl=9)))
    bad[10] ^= 0xFF
    case("P: TTL 1 over an IPv4 header with a bad checksum -> none",
         "core", "XDP_DROP", "ttl_expired", "not_allowed",
         core_in([(16003, 0, 1, 1)], Raw(bytes(bad))), None)
    case("P: TTL 1 from a multicast source -> none", "core", "XDP_DROP",
         "ttl_expired", "not_allowed",
         core_in([(16003, 0, 1, 1)], probe4(src="224.0.0.5")), None)


def main():
    build()
    for desc, port, verdict, reason, stat, inp, out in CASES:
        print("\t".join((desc, port, verdict, reason, stat, inp.hex(),
                         out.hex() if out is not None else "-")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
