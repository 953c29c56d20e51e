#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, L2 VPN: CE1 - PE1 - P - PE2 - CE2 over one Ethernet
# pseudowire (tests/e2e/pw_topo.sh) between whole-port ACs.  The CEs share a subnet: ARP resolves across, ping works up to
# a full 1500-byte packet, the core links carry [transport, PW label,
# control word] (captured), OSPF between the CEs' BIRDs reaches Full and
# each CE's kernel learns the other's prefix via the other, `show
# pseudowires` says up with counters, and an AC going down says so.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pw_topo.sh"

plan 31

pw_up || setup_failed pw_up

pw_field() { ctl "$1" show pseudowires | json "[($2) for p in d if p['name']=='pw1'][0]"; }
pw_is_up() { [ "$(pw_field "$1" "p['state']")" = up ]; }

check "PE1 pw1 up" wait_for 10 pw_is_up pe1
check "PE2 pw1 up" wait_for 10 pw_is_up pe2
check "PE1 pw1 row: a1, peer, labels, control word, transport" \
	[ "$(pw_field pe1 "p['interface'], p['peer'], p['local_label'], p['remote_label'], p['control_word'], p['transport']")" = "('a1', '10.255.0.3', 5001, 5002, True, [16003])" ]
check "PE2 pw1 row: a2, control word by default" \
	[ "$(pw_field pe2 "p['interface'], 'vlan' in p, p['control_word']")" = "('a2', False, True)" ]
check "PE2 show interfaces: a2 is pw1's AC" \
	[ "$(ctl pe2 show interfaces | json "[i['pseudowire'] for i in d if i['name']=='a2'][0]")" = pw1 ]

capturing=1
for pair in "$W12:w12" "$W23:w23"; do
	tcpdump_start "${pair%%:*}" w1 "${pair##*:}" || capturing=0
done
check "captures listening on both core links" [ "$capturing" = 1 ]

check "ping CE1 -> CE2 across the pseudowire" wait_for 10 on "$CE1" ping -c 1 -W 1 10.10.0.2
CE2_MAC=$(mac_of "$CE2" eth0)
CE1_MAC=$(mac_of "$CE1" eth0)
check "CE1's neighbour table has CE2's MAC (ARP across)" \
	bash -c "nsenter --net=/run/netns/$CE1 ip neigh show 10.10.0.2 dev eth0 | grep -q '$CE2_MAC'"
check "CE2's neighbour table has CE1's MAC" \
	bash -c "nsenter --net=/run/netns/$CE2 ip neigh show 10.10.0.1 dev eth0 | grep -q '$CE1_MAC'"
check "ping CE2 -> CE1" on "$CE2" ping -c 3 -i 0.2 -W 1 10.10.0.1
check "1500-byte packet, DF set (1514-byte frame + 12 bytes of labels and CW)" \
	on "$CE1" ping -c 1 -W 2 -s 1472 -M do 10.10.0.2
# A last datagram CE1 -> CE2 marks the end: a capture that holds it on
# both core links holds every frame that crossed before it.  Padded past
# 64 bytes, so that its control word has no length field like any other
# IPv4 frame here.
on "$CE1" "$PY" -c "
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
    b'vrf=mark seq=0 '.ljust(80, b'x'), ('10.10.0.2', 5000))"
marked() { [ "$(tagged "$WORK/w12.pcap" mark)" -ge 1 ] &&
	[ "$(tagged "$WORK/w23.pcap" mark)" -ge 1 ]; }
check "the end marker crossed both core links" wait_for 5 marked
stopped=1
for name in w12 w23; do
	tcpdump_stop "$name" || stopped=0
done
check "captures stopped cleanly" [ "$stopped" = 1 ]

# The label stacks and control words carrying CE1's (or CE2's) IPv4
# frames on a core link.
stacks() { # PCAP INNER_SRC_MAC
	"$PY" - "$1" "$2" <<'PYEOF'
import struct, sys
from scapy.all import rdpcap
mac = bytes.fromhex(sys.argv[2].replace(":", ""))
seen = set()
for p in rdpcap(sys.argv[1]):
    b = bytes(p)
    if b[12:14] != b"\x88\x47":
        continue
    off, stack = 14, []
    while off + 4 <= len(b):
        e = struct.unpack("!I", b[off:off + 4])[0]
        off += 4
        stack.append("%d/s%d/ttl%d" % (e >> 12, (e >> 8) & 1, e & 0xFF))
        if e & 0x100:
            break
    cw, inner = b[off:off + 4], b[off + 4:]
    # IPv4 only: ARP frames are short enough for the CW length field.
    if inner[6:12] != mac or inner[12:14] != b"\x08\x00":
        continue
    seen.add("%s cw=%s" % (" ".join(stack), cw.hex()))
print("; ".join(sorted(seen)))
PYEOF
}
check "ARP on the core carries the CW length field (42-byte frame + 4)" \
	bash -c "'$PY' -c \"from scapy.all import rdpcap; import sys; sys.exit(not any(bytes(p)[12:14] == b'\\x88\\x47' and bytes(p)[22:26].hex() == '002e0000' and bytes(p)[38:40] == b'\\x08\\x06' for p in rdpcap('$WORK/w12.pcap')))\""
check "PE1-P link: CE1's frames ride 16003 over PW label 5002, CW 0" \
	[ "$(stacks "$WORK/w12.pcap" "$CE1_MAC")" = "16003/s0/ttl255 5002/s1/ttl255 cw=00000000" ]
check "P-PE2 link: PHP left the PW label alone over the CW" \
	[ "$(stacks "$WORK/w23.pcap" "$CE1_MAC")" = "5002/s1/ttl254 cw=00000000" ]
check "PE2-P link: CE2's frames ride 16001 over 5001" \
	[ "$(stacks "$WORK/w23.pcap" "$CE2_MAC")" = "16001/s0/ttl255 5001/s1/ttl255 cw=00000000" ]

check "PE1 counted imposition" [ "$(pw_field pe1 "p['imposed_packets']")" -ge 5 ]
check "PE1 counted disposition" [ "$(pw_field pe1 "p['disposed_packets']")" -ge 5 ]
check "PE2 counted both ways, no drop" \
	[ "$(pw_field pe2 "p['imposed_packets'] >= 5 and p['disposed_packets'] >= 5 and p['drop_packets'] == 0")" = True ]

# README: a 1500-byte customer MTU needs a core MTU of 1526 (the CE's
# Ethernet header, control word, PW and transport labels ride on it).
c0_mtu_is() { # MTU: PE1's nexthops out of c0 carry it
	[ "$(ctl pe1 show neighbors |
		json "sorted(set(n.get('mtu') for n in d if n.get('interface') == 'c0'))")" = "[$1]" ]
}
core_mtu() { on "$PE1" ip link set c0 mtu "$1" && wait_for 5 c0_mtu_is "$1"; }
mtu_drops() { ctl pe1 show stats | json "d['drops']['mtu_exceeded']"; }
ping_1500() { on "$CE1" ping -c 1 -W 1 -s 1472 -M do 10.10.0.2; }
check "core MTU 1526: a 1500-byte DF packet crosses" \
	eval 'core_mtu 1526 && ping_1500'
before=$(mtu_drops)
check "core MTU 1525: it is dropped (mtu_exceeded)" \
	eval 'core_mtu 1525 && ! ping_1500'
check "... and counted" [ "$(mtu_drops)" -gt "$before" ]
core_mtu 1600

# OSPF between the CEs, straight across the pseudowire.
bird_start "$CE1" ce1 10.10.0.1 eth0 172.16.1.1/24
bird_start "$CE2" ce2 10.10.0.2 eth0 172.16.2.1/24
ospf_full() { birdc -s "$1" show ospf neighbors | grep -q Full; }
check "CE1 OSPF neighbour CE2 is Full" wait_for 40 ospf_full "$BIRD_SOCK_ce1"
check "CE2 OSPF neighbour CE1 is Full" wait_for 10 ospf_full "$BIRD_SOCK_ce2"
has_route() { on "$1" ip route show "$2" | grep -q "via $3"; }
check "CE2's kernel: 172.16.1.0/24 via CE1" wait_for 20 has_route "$CE2" 172.16.1.0/24 10.10.0.1
check "CE1's kernel: 172.16.2.0/24 via CE2" wait_for 20 has_route "$CE1" 172.16.2.0/24 10.10.0.2
check "ping CE1's prefix -> CE2's prefix" on "$CE1" ping -c 1 -W 2 -I 172.16.1.1 172.16.2.1

# The AC going down takes the pseudowire down, and back.
on "$PE2" ip link set a2 down
check "PE2 pw1 down when its AC is down" wait_for 5 bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe2' show pseudowires | grep -q 'attachment circuit a2 is down'"
on "$PE2" ip link set a2 up
check "PE2 pw1 up again" wait_for 10 pw_is_up pe2
check "ping after the AC came back" wait_for 10 on "$CE1" ping -c 1 -W 1 10.10.0.2

summary
