#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Frames for the P-router end-to-end test, built with Scapy.

  p_frames.py send IFACE DSTMAC            send every case's input frame
  p_frames.py check PCAP SRCMAC DSTMAC     compare what B captured with the
                                           expected frames, byte for byte

Each case tags its UDP payload with its name, so a captured frame is
matched to its case whatever order frames arrive in.  The label table the
cases assume is the one tests/e2e/test_p_router.sh gives mplsxd.
"""
import sys

from scapy.all import Ether, IP, IPv6, UDP, Raw, sendp, rdpcap  # noqa: E402
from scapy.contrib.mpls import MPLS  # noqa: E402
from scapy.layers.inet import ICMP  # noqa: E402
from scapy.contrib.icmp_extensions import ICMPExtensionHeader, \
    ICMPExtensionMPLS  # noqa: E402
from scapy.utils import checksum  # noqa: E402

A_IP, B_IP = "10.0.1.1", "10.0.2.1"


def ip4(ttl=64):
    return IP(src=A_IP, dst=B_IP, ttl=ttl, id=7, flags="DF")


def ip6(hlim=64):
    return IPv6(src="2001:db8:1::1", dst="2001:db8:2::1", hlim=hlim)


def payload(name):
    return UDP(sport=4000, dport=5000) / Raw(("case:%s;" % name).ljust(64, "x").encode())


def time_exceeded(orig, stack):
    """The ICMP time exceeded P sends about ORIG (its IP datagram) from
    its address on pa, tunnelled along the LSP (bpf/lib/icmp.h): the
    original padded to 128 bytes (RFC 4884) and the label stack as
    received (RFC 4950), the extension's checksum over the whole
    structure (Scapy 2.5 sums its header only)."""
    obj = ICMPExtensionMPLS(stack=stack)
    ext = ICMPExtensionHeader(
        chksum=checksum(bytes(ICMPExtensionHeader(chksum=0) / obj))) / obj
    quote = bytes(orig)[:128].ljust(128, b"\0")
    return IP(src="10.0.1.2", dst=A_IP, tos=0xC0, id=0, flags="DF",
              ttl=64) / ICMP(type=11, code=0, length=32) / Raw(quote) / ext


# (name, input layers above Ethernet, expected layers above Ethernet or
#  None when the frame must not come out at B)
CASES = [
    ("swap",
     lambda n: MPLS(label=1000, cos=5, s=1, ttl=64) / ip4() / payload(n),
     lambda n: MPLS(label=2000, cos=5, s=1, ttl=63) / ip4() / payload(n)),
    ("php-ipv4",
     lambda n: MPLS(label=1001, cos=0, s=1, ttl=64) / ip4(64) / payload(n),
     lambda n: ip4(63) / payload(n)),
    ("php-ipv4-ttl-never-raised",
     lambda n: MPLS(label=1001, cos=0, s=1, ttl=200) / ip4(9) / payload(n),
     lambda n: ip4(9) / payload(n)),
    ("php-ipv6",
     lambda n: MPLS(label=1001, cos=1, s=1, ttl=30) / ip6(64) / payload(n),
     lambda n: ip6(29) / payload(n)),
    ("swap-push",
     lambda n: MPLS(label=1002, cos=3, s=1, ttl=64) / ip4() / payload(n),
     lambda n: MPLS(label=2002, cos=3, s=0, ttl=63) /
     MPLS(label=3002, cos=3, s=1, ttl=63) / ip4() / payload(n)),
    ("swap-above-inner-label",
     lambda n: MPLS(label=1000, cos=0, s=0, ttl=20) /
     MPLS(label=55555, cos=2, s=1, ttl=20) / ip4() / payload(n),
     lambda n: MPLS(label=2000, cos=0, s=0, ttl=19) /
     MPLS(label=55555, cos=2, s=1, ttl=20) / ip4() / payload(n)),
    ("pop-local-then-swap",
     lambda n: MPLS(label=1003, cos=0, s=0, ttl=64) /
     MPLS(label=1000, cos=0, s=1, ttl=64) / ip4() / payload(n),
     lambda n: MPLS(label=2000, cos=0, s=1, ttl=63) / ip4() / payload(n)),
    ("explicit-null-then-swap",
     lambda n: MPLS(label=0, cos=0, s=0, ttl=64) /
     MPLS(label=1000, cos=0, s=1, ttl=64) / ip4() / payload(n),
     lambda n: MPLS(label=2000, cos=0, s=1, ttl=63) / ip4() / payload(n)),
    # TTL expires: the frame does not go on, the time exceeded about it
    # does, along the LSP: label 1000's out label, TTL 255.
    ("ttl-1-time-exceeded",
     lambda n: MPLS(label=1000, s=1, ttl=1) / ip4() / payload(n),
     lambda n: MPLS(label=2000, cos=0, s=1, ttl=255) / time_exceeded(
         ip4() / payload(n), [MPLS(label=1000, cos=0, s=1, ttl=1)])),
    ("unknown-label-not-forwarded",
     lambda n: MPLS(label=4444, s=1, ttl=64) / ip4() / payload(n), None),
    ("router-alert-not-forwarded",
     lambda n: MPLS(label=1, s=0, ttl=64) /
     MPLS(label=1000, s=1, ttl=64) / ip4() / payload(n), None),
]


def send(iface, dstmac):
    frames = [Ether(dst=dstmac, type=0x8847) / inp(name)
              for name, inp, _ in CASES]
    sendp(frames, iface=iface, verbose=False)


def check(pcap, srcmac, dstmac):
    seen = {}
    for pkt in rdpcap(pcap):
        # The bytes as captured: Scapy's rebuild of a dissected ICMP
        # error with an RFC 4884 extension moves its padding to the end.
        raw = pkt.original
        for name, _, _ in CASES:
            if (b"case:%s;" % name.encode()) in raw:
                seen.setdefault(name, []).append(raw)
    failed = 0
    for name, _, out in CASES:
        got = seen.get(name, [])
        if out is None:
            ok = not got
            detail = "%d frame(s) came out" % len(got)
        else:
            l3 = out(name)
            etype = 0x8847 if isinstance(l3, MPLS) else \
                0x86DD if isinstance(l3, IPv6) else 0x0800
            want = bytes(Ether(src=srcmac, dst=dstmac, type=etype) / l3)
            ok = got == [want]
            detail = "expected %s\n      got %s" % (
                want.hex(), " | ".join(g.hex() for g in got) or "nothing")
        print("%s wire-%s" % ("PASS" if ok else "FAIL", name))
        if not ok:
            print("      " + detail)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        sys.exit("usage: p_frames.py send IFACE DSTMAC | check PCAP SRCMAC DSTMAC")
