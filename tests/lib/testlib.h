/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * testlib.h - the smallest test runner that does the job.
 *
 * Each test binary first declares how many cases it will run with
 * tl_plan(N) ("plan N"), then registers cases with RUN(fn); a case fails
 * when any CHECK in it fails.  The binary ends with "N passed, N failed"
 * and exits non-zero on failure, when no case ran, or when the cases run
 * differ from the plan, so a run that tested nothing or lost cases never
 * looks green.  tests/run.sh adds the lines of all binaries up and applies
 * the same rules.
 */
#ifndef MPLSX_TESTLIB_H
#define MPLSX_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>

static int tl_passed, tl_failed, tl_case_failed, tl_planned = -1;
static const char *tl_case;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "  %s:%d: %s: check failed: %s\n", \
				__FILE__, __LINE__, tl_case, #cond);       \
			fprintf(stderr, "    " __VA_ARGS__);               \
			fprintf(stderr, "\n");                             \
			tl_case_failed = 1;                                \
		}                                                          \
	} while (0)

/* Run one case under NAME (a table row's description, or the function). */
static inline void tl_run(const char *name, void (*fn)(const void *),
			  const void *arg)
{
	tl_case = name;
	tl_case_failed = 0;
	fn(arg);
	if (tl_case_failed) {
		tl_failed++;
		printf("FAIL %s\n", name);
	} else {
		tl_passed++;
		printf("PASS %s\n", name);
	}
	fflush(stdout);
}

/* Declare the number of cases before running any: written out, not counted
 * at run time, so that a case lost on the way shows. */
static inline void tl_plan(int n)
{
	tl_planned = n;
	printf("plan %d\n", n);
	fflush(stdout);
}

#define RUN(fn) tl_run(#fn, (void (*)(const void *))(fn), NULL)

static inline int tl_summary(void)
{
	int off_plan = tl_planned >= 0 && tl_passed + tl_failed != tl_planned;

	if (tl_planned < 0)
		printf("no plan: tl_plan(N) was never called\n");
	else if (off_plan)
		printf("planned %d cases, ran %d\n", tl_planned,
		       tl_passed + tl_failed);
	printf("%d passed, %d failed\n", tl_passed, tl_failed);
	return (tl_failed || !tl_passed || tl_planned < 0 || off_plan) ? 1 : 0;
}

#endif
