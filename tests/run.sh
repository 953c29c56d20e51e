#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# run.sh - run test binaries and scripts, add their "N passed, N failed"
# lines up.  Every suite first prints "plan N", the number of cases it
# will run, and last "N passed, N failed".  A suite fails (and so does the
# total) when:
#   - it prints no result line, or no plan line;
#   - its result line says 0 passed: nothing tested is not green;
#   - passed + failed differs from its plan: cases vanished (or appeared
#     unannounced), so the missing ones count as failures;
#   - it exits non-zero although no case failed.
# tests/lib/test_runner.sh feeds this script fake suites to show each rule.
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
	plan=$(grep -E '^plan [0-9]+$' "$out" | head -n1 | cut -d' ' -f2)
	rm -f "$out"
	if [ -z "$line" ]; then
		echo "run.sh: $name: exit $rc and no result line: counted as 1 failure"
		total_fail=$((total_fail + 1))
		failed_suites+=("$name")
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	if [ "$p" -eq 0 ]; then
		echo "run.sh: $name: 0 passed: counted as a failure"
		[ "$f" -eq 0 ] && f=1
	fi
	if [ -z "$plan" ]; then
		echo "run.sh: $name: no 'plan N' line: counted as 1 failure"
		f=$((f + 1))
	elif [ $((p + f)) -ne "$plan" ]; then
		missing=$((plan - p - f))
		if [ "$missing" -gt 0 ]; then
			echo "run.sh: $name: planned $plan cases, ran $((p + f)):" \
				"$missing missing, counted as failures"
			f=$((f + missing))
		else
			echo "run.sh: $name: planned $plan cases, ran $((p + f)):" \
				"counted as 1 failure"
			f=$((f + 1))
		fi
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "run.sh: $name: exit $rc with no failed case: counted as 1 failure"
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
