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

plan 38

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
reloads() { ctl p show status | json "d['reloads']"; }
cp "$WORK/p.good.json" "$WORK/p.json"
kill -HUP "$PID_p"
reloaded_twice() { [ "$(reloads)" = 2 ]; }
check "SIGHUP reloads" wait_for 5 reloaded_twice

# Clean stop: detached and unpinned.
kill -TERM "$PID_p"
wait "$PID_p" 2>/dev/null
check "mplsxd exits 0 on SIGTERM" [ $? -eq 0 ]
check "XDP detached from P's ports" bash -c "! nsenter --net=/run/netns/$P ip link show pa | grep -q xdp"
check "pins removed" [ ! -e "$PINS_p" ]

summary
