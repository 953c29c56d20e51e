#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# backbone.sh - the MPLS core shared by the L3 VPN and pseudowire
# topologies.  Source after lib.sh.
#
#   PE1 -c0-- [w12] --c1- P -c2-- [w23] --c0- PE2
#
# w12 and w23 are plain Linux bridges in their own namespaces: the core
# links, tapped for captures (an interface running XDP shows no
# redirected frame to tcpdump).  PE loopbacks 10.255.0.1 and 10.255.0.3
# are reached over static kernel routes (the IGP's job) and SR-style node
# labels: P pops 16001/16003 towards the PE (PHP), its label table is
# written to $WORK/p.json; each PE pushes the other's.

backbone_ns() {
	PE1=$TAG-pe1 P=$TAG-p PE2=$TAG-pe2 W12=$TAG-w12 W23=$TAG-w23
}

# tap NS IF1 IF2: bridge IF1 and IF2 inside NS (a wire we can capture on).
tap() {
	on "$1" ip link add br0 type bridge
	on "$1" ip link set "$2" master br0
	on "$1" ip link set "$3" master br0
	on "$1" ip link set br0 up
}

# backbone_up [MTU]: links, addresses and routes of the core; the
# namespaces exist already (backbone_ns names them).
backbone_up() {
	local n
	veth "$PE1" c0 "$W12" w1
	veth "$W12" w2 "$P" c1
	veth "$P" c2 "$W23" w1
	veth "$W23" w2 "$PE2" c0
	if [ -n "${1:-}" ]; then
		for n in "$PE1:c0" "$W12:w1" "$W12:w2" "$P:c1" "$P:c2" \
			"$W23:w1" "$W23:w2" "$PE2:c0"; do
			on "${n%%:*}" ip link set "${n##*:}" mtu "$1"
		done
	fi
	tap "$W12" w1 w2
	tap "$W23" w1 w2

	on "$PE1" ip addr add 10.255.0.1/32 dev lo
	on "$PE2" ip addr add 10.255.0.3/32 dev lo
	on "$PE1" ip addr add 10.0.12.1/24 dev c0
	on "$P" ip addr add 10.0.12.2/24 dev c1
	on "$P" ip addr add 10.0.23.2/24 dev c2
	on "$PE2" ip addr add 10.0.23.3/24 dev c0
	on "$PE1" ip route add 10.255.0.3/32 via 10.0.12.2
	on "$PE2" ip route add 10.255.0.1/32 via 10.0.23.2
	on "$P" ip route add 10.255.0.1/32 via 10.0.12.1
	on "$P" ip route add 10.255.0.3/32 via 10.0.23.3

	cat >"$WORK/p.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "c1", "mpls": true}, {"name": "c2", "mpls": true} ],
  "labels": [
    {"in": 16001, "out": [], "via": "10.0.12.1"},
    {"in": 16003, "out": [], "via": "10.0.23.3"}
  ]
}
JSON
}
