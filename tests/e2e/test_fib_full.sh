#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The VRF FIB's chunk pool, sized by fib.chunks_v4, full on a live mplsxd:
# the routes beyond it are not installed, say why in show routes, are
# counted in show status, show vrfs and the metrics, and logged once; a
# reload that changes the pool size is refused naming the key, state
# kept; a reload that withdraws routes lets the refused ones in.
set -u
. "$(dirname "$0")/lib.sh"

plan 14
quiet() { "$@" >/dev/null; }

N=$TAG-fib M=$TAG-fibp
ns_add "$N"
ns_add "$M"
veth "$N" v0 "$M" p0
veth "$N" v1 "$M" p1
on "$N" ip addr add 10.0.1.1/24 dev v0
on "$M" ip addr add 10.0.1.2/24 dev p0
on "$N" ip addr add 192.168.1.1/24 dev v1
on "$N" ip neigh replace 10.0.1.2 lladdr "$(mac_of "$M" p0)" dev v0 nud permanent

# config ROUTES CHUNKS [FIRST]: 10.1.1.0/24, 10.2.1.0/24, ... (from the
# FIRST-th on) behind PE 10.255.0.3, each in a /16 of its own: one chunk
# each.
config() {
	$PY - "$1" "$2" "${3:-0}" <<'PY'
import json, sys
n, chunks, first = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(json.dumps({
    "router_id": "10.255.0.1",
    "interfaces": [{"name": "v0", "mpls": True},
                   {"name": "v1", "vrf": "red"}],
    "lsps": [{"to": "10.255.0.3", "push": [16003], "via": "10.0.1.2"}],
    "vrfs": [{"name": "red", "rd": "65000:1", "import": ["65000:1"],
              "export": ["65000:1"], "label": 100,
              "routes": [{"prefix": "10.%d.1.0/24" % (i + 1),
                          "pe": "10.255.0.3", "label": 1000 + i}
                         for i in range(first, n)]}],
    "fib": {"chunks_v4": chunks},
    "metrics": {"listen": "127.0.0.1:9580"}}))
PY
}
config 24 16 >"$WORK/fib.json"
mplsxd_start "$N" "$WORK/fib.json" fib || setup_failed "mplsxd"

# vrf_counts: "ROUTES INSTALLED REFUSED" of red's static routes (its
# connected subnet's routes come first and fit).
vrf_counts() {
	ctl fib show routes red | json "' '.join(str(sum(f(r) for r in d if r['source'] == 'static')) for f in (lambda r: 1, lambda r: r['installed'], lambda r: 'fib.chunks_v4' in r.get('reason', '')))"
}
settled() { # every route of red either installed or refused
	set -- $(vrf_counts)
	[ "$1" = 24 ] && [ "$2" -gt 0 ] && [ $(($2 + $3)) -eq "$1" ]
}
check "red: 24 routes, each installed or refused" wait_for 10 settled
read -r routes inst ref <<<"$(vrf_counts)"
echo "# routes $routes installed $inst refused $ref"
check "some refused: the pool of 16 cannot hold 24 /16s ($ref)" test "$ref" -gt 0
ctl fib show status >"$WORK/status.json"
ctl fib show vrfs >"$WORK/vrfs.json"
check "show vrfs: red refused $ref" test \
	"$(json "[v['refused'] for v in d if v['name'] == 'red'][0]" <"$WORK/vrfs.json")" = "$ref"
check "show status: fib.ipv4 pool 15 chunks, refused = show vrfs'" test \
	"$(json "'%d %d' % (d['fib']['ipv4']['chunks_max'], d['fib']['ipv4']['refused'])" <"$WORK/status.json")" = "15 $ref"
check "show status: refusals counted ($ref at least)" test \
	"$(json "d['fib']['ipv4']['refusals']" <"$WORK/status.json")" -ge "$ref"
ctl fib show routes red >"$WORK/routes.json"
check "show routes: the refused routes are not installed" test \
	"$(json "sum(1 for r in d if not r['installed'] and 'fib.chunks_v4' in r.get('reason', ''))" <"$WORK/routes.json")" = "$ref"
check "logged once for the burst" test \
	"$(grep -c 'chunk pool is full' "$WORK/fib.log")" = 1
on "$N" $PY "$ROOT/tests/e2e/metrics_check.py" scrape \
	http://127.0.0.1:9580/metrics "$WORK/metrics.txt" >/dev/null
check "metrics: mplsx_fib_routes_refused{family=\"ipv4\"} $ref" grep -qx \
	"mplsx_fib_routes_refused{family=\"ipv4\"} $ref" "$WORK/metrics.txt"
check "metrics: the pool's size" grep -qx \
	'mplsx_fib_chunks_max{family="ipv4"} 15' "$WORK/metrics.txt"

# Another pool size: refused, named, nothing changed.
config 24 64 >"$WORK/fib.json"
ctl fib reload >"$WORK/reload.json"
check "a reload that changes the pool is refused" test $? -ne 0
check "and names fib.chunks_v4 and the restart" grep -q \
	'fib.chunks_v4: 64 differs from the running pool of 16 chunks.*restart' \
	"$WORK/reload.json"
check "state kept: the same routes installed" test "$(vrf_counts)" = "24 $inst $ref"

# The first eight routes (installed: config order) withdrawn, same pool:
# refused routes take their room, as many as the pool held before.
config 24 16 8 >"$WORK/fib.json"
check "reload without the first 8 routes" quiet ctl fib reload
fits=$((inst < 16 ? inst : 16))
after() {
	set -- $(vrf_counts)
	[ "$1" = 16 ] && [ "$2" -eq "$fits" ] && [ "$3" -eq $((16 - fits)) ]
}
check "8 withdrawn: $fits of the 16 left installed, the rest refused" wait_for 10 after

summary
