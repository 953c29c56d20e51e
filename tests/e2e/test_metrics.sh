#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Prometheus metrics end to end on the L3 VPN topology (PE1 - P - PE2):
# metrics.listen turned on by a reload, a live scrape that Debian's
# promtool accepts, every counter of show stats equal to its series after
# real traffic, BGP session series, a series count that does not grow
# with routes, 404 elsewhere, a refused listen value, and metrics off again.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
plan 30

l3vpn_up || setup_failed "l3vpn topology"
MC="$PY $ROOT/tests/e2e/metrics_check.py"
URL=http://127.0.0.1:9580/metrics

# with_keys FILE OUT PYTHON: OUT = FILE's JSON changed by PYTHON (on `c`).
with_keys() {
	$PY -c "import json,sys; c=json.load(open('$1')); $3; json.dump(c, open('$2','w'))"
}
quiet() { "$@" >/dev/null; }
scrape() { # NS OUT
	on "$1" $MC scrape "$URL" "$2"
}

check "PE1: no metrics before the key is set" bash -c "! nsenter --net=/run/netns/$PE1 $MC scrape $URL $WORK/none.txt >/dev/null"
with_keys "$WORK/pe1.json" "$WORK/pe1.json" \
	"c['metrics']={'listen':'127.0.0.1:9580'}; c['bgp']={'asn':65000,'neighbors':[{'address':'127.0.0.1','asn':65000}]}"
with_keys "$WORK/p.json" "$WORK/p.json" "c['metrics']={'listen':'127.0.0.1:9580'}"
check "PE1: reload with metrics.listen" quiet ctl pe1 reload
check "P: reload with metrics.listen" quiet ctl p reload
check "PE1: scrape answers" wait_for 5 scrape "$PE1" "$WORK/first.txt"

# Traffic through both VPNs: counters that are not zero.
check "PE1 red: route installed" wait_for 10 bash -c \
	"'$BUILD/mplsxctl' -s '$SOCK_pe1' show routes red | grep -q '\"installed\":[[:space:]]*true'"
pings() { # NS: 5 answered pings to the far CE (the first may be gleaned)
	on "$1" ping -c 1 -W 2 192.168.2.2 >/dev/null 2>&1
	on "$1" ping -c 5 -i 0.2 -W 2 192.168.2.2 >"$WORK/ping.out" 2>&1
}
check "CE1 red pings CE2 red" pings "$CE1R"
check "CE1 blue pings CE2 blue" pings "$CE1B"

# Counters settle once the pings are over; compare a scrape taken between
# two identical show stats.
compare_node() { # NAME NS
	local i
	for i in $(seq 20); do
		ctl "$1" show stats >"$WORK/s1.json"
		ctl "$1" show interfaces >"$WORK/i1.json"
		scrape "$2" "$WORK/$1.txt" || return 1
		ctl "$1" show stats >"$WORK/s2.json"
		ctl "$1" show interfaces >"$WORK/i2.json"
		# A scrape may serve a snapshot up to 250 ms old: equal when
		# the counters were still for longer than that.
		if cmp -s "$WORK/s1.json" "$WORK/s2.json" &&
			cmp -s <(grep -v '"' "$WORK/i1.json") <(grep -v '"' "$WORK/i2.json") &&
			$MC compare "$WORK/$1.txt" "$WORK/s1.json" "$WORK/i1.json"; then
			return 0
		fi
		sleep 0.3
	done
	return 1
}
check "PE1: every show stats counter equals its series" compare_node pe1 "$PE1"
check "P: every show stats counter equals its series" compare_node p "$P"
check "promtool check metrics accepts PE1's scrape" bash -c "promtool check metrics <'$WORK/pe1.txt'"
check "promtool check metrics accepts P's scrape" bash -c "promtool check metrics <'$WORK/p.txt'"

value() { # FILE NAME K=V...
	$MC value "$@"
}
check "PE1: red imposed >= 5 packets" test "$(value "$WORK/pe1.txt" mplsx_vrf_imposed_packets_total vrf=red)" -ge 5
check "PE1: blue disposed >= 5 packets" test "$(value "$WORK/pe1.txt" mplsx_vrf_disposed_packets_total vrf=blue)" -ge 5
check "P: label 16003 switched >= 10 packets" test "$(value "$WORK/p.txt" mplsx_label_packets_total label=16003)" -ge 10
check "PE1: LSP to 10.255.0.3 up" test "$(value "$WORK/pe1.txt" mplsx_lsp_up pe=10.255.0.3 source=static)" = 1
check "PE1: BGP session series (not established)" test \
	"$(value "$WORK/pe1.txt" mplsx_bgp_session_up neighbor=127.0.0.1 port=1790)" = 0
check "PE1: BGP routes per family" test \
	"$(value "$WORK/pe1.txt" mplsx_bgp_routes neighbor=127.0.0.1 port=1790 family=vpnv4)" = 0
check "PE1: ICMP sent by type and suppressed by reason" bash -c \
	"grep -q '^mplsx_icmp_sent_total{type=\"time_exceeded\"} ' '$WORK/pe1.txt' &&
	 grep -q '^mplsx_icmp_suppressed_total{reason=\"rate_limited\"} ' '$WORK/pe1.txt'"
check "PE1: MPLS echo counters (oam)" quiet value "$WORK/pe1.txt" mplsx_oam_requests_total
check "PE1: label_table memory reported" test "$(value "$WORK/pe1.txt" mplsx_bpf_map_memory_bytes map=label_table)" -gt 33000000
check "PE1: resident memory reported" test "$(value "$WORK/pe1.txt" mplsx_process_resident_memory_bytes)" -gt 0
check "PE1: build info carries the version" quiet value "$WORK/pe1.txt" mplsx_build_info \
	"version=$(ctl pe1 show status | json "d['version']")"

# No per-route series: 250 more routes, the same number of samples.
before=$($MC series "$WORK/pe1.txt")
routes0=$(value "$WORK/pe1.txt" mplsx_fib_routes)
with_keys "$WORK/pe1.json" "$WORK/pe1-more.json" \
	"c['vrfs'][0]['routes'] += [{'prefix':'10.%d.%d.0/24' % (i // 250, i % 250),'pe':'10.255.0.3','label':100} for i in range(250)]"
cp "$WORK/pe1-more.json" "$WORK/pe1.json"
check "PE1: reload with 250 more routes" quiet ctl pe1 reload
scrape "$PE1" "$WORK/more.txt"
check "PE1: fib_routes grew by 250" test "$(value "$WORK/more.txt" mplsx_fib_routes)" -eq $((routes0 + 250))
check "PE1: sample count unchanged ($before)" test "$($MC series "$WORK/more.txt")" -eq "$before"

check "PE1: 404 outside /metrics" bash -c "nsenter --net=/run/netns/$PE1 $PY -c \"
import urllib.request, urllib.error, sys
try:
    urllib.request.urlopen('http://127.0.0.1:9580/', timeout=5)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 404 else 1)
sys.exit(1)\""

# A bad listen value is refused by name; the old one keeps serving.
cp "$WORK/pe1.json" "$WORK/pe1-good.json"
with_keys "$WORK/pe1-good.json" "$WORK/pe1.json" "c['metrics']={'listen':'127.0.0.1:99999'}"
ctl pe1 reload >"$WORK/refused.json"
check "PE1: metrics.listen port 99999 refused by key" grep -q 'metrics.listen: port' "$WORK/refused.json"
check "PE1: still scraped after the refused reload" scrape "$PE1" "$WORK/still.txt"
with_keys "$WORK/pe1-good.json" "$WORK/pe1.json" "del c['metrics']"
check "PE1: reload without metrics" quiet ctl pe1 reload
check "PE1: metrics gone" bash -c "! nsenter --net=/run/netns/$PE1 $MC scrape $URL $WORK/gone.txt >/dev/null"
summary
