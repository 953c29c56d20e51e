#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# pw_topo.sh - the L2 VPN (Ethernet pseudowire) topology for the end-to-end
# test.  Source after lib.sh; call pw_up.
#
#   ce1 eth0 --a1- PE1 -c0-- [w12] --c1- P -c2-- [w23] --c0- PE2 -a2-- eth0 ce2
#
# One pseudowire pw1 between PE1 (10.255.0.1) and PE2 (10.255.0.3), with
# the control word, whole-port attachment circuits a1 and a2.  CE1 and
# CE2 share 10.10.0.0/24.  (This kernel has no 802.1Q devices, so no CE
# here could speak a VLAN: VLAN ACs are covered by the packet tests.)  Transport: SR-style node labels 16001/16003,
# P pops them (PHP).  The core links carry 1600-byte MTUs so that a full
# 1500-byte customer frame fits under its labels and control word; w12
# and w23 are bridges in their own namespaces, tapped for captures.

. "$(dirname "${BASH_SOURCE[0]}")/backbone.sh"

pw_ns() {
	CE1=$TAG-ce1 CE2=$TAG-ce2
	backbone_ns
}

pw_up() {
	local n
	pw_ns
	for n in "$CE1" "$CE2" "$PE1" "$P" "$PE2" "$W12" "$W23"; do
		ns_add "$n"
	done
	veth "$CE1" eth0 "$PE1" a1
	veth "$PE2" a2 "$CE2" eth0
	backbone_up 1600

	on "$CE1" ip addr add 10.10.0.1/24 dev eth0
	on "$CE2" ip addr add 10.10.0.2/24 dev eth0

	cat >"$WORK/pe1.json" <<'JSON'
{
  "router_id": "10.255.0.1",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "a1", "pseudowire": "pw1"}
  ],
  "lsps": [ {"to": "10.255.0.3", "push": [16003], "via": "10.0.12.2"} ],
  "pseudowires": [
    {"name": "pw1", "peer": "10.255.0.3", "local_label": 5001,
     "remote_label": 5002, "control_word": true}
  ]
}
JSON
	cat >"$WORK/pe2.json" <<'JSON'
{
  "router_id": "10.255.0.3",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "a2", "pseudowire": "pw1"}
  ],
  "lsps": [ {"to": "10.255.0.1", "push": [16001], "via": "10.0.23.2"} ],
  "pseudowires": [
    {"name": "pw1", "peer": "10.255.0.1", "local_label": 5002,
     "remote_label": 5001}
  ]
}
JSON
	mplsxd_start "$PE1" "$WORK/pe1.json" pe1 &&
		mplsxd_start "$P" "$WORK/p.json" p &&
		mplsxd_start "$PE2" "$WORK/pe2.json" pe2
}

# bird_start NS NAME ROUTER_ID IFACE PREFIX: BIRD 2 in NS running OSPF on
# IFACE (hello 1 s, dead 4 s), with PREFIX (an address/len) on a stub
# interface of its own, and exporting what it learns to the kernel.  The
# stub is a veth pair inside NS: this kernel has no dummy devices.  Sets
# BIRD_SOCK_<NAME>.
bird_start() {
	local ns=$1 name=$2 rid=$3 ifc=$4 prefix=$5
	local conf="$WORK/bird-$name.conf" sock="$WORK/bird-$name.ctl"
	cat >"$conf" <<CONF
router id $rid;
protocol device { scan time 1; }
protocol kernel {
  ipv4 { import none; export where source = RTS_OSPF; };
}
protocol ospf v2 {
  ipv4 { import all; export none; };
  area 0 {
    interface "$ifc" { type broadcast; hello 1; dead 4; };
    interface "stub0" { stub yes; };
  };
}
CONF
	on "$ns" ip link add stub0 type veth peer stub1
	on "$ns" ip link set stub1 up
	on "$ns" ip link set stub0 up
	on "$ns" ip addr add "$prefix" dev stub0
	SOCKETS+=("$sock")
	nsenter --net="/run/netns/$ns" bird -f -c "$conf" -s "$sock" \
		-P "$WORK/bird-$name.pid" >"$WORK/bird-$name.log" 2>&1 &
	PIDS+=($!)
	eval "BIRD_SOCK_$name=$sock"
	wait_for 5 test -S "$sock"
}
