// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_attr_set.c - interned customer attributes (rib/attr_set.c): the
 * same attributes are one refcounted copy, whatever else the route has;
 * any difference in the customer part is another; the last reference
 * frees it.
 */
#include <string.h>

#include "rib/attr_set.h"
#include "testlib.h"

static struct bgp_attrs ce(uint32_t community)
{
	static const uint8_t path[] = {2, 1, 0, 0, 0xfe, 0x4d};
	struct bgp_attrs a;

	memset(&a, 0, sizeof(a));
	memcpy(a.as_path, path, sizeof(path));
	a.as_path_wire_len = sizeof(path);
	a.as_path_len = 1;
	a.as_path_first = 65101;
	a.n_communities = 1;
	a.communities[0] = community;
	return a;
}

static void test_shared(const void *arg)
{
	struct bgp_attrs a = ce(7), b = ce(7);
	const struct bgp_attrs *x, *y, *z;

	(void)arg;
	/* Not the customer's: next hop, LOCAL_PREF, route targets. */
	mplsx_addr__parse(&b.next_hop, "10.255.0.3");
	b.local_pref = 200;
	b.n_route_targets = 1;
	x = attr_set__get(&a);
	y = attr_set__get(&b);
	CHECK(x && x == y && attr_set__count() == 1,
	      "the same customer part: one copy");
	CHECK(x && x->as_path_wire_len == 6 && x->communities[0] == 7 &&
		      !x->n_route_targets && !x->local_pref,
	      "it holds the customer part only");
	b.communities[0] = 8;
	z = attr_set__get(&b);
	CHECK(z && z != x && attr_set__count() == 2, "another community");
	attr_set__put(z);
	CHECK(attr_set__count() == 1, "its last reference: freed");
	attr_set__put(x);
	CHECK(attr_set__count() == 1, "one reference left: kept");
	attr_set__put(y);
	CHECK(attr_set__count() == 0, "none left");
	attr_set__put(NULL);
}

/* Each field of the customer part tells sets apart. */
static void test_fields(const void *arg)
{
	struct bgp_attrs base = ce(7), v[6];
	const struct bgp_attrs *s0, *s[6];
	size_t i, j;

	(void)arg;
	for (i = 0; i < 6; i++)
		v[i] = base;
	v[0].origin = BGP_ORIGIN_INCOMPLETE;
	v[1].present |= 1ull << BGP_ATTR_MED; /* MED 0 is a MED */
	v[2].as_path[5] = 0x4e;		      /* AS 65102 */
	v[3].n_large = 1;
	v[4].n_ext_other = 1;
	v[4].ext_other[0][1] = 3; /* SoO 0:0 */
	v[5].n_communities = 0;
	s0 = attr_set__get(&base);
	for (i = 0; i < 6; i++)
		s[i] = attr_set__get(&v[i]);
	for (i = 0; i < 6; i++) {
		bool distinct = s[i] && s[i] != s0;

		for (j = 0; j < i; j++)
			distinct &= s[i] != s[j];
		CHECK(distinct, "variant %zu: a set of its own", i);
	}
	CHECK(attr_set__count() == 7, "7 sets");
	for (i = 0; i < 6; i++)
		attr_set__put(s[i]);
	attr_set__put(s0);
	CHECK(attr_set__count() == 0, "all freed");
}

int main(void)
{
	tl_plan(2);
	RUN(test_shared);
	RUN(test_fields);
	return tl_summary();
}
