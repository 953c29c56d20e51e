#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, BGP labeled unicast (RFC 8277) as transport: the BGP topology
# of test_bgp.sh (tests/e2e/l3vpn_topo.sh + bgp_topo.sh), but PE1 has no
# static LSP to PE2.  BIRD on PE2, the remote PE, originates an IPv4
# labeled unicast route for PE2's loopback: a static route in table lutab,
#   route 10.255.0.3/32 via 10.0.23.2 mpls 16002;
# which BIRD 2.0.12 sends with that label and, its gateway being on a
# directly connected subnet, that gateway (P) as BGP next hop (with `next
# hop self` it would send implicit null, 3, and its own address).  BIRD on
# PE1 reflects it (rr client) to mplsxd with label and next hop kept.  P
# pops 16002 (and 16012) towards PE2 (PHP).
#
# Checked: the VPN routes from PE2 and a pseudowire to it (sharing its
# nexthop) resolve through the LU route; the LU
# label is outermost on the PE1-P wire; a new label in BIRD (birdc
# configure) moves the traffic without any VPN UPDATE, the VRF routes'
# FIB entries unchanged and only the PE's nexthop entry rewritten; a
# static LSP wins over the LU route; the LU withdrawn falls back to it,
# and without it the PE is unresolved (drops counted) until the LU route
# is back; BIRD killed: the LU route stays, stale, and carries traffic.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"

plan 42

command -v bird >/dev/null || setup_failed "bird not installed"
l3vpn_up || setup_failed l3vpn_up

# PE1 without a static LSP (write_pe1 TO LABEL VIA: with one); PE2 as in
# test_bgp.sh.  PE1 reaches the LU next hop 10.0.23.2 through P (IGP).
# Both also carry a pseudowire pw1 (ACs a1, a2) behind the same PE next hop.
add_pw() { # FILE AC LOCAL REMOTE PEER
	"$PY" - "$@" <<'PYEOF'
import json, sys
f, ac, local, remote, peer = sys.argv[1:]
c = json.load(open(f))
c["interfaces"].append({"name": ac, "pseudowire": "pw1"})
c["pseudowires"] = [{"name": "pw1", "peer": peer, "local_label": int(local),
                     "remote_label": int(remote)}]
json.dump(c, open(f, "w"))
PYEOF
}
write_pe1() {
	write_pe "$WORK/pe1.json" 10.255.0.1 1 "${1:-}" "${2:-}" "${3:-}" "" &&
		add_pw "$WORK/pe1.json" a1 5001 5002 10.255.0.3
}
CE1L=$TAG-ce1l CE2L=$TAG-ce2l
ns_add "$CE1L" && ns_add "$CE2L"
veth "$CE1L" eth0 "$PE1" a1
veth "$PE2" a2 "$CE2L" eth0
on "$CE1L" ip addr add 10.10.0.1/24 dev eth0
on "$CE2L" ip addr add 10.10.0.2/24 dev eth0
l3vpn_bgp_prepare
write_pe1
add_pw "$WORK/pe2.json" a2 5002 5001 10.255.0.1
on "$PE1" ip route add 10.0.23.0/24 via 10.0.12.2
"$PY" - "$WORK/p.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["labels"] += [{"in": l, "out": [], "via": "10.0.23.3"} for l in (16002, 16012)]
json.dump(c, open(sys.argv[1], "w"))
PYEOF
reload pe1 && reload pe2 && reload p || setup_failed "reload with BGP"

# Both BIRDs carry labeled unicast in lutab on their iBGP session; PE2's
# originates the route for its loopback (lu_origin LABEL: that route, or
# none).
BIRD_REMOTE_EXTRA="	ipv4 mpls { table lutab; import all; export all; };"
bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1
bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3
cp "$WORK/bird-pe2.conf" "$WORK/bird-pe2.base"
lu_origin() { # LABEL | none
	cp "$WORK/bird-pe2.base" "$WORK/bird-pe2.conf"
	[ "$1" = none ] && return 0
	cat >>"$WORK/bird-pe2.conf" <<EOF
protocol static lu_loopback {
	ipv4 { table lutab; };
	route 10.255.0.3/32 via 10.0.23.2 mpls $1;
}
EOF
}
bird_configure() { birdc_ pe2 configure | grep -q 'Reconfigur'; }
lu_origin 16002
bird -p -c "$WORK/bird-pe1.conf" && bird -p -c "$WORK/bird-pe2.conf" ||
	setup_failed "BIRD configs"
bird_start pe1 "$PE1" && bird_start pe2 "$PE2" || setup_failed "BIRD start"
check "PE1 mplsxd <-> BIRD Established" wait_for 30 established pe1
check "BIRD PE1 <-> BIRD PE2 iBGP Established" wait_for 30 bird_up pe1 remote_pe

# ---- the LU route drives the transport --------------------------------
is() { # WANT CMD...: CMD prints WANT
	[ "$("${@:2}")" = "$1" ]
}
lu_row() { # EXPR over the bgp-lu row for 10.255.0.3/32 (r)
	ctl pe1 show lsps |
		json "[$1 for r in d if r['source']=='bgp-lu' and r['to']=='10.255.0.3/32'][0]"
}
lu_is() { # LABEL: the LU row, used by PE 10.255.0.3 and resolved
	[ "$(lu_row "(r['labels'], r['push'], r['via'], r['peer'], r['pes'], r['state'])")" = \
		"([$1], [$1], '10.0.23.2', '127.0.0.1', ['10.255.0.3'], 'resolved')" ]
}
route_labels() { # VRF PREFIX
	ctl pe1 show routes "$1" |
		json "[(r['labels'], r['installed']) for r in d if r['prefix']=='$2'][0]"
}
routes_via() { # LABEL: both VRFs' routes to site 2 push it over the VPN label
	[ "$(route_labels red 192.168.2.0/24)" = "([$1, 100], True)" ] &&
		[ "$(route_labels blue 192.168.2.0/24)" = "([$1, 200], True)" ]
}
check "show lsps: bgp-lu 10.255.0.3/32, label 16002, via 10.0.23.2, from 127.0.0.1" \
	wait_for 30 is "([16002], '10.0.23.2', '127.0.0.1')" \
	lu_row "(r['labels'], r['via'], r['peer'])"
check "show bgp: one ipv4-lu route from the peer" \
	[ "$(bgp_field pe1 "n['families']['ipv4-lu']['routes']")" = 1 ]
check "VPN routes from PE2 push [16002, VPN label], installed" \
	wait_for 30 routes_via 16002

# The wire between PE1 and P (the w12 bridge): the labels of the frames
# carrying "vrf=TAG" datagrams, outermost first, read from the capture's
# bytes (pcap records, Ethernet, MPLS label stack entries).
stacks() { # PCAP TAG: "outer/inner" per frame, sorted, counted
	"$PY" - "$1" "$2" <<'PYEOF'
import collections, struct, sys
data = open(sys.argv[1], "rb").read()
tag = ("vrf=%s seq=" % sys.argv[2]).encode()
off, seen = 24, collections.Counter()
while off + 16 <= len(data):
    incl = struct.unpack_from("<I", data, off + 8)[0]
    f = data[off + 16:off + 16 + incl]
    off += 16 + incl
    if len(f) < 22 or f[12:14] != b"\x88\x47" or tag not in f:
        continue
    labels, p = [], 14
    while p + 4 <= len(f):
        e = struct.unpack_from("!I", f, p)[0]
        labels.append(e >> 12)
        p += 4
        if e & 0x100:
            break
    seen["/".join(map(str, labels))] += 1
print(" ".join("%s:%d" % kv for kv in sorted(seen.items())))
PYEOF
}
wire() { # NAME TAG COUNT: send COUNT red datagrams, capture them on w12
	tcpdump_start "$W12" w1 "$1" || return 1
	udp_recv "$CE2R" "$WORK/udp-$1"
	local rx=$!
	wait_for 5 udp_listening "$CE2R"
	udp_send "$CE1R" "$2" "$3" 192.168.2.2
	wait "$rx"
	tcpdump_stop "$1"
}
check "... used by PE 10.255.0.3 and resolved" wait_for 10 \
	is "(['10.255.0.3'], 'resolved', True, False)" \
	lu_row "(r['pes'], r['state'], r['best'], r['stale'])"
check "ping red CE1 -> CE2 over the LU transport" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "ping6 blue CE1 -> CE2 (6VPE over the same PE nexthop)" \
	wait_for 10 on "$CE1B" ping -6 -c 1 -W 1 2001:db8:2::2
pw_transport() { ctl pe1 show pseudowires | json "(d[0]['state'], d[0]['transport'])"; }
check "pseudowire pw1 up over the LU transport, [16002]" \
	wait_for 10 is "('up', [16002])" pw_transport
check "ping across the pseudowire" wait_for 10 on "$CE1L" ping -c 1 -W 1 10.10.0.2
wire lu1 red 20
check "on the wire: 20 frames with labels 16002 (outermost) / 100" \
	[ "$(stacks "$WORK/lu1.pcap" red)" = "16002/100:20" ]
check "... and CE2 got the 20 datagrams" [ "$(cat "$WORK/udp-lu1")" = "20 0" ]

# ---- a new label in BIRD: no VPN update, one nexthop write ------------
pe_nh_id() { ctl pe1 show neighbors | json "[n['id'] for n in d if n.get('pe')=='10.255.0.3'][0]"; }
# The FIB's words for 192.168.2.x in every VRF: top entries (fib4_top)
# and the chunk entries they link to at byte 2 (the /24).
fib_words() {
	"$PY" - "$PINS_pe1" <<'PYEOF'
import json, subprocess, sys
pins = sys.argv[1]
def bt(*a):
    return json.loads(subprocess.check_output(["bpftool", "-j", "map"] + list(a)))
out = []
for e in bt("dump", "pinned", pins + "/fib4_top"):
    k = bytes(int(x, 16) for x in e["key"])
    v = bytes(int(x, 16) for x in e["value"])
    if k[4:6] != bytes([192, 168]):
        continue
    idx = (int.from_bytes(v[:4], "little") << 8) | 2
    w = bt("lookup", "pinned", pins + "/fib4_chunk", "key", *map(str, idx.to_bytes(4, "little")))
    out.append("%s=%s>%s" % (k.hex(), v.hex(), "".join(x[2:] for x in w["value"])))
print(" ".join(sorted(out)))
PYEOF
}
nh_value() { # ID
	bpftool -j map lookup pinned "$PINS_pe1/nexthop" key $(
		"$PY" -c "print(' '.join(str(b) for b in ($1).to_bytes(4, 'little')))") |
		json "''.join(x[2:] for x in d['value'])"
}
label_hex() { "$PY" -c "print('%08x' % ($1 << 12))"; } # LABEL, S=0 TTL=0
NH_ID=$(pe_nh_id)
FIB_BEFORE=$(fib_words)
NH_BEFORE=$(nh_value "$NH_ID")
VPN_RX=$(bgp_field pe1 "n['families']['vpnv4']['received']")
VPN6_RX=$(bgp_field pe1 "n['families']['vpnv6']['received']")
LU_RX=$(bgp_field pe1 "n['families']['ipv4-lu']['received']")
check "the FIB has red and blue words for 192.168.2.0/24" \
	[ "$(echo "$FIB_BEFORE" | wc -w)" -ge 2 ]
check "PE 10.255.0.3's nexthop entry pushes 16002" \
	grep -q "$(label_hex 16002)" <<<"$NH_BEFORE"
lu_origin 16012
check "BIRD on PE2: the LU route now carries 16012 (birdc configure)" bird_configure
check "show lsps: the LU route has label 16012" wait_for 10 lu_is 16012
check "VPN routes now push [16012, VPN label]" wait_for 10 routes_via 16012
check "mplsxd got the new LU route (ipv4-lu received +1)" \
	[ "$(bgp_field pe1 "n['families']['ipv4-lu']['received']")" -gt "$LU_RX" ]
check "... and no VPNv4/VPNv6 prefix at all" [ \
	"$(bgp_field pe1 "(n['families']['vpnv4']['received'], n['families']['vpnv6']['received'])")" = "($VPN_RX, $VPN6_RX)" ]
check "the VRF routes' FIB words are unchanged" [ "$(fib_words)" = "$FIB_BEFORE" ]
nh_moved() { # the same nexthop id, its entry rewritten with 16012
	local now
	now=$(nh_value "$NH_ID")
	[ "$(pe_nh_id)" = "$NH_ID" ] && [ "$now" != "$NH_BEFORE" ] &&
		grep -q "$(label_hex 16012)" <<<"$now"
}
check "the PE's nexthop (same id) was rewritten with 16012" nh_moved
check "the pseudowire moved to [16012] with it" is "('up', [16012])" pw_transport
check "... and carries on: 3 of 3" ping_all "$CE1L" 3 10.10.0.2
wire lu2 red 20
check "on the wire: 20 frames with labels 16012 / 100" \
	[ "$(stacks "$WORK/lu2.pcap" red)" = "16012/100:20" ]
check "... and CE2 got them" [ "$(cat "$WORK/udp-lu2")" = "20 0" ]

# ---- BIRD on PE1 killed: the LU route is kept, stale, and carries on --
kill -9 "$BIRDPID_pe1"
not_established() { ! established pe1; }
check "PE1 session down after kill -9" wait_for 5 not_established
check "the LU route is kept, stale, still resolved" \
	is "(True, 'resolved', [16012])" lu_row "(r['stale'], r['state'], r['labels'])"
check "ping red CE1 -> CE2 during the restart: 5 of 5" ping_all "$CE1R" 5 192.168.2.2
bird_start pe1 "$PE1"
check "back: the LU route is fresh again" wait_for 30 \
	is "(False, [16012])" lu_row "(r['stale'], r['labels'])"

# ---- a static LSP wins; the LU withdrawn falls back to it -------------
write_pe1 10.255.0.3 16003 10.0.12.2
check "PE1 reload with a static LSP to PE2" reload pe1
check "static wins: the VPN routes push [16003, VPN label]" wait_for 10 routes_via 16003
check "show lsps: the static row resolved, the bgp-lu row unused" [ \
	"$(ctl pe1 show lsps | json "[(r['source'], r['state']) for r in d]")" = "[('static', 'resolved'), ('bgp-lu', 'unused')]" ]
lu_origin none
check "BIRD on PE2 withdraws the LU route" bird_configure
lsp_sources() { ctl pe1 show lsps | json "[r['source'] for r in d]"; }
check "the bgp-lu row goes" wait_for 10 is "['static']" lsp_sources
check "traffic stays on the static LSP: 5 of 5" ping_all "$CE1R" 5 192.168.2.2
check "... with [16003, VPN label]" routes_via 16003

# ---- neither: unresolved, drops counted; the LU route back ------------
write_pe1
check "PE1 reload without the static LSP" reload pe1
unresolved() {
	[ "$(ctl pe1 show routes red | json "[r['installed'] for r in d if r['prefix']=='192.168.2.0/24'][0]")" = False ]
}
check "no LSP and no LU route: the route is not installed" wait_for 10 unresolved
drops() { ctl pe1 show stats | json "d['drops']['total']"; }
D0=$(drops)
on "$CE1R" ping -c 3 -i 0.2 -W 1 192.168.2.2 >/dev/null 2>&1
check "pings to site 2 dropped and counted" [ "$(drops)" -gt "$D0" ]
lu_origin 16002
check "BIRD on PE2 announces the LU route again" bird_configure
check "resolved again through it: [16002, VPN label]" wait_for 10 routes_via 16002
check "ping red CE1 -> CE2 again" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2

summary
