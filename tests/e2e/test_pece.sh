#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, PE-CE routing (tests/e2e/pece_topo.sh): every CE runs BIRD
# with eBGP to its PE (private AS per site) and announces 10.<site>.0.0/24
# in both VRFs; each PE's BIRD holds a table per VRF with the CE sessions
# and peers with mplsxd per VRF (ports 1791/1792) and for VPN routes
# (1790).  No static customer route anywhere: the far prefix reaches each
# CE's kernel over BGP, carries traffic inside its VPN only, and goes away
# when the CE stops announcing it.  CE2 blue speaks OSPF (IPv4) with PE2
# instead: OSPF in PE2's blue4 table, VPN routes exported to it, its stub
# prefix to mplsxd over the blue session and on to CE1 blue.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"
. "$(dirname "$0")/pece_topo.sh"
. "$(dirname "$0")/pece_checks.sh"

plan 84

command -v bird >/dev/null || setup_failed "bird not installed"
l3vpn_up || setup_failed l3vpn_up

pece_prepare
check "PE1 reload with per-VRF sessions" reload pe1
check "PE2 reload with per-VRF sessions" reload pe2
check "show bird: red session on port 1791" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe1' show bird | grep -q 'neighbor 127.0.0.2 port 1791 as 65000'"
check "show bird: red tables" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe1' show bird | grep -q 'ipv4 table red4'"

pece_bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1 1 2 65101 65201
pece_bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3 3 4 65102 65202 blue b2
check "BIRD config accepted (pe1)" bird -p -c "$WORK/bird-pe1.conf"
check "BIRD config accepted (pe2, OSPF CE)" bird -p -c "$WORK/bird-pe2.conf"
check "BIRD on PE1 started" bird_start pe1 "$PE1"
check "BIRD on PE2 started" bird_start pe2 "$PE2"
check "BIRD on CE1 red started" ce_bird_start ce1r "$CE1R" 1 65101 10.1.0.0/24 fd00:1::/64
check "BIRD on CE1 blue started" ce_bird_start ce1b "$CE1B" 2 65201 10.1.0.0/24 fd00:1::/64
check "BIRD on CE2 red started" ce_bird_start ce2r "$CE2R" 3 65102 10.2.0.0/24 fd00:2::/64
check "BIRD on CE2 blue started" ce_bird_start ce2b "$CE2B" 4 65202 10.2.0.0/24 fd00:2::/64 ospf

for pe in pe1 pe2; do
	check "$pe: VPN session Established" wait_for 30 established "$pe"
	check "$pe: red session Established" wait_for 30 established_vrf "$pe" red
	check "$pe: blue session Established" wait_for 30 established_vrf "$pe" blue
done
check "PE1 BIRD <-> CE1 red Established" wait_for 30 bird_up pe1 ce_red
check "PE2 BIRD <-> CE2 red Established" wait_for 30 bird_up pe2 ce_red
check "PE2 BIRD <-> CE2 blue IPv6 Established" wait_for 30 bird_up pe2 ce6_blue
check "OSPF: PE2 sees CE2 blue Full" wait_for 30 ospf_full pe2 ce_blue
check "OSPF: CE2 blue sees PE2 Full" wait_for 10 ospf_full ce2b to_pe

check "PE1 red: 10.1.0.0/24 from CE1 (peer ce)" wait_for 30 ce_route pe1 red 10.1.0.0/24
check "PE1 blue: 10.1.0.0/24 from CE1" wait_for 10 ce_route pe1 blue 10.1.0.0/24
check "PE1 red: via CE1 on r1" [ "$(route_field pe1 red 10.1.0.0/24 "r['via']+' '+r['interface']")" = "172.31.1.2 r1" ]
check "PE1 red: session 127.0.0.1:1791" [ "$(route_field pe1 red 10.1.0.0/24 "r['session']")" = 127.0.0.1:1791 ]
check "PE2 red: 10.1.0.0/24 from PE1 (VPN)" wait_for 30 bash -c \
	"[ \"\$('$BUILD/mplsxctl' -s '$SOCK_pe2' show routes red | $PY -c 'import json,sys; print([r[\"pe\"] for r in json.load(sys.stdin) if r[\"prefix\"]==\"10.1.0.0/24\"][0])')\" = 10.255.0.1 ]"

check "CE2 red kernel: 10.1.0.0/24 over BGP" wait_for 30 kroute "$CE2R" 10.1.0.0/24
check "CE2 blue kernel: 10.1.0.0/24 over OSPF" wait_for 10 kroute "$CE2B" 10.1.0.0/24
check "CE1 red kernel: 10.2.0.0/24 over BGP" wait_for 10 kroute "$CE1R" 10.2.0.0/24
ospf_route() { # PREFIX: in PE2's blue4, from OSPF
	birdc_ pe2 show route "$1" table blue4 protocol ce_blue | grep -q "^$1"
}
check "PE2 BIRD blue4: 10.2.0.0/24 from OSPF" wait_for 30 ospf_route 10.2.0.0/24
check "PE2 blue: 10.2.0.0/24 from CE2's OSPF via the blue session" wait_for 30 ce_route pe2 blue 10.2.0.0/24
check "PE2 blue: via CE2 on b2" [ "$(route_field pe2 blue 10.2.0.0/24 "r['via']+' '+r['interface']")" = "172.31.4.2 b2" ]
# The CE's attributes ride the VPN route (RFC 4364 sec. 7): CE2 red
# sees CE1 red's AS behind the provider's, and its communities.
far_attrs() { # NAME PREFIX WANT...: birdc show route all has each line
	local out want name=$1 prefix=$2
	shift 2
	out=$(birdc_ "$name" show route "$prefix" all) || return 1
	for want in "$@"; do
		grep -qF -- "$want" <<<"$out" || return 1
	done
}
check "CE2 red BIRD: AS path 65000 65101 from CE1 red" wait_for 10 \
	far_attrs ce2r 10.1.0.0/24 "BGP.as_path: 65000 65101"
# Byte for byte: every BGP attribute line of the far CE's route.
check "CE2 red BIRD: exactly CE1 red's path and communities, behind 65000" \
	[ "$(bgp_lines ce2r 10.1.0.0/24)" = "BGP.origin: IGP
BGP.as_path: 65000 65101
BGP.next_hop: 172.31.3.1
BGP.local_pref: 100
BGP.community: (65101,7)
BGP.large_community: (65101, 1, 2)" ]
check "PE2 BIRD red4: the VPN route keeps AS path 65101" far_attrs pe2 \
	"10.1.0.0/24 table red4" "BGP.as_path: 65101"
check "CE1 blue kernel: 10.2.0.0/24 (CE2's OSPF stub) over BGP" wait_for 10 kroute "$CE1B" 10.2.0.0/24
check "CE1 red kernel: far link 192.168.2.0/24 over BGP" wait_for 10 kroute "$CE1R" 192.168.2.0/24

check "ping red 10.1.0.1 -> 10.2.0.1" wait_for 10 on "$CE1R" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1
check "ping blue 10.1.0.1 -> 10.2.0.1" wait_for 10 on "$CE1B" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1
check "PE1 blue: fd00:1::/64 from CE1 (IPv6 unicast)" wait_for 10 ce_route pe1 blue fd00:1::/64
check "CE2 blue kernel: fd00:1::/64 over BGP" wait_for 15 kroute6 "$CE2B" fd00:1::/64
check "CE1 red kernel: fd00:2::/64 over BGP" wait_for 10 kroute6 "$CE1R" fd00:2::/64
check "ping6 blue fd00:1::1 -> fd00:2::1" wait_for 10 on "$CE1B" ping -6 -c 1 -W 1 -I fd00:1::1 fd00:2::1
check "ping red CE2 -> CE1 link" wait_for 10 on "$CE2R" ping -c 1 -W 1 -I 10.2.0.1 192.168.1.2

udp_recv "$CE2R" "$WORK/udp-red" 10.2.0.1
R1=$!
udp_recv "$CE2B" "$WORK/udp-blue" 10.2.0.1
R2=$!
receivers_up() { udp_listening "$CE2R" && udp_listening "$CE2B"; }
check "UDP receivers listening" wait_for 5 receivers_up
udp_send "$CE1R" red 20 10.2.0.1 10.1.0.1
udp_send "$CE1B" blue 30 10.2.0.1 10.1.0.1
wait $R1 $R2
check "UDP: red CE2 got 20 red, 0 blue" [ "$(cat "$WORK/udp-red")" = "20 0" ]
check "UDP: blue CE2 got 0 red, 30 blue" [ "$(cat "$WORK/udp-blue")" = "0 30" ]

# CE1 red stops announcing: gone at CE2 red within seconds, not in blue.
birdc -s "$BIRDSOCK_ce1r" disable announce >/dev/null
check "withdrawal: PE1 red drops 10.1.0.0/24" wait_for 10 no_route pe1 red 10.1.0.0/24
check "withdrawal: PE2 red drops 10.1.0.0/24" wait_for 10 no_route pe2 red 10.1.0.0/24
check "withdrawal: CE2 red kernel drops 10.1.0.0/24" wait_for 10 no_kroute "$CE2R" 10.1.0.0/24
check "... CE2 blue keeps it" kroute "$CE2B" 10.1.0.0/24
check "red traffic to 10.1.0.1 stops" bash -c \
	"! nsenter --net=/run/netns/$CE2R ping -q -c 2 -i 0.3 -W 1 -I 10.2.0.1 10.1.0.1 >/dev/null"
check "blue traffic still flows" wait_for 5 on "$CE2B" ping -c 1 -W 1 -I 10.2.0.1 10.1.0.1
birdc -s "$BIRDSOCK_ce1r" enable announce >/dev/null
check "announced again: CE2 red kernel has it" wait_for 15 kroute "$CE2R" 10.1.0.0/24
check "red traffic again" wait_for 10 on "$CE2R" ping -c 1 -W 1 -I 10.2.0.1 10.1.0.1

# CE2 blue's stub goes down: its OSPF prefix leaves PE2's blue table and
# CE1 blue's kernel within seconds; back up, it returns.
on "$CE2B" ip link set stub0 down
check "OSPF withdrawal: PE2 blue drops 10.2.0.0/24" wait_for 10 no_route pe2 blue 10.2.0.0/24
check "OSPF withdrawal: CE1 blue kernel drops 10.2.0.0/24" wait_for 10 no_kroute "$CE1B" 10.2.0.0/24
check "... CE1 red keeps it" kroute "$CE1R" 10.2.0.0/24
on "$CE2B" ip link set stub0 up
check "OSPF stub up again: CE1 blue kernel has it" wait_for 15 kroute "$CE1B" 10.2.0.0/24
check "blue traffic again" wait_for 10 on "$CE1B" ping -c 1 -W 1 -I 10.1.0.1 10.2.0.1

# Two sites of one customer AS (RFC 4364 sec. 7): CE2 red becomes AS
# 65101 like CE1 red.  Without as_override CE2 red drops CE1's routes as
# a loop (65101 in the path) while routes with no site AS (PE1's red
# subnet, path 65000) still arrive; with as_override on PE2's red session
# (and BIRD's "allow local as" that show bird then gives) it takes them,
# the path 65000 65000.
sed -i 's/ as 65102;/ as 65101;/' "$WORK/bird-ce2r.conf"
pece_bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3 3 4 65101 65202 blue b2
check "same AS: CE2 red BIRD reconfigured as 65101" birdc_ ce2r configure
check "same AS: PE2 BIRD reconfigured" birdc_ pe2 configure
check "same AS: CE2 red session back" wait_for 30 bird_up pe2 ce_red
check "same AS: CE2 red kernel has 192.168.1.0/24 (path 65000)" wait_for 30 \
	kroute "$CE2R" 192.168.1.0/24
check "same AS: PE2 BIRD red4 has 10.1.0.0/24, path 65101" wait_for 10 \
	far_attrs pe2 "10.1.0.0/24 table red4" "BGP.as_path: 65101"
check "same AS, no as_override: CE2 red rejects 10.1.0.0/24 (loop)" bash -c \
	"! birdc -s '$BIRDSOCK_ce2r' show route 10.1.0.0/24 | grep -q '^10.1.0.0/24'"
write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791,
     "as_override": true, "ce_asn": 65101},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
check "as_override: PE2 reload" reload pe2
check "as_override: show bird says allow local as" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe2' show bird | grep -A8 'protocol bgp mplsx_red' | grep -q 'allow local as;'"
pece_bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3 3 4 65101 65202 blue b2
check "as_override: PE2 BIRD reconfigured" birdc_ pe2 configure
check "as_override: CE2 red kernel has 10.1.0.0/24 again" wait_for 30 \
	kroute "$CE2R" 10.1.0.0/24
check "as_override: CE2 red BIRD sees path 65000 65000" wait_for 10 \
	far_attrs ce2r 10.1.0.0/24 "BGP.as_path: 65000 65000" \
	"BGP.community: (65101,7)"
# The same on PE1's side, for the way back.
write_pe "$WORK/pe1.json" 10.255.0.1 1 10.255.0.3 16003 10.0.12.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791,
     "as_override": true},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
check "as_override (site AS learnt): PE1 reload" reload pe1
pece_bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1 1 2 65101 65201
check "as_override: PE1 BIRD reconfigured" birdc_ pe1 configure
check "as_override: CE1 red BIRD sees 10.2.0.0/24, path 65000 65000" \
	wait_for 30 far_attrs ce1r 10.2.0.0/24 "BGP.as_path: 65000 65000"
check "as_override: red traffic CE2 -> CE1" wait_for 10 on "$CE2R" ping -c 1 -W 1 -I 10.2.0.1 10.1.0.1


# Site of Origin: PE1's red session tags what site 1 brings in with
# 65101:1, which rides the VPN route (BIRD: (ro, 65101, 1)); a session
# of the same site (PE2's red given the same soo) never gets it back,
# while routes of no site (PE1's red subnet) still go.
write_pe "$WORK/pe1.json" 10.255.0.1 1 10.255.0.3 16003 10.0.12.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791,
     "as_override": true, "soo": "65101:1"},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
check "soo: PE1 reload" reload pe1
check "soo: PE2 BIRD's VPN route of 10.1.0.0/24 carries (ro, 65101, 1)" \
	wait_for 30 far_attrs pe2 "65000:1 10.1.0.0/24 table vpntab" "(ro, 65101, 1)"
check "soo: CE2 red (another site) still has 10.1.0.0/24" wait_for 10 \
	kroute "$CE2R" 10.1.0.0/24
write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791,
     "as_override": true, "ce_asn": 65101, "soo": "65101:1"},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
check "soo: PE2 reload, its red session with the same SoO" reload pe2
check "soo: the same site's CE2 red no longer gets 10.1.0.0/24" wait_for 30 \
	no_kroute "$CE2R" 10.1.0.0/24
check "soo: ... and PE2 BIRD red4 has none from mplsx_red" bash -c \
	"! birdc -s '$BIRDSOCK_pe2' show route 10.1.0.0/24 table red4 protocol mplsx_red | grep -q '^10.1.0.0/24'"
check "soo: CE2 red keeps 192.168.1.0/24 (no SoO)" wait_for 30 \
	kroute "$CE2R" 192.168.1.0/24

summary
