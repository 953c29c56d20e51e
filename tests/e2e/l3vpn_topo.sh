#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# l3vpn_topo.sh - the L3 VPN topology, shared by the end-to-end test and
# the demo.  Source after lib.sh; call l3vpn_up.
#
#   ce1r ---r1\                                           /r2--- ce2r   VRF red
#              PE1 -c0-- [w12] --c1- P -c2-- [w23] --c0- PE2
#   ce1b ---b1/                                           \b2--- ce2b   VRF blue
#
# red and blue use the very same addresses: 192.168.1.0/24 and
# 2001:db8:1::/64 at site 1, 192.168.2.0/24 and 2001:db8:2::/64 at site 2,
# CEs at .2 / ::2, PE gateways at .1 / ::1.  w12 and w23 are
# plain Linux bridges in their own namespaces: the core links, tapped for
# captures (an interface running XDP shows no redirected frame to
# tcpdump).  PE loopbacks 10.255.0.1 and 10.255.0.3 are reached over
# static kernel routes (the IGP's job) and SR-style node labels: P pops
# 16001/16003 towards the PE (PHP); each PE pushes the other's.

. "$(dirname "${BASH_SOURCE[0]}")/backbone.sh"

l3vpn_ns() { # the namespace names, for callers
	CE1R=$TAG-ce1r CE1B=$TAG-ce1b CE2R=$TAG-ce2r CE2B=$TAG-ce2b
	backbone_ns
}

ce() { # NS IF ADDR GW ADDR6 GW6
	on "$1" ip addr add "$3" dev "$2"
	on "$1" ip route add default via "$4"
	on "$1" ip addr add "$5" dev "$2" nodad
	on "$1" ip -6 route add default via "$6"
}

gw() { # NS IF ADDR ADDR6
	on "$1" ip addr add "$3" dev "$2"
	on "$1" ip addr add "$4" dev "$2" nodad
}

l3vpn_up() {
	local n
	l3vpn_ns
	for n in "$CE1R" "$CE1B" "$CE2R" "$CE2B" "$PE1" "$P" "$PE2" "$W12" "$W23"; do
		ns_add "$n"
	done
	veth "$CE1R" eth0 "$PE1" r1
	veth "$CE1B" eth0 "$PE1" b1
	veth "$PE2" r2 "$CE2R" eth0
	veth "$PE2" b2 "$CE2B" eth0
	backbone_up

	ce "$CE1R" eth0 192.168.1.2/24 192.168.1.1 2001:db8:1::2/64 2001:db8:1::1
	ce "$CE1B" eth0 192.168.1.2/24 192.168.1.1 2001:db8:1::2/64 2001:db8:1::1
	ce "$CE2R" eth0 192.168.2.2/24 192.168.2.1 2001:db8:2::2/64 2001:db8:2::1
	ce "$CE2B" eth0 192.168.2.2/24 192.168.2.1 2001:db8:2::2/64 2001:db8:2::1
	gw "$PE1" r1 192.168.1.1/24 2001:db8:1::1/64
	gw "$PE1" b1 192.168.1.1/24 2001:db8:1::1/64
	gw "$PE2" r2 192.168.2.1/24 2001:db8:2::1/64
	gw "$PE2" b2 192.168.2.1/24 2001:db8:2::1/64

	cat >"$WORK/pe1.json" <<'JSON'
{
  "router_id": "10.255.0.1",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "r1", "vrf": "red"},
    {"name": "b1", "vrf": "blue"}
  ],
  "lsps": [ {"to": "10.255.0.3", "push": [16003], "via": "10.0.12.2"} ],
  "vrfs": [
    {"name": "red", "rd": "65000:1", "import": ["65000:1"], "export": ["65000:1"],
     "label": 100,
     "routes": [ {"prefix": "192.168.2.0/24", "pe": "10.255.0.3", "label": 100},
                 {"prefix": "2001:db8:2::/64", "pe": "10.255.0.3", "label": 100} ]},
    {"name": "blue", "rd": "65000:2", "import": ["65000:2"], "export": ["65000:2"],
     "label": 200,
     "routes": [ {"prefix": "192.168.2.0/24", "pe": "10.255.0.3", "label": 200},
                 {"prefix": "2001:db8:2::/64", "pe": "10.255.0.3", "label": 200} ]}
  ]
}
JSON
	cat >"$WORK/pe2.json" <<'JSON'
{
  "router_id": "10.255.0.3",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "r2", "vrf": "red"},
    {"name": "b2", "vrf": "blue"}
  ],
  "lsps": [ {"to": "10.255.0.1", "push": [16001], "via": "10.0.23.2"} ],
  "vrfs": [
    {"name": "red", "rd": "65000:1", "import": ["65000:1"], "export": ["65000:1"],
     "label": 100,
     "routes": [ {"prefix": "192.168.1.0/24", "pe": "10.255.0.1", "label": 100},
                 {"prefix": "2001:db8:1::/64", "pe": "10.255.0.1", "label": 100} ]},
    {"name": "blue", "rd": "65000:2", "import": ["65000:2"], "export": ["65000:2"],
     "label": 200,
     "routes": [ {"prefix": "192.168.1.0/24", "pe": "10.255.0.1", "label": 200},
                 {"prefix": "2001:db8:1::/64", "pe": "10.255.0.1", "label": 200} ]}
  ]
}
JSON
	mplsxd_start "$PE1" "$WORK/pe1.json" pe1 &&
		mplsxd_start "$P" "$WORK/p.json" p &&
		mplsxd_start "$PE2" "$WORK/pe2.json" pe2
}
