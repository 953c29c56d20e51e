#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# run.sh - `make bench`: frames/s through generator -> DUT -> sink for
# every row of bench/paths.txt, then the per-packet cost of the mplsx
# rows (mxcost), then build/bench/results.{json,md,png}.
#
#   G (gen) g0 ---- d0 D (DUT) d1 ---- s0 S (sink)
#           g1 ------------------------ s1        generator's ceiling
#
# Everything runs on one CPU (BENCH_CPU): the generator is pinned there
# and each veth's NAPI runs where the frames were sent from.  Rounds are
# interleaved (round 1 of every path, then round 2, ...) so that drift in
# the machine hits every path alike.  Namespaces, daemons and pins go
# away however the script ends (tests/e2e/lib.sh's trap).
set -u

PACKETS=${BENCH_PACKETS:-5000000}
RUNS=${BENCH_RUNS:-5}
BATCH=${BENCH_BATCH:-64}
CPU=${BENCH_CPU:-1}
WARMUP=200000
TAG=${TAG:-bx$$}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../tests/e2e/lib.sh
. "$HERE/../tests/e2e/lib.sh"

OUT=$BUILD/bench
PATHS_FILE=${BENCH_PATHS:-$HERE/paths.txt} # a subset, for quick checks
PINS=/sys/fs/bpf/mplsx-bench-$TAG
PIN_DIRS+=("$PINS")
MXB=$OUT/mxbench
RAW=$OUT/raw.jsonl

die() {
	echo "bench: $*" >&2
	exit 1
}

for f in "$MXB" "$OUT/mxcost" "$BUILD/mplsxd"; do
	[ -x "$f" ] || die "build first: make bench-build all ($f)"
done
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || die "no bpffs"
mkdir -p "$PINS" || die "mkdir $PINS"
[ "$CPU" -lt "$(nproc)" ] || die "BENCH_CPU=$CPU: only $(nproc) CPUs"

# ---- the paths table ----------------------------------------------------
ROWS=()
while read -r name dut frame in out title; do
	case $name in '' | '#'*) continue ;; esac
	ROWS+=("$name|$dut|$frame|$in|$out|$title")
done <"$PATHS_FILE"

# ---- topology ----------------------------------------------------------
G=$TAG-g D=$TAG-d S=$TAG-s
for ns in "$G" "$D" "$S"; do
	ns_add "$ns"
	# No IPv6 autoconf chatter: the sink counts every frame it sees.
	on "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
veth "$G" g0 "$D" d0 # GRO on d0: the kernel path's only receive hook
veth "$D" d1 "$S" s0
veth "$G" g1 "$S" s1
on "$D" ip addr add 10.1.0.2/24 dev d0
on "$D" ip addr add 10.2.0.2/24 dev d1
on "$D" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0
# The sink drops ARP too: its neighbour entry is static.
on "$D" ip neigh replace 10.2.0.1 lladdr "$(mac_of "$S" s0)" dev d1 \
	nud permanent
on "$S" "$MXB" sink s0 "$PINS/s0" || die "sink on s0"
on "$S" "$MXB" sink s1 "$PINS/s1" || die "sink on s1"

MAC_G0=$(mac_of "$G" g0) MAC_G1=$(mac_of "$G" g1)
MAC_D0=$(mac_of "$D" d0) MAC_S1=$(mac_of "$S" s1)

# The sink is a CE for disposition, the generator the PE that pseudowire
# disposition's peer resolves to (directly connected, no transport label).
on "$D" ip neigh replace 10.1.0.1 lladdr "$MAC_G0" dev d0 nud permanent

# ---- mplsxd's configs, one per mplsx DUT kind ---------------------------
# The kinds (paths.txt's dut column) and the ports they make of d0 / d1:
#   mplsx          core / core    the label entry of every such row
#   mplsx-vpn-in   VRF / core     a remote route 10.2.0.0/24; out = the
#                  stack pushed, outermost first: [transport,] VPN label
#                  (one label: the PE is 10.2.0.1, directly connected)
#   mplsx-vpn-out  core / VRF     per-VRF label `in`, the sink a CE host
#   mplsx-vpn-nh   core / VRF     the same per next hop (label allocated
#                  by mplsxd, read back: in = auto)
#   mplsx-pw-in    AC / core      out = [transport,] remote PW label
#   mplsx-pw-out   core / AC      in = local PW label, control word
vrf_json() { # LABEL_KEY ROUTES: VRF red
	printf ' "vrfs": [{"name": "red", "rd": "65000:1", "import": ["65000:1"],\n'
	printf '   "export": ["65000:1"], %s "routes": [%s]}]' "$1" "$2"
}

lsp_json() { # PUSH...: reach PE 10.255.0.3 over d1, or none (PE 10.2.0.1)
	[ $# -gt 0 ] || return 0
	local IFS=,
	printf ' "lsps": [{"to": "10.255.0.3", "push": [%s], "via": %s}],\n' "$*" "$VIA"
}

# The next hop on d1: the sink, or for -ecmpN kinds a group of N
# addresses (10.2.0.11..), every one a static neighbour with the sink's
# MAC: the group's work is done, the frame still reaches the sink.
via_json() { # N
	local i sep=""
	[ "$1" -gt 1 ] || { echo '"10.2.0.1"'; return; }
	printf '['
	for i in $(seq "$1"); do
		printf '%s"10.2.0.%d"' "$sep" $((10 + i))
		sep=", "
	done
	printf ']'
}
for i in $(seq 8); do
	on "$D" ip neigh replace 10.2.0.$((10 + i)) lladdr "$(mac_of "$S" s0)" \
		dev d1 nud permanent
done

dut_config() { # KIND IN OUT -> config on stdout
	local kind=$1 in=$2 out=$3 r name dut frame lin lout title sep last pe
	local base=$1 n=1
	local -a push=()
	case $kind in *-ecmp*) n=${kind##*-ecmp} base=${kind%-ecmp*} ;; esac
	VIA=$(via_json "$n")
	[ "$out" = - ] || IFS=, read -r -a push <<<"$out"
	if [ ${#push[@]} -gt 0 ]; then
		last=${push[-1]}
		unset 'push[-1]'
	fi
	pe=10.255.0.3
	[ ${#push[@]} -gt 0 ] || pe=10.2.0.1
	echo '{"router_id": "10.255.0.2",'
	case $base in
	mplsx | mplsx-icmp)
		echo ' "interfaces": [{"name": "d0", "mpls": true}, {"name": "d1", "mpls": true}],'
		[ "$kind" = mplsx-icmp ] && echo ' "icmp": {"rate": 0},'
		echo ' "labels": ['
		sep=""
		for r in "${ROWS[@]}"; do
			IFS='|' read -r name dut frame lin lout title <<<"$r"
			[ "$dut" = "$kind" ] || continue
			[ "$lout" = - ] && lout=""
			printf '%s  {"in": %s, "out": [%s], "via": %s}' \
				"$sep" "$lin" "$lout" "$VIA"
			sep=$',\n'
		done
		printf '\n ]'
		;;
	mplsx-vpn-in)
		echo ' "interfaces": [{"name": "d0", "vrf": "red"}, {"name": "d1", "mpls": true}],'
		lsp_json "${push[@]}"
		vrf_json '"label": 100,' \
			"{\"prefix\": \"10.2.0.0/24\", \"pe\": \"$pe\", \"label\": $last}"
		;;
	mplsx-vpn-out | mplsx-vpn-nh)
		echo ' "interfaces": [{"name": "d0", "mpls": true}, {"name": "d1", "vrf": "red"}],'
		if [ "$kind" = mplsx-vpn-out ]; then
			vrf_json "\"label\": $in," ""
		else
			vrf_json '"label_mode": "per-nexthop",' ""
		fi
		;;
	mplsx-pw-in | mplsx-pw-out)
		if [ "$kind" = mplsx-pw-in ]; then
			echo ' "interfaces": [{"name": "d0", "pseudowire": "pw1"}, {"name": "d1", "mpls": true}],'
			lsp_json "${push[@]}"
			in=5001
		else
			echo ' "interfaces": [{"name": "d0", "mpls": true}, {"name": "d1", "pseudowire": "pw1"}],'
			last=5002 pe=10.1.0.1
		fi
		printf ' "pseudowires": [{"name": "pw1", "peer": "%s", "local_label": %s,\n' \
			"$pe" "$in"
		printf '   "remote_label": %s, "control_word": true}]' "$last"
		;;
	mplsx-vpls-in)
		echo ' "interfaces": [{"name": "d0", "vpls": "l2"}, {"name": "d1", "mpls": true}],'
		lsp_json "${push[@]}"
		vpls_json "{\"pe\": \"$pe\", \"local_label\": 7012, \"remote_label\": $last}"
		;;
	mplsx-vpls-out)
		echo ' "interfaces": [{"name": "d0", "mpls": true}, {"name": "d1", "vpls": "l2"}],'
		vpls_json "{\"pe\": \"10.1.0.1\", \"local_label\": $in, \"remote_label\": 7021}"
		;;
	mplsx-vpls-flood*)
		local i lsps="" peers=""
		n=${kind#mplsx-vpls-flood}
		echo ' "interfaces": [{"name": "d0", "vpls": "l2"}, {"name": "d1", "mpls": true}],'
		for i in $(seq 0 $((n - 1))); do
			lsps+="${lsps:+, }{\"to\": \"10.255.1.$i\", \"push\": [$((16100 + i))], \"via\": \"10.2.0.1\"}"
			peers+="${peers:+, }{\"pe\": \"10.255.1.$i\", \"local_label\": $((7100 + i)), \"remote_label\": $((7200 + i))}"
		done
		printf ' "lsps": [%s],\n' "$lsps"
		vpls_json "$peers"
		;;
	*) return 1 ;;
	esac
	printf '\n}\n'
}

vpls_json() { # PEERS: VPLS l2 (MACs never age during a run)
	printf ' "vpls": [{"name": "l2", "mac_age": 1000000, "peers": [%s]}]' "$1"
}

KINDS=()
for r in "${ROWS[@]}"; do
	IFS='|' read -r name dut frame in out title <<<"$r"
	case $dut in mplsx*) ;; *) continue ;; esac
	[ -e "$WORK/$dut.json" ] && continue # mplsx rows share one config
	dut_config "$dut" "$in" "$out" >"$WORK/$dut.json" ||
		die "no config for DUT kind $dut ($name)"
	KINDS+=("$dut")
done

# ---- one measurement ---------------------------------------------------
template() { # FRAME LABEL -> hex
	local dmac=$MAC_D0 smac=$MAC_G0
	[ "$DUT_MODE" = direct ] && dmac=$MAC_S1 smac=$MAC_G1
	$PY "$HERE/frames.py" "$1" "$dmac" "$smac" ${2:+"$2"}
}

gen() { # HEX PACKETS
	local ifname=g0 sink=s0 batch=$BATCH n
	[ "$DUT_MODE" = direct ] && ifname=g1 sink=s1
	# A flood sends N copies of each frame of a batch into one veth,
	# whose ring holds 256: at most 128 copies a batch, or the veth drops
	# what the DUT sent.
	case $DUT_MODE in mplsx-vpls-flood*)
		n=${DUT_MODE#mplsx-vpls-flood}
		[ $((batch * n)) -le 128 ] || batch=$((128 / n))
		;;
	esac
	# 5 M frames at the slowest path take ~6 s: 120 s is a hang.
	timeout 120 nsenter --net="/run/netns/$G" "$MXB" gen -i "$ifname" \
		-t "$1" -s "$PINS/$sink/sink_count" -n "$2" -b "$batch" -c "$CPU"
}

# ---- the devices under test --------------------------------------------
DUT_MODE=
NDUT=0
# Ready when every neighbour is resolved, every route installed and every
# pseudowire up: before that the data plane drops what it cannot send.
dut_ready() {
	local n
	for n in neighbors routes pseudowires vpls; do
		ctl "dut$NDUT" show "$n" >"$WORK/ready-$n.json" || return 1
	done
	$PY - "$WORK" <<'PY'
import json, sys
d = {n: json.load(open("%s/ready-%s.json" % (sys.argv[1], n)))
     for n in ("neighbors", "routes", "pseudowires", "vpls")}
sys.exit(0 if d["neighbors"]
         and all(n["state"] in ("resolved", "group")
                 for n in d["neighbors"])
         and all(r["installed"] for r in d["routes"])
         and all(p["state"] == "up" for p in d["pseudowires"])
         and all(p["state"] == "up" for v in d["vpls"] for p in v["peers"])
         else 1)
PY
}

dut_up() { # MODE
	DUT_MODE=$1
	# Only the kernel row forwards in the kernel: elsewhere a frame that
	# mplsx passed up must not reach the sink and count as forwarded.
	local fwd=0
	[ "$1" = kernel ] && fwd=1
	on "$D" sysctl -qw net.ipv4.ip_forward=$fwd
	case $1 in
	direct | kernel) ;;
	redirect) on "$D" "$MXB" redirect d0 d1 "$PINS/dut" ;;
	mplsx*)
		NDUT=$((NDUT + 1))
		mplsxd_start "$D" "$WORK/$1.json" "dut$NDUT" || return 1
		wait_for 10 dut_ready ||
			{ echo "bench: $1: mplsxd not ready" >&2; return 1; }
		;;
	*) return 1 ;;
	esac
}

# VPLS known unicast needs its destination learnt: one frame from the
# far side, sent from the sink's namespace into d1, teaches the DUT.
#   vpls-in:  a PW frame (label 7012) whose inner source is d0's MAC, the
#             generator frames' destination: learnt behind the peer
#   vpls-out: a frame on the AC d1 from the pw frames' inner destination
dut_prime() { # MODE
	local mac frame
	case $1 in
	mplsx-vpls-in)
		mac=$MAC_D0
		frame="$(mac_of "$D" d1 | tr -d :)$(mac_of "$S" s0 | tr -d :)8847"
		# label 7012, S, TTL 64; control word 0
		frame+="01b6414000000000$(echo "$MAC_G0" | tr -d :)$(echo "$mac" | tr -d :)0800"
		;;
	mplsx-vpls-out)
		mac=02:00:00:00:0c:02
		frame="ffffffffffff$(echo "$mac" | tr -d :)0800"
		;;
	*) return 0 ;;
	esac
	frame+=$(printf '00%.0s' $(seq 46))
	on "$S" "$PY" -c "
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('s0', 0))
s.send(bytes.fromhex('$frame'))"
	wait_for 5 bash -c "'$BUILD/mplsxctl' -s '$(eval echo "\$SOCK_dut$NDUT")' show mac | grep -q '$mac'"
}

dut_down() {
	local pid
	case $DUT_MODE in
	redirect) rm -f "$PINS/dut/redir_link" ;;
	mplsx*)
		ctl "dut$NDUT" show stats >"$OUT/$DUT_MODE-stats.json" 2>&1
		pid=$(eval echo "\$PID_dut$NDUT")
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null
		;;
	esac
	DUT_MODE=
}

# The label a row's frame carries; "auto": the per-next-hop label mplsxd
# allocated for the sink's host route (read back, it may change per start).
label_of() { # IN
	case $1 in
	-) ;;
	auto) ctl "dut$NDUT" show routes red |
		json "[r['label'] for r in d if r['prefix'] == '10.2.0.1/32'][0]" ;;
	*) echo "$1" ;;
	esac
}

# d1's tx counters as mplsxd counts them: "packets bytes".
tx_of() {
	ctl "dut$NDUT" show stats |
		json "' '.join(str(i['tx_' + k]) for i in d['interfaces'] if i['name'] == 'd1' for k in ('packets', 'bytes'))"
}

# d0's rx frames as mplsxd counts them: every frame it handled.
rx_of() {
	ctl "dut$NDUT" show stats |
		json "[i['rx_packets'] for i in d['interfaces'] if i['name'] == 'd0'][0]"
}

# ---- rounds ------------------------------------------------------------
: >"$RAW"
MODES=(direct redirect kernel "${KINDS[@]}")
echo "bench: $RUNS rounds of $PACKETS frames per path, batch $BATCH, CPU $CPU"
for round in $(seq "$RUNS"); do
	for mode in "${MODES[@]}"; do
		dut_up "$mode" || die "DUT $mode did not come up"
		dut_prime "$mode" || die "DUT $mode: no MAC learnt"
		for r in "${ROWS[@]}"; do
			IFS='|' read -r name dut frame in out title <<<"$r"
			[ "$dut" = "$mode" ] || continue
			label=$(label_of "$in") || die "label of $name"
			hex=$(template "$frame" "$label") || die "template $name"
			gen "$hex" "$WARMUP" >/dev/null || die "gen $name (warm-up)"
			tx0="0 0" rx0=0
			[[ $mode == mplsx* ]] && tx0=$(tx_of) rx0=$(rx_of)
			# A flood row's frames are each several copies through
			# the kernel: a tenth of them keeps it within gen's
			# timeout (the rate is copies/s all the same).
			n=$PACKETS
			case $dut in mplsx-vpls-flood*) n=$((PACKETS / 10)) ;; esac
			res=$(gen "$hex" "$n") || die "gen $name"
			tx="" # what mplsxd sent out of d1: frames and their size
			if [[ $mode == mplsx* ]]; then
				read -r p0 b0 <<<"$tx0"
				read -r p1 b1 <<<"$(tx_of)"
				tx=", \"dut_tx\": {\"packets\": $((p1 - p0)), \"bytes\": $((b1 - b0))}"
				tx+=", \"dut_rx\": $(($(rx_of) - rx0))"
			fi
			echo "{\"path\": \"$name\", \"round\": $round, \"result\": $res$tx}" >>"$RAW"
			printf 'round %d  %-16s %s\n' "$round" "$name" "$res"
		done
		dut_down
	done
done

# ---- per-packet cost ---------------------------------------------------
if [ "${BENCH_COST:-1}" = 0 ]; then # chain only (quick checks)
	echo '{}' >"$OUT/cost.json"
	echo '{}' >"$OUT/fib.json"
	echo '{}' >"$OUT/ecmp.json"
else
specs=()
for r in "${ROWS[@]}"; do
	IFS='|' read -r name dut frame in out title <<<"$r"
	# The TTL-1 rows need mplsxd's ICMP state (sources, bucket), which
	# mxcost's own map setup does not write: chain figures only.
	case $name in p_ttl1*) continue ;; esac
	case $dut in
	*-ecmp*) ;; # mxcost -e below
	mplsx-vpls-flood*) ;; # clones are TC's: chain figures only
	mplsx*) specs+=("$name:$in:$out:$dut") ;;
	esac
done
echo "bench: per-packet cost (BPF_PROG_TEST_RUN, repeat)"
timeout 300 "$OUT/mxcost" -c "$CPU" "${specs[@]}" >"$OUT/cost.json" ||
	die "mxcost failed"
# Imposition with 1 .. 1,000,000 routes in the VRF: the LPM trie's growth.
echo "bench: L3 VPN imposition cost by VRF FIB size (mxcost -f)"
timeout 300 "$OUT/mxcost" -c "$CPU" -l 3 -f >"$OUT/fib.json" ||
	die "mxcost -f failed"
cat "$OUT/fib.json"
# Swap and imposition over 1-, 2- and 8-member groups, and the spread of
# 64 flows over 2 and 8 members.
echo "bench: next-hop groups (mxcost -e)"
timeout 300 "$OUT/mxcost" -c "$CPU" -l 3 -e >"$OUT/ecmp.json" ||
	die "mxcost -e failed"
cat "$OUT/ecmp.json"
fi

# ---- report ------------------------------------------------------------
/usr/bin/python3 "$HERE/report.py" --paths "$PATHS_FILE" --raw "$RAW" \
	--cost "$OUT/cost.json" --fib "$OUT/fib.json" --ecmp "$OUT/ecmp.json" --out "$OUT" --packets "$PACKETS" \
	--batch "$BATCH" --cpu "$CPU" \
	${BENCH_DOCS:+--docs "$ROOT/docs/BENCHMARKS.md"} || die "report failed"
