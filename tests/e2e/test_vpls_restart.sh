#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, VPLS across mplsxd restarts (tests/e2e/vpls_topo.sh, persist
# on): CE1 sends a counted stream of broadcast and unknown-unicast frames
# (200 frames/s, sequence numbers, an ethertype of their own) that PE1
# floods to PE2 and PE3 (the flood program on PE1's a1), which flood them
# to CE2 and CE3 (the flood program on their c0).  Each event gets its
# own stream; every frame must arrive once at both CEs (none lost, none
# twice) across a persist stop + start, a kill -9 + start (of the PE that
# floods from its AC, and of one that floods from the core), an upgrade
# to another map layout (build/alt, MIGRATE) and back.  Meanwhile
# `tc filter show` on the restarted PE is polled: exactly one mplsx flood
# filter on a1 and on c0 in every sample, and after the commit it runs the
# new daemon's program.  The MAC table: after a restart `show vpls` counts
# the adopted entries, mac_limit (8 here) holds at once, ages go on, and
# a `clear mac` frees the room (the count does not wrap).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pw_topo.sh"
. "$(dirname "$0")/vpls_topo.sh"

[ -x "$BUILD/alt/mplsxd" ] || setup_failed "$BUILD/alt/mplsxd missing (make)"
plan 62
PPS=200
VPLS_CFG_EXTRA=', "mac_limit": 8'
vpls_up || {
	cat "$WORK"/*.log >&2
	setup_failed "topology"
}
for n in vpe1 vpe2; do
	$PY - "$WORK/$n.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["persist"] = True
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
	check "$n reloads persist: true" bash -c "'$BUILD/mplsxctl' -s '$(eval echo "\$SOCK_$n")' reload >/dev/null"
done

# mx_restart NAME NS HOW [BINARY]: stop mplsxd NAME (HOW: TERM, persist
# stop, or KILL) and start BINARY on the same config, pins and socket;
# returns once the new one has committed.
mx_restart() {
	local name=$1 ns=$2 how=$3 bin=${4:-$BUILD/mplsxd} pid
	pid=$(eval echo "\$PID_$name")
	kill "-$how" "$pid"
	wait "$pid" 2>/dev/null
	rm -f "$(eval echo "\$SOCK_$name")"
	nsenter --net="/run/netns/$ns" "$bin" -c "$WORK/$name.json" \
		-s "$(eval echo "\$SOCK_$name")" -p "$(eval echo "\$PINS_$name")" \
		>>"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
	eval "PID_$name=$!"
	wait_for 20 ctl "$name" show status && wait_for 40 committed "$name"
}
committed() { [ "$(ctl "$1" show status | json "d['dataplane_committed']")" = True ]; }
status_field() { ctl "$1" show status | json "d['$2']"; }

peers_up() { [ "$(ctl vpe1 show vpls | json "all(p['state'] == 'up' for p in d[0]['peers'])")" = True ]; }
check "every pseudowire up" wait_for 15 peers_up
check "ping CE1 -> CE2" wait_for 10 on "$CE1" ping -c 1 -W 1 10.20.0.2
check "ping CE1 -> CE3" wait_for 10 on "$CE1" ping -c 1 -W 1 10.20.0.3

# ---- frames ----------------------------------------------------------------

cat >"$WORK/l2.py" <<'EOF'
# send IFACE SRC DST[,DST...] TAG N PPS: N frames, each "VR TAG SEQ", the
#   destinations in turn; recv IFACE TAG READY OUT: count them until 2 s
#   of silence after the first (8 s before it); OUT gets
#   "distinct duplicates" per destination kind (b: broadcast, u: other).
import socket, struct, sys, time
ETH_P = 0x88b5  # IEEE 802 local experimental
mode, ifc = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
s.bind((ifc, ETH_P))
mac = lambda m: bytes.fromhex(m.replace(":", ""))
if mode == "send":
    src, dsts, tag = mac(sys.argv[3]), [mac(d) for d in sys.argv[4].split(",")], sys.argv[5]
    n, pps = int(sys.argv[6]), float(sys.argv[7])
    t0 = time.monotonic()
    for i in range(n):
        d = dsts[i % len(dsts)]
        s.send(d + src + struct.pack("!H", ETH_P) + (b"VR %s %d " % (tag.encode(), i)).ljust(46, b"."))
        w = t0 + (i + 1) / pps - time.monotonic()
        if w > 0:
            time.sleep(w)
else:
    tag, ready, out = sys.argv[3].encode(), sys.argv[4], sys.argv[5]
    seen, dup = {"b": set(), "u": set()}, {"b": 0, "u": 0}
    s.settimeout(8)
    open(ready, "w").close()
    try:
        while True:
            f = s.recv(2048)
            w = f[14:].split()
            if len(w) < 3 or w[0] != b"VR" or w[1] != tag:
                continue
            k = "b" if f[0:6] == b"\xff" * 6 else "u"
            q = int(w[2])
            if q in seen[k]:
                dup[k] += 1
            seen[k].add(q)
            s.settimeout(2)
    except socket.timeout:
        pass
    open(out, "w").write("%d %d %d %d\n" % (len(seen["b"]), dup["b"], len(seen["u"]), dup["u"]))
EOF
CE1_MAC=$(mac_of "$CE1" eth0)
UNKNOWN=02:00:00:ee:ee:ee # never a source: always unknown unicast

# frames NS SRC DST TAG N: N frames from NS's eth0, at once.
frames() { on "$1" "$PY" "$WORK/l2.py" send eth0 "$2" "$3" "$4" "$5" 1000; }

# ---- the filter poll -------------------------------------------------------

# poll_start NS: `tc filter show` of a1 and c0 in NS, as fast as it goes,
# one line per sample: how many mplsx flood filters each has.
poll_start() {
	rm -f "$WORK/poll.stop"
	on "$1" bash -c "while [ ! -e '$WORK/poll.stop' ]; do
		echo \$(tc filter show dev a1 ingress | grep -c mplsx_vpls_tc) \$(tc filter show dev c0 ingress | grep -c mplsx_vpls_tc); sleep 0.01
	done" >"$WORK/poll.out" 2>&1 &
	POLL=$!
}
poll_stop() {
	touch "$WORK/poll.stop"
	wait "$POLL"
}
# The flood program's id on IF in NS.
tc_id() { on "$1" tc filter show dev "$2" ingress | sed -n 's/.*mplsx_vpls_tc.* id \([0-9]*\).*/\1/p'; }

# ---- events ----------------------------------------------------------------

# event TAG DESCRIPTION SECONDS NS CMD...: CMD during a flood stream from
# CE1, with NS's filters polled; checks: CMD done, nothing lost, nothing
# twice, one filter per hook in every sample.
event() {
	local tag=$1 desc=$2 secs=$3 ns=$4 n i rc got="" lost=0 dups=0 samples bad
	shift 4
	n=$((secs * PPS))
	for i in 2 3; do
		rm -f "$WORK/ready-$tag-$i"
		on "$(eval echo "\$CE$i")" "$PY" "$WORK/l2.py" recv eth0 "$tag" \
			"$WORK/ready-$tag-$i" "$WORK/rx-$tag-$i" &
		eval "RX_$i=$!"
	done
	wait_for 10 bash -c "[ -e '$WORK/ready-$tag-2' ] && [ -e '$WORK/ready-$tag-3' ]"
	poll_start "$ns"
	on "$CE1" "$PY" "$WORK/l2.py" send eth0 "$CE1_MAC" \
		"ff:ff:ff:ff:ff:ff,$UNKNOWN" "$tag" "$n" "$PPS" &
	local tx=$!
	sleep 0.5
	"$@"
	rc=$?
	wait "$tx"
	for i in 2 3; do
		wait "$(eval echo "\$RX_$i")"
		read -r b bd u ud <"$WORK/rx-$tag-$i" || b=0 bd=0 u=0 ud=0
		lost=$((lost + n - b - u))
		dups=$((dups + bd + ud))
		got="$got CE$i ${b}b/${u}u"
	done
	poll_stop
	samples=$(wc -l <"$WORK/poll.out")
	bad=$(grep -cv '^1 1$' "$WORK/poll.out")
	printf 'FLOOD %-42s %4d lost, %d twice of 2 x %d (%s); %d filter samples, %d not one each\n' \
		"$desc" "$lost" "$dups" "$n" "$got" "$samples" "$bad"
	check "$desc: done" [ $rc -eq 0 ]
	check "$desc: no flooded frame lost, none twice" [ "$lost/$dups" = 0/0 ]
	check "$desc: one flood filter on a1 and on c0 in each of $samples samples" \
		[ "$samples" -ge 10 -a "$bad" -eq 0 ]
}

macs() { ctl vpe1 show vpls | json "d[0]['macs']"; }
rows() { ctl vpe1 show mac l2 | json "len(d)"; }
limit_hits() { ctl vpe1 show vpls | json "d[0]['counters']['limit_hits']"; }
has_mac() { ctl vpe1 show mac l2 | grep -q "\"$1\""; }
not() { ! "$@"; }
# macs and rows are two reads: a sweep may come between them.
macs_eq_rows() { [ "$(macs)" = "$(rows)" ]; }
age_of() { ctl vpe1 show mac l2 | json "[r['age'] for r in d if r['mac']=='$1'][0]"; }

event base "no event (baseline)" 3 "$PE1" true

# PE1's table to its limit: CE1, CE2, CE3 and five more behind a1.
for i in 1 2 3 4 5; do frames "$CE1" "02:bb:00:00:00:0$i" "$UNKNOWN" fill$i 1; done
macs_are() { [ "$(macs)" = "$1" ]; }
hits_above() { [ "$(limit_hits)" -gt "$1" ]; }
check "PE1 holds 8 MACs, its mac_limit" wait_for 5 macs_are 8
check "show mac lists those 8" [ "$(rows)" = 8 ]
hits0=$(limit_hits)
frames "$CE1" 02:bb:00:00:00:09 "$UNKNOWN" over 1
check "a ninth MAC is refused (limit hit counted)" wait_for 5 hits_above "$hits0"
check "... and not learnt" not has_mac 02:bb:00:00:00:09
sleep 2 # an age of 2 s or more, to see it go on
age0=$(age_of 02:bb:00:00:00:01)
tc_a1=$(tc_id "$PE1" a1)
tc_c0=$(tc_id "$PE1" c0)

copies() { ctl vpe1 show vpls | json "d[0]['counters']['flood_copies']"; }
peer_floods() { ctl vpe1 show vpls | json "' '.join(str(p['flood_out']) for p in sorted(d[0]['peers'], key=lambda p: p['pe']))"; }
copies0=$(copies)
read -r pf2 pf3 <<<"$(peer_floods)"
event stop "persist stop + start PE1" 5 "$PE1" mx_restart vpe1 "$PE1" TERM
# 1000 frames flooded to 2 peers: the counters went on across it.
check "instance counters went on: flood_copies +2000 or more" \
	[ "$(copies)" -ge $((copies0 + 2000)) ]
read -r pf2b pf3b <<<"$(peer_floods)"
check "per-peer counters went on: flood_out +1000 or more on each" \
	[ "$pf2b" -ge $((pf2 + 1000)) -a "$pf3b" -ge $((pf3 + 1000)) ]
check "PE1's new mplsxd adopted the data plane" [ "$(status_field vpe1 dataplane)" = adopted ]
check "after the commit a1 and c0 run the new flood program" bash -c \
	"[ '$(tc_id "$PE1" a1)' != '$tc_a1' ] && [ '$(tc_id "$PE1" c0)' != '$tc_c0' ] && [ -n '$(tc_id "$PE1" a1)' ]"
check "adopted: show vpls counts the 8 MACs the table holds" [ "$(macs)/$(rows)" = 8/8 ]
check "ages went on across the restart ($age0 s before)" \
	$PY -c "import sys; sys.exit(not $(age_of 02:bb:00:00:00:01) >= $age0 + 1)"
hits0=$(limit_hits)
frames "$CE1" 02:bb:00:00:00:0a "$UNKNOWN" over2 1
check "mac_limit holds right after the restart: a new MAC is refused" wait_for 5 hits_above "$hits0"
check "... and not learnt" not has_mac 02:bb:00:00:00:0a
check "clear mac l2 after the restart" bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe1' clear mac l2 | grep -q cleared"
frames "$CE1" 02:bb:00:00:00:0b "$UNKNOWN" after 1
check "... frees the room: a new MAC is learnt (the count did not wrap)" \
	wait_for 5 has_mac 02:bb:00:00:00:0b
check "... and counted: macs equals show mac's rows" [ "$(macs)" = "$(rows)" ]

tc_a1=$(tc_id "$PE1" a1)
event k9 "kill -9 + start PE1" 5 "$PE1" mx_restart vpe1 "$PE1" KILL
check "kill -9: adopted" [ "$(status_field vpe1 dataplane)" = adopted ]
check "kill -9: a1 runs the new flood program" [ "$(tc_id "$PE1" a1)" != "$tc_a1" ]
check "kill -9: macs equals show mac's rows" wait_for 3 macs_eq_rows
# Aging of adopted entries: mac_age down to 3 s, the silent MACs go, the
# count follows them down, and learning goes on.
$PY - "$WORK/vpe1.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["vpls"][0]["mac_age"] = 3
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "PE1 reloads mac_age 3" bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe1' reload >/dev/null"
check "an adopted silent MAC ages out" wait_for 10 not has_mac 02:bb:00:00:00:0b
check "... counted: macs equals show mac's rows" wait_for 3 macs_eq_rows
frames "$CE1" 02:bb:00:00:00:0c "$UNKNOWN" aged 1
check "... and a new MAC is learnt" wait_for 5 has_mac 02:bb:00:00:00:0c

event k9c "kill -9 + start PE2 (floods from the core)" 5 "$PE2" mx_restart vpe2 "$PE2" KILL
check "PE2 adopted" [ "$(status_field vpe2 dataplane)" = adopted ]

# A MAC to carry across the upgrade (mac_age back to 300 s).
$PY - "$WORK/vpe1.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["vpls"][0]["mac_age"] = 300
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "PE1 reloads mac_age 300" bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe1' reload >/dev/null"
frames "$CE1" 02:bb:00:00:00:0d "$UNKNOWN" carry 1
check "PE1 learnt 02:bb:00:00:00:0d" wait_for 5 has_mac 02:bb:00:00:00:0d
tc_a1=$(tc_id "$PE1" a1)
event up "upgrade PE1 to map layout 1001" 6 "$PE1" mx_restart vpe1 "$PE1" TERM "$BUILD/alt/mplsxd"
check "PE1 runs layout 1001, migrated" [ "$(status_field vpe1 map_layout)/$(status_field vpe1 dataplane)" = 1001/migrated ]
check "layout 1001: a1 runs its flood program" [ "$(tc_id "$PE1" a1)" != "$tc_a1" ]
# Make before break: the earlier flood program floods (for the earlier
# XDP program, on the earlier maps) until the commit, then is replaced.
last_line() { grep -n "$1" "$WORK/vpe1.log" | tail -1 | cut -d: -f1; }
in_order() { [ -n "$1" ] && [ -n "$2" ] && [ -n "$3" ] && [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ]; }
check "layout 1001: the earlier flood program kept until the commit, replaced after it" \
	in_order "$(last_line 'VPLS flood program (id [0-9]*) floods until the commit')" \
	"$(last_line 'migrated and committed')" "$(last_line 'VPLS flood program replaced')"
check "layout 1001: macs equals show mac's rows" wait_for 3 macs_eq_rows
check "layout 1001: the learnt MACs carried over into its table" has_mac 02:bb:00:00:00:0d
ABI=$(sed -n 's/^#define MPLSX_ABI_VERSION \([0-9]*\)$/\1/p' "$ROOT/agent/dp/mplsx_abi.h")
event down "PE1 back to map layout ${ABI:-?} (kill -9)" 6 "$PE1" mx_restart vpe1 "$PE1" KILL
check "PE1 runs layout ${ABI:-?} again, migrated" [ "$(status_field vpe1 map_layout)/$(status_field vpe1 dataplane)" = "$ABI/migrated" ]
check "... and carried back" has_mac 02:bb:00:00:00:0d
check "... counted: macs equals show mac's rows" wait_for 3 macs_eq_rows
check "known unicast CE1 -> CE2 after it all" on "$CE1" ping -c 1 -W 2 10.20.0.2

# The VPLS taken out of PE3's config while no mplsxd ran: once the new
# one has committed, the earlier flood filters are gone from a1 and c0.
$PY - "$WORK/vpe3.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["persist"] = True
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "PE3 reloads persist: true" bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe3' reload >/dev/null"
no_vpls() {
	$PY - "$WORK/vpe3.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); del c["vpls"]
c["interfaces"] = [i for i in c["interfaces"] if "vpls" not in i]
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
	mx_restart vpe3 "$PE3" TERM
}
check "PE3 restarted without its VPLS, committed" no_vpls
no_filter() { ! on "$1" tc filter show dev "$2" ingress | grep -q mplsx_vpls_tc; }
check "... the earlier flood filters left a1 and c0" wait_for 5 bash -c \
	"$(declare -f on no_filter); no_filter $PE3 a1 && no_filter $PE3 c0"

# A plain stop without persist removes the flood filters (and the qdisc
# when this daemon made it).
$PY - "$WORK/vpe2.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["persist"] = False
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "PE2 reloads persist: false" bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe2' reload >/dev/null"
kill -TERM "$PID_vpe2"
wait "$PID_vpe2" 2>/dev/null
check "plain stop: no flood filter left on PE2's a1 and c0" bash -c \
	"! nsenter --net=/run/netns/$PE2 tc filter show dev a1 ingress | grep -q mplsx_vpls_tc && ! nsenter --net=/run/netns/$PE2 tc filter show dev c0 ingress | grep -q mplsx_vpls_tc"

summary
