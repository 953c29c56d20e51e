#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""frames.py - 64-byte frame templates for the generator, as hex.

  frames.py ipv4 DMAC SMAC          IPv4/UDP 10.1.0.1 -> 10.2.0.1
  frames.py mpls DMAC SMAC LABEL    the same under one label (S=1, TTL 64)
  frames.py ipv6 DMAC SMAC          IPv6/UDP 2001:db8:1::1 -> 2001:db8:2::1
  frames.py mpls6 DMAC SMAC LABEL   the IPv6 one under one label
  frames.py mpls-ttl1 DMAC SMAC LABEL  ... with TTL 1: expires at the DUT
  frames.py pw DMAC SMAC LABEL      pseudowire: PW label (S=1, TTL 255),
                                    control word, a 42-byte Ethernet frame
  frames.py bcast DMAC SMAC         the ipv4 frame to ff:ff:ff:ff:ff:ff (a
                                    VPLS flood; DMAC is not used)

Only the standard library: the template must exist before scapy would.
"""
import struct
import sys

LEN = 64


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4_udp(room):
    """IPv4 + UDP filling `room` bytes; a valid header checksum, since
    the kernel's forwarding path checks it."""
    payload = b"\0" * (room - 28)
    udp = struct.pack("!HHHH", 12345, 12345, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000,
                      64, 17, 0, bytes([10, 1, 0, 1]), bytes([10, 2, 0, 1]))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + udp


def ipv6_udp(room):
    """IPv6 + UDP filling `room` bytes (UDP checksum 0: nothing on the
    path checks it); under 48 bytes of room, IPv6 with no next header
    (59) and padding."""
    src = bytes.fromhex("20010db8000100000000000000000001")
    dst = bytes.fromhex("20010db8000200000000000000000001")
    if room < 48:
        pad = b"\0" * (room - 40)
        return struct.pack("!IHBB", 6 << 28, len(pad), 59, 64) + src + dst + pad
    payload = b"\0" * (room - 48)
    udp = struct.pack("!HHHH", 12345, 12345, 8 + len(payload), 0) + payload
    return struct.pack("!IHBB", 6 << 28, len(udp), 17, 64) + src + dst + udp


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def main(argv):
    kind, dmac, smac = argv[1], mac(argv[2]), mac(argv[3])
    if kind in ("ipv4", "bcast"):
        if kind == "bcast":
            dmac = b"\xff" * 6
        frame = dmac + smac + struct.pack("!H", 0x0800) + ipv4_udp(LEN - 14)
    elif kind == "ipv6":
        frame = dmac + smac + struct.pack("!H", 0x86DD) + ipv6_udp(LEN - 14)
    elif kind == "mpls6":
        lse = int(argv[4]) << 12 | 1 << 8 | 64
        frame = (dmac + smac + struct.pack("!HI", 0x8847, lse) +
                 ipv6_udp(LEN - 18))
    elif kind in ("mpls", "mpls-ttl1"):
        lse = int(argv[4]) << 12 | 1 << 8 | (1 if kind == "mpls-ttl1" else 64)
        frame = (dmac + smac + struct.pack("!HI", 0x8847, lse) +
                 ipv4_udp(LEN - 18))
    elif kind == "pw":
        # Every row feeds the DUT 64 bytes: the customer frame is what is
        # left after label and control word.  Shorter than 64 with its
        # control word, so the length field is set, as a PE writes it
        # (RFC 4385 section 3).
        inner = (mac("02:00:00:00:0c:02") + mac("02:00:00:00:0c:01") +
                 struct.pack("!H", 0x0800) + ipv4_udp(LEN - 22 - 14))
        lse = int(argv[4]) << 12 | 1 << 8 | 255
        cw = (len(inner) + 4) << 16
        frame = dmac + smac + struct.pack("!HII", 0x8847, lse, cw) + inner
    else:
        sys.exit("frames.py: unknown kind %s" % kind)
    assert len(frame) == LEN
    print(frame.hex())


if __name__ == "__main__":
    main(sys.argv)
