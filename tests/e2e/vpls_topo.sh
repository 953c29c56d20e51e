#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# vpls_topo.sh - the VPLS topology (three sites, three PEs, one P) for the
# end-to-end test and the demo.  Source after lib.sh; call vpls_up.
#
#   ce1 eth0 --a1- PE1 -c0-- [w1] --c1-\
#   ce2 eth0 --a1- PE2 -c0-- [w2] --c2-- P
#   ce3 eth0 --a1- PE3 -c0-- [w3] --c3-/
#
# One VPLS instance "l2" with a full mesh of pseudowires, static labels:
# PE i receives from PE j on label 70ij (PE1 from PE3: 7013), so PE j
# pushes 70ij towards PE i.  Loopbacks 10.255.0.1/.3/.4 (PE1/PE2/PE3),
# reached over SR-style node labels 16001/16003/16004 that P pops (PHP);
# P is 10.255.0.2.  The CEs share 10.20.0.0/24 (.1, .2, .3).  w1..w3 are
# bridges in their own namespaces, tapped for captures; core MTU 1600.
# VPLS_CFG_EXTRA (JSON members, with a leading comma) goes into every
# instance, e.g. ', "mac_age": 5'.

vpls_ns() {
	CE1=$TAG-vce1 CE2=$TAG-vce2 CE3=$TAG-vce3
	PE1=$TAG-vpe1 PE2=$TAG-vpe2 PE3=$TAG-vpe3 P=$TAG-vp
	W1=$TAG-vw1 W2=$TAG-vw2 W3=$TAG-vw3
}

# vpls_tap NS IF1 IF2: bridge IF1 and IF2 inside NS.
vpls_tap() {
	on "$1" ip link add br0 type bridge
	on "$1" ip link set "$2" master br0
	on "$1" ip link set "$3" master br0
	on "$1" ip link set br0 up
}

# vpls_pe_json I RID PE_J:LABEL... : PE I's config, one peer per J.
vpls_pe_json() {
	local i=$1 rid=$2 peers="" lsps="" j addr sep=""
	shift 2
	for j in "$@"; do
		addr=10.255.0.$((j == 1 ? 1 : j + 1))
		peers+="$sep{\"pe\": \"$addr\", \"local_label\": 70$i$j, \"remote_label\": 70$j$i}"
		lsps+="$sep{\"to\": \"$addr\", \"push\": [1600$((j == 1 ? 1 : j + 1))], \"via\": \"10.0.$((i + 10)).2\"}"
		sep=", "
	done
	cat <<JSON
{
  "router_id": "$rid",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "a1", "vpls": "l2"}
  ],
  "lsps": [ $lsps ],
  "vpls": [ {"name": "l2"${VPLS_CFG_EXTRA:-}, "peers": [ $peers ]} ]
}
JSON
}

vpls_up() {
	local n i
	vpls_ns
	for n in "$CE1" "$CE2" "$CE3" "$PE1" "$PE2" "$PE3" "$P" "$W1" "$W2" \
		"$W3"; do
		ns_add "$n"
	done
	i=1
	for n in "$PE1" "$PE2" "$PE3"; do
		veth "$(eval echo "\$CE$i")" eth0 "$n" a1
		veth "$n" c0 "$(eval echo "\$W$i")" w1
		veth "$(eval echo "\$W$i")" w2 "$P" "c$i"
		on "$n" ip link set c0 mtu 1600
		on "$P" ip link set "c$i" mtu 1600
		on "$(eval echo "\$W$i")" ip link set w1 mtu 1600
		on "$(eval echo "\$W$i")" ip link set w2 mtu 1600
		vpls_tap "$(eval echo "\$W$i")" w1 w2
		on "$(eval echo "\$CE$i")" ip addr add "10.20.0.$i/24" dev eth0
		on "$n" ip addr add "10.0.$((i + 10)).1/24" dev c0
		on "$P" ip addr add "10.0.$((i + 10)).2/24" dev "c$i"
		i=$((i + 1))
	done
	on "$PE1" ip addr add 10.255.0.1/32 dev lo
	on "$PE2" ip addr add 10.255.0.3/32 dev lo
	on "$PE3" ip addr add 10.255.0.4/32 dev lo
	for n in 1 2 3; do # every PE reaches the others through P
		for i in 1 3 4; do
			on "$(eval echo "\$PE$n")" ip route add "10.255.0.$i/32" \
				via "10.0.$((n + 10)).2" 2>/dev/null || true
		done
	done
	on "$P" ip route add 10.255.0.1/32 via 10.0.11.1
	on "$P" ip route add 10.255.0.3/32 via 10.0.12.1
	on "$P" ip route add 10.255.0.4/32 via 10.0.13.1

	cat >"$WORK/vp.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "c1", "mpls": true}, {"name": "c2", "mpls": true},
                  {"name": "c3", "mpls": true} ],
  "labels": [
    {"in": 16001, "out": [], "via": "10.0.11.1"},
    {"in": 16003, "out": [], "via": "10.0.12.1"},
    {"in": 16004, "out": [], "via": "10.0.13.1"}
  ]
}
JSON
	vpls_pe_json 1 10.255.0.1 2 3 >"$WORK/vpe1.json"
	vpls_pe_json 2 10.255.0.3 1 3 >"$WORK/vpe2.json"
	vpls_pe_json 3 10.255.0.4 1 2 >"$WORK/vpe3.json"
	mplsxd_start "$P" "$WORK/vp.json" vp &&
		mplsxd_start "$PE1" "$WORK/vpe1.json" vpe1 &&
		mplsxd_start "$PE2" "$WORK/vpe2.json" vpe2 &&
		mplsxd_start "$PE3" "$WORK/vpe3.json" vpe3
}
