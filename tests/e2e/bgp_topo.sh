#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bgp_topo.sh - BIRD on both PEs of the L3 VPN topology (l3vpn_topo.sh),
# shared by tests/e2e/test_bgp.sh and the demo.  Source after
# l3vpn_topo.sh and call, after l3vpn_up:
#   l3vpn_bgp_prepare      PE configs with BGP instead of static remote
#                          routes (PE2 also gets VRF green, importing
#                          only 65000:99), CE offloads off, P forwarding
#   reload pe1; reload pe2 mplsxd takes them
#   bird_conf / bird_start BIRD with `mplsxctl show bird`'s snippet and
#                          the iBGP VPN session to the other PE
#                          ($BIRD_REMOTE_EXTRA: more lines in that session)

# PE configs with BGP instead of static remote routes.
# EXTRA_VRF is appended to "vrfs", EXTRA_NEIGHBORS to "bgp.neighbors";
# an empty LSP_TO: no static LSP.
write_pe() { # FILE ROUTER_ID SUFFIX LSP_TO LSP_LABEL VIA EXTRA_VRF [EXTRA_NEIGHBORS]
	local lsp=""
	[ -z "$4" ] || lsp="{\"to\": \"$4\", \"push\": [$5], \"via\": \"$6\"}"
	cat >"$1" <<JSON
{
  "router_id": "$2",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "r$3", "vrf": "red"},
    {"name": "b$3", "vrf": "blue"}
  ],
  "lsps": [ $lsp ],
  "vrfs": [
    {"name": "red", "rd": "65000:1", "import": ["65000:1"], "export": ["65000:1"], "label": 100},
    {"name": "blue", "rd": "65000:2", "import": ["65000:2"], "export": ["65000:2"], "label": 200}$7
  ],
  "bgp": {"asn": 65000, "neighbors": [{"address": "127.0.0.1", "asn": 65000}${8:-}]}
}
JSON
}

l3vpn_bgp_prepare() {
	local ns
	# The CEs' UDP leaves with checksum offload (CHECKSUM_PARTIAL): the
	# veth pair never fills the checksum in, and once an XDP redirect
	# has carried the frame the far CE's socket sees a bad one.  Real
	# NICs fill it in.
	for ns in "$CE1R" "$CE1B" "$CE2R" "$CE2B"; do
		on "$ns" ethtool -K eth0 tx off >/dev/null 2>&1
	done
	# P forwards the PEs' iBGP TCP in its kernel (XDP passes IP up).
	on "$P" sysctl -qw net.ipv4.ip_forward=1
	write_pe "$WORK/pe1.json" 10.255.0.1 1 10.255.0.3 16003 10.0.12.2 ""
	# PE2's VRF green imports only 65000:99, which nobody exports.
	write_pe "$WORK/pe2.json" 10.255.0.3 2 10.255.0.1 16001 10.0.23.2 ',
    {"name": "green", "rd": "65000:99", "import": ["65000:99"], "export": ["65000:99"]}'
}

reload() { ctl "$1" reload >/dev/null; }

# bird_start NAME NS LOOPBACK PEER_LOOPBACK BIRD_ID: BIRD in NS with
# mplsxd's snippet and an iBGP session to the other PE; sets BIRDSOCK_NAME.
bird_conf() {
	local name=$1 lo=$3 peer=$4 id=$5
	{
		echo "log \"$WORK/bird-$name.log\" all;"
		echo "router id $id;"
		echo "protocol device {}"
		echo "protocol direct { ipv4; ipv6; }"
		echo "protocol kernel { ipv4 { import all; export none; }; learn; }"
		ctl "$name" show bird | json "d['bird_config']"
		cat <<EOF
protocol bgp remote_pe {
	local $lo as 65000;
	neighbor $peer as 65000;
	graceful restart on;
	connect delay time 1;
	connect retry time 2;
	error wait time 1, 10;
	vpn4 mpls { table vpntab; import all; export all; };
	vpn6 mpls { table vpntab6; import all; export all; extended next hop on; };
${BIRD_REMOTE_EXTRA:-}
}
EOF
	} >"$WORK/bird-$name.conf"
}
bird_start() {
	local name=$1 ns=$2
	nsenter --net="/run/netns/$ns" bird -f -c "$WORK/bird-$name.conf" \
		-s "$WORK/bird-$name.ctl" -P "$WORK/bird-$name.pid" \
		>>"$WORK/bird-$name.out" 2>&1 &
	PIDS+=($!)
	eval "BIRDPID_$name=$!"
	eval "BIRDSOCK_$name=$WORK/bird-$name.ctl"
	wait_for 5 birdc -s "$WORK/bird-$name.ctl" show status && kill -0 $!
}
birdc_() { # NAME ARGS...
	local sock
	sock=$(eval echo "\$BIRDSOCK_$1")
	shift
	birdc -s "$sock" "$@"
}

bgp_field() { # NAME EXPR (d = show bgp, n = its first neighbour)
	ctl "$1" show bgp | json "(lambda n: $2)(d['neighbors'][0])"
}
established() { [ "$(bgp_field "$1" "n['state']")" = Established ]; }
bird_up() { birdc_ "$1" show protocols "$2" | grep -q Established; }
