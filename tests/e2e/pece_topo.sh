#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# pece_topo.sh - PE-CE routing on the L3 VPN topology (l3vpn_topo.sh,
# bgp_topo.sh): no static customer routes anywhere.  Source after them
# and call, after l3vpn_up:
#   pece_prepare         CE-side addresses, PE configs with per-VRF
#                        sessions (red port 1791, blue port 1792)
#   pece_bird_conf ...   PE BIRD: bird_conf plus the CE eBGP sessions
#                        (or OSPF for one VRF's CE)
#   ce_bird_start ...    a CE's BIRD (eBGP, or OSPFv2/OSPFv3)
#
# This kernel has no VRF devices, so the PE's kernel (where BIRD talks to
# the CEs) cannot tell red's 192.168.1.2 from blue's: each PE-CE link gets
# a /30 of its own for the eBGP session.  The customer prefixes (the
# 192.168.x.0/24 links, 10.1.0.0/24 and 10.2.0.0/24 behind the CEs) are
# the same in both VRFs.

# The session subnets: red site 1 .1, blue site 1 .2, red site 2 .3, ...
pece_link() { # NS_PE IF_PE NS_CE N
	on "$1" ip addr add "172.31.$4.1/30" dev "$2"
	on "$3" ip addr add "172.31.$4.2/30" dev eth0
	on "$1" ip addr add "fd00:31:$4::1/64" dev "$2" nodad
	on "$3" ip addr add "fd00:31:$4::2/64" dev eth0 nodad
}

pece_prepare() {
	local ns
	l3vpn_bgp_prepare
	pece_link "$PE1" r1 "$CE1R" 1
	pece_link "$PE1" b1 "$CE1B" 2
	pece_link "$PE2" r2 "$CE2R" 3
	pece_link "$PE2" b2 "$CE2B" 4
	# Routes to the far site come from BGP only.
	for ns in "$CE1R" "$CE1B" "$CE2R" "$CE2B"; do
		on "$ns" ip route del default
		on "$ns" ip -6 route del default
	done
	# The VPN session and one per VRF (red port 1791, blue port 1792).
	local sessions=',
    {"address": "127.0.0.1", "asn": 65000, "vrf": "red", "port": 1791},
    {"address": "127.0.0.1", "asn": 65000, "vrf": "blue", "port": 1792}'
	write_pe "$WORK/pe1.json" 10.255.0.1 1 10.255.0.3 16003 10.0.12.2 "" \
		"$sessions"
	write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 "" \
		"$sessions"
}

# pece_bird_conf NAME NS LOOPBACK PEER_LOOPBACK BIRD_ID RED_N BLUE_N
#                RED_AS BLUE_AS [OSPF_VRF OSPF_IF [OSPF_VERSIONS]]
# With OSPF_VRF, that VRF's CE speaks OSPF for IPv4 instead of eBGP: OSPF
# in the VRF's table on its session /30 of OSPF_IF, exporting the routes
# from mplsxd's session of the VRF (VPN routes) to the CE.  OSPF_VERSIONS
# (default 2): 3 runs OSPFv3 for IPv6 instead of eBGP (IPv4 stays on
# eBGP), 23 both.
pece_bird_conf() {
	local vrf n as v=${12:-2}
	bird_conf "$1" "$2" "$3" "$4" "$5"
	for vrf in red blue; do
		if [ $vrf = red ]; then n=$6 as=$8; else n=$7 as=$9; fi
		if [ "$vrf" = "${10:-}" ] && [[ $v = *3* ]]; then
			cat <<EOF
protocol ospf v3 ce6_$vrf {
	ipv6 { table ${vrf}6; import all; export where proto = "mplsx_$vrf"; };
	area 0 {
		interface "${11}" { type broadcast; hello 1; dead 4; };
	};
}
EOF
		fi
		if [ "$vrf" = "${10:-}" ] && [[ $v = *2* ]]; then
			cat <<EOF
protocol ospf v2 ce_$vrf {
	ipv4 { table ${vrf}4; import all; export where proto = "mplsx_$vrf"; };
	area 0 {
		interface "${11}" 172.31.$n.0/30 { type broadcast; hello 1; dead 4; };
	};
}
EOF
		else
			cat <<EOF
protocol bgp ce_$vrf {
	local 172.31.$n.1 as 65000;
	neighbor 172.31.$n.2 as $as;
	connect retry time 2;
	error wait time 1, 10;
	ipv4 { table ${vrf}4; import all; export where source != RTS_DEVICE; };
}
EOF
		fi
		[ "$vrf" = "${10:-}" ] && [[ $v = *3* ]] && continue
		cat <<EOF
protocol bgp ce6_$vrf {
	local fd00:31:$n::1 as 65000;
	neighbor fd00:31:$n::2 as $as;
	connect retry time 2;
	error wait time 1, 10;
	ipv6 { table ${vrf}6; import all; export where source != RTS_DEVICE; };
}
EOF
	done >>"$WORK/bird-$1.conf"
}

# A CE's BIRD: eBGP to its PE, announcing PREFIX (a blackhole; the CE
# holds PREFIX's .1 on lo; community (AS,7), large community (AS,1,2),
# MED $CE_MED when set)
# and its links; what it learns goes to the
# kernel.  With "ospf", IPv4 runs OSPF (hello 1 s, dead 4 s) on the
# session /30 instead, PREFIX (.1/24) on a stub interface stub0 (a veth
# pair: this kernel has no dummy devices); IPv6 stays on eBGP.  "ospf 3"
# runs OSPFv3 for IPv6 instead (PREFIX6's ::1/64 on stub0) and IPv4 on
# eBGP, "ospf 23" both OSPFs.
ce_bird_start() { # NAME NS N AS PREFIX PREFIX6 [ospf [VERSIONS]]
	local name=$1 ns=$2 n=$3 as=$4 prefix=$5 prefix6=$6 v4 v6
	local ospf=${8:-2}
	[ "${7:-}" = ospf ] || ospf=
	on "$ns" ip addr add "${prefix6%::/64}::1/128" dev lo
	if [ -n "$ospf" ]; then
		on "$ns" ip link add stub0 type veth peer stub1
		on "$ns" ip link set stub1 up
		on "$ns" ip link set stub0 up
	fi
	if [[ $ospf = *3* ]]; then
		# Linux drops IPv6 addresses on link down unless told not to.
		on "$ns" sysctl -qw net.ipv6.conf.stub0.keep_addr_on_down=1
		on "$ns" ip addr add "${prefix6%::/64}::1/64" dev stub0 nodad
		v6="protocol ospf v3 to_pe6 {
	ipv6 { import all; export none; };
	area 0 {
		interface \"eth0\" { type broadcast; hello 1; dead 4; };
		interface \"stub0\" { stub yes; };
	};
}"
	else
		v6="protocol static announce6 { ipv6; route $prefix6 blackhole; }
protocol bgp to_pe6 {
	local fd00:31:$n::2 as $as;
	neighbor fd00:31:$n::1 as 65000;
	connect retry time 2;
	error wait time 1, 10;
	ipv6 { import all; export where proto = \"announce6\" || source = RTS_DEVICE; };
}"
	fi
	if [[ $ospf = *2* ]]; then
		on "$ns" ip addr add "${prefix%.0/24}.1/24" dev stub0
		v4="protocol ospf v2 to_pe {
	ipv4 { import all; export none; };
	area 0 {
		interface \"eth0\" 172.31.$n.0/30 { type broadcast; hello 1; dead 4; };
		interface \"stub0\" { stub yes; };
	};
}"
	else
		on "$ns" ip addr add "${prefix%.0/24}.1/32" dev lo
		v4="protocol static announce { ipv4; route $prefix blackhole; }
protocol bgp to_pe {
	local 172.31.$n.2 as $as;
	neighbor 172.31.$n.1 as 65000;
	connect retry time 2;
	error wait time 1, 10;
	ipv4 { import all; export filter {
		# What must ride the VPN to the far CE (RFC 4364 sec. 7).
		if proto = \"announce\" then {
			bgp_community.add(($as, 7));
			bgp_large_community.add(($as, 1, 2));${CE_MED:+
			bgp_med = $CE_MED;}
			accept;
		}
		if source = RTS_DEVICE then accept;
		reject;
	}; };
}"
	fi
	cat >"$WORK/bird-$name.conf" <<EOF
log "$WORK/bird-$name.log" all;
router id 172.31.$n.2;
protocol device { scan time 1; }
protocol direct { ipv4; ipv6; interface "eth0"; }
protocol kernel { ipv4 { import none; export where proto = "to_pe"; }; }
protocol kernel { ipv6 { import none; export where proto = "to_pe6"; }; }
$v4
$v6
EOF
	bird_start "$name" "$ns"
}

# bgp_lines NAME PREFIX: the BGP.* lines of the best route in NAME's BIRD,
# for checks byte for byte of what a CE was given.
bgp_lines() {
	birdc_ "$1" show route "$2" primary all | sed -n 's/^\t\(BGP\.\)/\1/p'
}
