#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, a dual-homed site (tests/e2e/pece_topo.sh plus one link):
# CE1 red (site 1, AS 65101) has eBGP to PE1 (its link r1) and to PE2 (a
# second link, s1 on PE2, VRF red).  On PE2, VRF red has two sessions,
# one per site: port 1791 for site 2 (CE2 red, AS 65102, BIRD table
# red4) and port 1793 for site 1 (table red_1793_4).  Both sessions of
# site 1 (PE1's red, PE2's 1793) have as_override, so that AS-path loop
# detection does not hide what the Site of Origin does.
#
# CE1 announces 10.1.0.0/24 to PE1 only and 10.1.9.0/24 to PE2 only.
# Without soo each comes back into the site through the other PE (the
# control: the test can fail); with soo 65101:1 on both sessions of site
# 1 neither does, while site 2's routes still reach CE1 on both sessions
# and site 2 still gets both of site 1's.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"
. "$(dirname "$0")/pece_topo.sh"

plan 45

command -v bird >/dev/null || setup_failed "bird not installed"
l3vpn_up || setup_failed l3vpn_up
pece_prepare
# Site 1's second attachment: CE1 red eth1 -- PE2 s1 (VRF red).
veth "$CE1R" eth1 "$PE2" s1
on "$PE2" ip addr add 172.31.5.1/30 dev s1
on "$CE1R" ip addr add 172.31.5.2/30 dev eth1

# mh_configs SOO: PE configs; SOO ("" or ', "soo": "65101:1"') on both
# sessions of site 1.
mh_configs() {
	local site1='"as_override": true, "ce_asn": 65101'"$1"
	write_pe "$WORK/pe1.json" 10.255.0.1 1 10.255.0.3 16003 10.0.12.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791, '"$site1"'},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
	write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 "" ',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1793, '"$site1"'}'
	# s1: the second red interface of PE2.
	$PY - "$WORK/pe2.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "s1", "vrf": "red"})
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
}
mh_configs ""
check "PE1 reload (site 1 session, as_override)" reload pe1
check "PE2 reload (sessions of site 2 and site 1)" reload pe2
check "show bird: PE2's second red session has tables red_1793_4/_6" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe2' show bird | grep -A14 'protocol bgp mplsx_red_1793 {' | grep -q 'ipv4 { table red_1793_4;'"

pece_bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1 1 2 65101 65201
pece_bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3 3 4 65102 65202
cat >>"$WORK/bird-pe2.conf" <<EOF
protocol bgp ce_red_s1 {
	local 172.31.5.1 as 65000;
	neighbor 172.31.5.2 as 65101;
	connect retry time 2;
	error wait time 1, 10;
	ipv4 { table red_1793_4; import all; export where source != RTS_DEVICE; };
}
EOF
# The next hop of mplsxd's VPN routes is router_id, an address of this
# host: BIRD refuses to resolve a next hop that is a local address, and
# an unresolvable route loses before anything else is compared (RFC 4271
# sec. 9.1.2.1), MED included.  A blackhole host route for router_id,
# preferred to the direct one, lets BIRD compare the PEs' paths of one RD
# by the usual rules.
for pe in "pe1 10.255.0.1" "pe2 10.255.0.3"; do
	set -- $pe
	echo "protocol static mplsx_self { ipv4 { preference 250; }; route $2/32 blackhole; }" \
		>>"$WORK/bird-$1.conf"
done
check "BIRD config accepted (pe2, two red tables)" bird -p -c "$WORK/bird-pe2.conf"
check "BIRD on PE1 started" bird_start pe1 "$PE1"
check "BIRD on PE2 started" bird_start pe2 "$PE2"
ce_bird_start ce2r "$CE2R" 3 65102 10.2.0.0/24 fd00:2::/64 ||
	setup_failed "CE2 red BIRD"
# CE1 red: 10.1.0.0/24 to PE1 (ce_bird_start's to_pe), 10.1.9.0/24 to
# PE2 over eth1.
# Both sessions also carry 10.1.5.0/24, with MED 50 to PE1 (CE_MED, as
# all that to_pe sends) and MED_PE2 to PE2.
CE_MED=50 ce_bird_start ce1r "$CE1R" 1 65101 10.1.0.0/24 fd00:1::/64 ||
	setup_failed "CE1 red BIRD"
sed -i 's|route 10.1.0.0/24 blackhole;|& route 10.1.5.0/24 blackhole;|' \
	"$WORK/bird-ce1r.conf"
cp "$WORK/bird-ce1r.conf" "$WORK/bird-ce1r.base"
ce1_to_pe2() { # MED_PE2
	cp "$WORK/bird-ce1r.base" "$WORK/bird-ce1r.conf"
	cat >>"$WORK/bird-ce1r.conf" <<EOF
protocol static announce2 { ipv4; route 10.1.9.0/24 blackhole; }
protocol bgp to_pe2 {
	local 172.31.5.2 as 65101;
	neighbor 172.31.5.1 as 65000;
	connect retry time 2;
	error wait time 1, 10;
	ipv4 { import all; export filter {
		if proto = "announce2" then accept;
		if net = 10.1.5.0/24 then { bgp_med = $1; accept; }
		reject;
	}; };
}
EOF
	birdc_ ce1r configure | grep -q Reconfigured
}
check "CE1 red BIRD: second session to PE2 configured" ce1_to_pe2 10

for s in "pe1 ce_red" "pe2 ce_red" "pe2 ce_red_s1" "ce1r to_pe" "ce1r to_pe2"; do
	check "BIRD $s Established" wait_for 30 bird_up $s
done

# got NAME PROTOCOL PREFIX: NAME's BIRD has PREFIX from PROTOCOL
got() { birdc_ "$1" show route "$3" protocol "$2" | grep -q "^$3"; }
path() { # NAME PROTOCOL PREFIX PATH: ... with that AS path
	birdc_ "$1" show route "$3" protocol "$2" all |
		grep -qxF "	BGP.as_path: $4"
}
# Site 2 reaches site 1 both ways; site 2 gets both of site 1's prefixes.
check "CE1 red: 10.2.0.0/24 (site 2) from PE1" wait_for 30 \
	path ce1r to_pe 10.2.0.0/24 "65000 65102"
check "CE1 red: 10.2.0.0/24 (site 2) from PE2, the other session of VRF red" \
	wait_for 30 path ce1r to_pe2 10.2.0.0/24 "65000 65102"
check "CE2 red (far site): 10.1.0.0/24 from PE1 over the VPN" wait_for 30 \
	path ce2r to_pe 10.1.0.0/24 "65000 65101"
check "CE2 red (far site): 10.1.9.0/24 from site 1's session on PE2" \
	wait_for 30 path ce2r to_pe 10.1.9.0/24 "65000 65101"
# The control: without SoO each prefix comes back into site 1 through the
# other PE (as_override: the path holds no 65101, CE1 takes it).
check "no soo: 10.1.0.0/24 comes back to CE1 through PE2 (65000 65000)" \
	wait_for 30 path ce1r to_pe2 10.1.0.0/24 "65000 65000"
check "no soo: 10.1.9.0/24 comes back to CE1 through PE1 (65000 65000)" \
	wait_for 30 path ce1r to_pe 10.1.9.0/24 "65000 65000"

# Site of Origin 65101:1 on both sessions of site 1 (a change resets
# them: their routes come in again, tagged).
mh_configs ', "soo": "65101:1"'
check "soo: PE1 reload" reload pe1
check "soo: PE2 reload" reload pe2
vpn_soo() { # NAME PREFIX: NAME's BIRD has the VPN route with the SoO
	birdc_ "$1" show route "65000:1 $2" table vpntab all |
		grep -q 'BGP.ext_community:.*(ro, 65101, 1)'
}
check "soo: site 1's 10.1.0.0/24 leaves PE1 with (ro, 65101, 1)" \
	wait_for 30 vpn_soo pe2 10.1.0.0/24
check "soo: site 1's 10.1.9.0/24 leaves PE2 with (ro, 65101, 1)" \
	wait_for 30 vpn_soo pe1 10.1.9.0/24
# The sessions were reset and are back (the SoO rides their routes);
# wait for what must arrive on each CE session, then check what must not.
for s in "pe1 mplsx_red" "pe2 mplsx_red_1793"; do
	check "soo: BIRD $s Established again" wait_for 30 bird_up $s
done
check "soo: CE1 red still gets 10.2.0.0/24 (site 2) from PE2" wait_for 30 \
	got ce1r to_pe2 10.2.0.0/24
check "soo: ... and from PE1" wait_for 30 got ce1r to_pe 10.2.0.0/24
check "soo: CE2 red (far site) still has 10.1.0.0/24" wait_for 10 \
	path ce2r to_pe 10.1.0.0/24 "65000 65101"
check "soo: CE2 red (far site) still has 10.1.9.0/24" wait_for 10 \
	path ce2r to_pe 10.1.9.0/24 "65000 65101"
no_got() { ! got "$@"; }
check "soo: PE2 does not send 10.1.0.0/24 back to site 1" \
	no_got ce1r to_pe2 10.1.0.0/24
check "soo: PE1 does not send 10.1.9.0/24 back to site 1" \
	no_got ce1r to_pe 10.1.9.0/24
check "soo: PE2 BIRD red_1793_4 has no 10.1.0.0/24 from mplsxd" \
	no_got pe2 mplsx_red_1793 10.1.0.0/24
check "soo: PE1 BIRD red4 has no 10.1.9.0/24 from mplsxd" \
	no_got pe1 mplsx_red 10.1.9.0/24

# MED (RFC 4271 sec. 5.1.4, RFC 4364 sec. 7): CE1 red gave 10.1.0.0/24
# MED 50; it rides the VPN route to PE2 and PE2's mplsxd hands it to its
# BIRD, which (eBGP) does not pass it on to CE2: BIRD sends a MED to an
# external peer only when its export filter sets one.
route_attr() { # NAME VRF PREFIX EXPR
	ctl "$1" show routes "$2" | json "[$4 for r in d if r['prefix']=='$3'][0]"
}
check "MED: PE2 show routes red 10.1.0.0/24 (VPN): med 50, path 65101, communities" \
	[ "$(route_attr pe2 red 10.1.0.0/24 "(r['type'], r['med'], r['as_path'], r['communities'], r['large_communities'], r['ext_communities'])")" = \
	"('remote', 50, '65101', ['65101:7'], ['65101:1:2'], ['soo:65101:1'])" ]
check "MED: PE2 BIRD vpntab: BGP.med: 50" bash -c \
	"birdc -s '$BIRDSOCK_pe2' show route 65000:1 10.1.0.0/24 table vpntab all | grep -qxF '	BGP.med: 50'"
check "MED: PE2 BIRD red4 (from mplsx_red): BGP.med: 50" bash -c \
	"birdc -s '$BIRDSOCK_pe2' show route 10.1.0.0/24 table red4 protocol mplsx_red all | grep -qxF '	BGP.med: 50'"
check "MED: CE2 red (eBGP) has exactly site 1's path, communities, SoO and no MED" \
	[ "$(bgp_lines ce2r 10.1.0.0/24)" = "BGP.origin: IGP
BGP.as_path: 65000 65101
BGP.next_hop: 172.31.3.1
BGP.local_pref: 100
BGP.community: (65101,7)
BGP.ext_community: (ro, 65101, 1)
BGP.large_community: (65101, 1, 2)" ]

# The dual-homed site's 10.1.5.0/24 leaves PE1 with MED 50 and PE2 with
# MED 10, under the same RD (65000:1): each PE's BIRD has both paths
# (same neighbouring AS, 65101) and takes the lower MED; the other PE's
# route then is not the best and is not reflected.  Each mplsxd keeps its
# own site's CE route for forwarding (a CE route wins over a VPN route).
best() { # NAME NET: the protocol of BIRD's best route for NET in vpntab
	birdc_ "$1" show route "$2" table vpntab |
		sed -n 's/^[^[]*\[\([a-z0-9_]*\) [^]]*\] \* .*/\1/p'
}
best_is() { [ "$(best "$1" "$2")" = "$3" ]; }
med_of_best() { # NAME NET MED
	birdc_ "$1" show route "$2" table vpntab all primary |
		grep -qxF "	BGP.med: $3"
}
check "MED: PE1 BIRD takes PE2's path (MED 10 < 50)" wait_for 30 \
	best_is pe1 "65000:1 10.1.5.0/24" remote_pe
check "MED: ... its BGP.med is 10" med_of_best pe1 "65000:1 10.1.5.0/24" 10
check "MED: PE2 BIRD takes its own mplsxd's (MED 10)" wait_for 10 \
	best_is pe2 "65000:1 10.1.5.0/24" mplsx1
check "MED: PE1 show routes red 10.1.5.0/24: its CE's route, med 50" \
	[ "$(route_attr pe1 red 10.1.5.0/24 "(r['peer'], r['med'])")" = "('ce', 50)" ]
check "MED: PE2 show routes red 10.1.5.0/24: its CE's route, med 10" \
	[ "$(route_attr pe2 red 10.1.5.0/24 "(r['peer'], r['med'])")" = "('ce', 10)" ]
check "MED: CE1 gives PE2 MED 90 instead" ce1_to_pe2 90
check "MED: PE1 BIRD now takes its own mplsxd's (MED 50 < 90)" wait_for 30 \
	best_is pe1 "65000:1 10.1.5.0/24" mplsx1
check "MED: PE2 BIRD now takes PE1's path" wait_for 30 \
	best_is pe2 "65000:1 10.1.5.0/24" remote_pe
check "MED: ... its BGP.med is 50" med_of_best pe2 "65000:1 10.1.5.0/24" 50

summary
