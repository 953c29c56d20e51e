#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, mplsxd's End-of-RIB on a VPN session against scripted peers
# (tests/e2e/bgp_peer.py), no BIRD.  Our End-of-RIB tells a VPN peer that
# it has all our routes, and a peer that kept our routes over a restart
# drops the rest then (RFC 4724): it must wait until the VRF (PE-CE)
# sessions have brought their routes in and those went out, or, with a
# VRF session that does not come, until the restart time has passed.
set -u
. "$(dirname "$0")/lib.sh"

plan 15

P=$TAG-e C=$TAG-c
ns_add "$P"
ns_add "$C"
veth "$P" v0 "$C" v1
on "$P" ip addr add 192.168.50.1/24 dev v0
on "$C" ip addr add 192.168.50.9/24 dev v1 # the CE next hop: answers ARP
cat >"$WORK/s.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "v0", "vrf": "red"} ],
  "vrfs": [ {"name": "red", "rd": "65000:1", "import": ["65000:1"],
             "export": ["65000:1"], "label": 100} ],
  "bgp": {"asn": 65000, "listen": "127.0.0.2", "port": 1790,
          "graceful_restart": 10,
          "neighbors": [{"address": "127.0.0.1", "asn": 65000},
                        {"address": "127.0.0.1", "asn": 65000,
                         "vrf": "red", "port": 1791}]}
}
JSON
mplsxd_start "$P" "$WORK/s.json" s || setup_failed "mplsxd"
listening() { on "$P" ss -Hltn 'sport = :1791' | grep -q .; }
wait_for 5 listening || setup_failed "no BGP listener on 127.0.0.2:1791"

peer() { # NAME PORT OPTION...: a scripted peer in the background
	local name=$1 port=$2
	shift 2
	nsenter --net="/run/netns/$P" "$PY" "$ROOT/tests/e2e/bgp_peer.py" \
		127.0.0.1 127.0.0.2 "$port" 65000 10.255.0.9 "$@" \
		>"$WORK/peer-$name.out" 2>&1 &
	eval "PID_$name=$!"
	PIDS+=($!)
}
said() { grep -q "$2" "$WORK/peer-$1.out"; } # NAME REGEX
eor_seen() { said "$1" '^update 29$'; }	     # VPNv4 End-of-RIB
route_updates() { grep -c '^update \([3-9][0-9]\|[0-9]\{3,\}\)$' "$WORK/peer-$1.out"; }
deferred() { # the VPN session's End-of-RIB waits
	ctl s show bgp | json "[n['graceful_restart']['end_of_rib_deferred'] for n in d['neighbors'] if not n.get('vrf')][0]" |
		grep -qx True
}
not_deferred() { ! deferred; }
kill_peer() {
	local pid
	pid=$(eval echo "\$PID_$1")
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}
red_route() { ctl s show routes red | json "[r['prefix'] for r in d]" | grep -q "'$1'"; }
more_routes() { [ "$(route_updates "$1")" -gt "$2" ]; }

# 1. The VPN session comes first: our routes go out, the End-of-RIB waits.
peer vpn1 1790 gr=60
check "VPN session up" wait_for 10 said vpn1 established
check "its End-of-RIB is deferred (show bgp)" wait_for 5 deferred
check "the connected subnet went out meanwhile" wait_for 5 more_routes vpn1 0
check "... but no End-of-RIB" bash -c "! grep -q '^update 29$' '$WORK/peer-vpn1.out'"

# 2. The VRF session brings a CE route; it goes out to the VPN peer; the
# End-of-RIB still waits for the VRF session's own.
before=$(route_updates vpn1)
peer ce1 1791 ce gr=60 uni=10.9.0.0/24:192.168.50.9 eor-on="$WORK/ce-eor"
check "VRF session up" wait_for 10 said ce1 established
check "its route 10.9.0.0/24 is in VRF red" wait_for 5 red_route 10.9.0.0/24
check "... and went out as a VPNv4 route" wait_for 5 more_routes vpn1 "$before"
check "the End-of-RIB still waits" deferred

# 3. The VRF session's End-of-RIB releases ours, after every route.
touch "$WORK/ce-eor"
check "VPN peer gets the End-of-RIB once the VRF session sent its own" wait_for 5 eor_seen vpn1
eor_last() { # every route UPDATE came before the End-of-RIB
	awk '/^update 29$/ { eor = NR } /^update/ && !/^update 29$/ { last = NR }
	     END { exit !(eor && last && last < eor) }' "$WORK/peer-vpn1.out"
}
check "... after every route UPDATE" eor_last
check "... released by it, not by the restart time running out" \
	bash -c "! grep -q 'End-of-RIB after' '$WORK/s.log'"
check "show bgp: no longer deferred" not_deferred

# 4. The VRF session does not come back: the End-of-RIB goes after the
# restart time (10 s), not before.
kill_peer vpn1
kill_peer ce1
gone() { ctl s show bgp | json "[n['state'] for n in d['neighbors']]" | grep -vq Established; }
wait_for 10 gone
t0=$(date +%s.%N)
peer vpn2 1790 gr=60
check "VPN session up again, VRF session down: deferred" wait_for 10 \
	bash -c "grep -q established '$WORK/peer-vpn2.out' && '$BUILD/mplsxctl' -s '$SOCK_s' show bgp | grep -q '\"end_of_rib_deferred\":[[:space:]]*true'"
check "End-of-RIB after the restart time" wait_for 20 eor_seen vpn2
t1=$(date +%s.%N)
check "... not before it (>= 9 s after the session came)" \
	"$PY" -c "import sys; sys.exit(0 if $t1 - $t0 >= 9 else 1)"
summary
