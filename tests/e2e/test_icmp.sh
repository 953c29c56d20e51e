#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, ICMP from the data plane (bpf/lib/icmp.h) on the L3 VPN
# topology (tests/e2e/l3vpn_topo.sh, a 1500-byte core): Debian's
# traceroute -e from red CE1 lists PE1's VRF address, the P router with
# the label stack from the RFC 4950 extension, PE2's VRF address and the
# far CE, no stars, for UDP and ICMP probes, IPv4 and IPv6; ping -M do
# and tracepath learn the MTU less the two labels; tshark decodes the
# label stack object of a tunnelled time exceeded captured on the P-PE2
# link; 1500-byte pings without DF are fragmented at the PEs and get
# through; a TTL-1 flood is rate limited, counted, and leaves forwarding
# working.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"

for t in traceroute tracepath tshark; do
	command -v $t >/dev/null || { echo "FAIL $t missing (scripts/deps.sh)"; echo "0 passed, 1 failed"; exit 1; }
done
plan 41
l3vpn_up || { echo "0 passed, 1 failed"; exit 1; }
# veth offloads the UDP checksum to a peer that never computes it once
# XDP forwards the frame: the far CE would drop the probes.  A NIC
# computes it; so does this.
for ns in "$CE1R" "$CE2R"; do
	on "$ns" ethtool -K eth0 tx off >/dev/null
done

check "ping red CE1 -> red CE2" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "ping6 red CE1 -> red CE2" wait_for 10 on "$CE1R" ping -6 -c 1 -W 1 2001:db8:2::2

# traceroute OUT NAME ARGS...: run it, keep what it printed.
trace() {
	local out=$WORK/$1.txt
	shift
	on "$CE1R" traceroute -n -e -w 2 -q 3 -m 6 "$@" >"$out" 2>&1
	echo "--- traceroute $*"
	cat "$out"
}
# hop FILE N: the addresses and extension of hop N as printed.
hop() { awk -v n="$2" '$1 == n' "$1"; }
hop_is() { # FILE N WANT...: hop N shows every WANT and no star
	local line
	line=$(hop "$1" "$2")
	shift 2
	case $line in *'*'*) return 1 ;; esac
	for w in "$@"; do
		case $line in *"$w"*) ;; *) return 1 ;; esac
	done
}
for mode in udp icmp; do
	flag=
	[ $mode = icmp ] && flag=-I
	trace tr4-$mode $flag 192.168.2.2
	f=$WORK/tr4-$mode.txt
	check "traceroute ($mode): hop 1 is PE1's VRF address" hop_is "$f" 1 192.168.1.1
	check "traceroute ($mode): hop 2 is P with 16003 over 100" \
		hop_is "$f" 2 10.0.12.2 "<MPLS:L=16003,E=0,S=0,T=1/L=100,E=0,S=1,T=1>"
	check "traceroute ($mode): hop 3 is PE2's VRF address with 100" \
		hop_is "$f" 3 192.168.2.1 "<MPLS:L=100,E=0,S=1,T=1>"
	check "traceroute ($mode): hop 4 is the far CE, the end" hop_is "$f" 4 192.168.2.2
	check "traceroute ($mode): no hop 5" [ -z "$(hop "$f" 5)" ]

	trace tr6-$mode -6 $flag 2001:db8:2::2
	f=$WORK/tr6-$mode.txt
	check "traceroute6 ($mode): hop 1 is PE1's VRF address" hop_is "$f" 1 2001:db8:1::1
	check "traceroute6 ($mode): hop 2 is P (::ffff:, no IPv6 core) with its stack" \
		hop_is "$f" 2 ::ffff:10.0.12.2 "<MPLS:L=16003,E=0,S=0,T=1/L=100,E=0,S=1,T=1>"
	check "traceroute6 ($mode): hop 3 is PE2 with 100" \
		hop_is "$f" 3 2001:db8:2::1 "<MPLS:L=100,E=0,S=1,T=1>"
	check "traceroute6 ($mode): hop 4 is the far CE" hop_is "$f" 4 2001:db8:2::2
done

# IPv4 without DF, 1500 bytes: fragmented at the PE (bpf/lib/frag.h),
# both ways (the far CE's echo replies have no DF either), reassembled by
# the CEs.  Before any frag needed: the CE must not know the smaller MTU.
icmp_stat() { ctl "$1" show stats | json "d['icmp']['$2']"; }
check "ping -M dont -s 1472: all 3 replies" \
	ping_all "$CE1R" 3 -M dont -s 1472 192.168.2.2
check "PE1 fragmented the requests" [ "$(icmp_stat pe1 fragmented)" -ge 3 ]
check "PE2 fragmented the replies" [ "$(icmp_stat pe2 fragmented)" -ge 3 ]
echo "    PE1 fragmented $(icmp_stat pe1 fragmented) datagrams into $(icmp_stat pe1 fragments) fragments"

# Path MTU: 1500 bytes of IP plus two labels do not fit the 1500-byte core.
on "$CE1R" ping -M do -s 1472 -c 2 -W 1 192.168.2.2 >"$WORK/pmtu4.txt" 2>&1
cat "$WORK/pmtu4.txt"
check "ping -M do -s 1472: frag needed, mtu 1492" grep -q "mtu = 1492" "$WORK/pmtu4.txt"
check "ping -M do -s 1464 (1492 bytes) gets through" \
	on "$CE1R" ping -M do -s 1464 -c 1 -W 2 192.168.2.2
on "$CE1R" ping -6 -M do -s 1452 -c 2 -W 1 2001:db8:2::2 >"$WORK/pmtu6.txt" 2>&1
cat "$WORK/pmtu6.txt"
check "ping6 -M do -s 1452: packet too big, mtu 1492" grep -q "mtu=1492" "$WORK/pmtu6.txt"
on "$CE1R" ip route flush cache
on "$CE1R" ip -6 route flush cache
on "$CE1R" tracepath -n -m 6 192.168.2.2 >"$WORK/tp4.txt" 2>&1
cat "$WORK/tp4.txt"
check "tracepath: pmtu 1492" grep -q "pmtu 1492" "$WORK/tp4.txt"
check "tracepath: reaches the far CE" grep -q "reached" "$WORK/tp4.txt"
on "$CE1R" tracepath -6 -n -m 6 2001:db8:2::2 >"$WORK/tp6.txt" 2>&1
cat "$WORK/tp6.txt"
check "tracepath6: pmtu 1492" grep -q "pmtu 1492" "$WORK/tp6.txt"

# Too big at the P router: its link to PE2 shrinks to 1400 bytes.  A
# 1400-byte IPv4 packet with DF (PE1's 1500-byte link takes it with its
# two labels) gets frag needed from P, tunnelled along the LSP and routed
# back by PE2, with the MTU that fits P's link with the one label left;
# the same for IPv6.
on "$P" ip link set c2 mtu 1400
on "$W23" ip link set w1 mtu 1400
on "$CE1R" ip route flush cache
on "$CE1R" ip -6 route flush cache
p_nh_mtu() { ctl p show neighbors | json "[n['mtu'] for n in d if n['via'] == '10.0.23.3'][0]"; }
wait_for 5 test "$(p_nh_mtu 2>/dev/null)" = 1400
on "$CE1R" ping -M do -s 1372 -c 2 -W 1 192.168.2.2 >"$WORK/pmtu4p.txt" 2>&1
cat "$WORK/pmtu4p.txt"
check "P: 1400 bytes over its 1400-byte link with a label -> frag needed from P, mtu 1396" \
	grep -q "From 10.0.12.2 .*mtu = 1396" "$WORK/pmtu4p.txt"
on "$CE1R" ping -6 -M do -s 1352 -c 2 -W 1 2001:db8:2::2 >"$WORK/pmtu6p.txt" 2>&1
cat "$WORK/pmtu6p.txt"
check "P: IPv6 1400 bytes -> packet too big from P (::ffff:), mtu 1396" \
	grep -q "From ::ffff:10.0.12.2 .*mtu=1396" "$WORK/pmtu6p.txt"
check "P counted them as tunnelled" [ "$(icmp_stat p tunnelled)" -ge 2 ]
on "$P" ip link set c2 mtu 1500
on "$W23" ip link set w1 mtu 1500

# A tunnelled time exceeded on the P-PE2 link, decoded by tshark.
tcpdump_start "$W23" w1 w23
on "$CE1R" ping -t 2 -c 1 -W 2 192.168.2.2 >/dev/null 2>&1
pcap_has_icmp() { tcpdump -r "$WORK/w23.pcap" -n 2>/dev/null | grep -q "time exceeded"; }
wait_for 3 pcap_has_icmp
tcpdump_stop w23
tshark -r "$WORK/w23.pcap" -V -Y "icmp.type == 11" >"$WORK/tshark.txt" 2>&1
grep -E "MultiProtocol|Multi-Part|Checksum: .*correct|Stack Entry|Label: [0-9]+, Exp" \
	"$WORK/tshark.txt" | sed 's/^/    /' | head -12
check "tshark: time exceeded under label 100 on the P-PE2 link" \
	grep -q "MPLS Label: 100" "$WORK/tshark.txt"
check "tshark: ICMP multi-part extension, its checksum good" \
	grep -q "ICMP Multi-Part Extensions" "$WORK/tshark.txt"
check "tshark: the extension's label stack holds 16003 and 100" \
	bash -c "grep -A30 'MPLS Stack Entry' '$WORK/tshark.txt' | grep -q 'Label: 16003' &&
		grep -A60 'MPLS Stack Entry' '$WORK/tshark.txt' | grep -q 'Label: 100'"

# Rate limit: PE1 allows 20 a second, burst 5; a TTL-1 flood from CE1.
"$PY" - "$WORK/pe1.json" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["icmp"] = {"rate": 20, "burst": 5}
json.dump(c, open(sys.argv[1], "w"))
PYEOF
check "reload PE1 with icmp rate 20, burst 5" ctl pe1 reload
check "show stats: the rate in force" [ "$(icmp_stat pe1 rate)" = 20 ]
before=$(icmp_stat pe1 rate_limited)
on "$CE1R" "$PY" -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 1)
for i in range(5000):
    s.sendto(b'ttl 1 flood', ('192.168.2.2', 33434))"
after=$(icmp_stat pe1 rate_limited)
echo "    rate_limited $before -> $after, time_exceeded $(icmp_stat pe1 time_exceeded)"
check "TTL-1 flood: suppressed messages counted in show stats" [ "$after" -gt "$before" ]
check "TTL-1 flood: at most about rate x time + burst sent" \
	[ "$(icmp_stat pe1 time_exceeded)" -lt 1000 ]
check "forwarding still works after the flood" ping_all "$CE1R" 5 192.168.2.2
check "mplsxd on PE1 still answers" bash -c "'$BUILD/mplsxctl' -s '$SOCK_pe1' show status >/dev/null"

summary
