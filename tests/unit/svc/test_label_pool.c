// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_label_pool.c - dynamic labels: lowest free first, range changes keep
 * labels in use, and the hold after a restart (svc/label_hold.h): a held
 * label is never handed out, except to the user whose tag it carries.
 */
#include "svc/label_pool.h"
#include "dp/mplsx_abi.h"
#include "testlib.h"

static void test_lowest_first(void)
{
	struct label_pool p = {0};

	CHECK(!label_pool__set_range(&p, 100, 103), "set_range");
	CHECK(label_pool__alloc(&p) == 100, "first");
	CHECK(label_pool__alloc(&p) == 101, "second");
	label_pool__free(&p, 100);
	CHECK(label_pool__alloc(&p) == 100, "a freed label comes back first");
	CHECK(label_pool__alloc(&p) == 102, "then the next");
	CHECK(label_pool__alloc(&p) == 103, "the last of the range");
	CHECK(label_pool__alloc(&p) == 0, "exhausted: 0");
	label_pool__destroy(&p);
}

static void test_range_change_keeps_used(void)
{
	struct label_pool p = {0};

	label_pool__set_range(&p, 100, 199);
	CHECK(label_pool__alloc(&p) == 100, "first");
	CHECK(label_pool__alloc(&p) == 101, "second");
	label_pool__set_range(&p, 101, 300);
	CHECK(label_pool__alloc(&p) == 102, "101 stays in use");
	label_pool__destroy(&p);
}

static void test_held_skipped(void)
{
	struct label_pool p = {0};

	label_pool__set_range(&p, 100, 103);
	CHECK(!label_pool__hold(&p, 100, 0), "hold 100");
	CHECK(!label_pool__hold(&p, 102, 0), "hold 102");
	CHECK(!label_pool__hold(&p, 5000, 0), "hold a label off the range");
	CHECK(label_pool__held(&p, 102) && !label_pool__held(&p, 101),
	      "held() says which");
	CHECK(label_pool__alloc(&p) == 101, "100 is held: 101");
	CHECK(label_pool__alloc(&p) == 103, "102 is held: 103");
	CHECK(label_pool__alloc(&p) == 0, "only held ones left: 0");
	label_pool__unhold_all(&p);
	CHECK(!label_pool__held(&p, 100), "the hold is over");
	CHECK(label_pool__alloc(&p) == 100, "100 is free after the hold");
	CHECK(label_pool__alloc(&p) == 102, "so is 102");
	label_pool__destroy(&p);
}

static void test_tag_reclaims(void)
{
	struct label_pool p = {0};
	uint64_t red = label_pool_tag(MPLSX_LABEL_VRF, 1);
	uint64_t blue = label_pool_tag(MPLSX_LABEL_VRF, 2);

	label_pool__set_range(&p, 100, 199);
	label_pool__hold(&p, 100, blue); /* VRF 2's label was 100 */
	label_pool__hold(&p, 101, red);	 /* VRF 1's was 101 */
	label_pool__hold(&p, 102, 0);	 /* a per-next-hop label */
	CHECK(label_pool__alloc_tagged(&p, red) == 101,
	      "VRF 1 gets its old label back");
	CHECK(!label_pool__held(&p, 101), "and it is no longer held");
	CHECK(label_pool__alloc_tagged(&p, red) == 103,
	      "a second ask for the same tag: the lowest free, not held");
	CHECK(label_pool__alloc_tagged(
		      &p, label_pool_tag(MPLSX_LABEL_VRF, 3)) == 104,
	      "an unknown tag: lowest free, not held");
	CHECK(label_pool__alloc_tagged(&p, 0) == 105, "tag 0 reclaims nothing");
	CHECK(label_pool__alloc_tagged(&p, blue) == 100, "VRF 2 gets 100");
	CHECK(label_pool_tag(0, 7) == 0, "no action: no tag");
	label_pool__destroy(&p);
}

static void test_tag_off_range(void)
{
	struct label_pool p = {0};
	uint64_t red = label_pool_tag(MPLSX_LABEL_VRF, 1);

	label_pool__set_range(&p, 200, 299);
	label_pool__hold(&p, 150, red); /* the old range held it */
	CHECK(label_pool__alloc_tagged(&p, red) == 200,
	      "a held label off the new range is not reclaimed");
	CHECK(label_pool__held(&p, 150), "it stays held");
	label_pool__destroy(&p);
}

int main(void)
{
	tl_plan(5);
	RUN(test_lowest_first);
	RUN(test_range_change_keeps_used);
	RUN(test_held_skipped);
	RUN(test_tag_reclaims);
	RUN(test_tag_off_range);
	return tl_summary();
}
