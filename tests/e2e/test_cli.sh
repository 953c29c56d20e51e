#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Command-line conventions of mplsxd and mplsxctl against a live daemon:
# --help lists every verb the daemon knows, --version matches show
# status, long options, -o text tables that carry the JSON's values,
# errors as JSON (JSON mode) or one stderr line (text mode), and the
# documented exit statuses (0 ok, 1 error, 2 usage, 3 no daemon).
set -u
. "$(dirname "$0")/lib.sh"

plan 23

N=$TAG-cli
ns_add "$N"
veth "$N" v0 "$N" v1
on "$N" ip addr add 10.0.1.1/24 dev v0
on "$N" ip addr add 10.0.1.2/24 dev v1
cat >"$WORK/cli.json" <<'JSON'
{
  "router_id": "10.255.0.9",
  "interfaces": [ {"name": "v0", "mpls": true} ],
  "labels": [
    {"in": 16002, "out": [16002, 24001], "via": "10.0.1.2"},
    {"in": 16003, "out": [], "via": "10.0.1.2"},
    {"in": 16005}
  ]
}
JSON
mplsxd_start "$N" "$WORK/cli.json" cli || setup_failed "mplsxd"
CTL="$BUILD/mplsxctl"

# Every object the daemon knows (from its own refusal) is in --help.
"$CTL" -s "$SOCK_cli" show nothing >"$WORK/unknown.json"
objects=$(json "d['error'].split('(')[1].rstrip(')').replace(',', ' ')" <"$WORK/unknown.json")
"$CTL" --help >"$WORK/help.txt"
check "mplsxctl --help exits 0" test $? -eq 0
missing=""
for o in $objects; do
	grep -q "show $o" "$WORK/help.txt" || missing="$missing $o"
done
check "--help lists every show object ($objects)" test -z "$missing" -a -n "$objects"
for v in reload "ping lsp" "ping vrf" "traceroute lsp"; do
	check "--help lists $v" grep -q "  $v" "$WORK/help.txt"
done
check "--help documents the exit statuses" grep -q "3 no mplsxd" "$WORK/help.txt"
check "mplsxd --help exits 0 and lists --config" bash -c \
	"'$BUILD/mplsxd' --help | grep -q -- '--config FILE'"

ver=$("$CTL" --socket "$SOCK_cli" show status | json "d['version']")
check "mplsxctl --version is show status' version ($ver)" \
	test "$("$CTL" --version)" = "mplsxctl $ver"
check "mplsxd --version likewise" test "$("$BUILD/mplsxd" -V)" = "mplsxd $ver"

# -o text: one aligned row per label, cells = the JSON's values.
"$CTL" -s "$SOCK_cli" show labels >"$WORK/labels.json"
"$CTL" -s "$SOCK_cli" -o text show labels >"$WORK/labels.txt"
check "-o text show labels exits 0" test $? -eq 0
cat >"$WORK/cmp.py" <<'PY'
import json, re, sys
rows = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
head = re.split(r"  +", lines[0].strip())
assert head[:4] == ["in", "out", "via", "action"], head
starts = [lines[0].index(h) for h in head]
assert len(lines) == 1 + len(rows), lines
for row, line in zip(rows, lines[1:]):
    # aligned: every cell begins under its title
    cells = {h: line[s:(starts[i + 1] if i + 1 < len(starts) else None)].strip()
             for i, (h, s) in enumerate(zip(head, starts))}
    assert cells["in"] == str(row["in"]), (cells, row)
    assert cells["out"] == (",".join(map(str, row["out"])) or "-"), (cells, row)
    assert cells["via"] == row.get("via", "-"), (cells, row)
    assert cells["packets"] == str(row["packets"]), (cells, row)
print("ok")
PY
check "text table matches the JSON, column by column" \
	$PY "$WORK/cmp.py" "$WORK/labels.json" "$WORK/labels.txt"
check "--format text show status: version line" bash -c \
	"'$CTL' -s '$SOCK_cli' --format text show status | grep -qE '^version +$ver\$'"
check "-o text show stats: an interfaces table" bash -c \
	"'$CTL' -s '$SOCK_cli' -o text show stats | grep -qE '^name +rx_packets'"

# Errors.
"$CTL" -s "$SOCK_cli" -o text show nothing >"$WORK/err.out" 2>"$WORK/err.err"
rc=$?
check "text mode error: exit 1" test $rc -eq 1
check "text mode error: nothing on stdout" test ! -s "$WORK/err.out"
check "text mode error: one line on stderr" bash -c \
	"[ \$(wc -l <'$WORK/err.err') = 1 ] && grep -q '^mplsxctl: show: unknown object' '$WORK/err.err'"
"$CTL" -s "$SOCK_cli" show nothing >"$WORK/err.json"
rc=$?
check "JSON mode error: exit 1 and an error member" bash -c \
	"[ $rc = 1 ] && $PY -c 'import json,sys; assert json.load(open(sys.argv[1]))[\"error\"]' '$WORK/err.json'"
"$CTL" -s "$WORK/none.sock" show status >/dev/null
check "no daemon: exit 3" test $? -eq 3
"$CTL" -s "$SOCK_cli" show >/dev/null
check "usage error: exit 2" test $? -eq 2
"$CTL" --bogus >/dev/null 2>&1
check "unknown option: exit 2" test $? -eq 2
"$CTL" -o yaml show status >/dev/null
check "--format yaml refused: exit 2" test $? -eq 2
"$BUILD/mplsxd" --bogus >/dev/null 2>&1
check "mplsxd unknown option: exit 2" test $? -eq 2

summary
