#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, L3 VPN: CE - PE1 - P - PE2 - CE for VRFs red and blue that
# use the very same customer addresses (tests/e2e/l3vpn_topo.sh).  Ping and
# UDP within each VRF work, nothing crosses between VRFs (payloads captured
# at the far CEs), the label stacks on both core links are checked on a
# capture, and `show routes` tells the truth.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"

plan 56

l3vpn_up || setup_failed l3vpn_up

route_field() { # NAME VRF PREFIX EXPR
	ctl "$1" show routes "$2" |
		json "[$4 for r in d if r['prefix']=='$3'][0]"
}
installed() { [ "$(route_field "$1" "$2" "$3" "r['installed']")" = True ]; }

check "PE1 red: 192.168.2.0/24 installed" wait_for 5 installed pe1 red 192.168.2.0/24
check "PE1 blue: 192.168.2.0/24 installed" wait_for 5 installed pe1 blue 192.168.2.0/24
check "PE2 red: 192.168.1.0/24 installed" wait_for 5 installed pe2 red 192.168.1.0/24
check "PE1 red route pushes [16003, 100]" [ "$(route_field pe1 red 192.168.2.0/24 "r['labels']")" = "[16003, 100]" ]
check "PE1 blue route pushes [16003, 200]" [ "$(route_field pe1 blue 192.168.2.0/24 "r['labels']")" = "[16003, 200]" ]
check "PE1 red connected subnet is a glean route" [ "$(route_field pe1 red 192.168.1.0/24 "r['source']+'/'+r['type']")" = connected/glean ]
check "PE1 red gateway address is a receive route" [ "$(route_field pe1 red 192.168.1.1/32 "r['type']")" = receive ]
check "show lsps: LSP to PE2 resolved" [ "$(ctl pe1 show lsps | json "d[0]['state']")" = resolved ]

# Ping across each VPN.  The far PE learns the far CE's MAC by glean
# (first packet dropped and counted, like a hardware router).
check "ping red CE1 -> red CE2" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "ping blue CE1 -> blue CE2" wait_for 10 on "$CE1B" ping -c 1 -W 1 192.168.2.2
check "ping red CE2 -> red CE1" wait_for 10 on "$CE2R" ping -c 1 -W 1 192.168.1.2
check "ping blue CE2 -> blue CE1" wait_for 10 on "$CE2B" ping -c 1 -W 1 192.168.1.2
check "ping6 red CE1 -> red CE2 (6VPE)" wait_for 10 on "$CE1R" ping -6 -c 1 -W 1 2001:db8:2::2
check "ping6 blue CE1 -> blue CE2 (6VPE)" wait_for 10 on "$CE1B" ping -6 -c 1 -W 1 2001:db8:2::2
check "ping to red CE1's own gateway (PE1, to the kernel)" on "$CE1R" ping -c 1 -W 2 192.168.1.1
check "ping6 to blue CE2's own gateway" on "$CE2B" ping -6 -c 1 -W 2 2001:db8:2::1
check "PE2 learnt red CE2 as a host route" [ "$(route_field pe2 red 192.168.2.2/32 "r['source']")" = adjacency ]

# UDP with VRF-tagged payloads; captures at both far CEs and both core links.
capturing=1
for pair in "$CE2R:ce2r" "$CE2B:ce2b" "$W12:w12" "$W23:w23"; do
	ns=${pair%%:*} name=${pair##*:}
	dev=eth0
	[ "$name" = w12 ] || [ "$name" = w23 ] && dev=w1
	tcpdump_start "$ns" "$dev" "$name" || capturing=0
done
check "captures listening at both far CEs and on both core links" \
	[ "$capturing" = 1 ]
send_udp() { # NS TAG COUNT
	on "$1" "$PY" -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range($3):
    s.sendto(b'vrf=$2 seq=%d' % i, ('192.168.2.2', 5000))"
}
send_udp "$CE1R" red 20
send_udp "$CE1B" blue 30
# Every datagram captured at its far CE and on both core links (or 5 s).
all_captured() {
	[ "$(tagged "$WORK/ce2r.pcap" red)" -ge 20 ] &&
		[ "$(tagged "$WORK/ce2b.pcap" blue)" -ge 30 ] &&
		for l in w12 w23; do
			[ "$(tagged "$WORK/$l.pcap" red)" -ge 20 ] &&
				[ "$(tagged "$WORK/$l.pcap" blue)" -ge 30 ] || return 1
		done
}
wait_for 5 all_captured
stopped=1
for name in ce2r ce2b w12 w23; do
	tcpdump_stop "$name" || stopped=0
done
check "captures stopped cleanly" [ "$stopped" = 1 ]

payloads() { # PCAP TAG -> count of UDP payloads with that tag
	"$PY" - "$1" "$2" <<'PYEOF'
import sys
from scapy.all import rdpcap, UDP
n = 0
for p in rdpcap(sys.argv[1]):
    if UDP in p and bytes(p[UDP].payload).startswith(b"vrf=%s " % sys.argv[2].encode()):
        n += 1
print(n)
PYEOF
}
check "red CE2 got all 20 red datagrams" [ "$(payloads "$WORK/ce2r.pcap" red)" = 20 ]
check "blue CE2 got all 30 blue datagrams" [ "$(payloads "$WORK/ce2b.pcap" blue)" = 30 ]
check "red CE2 got no blue datagram" [ "$(payloads "$WORK/ce2r.pcap" blue)" = 0 ]
check "blue CE2 got no red datagram" [ "$(payloads "$WORK/ce2b.pcap" red)" = 0 ]

stacks() { # PCAP TAG -> the label stacks seen carrying that VRF's datagrams
	"$PY" - "$1" "$2" <<'PYEOF'
import sys
from scapy.all import rdpcap, Ether, Raw
from scapy.contrib.mpls import MPLS
seen = set()
for p in rdpcap(sys.argv[1]):
    raw = bytes(p)
    if b"vrf=%s " % sys.argv[2].encode() not in raw or MPLS not in p:
        continue
    stack, l = [], p[MPLS]
    while isinstance(l, MPLS):
        stack.append("%d/s%d/ttl%d" % (l.label, l.s, l.ttl))
        l = l.payload
    seen.add(" ".join(stack))
print("; ".join(sorted(seen)))
PYEOF
}
# PE1 -> P: transport label 16003 over the VPN label, uniform TTL (64 - 1).
check "PE1-P link: red rides 16003 over 100" [ "$(stacks "$WORK/w12.pcap" red)" = "16003/s0/ttl63 100/s1/ttl63" ]
check "PE1-P link: blue rides 16003 over 200" [ "$(stacks "$WORK/w12.pcap" blue)" = "16003/s0/ttl63 200/s1/ttl63" ]
# P -> PE2: P popped the transport label (PHP) and copied its decremented
# TTL into the VPN label, which now leads.
check "P-PE2 link: red arrives with 100 alone" [ "$(stacks "$WORK/w23.pcap" red)" = "100/s1/ttl62" ]
check "P-PE2 link: blue arrives with 200 alone" [ "$(stacks "$WORK/w23.pcap" blue)" = "200/s1/ttl62" ]

vrf_stat() { ctl "$1" show stats | json "[v['$3'] for v in d['vrfs'] if v['name']=='$2'][0]"; }
check "PE1 counted red imposition" [ "$(vrf_stat pe1 red imposed_packets)" -ge 20 ]
check "PE2 counted blue disposition" [ "$(vrf_stat pe2 blue disposed_packets)" -ge 30 ]

# A route to a PE with no LSP and not connected: shown, not installed.
"$PY" - "$WORK/pe1.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["vrfs"][0]["routes"].append({"prefix": "172.16.0.0/16", "pe": "10.255.0.9", "label": 300})
json.dump(c, open(sys.argv[1], "w"))
PYEOF
check "reload with a route behind an unknown PE" ctl pe1 reload
check "that route is not installed" [ "$(route_field pe1 red 172.16.0.0/16 "r['installed']")" = False ]
check "and says why" bash -c "'$BUILD/mplsxctl' -s '$SOCK_pe1' show routes red | grep -q 'no LSP to PE 10.255.0.9'"
check "VPN traffic unaffected by the reload" on "$CE1R" ping -c 1 -W 2 192.168.2.2

# The network and broadcast addresses of a VRF subnet are the PE's own
# (receive, to its kernel), never hosts to glean: datagrams to them, from
# the local CE (broadcast) and across the VPN (both), make PE1 ARP for
# neither.  A datagram to an absent host sent last shows that PE1 has
# handled the glean requests of the ones before it.
check "PE1 red 192.168.1.255/32 is a receive route" \
	[ "$(route_field pe1 red 192.168.1.255/32 "r['type']")" = receive ]
check "PE1 red 192.168.1.0/32 is a receive route" \
	[ "$(route_field pe1 red 192.168.1.0/32 "r['type']")" = receive ]
dgram() { # NS DST
	on "$1" "$PY" -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.sendto(b'edge', ('$2', 5000))"
}
dgram "$CE1R" 192.168.1.255
dgram "$CE2R" 192.168.1.255
dgram "$CE2R" 192.168.1.0
dgram "$CE2R" 192.168.1.77
pe1_neigh() { on "$PE1" ip neigh show "$1" dev r1 | grep -q .; }
check "PE1 asked ARP for the absent host 192.168.1.77" wait_for 5 pe1_neigh 192.168.1.77
check "PE1 asked ARP for neither 192.168.1.255 nor 192.168.1.0" \
	bash -c "! nsenter --net=/run/netns/$PE1 ip neigh show dev r1 | grep -E '^192\.168\.1\.(255|0) '"

# Labels and TTL the agent derives from the config, end to end (the packet
# tests write such entries by hand): PE2 takes its labels from
# label_range, blue's VRF label and red's per-next-hop labels
# (label_mode per-nexthop); PE1's red uses ttl_mode pipe.  PE1's static
# routes then use the labels PE2 shows, and the core links carry them.
"$PY" - "$WORK/pe2.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["label_range"] = [300000, 300999]
c["vrfs"][0]["label_mode"] = "per-nexthop"
del c["vrfs"][1]["label"]
json.dump(c, open(sys.argv[1], "w"))
PYEOF
check "PE2 reload: label_range, per-nexthop red, blue label from the range" ctl pe2 reload
BLUE_L=$(ctl pe2 show vrfs | json "[v['label'] for v in d if v['name']=='blue'][0]")
RED_L=$(route_field pe2 red 192.168.2.2/32 "r.get('label', 0)")
in_range() { [ "$1" -ge 300000 ] && [ "$1" -le 300999 ]; }
check "PE2 blue's VRF label comes from label_range ($BLUE_L)" in_range "$BLUE_L"
red_pnh() {
	in_range "$RED_L" && [ "$RED_L" != "$BLUE_L" ] && [ "$(ctl pe2 show vrfs |
		json "[v['label_mode'] for v in d if v['name']=='red'][0]")" = per-nexthop ]
}
check "PE2 red's CE 192.168.2.2 has a per-next-hop label from it ($RED_L)" red_pnh
"$PY" - "$WORK/pe1.json" "$RED_L" "$BLUE_L" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["vrfs"][0]["ttl_mode"] = "pipe"
c["vrfs"][0]["routes"] = [{"prefix": "192.168.2.0/24", "pe": "10.255.0.3",
                           "label": int(sys.argv[2])}]
for r in c["vrfs"][1]["routes"]:
    r["label"] = int(sys.argv[3])
json.dump(c, open(sys.argv[1], "w"))
PYEOF
check "PE1 reload: red pipe, PE2's labels" ctl pe1 reload
capturing=1
for l in w12 w23; do
	ns=$W12
	[ "$l" = w23 ] && ns=$W23
	tcpdump_start "$ns" w1 "${l}l" || capturing=0
done
check "core captures listening" [ "$capturing" = 1 ]
send_udp "$CE1R" red 10
send_udp "$CE1B" blue 10
labelled() {
	for l in w12 w23; do
		[ "$(tagged "$WORK/${l}l.pcap" red)" -ge 10 ] &&
			[ "$(tagged "$WORK/${l}l.pcap" blue)" -ge 10 ] || return 1
	done
}
check "all 20 datagrams crossed both core links" wait_for 5 labelled
stopped=1
for l in w12 w23; do tcpdump_stop "${l}l" || stopped=0; done
check "captures stopped cleanly" [ "$stopped" = 1 ]
check "PE1-P: red rides PE2's per-next-hop label, pipe TTL 255" \
	[ "$(stacks "$WORK/w12l.pcap" red)" = "16003/s0/ttl255 $RED_L/s1/ttl255" ]
check "P-PE2: red's per-next-hop label alone, TTL 254" \
	[ "$(stacks "$WORK/w23l.pcap" red)" = "$RED_L/s1/ttl254" ]
check "PE1-P: blue rides PE2's label from label_range, uniform TTL 63" \
	[ "$(stacks "$WORK/w12l.pcap" blue)" = "16003/s0/ttl63 $BLUE_L/s1/ttl63" ]
check "ping red CE1 -> CE2 through the per-next-hop label" \
	on "$CE1R" ping -c 1 -W 2 192.168.2.2
check "ping blue CE1 -> CE2 through the allocated VRF label" \
	on "$CE1B" ping -c 1 -W 2 192.168.2.2

# IPv6 core next hops end to end: the core links get IPv6 addresses, P's
# label entries and both PEs' LSPs point at IPv6 neighbours (resolved by
# ND), and both VPNs keep working across.
on "$PE1" ip addr add fd00:12::1/64 dev c0 nodad
on "$P" ip addr add fd00:12::2/64 dev c1 nodad
on "$P" ip addr add fd00:23::2/64 dev c2 nodad
on "$PE2" ip addr add fd00:23::3/64 dev c0 nodad
"$PY" - "$WORK/p.json" "$WORK/pe1.json" "$WORK/pe2.json" <<'PYEOF'
import json, sys
p, pe1, pe2 = (json.load(open(f)) for f in sys.argv[1:4])
p["labels"] = [{"in": 16001, "out": [], "via": "fd00:12::1"},
               {"in": 16003, "out": [], "via": "fd00:23::3"}]
pe1["lsps"][0]["via"] = "fd00:12::2"
pe2["lsps"][0]["via"] = "fd00:23::2"
for f, c in zip(sys.argv[1:4], (p, pe1, pe2)):
    json.dump(c, open(f, "w"))
PYEOF
check "reloads with IPv6 core next hops" \
	eval 'ctl p reload >/dev/null && ctl pe1 reload >/dev/null && ctl pe2 reload >/dev/null'
lsp_v6() { # NAME VIA: the LSP resolved over the IPv6 neighbour
	[ "$(ctl "$1" show lsps | json "d[0]['state'] + ' ' + str(d[0]['via'])")" = "resolved $2" ]
}
check "PE1's LSP resolved via fd00:12::2 (ND)" wait_for 5 lsp_v6 pe1 fd00:12::2
check "PE2's LSP resolved via fd00:23::2" wait_for 5 lsp_v6 pe2 fd00:23::2
p_v6() { [ "$(ctl p show neighbors | json "sorted(n['via'] + ' ' + n['state'] for n in d)")" = "['fd00:12::1 resolved', 'fd00:23::3 resolved']" ]; }
check "P's label next hops resolved via fd00:12::1 and fd00:23::3" wait_for 5 p_v6
check "ping red CE1 -> CE2 over the IPv6 core" wait_for 5 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "ping blue CE2 -> CE1 over the IPv6 core" wait_for 5 on "$CE2B" ping -c 1 -W 1 192.168.1.2
check "ping6 blue CE1 -> CE2 over the IPv6 core" wait_for 5 on "$CE1B" ping -6 -c 1 -W 1 2001:db8:2::2

summary
