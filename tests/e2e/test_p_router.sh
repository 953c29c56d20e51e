#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end: A --- P --- B, mplsxd in P with a static label table.
# MPLS frames sent from A must come out at B swapped / popped / swapped
# and pushed exactly (checked on a capture, byte for byte); the host's own
# traffic (ping to P) keeps working with XDP attached; the nexthop follows
# MAC changes and link state within a second; reloads apply differences
# and a refused reload keeps the running state; nothing is left behind.
set -u
. "$(dirname "$0")/lib.sh"

plan 66

p_line_topo

cat >"$WORK/p.json" <<'JSON'
{
  "router_id": "10.255.0.2",
  "interfaces": [ {"name": "pa", "mpls": true}, {"name": "pb", "mpls": true} ],
  "labels": [
    {"in": 1000, "out": [2000], "via": "10.0.2.1"},
    {"in": 1001, "out": [], "via": "10.0.2.1"},
    {"in": 1002, "out": [2002, 3002], "via": "10.0.2.1"},
    {"in": 1003},
    {"in": 1100, "out": [2100], "via": "10.0.1.1"}
  ]
}
JSON

mplsxd_start "$P" "$WORK/p.json" p || setup_failed "mplsxd on P"

nh_state() { # VIA -> resolved/unresolved
	ctl p show neighbors | json "[n['state'] for n in d if n['via']=='$1'][0]"
}
nh_mac() {
	ctl p show neighbors | json "[n.get('mac','') for n in d if n['via']=='$1'][0]"
}
resolved() { [ "$(nh_state "$1")" = resolved ]; }

check "attached in native mode" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_p' show interfaces | grep -q '\"xdp_mode\":[[:space:]]*\"native\"'"
check "nexthop 10.0.2.1 resolves by ARP" wait_for 5 resolved 10.0.2.1
check "nexthop 10.0.1.1 resolves by ARP" wait_for 5 resolved 10.0.1.1
check "nexthop MAC is B's" [ "$(nh_mac 10.0.2.1)" = "$(mac_of "$B" b0)" ]
check "maps pinned" [ -e "$PINS_p/label_table" -a -e "$PINS_p/nexthop" ]
# label_table is an array over the label space: action 0 = no entry.
label_action() { # LABEL
	bpftool -j map lookup pinned "$PINS_p/label_table" key \
		$(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) 0 |
		json "d['formatted']['value']['action']"
}
labels_set() {
	local n=0 l
	for l in 1000 1001 1002 1003 1100 1004; do
		[ "$(label_action $l)" != 0 ] && n=$((n + 1))
	done
	echo $n
}
check "label_table in bpffs holds 5 entries" [ "$(labels_set)" = 5 ]

# Frames on the wire: captured at B, compared byte for byte.  Every step
# counts: a capture that never listens, a tcpdump that fails, and a check
# that cannot read the capture all fail (and the wire cases then go
# missing from the plan).
drops() { ctl p show stats | json "d['drops']['$1']"; }
# All 8 forwarded cases captured at B and the 3 others dropped at P.
frames_done() {
	[ "$(grep -ao 'case:[a-z0-9-]*;' "$WORK/b0.pcap" | sort -u | wc -l)" -ge 8 ] &&
		[ "$(drops ttl_expired)" -ge 1 ] && [ "$(drops no_label)" -ge 1 ] &&
		[ "$(drops reserved_label)" -ge 1 ]
}
wire_run() { # OUT: the PASS/FAIL lines of p_frames.py check
	: >"$1"
	tcpdump_start "$B" b0 b0 || return 1
	on "$A" "$PY" "$ROOT/tests/e2e/p_frames.py" send a0 "$(mac_of "$P" pa)" ||
		return 1
	wait_for 5 frames_done
	tcpdump_stop b0 || return 1
	on "$B" "$PY" "$ROOT/tests/e2e/p_frames.py" check "$WORK/b0.pcap" \
		"$(mac_of "$P" pb)" "$(mac_of "$B" b0)" >"$1"
}
wire_run "$WORK/frames.out"
check "capture and wire check succeed (exit status)" [ $? -eq 0 ]
while read -r verdict name rest; do
	case $verdict in
	PASS) check "$name" true ;;
	FAIL) check "$name" false ;;
	*) echo "$verdict $name $rest" ;;
	esac
done <"$WORK/frames.out"

# The same run with a broken tcpdump must fail, not pass with fewer cases:
# one that dies at once, one that says it listens but captures nothing.
mkdir -p "$WORK/dead" "$WORK/deaf"
printf '#!/bin/sh\necho "tcpdump: broken" >&2\nexit 1\n' >"$WORK/dead/tcpdump"
# (Python: a background job of this script ignores SIGINT, and only a
# process that sets its own handler, as tcpdump does, stops on it.)
cat >"$WORK/deaf/tcpdump" <<EOF
#!$PY
import signal, sys, time
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
print("listening on b0", flush=True)
time.sleep(60)
EOF
chmod +x "$WORK/dead/tcpdump" "$WORK/deaf/tcpdump"
broken_fails() { # DIR
	rm -f "$WORK/b0.pcap"
	! PATH="$1:$PATH" wire_run "$WORK/broken.out" 2>/dev/null &&
		! grep -q . "$WORK/broken.out"
}
check "a tcpdump that dies fails the wire run" broken_fails "$WORK/dead"
check "a tcpdump that captures nothing fails the wire run" \
	broken_fails "$WORK/deaf"

check "drop counted: ttl_expired" [ "$(drops ttl_expired)" -ge 1 ]
check "drop counted: no_label" [ "$(drops no_label)" -ge 1 ]
check "drop counted: reserved_label" [ "$(drops reserved_label)" -ge 1 ]
check "label 1000 counted 3 packets" [ "$(ctl p show labels |
	json "[l['packets'] for l in d if l['in']==1000][0]")" -ge 3 ]

# The host's own traffic still reaches P's kernel through XDP_PASS.
check "ping to P's own address with XDP attached" \
	on "$A" ping -c 2 -W 2 -q 10.0.1.2

# Adjacency follows the kernel within a second.
on "$P" ip neigh replace 10.0.2.1 lladdr 02:00:00:00:0b:0b dev pb nud reachable
check "MAC change reaches the nexthop map within 1 s" \
	wait_for 1 bash -c "'$BUILD/mplsxctl' -s '$SOCK_p' show neighbors | grep -q 02:00:00:00:0b:0b"
check "nexthop map holds the new MAC" bash -c \
	"bpftool -j map dump pinned '$PINS_p/nexthop' | grep -q '\"0x0b\",\"0x0b\"'"
on "$P" ip link set pb down
check "link down unresolves the nexthop within 1 s" \
	wait_for 1 bash -c "! '$BUILD/mplsxctl' -s '$SOCK_p' show neighbors | $PY -c \"import json,sys; d=json.load(sys.stdin); sys.exit(0 if [n for n in d if n['via']=='10.0.2.1' and n['state']=='resolved'] else 1)\""
on "$P" ip link set pb up
check "link up resolves it again" wait_for 5 resolved 10.0.2.1

# Reload: a difference, and a refused file keeps the running state.
label_packets() { ctl p show labels | json "[l['packets'] for l in d if l['in']==$1][0]"; }
before_1002=$(label_packets 1002)
sed -i 's/"out": \[2000\]/"out": [2001]/; /"in": 1001/d' "$WORK/p.json"
check "reload applies" ctl p reload
check "an unchanged label keeps its counters across the reload ($before_1002)" \
	[ "$(label_packets 1002)" = "$before_1002" -a "$before_1002" -ge 1 ]
check "changed label rewritten" [ "$(ctl p show labels |
	json "[l['out'] for l in d if l['in']==1000][0]")" = "[2001]" ]
check "removed label gone from the map" [ "$(label_action 1001)" = 0 ]
cp "$WORK/p.json" "$WORK/p.good.json"
sed -i 's/"in": 1002/"in": 3/' "$WORK/p.json"
ctl p reload >"$WORK/bad.out"
check "bad reload refused with the key named" grep -q 'labels\[1\].in: 3 is a reserved label' "$WORK/bad.out"
check "state unchanged after a refused reload" [ "$(ctl p show labels | json 'len(d)')" = 4 ]
reloads() { ctl p show status | json "d['reloads']"; }
cp "$WORK/p.good.json" "$WORK/p.json"
kill -HUP "$PID_p"
reloaded_twice() { [ "$(reloads)" = 2 ]; }
check "SIGHUP reloads" wait_for 5 reloaded_twice

check "control socket is mode 0600" [ "$(stat -c %a "$SOCK_p")" = 600 ]

# An interface whose driver cannot do native XDP (a bridge: this kernel
# has no dummy) is attached in generic mode, and show interfaces says so.
on "$P" ip link add d0 type bridge
on "$P" ip link set d0 up
with_dummy() { # FILE: the good config with d0 as a core port
	"$PY" - "$WORK/p.good.json" "$1" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "d0", "mpls": True})
json.dump(c, open(sys.argv[2], "w"))
PYEOF
}
with_dummy "$WORK/p.json"
check "reload with a bridge interface" ctl p reload
check "the bridge falls back to generic XDP" [ "$(ctl p show interfaces |
	json "[i['xdp_mode'] for i in d if i['name']=='d0'][0]")" = generic ]
check "the veths stay native" [ "$(ctl p show interfaces |
	json "sorted(set(i['xdp_mode'] for i in d if i['name']!='d0'))")" = "['native']" ]
cp "$WORK/p.good.json" "$WORK/p.json"
check "reload without it" ctl p reload

# A VLAN VRF port needs an 802.1Q device, which this kernel lacks: the
# reload is refused with the key named, the running state kept.
"$PY" - "$WORK/p.good.json" "$WORK/p.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "d0", "vlan": 100, "vrf": "red"})
c["vrfs"] = [{"name": "red", "rd": "65000:1", "import": ["65000:1"],
              "export": ["65000:1"], "label": 100}]
json.dump(c, open(sys.argv[2], "w"))
PYEOF
ctl p reload >"$WORK/vlan.out"
check "VLAN VRF port refused: interfaces[2].vlan, no 802.1Q device" \
	grep -q 'interfaces\[2\].vlan: no 802.1Q device for VLAN 100 on d0' "$WORK/vlan.out"
check "... and the running state is unchanged" [ "$(ctl p show labels | json 'len(d)')" = 4 -a \
	"$(ctl p show vrfs | json 'len(d)')" = 0 ]
cp "$WORK/p.good.json" "$WORK/p.json"

# VLAN ports on an interface flag its port_config entry (0x2,
# MPLSX_PORT_F_VLANS), which has no role of its own then (an interface is
# either a port or carries VLAN ports): only then does a tagged frame cost
# the data path the port_vlan lookup.  A VLAN attachment circuit needs no
# 802.1Q device.
port_flags() { # IFNAME -> role/flags of port_config[ifindex]
	local i
	i=$(on "$P" ip -o link show "$1" | cut -d: -f1)
	bpftool -j map lookup pinned "$PINS_p/port_config" key \
		$((i & 255)) $((i >> 8 & 255)) 0 0 |
		json "'%d/%d' % (d['formatted']['value']['role'], d['formatted']['value']['flags'])"
}
on "$P" ip link add vx type veth peer name vy
on "$P" ip link set vx up
on "$P" ip link set vy up
check "core port pa, no VLAN ports: role 1, flags 0" [ "$(port_flags pa)" = 1/0 ]
"$PY" - "$WORK/p.good.json" "$WORK/p.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "vx", "vlan": 100, "pseudowire": "pwv"})
c["pseudowires"] = [{"name": "pwv", "peer": "10.0.2.1", "local_label": 5001,
                     "remote_label": 5002}]
json.dump(c, open(sys.argv[2], "w"))
PYEOF
check "reload with a VLAN AC on vx" ctl p reload
check "vx's entry: no role, flagged as having VLAN ports" \
	[ "$(port_flags vx)" = 0/2 ]
check "pa's entry unchanged: 1/0" [ "$(port_flags pa)" = 1/0 ]
cp "$WORK/p.good.json" "$WORK/p.json"
check "reload without it" ctl p reload
check "vx's flag cleared with its last VLAN port" [ "$(port_flags vx)" = 0/0 ]
on "$P" ip link del vx

# BGP: a connection from an address that is no neighbour is closed at
# once; the neighbour's own gets mplsxd's OPEN.
"$PY" - "$WORK/p.good.json" "$WORK/p.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["bgp"] = {"asn": 65000, "listen": "127.0.0.2", "port": 1790,
            "neighbors": [{"address": "127.0.0.1", "asn": 65000}]}
json.dump(c, open(sys.argv[2], "w"))
PYEOF
check "reload with bgp" ctl p reload
bgp_hello() { # SRC: what mplsxd sends a connection from SRC (eof / open)
	on "$P" "$PY" -c "
import socket, sys
s = socket.socket(); s.settimeout(5)
s.bind(('$1', 0)); s.connect(('127.0.0.2', 1790))
b = s.recv(19)
print('eof' if not b else 'open' if len(b) == 19 and b[18] == 1 else 'other')"
}
check "a connection from 127.0.0.5 (no neighbour) is closed" \
	[ "$(bgp_hello 127.0.0.5)" = eof ]
check "... and logged" grep -q 'connection from 127.0.0.5 to port 1790: not a neighbor, closed' "$WORK/p.log"
check "the neighbour 127.0.0.1 gets an OPEN" [ "$(bgp_hello 127.0.0.1)" = open ]

# A session (tests/e2e/bgp_peer.py as the neighbour) survives a reload
# that leaves BGP alone, and a changed hold time, router id or AS resets
# it with a Cease, configuration change (6/6).
cfg_edit() { # PYTHON: edit c, the running config (p.json), in place
	"$PY" -c "
import json
c = json.load(open('$WORK/p.json'))
$1
json.dump(c, open('$WORK/p.json', 'w'))"
}
peer_start() { # NAME
	# nsenter itself: $! is the peer (killed below), not a subshell.
	nsenter --net="/run/netns/$P" "$PY" "$ROOT/tests/e2e/bgp_peer.py" \
		127.0.0.1 127.0.0.2 1790 65000 10.0.0.9 >"$WORK/peer-$1.out" 2>&1 &
	PEER_PID=$!
	PIDS+=($!)
	wait_for 10 grep -q established "$WORK/peer-$1.out"
}
bgp_state() { ctl p show bgp | json "d['neighbors'][0]['state']"; }
reset_by() { # NAME PYTHON: a session, then the edit and a reload: Cease 6/6
	peer_start "$1" && cfg_edit "$2" && ctl p reload >/dev/null &&
		wait_for 10 grep -q 'notification 6/6' "$WORK/peer-$1.out"
}
check "a session comes up with the scripted peer" peer_start keep
cfg_edit 'c["labels"][0]["out"] = [2009]'
check "a reload that leaves bgp alone keeps it" \
	eval 'ctl p reload >/dev/null && [ "$(bgp_state)" = Established ]'
kill "$PEER_PID"
not_established() { [ "$(bgp_state)" != Established ]; }
check "the peer gone, the session is down" wait_for 5 not_established
check "a changed hold_time resets it (Cease 6/6)" reset_by hold 'c["bgp"]["hold_time"] = 30'
check "a changed router_id resets it" reset_by rid 'c["router_id"] = "10.255.0.9"'
check "a changed asn resets it" reset_by asn 'c["bgp"]["asn"] = 65001'
cp "$WORK/p.good.json" "$WORK/p.json"
cp "$WORK/p.good.json" "$WORK/p.json"

# An IPv6 core next hop: a label entry whose via is B's IPv6 address is
# resolved by ND and swaps onto the wire towards B's MAC.
on "$P" ip addr add 2001:db8:2::2/64 dev pb nodad
on "$B" ip addr add 2001:db8:2::1/64 dev b0 nodad
"$PY" - "$WORK/p.good.json" "$WORK/p.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["labels"].append({"in": 1200, "out": [2200], "via": "2001:db8:2::1"})
json.dump(c, open(sys.argv[2], "w"))
PYEOF
check "reload with a label via 2001:db8:2::1" ctl p reload
check "the IPv6 next hop resolves by ND" wait_for 5 resolved 2001:db8:2::1
check "... to B's MAC" [ "$(nh_mac 2001:db8:2::1)" = "$(mac_of "$B" b0)" ]
tcpdump_start "$B" b0 b0v6
on "$A" "$PY" -c "
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
sendp(Ether(dst='$(mac_of "$P" pa)', type=0x8847) / MPLS(label=1200, s=1, ttl=64) /
      IP(src='10.0.1.1', dst='10.0.2.1') / UDP(dport=5000) / Raw(b'vrf=v6 seq=0'),
      iface='a0', verbose=False)"
v6_seen() { [ "$(tagged "$WORK/b0v6.pcap" v6)" -ge 1 ]; }
wait_for 5 v6_seen
tcpdump_stop b0v6
check "label 1200 swapped to 2200 (TTL 63) out to B's MAC over the IPv6 next hop" \
	"$PY" -c "
import struct, sys
from scapy.all import rdpcap
want = bytes.fromhex('$(mac_of "$B" b0)'.replace(':', ''))
for p in rdpcap('$WORK/b0v6.pcap'):
    b = bytes(p)
    if b'vrf=v6 seq=' in b:
        e = struct.unpack('!I', b[14:18])[0]
        sys.exit(0 if b[:6] == want and b[12:14] == b'\x88\x47' and
                 e >> 12 == 2200 and e & 0xff == 63 else 1)
sys.exit(1)"
cp "$WORK/p.good.json" "$WORK/p.json"

# Clean stop: detached and unpinned.
kill -TERM "$PID_p"
wait "$PID_p" 2>/dev/null
check "mplsxd exits 0 on SIGTERM" [ $? -eq 0 ]
check "XDP detached from P's ports" bash -c "! nsenter --net=/run/netns/$P ip link show pa | grep -q xdp"
check "pins removed" [ ! -e "$PINS_p" ]

summary
