// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_nhgroup.c - the bucket tables of next-hop groups: shares follow
 * the weights, a member going down gives away only its own buckets, one
 * coming back takes its share without reshuffling the rest, and a group
 * with nobody up says so.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dp/nhgroup.h"
#include "testlib.h"

static int count(const struct nexthop_group *g, int slot)
{
	int b, n = 0;

	for (b = 0; b < MPLSX_NHG_BUCKETS; b++)
		n += g->bucket[b] == slot;
	return n;
}

static void test_equal_shares(void)
{
	uint32_t w[8] = {1, 1, 1, 1, 1, 1, 1, 1};
	bool up[8] = {1, 1, 1, 1, 1, 1, 1, 1};
	struct nexthop_group g;
	int i;

	nhg_buckets(NULL, w, up, 2, &g);
	CHECK(g.n_members == 2 && g.n_up == 2);
	CHECK(count(&g, 0) == 64 && count(&g, 1) == 64, "%d / %d", count(&g, 0),
	      count(&g, 1));
	nhg_buckets(NULL, w, up, 8, &g);
	for (i = 0; i < 8; i++)
		CHECK(count(&g, i) == 16, "slot %d: %d", i, count(&g, i));
	nhg_buckets(NULL, w, up, 3, &g); /* 43 + 43 + 42 */
	CHECK(count(&g, 0) + count(&g, 1) + count(&g, 2) == 128 &&
	      count(&g, 0) >= 42 && count(&g, 2) >= 42);
}

static void test_weights(void)
{
	uint32_t w[2] = {3, 1};
	bool up[2] = {1, 1};
	struct nexthop_group g;

	nhg_buckets(NULL, w, up, 2, &g);
	CHECK(count(&g, 0) == 96 && count(&g, 1) == 32, "%d / %d", count(&g, 0),
	      count(&g, 1));
}

/* Member 1 of 4 goes down: its buckets spread over the others, no
 * other bucket changes; it comes back: it takes a share, and only
 * buckets that change hands are ones it gets. */
static void test_resilient(void)
{
	uint32_t w[4] = {1, 1, 1, 1};
	bool up[4] = {1, 1, 1, 1};
	struct nexthop_group a, b, c;
	int i, moved = 0;

	nhg_buckets(NULL, w, up, 4, &a);
	up[1] = false;
	nhg_buckets(&a, w, up, 4, &b);
	CHECK(b.n_up == 3 && count(&b, 1) == 0);
	for (i = 0; i < MPLSX_NHG_BUCKETS; i++) {
		if (a.bucket[i] != 1)
			CHECK(b.bucket[i] == a.bucket[i],
			      "bucket %d moved off a live member", i);
		moved += a.bucket[i] != b.bucket[i];
	}
	CHECK(moved == 32, "%d buckets moved", moved);
	CHECK(count(&b, 0) >= 42 && count(&b, 2) >= 42 && count(&b, 3) >= 42,
	      "uneven takeover %d %d %d", count(&b, 0), count(&b, 2),
	      count(&b, 3));
	up[1] = true;
	nhg_buckets(&b, w, up, 4, &c);
	for (i = 0; i < 4; i++)
		CHECK(count(&c, i) == 32, "slot %d: %d", i, count(&c, i));
	for (i = 0; i < MPLSX_NHG_BUCKETS; i++)
		if (c.bucket[i] != b.bucket[i])
			CHECK(c.bucket[i] == 1, "bucket %d moved to %d", i,
			      c.bucket[i]);
}

static void test_none_up(void)
{
	uint32_t w[2] = {1, 1};
	bool up[2] = {0, 0};
	struct nexthop_group g, h;

	nhg_buckets(NULL, w, up, 2, &g);
	CHECK(g.n_members == 2 && g.n_up == 0);
	up[0] = true; /* from nobody up: a fresh table */
	nhg_buckets(&g, w, up, 2, &h);
	CHECK(h.n_up == 1 && count(&h, 0) == 128);
}

/* The table allocates ids, writes only what changed, and frees. */
static void test_table(void)
{
	struct nhg_table t;
	uint32_t m[2] = {7, 8}, w[2] = {1, 1}, a, b;
	bool up[2] = {1, 1};

	CHECK(!nhg_table__init(&t));
	a = nhg_table__alloc(&t);
	b = nhg_table__alloc(&t);
	CHECK(a == 1 && b == 2, "ids %u %u", a, b);
	CHECK(nhg_table__write(&t, a, m, w, up, 2) == 1);
	CHECK(nhg_table__write(&t, a, m, w, up, 2) == 0, "unchanged rewrite");
	CHECK(nhg_table__get(&t, a)->member[1] == 8);
	nhg_table__release(&t, a);
	CHECK(!nhg_table__get(&t, a));
	CHECK(nhg_table__alloc(&t) == a, "freed id not reused");
	CHECK(nhg_table__write(&t, 0, m, w, up, 2) < 0);
	nhg_table__free(&t);
}

int main(void)
{
	tl_plan(5);
	RUN(test_equal_shares);
	RUN(test_weights);
	RUN(test_resilient);
	RUN(test_none_up);
	RUN(test_table);
	return tl_summary();
}
