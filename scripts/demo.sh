#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# demo.sh - mplsx on its built-in topology, forwarding real traffic.
#
# Two customers, red and blue, each with two sites, over an MPLS backbone
# of three mplsx routers (PE1 - P - PE2).  Both customers use the very same
# addresses (192.168.1.0/24 and 192.168.2.0/24); the VRFs keep them apart.
# Each PE runs BIRD, which carries the VPN routes to the other PE over
# iBGP (VPNv4/VPNv6) with the PE's mplsxd as its route-reflector client:
# no PE has a static route to the other site.  The demo pings across both
# VPNs, sends tagged datagrams and shows where they arrived, the label
# stacks on the core links, and what mplsxctl and BIRD report.
# Then the L2 side of the choice: a VPLS of three sites (three more PEs
# and a P router), whose CEs ping each other, see each other's MACs and
# run OSPF on the one segment the backbone makes.
# Everything it made is removed when it ends.
set -eu
TAG=demo$$
. "$(dirname "$0")/../tests/e2e/lib.sh"
. "$(dirname "$0")/../tests/e2e/l3vpn_topo.sh"
. "$(dirname "$0")/../tests/e2e/bgp_topo.sh"
. "$(dirname "$0")/../tests/e2e/vpls_topo.sh"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pretty_routes() { # NAME VRF
	ctl "$1" show routes "$2" | "$PY" -c '
import json, sys
for r in json.load(sys.stdin):
    to = r.get("pe") and "pe " + r["pe"] or r.get("via") and "via " + r["via"] or ""
    print("  %-5s %-18s %-9s %-7s %-16s labels %-13s %s" % (r["vrf"], r["prefix"],
          r["source"], r["type"], to, r["labels"],
          "installed" if r["installed"] else "NOT installed: " + r.get("reason", "")))'
}

say "topology"
sed -n '/^#   ce1r/,/^#   ce1b/p' "$(dirname "$0")/../tests/e2e/l3vpn_topo.sh" | sed 's/^#/ /'
l3vpn_up
l3vpn_bgp_prepare
reload pe1
reload pe2

say "PE1's config (mplsxd): VRFs, an LSP to PE2, a BGP session to the local BIRD"
cat "$WORK/pe1.json"

say "BIRD on each PE: mplsxd's snippet (mplsxctl show bird) + iBGP to the other PE"
bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1
bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3
ctl pe1 show bird | json "d['bird_config']" | sed 's/^/  /'
bird_start pe1 "$PE1"
bird_start pe2 "$PE2"
for pe in pe1 pe2; do
	wait_for 30 established "$pe" || echo "  $pe: BGP session not up yet"
done
wait_for 30 bird_up pe1 remote_pe || echo "  BIRD iBGP not up yet"
# The routes of the far site: learned, imported, their PE resolved.
wait_for 20 bash -c "'$BUILD/mplsxctl' -s '$SOCK_pe1' show routes blue | grep -q '\"bgp\"'" || true

say "mplsxctl show bgp on PE1 (the session to BIRD)"
ctl pe1 show bgp | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
for n in d["neighbors"]:
    print("  %s AS %s: %s" % (n["address"], n["asn"], n["state"]))
    for af, c in n.get("families", {}).items():
        print("    %-6s received %s, advertised %s" % (af, c.get("received"), c.get("advertised")))'

say "BIRD on PE1: the VPN routes it carries (RD, label, next hop = the PE)"
birdc_ pe1 show route table vpntab | sed 's/^/  /' | head -12

say "PE1: mplsxctl show routes (192.168.2.0/24 learned over BGP in both VRFs, behind PE2, different VPN labels)"
pretty_routes pe1 red
pretty_routes pe1 blue

say "ping across each VPN (the same address, two customers)"
for ce in "$CE1R:red" "$CE1B:blue"; do
	ns=${ce%%:*}
	wait_for 10 on "$ns" ping -c 1 -W 1 192.168.2.2 || true
	printf '  %-4s site 1 -> 192.168.2.2: ' "${ce##*:}"
	on "$ns" ping -c 3 -q 192.168.2.2 | grep -o '[0-9]* received.*loss'
done

say "datagrams: 5 from red site 1, 5 from blue site 1, both to 192.168.2.2"
nsenter --net="/run/netns/$CE2R" tcpdump -i eth0 -n -l -A udp port 5000 2>/dev/null | grep --line-buffered -o 'customer=[a-z]* seq=[0-9]' >"$WORK/ce2r.txt" &
PIDS+=($!)
nsenter --net="/run/netns/$CE2B" tcpdump -i eth0 -n -l -A udp port 5000 2>/dev/null | grep --line-buffered -o 'customer=[a-z]* seq=[0-9]' >"$WORK/ce2b.txt" &
PIDS+=($!)
nsenter --net="/run/netns/$W12" tcpdump -i w1 -n -l -c 40 mpls 2>/dev/null >"$WORK/w12.txt" &
PIDS+=($!)
sleep 1
for ce in "$CE1R:red" "$CE1B:blue"; do
	on "${ce%%:*}" "$PY" -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5):
    s.sendto(b'customer=${ce##*:} seq=%d' % i, ('192.168.2.2', 5000))"
done
sleep 1
echo "  red site 2 received:  $(tr '\n' ' ' <"$WORK/ce2r.txt")"
echo "  blue site 2 received: $(tr '\n' ' ' <"$WORK/ce2b.txt")"

say "on the PE1 - P link: transport label 16003 over the VPN label (100 red, 200 blue)"
for l in 100 200; do
	grep -m1 "(label $l," "$WORK/w12.txt" | cut -d' ' -f2- | sed 's/^/  /'
done

say "PE2: mplsxctl show vrfs"
ctl pe2 show vrfs
say "P: mplsxctl show labels (the P router pops the transport label: PHP)"
ctl p show labels

say "L2 VPN for three sites (VPLS): the backbone as one switch"
sed -n '/^#   ce1 eth0/,/^#   ce3 eth0/p' "$(dirname "$0")/../tests/e2e/vpls_topo.sh" | sed 's/^#/ /'
vpls_up
echo "  PE1's instance (static labels, a full mesh of pseudowires):"
"$PY" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["vpls"]))' "$WORK/vpe1.json" | sed 's/^/  /'
for p in "1:2" "1:3" "2:3"; do
	a=${p%%:*} b=${p##*:}
	ns=$(eval echo "\$CE$a")
	wait_for 10 on "$ns" ping -c 1 -W 1 "10.20.0.$b" || true
	printf '  CE%s -> CE%s (10.20.0.%s): ' "$a" "$b" "$b"
	on "$ns" ping -c 3 -q "10.20.0.$b" | grep -o '[0-9]* received.*loss'
done
echo "  CE1's neighbours (ARP across the VPLS):"
on "$CE1" ip neigh show dev eth0 | sed 's/^/    /'

say "PE1: mplsxctl show mac (learnt in XDP: on the AC, or behind the PE it came from)"
ctl vpe1 show mac | "$PY" -c '
import json, sys
for r in sorted(json.load(sys.stdin), key=lambda r: r["mac"]):
    print("  %s %s  %-22s age %ss" % (r["vpls"], r["mac"],
          "interface " + r["interface"] if "interface" in r else "pe " + r["pe"], r["age"]))'

say "OSPF among the three CEs on the one segment (BIRD on each CE)"
. "$(dirname "$0")/../tests/e2e/pw_topo.sh" # its bird_start: OSPF CEs
bird_start "$CE1" vce1 10.20.0.1 eth0 172.16.1.1/24
bird_start "$CE2" vce2 10.20.0.2 eth0 172.16.2.1/24
bird_start "$CE3" vce3 10.20.0.3 eth0 172.16.3.1/24
full2() { [ "$(birdc -s "$BIRD_SOCK_vce1" show ospf neighbors | grep -c Full)" -eq 2 ]; }
wait_for 40 full2 || echo "  OSPF not Full yet"
wait_for 20 bash -c "nsenter --net=/run/netns/$CE1 ip route | grep -q 172.16.2.0 && nsenter --net=/run/netns/$CE1 ip route | grep -q 172.16.3.0" || true
echo "  CE1: birdc show ospf neighbors (a DR and a BDR on the segment)"
birdc -s "$BIRD_SOCK_vce1" show ospf neighbors | tail -n +2 | sed 's/^/    /'
echo "  CE1's kernel: the other sites' prefixes via their CEs"
on "$CE1" ip route | grep 172.16 | sed 's/^/    /'

say "PE1: mplsxctl show vpls (counters: unicast in XDP, floods cloned in TC)"
ctl vpe1 show vpls | "$PY" -c '
import json, sys
for v in json.load(sys.stdin):
    c = v["counters"]
    print("  %s: %d MACs; in %d, known unicast %d, flooded %d (%d copies), learnt %d, moves %d, drops %d" % (
          v["name"], v["macs"], c["in_packets"], c["unicast_packets"], c["flood_packets"],
          c["flood_copies"], c["learnt"], c["moves"], c["drop_packets"]))
    for p in v["peers"]:
        print("    peer %s: %s, labels in %d / out %d over %s, frames in %d out %d" % (
              p["pe"], p["state"], p["local_label"], p["remote_label"], p["transport"],
              p["in_packets"], p["out_packets"]))'
say "done: tearing the topology down"
