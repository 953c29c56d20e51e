#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# MPLS OAM (RFC 8029) across PE1 - P - PE2 (the L3 VPN topology): LSP
# ping and traceroute to PE2 through P, whose kernel has no MPLS (its
# data path hands the requests to its mplsxd), VPN ping for IPv4 and IPv6
# prefixes, the return codes of a broken LSP (no label on P), a prefix
# the far VRF lacks, a mismatching downstream mapping, an unknown TLV, a
# malformed TLV, the 127/8 rule and a router alert label; tshark decodes
# every TLV we sent and received without an error.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
plan 41

l3vpn_up || setup_failed "l3vpn topology"
# Replies are plain IP: P routes them like the IGP traffic it carries.
on "$P" sysctl -qw net.ipv4.ip_forward=1
# Every next hop resolved (ARP) before the first probe.
resolved_all() { # NAME
	[ "$(ctl "$1" show neighbors | json "all(n['state'] == 'resolved' for n in d) and len(d) > 0")" = True ]
}
for n in pe1 p pe2; do
	wait_for 10 resolved_all $n || setup_failed "$n: next hops unresolved"
done

# Captures on both core links (bridges: XDP hides redirected frames from
# a capture on the routers' own ports).
for w in "$W12" "$W23"; do
	on "$w" tcpdump -i br0 -U -n -w "$WORK/$w.pcap" udp port 3503 or \
		udp port 3504 or mpls >"$WORK/$w.tcpdump" 2>&1 &
	PIDS+=($!)
done
wait_for 5 grep -q "listening on" "$WORK/$W12.tcpdump"
wait_for 5 grep -q "listening on" "$WORK/$W23.tcpdump"

field() { # FILE EXPR (Python on d)
	json "$2" <"$1"
}
# exit_and STATUS WANT FILE EXPR VALUE: the command's exit status was WANT
# and EXPR on FILE's JSON gives VALUE.
exit_and() {
	[ "$1" = "$2" ] && [ "$(field "$3" "$4")" = "$5" ]
}

ctl pe1 ping lsp 10.255.0.3 >"$WORK/ping.json"
check "ping lsp 10.255.0.3: exit 0" test $? -eq 0
check "ping: 3 probes, all return code 3 (egress)" test \
	"$(field "$WORK/ping.json" "[p['return_code'] for p in d['probes']]")" = "[3, 3, 3]"
check "ping: every reply from 10.255.0.3, rtt_ms measured" test \
	"$(field "$WORK/ping.json" "all(p['address'] == '10.255.0.3' and p['rtt_ms'] > 0 for p in d['probes'])")" = True
check "ping: seq 1..3" test "$(field "$WORK/ping.json" "[p['seq'] for p in d['probes']]")" = "[1, 2, 3]"
check "ping: under the LSP's label [16003]" test "$(field "$WORK/ping.json" "d['labels']")" = "[16003]"
ctl pe2 -c 2 ping lsp 10.255.0.1 >"$WORK/ping2.json"
check "PE2 pings PE1's LSP back (2 probes)" exit_and $? 0 "$WORK/ping2.json" "d['received']" 2

ctl pe1 traceroute lsp 10.255.0.3 >"$WORK/trace.json"
check "traceroute lsp 10.255.0.3: exit 0, reached" exit_and $? 0 "$WORK/trace.json" "d['ok']" True
check "traceroute: two hops" test "$(field "$WORK/trace.json" "len(d['hops'])")" = 2
check "hop 1: P (10.0.12.2), label switched (8)" test \
	"$(field "$WORK/trace.json" "(d['hops'][0]['address'], d['hops'][0]['return_code'])")" = "('10.0.12.2', 8)"
check "hop 1: DDMAP labels [3] (PHP) towards 10.0.23.3" test \
	"$(field "$WORK/trace.json" "(d['hops'][0]['labels'], d['hops'][0]['downstream'])")" = "([3], '10.0.23.3')"
check "hop 2: PE2, egress (3)" test \
	"$(field "$WORK/trace.json" "(d['hops'][1]['hop'], d['hops'][1]['address'], d['hops'][1]['return_code'])")" = "(2, '10.255.0.3', 3)"

ctl pe1 ping vrf red 192.168.2.0/24 >"$WORK/vrf4.json"
check "ping vrf red 192.168.2.0/24: exit 0, 3 x return code 3" exit_and $? 0 \
	"$WORK/vrf4.json" "[p['return_code'] for p in d['probes']]" "[3, 3, 3]"
check "ping vrf red: transport and VPN label [16003, 100]" test "$(field "$WORK/vrf4.json" "d['labels']")" = "[16003, 100]"
ctl pe1 ping vrf blue 2001:db8:2::/64 >"$WORK/vrf6.json"
check "ping vrf blue 2001:db8:2::/64 (VPN IPv6 FEC): exit 0" exit_and $? 0 \
	"$WORK/vrf6.json" "d['received']" 3
check "ping vrf blue: VPN label 200" test "$(field "$WORK/vrf6.json" "d['labels']")" = "[16003, 200]"
ctl pe1 ping vrf red 10.99.0.0/24 >"$WORK/noroute.json"
check "ping vrf red 10.99.0.0/24 (no route): exit 1 with an error" bash -c \
	"[ $? = 1 ] && grep -q 'no route 10.99.0.0/24' '$WORK/noroute.json'"
ctl pe1 ping lsp 10.255.0.77 >"$WORK/nope.json"
check "ping lsp to an unknown PE: exit 1, not reachable" bash -c \
	"[ $? = 1 ] && grep -q 'not reachable' '$WORK/nope.json'"

# A prefix PE1 believes is behind PE2 but PE2's VRF does not hold: rc 4.
$PY -c "import json; c=json.load(open('$WORK/pe1.json'))
c['vrfs'][0]['routes'].append({'prefix':'192.168.77.0/24','pe':'10.255.0.3','label':100})
json.dump(c, open('$WORK/pe1.json','w'))"
ctl pe1 reload >/dev/null
ctl pe1 -c 1 ping vrf red 192.168.77.0/24 >"$WORK/nomap.json"
check "ping vrf for a prefix PE2 lacks: exit 1, return code 4 (no mapping)" \
	exit_and $? 1 "$WORK/nomap.json" "d['probes'][0]['return_code']" 4

# Hand-made requests (oam_probe.py), from PE1's c0 to P's MAC.
probe() { # FEC LABEL TTL CASE
	on "$PE1" "$PY" "$ROOT/tests/e2e/oam_probe.py" c0 "$(mac_of "$P" c1)" \
		10.255.0.1 "$@"
}
check "hand-made request to PE2: rc 3 from 10.255.0.3" test \
	"$(probe 10.255.0.3 16003 255 ok)" = "rc=3 rsc=1 from=10.255.0.3 type=2"
check "TTL 1 at P with a DDMAP naming label 16009: rc 5 (downstream mapping mismatch)" \
	test "$(probe 10.255.0.3 16003 1 ddmap-mismatch)" = "rc=5 rsc=1 from=10.0.12.2 type=2"
check "an unknown mandatory TLV: rc 2" test "$(probe 10.255.0.3 16003 255 unknown-tlv)" = \
	"rc=2 rsc=0 from=10.255.0.3 type=2"
check "a TLV longer than the message: rc 1 (malformed)" test \
	"$(probe 10.255.0.3 16003 255 malformed)" = "rc=1 rsc=0 from=10.255.0.3 type=2"
check "a destination outside 127/8 is not answered" test \
	"$(probe 10.255.0.3 16003 255 not-127)" = timeout
check "a router alert label on top: P answers, label switched at depth 2" test \
	"$(probe 10.255.0.3 16003 255 ra-label)" = "rc=8 rsc=2 from=10.0.12.2 type=2"
check "a FEC that is not PE2's, popped there: rc 4 (no mapping)" test \
	"$(probe 10.255.0.99 16003 255 ok)" = "rc=4 rsc=1 from=10.255.0.3 type=2"

# The LSP broken on P: its label 16003 gone.
$PY -c "import json; c=json.load(open('$WORK/p.json'))
c['labels']=[l for l in c['labels'] if l['in'] != 16003]
json.dump(c, open('$WORK/p.json','w'))"
check "P: reload without label 16003" bash -c "'$BUILD/mplsxctl' -s '$SOCK_p' reload >/dev/null"
ctl pe1 -c 2 ping lsp 10.255.0.3 >"$WORK/broken.json"
check "broken LSP: ping exits 1" test $? -eq 1
check "broken LSP: P answers return code 11 (no label entry)" test \
	"$(field "$WORK/broken.json" "[(p['return_code'], p['address']) for p in d['probes']]")" = \
	"[(11, '10.0.12.2'), (11, '10.0.12.2')]"
ctl pe1 traceroute lsp 10.255.0.3 >"$WORK/broken-trace.json"
check "broken LSP: traceroute exits 1, stops at hop 1 with return code 11" \
	exit_and $? 1 "$WORK/broken-trace.json" "[(h['hop'], h['return_code']) for h in d['hops']]" "[(1, 11)]"
check "ping -o text: a probe table" bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe1' -o text -c 1 ping lsp 10.255.0.3 | grep -qE '^1 +10.0.12.2 +[0-9.]+ +11'"

ctl p show stats >"$WORK/p-stats.json"
check "P: show stats counts the requests it answered" test \
	"$(field "$WORK/p-stats.json" "d['oam']['replies_sent'] >= 6")" = True

# tshark decodes what went over the wire.
sleep 0.5 # the last reply reaches the capture
for pid in "${PIDS[@]: -2}"; do kill -INT "$pid" 2>/dev/null; done
wait_for 5 bash -c "! kill -0 ${PIDS[-1]} 2>/dev/null && ! kill -0 ${PIDS[-2]} 2>/dev/null"
TS="tshark -n -r"
for w in "$W12" "$W23"; do
	$TS "$WORK/$w.pcap" -V >>"$WORK/decoded.txt" 2>&1
done
count() { # FILTER: echo packets matching it, both captures
	local n=0 w c
	for w in "$W12" "$W23"; do
		c=$($TS "$WORK/$w.pcap" -Y "$1" 2>/dev/null | wc -l)
		n=$((n + c))
	done
	echo $n
}
check "tshark: echo requests decoded" test "$(count 'mpls_echo.msg_type == 1')" -gt 10
check "tshark: echo replies decoded" test "$(count 'mpls_echo.msg_type == 2')" -gt 10
check "tshark: no malformed echo packet" test "$(count 'mpls_echo && _ws.malformed')" = 0
check "tshark: no expert error or warning on an echo packet" test \
	"$(count 'mpls_echo && _ws.expert.severity >= warning')" = 0
check "tshark: Generic IPv4 prefix FEC 10.255.0.3/32" test \
	"$(count 'mpls_echo.tlv.fec.gen_ipv4 == 10.255.0.3 && mpls_echo.tlv.fec.gen_ipv4_mask == 32')" -gt 0
check "tshark: VPN IPv4 prefix FEC with its RD 65000:1" bash -c \
	"[ \$(tshark -n -r '$WORK/$W12.pcap' -Y 'mpls_echo.tlv.fec.vpn_ipv4 == 192.168.2.0' 2>/dev/null | wc -l) -gt 0 ] &&
	 grep -q 'Route Distinguisher: 0000fde800000001' '$WORK/decoded.txt'"
check "tshark: VPN IPv6 prefix FEC 2001:db8:2::" test \
	"$(count 'mpls_echo.tlv.fec.vpn_ipv6 == 2001:db8:2::')" -gt 0
check "tshark: DDMAP in requests and replies (downstream 10.0.23.3)" test \
	"$(count 'mpls_echo.tlv.dd_map.ds_ip == 10.0.23.3')" -gt 1
check "tshark: the DDMAP label stack (label 16003 sent, 3 returned)" bash -c \
	"grep -q 'Downstream Label Element 1, Label: 16003' '$WORK/decoded.txt' &&
	 grep -q 'Downstream Label Element 1, Label: 3' '$WORK/decoded.txt'"
check "tshark: return codes 3, 8 and 11 seen" bash -c \
	"for rc in 3 8 11; do [ \$(tshark -n -r '$WORK/$W12.pcap' -Y \"mpls_echo.return_code == \$rc\" 2>/dev/null | wc -l) -gt 0 ] || exit 1; done"
summary
