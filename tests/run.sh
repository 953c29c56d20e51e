#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# run.sh - run test binaries and scripts, add their "N passed, N failed"
# lines up.  A program that exits non-zero without such a line, or whose
# line says 0 passed, counts as one failure: nothing tested is not green.
set -u

total_pass=0
total_fail=0
failed_suites=()

for t in "$@"; do
	name=$(basename "$t")
	echo "=== $name"
	out=$(mktemp)
	if [[ "$t" == *.sh ]]; then
		bash "$t" 2>&1 | tee "$out"
	else
		"$t" 2>&1 | tee "$out"
	fi
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "--- $name: exit $rc and no result line: counted as 1 failure"
		total_fail=$((total_fail + 1))
		failed_suites+=("$name")
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "--- $name: exit $rc with no failed case: counted as 1 failure"
		f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" -ne 0 ] && failed_suites+=("$name")
done

echo "==="
[ ${#failed_suites[@]} -ne 0 ] && echo "failing: ${failed_suites[*]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
