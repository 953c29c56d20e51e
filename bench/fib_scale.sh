#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# fib_scale.sh - the FIB section of `make bench` (also `make bench-fib`):
# L3 VPN imposition and per-VRF disposition, IPv4 and IPv6, with 1, 1,000,
# 100,000 and 1,048,576 routes in the VRF, every frame to a destination
# drawn uniformly at random over the table by the generator (a per-CPU
# xorshift in gen.bpf.c); the bare redirect and Linux IPv4 forwarding with
# the same 1,048,576 routes measured with the same random destinations in
# the same rounds.  The real mplsxd, static routes from its config.  Writes
# build/bench/fib_scale.{jsonl,json,md,png}.  Figures only.
#
#   G (gen) g0 ---- d0 D (DUT) d1 ---- s0 S (sink)
#
# Tables: IPv4 32.0.0.0/24, 32.0.1.0/24, ... (k-th: 32.0.0.0 + k*256);
# IPv6 2001:0:0::/48, 2001:0:1::/48, ... (k in bits 16..47).
# Also: 4,095 VRFs x 10 routes through fibtool load (memory, refusals),
# and the A/B row in4h (imposition at the biggest size, fib.direct_v4 0).
# Knobs: BENCH_FIB_SIZES, BENCH_FIB_RUNS (3), BENCH_PACKETS, BENCH_BATCH,
# BENCH_CPU, BENCH_FIB_KINDS, BENCH_FIB_AB ("" for no A/B), BENCH_FIB_VRFS.
set -u

PACKETS=${BENCH_PACKETS:-5000000}
RUNS=${BENCH_FIB_RUNS:-3}
BATCH=${BENCH_BATCH:-64}
CPU=${BENCH_CPU:-1}
SIZES=${BENCH_FIB_SIZES:-1 1000 100000 1048576}
WARMUP=200000
TAG=${TAG:-bf$$}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../tests/e2e/lib.sh
. "$HERE/../tests/e2e/lib.sh"

OUT=$BUILD/bench
PINS=/sys/fs/bpf/mplsx-bench-$TAG
PIN_DIRS+=("$PINS")
MXB=$OUT/mxbench
RAW=$OUT/fib_scale.jsonl
BIG=${BENCH_FIB_KERNEL_ROUTES:-1048576}
for n in $SIZES; do [ "$n" -gt "$BIG" ] && BIG=$n; done

die() {
	echo "bench-fib: $*" >&2
	exit 1
}

for f in "$MXB" "$BUILD/mplsxd" "$BUILD/mplsxctl"; do
	[ -x "$f" ] || die "build first: make bench-build all ($f)"
done
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || die "no bpffs"
mkdir -p "$PINS" "$OUT" || die "mkdir"

# ---- topology ----------------------------------------------------------
G=$TAG-g D=$TAG-d S=$TAG-s
for ns in "$G" "$D" "$S"; do
	ns_add "$ns"
	on "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
veth "$G" g0 "$D" d0
veth "$D" d1 "$S" s0
on "$D" ip addr add 10.1.0.2/24 dev d0
on "$D" ip addr add 10.2.0.2/24 dev d1
on "$D" sysctl -qw net.ipv4.conf.all.rp_filter=0
# IPv6 only on d1: the CE of IPv6 disposition, a permanent neighbour.
on "$D" sysctl -qw net.ipv6.conf.d1.disable_ipv6=0
on "$D" ip -6 addr add fd00:2::2/64 dev d1 nodad
MAC_G0=$(mac_of "$G" g0) MAC_D0=$(mac_of "$D" d0) MAC_S0=$(mac_of "$S" s0)
for i in 1 $(seq 3 252); do
	printf 'neigh replace 10.2.0.%d lladdr %s dev d1 nud permanent\n' "$i" "$MAC_S0"
	printf 'neigh replace fd00:2::%x lladdr %s dev d1 nud permanent\n' "$i" "$MAC_S0"
done >"$WORK/neigh"
on "$D" ip -batch "$WORK/neigh" || die "neighbours"
on "$D" ip neigh replace 10.1.0.1 lladdr "$MAC_G0" dev d0 nud permanent
on "$S" "$MXB" sink s0 "$PINS/s0" || die "sink on s0"

# Linux holds the biggest IPv4 table for its own row (and keeps it: XDP
# never looks at it).
echo "bench-fib: $BIG IPv4 routes into the DUT's kernel"
$PY - "$BIG" >"$WORK/kroutes" <<'PY'
import sys
for k in range(int(sys.argv[1])):
    a = 0x20000000 + (k << 8)
    print("route add %d.%d.%d.0/24 via 10.2.0.1 dev d1" %
          (a >> 24, (a >> 16) & 255, (a >> 8) & 255))
PY
t0=$(date +%s.%N)
on "$D" ip -batch "$WORK/kroutes" || die "kernel routes"
echo "bench-fib: kernel routes in $(echo "$(date +%s.%N) - $t0" | bc) s"

# ---- configs: KIND (in4 in6 out4 out6) x SIZE --------------------------
#   in4/in6   d0 VRF red -> d1 core: N remote routes, PE 10.255.0.3 over
#             an LSP (push 16003 via the sink 10.2.0.1), a VPN label per
#             prefix (16 + k, as a PE allocating per prefix gives them)
#   out4/out6 d0 core -> d1 VRF red (per-VRF label 100): N routes to 250
#             CEs (10.2.0.3.. / fd00:2::3.., all the sink's MAC), route k
#             via CE k % 250
# Every route differs from its neighbours: equal neighbours would merge in
# the FIB (a chunk of one route is that route) and measure less.
config() { # KIND N
	$PY - "$1" "$2" <<'PY'
import json, sys
kind, n = sys.argv[1], int(sys.argv[2])
# in4h: in4 with the hash for the top level (no direct array): the A/B
# of fib.direct_v4 in the same rounds.
hash_top = kind == "in4h"
kind = "in4" if hash_top else kind
def p4(k):
    a = 0x20000000 + (k << 8)
    return "%d.%d.%d.0/24" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255)
def p6(k):
    return "2001:%x:%x::/48" % (k >> 16, k & 0xFFFF)
pfx = p4 if kind.endswith("4") else p6
if kind.startswith("in"):
    ifs = [{"name": "d0", "vrf": "red"}, {"name": "d1", "mpls": True}]
    routes = [{"prefix": pfx(k), "pe": "10.255.0.3", "label": 16 + k % 1048560}
              for k in range(n)]
else:
    ifs = [{"name": "d0", "mpls": True}, {"name": "d1", "vrf": "red"}]
    via = "10.2.0.%d" if kind.endswith("4") else "fd00:2::%x"
    routes = [{"prefix": pfx(k), "via": via % (3 + k % 250)}
              for k in range(n)]
cfg = {"router_id": "10.255.0.2", "interfaces": ifs,
       "lsps": [{"to": "10.255.0.3", "push": [16003], "via": "10.2.0.1"}],
       "vrfs": [{"name": "red", "rd": "65000:1", "import": ["65000:1"],
                 "export": ["65000:1"], "label": 100, "routes": routes}]}
if hash_top:
    cfg["fib"] = {"direct_v4": 0}
json.dump(cfg, sys.stdout)
PY
}
KINDS=${BENCH_FIB_KINDS:-in4 in6 out4 out6}
# A/B kinds, at the biggest table only (BENCH_FIB_AB="" for none).
AB=${BENCH_FIB_AB-in4h}
TOP_N=$(for n in $SIZES; do echo "$n"; done | sort -n | tail -1)
for k in $KINDS; do
	for n in $SIZES; do
		config "$k" "$n" >"$WORK/$k-$n.json" || die "config $k $n"
	done
done
for k in $AB; do
	config "$k" "$TOP_N" >"$WORK/$k-$TOP_N.json" || die "config $k"
done

# ---- frames: kind -> template and where the destination goes -----------
# -r COUNT:OFF:BASE:SHIFT:CSUM_OFF (bench_dst): IPv4 daddr at 30 (34
# under a label), header checksum at 24 (28); IPv6 daddr bytes 2..5 at 40
# (44 under a label).
tmpl_of() { # KIND
	case $1 in
	in4 | in4h | kernel | redirect) $PY "$HERE/frames.py" ipv4 "$MAC_D0" "$MAC_G0" ;;
	in6) $PY "$HERE/frames.py" ipv6 "$MAC_D0" "$MAC_G0" ;;
	out4) $PY "$HERE/frames.py" mpls "$MAC_D0" "$MAC_G0" 100 ;;
	out6) $PY "$HERE/frames.py" mpls6 "$MAC_D0" "$MAC_G0" 100 ;;
	esac
}
dst_of() { # KIND N
	case $1 in
	in4 | in4h | kernel | redirect) echo "$2:30:0x20000000:8:24" ;;
	out4) echo "$2:34:0x20000000:8:28" ;;
	in6) echo "$2:40:0:0:0" ;;
	out6) echo "$2:44:0:0:0" ;;
	esac
}

gen() { # KIND N PACKETS
	timeout 120 nsenter --net="/run/netns/$G" "$MXB" gen -i g0 \
		-t "$(tmpl_of "$1")" -r "$(dst_of "$1" "$2")" \
		-s "$PINS/s0/sink_count" -n "$3" -b "$BATCH" -c "$CPU"
}

NDUT=0
# lib.sh's mplsxd_start, with time for a million routes before the socket,
# and the agent on another CPU than the chain's (AGENT_CPU): the data path
# never waits for it, but its periodic walks of a million routes would
# take turns with the generator on one CPU and count as forwarding time.
AGENT_CPU=${BENCH_AGENT_CPU:-$(( CPU == 0 ? 1 : 0 ))}
dut_start() { # CONFIG NAME
	local sock="$WORK/$2.sock" pins="/sys/fs/bpf/mplsx-$TAG-$2"
	PIN_DIRS+=("$pins")
	SOCKETS+=("$sock")
	nsenter --net="/run/netns/$D" taskset -c "$AGENT_CPU" \
		"$BUILD/mplsxd" -c "$1" -s "$sock" \
		-p "$pins" >"$WORK/$2.log" 2>&1 &
	PIDS+=($!)
	eval "SOCK_$2=$sock PID_$2=$! PINS_$2=$pins"
	for _ in $(seq 1200); do
		[ -S "$sock" ] && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/$2.log" >&2
	return 1
}

dut_ready() { # N: every route of red installed
	ctl "dut$NDUT" show vrfs >"$WORK/vrfs.json" || return 1
	$PY - "$WORK/vrfs.json" "$1" <<'PY'
import json, sys
v = [x for x in json.load(open(sys.argv[1])) if x["name"] == "red"]
sys.exit(0 if v and v[0]["installed"] >= int(sys.argv[2])
         and v[0]["installed"] == v[0]["routes"] else 1)
PY
}

# FIB memory in use, from the maps (mxbench fibmem).
fibmem() { # NAME
	local pins
	pins=$(eval echo "\$PINS_$1")
	"$OUT/fibtool" mem "$pins" 2>/dev/null || echo '{}'
}

measure() { # ROUND PATH KIND N
	local res
	gen "$3" "$4" "$WARMUP" >/dev/null || die "gen $2 (warm-up)"
	res=$(gen "$3" "$4" "$PACKETS") || die "gen $2"
	echo "{\"path\": \"$2\", \"kind\": \"$3\", \"routes\": $4, \"round\": $1, \"result\": $res}" >>"$RAW"
	printf 'round %d  %-10s %8s routes  %s\n' "$1" "$3" "$4" "$res"
}

# ---- rounds ------------------------------------------------------------
: >"$RAW"
# Many small VRFs: 4,095 VRFs x 10 routes through the agent's FIB code
# into a fresh load of the maps (default pool sizes), measured from them.
for sc in ${BENCH_FIB_VRFS:-vrfs10 vrfs10s vrfs10v6 vrfs10v64}; do
	m=$("$OUT/fibtool" load "$sc" 2>/dev/null) || die "fibtool load $sc"
	echo "{\"vrfs\": true, \"load\": $m}" >>"$RAW"
	echo "bench-fib: $m"
done
echo "bench-fib: $RUNS rounds of $PACKETS frames, random destinations, CPU $CPU"
for round in $(seq "$RUNS"); do
	on "$D" sysctl -qw net.ipv4.ip_forward=0
	on "$D" "$MXB" redirect d0 d1 "$PINS/dut" || die "redirect"
	measure "$round" redirect redirect "$BIG"
	rm -f "$PINS/dut/redir_link"
	on "$D" sysctl -qw net.ipv4.ip_forward=1
	measure "$round" kernel kernel "$BIG"
	on "$D" sysctl -qw net.ipv4.ip_forward=0
	for kn in $(for k in $KINDS; do for n in $SIZES; do echo "$k:$n"; done; done) \
		$(for k in $AB; do echo "$k:$TOP_N"; done); do
		k=${kn%:*} n=${kn#*:}
		NDUT=$((NDUT + 1))
		t0=$(date +%s.%N)
		dut_start "$WORK/$k-$n.json" "dut$NDUT" ||
			die "mplsxd $k $n"
		wait_for 120 dut_ready "$n" || {
			cat "$WORK/vrfs.json" >&2
			ctl "dut$NDUT" show routes red | grep -B3 -A8 "installed.*false" | head -60 >&2
			die "$k $n: not ready"
		}
		t1=$(date +%s.%N)
		measure "$round" "$k" "$k" "$n"
		if [ "$round" = 1 ]; then
			m=$(fibmem "dut$NDUT")
			r0=$(date +%s.%N)
			ctl "dut$NDUT" reload >/dev/null || die "reload"
			r1=$(date +%s.%N)
			echo "{\"mem\": true, \"kind\": \"$k\", \"routes\": $n, \"start_s\": $(awk "BEGIN{print $t1 - $t0}"), \"reload_s\": $(awk "BEGIN{print $r1 - $r0}"), \"fib\": $m}" >>"$RAW"
		fi
		pid=$(eval echo "\$PID_dut$NDUT")
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null
	done
done

/usr/bin/python3 "$HERE/fib_report.py" --raw "$RAW" --out "$OUT" \
	--packets "$PACKETS" --cpu "$CPU" || die "report failed"
