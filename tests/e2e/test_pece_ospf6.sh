#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, IPv6 PE-CE routing over OSPFv3 (tests/e2e/pece_topo.sh):
# CE2 blue is dual stack, OSPFv2 for IPv4 and OSPFv3 for IPv6, with
# PE2's BIRD in its per-VRF tables blue4/blue6; CE1 blue speaks eBGP with
# PE1.  CE2's stub prefix fd00:2::/64 reaches blue6 by OSPFv3 with the
# CE's link-local address as next hop, mplsxd over the blue session (the
# next hop resolved on b2, the VRF's interface), PE1 as a VPNv6 route and
# CE1's kernel; CE1's fd00:1::/64 comes back into OSPFv3 as an external
# and into CE2's kernel.  Pings cross the VPN both ways; the prefix goes
# away at the far site when CE2's stub goes down, and when its OSPFv3
# stops (OSPFv2 carrying IPv4 on regardless).  A static route via the
# CE's link-local address is placed on b2 as well, and both stay there
# once blue has a second interface (b3): then the neighbour PE2's kernel
# has on b2 decides, not "the VRF's only interface"; the same address
# made a neighbour on b3 too, the route is not installed and says why.
# The red CEs are not started.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"
. "$(dirname "$0")/pece_topo.sh"
. "$(dirname "$0")/pece_checks.sh"

plan 72

command -v bird >/dev/null || setup_failed "bird not installed"
l3vpn_up || setup_failed l3vpn_up

pece_prepare
check "PE1 reload with per-VRF sessions" reload pe1
check "PE2 reload with per-VRF sessions" reload pe2
show_bird_has() { # NAME STRING
	local conf
	conf=$(ctl "$1" show bird | json "d['bird_config']") &&
		grep -qF -- "$2" <<<"$conf"
}
check "show bird: mplsx_blue hands on link-local next hops" show_bird_has \
	pe2 'if dest = RTD_UNICAST && gw ~ fe80::/10 then bgp_next_hop = gw;'
check "show bird: an OSPFv3 CE example on b2" bash -c "
	'$BUILD/mplsxctl' -s '$SOCK_pe2' show bird |
	grep -A4 'protocol ospf v3 ce6_blue' | grep -qF 'interface \\\"b2\\\";'"

pece_bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1 1 2 65101 65201
pece_bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3 3 4 65102 65202 blue b2 23
check "BIRD config accepted (pe1)" bird -p -c "$WORK/bird-pe1.conf"
check "BIRD config accepted (pe2, OSPFv2 + OSPFv3 CE)" bird -p -c "$WORK/bird-pe2.conf"
check "BIRD on PE1 started" bird_start pe1 "$PE1"
check "BIRD on PE2 started" bird_start pe2 "$PE2"
check "BIRD on CE1 blue started" ce_bird_start ce1b "$CE1B" 2 65201 10.1.0.0/24 fd00:1::/64
check "BIRD on CE2 blue started (OSPFv2 + OSPFv3)" ce_bird_start ce2b "$CE2B" 4 65202 10.2.0.0/24 fd00:2::/64 ospf 23
CE2_LL=$(on "$CE2B" ip -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4 }')
CE2_MAC=$(mac_of "$CE2B" eth0)

for pe in pe1 pe2; do
	check "$pe: VPN session Established" wait_for 30 established "$pe"
	check "$pe: blue session Established" wait_for 30 established_vrf "$pe" blue
done
check "PE1 BIRD <-> CE1 blue IPv6 Established" wait_for 30 bird_up pe1 ce6_blue
check "OSPFv3: PE2 sees CE2 blue Full" wait_for 30 ospf_full pe2 ce6_blue
check "OSPFv3: CE2 blue sees PE2 Full" wait_for 10 ospf_full ce2b to_pe6
check "OSPFv3: PE2's neighbour is CE2's link-local $CE2_LL" bash -c \
	"birdc -s '$BIRDSOCK_pe2' show ospf neighbors ce6_blue | grep -q 'Full/.*[[:space:]]b2[[:space:]]*$CE2_LL\$'"
check "OSPFv2: PE2 sees CE2 blue Full" wait_for 30 ospf_full pe2 ce_blue
check "OSPFv2: CE2 blue sees PE2 Full" wait_for 10 ospf_full ce2b to_pe

# CE2's prefix: OSPFv3 into blue6, next hop its link-local on b2.
check "PE2 BIRD blue6: fd00:2::/64 from OSPFv3 via $CE2_LL on b2" wait_for 30 \
	bash -c "birdc -s '$BIRDSOCK_pe2' show route fd00:2::/64 table blue6 protocol ce6_blue |
	grep -q 'via $CE2_LL on b2'"
check "PE2 blue: fd00:2::/64 from the blue session, installed" wait_for 30 \
	ce_route pe2 blue fd00:2::/64
check "PE2 blue: via CE2's link-local on b2" [ "$(route_field pe2 blue \
	fd00:2::/64 "r['via']+' '+r['interface']")" = "$CE2_LL b2" ]
check "PE2 blue: session 127.0.0.1:1792" [ "$(route_field pe2 blue \
	fd00:2::/64 "r['session']")" = 127.0.0.1:1792 ]
nh_of_ll() { # EXPR over PE2's next hop to CE2's link-local
	ctl pe2 show neighbors |
		json "[$1 for n in d if n['via']=='$CE2_LL'][0]"
}
ll_resolved() {
	[ "$(nh_of_ll "n['state']+' '+n['interface']+' '+n['mac']")" = \
		"resolved b2 $CE2_MAC" ]
}
check "PE2 next hop $CE2_LL: resolved on b2 to CE2's MAC" wait_for 10 ll_resolved
vpn6_at_pe2() { # mplsxd's VPNv6 route, as BIRD has it
	birdc_ pe2 show route table vpntab6 protocol mplsx1 |
		grep -q '^65000:2 fd00:2::/64'
}
no_vpn6_at_pe2() { ! vpn6_at_pe2; }
check "PE2 BIRD vpntab6: mplsxd exported 65000:2 fd00:2::/64" wait_for 10 vpn6_at_pe2
remote_route() { # NAME VRF PREFIX: from PE, RD, labels, installed
	[ "$(route_field "$1" "$2" "$3" "r['source']+' '+r['pe']+' '+r['rd']+' '+str(r['labels'])+' '+str(r['installed'])")" = "bgp $4 65000:2 $5 True" ]
}
check "PE1 blue: fd00:2::/64 from PE2 (VPNv6), labels [16003, 200]" \
	wait_for 30 remote_route pe1 blue fd00:2::/64 10.255.0.3 "[16003, 200]"
check "CE1 blue kernel: fd00:2::/64 over BGP" wait_for 15 kroute6 "$CE1B" fd00:2::/64

# CE1's prefix the other way: into OSPFv3 as an external.
check "PE1 blue: fd00:1::/64 from CE1" wait_for 30 ce_route pe1 blue fd00:1::/64
check "PE2 blue: fd00:1::/64 from PE1 (VPNv6), labels [16001, 200]" \
	wait_for 30 remote_route pe2 blue fd00:1::/64 10.255.0.1 "[16001, 200]"
check "CE2 blue BIRD: fd00:1::/64 is an OSPFv3 external from PE2" wait_for 15 \
	bash -c "birdc -s '$BIRDSOCK_ce2b' show route fd00:1::/64 protocol to_pe6 |
	grep -q 'E2 (150/10/10000) \[10.255.1.3\]'"
check "CE2 blue kernel: fd00:1::/64 over OSPFv3" wait_for 10 kroute6 "$CE2B" fd00:1::/64

# Traffic across the VPN, both ways; PE2 counts it in VRF blue.
vrf_stat() { ctl "$1" show stats | json "[v['$3'] for v in d['vrfs'] if v['name']=='$2'][0]"; }
check "ping6 blue fd00:1::1 -> fd00:2::1" wait_for 15 on "$CE1B" ping -6 -c 1 -W 1 -I fd00:1::1 fd00:2::1
IMP=$(vrf_stat pe2 blue imposed_packets)
DIS=$(vrf_stat pe2 blue disposed_packets)
check "ping6 CE1 -> CE2: 10 of 10 answered" ping_all "$CE1B" 10 -6 -I fd00:1::1 fd00:2::1
check "ping6 CE2 -> CE1: 10 of 10 answered" ping_all "$CE2B" 10 -6 -I fd00:2::1 fd00:1::1
check "PE2 blue: >= 20 packets disposed towards CE2 (requests + replies)" \
	[ $(($(vrf_stat pe2 blue disposed_packets) - DIS)) -ge 20 ]
check "PE2 blue: >= 20 packets imposed from CE2" \
	[ $(($(vrf_stat pe2 blue imposed_packets) - IMP)) -ge 20 ]

# Dual stack: OSPFv2 on the same CE carries IPv4.
check "CE1 blue kernel: 10.2.0.0/24 (CE2's OSPFv2 stub) over BGP" wait_for 15 kroute "$CE1B" 10.2.0.0/24
check "CE2 blue kernel: 10.1.0.0/24 over OSPFv2" wait_for 10 kroute "$CE2B" 10.1.0.0/24
check "ping blue 10.1.0.1 -> 10.2.0.1" wait_for 10 on "$CE1B" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1

# CE2's stub goes down: its prefixes leave PE2, PE1 and CE1's kernel.
on "$CE2B" ip link set stub0 down
check "stub down: PE2 blue drops fd00:2::/64" wait_for 15 no_route pe2 blue fd00:2::/64
check "stub down: PE2 BIRD vpntab6 drops 65000:2 fd00:2::/64" wait_for 10 no_vpn6_at_pe2
check "stub down: PE1 blue drops fd00:2::/64" wait_for 10 no_route pe1 blue fd00:2::/64
check "stub down: CE1 blue kernel drops fd00:2::/64" wait_for 10 no_kroute6 "$CE1B" fd00:2::/64
check "stub down: CE1 blue kernel drops 10.2.0.0/24 (OSPFv2)" wait_for 10 no_kroute "$CE1B" 10.2.0.0/24
check "stub down: CE1 blue still has the PE2-CE2 link fd00:31:4::/64" kroute6 "$CE1B" fd00:31:4::/64
check "stub down: ping6 to fd00:2::1 fails" bash -c \
	"! nsenter --net=/run/netns/$CE1B ping -6 -q -c 2 -i 0.3 -W 1 -I fd00:1::1 fd00:2::1 >/dev/null"
on "$CE2B" ip link set stub0 up
check "stub up: CE1 blue kernel has fd00:2::/64 again" wait_for 20 kroute6 "$CE1B" fd00:2::/64
check "stub up: ping6 again" wait_for 10 on "$CE1B" ping -6 -c 1 -W 1 -I fd00:1::1 fd00:2::1

# CE2's OSPFv3 stops: the IPv6 prefix goes, OSPFv2's IPv4 stays.
birdc_ ce2b disable to_pe6 >/dev/null
check "OSPFv3 down: PE2 loses its OSPFv3 neighbour" wait_for 10 bash -c \
	"! birdc -s '$BIRDSOCK_pe2' show ospf neighbors ce6_blue | grep -q 'Full/'"
check "OSPFv3 down: PE2 blue drops fd00:2::/64" wait_for 10 no_route pe2 blue fd00:2::/64
check "OSPFv3 down: PE1 blue drops fd00:2::/64" wait_for 10 no_route pe1 blue fd00:2::/64
check "OSPFv3 down: CE1 blue kernel drops fd00:2::/64" wait_for 10 no_kroute6 "$CE1B" fd00:2::/64
check "OSPFv3 down: CE1 blue keeps 10.2.0.0/24 (OSPFv2)" kroute "$CE1B" 10.2.0.0/24
check "OSPFv3 down: IPv4 still flows" wait_for 10 on "$CE1B" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1
birdc_ ce2b enable to_pe6 >/dev/null
check "OSPFv3 up: Full again" wait_for 30 ospf_full pe2 ce6_blue
ce_via_ll() {
	ce_route pe2 blue fd00:2::/64 &&
		[ "$(route_field pe2 blue fd00:2::/64 "r['via']")" = "$CE2_LL" ]
}
check "OSPFv3 up: PE2 blue has fd00:2::/64 via $CE2_LL again" wait_for 20 ce_via_ll
check "OSPFv3 up: CE1 blue kernel has fd00:2::/64" wait_for 15 kroute6 "$CE1B" fd00:2::/64
check "OSPFv3 up: CE2 blue kernel has fd00:1::/64" wait_for 15 kroute6 "$CE2B" fd00:1::/64
check "OSPFv3 up: ping6 CE2 -> CE1" wait_for 10 on "$CE2B" ping -6 -c 1 -W 1 -I fd00:2::1 fd00:1::1

# A static route via the CE's link-local address is placed on b2 too.
$PY - "$WORK/pe2.json" "$CE2_LL" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
blue = [v for v in c["vrfs"] if v["name"] == "blue"][0]
blue["routes"] = [{"prefix": "fd00:99::/64", "via": sys.argv[2]}]
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "static fd00:99::/64 via $CE2_LL: PE2 reload" reload pe2
static_ll() {
	[ "$(route_field pe2 blue fd00:99::/64 "r['source']+' '+r['via']+' '+r['interface']+' '+str(r['installed'])")" = "static $CE2_LL b2 True" ]
}
check "static via link-local: installed on b2" wait_for 10 static_ll

# A second blue interface (b3, to CE2's eth1, no OSPF there): the VRF's
# only interface no longer tells, the neighbour PE2's kernel has on b2
# (from the OSPFv3 adjacency) does.
veth "$PE2" b3 "$CE2B" eth1
$PY - "$WORK/pe2.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "b3", "vrf": "blue"})
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "b3 joins blue: PE2 reload" reload pe2
ll_nbr_b2_only() {
	on "$PE2" ip -6 neigh show dev b2 | grep -q "^$CE2_LL " &&
		! on "$PE2" ip -6 neigh show dev b3 | grep -q "^$CE2_LL "
}
check "b3: PE2's kernel has CE2's link-local as a neighbour on b2 only" ll_nbr_b2_only
b3_up() {
	[ "$(ctl pe2 show interfaces | json "[p['state'] for p in d if p['name']=='b3'][0]")" = up ]
}
check "b3: attached and up at PE2" wait_for 10 b3_up
ll_on_b2() {
	[ "$(route_field pe2 blue fd00:2::/64 "r['via']+' '+r['interface']+' '+str(r['installed'])")" = "$CE2_LL b2 True" ]
}
check "two blue interfaces: fd00:2::/64 still via $CE2_LL on b2" wait_for 10 ll_on_b2
check "two blue interfaces: the static route too" wait_for 10 static_ll
check "two blue interfaces: ping6 CE1 -> CE2" ping_all "$CE1B" 3 -6 -I fd00:1::1 fd00:2::1

# The same link-local address as a neighbour on b3 too: which link is a
# guess, so the route is kept, not installed, and says why; withdrawn
# from PE1 meanwhile.  Gone from b3, it is placed on b2 again.
on "$PE2" ip -6 neigh replace "$CE2_LL" lladdr 02:00:00:00:00:99 dev b3 nud permanent
ll_unplaced() {
	[ "$(route_field pe2 blue fd00:2::/64 "str(r['installed'])+': '+r.get('reason','')")" = \
		"False: BGP next hop is link-local and no single VRF interface has it as a neighbour" ]
}
check "ambiguous link-local: fd00:2::/64 not installed, reason given" wait_for 10 ll_unplaced
check "ambiguous link-local: PE1 blue drops fd00:2::/64" wait_for 10 no_route pe1 blue fd00:2::/64
on "$PE2" ip -6 neigh del "$CE2_LL" dev b3
check "neighbour on b3 gone: fd00:2::/64 via $CE2_LL on b2 again" wait_for 10 ll_on_b2
check "neighbour on b3 gone: ping6 CE1 -> CE2" wait_for 15 on "$CE1B" ping -6 -c 1 -W 1 -I fd00:1::1 fd00:2::1

summary
