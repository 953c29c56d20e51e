#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, mplsxd's BGP speaker against a scripted peer
# (tests/e2e/bgp_peer.py) in one namespace, no BIRD: route refresh
# re-sends the exports; a labeled unicast route becomes a BGP-LU LSP (not
# a VRF route) and goes with its session; graceful restart keeps a dead peer's routes
# stale until its restart time runs out, and, once it is back, until its
# End-of-RIB.
set -u
. "$(dirname "$0")/lib.sh"

plan 19

P=$TAG-s
ns_add "$P"
veth "$P" v0 "$P" v1
on "$P" ip addr add 192.168.50.1/24 dev v0
cat >"$WORK/s.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "v0", "vrf": "red"} ],
  "vrfs": [ {"name": "red", "rd": "65000:1", "import": ["65000:1"],
             "export": ["65000:1"], "label": 100} ],
  "bgp": {"asn": 65000, "listen": "127.0.0.2", "port": 1790,
          "neighbors": [{"address": "127.0.0.1", "asn": 65000}]}
}
JSON
mplsxd_start "$P" "$WORK/s.json" s || setup_failed "mplsxd"
listening() { on "$P" ss -Hltn 'sport = :1790' | grep -q .; }
wait_for 5 listening || setup_failed "no BGP listener on 127.0.0.2:1790"

peer() { # NAME OPTION...: a scripted peer in the background; PEER_PID
	local name=$1
	shift
	# nsenter itself (not the on function): $! is then the peer, whose
	# death closes its connection.
	nsenter --net="/run/netns/$P" "$PY" "$ROOT/tests/e2e/bgp_peer.py" \
		127.0.0.1 127.0.0.2 1790 65000 10.255.0.9 "$@" \
		>"$WORK/peer-$name.out" 2>&1 &
	PEER_PID=$!
	PIDS+=($!)
}
said() { grep -q "$2" "$WORK/peer-$1.out"; } # NAME REGEX
routes_sent() { grep -c '^update \([3-9][0-9]\|[0-9]\{3,\}\)$' "$WORK/peer-$1.out"; }
bgp() { ctl s show bgp | json "(lambda n: $1)(d['neighbors'][0])"; }
down() { [ "$(bgp "n['state']")" != Established ]; }
stop_peer() {
	kill -KILL "$PEER_PID" 2>/dev/null
	wait "$PEER_PID" 2>/dev/null
	wait_for 5 down
}
route_src() { # PREFIX: its source in VRF red, or none
	ctl s show routes red | json "([r['source'] for r in d if r['prefix']=='$1'] or ['none'])[0]"
}
is_route() { [ "$(route_src "$1")" = "$2" ]; }

# Route refresh (RFC 2918): the VRF's connected subnet is exported; a
# ROUTE-REFRESH after the End-of-RIB brings it again.
peer rr refresh
check "session up with the scripted peer" wait_for 10 said rr established
sent_twice() { [ "$(routes_sent rr)" -ge 2 ]; }
check "192.168.50.0/24 exported, and again after a route refresh" \
	wait_for 5 sent_twice
check "... the refresh came after the first round" said rr 'refresh sent'
stop_peer

# Labeled unicast (SAFI 4) is offered and accepted: its route is a
# transport path (show lsps, source bgp-lu), counted per peer in show bgp,
# never a VRF route; it goes with its session (no graceful restart).
lu_rows() {
	ctl s show lsps | json "[(l['source'], l['to'], l['labels'], l['push'], l['via'], l['peer'], l['state']) for l in d]"
}
lu_used() {
	[ "$(bgp "n['state']")" = Established ] &&
		[ "$(lu_rows)" = "[('bgp-lu', '10.255.0.9/32', [3000], [3000], '127.0.0.1', '127.0.0.1', 'unused')]" ] &&
		[ "$(bgp "n['families']['ipv4-lu']['routes']")" = 1 ] &&
		is_route 10.255.0.9/32 none
}
peer lu lu=10.255.0.9/32:3000:127.0.0.1 eor
check "labeled unicast session up" wait_for 10 said lu established
check "the labeled unicast route is a bgp-lu LSP, counted in show bgp" \
	wait_for 5 lu_used
stop_peer
check "... and goes with its session" [ "$(lu_rows)" = "[]" ]

# Then LU NLRI that cannot be parsed (no bottom of stack): AFI/SAFI
# disable (RFC 7606 sec. 5.3), not a reset: the LU route goes, the VPN
# route and the session stay.
lu_disabled() {
	[ "$(bgp "(n['state'], n['families']['ipv4-lu']['disabled'], n['families']['ipv4-lu']['routes'])")" = "('Established', 1, 0)" ] &&
		[ "$(lu_rows)" = "[]" ] && is_route 172.16.9.0/24 bgp
}
peer lubad vpn=172.16.9.0/24:300:10.255.0.3 lu=10.255.0.9/32:3000:127.0.0.1 lu-bad eor
check "malformed LU NLRI: ipv4-lu disabled, its route gone, the VPN route kept" \
	wait_for 10 lu_disabled
stayed_up() { ! said lubad notification && ! said lubad eof; }
check "... no NOTIFICATION, the connection stayed" stayed_up
stop_peer

# Graceful restart (RFC 4724): a VPN route from a peer that dies stays,
# stale, for the peer's restart time (3 s), then goes.
vpn=vpn=172.16.9.0/24:300:10.255.0.3
peer gr1 gr=3 "$vpn" eor
check "GR peer up, its VPN route imported into red" \
	wait_for 10 is_route 172.16.9.0/24 bgp
kill -KILL "$PEER_PID"
wait "$PEER_PID" 2>/dev/null
check "peer gone: the route is kept, stale" \
	eval 'wait_for 5 down && [ "$(bgp "n[\"graceful_restart\"][\"stale_routes\"]")" -ge 1 ] && is_route 172.16.9.0/24 bgp'
check "stale route gone when the restart time (3 s) ran out" \
	wait_for 10 is_route 172.16.9.0/24 none

# Back within a long restart time (60 s) without the route: the stale
# route waits for the End-of-RIB, not for the timer.
peer gr2 gr=60 "$vpn" eor
check "GR peer up again with the route" wait_for 10 is_route 172.16.9.0/24 bgp
kill -KILL "$PEER_PID"
wait "$PEER_PID" 2>/dev/null
check "peer gone again" wait_for 5 down
peer gr3 gr=60 eor-on="$WORK/eor-now"
check "peer back, End-of-RIB not yet sent" wait_for 10 said gr3 established
check "the stale route waits for the End-of-RIB" \
	eval 'is_route 172.16.9.0/24 bgp && [ "$(bgp "n[\"graceful_restart\"][\"stale_routes\"]")" -ge 1 ]'
touch "$WORK/eor-now"
check "End-of-RIB sent" wait_for 5 said gr3 'eor sent'
check "the stale route goes at the End-of-RIB (within 5 s of 60)" \
	wait_for 5 is_route 172.16.9.0/24 none
check "no stale route left" [ "$(bgp "n['graceful_restart']['stale_routes']")" = 0 ]
check "the session stayed up" [ "$(bgp "n['state']")" = Established ]
stop_peer

summary
