#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# run.sh - mutation check (make test-mutants): one-line mutations of the
# data path (bpf/), the BGP codec (agent/bgp/) and the labeled unicast
# transport (rib/lu_rib.c, svc/transport.c), each applied alone in
# a temporary copy of the tree, rebuilt, and run against the suite that
# must catch it.  A mutant is killed when that suite fails; one that
# survives is a test that cannot fail, and counts as a failure.  The tree
# itself is never touched.
#
# Each mutant: NAME | FILE | SUITE | OCCURRENCE | FROM | TO
#   FROM is an exact line fragment, OCCURRENCE which match (1 = first);
#   SUITE is a binary under build/tests.
# A mutant whose FROM is gone (the code moved) or that does not build is a
# failure too: the list must follow the code.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JOBS=${JOBS:-2}
TIMEOUT=${MUTANT_TIMEOUT:-300}

MUTANTS=$(
	cat <<'EOF'
forward: a label entry with TTL 1 is swapped|bpf/mplsx.bpf.c|test_packets|1|	if (ttl <= 1) {|	if (ttl < 1) {
dispose: IP TTL 1 under a VPN label goes out|bpf/mplsx.bpf.c|test_packets|1|	if (ip->ttl <= 1) {|	if (ip->ttl < 1) {
from CE: IP TTL 1 is routed|bpf/mplsx.bpf.c|test_packets|2|	if (ip->ttl <= 1) {|	if (ip->ttl < 1) {
label MTU: a frame exactly at the MTU is dropped|bpf/mplsx.bpf.c|test_packets|1|if (tx_len - out_l2 > nh->mtu) {|if (tx_len - out_l2 >= nh->mtu) {
PHP: the IP TTL is raised to the label's|bpf/lib/label.h|test_packets|1|		if (iph->ttl <= ttl)|		if (iph->ttl >= ttl)
PHP: IPv4 TTL 0 is forwarded|bpf/lib/label.h|test_packets|1|		if (iph->ttl == 0)|		if (iph->ttl == 0 && 0)
glean: the hold-off suppresses other hosts, not the same one|bpf/lib/vrf.h|test_packets|1|if (same && cur.ts - s->ts < MPLSX_GLEAN_HOLDOFF_NS)|if (!same \&\& cur.ts - s->ts < MPLSX_GLEAN_HOLDOFF_NS)
VLAN: an 802.1ad S-tag matches an 802.1Q port|bpf/mplsx.bpf.c|test_packets|1|if (eth->h_proto != bpf_htons(ETH_P_8021Q))|if (0 \&\& eth->h_proto != bpf_htons(ETH_P_8021Q))
pseudowire: a bad control word is accepted|bpf/lib/l2vpn.h|test_pseudowire|1|		if (k < 0)|		if (k < -1)
codec: treat-as-withdraw drops the routes|agent/bgp/bgp_update.c|test_bgp_codec|1|		if (b->af < 0 \|\| it->off >= b->len)|		if (b->af < 0 \|\| it->off >= b->len \|\| (upd->result == BGP_RESULT_TREAT_AS_WITHDRAW \&\& !b->withdraw))
codec: an NLRI longer than its address is accepted|agent/bgp/bgp_update.c|test_bgp_codec|1|	if (bits > c->addr_len * 8u)|	if (bits > c->addr_len * 8u + 8)
codec: a next hop with a non-zero RD is accepted|agent/bgp/bgp_update.c|test_bgp_codec|1|			if (memcmp(q, zero_rd, BGP_RD_LEN))|			if (0 \&\& memcmp(q, zero_rd, BGP_RD_LEN))
codec: an unparseable LU NLRI resets the session|agent/bgp/bgp_update.c|test_bgp_lu|1|	if (af != BGP_AF_IPV4_LU \&\& af != BGP_AF_IPV6_LU)|	if (1)
LU: implicit null is pushed|agent/rib/lu_rib.c|test_lu_rib|1|		if (r->labels[i] != BGP_LABEL_IMPLICIT_NULL)|		if (1)
transport: BGP-LU wins over the static LSP|agent/svc/transport.c|test_lu_rib|1|	if (p.lsp) {|	if (0 \&\& p.lsp) {
LU: a change re-resolves every PE, not those under it|agent/dp/nexthop.c|test_lu_rib|1|		    mplsx_addr__in_prefix(\&e->key.addr, prefix, len))|		    (1 \|\| mplsx_addr__in_prefix(\&e->key.addr, prefix, len)))
EOF
)

n=$(printf '%s\n' "$MUTANTS" | grep -c .)
echo "plan $n"

work=$(mktemp -d /tmp/mplsx-mutants.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
mkdir -p "$tree"
# The tracked files as they are in the work tree, times kept, and the
# build folder if there is one (so that only what a mutant touches is
# rebuilt).
git -C "$ROOT" ls-files -z | tar -C "$ROOT" --null -T - -cf - | tar -C "$tree" -xf -
[ -d "$ROOT/build" ] && cp -a "$ROOT/build" "$tree/build"

suites="build/tests/test_packets build/tests/test_pseudowire build/tests/test_bgp_codec build/tests/test_bgp_lu build/tests/test_lu_rib"
# shellcheck disable=SC2086
if ! make -C "$tree" -j"$JOBS" $suites >"$work/build.log" 2>&1; then
	echo "FAIL the unmutated tree does not build:"
	tail -n 20 "$work/build.log" | sed 's/^/    /'
	echo "0 passed, $n failed"
	exit 1
fi
for s in $suites; do
	if ! timeout "$TIMEOUT" "$tree/$s" >"$work/base.log" 2>&1; then
		echo "FAIL the unmutated tree fails $(basename "$s"): no mutant can be judged"
		grep -E 'FAIL|check failed' "$work/base.log" | head -n 10 | sed 's/^/    /'
		echo "0 passed, $n failed"
		exit 1
	fi
done

# mutate FILE OCCURRENCE FROM TO: edit one line of FILE in the copy.
mutate() {
	/usr/bin/python3 - "$tree/$1" "$2" "$3" "$4" <<'PYEOF'
import sys
path, nth, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# The table escapes | and & as \| and \&.
old = old.replace("\\|", "|").replace("\\&", "&")
new = new.replace("\\|", "|").replace("\\&", "&")
lines = open(path).read().split("\n")
hits = [i for i, l in enumerate(lines) if old in l]
if len(hits) < nth:
    sys.exit(1)
i = hits[nth - 1]
lines[i] = lines[i].replace(old, new, 1)
open(path, "w").write("\n".join(lines))
print(i + 1)
PYEOF
}

pass=0
fail=0
while IFS= read -r row; do
	[ -n "$row" ] || continue
	# Split on | not preceded by a backslash.
	mapfile -t f < <(printf '%s\n' "$row" | sed 's/\([^\\]\)|/\1\n/g')
	name=${f[0]} file=${f[1]} suite=${f[2]} nth=${f[3]} from=${f[4]} to=${f[5]}
	cp -p "$tree/$file" "$work/orig"
	if ! line=$(mutate "$file" "$nth" "$from" "$to"); then
		echo "FAIL mutant '$name': '$from' (#$nth) not found in $file"
		fail=$((fail + 1))
		continue
	fi
	# A BPF change rebuilds the object and its skeleton; only the test
	# binary embeds that one, so the agent's objects are marked up to date
	# instead of rebuilt against it.
	ok=1
	if [[ "$file" == bpf/* ]]; then
		make -C "$tree" build/mplsx.skel.h >"$work/m.log" 2>&1 || ok=0
		find "$tree/build/asan" "$tree/build/agent" -name '*.o' \
			-exec touch {} + 2>/dev/null
	fi
	[ "$ok" = 1 ] && make -C "$tree" "build/tests/$suite" >>"$work/m.log" 2>&1 || ok=0
	if [ "$ok" = 0 ]; then
		echo "FAIL mutant '$name' ($file:$line) did not build:"
		grep -E 'error' "$work/m.log" | head -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	elif timeout "$TIMEOUT" "$tree/build/tests/$suite" >"$work/run.log" 2>&1; then
		echo "FAIL mutant '$name' ($file:$line) survived $suite"
		fail=$((fail + 1))
	else
		killed=$(grep -c '^FAIL ' "$work/run.log")
		echo "PASS mutant '$name' ($file:$line) killed by $suite ($killed cases failed)"
		pass=$((pass + 1))
	fi
	cp -p "$work/orig" "$tree/$file"
	touch "$tree/$file" # newer than the mutant's objects
done <<<"$MUTANTS"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
