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
. "$HERE/../tests/e2e/lib.sh"

OUT=$BUILD/bench
PINS=/sys/fs/bpf/mplsx-bench-$TAG
PIN_DIRS+=("$PINS")
MXB=$OUT/mxbench
RAW=$OUT/raw.jsonl

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$MXB" ] && [ -x "$OUT/mxcost" ] && [ -x "$BUILD/mplsxd" ] ||
	die "build first: make bench-build all"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || die "no bpffs"
mkdir -p "$PINS" || die "mkdir $PINS"
[ "$CPU" -lt "$(nproc)" ] || die "BENCH_CPU=$CPU: only $(nproc) CPUs"

# ---- the paths table ----------------------------------------------------
ROWS=()
while read -r name dut frame in out title; do
	case $name in '' | '#'*) continue ;; esac
	ROWS+=("$name|$dut|$frame|$in|$out|$title")
done <"$HERE/paths.txt"

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

# mplsxd's config: the label entry of every mplsx row.
{
	echo '{"router_id": "10.255.0.2",'
	echo ' "interfaces": [{"name": "d0", "mpls": true}, {"name": "d1", "mpls": true}],'
	echo ' "labels": ['
	sep=""
	for r in "${ROWS[@]}"; do
		IFS='|' read -r name dut frame in out title <<<"$r"
		[ "$dut" = mplsx ] || continue
		[ "$out" = - ] && out=""
		printf '%s  {"in": %s, "out": [%s], "via": "10.2.0.1"}' \
			"$sep" "$in" "$out"
		sep=$',\n'
	done
	printf '\n ]}\n'
} >"$WORK/dut.json"

# ---- one measurement ---------------------------------------------------
template() { # FRAME LABEL -> hex
	local dmac=$MAC_D0 smac=$MAC_G0
	[ "$DUT_MODE" = direct ] && dmac=$MAC_S1 smac=$MAC_G1
	$PY "$HERE/frames.py" "$1" "$dmac" "$smac" ${2:+"$2"}
}

gen() { # HEX PACKETS
	local ifname=g0 sink=s0
	[ "$DUT_MODE" = direct ] && ifname=g1 sink=s1
	# 5 M frames at the slowest path take ~6 s: 120 s is a hang.
	timeout 120 nsenter --net="/run/netns/$G" "$MXB" gen -i "$ifname" \
		-t "$1" -s "$PINS/$sink/sink_count" -n "$2" -b "$BATCH" -c "$CPU"
}

# ---- the devices under test --------------------------------------------
DUT_MODE=
NDUT=0
dut_up() { # MODE
	DUT_MODE=$1
	case $1 in
	direct | kernel) ;;
	redirect) on "$D" "$MXB" redirect d0 d1 "$PINS/dut" ;;
	mplsx)
		NDUT=$((NDUT + 1))
		mplsxd_start "$D" "$WORK/dut.json" "dut$NDUT" || return 1
		wait_for 10 bash -c "'$BUILD/mplsxctl' -s '$WORK/dut$NDUT.sock' \
			show neighbors | $PY -c 'import json,sys; d=json.load(sys.stdin);
sys.exit(0 if d and all(n[\"state\"]==\"resolved\" for n in d) else 1)'" ||
			{ echo "bench: mplsxd nexthops unresolved" >&2; return 1; }
		;;
	*) return 1 ;;
	esac
}

dut_down() {
	local pid
	case $DUT_MODE in
	redirect) rm -f "$PINS/dut/redir_link" ;;
	mplsx)
		ctl "dut$NDUT" show stats >"$OUT/mplsx-stats-$NDUT.json" 2>&1
		pid=$(eval echo "\$PID_dut$NDUT")
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null
		;;
	esac
	DUT_MODE=
}

# ---- rounds ------------------------------------------------------------
: >"$RAW"
MODES=(direct redirect kernel mplsx)
echo "bench: $RUNS rounds of $PACKETS frames per path, batch $BATCH, CPU $CPU"
for round in $(seq "$RUNS"); do
	for mode in "${MODES[@]}"; do
		dut_up "$mode" || die "DUT $mode did not come up"
		for r in "${ROWS[@]}"; do
			IFS='|' read -r name dut frame in out title <<<"$r"
			[ "$dut" = "$mode" ] || continue
			[ "$in" = - ] && in=""
			hex=$(template "$frame" "$in") || die "template $name"
			gen "$hex" "$WARMUP" >/dev/null || die "gen $name (warm-up)"
			res=$(gen "$hex" "$PACKETS") || die "gen $name"
			echo "{\"path\": \"$name\", \"round\": $round, \"result\": $res}" >>"$RAW"
			printf 'round %d  %-14s %s\n' "$round" "$name" "$res"
		done
		dut_down
	done
done

# ---- per-packet cost ---------------------------------------------------
specs=()
for r in "${ROWS[@]}"; do
	IFS='|' read -r name dut frame in out title <<<"$r"
	[ "$dut" = mplsx ] && specs+=("$name:$in:$out")
done
echo "bench: per-packet cost (BPF_PROG_TEST_RUN, repeat)"
timeout 300 "$OUT/mxcost" -c "$CPU" "${specs[@]}" >"$OUT/cost.json" ||
	die "mxcost failed"
# Imposition with 1 .. 1,000,000 routes in the VRF: the LPM trie's growth.
echo "bench: L3 VPN imposition cost by VRF FIB size (mxcost -f)"
timeout 300 "$OUT/mxcost" -c "$CPU" -l 3 -f >"$OUT/fib.json" ||
	die "mxcost -f failed"
cat "$OUT/fib.json"

# ---- report ------------------------------------------------------------
/usr/bin/python3 "$HERE/report.py" --paths "$HERE/paths.txt" --raw "$RAW" \
	--cost "$OUT/cost.json" --out "$OUT" --packets "$PACKETS" \
	--batch "$BATCH" --cpu "$CPU" \
	${BENCH_DOCS:+--docs "$ROOT/docs/BENCHMARKS.md"} || die "report failed"
