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

plan 35

A=$TAG-a P=$TAG-p B=$TAG-b
ns_add "$A"
ns_add "$P"
ns_add "$B"
veth "$A" a0 "$P" pa
veth "$P" pb "$B" b0
on "$A" ip addr add 10.0.1.1/24 dev a0
on "$P" ip addr add 10.0.1.2/24 dev pa
on "$P" ip addr add 10.0.2.2/24 dev pb
on "$B" ip addr add 10.0.2.1/24 dev b0

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

# Frames on the wire.
nsenter --net="/run/netns/$B" tcpdump -i b0 -U -n -w "$WORK/b0.pcap" \
	>"$WORK/tcpdump.log" 2>&1 &
TCPDUMP=$!
PIDS+=($TCPDUMP)
wait_for 5 grep -q "listening on" "$WORK/tcpdump.log"
on "$A" "$PY" "$ROOT/tests/e2e/p_frames.py" send a0 "$(mac_of "$P" pa)"
sleep 1
ctl p show stats >"$WORK/stats-after-frames.json"
kill -INT $TCPDUMP
wait $TCPDUMP 2>/dev/null
if on "$B" "$PY" "$ROOT/tests/e2e/p_frames.py" check "$WORK/b0.pcap" \
	"$(mac_of "$P" pb)" "$(mac_of "$B" b0)" >"$WORK/frames.out"; then :; fi
while read -r verdict name rest; do
	case $verdict in
	PASS) check "$name" true ;;
	FAIL) check "$name" false ;;
	*) echo "$verdict $name $rest" ;;
	esac
done <"$WORK/frames.out"

drops() { ctl p show stats | json "d['drops']['$1']"; }
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
sed -i 's/"out": \[2000\]/"out": [2001]/; /"in": 1001/d' "$WORK/p.json"
check "reload applies" ctl p reload
check "changed label rewritten" [ "$(ctl p show labels |
	json "[l['out'] for l in d if l['in']==1000][0]")" = "[2001]" ]
check "removed label gone from the map" [ "$(label_action 1001)" = 0 ]
cp "$WORK/p.json" "$WORK/p.good.json"
sed -i 's/"in": 1002/"in": 3/' "$WORK/p.json"
ctl p reload >"$WORK/bad.out"
check "bad reload refused with the key named" grep -q 'labels\[1\].in: 3 is a reserved label' "$WORK/bad.out"
check "state unchanged after a refused reload" [ "$(ctl p show labels | json 'len(d)')" = 4 ]
check "SIGHUP reloads" bash -c "cp '$WORK/p.good.json' '$WORK/p.json' && kill -HUP $PID_p && sleep 0.5 &&
	'$BUILD/mplsxctl' -s '$SOCK_p' show status | grep -q '\"reloads\":[[:space:]]*2'"

# Clean stop: detached and unpinned.
kill -TERM "$PID_p"
wait "$PID_p" 2>/dev/null
check "mplsxd exits 0 on SIGTERM" [ $? -eq 0 ]
check "XDP detached from P's ports" bash -c "! nsenter --net=/run/netns/$P ip link show pa | grep -q xdp"
check "pins removed" [ ! -e "$PINS_p" ]

summary
