#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# demo.sh - mplsx on a built-in topology, forwarding real frames.
#
#   A (10.0.1.1) --- a0|pa --- P (mplsxd) --- pb|b0 --- B (10.0.2.1)
#
# P is a label-switching router: mplsxd loads the XDP data plane on pa and
# pb from a static label table.  A sends labelled frames, B's capture shows
# what came out: a swap, a penultimate-hop pop and a swap-and-push.
# Everything (namespaces, daemon, pins) is removed when the demo ends.
set -eu
TAG=demo$$
. "$(dirname "$0")/../tests/e2e/lib.sh"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

A=$TAG-a P=$TAG-p B=$TAG-b
say "topology: A --- P --- B in network namespaces $A, $P, $B"
ns_add "$A"
ns_add "$P"
ns_add "$B"
veth "$A" a0 "$P" pa
veth "$P" pb "$B" b0
on "$A" ip addr add 10.0.1.1/24 dev a0
on "$P" ip addr add 10.0.1.2/24 dev pa
on "$P" ip addr add 10.0.2.2/24 dev pb
on "$B" ip addr add 10.0.2.1/24 dev b0

cat >"$WORK/p.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "pa", "mpls": true}, {"name": "pb", "mpls": true} ],
  "labels": [
    {"in": 1000, "out": [2000], "via": "10.0.2.1"},
    {"in": 1001, "out": [], "via": "10.0.2.1"},
    {"in": 1002, "out": [2002, 3002], "via": "10.0.2.1"}
  ]
}
JSON
say "P's config"
cat "$WORK/p.json"

mplsxd_start "$P" "$WORK/p.json" p
wait_for 5 bash -c "'$BUILD/mplsxctl' -s '$SOCK_p' show neighbors | grep -q '\"resolved\"'" || true

say "mplsxctl show interfaces"
ctl p show interfaces
say "mplsxctl show labels"
ctl p show labels

say "A sends labelled frames to P; B captures what P forwards"
nsenter --net="/run/netns/$B" tcpdump -i b0 -e -n -l -c 3 \
	'ether proto 0x8847 or (ip and udp port 5000)' >"$WORK/b0.txt" 2>/dev/null &
TCPDUMP=$!
PIDS+=($TCPDUMP)
sleep 1
on "$A" "$PY" - "$(mac_of "$P" pa)" <<'PYEOF'
import sys
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
ip = IP(src="10.0.1.1", dst="10.0.2.1", ttl=64) / UDP(sport=4000, dport=5000) / Raw(b"hello mplsx")
for label in (1000, 1001, 1002):
    f = Ether(dst=sys.argv[1], type=0x8847) / MPLS(label=label, s=1, ttl=64) / ip
    print("  A -> P: label %d ttl 64" % label)
    sendp(f, iface="a0", verbose=False)
PYEOF
wait $TCPDUMP 2>/dev/null || true
say "B received (label 1000 swapped to 2000, 1001 popped to IPv4, 1002 swapped to 2002 over 3002)"
cat "$WORK/b0.txt"

say "ping from A to P's own address (the host's traffic passes XDP untouched)"
on "$A" ping -c 2 -q 10.0.1.2 | tail -2

say "mplsxctl show stats"
ctl p show stats
say "done: tearing the topology down"
