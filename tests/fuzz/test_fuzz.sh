#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test_fuzz.sh - run every libFuzzer harness (build/tests/fuzz_*) for a
# share of FUZZ_SECONDS on a copy of its seed corpus (the repo stays
# clean).  "PASS fuzz_x" / "FAIL fuzz_x" per harness, a crash shows its
# reproducer, and the last line is "N passed, N failed".
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SECONDS_TOTAL=${FUZZ_SECONDS:-60}

# The plan is one case per harness source; the run counts the binaries
# built, so a harness that failed to build shows as a missing case.
echo "plan $(find "$ROOT/tests/fuzz" -maxdepth 1 -name 'fuzz_*.c' | wc -l)"

mapfile -t bins < <(find "$BUILD/tests" -maxdepth 1 -type f -name 'fuzz_*' \
	-perm -u+x 2>/dev/null | sort)
if [ ${#bins[@]} -eq 0 ]; then
	echo "FAIL fuzz: no harness in $BUILD/tests (make fuzz builds them)"
	echo "0 passed, 1 failed"
	exit 1
fi

per=$((SECONDS_TOTAL / ${#bins[@]}))
[ "$per" -lt 1 ] && per=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass=0
fail=0
for bin in "${bins[@]}"; do
	name=$(basename "$bin")
	dir="$work/$name"
	mkdir -p "$dir/corpus" "$dir/artifacts"
	if [ -d "$ROOT/tests/fuzz/corpus/$name" ]; then
		cp -r "$ROOT/tests/fuzz/corpus/$name/." "$dir/corpus/"
	fi
	"$bin" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
		"$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	crashes=$(find "$dir/artifacts" -type f | head -n 5)
	if [ "$rc" -eq 0 ] && [ -z "$crashes" ]; then
		runs=$(grep -E '^stat::number_of_executed_units' "$dir/log" |
			awk '{print $2}')
		echo "PASS $name (${per}s, ${runs:-?} runs)"
		pass=$((pass + 1))
		continue
	fi
	echo "FAIL $name (exit $rc)"
	grep -E 'ERROR|SUMMARY|==[0-9]+==|runtime error' "$dir/log" |
		head -n 20 | sed 's/^/    /'
	for c in $crashes; do
		echo "    reproducer $(basename "$c") ($(stat -c %s "$c") bytes):"
		od -An -tx1 -v "$c" | head -n 40 | sed 's/^/     /'
		mkdir -p "$BUILD/fuzz-crashes"
		cp "$c" "$BUILD/fuzz-crashes/$name-$(basename "$c")"
		echo "    saved as $BUILD/fuzz-crashes/$name-$(basename "$c");" \
			"rerun: $bin $BUILD/fuzz-crashes/$name-$(basename "$c")"
	done
	fail=$((fail + 1))
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
