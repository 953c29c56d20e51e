#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# pece_checks.sh - the conditions PE-CE suites wait for (test_pece.sh,
# test_pece_ospf6.sh): sessions, OSPF adjacencies, mplsxd's VRF routes
# and the CEs' kernel routes.  Source after bgp_topo.sh.

nb_state() { # NAME VRF: the state of the VRF's session at mplsxd
	ctl "$1" show bgp |
		json "[n['state'] for n in d['neighbors'] if n['vrf']=='$2'][0]"
}
established_vrf() { [ "$(nb_state "$1" "$2")" = Established ]; }
ospf_full() { # NAME PROTOCOL: the neighbour is Full
	birdc_ "$1" show ospf neighbors "$2" | grep -q 'Full/'
}
route_field() { # NAME VRF PREFIX EXPR
	ctl "$1" show routes "$2" |
		json "[$4 for r in d if r['prefix']=='$3'][0]"
}
ce_route() { # NAME VRF PREFIX: from the VRF's session, installed
	[ "$(route_field "$1" "$2" "$3" "r['source']+'/'+r.get('peer','')+'/'+str(r['installed'])")" = bgp/ce/True ]
}
no_route() { ! route_field "$@" "r['prefix']" >/dev/null 2>&1; }
kroute() { # NS PREFIX: in the CE's kernel, from BIRD
	on "$1" ip route show "$2" proto bird | grep -q .
}
kroute6() { on "$1" ip -6 route show "$2" proto bird | grep -q .; }
no_kroute() { ! kroute "$@"; }
no_kroute6() { ! kroute6 "$@"; }
