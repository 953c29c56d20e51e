#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, BGP: the L3 VPN topology (tests/e2e/l3vpn_topo.sh) without
# static remote routes.  Each PE runs BIRD 2, which speaks iBGP VPNv4/VPNv6
# to the other PE's BIRD (loopback to loopback, across P's kernel) and has
# the local mplsxd as a route-reflector client on 127.0.0.1 <->
# 127.0.0.2:1790, configured with what `mplsxctl show bird` prints.  VPN
# routes must land in the right VRFs only, carry traffic, follow changes,
# and survive BIRD being killed (graceful restart).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"

plan 49

command -v bird >/dev/null || setup_failed "bird not installed"
l3vpn_up || setup_failed l3vpn_up

l3vpn_bgp_prepare
check "PE1 reload with bgp" reload pe1
check "PE2 reload with bgp and VRF green" reload pe2

check "show bird names the mplsxd end" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe1' show bird | grep -q 'neighbor 127.0.0.2 port 1790 as 65000'"

bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1
bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3
check "BIRD config accepted (pe1)" bird -p -c "$WORK/bird-pe1.conf"
check "BIRD on PE1 started" bird_start pe1 "$PE1"
check "BIRD on PE2 started" bird_start pe2 "$PE2"

check "PE1 mplsxd <-> BIRD Established" wait_for 30 established pe1
check "PE2 mplsxd <-> BIRD Established" wait_for 30 established pe2
check "BIRD PE1 <-> BIRD PE2 iBGP Established" wait_for 30 bird_up pe1 remote_pe

route_field() { # NAME VRF PREFIX EXPR
	ctl "$1" show routes "$2" |
		json "[$4 for r in d if r['prefix']=='$3'][0]"
}
bgp_route() { # NAME VRF PREFIX: learned over BGP and installed
	[ "$(route_field "$1" "$2" "$3" "r['source']+'/'+str(r['installed'])")" = bgp/True ]
}
no_bgp_route() { # NAME VRF PREFIX
	! ctl "$1" show routes "$2" |
		json "[r for r in d if r['prefix']=='$3' and r['source']=='bgp'][0]" >/dev/null 2>&1
}
check "PE1 red: 192.168.2.0/24 from BGP" wait_for 30 bgp_route pe1 red 192.168.2.0/24
check "PE1 blue: 192.168.2.0/24 from BGP" wait_for 10 bgp_route pe1 blue 192.168.2.0/24
check "PE1 red: 2001:db8:2::/64 from BGP (6VPE)" wait_for 10 bgp_route pe1 red 2001:db8:2::/64
check "PE2 red: 192.168.1.0/24 from BGP" wait_for 10 bgp_route pe2 red 192.168.1.0/24
check "PE2 blue: 2001:db8:1::/64 from BGP" wait_for 10 bgp_route pe2 blue 2001:db8:1::/64
check "PE1 red route: pe 10.255.0.3" [ "$(route_field pe1 red 192.168.2.0/24 "r.get('pe')")" = 10.255.0.3 ]
check "PE1 red route: rd 65000:1" [ "$(route_field pe1 red 192.168.2.0/24 "r['rd']")" = 65000:1 ]
check "PE1 red route pushes [16003, 100]" [ "$(route_field pe1 red 192.168.2.0/24 "r['labels']")" = "[16003, 100]" ]
check "PE1 blue route pushes [16003, 200]" [ "$(route_field pe1 blue 192.168.2.0/24 "r['labels']")" = "[16003, 200]" ]
check "PE2 red route pushes [16001, 100]" [ "$(route_field pe2 red 192.168.1.0/24 "r['labels']")" = "[16001, 100]" ]
check "PE2 green imports nothing" [ "$(ctl pe2 show routes green | json "len([r for r in d if r['source']=='bgp'])")" = 0 ]
check "show bgp: vpnv4 routes received" [ "$(bgp_field pe1 "n['families']['vpnv4']['routes']")" -ge 2 ]
check "show bgp: vpnv4 routes advertised" [ "$(bgp_field pe1 "n['families']['vpnv4']['advertised']")" -ge 2 ]
check "BIRD vpntab has PE2's red route with label 100" bash -c \
	"birdc -s '$BIRDSOCK_pe1' show route table vpntab all | grep -A3 '65000:1 192.168.2.0/24' | grep -q 'mpls 100'"
check "BIRD vpntab6 has PE2's blue IPv6 route" bash -c \
	"birdc -s '$BIRDSOCK_pe1' show route table vpntab6 | grep -q '65000:2 2001:db8:2::/64'"

# Traffic on the learned routes, both VRFs, overlapping addresses.
check "ping red CE1 -> red CE2" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "ping blue CE1 -> blue CE2" wait_for 10 on "$CE1B" ping -c 1 -W 1 192.168.2.2
check "ping red CE2 -> red CE1" wait_for 10 on "$CE2R" ping -c 1 -W 1 192.168.1.2
check "ping6 blue CE1 -> blue CE2" wait_for 10 on "$CE1B" ping -6 -c 1 -W 1 2001:db8:2::2

udp_recv "$CE2R" "$WORK/udp-red"
R1=$!
udp_recv "$CE2B" "$WORK/udp-blue"
R2=$!
receivers_up() { udp_listening "$CE2R" && udp_listening "$CE2B"; }
check "UDP receivers listening" wait_for 5 receivers_up
udp_send "$CE1R" red 20 192.168.2.2
udp_send "$CE1B" blue 30 192.168.2.2
wait $R1 $R2
check "UDP: red CE2 got 20 red, 0 blue" [ "$(cat "$WORK/udp-red")" = "20 0" ]
check "UDP: blue CE2 got 0 red, 30 blue" [ "$(cat "$WORK/udp-blue")" = "0 30" ]

# A new connected subnet at PE2 reaches PE1; taken away, it goes again.
on "$PE2" ip addr add 192.168.20.1/24 dev r2
check "new PE2 red subnet learned at PE1" wait_for 10 bgp_route pe1 red 192.168.20.0/24
check "... not in blue" no_bgp_route pe1 blue 192.168.20.0/24
on "$PE2" ip addr del 192.168.20.1/24 dev r2
check "withdrawn at PE1 within seconds" wait_for 10 no_bgp_route pe1 red 192.168.20.0/24
# A static CE route added to PE2's config and reloaded away.
"$PY" - "$WORK/pe2.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["vrfs"][1]["routes"] = [{"prefix": "172.20.0.0/16", "via": "192.168.2.2"}]
json.dump(c, open(sys.argv[1], "w"))
PYEOF
check "PE2 reload: blue static route" reload pe2
check "PE1 blue learns 172.20.0.0/16" wait_for 10 bgp_route pe1 blue 172.20.0.0/16
check "... and red does not" no_bgp_route pe1 red 172.20.0.0/16
write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 ',
    {"name": "green", "rd": "65000:99", "import": ["65000:99"], "export": ["65000:99"]}'
check "PE2 reload: static route gone" reload pe2
check "PE1 blue: withdrawn within seconds" wait_for 10 no_bgp_route pe1 blue 172.20.0.0/16
check "PE2's session survived its reloads" [ "$(bgp_field pe2 "n['established_count']")" = 1 ]

# Graceful restart: BIRD on PE1 dies; mplsxd keeps the routes, stale, and
# the data plane keeps forwarding.
kill -9 "$BIRDPID_pe1"
check "PE1 session down after kill -9" wait_for 5 bash -c \
	"! '$BUILD/mplsxctl' -s '$SOCK_pe1' show bgp | grep -q Established"
check "routes kept as stale" [ "$(bgp_field pe1 "n['graceful_restart']['stale_routes']")" -ge 2 ]
check "stale route still installed" bgp_route pe1 red 192.168.2.0/24
# Four seconds without BIRD, every packet answered.
check "ping red CE1 -> CE2 during the restart: 10 of 10" ping_all "$CE1R" 10 192.168.2.2
check "ping blue CE2 -> CE1 during the restart: 10 of 10" ping_all "$CE2B" 10 192.168.1.2
bird_start pe1 "$PE1"
check "session re-established after BIRD restart" wait_for 30 bash -c \
	"[ \"\$('$BUILD/mplsxctl' -s '$SOCK_pe1' show bgp | $PY -c 'import json,sys; n=json.load(sys.stdin)[\"neighbors\"][0]; print(n[\"state\"], n[\"established_count\"])')\" = 'Established 2' ]"
stale_gone() { [ "$(bgp_field pe1 "n['graceful_restart']['stale_routes']")" = 0 ]; }
check "stale routes refreshed" wait_for 30 stale_gone
check "PE1 red: 192.168.2.0/24 from BGP again" wait_for 30 bgp_route pe1 red 192.168.2.0/24
check "ping red CE1 -> CE2 after the restart" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2

summary
