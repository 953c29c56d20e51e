#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test_runner.sh - the test runner and the two test libraries, tested.
# tests/run.sh is fed fake suites that must each fail the total (0 passed,
# no result line, no plan, a count off the plan either way, a non-zero
# exit with no failed case) and a good one that must pass; testlib.h
# (C) and tests/e2e/lib.sh (shell) must fail a run whose cases differ
# from the plan.  The fakes' output is kept in files: only this script's
# own plan and result lines reach the outer runner.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${RUNNER:-$ROOT/tests/run.sh} # RUNNER= tries another runner
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() {
	echo "FAIL $1"
	fail=$((fail + 1))
	[ -f "$work/out" ] && sed 's/^/    | /' "$work/out"
}

# fake NAME BODY: a suite script with BODY as its text.
fake() {
	printf '%s\n' "$2" >"$work/$1.sh"
}

# runner_fails NAME SUITE...: the runner's exit status and total say fail.
runner_fails() {
	local name=$1
	shift
	if ! bash "$RUN" "$@" >"$work/out" 2>&1 &&
		tail -n1 "$work/out" | grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed$'; then
		ok "$name"
	else
		ko "$name"
	fi
}

echo "plan 14"

fake good 'echo "plan 2"; echo "PASS a"; echo "PASS b"
echo "2 passed, 0 failed"'
if bash "$RUN" "$work/good.sh" >"$work/out" 2>&1 &&
	[ "$(tail -n1 "$work/out")" = "2 passed, 0 failed" ]; then
	ok "a good suite passes with its count"
else
	ko "a good suite passes with its count"
fi

fake zero 'echo "plan 0"; echo "0 passed, 0 failed"'
runner_fails "a suite reporting 0 passed, 0 failed fails" "$work/zero.sh"

fake noline 'echo "plan 3"; echo "PASS a"'
runner_fails "a suite with no result line fails" "$work/noline.sh"

fake noplan 'echo "PASS a"; echo "1 passed, 0 failed"'
runner_fails "a suite with no plan line fails" "$work/noplan.sh"

fake short 'echo "plan 3"; echo "PASS a"; echo "PASS b"
echo "2 passed, 0 failed"'
runner_fails "a suite running fewer cases than planned fails" "$work/short.sh"
if grep -q '1 missing, counted as failures' "$work/out" &&
	[ "$(tail -n1 "$work/out")" = "2 passed, 1 failed" ]; then
	ok "the missing case is counted as a failure"
else
	ko "the missing case is counted as a failure"
fi

fake long 'echo "plan 1"; echo "2 passed, 0 failed"'
runner_fails "a suite running more cases than planned fails" "$work/long.sh"

fake badexit 'echo "plan 2"; echo "2 passed, 0 failed"; exit 3'
runner_fails "a non-zero exit with 0 failed fails" "$work/badexit.sh"

fake crash 'echo "plan 1"; echo "1 passed, 0 failed"; kill -SEGV $$'
runner_fails "a suite killed by a signal fails" "$work/crash.sh"

runner_fails "one bad suite among good ones fails the total" \
	"$work/good.sh" "$work/short.sh" "$work/good.sh"
if grep -q '^failing: short.sh$' "$work/out"; then
	ok "the failing suite is named"
else
	ko "the failing suite is named"
fi

if bash "$RUN" >"$work/out" 2>&1; then
	ko "no suite at all is not green"
else
	ok "no suite at all is not green"
fi

# testlib.h: a binary that runs fewer cases than it planned exits non-zero
# even though every case it ran passed; with the right plan it passes.
cat >"$work/tl.c" <<'EOF'
#include "testlib.h"
static void one(void) { CHECK(1, "never"); }
int main(int argc, char **argv)
{
	(void)argv;
	tl_plan(2);
	RUN(one);
	if (argc > 1)
		RUN(one);
	return tl_summary();
}
EOF
if ${CC:-gcc} -std=c11 -Wall -Wextra -Werror -I"$ROOT/tests/lib" \
	-o "$work/tl" "$work/tl.c" >"$work/out" 2>&1; then
	if ! "$work/tl" >"$work/out" 2>&1 &&
		grep -q 'planned 2 cases, ran 1' "$work/out" &&
		"$work/tl" full >"$work/out" 2>&1; then
		ok "testlib.h: a case short of the plan fails the binary"
	else
		ko "testlib.h: a case short of the plan fails the binary"
	fi
else
	ko "testlib.h: a case short of the plan fails the binary (build)"
fi

# tests/e2e/lib.sh: summary fails when the checks run differ from the plan.
cat >"$work/e2e_short.sh" <<EOF
. "$ROOT/tests/e2e/lib.sh"
plan 2
check "one" true
summary
EOF
cat >"$work/e2e_good.sh" <<EOF
. "$ROOT/tests/e2e/lib.sh"
plan 2
check "one" true
check "two" true
summary
EOF
if ! bash "$work/e2e_short.sh" >"$work/out" 2>&1 &&
	grep -q 'planned 2 checks, ran 1' "$work/out" &&
	bash "$work/e2e_good.sh" >"$work/out" 2>&1; then
	ok "lib.sh: a check short of the plan fails the script"
else
	ko "lib.sh: a check short of the plan fails the script"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
