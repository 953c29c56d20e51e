#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, ECMP: two parallel core links between PE1 and P.
#
#   ce1 --r1- PE1 =c0== [wa] ==c1= P -c3-- [w23] --c0- PE2 -r2-- ce2
#                 =c1== [wb] ==c2=
#
# PE1's LSP to PE2 has two vias (one per link), P's label towards PE1 too.
# 64 UDP flows (distinct source ports) from ce1 to ce2, captured on both
# links (wa, wb: bridges in their own namespaces, since a port running XDP
# shows no redirected frame to tcpdump): every flow on one link only, each
# link a fair share, the per-member counters of `show lsps` equal to the
# frames captured.  Then a link goes down under traffic: its flows move to
# the other link within a second, the other flows do not move or lose a
# packet.  Then entropy labels (ELI + EL on the wire, one EL per flow) and
# the kernel's own multipath routes and nexthop objects for the LSP's via.
# PE1's hash seed is pinned (written to its ecmp_seed map) so that the
# spread is the same on every run.
set -u
. "$(dirname "$0")/lib.sh"

plan 20

CE1=$TAG-ce1 CE2=$TAG-ce2 PE1=$TAG-pe1 P=$TAG-p PE2=$TAG-pe2
WA=$TAG-wa WB=$TAG-wb W23=$TAG-w23
FLOWS=64

tap() { # NS IF1 IF2: a bridge, the wire we capture on
	on "$1" ip link add br0 type bridge
	on "$1" ip link set "$2" master br0
	on "$1" ip link set "$3" master br0
	on "$1" ip link set br0 up
}

pe1_config() { # ENTROPY VIA-JSON
	cat >"$WORK/pe1.json" <<JSON
{
  "router_id": "10.255.0.1",
  "interfaces": [ {"name": "c0", "mpls": true}, {"name": "c1", "mpls": true},
                  {"name": "r1", "vrf": "red"} ],
  "lsps": [ {"to": "10.255.0.3", "push": [16003], "entropy": $1,
             "via": $2} ],
  "vrfs": [ {"name": "red", "rd": "65000:1", "label": 100,
             "routes": [ {"prefix": "192.168.2.0/24", "pe": "10.255.0.3",
                          "label": 100} ]} ]
}
JSON
}

setup() {
	local n
	for n in "$CE1" "$CE2" "$PE1" "$P" "$PE2" "$WA" "$WB" "$W23"; do
		ns_add "$n"
	done
	veth "$CE1" eth0 "$PE1" r1
	veth "$PE2" r2 "$CE2" eth0
	veth "$PE1" c0 "$WA" w1
	veth "$WA" w2 "$P" c1
	veth "$PE1" c1 "$WB" w1
	veth "$WB" w2 "$P" c2
	veth "$P" c3 "$W23" w1
	veth "$W23" w2 "$PE2" c0
	tap "$WA" w1 w2
	tap "$WB" w1 w2
	tap "$W23" w1 w2
	# The CE's UDP checksums are left to the NIC (checksum offload),
	# which a frame redirected by XDP never meets: compute them here.
	on "$CE1" ethtool -K eth0 tx off >/dev/null
	on "$CE1" ip addr add 192.168.1.2/24 dev eth0
	on "$CE1" ip route add default via 192.168.1.1
	on "$CE2" ip addr add 192.168.2.2/24 dev eth0
	on "$CE2" ip route add default via 192.168.2.1
	on "$PE1" ip addr add 192.168.1.1/24 dev r1
	on "$PE2" ip addr add 192.168.2.1/24 dev r2
	on "$PE1" ip addr add 10.255.0.1/32 dev lo
	on "$P" ip addr add 10.255.0.2/32 dev lo
	on "$PE2" ip addr add 10.255.0.3/32 dev lo
	on "$PE1" ip addr add 10.0.12.1/24 dev c0
	on "$PE1" ip addr add 10.0.13.1/24 dev c1
	on "$P" ip addr add 10.0.12.2/24 dev c1
	on "$P" ip addr add 10.0.13.2/24 dev c2
	on "$P" ip addr add 10.0.23.2/24 dev c3
	on "$PE2" ip addr add 10.0.23.3/24 dev c0
	on "$PE2" ip route add 10.255.0.1/32 via 10.0.23.2
	on "$P" ip route add 10.255.0.3/32 via 10.0.23.3

	pe1_config false '["10.0.12.2", "10.0.13.2"]'
	cat >"$WORK/p.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "c1", "mpls": true}, {"name": "c2", "mpls": true},
                  {"name": "c3", "mpls": true} ],
  "labels": [ {"in": 16001, "out": [], "via": ["10.0.12.1", "10.0.13.1"]},
              {"in": 16003, "out": [], "via": "10.0.23.3"} ]
}
JSON
	cat >"$WORK/pe2.json" <<'JSON'
{
  "router_id": "10.255.0.3",
  "interfaces": [ {"name": "c0", "mpls": true}, {"name": "r2", "vrf": "red"} ],
  "lsps": [ {"to": "10.255.0.1", "push": [16001], "via": "10.0.23.2"} ],
  "vrfs": [ {"name": "red", "rd": "65000:1", "label": 100,
             "routes": [ {"prefix": "192.168.1.0/24", "pe": "10.255.0.1",
                          "label": 100} ]} ]
}
JSON
	mplsxd_start "$PE1" "$WORK/pe1.json" pe1 &&
		mplsxd_start "$P" "$WORK/p.json" p &&
		mplsxd_start "$PE2" "$WORK/pe2.json" pe2 &&
		wait_for 20 test -e "$PINS_pe1/ecmp_seed" &&
		bpftool map update pinned "$PINS_pe1/ecmp_seed" \
			key 0 0 0 0 value 0x5e 0xed 0x12 0x34
}

setup || setup_failed setup

# send ROUNDS GAP_S [SPORT0]: every round one datagram per flow (source
# ports SPORT0.., payload "flow=F seq=N"), rounds GAP_S apart.
send() {
	on "$CE1" "$PY" -c "
import socket, time
socks = []
for f in range($FLOWS):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('192.168.1.2', ${3:-10000} + f))
    socks.append(s)
t = time.time()
for n in range($1):
    for f, s in enumerate(socks):
        s.sendto(b'flow=%d seq=%d ' % (f, n), ('192.168.2.2', 5000))
    t += $2
    time.sleep(max(0, t - time.time()))"
}

# recv OUT: per flow, the sequence numbers received, until 2 s of quiet.
recv() {
	on "$CE2" "$PY" -c "
import socket, json
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 5000)); s.settimeout(8)
got = {}
try:
    while True:
        w = s.recv(100).split()
        got.setdefault(w[0].decode()[5:], []).append(int(w[1][4:]))
        s.settimeout(2)
except socket.timeout:
    pass
json.dump(got, open('$1', 'w'))" &
	RECV=$!
	wait_for 5 udp_listening "$CE2"
}

# The frames of a capture towards PE2: per flow, (time, seq, labels).
cat >"$WORK/frames.py" <<'PY'
import json, struct, sys

def frames(path):
    out = {}
    with open(path, 'rb') as f:
        data = f.read()
    off = 24
    while off + 16 <= len(data):
        sec, usec, caplen, _ = struct.unpack_from('<IIII', data, off)
        pkt = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(pkt) < 18 or pkt[12:14] != b'\x88\x47':
            continue
        pos, stack = 14, []
        while pos + 4 <= len(pkt):
            e = struct.unpack_from('>I', pkt, pos)[0]
            stack.append([e >> 12, (e >> 9) & 7, (e >> 8) & 1, e & 0xff])
            pos += 4
            if e & 0x100:
                break
        i = pkt.find(b'flow=', pos)
        if not stack or stack[0][0] != 16003 or i < 0:
            continue
        w = pkt[i:i + 40].split()
        out.setdefault(w[0].decode()[5:], []).append(
            [sec + usec / 1e6, int(w[1][4:]), stack])
    return out

json.dump({n: frames(p) for n, p in zip(sys.argv[1::2], sys.argv[2::2])},
          sys.stdout)
PY
capture() { # start captures on both PE1-P links
	tcpdump_start "$WA" w1 a && tcpdump_start "$WB" w1 b
}
analyse() { # OUT: stop the captures, per link per flow frames
	tcpdump_stop a
	tcpdump_stop b
	"$PY" "$WORK/frames.py" a "$WORK/a.pcap" b "$WORK/b.pcap" >"$1"
}
members() { # NAME: the LSP's group members as "via:state:interface:packets"
	ctl "$1" show lsps | json "' '.join('%s:%s:%s:%d' % (m['via'], m['state'], m.get('interface', '-'), m['packets']) for m in d[0]['nexthop'].get('members', []))"
}
reload_pe1() { ctl pe1 reload >/dev/null; }
py() { "$PY" -c "import json; a = json.load(open('$WORK/$1')); $2"; }

lsp_group_up() {
	[ "$(ctl pe1 show lsps | json "d[0]['nexthop']['state']")" = group ] &&
		[ "$(members pe1 | grep -o ':resolved:c[01]' | sort -u | wc -l)" = 2 ]
}
check "PE1: the LSP to PE2 is a group of two resolved members (c0, c1)" \
	wait_for 10 lsp_group_up
route_installed() {
	[ "$(ctl pe1 show routes red | json "[r['installed'] for r in d if r['prefix']=='192.168.2.0/24'][0]")" = True ]
}
check "PE1: 192.168.2.0/24 installed over the group" wait_for 5 route_installed
# Glean at PE2, ARP everywhere, and the way back through P's group.
check "ping ce1 -> ce2 (and back over P's two-member group)" \
	wait_for 10 on "$CE1" ping -c 1 -W 1 192.168.2.2

count_match() { # the member counters moved by what each link carried
	local want got
	want=$(py f1.json "print('c0:%d c1:%d' % tuple(sum(map(len, a[l].values())) for l in 'ab'))")
	got=$("$PY" -c "
b = dict(m.split(':')[2:] for m in '$BEFORE'.split())
n = dict(m.split(':')[2:] for m in '$(members pe1)'.split())
print('c0:%d c1:%d' % tuple(int(n[i]) - int(b[i]) for i in ('c0', 'c1')))")
	echo "frames $want, counters $got"
	[ "$got" = "$want" ]
}

# ---- 64 flows, 20 datagrams each, over both links ---------------------
capture || setup_failed capture
recv "$WORK/r1.json"
BEFORE=$(members pe1)
send 20 0.01
wait "$RECV"
analyse "$WORK/f1.json"
check "all $((FLOWS * 20)) datagrams arrive" py r1.json "
import sys; n = sum(len(v) for v in a.values()); print('received', n)
sys.exit(n != $((FLOWS * 20)))"
check "every flow on one link only, all of it" py f1.json "
import sys
bad = [f for f in map(str, range($FLOWS))
       if (f in a['a']) == (f in a['b'])
       or len(a['a'].get(f, []) + a['b'].get(f, [])) != 20]
print('flows on both or neither link:', bad); sys.exit(len(bad) > 0)"
check "each link carries a fair share of the 64 flows" py f1.json "
import sys; na, nb = len(a['a']), len(a['b'])
print('flows per link: a %d, b %d' % (na, nb)); sys.exit(min(na, nb) < 22)"
check "show lsps: member packets equal the frames on each link" count_match

# ---- link b goes down under traffic -----------------------------------
capture || setup_failed capture
recv "$WORK/r2.json"
send 150 0.02 11000 &
SEND=$!
sleep 1 # traffic flowing on both links before the cut
T_DOWN=$(date +%s.%N)
on "$PE1" ip link set c1 down
wait "$SEND"
wait "$RECV"
analyse "$WORK/f2.json"
cat >"$WORK/moved.py" <<PY
import json, sys
f, r = json.load(open('$WORK/f2.json')), json.load(open('$WORK/r2.json'))
down = $T_DOWN
a, b = f['a'], f['b']
on_b = [x for x in b if any(t < down for t, _, _ in b[x])]
stay = [x for x in a if x not in b]
late = [x for x in on_b if x not in a or min(t for t, _, _ in a[x]) > down + 1]
lost = {x: 150 - len(set(r.get(x, []))) for x in map(str, range($FLOWS))}
print('flows on b before the cut', len(on_b), 'stayed on a', len(stay),
      'moved late', late)
print('lost per moved flow', sorted(lost[x] for x in on_b),
      'lost on a-flows', sum(lost[x] for x in stay))
PY
check "b's flows move to a within a second of the cut" "$PY" -c "
exec(open('$WORK/moved.py').read()); sys.exit(not on_b or len(late) > 0 or max(lost[x] for x in on_b) > 50)"
check "a's flows never move, and lose nothing" "$PY" -c "
exec(open('$WORK/moved.py').read())
sys.exit(len(stay) + len(on_b) != $FLOWS or sum(lost[x] for x in stay) != 0
         or any(x in b for x in stay))"
member_down() { members pe1 | grep -q "10.0.13.2:unresolved:"; }
check "show lsps: the member on c1 is down" member_down
on "$PE1" ip link set c1 up
check "the member on c1 comes back" wait_for 10 lsp_group_up
check "ping ce1 -> ce2 again" wait_for 10 on "$CE1" ping -c 1 -W 1 192.168.2.2

# ---- entropy labels ----------------------------------------------------
pe1_config true '["10.0.12.2", "10.0.13.2"]'
check "reload PE1 with entropy: true" reload_pe1
capture || setup_failed capture
recv "$WORK/r3.json"
send 5 0.01 12000
wait "$RECV"
analyse "$WORK/f3.json"
check "ELI (7) + EL (TTL 0, not reserved) under the transport label on every frame" py f3.json "
import sys
st = [s for l in 'ab' for v in a[l].values() for _, _, s in v]
bad = [s for s in st if len(s) != 4 or s[1][0] != 7 or s[1][2] or
       s[2][0] < 16 or s[2][3] != 0 or s[2][2] or s[3][0] != 100 or not s[3][2]]
print(len(st), 'frames, first stack', st[:1], 'bad', bad[:2])
sys.exit(len(st) != $((FLOWS * 5)) or len(bad) > 0)"
check "one entropy label per flow, distinct across flows" py f3.json "
import sys
el = {f: {s[2][0] for _, _, s in a[l][f]} for l in 'ab' for f in a[l]}
one = all(len(v) == 1 for v in el.values())
distinct = len({min(v) for v in el.values()})
print('flows', len(el), 'distinct ELs', distinct); sys.exit(not one or distinct < 60)"
check "PE2 pops ELI/EL: all $((FLOWS * 5)) datagrams arrive" py r3.json "
import sys; sys.exit(sum(len(v) for v in a.values()) != $((FLOWS * 5)))"

# ---- the kernel's multipath route and nexthop objects ------------------
on "$PE1" ip route add 10.255.0.2/32 \
	nexthop via 10.0.12.2 dev c0 nexthop via 10.0.13.2 dev c1
pe1_config false '"10.255.0.2"'
check "reload PE1: one via, the kernel's two-path route to it" reload_pe1
check "the LSP follows the multipath route: two members on c0 and c1" \
	wait_for 10 lsp_group_up
# Without compat mode the route says only RTA_NH_ID: the group's members
# are read from the nexthop objects themselves.
on "$PE1" sysctl -qw net.ipv4.nexthop_compat_mode=0
on "$PE1" ip nexthop add id 101 via 10.0.12.2 dev c0
on "$PE1" ip nexthop add id 102 via 10.0.13.2 dev c1
on "$PE1" ip nexthop add id 103 via 10.0.12.2 dev c0
on "$PE1" ip nexthop add id 110 group 101/102
on "$PE1" ip route replace 10.255.0.2/32 nhid 103 # one path first
one_member() { [ "$(ctl pe1 show lsps | json "d[0]['nexthop']['state']")" = resolved ]; }
check "a route over one nexthop object: a plain nexthop" wait_for 10 one_member
on "$PE1" ip route replace 10.255.0.2/32 nhid 110
check "a nexthop object group: two members on c0 and c1" wait_for 10 lsp_group_up

summary
