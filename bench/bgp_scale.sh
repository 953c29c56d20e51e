#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bgp_scale.sh - `make bench-bgp`: BENCH_BGP_ROUTES (default 1,000,000)
# VPNv4 routes sent to the real mplsxd over iBGP by bench/bgp_scale, timed
# until all are installed in vrf_fib4; memory per route.  Writes
# build/bench/bgp_scale.{json,md}.  Figures only: targets never fail it.
#
#   PE (mplsxd, BGP on 127.0.0.2:1790; bgp_scale from 127.0.0.1)
#     c0 10.9.0.1 ---- r0 10.9.0.2  R (the remote PE: every route's
#     e0 (VRF red) --- ce0          next hop, a permanent neighbour)
#
# BENCH_BGP_CE_ATTRS=1: every route carries a CE's AS_PATH, MED and a
# community (the same for all: what rib/attr_set.c shares).
# BENCH_BGP_PERF=1 also records `perf record -g` of mplsxd during the
# load into build/bench/bgp_scale.perf.data and prints the top symbols.
set -u

ROUTES=${BENCH_BGP_ROUTES:-1000000}
TAG=${TAG:-bg$$}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../tests/e2e/lib.sh"

OUT=$BUILD/bench
TOOL=$OUT/bgp_scale

die() {
	echo "bench-bgp: $*" >&2
	exit 1
}

[ -x "$TOOL" ] && [ -x "$BUILD/mplsxd" ] && [ -x "$BUILD/mplsxctl" ] ||
	die "build first: make all $TOOL"
command -v bpftool >/dev/null || die "bpftool not found"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || die "no bpffs"
mkdir -p "$OUT"

PE=$TAG-pe R=$TAG-r
ns_add "$PE"
ns_add "$R"
veth "$PE" c0 "$R" r0
veth "$PE" e0 "$R" ce0
on "$PE" ip addr add 10.9.0.1/24 dev c0
on "$R" ip addr add 10.9.0.2/24 dev r0
on "$PE" ip addr add 192.168.99.1/24 dev e0
# The next hop of every route resolves at once, and never ages out.
on "$PE" ip neigh replace 10.9.0.2 lladdr "$(mac_of "$R" r0)" dev c0 \
	nud permanent

cat >"$WORK/pe.json" <<'JSON'
{
  "router_id": "10.255.0.1",
  "interfaces": [
    {"name": "c0", "mpls": true},
    {"name": "e0", "vrf": "red"}
  ],
  "vrfs": [
    {"name": "red", "rd": "65000:1", "import": ["65000:1"],
     "export": ["65000:1"], "label": 100}
  ],
  "bgp": {"asn": 65000, "listen": "127.0.0.2", "port": 1790,
          "neighbors": [{"address": "127.0.0.1", "asn": 65000}]}
}
JSON
mplsxd_start "$PE" "$WORK/pe.json" pe || die "mplsxd did not start"
# The control socket comes before the maps: the "before" memory figures
# need the maps pinned and red's connected routes in.
red_ready() {
	[ -e "$PINS_pe/vrf_fib4" ] &&
		[ "$(ctl pe show vrfs | json "[v['installed'] for v in d if v['name']=='red'][0]")" -ge 1 ]
}
wait_for 10 red_ready || die "mplsxd: VRF red not ready"

PERF_PID=
if [ -n "${BENCH_BGP_PERF:-}" ]; then
	perf record -g -o "$OUT/bgp_scale.perf.data" -p "$PID_pe" \
		>"$WORK/perf.log" 2>&1 &
	PERF_PID=$!
	sleep 0.5
fi

echo "bench-bgp: $ROUTES VPNv4 routes into mplsxd ($(uname -r), $(nproc) CPUs)"
on "$PE" "$TOOL" -n "$ROUTES" -N 10.9.0.2 -s "$SOCK_pe" -P "$PINS_pe" \
	-p "$PID_pe" -c "$BUILD/mplsxctl" \
	-j "$OUT/bgp_scale.json" -m "$OUT/bgp_scale.md" ${BENCH_BGP_VERBOSE:+-v}
rc=$?

if [ -n "$PERF_PID" ]; then
	kill -INT "$PERF_PID"
	wait "$PERF_PID"
	perf report -i "$OUT/bgp_scale.perf.data" --no-children \
		--sort symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -25
fi
[ $rc -eq 0 ] || { cat "$WORK/pe.log" >&2; die "bgp_scale failed"; }

# vrf_fib4 holds only prefixes shorter than /16 since the stride FIB: its
# memory is read from its own maps (top entries and reachable chunks).
if [ -x "$OUT/fibtool" ]; then
	"$OUT/fibtool" mem "$PINS_pe" >"$OUT/bgp_scale_fib.json" &&
		$PY - "$OUT/bgp_scale_fib.json" "$ROUTES" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["ipv4"]
print("stride FIB    %d top entries, %d chunks: %.1f bytes/route in use "
      "(target <= 256: %s); %.1f MB allocated" % (
          f["tops"], f["chunks"], f["in_use_bytes"] / int(sys.argv[2]),
          "met" if f["in_use_bytes"] / int(sys.argv[2]) <= 256 else "above",
          f["allocated_bytes"] / 1e6))
PY
fi

# How long mplsxd takes to stop with the table in (its exit takes every
# route out again); the trap's 5 s grace would cut it short with SIGKILL.
t=$EPOCHREALTIME
kill -TERM "$PID_pe"
for _ in $(seq 1200); do
	kill -0 "$PID_pe" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$PID_pe" 2>/dev/null; then
	echo "mplsxd stop       still running after 120 s"
else
	printf 'mplsxd stop       %.1f s with the table in\n' \
		"$(awk "BEGIN { print $EPOCHREALTIME - $t }")"
fi
cat "$OUT/bgp_scale.md"
