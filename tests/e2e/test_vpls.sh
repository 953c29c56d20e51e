#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, VPLS: three sites on one L2 VPN, three PEs and a P router
# (tests/e2e/vpls_topo.sh).  Every CE pings every other; a broadcast sent
# once arrives exactly once at each other site and never comes back;
# known unicast reaches only its site; the core frames carry [transport,
# the right peer's PW label, control word]; `show mac` on each PE says
# where each CE's MAC lives; a MAC that moves to another site is followed
# within a second; a MAC that falls silent ages out (mac_age 5 here);
# `clear mac` flushes; the three CEs' BIRDs form OSPF adjacencies on the
# one segment (DR and BDR elected) and learn each other's prefixes.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pw_topo.sh" # bird_start
. "$(dirname "$0")/vpls_topo.sh"

plan 38
VPLS_CFG_EXTRA=', "mac_age": 5'
vpls_up || {
	cat "$WORK"/*.log >&2
	echo "0 passed, 1 failed"
	exit 1
}

peer_up() { # PE_NAME PE_ADDR
	[ "$(ctl "$1" show vpls | json "[p['state'] for p in d[0]['peers'] if p['pe']=='$2'][0]")" = up ]
}
check "PE1's two pseudowires up" wait_for 10 bash -c \
	"$(declare -f ctl json peer_up); SOCK_vpe1=$SOCK_vpe1 BUILD=$BUILD PY=$PY; peer_up vpe1 10.255.0.3 && peer_up vpe1 10.255.0.4"
check "PE2 and PE3 pseudowires up" wait_for 10 bash -c \
	"$(declare -f ctl json peer_up); SOCK_vpe2=$SOCK_vpe2 SOCK_vpe3=$SOCK_vpe3 BUILD=$BUILD PY=$PY; peer_up vpe2 10.255.0.1 && peer_up vpe2 10.255.0.4 && peer_up vpe3 10.255.0.1 && peer_up vpe3 10.255.0.3"
check "PE1 show vpls: l2, control word, static labels, transport 16003/16004" \
	[ "$(ctl vpe1 show vpls | json "(d[0]['name'], d[0]['control_word'], d[0]['mac_age'], d[0]['signalling'], sorted((p['pe'], p['local_label'], p['remote_label'], tuple(p['transport'])) for p in d[0]['peers']))")" = "('l2', True, 5, 'static', [('10.255.0.3', 7012, 7021, (16003,)), ('10.255.0.4', 7013, 7031, (16004,))])" ]

CE1_MAC=$(mac_of "$CE1" eth0)
CE2_MAC=$(mac_of "$CE2" eth0)
CE3_MAC=$(mac_of "$CE3" eth0)

# Core captures: PE1-P (w1) and P-PE2 (w2).
for i in 1 2; do
	ns=$(eval echo "\$W$i")
	nsenter --net="/run/netns/$ns" tcpdump -i w1 -U -n -w "$WORK/w$i.pcap" \
		>"$WORK/w$i.tcpdump" 2>&1 &
	PIDS+=($!)
	eval "TD_w$i=$!"
done
for i in 1 2; do
	wait_for 5 grep -q "listening on" "$WORK/w$i.tcpdump"
done

# Every CE pings every other.
check "ping CE1 -> CE2" wait_for 10 on "$CE1" ping -c 1 -W 1 10.20.0.2
check "ping CE1 -> CE3" wait_for 10 on "$CE1" ping -c 1 -W 1 10.20.0.3
check "ping CE2 -> CE1" on "$CE2" ping -c 2 -i 0.2 -W 1 10.20.0.1
check "ping CE2 -> CE3" wait_for 10 on "$CE2" ping -c 1 -W 1 10.20.0.3
check "ping CE3 -> CE1" on "$CE3" ping -c 2 -i 0.2 -W 1 10.20.0.1
check "ping CE3 -> CE2" on "$CE3" ping -c 2 -i 0.2 -W 1 10.20.0.2
check "1500-byte ping CE1 -> CE3, DF set" \
	on "$CE1" ping -c 1 -W 2 -s 1472 -M do 10.20.0.3
check "CE1 sees CE2 and CE3 by their MACs (ARP across the VPLS)" bash -c \
	"nsenter --net=/run/netns/$CE1 ip neigh show dev eth0 | grep -q '10.20.0.2 .*$CE2_MAC' && nsenter --net=/run/netns/$CE1 ip neigh show dev eth0 | grep -q '10.20.0.3 .*$CE3_MAC'"

# show mac: where each CE's MAC lives, on each PE.
mac_where() { # PE MAC -> "interface a1" or "pe ADDR"
	ctl "$1" show mac l2 | json "[('interface ' + r['interface']) if 'interface' in r else ('pe ' + r['pe']) for r in d if r['mac']=='$2'][0]"
}
check "PE1 show mac: CE1 on a1, CE2 behind 10.255.0.3, CE3 behind 10.255.0.4" \
	[ "$(mac_where vpe1 "$CE1_MAC"), $(mac_where vpe1 "$CE2_MAC"), $(mac_where vpe1 "$CE3_MAC")" = "interface a1, pe 10.255.0.3, pe 10.255.0.4" ]
check "PE2 show mac: CE1 behind 10.255.0.1, CE2 on a1, CE3 behind 10.255.0.4" \
	[ "$(mac_where vpe2 "$CE1_MAC"), $(mac_where vpe2 "$CE2_MAC"), $(mac_where vpe2 "$CE3_MAC")" = "pe 10.255.0.1, interface a1, pe 10.255.0.4" ]
check "PE3 show mac: CE1 behind 10.255.0.1, CE2 behind 10.255.0.3, CE3 on a1" \
	[ "$(mac_where vpe3 "$CE1_MAC"), $(mac_where vpe3 "$CE2_MAC"), $(mac_where vpe3 "$CE3_MAC")" = "pe 10.255.0.1, pe 10.255.0.3, interface a1" ]
check "show mac rows carry vpls and age" \
	[ "$(ctl vpe1 show mac | json "all(r['vpls']=='l2' and 0 <= r['age'] <= 5 for r in d) and len(d) >= 3")" = True ]
check "show mac of an unknown instance: error naming it" \
	bash -c "'$BUILD/mplsxctl' -s '$SOCK_vpe1' show mac nope | grep -q 'no VPLS named .*nope'"

# Frames with a marker, captured inbound at every CE.
cap_start() { # TAG: tcpdump on each CE's eth0, inbound, UDP port 9999
	local i
	for i in 1 2 3; do
		nsenter --net="/run/netns/$(eval echo "\$CE$i")" tcpdump -i eth0 \
			-Q in -n -l -A udp port 9999 >"$WORK/$1-ce$i.txt" \
			2>"$WORK/$1-ce$i.err" &
		PIDS+=($!)
		eval "CAP_${1}_$i=$!"
	done
	for i in 1 2 3; do
		wait_for 5 grep -q "listening on" "$WORK/$1-ce$i.err"
	done
}
cap_count() { grep -c "$2" "$WORK/$1-ce$3.txt"; } # TAG MARKER CE
cap_stop() {
	local i
	for i in 1 2 3; do kill -INT "$(eval echo "\$CAP_${1}_$i")" 2>/dev/null; done
}
# send NS DST_MAC DST_IP MARKER [SRC_MAC]: one UDP frame from eth0.
send() {
	on "$1" "$PY" -c "
from scapy.all import Ether, IP, UDP, Raw, sendp, get_if_hwaddr
src = '${5:-}' or get_if_hwaddr('eth0')
sendp(Ether(dst='$2', src=src)/IP(src='10.20.0.99', dst='$3')/UDP(sport=9999, dport=9999)/Raw(b'$4'), iface='eth0', verbose=False)"
}

cap_start bc
send "$CE1" ff:ff:ff:ff:ff:ff 10.20.0.255 "BCAST-ONCE"
check "a broadcast from CE1 reaches CE2 and CE3" wait_for 5 bash -c \
	"[ \$(grep -c BCAST-ONCE '$WORK/bc-ce2.txt') -ge 1 ] && [ \$(grep -c BCAST-ONCE '$WORK/bc-ce3.txt') -ge 1 ]"
# A fence: a second broadcast from CE1 that reaches both; anything the
# first one caused has arrived before it (one path per copy).
send "$CE1" ff:ff:ff:ff:ff:ff 10.20.0.255 "BCAST-FENCE"
wait_for 5 bash -c "grep -q BCAST-FENCE '$WORK/bc-ce2.txt' && grep -q BCAST-FENCE '$WORK/bc-ce3.txt'"
cap_stop bc
check "exactly once at CE2 and at CE3, never back at CE1" \
	[ "$(cap_count bc BCAST-ONCE 2) $(cap_count bc BCAST-ONCE 3) $(cap_count bc BCAST-ONCE 1)" = "1 1 0" ]

cap_start uc
for n in 1 2 3 4 5; do send "$CE1" "$CE2_MAC" 10.20.0.2 "UCAST-$n"; done
check "known unicast CE1 -> CE2 arrives at CE2" wait_for 5 bash -c \
	"[ \$(grep -c UCAST- '$WORK/uc-ce2.txt') -eq 5 ]"
send "$CE1" ff:ff:ff:ff:ff:ff 10.20.0.255 "UCAST-FENCE"
wait_for 5 grep -q UCAST-FENCE "$WORK/uc-ce3.txt"
cap_stop uc
check "and nowhere else (CE3 saw none, CE1 none back)" \
	[ "$(cap_count uc 'UCAST-[0-9]' 3) $(cap_count uc 'UCAST-[0-9]' 1)" = "0 0" ]

sleep 0.5
for i in 1 2; do kill -INT "$(eval echo "\$TD_w$i")"; done
sleep 0.5

# The label stacks under which frames from SRC to DST (MACs) rode.
stacks() { # PCAP SRC_MAC DST_MAC
	"$PY" - "$1" "$2" "$3" <<'PYEOF'
import struct, sys
from scapy.all import rdpcap
src = bytes.fromhex(sys.argv[2].replace(":", ""))
dst = bytes.fromhex(sys.argv[3].replace(":", ""))
seen = set()
for p in rdpcap(sys.argv[1]):
    b = bytes(p)
    if b[12:14] != b"\x88\x47":
        continue
    off, stack = 14, []
    while off + 4 <= len(b):
        e = struct.unpack("!I", b[off:off + 4])[0]
        off += 4
        stack.append("%d/s%d/ttl%d" % (e >> 12, (e >> 8) & 1, e & 0xFF))
        if e & 0x100:
            break
    cw, inner = struct.unpack("!I", b[off:off + 4])[0], b[off + 4:]
    if inner[6:12] != src or inner[0:6] != dst or inner[12:14] != b"\x08\x00":
        continue
    # RFC 4385: 0000, no flags, no fragment, sequence 0; the length set
    # only for a frame + CW under 64 bytes, and then right.
    ln = (cw >> 16) & 0x3F
    ok = cw & 0xF0C0FFFF == 0 and (ln == 0 and len(inner) + 4 >= 64 or
                                   ln == len(inner) + 4 < 64)
    seen.add("%s cw=%s" % (" ".join(stack), "ok" if ok else "%08x" % cw))
print("; ".join(sorted(seen)))
PYEOF
}
if [ -n "${VPLS_DEBUG:-}" ]; then
	for x in "$CE2_MAC" "$CE3_MAC" ff:ff:ff:ff:ff:ff; do
		echo "w1 $x: $(stacks "$WORK/w1.pcap" "$CE1_MAC" "$x")"
		echo "w2 $x: $(stacks "$WORK/w2.pcap" "$CE1_MAC" "$x")"
	done
fi
check "PE1-P: CE1 -> CE2 rides [16003, 7021 (PE2's label for PE1), CW]" \
	[ "$(stacks "$WORK/w1.pcap" "$CE1_MAC" "$CE2_MAC")" = "16003/s0/ttl255 7021/s1/ttl255 cw=ok" ]
check "PE1-P: CE1 -> CE3 rides [16004, 7031, CW]" \
	[ "$(stacks "$WORK/w1.pcap" "$CE1_MAC" "$CE3_MAC")" = "16004/s0/ttl255 7031/s1/ttl255 cw=ok" ]
check "PE1-P: CE1's broadcast flooded once per peer with each one's stack" \
	[ "$(stacks "$WORK/w1.pcap" "$CE1_MAC" ff:ff:ff:ff:ff:ff)" = "16003/s0/ttl255 7021/s1/ttl255 cw=ok; 16004/s0/ttl255 7031/s1/ttl255 cw=ok" ]
check "P-PE2: PHP left 7021 over the CW; nothing for PE3 on this link" \
	[ "$(stacks "$WORK/w2.pcap" "$CE1_MAC" "$CE2_MAC") | $(stacks "$WORK/w2.pcap" "$CE1_MAC" "$CE3_MAC")" = "7021/s1/ttl254 cw=ok | " ]
check "P-PE2: PE2 floods nothing from PE1 back into the core (split horizon)" \
	[ "$(stacks "$WORK/w2.pcap" "$CE1_MAC" ff:ff:ff:ff:ff:ff)" = "7021/s1/ttl254 cw=ok" ]

# A MAC move: CE3's MAC speaks from site 2 now.  PE1 follows within a
# second, and known unicast for it goes to site 2.
# (CE3 speaks first: with mac_age 5 its entries may have aged out.)
on "$CE3" ping -c 1 -W 1 10.20.0.2 >/dev/null
moves0=$(ctl vpe2 show vpls | json "d[0]['counters']['moves']")
send "$CE2" ff:ff:ff:ff:ff:ff 10.20.0.255 "MOVE" "$CE3_MAC"
# (grep, not Python, per poll: ten polls must fit in the second.)
mac_at() { "$BUILD/mplsxctl" -s "$1" show mac l2 | grep -A2 "\"$2\"" | grep -q "\"$3\""; }
check "PE1 follows CE3's MAC to PE2 within a second" \
	wait_for 1 mac_at "$SOCK_vpe1" "$CE3_MAC" 10.255.0.3
check "PE2 has it on a1, and counted a move" \
	[ "$(mac_where vpe2 "$CE3_MAC") $(ctl vpe2 show vpls | json "d[0]['counters']['moves'] > $moves0")" = "interface a1 True" ]
on "$CE3" ping -c 1 -W 1 10.20.0.1 >/dev/null # and back it comes
check "CE3 speaks again: PE1 has it behind PE3 again" \
	wait_for 2 mac_at "$SOCK_vpe1" "$CE3_MAC" 10.255.0.4

# Aging: a MAC that speaks once is gone after mac_age (5 s) + the sweep.
send "$CE2" ff:ff:ff:ff:ff:ff 10.20.0.255 "AGE" 02:aa:00:00:00:01
check "PE1 learnt a silent MAC behind PE2" wait_for 2 bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_vpe1' show mac | grep -q 02:aa:00:00:00:01"
check "and forgot it after mac_age" wait_for 9 bash -c \
	"! '$BUILD/mplsxctl' -s '$SOCK_vpe1' show mac | grep -q 02:aa:00:00:00:01"
check "clear mac l2 empties PE1's table" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_vpe1' clear mac l2 | grep -q cleared && [ \"\$('$BUILD/mplsxctl' -s '$SOCK_vpe1' show vpls | '$PY' -c 'import json,sys; print(json.load(sys.stdin)[0][\"macs\"])')\" -le 1 ]"

# OSPF among the three CEs on the one segment.
bird_start "$CE1" ce1 10.20.0.1 eth0 172.16.1.1/24
bird_start "$CE2" ce2 10.20.0.2 eth0 172.16.2.1/24
bird_start "$CE3" ce3 10.20.0.3 eth0 172.16.3.1/24
two_full() { [ "$(birdc -s "$1" show ospf neighbors | grep -c Full)" -eq 2 ]; }
check "CE1 has two Full OSPF neighbours" wait_for 40 two_full "$BIRD_SOCK_ce1"
check "CE2 and CE3 have two Full OSPF neighbours each" \
	wait_for 10 bash -c "$(declare -f two_full); two_full $BIRD_SOCK_ce2 && two_full $BIRD_SOCK_ce3"
# The DR and the BDR are each Full with the two others.
roles() { for s in "$BIRD_SOCK_ce1" "$BIRD_SOCK_ce2" "$BIRD_SOCK_ce3"; do birdc -s "$s" show ospf neighbors; done | grep -oE 'Full/(DR|BDR) ' | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
check "one DR and one BDR elected on the segment" [ "$(roles)" = " 2 Full/BDR ; 2 Full/DR ;" ]
has_route() { on "$1" ip route show "$2" | grep -q "via $3"; }
check "every CE learns the other two prefixes" wait_for 20 bash -c \
	"$(declare -f on has_route); has_route $CE1 172.16.2.0/24 10.20.0.2 && has_route $CE1 172.16.3.0/24 10.20.0.3 && has_route $CE2 172.16.1.0/24 10.20.0.1 && has_route $CE2 172.16.3.0/24 10.20.0.3 && has_route $CE3 172.16.1.0/24 10.20.0.1 && has_route $CE3 172.16.2.0/24 10.20.0.2"
check "ping CE1's prefix -> CE3's prefix" on "$CE1" ping -c 1 -W 2 -I 172.16.1.1 172.16.3.1

[ -n "${VPLS_DEBUG:-}" ] && ctl vpe1 show vpls && birdc -s $BIRD_SOCK_ce1 show ospf neighbors && birdc -s $BIRD_SOCK_ce1 show ospf interface eth0
# (The move above may leave one frame from a peer for a MAC then behind
# the other peer: split horizon drops it, vpls_filtered.)
check "PE1 counters: unicast, floods, copies, learnt; no other drop" \
	[ "$(ctl vpe1 show vpls | json "(lambda c: c['unicast_packets'] > 0 and c['flood_packets'] > 0 and c['flood_copies'] >= c['flood_packets'] and c['learnt'] >= 3 and c['drop_packets'] == c['drops'].get('vpls_filtered', 0))(d[0]['counters'])")" = True ]
check "show stats has the instance" \
	[ "$(ctl vpe2 show stats | json "[v['name'] for v in d['vpls']]")" = "['l2']" ]

summary
