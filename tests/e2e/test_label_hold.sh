#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end: A --- P --- B, mplsxd in P with "persist": true.  A label
# removed from the config while no mplsxd ran must stop forwarding once
# the next mplsxd has adopted the data plane and written its own labels
# (svc/label_hold.h): right after the config without BGP, after the
# restart time with BGP neighbours; the labels still configured forward on
# throughout, and the status says what was found, held and removed.
set -u
. "$(dirname "$0")/lib.sh"

plan 24

p_line_topo

# p_config FILE IN...: labels IN swapped to IN+1000 towards B.  BGP=1 adds
# a BGP neighbour (that never comes) with a 10 s restart time.
p_config() {
	local f=$1
	shift
	BGP=${BGP:-0} "$PY" - "$f" "$@" <<'PYEOF'
import json, os, sys
c = {"router_id": "10.255.0.2", "persist": True,
     "interfaces": [{"name": "pa", "mpls": True}, {"name": "pb", "mpls": True}],
     "labels": [{"in": int(l), "out": [int(l) + 1000], "via": "10.0.2.1"}
                for l in sys.argv[2:]]}
if os.environ["BGP"] == "1":
    c["bgp"] = {"asn": 65000, "listen": "127.0.0.2", "port": 1790,
                "graceful_restart": 10,
                "neighbors": [{"address": "127.0.0.1", "asn": 65000}]}
json.dump(c, open(sys.argv[1], "w"))
PYEOF
}

label_action() { # LABEL: the action byte of its label_table entry
	bpftool -j map lookup pinned "$PINS_p/label_table" key \
		$(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) 0 |
		json "d['formatted']['value']['action']"
}
present() { [ "$(label_action "$1")" != 0 ]; }
absent() { [ "$(label_action "$1")" = 0 ]; }
adopted() { # FIELD of status.adopted_labels
	ctl p show status | json "d.get('adopted_labels', {}).get('$1', -1)"
}
label_packets() { # LABEL
	ctl p show labels | json "[l['packets'] for l in d if l['in'] == $1][0]"
}
status() { ctl p show status | json "d['$1']"; }
b_rx() { on "$B" ip -j -s link show b0 | json "d[0]['stats64']['rx']['packets']"; }
no_label_drops() { ctl p show stats | json "d['drops']['no_label']"; }
send() { # LABEL COUNT: MPLS frames from A into P
	on "$A" "$PY" -c "
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.mpls import MPLS
sendp(Ether(dst='$(mac_of "$P" pa)', type=0x8847) / MPLS(label=$1, s=1, ttl=64) /
      IP(src='10.0.1.1', dst='10.0.2.1') / UDP(dport=5000) / Raw(b'hold'),
      iface='a0', count=$2, verbose=False)" 2>/dev/null
}
resolved() {
	ctl p show neighbors |
		json "[n['state'] for n in d if n['via']=='10.0.2.1'][0]" |
		grep -qx resolved
}
stop_p() { # TERM: with persist, the data plane stays
	kill -TERM "$PID_p"
	wait "$PID_p" 2>/dev/null
	return 0
}
at_least() { [ "$($1)" -ge "$2" ]; }
packets_at_least() { [ "$(label_packets "$1")" -ge "$2" ]; }

# 1. Labels 1000 and 1001, then a persist stop.
p_config "$WORK/p.json" 1000 1001
mplsxd_start "$P" "$WORK/p.json" p || setup_failed "mplsxd on P"
check "the next hop resolves" wait_for 5 resolved
both() { present 1000 && present 1001; }
check "labels 1000 and 1001 in label_table" both
check "frames for 1001 sent" send 1001 5
check "... forwarded, counted on label 1001" wait_for 5 packets_at_least 1001 5
stop_p
check "after a persist stop, label 1001 is still in the pinned table" present 1001

# 2. Label 1001 leaves the config, 1002 comes; no BGP: the sweep follows the
# config at once.
p_config "$WORK/p.json" 1000 1002
mplsxd_start "$P" "$WORK/p.json" p || setup_failed "mplsxd on P (2)"
check "the new mplsxd adopted the data plane" [ "$(status dataplane)" = adopted ]
check "label 1001 (gone from the config) is removed" wait_for 5 absent 1001
check "label 1000 stays" present 1000
check "label 1002 is written" present 1002
check "status: 2 labels found in the adopted table" [ "$(adopted found)" = 2 ]
check "status: 1 removed" [ "$(adopted removed)" = 1 ]
check "status: none held any more" [ "$(adopted held)" = 0 ]
check "status: no hold time without BGP" [ "$(adopted hold_seconds)" = 0 ]
drops0=$(no_label_drops)
pk0=$(label_packets 1000)
send 1001 5
send 1000 5
check "frames for 1001 are dropped as no_label" wait_for 5 at_least no_label_drops $((drops0 + 5))
check "frames for 1000 still forward" wait_for 5 packets_at_least 1000 $((pk0 + 5))
stop_p

# 3. With BGP: 1002 leaves the config; it is held for the restart time (10 s)
# while the peers could still use it, then removed.
BGP=1 p_config "$WORK/p.json" 1000
mplsxd_start "$P" "$WORK/p.json" p || setup_failed "mplsxd on P (3)"
check "with BGP, 1002 is held after the start" present 1002
check "status: held 1 (1002) for 10 s" [ "$(adopted held)/$(adopted hold_seconds)" = 1/10 ]
pk0=$(label_packets 1000)
rx0=$(b_rx)
drops0=$(no_label_drops)
send 1002 5
send 1000 3
check "held 1002 still forwards meanwhile: B receives 8 frames" wait_for 5 at_least b_rx $((rx0 + 8))
check "... none dropped as no_label" [ "$(no_label_drops)" = "$drops0" ]
check "label 1002 is removed when the restart time is over" wait_for 20 absent 1002
check "status: removed 1, held 0" [ "$(adopted removed)/$(adopted held)" = 1/0 ]
check "label 1000 forwarded all along" wait_for 5 packets_at_least 1000 $((pk0 + 3))
check "1000 stays" present 1000

stop_p
check "pins still there after the third persist stop" test -e "$PINS_p/label_table"
summary
