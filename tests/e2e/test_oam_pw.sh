#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# MPLS echo over a pseudowire (RFC 8029 FEC 128, VCCV of RFC 5085) on the
# pseudowire topology CE1 - PE1 - P - PE2 - CE2: with the control word
# the request rides an associated channel header under the PW label, and
# PE2 answers as its egress; without one a router alert label sits above
# the PW label; a PW label PE2 does not know is "no label entry"; tshark
# decodes the FEC 128 element.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pw_topo.sh"
plan 9

pw_up || setup_failed pw_up
on "$P" sysctl -qw net.ipv4.ip_forward=1 # replies are plain IP
pw_is_up() {
	[ "$(ctl "$1" show pseudowires | json "d[0]['state']")" = up ]
}
wait_for 10 pw_is_up pe1 || setup_failed "pw1 down on PE1"
wait_for 10 pw_is_up pe2 || setup_failed "pw1 down on PE2"
on "$W12" tcpdump -i br0 -U -n -w "$WORK/w12.pcap" mpls >"$WORK/td.log" 2>&1 &
TD=$!
PIDS+=($TD)
wait_for 5 grep -q "listening on" "$WORK/td.log"

field() { json "$2" <"$1"; }
exit_and() { [ "$1" = "$2" ] && [ "$(field "$3" "$4")" = "$5" ]; }

ctl pe1 ping pw pw1 >"$WORK/pw.json"
check "ping pw pw1 (control word, VCCV channel header): exit 0, 3 x egress" \
	exit_and $? 0 "$WORK/pw.json" "[p['return_code'] for p in d['probes']]" "[3, 3, 3]"
check "ping pw: transport and PW label [16003, 5002]" test \
	"$(field "$WORK/pw.json" "d['labels']")" = "[16003, 5002]"
check "ping pw: PE2 answers" test \
	"$(field "$WORK/pw.json" "d['probes'][0]['address']")" = 10.255.0.3
ctl pe2 -c 1 ping pw pw1 >"$WORK/pw2.json"
check "PE2 pings the pseudowire back" exit_and $? 0 "$WORK/pw2.json" "d['received']" 1

# Without the control word: a router alert label above the PW label.
for n in pe1 pe2; do
	$PY -c "import json; c=json.load(open('$WORK/$n.json'))
c['pseudowires'][0]['control_word'] = False
json.dump(c, open('$WORK/$n.json','w'))"
	ctl $n reload >/dev/null
done
wait_for 10 pw_is_up pe1
ctl pe1 -c 2 ping pw pw1 >"$WORK/pw-ra.json"
check "no control word: [16003, 1, 5002] answered as egress" bash -c \
	"[ $? = 0 ] && [ \"\$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[\"labels\"], d[\"received\"])' '$WORK/pw-ra.json')\" = '[16003, 1, 5002] 2' ]"

# PE2 expects another PW label: PE1's 5002 is no label of PE2's.
$PY -c "import json; c=json.load(open('$WORK/pe2.json'))
c['pseudowires'][0]['local_label'] = 5003
json.dump(c, open('$WORK/pe2.json','w'))"
ctl pe2 reload >/dev/null
ctl pe1 -c 1 ping pw pw1 >"$WORK/pw-bad.json"
check "a PW label PE2 lacks: exit 1, return code 11 from PE2" exit_and $? 1 \
	"$WORK/pw-bad.json" "(d['probes'][0]['return_code'], d['probes'][0]['address'])" \
	"(11, '10.255.0.3')"
ctl pe1 ping pw nosuch >"$WORK/pw-none.json"
check "ping pw of an unknown pseudowire: exit 1 with an error" bash -c \
	"[ $? = 1 ] && grep -q 'no pseudowire named' '$WORK/pw-none.json'"

sleep 0.3 # the last probe reaches the capture
kill -INT $TD
wait_for 5 bash -c "! kill -0 $TD 2>/dev/null"
check "tshark: FEC 128 pseudowire elements with PW ID 5002, from 10.255.0.1" test \
	"$(tshark -n -r "$WORK/w12.pcap" -Y 'mpls_echo.tlv.fec.l2cid_vcid == 5002 && mpls_echo.tlv.fec.l2cid_sender == 10.255.0.1' 2>/dev/null | wc -l)" -ge 3
check "tshark: no malformed echo packet" test \
	"$(tshark -n -r "$WORK/w12.pcap" -Y 'mpls_echo && _ws.malformed' 2>/dev/null | wc -l)" = 0
summary
